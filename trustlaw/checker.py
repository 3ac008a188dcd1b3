"""Statute files and directories → their diagnostics, all sorted (and programs when clean).

`check_paths` is what `trustlaw check` runs: vocabulary files are checked as
vocabularies, statutes are lowered against the bundled vocabulary, and an
amending statute finds the statute it amends through an index of statute ids
(the bundled library plus the files being checked).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from . import ir
from .cases.validation import validate
from .diagnostics import CaseError, Diagnostic, Span, StatuteError, sort_diagnostics
from .language import syntax
from .language.parser import read_as_parsed
from .lowering.amend import base_path, effective
from .lowering.files import (
    default_vocabulary,
    is_regular_file,
    law_files,
    statute_id_of,
    statute_index,
    statutes_root,
)
from .lowering.meta import BASE_PATH
from .lowering.program import WRONG_FILE_KIND, lower
from .lowering.unused import UNUSED_DEFINITION, reached
from .lowering.vocabulary import build_vocabulary
from .names import did_you_mean

DUPLICATE_ID = "TL-M012"
UNKNOWN_REPLACED = "TL-M013"
REUSED_ID = "TL-M014"

def _parse_file(path: Path) -> syntax.LawFile:
    from .language.parser import parse_file

    return parse_file(path)


class UnknownStatute(LookupError):
    """An id that names no statute in the library; `help` suggests a close one."""

    def __init__(self, statute_id: str, help: str | None = None):
        super().__init__(statute_id)
        self.statute_id = statute_id
        self.help = help


class _Library:
    """Resolves statute ids to parsed files, parsing each file once."""

    def __init__(self, index: Mapping[str, Path]):
        self.index = dict(index)
        self.cache: dict[str, syntax.LawFile] = {}

    def __call__(self, statute_id: str) -> syntax.LawFile:
        law = self.cache.get(statute_id)
        if law is not None:
            return law
        path = self.index.get(statute_id)
        if path is None and statute_id.endswith(".law"):  # an explicit base file
            path = Path(statute_id)
            if not is_regular_file(path):
                raise UnknownStatute(statute_id, (
                    f"`{statute_id}` is not a regular file (it is a folder, a device, a "
                    "FIFO or a socket); name a statute file saved on disk")
                    if path.exists() else f"there is no file `{statute_id}`")
        if path is None:
            raise UnknownStatute(statute_id, did_you_mean(statute_id, self.index))
        law = _parse_file(path)
        self.cache[statute_id] = law
        return law


def _default_library(extra: Iterable[Path] = ()) -> _Library:
    """The bundled library plus the statutes in `extra` whose ids it does not have: a
    bundled id always names the bundled file, never a copy beside an amendment."""
    index = statute_index(statutes_root())
    for path in extra:
        statute_id = statute_id_of(path)
        if statute_id is not None:
            index.setdefault(statute_id, path)
    return _Library(index)


def reused_bundled_id(law: syntax.LawFile) -> Diagnostic | None:
    """A warning when a statute outside the bundled library takes a bundled statute's id
    but says something else (an amendment naming that id gets the bundled file, not this
    one). The bundled file itself, or an unchanged copy of it anywhere, is that statute:
    the texts are compared, not the paths."""
    if law.header.kind != "statute" or law.path.startswith("<"):
        return None
    bundled = statute_index(statutes_root()).get(law.header.name)
    if bundled is None or _same_text(bundled, law.source):
        return None
    return Diagnostic(
        REUSED_ID,
        f"`{law.header.name}` is the id of a bundled statute ({bundled.name}); this file is "
        "a different statute with the same id",
        law.header.span,
        "give a draft its own id (e.g. add `-draft`), and name its base with "
        '`amends "<bundled id>"` or `amends "<path>.law"`',
        severity="warning",
    )


def _same_text(path: Path, source: str) -> bool:
    """Whether the file at `path` holds `source` (a parsed file's text), read as the
    parser reads a file: one byte-order mark skipped, Windows and old Mac line ends as
    line breaks. A file that cannot be read holds nothing the same."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return read_as_parsed(text) == source


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Diagnostic]:
    """Check every ``.law`` file under `paths`; all diagnostics, sorted (errors and warnings).
    The callers refuse a path that names no file, or a FIFO or device, beforehand."""
    files = law_files(paths)
    diagnostics: list[Diagnostic] = []
    library = _default_library(files)
    parsed: list[syntax.LawFile] = []
    for path in files:
        try:
            law = _parse_file(path)
        except StatuteError as err:
            diagnostics.extend(err.diagnostics)
            continue
        parsed.append(law)
        if law.header.kind == "statute" and library.index.get(law.header.name) == path:
            library.cache[law.header.name] = law

    ids: dict[str, syntax.LawFile] = {}
    for law in parsed:
        if law.header.kind != "statute":
            continue
        first = ids.setdefault(law.header.name, law)
        if first is not law:
            diagnostics.append(Diagnostic(
                DUPLICATE_ID,
                f"statute id `{law.header.name}` is also used by {first.path}",
                law.header.span, "every statute file needs its own id",
            ))

    vocab: ir.Vocabulary | None = None
    vocab_problem: list[Diagnostic] = []
    if any(law.header.kind == "statute" for law in parsed):
        try:
            vocab = default_vocabulary()
        except StatuteError as err:
            vocab_problem = list(err.diagnostics)

    for law in parsed:
        if law.header.kind == "vocabulary":
            diagnostics.extend(build_vocabulary(law)[1])
            continue
        if vocab is None:
            diagnostics.extend(vocab_problem)
            continue
        program, found = lower(law, vocab, library)
        found.extend(invalid_examples(law, program, vocab))
        diagnostics.extend(_unless_amendments_read(law, found, library, parsed))
        diagnostics.extend(_check_replaces(law, library))
        reused = reused_bundled_id(law)
        if reused is not None:
            diagnostics.append(reused)
    return sort_diagnostics(diagnostics)


