"""Lowering expressions: type-directed names, sugar (`within`, `no`, `implies`, `unless`),
definitions inlined, and the type errors a statute author sees."""

from __future__ import annotations

import datetime as dt

import pytest

from trustlaw import ir
from trustlaw.diagnostics import Diagnostic
from trustlaw.language.parser import parse
from trustlaw.lowering.files import default_vocabulary
from trustlaw.lowering.program import lower

VOCAB = default_vocabulary()
HEADER = """statute "test/expr" {
  title "Expressions" jurisdiction "test" citation "Test Act" status proposed
}
"""


def _enum(name: str) -> ir.EnumType:
    found = VOCAB.enum(name)
    assert found is not None
    return found


CONVICTION = ir.RecordType("conviction")
CONVICTIONS = ir.Fact(("convictions",), ir.ListType(CONVICTION))
C = ir.Var("c", CONVICTION)
LEVEL = _enum("offense_level")
DATE = ir.Fact(("date",), ir.DATE)


def lowered(condition: str, definitions: str = "") -> ir.Expr:
    """The condition of the one rule of a one-provision statute."""
    program, diagnostics = _lower(condition, definitions)
    assert [d for d in diagnostics if d.is_error] == [], [d.message for d in diagnostics]
    assert program is not None
    (rule,) = program.rules
    return rule.condition


def problems(condition: str, definitions: str = "") -> list[Diagnostic]:
    program, diagnostics = _lower(condition, definitions)
    assert program is None
    return [d for d in diagnostics if d.is_error]


def _lower(condition: str, definitions: str) -> tuple[ir.Program | None, list[Diagnostic]]:
    text = (
        HEADER + definitions
        + '\nprovision (a) {\n  cites "Test Act § 1"\n  hold permitted if ' + condition + "\n}\n"
    )
    return lower(parse(text, "expr.law"), VOCAB)


def test_within_before_is_two_comparisons() -> None:
    cond = lowered("any c in convictions where c.date within 5 years before date")
    assert isinstance(cond, ir.Quantifier)
    d = ir.Field(C, "date", ir.DATE)
    assert cond.body == ir.And((
        ir.Compare("<=", ir.ShiftDate(DATE, ir.Duration(years=5), -1), d),
        ir.Compare("<=", d, DATE),
    ))


def test_within_after() -> None:
    cond = lowered("any c in convictions where date within 18 months after c.release_date")
    assert isinstance(cond, ir.Quantifier)
    r = ir.Field(C, "release_date", ir.DATE)
    assert cond.body == ir.And((
        ir.Compare("<=", r, DATE),
        ir.Compare("<=", DATE, ir.ShiftDate(r, ir.Duration(months=18), 1)),
    ))


def test_count_yields_a_whole_number() -> None:
    cond = lowered("(count c in convictions where c.level = felony) >= 2")
    assert cond == ir.Compare(
        ">=",
        ir.Quantifier("count", C, CONVICTIONS,
                      ir.Compare("=", ir.Field(C, "level", LEVEL), ir.Const("felony", LEVEL))),
        ir.Const(2, ir.INT),
    )


def test_no_is_not_any() -> None:
    cond = lowered("no c in convictions where c.youthful_offender")
    assert cond == ir.Not(ir.Quantifier("any", C, CONVICTIONS,
                                        ir.Field(C, "youthful_offender", ir.BOOL)))


def test_all() -> None:
    cond = lowered("all c in convictions where c.youthful_offender")
    assert cond == ir.Quantifier("all", C, CONVICTIONS, ir.Field(C, "youthful_offender", ir.BOOL))


def test_implies_and_flattening() -> None:
    gang = ir.Fact(("person", "gang_database"), ir.BOOL)
    risk = ir.Fact(("person", "public_safety_risk"), ir.BOOL)
    watch = ir.Fact(("person", "terrorist_watchlist_match"), ir.BOOL)
    assert lowered("person.gang_database implies person.public_safety_risk") == ir.Or(
        (ir.Not(gang), risk)
    )
    assert lowered(
        "person.gang_database and person.public_safety_risk and person.terrorist_watchlist_match"
    ) == ir.And((gang, risk, watch))
    assert lowered(
        "person.gang_database or (person.public_safety_risk or person.terrorist_watchlist_match)"
    ) == ir.Or((gang, risk, watch))


