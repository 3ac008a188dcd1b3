"""`trustlaw verify` shows a violation the statute file expects (`expect violated`) by
its decision, and its counterexample case only with `-v`: the library's twelve expected
violations printed some 420 lines of cases no one asked for. An unexpected violation
always shows its case (tests/test_verify_amendments.py shows a CHANGED one's)."""

from __future__ import annotations

import json

import pytest
from cli_run import run

pytest.importorskip("z3")


def _cook(capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[str, str]:
    """`trustlaw verify cook-county/11-o-73 FLAGS`: its output, and from its expected
    violation (a bare detainer under a reimbursement agreement) to the next result."""
    code, out, _ = run(capsys, "verify", "cook-county/11-o-73", *flags)
    assert code == 0
    block = out.split("VIOLATED: cook-county/11-o-73 · no civil detainer alone", 1)[1]
    return out, block.split("\nproved: ", 1)[0]


def test_an_expected_violation_shows_its_decision_and_not_its_case(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, block = _cook(capsys)
    assert "decision: hold permitted" in block
    assert "hold ground: Cook County Code § 46-37(a)" in block
    assert "(`trustlaw verify -v` shows the cases)" in block
    assert "counterexample" not in block and '"reimbursement_agreement"' not in block


def test_verbose_shows_the_case_to_paste_into_an_example(
        capsys: pytest.CaptureFixture[str]) -> None:
    out, block = _cook(capsys, "-v")
    case_text = block.split("counterexample (paste into an example's `given`):\n", 1)[1]
    case_text = case_text.split("\n  decision:", 1)[0]
    assert json.loads(case_text)["reimbursement_agreement"] is True
    assert "(`trustlaw verify -v` shows the cases)" not in out


def test_a_two_case_violation_shows_both_decisions(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "fl/sb168-2019")
    assert code == 0
    block = out.split("VIOLATED: fl/sb168-2019 · a judicial warrant never takes away", 1)[1]
    block = block.split("\nVIOLATED: ", 1)[0]
    assert "decision: hold permitted" in block
    assert "and for the second case:\n  decision: hold undetermined" in block
    assert "second case:\n    {" not in block


def test_json_keeps_every_counterexample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "cook-county/11-o-73", "--format", "json")
    assert code == 0
    (violated,) = [r for r in json.loads(out) if r["status"] == "violated"]
    assert violated["counterexample"]["case"]["reimbursement_agreement"] is True
