"""Case files as researchers really have them, through `trustlaw batch`, `impact` and
`trustlaw.batch()` (docs/batch.md): a quoted CSV cell over several lines, Excel's
``sep=`` first line, a compressed or mislabelled file, the order of `impact`'s JSON, and
a flat table with the CSV layout's dotted columns."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import trustlaw
from trustlaw.caseload import by_columns, csv_columns
from trustlaw.caseload.io import write_cases
from trustlaw.cli import main
from trustlaw.diagnostics import UsageError

CT = "ct/pa-13-155"
CT19 = "ct/pa-19-20"
CA = "ca/sb54-2017"
HEADER = ["id", "date", "agency", "request.kinds", "person.age", "person.gang_database",
          "convictions"]
ROWS = [
    ["a1", "2015-03-02", "county_jail", '["hold"]', "34", "false", "[]"],
    ["a2", "2015-03-02", "state_corrections", '["hold","notification"]', "51", "true",
     '[{"level":"felony","court":"this_state","youthful_offender":false,"vacated":false}]'],
    ["a3", "2016-07-01", "municipal_police", '["notification"]', "19", "false", "[]"],
]


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _rows(statutes: list[str], path: Path, monkeypatch: pytest.MonkeyPatch, *,
          row_route: bool = False) -> list[dict[str, Any]]:
    """`trustlaw.batch` on `path`, by the column route (DuckDB's default) or, with
    `row_route`, case by case."""
    with monkeypatch.context() as patched:
        if row_route:
            patched.setattr(csv_columns, "csv_plan", lambda *args: None)
            patched.setattr(by_columns, "csv_plan", lambda *args: None, raising=False)
        with warnings.catch_warnings():  # the header's warnings are tested elsewhere
            warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
            return trustlaw.batch(statutes, path).to_pylist()


def _both_routes(statutes: list[str], path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The rows of `path`, the same by the column route and the row route."""
    columns = _rows(statutes, path, monkeypatch)
    rows = _rows(statutes, path, monkeypatch, row_route=True)
    assert columns == rows
    return columns


def _reference(statutes: list[str], monkeypatch: pytest.MonkeyPatch,
               tmp_path: Path) -> list[dict[str, Any]]:
    """The rows of the plain, comma-separated, one-line-a-row file of `ROWS`."""
    return _rows(statutes, _write(tmp_path / "plain.csv", _csv_text(HEADER, ROWS)),
                 monkeypatch)


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err
    return code, out, err


# ---- 1. a quoted cell over several lines (RFC 4180) ----------------------------------------

def test_a_quoted_cell_over_several_lines_is_one_case_in_both_routes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An id and a list's JSON written over lines, quoted as the standard says: each row
    used to become an error row and its later lines rows of their own (7 rows, not 3)."""
    rows = [list(row) for row in ROWS]
    rows[1][0] = "a2\nsecond line"
    rows[1][6] = json.dumps(json.loads(rows[1][6]), indent=2)  # over five lines
    path = _write(tmp_path / "cases.csv", _csv_text(HEADER, rows))
    got = _both_routes([CT], path, monkeypatch)
    assert [row["case_id"] for row in got] == ["a1", "a2\nsecond line", "a3"]
    want = _reference([CT], monkeypatch, tmp_path)
    for mine, theirs in zip(got, want, strict=True):
        assert {k: v for k, v in mine.items() if k != "case_id"} == \
            {k: v for k, v in theirs.items() if k != "case_id"}


def test_a_note_over_several_lines_keeps_each_case_one_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A spreadsheet's `notes` column, one note over three lines: the column is not in
    the case format, so each row is in error, but each is one case with its own id."""
    rows = [[*row, ""] for row in ROWS]
    rows[1][-1] = "called the agency\nno answer\n\"will retry\""
    path = _write(tmp_path / "export.csv", _csv_text([*HEADER, "notes"], rows))
    out = tmp_path / "out.jsonl"
    code, text, err = _cli(["batch", CT, "--cases", str(path), "--out", str(out),
                            "--no-progress"], capsys)
    assert code == 0
    assert text.startswith("3 cases, 3 with errors")
    assert "the column `notes` is not in the case format" in err
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["case_id"] for row in got] == ["a1", "a2", "a3"]


