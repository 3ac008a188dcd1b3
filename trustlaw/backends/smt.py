"""IR → z3 terms: a statute's decision as formulas over a symbolic, partly unknown case.

The encoding follows docs/semantics.md exactly, so a proof covers every case the
interpreter could be given (up to a bound on list lengths):

* Every fact of the case is a pair of z3 variables, its value and a *known* flag; a
  record has a known flag too (set whenever one of its fields is known). Nothing is
  assumed known: a proof covers partly unknown cases.
* A list is a known flag, a length between 0 and the bound (default 3) and `bound`
  element slots; only the first `length` slots are elements. Record elements have a
  (value, known) pair per field; elements of a list of enum values are always known
  (a case cannot hold ``null`` inside a list).
* Enum values are integers (their position in the enum). A date is a (year, month,
  day) triple of integers within 1900-01-01..2200-12-31 and compares through the
  linear key ``10000·year + 100·month + day``, so comparisons need no division.
  Shifting by years and months is exact and division-free apart from the leap-year
  test: the month carries into the year with an if-then-else, and the day is clamped
  to the month's end after each step, as `trustlaw.dates.shift_date` does. Only a
  shift by days turns a date into a day number (Howard Hinnant's days-from-civil,
  integer division by constants, still linear arithmetic), and comparisons with a
  day number convert the other side too.
* A yes/no expression is a pair of formulas ("is true", "is false"), never both;
  neither means unknown. Every connective is Kleene's three-valued one.
* Outcomes walk the priority groups as the semantics say: a group decides when one of
  its conditions is true, a group with an unknown condition is a possibility, the
  silent law permits, and different possible results make the outcome undetermined.

The solver's model is turned back into a case dict (`case_from_model`): JSON form,
ISO date strings, unknown facts left out. `evaluate_case` runs the encoding on a
concrete case, which the differential tests compare with the interpreter.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import z3

from .. import ir

__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "Encoder",
    "ListNode",
    "ProgramTerms",
    "RecordNode",
    "Scalar",
    "SymbolicCase",
    "Truth",
    "assert_case",
    "case_from_model",
    "cases_meeting",
    "civil_from_days",
    "day_number",
    "days_from_civil",
    "declare_case",
    "encode_program",
    "evaluate_case",
    "from_day_number",
    "rule_witnesses",
    "well_formed",
]

BACKEND = "SMT"
EPOCH = _dt.date(1970, 1, 1)
DATE_MIN = _dt.date(1900, 1, 1)
DATE_MAX = _dt.date(2200, 12, 31)
DEFAULT_BOUND = 3


def day_number(d: _dt.date) -> int:
    """The day number of a date: days since 1970-01-01."""
    return (d - EPOCH).days


def from_day_number(n: int) -> _dt.date:
    """The date of a day number."""
    return EPOCH + _dt.timedelta(days=n)


# ---- the symbolic case ---------------------------------------------------------------


@attrs.frozen
class Scalar:
    """A value and whether it is known (bools, ints, dates, enums)."""

    value: Any  # a z3 term; for a date, a `Civil` or `DayCount`
    known: Any  # z3 BoolRef
    type: ir.Type


@attrs.frozen
class RecordNode:
    """A record: its known flag and its fields."""

    type: ir.RecordType
    known: Any
    fields: Mapping[str, Node]


@attrs.frozen
class ListNode:
    """A bounded list: known flag, length, and element slots (first `length` count)."""

    type: ir.ListType
    known: Any
    length: Any
    elements: tuple[Node, ...]

    def active(self, index: int) -> Any:
        return z3.IntVal(index) < self.length


Node = Scalar | RecordNode | ListNode


@attrs.frozen
class Truth:
    """A three-valued yes/no: `true` and `false` are never both satisfied."""

    true: Any
    false: Any

    @property
    def unknown(self) -> Any:
        return z3.And(z3.Not(self.true), z3.Not(self.false))


@attrs.frozen
class SymbolicCase:
    """A case as z3 variables: top-level fields and the range constraints on them."""

    vocab: ir.Vocabulary
    fields: Mapping[str, Node]
    domain: tuple[Any, ...]
    bound: int
    prefix: str

    def node(self, path: Sequence[str]) -> Node:
        """The node at a vocabulary path (``("person", "age")``)."""
        node: Node = self.fields[path[0]]
        for step in path[1:]:
            if not isinstance(node, RecordNode):
                raise KeyError(".".join(path))
            node = node.fields[step]
        return node

    def replace(self, path: Sequence[str], new: Node) -> SymbolicCase:
        """This case with the node at `path` replaced (record known flags kept true)."""
        fields = dict(self.fields)
        fields[path[0]] = _replace(fields[path[0]], tuple(path[1:]), new)
        return attrs.evolve(self, fields=fields)


def _replace(node: Node, path: tuple[str, ...], new: Node) -> Node:
    if not path:
        return new
    if not isinstance(node, RecordNode):
        raise KeyError(path[0])
    fields = dict(node.fields)
    fields[path[0]] = _replace(fields[path[0]], path[1:], new)
    return attrs.evolve(node, fields=fields, known=z3.BoolVal(True))


def declare_case(
    vocab: ir.Vocabulary, bound: int = DEFAULT_BOUND, prefix: str = ""
) -> SymbolicCase:
    """Fresh z3 variables for every fact of the vocabulary (lists up to `bound`)."""
    if bound < 0:
        raise ValueError(f"the list bound must not be negative, got {bound}")
    domain: list[Any] = []
    fields = {
        info.name: _declare(vocab, info.type, f"{prefix}{info.name}", bound, domain)
        for info in vocab.fields
    }
    return SymbolicCase(vocab, fields, tuple(domain), bound, prefix)


def declare_element(
    vocab: ir.Vocabulary, list_type: ir.ListType, name: str, bound: int, domain: list[Any]
) -> Node:
    """Fresh variables for one list element, its facts known or not (used to extend a
    list by one)."""
    return _declare(vocab, list_type.element, name, bound, domain, element=True)


def _declare(
    vocab: ir.Vocabulary,
    typ: ir.Type,
    name: str,
    bound: int,
    domain: list[Any],
    *,
    element: bool = False,
) -> Node:
    known = z3.BoolVal(True) if element else z3.Bool(f"{name}?")
    if isinstance(typ, ir.BoolType):
        return Scalar(z3.Bool(name), known, typ)
    if isinstance(typ, ir.IntType):
        return Scalar(z3.Int(name), known, typ)
    if isinstance(typ, ir.DateType):
        value = Civil(z3.Int(f"{name}.y"), z3.Int(f"{name}.m"), z3.Int(f"{name}.d"))
        domain.extend(
            [
                value.year >= DATE_MIN.year,
                value.year <= DATE_MAX.year,
                value.month >= 1,
                value.month <= 12,
                value.day >= 1,
                value.day <= _days_in_month(value.year, value.month),
            ]
        )
        return Scalar(value, known, typ)
    if isinstance(typ, ir.EnumType):
        value = z3.Int(name)
        domain.append(value >= 0)
        domain.append(value < len(typ.values))
        return Scalar(value, known, typ)
    if isinstance(typ, ir.RecordType):
        info = vocab.record(typ.name)
        if info is None:
            raise ValueError(f"the vocabulary has no record `{typ.name}`")
        fields = {
            f.name: _declare(vocab, f.type, f"{name}.{f.name}", bound, domain) for f in info.fields
        }
        for child in fields.values():
            domain.append(z3.Implies(child.known, known))
        return RecordNode(typ, known, fields)
    if isinstance(typ, ir.ListType):
        length = z3.Int(f"{name}#")
        domain.append(length >= 0)
        domain.append(length <= bound)
        domain.append(z3.Implies(z3.Not(known), length == 0))
        elements = tuple(
            _declare(vocab, typ.element, f"{name}[{i}]", bound, domain, element=True)
            for i in range(bound)
        )
        return ListNode(typ, known, length, elements)
    raise ir.UnsupportedNode(typ, BACKEND)


# ---- dates -----------------------------------------------------------------------------


@attrs.frozen
class Civil:
    """A date as z3 integer terms for year, month (1-12) and day (1-31)."""

    year: Any
    month: Any
    day: Any

    def key(self) -> Any:
        """A linear term ordered like the dates: 10000·year + 100·month + day."""
        return self.year * 10000 + self.month * 100 + self.day

    def days(self) -> Any:
        return days_from_civil(self.year, self.month, self.day)


@attrs.frozen
class DayCount:
    """A date as a z3 day-number term (days since 1970-01-01)."""

    days: Any


DateTerm = Civil | DayCount


def civil_const(d: _dt.date) -> Civil:
    return Civil(z3.IntVal(d.year), z3.IntVal(d.month), z3.IntVal(d.day))


def _as_days(value: DateTerm) -> Any:
    return value.days if isinstance(value, DayCount) else value.days()


def _as_civil(value: DateTerm) -> Civil:
    return value if isinstance(value, Civil) else Civil(*civil_from_days(value.days))


def date_keys(left: DateTerm, right: DateTerm) -> tuple[Any, Any]:
    """Two integer terms ordered as the two dates are."""
    if isinstance(left, Civil) and isinstance(right, Civil):
        return left.key(), right.key()
    return _as_days(left), _as_days(right)


def days_from_civil(y: Any, m: Any, d: Any) -> Any:
    """Day number of a (year, month, day) triple of z3 integer terms (Hinnant)."""
    y2 = y - z3.If(m <= 2, 1, 0)
    era = y2 / 400  # z3 integer division floors for a positive divisor
    yoe = y2 - era * 400
    mp = z3.If(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) / 5 + d - 1
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: Any) -> tuple[Any, Any, Any]:
    """(year, month, day) of a z3 day-number term (Hinnant)."""
    z2 = z + 719468
    era = z2 / 146097
    doe = z2 - era * 146097
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    mp = (5 * doy + 2) / 153
    d = doy - (153 * mp + 2) / 5 + 1
    m = z3.If(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + z3.If(m <= 2, 1, 0)
    return y, m, d


def _leap(y: Any) -> Any:
    return z3.Or(z3.And(y % 4 == 0, y % 100 != 0), y % 400 == 0)


def _days_in_month(y: Any, m: Any) -> Any:
    return z3.If(
        m == 2,
        z3.If(_leap(y), 29, 28),
        z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11), 30, 31),
    )


def add_months(date: Civil, months: int) -> Civil:
    """`date` moved by whole months (negative: back), the day clamped to the month's end."""
    years, rest = divmod(months, 12)  # rest in 0..11
    if rest == 0:
        year = date.year + years
        # only 29 February can fall off the end of its month
        clamp = z3.And(date.month == 2, date.day == 29, z3.Not(_leap(year)))
        return Civil(year, date.month, z3.If(clamp, 28, date.day))
    month0 = date.month - 1 + rest  # 0..22
    carry = month0 >= 12
    year = date.year + years + z3.If(carry, 1, 0)
    month = z3.If(carry, month0 - 12, month0) + 1
    last = _days_in_month(year, month)
    return Civil(year, month, z3.If(date.day > last, last, date.day))


