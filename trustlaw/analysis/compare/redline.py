"""A comparison → a redline: provisions and definitions struck, added and changed, text beside
text, each with the regions of the comparison it causes.

A provision is changed when its text, its citation or what it concludes (outcome,
modality, condition) differs. Which definitions a provision reads is what lowering
recorded on its rules, duties and limits (`ir.Rule.reads`: the definitions inlined into
its conditions, directly or through other definitions), never guessed from the
conditions. A provision whose text and citation are the same and whose conclusions
differ only through a redefined definition it reads (its conditions are written the
same, `ir.Rule.as_written`, and it reads a redefined definition) is not listed as
changed text: the definition's change is, naming the provisions that read it. A
provision that reads a changed definition and differs in some other way is listed with
the definitions it reads that differ. A region is caused by a provision change when that
provision is among its deciding provisions on either side, and by a definition change
when its summary names the definition or a provision changed only through it decides
the region.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ... import ir
from ...decisions.words import name_words
from .atoms import canonical
from .model import Comparison, Region
from .render import EDITORIAL_MARK, markdown_escape, terminal_text

__all__ = ["Change", "Redline", "redline"]


@attrs.frozen(eq=False)
class Change:
    """One provision or definition struck, added or changed."""

    kind: str  # provision | definition
    label: str
    change: str  # struck | added | changed
    a: ir.Provision | ir.Definition | None
    b: ir.Provision | ir.Definition | None
    # indexes into the comparison's regions, from 0 (the JSON's `regions` array); the
    # text and the Markdown number them from 1
    regions: tuple[int, ...]
    # a provision: the changed definitions it reads; a changed definition: the
    # provisions whose text is the same but whose conclusions change with it; an added
    # or struck definition: the provisions of its law that read it
    through: tuple[str, ...] = ()

    @property
    def shown_label(self) -> str:
        """The label, said to be the file's own where either side marks it editorial
        (not a subsection of the law), so no reader takes it for a citation."""
        editorial = any(isinstance(item, ir.Provision) and item.editorial
                        for item in (self.a, self.b))
        return self.label + (EDITORIAL_MARK if editorial else "")

    def to_dict(self) -> dict[str, Any]:
        def side(item: ir.Provision | ir.Definition | None) -> dict[str, Any] | None:
            if item is None:
                return None
            said: dict[str, Any] = {"citation": item.citation, "text": item.text}
            if isinstance(item, ir.Provision) and item.editorial:
                said["editorial"] = True  # as a decision's ground says it
            return said

        return {"kind": self.kind, "label": self.label, "change": self.change,
                "a": side(self.a), "b": side(self.b), "regions": list(self.regions),
                self._through_key: list(self.through)}

    @property
    def _through_key(self) -> str:
        return "reads_changed_definitions" if self.kind == "provision" else "read_by"

    def through_words(self) -> str | None:
        """``reads changed definition x`` or ``read by provision (c), whose text is the
        same`` (None when there is nothing to say)."""
        if not self.through:
            return None
        if self.kind == "provision":
            return (f"reads changed definition{'s' if len(self.through) > 1 else ''} "
                    f"{', '.join(self.through)}")
        if self.change != "changed":  # an added or struck definition: who reads it
            whose = "B" if self.change == "added" else "A"
            return (f"read by {whose}'s provision{'s' if len(self.through) > 1 else ''} "
                    f"{', '.join(self.through)}")
        return (f"read by provision{'s' if len(self.through) > 1 else ''} "
                f"{', '.join(self.through)} (same text; what "
                f"{'they conclude changes' if len(self.through) > 1 else 'it concludes changes'}"
                f" with this definition)")


@attrs.frozen(eq=False)
class Redline:
    comparison: Comparison
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes]}

    def render(self, fmt: str = "text") -> str:
        regions = self.comparison.regions
        if fmt == "markdown":
            lines = ["## Redline", "", "| | A | B | regions |", "|---|---|---|---|"]
            for c in self.changes:
                words = c.through_words()
                lines.append(
                    f"| {c.change} {c.kind} {markdown_escape(c.shown_label)}"
                    f"{' (' + markdown_escape(words) + ')' if words else ''} | "
                    f"{markdown_escape(c.a.text) if c.a else '–'} | "
                    f"{markdown_escape(c.b.text) if c.b else '–'} | "
                    f"{', '.join(str(i + 1) for i in c.regions) or '–'} |")
            return "\n".join(lines)
        lines = ["Redline", "======="]
        limits = self.comparison.limit_texts
        if not self.changes:
            lines.append("no provision or definition differs")
        for c in self.changes:
            lines += ["", f"{c.change.upper()} {c.kind} {c.shown_label}"]
            # a text's own line breaks are indented under it, so that no line of a
            # statute's text can pass for a line of the report
            if c.a is not None:
                lines.append(f"  A ({c.a.citation}): {_under(c.a.text)}")
            if c.b is not None:
                lines.append(f"  B ({c.b.citation}): {_under(c.b.text)}")
            words = c.through_words()
            if words:
                lines.append(f"  {words}")
            for index in c.regions:
                region = regions[index]
                headline = region.headline(words=limits)
                lines.append(f"  → region {index + 1}: {headline} when {region.summary}")
        return terminal_text(lines)


def redline(comparison: Comparison) -> Redline:
    """The provisions and definitions of the two statutes set side by side."""
    pa, pb = comparison.a.program, comparison.b.program
    definitions_a = {d.name: d for d in pa.definitions}
    definitions_b = {d.name: d for d in pb.definitions}
    redefined = [name for name in definitions_a if name in definitions_b
                 and canonical(definitions_a[name].body) != canonical(definitions_b[name].body)]
    provisions: list[Change] = []
    only_through: dict[str, list[str]] = {}  # definition → provisions changed only by it
    provisions_a = {p.label: p for p in pa.provisions}
    provisions_b = {p.label: p for p in pb.provisions}
    for label in dict.fromkeys([*provisions_a, *provisions_b]):
        a, b = provisions_a.get(label), provisions_b.get(label)
        kind = _kind(a, b, _rules(pa, label) != _rules(pb, label))
        if kind is None:
            continue
        reads = _reads(pa, pb, label, redefined) if kind == "changed" else ()
        if (reads and a is not None and b is not None
                and a.text == b.text and a.citation == b.citation
                and _as_written(pa, label) == _as_written(pb, label)):
            for name in reads:
                only_through.setdefault(name, []).append(label)
            continue
        provisions.append(Change("provision", label, kind, a, b,
                                 _caused_by_provision(comparison.regions, label), reads))
    changes = list(provisions)
    for name in dict.fromkeys([*definitions_a, *definitions_b]):
        da, db = definitions_a.get(name), definitions_b.get(name)
        differs = (da is not None and db is not None
                   and canonical(da.body) != canonical(db.body))
        kind = _kind(da, db, differs)
        if kind is not None:
            words = name_words(name.replace("_", " "))  # as the regions' words name it
            # a changed definition: the provisions changed only through it; an added or
            # struck one: every provision of its law that reads it (the new gate a draft
            # defines is read by the provision it gates, whose regions are its own)
            readers = (tuple(only_through.get(name, ())) if kind == "changed"
                       else _readers(pb if da is None else pa, name))
            caused = tuple(i for i, r in enumerate(comparison.regions)
                           if words in r.summary
                           or any(i in _caused_by_provision(comparison.regions, label)
                                  for label in readers))
            changes.append(Change("definition", name, kind, da, db, caused, readers))
    return Redline(comparison, tuple(changes))


def _readers(program: ir.Program, name: str) -> tuple[str, ...]:
    """The provisions of `program` that read definition `name`, directly or through other
    definitions, as lowering recorded them (in the program's order)."""
    return tuple(p.label for p in program.provisions
                 if any(name in node.reads for node in _nodes(program, p.label)))


def _reads(pa: ir.Program, pb: ir.Program, label: str,
           redefined: Sequence[str]) -> tuple[str, ...]:
    """The redefined definitions a provision reads in A or in B, as lowering recorded them
    (in the order of A's definitions)."""
    read = {name for program in (pa, pb) for node in _nodes(program, label)
            for name in node.reads}
    return tuple(name for name in redefined if name in read)


def _nodes(program: ir.Program, label: str) -> list[ir.Rule | ir.Duty | ir.Limit]:
    """A provision's rules, duties and limits."""
    return ([r for r in program.rules if r.provision == label]
            + [d for d in program.duties if d.provision == label]
            + [li for li in program.limits if li.provision == label])


def _as_written(program: ir.Program, label: str) -> list[Any]:
    """What a provision concludes with its conditions as written (definitions named, not
    inlined), comparable across statutes."""
    out: list[Any] = [(r.outcome, r.modality, r.kind, r.as_written)
                      for r in program.rules if r.provision == label]
    out += [("duty", d.id, d.as_written) for d in program.duties if d.provision == label]
    out += [("limit", li.hours, li.excluding, li.holidays, li.as_written)
            for li in program.limits if li.provision == label]
    return sorted(out, key=repr)


def _kind(a: Any, b: Any, meaning_differs: bool) -> str | None:
    if a is None:
        return "added"
    if b is None:
        return "struck"
    if meaning_differs or a.text != b.text or a.citation != b.citation:
        return "changed"
    return None


def _rules(program: ir.Program, label: str) -> list[Any]:
    """What a provision concludes, comparable across statutes."""
    out: list[Any] = [(r.outcome, r.modality, r.kind, canonical(r.condition))
                      for r in program.rules if r.provision == label]
    out += [("duty", d.id, canonical(d.condition)) for d in program.duties
            if d.provision == label]
    out += [("limit", li.hours, li.excluding, li.holidays, canonical(li.condition))
            for li in program.limits if li.provision == label]
    return sorted(out, key=repr)


def _caused_by_provision(regions: Sequence[Region], label: str) -> tuple[int, ...]:
    """The regions a provision decides on either side, or could decide once an unknown
    fact is known (its `open_grounds`)."""
    def mentions(grounds: Sequence[str]) -> bool:
        return any(g.removesuffix(" (does not bind)") == label for g in grounds)

    return tuple(i for i, r in enumerate(regions)
                 if any(mentions(found[side]) for found in (r.grounds, r.open_grounds)
                        for side in ("a", "b")))


def _under(text: str) -> str:
    """A provision's text with each further line indented under the first."""
    return text.replace("\n", "\n      ")
