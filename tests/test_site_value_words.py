"""A statute page's "In plain words" says a value of a kind of fact in the vocabulary's own
words ("a judicial or state marshal", "California serious felony"), linked to the case
format's table that gives the value as a case writes it (``court_marshal``), never the
identifier alone; a value with no words that fit is shown as written, and every word from
the vocabulary is still escaped."""

from __future__ import annotations

import re

import attrs
import pytest

import trustlaw
from trustlaw import ir
from trustlaw.decisions.words import value_meanings
from trustlaw.site import docgen
from trustlaw.site.statute_page import Terms

VALUES = "../../reference/case-schema.md#values-"


def plain_words(statute_id: str) -> list[str]:
    page = docgen.statute_page(trustlaw.load(statute_id))
    return [line for line in page.splitlines() if line.startswith("**In plain words:**")]


@pytest.mark.parametrize("statute_id", ["ct/pa-13-155", "ca/sb54-2017"])
def test_an_agency_is_named_in_the_vocabularys_words(statute_id: str) -> None:
    lines = plain_words(statute_id)
    assert not any("court\\_marshal" in line or "court_marshal" in line for line in lines)
    scope = next(line for line in lines if "sets whom the law binds" in line)
    assert f"[a judicial or state marshal]({VALUES}agency)" in scope
    assert f"[a municipal police department]({VALUES}agency)" in scope


def test_a_set_of_values_reads_in_the_vocabularys_order() -> None:
    """The agencies were listed in the order of their identifiers, which put "any other
    agency" in the middle of California's list; the vocabulary's order ends with it."""
    scope = next(line for line in plain_words("ca/sb54-2017") if "sets whom" in line)
    named = re.findall(r"\[([^\]]+)\]\(" + re.escape(VALUES) + "agency\\)", scope)
    statute = trustlaw.load("ca/sb54-2017")
    meanings = value_meanings(statute.vocabulary)
    (agency,) = [kind for kind in statute.vocabulary.enums if kind.name == "agency"]
    declared = [meanings[("agency", value)] for value in agency.values]
    assert named == [words for words in declared if words in named]
    assert named[-1] == "another agency, not listed here" and len(named) == 12


def test_a_court_and_a_tag_read_as_what_they_mean() -> None:
    lines = plain_words("ca/sb54-2017")
    text = "\n".join(lines)
    assert "this\\_state" not in text and "other\\_state" not in text
    assert "ca.serious" not in text
    assert (f"that was entered by [a court of the state whose law is applied]({VALUES}"
            f"convicting_court), [a court of another state of the United States]({VALUES}"
            f"convicting_court), [a federal court of the United States]({VALUES}"
            f"convicting_court) or [a court of the District of Columbia]({VALUES}"
            "convicting_court)") in text
    assert (f"that is classed as [California serious felony]({VALUES}tag) or [California "
            f"violent felony]({VALUES}tag)") in text


def test_a_value_a_fact_is_known_to_be_is_in_words_and_linked() -> None:
    # "x is known and x = v" reads "x is known to be v": its value was once asked for
    # twice, which threw every value link of the condition away
    text = "\n".join(plain_words("ca/sb54-2017"))
    assert ("judicial warrant is not known to be signed by "
            f"[a state judge]({VALUES}warrant_signer)") in text
    assert "state\\_judge" not in text


@pytest.mark.parametrize("statute_id", trustlaw.available())
def test_no_value_in_plain_words_is_a_name_made_for_the_case_format(statute_id: str) -> None:
    for line in plain_words(statute_id):
        shown = re.findall(r"\[([^\]]*)\]\(\.\./[^)]*#values-[a-z_]+\)", line)
        for value in shown:
            assert "\\_" not in value and not re.fullmatch(r"[a-z]+\.[a-z_\\]+", value), line


def test_value_meanings_read_as_a_sentence_puts_them() -> None:
    meanings = value_meanings(trustlaw.load("ct/pa-13-155").vocabulary)
    assert meanings[("agency", "court_marshal")] == "a judicial or state marshal"
    assert meanings[("agency", "other")] == "another agency, not listed here"
    # a name keeps its capital; so does a capitalised title
    assert meanings[("request_issuer", "ice")] == "U.S. Immigration and Customs Enforcement"
    assert meanings[("tag", "ca.serious_felony")] == "California serious felony"
    assert meanings[("tag", "us.aggravated_felony")].startswith("aggravated felony under INA")
    # every value of a kind with a made-up name reads alike
    assert meanings[("jurisdiction_of_origin", "federal")] == "a federal court or authority"
    assert meanings[("jurisdiction_of_origin", "this_state")] == "the state whose law is applied"
    # a value that is a word (or a form's number) already keeps it, unless its meaning
    # can stand in its place
    assert ("request_kind", "hold") not in meanings
    assert ("request_form", "I-247A") not in meanings
    assert ("felony_class", "A") not in meanings
    assert meanings[("request_form", "other")] == "any other request form"


def test_a_value_without_words_is_shown_as_written() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    words = Terms(statute.program, statute.vocabulary)
    kinds = ir.Fact(("request", "kinds"), ir.ListType(ir.EnumType("request_kind", ("hold",))))
    hold = ir.Member(ir.Const("hold", ir.EnumType("request_kind", ("hold",))), kinds)
    # a list of what the request asks for reads as its asking (not "its kinds include")
    assert words.words(hold) == f"the request asks for a [hold]({VALUES}request_kind)"
    unknown = ir.EnumType("agency", ("nowhere_special",))
    agency = ir.Fact(("agency",), unknown)
    said = words.words(ir.Compare("=", agency, ir.Const("nowhere_special", unknown)))
    assert said == f"the agency is [nowhere\\_special]({VALUES}agency)"


def test_vocabulary_words_for_a_value_are_escaped() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    hostile = "A <script>x</script> | *b* [x](javascript:y) \ue0000\ue001"
    vocabulary = attrs.evolve(statute.vocabulary, enum_texts=tuple(
        (k, v, hostile if v == "court_marshal" else t)
        for k, v, t in statute.vocabulary.enum_texts))
    kind = ir.EnumType("agency", ("court_marshal",))
    condition = ir.Compare("=", ir.Fact(("agency",), kind), ir.Const("court_marshal", kind))
    assert Terms(statute.program, vocabulary).words(condition) == (
        "the agency is [a &lt;script&gt;x&lt;/script&gt; \\| \\*b\\* \\[x\\](javascript:y) "
        f"\ue0000\ue001]({VALUES}agency)")
