"""Statute file + the statutes it amends → the provisions and definitions in force.

A statute that `amends` another is read on top of it: its provisions replace the base's
provisions with the same label or are added after them, `strike` removes one, and its
definitions replace the base's. Chains of amendments are followed back to the first
statute; a base that cannot be found or read, or that has errors, is reported once. A
provision added under a label that is one of the base's mistyped (`(e)(l)` for `(e)(1)`,
`(B)(7)` for `(b)(7)`) is warned of: it leaves the base's provision in force.

The base is named by its bundled id (``amends "ct/pa-19-20"``: always the bundled file,
never a file with the same id that happens to sit beside the amendment) or by its file,
relative to the amending one (``amends "../ct/pa-19-20.law"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from ..diagnostics import Diagnostic, Span, TrustlawError
from ..language import syntax
from ..names import closest
from .meta import BASE_PATH, STATUTE_ID, lower_meta

DUPLICATE_LABEL = "TL-S001"
STRIKE_MISSING = "TL-S006"
STRIKE_WITHOUT_AMENDS = "TL-S007"
DUPLICATE_NAME = "TL-S012"
STRIKE_LEAVES_DEPENDENTS = "TL-S021"
REDEFINED_PARAMETERS = "TL-S022"
UNRESOLVED_AMENDS = "TL-M008"
NEAR_LABEL = "TL-W005"
DROPPED_RELATION = "TL-W006"

#: Statute id → the parsed file (raises `TrustlawError`, `LookupError` or `OSError`).
Resolve = Callable[[str], syntax.LawFile]
Report = Callable[[Diagnostic], None]


@attrs.frozen
class Effective:
    """The provisions and definitions in force after applying a chain of amendments."""

    provisions: tuple[syntax.Provision, ...]
    definitions: tuple[syntax.Definition, ...]
    sources: tuple[str, ...]  # base texts, nearest first (for the digest)
    # the amending file's definitions that replace one of the amended statute's
    redefined: frozenset[str] = frozenset()
    # the amending file's strikes that took a provision of the amended statute out of force
    struck: tuple[syntax.Strike, ...] = ()
    # label → the verification mark of the header of the file that wrote the provision, for
    # each provision in force (one with no mark of its own is as well checked as its file)
    levels: tuple[tuple[str, str], ...] = ()
    # the notes in force: the amended statutes' notes on the provisions and definitions
    # this file leaves as they were (`_notes_kept`), then the file's own
    notes: tuple[syntax.Note, ...] = ()


def effective(law: syntax.LawFile, resolve: Resolve | None, report: Report) -> Effective | None:
    """The provisions and definitions of `law`, on top of what it amends (None when it
    amends a statute that cannot be found or read: that is reported, and checking the
    provisions would only repeat it)."""
    amends = _meta_text(law, "amends")[0]
    if amends is not None and (amends == law.header.name or not (
            BASE_PATH.fullmatch(amends) or STATUTE_ID.fullmatch(amends))):
        # amends itself, or names no statute: reported with the metadata (TL-M006), and
        # the strikes and exceptions to the base's provisions would only repeat it
        return None
    problems: list[Diagnostic] = []  # all `UNRESOLVED_AMENDS`
    base = _base(law, [law.header.name], resolve, problems.append)
    if problems:
        for problem in problems:
            report(problem)
        return None
    merged = _merge(base, law, report)
    if base is not None:
        _near_labels(base, law, report)
    return merged


def _base(
    law: syntax.LawFile, chain: list[str], resolve: Resolve | None, report: Report
) -> Effective | None:
    """What `law` amends, with its own amendments applied (None when it amends nothing,
    or names a base that cannot be used: that is reported)."""
    amends, span = _meta_text(law, "amends")
    if amends is None:
        return None
    written = amends
    if BASE_PATH.fullmatch(amends):
        amends = base_path(law, amends)
    elif not STATUTE_ID.fullmatch(amends):
        return None  # a malformed id is reported with the metadata

    def unresolved(message: str, help: str | None = None) -> None:
        report(Diagnostic(UNRESOLVED_AMENDS, message, span, help))

    if amends in chain:
        unresolved(
            "amendments go round in a circle: " + " → ".join(f"`{c}`" for c in (*chain, amends)),
            "a statute can only amend an earlier one",
        )
        return None
    if resolve is None:
        unresolved(
            f"`{amends}` cannot be found to apply this amendment",
            "check the statute with `trustlaw check`, which knows the statute library",
        )
        return None
    try:
        base_law = resolve(amends)
    except TrustlawError as err:
        detail = err.diagnostics[0].message if err.diagnostics else str(err)
        unresolved(f"the amended statute `{amends}` cannot be read: {detail}",
                   f"fix `{amends}` first, or check the id")
        return None
    except (LookupError, OSError) as err:
        suggestion = getattr(err, "help", None)
        if suggestion is not None and any(f"`{c}`" in suggestion for c in chain):
            suggestion = None  # "did you mean" this very file: amending it goes in a circle
        meant = _id_in_path(written, resolve) if written != amends else None
        if meant is not None and meant not in chain:
            suggestion = (f'did you mean `amends "{meant}"`? A statute of the library is named '
                          "by its id, with no `.law`; a file name is read from this file's "
                          "folder")
        unresolved(
            f"`{amends}` is not a statute in the library",
            suggestion or "`amends` names the id of another statute file, e.g. \"ct/pa-13-155\"",
        )
        return None
    if base_law.header.kind != "statute":
        unresolved(f"`{amends}` is not a statute")
        return None
    grand = _base(base_law, [*chain, amends], resolve, report)
    # Problems inside the base are the base's own; report only that it is broken.
    inner: list[Diagnostic] = []
    merged = _merge(grand, base_law, inner.append)
    if inner:
        unresolved(f"the amended statute `{amends}` has errors of its own: {inner[0].message}",
                   f"fix `{amends}` first")
    return Effective(
        merged.provisions,
        merged.definitions,
        (base_law.source or repr(base_law), *merged.sources),
        levels=merged.levels,
        notes=merged.notes,
    )


def _id_in_path(written: str, resolve: Resolve) -> str | None:
    """The id of a statute of the library that an `amends` path which names no file ends
    with (`ct/pa-13-155.law`, `statutes/ct/pa-13-155.law`), or None."""
    statute_id = "/".join(Path(written).with_suffix("").parts[-2:])
    if not STATUTE_ID.fullmatch(statute_id):
        return None
    try:
        resolve(statute_id)
    except (TrustlawError, LookupError, OSError):
        return None
    return statute_id


def base_path(law: syntax.LawFile, ref: str) -> str:
    """An `amends` path made absolute, relative to the amending file's folder."""
    here = Path(law.path).parent if law.path and not law.path.startswith("<") else Path.cwd()
    return str((here / ref).resolve())


