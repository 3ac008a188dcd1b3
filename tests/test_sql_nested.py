"""The nested form of the SQL backend (DuckDB): list functions, picked fields, date shifts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw import ir
from trustlaw.backends.sql import DuckDBEngine, compile_sql, evaluate
from trustlaw.backends.sql.expressions import Scope
from trustlaw.backends.sql.layout import LayoutError
from trustlaw.backends.sql.nested import (
    NestedTranslator,
    case_schema,
    case_table,
    read_schema,
    select_fields,
    vocabulary_fields,
)
from trustlaw.cases.synth import synthesize
from trustlaw.dates import shift_date

pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

CT, CA = "ct/pa-13-155", "ca/sb54-2017"
DURATIONS = [ir.Duration(years=1), ir.Duration(years=5), ir.Duration(years=15),
             ir.Duration(months=1), ir.Duration(months=13), ir.Duration(years=1, months=1),
             ir.Duration(days=366), ir.Duration(years=3, days=40), ir.Duration(months=5, days=3),
             ir.Duration(years=2, months=11, days=30), ir.Duration(years=9000),
             ir.Duration(years=10000), ir.Duration(days=4_000_000)]
EDGE_DAYS = [dt.date(2020, 2, 29), dt.date(2000, 2, 29), dt.date(1900, 2, 28),
             dt.date(2019, 1, 31), dt.date(2019, 3, 31), dt.date(2100, 2, 28), dt.date(1, 1, 1),
             dt.date(5, 12, 31), dt.date(6, 1, 1), dt.date(9998, 12, 31), dt.date(9999, 1, 1),
             dt.date(9999, 12, 31)]


def _shifted(days: list[dt.date]) -> None:
    translator = NestedTranslator("cal")
    fact = ir.Fact(("d",), ir.DATE)
    shifts = [(d, sign) for d in DURATIONS for sign in (1, -1)]
    columns = [translator.translate(ir.ShiftDate(fact, d, sign), Scope(translator))
               for d, sign in shifts]
    query = sqlglot.exp.select(sqlglot.exp.column("d", table="k", quoted=True), *columns)
    query = query.from_(sqlglot.exp.Table(
        this=sqlglot.exp.to_identifier("cal", quoted=True),
        alias=sqlglot.exp.TableAlias(this=sqlglot.exp.to_identifier("k", quoted=True))))
    connection = duckdb.connect()
    connection.register("cal", pa.table({"d": pa.array(days, pa.date32())}))
    for row in connection.execute(query.sql(dialect="duckdb")).fetchall():
        for (duration, sign), got in zip(shifts, row[1:], strict=True):
            if isinstance(got, dt.datetime):
                got = got.date()
            assert got == shift_date(row[0], duration, sign), (row[0], duration, sign)


def test_nested_date_shifts_follow_trustlaw_dates_at_the_edges() -> None:
    _shifted(EDGE_DAYS)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, database=None)
@given(st.lists(st.dates(), min_size=1, max_size=60))
def test_nested_date_shifts_follow_trustlaw_dates_on_any_day(days: list[dt.date]) -> None:
    _shifted(days)


def test_the_nested_form_reads_lists_with_list_functions() -> None:
    text = compile_sql([trustlaw.load(CT).program, trustlaw.load(CA).program], nested=True)
    assert "LIST_TRANSFORM" in text and "LAMBDA" in text
    assert "JOIN" not in text and "GROUP BY" not in text
    assert '"cases__convictions"' not in text
    assert sqlglot.parse_one(text, read="duckdb") is not None


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
def test_the_nested_form_is_duckdbs_alone(dialect: str) -> None:
    with pytest.raises(trustlaw.UsageError, match="nested form"):
        compile_sql(trustlaw.load(CT).program, dialect, nested=True)


def test_the_nested_table_holds_only_what_the_statutes_read() -> None:
    statute = trustlaw.load(CA)
    schema = read_schema([statute.program], statute.vocabulary)
    assert schema.names[:2] == ["row", "case_id"]
    conviction = schema.field("convictions").type.value_type
    assert {f.name for f in conviction} == {
        "level", "youthful_offender", "vacated", "tags", "date", "court"}
    assert "age" not in {f.name for f in schema.field("person").type}


def _cases(n: int, seed: int) -> list[dict]:
    statute = trustlaw.load(CT)
    cases = []
    for case in itertools.islice(synthesize(n, seed=seed), n):
        case.pop("id", None)
        cases.append(statute.validate(case))
    # unknown and empty lists, absent records, unknown fields inside elements
    cases += [statute.validate(c) for c in (
        {}, {"convictions": [], "charges": None},
        {"person": {}, "convictions": [{"tags": []}, {"level": "felony"}]},
    )]
    return cases


def test_fields_are_picked_out_of_a_full_table_as_they_were_written() -> None:
    statutes = [trustlaw.load(CT), trustlaw.load(CA)]
    cases = _cases(200, 3)
    full = case_table(case_schema(*vocabulary_fields(statutes[0].vocabulary)), cases,
                      range(len(cases)))
    wanted = read_schema([s.program for s in statutes], statutes[0].vocabulary)
    # several chunks, sliced (offsets inside the buffers), as a Parquet reader gives them
    chunked = pa.Table.from_batches(
        [full.slice(0, 77).to_batches()[0], full.slice(77).to_batches()[0]])
    picked = select_fields(chunked, wanted)
    assert picked.schema == wanted
    picked.validate(full=True)
    assert picked.to_pylist() == case_table(wanted, cases, range(len(cases))).to_pylist()
    with pytest.raises(LayoutError, match="no column"):
        select_fields(full.drop_columns(["convictions"]), wanted)


def test_the_nested_and_flat_forms_agree_row_for_row() -> None:
    statutes = [trustlaw.load(CT), trustlaw.load(CA)]
    cases = _cases(400, 11)

    class Flat(DuckDBEngine):
        nested = False

    nested_rows = evaluate(statutes, cases)
    with Flat() as flat:
        assert evaluate(statutes, cases, engine=flat) == nested_rows
