"""What the API hands out is the caller's to change, and what it keeps is its own.

A booking system reuses its dicts, a notebook user edits what it is given, a drafter
redacts a comparison's JSON before publishing it: none of that may change a decision, a
`Case`, a comparison or a statute another caller holds. And a validated `Case` goes
wherever a raw case goes (choosing a law, a batch, a comparison's caseload, a worker
process)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from typing import Any

import pytest

import trustlaw
from trustlaw.diagnostics import CaseError, UsageError

RAW: dict[str, Any] = {
    "id": "booking-42",
    "date": "2015-03-02",
    "agency": "state_corrections",
    "request": {"kinds": ["hold"], "form": "I-247", "judicial_warrant": False,
                "court_order": False},
    "person": {"gang_database": True, "gang_identified_by_doc": False},
    "convictions": [{"level": "felony", "date": "2010-05-01", "court": "other_state",
                     "vacated": False, "youthful_offender": False, "tags": []}],
    "charges": [],
    "warrants": [],
}
CT = trustlaw.load("ct/pa-13-155")


def test_changing_a_cases_normalised_copy_changes_no_decision_of_the_case() -> None:
    case = trustlaw.validate(copy.deepcopy(RAW))
    expected = CT.decide(case).to_dict()
    handed = CT.validate(case)
    handed["convictions"][0]["level"] = "misdemeanor"
    handed["agency"] = "not-an-agency"
    assert CT.decide(case).to_dict() == expected
    raw = copy.deepcopy(RAW)
    normalised = CT.validate(raw)
    normalised["request"]["kinds"].append("notification")
    assert raw["request"]["kinds"] == ["hold"]


def test_a_decisions_parts_are_copies() -> None:
    decision = CT.decide(copy.deepcopy(RAW))
    expected = decision.to_dict()
    decision.outcomes["hold"] = "permitted"
    decision.depends_on.clear()
    decision.details_depend_on.clear()
    with pytest.raises(TypeError):
        decision.case["date"] = dt.date(2020, 1, 1)  # type: ignore[index]
    decision.case["person"]["gang_database"] = False
    assert decision.to_dict() == expected
    assert json.loads(json.dumps(decision.outcomes)) == expected["outcomes"]


def test_a_law_in_force_is_chosen_by_the_validated_case_not_the_dict_it_came_from() -> None:
    raw = copy.deepcopy(RAW)
    case = trustlaw.validate(raw)
    raw["date"] = "2020-03-02"  # the caller moves on to its next booking
    decided = next(trustlaw.decide_many("ct", [case]))
    assert decided.statute == "ct/pa-13-155" and decided.in_force
    raw["date"] = None
    assert next(trustlaw.decide_many("ct", [case])).statute == "ct/pa-13-155"
    # a date given as a `datetime.date`, as validation takes it
    dated = {**copy.deepcopy(RAW), "date": dt.date(2020, 3, 2)}
    assert next(trustlaw.decide_many("ct", [dated])).statute == "ct/pa-19-20"


def test_a_case_pickles_and_copies_as_it_is() -> None:
    case = trustlaw.validate(copy.deepcopy(RAW))
    for again in (pickle.loads(pickle.dumps(case)), copy.copy(case), copy.deepcopy(case)):
        assert again == case and again.facts == case.facts and again.id == "booking-42"
        assert CT.decide(again).to_dict() == CT.decide(case).to_dict()


def test_a_validated_case_goes_where_a_raw_case_goes() -> None:
    case = trustlaw.validate(copy.deepcopy(RAW))
    rows = trustlaw.batch(CT, [case]).to_pylist()
    assert rows == trustlaw.batch(CT, [copy.deepcopy(RAW)]).to_pylist()
    assert rows[0]["case_id"] == "booking-42" and rows[0]["error"] is None
    as_dicts = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", cases=[copy.deepcopy(RAW)] * 3)
    as_cases = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", cases=[case] * 3)
    assert sum(r.count for r in as_cases.regions) == sum(r.count for r in as_dicts.regions) > 0
    early = trustlaw.validate({"id": "booking-7", "date": "2000-01-01"})
    failure = next(trustlaw.decide_many("ct", [early], on_error="record"))
    assert failure.case_id == "booking-7"


def test_a_comparisons_json_is_the_callers_to_change() -> None:
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    before, text = comparison.to_dict(), comparison.render()
    handed = comparison.to_dict()
    handed["regions"][0]["example"]["agency"] = "REDACTED"
    for shown in handed["protectiveness_examples"].values():
        for side in ("a_allows_b_forbids", "b_allows_a_forbids"):
            if shown[side]:
                shown[side].clear()
    assert comparison.to_dict() == before and comparison.render() == text


def test_a_counterexamples_json_is_the_callers_to_change() -> None:
    result = next(r for r in trustlaw.verify("us/detainer-regulation")
                  if r.status == "violated")
    before = json.dumps(result.to_dict(), default=str)
    result.to_dict()["counterexample"]["case"]["agency"] = "REDACTED"
    assert json.dumps(result.to_dict(), default=str) == before


def test_a_statutes_examples_are_copies() -> None:
    example = CT.examples[0]
    example.case.clear()
    assert trustlaw.load("ct/pa-13-155").examples[0].case


def test_arguments_are_checked() -> None:
    with pytest.raises(UsageError):
        trustlaw.Case(copy.deepcopy(RAW), "x")  # type: ignore[arg-type]
    for day in ("20160501", "20160501T00", "2016-W18-7", "2016-W18-7T00"):
        with pytest.raises(UsageError):
            trustlaw.load("ct", on=day)
    assert trustlaw.load("ct", on="2016-05-01T00").id == "ct/pa-13-155"
    with pytest.raises(CaseError):
        trustlaw.validate({"date": "2015-02-30"})
