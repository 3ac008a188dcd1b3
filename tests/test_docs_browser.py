"""The documentation site as a lawyer sees it: built, served on loopback, rendered by a
real browser (headless Chromium), with every statute reachable and readable.

CI installs Debian's `chromium` (see .ci/run); elsewhere this module is skipped with
the reason shown, since no other test can stand in for a real browser.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import trustlaw
from trustlaw import cli

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("material")
    work = tmp_path_factory.mktemp("site")
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "docs", work / "docs", ignore=shutil.ignore_patterns("laws", "schema"))
    site = work / "site"
    code = cli.main(["docs", "build", "--config", str(work / "mkdocs.yml"), "--out", str(site)])
    assert code == 0
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def render(url: str) -> str:
    """The DOM after the page's scripts ran, as headless Chromium leaves it."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                "--virtual-time-budget=3000", "--dump-dom", url,
            ],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_home_page_renders_with_navigation(site_url: str) -> None:
    dom = render(f"{site_url}/")
    assert "<title>trustlaw</title>" in dom
    assert "md-nav" in dom  # the material theme's navigation was rendered
    for page in ("The statute language", "Cases and decisions", "Statute library"):
        assert page in dom


def test_library_index_links_every_statute(site_url: str) -> None:
    dom = render(f"{site_url}/laws/")
    for statute_id in trustlaw.available():
        assert f'href="{statute_id}/"' in dom, statute_id


def test_statute_page_shows_provisions_citations_and_examples(site_url: str) -> None:
    statute = trustlaw.load("ct/pa-13-155")
    dom = render(f"{site_url}/laws/ct/pa-13-155/")
    assert statute.meta.title in dom
    for provision in statute.provisions:
        assert provision.citation in dom, provision.label
    assert statute.examples[0].name in dom
