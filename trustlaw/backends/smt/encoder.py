"""IR expressions → z3 terms over one symbolic case (Kleene's three-valued connectives)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import z3

from ... import ir
from .case import BACKEND, ListNode, Node, RecordNode, Scalar, SymbolicCase, Truth
from .dates import (
    civil_const,
    date_keys,
    shift_date,
)
from .terms import all_of, any_of, implies, negation

Env = Mapping[str, Node]


def _bool_const(value: bool) -> Truth:
    return Truth(z3.BoolVal(value), z3.BoolVal(not value))


def _scalar_truth(node: Scalar) -> Truth:
    return Truth(all_of([node.known, node.value]), all_of([node.known, negation(node.value)]))


def _type_of(expr: ir.Expr) -> ir.Type | None:
    if isinstance(expr, (ir.Const, ir.Fact, ir.Var, ir.Field)):
        return expr.type
    if isinstance(expr, (ir.Not, ir.And, ir.Or, ir.Compare, ir.Member, ir.IsKnown)):
        return ir.BOOL
    if isinstance(expr, ir.IntArith):
        return ir.INT
    if isinstance(expr, ir.ShiftDate):
        return ir.DATE
    if isinstance(expr, ir.Quantifier):
        return ir.INT if expr.kind == "count" else ir.BOOL
    return None


class Encoder:
    """Encodes IR expressions over one symbolic case."""

    def __init__(self, case: SymbolicCase):
        self.case = case

    # -- yes/no ---------------------------------------------------------------------------

    def truth(self, expr: ir.Expr, env: Env | None = None) -> Truth:
        """The (is true, is false) pair of a yes/no expression."""
        env = env or {}
        if isinstance(expr, ir.Const):
            if not isinstance(expr.value, bool):
                raise ir.UnsupportedNode(expr, BACKEND)
            return _bool_const(expr.value)
        if isinstance(expr, (ir.Fact, ir.Var, ir.Field)):
            node = self.node(expr, env)
            if not isinstance(node, Scalar) or not isinstance(node.type, ir.BoolType):
                raise ir.UnsupportedNode(expr, BACKEND)
            return _scalar_truth(node)
        if isinstance(expr, ir.Not):
            inner = self.truth(expr.operand, env)
            return Truth(inner.false, inner.true)
        if isinstance(expr, ir.And):
            parts = [self.truth(op, env) for op in expr.operands]
            false = any_of([p.false for p in parts]) if parts else z3.BoolVal(False)
            true = all_of([p.true for p in parts]) if parts else z3.BoolVal(True)
            return Truth(true, false)
        if isinstance(expr, ir.Or):
            parts = [self.truth(op, env) for op in expr.operands]
            true = any_of([p.true for p in parts]) if parts else z3.BoolVal(False)
            false = all_of([p.false for p in parts]) if parts else z3.BoolVal(True)
            return Truth(true, false)
        if isinstance(expr, ir.Compare):
            return self._compare(expr, env)
        if isinstance(expr, ir.Member):
            return self._member(expr, env)
        if isinstance(expr, ir.IsKnown):
            known = self.known(expr.operand, env)
            return Truth(known, negation(known))
        if isinstance(expr, ir.Quantifier):
            if expr.kind not in ("any", "all"):
                raise ir.UnsupportedNode(expr, BACKEND)
            return self._quantifier(expr, env)
        raise ir.UnsupportedNode(expr, BACKEND)

    def known(self, expr: ir.Expr, env: Env) -> Any:
        """Whether an expression of any type is known (for ``is known``)."""
        if isinstance(expr, (ir.Fact, ir.Var, ir.Field)):
            return self.node(expr, env).known
        typ = _type_of(expr)
        if isinstance(typ, ir.BoolType):
            t = self.truth(expr, env)
            return any_of([t.true, t.false])
        return self.value(expr, env).known

    def _compare(self, expr: ir.Compare, env: Env) -> Truth:
        left = self.value(expr.left, env)
        right = self.value(expr.right, env)
        known = all_of([left.known, right.known])
        a, b = left.value, right.value
        if isinstance(left.type, ir.DateType):
            a, b = date_keys(a, b)
        ops = {
            "=": lambda: a == b,
            "!=": lambda: a != b,
            "<": lambda: a < b,
            "<=": lambda: a <= b,
            ">": lambda: a > b,
            ">=": lambda: a >= b,
        }
        if expr.op not in ops:
            raise ir.UnsupportedNode(expr, BACKEND)
        if expr.op not in ("=", "!=") and not isinstance(left.type, (ir.IntType, ir.DateType)):
            raise ir.UnsupportedNode(expr, BACKEND)
        holds = ops[expr.op]()
        return Truth(all_of([known, holds]), all_of([known, negation(holds)]))

    def _member(self, expr: ir.Member, env: Env) -> Truth:
        element = self.value(expr.element, env)
        collection = expr.collection
        if isinstance(collection, ir.SetConst):
            values = [
                self._const_term(v, collection.element, collection) for v in collection.values
            ]
            hit = any_of([element.value == v for v in values]) if values else z3.BoolVal(False)
            return Truth(all_of([element.known, hit]), all_of([element.known, negation(hit)]))
        node = self.node(collection, env) if isinstance(collection, (ir.Fact, ir.Field)) else None
        if not isinstance(node, ListNode):
            raise ir.UnsupportedNode(collection, BACKEND)
        hits = []
        misses = []
        for i, item in enumerate(node.elements):
            if not isinstance(item, Scalar):
                raise ir.UnsupportedNode(expr, BACKEND)
            hits.append(all_of([node.active(i), item.known, item.value == element.value]))
            misses.append(
                implies(node.active(i), all_of([item.known, item.value != element.value]))
            )
        hit = any_of(hits) if hits else z3.BoolVal(False)
        all_miss = all_of(misses) if misses else z3.BoolVal(True)
        true = all_of([node.known, element.known, hit])
        false = all_of([node.known, any_of([node.length == 0, all_of([element.known, all_miss])])])
        return Truth(true, false)

    def _quantifier(self, expr: ir.Quantifier, env: Env) -> Truth:
        node = self.node(expr.source, env)
        if not isinstance(node, ListNode):
            raise ir.UnsupportedNode(expr, BACKEND)
        bodies = [self.truth(expr.body, {**env, expr.var.name: item}) for item in node.elements]
        if expr.kind == "any":
            some = any_of([all_of([node.active(i), b.true]) for i, b in enumerate(bodies)])
            none = all_of([implies(node.active(i), b.false) for i, b in enumerate(bodies)])
            return Truth(all_of([node.known, some]), all_of([node.known, none]))
        every = all_of([implies(node.active(i), b.true) for i, b in enumerate(bodies)])
        one_false = any_of([all_of([node.active(i), b.false]) for i, b in enumerate(bodies)])
        return Truth(all_of([node.known, every]), all_of([node.known, one_false]))

    # -- values -----------------------------------------------------------------------------

    def value(self, expr: ir.Expr, env: Env | None = None) -> Scalar:
        """The (value, known) pair of a non-list expression (yes/no included)."""
        env = env or {}
        typ = _type_of(expr)
        if isinstance(expr, ir.Const):
            return Scalar(
                self._const_term(expr.value, expr.type, expr), z3.BoolVal(True), expr.type
            )
        if isinstance(expr, (ir.Fact, ir.Var, ir.Field)):
            node = self.node(expr, env)
            if not isinstance(node, Scalar):
                raise ir.UnsupportedNode(expr, BACKEND)
            return node
        if isinstance(typ, ir.BoolType):
            t = self.truth(expr, env)
            return Scalar(t.true, any_of([t.true, t.false]), ir.BOOL)
        if isinstance(expr, ir.IntArith):
            left = self.value(expr.left, env)
            right = self.value(expr.right, env)
            if expr.op == "+":
                total = left.value + right.value
            elif expr.op == "-":
                total = left.value - right.value
            else:
                raise ir.UnsupportedNode(expr, BACKEND)
            return Scalar(total, all_of([left.known, right.known]), ir.INT)
        if isinstance(expr, ir.ShiftDate):
            base = self.value(expr.date, env)
            return Scalar(shift_date(base.value, expr.duration, expr.sign), base.known, ir.DATE)
        if isinstance(expr, ir.Quantifier) and expr.kind == "count":
            node = self.node(expr.source, env)
            if not isinstance(node, ListNode):
                raise ir.UnsupportedNode(expr, BACKEND)
            bodies = [self.truth(expr.body, {**env, expr.var.name: item}) for item in node.elements]
            count = (
                z3.Sum([z3.If(all_of([node.active(i), b.true]), 1, 0)
                        for i, b in enumerate(bodies)])
                if bodies
                else z3.IntVal(0)
            )
            settled = all_of(
                [implies(node.active(i), any_of([b.true, b.false])) for i, b in enumerate(bodies)]
            )
            return Scalar(count, all_of([node.known, settled]), ir.INT)
        raise ir.UnsupportedNode(expr, BACKEND)

    def _const_term(self, value: object, typ: ir.Type, where: object) -> Any:
        if isinstance(typ, ir.BoolType) and isinstance(value, bool):
            return z3.BoolVal(value)
        if isinstance(typ, ir.IntType) and isinstance(value, int) and not isinstance(value, bool):
            return z3.IntVal(value)
        if isinstance(typ, ir.DateType) and isinstance(value, _dt.date):
            return civil_const(value)
        if isinstance(typ, ir.EnumType) and isinstance(value, str) and value in typ.values:
            return z3.IntVal(typ.values.index(value))
        raise ir.UnsupportedNode(where, BACKEND)

    def node(self, expr: ir.Expr, env: Env) -> Node:
        """The symbolic node a fact, bound variable or field names."""
        if isinstance(expr, ir.Fact):
            try:
                return self.case.node(expr.path)
            except KeyError:
                raise ir.UnsupportedNode(expr, BACKEND) from None
        if isinstance(expr, ir.Var):
            if expr.name not in env:
                raise ir.UnsupportedNode(expr, BACKEND)
            return env[expr.name]
        if isinstance(expr, ir.Field):
            record = self.node(expr.record, env)
            if not isinstance(record, RecordNode) or expr.name not in record.fields:
                raise ir.UnsupportedNode(expr, BACKEND)
            return record.fields[expr.name]
        raise ir.UnsupportedNode(expr, BACKEND)


def well_formed(case: SymbolicCase) -> list[Any]:
    """Range constraints plus every vocabulary constraint, which is never false."""
    return [*case.domain, *vocabulary_constraints(case)]


def vocabulary_constraints(case: SymbolicCase) -> list[Any]:
    """Every constraint of the vocabulary, encoded as "never false" on `case`."""
    encoder = Encoder(case)
    return [negation(encoder.truth(c.body).false) for c in case.vocab.constraints]
