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

A quantifier over a list of the case itself (not one nested in another's body) is
*packed* (`_Pack`): every ``any``/``all``/``no`` body over that list, from every statute
of the query, is computed in one lambda per element, each body in two bits of a BIGINT
(true: 1, false: 0, unknown: 2), and ``LIST_BIT_OR`` folds the elements, so the list is
walked once instead of once per quantifier. Per case, body `i`'s two bits then say
whether some element's body is true (``any`` is true), else whether some is unknown
(``any`` is unknown), else ``any`` is false, as for the empty list (mask 0, without
running the lambda); an unknown list has a null mask. ``no`` is ``not any``, and
``all x where b`` is ``not any x where not b``, which has the same three values.

Only `Translator`'s list and fact nodes differ; the rest (logic, comparisons, dates) is
shared. Identifiers are this module's (``k``, ``v1``, …) or case paths from the IR.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlglot import exp

from ... import ir
from .calendar import date_literal, shift_date_sql
from .expressions import BACKEND, CASE_ALIAS, Env, Scope, Translator, _bound, null
from .layout import CASE_ID, ROW, LayoutError, program_fields, table_name

__all__ = [
    "NestedTranslator",
    "arrow_type",
    "case_schema",
    "case_table",
    "read_schema",
    "select_fields",
    "vocabulary_fields",
]


def _int(n: int) -> exp.Expression:
    return exp.Literal.number(n)


def _path(base: exp.Expression, names: tuple[str, ...]) -> exp.Expression:
    for name in names:
        base = exp.Dot(this=base, expression=exp.to_identifier(name, quoted=True))
    return base


def _is_null(value: exp.Expression) -> exp.Expression:
    return exp.Is(this=value.copy(), expression=exp.Null())


def _add_months(date: exp.Expression, total: int) -> exp.Expression:
    """`date` + `total` months (one sign) with DuckDB's interval arithmetic, which keeps the
    day and clamps it to the month's end as `trustlaw.dates.shift_date` does for years
    alone or months alone; a result outside 0001-01-01 … 9999-12-31 is clamped there
    (decided on the input date, so the interval never leaves DuckDB's range)."""
    if total == 0:
        return date
    # the first month (as year * 12 + month) from which the result leaves the range
    edge = 10000 * 12 + 1 - total if total > 0 else 12 + 1 - total
    year, month = divmod(edge - 1, 12)
    bound = _dt.date.max if total > 0 else _dt.date.min
    moved = exp.Cast(
        this=exp.Add(this=date.copy(), expression=exp.Interval(
            this=exp.Literal.number(total), unit=exp.var("MONTH"))),
        to=exp.DataType.build("DATE"),
    )
    if (total > 0 and year < 1) or (total < 0 and year > 9999):
        return date_literal(bound)  # every date leaves the range
    if (total > 0 and year > 9999) or (total < 0 and year < 1):
        return moved  # no date does
    first = date_literal(_dt.date(year, month + 1, 1))
    too_far = (exp.GTE(this=date.copy(), expression=first) if total > 0
               else exp.LT(this=date.copy(), expression=first))
    return exp.Case(ifs=[exp.If(this=too_far, true=date_literal(bound))], default=moved)


def _free_of_variables(expr: ir.Expr) -> bool:
    """Whether `expr` reads no element of a list (no variable of a quantifier)."""
    if isinstance(expr, (ir.Var, ir.Field, ir.Quantifier)):
        return False
    return all(_free_of_variables(child) for child in ir.children(expr))


class NestedTranslator(Translator):
    """`Translator` for a case table of nested columns (one row per case).

    A part of a quantifier's body that reads only the case (``date - 5 years``) is
    computed once per case, in a column of the case table's derived table
    (`from_clause`), not once per element inside the lambda."""

    def __init__(self, prefix: str):
        super().__init__(prefix)
        self.hoisted: dict[ir.Expr, tuple[str, exp.Expression]] = {}
        self.packs: dict[tuple[str, ...], _Pack] = {}  # a list of the case → its bodies

    def translate(self, expr: ir.Expr, scope: Scope, env: Env | None = None) -> exp.Expression:
        if env and not isinstance(expr, (ir.Const, ir.Fact, ir.SetConst)) \
                and _free_of_variables(expr):
            known = self.hoisted.get(expr)
            if known is None:
                value = super().translate(expr, scope, {})
                # "·" is in no case path, so the column never meets a field's name
                known = self.hoisted[expr] = (f"·{len(self.hoisted) + 1}", value)
            return exp.column(known[0], table=CASE_ALIAS, quoted=True)
        return super().translate(expr, scope, env)

    def from_clause(self, select: exp.Select, scope: Scope) -> exp.Select:
        """`select` reading the case table, with the hoisted columns added to it, then
        the packed quantifiers' columns (whose lambdas may read the hoisted ones)."""
        if not self.hoisted and not self.packs:
            return scope.from_clause(select)
        source: exp.Expression = exp.Table(
            this=exp.to_identifier(table_name(self.prefix, ()), quoted=True),
            alias=exp.TableAlias(this=exp.to_identifier(CASE_ALIAS, quoted=True)))
        for layer in (list(self.hoisted.values()),
                      [column for pack in self.packs.values() for column in pack.columns()]):
            if layer:
                derived = exp.select(exp.Star(), *(
                    exp.alias_(value, name, quoted=True) for name, value in layer
                )).from_(source)
                source = exp.Subquery(this=derived, alias=exp.TableAlias(
                    this=exp.to_identifier(CASE_ALIAS, quoted=True)))
        return select.from_(source)

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

    def _shift_date(self, expr: ir.ShiftDate, scope: Scope, env: Env) -> exp.Expression:
        date = self.translate(expr.date, scope, env)
        years, months = expr.duration.years, expr.duration.months
        if (years and months) or isinstance(expr.date, ir.Const):
            return shift_date_sql(date, expr.duration, expr.sign)  # the portable form
        result = _add_months(date, expr.sign * (12 * years + months))
        if expr.duration.days:
            result = shift_date_sql(result, ir.Duration(days=expr.duration.days), expr.sign)
        return result

    def _member(self, expr: ir.Member, scope: Scope, env: Env) -> exp.Expression:
        collection = expr.collection
        if isinstance(collection, ir.SetConst) and collection.values:
            # ``list_contains([a, b, …], x)``: null for a null x, else true or false (the
            # set holds no null), as ``x IN (a, b, …)``; DuckDB turns a long ``IN`` into a
            # join and a short one into a chain of ``OR``s, both slower per case
            element = self.translate(expr.element, scope, env)
            values = [self._const(ir.Const(v, collection.element), scope, env)
                      for v in collection.values]
            return exp.ArrayContains(this=exp.Array(expressions=values), expression=element)
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
        if not env and isinstance(source, ir.Fact) and expr.kind in ("any", "all", "no"):
            return self._packed(expr, source, items, scope)
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

    def _packed(self, expr: ir.Quantifier, source: ir.Fact, items: exp.Expression,
                scope: Scope) -> exp.Expression:
        """`any`/`all`/`no` over a list of the case, read out of its `_Pack`: two bits of
        one of the list's mask columns say whether some element's body is true and
        whether some is unknown. ``all x where b`` is ``not any x where not b``."""
        pack = self.packs.get(source.path)
        if pack is None:
            pack = self.packs[source.path] = _Pack(source.path, items, self.alias("v"))
        negated = expr.kind == "all"
        key = (negated, expr.var.name, expr.body)
        place = pack.places.get(key)
        if place is None:
            body = self.translate(expr.body, scope, {expr.var.name: (pack.var, (), 0)})
            place = pack.add(key, exp.Not(this=exp.Paren(this=body)) if negated else body)
        name, shift = place
        bits = exp.BitwiseAnd(this=exp.column(name, table=CASE_ALIAS, quoted=True),
                              expression=_int(3 << shift))
        # the body's two bits, left in place (a shift is one more operation per case):
        # 0: no body true or unknown (false; also the empty list); 1 or 3 (shifted): some
        # body is true; 2 (shifted): none true, some unknown (NULLIF: unknown); a null
        # mask: an unknown list
        found: exp.Expression = exp.Paren(this=exp.GT(
            this=exp.Nullif(this=bits, expression=_int(2 << shift)), expression=_int(0)))
        return exp.Not(this=found) if expr.kind in ("all", "no") else found


def _shifted(code: exp.Expression, bits: int) -> exp.Expression:
    """`code` << `bits` (no operation for no bits: every operation in a lambda is paid
    once per element)."""
    if not bits:
        return code
    return exp.BitwiseLeftShift(this=exp.Paren(this=code), expression=_int(bits))


class _Pack:
    """The `any`/`all`/`no` bodies over one list of the case, evaluated in one lambda per
    element (instead of one lambda per quantifier) into a BIGINT mask per case: body `i`
    owns bits ``2i`` (some element's body is true) and ``2i + 1`` (some is unknown),
    ``LIST_BIT_OR`` folds the elements, an empty list gives 0 and an unknown list null.
    Thirty-one bodies fill a mask; more start another column."""

    PER_MASK = 31

    def __init__(self, path: tuple[str, ...], items: exp.Expression, var: str):
        self.path = path
        self.items = items
        self.var = var
        self.bodies: list[exp.Expression] = []
        self.places: dict[Any, tuple[str, int]] = {}

    def _name(self, index: int) -> str:
        # "·" is in no case path, so the column never meets a field's name
        return f"·{'.'.join(self.path)}·{index // self.PER_MASK}"

    def add(self, key: Any, body: exp.Expression) -> tuple[str, int]:
        index = len(self.bodies)
        self.bodies.append(body)
        place = self.places[key] = (self._name(index), 2 * (index % self.PER_MASK))
        return place

    def columns(self) -> list[tuple[str, exp.Expression]]:
        columns: list[tuple[str, exp.Expression]] = []
        for start in range(0, len(self.bodies), self.PER_MASK):
            codes = [
                # 1 true, 0 false, 2 unknown, in the body's two bits
                _shifted(exp.Coalesce(
                    this=exp.Cast(this=body.copy(), to=exp.DataType.build("BIGINT")),
                    expressions=[_int(2)]), 2 * offset)
                for offset, body in enumerate(self.bodies[start:start + self.PER_MASK])
            ]
            code: exp.Expression = codes[0]
            for part in codes[1:]:
                code = exp.BitwiseOr(this=code, expression=part)
            each = exp.Transform(this=self.items.copy(), expression=exp.Lambda(
                this=code, expressions=[exp.to_identifier(self.var, quoted=True)]))
            folded = exp.Anonymous(this="LIST_BIT_OR", expressions=[each])
            length = exp.ArraySize(this=self.items.copy())
            # the lambda runs only on the cases with elements (DuckDB's CASE evaluates a
            # branch on its rows alone): an empty list is 0 without it, an unknown one null
            mask = exp.Case(ifs=[
                exp.If(this=exp.GT(this=length, expression=_int(0)), true=folded),
                exp.If(this=exp.EQ(this=length.copy(), expression=_int(0)), true=_int(0)),
            ])
            columns.append((self._name(start), mask))
        return columns



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
    ids = pa.array([c.get("id") if isinstance(c.get("id"), str) else None for c in cases],
                   pa.string())
    # from the arrays, not by adding columns: a table of no facts (statutes that read
    # none) has no rows of its own to add them to
    return pa.Table.from_arrays([pa.array(rows, pa.int64()), ids, *table.columns],
                                schema=schema)


def read_schema(programs: Sequence[ir.Program], vocab: ir.Vocabulary | None,
                extra: Sequence[ir.Expr] = ()) -> Any:
    """The nested case table the `programs` (and the `extra` expressions) need: only the
    fields they read (a lambda over a list copies every field of its elements, so fewer
    fields are faster), else every field of `vocab`; None when neither has a nested form."""
    schema = case_schema(*program_fields(programs, extra))
    if schema is None and vocab is not None:
        schema = case_schema(*vocabulary_fields(vocab))
    return schema


def select_fields(table: Any, schema: Any, *, missing_as_unknown: bool = False) -> Any:
    """The columns of `schema` taken out of a nested Arrow `table` holding at least them
    (struct fields picked by name, lists re-wrapped around their picked elements: no data
    is copied but a sliced list's offsets). Raises `LayoutError` when a column or field is
    of another type, or missing (with `missing_as_unknown`, a missing one is all null:
    unknown, as a fact left out of a case is)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def pick(array: Any, kind: Any, where: str) -> Any:
        if pa.types.is_struct(kind):
            if not pa.types.is_struct(array.type):
                raise LayoutError(f"`{where}` is not a record")
            children = []
            parts = array.flatten() if array.offset else None  # the slice's own children
            for field in kind:
                index = array.type.get_field_index(field.name)
                if index < 0 and missing_as_unknown:
                    children.append(pa.nulls(len(array), field.type))
                    continue
                if index < 0:
                    raise LayoutError(f"`{where}` has no field `{field.name}`")
                child = parts[index] if parts is not None else array.field(index)
                children.append(pick(child, field.type, f"{where}.{field.name}"))
            return pa.StructArray.from_arrays(
                children, fields=list(kind), mask=array.is_null() if array.null_count else None)
        if pa.types.is_list(kind):
            if not pa.types.is_list(array.type):
                raise LayoutError(f"`{where}` is not a list")
            offsets, values = array.offsets, array.values
            if array.offset:  # a slice: its own elements, offsets from 0 (a small copy)
                first = offsets[0].as_py()
                values = values.slice(first, offsets[-1].as_py() - first)
                offsets = pc.subtract(offsets, pa.scalar(first, offsets.type))
            values = pick(values, kind.value_type, f"{where}[]")
            return pa.ListArray.from_arrays(
                offsets, values, mask=array.is_null() if array.null_count else None)
        if array.type != kind:
            raise LayoutError(f"`{where}` holds {array.type}, not {kind}")
        return array

    columns = []
    for field in schema:
        if field.name not in table.column_names and missing_as_unknown:
            columns.append(pa.chunked_array([pa.nulls(table.num_rows, field.type)]))
            continue
        if field.name not in table.column_names:
            raise LayoutError(f"the case table has no column `{field.name}`")
        column = table.column(field.name)
        chunks = [pick(chunk, field.type, field.name) for chunk in column.chunks]
        columns.append(pa.chunked_array(chunks, type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)
