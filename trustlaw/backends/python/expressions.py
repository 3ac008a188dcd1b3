"""IR expression → statements computing its three-valued value, with reuse of common values."""

from __future__ import annotations

import ast
import datetime as _dt
import itertools
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import attrs

from ... import ir
from .. import _runtime
from .astkit import (
    _ARITH_OPS,
    _COMPARE_OPS,
    _DATA,
    _FOLD_COMPARE,
    _MAX_NESTING,
    _NEGATED,
    BACKEND,
    Val,
    _assign,
    _call,
    _Const,
    _constant,
    _flatten,
    _free_vars,
    _get,
    _ident,
    _if,
    _is,
    _is_not,
    _load,
    _Loop,
    _runtime_attr,
    _store,
)

# ---- the generator --------------------------------------------------------------------------


class ExpressionGenerator:
    """Builds the module for one program (`module()`), or the code of one expression
    for another generator's function (`compile_expression`: no program)."""

    def __init__(self, program: ir.Program | None, names: Iterator[int] | None = None):
        self.program = program
        self._count = itertools.count() if names is None else names
        # set by `compile_expression`: every fact is held in a local of the caller,
        # constants are bound by the caller, and these locals are known not None
        self.facts_held = False
        self.bind_constant: Callable[[Hashable, object], str] | None = None
        self.known: AbstractSet[str] = frozenset()
        self.header: list[ast.stmt] = []  # module-level constants
        self._consts: dict[Hashable, str] = {}
        self._const_names: set[str] = set()
        self._free_cache: dict[int, tuple[ir.Expr, frozenset[str]]] = {}
        self.block: list[ast.stmt] = []
        self.scopes: list[dict[Hashable, Val]] = [{}]
        self.env: dict[str, str] = {}
        self.loops: list[_Loop] = []
        self.computed: dict[Hashable, str] = {}  # every value computed outside loops
        self.restart: list[str] = []  # those reused on other paths: start as _unset
        self.not_true: set[str] = set()  # values known not to be True from here on

    # -- plumbing --

    def fresh(self, prefix: str) -> str:
        return _ident(f"{prefix}{next(self._count)}")

    def emit(self, stmt: ast.stmt) -> None:
        self.block.append(stmt)

    @contextmanager
    def nested(self, body: list[ast.stmt]) -> Iterator[None]:
        """Generate into `body`, a block inside the current one: values computed there
        are forgotten on leaving it (they do not exist on the other paths)."""
        saved = self.block
        self.block = body
        self.scopes.append({})
        try:
            yield
        finally:
            self.scopes.pop()
            self.block = saved

    def _start_function(self) -> None:
        self.block = []
        self.scopes = [{}]
        self.env = {}
        self.loops = []
        self.computed = {}
        self.restart = []
        self.not_true = set()

    def function(self, name: str) -> ast.FunctionDef:
        """The function generated into `self.block`, taking the case as `_in`."""
        body = [_assign(n, _load("_unset")) for n in self.restart] + self.block
        args = ast.arguments(
            posonlyargs=[], args=[ast.arg(_ident(_DATA))], vararg=None, kwonlyargs=[],
            kw_defaults=[], kwarg=None, defaults=[],
        )
        return ast.FunctionDef(_ident(name), args, body, [], None, None)

    def expr(self, value: Val) -> ast.expr:
        """A fresh AST node reading `value`."""
        return _constant(value.value) if isinstance(value, _Const) else _load(value)

    def bind(self, node: ast.expr, prefix: str = "_v") -> str:
        """Assign `node` to a fresh local and return its name."""
        name = self.fresh(prefix)
        self.emit(_assign(name, node))
        return name

    def module_const(self, key: Hashable, node: Callable[[], ast.expr], value: object) -> str:
        """A module-level constant (computed once at import), shared by key; or, for
        `compile_expression`, `value` bound by the caller."""
        if self.bind_constant is not None:
            bound = self.bind_constant(key, value)
            self._const_names.add(bound)
            return bound
        name = self._consts.get(key)
        if name is None:
            name = self.fresh("_k")
            self.header.append(_assign(name, node()))
            self._consts[key] = name
            self._const_names.add(name)
        return name

    def is_constant_name(self, value: Val) -> bool:
        return isinstance(value, str) and value in self._const_names

    def none_checks(self, *values: Val) -> list[ast.expr]:
        """``v is None`` for each value that may be unknown."""
        return [
            _is(self.expr(v), _constant(None))
            for v in values
            if not isinstance(v, _Const) and not self.is_constant_name(v) and v not in self.known
        ]

    def unless_unknown(self, checks: list[ast.expr], node: ast.expr) -> ast.expr:
        """``None if <any check> else node``."""
        if not checks:
            return node
        test = checks[0] if len(checks) == 1 else ast.BoolOp(ast.Or(), checks)
        return ast.IfExp(test, _constant(None), node)

    # -- expressions --

    def value(self, expr: ir.Expr) -> Val:
        """Emit the statements computing `expr` and return where its value is."""
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            raise ir.UnsupportedNode(expr, BACKEND)
        if isinstance(expr, (ir.Const, ir.Var, ir.SetConst)):
            return handler(self, expr)
        free = _free_vars(expr, self._free_cache)
        return self.cached(self.key(expr, free), free, lambda: handler(self, expr))

    def key(self, expr: ir.Expr, free: frozenset[str]) -> Hashable:
        """The key under which a computed value is reused: the expression and the
        locals its free variables are bound to (so shadowing cannot confuse them).
        Nested ``and``s (``or``s) are flattened: ``a or (b or c)`` is ``a or b or c``."""
        expr = _flatten(expr)
        if not free:
            return expr
        try:
            return (expr, tuple(sorted((v, self.env[v]) for v in free)))
        except KeyError as missing:
            raise ValueError(
                f"the variable `{missing.args[0]}` is not bound by any quantifier"
            ) from None

    def cached(self, key: Hashable, free: frozenset[str], compute: Callable[[], Val]) -> Val:
        """The value under `key`, computed by `compute` unless it can be reused:

        - computed earlier in this block or an enclosing one: reuse it as is;
        - inside a loop and not reading the loop's element: compute it on first use
          and keep it for the later elements (its local starts out as ``_unset``
          before the loop);
        - outside loops, computed earlier on some other path: reuse it if that path
          ran, else compute it now (its local starts out as ``_unset`` at the top
          of the function)."""
        for scope in reversed(self.scopes):
            hit = scope.get(key)
            if hit is not None:
                return hit
        loop = self.invariant_loop(free)
        if loop is not None:
            name = loop.memos.get(key)
            if name is None:
                name = self.fresh("_m")
                loop.memos[key] = name
                loop.pre.append(_assign(name, _load("_unset")))
            return self.guarded(key, name, compute)
        if not self.loops:
            earlier = self.computed.get(key)
            if earlier is not None:
                if earlier not in self.restart:
                    self.restart.append(earlier)
                return self.guarded(key, earlier, compute)
        result = compute()
        self.scopes[-1][key] = result
        if not self.loops and isinstance(result, str) and result not in self._const_names:
            self.computed[key] = result
        return result

    def guarded(self, key: Hashable, name: str, compute: Callable[[], Val]) -> str:
        """``if name is _unset: name = <compute>``; then `name` holds the value."""
        body: list[ast.stmt] = []
        with self.nested(body):
            result = compute()
            if result != name:
                self.emit(_assign(name, self.expr(result)))
        self.emit(_if(_is(_load(name), _load("_unset")), body))
        self.scopes[-1][key] = name
        return name

    def invariant_loop(self, free: frozenset[str]) -> _Loop | None:
        """The outermost enclosing quantifier loop in which a value reading the
        variables `free` does not change (None outside loops)."""
        start = 0
        for index, loop in enumerate(self.loops):
            if loop.var in free:
                start = index + 1
        return self.loops[start] if start < len(self.loops) else None

    def const(self, expr: ir.Const) -> Val:
        return self.constant(expr.value)

    def constant(self, value: object) -> Val:
        if type(value) in (bool, int, str):
            return _Const(value)  # type: ignore[arg-type]
        if type(value) is _dt.date:
            date = value
            return self.module_const(
                ("date", date),
                lambda: _call(
                    _runtime_attr("day"),
                    _constant(date.year), _constant(date.month), _constant(date.day),
                ),
                date,
            )
        if type(value) is ir.Duration:
            return self.duration(value)
        raise TypeError(f"a constant of type {type(value).__name__} cannot be compiled")

    def duration(self, duration: ir.Duration) -> str:
        return self.module_const(
            ("duration", duration),
            lambda: _call(
                _runtime_attr("Duration"),
                _constant(int(duration.years)),
                _constant(int(duration.months)),
                _constant(int(duration.days)),
            ),
            duration,
        )

    def set_const(self, expr: ir.SetConst) -> Val:
        items = [self.constant(v) for v in expr.values]
        key = ("set", tuple((type(v).__name__, v) for v in expr.values))
        return self.module_const(
            key,
            lambda: _call(_runtime_attr("fset"), *(self.expr(i) for i in items)),
            frozenset(expr.values),
        )

    def fact(self, expr: ir.Fact) -> Val:
        path = expr.path
        if not path:
            raise ValueError("a fact needs a path")
        if self.facts_held:
            raise ValueError(f"the fact `{'.'.join(path)}` is not held in a local")
        base = _DATA if len(path) == 1 else self.record(path[:-1])
        return self.bind(_get(_load(base), path[-1]))

    def record(self, prefix: tuple[str, ...]) -> str:
        """The record at `prefix`, or the empty mapping when it is unknown."""

        def lookup() -> Val:
            base = _DATA if len(prefix) == 1 else self.record(prefix[:-1])
            node = ast.BoolOp(ast.Or(), [_get(_load(base), prefix[-1]), _load("_empty")])
            return self.bind(node, "_r")

        name = self.cached(("record", prefix), frozenset(), lookup)
        assert isinstance(name, str)
        return name

    def var(self, expr: ir.Var) -> Val:
        name = self.env.get(expr.name)
        if name is None:
            raise ValueError(f"the variable `{expr.name}` is not bound by any quantifier")
        return name

    def field(self, expr: ir.Field) -> Val:
        element = self.var(expr.record)
        assert isinstance(element, str)
        return self.bind(_get(_load(element), expr.name))

    def not_(self, expr: ir.Not) -> Val:
        inner = expr.operand
        if not self.available(inner):
            # ``not (a < b)`` is ``a >= b`` and ``not (x in {…})`` is ``x not in {…}``,
            # unknown alike: one guarded test instead of two
            if isinstance(inner, ir.Compare) and inner.op in _NEGATED:
                return self.value(attrs.evolve(inner, op=_NEGATED[inner.op]))
            if isinstance(inner, ir.Member) and isinstance(inner.collection, ir.SetConst):
                return self.in_set(inner, negated=True)
        return self.negate(self.value(inner))

    def available(self, expr: ir.Expr) -> bool:
        """Whether the value of `expr` is already held on this path."""
        return self.lookup(expr) is not None

    def lookup(self, expr: ir.Expr) -> Val | None:
        """The value of `expr` held on this path, if any."""
        key = self.key(expr, _free_vars(expr, self._free_cache))
        for scope in reversed(self.scopes):
            hit = scope.get(key)
            if hit is not None:
                return hit
        return None

    def negate(self, operand: Val) -> Val:
        if isinstance(operand, _Const):
            return _Const(not operand.value)
        node = ast.UnaryOp(ast.Not(), self.expr(operand))
        return self.bind(self.unless_unknown(self.none_checks(operand), node))

    def and_(self, expr: ir.And) -> Val:
        return self.junction(expr.operands, stop=False)

    def or_(self, expr: ir.Or) -> Val:
        return self.junction(expr.operands, stop=True)

    def junction(self, operands: Sequence[ir.Expr], stop: bool) -> Val:
        """``or`` (stop=True) or ``and`` (stop=False) in three-valued logic, evaluating
        operands left to right until one equals `stop`."""
        identity = not stop
        first: Val | None = None  # the only non-constant operand so far
        acc: str | None = None  # the accumulator, once there are two
        saved = self.block
        opened: list[list[ast.stmt]] = []
        seen: set[str] = set()
        try:
            for operand in operands:
                if first is not None and not isinstance(operand, ir.Const):
                    if acc is None:
                        acc = self.bind(self.expr(first))
                    if len(opened) >= _MAX_NESTING:
                        for _ in opened:
                            self.scopes.pop()
                        opened.clear()
                        self.block = saved
                    body: list[ast.stmt] = []
                    self.emit(_if(_is_not(_load(acc), _constant(stop)), body))
                    self.block = body
                    self.scopes.append({})
                    opened.append(body)
                value = self.value(operand)
                if isinstance(value, _Const):
                    if value.value is stop:
                        return _Const(stop)  # decides on every path
                    if value.value is not identity:
                        raise TypeError(
                            f"a condition has the value {value.value!r}, not true or false"
                        )
                    continue
                if value in seen:
                    continue  # the same value again changes nothing
                seen.add(value)
                if first is None:
                    first = value
                    continue
                assert acc is not None
                merge = _assign(acc, self.expr(value))
                self.emit(_if(_is_not(self.expr(value), _constant(identity)), [merge]))
        finally:
            for _ in opened:
                self.scopes.pop()
            self.block = saved
        if acc is not None:
            return acc
        if first is not None:
            return first
        return _Const(identity)

    def compare(self, expr: ir.Compare) -> Val:
        op = _COMPARE_OPS.get(expr.op)
        if op is None:
            raise ValueError(f"unknown comparison operator {expr.op!r}")
        left = self.value(expr.left)
        right = self.value(expr.right)
        if isinstance(left, _Const) and isinstance(right, _Const):
            return _Const(bool(_FOLD_COMPARE[expr.op](left.value, right.value)))
        node = ast.Compare(self.expr(left), [op()], [self.expr(right)])
        return self.bind(self.unless_unknown(self.none_checks(left, right), node))

    def in_set(self, expr: ir.Member, negated: bool = False) -> Val:
        """``x in {A, B}`` (or ``not in``): unknown when `x` is."""
        assert isinstance(expr.collection, ir.SetConst)
        values = self.value(expr.collection)
        element = self.value(expr.element)
        if isinstance(element, _Const):
            return _Const((element.value in frozenset(expr.collection.values)) is not negated)
        op: ast.cmpop = ast.NotIn() if negated else ast.In()
        node = ast.Compare(self.expr(element), [op], [self.expr(values)])
        return self.bind(self.unless_unknown(self.none_checks(element), node))

    def member(self, expr: ir.Member) -> Val:
        if isinstance(expr.collection, ir.SetConst):
            return self.in_set(expr)
        items = self.value(expr.collection)
        element = self.value(expr.element)
        if isinstance(items, _Const):
            raise TypeError("`in` needs a list or a set on its right")
        node: ast.expr = ast.Compare(self.expr(element), [ast.In()], [self.expr(items)])
        if self.none_checks(element):
            # an unknown element is in no empty list, and perhaps in any other
            node = ast.IfExp(
                _is(self.expr(element), _constant(None)),
                ast.IfExp(self.expr(items), _constant(None), _constant(False)),
                node,
            )
        return self.bind(self.unless_unknown(self.none_checks(items), node))

    def int_arith(self, expr: ir.IntArith) -> Val:
        op = _ARITH_OPS.get(expr.op)
        if op is None:
            raise ValueError(f"unknown arithmetic operator {expr.op!r}")
        left = self.value(expr.left)
        right = self.value(expr.right)
        if (
            isinstance(left, _Const) and isinstance(right, _Const)
            and type(left.value) is int and type(right.value) is int
        ):
            total = left.value + right.value if expr.op == "+" else left.value - right.value
            return _Const(total)
        node = ast.BinOp(self.expr(left), op(), self.expr(right))
        return self.bind(self.unless_unknown(self.none_checks(left, right), node))

    def shift_date(self, expr: ir.ShiftDate) -> Val:
        if expr.sign not in (1, -1):
            raise ValueError(f"a date shift has sign +1 or -1, not {expr.sign!r}")
        date = self.value(expr.date)
        duration = self.duration(expr.duration)
        node = _call(_load("_shift"), self.expr(date), _load(duration), _constant(int(expr.sign)))
        return self.bind(self.unless_unknown(self.none_checks(date), node))

    def is_known(self, expr: ir.IsKnown) -> Val:
        operand = self.value(expr.operand)
        if not self.none_checks(operand):
            return _Const(True)
        return self.bind(_is_not(self.expr(operand), _constant(None)))

    def quantifier(self, expr: ir.Quantifier) -> Val:
        kind = expr.kind
        if kind not in ("any", "all", "no", "count"):
            raise ValueError(f"unknown quantifier kind {kind!r}")
        items = self.value(expr.source)
        if isinstance(items, _Const):
            raise TypeError("a quantifier needs a list")
        element = self.fresh("_e")
        loop = _Loop(expr.var.name)
        saved_env = self.env
        self.env = {**saved_env, expr.var.name: element}
        self.loops.append(loop)
        body: list[ast.stmt] = []
        try:
            with self.nested(body):
                found = self.value(expr.body)
        finally:
            self.loops.pop()
            self.env = saved_env
        result = self.fresh("_v")
        counting = kind == "count"
        start: bool | int = 0 if counting else kind == "all"
        stop_on = kind != "all"  # the element value that settles `any` (True) or `all` (False)
        if isinstance(found, _Const):
            settles = (found.value is True) if counting else (found.value is stop_on)
            if not settles:  # no element changes the start value
                loop_body: list[ast.stmt] = []
            elif counting:
                loop_body = [ast.AugAssign(_store(result), ast.Add(), _constant(1))]
            else:
                loop_body = [_assign(result, _constant(stop_on)), ast.Break()]
        else:
            value = self.expr(found)
            if counting:
                merge: ast.stmt = _if(
                    _is(value, _constant(True)),
                    [ast.AugAssign(_store(result), ast.Add(), _constant(1))],
                    [_if(_is(self.expr(found), _constant(None)),
                         [_assign(result, _constant(None)), ast.Break()])],
                )
            else:
                merge = _if(
                    _is(value, _constant(stop_on)),
                    [_assign(result, _constant(stop_on)), ast.Break()],
                    [_if(_is(self.expr(found), _constant(None)),
                         [_assign(result, _constant(None))])],
                )
            loop_body = [merge]
        known: list[ast.stmt] = [_assign(result, _constant(start))]
        if loop_body:
            known.append(ast.For(_store(element), self.expr(items), body + loop_body, []))
        self.block.extend(loop.pre)
        unknown_list: list[ast.stmt] = [_assign(result, _constant(None))]
        self.emit(_if(_is(self.expr(items), _constant(None)), unknown_list, known))
        if kind == "no":
            return self.negate(result)
        return result


