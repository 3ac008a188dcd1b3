"""An aspect's decision → a yes/no formula over its atoms' states, and which states some case has.

The search asks most of its questions about atom states, not about cases: "is there
a case outside every region so far", "does this smaller cube still lie inside the
pair". Every outcome, limit and duty is a function of its atoms' states (`atoms`),
and the encoding builds it from the atoms' own terms, so replacing each atom's
(is true, is false) terms by two fresh yes/no variables turns the aspect's formulas
into formulas over atom states alone (`Abstraction.abstract`; a formula that still
reads the case after the replacement is refused, and the search then asks about cases).

Not every combination of atom states occurs: ``age ≥ 21`` true and ``age ≥ 18``
false, or a fact unknown and a test on it true, have no case. A combination found by
the yes/no solver is therefore checked against the cases (`Theory.feasible`), and
one that has none is excluded for the rest of the aspect. Atoms that share no
variable of the symbolic case, directly or through a well-formedness constraint, are
independent, so a combination has a case exactly when each group of connected atoms
(`components`) has one; the answer for a group's states is a fact about the
vocabulary, so it is kept for the process (`_FEASIBLE`). Every answer kept is exact,
so what the cache holds changes only the speed, never an answer: the same regions
on every call and in any process.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import attrs

from .terms import add, all_of, any_of, boolean, check, core_ids, implies, negation

__all__ = [
    "Abstraction", "GaveUp", "Impure", "Theory", "atom_id", "forget", "forget_answers",
]

_LOCK = threading.RLock()
_NUMBERS = itertools.count()
_IDS: dict[Hashable, int] = {}  # an atom's canonical key -> a small number (hashed once)
_NAMES: dict[tuple[str, int, int], frozenset[str]] = {}  # the case variables an atom reads
_WELL_FORMED: dict[tuple[str, int], tuple[tuple[frozenset[str], str | None], ...]] = {}
_VARIABLES: dict[tuple[str, int], tuple[tuple[str, bool], ...]] = {}
_FEASIBLE: dict[tuple[str, int, tuple[tuple[int, str], ...]], bool] = {}
_CORES: dict[tuple[str, int], list[frozenset[tuple[int, str]]]] = {}  # states with no case
# combinations some case has, listed under each of their states
_WITNESSED: dict[tuple[str, int], dict[tuple[int, str], list[frozenset[tuple[int, str]]]]] = {}
_TRANSLATED: dict[tuple[str, int], _Translated] = {}  # what the theory asks, in its context
_COMPONENTS: dict[tuple[str, int, tuple[int, ...]], list[list[int]]] = {}  # atoms -> groups
_MAX_KEPT = 200_000  # answers kept before the caches start over


def atom_id(key: Hashable) -> int:
    """A small number standing for an atom's canonical key, for the process."""
    with _LOCK:
        if len(_IDS) > _MAX_KEPT:
            _clear()
        found = _IDS.get(key)
        if found is None:  # never a number given before, even after the caches start over
            found = _IDS[key] = next(_NUMBERS)
        return found


def _clear() -> None:
    _IDS.clear()
    _NAMES.clear()
    _TRANSLATED.clear()
    _COMPONENTS.clear()
    _FEASIBLE.clear()
    _CORES.clear()
    _WITNESSED.clear()


def forget_answers() -> None:
    """Forget which combinations of atom states have a case, keeping the rest (for a
    benchmark that measures a comparison whose answers are not known yet)."""
    with _LOCK:
        _FEASIBLE.clear()
        _CORES.clear()
        _WITNESSED.clear()


def forget() -> None:
    """Forget every answer and name kept for the process."""
    with _LOCK:
        _clear()
        _VARIABLES.clear()
        _WELL_FORMED.clear()


def _pairs(pairs: Sequence[tuple[Any, Any]]) -> tuple[Any, ...]:
    """Replacements (term, by) as z3's C arrays, for `_substitute`; the terms are
    kept alive with the arrays."""
    import z3

    count = len(pairs)
    froms, tos = (z3.Ast * count)(), (z3.Ast * count)()
    for i, (term, by) in enumerate(pairs):
        froms[i], tos[i] = term.as_ast(), by.as_ast()
    return (froms, tos, count, pairs)


