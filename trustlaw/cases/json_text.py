"""JSON text → a case dict, refusing what `json.loads` would take silently or crash on.

A key given twice (JSON keeps the last, so a fact could be changed unnoticed), a number
too long to be a fact (Python refuses to convert one past 4,300 digits), nesting deeper
than any case (the decoder would run out of stack) and text longer than
`MAX_CASE_CHARS` are each a located `CaseError`, found before or while decoding.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..diagnostics import CaseError, Diagnostic, Span
from .limits import MAX_CASE_CHARS, MAX_JSON_DEPTH, MAX_NUMBER_DIGITS

__all__ = ["json_error_words", "read_case_json"]

_CODE = "TL-C000"
# A JSON string, or one bracket: what `_check_depth` and `_repeated_key` look at (strings
# skipped whole).
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# Spaces, then the colon after a key.
_COLON = re.compile(r"[ \t\r\n]*:")
# A JSON string, or a constant JSON has not: where `_no_constant` refused one.
_STRING_OR_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN')
# A JSON string, or a number too long: where `_whole_number` refused one.
_STRING_OR_LONG_NUMBER = re.compile(
    r'"(?:[^"\\]|\\.)*"|-?\d{' + str(MAX_NUMBER_DIGITS + 1) + ",}"
)


class _Refused(Exception):
    """Raised inside the decoder's hooks: the text holds something a case cannot."""

    def __init__(self, message: str, help: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message, self.help, self.offset = message, help, offset


def read_case_json(text: str, name: str, line: int | None = None) -> Any:
    """The value of `text` (JSON), or a `CaseError` saying where and why it is refused.
    With `line`, `text` is that line of a JSON-lines input (the caller reports it)."""
    try:
        if len(text) > MAX_CASE_CHARS:
            # the CLI reads a file only one character past the limit, so no length is shown
            raise _Refused(
                f"the case is longer than a case may be: at most {MAX_CASE_CHARS:,} characters",
                "give only the facts of one case; see the limits in docs/cases.md")
        _check_depth(text)
        return _DECODER.decode(text)
    except _Refused as refused:
        if refused.offset is None and line is None:
            refused.offset = _offset_of(refused, text)
        span = None if refused.offset is None or line is not None else _span(text, name,
                                                                            refused.offset)
        raise CaseError([Diagnostic(_CODE, refused.message, span, refused.help)],
                        {name: text} if span is not None else None) from None
    except json.JSONDecodeError as error:
        if line is not None:
            # The line is one line: its end (the decoder counts past "\n" into a second
            # line, "line 2 column 1", when a line stops short) is one past its last
            # character.
            column = min(error.pos, len(text.rstrip("\r\n"))) + 1
            if error.pos == 0 and text.startswith("\ufeff"):  # files joined end to end
                raise CaseError([Diagnostic(
                    _CODE, "the line starts with a byte-order mark (U+FEFF), which only "
                    "a file's first line may", None,
                    "delete it: JSON-lines files joined end to end each bring their own")
                ]) from None
            raise CaseError([
                Diagnostic(_CODE, f"the line is not valid JSON at column {column}: "
                           f"{json_error_words(error)}", None, "each line must be one JSON object")
            ]) from None
        span = Span(name, error.lineno, error.colno, error.lineno, error.colno + 1)
        raise CaseError(
            [Diagnostic(_CODE, f"the case is not valid JSON: {json_error_words(error)}", span,
                        "a case is one JSON object, e.g. {\"date\": \"2015-03-02\"}")],
            {name: text},
        ) from None


def json_error_words(error: json.JSONDecodeError) -> str:
    """What the decoder's complaint means, in words a person who wrote the JSON by hand
    reads: an empty text, a comma with nothing after it and a second value are the
    usual mistakes, and Python's "Expecting value" says none of them."""
    before = error.doc[:error.pos].rstrip()
    if not error.doc.strip():
        return "it is empty"
    if before.endswith(",") and error.msg in ("Expecting value",
                                              "Expecting property name enclosed in double quotes"):
        return "a comma with nothing after it (JSON allows no comma before `]` or `}`)"
    if error.msg == "Extra data":
        return "there is more after the first value: one case is one JSON object " \
               "(several are a JSON array, or JSON lines in a file named .jsonl)"
    if error.msg == "Expecting property name enclosed in double quotes":
        return "expected a name in double quotes (JSON has no single quotes or bare names)"
    if error.msg == "Expecting value":
        return "expected a value (text in double quotes, a number, true, false, null, " \
               "{…} or […])"
    at = error.doc[error.pos:error.pos + 1]
    if error.msg == "Expecting ',' delimiter" and at.isdigit() and before[-1:] == "0":
        digits = re.match(r"\d*", error.doc[error.pos:]).group()  # type: ignore[union-attr]
        return f"a number may not start with 0 (write {digits}, not 0{digits})"
    return _DECODER_WORDS.get(error.msg, error.msg)


#: Python's other complaints, said as the ones above are
_DECODER_WORDS = {
    "Unterminated string starting at": "a text in double quotes is never closed",
    "Expecting ',' delimiter": "expected a comma between two values, or the `]` or `}` that "
                               "ends them",
    "Expecting ':' delimiter": "expected a colon after the name in an object "
                               '(`"name": value`)',
    "Invalid control character at": "a text in double quotes holds a line break or a tab "
                                    "(write them as \\n and \\t)",
    "Invalid \\escape": "a backslash starts no escape JSON knows (write \\\\ for a "
                        "backslash)",
    "Invalid \\uXXXX escape": "a \\u escape needs four hexadecimal digits",
}


def _check_depth(text: str) -> None:
    """Refuse arrays and objects nested deeper than MAX_JSON_DEPTH (strings skipped)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _Refused(
                    f"the case nests arrays and objects more than {MAX_JSON_DEPTH} levels deep",
                    "a case is an object of facts, lists and records a few levels deep",
                    match.start(),
                )
        elif char in "]}":
            depth -= 1


def _offset_of(refused: _Refused, text: str) -> int | None:
    """Where in `text` the decoder's hooks found what they refused (they are not told): the
    long number, the key given twice, or the `NaN` or `Infinity`."""
    if refused.message.startswith("the case holds a number"):
        return next((m.start() for m in _STRING_OR_LONG_NUMBER.finditer(text)
                     if not m.group().startswith('"')), None)
    if refused.message.startswith("the key "):
        return _repeated_key(text)
    return next((m.start() for m in _STRING_OR_CONSTANT.finditer(text)
                 if not m.group().startswith('"')), None)


def _repeated_key(text: str) -> int | None:
    """The offset of the key the decoder refuses as given twice: in the first object to
    close that repeats a key (the decoder's hook sees each object as it closes), the
    first key that repeats one before it."""
    objects: list[tuple[set[str], list[int]] | None] = []  # None for an array
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token == "{":
            objects.append((set(), []))
        elif token == "[":
            objects.append(None)
        elif token in "]}":
            closed = objects.pop() if objects else None
            if closed is not None and closed[1]:
                return closed[1][0]
        elif token.startswith('"') and objects and objects[-1] is not None:
            if _COLON.match(text, match.end()) is None:
                continue  # a value, not a key
            keys, repeats = objects[-1]
            key = json.loads(token)
            if key in keys and not repeats:
                repeats.append(match.start())
            keys.add(key)
    return None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            shown = key if len(key) <= 60 else key[:60] + "…"
            raise _Refused(
                f"the key {json.dumps(shown, ensure_ascii=False)} is given twice in one object",
                "give each fact once (JSON readers disagree on which of two values counts)",
            )
        seen.add(key)
    raise AssertionError("a shorter dict has a repeated key")  # pragma: no cover


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(
            f"the case holds a number of {len(digits.lstrip('-')):,} digits; a number in a "
            f"case has at most {MAX_NUMBER_DIGITS}",
            "check the number (ages and counts are small whole numbers)",
        )
    return int(digits)


def _no_constant(word: str) -> Any:
    raise _Refused(f"`{word}` is not a JSON value", "write a number, or null when unknown")


# one decoder for every case (`json.loads` with hooks would build one per call)
_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_keys, parse_int=_whole_number, parse_constant=_no_constant
)


def _span(text: str, name: str, offset: int) -> Span:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(name, line, column, line, column + 1)
