"""A vocabulary's constraints → one DuckDB query: which cases of the nested table break one.

A batch over a Parquet file in the case layout checks its cases a column at a time
(`trustlaw.caseload.columnar`) instead of one Python dict at a time. The constraints of
the vocabulary (an age between 0 and 130, a judgment not dated after the case, …) are IR
expressions, so this backend says them as it says a rule's condition: per case, whether
some constraint is *false*. True or unknown is no violation, as in `trustlaw.cases`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlglot
from sqlglot import exp

from ... import ir
from .expressions import Scope
from .layout import DEFAULT_PREFIX, ROW
from .nested import NestedTranslator

__all__ = ["VIOLATED", "compile_violations"]

VIOLATED = "violated"  # the column: true where some constraint is false, else false or null


def compile_violations(constraints: Sequence[ir.Constraint],
                       prefix: str = DEFAULT_PREFIX) -> str:
    """``SELECT row, violated`` over the nested case table, one row per case (raises
    `ir.UnsupportedNode` for a constraint the SQL backend cannot translate)."""
    broken: list[ir.Expr] = [ir.Not(constraint.body) for constraint in constraints]
    if not broken:
        condition: ir.Expr = ir.Const(False, ir.BOOL)
    elif len(broken) == 1:
        condition = broken[0]
    else:
        condition = ir.Or(tuple(broken))
    translator = NestedTranslator(prefix)
    scope = Scope(translator)
    select = exp.select(
        exp.alias_(scope.row(), ROW, quoted=True),
        exp.alias_(translator.translate(condition, scope), VIOLATED, quoted=True),
    )
    text: str = translator.from_clause(select, scope).sql(
        dialect="duckdb", unsupported_level=sqlglot.ErrorLevel.RAISE)
    return text