_Handler = Callable[[ExpressionGenerator, Any], Val]

_HANDLERS: dict[type, _Handler] = {
    ir.Const: ExpressionGenerator.const,
    ir.SetConst: ExpressionGenerator.set_const,
    ir.Fact: ExpressionGenerator.fact,
    ir.Var: ExpressionGenerator.var,
    ir.Field: ExpressionGenerator.field,
    ir.Not: ExpressionGenerator.not_,
    ir.And: ExpressionGenerator.and_,
    ir.Or: ExpressionGenerator.or_,
    ir.Compare: ExpressionGenerator.compare,
    ir.Member: ExpressionGenerator.member,
    ir.IntArith: ExpressionGenerator.int_arith,
    ir.ShiftDate: ExpressionGenerator.shift_date,
    ir.IsKnown: ExpressionGenerator.is_known,
    ir.Quantifier: ExpressionGenerator.quantifier,
}


# The names the statements of `compile_expression` may read besides the caller's locals
# and constants, with their values: bind them in the namespace the statements run in.
EXPRESSION_NAMES: Mapping[str, Any] = MappingProxyType(
    {"_shift": _runtime.shift_date, "_unset": _runtime.UNSET}
)


def compile_expression(
    expr: ir.Expr,
    held: Mapping[ir.Expr, str],
    env: Mapping[str, str],
    *,
    names: Iterator[int],
    bind_constant: Callable[[Hashable, object], str],
    known: AbstractSet[str] = frozenset(),
) -> tuple[list[ast.stmt], ast.Name | ast.Constant]:
    """The statements computing the three-valued value of `expr` (None: unknown) inside
    another generator's function, and the local (or constant) then holding it: the code
    a compiled program has for it, so that both share one compiler of the semantics.

    The caller's function holds every fact of `expr` in the local `held` maps it to
    (which may also map a field of a variable of `env`), and binds each quantifier
    variable of `env` to the local holding its element. Names are drawn from the
    caller's counter `names` (so none clashes with the caller's), dates, durations and
    sets are bound by `bind_constant(key, value)` in the caller's namespace (which also
    binds `EXPRESSION_NAMES`), and the locals in `known` are not None there. Raises
    ValueError, TypeError or `ir.UnsupportedNode` for what cannot be compiled."""
    generator = ExpressionGenerator(None, names)
    generator.facts_held = True
    generator.bind_constant = bind_constant
    generator.known = known
    generator.env = dict(env)
    for node, local in held.items():
        free = _free_vars(node, generator._free_cache)
        generator.scopes[0][generator.key(node, free)] = local
    result = generator.value(expr)
    # values reused across paths start out as _unset (as at the top of a function)
    body: list[ast.stmt] = [_assign(n, _load("_unset")) for n in generator.restart]
    body += generator.block
    return body, _constant(result.value) if isinstance(result, _Const) else _load(result)