def _unless_amendments_read(law: syntax.LawFile, found: list[Diagnostic], library: _Library,
                            checked: Iterable[syntax.LawFile]) -> list[Diagnostic]:
    """`found` without the warnings that a definition of `law` is never used where an
    amendment of `law` reads it (a base may define a term for its amendments). The
    amendments looked at are the bundled statutes and drafts, the files `checked` and
    the others `library` knows (for one file, those beside it), those that amend `law`
    directly or through other amendments; the library is read only when there is such
    a warning, which a clean library never has."""
    unused = {item.span: item.name for item in law.items
              if isinstance(item, syntax.Definition) and item.span is not None}
    warned = {unused[d.span] for d in found
              if d.code == UNUSED_DEFINITION and d.span in unused}
    if not warned or law.path.startswith("<"):
        return found
    read = _read_by_amendments(law, warned, library, checked)
    return [d for d in found if not (d.code == UNUSED_DEFINITION and d.span is not None
                                     and unused.get(d.span) in read)]


def _read_by_amendments(law: syntax.LawFile, names: set[str], library: _Library,
                        checked: Iterable[syntax.LawFile]) -> set[str]:
    """Which of `law`'s definitions `names` an amendment of `law` reads as `law` defines
    them (an amendment that redefines one reads its own)."""
    here = Path(law.path).resolve()
    laws: dict[Path, syntax.LawFile] = {Path(lf.path).resolve(): lf for lf in checked}
    edges = {path: {target} for path, lf in laws.items()
             if (target := _amended_path(lf, library)) is not None}
    for path in [*law_files([statutes_root()]), *library.index.values()]:
        resolved = path.resolve()
        if resolved in laws or resolved in edges:
            continue
        written = _amends_written(resolved, library)
        if written is None:  # an escape in a name: only the parse reads it
            try:
                laws[resolved] = _parse_file(resolved)
            except StatuteError:
                continue
            target = _amended_path(laws[resolved], library)
            written = {target} if target is not None else set()
        edges[resolved] = written
    amending = _amending(here, edges)
    for path in amending - laws.keys():  # parsed only now: most files amend nothing
        try:
            laws[path] = _parse_file(path)
        except StatuteError:
            continue
    amending = _amending(here, {path: {target} for path in amending if path in laws
                                and (target := _amended_path(laws[path], library))})
    read: set[str] = set()
    for path in amending - {here}:
        in_force = effective(laws[path], library, lambda _: None)
        if in_force is None:
            continue
        spans = {d.name: d.span for d in in_force.definitions}
        read |= {name for name in reached(laws[path], in_force) if name in names
                 and (span := spans[name]) is not None and Path(span.file).resolve() == here}
    return read


