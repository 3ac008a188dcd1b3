"""For the tests of the column routes: how many cases the row route decides."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from trustlaw.caseload import run


def routed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many cases each call of the row route took, from now on."""
    taken: list[int] = []
    chunk = run._chunk

    def counting(statutes: Any, items: Any, engine: Any,
                 *options: Any) -> Iterator[dict[str, Any]]:
        taken.append(len(items))
        return chunk(statutes, items, engine, *options)  # options: the warnings column

    monkeypatch.setattr(run, "_chunk", counting)
    return taken


def same_rows(statutes: list[Any], path: Path, by_rows: Callable[[], Any],
              chunk: int = run.CHUNK) -> Any:
    """The column route's table for `path`, checked equal to the row route's
    (`by_rows()`), schema and every row."""
    import pyarrow as pa

    columns = pa.concat_tables([run.output_schema().empty_table(),
                                *run.decide_tables(statutes, path, chunk=chunk)])
    rows = by_rows()
    assert columns.schema == rows.schema
    assert columns.to_pylist() == rows.to_pylist()
    return columns
