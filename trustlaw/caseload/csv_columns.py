"""A CSV caseload → batch output a chunk of columns at a time, not a dict per case.

The row route makes a case dict of every row (`io.csv_case`), validates it and lays it
out in Arrow again. Here Python's csv module still splits the rows (so a row's cells are
exactly the row route's), but each column of a chunk is converted at once, as the row
route converts one cell, and the chunk is then screened and decided as a Parquet chunk
is (`columnar.Screened`):

- an empty cell is unknown, and a record none of whose cells is given is absent;
- a yes/no is ``true`` or ``false`` in any case, a whole number at most 18 digits with
  an optional ``-``, each with ASCII spaces around it (Arrow trims fewer characters than
  Python's `str.strip`, never more: a cell it does not take goes the row route);
- a date is exactly YYYY-MM-DD of a real day; other text stays text for the checks;
- the list cells (JSON) of a row are read by pyarrow's JSON reader as one object
  ``{"convictions": …, "charges": …}`` a line, every list column's key on every line
  (``null`` for an empty cell), as `jsonl_columns` reads a line and strict in the same
  ways (`jsonl_columns.reader_is_strict`). So text after a list in its cell makes the
  line something else than one object with these keys: a key given twice, a key outside
  the schema or two objects, each refused. A cell holding a backslash (an escape) or a
  line break is read in Python.

A row goes the row route whole when it is not as the header (cells, width), holds a
byte that is not UTF-8, is longer than a case, fills a column with no name, or has a
cell or check that does not clear; a file whose header names a column outside the
vocabulary's leaves goes the row route entirely (columns with no name name none). So
every row is the row route's row (tests/test_caseload_csv.py holds the two routes to
each other), only faster.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..cases.limits import MAX_CASE_CHARS
from .columnar import ColumnarPlan, Item, Screened, as_mask, screen_rows
from .io import csv_case, csv_rows, csv_unknown, leaf_types
from .jsonl_columns import JsonReading, not_a_day, read_all, reader_plan
from .words import not_utf8

__all__ = ["csv_plan", "screened_csv"]

_ID = "id"
_WHOLE_NUMBER = r"^-?[0-9]{1,18}$"  # 19 digits may pass int64: the row route says so


def csv_plan(statutes: Any, path: str | os.PathLike[str], engine: Any,
             warnings: bool = False) -> ColumnarPlan | None:
    """The plan for deciding a CSV file a chunk of columns at a time, or None when the
    row route must do it (another engine than DuckDB, another format, a vocabulary the
    columns cannot hold)."""
    return reader_plan(statutes, path, engine, "csv", warnings)


def screened_csv(plan: ColumnarPlan, path: str | os.PathLike[str], engine: Any,
                 chunk: int) -> Iterator[Screened]:
    """Every chunk of `chunk` rows of `path` screened, in order: the rows converted in
    columns and cleared in the table, the others as the row route reads them."""
    types = leaf_types(plan.vocabulary)
    with csv_rows(Path(path), types) as (header, rows):
        columns = _Columns(plan, header, types)
        part: list[tuple[int, int, list[str] | str]] = []
        for numbered in rows:
            part.append(numbered)
            if len(part) >= chunk:
                yield _screen(columns, part, engine)
                part = []
        if part:
            yield _screen(columns, part, engine)


class _Columns:
    """How one file's columns become the case layout's: each header column's Arrow type
    (`kinds`) and one JSON reading of all its list columns (`lists`). `usable` is false
    when a column is not a leaf of the vocabulary (`unknown`: then the row route reads,
    and refuses, every row, with the same error). A column with no name has no kind:
    `unnamed` holds where they are, and a row that fills one goes the row route."""

    def __init__(self, plan: ColumnarPlan, header: list[str],
                 types: Mapping[str, ir.Type]) -> None:
        import pyarrow as pa

        self.plan, self.header, self.types = plan, header, types
        self.unknown = csv_unknown(header, types, plan.vocabulary)
        layout = {f.name: f.type for f in list(plan.full)[2:]}
        self.kinds: dict[str, Any] = {}  # column → its Arrow type in the case layout
        self.usable = self.unknown is None
        self.unnamed = [at for at, column in enumerate(header) if column == ""]
        for column in header if self.usable else ():
            if column == "":
                continue
            kind = pa.string() if column == _ID else _kind_at(layout, column.split("."))
            if kind is None or (column != _ID and column not in types):
                self.usable = False
                return
            self.kinds[column] = kind
        lists = [pa.field(c, kind) for c, kind in self.kinds.items() if pa.types.is_list(kind)]
        self.lists = JsonReading(pa.schema(lists)) if lists else None


def _kind_at(layout: Mapping[str, Any], path: list[str]) -> Any | None:
    """The Arrow type of the leaf at `path` in the case layout (None: no such leaf)."""
    import pyarrow as pa

    kind = layout.get(path[0])
    for name in path[1:]:
        if kind is None or not pa.types.is_struct(kind) or kind.get_field_index(name) < 0:
            return None
        kind = kind.field(name).type
    return None if kind is None or pa.types.is_struct(kind) else kind


def _screen(columns: _Columns, part: list[tuple[int, int, list[str] | str]],
            engine: Any) -> Screened:
    """One chunk of rows screened: the rows whose cells convert and whose checks clear in
    the table, every other row read as the row route reads it."""
    import numpy as np

    items: list[Item] = []
    plain: list[list[str]] = []
    numbers: list[int] = []
    starts: dict[int, int] = {}  # row → the line it starts on, for the row route's words
    width = len(columns.header)
    for number, line, cells in part:
        starts[number] = line
        if isinstance(cells, str):  # not CSV, or longer than a case
            items.append((number, None, cells))
        elif (columns.usable and len(cells) == width
              and not any(cells[at] for at in columns.unnamed)):
            plain.append(cells)
            numbers.append(number)
        else:
            items.append(csv_case(number, columns.header, cells, columns.types,
                                  unknown=columns.unknown, line=line))
    try:
        source, converted = _convert(columns, plain) if plain else (None, None)
    except UnicodeEncodeError:  # a cell that is not UTF-8 (kept as surrogate escapes)
        utf8 = [all(map(str.isascii, cells)) or not any(map(not_utf8, cells))
                for cells in plain]
        items += [csv_case(number, columns.header, cells, columns.types,
                           unknown=columns.unknown, line=starts[number])
                  for number, cells, ok in zip(numbers, plain, utf8, strict=True) if not ok]
        plain = [cells for cells, ok in zip(plain, utf8, strict=True) if ok]
        numbers = [number for number, ok in zip(numbers, utf8, strict=True) if ok]
        source, converted = _convert(columns, plain) if plain else (None, None)
    rows = np.asarray(numbers, dtype=np.int64)
    table, clear = None, None
    if plain:
        table, clear = screen_rows(columns.plan, source, rows, engine)
        clear &= converted
        items += [csv_case(numbers[at], columns.header, plain[at], columns.types,
                           unknown=columns.unknown, line=starts[numbers[at]])
                  for at in np.flatnonzero(~clear).tolist()]
    items.sort(key=lambda item: item[0])
    return Screened(table, clear, items, np.asarray([number for number, _, _ in part],
                                                    np.int64))


def _convert(columns: _Columns, plain: list[list[str]]) -> tuple[Any, Any]:
    """The rows as a table of the case layout's types (an ``id`` and the facts the header
    names, records as structs), and per row whether every cell converted as the row
    route converts it (a cell that did not is null in the table)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(plain)
    converted = np.ones(n, dtype=bool)
    size = np.zeros(n, dtype=np.int64)  # characters, as the row route counts them
    leaves: dict[tuple[str, ...], tuple[Any, Any]] = {}  # path → (array, given)
    lists: dict[str, tuple[Any, Any]] = {}  # list column → (its cells, given)
    for column, cells in zip(columns.header, zip(*plain, strict=True), strict=True):
        if column == "":  # no name, no fact: its cells are empty (`_screen`)
            continue
        text = pa.array(cells, pa.string())
        given = as_mask(pc.not_equal(pc.binary_length(text), 0))
        size += pc.utf8_length(text).to_numpy()
        if pa.types.is_list(columns.kinds[column]):
            lists[column] = (text, given)
            continue
        array, good = _cell_values(columns.kinds[column], text, given)
        converted &= good
        leaves[tuple(column.split("."))] = (array, given)
    converted &= size <= MAX_CASE_CHARS
    if lists:
        read, good = _lists(columns.lists, lists, n)
        converted &= good
        for column, (_, given) in lists.items():
            leaves[tuple(column.split("."))] = (read[column], given)
    arrays, names = [], []
    for field in list(columns.plan.full)[2:]:
        built = _build((field.name,), field.type, leaves, n)
        if built is not None:
            arrays.append(built[0])
            names.append(field.name)
    if (_ID,) in leaves:
        arrays.append(leaves[(_ID,)][0])
        names.append(_ID)
    return pa.Table.from_arrays(arrays, names=names), converted


