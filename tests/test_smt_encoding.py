"""The SMT encoding: dates, every IR node, three-valued logic, models back to cases."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st
from test_smt_helpers import (
    ALL,
    CONVICTION,
    KIND,
    LEVEL,
    TAG,
    VOCAB,
    const,
    ct_like,
    eq,
    fact,
    field,
    within_like,
)

from trustlaw import ir
from trustlaw.backends import interp, smt
from trustlaw.cases.validation import validate
from trustlaw.dates import shift_date
from trustlaw.testing.strategies import cases

DATES = st.dates(smt.DATE_MIN, smt.DATE_MAX)
DURATIONS = st.builds(ir.Duration, st.integers(0, 120), st.integers(0, 30), st.integers(0, 400))


def _value(term: Any) -> int:
    return int(z3.simplify(term).as_long())


def _date(value: smt.DateTerm) -> _dt.date:
    if isinstance(value, smt.DayCount):
        return smt.from_day_number(_value(value.days))
    return _dt.date(_value(value.year), _value(value.month), _value(value.day))


@settings(max_examples=300, deadline=None)
@given(DATES)
def test_day_numbers_round_trip(day: _dt.date) -> None:
    number = smt.day_number(day)
    y, m, d = smt.civil_from_days(z3.IntVal(number))
    assert (_value(y), _value(m), _value(d)) == (day.year, day.month, day.day)
    assert _value(smt.days_from_civil(*map(z3.IntVal, (day.year, day.month, day.day)))) == number


@settings(max_examples=300, deadline=None)
@given(DATES, DURATIONS, st.sampled_from((1, -1)), st.booleans())
def test_date_shifts_match_the_shared_date_rule(
    day: _dt.date, duration: ir.Duration, sign: int, as_day_number: bool
) -> None:
    start: smt.DateTerm = smt.civil_const(day)
    if as_day_number:  # a date already shifted by days goes through civil_from_days
        start = smt.DayCount(z3.IntVal(smt.day_number(day)))
    assert _date(smt.shift_date(start, duration, sign)) == shift_date(day, duration, sign)


def test_end_of_month_clamping() -> None:
    cases = [
        (_dt.date(2020, 2, 29), ir.Duration(years=1), -1, _dt.date(2019, 2, 28)),
        (_dt.date(2020, 1, 31), ir.Duration(months=1), 1, _dt.date(2020, 2, 29)),
        (_dt.date(2019, 3, 31), ir.Duration(years=1, months=1), 1, _dt.date(2020, 4, 30)),
        (_dt.date(2000, 2, 29), ir.Duration(years=100), 1, _dt.date(2100, 2, 28)),
        (_dt.date(2000, 2, 29), ir.Duration(years=400), -1, _dt.date(1600, 2, 29)),
    ]
    for day, duration, sign, expected in cases:
        assert _date(smt.shift_date(smt.civil_const(day), duration, sign)) == expected


@settings(max_examples=100, deadline=None)
@given(DATES, DATES)
def test_date_keys_order_like_dates(a: _dt.date, b: _dt.date) -> None:
    for left, right in (
        (smt.civil_const(a), smt.civil_const(b)),
        (smt.civil_const(a), smt.DayCount(z3.IntVal(smt.day_number(b)))),
    ):
        ka, kb = smt.date_keys(left, right)
        assert z3.is_true(z3.simplify(ka < kb)) == (a < b)
        assert z3.is_true(z3.simplify(ka == kb)) == (a == b)


# ---- every IR node ----------------------------------------------------------------------


def _samples() -> list[ir.Expr]:
    """Yes/no expressions that together use every IR node class."""
    c = ir.Var("c", CONVICTION)
    k = ir.Var("k", KIND)
    return [
        const(True, ir.BOOL),
        ir.Member(fact("agency"), ir.SetConst(("county_jail",), fact("agency").type)),
        fact("reimbursement_agreement"),
        ir.Quantifier("any", c, fact("convictions"), eq(field(c, "level"), const("felony", LEVEL))),
        ir.Not(fact("reimbursement_agreement")),
        ir.And((fact("reimbursement_agreement"), const(True, ir.BOOL))),
        ir.Or((fact("reimbursement_agreement"), const(False, ir.BOOL))),
        ir.Compare(
            ">",
            ir.IntArith("+", fact("person", "age"), const(1, ir.INT)),
            const(21, ir.INT),
        ),
        ir.Compare("<=", ir.ShiftDate(fact("date"), ir.Duration(years=5), -1), fact("date")),
        ir.IsKnown(fact("date")),
        ir.Quantifier("all", k, fact("request", "kinds"), eq(k, const("hold", KIND))),
    ]


def _classes(expr: ir.Expr) -> set[type]:
    from trustlaw.ir import children

    found = {type(expr)}
    for child in children(expr):
        found |= _classes(child)
    return found


def test_every_ir_expression_node_is_encoded() -> None:
    samples = _samples()
    assert set().union(*map(_classes, samples)) == set(ir.EXPR_NODES)
    encoder = smt.Encoder(smt.declare_case(VOCAB, 2))
    for sample in samples:
        truth = encoder.truth(sample)
        assert z3.is_bool(truth.true) and z3.is_bool(truth.false)
    assert isinstance(
        encoder.value(
            ir.Quantifier(
                "count", ir.Var("c", CONVICTION), fact("convictions"), const(True, ir.BOOL)
            )
        ),
        smt.Scalar,
    )


@attrs.frozen
class Strange:
    """A node no backend knows."""

    span: None = None


def test_unknown_nodes_are_refused_by_name() -> None:
    encoder = smt.Encoder(smt.declare_case(VOCAB, 1))
    with pytest.raises(ir.UnsupportedNode, match="SMT backend does not handle IR node Strange"):
        encoder.truth(Strange())  # type: ignore[arg-type]
    with pytest.raises(ir.UnsupportedNode, match="Strange"):
        encoder.value(ir.Not(Strange()))  # type: ignore[arg-type]
    # a duration on its own is not a value a case can hold
    with pytest.raises(ir.UnsupportedNode, match="Const"):
        encoder.value(ir.Const(ir.Duration(years=1), ir.DURATION))


# ---- three-valued logic and models -----------------------------------------------------


def _truth_on(expr: ir.Expr, case: dict[str, Any]) -> bool | None:
    symbolic = smt.declare_case(VOCAB, 3)
    truth = smt.Encoder(symbolic).truth(expr)
    solver = smt.solver_with([*symbolic.domain, *smt.assert_case(symbolic, case)])
    assert solver.check() == z3.sat
    model = solver.model()
    is_true = z3.is_true(model.eval(truth.true, model_completion=True))
    is_false = z3.is_true(model.eval(truth.false, model_completion=True))
    assert not (is_true and is_false)
    return True if is_true else False if is_false else None


def test_membership_in_a_list_follows_the_semantics() -> None:
    hold_in_kinds = ir.Member(const("hold", KIND), fact("request", "kinds"))
    assert _truth_on(hold_in_kinds, {"request": {"kinds": ["hold"]}}) is True
    assert _truth_on(hold_in_kinds, {"request": {"kinds": ["transfer"]}}) is False
    assert _truth_on(hold_in_kinds, {"request": {}}) is None
    c = ir.Var("c", CONVICTION)
    tag_known = ir.Quantifier(
        "any", c, fact("convictions"), ir.Member(const("homicide", TAG), field(c, "tags"))
    )
    assert _truth_on(tag_known, {"convictions": [{"tags": []}]}) is False
    assert _truth_on(tag_known, {"convictions": [{}]}) is None
    assert _truth_on(tag_known, {"convictions": [{}, {"tags": ["homicide"]}]}) is True
    # an unknown element is false for an empty list, unknown otherwise
    level_in = ir.Quantifier(
        "any",
        c,
        fact("convictions"),
        ir.Member(field(c, "level"), ir.SetConst(("felony",), LEVEL)),
    )
    assert _truth_on(level_in, {"convictions": [{}]}) is None
    assert _truth_on(level_in, {"convictions": []}) is False


def test_count_is_unknown_when_any_element_is_unknown() -> None:
    c = ir.Var("c", CONVICTION)
    count = ir.Quantifier(
        "count", c, fact("convictions"), eq(field(c, "level"), const("felony", LEVEL))
    )
    at_least_one = ir.Compare(">=", count, const(1, ir.INT))
    assert _truth_on(at_least_one, {"convictions": [{"level": "felony"}]}) is True
    assert _truth_on(at_least_one, {"convictions": [{"level": "felony"}, {}]}) is None
    assert _truth_on(at_least_one, {"convictions": []}) is False
    assert _truth_on(at_least_one, {}) is None


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(cases(unknown_rate=0.3))
def test_a_model_turns_back_into_the_same_case(case: dict[str, Any]) -> None:
    symbolic = smt.declare_case(VOCAB, 3)
    solver = smt.solver_with([*smt.well_formed(symbolic), *smt.assert_case(symbolic, case)])
    assert solver.check() == z3.sat, "a well-formed case satisfies the encoded constraints"
    assert smt.case_from_model(solver.model(), symbolic) == case


def test_models_of_the_constraints_are_well_formed_cases() -> None:
    symbolic = smt.declare_case(VOCAB, 3)
    solver = smt.solver_with(smt.well_formed(symbolic))
    seen = 0
    while seen < 15 and solver.check() == z3.sat:
        case = smt.case_from_model(solver.model(), symbolic)
        data = validate(case, VOCAB)  # raises CaseError if the model broke a constraint
        assert all(interp.eval_expr(c.body, data) is not False for c in VOCAB.constraints)
        # block this case and ask for another one
        solver.add(z3.Not(z3.And(*smt.assert_case(symbolic, case))))
        seen += 1
    assert seen == 15


def test_assert_case_refuses_lists_longer_than_the_bound() -> None:
    symbolic = smt.declare_case(VOCAB, 1)
    with pytest.raises(ValueError, match="exceed the solver's bound"):
        smt.assert_case(symbolic, {"convictions": [{}, {}]})


@pytest.mark.parametrize("make", ALL, ids=lambda m: m.__name__)
def test_rule_witnesses_make_their_rule_decide(make: Any) -> None:
    program = make()
    found = dict(smt.rule_witnesses(program, VOCAB))
    for rule_id, case in found.items():
        evaluation = interp.evaluate(program, validate(case, VOCAB))
        rule = next(r for r in program.rules if r.id == rule_id)
        assert rule_id in evaluation.deciding[rule.outcome]
    if make in (ct_like, within_like):
        # every provision of these can decide
        assert set(found) == {r.id for r in program.rules}
