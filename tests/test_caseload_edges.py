"""The batch path at its edges (found by review): writing a caseload a batch would read
otherwise than `decide()`, an output path that cannot be written, a jurisdiction given as
a `Path`, and lines at the length limit."""

from __future__ import annotations

import json
import pathlib
from pathlib import Path

import pytest
from cli_run import run

import trustlaw
from trustlaw.caseload.io import write_cases
from trustlaw.cli import main
from trustlaw.diagnostics import CaseError, UsageError

CT = trustlaw.load("ct/pa-13-155")
GOOD = {"id": "good", "date": "2015-03-02", "agency": "state_corrections"}


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
@pytest.mark.parametrize(("case", "where"), [
    ({"persn": {"final_removal_order": True}}, "persn: not a field of the case"),
    ({"person": {"final_removal_ordr": True}}, "person.final_removal_ordr: not a field"),
    ({"person": {"final_removal_order": "true"}}, "person.final_removal_order: expected a yes/no"),
    ({"person": {"age": "34"}}, "person.age: expected a whole number"),
    ({"convictions": [{"level": "felony"}, {"level": 3}]}, "convictions[1].level: expected a text"),
    ({"id": 7}, "id: expected a string"),
])
def test_a_case_the_layout_would_change_is_refused_by_name(
        tmp_path: Path, suffix: str, case: dict, where: str) -> None:
    """A CSV or Parquet file has no place for an unknown field and reads the text "true"
    as a yes: written, such a case would be decided unlike `decide()` decides it."""
    path = tmp_path / f"cases.{suffix}"
    with pytest.raises(CaseError) as refused:
        write_cases([GOOD, {**GOOD, **case}], path, CT.vocabulary)
    assert refused.value.errors[0].startswith(f"case 1: {where}")
    assert not path.exists() and not list(tmp_path.iterdir())  # nothing half written


@pytest.mark.parametrize(("suffix", "case", "where"), [
    ("csv", {"id": "a\nb"}, "id: holds a line break"),
    ("csv", {"request": {"form": "I-247A\r"}}, "request.form: holds a line break"),
    ("parquet", {"date": "2019-02-29"}, "date: expected a date (YYYY-MM-DD)"),
    ("parquet", {"convictions": [{"date": "last year"}]}, "convictions[0].date: expected a date"),
])
def test_a_case_the_format_cannot_hold_is_refused_by_name(
        tmp_path: Path, suffix: str, case: dict, where: str) -> None:
    """A CSV file was written with an id holding a line break, which its reader takes for
    a stray quote (two cases became three rows, the ids after it one too high); a Parquet
    file with a date that is no date failed inside pyarrow."""
    path = tmp_path / f"cases.{suffix}"
    with pytest.raises(CaseError) as refused:
        write_cases([GOOD, {**GOOD, **case}], path, CT.vocabulary)
    assert refused.value.errors[0].startswith(f"case 1: {where}")
    assert not list(tmp_path.iterdir())


