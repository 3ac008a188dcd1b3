"""IR conditions → one SQL query counting the cases each is true of (a caseload's regions).

A comparison's caseload impact asks, for every region, how many cases of a file lie in
it: the region's condition is true of them (unknown counts as outside, as in
`Region.contains`). The conditions are translated like rule conditions (`expressions`,
or `nested` over DuckDB's nested case table) and counted in one scan, with
``SUM(CASE WHEN …)`` so that every dialect takes it.

A comparison's conditions repeat themselves: a region left after the determined ones
spells out both statutes' decisions, and the regions of one aspect share them, so
written out as a tree the SQL of one pair can run to some 300,000 characters made of
about 300 distinct parts. In the nested form each part that occurs more than once
becomes a column of its own, computed once per case in a layer of derived tables (a
part's layer comes after the layers of the parts inside it), and the conditions read
those columns: the same values, a query a fraction of the size.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import cast

import sqlglot
from sqlglot import exp

from ... import ir
from ...lowering.ir_tools import map_children
from .expressions import CASE_ALIAS, Scope, Translator
from .layout import DEFAULT_PREFIX
from .nested import NestedTranslator

__all__ = ["build_counts", "compile_counts"]

# the yes/no nodes a column may stand for (a count quantifier is a number: never shared)
_SHAREABLE = (ir.Not, ir.And, ir.Or, ir.Compare, ir.Member, ir.IsKnown, ir.Quantifier)


def build_counts(conditions: Sequence[ir.Expr], prefix: str = DEFAULT_PREFIX,
                 nested: bool = False) -> exp.Select:
    """One row: ``n1``, ``n2``, … the number of cases each condition is true of, and
    ``cases``, the number of cases (raises `ir.UnsupportedNode` for a condition the SQL
    backend cannot translate)."""
    if nested:
        per_case = _shared_columns(list(conditions), NestedTranslator(prefix))
    else:
        translator = Translator(prefix)
        scope = Scope(translator)
        per_case = translator.from_clause(
            exp.select(*_values([translator.translate(c, scope) for c in conditions])), scope)
    derived = exp.Subquery(this=per_case, alias=exp.TableAlias(
        this=exp.to_identifier("t", quoted=True)))
    counts = [
        exp.alias_(exp.Sum(this=exp.Case(
            ifs=[exp.If(this=exp.column(f"r{i + 1}", table="t", quoted=True),
                        true=exp.Literal.number(1))],
            default=exp.Literal.number(0))), f"n{i + 1}", quoted=True)
        for i in range(len(conditions))]
    return exp.select(*counts, exp.alias_(exp.Count(this=exp.Star()), "cases", quoted=True)
                      ).from_(derived)


def compile_counts(conditions: Sequence[ir.Expr], dialect: str = "duckdb", *,
                   prefix: str = DEFAULT_PREFIX, nested: bool = False) -> str:
    """The text of `build_counts` in `dialect`."""
    text: str = build_counts(conditions, prefix, nested).sql(
        dialect=dialect, unsupported_level=sqlglot.ErrorLevel.RAISE)
    return text


def _named(value: exp.Expression, name: str) -> exp.Expression:
    return cast(exp.Expression, exp.alias_(value, name, quoted=True))


def _values(values: Sequence[exp.Expression]) -> list[exp.Expression]:
    """The conditions' values per case as ``r1``, ``r2``, … (no condition: ``r0``, true,
    so that the query still counts the cases)."""
    return [_named(v, f"r{i + 1}") for i, v in enumerate(values)] or [_named(exp.true(), "r0")]


def _children(node: ir.Expr) -> tuple[ir.Expr, ...]:
    """The expressions directly inside `node`, a quantifier's body left out (it reads
    the element its quantifier binds, so no part of it stands alone)."""
    return (node.source,) if isinstance(node, ir.Quantifier) else ir.children(node)


def _shared_columns(conditions: list[ir.Expr], translator: NestedTranslator) -> exp.Select:
    """Per case, ``r1``, ``r2``, … the conditions' values, every part occurring more than
    once computed once in a column (``·s1``, …) of a layer below."""
    occurrences: dict[ir.Expr, int] = {}
    stack = list(conditions)
    while stack:  # every occurrence, as the conditions would be written out
        node = stack.pop()
        occurrences[node] = occurrences.get(node, 0) + 1
        if occurrences[node] == 1 or not isinstance(node, _SHAREABLE):
            stack.extend(_children(node))
        else:  # its parts occur as often again: counted once more is enough
            stack.extend(c for c in _children(node) if occurrences.get(c, 0) < 2)
    shared = [n for n, k in occurrences.items()
              if k > 1 and isinstance(n, _SHAREABLE)
              and not (isinstance(n, ir.Quantifier) and n.kind == "count")]
    names = {node: f"·s{i + 1}" for i, node in enumerate(shared)}
    layers: dict[ir.Expr, int] = {}
    rewritten: dict[ir.Expr, ir.Expr] = {}

    def rewrite(node: ir.Expr, top: bool = False) -> ir.Expr:
        """`node` with each shared part inside it (itself too, unless `top`) a column."""
        if not top and node in names:
            return ir.Fact((names[node],), ir.BOOL)
        if node in rewritten and not top:
            return rewritten[node]
        result = node if isinstance(node, ir.Quantifier) else map_children(node, rewrite)
        if not top:
            rewritten[node] = result
        return result

    def layer(node: ir.Expr) -> int:
        """1 + the highest layer of the shared parts inside `node` (0: none)."""
        found = layers.get(node)
        if found is None:
            inner = max((layer(c) for c in _children(node)), default=0)
            found = layers[node] = inner + 1 if node in names else inner
        return found

    scope = Scope(translator)
    by_layer: dict[int, list[exp.Expression]] = {}  # layer → its columns
    for node in shared:
        value = translator.translate(rewrite(node, top=True), scope)
        by_layer.setdefault(layer(node), []).append(_named(value, names[node]))
    final = _values([translator.translate(rewrite(c), scope) for c in conditions])
    levels = [by_layer[k] for k in sorted(by_layer)]
    if not levels:
        return translator.from_clause(exp.select(*final), scope)
    source: exp.Expression = translator.from_clause(exp.select(exp.Star(), *levels[0]), scope)
    for columns in itertools.chain(levels[1:], [final]):
        wrapped = exp.Subquery(this=source, alias=exp.TableAlias(
            this=exp.to_identifier(CASE_ALIAS, quoted=True)))
        source = (exp.select(exp.Star(), *columns) if columns is not final
                  else exp.select(*columns)).from_(wrapped)
    assert isinstance(source, exp.Select)
    return source
