"""Calls, sets, operators and quantifiers in syntax → typed IR (the operator half of `Resolver`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from .. import ir
from ..diagnostics import Span
from ..language import syntax
from ..names import did_you_mean
from .codes import (
    BAD_ARITHMETIC,
    BAD_CALL,
    BAD_MEMBERSHIP,
    BAD_WITHIN,
    MISMATCHED_COMPARISON,
    NO_CONTEXT,
    NOT_A_LIST,
    NOT_ORDERED,
    SET_OF_NON_VALUES,
    UNKNOWN_DEFINITION,
)
from .ir_tools import (
    conj,
    disj,
    duration_value,
    free_vars,
    freshen,
    quantifier_depth,
    source_fact,
    substitute,
)
from .wording import a_type, count_of, describe, is_literal, show

if TYPE_CHECKING:
    from .resolve import LoweredDefinition

Typed = tuple[ir.Expr, ir.Type]
Env = Mapping[str, ir.Var]


class Operators:
    """Mixed into `Resolver`: the lowering of everything but literals, names and paths."""

    definitions: dict[str, syntax.Definition]
    vocab: ir.Vocabulary
    _quantifiers: int

    if TYPE_CHECKING:  # provided by Resolver
        def lower(self, e: syntax.Expr, env: Env, expected: ir.Type | None) -> Typed | None: ...
        def error(self, code: str, message: str, span: Span | None,
                  help: str | None = None) -> None: ...
        def definition(self, name: str) -> LoweredDefinition | None: ...
        def read(self, lowered: LoweredDefinition) -> None: ...
        def contextual(self, e: syntax.Expr, env: Env) -> bool: ...
        def _bool(self, e: syntax.Expr, env: Env, where: str) -> ir.Expr | None: ...
        def _path(self, e: syntax.Path, env: Env, expected: ir.Type | None) -> Typed | None: ...
        def quantifiers_within_limit(self, depth: int, span: Span | None,
                                     subject: str) -> bool: ...

    def _call(self, e: syntax.Call, env: Env) -> Typed | None:
        if e.name not in self.definitions:
            candidates = list(self.definitions)
            self.error(
                UNKNOWN_DEFINITION,
                f"`{e.name}` is not a definition",
                e.span,
                did_you_mean(e.name, candidates,
                             "only definitions written in this statute can be called"),
            )
            return None
        lowered = self.definition(e.name)
        if lowered is None:
            return None
        if len(e.args) != len(lowered.params):
            self.error(
                BAD_CALL,
                f"definition `{e.name}` takes {count_of(len(lowered.params), 'argument')}, "
                f"but `{show(e)}` gives {len(e.args)}",
                e.span,
                f"write `{e.name}({', '.join(n for n, _ in lowered.params)})`"
                if lowered.params else f"write `{e.name}` without parentheses",
            )
            return None
        mapping: dict[str, ir.Expr] = {}
        for arg, (param, ptype) in zip(e.args, lowered.params, strict=True):
            typed = self.lower(arg, env, ptype)
            if typed is None:
                return None
            expr, t = typed
            if t != ptype:
                self.error(
                    BAD_CALL,
                    f"`{param}` of `{e.name}` must be {a_type(ptype)}, but `{show(arg)}` "
                    f"is {a_type(t)}",
                    arg.span,
                )
                return None
            if isinstance(ptype, ir.RecordType) and not isinstance(expr, (ir.Var, ir.Fact)):
                self.error(
                    BAD_CALL,
                    f"`{show(arg)}` must be a record bound by `any`/`all` or a record fact",
                    arg.span,
                )
                return None
            mapping[param] = expr
        taken: set[str] = set()
        for value in mapping.values():
            taken |= free_vars(value)
        body = substitute(freshen(lowered.body, frozenset(taken)), mapping)
        depth = quantifier_depth(body)  # an argument's quantifiers may now be inside others
        if not self.quantifiers_within_limit(
            depth, e.span, f"`{show(e)}` nests {count_of(depth, 'quantifier')} once its "
            "arguments are written into the definition, and is used",
        ):
            return None
        self.read(lowered)
        return body, lowered.type

    def _set(self, e: syntax.SetLit, env: Env, expected: ir.Type | None) -> Typed | None:
        element: ir.Type | None = expected.element if isinstance(expected, ir.ListType) else None
        values: list[ir.ConstValue] = []
        for item in e.items:
            typed = self.lower(item, env, element)
            if typed is None:
                return None
            expr, t = typed
            if not isinstance(expr, ir.Const) or isinstance(t, ir.DurationType):
                self.error(
                    SET_OF_NON_VALUES,
                    f"a set lists values, but `{show(item)}` is not a value",
                    item.span,
                    "write the values themselves, e.g. `{A, B}`",
                )
                return None
            if element is None:
                element = t
            elif t != element:
                self.error(
                    SET_OF_NON_VALUES,
                    f"`{show(item)}` is {a_type(t)}, unlike the other values of the set",
                    item.span,
                )
                return None
            if expr.value not in values:
                values.append(expr.value)
        if element is None:
            self.error(
                NO_CONTEXT, "nothing here says what kind of values this empty set holds", e.span,
                "compare it with a fact, e.g. `agency in {county_jail}`",
            )
            return None
        ordered = tuple(sorted(values, key=_sort_key))
        return ir.SetConst(ordered, element, span=e.span), ir.ListType(element)

    def _binop(self, e: syntax.BinOp, env: Env) -> Typed | None:
        if e.op != "implies":  # a chain `a or b or c` as one list, without recursion
            lowered = [self._bool(operand, env, f"`{e.op}`") for operand in syntax.chain(e)]
            operands = tuple(x for x in lowered if x is not None)
            if len(operands) < len(lowered):
                return None
            return (conj if e.op == "and" else disj)(operands, e.span), ir.BOOL
        left = self._bool(e.left, env, f"`{e.op}`")
        right = self._bool(e.right, env, f"`{e.op}`")
        if left is None or right is None:
            return None
        return disj((ir.Not(left, span=e.left.span), right), e.span), ir.BOOL

    def _pair(self, left: syntax.Expr, right: syntax.Expr, env: Env,
              wrap: Callable[[ir.Type], ir.Type | None] = lambda t: t,
              unwrap: Callable[[ir.Type], ir.Type | None] = lambda t: t,
              ) -> tuple[Typed, Typed] | None:
        """Lower two operands, the context-free one first so that it can give the other
        its expected type (`wrap` maps left's type to right's, `unwrap` the reverse)."""
        if self.contextual(left, env) and not self.contextual(right, env):
            r = self.lower(right, env, None)
            if r is None:
                return None
            left_typed = self.lower(left, env, unwrap(r[1]))
            return None if left_typed is None else (left_typed, r)
        left_typed = self.lower(left, env, None)
        if left_typed is None:
            return None
        r = self.lower(right, env, wrap(left_typed[1]))
        return None if r is None else (left_typed, r)

    def _compare(self, e: syntax.Compare, env: Env) -> Typed | None:
        pair = self._pair(e.left, e.right, env)
        if pair is None:
            return None
        (lx, lt), (rx, rt) = pair
        subject, other, st, ot = e.left, e.right, lt, rt
        if is_literal(subject) and not is_literal(other):
            subject, other, st, ot = other, subject, rt, lt
        if e.op in ("=", "!="):
            if lt != rt:
                self.error(
                    MISMATCHED_COMPARISON,
                    f"`{show(subject)}` is {a_type(st)} but is compared with {describe(other, ot)}",
                    e.span,
                    "both sides of `=` must be the same kind of value",
                )
                return None
            if isinstance(lt, (ir.ListType, ir.RecordType, ir.DurationType)):
                self.error(
                    NOT_ORDERED,
                    f"`{show(e.left)}` is {a_type(lt)}, which cannot be compared with `{e.op}`",
                    e.span,
                    "compare single values; for a list use `any`, `all` or `in`",
                )
                return None
        else:
            if lt != rt or not isinstance(lt, (ir.IntType, ir.DateType)):
                if lt == rt:
                    message = (f"`{show(subject)}` is {a_type(st)}, which has no order, so "
                               f"`{e.op}` cannot compare it")
                else:
                    message = (f"`{show(subject)}` is {a_type(st)} but is compared with "
                               f"{describe(other, ot)}")
                self.error(
                    NOT_ORDERED if lt == rt else MISMATCHED_COMPARISON,
                    message,
                    e.span,
                    f"`{e.op}` compares two whole numbers or two dates",
                )
                return None
        return ir.Compare(e.op, lx, rx, span=e.span), ir.BOOL

    def _arith(self, e: syntax.Arith, env: Env) -> Typed | None:
        left = self.lower(e.left, env, None)
        right = self.lower(e.right, env, None)
        if left is None or right is None:
            return None
        (lx, lt), (rx, rt) = left, right
        if lt == ir.INT and rt == ir.INT:
            return ir.IntArith(e.op, lx, rx, span=e.span), ir.INT
        sign = 1 if e.op == "+" else -1
        if lt == ir.DATE and isinstance(rx, ir.Const) and isinstance(rx.value, ir.Duration):
            return ir.ShiftDate(lx, rx.value, sign, span=e.span), ir.DATE
        if (e.op == "+" and rt == ir.DATE and isinstance(lx, ir.Const)
                and isinstance(lx.value, ir.Duration)):
            return ir.ShiftDate(rx, lx.value, 1, span=e.span), ir.DATE
        self.error(
            BAD_ARITHMETIC,
            f"`{show(e)}` {'adds' if e.op == '+' else 'subtracts'} "
            f"{describe(e.right, rt)} {'to' if e.op == '+' else 'from'} {describe(e.left, lt)}",
            e.span,
            f"`{e.op}` works on two whole numbers, or on a date and a duration such as `5 years`",
        )
        return None

    def _member(self, e: syntax.Member, env: Env) -> Typed | None:
        pair = self._pair(
            e.element, e.collection, env,
            wrap=ir.ListType,
            unwrap=lambda t: t.element if isinstance(t, ir.ListType) else None,
        )
        if pair is None:
            return None
        (ex, et), (cx, ct) = pair
        op = "not in" if e.negated else "in"
        if not isinstance(ct, ir.ListType):
            self.error(
                BAD_MEMBERSHIP,
                f"`{show(e.collection)}` is {a_type(ct)}, not a list or a set, so `{op}` "
                "cannot look in it",
                e.collection.span,
                "use `in` with a list fact such as `request.kinds` or a set such as `{A, B}`",
            )
            return None
        if isinstance(et, (ir.ListType, ir.RecordType)) or ct.element != et:
            self.error(
                BAD_MEMBERSHIP,
                f"`{show(e.element)}` is {a_type(et)}, but `{show(e.collection)}` is "
                f"{a_type(ct)}",
                e.span,
                "`x in list` needs x to be one of the kind of values the list holds",
            )
            return None
        member: ir.Expr = ir.Member(ex, cx, span=e.span)
        if e.negated:
            member = ir.Not(member, span=e.span)
        return member, ir.BOOL

    def _within(self, e: syntax.Within, env: Env) -> Typed | None:
        subject = self.lower(e.subject, env, None)
        anchor = self.lower(e.anchor, env, None)
        if subject is None or anchor is None:
            return None
        for operand, (_, t) in ((e.subject, subject), (e.anchor, anchor)):
            if t != ir.DATE:
                self.error(
                    BAD_WITHIN,
                    f"`within` compares dates, but `{show(operand)}` is {a_type(t)}",
                    operand.span,
                    "write e.g. `c.date within 5 years before date`",
                )
                return None
        dur = duration_value(e.duration)
        sx, ax = subject[0], anchor[0]
        if e.direction == "before":
            low: ir.Expr = ir.ShiftDate(ax, dur, -1, span=e.span)
            parts = (ir.Compare("<=", low, sx, span=e.span), ir.Compare("<=", sx, ax, span=e.span))
        else:
            high: ir.Expr = ir.ShiftDate(ax, dur, 1, span=e.span)
            parts = (ir.Compare("<=", ax, sx, span=e.span), ir.Compare("<=", sx, high, span=e.span))
        return ir.And(parts, span=e.span), ir.BOOL

    def _quantifier(self, e: syntax.Quantifier, env: Env) -> Typed | None:
        source = self._path(e.source, env, None)
        if source is None:
            return None
        sx, st = source
        if not isinstance(st, ir.ListType) or not isinstance(sx, (ir.Fact, ir.Field)):
            self.error(
                NOT_A_LIST,
                f"`{show(e.source)}` is {a_type(st)}, not a list, so `{e.kind}` cannot range "
                "over it",
                e.source.span,
                "`any`, `all`, `no` and `count` range over a list such as `convictions`",
            )
            return None
        what = f"`{e.kind} {e.var} in {show(e.source)} where …`"
        if not self.quantifiers_within_limit(1, e.span, f"{what} is a quantifier"):
            return None
        var = ir.Var(e.var, st.element, span=e.span)
        inner = {**env, e.var: var}
        self._quantifiers += 1
        try:
            body = self._bool(e.body, inner, what)
        finally:
            self._quantifiers -= 1
        if body is None:
            return None
        source_expr = source_fact(sx)
        if e.kind == "count":
            return ir.Quantifier("count", var, source_expr, body, span=e.span), ir.INT
        if e.kind == "no":
            q = ir.Quantifier("any", var, source_expr, body, span=e.span)
            return ir.Not(q, span=e.span), ir.BOOL
        return ir.Quantifier(e.kind, var, source_expr, body, span=e.span), ir.BOOL


def _sort_key(value: ir.ConstValue) -> tuple[int, str]:
    if isinstance(value, bool):
        return (0, str(int(value)))
    if isinstance(value, int):
        return (1, f"{value:020d}")
    if isinstance(value, _dt.date):
        return (2, value.isoformat())
    return (3, str(value))
