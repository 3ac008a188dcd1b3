"""What a decision rests on (CASES.md 3a): case id, version, status, in force, warnings,
possible outcomes, leaf paths, verification and notes on grounds; the decision schema."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.decisions.schema import decision_schema
from trustlaw.testing.strategies import cases

KEYS = ["statute", "digest", "trustlaw", "case_id", "statute_status", "in_force", "outcomes",
        "possible", "max_hold", "duties", "grounds", "depends_on", "details_depend_on", "warnings"]
ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = jsonschema.Draft202012Validator(decision_schema())


def test_the_decision_names_its_case_version_and_status_in_a_fixed_order() -> None:
    decision = trustlaw.load("ct/pa-13-155").decide({"id": "booking-7", "date": "2016-02-01"})
    out = decision.to_dict()
    assert list(out) == KEYS
    assert out["case_id"] == "booking-7" and out["trustlaw"] == trustlaw.__version__
    assert out["statute_status"] == "superseded" and out["in_force"] is True
    # byte-stable: another process, with other string hashes, writes the same bytes
    script = ("import trustlaw; print(trustlaw.load('ct/pa-13-155').decide("
              "{'id': 'booking-7', 'date': '2016-02-01'}).to_json(), end='')")
    for seed in ("1", "2"):
        other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert other.stdout == decision.to_json()
    assert trustlaw.load("ct/pa-13-155").decide({}).to_dict()["case_id"] is None


def test_in_force_and_the_warning_for_a_case_outside_the_period() -> None:
    ct = trustlaw.load("ct/pa-13-155")
    before = ct.decide({"date": "2013-06-01"})
    assert before.in_force is False
    assert _period_codes(before) == ["not-in-force"]
    assert before.warnings[0]["message"] == (
        "The case is dated June 1, 2013, before ct/pa-13-155 came into force on "
        "January 1, 2014; the decision applies it anyway.")
    after = ct.decide({"date": "2020-06-01"})
    assert after.in_force is False and after.warnings[0]["code"] == "not-in-force"
    unknown = ct.decide({})
    assert unknown.in_force is None and unknown.warnings[0]["code"] == "date-unknown"
    vetoed = trustlaw.load("ca/ab1081-2012").decide({"date": "2013-01-01"})
    assert vetoed.in_force is False and vetoed.warnings[0]["code"] == "not-law"
    assert "vetoed and never became law" in vetoed.warnings[0]["message"]


@pytest.mark.parametrize(("day", "expected"), [
    ("2013-12-31", False), ("2014-01-01", True),  # in force from its first day
    ("2019-09-30", True), ("2019-10-01", False),  # and not on the day it is superseded
])
def test_in_force_on_the_boundary_days(day: str, expected: bool) -> None:
    """The first day in force counts; the day a successor takes over does not (a
    mutation of either comparison went unnoticed before)."""
    decision = trustlaw.load("ct/pa-13-155").decide({"date": day})
    assert decision.in_force is expected
    assert _period_codes(decision) == ([] if expected else ["not-in-force"])


def _period_codes(decision: trustlaw.Decision) -> list[str]:
    """The codes of a decision's warnings other than those on its provisions' sources (the
    2013 act's (b)(2)-(7) and (c) rest on the OLR analyses: tests/test_cli_commands.py)."""
    return [w["code"] for w in decision.warnings
            if w["code"] not in ("secondary-source", "unverified")]


def test_a_pending_proposal_is_not_said_never_to_have_become_law() -> None:
    """A drafter's bill may still pass: its decisions say it is not law, and what it
    would decide if enacted, not that it "never became law" (a review's finding)."""
    draft = trustlaw.load(ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law")
    assert draft.meta.status == "proposed"
    warning = draft.decide({"date": "2015-01-01"}).warnings[0]
    assert warning["code"] == "not-law"
    assert warning["message"] == (f"{draft.id} is a proposal, not law; the decision says "
                                  "what it would decide if enacted.")


def test_a_judicial_warrant_without_its_signer_is_read_as_federal_and_warned() -> None:
    """A review found a transfer `permitted` on a judicial warrant whose signer was not
    given, where a state judge's warrant forbids it (DC 2019), with nothing said: the
    case format defines the warrant as a federal judge's, so the outcome stands, and the
    decision now says what it read, under the laws that tell signers apart only."""
    request = {"kinds": ["transfer"], "form": "I-247A", "judicial_warrant": True,
               "court_order": False}
    # dated after 27 April 2021, when the 2012 conditions (which a federal warrant alone does
    # not meet, for a hand-over too) no longer apply on top of the warrant
    case: dict[str, Any] = {"date": "2022-06-01", "agency": "county_jail",
                            "local_policy_bars_hold": False, "request": request,
                            "person": {"age": 30, "release_date_public": False,
                                       "us_citizen": False, "sex_arson_registrant": False},
                            "warrants": [], "charges": [], "convictions": []}
    dc = trustlaw.load("dc/sanctuary-values-2019")
    unstated = dc.decide(case)
    assert unstated.outcomes["transfer"] == "permitted"
    assert [w["code"] for w in unstated.warnings] == ["signer-not-stated"]
    assert "request.judicial_warrant_signed_by" in unstated.warnings[0]["message"]
    assert json.loads(unstated.to_json_line())["warnings"] == unstated.warnings
    state = dc.decide({**case, "request": {**request, "judicial_warrant_signed_by": "state_judge"}})
    assert state.outcomes["transfer"] == "prohibited" and state.warnings == []
    federal = dc.decide({**case, "request": {**request,
                                             "judicial_warrant_signed_by": "federal_judge"}})
    assert federal.outcomes["transfer"] == "permitted" and federal.warnings == []
    # Connecticut 2019 accepts any judicial officer's warrant: the signer is no matter
    assert "signer-not-stated" not in {w["code"] for w in trustlaw.load("ct/pa-19-20").decide(
        case).warnings}


def test_a_warning_for_a_deciding_provision_on_a_secondary_source() -> None:
    tx = trustlaw.load("tx/sb4-2017")
    decision = tx.decide({"date": "2017-09-10", "agency": "county_jail",
                          "request": {"kinds": ["notification"], "form": "I-247A"},
                          "person": {"us_citizen": False, "proof_of_lawful_status": False}})
    codes = [w["code"] for w in decision.warnings]
    assert "secondary-source" in codes
    ground = decision.to_dict()["grounds"]["notification"][0]
    assert ground["verification"] == "S" and ground["provision"] == "(injunction)"
    assert ground["notes"] == [  # the reading of notification as a whole, then the dates'
        "Notification is required, not restricted",
        "In force 1 September 2017; the detainer duty enforceable from 25 September 2017",
    ]
    # warnings never change an outcome
    assert decision.outcomes["notification"] == "permitted"


def test_possible_outcomes_of_an_undetermined_hold() -> None:
    ct = trustlaw.load("ct/pa-13-155")
    case: dict[str, Any] = {"date": "2015-03-02", "agency": "state_corrections",
                            "request": {"kinds": ["hold"], "form": "I-247"},
                            "person": {"security_risk_group": False,
                                       "terrorist_watchlist_match": False,
                                       "final_removal_order": False, "public_safety_risk": False,
                                       "us_citizen": False},
                            "warrants": [], "charges": [], "convictions": []}
    decision = ct.decide(case)
    assert decision.outcomes["hold"] == "undetermined"
    assert decision.possible == {"hold": ["prohibited", "permitted"]}
    # the gang factor (b)(4) counts a listing the Department of Correction made
    assert decision.depends_on["hold"] == ("person.gang_database",
                                           "person.gang_identified_by_doc")
    for backend in ("compiled", "interpreter"):
        assert ct.decide(case, backend=backend).to_dict()["possible"] == {
            "hold": ["prohibited", "permitted"]
        }
    assert ct.decide({**case, "person": {**case["person"], "gang_database": False}}).possible == {}


def test_depends_on_names_leaf_paths_never_a_whole_record() -> None:
    decision = trustlaw.load("ct/pa-13-155").decide({"date": "2015-03-02",
                                                      "agency": "state_corrections"})
    for paths in decision.depends_on.values():
        assert "person" not in paths and "request" not in paths
    assert "person.terrorist_watchlist_match" in decision.depends_on["hold"]


@pytest.mark.parametrize("statute_id", ["ca/sb54-2017", "nyc/ll58-59-2014", "fl/sb168-2019",
                                        "dc/sanctuary-values-2019"])
def test_depends_on_names_no_signer_for_a_request_without_a_warrant(statute_id: str) -> None:
    # A signer is given only with a warrant (TL-C003), and `judicial_warrant` false settles
    # "a federal judge's warrant" whoever signed: the signer can change no outcome, so it is
    # not listed, though the rules that read it test `is known` (CASES.md 3a: only facts
    # that can change the outcome). With the warrant unknown, or given, it still is.
    statute = trustlaw.load(statute_id)
    base = {"date": "2022-03-02", "request": {"kinds": ["hold", "notification", "transfer"],
                                              "form": "I-247A"}}
    without = statute.decide({**base, "request": {**base["request"], "judicial_warrant": False}})
    assert without.depends_on  # the agency and the record are unknown
    for paths in without.depends_on.values():
        assert "request.judicial_warrant_signed_by" not in paths
    unknown = statute.decide(base)
    assert any("request.judicial_warrant_signed_by" in paths
               for paths in unknown.depends_on.values())


def test_explain_says_the_same_in_words() -> None:
    text = trustlaw.load("tx/sb4-2017").explain({
        "id": "case-3", "date": "2017-09-10", "agency": "county_jail",
        "request": {"kinds": ["hold"], "form": "I-247A"}})
    assert "Case: case-3" in text
    assert "In force on the case date (September 10, 2017): yes" in text
    assert "Once they are known it is prohibited or permitted." in text
    assert "Its text rests on a secondary source (verification S)." in text
    assert "Readings: In force 1 September 2017" in text
    assert "Warnings (they change no outcome):" in text
    assert f"decided by trustlaw {trustlaw.__version__}" in text


def test_explain_states_look_back_windows_plainly() -> None:
    text = trustlaw.load("santa-clara/policy-3-54").explain({
        "date": "2013-04-10", "agency": "county_jail", "reimbursement_agreement": True,
        "request": {"kinds": ["hold"], "form": "I-247"}, "person": {"age": 30},
        "convictions": []})
    # the policy's windows run back from the request, the anniversary left out (docs: the
    # file's notes)
    assert "is dated less than 10 years before the day the request was lodged" in text
    assert "has release date less than 5 years before the day the request was lodged" in text
    assert "request.lodged_on" not in text
    assert "minus" not in text
    ca = trustlaw.load("ca/sb54-2017").explain({
        "date": "2019-04-10", "agency": "county_jail",
        "request": {"kinds": ["hold"], "form": "I-247A"}, "convictions": []})
    assert "within 5 years before the case date" in ca


def test_bundled_examples_give_decisions_the_schema_accepts() -> None:
    for statute_id in trustlaw.available():
        statute = trustlaw.load(statute_id)
        for example in statute.examples:
            out = statute.decide(example.case).to_dict()
            VALIDATOR.validate(json.loads(json.dumps(out)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(unknown_rate=0.3), index=st.integers(0, 100))
def test_every_decision_validates_against_the_schema(case: dict[str, Any], index: int) -> None:
    ids = trustlaw.available()
    statute = trustlaw.load(ids[index % len(ids)])
    decision = statute.decide({**case, "id": f"c{index}"})
    out = json.loads(decision.to_json())
    VALIDATOR.validate(out)
    assert out["case_id"] == f"c{index}"
    for outcome, result in out["outcomes"].items():
        assert (outcome in out["possible"]) == (result == "undetermined")
    # CASES.md section 3: depends_on is per undetermined outcome, nothing else
    assert set(out["depends_on"]) <= {o for o, r in out["outcomes"].items() if r == "undetermined"}
    if out["outcomes"]["hold"] != "prohibited":
        assert out["max_hold"] is not None
        assert decision.release_deadline(dt.datetime(2020, 1, 3, 17, 0)) is not None


def test_the_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    from trustlaw.cli import main

    assert main(["schema", "decision"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == decision_schema()
    jsonschema.Draft202012Validator.check_schema(printed)


# ---- decide_many ---------------------------------------------------------------------------


def test_decide_many_records_a_bad_case_with_its_index() -> None:
    good = {"id": "a", "date": "2015-03-02", "agency": "county_jail"}
    bad = {"id": "b", "date": "last year"}
    out = list(trustlaw.decide_many(["ct/pa-13-155", "ca/ab4-2013"], [good, bad, good],
                                    on_error="record"))
    assert len(out) == 6
    assert [getattr(x, "case_id", None) for x in out] == ["a", "a", "b", "b", "a", "a"]
    failure = out[2]
    assert not isinstance(failure, trustlaw.Decision)
    assert failure.to_dict()["index"] == 1 and failure.to_dict()["case_id"] == "b"
    assert failure.to_dict()["error"].startswith("date: expected an ISO date")
    assert failure.to_dict()["trustlaw"] == trustlaw.__version__
    assert isinstance(out[4], trustlaw.Decision) and out[4].statute == "ct/pa-13-155"


def test_decide_many_raises_by_default_naming_the_index() -> None:
    cases = iter([{"date": "2015-03-02"}, {"date": 5}])
    results = trustlaw.decide_many("ct/pa-13-155", cases)
    assert isinstance(next(results), trustlaw.Decision)
    with pytest.raises(trustlaw.CaseError) as raised:
        next(results)
    assert raised.value.errors[0] == "case 1 cannot be decided"
    with pytest.raises(trustlaw.UsageError):
        list(trustlaw.decide_many("ct/pa-13-155", [], on_error="ignore"))


# ---- choosing the law by date (the CLI) ----------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from trustlaw.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


CASES_BY_DATE = [
    {"id": "a", "date": "2016-05-02", "agency": "state_corrections",
     "request": {"kinds": ["hold"], "form": "I-247"},
     "person": {"terrorist_watchlist_match": True}},
    {"id": "b", "date": "2020-05-04", "agency": "state_corrections",
     "request": {"kinds": ["hold"], "form": "I-247A"}},
    {"id": "c", "agency": "state_corrections"},
    {"id": "d", "date": "2001-01-01"},
]


def test_a_jurisdiction_decides_each_case_under_the_law_of_its_date(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CASES_BY_DATE), encoding="utf-8")
    code, out, err = _run(capsys, "decide", "ct", str(path), "--format", "json")
    written = [json.loads(line) for line in out.splitlines()]  # one line per input line
    decided = [d for d in written if "statute" in d]
    assert [(d["case_id"], d["statute"], d["in_force"]) for d in decided] == [
        ("a", "ct/pa-13-155", True), ("b", "ct/pa-19-20", True)]
    assert [d["line"] for d in written if "error" in d] == [3, 4]
    assert code == 1  # two lines could not be decided, each said so with its line number
    assert "cases.jsonl:3" in err and "chosen by the case's date" in err
    assert "cases.jsonl:4" in err and "came into force on 2014-01-01" in err
    # --on overrides every case's date
    code, out, _ = _run(capsys, "decide", "ct", str(path), "--format", "json", "--on",
                        "2016-01-01")
    assert {json.loads(line)["statute"] for line in out.splitlines()} == {"ct/pa-13-155"}
    assert code == 0


def test_an_id_decides_a_case_outside_its_period_and_warns(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASES_BY_DATE[1]), encoding="utf-8")
    code, out, _ = _run(capsys, "decide", "ct/pa-13-155", str(path), "--format", "json")
    decided = json.loads(out)
    assert code == 0 and decided["statute"] == "ct/pa-13-155" and decided["in_force"] is False
    assert decided["warnings"][0]["code"] == "not-in-force"
    code, out, _ = _run(capsys, "explain", "ct", str(path))
    assert code == 0 and "What ct/pa-19-20" in out
    code, out, err = _run(capsys, "decide", "ct/pa-13-155", str(path), "--on", "2016-01-01")
    assert code == 2 and "names one statute" in err
    code, out, err = _run(capsys, "decide", "ct", str(path), "--on", "May 2016")
    assert code == 2 and "--on expects a date" in err


def test_a_request_for_a_hold_on_a_form_that_asks_for_none_is_warned() -> None:
    """Kinds asking for a hold on Form I-247N gave "hold required" with 0 hours and no word
    of the contradiction."""
    case = {"date": "2015-03-02", "agency": "county_jail",
            "request": {"kinds": ["hold", "notification"], "form": "I-247N"}}
    decision = trustlaw.load("us/secure-communities").decide(case)
    assert decision.outcomes["hold"] == "required"  # a warning never changes an outcome
    assert decision.max_hold is not None and decision.max_hold.hours == 0
    codes = [w["code"] for w in decision.warnings]
    assert "request-contradicts-form" in codes
    assert json.loads(decision.to_json_line())["warnings"] == decision.warnings
    agreed = {**case, "request": {"kinds": ["notification"], "form": "I-247N"}}
    assert "request-contradicts-form" not in [
        w["code"] for w in trustlaw.load("us/secure-communities").decide(agreed).warnings]


def test_explain_header_says_dates_as_a_lawyer_writes_them() -> None:
    """The account's header gives the law's dates and the case's as a lawyer writes
    them, and says nothing of a date the case does not give."""
    statute = trustlaw.load("ct/pa-13-155")
    text = statute.explain({"date": "2014-09-30", "agency": "state_corrections",
                            "request": {"kinds": ["hold"]}})
    assert "(status: superseded on October 1, 2019)" in text
    assert "In force on the case date (September 30, 2014): yes" in text
    undated = statute.explain({"agency": "state_corrections", "request": {"kinds": ["hold"]}})
    assert "In force on the case date: unknown (the case date is not given)" in undated


@pytest.mark.parametrize("backend", ["compiled", "interpreter"])
def test_a_decision_cannot_be_changed_through_its_evaluation(backend: str) -> None:
    """A caller holding `decision.evaluation` cannot turn a prohibited hold into a
    permitted one: its mappings are read-only, and the decision keeps what it said."""
    statute = trustlaw.load("ct/pa-13-155")
    decision = statute.decide({"date": "2014-09-30", "agency": "state_corrections",
                               "request": {"kinds": ["hold"]}, "person": {}},
                              backend=backend)
    evaluation = decision.evaluation
    for mapping in (evaluation.outcomes, evaluation.deciding, evaluation.open_rules,
                    *(() if evaluation.trace is None else (evaluation.trace,))):
        with pytest.raises(TypeError):
            mapping["hold"] = "permitted"  # type: ignore[index]
    assert decision.outcomes == dict(evaluation.outcomes)
    assert decision.evaluation is evaluation  # made once, then kept


@pytest.mark.parametrize("backend", ["compiled", "interpreter"])
def test_a_scope_ground_says_the_law_does_not_bind_only_when_the_agency_is_known(
        backend: Any) -> None:
    """An undetermined hold lists the scope provision among those that may decide it:
    its text says that whether the law binds the agency is not known, so that a booking
    system storing the grounds never records an unbinding nobody found."""
    statute = trustlaw.load("ct/pa-13-155")
    open_ = statute.decide({"date": "2015-03-02"}, backend=backend).to_dict()
    assert open_["outcomes"]["hold"] == "undetermined"
    texts = [g["text"] for g in open_["grounds"]["hold"]]
    assert texts[0].startswith("Whether this law binds this agency is not known: The Act")
    assert not any("does not bind" in t for t in texts)
    unbound = statute.decide({"date": "2015-03-02", "agency": "probation"},
                             backend=backend).to_dict()
    (ground,) = unbound["grounds"]["hold"]
    assert ground["text"].startswith("This law does not bind this agency: The Act binds")
