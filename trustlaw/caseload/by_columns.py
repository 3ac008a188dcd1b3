"""Which case files are decided a chunk of columns at a time, and their chunks screened.

A Parquet file in the case layout (`columnar`), a JSON-lines file (`jsonl_columns`) and
a CSV file (`csv_columns`) are, with DuckDB; batch output (`run`) and a comparison's caseload
(`trustlaw.analysis.compare.impact`) read them all the same way. So is an Arrow table in
the case layout held in memory (`table_chunks`: a pyarrow Table, a polars or pandas frame,
`in_memory`), as a Parquet file's chunks are, without writing it to one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from .columnar import (
    ColumnarPlan,
    Screened,
    columnar_plan,
    schema_plan,
    screened_batches,
    screened_parquet,
    takes_columns,
)
from .csv_columns import csv_plan, screened_csv
from .jsonl_columns import jsonl_plan, screened_jsonl

__all__ = ["column_chunks", "table_chunks"]


def column_chunks(statutes: Sequence[Any], path: str | os.PathLike[str], engine: Any,
                  chunk: int, warnings: bool = False
                  ) -> tuple[ColumnarPlan, Iterator[Screened]] | None:
    """The plan and screened chunks of `path`, or None when its cases must be read one
    by one (another engine or format, a file outside the case layout). `warnings`: the
    plan's query also gives the ``warnings`` column."""
    plan = columnar_plan(statutes, path, engine, warnings)
    if plan is not None:
        return plan, screened_parquet(plan, path, engine, chunk)
    plan = jsonl_plan(statutes, path, engine, warnings)
    if plan is not None:
        return plan, screened_jsonl(plan, path, engine, chunk)
    plan = csv_plan(statutes, path, engine, warnings)
    if plan is not None:
        return plan, screened_csv(plan, path, engine, chunk)
    return None


def table_chunks(statutes: Sequence[Any], table: Any, engine: Any, chunk: int,
                 warnings: bool = False) -> tuple[ColumnarPlan, Iterator[Screened]] | None:
    """The plan and screened chunks of an Arrow `table` of cases held in memory, as
    `column_chunks` gives a Parquet file's, or None when its cases must be read one by
    one (another engine, a column outside the case layout or of a type holding other
    values, such as a floating-point number where the layout has a whole one)."""
    from .arrow_rows import table_batches

    if not takes_columns(engine):
        return None
    plan = schema_plan(statutes, table.schema, warnings)
    if plan is None:
        return None
    return plan, screened_batches(plan, table_batches(table, chunk), engine)
