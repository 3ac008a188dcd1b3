"""The syntax tree: frozen attrs nodes for exactly what the author wrote.

The formatter and the docs read this tree; `lower` turns it into the IR. Children
are tuples, and every node's `span` is left out of equality, so that
``parse(fmt(tree)) == tree`` can be tested. Strings hold their decoded text.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from ..diagnostics import Span, span_field

# an example's expectations live in their own module (see there); re-exported here
from .expectations import (  # noqa: F401
    Excluding,
    Expectation,
    ExpectDeadline,
    ExpectDuty,
    ExpectGrounds,
    ExpectMaxHold,
    ExpectOutcome,
)

# ---- expressions -------------------------------------------------------------


@attrs.frozen
class IntLit:
    value: int
    span: Span | None = span_field()


@attrs.frozen
class DateLit:
    value: _dt.date
    span: Span | None = span_field()


@attrs.frozen
class StringLit:
    """A quoted value, e.g. an enum value with a hyphen (``"I-247A"``) or a tag."""

    value: str
    span: Span | None = span_field()


@attrs.frozen
class BoolLit:
    value: bool
    span: Span | None = span_field()


@attrs.frozen
class DurationLit:
    """``5 years``; unit is one of years, months, days (singular forms are normalised)."""

    amount: int
    unit: str
    span: Span | None = span_field()


@attrs.frozen
class Path:
    """A dotted name: a fact (``person.age``), a bound variable's field (``c.level``),
    a definition, or a bare enum value (``felony``); `lower` decides which."""

    names: tuple[str, ...]
    span: Span | None = span_field()


@attrs.frozen
class Call:
    """A parameterised definition applied to arguments: ``serious_felony(c)``."""

    name: str
    args: tuple[Expr, ...]
    span: Span | None = span_field()


@attrs.frozen
class SetLit:
    items: tuple[Expr, ...]
    span: Span | None = span_field()


@attrs.frozen
class Not:
    operand: Expr
    span: Span | None = span_field()


@attrs.frozen
class BinOp:
    """``and``, ``or`` and ``implies`` (left- resp. right-associative, as parsed)."""

    op: str
    left: Expr
    right: Expr
    span: Span | None = span_field()


def chain(e: BinOp) -> list[Expr]:
    """The operands of a left-associative chain of one operator (`a or b or c`, parsed as
    `(a or b) or c`), in order, read without recursion however long the chain."""
    rights: list[Expr] = []
    node: Expr = e
    while isinstance(node, BinOp) and node.op == e.op:
        rights.append(node.right)
        node = node.left
    return [node, *reversed(rights)]


@attrs.frozen
class Compare:
    op: str  # = != < <= > >=
    left: Expr
    right: Expr
    span: Span | None = span_field()


@attrs.frozen
class Arith:
    op: str  # + -
    left: Expr
    right: Expr
    span: Span | None = span_field()


@attrs.frozen
class Member:
    """``x in collection`` (or ``not in`` when `negated`)."""

    element: Expr
    collection: Expr
    negated: bool = False
    span: Span | None = span_field()


@attrs.frozen
class Within:
    """``subject within 5 years before anchor`` (direction ``before`` or ``after``)."""

    subject: Expr
    duration: DurationLit
    direction: str
    anchor: Expr
    span: Span | None = span_field()


@attrs.frozen
class IsKnown:
    """``x is known`` (known=True) or ``x is unknown`` (known=False)."""

    operand: Expr
    known: bool
    span: Span | None = span_field()


@attrs.frozen
class Quantifier:
    """``any|all|no|count var in source where body``."""

    kind: str
    var: str
    source: Path
    body: Expr
    span: Span | None = span_field()


Expr = (
    IntLit | DateLit | StringLit | BoolLit | DurationLit | Path | Call | SetLit | Not | BinOp
    | Compare | Arith | Member | Within | IsKnown | Quantifier
)

# ---- header and documentation ------------------------------------------------


@attrs.frozen
class MetaString:
    value: str


@attrs.frozen
class MetaDate:
    value: _dt.date


@attrs.frozen
class MetaName:
    value: str


@attrs.frozen
class MetaList:
    values: tuple[str, ...]


MetaValue = MetaString | MetaDate | MetaName | MetaList


@attrs.frozen
class Meta:
    key: str
    value: MetaValue
    span: Span | None = span_field()


@attrs.frozen
class Header:
    """``statute "ct/pa-13-155" { ... }`` or ``vocabulary "detainer" { ... }``."""

    kind: str  # "statute" | "vocabulary"
    name: str
    meta: tuple[Meta, ...]
    span: Span | None = span_field()


@attrs.frozen
class Doc:
    """A documentation line inside a block: ``cites``, ``text``, ``verification`` or
    ``editorial`` (the provision's label is the file's own, not a subsection of the law;
    its value is empty)."""

    kind: str  # "cites" | "text" | "verification" | "editorial"
    value: str
    span: Span | None = span_field()


# ---- types (vocabulary) ------------------------------------------------------


@attrs.frozen
class TypeName:
    name: str
    span: Span | None = span_field()


@attrs.frozen
class ListType:
    element: TypeRef
    span: Span | None = span_field()


TypeRef = TypeName | ListType

# ---- items -----------------------------------------------------------------------


@attrs.frozen
class Param:
    name: str
    type: TypeRef
    span: Span | None = span_field()


@attrs.frozen
class Definition:
    name: str
    params: tuple[Param, ...]
    docs: tuple[Doc, ...]
    body: Expr
    span: Span | None = span_field()


@attrs.frozen
class Relation:
    """How a provision ranks against another: ``except`` (I am an exception to it),
    ``notwithstanding`` (I prevail over it), ``subject_to`` (it prevails over me)."""

    kind: str
    target: str
    span: Span | None = span_field()


@attrs.frozen
class Condition:
    """``if A unless B``; either part may be absent (never both)."""

    if_: Expr | None
    unless: Expr | None
    span: Span | None = span_field()


@attrs.frozen
class Conclusion:
    """``hold permitted if ...``: an outcome, a modality and an optional condition."""

    outcome: str
    modality: str
    condition: Condition | None
    span: Span | None = span_field()


@attrs.frozen
class DutyClause:
    id: str
    text: str | None
    condition: Condition | None
    span: Span | None = span_field()


@attrs.frozen
class LimitClause:
    outcome: str
    hours: int
    excluding: Excluding | None
    condition: Condition | None
    span: Span | None = span_field()


@attrs.frozen
class Applies:
    """``applies if agency in {...}``: whom the law binds."""

    condition: Expr
    span: Span | None = span_field()


@attrs.frozen
class Binds:
    """``binds if agency = state_corrections``: the provision's duties and limits bind on
    this condition of their own, instead of the law's `applies if` scope (a duty the law
    places on an agency its other provisions do not bind)."""

    condition: Expr
    span: Span | None = span_field()


Clause = Conclusion | DutyClause | LimitClause | Applies | Binds


@attrs.frozen
class Provision:
    label: str
    relations: tuple[Relation, ...]
    docs: tuple[Doc, ...]
    clauses: tuple[Clause, ...]
    span: Span | None = span_field()


@attrs.frozen
class Strike:
    """``strike (b)(2)``: an amending variant removes a provision of the law it amends."""

    label: str
    span: Span | None = span_field()


# ---- JSON (example facts) --------------------------------------------------------


@attrs.frozen
class JsonScalar:
    value: str | int | float | bool | None
    span: Span | None = span_field()


@attrs.frozen
class JsonArray:
    items: tuple[Json, ...]
    span: Span | None = span_field()


@attrs.frozen
class JsonPair:
    key: str
    value: Json
    span: Span | None = span_field()


@attrs.frozen
class JsonObject:
    pairs: tuple[JsonPair, ...]
    span: Span | None = span_field()


Json = JsonScalar | JsonArray | JsonObject


def json_to_python(value: Json) -> object:
    """The plain Python value (dict, list, str, int, float, bool, None) of a JSON node."""
    if isinstance(value, JsonScalar):
        return value.value
    if isinstance(value, JsonArray):
        return [json_to_python(item) for item in value.items]
    return {pair.key: json_to_python(pair.value) for pair in value.pairs}


# ---- examples ----------------------------------------------------------------------




@attrs.frozen
class Example:
    name: str
    docs: tuple[Doc, ...]
    given: JsonObject
    expectations: tuple[Expectation, ...]
    span: Span | None = span_field()


# ---- invariants --------------------------------------------------------------------


@attrs.frozen
class Guarantee:
    """``ensure hold is prohibited`` / ``ensure hold is not permitted``."""

    outcome: str
    value: str
    negated: bool
    span: Span | None = span_field()


@attrs.frozen
class StandardInvariant:
    """``standard no_hold_on_detainer_alone``: one of trustlaw's named invariants."""

    name: str
    expect_violated: bool
    span: Span | None = span_field()


