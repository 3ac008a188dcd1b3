"""Lowered statutes and the vocabulary, cached on disk as plain JSON keyed by their files' digests.

Parsing, checking and lowering a statute costs far more than reading it back, so a
successfully compiled `ir.Program` (and the `ir.Vocabulary`) is written to a user cache
directory and read back by the next process, as long as every file it was made from
is byte for byte the same and so is trustlaw's own pipeline (its parser, lowering and
IR modules are part of the key, so editing them in a checkout invalidates the cache).

Safety (a cache must never execute or trust anything):

- the format is JSON, never pickle: reading it builds only the frozen attrs node
  classes of `trustlaw.ir` and `trustlaw.language.syntax` (looked up by name in that
  closed set, each with exactly the fields its class has), source spans, tuples,
  frozensets, dicts and dates; anything else is refused and the statute is compiled
  from its file as usual;
- the directory is created private (0700) and used only when it belongs to the
  current user and no one else may write to it; entries are written to a temporary
  file and renamed, so concurrent processes never read half an entry;
- an entry names the files it was made from with their SHA-256, and is used only
  when all of them still match (one entry per file: a new version replaces it); any
  problem reading it means "not cached".

``TRUSTLAW_CACHE_DIR`` chooses the directory (default ``$XDG_CACHE_HOME/trustlaw``, else
``~/.cache/trustlaw``); ``TRUSTLAW_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from ..diagnostics import Span as _SPAN

# Bump when the encoding (not the IR) changes. 2: a node must give every field its class
# has, so a node stored before a field was added (as `reads` was to rules, duties and
# limits) is refused instead of being completed with the field's default.
FORMAT = 2

__all__ = ["cache_dir", "decode", "encode", "read", "write"]


class _Refused(Exception):
    """A value outside what the cache stores."""


def _attrs_classes(module: Any, prefix: str) -> dict[str, type]:
    return {
        prefix + name: value
        for name, value in vars(module).items()
        if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__
    }


_CLASSES: dict[str, type] = {}
_NAMES: dict[type, str] = {}


def _class_table(syntax_too: bool) -> tuple[dict[str, type], dict[type, str]]:
    """The classes a cache entry may name (`ir`'s and the examples' expectations;
    the rest of `language.syntax`'s when asked, imported only then: reading a program
    back needs none of them, and defining them costs more than the read)."""
    if not _CLASSES:
        from .. import ir
        from ..language import expectations

        _CLASSES.update(_attrs_classes(ir, "ir."))
        _CLASSES.update(_attrs_classes(expectations, "syntax."))  # as syntax names them
    if syntax_too and "syntax.LawFile" not in _CLASSES:
        from ..language import syntax

        _CLASSES.update(_attrs_classes(syntax, "syntax."))
    if len(_NAMES) != len(_CLASSES):  # only ever added to: another thread may be reading
        _NAMES.update({cls: name for name, cls in _CLASSES.items()})
    return _CLASSES, _NAMES


# ---- the encoding -----------------------------------------------------------------------


def encode(value: Any) -> Any:
    """`value` as JSON-ready data; `_Refused` for anything outside the closed set."""
    names = _class_table(syntax_too=True)[1]
    return _encode(value, names)


def _encode(value: Any, names: dict[type, str]) -> Any:
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is str:
        return value
    if kind is tuple:
        return {"t": [_encode(v, names) for v in value]}
    if kind is list:
        return [_encode(v, names) for v in value]
    if kind is dict:
        return {"d": [[_encode(k, names), _encode(v, names)] for k, v in value.items()]}
    if kind is frozenset:
        return {"s": [_encode(v, names) for v in value]}
    if kind is _SPAN:
        return {"sp": [value.file, value.line, value.column, value.end_line, value.end_column]}
    if kind is _dt.date:
        return {"date": value.isoformat()}
    if kind is _dt.datetime:
        return {"datetime": value.isoformat()}
    name = names.get(kind)
    if name is None:
        raise _Refused(kind.__name__)
    fields = {f.alias: _encode(getattr(value, f.name), names) for f in attrs.fields(kind) if f.init}
    return {"c": name, "f": fields}


def decode(data: Any) -> Any:
    """The value `encode` made `data` from; `_Refused` for anything else."""
    return _decode(data, _class_table(syntax_too=False)[0])


def _decode(data: Any, classes: dict[str, type]) -> Any:
    kind = type(data)
    if data is None or kind is bool or kind is int or kind is str:
        return data
    if kind is list:
        return [_decode(v, classes) for v in data]
    if kind is not dict or len(data) not in (1, 2):
        raise _Refused(kind.__name__)
    if "c" in data:
        name = data["c"]
        cls = classes.get(name)
        if cls is None and type(name) is str and name.startswith("syntax."):
            cls = _class_table(syntax_too=True)[0].get(name)
        fields = data.get("f")
        if cls is None or type(fields) is not dict or len(data) != 2:
            raise _Refused(str(data.get("c")))
        if set(fields) != _field_names(cls):
            raise _Refused(f"{name} with other fields than it has")
        return cls(**{str(k): _decode(v, classes) for k, v in fields.items()})
    ((tag, inner),) = data.items()
    if tag == "sp" and type(inner) is list and len(inner) == 5:
        file, line, column, end_line, end_column = inner
        if type(file) is str and all(type(n) is int for n in inner[1:]):
            return _SPAN(file, line, column, end_line, end_column)
        raise _Refused("span")
    if tag == "t" and type(inner) is list:
        return tuple(_decode(v, classes) for v in inner)
    if tag == "d" and type(inner) is list:
        return {_decode(k, classes): _decode(v, classes) for k, v in inner}
    if tag == "s" and type(inner) is list:
        return frozenset(_decode(v, classes) for v in inner)
    if tag == "date" and type(inner) is str:
        return _dt.date.fromisoformat(inner)
    if tag == "datetime" and type(inner) is str:
        return _dt.datetime.fromisoformat(inner)
    raise _Refused(tag)


_FIELDS: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    """The fields `encode` writes for a node of class `cls`."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.alias for f in attrs.fields(cls) if f.init)
    return names


