"""What `trustlaw compare` prints: counts in the right number, a caseload with a bad line,
conditions a reader can follow, and a redline that names what changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trustlaw import cli

pytest.importorskip("z3")

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def strike_only_draft(tmp_path: Path) -> Path:
    """The drafting guide's first try: strike (b)(7), keep the base's definitions."""
    text = DRAFT.read_text(encoding="utf-8")
    text = text[: text.index("definition public_safety_factor_found")] + \
        text[text.index("strike (b)(7)"): text.index('example "')]
    path = tmp_path / "strike-only.law"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_region_is_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(strike_only_draft(tmp_path)))
    assert code == 1
    assert "differ: 1 region where both decide" in out.splitlines()[0]
    assert "hold (1 region):" in out
    assert not re.search(r"\b1 (regions|cases|questions|elements|statutes|pairs|hours)\b", out)


def test_known_only_single_region_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--only", "hold",
                       "--known-only")
    assert code == 1
    assert out.splitlines()[0].endswith(
        "differ: 1 region where both decide, 0 more only where a fact is unknown")


def test_matrix_and_caseload_counts_are_singular(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    code, out, _ = run(capsys, "matrix", "ct/pa-13-155", str(DRAFT), "--bound", "1")
    assert code == 0
    assert out.startswith("2 statutes, 1 pair, ") and "(lists up to 1 element)" in out
    code, out, _ = run(capsys, "matrix", "ct/pa-13-155", str(DRAFT), "--bound", "1",
                       "--format", "markdown")
    assert out.startswith("*2 statutes, lists up to 1 element*")
    cases = tmp_path / "one.jsonl"
    cases.write_text('{"agency": "state_police"}\n', encoding="utf-8")
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(cases),
                       "--bound", "1")
    assert "Caseload: 1 case (0 not well-formed)" in out
    assert "at most 1 element per list" in out


def test_a_line_that_is_not_json_is_an_invalid_case(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"agency": "state_police"}\n'
                     "\n"
                     "garbage\n"
                     '{"agency": "state_police", "person": {"public_safety_risk": true}}\n'
                     "[1, 2]\n", encoding="utf-8")
    code, out, err = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(cases))
    assert code == 1, err
    assert ("Caseload: 4 cases (2 not well-formed); first error: line 3 is not valid JSON "
            "at column 1: Expecting value") in out
    code, out, err = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(cases),
                         "--format", "json")
    assert code == 1, err
    data = json.loads(out)["impact"]
    assert (data["cases"], data["invalid"]) == (4, 2)
    assert data["first_error"].startswith("line 3 is not valid JSON")
    assert sum(row["count"] for row in data["transitions"]["hold"]) == 2
