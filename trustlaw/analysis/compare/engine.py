"""Two statutes → a `Comparison`: the regions where they differ, protectiveness per action.

`compare(a, b)` encodes both statutes over one symbolic case (lists up to `bound`
elements, every fact possibly unknown, the vocabulary's constraints asserted; the
encodings are cached, see `encodings.Encodings`), finds the regions of every aspect
(`search`), gives each an example (`examples`) and words, and settles for each action
which statute allows it in fewer cases (`protectiveness`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ... import ir
from ...backends import interp
from ...cases import validate
from ...decisions.decision import Decision
from ...decisions.words import Readings, and_list, fact_name, unknown_clause, value_meanings
from ...diagnostics import CaseError, Diagnostic, UsageError, UsageValueError, install_hint
from ...library.statute import Statute
from ...settings import collector_paused
from ..solver import BOUND_RANGE, MAX_BOUND, MIN_BOUND, WHY_NOT_ZERO
from .abstraction import Theory
from .atoms import Atom, Meanings, NamedSets, one_sided_atoms, summary_wording
from .encodings import models_uncompressed
from .examples import Examples
from .model import ACTIONS, Comparison, Protectiveness, Region, Unsettled, limit_texts
from .search import Encodings, Found, Pair, Search, aspects, cube_expr, private_context
from .simplify import fold
from .terms import add, all_of, boolean, check, implies, negation

__all__ = ["CompareOptions", "StatuteRef", "check_bound", "compare", "protectiveness",
           "statute_of"]

StatuteRef = Statute | ir.Program | str | os.PathLike[str]


def _non_negative(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise UsageError([Diagnostic("TL-U002", f"{attribute.name} must be a whole number "
                                     f"of at least 0, got {value!r}", None, None)])


def _list_bound(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    check_bound(value, attribute.name)


def check_bound(value: object, name: str = "bound") -> None:
    """Refuse a list bound outside `MIN_BOUND`..`MAX_BOUND` (a `UsageValueError`): 0
    would leave every list empty and hide the differences lists make, silently."""
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_BOUND:
        raise UsageValueError([Diagnostic(
            "TL-U002", f"{name} must be at most {MAX_BOUND}, got {value}", None, None)])
    if not isinstance(value, int) or isinstance(value, bool) or value < MIN_BOUND:
        raise UsageValueError([Diagnostic(
            "TL-U002", f"{name} must be a whole number {BOUND_RANGE}, got {value!r}",
            None, WHY_NOT_ZERO if value == 0 else None)])


@attrs.frozen
class CompareOptions:
    """How hard the solver looks: lists up to `bound` elements, `timeout_ms` per
    question, at most `max_regions` regions per pair of values, whether examples are
    shrunk, and whether the conditions written for the regions left after the
    determined ones are proved equal to the solver's formula once more (the tests do;
    it costs seconds, since those conditions spell out the statutes' semantics)."""

    bound: int = attrs.field(default=3, validator=_list_bound)
    timeout_ms: int = attrs.field(default=60_000, validator=_non_negative)
    max_regions: int = attrs.field(default=60, validator=_non_negative)
    shrink: bool = True
    check_conditions: bool = False  # prove each written condition equal to its z3 formula


def statute_of(ref: StatuteRef) -> Statute:
    """A Statute from a Statute, a program, a bundled id or a path."""
    if isinstance(ref, Statute):
        return ref
    if isinstance(ref, ir.Program):
        return Statute(ref)
    if isinstance(ref, (str, os.PathLike)):
        from ...library.loader import load

        return load(ref)
    raise UsageError([Diagnostic("TL-U002", "compare needs Statutes, statute ids or paths, "
                                 f"not {type(ref).__name__}", None, None)])


def labels(a: Statute, b: Statute) -> tuple[str, str]:
    """How the two sides are named: their ids, or their paths when the ids are equal
    and the files differ."""
    if a.id == b.id and a.path != b.path:
        return a.path, b.path
    return a.id, b.id


