"""The IR: one typed program per statute, the only thing backends read.

`lower` builds it from the syntax tree: names resolved to facts, bound variables,
enum constants; definitions inlined; ``unless``/``implies``/``no``/``within``
desugared; the "applies" scope turned into top-priority rules; exceptions turned
into integer priorities. Every backend (interpreter, compiled Python, SMT) must
handle every node class below or raise `UnsupportedNode` naming it.

Semantics of one outcome (Catala's default logic, flattened to priorities): the
rules for an outcome whose condition holds at the highest priority decide it; the
checker guarantees that all rules of one outcome at one priority conclude the same
modality. If no rule applies the law is silent and the outcome is ``permitted``.
With unknown facts an outcome is ``undetermined`` exactly when different
assignments of the unknown facts could give different results.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from .diagnostics import Span, span_field

OUTCOMES: tuple[str, ...] = ("hold", "notification", "transfer", "interview")
MODALITIES: tuple[str, ...] = ("prohibited", "permitted", "required")
RESULTS: tuple[str, ...] = (*MODALITIES, "undetermined")
DAY_KINDS: tuple[str, ...] = ("saturday", "sunday", "federal_holiday")
HOLIDAY_READINGS: tuple[str, ...] = ("actual", "observed")
STATUSES: tuple[str, ...] = (
    "enacted", "proposed", "vetoed", "died", "repealed", "superseded", "model",
)
# Invariants trustlaw knows by name (trustlaw.analysis.invariants implements them); a statute
# file names them with `standard <name>`.
STANDARD_INVARIANTS: tuple[str, ...] = (
    "no_hold_on_detainer_alone",
    "hold_within_clock",
    "monotone_in_criminal_history",
    "monotone_in_judicial_warrant",
)

# ---- types -------------------------------------------------------------------------


@attrs.frozen
class BoolType:
    def __str__(self) -> str:
        return "yes/no"


@attrs.frozen
class IntType:
    def __str__(self) -> str:
        return "whole number"


@attrs.frozen
class DateType:
    def __str__(self) -> str:
        return "date"


@attrs.frozen
class DurationType:
    def __str__(self) -> str:
        return "duration"


@attrs.frozen
class EnumType:
    name: str
    values: tuple[str, ...]

    def __str__(self) -> str:
        return f"`{self.name}`"


@attrs.frozen
class RecordType:
    name: str

    def __str__(self) -> str:
        return f"`{self.name}`"


@attrs.frozen
class ListType:
    element: Type

    def __str__(self) -> str:
        return f"list of {self.element}"


Type = BoolType | IntType | DateType | DurationType | EnumType | RecordType | ListType

BOOL = BoolType()
INT = IntType()
DATE = DateType()
DURATION = DurationType()

# ---- values ----------------------------------------------------------------------------


@attrs.frozen(order=True)
class Duration:
    """A calendar duration; date arithmetic adds years, then months, then days,
    clamping the day to the month's end (2020-02-29 minus 1 year is 2019-02-28)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        parts = [
            f"{n} {unit}{'' if n == 1 else 's'}"
            for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day"))
            if n
        ]
        return " ".join(parts) or "0 days"


ConstValue = bool | int | _dt.date | str | Duration

# ---- expressions ---------------------------------------------------------------------


@attrs.frozen
class Const:
    """A literal: bool, int, date, enum value (str) or Duration."""

    value: ConstValue
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class SetConst:
    """A literal set of enum values or ints, e.g. ``{A, B}``; values sorted."""

    values: tuple[ConstValue, ...]
    element: Type
    span: Span | None = span_field()


@attrs.frozen
class Fact:
    """A top-level fact of the case, by path: ``("person", "age")``, ``("date",)``,
    ``("convictions",)`` (a list). Unknown when absent or null at any step."""

    path: tuple[str, ...]
    type: Type
    span: Span | None = span_field()

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@attrs.frozen
class Var:
    """The element bound by a quantifier (a record)."""

    name: str
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class Field:
    """A field of a bound element: ``c.level``."""

    record: Var
    name: str
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class Not:
    operand: Expr
    span: Span | None = span_field()