def _level(law: syntax.LawFile) -> str:
    """The verification mark of `law`'s header, as `lower_meta` reads it (`V` when it
    gives none or a word that is none; its problems are reported where it is lowered)."""
    return lower_meta(law.header, lambda _: None)[1]


def _meta_text(law: syntax.LawFile, key: str) -> tuple[str | None, Span | None]:
    for m in law.header.meta:
        if m.key == key and isinstance(m.value, syntax.MetaString):
            return m.value.value, m.span
    return None, None


def _merge(base: Effective | None, law: syntax.LawFile, report: Report) -> Effective:
    """Apply a file's provisions, strikes and definitions on top of `base`."""
    # label → provision, in order (a replaced provision keeps its place): one lookup each
    provisions: dict[str, syntax.Provision] = (
        {p.label: p for p in base.provisions} if base else {}
    )
    definitions: dict[str, syntax.Definition] = (
        {d.name: d for d in base.definitions} if base else {}
    )
    own_labels: dict[str, syntax.Provision] = {}
    own_defs: dict[str, syntax.Definition] = {}
    struck: dict[str, syntax.Strike] = {}
    superseded: dict[str, syntax.Provision] = {}  # label → the amended statute's provision
    for item in law.items:
        if isinstance(item, syntax.Provision):
            if item.label in own_labels:
                first = own_labels[item.label]
                report(Diagnostic(
                    DUPLICATE_LABEL,
                    f"provision {item.label} is written twice (first at {first.span})",
                    item.span,
                    "give each provision its own number, or merge the two",
                ))
                continue
            own_labels[item.label] = item
            if item.label in provisions:
                superseded[item.label] = provisions[item.label]
            provisions[item.label] = item
        elif isinstance(item, syntax.Strike):
            if base is not None and item.label in own_labels:
                _written_and_struck(item.label, own_labels[item.label].span, item.span, report)
                continue
            if base is None:
                report(Diagnostic(
                    STRIKE_WITHOUT_AMENDS,
                    f"`strike {item.label}` only makes sense in a statute that amends another",
                    item.span,
                    'add `amends "<id>"` to the header, or delete the provision instead',
                ))
                continue
            if item.label in struck and item.label not in provisions:
                report(Diagnostic(
                    STRIKE_MISSING,
                    f"`strike {item.label}` is written twice (first at {struck[item.label].span})",
                    item.span,
                    "keep one `strike` for each provision",
                ))
                continue
            struck[item.label] = item
            if item.label not in provisions:
                report(Diagnostic(
                    STRIKE_MISSING,
                    f"`strike {item.label}` removes a provision the amended statute does not have",
                    item.span,
                    _strike_hint(item.label, provisions),
                ))
            else:
                del provisions[item.label]
        elif isinstance(item, syntax.Definition):
            if item.name in own_defs:
                first_def = own_defs[item.name]
                report(Diagnostic(
                    DUPLICATE_NAME,
                    f"definition `{item.name}` is written twice (first at {first_def.span})",
                    item.span,
                    "keep one definition",
                ))
                continue
            own_defs[item.name] = item
            definitions[item.name] = item
    _drop_dependents(provisions, own_labels, struck, report)
    for label, old in superseded.items():
        if label in provisions:
            _ranked_again(old, provisions[label], set(provisions), report)
    if base is not None:
        _keep_signatures(base, definitions, provisions, own_labels, own_defs, report)
    replaced = frozenset(d.name for d in base.definitions if d.name in own_defs) \
        if base else frozenset()
    gone = {p.label for p in base.provisions} - set(provisions) if base else set()
    inherited = dict(base.levels) if base else {}
    level = _level(law)
    own_notes = tuple(item for item in law.items if isinstance(item, syntax.Note))
    kept = _notes_kept(base.notes, provisions, definitions, own_labels, own_defs,
                       {note.title for note in own_notes}) if base else ()
    return Effective(
        tuple(provisions.values()), tuple(definitions.values()), base.sources if base else (),
        replaced, tuple(strike for label, strike in struck.items() if label in gone),
        tuple((label, level if label in own_labels else inherited.get(label, level))
              for label in provisions),
        kept + own_notes,
    )


