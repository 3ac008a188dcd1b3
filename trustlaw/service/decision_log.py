"""Decisions served → an append-only JSON-lines audit log (the case only when asked)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import stat
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..diagnostics import json_text

__all__ = ["DecisionLog", "LogUnusable", "case_id"]


class LogUnusable(OSError):
    """The decision log cannot be opened, or a line cannot be written to it (a full disk,
    a directory, a file that takes no writing): the operator's to fix, not a bug."""

    def __init__(self, path: Path, doing: str, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(error.errno, f"the decision log `{path}` cannot be {doing}: {reason}")
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return str(self.strerror)


class DecisionLog:
    """One line per decision: the time (UTC), the endpoint, the statute id and digest,
    the trustlaw version, the case id (or null), the outcomes, the longest hold and the
    codes of the decision's warnings; with `with_cases`, the
    case as received too. Lines are written whole, one writer at a time, straight to the
    file (no buffer to lose); a write that fails is taken back and raises `LogUnusable`."""

    def __init__(self, path: Path, version: str, with_cases: bool = False) -> None:
        self.path = path
        self.version = version
        self.with_cases = with_cases
        self._lock = threading.RLock()  # record_all holds it over records
        try:
            self._fd: int | None = _open_for_appending(path)
        except OSError as error:
            raise LogUnusable(path, "opened for appending", error) from None
        try:  # a file whose end cannot be found (/proc/version) takes no lines either
            if stat.S_ISREG(os.fstat(self._fd).st_mode):
                os.lseek(self._fd, 0, os.SEEK_END)
        except OSError as error:
            os.close(self._fd)
            raise LogUnusable(path, "opened for appending", error) from None

    def record(
        self, endpoint: str, decision: Mapping[str, Any], case: Mapping[str, Any]
    ) -> None:
        """Append the line for one decision (`decision` is `Decision.to_dict()`);
        `LogUnusable` when it cannot be written, with no part of it left in the log."""
        data = self._line(endpoint, decision, case).encode("utf-8")
        with self._lock:
            if self._fd is None:
                return
            start = self._end()
            try:
                self._append(data)
            except OSError as error:
                self._take_back(start)
                raise LogUnusable(self.path, "written", error) from None

    def record_all(
        self, entries: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]]
    ) -> None:
        """Append the lines of one answer's decisions, one writer at a time; when one
        cannot be written (`LogUnusable`), the answer's lines written before it are taken
        back too, so the log holds all of an answer's decisions or none."""
        with self._lock:
            start = self._end()
            try:
                for entry in entries:
                    self.record(*entry)
            except LogUnusable:
                self._take_back(start)
                raise

    def probe(self) -> bool:
        """True when a line can be written now, tried with a newline that is cut off again
        (`LogUnusable` when it cannot): a failing log's health check, since a node out of
        rotation gets no decision whose line would show the log healed. False, writing
        nothing, for a log that is not a regular file (a pipe, a device), where nothing
        written could be taken back."""
        with self._lock:
            try:
                regular = self._fd is not None and stat.S_ISREG(os.fstat(self._fd).st_mode)
            except OSError:
                regular = False
            start = self._end() if regular else None
            if start is None:
                return False
            try:
                self._append(b"\n")
            except OSError as error:
                raise LogUnusable(self.path, "written", error) from None
            finally:
                self._take_back(start)
            return True

    def _append(self, data: bytes) -> None:
        """Write all of `data` at the log's end (the caller holds the lock); OSError when
        the system refuses, perhaps after part of it is written."""
        fd = self._fd
        if fd is None:
            raise OSError(errno.EBADF, "the log is closed")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]

    def _end(self) -> int | None:
        """Where the log ends now (None for a device or a pipe: nothing can be taken
        back there)."""
        if self._fd is None:
            return None
        try:
            return os.lseek(self._fd, 0, os.SEEK_END)
        except OSError:
            return None

    def _take_back(self, start: int | None) -> None:
        """Cut the log back to `start`, where it ended before a failed write."""
        if start is not None and self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)

    def _line(self, endpoint: str, decision: Mapping[str, Any],
              case: Mapping[str, Any]) -> str:
        line: dict[str, Any] = {
            "time": _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds"),
            "endpoint": endpoint,
            "statute": decision.get("statute"),
            "digest": decision.get("digest"),
            "trustlaw": decision.get("trustlaw", self.version),
            "case_id": case_id(decision, case),
            "outcomes": decision.get("outcomes"),
            # the time limit given and what the decision warned of: an audit of a hold
            # asks how long it might last and on what the answer rested
            "max_hold": decision.get("max_hold"),
            "warnings": [w.get("code") for w in decision.get("warnings") or ()],
        }
        if self.with_cases:
            line["case"] = case
        return json_text(line, separators=(",", ":")) + "\n"

    def close(self) -> None:
        """Close the log; `LogUnusable` when the system reports a failure closing it."""
        with self._lock:
            fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError as error:
                raise LogUnusable(self.path, "closed", error) from None


def _open_for_appending(path: Path) -> int:
    """The log's descriptor, opened without waiting: opening a named pipe for writing
    otherwise waits for a reader, and `serve` hung at start-up, silent. A pipe a program
    already reads (a log shipper's, /dev/stdout in a container) is a log as an operator
    means it, so it is not refused; one no program reads is an error saying so, and the
    operator starts the reader first. Writes then wait as before (a full pipe is no
    failure). A new file is readable by its owner only: case ids and outcomes (and with
    `with_cases` the cases) are personal data; an existing file keeps its mode."""
    waits_not = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | waits_not, 0o600)
    except OSError as error:
        if error.errno == errno.ENXIO and _is_fifo(path):
            raise OSError(error.errno, "it is a named pipe that no program is reading; "
                          "start its reader first") from None
        raise
    if waits_not:
        try:
            os.set_blocking(fd, True)
        except OSError:
            os.close(fd)
            raise
    return fd


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def case_id(decision: Mapping[str, Any], case: Mapping[str, Any]) -> str | None:
    """The caller's id of the case: the decision's `case_id` where decisions carry it
    (CASES.md 3a), else the case's own `id` when it is a string."""
    found = decision.get("case_id")
    if isinstance(found, str):
        return found
    own = case.get("id")
    return own if isinstance(own, str) else None