@attrs.frozen
class CustomInvariant:
    """``assume <facts> ensure <outcome> is <value> ...``."""

    assume: Expr
    guarantees: tuple[Guarantee, ...]
    expect_violated: bool
    span: Span | None = span_field()


@attrs.frozen
class Invariant:
    name: str
    docs: tuple[Doc, ...]
    body: StandardInvariant | CustomInvariant
    span: Span | None = span_field()


# ---- notes ---------------------------------------------------------------------------


@attrs.frozen
class NoteAbout:
    """``about (b)(2), (c)`` (labels) or ``about convicted_of_a_felony`` (one name)."""

    targets: tuple[str, ...]
    is_name: bool = False
    span: Span | None = span_field()
    # where each target is written: a diagnostic points at the one it is about, and `fmt`
    # keeps comments written between the targets' lines
    target_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False, kw_only=True)

    @property
    def target_lines(self) -> tuple[int, ...]:
        return tuple(span.line for span in self.target_spans)


@attrs.frozen
class NoteQuestion:
    """``question 3``: the open question in REFERENCE.md this note answers."""

    number: int
    span: Span | None = span_field()


NoteEntry = NoteAbout | NoteQuestion | Doc


@attrs.frozen
class Note:
    title: str
    entries: tuple[NoteEntry, ...]
    span: Span | None = span_field()

    @property
    def about(self) -> tuple[str, ...]:
        return tuple(t for e in self.entries if isinstance(e, NoteAbout) for t in e.targets)

    @property
    def text(self) -> str:
        return " ".join(e.value for e in self.entries if isinstance(e, Doc) and e.kind == "text")


