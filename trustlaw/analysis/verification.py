"""Statute + invariant → proof, minimal counterexample, or the solver's reason for neither.

`verify` asks z3 for a well-formed case (lists up to `bound` elements, any fact
possibly unknown) that meets the invariant's assumption and breaks it. None: the
invariant is **proved** for every such case. One: the model is turned into a case,
decided again by the interpreter (the oracle) — which must confirm the violation,
or this is a bug and we raise — and shrunk greedily (list elements dropped, facts
made unknown) while the interpreter still shows the violation, so the
counterexample pasted into an ``example``'s ``given`` is as short as it can be.
A solver timeout or an encoding the solver cannot handle gives **unknown** with
the reason.

`solver_diagnostics` gives `trustlaw check` the solver's findings: dead provisions
(a rule whose condition no well-formed case makes true), conflicts (two rules of one
outcome at one priority, different conclusions, both true for some case) and gaps
(an outcome with rules where some case in which the law binds makes none of them
true), each with an example case in its help line.
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from ..backends import interp
from ..cases import validation as case_module
from ..decisions.clock import MaxHold
from ..decisions.decision import Decision, build_decision
from ..decisions.request import describes_requests
from ..diagnostics import CaseError, Diagnostic, UsageError, install_hint
from .invariants import (
    HOLD_ALLOWED,
    Property,
    derive,
    property_for,
    satisfied,
    standard_invariant,
)
from .solver import MIN_BOUND, WHY_NOT_ZERO

__all__ = [
    "VerifyOptions",
    "VerifyResult",
    "decide_case",
    "shrink_case",
    "smaller",
    "solver_diagnostics",
    "verify",
    "verify_program",
]

CODE_DEAD = "TL-V001"
CODE_CONFLICT = "TL-V002"
CODE_GAP = "TL-V003"
CODE_INVARIANT = "TL-V004"


def _positive(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _list_bound(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """At least 1, as for `compare`: with 0 no case with a conviction, charge or warrant
    is looked at, and an invariant would be "proved" for want of them."""
    _positive(instance, attribute, value)
    if value < MIN_BOUND:
        raise ValueError(f"{attribute.name} must be at least {MIN_BOUND}, got {value} "
                         f"({WHY_NOT_ZERO})")


@attrs.frozen
class VerifyOptions:
    """How hard the solver looks: lists up to `bound` elements, `timeout_ms` per query,
    and whether counterexamples are shrunk."""

    bound: int = attrs.field(default=3, validator=_list_bound)
    timeout_ms: int = attrs.field(default=60_000, validator=_positive)
    shrink: bool = True


@attrs.frozen(eq=False)
class VerifyResult:
    """The answer for one invariant of one statute."""

    statute: str
    invariant: str
    text: str
    standard: str | None
    status: str  # proved | violated | unknown
    expect_violated: bool
    bound: int
    seconds: float
    counterexample: dict[str, Any] | None = None
    decision: Decision | None = None
    second_case: dict[str, Any] | None = None
    second_decision: Decision | None = None
    reason: str | None = None
    # the statute's own longest hold for each counterexample decision, where the decision's
    # `max_hold` also applies the request's and the federal regulation's limits: the view
    # an invariant about the clock is proved in
    statute_max_hold: tuple[MaxHold | None, ...] = ()
    # for an amendment: the id of the amended statute whose invariant this is
    inherited_from: str | None = None

    @property
    def expected(self) -> bool:
        """The status is what the statute file expects (``expect violated`` or not)."""
        return self.status == ("violated" if self.expect_violated else "proved")

    @property
    def changed(self) -> bool:
        """An invariant of the amended statute that the amendment no longer keeps as the
        amended statute expects (reported, as a changed example is, not a failure)."""
        return self.inherited_from is not None and self.status != "unknown" and not self.expected

    @property
    def grounds(self) -> dict[str, list[dict[str, str]]]:
        """The counterexample decision's grounds per outcome (empty when proved)."""
        if self.decision is None:
            return {}
        return {o: [g.to_dict() for g in gs] for o, gs in self.decision.grounds.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the CLI's ``--format json``)."""
        out: dict[str, Any] = {
            "statute": self.statute,
            "invariant": self.invariant,
            "text": self.text,
            "standard": self.standard,
            "status": self.status,
            "expected": self.expected,
            "expect": "violated" if self.expect_violated else "proved",
            "bound": self.bound,
            "seconds": round(self.seconds, 3),
            "counterexample": None,
            "reason": self.reason,
        }
        if self.inherited_from is not None:
            out["inherited_from"] = self.inherited_from
            out["changed"] = self.changed
        if self.counterexample is not None and self.decision is not None:
            own = [None if hold is None else hold.to_dict()
                   for hold in (*self.statute_max_hold, None, None)]
            example: dict[str, Any] = {
                "case": copy.deepcopy(self.counterexample),  # the caller's to change
                "decision": self.decision.to_dict(),
                "statute_max_hold": own[0],
                "grounds": self.grounds,
            }
            if self.second_case is not None and self.second_decision is not None:
                example["second_case"] = copy.deepcopy(self.second_case)
                example["second_decision"] = self.second_decision.to_dict()
                example["second_statute_max_hold"] = own[1]
            out["counterexample"] = example
        return out

    def render(self, brief: bool = False) -> str:
        """Text for the CLI: status, the invariant, and any counterexample with its
        decision and grounds; `brief`: a violation the file expects (`expect violated`)
        by its decision alone, its case left to ``-v``; an unexpected one, and one an
        amendment brings (CHANGED), always show the case, which is news to the author."""
        mark = {"proved": "proved", "violated": "VIOLATED", "unknown": "UNKNOWN"}[self.status]
        expectation = ""
        if self.expect_violated:
            expectation = (
                " (expected: the statute says `expect violated`)"
                if self.expected
                else (" (the statute expects a violation)")
            )
        elif self.status == "violated":
            expectation = " (unexpected)"
        if self.inherited_from is not None:
            mark = "CHANGED" if self.changed else mark
            expectation = (f" (an invariant of {self.inherited_from}"
                           + (", which the amendment no longer keeps)" if self.changed
                              else ", which says `expect violated`)" if self.expect_violated
                              else ")"))
        lines = [f"{mark}: {self.statute} · {self.invariant}{expectation}"]
        if self.text and self.text != self.invariant:
            lines.append(f"  {self.text}")
        if self.status == "proved":
            lines.append(
                f"  for every well-formed case, facts known or not, with at most {self.bound} "
                f"elements per list ({self.seconds:.2f} s)"
            )
        elif self.status == "unknown":
            lines.append(f"  the solver could not decide: {self.reason}")
        own = [*self.statute_max_hold, None, None]
        if brief and self.expected and not self.changed and self.decision is not None:
            lines.extend(_render_decision(self.decision, own[0]))
            if self.second_decision is not None:
                lines.append("  and for the second case:")
                lines.extend(_render_decision(self.second_decision, own[1]))
            lines.append("  (`trustlaw verify -v` shows the cases)")
        elif self.counterexample is not None and self.decision is not None:
            if self.second_case is not None:
                lines.append("  first case (paste into an example's `given`):")
            else:
                lines.append("  counterexample (paste into an example's `given`):")
            lines.append(_indent(json.dumps(self.counterexample, indent=2), 4))
            lines.extend(_render_decision(self.decision, own[0]))
            if self.second_case is not None and self.second_decision is not None:
                lines.append("  second case:")
                lines.append(_indent(json.dumps(self.second_case, indent=2), 4))
                lines.extend(_render_decision(self.second_decision, own[1]))
        return "\n".join(lines)


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line for line in text.splitlines())


