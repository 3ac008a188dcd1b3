"""The decision service's log when it cannot be used: a --log path that cannot be opened
is a usage error before the server starts, and a log that fails later (a full disk) is a
JSON 503 `log_unwritable`, never a 500 or a traceback; nothing is answered unlogged."""

from __future__ import annotations

import errno
import logging
import os
import socket
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2, and says so on import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from cli_run import run

import trustlaw
from trustlaw.service import ServiceConfig, create_app
from trustlaw.service.decision_log import DecisionLog

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

CT = "ct/pa-13-155"
CASE: dict[str, Any] = {"date": "2015-03-02", "agency": "state_corrections"}


def _failing_after(monkeypatch: pytest.MonkeyPatch, written: int) -> dict[str, bool]:
    """Make the log's writes fail (ENOSPC) after `written` lines while `state["full"]`:
    a decision's line and /health's probe of a failing log alike."""
    real = DecisionLog._append
    count = {"lines": 0}
    state = {"full": True}

    def append(self: DecisionLog, data: bytes) -> None:
        if state["full"] and count["lines"] >= written:
            raise OSError(errno.ENOSPC, "No space left")
        count["lines"] += 1
        real(self, data)

    monkeypatch.setattr(DecisionLog, "_append", append)
    return state


def test_a_log_that_cannot_be_written_is_503_and_the_decision_is_not_answered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """A full disk is the operator's to fix, not a bug (it was a 500 "this is a bug in
    trustlaw" with a traceback): the caller gets JSON saying the log cannot be written,
    the log keeps none of the request's lines, and stderr says so once until it heals."""
    log = tmp_path / "decisions.jsonl"
    state = _failing_after(monkeypatch, written=1)  # the list's second line fails
    with caplog.at_level(logging.WARNING, "trustlaw.service"), \
            TestClient(create_app(ServiceConfig(preload=False, log_path=log))) as client:
        for _ in range(2):
            answer = client.post(f"/v1/decide/{CT}", json=[CASE, CASE])
            assert answer.status_code == 503
            body = answer.json()
            assert body["error"] == "log_unwritable" and body["diagnostics"] == []
            assert body["message"].startswith(
                "the decision log cannot be written (No space left), and the service "
                "answers no decision it does not log")
            assert "outcomes" not in answer.text
        assert log.read_text() == ""  # the first line, written, was taken back
        explained = client.post(f"/v1/explain/{CT}", json=CASE)
        assert explained.status_code == 503 and explained.json()["error"] == "log_unwritable"
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["decision_log"] == "failing"
        state["full"] = False
        assert client.post(f"/v1/decide/{CT}", json=CASE).status_code == 200
        assert client.get("/health").json()["decision_log"] == "written"
    messages = [r.getMessage() for r in caplog.records if r.name == "trustlaw.service"]
    assert messages == [
        f"trustlaw serve: the decision log `{log}` cannot be written: No space left; "
        "decide and explain answer 503 until it can be",
        f"trustlaw serve: the decision log `{log}` is written again"]
    assert not any(r.exc_info for r in caplog.records)
    assert len(log.read_text().splitlines()) == 1


def test_health_is_503_while_the_log_fails_and_200_once_it_is_written_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """A load balancer kept sending decisions to a node that refused them all (/health
    was 200 with "failing"). Taken out of rotation, the node gets no decision whose line
    would show the log healed, so /health tries the log itself and leaves no trace."""
    log = tmp_path / "decisions.jsonl"
    state = _failing_after(monkeypatch, written=0)
    with caplog.at_level(logging.WARNING, "trustlaw.service"), \
            TestClient(create_app(ServiceConfig(preload=False, log_path=log))) as client:
        up = client.get("/health")
        assert up.status_code == 200 and up.json()["decision_log"] == "written"
        assert client.post(f"/v1/decide/{CT}", json=CASE).status_code == 503
        for _ in range(2):  # still full: still 503, with the same fields saying why
            down = client.get("/health")
            assert down.status_code == 503
            assert down.headers["content-type"] == "application/json"
            assert set(down.json()) == set(up.json())
            assert down.json()["decision_log"] == "failing"
            assert down.json()["status"] == "unavailable"
        described = client.get("/v1/openapi.json").json()["paths"]["/health"]["get"]
        schema = described["responses"]["503"]["content"]["application/json"]["schema"]
        assert set(down.json()) == set(schema["required"])
        assert schema["properties"]["decision_log"]["const"] == "failing"
        state["full"] = False  # no decision is sent: the health check alone sees it heal
        healed = client.get("/health")
        assert healed.status_code == 200 and healed.json() == up.json()
        assert log.read_text() == ""  # the probe took its line back
        assert client.post(f"/v1/decide/{CT}", json=CASE).status_code == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "trustlaw.service"]
    assert messages == [
        f"trustlaw serve: the decision log `{log}` cannot be written: No space left; "
        "decide and explain answer 503 until it can be",
        f"trustlaw serve: the decision log `{log}` is written again"]
    assert len(log.read_text().splitlines()) == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_as_the_log_answers_503_and_closes_quietly(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), \
            TestClient(create_app(ServiceConfig(preload=False, log_path=Path("/dev/full")))
                       ) as client:
        answer = client.post(f"/v1/decide/{CT}", json=CASE)
        assert answer.status_code == 503 and answer.json()["error"] == "log_unwritable"
        assert "No space left on device" in answer.json()["message"]
        assert client.get("/health").status_code == 503  # a device is not probed
    # stopping closed the log without an error ("Application shutdown failed" before)
    assert not any(r.exc_info for r in caplog.records)
    assert [r.levelno for r in caplog.records] == [logging.ERROR]


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