def test_an_error_after_a_cell_over_several_lines_names_the_line_its_row_starts_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("id,agency,person.age\r\n"
            'a1,"county_jail",34\r\n'               # line 2
            '"a2\r\n(second line)",county_jail,x\r\n'  # lines 3-4: an id over two lines
            "a3,county_jail,35,extra\r\n"           # line 5: one cell too many
            "\r\n"                                  # line 6: blank, no row
            'a4,"county_jail,35\r\n'                # line 7: a stray quote
            "a5,county_jail,36\r\n")                # line 8: read again as its own row
    got = _both_routes([CT], _write(tmp_path / "cases.csv", text), monkeypatch)
    errors = {row["case_id"]: row["error"] for row in got}
    assert list(errors) == ["a1", "a2\r\n(second line)", "a3", "3", "a5"]
    assert errors["a1"] is None and errors["a5"] is None
    assert errors["a2\r\n(second line)"] == 'person.age: expected a whole number, got "x"'
    assert errors["a3"] == "row 3 (line 5) has 4 cells, but the header has 3 columns"
    assert errors["3"] == (
        'row 4 (line 7) has a `"` that opens a quoted cell running past the end of its '
        "line; the line it took in after its own is read as a row of its own")


@pytest.mark.parametrize("data", [
    # a stray quote in a fact's cell, closed by another at the end of a later line: a
    # well-formed row, but no date, number or word of a list holds a line break
    'r1,2015-03-02,"county_jail\nr2,2015-03-02,county_jail"\nr3,2015-03-02,county_jail\n',
    # in free text, one not closed before a separator
    'r1,2015-03-02,county_jail,"a note\nr2,2015-03-02,county_jail,"x"y\n'
    "r3,2015-03-02,county_jail,\n",
])
def test_a_stray_quote_is_still_told_from_a_cell_over_several_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    header = "id,date,agency" + (",notes" if "note" in data else "")
    got = _both_routes([CT], _write(tmp_path / "cases.csv", f"{header}\n{data}"),
                       monkeypatch)
    assert [row["case_id"] for row in got] == ["0", "r2", "r3"]
    assert got[0]["error"].startswith('row 1 has a `"` that opens a quoted cell')


def test_a_row_on_the_line_its_number_says_is_named_by_its_row_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "id,agency,person.age\na1,county_jail,34,extra\n"
    got = _both_routes([CT], _write(tmp_path / "cases.csv", text), monkeypatch)
    assert got[0]["error"] == "row 1 has 4 cells, but the header has 3 columns"


# ---- 2. Excel's `sep=` first line -----------------------------------------------------------

@pytest.mark.parametrize("first, delimiter", [("sep=,", ","), ("sep=;", ";"),
                                              ('"sep=;"', ";"), ("sep=\t", "\t"),
                                              ("\ufeffsep=;", ";")])
def test_a_sep_line_names_the_separator_and_is_no_header(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, delimiter: str) -> None:
    """Excel writes `sep=;` first where a comma is the decimal mark: it was read as the
    header, every row in error for a column `sep=`."""
    path = _write(tmp_path / "excel.csv",
                  first + "\r\n" + _csv_text(HEADER, ROWS, delimiter))
    got = _both_routes([CT], path, monkeypatch)
    assert got == _reference([CT], monkeypatch, tmp_path)
    assert all(row["error"] is None for row in got)


def test_a_row_error_after_a_sep_line_names_its_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "excel.csv", "sep=;\nid;agency\na1;county_jail;x\n")
    got = _both_routes([CT], path, monkeypatch)
    assert got[0]["error"] == "row 1 (line 3) has 3 cells, but the header has 2 columns"


@pytest.mark.parametrize("first", ["sep=", "sep=;;", 'sep="'])
def test_a_sep_line_naming_no_one_separator_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str) -> None:
    path = _write(tmp_path / "excel.csv", f"{first}\n" + _csv_text(HEADER, ROWS))
    code, _, err = _cli(["batch", CT, "--cases", str(path), "--out",
                         str(tmp_path / "out.csv")], capsys)
    assert code == 2
    assert "error[TL-U005]" in err and "names no separator of its cells" in err
    assert "remove the line" in err
    assert not (tmp_path / "out.csv").exists()


def test_a_semicolon_file_without_a_sep_line_is_warned_of(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "excel.csv", _csv_text(HEADER, ROWS, ";"))
    code, _, err = _cli(["batch", CT, "--cases", str(path), "--out",
                         str(tmp_path / "out.csv")], capsys)
    assert code == 0
    assert "separated by semicolons, not commas" in err
    assert "`sep=;`" in err  # the other way to read it


# ---- 3. a file of another format than its name says ---------------------------------------

def _parquet_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "made.parquet"
    write_cases([{"id": "a1", "date": "2015-03-02"}], path, trustlaw.load(CT).vocabulary)
    return path.read_bytes()


