"""A program's decision → IR conditions: "the hold is permitted", "the longest hold is …".

The semantics of docs/semantics.md written as ordinary (two-valued) IR conditions, so
that a region that is not a simple conjunction of facts (what is left of a difference
once the determined regions are taken out) still has a `condition` in the statute
language. Each rule condition enters through three tests that are never unknown:
``c is known and c`` (true), ``c is known and not c`` (false), ``c is unknown``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ... import ir
from ...decisions.clock import MaxHold
from .model import limit_words

__all__ = ["allows", "duty_imposed", "limit_is", "result_is"]

# (id of the program, outcome, result) -> the program (kept alive, and checked: a program
# made by hand or by `attrs.evolve` may share another's digest) and its condition
_RESULTS: dict[tuple[int, str, str], tuple[ir.Program, ir.Expr]] = {}
_MAX_KEPT = 4096


def _true(c: ir.Expr) -> ir.Expr:
    return ir.And((ir.IsKnown(c), c))


def _unknown(c: ir.Expr) -> ir.Expr:
    return ir.Not(ir.IsKnown(c))


def _any(parts: Sequence[ir.Expr]) -> ir.Expr:
    parts = [p for p in parts if p != ir.Const(False, ir.BOOL)]
    if not parts:
        return ir.Const(False, ir.BOOL)
    return parts[0] if len(parts) == 1 else ir.Or(tuple(parts))


def _all(parts: Sequence[ir.Expr]) -> ir.Expr:
    parts = [p for p in parts if p != ir.TRUE]
    if not parts:
        return ir.TRUE
    return parts[0] if len(parts) == 1 else ir.And(tuple(parts))


def _possible(program: ir.Program, outcome: str) -> dict[str, ir.Expr]:
    """Modality → "the walk can end in it" (as `backends.smt.program` encodes it)."""
    groups: dict[int, list[ir.Rule]] = {}
    for rule in program.rules_for(outcome):
        groups.setdefault(rule.priority, []).append(rule)
    possible: dict[str, list[ir.Expr]] = {m: [] for m in ir.MODALITIES}
    undecided: list[ir.Expr] = []  # conjuncts: no earlier group decided
    for priority in sorted(groups, reverse=True):
        group = groups[priority]
        none_true = [ir.Not(_true(r.condition)) for r in group]
        for rule in group:
            possible[rule.modality].append(_all([*undecided, _true(rule.condition)]))
            possible[rule.modality].append(
                _all([*undecided, *none_true, _unknown(rule.condition)]))
        undecided = [*undecided, *none_true]
    possible["permitted"].append(_all(undecided))
    return {m: _any(terms) for m, terms in possible.items()}


def result_is(program: ir.Program, outcome: str, result: str) -> ir.Expr:
    """"`program` decides `outcome` as `result`" (a modality or ``undetermined``),
    built once per program object for the process: every comparison of it asks for all."""
    key = (id(program), outcome, result)
    found = _RESULTS.get(key)
    if found is None or found[0] is not program:
        if len(_RESULTS) >= _MAX_KEPT:
            _RESULTS.clear()
        found = _RESULTS[key] = (program, _result_is(program, outcome, result))
    return found[1]


def _result_is(program: ir.Program, outcome: str, result: str) -> ir.Expr:
    can = _possible(program, outcome)
    if result == "undetermined":
        return ir.Not(_any([_only(can, m) for m in ir.MODALITIES]))
    return _only(can, result)


def _only(can: dict[str, ir.Expr], modality: str) -> ir.Expr:
    return _all([can[modality], *(ir.Not(can[o]) for o in ir.MODALITIES if o != modality)])


def allows(program: ir.Program, outcome: str) -> ir.Expr:
    """"`program` does not prohibit `outcome`" (permitted, required or undetermined)."""
    return ir.Not(result_is(program, outcome, "prohibited"))


def duty_imposed(program: ir.Program, duty: str) -> ir.Expr:
    """"`program` imposes `duty`" (its condition is true)."""
    for item in program.duties:
        if item.id == duty:
            return _true(item.condition)
    return ir.Const(False, ir.BOOL)


def _limit_key(limit: ir.Limit) -> tuple[int, int, int]:
    return (limit.hours, len(limit.excluding), 0 if limit.holidays == "actual" else 1)


def limit_is(program: ir.Program, words: str) -> ir.Expr:
    """"`program` allows a hold and its longest hold reads `words`" (see
    `model.limit_words`; the shortest applying limit governs, true before open)."""
    candidates = sorted(
        ((index, is_open) for index in range(len(program.limits)) for is_open in (False, True)),
        key=lambda c: (_limit_key(program.limits[c[0]]), c[1], c[0]),
    )
    earlier: list[ir.Expr] = []
    chosen: list[ir.Expr] = []
    for index, is_open in candidates:
        limit = program.limits[index]
        applies = _unknown(limit.condition) if is_open else _true(limit.condition)
        this = limit_words(MaxHold(limit.hours, limit.excluding, limit.holidays))
        if this == words:
            chosen.append(_all([*earlier, applies]))
        earlier.append(ir.Not(applies))
    if words == limit_words(None):
        chosen.append(_all(earlier))
    return _all([allows(program, "hold"), _any(chosen)])
