"""What the December reviews by a lawyer, a researcher and a legal reviewer found that a
reader of a page, a comparison's caseload lines or a decision would be misled by."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import trustlaw
from trustlaw.site import docgen


def test_a_note_about_many_provisions_is_given_in_full_once() -> None:
    """The juvenile-adjudication note was printed under eight provisions of SB 54's page:
    it is given in full beside the first and named, linked, beside the others."""
    page = docgen.statute_page(trustlaw.load("ca/sb54-2017"))
    provisions = page.split("## Provisions", 1)[1].split("## Notes on the reading", 1)[0]
    title = "A juvenile adjudication is not a conviction"
    assert provisions.count(f'??? note "Reading: {title}"') == 1
    again = re.findall(rf"\[{title}\]\(#note-\d+\) \(given in full under [^)]+\)", provisions)
    assert len(again) >= 3


def test_the_verification_line_counts_each_level_and_reads_as_a_sentence() -> None:
    page = docgen.statute_page(trustlaw.load("tx/sb4-2017"))
    (line,) = [x for x in page.splitlines() if x.startswith("- **Verification:**")]
    assert line.endswith("unverified</span> · 5 verified text, 2 secondary source, "
                         "2 unverified (9 provisions): its weakest provision is not "
                         "verified; a working hypothesis")


@pytest.mark.parametrize("law", ["ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29"])
def test_connecticut_warns_of_a_known_citizen_and_binds_a_jail_named_a_county_jail(
        law: str) -> None:
    statute = trustlaw.load(law)
    case = {"date": {"ct/pa-13-155": "2016-05-02", "ct/pa-19-20": "2021-03-01",
                     "ct/pa-25-29": "2025-11-03"}[law],
            "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247A", "judicial_warrant": True,
                        "judicial_warrant_signed_by": "federal_judge"},
            "person": {"terrorist_watchlist_match": True, "us_citizen": False}}
    decision = statute.decide(case)
    assert decision.outcomes["hold"] == "permitted"
    assert "citizen" not in [w["code"] for w in decision.warnings]
    citizen = {**case, "person": {**case["person"], "us_citizen": True}}
    decision = statute.decide(citizen)
    assert decision.outcomes["hold"] == "permitted"  # the Act's own test decides
    assert "citizen" in [w["code"] for w in decision.warnings]
    bare = {**case, "request": {"kinds": ["hold"], "form": "I-247A", "judicial_warrant": False},
            "person": {"terrorist_watchlist_match": False}, "convictions": [],
            "charges": [], "warrants": []}
    if law == "ct/pa-13-155":  # its factors, each known not to apply
        bare["person"].update(gang_database=False, security_risk_group=False,
                              final_removal_order=False, public_safety_risk=False)
    for agency in ("county_jail", "county_sheriff"):
        decided = statute.decide({**bare, "agency": agency})
        assert decided.outcomes["hold"] == "prohibited", agency
        assert "not-bound" not in [w["code"] for w in decided.warnings]


@pytest.mark.parametrize(("law", "boundary", "inside"), [
    ("ca/ab4-2013", "a listed wobbler misdemeanor exactly five years old no longer counts",
     "a listed wobbler misdemeanor a day short of five years old counts"),
    ("santa-clara/policy-3-54", "a judgment exactly ten years old no longer counts",
     "a judgment a day short of ten years old counts"),
    ("ct/hb6659-raised-2013",
     "a release exactly five years before the detainer is outside the window",
     "release within five years counts even for an old judgment"),
])
def test_a_look_back_window_that_opens_a_hold_leaves_its_anniversary_out(
        law: str, boundary: str, inside: str) -> None:
    """On the anniversary the window has closed (the reading that never allows a hold
    another forbids, as the New York City files read theirs); a day earlier it is open.
    The two cases differ in that one day only."""
    statute = trustlaw.load(law)
    examples = {e.name: e.case for e in statute.program.examples}
    on, before = examples[boundary], examples[inside]
    assert statute.decide(on).outcomes["hold"] == "prohibited"
    assert statute.decide(before).outcomes["hold"] == "permitted"
    differ = [k for k in {**on, **before} if on.get(k) != before.get(k)]
    assert differ == ["convictions"]


def test_the_caseload_lines_of_a_comparison_do_not_call_undecided_cases_alike(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("z3")
    from trustlaw.cli import main

    cases = tmp_path / "cases.jsonl"
    # undetermined under both: nothing about the person or the record is known
    open_case = {"date": "2016-05-02", "agency": "state_corrections",
                 "request": {"kinds": ["hold"], "form": "I-247D"}}
    # and one the 2013 act lets be held on its gang factor, which 2019 does not
    gang = {**open_case, "request": {**open_case["request"], "judicial_warrant": False},
            "person": {"gang_database": True, "gang_identified_by_doc": True,
                       "terrorist_watchlist_match": False, "us_citizen": False},
            "convictions": [], "charges": [], "warrants": []}
    cases.write_text(json.dumps(open_case) + "\n" + json.dumps(gang) + "\n", encoding="utf-8")
    assert main(["compare", "ct/pa-13-155", "ct/pa-19-20", "--cases", str(cases),
                 "--only", "hold"]) == 1
    out = capsys.readouterr().out
    assert ("  hold: 1 with the same result (1 of them undetermined under both); permitted "
            "→ prohibited: 1") in out
    assert "decided alike" not in out
    assert ("(a case can lie in several regions, so the regions' counts overlap and do not "
            "add up; the lines above count each case once)") in out
    # a move is what the laws allow: the drafter read 251 "transfers prevented" of which
    # 9 requests asked for a transfer
    assert ("(each case is counted whatever its request asked for: a move is what the laws "
            "allow, not a hold, notice or transfer asked for and granted or refused; the "
            "request's kinds tell them apart)") in out


def test_a_duty_the_facts_leave_open_is_listed_with_what_it_waits_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With the form unknown, the 2013 act's duty to release after 48 hours showed only as
    a code under "depends on": a lawyer reading the duties saw no release duty at all."""
    from trustlaw.cli import main

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"date": "2015-06-04", "agency": "state_corrections",
                                "request": {"kinds": ["hold"]},
                                "person": {"terrorist_watchlist_match": True}}),
                    encoding="utf-8")
    assert main(["decide", "ct/pa-13-155", str(case)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert ("duties: - notify-ice-of-decision (Conn. Pub. Act 13-155 § 1(c)): Tell the federal "
            "immigration authority at once") in text
    assert ("- may apply, depending on request.form: release-after-48-hours (Conn. Pub. Act "
            "13-155 § 1(c)): Release the person if the federal immigration authority has not "
            "taken custody within 48 hours") in text


def test_the_csv_header_is_printed_as_synth_writes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The researcher found the whole CSV layout only by writing an empty synthetic file."""
    pytest.importorskip("pyarrow")
    from trustlaw.cli import main

    assert main(["schema", "csv"]) == 0
    header = capsys.readouterr().out
    out = tmp_path / "one.csv"
    assert main(["synth", "--n", "1", "--seed", "3", "--out", str(out)]) == 0
    capsys.readouterr()
    assert header.splitlines() == [out.read_text(encoding="utf-8").splitlines()[0]]
    assert header.startswith("id,date,") and ",request.form," in header
