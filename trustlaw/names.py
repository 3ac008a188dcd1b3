"""Misspelled name → "did you mean …?": the suggestion helpers every checker stage shares.

Suggestions come from `difflib` over exactly the names visible at the place of the
mistake, so a hint never points at something the author could not have meant there.
"""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Iterable

_CUTOFF = 0.6


def could_be_typo(name: str, candidates: Iterable[str]) -> bool:
    """Whether `name` is short enough to be a misspelling of some candidate at all: a
    suggestion compares every pair of characters, so a pasted document gets none."""
    longest = max((len(c) for c in candidates), default=0)
    return len(name) <= 2 * longest + 8


def closest(name: str, candidates: Iterable[str], cutoff: float = _CUTOFF) -> str | None:
    """The candidate most like `name`, or None when nothing is close enough.

    Comparison ignores case, and a candidate that ends with `.name` (the author left
    out the record, e.g. `gang_database` for `person.gang_database`) counts as close."""
    pool = sorted({c for c in candidates if c and c != name})
    if not pool or not could_be_typo(name, pool):
        return None
    lowered = {c.lower(): c for c in pool}
    exact_case = lowered.get(name.lower())
    if exact_case is not None:
        return exact_case
    tails = [c for c in pool if c.rsplit(".", 1)[-1].lower() == name.lower()]
    if len(tails) == 1:
        return tails[0]
    found = closest_match(name.lower(), tuple(lowered), cutoff)
    return lowered[found] if found is not None else None


def closest_match(word: str, choices: tuple[str, ...], cutoff: float = _CUTOFF) -> str | None:
    """difflib's closest match of `word` among `choices` (`get_close_matches`, n=1), sooner.
    difflib compares each choice with the word character by character in Python (2 s of a
    1 MiB case of unknown fields); a choice sharing too few characters with the word to
    reach `cutoff`, by difflib's own quick_ratio bound, is set aside first, in one pass."""
    lengths, holding = _characters(choices)
    shared: dict[int, int] = {}  # by choice: the characters it shares with the word
    for character, count in Counter(word).items():
        for index, times in holding.get(character, ()):
            shared[index] = shared.get(index, 0) + min(count, times)
    if cutoff <= 0 or not word:  # a choice sharing no character may be close enough
        for index in range(len(choices)):
            shared.setdefault(index, 0)
    near = [choices[index] for index, common in sorted(shared.items())
            if _ratio(common, len(word) + lengths[index]) >= cutoff]
    found = difflib.get_close_matches(word, near, n=1, cutoff=cutoff) if near else []
    return found[0] if found else None


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio of `matches` in two strings of `length` characters in all."""
    return 2.0 * matches / length if length else 1.0


@functools.lru_cache(maxsize=256)
def _characters(choices: tuple[str, ...]) -> tuple[list[int], dict[str, list[tuple[int, int]]]]:
    """Each choice's length, and for each character the choices holding it (index, times)."""
    holding: dict[str, list[tuple[int, int]]] = {}
    for index, choice in enumerate(choices):
        for character, times in Counter(choice).items():
            holding.setdefault(character, []).append((index, times))
    return [len(choice) for choice in choices], holding


def did_you_mean(name: str, candidates: Iterable[str], fallback: str | None = None) -> str | None:
    """A help line: "did you mean `x`?" when a candidate is close, else `fallback`."""
    best = closest(name, candidates)
    if best is not None:
        return f"did you mean `{best}`?"
    return fallback


def one_of(candidates: Iterable[str], limit: int = 12) -> str:
    """A readable list of allowed names: "`a`, `b` or `c`" (shortened past `limit`)."""
    items = [f"`{c}`" for c in candidates]
    if len(items) > limit:
        items = [*items[:limit], "…"]
    if not items:
        return "nothing"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


def suggest_or_list(name: str, candidates: Iterable[str], what: str) -> str:
    """Help naming the closest candidate, or else listing what is allowed."""
    pool = list(candidates)
    hint = did_you_mean(name, pool)
    if hint is not None:
        return hint
    return f"{what} {one_of(pool)}"


@functools.lru_cache(maxsize=1024)
def closest_ignoring_case(word: str, choices: tuple[str, ...]) -> str | None:
    """The choice `word` most likely misspells, case ignored; a choice equal to it but
    for case wins (`i-247d` means I-247D, not the closer-spelled I-247). Remembered: a
    file whose every row misspells the same value asks again and again."""
    by_lower = _by_lower(choices)
    lowered = word.lower()
    if lowered in by_lower:
        return by_lower[lowered]
    close = closest_match(lowered, tuple(by_lower))
    return by_lower[close] if close is not None else None


@functools.lru_cache(maxsize=64)
def _by_lower(choices: tuple[str, ...]) -> dict[str, str]:
    """Each choice by its lower case (the first of those alike)."""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    return by_lower