def _render_decision(decision: Decision, own: MaxHold | None) -> list[str]:
    outcomes = ", ".join(f"{o} {r}" for o, r in decision.outcomes.items())
    lines = [f"  decision: {outcomes}"]
    shown = decision.max_hold
    lines.append(f"  max_hold: {_hold_words(shown)}")
    if own != shown:  # the request's or the regulation's limit is the one that binds
        lines.append(f"  the statute's own limit: {_hold_words(own)} (the limit above is "
                     "the request's or the federal regulation's)")
    for ground in decision.grounds.get("hold", ()):
        lines.append(f"  hold ground: {ground.citation}: {ground.text}")
    return lines


def _hold_words(hold: MaxHold | None) -> str:
    if hold is None:
        return "none"
    return f"{hold.hours} hours" + (f" excluding {', '.join(hold.excluding)}"
                                    if hold.excluding else "")


def _public(program: ir.Program, vocab: ir.Vocabulary, decision: Decision) -> Decision:
    """The decision `Statute.decide` gives for the same case: its `max_hold` also applies
    the request's own limit and the federal regulation's, where the vocabulary has a
    request form (`decision`, the solver's view, has the statute's own limit alone)."""
    return build_decision(program, decision.evaluation, decision._case,
                          with_request=describes_requests(vocab))


