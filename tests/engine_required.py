"""Skip a test whose engine is missing, or fail it where the engine must be there.

`.ci/run` sets ``TRUSTLAW_REQUIRE_ENGINES`` to the engines it found or installed
(``postgres,spark,chromium``): there a server that will not start, or a browser that went
missing, is a failure, not a skip that leaves CI green without the engine's tests.
Elsewhere a missing engine skips, with a reason that says how to install it.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def required(engine: str) -> bool:
    """Whether this run must have `engine` (``postgres``, ``spark``, ``chromium``)."""
    listed = os.environ.get("TRUSTLAW_REQUIRE_ENGINES", "")
    return engine in {name.strip() for name in listed.split(",")}


def unavailable(engine: str, reason: str, *, module: bool = False) -> NoReturn:
    """Skip with `reason`, or fail with it where `engine` is required; `module`: called
    while a test module is imported."""
    if required(engine):
        pytest.fail(f"{engine} is required here (TRUSTLAW_REQUIRE_ENGINES) but {reason}",
                    pytrace=False)
    pytest.skip(reason, allow_module_level=module)
