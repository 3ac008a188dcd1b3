"""`trustlaw compare` says facts and values in the vocabulary's words, not as field dumps.

A drafter read "agency court marshal", "some conviction still stands, has court federal
or other state or this stat…" and "A's answer may turn on person.us_citizen,
reimbursement_agreement; B's on agency, convictions, convictions[].court and 5 more";
the summary now says "the agency is a judicial or state marshal", "a conviction that
still stands, has court a federal court of the United States …" and "A's answer turns
on U.S. citizen and reimbursement agreement; B's on the agency, the convictions, a
conviction's court and 5 more". The condition and the example stay exact.
"""

from __future__ import annotations

import json
import re

import pytest

import trustlaw
from trustlaw.decisions.words import Readings, fact_name, unknown_clause

pytest.importorskip("z3")


@pytest.fixture(scope="module")
def cook() -> trustlaw.Comparison:
    return trustlaw.compare("cook-county/11-o-73", "santa-clara/policy-3-54")


def _summary(comparison: trustlaw.Comparison) -> list[str]:
    return comparison.render().split("\nDetails\n")[0].splitlines()


def test_an_agency_is_said_by_what_it_is(cook: trustlaw.Comparison) -> None:
    lines = _summary(cook)
    assert ("  33. A prohibits, B permits: an agency both laws bind; the request's judicial "
            "warrant is signed by a state judge") in lines
    assert not any("agency other" in line or "agency = other" in line for line in lines)
    source = ("reimbursement_agreement and agency in {county_jail, county_sheriff, court_marshal} "
              "and person.age < 18 and not person.us_citizen")
    index, region = next((i, r) for i, r in enumerate(cook.regions) if r.source == source)
    assert region.summary == (
        "reimbursement agreement; the person's age is less than 18; the person is not a "
        "United States citizen; the agency is a county or city jail, a county sheriff's "
        "office or a judicial or state marshal")
    # the condition and the example stay as a programmer reads them
    text = cook.render()
    assert f"   condition: {source}" in text
    assert f"   example: {json.dumps(region.example, ensure_ascii=False)}" in text
    assert cook.to_dict()["regions"][index]["condition"] == region.source


def test_a_list_is_said_as_the_element_it_asks_for(cook: trustlaw.Comparison) -> None:
    """"some conviction still stands, has court federal or other state or this stat…"
    named a list's fields and values and was cut mid-word; then two lines read "a
    conviction that still stands, that was entered by a court of the state…", cut before
    what told them apart."""
    lines = [line for line in _summary(cook) if "a conviction" in line and "A " in line[:8]]
    assert lines
    for line in lines:
        assert "some conviction" not in line and "has court" not in line
        assert line.endswith("…") and line[-2].isalpha(), line  # a whole word before the cut
    # the clauses every conviction of the section says (still stands, entered by a U.S.
    # court, not a youthful-offender adjudication) give way to the one that sets each apart
    assert lines[:2] == [
        "  1. A prohibits, B permits: reimbursement agreement; the person's age is at least "
        "18; a conviction … that is classed as a homicide offense; not U.S. citizen…",
        "  2. A prohibits, B permits: reimbursement agreement; the person's age is at least "
        "18; a conviction … that is classed as a California serious or violent…"]
    region = next(r for r in cook.regions
                  if "conviction that" in r.summary and "ca.serious_felony" in r.source)
    assert ("a conviction that still stands, that was entered by a court of the state whose "
            "law is applied, a court of another state of the United States, a federal court "
            "of the United States or a court of the District of Columbia, that was not a "
            "youthful-offender or juvenile adjudication, that is classed as") \
        in region.summary
    # the tags by their meanings, the words they share said once
    assert "classed as a California serious or violent felony" in region.summary


def test_the_facts_an_unknown_answer_turns_on_are_named_in_words(
        cook: trustlaw.Comparison) -> None:
    lines = _summary(cook)
    start = lines.index("Only where a fact is unknown (20 regions):")
    assert lines[start + 1] == (
        "  hold (4 regions): A's answer may turn on U.S. citizen, reimbursement agreement and 1 "
        "more; B's on the convictions, a conviction's court and 8 more")
    assert lines[start + 4] == (
        "  interview (2 regions): A's answer may turn on the agency, judicial warrant and who "
        "signed the request's judicial warrant")
    assert lines[start + 5] == (
        "  longest hold each law sets (2 regions): when the agency or the request's form is "
        "unknown")
    for line in lines[start:]:
        assert "." not in line.replace("U.S.", "") and "[]" not in line and "_" not in line
    # the JSON keeps the facts' paths
    unknown = cook.to_dict()["regions"][-1]["unknown_facts"]
    assert unknown and all(" " not in path for path in unknown)


