"""A test of a list in a lawyer's words: ``any c in convictions where …`` reads "there is
a felony conviction that still stands, that was entered by a federal court, and that is
classed as an aggravated felony", not "some conviction has level felony, still stands,
has court federal and has us.aggravated_felony among its tags".

Used where facts are named in words (`plain_condition_words`: `trustlaw
explain`, the case checker, the statute pages, the comparison's summaries); an account
by paths keeps `words`' plainer verb phrases. The element's offense level and felony
class go before its noun ("a class A or B felony conviction"), a warrant's kind stands
for the warrant ("a criminal arrest warrant"), and every other part of the test is a
relative clause ("that was entered by …"), each opened by "that" so that none runs into
the next.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import ir
from . import words as w

__all__ = ["FIELD_VERBS", "article", "asks_for", "or_words", "plain_condition_words",
           "quantified"]

# (record, field) → what an element "is" for a value of the field, and what it is not:
# "a conviction that was entered by a federal court", "a charge that is pending in …"
FIELD_VERBS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("conviction", "court"): ("was entered by {}", "was not entered by {}"),
    ("charge", "court"): ("is pending in {}", "is not pending in {}"),
    ("warrant", "issued_in"): ("was issued in {}", "was not issued in {}"),
    ("warrant", "kind"): ("is {}", "is not {}"),
    ("conviction", "plea"): ("rests on {}", "does not rest on {}"),
    ("conviction", "level"): ("is for {}", "is not for {}"),
    ("charge", "level"): ("is for {}", "is not for {}"),
}
# a list fact whose members are what its record asks for: "the request asks for a hold",
# not "the request's kinds include hold"
_ASKS: Mapping[tuple[str, ...], tuple[str, str]] = {
    ("request", "kinds"): ("the request asks for {}", "the request does not ask for {}"),
}
# a list field of an element whose members are its classifications
_CLASSED = ("is classed as {}", "is not classed as {}")
_LIST_VERBS: Mapping[str, tuple[str, str]] = {"tags": _CLASSED}
# fields said before the element's noun, by their values as written: "a felony charge"
_ADJECTIVES = frozenset({"level", "felony_class"})
# a field whose values name the element itself: "a criminal arrest warrant"
_NAMING = frozenset({("warrant", "kind")})
_DATED = "is dated "


def quantified(expr: ir.Quantifier, nouns: dict[str, str], negated: bool) -> str | None:
    """``any`` (or, `negated`, ``no``) of a list as "there is (no) <element> that …";
    None for what it does not word (``all``, ``count``, a list of an element's own)."""
    if expr.kind not in ("any", "no") or isinstance(expr.source, ir.Field):
        return None
    if expr.kind == "no":
        negated = not negated
    noun = w._noun(expr)
    other = noun in nouns.values()
    var = expr.var.name
    inner = {**nouns, var: noun}
    record = expr.var.type.name if isinstance(expr.var.type, ir.RecordType) else ""
    adjective, named, clauses = _parts(expr.body, var, inner, record, naming=not negated)
    if named is not None:  # "a criminal arrest warrant", said with its own article
        phrase = named if not other else f"another {named.split(' ', 1)[-1]}"
    else:
        phrase = f"{adjective} {noun}" if adjective else noun
        if other:  # a second element of the same list: "another", "no other"
            phrase = f"{'other' if negated else 'another'} {phrase}"
        elif not negated:
            phrase = f"{article(phrase)} {phrase}"
    that = that_clauses(clauses)
    return f"there is {'no ' if negated else ''}{phrase}{' ' + that if that else ''}"


def that_clauses(clauses: Sequence[str]) -> str:
    """Relative clauses each opened by "that": "that a", "that a and that b", "that a,
    that b, and that c" (the serial comma, as each clause may hold a list of its own)."""
    said = [f"that {c}" for c in clauses]
    if len(said) <= 2:
        return " and ".join(said)
    return ", ".join(said[:-1]) + ", and " + said[-1]


def _parts(body: ir.Expr, var: str, nouns: dict[str, str], record: str, *, naming: bool
           ) -> tuple[str, str | None, list[str]]:
    """The body of a test of a list as the words before the element's noun ("felony"),
    the value that names the element (a warrant's kind), and its relative clauses."""
    operands = list(body.operands) if isinstance(body, ir.And) else [body]
    adjectives: dict[str, str] = {}
    named: str | None = None
    clauses: list[str] = []
    for part in w._windows(operands):
        if isinstance(part, w._Within):
            clauses.append(_own(w._within_words(part, nouns, var)))
            continue
        test = _value_test(part, var)
        if test is not None and not test[2] and test[0].name in _ADJECTIVES:
            said = _adjective(test[0].name, test[1])
            if said is not None and test[0].name not in adjectives:
                adjectives[test[0].name] = said
                continue
        if (test is not None and not test[2] and naming and named is None
                and (record, test[0].name) in _NAMING):
            named = or_words([w._value(v, test[3]) for v in test[1]])
            continue
        clause = _clause(part, var, nouns, record)
        if clauses and clauses[-1].startswith(_DATED) and clause.startswith(_DATED) \
                and " and " not in clauses[-1]:  # "is dated after … and on or before …"
            clauses[-1] += " and " + clause.removeprefix(_DATED)
        else:
            clauses.append(clause)
    if "felony_class" in adjectives and adjectives.get("level") == "felony":
        del adjectives["level"]  # "a class A felony conviction", not "a felony class A …"
    adjective = " ".join(adjectives[k] for k in ("level", "felony_class") if k in adjectives)
    if named is not None and adjective:  # the kind names it: the level is said after it
        clauses.insert(0, f"is for {article(adjective)} {adjective}")
    return adjective if named is None else "", named, clauses


def _value_test(expr: ir.Expr, var: str
                ) -> tuple[ir.Field, list[Any], bool, ir.Type] | None:
    """A test of one of the element's own fields against values (``c.level = felony``,
    ``c.court in {…}``, ``c.court != federal``): the field, the values in the
    vocabulary's order, whether the test is that the field is none of them, and their
    kind."""
    if isinstance(expr, ir.Compare) and expr.op in ("=", "!="):
        left, right = expr.left, expr.right
        if isinstance(left, ir.Const):
            left, right = right, left
        if (w._own_field(left, var) and isinstance(right, ir.Const)
                and isinstance(left, ir.Field) and not isinstance(right.value, bool)):
            return left, [right.value], expr.op == "!=", right.type
    if isinstance(expr, ir.Not):
        inner = _value_test(expr.operand, var)
        return None if inner is None else (inner[0], inner[1], not inner[2], inner[3])
    if (isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst)
            and w._own_field(expr.element, var) and isinstance(expr.element, ir.Field)):
        kind = expr.collection.element
        rank: dict[Any, int] = ({v: i for i, v in enumerate(kind.values)}
                                if isinstance(kind, ir.EnumType) else {})
        values = sorted(expr.collection.values, key=lambda v: rank.get(v, len(rank)))
        return expr.element, values, False, kind
    return None


