"""Lark's syntax errors → located, curated `TL-P…` diagnostics, several per file.

`parse_tree` runs the statute parser over a file. Each Lark error becomes a `Diagnostic`
from a small catalog of common mistakes (an unclosed ``{``, ``==``, a misspelt keyword, a
quantifier that needs parentheses, …) with the expected tokens under friendly names.
After an error the parser restarts at the next line that begins with an item keyword
(``provision``, ``definition``, …), so one run reports the errors of several items, up
to `MAX_ERRORS`. `depth_diagnostics` refuses expressions and JSON values nested more than
`MAX_DEPTH` levels deep, and types too (``TL-P020``), which keeps every later, recursive stage
(lowering, the formatter, equality of nodes) safe.

Why a token watcher (a Lark ``postlex``) instead of ``match_examples``: the contextual
lexer reads a keyword that is not allowed in a place as a plain name, so many mistakes
surface one token late; knowing the last two accepted tokens and the open brackets lets
each catalog entry point at the place the author has to fix.

Everything here works on the parser it is given (`parser.build_parser()` builds it with
`TokenWatcher` and `on_comment`), so this module does not import the parser module.
"""

from __future__ import annotations

import re

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from ..diagnostics import Diagnostic
from .syntax_catalog import Context, diagnose
from .syntax_words import ITEM_WORDS, expected_help, keyword_terminals
from .watcher import WATCH, TokenWatcher, file_start, meta_span, on_comment, token_span

__all__ = [
    "MAX_DEPTH",
    "MAX_ERRORS",
    "Parsed",
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
#: arrays and objects, and each `list of` in a type count one level each).
MAX_DEPTH = 64

#: How many syntax errors one file reports at most.
MAX_ERRORS = 10


# ---- parsing with recovery ---------------------------------------------------------------

# The header that stands in for everything before a restart point, so that the rest of
# the file can be parsed again after a syntax error with unchanged lines and columns.
_STAND_IN_HEADER = 'statute "" {}'

_ITEM_START = re.compile(
    "^(?:" + "|".join(sorted(ITEM_WORDS)) + ")(?![A-Za-z0-9_])", re.MULTILINE
)


@attrs.frozen
class Parsed:
    """What `parse_tree` read: the tree (None after a syntax error), the comments and,
    after a syntax error, the literal tokens (strings, numbers, dates) the lexer read,
    whose problems need no tree (`parser` reports them with the syntax errors)."""

    tree: Tree | None
    comments: list[Token]
    literals: list[Token]
    diagnostics: list[Diagnostic]


def parse_tree(parser: Lark, source: str, path: str) -> Parsed:
    """Lark's parse tree and the comments, or every syntax error found (up to MAX_ERRORS)
    with the comments and literal tokens read on the way (each part of the file is read
    once: a restart begins after the part that failed).

    `parser` is the statute parser, built with `TokenWatcher` and `on_comment`."""
    restarts: list[tuple[int, int]] | None = None  # (line, offset) of each item start
    text, start_line = source, 1
    diagnostics: list[Diagnostic] = []
    comments: list[Token] = []
    literals: list[Token] = []
    while True:
        WATCH.reset(comments, literals)
        try:
            tree = parser.parse(text)
        except UnexpectedInput as error:
            context = Context.capture(parser, text, path)
            diagnostic, (line, column) = diagnose(context, error)
            diagnostics.append(diagnostic)
        except LarkError:  # pragma: no cover - the LALR parser raises only UnexpectedInput
            diagnostics.append(Diagnostic(
                "TL-P099", "this file could not be read as a statute", file_start(path),
                "check the file for unusual characters",
            ))
            return Parsed(None, [], [], diagnostics)
        else:
            if diagnostics:
                return Parsed(None, comments, literals, diagnostics)
            return Parsed(tree, comments, [], [])
        finally:
            WATCH.reset(None)
        if len(diagnostics) >= MAX_ERRORS or line <= 0:
            return Parsed(None, comments, literals, diagnostics)
        if restarts is None:
            restarts = [(source.count("\n", 0, m.start()) + 1, m.start())
                        for m in _ITEM_START.finditer(source)]
        following = [
            (start, offset) for start, offset in restarts
            if start > start_line and (start > line or (start == line and column == 1))
        ]
        if not following:
            return Parsed(None, comments, literals, diagnostics)
        start_line, offset = following[0]
        text = _STAND_IN_HEADER + "\n" * (start_line - 1) + source[offset:]


# ---- nesting depth ----------------------------------------------------------------------

# The parse-tree rules that nest one level deeper: every expression but a literal or a
# path, JSON arrays and objects, and `list of` in a written type.
_JSON_NESTING_RULES = frozenset({"json_object", "json_array"})
_TYPE_NESTING_RULES = frozenset({"type_list"})
# Left-associative chains of one operator, whose first child continues the chain.
_CHAIN_RULES = frozenset({"or_expr", "and_expr"})
_NESTING_RULES = _JSON_NESTING_RULES | _TYPE_NESTING_RULES | {
    "quantifier", "implies", "or_expr", "and_expr", "not_", "compare", "member",
    "not_member", "within_before", "within_after", "is_known", "is_unknown", "arith", "call",
    "set_lit", "paren",
}


def depth_diagnostics(tree: Tree, path: str) -> list[Diagnostic]:
    """One diagnostic for each expression or JSON value nested more than MAX_DEPTH deep."""
    found: list[Diagnostic] = []
    reported: set[int] = set()
    # (node, nesting depth, id of the outermost nesting node above it, the rule of a chain
    # it continues); no recursion. A chain of one operator (`a or b or c`, parsed as
    # `(a or b) or c`) is one level, however long: later stages take it as one list.
    stack: list[tuple[Tree, int, int, str]] = [(tree, 0, 0, "")]
    while stack:
        node, depth, root, chain = stack.pop()
        if node.data in _NESTING_RULES and node.data != chain:
            depth += 1
            root = root or id(node)
        if depth > MAX_DEPTH:
            if root not in reported:
                reported.add(root)
                found.append(_depth_diagnostic(node, path))
            continue
        children = [c for c in node.children if isinstance(c, Tree)]
        continued = node.data if node.data in _CHAIN_RULES else ""
        stack.extend((c, depth, root, "") for c in reversed(children[1:]))
        if children:  # popped first: the left operand, which may continue the chain
            stack.append((children[0], depth, root, continued))
    return found


def _depth_diagnostic(node: Tree, path: str) -> Diagnostic:
    span = meta_span(node.meta, path) or file_start(path)
    span = attrs.evolve(span, end_line=span.line, end_column=span.column + 1)
    if node.data in _JSON_NESTING_RULES:
        what, help = "value", "split the facts into smaller parts"
    elif node.data in _TYPE_NESTING_RULES:
        what, help = "type", "a list holds values or records: write `list of` once"
    else:
        what = "expression"
        help = "name the inner parts with `definition`s and use those names here"
    return Diagnostic(
        "TL-P020", f"this {what} is nested more than {MAX_DEPTH} levels deep", span, help
    )
