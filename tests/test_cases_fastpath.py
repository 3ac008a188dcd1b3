"""The generated fast path of case validation agrees with the detailed path.

`validate` first runs a function generated per vocabulary (`trustlaw.cases.fastpath`) and
falls back to the detailed path, which names every problem, whenever that function declines.
These tests hold the two to each other: on well-formed cases and on cases broken in every way a
case can be broken, the fast path either returns exactly what the detailed path returns
(same values, same types, same keys in the same order) or declines; it never accepts a
case that the detailed path rejects, and it takes every well-formed JSON case.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import functools
import itertools
import math
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.backends import interp
from trustlaw.backends.python import EXPRESSION_NAMES, compile_expression
from trustlaw.cases.fastpath import _fast_audit, _fast_ident
from trustlaw.cases.validation import _validator, example_case, validate
from trustlaw.diagnostics import CaseError
from trustlaw.ir import children
from trustlaw.language.parser import parse
from trustlaw.lowering.files import default_vocabulary
from trustlaw.lowering.vocabulary import build_vocabulary
from trustlaw.testing.strategies import cases

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Text(str):
    """A str subclass: equal to a listed value, but not a JSON string."""


class Record(dict[str, Any]):
    """A dict subclass, which only the detailed path reads."""


# ---- comparing the two paths --------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (``1 == True`` is not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def detailed(case: Any, vocab: ir.Vocabulary) -> tuple[str, Any]:
    """What the detailed path says: ("ok", data) or ("error", every diagnostic)."""
    try:
        return "ok", _validator(vocab).detailed(case)
    except CaseError as error:
        return "error", [(d.code, d.message, d.help) for d in error.diagnostics]


def public(case: Any, vocab: ir.Vocabulary) -> tuple[str, Any]:
    try:
        return "ok", validate(case, vocab)
    except CaseError as error:
        return "error", [(d.code, d.message, d.help) for d in error.diagnostics]


def fast(case: Any, vocab: ir.Vocabulary) -> dict[str, Any] | None:
    function = _validator(vocab).fast
    assert function is not None
    try:
        return function(case)
    except Exception:  # the fast path declines by raising, too
        return None


def json_shaped(value: Any) -> bool:
    """Only what JSON gives (and dates): the fast path must take such a valid case."""
    if type(value) is dict:
        return all(type(k) is str and json_shaped(v) for k, v in value.items())
    if type(value) is list:
        return all(json_shaped(v) for v in value)
    return type(value) in (str, int, bool, type(None), dt.date)


def snapshot(value: Any) -> Any:
    """Everything about a value that validation could change, to compare afterwards."""
    if isinstance(value, (dict, MappingProxyType)):
        return (type(value), id(value), [(k, snapshot(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value), id(value), [snapshot(v) for v in value])
    return (type(value), id(value))


def assert_agree(case: Any, vocab: ir.Vocabulary) -> None:
    """The fast path returns what the detailed path returns, or declines; `validate`
    gives exactly the detailed path's answer; a valid JSON case takes the fast path."""
    before = snapshot(case)
    expected = detailed(case, vocab)
    got = fast(case, vocab)
    if got is not None:
        assert expected[0] == "ok", f"the fast path accepted a case with problems: {expected}"
        assert same(got, expected[1]), (got, expected[1])
    elif expected[0] == "ok" and json_shaped(case):
        raise AssertionError(f"the fast path declined a well-formed case: {case!r}")
    answer = public(case, vocab)
    assert answer[0] == expected[0]
    if answer[0] == "ok":
        assert same(answer[1], expected[1])
    else:
        assert answer[1] == expected[1]  # the very same diagnostics, in the same order
    assert snapshot(case) == before, "validation changed its input"


# ---- breaking cases -----------------------------------------------------------------------

Draw = Callable[[st.SearchStrategy[Any]], Any]

# values put where any value goes: wrong kinds, near misses, and some that are right
ODD_VALUES: tuple[Any, ...] = (
    "yes", "true", "", "felony", "hold", "ct.family_violence", "I-247A", "A",
    1, 0, -1, 200, 131, 10**20, 1.5, 34.0, float("nan"), True, False, None,
    [], [None], ["hold", None], ["nope"], [[]], [{}], {}, {"level": "felony"}, ("hold",),
    "2015-02-30", "2015-3-2", "20150302", "2015-W10-1", "2015-03-02T10:00", "last year",
    "2015-03-02", "2009-06-01", "1999-12-31", "2030-01-01",
    dt.date(2015, 3, 2), dt.datetime(2015, 3, 2, 10, 0), Text("felony"), Text("2015-03-02"),
    MappingProxyType({}), {"years": 5},
)


