"""IR condition → plain English: ``any c in convictions where c.level = felony`` reads
"some conviction has level felony".

`explain` words the provisions that did not apply this way, the site a provision's
"In plain words" and the comparison its regions' names. The words follow the
condition's structure (and, or, not, quantifiers, date windows) and name fields by
their vocabulary names with underscores read as spaces; given the vocabulary's words
for yes/no facts (`Readings`: its ``reads``), they say those as the vocabulary does
("the person is listed as a gang member in a database", "some conviction … still
stands"). `value_meanings` gives the vocabulary's words for values of a kind of fact ("a
judicial or state marshal" for ``court_marshal``), for a caller's `value` hook;
`fact_name` names a fact by its path in a case in the same words ("whether the person is
a United States citizen", "a conviction's court"), as a comparison lists unknown facts.
Where facts are named in words (`plain_facts`), a test of a list reads as the element it
asks for ("there is a felony conviction that still stands, that was entered by …",
`trustlaw.decisions.clauses`) and a fact's values as a list ("is a or b").
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from .. import ir

__all__ = ["PlainWords", "Readings", "and_list", "by_whom", "condition_words", "element_noun",
           "fact_name", "name_words", "or_list", "unknown_clause", "value_meanings", "value_words"]

_OPS: Mapping[str, tuple[str, str]] = {  # op -> (numbers, dates)
    "=": ("is", "is"),
    "!=": ("is not", "is not"),
    "<": ("is less than", "is before"),
    "<=": ("is at most", "is on or before"),
    ">": ("is more than", "is after"),
    ">=": ("is at least", "is on or after"),
}
_FLIP: Mapping[str, str] = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


ValueNamer = Callable[[Any, ir.EnumType], "str | None"]
# the `value` hook of the `condition_words` call under way (None: values as they are)
_VALUES: contextvars.ContextVar[ValueNamer | None] = contextvars.ContextVar(
    "trustlaw_value_words", default=None)


class Readings(NamedTuple):
    """The vocabulary's words for yes/no facts (its ``reads``), as a program carries
    them: `facts` by dotted path, whole clauses; `fields` by (record, field), said of
    the record."""

    facts: Mapping[str, ir.Reading]
    fields: Mapping[tuple[str, str], ir.Reading]

    @classmethod
    def of(cls, program: ir.Program) -> Readings:
        return cls(dict(program.fact_readings),
                   {(record, field): reading
                    for record, field, reading in program.field_readings})


class PlainWords(NamedTuple):
    """How a test of a list and a choice of values read where facts are named in words
    (`clauses.plain_condition_words` gives them: "there is a felony conviction that …",
    "an adult or a juvenile probation office"). Given to `condition_words` rather than
    imported, since `clauses` builds on this module's words."""

    quantified: Callable[[ir.Quantifier, dict[str, str], bool], str | None]
    or_words: Callable[[Sequence[str]], str]
    #: a value in a list fact: "the request asks for a hold" (None: said as "includes")
    membership: Callable[[ir.Member, dict[str, str], bool], str | None]


# the plain wording of the `condition_words` call under way, where it names facts in
# words ("the request's form") rather than by their paths in the case (``request.form``)
_PLAIN_FACTS: contextvars.ContextVar[PlainWords | None] = contextvars.ContextVar(
    "trustlaw_plain_facts", default=None)

# the `readings` of the `condition_words` call under way (None: facts by their names)
_READINGS: contextvars.ContextVar[Readings | None] = contextvars.ContextVar(
    "trustlaw_readings", default=None)


def condition_words(expr: ir.Expr,
                    named: Callable[[ir.Expr], str | None] | None = None,
                    value: ValueNamer | None = None,
                    readings: Readings | None = None,
                    *, plain_facts: PlainWords | None = None) -> str:
    """An IR condition in plain English: ``any c in convictions where c.level = felony``
    reads "some conviction has level felony". `named`, when given, gives the words for
    a part of the condition that has a name of its own (a definition's body: "convicted
    of a felony"), written in its place rather than spelled out; `value` the words for
    a value of a kind of fact (the site links ``this_state`` to what it means), where it
    gives any; `readings` the vocabulary's words for yes/no facts ("the person is listed
    in a gang database" for ``person.gang_database``), where it has them. With
    `plain_facts` (`clauses.plain_condition_words`), other facts are named in words
    ("the request's form") rather than by their paths in the case (``request.form``), as
    a page for lawyers needs; an explanation keeps the paths, which say what to fill
    in."""
    token, said = _VALUES.set(value), _READINGS.set(readings)
    plain = _PLAIN_FACTS.set(plain_facts)
    try:
        return _condition_words(expr, named)
    finally:
        _VALUES.reset(token)
        _READINGS.reset(said)
        _PLAIN_FACTS.reset(plain)