def _strike_hint(label: str, provisions: dict[str, syntax.Provision]) -> str:
    """Help for a `strike` of a label the amended statute lacks: the closest label with the
    start of its text, since a near label may be the very provision not to strike (a
    typo of (b)(1)(A)(v) is (b)(1)(A)(i), the judicial-warrant gate)."""
    best = closest(label, list(provisions))
    if best is None:
        return "strike a provision of the statute named by `amends`"
    text = " ".join(d.value for d in provisions[best].docs if d.kind == "text")
    if not text:
        return f"did you mean `{best}`?"
    brief = text if len(text) <= 80 else text[:80].rsplit(" ", 1)[0] + " …"
    return f"did you mean `{best}` (\"{brief}\")? read it before striking it"


def _notes_kept(notes: tuple[syntax.Note, ...], provisions: dict[str, syntax.Provision],
                definitions: dict[str, syntax.Definition], own_labels: dict[str, Any],
                own_defs: dict[str, Any], own_titles: set[str]) -> tuple[syntax.Note, ...]:
    """The amended statute's notes that still hold: each about only the provisions and
    definitions the amendment keeps as they were (a reading of a replaced or struck one
    may no longer fit, and the heading's dates and the actions' readings are the
    amendment's to give); a note left about nothing, or one the amendment rewrites under
    the same title, is dropped. A decision under the amendment so keeps the caveats of
    the provisions it inherits."""
    def still(target: str, is_name: bool) -> bool:
        if is_name:
            return target in definitions and target not in own_defs
        return target in provisions and target not in own_labels

    out: list[syntax.Note] = []
    for note in notes:
        if note.title in own_titles:
            continue
        entries: list[syntax.NoteEntry] = []
        for entry in note.entries:
            if isinstance(entry, syntax.NoteAbout):
                targets = tuple(t for t in entry.targets if still(t, entry.is_name))
                if targets:
                    entries.append(attrs.evolve(entry, targets=targets, target_spans=()))
            else:
                entries.append(entry)
        if any(isinstance(entry, syntax.NoteAbout) for entry in entries):
            out.append(attrs.evolve(note, entries=tuple(entries)))
    return tuple(out)


