"""Case files ↔ case dicts: JSON lines, CSV and Parquet, read and written the same way.

The column layout (docs/batch.md):

- **JSON lines** (``.jsonl``, ``.ndjson``): one case object per line, exactly the public
  case shape.
- **Parquet** (``.parquet``): one column per top-level field, nested as the vocabulary
  says: records are structs, lists are lists (of structs), dates are Arrow dates; the
  case ``id`` is a string column. A null is an unknown fact, as in JSON.
- **CSV** (``.csv``): one column per *leaf* of a record, named by its dotted path
  (``person.age``, ``request.form``), and one column per list holding the list as JSON
  text (``convictions``, ``request.kinds``). An empty cell is unknown; ``true``/``false``
  are booleans; integers are written in decimal; dates in ISO form. An empty list is
  ``[]``, never an empty cell.

Reading never guesses: a CSV cell that does not parse as the vocabulary's type is kept
as text, so the case validator reports it with its field path. Reading never stops at a
bad row either: a line that is not UTF-8, longer than a case may be, not JSON (or JSON
past the case limits), a CSV row whose cells do not match the header, or a Parquet row
holding a value Python cannot (a string that is not UTF-8, a date after 9999), is that
row's error and the next row is read. Only a file that cannot be read at all, or a CSV
header that cannot be (or names a column twice), stops the read.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import datetime as _dt
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..cases.limits import MAX_CASE_CHARS
from ..diagnostics import CaseError, Diagnostic, UsageError, json_text
from ..settings import full_collections_rare
from .arrow_rows import Row
from .fitting import fitting
from .words import not_utf8, short

__all__ = ["FORMATS", "arrow_schema", "case_format", "csv_case", "csv_rows", "jsonl_case",
           "jsonl_lines", "leaf_types", "read_cases", "refuse_one_spread_case",
           "synthetic_labels", "synthetic_words", "whole_file", "write_cases", "write_rows",
           "write_tables"]

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}
_SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".numbers"})


def case_format(path: str | os.PathLike[str], given: str | None = None) -> str:
    """The format of a case or output file: `given`, else its suffix."""
    if given:
        return given
    suffix = Path(path).suffix.lower()
    fmt = _SUFFIXES.get(suffix)
    if fmt is None:
        spreadsheet = suffix in _SPREADSHEETS  # what an analyst's jail system exports
        raise UsageError([Diagnostic(
            "TL-U011", f"cannot tell the format of `{path}` from its name", None,
            "a spreadsheet is not read: save the sheet as CSV UTF-8, one column per field "
            "(see docs/batch.md), and give that .csv file" if spreadsheet else
            "name it .jsonl, .csv or .parquet")])
    return fmt


# ---- reading ------------------------------------------------------------------------------


Read = tuple[int, "dict[str, Any] | None", "str | None"]  # (row number, case, error)

# A line longer than this many characters is longer than any case may be (limits.py): it
# is skipped, read in pieces, and reported, never held whole.
_MAX_LINE = MAX_CASE_CHARS
_SKIP_PIECE = 1 << 20


def read_cases(path: str | os.PathLike[str], vocab: ir.Vocabulary,
               fmt: str | None = None, *, as_json: bool = True) -> Iterator[Read]:
    """Every case of a file as (0-based row, case dict, None), or (row, None or
    ``{"id": …}``, message) for a row that holds no case: not UTF-8, too long, not JSON,
    not an object, or not fitting the CSV header. An error row keeps the row's own `id`
    when it could be read. Validation is the caller's; a file that cannot be read at all
    (or a CSV header that names a column twice) is a `UsageError`.

    Every format gives a case in its JSON form (ISO dates, unknown facts left out), unless
    `as_json` is false: then a Parquet row comes as Arrow gives it (dates as
    `datetime.date`, unknown facts as None), which the validator takes as it is, and a
    batch skips the round trip through text (a third of its time on Parquet)."""
    fmt = case_format(path, fmt)
    if fmt == "parquet":
        yield from _read_parquet(Path(path), as_json)
    elif fmt == "csv":
        yield from _read_csv(Path(path), vocab)
    else:
        yield from _read_jsonl(Path(path))


def synthetic_labels(path: str | os.PathLike[str]) -> dict[str, str]:
    """The ``trustlaw.*`` labels `trustlaw synth` wrote into a Parquet file's metadata
    (``trustlaw.synthetic``, profile, seed, note), or {} for any other file: what a batch
    or an impact table of its cases must say it is made of."""
    if case_format(path) != "parquet":
        return {}
    try:
        metadata = _pyarrow_parquet().read_schema(path).metadata or {}
    except Exception:  # the reader reports a file it cannot read
        return {}
    labels = {key.decode("utf-8", "replace"): value.decode("utf-8", "replace")
              for key, value in metadata.items() if key.startswith(b"trustlaw.")}
    return labels if labels.get("trustlaw.synthetic") == "true" else {}


def synthetic_words(labels: Mapping[str, str]) -> str | None:
    """One line saying the cases are synthetic, from `synthetic_labels` (None if not)."""
    if not labels:
        return None
    made = ", ".join(f"{what} {labels[key]}" for what, key in
                     (("profile", "trustlaw.profile"), ("seed", "trustlaw.seed"))
                     if key in labels)
    note = labels.get("trustlaw.note") or "synthetic cases, not records of real people"
    return f"{note}{f' ({made})' if made else ''}"


def refuse_one_spread_case(path: Path) -> None:
    """A ``.json`` file that holds one case (or a list of cases) written over several
    lines, as `trustlaw decide` takes it, is refused with that said, rather than read as
    JSON lines and each of its lines reported as not JSON."""
    try:
        if path.suffix.lower() != ".json" or path.stat().st_size > MAX_CASE_CHARS:
            return
        with _open(path) as stream:
            text = stream.read()
    except (OSError, UsageError):
        return  # the reader says what is wrong with a file it cannot read
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return
    try:
        json.loads(lines[0])
        return  # its first line is a JSON value of its own: JSON lines
    except ValueError:
        pass
    try:
        value = json.loads(text)
    except ValueError:
        return
    what = "a list of cases" if isinstance(value, list) else "one case"
    raise UsageError([Diagnostic(
        "TL-U011", f"`{path}` holds {what} written over several lines, but a batch reads "
        "one case per line (JSON lines)", None,
        "decide one case with `trustlaw decide ID FILE`; for a batch, write one case per "
        "line in a .jsonl file (`jq -c '.[]' cases.json > cases.jsonl` splits a list)")])


def _open(path: Path) -> io.TextIOWrapper:
    """The file as text. Bytes that are not UTF-8 are kept as escapes (surrogateescape)
    so that one bad line is reported as that line's error (`words.not_utf8`) instead of
    stopping the read; a byte-order mark is skipped."""
    try:
        return path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as error:
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` could not be read: {error.strerror or error}", None,
            "give a readable UTF-8 file of cases")]) from None


class _LineTooLong(Exception):
    """Raised by `_Lines` in place of a line longer than any case (already skipped)."""


class _Lines:
    """The lines of a text stream, each at most `_MAX_LINE` characters: a longer line is
    skipped in pieces (a file of one endless line costs no memory) and `_LineTooLong`
    raised in its place. A class, not a generator, so that it goes on after raising
    (the csv reader pulls lines from it and lets the exception through)."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream = stream
        self.carried = ""  # a next line's first character, read to see past a "\r"
        # lines to give again before the stream's next (`_csv_records` hands back the
        # lines a stray quote took in), and the lines given since `taken` was emptied
        self.replay: collections.deque[str] = collections.deque()
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.replay:
            line = self.replay.popleft()
            self.taken.append(line)
            return line
        # room for the longest case and a "\r\n" after it
        line = self._readline(_MAX_LINE + 2)
        if not line:
            raise StopIteration
        ending = 2 if line.endswith("\r\n") else 1 if line.endswith(("\n", "\r")) else 0
        if len(line) - ending > _MAX_LINE:
            while line and not line.endswith(("\n", "\r")):
                line = self._readline(_SKIP_PIECE)
            raise _LineTooLong
        self.taken.append(line)
        return line

    def _readline(self, limit: int) -> str:
        """A line as `readline(limit)` reads it, but never one that stops between "\r"
        and "\n" (a read cut at `limit` can): the "\n" would be a blank line of its own,
        shifting every later line's number."""
        first, self.carried = self.carried, ""
        line = first if first in ("\n", "\r") else first + self.stream.readline(limit - len(first))
        if line.endswith("\r"):
            after = self.stream.readline(1)
            if after == "\n":
                line += after
            else:
                self.carried = after
        return line


