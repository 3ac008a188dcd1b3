"""Knowing more never contradicts what a decision settled (docs/semantics.md, "fail
closed"): on every bundled statute, a case with some facts left out is decided, then the
same case with them given. An outcome the partial decision settles stays as it is; an
undetermined one becomes one of its `possible` outcomes; a duty it lists stays listed,
and one listed only with the facts given was named in `details_depend_on`; and where
the partial decision says its hold limit depends on no unknown fact
(`details_depend_on` has no ``max_hold``), the fuller case's hold never ends sooner: a
jail that follows a decision on partial facts never holds longer than the whole facts
allow.

Two readings are documented exceptions and are kept out of what is left out: a judicial
warrant whose signer is not stated is read as a federal judge's, with the
`signer-not-stated` warning (docs/semantics.md), and a form other than `other` fixes how
long the request asks to hold (Form I-247: 48 hours not counting weekends and holidays;
I-247A and I-247D: 48 clock hours; I-247N and I-247X: none), so with one of them the
request's hours are not asked for (docs/cases.md).
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.library import loader
from trustlaw.testing.strategies import cases_for

pytest.importorskip("z3")  # cases_for draws the statute's own witnesses too

STATUTES = sorted(loader.available())
# Thursday before Christmas late at night, a Friday evening, the eve of Thanksgiving, and
# the night the clocks go back
RELEASES = ("2015-12-24T23:30", "2020-03-06T17:00", "2026-11-25T23:30", "2026-11-01T01:00")
FORMS_THAT_FIX_THE_HOURS = ("I-247", "I-247A", "I-247D", "I-247N", "I-247X")


def _leave_out(case: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """`case` with a random third or fewer of its record fields left out (the date kept:
    without it the law in force is another question)."""
    partial = copy.deepcopy(case)
    places: list[tuple[dict[str, Any], str]] = []

    def walk(node: Any, record: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if _may_leave_out(node, record, key):
                    places.append((node, key))
                walk(child, key)
        elif isinstance(node, list):
            for child in node:
                walk(child, record)

    walk(partial, "")
    rnd.shuffle(places)
    for node, key in places[: rnd.randint(1, max(1, len(places) // 3))]:
        node.pop(key, None)
    return partial


def _may_leave_out(node: dict[str, Any], record: str, key: str) -> bool:
    if record == "" and key == "date":
        return False
    if record == "request" and key == "judicial_warrant_signed_by":
        return False  # read as a federal judge's when not stated, with a warning
    if record == "request" and key == "hours_requested":
        return node.get("form") not in FORMS_THAT_FIX_THE_HOURS
    return True


@pytest.mark.parametrize("statute_id", STATUTES)
def test_knowing_more_never_contradicts_what_was_settled(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(cases_for(statute.program, unknown_rate=0.05), st.integers(0, 2**32 - 1))
    def check(whole: dict[str, Any], seed: int) -> None:
        partial = _leave_out(whole, random.Random(seed))
        try:
            known, fuller = statute.decide(partial), statute.decide(whole)
        except trustlaw.CaseError:
            return  # a drawn case the vocabulary's constraints refuse
        for outcome, said in known.outcomes.items():
            if said != "undetermined":
                assert fuller.outcomes[outcome] == said, (outcome, partial, whole)
            else:
                assert fuller.outcomes[outcome] in {*known.possible[outcome], "undetermined"}, \
                    (outcome, known.possible, partial, whole)
        # a duty listed stays listed; one listed only once more is known was open before
        listed = {d["id"] for d in known.to_dict()["duties"]}
        later = {d["id"] for d in fuller.to_dict()["duties"]}
        assert listed <= later, (listed - later, partial, whole)
        assert all(f"duty:{duty}" in known.details_depend_on for duty in later - listed), \
            (later - listed, dict(known.details_depend_on), partial, whole)
        if ("max_hold" in known.details_depend_on or known.outcomes["hold"] == "prohibited"
                or fuller.outcomes["hold"] not in ("permitted", "required")):
            return
        for release in RELEASES:
            settled, later = known.release_deadline(release), fuller.release_deadline(release)
            assert settled is not None and later is not None, (release, partial, whole)
            assert settled <= later, (release, settled, later, partial, whole)

    check()
