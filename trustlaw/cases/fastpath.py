"""Vocabulary → fast case validator: one generated, audited function for well-formed cases.

Most cases are well formed, and validation runs on every decision. For each vocabulary
`_FastBuilder` writes one straight-line Python function that checks a case exactly as
the detailed path of `trustlaw.cases` does and returns the normalised case, or None as
soon as anything is not as expected (an exception raised inside it counts the same);
the detailed path then runs and names every problem, so what a user sees never depends
on the fast path (tests/test_cases_fastpath.py holds the two paths to each other). The
function copies only what changes: the top-level dict, and the records and lists on the
way to a date (``convictions`` and each conviction), a record only once a date in it is
parsed; a record or list holding no date (``person``, ``warrants``, ``charges``, a
``request`` without ``lodged_on``) is checked and shared with the input.

The vocabulary is data, never code: the function is built from `ast` nodes, its names
come from a counter and are checked (`_fast_ident`), field names and enum values only
ever become `ast.Constant`s of type str, sets, dates and helpers are bound in its
namespace (not spelled in its source), `_fast_audit` refuses any node, name, attribute
or constant outside a closed set before compiling (`cases.fastast`), and the namespace
has no builtins. The strings in its sets (field names, enum values) are interned, as
Python interns the names in code: a case's own interned strings (literals in a
program) are then found in them by identity, without comparing characters.

The vocabulary's constraints are compiled into the same function. Only whether one is
*false* matters there (true or unknown is no violation), so each is compiled to the
tests that make it false (`_FastBuilder.when`), computing a three-valued value only
where a part must be known as a whole (`_FastBuilder.value`): there the statements are
the compiled backend's (`trustlaw.backends.python.compile_expression`, the semantics of
`trustlaw.backends.interp` in one compiler), reading each fact from the local its check left the
normalised value in, never from the input. A constraint ``all c in <list> where …``
over a top-level list is tested on each element inside the loop that checks the list,
reading the element's fields from the locals of that check (`_FastBuilder.fuse`); the
others run once the fields are checked, the ``all`` ones over one list sharing one
loop. A constraint the compilers refuse is evaluated with the interpreter instead.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as _dt
import itertools
import re
from collections.abc import Callable, Hashable, Iterator
from types import MappingProxyType
from typing import Any

from .. import ir
from ..backends.interp import evaluator
from ..backends.python import EXPRESSION_NAMES, compile_expression
from ..backends.python.astkit import fill_empty, locate
from ..ir import children
from .fastast import (
    _all_of,
    _any_of,
    _assign,
    _call,
    _cmp,
    _decline_if,
    _fast_audit,
    _fast_const,
    _fast_ident,
    _interned,
    _is,
    _is_not,
    _load,
    _method,
    _not,
    _store,
    _type_is_not,
)
from .limits import MAX_LIST_LENGTH

__all__ = ["Fast", "build_fast"]

_FAST_COMPARE: dict[str, type[ast.cmpop]] = {
    "=": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE,
}

Fast = Callable[[Any], dict[str, Any] | None]  # the normalised case, or None: not taken
_Action = Callable[[], None]


class _NoFastPath(Exception):
    """A shape the fast-path generator does not specialise; the detailed path serves it."""


class _FastLoop:
    """One loop, after the fields are checked, for the ``all`` constraints over a list."""

    __slots__ = ("body", "item", "reads")

    def __init__(self, item: str):
        self.item = item  # the local bound to each element
        self.reads: dict[str, str] = {}  # element field -> local, read first in each turn
        self.body: list[ast.stmt] = []


class _FastBinding:
    """The variable of a constraint ``all c in <list> where …`` while its body is
    compiled: the local holding the element, the element's type, and the locals holding
    the element's fields. `closed`: the fields are the locals of the element's check,
    and no other field may be read."""

    __slots__ = ("closed", "element", "local", "reads")

    def __init__(self, local: str, element: ir.Type, reads: dict[str, str], closed: bool):
        self.local = local
        self.element = element
        self.reads = reads
        self.closed = closed


class _FastBuilder:
    """Writes the fast validating function of one vocabulary as an `ast.Module`."""

    def __init__(self, vocab: ir.Vocabulary, duration: Callable[[Any], Any], bad: object,
                 owned: bool = False):
        self.vocab = vocab
        self.owned = owned  # copy every record and list, sharing nothing with the input
        self.namespace: dict[str, Any] = {
            "__builtins__": {},  # the function reaches nothing but what is bound here
            "_type": type,
            "_len": len,
            "_dict": dict,
            "_list": list,
            "_str": str,
            "_int": int,
            "_date": _dt.date,
            "_iso": _dt.date.fromisoformat,
            "_dur": duration,
            "_bad": bad,
            "_empty": MappingProxyType({}),
            **EXPRESSION_NAMES,  # what the backend's expression code reads (`value`)
        }
        self._shared: dict[Hashable, str] = {}
        self._counter = itertools.count()
        self._block: list[ast.stmt] = []
        self._holds: dict[str, bool] = {}
        # top-level field -> the local holding its normalised value once it is checked
        self._checked: dict[str, str] = {}
        # top-level list field -> the `all` constraints checked on each element as it is
        self._per_element: dict[str, list[ir.Constraint]] = {}
        self._fusing = False  # compiling a constraint into a field check (facts: checked ones)
        self._facts: dict[tuple[str, ...], str] = {}  # a deeper fact -> local, read up front
        # a field of a top-level record -> the local its check leaves it in (None when the
        # record is unknown), which the constraints read instead of reading it again
        self._nested: dict[tuple[str, str], str] = {}
        self._record_fields: dict[str, str] = {}  # the fields of the record just checked
        self._lazy: set[str] = set()  # locals of record copies made on the first change
        self._bound: dict[str, _FastBinding] = {}
        self._known: set[str] = set()  # locals tested not None around the code emitted

    # ---- plumbing -------------------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        return _fast_ident(f"{prefix}{next(self._counter)}")

    def shared(self, key: Hashable, value: Any) -> str:
        """The namespace name bound to `value` (a set, a date, a duration, a helper)."""
        name = self._shared.get(key)
        if name is None:
            name = self.fresh("_k")
            self._shared[key] = name
            self.namespace[name] = _interned(value)
        return name

    def emit(self, stmt: ast.stmt) -> None:
        self._block.append(stmt)

    @contextlib.contextmanager
    def into(self, block: list[ast.stmt]) -> Iterator[list[ast.stmt]]:
        """Emit into `block` for the duration."""
        outer, self._block = self._block, block
        try:
            yield block
        finally:
            self._block = outer

    def branch(self, test: ast.expr, action: _Action) -> None:
        """``if test: <what action emits>``."""
        body: list[ast.stmt] = []
        with self.into(body):
            action()
        self.emit(ast.If(test, body, []))

    def decline(self) -> None:
        self.emit(ast.Return(_fast_const(None)))

    @contextlib.contextmanager
    def binding(self, var: str, bound: _FastBinding) -> Iterator[None]:
        outer = self._bound.get(var)
        self._bound[var] = bound
        try:
            yield
        finally:
            if outer is None:
                del self._bound[var]
            else:
                self._bound[var] = outer

    def record_info(self, name: str) -> ir.RecordInfo:
        info = self.vocab.record(name)
        if info is None:
            raise _NoFastPath(f"the vocabulary has no record `{name}`")
        return info

    def holds_date(self, type_: ir.Type, stack: tuple[str, ...] = ()) -> bool:
        """Whether a value of `type_` can hold a date or duration (it is then copied)."""
        if isinstance(type_, (ir.DateType, ir.DurationType)):
            return True
        if isinstance(type_, ir.ListType):
            return self.holds_date(type_.element, stack)
        if isinstance(type_, ir.RecordType):
            known = self._holds.get(type_.name)
            if known is not None:
                return known
            if type_.name in stack:
                raise _NoFastPath(f"the record `{type_.name}` contains itself")
            info = self.record_info(type_.name)
            found = any(self.holds_date(f.type, (*stack, type_.name)) for f in info.fields)
            self._holds[type_.name] = found
            return found
        return False

    # ---- the function ------------------------------------------------------------------

    def module(self) -> ast.Module:
        """``def _fast(_in)``: the normalised case, or None to use the detailed path."""
        later: list[ir.Constraint] = []
        for constraint in self.vocab.constraints:  # which can be checked element by element
            body = constraint.body
            if (
                isinstance(body, ir.Quantifier)
                and body.kind == "all"
                and isinstance(body.source, ir.Fact)
                and len(body.source.path) == 1
            ):
                self._per_element.setdefault(body.source.path[0], []).append(constraint)
            else:
                later.append(constraint)
        body_: list[ast.stmt] = []
        with self.into(body_):
            keys = self.shared(("keys", None), frozenset(f.name for f in self.vocab.fields))
            self.emit(_decline_if(_any_of(
                _type_is_not("_in", "_dict"),
                _not(_method(keys, "issuperset", _load("_in"))),
            )))
            self.emit(_assign("_out", _method("_in", "copy")))
            # lists last, so that the facts an element's constraints read are checked
            fields = self.vocab.fields
            lists = tuple(f for f in fields if isinstance(f.type, ir.ListType))
            ordered = tuple(f for f in fields if f not in lists) + lists
            self.fields("_in", "_out", ordered, (), top=True)
            later.extend(c for pending in self._per_element.values() for c in pending)
            self.constraints(later)
            self.emit(ast.Return(_load("_out")))
        function = ast.FunctionDef(
            name=_fast_ident("_fast"),
            args=ast.arguments(
                posonlyargs=[], args=[ast.arg(_fast_ident("_in"))], vararg=None,
                kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[],
            ),
            body=body_,
            decorator_list=[],
            returns=None,
        )
        module = ast.Module([function], type_ignores=[])
        fill_empty(module)  # an `if` or `for` whose body checks nothing
        _fast_audit(module)
        return module  # located by the caller, which compiles it (or the fused module)

    # ---- checking values ----------------------------------------------------------------

    def fields(
        self,
        src: str,
        out: str | None,
        fields: tuple[ir.FieldInfo, ...],
        stack: tuple[str, ...],
        top: bool = False,
    ) -> dict[str, str]:
        """Check each field of the record in local `src`, storing a normalised value that
        is a new object into the record's copy `out` (None: the record is shared).
        Returns the local of each field, which holds its normalised value afterwards."""
        locals_: dict[str, str] = {}
        for info in fields:
            value = self.fresh("_v")
            locals_[info.name] = value
            self.emit(_assign(value, _method(src, "get", _fast_const(info.name))))
            type_ = info.type
            # a scalar: one test, which lets null (unknown) through; the commonest
            # value of a yes/no (false) is tested first, null before a type test
            if isinstance(type_, ir.BoolType):
                self.emit(_decline_if(_all_of(
                    _is_not(_load(value), False), _is_not(_load(value), None),
                    _is_not(_load(value), True),
                )))
            elif isinstance(type_, ir.IntType):
                self.emit(_decline_if(_all_of(
                    _is_not(_load(value), None), _type_is_not(value, "_int")
                )))
            elif isinstance(type_, ir.EnumType):
                choices = self.shared(("enum", type_.values), frozenset(type_.values))
                self.emit(_decline_if(_all_of(_is_not(_load(value), None), _any_of(
                    _type_is_not(value, "_str"), _cmp(_load(value), ast.NotIn(), _load(choices))
                ))))
            else:
                pending = self._per_element.pop(info.name, []) if top else []
                body: list[ast.stmt] = []
                with self.into(body):
                    result = self.check(type_, value, stack, pending)
                    if result is not None and out is not None:
                        if result != value:
                            self.emit(_assign(value, _load(result)))
                        if out in self._lazy:  # the record's copy, made on its first change
                            fresh = _assign(out, _method(src, "copy"))
                            self.emit(ast.If(_cmp(_load(out), ast.Is(), _load(src)), [fresh], []))
                        target = ast.Subscript(_load(out), _fast_const(info.name), ast.Store())
                        self.emit(ast.Assign([target], _load(value)))
                if pending:  # not checked element by element after all
                    self._per_element[info.name] = pending
                unknown: list[ast.stmt] = []
                if top and isinstance(type_, ir.RecordType):
                    # every field's local is set on both branches: its normalised value,
                    # or None (unknown) when the whole record is
                    for name, local in self._record_fields.items():
                        self._nested[(info.name, name)] = local
                        unknown.append(_assign(local, _fast_const(None)))
                self.emit(ast.If(_is_not(_load(value), None), body, unknown))
            if top:
                self._checked[info.name] = value
        return locals_

    def check(
        self,
        type_: ir.Type,
        src: str,
        stack: tuple[str, ...],
        per_element: list[ir.Constraint] | None = None,
    ) -> str | None:
        """Statements declining unless the known (non-null) value in local `src` is well
        formed, as the detailed path judges it. Returns the local holding the normalised
        value when that is a new object (a parsed date, a copied record or list), None
        when the value is kept as it is. `per_element`: constraints ``all c in <this
        list> where …`` to check on each element; those checked are removed from it."""
        if isinstance(type_, ir.BoolType):
            self.emit(_decline_if(_all_of(_is_not(_load(src), False), _is_not(_load(src), True))))
            return None
        if isinstance(type_, ir.IntType):
            self.emit(_decline_if(_type_is_not(src, "_int")))
            return None
        if isinstance(type_, ir.EnumType):
            choices = self.shared(("enum", type_.values), frozenset(type_.values))
            self.emit(_decline_if(_any_of(
                _type_is_not(src, "_str"), _cmp(_load(src), ast.NotIn(), _load(choices))
            )))
            return None
        if isinstance(type_, ir.DateType):
            # as _Date.accept: exactly YYYY-MM-DD (fromisoformat reads more forms), parsed
            # (a ValueError declines), or a date as it is
            def char(index: int) -> ast.Compare:
                return _cmp(
                    ast.Subscript(_load(src), _fast_const(index), ast.Load()),
                    ast.NotEq(),
                    _fast_const("-"),
                )

            shape = _any_of(
                _cmp(_call("_len", _load(src)), ast.NotEq(), _fast_const(10)), char(4), char(7)
            )
            self.emit(ast.If(
                _cmp(_call("_type", _load(src)), ast.Is(), _load("_str")),
                [_decline_if(shape), _assign(src, _call("_iso", _load(src)))],
                [_decline_if(_type_is_not(src, "_date"))],
            ))
            return src
        if isinstance(type_, ir.DurationType):
            result = self.fresh("_d")
            self.emit(_assign(result, _call("_dur", _load(src))))
            self.emit(_decline_if(_cmp(_load(result), ast.Is(), _load("_bad"))))
            return result
        if isinstance(type_, ir.RecordType):
            return self.record(type_, src, stack)[0]
        if isinstance(type_, ir.ListType):
            return self.list_(type_, src, stack, per_element or [])
        raise _NoFastPath(f"no fast check for the type {type_}")  # pragma: no cover

    def record(
        self, type_: ir.RecordType, src: str, stack: tuple[str, ...]
    ) -> tuple[str | None, dict[str, str]]:
        """Check a record: the local of its copy (None: shared) and of each field."""
        if type_.name in stack:
            raise _NoFastPath(f"the record `{type_.name}` contains itself")
        info = self.record_info(type_.name)
        keys = self.shared(("keys", type_.name), frozenset(f.name for f in info.fields))
        self.emit(_decline_if(_any_of(
            _type_is_not(src, "_dict"),
            _not(_method(keys, "issuperset", _load(src))),
        )))
        out = None
        if self.owned:  # a copy of its own, made at once
            out = self.fresh("_o")
            self.emit(_assign(out, _method(src, "copy")))
        elif self.holds_date(type_):  # the record itself until a value in it changes
            out = self.fresh("_o")
            self._lazy.add(out)
            self.emit(_assign(out, _load(src)))
        fields = self.fields(src, out, info.fields, (*stack, type_.name))
        self._record_fields = fields
        return out, fields

    def list_(
        self,
        type_: ir.ListType,
        src: str,
        stack: tuple[str, ...],
        per_element: list[ir.Constraint],
    ) -> str | None:
        element = type_.element
        self.emit(_decline_if(_type_is_not(src, "_list")))
        # a list past the limit goes to the detailed path, which refuses it
        self.emit(_decline_if(_cmp(_call("_len", _load(src)), ast.Gt(),
                                   _fast_const(MAX_LIST_LENGTH))))
        if isinstance(element, ir.EnumType):  # as _List.convert: one set test
            choices = self.shared(("enum", element.values), frozenset(element.values))
            self.emit(_decline_if(_not(_method(choices, "issuperset", _load(src)))))
            if not self.owned:
                return None
            copied = self.fresh("_c")
            self.emit(_assign(copied, _method(src, "copy")))
            return copied
        out = None
        if self.owned or self.holds_date(element, stack):
            out = self.fresh("_l")
            self.emit(_assign(out, ast.List([], ast.Load())))
        item = self.fresh("_x")
        body: list[ast.stmt] = []
        with self.into(body):
            if isinstance(element, ir.RecordType):
                normalised, fields = self.record(element, item, stack)
                for constraint in list(per_element):
                    if self.fuse(constraint, element, normalised or item, fields):
                        per_element.remove(constraint)
            else:
                normalised = self.check(element, item, stack)
            if out is not None:
                self.emit(ast.Expr(_method(out, "append", _load(normalised or item))))
        self.emit(ast.For(_store(item), _load(src), body, []))
        return out

    # ---- constraints ----------------------------------------------------------------------

    def fuse(
        self,
        constraint: ir.Constraint,
        element: ir.RecordType,
        item: str,
        fields: dict[str, str],
    ) -> bool:
        """Check ``all c in <list> where body`` on one element, just checked, reading its
        fields from the locals of that check; False when the body reads something not
        at hand there (then it is checked after the fields, in `constraints`)."""
        body = constraint.body
        assert isinstance(body, ir.Quantifier)
        # each field's local holds its normalised value (`fields`), so no field is read again
        usable = dict(fields)
        block: list[ast.stmt] = []
        self._fusing = True
        try:
            with self.into(block), self.binding(
                body.var.name, _FastBinding(item, element, usable, closed=True)
            ):
                self.when(body.body, False, self.decline, repeat=True)
        except _NoFastPath:
            return False
        finally:
            self._fusing = False
        self._block.extend(block)
        return True

    def constraints(self, constraints: list[ir.Constraint]) -> None:
        """Decline when a constraint is false: read every deeper fact they need once,
        then test each, the ``all`` constraints over one list in one loop."""
        sections: list[list[ast.stmt] | tuple[str, ...]] = []
        loops: dict[tuple[str, ...], _FastLoop] = {}
        for constraint in constraints:
            body = constraint.body
            block: list[ast.stmt] = []
            try:
                if (
                    isinstance(body, ir.Quantifier)
                    and body.kind == "all"
                    and isinstance(body.source, ir.Fact)
                ):
                    # false exactly when the body is false for some element
                    path = body.source.path
                    element = self.element_type(body.source)
                    self.fact(path)
                    loop = loops.get(path) or _FastLoop(self.fresh("_c"))
                    bound = _FastBinding(loop.item, element, loop.reads, closed=False)
                    with self.into(block), self.binding(body.var.name, bound):
                        self.when(body.body, False, self.decline, repeat=True)
                    if path not in loops:
                        loops[path] = loop
                        sections.append(path)
                    loop.body.extend(block)
                    continue
                with self.into(block):
                    self.when(body, False, self.decline, repeat=True)
            except _NoFastPath:
                check = self.shared(("interpreted", constraint.name, body), evaluator(body))
                call = ast.Call(_load(check), [_load("_out"), _load("_empty")], [])
                block = [_decline_if(_is(call, False))]
            sections.append(block)

        for path, local in self._facts.items():
            self.emit(_assign(local, _load(self._checked[path[0]])))
            for key in path[1:]:
                step = _assign(local, _method(local, "get", _fast_const(key)))
                self.emit(ast.If(_is_not(_load(local), None), [step], []))
        for section in sections:
            if isinstance(section, list):
                self._block.extend(section)
                continue
            loop = loops[section]
            reads: list[ast.stmt] = [
                _assign(local, _method(loop.item, "get", _fast_const(name)))
                for name, local in loop.reads.items()
            ]
            source = self.fact(section)
            each = ast.For(_store(loop.item), _load(source), reads + loop.body, [])
            self.emit(ast.If(_is_not(_load(source), None), [each], []))

    def fact(self, path: tuple[str, ...]) -> str:
        """The local holding the fact at `path`: a top-level field's own local once it is
        checked, a deeper fact read from it before the constraints."""
        if self._fusing:  # inside a field check: only fields already checked
            if len(path) != 1 or path[0] not in self._checked:
                raise _NoFastPath(f"the fact {'.'.join(path)} is not checked yet")
            return self._checked[path[0]]
        info = self.vocab.field(path[0]) if path else None
        for key in path[1:]:  # every step but the last is a record of the vocabulary
            if info is None or not isinstance(info.type, ir.RecordType):
                raise _NoFastPath(f"no fact {'.'.join(path)}")
            info = self.record_info(info.type.name).field(key)
        if info is None:
            raise _NoFastPath(f"no fact {'.'.join(path)}")
        if len(path) == 1:
            return self._checked[path[0]]
        nested = self._nested.get((path[0], path[1])) if len(path) == 2 else None
        if nested is not None:
            return nested
        local = self._facts.get(path)
        if local is None:
            local = self._facts[path] = self.fresh("_f")
        return local

    def checked(self, path: tuple[str, ...]) -> str:
        """After `module()`: the local holding the normalised fact at `path` (a top-level
        field or a field of a top-level record) where the function returns the case."""
        if len(path) == 1:
            local = self._checked.get(path[0])
        else:
            local = self._nested.get((path[0], path[1])) if len(path) == 2 else None
        if local is None:
            raise _NoFastPath(f"the fact {'.'.join(path)} is held in no local")
        return local

    def element_type(self, source: ir.Fact | ir.Field) -> ir.Type:
        if not isinstance(source.type, ir.ListType):
            raise _NoFastPath("a quantifier over something that is not a list")
        return source.type.element

    def when(self, expr: ir.Expr, target: bool, action: _Action, repeat: bool) -> None:
        """Run `action` where `expr` is exactly `target` (True or False; unknown is
        neither). `repeat`: the action may be emitted more than once (it returns)."""
        if isinstance(expr, ir.Not):
            self.when(expr.operand, not target, action, repeat)
            return
        if isinstance(expr, ir.IsKnown):  # never itself unknown
            value = self.value(expr.operand)
            if not target:
                self.branch(_is(value, None), action)
            elif isinstance(value, ast.Name):
                name = value.id
                self.branch(_is_not(value, None), lambda: self.knowing(name, action))
            else:
                action()  # a constant is known
            return
        if isinstance(expr, (ir.And, ir.Or)) and expr.operands:
            if (target is True) is isinstance(expr, ir.Or):  # any one operand settles it
                if repeat:
                    for operand in expr.operands:
                        self.when(operand, target, action, repeat)
                    return
            else:  # every operand must be `target`
                self.every(expr.operands, target, action, repeat)
                return
        elif isinstance(expr, ir.Compare) and expr.op in _FAST_COMPARE:
            left, right = self.value(expr.left), self.value(expr.right)
            tests = [_is_not(v, None) for v in (left, right) if self.nullable(v)]
            compared = _cmp(left, _FAST_COMPARE[expr.op](), right)
            self.branch(_all_of(*tests, compared if target else _not(compared)), action)
            return
        elif isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst):
            element, values = self.value(expr.element), self.value(expr.collection)
            tests = [_is_not(element, None)] if self.nullable(element) else []
            member = _cmp(element, ast.In() if target else ast.NotIn(), values)
            self.branch(_all_of(*tests, member), action)
            return
        value = self.value(expr)
        self.branch(_is(value, target), action)

    def every(
        self, operands: tuple[ir.Expr, ...], target: bool, action: _Action, repeat: bool
    ) -> None:
        """Run `action` where every operand is exactly `target` (nested tests)."""
        first, rest = operands[0], operands[1:]
        if not rest:
            self.when(first, target, action, repeat)
            return
        self.when(first, target, lambda: self.every(rest, target, action, repeat), False)

    def value(self, expr: ir.Expr) -> ast.Name | ast.Constant:
        """A local (or constant) holding the three-valued value of `expr` (None:
        unknown), computed by the statements emitted: the backend's expression compiler
        (the code a compiled program has), over the locals that hold the facts here."""
        held: dict[ir.Expr, str] = {}
        self.held(expr, frozenset(), held)
        try:
            body, result = compile_expression(
                expr,
                held,
                {var: bound.local for var, bound in self._bound.items()},
                names=self._counter,
                bind_constant=lambda key, value: self.shared(("expression", key), value),
                known=frozenset(self._known),
            )
        except (ir.UnsupportedNode, TypeError, ValueError) as error:
            raise _NoFastPath(str(error)) from None
        self._block.extend(body)
        return result

    def held(self, expr: ir.Expr, inner: frozenset[str], out: dict[ir.Expr, str]) -> None:
        """Into `out`: the local holding each fact `expr` reads, and each field it reads
        of an element bound here (`inner`: variables bound inside `expr`)."""
        if isinstance(expr, ir.Fact):
            out[expr] = self.fact(expr.path)
        elif isinstance(expr, ir.Field) and expr.record.name not in inner:
            bound = self._bound.get(expr.record.name)
            if bound is None or not isinstance(bound.element, ir.RecordType):
                raise _NoFastPath(f"no record bound to `{expr.record.name}`")
            if self.record_info(bound.element.name).field(expr.name) is None:
                raise _NoFastPath(f"no field `{expr.name}`")
            local = bound.reads.get(expr.name)
            if local is None:
                if bound.closed:
                    raise _NoFastPath(f"the field `{expr.name}` is not at hand")
                local = bound.reads[expr.name] = self.fresh("_f")
            out[expr] = local
        elif isinstance(expr, ir.Quantifier):
            self.held(expr.source, inner, out)
            self.held(expr.body, inner | {expr.var.name}, out)
        else:
            for child in children(expr):
                self.held(child, inner, out)

    def nullable(self, value: ast.Name | ast.Constant) -> bool:
        """Whether `value` may be None here (not a constant, not tested known)."""
        return isinstance(value, ast.Name) and value.id not in self._known

    def knowing(self, name: str, action: _Action) -> None:
        """Run `action` knowing that the local `name` is not None."""
        if name in self._known:
            action()
            return
        self._known.add(name)
        try:
            action()
        finally:
            self._known.discard(name)


_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


def build_fast(
    vocab: ir.Vocabulary, duration: Callable[[Any], Any], bad: object, owned: bool = False
) -> tuple[Fast, ast.Module] | None:
    """The fast validating function of `vocab` and its module (`ast.unparse` shows its
    source), or None when the vocabulary has a shape the generator does not specialise
    (a record in itself).
    `duration` reads a duration as the detailed path does, returning `bad` for one that
    is not well formed (durations are rare: the generated code calls it). `owned`: the
    normalised case copies every record and list instead of sharing those that need no
    change with the input (what a `Case`, kept after the call, holds)."""
    builder = _FastBuilder(vocab, duration, bad, owned)
    filename = "<trustlaw-cases:" + _SAFE_FILENAME.sub("_", str(vocab.name))[:60] + ">"
    try:
        module = builder.module()
        code = compile(locate(module), filename, "exec")
    except (_NoFastPath, RecursionError, SyntaxError, TypeError, ValueError):
        # a record in itself, records nested past Python's limits, a hand-built vocabulary
        # with names that are not text: the detailed path serves every case
        return None
    namespace = builder.namespace
    exec(code, namespace)  # the audited module: one function over the bound names
    fast: Fast = namespace["_fast"]
    return fast, module
