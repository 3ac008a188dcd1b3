"""A comparison's promises checked on Hypothesis cases through the public API only
(`decide()` and `region.contains`), unknown facts included, on version chains and pairs
of two jurisdictions (docs/comparisons.md; CASES.md section 4):

- a case the two statutes decide differently in some aspect lies in a region of that
  aspect, and every region that contains a case says exactly what the two decisions
  say (the longest hold as each law sets it: `decide(request_limits=False)`);
- each protectiveness verdict holds of every case: where `b` is more protective, no case
  has `b` allowing the action (permitting, requiring or leaving it undetermined) that `a`
  forbids, and the reverse;
- a determined region keeps its outcomes once the facts it leaves unknown are learnt (a
  longest-hold region may end there: its "allows a hold" includes an undetermined hold,
  which the learnt facts can turn into a prohibited one);
- a caseload's region counts, transition tables and cases outside each law's period
  are those of deciding each case with `decide()` and counting.

tests/test_compare_regions.py checks the regions with the library's own sampler and the
compiled backend on four chains; these draw `cases_for` both statutes (each rule's
solver-found witness, varied) on other pairs as well."""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw import ir
from trustlaw.analysis.compare import ACTIONS, Comparison
from trustlaw.analysis.compare.model import reading
from trustlaw.testing.strategies import cases_for

pytest.importorskip("z3")

PAIRS = [
    ("ct/pa-13-155", "ct/pa-19-20"),
    ("ct/pa-19-20", "ct/pa-25-29"),
    ("ct/pa-13-155", "ca/sb54-2017"),  # two jurisdictions: their own lists and limits
    ("dc/detainer-act-2012", "dc/sanctuary-values-2019"),
    ("nyc/ll62-2011", "nyc/ll58-59-2014"),
    ("tx/sb4-2017", "us/detainer-regulation"),
]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def _cases(comparison: Comparison, unknown_rate: float = 0.1
           ) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(cases_for(comparison.a.program, unknown_rate=unknown_rate),
                     cases_for(comparison.b.program, unknown_rate=unknown_rate))


def _aspects(comparison: Comparison) -> list[str]:
    duties = (*comparison.a.program.duties, *comparison.b.program.duties)
    return sorted({*ir.OUTCOMES, "max_hold", *(f"duty:{d.id}" for d in duties),
                   *(r.outcome for r in comparison.regions)})


@pytest.mark.parametrize("pair", PAIRS)
def test_regions_and_verdicts_hold_of_random_cases(pair: tuple[str, str]) -> None:
    comparison = trustlaw.compare(*pair)
    assert comparison.unsettled == ()
    a, b = comparison.a, comparison.b
    aspects = _aspects(comparison)

    @SETTINGS
    @given(_cases(comparison))
    def check(case: dict[str, Any]) -> None:
        try:
            da, db = a.decide(case, request_limits=False), b.decide(case, request_limits=False)
        except trustlaw.CaseError:
            return  # a drawn case the vocabulary's constraints refuse
        for aspect in aspects:
            seen = reading(aspect, da, db)
            inside = [r for r in comparison.regions
                      if r.outcome == aspect and r.contains(case)]
            assert all((r.a, r.b) == seen for r in inside), (aspect, seen, case)
            if seen is not None and seen[0] != seen[1]:
                assert inside, (aspect, seen, case)
        for action in ACTIONS:
            verdict = comparison.protectiveness[action]
            allows_a = da.outcomes[action] != "prohibited"
            allows_b = db.outcomes[action] != "prohibited"
            if verdict in ("a", "equivalent"):
                assert not (allows_a and not allows_b), (action, str(verdict), case)
            if verdict in ("b", "equivalent"):
                assert not (allows_b and not allows_a), (action, str(verdict), case)

    check()


def _leave_out(case: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """`case` with up to a third of its fields left out (the date kept)."""
    partial = copy.deepcopy(case)
    places: list[tuple[dict[str, Any], str]] = []

    def walk(node: Any, top: bool) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if not (top and key == "date"):
                    places.append((node, key))
                walk(child, False)
        elif isinstance(node, list):
            for child in node:
                walk(child, False)

    walk(partial, True)
    rnd.shuffle(places)
    for node, key in places[: rnd.randint(1, max(1, len(places) // 3))]:
        node.pop(key, None)
    return partial


@pytest.mark.parametrize("pair", PAIRS[::2])
def test_a_determined_region_stands_once_its_unknown_facts_are_learnt(
        pair: tuple[str, str]) -> None:
    comparison = trustlaw.compare(*pair)
    a, b = comparison.a, comparison.b
    determined = [r for r in comparison.regions if r.determined]

    @SETTINGS
    @given(_cases(comparison, unknown_rate=0.02), st.integers(0, 2**32 - 1))
    def check(whole: dict[str, Any], seed: int) -> None:
        partial = _leave_out(whole, random.Random(seed))
        try:
            a.validate(partial)
            da, db = a.decide(whole, request_limits=False), b.decide(whole, request_limits=False)
        except trustlaw.CaseError:
            return
        for region in determined:
            if region.contains(partial):
                seen = reading(region.outcome, da, db)
                if region.outcome == "max_hold" and seen is None:
                    continue  # a hold undetermined with the facts left out is prohibited
                assert seen == (region.a, region.b), (region.summary, partial, whole)

    check()


def test_caseload_counts_are_decides() -> None:
    from trustlaw.analysis.compare.impact import impact

    comparison = trustlaw.compare(*PAIRS[2])
    a, b = comparison.a, comparison.b

    @settings(SETTINGS, max_examples=6)
    @given(st.lists(st.one_of(_cases(comparison), _cases(comparison, unknown_rate=0.5)),
                    min_size=1, max_size=30))
    def check(cases: list[dict[str, Any]]) -> None:
        counts = [0] * len(comparison.regions)
        tables: dict[str, Counter[tuple[str, str]]] = {o: Counter() for o in ir.OUTCOMES}
        invalid = undated = 0
        outside = [0, 0]
        for case in cases:
            try:
                da, db = a.decide(case), b.decide(case)
            except trustlaw.CaseError:
                invalid += 1
                continue
            for outcome in ir.OUTCOMES:
                tables[outcome][da.outcomes[outcome], db.outcomes[outcome]] += 1
            for index, region in enumerate(comparison.regions):
                counts[index] += region.contains(case)
            outside[0] += da.in_force is False
            outside[1] += db.in_force is False
            undated += "date" not in case
        for engine in ("python", "duckdb"):
            got = impact(comparison, cases, engine=engine)
            assert got.counts == counts, engine
            assert {o: dict(t) for o, t in got.transitions.items()} == \
                {o: dict(t) for o, t in tables.items()}, engine
            assert (got.cases, got.invalid) == (len(cases), invalid), engine
            assert (got.outside_period, got.date_unknown) == ((outside[0], outside[1]),
                                                              undated), engine

    check()
