"""Comparing statutes: regions where two decide differently, protectiveness, the library matrix.

`compare(a, b)` (`engine`) gives a `Comparison` of `Region`s (`model`), found and
proved by the solver (`search`) with realistic examples (`examples`); `render`
prints it for drafters, `matrix` compares a whole library, `redline` sets the
provisions side by side and `impact` counts a caseload in each region.
"""

from __future__ import annotations

from .encodings import Encodings, shared_encodings
from .engine import CompareOptions, compare, protectiveness, statute_of
from .matrix import Matrix, matrix
from .model import (
    ACTIONS,
    Comparison,
    Protectiveness,
    Region,
    Unsettled,
    describe_limit,
    limit_words,
    reading,
)
from .source import condition_source, parse_condition

__all__ = [
    "ACTIONS",
    "CompareOptions",
    "Comparison",
    "Encodings",
    "Matrix",
    "Protectiveness",
    "Region",
    "Unsettled",
    "compare",
    "condition_source",
    "describe_limit",
    "limit_words",
    "matrix",
    "parse_condition",
    "protectiveness",
    "reading",
    "shared_encodings",
    "statute_of",
]