def _substitute(term: Any, pairs: tuple[Any, ...]) -> Any:
    """`term` with each replacement made (z3's substitute without the Python checks
    of every pair's sorts, which cost more than the substitution: the pairs are
    built with equal sorts)."""
    import z3

    froms, tos, count = pairs[0], pairs[1], pairs[2]
    if not count:
        return term
    ctx = term.ctx
    return z3.z3._to_expr_ref(z3.Z3_substitute(ctx.ref(), term.as_ast(), count, froms, tos), ctx)


class Impure(Exception):
    """A formula still reads the case once its atoms are replaced."""


def _names(term: Any) -> frozenset[str]:
    """The uninterpreted constants (case variables) `term` reads, by name."""
    return frozenset(_constants(term))


def _constants(term: Any) -> dict[str, bool]:
    """The uninterpreted constants `term` reads: name → whether it is yes/no. Walked
    through z3's C API, not its Python wrappers: a wrapper object made (and its
    reference counted) for every child of every node cost more than the walk, and
    this runs for every atom and constraint of a comparison."""
    import z3

    ref = term.ctx.ref()
    out: dict[str, bool] = {}
    seen: set[int] = set()
    stack = [term.as_ast()]
    while stack:
        node = stack.pop()
        ident = z3.Z3_get_ast_id(ref, node)
        if ident in seen:
            continue
        seen.add(ident)
        kind = z3.Z3_get_ast_kind(ref, node)
        if kind == z3.Z3_APP_AST:
            app = z3.Z3_to_app(ref, node)
            count = z3.Z3_get_app_num_args(ref, app)
            if count:
                stack.extend(z3.Z3_get_app_arg(ref, app, i) for i in range(count))
                continue
            decl = z3.Z3_get_app_decl(ref, app)
            if z3.Z3_get_decl_kind(ref, decl) == z3.Z3_OP_UNINTERPRETED:
                name = z3.Z3_get_symbol_string(ref, z3.Z3_get_decl_name(ref, decl))
                sort = z3.Z3_get_sort_kind(ref, z3.Z3_get_sort(ref, node))
                out[name] = sort == z3.Z3_BOOL_SORT
        elif kind == z3.Z3_QUANTIFIER_AST:
            stack.append(z3.Z3_get_quantifier_body(ref, node))
    return out


def _terms(value: Any) -> list[Any]:
    """The z3 terms a symbolic case holds in its nodes (values, flags, lengths)."""
    import z3

    out: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, z3.AstRef):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
        elif attrs.has(type(item)):
            stack.extend(getattr(item, f.name) for f in attrs.fields(type(item))
                         if f.name not in ("domain", "vocab", "type"))
    return out


def _well_formed_links(digest: str, bound: int, well_formed: Sequence[Any]
                       ) -> tuple[tuple[frozenset[str], str | None], ...]:
    """Each well-formedness constraint's variables, and for ``field known → record
    known`` the record's flag (such a constraint never restricts the field when the
    flag appears nowhere else: the flag can be true)."""
    import z3

    key = (digest, bound)
    with _LOCK:
        if key in _WELL_FORMED:
            return _WELL_FORMED[key]
    links: list[tuple[frozenset[str], str | None]] = []
    for constraint in well_formed:
        names = _names(constraint)
        flag = None
        if z3.is_implies(constraint):
            then = constraint.arg(1)
            if z3.is_const(then) and then.decl().kind() == z3.Z3_OP_UNINTERPRETED:
                flag = then.decl().name()
        links.append((names, flag))
    elsewhere: dict[str, int] = {}
    for names, flag in links:
        for name in names:
            if name != flag:
                elsewhere[name] = elsewhere.get(name, 0) + 1
    out = tuple((names, flag if flag is not None and flag not in elsewhere else None)
                for names, flag in links)
    with _LOCK:
        _WELL_FORMED[key] = out
    return out


