"""A Parquet caseload in the case layout → batch output, a chunk of whole columns at a time.

The row route (`run.decide_rows`) makes a Python dict of every case, validates it and
lays it out in Arrow again: some 15,000 cases a second, where the query itself decides
a million. A Parquet file whose columns already have the types of the case layout
(`trustlaw.caseload.io.arrow_schema`, as `trustlaw synth` and `write_cases` write it:
any of its columns and fields, and an ``id`` string column; or types holding the same
values, such as the large strings and lists of pandas and polars, cast a chunk at a time)
is decided here instead, in DuckDB, without a Python object per case:

1. each chunk is laid out as the nested case table, a missing column or field all null
   (unknown, as a fact left out of a case is);
2. what the validator checks beyond Arrow's types is checked over whole columns: an enum
   value or tag outside the vocabulary, a null element of a list, a list longer than
   `MAX_LIST_LENGTH`, a date outside the years 1–9999, an id over 200 characters, and
   the vocabulary's constraints (one query, `backends.sql.violations`);
3. the cases that pass are decided in one query (`compile_sql(..., nested=True)`); the
   others go the row route, which says what is wrong with each (or decides it: these
   checks may send a good case there, never let a bad one through).

So every row is the row route's row (tests/test_caseload_columnar.py holds the two
routes to each other), only faster.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import ir
from ..cases.limits import MAX_LIST_LENGTH
from ..cases.validation import CASE_ID_MAX
from .arrow_rows import Row
from .rows import as_numpy

__all__ = ["ColumnarPlan", "Screened", "any_element", "as_mask", "chunks", "columnar_plan",
           "decide_screened", "layout_plan", "load_cleared", "rows_of", "schema_plan", "screen",
           "screen_rows", "screened_batches", "screened_parquet", "takes_columns"]

# The days of date32 that `datetime.date` can hold (0001-01-01 … 9999-12-31).
_FIRST_DAY, _LAST_DAY = -719_162, 2_932_896
_ID = "id"

RowRoute = Callable[[list[tuple[int, Any, str | None]]], Iterator[dict[str, Any]]]


@attrs.frozen
class ColumnarPlan:
    """What deciding a file column by column needs, worked out once per batch."""

    statutes: tuple[Any, ...]
    vocabulary: ir.Vocabulary
    full: Any  # the nested case table of every fact: row, case_id, the vocabulary's fields
    read: Any  # the part of it the statutes read (and the request's limits: RequestLimits)
    decide_sql: str
    violations_sql: str | None  # None: the vocabulary has no constraint
    table: str  # the name the case table is registered under
    cast: Any = None  # the file's schema in the layout's types, where the file's differ
    warnings: bool = False  # the query also gives the ``warnings`` column


Item = tuple[int, Any, "str | None"]  # (row number, case or None, error or None)


@attrs.frozen
class Screened:
    """A chunk of a case file after the column checks: the nested case table of the
    cases read in columns (None when none was) and which of them every check clears,
    and the chunk's other cases as the row route reads them (numbered, in order).
    `numbers` holds every case's row number, in order (blank lines have none)."""

    table: Any
    clear: Any
    items: list[Item]
    numbers: Any


def columnar_plan(statutes: Sequence[Any], path: str | os.PathLike[str],
                  engine: Any, warnings: bool = False) -> ColumnarPlan | None:
    """The plan for deciding `path` column by column, or None when the row route must
    do it: another engine than DuckDB, a file that is not Parquet, cannot be opened or
    has a column or field outside the case layout (the row route then says what)."""
    from .io import case_format

    if not takes_columns(engine):
        return None
    try:
        if case_format(path) != "parquet":
            return None
        import pyarrow.parquet as pq

        schema = pq.ParquetFile(path).schema_arrow
    except Exception:  # the row route reports an unreadable file or an unknown format
        return None
    return schema_plan(statutes, schema, warnings)


def schema_plan(statutes: Sequence[Any], schema: Any,
                warnings: bool = False) -> ColumnarPlan | None:
    """The plan for deciding cases of the Arrow `schema` (a Parquet file's, or a table's
    held in memory) column by column, or None when a column or field is outside the case
    layout or of a type holding other values (the row route then says what)."""
    plan = layout_plan(statutes, warnings)
    if plan is None:
        return None
    layout = _layout_of(schema, plan.full)
    if layout is None:
        return None
    return plan if layout == schema else attrs.evolve(plan, cast=layout)


