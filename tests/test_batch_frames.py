"""Cases held in memory as a table: `trustlaw.batch` and `impact` take a pyarrow Table or
RecordBatch, a polars DataFrame or a pandas DataFrame in the Parquet case layout
(docs/batch.md, "Python"), and give row for row what writing the table to Parquet and
batching the file gives: the same `case_id` (the `id`, else the 0-based row), the same
decisions, and a bad case its row's error (trustlaw.caseload.in_memory). They used to
refuse a frame (TL-U020), and a pyarrow Table as `not a Table`."""

from __future__ import annotations

import datetime as dt
import math
import random
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw import ir
from trustlaw.backends.sql import DuckDBEngine
from trustlaw.caseload.by_columns import table_chunks
from trustlaw.caseload.impact import impact
from trustlaw.caseload.in_memory import TableCases, in_memory
from trustlaw.caseload.io import arrow_schema, write_cases
from trustlaw.cases.synth import synthesize
from trustlaw.diagnostics import UsageTypeError, UsageValueError

# what a table's schema tells (facts it has no column for) is warned; tests that look
# for a warning catch it with pytest.warns
pytestmark = pytest.mark.filterwarnings("ignore::trustlaw.CaseFileWarning")

IDS = ["ct/pa-13-155", "ct/pa-19-20", "ca/sb54-2017", "us/detainer-regulation"]
STATUTES = [trustlaw.load(i) for i in IDS]
VOCAB = STATUTES[0].vocabulary


