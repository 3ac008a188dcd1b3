"""Golden syntax errors: each tests/golden/parser/NAME.law renders exactly NAME.txt.

Set TRUSTLAW_UPDATE_GOLDEN=1 to rewrite the expected renders after a deliberate change
(then read the diff: these messages are what a lawyer sees).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trustlaw.diagnostics import StatuteError
from trustlaw.language.parser import parse

GOLDEN = Path(__file__).parent / "golden" / "parser"
CASES = sorted(GOLDEN.glob("*.law"))
UPDATE = os.environ.get("TRUSTLAW_UPDATE_GOLDEN") == "1"


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_syntax_error(case: Path) -> None:
    source = case.read_text(encoding="utf-8")
    with pytest.raises(StatuteError) as raised:
        parse(source, case.name)
    rendered = raised.value.render() + "\n"
    expected_file = case.with_suffix(".txt")
    if UPDATE:
        expected_file.write_text(rendered, encoding="utf-8")
    assert rendered == expected_file.read_text(encoding="utf-8")
    for diagnostic in raised.value.diagnostics:
        assert diagnostic.code.startswith("TL-P")
        assert diagnostic.span is not None and diagnostic.span.file == case.name
        assert diagnostic.help