# ---- entry points ------------------------------------------------------------------------


def verify(
    target: Any,
    invariant: ir.Invariant | str,
    bound: int = 3,
    *,
    options: VerifyOptions | None = None,
    vocab: ir.Vocabulary | None = None,
) -> VerifyResult:
    """Prove `invariant` of a statute (an `ir.Program`, anything with ``.program``, or a
    statute id) for all well-formed cases with at most `bound` elements per list, or
    find a minimal counterexample. `invariant` is an `ir.Invariant`, the name of one
    declared in the statute, or a standard invariant's name. `options`, when given,
    replaces `bound`; `vocab` defaults to the statute's (or the bundled) vocabulary."""
    opts = options if options is not None else VerifyOptions(bound=bound)
    program, voc = _resolve(target, vocab)
    return _verify(program, voc, _find_invariant(program, invariant), opts)


def verify_program(
    target: Any,
    bound: int = 3,
    *,
    options: VerifyOptions | None = None,
    vocab: ir.Vocabulary | None = None,
) -> list[VerifyResult]:
    """Verify every invariant the statute file declares, in file order."""
    opts = options if options is not None else VerifyOptions(bound=bound)
    program, voc = _resolve(target, vocab)
    return [_verify(program, voc, inv, opts) for inv in program.invariants]


def verify_inherited(
    target: Any,
    base: Any,
    bound: int = 3,
    *,
    options: VerifyOptions | None = None,
) -> list[VerifyResult]:
    """For an amendment (`target`), every invariant of the statute it amends (`base`),
    proved or refuted on the amended law, each marked with its origin: one the amendment
    no longer keeps as `base` expects is `changed`, as an inherited example is. An
    invariant the amendment restates under the same name is checked as its own only."""
    opts = options if options is not None else VerifyOptions(bound=bound)
    program, voc = _resolve(target, None)
    base_program, _ = _resolve(base, None)
    own = {inv.name for inv in program.invariants}
    return [attrs.evolve(_verify(program, voc, inv, opts), inherited_from=base_program.meta.id)
            for inv in base_program.invariants if inv.name not in own]


def _resolve(target: Any, vocab: ir.Vocabulary | None) -> tuple[ir.Program, ir.Vocabulary]:
    if isinstance(target, str):
        from ..library.loader import load

        target = load(target)
    program = target if isinstance(target, ir.Program) else getattr(target, "program", None)
    if not isinstance(program, ir.Program):
        raise TypeError("verify needs a statute id, a Statute or an ir.Program")
    if vocab is None:
        vocab = getattr(target, "vocabulary", None)
    if not isinstance(vocab, ir.Vocabulary):
        from ..lowering.files import default_vocabulary

        vocab = default_vocabulary()
    return program, vocab


