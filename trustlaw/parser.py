"""Statute text → syntax tree (`syntax.LawFile`), or located `TL-P…` diagnostics.

The grammar (``grammar.lark``) is parsed with Lark's LALR(1) parser in strict mode. Lark
builds its parse tree with an explicit stack, and we turn that tree into syntax nodes
with `lark.visitors.Transformer_NonRecursive`, so no input, however deeply nested, can
exhaust Python's recursion limit here. Expressions and JSON values nested more than
`MAX_DEPTH` levels deep are refused with a diagnostic (``TL-P020``), which keeps every
later, recursive stage (lowering, the formatter, equality of nodes) safe.

Syntax errors never escape as Lark exceptions. Each becomes a `Diagnostic` from a small
catalog of common mistakes (an unclosed ``{``, ``==``, a misspelt keyword, a quantifier
that needs parentheses, …) with the expected tokens under friendly names. After an
error the parser restarts at the next line that begins with an item keyword
(``provision``, ``definition``, …), so one run reports the errors of several items.

Why a token watcher (a Lark ``postlex``) instead of ``match_examples``: the contextual
lexer reads a keyword that is not allowed in a place as a plain name, so many mistakes
surface one token late; knowing the last two accepted tokens and the open brackets lets
each catalog entry point at the place the author has to fix.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import importlib.resources
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path as _FsPath
from typing import Any

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.tree import Meta
from lark.visitors import Transformer_NonRecursive

from . import syntax as s
from .diagnostics import Diagnostic, Span, StatuteError

__all__ = [
    "MAX_DEPTH",
    "MAX_ERRORS",
    "build_parser",
    "decode_string",
    "keywords",
    "parse",
    "parse_file",
]

#: The deepest an expression or a JSON value may nest (parentheses, `not`, each operator,
#: arrays and objects count one level each).
MAX_DEPTH = 64

#: How many syntax errors one file reports at most.
MAX_ERRORS = 10


# ---- the parser ------------------------------------------------------------------------


class _Watch(threading.local):
    """What the lexer has seen in the parse running on this thread."""

    def __init__(self) -> None:
        self.reset(None)

    def reset(self, comments: list[Token] | None) -> None:
        self.comments = comments
        self.prev: Token | None = None  # the last token the parser accepted
        self.prev2: Token | None = None  # the one before it
        self.prev3: Token | None = None  # and the one before that
        self.brackets: list[Token] = []  # open brackets, innermost last
        self.long_string: Token | None = None  # the last accepted string spanning lines


_WATCH = _Watch()

_OPENERS = {"LBRACE": "RBRACE", "LPAR": "RPAR", "LSQB": "RSQB"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


class _TokenWatcher:
    """A Lark post-lexer that records accepted tokens and open brackets in `_WATCH`."""

    always_accept: tuple[str, ...] = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        watch = _WATCH
        for token in stream:
            yield token
            # Resumed only once the parser has accepted `token`.
            watch.prev3, watch.prev2, watch.prev = watch.prev2, watch.prev, token
            kind = token.type
            if kind in _OPENERS:
                watch.brackets.append(token)
            elif kind in _CLOSERS:
                if watch.brackets and watch.brackets[-1].type == _CLOSERS[kind]:
                    watch.brackets.pop()
            elif kind == "STRING" and "\n" in token.value:
                watch.long_string = token


def _on_comment(token: Token) -> Token:
    if _WATCH.comments is not None:
        _WATCH.comments.append(token)
    return token


def grammar_text() -> str:
    """The statute grammar, read from the installed package."""
    return importlib.resources.files("trustlaw").joinpath("grammar.lark").read_text("utf-8")


@functools.lru_cache(maxsize=1)
def build_parser() -> Lark:
    """The LALR(1) statute parser (strict mode, positions kept); built once and cached."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=True,
        lexer_callbacks={"COMMENT": _on_comment},
        postlex=_TokenWatcher(),
    )


@functools.lru_cache(maxsize=1)
def _keyword_terminals() -> dict[str, str]:
    """Keyword text → terminal name, for every word the grammar reserves somewhere."""
    words = {}
    for term in build_parser().terminals:
        pattern = term.pattern
        if pattern.type == "str" and re.fullmatch(r"[A-Za-z_]+", pattern.value):
            words[pattern.value] = term.name
    return words


def keywords() -> frozenset[str]:
    """Every keyword of the language (``provision``, ``means``, ``any``, …).

    A keyword is reserved only where the grammar allows it, so ``notice`` or even
    ``text`` can still name a field; a random-tree generator should avoid them all.
    """
    return frozenset(_keyword_terminals())


# ---- entry points --------------------------------------------------------------------


def parse(source: str, path: str = "<string>") -> s.LawFile:
    """Parse statute text into a syntax tree; raise `StatuteError` listing every problem."""
    tree, comments, diagnostics = _parse_tree(source, path)
    if tree is None:
        raise StatuteError(diagnostics, {path: source})
    diagnostics = _depth_diagnostics(tree, path)
    if diagnostics:
        raise StatuteError(diagnostics, {path: source})
    builder = _Builder(path)
    law = builder.transform(tree)
    if builder.diagnostics:
        raise StatuteError(builder.diagnostics, {path: source})
    assert isinstance(law, s.LawFile)
    return s.LawFile(
        header=law.header,
        items=law.items,
        comments=tuple(
            s.Comment(token.value.rstrip(), span=_token_span(token, path)) for token in comments
        ),
        path=path,
        source=source,
    )


def parse_file(path: str | _FsPath) -> s.LawFile:
    """Read and parse a statute file (UTF-8); the path is used in every diagnostic."""
    name = str(path)
    try:
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise StatuteError(
            [Diagnostic("TL-P098", "this file is not UTF-8 text", _file_start(name),
                        "save the statute file with UTF-8 encoding")],
            {name: ""},
        ) from None
    except OSError as error:
        raise StatuteError(
            [Diagnostic("TL-P097", f"this file cannot be read ({error.strerror})",
                        _file_start(name), "check the file name and its permissions")],
            {name: ""},
        ) from None
    return parse(text, name)


