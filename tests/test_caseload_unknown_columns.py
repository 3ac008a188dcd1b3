"""A column the case format lacks is refused alike in every format and every row, and a
tabular file's header is read once for what it tells: its unknown columns and the facts
each statute reads that it has no column for, one warning each."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw.caseload.file_warnings import file_warnings, read_paths
from trustlaw.caseload.impact import impact
from trustlaw.caseload.io import write_cases
from trustlaw.cli import main
from trustlaw.diagnostics import CaseError

CT = "ct/pa-13-155"
STATUTE = trustlaw.load(CT)


def _errors(path: Path) -> list[str | None]:
    return [row["error"] for row in trustlaw.batch(CT, path).to_pylist()]


def _validator_words(case: dict[str, Any]) -> str:
    with pytest.raises(CaseError) as refused:
        STATUTE.validate(case)
    return "; ".join(refused.value.errors)


def test_a_column_the_case_format_lacks_is_every_rows_error_in_every_format(
        tmp_path: Path) -> None:
    """An empty `notes` cell passed in CSV while a null `notes` failed in JSON lines and
    Parquet, and in CSV only the rows with a note were refused."""
    want = _validator_words({"notes": None})
    assert want.startswith("notes: not a field of the case")
    csv = tmp_path / "cases.csv"
    csv.write_text("id,date,notes\nc1,2015-01-01,\nc2,2015-01-01,x\nc3,2015-01-01,\n",
                   encoding="utf-8")
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text('{"id":"j1","date":"2015-01-01","notes":null}\n'
                     '{"id":"j2","date":"2015-01-01","notes":"x"}\n', encoding="utf-8")
    parquet = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2"], "date": ["2015-01-01", "2015-01-01"],
                             "notes": [None, "x"]}), parquet)
    for path, n in ((csv, 3), (jsonl, 2), (parquet, 2)):
        assert _errors(path) == [want] * n, path.suffix
    # the rows keep their ids
    assert [row["case_id"] for row in trustlaw.batch(CT, csv).to_pylist()] == ["c1", "c2", "c3"]


def test_a_misspelt_csv_column_is_refused_in_every_row_with_what_it_meant(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`person.gang_databse` left empty was read as an unknown gang-database entry: the
    row was decided, undetermined where the fact mattered, with no message."""
    path = tmp_path / "typo.csv"
    path.write_text("id,date,person.gang_databse,convictons\nc1,2015-01-01,false,[]\n"
                    "c2,2015-01-01,,\n", encoding="utf-8")
    want = ("person.gang_databse: not a field of person; did you mean gang_database?; "
            "convictons: not a field of the case; did you mean convictions?")
    assert _errors(path) == [want, want]
    assert main(["batch", CT, "--cases", str(path), "--out", str(tmp_path / "o.csv")]) == 0
    err = capsys.readouterr().err.splitlines()
    unknown = [line for line in err if "not in the case format" in line]
    assert unknown == [
        "warning: typo.csv: the columns `person.gang_databse` (did you mean "
        "`person.gang_database`?) and `convictons` (did you mean `convictions`?) are not in "
        "the case format (docs/batch.md), so every row is in error, also where their cells "
        "are empty: rename or remove them"]


@pytest.mark.parametrize(("separator", "words"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_file_separated_by_semicolons_is_told_so_not_to_rename_its_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str,
        words: str) -> None:
    """Excel saves "CSV" with semicolons where a comma is the decimal mark: the header
    was read as one column, and the warning said to rename or remove it, then listed
    every fact as having no column (found by a researcher's pass)."""
    path = tmp_path / "export.csv"
    rows = [["id", "date", "agency", "person.age"], ["c1", "2015-01-01", "county_jail", "34"]]
    path.write_text("\ufeff" + "".join(separator.join(row) + "\r\n" for row in rows),
                    encoding="utf-8")
    header = separator.join(rows[0]).replace("\t", "\\t")
    # Excel's own way to say so, `sep=;` first, is offered where it can be typed
    line = ", or add the line `sep=;` before its header (as Excel does)" \
        if separator == ";" else ""
    want = (f"export.csv: its header `{header}` is read as one column: the file's cells "
            f"are separated by {words}, not commas, so every row is in error: save it as "
            f"CSV with commas (in Excel, \"CSV UTF-8 (Comma delimited)\"), or convert "
            f"it{line}, and run again")
    assert file_warnings([STATUTE, trustlaw.load("ca/sb54-2017")], path) == [want]
    assert main(["batch", CT, "--cases", str(path), "--out", str(tmp_path / "o.csv")]) == 0
    err = capsys.readouterr().err
    assert f"warning: {want}\n" in err
    assert "rename or remove" not in err and "has no column for" not in err
    (error,) = _errors(path)
    assert error is not None and "not a field of the case" in error
    # a column of its own that merely holds a semicolon is still a column to rename
    odd = tmp_path / "odd.csv"
    odd.write_text("id,date,notes;comments\nc1,2015-01-01,\n", encoding="utf-8")
    assert "rename or remove it" in file_warnings([STATUTE], odd)[0]


@pytest.mark.parametrize(("column", "values", "error"), [
    # a struct field the format lacks, in the row whose struct is null too
    ("person", pa.array([None, {"age": 30, "shoe": 9}],
                        pa.struct([("age", pa.int64()), ("shoe", pa.int64())])),
     "person.shoe: not a field of person"),
    # a field of a list's elements, in the rows with no element too
    ("convictions", pa.array([[], None, [{"level": "felony", "fine": 5}]],
                             pa.list_(pa.struct([("level", pa.string()),
                                                 ("fine", pa.int64())]))),
     "convictions[].fine: not a field of conviction"),
])
def test_a_parquet_field_the_case_format_lacks_is_every_rows_error(
        tmp_path: Path, column: str, values: Any, error: str) -> None:
    path = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"date": pa.array(["2015-01-01"] * len(values)), column: values}),
                   path)
    errors = _errors(path)
    assert len(set(errors)) == 1 and errors[0] is not None and errors[0].startswith(error)
    assert file_warnings([STATUTE], path)[0].startswith(
        f"cases.parquet: the column `{error.split(':')[0]}` is not in the case format")


