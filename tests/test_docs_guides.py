"""The guides' statute files and commands do what the guides say they do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trustlaw import cli

pytest.importorskip("z3")

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guides" / "draft-a-variant.md"


def test_the_draft_of_the_drafting_guide_gives_the_comparison_it_shows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```law\n(.*?)```", text, re.S)
    assert block is not None
    draft = tmp_path / "draft.law"
    draft.write_text(block.group(1), encoding="utf-8")
    assert cli.main(["check", "--no-solver", str(draft)]) == 0
    capsys.readouterr()
    assert cli.main(["compare", "ct/pa-13-155", str(draft)]) == 1
    out, _ = capsys.readouterr()
    shown = re.search(r"```text\n(.*?)```", text[block.end():], re.S)
    assert shown is not None
    # the lines shown are the output's first lines, as printed (a duration may differ)
    lines = shown.group(1).splitlines()
    assert [_any_duration(line) for line in out.splitlines()[: len(lines)]] == [
        _any_duration(line) for line in lines]
    # and they are the whole summary, up to the details the guide says follow: a block
    # saying "6 regions" showed 2 of them
    summary = out[: out.index("\nDetails\n")].rstrip("\n").splitlines()
    assert len(lines) == len(summary)
    assert "a `Details` section follows" in text[shown.end():]
    # the duties of (c) follow the struck factor: the reason the guide redefines it
    assert "A imposes tell-ice-of-48-hour-limit where B does not" in out


def test_the_guides_draft_is_the_bundled_one() -> None:
    """The guide walks through the draft that ships with trustlaw."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```law\n(.*?)```", text, re.S)
    assert block is not None
    bundled = (ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law").read_text(
        encoding="utf-8")
    assert block.group(1) == bundled[bundled.index('statute "'):]


def test_without_its_definition_only_the_example_catches_the_duties(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the guide says of the draft without its redefinition: `check` passes and
    `compare` lists no duty (both laws impose them), but a decision lists the duties
    beside a prohibited hold and `test` fails the example's `expect no duty`."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```law\n(.*?)```", text, re.S)
    assert block is not None
    nodef = re.sub(r"definition public_safety_factor_found \{.*?\n\}\n\n", "",
                   block.group(1), flags=re.S)
    assert "definition public_safety_factor_found" not in nodef
    draft = tmp_path / "draft.law"
    draft.write_text(nodef, encoding="utf-8")
    assert cli.main(["check", "--no-solver", str(draft)]) == 0
    capsys.readouterr()
    assert cli.main(["compare", "ct/pa-13-155", str(draft)]) == 1
    out, _ = capsys.readouterr()
    assert "hold (2 regions):" in out and "duties:" not in out and "imposes" not in out
    assert cli.main(["test", str(draft)]) == 1
    out, _ = capsys.readouterr()
    assert 'expect no duty "tell-ice-of-48-hour-limit"' in out
    assert 'expect no duty "release-after-48-hours"' in out
    given = re.search(r"given (\{.*?\n  \})", nodef, re.S)
    assert given is not None
    case = tmp_path / "case.json"
    case.write_text(given.group(1), encoding="utf-8")
    assert cli.main(["decide", str(draft), str(case), "--format", "json"]) == 0
    decision = json.loads(capsys.readouterr().out)
    assert decision["outcomes"]["hold"] == "prohibited"
    duties = {d["id"] for d in decision["duties"]}
    assert {"tell-ice-of-48-hour-limit", "release-after-48-hours"} <= duties


def _any_duration(line: str) -> str:
    """`line` with its durations (``0.23 s``) made one, as runs of a command differ."""
    return re.sub(r"\b\d+(\.\d+)? s\)", "… s)", line)