def test_a_line_break_inside_a_list_is_json_and_fits_a_csv_cell(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    case = {**GOOD, "charges": [{"level": "felony", "tags": ["a\nb"]}]}
    assert write_cases([case], path, CT.vocabulary) == 1
    assert "a\\nb" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_a_case_of_the_right_kinds_is_written_and_its_row_says_what_is_wrong(
        tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"cases.{suffix}"
    write_cases([GOOD, {**GOOD, "id": "old", "person": {"age": 300}}], path, CT.vocabulary)
    rows = trustlaw.batch(CT, path).to_pylist()
    assert rows[0]["error"] is None and "person.age" in rows[1]["error"]
    as_given = write_cases([{**GOOD, "persn": {}}], tmp_path / "kept.jsonl", CT.vocabulary)
    assert as_given == 1  # JSON lines keep any case as given; its row says what is wrong
    assert "persn" in trustlaw.batch(CT, tmp_path / "kept.jsonl").to_pylist()[0]["error"]


def test_an_output_that_cannot_be_written_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "one.jsonl"
    cases.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    for out in (cases / "x.csv", tmp_path / "missing" / "x.parquet"):
        assert main(["batch", CT.id, "--cases", str(cases), "--out", str(out)]) == 2
        assert "error[TL-U005]" in capsys.readouterr().err
    assert main(["synth", "--n", "1", "--out", str(cases / "x.parquet")]) == 2
    assert "error[TL-U005]" in capsys.readouterr().err
    long_name = tmp_path / ("a" * 247 + ".csv")  # a legal name; its part file's is not
    assert main(["batch", CT.id, "--cases", str(cases), "--out", str(long_name)]) == 0
    assert long_name.exists() and len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize("name", ["nosuch.parquet", "nosuch.jsonl", "nosuch.csv"])
def test_a_missing_case_file_is_said_missing_in_python_as_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """`trustlaw.batch(…, "nosuch.parquet")` said pyarrow's "[Errno 2] Failed to open local
    file…" with help about synth (found by review); the CLI said there is no such file."""
    missing = tmp_path / name
    code, _, err = run(capsys, "batch", "ct/pa-13-155", "--cases", str(missing),
                       "--out", str(tmp_path / "out.jsonl"))
    assert code == 2
    with pytest.raises(UsageError) as raised:
        trustlaw.batch("ct/pa-13-155", missing)
    said = raised.value.render()
    assert said == err.rstrip("\n")
    assert said == (f"error[TL-U005]: there is no file or folder `{missing}`\n"
                    "  = help: check the path (it is relative to the current folder)")
    assert not (tmp_path / "out.jsonl").exists()
    code, _, err = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20", "--cases",
                       str(missing))  # the comparison's caseload too
    assert code == 2 and err.rstrip("\n") == said


def test_a_jurisdiction_given_as_a_path_is_read_as_its_name_is() -> None:
    by_name = trustlaw.batch(["ct", "ca/sb54-2017"], [GOOD]).to_pylist()
    assert [row["statute"] for row in by_name] == ["ct/pa-13-155", "ca/sb54-2017"]
    for ref in (pathlib.Path("ct"), "ct"):
        assert trustlaw.batch([ref, "ca/sb54-2017"], [GOOD]).to_pylist() == by_name
        assert trustlaw.batch(ref, [GOOD]).to_pylist() == by_name[:1]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_line_of_the_longest_case_is_decided_and_numbers_stay_in_step(
        tmp_path: Path, ending: str, capsys: pytest.CaptureFixture[str]) -> None:
    head = '{"date":"2015-03-02","agency":"county_jail"'
    longest = head + " " * (1_000_000 - len(head) - 1) + "}"
    path = tmp_path / "cases.jsonl"
    path.write_bytes(ending.join([longest, longest + " ", '{"date":"2015-03-02"}',
                                  "not json", ""]).encode())
    rows = trustlaw.batch(CT, path).to_pylist()
    assert [r["case_id"] for r in rows] == ["0", "1", "2", "3"]
    assert rows[0]["error"] is None and rows[2]["error"] is None
    assert "longer than 1,000,000" in rows[1]["error"]
    assert rows[3]["error"].startswith("line 4 is not valid JSON")
    if ending != "\r":  # `trustlaw decide` reads a file's lines as Python does
        main(["decide", CT.id, str(path)])
        decided = capsys.readouterr().out.splitlines()
        assert len(decided) == 4 and '"outcomes"' in decided[0] and '"outcomes"' in decided[2]


def test_what_synth_made_is_said_to_be_synthetic_downstream(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A batch of synthetic cases wrote a Parquet file with no label, and impact's tables
    never said their figures came from synthetic cases: both say so now."""
    pq = pytest.importorskip("pyarrow.parquet")
    cases, out = tmp_path / "s.parquet", tmp_path / "d.parquet"
    assert main(["synth", "--n", "50", "--seed", "4", "--out", str(cases)]) == 0
    assert main(["batch", "ct/pa-13-155", "--cases", str(cases), "--out", str(out)]) == 0
    said = "not records of real people (profile secure-communities, seed 4)"
    assert said in capsys.readouterr().out
    metadata = pq.read_schema(out).metadata
    assert metadata[b"trustlaw.synthetic"] == b"true" and metadata[b"trustlaw.seed"] == b"4"
    assert main(["impact", "ct/pa-13-155", "--cases", str(cases), "--format", "json"]) == 0
    assert said in json.loads(capsys.readouterr().out)["synthetic"]
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"date": "2015-03-02"}\n', encoding="utf-8")
    assert main(["impact", "ct/pa-13-155", "--cases", str(plain), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["synthetic"] is None


def test_the_rows_say_what_decided_them_and_what_the_cases_are(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A batch's Parquet file and `trustlaw.batch`'s table named neither trustlaw's
    version nor the statutes' texts, though `decide()` names both; the table dropped the
    synthetic label the command carries. A batch's own output, read back as cases, is
    not taken for synthetic cases."""
    pq = pytest.importorskip("pyarrow.parquet")
    cases, out = tmp_path / "s.parquet", tmp_path / "d.parquet"
    assert main(["synth", "--n", "20", "--seed", "4", "--out", str(cases)]) == 0
    assert main(["batch", "ct", "ca/sb54-2017", "--cases", str(cases), "--out", str(out)]) == 0
    capsys.readouterr()
    written = pq.read_schema(out).metadata
    table = trustlaw.batch(["ct", "ca/sb54-2017"], str(cases))
    for metadata in (written, table.schema.metadata):
        assert metadata[b"trustlaw.synthetic"] == b"true"
        assert metadata[b"trustlaw.decided_by"] == f"trustlaw {trustlaw.__version__}".encode()
        said = json.loads(metadata[b"trustlaw.statutes"])
        assert said["names"] == ["ct", "ca/sb54-2017"]
        ids = [s["id"] for s in said["statutes"]]
        assert ids == ["ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29", "ca/sb54-2017"]
        assert [s["digest"] for s in said["statutes"]] == [trustlaw.load(i).digest for i in ids]
    from trustlaw.caseload.io import synthetic_labels, synthetic_words

    assert synthetic_words({k: v for k, v in synthetic_labels(out).items()
                            if k != "trustlaw.synthetic"}) is None
