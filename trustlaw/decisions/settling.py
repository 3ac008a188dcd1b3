"""Evaluation + case → what would settle it: the `depends_on` facts and the `possible` results.

Both are computed from a backend's `Evaluation` (which rules decided, which were open)
and the validated case, never from a backend's own trace, so the compiled backend and
the reference interpreter give the same lists by construction (docs/semantics.md,
"depends_on" and "possible"; tests/test_settling_differential.py holds them to it).

- **possible**: the modalities of the open rules walked, with those of the deciding
  group's true or unknown rules (or ``permitted`` when the law is silent).
- **relevant open rules**: an open rule R of an undetermined outcome is kept only if
  its truth can change the result, reading each open rule on its own: some result
  still reachable when R is false (an open rule after R, or what decides below) differs
  from R's conclusion. An unknown ``permitted`` exception above a base that permits
  anyway is not listed.
- **open facts**: the unknown facts under the unknown parts of a condition (a part
  already true or false cannot change: three-valued logic is monotone), and under an
  ``x is known`` whose `x` is unknown: that test is false now and true once `x` is
  given, so a rule that reads it counts, open or not, and its facts are listed too,
  unless a known part settles the test's context anyway (`Settling.fixed`). As leaf paths
  for a public decision (``person.gang_database`` even when the whole ``person`` record
  is unknown; a whole unknown list stays one fact, ``charges``), or as the first
  unknown step of each path for the statute-only view.

Conditions are read with the interpreter's own evaluators (`interp.evaluator`), built
once per expression of the program and kept here, so the oracle stays plain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import groupby
from typing import Any

from .. import ir
from ..backends.evaluation import Evaluation
from ..backends.interp import (
    OPEN_FACTS_BUDGET,
    Budget,
    OverBudget,
    Quantified,
    case_path,
    evaluator,
    every_open_fact,
    inner_lengths,
    quantifiers,
    sorted_paths,
    unknown_fact,
)
from ..ir import children

ORDER = ("prohibited", "permitted", "required")


class Settling:
    """Per program: the rule groups of each outcome and the evaluators of its
    expressions, built on first use and kept (the program outlives them)."""

    def __init__(self, program: ir.Program):
        self.program = program
        self._evaluators: dict[int, tuple[ir.Expr, Callable[..., Any]]] = {}
        self._tests_known: dict[int, tuple[ir.Expr, bool]] = {}
        self._quantifiers: dict[int, tuple[ir.Expr, Quantified]] = {}
        self.group_of: dict[str, tuple[ir.Rule, ...]] = {}
        self.modality: dict[str, str] = {}
        self.rule: dict[str, ir.Rule] = {}
        for outcome in ir.OUTCOMES:
            rules = program.rules_for(outcome)
            for _priority, members in groupby(rules, key=lambda r: r.priority):
                group = tuple(members)
                for rule in group:
                    self.group_of[rule.id] = group
                    self.modality[rule.id] = rule.modality
                    self.rule[rule.id] = rule

    # ---- values ------------------------------------------------------------------------

    def value(self, expr: ir.Expr, data: Mapping[str, Any], env: Mapping[str, Any]) -> Any:
        """The interpreter's value of `expr` (its evaluator made once per expression)."""
        entry = self._evaluators.get(id(expr))
        if entry is None or entry[0] is not expr:
            entry = self._evaluators[id(expr)] = (expr, evaluator(expr))
        return entry[1](data, env)

    # ---- possible results ----------------------------------------------------------------

    def base(self, outcome: str, evaluation: Evaluation, data: Mapping[str, Any]) -> set[str]:
        """What decides once every open rule of `outcome` is false: the modalities of the
        deciding group's true rules and of its unknown ones (a checked statute's groups
        conclude alike, so only an unchecked program has any to add), or ``permitted``
        when the law is silent."""
        opened = evaluation.open_rules.get(outcome, ())
        deciders = evaluation.deciding.get(outcome, ())[len(opened):]
        if not deciders:
            return {"permitted"}
        found = {self.modality[i] for i in deciders}
        group = self.group_of[deciders[0]]
        if len({r.modality for r in group}) > 1:
            for rule in group:
                if rule.id not in deciders and self.value(rule.condition, data, {}) is None:
                    found.add(rule.modality)
        return found

    def possible(self, evaluation: Evaluation, data: Mapping[str, Any]) -> dict[str, list[str]]:
        """For each undetermined outcome, the results it may take once the facts are
        known, in the order prohibited, permitted, required."""
        out: dict[str, list[str]] = {}
        for outcome, result in evaluation.outcomes.items():
            if result != "undetermined":
                continue
            found = self.base(outcome, evaluation, data)
            found.update(self.modality[i] for i in evaluation.open_rules.get(outcome, ()))
            out[outcome] = [m for m in ORDER if m in found]
        return out

    def relevant(
        self, outcome: str, evaluation: Evaluation, data: Mapping[str, Any]
    ) -> list[ir.Rule]:
        """The open rules of `outcome` whose truth can change its result: some result
        still reachable when the rule is false differs from its conclusion."""
        opened = evaluation.open_rules.get(outcome, ())
        if not opened:
            return []
        below = self.base(outcome, evaluation, data)
        kept: list[ir.Rule] = []
        # walk from the last open rule up, gathering what each lower one can reach
        reach: list[set[str]] = []
        for rule_id in reversed(opened):
            reach.append(set(below))
            below.add(self.modality[rule_id])
        reach.reverse()
        for index, rule_id in enumerate(opened):
            mine = self.modality[rule_id]
            after = reach[index]
            # open rules of the same group before this one conclude after it too
            group = self.group_of[rule_id]
            after |= {self.modality[i] for i in opened[:index] if self.group_of[i] is group}
            if after - {mine}:
                kept.append(self.rule[rule_id])
        return kept

    # ---- open facts -------------------------------------------------------------------

    def open_facts(
        self, conditions: list[ir.Expr], data: Mapping[str, Any], *, leaves: bool
    ) -> tuple[str, ...]:
        """The unknown facts under the unknown parts of `conditions`, sorted: as leaf
        paths (`leaves`), or, for the statute-only view, as the first unknown step of
        each path (``person`` when the whole record is unknown)."""
        found: set[str] = set()
        try:
            # reading a condition whole walks its lists, nested ones a pair at a time
            budget = Budget(OPEN_FACTS_BUDGET)
            budget.spend(sum(self.inner_lengths(condition, data) for condition in conditions))
            for condition in conditions:
                self._open(condition, data, {}, {}, found, leaves, budget)
        except OverBudget:  # long lists inside lists: every unknown fact under them instead
            found = set()
            for condition in conditions:  # (an open one, or one that tests `is known`)
                every_open_fact(condition, data, {}, found, first_step=not leaves)
        return sorted_paths(found)

    def _open(
        self,
        expr: ir.Expr,
        data: Mapping[str, Any],
        env: dict[str, Any],
        where: dict[str, str],
        found: set[str],
        leaves: bool,
        budget: Budget,
    ) -> None:
        if self.fixed(expr, data, env):
            return
        if isinstance(expr, ir.IsKnown):
            if self.value(expr.operand, data, env) is None:
                self._open(expr.operand, data, env, where, found, leaves, budget)
            return
        if isinstance(expr, ir.Fact):  # unknown here: a known one is `fixed`
            unknown = unknown_fact(expr, data, first_step=not leaves)
            if unknown is not None:
                found.add(unknown)
        elif isinstance(expr, ir.Field):
            found.add(case_path(expr, where))
        elif isinstance(expr, ir.Quantifier):
            items = self.value(expr.source, data, env)
            if items is None:
                self._open(expr.source, data, env, where, found, leaves, budget)
                return
            budget.spend(len(items) * self.inner_lengths(expr.body, data))  # each body whole
            name, at = expr.var.name, case_path(expr.source, where)
            for index, item in enumerate(items):
                self._open(expr.body, data, {**env, name: item},
                           {**where, name: f"{at}[{index}]"}, found, leaves, budget)
        else:
            for child in children(expr):
                self._open(child, data, env, where, found, leaves, budget)

    def fixed(self, expr: ir.Expr, data: Mapping[str, Any], env: Mapping[str, Any]) -> bool:
        """`expr`'s value is known and stays so whatever unknown facts are given: it tests
        no ``… is known``, or it is a conjunction with such a false part, a disjunction
        with such a true part, or made only of such parts. So ``request.judicial_warrant
        and not (request.judicial_warrant_signed_by is known and …)`` with no warrant
        names no signer: none may be given, and none would change it."""
        value = self.value(expr, data, env)
        if value is None:
            return False
        if not self.tests_known(expr):
            return True
        if isinstance(expr, ir.Not):
            return self.fixed(expr.operand, data, env)
        if isinstance(expr, (ir.And, ir.Or)):
            if value is isinstance(expr, ir.Or):  # a true disjunction, a false conjunction
                return any(self.value(part, data, env) is value
                           and self.fixed(part, data, env) for part in expr.operands)
            return all(self.fixed(part, data, env) for part in expr.operands)
        return False

    def inner_lengths(self, expr: ir.Expr, data: Mapping[str, Any]) -> int:
        """`interp.inner_lengths`, with `expr`'s quantifiers found once per expression."""
        entry = self._quantifiers.get(id(expr))
        if entry is None or entry[0] is not expr:
            entry = self._quantifiers[id(expr)] = (expr, quantifiers(expr))
        return inner_lengths(expr, data, entry[1])

    def tests_known(self, expr: ir.Expr) -> bool:
        """`expr` holds an ``… is known`` test (the one part of the logic that is not
        monotone), remembered per expression."""
        entry = self._tests_known.get(id(expr))
        if entry is None:
            entry = self._tests_known[id(expr)] = (expr, ir.tests_known(expr))
        return entry[1]

    def depends_on(
        self, evaluation: Evaluation, data: Mapping[str, Any], *, leaves: bool
    ) -> dict[str, tuple[str, ...]]:
        """Per undetermined outcome, then per open duty (``duty:<id>``), the unknown facts
        that can settle it (the time limit's are the caller's)."""
        out: dict[str, tuple[str, ...]] = {}
        for outcome in ir.OUTCOMES:
            if evaluation.outcomes[outcome] == "undetermined":
                rules = self.relevant(outcome, evaluation, data)
                opened = set(evaluation.open_rules.get(outcome, ()))
                rules += [r for r in self.program.rules_for(outcome)
                          if r.id not in opened and self.tests_known(r.condition)]
                out[outcome] = self.open_facts([r.condition for r in rules], data,
                                               leaves=leaves)
        if evaluation.open_duties:
            for duty in self.program.duties:
                if duty.id in evaluation.open_duties:
                    out[f"duty:{duty.id}"] = self.open_facts([duty.condition], data,
                                                             leaves=leaves)
        return out
