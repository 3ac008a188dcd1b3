"""`depends_on` and `possible` (CASES.md 3a, docs/semantics.md): the compiled path gives
exactly the reference interpreter's, on every bundled statute and Hypothesis cases with
unknown facts; `possible` equals the one read off the interpreter's trace; and a fact
left out of `depends_on[outcome]` never changes that outcome, whatever value it takes
and whichever other unknown facts are then set."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_interp_outcomes import GANG, WATCHLIST, program, rule

import trustlaw
from trustlaw import ir
from trustlaw.backends import interp
from trustlaw.decisions import grounding
from trustlaw.decisions.decision import build_decision
from trustlaw.diagnostics import CaseError
from trustlaw.library import loader
from trustlaw.testing.strategies import cases_for

STATUTES = sorted(loader.available())
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def _both(statute: trustlaw.Statute, case: dict[str, Any]) -> None:
    compiled = statute.decide(case)
    oracle = statute.decide(case, backend="interpreter")
    assert compiled.outcomes == oracle.outcomes
    assert dict(compiled.depends_on) == dict(oracle.depends_on)
    assert compiled.possible == oracle.possible
    # `possible` read off the interpreter's own trace, rule by rule
    trace = oracle.evaluation.trace
    assert trace is not None
    assert compiled.possible == grounding.possible(statute.program, oracle.outcomes, trace)
    # the statute-only view (whole unknown records named as such)
    data = statute.validate(case)
    program = statute.program
    plain = build_decision(program, statute.compiled().evaluate(data), data)
    reference = build_decision(program, interp.evaluate(program, data), data)
    assert dict(plain.depends_on) == dict(reference.depends_on)
    for outcome, paths in compiled.depends_on.items():
        if outcome in ir.OUTCOMES:
            assert compiled.outcomes[outcome] == "undetermined"
            assert paths, outcome  # an undetermined outcome always has a fact to learn
            # leaf paths, never a whole record
            assert all(p not in ("person", "request") for p in paths)


@pytest.mark.parametrize("statute_id", STATUTES)
def test_compiled_depends_on_and_possible_equal_the_interpreters(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)

    @SETTINGS
    @given(cases_for(statute.program, statute.vocabulary, unknown_rate=0.3))
    def check(case: dict[str, Any]) -> None:
        _both(statute, case)

    check()


# ---- a fact left out cannot change the outcome ------------------------------------------------


Leaf = tuple[tuple[Any, ...], Any]


def _unknown_leaves(case: dict[str, Any], vocab: ir.Vocabulary) -> list[Leaf]:
    """Each unknown bool or enum leaf of `case` (a field of a top-level record, or of an
    element of a top-level list), with its type."""
    out: list[Leaf] = []
    for info in vocab.fields:
        typ = info.type
        if isinstance(typ, ir.RecordType):
            record = vocab.record(typ.name)
            assert record is not None
            given_record = case.get(info.name) or {}
            for field in record.fields:
                if _finite(field.type) and given_record.get(field.name) is None:
                    out.append(((info.name, field.name), field.type))
        elif isinstance(typ, ir.ListType) and isinstance(typ.element, ir.RecordType):
            record = vocab.record(typ.element.name)
            assert record is not None
            for index, element in enumerate(case.get(info.name) or []):
                for field in record.fields:
                    if _finite(field.type) and element.get(field.name) is None:
                        out.append(((info.name, index, field.name), field.type))
        elif _finite(typ) and case.get(info.name) is None:
            out.append(((info.name,), typ))
    return out


def _finite(typ: ir.Type) -> bool:
    return isinstance(typ, (ir.BoolType, ir.EnumType))


def _values(typ: ir.Type) -> list[Any]:
    return [True, False] if isinstance(typ, ir.BoolType) else list(typ.values)  # type: ignore[attr-defined]


def _set(case: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(case)
    if len(path) == 1:
        out[path[0]] = value
    elif len(path) == 2:
        out[path[0]] = {**(out.get(path[0]) or {}), path[1]: value}
    else:
        out[path[0]][path[1]][path[2]] = value
    return out


def _dotted(path: tuple[Any, ...]) -> str:
    if len(path) == 3:
        return f"{path[0]}[{path[1]}].{path[2]}"
    return ".".join(path)


def _outcomes(statute: trustlaw.Statute, case: dict[str, Any]) -> dict[str, str] | None:
    try:
        return dict(statute.decide(case).outcomes)
    except CaseError:  # a value the vocabulary's constraints refuse here
        return None


@pytest.mark.slow
@pytest.mark.parametrize("statute_id", STATUTES)
def test_a_fact_left_out_of_depends_on_never_changes_the_outcome(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)
    vocab = statute.vocabulary

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True)
    @given(cases_for(statute.program, vocab, unknown_rate=0.3), st.randoms(use_true_random=False))
    def check(case: dict[str, Any], rng: Any) -> None:
        decision = statute.decide(case)
        open_outcomes = [o for o in ir.OUTCOMES if decision.outcomes[o] == "undetermined"]
        if not open_outcomes:
            return
        leaves = _unknown_leaves(case, vocab)
        for path, typ in leaves:
            name = _dotted(path)
            unlisted = [o for o in open_outcomes if name not in decision.depends_on[o]]
            if not unlisted:
                continue
            # the other unknown facts: each left unknown or set at random
            others = case
            for other, other_type in leaves:
                if other != path and rng.random() < 0.5:
                    candidate = _set(others, other, rng.choice(_values(other_type)))
                    if _outcomes(statute, candidate) is not None:
                        others = candidate
            before = _outcomes(statute, others)
            assert before is not None
            for value in _values(typ):
                after = _outcomes(statute, _set(others, path, value))
                if after is None:
                    continue
                for outcome in unlisted:
                    assert after[outcome] == before[outcome], (name, value, outcome)

    check()


# ---- what is left out -----------------------------------------------------------------------


def test_an_open_rule_that_cannot_change_the_result_is_not_listed() -> None:
    # prohibited if on the watchlist; else permitted if in the gang database; else silent,
    # which permits: the gang database cannot change the hold, the watchlist can
    law = program(
        rule("(a)", "hold", "prohibited", WATCHLIST, 2),
        rule("(b)", "hold", "permitted", GANG, 1),
    )
    data: dict[str, Any] = {"person": {}}
    decision = build_decision(law, interp.evaluate(law, data), data, with_request=True)
    assert decision.outcomes["hold"] == "undetermined"
    assert decision.evaluation.open_rules["hold"] == ("(a):hold", "(b):hold")
    assert decision.possible == {"hold": ["prohibited", "permitted"]}
    assert decision.depends_on["hold"] == ("person.terrorist_watchlist_match",)
    # with a prohibiting base below, the gang database can decide: it is listed
    law = program(*law.rules, rule("(c)", "hold", "prohibited", ir.TRUE, 0))
    decision = build_decision(law, interp.evaluate(law, data), data, with_request=True)
    assert decision.depends_on["hold"] == (
        "person.gang_database", "person.terrorist_watchlist_match",
    )


def test_a_whole_unknown_record_names_only_the_fields_under_unknown_parts() -> None:
    # (a) reads the gang database only where the watchlist is matched; with no person
    # record at all, both are unknown leaves of the open rule
    law = program(rule("(a)", "hold", "prohibited", ir.And((WATCHLIST, GANG)), 1))
    decision = build_decision(law, interp.evaluate(law, {}), {}, with_request=True)
    assert decision.depends_on["hold"] == (
        "person.gang_database", "person.terrorist_watchlist_match",
    )
    # the statute-only view names the unknown record itself
    assert build_decision(law, interp.evaluate(law, {}), {}).depends_on["hold"] == ("person",)
    # a part already false is not listed, although the condition reads it
    law = program(rule("(a)", "hold", "prohibited",
                       ir.Or((ir.And((WATCHLIST, ir.Const(False, ir.BOOL))), GANG)), 1))
    decision = build_decision(law, interp.evaluate(law, {}), {}, with_request=True)
    assert decision.depends_on["hold"] == ("person.gang_database",)
