"""Vocabulary (or programs) → the input tables the SQL reads; validated cases → their rows.

A case is flattened into one row of the *case table* and one row per element of each
list in a *list table* (the layout is documented in `trustlaw.backends.sql`):

- the case table (named `prefix`, default ``cases``) has the keys ``row`` (the case's
  0-based position in the batch) and ``case_id`` (the case's ``id``, or null), then one
  column per scalar fact named by its case path (``date``, ``request.form``,
  ``person.age``), one per record holding true when the record is present (``person``;
  null when it is absent), and one per list holding the list's **length**
  (``convictions``: null when the list is unknown, 0 when it is empty);
- a list's table is named ``<prefix>__<path joined by __>`` (``cases__convictions``,
  ``cases__request__kinds``, ``cases__convictions__tags``) and has the keys ``row`` and
  ``item_1`` … ``item_d`` (the positions of the element and of the elements it sits in,
  outermost first), then the element's fields as above (a list of plain values has one
  column, ``value``).

Nothing here knows a statute: the names are a function of the case paths, so any program
over the same vocabulary reads the same tables.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ... import ir

__all__ = [
    "CASE_ID",
    "ROW",
    "VALUE",
    "Column",
    "Layout",
    "LayoutError",
    "Table",
    "column_name",
    "item_key",
    "layout_for_programs",
    "layout_for_vocabulary",
    "program_fields",
    "table_name",
]

ROW = "row"  # the case's 0-based position in the batch: the join key of every table
CASE_ID = "case_id"  # the case's own `id` (a string), or null
VALUE = "value"  # the column of a list of plain values
DEFAULT_PREFIX = "cases"
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


class LayoutError(ValueError):
    """The vocabulary (or a case) cannot be laid out in the SQL input tables."""


def table_name(prefix: str, list_path: tuple[str, ...]) -> str:
    """The table holding the elements of the list at `list_path` (``()``: the case table)."""
    return "__".join((prefix, *list_path))


def column_name(path: tuple[str, ...]) -> str:
    """The column of a fact or field: its path inside the case or element, dotted."""
    return ".".join(path)


def item_key(level: int) -> str:
    """The key column holding an element's position at list level `level` (1-based)."""
    return f"item_{level}"


@attrs.frozen
class Column:
    """One data column: a scalar fact (its type), a record's presence (RecordType) or a
    list's length (ListType)."""

    name: str
    path: tuple[str, ...]  # inside the case or the element; () for a plain list value
    type: ir.Type


@attrs.frozen
class Table:
    """The case table (`list_path` empty) or the table of one list's elements."""

    name: str
    list_path: tuple[str, ...]
    columns: tuple[Column, ...]
    depth: int = 0  # how many lists the elements sit in (``convictions.tags``: 2)

    @property
    def keys(self) -> tuple[str, ...]:
        if not self.list_path:
            return (ROW, CASE_ID)
        return (ROW, *(item_key(level) for level in range(1, self.depth + 1)))

    @property
    def column_names(self) -> tuple[str, ...]:
        return (*self.keys, *(c.name for c in self.columns))


@attrs.frozen
class Layout:
    """Every input table, the case table first."""

    prefix: str
    tables: tuple[Table, ...]

    def table(self, list_path: tuple[str, ...]) -> Table:
        for table in self.tables:
            if table.list_path == list_path:
                return table
        raise LayoutError(f"the layout has no table for the list `{column_name(list_path)}`")

    def rows(
        self, cases: Sequence[Mapping[str, Any]], rows: Sequence[int] | None = None
    ) -> dict[str, dict[str, list[Any]]]:
        """The validated `cases` as columns: table name → column name → values."""
        return flatten(self, cases, rows)


# ---- building a layout ------------------------------------------------------------------