def odd_value(draw: Draw) -> Any:
    """One of `ODD_VALUES`, its lists and dicts fresh (later changes must not touch it)."""

    def fresh(value: Any) -> Any:
        if type(value) is dict:
            return {k: fresh(v) for k, v in value.items()}
        if type(value) is list:
            return [fresh(v) for v in value]
        return value

    return fresh(draw(st.sampled_from(ODD_VALUES)))


def places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside a case (records, lists and what they hold)."""
    found = [at] if at else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += places(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += places(item, (*at, index))
    return found


def containers(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(value, (dict, list)):
        found.append(at)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            found += containers(item, (*at, key))
    return found


def get(case: Any, at: tuple[Any, ...]) -> Any:
    for key in at:
        case = case[key]
    return case


def put(case: Any, at: tuple[Any, ...], value: Any) -> Any:
    if not at:
        return value
    holder = get(case, at[:-1])
    if isinstance(holder, (dict, list)):  # not inside a tuple or a read-only mapping
        holder[at[-1]] = value
    return case


def break_case(draw: Draw, case: dict[str, Any]) -> Any:
    """One to three changes to a copy of `case`, of any kind a case can be wrong (or
    right in a way only the detailed path reads: a tuple, a dict subclass)."""
    case = copy.deepcopy(case)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from((
            "value", "value", "value", "unknown key", "null in list", "element", "drop",
            "tuple", "mapping", "violation",
        )))
        spots = places(case)
        holders = containers(case)
        if not holders:  # the case itself is no longer a dict
            break
        if kind == "value" and spots:
            case = put(case, draw(st.sampled_from(spots)), odd_value(draw))
        elif kind == "unknown key":
            holder = get(case, draw(st.sampled_from(holders)))
            if isinstance(holder, dict):
                holder[draw(st.sampled_from(("colour", "agncy", "levl", 1, None)))] = True
        elif kind in ("null in list", "element"):
            holder = get(case, draw(st.sampled_from(holders)))
            if isinstance(holder, list):
                item = None if kind == "null in list" else odd_value(draw)
                holder.insert(draw(st.integers(0, len(holder))), item)
        elif kind == "drop" and spots:
            at = draw(st.sampled_from(spots))
            holder = get(case, at[:-1])
            if isinstance(holder, dict):
                del holder[at[-1]]
        elif kind in ("tuple", "mapping"):
            at = draw(st.sampled_from(holders))
            value = get(case, at)
            if kind == "tuple" and isinstance(value, list):
                case = put(case, at, tuple(value))
            elif kind == "mapping" and isinstance(value, dict):
                wrapper: Callable[[Any], Any] = draw(st.sampled_from((MappingProxyType, Record)))
                case = put(case, at, wrapper(value))
        elif kind == "violation" and isinstance(case, dict):
            case = break_a_constraint(draw, case)
    return case


def break_a_constraint(draw: Draw, case: dict[str, Any]) -> dict[str, Any]:
    """A change that breaks (or may break) one of the bundled vocabulary's constraints."""
    convictions = case.get("convictions")
    charges = case.get("charges")
    choice = draw(st.sampled_from(("release", "after", "class", "age", "age at judgment")))
    if choice == "age" and isinstance(case.get("person"), dict):
        case["person"]["age"] = draw(st.sampled_from((-1, 0, 130, 131, 200)))
    elif choice == "class" and isinstance(charges, list) and charges:
        charge = charges[draw(st.integers(0, len(charges) - 1))]
        if isinstance(charge, dict):
            charge["level"] = draw(st.sampled_from(("misdemeanor", "violation", "felony")))
            charge["felony_class"] = "B"
    elif isinstance(convictions, list) and convictions:
        conviction = convictions[draw(st.integers(0, len(convictions) - 1))]
        if not isinstance(conviction, dict):
            return case
        if choice == "release":
            conviction["date"] = "2010-06-01"
            conviction["release_date"] = draw(st.sampled_from(("2010-05-31", "2010-06-01")))
        elif choice == "after":
            case["date"] = "2015-03-02"
            conviction["date"] = draw(st.sampled_from(("2015-03-02", "2015-03-03")))
        elif choice == "class":
            conviction["level"] = draw(st.sampled_from(("misdemeanor", "violation")))
            conviction["felony_class"] = "unclassified"
        else:
            conviction["age_at_judgment"] = draw(st.sampled_from((-1, 0, 130, 131)))
    return case