def _written_and_struck(label: str, first: Span | None, span: Span | None,
                        report: Report) -> None:
    """A label the file writes and then strikes: the strike would silently drop the
    provision just written. (A strike before the provision is a replacement spelt out,
    as writing the label alone would be.)"""
    report(Diagnostic(
        DUPLICATE_LABEL,
        f"provision {label} is struck after this file writes it (at {first})",
        span,
        "writing a provision under a label of the amended statute already replaces it; "
        "keep the provision to replace it, or delete it to leave only the `strike`",
    ))


#: What a label's section number looks like before its first parenthesis (`54-192h`).
_SECTION = re.compile(r"[0-9][0-9A-Za-z.\-]*(?=\()")


def _near_labels(base: Effective, law: syntax.LawFile, report: Report) -> None:
    """Warn at each provision `law` adds whose label is one of the base's mistyped: the
    same but for case, a look-alike character (`l` for `1`, `O` for `0`) or a section
    number written or left out. It is added beside the base's, which stays in force: a
    provision replaces one only under the same label, character for character. A base
    label the file writes or strikes itself is one the drafter knows."""
    written = {item.label for item in law.items
               if isinstance(item, (syntax.Provision, syntax.Strike))}
    olds = [p.label for p in base.provisions if p.label not in written]
    labels = {p.label for p in base.provisions}
    for item in law.items:
        if not isinstance(item, syntax.Provision) or item.label in labels:
            continue
        found = next(((old, how) for old in olds
                      if (how := _mistyped(item.label, old)) is not None), None)
        if found is None:
            continue
        old, how = found
        report(Diagnostic(
            NEAR_LABEL,
            f"provision {item.label} is added as a new provision, since the amended statute "
            f"has none with that label; its {old} stays in force unchanged",
            item.span,
            f"did you mean `{old}`? The label {how}; a provision replaces one of the amended "
            "statute only under the same label. If it is meant as a new provision, give it a "
            "label of its own",
            severity="warning",
        ))


def _mistyped(new: str, old: str) -> str | None:
    """How the label `new` differs from `old` when it is `old` mistyped (None when not)."""
    if new.lower() == old.lower():
        return "differs from it only in capital letters"
    if _look_alike(new) == _look_alike(old):
        pairs = sorted({f"`{a}` for `{b}`" for a, b in zip(new, old, strict=True)
                        if a.lower() != b.lower()})
        case = any(a != b and a.lower() == b.lower() for a, b in zip(new, old, strict=True))
        return f"differs from it only in {', '.join(pairs)}" + (
            " and in capital letters" if case else "")
    for longer, shorter, did in ((new, old, "adds"), (old, new, "leaves out")):
        section = _SECTION.match(longer)
        if section is not None and (
                _look_alike(longer[section.end():]) == _look_alike(shorter)):
            return f"{did} the section number `{section.group()}`"
    return None


def _look_alike(label: str) -> str:
    """`label` with case and look-alike characters made alike (`l`, `i`, `1`; `O`, `0`):
    `(ll)`, `(li)` and `(11)` are all `(ii)` mistyped."""
    return label.lower().replace("l", "1").replace("i", "1").replace("o", "0")


def _drop_dependents(provisions: dict[str, syntax.Provision], own: dict[str, syntax.Provision],
                     struck: dict[str, syntax.Strike], report: Report) -> None:
    """Report, at the `strike`, each provision kept from the amended statute that ranks
    itself against a struck one (`except (b)(1)(A)` after `strike (b)(1)(A)`), and
    through it, and leave them out: the error belongs to the amendment, not to the
    amended file, which is correct as it stands."""
    for label, strike in struck.items():
        if label in provisions:  # struck, then written again by the amendment
            continue
        gone, found = {label}, []
        while True:
            more = [p for p in provisions.values() if p.label not in own and p.label not in gone
                    and any(r.target in gone for r in p.relations)]
            if not more:
                break
            for provision in more:
                gone.add(provision.label)
                found.append(provision)
        if not found:
            continue
        for provision in found:
            del provisions[provision.label]
        named = [f"{p.label} (`{_relation(p, gone)}`)" for p in found]
        report(Diagnostic(
            STRIKE_LEAVES_DEPENDENTS,
            f"`strike {label}` leaves provisions of the amended statute that rank "
            f"against what it strikes: {', '.join(named)}",
            strike.span,
            f"strike them too (`strike {found[0].label}`); restate each that should stay "
            f"with its label and without {label} among the provisions it names (a rule "
            f"ranked above several, such as `except {label} except …`, keeps the others); "
            f"or replace {label} with a provision of the same label instead of striking it",
        ))


