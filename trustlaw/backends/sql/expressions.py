"""IR expression → sqlglot expression: three-valued on SQL NULL, lists read as aggregates.

Unknown is NULL, and SQL's ``AND``/``OR``/``NOT``/comparisons/``IN`` already follow the
three-valued tables of docs/semantics.md, so most nodes map one to one. The rest:

- a list fact or field *as a value* is its length column (null when the list is unknown),
  which is all ``is known`` needs; a record as a value is its presence column;
- ``any``/``all``/``no``/``count`` over a list become columns of a ``GROUP BY`` subquery
  over the list's table, joined back by key (``LEFT JOIN``, since an empty list has no
  rows). A body's truth is encoded as 2 (true), 1 (unknown) or 0 (false), so ``MAX`` is
  ``any`` and ``MIN`` is ``all``; ``count`` is the number of true bodies, or null when
  any body is unknown. Then the list's length column gives the unknown list (null) and
  the empty list (false, true, 0) their values. Quantifiers over the same list in the
  same place share one subquery; quantifiers nested in a body nest their subqueries,
  which join the enclosing elements again (no correlated subqueries: Spark refuses many);
- ``x in list`` is ``any v in list where v = x``, which has exactly its semantics
  (an unknown `x` is unknown, except for an empty list, where it is false);
- ``date ± duration`` is `calendar.shift_date_sql`.

Every identifier is made by this module (``k``, ``e1``, ``q1``, ``a1``) or is a case path
from the IR; every value from a statute becomes a sqlglot literal.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Mapping
from typing import Any, cast

from sqlglot import exp

from ... import ir
from .calendar import date_literal, shift_date_sql
from .layout import ROW, VALUE, column_name, item_key, table_name

__all__ = ["BACKEND", "CASE_ALIAS", "Scope", "Translator", "bool_literal", "null"]

BACKEND = "SQL"
CASE_ALIAS = "k"

_COMPARE: dict[str, type[exp.Expression]] = {
    "=": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE,
}
_SQL_TYPES: dict[type, str] = {
    ir.BoolType: "BOOLEAN", ir.IntType: "BIGINT", ir.DateType: "DATE", ir.EnumType: "TEXT",
    ir.DurationType: "TEXT", ir.ListType: "BIGINT", ir.RecordType: "BOOLEAN",
}

# a variable bound in a body: the alias of its table, the list path of that table, and
# how many lists deep its elements sit (``convictions``: 1, ``convictions.tags``: 2)
Binding = tuple[str, tuple[str, ...], int]
# one element table joined into a scope: list path, alias, the alias of the element it
# belongs to (None for a list of the case), depth
Link = tuple[tuple[str, ...], str, str | None, int]
Env = Mapping[str, Binding]


def sql_type(type_: ir.Type) -> exp.DataType:
    """The column type holding a value of `type_` (a list: its length; a record: presence)."""
    return exp.DataType.build(_SQL_TYPES[type(type_)])


def null(type_: str = "BOOLEAN") -> exp.Expression:
    """A typed NULL (PostgreSQL cannot type a bare NULL in every position)."""
    return exp.Cast(this=exp.Null(), to=exp.DataType.build(type_))


def bool_literal(value: bool) -> exp.Expression:
    return exp.Boolean(this=value)


def _column(alias: str, name: str) -> exp.Column:
    return exp.column(name, table=alias, quoted=True)


def _int(n: int) -> exp.Expression:
    return exp.Literal.number(n)


def _case(
    branches: list[tuple[exp.Expression, exp.Expression]], default: exp.Expression | None = None
) -> exp.Expression:
    return exp.Case(ifs=[exp.If(this=c, true=v) for c, v in branches], default=default)


def _and_all(parts: list[exp.Expression]) -> exp.Expression:
    joined = cast(exp.Expression, exp.and_(*parts, wrap=True)) if len(parts) > 1 else parts[0]
    return joined


class Scope:
    """One ``FROM``: the case table, or a list's elements joined down to it (`chain`:
    the element tables from the outermost in, each with its alias and the alias of the
    element it belongs to, if any), and the aggregate subqueries joined to it."""

    def __init__(
        self,
        translator: Translator,
        chain: tuple[Link, ...] = (),
    ):
        self.translator = translator
        self.chain = chain
        self.uses_cases = not chain
        self.aggregates: dict[tuple[tuple[str, ...], str | None], _Aggregate] = {}

    def row(self) -> exp.Column:
        alias = self.chain[0][1] if self.chain else CASE_ALIAS
        return _column(alias, ROW)

    def keys(self) -> list[exp.Column]:
        """The columns that identify one row of this scope."""
        return [self.row()] + [_column(alias, item_key(depth)) for _, alias, _, depth in self.chain]

    def case_column(self, name: str) -> exp.Column:
        self.uses_cases = True
        return _column(CASE_ALIAS, name)

    def from_clause(self, select: exp.Select) -> exp.Select:
        """`select` reading this scope's tables and its aggregates."""
        prefix = self.translator.prefix
        if not self.chain:
            select = select.from_(_table(table_name(prefix, ()), CASE_ALIAS))
        else:
            first_path, first_alias, _, _ = self.chain[0]
            select = select.from_(_table(table_name(prefix, first_path), first_alias))
            if self.uses_cases:
                on = exp.EQ(this=_column(CASE_ALIAS, ROW), expression=_column(first_alias, ROW))
                select = select.join(_table(table_name(prefix, ()), CASE_ALIAS), on=on)
            depths = {alias: depth for _, alias, _, depth in self.chain}
            for path, alias, parent, _ in self.chain[1:]:
                conditions: list[exp.Expression] = [
                    exp.EQ(this=_column(alias, ROW), expression=_column(first_alias, ROW))
                ]
                if parent is not None:
                    for level in range(1, depths[parent] + 1):
                        conditions.append(exp.EQ(
                            this=_column(alias, item_key(level)),
                            expression=_column(parent, item_key(level)),
                        ))
                select = select.join(
                    _table(table_name(prefix, path), alias), on=_and_all(conditions)
                )
        for aggregate in self.aggregates.values():
            select = aggregate.join_to(select, self)
        return select


