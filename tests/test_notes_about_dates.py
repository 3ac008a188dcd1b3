"""A note may be about a date of the heading (`about in_force`): how a date the sources
leave open was chosen. The statute page links such notes beside the dates, so a lawyer
who reads "In force July 10, 2012" learns it is the earliest day the Act could have
applied, not its effective date."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import trustlaw
from trustlaw.diagnostics import StatuteError
from trustlaw.lowering.examples import HEADER_DATES
from trustlaw.site import statute_page
from trustlaw.site.statute_page import _DATE_WORDS

LAW = textwrap.dedent("""\
    statute "test/dates" {{
      title "Dates test"
      jurisdiction "test"
      citation "Test Act"
      status enacted
      in_force 2012-07-10
    }}

    provision (a) {{
      cites "Test Act § (a)"
      text "No holds."
      hold prohibited
    }}

    note "Dates" {{
      about {target}
      text "The earliest day the Act could have applied."
    }}
    """)


def test_a_note_about_the_date_in_force_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "dates.law"
    path.write_text(LAW.format(target="in_force"), encoding="utf-8")
    statute = trustlaw.load(str(path))
    (note,) = statute.program.notes
    assert note.about == ("in_force",)
    page = statute_page.statute_page(statute)
    assert "- **How the dates were chosen:** [Dates](#note-1)" in page
    assert "About [when it came into force](#about-this-statute)." in page


def test_a_misspelt_date_is_named_with_the_right_one(tmp_path: Path) -> None:
    path = tmp_path / "dates.law"
    path.write_text(LAW.format(target="in_forc"), encoding="utf-8")
    with pytest.raises(StatuteError) as raised:
        trustlaw.load(str(path))
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-N010"
    assert "in_force" in (diagnostic.help or "")


def test_every_heading_date_has_words() -> None:
    assert set(_DATE_WORDS) == set(HEADER_DATES)


@pytest.mark.parametrize("statute_id", ["dc/detainer-act-2012", "miami-dade/r-1008-13",
                                        "bernalillo-county/mdc-2013"])
def test_a_superseded_law_says_how_its_dates_were_chosen(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)
    page = statute_page.statute_page(statute)
    index = next(i for i, note in enumerate(statute.program.notes, start=1)
                 if "in_force" in note.about)
    assert "How these dates were chosen: [" in page
    assert f"](#note-{index})" in page.split("No longer in force", 1)[1].split("\n\n", 1)[0]


def test_a_law_without_such_a_note_says_nothing_of_it() -> None:
    page = statute_page.statute_page(trustlaw.load("ct/pa-13-155"))
    assert "How the dates were chosen" not in page
