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
    backend (`analysis.compare.impact`), which still counts it."""
    from trustlaw.analysis.compare import impact as impact_module

    calls: list[str] = []
    real = impact_module._sql_counter

    def spy(*args: object, **kwargs: object) -> object:
        calls.append("sql")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(impact_module, "_sql_counter", spy)
    return calls
