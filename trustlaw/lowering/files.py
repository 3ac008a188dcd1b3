"""Statute files on disk: where the bundled library lives, its vocabulary (from the cache
while unchanged), and the ids of the .law files in a folder, each read from its header.

Nothing here imports the parser, so loading a cached statute never builds Lark."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from .. import ir
from ..diagnostics import StatuteError
from ..language.limits import MAX_STATUTE_CHARS

__all__ = [
    "DRAFTS", "default_vocabulary", "is_regular_file", "law_files", "root_for_package",
    "statute_id_of", "statute_index", "statutes_root", "vocabulary_path",
]

DRAFTS = "drafts"  # the folder of draft amendments in a statute library

_HEADER = re.compile(r'\A(?:\s|#[^\n]*)*statute\s+"((?:[^"\\\n]|\\.)*)"')


def statutes_root() -> Path:
    """Where the bundled statutes live: ``<package>/_statutes`` in an installed wheel,
    else ``<repo>/statutes`` in a source checkout."""
    return root_for_package(Path(__file__).resolve().parent.parent)


def root_for_package(package: Path) -> Path:
    """The statutes folder for a package directory (wheel layout first, then checkout)."""
    bundled = package / "_statutes"
    if bundled.is_dir():
        return bundled
    return package.parent / "statutes"


def vocabulary_path() -> Path:
    """The bundled detainer vocabulary file."""
    return statutes_root() / "vocabulary" / "detainer.law"


@functools.cache
def default_vocabulary() -> ir.Vocabulary:
    """The bundled detainer vocabulary (built once); raises StatuteError if it is broken."""
    from . import cache

    path = vocabulary_path()
    cached = cache.read("vocabulary", path)
    if isinstance(cached, ir.Vocabulary):
        return cached
    from ..language.parser import parse_file
    from .vocabulary import build_vocabulary

    before = cache.fingerprint(path)  # before the file is read
    law = parse_file(str(path))
    vocab, diagnostics = build_vocabulary(law)
    errors = [d for d in diagnostics if d.is_error]
    if vocab is None or errors:
        raise StatuteError(errors or diagnostics, {law.path: law.source})
    cache.write("vocabulary", path, vocab, (), before)
    return vocab


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` names a regular file (never raising: a name too long is none)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def statute_id_of(path: Path) -> str | None:
    """The id in a statute file's header, read without parsing the whole file; None for
    anything but a regular file (reading a FIFO beside an amendment would block)."""
    if not is_regular_file(path):
        return None
    try:
        with path.open(encoding="utf-8-sig") as handle:  # a byte-order mark is skipped
            text = handle.read(MAX_STATUTE_CHARS)
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
    """Statute id → file for every statute under `root` (the first file wins a tie),
    leaving out `root`/drafts/: drafts are proposals to compare, not law to load by id
    or by date."""
    index: dict[str, Path] = {}
    for path in law_files([root]) if Path(root).is_dir() else []:
        try:
            if path.relative_to(root).parts[0] == DRAFTS:
                continue
        except ValueError:
            pass
        statute_id = statute_id_of(path)
        if statute_id is not None:
            index.setdefault(statute_id, path)
    return index