def _condition_words(expr: ir.Expr, named: Callable[[ir.Expr], str | None] | None) -> str:
    if named is None:
        return _cond(expr, {})
    asked: dict[int, str | None] = {}  # each part is asked once

    def once(part: ir.Expr) -> str | None:
        if id(part) not in asked:
            asked[id(part)] = named(part)
        return asked[id(part)]

    return _named_cond(expr, once)


def _named_cond(expr: ir.Expr, named: Callable[[ir.Expr], str | None]) -> str:
    """`_cond` at the top of a condition (its and, or and not), each part that has a
    name written by its name."""
    words = named(expr)
    if words is not None:
        return words
    if isinstance(expr, ir.Not):
        inner = named(expr.operand)
        if inner is not None:
            return f"not {inner}"
        if isinstance(expr.operand, (ir.And, ir.Or)) and _known_to_be(expr.operand) is None:
            return f"not ({_named_cond(expr.operand, named)})"
    if isinstance(expr, (ir.And, ir.Or)) and _known_to_be(expr) is None:
        return _joined(expr, {}, lambda part, other, last: _named_grouped(
            part, named, other, last))
    return _cond(expr, {})


def _named_grouped(expr: ir.Expr, named: Callable[[ir.Expr], str | None], other: type,
                   last: bool) -> str:
    text = _named_cond(expr, named)
    if named(expr) is not None:
        return text
    return f"({text})" if isinstance(expr, other) or _open_ended(expr, last) else text


def _cond(expr: ir.Expr, nouns: dict[str, str]) -> str:
    if isinstance(expr, ir.Const):
        if expr.value is True:
            return "always"
        if expr.value is False:
            return "never"
        return _value(expr.value, expr.type)
    if isinstance(expr, (ir.Fact, ir.Field)) and isinstance(_type(expr), ir.BoolType):
        return _yes_no(expr, nouns, True)
    if isinstance(expr, ir.Not):
        return _negated(expr.operand, nouns)
    known = _known_to_be(expr)
    if known is not None:
        subject, done_by = by_whom(_term(known[0], nouns))
        return f"{subject} is known to be {done_by}{_be(known[1])}"
    if isinstance(expr, (ir.And, ir.Or)):
        return _joined(expr, nouns, lambda part, other, last: _grouped(part, nouns, other, last))
    if isinstance(expr, ir.Compare):
        said = _said(expr)
        if said is not None:
            return _yes_no(said[0], nouns, said[1])
        words = _OPS.get(expr.op, (expr.op, expr.op))[1 if _is_date(expr.left) else 0]
        subject, done_by = by_whom(_term(expr.left, nouns))
        if done_by and words in ("is", "is not"):  # "the warrant is not signed by a state judge"
            return f"{subject} {words} {done_by}{_term(expr.right, nouns)}"
        return f"{_term(expr.left, nouns)} {words} {_term(expr.right, nouns)}"
    if isinstance(expr, ir.Member):
        if isinstance(expr.collection, ir.SetConst):
            subject, done_by = by_whom(_term(expr.element, nouns))
            return f"{subject} is {done_by}{_one_of(expr.collection)}"
        plain = _PLAIN_FACTS.get()
        asked = plain.membership(expr, nouns, False) if plain is not None else None
        if asked is not None:  # "the request asks for a hold"
            return asked
        # "the convictions include …" (a plural noun) when facts are in words
        verb = "include" if plain is not None and isinstance(expr.collection, ir.Fact) \
            else "includes"
        return f"{_term(expr.collection, nouns)} {verb} {_term(expr.element, nouns)}"
    if isinstance(expr, ir.IsKnown):
        return f"{_term(expr.operand, nouns)} is known"
    if isinstance(expr, ir.Quantifier):
        plain = _PLAIN_FACTS.get()
        if plain is not None:  # "there is a felony conviction that still stands, …"
            element = plain.quantified(expr, nouns, False)
            if element is not None:
                return element
        noun = _noun(expr)
        # inside a quantifier over the same kind of record, this one is the other one:
        # "some conviction … is such that another conviction … has date before the
        # conviction's date"
        other = noun in nouns.values()
        noun = f"other {noun}" if other else noun
        body = _pred(expr.body, expr.var.name, {**nouns, expr.var.name: noun})
        if isinstance(expr.source, ir.Field):  # a list of a bound element: "of its tags"
            noun = f"{noun} of {_term(expr.source, nouns)}"
        if expr.kind == "any":
            return f"an{noun} {body}" if other else f"some {noun} {body}"
        if expr.kind == "all":
            return f"every {noun} {body}"
        if expr.kind == "no":
            return f"no {noun} {body}"
        return _term(expr, nouns)
    return _term(expr, nouns)


