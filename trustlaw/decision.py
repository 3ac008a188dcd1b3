"""Evaluation → Decision: the public answer, assembled the same way for every backend.

A backend (interpreter or compiled) returns an `Evaluation`: the raw result per
outcome, the ids of the rules that decided it, which duties and limits apply. This
module turns that into the `Decision` of CASES.md section 3, so the JSON shape, the
grounds and the `depends_on` lists cannot differ between backends.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import ir


@attrs.frozen
class Evaluation:
    """What a backend computes for one case (see docs/semantics.md)."""

    #: outcome -> its result (a modality or "undetermined")
    outcomes: Mapping[str, str]
    #: outcome -> ids of the rules in its grounds
    deciding: Mapping[str, tuple[str, ...]]
    #: undetermined outcome -> ids of the walked rules whose condition is unknown
    open_rules: Mapping[str, tuple[str, ...]]
    #: ids of duties whose condition is true, resp. unknown
    duties: tuple[str, ...]
    open_duties: tuple[str, ...]
    #: indexes into program.limits whose condition is true, resp. unknown
    limits: tuple[int, ...]
    open_limits: tuple[int, ...]
    #: rule id -> "true" / "false" / "unknown" (the interpreter only; explanations use it)
    trace: Mapping[str, str] | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Ground:
    """A provision that decided an outcome, with its citation."""

    citation: str
    text: str
    provision: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"citation": self.citation, "text": self.text}
        if self.provision is not None:
            out["provision"] = self.provision
        return out


@attrs.frozen
class MaxHold:
    """The longest hold: `hours`, not counting the `excluding` day kinds."""

    hours: int
    excluding: tuple[str, ...]
    holidays: str = "actual"
    citation: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"hours": self.hours, "excluding": list(self.excluding)}
        if "federal_holiday" in self.excluding:
            out["holidays"] = self.holidays
        if self.citation:
            out["citation"] = self.citation
        return out

    def sort_key(self) -> tuple[int, int, int]:
        return (self.hours, len(self.excluding), 0 if self.holidays == "actual" else 1)


@attrs.frozen
class DutyResult:
    id: str
    citation: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "citation": self.citation, "text": self.text}


@attrs.frozen(eq=False)
class Decision:
    """What a statute says about one case (CASES.md section 3).

    `depends_on` is worked out on first use (it re-reads the case to find which
    unknown facts keep an outcome open), so a caller that never looks at it does
    not pay for it."""

    statute: str
    digest: str
    outcomes: Mapping[str, str]
    max_hold: MaxHold | None
    duties: tuple[DutyResult, ...]
    grounds: Mapping[str, tuple[Ground, ...]]
    program: ir.Program = attrs.field(repr=False)
    case: Mapping[str, Any] = attrs.field(repr=False)
    evaluation: Evaluation = attrs.field(repr=False)
    #: the index in program.limits of the chosen limit when its condition is unknown
    open_limit: int | None = attrs.field(default=None, repr=False)

    @functools.cached_property
    def depends_on(self) -> Mapping[str, tuple[str, ...]]:
        """Per undetermined outcome (and open duty or time limit), the unknown facts
        that would settle it, as sorted case paths."""
        program, evaluation, case = self.program, self.evaluation, self.case
        rules = _assembly(program).rules
        out: dict[str, tuple[str, ...]] = {}
        for outcome in ir.OUTCOMES:
            if evaluation.outcomes[outcome] == "undetermined":
                conditions = [rules[i].condition for i in evaluation.open_rules.get(outcome, ())]
                out[outcome] = open_facts(conditions, case)
        for duty in program.duties:
            if duty.id in evaluation.open_duties:
                out[f"duty:{duty.id}"] = open_facts([duty.condition], case)
        if self.open_limit is not None:
            out["max_hold"] = open_facts([program.limits[self.open_limit].condition], case)
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decision) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return (
            f"Decision(statute={self.statute!r}, outcomes={dict(self.outcomes)!r}, "
            f"max_hold={self.max_hold!r}, depends_on={dict(self.depends_on)!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of CASES.md section 3 (same statute and case: same bytes)."""
        return {
            "statute": self.statute,
            "digest": self.digest,
            "outcomes": {o: self.outcomes[o] for o in ir.OUTCOMES},
            "max_hold": None if self.max_hold is None else self.max_hold.to_dict(),
            "duties": [d.to_dict() for d in self.duties],
            "grounds": {o: [g.to_dict() for g in gs] for o, gs in self.grounds.items()},
            "depends_on": {k: list(v) for k, v in self.depends_on.items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def release_deadline(self, release_at: _dt.datetime) -> _dt.datetime | None:
        """The instant a hold must end, counting from `release_at` (when the person
        would otherwise be released); None when no hold may happen."""
        from .clock import release_deadline

        if self.max_hold is None:
            return None
        return release_deadline(release_at, self.max_hold)

    def explain(self) -> str:
        """A plain-English account citing the provisions and facts that decided."""
        from .explain import explain

        return explain(self)


@attrs.frozen
class _Assembly:
    """Per statute, the public objects a decision is made of, built once."""

    rules: Mapping[str, ir.Rule]
    grounds: dict[tuple[str, ...], tuple[Ground, ...]]  # memo: rule ids -> grounds
    silent: Mapping[str, tuple[Ground, ...]]
    duties: dict[tuple[str, ...], tuple[DutyResult, ...]]  # memo: duty ids -> results
    holds: tuple[MaxHold, ...]  # one per program.limits entry


_ASSEMBLIES: dict[int, tuple[weakref.ref[ir.Program], _Assembly]] = {}


def _assembly(program: ir.Program) -> _Assembly:
    """The program's `_Assembly`, built on first use and dropped with the program."""
    key = id(program)
    entry = _ASSEMBLIES.get(key)
    if entry is not None and entry[0]() is program:
        return entry[1]
    made = _Assembly(
        rules={r.id: r for r in program.rules},
        grounds={},
        silent={o: (silent_ground(program, o),) for o in ir.OUTCOMES},
        duties={},
        holds=tuple(
            MaxHold(limit.hours, limit.excluding, limit.holidays, limit.citation)
            for limit in program.limits
        ),
    )
    _ASSEMBLIES[key] = (weakref.ref(program, lambda _: _ASSEMBLIES.pop(key, None)), made)
    return made


def build_decision(
    program: ir.Program, evaluation: Evaluation, case: Mapping[str, Any]
) -> Decision:
    """Assemble the public `Decision` from a backend's `Evaluation`."""
    parts = _assembly(program)
    grounds: dict[str, tuple[Ground, ...]] = {}
    for outcome in ir.OUTCOMES:
        ids = evaluation.deciding.get(outcome, ())
        if not ids:
            grounds[outcome] = parts.silent[outcome]
            continue
        made = parts.grounds.get(ids)
        if made is None:
            made = parts.grounds[ids] = tuple(_ground(parts.rules[i]) for i in ids)
        grounds[outcome] = made

    duties = parts.duties.get(evaluation.duties)
    if duties is None:
        duties = parts.duties[evaluation.duties] = tuple(
            DutyResult(d.id, d.citation, d.text)
            for d in program.duties
            if d.id in evaluation.duties
        )

    max_hold: MaxHold | None = None
    open_limit: int | None = None
    if evaluation.outcomes["hold"] != "prohibited":
        for index in evaluation.limits:
            hold = parts.holds[index]
            if max_hold is None or hold.sort_key() < max_hold.sort_key():
                max_hold = hold
        for index in evaluation.open_limits:
            hold = parts.holds[index]
            if max_hold is None or hold.sort_key() < max_hold.sort_key():
                max_hold, open_limit = hold, index
    return Decision(
        statute=program.meta.id,
        digest=program.digest,
        outcomes=evaluation.outcomes,
        max_hold=max_hold,
        duties=duties,
        grounds=grounds,
        program=program,
        case=case,
        evaluation=evaluation,
        open_limit=open_limit,
    )


def _ground(rule: ir.Rule) -> Ground:
    return Ground(rule.citation, rule.text, rule.provision)


def silent_ground(program: ir.Program, outcome: str) -> Ground:
    """The ground of an outcome the law does not address: the baseline permits it."""
    return Ground(
        program.meta.citation,
        f"This law says nothing about {outcome}; without a rule the baseline permits it.",
        None,
    )


# ---- which unknown facts would settle an outcome ---------------------------------------


def referenced_paths(expr: ir.Expr) -> frozenset[tuple[str, ...]]:
    """Vocabulary paths an expression reads: ("person", "age"), ("charges", "*", "bond_posted"),
    ("charges",) for a list read as a whole."""
    found: set[tuple[str, ...]] = set()
    _collect(expr, {}, found)
    return frozenset(found)


def _collect(expr: ir.Expr, bound: dict[str, tuple[str, ...]], found: set[tuple[str, ...]]) -> None:
    if isinstance(expr, ir.Fact):
        found.add(expr.path)
    elif isinstance(expr, ir.Field):
        base = bound.get(expr.record.name)
        if base is not None:
            found.add((*base, "*", expr.name))
    elif isinstance(expr, ir.Quantifier):
        source = expr.source
        if isinstance(source, ir.Fact):
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


def children(expr: ir.Expr) -> tuple[ir.Expr, ...]:
    """The direct sub-expressions of an IR expression."""
    if isinstance(expr, (ir.Not, ir.IsKnown)):
        return (expr.operand,)
    if isinstance(expr, (ir.And, ir.Or)):
        return expr.operands
    if isinstance(expr, (ir.Compare, ir.IntArith)):
        return (expr.left, expr.right)
    if isinstance(expr, ir.Member):
        return (expr.element, expr.collection)
    if isinstance(expr, ir.ShiftDate):
        return (expr.date,)
    if isinstance(expr, ir.Quantifier):
        return (expr.source, expr.body)
    return ()


def open_facts(conditions: Iterable[ir.Expr], case: Mapping[str, Any]) -> tuple[str, ...]:
    """The unknown facts that keep any of `conditions` unknown, as sorted case paths
    (only facts under unknown parts: a charge known not to qualify is not listed)."""
    from .interp import open_facts as facts_of

    out: set[str] = set()
    for condition in conditions:
        out.update(facts_of(condition, case))
    return tuple(sorted(out))
