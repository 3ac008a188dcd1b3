"""Knowing more never contradicts what a decision settled (docs/semantics.md, "fail
closed"): on every bundled statute, a case with some facts left out is decided, then the
same case with them given. An outcome the partial decision settles stays as it is; an
undetermined one becomes one of its `possible` outcomes; a duty it lists stays listed;
and where the partial decision says its hold limit depends on no unknown fact
(`details_depend_on` has no ``max_hold``), the fuller case's hold never ends sooner: a
jail that follows a decision on partial facts never holds longer than the whole facts
allow. What is left out, and the documented readings kept given, are
tests/leaving_out.py's.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leaving_out import decided_with_less

import trustlaw
from trustlaw.library import loader
from trustlaw.testing.strategies import cases_for

pytest.importorskip("z3")  # cases_for draws the statute's own witnesses too

STATUTES = sorted(loader.available())
# Thursday before Christmas late at night, a Friday evening, the eve of Thanksgiving, and
# the night the clocks go back
RELEASES = ("2015-12-24T23:30", "2020-03-06T17:00", "2026-11-25T23:30", "2026-11-01T01:00")


@pytest.mark.parametrize("statute_id", STATUTES)
def test_knowing_more_never_contradicts_what_was_settled(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(cases_for(statute.program, unknown_rate=0.05), st.integers(0, 2**32 - 1))
    def check(whole: dict[str, Any], seed: int) -> None:
        decided = decided_with_less(statute, whole, seed)
        if decided is None:
            return  # a drawn case the vocabulary's constraints refuse
        partial, _, known, fuller = decided
        for outcome, said in known.outcomes.items():
            if said != "undetermined":
                assert fuller.outcomes[outcome] == said, (outcome, partial, whole)
            else:
                assert fuller.outcomes[outcome] in {*known.possible[outcome], "undetermined"}, \
                    (outcome, known.possible, partial, whole)
        # a duty listed stays listed (one listed only once more is known: the
        # complement, in tests/test_hold_deadlines.py)
        listed = {d.id for d in known.duties}
        assert listed <= {d.id for d in fuller.duties}, (listed, partial, whole)
        if ("max_hold" in known.details_depend_on or known.outcomes["hold"] == "prohibited"
                or fuller.outcomes["hold"] not in ("permitted", "required")):
            return
        for release in RELEASES:
            settled, later = known.release_deadline(release), fuller.release_deadline(release)
            assert settled is not None and later is not None, (release, partial, whole)
            assert settled <= later, (release, settled, later, partial, whole)

    check()