def takes_columns(engine: Any) -> bool:
    """Whether `engine` decides a case table registered from Arrow (DuckDB does)."""
    return bool(getattr(engine, "nested", False) and hasattr(engine, "run_arrow"))


def layout_plan(statutes: Sequence[Any], warnings: bool = False) -> ColumnarPlan | None:
    """The plan for deciding cases already in the case layout's types, or None when the
    statutes' vocabulary cannot be (a fact named ``id``, a constraint SQL cannot hold).
    `warnings`: the query also gives each row's ``warnings`` (`Statute.case_warnings`)."""
    from ..backends import sql
    from ..backends.sql.layout import table_name
    from ..backends.sql.nested import case_schema, read_schema, vocabulary_fields
    from ..backends.sql.violations import compile_violations

    vocab = statutes[0].vocabulary
    programs = [s.program for s in statutes]
    requests = [s.request_limits for s in statutes]
    checks = [s.case_warnings for s in statutes] if warnings else None
    full = case_schema(*vocabulary_fields(vocab))
    read = read_schema(programs, vocab, [e for r in [*requests, *(checks or ())]
                                         if r is not None for e in r.reads()])
    if full is None or read is None or vocab.field(_ID) is not None:
        return None
    try:
        violations = compile_violations(vocab.constraints) if vocab.constraints else None
    except ir.UnsupportedNode:
        return None
    return ColumnarPlan(tuple(statutes), vocab, full, read,
                        sql.compile_sql(programs, "duckdb", nested=True, requests=requests,
                                        warnings=checks),
                        violations,
                        table_name("cases", ()), warnings=warnings)


def _layout_of(schema: Any, full: Any) -> Any | None:
    """`schema` with the case layout's types (`full`), or None when a column is neither
    the ``id`` string nor a fact of the layout (a struct may lack fields, never add one).
    A type that holds the same values is taken and cast: the large strings and lists
    pandas and polars write, string views, dictionary-encoded strings (a category),
    narrower whole numbers, and an all-null column (unknown)."""
    import pyarrow as pa

    from .io import _named_twice

    facts = {field.name: field.type for field in list(full)[2:]}

    def conform(kind: Any, want: Any) -> Any | None:
        if pa.types.is_null(kind):
            return want
        if pa.types.is_struct(want):
            if not pa.types.is_struct(kind):
                return None
            fields = []
            for f in kind:
                at = want.get_field_index(f.name)
                inner = conform(f.type, want.field(at).type) if at >= 0 else None
                if inner is None:
                    return None
                fields.append(pa.field(f.name, inner, f.nullable))
            return pa.struct(fields)
        if pa.types.is_list(want):
            if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)):
                return None
            inner = conform(kind.value_type, want.value_type)
            return None if inner is None else pa.list_(
                pa.field(kind.value_field.name, inner, kind.value_field.nullable))
        if want == pa.string() and _is_string(kind):
            return want
        if want == pa.int64() and pa.types.is_integer(kind):
            return want  # a value past int64 fails the cast: the rows then say what
        return want if kind == want else None

    if _named_twice(schema) is not None:  # the row route refuses the file
        return None
    fields = []
    for field in schema:
        want = pa.string() if field.name == _ID else facts.get(field.name)
        kind = None if want is None else conform(field.type, want)
        if kind is None:
            return None
        fields.append(pa.field(field.name, kind, field.nullable))
    return pa.schema(fields)


def _is_string(kind: Any) -> bool:
    """Whether an Arrow type holds text: a string, a large one, a view, or a dictionary
    of them."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    view = getattr(pa.types, "is_string_view", None)  # pyarrow 16 on
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or (view is not None and view(kind)))


def screened_parquet(plan: ColumnarPlan, path: str | os.PathLike[str], engine: Any,
                     chunk: int) -> Iterator[Screened]:
    """Every chunk of `path` screened (`screen`), in order."""
    return screened_batches(plan, chunks(path, chunk), engine)


def screened_batches(plan: ColumnarPlan, batches: Iterable[tuple[Any, int]],
                     engine: Any) -> Iterator[Screened]:
    """Every record batch (with its first row's number: `chunks`, or a table's in memory,
    `arrow_rows.table_batches`) screened (`screen`), in order."""
    import numpy as np

    for batch, first in batches:
        table, clear = screen(plan, batch, first, engine)
        unclear = np.flatnonzero(~clear)
        items = [(first + int(i), case, error) for i, (case, error)
                 in zip(unclear, rows_of(batch, first, unclear), strict=True)]
        yield Screened(table, clear, items, np.arange(first, first + batch.num_rows))


def chunks(path: str | os.PathLike[str], chunk: int) -> Iterator[tuple[Any, int]]:
    """Each record batch of a Parquet file (at most `chunk` rows) with its first row's
    number; a file found damaged part-way is a `UsageError` as on the row route."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .io import _not_parquet

    first = 0
    batches = pq.ParquetFile(path).iter_batches(batch_size=chunk)
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError, OverflowError, pa.ArrowException) as error:
            raise _not_parquet(Path(path), error) from None
        if batch is None:
            return
        yield batch, first
        first += batch.num_rows


