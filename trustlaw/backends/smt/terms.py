"""z3 yes/no terms made through z3's C API: the encoders and a comparison make thousands.

z3's Python wrappers check every argument's sort on every call: an ``And`` of ten
terms costs about 110 µs, of which making the term is 3 µs. These functions make the
same terms without the checks when every argument is a yes/no term (z3 sees exactly
what the wrappers would have given it, so the encodings, and the regions and examples
built on them, are unchanged); given anything else (a Python ``True``), they call the
wrapper, which converts it or fails as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import z3

__all__ = ["all_of", "any_of", "array", "boolean", "implies", "negation"]


def array(terms: Sequence[Any]) -> Any:
    """The terms as a C array of z3 ASTs."""
    out = (z3.Ast * len(terms))()
    for i, term in enumerate(terms):
        out[i] = term.as_ast()
    return out


def _yes_no(terms: Sequence[Any]) -> bool:
    return all(isinstance(t, z3.BoolRef) for t in terms)


def all_of(terms: Sequence[Any]) -> Any:
    """``z3.And(terms)``."""
    if not _yes_no(terms):
        return z3.And(list(terms))
    ctx = terms[0].ctx if terms else z3.main_ctx()
    return z3.BoolRef(z3.Z3_mk_and(ctx.ref(), len(terms), array(terms)), ctx)


def any_of(terms: Sequence[Any]) -> Any:
    """``z3.Or(terms)``."""
    if not _yes_no(terms):
        return z3.Or(list(terms))
    ctx = terms[0].ctx if terms else z3.main_ctx()
    return z3.BoolRef(z3.Z3_mk_or(ctx.ref(), len(terms), array(terms)), ctx)


def negation(term: Any) -> Any:
    """``z3.Not(term)``."""
    if not isinstance(term, z3.BoolRef):
        return z3.Not(term)
    return z3.BoolRef(z3.Z3_mk_not(term.ctx.ref(), term.as_ast()), term.ctx)


def implies(condition: Any, then: Any) -> Any:
    """``z3.Implies(condition, then)``."""
    if not _yes_no((condition, then)):
        return z3.Implies(condition, then)
    ctx = condition.ctx
    return z3.BoolRef(z3.Z3_mk_implies(ctx.ref(), condition.as_ast(), then.as_ast()), ctx)


def boolean(name: str, ctx: Any = None) -> Any:
    """``z3.Bool(name, ctx)``: the yes/no constant of that name."""
    ctx = z3.main_ctx() if ctx is None else ctx
    ref = ctx.ref()
    return z3.BoolRef(z3.Z3_mk_const(ref, z3.Z3_mk_string_symbol(ref, name),
                                     z3.Z3_mk_bool_sort(ref)), ctx)
