"""Evaluation → Decision: the public answer, assembled the same way for every backend.

A backend (interpreter or compiled) returns an `Evaluation`: the raw result per
outcome, the ids of the rules that decided it, which duties and limits apply. This
module turns that into the `Decision` of CASES.md section 3, so the JSON shape, the
grounds and the `depends_on` lists cannot differ between backends.
"""

from __future__ import annotations

import datetime as _dt
import json
import types
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .. import ir
from ..backends.evaluation import Evaluation
from ..backends.interp import open_facts as facts_of
from .clock import MaxHold, release_deadline
from .explain import explain


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
class DutyResult:
    id: str
    citation: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "citation": self.citation, "text": self.text}


class Decision:
    """What a statute says about one case (CASES.md section 3).

    A decision is made of the backend's `Evaluation`; its public parts (grounds,
    duties, the time limit, the open facts) are built on first use and then kept, so
    a batch that only reads `outcomes` does not pay for the rest. Every attribute is
    read-only."""

    __slots__ = ("_case", "_depends_on", "_duties", "_evaluation", "_grounds", "_limit",
                 "_program")

    def __init__(self, program: ir.Program, case: Mapping[str, Any], evaluation: Evaluation):
        self._program = program
        self._case = case
        self._evaluation = evaluation
        self._grounds: Mapping[str, tuple[Ground, ...]] | None = None
        self._duties: tuple[DutyResult, ...] | None = None
        self._limit: tuple[MaxHold | None, int | None] | None = None
        self._depends_on: Mapping[str, tuple[str, ...]] | None = None

    @property
    def program(self) -> ir.Program:
        return self._program

    @property
    def case(self) -> Mapping[str, Any]:
        """The validated case the decision is about."""
        return self._case

    @property
    def evaluation(self) -> Evaluation:
        return self._evaluation

    @property
    def statute(self) -> str:
        return self._program.meta.id

    @property
    def digest(self) -> str:
        return self._program.digest

    @property
    def outcomes(self) -> Mapping[str, str]:
        """Each of hold, notification, transfer, interview: prohibited, permitted,
        required or undetermined."""
        return self._evaluation.outcomes

    @property
    def grounds(self) -> Mapping[str, tuple[Ground, ...]]:
        """Per outcome, the provisions that decided it, with their citations."""
        if self._grounds is None:
            self._grounds = _assembly(self._program).grounds_for(self._evaluation.deciding)
        return self._grounds

    @property
    def duties(self) -> tuple[DutyResult, ...]:
        """The duties the law places on the agency in this case."""
        if self._duties is None:
            self._duties = _assembly(self._program).duties_for(self._evaluation.duties)
        return self._duties

    @property
    def max_hold(self) -> MaxHold | None:
        """The longest hold, or None where no hold may happen."""
        return self._governing_limit()[0]

    def _governing_limit(self) -> tuple[MaxHold | None, int | None]:
        """The governing limit, and its index in program.limits when its condition is
        unknown (docs/semantics.md: the shortest limit that is true or unknown)."""
        if self._limit is None:
            self._limit = _assembly(self._program).limit_for(self._evaluation)
        return self._limit

    @property
    def depends_on(self) -> Mapping[str, tuple[str, ...]]:
        """Per undetermined outcome (and open duty or time limit), the unknown facts
        that would settle it, as sorted case paths."""
        if self._depends_on is None:
            self._depends_on = self._open_facts()
        return self._depends_on

    def _open_facts(self) -> dict[str, tuple[str, ...]]:
        program, evaluation, case = self._program, self._evaluation, self._case
        rules = _assembly(program).rules
        out: dict[str, tuple[str, ...]] = {}
        for outcome in ir.OUTCOMES:
            if evaluation.outcomes[outcome] == "undetermined":
                conditions = [rules[i].condition for i in evaluation.open_rules.get(outcome, ())]
                out[outcome] = open_facts(conditions, case)
        for duty in program.duties:
            if duty.id in evaluation.open_duties:
                out[f"duty:{duty.id}"] = open_facts([duty.condition], case)
        open_limit = self._governing_limit()[1]
        if open_limit is not None:
            out["max_hold"] = open_facts([program.limits[open_limit].condition], case)
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
        return {**self._result_part(), **self._case_part()}

    def _result_part(self) -> dict[str, Any]:
        """The fields of `to_dict` that the statute and the `Evaluation` alone determine
        (`to_json_line` writes their JSON once per distinct evaluation). A field that
        also reads the case belongs in `_case_part`."""
        return {
            "statute": self.statute,
            "digest": self.digest,
            "outcomes": {o: self.outcomes[o] for o in ir.OUTCOMES},
            "max_hold": None if self.max_hold is None else self.max_hold.to_dict(),
            "duties": [d.to_dict() for d in self.duties],
            "grounds": {o: [g.to_dict() for g in gs] for o, gs in self.grounds.items()},
        }

    def _case_part(self) -> dict[str, Any]:
        """The fields of `to_dict` that depend on the case itself, after the others."""
        return {"depends_on": {k: list(v) for k, v in self.depends_on.items()}}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_json_line(self) -> str:
        """``to_json(indent=None)``, the same text, made faster for JSON lines: the JSON
        of `_result_part` is written once per distinct evaluation of this statute."""
        head = _assembly(self._program).result_json(self)
        tail = json.dumps(self._case_part(), ensure_ascii=False)
        if tail == "{}":
            return head + "}"
        return head + ", " + tail[1:]

    def release_deadline(self, release_at: _dt.datetime) -> _dt.datetime | None:
        """The instant a hold must end, counting from `release_at` (when the person
        would otherwise be released); None when no hold may happen."""
        if self.max_hold is None:
            return None
        return release_deadline(release_at, self.max_hold)

    def explain(self) -> str:
        """A plain-English account citing the provisions and facts that decided."""
        return explain(self)


