"""The errors an independent review found in the bundled library (issue 9 item 1), each pinned."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

import trustlaw
from trustlaw.decisions.clock import MaxHold, earliest, release_deadline

THU_17 = dt.datetime(2015, 3, 5, 17, 0)

WATCHLIST_CASE: dict[str, Any] = {
    "date": "2015-03-05",
    "agency": "state_corrections",
    "person": {"terrorist_watchlist_match": True},
}


def _ct_2013(form: str | None, **request: Any) -> Any:
    case = dict(WATCHLIST_CASE)
    case["request"] = {"kinds": ["hold"], **request}
    if form is not None:
        case["request"]["form"] = form
    return trustlaw.load("ct/pa-13-155").decide(case)


# ---- a hold never outlasts the request -----------------------------------------------------


def test_ct_2013_on_form_i247a_ends_saturday_and_on_i247_monday() -> None:
    on_a = _ct_2013("I-247A")
    assert on_a.outcomes["hold"] == "permitted"
    assert on_a.release_deadline(THU_17) == dt.datetime(2015, 3, 7, 17, 0)
    assert on_a.max_hold is not None and on_a.max_hold.to_dict() == {
        "hours": 48,
        "excluding": [],
        "citation": "Form I-247A: at most 48 hours beyond release",
    }
    on_old = _ct_2013("I-247")
    assert on_old.release_deadline(THU_17) == dt.datetime(2015, 3, 9, 17, 0)
    # equal limits: the statute's own is kept, with its citation
    assert on_old.max_hold is not None
    assert on_old.max_hold.citation == "Conn. Pub. Act 13-155 § 1(c)"
    assert "max_hold" not in on_old.details_depend_on


def test_hours_requested_governs_when_given_and_an_unknown_form_fails_closed() -> None:
    short = _ct_2013("I-247", hours_requested=24)
    assert short.release_deadline(THU_17) == dt.datetime(2015, 3, 6, 17, 0)
    assert short.max_hold is not None
    assert short.max_hold.citation == "the request: request.hours_requested"
    # a request for more than the statute allows never lengthens the hold; nor for more
    # than its form allows: an I-247A asks for at most 48 clock hours, so 96 requested
    # hours on one end with the form's limit (Saturday 17:00), before the statute's 48
    # hours not counting the weekend (Monday 17:00), which had governed
    long = _ct_2013("I-247A", hours_requested=96)
    assert long.release_deadline(THU_17) == dt.datetime(2015, 3, 7, 17, 0)
    assert long.max_hold is not None
    assert long.max_hold.citation == "Form I-247A: at most 48 hours beyond release"
    unknown = _ct_2013(None)
    assert unknown.max_hold is not None
    assert (unknown.max_hold.hours, unknown.max_hold.excluding) == (48, ())
    assert unknown.details_depend_on["max_hold"] == ("request.form", "request.hours_requested")
    assert unknown.release_deadline(THU_17) == dt.datetime(2015, 3, 7, 17, 0)


def test_unknown_hours_no_form_fixes_are_named_whichever_limit_governs() -> None:
    """A review found holds whose request might ask for fewer hours, with nothing in
    `depends_on`: the 1-day limit of HB 6659 with the request unknown (a request for 17
    hours ends the hold sooner), and a form of the agency's own (`other`), which may state
    any length. The limits are unchanged; the facts that could shorten them are named."""
    raised = trustlaw.load("ct/hb6659-raised-2013").decide(
        {"date": "2015-03-02", "agency": "state_corrections", "person": {"gang_database": True}})
    assert raised.max_hold is not None and raised.max_hold.hours == 24
    # nothing known of the request: it may even ask for no hold (its kinds)
    assert raised.details_depend_on["max_hold"] == (
        "request.form", "request.hours_requested", "request.kinds")
    ct = trustlaw.load("ct/pa-19-20")
    case: dict[str, Any] = {"date": "2020-06-01", "agency": "state_corrections",
                            "person": {"terrorist_watchlist_match": True},
                            "request": {"kinds": ["hold"], "form": "other",
                                        "judicial_warrant": False, "court_order": False}}
    own_form = ct.decide(case)
    assert own_form.outcomes["hold"] == "permitted"
    assert own_form.max_hold is not None and own_form.max_hold.citation == "8 C.F.R. § 287.7(d)"
    assert own_form.details_depend_on["max_hold"] == ("request.hours_requested",)
    case["request"]["hours_requested"] = 17
    stated = ct.decide(case)
    assert stated.max_hold is not None and stated.max_hold.hours == 17
    assert "max_hold" not in stated.details_depend_on
    # a form that states its length, or asks for no hold, leaves nothing to learn
    for form in ("I-247A", "I-247", "I-247X"):
        case["request"] = {"kinds": ["hold"], "form": form, "judicial_warrant": False,
                           "court_order": False}
        assert "max_hold" not in ct.decide(case).details_depend_on, form


def test_unknown_kinds_are_named_where_they_could_end_the_hold_at_release() -> None:
    """A request whose kinds leave out a hold allows none (0 hours); while the kinds are
    unknown the form's limit stays, and `request.kinds` is the fact to learn."""
    ct = trustlaw.load("ct/pa-19-20")
    case: dict[str, Any] = {"date": "2020-06-01", "agency": "state_corrections",
                            "person": {"terrorist_watchlist_match": True},
                            "request": {"form": "I-247A", "judicial_warrant": False,
                                        "court_order": False}}
    unknown = ct.decide(case)
    assert unknown.outcomes["hold"] == "permitted"
    assert unknown.max_hold is not None and unknown.max_hold.hours == 48
    assert unknown.details_depend_on["max_hold"] == ("request.kinds",)
    case["request"]["kinds"] = ["notification"]
    none_asked = ct.decide(case)
    assert none_asked.max_hold is not None and none_asked.max_hold.hours == 0
    assert "max_hold" not in none_asked.details_depend_on
    # a form that asks for no hold settles it whatever the kinds
    case["request"] = {"form": "I-247N", "judicial_warrant": False, "court_order": False}
    assert "max_hold" not in ct.decide(case).details_depend_on


