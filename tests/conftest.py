"""Test-wide settings: the on-disk cache of lowered statutes lives in a fresh directory;
fixtures several test files share."""

from __future__ import annotations

import os
import tempfile

import pytest

# Set before any statute loads (subprocesses inherit it), so a run neither reads nor
# leaves entries in the user's cache; tests/test_ir_cache.py exercises the cache itself.
os.environ.setdefault("TRUSTLAW_CACHE_DIR", tempfile.mkdtemp(prefix="trustlaw-test-cache-"))


@pytest.fixture
def counted_in_sql(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that grows by one each time a comparison's caseload is counted by the SQL
    backend (`analysis.compare.impact`): case by case in one query per chunk, or a chunk
    of columns at a time (a Parquet or JSON-lines file); the count is still made."""
    from trustlaw.analysis.compare import impact as impact_module

    calls: list[str] = []
    real = impact_module._sql_counter
    by_columns = impact_module._by_columns

    def spy(*args: object, **kwargs: object) -> object:
        calls.append("sql")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    def columns_spy(*args: object, **kwargs: object) -> object:
        counted = by_columns(*args, **kwargs)  # type: ignore[arg-type]
        if counted is not None:
            calls.append("sql")
        return counted

    monkeypatch.setattr(impact_module, "_sql_counter", spy)
    monkeypatch.setattr(impact_module, "_by_columns", columns_spy)
    return calls
