"""Black-box checks of CASES.md statements no other test pins: the statute ids section 1
promises, and two decision invariants of section 3a over generated cases (`possible`
names exactly the undetermined outcomes; `max_hold` is null exactly where no hold may
happen). Outside code relies on these shapes as written, so each check goes through the
public API only."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import trustlaw
from trustlaw.testing.strategies import cases

#: The ids CASES.md section 1 says the bundled library contains, at least.
SECTION_1_IDS = (
    "us/detainer-regulation", "us/secure-communities", "ct/hb6659-raised-2013",
    "ct/pa-13-155", "ct/pa-19-20", "ct/hb7211-raised-2025", "ca/ab1081-2012", "ca/ab4-2013",
    "ca/sb54-2017", "nyc/ll62-2011", "nyc/ll58-59-2014", "cook-county/11-o-73",
    "santa-clara/policy-3-54", "tx/sb4-2017", "ct/pa-25-29", "nyc/ll21-22-2013",
    "nyc/int-1558-2017", "bernalillo-county/mdc-2013", "dona-ana-county/2014",
    "new-haven/general-order-06-2", "miami-dade/r-1008-13", "dc/detainer-act-2012",
    "fl/sb168-2019",
)

#: Section 1's statuses, and `model` for a policy model (docs/cases.md).
STATUSES = {"enacted", "proposed", "vetoed", "died", "repealed", "superseded", "model"}

ALLOWING = ("permitted", "required")

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("statute_id", SECTION_1_IDS)
def test_every_statute_id_of_section_1_is_bundled_with_a_status(statute_id: str) -> None:
    """Each id of the section 1 table is available, loads under that very id, and has a
    status from the documented set (a decision echoes it as `statute_status`)."""
    assert statute_id in trustlaw.available()
    statute = trustlaw.load(statute_id)
    assert statute.id == statute_id
    assert statute.meta.status in STATUSES


@pytest.mark.parametrize("statute_id", ["ca/sb54-2017", "ct/pa-19-20", "nyc/ll58-59-2014",
                                        "santa-clara/policy-3-54"])
def test_possible_names_exactly_the_undetermined_outcomes(statute_id: str) -> None:
    """CASES.md 3a: `possible` has an entry for each undetermined outcome and no other,
    each listing at least two results in the order prohibited, permitted, required (an
    undetermined outcome has at least two results left, else it would be decided)."""
    statute = trustlaw.load(statute_id)

    @SETTINGS
    @given(cases(unknown_rate=0.3))
    def check(case: dict[str, Any]) -> None:
        decision = statute.decide(case).to_dict()
        undetermined = [o for o, r in decision["outcomes"].items() if r == "undetermined"]
        assert sorted(decision["possible"]) == sorted(undetermined)
        for results in decision["possible"].values():
            assert len(results) >= 2
            assert results == [r for r in ("prohibited", *ALLOWING) if r in results]

    check()


@pytest.mark.parametrize("statute_id", ["ca/sb54-2017", "ct/pa-13-155", "nyc/ll58-59-2014",
                                        "tx/sb4-2017", "us/detainer-regulation"])
def test_max_hold_is_null_exactly_where_no_hold_may_happen(statute_id: str) -> None:
    """CASES.md 3 and 3a: `max_hold` is null where no hold may happen and only there: a
    permitted or required hold, or an undetermined one that may still be permitted or
    required, always has a limit (a hold with no stated end would be read as unlimited)."""
    statute = trustlaw.load(statute_id)

    @SETTINGS
    @given(cases(unknown_rate=0.3))
    def check(case: dict[str, Any]) -> None:
        decision = statute.decide(case).to_dict()
        hold = decision["outcomes"]["hold"]
        may_hold = hold in ALLOWING or (
            hold == "undetermined"
            and any(r in ALLOWING for r in decision["possible"]["hold"]))
        assert (decision["max_hold"] is not None) == may_hold, (hold, decision["possible"])

    check()


def test_a_region_both_statutes_decide_whatever_the_unknown_fact_is_determined() -> None:
    """The federal regulation forbids holding a United States citizen; Connecticut's 2013
    Act permits a hold on a felony conviction, and a hold it does not govern (an agency it
    does not bind) is permitted too. With the agency unknown the two differ for every
    agency there is, so the difference does not come from the unknown fact."""
    comparison = trustlaw.compare("us/detainer-regulation", "ct/pa-13-155")
    citizen = {"person": {"us_citizen": True},
               "convictions": [{"level": "felony", "court": "other_state",
                                "youthful_offender": False, "vacated": False}]}
    regions = [r for r in comparison.regions
               if r.outcome == "hold" and r.contains(citizen)]
    assert [(r.a, r.b) for r in regions] == [("prohibited", "permitted")]
    agency = trustlaw.load("ct/pa-13-155").vocabulary.field("agency")
    assert agency is not None
    for value in agency.type.values:  # type: ignore[attr-defined]
        known = {**citizen, "agency": value}
        assert trustlaw.load("us/detainer-regulation").decide(known).outcomes["hold"] == \
            "prohibited"
        assert trustlaw.load("ct/pa-13-155").decide(known).outcomes["hold"] == "permitted"
    assert regions[0].determined
    assert regions[0].summary == (
        "a fact is unknown that decides neither law (the example leaves 15 facts unknown, "
        "among them the agency, the charges and whether a charge has bond posted): "
        "us/detainer-regulation prohibits it and ct/pa-13-155 permits it whatever it is")
    assert regions[0].unknown_paths == ()
    # the undetermined rest stays
    assert "A's answer may turn on U.S. citizen;" in comparison.render()


def _filled_in(example: Any, filler: Any) -> Any:
    """`example` with the facts it leaves unknown taken from `filler`: a record merged
    field by field, a list or value the example gives kept as it is."""
    if isinstance(example, dict) and isinstance(filler, dict):
        return {**filler, **{k: _filled_in(v, filler.get(k)) for k, v in example.items()}}
    return example


@pytest.mark.slow
@pytest.mark.parametrize(("first", "second"), [
    ("us/detainer-regulation", "ct/pa-13-155"), ("nyc/ll62-2011", "nyc/ll58-59-2014"),
    ("ca/ab4-2013", "ca/sb54-2017"), ("ct/pa-13-155", "ct/pa-19-20")])
def test_a_determined_region_stays_so_whatever_its_unknown_facts_turn_out_to_be(
        first: str, second: str) -> None:
    """CASES.md 4: a region marked `determined` differs not because a fact is unknown, so
    its example, with every fact it leaves unknown filled in at random (well-formed
    fillings only), is still decided as the region says under both statutes."""
    from trustlaw.analysis.compare.sample import random_cases

    comparison = trustlaw.compare(first, second)
    a, b = trustlaw.load(first), trustlaw.load(second)
    fillers = [case for case, _ in random_cases(a.vocabulary, 150, seed=4, unknown=0.0)]
    checked = 0
    for region in comparison.determined:
        if region.outcome not in ("hold", "notification", "transfer", "interview"):
            continue
        for filler in fillers:
            case = _filled_in(region.example, filler)
            try:
                trustlaw.validate(case, a.vocabulary)
            except trustlaw.CaseError:
                continue
            got = (a.decide(case).outcomes[region.outcome],
                   b.decide(case).outcomes[region.outcome])
            assert got == (region.a, region.b), (region.summary, case)
            checked += 1
    assert checked > 100