def compare(
    a: StatuteRef,
    b: StatuteRef,
    bound: int = 3,
    *,
    options: CompareOptions | None = None,
    encodings: Encodings | None = None,
) -> Comparison:
    """Where statute `a` and statute `b` (on one case vocabulary) decide cases
    differently, as regions, with each action's protectiveness; `options`, when
    given, replaces `bound`. Without `encodings` the work runs in a private z3 context
    (the same answer on every call); with them, in the process's context."""
    if encodings is None:
        with private_context(), collector_paused(), models_uncompressed():
            return compare(a, b, bound, options=options, encodings=Encodings(copied=True))
    opts = options if options is not None else CompareOptions(bound=bound)
    first, second = statute_of(a), statute_of(b)
    if first.vocabulary.digest != second.vocabulary.digest:
        raise UsageError([Diagnostic(
            "TL-U008",
            f"`{first.id}` and `{second.id}` use different case vocabularies, so no case "
            "can be put to both", None, "compare statutes written against the same vocabulary",
        )])
    started = time.perf_counter()
    names = labels(first, second)

    def gave_up(reason: str, questions: int = 0) -> Comparison:
        every = Unsettled("every question", "", "", reason)
        verdicts = {o: Protectiveness(o, "unknown", reason=reason) for o in ACTIONS}
        return Comparison(first, second, opts.bound, time.perf_counter() - started, questions,
                          (), (every,), verdicts, names)

    try:
        from ...backends import smt
    except ImportError:
        return gave_up(f"the z3 solver is not installed; {install_hint('smt')}")
    cache = encodings
    vocab = first.vocabulary
    try:
        case = cache.case(smt, vocab, opts.bound)
        well_formed = cache.well_formed(smt, vocab, opts.bound)
        ta = cache.terms(smt, first.program, vocab, opts.bound)
        tb = cache.terms(smt, second.program, vocab, opts.bound)
        encoder = smt.Encoder(case)
        search = Search(smt, well_formed, opts.timeout_ms, opts.max_regions,
                        _definitions(first.program, second.program),
                        lambda exprs, keys: cache.truths(smt, exprs, keys, vocab, opts.bound),
                        Theory(smt, case, well_formed, opts.timeout_ms, vocab.digest, opts.bound))
        examples = Examples(smt, case, well_formed, first, second, opts.timeout_ms, opts.shrink)
        unsettled: list[Unsettled] = []

        def report(pair: Pair, reason: str) -> None:
            unsettled.append(Unsettled(pair.outcome, pair.a, pair.b, reason))

        regions: list[Region] = []
        folded: dict[int, tuple[ir.Expr, ir.Expr]] = {}  # shared subtrees folded once
        # the vocabulary's words (one for both), and the agencies each law binds
        words = (Readings.of(first.program), named_agencies(first, second, names),
                 value_meanings(first.vocabulary),
                 one_sided_atoms(first.program, second.program))
        for aspect in aspects(first, second, ta, tb, names):
            found = search.run(aspect, report)
            made = [_region(f, examples, report, encoder, well_formed, smt, names,
                            opts.check_conditions, folded, words) for f in found]
            kept = [r for r in made if r is not None]
            regions.extend([r for r in kept if r.determined] +
                           [r for r in kept if not r.determined])
        shrink_by = (first, second) if opts.shrink else None
        verdicts = protectiveness_from_regions(regions, unsettled, shrink_by)
        asked = [action for action in ACTIONS if action not in verdicts]
        verdicts.update(protectiveness(smt, well_formed, ta, tb, case, opts.timeout_ms,
                                       shrink_by, solver=examples.solver, actions=asked))
        verdicts = {action: verdicts[action] for action in ACTIONS}
    except ir.UnsupportedNode as exc:
        return gave_up(str(exc))
    return Comparison(
        first, second, opts.bound, time.perf_counter() - started,
        search.asked() + 2 * len(asked), tuple(regions), tuple(unsettled), verdicts, names,
    )