def _adjective(field: str, values: Sequence[Any]) -> str | None:
    """An offense level or felony class as words before a noun: "felony or misdemeanor",
    "class A or B felony"; None for values that do not read so."""
    if not values or not all(isinstance(v, str) for v in values):
        return None
    if field == "level":
        shown = [v.replace("_", " ") for v in values]
        return None if any(" " in s for s in shown) else w.or_list(shown)
    if all(len(v) == 1 and v.isalpha() for v in values):  # felony classes A to E
        return f"class {w.or_list([v.upper() for v in values])} felony"
    return None


def _clause(part: ir.Expr, var: str, nouns: dict[str, str], record: str) -> str:
    """One part of an element's test as a relative clause, without its "that"."""
    test = _value_test(part, var)
    if test is not None:
        field, values, none_of, kind = test
        if field.name in _ADJECTIVES and not none_of:
            said = _adjective(field.name, values)
            if said is not None:
                return f"is for {article(said)} {said}"
        verbs = FIELD_VERBS.get((record, field.name))
        if verbs is not None:
            return verbs[none_of].format(or_words([w._value(v, kind) for v in values]))
    member = _membership(part, var)
    if member is not None:
        listed, members, absent = member
        classed = _LIST_VERBS.get(listed.name)
        if classed is not None:
            element = listed.type.element if isinstance(listed.type, ir.ListType) else None
            shown = [_with_article(w._value(v, element) if element is not None else str(v))
                     for v in members]
            return classed[absent].format(or_words(shown))
    if isinstance(part, ir.Or):  # "either is for a felony or is dated within …"
        either: list[str] = []
        for operand in part.operands:
            clauses = _clauses(operand, var, nouns, record)
            text = w.and_list(clauses)
            either.append(f"({text})" if len(clauses) > 1 else text)
        return "either " + w.or_list(either)
    if isinstance(part, ir.And):
        return w.and_list(_clauses(part, var, nouns, record))
    if isinstance(part, ir.Compare) and w._own_field(part.left, var) \
            and part.op in ("<", "<=", ">", ">=") and isinstance(part.left, ir.Field):
        name = w._words(part.left.name)
        date = w._is_date(part.left)
        words = w._OPS[part.op][1 if date else 0][3:]  # "before", "at least"
        value = w._term(part.right, nouns)
        if part.left.name == "date":
            return f"{_DATED}{words} {value}"
        return f"has {article(name)} {name} {words} {value}" if date \
            else f"has {article(name)} {name} of {words} {value}"
    return _own(w._pred(part, var, nouns))


