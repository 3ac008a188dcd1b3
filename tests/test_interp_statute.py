"""The interpreter on the real Connecticut TRUST Act (statutes/ct/pa-13-155.law)."""

from __future__ import annotations

from typing import Any

import pytest
from example_cases import known_case
from hypothesis import HealthCheck, given, settings

from trustlaw import ir
from trustlaw.backends.interp import evaluate
from trustlaw.cases.validation import example_case, validate
from trustlaw.checker import compile_file
from trustlaw.decisions.decision import Decision, build_decision
from trustlaw.library.statute import Statute
from trustlaw.lowering.files import default_vocabulary, statutes_root
from trustlaw.testing.runner import run_statute
from trustlaw.testing.strategies import cases


@pytest.fixture(scope="module")
def ct() -> ir.Program:
    return compile_file(str(statutes_root() / "ct" / "pa-13-155.law"))


def decide(program: ir.Program, case: dict[str, Any]) -> Decision:
    data = validate(case, default_vocabulary())
    return build_decision(program, evaluate(program, data), data)



def test_the_example_case_of_cases_md(ct: ir.Program) -> None:
    decision = decide(ct, known_case())
    out = decision.to_dict()
    assert out["statute"] == "ct/pa-13-155"
    assert out["outcomes"] == {
        "hold": "permitted",
        "notification": "required",
        "transfer": "permitted",
        "interview": "permitted",
    }
    assert out["max_hold"]["hours"] == 48
    assert out["max_hold"]["excluding"] == ["saturday", "sunday", "federal_holiday"]
    assert [d["id"] for d in out["duties"]] == [
        "notify-ice-of-decision", "tell-ice-of-48-hour-limit", "release-after-48-hours"]
    assert {"citation": "Conn. Pub. Act 13-155 § 1(b)(1)"}.items() <= out["grounds"]["hold"][
        0
    ].items()
    assert out["depends_on"] == {}
    assert decision.evaluation.trace is not None
    assert set(decision.evaluation.trace) == {r.id for r in ct.rules}


def test_every_example_in_the_statute_file_holds_under_the_interpreter(ct: ir.Program) -> None:
    results = run_statute(Statute(ct, default_vocabulary()))
    assert results, "the statute file has examples"
    failures = [(r.name, r.mismatches, r.error) for r in results if not r.passed]
    assert failures == []


def test_an_unknown_bond_leaves_the_hold_undetermined(ct: ir.Program) -> None:
    case = example_case()
    case["person"]["us_citizen"] = False  # known: the bond alone is open
    case.update(warrants=[], convictions=[], charges=[{"court": "this_state", "level": "felony",
                                                      "released_on_promise_to_appear": False}])
    decision = decide(ct, case)
    assert decision.outcomes["hold"] == "undetermined"
    assert decision.depends_on["hold"] == ("charges[0].bond_posted",)
    provisions = {r.id: r.provision for r in ct.rules}
    assert [provisions[i] for i in decision.evaluation.open_rules["hold"]] == ["(b)(2)"]
    case["charges"][0]["bond_posted"] = False
    assert decide(ct, case).outcomes["hold"] == "permitted"
    case["charges"][0]["bond_posted"] = True
    assert decide(ct, case).outcomes["hold"] == "prohibited"


def test_an_agency_the_act_does_not_bind(ct: ir.Program) -> None:
    case = example_case()
    case["agency"] = "probation"  # adult probation: bound only from 2019
    decision = decide(ct, case)
    assert decision.outcomes == dict.fromkeys(ir.OUTCOMES, "permitted")
    assert all(g[0].provision == "(a)(4)" for g in decision.grounds.values())
    assert decision.duties == ()
    assert decision.max_hold is None


def test_a_county_jail_or_sheriff_in_connecticut_is_bound(ct: ir.Program) -> None:
    """Connecticut has neither: a case naming one names the Department of Correction or a
    marshal wrongly, and the Act decides it as it decides theirs."""
    case = example_case()
    case["agency"] = "state_corrections"
    bound = decide(ct, case).outcomes
    for agency in ("county_jail", "county_sheriff"):
        case["agency"] = agency
        decision = decide(ct, case)
        assert decision.outcomes == bound
        assert all(g.provision != "(a)(4)" for gs in decision.grounds.values() for g in gs)


def test_a_known_citizen_held_on_the_acts_test_is_warned_of(ct: ir.Program) -> None:
    """The Act says nothing of citizens: its test decides, and a hold it permits of a
    person recorded as a citizen carries a warning (the federal request gives no ground)."""
    case = example_case()  # a felony conviction: (b)(1) permits the hold
    assert "citizen" not in [w["code"] for w in decide(ct, case).warnings]
    case["person"]["us_citizen"] = True
    decision = decide(ct, case)
    assert decision.outcomes["hold"] == "permitted"
    assert next(w["code"] for w in decision.warnings) == "citizen"


def test_an_unknown_agency_leaves_open_only_what_the_act_decides(ct: ir.Program) -> None:
    case = example_case()
    del case["agency"]
    decision = decide(ct, case)
    assert decision.outcomes["notification"] == "undetermined"
    assert decision.depends_on["notification"] == ("agency",)
    assert decision.outcomes["hold"] == "permitted"  # permitted whether bound or not
    assert decision.outcomes["transfer"] == "permitted"


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_compiled_backend_agrees_with_the_interpreter(case: dict[str, Any]) -> None:
    program = _program()
    data = validate(case, default_vocabulary())
    compiled = Statute(program, default_vocabulary()).compiled()
    assert compiled.evaluate(data) == evaluate(program, data)


_CACHE: dict[str, ir.Program] = {}


def _program() -> ir.Program:
    if "ct" not in _CACHE:
        _CACHE["ct"] = compile_file(str(statutes_root() / "ct" / "pa-13-155.law"))
    return _CACHE["ct"]
