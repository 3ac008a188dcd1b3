"""Regions checked on many generated cases (every case decided differently is in a region
of its outcomes; no region holds a case decided otherwise), and the library matrix."""

from __future__ import annotations

import os

import pytest

import trustlaw
from trustlaw.analysis.compare import ACTIONS, compare, matrix
from trustlaw.analysis.compare.impact import impact, misplaced
from trustlaw.analysis.compare.sample import random_cases

pytest.importorskip("z3")

CHAINS = [
    ("ct/pa-13-155", "ct/pa-19-20"),
    ("ca/ab4-2013", "ca/sb54-2017"),
    ("nyc/ll62-2011", "nyc/ll58-59-2014"),
    ("ca/ab1081-2012", "ca/ab4-2013"),
]


@pytest.mark.slow
@pytest.mark.parametrize("pair", CHAINS)
def test_regions_are_exact_and_cover_on_generated_cases(pair: tuple[str, str]) -> None:
    comparison = compare(*pair)
    assert comparison.unsettled == ()
    cases = list(random_cases(comparison.a.vocabulary, 2500, seed=20261201))
    assert misplaced(comparison, cases) == []


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("TRUSTLAW_SLOW"),
                    reason="100,000 cases per pair take minutes: set TRUSTLAW_SLOW=1")
@pytest.mark.parametrize("pair", CHAINS)
def test_regions_on_100000_generated_cases(pair: tuple[str, str]) -> None:
    comparison = compare(*pair)
    cases = random_cases(comparison.a.vocabulary, 100_000, seed=7)
    assert misplaced(comparison, cases) == []


@pytest.mark.slow
def test_impact_counts_match_the_regions() -> None:
    comparison = compare("ca/ab4-2013", "ca/sb54-2017")
    cases = list(random_cases(comparison.a.vocabulary, 300, seed=3))
    counted = impact(comparison, [case for case, _ in cases])
    assert counted.cases == 300 and counted.invalid == 0
    for region, count in zip(counted.comparison.regions, counted.counts, strict=True):
        assert count == sum(1 for _, data in cases if region.contains_valid(data))
        assert region.count == count
    for table in counted.transitions.values():
        assert sum(table.values()) == 300


@pytest.fixture(scope="module")
def library() -> object:
    return matrix()


def verdict(m: object, a: str, b: str, action: str = "hold") -> str:
    labels = m.labels  # type: ignore[attr-defined]
    return m.verdict(labels.index(a), labels.index(b), action)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_matrix_orders_the_library_as_the_law_does(library: object) -> None:
    assert verdict(library, "ca/sb54-2017", "ca/ab4-2013") == "a"  # SB 54 allows fewer holds
    assert verdict(library, "tx/sb4-2017", "us/detainer-regulation") not in ("a",)
    assert verdict(library, "ct/pa-13-155", "ct/pa-19-20") == "incomparable"
    assert len(library.labels) == len(trustlaw.available())  # type: ignore[attr-defined]


def test_matrix_verdicts_are_antisymmetric_and_match_compare(library: object) -> None:
    m = library
    n = len(m.labels)  # type: ignore[attr-defined]
    flip = {"a": "b", "b": "a", "equivalent": "equivalent", "incomparable": "incomparable"}
    for i in range(n):
        for j in range(n):
            assert m.verdict(j, i, "hold") == flip[m.verdict(i, j, "hold")]  # type: ignore[attr-defined]
    one = compare("ca/ab4-2013", "ca/sb54-2017")
    assert one.protectiveness["hold"].verdict == verdict(m, "ca/ab4-2013", "ca/sb54-2017")


@pytest.mark.slow
def test_protectiveness_read_off_the_regions_is_the_solver_s(library: object) -> None:
    # a comparison reads each action's verdict off its regions (the matrix asks the
    # solver): the same verdicts for every version chain and action, each shown by a
    # case the two statutes decide as the verdict says
    statutes = [trustlaw.load(i) for i in trustlaw.available()]
    chains = [(s.meta.replaces, s.id) for s in statutes if s.meta.replaces in
              trustlaw.available()]
    assert len(chains) >= 6
    for a, b in chains:
        one = compare(a, b)
        first, second = trustlaw.load(a), trustlaw.load(b)
        for action in ACTIONS:
            found = one.protectiveness[action]
            assert found.verdict == verdict(library, a, b, action), (a, b, action)
            for case, allows in ((found.a_only, (True, False)),
                                 (found.b_only, (False, True))):
                if case is not None:
                    assert tuple(s.decide(case).outcomes[action] != "prohibited"
                                 for s in (first, second)) == allows, (a, b, action)


def test_matrix_counterexamples_show_the_verdict(library: object) -> None:
    labels = library.labels  # type: ignore[attr-defined]
    i, j = labels.index("ct/pa-13-155"), labels.index("ct/pa-19-20")
    cell = library.cells[(min(i, j), max(i, j))]["hold"]  # type: ignore[attr-defined]
    a, b = (trustlaw.load(labels[k]) for k in (min(i, j), max(i, j)))
    assert a.decide(cell.a_only).outcomes["hold"] != "prohibited"
    assert b.decide(cell.a_only).outcomes["hold"] == "prohibited"


def test_order_edges_are_a_hasse_diagram(library: object) -> None:
    edges = library.edges("hold")  # type: ignore[attr-defined]
    assert ("ca/sb54-2017", "ca/ab4-2013") in edges
    pairs = set(edges)
    for x, y in edges:  # no edge is implied by two others
        assert not any((x, z) in pairs and (z, y) in pairs for z, _ in edges)
    text = library.mermaid("hold")  # type: ignore[attr-defined]
    assert text.startswith("graph TD") and "-->" in text