def _find_invariant(program: ir.Program, invariant: ir.Invariant | str) -> ir.Invariant:
    if isinstance(invariant, ir.Invariant):
        return invariant
    for declared in program.invariants:
        if invariant in (declared.name, declared.standard):
            return declared
    if invariant in ir.STANDARD_INVARIANTS:
        return standard_invariant(invariant)
    names = [inv.name for inv in program.invariants] + list(ir.STANDARD_INVARIANTS)
    raise UsageError(
        [
            Diagnostic(
                "TL-V010",
                f"`{program.meta.id}` has no invariant named `{invariant}`.",
                help="Name one of: " + ", ".join(f"`{n}`" for n in names),
            )
        ]
    )


# ---- one invariant -------------------------------------------------------------------------


@attrs.frozen
class _Witness:
    """A candidate counterexample: the first case, and for a two-case property the list
    the relation extends and the element added to it."""

    case: dict[str, Any]
    variant: str | None = None
    extra: Any = None
    determined: bool = False  # the outcomes involved are all determined (kept when shrinking)


def _verify(
    program: ir.Program, vocab: ir.Vocabulary, invariant: ir.Invariant, opts: VerifyOptions
) -> VerifyResult:
    started = time.perf_counter()
    prop = property_for(invariant, program, vocab)

    def result(status: str, **kw: Any) -> VerifyResult:
        return VerifyResult(
            statute=program.meta.id,
            invariant=prop.name,
            text=prop.text,
            standard=prop.standard,
            status=status,
            expect_violated=prop.expect_violated,
            bound=opts.bound,
            seconds=time.perf_counter() - started,
            **kw,
        )

    try:
        from ..backends import smt
    except ImportError:
        return result(
            "unknown", reason=f"the z3 solver is not installed; {install_hint('smt')}"
        )
    try:
        found = _search(program, vocab, prop, opts, smt)
    except ir.UnsupportedNode as exc:
        return result("unknown", reason=str(exc))
    if isinstance(found, str):
        return result("unknown", reason=found)
    if found is None:
        return result("proved")
    checker = _Checker(program, vocab, prop)
    if not checker.violates(found):
        raise AssertionError(
            f"the solver's counterexample to `{prop.name}` of {program.meta.id} does not "
            f"break it when the interpreter decides it: {json.dumps(found.case)}"
        )
    if opts.shrink:
        found = _shrink(found, checker.violates)
    decisions = checker.decisions(found)
    assert decisions is not None  # shrinking keeps only witnesses that break the property
    second = derive(prop, found.case, found.extra, found.variant) if prop.relation else None
    public = [_public(program, vocab, decision) for decision in decisions]
    return result(
        "violated",
        counterexample=found.case,
        decision=public[0],
        second_case=second,
        second_decision=public[1] if len(public) > 1 else None,
        statute_max_hold=tuple(decision.max_hold for decision in decisions),
    )


def _search(
    program: ir.Program, vocab: ir.Vocabulary, prop: Property, opts: VerifyOptions, smt: Any
) -> _Witness | str | None:
    """A witness the solver finds, None when there is none, or the reason it gave up."""
    import z3

    first = smt.declare_case(vocab, opts.bound, prefix="a.")
    terms = smt.encode_program(program, first)
    base = [*smt.well_formed(first), smt.Encoder(first).truth(prop.assume).true]
    queries: list[tuple[list[Any], str | None, Any, Any]] = []
    if prop.relation is None:
        violation = z3.Not(_holds(prop, [terms]))
        queries.append(([*base, violation], None, None, _determined(prop, [terms])))
    elif prop.relation.kind == "append":
        for name in prop.relation.lists:
            node = first.node((name,))
            domain: list[Any] = []
            extra = smt.declare_element(vocab, node.type, f"b.{name}+", opts.bound, domain)
            second = first.replace((name,), smt.prepend_element(node, extra))
            more = [node.known, *domain, *smt.vocabulary_constraints(second)]
            second_terms = smt.encode_program(program, second)
            violation = z3.Not(_holds(prop, [terms, second_terms]))
            determined = _determined(prop, [terms, second_terms])
            queries.append(([*base, *more, violation], name, extra, determined))
    else:
        path = prop.relation.path
        node = first.node(path)
        flipped = smt.Scalar(z3.BoolVal(bool(prop.relation.after)), z3.BoolVal(True), node.type)
        second = first.replace(path, flipped)
        second_terms = smt.encode_program(program, second)
        violation = z3.Not(_holds(prop, [terms, second_terms]))
        queries.append(([*base, violation], None, None, _determined(prop, [terms, second_terms])))
    # A violation whose outcomes are all determined (a hold that becomes prohibited)
    # says more than one where an outcome is merely undetermined, so among the
    # queries with a violation, the first with a determined one wins. A proof costs
    # one query per relation variant.
    reasons = []
    violated = []
    for constraints, variant, extra, determined in queries:
        solver = smt.solver_with(constraints, opts.timeout_ms)
        answer = solver.check()
        if answer == z3.sat:
            violated.append((solver, variant, extra, determined))
        elif answer == z3.unknown:
            reasons.append(solver.reason_unknown())
    for solver, variant, extra, determined in violated:
        if solver.check(determined) == z3.sat:
            wishes = _plausible_dates(smt, first, extra, program.meta)
            model = _model_with(solver, [determined], wishes)
            return _witness(smt, model, first, variant, extra, True)
    if violated:
        solver, variant, extra, _ = violated[0]
        wishes = _plausible_dates(smt, first, extra, program.meta)
        return _witness(smt, _model_with(solver, [], wishes), first, variant, extra, False)
    if reasons:
        return "; ".join(sorted(set(reasons)))
    return None


