"""Cases piped in: ``--cases -`` (standard input) or ``--cases <(zcat cases.jsonl.gz)``.

A pipe can be read once, its name (``/dev/fd/63``) says nothing of its format, and a
Parquet file is read from its end. So the cases piped in are copied once to a temporary
file named by what their first bytes show (`contents.piped_format`), read from there as
any case file is, and the copy is removed afterwards. A named pipe whose name gives a
text format (``mkfifo cases.jsonl``) is read as it comes, without a copy.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..diagnostics import Diagnostic, UsageError, shown_name
from .contents import piped_format

__all__ = ["STANDARD_INPUT", "is_pipe", "readable_cases"]

STANDARD_INPUT = "-"
_STREAMED = frozenset({".jsonl", ".ndjson", ".json", ".csv"})  # read as they come
_SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet"}
_START = 4096
_CHUNK = 1 << 20


@contextlib.contextmanager
def readable_cases(name: str) -> Iterator[str]:
    """The path to read the cases `name` gives from: `name` itself for a file (or a named
    pipe named as text), else a temporary copy of what standard input or the pipe holds,
    named by its format and removed when the block ends."""
    if name != STANDARD_INPUT and not _unnamed_pipe(name):
        yield name
        return
    shown = "standard input" if name == STANDARD_INPUT else f"the pipe `{shown_name(name)}`"
    with _opened(name, shown) as source, \
            tempfile.TemporaryDirectory(prefix="trustlaw-cases-") as folder:
        start = _read_start(source)
        fmt, what, help_text = piped_format(start)
        if fmt is None:
            raise UsageError([Diagnostic(
                "TL-U011", f"the cases on {shown} are {what}, not cases", None, help_text)])
        # named for where the cases came from: warnings about the file's columns name it
        source_name = ("standard-input" if name == STANDARD_INPUT
                       else f"pipe-{Path(name).name}")
        path = Path(folder) / f"{source_name}{_SUFFIX[fmt]}"
        with open(path, "wb") as copy:
            copy.write(start)
            shutil.copyfileobj(source, copy, _CHUNK)
        yield str(path)


def is_pipe(name: str) -> bool:
    """Whether `name` is a pipe or a terminal rather than a file (``<(…)`` gives
    ``/dev/fd/63``): it can be read once only. False for a missing file (the reader says
    so)."""
    try:
        mode = os.stat(name).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _unnamed_pipe(name: str) -> bool:
    """Whether `name` is a pipe whose name gives no text format to read it by as it comes
    (``/dev/fd/63``, or a FIFO named ``cases.parquet``)."""
    return is_pipe(name) and Path(name).suffix.lower() not in _STREAMED


@contextlib.contextmanager
def _opened(name: str, shown: str) -> Iterator[IO[bytes]]:
    """Standard input or the pipe `name`, as bytes; a terminal is refused (cases are piped
    in, never typed), as is a pipe the OS will not open."""
    if name == STANDARD_INPUT:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError([Diagnostic(
                "TL-U011", "no cases are piped in: standard input is a terminal", None,
                "pipe them in (`zcat cases.jsonl.gz | trustlaw batch ID --cases - --out "
                "rows.parquet`) or name a .jsonl, .csv or .parquet file")])
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text stream that is not a file (an embedding program's)
            import io

            yield io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
            return
        yield buffer
        return
    try:
        stream = open(name, "rb")  # noqa: SIM115 (closed below, after the copy)
    except OSError as error:
        raise UsageError([Diagnostic(
            "TL-U005", f"{shown} could not be read: {error.strerror or error}", None,
            "check that the command feeding it runs")]) from None
    with stream:
        yield stream


def _read_start(source: IO[bytes]) -> bytes:
    """The first bytes of `source` (a pipe may give fewer than asked at a time)."""
    parts: list[bytes] = []
    size = 0
    while size < _START:
        part = source.read(_START - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)