def _negated(expr: ir.Expr, nouns: dict[str, str]) -> str:
    if isinstance(expr, (ir.Fact, ir.Field)) and isinstance(_type(expr), ir.BoolType):
        return _yes_no(expr, nouns, False)
    known = _known_to_be(expr)
    if known is not None:  # true too where the fact is unknown, as the words say
        subject, done_by = by_whom(_term(known[0], nouns))
        return f"{subject} is not known to be {done_by}{_be(known[1])}"
    if isinstance(expr, ir.IsKnown):
        return f"{_term(expr.operand, nouns)} is unknown"
    if isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst):
        subject, done_by = by_whom(_term(expr.element, nouns))
        return f"{subject} is not {done_by}{_one_of(expr.collection)}"
    if isinstance(expr, ir.Member):
        plain = _PLAIN_FACTS.get()
        asked = plain.membership(expr, nouns, True) if plain is not None else None
        if asked is not None:  # "the request does not ask for a hold"
            return asked
        return f"{_term(expr.collection, nouns)} does not include {_term(expr.element, nouns)}"
    if isinstance(expr, ir.Quantifier) and expr.kind == "any":
        plain = _PLAIN_FACTS.get()
        if plain is not None:  # "there is no conviction that …"
            element = plain.quantified(expr, nouns, True)
            if element is not None:
                return element
        noun = _noun(expr)
        return f"no {noun} {_pred(expr.body, expr.var.name, {**nouns, expr.var.name: noun})}"
    if isinstance(expr, ir.Compare) and expr.op in ("=", "!="):
        return _cond(ir.Compare("!=" if expr.op == "=" else "=", expr.left, expr.right), nouns)
    return f"not ({_cond(expr, nouns)})"


def _known_to_be(expr: ir.Expr) -> tuple[ir.Expr, ir.Const | ir.SetConst] | None:
    """``x is known and x = v`` (or ``x in {…}``): x and its value (or values), which read
    as "x is known to be v" rather than with x twice (`_be` words the value only when
    the words are written, so a `value` hook is asked once for each value said)."""
    if not (isinstance(expr, ir.And) and len(expr.operands) == 2
            and isinstance(expr.operands[0], ir.IsKnown)):
        return None
    fact, test = expr.operands[0].operand, expr.operands[1]
    if (isinstance(test, ir.Compare) and test.op == "=" and test.left == fact
            and isinstance(test.right, ir.Const)):
        return fact, test.right
    if (isinstance(test, ir.Member) and test.element == fact
            and isinstance(test.collection, ir.SetConst)):
        return fact, test.collection
    return None


def by_whom(term: str) -> tuple[str, str]:
    """A fact named for who did something, in words ("the request's judicial warrant
    signed by"): the thing ("the request's judicial warrant") and what was done to it,
    said before the one who did it ("signed by "), so that it reads "the request's
    judicial warrant is signed by a state judge"; else the term whole and nothing."""
    words = term.split(" ")
    if len(words) >= 4 and words[-1] == "by" and words[-2].endswith("ed"):
        return " ".join(words[:-2]), f"{words[-2]} by "
    return term, ""


def _be(value: ir.Const | ir.SetConst) -> str:
    """The words for what `_known_to_be` found a fact known to be: "v", "one of v, w"."""
    if isinstance(value, ir.SetConst):
        return _one_of(value)
    return _value(value.value, value.type)


def _yes_no(expr: ir.Fact | ir.Field, nouns: dict[str, str], yes: bool) -> str:
    """A yes/no fact that is true (`yes`) or false: in the vocabulary's words where it
    has them (`Readings`), else "person.gang_database is true"."""
    reading = _reading(expr)
    if reading is None:
        return f"{_term(expr, nouns)} is {'true' if yes else 'false'}"
    words = reading.yes if yes else reading.no
    if isinstance(expr, ir.Field):  # said of the record: "the conviction was vacated"
        return f"the {_var_noun(expr.record, nouns)} {words}"
    return words


