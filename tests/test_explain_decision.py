"""Explaining whole decisions: citations, triggering facts, why not, unknowns, clock, duties."""

from __future__ import annotations

from typing import Any

import pytest
from example_cases import known_case

from trustlaw import ir
from trustlaw.backends.interp import evaluate
from trustlaw.cases.validation import example_case, validate
from trustlaw.checker import compile_file
from trustlaw.decisions.decision import Decision, build_decision
from trustlaw.decisions.explain import explain
from trustlaw.lowering.files import default_vocabulary, statutes_root


@pytest.fixture(scope="module")
def ct() -> ir.Program:
    return compile_file(str(statutes_root() / "ct" / "pa-13-155.law"))


def decide(program: ir.Program, case: dict[str, Any]) -> Any:
    data = validate(case, default_vocabulary())
    return build_decision(program, evaluate(program, data), data)



def test_a_permitted_hold_cites_the_provision_and_the_facts(ct: ir.Program) -> None:
    text = explain(decide(ct, known_case()))
    assert "What ct/pa-13-155 (An Act Concerning Civil Immigration Detainers) says" in text
    assert "Statute text: sha256:" in text
    assert "Hold (keeping the person past release): permitted" in text
    assert "Decided by (b)(1) (Conn. Pub. Act 13-155 § 1(b)(1))" in text
    assert "some conviction has level felony" in text
    assert "convictions[0].level is felony" in text
    # the base rule is set aside, not ignored
    assert (
        "(b) (Conn. Pub. Act 13-155 § 1(b)) (hold prohibited) applies too, but a provision " in text
    )
    # why the other exceptions did not apply, with the facts
    assert "(b)(5) (Conn. Pub. Act 13-155 § 1(b)(5)) (hold permitted) does not apply" in text
    assert "person.terrorist_watchlist_match is false" in text
    assert (
        "Notification (telling the immigration authority the release date and time): required"
        in text
    )
    assert "Decided by (c) (Conn. Pub. Act 13-155 § 1(c))" in text
    assert "Transfer (handing the person over to the immigration authority): permitted" in text
    assert "The law is silent: This law says nothing about transfer" in text
    assert (
        "Time limit: a hold may last at most 48 hours, not counting Saturdays, Sundays and "
        "federal holidays (holidays on their calendar dates) (Conn. Pub. Act 13-155 § 1(c))."
    ) in text
    assert 'duty "notify-ice-of-decision"' in text
    assert "Still unknown" not in text
    assert (
        "Whom the law binds: under (a)(4) (Conn. Pub. Act 13-155 § 1(a)(4)) it binds "
        "this agency (municipal_police)."
    ) in text


def test_a_bare_detainer_explains_the_prohibition(ct: ir.Program) -> None:
    case = example_case()
    case.update(warrants=[], charges=[], convictions=[])
    text = explain(decide(ct, case))
    assert "Hold (keeping the person past release): prohibited" in text
    assert "Decided by (b) (Conn. Pub. Act 13-155 § 1(b))" in text
    assert "It applies in every case (hold prohibited)." in text
    assert (
        "(b)(1) (Conn. Pub. Act 13-155 § 1(b)(1)) (hold permitted) does not apply: it requires "
        "that some conviction has level felony"
    ) in text
    assert "which is not so here: convictions is empty." in text
    assert "Time limit: none, because no hold may happen." in text


def test_an_undetermined_hold_names_the_unknown_facts(ct: ir.Program) -> None:
    case = example_case()
    case["person"]["us_citizen"] = False  # known: the bond alone is open
    case.update(warrants=[], convictions=[], charges=[{"court": "this_state", "level": "felony",
                                                      "released_on_promise_to_appear": False}])
    decision = decide(ct, case)
    assert decision.outcomes["hold"] == "undetermined"
    text = explain(decision)
    assert "Hold (keeping the person past release): undetermined" in text
    assert "The facts given do not settle it; it depends on: charges[0].bond_posted." in text
    assert "(b)(2) (Conn. Pub. Act 13-155 § 1(b)(2)) would make it permitted if some charge" in text
    assert "Otherwise:" in text
    assert "Still unknown (give these facts to settle the open points):" in text
    assert "  - hold: charges[0].bond_posted" in text


