"""The guides' statute files and commands do what the guides say they do."""

from __future__ import annotations

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
    # the duties of (c) follow the struck factor: the reason the guide redefines it
    assert "only A imposes tell-ice-of-48-hour-limit" in out


def _any_duration(line: str) -> str:
    """`line` with its durations (``0.23 s``) made one, as runs of a command differ."""
    return re.sub(r"\b\d+(\.\d+)? s\)", "… s)", line)
