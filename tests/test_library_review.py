"""What a legal review of the library fixed, where a statute file's own examples cannot
say it: verification marks, which law a jurisdiction loads on a date, `depends_on`, and
how a draft compares with the law it amends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import trustlaw
from trustlaw.diagnostics import UsageError
from trustlaw.lowering.files import statutes_root

# ---- NYC Local Laws 58 and 59 of 2014: the rule shared with § 14-154 is marked S ------------


def test_nyc_2014_rule_shared_with_the_police_is_marked_secondary() -> None:
    program = trustlaw.load("nyc/ll58-59-2014").program
    marks = {p.label: p.verification for p in program.provisions}
    assert marks["9-131(b)"] == "S" and marks["9-131(b)(1)"] == "S"
    assert marks["9-131"] == "V"
    case = {"date": "2016-05-02", "arrest_date": "2016-05-02", "agency": "county_jail",
            "request": {"kinds": ["hold"], "form": "I-247D", "judicial_warrant": False,
                        "court_order": False},
            "person": {"terrorist_watchlist_match": False, "unlawful_reentry": False},
            "warrants": [], "charges": [], "convictions": []}
    decision = trustlaw.load("nyc/ll58-59-2014").decide(case).to_dict()
    assert decision["outcomes"]["hold"] == "prohibited"
    assert [w["code"] for w in decision["warnings"]] == ["secondary-source"]


# ---- District of Columbia: the 2012 Act ends when the 2019 Sanctuary Values act begins -------

DC_CASE: dict[str, Any] = {
    "agency": "county_jail", "reimbursement_agreement": True,
    "request": {"kinds": ["hold", "notification", "transfer"], "form": "I-247A",
                "judicial_warrant": False, "court_order": False},
    "person": {"age": 31},
    "convictions": [{"vacated": False, "date": "2018-06-01", "level": "felony",
                     "court": "this_state", "youthful_offender": False,
                     "tags": ["dc.violent_offense"]}],
}


def _dc_case(day: str) -> dict[str, Any]:
    """DC_CASE dated `day`, its request lodged that day (the Act's windows run back from
    the request)."""
    return {**DC_CASE, "date": day, "request": {**DC_CASE["request"], "lodged_on": day}}


def test_dc_2012_act_is_not_the_law_from_23_october_2019() -> None:
    assert trustlaw.load("dc", on=dt.date(2019, 10, 22)).id == "dc/detainer-act-2012"
    assert trustlaw.load("dc", on=dt.date(2019, 10, 23)).id == "dc/sanctuary-values-2019"
    assert trustlaw.load("dc", on=dt.date(2026, 12, 1)).id == "dc/sanctuary-values-2019"
    with pytest.raises(UsageError) as info:
        trustlaw.load("dc", on=dt.date(2012, 7, 9))
    assert info.value.diagnostics[0].code == "TL-U003"


def test_dc_2012_act_by_id_never_allows_what_the_2019_act_forbids() -> None:
    dc = trustlaw.load("dc/detainer-act-2012")
    before = dc.decide(_dc_case("2019-10-22")).to_dict()
    assert before["outcomes"]["notification"] == "permitted"
    later = dc.decide(_dc_case("2021-03-01")).to_dict()
    assert [later["outcomes"][o] for o in ("hold", "notification", "transfer")] == [
        "prohibited"] * 3
    assert "not-in-force" in {w["code"] for w in later["warnings"]}


def test_a_comparison_example_that_needs_a_minor_is_a_teenager() -> None:
    """The 2012 Act's age condition makes regions of people under 18: their examples
    show someone of 14 to 17, never a newborn, and every other age stays adult."""
    comparison = trustlaw.compare("dc/detainer-act-2012", "dc/sanctuary-values-2019")
    ages = [r.example["person"]["age"] for r in comparison.regions
            if "age" in r.example.get("person", {})]
    assert any(age < 18 for age in ages)
    assert all(14 <= age <= 80 for age in ages)


# ---- California SB 54: the TRUTH Act release notice on the public-information route ---------


def test_sb54_release_notice_waits_on_whether_the_release_date_is_public() -> None:
    case = {"date": "2018-03-01", "local_policy_bars_hold": False, "agency": "county_jail",
            "request": {"kinds": ["notification"], "form": "I-247A", "judicial_warrant": False,
                        "court_order": False},
            "person": {"sex_arson_registrant": False, "federal_felony_warrant": False},
            "warrants": [], "charges": [], "convictions": []}
    decision = trustlaw.load("ca/sb54-2017").decide(case).to_dict()
    assert decision["details_depend_on"]["duty:notice-of-release-notification"] == [
        "person.release_date_public"]


# ---- the ten-year look-back draft differs from SB 54 in the look-back only -----------------


def test_ten_year_draft_only_ever_refuses_more_than_sb54() -> None:
    pytest.importorskip("z3")
    draft = statutes_root() / "drafts" / "ca-sb54-2017-ten-year-lookback.law"
    comparison = trustlaw.compare("ca/sb54-2017", draft)
    assert comparison.status == "different" and comparison.unsettled == ()
    verdicts = {o: p.verdict for o, p in comparison.protectiveness.items()}
    assert verdicts == {"hold": "equivalent", "notification": "b", "transfer": "b",
                        "interview": "equivalent"}
    for region in comparison.determined:
        assert region.outcome in ("notification", "transfer",
                                  "duty:notice-of-release-notification")
        assert (region.a, region.b) in {("permitted", "prohibited"), ("imposed", "not imposed")}
        assert "listed offense conviction" in region.summary
