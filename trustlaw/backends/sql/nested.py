"""IR expression → sqlglot expression over nested columns: lists read with list functions.

The DuckDB form of the backend. The case table holds each case in one row with its
records as structs and its lists as lists (of structs), the case layout of Parquet
files (`trustlaw.caseload.io.arrow_schema`): ``person`` is a struct (null when the
record is absent), ``person.age`` reads ``"k"."person"."age"``, ``convictions`` is a
list of structs (null when the list is unknown). Quantifiers become list functions
with lambdas instead of a join and a ``GROUP BY`` per list (`expressions`), keeping the
same three-valued encoding:

- ``any``/``no``/``all``: each element's body is 2 (true), 1 (unknown) or 0 (false);
  ``list_max`` of them is ``any``, ``list_min`` is ``all``; an empty list gives null
  there, which is the empty list's value (false, true, true); a null list is unknown;
- ``count``: the number of elements whose body is true (``list_filter``), null when
  some body is unknown or the list is;
- ``c in list`` with a constant `c` is ``list_contains`` (an element of a list is never
  unknown, so it is true or false, and null for a null list); any other ``x in list`` is
  the ``any`` above.

Only `Translator`'s list and fact nodes differ; the rest (logic, comparisons, dates) is
shared. Identifiers are this module's (``k``, ``v1``, …) or case paths from the IR.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlglot import exp

from ... import ir
from .expressions import BACKEND, Env, Scope, Translator, _bound, null
from .layout import CASE_ID, ROW, LayoutError

__all__ = ["NestedTranslator", "arrow_type", "case_schema", "case_table", "vocabulary_fields"]


def _int(n: int) -> exp.Expression:
    return exp.Literal.number(n)


def _path(base: exp.Expression, names: tuple[str, ...]) -> exp.Expression:
    for name in names:
        base = exp.Dot(this=base, expression=exp.to_identifier(name, quoted=True))
    return base


def _is_null(value: exp.Expression) -> exp.Expression:
    return exp.Is(this=value.copy(), expression=exp.Null())


class NestedTranslator(Translator):
    """`Translator` for a case table of nested columns (one row per case)."""

    nested = True

    def _fact(self, expr: ir.Fact, scope: Scope, env: Env) -> exp.Expression:
        first = scope.case_column(expr.path[0])
        return _path(first, expr.path[1:])

    def _var(self, expr: ir.Var, scope: Scope, env: Env) -> exp.Expression:
        name = _bound(env, expr.name)[0]
        if isinstance(expr.type, ir.RecordType):
            raise ir.UnsupportedNode(expr, BACKEND)  # a record has no single SQL value
        return exp.column(name, quoted=True)

    def _field(self, expr: ir.Field, scope: Scope, env: Env) -> exp.Expression:
        name = _bound(env, expr.record.name)[0]
        return _path(exp.column(name, quoted=True), (expr.name,))

    def _member(self, expr: ir.Member, scope: Scope, env: Env) -> exp.Expression:
        collection = expr.collection
        if isinstance(expr.element, ir.Const) and isinstance(collection, (ir.Fact, ir.Field)) \
                and isinstance(getattr(collection, "type", None), ir.ListType):
            items = self.translate(collection, scope, env)
            value = self._const(expr.element, scope, env)
            return exp.ArrayContains(this=items, expression=value)
        return super()._member(expr, scope, env)

    def _quantifier(self, expr: ir.Quantifier, scope: Scope, env: Env) -> exp.Expression:
        source = expr.source
        if isinstance(source, ir.Fact):
            items = self._fact(source, scope, env)
        elif isinstance(source, ir.Field):
            items = self._field(source, scope, env)
        else:
            raise ir.UnsupportedNode(source, BACKEND)
        var = self.alias("v")
        body = self.translate(expr.body, scope, {**env, expr.var.name: (var, (), 0)})

        def over(value: exp.Expression) -> exp.Lambda:
            return exp.Lambda(this=value, expressions=[exp.to_identifier(var, quoted=True)])

        if expr.kind in ("any", "all", "no"):
            truth = exp.Coalesce(
                this=exp.Mul(
                    this=exp.Cast(this=body, to=exp.DataType.build("INT")), expression=_int(2)
                ),
                expressions=[_int(1)],
            )
            each = exp.Transform(this=items.copy(), expression=over(truth))
            folded = exp.ArrayMin(this=each) if expr.kind == "all" else exp.ArrayMax(this=each)
            # no element (an empty list): `all` is true (2), `any` false (0); a null list
            # is unknown (1). Then 2 is true, 0 false and 1 unknown (NULLIF), read once.
            empty = _int(2 if expr.kind == "all" else 0)
            otherwise = exp.Case(ifs=[exp.If(this=_is_null(items), true=_int(1))], default=empty)
            code = exp.Nullif(this=exp.Coalesce(this=folded, expressions=[otherwise]),
                              expression=_int(1))
            value: exp.Expression = exp.Paren(this=exp.GT(this=code, expression=_int(0)))
            return exp.Not(this=value) if expr.kind == "no" else value
        if expr.kind == "count":
            true_bodies = exp.ArraySize(
                this=exp.ArrayFilter(this=items.copy(), expression=over(body)))
            open_bodies = exp.ArraySize(
                this=exp.ArrayFilter(this=items.copy(), expression=over(_is_null(body))))
            return exp.Case(ifs=[
                exp.If(this=_is_null(items), true=null("BIGINT")),
                exp.If(this=exp.GT(this=open_bodies, expression=_int(0)), true=null("BIGINT")),
            ], default=true_bodies)
        raise ValueError(f"unknown quantifier kind {expr.kind!r}")



# ---- the nested case table --------------------------------------------------------------------


Fields = Sequence[tuple[str, ir.Type]]
Records = Mapping[str, Fields]  # record type name → its fields


def vocabulary_fields(vocab: ir.Vocabulary) -> tuple[Fields, Records]:
    """The top-level fields of `vocab` and the fields of each of its record types."""
    records = {r.name: tuple((f.name, f.type) for f in r.fields) for r in vocab.records}
    return tuple((f.name, f.type) for f in vocab.fields), records


def arrow_type(records: Records, type_: ir.Type, seen: tuple[str, ...] = ()) -> Any:
    """The Arrow type of a value of `type_` (records: structs; lists: lists), or None for a
    type the nested table cannot hold (durations, a record containing itself)."""
    import pyarrow as pa

    if isinstance(type_, ir.BoolType):
        return pa.bool_()
    if isinstance(type_, ir.IntType):
        return pa.int64()
    if isinstance(type_, ir.DateType):
        return pa.date32()
    if isinstance(type_, ir.EnumType):
        return pa.string()
    if isinstance(type_, ir.ListType):
        element = arrow_type(records, type_.element, seen)
        return None if element is None else pa.list_(element)
    if isinstance(type_, ir.RecordType):
        if type_.name in seen:
            return None
        fields = []
        for name, field_type in records.get(type_.name, ()):
            inner = arrow_type(records, field_type, (*seen, type_.name))
            if inner is None:
                return None
            fields.append(pa.field(name, inner))
        return pa.struct(fields) if fields else None
    return None


def case_schema(fields: Fields, records: Records) -> Any:
    """The Arrow schema of the nested case table: ``row``, ``case_id``, then every top-level
    field; None when some field has no nested form (then the flat tables serve)."""
    import pyarrow as pa

    columns = [pa.field(ROW, pa.int64()), pa.field(CASE_ID, pa.string())]
    for name, type_ in fields:
        if name.lower() in (ROW, CASE_ID):
            return None
        kind = arrow_type(records, type_)
        if kind is None:
            return None
        columns.append(pa.field(name, kind))
    return pa.schema(columns)


def case_table(schema: Any, cases: Sequence[Mapping[str, Any]], rows: Sequence[int]) -> Any:
    """Validated `cases` (dates as `datetime.date`) as the nested case table, numbered by
    `rows`. Raises `LayoutError` for a value an Arrow column cannot hold (a whole number
    beyond 64 bits)."""
    import pyarrow as pa

    facts = pa.schema(list(schema)[2:])
    try:
        table = pa.Table.from_pylist(list(cases), schema=facts)
    except (pa.ArrowException, OverflowError) as error:
        raise LayoutError(f"a case cannot be laid out in the nested table: {error}") from None
    ids = [c.get("id") for c in cases]
    table = table.add_column(0, schema.field(CASE_ID), pa.array(
        [i if isinstance(i, str) else None for i in ids], pa.string()))
    return table.add_column(0, schema.field(ROW), pa.array(rows, pa.int64()))
