"""A Parquet caseload in the case layout is decided column by column: the same rows as
the row route, whatever is wrong with the cases (trustlaw.caseload.columnar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.backends.sql import DuckDBEngine
from trustlaw.caseload.columnar import columnar_plan
from trustlaw.caseload.io import arrow_schema, read_cases, write_cases
from trustlaw.caseload.run import run_batch
from trustlaw.cases.limits import MAX_LIST_LENGTH
from trustlaw.library.loader import available
from trustlaw.testing.strategies import cases as case_strategy

STATUTES = [trustlaw.load(statute_id) for statute_id in available()]
VOCAB = STATUTES[0].vocabulary


def _by_rows(statutes: list[Any], path: Path) -> pa.Table:
    """The row route's answer for the same file: its rows read as dicts, one at a time."""
    return trustlaw.batch(statutes, pq.read_table(path).to_pylist())


def _by_columns(statutes: list[Any], path: Path) -> pa.Table:
    with DuckDBEngine() as engine:  # the route is the columns' (a test that cannot fail
        assert columnar_plan(statutes, path, engine) is not None  # otherwise)
    return trustlaw.batch(statutes, path)


def _same(statutes: list[Any], path: Path) -> pa.Table:
    columns, rows = _by_columns(statutes, path), _by_rows(statutes, path)
    assert columns.schema == rows.schema
    assert columns.to_pylist() == rows.to_pylist()
    return columns


# ---- what can be wrong with a case that Arrow's types still hold ---------------------------


def _fault(case: dict[str, Any], fault: str) -> dict[str, Any]:
    case = dict(case)
    convictions = [dict(c) for c in case.get("convictions") or []]
    if fault == "enum":
        case["agency"] = "sheriff"
    elif fault == "level" and convictions:
        convictions[0]["level"] = "felon"
    elif fault == "tag" and convictions:
        convictions[0]["tags"] = [*(convictions[0].get("tags") or []), "ca.unheard_of"]
    elif fault == "null tag" and convictions:
        convictions[0]["tags"] = [None]
    elif fault == "null element":
        case["warrants"] = [None]
    elif fault == "age":  # a constraint: 0 to 130
        case["person"] = {**(case.get("person") or {}), "age": 131}
    elif fault == "later judgment" and convictions and case.get("date"):  # a constraint
        later = dt.date.fromisoformat(case["date"]) + dt.timedelta(days=1)
        convictions[0]["date"] = later.isoformat()
    elif fault == "long id":
        case["id"] = "x" * 201
    elif fault == "id":
        case["id"] = "booking 7 — ünïcode"
    if convictions:
        case["convictions"] = convictions
    return case


FAULTS = ("none", "none", "enum", "level", "tag", "null tag", "null element", "age",
          "later judgment", "long id", "id")


@st.composite
def caseloads(draw: st.DrawFn) -> list[dict[str, Any]]:
    drawn = draw(st.lists(case_strategy(VOCAB, unknown_rate=0.2), min_size=1, max_size=6))
    return [_fault(case, draw(st.sampled_from(FAULTS))) for case in drawn]


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(caseloads())
def test_every_statute_gives_the_row_routes_rows(tmp_path: Path, cases: list[dict]) -> None:
    path = tmp_path / "cases.parquet"
    write_cases(cases, path, VOCAB)
    _same(STATUTES, path)


def test_well_formed_cases_are_decided_and_faulty_ones_say_why(tmp_path: Path) -> None:
    path = tmp_path / "cases.parquet"
    good = {"date": "2015-03-02", "agency": "municipal_police",
            "person": {"age": 34, "final_removal_order": True}}
    write_cases([good, _fault(good, "enum"), _fault(good, "age"),
                 _fault(good, "long id")], path, VOCAB)
    table = _same(STATUTES[:2], path)
    errors = table.column("error").to_pylist()[::2]
    assert errors[0] is None and table.column("hold").to_pylist()[0] is not None
    assert "agency" in errors[1] and "person.age" not in errors[1]
    assert "0 and 130" in errors[2]
    assert errors[3].startswith("id: expected a string of at most 200 characters")


