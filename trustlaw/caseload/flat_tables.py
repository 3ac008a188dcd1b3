"""A table of cases in the CSV layout's columns (``person.age``, ``request.form``) → its
cases, each row read as the same row of a CSV file is.

A researcher who reads a CSV file of cases into pandas (``pd.read_csv``) or polars, or
builds a table with the column names the CSV layout uses (docs/batch.md, "Input: the
column layout"), holds a flat table: one column per leaf of a record, named by its dotted
path, and a list as one column. No column of the nested (Parquet) layout has a dot in its
name, so a table with one is read in the CSV layout: a record is made of the columns
under its name, a record none of whose values is given is absent, and a missing value
(None, NaN, ``pd.NA``, ``NaT``) or an empty text is unknown. Text is read as a CSV cell is
(`csv_cases.csv_case`: ``"true"`` a yes, ``"34"`` a whole number, a list's JSON text its
list); a value of another kind (34, True, a date, a list) is taken as given, and the
validator says what is wrong with it, as for a Parquet file; but a whole number held as a
floating-point one (34.0: pandas makes a whole-number column floating-point as soon as a
value is missing) is taken as the whole number where the case format has one. A column
the case format lacks puts every row in error with the CSV route's words. The rows are
read one by one (the row route), never a chunk of columns at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from ..diagnostics import shown_name
from .csv_cases import Read, csv_unknown, leaf_types, value_case
from .file_warnings import header_warnings

__all__ = ["FlatCases", "flat_cases", "flat_reads", "flat_warnings", "is_flat", "plain_value"]


@attrs.frozen
class FlatCases:
    """A table of cases in the CSV layout's columns, held in memory: its column names,
    its rows' values in that order (read afresh at each call), those of its columns that
    are floating-point and hold a number that is not whole (34.5: a whole 34.0 is read as
    34), and the library that gave it, for messages."""

    columns: tuple[str, ...]
    rows: Callable[[], Iterator[Sequence[Any]]]
    floating: tuple[str, ...]
    library: str  # "pyarrow", "polars" or "pandas"

    @property
    def name(self) -> str:
        """How a warning names the table: ``the pandas DataFrame``."""
        return f"the {self.library} {'Table' if self.library == 'pyarrow' else 'DataFrame'}"


def is_flat(columns: Sequence[Any]) -> bool:
    """Whether a table with these column names is in the CSV layout: one of them is a
    dotted path (``person.age``), which no column of the nested layout is."""
    return any("." in str(column) for column in columns)


def flat_cases(table: Any, library: str) -> FlatCases:
    """A flat Arrow table (a pyarrow Table, or a polars frame's `to_arrow`) or pandas
    frame as `FlatCases`; the caller has refused a column named twice."""
    if library == "pandas":
        return _from_pandas(table)
    import pyarrow as pa
    import pyarrow.compute as pc

    def rows() -> Iterator[Sequence[Any]]:
        for batch in table.to_batches():
            columns = [column.to_pylist() for column in batch.columns]
            yield from zip(*columns, strict=True)

    floating = tuple(field.name for field, column in zip(table.schema, table.columns,
                                                         strict=True)
                     if pa.types.is_floating(field.type)
                     and pc.any(pc.and_(pc.not_equal(column, pc.floor(column)),
                                        pc.invert(pc.is_nan(column)))).as_py())
    return FlatCases(tuple(table.column_names), rows, floating, library)


def _from_pandas(frame: Any) -> FlatCases:
    """A pandas frame's rows as the values they hold, a missing one None
    (`plain_value`: numpy scalars as Python's)."""
    def rows() -> Iterator[Sequence[Any]]:
        for values in frame.itertuples(index=False, name=None):
            yield [plain_value(value) for value in values]

    floating = tuple(str(name) for at, (name, dtype) in enumerate(zip(frame.columns,
                                                                      frame.dtypes,
                                                                      strict=True))
                     if getattr(dtype, "kind", "") == "f" and _not_whole(frame.iloc[:, at]))
    return FlatCases(tuple(str(name) for name in frame.columns), rows, floating, "pandas")


def _not_whole(column: Any) -> bool:
    """Whether a pandas float column holds a number that is not whole (NaN is missing)."""
    present = column.dropna()
    return bool((present != present.round()).any())


def flat_reads(cases: FlatCases, vocab: ir.Vocabulary) -> Iterator[Read]:
    """Every row of the table as (0-based row, case, None), or its error as a CSV
    file's same row gets it (with the row's id when it can be read); a whole number held
    as a floating-point one is read as the whole number where the case format has one."""
    types = leaf_types(vocab)
    header = list(cases.columns)
    unknown = csv_unknown(header, types, vocab)
    whole = [isinstance(types.get(column), ir.IntType) for column in header]
    for row, values in enumerate(cases.rows()):
        given = [None if _missing(value) else
                 int(value) if wants and isinstance(value, float) and value.is_integer()
                 else value for value, wants in zip(values, whole, strict=True)]
        yield value_case(row, header, given, types, unknown=unknown)


def _missing(value: Any) -> bool:
    """Whether a value is missing: None, or a floating-point NaN (pandas' and Arrow's
    missing number in a float column)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def flat_warnings(statutes: Sequence[Any], cases: FlatCases) -> list[str]:
    """What the table's columns tell before any row is decided, as a CSV file's header
    does (`file_warnings.header_warnings`), and the columns that are floating-point
    where the case format has whole numbers (pandas makes a whole-number column so as
    soon as a value is missing)."""
    out = header_warnings(statutes, list(cases.columns), cases.name)
    types = leaf_types(statutes[0].vocabulary)
    floating = [c for c in cases.floating if isinstance(types.get(c), ir.IntType)]
    if floating:
        one = len(floating) == 1
        listed = ", ".join(f"`{shown_name(column, 80)}`" for column in floating)
        out.append(f"{cases.name}: {'the column' if one else 'the columns'} {listed} "
                   f"{'holds' if one else 'hold'} numbers that are not whole where the "
                   f"case format has whole numbers, so each row with one there is in error "
                   f"(`{floating[0]}: expected a whole number`): give whole numbers there "
                   f"(34, not 34.5), null where a fact is unknown")
    return out


def plain_value(value: Any) -> Any:
    """A value of a pandas cell as Python's: a missing one None, a numpy scalar or array
    as the Python value or list it holds, inside dicts and lists too."""
    import numpy as np
    import pandas as pd

    if isinstance(value, Mapping):
        return {key: plain_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain_value(item) for item in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
