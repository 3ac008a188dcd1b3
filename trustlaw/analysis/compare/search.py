"""Two encoded statutes → the regions where they differ: each proved exact, together covering.

For one aspect (an outcome, the longest hold, a duty) and one pair of values (A
permits, B prohibits) the set D of cases showing that pair is a z3 formula over the
shared symbolic case. Its atoms (`atoms.atoms_of` over every condition the aspect
reads) are each true, false or unknown in a case, and the aspect's value is a function
of those states, so:

1. the solver finds a case in D outside every region found so far among cases where
   every atom is known (so both sides decide); one question serves every pair of the
   aspect (the pairs' sets are disjoint, the model tells which pair it is in), so one
   unsat answer ends the determined part of the whole aspect;
2. the case's full cube of atom states lies inside D, and its deciding provisions
   (which rules decide, which limit governs) are fixed by the atoms; it is generalised
   within the cases of D with the same deciding provisions, G, by asking the solver
   whether ``cube ∧ ¬(D ∧ G)`` is satisfiable with the cube's literals as
   assumptions: the unsat core drops the literals the proof does not need, and each
   remaining literal is then dropped in turn while the answer stays unsat. The result
   is an irredundant cube (a prime implicant of D ∧ G over the atom literals, found
   greedily), proved to lie inside D with one set of deciding provisions per side:
   **exact**, and one region per reason;
3. the region is blocked and the search goes on until no such case is left. What is
   left of D (cases where some atom is unknown, and every pair with an undetermined
   side) becomes one region whose condition is the pair's own (`semantics`: "A
   permits and B leaves it undetermined") minus the cubes, found again by one question
   for all pairs at a time (a pair is set aside once its rest is found): the regions that
   exist only because a fact is unknown, kept but not enumerated fact by fact. The
   regions together are D, so **coverage** holds (for lists up to the bound); the
   rest region's IR condition is checked against its z3 formula by `engine`.

The questions of steps 1 to 3 are about atom states, not cases (`abstraction`): D
and G are functions of the atoms' states, so with each atom's terms replaced by two
yes/no variables they become small yes/no formulas, which z3 answers in microseconds.
A combination of states the yes/no solver proposes is checked to have a case (per
group of atoms sharing variables; the answers are kept for the process) and excluded
for the aspect when it has none, so every answer is the one the case solver would
give: the regions are exact and covering as above, and the same whatever the process
asked before. An aspect whose formulas still read the case once the atoms are
replaced (none of the bundled library's) is searched with every question about cases.

A question the solver cannot settle, or more regions than `max_regions` for one
pair, is reported as unsettled, never dropped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ... import ir
from ...decisions.clock import MaxHold
from ...library.statute import Statute
from . import semantics
from .abstraction import Abstraction, GaveUp, Impure, Theory, atom_id
from .atoms import STATES, Atom, Literal, atoms_of, canonical, literal_expr
from .encodings import Encodings, private_context, shared_encodings
from .model import limit_words
from .terms import add, all_of, any_of, boolean, check, core_ids, implies, negation

__all__ = [
    "Encodings", "Found", "Pair", "Search", "aspects", "cube_expr", "private_context",
    "shared_encodings",
]


@attrs.frozen(eq=False)
class Pair:
    """One question: the cases where aspect `outcome` is `a` under A and `b` under B;
    `differs` as a z3 formula, `condition` as an IR condition."""

    outcome: str
    a: str
    b: str
    differs: Any  # z3 formula
    condition: ir.Expr


@attrs.frozen(eq=False)
class Aspect:
    """An outcome, the longest hold or a duty: the conditions it reads, atoms that stand
    for whole decisions (``A allows a hold``) with their z3 truth, and its pairs.
    `reasons` holds, per side, the z3 terms "this provision decides" (a rule decides;
    a limit governs) in the law's order: a region keeps the first one its seed case
    shows (or none, where the law is silent), so that each region has one reason."""

    name: str
    conditions: tuple[ir.Expr, ...]
    pairs: tuple[Pair, ...]
    extra: tuple[tuple[Atom, Any], ...] = ()
    reasons: tuple[tuple[Any, ...], ...] = ()


@attrs.frozen(eq=False)
class Found:
    """A region as found: a cube of literals over the aspect's atoms (determined), or
    what is left of the pair once the cubes are taken out (`literals` None, `rest`
    the IR condition)."""

    pair: Pair
    atoms: tuple[Atom, ...]
    literals: tuple[Literal, ...] | None
    formula: Any  # z3
    rest: ir.Expr | None = None


def aspects(a: Statute, b: Statute, ta: Any, tb: Any, names: tuple[str, str]) -> list[Aspect]:
    """Every aspect the two statutes can differ on, in report order."""
    import z3

    pa, pb = a.program, b.program
    out: list[Aspect] = []
    for outcome in ir.OUTCOMES:
        conditions = tuple(r.condition for p in (pa, pb) for r in p.rules_for(outcome))
        pairs = tuple(
            Pair(outcome, ra, rb,
                 all_of([ta.outcomes[outcome][ra], tb.outcomes[outcome][rb]]),
                 ir.And((semantics.result_is(pa, outcome, ra),
                         semantics.result_is(pb, outcome, rb))))
            for ra, rb in itertools.permutations(ir.RESULTS, 2)
        )
        reasons = tuple(tuple(terms.deciding[r.id] for r in p.rules_for(outcome))
                        for p, terms in ((pa, ta), (pb, tb)))
        out.append(Aspect(outcome, conditions, pairs, reasons=reasons))
    classes_a, classes_b = _limit_classes(pa, ta), _limit_classes(pb, tb)
    allow_a = negation(ta.outcomes["hold"]["prohibited"])
    allow_b = negation(tb.outcomes["hold"]["prohibited"])
    hold_pairs = tuple(
        Pair("max_hold", va, vb, all_of([allow_a, allow_b, term_a, term_b]),
             ir.And((semantics.limit_is(pa, va), semantics.limit_is(pb, vb))))
        for (va, term_a), (vb, term_b) in itertools.product(classes_a, classes_b)
        if va != vb
    )
    extra = tuple(
        (Atom(semantics.allows(program, "hold"), f"{name} allows a hold", two_valued=True),
         _Truth(term, negation(term)))
        for program, name, term in ((pa, names[0], allow_a), (pb, names[1], allow_b))
    )
    limit_conditions = tuple(limit.condition for p in (pa, pb) for limit in p.limits)
    out.append(Aspect("max_hold", limit_conditions, hold_pairs, extra,
                      reasons=tuple(tuple(t.max_hold == i for i in range(len(p.limits)))
                                    for p, t in ((pa, ta), (pb, tb)))))
    duties_a = {d.id: d for d in pa.duties}
    duties_b = {d.id: d for d in pb.duties}
    for duty in dict.fromkeys([*duties_a, *duties_b]):
        on_a = ta.duties[duty].true if duty in duties_a else z3.BoolVal(False)
        on_b = tb.duties[duty].true if duty in duties_b else z3.BoolVal(False)
        conditions = tuple(d[duty].condition for d in (duties_a, duties_b) if duty in d)
        ir_a, ir_b = semantics.duty_imposed(pa, duty), semantics.duty_imposed(pb, duty)
        out.append(Aspect(f"duty:{duty}", conditions, (
            Pair(f"duty:{duty}", "imposed", "not imposed", all_of([on_a, negation(on_b)]),
                 ir.And((ir_a, ir.Not(ir_b)))),
            Pair(f"duty:{duty}", "not imposed", "imposed", all_of([negation(on_a), on_b]),
                 ir.And((ir.Not(ir_a), ir_b))),
        )))
    return out


class _States:
    """An atom's three states as formulas over the case (`unknown` made when needed)."""

    def __init__(self, truth: Any):
        self.truth = truth
        self._unknown: Any = None

    def __getitem__(self, state: str) -> Any:
        if state == "true":
            return self.truth.true
        if state == "false":
            return self.truth.false
        if self._unknown is None:
            self._unknown = all_of([negation(self.truth.true), negation(self.truth.false)])
        return self._unknown


