"""Cases tests share: CASES.md's example case with every fact PA 13-155 reads known, and the
owner's fact patterns by id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trustlaw.cases.validation import example_case


def known_case() -> dict[str, Any]:
    """CASES.md's example case, with the facts of CASES.md 2a that PA 13-155 reads known too
    (the conviction stands; the charge was not released on a promise to appear)."""
    case = example_case()
    case["convictions"][0]["vacated"] = False
    case["charges"][0]["released_on_promise_to_appear"] = False
    return case


def fact_pattern(file: str, name: str) -> dict[str, Any]:
    """The case of the owner's fact pattern `name` in tests/fact_patterns/`file`."""
    path = Path(__file__).parent / "fact_patterns" / file
    found = [p for p in json.loads(path.read_text(encoding="utf-8")) if p["id"] == name]
    assert len(found) == 1, name
    case: dict[str, Any] = found[0]["case"]
    return case
