"""An example's facts in a lawyer's words: each fact as a sentence, its value by what the
value means, then its path and value as code for engineers.

``person.gang_database = true`` reads "The person is listed as a gang member in a
database", ``convictions[0].court = "this_state"`` "Conviction 1 was entered by a court
of the state whose law is applied", ``convictions[0].date`` "Conviction 1 was entered on
June 1, 2009": the clauses `trustlaw explain` and the case checker say after "here"
(`PlainFacts`, re-exported here), so the site says a fact one way. Their words are the
vocabulary's own (a field's description or its ``reads``, a value's meaning); a fact
the vocabulary does not describe is shown as code only. Every string goes through
`trustlaw.site.escape`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import ir
from ..decisions.fact_words import Part, PlainFacts, capital
from .escape import md_code, md_text

__all__ = ["PlainFacts", "fact_lines", "fact_name"]


def fact_lines(case: Mapping[str, Any], vocabulary: ir.Vocabulary) -> list[str]:
    """Each fact of `case` as Markdown for a table cell: its words, then
    `` (`path` = `value`)``; a list of facts as the examples' table shows them."""
    facts = PlainFacts(vocabulary)
    lines = []
    for parts, value in _leaves(case, ()):
        path = _path(parts)
        code = f"{md_code(path)} = {md_code(json.dumps(value, ensure_ascii=False))}"
        said = facts.said(path, value)
        lines.append(f"{md_text(capital(said))} ({code})" if said else code)
    return lines


def fact_name(path: str, vocabulary: ir.Vocabulary) -> str:
    """A fact named by its path (``person.age``, ``convictions[].date``) as Markdown: the
    fact to find out ("How old the person is", "When a conviction was entered"), as
    `trustlaw explain` says a fact still to give, then the path as code; the path alone
    where the vocabulary does not describe it."""
    words = PlainFacts(vocabulary).asked(path)
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

