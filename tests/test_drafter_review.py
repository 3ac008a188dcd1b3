"""Mistakes a drafter's walkthrough found that `trustlaw check` let through or answered
unhelpfully: a label both written and struck (the replacement vanished without a word),
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


@pytest.mark.parametrize("strike_first", [True, False])
def test_a_label_both_written_and_struck_is_an_error(tmp_path: Path, strike_first: bool) -> None:
    strike = "strike (b)(1)(A)(iii)\n\n"
    gate = GATE.format(label="(b)(1)(A)(iii)")
    found = _check(tmp_path, strike + gate if strike_first else gate + strike)
    assert [(code, "both written and struck" in message) for code, message, _ in found] == [
        ("TL-S001", True)]


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
