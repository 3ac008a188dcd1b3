"""Encodings in one z3 context → the same encodings in another (copied by z3, not rebuilt).

Building a statute's encoding costs a tenth of a second of Python; z3 copies the
finished terms into another context in a few milliseconds. The copy depends only on
the terms' structure and on the order they are given in, so copying the same
encoding into a fresh context gives the same terms, with the same identities, every
time: a cache of encodings kept in a context of its own keeps the solver's answers
independent of what the process did before.
"""

from __future__ import annotations

from typing import Any

import attrs
import z3

from .case import ListNode, RecordNode, Scalar, SymbolicCase, Truth
from .dates import Civil, DayCount
from .program import ProgramTerms

__all__ = ["copy_terms"]

# the containers of z3 terms that are copied field by field (their other fields, such
# as types and the vocabulary, are kept as they are)
_HOLDERS = (Scalar, RecordNode, ListNode, Truth, Civil, DayCount, ProgramTerms, SymbolicCase)


def copy_terms(value: Any, target: z3.Context | None = None) -> Any:
    """`value` (terms, encodings, and dicts, tuples and lists of them) with every z3
    term replaced by the same term in `target` (default: z3's current main context)."""
    terms: list[Any] = []
    _gather(value, terms)
    if not terms:
        return value
    ctx = target if target is not None else z3.main_ctx()
    source = z3.AstVector(ctx=terms[0].ctx)
    for term in terms:
        source.push(term)
    copied = source.translate(ctx)
    ref, vector = ctx.ref(), copied.vector  # read through the C API: the vector's
    # indexing checks its bounds with two calls to z3 for every term
    return _rebuild(value, iter([z3.z3._to_ast_ref(z3.Z3_ast_vector_get(ref, vector, i), ctx)
                                 for i in range(len(copied))]))


def _gather(value: Any, out: list[Any]) -> None:
    if isinstance(value, z3.AstRef):
        out.append(value)
    elif isinstance(value, _HOLDERS):
        for field in attrs.fields(type(value)):
            _gather(getattr(value, field.name), out)
    elif isinstance(value, dict):
        for item in value.values():
            _gather(item, out)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _gather(item, out)


def _rebuild(value: Any, copies: Any) -> Any:
    if isinstance(value, z3.AstRef):
        return next(copies)
    if isinstance(value, _HOLDERS):
        kind = type(value)
        return kind(**{f.name: _rebuild(getattr(value, f.name), copies)
                       for f in attrs.fields(kind)})
    if isinstance(value, dict):
        return {key: _rebuild(item, copies) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_rebuild(item, copies) for item in value)
    if isinstance(value, list):
        return [_rebuild(item, copies) for item in value]
    return value