# The header that stands in for everything before a restart point, so that the rest of
# the file can be parsed again after a syntax error with unchanged lines and columns.
_STAND_IN_HEADER = 'statute "" {}'

_ITEM_START = re.compile(
    r"^(?:definition|provision|example|invariant|note|enum|record|field|tag|constraint"
    r"|strike)(?![A-Za-z0-9_])",
    re.MULTILINE,
)


def _parse_tree(source: str, path: str) -> tuple[Tree | None, list[Token], list[Diagnostic]]:
    """Lark's parse tree and the comments, or every syntax error found (up to MAX_ERRORS)."""
    parser = build_parser()
    restarts: list[tuple[int, int]] | None = None  # (line, offset) of each item start
    text, start_line = source, 1
    diagnostics: list[Diagnostic] = []
    while True:
        comments: list[Token] = []
        _WATCH.reset(comments)
        try:
            tree = parser.parse(text)
        except UnexpectedInput as error:
            context = _Context.capture(text, path)
            diagnostic, (line, column) = _diagnose(context, error)
            diagnostics.append(diagnostic)
        except LarkError:  # pragma: no cover - the LALR parser raises only UnexpectedInput
            diagnostics.append(Diagnostic(
                "TL-P099", "this file could not be read as a statute", _file_start(path),
                "check the file for unusual characters",
            ))
            return None, [], diagnostics
        else:
            if diagnostics:
                return None, [], diagnostics
            return tree, comments, []
        finally:
            _WATCH.reset(None)
        if len(diagnostics) >= MAX_ERRORS or line <= 0:
            return None, [], diagnostics
        if restarts is None:
            restarts = [(source.count("\n", 0, m.start()) + 1, m.start())
                        for m in _ITEM_START.finditer(source)]
        following = [
            (start, offset) for start, offset in restarts
            if start > start_line and (start > line or (start == line and column == 1))
        ]
        if not following:
            return None, [], diagnostics
        start_line, offset = following[0]
        text = _STAND_IN_HEADER + "\n" * (start_line - 1) + source[offset:]


# ---- spans -------------------------------------------------------------------------------


def _file_start(path: str) -> Span:
    return Span(path, 1, 1, 1, 1)


def _token_span(token: Token, path: str) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line if token.end_line is not None else line
    end_column = token.end_column if token.end_column is not None else column + len(token)
    return Span(path, line, column, end_line, end_column)


def _meta_span(meta: Meta, path: str) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


# ---- strings -------------------------------------------------------------------------------

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def decode_string(quoted: str) -> tuple[str, list[tuple[int, str]]]:
    """Decode a quoted STRING token: its text, and for each bad escape the offset of its
    backslash in the token and the character after it."""
    body = quoted[1:-1]
    if "\\" not in body:
        return body, []
    out: list[str] = []
    bad: list[tuple[int, str]] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            else:
                bad.append((i + 1, nxt))  # +1: the opening quote
                out.append(nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out), bad


def _offset_position(token: Token, offset: int) -> tuple[int, int]:
    """Line and column of character `offset` inside a (possibly multi-line) token."""
    text = token.value[:offset]
    line = (token.line or 1) + text.count("\n")
    start = (token.column or 1) if "\n" not in text else 1
    column = start + len(text) - (text.rfind("\n") + 1)
    return line, column


# ---- nesting depth ----------------------------------------------------------------------

_EXPR_RULES = frozenset({
    "quantifier", "implies", "or_expr", "and_expr", "not_", "compare", "member",
    "not_member", "within_before", "within_after", "is_known", "is_unknown", "arith",
    "int_lit", "date_lit", "string_lit", "true_lit", "false_lit", "duration", "path", "call",
    "set_lit", "paren",
})
_JSON_RULES = frozenset({
    "json_object", "json_array", "json_string", "json_number", "json_true", "json_false",
    "json_null",
})
_NESTING_RULES = (_EXPR_RULES - {"int_lit", "date_lit", "string_lit", "true_lit",
                                 "false_lit", "duration", "path"}) | {"json_object",
                                                                      "json_array"}


def _depth_diagnostics(tree: Tree, path: str) -> list[Diagnostic]:
    """One diagnostic for each expression or JSON value nested more than MAX_DEPTH deep."""
    found: list[Diagnostic] = []
    reported: set[int] = set()
    # (node, nesting depth, id of the outermost nesting node above it); no recursion.
    stack: list[tuple[Tree, int, int]] = [(tree, 0, 0)]
    while stack:
        node, depth, root = stack.pop()
        if node.data in _NESTING_RULES:
            depth += 1
            root = root or id(node)
        if depth > MAX_DEPTH:
            if root not in reported:
                reported.add(root)
                found.append(_depth_diagnostic(node, path))
            continue
        stack.extend((c, depth, root) for c in reversed(node.children) if isinstance(c, Tree))
    return found


def _depth_diagnostic(node: Tree, path: str) -> Diagnostic:
    is_json = node.data in _JSON_RULES
    span = _meta_span(node.meta, path) or _file_start(path)
    span = attrs.evolve(span, end_line=span.line, end_column=span.column + 1)
    return Diagnostic(
        "TL-P020",
        f"this {'value' if is_json else 'expression'} is nested more than {MAX_DEPTH} "
        "levels deep",
        span,
        "split the facts into smaller parts" if is_json
        else "name the inner parts with `definition`s and use those names here",
    )


# ---- tree → syntax nodes ---------------------------------------------------------------

_UNITS = {"year": "years", "years": "years", "month": "months", "months": "months",
          "day": "days", "days": "days"}


