"""A JSON-lines caseload → batch output through Arrow's JSON reader, not a dict per case.

The row route decodes each line in Python, validates the dict and lays it out in Arrow
again: some 7,000 cases a second. Here a chunk of lines is read by pyarrow's JSON reader
straight into the case layout's types and then screened and decided as a Parquet chunk
is (`columnar.Screened`; about three times as fast, bench/README.md). The reader is
strict where the case validator is: a number where text belongs, ``34.0`` or ``"34"``
for a whole number, ``1`` for a yes/no, a key given twice, a key outside the layout, a
line that is not one object each fail the read (`reader_is_strict` checks this pyarrow
once a process; where it does not hold, every line is read in Python). So:

1. a line goes to the reader only when it starts with ``{`` and holds no backslash
   (an escape, such as a lone surrogate, is read as Python reads it on the row route)
   and no byte that is not UTF-8; the others go the row route, blank lines included;
2. a part that fails to read, or reads as another number of rows (two objects on one
   line), is split in eight and each read again, down to parts of `_SMALLEST` lines;
   where most of a split's parts fail, errors are dense and their lines go the row
   route at once (a file with an extra column on every line costs nine reads that each
   stop at their first line);
3. dates are read as text and kept only when they are exactly YYYY-MM-DD and a real
   day (``2013-02-30`` is not);
4. what the reader took is screened and decided as in `columnar`; a case it did not
   take, or that a check does not clear, goes the row route, which says what is wrong.

Every row is therefore the row route's row (tests/test_caseload_jsonl.py holds the two
routes to each other, on lines made to break each rule above), only faster.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .columnar import (
    ColumnarPlan,
    Item,
    Screened,
    any_element,
    as_mask,
    layout_plan,
    screen_rows,
    takes_columns,
)
from .io import case_format, jsonl_case, jsonl_lines
from .words import not_utf8

__all__ = ["JsonReading", "jsonl_plan", "not_a_day", "read_all", "reader_is_strict",
           "reader_plan", "reading_schema", "screened_jsonl"]

# A part of at most this many lines that fails to read goes the row route whole.
_SMALLEST = 100
_SPLIT = 8
_ID = "id"
_ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def jsonl_plan(statutes: Any, path: str | os.PathLike[str], engine: Any,
               warnings: bool = False) -> ColumnarPlan | None:
    """The plan for deciding a JSON-lines file through the reader, or None when the row
    route must do it (another engine than DuckDB, another format, a vocabulary the
    columns cannot hold)."""
    return reader_plan(statutes, path, engine, "jsonl", warnings)


def reader_plan(statutes: Any, path: str | os.PathLike[str], engine: Any,
                fmt: str, warnings: bool = False) -> ColumnarPlan | None:
    """The plan for deciding a `fmt` file with Arrow's JSON reader (a JSON-lines file, a
    CSV file's list cells), or None when the row route must do it."""
    try:
        if case_format(path) != fmt:
            return None
        import pyarrow.json  # noqa: F401  (the reader is part of pyarrow's wheels)
    except Exception:  # the row route reports an unknown format
        return None
    if not (takes_columns(engine) and reader_is_strict()):
        return None
    return layout_plan(statutes, warnings)


# What the reader must refuse for the route to rely on it, and one line it must read.
_REFUSED = ('{"a": 1, "a": 1}', '{"r": {"x": 1, "x": 1}}', '{"a": 34.0}', '{"a": "34"}',
            '{"a": true}', '{"a": NaN}', '{"b": 1}', '{"b": "true"}', '{"c": 5}',
            '{"c": true}', '{"z": 1}', '{"r": {"z": 1}}', '[1]', '5', '{"a": 1} x')
_READ = '{"a": -0, "b": true, "c": "x", "r": {"x": 2}}'


@functools.cache
def reader_is_strict() -> bool:
    """Whether this pyarrow's JSON reader refuses what the case validator refuses (a key
    twice, a whole number written otherwise, a yes/no or text of another type, a key
    outside the schema, a line that is not one object) and reads a plain line as
    Python does. Checked once a process, since the route's exactness rests on it; where
    it does not, every line is read in Python."""
    import pyarrow as pa
    import pyarrow.json as pj

    schema = pa.schema([("a", pa.int64()), ("b", pa.bool_()), ("c", pa.string()),
                        ("r", pa.struct([("x", pa.int64())]))])
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")

    def read(line: str) -> Any | None:
        try:
            return pj.read_json(pa.py_buffer(line.encode()), parse_options=options)
        except (ValueError, OverflowError, pa.ArrowException):
            return None

    if any(read(line) is not None for line in _REFUSED):
        return False
    table = read(_READ)
    return table is not None and table.to_pylist() == [
        {"a": 0, "b": True, "c": "x", "r": {"x": 2}}]