class Theory:
    """The cases behind atom states: one solver over the symbolic case (its
    well-formedness constraints, each atom state under a flag of its own), asked
    whether some case gives a group of atoms given states.

    A combination with no case comes with the few of its states that already have
    none (the solver's unsat core); any later combination holding them has none
    either, and is answered without the solver; one with a case answers every part of
    itself (another aspect's group of fewer atoms). Both are kept for the process with
    the answers (`_CORES`, `_WITNESSED`); each is exact, so the answers are the same
    however they were found."""

    def __init__(self, smt: Any, case: Any, well_formed: Sequence[Any], timeout_ms: int,
                 digest: str, bound: int):
        self.smt = smt
        self.case = case
        self._variables: tuple[Any, ...] | None = None
        self.digest, self.bound = digest, bound
        self.well_formed = list(well_formed)
        self.timeout_ms = timeout_ms
        self._asked: set[Any] = set()
        self._solver: Any = None
        self._flags: dict[tuple[int, str], Any] = {}
        self._states: dict[int, tuple[int, str]] = {}  # a flag's id -> its atom state

    @property
    def questions(self) -> int:
        """The distinct questions of this comparison (each answered by the solver, or
        from what the process knew: the count is the same either way)."""
        return len(self._asked)

    def names(self, ident: int, truth: Any) -> frozenset[str]:
        key = (self.digest, self.bound, ident)
        with _LOCK:
            found = _NAMES.get(key)
        if found is None:
            found = _names(truth.true) | _names(truth.false)
            with _LOCK:
                _NAMES[key] = found
        return found

    def variables(self) -> tuple[Any, ...]:
        """Every variable of the symbolic case, each with a constant to replace it by."""
        import z3

        if self._variables is None:
            key = (self.digest, self.bound)
            with _LOCK:
                found = _VARIABLES.get(key)
            if found is None:
                every: dict[str, bool] = {}
                for term in (*self.well_formed, *_terms(self.case)):
                    every.update(_constants(term))
                found = tuple(sorted(every.items()))
                with _LOCK:
                    _VARIABLES[key] = found
            # the terms of z3.Bool(name), z3.BoolVal(False), z3.Int(name), z3.IntVal(0),
            # made through the C API in the same order (the wrappers' checks cost more)
            ctx = z3.main_ctx()
            ref = ctx.ref()
            pairs: list[tuple[Any, Any]] = []
            for name, is_bool in found:
                if is_bool:
                    pairs.append((boolean(name, ctx),
                                  z3.BoolRef(z3.Z3_mk_false(ref), ctx)))
                else:
                    symbol = z3.Z3_mk_string_symbol(ref, name)
                    variable = z3.ArithRef(z3.Z3_mk_const(ref, symbol, z3.Z3_mk_int_sort(ref)),
                                           ctx)
                    pairs.append((variable, z3.IntNumRef(
                        z3.Z3_mk_numeral(ref, "0", z3.Z3_mk_int_sort(ref)), ctx)))
            self._variables = _pairs(pairs)
        return self._variables

    def links(self) -> tuple[tuple[frozenset[str], str | None], ...]:
        return _well_formed_links(self.digest, self.bound, self.well_formed)

    def feasible(self, states: Sequence[tuple[int, str, Any]]) -> bool:
        """Some case gives each atom (id, state, its z3 state formula) its state;
        raises `GaveUp` when the solver cannot tell."""
        asked = tuple(sorted((i, s) for i, s, _ in states))
        key = (self.digest, self.bound, asked)
        self._asked.add(key)  # counted whether the process knew the answer or not
        with _LOCK:
            known = _FEASIBLE.get(key)
            if known is None and self._holds_a_core(asked):
                known = _FEASIBLE[key] = False
            if known is None and self._inside_a_witness(asked):
                known = _FEASIBLE[key] = True
        if known is not None:
            return known
        with _LOCK:
            kept = _translated(self.digest, self.bound, self.well_formed)
        with kept.lock:
            return self._ask(kept, key, asked, states)

    def _ask(self, kept: _Translated, key: Any, asked: tuple[tuple[int, str], ...],
             states: Sequence[tuple[int, str, Any]]) -> bool:
        """`feasible` answered by this comparison's solver (made on the first question:
        the constraints, then each atom state under a flag of its own)."""
        import z3

        if self._solver is None:
            # a solver for linear integer arithmetic: the case's terms are no more than
            # that, and it answers these questions in about half the time of the default
            self._solver = z3.SolverFor("QF_LIA", ctx=kept.ctx)
            self._solver.set("timeout", self.timeout_ms)
            add(self._solver, *kept.well_formed)
        flags = []
        for ident, state, formula in states:
            flag = self._flags.get((ident, state))
            if flag is None:
                flag = boolean(f"state.{ident}.{state}", kept.ctx)
                add(self._solver, implies(flag, kept.state(ident, state, formula)))
                self._flags[(ident, state)] = flag
                self._states[flag.get_id()] = (ident, state)
            flags.append(flag)
        answer = check(self._solver, flags)
        if answer == z3.unknown:
            raise GaveUp(self._solver.reason_unknown() or "the solver gave up")
        result = answer == z3.sat
        with _LOCK:
            if result:
                seen = _WITNESSED.setdefault((self.digest, self.bound), {})
                combination = frozenset(asked)
                for atom_state in asked:
                    seen.setdefault(atom_state, []).append(combination)
            else:
                _CORES.setdefault((self.digest, self.bound), []).append(
                    frozenset(self._states[ident] for ident in core_ids(self._solver)))
            _FEASIBLE[key] = result
        return result

    def _holds_a_core(self, asked: tuple[tuple[int, str], ...]) -> bool:
        """`asked` holds every state of a combination known to have no case (the
        caller holds the lock)."""
        cores = _CORES.get((self.digest, self.bound))
        if not cores:
            return False
        states = frozenset(asked)
        return any(core <= states for core in cores)

    def _inside_a_witness(self, asked: tuple[tuple[int, str], ...]) -> bool:
        """Every state of `asked` is one of a combination some case has (the caller
        holds the lock)."""
        witnessed = _WITNESSED.get((self.digest, self.bound))
        if not witnessed or not asked:
            return False
        holding = min((witnessed.get(state, ()) for state in asked), key=len)
        states = frozenset(asked)
        return any(states <= seen for seen in holding)