class _Builder(Transformer_NonRecursive):
    """Turns Lark's parse tree into `syntax` nodes, collecting decoding problems."""

    def __init__(self, path: str) -> None:
        super().__init__(visit_tokens=False)
        self._file = path
        self.diagnostics: list[Diagnostic] = []

    def __default__(self, data: str, children: list[Any], meta: Meta) -> Any:
        handler: Callable[[list[Any], Span | None], Any] = getattr(self, "r_" + data)
        return handler(children, _meta_span(meta, self._file))

    # -- tokens

    def _span(self, token: Token) -> Span:
        return _token_span(token, self._file)

    def _string(self, token: Token) -> str:
        text, bad = decode_string(token.value)
        for offset, char in bad:
            line, column = _offset_position(token, offset)
            shown = char if char.isprintable() and not char.isspace() else repr(char)[1:-1]
            self.diagnostics.append(Diagnostic(
                "TL-P021",
                f"`\\{shown}` is not an escape a quoted string may contain",
                Span(self._file, line, column, line, column + 2),
                'write `\\"` for a quote, `\\\\` for a backslash, `\\n` for a new line '
                "or `\\t` for a tab",
            ))
        return text

    def _int(self, token: Token) -> int:
        try:
            return int(token.value)
        except ValueError:
            self.diagnostics.append(Diagnostic(
                "TL-P022", "this number has too many digits", self._span(token),
                "write a number with fewer than 4,000 digits",
            ))
            return 0

    def _date(self, token: Token) -> _dt.date:
        try:
            return _dt.date.fromisoformat(token.value)
        except ValueError:
            self.diagnostics.append(Diagnostic(
                "TL-P023", f"{token.value} is not a date on the calendar", self._span(token),
                "write a real date as year-month-day, e.g. 2014-01-01",
            ))
            return _dt.date(1, 1, 1)

    def _datetime(self, token: Token) -> _dt.datetime:
        try:
            return _dt.datetime.fromisoformat(token.value)
        except ValueError:
            self.diagnostics.append(Diagnostic(
                "TL-P024", f"{token.value} is not a real date and time", self._span(token),
                "write a date and a time as year-month-dayThour:minute, e.g. 2015-03-05T17:00",
            ))
            return _dt.datetime(1, 1, 1)

    # -- file and header

    def r_start(self, c: list[Any], span: Span | None) -> s.LawFile:
        return s.LawFile(header=c[0], items=tuple(c[1:]))

    def _header(self, kind: str, c: list[Any], span: Span | None) -> s.Header:
        return s.Header(kind, self._string(c[0]), tuple(c[1:]), span=span)

    def r_statute_header(self, c: list[Any], span: Span | None) -> s.Header:
        return self._header("statute", c, span)

    def r_vocabulary_header(self, c: list[Any], span: Span | None) -> s.Header:
        return self._header("vocabulary", c, span)

    def r_meta(self, c: list[Any], span: Span | None) -> s.Meta:
        return s.Meta(str(c[0]), c[1], span=span)

    def r_meta_string(self, c: list[Any], span: Span | None) -> s.MetaString:
        return s.MetaString(self._string(c[0]))

    def r_meta_date(self, c: list[Any], span: Span | None) -> s.MetaDate:
        return s.MetaDate(self._date(c[0]))

    def r_meta_name(self, c: list[Any], span: Span | None) -> s.MetaName:
        return s.MetaName(str(c[0]))

    def r_meta_list(self, c: list[Any], span: Span | None) -> s.MetaList:
        return s.MetaList(tuple(str(t) for t in c if t is not None))

    # -- definitions and docs

    def r_definition(self, c: list[Any], span: Span | None) -> s.Definition:
        params = c[1] if c[1] is not None else ()
        return s.Definition(str(c[0]), params, tuple(c[2:-1]), c[-1], span=span)

    def r_params(self, c: list[Any], span: Span | None) -> tuple[s.Param, ...]:
        return tuple(c)

    def r_param(self, c: list[Any], span: Span | None) -> s.Param:
        return s.Param(str(c[0]), c[1], span=span)

    def r_doc_cites(self, c: list[Any], span: Span | None) -> s.Doc:
        return s.Doc("cites", self._string(c[0]), span=span)

    def r_doc_text(self, c: list[Any], span: Span | None) -> s.Doc:
        return s.Doc("text", self._string(c[0]), span=span)

    def r_doc_verification(self, c: list[Any], span: Span | None) -> s.Doc:
        return s.Doc("verification", str(c[0]), span=span)

    # -- provisions

    def r_provision(self, c: list[Any], span: Span | None) -> s.Provision:
        rest = c[1:]
        return s.Provision(
            str(c[0]),
            tuple(x for x in rest if isinstance(x, s.Relation)),
            tuple(x for x in rest if isinstance(x, s.Doc)),
            tuple(x for x in rest if not isinstance(x, s.Relation | s.Doc)),
            span=span,
        )

    def r_rel_except(self, c: list[Any], span: Span | None) -> s.Relation:
        return s.Relation("except", str(c[0]), span=span)

    def r_rel_notwithstanding(self, c: list[Any], span: Span | None) -> s.Relation:
        return s.Relation("notwithstanding", str(c[0]), span=span)

    def r_rel_subject_to(self, c: list[Any], span: Span | None) -> s.Relation:
        return s.Relation("subject_to", str(c[0]), span=span)

    def r_conclusion(self, c: list[Any], span: Span | None) -> s.Conclusion:
        return s.Conclusion(str(c[0]), c[1], c[2], span=span)

    def r_modality(self, c: list[Any], span: Span | None) -> str:
        return str(c[0])

    def r_cond_if_unless(self, c: list[Any], span: Span | None) -> s.Condition:
        return s.Condition(c[0], c[1], span=span)

    def r_cond_unless(self, c: list[Any], span: Span | None) -> s.Condition:
        return s.Condition(None, c[0], span=span)

    def r_duty(self, c: list[Any], span: Span | None) -> s.DutyClause:
        text = self._string(c[1]) if c[1] is not None else None
        return s.DutyClause(self._string(c[0]), text, c[2], span=span)

    def r_limit(self, c: list[Any], span: Span | None) -> s.LimitClause:
        return s.LimitClause(str(c[0]), self._int(c[1]), c[2], c[3], span=span)

    def r_excluding(self, c: list[Any], span: Span | None) -> s.Excluding:
        return s.Excluding(tuple(str(t) for t in c[:-1]), c[-1], span=span)

    def r_counting(self, c: list[Any], span: Span | None) -> str:
        return str(c[0])

    def r_applies(self, c: list[Any], span: Span | None) -> s.Applies:
        return s.Applies(c[0], span=span)

    def r_strike(self, c: list[Any], span: Span | None) -> s.Strike:
        return s.Strike(str(c[0]), span=span)

    # -- examples

    def r_example(self, c: list[Any], span: Span | None) -> s.Example:
        docs = []
        index = 1
        while isinstance(c[index], s.Doc):
            docs.append(c[index])
            index += 1
        return s.Example(self._string(c[0]), tuple(docs), c[index], tuple(c[index + 1:]),
                         span=span)

    def r_expect_outcome(self, c: list[Any], span: Span | None) -> s.ExpectOutcome:
        return s.ExpectOutcome(str(c[0]), c[1], span=span)

    def r_outcome_value(self, c: list[Any], span: Span | None) -> str:
        return str(c[0])

    def r_expect_grounds(self, c: list[Any], span: Span | None) -> s.ExpectGrounds:
        return s.ExpectGrounds(str(c[0]), tuple(str(t) for t in c[1:]), span=span)

    def r_expect_max_hold(self, c: list[Any], span: Span | None) -> s.ExpectMaxHold:
        return s.ExpectMaxHold(self._int(c[0]), c[1], span=span)

    def r_expect_no_max_hold(self, c: list[Any], span: Span | None) -> s.ExpectMaxHold:
        return s.ExpectMaxHold(None, None, span=span)

    def r_expect_duty(self, c: list[Any], span: Span | None) -> s.ExpectDuty:
        return s.ExpectDuty(self._string(c[0]), True, span=span)

    def r_expect_no_duty(self, c: list[Any], span: Span | None) -> s.ExpectDuty:
        return s.ExpectDuty(self._string(c[0]), False, span=span)

    def r_expect_deadline(self, c: list[Any], span: Span | None) -> s.ExpectDeadline:
        return s.ExpectDeadline(self._datetime(c[0]), self._datetime(c[1]), span=span)

    # -- JSON

    def r_json_object(self, c: list[Any], span: Span | None) -> s.JsonObject:
        return s.JsonObject(tuple(p for p in c if p is not None), span=span)

    def r_json_pair(self, c: list[Any], span: Span | None) -> s.JsonPair:
        return s.JsonPair(self._string(c[0]), c[1], span=span)

    def r_json_array(self, c: list[Any], span: Span | None) -> s.JsonArray:
        return s.JsonArray(tuple(v for v in c if v is not None), span=span)

    def r_json_string(self, c: list[Any], span: Span | None) -> s.JsonScalar:
        return s.JsonScalar(self._string(c[0]), span=span)

    def r_json_number(self, c: list[Any], span: Span | None) -> s.JsonScalar:
        text = str(c[0])
        if "." in text:
            value = float(text)
            if value in (float("inf"), float("-inf")):
                self.diagnostics.append(Diagnostic(
                    "TL-P022", "this number is too large", self._span(c[0]),
                    "write a number with fewer than 300 digits",
                ))
                value = 0.0
            return s.JsonScalar(value, span=span)
        return s.JsonScalar(self._int(c[0]), span=span)

    def r_json_true(self, c: list[Any], span: Span | None) -> s.JsonScalar:
        return s.JsonScalar(True, span=span)

    def r_json_false(self, c: list[Any], span: Span | None) -> s.JsonScalar:
        return s.JsonScalar(False, span=span)

    def r_json_null(self, c: list[Any], span: Span | None) -> s.JsonScalar:
        return s.JsonScalar(None, span=span)

    # -- invariants

    def r_invariant(self, c: list[Any], span: Span | None) -> s.Invariant:
        return s.Invariant(self._string(c[0]), tuple(c[1:-1]), c[-1], span=span)

    def r_invariant_standard(self, c: list[Any], span: Span | None) -> s.StandardInvariant:
        return s.StandardInvariant(str(c[0]), c[1] is not None, span=span)

    def r_invariant_custom(self, c: list[Any], span: Span | None) -> s.CustomInvariant:
        return s.CustomInvariant(c[0], tuple(c[1:-1]), c[-1] is not None, span=span)

    def r_expect_violated(self, c: list[Any], span: Span | None) -> bool:
        return True

    def r_ensure_is(self, c: list[Any], span: Span | None) -> s.Guarantee:
        return s.Guarantee(str(c[0]), c[1], False, span=span)

    def r_ensure_is_not(self, c: list[Any], span: Span | None) -> s.Guarantee:
        return s.Guarantee(str(c[0]), c[1], True, span=span)

    # -- notes

    def r_note(self, c: list[Any], span: Span | None) -> s.Note:
        return s.Note(self._string(c[0]), tuple(c[1:]), span=span)

    def r_note_about(self, c: list[Any], span: Span | None) -> s.NoteAbout:
        return s.NoteAbout(tuple(str(t) for t in c), False, span=span)

    def r_note_about_name(self, c: list[Any], span: Span | None) -> s.NoteAbout:
        return s.NoteAbout((str(c[0]),), True, span=span)

    def r_note_question(self, c: list[Any], span: Span | None) -> s.NoteQuestion:
        return s.NoteQuestion(self._int(c[0]), span=span)

    # -- vocabulary

    def r_enum_decl(self, c: list[Any], span: Span | None) -> s.EnumDecl:
        return s.EnumDecl(str(c[0]), tuple(v for v in c[1:] if v is not None), span=span)

    def r_enum_value(self, c: list[Any], span: Span | None) -> s.EnumValue:
        token: Token = c[0]
        quoted = token.type == "STRING"
        name = self._string(token) if quoted else str(token)
        text = self._string(c[1]) if c[1] is not None else None
        return s.EnumValue(name, quoted, text, span=span)

    def r_record_decl(self, c: list[Any], span: Span | None) -> s.RecordDecl:
        return s.RecordDecl(str(c[0]), tuple(c[1:]), span=span)

    def r_field_decl(self, c: list[Any], span: Span | None) -> s.FieldDecl:
        text = self._string(c[2]) if c[2] is not None else None
        return s.FieldDecl(str(c[0]), c[1], text, span=span)

    def r_type_name(self, c: list[Any], span: Span | None) -> s.TypeName:
        return s.TypeName(str(c[0]), span=span)

    def r_type_list(self, c: list[Any], span: Span | None) -> s.ListType:
        return s.ListType(c[0], span=span)

    def r_tag_decl(self, c: list[Any], span: Span | None) -> s.TagDecl:
        return s.TagDecl(self._string(c[0]), tuple(c[1:]), span=span)

    def r_constraint_decl(self, c: list[Any], span: Span | None) -> s.ConstraintDecl:
        return s.ConstraintDecl(self._string(c[0]), tuple(c[1:-1]), c[-1], span=span)

    # -- expressions

    def r_quantifier(self, c: list[Any], span: Span | None) -> s.Quantifier:
        return s.Quantifier(c[0], str(c[1]), c[2], c[3], span=span)

    def r_quant(self, c: list[Any], span: Span | None) -> str:
        return str(c[0])

    def r_implies(self, c: list[Any], span: Span | None) -> s.BinOp:
        return s.BinOp("implies", c[0], c[1], span=span)

    def r_or_expr(self, c: list[Any], span: Span | None) -> s.BinOp:
        return s.BinOp("or", c[0], c[1], span=span)

    def r_and_expr(self, c: list[Any], span: Span | None) -> s.BinOp:
        return s.BinOp("and", c[0], c[1], span=span)

    def r_not_(self, c: list[Any], span: Span | None) -> s.Not:
        return s.Not(c[0], span=span)

    def r_compare(self, c: list[Any], span: Span | None) -> s.Compare:
        return s.Compare(str(c[1]), c[0], c[2], span=span)

    def r_member(self, c: list[Any], span: Span | None) -> s.Member:
        return s.Member(c[0], c[1], False, span=span)

    def r_not_member(self, c: list[Any], span: Span | None) -> s.Member:
        return s.Member(c[0], c[1], True, span=span)

    def r_within_before(self, c: list[Any], span: Span | None) -> s.Within:
        return s.Within(c[0], c[1], "before", c[2], span=span)

    def r_within_after(self, c: list[Any], span: Span | None) -> s.Within:
        return s.Within(c[0], c[1], "after", c[2], span=span)

    def r_is_known(self, c: list[Any], span: Span | None) -> s.IsKnown:
        return s.IsKnown(c[0], True, span=span)

    def r_is_unknown(self, c: list[Any], span: Span | None) -> s.IsKnown:
        return s.IsKnown(c[0], False, span=span)

    def r_arith(self, c: list[Any], span: Span | None) -> s.Arith:
        return s.Arith(str(c[1]), c[0], c[2], span=span)

    def r_int_lit(self, c: list[Any], span: Span | None) -> s.IntLit:
        return s.IntLit(self._int(c[0]), span=span)

    def r_date_lit(self, c: list[Any], span: Span | None) -> s.DateLit:
        return s.DateLit(self._date(c[0]), span=span)

    def r_string_lit(self, c: list[Any], span: Span | None) -> s.StringLit:
        return s.StringLit(self._string(c[0]), span=span)

    def r_true_lit(self, c: list[Any], span: Span | None) -> s.BoolLit:
        return s.BoolLit(True, span=span)

    def r_false_lit(self, c: list[Any], span: Span | None) -> s.BoolLit:
        return s.BoolLit(False, span=span)

    def r_duration(self, c: list[Any], span: Span | None) -> s.DurationLit:
        return s.DurationLit(self._int(c[0]), _UNITS[c[1]], span=span)

    def r_unit(self, c: list[Any], span: Span | None) -> str:
        return str(c[0])

    def r_path(self, c: list[Any], span: Span | None) -> s.Path:
        return s.Path(tuple(str(t) for t in c), span=span)

    def r_call(self, c: list[Any], span: Span | None) -> s.Call:
        return s.Call(str(c[0]), tuple(a for a in c[1:] if a is not None), span=span)

    def r_set_lit(self, c: list[Any], span: Span | None) -> s.SetLit:
        return s.SetLit(tuple(a for a in c if a is not None), span=span)

    def r_paren(self, c: list[Any], span: Span | None) -> Any:
        return c[0]