def protectiveness_from_regions(regions: Sequence[Region], unsettled: Sequence[Unsettled],
                                statutes: tuple[Statute, Statute] | None = None
                                ) -> dict[str, Protectiveness]:
    """Each action's protectiveness read off the regions, where its aspect was searched
    to the end (no question about it unsettled): a case A allows the action in and B
    forbids it is a case decided differently, so it lies in a region whose B side is
    "prohibited", and every region has an example; and the reverse. The example of the
    first such region (both sides decide, when one does) shows it; with `statutes`,
    shrunk to the facts that keep it so (as `protectiveness` does)."""
    def shown(case: dict[str, Any] | None, action: str, first: bool) -> dict[str, Any] | None:
        if case is None or statutes is None:
            return case
        return _shrunk_witness(statutes, case, action, first)

    out: dict[str, Protectiveness] = {}
    open_aspects = {u.outcome for u in unsettled}
    for action in ACTIONS:
        if action in open_aspects or "every question" in open_aspects:
            continue
        # regions where both laws decide first, so the example shows a decided difference
        mine = sorted((r for r in regions if r.outcome == action),
                      key=lambda r: not r.determined)
        a_only = shown(next((r.example for r in mine if r.b == "prohibited"), None),
                       action, True)
        b_only = shown(next((r.example for r in mine if r.a == "prohibited"), None),
                       action, False)
        verdict = ("equivalent" if a_only is None and b_only is None else "a"
                   if a_only is None else "b" if b_only is None else "incomparable")
        out[action] = Protectiveness(action, verdict, a_only, b_only)
    return out


def _definitions(a: ir.Program, b: ir.Program) -> tuple[ir.Definition, ...]:
    """Both statutes' definitions, to name atoms by; a name the two define differently
    gets the side it belongs to (``listed offense conviction (B)``)."""
    from .atoms import canonical

    bodies_b = {d.name: canonical(d.body) for d in b.definitions}
    bodies_a = {d.name: canonical(d.body) for d in a.definitions}
    out: list[ir.Definition] = []
    for side, own, other in (("A", a.definitions, bodies_b), ("B", b.definitions, bodies_a)):
        for d in own:
            differs = d.name in other and other[d.name] != canonical(d.body)
            out.append(attrs.evolve(d, name=f"{d.name} ({side})") if differs else d)
    return tuple(out)


def _region(found: Found, examples: Examples, report: Any, encoder: Any, well_formed: Any,
            smt: Any, names: tuple[str, str], check_condition: bool,
            folded: dict[int, tuple[ir.Expr, ir.Expr]],
            words: tuple[Readings, NamedSets, Meanings, frozenset[Any]]) -> Region | None:
    pair = found.pair
    wording = None
    condition = fold(cube_expr(found), folded)  # constants folded: the same cases, fewer words
    if found.literals is not None:
        unknown = tuple(sorted({p for lit in found.literals if lit.state == "unknown"
                                for p in found.atoms[lit.atom].paths}))
        determined = not unknown and "undetermined" not in (pair.a, pair.b)
        wording = summary_wording(found.atoms, found.literals, *words)
        summary = wording.full()
    else:
        if check_condition:
            _same(smt, encoder, well_formed, condition, found.formula, pair)
        determined = _decided_whatever_is_learnt(pair, examples.a.program,
                                                 examples.b.program)
        unknown = () if determined else _read_by_undetermined(
            pair, examples.a.program, examples.b.program, found.atoms)
        summary = ""  # said once the example is found: it names what the example leaves unknown
    # what a candidate example must meet besides the decisions `examples` checks with
    # the compiled backend: a cube's literals; for what is left of a pair (its own
    # condition spells out both decisions, which those checks already cover), being
    # outside the pair's cubes
    rest = found.rest
    extra = (condition if rest is None or not isinstance(rest, ir.And)
             else ir.And(rest.operands[1:]) if len(rest.operands) > 1 else ir.TRUE)
    test = interp.evaluator(extra)  # built once for every candidate example

    def contains(data: Mapping[str, Any]) -> bool:
        return test(data, {}) is True

    example = examples.find(found.formula, pair.outcome, (pair.a, pair.b), contains)
    if example is None:
        report(pair, "the solver found no example inside a region it had found")
        return None
    case, da, db = example
    if found.literals is None:  # the facts it reads that the example leaves unknown
        unknown = tuple(p for p in unknown if _unknown_in(p, case))
        left = _read_by_undetermined(pair, examples.a.program, examples.b.program,
                                     found.atoms) if determined else ()
        said = left if determined else unknown  # what decides neither, or what may decide
        summary = _rest_words(pair, names,
                              limit_texts(examples.a.program, examples.b.program), determined,
                              [fact_name(p, words[0]) for p in said if _unknown_in(p, case)])
    (ga, open_a), (gb, open_b) = _grounds(pair.outcome, da), _grounds(pair.outcome, db)
    return Region(pair.outcome, pair.a, pair.b, condition, summary, determined,
                  {"a": ga, "b": gb}, case, unknown, open_grounds={"a": open_a, "b": open_b},
                  wording=wording)


