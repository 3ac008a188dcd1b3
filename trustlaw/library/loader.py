"""Statute reference → `Statute`: bundled ids, .law paths and point-in-time selection.

``load("ct/pa-13-155")`` loads a bundled statute by id, ``load("my/draft.law")`` a file,
and ``load("ct", on=date(2016, 5, 1))`` the version of a jurisdiction's law in force
on that day: among its enacted and superseded statutes, the one whose ``in_force`` date
is on or before the day and whose ``superseded`` date (if any) is after it. A date
before the first version, or a jurisdiction with only proposals, is a `UsageError`
that says so, never a guess.

Compiled statutes are cached per file path and modification time, so editing a file
reloads it. (A statute that amends another is recompiled only when its own file
changes.)
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import os
import re
import stat as _stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import ir
from ..dates import as_date
from ..diagnostics import (
    Diagnostic,
    StatuteError,
    UsageError,
    UsageValueError,
    os_reason,
    shown_name,
    wrong_type,
)
from ..language.limits import MAX_STATUTE_CHARS
from ..lowering.files import is_regular_file
from ..names import one_of
from .statute import Statute

IN_FORCE_STATUSES: tuple[str, ...] = ("enacted", "superseded")

_CACHE: dict[Path, tuple[int, int, Statute]] = {}
_LOCK = threading.Lock()


def load(ref: str | os.PathLike[str], on: _dt.date | str | None = None) -> Statute:
    """Load a statute by bundled id (``ct/pa-13-155``), by path to a ``.law`` file, or
    by jurisdiction (``ct``) with `on` = the day whose law you want (default: today;
    a `date`, a `datetime` or an ISO string such as ``"2016-05-01"``)."""
    if not isinstance(ref, (str, os.PathLike)):
        raise wrong_type("load()", "a statute id, a jurisdiction or the path of a .law file",
                         ref)
    if on is not None:
        on = as_date(on, "load(on=…)")
    text = os.fspath(ref)
    if not text.strip():
        raise _empty_reference()
    is_path = _looks_like_path(text)
    if not is_path and "/" not in text:
        return _in_force(text, on if on is not None else _dt.date.today())
    statute = load_path(Path(text) if is_path else _bundled_path(text))
    if on is not None:
        _require_in_force(statute, on)
    return statute


def load_path(path: Path) -> Statute:
    """Compile (or fetch from the cache) the statute in the file at `path`."""
    stat = statute_file_status(path)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = path.absolute()
    with _LOCK:
        cached = _CACHE.get(resolved)
    if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    if stat.st_size > _MAX_STATUTE_BYTES:  # too long for sure: the parser says so at once
        from ..checker import compile_file

        return Statute(compile_file(path))
    statute = Statute(_compile_cached(path, resolved))
    with _LOCK:
        _CACHE[resolved] = (stat.st_mtime_ns, stat.st_size, statute)
    return statute


#: No statute file of this many bytes is short enough (UTF-8: at most 4 bytes a
#: character, and a byte-order mark); such a file is not hashed for the cache.
_MAX_STATUTE_BYTES = 4 * MAX_STATUTE_CHARS + 3


def statute_file_status(path: Path) -> os.stat_result:
    """The status of the statute file at `path`, looked up before it is opened; a usage
    error (TL-U005) when there is no such file, it is a folder, it is not a regular file
    (a FIFO would block the reader, a device never end) or it cannot be looked up (its
    name is too long): the OS's words, never its exception."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError([_missing_file(path)]) from None
    except (OSError, ValueError) as error:
        raise UsageError([unreadable_file(path, error)]) from None
    if _stat.S_ISDIR(status.st_mode):
        raise UsageError([
            Diagnostic(
                "TL-U005", f"`{shown_name(str(path))}` is a folder, not a statute file", None,
                "give the path of one `.law` file",
            )
        ])
    if not _stat.S_ISREG(status.st_mode):
        raise UsageError([not_regular_file(path)])
    return status


def refused_path(path: str | os.PathLike[str], *, pipes: bool = False) -> Diagnostic | None:
    """The usage error for a path that is empty (not the current folder), that the OS
    refuses to look up at all (a name too long, a NUL byte), or that is a FIFO, a device
    or a socket (reading it could block or never end; `pipes`: a caseload, which may be
    piped in all the same, and whose help then speaks of case files); None for a file or
    a folder, and for a missing path, which the reader reports in its own words."""
    if not os.fspath(path):
        return empty_path()
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as error:
        return unreadable_file(path, error, "check the path (a case file: .jsonl, .csv or "
                               ".parquet)" if pipes else None)
    if pipes or _stat.S_ISREG(mode) or _stat.S_ISDIR(mode):
        return None
    return not_regular_file(path)