# ---- syntax errors: the catalog ---------------------------------------------------------


@attrs.frozen
class _Context:
    """What the catalog knows about a failed parse besides Lark's exception."""

    text: str
    path: str
    prev: Token | None
    prev2: Token | None
    prev3: Token | None
    brackets: tuple[Token, ...]
    long_string: Token | None

    @classmethod
    def capture(cls, text: str, path: str) -> _Context:
        watch = _WATCH
        return cls(text, path, watch.prev, watch.prev2, watch.prev3, tuple(watch.brackets),
                   watch.long_string)

    def span(self, token: Token, end: Token | None = None) -> Span:
        span = _token_span(token, self.path)
        if end is not None:
            last = _token_span(end, self.path)
            span = attrs.evolve(span, end_line=last.end_line, end_column=last.end_column)
        if span.end_line != span.line:  # a string running over lines: mark its first line
            line_end = self.text.find("\n", token.start_pos or 0)
            width = (line_end if line_end >= 0 else len(self.text)) - (token.start_pos or 0)
            span = attrs.evolve(span, end_line=span.line, end_column=span.column + max(1, width))
        return span


_ITEM_WORDS = frozenset({
    "definition", "provision", "example", "invariant", "note", "enum", "record", "field",
    "tag", "constraint", "strike",
})
_QUANTIFIERS = frozenset({"any", "all", "no", "count"})
_NEEDS_CONDITION = {
    "IF": "if", "UNLESS": "unless", "MEANS": "means", "WHERE": "where", "ASSUME": "assume",
    "AND": "and", "OR": "or", "IMPLIES": "implies", "NOT": "not",
}
_MODALITIES = frozenset({"permitted", "prohibited", "required"})
_OPERATOR_FIXES = {
    "==": "write a single `=` to test whether two values are equal",
    "===": "write a single `=` to test whether two values are equal",
    "=<": "write `<=` for “at most”",
    "=>": "write `>=` for “at least”, or `implies` for “if … then …”",
    "<>": "write `!=` for “is not equal to”",
    "!==": "write `!=` for “is not equal to”",
    "=!": "write `!=` for “is not equal to”",
}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# A line inside a quoted string that looks like statute code, not prose: the sign that a
# closing quote is missing and the string swallowed what follows.
_CODE_LINE = re.compile(
    r"^\s*(?:\}|(?:cites|text|verification|means|definition|provision|example|invariant"
    r"|note|enum|record|field|tag|constraint|strike|given|expect|duty|limit|applies|about"
    r"|question|assume|ensure|standard)\b)",
    re.MULTILINE,
)


