"""Invariant (standard name or assume ⇒ guarantees) → Property: what a case must satisfy.

A `Property` is the executable form of an invariant, shared by the prover
(`trustlaw.verify`, which turns it into solver formulas) and the sampled property
tests (which check it with the interpreter on drawn cases):

* `assume`: an IR condition the (first) case must make *true*;
* `relation`: for two-case invariants, how the second case is made from the first
  (one more element in a criminal-history list; ``request.judicial_warrant`` turned
  from false to true);
* `kind`: what must then hold of the decision(s): the guarantees (``guarantees``),
  a hold clock whenever a hold may happen (``clock``), or "a hold allowed for the
  first case is allowed for the second" (``monotone``).

The standard invariants (`ir.STANDARD_INVARIANTS`):

``no_hold_on_detainer_alone``
    For every well-formed case in which the law binds the agency (no scope rule is
    true, i.e. each is known false) and whose only fact favouring a hold is the
    request itself (convictions, charges and warrants known and empty, every yes/no
    finding about the person known and false, no judicial warrant and no court order,
    both known), the hold is neither `permitted` nor `required`. Everything else is
    free: agency, date, reimbursement agreement, request kinds and form, age.
``hold_within_clock``
    For every well-formed case in which the law binds the agency, whenever the hold
    is permitted or required, some limit applies (``max_hold`` is not null). (Where
    the law does not bind, it sets no clock, and that is no fault of the law.)
``monotone_in_criminal_history``
    Two cases equal except that the second has one more conviction, charge or warrant
    (the list known in both): if the hold is permitted or required for the first, it
    is permitted or required for the second. The added element's facts may be
    known or not, like every other fact.
``monotone_in_judicial_warrant``
    The same, with ``request.judicial_warrant`` known false in the first case and
    true in the second.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from ..decisions.decision import Decision

__all__ = [
    "CRIMINAL_HISTORY",
    "HOLD_ALLOWED",
    "Property",
    "Relation",
    "derive",
    "property_for",
    "satisfied",
    "standard_invariant",
]

HOLD_ALLOWED: tuple[str, ...] = ("permitted", "required")
CRIMINAL_HISTORY: tuple[str, ...] = ("convictions", "charges", "warrants")
REQUEST_FLAGS: tuple[str, ...] = ("judicial_warrant", "court_order")

_TEXTS: dict[str, str] = {
    "no_hold_on_detainer_alone": "No civil immigration detainer alone ever causes a hold.",
    "hold_within_clock": "Whenever a hold may happen, a time limit applies to it.",
    "monotone_in_criminal_history": (
        "More criminal history never turns an allowed hold into a forbidden one."
    ),
    "monotone_in_judicial_warrant": (
        "A judicial warrant never turns an allowed hold into a forbidden one."
    ),
}


@attrs.frozen
class Relation:
    """How the second case of a two-case invariant is made from the first: ``append``
    one element to one of `lists` (known in the first case), or ``set`` the fact at
    `path` (known to be `before` in the first case) to `after`."""

    kind: str
    lists: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    before: bool | None = None
    after: bool | None = None


@attrs.frozen
class Property:
    """An invariant made executable (see the module docstring)."""

    name: str
    text: str
    standard: str | None
    kind: str  # guarantees | clock | monotone
    assume: ir.Expr
    guarantees: tuple[ir.Guarantee, ...] = ()
    relation: Relation | None = None
    expect_violated: bool = False
    span: Any = None


def standard_invariant(name: str) -> ir.Invariant:
    """The `ir.Invariant` for a standard invariant by name (as ``standard <name>``)."""
    if name not in ir.STANDARD_INVARIANTS:
        raise ValueError(
            f"`{name}` is not a standard invariant; the standard ones are "
            + ", ".join(f"`{n}`" for n in ir.STANDARD_INVARIANTS)
        )
    return ir.Invariant(name, _TEXTS[name], name, None, (), False)


def property_for(invariant: ir.Invariant, program: ir.Program, vocab: ir.Vocabulary) -> Property:
    """The executable property of `invariant` for one statute (scope rules are the
    statute's own) over the case vocabulary."""
    common: dict[str, Any] = {
        "name": invariant.name,
        "text": invariant.text or _TEXTS.get(invariant.standard or "", ""),
        "standard": invariant.standard,
        "expect_violated": invariant.expect_violated,
        "span": invariant.span,
    }
    name = invariant.standard
    if name is None:
        return Property(
            kind="guarantees",
            assume=invariant.assume if invariant.assume is not None else ir.TRUE,
            guarantees=invariant.guarantees,
            **common,
        )
    if name == "no_hold_on_detainer_alone":
        return Property(
            kind="guarantees",
            assume=detainer_alone(program, vocab),
            guarantees=(
                ir.Guarantee("hold", "permitted", True),
                ir.Guarantee("hold", "required", True),
            ),
            **common,
        )
    if name == "hold_within_clock":
        return Property(kind="clock", assume=law_binds(program), **common)
    if name == "monotone_in_criminal_history":
        lists = tuple(n for n in CRIMINAL_HISTORY if _list_field(vocab, n) is not None)
        return Property(
            kind="monotone", assume=ir.TRUE, relation=Relation("append", lists=lists), **common
        )
    if name == "monotone_in_judicial_warrant":
        path = ("request", "judicial_warrant")
        return Property(
            kind="monotone",
            assume=_is(path, False),
            relation=Relation("set", path=path, before=False, after=True),
            **common,
        )
    raise ValueError(
        f"`{name}` is not a standard invariant; the standard ones are "
        + ", ".join(f"`{n}`" for n in ir.STANDARD_INVARIANTS)
    )


def law_binds(program: ir.Program) -> ir.Expr:
    """The condition "the law binds the agency": every scope rule known false."""
    return ir.And(tuple(ir.Not(r.condition) for r in program.rules if r.kind == "scope"))


def detainer_alone(program: ir.Program, vocab: ir.Vocabulary) -> ir.Expr:
    """The condition "the law binds the agency and the request is the only fact
    favouring a hold" (see `no_hold_on_detainer_alone`)."""
    parts: list[ir.Expr] = [law_binds(program)]
    for name in CRIMINAL_HISTORY:
        list_type = _list_field(vocab, name)
        if list_type is not None:
            count = ir.Quantifier(
                "count", ir.Var("_any", list_type.element), ir.Fact((name,), list_type), ir.TRUE
            )
            parts.append(ir.Compare("=", count, ir.Const(0, ir.INT)))
    person = _record_of(vocab, "person")
    if person is not None:
        for info in person.fields:
            if isinstance(info.type, ir.BoolType):
                parts.append(_is(("person", info.name), False))
    request = _record_of(vocab, "request")
    if request is not None:
        for flag in REQUEST_FLAGS:
            if request.field(flag) is not None:
                parts.append(_is(("request", flag), False))
    return ir.And(tuple(parts))


def _is(path: tuple[str, ...], value: bool) -> ir.Expr:
    return ir.Compare("=", ir.Fact(path, ir.BOOL), ir.Const(value, ir.BOOL))


def _list_field(vocab: ir.Vocabulary, name: str) -> ir.ListType | None:
    info = vocab.field(name)
    return info.type if info is not None and isinstance(info.type, ir.ListType) else None


def _record_of(vocab: ir.Vocabulary, name: str) -> ir.RecordInfo | None:
    info = vocab.field(name)
    if info is None or not isinstance(info.type, ir.RecordType):
        return None
    return vocab.record(info.type.name)


# ---- checking decisions ------------------------------------------------------------------


def guarantee_holds(guarantee: ir.Guarantee, result: str) -> bool:
    """``ensure hold is permitted`` (or ``is not``) against one outcome's result."""
    return (result == guarantee.value) != guarantee.negated


def satisfied(prop: Property, decisions: Sequence[Decision]) -> bool:
    """Whether the decision(s) of the case (or the case pair) satisfy the property;
    the cases must meet `prop.assume` (checked by the caller)."""
    first = decisions[0]
    if prop.kind == "guarantees":
        return all(guarantee_holds(g, first.outcomes[g.outcome]) for g in prop.guarantees)
    if prop.kind == "clock":
        return first.outcomes["hold"] not in HOLD_ALLOWED or first.max_hold is not None
    if prop.kind == "monotone":
        second = decisions[1]
        return first.outcomes["hold"] not in HOLD_ALLOWED or second.outcomes["hold"] in HOLD_ALLOWED
    raise ValueError(f"unknown property kind {prop.kind!r}")


def derive(
    prop: Property, case: Mapping[str, Any], extra: Any = None, variant: str | None = None
) -> dict[str, Any] | None:
    """The second case of a two-case property, made from the first (JSON form): with
    `extra` put first in the list `variant` (the prover does the same; no list reading
    depends on order), or the flag set. None when the first case does not have the
    list or the flag as the relation needs."""
    relation = prop.relation
    if relation is None:
        return None
    second = copy.deepcopy(dict(case))
    if relation.kind == "append":
        if variant is None or not isinstance(second.get(variant), list):
            return None
        second[variant].insert(0, copy.deepcopy(extra))
        return second
    if relation.kind == "set":
        node: Any = second
        for step in relation.path[:-1]:
            child = node.get(step)
            if not isinstance(child, dict):
                return None
            node = child
        if node.get(relation.path[-1]) is not relation.before:
            return None
        node[relation.path[-1]] = relation.after
        return second
    raise ValueError(f"unknown relation kind {relation.kind!r}")