def shift_date(value: DateTerm, duration: ir.Duration, sign: int) -> DateTerm:
    """`value` ± `duration`: years, then months, then days, clamping the day each step."""
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, not {sign!r}")
    if duration.years or duration.months:
        civil = _as_civil(value)
        if duration.years:
            civil = add_months(civil, sign * 12 * duration.years)
        if duration.months:
            civil = add_months(civil, sign * duration.months)
        value = civil
    if duration.days:
        value = DayCount(_as_days(value) + sign * duration.days)
    return value


def date_value(model: Any, value: DateTerm) -> _dt.date:
    """The date a model gives a date term."""
    if isinstance(value, DayCount):
        return from_day_number(model.eval(value.days, model_completion=True).as_long())
    parts = [
        model.eval(t, model_completion=True).as_long() for t in (value.year, value.month, value.day)
    ]
    return _dt.date(*parts)


# ---- expressions -----------------------------------------------------------------------

Env = Mapping[str, Node]


def _bool_const(value: bool) -> Truth:
    return Truth(z3.BoolVal(value), z3.BoolVal(not value))


def _scalar_truth(node: Scalar) -> Truth:
    return Truth(z3.And(node.known, node.value), z3.And(node.known, z3.Not(node.value)))


def _type_of(expr: ir.Expr) -> ir.Type | None:
    if isinstance(expr, (ir.Const, ir.Fact, ir.Var, ir.Field)):
        return expr.type
    if isinstance(expr, (ir.Not, ir.And, ir.Or, ir.Compare, ir.Member, ir.IsKnown)):
        return ir.BOOL
    if isinstance(expr, ir.IntArith):
        return ir.INT
    if isinstance(expr, ir.ShiftDate):
        return ir.DATE
    if isinstance(expr, ir.Quantifier):
        return ir.INT if expr.kind == "count" else ir.BOOL
    return None


