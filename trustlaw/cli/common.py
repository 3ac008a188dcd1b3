"""What every command shares: exit codes, reading files and cases, printing."""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from ..diagnostics import (
    CaseError,
    Diagnostic,
    TrustlawError,
    UsageError,
    json_text,
    os_reason,
    shown_name,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNKNOWN = 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a process ended by SIGPIPE (128 + 13)
MAX_PRINTED = 100  # diagnostics `check` prints, and bad JSON lines `decide` details


def print_help_of(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE

def version() -> str:
    from .. import __version__

    return __version__

CASE_SUFFIXES = (".json", ".jsonl", ".ndjson")


def is_case_file(name: str) -> bool:
    """Whether `name` is, by its suffix, a JSON or JSON-lines case file (never a statute)."""
    return name.lower().endswith(CASE_SUFFIXES)

def case_file_as_statute(ref: str, help_text: str) -> Diagnostic:
    """The usage error for a case file given where a statute goes (not its JSON read as
    statute grammar)."""
    return Diagnostic("TL-U025", f"`{shown_name(ref)}` is a case file, given as a statute",
                      None, help_text)

STATUTE_HELP = ("a statute is an id (see `trustlaw list`), a .law file or a folder of them; "
                "a case is decided with `trustlaw decide ID CASE`")

def refuse_case_files(refs: Sequence[str | Path], help_text: str = STATUTE_HELP) -> None:
    """A usage error naming each of `refs` that is a case file by its name (`decide`'s
    recognition), for every command that takes statutes."""
    wrong = [str(ref) for ref in refs if is_case_file(str(ref)) and not _is_dir(ref)]
    if wrong:
        raise UsageError([case_file_as_statute(ref, help_text) for ref in wrong])

def load_statute(ref: str) -> Any:
    """The statute `ref` names; a jurisdiction (``ct``) is its latest version, which a
    note on stderr names, since the command takes no date to choose another."""
    from ..library.loader import is_jurisdiction, load

    refuse_case_files([ref])
    statute = load(ref)
    if is_jurisdiction(ref):
        print(f"note: `{shown_name(ref)}` is read as its latest version, {statute.id} (name "
              "a statute id for another)", file=sys.stderr)
    return statute

def bundled_root() -> str:
    from ..lowering.files import statutes_root

    return str(statutes_root())

def warn_of_drafts(statutes: Sequence[Any], limit: int = 10) -> None:
    """What `trustlaw check` warns of in the statute files outside the bundled library, on
    standard error before the output: a drafter who compares or verifies a draft sees
    that a mistyped label added a provision (TL-W005), not only "equivalent". (The
    bundled files are checked by the project's own CI.)"""
    from ..checker import check_paths

    root = Path(bundled_root()).resolve()
    paths = list(dict.fromkeys(Path(s.path) for s in statutes if s.path))
    drafts = [p for p in paths if not p.resolve().is_relative_to(root)]  # named as given
    if not drafts:
        return
    found = [d for d in check_paths(drafts) if not d.is_error]
    for diagnostic in found[:limit]:
        print(diagnostic.render(), end="\n\n", file=sys.stderr)
    if len(found) > limit:
        print(f"… and {len(found) - limit:,} more warnings (`trustlaw check` lists them all)",
              end="\n\n", file=sys.stderr)
    sys.stderr.flush()

def statutes_for(refs: Sequence[str]) -> list[Any]:
    """Statutes named by ids, files or folders (default: every bundled statute)."""
    from ..library.loader import bundled_index, load_path
    from ..testing.runner import statute_files

    if not refs:
        return [load_path(path) for path in bundled_index().values()]
    out: list[Any] = []
    for ref in refs:
        if _is_dir(ref):
            require_law_files([ref])
            out.extend(load_path(path) for path in statute_files([ref]))
        else:
            out.append(load_statute(ref))
    return out

def _is_dir(path: str | Path) -> bool:
    """Whether `path` is a folder (never raising: a name too long for the OS is none)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False

def require_exists(paths: Sequence[str | Path], *, pipes: bool = False) -> None:
    """Every path names a file or folder; else a usage error for each that does not
    (an empty path, a missing one, one the OS refuses, with its reason, or, unless
    `pipes`, a FIFO or a device: statute files are files on disk)."""
    from ..library.loader import path_problem

    problems = [problem for path in paths
                if (problem := path_problem(path, pipes=pipes)) is not None]
    if problems:
        raise UsageError(problems)

def path_argument(text: str) -> Path:
    """The path a command-line argument names; an empty one is a usage error (it names
    no file, though `Path("")` would be the current folder)."""
    from ..library.loader import empty_path

    if not text:
        raise UsageError([empty_path()])
    return Path(text)

def cannot_read(path: str | Path, error: BaseException) -> Diagnostic:
    """A file that exists (or may) but cannot be read, with the OS's reason, or where
    it stops being UTF-8 text (a UTF-16 file, as some Windows tools write, at byte 0)."""
    if isinstance(error, UnicodeDecodeError):
        unicode16 = error.object[:2] in (b"\xff\xfe", b"\xfe\xff")
        byte = error.object[error.start]  # (its place is in a chunk the reader decoded)
        reason = ("it is UTF-16 text, not UTF-8" if unicode16 else
                  f"it is not UTF-8 text (it holds the byte 0x{byte:02x})")
        return Diagnostic("TL-U005", f"`{shown_name(str(path))}` could not be read: {reason}",
                          None, "save it as UTF-8 (in a spreadsheet, as CSV UTF-8)")
    return Diagnostic("TL-U005", f"`{shown_name(str(path))}` could not be read: "
                      f"{os_reason(error)}", None, "give a readable UTF-8 text file")

def require_law_files(paths: Sequence[str | Path]) -> None:
    """Every folder named holds a .law file: a command that checks, formats, tests or
    verifies nothing must not report success (a CI step pointed at the wrong folder)."""
    empty = [p for p in paths
             if _is_dir(p) and not any(f.is_file() for f in Path(p).rglob("*.law"))]
    if empty:
        raise UsageError([
            Diagnostic("TL-U005", f"there is no .law file in the folder `{shown_name(str(p))}`",
                       None,
                       "give a folder that holds statute files (.law), or the files")
            for p in empty
        ])

def bundled_paths(refs: Sequence[str]) -> list[str]:
    """The paths `check`, `test` and `parse` read: each as given, except that a bundled
    statute id (``ct/pa-13-155``) or jurisdiction (``ct``) naming nothing here is its
    file or folder in the bundled library, as `decide` and `verify` read ids."""
    from ..library.loader import bundled_index

    index: dict[str, Path] | None = None
    out: list[str] = []
    for ref in refs:
        if ref and not ref.endswith(".law") and not os.path.lexists(ref):
            index = bundled_index() if index is None else index
            if ref in index:
                ref = str(index[ref])
            elif "/" not in ref:  # a jurisdiction: the folder of its statutes
                ref = next((str(path.parent) for name, path in index.items()
                            if name.startswith(ref + "/")), ref)
        out.append(ref)
    return out

def law_files_at(paths: Sequence[str]) -> list[Path]:
    """The .law files named or inside the named folders (vocabularies included)."""
    from ..checker import law_files

    refuse_case_files(paths)
    require_exists(paths)
    require_law_files(paths)
    return law_files(paths)

def read_text(path: Path, limit: int) -> str:
    """The text of a file: at most `limit` characters plus one, enough for the reader to
    say it is too long without holding a huge file (or an endless device) in memory."""
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        from ..library.loader import no_such_file

        raise UsageError([no_such_file(path)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError([cannot_read(path, error)]) from None

def read_statute_text(path: Path) -> str:
    """The text of a statute file, which must be a regular file (a FIFO would block, a
    device never end), read only as far as the parser needs to say it is too long; read
    as `check` reads it, so a byte that is not UTF-8 is shown at its line and column."""
    from ..language.limits import MAX_STATUTE_CHARS
    from ..language.parser import read_statute_file
    from ..library.loader import refused_path

    problem = refused_path(path)
    if problem is not None:
        raise UsageError([problem])
    if path.is_file():
        return read_statute_file(path)
    return read_text(path, MAX_STATUTE_CHARS)  # says what is wrong with a folder

def read_case_text(path: Path, limit: int) -> str:
    """The text of a JSON case file, without the byte-order mark some Windows editors
    write at its start (as `serve` and statute files accept it)."""
    return read_text(path, limit).removeprefix(BOM)

BOM = "\ufeff"

@contextlib.contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """A text file opened for streaming (JSON lines: a byte-order mark at its start is
    skipped; bytes that are not UTF-8 kept as escapes, so that one bad line is that
    line's error); a missing or unreadable file is a usage error."""
    try:
        stream = path.open(encoding="utf-8-sig", errors="surrogateescape")
    except FileNotFoundError:
        from ..library.loader import no_such_file

        raise UsageError([no_such_file(path)]) from None
    except OSError as error:
        raise UsageError([cannot_read(path, error)]) from None
    with stream:
        yield stream

def not_text(name: str) -> Diagnostic:
    return Diagnostic("TL-U005", f"`{shown_name(name)}` is not UTF-8 text", None,
                      "save the file as UTF-8 (JSON files always are)")

def parse_case_json(text: str, name: str, line: int | None = None) -> Any:
    """JSON text → a case dict; bad JSON is a located `CaseError`. With `line`, the text
    is that line of a JSON-lines input (the caller reports the line number)."""
    from ..cases.json_text import read_case_json

    value = read_case_json(text, name, line)
    if not isinstance(value, dict):
        from ..cases.validation import describe

        many = ""
        if isinstance(value, list) and line is not None:  # JSON lines already
            many = "; each line holds one case, not a list of them"
        elif isinstance(value, list):
            many = ("; many cases go one JSON object per line in a .jsonl file (JSON lines; "
                    "`jq -c '.[]' FILE > cases.jsonl` splits a list), which `trustlaw decide "
                    "ID cases.jsonl` decides line by line")
        raise CaseError([
            Diagnostic("TL-C000", f"a case is a JSON object, not {describe(value)}", None,
                       "write the facts as {\"field\": value, …}; see `trustlaw schema case`"
                       + many)
        ])
    return value

def print_json(value: object, stream: IO[str] | None = None) -> None:
    print(json_text(value, indent=2), file=stream or sys.stdout)

def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"

def indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())

def print_error(error: TrustlawError) -> None:
    print(error.render(), file=sys.stderr)

def warn(warnings: Sequence[str]) -> None:
    """Warnings (what a case file's header told, cases not well-formed) on standard error,
    before the output they explain, each line safe for a terminal."""
    from ..diagnostics import escaped

    for warning in warnings:
        print(f"warning: {escaped(warning)}", file=sys.stderr)
    sys.stderr.flush()