def _diagnose(context: _Context, error: UnexpectedInput) -> tuple[Diagnostic, tuple[int, int]]:
    """The catalog's diagnostic for `error`, and the line and column it is at.

    Line 0 means the error is at the end of the file, so there is nothing to resume.
    """
    expected = _accepted(error, context.text)
    if isinstance(error, UnexpectedCharacters):
        return _diagnose_character(context, error, expected), (error.line, error.column)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token = error.token
        diagnostic = _diagnose_token(context, token, expected)
        return diagnostic, (token.line or 1, token.column or 1)
    return _diagnose_end(context, expected), (0, 0)


def _accepted(error: UnexpectedInput, text: str) -> set[str]:
    """The terminals that would be accepted where `error` happened.

    Lark's own ``expected`` is taken after the parser has already reduced on the bad
    token (so after `a` in ``means a b`` it is only `}`), or is the LALR state's whole
    lookahead set. We parse the text up to the bad token again and ask which terminals
    the parser really accepts there, before any reduction.
    """
    if isinstance(error, UnexpectedCharacters):
        offset: int | None = error.pos_in_stream
    elif isinstance(error, UnexpectedToken) and error.token.type != "$END":
        offset = error.token.start_pos
    else:
        offset = len(text)
    if offset is not None:
        accepted = _expected_at(text, offset)
        if accepted is not None:
            return accepted
    interactive = getattr(error, "interactive_parser", None)
    if interactive is not None:
        try:
            return set(interactive.accepts())
        except LarkError:  # pragma: no cover - defensive: fall back on Lark's set
            pass
    if isinstance(error, UnexpectedCharacters):
        return set(error.allowed or ())
    return set(getattr(error, "expected", ()) or ())


