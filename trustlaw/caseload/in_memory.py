"""A caseload held in memory as a table → the Parquet route, without writing a file.

A researcher in a notebook holds cases as a table: a pyarrow Table or RecordBatch, or a
polars or pandas DataFrame laid out as a Parquet case file is (docs/batch.md: one column
per top-level fact, records as structs, lists as lists of structs, dates as dates, an
``id`` string column). `trustlaw.batch` and `impact` take such a table as the Arrow table
a Parquet file with the same columns reads as: its schema is held to the case layout as a
file's is (`columnar.schema_plan`), its chunks are screened and decided a chunk of columns
at a time in DuckDB (`by_columns.table_chunks`), and a table outside the layout is read
row by row as a file's rows are (`io.read_table`). So every row is the row that writing
the table to Parquet and batching the file gives: the case's `id`, else its 0-based row
number, and a bad case its row's error.

A pandas frame is converted with ``pyarrow.Table.from_pandas(frame, preserve_index=False)``
(the index is not read), which keeps each missing value (None, NaN, ``pd.NA``, ``NaT``)
null, so unknown, in nullable dtypes and object columns alike. That is faithful except
where Arrow must find one type for an object column's Python values: whole and
floating-point numbers together (a dict's ``age`` 34 in one row and 2.5 in another) all
become floating-point, 34.0, and values of kinds no one type holds (34 and ``"34"``) are
refused. Such a frame is read as rows of dicts instead, each missing value None, so that
each value reaches the validator as given and a bad one is its row's error. A float64
column (pandas' type for a whole-number column with a missing value), or a record's
floating-point field (``pandas.read_parquet`` makes ``person.age`` one where a person's
age is null), is made whole again where the case layout has whole numbers and every value
there is whole (`whole_numbers`): nothing is lost, and the usual pandas route decides
its rows. Where a value is not whole (46.5), the table stays as it is: each row with a
value there is in error (``person.age: expected a whole number, got 46.5``), and a
warning (`frame_warnings`) names the column.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from ..diagnostics import Diagnostic, UsageTypeError, bad_value, shown_name, table_kind
from .flat_tables import flat_cases, is_flat, plain_value
from .words import short

__all__ = ["TableCases", "frame_warnings", "in_memory", "is_table", "whole_numbers"]


@attrs.frozen
class TableCases:
    """A caseload held in memory as an Arrow table (what `in_memory` made of a pyarrow,
    polars or pandas table), with the library that gave it, for messages."""

    table: Any
    library: str  # "pyarrow", "polars" or "pandas"

    @property
    def name(self) -> str:
        """How a warning names the table: ``the pandas DataFrame``."""
        return f"the {self.library} {'Table' if self.library == 'pyarrow' else 'DataFrame'}"


def is_table(value: object) -> bool:
    """Whether `value` is a pyarrow Table or RecordBatch, or a polars or pandas frame."""
    return table_kind(value) is not None


def in_memory(source: Any, where: str = "batch(cases=…)") -> Any:
    """`source` as a batch reads it: a table of cases (`is_table`) as `TableCases`, one
    in the CSV layout's dotted columns as `flat_tables.FlatCases`, or a pandas frame
    Arrow cannot hold faithfully as its rows (dicts, None where a value is missing);
    anything else as it is. A polars LazyFrame, a column named twice or a
    polars column of Python objects is a usage error (`where` names the argument)."""
    kind = table_kind(source)
    if kind is None:
        return source
    library, name = kind
    if name == "LazyFrame":
        raise UsageTypeError([Diagnostic(
            "TL-U020", f"{where} takes a polars DataFrame, not a LazyFrame, whose rows are "
            "not computed yet", None, "give `frame.collect()`")])
    if library == "pandas":
        return _from_pandas(source, where)
    if library == "polars":
        table = _checked(_from_polars(source, where), "polars", where)
        return flat_cases(table, "polars") if is_flat(table.column_names) else \
            TableCases(table, "polars")
    import pyarrow as pa

    table = _checked(source if name == "Table" else pa.Table.from_batches([source]),
                     "pyarrow", where)
    return flat_cases(table, "pyarrow") if is_flat(table.column_names) else \
        TableCases(table, "pyarrow")


def _checked(table: Any, library: str, where: str) -> Any:
    """`table`, unless it names a column or struct field twice: a row would keep one of
    the two values, a guess, so it is refused as a Parquet file naming one twice is."""
    from .io import _named_twice

    twice = _named_twice(table.schema)
    if twice is not None:
        raise bad_value(where, f"the {library} table names the column `{short(twice)}` twice",
                        "give each fact one column (a record's fields inside one struct "
                        "column)")
    return table


def _from_polars(frame: Any, where: str) -> Any:
    """A polars frame as Arrow (`DataFrame.to_arrow`: large strings and lists, which the
    case layout takes); a column of Python objects, which Arrow holds as their addresses,
    is refused."""
    import polars as pl

    for name, dtype in frame.schema.items():
        if dtype == pl.Object:
            raise bad_value(where, f"the polars DataFrame's column `{shown_name(name)}` holds "
                            "Python objects (polars' Object type), which Arrow cannot read",
                            "give it a type of the case layout (docs/batch.md): String, "
                            "Boolean, Int64, Date, a Struct or a List")
    return frame.to_arrow()


def _from_pandas(frame: Any, where: str) -> Any:
    """A pandas frame as `TableCases`, or as rows of dicts where Arrow would change a
    value (see the module's docstring)."""
    import pyarrow as pa

    names = [str(name) for name in frame.columns]
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:  # to_dict and from_pandas would each keep one, or refuse
        raise bad_value(where, f"the pandas DataFrame names the column `{short(twice)}` twice",
                        "give each fact one column (a record's fields as dicts in one "
                        "column)")
    if is_flat(names):  # the CSV layout's columns (`person.age`): read as its rows are
        return flat_cases(frame, "pandas")
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        return _pandas_rows(frame, names)  # values of two kinds in one column
    from pandas.api.types import is_object_dtype

    guessed = any(is_object_dtype(dtype) and _holds_float(table.schema.field(i).type)
                  and _has_int(frame.iloc[:, i]) for i, dtype in enumerate(frame.dtypes))
    if guessed or table.num_rows != len(frame):  # no column, yet rows: each an empty case
        return _pandas_rows(frame, names)
    return TableCases(table.replace_schema_metadata(None), "pandas")


def _holds_float(kind: Any) -> bool:
    """Whether an Arrow type is, or holds, a floating-point number."""
    import pyarrow as pa

    if pa.types.is_floating(kind):
        return True
    if pa.types.is_struct(kind):
        return any(_holds_float(field.type) for field in kind)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _holds_float(kind.value_type)
    return False


def _has_int(values: Any) -> bool:
    """Whether a whole number (not a yes/no) is among `values`, inside dicts and lists
    too: where Arrow found a floating-point type for them, it made it 34.0."""
    import numpy as np

    for value in values:
        if isinstance(value, Mapping):
            value = list(value.values())
        if isinstance(value, (list, tuple, np.ndarray)):
            if _has_int(value):
                return True
        elif isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
            return True
    return False


def _pandas_rows(frame: Any, names: Sequence[str]) -> Iterator[dict[str, Any]]:
    """A pandas frame's rows as case dicts, each value as given but a missing one None
    (as `pyarrow.Table.from_pandas` reads NaN, ``pd.NA`` and ``NaT``: unknown)."""
    for values in frame.itertuples(index=False, name=None):
        yield {name: plain_value(value) for name, value in zip(names, values, strict=True)}


def whole_numbers(cases: Any, vocab: Any) -> Any:
    """`cases` with each floating-point column or field where the case layout has whole
    numbers made whole, when every value there is whole (pandas makes a whole-number
    column floating-point as soon as one value is missing); as it was otherwise, or when
    `cases` is not a `TableCases`."""
    import pyarrow as pa

    from .io import arrow_schema

    if not isinstance(cases, TableCases):
        return cases
    layout = {f.name: f.type for f in arrow_schema(vocab)}
    table = cases.table
    for at, field in enumerate(table.schema):  # column by column: one not whole stays
        kind = _whole(field.type, layout.get(field.name))
        if kind == field.type:
            continue
        try:
            column = table.column(at).cast(kind, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            continue  # a value that is not whole: its rows are in error, and warned of
        table = table.set_column(at, field.with_type(kind), column)
    return cases if table is cases.table else attrs.evolve(cases, table=table)


def _whole(kind: Any, wanted: Any) -> Any:
    """`kind` with each floating-point type where `wanted` (the case layout's type) has a
    whole number made int64, inside structs and lists too."""
    import pyarrow as pa

    from .arrow_rows import is_list_kind

    if wanted is None:
        return kind
    if pa.types.is_floating(kind) and pa.types.is_integer(wanted):
        return pa.int64()
    if pa.types.is_struct(kind) and pa.types.is_struct(wanted):
        inner = {f.name: f.type for f in wanted}
        return pa.struct([f.with_type(_whole(f.type, inner.get(f.name))) for f in kind])
    if is_list_kind(kind) and pa.types.is_list(wanted):
        element = _whole(kind.value_type, wanted.value_type)
        return pa.large_list(element) if pa.types.is_large_list(kind) else pa.list_(element)
    return kind


def frame_warnings(statutes: Sequence[Any], cases: TableCases) -> list[str]:
    """What the table's schema tells before any row is decided, as a Parquet file's
    header does (`file_warnings.schema_warnings`: columns the case format lacks, facts a
    statute reads it has no column for), and the columns or fields that are
    floating-point where the case format has whole numbers."""
    from .file_warnings import schema_warnings

    out = schema_warnings(statutes, cases.table.schema, cases.name)
    floating = _floating(cases.table.schema, statutes[0].vocabulary)
    if floating:
        fix = "give whole numbers there (34, not 34.5), null where a fact is unknown"
        one = len(floating) == 1
        listed = ", ".join(f"`{shown_name(path, 80)}`" for path in floating)
        out.append(f"{cases.name}: {'the column' if one else 'the columns'} {listed} "
                   f"{'holds' if one else 'hold'} numbers that are not whole where the "
                   f"case format has whole numbers, so each row with one there is in error "
                   f"(`{floating[0]}: expected a whole number`): {fix}")
    return out


def _floating(schema: Any, vocab: Any) -> list[str]:
    """The paths (``person.age``, ``convictions[].age_at_judgment``) where `schema` has
    a floating-point number and the case layout a whole one."""
    import pyarrow as pa

    from .arrow_rows import is_list_kind
    from .io import arrow_schema

    found: list[str] = []

    def walk(fields: Any, want: Mapping[str, Any], prefix: str) -> None:
        for field in fields:
            kind, wanted, path = field.type, want.get(field.name), prefix + field.name
            while wanted is not None and is_list_kind(kind) and pa.types.is_list(wanted):
                kind, wanted, path = kind.value_type, wanted.value_type, path + "[]"
            if wanted is None:
                continue
            if pa.types.is_floating(kind) and pa.types.is_integer(wanted):
                found.append(path)
            elif pa.types.is_struct(kind) and pa.types.is_struct(wanted):
                walk(list(kind), {f.name: f.type for f in wanted}, path + ".")

    layout = arrow_schema(vocab)
    walk(list(schema), {f.name: f.type for f in layout}, "")
    return found