# ---- the bundled vocabulary --------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab() -> ir.Vocabulary:
    return default_vocabulary()


def test_the_bundled_vocabulary_has_a_fast_path(vocab: ir.Vocabulary) -> None:
    checker = _validator(vocab)
    assert checker.fast is not None
    assert checker.fast_source.startswith("def _fast(_in):")
    # every constraint is compiled, none is left to the interpreter
    assert "_empty" not in checker.fast_source


@pytest.mark.slow
@SETTINGS
@given(cases())
def test_well_formed_cases_take_the_fast_path_and_agree(case: dict[str, Any]) -> None:
    vocab = default_vocabulary()
    assert fast(case, vocab) is not None
    assert_agree(case, vocab)


@pytest.mark.slow
@SETTINGS
@given(cases(), st.data())
def test_broken_cases_agree(case: dict[str, Any], data: st.DataObject) -> None:
    assert_agree(break_case(data.draw, case), default_vocabulary())


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["person"].update(age=True),  # a yes is not a number
        lambda c: c["person"].update(gang_database=1),  # 1 is not a yes
        lambda c: c["person"].update(gang_database=0),
        lambda c: c["request"].update(form=Text("I-247A")),  # not a JSON string
        lambda c: c.update(agency=["county_jail"]),  # unhashable where a name goes
        lambda c: c["request"].update(kinds=[["hold"]]),
        lambda c: c.update(date="2015-02-29"),
        lambda c: c.update(date=dt.datetime(2015, 3, 2)),
        lambda c: c["convictions"][0].update(release_date="2009-05-31"),
        lambda c: c["convictions"].append(None),
        lambda c: c["charges"][0]["tags"].append(None),
        lambda c: c.update({1: True}),
    ],
)
def test_each_kind_of_problem_is_left_to_the_detailed_path(
    change: Callable[[dict[str, Any]], None], vocab: ir.Vocabulary
) -> None:
    case = example_case()
    change(case)
    assert fast(case, vocab) is None
    assert detailed(case, vocab)[0] == "error"
    assert_agree(case, vocab)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update(date=dt.date(2015, 3, 2)),
        lambda c: c["convictions"][0].update(release_date=dt.date(2012, 1, 15)),
        lambda c: c["request"].update(kinds=("hold",)),
        lambda c: c.update(person=MappingProxyType(c["person"])),
        lambda c: c.update(charges=[Record(c["charges"][0])]),
        lambda c: c["charges"][0].update(tags=[Text("ct.family_violence")]),  # one set test
    ],
)
def test_python_values_the_detailed_path_accepts_give_the_same_case(
    change: Callable[[dict[str, Any]], None], vocab: ir.Vocabulary
) -> None:
    case = example_case()
    change(case)
    assert detailed(case, vocab)[0] == "ok"
    assert_agree(case, vocab)


def test_what_is_normalised_is_never_the_input(vocab: ir.Vocabulary) -> None:
    case = example_case()
    data = validate(case, vocab)
    assert data is not case
    assert data["convictions"] is not case["convictions"]
    assert data["convictions"][0] is not case["convictions"][0]
    data["convictions"][0]["date"] = None
    data["convictions"].clear()
    assert case == example_case()


# ---- other vocabularies: every kind of constraint, nested records, lists of dates ----------

VOCABULARY = '''
vocabulary "fast-path-test" { title "A vocabulary that uses every kind of value" }
enum level { felony, misdemeanor, violation }
enum mark { a, b, "c.d" }
record item {
  field when: date
  field until: date
  field level: level
  field n: int
  field flag: bool
  field marks: list of mark
  field days: list of date
}
record box {
  field inner: item
  field label: level
  field items: list of item
}
field date: date
field limit: int
field flag: bool
field items: list of item
field box: box
field numbers: list of int
field flags: list of bool
'''

