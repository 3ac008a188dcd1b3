"""`trustlaw synth` → `trustlaw batch` / `impact` / `trustlaw.batch`: every row as decide() says."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw import ir
from trustlaw.caseload.impact import impact
from trustlaw.caseload.io import read_cases, write_cases
from trustlaw.caseload.run import COLUMNS
from trustlaw.cli import main
from trustlaw.diagnostics import CaseError, UsageError

CT = "ct/pa-13-155"
CA = "ca/sb54-2017"
N = 2000
SAMPLE = 300
# what a line with no value where one must be is told (`cases.json_text.json_error_words`)
EXPECTED_A_VALUE = ("expected a value (text in double quotes, a number, true, false, null, "
                    "{…} or […])")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _facts(statute: trustlaw.Statute, case: dict[str, Any]) -> dict[str, Any]:
    """The case as decide() takes it: without `id` only while the vocabulary/validator does
    not accept it (branch h/semantics adds it); with it once it does."""
    if "id" not in case:
        return case
    try:
        statute.validate(case)
        return case
    except CaseError as error:
        if any(message.startswith("id:") for message in error.errors):
            return {k: v for k, v in case.items() if k != "id"}
        raise


def _expected(statute: trustlaw.Statute, case: dict[str, Any]) -> dict[str, Any]:
    decision = statute.decide(_facts(statute, case))
    return {
        **{o: decision.outcomes[o] for o in ir.OUTCOMES},
        "max_hold_hours": decision.max_hold.hours if decision.max_hold else None,
        "hold_ground": decision.grounds["hold"][0].citation,
    }


def _read_rows(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        assert table.column_names == list(COLUMNS)
        return table.to_pylist()
    if path.suffix == ".csv":
        import csv

        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.DictReader(stream)
            assert reader.fieldnames == list(COLUMNS)
            return [{k: (None if v == "" else int(v) if k == "max_hold_hours" else v)
                     for k, v in r.items()} for r in reader]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(list(r) == list(COLUMNS) for r in rows)
    return rows


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 2000 synthetic cases as Parquet, CSV and JSON lines (written by the CLI)."""
    folder = tmp_path_factory.mktemp("caseload")
    paths = {}
    for fmt in ("parquet", "csv", "jsonl"):
        paths[fmt] = folder / f"X.{fmt}"
        assert main(["synth", "--n", str(N), "--seed", "1", "--out", str(paths[fmt])]) == 0
    return paths


@pytest.mark.parametrize(("fmt_in", "fmt_out"), [
    ("parquet", "parquet"), ("parquet", "csv"), ("parquet", "jsonl"),
    ("csv", "csv"), ("jsonl", "jsonl"),
])
def test_batch_rows_equal_decide(synthetic: dict[str, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str], fmt_in: str,
                                 fmt_out: str) -> None:
    out = tmp_path / f"Y.{fmt_out}"
    summary = _cli(capsys, "batch", CT, "--cases", str(synthetic[fmt_in]), "--out", str(out))
    assert f"{N:,} cases, 0 with errors" in summary
    rows = _read_rows(out)
    assert len(rows) == N
    statute = trustlaw.load(CT)
    cases = [case for _, case, _ in read_cases(synthetic[fmt_in], statute.vocabulary)]
    assert len(cases) == N
    for index in random.Random(fmt_in + fmt_out).sample(range(N), SAMPLE):
        row, case = rows[index], cases[index]
        assert row["case_id"] == case["id"] == f"synth-1-{index}"
        assert (row["statute"], row["error"]) == (CT, None)
        got = {k: row[k] for k in (*ir.OUTCOMES, "max_hold_hours", "hold_ground")}
        assert got == _expected(statute, case), f"case {index}: {case!r}"
    # the summary counts what the rows say
    holds = Counter(r["hold"] for r in rows)
    for result, n in holds.items():
        assert f"{result} {n:,} (" in summary


def test_the_three_input_formats_hold_the_same_cases(synthetic: dict[str, Path]) -> None:
    vocab = trustlaw.load(CT).vocabulary
    read = {fmt: [c for _, c, _ in read_cases(path, vocab)] for fmt, path in synthetic.items()}
    assert read["parquet"] == read["jsonl"] == read["csv"]