def _said(expr: ir.Compare) -> tuple[ir.Fact | ir.Field, bool] | None:
    """``fact = true`` (or ``!=``, either way round) of a yes/no fact the vocabulary
    has words for: the fact and whether the comparison says it is true."""
    left, right = expr.left, expr.right
    if isinstance(left, ir.Const):
        left, right = right, left
    if (expr.op in ("=", "!=") and isinstance(left, (ir.Fact, ir.Field))
            and isinstance(right, ir.Const) and isinstance(right.value, bool)
            and _reading(left) is not None):
        return left, right.value is (expr.op == "=")
    return None


def _reading(expr: ir.Expr) -> ir.Reading | None:
    readings = _READINGS.get()
    if readings is None:
        return None
    if isinstance(expr, ir.Fact):
        return readings.facts.get(expr.dotted)
    if isinstance(expr, ir.Field) and isinstance(expr.record.type, ir.RecordType):
        return readings.fields.get((expr.record.type.name, expr.name))
    return None


def _joined(expr: ir.And | ir.Or, nouns: dict[str, str],
            grouped: Callable[[ir.Expr, type, bool], str]) -> str:
    """An ``and`` or an ``or`` in words: each part by `grouped` (told the junction that
    would need parentheses, and whether it is the last part), a `within` window's two
    date comparisons as one."""
    if isinstance(expr, ir.Or):
        last = len(expr.operands) - 1
        return " or ".join(grouped(o, ir.And, i == last) for i, o in enumerate(expr.operands))
    parts = _windows(expr.operands)
    return " and ".join(
        _within_words(part, nouns, None) if isinstance(part, _Within)
        else grouped(part, ir.Or, i == len(parts) - 1)
        for i, part in enumerate(parts)
    )


def _grouped(expr: ir.Expr, nouns: dict[str, str], other: type, last: bool) -> str:
    text = _cond(expr, nouns)
    return f"({text})" if isinstance(expr, other) or _open_ended(expr, last) else text


def _open_ended(expr: ir.Expr, last: bool) -> bool:
    """A quantifier whose body has several parts, followed by more of an and or an or:
    "some conviction has level felony and still stands or …" would leave the reader to
    guess where the body ends, so it is put in parentheses."""
    if isinstance(expr, ir.Not):  # "no conviction …"; any other negation is "not (…)"
        expr = expr.operand
        if not (isinstance(expr, ir.Quantifier) and expr.kind == "any"):
            return False
    return (not last and isinstance(expr, ir.Quantifier) and expr.kind != "count"
            and isinstance(expr.body, (ir.And, ir.Or)))


