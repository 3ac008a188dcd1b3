"""The site read as a lawyer reads it (round 5): a definition is headed by its name in
words, not by the identifier the statute language uses (which follows in small type),
and a note says what it is about in the same words; statute strings stay escaped."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import attrs
import pytest
from chromium_driver import Chromium, serve_folder
from engine_required import unavailable

import trustlaw
from trustlaw.cases import json_schema
from trustlaw.library.statute import Statute
from trustlaw.lowering.files import default_vocabulary
from trustlaw.site import docgen
from trustlaw.site.browser import decide_json


@pytest.fixture(scope="module")
def ct_2013() -> str:
    return docgen.statute_page(trustlaw.load("ct/pa-13-155"))


def test_a_definition_is_headed_by_its_name_in_words(ct_2013: str) -> None:
    definitions = ct_2013.split("## Definitions", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (.*)$", definitions, re.M)
    assert headings == [
        "Convicted of a felony { #definition-convicted_of_a_felony }",
        "Pending Connecticut charge without bond "
        "{ #definition-pending_connecticut_charge_without_bond }",
        "Connecticut arrest warrant { #definition-connecticut_arrest_warrant }",
        "Gang member identified { #definition-gang_member_identified }",
        "Public safety factor found { #definition-public_safety_factor_found }",
    ]
    # the citation first, then the name the encodings below use, in small type
    assert ("**Conn. Pub. Act 13-155 § 1(a)(2)** · <small>In the statute language: "
            "`convicted_of_a_felony`</small>") in definitions


def test_a_note_names_the_definitions_it_is_about_in_words(ct_2013: str) -> None:
    notes = ct_2013.split("## Notes on the reading encoded", 1)[1]
    assert ("About [(b)(1)](#provision-b-1), "
            "[convicted of a felony](#definition-convicted_of_a_felony).") in notes
    assert "[`convicted_of_a_felony`]" not in ct_2013


def test_a_definition_heading_keeps_its_citation_escaped() -> None:
    program = trustlaw.load("ct/pa-13-155").program
    hostile = attrs.evolve(program.definitions[0], citation="<script>x</script> *b*")
    program = attrs.evolve(program, definitions=(hostile, *program.definitions[1:]))
    page = docgen.statute_page(Statute(program))
    assert "<script>" not in page
    assert "**&lt;script&gt;x&lt;/script&gt; \\*b\\*** · <small>" in page


# ---- the case checker's explanation ---------------------------------------------------------

FELONY = {"date": "2015-03-02", "agency": "state_corrections",
          "request": {"kinds": ["hold"], "form": "I-247", "judicial_warrant": False},
          "person": {"gang_database": False, "security_risk_group": False},
          "warrants": [], "charges": [],
          "convictions": [{"date": "2009-06-01", "level": "felony", "court": "other_state",
                           "youthful_offender": False, "vacated": False}]}


def _explanation(case: dict[str, object]) -> str:
    shown = json.loads(decide_json(json.dumps({"statute": "ct/pa-13-155", "case": case})))
    assert shown["ok"], shown
    return str(shown["explanation"])


def test_the_checkers_explanation_names_the_facts_in_words() -> None:
    text = _explanation(FELONY)
    assert ("here conviction 1 is for a felony, still stands, was entered by a court of "
            "another state of the United States, and was not a youthful-offender or juvenile "
            "adjudication.") in text
    assert "which is not so here: there are no pending criminal charges." in text
    assert "the person is not listed as a gang member in a database" in text
    # a condition's values by what they mean
    assert ("that was entered by a court of the state whose law is applied, a court of "
            "another state of the United States, a federal court of the United States or a "
            "court of the District of Columbia") in text
    assert "convictions[0]" not in text and "other_state" not in text
    # a fact that cannot change the result is said as what is not known; only a fact
    # still to give, in the closing list, has its path after it, to find it in the form
    open_text = _explanation({**FELONY, "person": {}})
    assert ("(it is not known whether the person is a possible match on a terrorist "
            "watchlist)") in open_text
    to_give = _explanation({**FELONY, "convictions": [{"level": "felony"}]})
    assert ("whether conviction 1 was set aside (convictions[0].vacated)"
            ) in to_give.split("Still unknown", 1)[1]


def test_decision_explain_still_names_facts_by_their_paths() -> None:
    """The command line's and the API's account is unchanged."""
    text = trustlaw.load("ct/pa-13-155").decide(FELONY).explain()
    assert "here convictions[0].level is felony; convictions[0].vacated is false" in text
    assert "which is not so here: charges is empty." in text


# ---- the case checker's form ----------------------------------------------------------------


@pytest.fixture(scope="module")
def form_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The checker's page with its manifest and a Pyodide that never loads: the form is
    generated from the case schema before Python starts, so no download is needed."""
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        unavailable("chromium", "no chromium on this machine (Debian: apt-get install chromium)")
    from trustlaw.site.checker import ASSETS, PAGE_FILES

    site = tmp_path_factory.mktemp("form")
    (site / "checker" / "pyodide").mkdir(parents=True)
    for name in PAGE_FILES:
        shutil.copy2(ASSETS / name, site / "checker" / name)
    (site / "checker" / "pyodide" / "pyodide.mjs").write_text(
        "export function loadPyodide() { return new Promise(() => {}); }\n", encoding="utf-8")
    manifest = {"pyodide": "none", "micropip": "", "wheels": [],
                "statutes": [{"id": "ct/pa-13-155", "title": "t", "jurisdiction": "ct",
                              "status": "enacted", "in_force": None, "superseded": None}],
                "schema": json_schema(default_vocabulary())}
    (site / "checker" / "checker.json").write_text(json.dumps(manifest), encoding="utf-8")
    with serve_folder(site) as url:
        yield f"{url}/checker/"