class Encoder:
    """Encodes IR expressions over one symbolic case."""

    def __init__(self, case: SymbolicCase):
        self.case = case

    # -- yes/no ---------------------------------------------------------------------------

    def truth(self, expr: ir.Expr, env: Env | None = None) -> Truth:
        """The (is true, is false) pair of a yes/no expression."""
        env = env or {}
        if isinstance(expr, ir.Const):
            if not isinstance(expr.value, bool):
                raise ir.UnsupportedNode(expr, BACKEND)
            return _bool_const(expr.value)
        if isinstance(expr, (ir.Fact, ir.Var, ir.Field)):
            node = self.node(expr, env)
            if not isinstance(node, Scalar) or not isinstance(node.type, ir.BoolType):
                raise ir.UnsupportedNode(expr, BACKEND)
            return _scalar_truth(node)
        if isinstance(expr, ir.Not):
            inner = self.truth(expr.operand, env)
            return Truth(inner.false, inner.true)
        if isinstance(expr, ir.And):
            parts = [self.truth(op, env) for op in expr.operands]
            false = z3.Or([p.false for p in parts]) if parts else z3.BoolVal(False)
            true = z3.And([p.true for p in parts]) if parts else z3.BoolVal(True)
            return Truth(true, false)
        if isinstance(expr, ir.Or):
            parts = [self.truth(op, env) for op in expr.operands]
            true = z3.Or([p.true for p in parts]) if parts else z3.BoolVal(False)
            false = z3.And([p.false for p in parts]) if parts else z3.BoolVal(True)
            return Truth(true, false)
        if isinstance(expr, ir.Compare):
            return self._compare(expr, env)
        if isinstance(expr, ir.Member):
            return self._member(expr, env)
        if isinstance(expr, ir.IsKnown):
            known = self.known(expr.operand, env)
            return Truth(known, z3.Not(known))
        if isinstance(expr, ir.Quantifier):
            if expr.kind not in ("any", "all"):
                raise ir.UnsupportedNode(expr, BACKEND)
            return self._quantifier(expr, env)
        raise ir.UnsupportedNode(expr, BACKEND)

    def known(self, expr: ir.Expr, env: Env) -> Any:
        """Whether an expression of any type is known (for ``is known``)."""
        if isinstance(expr, (ir.Fact, ir.Var, ir.Field)):
            return self.node(expr, env).known
        typ = _type_of(expr)
        if isinstance(typ, ir.BoolType):
            t = self.truth(expr, env)
            return z3.Or(t.true, t.false)
        return self.value(expr, env).known

    def _compare(self, expr: ir.Compare, env: Env) -> Truth:
        left = self.value(expr.left, env)
        right = self.value(expr.right, env)
        known = z3.And(left.known, right.known)
        a, b = left.value, right.value
        if isinstance(left.type, ir.DateType):
            a, b = date_keys(a, b)
        ops = {
            "=": lambda: a == b,
            "!=": lambda: a != b,
            "<": lambda: a < b,
            "<=": lambda: a <= b,
            ">": lambda: a > b,
            ">=": lambda: a >= b,
        }
        if expr.op not in ops:
            raise ir.UnsupportedNode(expr, BACKEND)
        if expr.op not in ("=", "!=") and not isinstance(left.type, (ir.IntType, ir.DateType)):
            raise ir.UnsupportedNode(expr, BACKEND)
        holds = ops[expr.op]()
        return Truth(z3.And(known, holds), z3.And(known, z3.Not(holds)))

    def _member(self, expr: ir.Member, env: Env) -> Truth:
        element = self.value(expr.element, env)
        collection = expr.collection
        if isinstance(collection, ir.SetConst):
            values = [
                self._const_term(v, collection.element, collection) for v in collection.values
            ]
            hit = z3.Or([element.value == v for v in values]) if values else z3.BoolVal(False)
            return Truth(z3.And(element.known, hit), z3.And(element.known, z3.Not(hit)))
        node = self.node(collection, env) if isinstance(collection, (ir.Fact, ir.Field)) else None
        if not isinstance(node, ListNode):
            raise ir.UnsupportedNode(collection, BACKEND)
        hits = []
        misses = []
        for i, item in enumerate(node.elements):
            if not isinstance(item, Scalar):
                raise ir.UnsupportedNode(expr, BACKEND)
            hits.append(z3.And(node.active(i), item.known, item.value == element.value))
            misses.append(
                z3.Implies(node.active(i), z3.And(item.known, item.value != element.value))
            )
        hit = z3.Or(hits) if hits else z3.BoolVal(False)
        all_miss = z3.And(misses) if misses else z3.BoolVal(True)
        true = z3.And(node.known, element.known, hit)
        false = z3.And(node.known, z3.Or(node.length == 0, z3.And(element.known, all_miss)))
        return Truth(true, false)

    def _quantifier(self, expr: ir.Quantifier, env: Env) -> Truth:
        node = self.node(expr.source, env)
        if not isinstance(node, ListNode):
            raise ir.UnsupportedNode(expr, BACKEND)
        bodies = [self.truth(expr.body, {**env, expr.var.name: item}) for item in node.elements]
        if expr.kind == "any":
            some = z3.Or([z3.And(node.active(i), b.true) for i, b in enumerate(bodies)])
            none = z3.And([z3.Implies(node.active(i), b.false) for i, b in enumerate(bodies)])
            return Truth(z3.And(node.known, some), z3.And(node.known, none))
        every = z3.And([z3.Implies(node.active(i), b.true) for i, b in enumerate(bodies)])
        one_false = z3.Or([z3.And(node.active(i), b.false) for i, b in enumerate(bodies)])
        return Truth(z3.And(node.known, every), z3.And(node.known, one_false))

    # -- values -----------------------------------------------------------------------------

    def value(self, expr: ir.Expr, env: Env | None = None) -> Scalar:
        """The (value, known) pair of a non-list expression (yes/no included)."""
        env = env or {}
        typ = _type_of(expr)
        if isinstance(expr, ir.Const):
            return Scalar(
                self._const_term(expr.value, expr.type, expr), z3.BoolVal(True), expr.type
            )
        if isinstance(expr, (ir.Fact, ir.Var, ir.Field)):
            node = self.node(expr, env)
            if not isinstance(node, Scalar):
                raise ir.UnsupportedNode(expr, BACKEND)
            return node
        if isinstance(typ, ir.BoolType):
            t = self.truth(expr, env)
            return Scalar(t.true, z3.Or(t.true, t.false), ir.BOOL)
        if isinstance(expr, ir.IntArith):
            left = self.value(expr.left, env)
            right = self.value(expr.right, env)
            if expr.op == "+":
                total = left.value + right.value
            elif expr.op == "-":
                total = left.value - right.value
            else:
                raise ir.UnsupportedNode(expr, BACKEND)
            return Scalar(total, z3.And(left.known, right.known), ir.INT)
        if isinstance(expr, ir.ShiftDate):
            base = self.value(expr.date, env)
            return Scalar(shift_date(base.value, expr.duration, expr.sign), base.known, ir.DATE)
        if isinstance(expr, ir.Quantifier) and expr.kind == "count":
            node = self.node(expr.source, env)
            if not isinstance(node, ListNode):
                raise ir.UnsupportedNode(expr, BACKEND)
            bodies = [self.truth(expr.body, {**env, expr.var.name: item}) for item in node.elements]
            count = (
                z3.Sum([z3.If(z3.And(node.active(i), b.true), 1, 0) for i, b in enumerate(bodies)])
                if bodies
                else z3.IntVal(0)
            )
            settled = z3.And(
                [z3.Implies(node.active(i), z3.Or(b.true, b.false)) for i, b in enumerate(bodies)]
            )
            return Scalar(count, z3.And(node.known, settled), ir.INT)
        raise ir.UnsupportedNode(expr, BACKEND)

    def _const_term(self, value: object, typ: ir.Type, where: object) -> Any:
        if isinstance(typ, ir.BoolType) and isinstance(value, bool):
            return z3.BoolVal(value)
        if isinstance(typ, ir.IntType) and isinstance(value, int) and not isinstance(value, bool):
            return z3.IntVal(value)
        if isinstance(typ, ir.DateType) and isinstance(value, _dt.date):
            return civil_const(value)
        if isinstance(typ, ir.EnumType) and isinstance(value, str) and value in typ.values:
            return z3.IntVal(typ.values.index(value))
        raise ir.UnsupportedNode(where, BACKEND)

    def node(self, expr: ir.Expr, env: Env) -> Node:
        """The symbolic node a fact, bound variable or field names."""
        if isinstance(expr, ir.Fact):
            try:
                return self.case.node(expr.path)
            except KeyError:
                raise ir.UnsupportedNode(expr, BACKEND) from None
        if isinstance(expr, ir.Var):
            if expr.name not in env:
                raise ir.UnsupportedNode(expr, BACKEND)
            return env[expr.name]
        if isinstance(expr, ir.Field):
            record = self.node(expr.record, env)
            if not isinstance(record, RecordNode) or expr.name not in record.fields:
                raise ir.UnsupportedNode(expr, BACKEND)
            return record.fields[expr.name]
        raise ir.UnsupportedNode(expr, BACKEND)


