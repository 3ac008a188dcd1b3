"""A library of statutes → protectiveness for every pair and action, and the order it induces.

For each pair and action the solver settles which statute allows the action in fewer
cases (CASES.md section 4; `engine.protectiveness`), reusing each statute's encoding
across all pairs (`encodings.Encodings`). "Allows strictly fewer" is strict inclusion of
the sets of cases in which the action is allowed, so it is a partial order: `edges`
gives its Hasse diagram (each edge from the more protective statute to a less
protective one, no edge implied by two others), equivalent statutes merged into one
node, as data for a Mermaid diagram (`mermaid`).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any

import attrs

from ...diagnostics import Diagnostic, UsageError, escaped
from ...library.statute import Statute
from .encodings import models_uncompressed
from .engine import StatuteRef, check_bound, protectiveness, statute_of
from .model import ACTIONS, Protectiveness
from .render import count, markdown_escape, terminal_text
from .search import Encodings, private_context

__all__ = ["Matrix", "matrix"]

_SYMBOL = {"a": "<", "b": ">", "equivalent": "=", "incomparable": "x", "unknown": "?"}


@attrs.frozen(eq=False)
class Matrix:
    """Protectiveness of every pair of `statutes` (by their labels) for every action."""

    labels: tuple[str, ...]
    cells: dict[tuple[int, int], dict[str, Protectiveness]]  # (i, j), i < j
    seconds: float
    bound: int

    def verdict(self, i: int, j: int, action: str) -> str:
        """``a`` when statute i allows `action` in fewer cases than statute j, ``b`` the
        reverse, ``equivalent``, ``incomparable`` or ``unknown``."""
        if i == j:
            return "equivalent"
        if i < j:
            return self.cells[(i, j)][action].verdict
        flipped = self.cells[(j, i)][action].verdict
        return {"a": "b", "b": "a"}.get(flipped, flipped)

    def groups(self, action: str) -> list[list[int]]:
        """Statutes that allow `action` in exactly the same cases, in library order."""
        seen: dict[int, int] = {}
        out: list[list[int]] = []
        for i in range(len(self.labels)):
            if i in seen:
                continue
            group = [i] + [j for j in range(i + 1, len(self.labels))
                           if self.verdict(i, j, action) == "equivalent"]
            for j in group:
                seen[j] = len(out)
            out.append(group)
        return out

    def edges(self, action: str) -> list[tuple[str, str]]:
        """The order's Hasse diagram for `action`: (more protective, less protective)
        pairs of labels (an equivalence group by its first member), none implied by
        transitivity."""
        groups = self.groups(action)
        heads = [g[0] for g in groups]
        fewer = {(x, y) for x in heads for y in heads
                 if x != y and self.verdict(x, y, action) == "a"}
        reduced = [(x, y) for x, y in sorted(fewer)
                   if not any((x, z) in fewer and (z, y) in fewer for z in heads)]
        return [(self.labels[x], self.labels[y]) for x, y in reduced]

    def mermaid(self, action: str) -> str:
        """A Mermaid flowchart of `edges(action)` (more protective above); a label (a path
        may hold anything) is kept to text."""
        lines = ["graph TD"]
        ids = {label: f"s{i}" for i, label in enumerate(self.labels)}
        for group in self.groups(action):
            name = escaped(" = ".join(self.labels[i] for i in group)).replace('"', "'")
            name = name.replace("<", "#lt;").replace(">", "#gt;")  # Mermaid's entities
            lines.append(f'  {ids[self.labels[group[0]]]}["{name}"]')
        for x, y in self.edges(action):
            lines.append(f"  {ids[x]} --> {ids[y]}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        actions = {}
        for action in ACTIONS:
            pairs = []
            for (i, j), cell in self.cells.items():
                item = cell[action]
                pairs.append({"a": self.labels[i], "b": self.labels[j], "verdict": item.verdict,
                              "a_allows_b_forbids": item.a_only,
                              "b_allows_a_forbids": item.b_only})
            actions[action] = {
                "pairs": pairs,
                "order": [list(e) for e in self.edges(action)],
                "equivalent": [[self.labels[i] for i in g] for g in self.groups(action)
                               if len(g) > 1],
            }
        return {"statutes": list(self.labels), "bound": self.bound,
                "seconds": round(self.seconds, 3), "actions": actions}

    def render(self, fmt: str = "text") -> str:
        if fmt == "markdown":
            return self._markdown()
        out = [f"{count(len(self.labels), 'statute')}, {count(len(self.cells), 'pair')}, "
               f"{self.seconds:.2f} s (lists up to {count(self.bound, 'element')})", ""]
        for number, label in enumerate(self.labels, 1):
            out.append(f"{number:3}  {label}")
        out += ["", "cell: < the row allows the action in fewer cases (more protective), "
                "> the column does, = the same cases, x incomparable, ? not settled"]
        for action in ACTIONS:
            out += ["", f"{action}:", "     " + "".join(f"{j + 1:>3}" for j in
                                                        range(len(self.labels)))]
            for i in range(len(self.labels)):
                row = "".join(f"{_SYMBOL[self.verdict(i, j, action)]:>3}"
                              for j in range(len(self.labels)))
                out.append(f"{i + 1:>3}  {row}")
            edges = self.edges(action)
            if edges:
                out.append("  order (more protective → less): " +
                           "; ".join(f"{x} → {y}" for x, y in edges))
        return terminal_text(out)

    def _markdown(self) -> str:
        out = [f"*{count(len(self.labels), 'statute')}, "
               f"lists up to {count(self.bound, 'element')}*"]
        header = "| | " + " | ".join(str(j + 1) for j in range(len(self.labels))) + " |"
        rule = "|---" * (len(self.labels) + 1) + "|"
        for action in ACTIONS:
            out += ["", f"## {action}", "", header, rule]
            for i, label in enumerate(self.labels):
                cells = " | ".join(_SYMBOL[self.verdict(i, j, action)].replace("<", "&lt;")
                                   .replace(">", "&gt;") for j in range(len(self.labels)))
                out.append(f"| {i + 1}. {markdown_escape(label)} | {cells} |")
            out += ["", "```mermaid", self.mermaid(action), "```"]
        return "\n".join(out) + "\n"


def matrix(
    statutes: Sequence[StatuteRef] | None = None,
    *,
    bound: int = 3,
    timeout_ms: int = 60_000,
    encodings: Encodings | None = None,
) -> Matrix:
    """Protectiveness for every pair of `statutes` (default: the bundled library) and
    every action; each statute is encoded once for all its pairs (in a private z3
    context unless `encodings` are given); `bound` from 1 to 10 (`check_bound`)."""
    check_bound(bound)
    if encodings is None:
        with private_context(), models_uncompressed():
            return matrix(statutes, bound=bound, timeout_ms=timeout_ms,
                          encodings=Encodings(copied=True))
    started = time.perf_counter()
    if statutes is None:
        from ...library.loader import bundled_index, load_path

        loaded = [load_path(path) for path in bundled_index().values()]
    else:
        loaded = [statute_of(s) for s in statutes]
    if not loaded:
        raise UsageError([Diagnostic("TL-U010", "the matrix needs at least one statute",
                                     None, None)])
    digests = {s.vocabulary.digest for s in loaded}
    if len(digests) > 1:
        raise UsageError([Diagnostic("TL-U008", "the statutes use different case "
                                     "vocabularies, so no case can be put to all of them",
                                     None, "compare statutes on the same vocabulary")])
    from ...backends import smt

    cache = encodings
    vocab = loaded[0].vocabulary
    case = cache.case(smt, vocab, bound)
    well_formed = cache.well_formed(smt, vocab, bound)
    terms = [cache.terms(smt, s.program, vocab, bound) for s in loaded]
    cells: dict[tuple[int, int], dict[str, Protectiveness]] = {}
    solver = smt.solver_with(well_formed, timeout_ms)  # one for every pair
    for i, j in itertools.combinations(range(len(loaded)), 2):
        cells[(i, j)] = protectiveness(smt, well_formed, terms[i], terms[j], case, timeout_ms,
                                       solver=solver)
    return Matrix(_labels(loaded), cells, time.perf_counter() - started, bound)


def _labels(statutes: Sequence[Statute]) -> tuple[str, ...]:
    ids = [s.id for s in statutes]
    return tuple(s.path if ids.count(s.id) > 1 else s.id for s in statutes)
