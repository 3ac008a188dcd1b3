"""Run the `trustlaw` command in-process, as the CLI tests do: its exit status and what
it printed, with no traceback or internal error allowed in either stream."""

from __future__ import annotations

import io
import sys

import pytest

from trustlaw import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    """`trustlaw ARGV…` (stdin given through `monkeypatch`): (exit status, stdout, stderr)."""
    if stdin is not None:
        assert monkeypatch is not None, "stdin needs the test's monkeypatch"
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in out + err
    return code, out, err
