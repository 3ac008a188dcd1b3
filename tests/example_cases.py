"""CASES.md's example case with every fact PA 13-155 reads known, for tests of that act."""

from __future__ import annotations

from typing import Any

from trustlaw.cases.validation import example_case


def known_case() -> dict[str, Any]:
    """CASES.md's example case, with the facts of CASES.md 2a that PA 13-155 reads known too
    (the conviction stands; the charge was not released on a promise to appear)."""
    case = example_case()
    case["convictions"][0]["vacated"] = False
    case["charges"][0]["released_on_promise_to_appear"] = False
    return case