def test_a_zero_hour_limit_ends_at_release_even_on_an_excluded_day() -> None:
    saturday_17 = dt.datetime(2015, 3, 7, 17, 0)
    no_hold = MaxHold(0, ("saturday", "sunday", "federal_holiday"))
    # counting starts on the next counted day only for hours there are to count
    assert release_deadline(saturday_17, no_hold) == saturday_17


def test_a_permitted_hold_always_has_a_limit_and_a_deadline() -> None:
    # the 2013 Act does not bind adult probation: the request and the regulation still do
    decision = trustlaw.load("ct/pa-13-155").decide(
        {"date": "2015-03-05", "agency": "probation",
         "request": {"kinds": ["hold"], "form": "other"}}
    )
    assert decision.outcomes["hold"] == "permitted"
    assert decision.max_hold is not None
    assert decision.max_hold.citation == "8 C.F.R. § 287.7(d)"
    assert decision.release_deadline(THU_17) == dt.datetime(2015, 3, 9, 17, 0)
    assert decision.to_dict()["max_hold"] is not None


@pytest.mark.slow
def test_every_bundled_statute_gives_every_possible_hold_a_limit() -> None:
    cases: list[dict[str, Any]] = [
        {},
        {"date": "2020-06-01"},
        {"date": "2020-06-01", "agency": "other", "request": {"kinds": ["hold"], "form": "other"}},
        WATCHLIST_CASE,
    ]
    for statute_id in trustlaw.available():
        statute = trustlaw.load(statute_id)
        for case in cases:
            decision = statute.decide(case)
            if decision.outcomes["hold"] != "prohibited":
                assert decision.max_hold is not None, (statute_id, case)
                assert decision.release_deadline(THU_17) is not None


def test_limits_of_different_kinds_are_both_kept_and_the_earlier_deadline_wins() -> None:
    weekdays = MaxHold(48, ("saturday", "sunday"), "actual", "statute")
    clock = MaxHold(60, (), "actual", "request")
    both = earliest([weekdays, clock])
    assert both is not None and both.also == (clock,)
    assert both.to_dict()["also"] == [{"hours": 60, "excluding": [], "citation": "request"}]
    friday = dt.datetime(2015, 3, 6, 17, 0)  # weekdays: Tuesday 17:00; clock: Monday 05:00
    assert release_deadline(friday, both) == dt.datetime(2015, 3, 9, 5, 0)
    monday = dt.datetime(2015, 3, 2, 9, 0)  # weekdays: Wednesday 09:00 comes first
    assert release_deadline(monday, both) == dt.datetime(2015, 3, 4, 9, 0)
    # the shape alone settles it: 48 clock hours never end after 48 weekday hours
    plain = MaxHold(48, (), "actual", "form")
    only = earliest([weekdays, plain])
    assert only is not None and only.also == () and only.citation == "form"
    # observed holidays exclude more days than actual ones
    actual = MaxHold(48, ("federal_holiday",), "actual")
    observed = MaxHold(48, ("federal_holiday",), "observed")
    assert actual.ends_no_later_than(observed) and not observed.ends_no_later_than(actual)


