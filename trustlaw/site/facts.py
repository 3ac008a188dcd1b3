"""An example's facts in a lawyer's words: each fact as the vocabulary describes it, its
value by what the value means, then its path and value as code for engineers.

``person.gang_database = true`` reads "the person is listed as a gang member in a
database", ``convictions[0].court = "this_state"`` reads "conviction 1 — The convicting
court: A court of the state whose law is applied". The words are the vocabulary's own
(a field's description or its ``reads``, a value's meaning), never a paraphrase; a fact
the vocabulary does not describe is shown as code only. Every string goes through
`trustlaw.site.escape`. The words themselves come from `trustlaw.decisions.fact_words`,
whose `PlainFacts` (re-exported here) gives them as plain text for the case checker's
explanation and `trustlaw explain` (`trustlaw.decisions.explain.FactWords`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import ir
from ..decisions.fact_words import Part, PlainFacts, capital, fact_said, name_words
from .escape import md_code, md_text

__all__ = ["PlainFacts", "fact_lines", "fact_name"]


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
    words = name_words(path, vocabulary)
    return md_code(path) if words is None else f"{md_text(capital(words))} ({md_code(path)})"


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
    said = fact_said(parts, value, vocabulary, meanings)
    return None if said is None else md_text(said)
