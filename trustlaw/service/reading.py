"""A request body (bytes) → the JSON value it holds, or diagnostics saying why not."""

from __future__ import annotations

import json
from typing import Any

from ..cases.json_text import json_error_words
from ..cases.limits import MAX_NUMBER_DIGITS
from ..diagnostics import Diagnostic

CODE_BAD_JSON = "TL-C000"
_HELP = 'send one JSON case, e.g. {"date": "2015-03-02"}, or a JSON array of cases'


class BadBody(Exception):
    """A body that is not the JSON the endpoint takes; carries the diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class _LongNumber(Exception):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _whole_number(text: str) -> int:
    """A JSON integer, refused past `MAX_NUMBER_DIGITS` digits, as a case read from a file
    or a line is (`cases.json_text`): the CLI and the service take the same cases."""
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise _LongNumber(digits)
    return int(text)


def parse_json(body: bytes, max_depth: int) -> Any:
    """Decode a UTF-8 JSON body strictly: no duplicate keys (the last would silently win),
    no NaN or Infinity, no whole number of more than `MAX_NUMBER_DIGITS` digits (Python
    would refuse one past 4,300), nesting at most `max_depth`."""
    problem: str | None = None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadBody([_diagnostic(f"the body is not UTF-8 text (byte {error.start + 1})")]) \
            from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants,
                           parse_int=_whole_number)
    except json.JSONDecodeError as error:
        problem = f"the body is not valid JSON at line {error.lineno}, column {error.colno}: " \
                  f"{json_error_words(error)}"
    except _Duplicate as error:
        problem = f"the key {json.dumps(error.key)[:80]} is given twice in one object"
    except _LongNumber as error:
        problem = (f"a number in the body has {error.digits:,} digits; a number in a case has "
                   f"at most {MAX_NUMBER_DIGITS}")
    except RecursionError:
        problem = f"the JSON is nested more than {max_depth} levels deep"
    except ValueError as error:  # NaN or Infinity
        problem = f"the body is not valid JSON: {error}"
    if problem is not None:
        raise BadBody([_diagnostic(problem)])
    if _depth_over(value, max_depth):
        raise BadBody([_diagnostic(f"the JSON is nested more than {max_depth} levels deep")])
    return value


def _depth_over(value: Any, limit: int) -> bool:
    """Whether `value` nests deeper than `limit` (iterative: any depth is safe to walk)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _diagnostic(message: str) -> Diagnostic:
    return Diagnostic(CODE_BAD_JSON, message, None, _HELP)
