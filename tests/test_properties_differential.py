"""Differential tests: the interpreter (the oracle), the compiled Python backend and the
SMT encoding decide every case alike, unknown facts included; and whatever a solver
model claims about a case, the interpreter says of the model's case."""

from __future__ import annotations

from typing import Any

import pytest
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_smt_helpers import ALL, VOCAB, within_like

from trustlaw import ir
from trustlaw.backends import interp, smt
from trustlaw.backends.python import compile_program
from trustlaw.cases.validation import validate
from trustlaw.decisions.decision import build_decision
from trustlaw.library import loader
from trustlaw.testing.strategies import cases, cases_for


def _programs() -> list[tuple[str, ir.Program, ir.Vocabulary]]:
    out = [(make.__name__, make(), VOCAB) for make in ALL]
    for statute_id in loader.available():
        statute = loader.load(statute_id)
        out.append((statute_id, statute.program, statute.vocabulary))
    return out


PROGRAMS = _programs()


def _agree(program: ir.Program, vocab: ir.Vocabulary, case: dict[str, Any]) -> None:
    data = validate(case, vocab)
    oracle = interp.evaluate(program, data)
    assert compile_program(program).evaluate(data) == oracle
    claimed = smt.evaluate_case(program, case, vocab)
    _same(program, oracle, claimed, data)


def _same(program: ir.Program, oracle: Any, claimed: smt.SmtEvaluation, data: Any) -> None:
    assert dict(claimed.outcomes) == dict(oracle.outcomes)
    for outcome, result in oracle.outcomes.items():
        if result != "undetermined":
            assert claimed.deciding[outcome] == oracle.deciding[outcome], outcome
    assert claimed.duties == oracle.duties
    assert claimed.open_duties == oracle.open_duties
    decision = build_decision(program, oracle, data)
    if claimed.max_hold is None:
        assert decision.max_hold is None
    else:
        limit = program.limits[claimed.max_hold]
        assert decision.max_hold is not None
        assert (
            decision.max_hold.hours,
            decision.max_hold.excluding,
            decision.max_hold.citation,
        ) == (
            limit.hours,
            limit.excluding,
            limit.citation,
        )


@pytest.mark.parametrize(("name", "program", "vocab"), PROGRAMS, ids=[p[0] for p in PROGRAMS])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_three_backends_decide_alike(
    name: str, program: ir.Program, vocab: ir.Vocabulary, data: Any
) -> None:
    case = data.draw(cases_for(program, vocab, unknown_rate=0.2), label="case")
    _agree(program, vocab, case)


@pytest.mark.parametrize(("name", "program", "vocab"), PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_solver_models_mean_what_the_encoding_claims(
    name: str, program: ir.Program, vocab: ir.Vocabulary
) -> None:
    """For every outcome and result the encoding can reach, the model's case, decided
    by the interpreter, has that result (and everything else the encoding claims)."""
    case = smt.declare_case(vocab, 3, prefix="diff.")
    terms = smt.encode_program(program, case)
    solver = smt.solver_with(smt.well_formed(case), 20_000)
    reached = 0
    for outcome in ir.OUTCOMES:
        for result in ir.RESULTS:
            if solver.check(terms.outcomes[outcome][result]) != z3.sat:
                continue
            model = solver.model()
            claimed = smt.read_evaluation(model, program, terms)
            assert claimed.outcomes[outcome] == result
            found = smt.case_from_model(model, case)
            data = validate(found, vocab)
            _same(program, interp.evaluate(program, data), claimed, data)
            reached += 1
    assert reached >= len(ir.OUTCOMES)  # at least one result per outcome


@settings(max_examples=60, deadline=None)
@given(cases(unknown_rate=0.3))
def test_random_cases_on_date_windows(case: dict[str, Any]) -> None:
    # plain random cases (not solver-seeded) on the program that shifts dates
    _agree(within_like(), VOCAB, case)