def test_unless() -> None:
    gang = ir.Fact(("person", "gang_database"), ir.BOOL)
    consent = ir.Fact(("person", "written_consent"), ir.BOOL)
    assert lowered("person.gang_database unless person.written_consent") == ir.And(
        (gang, ir.Not(consent))
    )


def test_is_known_and_unknown() -> None:
    age = ir.Fact(("person", "age"), ir.INT)
    assert lowered("person.age is known") == ir.IsKnown(age)
    assert lowered("person.age is unknown") == ir.Not(ir.IsKnown(age))


def test_quoted_and_bare_values_take_the_expected_enum() -> None:
    form = _enum("request_form")
    assert lowered('request.form = "I-247A"') == ir.Compare(
        "=", ir.Fact(("request", "form"), form), ir.Const("I-247A", form)
    )
    # the bare value may come first: the other side still decides what it means
    agency = _enum("agency")
    assert lowered("other = agency") == ir.Compare(
        "=", ir.Const("other", agency), ir.Fact(("agency",), agency)
    )
    fc = _enum("felony_class")
    cond = lowered("any c in convictions where c.felony_class in {B, A}")
    assert isinstance(cond, ir.Quantifier)
    assert cond.body == ir.Member(ir.Field(C, "felony_class", fc), ir.SetConst(("A", "B"), fc))
    tag = _enum("tag")
    cond = lowered('any c in convictions where "ca.serious_felony" in c.tags')
    assert isinstance(cond, ir.Quantifier)
    assert cond.body == ir.Member(ir.Const("ca.serious_felony", tag),
                                  ir.Field(C, "tags", ir.ListType(tag)))
    assert lowered("agency not in {county_jail}") == ir.Not(
        ir.Member(ir.Fact(("agency",), agency), ir.SetConst(("county_jail",), agency))
    )


def test_date_and_whole_number_arithmetic() -> None:
    cond = lowered("any c in convictions where c.date >= date - 10 years")
    assert isinstance(cond, ir.Quantifier)
    assert cond.body == ir.Compare(
        ">=", ir.Field(C, "date", ir.DATE), ir.ShiftDate(DATE, ir.Duration(years=10), -1)
    )
    assert lowered("person.age + 3 >= 21") == ir.Compare(
        ">=", ir.IntArith("+", ir.Fact(("person", "age"), ir.INT), ir.Const(3, ir.INT)),
        ir.Const(21, ir.INT),
    )
    assert lowered("date >= 2014-01-01") == ir.Compare(
        ">=", DATE, ir.Const(dt.date(2014, 1, 1), ir.DATE)
    )


def test_quantifier_over_a_list_field_of_a_bound_record() -> None:
    tag = _enum("tag")
    cond = lowered("any c in convictions where (any t in c.tags where t = homicide)")
    t = ir.Var("t", tag)
    assert isinstance(cond, ir.Quantifier)
    assert cond.body == ir.Quantifier(
        "any", t, ir.Field(C, "tags", ir.ListType(tag)),  # type: ignore[arg-type]
        ir.Compare("=", t, ir.Const("homicide", tag)),
    )


DEFS = """
definition felony(x: conviction) {
  cites "Test Act § 2"
  means x.level = felony
}
definition later_felony(x: conviction) {
  cites "Test Act § 3"
  means any c in convictions where (felony(c) and c.date > x.date)
}
definition two_felonies {
  cites "Test Act § 4"
  means any c in convictions where later_felony(c)
}
"""


def test_parameterised_definitions_substitute_without_capture() -> None:
    cond = lowered("two_felonies", DEFS)
    c2 = ir.Var("c_2", CONVICTION)
    assert cond == ir.Quantifier("any", C, CONVICTIONS, ir.Quantifier(
        "any", c2, CONVICTIONS, ir.And((
            ir.Compare("=", ir.Field(c2, "level", LEVEL), ir.Const("felony", LEVEL)),
            ir.Compare(">", ir.Field(c2, "date", ir.DATE), ir.Field(C, "date", ir.DATE)),
        )),
    ))


def test_record_fact_as_argument() -> None:
    text = """
definition adult(p: person) {
  cites "Test Act § 2"
  means p.age >= 18
}
"""
    assert lowered("adult(person)", text) == ir.Compare(
        ">=", ir.Fact(("person", "age"), ir.INT), ir.Const(18, ir.INT)
    )