# ---- conviction readings -------------------------------------------------------------------

NYC_BARE: dict[str, Any] = {
    "date": "2012-06-04",
    "agency": "county_jail",
    "request": {"kinds": ["hold", "notification"], "form": "I-247"},
    "person": {"previously_removed": False, "terrorist_watchlist_match": False,
               "us_citizen": False},
    "warrants": [],
    "charges": [],
}


def test_nyc_2011_a_youthful_offender_adjudication_is_not_a_conviction() -> None:
    nyc = trustlaw.load("nyc/ll62-2011")
    yo = {"date": "2009-01-05", "level": "felony", "felony_class": "D", "court": "this_state",
          "youthful_offender": True, "vacated": False}
    assert nyc.decide({**NYC_BARE, "convictions": [yo]}).outcomes["hold"] == "prohibited"
    adult = {**yo, "youthful_offender": False}
    assert nyc.decide({**NYC_BARE, "convictions": [adult]}).outcomes["hold"] == "permitted"
    unknown = {k: v for k, v in yo.items() if k != "youthful_offender"}
    assert nyc.decide({**NYC_BARE, "convictions": [unknown]}).outcomes["hold"] == "undetermined"


def test_santa_clara_a_juvenile_adjudication_is_not_a_conviction() -> None:
    county = trustlaw.load("santa-clara/policy-3-54")
    case: dict[str, Any] = {
        "date": "2013-04-10", "agency": "county_jail", "reimbursement_agreement": True,
        "request": {"kinds": ["hold"], "form": "I-247"}, "person": {"age": 19, "us_citizen": False},
        "convictions": [{"date": "2011-02-01", "level": "felony", "court": "this_state",
                         "youthful_offender": True, "vacated": False, "tags": ["homicide"]}],
    }
    assert county.decide(case).outcomes["hold"] == "prohibited"
    case["convictions"][0]["youthful_offender"] = False
    assert county.decide(case).outcomes["hold"] == "permitted"


# ---- California: the Department of Corrections' own duty -----------------------------------


