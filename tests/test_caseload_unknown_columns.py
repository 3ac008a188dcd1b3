"""A column the case format lacks is refused alike in every format and every row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
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
        tmp_path: Path) -> None:
    """`person.gang_databse` left empty was read as an unknown gang-database entry: the
    row was decided, undetermined where the fact mattered, with no message."""
    path = tmp_path / "typo.csv"
    path.write_text("id,date,person.gang_databse,convictons\nc1,2015-01-01,false,[]\n"
                    "c2,2015-01-01,,\n", encoding="utf-8")
    want = ("person.gang_databse: not a field of person; did you mean gang_database?; "
            "convictons: not a field of the case; did you mean convictions?")
    assert _errors(path) == [want, want]


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
