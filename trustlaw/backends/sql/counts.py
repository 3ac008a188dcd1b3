"""IR conditions → one SQL query counting the cases each is true of (a caseload's regions).

A comparison's caseload impact asks, for every region, how many cases of a file lie in
it: the region's condition is true of them (unknown counts as outside, as in
`Region.contains`). The conditions are translated like rule conditions (`expressions`,
or `nested` over DuckDB's nested case table) and counted in one scan:
``SELECT COUNT(*) FILTER (WHERE r1) AS n1, … FROM (the conditions per case)``, written
with ``SUM(CASE WHEN …)`` so that every dialect takes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlglot
from sqlglot import exp

from ... import ir
from .expressions import Scope, Translator
from .layout import DEFAULT_PREFIX
from .nested import NestedTranslator

__all__ = ["build_counts", "compile_counts"]


def build_counts(conditions: Sequence[ir.Expr], prefix: str = DEFAULT_PREFIX,
                 nested: bool = False) -> exp.Select:
    """One row: ``n1``, ``n2``, … the number of cases each condition is true of (raises
    `ir.UnsupportedNode` for a condition the SQL backend cannot translate)."""
    translator: Translator = NestedTranslator(prefix) if nested else Translator(prefix)
    scope = Scope(translator)
    per_case = exp.select(*(
        exp.alias_(translator.translate(condition, scope), f"r{i + 1}", quoted=True)
        for i, condition in enumerate(conditions)))
    per_case = translator.from_clause(per_case, scope)
    if not conditions:  # a comparison without regions: the number of cases alone
        per_case = per_case.select(exp.alias_(exp.true(), "r0", quoted=True))
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
