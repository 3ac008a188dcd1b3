"""IR program + validated case → Evaluation: the reference interpreter, the oracle.

Every other backend is tested against this module, so it follows docs/semantics.md
line by line. Each expression is turned into a small Python closure (`evaluator`),
then applied; a value of ``None`` is the third truth value, *unknown*. Speed is the
compiled backend's job; this module stays as plain as the semantics. `open_facts`
names the unknown facts that keep a condition open, for explanations.

Conventions of the `Evaluation` it returns (the compiled backend returns the same):

- ``deciding`` has an entry for every outcome: the ids of the rules in its grounds
  (empty when the law is silent);
- ``open_rules`` has an entry only for an undetermined outcome: the ids of the rules
  with an unknown condition in the groups walked before the deciding one (an unknown
  rule inside the deciding group, or below it, cannot change the outcome);
- ``duties``/``limits`` are in program order, each read from its own condition
  (`lower` has already conjoined the law's ``applies if`` scope into it);
- ``trace`` maps every rule id to ``"true"``, ``"false"`` or ``"unknown"``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any

from .. import ir
from ..dates import shift_date
from ..ir import children
from .evaluation import Evaluation

__all__ = [
    "case_path",
    "eval_expr",
    "evaluate",
    "evaluator",
    "open_facts",
    "sorted_paths",
    "truth_word",
    "walk",
]

Env = Mapping[str, Any]
Evaluator = Callable[[Mapping[str, Any], Env], Any]

BACKEND = "interpreter"
_EMPTY_ENV: Env = {}

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub}


# ---- helpers ---------------------------------------------------------------------------


def truth_word(value: object) -> str:
    """The trace word for a condition's value: ``true``, ``false`` or ``unknown``."""
    if value is None:
        return "unknown"
    return "true" if value else "false"


# ---- expressions -------------------------------------------------------------------------


def eval_expr(expr: ir.Expr, data: Mapping[str, Any], env: Env | None = None) -> Any:
    """The value of `expr` on a validated case, or None when it is unknown.

    `env` binds quantifier variables to list elements (records as dicts)."""
    return evaluator(expr)(data, _EMPTY_ENV if env is None else env)


def evaluator(expr: ir.Expr) -> Evaluator:
    """A function ``(data, env) -> value | None`` computing `expr` per docs/semantics.md.

    Raises `ir.UnsupportedNode` for a node class the interpreter does not know."""
    build = _BUILDERS.get(type(expr))
    if build is None:
        raise ir.UnsupportedNode(expr, BACKEND)
    return build(expr)


def _const(expr: ir.Const) -> Evaluator:
    value = expr.value
    return lambda data, env: value


def _set_const(expr: ir.SetConst) -> Evaluator:
    values = frozenset(expr.values)
    return lambda data, env: values


def _fact(expr: ir.Fact) -> Evaluator:
    path = expr.path

    def fact(data: Mapping[str, Any], env: Env) -> Any:
        value: Any = data
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value

    return fact


def _var(expr: ir.Var) -> Evaluator:
    name = expr.name

    def var(data: Mapping[str, Any], env: Env) -> Any:
        try:
            return env[name]
        except KeyError:
            raise LookupError(f"the variable `{name}` is not bound by any quantifier") from None

    return var


def _field(expr: ir.Field) -> Evaluator:
    var = expr.record.name
    name = expr.name

    def field(data: Mapping[str, Any], env: Env) -> Any:
        try:
            element = env[var]
        except KeyError:
            raise LookupError(f"the variable `{var}` is not bound by any quantifier") from None
        if type(element) is dict or isinstance(element, Mapping):
            return element.get(name)
        return None

    return field


def _not(expr: ir.Not) -> Evaluator:
    operand = evaluator(expr.operand)

    def not_(data: Mapping[str, Any], env: Env) -> Any:
        value = operand(data, env)
        return None if value is None else not value

    return not_


def _and(expr: ir.And) -> Evaluator:
    return _kleene(expr.operands, decisive=False)


def _or(expr: ir.Or) -> Evaluator:
    return _kleene(expr.operands, decisive=True)


def _kleene(parts: tuple[ir.Expr, ...], decisive: bool) -> Evaluator:
    """Three-valued `and` (decisive=False) or `or` (decisive=True): one part with the
    decisive value settles it; else any unknown part leaves it unknown."""
    operands = tuple(evaluator(p) for p in parts)

    def junction(data: Mapping[str, Any], env: Env) -> Any:
        unknown = False
        for operand in operands:
            value = operand(data, env)
            if value is None:
                unknown = True
            elif bool(value) is decisive:
                return decisive
        return None if unknown else not decisive

    return junction