def _too_long(where: str) -> str:
    return (f"{where} is longer than {_MAX_LINE:,} characters, the most a case may have "
            "(see the limits in docs/cases.md)")


def _json_error(where: str, error: CaseError) -> str:
    """A `read_case_json` refusal as a row's error, placed at `where` ("line 3")."""
    message = error.diagnostics[0].message
    if message.startswith("the line "):  # "the line is not valid JSON at column 5: …"
        return f"{where} {message.removeprefix('the line ')}"
    return f"{where}: {message}"


def _read_jsonl(path: Path) -> Iterator[Read]:
    for row, line in jsonl_lines(path):
        read = jsonl_case(row, line)
        if read is not None:
            yield read


def jsonl_lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """Each line of a JSON-lines file with its 0-based number (blank lines counted), as
    its text with its line break; None for a line longer than any case (skipped)."""
    with _open(path) as stream:
        lines = _Lines(stream)
        row = 0
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except _LineTooLong:
                yield row, None
            else:
                yield row, line
            row += 1


def jsonl_case(row: int, line: str | None) -> Read | None:
    """One line as a case (None for a blank line, which has no row but is counted); a
    line `jsonl_lines` found too long (None) is its row's error."""
    from ..cases.json_text import read_case_json
    from ..cases.validation import describe

    where = f"line {row + 1}"
    if line is None:
        return row, None, _too_long(where)
    bad = not_utf8(line)
    if bad is not None:
        return row, None, f"{where} is not valid UTF-8 {bad}"
    if not line.strip():
        return None
    try:
        value = read_case_json(line, str(row + 1), line=row + 1)
    except CaseError as error:
        return row, None, _json_error(where, error)
    if not isinstance(value, dict):
        return row, None, f"{where} is {describe(value)}, not a case object"
    return row, value, None