@attrs.frozen
class _Truth:
    true: Any
    false: Any


def _limit_classes(program: ir.Program, terms: Any) -> list[tuple[str, Any]]:
    """Each longest hold the program can give (``no limit stated`` included), and the
    formula "the decision's max_hold is this", in a fixed order."""
    import z3

    indexes: dict[str, list[int]] = {}
    for index, limit in enumerate(program.limits):
        words = limit_words(MaxHold(limit.hours, limit.excluding, limit.holidays))
        indexes.setdefault(words, []).append(index)
    classes = [(limit_words(None), terms.max_hold == -1)]
    for words, members in indexes.items():
        classes.append((words, z3.Or([terms.max_hold == i for i in members])))
    return classes


class Search:
    """The region search over one pair of encoded statutes."""

    def __init__(self, smt: Any, well_formed: Sequence[Any], timeout_ms: int,
                 max_regions: int, definitions: Sequence[ir.Definition],
                 truth: Callable[[Sequence[ir.Expr], Sequence[Any]], list[Any]],
                 theory: Theory):
        self.smt = smt
        self.theory = theory  # which atom states some case has
        self.truth = truth  # expressions' z3 truths, given their canonical keys (cached)
        self.well_formed = list(well_formed)
        self.timeout_ms = timeout_ms
        self.max_regions = max_regions
        self.definitions = tuple(definitions)
        self.questions = 0
        self._inside: Any = None
        self._outside: Any = None

    def asked(self) -> int:
        """Questions put to a solver so far (about atom states and about cases)."""
        return self.questions + self.theory.questions

    def solver(self) -> Any:
        return self.smt.solver_with(self.well_formed, self.timeout_ms)

    def solvers(self) -> tuple[Any, Any]:
        """Two solvers holding the well-formedness constraints, made once and reused
        for every aspect (each aspect works inside its own push/pop)."""
        if self._inside is None:
            self._inside, self._outside = self.solver(), self.solver()
        return self._inside, self._outside

    def run(self, aspect: Aspect, unsettled: Callable[[Pair, str], None]) -> list[Found]:
        """Every region of every pair of `aspect`; unsettled questions reported."""
        plain = atoms_of(aspect.conditions, self.definitions)
        atoms = (*(atom for atom, _ in aspect.extra), *plain)
        keys = [canonical(atom.expr) for atom in atoms]
        truths = [*(truth for _, truth in aspect.extra),
                  *self.truth([atom.expr for atom in plain], keys[len(aspect.extra):])]
        states = [_States(t) for t in truths]
        try:
            abstraction = Abstraction(aspect.name, [atom_id(k) for k in keys], truths,
                                      [atom.two_valued for atom in atoms], states,
                                      self.theory)
            differs = [abstraction.abstract(pair.differs) for pair in aspect.pairs]
            reasons = tuple(tuple(abstraction.abstract(term) for term in side)
                            for side in aspect.reasons)
        except Impure:  # the aspect reads the case beyond its atoms: ask about cases
            return self._run_cases(aspect, atoms, truths, states, unsettled)
        return self._run_states(aspect, atoms, states, abstraction, differs, reasons,
                                unsettled)

    def _run_cases(self, aspect: Aspect, atoms: tuple[Atom, ...], truths: Sequence[Any],
                   states: Sequence[Any], unsettled: Callable[[Pair, str], None]
                   ) -> list[Found]:
        """`run` with every question asked about cases (the case solver's unsat cores
        shorten the generalisation)."""
        import z3

        all_known = z3.And([z3.Or(t.true, t.false) for t in truths])
        inside, outside = self.solvers()  # cases in D; cases outside a region's bounds
        indicators = {
            (i, state): z3.Bool(f"lit.{aspect.name}.{i}.{state}")
            for i in range(len(atoms)) for state in STATES
        }
        pairs = aspect.pairs
        cubes: list[list[Found]] = [[] for _ in pairs]
        rests: list[Found | None] = [None for _ in pairs]
        open_pairs = list(range(len(pairs)))  # pairs still searched

        def which(model: Any) -> int:
            true = self.smt.truth_in(model)
            return next(i for i in open_pairs if true(pairs[i].differs))

        def close(index: int, reason: str | None) -> None:
            if reason is not None:
                unsettled(pairs[index], reason)
            open_pairs.remove(index)
            inside.add(z3.Not(pairs[index].differs))

        def gave_up() -> None:  # every pair still open is unsettled
            for index in list(open_pairs):
                close(index, inside.reason_unknown() or "the solver gave up")

        inside.push()
        outside.push()
        try:
            for (i, state), flag in indicators.items():
                outside.add(z3.Implies(flag, states[i][state]))
            inside.add(z3.Or([pair.differs for pair in pairs]) if pairs else z3.BoolVal(False))
            # "every atom known" under a flag, so that each question assumes one literal
            # rather than a formula z3 would take in anew every time
            known = z3.Bool(f"known.{aspect.name}")
            inside.add(z3.Implies(known, all_known))
            # 1. cases where every atom is known (so both sides decide), one region each
            while open_pairs:
                self.questions += 1
                answer = inside.check(known)
                if answer == z3.unsat:
                    break
                if answer == z3.unknown:
                    gave_up()
                    break
                model = inside.model()
                index = which(model)
                if len(cubes[index]) >= self.max_regions:
                    close(index, f"more than {self.max_regions} regions: the rest are not "
                                 "listed (raise max_regions)")
                    continue
                region = self._region(pairs[index], aspect.reasons, atoms, states,
                                      indicators, model, outside, unsettled)
                if region is None:
                    close(index, None)
                    continue
                cubes[index].append(region)
                inside.add(z3.Not(region.formula))
            # 2. what is left of each pair: cases where some atom is unknown
            while open_pairs:
                self.questions += 1
                answer = inside.check()
                if answer == z3.unsat:
                    break
                if answer == z3.unknown:
                    gave_up()
                    break
                index = which(inside.model())
                rests[index] = _rest(pairs[index], atoms, cubes[index])
                close(index, None)
        finally:
            inside.pop()
            outside.pop()
        return _collect(cubes, rests)

    def _run_states(self, aspect: Aspect, atoms: tuple[Atom, ...],
                    states: Sequence[Any], abstraction: Abstraction,
                    differs: Sequence[Any], reasons: tuple[tuple[Any, ...], ...],
                    unsettled: Callable[[Pair, str], None]) -> list[Found]:
        """`run` with the questions asked about atom states (`abstraction`), each state
        combination the yes/no solver proposes checked to have a case: the same steps
        and the same guarantees, at a fraction of the cost. Every answer is exact, so
        the regions depend on the aspect alone."""
        import z3

        pairs = aspect.pairs
        count = len(atoms)
        cubes: list[list[Found]] = [[] for _ in pairs]
        rests: list[Found | None] = [None for _ in pairs]
        open_pairs = list(range(len(pairs)))
        # `inside`: combinations in D outside the regions so far; `trial`: a cube's
        # combinations outside D ∧ G (a cube's literals and G enter as flags)
        # no timeout: these are small yes/no questions (two variables per atom), which
        # z3 answers in microseconds, and its timer costs twice the question; z3's plain
        # SMT core, without the default solver's tactics, whose set-up on the first
        # question cost about a millisecond for each of these two solvers per aspect
        inside, trial = z3.SimpleSolver(), z3.SimpleSolver()
        for solver in (inside, trial):
            add(solver, all_of(abstraction.base))
        add(inside, any_of(list(differs)) if pairs else z3.BoolVal(False))
        known = boolean(f"known.{aspect.name}")
        add(inside, implies(known, all_of([any_of([abstraction.t[i], abstraction.f[i]])
                                           for i in range(count)])))
        indicators = {(i, state): boolean(f"lit.{aspect.name}.{i}.{state}")
                      for i in range(count) for state in STATES}
        add(trial, all_of([implies(flag, abstraction.literal(i, state))
                           for (i, state), flag in indicators.items()]))

        def ask(solver: Any, *assumptions: Any) -> Any:
            """A model of the assumptions whose atom states some case has, or None."""
            while True:
                self.questions += 1
                answer = check(solver, assumptions)
                if answer == z3.unsat:
                    return None
                if answer == z3.unknown:
                    raise GaveUp(solver.reason_unknown() or "the solver gave up")
                model = solver.model()
                lemmas = abstraction.blocked(abstraction.read(model))
                if not lemmas:
                    return model
                for lemma in lemmas:  # no case has it: excluded for the whole aspect
                    add(inside, lemma)
                    add(trial, lemma)

        def close(index: int, reason: str | None) -> None:
            if reason is not None:
                unsettled(pairs[index], reason)
            open_pairs.remove(index)
            add(inside, negation(differs[index]))

        try:
            # 1. combinations with every atom known (both sides decide), a region each
            while open_pairs:
                model = ask(inside, known)
                if model is None:
                    break
                true = self.smt.truth_in(model)
                index = next(i for i in open_pairs if true(differs[i]))
                if len(cubes[index]) >= self.max_regions:
                    close(index, f"more than {self.max_regions} regions: the rest are not "
                                 "listed (raise max_regions)")
                    continue
                seed = abstraction.read(model)
                target = all_of([differs[index], *[_reason(true, side) for side in reasons]])
                literals = self._generalise_states(
                    [Literal(i, seed[i]) for i in range(count)], target, trial, indicators,
                    ask, pairs[index], len(cubes[index]))
                cubes[index].append(Found(pairs[index], atoms, literals, all_of(
                    [states[lit.atom][lit.state] for lit in literals])))
                add(inside, negation(all_of([abstraction.literal(lit.atom, lit.state)
                                             for lit in literals])))
            # 2. what is left of each pair: combinations where some atom is unknown
            while open_pairs:
                model = ask(inside)
                if model is None:
                    break
                true = self.smt.truth_in(model)
                index = next(i for i in open_pairs if true(differs[i]))
                rests[index] = _rest(pairs[index], atoms, cubes[index])
                close(index, None)
        except GaveUp as gave_up:  # every pair still open is unsettled
            for index in list(open_pairs):
                close(index, str(gave_up))
        return _collect(cubes, rests)

    def _generalise_states(self, cube: list[Literal], target: Any, trial: Any,
                           indicators: dict[tuple[int, str], Any], ask: Callable[..., Any],
                           pair: Pair, number: int) -> tuple[Literal, ...]:
        """The cube with every literal dropped that the proof "cube ⊆ target" (D with
        the seed's deciding provisions) does not need: the unsat core first, then each
        literal in turn (false ones first, the first statute's atoms first) while every
        combination of the smaller cube that some case has stays inside, keeping the
        core of every success: an irredundant cube, proved inside D."""
        flag = boolean(f"outside.{pair.outcome}.{pair.a}.{pair.b}.{number}")
        add(trial, implies(flag, negation(target)))

        def proved(literals: Sequence[Literal]) -> list[Literal] | None:
            """The literals of an unsat core when the cube lies inside, else None."""
            flags = [indicators[(lit.atom, lit.state)] for lit in literals]
            if ask(trial, flag, *flags) is not None:
                return None
            ids = core_ids(trial)
            return [lit for lit, f in zip(literals, flags, strict=True) if f.get_id() in ids]

        try:
            current = proved(cube)
            if current is None:
                raise AssertionError(
                    f"a full cube of atom states is not inside `{pair.outcome}` "
                    f"{pair.a} → {pair.b}: the atoms do not determine the aspect")
            for literal in sorted(current, key=lambda lit: (lit.state != "false", lit.atom)):
                if literal not in current:
                    continue
                core = proved([lit for lit in current if lit != literal])
                if core is not None:
                    current = core
        finally:
            add(trial, negation(flag))  # retired
        return tuple(current)

    def _region(self, pair: Pair, reasons: tuple[tuple[Any, ...], ...],
                atoms: tuple[Atom, ...], states: Sequence[Any],
                indicators: dict[tuple[int, str], Any], model: Any, outside: Any,
                unsettled: Callable[[Pair, str], None]) -> Found | None:
        """The region of the seed case `model` (a case of `pair` with every atom known):
        its cube generalised within the cases with the same reasons (None: unsettled)."""
        import z3

        true = self.smt.truth_in(model)
        cube = [Literal(i, next(s for s in STATES if true(states[i][s])))
                for i in range(len(atoms))]
        same = [_reason(true, side) for side in reasons]
        outside.push()
        try:
            outside.add(z3.Not(z3.And(pair.differs, *same)))
            literals = self._generalise(cube, indicators, outside, pair, unsettled)
        finally:
            outside.pop()
        if literals is None:
            return None
        formula = z3.And([states[lit.atom][lit.state] for lit in literals])
        return Found(pair, atoms, literals, formula)

    def _generalise(self, cube: list[Literal], indicators: dict[tuple[int, str], Any],
                    outside: Any, pair: Pair, unsettled: Callable[[Pair, str], None]
                    ) -> tuple[Literal, ...] | None:
        """The cube with every literal dropped that the proof "cube ⊆ D" does not need:
        the unsat core first, then each literal in turn (false ones first, the first
        statute's atoms first), keeping the core of every success."""
        import z3

        def proved(literals: Sequence[Literal]) -> tuple[bool, list[Literal]]:
            self.questions += 1
            flags = [indicators[(lit.atom, lit.state)] for lit in literals]
            answer = outside.check(*flags)
            if answer == z3.unsat:
                core = {c.get_id() for c in outside.unsat_core()}
                kept = [lit for lit, flag in zip(literals, flags, strict=True)
                        if flag.get_id() in core]
                return True, kept
            if answer == z3.unknown:
                raise _GaveUp(outside.reason_unknown() or "the solver gave up")
            return False, list(literals)

        try:
            ok, current = proved(cube)
            if not ok:
                raise AssertionError(
                    f"a full cube of atom states is not inside `{pair.outcome}` "
                    f"{pair.a} → {pair.b}: the atoms do not determine the aspect")
            order = sorted(current, key=lambda lit: (lit.state != "false", lit.atom))
            for literal in order:
                if literal not in current:
                    continue
                ok, core = proved([lit for lit in current if lit != literal])
                if ok:
                    current = core
        except _GaveUp as gave_up:
            unsettled(pair, str(gave_up))
            return None
        return tuple(sorted(current, key=lambda lit: lit.atom))