def well_formed(case: SymbolicCase) -> list[Any]:
    """Range constraints plus every vocabulary constraint, which is never false."""
    return [*case.domain, *vocabulary_constraints(case)]


def vocabulary_constraints(case: SymbolicCase) -> list[Any]:
    """Every constraint of the vocabulary, encoded as "never false" on `case`."""
    encoder = Encoder(case)
    return [z3.Not(encoder.truth(c.body).false) for c in case.vocab.constraints]


# ---- deriving one symbolic case from another -------------------------------------------


def prepend_element(node: ListNode, extra: Node) -> ListNode:
    """The list `node` with `extra` put first (one slot more than its bound). Every
    list reading (any, all, count, in) ignores order, so this is "one more element"."""
    return ListNode(node.type, node.known, node.length + 1, (extra, *node.elements))


# ---- outcomes ---------------------------------------------------------------------------


@attrs.frozen
class ProgramTerms:
    """A program's decision over one symbolic case, as formulas."""

    outcomes: Mapping[str, Mapping[str, Any]]  # outcome -> result -> "the outcome is this"
    rules: Mapping[str, Truth]  # rule id -> its condition
    deciding: Mapping[str, Any]  # rule id -> "this rule is a ground of a determined outcome"
    duties: Mapping[str, Truth]
    limits: tuple[Truth, ...]
    max_hold: Any  # z3 Int: index into program.limits of the governing limit, -1 for none

    def is_(self, outcome: str, *results: str) -> Any:
        """The outcome is one of `results`."""
        return z3.Or([self.outcomes[outcome][r] for r in results])


