"""The compiled backend on whole programs built at random: every shape of priority walk
(groups of one rule or several, mixed conclusions, silent outcomes, a law's scope on all
outcomes or some), duties and limits (few or many distinct conditions, conditions that
repeat a group's rules), each checked against the interpreter on every assignment of
true / false / unknown to the facts it reads."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.backends import interp
from trustlaw.backends.python import compile_program

LEVEL = ir.EnumType("offense_level", ("felony", "misdemeanor", "violation"))
AGENCY = ir.Fact(("agency",), LEVEL)
BOUND = ir.Member(AGENCY, ir.SetConst(("felony",), LEVEL))  # the law binds this agency
NAMES = ("x", "y", "z", "w")
FACTS = tuple(ir.Fact(("person", name), ir.BOOL) for name in NAMES)
TRUTHS = (True, False, None)
_digests = itertools.count()


def every_case(names: tuple[str, ...] = NAMES) -> list[dict[str, Any]]:
    """Each agency (bound, not bound, unknown) with each truth assignment of the facts."""
    return [
        {"agency": agency, "person": dict(zip(names, values, strict=True))}
        for agency in ("felony", "violation", None)
        for values in itertools.product(TRUTHS, repeat=len(names))
    ]


def make_program(
    rules: list[ir.Rule], duties: list[ir.Duty], limits: list[ir.Limit]
) -> ir.Program:
    meta = ir.StatuteMeta("xx/random", "Random", "xx", "Random Act", "proposed")
    return ir.Program(
        meta, tuple(rules), tuple(duties), tuple(limits), (), (), (), (), (),
        f"sha256:random{next(_digests)}",
    )


def assert_agrees(program: ir.Program, data_list: list[dict[str, Any]]) -> None:
    compiled = compile_program(program)
    for data in data_list:
        expected = interp.evaluate(program, data)
        got = compiled.evaluate(data)
        assert got == expected, data  # ids in order: tuples compare element by element
        assert got.trace is None
        assert tuple(got.outcomes.items()) == tuple(expected.outcomes.items()), data
        assert compiled.outcomes(data) == dict(expected.outcomes), data


conditions: st.SearchStrategy[ir.Expr] = st.recursive(
    st.sampled_from([*FACTS, ir.TRUE, ir.Const(False, ir.BOOL)]),
    lambda inner: st.one_of(
        inner.map(ir.Not),
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: ir.And(tuple(ops))),
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: ir.Or(tuple(ops))),
    ),
    max_leaves=4,
)


@st.composite
def programs(draw: st.DrawFn) -> ir.Program:
    rules = [
        ir.Rule(
            f"r{index}", f"({index})", draw(st.sampled_from(ir.OUTCOMES)),
            draw(st.sampled_from(ir.MODALITIES)), draw(conditions),
            draw(st.integers(0, 4)), f"cites r{index}", f"text r{index}",
        )
        for index in range(draw(st.integers(0, 10)))
    ]
    scoped = draw(st.sampled_from(["none", "all", "some"]))
    if scoped != "none":
        outcomes = (
            ir.OUTCOMES if scoped == "all"
            else draw(st.lists(st.sampled_from(ir.OUTCOMES), min_size=1, unique=True))
        )
        rules += [
            ir.Rule(f"scope/{o}", "(s)", o, "permitted", ir.Not(BOUND), 9, "c", "t", kind="scope")
            for o in outcomes
        ]

    def item_condition() -> ir.Expr:
        """A condition of its own, or the disjunction of some rules' conditions (the
        shape of a duty that applies when the law grants a hold on any ground)."""
        if rules and draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(rules), min_size=1, max_size=4))
            condition: ir.Expr = ir.Or(tuple(r.condition for r in chosen))
        else:
            condition = draw(conditions)
        return ir.And((BOUND, condition)) if scoped == "all" else condition

    duties = [
        ir.Duty(f"d{index}", "t", "(d)", "c", item_condition())
        for index in range(draw(st.integers(0, 5)))
    ]
    limits = [
        ir.Limit("hold", draw(st.integers(1, 72)), (), "actual", "(l)", "c", item_condition())
        for _ in range(draw(st.integers(0, 3)))
    ]
    return make_program(rules, duties, limits)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, database=None)
@given(programs())
def test_random_programs_agree_with_the_interpreter_on_every_case(program: ir.Program) -> None:
    assert_agrees(program, every_case())


def test_a_long_walk_of_single_rule_groups_agrees() -> None:
    """More groups than the walk copies itself for: past the limit, what is remembered
    moves into locals (both regimes meet in one outcome). The hold's group reads every
    fact first, so that the notification's walk computes nothing new and copies."""
    names = ("a", "b", "c", "d", "e", "f")
    facts = [ir.Fact(("person", n), ir.BOOL) for n in names]
    modalities = ("permitted", "prohibited", "required", "permitted", "prohibited", "required")
    rules = [
        ir.Rule(f"h{i}", f"({i})", "hold", "permitted", fact, 1, "c", "t")
        for i, fact in enumerate(facts)
    ]
    rules += [
        ir.Rule(f"n{i}", f"({i})", "notification", m, fact, 10 - i, "c", "t")
        for i, (m, fact) in enumerate(zip(modalities, facts, strict=True))
    ]
    rules += [
        ir.Rule(f"base/{o}", "(z)", o, "prohibited", ir.TRUE, 0, "c", "t")
        for o in ("hold", "notification")
    ]
    rules += [
        ir.Rule(f"scope/{o}", "(s)", o, "permitted", ir.Not(BOUND), 20, "c", "t", kind="scope")
        for o in ir.OUTCOMES
    ]
    assert_agrees(make_program(rules, [], []), every_case(names))


def test_many_distinct_duty_conditions_agree() -> None:
    """Duties and limits decided by more values than get a table of constant tuples."""
    duties = [ir.Duty(f"d{i}", "t", "(d)", "c", fact) for i, fact in enumerate(FACTS)]
    duties.append(ir.Duty("both", "t", "(d)", "c", ir.And(FACTS[:2])))
    limits = [
        ir.Limit("hold", 24 * (i + 1), (), "actual", "(l)", "c", ir.Not(fact))
        for i, fact in enumerate(FACTS)
    ]
    rules = [ir.Rule("r", "(r)", "hold", "permitted", FACTS[0], 0, "c", "t")]
    assert_agrees(make_program(rules, duties, limits), every_case())

