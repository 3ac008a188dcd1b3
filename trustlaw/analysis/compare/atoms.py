"""Conditions → their atoms (the smallest yes/no parts), and literals on atoms as IR and words.

A rule's condition is a Kleene combination (and, or, not) of atoms: comparisons,
memberships, yes/no facts, "is known" tests and quantifiers (a quantifier is one atom:
"some conviction is a class A felony"). Each atom is true, false or unknown in a case,
and every outcome, duty and limit is a function of the atoms of its conditions, so a
conjunction of atom states ("a literal" each) describes a set of cases decided alike.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs

from ... import ir
from ...decisions.clauses import asks_for, plain_condition_words
from ...decisions.words import (
    Readings,
    by_whom,
    condition_words,
    element_noun,
    fact_name,
    name_words,
    or_list,
    unknown_clause,
)

__all__ = [
    "STATES", "Atom", "Literal", "Meanings", "NamedSets", "Wording", "atoms_of", "fact_words",
    "literal_expr", "literal_words", "summary_wording", "summary_words",
]

STATES: tuple[str, ...] = ("true", "false", "unknown")


@attrs.frozen
class Atom:
    """One atom: its expression and the name a definition gives it, if any."""

    expr: ir.Expr
    name: str | None = None
    two_valued: bool = False  # never unknown (an "is known" test, a whole decision)

    @property
    def paths(self) -> tuple[str, ...]:
        """The case paths it reads (``person.gang_database``, ``convictions``), sorted."""
        return tuple(sorted(".".join(p).replace(".*.", "[].") for p in
                            ir.referenced_paths(self.expr)))


@attrs.frozen
class Literal:
    """An atom in one state (true, false or unknown)."""

    atom: int  # index into the atom list
    state: str


def atoms_of(
    conditions: Iterable[ir.Expr], definitions: Sequence[ir.Definition] = ()
) -> list[Atom]:
    """The distinct atoms of `conditions`, in first-seen order (constants left out);
    an atom that is the body of a (parameterless) definition carries its name."""
    named = {canonical(d.body): d.name for d in definitions if not d.params}
    found: dict[Any, Atom] = {}
    for condition in conditions:
        for expr in _leaves(condition):
            key = canonical(expr)
            if key not in found:
                found[key] = Atom(expr, named.get(key))
    return list(found.values())


def _leaves(expr: ir.Expr) -> Iterable[ir.Expr]:
    if isinstance(expr, (ir.And, ir.Or)):
        for operand in expr.operands:
            yield from _leaves(operand)
    elif isinstance(expr, ir.Not):
        yield from _leaves(expr.operand)
    elif isinstance(expr, ir.Const):
        return
    else:
        yield expr


_CANONICAL: dict[int, tuple[ir.Expr, Any]] = {}  # id -> the expression (kept alive) and its key
_MAX_CANONICAL = 100_000


def canonical(expr: ir.Expr) -> Any:
    """A hashable key equal for expressions that differ only in bound variable names
    (kept per expression object for the process: a statute's conditions are the same
    objects in every comparison it takes part in)."""
    found = _CANONICAL.get(id(expr))
    if found is not None:
        return found[1]
    if len(_CANONICAL) >= _MAX_CANONICAL:
        _CANONICAL.clear()
    key = _canon(expr, {})
    _CANONICAL[id(expr)] = (expr, key)
    return key


def _canon(expr: ir.Expr, names: dict[str, str]) -> Any:
    if isinstance(expr, ir.Var):
        return ("var", names.get(expr.name, expr.name))
    if isinstance(expr, ir.Field):
        return ("field", _canon(expr.record, names), expr.name)
    if isinstance(expr, ir.Quantifier):
        inner = {**names, expr.var.name: f"v{len(names)}"}
        return ("q", expr.kind, _canon(expr.source, names), _canon(expr.body, inner))
    if isinstance(expr, (ir.And, ir.Or)):
        return (type(expr).__name__, tuple(_canon(o, names) for o in expr.operands))
    if isinstance(expr, (ir.Not, ir.IsKnown)):
        return (type(expr).__name__, _canon(expr.operand, names))
    if isinstance(expr, (ir.Compare, ir.IntArith)):
        return (type(expr).__name__, expr.op, _canon(expr.left, names),
                _canon(expr.right, names))
    if isinstance(expr, ir.Member):
        return ("in", _canon(expr.element, names), _canon(expr.collection, names))
    if isinstance(expr, ir.ShiftDate):
        return ("shift", _canon(expr.date, names), expr.duration, expr.sign)
    return expr  # constants and facts compare by value (spans are not part of equality)


def literal_expr(atom: Atom, state: str) -> ir.Expr:
    """The literal as a yes/no IR expression that is true exactly in that state."""
    if state == "true":
        return atom.expr
    if state == "false":
        return ir.Not(atom.expr)
    return ir.Not(ir.IsKnown(atom.expr))


def literal_words(atom: Atom, state: str, readings: Readings | None = None) -> str:
    """The literal in plain words: ``gang database is true``, ``not convicted of a felony``,
    ``the agency is unknown`` (an unknown fact named in the vocabulary's words, with
    its `readings`: ``it is unknown whether the person is a United States citizen``)."""
    if atom.name is not None:
        name = name_words(atom.name.replace("_", " "))
        return {"true": name, "false": f"not {name}", "unknown": f"{name}: unknown"}[state]
    if state == "true":
        return _tidy(condition_words(atom.expr), atom)
    if state == "false":
        return _tidy(condition_words(ir.Not(atom.expr)), atom)
    return unknown_clause([fact_name(path, readings) for path in atom.paths])


def _tidy(words: str, atom: Atom | None = None) -> str:
    """Condition words for a reader: each fact of a record the case holds said with its
    record (`fact_words`: ``the request's kinds``, not a bare ``kinds``)."""
    facts = sorted({p for p in ir.referenced_paths(atom.expr) if len(p) > 1 and "*" not in p},
                   key=len, reverse=True) if atom is not None else []
    for path in facts:  # the longest first: no path cuts another short
        words = re.sub(rf"(?<![\w.]){re.escape('.'.join(path))}(?![\w.])", fact_words(path),
                       words)
    return name_words(_UNDERSCORED.sub(_spaced, words))


# a name written with underscores; a dotted tag (``ca.prop47_reduced``) keeps them, as the
# case writes it
_UNDERSCORED = re.compile(r"[^\s,;()]*_[^\s,;()]*")


def _spaced(found: re.Match[str]) -> str:
    token = found.group(0)
    return token if "." in token.strip(".") else token.replace("_", " ")


_PREPOSITIONS = frozenset({"by", "in", "on", "of", "to", "for", "from", "at"})


def fact_words(path: Sequence[str]) -> str:
    """A fact by its path, a field of a record the case holds said with its record, as
    the vocabulary's readings are (``the request's issuer``; ``agency`` as it is)."""
    *records, field = path
    if not records:
        return field.replace("_", " ")
    return "the " + "'s ".join(p.replace("_", " ") for p in (*records, field))


def _is(name: str) -> str:
    """``the request's issuer is``; a field named for who did something reads as done by
    them (``the request's judicial warrant is signed by``, as explanations say it); any
    other field named by a phrase that ends in a preposition takes its value without one."""
    thing, done_by = by_whom(name)
    if done_by:
        return f"{thing} is {done_by.rstrip()}"
    return name if name.rsplit(" ", 1)[-1] in _PREPOSITIONS else f"{name} is"


# a set of values of an enum fact that has a name in words, e.g. the agencies both laws
# bind (`summary_words`' `named`): fact path -> [(the values, the words)]
NamedSets = Mapping[tuple[str, ...], Sequence[tuple[frozenset[str], str]]]
# the vocabulary's words for values of a kind of fact, (kind, value) -> words ("a judicial
# or state marshal" for ``("agency", "court_marshal")``): `decisions.words.value_meanings`
Meanings = Mapping[tuple[str, str], str]
_LONG_SET = 3  # more values than this are counted in a line that must be short
_ASIDE = re.compile(r",| \(| - | — ")  # where a value's meaning turns to an aside


@attrs.frozen
class Wording:
    """A cube in words, kept in its parts so that it can be said in full (`full`) or
    fitted to a line (`within`): the true literals, the false ones (``none of: …``),
    the sets of enum values (each in three forms, from the longest to the shortest), the
    unknown facts."""

    trues: tuple[str, ...] = ()
    falses: tuple[str, ...] = ()
    # each set's forms: its values' meanings (up to an aside); those of a few values, or
    # a long set counted; their names, or a long set counted
    sets: tuple[tuple[str, ...], ...] = ()
    unknowns: tuple[str, ...] = ()
    # a lone false yes/no fact in the vocabulary's words ("no local law or policy forbids
    # honoring the request"), said instead of "not local policy bars hold"
    denial: str | None = None
    # the ``none of`` items only one of the two laws tests (a draft's new look-back): what
    # a line shortened by its ``none of`` list keeps longest, as what the change is
    changed: tuple[str, ...] = ()
    # (item, its brief form): a changed element phrase without the clauses another
    # condition of either law also says, so that what is new is what a short line shows
    briefs: tuple[tuple[str, str], ...] = ()

    def full(self) -> str:
        """Every part, in the order above: the summary of a region."""
        return self._said()

    def within(self, width: int, prefer: Iterable[str] = ()) -> str:
        """The summary in at most `width` characters where it can be: a long set of values
        counted (``the agency is one of 7 agencies``), then the others by their names
        (``the agency is county jail``) rather than by what they mean; else items of the
        ``none of`` list left out from its end (``none of: a, b and 2 more``), the few
        values of a set still said by their meaning, then by their names, and the items in
        `prefer` (what tells the region from its neighbours) left out last, so that the
        facts that set the region apart and its sets of values are kept, and after them
        the items only one law tests (`changed`); the shortest form tried when none fits;
        a lone false fact by its short name ("not release date public") before anything
        else is shortened."""
        said = self.full()
        if len(said) > width and self.denial is not None:
            return attrs.evolve(self, denial=None).within(width, prefer)
        for level in (1, 2):
            if len(said) <= width:
                return said
            said = self._said(level=level)
        if len(said) <= width:
            return said
        if self.briefs:  # a changed phrase by what is new in it, before items are dropped
            brief = dict(self.briefs)
            return attrs.evolve(
                self, falses=tuple(brief.get(f, f) for f in self.falses),
                changed=tuple(brief.get(c, c) for c in self.changed), briefs=(),
            ).within(width, [brief.get(p, p) for p in prefer])
        preferred, changed = set(prefer), set(self.changed)
        order = sorted(reversed(range(len(self.falses))), key=lambda i: (
            self.falses[i] in preferred, self.falses[i] in changed))
        for level in (1, 2):
            kept = list(range(len(self.falses)))
            said = self._said(kept, level=level)
            for index in order[:-1]:  # at least one item stays
                if len(said) <= width:
                    break
                kept.remove(index)
                said = self._said(kept, level=level)
            if len(said) <= width:
                break
        return said

    def _said(self, kept: Sequence[int] | None = None, level: int = 0) -> str:
        """The parts joined; `kept`: the indexes of the ``none of`` items said (all when
        None), the others counted at its end; each set in its form at `level` (its
        shortest when it has fewer)."""
        parts = list(self.trues)
        falses = self.falses
        if falses:
            shown = [falses[i] for i in (range(len(falses)) if kept is None else kept)]
            # an item that is a list of its own ("a conviction that still stands, has court
            # a federal court …, …") is bracketed, so that its commas do not read as the list's
            items = [f"({item})" if "," in item and len(falses) > 1 else item
                     for item in shown]
            more = len(falses) - len(shown)
            listed = ", ".join(items) + (f" and {more} more" if more else "")
            if len(falses) == 1 and self.denial is not None:
                parts.append(self.denial)
            else:
                parts.append(("not " if len(falses) == 1 else "none of: ") + listed)
        parts += [forms[min(level, len(forms) - 1)] for forms in self.sets]
        parts += self.unknowns
        return "; ".join(parts) if parts else "every case"


def summary_words(atoms: Sequence[Atom], literals: Sequence[Literal],
                  readings: Readings | None = None, named: NamedSets | None = None,
                  meanings: Meanings | None = None) -> str:
    """A cube in words (`summary_wording`'s, in full)."""
    return summary_wording(atoms, literals, readings, named, meanings).full()


# an element phrase, "a conviction that A, that B, and that C": its head and its clauses
_ELEMENT = re.compile(r"(an? [^,;()]*? )(that .*)")
_NEXT_CLAUSE = re.compile(r", (?:and )?(?=that )")


def clauses(phrase: str) -> tuple[str, list[str]] | None:
    """An element phrase's head (``a conviction``) and its clauses (``that still
    stands``, …), or None for any other phrase."""
    found = _ELEMENT.fullmatch(phrase)
    if found is None or not _NEXT_CLAUSE.search(found.group(2)):
        return None
    return found.group(1).rstrip(), _NEXT_CLAUSE.split(found.group(2))


def elided(phrase: str, common: frozenset[str]) -> str:
    """An element phrase without the clauses in `common` (those every such phrase near it
    says): ``a conviction … that is classed as a homicide offense``; as it is when it has
    none of them, or only them."""
    parts = clauses(phrase)
    if parts is None:
        return phrase
    head, said = parts
    kept = [clause for clause in said if clause not in common]
    if len(kept) in (0, len(said)):
        return phrase
    if len(kept) == 1:
        return f"{head} … {kept[0]}"
    return f"{head} … {', '.join(kept[:-1])}, and {kept[-1]}"


def one_sided_atoms(a: ir.Program, b: ir.Program) -> frozenset[Any]:
    """The atoms (`canonical` keys) that the conditions of only one of two statutes test:
    where a draft changes what the law looks at."""
    def keys(program: ir.Program) -> set[Any]:
        conditions = [*(r.condition for r in program.rules),
                      *(d.condition for d in program.duties),
                      *(limit.condition for limit in program.limits)]
        return {canonical(leaf) for condition in conditions for leaf in _leaves(condition)}

    return frozenset(keys(a) ^ keys(b))


def summary_wording(atoms: Sequence[Atom], literals: Sequence[Literal],
                    readings: Readings | None = None, named: NamedSets | None = None,
                    meanings: Meanings | None = None,
                    one_sided: Collection[Any] = frozenset()) -> Wording:
    """A cube in words: the true literals (a false comparison as the one then true),
    then ``none of: …`` for the other false ones, then sets of enum values (``agency in
    {…}``, ``agency not in {…}``, ``agency = x`` and ``agency != x`` merged into "the
    agency is x or y", each value in the vocabulary's words where `meanings` has them: "the
    agency is a judicial or state marshal"; a set of more than three values that
    `named` gives words for, such as the agencies both laws bind, in those words), then
    unknown facts; a quantifier's yes/no fields read as the vocabulary's `readings` say
    ("a conviction that still stands", not "has vacated false")."""
    merged: dict[tuple[str, ...], set[Any]] = {}
    values: dict[tuple[str, ...], tuple[Any, ...]] = {}
    kinds: dict[tuple[str, ...], str] = {}  # each fact's kind of value, for `meanings`
    trues: list[str] = []
    falses: list[str] = []
    denials: list[str | None] = []  # each false one's words as a clause, where it has them
    unknowns: list[str] = []
    changed: list[str] = []  # the false ones only one law tests (`one_sided_atoms`)
    for lit in literals:
        atom = atoms[lit.atom]
        test = _enum_test(atom.expr)
        if lit.state != "unknown" and test is not None:
            path, every, allowed, kinds[path] = test
            values[path] = every
            if lit.state == "false":
                allowed = set(every) - allowed
            merged[path] = merged.get(path, set(every)) & allowed
        elif lit.state == "true":
            trues.append(positive_words(atom, readings, meanings))
        elif lit.state == "false" and (negated := _negated(atom)) is not None:
            trues.append(positive_words(negated, readings, meanings))  # "date is before …"
        elif lit.state == "false":
            falses.append(positive_words(atom, readings, meanings))
            denials.append(_denial(atom, readings))
            if one_sided and canonical(atom.expr) in one_sided:
                changed.append(falses[-1])
        else:
            unknowns.append(literal_words(atom, "unknown", readings))
    sets: list[tuple[str, ...]] = []
    for path, allowed in merged.items():
        words = next((said for named_values, said in (named or {}).get(path, ())
                      if named_values == allowed), None)
        if words is not None and len(allowed) > _LONG_SET:  # a few values: named as such
            sets.append((words,))
            continue
        kind = kinds[path]
        kept = [v for v in values[path] if v in allowed]
        shown = [v.replace("_", " ") for v in kept]
        meant = [(meanings or {}).get((kind, v), shown[i]) for i, v in enumerate(kept)]
        # a meaning up to its first aside: "any local jail", not "…, e.g. New York City's …"
        brief = [_ASIDE.split(words, maxsplit=1)[0] for words in meant]
        # "the agency is a county jail", "the request's issuer is ice", never "issuer ice"
        subject = fact_words(path) if len(path) > 1 else f"the {fact_words(path)}"
        name = _is(subject)
        if not shown:
            sets.append((f"no value of {subject} fits",))
            continue
        said = f"{name} {or_list(brief)}"
        left_out = [v for v in values[path] if v not in allowed]
        if name.endswith(" is") and 0 < len(left_out) < len(kept) and len(shown) > 2:
            # most values allowed: said by the few left out ("the request's form is
            # neither I-247N nor I-247X"), shorter and what the law itself tests
            out = [(meanings or {}).get((kind, v), v.replace("_", " ")) for v in left_out]
            out = [_ASIDE.split(words, maxsplit=1)[0] for words in out]
            said = f"{name} {_none_of(out)}"
            if len(out) > _LONG_SET:  # fitted to a line as a long set is: counted
                noun = "agencies" if path == ("agency",) else "values"
                counted = f"{name} one of {len(shown)} {noun}"
                sets.append((said, counted, counted))
            else:
                short = f"{name} {_none_of([v.replace('_', ' ') for v in left_out])}"
                sets.append((said, said, short))
            continue
        if len(shown) > _LONG_SET:
            noun = "agencies" if path == ("agency",) else "values"
            counted = f"{name} one of {len(shown)} {noun}"
            sets.append((said, counted, counted))
        else:
            sets.append((said, said, f"{name} {or_list(shown)}"))
    return Wording(tuple(trues), tuple(falses), tuple(sets), tuple(unknowns),
                   denials[0] if len(denials) == 1 else None, tuple(changed),
                   _briefs(changed, atoms, readings, meanings))


def _briefs(changed: Sequence[str], atoms: Sequence[Atom], readings: Readings | None,
            meanings: Meanings | None) -> tuple[tuple[str, str], ...]:
    """Each changed element phrase ("a felony conviction that still stands, …, and that
    is dated within 10 years …") and the same without the clauses that another atom's
    phrase about the same kind of element (a definition read by its body: "a class A or
    B felony conviction that still stands, …") also says: what the change adds to the
    conditions it sits among."""
    if not any(clauses(p) is not None for p in changed):
        return ()
    phrases = {positive_words(attrs.evolve(atom, name=None), readings, meanings)
               for atom in atoms}
    out = []
    for phrase in changed:
        parts = clauses(phrase)
        if parts is None:
            continue
        noun = parts[0].rsplit(" ", 1)[-1]  # "conviction"
        said: set[str] = set()
        heads: set[str] = set()  # "a class A or B felony conviction": its head says a test
        for other in phrases - {phrase}:
            found = clauses(other)
            if found is not None and found[0].rsplit(" ", 1)[-1] == noun:
                said.update(found[1])
                heads.add(found[0])
        said |= {c for c in parts[1] if _either(c, said, heads, noun)}
        brief = elided(phrase, frozenset(said))
        if brief != phrase:
            out.append((phrase, brief))
    return tuple(out)


def _either(clause: str, said: set[str], heads: set[str], noun: str) -> bool:
    """Whether `clause` is "that either A or B" with each of A and B said elsewhere: as
    a clause ("that is classed as …") or by a head ("is for a class A or B felony" by "a
    class A or B felony conviction"). A or B may hold an "or" of its own: each place is
    tried."""
    if not clause.startswith("that either "):
        return False
    rest = clause.removeprefix("that either ")

    def elsewhere(part: str) -> bool:
        kind = re.sub(r"^is for an? ", "", part)
        return f"that {part}" in said or (kind != part and any(
            h.removeprefix("a ").removeprefix("an ") == f"{kind} {noun}" for h in heads))

    return any(elsewhere(rest[:m.start()]) and elsewhere(rest[m.end():])
               for m in re.finditer(" or ", rest))


def _denial(atom: Atom, readings: Readings | None) -> str | None:
    """A false yes/no fact as the vocabulary says it is not so ("the person has no release
    date open to the public"), or None where it has no such words (or is a definition)."""
    expr = atom.expr
    if (atom.name is None and readings is not None and isinstance(expr, ir.Fact)
            and isinstance(expr.type, ir.BoolType)):
        reading = readings.facts.get(expr.dotted)
        return reading.no if reading is not None else None
    return None


def _none_of(items: Sequence[str]) -> str:
    """"not a", "neither a nor b", "none of a, b or c": values a fact does not have."""
    if len(items) == 1:
        return f"not {items[0]}"
    if len(items) == 2:
        return f"neither {items[0]} nor {items[1]}"
    return f"none of {or_list(items)}"


_NEGATED = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _negated(atom: Atom) -> Atom | None:
    """A comparison known to be false as the comparison that is then true (``date is
    before …`` for a false ``date is on or after …``): exact, since a false comparison
    has both sides known. None for any other atom, and for a definition's name."""
    expr = atom.expr
    if atom.name is None and isinstance(expr, ir.Compare) and expr.op in _NEGATED:
        return Atom(ir.Compare(_NEGATED[expr.op], expr.left, expr.right))
    return None


def _enum_test(expr: ir.Expr
               ) -> tuple[tuple[str, ...], tuple[Any, ...], set[Any], str] | None:
    """A test of an enum fact against values (``agency in {…}``, ``agency = x``, ``agency
    != x``): the fact's path, all its values, those that pass and its kind's name, so that
    the tests of one fact in a region read as one ("the agency is county jail", not "not
    agency is municipal police; agency one of county jail, municipal police")."""
    values: set[Any]
    if isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst):
        fact, values = expr.element, set(expr.collection.values)
    elif (isinstance(expr, ir.Compare) and expr.op in ("=", "!=")
          and isinstance(expr.left, ir.Fact) and isinstance(expr.right, ir.Const)):
        fact, values = expr.left, {expr.right.value}
    elif (isinstance(expr, ir.Compare) and expr.op in ("=", "!=")
          and isinstance(expr.right, ir.Fact) and isinstance(expr.left, ir.Const)):
        fact, values = expr.right, {expr.left.value}
    else:
        return None
    if not (isinstance(fact, ir.Fact) and isinstance(fact.type, ir.EnumType)):
        return None
    every = fact.type.values
    if isinstance(expr, ir.Compare) and expr.op == "!=":
        values = set(every) - values
    return fact.path, every, values, fact.type.name


