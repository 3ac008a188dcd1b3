"""`trustlaw verify` on an amendment also proves the amended statute's invariants on the
amended law (issue 12: "the base statute's examples and invariants run against the
amended law"); one the amendment no longer keeps is reported as CHANGED, not a failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

from trustlaw.lowering.files import statutes_root

pytest.importorskip("z3")

DRAFTS = statutes_root() / "drafts"
# holds on a reimbursement agreement alone: the 2013 Act's "no civil detainer alone ever
# causes a hold" no longer holds
LOOSENED = """
statute "ct/pa-13-155-reimbursed-draft" {
  title "Draft: holds on a reimbursement agreement"
  jurisdiction "ct"
  citation "Draft amendment of Conn. Pub. Act 13-155"
  status proposed
  introduced 2013-06-01
  amends "ct/pa-13-155"
  verification U
}

provision (b)(8) except (b) {
  cites "Draft § 1(b)(8)"
  text "A hold is permitted where a federal agreement reimburses its cost."
  hold permitted if reimbursement_agreement
}
"""


def test_a_draft_is_held_to_the_invariants_of_the_law_it_amends(
    capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "verify", str(DRAFTS / "ct-pa-13-155-without-b7.law"))
    assert code == 0, out
    assert ("proved: ct/pa-13-155-without-b7-draft · no civil detainer alone ever causes a "
            "hold (an invariant of ct/pa-13-155)") in out
    assert out.strip().splitlines()[-1] == "verified 1 statute: 4 invariants (4 proved)"


def test_an_invariant_the_amendment_breaks_is_changed_not_a_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    law = tmp_path / "loosened.law"
    law.write_text(LOOSENED, encoding="utf-8")
    code, out, _ = run(capsys, "verify", str(law))
    assert code == 0, out
    assert ("CHANGED: ct/pa-13-155-reimbursed-draft · no civil detainer alone ever causes a "
            "hold (an invariant of ct/pa-13-155, which the amendment no longer keeps)") in out
    assert '"reimbursement_agreement": true' in out  # the counterexample shows why
    assert out.strip().endswith("(3 proved, 1 changed by the amendment)")
    code, out, _ = run(capsys, "verify", str(law), "--format", "json")
    results = {r["invariant"]: r for r in json.loads(out)}
    broken = results["no civil detainer alone ever causes a hold"]
    assert broken["status"] == "violated" and broken["changed"] is True
    assert broken["inherited_from"] == "ct/pa-13-155"


def test_an_invariant_the_amendment_restates_is_checked_once(
    capsys: pytest.CaptureFixture[str]
) -> None:
    # nyc/int-1558-2017 amends the 2014 laws and restates four of their five invariants
    code, out, _ = run(capsys, "verify", "nyc/int-1558-2017", "--format", "json")
    assert code == 0
    names = [r["invariant"] for r in json.loads(out)]
    assert len(names) == len(set(names))
    inherited = [r for r in json.loads(out) if r.get("inherited_from")]
    assert [r["inherited_from"] for r in inherited] == ["nyc/ll58-59-2014"]


def test_an_inherited_invariant_the_amended_law_expects_violated_says_so(
    capsys: pytest.CaptureFixture[str]
) -> None:
    # ct/pa-19-20 says `expect violated` of "the statute itself sets no clock"; its draft
    # keeps that as expected, and the line says why the violation is no failure
    code, out, _ = run(capsys, "verify", str(DRAFTS / "ct-pa-19-20-hb7211-gate.law"))
    assert code == 0, out
    assert ("VIOLATED: ct/pa-19-20-hb7211-gate-draft · the statute itself sets no clock "
            "(an invariant of ct/pa-19-20, which says `expect violated`)") in out
    assert "changed by the amendment" not in out


STALE_ONLY_CONVICTION = """\
statute "ct/stale-only-conviction-draft" {
  title "Draft: no hold where the only conviction is more than ten years old"
  jurisdiction "ct"
  citation "Draft amendment of Conn. Gen. Stat. § 54-192h"
  status proposed
  introduced 2027-01-01
  amends "ct/pa-25-29"
  verification S
}

provision (b)(1)(F) notwithstanding (b)(1)(A)(ii) {
  cites "Conn. Gen. Stat. § 54-192h(b)(1)(F), as the draft would add it"
  text "No hold where the person's only conviction is more than ten years old."
  hold prohibited if (count c in convictions where true) = 1
    and (all c in convictions where c.date < date - 10 years)
}
"""


def test_a_counterexample_is_dated_in_the_years_the_law_would_apply(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The draft breaks "more criminal history never takes away a permitted hold"; its
    counterexample was dated 1914, with a conviction of 1904: right, and read as
    nonsense. Now the case date falls in the ten years from the draft's year and the
    conviction within 25 years before it."""
    draft = tmp_path / "stale.law"
    draft.write_text(STALE_ONLY_CONVICTION, encoding="utf-8")
    code, out, _ = run(capsys, "verify", str(draft), "--format", "json")
    assert code == 0  # an inherited invariant the amendment breaks is its change, not a failure
    (changed,) = [r for r in json.loads(out)
                  if r["invariant"] == "more criminal history never takes away a permitted hold"]
    cases = [changed["counterexample"]["case"], changed["counterexample"]["second_case"]]
    for case in cases:
        year = int(case["date"][:4])
        assert 2027 <= year <= 2037, case
        for conviction in case.get("convictions", []):
            if "date" in conviction:
                assert year - 25 <= int(conviction["date"][:4]) <= year, case
    assert any(c.get("convictions") for c in cases)
