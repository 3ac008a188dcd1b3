"""The site read as a lawyer reads it (round 6), seen in a real browser at 1280 and 390
pixels: a statute page sends its reader to the case checker with the law chosen, says
what it is about before engineers' details (the digest and the code last, under "For
developers"; the encodings folded; "invariants" headed in words; a counterexample told in
words), lays an example's facts above its outcomes on a phone, and the matrix page says
each order in words where a phone shrank its drawing to four-pixel type. The checker names
each action in words and prints its explanation in the page's type."""

from __future__ import annotations

import base64
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from chromium_driver import WIDTHS, Chromium, open_page, serve_folder
from engine_required import unavailable

import trustlaw
from trustlaw import cli
from trustlaw.site import docgen
from trustlaw.site.browser import decide_json
from trustlaw.site.comparison_pages import matrix_page

REPO = Path(__file__).resolve().parent.parent
CSS = (REPO / "docs" / "stylesheets" / "trustlaw.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ct_2019() -> str:
    return docgen.statute_page(trustlaw.load("ct/pa-19-20"))


def _sections(page: str) -> list[str]:
    return re.findall(r"^## (.*)$", page, re.M)


def test_a_statute_page_links_the_checker_with_its_law_chosen(ct_2019: str) -> None:
    link = "[case checker](../../checker.md?statute=ct/pa-19-20)"
    assert f"Check a case under this law in the {link}." in ct_2019
    assert ct_2019.index(link) < ct_2019.index("## In short")


def test_engineers_details_come_last_under_for_developers(ct_2019: str) -> None:
    statute = trustlaw.load("ct/pa-19-20")
    assert _sections(ct_2019)[-1] == "For developers { #using-this-statute }"
    about = ct_2019.split("## About this statute", 1)[1].split("\n## ", 1)[0]
    # labelled lines, no "Heading | Value" table, no digest among what a lawyer reads
    assert "| Heading | Value |" not in ct_2019 and "sha256:" not in about
    assert "- **Citation:** Conn. Pub. Acts 19-20 and 19-23, codified at" in about
    developers = ct_2019.split("## For developers", 1)[1]
    assert f"`{statute.digest}`" in developers
    assert 'trustlaw.load("ct/pa-19-20")' in developers
    assert ct_2019.count("sha256:") == 1


def test_the_encodings_are_folded_and_the_invariants_headed_in_words(ct_2019: str) -> None:
    assert '??? example "Encoded in the statute language"' in ct_2019
    assert "???+" not in ct_2019
    assert "Properties checked for every case { #invariants }" in _sections(ct_2019)
    assert "## Invariants" not in ct_2019
    assert ("One of trustlaw's standard checks (`no_hold_on_detainer_alone`): where the law "
            "binds") in ct_2019


def test_each_example_is_wrapped_to_stack_on_a_phone(ct_2019: str) -> None:
    examples = ct_2019.split("## Examples", 1)[1].split("\n## ", 1)[0]
    count = len(trustlaw.load("ct/pa-19-20").examples)
    assert examples.count('<div class="tl-example" markdown>\n\n| Facts | → Outcomes |') \
        == count
    phone = CSS[CSS.index("/* An example's table on a phone"):]
    assert ".md-typeset .tl-example thead { display: none; }" in phone
    assert '.md-typeset .tl-example td:first-child::before { content: "Facts"; }' in phone


def _violated(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"the statute itself sets no clock": {
        "status": "violated", "expected": True, "counterexample": case,
        "outcomes": {"hold": "permitted"}}}


def test_a_counterexample_is_told_in_words_with_its_json_folded() -> None:
    case = {"agency": "parole", "request": {"form": "I-247N"},
            "convictions": [{"level": "felony", "felony_class": "B"}]}
    page = docgen.statute_page(trustlaw.load("ct/pa-19-20"), results=_violated(case))
    block = page.split('!!! info "Violated, with this counterexample"', 1)[1].split("\n## ", 1)[0]
    assert "    A case with these facts (a fact not listed is unknown):" in block
    assert ("    - The agency is a parole office (parole officers and other parole staff) "
            '(`agency` = `"parole"`)') in block
    assert "    - Conviction 1 is for a class B felony (`convictions[0].felony_class` = " \
           '`"B"`)' in block
    assert "    Decided: hold permitted." in block
    # the JSON is still there for an engineer, folded inside the result
    folded = block.split('    ??? example "The counterexample as code"', 1)[1]
    assert '        "agency": "parole",' in folded
    assert block.index("Decided:") < block.index("The counterexample as code")


def test_a_counterexamples_strings_stay_escaped() -> None:
    case = {"agency": "<script>alert(1)</script>", "request": {"form": "*x*"}}
    page = docgen.statute_page(trustlaw.load("ct/pa-19-20"), results=_violated(case))
    block = page.split("## Properties checked", 1)[1].split("\n## ", 1)[0]
    names = [x for x in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
             ["markdown_extensions"] if isinstance(x, str)]
    html = markdown.markdown(block, extensions=names)  # as the site renders it
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "*x*" in html


# ---- the matrix in words ----------------------------------------------------------------------

def _matrix(action: dict[str, Any], ids: list[str]) -> str:
    return matrix_page([trustlaw.load(x) for x in ids],
                       {"statutes": ids, "bound": 3, "actions": {"hold": action}})


def test_the_matrix_says_each_order_in_words_above_its_drawing() -> None:
    ids = ["ct/pa-13-155", "ct/pa-19-20", "us/detainer-regulation"]
    page = _matrix({"equivalent": [], "order": [["ct/pa-19-20", "ct/pa-13-155"]],
                    "pairs": [{"a": "ct/pa-19-20", "b": "ct/pa-13-155", "verdict": "a"}]}, ids)
    assert "## Keeping the person past release (hold) { #hold }" in page
    words = page.split('<div class="tl-order" markdown>', 1)[1].split("</div>", 1)[0]
    assert ("- [`ct/pa-19-20`](ct/pa-19-20.md) protects more than "
            "[`ct/pa-13-155`](ct/pa-13-155.md).") in words
    assert ("- Neither more nor less protective than any other law: "
            "[`us/detainer-regulation`](us/detainer-regulation.md).") in words
    assert "</div>\n\n```mermaid\ngraph LR\n" in page  # the drawing right after the words
    assert re.search(r"\{\s*\.md-typeset \.tl-order \+ \.mermaid \{ display: none; \}",
                     CSS[CSS.index("/* The protectiveness order of each action"):])


def test_laws_that_allow_the_same_cases_are_said_together() -> None:
    ids = ["ct/pa-13-155", "ct/pa-19-20", "ca/sb54-2017"]
    page = _matrix({"equivalent": [["ca/sb54-2017", "ct/pa-19-20"]],
                    "order": [["ca/sb54-2017", "ct/pa-13-155"]], "pairs": []}, ids)
    assert ("- [`ca/sb54-2017`](ca/sb54-2017.md) = [`ct/pa-19-20`](ct/pa-19-20.md) protect "
            "more than [`ct/pa-13-155`](ct/pa-13-155.md).") in page
    assert "Neither more nor less" not in page


def test_the_checkers_answer_names_each_action_in_words() -> None:
    case = {"date": "2015-03-02", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247"}}
    shown = json.loads(decide_json(json.dumps({"statute": "ct/pa-13-155", "case": case})))
    assert shown["ok"], shown
    assert shown["actions"]["hold"] == "Keeping the person past release"
    assert shown["actions"].keys() == shown["outcomes"].keys()


# ---- in a real browser ------------------------------------------------------------------------



@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        unavailable("chromium", "no chromium on this machine (Debian: apt-get install chromium)")
    pytest.importorskip("material")
    site = tmp_path_factory.mktemp("site")
    assert cli.main(["docs", "build", "--config", str(REPO / "mkdocs.yml"), "--out", str(site),
                     "--strict"]) == 0
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[Chromium]:
    chromium = Chromium()
    try:
        yield chromium
    finally:
        chromium.close()


_CELLS = """[...document.querySelectorAll('.tl-example td')].slice(0, 2).map(td => {
    const r = td.getBoundingClientRect(); return [r.left, r.top, r.bottom, r.width]; })"""


@pytest.mark.slow
def test_on_a_phone_an_examples_facts_stand_above_its_outcomes(
        site_url: str, browser: Chromium) -> None:
    session = open_page(browser, f"{site_url}/laws/ct/pa-19-20/", "phone")
    (facts_left, facts_top, facts_bottom, facts_width), (left, top, _, width) = \
        browser.evaluate(session, _CELLS)
    assert top >= facts_bottom - 1 and left == facts_left  # under the facts, not beside
    assert min(facts_width, width) > 300  # each a screen wide (side by side: ~120 each)
    assert browser.evaluate(session, "document.documentElement.scrollWidth") <= 390
    labels = browser.evaluate(session, "[...document.querySelectorAll('.tl-example td')]"
                                       ".slice(0, 2).map(td => getComputedStyle(td, "
                                       "'::before').content)")
    assert labels == ['"Facts"', '"Outcomes"']
    # every encoding is folded: its code is there for whoever opens it
    assert browser.evaluate(session, "[...document.querySelectorAll('details')].filter(d => "
                                     "d.querySelector('.language-law') && d.open).length") == 0
    session = open_page(browser, f"{site_url}/laws/ct/pa-19-20/", "desktop")
    (_, facts_top, _, _), (_, top, _, _) = browser.evaluate(session, _CELLS)
    assert top == facts_top  # side by side on a wide screen, as before


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_the_matrix_reads_in_words_on_a_phone_and_is_drawn_on_a_desktop(
        site_url: str, browser: Chromium, width: str) -> None:
    pytest.importorskip("z3")
    session = open_page(browser, f"{site_url}/laws/matrix/", width)
    browser.wait_for(session, "document.querySelectorAll('pre.mermaid').length === 0 && "
                              "document.querySelectorAll('div.mermaid').length === 4", timeout=60)
    text = browser.evaluate(session, "document.body.innerText")
    assert "Keeping the person past release (hold)" in text
    assert re.search(r"ca/sb54-2017 protects more than .*ca/ab1081-2012", text)
    heights = browser.evaluate(session, "[...document.querySelectorAll('div.mermaid')]"
                                        ".map(d => d.getBoundingClientRect().height)")
    if width == "phone":
        assert heights == [0, 0, 0, 0]  # not drawn in four-pixel type: the words say it
    else:
        assert min(heights) > 40, heights
    assert browser.evaluate(session, "document.documentElement.scrollWidth") <= WIDTHS[width][0]


@pytest.mark.slow
def test_a_statute_pages_checker_link_chooses_its_law_and_waits_for_the_facts(
        site_url: str, browser: Chromium) -> None:
    session = open_page(browser, f"{site_url}/laws/ct/pa-19-20/", "phone")
    href = browser.evaluate(session, "[...document.querySelectorAll('.md-content a')].find(a =>"
                                     " a.textContent === 'case checker').href")
    assert href == f"{site_url}/checker/?statute=ct/pa-19-20"
    session = open_page(browser, href, "phone")
    browser.wait_for(session, "['ready', 'decided', 'error', 'failed']"
                              ".includes(document.body.dataset.state)", timeout=240)
    assert browser.evaluate(session, "document.body.dataset.state") == "ready"
    assert browser.evaluate(session, "document.querySelector('#statute').value") == "ct/pa-19-20"
    assert browser.evaluate(session, "document.querySelector('#result').hidden")
    # the form opens on the facts; the case's own identifier, which decides nothing, is last
    keys = browser.evaluate(session, "[...document.querySelectorAll('#facts > fieldset > "
                                     ".fact > .fact-key')].map(k => k.textContent)")
    assert keys[0] == "date" and keys[-1] == "id", keys
    # the form's own help, not the schema's words for a programmer ("null", "ISO 8601")
    help_text = browser.evaluate(session, "document.querySelector('#facts > fieldset > "
                                          ".fact-help').textContent")
    assert help_text.startswith("A fact marked unknown is never guessed")
    assert "null" not in help_text and "ISO" not in help_text


_REQUEST = {"kinds": ["hold", "notification"], "form": "I-247", "judicial_warrant": False,
            "court_order": False}
FELONY = {"date": "2015-03-05", "agency": "state_corrections", "request": _REQUEST,
          "person": {"gang_database": False, "security_risk_group": False,
                     "terrorist_watchlist_match": False, "final_removal_order": False,
                     "public_safety_risk": False},
          "warrants": [], "charges": [],
          "convictions": [{"date": "2009-06-01", "level": "felony", "felony_class": "B",
                           "court": "other_state", "youthful_offender": False,
                           "vacated": False}]}


@pytest.mark.slow
def test_the_checker_names_each_action_in_words_and_explains_in_the_pages_type(
        site_url: str, browser: Chromium) -> None:
    encoded = base64.urlsafe_b64encode(json.dumps(FELONY).encode()).rstrip(b"=").decode()
    session = open_page(browser, f"{site_url}/checker/?statute=ct/pa-13-155&case={encoded}",
                        "phone")
    browser.wait_for(session, "['decided', 'error', 'failed']"
                              ".includes(document.body.dataset.state)", timeout=240)
    rows = browser.evaluate(session, "[...document.querySelectorAll('#outcomes dt')].map(dt =>"
                                     " [dt.textContent, dt.nextElementSibling.textContent])")
    assert ["Keeping the person past release hold", "permitted"] in rows
    assert len(rows) == len(trustlaw.load("ct/pa-13-155").decide(FELONY).outcomes)
    fonts = browser.evaluate(session, "[getComputedStyle(document.querySelector('#explanation'))"
                                      ".fontFamily, getComputedStyle(document.body).fontFamily]")
    assert "mono" not in fonts[0].lower() and fonts[0] == fonts[1], fonts
    assert browser.evaluate(session, "document.documentElement.scrollWidth") <= 390


def test_the_home_page_shows_a_lawyer_the_way_in_before_installing() -> None:
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    sections = _sections(home)
    assert sections.index("Reading the law") < sections.index("Install")
    reading = home.split("## Reading the law", 1)[1].split("\n## ", 1)[0]
    for page in ("guides/detainers.md", "laws/index.md", "guides/check-a-case.md",
                 "checker.md", "laws/matrix.md", "laws/timeline.md"):
        assert f"]({page})" in reading, page


def test_the_library_offers_the_checker_before_the_code() -> None:
    page = docgen.index_page([trustlaw.load("ct/pa-13-155")])
    opening = page.split("\n## ", 1)[0]
    assert opening.index("[case checker](../checker.md)") < opening.index("trustlaw.load(")