def _pred(expr: ir.Expr, var: str, nouns: dict[str, str]) -> str:
    """A quantifier body as a verb phrase about the element: "has level felony"."""
    if isinstance(expr, ir.And):
        parts = [
            _within_words(part, nouns, var) if isinstance(part, _Within)
            else _grouped_pred(part, var, nouns, ir.Or)
            for part in _windows(expr.operands)
        ]
        if all(p.startswith("has ") for p in parts):  # "has level felony and court C"
            parts = [parts[0]] + [p[4:] for p in parts[1:]]
        return and_list(parts)
    if isinstance(expr, ir.Or):
        return " or ".join(_grouped_pred(o, var, nouns, ir.And) for o in expr.operands)
    if _own_field(expr, var):
        assert isinstance(expr, ir.Field)
        if isinstance(expr.type, ir.BoolType):
            reading = _reading(expr)
            return reading.yes if reading is not None else f"has {_words(expr.name)} true"
    if isinstance(expr, ir.Not) and _own_field(expr.operand, var):
        assert isinstance(expr.operand, ir.Field)
        if isinstance(expr.operand.type, ir.BoolType):
            reading = _reading(expr.operand)
            return (reading.no if reading is not None
                    else f"has {_words(expr.operand.name)} false")
    if isinstance(expr, ir.Compare):
        said = _said(expr)
        if said is not None and _own_field(said[0], var):
            reading = _reading(said[0])
            assert reading is not None
            return reading.yes if said[1] else reading.no
        left, op, right = expr.left, expr.op, expr.right
        if not _own_field(left, var) and _own_field(right, var):
            left, op, right = right, _FLIP.get(op, op), left
        if _own_field(left, var):
            assert isinstance(left, ir.Field)
            name = _words(left.name)
            value = _term(right, nouns)
            if op == "=":
                return f"has {name} {value}"
            if op == "!=":
                return f"has {name} other than {value}"
            return f"has {name} {_OPS[op][1 if _is_date(left) else 0][3:]} {value}"
    if isinstance(expr, ir.Member):
        if isinstance(expr.collection, ir.SetConst) and _own_field(expr.element, var):
            assert isinstance(expr.element, ir.Field)
            values = " or ".join(_value(v, expr.collection.element)
                                 for v in expr.collection.values)
            return f"has {_words(expr.element.name)} {values}"
        if _own_field(expr.collection, var):
            assert isinstance(expr.collection, ir.Field)
            return f"has {_term(expr.element, nouns)} among its {_words(expr.collection.name)}"
    if isinstance(expr, ir.IsKnown) and _own_field(expr.operand, var):
        assert isinstance(expr.operand, ir.Field)
        return f"has a known {_words(expr.operand.name)}"
    if isinstance(expr, ir.Compare) and _is_var(expr.left, var):  # an element that is a value
        words = _OPS.get(expr.op, (expr.op, expr.op))[1 if _is_date(expr.left) else 0]
        return f"{words} {_term(expr.right, nouns)}"
    if (
        isinstance(expr, ir.Member)
        and _is_var(expr.element, var)
        and isinstance(expr.collection, ir.SetConst)
    ):
        return f"is {_one_of(expr.collection)}"
    negated = isinstance(expr, ir.Not) and isinstance(expr.operand, ir.Quantifier)
    inner = expr.operand if isinstance(expr, ir.Not) else expr
    if isinstance(inner, ir.Quantifier) and _own_field(inner.source, var):
        noun = _noun(inner)
        body = _pred(inner.body, inner.var.name, {**nouns, inner.var.name: noun})
        kind = {"any": "no", "no": "any"}.get(inner.kind, "") if negated else inner.kind
        if kind == "any":
            return f"has a {noun} that {body}"
        if kind == "no":
            return f"has no {noun} that {body}"
        if kind == "all" and isinstance(inner.source, ir.Field):
            return f"is such that every {noun} of its {_words(inner.source.name)} {body}"
    return f"is such that {_cond(expr, nouns)}"


class _Within(NamedTuple):
    """``subject within duration before|after anchor``, as `lower` spells it out: two
    date comparisons, read back as one window; `closed` False for a window back from the
    anchor that leaves its far end out (``anchor - d < subject <= anchor``, the form a
    statute writes to leave the anniversary out)."""

    subject: ir.Expr
    duration: ir.Duration
    direction: str
    anchor: ir.Expr
    closed: bool = True


def _windows(operands: Sequence[ir.Expr]) -> list[ir.Expr | _Within]:
    """The operands of a conjunction, each pair that spells a `within` window joined."""
    out: list[ir.Expr | _Within] = []
    i = 0
    while i < len(operands):
        pair = _window(operands[i], operands[i + 1]) if i + 1 < len(operands) else None
        if pair is not None:
            out.append(pair)
            i += 2
        else:
            out.append(operands[i])
            i += 1
    return out


def _window(first: ir.Expr, second: ir.Expr) -> _Within | None:
    if not (isinstance(first, ir.Compare) and isinstance(second, ir.Compare)):
        return None
    if second.op == "<=" and first.op in (">", "<"):  # anchor - d < s <= anchor
        subject, low = ((first.left, first.right) if first.op == ">"
                        else (first.right, first.left))
        if (isinstance(low, ir.ShiftDate) and low.sign < 0 and second.left == subject
                and second.right == low.date):
            return _Within(subject, low.duration, "before", low.date, closed=False)
        return None
    if first.op != "<=" or second.op != "<=":
        return None
    low, subject = first.left, first.right
    if (isinstance(low, ir.ShiftDate) and low.sign < 0 and second.left == subject
            and second.right == low.date):  # anchor - d <= s <= anchor
        return _Within(subject, low.duration, "before", low.date)
    high = second.right
    if (isinstance(high, ir.ShiftDate) and high.sign > 0 and second.left == subject
            and first.left == high.date):  # anchor <= s <= anchor + d
        return _Within(subject, high.duration, "after", high.date)
    return None


