"""The service's API → its OpenAPI 3.1 document, written by hand around the case and
decision schemas.

The case schema is `trustlaw.cases.json_schema` itself (its ``$defs`` lifted into
``components/schemas`` as ``case.<name>``), so the document always describes the case
format the service validates. The decision schema is `trustlaw schema decision`'s, so
every field `Decision.to_dict()` sends is described; it is left open to further
properties, since decisions gain fields that the service passes on unchanged.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .. import ir
from ..cases.validation import json_schema
from ..decisions.schema import decision_schema

OPENAPI_PATH = "/v1/openapi.json"

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _case_components(vocab: ir.Vocabulary) -> dict[str, Any]:
    """The case schema and its definitions as components, references rewritten."""
    schema = copy.deepcopy(json_schema(vocab))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):  # an $id would move the base of every reference
        schema.pop(key, None)
    text = json.dumps({"Case": schema, **{f"case.{k}": v for k, v in defs.items()}})
    return json.loads(text.replace('"#/$defs/', f'"{_REF}case.'))


def _open(schema: Any) -> Any:
    """`schema` without its ``additionalProperties: false``: decisions gain fields
    (CASES.md: extend, never rename), and a client built from this document must still
    read an answer from a newer service."""
    if isinstance(schema, dict):
        return {k: _open(v) for k, v in schema.items()
                if not (k == "additionalProperties" and v is False)}
    if isinstance(schema, list):
        return [_open(v) for v in schema]
    return schema


def _decision_components() -> dict[str, Any]:
    """The decision schema of `trustlaw schema decision` as components (every field of
    `Decision.to_dict()`, CASES.md sections 3 and 3a): ``Decision``, with its time limit,
    duty and ground as ``MaxHold``, ``Duty`` and ``Ground``, its other definitions as
    ``decision.<name>``."""
    schema = copy.deepcopy(decision_schema())
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    schema["description"] = ("What a statute says about one case: `Decision.to_dict()` "
                             "(CASES.md section 3). Fields may be added; none is renamed.")
    fields = schema["properties"]
    fields.pop("explanation", None)  # `decide --explain`'s alone: /v1/explain has its own
    max_hold = fields["max_hold"]["anyOf"][0]
    fields["max_hold"]["anyOf"][0] = _ref("MaxHold")
    duty = fields["duties"]["items"]
    fields["duties"]["items"] = _ref("Duty")
    components = {"Decision": schema, "MaxHold": max_hold, "Duty": duty,
                  "Ground": defs.pop("ground"),
                  **{f"decision.{name}": value for name, value in defs.items()}}
    text = json.dumps(_open(components)).replace('"#/$defs/ground"', f'"{_REF}Ground"')
    return json.loads(text.replace('"#/$defs/', f'"{_REF}decision.'))


_DIAGNOSTIC = {
    "type": "object",
    "required": ["code", "severity", "message"],
    "properties": {
        "code": {"type": "string", "description": "a stable code, e.g. TL-C001"},
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "message": {"type": "string",
                    "description": "one sentence, starting with the field path for a case"},
        "help": {"type": ["string", "null"]},
        "case": {"type": "integer", "minimum": 0,
                 "description": "in a list of cases, the index of the case at fault"},
    },
}

_ERROR = {
    "type": "object",
    "required": ["error", "message", "diagnostics"],
    "properties": {
        "error": {"type": "string", "enum": [
            "bad_json", "bad_request", "bad_case", "unknown_statute", "too_large",
            "unsupported_media_type", "timeout", "busy", "log_unwritable", "not_found",
            "method_not_allowed", "internal"]},
        "message": {"type": "string"},
        "diagnostics": {"type": "array", "items": _ref("Diagnostic")},
    },
}

_STATUTE = {
    "type": "object",
    "required": ["id", "title", "jurisdiction", "citation", "status", "digest"],
    "properties": {
        "id": {"type": "string", "examples": ["ct/pa-13-155"]},
        "title": {"type": "string"},
        "jurisdiction": {"type": "string"},
        "citation": {"type": "string"},
        "status": {"type": "string"},
        "introduced": {"type": ["string", "null"], "format": "date"},
        "enacted": {"type": ["string", "null"], "format": "date"},
        "in_force": {"type": ["string", "null"], "format": "date"},
        "superseded": {"type": ["string", "null"], "format": "date"},
        "verification": {"type": "string", "enum": ["V", "S", "U"]},
        "digest": {"type": "string"},
    },
}


def _health(status: str, log: str, required: tuple[str, ...]) -> dict[str, Any]:
    """The body of /health: the same fields up (200) and unavailable (503)."""
    return {"type": "object", "required": ["status", "trustlaw", "statutes", *required],
            "properties": {"status": {"const": status}, "trustlaw": {"type": "string"},
                           "statutes": {"type": "integer", "minimum": 0},
                           "decision_log": {"const": log, "description": "with --log: "
                                            "whether the decision log is written"}}}


def _errors(*codes: int) -> dict[str, Any]:
    words = {400: "the body is not JSON, a case is not valid (diagnostics by field path), "
                  "or a query parameter is not taken or not valid",
             404: "no bundled statute has this id",
             408: "the body did not arrive within the timeout",
             413: "the body is over the byte limit, or the list over the case limit",
             405: "the address does not take this method (the Allow header says which)",
             415: "the body is not sent as application/json, or is sent compressed",
             503: "deciding took longer than the timeout (`timeout`), the service is "
                  "answering as many requests as it takes at once (`busy`: try again after "
                  "the seconds of the Retry-After header), or its decision log cannot be "
                  "written (`log_unwritable`: no decision is answered unlogged)",
             500: "a bug in trustlaw, never the caller's input (no traceback is sent)"}
    return {str(code): {"description": words[code], "content": {
        "application/json": {"schema": _ref("Error")}}} for code in codes}


_STATUTE_ID = {
    "name": "statute_id", "in": "path", "required": True,
    "description": "a bundled statute id (with a slash, e.g. `ct/pa-13-155`), or a "
                   "jurisdiction (`ct`): each case is then decided under the version of its "
                   "law in force on the case's `date`, or on the day `on` gives",
    "schema": {"type": "string", "pattern": "^[a-z0-9-]+(/[a-z0-9.-]+)?$"},
}
_ON = {
    "name": "on", "in": "query", "required": False,
    "description": "with a jurisdiction: decide every case under the law in force on this "
                   "day instead of on each case's own date",
    "schema": {"type": "string", "format": "date"},
}


_IN_WORDS = {
    "name": "in_words", "in": "query", "required": False,
    "description": "`true`: the explanation names the facts and values in the vocabulary's "
                   "words, as `trustlaw explain` prints it (a fact still to give keeps its "
                   "path after its words); `false`, the default: by their paths in the case, "
                   "as `trustlaw explain --paths` prints it. Any other value is a 400 "
                   "`bad_request` naming the parameter",
    "schema": {"type": "boolean", "default": False},
}


def openapi_document(vocab: ir.Vocabulary, version: str, limits: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI 3.1 document served at `OPENAPI_PATH`; `limits` are the running
    service's (max_body_bytes, max_cases, timeout) and are stated in the text."""
    limit_text = (f"A body is at most {limits['max_body_bytes']} bytes and a list at most "
                  f"{limits['max_cases']} cases; reading a body and deciding each have "
                  f"{limits['timeout']} seconds.")
    one_or_many = {"oneOf": [_ref("Case"), {"type": "array", "items": _ref("Case"),
                                            "maxItems": limits["max_cases"]}]}
    decide = {
        "post": {
            "operationId": "decide",
            "summary": "Decide one case, or a list of cases, under a statute",
            "description": "One case gives one decision; a list gives the list of decisions "
                           "in the same order. If any case of a list is not valid, nothing "
                           "is decided and the answer (400) names every bad case by its "
                           "index and field path. " + limit_text,
            "parameters": [_STATUTE_ID, _ON],
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": one_or_many}}},
            "responses": {
                "200": {"description": "the decision, or the list of decisions",
                        "content": {"application/json": {"schema": {"oneOf": [
                            _ref("Decision"),
                            {"type": "array", "items": _ref("Decision")}]}}}},
                **_errors(400, 404, 405, 408, 413, 415, 503, 500),
            },
        }
    }
    explain = {
        "post": {
            "operationId": "explain",
            "summary": "Decide one case and explain the decision in plain English",
            "parameters": [_STATUTE_ID, _ON, _IN_WORDS],
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": _ref("Case")}}},
            "responses": {
                "200": {"description": "the decision and its explanation (facts by their "
                                       "paths, or with `in_words=true` in words)",
                        "content": {"application/json": {"schema": {
                            "type": "object", "required": ["decision", "explanation"],
                            "properties": {"decision": _ref("Decision"),
                                           "explanation": {"type": "string"}}}}}},
                **_errors(400, 404, 405, 408, 413, 415, 503, 500),
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "trustlaw decision service",
            "version": version,
            "description": "Decide immigration-detainer cases under the bundled statutes "
                           "(`trustlaw serve`). The case and decision formats are those of "
                           "the Python library and the command line. " + limit_text,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": {
            "/health": {"get": {
                "operationId": "health", "summary": "Whether the service answers decisions",
                "responses": {
                    "200": {"description": "up", "content": {"application/json": {
                        "schema": _health("ok", "written", required=())}}},
                    "503": {"description": "up, but its decision log (--log) cannot be "
                                           "written, so decide and explain answer 503 "
                                           "log_unwritable: send them elsewhere. The log "
                                           "is tried again at each health check, which "
                                           "answers 200 once it is written",
                            "content": {"application/json": {
                                "schema": _health("unavailable", "failing",
                                                  required=("decision_log",))}}},
                    **_errors(400, 405, 500)}}},
            "/v1/statutes": {"get": {
                "operationId": "statutes", "summary": "The statutes this service decides under",
                "responses": {"200": {"description": "every bundled statute, by id",
                                      "content": {"application/json": {"schema": {
                                          "type": "array", "items": _ref("Statute")}}}},
                              **_errors(400, 405, 503, 500)}}},
            "/v1/decide/{statute_id}": decide,
            "/v1/explain/{statute_id}": explain,
            OPENAPI_PATH: {"get": {
                "operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "the OpenAPI 3.1 document",
                                      "content": {"application/json": {}}},
                              **_errors(400, 405, 503, 500)}}},
        },
        "components": {"schemas": {
            **_case_components(vocab),
            **_decision_components(),
            "Statute": _STATUTE,
            "Diagnostic": _DIAGNOSTIC,
            "Error": _ERROR,
        }},
    }