def _amending(base: Path, edges: Mapping[Path, set[Path]]) -> set[Path]:
    """`base` and the files that amend it, directly or through one another, by `edges`
    (a file → the files it may amend)."""
    found, grew = {base}, True
    while grew:
        more = {path for path, targets in edges.items()
                if path not in found and targets & found}
        found |= more
        grew = bool(more)
    return found


# `amends`, any spaces and comments, then the quoted name (as the grammar allows them)
_AMENDS_WRITTEN = re.compile(r'\bamends(?:\s|#[^\n]*)*"((?:[^"\\\n]|\\.)*)"')


def _amends_written(path: Path, library: _Library) -> set[Path] | None:
    """The files a statute file may amend, read from its text without parsing it: every
    `amends "…"` in it, comments and strings included (more than it amends, never
    fewer; the parse decides). None when a name holds an escape, which only the parse
    reads; a file that cannot be read amends nothing (nor can it be parsed)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return set()
    out: set[Path] = set()
    for ref in _AMENDS_WRITTEN.findall(text):
        if "\\" in ref:
            return None
        target = _target(ref, path, library)
        if target is not None:
            out.add(target)
    return out


def _target(ref: str, amending: Path, library: _Library) -> Path | None:
    """The file an `amends "ref"` in the file `amending` names: a path relative to its
    folder, or a statute id of the library (None: an id it does not know)."""
    if BASE_PATH.fullmatch(ref):
        return (amending.parent / ref).resolve()
    indexed = library.index.get(ref)
    return indexed.resolve() if indexed is not None else None


def _amended_path(law: syntax.LawFile, library: _Library) -> Path | None:
    """The file the statute `law` amends, as an amendment finds it, or None."""
    for meta in law.header.meta:
        if meta.key != "amends" or not isinstance(meta.value, syntax.MetaString):
            continue
        if BASE_PATH.fullmatch(meta.value.value):  # a file of no folder: the working one
            return Path(base_path(law, meta.value.value))
        return _target(meta.value.value, Path(law.path), library)
    return None


def _check_replaces(law: syntax.LawFile, library: _Library) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for meta in law.header.meta:
        if meta.key != "replaces" or not isinstance(meta.value, syntax.MetaString):
            continue
        target = meta.value.value
        if target not in library.index and target not in library.cache:
            out.append(Diagnostic(
                UNKNOWN_REPLACED, f"`replaces` names `{target}`, which is not in the library",
                meta.span,
                did_you_mean(target, library.index,
                             "name the id of the statute this one replaced"),
            ))
    return out


def check_source(text: str, path: str = "<string>",
                 resolve: Callable[[str], syntax.LawFile] | None = None) -> list[Diagnostic]:
    """Every diagnostic for one file's text (a statute or a vocabulary)."""
    from .language.parser import parse

    try:
        law = parse(text, path)
    except StatuteError as err:
        return sort_diagnostics(err.diagnostics)
    if law.header.kind == "vocabulary":
        return build_vocabulary(law)[1]
    try:
        vocab = default_vocabulary()
    except StatuteError as err:
        return sort_diagnostics(err.diagnostics)
    reused = reused_bundled_id(law)
    library = resolve or _sibling_library(path)
    program, found = lower(law, vocab, library)
    found = [*found, *invalid_examples(law, program, vocab)]
    if isinstance(library, _Library):
        found = _unless_amendments_read(law, found, library, ())
    return sort_diagnostics([*found, reused]) if reused is not None else found


