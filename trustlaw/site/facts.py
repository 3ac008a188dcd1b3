"""An example's facts in a lawyer's words: each fact as the vocabulary describes it, its
value by what the value means, then its path and value as code for engineers.

``person.gang_database = true`` reads "the person is listed as a gang member in a
database", ``convictions[0].court = "this_state"`` reads "conviction 1 — The convicting
court: A court of the state whose law is applied". The words are the vocabulary's own
(a field's description or its ``reads``, a value's meaning), never a paraphrase; a fact
the vocabulary does not describe is shown as code only. Every string goes through
`trustlaw.site.escape`. `PlainFacts` gives the same words as plain text, for the case
checker's explanation (`trustlaw.decisions.explain.FactWords`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .. import ir
from ..dates import iso_day
from ..decisions.words import value_meanings
from .escape import md_code, md_text

__all__ = ["PlainFacts", "fact_lines", "fact_name"]

Part = str | int


def fact_lines(case: Mapping[str, Any], vocabulary: ir.Vocabulary) -> list[str]:
    """Each fact of `case` as Markdown for a table cell: its words, then
    `` (`path` = `value`)``; a list of facts as the examples' table shows them."""
    meanings = {(kind, value): text for kind, value, text in vocabulary.enum_texts}
    lines = []
    for parts, value in _leaves(case, ()):
        path = _path(parts)
        code = f"{md_code(path)} = {md_code(json.dumps(value, ensure_ascii=False))}"
        words = _words(parts, value, vocabulary, meanings)
        lines.append(f"{words} ({code})" if words else code)
    return lines


def fact_name(path: str, vocabulary: ir.Vocabulary) -> str:
    """A fact named by its path (``person.age``, ``convictions[].date``) as Markdown: the
    vocabulary's description of it (a yes/no fact as "whether" and its reads), then the
    path as code; the path alone where the vocabulary does not describe it."""
    words = _name_words(path, vocabulary)
    return md_code(path) if words is None else f"{md_text(_capital(words))} ({md_code(path)})"


class PlainFacts:
    """The vocabulary's words for a case's facts as plain text, for an account of a
    decision (`trustlaw.decisions.explain.FactWords`): a fact with its value as an
    example's facts read, a fact by what it is, a value by what it means."""

    def __init__(self, vocabulary: ir.Vocabulary) -> None:
        self._vocabulary = vocabulary
        self._meanings = {(kind, value): text for kind, value, text in vocabulary.enum_texts}
        self._values = value_meanings(vocabulary)  # as a sentence puts them

    def said(self, path: str, value: Any) -> str | None:
        parts = _parts(path)
        if parts is None:
            return None
        return _said(parts, value, self._vocabulary, self._meanings)

    def named(self, path: str) -> str | None:
        return _name_words(path, self._vocabulary)

    def value(self, item: Any, kind: ir.EnumType) -> str | None:
        return self._values.get((kind.name, item)) if isinstance(item, str) else None


def _parts(path: str) -> tuple[Part, ...] | None:
    """``convictions[0].court`` as (``convictions``, 0, ``court``); ``[]`` is -1 (any)."""
    if not _PATH.fullmatch(path):
        return None
    return tuple(-1 if p == "[]" else int(p[1:-1]) if p.startswith("[") else p
                 for p in re.findall(r"\[[0-9]*\]|[^.\[\]]+", path))


def _name_words(path: str, vocabulary: ir.Vocabulary) -> str | None:
    """A fact by what it is (plain text): the vocabulary's description, a yes/no fact as
    "whether" and its reads; None where the vocabulary does not describe it."""
    parts = _parts(path)
    found = _field(parts, vocabulary) if parts is not None else None
    if found is None:
        return None
    field, subject = found
    if isinstance(field.type, ir.BoolType) and field.reads:  # "whether the person is …"
        return " ".join(w for w in ("whether", subject, field.reads.yes) if w)
    return _label(field, subject)


_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\[[0-9]*\])?"
_PATH = re.compile(rf"{_NAME}(?:\.{_NAME})*")


