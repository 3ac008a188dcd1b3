"""Lowering random conditions: never a traceback, every problem a located diagnostic,
and whatever is accepted is well-typed IR with every variable bound."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.diagnostics import StatuteError
from trustlaw.language.parser import parse
from trustlaw.lowering.files import default_vocabulary
from trustlaw.lowering.program import lower

VOCAB = default_vocabulary()

ATOMS = [
    "person.age", "person", "person.gang_database", "date", "agency", "request.kinds",
    "request.form", "convictions", "charges", "c", "c.level", "c.date", "c.tags", "c.felony_class",
    "felony", "felny", "homicide", "county_jail", '"I-247A"', '"ca.serious_felony"', "5",
    "2014-01-01", "5 years", "true", "false", "{A, B}", "{}", "{felony, misdemeanor}", "x.y",
    "adult(person)", "felon(c)", "felon", "persn.age",
]
SOURCES = ["convictions", "charges", "c.tags", "person", "request.kinds", "warrants"]
TEMPLATES = [
    "{a} and {b}", "{a} or {b}", "{a} implies {b}", "not {a}", "{a} = {b}", "{a} != {b}",
    "{a} < {b}", "{a} >= {b}", "{a} + {b}", "{a} - {b}", "{a} in {b}", "{a} not in {b}",
    "{a} within 5 years before {b}", "{a} within 2 months after {b}", "{a} is known",
    "{a} is unknown", "({a})",
]
QUANTS = ["any", "all", "no", "count"]

DEFINITIONS = """
definition adult(p: person) {
  cites "T § 2"
  means p.age >= 18
}
definition felon(x: conviction) {
  cites "T § 3"
  means x.level = felony and (any c in convictions where c.date > x.date)
}
"""

# Reads both definitions, so that a condition using neither leaves none unused (TL-W004),
# without a rule of its own beside the condition's.
READ = """
invariant "the definitions are read" {
  assume adult(person) or (any c in convictions where felon(c))
  ensure interview is not undetermined
}
"""


def expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.builds(lambda t, a, b: t.format(a=a, b=b), st.sampled_from(TEMPLATES),
                           inner, inner)
        quantified = st.builds(
            lambda q, v, s, body: f"({q} {v} in {s} where {body})",
            st.sampled_from(QUANTS), st.sampled_from(["c", "t", "x"]),
            st.sampled_from(SOURCES), inner,
        )
        return binary | quantified

    return st.recursive(st.sampled_from(ATOMS), extend, max_leaves=8)


def check_typed(e: ir.Expr, env: dict[str, ir.Type]) -> ir.Type:
    """An independent type checker for lowered IR; raises AssertionError when ill-typed."""
    if isinstance(e, ir.Const):
        return e.type
    if isinstance(e, ir.SetConst):
        return ir.ListType(e.element)
    if isinstance(e, ir.Fact):
        return e.type
    if isinstance(e, ir.Var):
        assert env.get(e.name) == e.type, f"unbound or mistyped {e.name}"
        return e.type
    if isinstance(e, ir.Field):
        assert env.get(e.record.name) == e.record.type
        assert isinstance(e.record.type, ir.RecordType)
        record = VOCAB.record(e.record.type.name)
        assert record is not None and record.field(e.name) is not None
        return e.type
    if isinstance(e, ir.Not):
        assert check_typed(e.operand, env) == ir.BOOL
        return ir.BOOL
    if isinstance(e, (ir.And, ir.Or)):
        assert len(e.operands) >= 2
        assert all(check_typed(o, env) == ir.BOOL for o in e.operands)
        assert not any(isinstance(o, type(e)) for o in e.operands), "not flattened"
        return ir.BOOL
    if isinstance(e, ir.Compare):
        left, right = check_typed(e.left, env), check_typed(e.right, env)
        assert left == right
        if e.op not in ("=", "!="):
            assert left in (ir.INT, ir.DATE)
        return ir.BOOL
    if isinstance(e, ir.Member):
        element, collection = check_typed(e.element, env), check_typed(e.collection, env)
        assert collection == ir.ListType(element)
        return ir.BOOL
    if isinstance(e, ir.IntArith):
        assert check_typed(e.left, env) == ir.INT and check_typed(e.right, env) == ir.INT
        return ir.INT
    if isinstance(e, ir.ShiftDate):
        assert check_typed(e.date, env) == ir.DATE
        return ir.DATE
    if isinstance(e, ir.IsKnown):
        check_typed(e.operand, env)
        return ir.BOOL
    assert isinstance(e, ir.Quantifier)
    assert e.var.name not in env, "a quantifier shadows a bound variable"
    source = check_typed(e.source, env)
    assert source == ir.ListType(e.var.type)
    assert check_typed(e.body, {**env, e.var.name: e.var.type}) == ir.BOOL
    return ir.INT if e.kind == "count" else ir.BOOL


@settings(max_examples=300, deadline=None)
@given(expressions())
def test_lowering_random_conditions(condition: str) -> None:
    text = (
        'statute "t/fuzz" { title "T" jurisdiction "t" citation "T" status proposed }\n'
        + DEFINITIONS
        + f'provision (a) {{\n  cites "T § 1"\n  hold permitted if {condition}\n}}\n'
    )
    try:
        law = parse(text, "fuzz.law")
    except StatuteError:
        return
    program, diagnostics = lower(law, VOCAB)
    for d in diagnostics:
        assert d.code.startswith("TL-") and d.message and d.span is not None
        assert "Type" not in d.message and "None" not in d.message
    if program is None:
        assert any(d.is_error for d in diagnostics)
        return
    (rule,) = program.rules
    assert check_typed(rule.condition, {}) == ir.BOOL


# ---- well-typed conditions: the checker must accept them and produce typed IR ----------

BOOL_FACTS = ["person.gang_database", "person.written_consent", "reimbursement_agreement",
              "request.judicial_warrant"]
INT_FACTS = ["person.age", "5", "18"]
DATE_FACTS = ["date", "2014-01-01"]
ENUM_TESTS = ["agency = county_jail", 'request.form = "I-247A"', "agency != other",
              "agency in {state_police, county_jail}", '"hold" in request.kinds',
              "notification not in request.kinds"]


@st.composite
def typed_condition(draw: st.DrawFn, depth: int = 3, var: str | None = None) -> str:
    choices = ["fact", "int", "date", "enum", "known"]
    if var is not None:
        choices += ["field", "field", "tag"]
    if depth > 0:
        choices += ["and", "or", "not", "implies", "quant", "quant", "def"]
    kind = draw(st.sampled_from(choices))
    ints = INT_FACTS + ([f"{var}.age_at_judgment"] if var else [])
    dates = DATE_FACTS + ([f"{var}.date", f"{var}.release_date"] if var else [])
    if kind == "fact":
        return draw(st.sampled_from(BOOL_FACTS))
    if kind == "int":
        left, right = draw(st.sampled_from(ints)), draw(st.sampled_from(ints))
        op = draw(st.sampled_from(["=", "!=", "<", "<=", ">", ">="]))
        plus = draw(st.sampled_from(["", " + 3", " - 1"]))
        return f"{left}{plus} {op} {right}"
    if kind == "date":
        left, right = draw(st.sampled_from(dates)), draw(st.sampled_from(dates))
        form = draw(st.sampled_from([
            "{a} < {b} - 5 years", "{a} within 10 years before {b}", "{a} >= {b} + 30 days",
            "{a} within 6 months after {b}",
        ]))
        return form.format(a=left, b=right)
    if kind == "enum":
        return draw(st.sampled_from(ENUM_TESTS))
    if kind == "known":
        target = draw(st.sampled_from([*ints, *dates, "agency", "convictions"]))
        return f"{target} is {draw(st.sampled_from(['known', 'unknown']))}"
    if kind == "field":
        return draw(st.sampled_from([
            f"{var}.level = felony", f"{var}.felony_class in {{A, B}}",
            f"{var}.youthful_offender", f"{var}.court != this_state",
        ]))
    if kind == "tag":
        return draw(st.sampled_from([
            f'"ca.serious_felony" in {var}.tags', f"homicide in {var}.tags",
            f"(any t in {var}.tags where t = homicide)",
        ]))
    if kind == "def":
        return draw(st.sampled_from(["adult(person)"] + ([f"felon({var})"] if var else [])))
    if kind == "not":
        return f"not ({draw(typed_condition(depth - 1, var))})"
    if kind == "quant":
        name = draw(st.sampled_from(["c", "d"]))
        body = draw(typed_condition(depth - 1, name))
        quant = draw(st.sampled_from(["any", "all", "no", "count"]))
        if quant == "count":
            return f"(count {name} in convictions where {body}) >= 2"
        return f"({quant} {name} in convictions where {body})"
    left = draw(typed_condition(depth - 1, var))
    right = draw(typed_condition(depth - 1, var))
    return f"({left}) {kind} ({right})"


@settings(max_examples=200, deadline=None)
@given(typed_condition())
def test_well_typed_conditions_lower_to_well_typed_ir(condition: str) -> None:
    text = (
        'statute "t/fuzz" { title "T" jurisdiction "t" citation "T" status proposed }\n'
        + DEFINITIONS + READ
        + f'provision (a) {{\n  cites "T § 1"\n  hold permitted if {condition}\n}}\n'
    )
    program, diagnostics = lower(parse(text, "fuzz.law"), VOCAB)
    assert diagnostics == [], [d.message for d in diagnostics]
    assert program is not None
    (rule,) = program.rules
    assert check_typed(rule.condition, {}) == ir.BOOL