def _compare(expr: ir.Compare) -> Evaluator:
    op = _COMPARE.get(expr.op)
    if op is None:
        raise ValueError(f"unknown comparison operator {expr.op!r}")
    return _strict(op, expr.left, expr.right)


def _strict(op: Callable[[Any, Any], Any], left_expr: ir.Expr, right_expr: ir.Expr) -> Evaluator:
    """A binary operator that is unknown when either operand is."""
    left = evaluator(left_expr)
    right = evaluator(right_expr)

    def apply(data: Mapping[str, Any], env: Env) -> Any:
        a = left(data, env)
        if a is None:
            return None
        b = right(data, env)
        if b is None:
            return None
        return op(a, b)

    return apply


def _member(expr: ir.Member) -> Evaluator:
    element = evaluator(expr.element)
    if isinstance(expr.collection, ir.SetConst):
        values = frozenset(expr.collection.values)

        def in_set(data: Mapping[str, Any], env: Env) -> Any:
            value = element(data, env)
            return None if value is None else value in values

        return in_set

    collection = evaluator(expr.collection)

    def in_list(data: Mapping[str, Any], env: Env) -> Any:
        items = collection(data, env)
        if items is None:
            return None
        value = element(data, env)
        if value is None:
            return False if len(items) == 0 else None
        return value in items

    return in_list


def _int_arith(expr: ir.IntArith) -> Evaluator:
    op = _ARITH.get(expr.op)
    if op is None:
        raise ValueError(f"unknown arithmetic operator {expr.op!r}")
    return _strict(op, expr.left, expr.right)


def _shift_date(expr: ir.ShiftDate) -> Evaluator:
    date = evaluator(expr.date)
    duration, sign = expr.duration, expr.sign

    def shift(data: Mapping[str, Any], env: Env) -> Any:
        value = date(data, env)
        return None if value is None else shift_date(value, duration, sign)

    return shift


def _is_known(expr: ir.IsKnown) -> Evaluator:
    operand = evaluator(expr.operand)
    return lambda data, env: operand(data, env) is not None


def _quantifier(expr: ir.Quantifier) -> Evaluator:
    source = evaluator(expr.source)
    body = evaluator(expr.body)
    name = expr.var.name

    def any_(data: Mapping[str, Any], env: Env) -> Any:
        items = source(data, env)
        if items is None:
            return None
        inner = dict(env)
        unknown = False
        for item in items:
            inner[name] = item
            value = body(data, inner)
            if value is None:
                unknown = True
            elif value:
                return True
        return None if unknown else False

    def all_(data: Mapping[str, Any], env: Env) -> Any:
        items = source(data, env)
        if items is None:
            return None
        inner = dict(env)
        unknown = False
        for item in items:
            inner[name] = item
            value = body(data, inner)
            if value is None:
                unknown = True
            elif not value:
                return False
        return None if unknown else True

    def no(data: Mapping[str, Any], env: Env) -> Any:
        value = any_(data, env)
        return None if value is None else not value

    def count(data: Mapping[str, Any], env: Env) -> Any:
        items = source(data, env)
        if items is None:
            return None
        inner = dict(env)
        total = 0
        for item in items:
            inner[name] = item
            value = body(data, inner)
            if value is None:
                return None
            if value:
                total += 1
        return total

    kinds: dict[str, Evaluator] = {"any": any_, "all": all_, "no": no, "count": count}
    chosen = kinds.get(expr.kind)
    if chosen is None:
        raise ValueError(f"unknown quantifier kind {expr.kind!r}")
    return chosen


_BUILDERS: dict[type, Callable[[Any], Evaluator]] = {
    ir.Const: _const,
    ir.SetConst: _set_const,
    ir.Fact: _fact,
    ir.Var: _var,
    ir.Field: _field,
    ir.Not: _not,
    ir.And: _and,
    ir.Or: _or,
    ir.Compare: _compare,
    ir.Member: _member,
    ir.IntArith: _int_arith,
    ir.ShiftDate: _shift_date,
    ir.IsKnown: _is_known,
    ir.Quantifier: _quantifier,
}


# ---- a whole program ---------------------------------------------------------------------