def _limit_key(limit: ir.Limit) -> tuple[int, int, int]:
    """Shorter first: fewer hours, fewer excluded day kinds, actual before observed."""
    return (limit.hours, len(limit.excluding), 0 if limit.holidays == "actual" else 1)


def encode_program(program: ir.Program, case: SymbolicCase) -> ProgramTerms:
    """The outcomes, duties and hold limit of `program` over `case` (docs/semantics.md)."""
    encoder = Encoder(case)
    rules = {rule.id: encoder.truth(rule.condition) for rule in program.rules}
    outcomes: dict[str, dict[str, Any]] = {}
    deciding: dict[str, Any] = {}
    for outcome in ir.OUTCOMES:
        groups: dict[int, list[ir.Rule]] = {}
        for rule in program.rules_for(outcome):
            groups.setdefault(rule.priority, []).append(rule)
        possible: dict[str, list[Any]] = {m: [] for m in ir.MODALITIES}
        undecided = z3.BoolVal(True)  # no earlier group decided
        for priority in sorted(groups, reverse=True):
            group = groups[priority]
            any_true = z3.Or([rules[r.id].true for r in group])
            for r in group:
                # a true rule decides; an unknown one is a possibility only in a group
                # that does not decide
                deciding[r.id] = z3.And(undecided, rules[r.id].true)
                possible[r.modality].append(deciding[r.id])
                possible[r.modality].append(
                    z3.And(undecided, z3.Not(any_true), rules[r.id].unknown)
                )
            undecided = z3.And(undecided, z3.Not(any_true))
        possible["permitted"].append(undecided)  # the law is silent
        can = {m: z3.Or(terms) if terms else z3.BoolVal(False) for m, terms in possible.items()}
        results = {
            m: z3.And(can[m], *[z3.Not(can[o]) for o in ir.MODALITIES if o != m])
            for m in ir.MODALITIES
        }
        results["undetermined"] = z3.Not(z3.Or(list(results.values())))
        outcomes[outcome] = results
    # `lower` has conjoined the law's scope into each duty's and limit's condition
    duties = {duty.id: encoder.truth(duty.condition) for duty in program.duties}
    limits = tuple(encoder.truth(limit.condition) for limit in program.limits)
    # decision.build_decision lists true limits before open ones and keeps the first
    # of equally short ones, so the order is: shortness, true before open, position.
    candidates = sorted(
        ((index, is_open) for index in range(len(limits)) for is_open in (False, True)),
        key=lambda c: (_limit_key(program.limits[c[0]]), c[1], c[0]),
    )
    max_hold: Any = z3.IntVal(-1)
    for index, is_open in reversed(candidates):
        applies = limits[index].unknown if is_open else limits[index].true
        max_hold = z3.If(applies, z3.IntVal(index), max_hold)
    max_hold = z3.If(outcomes["hold"]["prohibited"], z3.IntVal(-1), max_hold)
    return ProgramTerms(outcomes, rules, deciding, duties, limits, max_hold)


