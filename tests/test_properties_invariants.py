"""Every bundled statute's invariants, sampled: Hypothesis draws cases (solver-seeded so
the assumption holds and every provision is reached) and the interpreter must agree
with what the statute file claims. A second, independent look at what the prover says."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.analysis.invariants import derive, property_for, satisfied
from trustlaw.backends import interp
from trustlaw.cases.validation import validate
from trustlaw.decisions.decision import build_decision
from trustlaw.diagnostics import CaseError
from trustlaw.library import loader
from trustlaw.library.statute import Statute
from trustlaw.testing.strategies import cases_for, cases_where, list_elements


def _claimed() -> list[tuple[str, str]]:
    """(statute id, invariant name) for every invariant a statute claims to hold."""
    out = []
    for statute_id in loader.available():
        for invariant in loader.load(statute_id).program.invariants:
            if not invariant.expect_violated:
                out.append((statute_id, invariant.name))
    return out


def _trivial(expr: ir.Expr) -> bool:
    return expr == ir.TRUE or (isinstance(expr, ir.And) and not expr.operands)


def _decide(statute: Statute, case: dict[str, Any]) -> Any:
    data = validate(case, statute.vocabulary)
    return build_decision(statute.program, interp.evaluate(statute.program, data), data)


@pytest.mark.parametrize(("statute_id", "name"), _claimed())
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_claimed_invariants_hold_on_sampled_cases(statute_id: str, name: str, data: Any) -> None:
    statute = loader.load(statute_id)
    program, vocab = statute.program, statute.vocabulary
    invariant = next(i for i in program.invariants if i.name == name)
    prop = property_for(invariant, program, vocab)
    if _trivial(prop.assume):
        first = data.draw(cases_for(program, vocab), label="case")
    else:
        first = data.draw(cases_where(prop.assume, vocab), label="case")
    assert interp.eval_expr(prop.assume, validate(first, vocab)) is True
    decisions = [_decide(statute, first)]
    relation = prop.relation
    if relation is not None and relation.kind == "append":
        name = data.draw(st.sampled_from(relation.lists), label="list")
        first = {**first, name: first.get(name) or []}
        decisions = [_decide(statute, first)]
        age = (first.get("person") or {}).get("age")
        extra = data.draw(list_elements(name, vocab, case_date=first.get("date"),
                                        person_age=age), label="added")
        second = derive(prop, first, extra, name)
    elif relation is not None:
        second = derive(prop, first)
    if relation is not None:
        assert second is not None
        try:
            decisions.append(_decide(statute, second))
        except CaseError:
            assume(False)  # the added element broke a constraint of the case
    assert satisfied(prop, decisions), (first, [d.to_dict() for d in decisions])