@pytest.mark.parametrize("more", [[], ["--log-cases"]])
def test_an_empty_log_path_is_refused_not_read_as_no_log(
        more: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`--log "$LOGFILE"` with the variable unset served with no decision log at all,
    silently (and `--log-cases` passed its check)."""
    _not_started(monkeypatch)
    code, _, err = run(capsys, "serve", "--port", _free_port(), "--log", "", *more)
    assert code == 2
    assert "error[TL-U005]: an empty path names no file or folder" in err


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


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_no_program_reads_is_a_usage_error_not_a_hang(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a FIFO for writing waits for a reader: `serve --log FIFO` hung at start-up,
    before it listened or said anything. Run in a thread so that a hang fails the test
    (a reader is then opened to free the thread)."""
    _not_started(monkeypatch)
    fifo = tmp_path / "decisions.fifo"
    os.mkfifo(fifo)
    answer: list[tuple[int, str, str]] = []
    serving = threading.Thread(target=lambda: answer.append(run(
        capsys, "serve", "--port", _free_port(), "--log", str(fifo))), daemon=True)
    serving.start()
    serving.join(timeout=20)
    if serving.is_alive():
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # lets the open go on
        serving.join(timeout=20)
        pytest.fail("serve --log FIFO waited for a reader")
    [(code, _, err)] = answer
    assert code == 2
    assert f"error[TL-U005]: the decision log `{fifo}` cannot be opened for appending: " \
           "it is a named pipe that no program is reading" in err
    assert "help: start the program that reads the pipe" in err  # not "give a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_a_program_reads_takes_the_lines(tmp_path: Path) -> None:
    """A pipe with its reader already there (a log shipper's FIFO, /dev/stdout in a
    container) is a log like any other, written in blocking mode."""
    fifo = tmp_path / "decisions.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with TestClient(create_app(ServiceConfig(preload=False, log_path=fifo))) as client:
            assert client.post(f"/v1/decide/{CT}", json=CASE).status_code == 200
            assert client.get("/health").json()["decision_log"] == "written"
        line = os.read(reader, 65536).decode()
        log = DecisionLog(fifo, trustlaw.__version__)
        assert os.get_blocking(log._fd)  # type: ignore[arg-type]  # a full pipe waits
        log.close()
    finally:
        os.close(reader)
    assert line.count("\n") == 1 and '"endpoint":"decide"' in line


def test_a_log_written_fine_is_unchanged(tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    with TestClient(create_app(ServiceConfig(preload=False, log_path=log))) as client:
        assert client.post(f"/v1/decide/{CT}", json=[CASE, CASE]).status_code == 200
    assert len(log.read_text().splitlines()) == 2
    assert trustlaw.__version__ in log.read_text()


def test_the_health_probe_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    """/health's try of a failing log writes a newline and cuts it off again."""
    path = tmp_path / "decisions.jsonl"
    path.write_text('{"endpoint":"decide"}\n')
    log = DecisionLog(path, trustlaw.__version__)
    try:
        assert log.probe() is True
        assert path.read_text() == '{"endpoint":"decide"}\n'
    finally:
        log.close()
    assert log.probe() is False  # closed: nothing is tried
