"""A comparison page answers a lawyer's questions in words: which cases the two laws treat
differently, each with an example case whose facts are written out, and which law is more
protective, shown by a case that one law allows and the other does not, decided as
`trustlaw decide` decides it."""

from __future__ import annotations

import re
from typing import Any

import pytest

import trustlaw
from trustlaw.site.comparison_pages import comparison_page
from trustlaw.site.facts import fact_lines
from trustlaw.site.solver_cache import comparison_data

pytest.importorskip("z3")

Page = tuple[Any, Any, Any, str]  # the two statutes, the comparison data, the page


@pytest.fixture(scope="module")
def ct() -> Page:
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    data = comparison_data(a, b)
    assert data is not None
    return a, b, data, comparison_page(a, b, data)


def test_the_opening_speaks_of_cases_not_regions(ct: Page) -> None:
    *_, page = ct
    opening = page.split("## What changed", 1)[0]
    assert "region" not in opening.lower()
    assert "solver questions" not in opening
    assert "Each difference below is a kind of case" in opening


def test_each_difference_gives_its_example_case_in_words(ct: Page) -> None:
    a, _b, data, page = ct
    sections = re.split(r"\n### ", page.split("## Details", 1)[1])[1:]
    assert len(sections) == len(data["regions"])
    for section, region in zip(sections, data["regions"], strict=True):
        shown = section.split("**For example**, a case with these facts", 1)[1]
        shown = shown.split("??? example", 1)[0]
        lines = [line.removeprefix("- ") for line in shown.splitlines()
                 if line.startswith("- ")]
        assert lines == fact_lines(region["example"], a.vocabulary)
    # the words come before the code, which stays for engineers
    assert "The agency is a state department of correction (`agency` = " \
           "`\"state_corrections\"`)" in page
    assert "The example case as code (paste into an example's `given`)" in page


def test_which_is_more_protective_is_shown_by_a_case_decided_as_decide_does(ct: Page) -> None:
    a, b, data, page = ct
    section = page.split("## Which is more protective", 1)[1].split("\n## ", 1)[0]
    examples = data["protectiveness_examples"]
    # the hold: neither is more protective, so a case each way
    assert data["protectiveness"]["hold"] == "incomparable"
    for allows, forbids, key in ((a, b, "a_allows_b_forbids"), (b, a, "b_allows_a_forbids")):
        title = (f'??? example "A case where `{allows.id}` allows a hold and `{forbids.id}` '
                 'does not"')
        assert title in section
        body = section.split(title, 1)[1].split("??? example", 1)[0]
        case = examples["hold"][key]
        said = [trustlaw.load(s.id).decide(case).outcomes["hold"] for s in (a, b)]
        assert f"Under `{a.id}`: **{said[0]}**; under `{b.id}`: **{said[1]}**." in body
        assert {said[0], said[1]} == {"permitted", "prohibited"}
        for line in fact_lines(case, a.vocabulary):
            assert f"    - {line}" in body
    # notification: ct/pa-19-20 is more protective, shown by a case only 2013 allows
    assert ('??? example "A case where `ct/pa-13-155` allows notifying the immigration '
            'authority and `ct/pa-19-20` does not"') in section
    assert "allows notifying the immigration authority and `ct/pa-13-155`" not in section


def test_the_matrix_draws_each_order_left_to_right() -> None:
    """Top-down, the hold's order lined up a dozen incomparable laws side by side and the
    drawing was scaled to the page's width, too small to read; left to right they stack."""
    from trustlaw.site.comparison_pages import matrix_page

    ids = ["ct/pa-13-155", "ct/pa-19-20", "us/detainer-regulation"]
    action = {"equivalent": [], "order": [["ct/pa-19-20", "ct/pa-13-155"]],
              "pairs": [{"a": "ct/pa-19-20", "b": "ct/pa-13-155", "verdict": "a"}]}
    page = matrix_page([trustlaw.load(x) for x in ids],
                       {"statutes": ids, "bound": 3, "actions": {"hold": action}})
    assert "```mermaid\ngraph LR\n" in page and "graph TD" not in page
    assert "  s1 --> s0" in page


def test_the_sources_page_counts_provisions_in_good_grammar() -> None:
    from trustlaw.site.words import provision_counts

    assert provision_counts(["V"] * 11 + ["U"]) == \
        "11 verified text, 1 unverified (12 provisions)"
    assert provision_counts(["U", "V", "V"]) == "2 verified text, 1 unverified (3 provisions)"
    assert provision_counts(["S"]) == "1 secondary source (1 provision)"
    assert provision_counts([]) == "no provisions of its own"
