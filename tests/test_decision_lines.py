"""Decisions written fast are the same decisions: the JSON line, a `Case`, every backend.

`Decision.to_json_line` reuses the JSON of the parts an evaluation determines, and a
`Case` skips validation; on generated cases (unknown facts included) both must give
exactly what the plain path gives, and the compiled backend's decision (with its
`depends_on`) must equal the interpreter's, the oracle's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import trustlaw
from trustlaw.testing.strategies import cases

STATUTES = [trustlaw.load(i) for i in trustlaw.available()]


@pytest.mark.parametrize("statute", STATUTES, ids=lambda s: s.id)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=cases())
def test_fast_paths_write_the_oracle_decision(statute: Any, case: dict[str, Any]) -> None:
    oracle = statute.decide(case, backend="interpreter")
    compiled = statute.decide(trustlaw.validate(case))
    assert compiled.to_dict() == oracle.to_dict()  # depends_on included
    line = compiled.to_json_line()
    assert line == oracle.to_json(indent=None)
    assert json.loads(line) == oracle.to_dict()
    assert compiled.to_json_line() == line  # from the memo, the second time