@attrs.frozen
class And:
    operands: tuple[Expr, ...]
    span: Span | None = span_field()


@attrs.frozen
class Or:
    operands: tuple[Expr, ...]
    span: Span | None = span_field()


@attrs.frozen
class Compare:
    """``= != < <= > >=`` on ints or dates; ``= !=`` also on enums and bools."""

    op: str
    left: Expr
    right: Expr
    span: Span | None = span_field()


@attrs.frozen
class Member:
    """``element in collection``: collection is a list-typed fact/field or a SetConst."""

    element: Expr
    collection: Expr
    span: Span | None = span_field()


@attrs.frozen
class IntArith:
    op: str  # + -
    left: Expr
    right: Expr
    span: Span | None = span_field()


@attrs.frozen
class ShiftDate:
    """``date + duration`` (sign +1) or ``date - duration`` (sign -1)."""

    date: Expr
    duration: Duration
    sign: int
    span: Span | None = span_field()


@attrs.frozen
class IsKnown:
    """True when the operand's value is known; never itself unknown."""

    operand: Expr
    span: Span | None = span_field()


@attrs.frozen
class Quantifier:
    """``any`` (bool), ``all`` (bool) or ``count`` (int) of elements of `source`
    (a list-typed Fact, or a list field of a bound element) for which `body` holds,
    with `var` bound to each element."""

    kind: str
    var: Var
    source: Fact | Field
    body: Expr
    span: Span | None = span_field()


Expr = (
    Const | SetConst | Fact | Var | Field | Not | And | Or | Compare | Member | IntArith
    | ShiftDate | IsKnown | Quantifier
)

EXPR_NODES: tuple[type, ...] = (
    Const, SetConst, Fact, Var, Field, Not, And, Or, Compare, Member, IntArith, ShiftDate,
    IsKnown, Quantifier,
)

TRUE = Const(True, BOOL)
#: how the text of a scope rule starts (``kind="scope"``): the law does not bind the agency
SCOPE_WORDS = "This law does not bind this agency"

# ---- rules -----------------------------------------------------------------------------


@attrs.frozen
class Rule:
    """One conclusion of one provision about one outcome, at a fixed priority.

    `kind` is ``provision`` for rules the author wrote and ``scope`` for the rules
    `lower` adds from an ``applies if`` clause (the law does not bind this agency).

    `reads` names every definition whose body was inlined into `condition`: the ones the
    provision names and, transitively, the ones those definitions name (sorted). The
    whole closure is kept, not only the names written in the provision, because the
    condition holds every one of those bodies: its meaning changes when any of them is
    redefined, and a reader (a redline) can tell that without the definitions' graph,
    which may differ between two statutes. `as_written` is a digest of the condition as
    the statute file writes it, definitions named rather than inlined (with the scope a
    duty or limit is put under); two nodes on one vocabulary with the same `as_written`
    differ only through the definitions they read. Duties and limits carry both too."""

    id: str
    provision: str
    outcome: str
    modality: str
    condition: Expr
    priority: int
    citation: str
    text: str
    kind: str = "provision"
    reads: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    as_written: str = attrs.field(default="", kw_only=True)
    span: Span | None = span_field()


@attrs.frozen
class Duty:
    id: str
    text: str
    provision: str
    citation: str
    condition: Expr
    # the definitions its condition reads, directly or through other definitions (sorted;
    # see `Rule`)
    reads: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    # its condition as written (see `Rule`)
    as_written: str = attrs.field(default="", kw_only=True)
    span: Span | None = span_field()