@pytest.mark.parametrize("name, make, holds, advice", [
    ("cases.jsonl", lambda text, _: gzip.compress(text), "gzip-compressed data",
     "gunzip -c cases.jsonl > cases-decompressed.jsonl"),
    ("cases.csv", lambda text, _: gzip.compress(text), "gzip-compressed data",
     "gunzip -c cases.csv > cases-decompressed.csv"),
    ("cases.csv", lambda text, _: bz2.compress(text), "bzip2-compressed data", "bunzip2"),
    ("cases.csv", lambda text, _: lzma.compress(text), "xz-compressed data", "xz -dc"),
    ("cases.csv", lambda text, _: b"\x28\xb5\x2f\xfd" + text, "zstd-compressed data",
     "zstd -dc"),
    ("cases.csv", lambda _, tmp: _parquet_bytes(tmp), "a Parquet file", "`cases.parquet`"),
    ("cases.jsonl", lambda _, tmp: _parquet_bytes(tmp), "a Parquet file", "`cases.parquet`"),
    ("cases.csv", lambda text, _: text.decode().encode("utf-16"), "UTF-16 text", "iconv"),
    ("cases.csv", lambda *_: b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml",
     "an Excel workbook (.xlsx)", "CSV UTF-8"),
    ("cases.parquet", lambda text, _: text, "text, not Parquet", "`.csv`"),
    ("cases.parquet", lambda *_: b'{"id":"a1"}\n', "JSON lines, not Parquet", "`.jsonl`"),
])
@pytest.mark.parametrize("command", ["batch", "impact", "python"])
def test_a_file_holding_another_format_than_its_name_is_refused_naming_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make: Any,
        holds: str, advice: str, command: str) -> None:
    """Such a file used to be read by its name: every JSON line an error (a gzip
    `.jsonl` gave 14 error rows for 5 cases), a CSV header "not valid UTF-8", or
    pyarrow's "Parquet magic bytes not found"."""
    path = tmp_path / name
    path.write_bytes(make(_csv_text(HEADER, ROWS).encode(), tmp_path))
    if command == "python":
        with pytest.raises(UsageError) as caught:
            trustlaw.batch(CT, path)
        message = str(caught.value)
    else:
        args = [command, CT, "--cases", str(path)]
        if command == "batch":
            args += ["--out", str(tmp_path / "out.csv")]
        code, _, message = _cli(args, capsys)
        assert code == 2
        assert not (tmp_path / "out.csv").exists()
    assert "error[TL-U011]" in message
    assert f"`{name}` is named as " in message and f"but holds {holds}" in message
    assert advice in message


