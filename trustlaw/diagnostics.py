"""Located, coded diagnostics and the one error type trustlaw raises for bad input.

Every problem in a statute file or a case becomes a `Diagnostic`: a stable code a
lawyer can quote (``TL-N001``), one plain sentence, the place (file:line:column),
and a help line. They are collected, sorted and rendered together (OPA's compiler).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

Severity = Literal["error", "warning"]


@attrs.frozen(order=True)
class Span:
    """A place in a source file: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{escaped(self.file)}:{self.line}:{self.column}"


def span_field() -> Span | None:
    """An attrs field for a node's source position, left out of equality and repr."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Diagnostic:
    """One problem, with a stable code, a plain sentence and help on what to do."""

    code: str
    message: str
    span: Span | None = None
    help: str | None = None
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.file, self.span.line, self.span.column, self.code)

    def render(self, sources: Mapping[str, str] | None = None) -> str:
        """Render as text: the message, the location, the quoted line with a caret, help."""
        lines = [f"{self.severity}[{self.code}]: {escaped(self.message)}"]
        if self.span is not None:
            lines.append(f"  --> {self.span}")
            text = _source_text(self.span.file, sources)
            if text is not None:
                source_lines = text.split("\n")  # as the lexer counts lines: "\n" only
                if 1 <= self.span.line <= len(source_lines):
                    line = source_lines[self.span.line - 1].removesuffix("\r")
                    quoted = visible(line.expandtabs(4))
                    number = str(self.span.line)
                    pad = " " * len(number)
                    # columns count a tab as one character; the quoted line shows it as
                    # up to 4 spaces, so the caret is placed by the expanded prefix
                    start = len(line[:self.span.column - 1].expandtabs(4)) + 1
                    if self.span.end_line == self.span.line:
                        end = len(line[:self.span.end_column - 1].expandtabs(4)) + 1
                        width = max(1, end - start)
                    else:
                        width = max(1, len(quoted) - start + 1)
                    quoted, column, width = _clip(quoted, start, width)
                    lines.append(f"{pad} |")
                    lines.append(f"{number} | {quoted}")
                    lines.append(f"{pad} | {' ' * (column - 1)}{'^' * width}")
        if self.help:
            lines.append(f"  = help: {escaped(self.help)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "help": self.help,
        }
        if self.span is not None:
            out.update(
                file=self.span.file,
                line=self.span.line,
                column=self.span.column,
                end_line=self.span.end_line,
                end_column=self.span.end_column,
            )
        return out


# Bidirectional controls (Unicode's Bidi_Control): marks, embeddings, overrides and
# isolates; they reorder the text a reader sees.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")

# Characters shown as nothing: zero-width spaces and joiners, the word joiner and the
# invisible operators, the byte-order mark, the Mongolian vowel separator, the
# interlinear annotation marks, the soft hyphen, the combining grapheme joiner, the
# Hangul fillers, the deprecated format characters (U+206A–206F), the shorthand format
# controls and the musical formatting controls (Unicode's Default_Ignorable_Code_Point
# but the variation selectors, which choose how the character before them looks, as in
# an emoji). Text holding them is not the text a reader sees: two ids that look alike
# may differ.
_INVISIBLE_RANGES = ((0x200B, 0x200D), (0x2060, 0x2064), (0x206A, 0x206F),
                     (0xFFF9, 0xFFFB), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A))
INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u180e\u3164\uffa0\ufeff"
    + "".join(chr(c) for low, high in _INVISIBLE_RANGES for c in range(low, high + 1)))

# The line and paragraph separators: a new line to some terminals and editors.
LINE_SEPARATORS = frozenset("\u2028\u2029")


def is_hidden(char: str) -> bool:
    """Whether `char` is a control a terminal acts on instead of showing, or a character
    it shows as nothing: a C0 or C1 control character (tab and line feed included), a
    bidirectional control, an invisible character (`INVISIBLE`), a line or paragraph
    separator, a tag character (U+E0000–U+E007F); or a lone surrogate (a file name's
    undecodable byte, JSON's ``"\\ud800"``), which no UTF-8 output can hold."""
    code = ord(char)
    return (code < 0x20 or 0x7F <= code < 0xA0 or char in BIDI_CONTROLS
            or char in INVISIBLE or char in LINE_SEPARATORS
            or 0xD800 <= code < 0xE000 or 0xE0000 <= code < 0xE0080)


# The characters `is_hidden` names, as one pattern: a message is searched in C, not
# character by character (a batch of bad cases renders one message per case).
_NOT_C0 = ("\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f"
           "\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ud800-\udfff"
           "\ufeff\uffa0\ufff9-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
           "\U000e0000-\U000e007f")
_HIDDEN = re.compile(f"[\x00-\x1f{_NOT_C0}]")
# The same but for the tab and the line feed, which text laid out on lines may hold.
HIDDEN_BUT_LAYOUT = re.compile(f"[\x00-\x08\x0b-\x1f{_NOT_C0}]")
# The same but for the line feed, which JSON text holds only as layout (`json.dumps`
# writes one in a string as ``\\n``).
_HIDDEN_IN_JSON = re.compile(f"[\x00-\x09\x0b-\x1f{_NOT_C0}]")


# The hidden characters `str.isprintable` counts as printable: the combining grapheme
# joiner and the Hangul fillers (tests/test_escaping_statute_strings.py checks the list).
PRINTABLE_HIDDEN = ("\u034f", "\u115f", "\u1160", "\u3164", "\uffa0")


def _surely_shown(text: str) -> bool:
    """True only when `text` holds no hidden character, found without the pattern:
    `isprintable` and a few searches run in C several times as fast as the pattern's
    character class (whose ranges past U+FFFF each cost a test per character), and
    nearly every text passes. False: look with the pattern."""
    return text.isprintable() and not any(char in text for char in PRINTABLE_HIDDEN)


def has_hidden(text: str) -> bool:
    """Whether `text` holds a character `is_hidden` names (one search, in C)."""
    return not _surely_shown(text) and _HIDDEN.search(text) is not None


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """`text` safe to print on a terminal, each hidden character (`is_hidden`) replaced by
    one visible character (its Unicode control picture, ␛ for ESC, or �), so that columns
    still line up."""
    return text if _surely_shown(text) else _HIDDEN.sub(_picture, text)


def _escape(match: re.Match[str]) -> str:
    return json.dumps(match.group())[1:-1]


def escaped(text: str) -> str:
    """`text` safe to print on a terminal, each hidden character (`is_hidden`) written as
    its JSON escape (``\\u001b``, ``\\n``), as a case value is shown: for file names,
    statute references and messages, where a visible backslash tells what was there."""
    return text if _surely_shown(text) else _HIDDEN.sub(_escape, text)


def json_escaped(text: str) -> str:
    """JSON text with each hidden character (`is_hidden`) written as its escape
    (``\\u202e``; a pair for U+E0041): the same JSON value, but nothing a terminal acts on.
    `json.dumps(…, ensure_ascii=False)` writes a C1 control or a bidi override as it is."""
    if "\n" not in text and _surely_shown(text):  # (a line feed is JSON's layout)
        return text
    return _HIDDEN_IN_JSON.sub(_escape, text)


def json_text(value: object, indent: int | None = None,
              separators: tuple[str, str] | None = None) -> str:
    """`value` as the JSON trustlaw shows or writes: characters as they are, not ASCII
    escapes, but each hidden one escaped (`json_escaped`)."""
    return json_escaped(json.dumps(value, indent=indent, separators=separators,
                                   ensure_ascii=False))


def encodable(text: str) -> str:
    """`text` with each lone surrogate (JSON's ``"\\ud800"`` makes them), which no UTF-8
    output can hold, written as its escape; everything else as it is (a file or a JSON
    answer needs no terminal escaping)."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def os_reason(error: BaseException) -> str:
    """What the OS said about a file it refused (``File name too long``)."""
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def shown_name(text: str, limit: int = 200) -> str:
    """A file name or statute reference from the input as a message quotes it: escaped,
    and cut after `limit` characters (a pasted document is not repeated in full)."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return escaped(cut)


_MOST_READ = 1_000_000  # characters read to quote a line: more than a statute may hold
_LONG_LINE = 2_000  # a longer quoted line (a pasted document) is cut around the place
_QUOTED = 120  # how much of it is shown


def _clip(line: str, column: int, width: int) -> tuple[str, int, int]:
    """The part of a very long `line` around `column` (cut ends marked "…"), with the
    column and the caret's width in it."""
    if len(line) <= _LONG_LINE:
        return line, column, width
    start = max(0, min(column - 1 - _QUOTED // 3, len(line) - _QUOTED))
    shown = line[start:start + _QUOTED]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + _QUOTED < len(line) else ""
    column = column - start + len(prefix)
    width = max(1, min(width, _QUOTED - (column - 1 - len(prefix))))
    return prefix + shown + suffix, column, width


def _source_text(file: str, sources: Mapping[str, str] | None) -> str | None:
    """The text to quote a line of: from `sources`, else read again from the file, but
    only a regular file (a FIFO would block, a device never end) and only as much as a
    statute file may hold (a huge file is reported as too long, not held in memory)."""
    if sources is not None and file in sources:
        return sources[file]
    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            return None
        # a byte that is not UTF-8 quoted as U+FFFD: TL-P098 points at it
        with open(file, encoding="utf-8", errors="replace") as handle:
            return handle.read(_MOST_READ)
    except (OSError, ValueError):  # unreadable: render without the quote
        return None


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line, column and code, dropping exact duplicates."""
    unique = {(d.code, d.message, d.span, d.severity): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


#: The most diagnostics one error message shows; the rest are counted, not written.
MAX_SHOWN = 20


def render_some(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, str] | None = None,
    limit: int = MAX_SHOWN,
) -> str:
    """The first `limit` diagnostics rendered, then how many more there are."""
    text = "\n\n".join(d.render(sources) for d in diagnostics[:limit])
    more = len(diagnostics) - limit
    if more > 0:
        text += f"\n\n… and {more:,} more problem{'' if more == 1 else 's'} not shown"
    return text


class TrustlawError(Exception):
    """Raised for bad input (a statute file or a case); carries the diagnostics (every
    one; its message shows the first `MAX_SHOWN`)."""

    def __init__(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str] | None = None):
        self.diagnostics = tuple(sort_diagnostics(diagnostics))
        self.sources = dict(sources or {})
        super().__init__(self.render())

    def render(self) -> str:
        return render_some(self.diagnostics, self.sources)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its diagnostics (an exception pickles its message alone), so that
        it crosses from a worker process (Spark's, a process pool's) as it was raised."""
        return type(self), (self.diagnostics, self.sources)


class StatuteError(TrustlawError):
    """A statute file that cannot be parsed, resolved or checked."""


class CaseError(TrustlawError, ValueError):
    """A case that does not match the vocabulary. Each diagnostic's message starts
    with the field path (``convictions[1].date: expected an ISO date, got "last year"``)."""

    @property
    def errors(self) -> list[str]:
        return [d.message for d in self.diagnostics]


class UsageError(TrustlawError):
    """A request the library cannot serve: an unknown statute id, a date before any law."""


class UsageTypeError(UsageError, TypeError):
    """A public function given an argument of the wrong type (``parse(b"…")``)."""


class UsageValueError(UsageError, ValueError):
    """A public function given an argument value it cannot take (``compare(bound=-1)``)."""


class CaseFileWarning(UserWarning):
    """What a case file's header tells before its rows are decided (a column the case
    format lacks, a fact a statute reads that the file has no column for), warned by
    `trustlaw.batch` in Python as ``trustlaw batch`` prints it on standard error."""


def wrong_type(where: str, expected: str, value: object) -> UsageTypeError:
    """The error for `value` given to `where` (``"load(on=…)"``) instead of `expected`."""
    return UsageTypeError([Diagnostic(
        "TL-U020", f"{where} takes {expected}, not {_type_name(value)}", None,
        "see the function's docstring (help(trustlaw)) for what it accepts",
    )])


def data_frame_given(where: str, expected: str, value: object) -> UsageTypeError | None:
    """The error for a table of cases given to `where` (``"decide_many(cases=…)"``) that
    takes `expected` case dicts, or None for anything else: a pandas or polars data frame,
    which iterates over its column names (pandas) or columns (polars), each of which
    would be read as a case, or a pyarrow Table or RecordBatch, which has no rows to
    iterate. `trustlaw.batch` and `impact` take each of them as it is
    (`trustlaw.caseload.in_memory`); the help says so."""
    kind = table_kind(value)
    if kind is None:
        return None
    library, name = kind
    if library == "pandas":
        rows = ('its rows as dicts, None where a fact is unknown (pandas\' NaN is a number, '
                'which a case refuses): `frame.astype(object).where(frame.notna(), None)'
                '.to_dict("records")`')
        iterates = ", which iterates over its column names"
    elif library == "polars":
        rows = "its rows as dicts: `frame.to_dicts()`"
        iterates = ", which iterates over its columns"
    else:
        rows = "its rows as dicts: `table.to_pylist()`"
        iterates = ""
    what = "table" if library == "pyarrow" else "frame"
    return UsageTypeError([Diagnostic(
        "TL-U020", f"{where} takes {expected}, not a {library} {name}{iterates}", None,
        f"give {rows}, or write the {what} to a file in the case layout (docs/batch.md) and "
        f"give its name (`trustlaw.batch` and `trustlaw.caseload.impact.impact` take the "
        f"{what} itself, in the Parquet case layout)",
    )])


#: The tables of cases a batch takes and other functions refuse: (library, class).
_TABLE_KINDS = frozenset({("pandas", "DataFrame"), ("polars", "DataFrame"),
                          ("polars", "LazyFrame"), ("pyarrow", "Table"),
                          ("pyarrow", "RecordBatch")})


def table_kind(value: object) -> tuple[str, str] | None:
    """(library, class name) of a pandas, polars or pyarrow table of cases, found by the
    value's classes without importing those libraries; None for anything else."""
    for cls in type(value).__mro__:
        kind = (cls.__module__.partition(".")[0], cls.__name__)
        if kind in _TABLE_KINDS:
            return kind
    return None


def bad_value(where: str, message: str, help: str | None = None) -> UsageValueError:
    """The error for a value of the right type that `where` cannot take."""
    return UsageValueError([Diagnostic("TL-U021", f"{where}: {message}", None, help)])


def _type_name(value: object) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    if name in ("bytes", "bytearray"):  # "not bytes", as one says it
        return name
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


# ---- optional packages ------------------------------------------------------------------

#: The extra of pyproject.toml that installs each optional package trustlaw imports (by
#: its import name). Every "not installed" message names its extra from here, so that the
#: advice is the same everywhere; tests/test_extras.py checks each third-party import of
#: trustlaw against this table and each entry against pyproject's extras.
EXTRA_OF_PACKAGE: Mapping[str, str] = {
    "z3": "smt",
    "duckdb": "sql", "sqlglot": "sql", "pyarrow": "sql", "numpy": "sql", "tqdm": "sql",
    "psycopg": "engines", "pyspark": "engines",
    "starlette": "serve", "uvicorn": "serve", "anyio": "serve",
    "mkdocs": "docs", "pymdownx": "docs", "pygments": "docs", "packaging": "docs",
    "pandas": "pandas", "polars": "polars",
    "hypothesis": "dev", "pytest": "dev",
}


def install_hint(extra: str) -> str:
    """How to install one of trustlaw's extras, worded once for every message: the pip
    command for an installed trustlaw first (pip keeps the installed trustlaw and adds the
    extra's packages), then the one for a clone of the repository."""
    return (f"install the `{extra}` extra: pip install 'trustlaw[{extra}]' "
            f"(in a clone: pip install -e '.[{extra}]')")


def missing_package(code: str, what: str, error: ImportError) -> Exception:
    """The usage error for `what` (``"the duckdb engine"``, ``"`trustlaw batch`"``)
    failing to import an optional package, naming the extra that installs it: raise it
    ``from None``. An import of a module no extra installs is no missing extra but a
    broken installation or a bug: `error` itself is returned, to be raised as it was."""
    package = (error.name or "").split(".")[0]
    extra = EXTRA_OF_PACKAGE.get(package)
    if extra is None:
        return error
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    problem = ("which is not installed" if isinstance(error, ModuleNotFoundError)
               else f"which could not be imported ({visible(first_line)})")
    return UsageError([Diagnostic(code, f"{what} needs {package}, {problem}", None,
                                  install_hint(extra))])
