"""`solver_diagnostics` for `trustlaw check`: dead provisions, conflicts and gaps."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_smt_helpers import VOCAB, const, ct_like, fact, program, rule

from trustlaw import ir
from trustlaw.analysis.verification import solver_diagnostics
from trustlaw.backends import interp
from trustlaw.cases.validation import validate
from trustlaw.diagnostics import Span
from trustlaw.library import loader


def _at(line: int) -> Span:
    return Span("statutes/x/y.law", line, 3, line, 20)


def _rule(rid: str, modality: str, condition: ir.Expr, priority: int, line: int) -> ir.Rule:
    r = rule(rid, "hold", modality, condition, priority)
    return ir.Rule(
        r.id,
        r.provision,
        r.outcome,
        r.modality,
        r.condition,
        r.priority,
        r.citation,
        r.text,
        r.kind,
        span=_at(line),
    )


def _example(help_text: str | None) -> dict[str, Any]:
    assert help_text is not None
    case = json.loads(help_text[help_text.index("{") :])
    assert isinstance(case, dict)
    return case


REIMBURSED = fact("reimbursement_agreement")
GANG = fact("person", "gang_database")
UNDER_ZERO = ir.Compare("<", fact("person", "age"), const(0, ir.INT))


def test_a_condition_no_case_can_meet_is_a_dead_provision() -> None:
    prog = program(
        "x/dead",
        [_rule("(a)", "prohibited", ir.TRUE, 0, 3), _rule("(b)", "permitted", UNDER_ZERO, 1, 7)],
    )
    found = solver_diagnostics(prog, VOCAB)
    assert [(d.code, d.severity, d.span) for d in found] == [("TL-V001", "warning", _at(7))]
    assert "(b) can never make `hold` permitted" in found[0].message


def test_two_rules_at_one_rank_that_can_both_apply_conflict() -> None:
    prog = program(
        "x/conflict",
        [_rule("(a)", "permitted", REIMBURSED, 0, 3), _rule("(b)", "prohibited", GANG, 0, 7)],
    )
    found = [d for d in solver_diagnostics(prog, VOCAB) if d.code == "TL-V002"]
    assert len(found) == 1
    diagnostic = found[0]
    assert diagnostic.severity == "error" and diagnostic.span == _at(3)
    assert "(a) makes `hold` permitted and (b) makes it prohibited" in diagnostic.message
    case = _example(diagnostic.help)
    data = validate(case, VOCAB)
    assert interp.eval_expr(REIMBURSED, data) is True and interp.eval_expr(GANG, data) is True
    assert case == {"reimbursement_agreement": True, "person": {"gang_database": True}}


def test_rules_that_exclude_each_other_do_not_conflict() -> None:
    not_reimbursed = ir.Not(REIMBURSED)
    prog = program(
        "x/fine",
        [
            _rule("(a)", "permitted", REIMBURSED, 0, 3),
            _rule("(b)", "prohibited", not_reimbursed, 0, 7),
        ],
    )
    assert solver_diagnostics(prog, VOCAB) == []


def test_an_outcome_some_cases_escape_is_a_gap() -> None:
    prog = program("x/gap", [_rule("(a)", "permitted", REIMBURSED, 0, 3)])
    found = solver_diagnostics(prog, VOCAB)
    assert [(d.code, d.severity, d.span) for d in found] == [("TL-V003", "warning", _at(3))]
    case = _example(found[0].help)
    assert case == {"reimbursement_agreement": False}
    # the law is silent there: the baseline permits
    data = validate(case, VOCAB)
    assert interp.evaluate(prog, data).deciding["hold"] == ()


def test_outcomes_only_scope_rules_decide_are_not_gaps() -> None:
    # ct_like says nothing of transfer except through its scope: no gap reported, and
    # its hold and notification rules cover every case it binds
    assert solver_diagnostics(ct_like(), VOCAB) == []


@pytest.mark.parametrize("statute_id", loader.available())
def test_bundled_statutes_have_no_dead_provisions_or_conflicts(statute_id: str) -> None:
    statute = loader.load(statute_id)
    found = solver_diagnostics(statute.program, statute.vocabulary)
    assert [d.render() for d in found if d.code in ("TL-V001", "TL-V002")] == []
    for diagnostic in found:
        assert diagnostic.span is not None and diagnostic.help
