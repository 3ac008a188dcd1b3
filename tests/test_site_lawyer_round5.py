"""The site read as a lawyer reads it (round 5): a definition is headed by its name in
words, not by the identifier the statute language uses (which follows in small type),
and a note says what it is about in the same words; statute strings stay escaped."""

from __future__ import annotations

import re

import attrs
import pytest

import trustlaw
from trustlaw.library.statute import Statute
from trustlaw.site import docgen


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
