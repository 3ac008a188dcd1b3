"""Lark's token stream → what the lexer saw (recent tokens, open brackets, comments), and spans."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from lark import Token
from lark.tree import Meta

from ..diagnostics import Span

__all__ = [
    "CLOSERS", "LITERALS", "OPENERS", "WATCH", "TokenWatcher", "file_start", "meta_span",
    "on_comment", "token_span",
]


# ---- what the lexer saw -----------------------------------------------------------------


class _Watch(threading.local):
    """What the lexer has seen in the parse running on this thread."""

    def __init__(self) -> None:
        self.reset(None)

    def reset(self, comments: list[Token] | None, literals: list[Token] | None = None) -> None:
        self.comments = comments
        self.literals = literals  # the literal tokens read (LITERALS), when kept
        self.prev: Token | None = None  # the last token the parser accepted
        self.prev2: Token | None = None  # the one before it
        self.prev3: Token | None = None  # and the one before that
        self.brackets: list[Token] = []  # open brackets, innermost last
        self.long_strings: list[Token] = []  # the accepted strings spanning lines, in order


WATCH = _Watch()

OPENERS = {"LBRACE": "RBRACE", "LPAR": "RPAR", "LSQB": "RSQB"}

#: The terminals whose text is decoded into a value (a string, a number, a date), which
#: can be wrong on its own whatever surrounds it: a month 13, a bad escape.
LITERALS = frozenset({"STRING", "INT", "NUMBER", "DATE", "DATETIME"})
CLOSERS = {v: k for k, v in OPENERS.items()}


class TokenWatcher:
    """A Lark post-lexer that records accepted tokens and open brackets in `WATCH`, and
    the literal tokens read when `WATCH.literals` is a list."""

    always_accept: tuple[str, ...] = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        watch = WATCH
        for token in stream:
            if watch.literals is not None and token.type in LITERALS:
                watch.literals.append(token)  # kept even if the parser refuses it
            yield token
            # Resumed only once the parser has accepted `token`.
            watch.prev3, watch.prev2, watch.prev = watch.prev2, watch.prev, token
            kind = token.type
            if kind in OPENERS:
                watch.brackets.append(token)
            elif kind in CLOSERS:
                if watch.brackets and watch.brackets[-1].type == CLOSERS[kind]:
                    watch.brackets.pop()
            elif kind == "STRING" and "\n" in token.value:
                watch.long_strings.append(token)


def on_comment(token: Token) -> Token:
    """A Lark lexer callback that keeps each comment for the parse running on this thread."""
    if WATCH.comments is not None:
        WATCH.comments.append(token)
    return token


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
