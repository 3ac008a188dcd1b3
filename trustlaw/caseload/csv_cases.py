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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..cases.limits import MAX_CASE_CHARS
from ..diagnostics import CaseError, Diagnostic, UsageError
from .text_lines import (
    MAX_LINE,
    TOO_LONG,
    Lines,
    LineTooLong,
    json_error,
    open_cases,
    too_long,
)
from .unknown_columns import Unknown, unknown_fields
from .words import not_utf8, short

__all__ = ["csv_case", "csv_rows", "csv_unknown", "leaf_types", "read_csv"]

Read = tuple[int, "dict[str, Any] | None", "str | None"]  # (row number, case, error)


def read_csv(path: Path, vocab: ir.Vocabulary) -> Iterator[Read]:
    types = leaf_types(vocab)
    with csv_rows(path, types) as (header, rows):
        unknown = csv_unknown(header, types, vocab)
        for row, cells in rows:
            yield (row, None, cells) if isinstance(cells, str) else csv_case(
                row, header, cells, types, unknown=unknown)


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
             ) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str] | str]]]]:
    """A CSV file of cases: its header, and its rows numbered from 0 (a blank line, or one
    of empty cells only, is no row), each as its cells or, when it cannot be read as CSV,
    its error. A header that cannot be read, or names a column twice, is a `UsageError`.
    `types` (`leaf_types`) tells which columns may hold a line break: only a list's JSON
    text."""
    # a cell may be as long as a case (a list of many convictions as JSON); the csv
    # module's limit is process-wide, so it is only ever raised, never lowered
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CASE_CHARS))
    with open_cases(path) as stream:
        lines = Lines(stream)
        reader = csv.reader(lines)
        header = _csv_header(path, reader, lines)
        broken = _breaks_where_it_may_not(header, types or {})
        yield header, _csv_records(reader, lines, len(header), broken)


def _breaks_where_it_may_not(header: list[str], types: Mapping[str, ir.Type]
                             ) -> Callable[[list[str]], bool]:
    """Whether a row's cells hold a line break in a cell that cannot hold one: any but a
    list's JSON text (a date, a number, a name, a yes/no, an id), or a cell past the
    header's columns. Such a row was joined to the lines after it by a stray quote."""
    may = [isinstance(types.get(column), ir.ListType) for column in header]

    def broken(cells: list[str]) -> bool:
        return any(("\n" in cell or "\r" in cell) and not (i < len(may) and may[i])
                   for i, cell in enumerate(cells))

    return broken


def _csv_records(reader: Iterator[list[str]], lines: Lines, width: int,
                 broken: Callable[[list[str]], bool]) -> Iterator[tuple[int, list[str] | str]]:
    """The rows of `reader` (over `lines`), numbered. A stray quote (one opening a quoted
    cell that runs past its line) joins the lines after it to its row, up to the next
    quote or the end of the file: where the row then holds a line break in a cell that
    cannot hold one (`broken`), it is an error row and the lines it took in are read
    again as rows of their own, so that one stray `"` never drops the rest of the file.
    A row joined to an over-long line is read again the same way."""
    row = 0
    while True:
        lines.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LineTooLong:
            if lines.taken:  # a stray quote's row had taken in lines up to the long one
                yield row, _stray(row, lines, long_line_next=True)
            else:
                yield row, too_long(f"row {row + 1}")
        except csv.Error as error:
            yield row, _csv_error(row, error) + _taken_again(lines)
        else:
            if not any(cells):  # a blank line is no row (as csv.DictReader has it),
                continue        # nor is a line of bare commas (a spreadsheet's empty row)
            if len(lines.taken) > 1 and broken(cells):
                yield row, _stray(row, lines)
            else:
                yield row, cells
        row += 1


def _stray(row: int, lines: Lines, long_line_next: bool = False) -> str:
    """The error of a row a stray quote joined to the lines after it, which are handed
    back to be read again (and then the over-long line that stopped it, if one did)."""
    if long_line_next:
        lines.replay.appendleft(TOO_LONG)
    return (f"row {row + 1} has a `\"` that opens a quoted cell running past the end of "
            "its line" + _taken_again(lines))


def _taken_again(lines: Lines) -> str:
    """Hand the lines after the first of a bad row back to be read as rows of their own,
    and say so (nothing when the row took one line)."""
    again = lines.taken[1:]
    lines.taken = []
    if not again:
        return ""
    lines.replay.extendleft(reversed(again))
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


def _csv_error(row: int, error: csv.Error) -> str:
    if str(error).startswith("field larger than field limit"):
        return too_long(f"a cell of row {row + 1}")
    return f"row {row + 1} is not valid CSV: {short(error)}"


def csv_case(row: int, header: list[str], cells: list[str],
             types: Mapping[str, ir.Type], *, unknown: Unknown | None = None) -> Read:
    """One CSV row as a case, or its error (with the row's id when it can be read). In a
    file whose header names columns the case format lacks (`csv_unknown`), every row's
    error is theirs, whatever its cells hold."""
    where = f"row {row + 1}"
    named = _csv_id(header, cells)
    if unknown is not None:
        return row, named, unknown.error(row)
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
    for number, (column, cell) in enumerate(zip(header, cells, strict=True), 1):
        if cell == "":
            continue
        if column == "":
            return row, named, (f"{where}, column {number}: a column with no name holds a "
                                "value, but names no fact (name the column, or leave its "
                                "cells empty)")
        misplaced = _misplaced(column, types)
        if misplaced is not None:
            return row, named, f"{where}, column `{short(column)}`: {misplaced}"
        try:
            _put(case, column.split("."), _cell(cell, types.get(column)))
        except CaseError as error:
            return row, named, json_error(f"{where}, column `{short(column)}`", error)
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