def _read_csv(path: Path, vocab: ir.Vocabulary) -> Iterator[Read]:
    types = leaf_types(vocab)
    with csv_rows(path) as (header, rows):
        for row, cells in rows:
            yield (row, None, cells) if isinstance(cells, str) else csv_case(
                row, header, cells, types)


@contextlib.contextmanager
def csv_rows(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str] | str]]]]:
    """A CSV file of cases: its header, and its rows numbered from 0 (a blank line is no
    row), each as its cells or, when it cannot be read as CSV, its error. A header that
    cannot be read, or names a column twice, is a `UsageError`."""
    # a cell may be as long as a case (a list of many convictions as JSON); the csv
    # module's limit is process-wide, so it is only ever raised, never lowered
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CASE_CHARS))
    with _open(path) as stream:
        lines = _Lines(stream)
        reader = csv.reader(lines)
        header = _csv_header(path, reader)
        yield header, _csv_records(reader, lines, len(header))


def _csv_records(reader: Iterator[list[str]], lines: _Lines,
                 width: int) -> Iterator[tuple[int, list[str] | str]]:
    """The rows of `reader` (over `lines`), numbered. A row whose quote is never closed
    takes in the lines after it as one cell: when that row is then not `width` cells, it
    is an error row and the lines it took are read again as rows of their own, so that
    one stray `"` never drops the rest of the file."""
    row = 0
    while True:
        lines.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _LineTooLong:
            yield row, _too_long(f"row {row + 1}")
        except csv.Error as error:
            yield row, _csv_error(row, error) + _taken_again(lines)
        else:
            if not cells:  # a blank line is no row (as csv.DictReader has it)
                continue
            if len(cells) != width and len(lines.taken) > 1:
                yield row, (f"row {row + 1} has a `\"` that opens a quoted cell and never "
                            "closes it" + _taken_again(lines))
            else:
                yield row, cells
        row += 1


def _taken_again(lines: _Lines) -> str:
    """Hand the lines after the first of a bad row back to be read as rows of their own,
    and say so (nothing when the row took one line)."""
    again = lines.taken[1:]
    if not again:
        return ""
    lines.replay.extendleft(reversed(again))
    lines.taken = []
    count = f"{len(again)} line" + ("" if len(again) == 1 else "s")
    return f"; the {count} it took in after its first are read as rows of their own"


