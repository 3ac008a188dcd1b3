"""The catalogue of diagnostic codes: each code's title, meaning, fix and where it is emitted.

A code (``TL-P025``) is short and stable so that a lawyer can quote it; this catalogue
says what each one means in plain words. Every code has one meaning: a code is never
given a second meaning, and a number that is retired is never used again. The entries
are data (`Code`); `trustlaw codes` prints them and the docs site's "Diagnostic codes"
page is generated from them. tests/test_codes.py checks that every code literal in
trustlaw's source is catalogued here, in the modules the entry names, and back.
"""

from __future__ import annotations

import re

from .model import CODE_PATTERN, STAGES, Code
from .runs import RUN_CODES
from .statutes import STATUTE_CODES

__all__ = ["CATALOGUE", "CODE_PATTERN", "STAGES", "Code", "by_prefix", "find", "normalize"]


def _catalogue() -> tuple[Code, ...]:
    order = list(STAGES)
    return tuple(sorted(STATUTE_CODES + RUN_CODES, key=lambda c: (order.index(c.prefix), c.code)))


#: Every code, by stage (in `STAGES` order) and then by number.
CATALOGUE: tuple[Code, ...] = _catalogue()
_BY_CODE: dict[str, Code] = {c.code: c for c in CATALOGUE}


def normalize(text: str) -> str:
    """A code as a reader may type it (``tl-p025``, ``P025``, ``TL-P25``) → ``TL-P025``;
    anything else is returned upper-cased, for the caller to refuse."""
    text = text.strip().upper()
    found = re.fullmatch(r"(?:TL-?)?([A-Z])([0-9]{1,3})", text)
    if found:
        return f"TL-{found.group(1)}{int(found.group(2)):03d}"
    return text


def find(text: str) -> Code | None:
    """The catalogue's entry for a code (see `normalize` for the spellings), or None."""
    return _BY_CODE.get(normalize(text))


def by_prefix() -> dict[str, list[Code]]:
    """The catalogue grouped by prefix letter, in `STAGES` order."""
    groups: dict[str, list[Code]] = {p: [] for p in STAGES}
    for entry in CATALOGUE:
        groups[entry.prefix].append(entry)
    return {p: entries for p, entries in groups.items() if entries}