def test_ca_sb54_cdcr_gives_the_person_a_copy_of_the_request() -> None:
    sb54 = trustlaw.load("ca/sb54-2017")
    case = {"date": "2018-03-01", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247A"}}
    decision = sb54.decide(case)
    assert decision.outcomes["hold"] == "permitted"  # 7284.4(a): the Act's bans do not bind it
    duties = {d.id: d for d in decision.duties}
    assert duties["cdcr-copy-of-request"].citation == "Cal. Gov. Code § 7284.10(a)(2)"
    jail = sb54.decide({**case, "agency": "county_jail"})
    assert "cdcr-copy-of-request" not in {d.id for d in jail.duties}
    assert "copy-of-request" in {d.id for d in jail.duties}


# ---- Texas: the injunction of 30 August to 25 September 2017 -------------------------------


def test_tx_no_required_hold_while_the_mandate_was_enjoined() -> None:
    # art. 2.251 binds only ICE-issued requests, so the case names the issuer (request.issuer)
    case = {"agency": "county_jail", "request": {"kinds": ["hold", "notification"],
            "form": "I-247A", "issuer": "ice"},
            "person": {"proof_of_lawful_status": False, "us_citizen": False},
            "warrants": [{"kind": "administrative_immigration", "issued_in": "federal"}]}
    tx = trustlaw.load("tx", on=dt.date(2017, 9, 10))
    assert tx.id == "tx/sb4-2017"
    during = tx.decide({**case, "date": "2017-09-10"})
    assert "required" not in during.outcomes.values()
    assert during.grounds["hold"][0].editorial  # "(injunction)" is the file's own label
    assert tx.decide({**case, "date": "2017-08-29"}).outcomes["hold"] == "required"
    assert tx.decide({**case, "date": "2017-09-25"}).outcomes["hold"] == "required"


# ---- editorial labels ----------------------------------------------------------------------


def test_editorial_labels_are_marked_in_every_output() -> None:
    sb54 = trustlaw.load("ca/sb54-2017")
    provision = sb54.program.provision("7284.6(a)(4)(warrant)")
    assert provision is not None and provision.editorial
    case = {"date": "2018-03-01", "agency": "county_jail",
            "request": {"kinds": ["transfer"], "form": "I-247A", "judicial_warrant": True},
            "person": {"sex_arson_registrant": False, "federal_felony_warrant": False},
            "convictions": [], "charges": []}
    decision = sb54.decide(case)
    ground = decision.to_dict()["grounds"]["transfer"][0]
    assert ground["provision"] == "7284.6(a)(4)(warrant)" and ground["editorial"] is True
    assert "7284.6(a)(4)(warrant) [this file's label, not a subsection of the law]" in (
        decision.explain()
    )
    for statute_id, label in (("cook-county/11-o-73", "46-37(b)(warrant)"),
                              ("nyc/ll58-59-2014", "14-154(b)(2)"),
                              ("santa-clara/policy-3-54", "3.54(a)")):
        found = trustlaw.load(statute_id).program.provision(label)
        assert found is not None and found.editorial, label
    # a real subsection is not editorial, and its ground has no mark
    real = sb54.program.provision("7284.6(a)(4)")
    assert real is not None and not real.editorial


def test_editorial_and_binds_survive_the_formatter() -> None:
    from trustlaw.language.fmt import format_source
    from trustlaw.language.parser import parse

    source = (Path(trustlaw.load("ca/sb54-2017").path)).read_text(encoding="utf-8")
    assert format_source(source) == source
    tree = parse(source)
    assert parse(format_source(source)) == tree


def test_bundled_files_stand_on_their_own() -> None:
    root = Path(trustlaw.load("ct/pa-13-155").path).parent.parent
    for path in root.rglob("*.law"):
        text = path.read_text(encoding="utf-8")
        assert "REFERENCE" not in text and "shared/" not in text, path
        assert not re.search(r"\bquestion [0-9]", text), path
        assert "open question" not in text, path


def test_binds_if_with_a_conclusion_is_a_located_error(tmp_path: Path) -> None:
    law = tmp_path / "binds.law"
    law.write_text(
        'statute "test/binds" {\n  title "T"\n  jurisdiction "test"\n  citation "T"\n'
        '  status proposed\n}\n\nprovision (a) {\n  cites "T § (a)"\n'
        "  binds if agency = state_corrections\n  hold prohibited\n}\n",
        encoding="utf-8",
    )
    found = [d for d in trustlaw.check(law) if d.code == "TL-S019"]
    assert len(found) == 1 and found[0].span is not None and found[0].span.line == 8


# ---- the fields of December 2026 -------------------------------------------------------------


def test_the_case_id_is_checked_and_kept_but_decides_nothing() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    case = dict(WATCHLIST_CASE, request={"kinds": ["hold"], "form": "I-247"})
    with_id = statute.decide({**case, "id": "booking-17"})
    assert with_id.outcomes == statute.decide(case).outcomes
    assert statute.validate({**case, "id": "booking-17"})["id"] == "booking-17"
    for bad in ("x" * 201, 17, ["a"]):
        try:
            statute.validate({**case, "id": bad})
        except trustlaw.CaseError as error:
            assert error.errors[0].startswith("id: expected a string of at most 200")
        else:
            raise AssertionError(f"id {bad!r} was accepted")


def test_new_fields_are_validated_with_their_constraints() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    ok = {"date": "2020-01-02", "arrest_date": "2019-12-30", "local_policy_bars_hold": False,
          "agency": "juvenile_probation",
          "request": {"lodged_on": "2019-12-31", "issuer": "cbp", "hours_requested": 48,
                      "judicial_warrant": True,
                      "judicial_warrant_signed_by": "federal_magistrate_judge"},
          "person": {"us_citizen": False, "release_date_public": True},
          "charges": [{"level": "misdemeanor", "released_on_promise_to_appear": True,
                       "bond_posted": False}],
          "convictions": [{"court": "foreign", "age_at_offense": 20, "age_at_judgment": 21,
                           "vacated": False, "pending_appeal": True, "plea": "nolo_contendere",
                           "level": "felony"}]}
    statute.validate(ok)
    broken: list[dict[str, Any]] = [
        {"date": "2020-01-02", "arrest_date": "2020-01-03"},
        {"date": "2020-01-02", "request": {"lodged_on": "2020-02-01"}},
        {"request": {"hours_requested": -1}},
        {"charges": [{"released_on_promise_to_appear": True, "bond_posted": True}]},
        {"request": {"judicial_warrant": False, "judicial_warrant_signed_by": "state_judge"}},
        {"convictions": [{"age_at_offense": 30, "age_at_judgment": 25}]},
        {"warrants": [{"issued_in": "puerto_rico"}]},  # a territory's warrant is "territory"
    ]
    for case in broken:
        try:
            statute.validate(case)
        except trustlaw.CaseError:
            continue
        raise AssertionError(f"accepted {case}")


def test_the_schema_accepts_the_id_and_the_new_fields() -> None:
    from trustlaw.cases import json_schema
    from trustlaw.lowering.files import default_vocabulary

    schema = json_schema(default_vocabulary())
    assert schema["properties"]["id"]["maxLength"] == 200
    assert "arrest_date" in schema["properties"]
    assert "foreign" in schema["$defs"]["convicting_court"]["enum"]
    for court in ("district_of_columbia", "territory", "tribal"):
        assert court in schema["$defs"]["convicting_court"]["enum"]
        assert court in schema["$defs"]["jurisdiction_of_origin"]["enum"]
    assert "foreign" in schema["$defs"]["jurisdiction_of_origin"]["enum"]


def test_a_request_that_asks_for_no_hold_allows_none() -> None:
    """A review found a hold "permitted" for 48 hours not counting weekends and holidays
    on requests that ask for no hold: kinds without `hold`, or the notification and
    transfer forms. A hold never outlasts what the request asks for: none, so it ends at
    release."""
    for request, citation in (
            ({"kinds": ["notification"], "form": "I-247A"}, "the request asks for no hold"),
            ({"kinds": ["notification"], "form": "I-247N"}, "the request asks for no hold"),
            ({"kinds": ["hold", "transfer"], "form": "I-247X"}, "Form I-247X asks for a transfer"),
            ({"form": "I-247N"}, "Form I-247N asks to be notified")):
        decision = trustlaw.load("ct/pa-13-155").decide(
            {"date": "2015-03-05", "agency": "state_corrections",
             "person": {"final_removal_order": True}, "request": request})
        assert decision.outcomes["hold"] == "permitted"
        assert decision.max_hold is not None and decision.max_hold.hours == 0
        assert decision.max_hold.citation.startswith(citation), request
        assert decision.release_deadline(THU_17) == THU_17
        rows = trustlaw.batch("ct/pa-13-155", [{"date": "2015-03-05", "agency":
                              "state_corrections", "person": {"final_removal_order": True},
                              "request": request}]).to_pylist()
        assert rows[0]["max_hold_hours"] == 0


def test_known_hours_with_an_unknown_form_keep_the_shortest_a_form_states() -> None:
    """An integrator's review: a booking record with the hours the request asks for
    (104) and no form gave the regulation's 48 hours not counting the weekend (Thursday
    17:00 → Monday 17:00 here, Christmas 2015 → Tuesday) with nothing in
    `details_depend_on`; but on Form I-247A, the form ICE uses, the same request allows
    48 clock hours (Saturday 17:00). Fail closed: while the form is unknown the shortest
    limit a form states is kept, as when the hours are unknown too, and the form is
    named as the fact to learn."""
    long = _ct_2013(None, hours_requested=104)
    assert long.outcomes["hold"] == "permitted"
    assert long.max_hold is not None
    assert (long.max_hold.hours, long.max_hold.excluding) == (48, ())
    assert long.release_deadline(THU_17) == dt.datetime(2015, 3, 7, 17, 0)
    assert long.details_depend_on["max_hold"] == ("request.form",)
    # whichever form that asks for a hold is then given, the hold ends no earlier
    for form in ("I-247A", "I-247D", "I-247", "other"):
        at = _ct_2013(form, hours_requested=104).release_deadline(THU_17)
        assert at is not None and at >= dt.datetime(2015, 3, 7, 17, 0), form
    # hours no longer than any form's 48 govern as before; the form is still named, as
    # one that asks for no hold (I-247N, I-247X) would end the hold at release
    for hours in (48, 24):
        short = _ct_2013(None, hours_requested=hours)
        assert short.max_hold is not None and short.max_hold.hours == hours
        assert short.max_hold.citation == "the request: request.hours_requested"
        assert short.details_depend_on["max_hold"] == ("request.form",)
        assert _ct_2013("I-247N", hours_requested=hours).release_deadline(THU_17) == THU_17
