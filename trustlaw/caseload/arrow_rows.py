"""Rows of an Arrow record batch → case dicts; a value Python cannot hold is its row's error.

A Parquet column of the right type can still hold a value no case can: a string that
is not UTF-8, a date after 9999-12-31. pyarrow refuses a whole batch for one of them,
so each row of such a batch is read on its own, and a row that fails gets an error
naming its row and field path (``row 3, column `convictions[0].date` …``), as a bad
CSV cell does: one bad case never stops a batch (CASES.md section 5). A table of cases
held in memory (`in_memory`) is read in record batches as a Parquet file is
(`table_batches`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from .words import not_utf8, short

__all__ = ["Row", "batch_rows", "is_list_kind", "table_batches"]

Row = tuple["dict[str, Any] | None", "str | None"]  # (case, None) or ({"id": …} or None, error)


@functools.cache
def _unreadable() -> tuple[type[BaseException], ...]:
    """What pyarrow raises for a value Python cannot hold (imported only when used)."""
    import pyarrow as pa

    return ValueError, OverflowError, ArithmeticError, pa.ArrowException


def batch_rows(batch: Any, first: int, indices: Sequence[int] | None = None) -> list[Row]:
    """The cases of `batch` (those at `indices`, or all) as (case, None), in order; a row
    holding a value Python cannot hold as (``{"id": …}`` when its id reads, else None,
    its error). `first` is the number of the batch's first row in its file, from 0."""
    picked = batch if indices is None else _take(batch, indices)
    if picked is not None:
        try:
            return [(case, None) for case in picked.to_pylist()]
        except _unreadable():
            pass  # some row holds a value Python cannot: find it, row by row
    numbers = range(batch.num_rows) if indices is None else indices
    return [_one_row(batch.slice(int(at), 1), first + int(at)) for at in numbers]


def table_batches(table: Any, size: int) -> Iterator[tuple[Any, int]]:
    """The rows of an Arrow table as record batches of at most `size` rows, each with
    its first row's number (as `columnar.chunks` reads a Parquet file); a table's own
    chunks (a polars frame's, small ones) are joined up to `size`."""
    for start in range(0, table.num_rows, size):
        first = start
        for batch in table.slice(start, size).combine_chunks().to_batches():
            yield batch, first
            first += batch.num_rows


def is_list_kind(kind: Any) -> bool:
    """Whether an Arrow type is a list of any kind: variable, large, fixed-size, or a
    list view (pyarrow 16 on)."""
    import pyarrow as pa

    return any(is_list(kind) for name in ("list", "large_list", "fixed_size_list",
                                          "list_view", "large_list_view")
               if (is_list := getattr(pa.types, f"is_{name}", None)) is not None)


def _take(batch: Any, indices: Sequence[int]) -> Any | None:
    """The rows at `indices`, or None when `take` has no kernel for a column's type (a
    string or list view) or refuses a value: then each row is sliced on its own."""
    import pyarrow as pa

    try:
        return batch.take(pa.array(indices, pa.int64()))
    except _unreadable():
        return None


def _one_row(row: Any, number: int) -> Row:
    """One row (a one-row batch, its file row `number` from 0) as a case, or its error
    naming the first field that will not read."""
    try:
        return row.to_pylist()[0], None
    except _unreadable():
        pass
    for name, column in zip(row.schema.names, row.columns, strict=True):
        if not _reads(column):
            path, leaf = _fault(column, name)
            return _named(row), f"row {number + 1}, column `{path}` {_why(leaf)}"
    return None, f"row {number + 1} cannot be read"  # pragma: no cover - a column fails


def _reads(array: Any) -> bool:
    try:
        array.to_pylist()
    except _unreadable():
        return False
    return True


def _fault(array: Any, path: str) -> tuple[str, Any]:
    """The field path of the first value in `array` (one row's) that will not read, and
    that value as a one-element array; `array` itself when it is not a record or list."""
    import pyarrow as pa

    kind = array.type
    if pa.types.is_struct(kind):
        for field, child in zip(kind, array.flatten(), strict=True):
            if not _reads(child):
                return _fault(child, f"{path}.{field.name}")
    elif is_list_kind(kind):
        values = array.flatten()
        for at in range(len(values)):
            value = values.slice(at, 1)
            if not _reads(value):
                return _fault(value, f"{path}[{at}]")
    return path, array


def _why(leaf: Any) -> str:
    """What is wrong with the one value of `leaf`, in the words of the other formats."""
    import pyarrow as pa

    if pa.types.is_dictionary(leaf.type):  # a category: its value, decoded
        leaf = leaf.dictionary_decode()
    if pa.types.is_date(leaf.type):
        return "is a date outside the years 1–9999"
    zone = getattr(leaf.type, "tz", None)
    if zone and not _known_zone(zone):
        return f"is a time in the zone `{short(zone)}`, which is not a time zone"
    data = _as_bytes(leaf)
    if data is not None:
        bad = not_utf8(data.decode("utf-8", "surrogateescape"))
        if bad is not None:
            return f"is not valid UTF-8 {bad}"
    try:
        leaf.to_pylist()
    except _unreadable() as error:
        return f"cannot be read: {short(error)}"
    return "cannot be read"  # pragma: no cover - `_fault` returns a leaf that fails


def _known_zone(name: str) -> bool:
    """Whether Python knows the time zone `name` (an IANA name, or an offset "+05:30")."""
    import re
    import zoneinfo

    if re.fullmatch(r"[+-][0-9]{2}:[0-9]{2}", name):
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return True


def _as_bytes(leaf: Any) -> bytes | None:
    """The bytes of a one-string array (any string kind), unchecked; None otherwise."""
    import pyarrow as pa

    kinds = {pa.string(): pa.binary(), pa.large_string(): pa.large_binary()}
    if hasattr(pa, "string_view"):  # pyarrow 16 on
        kinds[pa.string_view()] = pa.binary_view()
    target = kinds.get(leaf.type)
    if target is None:
        return None
    try:
        value = leaf.cast(target).to_pylist()[0]
    except _unreadable():
        return None
    return value if isinstance(value, bytes) else None


def _named(row: Any) -> dict[str, Any] | None:
    """``{"id": …}`` when the row has an `id` column that reads as text."""
    if "id" not in row.schema.names:
        return None
    try:
        value = row.column("id").to_pylist()[0]
    except _unreadable():
        return None
    return {"id": value} if isinstance(value, str) else None