class _Builder:
    def __init__(self, prefix: str, records: Mapping[str, Sequence[tuple[str, ir.Type]]]):
        self.prefix = prefix
        self.records = records
        self.tables: dict[tuple[str, ...], list[Column]] = {}
        self.depths: dict[tuple[str, ...], int] = {(): 0}
        self.plain: dict[tuple[str, ...], bool] = {}  # lists of plain values

    def table(self, list_path: tuple[str, ...], fields: Iterable[tuple[str, ir.Type]]) -> None:
        columns = self.tables.setdefault(list_path, [])
        for name, type_ in fields:
            self.column(list_path, columns, (name,), type_, ())

    def column(
        self,
        list_path: tuple[str, ...],
        columns: list[Column],
        path: tuple[str, ...],
        type_: ir.Type,
        seen: tuple[str, ...],
    ) -> None:
        name = VALUE if path == (VALUE,) and self.plain.get(list_path) else column_name(path)
        stored = () if name == VALUE and self.plain.get(list_path) else path
        if any(c.name == name for c in columns):
            return
        if isinstance(type_, ir.ListType):
            columns.append(Column(name, stored, type_))
            element = type_.element
            if isinstance(element, ir.ListType):
                raise LayoutError(
                    f"the list `{column_name(list_path + path)}` holds lists, which the SQL "
                    "tables cannot lay out"
                )
            inner = (*list_path, *path)
            self.depths[inner] = self.depths[list_path] + 1
            if isinstance(element, ir.RecordType):
                self.table(inner, self.records.get(element.name, ()))
            else:
                self.plain[inner] = True
                self.table(inner, ((VALUE, element),))
        elif isinstance(type_, ir.RecordType):
            if type_.name in seen:
                raise LayoutError(f"the record `{type_.name}` contains itself")
            columns.append(Column(name, stored, type_))
            for field_name, field_type in self.records.get(type_.name, ()):
                self.column(
                    list_path, columns, (*path, field_name), field_type, (*seen, type_.name)
                )
        else:
            columns.append(Column(name, stored, type_))

    def build(self) -> Layout:
        tables = tuple(
            Table(table_name(self.prefix, path), path, tuple(columns), self.depths[path])
            for path, columns in sorted(
                self.tables.items(), key=lambda item: (self.depths[item[0]], item[0])
            )
        )
        layout = Layout(self.prefix, tables)
        _check_names(layout)
        return layout


def _check_names(layout: Layout) -> None:
    """Names must stay distinct where engines fold case (DuckDB, Spark)."""
    seen_tables: dict[str, str] = {}
    for table in layout.tables:
        folded = table.name.lower()
        if folded in seen_tables:
            raise LayoutError(
                f"the tables `{seen_tables[folded]}` and `{table.name}` would have the same name"
            )
        seen_tables[folded] = table.name
        seen: dict[str, str] = {}
        for name in table.column_names:
            if name.lower() in seen:
                raise LayoutError(
                    f"the column `{name}` of table `{table.name}` clashes with "
                    f"`{seen[name.lower()]}` (a key column or a field of the same name)"
                )
            seen[name.lower()] = name


def layout_for_vocabulary(vocab: ir.Vocabulary, prefix: str = DEFAULT_PREFIX) -> Layout:
    """Every fact of the vocabulary, laid out in tables (the documented input format)."""
    records = {r.name: tuple((f.name, f.type) for f in r.fields) for r in vocab.records}
    builder = _Builder(prefix, records)
    builder.table((), ((f.name, f.type) for f in vocab.fields))
    return builder.build()


def layout_for_programs(programs: Iterable[ir.Program], prefix: str = DEFAULT_PREFIX,
                        extra: Iterable[ir.Expr] = ()) -> Layout:
    """Only the facts the programs (and `extra`) read (for programs over an ad-hoc
    vocabulary)."""
    top_fields, records = program_fields(programs, extra)
    builder = _Builder(prefix, records)
    builder.table((), top_fields)
    return builder.build()


def program_fields(
    programs: Iterable[ir.Program], extra: Iterable[ir.Expr] = (),
) -> tuple[list[tuple[str, ir.Type]], dict[str, tuple[tuple[str, ir.Type], ...]]]:
    """The top-level fields the programs (and the `extra` expressions: what a query reads
    besides, such as the request's limits) read and the fields of each record type they
    read (records of their own, named by path, for facts such as ``person.age``)."""
    records: dict[str, list[tuple[str, ir.Type]]] = {}
    top: list[tuple[tuple[str, ...], ir.Type]] = []
    for program in programs:
        conditions = [r.condition for r in program.rules]
        conditions += [d.condition for d in program.duties]
        conditions += [lim.condition for lim in program.limits]
        for condition in conditions:
            _collect(condition, records, top)
    for expr in extra:
        _collect(expr, records, top)
    # top-level facts by path: rebuild the records on the way (`person.age` → person)
    top_fields: list[tuple[str, ir.Type]] = []
    for path, type_ in top:
        for depth in range(1, len(path)):
            name = "·".join(path[:depth])  # a record type of our own for the prefix
            fields = records.setdefault(name, [])
            child_type = (
                _own(path, type_) if depth == len(path) - 1
                else ir.RecordType("·".join(path[: depth + 1]))
            )
            if (path[depth], child_type) not in fields:
                fields.append((path[depth], child_type))
        first = _own(path, type_) if len(path) == 1 else ir.RecordType(path[0])
        if (path[0], first) not in top_fields:
            top_fields.append((path[0], first))
    return top_fields, {k: tuple(v) for k, v in records.items()}


def _own(path: tuple[str, ...], type_: ir.Type) -> ir.Type:
    """A record read as a whole fact gets the record type named after its path."""
    return ir.RecordType("·".join(path)) if isinstance(type_, ir.RecordType) else type_


