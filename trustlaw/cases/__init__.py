"""Cases: the case format's validator, its generated fast path and the JSON Schema.

`validate` checks a case against the vocabulary (every problem by field path, nothing
coerced); `json_schema` describes the format for integrators.
"""

from .validation import (
    CODE_CONSTRAINT,
    CODE_UNKNOWN_FIELD,
    CODE_VALUE,
    describe,
    example_case,
    json_schema,
    validate,
)

__all__ = [
    "CODE_CONSTRAINT",
    "CODE_UNKNOWN_FIELD",
    "CODE_VALUE",
    "describe",
    "example_case",
    "json_schema",
    "validate",
]