def _diagnose_character(
    context: _Context, error: UnexpectedCharacters, expected: set[str]
) -> Diagnostic:
    text, pos = context.text, error.pos_in_stream or 0
    char = text[pos]
    span = Span(context.path, error.line, error.column, error.line, error.column + 1)
    string = context.long_string
    if string is not None and (_runaway(string) or (char == '"' and string is context.prev)):
        return _runaway_diagnostic(context, string)
    if char == '"':
        return Diagnostic(
            "TL-P004", "this quoted string is never closed", span,
            'add a closing `"` where the text ends',
        )
    if char in "'‘’“”":
        return Diagnostic(
            "TL-P017", "quoted text must be in straight double quotes", span,
            'write text as "…" with the `"` character, not single or curly quotes',
        )
    if char in "&|!":
        pair = text[pos:pos + 2]
        shown = pair if pair in ("&&", "||") else char
        fix = {"&": "write `and`", "|": "write `or`", "!": "write `not`, or `!=` for “is not "
               "equal to”"}[char]
        span = attrs.evolve(span, end_column=span.column + len(shown))
        return Diagnostic(
            "TL-P005", f"`{shown}` is not an operator in the statute language", span, fix,
        )
    shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
    return Diagnostic(
        "TL-P002", f"`{shown}` cannot appear here", span,
        _expected_help(expected)
        + ("; legal text such as `§` belongs inside quotes" if not char.isascii() else ""),
    )


def _diagnose_end(context: _Context, expected: set[str]) -> Diagnostic:
    lines = context.text.split("\n")  # as Lark counts lines: only "\n" ends one
    end = Span(context.path, len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 2)
    if context.prev is None:
        return Diagnostic(
            "TL-P016", "the file is empty; a statute file begins with a `statute` header", end,
            'start the file with `statute "jurisdiction/name" { … }`',
        )
    if context.long_string is not None and _runaway(context.long_string):
        return _runaway_diagnostic(context, context.long_string)
    if context.brackets:
        opener = context.brackets[-1]
        closer = _closing(opener)
        return Diagnostic(
            "TL-P007", f"this `{opener.value}` is never closed", context.span(opener),
            f"add `{closer}` where the block ends; every `{opener.value}` needs a matching "
            f"`{closer}`",
        )
    return Diagnostic(
        "TL-P003", "the file ends before this item is finished", end, _expected_help(expected),
    )


def _diagnose_token(context: _Context, token: Token, expected: set[str]) -> Diagnostic:
    for rule in _TOKEN_RULES:
        diagnostic = rule(context, token, expected)
        if diagnostic is not None:
            return diagnostic
    return Diagnostic(
        "TL-P001", f"{_describe(token)} was not expected here", context.span(token),
        _expected_help(expected),
    )


_Rule = Callable[[_Context, Token, set[str]], Diagnostic | None]