def test_an_agency_outside_the_law(ct: ir.Program) -> None:
    text = explain(decide(ct, {"agency": "probation"}))
    assert "it does not bind this agency (probation), so it leaves every action permitted" in text
    assert "Decided by (a)(4) (Conn. Pub. Act 13-155 § 1(a)(4))" in text
    assert "Because agency is probation." in text
    assert "Duties: none apply in this case." in text
    assert "Time limit: this law sets none for a hold in this case." in text


def test_without_a_trace_the_interpreter_is_rerun(ct: ir.Program) -> None:
    decision = decide(ct, example_case())
    untraced = Decision(decision.program, decision.case, decision.evaluation._replace(trace=None))
    assert untraced.evaluation.trace is None
    assert explain(untraced) == explain(decision)
    assert decision.explain() == explain(decision)


def test_an_explanation_never_shows_python_reprs(ct: ir.Program) -> None:
    case = example_case()
    case["charges"] = [{"court": "this_state"}]
    text = explain(decide(ct, case))
    for leak in ("datetime.date", "None", "True", "False", "Const(", "Fact(", "{'"):
        assert leak not in text, leak


# ---- a small law built by hand ----------------------------------------------------------------

GANG = ir.Fact(("person", "gang_database"), ir.BOOL)


def program(
    *rules: ir.Rule, duties: tuple[ir.Duty, ...] = (), limits: tuple[ir.Limit, ...] = ()
) -> ir.Program:
    return ir.Program(
        meta=ir.StatuteMeta("test/act", "Test Act", "test", "Test Act § 1", "proposed"),
        rules=rules,
        duties=duties,
        limits=limits,
        provisions=(),
        definitions=(),
        examples=(),
        invariants=(),
        notes=(),
        digest="sha256:test",
    )


def test_open_duties_and_an_open_limit_are_explained() -> None:
    prog = program(
        ir.Rule(
            "(a):hold",
            "(a)",
            "hold",
            "permitted",
            ir.TRUE,
            0,
            "Test Act § 1(a)",
            "Holds are allowed.",
        ),
        duties=(ir.Duty("warn", "Warn the person.", "(d)", "Test Act § 1(d)", GANG),),
        limits=(
            ir.Limit("hold", 48, (), "actual", "(c)", "Test Act § 1(c)", ir.TRUE),
            ir.Limit("hold", 24, ("saturday",), "actual", "(e)", "Test Act § 1(e)", GANG),
        ),
    )
    data: dict[str, Any] = {"person": {}}
    text = explain(build_decision(prog, evaluate(prog, data), data))
    assert "Law: Test Act § 1 (status: proposed)" in text
    assert (
        "Time limit: a hold may last at most 24 hours, not counting Saturdays (Test Act § 1(e))."
        in text
    )
    assert "  The limit may change once these are known: person.gang_database." in text
    assert "Duties: none applies for certain in this case." in text
    assert (
        '  - May apply: Warn the person. (Test Act § 1(d); duty "warn"), '
        "depending on person.gang_database."
    ) in text
    assert '  - the duty "warn": person.gang_database' in text
    assert "  - the time limit: person.gang_database" in text
    assert (
        "Interview (letting immigration officers interview the person in custody): permitted"
        in text
    )


