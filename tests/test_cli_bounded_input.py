"""Case input from standard input, a pipe or a JSON-lines file is read at most a case's
length (plus one character) at a time: `cat /dev/zero | trustlaw decide ct -` grew
without bound and ended in a MemoryError; a line longer than a case may be is that
line's error, and the next lines are still decided."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_run import run

from trustlaw.cases.limits import MAX_CASE_CHARS
from trustlaw.cli.deciding import bounded_lines

CASE = json.dumps({"date": "2015-03-02", "agency": "state_police",
                   "person": {"public_safety_risk": True}})
TOO_LONG = "the case is longer than a case may be: at most 1,000,000 characters"


def test_a_long_line_is_given_cut_and_the_rest_of_it_skipped() -> None:
    stream = io.StringIO("a\n" + "x" * 50 + "\nb\n" + "y" * 30)
    assert list(bounded_lines(stream, 10)) == ["a\n", "x" * 11, "b\n", "y" * 11]


def test_a_line_as_long_as_a_case_may_be_is_whole() -> None:
    line = "z" * 10 + "\n"
    assert list(bounded_lines(io.StringIO(line + line), 10)) == [line, line]


def test_standard_input_without_line_breaks_is_a_case_too_long(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "decide", "ct/pa-13-155", "-",
                       stdin="\0" * (MAX_CASE_CHARS * 3), monkeypatch=monkeypatch)
    assert code == 1
    assert f"error[TL-C000]: {TOO_LONG}" in err


def test_explain_reads_standard_input_as_far_as_a_case_goes(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "explain", "ct/pa-13-155", "-",
                       stdin=" " * (MAX_CASE_CHARS * 2) + CASE, monkeypatch=monkeypatch)
    assert code == 1
    assert TOO_LONG in err


def test_a_json_lines_file_decides_the_lines_around_one_too_long(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(f"{CASE}\n{'x' * (MAX_CASE_CHARS + 5000)}\n{CASE}\n", encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(cases), "--format", "json")
    assert code == 1
    first, bad, last = (json.loads(line) for line in out.splitlines())
    assert first["outcomes"]["hold"] == last["outcomes"]["hold"] == "permitted"
    assert bad["line"] == 2 and TOO_LONG in bad["error"]


def test_json_lines_on_standard_input_go_on_past_a_line_too_long(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = f"{CASE}\n{CASE}\n{'y' * (MAX_CASE_CHARS + 1)}\n{CASE}\n"
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "-", "--format", "json",
                       stdin=stdin, monkeypatch=monkeypatch)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 4 and TOO_LONG in lines[2]["error"]
    assert lines[3]["outcomes"]["hold"] == "permitted"
