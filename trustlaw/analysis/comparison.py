"""Two statutes → where they decide differently: every kind of difference, each with a
shrunk example case that the reference interpreter confirms.

`compare(a, b)` encodes both statutes over one symbolic case (`backends.smt`: lists up
to `bound` elements, every fact possibly unknown, the vocabulary's constraints
asserted) and asks z3, for every outcome and every pair of different results
(prohibited, permitted, required, undetermined), for a well-formed case on which `a`
decides one and `b` the other. It asks the same for the longest hold (both allow a
hold, with different limits, or one with a limit and the other with none) and for each
duty (imposed by one decision and not the other).

Each answer the solver finds is decided again by the interpreter — which must show the
same difference, or this is a bug and we raise — and shrunk (`verification.shrink_case`:
facts made unknown, list elements dropped) while the difference stays. An outcome
difference can have several reasons (a 2014 hold permitted on a felony conviction, or
on a gang-database entry, where the 2019 law prohibits both): after each example the
pair of ground sets it shows is ruled out and the solver is asked again, up to
`max_examples` per kind, so a drafter sees every distinct reason. A query the solver
cannot settle is reported with its reason, never dropped; two statutes are
**equivalent** only when every query is unsatisfiable.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from ..decisions.clock import MaxHold
from ..decisions.decision import Decision
from ..diagnostics import Diagnostic, UsageError
from ..library.statute import Statute
from .verification import VerifyOptions, decide_case, shrink_case

__all__ = [
    "RESULTS",
    "CompareOptions",
    "Comparison",
    "Difference",
    "Example",
    "compare",
    "describe_case",
    "describe_limit",
    "detail",
    "ground_labels",
    "limit_words",
    "side_summary",
]

RESULTS: tuple[str, ...] = (*ir.MODALITIES, "undetermined")

_VERBS = {
    "prohibited": "prohibits",
    "permitted": "permits",
    "required": "requires",
    "undetermined": "leaves it undetermined",
}

StatuteRef = Statute | ir.Program | str | os.PathLike[str]


def _at_least_one(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, got {value}")


@attrs.frozen
class CompareOptions(VerifyOptions):
    """How hard the solver looks (see `VerifyOptions`), and how many examples with
    different grounds to find for one kind of outcome difference."""

    max_examples: int = attrs.field(default=8, validator=_at_least_one)


# ---- results ------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class Example:
    """One case both statutes decide differently: the shrunk case (JSON, pasteable into
    an example's ``given``) and the interpreter's decision under each statute."""

    case: dict[str, Any]
    a: Decision
    b: Decision
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "summary": self.summary,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
        }


@attrs.frozen(eq=False)
class Difference:
    """One kind of difference: about `subject` (an outcome, ``max_hold`` or a duty id),
    statute A says `a` where statute B says `b`.

    `status` is ``differs`` (with at least one example) or ``unknown`` (the solver
    could not settle the question; `reason` says why). `complete` is False when more
    examples with other grounds may exist: `max_examples` was reached, or the solver
    gave up looking for more (then `reason` says why)."""

    aspect: str  # outcome | max_hold | duty (| all: the solver could not even start)
    subject: str
    a: str
    b: str
    status: str
    examples: tuple[Example, ...] = ()
    complete: bool = True
    reason: str | None = None

    def headline(self, a_id: str, b_id: str) -> str:
        """``hold: ct/pa-13-155 permits where ct/pa-19-20 prohibits``."""
        if self.aspect == "outcome":
            return f"{self.subject}: {a_id} {_VERBS[self.a]} where {b_id} {_VERBS[self.b]}"
        if self.aspect == "max_hold":
            return f"max_hold: {a_id} {_hold_words(self.a)} where {b_id} {_hold_words(self.b)}"
        if self.aspect == "duty":
            imposer, other = (a_id, b_id) if self.a == "imposed" else (b_id, a_id)
            return f"duty `{self.subject}`: {imposer} imposes it where {other} does not"
        return self.subject

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspect": self.aspect,
            "subject": self.subject,
            "a": self.a,
            "b": self.b,
            "status": self.status,
            "complete": self.complete,
            "reason": self.reason,
            "examples": [e.to_dict() for e in self.examples],
        }


def _hold_words(limit: str) -> str:
    return "sets no limit on a hold" if limit == "none" else f"allows a hold of {limit}"


@attrs.frozen(eq=False)
class Comparison:
    """Where statute `a` and statute `b` decide cases differently."""

    a: Statute
    b: Statute
    bound: int
    seconds: float
    queries: int
    differences: tuple[Difference, ...]
    unknown: tuple[Difference, ...]

    @property
    def equivalent(self) -> bool:
        """Every query was unsatisfiable: no well-formed case (lists up to the bound) is
        decided differently."""
        return not self.differences and not self.unknown

    @property
    def status(self) -> str:
        """``equivalent``, ``different`` (some difference found) or ``unknown`` (none
        found, but the solver could not settle some query)."""
        if self.differences:
            return "different"
        return "unknown" if self.unknown else "equivalent"

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the CLI's ``--format json``)."""
        return {
            "a": _statute_dict(self.a),
            "b": _statute_dict(self.b),
            "status": self.status,
            "equivalent": self.equivalent,
            "bound": self.bound,
            "queries": self.queries,
            "seconds": round(self.seconds, 3),
            "differences": [d.to_dict() for d in self.differences],
            "unknown": [d.to_dict() for d in self.unknown],
        }

    def render(self) -> str:
        """Text a drafter can read: each kind of difference with its examples, the
        grounds (with citations) under each statute and the case to paste."""
        a_id, b_id = self.a.id, self.b.id
        elements = "element" if self.bound == 1 else "elements"
        scope = f"well-formed cases, facts known or not, at most {self.bound} {elements} per list"
        if self.equivalent:
            return (
                f"equivalent: {a_id} and {b_id} decide every case alike ({scope}; "
                f"{self.queries} questions, {self.seconds:.2f} s)"
            )
        lines: list[str] = []
        if self.differences:
            count = len(self.differences)
            lines.append(
                f"{a_id} and {b_id} differ: {count} kind{'' if count == 1 else 's'} of "
                f"difference ({scope}; {self.queries} questions, {self.seconds:.2f} s)"
            )
        else:
            lines.append(
                f"unknown: no case found that {a_id} and {b_id} decide differently, but the "
                f"solver could not settle {len(self.unknown)} of {self.queries} questions "
                f"({scope}; {self.seconds:.2f} s)"
            )
        for difference in self.differences:
            lines.append("")
            lines.append(difference.headline(a_id, b_id))
            for example in difference.examples:
                lines.extend(_render_example(difference, example, a_id, b_id))
            if not difference.complete:
                why = f": {difference.reason}" if difference.reason else ""
                lines.append(f"  (there may be cases with other grounds{why})")
        for difference in self.unknown:
            lines.append("")
            lines.append(f"UNKNOWN {difference.headline(a_id, b_id)}")
            lines.append(f"  the solver could not decide: {difference.reason}")
        return "\n".join(lines)


def _statute_dict(statute: Statute) -> dict[str, Any]:
    return {"id": statute.id, "title": statute.meta.title, "digest": statute.digest}


def _render_example(
    difference: Difference, example: Example, a_id: str, b_id: str
) -> list[str]:
    a_side = side_summary(difference, example.a)
    b_side = side_summary(difference, example.b)
    lines = [f"  - e.g. {example.summary}: {a_side} vs {b_side}"]
    for statute_id, decision in ((a_id, example.a), (b_id, example.b)):
        lines.append(f"      {statute_id}: {detail(difference, decision)}")
    lines.append(f"      case: {json.dumps(example.case, ensure_ascii=False)}")
    return lines


def side_summary(difference: Difference, decision: Decision) -> str:
    """What decided `difference` under one statute, in a few words: the provisions
    that are the grounds (``(b)(1)``), the limit's citation, or the duty's provision."""
    if difference.aspect == "outcome":
        return ", ".join(ground_labels(decision, difference.subject))
    if difference.aspect == "max_hold":
        hold = decision.max_hold
        if hold is None:
            return "no limit"
        for limit in decision.program.limits:
            if (limit.hours, limit.excluding, limit.holidays, limit.citation) == (
                hold.hours, hold.excluding, hold.holidays, hold.citation
            ):
                return limit.provision
        return hold.citation or describe_limit(hold)
    for duty in decision.program.duties:
        if duty.id == difference.subject:
            return duty.provision if duty.id in decision.evaluation.duties else "not imposed"
    return "no such duty"


def detail(difference: Difference, decision: Decision) -> str:
    """One statute's side of an example in full: the result and its grounds with
    citations, and the unknown facts an undetermined result depends on."""
    if difference.aspect == "outcome":
        outcome = difference.subject
        grounds = "; ".join(
            f"{g.provision + ' ' if g.provision else ''}{g.citation}: {g.text}"
            for g in decision.grounds[outcome]
        )
        text = f"{outcome} {decision.outcomes[outcome]} — {grounds}"
        open_facts = decision.depends_on.get(outcome)
        if open_facts:
            text += f" (depends on {', '.join(open_facts)})"
        return text
    if difference.aspect == "max_hold":
        hold = decision.max_hold
        text = f"hold {decision.outcomes['hold']}, max_hold "
        text += "none" if hold is None else describe_limit(hold)
        if hold is not None and hold.citation:
            text += f" ({hold.citation})"
        return text
    for duty in decision.duties:
        if duty.id == difference.subject:
            return f"duty imposed — {duty.citation}: {duty.text}"
    open_facts = decision.depends_on.get(f"duty:{difference.subject}")
    if open_facts:
        return f"duty not imposed (it depends on {', '.join(open_facts)})"
    return "duty not imposed"


def ground_labels(decision: Decision, outcome: str) -> list[str]:
    """The provisions in an outcome's grounds (``(a)(4) (does not bind)`` for a scope
    rule, ``silence`` when the law says nothing), the unknown ones last after ``open:``."""
    rules = {r.id: r for r in decision.program.rules}
    evaluation = decision.evaluation
    opened = evaluation.open_rules.get(outcome, ())

    def label(rule_id: str) -> str:
        rule = rules[rule_id]
        return rule.provision + (" (does not bind)" if rule.kind == "scope" else "")

    labels = [label(r) for r in evaluation.deciding.get(outcome, ()) if r not in opened]
    if opened:
        labels.append("open: " + ", ".join(label(r) for r in opened))
    return labels or ["silence"]


def describe_limit(hold: MaxHold) -> str:
    """``48 hours excluding saturday, sunday, federal_holiday``."""
    text = f"{hold.hours} hours"
    if hold.excluding:
        text += " excluding " + ", ".join(hold.excluding)
        if "federal_holiday" in hold.excluding and hold.holidays != "actual":
            text += f" (holidays {hold.holidays})"
    return text


# ---- describing a case ---------------------------------------------------------------------


def describe_case(case: Mapping[str, Any], vocab: ir.Vocabulary) -> str:
    """A one-line account of a (small) JSON case: ``agency: state corrections; a
    conviction (level: felony, felony class: C)``; facts left out are unknown."""
    parts: list[str] = []
    for info in vocab.fields:
        if info.name in case and case[info.name] is not None:
            parts.extend(_describe(info.name, info.type, case[info.name], vocab, None))
    return "; ".join(parts) if parts else "any case (no fact known)"


def _describe(
    name: str, typ: ir.Type, value: Any, vocab: ir.Vocabulary, parent: str | None
) -> list[str]:
    label = _words(name) if parent in (None, "person") else f"{_words(parent or '')} {_words(name)}"
    if isinstance(typ, ir.RecordType):
        info = vocab.record(typ.name)
        if info is None or not isinstance(value, Mapping):
            return [f"{label}: {json.dumps(value)}"]
        out: list[str] = []
        for field in info.fields:
            if value.get(field.name) is not None:
                out.extend(_describe(field.name, field.type, value[field.name], vocab, name))
        return out or [f"{label}: nothing known"]
    if isinstance(typ, ir.ListType) and isinstance(value, list):
        element = typ.element
        if isinstance(element, ir.RecordType):
            noun = _words(element.name)
            if not value:
                return [f"no {_plural(noun)}"]
            items = [_element(item, element, vocab) for item in value]
            if len(items) == 1:
                return [f"{_article(noun)} {noun} ({items[0]})"]
            return [f"{len(items)} {_plural(noun)}: " + "; ".join(f"({i})" for i in items)]
        shown = ", ".join(_value_words(v) for v in value) if value else "none"
        return [f"{label}: {shown}"]
    return [f"{label}: {_value_words(value)}"]


def _element(item: Any, typ: ir.RecordType, vocab: ir.Vocabulary) -> str:
    info = vocab.record(typ.name)
    if info is None or not isinstance(item, Mapping):
        return json.dumps(item)
    parts: list[str] = []
    for field in info.fields:
        value = item.get(field.name)
        if value is None:
            continue
        if isinstance(field.type, ir.ListType):
            shown = ", ".join(_value_words(v) for v in value) if value else "none"
            parts.append(f"{_words(field.name)}: {shown}")
        else:
            parts.append(f"{_words(field.name)}: {_value_words(value)}")
    return ", ".join(parts) or "nothing known"


def _value_words(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str) and "." not in value:
        return value.replace("_", " ")
    return str(value)


def _words(name: str) -> str:
    return name.replace("_", " ")


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


# ---- entry point -------------------------------------------------------------------------------


def compare(
    a: StatuteRef,
    b: StatuteRef,
    bound: int = 3,
    *,
    options: CompareOptions | None = None,
) -> Comparison:
    """Every kind of case that statute `a` and statute `b` (Statutes, programs, ids or
    paths, on one case vocabulary) decide differently, each with shrunk example cases;
    `options`, when given, replaces `bound`."""
    opts = options if options is not None else CompareOptions(bound=bound)
    first, second = _statute(a), _statute(b)
    if first.vocabulary.digest != second.vocabulary.digest:
        raise UsageError([
            Diagnostic(
                "TL-U008",
                f"`{first.id}` and `{second.id}` use different case vocabularies, so no "
                "case can be put to both",
                None,
                "compare statutes written against the same vocabulary",
            )
        ])
    started = time.perf_counter()
    try:
        from ..backends import smt
    except ImportError:
        return _gave_up(first, second, opts, started,
                        "the z3 solver is not installed (pip install trustlaw[smt])")
    try:
        search = _Search(first, second, opts, smt)
    except ir.UnsupportedNode as exc:
        return _gave_up(first, second, opts, started, str(exc))
    found = [search.run(query) for query in search.plan()]
    return Comparison(
        a=first,
        b=second,
        bound=opts.bound,
        seconds=time.perf_counter() - started,
        queries=len(found),
        differences=tuple(d for d in found if d is not None and d.status == "differs"),
        unknown=tuple(d for d in found if d is not None and d.status == "unknown"),
    )


def _statute(ref: StatuteRef) -> Statute:
    if isinstance(ref, Statute):
        return ref
    if isinstance(ref, ir.Program):
        return Statute(ref)
    if isinstance(ref, (str, os.PathLike)):
        from ..library.loader import load

        return load(ref)
    raise TypeError("compare needs Statutes, ir.Programs, statute ids or paths")


def _gave_up(
    a: Statute, b: Statute, opts: CompareOptions, started: float, reason: str
) -> Comparison:
    unknown = Difference("all", "every question", "", "", "unknown", complete=False,
                         reason=reason)
    return Comparison(a, b, opts.bound, time.perf_counter() - started, 0, (), (unknown,))


# ---- the search ----------------------------------------------------------------------------

Verdict = Callable[[Decision, Decision], bool]


@attrs.frozen(eq=False)
class _Query:
    """One question to the solver, with the interpreter's version of it.

    `differs` is the formula (over the shared symbolic case) and `holds` the same test
    on two decisions. `prefer`/`prefer_holds`, when given, describe a nicer example
    (e.g. the other statute's duty known not to apply rather than unknown), tried first.
    With `reasons`, grounds are enumerated (outcome differences)."""

    aspect: str
    subject: str
    a: str
    b: str
    differs: Any
    holds: Verdict
    prefer: Any = None
    prefer_holds: Verdict | None = None
    reasons: bool = False


class _Search:
    """Both statutes encoded over one symbolic case, and a solver holding the case's
    well-formedness constraints."""

    def __init__(self, a: Statute, b: Statute, opts: CompareOptions, smt: Any):
        self.a, self.b, self.opts, self.smt = a, b, opts, smt
        self.vocab = a.vocabulary
        self.case = smt.declare_case(self.vocab, opts.bound, prefix="cmp.")
        self.terms_a = smt.encode_program(a.program, self.case)
        self.terms_b = smt.encode_program(b.program, self.case)
        self.grounds_a = _ground_terms(a.program, self.terms_a)
        self.grounds_b = _ground_terms(b.program, self.terms_b)
        self.solver = smt.solver_with(smt.well_formed(self.case), opts.timeout_ms)
        self.plausible = _plausible_dates(self.case, smt)

    # -- the questions ------------------------------------------------------------------------

    def plan(self) -> list[_Query]:
        """Every question, in report order: outcomes, the longest hold, duties."""
        import z3

        queries: list[_Query] = []
        for outcome in ir.OUTCOMES:
            for ra, rb in itertools.permutations(RESULTS, 2):
                queries.append(_Query(
                    "outcome", outcome, ra, rb,
                    z3.And(self.terms_a.outcomes[outcome][ra], self.terms_b.outcomes[outcome][rb]),
                    _outcomes_are(outcome, ra, rb),
                    # an undetermined result has as many ground sets as combinations of
                    # unknown facts: one example says enough
                    reasons="undetermined" not in (ra, rb),
                ))
        queries.extend(self._max_hold_queries())
        queries.extend(self._duty_queries())
        return queries

    def _max_hold_queries(self) -> list[_Query]:
        import z3

        classes_a = _limit_classes(self.a.program, self.terms_a)
        classes_b = _limit_classes(self.b.program, self.terms_b)
        allowed = z3.And(
            z3.Not(self.terms_a.outcomes["hold"]["prohibited"]),
            z3.Not(self.terms_b.outcomes["hold"]["prohibited"]),
        )
        settled = z3.And(
            z3.Not(self.terms_a.outcomes["hold"]["undetermined"]),
            z3.Not(self.terms_b.outcomes["hold"]["undetermined"]),
        )
        queries = []
        for (va, term_a), (vb, term_b) in itertools.product(classes_a.items(), classes_b.items()):
            if va == vb:
                continue
            queries.append(_Query(
                "max_hold", "max_hold", va, vb,
                z3.And(allowed, term_a, term_b),
                _limits_are(va, vb),
                prefer=settled,
                prefer_holds=_hold_settled,
            ))
        return queries

    def _duty_queries(self) -> list[_Query]:
        import z3

        duties_a = {d.id: self.terms_a.duties[d.id] for d in self.a.program.duties}
        duties_b = {d.id: self.terms_b.duties[d.id] for d in self.b.program.duties}
        queries = []
        for duty in dict.fromkeys([*duties_a, *duties_b]):
            for mine, theirs, a_word, b_word in (
                (duties_a, duties_b, "imposed", "not imposed"),
                (duties_b, duties_a, "not imposed", "imposed"),
            ):
                if duty not in mine:
                    continue
                other = theirs.get(duty)
                differs = mine[duty].true if other is None else z3.And(
                    mine[duty].true, z3.Not(other.true)
                )
                in_a = a_word == "imposed"
                queries.append(_Query(
                    "duty", duty, a_word, b_word, differs,
                    _duty_in(duty, in_a),
                    prefer=None if other is None else other.false,
                    prefer_holds=(
                        None if other is None else _duty_settled(duty, without_is_a=not in_a)
                    ),
                ))
        return queries

    # -- asking ---------------------------------------------------------------------------------

    def run(self, query: _Query) -> Difference | None:
        """The difference `query` finds (None when the solver proves there is none)."""
        import z3

        solver = self.solver
        solver.push()
        try:
            solver.add(query.differs)
            examples: list[Example] = []
            covered: list[tuple[frozenset[str], frozenset[str]]] = []
            complete, reason = True, None
            while True:
                answer = solver.check()
                if answer == z3.unknown:
                    complete, reason = False, solver.reason_unknown()
                    break
                if answer == z3.unsat:
                    break
                if len(examples) >= self.opts.max_examples:
                    complete = False
                    break
                example, grounds = self._example(query, covered)
                examples.append(example)
                if not query.reasons:
                    break
                covered.append(grounds)
                solver.add(z3.Not(z3.And(
                    *[self.grounds_a[r] for r in sorted(grounds[0])],
                    *[self.grounds_b[r] for r in sorted(grounds[1])],
                )))
        finally:
            solver.pop()
        if not examples:
            if reason is None:
                return None
            return Difference(query.aspect, query.subject, query.a, query.b, "unknown",
                              complete=False, reason=reason)
        return Difference(query.aspect, query.subject, query.a, query.b, "differs",
                          tuple(examples), complete, reason)

    def _example(
        self, query: _Query, covered: Sequence[tuple[frozenset[str], frozenset[str]]]
    ) -> tuple[Example, tuple[frozenset[str], frozenset[str]]]:
        """The solver's current model as a shrunk example the interpreter confirms, and
        the ground rule ids it shows under each statute."""
        import z3

        solver = self.solver
        # nicer first: the query's preference and dates of this era, then less
        wishes = [w for w in (query.prefer, self.plausible) if w is not None]
        tries = [wishes[:i] + wishes[i + 1 :] for i in range(len(wishes))]
        for assumptions in [wishes, *tries, []]:
            if solver.check(*assumptions) == z3.sat:
                break
        preferred = query.prefer is not None and any(a is query.prefer for a in assumptions)
        case = self.smt.case_from_model(solver.model(), self.case)

        def keeps(candidate: dict[str, Any]) -> bool:
            decided = self._decide(candidate)
            if decided is None or not query.holds(*decided):
                return False
            if preferred and query.prefer_holds is not None and not query.prefer_holds(*decided):
                return False
            return not query.reasons or not _covered(query.subject, decided, covered)

        if not keeps(case):
            raise AssertionError(
                f"the solver's case for `{query.subject}` ({self.a.id} {query.a}, "
                f"{self.b.id} {query.b}) does not show the difference when the interpreter "
                f"decides it: {json.dumps(case)}"
            )
        if self.opts.shrink:
            case = shrink_case(case, keeps)
        decided = self._decide(case)
        assert decided is not None and query.holds(*decided)  # shrinking keeps the difference
        first, second = decided
        grounds = (
            frozenset(first.evaluation.deciding.get(query.subject, ())),
            frozenset(second.evaluation.deciding.get(query.subject, ())),
        )
        example = Example(case, first, second, describe_case(case, self.vocab))
        return example, grounds

    def _decide(self, case: Mapping[str, Any]) -> tuple[Decision, Decision] | None:
        first = decide_case(self.a.program, self.vocab, case)
        second = decide_case(self.b.program, self.vocab, case)
        if first is None or second is None:
            return None
        return first[0], second[0]


PLAUSIBLE_YEARS = (2000, 2030)


def _plausible_dates(case: Any, smt: Any) -> Any:
    """Every date of the symbolic case falls in `PLAUSIBLE_YEARS` (examples read better
    with dates of this era than with the solver's 1900-01-01; only ever preferred)."""
    import z3

    years: list[Any] = []

    def visit(node: Any) -> None:
        if isinstance(node, smt.RecordNode):
            for child in node.fields.values():
                visit(child)
        elif isinstance(node, smt.ListNode):
            for element in node.elements:
                visit(element)
        elif isinstance(node.type, ir.DateType):
            years.append(node.value.year)

    for node in case.fields.values():
        visit(node)
    low, high = PLAUSIBLE_YEARS
    return z3.And([z3.And(year >= low, year <= high) for year in years])


def _covered(
    outcome: str,
    decided: tuple[Decision, Decision],
    covered: Sequence[tuple[frozenset[str], frozenset[str]]],
) -> bool:
    """The decisions' grounds for `outcome` include those of an example already found."""
    mine = frozenset(decided[0].evaluation.deciding.get(outcome, ()))
    theirs = frozenset(decided[1].evaluation.deciding.get(outcome, ()))
    return any(ga <= mine and gb <= theirs for ga, gb in covered)


def _ground_terms(program: ir.Program, terms: Any) -> dict[str, Any]:
    """Rule id → "this rule is among its outcome's grounds" (docs/semantics.md: the true
    rules of the deciding group, and for an undetermined outcome also the unknown rules
    walked before it)."""
    import z3

    out: dict[str, Any] = {}
    for outcome in ir.OUTCOMES:
        undetermined = terms.outcomes[outcome]["undetermined"]
        undecided = z3.BoolVal(True)
        rules = program.rules_for(outcome)
        for _priority, members in itertools.groupby(rules, key=lambda r: r.priority):
            group = list(members)
            any_true = z3.Or([terms.rules[r.id].true for r in group])
            for rule in group:
                walked_open = z3.And(
                    undetermined, undecided, z3.Not(any_true), terms.rules[rule.id].unknown
                )
                out[rule.id] = z3.Or(terms.deciding[rule.id], walked_open)
            undecided = z3.And(undecided, z3.Not(any_true))
    return out


def limit_words(hold: MaxHold | None) -> str:
    """The longest hold as compared: ``none`` or ``48 hours excluding …`` (the citation
    is not part of it: the same clock re-enacted is no difference)."""
    return "none" if hold is None else describe_limit(hold)


def _limit_classes(program: ir.Program, terms: Any) -> dict[str, Any]:
    """Each longest hold the program can give (``none`` included), and the formula
    "the decision's max_hold is this"."""
    import z3

    indexes: dict[str, list[int]] = {}
    for index, limit in enumerate(program.limits):
        words = limit_words(MaxHold(limit.hours, limit.excluding, limit.holidays))
        indexes.setdefault(words, []).append(index)
    classes = {"none": terms.max_hold == -1}
    for words, members in indexes.items():
        classes[words] = z3.Or([terms.max_hold == i for i in members])
    return classes


def _outcomes_are(outcome: str, ra: str, rb: str) -> Verdict:
    return lambda x, y: x.outcomes[outcome] == ra and y.outcomes[outcome] == rb


def _limits_are(va: str, vb: str) -> Verdict:
    def holds(x: Decision, y: Decision) -> bool:
        allowed = x.outcomes["hold"] != "prohibited" and y.outcomes["hold"] != "prohibited"
        return allowed and limit_words(x.max_hold) == va and limit_words(y.max_hold) == vb

    return holds


def _hold_settled(x: Decision, y: Decision) -> bool:
    return "undetermined" not in (x.outcomes["hold"], y.outcomes["hold"])


def _duty_in(duty: str, in_a: bool) -> Verdict:
    def holds(x: Decision, y: Decision) -> bool:
        listed_a = any(d.id == duty for d in x.duties)
        listed_b = any(d.id == duty for d in y.duties)
        return listed_a != listed_b and listed_a == in_a

    return holds


def _duty_settled(duty: str, *, without_is_a: bool) -> Verdict:
    """The statute that does not impose `duty` knows it does not apply (no open facts)."""

    def holds(x: Decision, y: Decision) -> bool:
        without = x if without_is_a else y
        return duty not in without.evaluation.open_duties

    return holds
