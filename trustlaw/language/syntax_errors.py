"""Lark's syntax errors → located, curated `TL-P…` diagnostics, several per file.

`parse_tree` runs the statute parser over a file. Each Lark error becomes a `Diagnostic`
from a small catalog of common mistakes (an unclosed ``{``, ``==``, a misspelt keyword, a
quantifier that needs parentheses, …) with the expected tokens under friendly names.
After an error the parser restarts at the next line that begins with an item keyword
(``provision``, ``definition``, …), so one run reports the errors of several items, up
to `MAX_ERRORS`. `depth_diagnostics` refuses expressions and JSON values nested more than
`MAX_DEPTH` levels deep (``TL-P020``), which keeps every later, recursive stage
(lowering, the formatter, equality of nodes) safe.

Why a token watcher (a Lark ``postlex``) instead of ``match_examples``: the contextual
lexer reads a keyword that is not allowed in a place as a plain name, so many mistakes
surface one token late; knowing the last two accepted tokens and the open brackets lets
each catalog entry point at the place the author has to fix.

Everything here works on the parser it is given (`parser.build_parser()` builds it with
`TokenWatcher` and `on_comment`), so this module does not import the parser module.
"""

from __future__ import annotations

import difflib
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.tree import Meta

from ..diagnostics import Diagnostic, Span

__all__ = [
    "MAX_DEPTH",
    "MAX_ERRORS",
    "TokenWatcher",
    "depth_diagnostics",
    "expected_help",
    "file_start",
    "keyword_terminals",
    "meta_span",
    "on_comment",
    "parse_tree",
    "token_span",
]


#: The deepest an expression or a JSON value may nest (parentheses, `not`, each operator,
#: arrays and objects count one level each).
MAX_DEPTH = 64

#: How many syntax errors one file reports at most.
MAX_ERRORS = 10


# ---- what the lexer saw -----------------------------------------------------------------


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


class TokenWatcher:
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


def on_comment(token: Token) -> Token:
    """A Lark lexer callback that keeps each comment for the parse running on this thread."""
    if _WATCH.comments is not None:
        _WATCH.comments.append(token)
    return token


# ---- parsing with recovery ---------------------------------------------------------------

# The header that stands in for everything before a restart point, so that the rest of
# the file can be parsed again after a syntax error with unchanged lines and columns.
_STAND_IN_HEADER = 'statute "" {}'

# The keywords that begin an item: a restart point at the start of a line.
_ITEM_WORDS = frozenset({
    "definition", "provision", "example", "invariant", "note", "enum", "record", "field",
    "tag", "constraint", "strike",
})
_ITEM_START = re.compile(
    "^(?:" + "|".join(sorted(_ITEM_WORDS)) + ")(?![A-Za-z0-9_])", re.MULTILINE
)