def reading_schema(layout: Any) -> Any:
    """What the reader is told to expect for columns of the `layout`'s types: each date as
    text (the reader would take a number of days for a date)."""
    import pyarrow as pa

    def as_read(kind: Any) -> Any:
        if pa.types.is_date(kind):
            return pa.string()
        if pa.types.is_struct(kind):
            return pa.struct([pa.field(f.name, as_read(f.type)) for f in kind])
        if pa.types.is_list(kind):
            return pa.list_(pa.field(kind.value_field.name, as_read(kind.value_type)))
        return kind

    return pa.schema([pa.field(f.name, as_read(f.type)) for f in layout])


def screened_jsonl(plan: ColumnarPlan, path: str | os.PathLike[str], engine: Any,
                   chunk: int) -> Iterator[Screened]:
    """Every chunk of `chunk` lines of `path` screened, in order: the lines the reader
    takes in the table, the others (and those a check does not clear) as items."""
    import pyarrow as pa

    reading = JsonReading(pa.schema([pa.field(_ID, pa.string()), *list(plan.full)[2:]]))
    lines: list[tuple[int, str | None]] = []
    for numbered in jsonl_lines(Path(path)):
        lines.append(numbered)
        if len(lines) >= chunk:
            yield _screen_lines(plan, reading, lines, engine)
            lines = []
    if lines:
        yield _screen_lines(plan, reading, lines, engine)


class JsonReading:
    """The reader's options for objects holding the columns of `layout` (an Arrow schema:
    each key and its type in the case layout), and what its output is cast to."""

    def __init__(self, layout: Any) -> None:
        import pyarrow.json as pj

        self.layout = layout
        self.options = pj.ParseOptions(explicit_schema=reading_schema(layout),
                                       unexpected_field_behavior="error")

    def read(self, lines: Any) -> Any | None:
        """The lines (a list of str, or an Arrow array of strings) as one table in the
        reading schema, or None when the reader refuses them or finds another number of
        rows in them."""
        import pyarrow as pa
        import pyarrow.json as pj

        if isinstance(lines, list):
            data = pa.py_buffer("\n".join(lines).encode("utf-8"))
        else:
            data = _joined(lines)
        try:
            table = pj.read_json(data, parse_options=self.options)
        except (ValueError, OverflowError, pa.ArrowException):
            return None
        return table if table.num_rows == len(lines) else None


def _joined(lines: Any) -> Any:
    """An Arrow array of lines as one buffer, a line break between each two."""
    import pyarrow as pa
    import pyarrow.compute as pc

    whole = pa.ListArray.from_arrays(pa.array([0, len(lines)], pa.int32()), lines)
    return pc.binary_join(whole, "\n")[0].as_buffer()


def _screen_lines(plan: ColumnarPlan, reading: JsonReading,
                  lines: list[tuple[int, str | None]], engine: Any) -> Screened:
    """One chunk of lines screened: those the reader takes and the checks clear in the
    table, every other line that holds a case read as the row route reads it."""
    import numpy as np

    plain: list[str] = []
    numbers: list[int] = []
    items: list[Item] = []
    for number, line in lines:
        if _plain(line):
            plain.append(line)  # type: ignore[arg-type]
            numbers.append(number)
        else:
            read = jsonl_case(number, line)
            if read is not None:  # a blank line has no row
                items.append(read)
    others = np.asarray([number for number, _, _ in items], dtype=np.int64)
    table, taken = read_all(reading, [line.rstrip("\r\n") for line in plain])
    rows = np.asarray(numbers, dtype=np.int64)
    screened, clear = None, None
    if table is not None:
        screened, clear = screen_rows(plan, table, rows[taken], engine)
    left = np.ones(len(plain), dtype=bool)
    left[taken[clear] if clear is not None else taken] = False
    items += [jsonl_case(numbers[at], plain[at])  # type: ignore[misc]
              for at in np.flatnonzero(left).tolist()]
    items.sort(key=lambda item: item[0])
    return Screened(screened, clear, items, np.sort(np.concatenate([rows, others])))


def _plain(line: str | None) -> bool:
    """Whether the reader may take a line: an object's text with no escape and no byte
    that is not UTF-8 (anything else is the row route's to read or refuse)."""
    return (line is not None and line[:1] == "{" and "\\" not in line
            and (line.isascii() or not_utf8(line) is None))