def named_agencies(a: Statute, b: Statute, names: tuple[str, str]) -> NamedSets:
    """Words for the sets of agencies the two laws' ``applies if`` bind (``an agency both
    laws bind``, ``an agency ct/pa-13-155 does not bind``), so that a region's summary
    says why the agency matters instead of listing eleven of them; none where a law's
    scope reads facts other than the agency."""
    field = a.vocabulary.field("agency")
    if field is None or not isinstance(field.type, ir.EnumType):
        return {}
    every = frozenset(field.type.values)
    bound_a, bound_b = _bound_agencies(a, every), _bound_agencies(b, every)
    if bound_a is None or bound_b is None:
        return {}
    candidates = [
        (bound_a & bound_b, "an agency both laws bind"),
        (every - (bound_a | bound_b), "an agency neither law binds"),
        (bound_a, f"an agency {names[0]} binds"),
        (bound_b, f"an agency {names[1]} binds"),
        (every - bound_a, f"an agency {names[0]} does not bind"),
        (every - bound_b, f"an agency {names[1]} does not bind"),
    ]
    named: dict[frozenset[str], str] = {}
    for values, said in candidates:  # the first words for a set win
        if values and values != every:
            named.setdefault(values, said)
    return {("agency",): tuple(named.items())}


_BOUND: dict[tuple[str, frozenset[str]], frozenset[str] | None] = {}  # by program digest


def _bound_agencies(statute: Statute, every: frozenset[str]) -> frozenset[str] | None:
    """The agencies a statute binds: those for which no scope rule (``applies if``) fires
    with only the agency known; None when one depends on another fact (once per text)."""
    key = (statute.program.digest, every)
    if key not in _BOUND:
        scopes = [interp.evaluator(c) for c in dict.fromkeys(
            r.condition for r in statute.program.rules if r.kind == "scope")]
        fired = {agency: {test(validate({"agency": agency}, statute.vocabulary), {})
                          for test in scopes} for agency in sorted(every)}
        if len(_BOUND) > 1_000:  # a long-lived process comparing many drafts
            _BOUND.clear()
        _BOUND[key] = (None if any(None in found for found in fired.values()) else
                       frozenset(agency for agency, found in fired.items() if True not in found))
    return _BOUND[key]


def _decided_whatever_is_learnt(pair: Pair, a: ir.Program, b: ir.Program) -> bool:
    """Both statutes decide the action (neither leaves it undetermined) by rules that
    test no ``… is known``. Three-valued logic is otherwise monotone: a fact learnt
    cannot turn a true or false condition, so a decision made with a fact unknown
    stands whatever it turns out to be, and a difference between two such decisions
    does not come from the unknown fact (CASES.md 4: `determined`). A law that tests
    ``x is known`` (SB 54 on the warrant's signer) can change its decision once `x`
    is learnt, so its regions left with a fact unknown stay undetermined."""
    if pair.outcome not in ir.OUTCOMES or "undetermined" in (pair.a, pair.b):
        return False
    return not any(ir.tests_known(rule.condition)
                   for program in (a, b) for rule in program.rules_for(pair.outcome))


def _read_by_undetermined(pair: Pair, a: ir.Program, b: ir.Program,
                          atoms: Sequence[Atom]) -> tuple[str, ...]:
    """The facts read by the side(s) that leave an outcome undetermined (all the facts
    the aspect reads otherwise), sorted."""
    from .atoms import atoms_of

    sides = [p for p, value in ((a, pair.a), (b, pair.b)) if value == "undetermined"]
    if pair.outcome in ir.OUTCOMES and sides:
        atoms = atoms_of([r.condition for p in sides for r in p.rules_for(pair.outcome)])
    return tuple(sorted({p for atom in atoms if not atom.two_valued for p in atom.paths}))


def _same(smt: Any, encoder: Any, well_formed: Any, condition: ir.Expr, formula: Any,
          pair: Pair) -> None:
    """The IR condition of a region means exactly its z3 formula (else a bug)."""
    import z3

    solver = smt.solver_with(well_formed, None)
    solver.add(z3.Xor(encoder.truth(condition).true, formula))
    if solver.check() != z3.unsat:
        raise AssertionError(f"the condition written for `{pair.outcome}` {pair.a} → "
                             f"{pair.b} does not match the solver's region")


