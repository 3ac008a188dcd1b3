"""Definitions no decision reads → a warning (`TL-W004`) at each.

A definition decides nothing by itself: it counts only where a provision (a conclusion,
a duty, a limit, `applies if` or `binds if`), a custom invariant's `assume`, or another
definition that is itself read, uses it. One that nothing reads is dead text, and
dangerous text: a drafter who adds a gate to it sees the change silently ignored (the
Connecticut files kept `detainer_may_be_honored` after the provision that read it was
rewritten). Examples and notes never read a definition (a note's `about` documents one),
and a standard invariant is a fixed property that names no definition.

Uses are found in the syntax as written, so the warning does not depend on the rest of
the file lowering cleanly. A name is counted as used wherever a path starts with it or a
call names it, even where a bound variable of the same name shadows the definition: the
count can only err towards silence.

In an amending file the provisions in force are the amended statute's, with the file's
own replacing, adding and striking ones; only the file's own definitions are judged
(the amended statute's are judged when it is checked). A redefinition that nothing in
force reads is the drafter's case exactly: the change decides nothing.

`lower` leaves out the warning at a definition whose name is refused (named like a fact,
`TL-S017`, or by a word of the language, `TL-S023`): no condition can read it by that
name, which the error already says.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..diagnostics import Diagnostic
from ..language import syntax
from ..names import closest
from .amend import Effective, name_reads

UNUSED_DEFINITION = "TL-W004"

__all__ = ["UNUSED_DEFINITION", "names_in", "reached", "unused_definitions"]


def names_in(root: object) -> set[str]:
    """Every name the syntax under `root` could read as a definition: the name of each
    call and the first name of each path."""
    return {named for named, _ in name_reads(root)}


def _roots(law: syntax.LawFile, in_force: Effective) -> set[str]:
    """The names read directly by what decides: the provisions in force and the file's
    own custom invariants (an amending file's invariants are its own, as are its notes)."""
    found: set[str] = set()
    for provision in in_force.provisions:
        found |= names_in(provision.clauses)
    for item in law.items:
        if isinstance(item, syntax.Invariant) and isinstance(item.body, syntax.CustomInvariant):
            found |= names_in(item.body.assume)
    return found


def reached(law: syntax.LawFile, in_force: Effective) -> dict[str, str | None]:
    """The definitions in force that some decision reads → the definition through which
    it is first reached (None when a provision or an invariant reads it directly)."""
    definitions = {d.name: d for d in in_force.definitions}
    out: dict[str, str | None] = {}
    todo: list[tuple[str, str | None]] = [
        (name, None) for name in sorted(_roots(law, in_force)) if name in definitions]
    while todo:
        name, through = todo.pop()
        if name in out:
            continue
        out[name] = through
        todo.extend((used, name) for used in sorted(names_in(definitions[name].body))
                    if used in definitions and used not in out)
    return out


def unused_definitions(law: syntax.LawFile, in_force: Effective) -> list[Diagnostic]:
    """A warning for each of `law`'s own definitions in force that no decision reads (one
    that replaces a definition of the amended statute is worded as such)."""
    definitions = {d.name: d for d in in_force.definitions}
    used = reached(law, in_force)
    own = {item.name for item in law.items if isinstance(item, syntax.Definition)}
    inherited = [name for name in definitions if name not in own]  # the amended statute's
    out: list[Diagnostic] = []
    for item in law.items:
        if not isinstance(item, syntax.Definition) or item.name in used:
            continue
        if definitions.get(item.name) is not item:
            continue  # written twice, or kept from the base: an error says so already
        readers = _dead_readers(item.name, definitions, used)
        out.append(_warning(item, readers, item.name in in_force.redefined,
                            closest(item.name, inherited)))
    return out


def _dead_readers(name: str, definitions: Mapping[str, syntax.Definition],
                  used: Mapping[str, str | None]) -> list[str]:
    """The definitions, themselves unread, that use `name`."""
    return sorted(other for other, d in definitions.items()
                  if other != name and other not in used and name in names_in(d.body))


def _warning(item: syntax.Definition, readers: list[str], replaces: bool,
             meant: str | None = None) -> Diagnostic:
    """The warning at `item`; `meant` is a definition of the amended statute its name is
    close to: a redefinition misspelt is a new definition nothing reads, and the base's
    stays in force, so the help says to take the base's name."""
    name = item.name
    if meant is not None and not replaces:
        message = (f"definition `{name}` is used by no provision, invariant or other "
                   "definition, so it decides nothing; the amended statute's "
                   f"`{meant}` stays in force unchanged")
        help = (f"did you mean `{meant}`? A definition with the same name as one of the "
                "amended statute replaces it; a new name adds a definition nothing reads")
    elif replaces:
        message = (f"definition `{name}` replaces the amended statute's, but no provision in "
                   "force reads it, so the change decides nothing")
        help = (f"write the provisions that rely on it here (a provision with the same label "
                f"replaces the amended one) with `{name}` in their conditions, or delete the "
                "definition")
    elif readers:
        listed = ", ".join(f"`{r}`" for r in readers)
        message = (f"definition `{name}` is used only by {listed}, which nothing uses, so it "
                   "decides nothing")
        describes = "it describes" if len(readers) == 1 else "they describe"
        help = (f"use {listed} in the provision {describes}, or delete the definitions no "
                "provision needs")
    else:
        message = (f"definition `{name}` is used by no provision, invariant or other "
                   "definition, so it decides nothing: a change to it changes no decision")
        help = (f"use it in the provision it describes (e.g. `hold permitted if {name}`), "
                "or delete it")
    return Diagnostic(UNUSED_DEFINITION, message, item.span, help, severity="warning")