def path_problem(path: str | os.PathLike[str], *, pipes: bool = False) -> Diagnostic | None:
    """Why `path` names no file or folder (`refused_path`, or missing), or None: what the
    command line and `trustlaw.batch` say of a case file alike."""
    problem = refused_path(path, pipes=pipes)
    if problem is None and not os.path.lexists(path):
        return no_such_file(path)
    return problem


def no_such_file(path: str | os.PathLike[str]) -> Diagnostic:
    return Diagnostic("TL-U005", f"there is no file or folder `{shown_name(str(path))}`", None,
                      "check the path (it is relative to the current folder)")


def require_statute_paths(paths: Iterable[str | os.PathLike[str]]) -> None:
    """A usage error naming each path `refused_path` refuses."""
    problems = [problem for problem in map(refused_path, paths) if problem is not None]
    if problems:
        raise UsageError(problems)


def empty_path() -> Diagnostic:
    return Diagnostic("TL-U005", "an empty path names no file or folder", None,
                      "give the path of a file or folder (a quoted empty argument is often "
                      "an unset shell variable)")


def not_regular_file(path: str | os.PathLike[str]) -> Diagnostic:
    """The usage error for a FIFO, a device or a socket given where a file is read."""
    return Diagnostic(
        "TL-U005", f"`{shown_name(os.fspath(path))}` is not a regular file (it is a device, "
        "a FIFO or a socket)", None, "give the path of a file saved on disk",
    )


def unreadable_file(path: str | os.PathLike[str], error: BaseException,
                    help_text: str | None = None) -> Diagnostic:
    """The usage error for a path the OS refuses, with its reason (a name too long);
    `help_text` for a path that is no statute (a caseload), where a bundled id is no
    answer."""
    return Diagnostic(
        "TL-U005", f"`{shown_name(os.fspath(path))}` could not be read: {os_reason(error)}",
        None,
        help_text or
        "check the path, or give a bundled id such as `ct/pa-13-155` (see `trustlaw list`)",
    )


def _empty_reference() -> UsageError:
    """An empty statute reference, from `load` or the command line alike (so the
    message names neither)."""
    return UsageValueError([Diagnostic(
        "TL-U021", "the statute reference is empty", None,
        'give an id such as "ct/pa-13-155", a jurisdiction such as "ct", or a path')])


def _compile_cached(path: Path, resolved: Path) -> ir.Program:
    """The program in the file at `path`: from the on-disk cache (`lowering.cache`) when
    this very file was compiled before, else compiled (diagnostics name the path as
    given) and cached. A statute that amends another is not cached (its base could
    change under it)."""
    from ..lowering import cache

    cached = cache.read("program", resolved)
    if isinstance(cached, ir.Program) and cached.path == str(path):
        return cached  # without importing the parser or the checker
    from ..checker import compile_file
    from ..lowering.files import vocabulary_path

    before = cache.fingerprint(resolved, (vocabulary_path(),))  # before the file is read
    program = compile_file(path)
    if program.meta.amends is None:
        cache.write("program", resolved, program, (vocabulary_path(),), before)
    return program


def load_meta(path: Path) -> ir.StatuteMeta:
    """The metadata of the statute in the file at `path`, reading only its header: the
    header is parsed and checked exactly as in a full load (`lower_meta`), the rest of
    the file is not parsed, and the result is cached on disk like a lowered statute.
    A file whose header cannot be read alone is loaded whole, so its problems are
    reported as `load_path` reports them."""
    from ..lowering import cache

    cached = cache.read("meta", path)
    if isinstance(cached, ir.StatuteMeta):
        return cached
    from ..language.parser import parse
    from ..lowering.meta import lower_meta

    before = cache.fingerprint(path)  # before the file is read
    try:
        if not is_regular_file(path):
            return load_path(path).meta
        with path.open(encoding="utf-8") as handle:
            text = handle.read(MAX_STATUTE_CHARS + 1)  # enough to find the header
    except (OSError, UnicodeDecodeError):
        return load_path(path).meta
    end = _header_end(text)
    if end is not None:
        try:
            law = parse(text[:end], str(path))
        except StatuteError:  # the whole load reports it
            law = None
        if law is not None and law.header.kind == "statute" and not law.items:
            problems: list[Diagnostic] = []
            meta, _verification = lower_meta(law.header, problems.append)
            if meta is not None and not problems:
                cache.write("meta", path, meta, (), before)
                return meta
    return load_path(path).meta


