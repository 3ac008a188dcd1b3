"""Headless Chromium driven through the DevTools protocol over a pipe, for the browser tests.

Debian's `chromium` with ``--remote-debugging-pipe``: nothing beyond the standard library.
Every host but the loopback test server is unreachable, so a page that loads anything from
the network fails the test.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """Headless Chromium driven through the DevTools protocol on fds 3 and 4."""

    def __init__(self) -> None:
        assert CHROMIUM is not None
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def wire_pipes() -> None:
            # by way of descriptors above 4, so that a pipe that is itself fd 3 or 4 (a
            # script with no other files open) is neither overwritten nor left close-on-exec
            high_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", f"--user-data-dir={self._profile.name}",
                # Offline: every host but the loopback test server is unreachable.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-pipe", "about:blank",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes, close_fds=False,  # fds 3 and 4 must survive
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._targets: list[str] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply["error"]
                return reply.get("result", {})
            self.events.append(reply)

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 16)
            assert chunk, "chromium closed the DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str, width: int = 1280, height: int = 900) -> str:
        """A new tab showing `url` (earlier tabs are closed); returns its session."""
        for earlier in self._targets:
            self.send("Target.closeTarget", targetId=earlier)
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._targets = [target]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        self.send("Runtime.enable", session)
        self.send("Page.navigate", session, url=url)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session, expression=expression,
                           returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, session: str, expression: str, timeout: float = 180) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(session, expression)
            if value:
                return value
            time.sleep(0.25)
        state = self.evaluate(session, "document.body && document.body.innerText")
        raise AssertionError(f"timed out waiting for {expression}; the page says:\n{state}")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        os.close(self._write)
        os.close(self._read)
        self._profile.cleanup()


#: the widths the site is read at, and when an mkdocs-material page has loaded
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
LOADED = "document.readyState === 'complete' && !!document.querySelector('.md-content')"


def open_page(browser: Chromium, url: str, width: str) -> str:
    """A session with the site page at `url` loaded at `width` ("desktop" or "phone")."""
    w, h = WIDTHS[width]
    session = browser.open(url, width=w, height=h)
    browser.wait_for(session, LOADED, timeout=60)
    return session


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site served on a free loopback port (never another address), for the
    browser tests; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