class _Assembly:
    """Per statute, the public objects decisions are made of: built once, shared by
    every decision (they are immutable), memoised per distinct combination."""

    def __init__(self, program: ir.Program):
        self.program = program
        self.rules: Mapping[str, ir.Rule] = {r.id: r for r in program.rules}
        self.holds = tuple(
            MaxHold(limit.hours, limit.excluding, limit.holidays, limit.citation)
            for limit in program.limits
        )
        # keyed by the deciding rule ids of each outcome, in ir.OUTCOMES order
        self._grounds: dict[tuple[tuple[str, ...], ...], Mapping[str, tuple[Ground, ...]]] = {}
        self._duties: dict[tuple[str, ...], tuple[DutyResult, ...]] = {}
        self._json: dict[tuple[Any, ...], str] = {}

    def grounds_for(
        self, deciding: Mapping[str, tuple[str, ...]]
    ) -> Mapping[str, tuple[Ground, ...]]:
        get = deciding.get
        key = (get("hold", ()), get("notification", ()), get("transfer", ()), get("interview", ()))
        made = self._grounds.get(key)
        if made is None:
            grounds = {}
            for outcome, ids in zip(ir.OUTCOMES, key, strict=True):
                grounds[outcome] = (
                    tuple(_ground(self.rules[i]) for i in ids)
                    if ids
                    else (silent_ground(self.program, outcome),)
                )
            made = self._grounds[key] = types.MappingProxyType(grounds)
        return made

    def duties_for(self, ids: tuple[str, ...]) -> tuple[DutyResult, ...]:
        made = self._duties.get(ids)
        if made is None:
            made = self._duties[ids] = tuple(
                DutyResult(d.id, d.citation, d.text) for d in self.program.duties if d.id in ids
            )
        return made

    def result_json(self, decision: Decision) -> str:
        """The JSON of `decision._result_part()` without its closing brace, memoised by
        the parts of the evaluation it is made of (outcomes, grounds, duties, limits)."""
        evaluation = decision.evaluation
        outcomes, deciding = evaluation.outcomes, evaluation.deciding
        key = (
            tuple(outcomes[o] for o in ir.OUTCOMES),
            tuple(deciding.get(o, ()) for o in ir.OUTCOMES),
            evaluation.duties,
            evaluation.limits,
            evaluation.open_limits,
        )
        made = self._json.get(key)
        if made is None:
            if len(self._json) >= _MAX_MEMO:
                self._json.clear()
            made = json.dumps(decision._result_part(), ensure_ascii=False)[:-1]
            self._json[key] = made
        return made

    def limit_for(self, evaluation: Evaluation) -> tuple[MaxHold | None, int | None]:
        if evaluation.outcomes["hold"] == "prohibited":
            return (None, None)
        best: MaxHold | None = None
        open_limit: int | None = None
        for index in evaluation.limits:
            if best is None or self.holds[index].sort_key() < best.sort_key():
                best = self.holds[index]
        for index in evaluation.open_limits:
            if best is None or self.holds[index].sort_key() < best.sort_key():
                best, open_limit = self.holds[index], index
        return (best, open_limit)


# `_Assembly.grounds_for` spells the outcomes out for speed; keep it in step with the IR.
assert ir.OUTCOMES == ("hold", "notification", "transfer", "interview")

# distinct evaluations whose JSON one statute keeps (a bound for adversarial input)
_MAX_MEMO = 4096

_ASSEMBLIES: dict[int, tuple[weakref.ref[ir.Program], _Assembly]] = {}


def _assembly(program: ir.Program) -> _Assembly:
    """The program's `_Assembly`, built on first use and dropped with the program."""
    key = id(program)
    entry = _ASSEMBLIES.get(key)
    if entry is not None and entry[0]() is program:
        return entry[1]
    made = _Assembly(program)
    forget = _ASSEMBLIES.pop  # bound now: module globals may be gone when the callback runs
    _ASSEMBLIES[key] = (weakref.ref(program, lambda _: forget(key, None)), made)
    return made


def build_decision(
    program: ir.Program, evaluation: Evaluation, case: Mapping[str, Any]
) -> Decision:
    """The public `Decision` for a backend's `Evaluation` of `case` under `program`."""
    return Decision(program, case, evaluation)


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


def open_facts(conditions: Iterable[ir.Expr], case: Mapping[str, Any]) -> tuple[str, ...]:
    """The unknown facts that keep any of `conditions` unknown, as sorted case paths
    (only facts under unknown parts: a charge known not to qualify is not listed)."""
    out: set[str] = set()
    for condition in conditions:
        out.update(facts_of(condition, case))
    return tuple(sorted(out))