def _leaves(value: Any, parts: tuple[Part, ...]) -> list[tuple[tuple[Part, ...], Any]]:
    """The case's facts as (path parts, value): a list of records entry by entry, a
    list of values and an empty record or list whole."""
    if isinstance(value, Mapping) and value:
        return [leaf for key, child in value.items() for leaf in _leaves(child, (*parts, key))]
    if isinstance(value, list) and value and any(isinstance(v, Mapping) for v in value):
        return [leaf for i, child in enumerate(value) for leaf in _leaves(child, (*parts, i))]
    return [(parts, value)]


def _path(parts: tuple[Part, ...]) -> str:
    """``convictions[0].level``, as a case's facts are named."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _words(parts: tuple[Part, ...], value: Any, vocabulary: ir.Vocabulary,
           meanings: Mapping[tuple[str, str], str]) -> str | None:
    """The fact in the vocabulary's words (Markdown), or None where it has none."""
    said = _said(parts, value, vocabulary, meanings)
    return None if said is None else md_text(said)


def _said(parts: tuple[Part, ...], value: Any, vocabulary: ir.Vocabulary,
          meanings: Mapping[tuple[str, str], str]) -> str | None:
    """The fact in the vocabulary's words (plain text), or None where it has none."""
    found = _field(parts, vocabulary)
    if found is None:
        return None
    field, subject = found
    if isinstance(field.type, ir.BoolType) and isinstance(value, bool) and field.reads:
        said = field.reads.yes if value else field.reads.no
        return _capital(f"{subject} {said}" if subject else said)
    shown = _value_words(field.type, value, meanings)
    if shown is None:
        return None
    return _capital(f"{_label(field, subject)}: {shown}")


def _capital(text: str) -> str:
    """The words as a table line starts them: "The person …", "Conviction 1 …"."""
    return text[:1].upper() + text[1:]


def _label(field: ir.FieldInfo, subject: str) -> str:
    """The field's description, after what it is said of: "conviction 1 — Date of the
    judgment"; a lone record not where the description names it ("The form the request
    came on")."""
    if not subject or (subject.startswith("the ")
                       and subject.removeprefix("the ").lower() in field.text.lower()):
        return field.text
    return f"{subject} — {field.text}"


def _field(parts: tuple[Part, ...],
           vocabulary: ir.Vocabulary) -> tuple[ir.FieldInfo, str] | None:
    """The vocabulary's field at `parts` and the words for what it is said of: "the
    person", "conviction 1" (index 0), "a conviction" (index -1: any), or "" for a fact
    of the case itself."""
    if not parts or not isinstance(parts[0], str):
        return None
    field = vocabulary.field(parts[0])
    subject = ""
    rest = list(parts[1:])
    while rest and field is not None:
        kind = field.type
        step = rest.pop(0)
        if isinstance(kind, ir.ListType) and isinstance(step, int):
            kind = kind.element
            if not isinstance(kind, ir.RecordType) or not rest:
                return None
            noun = kind.name.replace("_", " ")
            subject = f"a {noun}" if step < 0 else f"{noun} {step + 1}"
            step = rest.pop(0)
        elif isinstance(kind, ir.RecordType):
            subject = f"the {kind.name.replace('_', ' ')}"
        else:
            return None
        record = vocabulary.record(kind.name)
        if record is None or not isinstance(step, str):
            return None
        field = record.field(step)
    return (field, subject) if field is not None else None


def _value_words(kind: ir.Type, value: Any,
                 meanings: Mapping[tuple[str, str], str]) -> str | None:
    """A value by what it means (plain text): an enum value's meaning, a date in
    words, a list of values one by one; None for what it cannot say."""
    if value is None:
        return "unknown"
    if isinstance(kind, ir.BoolType) and isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(kind, ir.IntType) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(kind, ir.DateType) and isinstance(value, str):
        day = iso_day(value)
        return None if day is None else f"{day.day} {day:%B %Y}"
    if isinstance(kind, ir.EnumType) and isinstance(value, str):
        return meanings.get((kind.name, value))
    if isinstance(kind, ir.ListType) and isinstance(value, list):
        if not value:
            return "none"
        said = [_value_words(kind.element, v, meanings) for v in value]
        return None if any(s is None for s in said) else "; ".join(s for s in said if s)
    return None
