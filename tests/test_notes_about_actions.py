"""A note may be about an action as a whole (`about notification`) or the hold's length
(`about longest_hold`): how the file reads the law on it. Where a summary line is one
reading of an unsettled text (Connecticut's notice bar, the strictest of three), the
lawyer sees the reading beside the line, a decision's grounds name it, and so does the
explanation, including where the law is silent on the action."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import trustlaw
from trustlaw.diagnostics import StatuteError
from trustlaw.lowering.examples import NOTE_TOPICS
from trustlaw.site import statute_page

LAW = textwrap.dedent("""\
    statute "test/topics" {{
      title "Topics test"
      jurisdiction "test"
      citation "Test Act"
      status enacted
      in_force 2012-07-10
    }}

    provision (a) {{
      cites "Test Act § (a)"
      text "No holds on the old form; others for at most a day."
      hold prohibited if request.form = "I-247"
      limit hold 24 hours
    }}

    note "Silent on notice" {{
      about {target}
      text "The Act speaks only of holds."
    }}

    note "Clock hours" {{
      about longest_hold
      text "The day is 24 clock hours."
    }}
    """)


def _load(tmp_path: Path, target: str) -> trustlaw.Statute:
    path = tmp_path / "topics.law"
    path.write_text(LAW.format(target=target), encoding="utf-8")
    return trustlaw.load(str(path))


def test_the_topics_are_the_actions_and_the_longest_hold() -> None:
    assert NOTE_TOPICS == ("hold", "notification", "transfer", "interview", "longest_hold")


def test_a_note_about_an_action_is_shown_beside_it_in_short(tmp_path: Path) -> None:
    statute = _load(tmp_path, "notification")
    assert statute.program.notes[0].about == ("notification",)
    page = statute_page.statute_page(statute)
    short = page.split("## In short", 1)[1].split("\n## ", 1)[0]
    notice = short.split("(notification)\n", 1)[1].split("\n**", 1)[0]
    assert "*How this file reads it:* [Silent on notice](#note-1)" in notice
    hold = short.split("(hold)\n", 1)[1].split("\n**", 1)[0]
    assert "How this file reads it" not in hold
    longest = short.split("**Longest hold**", 1)[1]
    assert "*How this file reads it:* [Clock hours](#note-2)" in longest
    assert "About [telling the immigration authority the release date and time](#in-short)" \
        in page
    assert "About [the longest hold](#in-short)" in page


def test_a_silent_action_names_its_reading_in_the_decision(tmp_path: Path) -> None:
    statute = _load(tmp_path, "notification")
    case = {"request": {"kinds": ["hold", "notification"], "form": "I-247A"}}
    decision = statute.decide(case)
    (ground,) = decision.to_dict()["grounds"]["notification"]
    assert "provision" not in ground
    assert ground["notes"] == ["Silent on notice"]
    (transfer,) = decision.to_dict()["grounds"]["transfer"]
    assert transfer["notes"] == []
    text = statute.explain(case)
    silent = text.split("Notification (", 1)[1].split("\n\n", 1)[0]
    assert "Readings: Silent on notice." in silent
    limit = text.split("Time limit:", 1)[1]
    assert "Readings: Clock hours." in limit


def test_a_rule_ground_also_rests_on_its_actions_reading(tmp_path: Path) -> None:
    statute = _load(tmp_path, "hold")
    decision = statute.decide({"request": {"kinds": ["hold"], "form": "I-247"}})
    (ground,) = decision.to_dict()["grounds"]["hold"]
    assert ground["provision"] == "(a)"
    assert ground["notes"] == ["Silent on notice"]


def test_a_misspelt_action_is_named_with_the_right_one(tmp_path: Path) -> None:
    with pytest.raises(StatuteError) as raised:
        _load(tmp_path, "notifcation")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-N010"
    assert "notification" in (diagnostic.help or "")


def test_connecticut_2019_says_its_notice_bar_is_a_reading() -> None:
    """The lawyer's review: the page said "Prohibited ((b)(1)(B))" for notification with
    nothing to say it is the strictest of three readings; it now links the note."""
    statute = trustlaw.load("ct/pa-19-20")
    page = statute_page.statute_page(statute)
    notice = page.split("(notification)\n", 1)[1].split("\n**", 1)[0]
    index = next(i for i, note in enumerate(statute.program.notes, start=1)
                 if note.title.startswith("Notice of release stays barred"))
    assert "- Prohibited ([(b)(1)(B)](#provision-b-1-B))." in notice
    assert "*How this file reads it:* [Notice of release stays barred" in notice
    assert f"](#note-{index})" in notice
    longest = page.split("**Longest hold**", 1)[1].split("\n**", 1)[0]
    assert "[The hold length comes from the request form]" in longest
    assert "[Which holidays stop the Form I-247 clock]" in longest


def test_every_bundled_law_silent_on_an_action_says_why_where_it_has_a_note() -> None:
    """California's AB 4 speaks only of holds; its silence on the other actions rests on
    the note saying so, and each silent ground names it."""
    statute = trustlaw.load("ca/ab4-2013")
    grounds = statute.decide({"request": {"kinds": ["notification"]}}).to_dict()["grounds"]
    for action in ("notification", "transfer", "interview"):
        (ground,) = grounds[action]
        assert ground["notes"] == ["What AB 4 does not address"], action


def test_a_ground_of_whom_the_law_binds_rests_on_no_actions_reading() -> None:
    """A juvenile detention center is outside Connecticut's 2019 section: every action is
    permitted by (a)(9), whose ground names its own notes and not the notice bar's reading."""
    statute = trustlaw.load("ct/pa-19-20")
    decision = statute.decide({"date": "2020-06-01", "agency": "juvenile_detention",
                               "request": {"kinds": ["hold", "notification"]}})
    grounds = decision.to_dict()["grounds"]
    assert grounds["notification"][0]["provision"] == "(a)(9)"
    assert grounds["notification"][0]["notes"] == grounds["hold"][0]["notes"]
    assert not any(title.startswith("Notice of release")
                   for title in grounds["notification"][0]["notes"])