class _Translated:
    """The symbolic case's well-formedness constraints and the atoms' states in a z3
    context of the theory's own, translated once for the process: what the theory asks
    about, not its answers (each comparison's solver starts afresh). A context of its
    own: what is asked here depends on what the process has asked before, and terms
    made in a comparison's context would shift the numbers z3's choices there depend on."""

    def __init__(self, well_formed: Sequence[Any]):
        import z3

        self.lock = threading.Lock()  # z3 contexts are not for two threads at once
        self.ctx = z3.Context()
        self.well_formed = [c.translate(self.ctx) for c in well_formed]
        self._states: dict[tuple[int, str], Any] = {}

    def state(self, ident: int, state: str, formula: Any) -> Any:
        """Atom `ident` in `state` (`formula` in the comparison's context), translated."""
        found = self._states.get((ident, state))
        if found is None:
            found = self._states[(ident, state)] = formula.translate(self.ctx)
        return found


def _translated(digest: str, bound: int, well_formed: Sequence[Any]) -> _Translated:
    """The theory's translations for a vocabulary and bound (the caller holds the lock)."""
    found = _TRANSLATED.get((digest, bound))
    if found is None:
        found = _TRANSLATED[(digest, bound)] = _Translated(well_formed)
    return found


class GaveUp(Exception):
    pass