def evaluate(program: ir.Program, data: Mapping[str, Any]) -> Evaluation:
    """Decide every outcome, duty and limit of `program` for a validated case."""
    values: dict[int, bool | None] = {}
    trace: dict[str, str] = {}
    for rule in program.rules:
        value = _truth(eval_expr(rule.condition, data))
        values[id(rule)] = value
        trace[rule.id] = truth_word(value)

    outcomes: dict[str, str] = {}
    deciding: dict[str, tuple[str, ...]] = {}
    open_rules: dict[str, tuple[str, ...]] = {}
    for outcome in ir.OUTCOMES:
        result, grounds, opened = walk(program.rules_for(outcome), values)
        outcomes[outcome] = result
        deciding[outcome] = grounds
        if result == "undetermined":
            open_rules[outcome] = opened

    duties: list[str] = []
    open_duties: list[str] = []
    for duty in program.duties:
        value = _truth(eval_expr(duty.condition, data))
        if value is True:
            duties.append(duty.id)
        elif value is None:
            open_duties.append(duty.id)

    limits: list[int] = []
    open_limits: list[int] = []
    for index, limit in enumerate(program.limits):
        value = _truth(eval_expr(limit.condition, data))
        if value is True:
            limits.append(index)
        elif value is None:
            open_limits.append(index)

    return Evaluation(
        outcomes=outcomes,
        deciding=deciding,
        open_rules=open_rules,
        duties=tuple(duties),
        open_duties=tuple(open_duties),
        limits=tuple(limits),
        open_limits=tuple(open_limits),
        trace=trace,
    )


