"""The interpreter's expressions: three-valued logic, quantifiers, membership, dates."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.backends.interp import eval_expr, evaluator, open_facts
from trustlaw.dates import add_months, shift_date

U = None  # the unknown truth value
TRUTH = (True, False, U)

CONVICTION = ir.RecordType("conviction")
LEVEL = ir.EnumType("offense_level", ("felony", "misdemeanor", "violation"))
ORIGIN = ir.EnumType("jurisdiction_of_origin", ("this_state", "other_state", "federal"))
KIND = ir.EnumType("request_kind", ("hold", "notification", "transfer", "interview"))


def fact(*path: str, type_: ir.Type = ir.BOOL) -> ir.Fact:
    return ir.Fact(tuple(path), type_)


def const(value: Any, type_: ir.Type = ir.BOOL) -> ir.Const:
    return ir.Const(value, type_)


C = ir.Var("c", CONVICTION)
CONVICTIONS = fact("convictions", type_=ir.ListType(CONVICTION))


def field(name: str, type_: ir.Type = ir.BOOL) -> ir.Field:
    return ir.Field(C, name, type_)


def quant(kind: str, body: ir.Expr) -> ir.Quantifier:
    return ir.Quantifier(kind, C, CONVICTIONS, body)


def case_of(**values: bool | None) -> dict[str, Any]:
    """A case with the given bool facts; None means the fact is left out (unknown)."""
    return {k: v for k, v in values.items() if v is not None}


# ---- three-valued connectives ---------------------------------------------------------


@pytest.mark.parametrize("a", TRUTH)
def test_not_truth_table(a: bool | None) -> None:
    expected = {True: False, False: True, U: U}[a]
    assert eval_expr(ir.Not(fact("a")), case_of(a=a)) is expected


AND_TABLE = {
    (True, True): True,
    (True, False): False,
    (True, U): U,
    (False, True): False,
    (False, False): False,
    (False, U): False,
    (U, True): U,
    (U, False): False,
    (U, U): U,
}
OR_TABLE = {
    (True, True): True,
    (True, False): True,
    (True, U): True,
    (False, True): True,
    (False, False): False,
    (False, U): U,
    (U, True): True,
    (U, False): U,
    (U, U): U,
}


@pytest.mark.parametrize(("a", "b"), list(AND_TABLE))
def test_and_truth_table(a: bool | None, b: bool | None) -> None:
    assert eval_expr(ir.And((fact("a"), fact("b"))), case_of(a=a, b=b)) is AND_TABLE[a, b]


@pytest.mark.parametrize(("a", "b"), list(OR_TABLE))
def test_or_truth_table(a: bool | None, b: bool | None) -> None:
    assert eval_expr(ir.Or((fact("a"), fact("b"))), case_of(a=a, b=b)) is OR_TABLE[a, b]


def test_null_is_unknown_like_absent() -> None:
    assert eval_expr(fact("a"), {"a": None}) is None
    assert eval_expr(fact("person", "age", type_=ir.INT), {"person": None}) is None
    assert eval_expr(fact("person", "age", type_=ir.INT), {"person": {"age": None}}) is None
    assert eval_expr(fact("person", "age", type_=ir.INT), {"person": {"age": 0}}) == 0


def test_a_false_conjunct_decides_despite_unknown_ones() -> None:
    expr = ir.And((fact("a"), fact("b"), fact("c")))
    assert eval_expr(expr, {"c": False}) is False
    assert eval_expr(expr, {"a": True, "b": True}) is None
    assert eval_expr(expr, {"a": True, "b": True, "c": True}) is True


def test_a_known_true_disjunct_decides_despite_unknown_ones() -> None:
    expr = ir.Or((fact("a"), fact("b"), fact("c")))
    assert eval_expr(expr, {"c": True}) is True
    assert eval_expr(expr, {"a": False, "b": False}) is None
    assert eval_expr(expr, {"a": False, "b": False, "c": False}) is False


# ---- comparisons, arithmetic, membership, is known --------------------------------------

AGE = fact("person", "age", type_=ir.INT)


@pytest.mark.parametrize(
    ("op", "age", "expected"),
    [
        ("=", 21, True),
        ("=", 20, False),
        ("!=", 20, True),
        ("<", 20, True),
        ("<", 21, False),
        ("<=", 21, True),
        (">", 22, True),
        (">", 21, False),
        (">=", 21, True),
        (">=", 20, False),
        ("=", None, None),
        ("<", None, None),
    ],
)
def test_compare(op: str, age: int | None, expected: bool | None) -> None:
    expr = ir.Compare(op, AGE, const(21, ir.INT))
    assert eval_expr(expr, {"person": {"age": age}}) is expected


def test_compare_with_unknown_on_the_right() -> None:
    expr = ir.Compare("<", const(21, ir.INT), AGE)
    assert eval_expr(expr, {"person": {}}) is None


def test_compare_enums_and_bools_by_equality() -> None:
    level = fact("level", type_=LEVEL)
    assert eval_expr(ir.Compare("=", level, const("felony", LEVEL)), {"level": "felony"}) is True
    assert eval_expr(ir.Compare("!=", level, const("felony", LEVEL)), {"level": "felony"}) is False
    assert eval_expr(ir.Compare("=", fact("a"), const(False)), {"a": False}) is True
    assert eval_expr(ir.Compare("=", fact("a"), const(False)), {}) is None


def test_int_arith() -> None:
    plus = ir.IntArith("+", AGE, const(3, ir.INT))
    minus = ir.IntArith("-", AGE, const(3, ir.INT))
    assert eval_expr(plus, {"person": {"age": 18}}) == 21
    assert eval_expr(minus, {"person": {"age": 18}}) == 15
    assert eval_expr(plus, {"person": {}}) is None
    assert eval_expr(ir.IntArith("+", const(3, ir.INT), AGE), {}) is None


def test_member_of_a_set_literal() -> None:
    agency = fact("agency", type_=ir.EnumType("agency", ("a", "b", "c")))
    expr = ir.Member(agency, ir.SetConst(("a", "b"), agency.type))
    assert eval_expr(expr, {"agency": "a"}) is True
    assert eval_expr(expr, {"agency": "c"}) is False
    assert eval_expr(expr, {}) is None


KINDS = fact("request", "kinds", type_=ir.ListType(KIND))


@pytest.mark.parametrize(
    ("kinds", "element", "expected"),
    [
        (["hold", "notification"], "hold", True),
        (["notification"], "hold", False),
        ([], "hold", False),
        (None, "hold", None),  # the list is unknown
        ([], None, False),  # unknown element, empty list: it cannot be in it
        (["hold"], None, None),  # unknown element, non-empty list
        (None, None, None),
    ],
)
def test_member_of_a_list(
    kinds: list[str] | None, element: str | None, expected: bool | None
) -> None:
    data: dict[str, Any] = {"request": {"kinds": kinds}, "wanted": element}
    expr = ir.Member(fact("wanted", type_=KIND), KINDS)
    assert eval_expr(expr, data) is expected


@pytest.mark.parametrize("value", [True, False, 0, "", [], {}, dt.date(2015, 1, 1)])
def test_is_known_of_a_known_value_is_true(value: object) -> None:
    assert eval_expr(ir.IsKnown(fact("x")), {"x": value}) is True


def test_is_known_is_never_unknown() -> None:
    assert eval_expr(ir.IsKnown(fact("x")), {}) is False
    assert eval_expr(ir.IsKnown(fact("x")), {"x": None}) is False
    assert eval_expr(ir.Not(ir.IsKnown(AGE)), {"person": None}) is True
    # is known of an unknown compound is false, not unknown
    assert eval_expr(ir.IsKnown(ir.And((fact("a"), fact("b")))), {"a": True}) is False


# ---- quantifiers ------------------------------------------------------------------------

FELONY = ir.Compare("=", field("level", LEVEL), const("felony", LEVEL))


def convictions(*levels: str | None) -> dict[str, Any]:
    return {"convictions": [{"level": lv} if lv is not None else {} for lv in levels]}


@pytest.mark.parametrize(
    ("levels", "any_", "all_", "no", "count"),
    [
        ((), False, True, True, 0),
        (("felony",), True, True, False, 1),
        (("misdemeanor",), False, False, True, 0),
        (("misdemeanor", "felony"), True, False, False, 1),
        ((None,), U, U, U, U),
        (("felony", None), True, U, False, U),  # a known witness decides `any`
        ((None, "felony"), True, U, False, U),  # in either order
        (("misdemeanor", None), U, False, U, U),  # a known counter-example decides `all`
        (("felony", "felony"), True, True, False, 2),
    ],
)
def test_quantifiers(
    levels: tuple[str | None, ...],
    any_: bool | None,
    all_: bool | None,
    no: bool | None,
    count: int | None,
) -> None:
    data = convictions(*levels)
    assert eval_expr(quant("any", FELONY), data) is any_
    assert eval_expr(quant("all", FELONY), data) is all_
    assert eval_expr(quant("no", FELONY), data) is no
    assert eval_expr(quant("count", FELONY), data) == count


@pytest.mark.parametrize("kind", ["any", "all", "no", "count"])
def test_quantifier_over_an_unknown_list_is_unknown(kind: str) -> None:
    assert eval_expr(quant(kind, FELONY), {}) is None
    assert eval_expr(quant(kind, FELONY), {"convictions": None}) is None


def test_an_unknown_element_never_makes_any_false() -> None:
    for n_known in range(4):
        data = {"convictions": [{"level": "misdemeanor"}] * n_known + [{}]}
        assert eval_expr(quant("any", FELONY), data) is None


def test_quantifier_body_reads_outer_facts_and_nested_quantifiers_bind_their_own_variable() -> None:
    # any c in convictions where (c.date <= date and all d in convictions where d.date <= c.date)
    date_t = ir.DATE
    d_var = ir.Var("d", CONVICTION)
    latest = ir.Quantifier(
        "all",
        d_var,
        CONVICTIONS,
        ir.Compare("<=", ir.Field(d_var, "date", date_t), field("date", date_t)),
    )
    expr = quant(
        "any", ir.And((ir.Compare("<=", field("date", date_t), fact("date", type_=date_t)), latest))
    )
    data = {
        "date": dt.date(2015, 1, 1),
        "convictions": [{"date": dt.date(2010, 1, 1)}, {"date": dt.date(2012, 1, 1)}],
    }
    assert eval_expr(expr, data) is True
    data["date"] = dt.date(2011, 1, 1)
    assert eval_expr(expr, data) is False


def test_env_binds_a_variable_for_eval_expr() -> None:
    assert eval_expr(FELONY, {}, {"c": {"level": "felony"}}) is True
    assert eval_expr(FELONY, {}, {"c": {}}) is None


# ---- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "sign", "expected"),
    [
        (dt.date(2020, 2, 29), ir.Duration(years=1), -1, dt.date(2019, 2, 28)),
        (dt.date(2020, 2, 29), ir.Duration(years=4), -1, dt.date(2016, 2, 29)),
        (dt.date(2019, 2, 28), ir.Duration(years=1), 1, dt.date(2020, 2, 28)),
        (dt.date(2020, 3, 31), ir.Duration(months=1), -1, dt.date(2020, 2, 29)),
        (dt.date(2021, 3, 31), ir.Duration(months=1), -1, dt.date(2021, 2, 28)),
        (dt.date(2020, 1, 31), ir.Duration(months=13), 1, dt.date(2021, 2, 28)),
        (dt.date(2020, 12, 15), ir.Duration(months=1), 1, dt.date(2021, 1, 15)),
        (dt.date(2021, 1, 15), ir.Duration(months=1), -1, dt.date(2020, 12, 15)),
        (dt.date(2015, 3, 2), ir.Duration(days=30), -1, dt.date(2015, 1, 31)),
        (dt.date(2015, 3, 2), ir.Duration(years=5), -1, dt.date(2010, 3, 2)),
        # years, then months (each clamping), then days
        (dt.date(2019, 3, 31), ir.Duration(years=1, months=1), 1, dt.date(2020, 4, 30)),
        (dt.date(2020, 2, 29), ir.Duration(years=1, days=1), 1, dt.date(2021, 3, 1)),
        (dt.date(2016, 3, 31), ir.Duration(years=1, months=1, days=1), -1, dt.date(2015, 2, 27)),
        # beyond the calendar: clamped to its ends
        (dt.date(2, 1, 1), ir.Duration(years=5), -1, dt.date.min),
        (dt.date(9998, 1, 1), ir.Duration(years=5), 1, dt.date.max),
        (dt.date(9999, 12, 1), ir.Duration(days=90), 1, dt.date.max),
    ],
)
def test_shift_date(start: dt.date, duration: ir.Duration, sign: int, expected: dt.date) -> None:
    assert shift_date(start, duration, sign) == expected


def test_shift_date_rejects_a_bad_sign() -> None:
    with pytest.raises(ValueError, match="sign"):
        shift_date(dt.date(2020, 1, 1), ir.Duration(days=1), 0)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(-600, 600)
)
def test_add_months_keeps_the_day_or_clamps_to_month_end(start: dt.date, months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (
        moved.day < start.day and (moved + dt.timedelta(days=1)).day == 1
    )


def test_shift_date_expression_and_unknown() -> None:
    expr = ir.ShiftDate(fact("date", type_=ir.DATE), ir.Duration(years=1), -1)
    assert eval_expr(expr, {"date": dt.date(2020, 2, 29)}) == dt.date(2019, 2, 28)
    assert eval_expr(expr, {}) is None


def test_within_before_as_lowered() -> None:
    # c.date within 5 years before date == date - 5 years <= c.date and c.date <= date
    cdate = field("date", ir.DATE)
    anchor = fact("date", type_=ir.DATE)
    within = ir.And(
        (
            ir.Compare("<=", ir.ShiftDate(anchor, ir.Duration(years=5), -1), cdate),
            ir.Compare("<=", cdate, anchor),
        )
    )
    env_at = {"date": dt.date(2020, 2, 29)}
    assert eval_expr(within, env_at, {"c": {"date": dt.date(2015, 2, 28)}}) is True
    assert eval_expr(within, env_at, {"c": {"date": dt.date(2015, 2, 27)}}) is False
    assert eval_expr(within, env_at, {"c": {"date": dt.date(2020, 3, 1)}}) is False
    assert eval_expr(within, env_at, {"c": {}}) is None
    assert eval_expr(within, {}, {"c": {"date": dt.date(2015, 2, 28)}}) is None


# ---- unsupported nodes ---------------------------------------------------------------------


@attrs.frozen
class Mystery:
    value: int


def test_an_unknown_node_class_raises_unsupported_node_naming_it() -> None:
    with pytest.raises(
        ir.UnsupportedNode, match="interpreter backend does not handle IR node Mystery"
    ):
        eval_expr(Mystery(1), {})  # type: ignore[arg-type]
    with pytest.raises(ir.UnsupportedNode) as raised:
        evaluator(ir.And((fact("a"), ir.Not(Mystery(2)))))  # type: ignore[arg-type]
    assert raised.value.backend == "interpreter"
    assert raised.value.node == Mystery(2)


def test_every_ir_expression_node_is_handled() -> None:
    samples: dict[type, ir.Expr] = {
        ir.Const: const(True),
        ir.SetConst: ir.Member(fact("x", type_=LEVEL), ir.SetConst(("felony",), LEVEL)),
        ir.Fact: fact("a"),
        ir.Var: ir.Member(C, ir.SetConst((), CONVICTION)),
        ir.Field: FELONY,
        ir.Not: ir.Not(fact("a")),
        ir.And: ir.And((fact("a"),)),
        ir.Or: ir.Or((fact("a"),)),
        ir.Compare: ir.Compare("=", AGE, const(1, ir.INT)),
        ir.Member: ir.Member(fact("x", type_=KIND), KINDS),
        ir.IntArith: ir.IntArith("+", AGE, const(1, ir.INT)),
        ir.ShiftDate: ir.ShiftDate(fact("d", type_=ir.DATE), ir.Duration(days=1), 1),
        ir.IsKnown: ir.IsKnown(fact("a")),
        ir.Quantifier: quant("any", FELONY),
    }
    assert set(samples) == set(ir.EXPR_NODES)
    for node in samples.values():
        evaluator(node)  # builds without UnsupportedNode


# ---- soundness: a known result holds for every completion of the unknown facts -------------

LEAVES = ("a", "b", "c")


def bool_exprs() -> st.SearchStrategy[ir.Expr]:
    leaf = st.sampled_from([fact(n) for n in LEAVES])
    return st.recursive(
        leaf,
        lambda sub: st.one_of(
            sub.map(ir.Not),
            st.lists(sub, min_size=1, max_size=3).map(lambda xs: ir.And(tuple(xs))),
            st.lists(sub, min_size=1, max_size=3).map(lambda xs: ir.Or(tuple(xs))),
            sub.map(ir.IsKnown),
        ),
        max_leaves=8,
    )


@settings(max_examples=300, deadline=None)
@given(bool_exprs(), st.fixed_dictionaries({n: st.sampled_from(TRUTH) for n in LEAVES}))
def test_three_valued_logic_is_sound(expr: ir.Expr, values: dict[str, bool | None]) -> None:
    """If the interpreter gives a known answer, filling in the unknown facts any way keeps it."""
    partial = {k: v for k, v in values.items() if v is not None}
    result = eval_expr(expr, partial)
    if result is None or _has_is_known(expr):
        return
    unknown = [k for k in LEAVES if k not in partial]
    for filling in itertools.product((True, False), repeat=len(unknown)):
        full = {**partial, **dict(zip(unknown, filling, strict=True))}
        assert eval_expr(expr, full) is result


def _has_is_known(expr: ir.Expr) -> bool:
    from trustlaw.ir import children

    return isinstance(expr, ir.IsKnown) or any(_has_is_known(c) for c in children(expr))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["felony", "misdemeanor", None]), max_size=4),
    st.sampled_from(["any", "all", "no", "count"]),
)
def test_quantifiers_are_sound_with_unknown_elements(levels: list[str | None], kind: str) -> None:
    expr = quant(kind, FELONY)
    result = eval_expr(expr, convictions(*levels))
    holes = [i for i, lv in enumerate(levels) if lv is None]
    completions = set()
    for filling in itertools.product(("felony", "misdemeanor"), repeat=len(holes)):
        full = list(levels)
        for i, lv in zip(holes, filling, strict=True):
            full[i] = lv
        completions.add(eval_expr(expr, convictions(*full)))
    if result is None:
        assert (
            len(completions) > 1
        )  # with independent elements, unknown means it could go either way
    else:
        assert completions == {result}


# ---- quantifiers over a list field of a bound element ----------------------------------------

TAG = ir.EnumType("tag", ("homicide", "ct.family_violence"))
T = ir.Var("t", TAG)
HOMICIDE_TAG = ir.Quantifier(
    "any", T, ir.Field(C, "tags", ir.ListType(TAG)), ir.Compare("=", T, const("homicide", TAG))
)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([["homicide"]], True),
        ([["ct.family_violence"], ["ct.family_violence", "homicide"]], True),
        ([["ct.family_violence"], []], False),
        ([["ct.family_violence"], None], None),  # the second conviction's tags are unknown
        ([None, ["homicide"]], True),
    ],
)
def test_a_quantifier_over_an_elements_list(
    tags: list[list[str] | None], expected: bool | None
) -> None:
    data = {"convictions": [{"tags": t} if t is not None else {} for t in tags]}
    assert eval_expr(quant("any", HOMICIDE_TAG), data) is expected


# ---- the unknown facts that keep a condition open ---------------------------------------------

BOND = ir.Quantifier(
    "any",
    ir.Var("k", ir.RecordType("charge")),
    fact("charges", type_=ir.ListType(ir.RecordType("charge"))),
    ir.And(
        (
            ir.Compare(
                "=",
                ir.Field(ir.Var("k", ir.RecordType("charge")), "court", ORIGIN),
                const("this_state", ORIGIN),
            ),
            ir.Compare(
                "=",
                ir.Field(ir.Var("k", ir.RecordType("charge")), "bond_posted", ir.BOOL),
                const(False),
            ),
        )
    ),
)


def test_open_facts_are_only_those_that_could_settle_the_condition() -> None:
    data = {"charges": [{"court": "other_state"}, {"court": "this_state"}, {}]}
    assert open_facts(BOND, data) == (
        "charges[1].bond_posted",
        "charges[2].bond_posted",
        "charges[2].court",
    )
    assert open_facts(BOND, {}) == ("charges",)
    assert open_facts(BOND, {"charges": [{"court": "this_state", "bond_posted": False}]}) == ()


def test_open_facts_skip_settled_parts_of_and_or() -> None:
    expr = ir.Or((fact("a"), ir.And((fact("b"), fact("c")))))
    assert open_facts(expr, {"b": True}) == ("a", "c")
    assert open_facts(expr, {"a": False, "b": False}) == ()  # known false
    assert open_facts(expr, {"c": False}) == ("a",)
    assert open_facts(AGE, {"person": None}) == ("person.age",)  # a field, never a record
    assert open_facts(AGE, {"person": {}}) == ("person.age",)
    assert open_facts(
        quant("any", HOMICIDE_TAG), {"convictions": [{"tags": ["ct.family_violence"]}, {}]}
    ) == ("convictions[1].tags",)