def test_only_the_vocabularys_dates_become_parquet_dates(tmp_path: Path) -> None:
    # write_cases (trustlaw synth) turns the ISO dates of date fields into Parquet dates,
    # in records and lists of records too; a text field that looks like a date stays text
    from trustlaw.caseload.io import write_cases

    vocab = trustlaw.load(CT).vocabulary
    case = {"id": "2015-03-02", "date": "2015-03-02",
            "request": {"lodged_on": "2015-03-01", "kinds": ["hold"]},
            "convictions": [{"date": "2001-06-30", "level": "felony"}]}
    path = tmp_path / "one.parquet"
    assert write_cases([case], path, vocab) == 1
    (row,) = pq.read_table(path).to_pylist()
    assert row["id"] == "2015-03-02"
    assert row["date"] == dt.date(2015, 3, 2)
    assert row["request"]["lodged_on"] == dt.date(2015, 3, 1)
    assert row["request"]["kinds"] == ["hold"]
    assert row["convictions"][0]["date"] == dt.date(2001, 6, 30)
    assert [c for _, c, _ in read_cases(path, vocab)] == [case]


def test_a_bad_case_gets_an_error_row_and_never_stops_the_batch(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = {"date": "2015-03-02", "request": {"form": "I-247D"}, "convictions": []}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "person": {"age": "thirty"}}),  # wrong type
        json.dumps([1, 2]),  # not an object
        json.dumps({**good, "id": "named"}),
        json.dumps(good),
    ]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = _cli(capsys, "batch", CT, CA, "--cases", str(source), "--out", str(out))
    assert "6 cases, 3 with errors" in summary
    rows = _read_rows(out)
    assert len(rows) == 12
    by_case = [rows[i:i + 2] for i in range(0, 12, 2)]
    assert [pair[0]["case_id"] for pair in by_case] == ["0", "1", "2", "3", "named", "5"]
    assert all([r["statute"] for r in pair] == [CT, CA] for pair in by_case)
    for index in (1, 2, 3):
        for row in by_case[index]:
            assert row["error"]
            assert all(row[c] is None for c in COLUMNS[2:-1])
    assert "not valid JSON" in by_case[1][0]["error"]
    assert "person.age" in by_case[2][0]["error"]
    assert "not a case object" in by_case[3][0]["error"]
    statutes = {CT: trustlaw.load(CT), CA: trustlaw.load(CA)}
    for index in (0, 4, 5):
        for row in by_case[index]:
            assert row["error"] is None
            got = {k: row[k] for k in (*ir.OUTCOMES, "max_hold_hours", "hold_ground")}
            assert got == _expected(statutes[row["statute"]], json.loads(lines[index]))


def test_a_line_of_bad_json_names_its_own_line_and_column_only(tmp_path: Path) -> None:
    """Python's "line 1 column 5 (char 4)" counts inside the one line: it is left out."""
    source = tmp_path / "cases.jsonl"
    source.write_text('{"date": "2015-03-02"}\n{"date": x}\n', encoding="utf-8")
    vocab = trustlaw.load(CT).vocabulary
    (_, _, first), (row, case, error) = list(read_cases(source, vocab))
    assert first is None and row == 1 and case is None
    assert error == f"line 2 is not valid JSON at column 10: {EXPECTED_A_VALUE}"


