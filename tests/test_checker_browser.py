"""The in-browser case checker, for real: its assets are built (Pyodide's npm package from
the npm registry, trustlaw's wheel and its dependencies' wheels), served on loopback with
every other host unreachable, and headless Chromium (Debian's `chromium`) decides cases
given in the page's URL.

Skipped, with the reason shown, when chromium is missing; .ci/run installs it from Debian.
Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``),
so nothing beyond the standard library is needed. Downloads
are cached in ~/.cache/trustlaw/checker, or in $TRUSTLAW_CHECKER_CACHE when set.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from chromium_driver import Chromium, serve_folder
from engine_required import unavailable

import trustlaw
import trustlaw.cases
import trustlaw.lowering.files
from trustlaw.decisions.explain import explain
from trustlaw.site.facts import PlainFacts

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.slow
if CHROMIUM is None:
    unavailable("chromium", "no chromium on this machine (Debian: apt-get install chromium)",
                module=True)

NO_FACTORS = {
    "gang_database": False,
    "security_risk_group": False,
    "terrorist_watchlist_match": False,
    "final_removal_order": False,
    "public_safety_risk": False,
}
REQUEST = {"kinds": ["hold", "notification"], "form": "I-247", "judicial_warrant": False,
           "court_order": False}
FELONY = {
    "date": "2015-03-05", "agency": "state_corrections", "request": REQUEST, "person": NO_FACTORS,
    "warrants": [], "charges": [],
    "convictions": [{"date": "2009-06-01", "level": "felony", "felony_class": "B",
                     "court": "other_state", "youthful_offender": False, "vacated": False}],
}
NOTHING = {
    "date": "2015-03-05", "agency": "state_corrections", "request": REQUEST, "person": NO_FACTORS,
    "warrants": [], "charges": [], "convictions": [],
}


# ---- the site and the browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from trustlaw.site.checker import build_checker_assets

    site = tmp_path_factory.mktemp("site")
    build_checker_assets(site, cache_dir=os.environ.get("TRUSTLAW_CHECKER_CACHE"))
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    chromium = Chromium()
    try:
        yield chromium
    finally:
        chromium.close()


def link(site_url: str, statute: str, case: dict[str, Any], **extra: str) -> str:
    encoded = base64.urlsafe_b64encode(json.dumps(case).encode()).rstrip(b"=").decode()
    query = "".join(f"&{key}={value}" for key, value in extra.items())
    return f"{site_url}/checker/?statute={statute}&case={encoded}{query}"


SHOWN_OUTCOMES = (
    "Object.fromEntries([...document.querySelectorAll('[data-outcome]')]"
    ".map(e => [e.dataset.outcome, e.textContent]))"
)
DONE = "!!document.body && ['decided', 'error', 'failed'].includes(document.body.dataset.state)"


def outcomes(browser: Chromium, session: str) -> dict[str, str]:
    browser.wait_for(session, DONE)
    error = browser.evaluate(session, "document.querySelector('#error').hidden ? '' : "
                                      "document.querySelector('#error').textContent")
    assert not error, error
    return browser.evaluate(session, SHOWN_OUTCOMES)


def decoded_case(browser: Chromium, session: str, expression: str) -> Any:
    encoded = browser.evaluate(session, f"new URL({expression}).searchParams.get('case')")
    return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


# ---- the checks of issue 14 ---------------------------------------------------------------


def test_a_felony_conviction_in_the_url_permits_the_hold_and_the_form_can_change_the_case(
    site_url: str, browser: Chromium
) -> None:
    session = browser.open(link(site_url, "ct/pa-13-155", FELONY, release="2015-03-05T17:00"))
    shown = outcomes(browser, session)
    assert shown["hold"] == "permitted"
    decision = trustlaw.load("ct/pa-13-155").decide(FELONY)
    assert shown == dict(decision.outcomes)
    # the account of the decision, its facts named in the vocabulary's words
    shown = browser.evaluate(session, "document.querySelector('#explanation').textContent")
    assert shown == explain(decision, PlainFacts(trustlaw.load("ct/pa-13-155").vocabulary))
    assert "conviction 1 is for a felony, still stands, was entered by a court of another state" \
        in shown
    deadline = decision.release_deadline(dt.datetime(2015, 3, 5, 17, 0))
    assert deadline is not None
    assert browser.evaluate(session, "document.querySelector('#deadline').dataset.deadline") \
        == deadline.isoformat(timespec="minutes") == "2015-03-09T17:00"
    # ...and says it in words, with the weekdays the clock skips over
    assert browser.evaluate(session, "document.querySelector('#deadline').textContent") == (
        "Released Thursday, March 5, 2015, 17:00: the hold must end by Monday, March 9, "
        "2015, 17:00 (at most 48 hours, not counting Saturdays, Sundays and federal holidays "
        "(holidays on their calendar dates)).")
    # Remove the conviction in the form and decide again: the form gives back every other
    # fact of the case exactly, with an empty (known) list of convictions.
    browser.evaluate(session, """
        document.body.dataset.state = 'editing';
        const remove = [...document.querySelectorAll('#facts button')]
            .filter(b => b.textContent === 'Remove');
        if (remove.length !== 1) throw new Error('expected one Remove button: ' + remove.length);
        remove[0].click();
        document.querySelector('#decide').click();
    """)
    assert outcomes(browser, session)["hold"] == "prohibited"
    assert decoded_case(browser, session, "location.href") == NOTHING
    assert decoded_case(browser, session, "document.querySelector('#share').href") == NOTHING


def test_no_conviction_and_every_other_fact_false_prohibits_the_hold(
    site_url: str, browser: Chromium
) -> None:
    session = browser.open(link(site_url, "ct/pa-13-155", NOTHING), width=390, height=844)
    shown = outcomes(browser, session)
    assert shown["hold"] == "prohibited"
    assert shown == dict(trustlaw.load("ct/pa-13-155").decide(NOTHING).outcomes)
    # On a phone the page, form and decision fit the width: nothing scrolls sideways.
    assert browser.evaluate(session, "document.documentElement.scrollWidth") <= 390


def test_every_fact_of_the_form_can_be_left_unknown(site_url: str, browser: Chromium) -> None:
    session = browser.open(f"{site_url}/checker/")
    browser.wait_for(session, "!!document.body && document.body.dataset.state === 'ready'")
    # Add one record to each list so that the records' own fields are checked too.
    browser.evaluate(session, """
        for (const button of document.querySelectorAll('#facts button')) button.click();
    """)
    missing = browser.evaluate(session, """
        [...document.querySelectorAll('#facts .fact')].filter(fact => {
            const control = fact.lastElementChild;
            if (control.tagName === 'FIELDSET') return false;  // a record: its facts are listed
            const options = [...control.querySelectorAll('option')].map(o => o.textContent);
            const boxes = [...control.querySelectorAll(':scope > label')].map(l => l.textContent);
            return !(options[0] === 'unknown' || boxes.some(t => t.trim() === 'unknown'));
        }).map(fact => fact.firstChild.textContent)
    """)
    assert missing == []
    # a yes/no fact offers the vocabulary's words for yes and for no, each a sentence
    # about its record ("no: still stands" answered "The judgment has been vacated …")
    assert browser.evaluate(session, """
        [...document.querySelectorAll('#facts .fact')]
            .find(fact => fact.querySelector(':scope > .fact-key')?.textContent
                          === 'gang_database')
            .querySelector('select').textContent
    """) == ("unknown" "The person is listed as a gang member in a database"
             "The person is not listed as a gang member in a database")
    assert browser.evaluate(session, """
        [...document.querySelectorAll('#facts .fact')]
            .find(fact => fact.querySelector(':scope > .fact-key')?.textContent
                          === 'local_policy_bars_hold')
            .querySelector('select').textContent
    """) == ("unknown" "A local law or policy forbids honoring the request"
             "No local law or policy forbids honoring the request")
    # no field's name in the form's words for a lawyer
    labels = browser.evaluate(session, """
        [...document.querySelectorAll('#facts label, #facts .fact-name, #facts option')]
            .map(node => node.textContent).join('\\n')
    """)
    for name in ("judicial_warrant_signed_by", "case_id", "yes: ", "no: "):
        assert name not in labels, name
    counted = browser.evaluate(session, "document.querySelectorAll('#facts .fact').length")
    schema = trustlaw.cases.json_schema(trustlaw.lowering.files.default_vocabulary())
    fields = [*schema["properties"].values()]
    fields += [f for d in schema["$defs"].values() for f in d.get("properties", {}).values()]
    records = [f for f in fields if "properties" in schema["$defs"].get(_ref(f), {})]
    assert [_ref(f) for f in records] == ["request", "person"]  # shown as groups of facts
    assert counted == len(fields) - len(records) == 53


def _ref(field: dict[str, Any]) -> str:
    for option in field.get("anyOf", [field]):
        if "$ref" in option:
            return str(option["$ref"]).rsplit("/", 1)[-1]
    return ""


def test_a_jurisdiction_and_a_day_pick_the_version_in_force(
    site_url: str, browser: Chromium
) -> None:
    session = browser.open(link(site_url, "ct", FELONY, on="2020-01-02"))
    outcomes(browser, session)
    shown = browser.evaluate(session, "document.querySelector('#result-statute').textContent")
    assert shown.startswith("Under ct/pa-19-20: ")


def test_case_text_is_shown_as_text_never_run_as_html(site_url: str, browser: Chromium) -> None:
    hostile = dict(NOTHING, agency="<img src=x onerror=document.title=1>")
    session = browser.open(link(site_url, "ct/pa-13-155", hostile))
    browser.wait_for(session, DONE)
    error = browser.evaluate(session, "document.querySelector('#error').textContent")
    assert "agency" in error and '"<img src=x onerror=document.title=1>"' in error
    assert browser.evaluate(session, "document.querySelectorAll('img').length") == 0
    assert browser.evaluate(session, "document.title") == "Case checker · trustlaw"


def test_a_screen_reader_hears_which_fact_each_control_is_about(
    site_url: str, browser: Chromium
) -> None:
    """Every "unknown" box was announced as a bare "unknown", and no control was tied to
    its help text: each box now names its fact, and each help text describes its control."""
    session = browser.open(f"{site_url}/checker/")
    browser.wait_for(session, "!!document.body && document.body.dataset.state === 'ready'")
    browser.evaluate(session, """
        for (const button of document.querySelectorAll('#facts button')) button.click();
    """)
    unnamed = browser.evaluate(session, """
        [...document.querySelectorAll('#facts input[type=checkbox]')]
            .filter(box => box.parentElement.textContent.trim() === 'unknown')
            .filter(box => {
                const fact = box.closest('.fact').firstChild.textContent;
                return box.getAttribute('aria-label') !== `${fact} unknown`;
            }).length
    """)
    assert unnamed == 0
    undescribed = browser.evaluate(session, """
        [...document.querySelectorAll('#facts .fact')].filter(fact => {
            const help = fact.querySelector(':scope > .fact-help');
            if (!help) return false;
            const described = fact.querySelector(`[aria-describedby="${help.id}"]`);
            return !help.id || !described;
        }).map(fact => fact.firstChild.textContent)
    """)
    assert undescribed == []


CA_FELONY = {
    "date": "2020-03-05", "agency": "county_sheriff", "request": REQUEST,
    "convictions": [{"date": "2015-06-01", "level": "felony", "court": "this_state",
                     "youthful_offender": False, "vacated": False,
                     "tags": ["ca.serious_felony"]}],
}


def test_offense_tags_are_offered_in_words_and_sent_as_tags(
    site_url: str, browser: Chromium
) -> None:
    """A conviction's tags were offered as bare `ca.serious_felony` boxes: each is now
    labelled by its words and its law, the tag following in small type, and the case the
    page decides (and shares) still carries the tags themselves."""
    session = browser.open(link(site_url, "ca/sb54-2017", CA_FELONY))
    outcomes(browser, session)
    labels = browser.evaluate(session, """
        [...[...document.querySelectorAll('#facts .fact')]
            .find(f => f.querySelector(':scope > .fact-key')?.textContent === 'tags')
            .querySelectorAll('.choices > label')]
            .filter(l => l.querySelector('code'))
            .map(l => [l.childNodes[1].textContent.trim(), l.querySelector('code').textContent,
                       l.querySelector('input').checked])
    """)
    assert ["California serious felony (Cal. Penal Code § 1192.7(c))", "ca.serious_felony",
            True] in labels
    assert ["Florida forcible felony (Fla. Stat. § 776.08)", "fl.forcible_felony",
            False] in labels
    assert len(labels) == 17  # every tag of the vocabulary, each said in words
    assert all(words and not words.startswith(tag) for words, tag, _ in labels), labels
    shown = browser.evaluate(session, "document.querySelector('#explanation').textContent")
    assert "is classed as a California serious felony" in shown
    assert "ca.serious_felony" not in shown
    # tick a second tag in words and decide again: the case carries both tags
    browser.evaluate(session, """
        document.body.dataset.state = 'editing';
        [...document.querySelectorAll('#facts .choices > label')]
            .find(l => l.querySelector('code')?.textContent === 'ca.violent_felony')
            .querySelector('input').click();
        document.querySelector('#decide').click();
    """)
    outcomes(browser, session)
    shared = decoded_case(browser, session, "document.querySelector('#share').href")
    assert shared["convictions"][0]["tags"] == ["ca.serious_felony", "ca.violent_felony"]