def available() -> list[str]:
    """The ids of every bundled statute, sorted."""
    return sorted(bundled_index())


def bundled_index() -> dict[str, Path]:
    """Bundled statute id → its file (the vocabulary excluded)."""
    return dict(_index(_root()))


def bundled_drafts() -> dict[str, Path]:
    """Bundled draft id → its file (the library's drafts/ folder, which ships in the
    package), to find a draft's file by: drafts are proposals, not law, so no id,
    jurisdiction or date loads one (`load` takes the file's path)."""
    from ..lowering.files import DRAFTS

    return dict(_index(_root() / DRAFTS))


def jurisdictions() -> list[str]:
    """The jurisdictions with at least one bundled statute, sorted."""
    return sorted({statute_id.split("/", 1)[0] for statute_id in bundled_index()})


def versions(jurisdiction: str, load: Callable[[str], Statute] | None = None
             ) -> list[Statute]:
    """Every bundled statute of one jurisdiction, oldest in-force date first; `load`
    gives each by its id where the caller holds its own (the service's loaded library),
    else each file is loaded here."""
    found = [load(sid) if load is not None else load_path(path)
             for sid, path in bundled_index().items() if sid.split("/", 1)[0] == jurisdiction]
    return sorted(found, key=lambda s: (s.meta.in_force or _dt.date.max, s.id))


def clear_cache() -> None:
    """Forget every compiled statute and the bundled index (tests and long sessions)."""
    with _LOCK:
        _CACHE.clear()
    _index.cache_clear()


# ---- helpers --------------------------------------------------------------------------


def _root() -> Path:
    from ..lowering.files import statutes_root

    return Path(statutes_root())


@functools.lru_cache(maxsize=4)
def _index(root: Path) -> tuple[tuple[str, Path], ...]:
    from ..lowering.files import statute_index

    return tuple(sorted(statute_index(root).items()))


# The pieces of a statute file's start that matter for finding where its header ends:
# a string, a comment, a brace (anything else is skipped).
_HEADER_START = re.compile(r'(?:\s|#[^\n]*)*statute\s+"(?:[^"\\\n]|\\.)*"\s*\{')
_HEADER_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}"]')


def _header_end(text: str) -> int | None:
    """The offset just after the closing brace of a statute file's header, or None."""
    start = _HEADER_START.match(text)
    if start is None:
        return None
    depth = 1
    for token in _HEADER_TOKEN.finditer(text, start.end()):
        piece = token.group()
        if piece == '"':
            return None  # an unterminated string: leave it to the parser
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth -= 1
            if depth == 0:
                return token.end()
    return None


def is_jurisdiction(ref: str | os.PathLike[str]) -> bool:
    """Whether `ref` names a jurisdiction (``ct``) rather than a statute id or a file."""
    text = os.fspath(ref)
    return not _looks_like_path(text) and "/" not in text


def _looks_like_path(text: str) -> bool:
    """A file name rather than an id: ends in ``.law``, is absolute or relative, or is a
    file (looked up without raising: a name too long for the OS is no file)."""
    return (
        text.endswith(".law")
        or text.startswith((".", os.sep))
        or is_regular_file(text)
    )


def _id_shaped(text: str) -> bool:
    """Written as a statute id (``ct/pa-13-155``); imported here only when needed, so that
    loading a cached statute never imports the language."""
    from ..lowering.meta import STATUTE_ID

    return STATUTE_ID.fullmatch(text) is not None


def _bundled_path(statute_id: str) -> Path:
    index = bundled_index()
    path = index.get(statute_id)
    if path is None and not _id_shaped(statute_id):  # a path, not an id
        lower = statute_id.lower() if len(statute_id) <= 200 else ""
        raise UsageError([Diagnostic(
            "TL-U005", f"there is no file or folder `{shown_name(statute_id)}`", None,
            f"statute ids are lower-case: did you mean `{lower}`?" if lower in index else
            "check the path, or give a bundled id such as `ct/pa-13-155` (see `trustlaw "
            "list`)")])
    if path is None:
        close = difflib.get_close_matches(statute_id, list(index), n=3, cutoff=0.5)
        draft = bundled_drafts().get(statute_id)  # the id `trustlaw list --drafts` prints
        helptext = (
            f"`{statute_id}` is a bundled draft, a proposal that no id loads: give its "
            f"file, {shown_name(str(draft))}" if draft is not None
            else f"did you mean {one_of(close)}?" if close
            else "run `trustlaw list` to see the bundled statutes"
        )
        raise UsageError([
            Diagnostic("TL-U001", f"there is no bundled statute `{shown_name(statute_id)}`",
                       None, helptext)
        ])
    return path