@attrs.frozen
class Limit:
    """The hold clock: at most `hours` counted hours, not counting the `excluding`
    day kinds; `holidays` says whether holidays fall on their actual dates or on the
    observed (in-lieu) weekdays. The shortest applicable limit governs."""

    outcome: str
    hours: int
    excluding: tuple[str, ...]
    holidays: str
    provision: str
    citation: str
    condition: Expr
    # the definitions its condition reads, directly or through other definitions (sorted;
    # see `Rule`)
    reads: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    # its condition as written (see `Rule`)
    as_written: str = attrs.field(default="", kw_only=True)
    span: Span | None = span_field()


@attrs.frozen
class Definition:
    """A named predicate, kept for docs and explanations (its uses are inlined)."""

    name: str
    citation: str
    text: str
    params: tuple[tuple[str, Type], ...]
    body: Expr
    span: Span | None = span_field()


# ---- metadata, examples, invariants, notes --------------------------------------------


@attrs.frozen
class StatuteMeta:
    id: str
    title: str
    jurisdiction: str
    citation: str
    status: str
    introduced: _dt.date | None = None
    enacted: _dt.date | None = None
    in_force: _dt.date | None = None
    superseded: _dt.date | None = None
    replaces: str | None = None
    amends: str | None = None
    sources: tuple[str, ...] = ()
    verification: str = "V"


@attrs.frozen
class Example:
    """An example with its facts as the plain JSON case and its expectations
    (the syntax nodes, which carry spans for failure messages)."""

    name: str
    case: dict[str, object] = attrs.field(eq=False, hash=False)
    expectations: tuple[object, ...]
    text: str = ""
    span: Span | None = span_field()


@attrs.frozen
class Guarantee:
    outcome: str
    value: str
    negated: bool


@attrs.frozen
class Invariant:
    """A named property: a standard one (by `standard` name) or `assume` ⇒ guarantees."""

    name: str
    text: str
    standard: str | None
    assume: Expr | None
    guarantees: tuple[Guarantee, ...]
    expect_violated: bool
    span: Span | None = span_field()


@attrs.frozen
class Note:
    title: str
    text: str
    about: tuple[str, ...]
    question: int | None
    span: Span | None = span_field()


@attrs.frozen
class Provision:
    """A provision as written, for docs and explanations. `editorial`: its label is the
    statute file's own name for a part of the law, not a subsection the law numbers, so
    outputs must not present the label as a citation."""

    label: str
    citation: str
    text: str
    verification: str
    editorial: bool = False
    span: Span | None = span_field()


@attrs.frozen(cache_hash=True)  # a cache key (compile_sql): the whole tree hashed once
class Program:
    """A lowered statute: everything a backend needs, and nothing it must re-derive."""

    meta: StatuteMeta
    rules: tuple[Rule, ...]
    duties: tuple[Duty, ...]
    limits: tuple[Limit, ...]
    provisions: tuple[Provision, ...]
    definitions: tuple[Definition, ...]
    examples: tuple[Example, ...]
    invariants: tuple[Invariant, ...]
    notes: tuple[Note, ...]
    digest: str
    path: str = attrs.field(default="<string>", eq=False)
    # the vocabulary's plain words for its yes/no facts (`Reading`), for `explain` and
    # the site: by dotted fact path, as whole clauses ("the person is …"), and by record
    # and field, said of the record ("was set aside")
    fact_readings: tuple[tuple[str, Reading], ...] = attrs.field(default=(), kw_only=True)
    field_readings: tuple[tuple[str, str, Reading], ...] = attrs.field(default=(),
                                                                         kw_only=True)

    def rules_for(self, outcome: str) -> tuple[Rule, ...]:
        """Rules for one outcome, highest priority first (ties in source order)."""
        chosen = [r for r in self.rules if r.outcome == outcome]
        return tuple(sorted(chosen, key=lambda r: -r.priority))

    def provision(self, label: str) -> Provision | None:
        for p in self.provisions:
            if p.label == label:
                return p
        return None


# ---- the vocabulary ---------------------------------------------------------------------


