"""What a statute's page tells a lawyer about how far to trust it: the level shown for a
statute is its weakest provision's (the file header's mark is only a default), a
provision's text is labelled as the paraphrase it is, a policy model is marked as not
law, and every provision has an anchor of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import trustlaw
from trustlaw.site import docgen
from trustlaw.site.words import provision_anchor, statute_level

LEVELS = {"V": 2, "S": 1, "U": 0}


@pytest.mark.parametrize("statute_id", trustlaw.available())
def test_no_statute_is_shown_as_more_verified_than_its_weakest_provision(
    statute_id: str,
) -> None:
    statute = trustlaw.load(statute_id)
    provisions = statute.program.provisions
    shown = statute_level(statute.program)
    assert all(LEVELS[shown] <= LEVELS[p.verification] for p in provisions)
    page = docgen.statute_page(statute)
    header = page.split("\n## ", 1)[0]
    if any(p.verification != "V" for p in provisions):
        assert "verified text</span>" not in header
    # how many stand at each level, strongest first, beside the weakest's badge
    words = {"V": "verified text", "S": "secondary source", "U": "unverified"}
    levels = [p.verification for p in provisions]
    counts = ", ".join(f"{levels.count(level)} {words[level]}" for level in "VSU"
                       if level in levels)
    mixed = f"</span> · {counts} ({len(levels)} provisions)"
    assert (mixed in header) == (len(set(levels)) > 1)


def test_a_bill_known_only_from_summaries_is_not_badged_verified() -> None:
    statute = trustlaw.load("ct/hb7211-raised-2025")
    assert statute.meta.verification == "S"  # the header's default, stronger than some
    assert statute_level(statute.program) == "U"
    sources = docgen.sources_page([statute])
    (line,) = [x for x in sources.splitlines() if x.startswith("[The statute's page]")]
    assert "verified text" not in line
    assert "unverified</span> · 3 secondary source, 7 unverified" in line  # (e)(1): U


def test_a_provision_text_is_labelled_a_paraphrase_and_not_quoted() -> None:
    page = docgen.statute_page(trustlaw.load("ct/pa-13-155"))
    assert "**Paraphrase of the text:** " in page
    assert not re.search(r"^> ", page, re.MULTILINE)


def test_a_policy_model_is_marked_as_not_law() -> None:
    model = next(i for i in trustlaw.available() if trustlaw.load(i).meta.status == "model")
    page = docgen.statute_page(trustlaw.load(model))
    assert '!!! warning "Not law"' in page and "policy model, not a law" in page


def test_a_bill_that_died_is_worded_without_doubled_brackets() -> None:
    died = [i for i in trustlaw.available() if trustlaw.load(i).meta.status == "died"]
    for statute_id in died:
        page = docgen.statute_page(trustlaw.load(statute_id))
        assert "This text never became law: it was not enacted in this form." in page
        assert "))" not in page.split("never became law", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("labels", [
    ("(a)", "(A)"),
    ("7282.5(a)", "7282(5)(a)"),
    ("(b)(1)(A)", "(b)(1)(a)"),
    ("(5a)", "(5)(a)"),
])
def test_provisions_that_differ_get_anchors_that_differ(labels: tuple[str, str]) -> None:
    first, second = (provision_anchor(label) for label in labels)
    assert first != second
    assert re.fullmatch(r"provision-[A-Za-z0-9_-]+", first)


@pytest.mark.parametrize("statute_id", trustlaw.available())
def test_every_provision_of_a_bundled_statute_has_its_own_anchor(statute_id: str) -> None:
    labels = [p.label for p in trustlaw.load(statute_id).program.provisions]
    anchors = [provision_anchor(label) for label in labels]
    assert len(set(anchors)) == len(anchors)


def test_pages_link_to_the_anchors_they_define(tmp_path: Path) -> None:
    page = docgen.statute_page(trustlaw.load("ct/pa-19-20"))
    defined = set(re.findall(r"\{ #(provision-[^ ]+) \}", page))
    linked = set(re.findall(r"\]\(#(provision-[^)]+)\)", page))
    assert "provision-b-1-A" in defined
    assert linked and linked <= defined