def test_where_one_law_leaves_a_hold_undetermined_for_a_citizen() -> None:
    texas = trustlaw.compare("tx/sb4-2017", "us/detainer-regulation")
    lines = _summary(texas)
    # a yes/no fact by its reading where that leaves room, else by its name as above
    assert ("  hold (5 regions): A's answer may turn on the agency, proof of lawful status, "
            "the request's issuer, judicial warrant and 3 more; B's on U.S. citizen") in lines
    assert "  longest hold each law sets (1 region): when the agency is unknown" in lines


def test_the_acceptance_words_stay_on_the_first_screen() -> None:
    first = "\n".join(trustlaw.compare("ct/pa-13-155", "ct/pa-19-20").render()
                      .splitlines()[:40])
    for words in ("gang database", "judicial warrant", "class A or B felony"):
        assert words in first


def test_a_fact_is_named_by_the_vocabulary() -> None:
    readings = Readings.of(trustlaw.load("ct/pa-19-20").program)
    assert fact_name("agency", readings) == "the agency"
    assert fact_name("date", readings) == "the case date"
    assert fact_name("request.form", readings) == "the request's form"
    assert fact_name("convictions", readings) == "the convictions"
    assert fact_name("convictions[].court", readings) == "a conviction's court"
    assert fact_name("person.us_citizen", readings) == (
        "whether the person is a United States citizen")
    assert fact_name("convictions[].vacated", readings) == "whether a conviction was set aside"
    assert fact_name("request.judicial_warrant_signed_by", readings) == (
        "who signed the request's judicial warrant")
    assert fact_name("warrants[].issued_in", readings) == "where a warrant was issued"
    assert fact_name("not a path!", readings) == "not a path!"  # given back as it is
    assert unknown_clause(["the agency", "the request's form"]) == (
        "the agency or the request's form is unknown")
    assert unknown_clause(["whether the person is a United States citizen"]) == (
        "it is unknown whether the person is a United States citizen")


def test_the_markdown_says_the_same_words_escaped(cook: trustlaw.Comparison) -> None:
    markdown = cook.render("markdown")
    assert ("the agency is a county or city jail, a county sheriff's office or a judicial or state "
            "marshal") in markdown
    assert "the request's judicial warrant is signed by a state judge" in markdown


def test_a_region_whose_example_leaves_many_facts_unknown_counts_them() -> None:
    """More than three facts left unknown: counted, the first three named (the region
    said only "a fact is unknown that decides neither law", naming none)."""
    comparison = trustlaw.compare("ct/pa-13-155", "ca/sb54-2017")
    many = [r for r in comparison.determined if "facts unknown, among them" in r.summary]
    assert many
    for region in many:
        said = re.search(r"the example leaves (\d+) facts unknown, among them (.*?)\): ",
                         region.summary)
        assert said is not None, region.summary
        assert int(said.group(1)) > 3 and said.group(2).count(",") + said.group(2).count(
            " and ") >= 2
        for statute, result in ((comparison.a, region.a), (comparison.b, region.b)):
            assert statute.decide(region.example).outcomes[region.outcome] == result


def test_a_region_both_laws_decide_whatever_a_fact_is_names_that_fact(
        cook: trustlaw.Comparison) -> None:
    """Where both laws decide with a fact unknown, the region's words name the fact its
    example leaves unknown (a few of them: a long list would say little), and the
    example does leave it unknown and is decided as the region says."""
    (region,) = [r for r in cook.determined if "decides neither law" in r.summary
                 and r.outcome == "hold"]
    assert region.summary.startswith(
        "a fact is unknown that decides neither law (the example leaves the person's age "
        "and the day the request was lodged unknown): cook-county/11-o-73 ")
    assert "age" not in region.example.get("person", {})
    for statute, result in ((cook.a, region.a), (cook.b, region.b)):
        assert statute.decide(region.example).outcomes["hold"] == result