# ---- vocabulary items --------------------------------------------------------------


@attrs.frozen
class EnumValue:
    name: str
    quoted: bool
    text: str | None
    span: Span | None = span_field()


@attrs.frozen
class EnumDecl:
    name: str
    values: tuple[EnumValue, ...]
    span: Span | None = span_field()


@attrs.frozen
class FieldDecl:
    name: str
    type: TypeRef
    text: str | None
    reads: tuple[str, str] | None = None  # (when true, when false): ``reads "…", "…"``
    span: Span | None = span_field()


@attrs.frozen
class RecordDecl:
    name: str
    fields: tuple[FieldDecl, ...]
    span: Span | None = span_field()


@attrs.frozen
class TagDecl:
    name: str
    docs: tuple[Doc, ...]
    span: Span | None = span_field()


@attrs.frozen
class ConstraintDecl:
    name: str
    docs: tuple[Doc, ...]
    body: Expr
    span: Span | None = span_field()


Item = (
    Definition | Provision | Strike | Example | Invariant | Note | EnumDecl | RecordDecl
    | FieldDecl | TagDecl | ConstraintDecl
)


@attrs.frozen
class Comment:
    """A ``#`` comment; kept so the formatter can put it back."""

    text: str
    span: Span | None = span_field()


@attrs.frozen
class LawFile:
    """A whole file: its header, its items in order, and its comments (not compared)."""

    header: Header
    items: tuple[Item, ...]
    comments: tuple[Comment, ...] = attrs.field(default=(), eq=False)
    path: str = attrs.field(default="<string>", eq=False)
    source: str = attrs.field(default="", eq=False, repr=False)

    def meta(self, key: str) -> tuple[MetaValue, ...]:
        return tuple(m.value for m in self.header.meta if m.key == key)
