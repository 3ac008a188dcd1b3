"""A generated case with some of its facts left out, for the properties that compare a
decision on partial facts with one on the whole case (tests/test_knowing_more.py,
tests/test_hold_deadlines.py).

Two readings are documented exceptions, so those facts are always kept given: a judicial
warrant whose signer is not stated is read as a federal judge's, with the
`signer-not-stated` warning (docs/cases.md), and a form other than `other` fixes how long
the request asks to hold (Form I-247: 48 hours not counting weekends and holidays; I-247A
and I-247D: 48 clock hours; I-247N and I-247X: none), so with one of them the request's
hours are not asked for. The case's date is kept too: without it the law in force is
another question.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import trustlaw
from trustlaw.decisions.request import FORM_LIMITS, NO_HOLD_FORMS

FORMS_THAT_FIX_THE_HOURS = frozenset((*FORM_LIMITS, *NO_HOLD_FORMS))

Path = tuple[str | int, ...]


def leave_out(case: dict[str, Any], rnd: random.Random) -> tuple[dict[str, Any], list[Path]]:
    """`case` with a random third or fewer of its record fields left out, and the paths
    of those left out."""
    partial = copy.deepcopy(case)
    places: list[tuple[dict[str, Any], str, Path]] = []

    def walk(node: Any, path: Path, record: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if _may_leave_out(node, record, key):
                    places.append((node, key, (*path, key)))
                walk(child, (*path, key), key)
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*path, index), record)

    walk(partial, (), "")
    rnd.shuffle(places)
    removed = []
    for node, key, path in places[: rnd.randint(1, max(1, len(places) // 3))]:
        if key in node:  # not already gone with a record left out around it
            node.pop(key)
            removed.append(path)
    return partial, removed


Decided = tuple[dict[str, Any], list[Path], trustlaw.Decision, trustlaw.Decision]


def decided_with_less(statute: trustlaw.Statute, whole: dict[str, Any],
                      seed: int) -> Decided | None:
    """`whole` with some facts left out (`leave_out`, seeded), the paths left out, and
    the decisions of `statute` on the partial case and on `whole`; None for a drawn case
    the vocabulary's constraints refuse."""
    partial, removed = leave_out(whole, random.Random(seed))
    try:
        return partial, removed, statute.decide(partial), statute.decide(whole)
    except trustlaw.CaseError:
        return None


def _may_leave_out(node: dict[str, Any], record: str, key: str) -> bool:
    if record == "" and key == "date":
        return False
    if record == "request" and key == "judicial_warrant_signed_by":
        return False
    if record == "request" and key == "hours_requested":
        return node.get("form") not in FORMS_THAT_FIX_THE_HOURS
    return True