@pytest.mark.parametrize("command", ["batch", "impact", "synth"])
def test_an_unknown_file_suffix_gets_help_each_command_can_follow(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    """Only synth has --format; batch and impact must not tell the user to give it."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"date": "2015-03-02"}\n', encoding="utf-8")
    odd = tmp_path / "decided.txt"
    argv = {"batch": ["batch", CT, "--cases", str(cases), "--out", str(odd)],
            "impact": ["impact", CT, "--cases", str(odd)],
            "synth": ["synth", "--n", "3", "--out", str(odd)]}[command]
    odd.write_text('{"date": "2015-03-02"}\n', encoding="utf-8")
    assert main(argv) == 2
    _, err = capsys.readouterr()
    assert f"error[TL-U011]: cannot tell the format of `{odd}` from its name" in err
    assert "name it .jsonl, .csv or .parquet" in err
    assert ("--format" in err) == (command == "synth")


def test_a_format_its_name_contradicts_is_refused_as_batch_out_obeys_the_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`synth --out x.csv --format parquet` wrote Parquet into x.csv, which no CSV reader
    (nor `batch --cases`) can open (found by review); `batch --out` takes the name's."""
    out = tmp_path / "x.csv"
    code, _, err = run(capsys, "synth", "--n", "5", "--out", str(out), "--format", "parquet")
    assert code == 2 and not out.exists()
    assert "error[TL-U011]: --format parquet contradicts the name `x.csv`, which says CSV" in err
    assert ("= help: name the file `x.parquet` to write Parquet, or leave out --format (the "
            "name tells it)") in err
    with pytest.raises(UsageError) as raised:
        write_cases([{"date": "2015-03-02"}], out, trustlaw.load(CT).vocabulary, "parquet")
    assert "the format parquet contradicts the name `x.csv`" in raised.value.render()
    assert not out.exists()
    code, _, _ = run(capsys, "synth", "--n", "5", "--out", str(out), "--format", "csv")
    assert code == 0 and out.read_text(encoding="utf-8").count("\n") == 6


def test_a_json_array_of_cases_in_a_batch_says_where_many_cases_go(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The row's error said only "line 1 is a list, not a case object" (found by review)."""
    cases = tmp_path / "list.json"
    cases.write_text('[{"date": "2015-03-02"}]\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, printed, _ = run(capsys, "batch", CT, "--cases", str(cases), "--out", str(out))
    assert code == 0
    error = ("line 1 is a list, not a case object: many cases go one JSON object per line "
             "(JSON lines), not in a list (`jq -c '.[]'` splits one)")
    assert f"case 0: {error}" in printed
    assert [row["error"] for row in _read_rows(out)] == [error]


def test_the_summary_of_an_empty_or_all_bad_batch_says_nothing_was_decided(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text('{"date": "x"}\n', encoding="utf-8")
    summary = _cli(capsys, "batch", CT, "--cases", str(source), "--out",
                   str(tmp_path / "out.csv"))
    assert summary.startswith("1 case, 1 with errors\n")
    for outcome in ir.OUTCOMES:
        assert f"  {outcome:<13} no case decided" in summary.splitlines()


def test_a_csv_cell_of_the_wrong_type_is_an_error_row(tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("date,person.age,convictions\n2015-03-02,40,[]\n2015-03-02,old,[]\n"
                      "2015-03-02,40,[oops\n", encoding="utf-8")
    rows = trustlaw.batch(CT, source).to_pylist()
    assert [r["case_id"] for r in rows] == ["0", "1", "2"]
    assert rows[0]["error"] is None and rows[0]["hold"] == "undetermined"  # the agency unknown
    assert "person.age" in rows[1]["error"]
    assert rows[2]["error"] and rows[2]["hold"] is None


def test_impact_equals_decide(synthetic: dict[str, Path],
                              capsys: pytest.CaptureFixture[str]) -> None:
    statutes = [trustlaw.load(CT), trustlaw.load(CA)]
    cases = [c for _, c, _ in read_cases(synthetic["jsonl"], statutes[0].vocabulary)]
    counts: dict[str, dict[str, Counter[str]]] = {
        s.id: {o: Counter() for o in ir.OUTCOMES} for s in statutes}
    moves: dict[str, Counter[tuple[str, str]]] = {o: Counter() for o in ir.OUTCOMES}
    for case in cases:
        a, b = (s.decide(_facts(s, case)).outcomes for s in statutes)
        for outcome in ir.OUTCOMES:
            counts[CT][outcome][a[outcome]] += 1
            counts[CA][outcome][b[outcome]] += 1
            moves[outcome][(a[outcome], b[outcome])] += 1
    result = impact([CT, CA], synthetic["jsonl"])
    assert (result.cases, result.errors, result.statutes) == (N, 0, (CT, CA))
    for statute in (CT, CA):
        assert {o: dict(r) for o, r in result.counts[statute].items()} == \
            {o: dict(c) for o, c in counts[statute].items()}
    assert {o: dict(m) for o, m in result.transitions[(CT, CA)].items()} == \
        {o: dict(m) for o, m in moves.items()}
    # the command prints the same numbers
    data = json.loads(_cli(capsys, "impact", CT, CA, "--cases", str(synthetic["jsonl"]),
                           "--format", "json"))
    assert data == json.loads(json.dumps(result.to_dict()))
    text = _cli(capsys, "impact", CT, CA, "--cases", str(synthetic["jsonl"]))
    changed = [(o, old, new, n) for o, m in moves.items() for (old, new), n in m.items()
               if old != new]
    for outcome, old, new, n in changed:
        assert f"{outcome:<13} {old} → {new}: {n:,}" in text


def _cases(n: int) -> list[dict[str, Any]]:
    from trustlaw.cases.synth import synthesize

    return list(synthesize(n, seed=2))


def test_the_python_api_returns_arrow() -> None:
    cases = _cases(200)
    table = trustlaw.batch([CT, CA], cases)
    assert isinstance(table, pa.Table)
    assert table.column_names == list(COLUMNS)
    assert table.num_rows == 400
    assert table.schema.field("max_hold_hours").type == pa.int64()
    statutes = {CT: trustlaw.load(CT), CA: trustlaw.load(CA)}
    for row in table.to_pylist()[::7]:
        case = cases[int(row["case_id"].rsplit("-", 1)[1])]
        got = {k: row[k] for k in (*ir.OUTCOMES, "max_hold_hours", "hold_ground")}
        assert got == _expected(statutes[row["statute"]], case)


def test_the_python_api_returns_pandas_and_polars() -> None:
    cases = _cases(50)
    arrow = trustlaw.batch(CT, cases)
    pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install pandas)")
    frame = trustlaw.batch(CT, cases, output="pandas")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 50
    assert list(frame["hold"]) == arrow.column("hold").to_pylist()
    pl = pytest.importorskip("polars", reason="polars is not installed (pip install polars)")
    polars_frame = trustlaw.batch(CT, cases, output="polars")
    assert isinstance(polars_frame, pl.DataFrame)
    assert polars_frame["hold"].to_list() == arrow.column("hold").to_pylist()


@pytest.mark.slow
def test_the_postgres_engine(synthetic: dict[str, Path], tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from sql_engines import postgres_conninfo

    conninfo = postgres_conninfo()  # skips without a server
    out = tmp_path / "pg.parquet"
    _cli(capsys, "batch", CT, CA, "--cases", str(synthetic["parquet"]), "--out", str(out),
         "--engine", "postgres", "--connection", conninfo)
    local = tmp_path / "duck.parquet"
    _cli(capsys, "batch", CT, CA, "--cases", str(synthetic["parquet"]), "--out", str(local))
    assert pq.read_table(out).to_pylist() == pq.read_table(local).to_pylist()
    assert pq.read_table(out).num_rows == 2 * N


def test_a_case_id_holding_nul_is_kept_on_postgres_as_on_duckdb(tmp_path: Path) -> None:
    """PostgreSQL's text holds no NUL; the id is free text, so one such id must not stop
    the batch (a bad case never does, and this one is not even bad)."""
    from sql_engines import postgres_conninfo

    conninfo = postgres_conninfo()  # skips without a server
    cases = [{"id": "nul\x00id", "date": "2015-03-02", "agency": "county_jail"},
             {"id": "ok", "date": "2015-03-02"}]
    rows = trustlaw.batch(CT, cases, engine="postgres", connection=conninfo).to_pylist()
    assert rows == trustlaw.batch(CT, cases).to_pylist()
    assert [r["case_id"] for r in rows] == ["nul\x00id", "ok"]


def test_postgres_never_touches_a_table_of_the_users_with_an_input_tables_name() -> None:
    """The engine ran `DROP TABLE IF EXISTS "cases"` before making its temporary table:
    in a new session that was the user's own permanent table, and it was gone."""
    import psycopg
    from sql_engines import postgres_conninfo

    conninfo = postgres_conninfo()  # skips without a server
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute('DROP TABLE IF EXISTS public."cases"')
        connection.execute('CREATE TABLE public."cases" (booking int, name text)')
        connection.execute("INSERT INTO public.\"cases\" VALUES (1, 'kept'), (2, 'kept')")
        try:
            cases = [{"id": "a", "date": "2015-03-02", "agency": "county_jail"}]
            rows = trustlaw.batch(CT, cases, engine="postgres", connection=conninfo)
            assert rows.to_pylist() == trustlaw.batch(CT, cases).to_pylist()
            count = connection.execute('SELECT count(*) FROM public."cases"').fetchone()
            assert count == (2,)
        finally:
            connection.execute('DROP TABLE IF EXISTS public."cases"')


@pytest.mark.parametrize("encoding", ["SQL_ASCII", "LATIN1"])
def test_postgres_in_another_encoding_decides_every_case(encoding: str) -> None:
    """A SQL_ASCII database handed text back as bytes (internal error on every batch);
    a LATIN1 one refused a case id it could not store, which stopped the batch."""
    import psycopg
    from sql_engines import postgres_conninfo

    conninfo = postgres_conninfo()  # skips without a server
    name = f"trustlaw_{encoding.lower()}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name} ENCODING '{encoding}' "
                           "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    cases = [{"id": "emoji \U0001f600", "date": "2015-03-02", "agency": "county_jail"},
             {"id": "plain", "date": "2015-03-02"}]
    there = conninfo.replace("dbname=postgres", f"dbname={name}")
    rows = trustlaw.batch(CT, cases, engine="postgres", connection=there).to_pylist()
    assert rows == trustlaw.batch(CT, cases).to_pylist()


def test_a_postgres_role_that_may_not_make_temporary_tables_is_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """It was "internal error: InsufficientPrivilege …: this is a bug in trustlaw"."""
    import psycopg
    from sql_engines import postgres_conninfo

    conninfo = postgres_conninfo()  # skips without a server
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS trustlaw_notemp")
        connection.execute("CREATE DATABASE trustlaw_notemp")
        connection.execute("DROP ROLE IF EXISTS trustlaw_clerk")
        connection.execute("CREATE ROLE trustlaw_clerk LOGIN")
        connection.execute("REVOKE TEMPORARY ON DATABASE trustlaw_notemp FROM PUBLIC")
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "a", "date": "2015-03-02"}\n', encoding="utf-8")
    there = conninfo.replace("user=postgres dbname=postgres",
                             "user=trustlaw_clerk dbname=trustlaw_notemp")
    code = main(["batch", CT, "--cases", str(cases), "--out", str(tmp_path / "o.jsonl"),
                 "--engine", "postgres", "--connection", there])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "error[TL-U013]: the PostgreSQL server refused the batch: permission denied" in err
    assert "internal error" not in err


def test_the_csv_example_of_the_docs_is_true(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text("utf-8")
    start = text.index("  id,date,agency")
    block = text[start: text.index("  ```", start)]
    source = tmp_path / "example.csv"
    source.write_text("\n".join(line.strip() for line in block.splitlines()) + "\n", "utf-8")
    (row,) = trustlaw.batch(CT, source).to_pylist()
    assert (row["case_id"], row["error"], row["hold"]) == ("a1", None, "permitted")
    assert row["hold_ground"] == "Conn. Pub. Act 13-155 § 1(b)(1)"


def test_a_line_that_stops_short_names_the_column_where_it_stops(tmp_path: Path) -> None:
    """A line cut off after `"agency": ` is wrong at its end, column 34; the decoder
    counts on past the line's own "\\n" (or "\\r\\n") and says "line 2 column 1"."""
    source = tmp_path / "cases.jsonl"
    cut = '{"date": "2014-01-01", "agency": '
    source.write_bytes(f"{cut}\n{cut}\r\n".encode())
    vocab = trustlaw.load(CT).vocabulary
    errors = [error for _, _, error in read_cases(source, vocab)]
    assert errors == [f"line {n} is not valid JSON at column 34: "
                      f"{EXPECTED_A_VALUE}"
                      for n in (1, 2)]


def test_the_summary_quotes_the_first_cases_in_error_and_says_the_shares_are_of_the_decided(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Counting errors is not enough: the researcher must see why without opening the
    output, and read "100.0%" as a share of the cases decided, not of every case. A case
    id from the file is escaped before it reaches the terminal."""
    good = json.dumps({"date": "2015-03-02"})
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join([good, '{"date": ', good,
                                 json.dumps({"id": "evil\u001b[2J", "date": "x"})]) + "\n",
                      encoding="utf-8")
    summary = _cli(capsys, "batch", CT, "--cases", str(source), "--out",
                   str(tmp_path / "out.csv"))
    assert summary.splitlines()[:5] == [
        "4 cases, 2 with errors",
        "(the shares below are of the 2 decided)",
        "the first cases in error (by id, else row counted from 0):",
        f"  case 1: line 2 is not valid JSON at column 10: {EXPECTED_A_VALUE}",
        '  case evil\\u001b[2J: date: expected an ISO date, got "x"',
    ]
    assert "\u001b" not in summary
    assert "  transfer      permitted 2 (100.0%)" in summary.splitlines()


def test_a_spreadsheet_with_a_column_of_its_own_says_why_every_row_failed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An analyst's export with a `notes` column puts every row in error: the summary
    quotes the first three and counts the rest."""
    source = tmp_path / "export.csv"
    source.write_text("id,date,notes\r\n" + "".join(f"r{n},2015-03-02,seen\r\n"
                                                     for n in range(5)), encoding="utf-8")
    lines = _cli(capsys, "batch", CT, "--cases", str(source), "--out",
                 str(tmp_path / "out.csv")).splitlines()
    assert lines[:2] == ["5 cases, 5 with errors",
                         "the first cases in error (by id, else row counted from 0):"]
    assert [line.split(":")[0] for line in lines[2:5]] == ["  case r0", "  case r1", "  case r2"]
    assert all("notes: not a field of the case" in line for line in lines[2:5])
    assert lines[5] == "  … 2 more (each row's error column says why)"


def test_a_long_error_keeps_what_was_given_and_the_suggestion(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An agency misspelt: the summary cut its error after 200 characters of the values
    the agency may take, losing 'got "state_correction"; did you mean state_corrections?'
    (a drafter's review), which `decide` gives."""
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps({"date": "2015-03-02", "agency": "state_correction"}) + "\n",
                      encoding="utf-8")
    lines = _cli(capsys, "batch", CT, "--cases", str(source), "--out",
                 str(tmp_path / "out.csv")).splitlines()
    quoted = lines[2]
    assert quoted.startswith("  case 0: agency: expected one of state_corrections, ")
    assert quoted.endswith(' … parole_board, other, got "state_correction"; did you mean '
                           "state_corrections?")
    assert len(quoted) < 230


@pytest.mark.parametrize("text", ["", "id,date,agency\r\n"])
def test_the_summary_of_a_file_without_cases_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    source = tmp_path / "export.csv"
    source.write_text(text, encoding="utf-8")
    lines = _cli(capsys, "batch", CT, "--cases", str(source), "--out",
                 str(tmp_path / "out.csv")).splitlines()
    assert lines[:2] == ["0 cases, 0 with errors",
                         "(the file holds no case: it is empty, or has a header only)"]


def test_pandas_keeps_max_hold_hours_whole_with_na_where_no_limit_applies() -> None:
    """The column is int64 in the Arrow table; pandas' default would make it 48.0 and NaN
    as soon as one hold is prohibited (no limit): a nullable Int64 keeps 48 and <NA>."""
    pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install pandas)")
    cases = _cases(20)  # California prohibits most of their holds, and permits some
    arrow = trustlaw.batch(CA, cases)
    frame = trustlaw.batch(CA, cases, output="pandas")
    assert str(frame["max_hold_hours"].dtype) == "Int64"
    hours = arrow.column("max_hold_hours").to_pylist()
    assert None in hours and any(isinstance(h, int) for h in hours), hours
    assert [None if pd.isna(h) else h for h in frame["max_hold_hours"]] == hours
    assert all(isinstance(h, int) for h in frame["max_hold_hours"].dropna().tolist())


@pytest.mark.parametrize("name", ["caseload.xlsx", "CASELOAD.XLS", "caseload.ods"])
def test_a_spreadsheet_is_refused_with_the_step_that_reads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """An analyst's first try is the workbook itself: the help says to save it as CSV,
    not to rename it (a renamed workbook is not CSV)."""
    source = tmp_path / name
    source.write_bytes(b"PK\x03\x04")
    assert main(["batch", CT, "--cases", str(source), "--out", str(tmp_path / "o.csv")]) == 2
    _, err = capsys.readouterr()
    assert f"error[TL-U011]: cannot tell the format of `{source}` from its name" in err
    assert "= help: a spreadsheet is not read: save the sheet as CSV UTF-8" in err
    assert "name it" not in err


@pytest.mark.parametrize("name", ["decided.xlsx", "DECIDED.ODS"])
def test_a_spreadsheet_as_the_output_gets_help_about_writing_not_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """`--out o.xlsx` was told to save a sheet as CSV and give that file: help about
    reading cases, for a file the batch was asked to write."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"date": "2015-03-02"}\n', encoding="utf-8")
    out = tmp_path / name
    assert main(["batch", CT, "--cases", str(cases), "--out", str(out)]) == 2
    _, err = capsys.readouterr()
    assert f"error[TL-U011]: cannot tell the format of `{out}` from its name" in err
    assert ("= help: rows are not written as a spreadsheet: write them to a .parquet, .csv "
            "or .jsonl file") in err
    assert "save the sheet" not in err and not out.exists()