def screen(plan: ColumnarPlan, batch: Any, first: int, engine: Any) -> tuple[Any, Any]:
    """A chunk as the nested case table of every fact (rows numbered from `first`), and
    which of its cases every check clears (a numpy mask): `screen_rows`. A chunk that
    holds a value Arrow finds invalid (a string that is not UTF-8) or that will not cast
    to the layout clears no case (and has no table): the row route reads every one."""
    import numpy as np
    import pyarrow as pa

    n = batch.num_rows
    source = pa.Table.from_batches([batch])
    try:
        batch.validate(full=True)
        if plan.cast is not None:
            source = source.cast(plan.cast)
    except (ValueError, OverflowError, pa.ArrowException):  # e.g. a uint64 past int64
        return None, np.zeros(n, dtype=bool)  # the rows say what is wrong
    return screen_rows(plan, source, np.arange(first, first + n), engine)


def screen_rows(plan: ColumnarPlan, source: Any, rows: Any, engine: Any) -> tuple[Any, Any]:
    """Cases in the layout's types (an Arrow table: any of its facts, and ``id``) as the
    nested case table of every fact, numbered by `rows` (ascending), and which of them
    every check clears: the column checks, then the vocabulary's constraints in one
    query."""
    import numpy as np
    import pyarrow as pa

    from ..backends.sql.nested import select_fields

    n = source.num_rows
    facts = select_fields(source, pa.schema(list(plan.full)[2:]), missing_as_unknown=True)
    ids = source.column(_ID) if _ID in source.column_names else pa.nulls(n, pa.string())
    table = pa.Table.from_arrays(
        [pa.array(rows, pa.int64()), ids, *facts.columns], schema=plan.full)
    clear = ~_malformed(table, plan.vocabulary)
    if plan.violations_sql is not None and clear.any():
        engine.load_nested(plan.table, table)
        result = engine.run_arrow(plan.violations_sql)
        at = np.searchsorted(rows, result.column(0).to_numpy())
        broken = np.zeros(n, dtype=bool)
        broken[at] = result.column(1).fill_null(False).to_numpy(zero_copy_only=False)
        clear &= ~broken
    return table, clear


def rows_of(batch: Any, first: int, indices: Any) -> list[Row]:
    """The cases at `indices` of a batch whose first row is `first`, as the row route
    reads them: (case, None), or (``{"id": …}`` or None, the row's error)."""
    from .arrow_rows import batch_rows

    return batch_rows(batch, first, [int(i) for i in indices])


def load_cleared(plan: ColumnarPlan, table: Any, clear: Any, engine: Any) -> None:
    """Register the cleared cases of a screened chunk, the facts the statutes read, as
    the case table of the next query."""
    import pyarrow as pa

    from ..backends.sql.nested import select_fields

    engine.load_nested(plan.table, select_fields(table.filter(pa.array(clear)), plan.read))


def decide_screened(plan: ColumnarPlan, screened: Screened, engine: Any, schema: Any,
                    row_route: RowRoute) -> Any:
    """The output rows of a screened chunk: its cleared cases decided in one query, its
    items by `row_route`, merged by row number, then statute as given."""
    import numpy as np
    import pyarrow as pa

    parts = []
    table, clear, items = screened.table, screened.clear, screened.items
    if table is not None and clear.any():
        load_cleared(plan, table, clear, engine)
        parts.append(_decided(plan, engine))
    if items:
        numbers = np.array([number for number, _, _ in items], dtype=np.int64)
        parts.append(_from_rows(list(row_route(items)), numbers, len(plan.statutes),
                                schema))
    if not parts:
        return schema.empty_table()
    merged = parts[0] if len(parts) == 1 else pa.concat_tables(parts).sort_by(
        [("·row", "ascending"), ("·statute", "ascending")])
    return merged.select(schema.names)