@attrs.frozen
class Reading:
    """A yes/no fact in plain words (the vocabulary's ``reads``): `yes` when it is true,
    `no` when it is false. For a field of a record the words are said of the record
    ("was set aside"); for a field of the case, and in `Program.fact_readings`, they are
    whole clauses ("the person is listed as a gang member in a database")."""

    yes: str
    no: str


@attrs.frozen
class FieldInfo:
    name: str
    type: Type
    text: str
    reads: Reading | None = attrs.field(default=None, kw_only=True)
    span: Span | None = span_field()


@attrs.frozen
class RecordInfo:
    name: str
    fields: tuple[FieldInfo, ...]
    span: Span | None = span_field()

    def field(self, name: str) -> FieldInfo | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


@attrs.frozen
class TagInfo:
    name: str
    citation: str
    text: str


@attrs.frozen
class Constraint:
    name: str
    body: Expr
    span: Span | None = span_field()


@attrs.frozen
class Vocabulary:
    """The case format: top-level fields, records, enums, tags and constraints."""

    name: str
    fields: tuple[FieldInfo, ...]
    records: tuple[RecordInfo, ...]
    enums: tuple[EnumType, ...]
    enum_texts: tuple[tuple[str, str, str], ...]  # (enum, value, meaning)
    tags: tuple[TagInfo, ...]
    constraints: tuple[Constraint, ...]
    digest: str

    def field(self, name: str) -> FieldInfo | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def record(self, name: str) -> RecordInfo | None:
        for r in self.records:
            if r.name == name:
                return r
        return None

    def enum(self, name: str) -> EnumType | None:
        for e in self.enums:
            if e.name == name:
                return e
        return None


class UnsupportedNode(Exception):
    """A backend met an IR node it does not handle; names the node and the backend."""

    def __init__(self, node: object, backend: str):
        super().__init__(f"the {backend} backend does not handle IR node {type(node).__name__}")
        self.node = node
        self.backend = backend


# ---- walking expressions ---------------------------------------------------------------


def referenced_paths(expr: Expr) -> frozenset[tuple[str, ...]]:
    """Vocabulary paths an expression reads: ("person", "age"), ("charges", "*", "bond_posted"),
    ("charges",) for a list read as a whole."""
    found: set[tuple[str, ...]] = set()
    _collect(expr, {}, found)
    return frozenset(found)


def _collect(expr: Expr, bound: dict[str, tuple[str, ...]], found: set[tuple[str, ...]]) -> None:
    if isinstance(expr, Fact):
        found.add(expr.path)
    elif isinstance(expr, Field):
        base = bound.get(expr.record.name)
        if base is not None:
            found.add((*base, "*", expr.name))
    elif isinstance(expr, Quantifier):
        source = expr.source
        if isinstance(source, Fact):
            path: tuple[str, ...] | None = source.path
        else:  # a list field of a bound element: `any t in c.tags where ...`
            base = bound.get(source.record.name)
            path = None if base is None else (*base, "*", source.name)
        if path is not None:
            found.add(path)
            _collect(expr.body, {**bound, expr.var.name: path}, found)
    else:
        for child in children(expr):
            _collect(child, bound, found)


def tests_known(expr: Expr) -> bool:
    """`expr` holds an ``… is known`` test: the one part of the logic that is not
    monotone (a fact learnt can turn it from false to true)."""
    return isinstance(expr, IsKnown) or any(tests_known(c) for c in children(expr))


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of an IR expression."""
    if isinstance(expr, (Not, IsKnown)):
        return (expr.operand,)
    if isinstance(expr, (And, Or)):
        return expr.operands
    if isinstance(expr, (Compare, IntArith)):
        return (expr.left, expr.right)
    if isinstance(expr, Member):
        return (expr.element, expr.collection)
    if isinstance(expr, ShiftDate):
        return (expr.date,)
    if isinstance(expr, Quantifier):
        return (expr.source, expr.body)
    return ()
