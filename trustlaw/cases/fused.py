"""Vocabulary + program → one generated function that validates a raw case and evaluates it.

`Statute.decide` validates a case, then evaluates it with the compiled backend; done
apart, the evaluation reads every fact again from the normalised case the validator
has just built. The fused function is the vocabulary's fast validator (`fastpath`)
followed by the compiled backend's `_evaluate` (`backends.python.evaluation_code`)
reading each fact from the local the validator's check left its normalised value in.
An ``any`` or ``all`` over a top-level list of records is accumulated in the loop that
checks the list, element by element from the locals of that check (as the constraints
``all c in <list> where …`` are, `_FastBuilder.fuse`); the evaluation reads the result.
The function returns ``(case, fields)``: the normalised case and the fields of the
`Evaluation` as a plain tuple (as `CompiledProgram.evaluate_fields`; built `compact`,
the outcomes and the deciding rule ids are tuples in `ir.OUTCOMES` order, which spares
two dicts per case); or None (or raises) wherever the fast validator declines, and the
detailed path then runs and names the problem.

Each part is audited by its own generator (`fastast._fast_audit`, the backend's
`_audit`) before the validator's ``return _out`` is replaced by the evaluation's
statements; names come from one counter, and the namespace has no builtins.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from .. import ir
from ..backends.python import EVALUATION_NAMES, evaluation_code
from ..backends.python.astkit import locate
from ..ir import children
from .fastast import _assign, _cmp, _fast_audit, _fast_const, _is, _load
from .fastpath import _SAFE_FILENAME, _FastBinding, _FastBuilder, _NoFastPath
from .validation import _BAD, _DURATION

__all__ = ["Fused", "build_fused"]

Fused = Callable[[Any], "tuple[dict[str, Any], tuple[Any, ...]] | None"]


def build_fused(
    vocab: ir.Vocabulary, program: ir.Program, *, compact: bool = False, owned: bool = False
) -> Fused | None:
    """The fused function of `program` over `vocab`, or None where the fast validator
    does not specialise the vocabulary or the program reads a fact held in no local
    (a field of a record inside a record): the caller then validates and evaluates apart.
    `compact`: the fields' outcomes and deciding rule ids are tuples in `ir.OUTCOMES`
    order, not dicts (`Statute.decide`: the `Decision` makes the dicts when read).
    `owned`: the normalised case shares no record or list with the input (`fastpath`)."""
    builder = _FusedBuilder(vocab, program, owned)
    try:
        module = builder.module()
        function = module.body[0]
        assert isinstance(function, ast.FunctionDef)
        returned = function.body[-1]
        if not (isinstance(returned, ast.Return) and isinstance(returned.value, ast.Name)):
            raise _NoFastPath("the validator does not end by returning the case")
        held: dict[ir.Expr, str] = {fact: builder.checked(fact.path) for fact in _facts(program)}
        # each accumulated quantifier: its start before the checks, unknown with its list
        starts: list[ast.stmt] = []
        unknown: list[ast.stmt] = []
        for quantifier, local in builder.accumulated.items():
            starts.append(_assign(local, _fast_const(quantifier.kind == "all")))
            assert isinstance(quantifier.source, ir.Fact)
            none = _assign(local, _fast_const(None))
            unknown.append(ast.If(_is(_load(builder.checked(quantifier.source.path)), None),
                                  [none], []))
            held[quantifier] = local
        _fast_audit(ast.Module(starts + unknown, []))
        function.body[-1:] = unknown + evaluation_code(
            program, held, returned.value.id,
            names=builder._counter,
            bind_constant=lambda key, value: builder.shared(("expression", key), value),
            compact=compact,
        )
        function.body[:0] = starts
        function.name = "_fused"
        locate(module)
        name = _SAFE_FILENAME.sub("_", f"{vocab.name}-{program.meta.id}")[:80]
        code = compile(module, f"<trustlaw-fused:{name}>", "exec")
    except (_NoFastPath, ir.UnsupportedNode, RecursionError, SyntaxError, TypeError,
            ValueError):
        return None
    namespace = {**builder.namespace, **EVALUATION_NAMES}
    exec(code, namespace)  # audited parts: one function over the bound names
    fused: Fused = namespace["_fused"]
    return fused


class _FusedBuilder(_FastBuilder):
    """The fast validator, also accumulating the program's ``any``/``all`` over each
    top-level list of records in the loop that checks the list."""

    def __init__(self, vocab: ir.Vocabulary, program: ir.Program, owned: bool = False):
        super().__init__(vocab, _DURATION.accept, _BAD, owned)
        # by the id of a constraint standing for the quantifier in the list's checks
        self._pending: dict[int, tuple[ir.Constraint, ir.Quantifier]] = {}
        self.accumulated: dict[ir.Quantifier, str] = {}  # quantifier -> its local
        for quantifier in _quantifiers(program):
            source = quantifier.source
            assert isinstance(source, ir.Fact)
            info = vocab.field(source.path[0])
            if info is None or not (isinstance(info.type, ir.ListType)
                                    and isinstance(info.type.element, ir.RecordType)):
                continue
            # checked on each element with the list's `all` constraints (`fuse`)
            marker = ir.Constraint(f"accumulate {len(self._pending)}", quantifier)
            self._pending[id(marker)] = (marker, quantifier)
            self._per_element.setdefault(source.path[0], []).append(marker)

    def fuse(
        self,
        constraint: ir.Constraint,
        element: ir.RecordType,
        item: str,
        fields: dict[str, str],
    ) -> bool:
        pending = self._pending.pop(id(constraint), None)
        if pending is None:
            return super().fuse(constraint, element, item, fields)
        quantifier = pending[1]
        block: list[ast.stmt] = []
        self._fusing = True
        try:
            with self.into(block), self.binding(
                quantifier.var.name, _FastBinding(item, element, dict(fields), closed=True)
            ):
                value = self.value(quantifier.body)
        except _NoFastPath:
            return True  # not at hand here: the evaluation runs its own loop
        finally:
            self._fusing = False
        local = self.fresh("_a")
        settles = quantifier.kind == "any"  # the element value that settles it
        block.append(ast.If(
            _cmp(value, ast.Is(), _fast_const(settles)),
            [_assign(local, _fast_const(settles))],
            [ast.If(_is(value, None), [_assign(local, _fast_const(None))], [])],
        ))
        self.emit(ast.If(_cmp(_load(local), ast.IsNot(), _fast_const(settles)), block, []))
        self.accumulated[quantifier] = local
        return True


def _conditions(program: ir.Program) -> list[ir.Expr]:
    return ([r.condition for r in program.rules] + [d.condition for d in program.duties]
            + [limit.condition for limit in program.limits])


def _walk(program: ir.Program) -> list[ir.Expr]:
    """Every sub-expression of the conditions of `program`'s rules, duties and limits."""
    found, todo = [], _conditions(program)
    while todo:
        expr = todo.pop()
        found.append(expr)
        todo.extend(children(expr))
    return found


def _facts(program: ir.Program) -> set[ir.Fact]:
    """Every fact the program reads."""
    return {e for e in _walk(program) if isinstance(e, ir.Fact)}


def _quantifiers(program: ir.Program) -> set[ir.Quantifier]:
    """The ``any`` and ``all`` over a top-level list that read no other element."""
    return {
        e for e in _walk(program)
        if isinstance(e, ir.Quantifier) and e.kind in ("any", "all")
        and isinstance(e.source, ir.Fact) and len(e.source.path) == 1
    }
