"""Evaluation → Decision: the public answer, assembled the same way for every backend.

A backend (interpreter or compiled) returns an `Evaluation`: the raw result per
outcome, the ids of the rules that decided it, which duties and limits apply. This
module turns that into the `Decision` of the docs' "Cases and decisions" page
(docs/cases.md, "A decision"), so the JSON shape, the
grounds and the `depends_on` lists cannot differ between backends.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import json
import threading
import types
import weakref
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from .. import ir
from ..backends.evaluation import Evaluation
from ..diagnostics import bad_value, json_escaped, json_text, wrong_type
from ..version import __version__
from . import grounding
from .clock import MaxHold, earliest, release_deadline, release_moment
from .explain import explain
from .request import Candidate, federal_limits, limits_for_request, request_key
from .settling import Settling

#: The widest indent `Decision.to_json` takes, in spaces.
_MOST_INDENT = 32
_OUTCOME_SET = frozenset(ir.OUTCOMES)


@attrs.frozen
class Ground:
    """A provision that decided an outcome, with its citation. `editorial`: the
    provision's label is the statute file's own, not a subsection of the law (cite the
    `citation`, never the label)."""

    citation: str
    text: str
    provision: str | None = None
    editorial: bool = False
    verification: str = "V"
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"citation": self.citation, "text": self.text}
        if self.provision is not None:
            out["provision"] = self.provision
            if self.editorial:
                out["editorial"] = True
        out["verification"] = self.verification
        out["notes"] = list(self.notes)
        return out


@attrs.frozen
class DutyResult:
    id: str
    citation: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "citation": self.citation, "text": self.text}


class Decision:
    """What a statute says about one case (docs/cases.md, "A decision").

    A decision is made of the backend's `Evaluation`; its public parts (grounds,
    duties, the time limit, the open facts) are built on first use and then kept, so
    a batch that only reads `outcomes` does not pay for the rest. They are built from
    the decision's case, which `Statute.decide` copies (no record or list of the
    caller's dict in it), so reusing that dict changes no decision already made. Every
    attribute is read-only."""

    __slots__ = (
        "_asm",
        "_case",
        "_duties",
        "_evaluation",
        "_grounds",
        "_limit",
        "_open",
        "_possible",
        "_program",
        "_warnings",
        "_with_request",
    )

    def __init__(
        self,
        program: ir.Program,
        case: Mapping[str, Any],
        evaluation: Evaluation,
        *,
        with_request: bool = False,
        assembly: _Assembly | None = None,
    ):
        _fill(self, program, case, evaluation, with_request,
              assembly if assembly is not None else _assembly(program))

    # what `_fill` sets: the inputs, and each public part once it is built (None before)
    _asm: _Assembly
    _program: ir.Program
    _case: Mapping[str, Any]
    _evaluation: Any  # an Evaluation, or its fields as a tuple (`make_decision`)
    _with_request: bool
    _grounds: Mapping[str, tuple[Ground, ...]] | None
    _duties: tuple[DutyResult, ...] | None
    _limit: tuple[MaxHold | None, tuple[str, ...]] | None
    _open: Mapping[str, tuple[str, ...]] | None  # depends_on and details_depend_on
    _possible: dict[str, list[str]] | None
    _warnings: list[dict[str, str]] | None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its inputs (the program, the case, the evaluation in plain dicts),
        so a decision can come back from a worker process; its parts are made again
        there on first read. Each pickle carries the whole program: to send many
        decisions between processes, send `to_dict()` instead."""
        e = self.evaluation
        plain = Evaluation(dict(e.outcomes), dict(e.deciding), dict(e.open_rules), e.duties,
                           e.open_duties, e.limits, e.open_limits,
                           None if e.trace is None else dict(e.trace))
        return (_unpickled, (self._program, self._case, plain, self._with_request))

    @property
    def program(self) -> ir.Program:
        return self._program

    @property
    def case(self) -> Mapping[str, Any]:
        """The validated case the decision is about, read-only (a copy: changing it
        changes nothing in the decision)."""
        return types.MappingProxyType(copy.deepcopy(self._case))

    @property
    def evaluation(self) -> Evaluation:
        """The backend's `Evaluation`, read-only like every other part: its mappings are
        views that cannot be changed (made here on first read, also when `Statute.decide`
        was given the compiled backend's fields as a plain tuple, in the same order)."""
        evaluation = self._evaluation
        if type(evaluation[_OUTCOMES]) is not types.MappingProxyType:
            evaluation = self._evaluation = _read_only(evaluation)
        return evaluation

    @property
    def statute(self) -> str:
        return self._program.meta.id

    @property
    def digest(self) -> str:
        return self._program.digest

    @property
    def case_id(self) -> str | None:
        """The case's own `id`, echoed so that batch output joins back to its input."""
        value = self._case.get("id")
        return value if isinstance(value, str) else None

    @property
    def trustlaw_version(self) -> str:
        """The version of trustlaw that decided (with `digest`, the audit trail)."""
        return __version__

    @property
    def statute_status(self) -> str:
        return self._program.meta.status

    @property
    def in_force(self) -> bool | None:
        """Whether the statute was in force on the case's date (None: date unknown)."""
        return grounding.in_force(self._program.meta, self._case)

    @property
    def warnings(self) -> list[dict[str, str]]:
        """What the decision rests on that a reader should know (``code``, ``message``):
        a law not in force on the case date or never law, an agency the law does not
        bind, a hold not prohibited of a person recorded as a citizen under a law with
        no rule on citizens, a deciding provision resting on a secondary or unverified
        source. A warning never changes an outcome."""
        if self._warnings is None:
            self._warnings = [
                *self._asm.case_warnings(self._case, self.outcomes["hold"]),
                *self._asm.source_warnings(self.evaluation.deciding)[0],
                *self._asm.limit_warnings(self.max_hold)[0],
            ]
        return [dict(w) for w in self._warnings]

    @property
    def possible(self) -> Mapping[str, list[str]]:
        """For each undetermined outcome, the results still possible once the facts are
        known (docs/semantics.md)."""
        if self._possible is None:
            outcomes = self._evaluation[_OUTCOMES]  # a tuple (compact) or a dict
            if "undetermined" not in (outcomes if type(outcomes) is tuple
                                      else outcomes.values()):
                self._possible = {}
            else:
                settling = self._asm.settling
                self._possible = settling.possible(self.evaluation, self._case)
        return {k: list(v) for k, v in self._possible.items()}

    @property
    def outcomes(self) -> Mapping[str, str]:
        """Each of hold, notification, transfer, interview: prohibited, permitted,
        required or undetermined."""
        outcomes = self._evaluation[_OUTCOMES]
        if type(outcomes) is tuple:  # made on first read (`make_decision`)
            outcomes = self.evaluation.outcomes
        return dict(outcomes)  # a copy: changing it changes nothing in the decision

    @property
    def grounds(self) -> Mapping[str, tuple[Ground, ...]]:
        """Per outcome, the provisions that decided it, with their citations."""
        grounds = self._grounds
        if grounds is None:  # the memo of `_Assembly.grounds_for`, read here: no extra call
            deciding = self._evaluation[_DECIDING]
            if type(deciding) is tuple:  # its key itself (`make_decision`)
                grounds = self._asm.grounds_made.get(deciding)
            else:
                try:
                    key = (deciding["hold"], deciding["notification"], deciding["transfer"],
                           deciding["interview"])
                    grounds = self._asm.grounds_made.get(key)
                except KeyError:
                    pass
            if grounds is None:
                grounds = self._asm.grounds_for(self.evaluation.deciding)
            self._grounds = grounds
        return grounds

    @property
    def duties(self) -> tuple[DutyResult, ...]:
        """The duties the law places on the agency in this case."""
        if self._duties is None:
            self._duties = self._asm.duties_for(self._evaluation[_DUTIES])
        return self._duties

    @property
    def open_duties(self) -> tuple[DutyResult, ...]:
        """The duties the facts given leave open: each may apply once they are known (the
        facts each waits on are ``details_depend_on["duty:<id>"]``)."""
        return self._asm.duties_for(tuple(self.evaluation.open_duties))

    @property
    def max_hold(self) -> MaxHold | None:
        """The longest hold, or None where no hold may happen. A public decision
        (`with_request`) also applies the request's own limit and the regulation's, so
        a hold that may happen always has one (docs/semantics.md, "Time limits")."""
        return self._governing_limit()[0]

    @property
    def applies_request_limits(self) -> bool:
        """Whether `max_hold` includes the request's and the regulation's limits (the
        public decisions of `Statute.decide` do; the statute-only view the Python
        backends and the solver share does not; the SQL backend's query applies them
        itself, given `RequestLimits`)."""
        return self._with_request

    def _governing_limit(self) -> tuple[MaxHold | None, tuple[str, ...]]:
        """The governing limit, and the unknown facts of the open limits it keeps
        (docs/semantics.md: the shortest limits that are true or unknown)."""
        if self._limit is None:
            self._limit = self._asm.limit_for(
                self.evaluation, self._case, self._with_request
            )
        return self._limit

    @property
    def depends_on(self) -> Mapping[str, tuple[str, ...]]:
        """Per undetermined outcome, the unknown facts that would settle it, as sorted
        case paths (docs/cases.md, "A decision": its keys are outcomes, nothing else)."""
        return {k: v for k, v in self._open_paths().items() if k in _OUTCOME_SET}

    @property
    def details_depend_on(self) -> Mapping[str, tuple[str, ...]]:
        """The unknown facts that would settle the rest of the decision: the time limit
        (``max_hold``) and each duty that may apply (``duty:<id>``)."""
        return {k: v for k, v in self._open_paths().items() if k not in _OUTCOME_SET}

    def _open_paths(self) -> Mapping[str, tuple[str, ...]]:
        if self._open is None:
            self._open = self._open_facts()
        return self._open

    def _open_facts(self) -> dict[str, tuple[str, ...]]:
        evaluation = self.evaluation
        # a public decision names leaf paths (person.gang_database), never a whole record
        out = self._asm.settling.depends_on(
            evaluation, self._case, leaves=self._with_request
        )
        limit_facts = self._governing_limit()[1]
        if limit_facts:
            out["max_hold"] = limit_facts
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decision) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return (
            f"Decision(statute={self.statute!r}, outcomes={self.outcomes!r}, "
            f"max_hold={self.max_hold!r}, depends_on={self.depends_on!r}, "
            f"details_depend_on={self.details_depend_on!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of docs/cases.md, "A decision" (same statute and case: same
        bytes)."""
        outcomes = self.outcomes
        return {
            "statute": self.statute,
            "digest": self.digest,
            "trustlaw": self.trustlaw_version,
            "case_id": self.case_id,
            "statute_status": self.statute_status,
            "in_force": self.in_force,
            "outcomes": {o: outcomes[o] for o in ir.OUTCOMES},
            "possible": self.possible,
            "max_hold": None if self.max_hold is None else self.max_hold.to_dict(),
            "duties": [d.to_dict() for d in self.duties],
            "grounds": {o: [g.to_dict() for g in gs] for o, gs in self.grounds.items()},
            "depends_on": {k: list(v) for k, v in self.depends_on.items()},
            "details_depend_on": {k: list(v) for k, v in self.details_depend_on.items()},
            "warnings": self.warnings,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """`to_dict()` as JSON, each hidden character of a case id or statute string
        escaped (`diagnostics.json_text`): the same value, safe to print. `indent` is a
        number of spaces (0 to 32) or None for one line: a tab indent would be escaped
        into invalid JSON, and a huge one would fill memory."""
        if indent is not None:
            if type(indent) is not int:
                raise wrong_type("to_json(indent=…)", "a number of spaces or None", indent)
            if not 0 <= indent <= _MOST_INDENT:
                raise bad_value("to_json(indent=…)",
                                f"{indent} is not a number of spaces from 0 to {_MOST_INDENT}")
        return json_text(self.to_dict(), indent=indent)

    def to_json_line(self) -> str:
        """``to_json(indent=None)``, the same text, made faster for JSON lines: the parts
        that the statute and the evaluation alone fix (outcomes, duties, grounds, the
        warnings about deciding provisions, each distinct time limit and list of
        possible results) are written once and reused; only the case's own parts (its
        id, the facts it depends on, a warning about its date) each time."""
        assembly = self._asm
        head, status = assembly.statute_json(self)
        outcomes, duties_grounds = assembly.result_json(self)
        case_id = self.case_id
        limit = self.max_hold
        dated = assembly.case_warnings(self._case, self.outcomes["hold"])
        warnings = assembly.source_warnings(self.evaluation.deciding)[1]
        limited = assembly.limit_warnings(limit)[1]
        if limited != "[]":  # after the deciding provisions', as `warnings` lists them
            warnings = (f"{warnings[:-1]}, {limited[1:]}" if warnings != "[]" else limited)
        if dated:
            inner = _dumps(dated)[1:-1]
            warnings = f"[{inner}, {warnings[1:]}" if warnings != "[]" else f"[{inner}]"
        return json_escaped(
            f"{head}, \"case_id\": {'null' if case_id is None else _string(case_id)}, "
            f"{status}, \"in_force\": {_LITERAL[self.in_force]}, {outcomes}, "
            f"\"possible\": {assembly.possible_json(self.possible)}, "
            f"\"max_hold\": {'null' if limit is None else assembly.limit_json(limit)}, "
            f"{duties_grounds}, \"depends_on\": {_paths_json(self.depends_on)}, "
            f"\"details_depend_on\": {_paths_json(self.details_depend_on)}, "
            f"\"warnings\": {warnings}}}"
        )

    def release_deadline(self, release_at: _dt.datetime | str) -> _dt.datetime | None:
        """The instant a hold must end, counting from `release_at` (when the person
        would otherwise be released); None when no hold may happen (`release_at` is
        checked either way: a bad one is an error, not a None)."""
        moment = release_moment(release_at)
        if self.max_hold is None:
            return None
        return release_deadline(moment, self.max_hold)

    def explain(self) -> str:
        """A plain-English account citing the provisions and facts that decided."""
        return explain(self)


class _Assembly:
    """Per statute, the public objects decisions are made of: built once, shared by
    every decision (they are immutable), memoised per distinct combination."""

    def __init__(self, program: ir.Program):
        self.program = program
        self.rules: Mapping[str, ir.Rule] = {r.id: r for r in program.rules}
        self.provisions: Mapping[str, ir.Provision] = {p.label: p for p in program.provisions}
        self.holds = tuple(
            MaxHold(limit.hours, limit.excluding, limit.holidays, limit.citation)
            for limit in program.limits
        )
        # keyed by the deciding rule ids of each outcome, in ir.OUTCOMES order
        self.grounds_made: dict[tuple[tuple[str, ...], ...], Mapping[str, tuple[Ground, ...]]] = {}
        self._duties: dict[tuple[str, ...], tuple[DutyResult, ...]] = {}
        self._json: _Memo[tuple[Any, ...], tuple[str, str]] = _Memo()
        self._statute_json: tuple[str, str] | None = None
        self.settling = Settling(program)
        self.reads_signer = grounding.reads_signer(program)
        self.scope_tests = grounding.scope_tests(program)
        self.reads_citizen = grounding.reads_citizen(program)
        self._sources: _Memo[tuple[tuple[str, ...], ...], tuple[list[dict[str, str]], str]] = \
            _Memo()
        self._limits: _Memo[tuple[Any, ...], tuple[MaxHold | None, tuple[str, ...]]] = _Memo()
        self._limit_json: _Memo[MaxHold, str] = _Memo()
        self._limit_warnings: _Memo[MaxHold | None, tuple[list[dict[str, str]], str]] = _Memo()
        self._possible_json: _Memo[tuple[Any, ...], str] = _Memo()

    def case_warnings(self, case: Mapping[str, Any], hold: str) -> list[dict[str, str]]:
        """The warnings that depend on the case (its date, agency and citizenship, the
        hold's result), in a decision's order: those a batch's ``warnings`` column has."""
        meta = self.program.meta
        return [*grounding.case_warnings(meta, case, self.reads_signer),
                *grounding.not_bound_warnings(meta, case, self.scope_tests),
                *grounding.citizen_warnings(meta, case, hold, self.reads_citizen)]

    def grounds_for(
        self, deciding: Mapping[str, tuple[str, ...]]
    ) -> Mapping[str, tuple[Ground, ...]]:
        try:  # every backend names all four outcomes; subscripts are the cheapest reads
            key = (deciding["hold"], deciding["notification"], deciding["transfer"],
                   deciding["interview"])
        except KeyError:
            get = deciding.get
            key = (get("hold", ()), get("notification", ()), get("transfer", ()),
                   get("interview", ()))
        made = self.grounds_made.get(key)
        if made is None:
            grounds = {}
            for outcome, ids in zip(ir.OUTCOMES, key, strict=True):
                rules = [self.rules[i] for i in ids]
                # a scope rule ranks above all others and decides alone where it holds:
                # beside another rule, it is one whose facts are unknown
                open_scope = len({rule.kind == "scope" for rule in rules}) == 2
                grounds[outcome] = (
                    tuple(self._ground(rule, open_scope) for rule in rules)
                    if ids
                    else (silent_ground(self.program, outcome),)
                )
            made = self.grounds_made[key] = types.MappingProxyType(grounds)
        return made

    def _ground(self, rule: ir.Rule, open_scope: bool = False) -> Ground:
        """`rule` as a ground; a scope rule whose facts are unknown (`open_scope`) says
        that whether the law binds the agency is not known, not that it does not."""
        text = rule.text
        if open_scope and rule.kind == "scope":
            text = text.replace(ir.SCOPE_WORDS, OPEN_SCOPE_WORDS, 1)
        provision = self.provisions.get(rule.provision)
        if provision is None:
            return Ground(rule.citation, text, rule.provision)
        return Ground(rule.citation, text, rule.provision, provision.editorial,
                      provision.verification,
                      grounding.rule_notes(self.program, rule))

    def duties_for(self, ids: tuple[str, ...]) -> tuple[DutyResult, ...]:
        made = self._duties.get(ids)
        if made is None:
            made = self._duties[ids] = tuple(
                DutyResult(d.id, d.citation, d.text) for d in self.program.duties if d.id in ids
            )
        return made

    def statute_json(self, decision: Decision) -> tuple[str, str]:
        """The JSON of the statute's own fields: the object's head (statute, digest,
        trustlaw version) and its status, written once per statute."""
        if self._statute_json is None:
            head = json.dumps({"statute": decision.statute, "digest": decision.digest,
                               "trustlaw": decision.trustlaw_version}, ensure_ascii=False)
            status = json.dumps({"statute_status": decision.statute_status},
                                ensure_ascii=False)
            self._statute_json = (head[:-1], status[1:-1])
        return self._statute_json

    def result_json(self, decision: Decision) -> tuple[str, str]:
        """The JSON members ``"outcomes": …`` and ``"duties": …, "grounds": …``,
        memoised by the parts of the evaluation they are made of."""
        evaluation = decision.evaluation
        outcomes, deciding = evaluation.outcomes, evaluation.deciding
        key = (
            tuple(outcomes[o] for o in ir.OUTCOMES),
            tuple(deciding.get(o, ()) for o in ir.OUTCOMES),
            evaluation.duties,
        )
        made = self._json.get(key)
        if made is None:
            first = json.dumps({"outcomes": {o: outcomes[o] for o in ir.OUTCOMES}},
                               ensure_ascii=False)
            second = json.dumps({
                "duties": [d.to_dict() for d in decision.duties],
                "grounds": {o: [g.to_dict() for g in gs] for o, gs in decision.grounds.items()},
            }, ensure_ascii=False)
            made = self._json.keep(key, (first[1:-1], second[1:-1]))
        return made

    def source_warnings(
        self, deciding: Mapping[str, tuple[str, ...]]
    ) -> tuple[list[dict[str, str]], str]:
        """The warnings about deciding provisions (`grounding.source_warnings`) and
        their JSON, made once per combination of deciding rules."""
        get = deciding.get
        key = (get("hold", ()), get("notification", ()), get("transfer", ()), get("interview", ()))
        made = self._sources.get(key)
        if made is None:
            found = grounding.source_warnings(self.program, deciding)
            made = self._sources.keep(key, (found, _dumps(found)))
        return made

    def limit_warnings(self, limit: MaxHold | None) -> tuple[list[dict[str, str]], str]:
        """The warning about the provision that sets `limit` (`grounding.limit_warnings`)
        and its JSON, made once per distinct limit."""
        made = self._limit_warnings.get(limit)
        if made is None:
            found = grounding.limit_warnings(self.program, limit)
            made = self._limit_warnings.keep(limit, (found, _dumps(found)))
        return made

    def limit_json(self, limit: MaxHold) -> str:
        """The JSON of a time limit, written once per distinct limit."""
        made = self._limit_json.get(limit)
        if made is None:
            made = self._limit_json.keep(limit, _dumps(limit.to_dict()))
        return made

    def possible_json(self, possible: Mapping[str, list[str]]) -> str:
        """The JSON of `possible`, written once per distinct value."""
        if not possible:
            return "{}"
        key = tuple((k, *v) for k, v in possible.items())
        made = self._possible_json.get(key)
        if made is None:
            made = self._possible_json.keep(key, _dumps(possible))
        return made

    def limit_for(
        self, evaluation: Evaluation, case: Mapping[str, Any], with_request: bool
    ) -> tuple[MaxHold | None, tuple[str, ...]]:
        """The governing limit and the facts that would settle the open limits it keeps.

        Without `with_request` (the statute-only view the Python backends and the
        solver share): the shortest of the statute's true and open limits by
        `MaxHold.sort_key`. With it, the limits of the request and the regulation too:
        every limit that can end first (`clock.earliest`), the statute's before the
        extra ones on ties. Where no statute limit is open, the result depends only on
        the statute's true limits and the request's `request_key` (hours, form, whether
        it asks for a hold): it is made once per combination."""
        if evaluation.outcomes["hold"] == "prohibited":
            return (None, ())
        if not with_request:
            return self._statute_limit(evaluation, case)
        if evaluation.open_limits:
            return self._earliest(evaluation, case, federal_limits(case))
        key = (evaluation.limits, *request_key(case))
        made = self._limits.get(key)
        if made is None:
            made = self._limits.keep(key, self._earliest(
                evaluation, case, limits_for_request(*key[1:])))
        return made

    def _earliest(
        self, evaluation: Evaluation, case: Mapping[str, Any], extra: tuple[Candidate, ...]
    ) -> tuple[MaxHold | None, tuple[str, ...]]:
        candidates: list[MaxHold] = []
        facts: dict[MaxHold, tuple[str, ...]] = {}
        certain: set[MaxHold] = set()
        for index in evaluation.limits:
            candidates.append(self.holds[index])
            certain.add(self.holds[index])
        for index in evaluation.open_limits:
            hold = self.holds[index]
            candidates.append(hold)
            facts.setdefault(hold, self.settling.open_facts(
                [self.program.limits[index].condition], case, leaves=True
            ))
        for candidate in extra:
            candidates.append(candidate.limit)
            if candidate.open_facts:
                facts.setdefault(candidate.limit, candidate.open_facts)
            else:
                certain.add(candidate.limit)
        governing = earliest(candidates)
        if governing is None:
            return (None, ())
        unsettled = {fact for candidate in extra for fact in candidate.could_shorten}
        for hold in (attrs.evolve(governing, also=()), *governing.also):
            if hold not in certain:
                unsettled.update(facts.get(hold, ()))
        return (governing, tuple(sorted(unsettled)))

    def _statute_limit(
        self, evaluation: Evaluation, case: Mapping[str, Any]
    ) -> tuple[MaxHold | None, tuple[str, ...]]:
        best: MaxHold | None = None
        open_limit: int | None = None
        for index in evaluation.limits:
            if best is None or self.holds[index].sort_key() < best.sort_key():
                best = self.holds[index]
        for index in evaluation.open_limits:
            if best is None or self.holds[index].sort_key() < best.sort_key():
                best, open_limit = self.holds[index], index
        if open_limit is None:
            return (best, ())
        condition = self.program.limits[open_limit].condition
        return (best, self.settling.open_facts([condition], case, leaves=False))


# A decision reads these fields of its evaluation by position: `Statute.decide` gives it
# the compiled backend's fields as a plain tuple (an `Evaluation` is made only when read).
_OUTCOMES = Evaluation._fields.index("outcomes")
_DECIDING = Evaluation._fields.index("deciding")
_DUTIES = Evaluation._fields.index("duties")
# an Evaluation from a tuple of its fields, without its constructor's keyword handling
_evaluation_of: Any = functools.partial(tuple.__new__, Evaluation)
# `_expanded` rebuilds the first two fields and keeps the other six
assert (_OUTCOMES, _DECIDING, len(Evaluation._fields)) == (0, 1, 8)


def _expanded(fields: tuple[Any, ...]) -> tuple[Any, ...]:
    """Fields whose outcomes and deciding rule ids are tuples in `ir.OUTCOMES` order (the
    compact form of `cases.fused`), with dicts in their place, as the backends build."""
    o, d = fields[0], fields[1]
    return ({"hold": o[0], "notification": o[1], "transfer": o[2], "interview": o[3]},
            {"hold": d[0], "notification": d[1], "transfer": d[2], "interview": d[3]},
            fields[2], fields[3], fields[4], fields[5], fields[6], fields[7])


def _read_only(fields: tuple[Any, ...]) -> Evaluation:
    """An `Evaluation` of `fields` (an Evaluation, or its fields as `make_decision` keeps
    them) whose mappings are read-only views, so that no caller can change a decision
    through them: a decision that said "prohibited" goes on saying it."""
    if type(fields[_OUTCOMES]) is tuple:  # compact: the dicts are made here
        fields = _expanded(fields)
    view = types.MappingProxyType
    trace = fields[7] if len(fields) > 7 else None
    return _evaluation_of((view(fields[0]), view(fields[1]), view(fields[2]), fields[3],
                           fields[4], fields[5], fields[6],
                           None if trace is None else view(trace)))


# `_Assembly.grounds_for` spells the outcomes out for speed; keep it in step with the IR.
assert ir.OUTCOMES == ("hold", "notification", "transfer", "interview")

# distinct evaluations whose JSON one statute keeps (a bound for adversarial input)
_MAX_MEMO = 4096

_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """A statute's memo of one kind of part: emptied once it holds `_MAX_MEMO`
    entries, so that adversarial input cannot grow it without end."""

    def keep(self, key: _K, value: _V) -> _V:
        if len(self) >= _MAX_MEMO:
            self.clear()
        self[key] = value
        return value

# The programs' assemblies, by program identity. An assembly holds its program, so the
# program never dies while it is here: the table is bounded (the oldest entry leaves),
# or every unpickled statute or decision, and every reload of an edited file, would keep
# its program for good (a review measured 0.3 MB each). The weak reference tells a
# program from a later one that took its `id`.
_ASSEMBLIES: dict[int, tuple[weakref.ref[ir.Program], _Assembly]] = {}
_MAX_ASSEMBLIES = 64
_ASSEMBLIES_LOCK = threading.Lock()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# a JSON string as `json.dumps(…, ensure_ascii=False)` writes it (the same C function)
_string = json.encoder.encode_basestring
_LITERAL = {True: "true", False: "false", None: "null"}


def _paths_json(paths: Mapping[str, tuple[str, ...]]) -> str:
    """The JSON of `depends_on`, as `json.dumps` writes it."""
    if not paths:
        return "{}"
    members = ", ".join(
        f"{_string(k)}: [{', '.join(_string(p) for p in v)}]" for k, v in paths.items()
    )
    return f"{{{members}}}"


def assembly_of(program: ir.Program) -> _Assembly:
    """The parts decisions under `program` are made of, to pass to `Decision` (a
    caller deciding many cases looks them up once)."""
    return _assembly(program)


def _assembly(program: ir.Program) -> _Assembly:
    """The program's `_Assembly`, built on first use and dropped with the program."""
    key = id(program)
    entry = _ASSEMBLIES.get(key)
    if entry is not None and entry[0]() is program:
        return entry[1]
    made = _Assembly(program)
    with _ASSEMBLIES_LOCK:
        _ASSEMBLIES[key] = (weakref.ref(program), made)
        while len(_ASSEMBLIES) > _MAX_ASSEMBLIES:
            del _ASSEMBLIES[next(iter(_ASSEMBLIES))]
    return made


_new = object.__new__


def make_decision(
    program: ir.Program,
    case: Mapping[str, Any],
    evaluation: Evaluation | tuple[Any, ...],
    with_request: bool,
    assembly: _Assembly,
) -> Decision:
    """``Decision(program, case, evaluation, with_request=…, assembly=assembly)``, made
    without the class call and its keyword handling: the decision `Statute.decide`
    returns for every case (`assembly`: `assembly_of(program)`, looked up once).
    `evaluation` may be the fields of an `Evaluation` as a plain tuple, in its order
    (`CompiledProgram.evaluate_fields`), its outcomes and deciding rule ids as dicts or,
    compact (`cases.fused`), as tuples in `ir.OUTCOMES` order: the `Evaluation` and those
    dicts are then made on first read."""
    made = _new(Decision)  # `_fill`'s stores, written out: one call fewer per decision
    made._asm = assembly
    made._program = program
    made._case = case
    made._evaluation = evaluation
    made._with_request = with_request
    made._grounds = made._duties = made._limit = None
    made._open = made._possible = made._warnings = None
    return made


def _fill(made: Decision, program: ir.Program, case: Mapping[str, Any], evaluation: Any,
          with_request: bool, assembly: _Assembly) -> None:
    """Every slot of a new decision: its inputs, and no public part built yet."""
    made._asm = assembly
    made._program = program
    made._case = case
    made._evaluation = evaluation
    made._with_request = with_request
    made._grounds = made._duties = made._limit = None
    made._open = made._possible = made._warnings = None


def _unpickled(program: ir.Program, case: Mapping[str, Any], evaluation: Evaluation,
               with_request: bool) -> Decision:
    """A pickled decision made again (`Decision.__reduce__`)."""
    return make_decision(program, case, evaluation, with_request, _assembly(program))


def build_decision(
    program: ir.Program,
    evaluation: Evaluation,
    case: Mapping[str, Any],
    *,
    with_request: bool = False,
) -> Decision:
    """The `Decision` for a backend's `Evaluation` of `case` under `program`. With
    `with_request` (the public decisions of `Statute.decide`), `max_hold` also applies
    the request's own limit and the regulation's (`decisions.request`); without it,
    `max_hold` is the statute's own, the view the Python backends and the solver share
    (the SQL backend's query applies the request's limits itself)."""
    return make_decision(program, case, evaluation, with_request, _assembly(program))


#: how a scope rule's ground starts where the facts leave open whether the law binds the
#: agency (an undetermined outcome's possible grounds)
OPEN_SCOPE_WORDS = "Whether this law binds this agency is not known"


def silent_ground(program: ir.Program, outcome: str) -> Ground:
    """The ground of an outcome the law does not address: the baseline permits it, on the
    readings (notes) that say why the law is taken to be silent on it."""
    return Ground(
        program.meta.citation,
        f"This law says nothing about {outcome}; without a rule the baseline permits it.",
        None,
        notes=grounding.notes_about(program, None, outcome),
    )