def test_a_field_given_without_its_record_is_told_its_column(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("id,date,gang_database,Agency\na,2015-01-01,,\n", encoding="utf-8")
    (warning, *_) = file_warnings([STATUTE], path)
    assert "`gang_database` (did you mean `person.gang_database`?)" in warning
    assert "`Agency` (did you mean `agency`?)" in warning


def test_each_statute_names_the_facts_it_reads_that_the_file_has_no_column_for(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fact with no column is unknown in every case: outcomes that turn on it came out
    undetermined, with nothing to say why."""
    everything = [f for f in read_paths(STATUTE)
                  if f.split("[]")[0] not in ("person.gang_database", "convictions")]
    columns = list(dict.fromkeys(["id", "date", *(f.split("[]")[0] for f in everything)]))
    path = tmp_path / "cases.csv"
    path.write_text(",".join(columns) + "\n" + "a" + "," * (len(columns) - 1) + "\n",
                    encoding="utf-8")
    assert main(["batch", CT, "ca/sb54-2017", "--cases", str(path),
                 "--out", str(tmp_path / "o.csv")]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if "has no column" in line]
    assert err[0] == (
        "warning: cases.csv has no column for facts ct/pa-13-155 reads (convictions, "
        "person.gang_database): each is unknown in every case, so an outcome that turns "
        "on one is undetermined")
    assert len(err) == 2 and err[1].startswith("warning: cases.csv has no column for facts "
                                               "ca/sb54-2017 reads (")
    assert impact(CT, path).to_dict()["warnings"] == [err[0].removeprefix("warning: ")]


def test_a_file_with_every_column_gets_no_warning_and_json_lines_none(tmp_path: Path) -> None:
    cases = [{"id": "a", "date": "2015-01-01", "agency": "county_jail"}]
    for suffix in ("csv", "parquet", "jsonl"):
        path = tmp_path / f"cases.{suffix}"
        write_cases(cases, path, STATUTE.vocabulary)  # every column of the layout
        assert file_warnings([STATUTE, trustlaw.load("ca/sb54-2017")], path) == []
    lines = tmp_path / "partial.jsonl"
    lines.write_text(json.dumps({"date": "2015-01-01", "notes": None}) + "\n",
                     encoding="utf-8")
    assert file_warnings([STATUTE], lines) == []  # its rows say it, line by line


def test_an_empty_csv_file_gets_no_warning_of_columns_it_lacks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file of no bytes was warned to have no column for 13 facts, before the summary
    said it holds no case; a header alone still tells (found by a researcher's pass)."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert file_warnings([STATUTE], empty) == []
    assert main(["batch", CT, "--cases", str(empty), "--out", str(tmp_path / "o.csv")]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err and "the file holds no case" in captured.out
    header = tmp_path / "header.csv"
    header.write_text("id,date\n", encoding="utf-8")
    (warning,) = file_warnings([STATUTE], header)
    assert warning.startswith("header.csv has no column for facts ct/pa-13-155 reads")


def test_python_batch_warns_what_the_header_tells(tmp_path: Path) -> None:
    """`trustlaw.batch` gave the rows alone: a notebook user whose file lacked a column
    saw every outcome that turned on it undetermined, with nothing to say why."""
    path = tmp_path / "cases.csv"
    path.write_text("id,date,agency,notes\na,2015-01-01,county_jail,\n", encoding="utf-8")
    with pytest.warns(trustlaw.CaseFileWarning) as caught:
        rows = trustlaw.batch(CT, path).to_pylist()
    assert [str(w.message) for w in caught] == file_warnings([STATUTE], path)
    assert len(caught) == 2 and "`notes`" in str(caught[0].message)
    assert "has no column for facts ct/pa-13-155 reads" in str(caught[1].message)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    assert len(rows) == 1
    # case dicts have no header: nothing to warn
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trustlaw.batch(CT, [{"id": "a", "date": "2015-01-01"}])
