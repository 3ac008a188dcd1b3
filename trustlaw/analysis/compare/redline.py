"""A comparison → a redline: provisions and definitions struck, added and changed, text beside
text, each with the regions of the comparison it causes.

A provision is changed when its text, its citation or what it concludes (outcome,
modality, condition) differs. A provision whose text and citation are the same and whose
conclusions differ only through a redefined definition it reads (its conditions agree
once that definition's new body is put for the old) is not listed as changed text: the
definition's change is, naming the provisions that read it. A provision that reads a
changed definition and differs in some other way is listed with the definitions it reads
that differ. A region is caused by a provision change when that provision is among its
deciding provisions on either side, and by a definition change when its summary names
the definition or a provision changed only through it decides the region.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import attrs

from ... import ir
from .atoms import canonical
from .model import Comparison, Region
from .render import markdown_escape

__all__ = ["Change", "Redline", "redline"]


@attrs.frozen(eq=False)
class Change:
    """One provision or definition struck, added or changed."""

    kind: str  # provision | definition
    label: str
    change: str  # struck | added | changed
    a: ir.Provision | ir.Definition | None
    b: ir.Provision | ir.Definition | None
    regions: tuple[int, ...]  # indexes into the comparison's regions
    # a provision: the changed definitions it reads; a definition: the provisions whose
    # text is the same but whose conclusions change with it
    through: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        def side(item: ir.Provision | ir.Definition | None) -> dict[str, str] | None:
            if item is None:
                return None
            return {"citation": item.citation, "text": item.text}

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
                    f"| {c.change} {c.kind} {markdown_escape(c.label)}"
                    f"{' (' + markdown_escape(words) + ')' if words else ''} | "
                    f"{markdown_escape(c.a.text) if c.a else '–'} | "
                    f"{markdown_escape(c.b.text) if c.b else '–'} | "
                    f"{', '.join(str(i + 1) for i in c.regions) or '–'} |")
            return "\n".join(lines)
        lines = ["Redline", "======="]
        if not self.changes:
            lines.append("no provision or definition differs")
        for c in self.changes:
            lines += ["", f"{c.change.upper()} {c.kind} {c.label}"]
            if c.a is not None:
                lines.append(f"  A ({c.a.citation}): {c.a.text}")
            if c.b is not None:
                lines.append(f"  B ({c.b.citation}): {c.b.text}")
            words = c.through_words()
            if words:
                lines.append(f"  {words}")
            for index in c.regions:
                region = regions[index]
                lines.append(f"  → region {index + 1}: {region.headline()} when {region.summary}")
        return "\n".join(lines)


def redline(comparison: Comparison) -> Redline:
    """The provisions and definitions of the two statutes set side by side."""
    pa, pb = comparison.a.program, comparison.b.program
    definitions_a = {d.name: d for d in pa.definitions}
    definitions_b = {d.name: d for d in pb.definitions}
    redefined = [(name, definitions_a[name], definitions_b[name]) for name in definitions_a
                 if name in definitions_b
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
                and _rules(pa, label, _put_new(redefined)) == _rules(pb, label, _flat)):
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
            words = name.replace("_", " ")
            readers = tuple(only_through.get(name, ()))
            caused = tuple(i for i, r in enumerate(comparison.regions)
                           if words in r.summary
                           or any(i in _caused_by_provision(comparison.regions, label)
                                  for label in readers))
            changes.append(Change("definition", name, kind, da, db, caused, readers))
    return Redline(comparison, tuple(changes))


def _reads(pa: ir.Program, pb: ir.Program, label: str,
           redefined: Sequence[tuple[str, ir.Definition, ir.Definition]]) -> tuple[str, ...]:
    """The redefined definitions a provision reads (its old body in A's conclusions or its
    new one in B's; definitions are inlined, so found as parts of the conditions)."""
    conditions_a = [canonical(c) for c in _conditions(pa, label)]
    conditions_b = [canonical(c) for c in _conditions(pb, label)]
    return tuple(name for name, da, db in redefined
                 if any(_has_part(c, canonical(da.body)) for c in conditions_a)
                 or any(_has_part(c, canonical(db.body)) for c in conditions_b))


def _has_part(key: Any, part: Any) -> bool:
    """`part` (a canonical form) is in `key`: as a node, or as some of the operands of an
    ``and``/``or`` of its kind (inlining flattens a definition's ``and`` into its user's)."""
    if key == part:
        return True
    if not isinstance(key, tuple):
        return False
    if (_junction(key) and _junction(part) and key[0] == part[0]
            and set(part[1]) <= set(key[1])):
        return True
    return any(_has_part(k, part) for k in key)


def _junction(key: Any) -> bool:
    return isinstance(key, tuple) and len(key) == 2 and key[0] in ("And", "Or")


def _flat(expr: ir.Expr) -> ir.Expr:
    """`expr` with every ``and`` in an ``and`` (``or`` in an ``or``) spliced into it: the
    same meaning, compared as lowering writes it."""
    return _put_new(())(expr)


def _put_new(redefined: Sequence[tuple[str, ir.Definition, ir.Definition]]
             ) -> Callable[[ir.Expr], ir.Expr]:
    """A rewrite of A's conditions putting each redefined definition's new body where its
    old body is (by canonical form: bound variable names do not matter)."""
    swaps = [(canonical(da.body), db.body) for _, da, db in redefined]

    def rewrite(expr: ir.Expr) -> ir.Expr:
        key = canonical(expr)
        for old, new in swaps:
            if key == old:
                return new
        if isinstance(expr, (ir.And, ir.Or)):
            return _splice(expr, [rewrite(o) for o in _swap_some(expr, swaps)])
        changes: dict[str, Any] = {}
        for field in attrs.fields(type(expr)):
            value: Any = getattr(expr, field.name)
            if isinstance(value, ir.EXPR_NODES):
                new_value: Any = rewrite(cast(ir.Expr, value))
            else:
                continue
            if new_value != value:
                changes[field.name] = new_value
        return attrs.evolve(expr, **changes) if changes else expr

    return rewrite


def _swap_some(expr: ir.And | ir.Or, swaps: Sequence[tuple[Any, ir.Expr]]) -> list[ir.Expr]:
    """The operands of `expr`, with the operands an old definition body of the same kind
    was flattened into put back as its new body (where the first of them stood)."""
    operands = list(expr.operands)
    for old, new in swaps:
        if not (_junction(old) and old[0] == type(expr).__name__):
            continue
        keys = [canonical(o) for o in operands]
        wanted = set(old[1])
        if not wanted <= set(keys) or len(wanted) == len(keys):
            continue
        first = next(i for i, k in enumerate(keys) if k in wanted)
        operands = [new if i == first else o for i, o in enumerate(operands)
                    if i == first or keys[i] not in wanted]
    return operands


def _splice(expr: ir.And | ir.Or, operands: list[ir.Expr]) -> ir.Expr:
    kind = type(expr)
    flat: list[ir.Expr] = []
    for o in operands:
        flat.extend(o.operands if isinstance(o, kind) else (o,))
    return kind(tuple(flat))


def _conditions(program: ir.Program, label: str) -> list[ir.Expr]:
    return ([r.condition for r in program.rules if r.provision == label]
            + [d.condition for d in program.duties if d.provision == label]
            + [li.condition for li in program.limits if li.provision == label])


def _kind(a: Any, b: Any, meaning_differs: bool) -> str | None:
    if a is None:
        return "added"
    if b is None:
        return "struck"
    if meaning_differs or a.text != b.text or a.citation != b.citation:
        return "changed"
    return None


def _rules(program: ir.Program, label: str,
           rewrite: Callable[[ir.Expr], ir.Expr] = lambda e: e) -> list[Any]:
    """What a provision concludes, comparable across statutes (its conditions rewritten
    by `rewrite` first)."""
    out: list[Any] = [(r.outcome, r.modality, r.kind, canonical(rewrite(r.condition)))
                      for r in program.rules if r.provision == label]
    out += [("duty", d.id, canonical(rewrite(d.condition))) for d in program.duties
            if d.provision == label]
    out += [("limit", li.hours, li.excluding, li.holidays, canonical(rewrite(li.condition)))
            for li in program.limits if li.provision == label]
    return sorted(out, key=repr)


def _caused_by_provision(regions: Sequence[Region], label: str) -> tuple[int, ...]:
    def mentions(grounds: Sequence[str]) -> bool:
        return any(g.removeprefix("open: ").removesuffix(" (does not bind)") == label
                   for g in grounds)

    return tuple(i for i, r in enumerate(regions)
                 if mentions(r.grounds["a"]) or mentions(r.grounds["b"]))