def _collect(
    expr: ir.Expr,
    records: dict[str, list[tuple[str, ir.Type]]],
    top: list[tuple[tuple[str, ...], ir.Type]],
) -> None:
    if isinstance(expr, ir.Fact):
        if (expr.path, expr.type) not in top:
            top.append((expr.path, expr.type))
    elif isinstance(expr, ir.Field):
        record = expr.record.type
        if isinstance(record, ir.RecordType):
            fields = records.setdefault(record.name, [])
            if (expr.name, expr.type) not in fields:
                fields.append((expr.name, expr.type))
    for child in _children(expr):
        _collect(child, records, top)


def _children(expr: ir.Expr) -> tuple[ir.Expr, ...]:
    if isinstance(expr, (ir.Not, ir.IsKnown)):
        return (expr.operand,)
    if isinstance(expr, (ir.And, ir.Or)):
        return expr.operands
    if isinstance(expr, (ir.Compare, ir.IntArith)):
        return (expr.left, expr.right)
    if isinstance(expr, ir.Member):
        return (expr.element, expr.collection)
    if isinstance(expr, ir.ShiftDate):
        return (expr.date,)
    if isinstance(expr, ir.Quantifier):
        return (expr.source, expr.body)
    return ()


# ---- cases → rows ---------------------------------------------------------------------------


def flatten(
    layout: Layout, cases: Sequence[Mapping[str, Any]], rows: Sequence[int] | None = None
) -> dict[str, dict[str, list[Any]]]:
    """The validated `cases` as the columns of every table of `layout`, numbered by `rows`
    (default 0, 1, 2, …).

    Raises `LayoutError` for a value no SQL column can hold (a whole number beyond 64 bits)."""
    out: dict[str, dict[str, list[Any]]] = {
        t.name: {name: [] for name in t.column_names} for t in layout.tables
    }
    plans = {t.list_path: _plan(t, out, {t.list_path: t for t in layout.tables})
             for t in layout.tables}
    case_plan = plans[()]
    case_table = out[layout.tables[0].name]
    row_column, id_column = case_table[ROW], case_table[CASE_ID]
    numbers = range(len(cases)) if rows is None else rows
    for row, case in zip(numbers, cases, strict=True):
        row_column.append(row)
        case_id = case.get("id")
        id_column.append(case_id if isinstance(case_id, str) else None)
        _fill(case_plan, case, (row,), plans)
    return out


# what to do with one column: (kind, the list to append to, path, inner list path)
_Step = tuple[str, list[Any], tuple[str, ...], tuple[str, ...]]
# per table: its steps and the key columns of its rows
_Plan = tuple[list[_Step], list[list[Any]]]


def _plan(table: Table, out: dict[str, dict[str, list[Any]]],
          tables: Mapping[tuple[str, ...], Table]) -> _Plan:
    columns = out[table.name]
    steps: list[_Step] = []
    for column in table.columns:
        type_ = column.type
        kind = (
            "list" if isinstance(type_, ir.ListType)
            else "record" if isinstance(type_, ir.RecordType)
            else "int" if isinstance(type_, ir.IntType)
            else "date" if isinstance(type_, ir.DateType)
            else "duration" if isinstance(type_, ir.DurationType)
            else "value"
        )
        inner = (*table.list_path, *column.path) if kind == "list" else ()
        steps.append((kind, columns[column.name], column.path, inner))
    return steps, [columns[key] for key in table.keys]


def _fill(plan: _Plan, data: Any, keys: tuple[int, ...],
          plans: Mapping[tuple[str, ...], _Plan]) -> None:
    for kind, target, path, inner in plan[0]:
        if not path:
            value = data
        else:
            value = data
            for key in path:
                mapping = type(value) is dict or isinstance(value, Mapping)
                value = value.get(key) if mapping else None
                if value is None:
                    break
        if value is None:
            target.append(None)
        elif kind == "value":
            target.append(value)
        elif kind == "list":
            target.append(len(value))
            inner_plan = plans[inner]
            key_columns = inner_plan[1]
            for index, item in enumerate(value):
                item_keys = (*keys, index)
                for column, key_value in zip(key_columns, item_keys, strict=True):
                    column.append(key_value)
                _fill(inner_plan, item, item_keys, plans)
        elif kind == "record":
            target.append(True if isinstance(value, Mapping) else None)
        elif kind == "int":
            if not _INT_MIN <= value <= _INT_MAX:
                raise LayoutError(f"{'.'.join(path)}: {value} is too large for a SQL whole number")
            target.append(value)
        elif kind == "date":
            target.append(_dt.date.fromisoformat(value) if isinstance(value, str) else value)
        else:  # a duration
            target.append(
                f"P{value.years}Y{value.months}M{value.days}D"
                if isinstance(value, ir.Duration) else str(value)
            )