def _cell_values(kind: Any, text: Any, given: Any) -> tuple[Any, Any]:
    """One column's cells as its Arrow type `kind` (an empty cell null), and per row
    whether its cell converted: empty, or of its type as the row route reads it."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    absent = pa.scalar(None, pa.string())
    if pa.types.is_boolean(kind):
        word = pc.ascii_lower(pc.ascii_trim_whitespace(text))
        yes, no = pc.equal(word, "true"), pc.equal(word, "false")
        good = ~given | as_mask(pc.or_(yes, no))
        return pc.if_else(pa.array(given & good), yes, pa.scalar(None, pa.bool_())), good
    if pa.types.is_integer(kind):
        number = pc.ascii_trim_whitespace(text)
        good_given = as_mask(pc.match_substring_regex(number, _WHOLE_NUMBER)) & given
        values = pc.if_else(pa.array(good_given), number, absent).cast(pa.int64())
        return values, ~given | good_given
    values = pc.if_else(pa.array(given), text, absent)
    if pa.types.is_date(kind):
        bad = not_a_day(values)
        return pc.if_else(pa.array(~bad), values, absent).cast(pa.date32()), ~bad
    return values, np.ones(len(text), dtype=bool)


def _lists(reading: Any, lists: Mapping[str, tuple[Any, Any]],
           n: int) -> tuple[dict[str, Any], Any]:
    """Every list column's cells (JSON) in `n` rows read by the JSON reader, a row's cells
    as one object a line (``{"convictions": …, "charges": null}``, null for an empty
    cell), and per row whether they were read: not when a cell holds a backslash or a
    line break, or the reader refuses the line (then every list of the row is null)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    given = np.zeros(n, dtype=bool)
    simple = np.ones(n, dtype=bool)
    pieces = []
    for column, (text, filled) in lists.items():
        given |= filled
        simple &= ~(filled & as_mask(pc.match_substring_regex(text, r"[\\\r\n]")))
        # every key on every line, an empty cell's null: text after a list in one cell
        # can then only give a key twice or one outside the schema, never fill another
        value = pc.if_else(pa.array(filled), text, "null")
        pieces.append(pc.binary_join_element_wise(f'"{column}":', value, ""))
    at = np.flatnonzero(given & simple)
    pairs = pc.binary_join_element_wise(*pieces, ",")  # none null (pyarrow 26's "skip"
    lines = pc.binary_join_element_wise(  # join drops a row whose values all are)
        "{", pc.take(pairs, pa.array(at)), "}", "")
    table, taken = read_all(reading, lines)
    good = ~given
    positions = np.full(n, -1, dtype=np.int64)
    if table is not None:
        good[at[taken]] = True
        positions[at[taken]] = np.arange(len(taken))
    index = pa.array(positions, mask=positions < 0)
    read = {}
    for field in reading.layout:
        values = (table.column(field.name).combine_chunks() if table is not None
                  else pa.nulls(0, field.type))
        read[field.name] = values.take(index)
    return read, good


def _build(path: tuple[str, ...], kind: Any, leaves: Mapping[tuple[str, ...], tuple[Any, Any]],
           n: int) -> tuple[Any, Any] | None:
    """The column at `path` of the case layout from the header's leaves: (array, given
    per row), None when the header names nothing under it. A record is present in a row
    when one of its cells there is given, as the row route builds it."""
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_struct(kind):
        return leaves.get(path)
    children, fields = [], []
    present = np.zeros(n, dtype=bool)
    for field in kind:
        built = _build((*path, field.name), field.type, leaves, n)
        if built is not None:
            children.append(built[0])
            fields.append(field)
            present |= built[1]
    if not fields:
        return None
    return pa.StructArray.from_arrays(children, fields=fields, mask=pa.array(~present)), present

