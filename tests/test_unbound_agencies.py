"""An agency the law does not bind: every outcome comes out "permitted", which means the
law leaves the action to other law, not that it allows it. A decision warns of it
(`not-bound`), a batch row carries the code with `--warnings`, and the counts of holds
"at an agency the law does not bind" are made for every law, or said not to be made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import trustlaw
from trustlaw.cli import main

pytest.importorskip("duckdb")

PROBATION = {"date": "2016-03-01", "agency": "probation",
             "request": {"form": "I-247D", "kinds": ["hold"]}}


def _codes(statute: str, case: dict[str, Any]) -> list[str]:
    return [w["code"] for w in trustlaw.load(statute).decide(case).warnings]


def test_a_decision_at_an_agency_the_law_does_not_bind_says_so() -> None:
    decision = trustlaw.load("ct/pa-13-155").decide(PROBATION)
    assert decision.outcomes["hold"] == "permitted"
    (warning,) = [w for w in decision.warnings if w["code"] == "not-bound"]
    assert warning["message"].startswith(
        "ct/pa-13-155 does not bind the agency that holds the person (probation): what it "
        "leaves permitted is left to other law")
    # the JSON line a batch of decisions writes says the same
    line = json.loads(trustlaw.load("ct/pa-13-155").decide(PROBATION).to_json_line())
    assert "not-bound" in [w["code"] for w in line["warnings"]]


@pytest.mark.parametrize("agency", ["state_corrections", "county_jail", None])
def test_a_bound_or_unknown_agency_gets_no_such_warning(agency: str | None) -> None:
    case = {**PROBATION, "agency": agency}
    assert "not-bound" not in _codes("ct/pa-13-155", case)


def _write(path: Path, cases: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


POLICIES = ["ct/pa-13-155", "santa-clara/policy-3-54"]
CASES = [{**PROBATION, "id": "a"},
         {**PROBATION, "id": "b", "agency": "municipal_police"},  # no County agency
         {**PROBATION, "id": "c", "agency": None}]


def test_the_rows_carry_not_bound_with_warnings(tmp_path: Path) -> None:
    rows = trustlaw.batch(POLICIES, CASES, warnings=True).to_pylist()
    codes = {(r["case_id"], r["statute"]): r["warnings"] for r in rows}
    assert codes[("a", "ct/pa-13-155")] == ["not-bound"]
    assert codes[("b", "ct/pa-13-155")] == []
    assert codes[("b", "santa-clara/policy-3-54")] == ["not-bound"]
    assert codes[("c", "santa-clara/policy-3-54")] == []


def test_a_summary_counts_them_for_every_law_or_says_it_does_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Santa Clara's policy cites one text for whom it binds and for its holds, so a row's
    hold ground cannot tell the one from the other: without the warnings its count is
    said not to be made (it printed nothing, which read as none); with them it is made."""
    source = _write(tmp_path / "cases.jsonl", CASES)
    assert main(["batch", *POLICIES, "--cases", str(source),
                 "--out", str(tmp_path / "rows.csv")]) == 0
    plain = capsys.readouterr().out
    santa_clara = plain.split("santa-clara/policy-3-54:\n", 1)[1]
    assert santa_clara.startswith("  (how many of its holds are at an agency it does not "
                                  "bind is not counted here, as its provisions share one "
                                  "citation: `--warnings` counts them)\n")
    assert "1 of them at an agency the law does not bind" in plain.split("santa-clara")[0]
    assert main(["batch", *POLICIES, "--cases", str(source), "--warnings",
                 "--out", str(tmp_path / "rows.csv")]) == 0
    warned = capsys.readouterr().out.split("santa-clara/policy-3-54:\n", 1)[1]
    assert "not counted" not in warned
    assert ("  hold          permitted 1 (33.3%; 1 of them at an agency the law does not "
            "bind)") in warned


def test_impact_counts_them_for_every_law(tmp_path: Path) -> None:
    from trustlaw.caseload.impact import impact

    table = impact([trustlaw.load(s) for s in POLICIES], _write(tmp_path / "c.jsonl", CASES))
    assert table.unbound_holds["santa-clara/policy-3-54"]["permitted"] == 1
    assert table.unbound_holds["ct/pa-13-155"]["permitted"] == 1
    assert table.to_dict()["unbound_holds"]["santa-clara/policy-3-54"] == {
        "permitted": 1, "required": 0}
