"""Batch, synth and the API on inputs an adversarial audit found mishandled: each is a
clear trustlaw error (or a right answer), never a foreign exception or a guess."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from engine_required import unavailable

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw.caseload import io as caseload_io
from trustlaw.cli import main
from trustlaw.diagnostics import UsageError, UsageTypeError

CT = "ct/pa-13-155"
PERSON = pa.struct([("final_removal_order", pa.bool_())])


def _refused(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    """Run the command line: it must refuse with a usage error (exit 2); its stderr."""
    code = main(args)
    _, err = capsys.readouterr()
    assert code == 2, err
    assert "internal error" not in err
    return err


def test_a_parquet_column_given_twice_is_refused_not_guessed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Two `person` columns that disagree: deciding on either would be a guess.
    source = tmp_path / "cases.parquet"
    table = pa.Table.from_arrays(
        [pa.array(["2015-03-02"]), pa.array([{"final_removal_order": False}], PERSON),
         pa.array([{"final_removal_order": True}], PERSON)],
        names=["date", "person", "person"])
    pq.write_table(table, source)
    out = tmp_path / "out.jsonl"
    err = _refused(capsys, ["batch", CT, "--cases", str(source), "--out", str(out)])
    assert f"error[TL-U005]: `{source}` names the column `person` twice" in err
    assert not out.exists()
    with pytest.raises(UsageError, match="names the column `person` twice"):
        trustlaw.batch(CT, source)
    # a field given twice inside a record's column, or inside a list's elements
    inner = tmp_path / "inner.parquet"
    twice = pa.struct([("kind", pa.string()), ("kind", pa.string())])
    pq.write_table(pa.table({"warrants": pa.array([[("criminal", "civil_immigration")]],
                                                  pa.list_(twice))}), inner)
    err = _refused(capsys, ["batch", CT, "--cases", str(inner), "--out", str(out)])
    assert "names the column `warrants[].kind` twice" in err


def test_a_parquet_file_arrow_cannot_open_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A damaged footer made pyarrow raise ArrowNotImplementedError ("Integers with more
    # than 64 bits"), which is neither an OSError nor a ValueError.
    source = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"date": ["2015-03-02"]}), source)

    def damaged(path: Any) -> Any:
        raise pa.ArrowNotImplementedError("Integers with more than 64 bits not implemented")

    monkeypatch.setattr(caseload_io._pyarrow_parquet(), "ParquetFile", damaged)
    err = _refused(capsys, ["batch", CT, "--cases", str(source), "--out",
                            str(tmp_path / "out.jsonl")])
    assert f"`{source}` is not a readable Parquet file: Integers with more than 64 bits" in err
    with pytest.raises(UsageError, match="not a readable Parquet file"):
        trustlaw.batch(CT, source)


def test_a_statute_that_reads_no_fact_decides_a_batch(tmp_path: Path) -> None:
    law = tmp_path / "none.law"
    law.write_text('''statute "test/no-facts" {
  title "No holds"
  jurisdiction "test"
  citation "Test Act"
  status proposed
}

provision (a) {
  cites "Test Act (a)"
  text "No holds."
  hold prohibited
}
''', encoding="utf-8")
    cases = [{"id": "x", "date": "2015-03-02"}, {}]
    rows = trustlaw.batch(str(law), cases).to_pylist()
    statute = trustlaw.load(str(law))
    assert [r["case_id"] for r in rows] == ["x", "1"]
    for row, case in zip(rows, cases, strict=True):
        decision = statute.decide(case)
        assert row["error"] is None
        assert {k: row[k] for k in decision.outcomes} == dict(decision.outcomes)
    assert trustlaw.batch(str(law), []).num_rows == 0


@pytest.mark.parametrize("name", ["missing/cases.jsonl", "missing/cases.csv",
                                  "missing/cases.parquet", "folder.jsonl"])
def test_synth_to_a_place_it_cannot_write_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    (tmp_path / "folder.jsonl").mkdir()
    out = tmp_path / name
    err = _refused(capsys, ["synth", "--n", "2", "--seed", "1", "--out", str(out)])
    assert f"error[TL-U005]: `{out}` could not be written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.jsonl"]  # no leftovers


def test_synth_writes_its_file_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cases.jsonl"
    assert main(["synth", "--n", "3", "--seed", "1", "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["cases.jsonl"]


def test_the_api_names_a_wrong_argument_before_any_work() -> None:
    with pytest.raises(UsageTypeError) as caught:
        list(trustlaw.decide_many(5, [{}]))  # type: ignore[arg-type]
    assert caught.value.diagnostics[0].code == "TL-U020"
    assert "decide_many(statutes=…) takes a statute" in str(caught.value)
    with pytest.raises(UsageTypeError, match=r"batch\(engine=…\) takes an engine's name"):
        trustlaw.batch(CT, [{}], engine=5)  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match=r"batch\(connection=…\)"):
        trustlaw.batch(CT, [{}], engine="postgres", connection=5)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="there is no output `frame`"):
        trustlaw.batch(CT, "no-such-file.jsonl", output="frame")  # refused before reading


@pytest.mark.parametrize(("argument", "value", "help_text"), [
    ("output", "Pandas", "did you mean `pandas`? (choose one of arrow, pandas, polars)"),
    ("engine", "DuckDB", "did you mean `duckdb`? (choose one of duckdb, postgres, spark)"),
    ("engine", "postgress", "did you mean `postgres`?"),
    ("output", "frame", "= help: choose one of arrow, pandas, polars"),
])
def test_a_misspelt_output_or_engine_is_told_what_it_meant(
        argument: str, value: str, help_text: str) -> None:
    """The command line's `--engine DuckDB` says "did you mean `duckdb`?"; the Python API
    only listed the choices (found by a researcher's pass)."""
    with pytest.raises(UsageError) as caught:
        trustlaw.batch(CT, [{}], **{argument: value})
    assert help_text in str(caught.value)
    assert caught.value.diagnostics[0].code == ("TL-U014" if argument == "output" else "TL-U013")


def test_the_other_caseload_functions_take_what_batch_takes(tmp_path: Path) -> None:
    """`impact` read one id as a list of one-letter ids and let a TypeError through for a
    `Statute`; the comparison's `impact` counted a file name's letters as cases; a
    statute's `decide_many` iterated a file name too, and `decide(request_limits="no")`
    was taken as true (found by review)."""
    from trustlaw.analysis.compare.impact import impact as region_impact
    from trustlaw.caseload.impact import impact

    cases = [{"date": "2015-03-02", "agency": "county_jail"}, {"date": "bad"}]
    one = impact(CT, cases)
    assert (one.cases, one.errors) == (2, 1)
    assert impact(trustlaw.load(CT), cases).counts == one.counts
    for bad in ({"date": "2015-03-02"}, 5, None):
        with pytest.raises(UsageTypeError, match=r"impact\(cases=…\)"):
            impact(CT, bad)
    comparison = trustlaw.compare(CT, "ct/pa-19-20")
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    from_file, from_dicts = region_impact(comparison, str(path)), region_impact(comparison, cases)
    assert (from_file.cases, from_file.invalid) == (from_dicts.cases, from_dicts.invalid) == (2, 1)
    assert from_file.counts == from_dicts.counts
    for bad in ({"date": "2015-03-02"}, None):
        with pytest.raises(UsageTypeError, match=r"impact\(cases=…\)"):
            region_impact(comparison, bad)
    statute = trustlaw.load(CT)
    with pytest.raises(UsageTypeError, match=r"decide_many\(cases=…\)"):
        statute.decide_many(str(path))
    with pytest.raises(UsageTypeError, match=r"decide\(request_limits=…\)"):
        statute.decide(cases[0], request_limits="no")  # type: ignore[arg-type]


def test_a_connection_the_engine_refuses_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg")
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps({"date": "2015-03-02"}) + "\n", encoding="utf-8")
    err = _refused(capsys, ["batch", CT, "--cases", str(source), "--out",
                            str(tmp_path / "out.jsonl"), "--engine", "postgres",
                            "--connection", f"host={tmp_path / 'no-server'} dbname=x"])
    assert "error[TL-U013]: the postgres engine cannot be opened with this connection" in err