# each constraint with a case that breaks it
CONSTRAINTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("(count c in items where c.flag) <= limit", {"limit": 0, "items": [{"flag": True}]}),
    (
        "(any c in items where c.level = felony and c.n > 3) implies flag",
        {"flag": False, "items": [{"level": "felony", "n": 4}]},
    ),
    (
        "no c in items where c.when within 2 years before date",
        {"date": "2020-01-01", "items": [{"when": "2019-06-01"}]},
    ),
    (
        "all c in items where c.until is known and c.when is known "
        "implies c.until >= c.when + 30 days",
        {"items": [{"when": "2020-01-01", "until": "2020-01-15"}]},
    ),
    ("all c in items where c.n + 1 <= limit - 2", {"limit": 3, "items": [{"n": 1}]}),
    (
        "all c in items where b in c.marks implies c.level != violation",
        {"items": [{"marks": ["b"], "level": "violation"}]},
    ),
    (
        "all c in items where not (c.level in {felony, misdemeanor}) or c.flag",
        {"items": [{"level": "felony", "flag": False}]},
    ),
    (
        "flag or box.label = felony or limit is unknown or limit > 4",
        {"flag": False, "box": {"label": "violation"}, "limit": 2},
    ),
    ("not (box.inner.n > 5)", {"box": {"inner": {"n": 6}}}),
    (
        "all c in items where (any d in c.days where d > date) implies c.flag",
        {"date": "2020-01-01", "items": [{"days": ["2020-01-02"], "flag": False}]},
    ),
    ("flag = (box.label = felony)", {"flag": True, "box": {"label": "misdemeanor"}}),
    (
        "box.inner.n >= 0 and box.inner.n < 7 and box.inner.when < 2020-01-01",
        {"box": {"inner": {"when": "2020-01-01"}}},
    ),
    ("limit in numbers", {"limit": 3, "numbers": [1, 2]}),
    ("all c in box.items where c.n > limit", {"limit": 3, "box": {"items": [{"n": 3}]}}),
    (
        "(count c in items where c.n > 2) = (count c in box.items where c.n > 2)",
        {"items": [{"n": 3}], "box": {"items": []}},
    ),
    (
        "all c in items where all d in c.days where d >= c.when",
        {"items": [{"when": "2020-01-02", "days": ["2020-01-01"]}]},
    ),
    (
        "date - 1 month <= box.inner.when",  # 2020-03-31 - 1 month = 2020-02-29
        {"date": "2020-03-31", "box": {"inner": {"when": "2020-02-28"}}},
    ),
    ("not flag and not (limit = 3)", {"flag": True}),
    (
        "all c in items where c.when <= date and (c.flag or c.level = violation or c.n = 2)",
        {
            "date": "2020-01-01",
            "items": [{"when": "2020-01-01", "flag": False, "level": "felony", "n": 1}],
        },
    ),
    (
        "all c in items where (no d in c.days where d = c.when) or c.n in {1, 2}",
        {"items": [{"when": "2020-01-01", "days": ["2020-01-01"], "n": 3}]},
    ),
    (  # the inner list changes with each element: nothing of it is kept from the first
        "not (any c in items where (any d in c.days where d > date))",
        {"date": "2020-01-01", "items": [{"days": []}, {"days": ["2020-01-02"]}]},
    ),
)


def build(constraint: str) -> ir.Vocabulary:
    text = VOCABULARY + f'constraint "the test constraint" {{ means {constraint} }}\n'
    built, diagnostics = build_vocabulary(parse(text))
    assert built is not None, [d.message for d in diagnostics]
    return built


DAYS = st.dates(dt.date(2019, 11, 1), dt.date(2020, 2, 28))


def raw_value(type_: ir.Type, vocab: ir.Vocabulary) -> st.SearchStrategy[Any]:
    """Raw JSON values of a type, from small ranges so that constraints break often."""
    if isinstance(type_, ir.BoolType):
        return st.booleans()
    if isinstance(type_, ir.IntType):
        return st.integers(-1, 8)
    if isinstance(type_, ir.DateType):
        return DAYS.map(dt.date.isoformat)
    if isinstance(type_, ir.EnumType):
        return st.sampled_from(type_.values)
    if isinstance(type_, ir.ListType):
        return st.lists(raw_value(type_.element, vocab), max_size=3)
    if isinstance(type_, ir.RecordType):
        info = vocab.record(type_.name)
        assert info is not None
        return raw_record(info.fields, vocab)
    raise AssertionError(type_)


