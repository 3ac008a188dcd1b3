"""A Parquet value of the right Arrow type that no case can hold (a string that is not
UTF-8, a date after 9999) is its row's error, naming the row and field path; the other
rows are decided, on the columnar route and the row route alike, and `impact` and
`compare --cases` count the row as not well-formed (trustlaw.caseload.arrow_rows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw.backends.sql import DuckDBEngine
from trustlaw.caseload.columnar import columnar_plan
from trustlaw.caseload.impact import impact
from trustlaw.caseload.io import arrow_schema, read_cases
from trustlaw.cli import main

IDS = ("ct/pa-13-155", "ca/sb54-2017")
STATUTES = [trustlaw.load(statute_id) for statute_id in IDS]
VOCAB = STATUTES[0].vocabulary
DAY = dt.date(2015, 3, 2)
MARK = "Q7Q7Q7"  # a string the file holds once, its first byte then made 0xFF
LONG_AGO = dt.date(1111, 1, 11)  # a date the file holds once, then made day 4,000,000
FAR = 4_000_000  # days after 1970-01-01: in the year 12921, which Python cannot hold


def _cases() -> list[dict[str, Any]]:
    conviction = {"date": dt.date(2010, 5, 1), "level": "felony", "court": "this_state",
                  "tags": ["ca.serious_felony"]}
    return [{"id": f"c{i}", "date": DAY, "arrest_date": DAY, "agency": "county_jail",
             "person": {"age": 30 + i, "final_removal_order": i % 2 == 0},
             "request": {"kinds": ["hold", "notification"], "form": "I-247A"},
             "convictions": [conviction, {**conviction, "tags": ["ca.violent_felony"]}]}
            for i in range(6)]


def _put(case: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        case = case[step]
    case[path[-1]] = value


# the fault → (where it is put in the third case, what is put there, the row's error)
FAULTS: dict[str, tuple[tuple[Any, ...], Any, str]] = {
    "id": (("id",), MARK, "row 3, column `id` is not valid UTF-8 at byte 1 (0xff)"),
    "agency": (("agency",), MARK, "row 3, column `agency` is not valid UTF-8 at byte 1 (0xff)"),
    "a record's string": (("request", "form"), MARK,
                          "row 3, column `request.form` is not valid UTF-8 at byte 1 (0xff)"),
    "a tag in a list": (("convictions", 1, "tags", 0), MARK,
                        "row 3, column `convictions[1].tags[0]` is not valid UTF-8 at byte 1 "
                        "(0xff)"),
    "the case's date": (("date",), LONG_AGO,
                        "row 3, column `date` is a date outside the years 1–9999"),
    "a judgment's date": (("convictions", 1, "date"), LONG_AGO,
                          "row 3, column `convictions[1].date` is a date outside the years "
                          "1–9999"),
}


def _write(cases: list[dict[str, Any]], path: Path, schema: Any) -> None:
    """Write `cases`, then put the faults in: `MARK`'s first byte becomes 0xFF, and
    `LONG_AGO` becomes day `FAR` (no Parquet writer makes either from Python values)."""
    days = pa.schema([_as_days(field) for field in schema])
    table = pa.Table.from_pylist(cases, schema=schema).cast(days)
    long_ago = (LONG_AGO - dt.date(1970, 1, 1)).days
    table = pa.Table.from_pylist(_replace(table.to_pylist(), long_ago, FAR), schema=days)
    pq.write_table(table.cast(schema), path, compression="none", use_dictionary=False,
                   write_statistics=False)
    data = path.read_bytes()
    assert data.count(MARK.encode()) <= 1
    path.write_bytes(data.replace(MARK.encode(), b"\xff" + MARK.encode()[1:]))


def _as_days(field: Any) -> Any:
    """`field` with every date made a whole number of days."""
    kind = field.type
    if pa.types.is_date32(kind):
        kind = pa.int32()
    elif pa.types.is_struct(kind):
        kind = pa.struct([_as_days(inner) for inner in kind])
    elif pa.types.is_list(kind):
        kind = pa.list_(_as_days(kind.value_field))
    return field.with_type(kind)


def _replace(value: Any, old: Any, new: Any) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return new if value == old else value


def _faulty(tmp_path: Path, fault: str, route: str, string: Any = None) -> Path:
    where, value, _ = FAULTS[fault]
    cases = _cases()
    _put(cases[2], where, value)
    schema = arrow_schema(VOCAB)
    if route == "rows":  # a date written as text, outside the layout: read case by case
        cases = [{**case, "arrest_date": case["arrest_date"].isoformat()} for case in cases]
        schema = schema.set(schema.get_field_index("arrest_date"),
                            pa.field("arrest_date", pa.string()))
    if string is not None:  # the agency column of another kind of string
        schema = schema.set(schema.get_field_index("agency"), pa.field("agency", string))
    path = tmp_path / "cases.parquet"
    _write(cases, path, schema)
    with DuckDBEngine() as engine:
        assert (columnar_plan(STATUTES, path, engine) is not None) == (route == "columns")
    return path


def _decided_alone() -> list[dict[str, Any]]:
    """The rows of the five good cases, decided without the faulty one."""
    cases = _cases()
    del cases[2]
    return trustlaw.batch(STATUTES, cases).to_pylist()


@pytest.mark.parametrize("route", ["columns", "rows"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_the_row_is_in_error_and_the_others_are_decided(tmp_path: Path, fault: str,
                                                        route: str) -> None:
    path = _faulty(tmp_path, fault, route)
    rows = trustlaw.batch(STATUTES, path).to_pylist()
    assert len(rows) == 6 * len(IDS)
    faulty = rows[2 * len(IDS): 3 * len(IDS)]
    for row in faulty:
        assert row["error"] == FAULTS[fault][2]
        assert row["case_id"] == ("2" if fault == "id" else "c2")  # its id, when it reads
        assert row["hold"] is None and row["max_hold_hours"] is None
    good = rows[: 2 * len(IDS)] + rows[3 * len(IDS):]
    assert good == _decided_alone()


KINDS = {"large_string": pa.large_string(), "dictionary": pa.dictionary(pa.int32(), pa.string())}
if hasattr(pa, "string_view"):  # pyarrow 16 on
    KINDS["string_view"] = pa.string_view()


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_string_of_another_kind_that_is_not_utf8_is_named(tmp_path: Path, kind: str) -> None:
    path = _faulty(tmp_path, "agency", "columns", KINDS[kind])
    assert pq.read_schema(path).field("agency").type == KINDS[kind]
    errors = trustlaw.batch(STATUTES, path).column("error").to_pylist()
    assert errors == [None] * 4 + [FAULTS["agency"][2]] * 2 + [None] * 6


def test_read_cases_gives_the_row_its_error(tmp_path: Path) -> None:
    path = _faulty(tmp_path, "a tag in a list", "columns")
    read = list(read_cases(path, VOCAB))
    assert [error for _, _, error in read] == [None, None, FAULTS["a tag in a list"][2],
                                               None, None, None]
    assert read[2][:2] == (2, {"id": "c2"})
    assert read[3][1]["convictions"][1]["date"] == "2010-05-01"  # JSON shape, as before


@pytest.mark.parametrize("route", ["columns", "rows"])
def test_the_commands_decide_the_rest_and_count_the_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], route: str) -> None:
    path = _faulty(tmp_path, "a judgment's date", route)
    out = tmp_path / "out.jsonl"
    assert main(["batch", *IDS, "--cases", str(path), "--out", str(out)]) == 0
    assert "6 cases, 1 with errors" in capsys.readouterr().out
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12
    counted = impact(IDS, path)
    assert (counted.cases, counted.errors) == (6, 1)


@pytest.mark.slow
@pytest.mark.parametrize("route", ["columns", "rows"])
def test_a_comparison_counts_the_row_as_not_well_formed(tmp_path: Path, route: str) -> None:
    pytest.importorskip("z3", reason="a comparison needs z3: pip install -e '.[solver]'")
    from trustlaw.analysis.compare.impact import impact_file

    path = _faulty(tmp_path, "agency", route)
    comparison = trustlaw.compare(*IDS)
    counted = {engine: impact_file(comparison, path, engine=engine)
               for engine in ("duckdb", "python")}
    for result in counted.values():
        assert (result.cases, result.invalid) == (6, 1)
        assert result.first_error == FAULTS["agency"][2]
    duck, python = counted["duckdb"], counted["python"]
    assert [r.count for r in duck.comparison.regions] == \
        [r.count for r in python.comparison.regions]


def test_a_time_in_a_zone_python_does_not_know_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cases.parquet"
    times = pa.array([0, 0], pa.int64()).cast(pa.timestamp("s", tz="Mars/Olympus"))
    pq.write_table(pa.table({"id": ["a", "b"], "date": times}), path)
    rows = trustlaw.batch(STATUTES[:1], path).to_pylist()
    assert [row["error"] for row in rows] == [
        f"row {n}, column `date` is a time in the zone `Mars/Olympus`, which is not a time zone"
        for n in (1, 2)]
    assert [row["case_id"] for row in rows] == ["a", "b"]