def _csv_header(path: Path, reader: Iterator[list[str]]) -> list[str]:
    """The column names; a header that cannot be read or names a column twice makes the
    whole file unreadable (every row's meaning depends on it)."""
    def refuse(problem: str) -> UsageError:
        return UsageError([Diagnostic(
            "TL-U005", f"`{path}` cannot be read as cases: its header {problem}", None,
            "the first line of a CSV file of cases names each column once, in UTF-8 "
            "(see docs/batch.md)")])

    try:
        header = next(reader, [])
    except _LineTooLong:
        raise refuse(f"is longer than {_MAX_LINE:,} characters") from None
    except csv.Error as error:
        raise refuse(f"is not valid CSV: {short(error)}") from None
    seen: set[str] = set()
    for number, column in enumerate(header, 1):
        bad = not_utf8(column)
        if bad is not None:
            raise refuse(f"is not valid UTF-8: column {number}, {bad}")
        if column in seen:
            raise refuse(f"names the column `{short(column)}` twice")
        seen.add(column)
    return header


def _csv_error(row: int, error: csv.Error) -> str:
    if str(error).startswith("field larger than field limit"):
        return _too_long(f"a cell of row {row + 1}")
    return f"row {row + 1} is not valid CSV: {short(error)}"


def csv_case(row: int, header: list[str], cells: list[str],
              types: Mapping[str, ir.Type]) -> Read:
    """One CSV row as a case, or its error (with the row's id when it can be read)."""
    where = f"row {row + 1}"
    named = _csv_id(header, cells)
    if len(cells) != len(header):
        cells_word = "cell" if len(cells) == 1 else "cells"
        columns_word = "column" if len(header) == 1 else "columns"
        return row, named, (f"{where} has {len(cells)} {cells_word}, but the header has "
                            f"{len(header)} {columns_word}")
    size = sum(map(len, cells))
    if size > MAX_CASE_CHARS:
        return row, named, (f"{where} is {size:,} characters long; a case may have at most "
                            f"{MAX_CASE_CHARS:,}")
    bad = _not_utf8_cell(where, header, cells)
    if bad is not None:
        return row, named, bad
    case: dict[str, Any] = {}
    for column, cell in zip(header, cells, strict=True):
        if cell == "":
            continue
        misplaced = _misplaced(column, types)
        if misplaced is not None:
            return row, named, f"{where}, column `{short(column)}`: {misplaced}"
        try:
            _put(case, column.split("."), _cell(cell, types.get(column)))
        except CaseError as error:
            return row, named, _json_error(f"{where}, column `{short(column)}`", error)
        except ValueError as error:
            return row, named, f"{where}: {short(error)}"
    return row, case, None


def _misplaced(column: str, types: Mapping[str, ir.Type]) -> str | None:
    """Why a column named by a path the layout has no room for cannot be read, where the
    case's own error would not name the column: a part of its name empty, or a path into
    a list or a single value (`convictions.0.date`, `person.age.x`). None otherwise (an
    unknown name is the validator's, which suggests the name meant)."""
    if column in types or column == "id":
        return None
    parts = column.split(".")
    if "" in parts:
        return "a part of its name is empty (two dots together, or a dot at an end)"
    for depth in range(1, len(parts)):
        prefix = ".".join(parts[:depth])
        kind = types.get(prefix)
        if isinstance(kind, ir.ListType):
            return (f"`{prefix}` is a list, which a CSV file gives as one column holding "
                    "the list as JSON (see docs/batch.md)")
        if kind is not None:
            return f"`{prefix}` is a single value, with no fields"
    return None


def _not_utf8_cell(where: str, header: list[str], cells: list[str]) -> str | None:
    """The error for the row's first cell that is not UTF-8 (None when all are)."""
    if all(map(str.isascii, cells)):
        return None
    for column, cell in zip(header, cells, strict=True):
        bad = not_utf8(cell)
        if bad is not None:
            return f"{where}, column `{short(column)}` is not valid UTF-8 {bad} of the cell"
    return None


def _csv_id(header: list[str], cells: list[str]) -> dict[str, Any] | None:
    """``{"id": …}`` from the row's `id` cell when there is one that is UTF-8 text."""
    if "id" not in header:
        return None
    index = header.index("id")
    if index >= len(cells) or cells[index] == "" or not_utf8(cells[index]) is not None:
        return None
    return {"id": cells[index]}