def raw_record(fields: tuple[ir.FieldInfo, ...], vocab: ir.Vocabulary) -> st.SearchStrategy[Any]:
    """Records with most fields known, some null, some left out."""

    @st.composite
    def record(draw: Draw) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:
            presence = draw(st.integers(0, 9))  # 0: left out, 1: null, else a value
            if presence:
                out[f.name] = None if presence == 1 else draw(raw_value(f.type, vocab))
        return out

    return record()


@pytest.mark.slow
@pytest.mark.parametrize(("constraint", "breaking"), CONSTRAINTS)
def test_every_kind_of_constraint_is_compiled_and_agrees(
    constraint: str, breaking: dict[str, Any]
) -> None:
    vocab = build(constraint)
    checker = _validator(vocab)
    assert checker.fast is not None
    assert "_empty" not in checker.fast_source  # compiled, not left to the interpreter
    assert detailed(breaking, vocab)[0] == "error"
    assert fast(breaking, vocab) is None
    assert_agree(breaking, vocab)

    @settings(max_examples=100, deadline=None, database=None)
    @given(raw_record(vocab.fields, vocab), st.data())
    def agree(case: dict[str, Any], data: st.DataObject) -> None:
        assert_agree(case, vocab)
        assert_agree(break_case(data.draw, case), vocab)

    agree()


def with_constraint(name: str, body: ir.Expr, tag: str) -> ir.Vocabulary:
    """The test vocabulary with one hand-built constraint (one the statute language
    cannot write)."""
    base = build("limit >= 0")
    return attrs.evolve(
        base, constraints=(ir.Constraint(name, body),), digest=f"{base.digest}+{tag}"
    )


def test_a_hand_built_set_of_dates_is_compiled() -> None:
    date_field = ir.Fact(("date",), ir.DATE)
    days = ir.SetConst((dt.date(2020, 1, 1), dt.date(2020, 1, 2)), ir.DATE)
    vocab = with_constraint("not on new year", ir.Not(ir.Member(date_field, days)), "dates")
    checker = _validator(vocab)
    assert checker.fast is not None and "_empty" not in checker.fast_source
    assert validate({"date": "2020-01-03"}, vocab) == {"date": dt.date(2020, 1, 3)}
    with pytest.raises(CaseError) as raised:
        validate({"date": "2020-01-02"}, vocab)
    assert raised.value.errors == ["date: not on new year"]
    for day in ("2020-01-01", "2020-01-03", None):
        assert_agree({"date": day, "limit": 3}, vocab)


def test_a_constraint_the_compiler_refuses_is_interpreted() -> None:
    # generated code holds no float constant; the interpreter checks it in the fast path
    limit = ir.Fact(("limit",), ir.INT)
    above = ir.Compare(">", limit, ir.Const(2.5, ir.INT))  # type: ignore[arg-type]
    vocab = with_constraint("the limit is above 2.5", above, "float")
    checker = _validator(vocab)
    assert checker.fast is not None and "_empty" in checker.fast_source
    assert validate({"limit": 3}, vocab) == {"limit": 3}
    with pytest.raises(CaseError) as raised:
        validate({"limit": 2}, vocab)
    assert raised.value.errors == ["limit: the limit is above 2.5"]
    for value in (2, 3, None):
        assert_agree({"limit": value, "flag": True}, vocab)


# ---- the backend's expression compiler, as the fast path uses it ----------------------------

EXPRESSION = (
    "(date - 1 month <= box.inner.when or (count c in items where c.flag) > limit) and "
    "(all c in box.items where (any d in c.days where d > date) implies c.n in {1, 2})"
)


def facts_of(expr: ir.Expr) -> list[ir.Fact]:
    if isinstance(expr, ir.Fact):
        return [expr]
    return [fact for child in children(expr) for fact in facts_of(child)]


@functools.cache
def expression_function() -> tuple[ir.Expr, tuple[ir.Fact, ...], Callable[..., Any]]:
    """`EXPRESSION` compiled by `compile_expression` into a function of its facts."""
    expr = build(EXPRESSION).constraints[0].body
    facts = tuple(dict.fromkeys(facts_of(expr)))
    held = {fact: f"_h{index}" for index, fact in enumerate(facts)}
    namespace: dict[str, Any] = {"__builtins__": {}, **EXPRESSION_NAMES}

    def bind(key: object, value: object) -> str:
        name = f"_k{len(namespace)}"
        namespace[name] = value
        return name

    names = itertools.count(1000)
    body, result = compile_expression(expr, held, {}, names=names, bind_constant=bind)
    args = ast.arguments(
        posonlyargs=[], args=[ast.arg(name) for name in held.values()], vararg=None,
        kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[],
    )
    function = ast.FunctionDef("_expr", args, [*body, ast.Return(result)], [], None, None)
    module = ast.fix_missing_locations(ast.Module([function], []))
    _fast_audit(module)  # within what the fast path may contain
    stored = {n.id for n in ast.walk(module) if isinstance(n, ast.Name) and n.id[1] in "vem"}
    assert stored and all(int(name[2:]) >= 1000 for name in stored)  # the caller's counter
    exec(compile(module, "<test>", "exec"), namespace)
    return expr, facts, namespace["_expr"]