def _keep_signatures(base: Effective, definitions: dict[str, syntax.Definition],
                     provisions: dict[str, syntax.Provision],
                     own_labels: dict[str, syntax.Provision],
                     own_defs: dict[str, syntax.Definition], report: Report) -> None:
    """Report, at the amendment's definition, one that replaces the amended statute's
    with other parameters while the amended statute's kept provisions and definitions
    still use it the old way, and keep the old one: the uses are correct in the amended
    file, the change is the amendment's."""
    for old in base.definitions:
        new = own_defs.get(old.name)
        if new is None or _signature(new) == _signature(old):
            continue
        kept = [*(p for p in provisions.values() if p.label not in own_labels),
                *(d for d in base.definitions if d.name not in own_defs)]
        uses = [span for item in kept for span in _uses(item, old.name)]
        if not uses:
            continue
        definitions[old.name] = old
        uses.sort(key=lambda span: (span.file, span.line, span.column))
        where = ", ".join(f"{Path(span.file).name}:{span.line}" for span in uses[:6])
        more = f" and {len(uses) - 6} more" if len(uses) > 6 else ""
        report(Diagnostic(
            REDEFINED_PARAMETERS,
            f"definition `{old.name}` takes {_arguments(new)} here, but {_arguments(old)} in "
            f"the amended statute, whose provisions still use it that way ({where}{more})",
            new.span,
            "keep the amended statute's parameters, or give this definition a name of "
            "its own",
        ))


def _ranked_again(old: syntax.Provision, new: syntax.Provision, in_force: set[str],
                  report: Report) -> None:
    """Warn, at a replacing provision, of the relations of the provision it replaces that
    it does not repeat, to provisions still `in_force`: a replacement ranks only as it
    says, so a rule that was an exception may now conflict with the rule it was an
    exception to."""
    said = {(r.kind, r.target) for r in new.relations}
    dropped = [r for r in old.relations
               if (r.kind, r.target) not in said and r.target in in_force]
    if not dropped:
        return
    words = " ".join(f"{r.kind.replace('_', ' ')} {r.target}" for r in dropped)
    every = " ".join(f"{r.kind.replace('_', ' ')} {r.target}"
                     for r in (*new.relations, *dropped))
    report(Diagnostic(
        DROPPED_RELATION,
        f"provision {new.label} replaces one that is `{words}` in the amended statute, and "
        "does not say so: a replacement ranks only as it says",
        new.span,
        f"write `provision {new.label} {every}` to keep its rank, unless the draft means "
        "to change it",
        severity="warning",
    ))


def _signature(definition: syntax.Definition) -> tuple[syntax.TypeRef, ...]:
    return tuple(param.type for param in definition.params)  # spans are not compared


def _arguments(definition: syntax.Definition) -> str:
    count = len(definition.params)
    return "no arguments" if count == 0 else "1 argument" if count == 1 else f"{count} arguments"


def _uses(root: object, name: str) -> list[Span]:
    """Where the syntax `root` uses the definition `name`."""
    return [node.span for named, node in name_reads(root)
            if named == name and node.span is not None]


def name_reads(root: object) -> Iterator[tuple[str, syntax.Call | syntax.Path]]:
    """Each call and path under the syntax `root`, with the name it could read as a
    definition (a call's name, a path's first name); walked with a stack of its own, as a
    chain of thousands of `or`s is that deep."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
            continue
        if not attrs.has(type(node)):
            continue
        if isinstance(node, syntax.Call):
            yield node.name, node
        elif isinstance(node, syntax.Path):
            yield node.names[0], node
        kind: Any = type(node)
        stack.extend(getattr(node, field.name) for field in attrs.fields(kind)
                     if field.name != "span")


def _relation(provision: syntax.Provision, gone: set[str]) -> str:
    relation = next(r for r in provision.relations if r.target in gone)
    return f"{relation.kind.replace('_', ' ')} {relation.target}"
