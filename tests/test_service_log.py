"""The decision service's log when it cannot be used: a --log path that cannot be opened
is a usage error before the server starts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from cli_run import run


def _not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn.Server, "run",
                        lambda *args, **kwargs: pytest.fail("the server started"))


def _free_port() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def test_a_log_path_that_cannot_be_opened_is_a_usage_error_before_serving(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder as --log was `internal error: IsADirectoryError`."""
    _not_started(monkeypatch)
    code, _, err = run(capsys, "serve", "--port", _free_port(), "--log", str(tmp_path))
    assert code == 2
    assert f"error[TL-U005]: the decision log `{tmp_path}` cannot be opened for appending: " \
           "Is a directory" in err
    assert "give --log a file this user can append to" in err


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux /proc")
def test_a_file_that_takes_no_lines_is_a_usage_error_before_serving(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc/version was `internal error: OSError: [Errno 22]` (root may open it for
    writing, and then finds no end to append at; others may not open it)."""
    _not_started(monkeypatch)
    code, _, err = run(capsys, "serve", "--port", _free_port(), "--log", "/proc/version")
    assert code == 2
    assert "error[TL-U005]: the decision log `/proc/version` cannot be opened for " \
           "appending: " in err
