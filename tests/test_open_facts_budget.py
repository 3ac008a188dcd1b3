"""Naming the unknown facts that could settle an outcome reads a condition element by
element, and a list quantified inside another (Bernalillo's "two misdemeanors, one
before the other") pair by pair: a 3 KB case of a thousand empty convictions took 15 s
to decide and minutes to explain, a cheap way to tie up the service. Past a budget the
library lists every unknown fact under the condition instead, in linear time: more
facts (some of them already decided), never fewer, so `depends_on` still names every
fact that could settle the outcome."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import trustlaw
from trustlaw.backends import interp
from trustlaw.decisions import explain as explain_module
from trustlaw.testing.strategies import cases_for

BERNALILLO = "bernalillo-county/mdc-2013"


def _depends_on(statute: trustlaw.Statute, case: dict[str, Any]) -> dict[str, set[str]]:
    return {key: set(paths) for key, paths in statute.decide(case).depends_on.items()}


@pytest.mark.parametrize("statute_id", [BERNALILLO, "ct/pa-13-155", "ca/sb54-2017",
                                        "nyc/ll58-59-2014", "tx/sb4-2017"])
def test_past_the_budget_every_fact_that_could_settle_is_still_named(
        statute_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    statute = trustlaw.load(statute_id)

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(cases_for(statute.program, statute.vocabulary, unknown_rate=0.3))
    def check(case: dict[str, Any]) -> None:
        exact = _depends_on(statute, case)
        with monkeypatch.context() as patch:
            patch.setattr("trustlaw.decisions.settling.OPEN_FACTS_BUDGET", 0)
            listed = _depends_on(statute, case)
        assert listed.keys() == exact.keys()
        for key, paths in exact.items():
            assert paths <= listed[key], key

    check()


def test_a_thousand_unknown_convictions_name_each_ones_facts() -> None:
    statute = trustlaw.load(BERNALILLO)
    case = {"date": "2013-06-03", "agency": "county_jail",
            "convictions": [{} for _ in range(1000)]}
    decision = statute.decide(case)
    assert decision.outcomes["hold"] == "undetermined"
    paths = set(decision.depends_on["hold"])
    for index in (0, 499, 999):
        assert f"convictions[{index}].level" in paths
        assert f"convictions[{index}].date" in paths
    assert decision.to_dict()["depends_on"]["hold"][:3] == ["charges", "convictions[0].court",
                                                             "convictions[0].date"]


def test_the_interpreters_open_facts_past_the_budget_are_a_superset(
        monkeypatch: pytest.MonkeyPatch) -> None:
    statute = trustlaw.load(BERNALILLO)
    case = statute.validate({"date": "2013-06-03", "agency": "county_jail", "convictions": [
        {"level": "misdemeanor", "date": "2010-01-01"}, {"level": "misdemeanor"},
        {"level": "felony", "vacated": True}, {}]})
    for rule in statute.program.rules:
        exact = set(interp.open_facts(rule.condition, case))
        monkeypatch.setattr(interp, "OPEN_FACTS_BUDGET", 0)
        listed = set(interp.open_facts(rule.condition, case))
        monkeypatch.undo()
        assert exact <= listed
        assert bool(exact) == bool(listed)  # a known condition still has none


def test_an_explanation_names_the_first_elements_and_counts_the_rest() -> None:
    """Every conviction is known not to count: the explanation named each one."""
    statute = trustlaw.load(BERNALILLO)
    count = explain_module.MAX_ELEMENTS_SHOWN + 40
    case = {"date": "2013-06-03", "agency": "county_jail", "charges": [],
            "convictions": [{"level": "violation"} for _ in range(count)]}
    text = statute.explain(case)
    assert f"convictions[{explain_module.MAX_ELEMENTS_SHOWN - 1}].level is violation" in text
    assert f"convictions[{explain_module.MAX_ELEMENTS_SHOWN}]" not in text
    assert "40 more elements of convictions are not shown" in text
    worded = statute.explain(case, in_words=True)
    assert "40 more elements of convictions are not shown" in worded
    assert f"conviction {explain_module.MAX_ELEMENTS_SHOWN + 1} " not in worded