def _clauses(part: ir.Expr, var: str, nouns: dict[str, str], record: str) -> list[str]:
    """A part of an element's test as the clauses it says, its level and felony class
    as one ("is for a class A felony"), a date window as one."""
    if not isinstance(part, ir.And):
        return [_clause(part, var, nouns, record)]
    adjective, _named, clauses = _parts(part, var, nouns, record, naming=False)
    if adjective:
        clauses.insert(0, f"is for {article(adjective)} {adjective}")
    return clauses


def _membership(expr: ir.Expr, var: str) -> tuple[ir.Field, list[Any], bool] | None:
    """``x in c.tags`` (or its negation, or an "or" of such tests of one list): the
    list, the values and whether the test is that none of them is in it."""
    if isinstance(expr, ir.Not):
        inner = _membership(expr.operand, var)
        if inner is None or len(inner[1]) != 1:
            return None
        return inner[0], inner[1], not inner[2]
    if (isinstance(expr, ir.Member) and isinstance(expr.element, ir.Const)
            and w._own_field(expr.collection, var) and isinstance(expr.collection, ir.Field)):
        return expr.collection, [expr.element.value], False
    if isinstance(expr, ir.Or):
        found = [_membership(o, var) for o in expr.operands]
        if all(f is not None and not f[2] for f in found):
            lists = {f[0] for f in found if f is not None}
            if len(lists) == 1:
                return lists.pop(), [v for f in found if f is not None for v in f[1]], False
    return None


def _own(text: str) -> str:
    """A verb phrase about the element, as a clause: "has release date …" reads "has a
    release date …" (an element's field is one of its own)."""
    if text.startswith("has ") and not text.startswith(("has a ", "has an ", "has no ")):
        rest = text[4:]
        return f"has {article(rest)} {rest}"
    return text


def article(phrase: str) -> str:
    """"a" or "an" for `phrase`, by its first sound as its letters show it."""
    first = phrase[:1].lower()
    return "an" if first in "aeio" or (first == "u" and not phrase.startswith("U.S")) else "a"


_ARTICLES = ("a ", "an ", "the ", "any ", "another ")


def _with_article(words: str) -> str:
    """A value's words as a noun phrase with its article ("a California serious felony"),
    as written where they have one or do not start with a letter (a link's marker)."""
    if not words[:1].isalpha() or words.lower().startswith(_ARTICLES):
        return words
    return f"{article(words)} {words}"


def or_words(items: Sequence[str]) -> str:
    """Values joined by "or", the words they share said once: "a California serious or
    violent felony", "a felony or misdemeanor"; else "a, b or c"."""
    if len(items) < 2:
        return w.or_list(list(items))
    split = [item.split(" ") for item in items]
    head = 0
    while all(len(s) > head + 1 and s[head] == split[0][head] for s in split):
        head += 1
    tail = 0
    while all(len(s) > head + tail + 1 and s[-1 - tail] == split[0][-1 - tail] for s in split):
        tail += 1
    middles = [s[head:len(s) - tail] for s in split]
    if (head or tail) and all(len(m) == 1 for m in middles):
        before = " ".join(split[0][:head])
        after = " ".join(split[0][len(split[0]) - tail:]) if tail else ""
        joined = w.or_list([m[0] for m in middles])
        return " ".join(p for p in (before, joined, after) if p)
    return w.or_list(list(items))


def asks_for(path: Sequence[str], value: Any, shown: str | None = None,
             negated: bool = False) -> str | None:
    """That a record asks (or does not ask) for `value`, where `path` is a list of what it
    asks for ("the request asks for a hold"); None for any other list. `shown` is the
    value's words where they are a link's marker (the site links the value to its
    meaning); words of another kind (a value's long meaning) give way to the value."""
    verbs = _ASKS.get(tuple(path))
    if verbs is None:
        return None
    plain = w.value_words(value)
    words = shown if shown is not None and not shown[:1].isalpha() else plain
    return verbs[negated].format(f"{article(plain)} {words}")


def _asked(expr: ir.Member, nouns: dict[str, str], negated: bool) -> str | None:
    """`asks_for` of a condition's test; the value's words are asked for only then (the
    site's value hook numbers each value it is asked for)."""
    if not (isinstance(expr.collection, ir.Fact) and isinstance(expr.element, ir.Const)
            and tuple(expr.collection.path) in _ASKS):
        return None
    return asks_for(expr.collection.path, expr.element.value, w._term(expr.element, nouns),
                    negated)


def plain_condition_words(expr: ir.Expr,
                          named: Callable[[ir.Expr], str | None] | None = None,
                          value: w.ValueNamer | None = None,
                          readings: w.Readings | None = None) -> str:
    """`words.condition_words` with the facts named in words and tests of lists read as
    this module reads them: what a lawyer's page or account says."""
    return w.condition_words(expr, named, value, readings,
                             plain_facts=w.PlainWords(_quantified, or_words, _asked))


def _quantified(expr: ir.Quantifier, nouns: dict[str, str], negated: bool) -> str | None:
    return quantified(expr, nouns, negated=negated)