# ---- concrete cases in and out ---------------------------------------------------------


def case_from_model(model: Any, case: SymbolicCase) -> dict[str, Any]:
    """The case a z3 model describes, in JSON form (ISO dates; unknown facts left out)."""
    out: dict[str, Any] = {}
    for name, node in case.fields.items():
        if _is_true(model, node.known):
            out[name] = decode_node(model, node)
    return out


def _is_true(model: Any, term: Any) -> bool:
    return bool(z3.is_true(model.eval(term, model_completion=True)))


def decode_node(model: Any, node: Node) -> Any:
    """The JSON value of one node in a model (assumed known)."""
    if isinstance(node, Scalar):
        if isinstance(node.type, ir.DateType):
            return date_value(model, node.value).isoformat()
        value = model.eval(node.value, model_completion=True)
        if isinstance(node.type, ir.BoolType):
            return bool(z3.is_true(value))
        number = value.as_long()
        if isinstance(node.type, ir.EnumType):
            return node.type.values[number]
        return number
    if isinstance(node, RecordNode):
        return {
            name: decode_node(model, child)
            for name, child in node.fields.items()
            if _is_true(model, child.known)
        }
    length = model.eval(node.length, model_completion=True).as_long()
    return [decode_node(model, node.elements[i]) for i in range(length)]


