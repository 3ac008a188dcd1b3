"""Which case files are decided a chunk of columns at a time, and their chunks screened.

A Parquet file in the case layout (`columnar`), a JSON-lines file (`jsonl_columns`) and
a CSV file (`csv_columns`) are, with DuckDB; batch output (`run`) and a comparison's caseload
(`trustlaw.analysis.compare.impact`) read them all the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from .columnar import ColumnarPlan, Screened, columnar_plan, screened_parquet
from .csv_columns import csv_plan, screened_csv
from .jsonl_columns import jsonl_plan, screened_jsonl

__all__ = ["column_chunks"]


def column_chunks(statutes: Sequence[Any], path: str | os.PathLike[str], engine: Any,
                  chunk: int) -> tuple[ColumnarPlan, Iterator[Screened]] | None:
    """The plan and screened chunks of `path`, or None when its cases must be read one
    by one (another engine or format, a file outside the case layout)."""
    plan = columnar_plan(statutes, path, engine)
    if plan is not None:
        return plan, screened_parquet(plan, path, engine, chunk)
    plan = jsonl_plan(statutes, path, engine)
    if plan is not None:
        return plan, screened_jsonl(plan, path, engine, chunk)
    plan = csv_plan(statutes, path, engine)
    if plan is not None:
        return plan, screened_csv(plan, path, engine, chunk)
    return None