class Abstraction:
    """One aspect's atoms as yes/no variables: atom i is true when ``t[i]``, false when
    ``f[i]``, unknown when neither (never both; a two-valued atom never unknown)."""

    def __init__(self, name: str, ids: Sequence[int], truths: Sequence[Any],
                 two_valued: Sequence[bool], states: Sequence[Any],
                 theory: Theory):
        import z3

        self.ids = list(ids)
        self.theory = theory
        self.states = states  # per atom: state -> its formula over the case
        count = len(self.ids)
        self.t = [boolean(f"abs.{name}.{i}.t") for i in range(count)]
        self.f = [boolean(f"abs.{name}.{i}.f") for i in range(count)]
        self.base: list[Any] = []
        self._unknown: dict[int, Any] = {}
        self._bits: Any = None
        self._feasible: dict[tuple[int, tuple[str, ...]], bool] = {}  # (group, states) -> a case?
        substitutions: list[tuple[Any, Any]] = []
        for i, truth in enumerate(truths):
            self.base.append(negation(all_of([self.t[i], self.f[i]])))
            if two_valued[i]:
                self.base.append(any_of([self.t[i], self.f[i]]))
            substitutions += [(truth.true, self.t[i]), (truth.false, self.f[i])]
            if z3.is_not(truth.true):  # a whole decision: its inner term too
                substitutions.append((truth.true.arg(0), self.f[i]))
        self._substitutions = _pairs(substitutions)
        self.components = self._components(truths)

    def abstract(self, formula: Any) -> Any:
        """`formula` over atom states (raises `Impure` if it still reads the case: then
        replacing every case variable by a constant changes it)."""

        out = _substitute(formula, self._substitutions)
        if not _substitute(out, self.theory.variables()).eq(out):
            raise Impure(formula)
        return out

    def literal(self, atom: int, state: str) -> Any:
        """"Atom `atom` is in `state`" over the variables."""
        if state == "true":
            return self.t[atom]
        if state == "false":
            return self.f[atom]
        found = self._unknown.get(atom)
        if found is None:
            found = self._unknown[atom] = all_of([negation(self.t[atom]),
                                                  negation(self.f[atom])])
        return found

    def read(self, model: Any) -> tuple[str, ...]:
        """Each atom's state in a model, read as one number whose bits are the
        variables (one evaluation instead of two per atom)."""
        import z3

        if not self.ids:
            return ()
        if self._bits is None:
            one, zero = z3.BitVecVal(1, 1), z3.BitVecVal(0, 1)
            bits = [z3.If(v, one, zero) for i in range(len(self.ids)) for v in (self.t[i],
                                                                              self.f[i])]
            self._bits = z3.Concat(bits) if len(bits) > 1 else bits[0]
        # read through z3's C API (`model.eval` and `as_long` wrap the same two calls
        # in several more, a tenth of a millisecond for each of some 300 models)
        ref = self._bits.ctx.ref()
        result = (z3.Ast * 1)()
        if not z3.Z3_model_eval(ref, model.model, self._bits.as_ast(), True, result):
            raise z3.Z3Exception("failed to evaluate a term in a model")
        value = int(z3.Z3_get_numeral_string(ref, result[0]))
        width = 2 * len(self.ids)
        out = []
        for i in range(len(self.ids)):
            t = (value >> (width - 1 - 2 * i)) & 1
            f = (value >> (width - 2 - 2 * i)) & 1
            out.append("true" if t else "false" if f else "unknown")
        return tuple(out)

    def blocked(self, states: Sequence[str]) -> list[Any]:
        """For each group of connected atoms whose `states` no case has, the formula
        excluding that combination (none: some case has every atom in its state)."""
        out = []
        for number, group in enumerate(self.components):
            key = (number, tuple(states[i] for i in group))
            known = self._feasible.get(key)  # the aspect's own answers, asked again often
            if known is None:
                known = self._feasible[key] = self.theory.feasible(
                    [(self.ids[i], states[i], self.states[i][states[i]]) for i in group])
            if not known:
                out.append(negation(all_of([self.literal(i, states[i]) for i in group])))
        return out

    def _components(self, truths: Sequence[Any]) -> list[list[int]]:
        """The atoms in groups connected through shared case variables (directly or
        through a well-formedness constraint), each group in atom order (kept for the
        process by the atoms: a fact about the vocabulary, read only)."""
        key = (self.theory.digest, self.theory.bound, tuple(self.ids))
        with _LOCK:
            found = _COMPONENTS.get(key)
        if found is None:
            found = self._connected(truths)
            with _LOCK:
                _COMPONENTS[key] = found
        return found

    def _connected(self, truths: Sequence[Any]) -> list[list[int]]:
        names = [self.theory.names(ident, truth) for ident, truth in zip(self.ids, truths,
                                                                          strict=True)]
        read = frozenset().union(*names) if names else frozenset()
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(group: Iterable[str]) -> None:
            items = list(group)
            for other in items[1:]:
                parent[find(other)] = find(items[0])

        for constraint_names, free_flag in self.theory.links():
            if free_flag is not None and free_flag not in read:
                continue  # "field known → record known" with the record's flag free
            join(sorted(constraint_names))
        for atom_names in names:
            join(sorted(atom_names))
        groups: dict[Any, list[int]] = {}
        for i, atom_names in enumerate(names):
            root = find(min(atom_names)) if atom_names else ("alone", i)
            groups.setdefault(root, []).append(i)
        return sorted(groups.values())
