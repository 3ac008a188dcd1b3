"""CSV files of cases → case dicts: one column per leaf of a record, named by its dotted
path, a list as one column of JSON text (docs/batch.md, "Input: the column layout").

A cell that does not parse as its fact's type is kept as text, for the validator to
report with its field path; a row that cannot be read as CSV, does not fit the header,
or names a path the layout has no room for, is that row's error, and the next is read.
A header that cannot be read (or names a column twice) stops the read; columns with no
name (a spreadsheet's export may end in several) name no fact, and are not refused.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..cases.limits import MAX_CASE_CHARS
from ..diagnostics import CaseError, Diagnostic, UsageError
from .text_lines import (
    MAX_LINE,
    Lines,
    LineTooLong,
    json_error,
    open_cases,
    too_long,
)
from .unknown_columns import Unknown, unknown_fields
from .words import not_utf8, short

__all__ = ["csv_case", "csv_rows", "csv_unknown", "leaf_types", "read_csv", "row_where",
           "value_case"]

Read = tuple[int, "dict[str, Any] | None", "str | None"]  # (row number, case, error)


def read_csv(path: Path, vocab: ir.Vocabulary) -> Iterator[Read]:
    types = leaf_types(vocab)
    with csv_rows(path, types) as (header, rows):
        unknown = csv_unknown(header, types, vocab)
        for row, line, cells in rows:
            yield (row, None, cells) if isinstance(cells, str) else csv_case(
                row, header, cells, types, unknown=unknown, line=line)


def row_where(row: int, line: int | None) -> str:
    """How a message names a CSV row (`row` from 0): ``row 3``, and the line of the file
    it starts on where that is not the line after the header's count of rows (a cell
    over several lines, a blank line or a ``sep=`` line before it): ``row 3 (line 7)``."""
    return f"row {row + 1}" + (f" (line {line})" if line is not None and line != row + 2
                               else "")


def csv_unknown(header: list[str], types: Mapping[str, ir.Type],
                vocab: ir.Vocabulary) -> Unknown | None:
    """The header's columns that are no leaf of the case layout (nor ``id``), which put
    every row in error, empty cells and all (`unknown_columns`); None when there is
    none. A column the layout has no room for (``convictions.0.date``, ``person``) is
    named with why; the others in the validator's words. A column with no name (a
    spreadsheet's export may end in empty ones) names nothing: a row that fills it is
    in error (`csv_case`), one that leaves it empty is read."""
    columns = [column for column in header
               if column not in types and column not in ("id", "")]
    if not columns:
        return None
    misplaced, others = [], []
    for column in columns:
        why = _misplaced(column, types)
        if why is not None:
            misplaced.append((column, why))
        else:
            others.append(column.split("."))
    return Unknown(tuple(columns), tuple(misplaced),
                   unknown_fields(others, vocab) if others else "")


@contextlib.contextmanager
def csv_rows(path: Path, types: Mapping[str, ir.Type] | None = None
             ) -> Iterator[tuple[list[str], Iterator[tuple[int, int, list[str] | str]]]]:
    """A CSV file of cases: its header, and its rows numbered from 0 (a blank line, or one
    of empty cells only, is no row), each with the line it starts on (from 1) and its
    cells or, when it cannot be read as CSV, its error. A header that cannot be read, or
    names a column twice, is a `UsageError`. A first line ``sep=;`` (as Excel writes it)
    names the separator of the cells, and is no header. `types` (`leaf_types`) tells
    which columns may hold a line break without being quoted as the standard says (a
    list's JSON text: see `_csv_records`)."""
    # a cell may be as long as a case (a list of many convictions as JSON); the csv
    # module's limit is process-wide, so it is only ever raised, never lowered
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CASE_CHARS))
    with open_cases(path) as stream:
        lines = Lines(stream)
        delimiter = _separator_line(path, lines)
        reader = csv.reader(lines, delimiter=delimiter)
        header = _csv_header(path, reader, lines)
        breaks = _line_breaks(header, types or {})
        yield header, _csv_records(reader, lines, len(header), breaks, delimiter)


# Excel's first line naming the separator of a CSV file's cells: `sep=,` or `sep=;`
_SEPARATOR_LINE = re.compile(r'"?sep=(.*?)"?(?:\r\n|\r|\n)?', re.IGNORECASE)


