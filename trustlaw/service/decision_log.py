"""Decisions served → an append-only JSON-lines audit log (the case only when asked)."""

from __future__ import annotations

import datetime as _dt
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

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
    the trustlaw version, the case id (or null) and the outcomes; with `with_cases`, the
    case as received too. Lines are written whole and flushed, one writer at a time."""

    def __init__(self, path: Path, version: str, with_cases: bool = False) -> None:
        self.path = path
        self.version = version
        self.with_cases = with_cases
        self._lock = threading.Lock()
        # A new log is readable by its owner only: case ids and outcomes (and with
        # `with_cases` the cases) are personal data. An existing file keeps its mode.
        try:  # a folder, or a file with no end to append at (/proc/version), is refused
            self._stream: IO[str] | None = open(  # noqa: SIM115 (closed by close())
                path, "a", encoding="utf-8",
                opener=lambda name, flags: os.open(name, flags, 0o600))
        except OSError as error:
            raise LogUnusable(path, "opened for appending", error) from None

    def record(
        self, endpoint: str, decision: Mapping[str, Any], case: Mapping[str, Any]
    ) -> None:
        """Append the line for one decision (`decision` is `Decision.to_dict()`)."""
        line: dict[str, Any] = {
            "time": _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds"),
            "endpoint": endpoint,
            "statute": decision.get("statute"),
            "digest": decision.get("digest"),
            "trustlaw": decision.get("trustlaw", self.version),
            "case_id": case_id(decision, case),
            "outcomes": decision.get("outcomes"),
        }
        if self.with_cases:
            line["case"] = case
        text = json_text(line, separators=(",", ":")) + "\n"
        with self._lock:
            if self._stream is not None:
                self._stream.write(text)
                self._stream.flush()

    def close(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None


def case_id(decision: Mapping[str, Any], case: Mapping[str, Any]) -> str | None:
    """The caller's id of the case: the decision's `case_id` where decisions carry it
    (CASES.md 3a), else the case's own `id` when it is a string."""
    found = decision.get("case_id")
    if isinstance(found, str):
        return found
    own = case.get("id")
    return own if isinstance(own, str) else None