def assert_case(case: SymbolicCase, data: Mapping[str, Any]) -> list[Any]:
    """Constraints fixing `case` to the concrete case `data` (normalised or JSON form);
    raises ValueError when a list is longer than the bound."""
    out: list[Any] = []
    for name, node in case.fields.items():
        _fix(node, data.get(name), name, out)
    return out


def _fix(node: Node, value: Any, where: str, out: list[Any]) -> None:
    if value is None:
        out.append(z3.Not(node.known))
        if isinstance(node, RecordNode):
            for name, child in node.fields.items():
                _fix(child, None, f"{where}.{name}", out)
        return
    out.append(node.known)
    if isinstance(node, Scalar) and isinstance(node.type, ir.DateType):
        day = _dt.date.fromisoformat(value) if isinstance(value, str) else value
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValueError(
                f"{where}: {day} is outside the solver's dates ({DATE_MIN}..{DATE_MAX})"
            )
        out.extend(
            [node.value.year == day.year, node.value.month == day.month, node.value.day == day.day]
        )
    elif isinstance(node, Scalar):
        out.append(node.value == _concrete(node.type, value, where))
    elif isinstance(node, RecordNode):
        if not isinstance(value, Mapping):
            raise ValueError(f"{where}: expected a record")
        for name, child in node.fields.items():
            _fix(child, value.get(name), f"{where}.{name}", out)
    else:
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list")
        if len(value) > len(node.elements):
            raise ValueError(
                f"{where}: {len(value)} elements exceed the solver's bound of {len(node.elements)}"
            )
        out.append(node.length == len(value))
        for i, item in enumerate(value):
            _fix(node.elements[i], item, f"{where}[{i}]", out)


def _concrete(typ: ir.Type, value: Any, where: str) -> Any:
    if isinstance(typ, ir.BoolType):
        return z3.BoolVal(bool(value))
    if isinstance(typ, ir.IntType):
        return z3.IntVal(int(value))
    if isinstance(typ, ir.EnumType):
        if value not in typ.values:
            raise ValueError(f"{where}: {value!r} is not a value of `{typ.name}`")
        return z3.IntVal(typ.values.index(value))
    raise ValueError(f"{where}: cannot fix a value of type {typ}")