def _separator_line(path: Path, lines: Lines) -> str:
    """The separator a first line such as ``sep=;`` names (Excel writes one, and reads
    the file by it), that line then being read past; else the line is handed back to be
    the header, and cells are separated by commas. A ``sep=`` line naming no single
    character, or a quote or line break, is refused: the file's cells cannot be told
    apart."""
    try:
        first = next(lines)
    except StopIteration:  # an empty file: no header, no row
        return ","
    except LineTooLong:  # found again as the header, which says so
        lines.give_back([], long_line_next=True)
        return ","
    found = _SEPARATOR_LINE.fullmatch(first)
    if found is None:
        lines.give_back([first])
        lines.taken = []
        return ","
    lines.taken = []
    separator = found.group(1)
    if len(separator) != 1 or separator in '"\r\n':
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` cannot be read as cases: its first line "
            f"`{short(first.rstrip())}` names no separator of its cells", None,
            "a first line `sep=,` or `sep=;` names the one character between cells; "
            "remove the line to separate them by commas")])
    return separator


# How a row read over several lines holds its line breaks (`_line_breaks`)
_IN_LISTS, _IN_TEXT, _IN_A_FACT = "lists", "text", "fact"


def _line_breaks(header: list[str], types: Mapping[str, ir.Type]
                 ) -> Callable[[list[str]], str]:
    """Where a row's cells hold their line breaks: only in a list's JSON text
    (`_IN_LISTS`, which may run over lines); also in free text (`_IN_TEXT`: the `id`, a
    column the case format lacks such as a spreadsheet's `notes`, a column with no
    name), which a quoted cell may hold too; or in a cell no value with a line break
    fits (`_IN_A_FACT`: a date, a number, a yes/no, one of a list of words, or a cell
    past the header's columns), which only a stray quote's row has."""
    kinds = [_IN_LISTS if isinstance(types.get(column), ir.ListType)
             else _IN_A_FACT if column in types else _IN_TEXT for column in header]

    def where(cells: list[str]) -> str:
        found = _IN_LISTS
        for at, cell in enumerate(cells):
            if "\n" in cell or "\r" in cell:
                kind = kinds[at] if at < len(kinds) else _IN_A_FACT
                if kind == _IN_A_FACT:
                    return kind
                if kind == _IN_TEXT:
                    found = kind
        return found

    return where


def _csv_records(reader: Iterator[list[str]], lines: Lines, width: int,
                 breaks: Callable[[list[str]], str], delimiter: str = ","
                 ) -> Iterator[tuple[int, int, list[str] | str]]:
    """The rows of `reader` (over `lines`), numbered, each with the line it starts on. A
    quoted cell may run over several lines, as the CSV standard (RFC 4180) allows: a
    list's JSON written over lines, a note or an id kept as text. A stray quote (one
    opening a quoted cell in the middle of a row) also joins the lines after it to its
    row, up to the next quote or the end of the file. Such a row is told apart by where
    it holds its line breaks (`_line_breaks`): in a fact's cell (a date, a number, …),
    where no value holds one; or in free text, where the row is not one well-formed row
    of the header's width (`_well_formed`). It is then an error row, and the lines it
    took in are read again as rows of their own, so that one stray `"` never drops the
    rest of the file. A row joined to an over-long line is read again the same way."""
    row = 0
    while True:
        lines.taken = []
        start = lines.number + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LineTooLong:
            if lines.taken:  # a stray quote's row had taken in lines up to the long one
                yield row, start, _stray(row, start, lines, long_line_next=True)
            else:
                yield row, start, too_long(row_where(row, start))
        except csv.Error as error:
            yield row, start, _csv_error(row, start, error) + _taken_again(lines)
        else:
            if not any(cells):  # a blank line is no row (as csv.DictReader has it),
                continue        # nor is a line of bare commas (a spreadsheet's empty row)
            where = breaks(cells) if len(lines.taken) > 1 else _IN_LISTS
            if where == _IN_A_FACT or (where == _IN_TEXT and not _well_formed(
                    lines.taken, cells, width, delimiter)):
                yield row, start, _stray(row, start, lines)
            else:
                yield row, start, cells
        row += 1


def _well_formed(taken: list[str], cells: list[str], width: int, delimiter: str) -> bool:
    """Whether the lines of a row read over several lines are one row as the CSV standard
    writes it: as many cells as the header has columns, every quoted cell closed right
    before a separator or the end of the row (a stray quote's cell ends at the next
    quote, where a later row's quoted cell opens, or never)."""
    if len(cells) != width:
        return False
    try:
        again = list(csv.reader(io.StringIO("".join(taken), newline=""),
                                delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return again == [cells]


def _stray(row: int, start: int, lines: Lines, long_line_next: bool = False) -> str:
    """The error of a row a stray quote joined to the lines after it, which are handed
    back to be read again (and then the over-long line that stopped it, if one did)."""
    return (f"{row_where(row, start)} has a `\"` that opens a quoted cell running past the "
            "end of its line" + _taken_again(lines, long_line_next))


def _taken_again(lines: Lines, long_line_next: bool = False) -> str:
    """Hand the lines after the first of a bad row back to be read as rows of their own,
    and say so (nothing when the row took one line)."""
    again = lines.taken[1:]
    lines.taken = []
    lines.give_back(again, long_line_next=long_line_next)
    if not again:
        return ""
    if len(again) == 1:
        return "; the line it took in after its own is read as a row of its own"
    return f"; the {len(again)} lines it took in after its own are read as rows of their own"


def _csv_header(path: Path, reader: Iterator[list[str]], lines: Lines) -> list[str]:
    """The column names; a header that cannot be read or names a column twice makes the
    whole file unreadable (every row's meaning depends on it). Any number of columns
    with no name is no name given twice: none of them names a fact."""
    def refuse(problem: str) -> UsageError:
        return UsageError([Diagnostic(
            "TL-U005", f"`{path}` cannot be read as cases: its header {problem}", None,
            "the first line of a CSV file of cases names each column once, in UTF-8 "
            "(see docs/batch.md)")])

    try:
        header = next(reader, [])
    except LineTooLong:
        raise refuse(f"is longer than {MAX_LINE:,} characters") from None
    except csv.Error as error:
        raise refuse(f"is not valid CSV: {short(error)}") from None
    if len(lines.taken) > 1:  # a stray quote took in the file's rows as column names
        raise refuse("has a `\"` that opens a quoted name running past the end of its "
                     "line") from None
    seen: set[str] = set()
    for number, column in enumerate(header, 1):
        bad = not_utf8(column)
        if bad is not None:
            raise refuse(f"is not valid UTF-8: column {number}, {bad}")
        if column in seen and column != "":
            raise refuse(f"names the column `{short(column)}` twice")
        seen.add(column)
    return header


def _csv_error(row: int, start: int, error: csv.Error) -> str:
    if str(error).startswith("field larger than field limit"):
        return too_long(f"a cell of {row_where(row, start)}")
    return f"{row_where(row, start)} is not valid CSV: {short(error)}"


def csv_case(row: int, header: list[str], cells: list[str],
             types: Mapping[str, ir.Type], *, unknown: Unknown | None = None,
             line: int | None = None) -> Read:
    """One CSV row as a case, or its error (with the row's id when it can be read), the
    row starting on `line` of the file (`row_where`). In a file whose header names
    columns the case format lacks (`csv_unknown`), every row's error is theirs, whatever
    its cells hold."""
    where = row_where(row, line)
    named = _csv_id(header, cells)
    if unknown is not None:
        return row, named, unknown.error(row, where)
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
    return _case_of(row, where, named, header, cells, types)


def value_case(row: int, header: list[str], values: list[Any],
               types: Mapping[str, ir.Type], *, unknown: Unknown | None = None) -> Read:
    """One row of a table held in memory in the CSV layout's columns (`flat_tables`) as a
    case, or its error, as the same row of a CSV file: text is read as a cell is, a value
    of another kind (34, True, a list) is taken as given, None is unknown."""
    index = header.index("id") if "id" in header else None
    given_id = values[index] if index is not None else None
    named = {"id": given_id} if isinstance(given_id, str) and given_id else None
    if unknown is not None:
        return row, named, unknown.error(row)
    return _case_of(row, f"row {row + 1}", named, header, values, types)


def _case_of(row: int, where: str, named: dict[str, Any] | None, header: list[str],
             cells: list[Any], types: Mapping[str, ir.Type]) -> Read:
    """The case a row's cells make (text read as its column's type, `_cell`; any other
    value as given; an empty cell or None unknown), or the errors of every cell that
    cannot be read, one after another (a bad list hid the row's bad date and yes/no
    cells until the next run)."""
    case: dict[str, Any] = {}
    errors: list[str] = []
    for number, (column, cell) in enumerate(zip(header, cells, strict=True), 1):
        if cell is None or (isinstance(cell, str) and cell == ""):
            continue
        if column == "":
            errors.append(f"{where}, column {number}: a column with no name holds a value, "
                          "but names no fact (name the column, or leave its cells empty)")
            continue
        misplaced = _misplaced(column, types)
        if misplaced is not None:
            errors.append(f"{where}, column `{short(column)}`: {misplaced}")
            continue
        try:
            _put(case, column.split("."),
                 _cell(cell, types.get(column)) if isinstance(cell, str) else cell)
        except CaseError as error:
            errors.append(json_error(f"{where}, column `{short(column)}`", error))
        except ValueError as error:
            errors.append(f"{where}: {short(error)}")
    if errors:
        return row, named, "; ".join(errors)
    return row, case, None


def _misplaced(column: str, types: Mapping[str, ir.Type]) -> str | None:
    """Why a column named by a path the layout has no room for cannot be read, where the
    case's own error would not name the column: a part of its name empty, or a path into
    a list or a single value (`convictions.0.date`, `person.age.x`). None otherwise (an
    unknown name is the validator's, which suggests the name meant)."""
    if column in types or column == "id":
        return None
    fields = [leaf for leaf in types if leaf.startswith(f"{column}.")]
    if fields:
        return (f"`{column}` is a record, which a CSV file gives as one column per field, "
                f"named by its path (`{fields[0]}`)")
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
