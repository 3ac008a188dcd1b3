"""z3 terms and solver calls through z3's C API, for a comparison's many small ones.

The terms are made by `backends.smt.terms` (the encoders use it too), imported on the
first call: this module loads on a machine without z3, where `compare` then says the
solver is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

__all__ = ["add", "all_of", "any_of", "boolean", "check", "core_ids", "implies", "negation"]


@functools.cache
def _made() -> Any:
    """`backends.smt.terms`, imported once, on first use (an import statement in each
    call cost more than the term it makes)."""
    from ...backends.smt import terms

    return terms


def all_of(terms: Sequence[Any]) -> Any:
    """``z3.And(terms)``."""
    return _made().all_of(terms)


def any_of(terms: Sequence[Any]) -> Any:
    """``z3.Or(terms)``."""
    return _made().any_of(terms)


def negation(term: Any) -> Any:
    """``z3.Not(term)``."""
    return _made().negation(term)


def implies(condition: Any, then: Any) -> Any:
    """``z3.Implies(condition, then)``."""
    return _made().implies(condition, then)


def boolean(name: str, ctx: Any = None) -> Any:
    """``z3.Bool(name, ctx)``: the yes/no constant of that name."""
    return _made().boolean(name, ctx)


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
        solver.ctx.ref(), solver.solver, len(assumptions), _made().array(assumptions)))


def core_ids(solver: Any) -> set[int]:
    """The ids of the terms of ``solver.unsat_core()``."""
    import z3

    ref = solver.ctx.ref()
    found = z3.AstVector(z3.Z3_solver_get_unsat_core(ref, solver.solver), solver.ctx)
    return {z3.Z3_get_ast_id(ref, z3.Z3_ast_vector_get(ref, found.vector, i))
            for i in range(len(found))}