def parse_tree(
    parser: Lark, source: str, path: str
) -> tuple[Tree | None, list[Token], list[Diagnostic]]:
    """Lark's parse tree and the comments, or every syntax error found (up to MAX_ERRORS).

    `parser` is the statute parser, built with `TokenWatcher` and `on_comment`."""
    restarts: list[tuple[int, int]] | None = None  # (line, offset) of each item start
    text, start_line = source, 1
    diagnostics: list[Diagnostic] = []
    while True:
        comments: list[Token] = []
        _WATCH.reset(comments)
        try:
            tree = parser.parse(text)
        except UnexpectedInput as error:
            context = _Context.capture(parser, text, path)
            diagnostic, (line, column) = _diagnose(context, error)
            diagnostics.append(diagnostic)
        except LarkError:  # pragma: no cover - the LALR parser raises only UnexpectedInput
            diagnostics.append(Diagnostic(
                "TL-P099", "this file could not be read as a statute", file_start(path),
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


def file_start(path: str) -> Span:
    """The first character of a file: where problems with the whole file are reported."""
    return Span(path, 1, 1, 1, 1)


def token_span(token: Token, path: str) -> Span:
    """Where a token stands in its file."""
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line if token.end_line is not None else line
    end_column = token.end_column if token.end_column is not None else column + len(token)
    return Span(path, line, column, end_line, end_column)


def meta_span(meta: Meta, path: str) -> Span | None:
    """Where a parse-tree node stands in its file (None for a node that matched nothing)."""
    if getattr(meta, "empty", True):
        return None
    return Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


# ---- nesting depth ----------------------------------------------------------------------

# The parse-tree rules that nest one level deeper: every expression but a literal or a
# path, and JSON arrays and objects.
_JSON_NESTING_RULES = frozenset({"json_object", "json_array"})
_NESTING_RULES = _JSON_NESTING_RULES | {
    "quantifier", "implies", "or_expr", "and_expr", "not_", "compare", "member",
    "not_member", "within_before", "within_after", "is_known", "is_unknown", "arith", "call",
    "set_lit", "paren",
}


def depth_diagnostics(tree: Tree, path: str) -> list[Diagnostic]:
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
    is_json = node.data in _JSON_NESTING_RULES
    span = meta_span(node.meta, path) or file_start(path)
    span = attrs.evolve(span, end_line=span.line, end_column=span.column + 1)
    return Diagnostic(
        "TL-P020",
        f"this {'value' if is_json else 'expression'} is nested more than {MAX_DEPTH} "
        "levels deep",
        span,
        "split the facts into smaller parts" if is_json
        else "name the inner parts with `definition`s and use those names here",
    )


# ---- syntax errors: the catalog ---------------------------------------------------------


@attrs.frozen
class _Context:
    """What the catalog knows about a failed parse besides Lark's exception."""

    parser: Lark
    text: str
    path: str
    prev: Token | None
    prev2: Token | None
    prev3: Token | None
    brackets: tuple[Token, ...]
    long_string: Token | None

    @classmethod
    def capture(cls, parser: Lark, text: str, path: str) -> _Context:
        watch = _WATCH
        return cls(parser, text, path, watch.prev, watch.prev2, watch.prev3, tuple(watch.brackets),
                   watch.long_string)

    def span(self, token: Token, end: Token | None = None) -> Span:
        span = token_span(token, self.path)
        if end is not None:
            last = token_span(end, self.path)
            span = attrs.evolve(span, end_line=last.end_line, end_column=last.end_column)
        if span.end_line != span.line:  # a string running over lines: mark its first line
            line_end = self.text.find("\n", token.start_pos or 0)
            width = (line_end if line_end >= 0 else len(self.text)) - (token.start_pos or 0)
            span = attrs.evolve(span, end_line=span.line, end_column=span.column + max(1, width))
        return span


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
    expected = _accepted(context, error)
    if isinstance(error, UnexpectedCharacters):
        return _diagnose_character(context, error, expected), (error.line, error.column)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token = error.token
        diagnostic = _diagnose_token(context, token, expected)
        return diagnostic, (token.line or 1, token.column or 1)
    return _diagnose_end(context, expected), (0, 0)


def _accepted(context: _Context, error: UnexpectedInput) -> set[str]:
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
        offset = len(context.text)
    if offset is not None:
        accepted = _expected_at(context.parser, context.text, offset)
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
        expected_help(expected, context.parser)
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
        "TL-P003", "the file ends before this item is finished", end,
        expected_help(expected, context.parser),
    )


def _diagnose_token(context: _Context, token: Token, expected: set[str]) -> Diagnostic:
    for rule in _TOKEN_RULES:
        diagnostic = rule(context, token, expected)
        if diagnostic is not None:
            return diagnostic
    return Diagnostic(
        "TL-P001", f"{_describe(token)} was not expected here", context.span(token),
        expected_help(expected, context.parser),
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
    opener_text = _OPENING[token.value]
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
    terminals = keyword_terminals(context.parser)
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
    terminals = keyword_terminals(context.parser)
    allowed = _expected_at(context.parser, context.text, prev.start_pos)
    if prev.value in terminals:
        if allowed is None or terminals[prev.value] in allowed:
            return None
        return Diagnostic(
            "TL-P001", f"`{prev.value}` cannot be used here", context.span(prev),
            expected_help(allowed, context.parser),
        )
    candidates = _close_keywords(prev.value, terminals)[:3]
    end = token.end_pos if token.end_pos is not None else prev.end_pos
    for word in candidates:
        if allowed is not None and terminals[word] not in allowed:
            continue
        repaired = context.text[:prev.start_pos] + word + context.text[prev.end_pos:end]
        if _reaches_end(context.parser, repaired):
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


_CLOSING = {"{": "}", "(": ")", "[": "]"}
_OPENING = {closer: opener for opener, closer in _CLOSING.items()}


def _closing(opener: Token) -> str:
    return _CLOSING[opener.value]


def _expected_at(parser: Lark, text: str, offset: int) -> set[str] | None:
    """The terminals the parser accepts at `offset` (a token boundary) of `text`."""
    _WATCH.reset(None)
    try:
        interactive = parser.parse_interactive(text[:offset])
        interactive.exhaust_lexer()
    except UnexpectedInput:
        return None
    finally:
        _WATCH.reset(None)
    return set(interactive.accepts())


def _reaches_end(parser: Lark, text: str) -> bool:
    """Whether `text` is a correct beginning of a statute file."""
    _WATCH.reset(None)
    try:
        parser.parse(text)
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


@functools.lru_cache(maxsize=4)
def keyword_terminals(parser: Lark) -> dict[str, str]:
    """Keyword text → terminal name, for every word the grammar reserves somewhere."""
    words = {}
    for term in parser.terminals:
        pattern = term.pattern
        if pattern.type == "str" and re.fullmatch(r"[A-Za-z_]+", pattern.value):
            words[pattern.value] = term.name
    return words


def _friendly(terminal: str, parser: Lark) -> str:
    if terminal in _FRIENDLY:
        return _FRIENDLY[terminal]
    for term in parser.terminals:  # a keyword or a punctuation mark, shown as written
        if term.name == terminal and term.pattern.type == "str":
            return f"`{term.pattern.value}`"
    return terminal.lower()


def expected_help(expected: Iterable[str], parser: Lark) -> str:
    """The terminals `parser` expects, in words a lawyer reads (never `RBRACE` or
    `__ANON_3`): the help line of a syntax error."""
    names = set(expected)
    groups: list[str] = []
    if len(names & _ITEM_TERMINALS) >= 4:
        names -= _ITEM_TERMINALS
        groups.append("a new item (`provision`, `definition`, …)")
    if {"AND", "OR"} <= names:
        names -= _OPERATOR_TERMINALS
        groups.append("an operator (`and`, `or`, `=`, …)")
    words = groups + sorted(_friendly(name, parser) for name in names)
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
