"""Fact patterns written from the law alone (tests/fact_patterns/*.json) → public-API decisions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import trustlaw

PATTERN_DIR = Path(__file__).parent / "fact_patterns"


def _patterns() -> list[Any]:
    params = []
    for path in sorted(PATTERN_DIR.glob("*.json")):
        for pattern in json.loads(path.read_text(encoding="utf-8")):
            marks = []
            if pattern.get("xfail"):
                marks.append(pytest.mark.xfail(reason=pattern["xfail"], strict=True))
            params.append(pytest.param(pattern, id=f"{path.stem}:{pattern['id']}", marks=marks))
    return params


def _outcome_matches(actual: str, expected: Any) -> bool:
    if isinstance(expected, str):
        return actual == expected
    if isinstance(expected, list):
        return actual in expected
    return actual not in expected["not"]


def _check_max_hold(actual: dict[str, Any] | None, expected: dict[str, Any] | None) -> None:
    if expected is None:
        assert actual is None, f"max_hold: expected null, got {actual}"
        return
    assert actual is not None, f"max_hold: expected {expected}, got null"
    if "hours" in expected:
        assert actual["hours"] == expected["hours"], f"max_hold hours: {actual}"
    if "excluding" in expected:
        excluding = set(actual["excluding"])
        assert excluding == set(expected["excluding"]), f"max_hold excluding: {actual}"


@pytest.mark.parametrize("pattern", _patterns())
def test_fact_pattern(pattern: dict[str, Any]) -> None:
    expect = pattern["expect"]
    if pattern.get("on") is not None:
        if expect.get("load_error"):
            with pytest.raises(trustlaw.TrustlawError):
                trustlaw.load(pattern["statute"], on=pattern["on"])
        else:
            assert trustlaw.load(pattern["statute"], on=pattern["on"]).id == expect["loads"]
        return

    decision = trustlaw.load(pattern["statute"]).decide(pattern["case"])
    result = decision.to_dict()
    for outcome, wanted in expect.get("outcomes", {}).items():
        got = result["outcomes"][outcome]
        assert _outcome_matches(got, wanted), (
            f"{outcome}: expected {wanted}, got {got}; grounds {result['grounds'].get(outcome)}")
    if "max_hold" in expect:
        _check_max_hold(result["max_hold"], expect["max_hold"])
    for outcome, citations in expect.get("grounds", {}).items():
        cited = [f"{g['citation']} {g.get('provision', '')}" for g in result["grounds"][outcome]]
        for wanted in citations:
            assert any(wanted in c for c in cited), f"{outcome} grounds {cited} lack {wanted}"
    for outcome, paths in expect.get("depends_on", {}).items():
        named = result["depends_on"].get(outcome, [])
        for path in paths:
            assert path in named, f"depends_on[{outcome}] = {named} lacks {path}"
    duties = {duty["id"] for duty in result["duties"]}
    for duty in expect.get("duties", {}).get("includes", []):
        assert duty in duties, f"duties {sorted(duties)} lack {duty}"
    for duty in expect.get("duties", {}).get("excludes", []):
        assert duty not in duties, f"duties {sorted(duties)} include {duty}"
    if "in_force" in expect:
        assert result["in_force"] is expect["in_force"]
    if expect.get("warned"):
        assert result["warnings"], "expected a warning"
    if "release_deadline" in expect:
        clock = expect["release_deadline"]
        deadline = decision.release_deadline(dt.datetime.fromisoformat(clock["release_at"]))
        assert deadline == dt.datetime.fromisoformat(clock["deadline"]), f"deadline {deadline}"