def _table(name: str, alias: str) -> exp.Table:
    return exp.Table(
        this=exp.to_identifier(name, quoted=True),
        alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True)),
    )


class _Aggregate:
    """A ``GROUP BY`` subquery: per row of the outer scope, aggregates over the elements
    of one list (its `scope` is the outer one with the list's table joined on)."""

    def __init__(self, alias: str, scope: Scope, outer: Scope):
        self.alias = alias
        self.scope = scope
        self.outer_keys = len(outer.keys())
        self.columns: list[tuple[str, exp.Expression]] = []
        self.known: dict[Any, str] = {}

    def add(self, key: Any, expression: exp.Expression) -> exp.Column:
        name = self.known.get(key)
        if name is None:
            name = self.known[key] = f"a{len(self.columns) + 1}"
            self.columns.append((name, expression))
        return _column(self.alias, name)

    def subquery(self) -> exp.Select:
        keys = self.scope.keys()[: self.outer_keys]
        select = exp.select(
            *(exp.alias_(k, f"key{i}", quoted=True) for i, k in enumerate(keys)),
            *(exp.alias_(e, name, quoted=True) for name, e in self.columns),
        )
        select = self.scope.from_clause(select)
        return select.group_by(*(k.copy() for k in keys))

    def join_to(self, select: exp.Select, outer: Scope) -> exp.Select:
        on = _and_all([
            exp.EQ(this=_column(self.alias, f"key{i}"), expression=k)
            for i, k in enumerate(outer.keys())
        ])
        derived = exp.Subquery(
            this=self.subquery(),
            alias=exp.TableAlias(this=exp.to_identifier(self.alias, quoted=True)),
        )
        return select.join(derived, on=on, join_type="LEFT")