def in_force(jurisdiction: str, on: _dt.date, every: list[Statute] | None = None) -> Statute:
    """The version of a bundled jurisdiction's law in force on `on` (never a file: for
    callers such as the service whose references come from outside), among `every` (its
    `versions`, loaded once by a caller that chooses for many cases) when given."""
    return _in_force(jurisdiction, as_date(on, "in_force(on=…)"), every)


def require_jurisdiction(ref: str) -> None:
    """A usage error (TL-U001, with the close ids as help) unless `ref` is a bundled
    jurisdiction: for a reference that is no statute id, no jurisdiction and no file,
    said before any case is read (not blamed on each case's date)."""
    if not ref.strip():
        raise _empty_reference()
    if ref in jurisdictions():
        return
    pool = jurisdictions() + available()
    close = difflib.get_close_matches(ref, pool, n=3, cutoff=0.5)
    helptext = (
        f"did you mean {one_of(close)}?" if close
        else "give a statute id such as `ct/pa-13-155`, the path of a .law file, or a "
        "jurisdiction: " + one_of(jurisdictions())
    )
    raise UsageError([
        Diagnostic(
            "TL-U001", f"there is no bundled statute or jurisdiction `{shown_name(ref)}`",
            None, helptext,
        )
    ])


def _in_force(jurisdiction: str, on: _dt.date, every: list[Statute] | None = None) -> Statute:
    """The version of `jurisdiction`'s law in force on `on`, among `every` when the
    caller has its `versions` already (a caseload chooses for each case)."""
    if every is None:
        require_jurisdiction(jurisdiction)
        every = versions(jurisdiction)
    laws = [s for s in every if s.meta.status in IN_FORCE_STATUSES and s.meta.in_force is not None]
    if not laws:
        listed = ", ".join(f"`{s.id}` ({s.meta.status})" for s in every)
        raise UsageError([
            Diagnostic(
                "TL-U004",
                f"no statute of `{jurisdiction}` was ever in force: "
                f"its bundled statutes are {listed}",
                None,
                "load one of them by its id to decide under it anyway",
            )
        ])
    current = [s for s in laws if _was_in_force(s.meta, on)]
    if current:
        return max(current, key=lambda s: (s.meta.in_force, s.id))
    first = laws[0]
    if on < _date(first.meta.in_force):
        raise UsageError([
            Diagnostic(
                "TL-U003",
                f"no law of `{jurisdiction}` was in force on {on.isoformat()}: the first version, "
                f"`{first.id}`, came into force on {_date(first.meta.in_force).isoformat()}",
                None,
                f"choose a date on or after {_date(first.meta.in_force).isoformat()}, "
                f"or load `{first.id}` by its id",
            )
        ])
    last = laws[-1]
    ended = last.meta.superseded
    raise UsageError([
        Diagnostic(
            "TL-U003",
            f"no bundled law of `{jurisdiction}` was in force on {on.isoformat()}: the latest, "
            f"`{last.id}`, ended on {ended.isoformat() if ended else 'an unknown date'}",
            None,
            f"load `{last.id}` by its id to decide under it anyway",
        )
    ])


def _was_in_force(meta: ir.StatuteMeta, on: _dt.date) -> bool:
    start = meta.in_force
    return start is not None and start <= on and (meta.superseded is None or on < meta.superseded)


def _require_in_force(statute: Statute, on: _dt.date) -> None:
    meta = statute.meta
    if meta.status in IN_FORCE_STATUSES and _was_in_force(meta, on):
        return
    helptext = f"load `{meta.jurisdiction}` with the same date to get the version in force then"
    if meta.status not in IN_FORCE_STATUSES:
        message = f"`{meta.id}` was never in force (its status is {meta.status})"
    elif meta.in_force is not None and on < meta.in_force:
        message = (
            f"`{meta.id}` was not yet in force on {on.isoformat()}: "
            f"it came into force on {meta.in_force.isoformat()}"
        )
    else:
        ended = meta.superseded.isoformat() if meta.superseded else "an unknown date"
        message = f"`{meta.id}` was no longer in force on {on.isoformat()}: it ended on {ended}"
    raise UsageError([Diagnostic("TL-U003", message, None, helptext)])


def _date(value: _dt.date | None) -> _dt.date:
    assert value is not None
    return value


def _missing_file(path: Path) -> Diagnostic:
    return Diagnostic(
        "TL-U005", f"there is no file `{shown_name(str(path))}`", None,
        "check the path, or give a bundled id such as `ct/pa-13-155` (see `trustlaw list`)",
    )
