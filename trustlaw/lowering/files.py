"""Statute files on disk → their ids: the .law files in a folder, each id read from its header."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["law_files", "statute_id_of", "statute_index"]

_HEADER = re.compile(r'\A(?:\s|#[^\n]*)*statute\s+"((?:[^"\\\n]|\\.)*)"')


def statute_id_of(path: Path) -> str | None:
    """The id in a statute file's header, read without parsing the whole file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _HEADER.match(text)
    return match.group(1) if match else None


def law_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The ``.law`` files named, directories walked recursively, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.law") if p.is_file()))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p, None)
    return list(unique)


def statute_index(root: str | os.PathLike[str]) -> dict[str, Path]:
    """Statute id → file for every statute under `root` (the first file wins a tie)."""
    index: dict[str, Path] = {}
    for path in law_files([root]) if Path(root).is_dir() else []:
        statute_id = statute_id_of(path)
        if statute_id is not None:
            index.setdefault(statute_id, path)
    return index
