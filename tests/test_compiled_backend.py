"""The compiled Python backend on IR built by hand: every node, the three-valued tables
of docs/semantics.md, grounds and open rules, duties and limits, the compile cache."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from typing import Any

import attrs
import pytest

from trustlaw import ir
from trustlaw.backends import _runtime, interp
from trustlaw.backends.python import BACKEND, compile_program, generate

B, INT, DATE = ir.BOOL, ir.INT, ir.DATE
LEVEL = ir.EnumType("offense_level", ("felony", "misdemeanor", "violation"))
KIND = ir.EnumType("request_kind", ("hold", "notification", "transfer", "interview"))
CONVICTION = ir.RecordType("conviction")
CHARGE = ir.RecordType("charge")
_digests = itertools.count()


def fact(*path: str, type: ir.Type = B) -> ir.Fact:
    return ir.Fact(tuple(path), type)


def field(var: str, name: str, type: ir.Type, record: ir.Type = CONVICTION) -> ir.Field:
    return ir.Field(ir.Var(var, record), name, type)


def quant(
    kind: str, var: str, source: str, body: ir.Expr, record: ir.Type = CONVICTION
) -> ir.Quantifier:
    return ir.Quantifier(kind, ir.Var(var, record), fact(source, type=ir.ListType(record)), body)


def rule(
    rid: str,
    outcome: str,
    modality: str,
    condition: ir.Expr,
    priority: int = 0,
    kind: str = "provision",
) -> ir.Rule:
    return ir.Rule(
        rid, rid, outcome, modality, condition, priority, f"cites {rid}", f"text {rid}", kind=kind
    )


def program(
    rules: tuple[ir.Rule, ...] = (),
    duties: tuple[ir.Duty, ...] = (),
    limits: tuple[ir.Limit, ...] = (),
) -> ir.Program:
    meta = ir.StatuteMeta("xx/test", "Test", "xx", "Test Act", "proposed")
    return ir.Program(
        meta, rules, duties, limits, (), (), (), (), (), f"sha256:test{next(_digests)}"
    )


def condition_program(condition: ir.Expr) -> ir.Program:
    """`hold permitted if condition` over `hold prohibited`: the hold outcome shows the
    condition's value (true: permitted, false: prohibited, unknown: undetermined)."""
    return program(
        (
            rule("(a)", "hold", "prohibited", ir.TRUE),
            rule("(b)", "hold", "permitted", condition, priority=1),
        )
    )


def truth(condition: ir.Expr, data: dict[str, Any]) -> bool | None:
    """The condition's value as the compiled backend computes it (checked against the
    interpreter on the way)."""
    prog = condition_program(condition)
    hold = compile_program(prog).outcomes(data)["hold"]
    assert compile_program(prog).evaluate(data) == interp.evaluate(prog, data)
    return {"permitted": True, "prohibited": False, "undetermined": None}[hold]