def test_a_mistyped_spark_master_is_refused_before_java_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Spark's own check of the master URL runs in a JVM, which printed its stack trace
    before trustlaw's error; the URL's form is now checked first."""
    pytest.importorskip("pyspark")
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps({"date": "2015-03-02"}) + "\n", encoding="utf-8")
    for master in ("foo", "local[0]", "local[two]", "spark:/host:7077"):
        err = _refused(capsys, ["batch", CT, "--cases", str(source), "--out",
                                str(tmp_path / "out.jsonl"), "--engine", "spark",
                                "--connection", master])
        assert err.startswith(f"error[TL-U013]: `{master}` is not a Spark master URL"), err
        assert "local[2]" in err and "Exception" not in err


@pytest.mark.slow
def test_a_spark_batch_prints_its_summary_not_sparks_warnings(tmp_path: Path) -> None:
    """Spark logged its start-up as warnings (the log4j profile, a loopback address, the
    native Hadoop library) and drew its stage bars over the summary on every good run;
    `trustlaw batch --engine spark` now has it print errors only."""
    import os
    import shutil
    import subprocess
    import sys

    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        unavailable("spark", "no Java runtime for Spark (Debian: apt-get install "
                    "default-jre-headless)")
    source = tmp_path / "cases.jsonl"
    cases = [{"date": "2015-03-02", "agency": "municipal_police", "id": f"c{i}",
              "person": {"final_removal_order": i % 2 == 0}} for i in range(6)]
    source.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "trustlaw", "batch", CT, "--cases", str(source), "--out",
         str(out), "--engine", "spark", "--connection", "local[1]"],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    # the Java launcher's own notice of an incubator module is Java's, not a log line
    lines = [line for line in done.stderr.splitlines()
             if line and not line.startswith("WARNING: Using incubator modules")]
    assert lines == [f"wrote 6 rows to {out}"], done.stderr
    assert done.stdout.startswith("6 cases, 0 with errors\n")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == trustlaw.batch(CT, source).to_pylist()


def test_a_csv_integer_in_other_digits_is_its_rows_error(tmp_path: Path) -> None:
    # int() takes '٣٤' (Arabic-Indic) as 34 and isdigit() takes '²', which int() refuses
    source = tmp_path / "cases.csv"
    source.write_text("id,date,person.age\na,2015-03-02,²\nb,2015-03-02,٣٤\n"
                      "c,2015-03-02,--5\nd,2015-03-02, 34 \n", encoding="utf-8")
    rows = trustlaw.batch("ct/pa-19-20", source).to_pylist()
    assert [r["error"] for r in rows] == [
        'person.age: expected a whole number, got "²"',
        'person.age: expected a whole number, got "٣٤"',
        'person.age: expected a whole number, got "--5"',
        None,
    ]


def test_batch_json_lines_carry_no_hidden_character(tmp_path: Path) -> None:
    # A case id with a bidi override and a C1 control: written as JSON escapes, so the
    # file shows what it holds on a terminal, and reads back the same.
    source = tmp_path / "cases.jsonl"
    name = "a\u202eb\u009bc\U000e0041"
    source.write_text(json.dumps({"id": name, "date": "2015-03-02"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", CT, "--cases", str(source), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "\u202e" not in text and "\u009b" not in text and "\U000e0041" not in text
    assert "\\u202e" in text and "\\u009b" in text
    assert json.loads(text.splitlines()[0])["case_id"] == name


def test_the_output_may_not_be_the_case_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`--out cases.jsonl` for `--cases cases.jsonl` exited 0 with the cases gone."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "a", "date": "2015-03-02"}\n', encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(cases)
    for out in (cases, link, tmp_path / "." / "cases.jsonl"):
        assert main(["batch", CT, "--cases", str(cases), "--out", str(out)]) == 2
        assert "error[TL-U026]" in capsys.readouterr().err
        assert cases.read_text(encoding="utf-8") == '{"id": "a", "date": "2015-03-02"}\n'


def test_a_connection_for_duckdb_is_refused_not_ignored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "a", "date": "2015-03-02"}\n', encoding="utf-8")
    assert main(["batch", CT, "--cases", str(cases), "--out", str(tmp_path / "o.jsonl"),
                 "--connection", "host=/tmp"]) == 2
    assert "--connection applies to the postgres and spark engines" in capsys.readouterr().err


def _without_libpq_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from trustlaw.caseload.run import LIBPQ_ENVIRONMENT

    for name in LIBPQ_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def test_the_postgres_engine_without_a_connection_names_libpqs_environment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _without_libpq_environment(monkeypatch)
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps({"date": "2015-03-02"}) + "\n", encoding="utf-8")
    err = _refused(capsys, ["batch", CT, "--cases", str(source), "--out",
                            str(tmp_path / "out.jsonl"), "--engine", "postgres"])
    assert "error[TL-U013]: the postgres engine needs a connection" in err
    assert "PGHOST" in err and "PGSERVICE" in err


def test_the_postgres_engine_connects_where_libpqs_environment_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With PGHOST and the like set, as psql takes them, the engine said it "needs a
    connection" and never tried."""
    from sql_engines import postgres_conninfo

    pytest.importorskip("psycopg")
    from psycopg.conninfo import conninfo_to_dict

    settings = conninfo_to_dict(postgres_conninfo())
    _without_libpq_environment(monkeypatch)
    for key, name in (("host", "PGHOST"), ("dbname", "PGDATABASE"), ("user", "PGUSER"),
                      ("port", "PGPORT")):
        if key in settings:
            monkeypatch.setenv(name, str(settings[key]))
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps({"id": "a", "date": "2015-03-02",
                                  "agency": "county_jail"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", CT, "--cases", str(source), "--out", str(out),
                 "--engine", "postgres"]) == 0, capsys.readouterr().err
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["case_id"] == "a" and row["error"] is None and row["hold"] is not None