def test_enum_argument_is_resolved_from_the_parameter_type() -> None:
    text = """
definition convicted_of(l: offense_level) {
  cites "Test Act § 2"
  means any c in convictions where c.level = l
}
"""
    cond = lowered("convicted_of(misdemeanor)", text)
    assert cond == ir.Quantifier("any", C, CONVICTIONS, ir.Compare(
        "=", ir.Field(C, "level", LEVEL), ir.Const("misdemeanor", LEVEL)
    ))


def test_definition_cycle_is_reported_once() -> None:
    text = """
definition a {
  cites "Test Act § 2"
  means b or person.gang_database
}
definition b {
  cites "Test Act § 3"
  means a
}
"""
    found = problems("a", text)
    assert [d.code for d in found] == ["TL-S005"]
    assert "`a` → `b` → `a`" in found[0].message


@pytest.mark.parametrize(
    ("condition", "code", "fragment"),
    [
        ("person", "TL-T001", "`person` is a `person` record"),
        ("person.age", "TL-T001", "`person.age` is a whole number"),
        ('person.age = "x"', "TL-T010", 'the quoted value "x" is compared with a whole number'),
        ('date >= "2020-01-01"', "TL-T010", '"2020-01-01" is quoted text, but a date is needed'),
        ("any c in convictions where c.level < felony", "TL-T003", "has no order"),
        ("date + 5 >= date", "TL-T004", "adds the number 5 to `date`, a date"),
        ("any x in person where x.age > 3", "TL-T006", "`person` is a `person` record, not a list"),
        ("felony", "TL-T010", "`felony` is a value of `offense_level`, but a yes/no value"),
        ('person.age in request.kinds', "TL-T007", "`person.age` is a whole number"),
        ("person.age.years > 3", "TL-T009", "`person.age` is a whole number, which has no field"),
        ("convicted(person)", "TL-N004", "`convicted` is not a definition"),
        ("person.age in {person.age}", "TL-T011", "a set lists values"),
        ("person.age = date", "TL-T002",
         "`person.age` is a whole number but is compared with `date`, a date"),
        ("date within 5 years before person.age", "TL-T005", "`person.age` is a whole number"),
        ("agency = county_jial", "TL-N003", "`county_jial` is not a value of `agency`"),
        ("agency in {felony, county_jail}", "TL-N003", "`felony` is not a value of `agency`"),
        ("persn.age > 3", "TL-N001", "`persn.age` is not a fact"),
        ("request.kinds = request.kinds", "TL-T003", "cannot be compared"),
    ],
)
def test_type_and_name_errors(condition: str, code: str, fragment: str) -> None:
    found = problems(condition)
    assert [d.code for d in found] == [code], [d.message for d in found]
    assert fragment in found[0].message
    assert found[0].span is not None and found[0].help


def test_messages_never_name_python_types() -> None:
    conditions = ["person", 'person.age = "x"', "date + 5 >= date", "person.age = date",
                  "any x in person where x.age > 3", "person.age in request.kinds"]
    for condition in conditions:
        for d in problems(condition):
            for word in ("int", "str", "bool", "NoneType", "list[", "dict", "IntType"):
                assert f" {word} " not in f" {d.message} ", d.message


def test_did_you_mean_for_names() -> None:
    (d,) = problems("gang_database")
    assert d.help == "did you mean `person.gang_database`?"
    (d,) = problems("any c in convictions where c.levl = felony")
    assert d.code == "TL-N002" and d.help == "did you mean `c.level`?"
    (d,) = problems('request.form = "I-247Z"')
    assert d.code == "TL-N003" and d.help is not None and "I-247" in d.help


def test_call_arity() -> None:
    text = """
definition felony(x: conviction) {
  cites "Test Act § 2"
  means x.level = felony
}
"""
    (d,) = problems("felony", text)
    assert d.code == "TL-T008" and d.help == "write `felony(x)`"
    (d,) = problems("any c in convictions where felony(c, c)", text)
    assert d.code == "TL-T008" and "takes 1 argument" in d.message


def test_a_value_of_another_kind_is_named_as_such_not_matched_to_a_definition() -> None:
    """`agency in {felony, county_jail}` was told "did you mean `recent_felony`?", a
    definition, which a set of values cannot hold."""
    (found,) = problems("agency in {felony, county_jail}")
    assert found.help is not None
    assert found.help.startswith("`felony` is a value of `offense_level`; the values of `agency`")