def _within_words(window: _Within, nouns: dict[str, str], var: str | None) -> str:
    """"the conviction is dated within 5 years before the case date" (both ends count);
    "less than 5 years before the case date" where the far end is left out."""
    anchor = window.anchor  # a day of the case by name, in either mode ("the case date")
    where = _fact_words(anchor.path) if isinstance(anchor, ir.Fact) else _term(anchor, nouns)
    span = (f"within {window.duration} {window.direction} {where}" if window.closed
            else f"less than {window.duration} {window.direction} {where}")
    subject = window.subject
    if var is not None and _own_field(subject, var):
        assert isinstance(subject, ir.Field)
        if subject.name == "date":
            return f"is dated {span}"
        return f"has {_words(subject.name)} {span}"
    if isinstance(subject, ir.Field) and subject.name == "date":
        return f"the {_var_noun(subject.record, nouns)} is dated {span}"
    return f"{_term(subject, nouns)} is {span}"


def _is_var(expr: ir.Expr, var: str) -> bool:
    return isinstance(expr, ir.Var) and expr.name == var


def _grouped_pred(expr: ir.Expr, var: str, nouns: dict[str, str], other: type) -> str:
    text = _pred(expr, var, nouns)
    return f"({text})" if isinstance(expr, other) else text


def _own_field(expr: ir.Expr, var: str) -> bool:
    return isinstance(expr, ir.Field) and expr.record.name == var


def _term(expr: ir.Expr, nouns: dict[str, str]) -> str:
    if isinstance(expr, ir.Fact):
        return _fact_words(expr.path) if _PLAIN_FACTS.get() else expr.dotted
    if isinstance(expr, ir.Field):
        return f"the {_var_noun(expr.record, nouns)}'s {_words(expr.name)}"
    if isinstance(expr, ir.Var):
        return f"the {_var_noun(expr, nouns)}"
    if isinstance(expr, ir.Const):
        return _value(expr.value, expr.type)
    if isinstance(expr, ir.SetConst):
        return "{" + ", ".join(_value(v, expr.element) for v in expr.values) + "}"
    if isinstance(expr, ir.IntArith):
        word = "plus" if expr.op == "+" else "minus"
        return f"{_term(expr.left, nouns)} {word} {_term(expr.right, nouns)}"
    if isinstance(expr, ir.ShiftDate):
        word = "plus" if expr.sign > 0 else "minus"
        return f"{_term(expr.date, nouns)} {word} {expr.duration}"
    if isinstance(expr, ir.Quantifier) and expr.kind == "count":
        noun = _noun(expr)
        body = _pred(expr.body, expr.var.name, {**nouns, expr.var.name: noun})
        source = _term(expr.source, nouns).removeprefix("the ")  # "the number of convictions"
        if expr.body == ir.TRUE:  # `count c in convictions where true`: every element
            return f"the number of {source}"
        return f"the number of {source} where the {noun} {body}"
    return f"({_cond(expr, nouns)})"


def _fact_words(path: Sequence[str]) -> str:
    """A fact of the case by name, not by path: ``request.form`` → "the request's form",
    ``agency`` → "the agency", ``date`` → "the case date"."""
    if tuple(path) == ("date",):
        return "the case date"
    if len(path) == 1:
        return f"the {_words(path[0])}"
    field = _words(path[-1]).split()
    if len(field) == 2 and field[-1] == "on":  # "the day the request was lodged"
        return f"the day the {_words(path[-2])} was {field[0]}"
    return f"the {_words(path[-2])}'s {_words(path[-1])}"