def _faulty(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases with what Arrow's types still hold but no case may: each its row's error."""
    good = {"date": "2015-03-02", "agency": "municipal_police",
            "person": {"age": 34, "final_removal_order": True}}
    return [
        *cases,
        {**good, "id": "enum", "agency": "sheriff"},
        {**good, "id": "age", "person": {"age": 131}},
        {**good, "id": "x" * 201},
        {**good, "id": "null element", "warrants": [None]},
        {**good, "id": "null tag", "convictions": [{"level": "felony", "tags": [None]}]},
        {**good, "id": "level", "convictions": [{"level": "felon"}]},
        {**good, "id": "later judgment", "convictions": [{"date": "2015-03-03"}]},
        {k: v for k, v in good.items()},  # no id: its row number
    ]


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pa.Table]:
    """Synthetic cases and faulty ones, in the Parquet case layout, as a file and as the
    Arrow table the file reads as."""
    cases = _faulty(synthesize(300, seed=7))
    random.Random(3).shuffle(cases)
    path = tmp_path_factory.mktemp("frames") / "cases.parquet"
    write_cases(cases, path, VOCAB)
    return path, pq.read_table(path)


def _batch(cases: Any, statutes: Any = STATUTES) -> list[dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
        return trustlaw.batch(statutes, cases).to_pylist()


def _file(table: pa.Table, folder: Path, statutes: Any = STATUTES) -> list[dict[str, Any]]:
    """The rows of `table` written to a Parquet file and batched."""
    path = folder / "written.parquet"
    pq.write_table(table, path)
    return _batch(path, statutes)


def _columns_route(table: pa.Table) -> bool:
    with DuckDBEngine() as engine:
        return table_chunks(STATUTES, table, engine, 50) is not None


# ---- pyarrow, polars: the file's rows ------------------------------------------------------


def test_an_arrow_table_gives_the_rows_of_its_parquet_file(
        caseload: tuple[Path, pa.Table]) -> None:
    path, table = caseload
    assert _columns_route(table)  # decided a chunk of columns at a time, as the file is
    rows = _batch(table)
    assert rows == _batch(path)
    errors = {row["case_id"]: row["error"] for row in rows if row["error"] is not None}
    assert errors["enum"].startswith("agency:") and "0 and 130" in errors["age"]
    assert {"null element", "null tag", "level", "later judgment"} <= set(errors)
    assert errors["x" * 200 + "x"].startswith("id: expected a string of at most 200")
    unnamed = table.column("id").to_pylist().index(None)  # the row without id: its number
    assert rows[unnamed * len(STATUTES)]["case_id"] == str(unnamed)


def test_a_table_of_many_small_chunks_and_a_record_batch_give_the_same_rows(
        caseload: tuple[Path, pa.Table]) -> None:
    path, table = caseload
    pieces = pa.Table.from_batches(table.to_batches(max_chunksize=7))  # as polars holds one
    assert pieces.column(0).num_chunks > 1
    want = _batch(path, STATUTES[:2])
    assert _batch(pieces, STATUTES[:2]) == want
    assert _batch(table.combine_chunks().to_batches()[0], STATUTES[:2]) == want
    from trustlaw.caseload.run import decide_tables

    chunked = pa.concat_tables(decide_tables(STATUTES[:2], pieces, chunk=50))
    assert chunked.to_pylist() == want  # chunks of 50 cases: row numbers carried across


def test_a_polars_frame_gives_the_rows_of_its_parquet_file(
        caseload: tuple[Path, pa.Table], tmp_path: Path) -> None:
    pl = pytest.importorskip("polars", reason="polars is not installed")
    path, table = caseload
    frame = pl.from_arrow(table)
    assert isinstance(in_memory(frame), TableCases)
    assert _batch(frame) == _batch(path)
    written = tmp_path / "polars.parquet"
    frame.write_parquet(written)  # polars' own file: large strings and lists
    assert _batch(frame) == _batch(written)
    assert trustlaw.batch(STATUTES[:1], frame, output="polars").height == frame.height


def test_rows_equal_decide_on_sampled_cases(caseload: tuple[Path, pa.Table]) -> None:
    _, table = caseload
    rows = _batch(table)
    cases = table.to_pylist()
    for index in random.Random(11).sample(range(len(cases)), 40):
        case = {k: v for k, v in cases[index].items() if v is not None}
        for statute, row in zip(STATUTES, rows[index * len(STATUTES):], strict=False):
            assert row["statute"] == statute.id
            assert row["case_id"] == (case["id"] if isinstance(case.get("id"), str)
                                      else str(index))
            try:
                decision = statute.decide(case)
            except trustlaw.CaseError as error:
                assert row["error"] == "; ".join(error.errors)
                continue
            assert row["error"] is None
            assert {o: row[o] for o in ir.OUTCOMES} == decision.outcomes
            assert row["max_hold_hours"] == (decision.max_hold.hours if decision.max_hold
                                             else None)
            assert row["hold_ground"] == decision.grounds["hold"][0].citation


def test_impact_of_a_table_counts_what_its_file_counts(
        caseload: tuple[Path, pa.Table], tmp_path: Path) -> None:
    path, table = caseload
    pair = IDS[:2]
    assert impact(pair, table).to_dict() == {
        **impact(pair, path).to_dict(),
        "warnings": [w.replace("cases.parquet", "the pyarrow Table")
                     for w in impact(pair, path).to_dict()["warnings"]]}
    labelled = tmp_path / "synth.parquet"  # read with pyarrow, a table keeps its labels
    write_cases(synthesize(20, seed=1), labelled, VOCAB,
                labels={"trustlaw.synthetic": "true", "trustlaw.note": "synthetic cases"})
    assert impact(pair, pq.read_table(labelled)).synthetic == "synthetic cases"


# ---- what a table may hold: nothing, other columns, nulls inside lists ---------------------


def test_an_empty_table_gives_no_rows() -> None:
    for empty in (arrow_schema(VOCAB).empty_table(), pa.table({"id": pa.array([], pa.string())})):
        table = trustlaw.batch(STATUTES, empty)
        assert table.num_rows == 0 and table.column_names[0] == "case_id"
    assert impact(IDS[:2], arrow_schema(VOCAB).empty_table()).cases == 0


def test_a_column_the_case_format_lacks_is_every_rows_error_and_warned(tmp_path: Path) -> None:
    table = pa.table({"id": ["a", "b"], "date": pa.array([dt.date(2015, 3, 2)] * 2),
                      "notes": ["", None]})
    with pytest.warns(trustlaw.CaseFileWarning, match="the pyarrow Table: the column `notes`"):
        rows = trustlaw.batch(IDS[0], table).to_pylist()
    assert rows == _file(table, tmp_path, IDS[0])
    assert [row["case_id"] for row in rows] == ["a", "b"]
    assert all(row["error"].startswith("notes: not a field of the case") for row in rows)


def test_nested_lists_with_nulls_inside_give_the_files_rows(tmp_path: Path) -> None:
    conviction = pa.struct([("level", pa.string()), ("date", pa.date32()),
                            ("tags", pa.list_(pa.string()))])
    table = pa.table({
        "date": pa.array([dt.date(2015, 3, 2)] * 5),
        "convictions": pa.array([
            [{"level": "felony", "date": None, "tags": None}],  # a field unknown
            None,  # the list unknown
            [],
            [None],  # a null element: that row's error
            [{"level": "misdemeanor", "date": dt.date(2010, 1, 1), "tags": [None]}],
        ], pa.list_(conviction)),
    })
    assert _columns_route(table)
    rows = _batch(table)
    assert rows == _file(table, tmp_path)
    errors = [row["error"] for row in rows[::len(STATUTES)]]
    assert errors[:3] == [None, None, None]
    assert errors[3].startswith("convictions[0]") and errors[4].startswith("convictions[0].tags")
    assert [row["case_id"] for row in rows[::len(STATUTES)]] == ["0", "1", "2", "3", "4"]


def test_a_column_named_twice_and_a_lazy_frame_are_refused() -> None:
    twice = pa.Table.from_arrays([pa.array(["a"]), pa.array(["b"])], names=["id", "id"])
    with pytest.raises(UsageValueError, match="names the column `id` twice") as caught:
        trustlaw.batch(IDS[0], twice)
    assert caught.value.diagnostics[0].code == "TL-U021"
    pl = pytest.importorskip("polars", reason="polars is not installed")
    with pytest.raises(UsageTypeError, match="not a LazyFrame") as lazy:
        impact(IDS[:1], pl.DataFrame({"id": ["a"]}).lazy())
    assert "frame.collect()" in str(lazy.value)


def test_decide_many_still_refuses_a_table_saying_how_to_give_its_rows() -> None:
    """decide_many yields one decision per case dict; a table is refused with the rows it
    could give instead (a pyarrow Table used to be refused as `not a Table`)."""
    with pytest.raises(UsageTypeError) as caught:
        list(trustlaw.decide_many(IDS[0], pa.table({"id": ["a"]})))
    assert caught.value.diagnostics[0].code == "TL-U020"
    assert "table.to_pylist()" in str(caught.value)
    assert "`trustlaw.batch`" in str(caught.value)
    from trustlaw.analysis.compare.impact import impact as compare_impact

    with pytest.raises(UsageTypeError, match="not a pyarrow RecordBatch"):
        compare_impact(None, pa.record_batch({"id": ["a"]}))  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match="not a pyarrow Table"):  # before the solver
        trustlaw.compare(IDS[0], IDS[1], cases=pa.table({"id": ["a"]}))


# ---- pandas --------------------------------------------------------------------------------


def test_a_pandas_frame_of_nullable_dtypes_keeps_unknowns_unknown(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    frame = pd.DataFrame({
        "id": pd.array(["a", None, "c"], dtype="string"),
        "date": [dt.date(2015, 3, 2), dt.date(2016, 1, 4), None],
        "agency": pd.array(["county_jail", None, "state_police"], dtype="string"),
        "local_policy_bars_hold": pd.array([True, None, False], dtype="boolean"),
        "person": [{"age": 34, "final_removal_order": True}, None,
                   {"gang_database": None, "age": None}],
        "request": [{"kinds": ["hold", "notification"], "hours_requested": 48}, None,
                    {"kinds": None}],
        "convictions": [[{"level": "felony", "tags": []}], [], None],
    })
    cases = in_memory(frame)
    assert isinstance(cases, TableCases)
    assert cases.table.schema.field("person").type.field("age").type == pa.int64()
    assert _columns_route(cases.table)
    rows = _batch(frame)
    written = tmp_path / "pandas.parquet"
    frame.to_parquet(written, index=False)
    assert rows == _batch(written)
    assert rows == _file(cases.table, tmp_path)
    assert [row["case_id"] for row in rows[::len(STATUTES)]] == ["a", "1", "c"]
    assert all(row["error"] is None for row in rows)
    for index, case in enumerate([
            {"id": "a", "date": "2015-03-02", "agency": "county_jail",
             "local_policy_bars_hold": True, "person": {"age": 34, "final_removal_order": True},
             "request": {"kinds": ["hold", "notification"], "hours_requested": 48},
             "convictions": [{"level": "felony", "tags": []}]},
            {"date": "2016-01-04", "convictions": []},
            {"id": "c", "agency": "state_police", "local_policy_bars_hold": False,
             "person": {}, "request": {}}]):
        for statute, row in zip(STATUTES, rows[index * len(STATUTES):], strict=False):
            assert {o: row[o] for o in ir.OUTCOMES} == statute.decide(case).outcomes


def test_a_pandas_float_holding_a_whole_number_is_read_as_the_whole_number() -> None:
    """A whole number read through pandas where a value is missing comes back 34.0
    (`pandas.read_parquet`, or dicts made from a float64 column). Each row with one was
    in error, and the usual pandas route decided a few cases in a hundred: 34.0 is now
    read as 34 where the case format has a whole number, and a number that is not whole
    (46.5) is still its rows' error, with a warning that names the field."""
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    ages = pd.Series([34.0, math.nan, 46.0])  # float64: a missing age
    frame = pd.DataFrame({"id": ["a", "b", "c"], "date": [dt.date(2015, 3, 2)] * 3,
                          "person": [{"age": age} for age in ages]})
    whole = pd.DataFrame({"id": ["a", "b", "c"], "date": [dt.date(2015, 3, 2)] * 3,
                          "person": [{"age": 34}, {"age": None}, {"age": 46}]})
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        rows = trustlaw.batch(IDS[0], frame).to_pylist()
    assert not any("whole" in str(w.message) for w in said)
    assert [row["error"] for row in rows] == [None, None, None]
    assert rows == trustlaw.batch(IDS[0], whole).to_pylist()
    half = frame.assign(person=[{"age": 34.0}, {"age": math.nan}, {"age": 46.5}])
    with pytest.warns(trustlaw.CaseFileWarning) as caught:
        rows = trustlaw.batch(IDS[0], half).to_pylist()
    words = [str(w.message) for w in caught if "not whole" in str(w.message)]
    assert len(words) == 1 and "the column `person.age` holds numbers that are not whole" \
        in words[0]
    assert rows[2]["error"] == "person.age: expected a whole number, got 46.5"
    assert rows[1]["error"] is None
    flat = pd.DataFrame({"id": ["a"], "reimbursement_agreement": [1.0]})  # no whole number
    assert "expected true or false" in trustlaw.batch(IDS[0], flat).column("error")[0].as_py()


def test_a_frame_read_back_by_pandas_is_decided_as_its_file(
        caseload: tuple[Path, pa.Table]) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    path, table = caseload
    aged = [i for i, case in enumerate(table.column("person").to_pylist())
            if case and case.get("age") is not None]
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        rows = trustlaw.batch(IDS[0], pd.read_parquet(path)).to_pylist()
    assert not any("whole" in str(w.message) for w in said)
    assert aged and not any("whole number" in (rows[i]["error"] or "") for i in aged)
    assert rows == _batch(path, IDS[0])  # its faulty cases are the file's errors


def test_whole_and_floating_point_numbers_in_one_object_column_are_not_made_alike() -> None:
    """Arrow would read 34 and 2.5 in one column as 34.0 and 2.5, putting the row of 34
    in error; the frame's rows are read as given instead."""
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    frame = pd.DataFrame({"id": ["a", "b", "c"], "date": ["2015-03-02"] * 3,
                          "person": [{"age": 34}, {"age": 2.5}, {"age": math.nan}],
                          "agency": [5, "county_jail", None]})  # two kinds: Arrow refuses
    rows = trustlaw.batch(IDS[0], frame).to_pylist()
    statute = STATUTES[0]
    assert rows[0]["error"].startswith("agency:") and "person.age" not in rows[0]["error"]
    assert rows[1]["error"].startswith("person.age: expected a whole number, got 2.5")
    assert rows[2]["error"] is None
    assert rows[2]["hold"] == statute.decide({"date": "2015-03-02", "person": {},
                                              "agency": None}).outcomes["hold"]
    assert [row["case_id"] for row in rows] == ["a", "b", "c"]


def test_the_frame_of_the_old_refusal_is_decided_as_its_rows(tmp_path: Path) -> None:
    """`trustlaw.batch(CT, frame)` and `impact` used to refuse a pandas or polars frame
    (TL-U020) and, before that, decide each column as a case."""
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    cases = [{"id": "a", "date": "2015-03-02", "agency": "state_corrections",
              "person": {"age": 34, "gang_database": True}, "convictions": []},
             {"id": "b", "date": "2015-03-02", "person": {"gang_database": False}}]
    frame = pd.DataFrame(cases)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    assert _batch(frame) == _batch(rows)
    assert impact(IDS, frame).counts == impact(IDS, rows).counts
    empty = pd.DataFrame({"id": pd.Series([], dtype="string")})
    assert trustlaw.batch(IDS[0], empty).num_rows == 0
    unnamed = pd.DataFrame(index=range(2))  # rows of no column: two cases of no fact
    assert _batch(unnamed, IDS[0]) == _batch([{}, {}], IDS[0])


def test_a_pandas_column_named_twice_is_refused() -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    frame = pd.DataFrame([["a", "b"]], columns=["id", "id"])
    with pytest.raises(UsageValueError, match="names the column `id` twice"):
        impact(IDS[:1], frame)