def test_a_rule_that_cannot_change_the_result_is_said_so() -> None:
    prog = program(
        ir.Rule(
            "(a):transfer",
            "(a)",
            "transfer",
            "permitted",
            ir.TRUE,
            0,
            "Test Act § 1(a)",
            "Transfers are allowed.",
        ),
        ir.Rule(
            "(b):transfer",
            "(b)",
            "transfer",
            "permitted",
            GANG,
            1,
            "Test Act § 1(b)",
            "Gang members too.",
        ),
    )
    data: dict[str, Any] = {}
    text = explain(build_decision(prog, evaluate(prog, data), data))
    assert (
        "(b) (Test Act § 1(b)) (transfer permitted) may apply if person.gang_database is true, "
        "but that cannot change the result (person.gang_database not given)."
    ) in text


def test_a_condition_reads_in_the_vocabularys_words(ct: ir.Program) -> None:
    text = explain(decide(ct, known_case()))
    # the exact fact follows; the condition itself is in words a lawyer reads
    assert ("(b)(5) (Conn. Pub. Act 13-155 § 1(b)(5)) (hold permitted) does not apply: it "
            "requires that the person is a possible match on a terrorist watchlist, which is "
            "not so here: person.terrorist_watchlist_match is false.") in text
    assert "some conviction has level felony, still stands," in text


def test_a_missing_record_is_explained_by_the_fields_it_would_hold() -> None:
    """With no `person` at all, each "not known here" said "(person)" while `depends_on`
    named the fields: both name the fields now, as docs/semantics.md promises."""
    import re

    import trustlaw

    case = {"date": "2015-03-02", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247A"},
            "warrants": [], "charges": [], "convictions": []}
    decision = trustlaw.load("ct/pa-13-155").decide(case)
    text = decision.explain()
    named = {fact for group in re.findall(r"not known here \(([^)]*)\)", text)
             for fact in group.split(", ")}
    assert named and "person" not in named
    assert named <= set(decision.depends_on["hold"])
    assert "person.final_removal_order" in named


def test_a_duty_restating_a_longer_limit_is_read_with_the_time_limit() -> None:
    """CT 2013's duties speak of 48 hours not counting weekends; on Form I-247A the hold
    ends after 48 clock hours, and the explanation said nothing of the difference."""
    import trustlaw

    statute = trustlaw.load("ct/pa-13-155")
    case = {"date": "2015-09-04", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247A"},
            "person": {"final_removal_order": True}}
    text = statute.decide(case).explain()
    assert "release-after-48-hours" in text
    assert "is read with the time limit above" in text
    old_form = {**case, "request": {"kinds": ["hold"], "form": "I-247"}}
    assert "is read with the time limit above" not in statute.decide(old_form).explain()


def test_a_time_limit_from_a_secondary_source_is_warned_of() -> None:
    """Santa Clara's 24 hours come from a provision marked S; the decision warned of the
    hold's source but not of the limit's."""
    import trustlaw

    case = {"date": "2012-03-02", "agency": "county_jail", "reimbursement_agreement": True,
            "request": {"kinds": ["hold"]}, "person": {"age": 30},
            "convictions": [{"date": "2008-01-01", "level": "felony", "court": "this_state",
                             "vacated": False, "youthful_offender": False,
                             "tags": ["homicide"]}]}
    decision = trustlaw.load("santa-clara/policy-3-54").decide(case)
    assert decision.max_hold is not None and decision.max_hold.hours == 24
    assert {"code": "secondary-source", "message": (
        "Provision 3.54(d) (Santa Clara County Board Policy 3.54), which sets the time limit, "
        "rests on a secondary source.")} in decision.warnings
    assert "which sets the time limit, rests on a secondary source" in decision.explain()


def test_an_observed_reading_says_holidays_count_on_both_days() -> None:
    """It said "holidays on the weekdays they are observed", but the clock leaves out the
    holiday's own date and the weekday it is observed on."""
    from trustlaw.decisions.explain import hold_limit_text

    words = hold_limit_text(48, ("saturday", "sunday", "federal_holiday"), "observed")
    assert "(holidays on their dates and on the weekdays they are observed)" in words