def fact_name(path: str, readings: Readings | None = None) -> str:
    """A fact named by its path in a case (``person.us_citizen``, ``convictions[].court``,
    as a comparison lists the facts an answer turns on) in words: a yes/no fact the
    vocabulary reads as "whether" and its reading ("whether the person is a United States
    citizen", "whether a conviction was set aside"), any other as a noun ("the agency",
    "the request's form", "a conviction's court", "the convictions"); a field named for
    whoever acts on it (``judicial_warrant_signed_by``) as a clause ("who signed the
    request's judicial warrant"). A path it cannot read is given back as it is."""
    parts = path.split(".")
    if not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\[\])?", part) for part in parts):
        return path
    names = [part.removesuffix("[]") for part in parts]
    # the record each part is said of: "the person", "a conviction" (an element of a list)
    subjects = [f"a {_singular(name)}" if part.endswith("[]") else f"the {_words(name)}"
                for part, name in zip(parts, names, strict=True)]
    if readings is not None and "[]" not in path:
        reading = readings.facts.get(path)
        if reading is not None:
            return f"whether {reading.yes}"
    elif readings is not None and len(parts) > 1 and parts[-2].endswith("[]"):
        reading = readings.fields.get((_singular(names[-2]).replace(" ", "_"), names[-1]))
        if reading is not None:  # said of the record: "whether a conviction was set aside"
            return f"whether {subjects[-2]} {reading.yes}"
    if len(parts) == 1:
        return _fact_words(names)
    owner = "'s ".join(subjects[:-1])
    field = _words(names[-1]).split()
    if len(field) >= 2 and field[-1] == "by":  # "who signed the request's judicial warrant"
        thing = " ".join(field[:-2])
        return name_words(f"who {field[-2]} {owner}" + (f"'s {thing}" if thing else ""))
    if len(field) == 2 and field[-1] in ("in", "at"):  # "where a warrant was issued"
        return name_words(f"where {owner} was {field[0]}")
    if len(field) == 2 and field[-1] == "on":  # "the day the request was lodged"
        return name_words(f"the day {owner} was {field[0]}")
    return name_words(f"{owner}'s {' '.join(field)}")


def _singular(name: str) -> str:
    """A list's element by the list's name: ``convictions`` → "conviction"."""
    return _words(name[:-1] if name.endswith("s") else name)


def or_list(items: Sequence[str]) -> str:
    """"a, b or c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def unknown_clause(names: Sequence[str]) -> str:
    """That one of the facts `names` (as `fact_name` gives them) is unknown: "the agency
    or the request's form is unknown", "it is unknown whether the person is a United
    States citizen"; several of which one is a question ("whether …", "who signed …")
    said as a list."""
    questions = ("whether ", "who ", "where ")
    if not names:
        return "a fact is unknown"
    if len(names) == 1:
        name = names[0]
        return f"it is unknown {name}" if name.startswith(questions) else f"{name} is unknown"
    if any(name.startswith(questions) for name in names):
        return f"one of these is unknown: {and_list(list(names))}"
    return f"{or_list(names)} is unknown"


def element_noun(expr: ir.Quantifier) -> str:
    """What a quantifier's element is called: "conviction" (``any c in convictions``)."""
    return _noun(expr)


def _var_noun(var: ir.Var, nouns: Mapping[str, str]) -> str:
    """What a bound element is called: the quantifier's noun ("conviction"), or for a
    definition's parameter (``c: conviction``), its record type's name, never ``c``."""
    if var.name in nouns:
        return nouns[var.name]
    if isinstance(var.type, ir.RecordType):
        return _words(var.type.name)
    return _words(var.name)


def _noun(expr: ir.Quantifier) -> str:
    if isinstance(expr.var.type, ir.RecordType):
        return _words(expr.var.type.name)
    last = expr.source.path[-1] if isinstance(expr.source, ir.Fact) else expr.source.name
    return _words(last[:-1] if last.endswith("s") else last)


# Words of a name built from an identifier that a lawyer writes otherwise: proper names,
# abbreviations and felony classes. A word touching `/`, `.`, `-` or a backtick is part of
# an id or a value (``ct/doc-policy``, ``us.aggravated_felony``) and is left as written.
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w./`-])", r"(?![\w./`-])"
_NAME_WORDS = {"connecticut": "Connecticut", "california": "California",
               "doc": "DOC", "ice": "ICE", "cbp": "CBP", "ncic": "NCIC",
               "proposition": "Proposition", "us citizen": "U.S. citizen"}
_NAME_WORD = re.compile(_EDGE_BEFORE + "(" + "|".join(_NAME_WORDS) + ")" + _EDGE_AFTER)
_CLASSES = re.compile(_EDGE_BEFORE + r"(class(?:es)? )([a-e])(?:( or | and )([a-e]))?"
                      + _EDGE_AFTER)


def name_words(text: str) -> str:
    """Words built from identifiers (plain text, underscores already read as spaces) as
    a lawyer writes them: "Connecticut", "DOC" (the Department of Correction), "class A
    or B felony", where the identifier had "connecticut", "doc", "class a or b"."""
    text = _NAME_WORD.sub(lambda m: _NAME_WORDS[m.group(1)], text)
    return _CLASSES.sub(lambda m: m.group(1) + m.group(2).upper()
                        + (m.group(3) + m.group(4).upper() if m.group(3) else ""), text)



