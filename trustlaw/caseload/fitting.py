"""Cases → the same cases, each checked to fit the columns of a CSV or Parquet file as given.

A CSV or Parquet file in the case layout (`io.arrow_schema`, `io.leaf_types`) has a column
per field of the vocabulary, each of one kind. A field it lacks would be dropped, and the
text "true" in a yes/no column read back as a yes: the case would then be decided unlike
`decide()` decides it. `write_cases` refuses such a case by name instead.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import ir
from ..cases.describing import describe
from ..cases.validation import CODE_VALUE
from ..diagnostics import CaseError, Diagnostic

__all__ = ["fitting"]


def fitting(cases: Iterable[Mapping[str, Any]], vocab: ir.Vocabulary, fmt: str = "csv"
             ) -> Iterator[Mapping[str, Any]]:
    """The cases, each checked to fit the layout's columns as it is given (a field of the
    vocabulary, a value of the column's kind), else a `CaseError` naming the case and
    the field: a CSV or Parquet file has no place for a field the vocabulary lacks, and
    would turn the text "true" into a yes, so either would be decided unlike the case.
    Nor can a CSV cell of case input hold a line break outside a list's JSON (the reader
    takes it for a stray quote) or the empty text (an empty cell reads as unknown), nor a
    Parquet date column a text that is no date (`fmt`, "csv" or "parquet", says which).
    A value of the right kind that validation refuses (an age of 300) is written, and its
    row in a batch says what is wrong; JSON lines keep any case as given."""
    fits = _Fit(vocab, fmt)
    for index, case in enumerate(cases):
        problem = fits.case(case)
        if problem is not None:
            where, what = problem
            raise CaseError([Diagnostic(
                CODE_VALUE, f"case {index}: {where + ': ' if where else ''}{what}", None,
                "a CSV or Parquet file holds the fields of the vocabulary, each of its own "
                "kind: correct the case, or write JSON lines, which keep it as given")])
        yield case


class _Fit:
    """Whether a case fits the layout's columns as given: `case` is None, or where and
    why not. Each record's fields are looked up once per vocabulary; a path is spelled
    only for a case that does not fit."""

    def __init__(self, vocab: ir.Vocabulary, fmt: str = "csv"):
        self.vocab = vocab
        self.csv = fmt == "csv"
        self.parquet = fmt == "parquet"
        self.top = {f.name: f.type for f in vocab.fields}
        self.records: dict[str, dict[str, ir.Type]] = {}
        self.kinds: dict[type, tuple[tuple[type, ...], str]] = {
            ir.BoolType: ((bool,), "a yes/no (true or false)"),
            ir.IntType: ((int,), "a whole number"),
            ir.DateType: ((str, _dt.date), "a date"),
        }

    def case(self, case: Any) -> tuple[str, str] | None:
        if not isinstance(case, Mapping):
            return "", "is not an object with the fields of a case"
        fields = self.top
        for key, item in case.items():
            if key not in fields:
                if key == "id":
                    cell = (None if item is None else self.cell_problem(item)
                            if type(item) is str else "expected a string")
                    if cell is None:
                        continue
                    return "id", cell
                return str(key), "not a field of the case"
            if item is not None:
                problem = self.value(item, fields[key], 1)
                if problem is not None:
                    return str(key) + "".join(reversed(problem[0])), problem[1]
        return None

    def cell_problem(self, text: str) -> str | None:
        """Why a CSV cell of case input cannot hold `text` (outside a list's JSON), or
        None: a line break (the reader takes it for a stray quote), or no text at all (an
        empty cell is an unknown fact, where the case gives a value that is refused)."""
        if not self.csv:
            return None
        if "\n" in text or "\r" in text:
            return "holds a line break, which a CSV cell of case input cannot"
        if not text:
            return ('is the empty text "", which a CSV file would read back as unknown '
                    "(an empty cell)")
        return None

    def value(self, value: Any, kind: ir.Type, depth: int, in_list: bool = False
              ) -> tuple[list[str], str] | None:
        """None, or the path below `value` (innermost first) and what is wrong there
        (`in_list`: inside a list, which a CSV file writes as one JSON text)."""
        if isinstance(kind, ir.RecordType):
            if depth > 64 or not isinstance(value, Mapping):
                return [], "expected an object"
            fields = self.records.get(kind.name)
            if fields is None:
                record = self.vocab.record(kind.name)
                fields = self.records[kind.name] = {
                    f.name: f.type for f in (record.fields if record else ())}
            for key, item in value.items():
                if key not in fields:
                    return [f".{key}"], "not a field of the record"
                if item is not None:
                    problem = self.value(item, fields[key], depth + 1, in_list)
                    if problem is not None:
                        problem[0].append(f".{key}")
                        return problem
            return None
        if isinstance(kind, ir.ListType):
            if type(value) is not list:
                return [], "expected a list"
            element = kind.element
            for n, item in enumerate(value):
                if item is not None:
                    problem = self.value(item, element, depth + 1, True)
                    if problem is not None:
                        problem[0].append(f"[{n}]")
                        return problem
            return None
        types, words = self.kinds.get(type(kind), ((str,), "a text value"))
        if type(value) in types and (type(value) is not int or -2**63 <= value < 2**63):
            if type(value) is str:
                if not in_list and (cell := self.cell_problem(value)):
                    return [], cell
                if self.parquet and isinstance(kind, ir.DateType) and not _a_date(value):
                    return [], (f"expected a date (YYYY-MM-DD) for a Parquet date column, "
                                f"got {describe(value)}")
            return None
        return [], f"expected {words}, got {describe(value)}"


def _a_date(text: str) -> bool:
    """An ISO date written YYYY-MM-DD, as `io._iso` turns into a date for Arrow."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
