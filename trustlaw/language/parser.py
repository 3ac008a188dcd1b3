"""Statute text → syntax tree (`syntax.LawFile`), or located `TL-P…` diagnostics.

The grammar (``grammar.lark``) is parsed with Lark's LALR(1) parser in strict mode. Lark
builds its parse tree with an explicit stack, and we turn that tree into syntax nodes
with `lark.visitors.Transformer_NonRecursive`, so no input, however deeply nested, can
exhaust Python's recursion limit here.

Syntax errors never escape as Lark exceptions: `syntax_errors` turns each into a curated
diagnostic, recovers to report several per file, and refuses expressions nested more
than `MAX_DEPTH` levels deep. The literals read on the way (strings, numbers, dates) are
decoded with the syntax errors, so a bad date is reported with them, not after them.
This module builds the tree and decodes its tokens
(strings, numbers, dates), reporting the tokens that cannot be decoded (``TL-P021``…)
and the strings that hold hidden characters (``TL-P025``): control characters and the
invisible ones (`diagnostics.is_hidden`); only a ``text`` and a value (``"hold"``, a
fact of an example) may hold line breaks and tabs, as a title or a name is one line.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path as _FsPath
from typing import Any

from lark import Lark, Token
from lark.tree import Meta
from lark.visitors import Transformer_NonRecursive

from ..diagnostics import Diagnostic, Span, StatuteError, has_hidden, is_hidden
from . import syntax as s
from . import tables
from .limits import MAX_STATUTE_CHARS
from .syntax_errors import (
    MAX_DEPTH,
    MAX_ERRORS,
    TokenWatcher,
    depth_diagnostics,
    expected_help,
    file_start,
    keyword_terminals,
    meta_span,
    on_comment,
    parse_tree,
    token_span,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_ERRORS",
    "MAX_STATUTE_CHARS",
    "build_parser",
    "decode_string",
    "keywords",
    "parse",
    "parse_file",
    "read_as_parsed",
]


# ---- the parser ------------------------------------------------------------------------


def grammar_text() -> str:
    """The statute grammar, read from the installed package."""
    return tables.grammar_text()


@functools.lru_cache(maxsize=1)
def build_parser() -> Lark:
    """The LALR(1) statute parser (positions kept); built once per process and cached.

    Its tables come from the shipped `tables` module when they match the grammar and
    the installed Lark (no table construction at start-up), else from the grammar.
    The grammar is proved free of conflicts and terminal collisions by building it in
    Lark's strict mode in the test suite; strict mode needs `interegular`, which an
    installed trustlaw does not, and builds the very same tables, so it is off here."""
    grammar = grammar_text()
    callbacks = {"COMMENT": on_comment}
    shipped = tables.load(grammar)
    if shipped is not None:
        data, memo = shipped
        return Lark._load_from_dict(
            data,
            memo,
            lexer_callbacks=callbacks,
            postlex=TokenWatcher(),
            propagate_positions=True,
        )
    return Lark(grammar, lexer_callbacks=callbacks, postlex=TokenWatcher(), **tables.OPTIONS)


def _keyword_terminals() -> dict[str, str]:
    """Keyword text → terminal name, for every word the grammar reserves somewhere."""
    return keyword_terminals(build_parser())


def keywords() -> frozenset[str]:
    """Every keyword of the language (``provision``, ``means``, ``any``, …).

    A keyword is reserved only where the grammar allows it, so ``notice`` or even
    ``text`` can still name a field; a random-tree generator should avoid them all.
    """
    return frozenset(_keyword_terminals())


def _expected_help(expected: Iterable[str]) -> str:
    """The help line a syntax error gives for these expected terminals of the grammar."""
    return expected_help(expected, build_parser())


# ---- entry points --------------------------------------------------------------------


def _line_breaks(source: str) -> str:
    """As reading a file does: Windows and old Mac line ends are line breaks."""
    return source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source


def read_as_parsed(text: str) -> str:
    """`text` as `parse` reads it: one byte-order mark skipped, every line end a line
    break (what a parsed file's `source` is compared with)."""
    return _line_breaks(text.removeprefix("\ufeff"))


def parse(source: str, path: str = "<string>") -> s.LawFile:
    """Parse statute text into a syntax tree; raise `StatuteError` listing every problem.
    A byte-order mark at the start (some Windows editors write one) is skipped."""
    if source.startswith("\ufeff"):
        source = source[1:]
    original = source
    source = _line_breaks(source)
    if len(source) > MAX_STATUTE_CHARS:
        raise StatuteError([too_long(path)])
    parsed = parse_tree(build_parser(), source, path)
    tree, comments = parsed.tree, parsed.comments
    if tree is None:
        problems = _literal_problems(parsed.literals, comments, path, original)
        raise StatuteError([*parsed.diagnostics, *problems], {path: source})
    diagnostics = depth_diagnostics(tree, path)
    if diagnostics:
        raise StatuteError(diagnostics, {path: source})
    builder = _Builder(path, original)
    law = builder.transform(tree)
    builder.diagnostics.extend(_hidden_in_comments(comments, path))
    if builder.diagnostics:
        raise StatuteError(builder.diagnostics, {path: source})
    assert isinstance(law, s.LawFile)
    return s.LawFile(
        header=law.header,
        items=law.items,
        comments=tuple(
            s.Comment(token.value.rstrip(), span=token_span(token, path)) for token in comments
        ),
        path=path,
        source=source,
    )


def too_long(path: str, formatted: int | None = None) -> Diagnostic:
    """TL-P026 for a file over the size limit; with `formatted`, the length `fmt` would
    make it, which `check` would then refuse (so `fmt` leaves the file as it is)."""
    if formatted is None:
        return Diagnostic(
            "TL-P026", f"this file is longer than the {MAX_STATUTE_CHARS:,} characters a "
            "statute file may have", file_start(path),
            "split it into statutes that amend one another, or check that this is a statute "
            "file")
    return Diagnostic(
        "TL-P026", f"formatted, this file would be {formatted:,} characters long, over the "
        f"{MAX_STATUTE_CHARS:,} a statute file may have, so it is left as it is",
        file_start(path), "split it into statutes that amend one another")


def parse_file(path: str | _FsPath) -> s.LawFile:
    """Read and parse a statute file (UTF-8); the path is used in every diagnostic."""
    return parse(read_statute_file(path), str(path))


def read_statute_file(path: str | _FsPath) -> str:
    """A statute file's text as `check` reads it (for `fmt` too): one that cannot be read
    is TL-P097, a byte that is not UTF-8 TL-P098 at its line and column; a file too long
    is read only as far as `parse` needs to say so."""
    name = str(path)
    most = 4 * (MAX_STATUTE_CHARS + 1)  # bytes enough to say a file is too long
    try:
        with open(name, "rb") as handle:
            data = handle.read(most)
    except OSError as error:
        raise StatuteError(
            [Diagnostic("TL-P097", f"this file cannot be read ({error.strerror})",
                        file_start(name), "check the file name and its permissions")],
            {name: ""},
        ) from None
    # one byte-order mark is skipped, by `parse` (stripping it here too let a file with
    # two through `check` while `fmt` refused it)
    try:
        text = data.decode("utf-8", "replace" if len(data) >= most else "strict")
    except UnicodeDecodeError as error:
        body = data.removeprefix(b"\xef\xbb\xbf")  # positions as `parse` counts them
        start = error.start - (len(data) - len(body))
        # the line the byte is on, whichever line ends the file uses (LF, CR LF or CR)
        before = re.split(rb"\r\n|\r|\n", body[:start])
        line, column = len(before), len(before[-1].decode("utf-8", "replace")) + 1
        shown = body.decode("utf-8", "replace")  # the line quoted, the byte as U+FFFD
        shown = shown.replace("\r\n", "\n").replace("\r", "\n")
        raise StatuteError(
            [Diagnostic("TL-P098", f"this file is not UTF-8 text: byte 0x{data[error.start]:02x} "
                        "here is not a character", Span(name, line, column, line, column + 1),
                        "save the statute file with UTF-8 encoding")],
            {name: shown},
        ) from None
    return text


def _literal_problems(literals: Iterable[Token], comments: Iterable[Token], path: str,
                      source: str) -> list[Diagnostic]:
    """The problems of a file with syntax errors that need no parse tree, so that they
    are reported with the syntax errors rather than after them: each literal the lexer
    read that cannot be decoded (a date not on the calendar, a number too long, a bad
    escape) and each hidden character in a string or a comment. A string's line break or
    tab is not among them: only the tree says whether the string may run over lines."""
    builder = _Builder(path, source)
    for token in literals:
        if token.type == "STRING":
            builder._string(token, lines=True)
        elif token.type == "DATE":
            builder._date(token)
        elif token.type == "DATETIME":
            builder._datetime(token)
        elif token.type == "NUMBER":
            builder.r_json_number([token], None)
        else:
            builder._int(token)
    return [*builder.diagnostics, *_hidden_in_comments(comments, path)]


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


_WRITTEN = re.compile(r"\\.|.", re.DOTALL)  # a character of a string, or an escape
# a line break written in a string, with the spaces and tabs around it: layout, which a
# `text` reads as one space (a new line in the text itself is written ``\n``)
_LAYOUT_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")


def _hidden_characters(quoted: str, lines: bool) -> list[tuple[int, str, str]]:
    """Where a quoted STRING token holds a hidden character (`is_hidden`), written as it
    is or as an escape (``\\n``): its offset, how it is written and the character. A
    tab or a line break is allowed only if the string may run over `lines`."""
    if "\\" not in quoted and not has_hidden(quoted):
        return []
    found: list[tuple[int, str, str]] = []
    for match in _WRITTEN.finditer(quoted, 1, len(quoted) - 1):
        written = match.group()
        if len(written) == 2 and written[1] in "\r\n":
            continue  # a backslash ending a line: TL-P021 says it is no escape
        char = _ESCAPES.get(written[1], written[1]) if len(written) == 2 else written
        if is_hidden(char) and not (lines and char in "\t\n"):
            found.append((match.start(), written, char))
    return found


def _hidden_in_comments(comments: Iterable[Token], path: str) -> list[Diagnostic]:
    """TL-P025 for the first hidden character (`is_hidden`; a tab is fine) of each
    comment: a direction override or an invisible character in a comment can make the
    file read otherwise in an editor than it parses (the "Trojan Source" trick)."""
    found: list[Diagnostic] = []
    for token in comments:
        hidden = [(i, c) for i, c in enumerate(token.value) if c != "\t" and is_hidden(c)] \
            if has_hidden(token.value) else []
        if not hidden:
            continue
        offset, char = hidden[0]
        line, column = _offset_position(token, offset)
        name = unicodedata.name(char, "")
        found.append(Diagnostic(
            "TL-P025", f"this comment holds the invisible character U+{ord(char):04X}"
            + (f" ({name})" if name else ""), Span(path, line, column, line, column + 1),
            "delete it: an invisible or direction-changing character in a comment can make "
            "the file read otherwise in an editor than it does to trustlaw"))
    return found


def _line_end(source: str, line: int) -> str:
    """The characters that end `line` of `source` as it was written: LF, CR or CR LF."""
    ends = re.finditer(r"\r\n?|\n", source)
    return next((m.group() for n, m in enumerate(ends, start=1) if n == line), "\n")


def _offset_position(token: Token, offset: int) -> tuple[int, int]:
    """Line and column of character `offset` inside a (possibly multi-line) token."""
    text = token.value[:offset]
    line = (token.line or 1) + text.count("\n")
    start = (token.column or 1) if "\n" not in text else 1
    column = start + len(text) - (text.rfind("\n") + 1)
    return line, column


def _written_as_date(left: Any, op: str, right: Any) -> bool:
    """Whether `left op right` is whole numbers written like a date with no spaces
    (`10000-01-01`, `2014-1-1`): a year of four or more digits, a month and day of one or
    two. The lexer reads only four-digit years with two-digit months and days as dates,
    so the rest would otherwise be reported as a subtraction."""
    if not (op == "-" and isinstance(left, s.Arith) and left.op == "-"):
        return False
    parts = (left.left, left.right, right)
    spans = [p.span for p in parts if isinstance(p, s.IntLit) and p.span is not None]
    if len(spans) != len(parts):
        return False
    widths = [sp.end_column - sp.column for sp in spans]
    return (len({sp.line for sp in spans} | {sp.end_line for sp in spans}) == 1
            and all(a.end_column + 1 == b.column for a, b in itertools.pairwise(spans))
            and widths[0] >= 4 and all(1 <= w <= 2 for w in widths[1:]))


# ---- tree → syntax nodes ---------------------------------------------------------------

_UNITS = {"year": "years", "years": "years", "month": "months", "months": "months",
          "day": "days", "days": "days"}


class _Builder(Transformer_NonRecursive):
    """Turns Lark's parse tree into `syntax` nodes, collecting decoding problems."""

    def __init__(self, path: str, source: str) -> None:
        super().__init__(visit_tokens=False)
        self._file = path
        self._source = source  # as written: its line ends name a line break in a string
        self.diagnostics: list[Diagnostic] = []

    def __default__(self, data: str, children: list[Any], meta: Meta) -> Any:
        handler: Callable[[list[Any], Span | None], Any] = getattr(self, "r_" + data)
        return handler(children, meta_span(meta, self._file))

    # -- tokens

    def _span(self, token: Token) -> Span:
        return token_span(token, self._file)

    def _written(self, span: Span) -> str:
        """The source text of a one-line `span`."""
        lines = re.split(r"\r\n?|\n", self._source)  # the line ends Lark counts, no others
        return lines[span.line - 1][span.column - 1:span.end_column - 1]

    def _string(self, token: Token, lines: bool = False, fold: bool = False) -> str:
        """A STRING token's text. One that may run over several `lines` (a ``text``, a
        value) may hold line breaks and tabs; a title, a citation, a name or an id is
        shown on one line, where a line break could make up a line of output. With
        `fold` (a ``text``), each line break written in the file reads as one space, as
        line breaks and indentation do everywhere else in a statute file."""
        text, bad = decode_string(token.value)
        if fold and ("\n" in token.value or "\r" in token.value):
            text = decode_string(_LAYOUT_BREAK.sub(" ", token.value))[0]
        for offset, char in bad:
            line, column = _offset_position(token, offset)
            shown = char if char.isprintable() and not char.isspace() else repr(char)[1:-1]
            what = ("a backslash at the end of a line is not an escape" if char in "\r\n"
                    else f"`\\{shown}` is not an escape a quoted string may contain")
            self.diagnostics.append(Diagnostic(
                "TL-P021", what,
                Span(self._file, line, column, line, column + 2),
                'write `\\"` for a quote, `\\\\` for a backslash, `\\n` for a new line '
                "or `\\t` for a tab",
            ))
        for offset, written, char in _hidden_characters(token.value, lines):
            line, column = _offset_position(token, offset)
            span = Span(self._file, line, column, line, column + len(written))
            self.diagnostics.append(self._hidden(char, written, line, span))
        return text

    def _hidden(self, char: str, written: str, line: int, span: Span) -> Diagnostic:
        """TL-P025 for a hidden character in a string, named as the file writes it."""
        if char in "\t\n":
            what = "a line break" if char == "\n" else "a tab"
            if written == "\n":  # a line break in the file: LF, CR or CR LF
                written = _line_end(self._source, line)
            shown = f"`{written}`" if written.startswith("\\") else " ".join(
                f"U+{ord(c):04X}" for c in written)
            return Diagnostic(
                "TL-P025", f"this string holds {what} ({shown}), and a title, a citation, a "
                "name or an id is one line", span,
                "delete it: such a string is shown on one line of output, where a line break "
                "could make up a line (only a `text` may run over several lines)")
        name = unicodedata.name(char, "")
        return Diagnostic(
            "TL-P025",
            f"this string holds the invisible character U+{ord(char):04X}"
            + (f" ({name})" if name else ""),
            span, "delete it: a statute's strings are shown on terminals and web pages, where "
            "an invisible or control character could hide or rewrite text")

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
        return s.Doc("text", self._string(c[0], lines=True, fold=True), span=span)

    def r_doc_verification(self, c: list[Any], span: Span | None) -> s.Doc:
        return s.Doc("verification", str(c[0]), span=span)

    def r_doc_editorial(self, c: list[Any], span: Span | None) -> s.Doc:
        return s.Doc("editorial", "", span=span)

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
        days = c[:-1]
        return s.Excluding(tuple(str(t) for t in days), c[-1], span=span,
                           day_spans=tuple(self._span(t) for t in days))

    def r_counting(self, c: list[Any], span: Span | None) -> str:
        return str(c[0])

    def r_applies(self, c: list[Any], span: Span | None) -> s.Applies:
        return s.Applies(c[0], span=span)

    def r_binds(self, c: list[Any], span: Span | None) -> s.Binds:
        return s.Binds(c[0], span=span)

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
        return s.JsonScalar(self._string(c[0], lines=True), span=span)

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
        return s.NoteAbout(tuple(str(t) for t in c), False, span=span,
                           target_spans=tuple(self._span(t) for t in c))

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
        return s.FieldDecl(str(c[0]), c[1], text, c[3], span=span)

    def r_reads(self, c: list[Any], span: Span | None) -> tuple[str, str]:
        # one line each too, but the vocabulary says so, of both phrases (TL-S020)
        return self._string(c[0], lines=True), self._string(c[1], lines=True)

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

    def r_arith(self, c: list[Any], span: Span | None) -> s.Expr:
        if span is not None and _written_as_date(c[0], str(c[1]), c[2]):
            self.diagnostics.append(Diagnostic(
                "TL-P023", f"{self._written(span)} is not a date on the calendar", span,
                "write a date as year-month-day with a four-digit year (0001 to 9999) and a "
                "two-digit month and day, e.g. 2014-01-01",
            ))
            return s.DateLit(_dt.date(1, 1, 1), span=span)
        return s.Arith(str(c[1]), c[0], c[2], span=span)

    def r_int_lit(self, c: list[Any], span: Span | None) -> s.IntLit:
        return s.IntLit(self._int(c[0]), span=span)

    def r_date_lit(self, c: list[Any], span: Span | None) -> s.DateLit:
        return s.DateLit(self._date(c[0]), span=span)

    def r_string_lit(self, c: list[Any], span: Span | None) -> s.StringLit:
        return s.StringLit(self._string(c[0], lines=True), span=span)

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