class Translator:
    """Translates the IR expressions of one query; owns the alias counters."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._aliases = itertools.count(1)

    def from_clause(self, select: exp.Select, scope: Scope) -> exp.Select:
        """`select` reading the tables of `scope` (once every condition is translated)."""
        return scope.from_clause(select)

    def alias(self, letter: str) -> str:
        return f"{letter}{next(self._aliases)}"

    def translate(self, expr: ir.Expr, scope: Scope, env: Env | None = None) -> exp.Expression:
        """The SQL value of `expr` in `scope` (NULL when unknown)."""
        method = _METHODS.get(type(expr))
        if method is None:
            raise ir.UnsupportedNode(expr, BACKEND)
        result: exp.Expression = getattr(self, method)(expr, scope, env or {})
        return result

    # -- leaves

    def _const(self, expr: ir.Const, scope: Scope, env: Env) -> exp.Expression:
        value = expr.value
        if isinstance(value, bool):
            return bool_literal(value)
        if isinstance(value, int):
            return _int(value)
        if isinstance(value, _dt.date):
            return date_literal(value)
        if isinstance(value, str):
            return exp.Literal.string(value)
        raise ir.UnsupportedNode(expr, BACKEND)  # a duration has no value of its own

    def _set_const(self, expr: ir.SetConst, scope: Scope, env: Env) -> exp.Expression:
        # a set is only ever the right side of `in`, where `_member` reads it
        raise ir.UnsupportedNode(expr, BACKEND)

    def _fact(self, expr: ir.Fact, scope: Scope, env: Env) -> exp.Expression:
        return scope.case_column(column_name(expr.path))

    def _var(self, expr: ir.Var, scope: Scope, env: Env) -> exp.Expression:
        alias = _bound(env, expr.name)[0]
        if isinstance(expr.type, ir.RecordType):
            raise ir.UnsupportedNode(expr, BACKEND)  # a record has no single SQL value
        return _column(alias, VALUE)

    def _field(self, expr: ir.Field, scope: Scope, env: Env) -> exp.Expression:
        alias = _bound(env, expr.record.name)[0]
        return _column(alias, expr.name)

    # -- logic

    def _not(self, expr: ir.Not, scope: Scope, env: Env) -> exp.Expression:
        return exp.Not(this=exp.Paren(this=self.translate(expr.operand, scope, env)))

    def _and(self, expr: ir.And, scope: Scope, env: Env) -> exp.Expression:
        if not expr.operands:
            return bool_literal(True)
        parts = [self.translate(p, scope, env) for p in expr.operands]
        return exp.Paren(this=exp.and_(*parts, wrap=True)) if len(parts) > 1 else parts[0]

    def _or(self, expr: ir.Or, scope: Scope, env: Env) -> exp.Expression:
        if not expr.operands:
            return bool_literal(False)
        parts = [self.translate(p, scope, env) for p in expr.operands]
        return exp.Paren(this=exp.or_(*parts, wrap=True)) if len(parts) > 1 else parts[0]

    def _compare(self, expr: ir.Compare, scope: Scope, env: Env) -> exp.Expression:
        node = _COMPARE.get(expr.op)
        if node is None:
            raise ValueError(f"unknown comparison operator {expr.op!r}")
        left = self.translate(expr.left, scope, env)
        right = self.translate(expr.right, scope, env)
        return exp.Paren(this=node(this=left, expression=right))

    def _int_arith(self, expr: ir.IntArith, scope: Scope, env: Env) -> exp.Expression:
        left = self.translate(expr.left, scope, env)
        right = self.translate(expr.right, scope, env)
        if expr.op == "+":
            return exp.Paren(this=exp.Add(this=left, expression=right))
        if expr.op == "-":
            return exp.Paren(this=exp.Sub(this=left, expression=right))
        raise ValueError(f"unknown arithmetic operator {expr.op!r}")

    def _shift_date(self, expr: ir.ShiftDate, scope: Scope, env: Env) -> exp.Expression:
        return shift_date_sql(self.translate(expr.date, scope, env), expr.duration, expr.sign)

    def _is_known(self, expr: ir.IsKnown, scope: Scope, env: Env) -> exp.Expression:
        operand = expr.operand
        if isinstance(operand, ir.Var):
            _bound(env, operand.name)
            return bool_literal(True)  # a list's element is never unknown
        inner = self.translate(operand, scope, env)
        return exp.Not(this=exp.Paren(this=exp.Is(this=inner, expression=exp.Null())))

    # -- lists

    def _member(self, expr: ir.Member, scope: Scope, env: Env) -> exp.Expression:
        collection = expr.collection
        if isinstance(collection, ir.SetConst):
            element = self.translate(expr.element, scope, env)
            if not collection.values:  # `x in {}`: unknown when x is, else false
                return _case([(exp.Is(this=element, expression=exp.Null()), null())],
                             bool_literal(False))
            values = [self._const(ir.Const(v, collection.element), scope, env)
                      for v in collection.values]
            return exp.Paren(this=exp.In(this=element, expressions=values))
        list_type = getattr(collection, "type", None)
        if not isinstance(collection, (ir.Fact, ir.Field)) or not isinstance(
            list_type, ir.ListType
        ):
            raise ir.UnsupportedNode(collection, BACKEND)
        var = ir.Var("·in", list_type.element)  # no statute's name has a `·`
        body = ir.Compare("=", expr.element, var)
        return self._quantifier(ir.Quantifier("any", var, collection, body), scope, env)

    def _quantifier(self, expr: ir.Quantifier, scope: Scope, env: Env) -> exp.Expression:
        source = expr.source
        parent: str | None
        if isinstance(source, ir.Fact):
            list_path, parent, depth = source.path, None, 1
            length = scope.case_column(column_name(source.path))
        elif isinstance(source, ir.Field):
            parent, parent_path, parent_depth = _bound(env, source.record.name)
            list_path, depth = (*parent_path, source.name), parent_depth + 1
            length = _column(parent, source.name)
        else:
            raise ir.UnsupportedNode(source, BACKEND)
        aggregate = scope.aggregates.get((list_path, parent))
        if aggregate is None:
            element = self.alias("e")
            inner = Scope(self, (*scope.chain, (list_path, element, parent, depth)))
            aggregate = _Aggregate(self.alias("q"), inner, scope)
            scope.aggregates[(list_path, parent)] = aggregate
        element_alias = aggregate.scope.chain[-1][1]
        inner_env = {**env, expr.var.name: (element_alias, list_path, depth)}
        body = self.translate(expr.body, aggregate.scope, inner_env)
        key = (expr.kind, expr.body, expr.var.name, tuple(sorted(inner_env.items())))
        unknown_list = (exp.Is(this=length, expression=exp.Null()), null())
        if expr.kind in ("any", "all", "no"):
            # 2 true, 1 unknown, 0 false: MAX is `any`, MIN is `all`
            truth = exp.Coalesce(
                this=exp.Mul(
                    this=exp.Cast(this=body, to=exp.DataType.build("INT")), expression=_int(2)
                ),
                expressions=[_int(1)],
            )
            if expr.kind == "all":
                value = aggregate.add(("min", key), exp.Min(this=truth))
                return _case([unknown_list, (_eq(value, 0), bool_literal(False)),
                              (_eq(value, 1), null())], bool_literal(True))
            value = aggregate.add(("max", key), exp.Max(this=truth))
            found = bool_literal(expr.kind == "any")
            return _case([unknown_list, (_eq(value, 2), found), (_eq(value, 1), null())],
                         bool_literal(expr.kind != "any"))
        if expr.kind == "count":
            true_bodies = exp.Count(this=_case([(body, _int(1))]))
            unknown_bodies = exp.Sub(
                this=exp.Count(this=exp.Star()), expression=exp.Count(this=body.copy())
            )
            counted = aggregate.add(("count", key), true_bodies)
            open_ = aggregate.add(("open", key), unknown_bodies)
            unknown_list = (unknown_list[0], null("BIGINT"))
            return _case([unknown_list, (exp.GT(this=open_, expression=_int(0)), null("BIGINT"))],
                         exp.Coalesce(this=counted.copy(), expressions=[_int(0)]))
        raise ValueError(f"unknown quantifier kind {expr.kind!r}")


def _eq(column: exp.Expression, n: int) -> exp.Expression:
    return exp.EQ(this=column.copy(), expression=_int(n))


def _bound(env: Env, name: str) -> Binding:
    try:
        return env[name]
    except KeyError:
        raise LookupError(f"the variable `{name}` is not bound by any quantifier") from None


_METHODS: dict[type, str] = {  # node type → the method translating it
    ir.Const: "_const",
    ir.SetConst: "_set_const",
    ir.Fact: "_fact",
    ir.Var: "_var",
    ir.Field: "_field",
    ir.Not: "_not",
    ir.And: "_and",
    ir.Or: "_or",
    ir.Compare: "_compare",
    ir.Member: "_member",
    ir.IntArith: "_int_arith",
    ir.ShiftDate: "_shift_date",
    ir.IsKnown: "_is_known",
    ir.Quantifier: "_quantifier",
}
