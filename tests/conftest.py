"""Test-wide settings: the on-disk cache of lowered statutes lives in a fresh directory."""

from __future__ import annotations

import os
import tempfile

# Set before any statute loads (subprocesses inherit it), so a run neither reads nor
# leaves entries in the user's cache; tests/test_ir_cache.py exercises the cache itself.
os.environ.setdefault("TRUSTLAW_CACHE_DIR", tempfile.mkdtemp(prefix="trustlaw-test-cache-"))