def kleene_and(values: tuple[bool | None, ...]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def kleene_or(values: tuple[bool | None, ...]) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


# ---- every node class ------------------------------------------------------------------------

X, Y, Z = fact("person", "x"), fact("person", "y"), fact("person", "z")
AGE = fact("person", "age", type=INT)
CASE_DATE = fact("date", type=DATE)
LEVEL_IS_FELONY = ir.Compare("=", field("c", "level", LEVEL), ir.Const("felony", LEVEL))

# one boolean condition per IR expression class, exercising it
NODE_SAMPLES: dict[type, ir.Expr] = {
    ir.Const: ir.Or((ir.Const(False, B), X)),
    ir.SetConst: ir.Member(fact("agency", type=LEVEL), ir.SetConst(("felony", "violation"), LEVEL)),
    ir.Fact: X,
    ir.Var: quant(
        "any", "k", "kinds", ir.Compare("=", ir.Var("k", KIND), ir.Const("hold", KIND)), record=KIND
    ),
    ir.Field: quant("any", "c", "convictions", LEVEL_IS_FELONY),
    ir.Not: ir.Not(X),
    ir.And: ir.And((X, Y)),
    ir.Or: ir.Or((X, Y)),
    ir.Compare: ir.Compare(">=", AGE, ir.Const(21, INT)),
    ir.Member: ir.Member(ir.Const("hold", KIND), fact("request", "kinds", type=ir.ListType(KIND))),
    ir.IntArith: ir.Compare(">", ir.IntArith("+", AGE, ir.Const(5, INT)), ir.Const(30, INT)),
    ir.ShiftDate: ir.Compare(
        "<=", ir.ShiftDate(CASE_DATE, ir.Duration(years=1), -1), fact("person", "since", type=DATE)
    ),
    ir.IsKnown: ir.IsKnown(AGE),
    ir.Quantifier: ir.Compare(
        ">=", quant("count", "c", "convictions", LEVEL_IS_FELONY), ir.Const(2, INT)
    ),
}

NODE_DATA: list[dict[str, Any]] = [
    {},
    {
        "agency": "felony",
        "person": {"x": True, "y": False, "age": 30, "since": dt.date(2019, 6, 1)},
        "date": dt.date(2020, 2, 29),
        "kinds": ["interview", "hold"],
        "request": {"kinds": ["hold"]},
        "convictions": [{"level": "felony"}, {"level": "felony"}],
    },
    {
        "agency": "misdemeanor",
        "person": {"x": False, "y": None, "age": 20, "since": dt.date(2019, 2, 27)},
        "date": dt.date(2020, 2, 29),
        "kinds": [],
        "request": {"kinds": []},
        "convictions": [{"level": "misdemeanor"}, {}],
    },
    {
        "person": {"x": None, "y": True},
        "kinds": ["transfer"],
        "request": {},
        "convictions": [{"level": "felony"}, {"level": None}],
    },
]


def test_every_ir_expression_node_has_a_sample() -> None:
    assert set(NODE_SAMPLES) == set(ir.EXPR_NODES)


@pytest.mark.parametrize("node", ir.EXPR_NODES, ids=lambda n: n.__name__)
def test_every_ir_expression_node_compiles_and_agrees(node: type) -> None:
    prog = condition_program(NODE_SAMPLES[node])
    compiled = compile_program(prog)
    results = set()
    for data in NODE_DATA:
        assert compiled.evaluate(data) == interp.evaluate(prog, data)
        results.add(compiled.outcomes(data)["hold"])
    assert len(results) >= 2, "the sample data should move the condition"


def test_an_unknown_node_is_refused_by_name() -> None:
    @attrs.frozen
    class Mystery:
        span: Any = None

    prog = condition_program(Mystery())  # type: ignore[arg-type]
    with pytest.raises(ir.UnsupportedNode) as raised:
        compile_program(prog)
    assert raised.value.backend == BACKEND == "python"
    assert "Mystery" in str(raised.value) and "python" in str(raised.value)


# ---- three-valued logic ----------------------------------------------------------------------

TRUTHS = (True, False, None)


@pytest.mark.parametrize("values", list(itertools.product(TRUTHS, repeat=3)))
def test_and_or_not_follow_kleene_tables(values: tuple[bool | None, ...]) -> None:
    data = {"person": dict(zip("xyz", values, strict=True))}
    assert truth(ir.And((X, Y, Z)), data) is kleene_and(values)
    assert truth(ir.Or((X, Y, Z)), data) is kleene_or(values)
    assert truth(ir.Not(X), data) is (None if values[0] is None else not values[0])
    mixed = ir.Or((ir.And((X, Y)), ir.Not(Z)))
    expected = kleene_or((kleene_and(values[:2]), None if values[2] is None else not values[2]))
    assert truth(mixed, data) is expected


def test_a_repeated_operand_is_harmless() -> None:
    for value in TRUTHS:
        data = {"person": {"x": value}}
        assert truth(ir.Or((X, X, X)), data) is value
        assert truth(ir.And((X, ir.TRUE, X)), data) is value


def test_comparisons_are_unknown_when_a_side_is() -> None:
    for op, age, expected in [
        ("=", 21, True),
        ("!=", 21, False),
        ("<", 20, True),
        ("<=", 22, False),
        (">", 22, True),
        (">=", 20, False),
        ("<", None, None),
        ("=", None, None),
    ]:
        assert truth(ir.Compare(op, AGE, ir.Const(21, INT)), {"person": {"age": age}}) is expected
        negated = truth(ir.Not(ir.Compare(op, AGE, ir.Const(21, INT))), {"person": {"age": age}})
        assert negated is (None if expected is None else not expected)


def test_is_known_is_never_unknown() -> None:
    assert truth(ir.IsKnown(AGE), {"person": {"age": 0}}) is True
    assert truth(ir.IsKnown(AGE), {"person": {"age": None}}) is False
    assert truth(ir.IsKnown(AGE), {}) is False
    assert truth(ir.Not(ir.IsKnown(ir.And((X, Y)))), {"person": {"x": True}}) is True


def test_membership_in_a_list_follows_the_semantics_table() -> None:
    kinds = fact("request", "kinds", type=ir.ListType(KIND))
    element = fact("person", "kind", type=KIND)
    member = ir.Member(element, kinds)
    assert truth(member, {"request": {"kinds": ["hold"]}, "person": {"kind": "hold"}}) is True
    assert truth(member, {"request": {"kinds": ["hold"]}, "person": {"kind": "transfer"}}) is False
    assert truth(member, {"request": {}, "person": {"kind": "hold"}}) is None
    # an unknown element: false for an empty list, else unknown
    assert truth(member, {"request": {"kinds": []}, "person": {}}) is False
    assert truth(member, {"request": {"kinds": ["hold"]}, "person": {}}) is None
    in_set = ir.Member(element, ir.SetConst(("hold", "transfer"), KIND))
    assert truth(in_set, {"person": {"kind": "transfer"}}) is True
    assert truth(in_set, {"person": {}}) is None
    assert truth(ir.Not(in_set), {"person": {"kind": "interview"}}) is True
    assert truth(ir.Not(in_set), {"person": {}}) is None


@pytest.mark.parametrize(
    ("convictions", "any_", "all_", "count"),
    [
        (None, None, None, None),  # the list unknown
        ([], False, True, 0),
        ([{"level": "felony"}, {"level": "misdemeanor"}], True, False, 1),
        ([{"level": "felony"}, {}], True, None, None),
        ([{"level": "misdemeanor"}, {}], None, False, None),
        ([{"level": "felony"}, {"level": "felony"}], True, True, 2),
    ],
)
def test_quantifiers_follow_the_semantics_table(
    convictions: list[dict[str, Any]] | None,
    any_: bool | None,
    all_: bool | None,
    count: int | None,
) -> None:
    data = {"convictions": convictions}
    assert truth(quant("any", "c", "convictions", LEVEL_IS_FELONY), data) is any_
    assert truth(quant("all", "c", "convictions", LEVEL_IS_FELONY), data) is all_
    no = truth(quant("no", "c", "convictions", LEVEL_IS_FELONY), data)
    assert no is (None if any_ is None else not any_)
    counted = quant("count", "c", "convictions", LEVEL_IS_FELONY)
    for n in range(3):
        at_least = truth(ir.Compare(">=", counted, ir.Const(n, INT)), data)
        assert at_least is (None if count is None else count >= n)


def test_nested_quantifiers_keep_shadowed_variables_apart() -> None:
    """`any c in convictions where (c.level = felony and any c in charges where c.level =
    felony)`: the inner `c` is a charge; reusing the outer `c.level` would be wrong."""
    inner = quant(
        "any",
        "c",
        "charges",
        ir.Compare("=", field("c", "level", LEVEL, CHARGE), ir.Const("felony", LEVEL)),
        record=CHARGE,
    )
    outer = quant("any", "c", "convictions", ir.And((LEVEL_IS_FELONY, inner, LEVEL_IS_FELONY)))
    felony, misdemeanor = {"level": "felony"}, {"level": "misdemeanor"}
    assert truth(outer, {"convictions": [felony], "charges": [misdemeanor]}) is False
    assert truth(outer, {"convictions": [felony], "charges": [misdemeanor, felony]}) is True
    assert truth(outer, {"convictions": [misdemeanor], "charges": [felony]}) is False
    assert truth(outer, {"convictions": [felony], "charges": [{}]}) is None


def test_look_back_windows_clamp_to_the_month_end_and_follow_the_case_date() -> None:
    """`c.date within 5 years before date`, with the case date shift computed once per
    case inside the loop: 2020-02-29 - 5 years = 2015-02-28."""
    when = field("c", "date", DATE)
    window = ir.And(
        (
            ir.Compare("<=", ir.ShiftDate(CASE_DATE, ir.Duration(years=5), -1), when),
            ir.Compare("<=", when, CASE_DATE),
        )
    )
    recent = quant("any", "c", "convictions", window)
    on_edge = {"date": dt.date(2015, 2, 28)}
    too_old = {"date": dt.date(2015, 2, 27)}
    case_date = dt.date(2020, 2, 29)
    assert truth(recent, {"date": case_date, "convictions": [too_old, on_edge]}) is True
    assert truth(recent, {"date": case_date, "convictions": [too_old, too_old]}) is False
    assert truth(recent, {"date": case_date, "convictions": [too_old, {}]}) is None
    assert truth(recent, {"convictions": [on_edge]}) is None  # unknown case date
    assert truth(recent, {"convictions": []}) is False
    later = ir.Compare(
        "<",
        ir.ShiftDate(CASE_DATE, ir.Duration(months=1, days=1), 1),
        fact("person", "since", type=DATE),
    )
    assert (
        truth(later, {"date": dt.date(2020, 1, 31), "person": {"since": dt.date(2020, 3, 1)}})
        is False
    )
    assert (
        truth(later, {"date": dt.date(2020, 1, 31), "person": {"since": dt.date(2020, 3, 2)}})
        is True
    )


def test_date_constants_compile_to_runtime_calls() -> None:
    cutoff = ir.Compare("<", CASE_DATE, ir.Const(dt.date(2014, 1, 1), DATE))
    assert truth(cutoff, {"date": dt.date(2013, 12, 31)}) is True
    assert truth(cutoff, {"date": dt.date(2014, 1, 1)}) is False
    source = compile_program(condition_program(cutoff)).source
    assert "_rt.day(2014, 1, 1)" in source


# ---- outcomes, grounds and open rules ------------------------------------------------------


def test_grounds_are_the_true_rules_of_the_deciding_group_in_order() -> None:
    prog = program(
        (
            rule("(a)", "hold", "prohibited", ir.TRUE),
            rule("(b)(1)", "hold", "permitted", X, priority=1),
            rule("(b)(2)", "hold", "permitted", Y, priority=1),
            rule("(b)(3)", "hold", "permitted", Z, priority=1),
        )
    )
    compiled = compile_program(prog)
    got = compiled.evaluate({"person": {"x": True, "y": False, "z": True}})
    assert got.outcomes["hold"] == "permitted"
    assert got.deciding == {
        "hold": ("(b)(1)", "(b)(3)"),
        "notification": (),
        "transfer": (),
        "interview": (),
    }
    assert got.open_rules == {}
    # (b)(2) unknown but (b)(1) true: determined, no open rules
    got = compiled.evaluate({"person": {"x": True, "z": False}})
    assert (got.outcomes["hold"], got.deciding["hold"], got.open_rules) == (
        "permitted",
        ("(b)(1)",),
        {},
    )
    # none true, two unknown: the law falls through to (a), undetermined
    got = compiled.evaluate({"person": {"x": False}})
    assert got.outcomes["hold"] == "undetermined"
    assert got.open_rules == {"hold": ("(b)(2)", "(b)(3)")}
    assert got.deciding["hold"] == ("(b)(2)", "(b)(3)", "(a)")
    # all false: prohibited by (a)
    got = compiled.evaluate({"person": {"x": False, "y": False, "z": False}})
    assert (got.outcomes["hold"], got.deciding["hold"]) == ("prohibited", ("(a)",))


def test_an_unknown_group_with_the_same_conclusion_does_not_undetermine() -> None:
    prog = program(
        (
            rule("(a)", "hold", "permitted", Y),
            rule("(b)", "hold", "permitted", X, priority=1),
        )
    )
    got = compile_program(prog).evaluate({"person": {"y": True}})
    assert got == interp.evaluate(prog, {"person": {"y": True}})
    assert (got.outcomes["hold"], got.deciding["hold"], got.open_rules) == (
        "permitted",
        ("(a)",),
        {},
    )
    # nothing decides: silent law, permitted, no grounds
    got = compile_program(prog).evaluate({"person": {"y": False}})
    assert (got.outcomes["hold"], got.deciding["hold"], got.open_rules) == ("permitted", (), {})


def test_a_group_with_mixed_conclusions_matches_the_interpreter() -> None:
    """The checker refuses this; the backend still follows the interpreter on it."""
    prog = program(
        (
            rule("(a)", "transfer", "prohibited", X, priority=1),
            rule("(b)", "transfer", "required", Y, priority=1),
            rule("(c)", "transfer", "permitted", ir.TRUE),
        )
    )
    compiled = compile_program(prog)
    for x, y in itertools.product(TRUTHS, repeat=2):
        data = {"person": {"x": x, "y": y}}
        assert compiled.evaluate(data) == interp.evaluate(prog, data), data
        assert compiled.outcomes(data) == dict(interp.evaluate(prog, data).outcomes), data


def test_scope_rules_duties_and_limits() -> None:
    agency = fact("agency", type=LEVEL)
    bound = ir.Member(agency, ir.SetConst(("felony",), LEVEL))
    scope = ir.Not(bound)
    prog = program(
        rules=(
            *(
                rule(f"scope/{o}", o, "permitted", scope, priority=2, kind="scope")
                for o in ir.OUTCOMES
            ),
            rule("(b)", "hold", "prohibited", ir.TRUE),
            rule("(c)", "notification", "required", ir.TRUE),
        ),
        duties=(
            ir.Duty("always", "t", "(c)", "c", bound),
            ir.Duty("if-x", "t", "(c)", "c", ir.And((bound, X))),
        ),
        limits=(
            ir.Limit("hold", 48, (), "actual", "(c)", "c", bound),
            ir.Limit("hold", 24, (), "actual", "(c)", "c", ir.And((bound, Y))),
        ),
    )
    compiled = compile_program(prog)
    cases: list[dict[str, Any]] = [
        {"agency": "felony", "person": {"x": True, "y": None}},
        {"agency": "violation", "person": {"x": True, "y": True}},
        {"person": {"x": False, "y": True}},
        {"agency": "felony", "person": {"x": None, "y": False}},
    ]
    for data in cases:
        assert compiled.evaluate(data) == interp.evaluate(prog, data), data
    got = compiled.evaluate(cases[0])
    assert (got.duties, got.open_duties, got.limits, got.open_limits) == (
        ("always", "if-x"),
        (),
        (0,),
        (1,),
    )
    got = compiled.evaluate(cases[1])
    assert (got.duties, got.limits) == ((), ())
    assert got.deciding["hold"] == ("scope/hold",)
    got = compiled.evaluate(cases[2])
    assert got.outcomes == {
        "hold": "undetermined",
        "notification": "undetermined",
        "transfer": "permitted",
        "interview": "permitted",
    }
    assert (got.open_duties, got.open_limits) == (("always",), (0, 1))


def test_outcomes_and_evaluate_agree_and_do_not_share_state() -> None:
    prog = condition_program(X)
    compiled = compile_program(prog)
    first = compiled.outcomes({"person": {"x": True}})
    first["hold"] = "tampered"
    assert compiled.outcomes({"person": {"x": True}})["hold"] == "permitted"
    for value in TRUTHS:
        data = {"person": {"x": value}}
        assert compiled.outcomes(data) == dict(compiled.evaluate(data).outcomes)
        assert compiled.evaluate(data).trace is None


# ---- the generated module and the cache ------------------------------------------------------


def test_the_source_is_the_module_that_runs() -> None:
    prog = condition_program(ir.And((X, quant("any", "c", "convictions", LEVEL_IS_FELONY))))
    compiled = compile_program(prog)
    tree = ast.parse(compiled.source)
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Import)]
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert [(i.module, [(a.name, a.asname) for a in i.names]) for i in imports] == [
        ("trustlaw.backends", [("_runtime", "_rt")])
    ]
    assert ast.unparse(generate(prog)) == compiled.source
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert functions == {"_outcomes", "_evaluate"}


def test_compile_program_is_cached_by_digest() -> None:
    prog = condition_program(X)
    first = compile_program(prog)
    assert compile_program(prog) is first
    assert compile_program(attrs.evolve(prog)) is first  # an equal program
    other = attrs.evolve(prog, rules=(rule("(a)", "hold", "prohibited", ir.Not(X)),))
    changed = compile_program(other)  # same digest, different rules: never the stale code
    assert changed is not first
    assert changed.outcomes({"person": {"x": False}})["hold"] == "prohibited"
    assert first.outcomes({"person": {"x": False}})["hold"] == "prohibited"
    assert compile_program(attrs.evolve(prog, digest="sha256:another")) is not first


def test_runtime_results_table_matches_the_modalities() -> None:
    for modality, bit in _runtime.BITS.items():
        assert _runtime.RESULT[bit] == modality
    for mask in range(1, 8):
        if mask not in _runtime.BITS.values():
            assert _runtime.RESULT[mask] == "undetermined"
    assert set(_runtime.BITS) == set(ir.MODALITIES)
