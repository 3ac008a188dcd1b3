"""Every dict and list inside a JSON-shaped value: to check that two values share none."""

from __future__ import annotations

from typing import Any


def containers(value: Any) -> list[Any]:
    """Every dict and list in a JSON-shaped value, the value included."""
    if isinstance(value, dict):
        return [value, *(c for item in value.values() for c in containers(item))]
    if isinstance(value, list):
        return [value, *(c for item in value for c in containers(item))]
    return []
