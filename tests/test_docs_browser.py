"""The documentation site as a lawyer sees it: built by plain `mkdocs build` with the
repository's configuration (the hooks generate the statute pages and the case checker),
served on loopback, rendered by a real browser (headless Chromium) at desktop and phone
widths, with every statute reachable and readable and the checker deciding a case given
in its URL.

CI installs Debian's `chromium` (see .ci/run); elsewhere this module is skipped
with the reason shown, since no other test can stand in for a real browser.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium_driver import WIDTHS, Chromium, open_page, serve_folder
from engine_required import unavailable

import trustlaw
from trustlaw import cli

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.slow
if CHROMIUM is None:
    unavailable("chromium", "no chromium on this machine (Debian: apt-get install chromium)",
                module=True)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("material")
    site = tmp_path_factory.mktemp("site")
    code = cli.main(["docs", "build", "--config", str(REPO / "mkdocs.yml"), "--out", str(site),
                     "--strict"])
    assert code == 0
    with serve_folder(site) as url:
        yield url


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


# ---- desktop and phone, through the DevTools protocol (issue 14) -------------------------

TEXT = "document.body ? document.body.innerText : ''"
SIDEWAYS = "document.documentElement.scrollWidth"


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    chromium = Chromium()
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_home_page_at_each_width(site_url: str, browser: Chromium, width: str) -> None:
    session = open_page(browser, f"{site_url}/", width)
    text = browser.evaluate(session, TEXT)
    assert "Immigration-detainer law as code" in text
    links = browser.evaluate(session, "[...document.querySelectorAll('a')].map(a => a.href)")
    assert f"{site_url}/checker/" in links and f"{site_url}/laws/" in links
    assert browser.evaluate(session, SIDEWAYS) <= WIDTHS[width][0]


@pytest.mark.parametrize("width", WIDTHS)
def test_statute_page_at_each_width(site_url: str, browser: Chromium, width: str) -> None:
    statute = trustlaw.load("ct/pa-13-155")
    session = open_page(browser, f"{site_url}/laws/ct/pa-13-155/", width)
    text = browser.evaluate(session, TEXT)
    assert statute.meta.title in text
    for provision in statute.provisions:
        assert provision.citation in text, provision.label
    assert "In plain words:" in text and "verified text" in text
    # the statute code is highlighted by the lexer and wraps: no sideways scrolling
    assert browser.evaluate(session, "document.querySelectorAll('.language-law .kd').length") > 0
    overflowing = browser.evaluate(session, """
        [...document.querySelectorAll('.language-law pre')]
            .filter(pre => pre.scrollWidth > pre.clientWidth + 1).length
    """)
    assert overflowing == 0
    assert browser.evaluate(session, SIDEWAYS) <= WIDTHS[width][0]


@pytest.mark.parametrize("width", WIDTHS)
def test_comparison_page_at_each_width(site_url: str, browser: Chromium, width: str) -> None:
    pytest.importorskip("z3")
    session = open_page(browser, f"{site_url}/laws/comparisons/ct-pa-13-155--ct-pa-19-20/", width)
    text = browser.evaluate(session, TEXT)
    assert "What changed" in text and "Which is more protective" in text
    assert "Under ct/pa-19-20, a hold is" in text
    assert browser.evaluate(session, SIDEWAYS) <= WIDTHS[width][0]


def _link(site_url: str, statute: str, case: dict[str, Any]) -> str:
    encoded = base64.urlsafe_b64encode(json.dumps(case).encode()).rstrip(b"=").decode()
    return f"{site_url}/checker/?statute={statute}&case={encoded}"


_REQUEST = {"kinds": ["hold", "notification"], "form": "I-247", "judicial_warrant": False,
            "court_order": False}
_NONE = {"gang_database": False, "security_risk_group": False,
         "terrorist_watchlist_match": False, "final_removal_order": False,
         "public_safety_risk": False}
FELONY = {"date": "2015-03-05", "agency": "state_corrections", "request": _REQUEST,
          "person": _NONE, "warrants": [], "charges": [],
          "convictions": [{"date": "2009-06-01", "level": "felony", "felony_class": "B",
                           "court": "other_state", "youthful_offender": False,
                           "vacated": False}]}
NOTHING = {**FELONY, "convictions": []}
DONE = "!!document.body && ['decided', 'error', 'failed'].includes(document.body.dataset.state)"


@pytest.mark.parametrize(("width", "case", "hold"), [
    ("desktop", FELONY, "permitted"),
    ("phone", NOTHING, "prohibited"),
])
def test_the_checker_decides_a_case_from_its_url(
    site_url: str, browser: Chromium, width: str, case: dict[str, Any], hold: str
) -> None:
    session = open_page(browser, _link(site_url, "ct/pa-13-155", case), width)
    browser.wait_for(session, DONE, timeout=240)
    error = browser.evaluate(session, "document.querySelector('#error').hidden ? '' : "
                                      "document.querySelector('#error').textContent")
    assert not error, error
    shown = browser.evaluate(session, "Object.fromEntries([...document.querySelectorAll("
                                      "'[data-outcome]')].map(e => [e.dataset.outcome, "
                                      "e.textContent]))")
    assert shown["hold"] == hold
    assert shown == dict(trustlaw.load("ct/pa-13-155").decide(case).outcomes)
    # each outcome sits on its action's line, not pushed below it by the theme's margins
    offsets = browser.evaluate(session, "[...document.querySelectorAll('#outcomes dd')].map("
                                        "d => Math.abs(d.getBoundingClientRect().top - "
                                        "d.previousElementSibling.getBoundingClientRect().top))")
    assert offsets and max(offsets) < 2, offsets
    # inside the themed page: the site's navigation is there too
    assert browser.evaluate(session, "!!document.querySelector('.md-nav')")
    assert browser.evaluate(session, SIDEWAYS) <= WIDTHS[width][0]


@pytest.mark.parametrize("page", ["laws/matrix/", "laws/timeline/"])
def test_diagrams_are_drawn_with_no_network(site_url: str, browser: Chromium, page: str) -> None:
    """The site serves its own Mermaid: with every host but the test server unreachable,
    the matrix and the timeline are drawn (they showed their source text when Mermaid
    came from a public CDN)."""
    session = open_page(browser, f"{site_url}/{page}", "desktop")
    # mkdocs-material replaces each <pre class="mermaid"> by a <div class="mermaid">
    # holding the drawing (in a closed shadow root): none left undrawn, each of a size
    browser.wait_for(session, "document.querySelectorAll('div.mermaid').length > 0 && "
                              "document.querySelectorAll('pre.mermaid').length === 0",
                     timeout=60)
    heights = browser.evaluate(session, "[...document.querySelectorAll('div.mermaid')]"
                                        ".map(d => d.getBoundingClientRect().height)")
    assert heights and min(heights) > 40, heights