def _rest_words(pair: Pair, names: tuple[str, str], limits: Mapping[str, str],
                decided: bool = False, left_unknown: Sequence[str] = ()) -> str:
    """What is left of a pair once its regions are taken out, in words: each side's
    result (a longest hold in `limits`' words, as `limit_texts` gives them); `decided`
    when both decide whatever the unknown fact is (`_decided_whatever_is_learnt`), then
    naming the facts its example leaves unknown (`left_unknown`, in words): all of them if
    three or fewer, else how many and the first three. Where the unknown fact decides,
    `left_unknown` are those of its facts the example leaves unknown, said as such
    ("a conviction's date is unknown: …"), never only "a fact is unknown"."""
    unknown = "a fact is unknown"
    if not decided and 0 < len(left_unknown) <= 3:
        unknown = unknown_clause(left_unknown)
    elif not decided and left_unknown:
        unknown = (f"{len(left_unknown)} facts are unknown, among them "
                   f"{and_list(left_unknown[:3])}")
    if pair.outcome in ir.OUTCOMES:
        what = {"undetermined": "leaves it undetermined", "prohibited": "prohibits it",
                "permitted": "permits it", "required": "requires it"}
        if decided:
            which = ""
            if 0 < len(left_unknown) <= 3:
                which = f" (the example leaves {and_list(left_unknown)} unknown)"
            elif left_unknown:  # a list of many says little: counted, three named
                which = (f" (the example leaves {len(left_unknown)} facts unknown, among "
                         f"them {and_list(left_unknown[:3])})")
            return (f"a fact is unknown that decides neither law{which}: {names[0]} "
                    f"{what[pair.a]} and {names[1]} {what[pair.b]} whatever it is")
        return (f"{unknown}: {names[0]} {what[pair.a]}, "
                f"{names[1]} {what[pair.b]}")
    if pair.outcome.startswith("duty:"):  # "imposed", "not imposed" as verbs
        duty = {"imposed": "imposes it", "not imposed": "does not impose it"}
        return (f"{unknown}: {names[0]} {duty[pair.a]}, "
                f"{names[1]} {duty[pair.b]}")
    return (f"{unknown}: {names[0]} {limits.get(pair.a, pair.a)}; "
            f"{names[1]} {limits.get(pair.b, pair.b)}")


def _unknown_in(path: str, case: Mapping[str, Any]) -> bool:
    """The case leaves the fact at a dotted path (``convictions[].court``) unknown
    somewhere."""
    def walk(value: Any, steps: list[str]) -> bool:
        if not steps:
            return value is None
        if value is None:
            return True
        step = steps[0]
        if step.endswith("[]"):
            items = value.get(step[:-2]) if isinstance(value, Mapping) else None
            if items is None:
                return True
            return any(walk(item, steps[1:]) for item in items)
        return walk(value.get(step) if isinstance(value, Mapping) else None, steps[1:])

    return walk(case, path.split("."))