_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")


def _cell(text: str, kind: ir.Type | None) -> Any:
    """A cell as its fact's type; a list cell is JSON text, read within the case limits
    (`read_case_json`: nesting, repeated keys, long numbers), refused as a `CaseError`."""
    if isinstance(kind, ir.ListType):
        from ..cases.json_text import read_case_json

        return read_case_json(text, "cell", line=1)
    if isinstance(kind, ir.BoolType):
        return {"true": True, "false": False}.get(text.strip().lower(), text)
    if isinstance(kind, ir.IntType):  # ASCII digits only: int() also takes '٣٤' (and
        stripped = text.strip()       # isdigit() '²', which int() then refuses)
        return int(stripped) if _WHOLE_NUMBER.fullmatch(stripped) else text
    return text  # dates, enums and strings stay text: the validator reads them


def _put(case: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        case = case.setdefault(key, {})
        if not isinstance(case, dict):
            raise ValueError(f"column {'.'.join(path)!r} clashes with another column")
    case[path[-1]] = value


def leaf_types(vocab: ir.Vocabulary) -> dict[str, ir.Type]:
    """Dotted CSV column → vocabulary type (records are walked; lists are one column)."""
    out: dict[str, ir.Type] = {}

    def walk(prefix: str, fields: Iterable[ir.FieldInfo]) -> None:
        for f in fields:
            if isinstance(f.type, ir.RecordType):
                record = vocab.record(f.type.name)
                if record is not None:
                    walk(f"{prefix}{f.name}.", record.fields)
            else:
                out[f"{prefix}{f.name}"] = f.type

    walk("", vocab.fields)
    return out


def _read_parquet(path: Path, as_json: bool) -> Iterator[Read]:
    import pyarrow as pa

    pq = _pyarrow_parquet()
    try:
        table = pq.ParquetFile(path)
        schema = table.schema_arrow
    except (OSError, ValueError, OverflowError, pa.ArrowException) as error:
        raise _not_parquet(path, error) from None
    twice = _named_twice(schema)
    if twice is not None:  # a row would keep one of the two values: a guess, so refuse
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` names the column `{short(twice)}` twice", None,
            "give each fact one column (a record's fields inside one struct column)")])
    first = 0
    for rows in _parquet_batches(path, table):
        for row, (value, fault) in enumerate(rows, first):
            yield row, _json_shape(value) if as_json and value is not None else value, fault
        first += len(rows)


def _parquet_batches(path: Path, table: Any) -> Iterator[list[Row]]:
    """The rows of a Parquet file, 65,536 at a time, each a case or its error (a value
    Python cannot hold: `arrow_rows`); a file found damaged part-way is unreadable as a
    whole (its row groups cannot be told apart from each other)."""
    import pyarrow as pa

    from .arrow_rows import batch_rows

    batches = table.iter_batches(batch_size=65536)
    first = 0
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError, OverflowError, pa.ArrowException) as error:
            raise _not_parquet(path, error) from None
        if batch is None:
            return
        yield batch_rows(batch, first)
        first += batch.num_rows


def _named_twice(fields: Any, prefix: str = "") -> str | None:
    """The first column, or field of a struct column (also inside lists of any Arrow
    kind: a fixed-size list or a list view too, which pyarrow otherwise refuses in words
    that name no column), whose name is given twice at its level, as a path; None when
    every name is given once."""
    import pyarrow as pa

    from .arrow_rows import is_list_kind

    seen: set[str] = set()
    for field in fields:
        path = f"{prefix}{field.name}"
        if field.name in seen:
            return path
        seen.add(field.name)
        kind = field.type
        while is_list_kind(kind):
            kind, path = kind.value_type, path + "[]"
        if pa.types.is_struct(kind):
            inner = _named_twice(list(kind), path + ".")
            if inner is not None:
                return inner
    return None


def _not_parquet(path: Path, error: BaseException) -> UsageError:
    return UsageError([Diagnostic(
        "TL-U005", f"`{path}` is not a readable Parquet file: {short(error)}", None,
        "write it with `trustlaw synth --out FILE.parquet` or any Parquet writer")])


def _json_shape(value: Any) -> Any:
    """Arrow values → the public JSON shape: dates as ISO strings, nulls dropped."""
    if isinstance(value, dict):
        return {k: _json_shape(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_json_shape(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError([Diagnostic(
            "TL-U012", "reading or writing Parquet needs pyarrow, which is not installed", None,
            "install the `sql` extra: pip install -e '.[sql]'")]) from None
    return pq


# ---- writing ------------------------------------------------------------------------------


def arrow_schema(vocab: ir.Vocabulary) -> Any:
    """The Arrow schema of a case under `vocab` (the Parquet layout above)."""
    import pyarrow as pa

    def arrow(kind: ir.Type) -> Any:
        if isinstance(kind, ir.BoolType):
            return pa.bool_()
        if isinstance(kind, ir.IntType):
            return pa.int64()
        if isinstance(kind, ir.DateType):
            return pa.date32()
        if isinstance(kind, ir.ListType):
            return pa.list_(arrow(kind.element))
        if isinstance(kind, ir.RecordType):
            record = vocab.record(kind.name)
            fields = record.fields if record is not None else ()
            return pa.struct([pa.field(f.name, arrow(f.type)) for f in fields])
        return pa.string()  # enums

    fields = [pa.field(f.name, arrow(f.type)) for f in vocab.fields]
    if vocab.field("id") is None:  # the case identifier: a string, outside the vocabulary
        fields.insert(0, pa.field("id", pa.string()))
    return pa.schema(fields)


def write_cases(cases: Iterable[Mapping[str, Any]], path: str | Path, vocab: ir.Vocabulary,
                fmt: str | None = None, *, labels: Mapping[str, str] | None = None,
                well_formed: bool = False) -> int:
    """Write cases to a JSON-lines, CSV or Parquet file; returns how many. (Python's full
    garbage collections are rare meanwhile: a Parquet file's chunk of cases made them a
    sixth of `trustlaw synth`'s time.) The file appears only once written whole; one
    that cannot be written is a `UsageError`. `labels` go into a Parquet file's key-value
    metadata (`trustlaw synth` marks its files synthetic there); the other formats have
    no place for them.

    A case written to CSV or Parquet must fit the layout's columns as given (`fitting`:
    a `CaseError` names the first that does not); `well_formed` skips that check for
    cases made well-formed (`trustlaw synth`'s, which validation accepts, tests say)."""
    fmt = case_format(path, fmt)
    if not well_formed and fmt != "jsonl":
        cases = fitting(cases, vocab)
    with full_collections_rare(), whole_file(Path(path)) as part:
        if fmt == "parquet":
            schema = arrow_schema(vocab)
            if labels:
                schema = schema.with_metadata(dict(labels))
            plan = _date_plan(schema)
            return _write_parquet((_arrow_shape(c, plan) for c in cases), part, schema)
        if fmt == "csv":
            columns = list(dict.fromkeys(["id", *leaf_types(vocab)]))
            return write_rows((_csv_row(c) for c in cases), part, columns, "csv")
        count = 0
        with part.open("w", encoding="utf-8") as out:
            for case in cases:
                out.write(json_text(case, separators=(",", ":")) + "\n")
                count += 1
        return count


# Where a case holds dates: field → True (a date, or a list of dates), or the plan of the
# record (or list of records) it holds; fields without a date are left out.
_DatePlan = dict[str, Any]


def _date_plan(schema: Any) -> _DatePlan:
    """Where the Arrow `schema` of a case (`arrow_schema`) holds dates."""
    import pyarrow as pa

    def plan(fields: Iterable[Any]) -> _DatePlan:
        out: _DatePlan = {}
        for f in fields:
            kind = f.type.value_type if pa.types.is_list(f.type) else f.type
            if pa.types.is_date32(kind):
                out[f.name] = True
            elif pa.types.is_struct(kind) and (inner := plan(kind)):
                out[f.name] = inner
        return out

    return plan(schema)


def _arrow_shape(case: Mapping[str, Any], plan: _DatePlan) -> dict[str, Any]:
    """A case in JSON form with its ISO dates as `datetime.date` for Arrow: only the
    vocabulary's date fields are read (an `id` that looks like a date stays text)."""
    out = dict(case)
    for key, inner in plan.items():
        value = out.get(key)
        if value is None:
            continue
        if inner is True:
            out[key] = [_iso(v) for v in value] if isinstance(value, list) else _iso(value)
        elif isinstance(value, dict):
            out[key] = _arrow_shape(value, inner)
        elif isinstance(value, list):
            out[key] = [_arrow_shape(v, inner) if isinstance(v, dict) else v for v in value]
    return out


def _iso(value: Any) -> Any:
    """An ISO date written YYYY-MM-DD as a date; anything else as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value  # Arrow refuses it, as it refuses any value of the wrong type
    return value


def _csv_row(case: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Mapping[str, Any]) -> None:
        for key, item in value.items():
            if isinstance(item, Mapping):
                walk(f"{prefix}{key}.", item)
            elif isinstance(item, list):
                out[f"{prefix}{key}"] = json.dumps(item, separators=(",", ":"))
            elif isinstance(item, bool):
                out[f"{prefix}{key}"] = "true" if item else "false"
            else:
                out[f"{prefix}{key}"] = item

    walk("", case)
    return out


def _write_parquet(rows: Iterable[Mapping[str, Any]], path: Path, schema: Any) -> int:
    """Rows to Parquet in chunks of 65,536; no rows still write a table, so the file
    holds the schema's columns."""
    import pyarrow as pa

    pq = _pyarrow_parquet()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[Mapping[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 65536:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
                chunk = []
        if chunk or not count:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count


@contextlib.contextmanager
def whole_file(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` that becomes `out` only once it is written whole,
    so a run stopped part-way (an unreadable file, ^C) leaves no partial output."""
    name = f".{out.name}.part"
    if len(name.encode("utf-8", "surrogateescape")) > 255:  # a long name that still fits
        name = f".trustlaw-{abs(hash(out.name)):x}.part"
    part = out.with_name(name)
    try:
        yield part
        os.replace(part, out)
    except OSError as error:  # no such folder, no permission, disk full
        raise UsageError([Diagnostic(
            "TL-U005", f"`{out}` could not be written: {error.strerror or error}", None,
            "give --out a file in a folder that exists and can be written")]) from None
    finally:
        with contextlib.suppress(OSError):  # the same error again: there is no part file
            part.unlink(missing_ok=True)


# The first characters with which a spreadsheet (Excel, LibreOffice, Sheets) reads a CSV
# cell as a formula: a citation or case id such as `=HYPERLINK(…)` could run one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: Any) -> Any:
    """A CSV cell of batch output that a spreadsheet shows as written: text starting like
    a formula gets a leading apostrophe (OWASP's advice on CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_tables(tables: Iterable[Any], path: str | Path, columns: list[str],
                 fmt: str | None = None, schema: Any = None) -> int:
    """Arrow tables of batch output to a file as `write_rows` writes their rows (Parquet
    without a Python object per value); returns how many rows."""
    if case_format(path, fmt) != "parquet" or schema is None:
        return write_rows((row for table in tables for row in table.to_pylist()), path,
                          columns, fmt, schema, spreadsheet=True)
    pq = _pyarrow_parquet()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for table in tables:
            writer.write_table(table.select(columns).cast(schema))
            count += table.num_rows
        if not count:
            writer.write_table(schema.empty_table())
    return count


def write_rows(rows: Iterable[Mapping[str, Any]], path: str | Path, columns: list[str],
               fmt: str | None = None, schema: Any = None, spreadsheet: bool = False) -> int:
    """Flat rows (batch output) to JSON lines, CSV or Parquet; returns how many. Parquet
    columns get `schema`'s types (an Arrow schema), so an all-null column keeps its type.
    `spreadsheet`: CSV cells a spreadsheet would run as a formula are made text
    (`inert_cell`)."""
    fmt = case_format(path, fmt)
    count = 0
    if fmt == "csv":
        with Path(path).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: inert_cell(v) for c, v in row.items()} if spreadsheet
                                else row)
                count += 1
        return count
    if fmt == "parquet":
        import pyarrow as pa

        if schema is None:
            schema = pa.schema([(c, pa.string()) for c in columns])
        return _write_parquet(rows, Path(path), schema)
    with Path(path).open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json_text({c: row.get(c) for c in columns}) + "\n")
            count += 1
    return count
