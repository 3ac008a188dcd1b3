"""The bundled statute library stays in the formatter's canonical layout.

Drafters diff statute files; a canonical layout keeps those diffs to the law itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trustlaw.language.fmt import format_law
from trustlaw.language.parser import parse_file

STATUTES = Path(__file__).resolve().parent.parent / "statutes"
FILES = sorted(STATUTES.rglob("*.law"))


def test_the_library_is_not_empty() -> None:
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(STATUTES)))
def test_bundled_file_is_canonical(path: Path) -> None:
    law = parse_file(str(path))
    assert format_law(law) == path.read_text(encoding="utf-8"), (
        f"{path} is not in canonical layout: run `trustlaw fmt {path}`"
    )