def read_all(reading: JsonReading, lines: Any) -> tuple[Any | None, Any]:
    """The `lines` the reader takes (each one object's text, no line break; a list of
    str or an Arrow array of strings) as one table in the layout's types (dates checked
    and cast), and their indices in `lines`; a part refused is split and read again,
    down to `_SMALLEST` lines."""
    import numpy as np
    import pyarrow as pa

    parts: list[tuple[int, Any]] = []
    if len(lines):
        _read_parts(reading, lines, 0, len(lines), parts, first=True)
    if not parts:
        return None, np.zeros(0, dtype=np.int64)
    parts.sort(key=lambda part: part[0])
    table = pa.concat_tables([t for _, t in parts])
    taken = np.concatenate([np.arange(start, start + t.num_rows) for start, t in parts])
    good = ~_bad_dates(table, reading.layout)
    if not good.all():
        table, taken = table.filter(pa.array(good)), taken[good]
    try:
        return table.cast(reading.layout), taken
    except (ValueError, OverflowError, pa.ArrowException):  # not seen: the rows would
        return None, np.zeros(0, dtype=np.int64)  # say what is wrong


def _read_parts(reading: JsonReading, lines: Any, start: int, stop: int,
                parts: list[tuple[int, Any]], first: bool = False) -> None:
    """Read lines[start:stop] into `parts` (first line's index, table), splitting a part
    the reader refuses (`first`: not yet tried whole)."""
    if first:
        table = reading.read(lines[start:stop])
        if table is not None:
            parts.append((start, table))
            return
    if stop - start <= _SMALLEST:
        return  # its lines go the row route
    step = -(-(stop - start) // _SPLIT)
    failed = []
    for at in range(start, stop, step):
        end = min(at + step, stop)
        table = reading.read(lines[at:end])
        if table is None:
            failed.append((at, end))
        else:
            parts.append((at, table))
    if 2 * len(failed) > _SPLIT:  # errors are dense: splitting further costs more reads
        return  # than the row route saves
    for at, end in failed:
        _read_parts(reading, lines, at, end, parts)


def _bad_dates(table: Any, layout: Any) -> Any:
    """Per row, whether a date in it (at any depth) is not exactly YYYY-MM-DD of a real
    day: the validator refuses it, and the row route says so."""
    import numpy as np

    bad = np.zeros(table.num_rows, dtype=bool)
    for field in layout:
        where = _dates_in(field.type)
        if where is not None:
            bad |= _bad_in(table.column(field.name).combine_chunks(), where)
    return bad


def _dates_in(kind: Any) -> Any:
    """Where a type of the layout holds dates: True for a date, a dict by field name for
    a record holding one, a list of one for a list holding one; None where none is."""
    import pyarrow as pa

    if pa.types.is_date(kind):
        return True
    if pa.types.is_struct(kind):
        found = {f.name: at for f in kind if (at := _dates_in(f.type)) is not None}
        return found or None
    if pa.types.is_list(kind):
        inner = _dates_in(kind.value_type)
        return None if inner is None else [inner]
    return None


def _bad_in(array: Any, where: Any) -> Any:
    """Per value of `array` (read as text where the layout has dates), whether a date
    in it is not a real day written YYYY-MM-DD; a null is unknown, never wrong."""
    import numpy as np

    n = len(array)
    if where is True:
        return not_a_day(array)
    if isinstance(where, list):
        return any_element(array, _bad_in(array.flatten(), where[0]))
    bad = np.zeros(n, dtype=bool)
    fields = array.flatten()  # the record's nulls carried into its fields
    for index, field in enumerate(array.type):
        if field.name in where:
            bad |= _bad_in(fields[index], where[field.name])
    return bad


def not_a_day(text: Any) -> Any:
    """Per value of `text`, whether it is given and not a real day written YYYY-MM-DD.
    Arrow's cast checks every day at once; only a column holding a day that is not
    (``2013-02-30``) is checked value by value, parsed and its parts compared."""
    import pyarrow as pa
    import pyarrow.compute as pc

    shaped = pc.fill_null(pc.match_substring_regex(text, _ISO_DAY), False)
    bad = pc.and_(pc.is_valid(text), pc.invert(shaped))
    kept = pc.if_else(shaped, text, pa.scalar(None, pa.string()))
    try:
        kept.cast(pa.date32())
        return as_mask(bad)
    except (ValueError, pa.ArrowException):
        pass
    day = pc.strptime(kept, format="%Y-%m-%d", unit="s", error_is_null=True)
    same = pc.and_(pc.equal(pc.month(day), _part(kept, 5, 7)),
                   pc.equal(pc.day(day), _part(kept, 8, 10)))
    return as_mask(pc.or_(bad, pc.and_(shaped, pc.invert(pc.fill_null(same, False)))))


def _part(text: Any, start: int, stop: int) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.utf8_slice_codeunits(text, start, stop).cast(pa.int64())

