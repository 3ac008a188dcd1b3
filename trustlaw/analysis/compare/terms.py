"""z3 yes/no terms and solver calls through z3's C API, for a comparison's many small ones.

z3's Python wrappers check every argument's sort on every call: an ``And`` of ten
terms costs about 110 µs, of which making the term is 3 µs, and a comparison makes
thousands. These functions make the same terms and the same solver calls without the
checks, for arguments that are yes/no terms of one context (anything else fails
loudly on ``as_ast``): z3 sees exactly what the wrappers would have given it, so the
regions and examples, which depend on the terms z3 sees and their order, are unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["add", "all_of", "any_of", "boolean", "check", "core_ids", "implies", "negation"]


def _array(terms: Sequence[Any]) -> Any:
    import z3

    array = (z3.Ast * len(terms))()
    for i, term in enumerate(terms):
        array[i] = term.as_ast()
    return array


def _context(terms: Sequence[Any]) -> Any:
    import z3

    return terms[0].ctx if terms else z3.main_ctx()


def all_of(terms: Sequence[Any]) -> Any:
    """``z3.And(terms)``."""
    import z3

    ctx = _context(terms)
    return z3.BoolRef(z3.Z3_mk_and(ctx.ref(), len(terms), _array(terms)), ctx)


def any_of(terms: Sequence[Any]) -> Any:
    """``z3.Or(terms)``."""
    import z3

    ctx = _context(terms)
    return z3.BoolRef(z3.Z3_mk_or(ctx.ref(), len(terms), _array(terms)), ctx)


def negation(term: Any) -> Any:
    """``z3.Not(term)``."""
    import z3

    return z3.BoolRef(z3.Z3_mk_not(term.ctx.ref(), term.as_ast()), term.ctx)


def implies(condition: Any, then: Any) -> Any:
    """``z3.Implies(condition, then)``."""
    import z3

    ctx = condition.ctx
    return z3.BoolRef(z3.Z3_mk_implies(ctx.ref(), condition.as_ast(), then.as_ast()), ctx)


def boolean(name: str, ctx: Any = None) -> Any:
    """``z3.Bool(name, ctx)``: the yes/no constant of that name."""
    import z3

    ctx = z3.main_ctx() if ctx is None else ctx
    ref = ctx.ref()
    return z3.BoolRef(z3.Z3_mk_const(ref, z3.Z3_mk_string_symbol(ref, name),
                                     z3.Z3_mk_bool_sort(ref)), ctx)


def add(solver: Any, *terms: Any) -> None:
    """``solver.add(*terms)``."""
    import z3

    ref = solver.ctx.ref()
    for term in terms:
        z3.Z3_solver_assert(ref, solver.solver, term.as_ast())


def check(solver: Any, assumptions: Sequence[Any] = ()) -> Any:
    """``solver.check(*assumptions)``."""
    import z3

    return z3.CheckSatResult(z3.Z3_solver_check_assumptions(
        solver.ctx.ref(), solver.solver, len(assumptions), _array(assumptions)))


def core_ids(solver: Any) -> set[int]:
    """The ids of the terms of ``solver.unsat_core()``."""
    import z3

    ref = solver.ctx.ref()
    found = z3.AstVector(z3.Z3_solver_get_unsat_core(ref, solver.solver), solver.ctx)
    return {z3.Z3_get_ast_id(ref, z3.Z3_ast_vector_get(ref, found.vector, i))
            for i in range(len(found))}