def _sibling_library(path: str) -> _Library:
    """The bundled library plus the statutes next to `path` (for amendments): regular
    files only, so that a FIFO or a device named `*.law` in the folder is never opened."""
    here = Path(path).parent if path and not path.startswith("<") else None
    extra = sorted(here.glob("*.law")) if here is not None and here.is_dir() else []
    return _default_library(extra)


def compile_source(text: str, path: str = "<string>",
                   resolve: Callable[[str], syntax.LawFile] | None = None) -> ir.Program:
    """Parse, check and lower one statute's text; raises StatuteError on any error
    (warnings are allowed)."""
    from .language.parser import parse

    return _compile(parse(text, path), resolve)


def compile_file(path: str | os.PathLike[str]) -> ir.Program:
    """Parse, check and lower one statute file; raises StatuteError on any error
    (warnings are allowed). Amendments resolve through the bundled library and the
    statutes next to the file."""
    return _compile(_parse_file(Path(path)), None)


def _compile(law: syntax.LawFile, resolve: Callable[[str], syntax.LawFile] | None
             ) -> ir.Program:
    sources = {law.path: law.source}
    if law.header.kind != "statute":
        raise StatuteError([Diagnostic(
            WRONG_FILE_KIND, f"`{law.header.name}` is a vocabulary, not a statute",
            law.header.span, "compile a statute file",
        )], sources)
    vocab = default_vocabulary()
    library = resolve or _sibling_library(law.path)
    program, diagnostics = lower(law, vocab, library)
    errors = [d for d in diagnostics if d.is_error]
    if program is None or errors:
        if isinstance(library, _Library):
            sources.update({lf.path: lf.source for lf in library.cache.values()})
        raise StatuteError(errors, sources)
    return program


def invalid_examples(law: syntax.LawFile, program: ir.Program | None,
                     vocab: ir.Vocabulary) -> list[Diagnostic]:
    """An error for each problem of each of `law`'s own examples whose facts are not a
    valid case (a constraint of the vocabulary broken: an age of 200, a judgment after
    the case date), at the fact it names: what `trustlaw test` fails, told by `trustlaw
    check` before any example runs. Compiling does not refuse them, so that the runner
    still reports every example on its own."""
    if program is None:
        return []
    given = {item.name: item for item in law.items if isinstance(item, syntax.Example)}
    found: list[Diagnostic] = []
    for example in program.examples:
        written = given.get(example.name)
        if written is None:  # an amended statute's example, checked in its own file
            continue
        try:
            validate(example.case, vocab)
        except CaseError as err:
            found.extend(Diagnostic(
                d.code, f'example "{example.name}": {d.message}',
                _fact_span(written.given, d.message) or written.span, d.help)
                for d in err.diagnostics)
    return found


def _fact_span(given: syntax.JsonObject, message: str) -> Span | None:
    """Where in an example's facts the first field path of a case error's `message`
    (``convictions[1].date: …``) is written: the deepest part of it the example gives."""
    path = message.split(":", 1)[0].split(",", 1)[0].strip()
    node: syntax.Json = given
    span = None
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if isinstance(node, syntax.JsonObject) and key:
            pair = next((p for p in node.pairs if p.key == key), None)
            if pair is None:
                break
            node, span = pair.value, pair.span
        elif isinstance(node, syntax.JsonArray) and index and int(index) < len(node.items):
            node = node.items[int(index)]
            span = node.span
        else:
            break
    return span