def _words(name: str) -> str:
    return name.replace("_", " ")


def _value(value: Any, kind: ir.Type) -> str:
    """A value in a condition's words: the `value` hook's words for a value of a kind of
    fact, where it gives any, else the value as written."""
    namer = _VALUES.get()
    if namer is not None and isinstance(kind, ir.EnumType):
        words = namer(value, kind)
        if words is not None:
            return words
    return value_words(value)


def _one_of(values: ir.SetConst) -> str:
    """The values in the order the vocabulary declares them (its most common first, its
    catch-all `other` last), not the set's sorted order."""
    kind = values.element
    rank: dict[Any, int] = ({v: i for i, v in enumerate(kind.values)}
                            if isinstance(kind, ir.EnumType) else {})
    ordered = sorted(values.values, key=lambda v: rank.get(v, len(rank)))
    shown = [_value(v, kind) for v in ordered]
    if len(shown) == 1:
        return shown[0]
    plain = _PLAIN_FACTS.get()
    if plain is not None:  # "the agency is an adult or a juvenile probation office"
        return plain.or_words(shown)
    return "one of " + ", ".join(shown)


_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
_JOINING = frozenset({"and", "for", "in", "of", "on", "the", "to"})  # small words in a name
_ARTICLES = frozenset({"a", "an", "any", "the"})


def value_meanings(vocabulary: ir.Vocabulary) -> dict[tuple[str, str], str]:
    """Each value of a kind of fact, (kind, value), → the vocabulary's words for it as a
    sentence puts them in the value's place: ``("agency", "court_marshal")`` → "a
    judicial or state marshal", ``("request_issuer", "ice")`` → "U.S. Immigration and
    Customs Enforcement", ``("tag", "ca.serious_felony")`` → "California serious felony".

    The words are the vocabulary's meaning of the value, its first letter made small
    where its first word is a common one (one the vocabulary writes in lower case
    elsewhere, such as "A" or "Class", and not the start of a capitalised name such as
    "Immigration Detainer"). The values of a kind that has a name made for the case
    format (``court_marshal``, ``ca.serious_felony``, the abbreviation ``ice``) all have
    their meanings, so that its values read alike; a value of a kind whose values are
    all written as words already (``hold``, a form's number ``I-247A``) has an entry
    only where its meaning is a noun phrase that can stand in its place ("any other
    request form"), not a description such as "Keep the person past the time of
    release". A value the vocabulary gives no meaning has no entry."""
    texts = [text for _kind, _value, text in vocabulary.enum_texts]
    texts += [tag.text for tag in vocabulary.tags]
    fields = list(vocabulary.fields) + [f for r in vocabulary.records for f in r.fields]
    for field in fields:
        texts.append(field.text)
        if field.reads is not None:
            texts += [field.reads.yes, field.reads.no]
    common = {word for text in texts for word in _WORD.findall(text) if word[0].islower()}
    made_up = {kind for kind, value, _text in vocabulary.enum_texts
               if any(c in value for c in "_.") or name_words(value) != value}
    out: dict[tuple[str, str], str] = {}
    for kind, value, text in vocabulary.enum_texts:
        words = text.split()
        if not words or (kind not in made_up and words[0].lower() not in _ARTICLES):
            continue
        # the start of a capitalised name: "Immigration Detainer", "Request for Voluntary"
        following = words[2 if len(words) > 2 and words[1] in _JOINING else 1:][:1]
        named = bool(following) and len(following[0]) > 1 and following[0][0].isupper()
        first = words[0]
        said = " ".join(words)
        if first.lower() in common and first[1:] == first[1:].lower() and not named:
            said = said[0].lower() + said[1:]
        out[(kind, value)] = said
    return out


def and_list(items: Sequence[str]) -> str:
    """"a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _type(expr: ir.Expr) -> ir.Type | None:
    return getattr(expr, "type", None)


def _is_date(expr: ir.Expr) -> bool:
    if isinstance(expr, ir.ShiftDate):
        return True
    if isinstance(expr, ir.Const):
        return isinstance(expr.value, _dt.date)
    return isinstance(_type(expr), ir.DateType)


def value_words(value: Any) -> str:
    """A fact's value as written in an account: true, 2015-11-10, felony, [a, b]."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        return "[" + ", ".join(value_words(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "a record"
    return str(value)
