"""A tabular case file's columns that the case format lacks: every row's error, alike.

In JSON lines a key the case format lacks is an error even when its value is null, as
`decide()` has it. A CSV or Parquet file gives every row each of its columns, so a
column the format lacks (``notes``, a misspelt ``person.gang_databse``) is an error in
every row, also where its cell is empty or null: a CSV reader used to skip an empty
cell, and so decided the rows that left such a column empty and refused the others
(a selection no message told of). The error is the validator's for the same fields
given as null (``notes: not a field of the case (its fields are …)``), the same in
every row and in every format; the row's own facts are not read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from ..diagnostics import CaseError
from .words import short

__all__ = ["LIST", "Unknown", "layout_paths", "parquet_unknown", "shown_path", "unknown_fields"]

#: A step into a list's elements in a path (``convictions[].date``).
LIST = "[]"
_ID = "id"


@attrs.frozen
class Unknown:
    """The columns of one file that the case format lacks, and the error every row of
    the file gets for them: `misplaced` CSV columns, each with why the layout has no room
    for it (``convictions.0.date``), and `message`, the validator's words for the others
    ("" when there are none)."""

    columns: tuple[str, ...]  # every such column, as the file names it
    misplaced: tuple[tuple[str, str], ...] = ()
    message: str = ""

    def error(self, row: int, where: str | None = None) -> str:
        """The error of the file's row `row` (from 0), as the row route words it (`where`:
        how to name the row, if not ``row N``)."""
        parts = [f"{where or f'row {row + 1}'}, column `{short(column)}`: {why}"
                 for column, why in self.misplaced]
        if self.message or not parts:
            parts.append(self.message or "the file's columns " + ", ".join(
                f"`{short(column)}`" for column in self.columns) + " are not in the case format")
        return "; ".join(parts)


def shown_path(path: Sequence[str]) -> str:
    """A path as a file names it: ``person.age``, ``convictions[].date``."""
    return ".".join(path).replace(f".{LIST}", LIST)


def unknown_fields(paths: Iterable[Sequence[str]], vocab: ir.Vocabulary) -> str:
    """The validator's words for a case giving each path (`LIST` steps into a list) as
    null: what a JSON line with those keys gets, so that a column the format lacks is
    worded alike in every format (a list's element is shown ``convictions[]``, not
    ``convictions[0]``: it is no element in particular)."""
    from ..cases.validation import validate

    probe: dict[str, Any] = {}
    for path in paths:
        node: Any = probe
        for key, after in itertools.pairwise(path):
            if key != LIST:
                node = node.setdefault(key, [{}])[0] if after == LIST else \
                    node.setdefault(key, {})
        if isinstance(node, dict):  # else `a` and `a.b` both named: `a` speaks for both
            node[path[-1]] = None
    try:
        validate(probe, vocab)
    except CaseError as error:
        return "; ".join(_any_element(message) for message in error.errors)
    return ""


def _any_element(message: str) -> str:
    """A message about the probe's one list element as about any element."""
    where, colon, rest = message.partition(": ")
    return re.sub(r"\[0\]", LIST, where) + colon + rest


def layout_paths(vocab: ir.Vocabulary) -> list[str]:
    """Every path of the case layout, as a Parquet file names its columns and struct
    fields (``person.age``, ``convictions[].date``), and ``id``: what a misspelt one may
    have meant."""
    out = [] if vocab.field(_ID) is not None else [_ID]

    def walk(prefix: str, fields: Iterable[ir.FieldInfo], depth: int) -> None:
        for field in fields:
            path = f"{prefix}{field.name}"
            out.append(path)
            kind, steps = field.type, ""
            while isinstance(kind, ir.ListType):
                kind, steps = kind.element, steps + LIST
            record = vocab.record(kind.name) if isinstance(kind, ir.RecordType) else None
            if record is not None and depth < 8:
                walk(f"{path}{steps}.", record.fields, depth + 1)

    walk("", vocab.fields, 0)
    return out


def parquet_unknown(schema: Any, vocab: ir.Vocabulary) -> Unknown | None:
    """The columns and struct fields of a Parquet `schema` that the case format lacks
    (a field of the wrong type is not one: each row says what is wrong with its value),
    or None when it has none."""
    import pyarrow as pa

    from .arrow_rows import is_list_kind

    found: list[tuple[str, ...]] = []

    def walk(fields: Iterable[Any], known: Mapping[str, ir.Type], prefix: tuple[str, ...],
             depth: int) -> None:
        for field in fields:
            kind = known.get(field.name)
            if kind is None:
                if not (not prefix and field.name == _ID):
                    found.append((*prefix, field.name))
                continue
            arrow, path = field.type, (*prefix, field.name)
            while is_list_kind(arrow) and isinstance(kind, ir.ListType):
                arrow, kind, path = arrow.value_type, kind.element, (*path, LIST)
            record = vocab.record(kind.name) if isinstance(kind, ir.RecordType) else None
            if record is not None and pa.types.is_struct(arrow) and depth < 8:
                walk(list(arrow), {f.name: f.type for f in record.fields}, path, depth + 1)

    walk(list(schema), {f.name: f.type for f in vocab.fields}, (), 0)
    if not found:
        return None
    return Unknown(tuple(shown_path(path) for path in found),
                   message=unknown_fields(found, vocab))