def _plausible_dates(smt: Any, case: Any, extra: Any, meta: ir.StatuteMeta) -> list[Any]:
    """What a reader expects of a counterexample's dates and ages, in order: a case date
    in the years the statute was in force (from its year in force, else 2008, Secure
    Communities' first, to ten years on); judgments, releases and arrests (the element a
    second case adds, `extra`, too) within 25 years before it, and in those years where
    the case date is left out; ages from 18 to 80. A counterexample dated 1914, with a
    conviction of 1904, was right and read as nonsense, and so did a person of 130."""
    import z3

    from .compare.examples import dates_and_ages

    top = case.fields.get("date")
    if not (isinstance(top, smt.Scalar) and isinstance(top.value, smt.Civil)):
        return []
    nodes = [(name, node) for name, node in case.fields.items() if name != "date"]
    if extra is not None:  # the element the second case adds
        nodes.append(("added", extra))
    dates, ages = dates_and_ages(smt, nodes)
    start = (meta.in_force or meta.enacted or meta.introduced or _dt.date(2008, 1, 1)).year
    end = max(start, meta.superseded.year if meta.superseded is not None else start + 10)
    year = top.value.year
    wishes = [z3.Implies(top.known, z3.And(year >= start, year <= end))]
    wishes += [z3.Implies(z3.And(top.known, node.known), z3.And(
        node.value.year >= year - 25, node.value.year <= year)) for node in dates]
    wishes += [z3.Implies(node.known, z3.And(node.value.year >= start - 25,
                                             node.value.year <= end)) for node in dates]
    wishes += [z3.Implies(node.known, z3.And(node.value >= 18, node.value <= 80))
               for node in ages]
    return wishes


def _model_with(solver: Any, assumed: list[Any], wishes: list[Any]) -> Any:
    """The solver's model with as many of `wishes` as it allows, kept in order (each
    under `assumed`, which already holds)."""
    import z3

    kept = list(assumed)
    for wish in wishes:
        if solver.check(*kept, wish) == z3.sat:
            kept.append(wish)
    solver.check(*kept)
    return solver.model()


def _witness(
    smt: Any, model: Any, first: Any, variant: str | None, extra: Any, determined: bool
) -> _Witness:
    case = smt.case_from_model(model, first)
    element = smt.decode_node(model, extra) if extra is not None else None
    return _Witness(case, variant, element, determined)


def _involved(prop: Property) -> tuple[str, ...]:
    """The outcomes a property reads."""
    if prop.kind == "guarantees":
        return tuple(dict.fromkeys(g.outcome for g in prop.guarantees))
    return ("hold",)


