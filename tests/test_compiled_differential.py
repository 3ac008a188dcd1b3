"""The compiled Python backend against the interpreter (the oracle), on every bundled statute.

Hypothesis draws well-formed cases (unknown facts included, and for each rule a
solver-found case where that rule decides, varied); the compiled `evaluate` must give
the interpreter's `Evaluation` exactly (trace aside: outcomes, grounds ids, open rules,
duties, limits, in the same order) and `outcomes` its four outcomes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustlaw import cases, checker, ir
from trustlaw.backends import interp
from trustlaw.backends.python import compile_program
from trustlaw.decisions.decision import build_decision
from trustlaw.diagnostics import StatuteError
from trustlaw.lowering.files import default_vocabulary
from trustlaw.testing.strategies import cases_for

ROOT = Path(__file__).resolve().parent.parent
STATUTE_FILES = sorted(p for p in (ROOT / "statutes").rglob("*.law") if "vocabulary" not in p.parts)
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _program(path: Path) -> ir.Program:
    try:
        return checker.compile_file(path)
    except StatuteError as error:  # every bundled statute compiles: a failure, not a skip
        pytest.fail(f"{path.relative_to(ROOT)} does not compile: {error.diagnostics[0].code}",
                    pytrace=False)


def _agree(program: ir.Program, raw: dict[str, Any]) -> None:
    data = cases.validate(raw, default_vocabulary())
    expected = interp.evaluate(program, data)
    compiled = compile_program(program)
    got = compiled.evaluate(data)
    assert got.trace is None
    assert got == expected, f"case {raw!r}"
    # Evaluation equality compares mappings; the order of every id tuple matters too
    assert tuple(got.outcomes.items()) == tuple(expected.outcomes.items())
    assert dict(got.deciding) == dict(expected.deciding)
    assert compiled.outcomes(data) == dict(expected.outcomes)
    assert build_decision(program, got, data) == build_decision(program, expected, data)


def test_there_are_bundled_statutes_to_compare() -> None:
    assert len(STATUTE_FILES) >= 2
    assert ROOT / "statutes" / "ct" / "pa-13-155.law" in STATUTE_FILES


@pytest.mark.parametrize("path", STATUTE_FILES, ids=lambda p: str(p.relative_to(ROOT / "statutes")))
def test_compiled_equals_interpreter(path: Path) -> None:
    program = _program(path)

    @SETTINGS
    @given(cases_for(program))
    def check_case(raw: dict[str, Any]) -> None:
        _agree(program, raw)

    check_case()


@pytest.mark.parametrize("path", STATUTE_FILES, ids=lambda p: str(p.relative_to(ROOT / "statutes")))
def test_compiled_equals_interpreter_with_many_unknowns(path: Path) -> None:
    """Half the facts unknown: undetermined outcomes, open rules, open duties and limits."""
    program = _program(path)

    @settings(SETTINGS, max_examples=60)
    @given(cases_for(program, unknown_rate=0.5))
    def check_case(raw: dict[str, Any]) -> None:
        _agree(program, raw)

    check_case()


@pytest.mark.parametrize("path", STATUTE_FILES, ids=lambda p: str(p.relative_to(ROOT / "statutes")))
def test_compiled_equals_interpreter_on_the_statutes_examples(path: Path) -> None:
    program = _program(path)
    for example in program.examples:
        _agree(program, dict(example.case))


@pytest.mark.slow
def test_ct_cases_reach_every_kind_of_outcome() -> None:
    """The strategy is not vacuous for the fixture statute: cases hit permitted,
    prohibited and undetermined holds, and the compiled backend agrees on each."""
    program = _program(ROOT / "statutes" / "ct" / "pa-13-155.law")
    seen: set[str] = set()

    @settings(SETTINGS, max_examples=200)
    @given(st.data())
    def check_case(data: st.DataObject) -> None:
        raw = data.draw(
            st.one_of(cases_for(program, unknown_rate=0.0), cases_for(program, unknown_rate=0.3))
        )
        _agree(program, raw)
        validated = cases.validate(raw, default_vocabulary())
        seen.add(compile_program(program).outcomes(validated)["hold"])

    check_case()
    assert {"permitted", "prohibited", "undetermined"} <= seen
