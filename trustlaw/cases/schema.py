"""Vocabulary → JSON Schema (draft 2020-12) of the case format, for integrators.

`trustlaw.cases.json_schema` is the public entry point: it adds the example case of
CASES.md section 2 when that case is valid under the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import ir

__all__ = ["READS_KEYWORD", "SCHEMA_DIALECT", "is_tag_enum", "json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# a yes/no field's words when true and when false (the vocabulary's `reads`), for forms
# and documentation: an annotation keyword, which validators ignore
READS_KEYWORD = "x-trustlaw-reads"
# JSON Schema's data model counts 34.0 as an integer, which no keyword can refuse;
# trustlaw refuses it (`person.age: expected a whole number, got 34.0`)
WHOLE_NUMBER = ("a whole number written without a fraction or exponent (34, not 34.0 or "
                "3.4e1): trustlaw refuses those, which this schema cannot tell apart")


def is_tag_enum(enum: ir.EnumType, vocab: ir.Vocabulary) -> bool:
    """The offense-tag enumeration: named ``tag``, or exactly the vocabulary's tags."""
    if enum.name == "tag":
        return True
    tags = {t.name for t in vocab.tags}
    return bool(tags) and set(enum.values) == tags


def json_schema(vocab: ir.Vocabulary, example: Mapping[str, Any] | None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the case format, for integrators: every field
    with its type, enum values, ``format: date``, null allowed (unknown), no other fields,
    a yes/no field's words for true and false under ``x-trustlaw-reads``, an offense
    tag's words and citation as its option's ``title``;
    `example` (a valid case of `vocab`, JSON-shaped) is listed under ``examples``."""
    defs: dict[str, Any] = {}
    meanings: dict[tuple[str, str], str] = {(e, v): m for e, v, m in vocab.enum_texts}
    tags = {t.name: t for t in vocab.tags}

    def enum_def(enum: ir.EnumType) -> dict[str, Any]:
        if enum.name not in defs:
            options = []
            for value in enum.values:
                option: dict[str, Any] = {"const": value}
                meaning = meanings.get((enum.name, value), "")
                tag = tags.get(value) if is_tag_enum(enum, vocab) else None
                if tag is not None:
                    # a tag in a few words with its law, for a form's choice or a list
                    # ("California serious felony (Cal. Penal Code § 1192.7(c))"); the
                    # description adds what the tag covers
                    option["title"] = f"{meaning} ({tag.citation})" if meaning else tag.citation
                    meaning = f"{meaning} ({tag.citation}): {tag.text}" if meaning else (
                        f"{tag.citation}: {tag.text}"
                    )
                if meaning:
                    option["description"] = meaning
                options.append(option)
            defs[enum.name] = {
                "type": "string",
                "enum": list(enum.values),
                "oneOf": options,
            }
        return {"$ref": f"#/$defs/{enum.name}"}

    def record_def(name: str) -> dict[str, Any]:
        if name not in defs:
            info = vocab.record(name)
            if info is None:
                raise ValueError(f"the vocabulary has no record `{name}`")
            defs[name] = {}  # reserve: records may refer to themselves
            defs[name] = {
                "title": name,
                "type": "object",
                "properties": {f.name: field_schema(f, info.fields) for f in info.fields},
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}

    def value_schema(type_: ir.Type) -> dict[str, Any]:
        """The schema of a known value (no null)."""
        if isinstance(type_, ir.BoolType):
            return {"type": "boolean"}
        if isinstance(type_, ir.IntType):
            return {"type": "integer", "$comment": WHOLE_NUMBER}
        if isinstance(type_, ir.DateType):
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if isinstance(type_, ir.DurationType):
            return {
                "type": "object",
                "properties": {
                    unit: {"type": "integer", "minimum": 0} for unit in ("years", "months", "days")
                },
                "additionalProperties": False,
                "minProperties": 1,
            }
        if isinstance(type_, ir.EnumType):
            return enum_def(type_)
        if isinstance(type_, ir.RecordType):
            return record_def(type_.name)
        return {"type": "array", "items": value_schema(type_.element)}

    def field_schema(info: ir.FieldInfo, siblings: Sequence[ir.FieldInfo]) -> dict[str, Any]:
        known = value_schema(info.type)
        schema: dict[str, Any]
        if "$ref" in known:
            schema = {"anyOf": [known, {"type": "null"}]}
        else:
            schema = dict(known)
            schema["type"] = [known["type"], "null"]
        if info.text:
            schema["description"] = _described(info.text, siblings)
        if info.reads is not None:  # a yes/no fact in the vocabulary's words (an annotation)
            schema[READS_KEYWORD] = {"true": info.reads.yes, "false": info.reads.no}
        return schema

    properties: dict[str, Any] = {}
    if vocab.field("id") is None:  # the caller's identifier: no fact, decides nothing
        properties["id"] = {
            "type": ["string", "null"],
            "maxLength": 200,
            # a form shows it to a lawyer: no field names ("echoed as `case_id`"); the
            # case format's documentation says where the decision repeats it
            "description": (
                "Your own reference for the case, such as a file number; it decides "
                "nothing, and the decision repeats it."
            ),
        }
    properties.update({f.name: field_schema(f, vocab.fields) for f in vocab.fields})
    out: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:trustlaw:case:{vocab.name}",
        "title": f"trustlaw case ({vocab.name} vocabulary)",
        "description": (
            "The facts of one case. A field that is absent or null is unknown, never a "
            "default; an empty list means none. Dates are ISO 8601 (YYYY-MM-DD)."
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if example is not None:
        out["examples"] = [example]
    if vocab.constraints:
        out["$comment"] = "Every case also satisfies: " + "; ".join(
            c.name for c in vocab.constraints
        ) + "."
    out["$defs"] = dict(sorted(defs.items()))
    return out


def _described(text: str, siblings: Sequence[ir.FieldInfo]) -> str:
    """A field's description with a sibling field it names by its identifier named by
    that field's own description, as a form labels it: "… unless “Who signed the warrant
    or probable-cause finding that accompanies the request” says a state judge", not
    "… unless judicial_warrant_signed_by says a state judge"."""
    labels = {f.name: f.text for f in siblings if f.text and "_" in f.name}
    if not labels:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(labels, key=len,
                                                                  reverse=True))) + r")\b")
    return pattern.sub(lambda m: f"“{labels[m.group(1)]}”", text)