def _determined(prop: Property, terms: Sequence[Any]) -> Any:
    """Every outcome the property reads is determined in every decision."""
    import z3

    return z3.And([z3.Not(t.outcomes[o]["undetermined"]) for t in terms for o in _involved(prop)])


def _holds(prop: Property, terms: Sequence[Any]) -> Any:
    """The property as a formula over the encoded decision(s)."""
    import z3

    first = terms[0]
    if prop.kind == "guarantees":
        parts = []
        for g in prop.guarantees:
            term = first.outcomes[g.outcome][g.value]
            parts.append(z3.Not(term) if g.negated else term)
        return z3.And(parts)
    if prop.kind == "clock":
        return z3.Implies(first.is_("hold", *HOLD_ALLOWED), first.max_hold >= 0)
    if prop.kind == "monotone":
        return z3.Implies(first.is_("hold", *HOLD_ALLOWED), terms[1].is_("hold", *HOLD_ALLOWED))
    raise ValueError(f"unknown property kind {prop.kind!r}")


# ---- the interpreter's view ------------------------------------------------------------


def decide_case(
    program: ir.Program, vocab: ir.Vocabulary, case: Mapping[str, Any]
) -> tuple[Decision, dict[str, Any]] | None:
    """The reference interpreter's decision on a JSON case and the validated case, or
    None when the case is not well-formed (the oracle every solver witness is checked by)."""
    try:
        data = case_module.validate(case, vocab)
    except CaseError:
        return None
    return build_decision(program, interp.evaluate(program, data), data), data


class _Checker:
    """Decides witnesses with the interpreter: does this case (pair) break the property?"""

    def __init__(self, program: ir.Program, vocab: ir.Vocabulary, prop: Property):
        self.program = program
        self.vocab = vocab
        self.prop = prop

    def decide(self, case: Mapping[str, Any]) -> tuple[Decision, dict[str, Any]] | None:
        return decide_case(self.program, self.vocab, case)

    def decisions(self, witness: _Witness) -> list[Decision] | None:
        first = self.decide(witness.case)
        if first is None or interp.eval_expr(self.prop.assume, first[1]) is not True:
            return None
        if self.prop.relation is None:
            return [first[0]]
        second_case = derive(self.prop, witness.case, witness.extra, witness.variant)
        if second_case is None:
            return None
        second = self.decide(second_case)
        if second is None:
            return None
        return [first[0], second[0]]

    def violates(self, witness: _Witness) -> bool:
        decisions = self.decisions(witness)
        if decisions is None or satisfied(self.prop, decisions):
            return False
        involved = _involved(self.prop)
        return not witness.determined or all(
            d.outcomes[o] != "undetermined" for d in decisions for o in involved
        )


# ---- shrinking ----------------------------------------------------------------------------


def _shrink(witness: _Witness, keeps: Callable[[_Witness], bool]) -> _Witness:
    """Greedy: take the first one-step-smaller witness that still breaks the property,
    until none does."""
    current = witness
    progress = True
    while progress:
        progress = False
        for candidate in _smaller_witnesses(current):
            if keeps(candidate):
                current = candidate
                progress = True
                break
    return current


def _smaller_witnesses(witness: _Witness) -> Iterator[_Witness]:
    for case in smaller(witness.case):
        yield attrs.evolve(witness, case=case)
    if isinstance(witness.extra, (dict, list)):
        for extra in smaller(witness.extra):
            yield attrs.evolve(witness, extra=extra)


def smaller(value: Any) -> Iterator[Any]:
    """Every JSON value one step smaller than `value`: a key left out (the fact made
    unknown) or a list element dropped, biggest steps first."""
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
        for key, child in value.items():
            for smaller_child in smaller(child):
                yield {**value, key: smaller_child}
    elif isinstance(value, list):
        for index in range(len(value)):
            yield value[:index] + value[index + 1 :]
        for index, child in enumerate(value):
            for smaller_child in smaller(child):
                yield [*value[:index], smaller_child, *value[index + 1 :]]