def test_a_file_whose_bytes_match_its_name_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first bytes of the usual files are no other format's (a BOM'd CSV included)."""
    path = tmp_path / "cases.parquet"
    path.write_bytes(_parquet_bytes(tmp_path))
    assert trustlaw.batch(CT, path).to_pylist()[0]["error"] is None
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + _csv_text(HEADER, ROWS).encode())
    assert _both_routes([CT], bom, monkeypatch) == _reference([CT], monkeypatch, tmp_path)


# ---- 4. impact's order is the order given ---------------------------------------------------

def test_impact_json_keeps_the_statutes_order_and_the_fixed_order_of_results(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The statutes come as given (not alphabetically: ct/pa-19-20 before ca/sb54-2017),
    and each outcome's results in the text's fixed order, prohibited, permitted,
    required, undetermined (JSON gave them alphabetically, permitted first)."""
    path = _write(tmp_path / "cases.csv", _csv_text(HEADER, ROWS))
    order = [CT19, CA, CT]
    code, text, _ = _cli(["impact", *order, "--cases", str(path), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(text)
    assert data["statutes"] == order
    assert list(data["counts"]) == order
    assert list(data["zero_hour_holds"]) == order
    assert list(data["periods"]) == order
    fixed = ["prohibited", "permitted", "required", "undetermined"]
    for statute in order:
        assert list(data["counts"][statute]) == ["hold", "notification", "transfer",
                                                 "interview"]
        for results in data["counts"][statute].values():
            assert list(results) == [r for r in fixed if r in results]
    assert [(t["a"], t["b"]) for t in data["transitions"]] == sorted(
        ((t["a"], t["b"]) for t in data["transitions"]),
        key=lambda pair: (order.index(pair[0]), order.index(pair[1])))
    places = [(t["a"], t["b"], t["outcome"], fixed.index(t["from"]), fixed.index(t["to"]))
              for t in data["transitions"]]
    assert places == sorted(places, key=lambda p: (order.index(p[0]), order.index(p[1]),
                                                   ["hold", "notification", "transfer",
                                                    "interview"].index(p[2]), p[3], p[4]))
    # a pair holding both orders of results proves the sort is not alphabetical
    assert any(list(results) == ["prohibited", "permitted"]
               for by in data["counts"].values() for results in by.values())
    code, text, _ = _cli(["impact", *order, "--cases", str(path)], capsys)
    headings = [line for line in text.splitlines() if line and not line.startswith(" ")
                and "cases decided" not in line and "→" not in line]
    assert [line.split()[0] for line in headings] == order
    pairs = [line.split(":")[0] for line in text.splitlines() if "→" in line
             and not line.startswith(" ")]
    assert pairs == [f"{CT19} → {CA}", f"{CT19} → {CT}", f"{CA} → {CT}"]


# ---- 5. a table in the CSV layout's dotted columns ------------------------------------------

def _csv_rows(path: Path) -> list[dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
        return trustlaw.batch([CT, CA], path).to_pylist()


def _frames(path: Path) -> dict[str, Any]:
    """The CSV file at `path` read the ways a researcher reads one into a table."""
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    import pyarrow.csv as pa_csv

    return {
        "pandas, every cell text": pd.read_csv(path, dtype=str),
        "pandas, types guessed": pd.read_csv(path),
        "polars, types guessed": pl.read_csv(path),
        "polars, every cell text": pl.read_csv(path, infer_schema=False),
        "pyarrow.csv": pa_csv.read_csv(path),
        "pyarrow RecordBatch": pa_csv.read_csv(path).to_batches()[0],
    }


def test_a_table_with_the_csv_layouts_dotted_columns_reads_as_the_csv_file(
        tmp_path: Path) -> None:
    """`person.age` and `request.kinds` as column names of a frame were taken as facts of
    the nested layout: every row in error for an unknown column `request.kinds`. Later,
    `pandas.read_csv`'s floating-point ages (34.0, where an age is missing) put their
    rows in error: the usual pandas route decided three cases in a hundred."""
    rows = [list(row) for row in ROWS]
    rows[2][4] = ""  # an unknown age: pandas makes the column floating-point
    rows[1][2] = ""  # an unknown agency
    path = _write(tmp_path / "cases.csv", _csv_text(HEADER, rows))
    want = _csv_rows(path)
    assert all(row["error"] is None for row in want)
    for how, frame in _frames(path).items():
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            got = trustlaw.batch([CT, CA], frame).to_pylist()
        texts = [str(w.message) for w in said]
        # pandas guesses person.age floating-point (34.0, 51.0 and NaN): read as 34 and 51
        assert got == want, how
        assert not any("not in the case format" in t or "not whole" in t
                       for t in texts), (how, texts)


def test_a_flat_tables_bad_cell_is_its_rows_error_in_the_csv_files_words(
        tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "id": ["a1", "a2", "a3"],
        "date": ["2015-03-02", "2015-03-02", None],
        "person.age": ["34", "x", None],
        "convictions": ["[]", "[{", None],
        "notes.x": [None, None, None],
    })
    path = tmp_path / "cases.csv"
    frame.to_csv(path, index=False)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        got = trustlaw.batch(CT, frame).to_pylist()
    assert [row["error"] for row in got] == [row["error"] for row in _csv_rows(path)
                                             if row["statute"] == CT]
    assert [row["case_id"] for row in got] == ["a1", "a2", "a3"]
    assert got[0]["error"].startswith("notes: not a field of the case")
    assert any("`notes.x`" in str(w.message) and "not in the case format" in str(w.message)
               for w in said)
    with warnings.catch_warnings():  # the facts it has no column for
        warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
        good = trustlaw.batch(CT, frame.drop(columns="notes.x")).to_pylist()
    assert good[0]["error"] is None
    assert good[1]["error"].startswith("row 2, column `convictions` is not valid JSON")
    assert good[2]["error"] is None  # every fact unknown: decided, undetermined where it matters


def test_a_flat_table_keeps_typed_values_as_given_and_impact_counts_it(
        tmp_path: Path) -> None:
    """Values of their own type (a whole number, a yes/no, a date, a list) are taken as
    given, as in a Parquet file; impact counts the table as batch decides it."""
    pl = pytest.importorskip("polars")
    import datetime as dt

    from trustlaw.caseload.impact import impact

    frame = pl.DataFrame({
        "id": ["a1", "a2"],
        "date": [dt.date(2015, 3, 2), dt.date(2015, 3, 2)],
        "agency": ["county_jail", "state_corrections"],
        "request.kinds": [["hold"], ["hold", "notification"]],
        "person.age": [34, None],
        "person.gang_database": [False, True],
        "convictions": ["[]", None],
    })
    cases = [{"id": "a1", "date": "2015-03-02", "agency": "county_jail",
              "request": {"kinds": ["hold"]}, "person": {"age": 34, "gang_database": False},
              "convictions": []},
             {"id": "a2", "date": "2015-03-02", "agency": "state_corrections",
              "request": {"kinds": ["hold", "notification"]},
              "person": {"gang_database": True}}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
        assert trustlaw.batch(CT, frame).to_pylist() == trustlaw.batch(CT, cases).to_pylist()
        counted, listed = impact([CT, CA], frame).to_dict(), impact([CT, CA], cases).to_dict()
    assert counted.pop("warnings")  # the facts the table has no column for, as a CSV's
    assert listed.pop("warnings") == []  # case dicts have no header to tell it
    assert counted == listed
