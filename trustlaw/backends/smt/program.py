"""A program → its outcomes, grounds, duties and hold limit as formulas over a symbolic case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import z3

from ... import ir
from .case import SymbolicCase, Truth
from .encoder import Encoder
from .terms import all_of, any_of, negation


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
        return any_of([self.outcomes[outcome][r] for r in results])


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
            any_true = any_of([rules[r.id].true for r in group])
            for r in group:
                # a true rule decides; an unknown one is a possibility only in a group
                # that does not decide
                deciding[r.id] = all_of([undecided, rules[r.id].true])
                possible[r.modality].append(deciding[r.id])
                possible[r.modality].append(
                    all_of([undecided, negation(any_true), rules[r.id].unknown])
                )
            undecided = all_of([undecided, negation(any_true)])
        possible["permitted"].append(undecided)  # the law is silent
        can = {m: any_of(terms) if terms else z3.BoolVal(False) for m, terms in possible.items()}
        results = {
            m: all_of([can[m], *[negation(can[o]) for o in ir.MODALITIES if o != m]])
            for m in ir.MODALITIES
        }
        results["undetermined"] = negation(any_of(list(results.values())))
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