def _rule_runaway_string(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if token.type == "STRING" and _runaway(token):
        return _runaway_diagnostic(context, token)
    string = context.long_string
    if string is not None and (_runaway(string) or string is context.prev):
        return _runaway_diagnostic(context, string)
    return None


def _rule_operator(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev = context.prev
    if (token.type == "COMP_OP" and prev is not None and prev.type == "COMP_OP"
            and prev.end_pos == token.start_pos):
        operator = prev.value + token.value
        return Diagnostic(
            "TL-P005", f"`{operator}` is not an operator in the statute language",
            context.span(prev, token),
            _OPERATOR_FIXES.get(operator, "compare with one of `=`, `!=`, `<`, `<=`, `>`, `>=`"),
        )
    return None


def _rule_closing_bracket(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if token.type not in _CLOSERS:
        return None
    opener_text = {"RBRACE": "{", "RPAR": "(", "RSQB": "["}[token.type]
    if not any(_OPENERS[b.type] == token.type for b in context.brackets):
        return Diagnostic(
            "TL-P006", f"this `{token.value}` has no matching `{opener_text}`",
            context.span(token),
            f"remove this `{token.value}`, or add the missing `{opener_text}` before it",
        )
    opener = context.brackets[-1]
    if _OPENERS[opener.type] != token.type:
        closer = _closing(opener)
        return Diagnostic(
            "TL-P007",
            f"a `{closer}` is missing: the `{opener.value}` on line {opener.line} is not "
            f"closed before this `{token.value}`",
            context.span(token), f"add `{closer}` to close the `{opener.value}` on line "
            f"{opener.line}, column {opener.column}",
        )
    return None


def _rule_unclosed_block(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if token.value in _ITEM_WORDS:
        word = token
    elif (context.prev is not None and context.prev.type == "NAME"
          and context.prev.value in _ITEM_WORDS and context.prev.column == 1):
        word = context.prev
    else:
        return None
    if not context.brackets:
        return None
    opener = context.brackets[-1]
    closer = _closing(opener)
    return Diagnostic(
        "TL-P007",
        f"a `{closer}` is missing: the `{opener.value}` on line {opener.line} is not closed "
        f"before `{word.value}`",
        context.span(word),
        f"add `{closer}` before `{word.value}` to end what starts on line {opener.line}",
    )


def _rule_quantifier(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev, before = context.prev, context.prev2
    if (prev is not None and prev.type == "NAME" and prev.value in _QUANTIFIERS
            and token.type == "NAME"):
        kind, var = prev.value, token.value
    elif (before is not None and before.type == "NAME" and before.value in _QUANTIFIERS
          and prev is not None and prev.type == "NAME" and token.value == "in"):
        # In a clause's condition the variable was read as the next clause's outcome.
        kind, var = before.value, prev.value
        prev, before = before, context.prev3
    else:
        return None
    if before is not None and before.type == "NOT":
        if kind == "any":
            fix = (f"write `no {var} in … where …`, or put the quantifier in parentheses: "
                   f"`not (any {var} in … where …)`")
        else:
            fix = f"put the quantifier in parentheses: `not ({kind} {var} in … where …)`"
        return Diagnostic(
            "TL-P008", f"`not {kind}` needs parentheses around the quantifier",
            context.span(before, prev), fix,
        )
    after = f" after `{before.value}`" if before is not None else ""
    return Diagnostic(
        "TL-P009", f"a quantifier (`{kind} {var} in …`){after} must be in parentheses",
        context.span(prev),
        f"write `({kind} {var} in … where …)`; without parentheses a quantifier would take "
        "in everything after `where`",
    )


def _rule_missing_condition(
    context: _Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    prev = context.prev
    keyword: Token | None = None
    if prev is not None and prev.type in _NEEDS_CONDITION:
        keyword = prev
    elif (token.value in _MODALITIES and context.prev2 is not None
          and context.prev2.type in ("IF", "UNLESS")):
        keyword = context.prev2  # `if` + the next clause's outcome read as the condition
    elif (prev is not None and prev.value in _MODALITIES and context.prev3 is not None
          and context.prev3.type in ("IF", "UNLESS")):
        keyword = context.prev3  # the same, one token later
    if keyword is None:
        return None
    word = keyword.value
    return Diagnostic(
        "TL-P013", f"`{word}` must be followed by a condition", context.span(keyword),
        f"write the condition after `{word}`, e.g. `{word} person.final_removal_order`",
    )


def _rule_trailing_comma(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev = context.prev
    if prev is not None and prev.type == "COMMA" and token.type in _CLOSERS:
        return Diagnostic(
            "TL-P014", f"a `,` cannot come just before `{token.value}`", context.span(prev),
            "remove the comma after the last entry",
        )
    return None


def _rule_misspelt_keyword(
    context: _Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    if not _WORD.match(token.value):
        return None
    terminals = _keyword_terminals()
    allowed = [word for word, name in terminals.items() if name in expected]
    match = _did_you_mean(token.value, allowed)
    if match is None or match == token.value:
        return None
    return Diagnostic(
        "TL-P011", f"`{token.value}` is not a keyword; did you mean `{match}`?",
        context.span(token), f"write `{match}`",
    )


def _rule_misspelt_previous(
    context: _Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    """A misspelt keyword read as a name, so that the error shows one token later."""
    prev = context.prev
    if prev is None or prev.type != "NAME" or prev.start_pos is None:
        return None
    if context.prev2 is not None and context.prev2.type == "DOT":
        return None
    terminals = _keyword_terminals()
    allowed = _expected_at(context.text, prev.start_pos)
    if prev.value in terminals:
        if allowed is None or terminals[prev.value] in allowed:
            return None
        return Diagnostic(
            "TL-P001", f"`{prev.value}` cannot be used here", context.span(prev),
            _expected_help(allowed),
        )
    candidates = _close_keywords(prev.value, terminals)[:3]
    end = token.end_pos if token.end_pos is not None else prev.end_pos
    for word in candidates:
        if allowed is not None and terminals[word] not in allowed:
            continue
        repaired = context.text[:prev.start_pos] + word + context.text[prev.end_pos:end]
        if _reaches_end(repaired):
            return Diagnostic(
                "TL-P011", f"`{prev.value}` is not a keyword; did you mean `{word}`?",
                context.span(prev), f"write `{word}`",
            )
    return None


def _rule_missing_keyword(
    context: _Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    if "MEANS" in expected and "NAME" not in expected:
        return Diagnostic(
            "TL-P010", "`means` is missing: a definition states its condition after `means`",
            context.span(token),
            "write `means` before the condition, e.g. `means any c in convictions where "
            "c.level = felony`",
        )
    if "GIVEN" in expected:
        return Diagnostic(
            "TL-P018", "`given` is missing: an example states its facts after `given`",
            context.span(token), 'write `given { "date": "2015-03-02", … }` before the '
            "expectations",
        )
    return None


def _rule_label(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if "LABEL" not in expected:
        return None
    if token.type == "NAME":
        message = f"`{token.value}` is not a provision label"
    elif context.prev is not None and context.prev.type == "PROVISION":
        message = "this provision has no label"
    else:
        message = f"a provision label is missing before {_describe(token)}"
    return Diagnostic(
        "TL-P012", message, context.span(token),
        "write the label as the law numbers it, with parentheses, e.g. `(b)(1)` or "
        "`7282.5(a)`",
    )


def _rule_missing_comma(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if "COMMA" in expected and token.type in (
        "STRING", "NUMBER", "INT", "LABEL", "NAME", "LBRACE", "LSQB", "TRUE", "FALSE", "NULL",
    ):
        return Diagnostic(
            "TL-P015", f"a `,` is missing before {_describe(token)}", context.span(token),
            "separate the entries of a list with commas",
        )
    return None


def _rule_header(context: _Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if expected and expected <= {"STATUTE", "VOCABULARY"}:
        return Diagnostic(
            "TL-P016", "a statute file must begin with a `statute` or `vocabulary` header",
            context.span(token), 'start the file with `statute "jurisdiction/name" { … }`',
        )
    return None


_TOKEN_RULES: tuple[_Rule, ...] = (
    _rule_runaway_string,
    _rule_operator,
    _rule_closing_bracket,
    _rule_unclosed_block,
    _rule_quantifier,
    _rule_missing_condition,
    _rule_trailing_comma,
    _rule_misspelt_keyword,
    _rule_misspelt_previous,
    _rule_missing_keyword,
    _rule_label,
    _rule_missing_comma,
    _rule_header,
)


# ---- syntax errors: helpers --------------------------------------------------------------


def _runaway(token: Token) -> bool:
    """Whether a quoted string spanning lines swallowed statute code (a missing `"`)."""
    value = token.value
    first_break = value.find("\n")
    return first_break >= 0 and _CODE_LINE.search(value, first_break + 1) is not None


def _runaway_diagnostic(context: _Context, token: Token) -> Diagnostic:
    return Diagnostic(
        "TL-P004", "this quoted string is not closed on the line where it starts",
        context.span(token), 'add the closing `"` at the end of the text',
    )


def _closing(opener: Token) -> str:
    return {"{": "}", "(": ")", "[": "]"}[opener.value]


def _expected_at(text: str, offset: int) -> set[str] | None:
    """The terminals the parser accepts at `offset` (a token boundary) of `text`."""
    _WATCH.reset(None)
    try:
        interactive = build_parser().parse_interactive(text[:offset])
        interactive.exhaust_lexer()
    except UnexpectedInput:
        return None
    finally:
        _WATCH.reset(None)
    return set(interactive.accepts())


def _reaches_end(text: str) -> bool:
    """Whether `text` is a correct beginning of a statute file."""
    _WATCH.reset(None)
    try:
        build_parser().parse(text)
    except UnexpectedToken as error:
        return error.token.type == "$END"
    except (UnexpectedInput, LarkError):
        return False
    finally:
        _WATCH.reset(None)
    return True


_FRIENDLY = {
    "NAME": "a name",
    "STRING": "a quoted string",
    "DATE": "a date like 2014-01-01",
    "DATETIME": "a date and time like 2015-03-05T17:00",
    "INT": "a whole number",
    "NUMBER": "a number",
    "LABEL": "a provision label like (b)(1)",
    "COMP_OP": "a comparison such as `=` or `<`",
    "ADD_OP": "`+` or `-`",
    "$END": "the end of the file",
}
_ITEM_TERMINALS = frozenset(word.upper() for word in _ITEM_WORDS)
_OPERATOR_TERMINALS = frozenset({
    "AND", "OR", "IMPLIES", "COMP_OP", "ADD_OP", "IN", "NOT", "WITHIN", "IS", "DOT",
})


def _friendly(terminal: str) -> str:
    if terminal in _FRIENDLY:
        return _FRIENDLY[terminal]
    for word, name in _keyword_terminals().items():
        if name == terminal:
            return f"`{word}`"
    for term in build_parser().terminals:
        if term.name == terminal and term.pattern.type == "str":
            return f"`{term.pattern.value}`"
    return terminal.lower()


def _expected_help(expected: Iterable[str]) -> str:
    """The expected terminals, in words a lawyer reads (never `RBRACE` or `__ANON_3`)."""
    names = set(expected)
    groups: list[str] = []
    if len(names & _ITEM_TERMINALS) >= 4:
        names -= _ITEM_TERMINALS
        groups.append("a new item (`provision`, `definition`, …)")
    if {"AND", "OR"} <= names:
        names -= _OPERATOR_TERMINALS
        groups.append("an operator (`and`, `or`, `=`, …)")
    words = groups + sorted(_friendly(name) for name in names)
    if not words:
        return "check the spelling and the brackets just before this place"
    if len(words) == 1:
        return f"expected {words[0]} here"
    return "expected " + ", ".join(words[:-1]) + " or " + words[-1]


def _describe(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    text = str(token.value).split("\n", 1)[0]
    if len(text) > 30:
        text = text[:27] + "…"
    return f"`{text}`"


def _did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The keyword `word` is most likely a typo of, if any is close enough."""
    close = _close_keywords(word, candidates)
    return close[0] if close else None


def _close_keywords(word: str, candidates: Iterable[str]) -> list[str]:
    """Candidates one typo away (two for long words), or similar by difflib, best first."""
    word = word.lower()
    allowed_edits = 1 if len(word) <= 5 else 2
    scored = []
    for candidate in candidates:
        shorter, longer = sorted((len(word), len(candidate)))
        if longer - shorter > allowed_edits and shorter < 0.6 * longer:
            continue  # neither close in edits nor in difflib's ratio
        edits = _edit_distance(word, candidate)
        matcher = difflib.SequenceMatcher(None, word, candidate)
        ratio = matcher.ratio() if matcher.quick_ratio() >= 0.75 else 0.0
        if edits <= allowed_edits or ratio >= 0.75:
            scored.append((edits, -ratio, candidate))
    return [candidate for _, _, candidate in sorted(scored)]


def _edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning `a` into `b`."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
