"""Golden tests: each tests/golden/check/NAME.law renders exactly NAME.txt.

The expected text is what `trustlaw check` shows a statute author (code, sentence,
place, quoted line, caret, help). Regenerate after a deliberate wording change with
``TRUSTLAW_UPDATE_GOLDEN=1 python -m pytest tests/test_check_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trustlaw.checker import check_source, statute_index
from trustlaw.language import syntax
from trustlaw.language.parser import parse

GOLDEN = Path(__file__).parent / "golden" / "check"
CASES = sorted(p.stem for p in GOLDEN.glob("*.law"))


def _resolve(statute_id: str) -> syntax.LawFile:
    path = statute_index(GOLDEN)[statute_id]
    return parse(path.read_text(encoding="utf-8"), path.name)


def render(name: str) -> str:
    path = GOLDEN / f"{name}.law"
    text = path.read_text(encoding="utf-8")
    diagnostics = check_source(text, path.name, resolve=_resolve)
    sources = {path.name: text}
    return "".join(d.render(sources) + "\n\n" for d in diagnostics)


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    actual = render(name)
    expected_path = GOLDEN / f"{name}.txt"
    if os.environ.get("TRUSTLAW_UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"missing golden output {expected_path.name}"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_every_golden_case_but_the_base_reports_something() -> None:
    for name in CASES:
        output = render(name)
        if name == "base":
            assert output == ""
        else:
            assert output.startswith(("error[TL-", "warning[TL-")), name
