"""What an integrator's walkthrough found in `trustlaw decide`: a jurisdiction with no
version in force on a case's date made the whole line an error, the other statutes'
decisions lost (`decide_many` and `trustlaw batch` keep them); and a program piping a
single pending case with `--format json` got an indented document instead of one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

EARLY = {"id": "early", "date": "2011-08-25", "agency": "county_jail"}
LATER = {"id": "later", "date": "2016-01-04", "agency": "county_jail"}


def test_a_jurisdiction_without_a_version_fails_alone_in_json_lines(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(f"{json.dumps(EARLY)}\n{json.dumps(LATER)}\n", encoding="utf-8")
    code, out, err = run(capsys, "decide", "ca/sb54-2017", "ct", str(path))
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    california, connecticut = first["decisions"]
    assert california["statute"] == "ca/sb54-2017" and "outcomes" in california
    assert connecticut["statute"] == "ct" and "outcomes" not in connecticut
    assert "no law of `ct` was in force on 2011-08-25" in connecticut["error"]
    assert connecticut["problems"][0]["code"] == "TL-C002"
    assert [d["statute"] for d in second["decisions"]] == ["ca/sb54-2017", "ct/pa-13-155"]
    assert f"{path}:1: not decided under ct:" in err


def test_a_jurisdiction_without_a_version_fails_alone_for_one_case(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(EARLY), encoding="utf-8")
    code, out, err = run(capsys, "decide", "ca/sb54-2017", "ct", str(path), "--format", "json")
    assert code == 1
    decisions = json.loads(out)["decisions"]
    assert [("outcomes" in d, "error" in d) for d in decisions] == [(True, False),
                                                                   (False, True)]
    code, out, err = run(capsys, "decide", "ca/sb54-2017", "ct", str(path))
    assert code == 1
    assert out.startswith("ca/sb54-2017: California Values Act")
    assert "not decided under ct:" in err


def test_no_statute_able_to_decide_is_the_lines_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"date": "2012-01-01"}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct", "dc", str(path))  # both from later in 2012+
    assert code == 1
    line = json.loads(out)
    assert line["line"] == 1 and "no law of `ct`" in line["error"]


@pytest.mark.parametrize("ending", ["\n", ""])
def test_one_line_on_stdin_with_format_json_is_one_line_out(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        ending: str) -> None:
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "-", "--format", "json",
                       stdin=json.dumps(LATER) + ending, monkeypatch=monkeypatch)
    assert code == 0
    assert len(out.splitlines()) == 1 and json.loads(out)["case_id"] == "later"
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "-", "--format", "json",
                       stdin='{"date": "x"}\n', monkeypatch=monkeypatch)
    assert code == 1
    assert json.loads(out)["line"] == 1  # the error line, on standard output


def test_one_line_on_stdin_without_format_is_one_case_in_text(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "-",
                       stdin=json.dumps(LATER) + "\n", monkeypatch=monkeypatch)
    assert code == 0
    assert out.startswith("ct/pa-13-155: An Act Concerning Civil Immigration Detainers")


@pytest.mark.parametrize(("statute_id", "duty_id"), [
    ("ct/pa-13-155", "release-after-48-hours"),
    ("dc/detainer-act-2012", "release-after-24-hours"),
    ("us/detainer-regulation", "end-hold-when-48-hours-run-out"),
])
def test_a_release_duty_never_reads_as_a_longer_limit_than_the_decisions(
        statute_id: str, duty_id: str) -> None:
    """Under Connecticut's 2013 Act a Form I-247A request gives `max_hold` 48 clock
    hours, while the release duty's text counted 48 hours without weekends: a jail
    scheduling from the text would hold a person released on Thursday until Monday. Each
    release duty now says a shorter limit ends the hold sooner."""
    import trustlaw

    (duty,) = [d for d in trustlaw.load(statute_id).program.duties if d.id == duty_id]
    assert "sooner where the request" in duty.text


def test_an_id_that_is_not_unicode_text_is_not_said_to_be_too_long() -> None:
    import trustlaw
    from trustlaw.diagnostics import CaseError

    with pytest.raises(CaseError) as raised:
        trustlaw.validate({"id": "\ud800x"})
    (problem,) = raised.value.diagnostics
    assert problem.message == 'id: expected Unicode text, got "\\ud800x", which holds a ' \
                              "lone surrogate"
    with pytest.raises(CaseError) as raised:
        trustlaw.validate({"id": "x" * 201})
    assert raised.value.diagnostics[0].message == (
        "id: expected a string of at most 200 characters, got a string of 201 characters")


def test_explain_keeps_the_accounts_of_the_statutes_that_decided(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(EARLY), encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ca/sb54-2017", "ct", str(path), "--explain")
    assert code == 1 and "What ca/sb54-2017 (California Values Act) says about" in out
    code, out, _ = run(capsys, "decide", "ca/sb54-2017", "ct", str(path), "--explain",
                       "--format", "json")
    california, connecticut = json.loads(out)["decisions"]
    assert california["explanation"].startswith("What ca/sb54-2017")
    assert "explanation" not in connecticut and connecticut["statute"] == "ct"