def _collect(cubes: Sequence[Sequence[Found]], rests: Sequence[Found | None]) -> list[Found]:
    """Each pair's cubes, then what is left of it, pair by pair."""
    found: list[Found] = []
    for pair_cubes, rest in zip(cubes, rests, strict=True):
        found.extend(pair_cubes)
        if rest is not None:
            found.append(rest)
    return found


def _rest(pair: Pair, atoms: tuple[Atom, ...], cubes: Sequence[Found]) -> Found:
    """What is left of `pair` once its cubes are taken out, as one region."""
    import z3

    formula = z3.And(pair.differs, *[z3.Not(f.formula) for f in cubes])
    condition = ir.And((pair.condition, *[ir.Not(_cube_expr(f, strict=True)) for f in cubes]))
    return Found(pair, atoms, None, formula, condition)


def _reason(true: Callable[[Any], bool], deciders: tuple[Any, ...]) -> Any:
    """The seed case's reason on one side as a formula the region keeps: the first
    provision that decides in the model (`true` reads it), or "none decides"."""
    for term in deciders:
        if true(term):
            return term
    return all_of([negation(term) for term in deciders])


def _cube_expr(found: Found, *, strict: bool = False) -> ir.Expr:
    """The cube's literals as one conjunction; `strict`: each literal written so that it
    is never unknown (``(x) is known and x``), so that the negation is exact too."""
    assert found.literals is not None
    order = {"true": 0, "false": 1, "unknown": 2}
    literals = sorted(found.literals, key=lambda lit: (order[lit.state], lit.atom))
    parts = [literal_expr(found.atoms[lit.atom], lit.state) for lit in literals]
    if strict:
        parts = [p if (isinstance(p, ir.Not) and isinstance(p.operand, ir.IsKnown))
                 or found.atoms[lit.atom].two_valued
                 else ir.And((ir.IsKnown(found.atoms[lit.atom].expr), p))
                 for p, lit in zip(parts, literals, strict=True)]
    if not parts:
        return ir.TRUE
    return parts[0] if len(parts) == 1 else ir.And(tuple(parts))


def cube_expr(found: Found) -> ir.Expr:
    """A found region's condition as IR."""
    if found.literals is None:
        assert found.rest is not None
        return found.rest
    return _cube_expr(found)


class _GaveUp(Exception):
    pass