def _grounds(aspect: str, decision: Decision) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The provisions deciding `aspect` in a decision (rule provisions, ``(a)(4) (does
    not bind)`` for a scope rule, ``silence``; the governing limit; the duty), and apart
    from them the rules left open by an unknown fact, which could decide it once the
    fact is known (an undetermined outcome's)."""
    program = decision.program
    if aspect in ir.OUTCOMES:
        rules = {r.id: r for r in program.rules}
        evaluation = decision.evaluation
        opened = evaluation.open_rules.get(aspect, ())

        def label(rule_id: str) -> str:
            rule = rules[rule_id]
            return rule.provision + (" (does not bind)" if rule.kind == "scope" else "")

        deciding = [label(r) for r in evaluation.deciding.get(aspect, ()) if r not in opened]
        return (tuple(dict.fromkeys(deciding)) or ("silence",),
                tuple(dict.fromkeys(label(r) for r in opened)))
    if aspect == "max_hold":
        hold = decision.max_hold
        if hold is None:
            return (), ()
        for limit in program.limits:
            if (limit.hours, limit.excluding, limit.holidays, limit.citation) == (
                    hold.hours, hold.excluding, hold.holidays, hold.citation):
                return (limit.provision,), ()
        return ((hold.citation,) if hold.citation else ()), ()
    duty = aspect.removeprefix("duty:")
    for item in program.duties:
        if item.id == duty and any(d.id == duty for d in decision.duties):
            return (item.provision,), ()
    return (), ()


def protectiveness(smt: Any, well_formed: Any, ta: Any, tb: Any, case: Any,
                   timeout_ms: int = 60_000,
                   statutes: tuple[Statute, Statute] | None = None,
                   solver: Any = None, actions: Sequence[str] = ACTIONS
                   ) -> dict[str, Protectiveness]:
    """For each action, which side allows it in fewer cases (CASES.md section 4): an
    action is allowed when it is permitted, required or undetermined. Proved by two
    questions per action (A allows and B forbids; the reverse), each answered with a
    case when there is one; with `statutes`, that case is shrunk to the facts that
    matter (the compiled backend checks each step). `solver`, when given, already
    holds `well_formed` and otherwise only formulas under flags it is not given (the
    examples' solver: its region and wish flags); it is left so. `actions`: the
    actions asked about (default: all)."""
    if not actions:
        return {}
    if solver is None:
        solver = smt.solver_with(well_formed, timeout_ms)
    out: dict[str, Protectiveness] = {}
    solver.push()  # each question enters under a flag (a literal to assume, not a formula)
    try:
        for action in actions:
            out[action] = _protects(smt, solver, ta, tb, case, action, statutes)
    finally:
        solver.pop()
    return out


def _protects(smt: Any, solver: Any, ta: Any, tb: Any, case: Any, action: str,
              statutes: tuple[Statute, Statute] | None) -> Protectiveness:
    """One action's verdict (see `protectiveness`)."""
    import z3

    allows_a = negation(ta.outcomes[action]["prohibited"])
    allows_b = negation(tb.outcomes[action]["prohibited"])
    witnesses: list[dict[str, Any] | None] = []
    reason = None
    for side, formula in enumerate((all_of([allows_a, negation(allows_b)]),
                                    all_of([allows_b, negation(allows_a)]))):
        flag = boolean(f"protects.{action}.{side}")
        add(solver, implies(flag, formula))
        answer = check(solver, [flag])
        if answer == z3.sat:
            found = smt.case_from_model(solver.model(), case)
            if statutes is not None:
                found = _shrunk_witness(statutes, found, action, not witnesses)
            witnesses.append(found)
        else:
            witnesses.append(None)
            if answer == z3.unknown:
                reason = solver.reason_unknown() or "the solver gave up"
    a_only, b_only = witnesses
    if reason is not None:
        verdict = "unknown"
    elif a_only is None and b_only is None:
        verdict = "equivalent"
    elif a_only is None:
        verdict = "a"
    elif b_only is None:
        verdict = "b"
    else:
        verdict = "incomparable"
    return Protectiveness(action, verdict, a_only, b_only, reason)


def _allows_one(statutes: tuple[Statute, Statute], case: Mapping[str, Any], action: str,
                first: bool, decided: bool = False) -> bool:
    """The first statute allows `action` on `case` and the second forbids it (or the
    reverse when not `first`), decided by the compiled backend. With `decided`, the
    allowing statute must decide it (permitted or required, not undetermined)."""
    try:
        data = validate(case, statutes[0].vocabulary)
    except CaseError:
        return False
    results = [s.compiled().outcomes(data)[action] for s in statutes]
    allowing, forbidding = results if first else results[::-1]
    if forbidding != "prohibited":
        return False
    return allowing in ("permitted", "required") if decided else allowing != "prohibited"


def _shrunk_witness(statutes: tuple[Statute, Statute], case: dict[str, Any], action: str,
                    first: bool) -> dict[str, Any]:
    """`case` with every fact dropped that the difference does not need, then given back
    the facts every real case has where they keep it one (`examples.furnish`: a date,
    the request's kinds and form, an age); an example in which the allowing statute
    decides the action keeps it decided (never shrunk into one that leaves it
    undetermined)."""
    from .examples import furnish, in_vocabulary_order, shrink
    from .periods import example_day

    decided = _allows_one(statutes, case, action, first, decided=True)

    def keeps(candidate: dict[str, Any]) -> bool:
        return _allows_one(statutes, candidate, action, first, decided)

    day = example_day(statutes[0].meta, statutes[1].meta)
    return in_vocabulary_order(furnish(shrink(case, keeps), action, keeps, day),
                               statutes[0].vocabulary)
