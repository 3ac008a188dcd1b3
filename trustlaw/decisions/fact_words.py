"""A case's facts in the vocabulary's words, as plain text: `PlainFacts` for `explain`.

A fact with its value is a clause (`PlainFacts.said`, `trustlaw.decisions.fact_clauses`):
``person.gang_database = true`` reads "the person is listed as a gang member in a
database", ``convictions[0].court = "this_state"`` "conviction 1 was entered by a court
of the state whose law is applied"; a fact still to give is what to find out
(`PlainFacts.asked`: ``convictions[0].court`` "which court entered conviction 1"). Where
no clause is made for a fact, its description and value are said ("conviction 1 —
Date of release …: …", `fact_said`), and `name_words` names a fact by its description.
The words are the vocabulary's own (a field's description or its ``reads``, a value's
meaning); None where it has none. `trustlaw explain`, the case checker's explanation and
the site's statute pages (`trustlaw.site.facts`) all say a fact this way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import ir
from ..dates import day_words, iso_day
from .fact_clauses import fact_asked, fact_clause, field_at, small
from .words import value_meanings

__all__ = ["Part", "PlainFacts", "capital", "fact_clause", "fact_said", "name_words",
           "path_parts"]

Part = str | int


class PlainFacts:
    """The vocabulary's words for a case's facts as plain text, for an account of a
    decision (`trustlaw.decisions.explain.FactWords`): a fact with its value as a clause
    of a sentence, a fact by what it is, a value by what it means."""

    def __init__(self, vocabulary: ir.Vocabulary) -> None:
        self._vocabulary = vocabulary
        self._meanings = {(kind, value): text for kind, value, text in vocabulary.enum_texts}
        self._values = value_meanings(vocabulary)  # as a sentence puts them

    def said(self, path: str, value: Any) -> str | None:
        """The fact as a clause a sentence goes on with ("conviction 1 was entered by a
        federal court of the United States"), in lower case where it starts with a common
        word; the vocabulary's description and the value where no clause is made for the
        fact ("conviction 1 — Date of the judgment: …")."""
        parts = path_parts(path)
        if parts is None:
            return None
        clause = fact_clause(parts, value, self._vocabulary, self._meanings, self._values)
        if clause is not None:
            return clause
        said = fact_said(parts, value, self._vocabulary, self._meanings)
        return None if said is None else small(said)

    def named(self, path: str) -> str | None:
        return name_words(path, self._vocabulary)

    def asked(self, path: str) -> str | None:
        """The fact as a thing to find out ("which court entered conviction 1"); its
        description in lower case where no words are made for it."""
        parts = path_parts(path)
        asked = fact_asked(parts, self._vocabulary) if parts is not None else None
        if asked is not None:
            return asked
        named = self.named(path)
        return None if named is None else small(named)

    def value(self, item: Any, kind: ir.EnumType) -> str | None:
        return self._values.get((kind.name, item)) if isinstance(item, str) else None


_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\[[0-9]*\])?"
_PATH = re.compile(rf"{_NAME}(?:\.{_NAME})*")


def path_parts(path: str) -> tuple[Part, ...] | None:
    """``convictions[0].court`` as (``convictions``, 0, ``court``); ``[]`` is -1 (any);
    None for what is not written as a fact's path."""
    if not _PATH.fullmatch(path):
        return None
    return tuple(-1 if p == "[]" else int(p[1:-1]) if p.startswith("[") else p
                 for p in re.findall(r"\[[0-9]*\]|[^.\[\]]+", path))


def name_words(path: str, vocabulary: ir.Vocabulary) -> str | None:
    """A fact by what it is (plain text): the vocabulary's description, a yes/no fact as
    "whether" and its reads; None where the vocabulary does not describe it."""
    parts = path_parts(path)
    found = _field(parts, vocabulary) if parts is not None else None
    if found is None:
        return None
    field, subject = found
    if isinstance(field.type, ir.BoolType) and field.reads:  # "whether the person is …"
        return " ".join(w for w in ("whether", subject, field.reads.yes) if w)
    return _label(field, subject)


def fact_said(parts: tuple[Part, ...], value: Any, vocabulary: ir.Vocabulary,
              meanings: Mapping[tuple[str, str], str]) -> str | None:
    """The fact at `parts` with its value in the vocabulary's words (plain text), or
    None where it has none; `meanings` is (kind, value) → the vocabulary's meaning."""
    found = _field(parts, vocabulary)
    if found is None:
        return None
    field, subject = found
    if isinstance(field.type, ir.BoolType) and isinstance(value, bool) and field.reads:
        said = field.reads.yes if value else field.reads.no
        return capital(f"{subject} {said}" if subject else said)
    shown = _value_words(field.type, value, meanings)
    if shown is None:
        return None
    return capital(f"{_label(field, subject)}: {shown}")


def capital(text: str) -> str:
    """The words as a line starts them: "The person …", "Conviction 1 …"."""
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
    """The vocabulary's field at `parts` and the words for what it is said of
    (`fact_clauses.field_at`, without the record's name)."""
    found = field_at(parts, vocabulary)
    return (found[1], found[2]) if found is not None else None


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
        return None if day is None else day_words(day)
    if isinstance(kind, ir.EnumType) and isinstance(value, str):
        return meanings.get((kind.name, value))
    if isinstance(kind, ir.ListType) and isinstance(value, list):
        if not value:
            return "none"
        said = [_value_words(kind.element, v, meanings) for v in value]
        return None if any(s is None for s in said) else "; ".join(s for s in said if s)
    return None