def _malformed(table: Any, vocab: ir.Vocabulary) -> Any:
    """Per case, whether a column check fails (`_bad` over each fact; an id too long)."""
    import numpy as np
    import pyarrow.compute as pc

    bad = np.zeros(table.num_rows, dtype=bool)
    ids = table.column(1)
    if ids.null_count < len(ids):
        bad |= as_mask(pc.fill_null(pc.greater(pc.utf8_length(ids), CASE_ID_MAX), False))
    for field in vocab.fields:
        bad |= _bad(table.column(field.name).combine_chunks(), field.type, vocab)
    return bad


def _bad(array: Any, kind: ir.Type, vocab: ir.Vocabulary) -> Any:
    """Per value of `array` (of `kind`, in the case layout), whether the validator would
    refuse it or may (then the row route looks). Arrow's types already rule out a value
    of another kind; a null value is unknown, which is never wrong."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(array)
    if isinstance(kind, ir.EnumType):
        inside = pc.is_in(array, value_set=pa.array(kind.values, pa.string()))
        return as_mask(pc.and_(pc.is_valid(array), pc.invert(inside)))
    if isinstance(kind, ir.DateType):
        days = array.cast(pa.int32())
        return as_mask(pc.fill_null(
            pc.or_(pc.less(days, _FIRST_DAY), pc.greater(days, _LAST_DAY)), False))
    if isinstance(kind, ir.RecordType):
        info = vocab.record(kind.name)
        bad = np.zeros(n, dtype=bool)
        parts = array.flatten()  # the record's nulls carried into its fields
        for index, field in enumerate(info.fields if info is not None else ()):
            bad |= _bad(parts[index], field.type, vocab)
        return bad
    if isinstance(kind, ir.ListType):
        elements = array.flatten()
        wrong = _bad(elements, kind.element, vocab) | as_mask(elements.is_null())
        too_long = pc.greater(pc.list_value_length(array), MAX_LIST_LENGTH)
        return any_element(array, wrong) | as_mask(pc.fill_null(too_long, False))
    return np.zeros(n, dtype=bool)  # yes/no and whole numbers: any value of the type


def as_mask(array: Any) -> Any:
    """An Arrow array of booleans as a numpy mask."""
    return as_numpy(array).astype(bool, copy=False)


def any_element(lists: Any, wrong: Any) -> Any:
    """Per list of `lists`, whether any of its elements is `wrong` (a mask over the
    flattened elements)."""
    import numpy as np
    import pyarrow.compute as pc

    owner = pc.list_parent_indices(lists).to_numpy()
    return np.bincount(owner[wrong], minlength=len(lists))[: len(lists)] > 0


def _decided(plan: ColumnarPlan, engine: Any) -> Any:
    """The output rows of the cases `load_cleared` registered, decided in one query."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    result = engine.run_arrow(plan.decide_sql)
    position = [statute.id for statute in plan.statutes]
    statute = result.column("statute").cast(pa.string())
    order = pc.index_in(statute, value_set=pa.array(position, pa.string())).to_numpy()
    rows = result.column("row").to_numpy()
    key = rows * len(position) + order
    if len(key) > 1 and not (key[1:] > key[:-1]).all():  # by case, then statute as given
        sort = pa.array(np.argsort(key, kind="stable"))
        result, rows, order = result.take(sort), rows[sort], order[sort]
        statute = statute.take(sort)
    return pa.table({
        "case_id": result.column("case_id").cast(pa.string()),
        "statute": statute,
        **{name: result.column(name).cast(pa.string()) for name in ir.OUTCOMES},
        "max_hold_hours": result.column("max_hold_hours").cast(pa.int64()),
        "hold_ground": result.column("hold_ground").cast(pa.string()),
        "error": pa.nulls(result.num_rows, pa.string()),
        **({"warnings": result.column("warnings").cast(pa.list_(pa.string()))}
           if plan.warnings else {}),
        "·row": pa.array(rows, pa.int64()),
        "·statute": pa.array(order, pa.int64()),
    })


def _from_rows(rows: list[dict[str, Any]], numbers: Any, statutes: int, schema: Any) -> Any:
    """The row route's rows (`statutes` per case, in order) as a table like `_decided`'s."""
    import numpy as np
    import pyarrow as pa

    table = pa.Table.from_pylist(rows, schema=schema)
    return table.append_column("·row", pa.array(np.repeat(numbers, statutes), pa.int64())) \
        .append_column("·statute", pa.array(np.tile(np.arange(statutes), len(numbers)),
                                            pa.int64()))
