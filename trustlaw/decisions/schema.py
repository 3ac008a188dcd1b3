"""The JSON Schema (draft 2020-12) of a decision (docs/cases.md, "A decision")."""

from __future__ import annotations

from typing import Any

from .. import ir

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
RESULTS = ("prohibited", "permitted", "required", "undetermined")


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


_STRING: dict[str, Any] = {"type": "string"}
_DAYS = {"type": "array", "items": {"enum": list(ir.DAY_KINDS)}, "uniqueItems": True}


def decision_schema() -> dict[str, Any]:
    """The schema every `Decision.to_dict()` validates against."""
    limit_fields = {
        "hours": {"type": "integer", "minimum": 0},
        "excluding": _DAYS,
        "holidays": {"enum": list(ir.HOLIDAY_READINGS)},
        "citation": _STRING,
    }
    one_limit = _object(limit_fields, ["hours", "excluding"])
    max_hold = _object(
        {**limit_fields, "also": {"type": "array", "items": {"$ref": "#/$defs/limit"}}},
        ["hours", "excluding"],
    )
    ground = _object(
        {
            "citation": _STRING,
            "text": _STRING,
            "provision": _STRING,
            "editorial": {"const": True},
            "verification": {"enum": ["V", "S", "U"]},
            "notes": {"type": "array", "items": _STRING},
        },
        ["citation", "text", "verification", "notes"],
    )
    per_outcome = {o: {"$ref": "#/$defs/result"} for o in ir.OUTCOMES}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "urn:trustlaw:decision",
        "title": "trustlaw decision",
        "description": "What a statute says about one case (docs/cases.md).",
        **_with_explanation(_object({
            "statute": _STRING,
            "digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
            "trustlaw": _STRING,
            "case_id": {"type": ["string", "null"], "maxLength": 200},
            "statute_status": {"enum": list(ir.STATUSES)},
            "in_force": {"type": ["boolean", "null"]},
            "outcomes": _object(per_outcome),
            "possible": {
                "type": "object",
                "propertyNames": {"enum": list(ir.OUTCOMES)},
                "additionalProperties": {
                    "type": "array", "items": {"enum": list(RESULTS[:3])}, "minItems": 1,
                },
            },
            "max_hold": {"anyOf": [max_hold, {"type": "null"}]},
            "duties": {"type": "array", "items": _object(
                {"id": _STRING, "citation": _STRING, "text": _STRING}
            )},
            "grounds": _object(
                {o: {"type": "array", "items": {"$ref": "#/$defs/ground"}, "minItems": 1}
                 for o in ir.OUTCOMES}
            ),
            "depends_on": {
                "type": "object",
                "propertyNames": {"enum": list(ir.OUTCOMES)},
                "additionalProperties": {"type": "array", "items": _STRING},
            },
            "details_depend_on": {
                "type": "object",
                "propertyNames": {"pattern": "^(max_hold|duty:.*)$"},
                "additionalProperties": {"type": "array", "items": _STRING},
            },
            "warnings": {"type": "array", "items": _object(
                {"code": _STRING, "message": _STRING}
            )},
        })),
        "$defs": {
            "ground": ground,
            "limit": one_limit,
            "result": {"enum": list(RESULTS)},
        },
    }


def _with_explanation(decision: dict[str, Any]) -> dict[str, Any]:
    """The decision's fields and one optional more, ``explanation``: the worded account
    that `trustlaw decide --explain` adds (`to_dict()` itself never has it)."""
    decision["properties"]["explanation"] = {
        "type": "string",
        "description": "only with `trustlaw decide --explain`: the plain-English account "
                       "`trustlaw explain` prints",
    }
    return decision