@functools.cache
def never_false() -> ir.Vocabulary:
    """The test vocabulary with a constraint that is never false: every case drawn validates."""
    return build("flag or not flag")


def fact_value(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_backend_compiles_an_expression_over_the_locals_it_is_given(
    data: st.DataObject,
) -> None:
    expr, facts, function = expression_function()
    vocab = never_false()
    case = validate(data.draw(raw_record(vocab.fields, vocab)), vocab)
    got = function(*(fact_value(case, fact.path) for fact in facts))
    expected = interp.eval_expr(expr, case)
    assert got is expected, (got, expected, case)


def test_the_backend_never_reads_a_fact_it_is_not_given() -> None:
    # in the fast path the input holds dates as text: a fact is read from a checked local
    expr = build("date <= box.inner.when").constraints[0].body
    with pytest.raises(ValueError, match="not held in a local"):
        compile_expression(expr, {}, {}, names=itertools.count(), bind_constant=lambda k, v: "")


def test_a_record_inside_itself_is_left_to_the_detailed_path() -> None:
    node = ir.RecordInfo("node", (ir.FieldInfo("next", ir.RecordType("node"), ""),))
    vocab = ir.Vocabulary(
        name="nodes", fields=(ir.FieldInfo("root", ir.RecordType("node"), ""),),
        records=(node,), enums=(), enum_texts=(), tags=(), constraints=(), digest="test:nodes",
    )
    assert _validator(vocab).fast is None
    assert validate({"root": {"next": {"next": None}}}, vocab) == {"root": {"next": {"next": None}}}
    with pytest.raises(CaseError):
        validate({"root": {"next": {"nxt": None}}}, vocab)


def test_names_from_the_vocabulary_are_only_ever_text_in_the_generated_code() -> None:
    hostile = '__import__("os").system("exit 1")'
    enum = ir.EnumType("kind", (hostile, "x'); import os; ('"))
    record = ir.RecordInfo("r", (ir.FieldInfo("__class__", enum, ""),))
    vocab = ir.Vocabulary(
        name='evil"name', fields=(
            ir.FieldInfo(hostile, ir.RecordType("r"), ""),
            ir.FieldInfo("when", ir.DATE, ""),
            ir.FieldInfo("spans", ir.ListType(ir.DURATION), ""),
        ),
        records=(record,), enums=(enum,), enum_texts=(), tags=(), constraints=(),
        digest="test:hostile",
    )
    checker = _validator(vocab)
    assert checker.fast is not None
    tree = ast.parse(checker.fast_source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            assert node.id.startswith("_") and node.id.isidentifier() and "__" not in node.id
        assert not isinstance(node, (ast.Import, ast.ImportFrom, ast.Lambda))
    case = {hostile: {"__class__": hostile}, "when": "2020-02-29", "spans": [{"years": 1}]}
    assert validate(case, vocab) == {
        hostile: {"__class__": hostile}, "when": dt.date(2020, 2, 29), "spans": [ir.Duration(1)],
    }
    for bad in ({hostile: {"__class__": "os"}}, {"spans": [{"years": -1}]}, {"spans": [None]}):
        assert_agree(bad, vocab)
        assert detailed(bad, vocab)[0] == "error"


def test_the_audit_refuses_what_the_generator_never_writes() -> None:
    for source in (
        "import os",
        "def _fast(_in):\n    return _in.__class__",
        "def _fast(_in):\n    return open",
        "def _fast(_in):\n    return lambda: 1",
        "def _fast(_in):\n    return 1.5",
    ):
        with pytest.raises(ValueError):
            _fast_audit(ast.parse(source))
    for name in ("os", "__import__", "_x1y", "_Fast", "_"):
        with pytest.raises(ValueError):
            _fast_ident(name)
    assert _fast_ident("_v12") == "_v12"
