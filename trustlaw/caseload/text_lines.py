"""A case file's lines, read safely: bytes that are not UTF-8 kept as escapes, a line
longer than any case skipped in pieces, and lines handed back to be read again.

Shared by the JSON-lines and CSV readers (`io`, `csv_cases`), so that one bad line is
that line's error and never stops a read, and a file of one endless line costs no
memory.
"""

from __future__ import annotations

import collections
import io
from pathlib import Path

from ..cases.limits import MAX_CASE_CHARS
from ..diagnostics import CaseError, Diagnostic, UsageError

__all__ = ["MAX_LINE", "TOO_LONG", "LineTooLong", "Lines", "json_error", "open_cases",
           "too_long"]

# A line longer than this many characters is longer than any case may be (limits.py): it
# is skipped, read in pieces, and reported, never held whole.
MAX_LINE = MAX_CASE_CHARS
_SKIP_PIECE = 1 << 20
# handed back in place of a line that was too long (`Lines.replay`): a string no line
# can be (it has no line end), compared by identity
TOO_LONG = "\x00too long\x00"


def open_cases(path: Path) -> io.TextIOWrapper:
    """The file as text. Bytes that are not UTF-8 are kept as escapes (surrogateescape)
    so that one bad line is reported as that line's error (`words.not_utf8`) instead of
    stopping the read; a byte-order mark is skipped."""
    try:
        return path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as error:
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` could not be read: {error.strerror or error}", None,
            "give a readable UTF-8 file of cases")]) from None


class LineTooLong(Exception):
    """Raised by `Lines` in place of a line longer than any case (already skipped)."""


class Lines:
    """The lines of a text stream, each at most `MAX_LINE` characters: a longer line is
    skipped in pieces (a file of one endless line costs no memory) and `LineTooLong`
    raised in its place. A class, not a generator, so that it goes on after raising
    (the csv reader pulls lines from it and lets the exception through)."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream = stream
        self.carried = ""  # a next line's first character, read to see past a "\r"
        # lines to give again before the stream's next (`_csv_records` hands back the
        # lines a stray quote took in), and the lines given since `taken` was emptied
        # (`TOO_LONG` there stands for a line found too long, raised again when reached)
        self.replay: collections.deque[str] = collections.deque()
        self.taken: list[str] = []
        # the number (from 1) of the line last given or found too long, as an editor
        # counts the file's lines: a CSV row's error says where the row starts
        self.number = 0

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        if self.replay:
            line = self.replay.popleft()
            self.number += 1
            if line is TOO_LONG:
                raise LineTooLong
            self.taken.append(line)
            return line
        # room for the longest case and a "\r\n" after it
        line = self._readline(MAX_LINE + 2)
        if not line:
            raise StopIteration
        self.number += 1
        ending = 2 if line.endswith("\r\n") else 1 if line.endswith(("\n", "\r")) else 0
        if len(line) - ending > MAX_LINE:
            while line and not line.endswith(("\n", "\r")):
                line = self._readline(_SKIP_PIECE)
            raise LineTooLong
        self.taken.append(line)
        return line

    def give_back(self, lines: list[str], *, long_line_next: bool = False) -> None:
        """Hand `lines`, the last ones given, back to be given again (and after them the
        over-long line found after them, if `long_line_next`), their numbers with them."""
        if long_line_next:
            self.replay.appendleft(TOO_LONG)
        self.replay.extendleft(reversed(lines))
        self.number -= len(lines) + long_line_next

    def _readline(self, limit: int) -> str:
        """A line as `readline(limit)` reads it, but never one that stops between "\r"
        and "\n" (a read cut at `limit` can): the "\n" would be a blank line of its own,
        shifting every later line's number."""
        first, self.carried = self.carried, ""
        line = first if first in ("\n", "\r") else first + self.stream.readline(limit - len(first))
        if line.endswith("\r"):
            after = self.stream.readline(1)
            if after == "\n":
                line += after
            else:
                self.carried = after
        return line


def too_long(where: str) -> str:
    return (f"{where} is longer than {MAX_LINE:,} characters, the most a case may have "
            "(see the limits in docs/cases.md)")


def json_error(where: str, error: CaseError) -> str:
    """A `read_case_json` refusal as a row's error, placed at `where` ("line 3")."""
    message = error.diagnostics[0].message
    if message.startswith("the line "):  # "the line is not valid JSON at column 5: …"
        return f"{where} {message.removeprefix('the line ')}"
    return f"{where}: {message}"
