"""`Statute.decide`'s fast path: the vocabulary's fast validator called directly, the
compiled backend's evaluation fields, a decision made without the class call; each
gives exactly what the general path gives."""

from __future__ import annotations

from typing import Any

import pytest
from containers import containers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.backends.evaluation import Evaluation
from trustlaw.backends.python import compile_program
from trustlaw.cases.validation import _validator, example_case, fast_validator, validate
from trustlaw.decisions.decision import Decision, assembly_of, make_decision
from trustlaw.diagnostics import CaseError
from trustlaw.testing.strategies import cases

STATUTES = tuple(trustlaw.available())
CT = trustlaw.load("ct/pa-13-155")


def _slots(decision: Decision) -> dict[str, Any]:
    return {name: getattr(decision, name) for name in Decision.__slots__}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), index=st.integers(0, len(STATUTES) - 1))
def test_evaluation_fields_are_the_evaluation_as_a_plain_tuple(
    case: dict[str, Any], index: int
) -> None:
    statute = trustlaw.load(STATUTES[index])
    compiled = compile_program(statute.program)
    data = statute.validate(case)
    fields = compiled.evaluate_fields(data)
    assert type(fields) is tuple
    assert fields == tuple(compiled.evaluate(data))
    assert Evaluation(*fields) == compiled.evaluate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), index=st.integers(0, len(STATUTES) - 1))
def test_decide_equals_a_decision_built_from_the_evaluation(
    case: dict[str, Any], index: int
) -> None:
    statute = trustlaw.load(STATUTES[index])
    data = validate(case, statute.vocabulary)
    evaluation = compile_program(statute.program).evaluate(data)
    expected = Decision(statute.program, data, evaluation, with_request=True)
    decided = statute.decide(case)
    assert decided.to_json() == expected.to_json()
    assert decided.to_json_line() == expected.to_json_line()
    assert decided.explain() == statute.decide(case, backend="interpreter").explain()
    assert type(decided.evaluation) is Evaluation and decided.evaluation == evaluation
    assert decided.case == data


def test_make_decision_sets_every_slot_as_the_constructor_does() -> None:
    data = validate(example_case(), CT.vocabulary)
    evaluation = compile_program(CT.program).evaluate(data)
    made = make_decision(CT.program, data, evaluation, True, assembly_of(CT.program))
    built = Decision(CT.program, data, evaluation, with_request=True)
    assert _slots(made) == _slots(built)
    # from the plain fields: the Evaluation is made on first read, and kept
    plain = make_decision(CT.program, data, tuple(evaluation), False, assembly_of(CT.program))
    assert plain.outcomes == evaluation.outcomes and plain.grounds == built.grounds
    assert plain.duties == built.duties
    assert type(plain.evaluation) is Evaluation and plain.evaluation == evaluation
    assert plain.evaluation is plain.evaluation
    assert plain.to_dict() == Decision(CT.program, data, evaluation).to_dict()


def test_the_fast_validator_takes_only_what_validate_takes_the_same_way() -> None:
    fast = fast_validator(CT.vocabulary)
    case = example_case()
    assert fast(case) == validate(case, CT.vocabulary)
    # an id is the full path's to check and keep; a problem is the detailed path's to name
    assert fast({**case, "id": "booking-7"}) is None
    assert CT.decide({**case, "id": "booking-7"}).case_id == "booking-7"
    for bad in ({"agency": 5}, {"date": "2015-02-30"}, {"person": {"age": True}},
                {"zzz": 1}, {"request": {"kinds": {"hold"}}}):
        with pytest.raises(CaseError):
            validate(bad, CT.vocabulary)
        try:
            taken = fast(bad)
        except Exception:  # the detailed path then runs
            taken = None
        assert taken is None
        with pytest.raises(CaseError):
            CT.decide(bad)


def test_a_vocabulary_without_a_fast_path_decides_through_the_detailed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checker = _validator(CT.vocabulary)
    monkeypatch.setattr(checker, "fast", None)
    statute = trustlaw.Statute(CT.program, CT.vocabulary)
    case = example_case()
    assert statute.decide(case).to_json() == CT.decide(case).to_json()
    with pytest.raises(CaseError):
        statute.decide({"agency": 5})


def test_a_case_object_and_a_dict_subclass_decide_as_the_plain_dict() -> None:
    case = example_case()
    expected = CT.decide(case).to_json()

    class Facts(dict[str, Any]):
        pass

    assert CT.decide(trustlaw.validate(case)).to_json() == expected
    assert CT.decide(Facts(case)).to_json() == expected


def test_the_fields_namespace_is_the_module_s_own_with_tuple_as_the_maker() -> None:
    from trustlaw.backends import _runtime

    compiled = compile_program(CT.program)
    fields_ns = compiled.evaluate_fields.__globals__
    assert fields_ns is not compiled.evaluate.__globals__
    assert fields_ns["__builtins__"] == {"__import__": _runtime.guarded_import}
    assert fields_ns["_mk"] is tuple and compiled.namespace["_mk"] is _runtime.make_evaluation
    assert set(fields_ns) == set(compiled.namespace)
    with pytest.raises(NameError):
        exec("open", dict(fields_ns))  # no builtins but the guarded import


def _scramble(case: dict[str, Any]) -> None:
    """Change every record and list of a case in place, as a caller reusing its dicts
    would: each field of a record unknown, each list emptied."""
    for container in containers(case)[1:]:
        if isinstance(container, dict):
            for key in container:
                container[key] = None
        else:
            container.clear()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), index=st.integers(0, len(STATUTES) - 1),
       backend=st.sampled_from(["compiled", "interpreter"]), with_id=st.booleans())
def test_a_decision_keeps_its_case_when_the_caller_changes_the_dict_afterwards(
    case: dict[str, Any], index: int, backend: str, with_id: bool
) -> None:
    """A decision builds its parts (grounds, what the outcome depends on, warnings) when
    first read, from its case: a copy of its own, never the caller's records, so that
    changing the dict after `decide` changes nothing in a decision already made."""
    import copy

    if with_id:
        case = {**case, "id": "booking-7"}
    statute = trustlaw.load(STATUTES[index])
    expected = statute.decide(copy.deepcopy(case), backend=backend).to_dict()
    given_case = copy.deepcopy(case)
    decided = statute.decide(given_case, backend=backend)
    given_ids = {id(c) for c in containers(given_case)}
    assert not any(id(c) in given_ids for c in containers(dict(decided.case)))
    _scramble(given_case)
    assert decided.to_dict() == expected
    assert decided.explain() == statute.decide(case, backend=backend).explain()