def test_a_list_past_the_limit_goes_to_the_rows_which_refuse_it(tmp_path: Path) -> None:
    path = tmp_path / "cases.parquet"
    warrants = [{"kind": "criminal", "issued_in": "this_state"}] * (MAX_LIST_LENGTH + 1)
    write_cases([{"date": "2015-03-02", "warrants": warrants}], path, VOCAB)
    table = _same(STATUTES[:1], path)
    assert "warrants" in table.column("error")[0].as_py()


def test_columns_left_out_are_unknown(tmp_path: Path) -> None:
    # only some columns, and a record with only some of its fields
    path = tmp_path / "cases.parquet"
    person = pa.struct([("final_removal_order", pa.bool_())])
    pq.write_table(pa.table({
        "date": pa.array([dt.date(2015, 3, 2), None], pa.date32()),
        "person": pa.array([{"final_removal_order": True}, None], person),
    }), path)
    table = _same(STATUTES, path)
    assert table.num_rows == 2 * len(STATUTES)
    assert "undetermined" in table.column("hold").to_pylist()


def test_a_file_outside_the_layout_is_decided_by_the_rows(tmp_path: Path) -> None:
    # an int32 age and a column no case has: the rows say what is wrong
    path = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"date": pa.array([dt.date(2015, 3, 2)], pa.date32()),
                             "person": pa.array([{"age": 34}],
                                                pa.struct([("age", pa.int32())])),
                             "remarks": ["none"]}), path)
    with DuckDBEngine() as engine:
        assert columnar_plan(STATUTES[:1], path, engine) is None
    table = trustlaw.batch(STATUTES[:1], path)
    assert "remarks" in table.column("error")[0].as_py()


def test_a_date_python_cannot_hold_is_its_rows_error_on_both_routes(tmp_path: Path) -> None:
    path = tmp_path / "cases.parquet"
    far = pa.array([3_000_000], pa.int32()).cast(pa.date32())  # after 9999-12-31
    pq.write_table(pa.table({"date": far}), path)
    error = "row 1, column `date` is a date outside the years 1–9999"
    assert _by_columns(STATUTES[:1], path).column("error").to_pylist() == [error]
    assert [error for _, _, error in read_cases(path, VOCAB)] == [error]  # the row route


def test_an_empty_file_gives_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "cases.parquet"
    pq.write_table(arrow_schema(VOCAB).empty_table(), path)
    table = _by_columns(STATUTES[:2], path)
    assert table.num_rows == 0 and table.column_names[0] == "case_id"


def test_the_command_writes_and_counts_what_the_rows_do(tmp_path: Path) -> None:
    cases = [{"date": "2015-03-02", "agency": "municipal_police", "id": f"c{i}",
              "person": {"age": 20 + i, "final_removal_order": i % 2 == 0},
              "request": {"kinds": ["hold"], "form": "I-247A", "hours_requested": 48}}
             for i in range(40)]
    cases[3] = _fault(cases[3], "enum")
    parquet, lines = tmp_path / "cases.parquet", tmp_path / "cases.jsonl"
    write_cases(cases, parquet, VOCAB)
    write_cases(cases, lines, VOCAB)
    ids = [s.id for s in STATUTES[:3]]
    for fmt in ("parquet", "csv", "jsonl"):
        by_columns = run_batch(ids, parquet, tmp_path / f"a.{fmt}")
        by_rows = run_batch(ids, lines, tmp_path / f"b.{fmt}")
        assert by_columns == by_rows
        assert by_columns.errors == 1 and by_columns.cases == 40
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes() \
            or fmt == "parquet"
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))


def test_a_statute_named_twice_is_refused_by_the_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trustlaw.cli import main

    path = tmp_path / "cases.parquet"
    write_cases([{"date": "2015-03-02"}], path, VOCAB)
    ct, ca = STATUTES[0].id, STATUTES[1].id
    out = tmp_path / "out.parquet"
    assert main(["batch", ct, ca, ct, "--cases", str(path), "--out", str(out)]) == 2
    assert f"error[TL-U024]: the statute `{ct}` is named twice" in capsys.readouterr().err
    assert not out.exists()
