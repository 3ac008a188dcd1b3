"""Mistakes a drafter's walkthrough found that `trustlaw check` let through or answered
unhelpfully: a label struck after it is written (the replacement vanished without a word),
roman numerals mistyped as `l` or `1` (a second gate beside the unchanged one), a note
about a date the header does not give, and a citation hint quoting another law."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from trustlaw.checker import check_paths

HEADER = textwrap.dedent("""\
    statute "ct/draft-review" {
      title "Draft"
      jurisdiction "ct"
      citation "Draft amendment"
      status proposed
      introduced 2026-02-01
      amends "ct/pa-25-29"
    }

    """)

GATE = textwrap.dedent("""\
    provision {label} except (b)(1)(A) {{
      cites "Draft § 1"
      text "A gate."
      hold permitted if person.gang_database
    }}

    """)


def _check(tmp_path: Path, body: str) -> list[tuple[str, str, int]]:
    path = tmp_path / "draft.law"
    path.write_text(HEADER + body, encoding="utf-8")
    return [(d.code, d.message, d.span.line if d.span else 0) for d in check_paths([path])]


@pytest.mark.parametrize("order", ["written, struck", "struck, written, struck"])
def test_a_label_struck_after_it_is_written_is_an_error(tmp_path: Path, order: str) -> None:
    """Either order dropped the provision just written, without a word. (A strike before
    the provision, and nothing after, replaces it: tests/test_lower_amend.py.)"""
    strike = "strike (b)(1)(A)(iii)\n\n"
    gate = GATE.format(label="(b)(1)(A)(iii)")
    body = gate + strike if order == "written, struck" else strike + gate + strike
    found = _check(tmp_path, body)
    assert [(code, "is struck after this file writes it" in message)
            for code, message, _ in found] == [("TL-S001", True)]


@pytest.mark.parametrize("typed", ["(b)(1)(A)(ll)", "(b)(1)(A)(li)", "(b)(1)(A)(11)",
                                   "(b)(1)(A)(Ii)"])
def test_a_mistyped_roman_numeral_is_warned_of(tmp_path: Path, typed: str) -> None:
    found = _check(tmp_path, GATE.format(label=typed))
    (warning,) = [(code, message) for code, message, _ in found if code == "TL-W005"]
    assert "its (b)(1)(A)(ii) stays in force unchanged" in warning[1]


def test_a_new_label_unlike_any_is_not_warned_of(tmp_path: Path) -> None:
    assert _check(tmp_path, GATE.format(label="(b)(1)(A)(iv)")) == []


def test_a_note_about_a_date_the_header_does_not_give_is_an_error(tmp_path: Path) -> None:
    body = 'note "When" {\n  about in_force\n  text "Assumed."\n}\n'
    found = _check(tmp_path, body)
    assert [(code, line) for code, _, line in found] == [("TL-N010", 11)]
    assert "the header does not give" in found[0][1]
    introduced = body.replace("in_force", "introduced")
    assert _check(tmp_path, introduced) == []


def test_a_missing_citation_is_not_given_another_laws(tmp_path: Path) -> None:
    path = tmp_path / "draft.law"
    path.write_text(HEADER.replace('  citation "Draft amendment"\n', ""), encoding="utf-8")
    (missing,) = [d for d in check_paths([path]) if d.code == "TL-M002"]
    assert "citation" in missing.message
    assert "13-155" not in (missing.help or "")


def test_a_selection_says_what_it_left_out() -> None:
    """`--only hold --known-only` said "0 more only where a fact is unknown" while it had
    left those regions out, and the other actions' regions too, without a word."""
    import trustlaw
    from trustlaw.analysis.compare.render import summary_lines

    draft = str(Path(__file__).parents[1] / "statutes/drafts/ct-pa-19-20-hb7211-gate.law")
    whole = trustlaw.compare("ct/pa-19-20", draft)
    kept = whole.only(("hold",), known_only=True)
    left = len(whole.regions) - len(kept.regions)
    assert left > 0 and any(not r.determined for r in whole.regions if r.outcome == "hold")
    lines = summary_lines(kept)
    assert "more only where a fact is unknown" not in lines[0]
    assert f"(showing hold where both laws decide: {left} regions left out)" in lines


def test_an_amendment_keeps_the_notes_on_what_it_leaves_alone(tmp_path: Path) -> None:
    """A draft that adds one gate to the 2025 law lost every reading of the law it
    amends: its notification ground no longer named the strictest-reading note. Notes on
    provisions the draft leaves alone carry over; one on a replaced provision does not."""
    import trustlaw

    base = trustlaw.load("ct/pa-25-29")
    path = tmp_path / "draft.law"
    path.write_text(HEADER + GATE.format(label="(b)(1)(A)(iv)") + textwrap.dedent("""\
        provision (b)(1)(C) {
          cites "Draft § 2"
          text "An administrative warrant is no authority to detain."
          hold prohibited if any w in warrants where w.kind = administrative_immigration
        }
        """), encoding="utf-8")
    draft = trustlaw.load(str(path))
    titles = [note.title for note in draft.program.notes]
    notice = next(n for n in base.program.notes if n.title.startswith("Notice of release"))
    assert notice.title in titles
    (kept,) = [n for n in draft.program.notes if n.title == notice.title]
    assert kept.about == tuple(t for t in notice.about if t.startswith("("))  # no topic
    administrative = next(n for n in base.program.notes if n.about == ("(b)(1)(C)",))
    assert administrative.title not in titles  # its provision is the draft's own now
    assert not any(t in ("in_force", "superseded") for n in draft.program.notes
                   for t in n.about)
    case = {"date": "2026-03-02", "agency": "state_police",
            "request": {"kinds": ["hold", "notification"]}}
    (ground,) = draft.decide(case).to_dict()["grounds"]["notification"]
    assert notice.title in ground["notes"]


def test_a_drafts_example_dates_are_explained() -> None:
    """A draft's examples were dated a year after its introduction with no word why."""
    import trustlaw
    from trustlaw.analysis.compare.render import dates_note

    draft = str(Path(__file__).parents[1] / "statutes/drafts/ct-pa-13-155-without-b7.law")
    comparison = trustlaw.compare("ct/pa-13-155", draft)
    note = dates_note(comparison)
    assert note is not None and note.startswith(
        "No date in force for a proposal (ct/pa-13-155-without-b7-draft was introduced on "
        "2014-01-01): examples are dated 2015-01-01")
    assert note in comparison.render()
    dated = {region.example.get("date") for region in comparison.regions
             if region.example is not None}
    assert "2015-01-01" in dated
    assert dates_note(trustlaw.compare("ct/pa-13-155", "ca/sb54-2017")) is None


def test_a_draft_that_shares_no_days_with_the_law_is_not_said_to_be_in_force() -> None:
    """A draft introduced the day after the law it amends was superseded read "the two
    laws were never in force together (… the draft from 2025-10-01)": a bill with no date
    in force was given one, its introduction."""
    import trustlaw
    from trustlaw.analysis.compare.render import dates_note

    draft = str(Path(__file__).parents[1] / "statutes/drafts/ct-pa-19-20-hb7211-gate.law")
    note = dates_note(trustlaw.compare("ct/pa-19-20", draft))
    assert note == (
        "The law and the proposal share no days (ct/pa-19-20 2019-10-01 to 2025-09-30; "
        "ct/pa-19-20-hb7211-gate-draft a proposal introduced on 2025-10-01, never in "
        "force): examples are dated 2026-10-01, as if ct/pa-19-20-hb7211-gate-draft were "
        "law from its introduction, unless a region needs another date.")
    assert "in force together" not in note