@attrs.frozen
class SmtEvaluation:
    """What the encoding says about one concrete case."""

    outcomes: Mapping[str, str]
    duties: tuple[str, ...]
    open_duties: tuple[str, ...]
    max_hold: int | None  # index into program.limits
    deciding: Mapping[str, tuple[str, ...]]


def evaluate_case(
    program: ir.Program, data: Mapping[str, Any], vocab: ir.Vocabulary, bound: int | None = None
) -> SmtEvaluation:
    """Decide one concrete case with the encoding (the solver's view, for differential
    tests against the interpreter)."""
    size = bound if bound is not None else max([DEFAULT_BOUND, *_list_lengths(data)])
    case, terms, solver = _evaluator(program, vocab, size)
    solver.push()
    try:
        solver.add(*assert_case(case, data))
        if solver.check() != z3.sat:
            raise ValueError("the case is outside the solver's dates or breaks a constraint")
        return read_evaluation(solver.model(), program, terms)
    finally:
        solver.pop()


@functools.lru_cache(maxsize=16)
def _evaluator(
    program: ir.Program, vocab: ir.Vocabulary, bound: int
) -> tuple[SymbolicCase, ProgramTerms, Any]:
    case = declare_case(vocab, bound, prefix="eval.")
    return case, encode_program(program, case), solver_with(case.domain)


def read_evaluation(model: Any, program: ir.Program, terms: ProgramTerms) -> SmtEvaluation:
    """The outcomes, duties and limit a model gives the encoded program."""
    outcomes = {}
    for outcome, results in terms.outcomes.items():
        chosen = [r for r, term in results.items() if _is_true(model, term)]
        if len(chosen) != 1:
            raise AssertionError(f"the encoding gives {outcome} {len(chosen)} results")
        outcomes[outcome] = chosen[0]
    duties = tuple(d.id for d in program.duties if _is_true(model, terms.duties[d.id].true))
    open_duties = tuple(d.id for d in program.duties if _is_true(model, terms.duties[d.id].unknown))
    index = model.eval(terms.max_hold, model_completion=True).as_long()
    deciding = {
        outcome: tuple(
            r.id
            for r in program.rules
            if r.outcome == outcome and _is_true(model, terms.deciding[r.id])
        )
        for outcome in ir.OUTCOMES
    }
    return SmtEvaluation(outcomes, duties, open_duties, None if index < 0 else index, deciding)


def _list_lengths(value: Any) -> Iterable[int]:
    if isinstance(value, Mapping):
        for child in value.values():
            yield from _list_lengths(child)
    elif isinstance(value, list):
        yield len(value)
        for child in value:
            yield from _list_lengths(child)


# ---- witnesses -------------------------------------------------------------------------


def rule_witnesses(
    program: ir.Program,
    vocab: ir.Vocabulary,
    bound: int = DEFAULT_BOUND,
    timeout_ms: int = 10_000,
) -> list[tuple[str, dict[str, Any]]]:
    """For each rule that can decide its outcome, a well-formed case in which it does
    (rule id, case), in program order."""
    case = declare_case(vocab, bound, prefix="w.")
    terms = encode_program(program, case)
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*well_formed(case))
    found: list[tuple[str, dict[str, Any]]] = []
    for rule in program.rules:
        solver.push()
        solver.add(terms.deciding[rule.id])
        if solver.check() == z3.sat:
            found.append((rule.id, case_from_model(solver.model(), case)))
        solver.pop()
    return found


def cases_meeting(
    condition: ir.Expr, vocab: ir.Vocabulary, count: int = 8, bound: int = DEFAULT_BOUND
) -> list[dict[str, Any]]:
    """Up to `count` different well-formed cases on which `condition` is true."""
    case = declare_case(vocab, bound, prefix="m.")
    solver = solver_with([*well_formed(case), Encoder(case).truth(condition).true], 10_000)
    found: list[dict[str, Any]] = []
    while len(found) < count and solver.check() == z3.sat:
        found.append(case_from_model(solver.model(), case))
        solver.add(z3.Not(z3.And(assert_case(case, found[-1]))))
    return found


def solver_with(constraints: Sequence[Any], timeout_ms: int | None = None) -> Any:
    """A z3 solver holding `constraints` (with a timeout in milliseconds)."""
    solver = z3.Solver()
    if timeout_ms is not None:
        solver.set("timeout", timeout_ms)
    solver.add(*constraints)
    return solver