def positive_words(atom: Atom, readings: Readings | None = None,
                   meanings: Meanings | None = None) -> str:
    """An atom as a short noun phrase: ``gang database``, ``convicted of a felony``, or a
    condition in words (with the vocabulary's `readings` for yes/no fields and its
    `meanings` for values, if given); a test of a list as the element it asks for ("a
    conviction that still stands, that was entered by a federal court …", not "some
    conviction still stands, has court federal …")."""
    if atom.name is not None:  # a definition's name: "pending Connecticut charge …"
        return name_words(atom.name.replace("_", " "))
    expr = atom.expr
    if isinstance(expr, ir.Fact) and isinstance(expr.type, ir.BoolType):
        return name_words(expr.path[-1].replace("_", " "))  # "gang identified by DOC"
    if (isinstance(expr, ir.Member) and isinstance(expr.collection, ir.Fact)
            and isinstance(expr.element, ir.Const)):  # "the request asks for a hold"
        return (asks_for(expr.collection.path, expr.element.value)
                or f"{fact_words(expr.collection.path)} include "
                f"{name_words(str(expr.element.value).replace('_', ' '))}")
    def value(item: Any, kind: ir.EnumType) -> str | None:
        return (meanings or {}).get((kind.name, item)) if isinstance(item, str) else None

    words = _tidy(plain_condition_words(expr, value=value if meanings else None,
                                        readings=readings), atom)
    if isinstance(expr, ir.Quantifier) and expr.kind == "any":
        noun = element_noun(expr)
        if words.startswith("there is a"):  # the element it asks for: "a felony conviction …"
            words = words.removeprefix("there is ")
        elif words.startswith(f"some {noun} "):
            article = "an" if noun[:1] in "aeiou" else "a"
            words = f"{article} {noun} that {words.removeprefix(f'some {noun} ')}"
    return words