def walk(
    rules: Sequence[ir.Rule], values: Mapping[int, bool | None]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """One outcome from its rules (highest priority first) and their conditions' values
    (keyed by ``id(rule)``): the result, the ids of its grounds, the ids of the unknown
    rules walked before the deciding group (docs/semantics.md, "Outcomes")."""
    possible: set[str] = set()
    opened: list[str] = []
    decided: set[str] = {"permitted"}  # silent law: the baseline
    deciders: list[str] = []
    for _priority, group in groupby(rules, key=lambda r: r.priority):
        members = list(group)
        true_rules = [r for r in members if values[id(r)] is True]
        if true_rules:
            decided = {r.modality for r in true_rules}
            deciders = [r.id for r in true_rules]
            break
        for rule in members:
            if values[id(rule)] is None:
                possible.add(rule.modality)
                opened.append(rule.id)
    results = possible | decided
    if len(results) == 1:
        return next(iter(results)), tuple(deciders), ()
    return "undetermined", tuple(opened + deciders), tuple(opened)


def _truth(value: object) -> bool | None:
    """A condition's value as true / false / unknown."""
    return None if value is None else bool(value)


# ---- which unknown facts keep a condition open ---------------------------------------------


#: How many list elements `open_facts` reads one by one (each element's condition read
#: whole, a list inside it costing its length) before it lists every unknown fact under
#: the condition instead (`every_open_fact`): a list quantified inside another
#: (Bernalillo's two misdemeanors, one before the other) is read a pair at a time, so a
#: thousand unknown convictions took 16 million readings (15 s) without it.
OPEN_FACTS_BUDGET = 20_000


class OverBudget(Exception):
    """An `open_facts` walk read more parts than `OPEN_FACTS_BUDGET` allows."""


class Budget:
    """What is left of an `open_facts` walk's budget of elements (`spend` raises
    `OverBudget`)."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left

    def spend(self, amount: int = 1) -> None:
        self.left -= amount
        if self.left < 0:
            raise OverBudget


def open_facts(expr: ir.Expr, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The unknown facts that keep `expr` unknown, as sorted case paths.

    Only facts under unknown parts count: in ``a or b`` with `a` false and `b`
    unknown, only `b`'s facts; in ``any c in charges where …``, only the elements whose
    condition is unknown (``charges[1].bond_posted``, not the bond of a charge that
    is known not to qualify). Empty when `expr` is known. Where that would take too long
    (`OPEN_FACTS_BUDGET`), every unknown fact under `expr` (`every_open_fact`)."""
    found: set[str] = set()
    try:
        budget = Budget(OPEN_FACTS_BUDGET)
        budget.spend(inner_lengths(expr, data))
        _open(expr, data, {}, {}, found, budget)
    except OverBudget:
        found = set()
        if eval_expr(expr, data, {}) is None:
            every_open_fact(expr, data, {}, found)
    return sorted_paths(found)


def sorted_paths(paths: Iterable[str]) -> tuple[str, ...]:
    """Case paths in the case's own order: ``convictions[2]`` before ``convictions[10]``
    (as text, "10" sorts before "2"; text order serves while no index has two digits)."""
    ordered = sorted(paths)
    if any(_LONG_INDEX.search(path) for path in ordered):
        ordered.sort(key=_path_order)
    return tuple(ordered)


def _path_order(path: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(path))


_DIGITS = re.compile(r"(\d+)")
_LONG_INDEX = re.compile(r"\[\d\d")


# A condition's quantifiers over the case's lists, outermost first: (the list, those
# inside its body); a quantifier over an element's own list (`c.tags`) is passed through.
Quantified = tuple[tuple[ir.Fact, "Quantified"], ...]


def inner_lengths(expr: ir.Expr, data: Mapping[str, Any],
                  quantified: Quantified | None = None) -> int:
    """The most elements of the case's lists one reading of `expr` walks through in its
    quantifiers over them, nested ones multiplied (1 when it has none); `quantified` is
    `quantifiers(expr)` where the caller keeps it."""
    return _lengths(quantifiers(expr) if quantified is None else quantified, data)


def quantifiers(expr: ir.Expr) -> Quantified:
    """`expr`'s quantifiers over the case's lists (for `inner_lengths`)."""
    if isinstance(expr, ir.Quantifier) and isinstance(expr.source, ir.Fact):
        return ((expr.source, quantifiers(expr.body)),)
    return tuple(q for child in children(expr) for q in quantifiers(child))


def _lengths(quantified: Quantified, data: Mapping[str, Any]) -> int:
    most = 1
    for source, inside in quantified:
        items: Any = data
        for key in source.path:
            items = items.get(key) if isinstance(items, Mapping) else None
        if isinstance(items, list) and items:
            most = max(most, len(items) * _lengths(inside, data))
    return most


def unknown_fact(fact: ir.Fact, data: Mapping[str, Any], first_step: bool) -> str | None:
    """The path by which an unknown `fact` is listed: the fact itself, or (`first_step`)
    its first step that is missing (``person`` when the whole record is); None when the
    fact is known."""
    value: Any = data
    for depth, key in enumerate(fact.path):
        value = value.get(key) if isinstance(value, Mapping) else None
        if value is None:
            return ".".join(fact.path[: depth + 1]) if first_step else fact.dotted
    return None


def every_open_fact(
    expr: ir.Expr,
    data: Mapping[str, Any],
    bound: dict[str, list[tuple[str, Any]]],
    found: set[str],
    first_step: bool = False,
) -> None:
    """Every unknown fact under `expr`, each element's as its own path, whatever the
    other facts settle: more than `open_facts` finds (a fact whose part is already
    decided is listed too), never fewer, in time linear in the case. `bound` holds each
    variable's elements as (path, element) pairs; `first_step`: a fact of a record that
    is missing as the record (``person``), not as the fact (``person.age``)."""
    if isinstance(expr, ir.Fact):
        unknown = unknown_fact(expr, data, first_step)
        if unknown is not None:
            found.add(unknown)
    elif isinstance(expr, ir.Field):
        for at, element in bound.get(expr.record.name, ()):
            if not isinstance(element, Mapping) or element.get(expr.name) is None:
                found.add(f"{at}.{expr.name}")
    elif isinstance(expr, ir.Quantifier):
        elements: list[tuple[str, Any]] = []
        source = expr.source
        if isinstance(source, ir.Fact):
            items = eval_expr(source, data, {})
            if items is None:
                every_open_fact(source, data, bound, found, first_step)
            else:
                elements = [(f"{source.dotted}[{i}]", item) for i, item in enumerate(items)]
        else:
            for at, element in bound.get(source.record.name, ()):
                items = element.get(source.name) if isinstance(element, Mapping) else None
                if items is None:
                    found.add(f"{at}.{source.name}")
                else:
                    elements += [(f"{at}.{source.name}[{i}]", item)
                                 for i, item in enumerate(items)]
        every_open_fact(expr.body, data, {**bound, expr.var.name: elements}, found,
                        first_step)
    else:
        for child in children(expr):
            every_open_fact(child, data, bound, found, first_step)


def _open(
    expr: ir.Expr,
    data: Mapping[str, Any],
    env: dict[str, Any],
    where: dict[str, str],
    found: set[str],
    budget: Budget,
) -> None:
    if eval_expr(expr, data, env) is not None:
        return
    if isinstance(expr, ir.Fact):  # the fact itself, never the record that is missing
        found.add(".".join(expr.path))  # (`person.age` with no `person` at all)
    elif isinstance(expr, ir.Field):
        found.add(case_path(expr, where))
    elif isinstance(expr, ir.Quantifier):
        items = eval_expr(expr.source, data, env)
        if items is None:
            _open(expr.source, data, env, where, found, budget)
            return
        budget.spend(len(items) * inner_lengths(expr.body, data))  # each body read whole
        name, at = expr.var.name, case_path(expr.source, where)
        for index, item in enumerate(items):
            _open(expr.body, data, {**env, name: item}, {**where, name: f"{at}[{index}]"},
                  found, budget)
    else:
        for child in children(expr):
            _open(child, data, env, where, found, budget)


def case_path(expr: ir.Fact | ir.Field, where: Mapping[str, str]) -> str:
    """The case path of a fact (``person.age``) or of a bound element's field, given
    where each variable's element sits (``{"c": "convictions[0]"}`` →
    ``convictions[0].level``)."""
    if isinstance(expr, ir.Fact):
        return expr.dotted
    return f"{where.get(expr.record.name, expr.record.name)}.{expr.name}"