@pytest.mark.slow
def test_the_checker_labels_each_fact_in_words_with_its_name_in_small_type(
        form_url: str) -> None:
    browser = Chromium()
    try:
        session = browser.open(form_url, width=390, height=844)
        browser.wait_for(session, "!!document.querySelector('#facts fieldset')", timeout=60)
        browser.evaluate(session, "document.querySelectorAll('#facts button')"
                                  ".forEach(b => b.click())")  # a record in each list
        facts = browser.evaluate(session, """
            [...document.querySelectorAll('#facts .fact')].map(fact => [
                fact.querySelector(':scope > .fact-key')?.textContent ?? '',
                fact.firstChild.textContent])
        """)
        for pair in (["agency", "Who holds the person"],
                     ["us_citizen", "The person is a United States citizen"],
                     ["convictions", "Prior convictions"],
                     ["court", "The convicting court"],
                     ["court", "Where the charge is pending"]):
            assert pair in facts
        assert len(facts) == 53  # every fact, each labelled in words with its name below
        assert all(key and words != key for key, words in facts), facts
        legends = browser.evaluate(session, "[...document.querySelectorAll('#facts legend')]"
                                            ".map(l => l.textContent)")
        assert "What the immigration authority asks request" in legends
        assert "Findings about the person person" in legends
        # a value by what it means, then as the case writes it
        agencies = browser.evaluate(session, """
            [...[...document.querySelectorAll('#facts .fact')]
                .find(f => f.querySelector('.fact-key')?.textContent === 'agency')
                .querySelectorAll('option')].map(o => o.textContent)
        """)
        assert "A municipal police department (municipal_police)" in agencies
        # a screen reader hears the words too
        boxes = browser.evaluate(session, "[...document.querySelectorAll('#facts input"
                                          "[type=checkbox][aria-label]')]"
                                          ".map(b => b.getAttribute('aria-label'))")
        assert "Date of the judgment unknown" in boxes and "date unknown" not in boxes
        assert browser.evaluate(session, "document.documentElement.scrollWidth") <= 390
    finally:
        browser.close()