def shrink_case(case: dict[str, Any], keeps: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """`case` made as small as it goes (facts unknown, list elements dropped) while
    `keeps` holds of it."""
    return _shrink(_Witness(case), lambda w: keeps(w.case)).case


# ---- diagnostics for `trustlaw check` ----------------------------------------------------


def solver_diagnostics(
    program: ir.Program,
    vocab: ir.Vocabulary,
    bound: int = 3,
    timeout_ms: int = 10_000,
) -> list[Diagnostic]:
    """Dead provisions, conflicts and gaps the solver finds in a checked program, each
    located at the provisions involved with an example case in the help."""
    try:
        import z3

        from ..backends import smt
    except ImportError:
        return []
    try:
        case = smt.declare_case(vocab, bound, prefix="d.")
        terms = smt.encode_program(program, case)
    except ir.UnsupportedNode:
        return []
    solver = smt.solver_with(smt.well_formed(case), timeout_ms)
    sample = _Sampler(program, vocab, solver, case)
    out: list[Diagnostic] = []
    for rule in program.rules:
        if solver.check(terms.rules[rule.id].true) == z3.unsat:
            if rule.kind == "scope":
                message = (
                    f"{rule.provision} binds every agency, "
                    "so its `applies if` clause has no effect."
                )
            else:
                message = (
                    f"{rule.provision} can never make `{rule.outcome}` {rule.modality}: "
                    "no well-formed case meets its condition."
                )
            out.append(
                Diagnostic(
                    CODE_DEAD,
                    message,
                    rule.span,
                    "Check the condition for requirements no case can meet together, "
                    "or strike the provision.",
                    "warning",
                )
            )
    for outcome in ir.OUTCOMES:
        rules = program.rules_for(outcome)
        for i, a in enumerate(rules):
            for b in rules[i + 1 :]:
                if a.priority != b.priority or a.modality == b.modality:
                    continue
                both = [terms.rules[a.id].true, terms.rules[b.id].true]
                example = sample.find(both, [a.condition, b.condition], True)
                if example is not None:
                    out.append(
                        Diagnostic(
                            CODE_CONFLICT,
                            f"{a.provision} makes `{outcome}` {a.modality} and {b.provision} makes "
                            f"it {b.modality} at the same rank, and some case meets both.",
                            a.span,
                            f"Say which one wins (`except {b.provision}` or `except "
                            f"{a.provision}`); both apply to {example}",
                        )
                    )
        own = [r for r in rules if r.kind != "scope"]
        if not own:
            continue
        scopes = [r for r in program.rules if r.kind == "scope"]
        silent = [terms.rules[r.id].false for r in scopes + own]
        example = sample.find(silent, [r.condition for r in scopes + own], False)
        if example is not None:
            out.append(
                Diagnostic(
                    CODE_GAP,
                    f"No provision decides `{outcome}` for some cases"
                    + (" the law binds" if scopes else "")
                    + f", so the baseline (`{outcome}` permitted) applies to them.",
                    own[0].span,
                    f"If that is intended, nothing to do; otherwise add a rule covering {example}",
                    "warning",
                )
            )
    return out


class _Sampler:
    """Finds a small example case meeting solver constraints, shrunk with the
    interpreter while every given condition keeps the wanted truth value."""

    def __init__(self, program: ir.Program, vocab: ir.Vocabulary, solver: Any, case: Any):
        self.program = program
        self.vocab = vocab
        self.solver = solver
        self.case = case

    def find(self, constraints: list[Any], conditions: list[ir.Expr], wanted: bool) -> str | None:
        import z3

        from ..backends import smt

        if self.solver.check(*constraints) != z3.sat:
            return None
        found = smt.case_from_model(self.solver.model(), self.case)

        def keeps(case: dict[str, Any]) -> bool:
            try:
                data = case_module.validate(case, self.vocab)
            except CaseError:
                return False
            return all(interp.eval_expr(c, data) is wanted for c in conditions)

        if keeps(found):
            found = shrink_case(found, keeps)
        return json.dumps(found, ensure_ascii=False)