# ---- the directory ----------------------------------------------------------------------


def cache_dir() -> Path | None:
    """The cache directory, created private on first use; None when caching is off or
    the directory is not safe (not ours, or writable by others)."""
    if os.environ.get("TRUSTLAW_NO_CACHE"):
        return None
    chosen = os.environ.get("TRUSTLAW_CACHE_DIR")
    if chosen:
        path = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        path = Path(base) / "trustlaw"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return None
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return path


def file_digest(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


_PIPELINE: list[str] = []


def pipeline_digest() -> str:
    """SHA-256 of the trustlaw modules that turn a file into IR (computed once)."""
    if not _PIPELINE:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256(str(FORMAT).encode())
        files = sorted(
            [*package.glob("*.py"), *(package / "language").glob("*"),
             *(package / "lowering").glob("*.py")]
        )
        for path in files:
            if path.is_file():
                digest.update(path.name.encode() + b"\0")
                digest.update(path.read_bytes())
        _PIPELINE.append(digest.hexdigest())
    return _PIPELINE[0]


def _entry_path(directory: Path, kind: str, key_file: Path) -> Path:
    """One entry per file (and pipeline): a new version of the file replaces the entry
    of the old one, so editing a draft does not grow the cache."""
    key = hashlib.sha256(f"{pipeline_digest()}\0{kind}\0{key_file.resolve()}".encode())
    return directory / f"{kind}-{key.hexdigest()}.json"


def read(kind: str, key_file: Path) -> Any | None:
    """The cached value made from `key_file` (and the files it names), or None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        entry = _entry_path(directory, kind, key_file)
        if not entry.is_file():
            return None
        with open(entry, encoding="utf-8") as handle:
            stored = json.load(handle)
        if type(stored) is not dict or stored.get("format") != FORMAT:
            return None
        for path, digest in stored["files"]:
            if file_digest(path) != digest:
                return None
        return decode(stored["value"])
    except (OSError, ValueError, TypeError, KeyError, RecursionError, _Refused):
        return None


def fingerprint(key_file: Path, files: Iterable[Path] = ()) -> list[list[str]] | None:
    """The files' paths and digests as an entry records them; None when one cannot be
    read. Taken before a value is made from them (`write`'s `before`)."""
    try:
        return [[str(p.resolve()), file_digest(p)] for p in (key_file, *files)]
    except (OSError, ValueError):
        return None


def write(kind: str, key_file: Path, value: Any, files: Iterable[Path],
          before: list[list[str]] | None = None) -> None:
    """Store `value`, made from `key_file` and `files` as they were when `before` was
    taken (`fingerprint`); nothing when they have changed since (a file saved while it
    was being compiled: the entry would pair the old program with the new file, for
    every later process), and silently nothing on any problem."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        files_now = fingerprint(key_file, files)
        if files_now is None or (before is not None and files_now != before):
            return
        stored = {
            "format": FORMAT,
            "files": files_now,
            "value": encode(value),
        }
        entry = _entry_path(directory, kind, key_file)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(stored, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError, TypeError, RecursionError, _Refused):
        return
