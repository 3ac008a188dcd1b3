"""Terminal names → words a lawyer reads; a misspelt word → the keywords it is close to."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from lark import Lark, Token

__all__ = ["ITEM_WORDS", "close_keywords", "describe", "did_you_mean", "expected_help",
           "keyword_terminals"]

#: The keywords that begin an item (a restart point after a syntax error).
ITEM_WORDS = frozenset({
    "definition", "provision", "example", "invariant", "note", "enum", "record", "field",
    "tag", "constraint", "strike",
})

_FRIENDLY = {
    "NAME": "a name",
    "STRING": "a quoted string",
    "DATE": "a date like 2014-01-01",
    "DATETIME": "a date and time like 2015-03-05T17:00",
    "INT": "a whole number",
    "NUMBER": "a number",
    "LABEL": "a provision label like (b)(1)",
    "COMP_OP": "a comparison such as `=` or `<`",
    "ADD_OP": "`+` or `-`",
    "$END": "the end of the file",
}
_ITEM_TERMINALS = frozenset(word.upper() for word in ITEM_WORDS)
_OPERATOR_TERMINALS = frozenset({
    "AND", "OR", "IMPLIES", "COMP_OP", "ADD_OP", "IN", "NOT", "WITHIN", "IS", "DOT",
})


@functools.lru_cache(maxsize=4)
def keyword_terminals(parser: Lark) -> dict[str, str]:
    """Keyword text → terminal name, for every word the grammar reserves somewhere."""
    words = {}
    for term in parser.terminals:
        pattern = term.pattern
        if pattern.type == "str" and re.fullmatch(r"[A-Za-z_]+", pattern.value):
            words[pattern.value] = term.name
    return words


def _friendly(terminal: str, parser: Lark) -> str:
    if terminal in _FRIENDLY:
        return _FRIENDLY[terminal]
    for term in parser.terminals:  # a keyword or a punctuation mark, shown as written
        if term.name == terminal and term.pattern.type == "str":
            return f"`{term.pattern.value}`"
    return terminal.lower()


def expected_help(expected: Iterable[str], parser: Lark) -> str:
    """The terminals `parser` expects, in words a lawyer reads (never `RBRACE` or
    `__ANON_3`): the help line of a syntax error."""
    names = set(expected)
    groups: list[str] = []
    if len(names & _ITEM_TERMINALS) >= 4:
        names -= _ITEM_TERMINALS
        groups.append("a new item (`provision`, `definition`, …)")
    if {"AND", "OR"} <= names:
        # the comparisons only where one may follow (not after `x is unknown`)
        shown = "`and`, `or`, `=`, …" if "COMP_OP" in names else "`and`, `or`, …"
        names -= _OPERATOR_TERMINALS
        groups.append(f"an operator ({shown})")
    words = groups + sorted(_friendly(name, parser) for name in names)
    if not words:
        return "check the spelling and the brackets just before this place"
    if len(words) == 1:
        return f"expected {words[0]} here"
    return "expected " + ", ".join(words[:-1]) + " or " + words[-1]


def describe(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    text = str(token.value).split("\n", 1)[0]
    if len(text) > 30:
        text = text[:27] + "…"
    return f"`{text}`"


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The keyword `word` is most likely a typo of, if any is close enough."""
    close = close_keywords(word, candidates)
    return close[0] if close else None


def close_keywords(word: str, candidates: Iterable[str]) -> list[str]:
    """Candidates one typo away (two for long words), or similar by difflib, best first."""
    word = word.lower()
    allowed_edits = 1 if len(word) <= 5 else 2
    scored = []
    for candidate in candidates:
        shorter, longer = sorted((len(word), len(candidate)))
        if longer - shorter > allowed_edits and shorter < 0.6 * longer:
            continue  # neither close in edits nor in difflib's ratio
        edits = _edit_distance(word, candidate)
        matcher = difflib.SequenceMatcher(None, word, candidate)
        ratio = matcher.ratio() if matcher.quick_ratio() >= 0.75 else 0.0
        if edits <= allowed_edits or ratio >= 0.75:
            scored.append((edits, -ratio, candidate))
    return [candidate for _, _, candidate in sorted(scored)]


def _edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning `a` into `b`."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
