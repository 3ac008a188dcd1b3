"""`cases.fused`: one generated function validating a case and evaluating it, as the
fast validator followed by the compiled backend's `evaluate_fields` would."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw import ir
from trustlaw.backends.python import compile_program
from trustlaw.cases.fastpath import _FastBuilder, _NoFastPath
from trustlaw.cases.fused import _FusedBuilder, build_fused
from trustlaw.cases.validation import _BAD, _DURATION, example_case, fast_validator, validate
from trustlaw.diagnostics import CaseError
from trustlaw.testing.strategies import cases

STATUTES = tuple(trustlaw.available())
CT = trustlaw.load("ct/pa-13-155")


def _run(function: Any, case: Any) -> Any:
    try:
        return function(case)
    except Exception:  # counts as declining: the detailed path runs
        return None


def test_every_bundled_statute_has_a_fused_function() -> None:
    for statute_id in STATUTES:
        statute = trustlaw.load(statute_id)
        assert build_fused(statute.vocabulary, statute.program) is not None, statute_id


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), index=st.integers(0, len(STATUTES) - 1))
def test_the_fused_function_is_the_validator_then_the_compiled_evaluation(
    case: dict[str, Any], index: int
) -> None:
    statute = trustlaw.load(STATUTES[index])
    fused = build_fused(statute.vocabulary, statute.program)
    assert fused is not None
    got = _run(fused, case)
    data = _run(fast_validator(statute.vocabulary), case)
    assert (got is None) == (data is None)
    if got is not None:
        assert got[0] == data == validate(case, statute.vocabulary)
        fields = compile_program(statute.program).evaluate_fields(got[0])
        assert type(got[1]) is tuple and got[1] == fields


def test_the_fused_function_declines_what_the_detailed_path_refuses() -> None:
    fused = build_fused(CT.vocabulary, CT.program)
    assert fused is not None
    case = example_case()
    assert _run(fused, case) is not None
    assert _run(fused, {**case, "id": "booking-7"}) is None  # the full path keeps the id
    class Agency(str):
        pass

    class Age(int):
        pass

    for bad in ({"agency": 5}, {"date": "2015-02-30"}, {"person": {"age": True}},
                {"zzz": 1}, {"request": {"kinds": {"hold"}}}, {"agency": "municipal_police",
                "charges": [{"level": "misdemeanor", "felony_class": "A"}]},
                {"agency": Agency("state_police")}, {"person": {"age": Age(30)}},
                {"convictions": [{"level": Agency("felony")}]}, {"warrants": [{"kind": 1}]}):
        with pytest.raises(CaseError):
            validate(bad, CT.vocabulary)
        assert _run(fused, bad) is None
        with pytest.raises(CaseError):
            CT.decide(bad)


def test_the_quantifiers_over_a_list_are_accumulated_in_its_check() -> None:
    builder = _FusedBuilder(CT.vocabulary, CT.program)
    builder.module()
    sources = {q.source.path for q in builder.accumulated if isinstance(q.source, ir.Fact)}
    assert sources == {("convictions",), ("charges",), ("warrants",)}


def test_a_fact_held_in_no_local_is_refused() -> None:
    builder = _FastBuilder(CT.vocabulary, _DURATION.accept, _BAD)
    builder.module()
    assert builder.checked(("agency",)) and builder.checked(("person", "gang_database"))
    for path in (("person", "nothing"), ("nothing",), ("person", "age", "more")):
        with pytest.raises(_NoFastPath):
            builder.checked(path)


def test_a_program_the_generator_cannot_fuse_decides_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trustlaw.library.statute as statute_module

    refused: list[ir.Program] = []

    def refuse(vocab: ir.Vocabulary, program: ir.Program, **options: Any) -> None:
        refused.append(program)

    case = example_case()
    expected = CT.decide(case).to_json()
    monkeypatch.setattr(statute_module, "build_fused", refuse)
    statute = trustlaw.Statute(CT.program, CT.vocabulary)
    assert statute.decide(case).to_json() == expected
    assert refused == [CT.program] and statute._fused is not None  # the stand-in was made
    with pytest.raises(CaseError):
        statute.decide({"agency": 5})


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), index=st.integers(0, len(STATUTES) - 1))
def test_the_compact_fused_function_gives_the_same_fields_with_tuples_by_outcome(
    case: dict[str, Any], index: int
) -> None:
    statute = trustlaw.load(STATUTES[index])
    fused = build_fused(statute.vocabulary, statute.program)
    compact = build_fused(statute.vocabulary, statute.program, compact=True)
    assert fused is not None and compact is not None
    got, expected = _run(compact, case), _run(fused, case)
    assert (got is None) == (expected is None)
    if got is not None:
        assert got[0] == expected[0]
        outcomes, deciding, *rest = got[1]
        assert type(outcomes) is tuple and type(deciding) is tuple
        assert dict(zip(ir.OUTCOMES, outcomes, strict=True)) == expected[1][0]
        assert dict(zip(ir.OUTCOMES, deciding, strict=True)) == expected[1][1]
        assert tuple(rest) == expected[1][2:]
        # the decision made of either is the same, and so is its Evaluation
        made = statute.decide(case)
        assert made.grounds == statute.decide(case, backend="interpreter").grounds
        assert made.evaluation == compile_program(statute.program).evaluate(got[0])
        assert list(made.outcomes) == list(ir.OUTCOMES)
        # a copy of the evaluation's, which the decision keeps to itself
        assert made.outcomes == made.evaluation.outcomes
        assert made.outcomes is not made.evaluation.outcomes
