"""A comparison and a caseload → how many cases fall in each region, and the transition tables.

`impact(comparison, cases)` decides every case under both statutes with the compiled
backend and counts, per action, each pair of outcomes (``permitted → prohibited: N``)
and, per region, the cases its condition contains. It takes any iterable of JSON-form
cases, so a batch engine can feed it (or replace it) later; `read_cases` reads JSON
lines, CSV (one column per dotted path, lists as JSON text) or Parquet (with pyarrow).
A case that is not well-formed, or a JSON line that is not JSON at all (an `Unreadable`
with its line number), is counted as invalid with its first error, never a stop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ... import ir
from ...cases import validate
from ...decisions.decision import build_decision
from ...diagnostics import CaseError
from .model import Comparison, reading
from .render import count

__all__ = ["Impact", "Unreadable", "impact", "misplaced", "read_cases"]


@attrs.frozen
class Unreadable:
    """A line of a case file that is not a case at all (not JSON): counted as invalid."""

    line: int
    message: str


@attrs.frozen(eq=False)
class Impact:
    """The counts: `comparison` with each region's `count` filled in, the transition
    table per action, the number of cases read and of invalid ones."""

    comparison: Comparison
    transitions: Mapping[str, Mapping[tuple[str, str], int]]
    cases: int
    invalid: int
    first_error: str | None = None

    @property
    def counts(self) -> list[int]:
        """The number of cases in each region, in the comparison's order."""
        return [r.count or 0 for r in self.comparison.regions]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "invalid": self.invalid,
            "first_error": self.first_error,
            "transitions": {
                action: [{"a": a, "b": b, "count": n} for (a, b), n in table.items()]
                for action, table in self.transitions.items()
            },
            "regions": self.counts,
        }

    def render(self, fmt: str = "text") -> str:
        a, b = self.comparison.labels
        lines = [f"Caseload: {count(self.cases, 'case')} ({self.invalid:,} not well-formed)"
                 + (f"; first error: {self.first_error}" if self.first_error else "")]
        for action, table in self.transitions.items():
            changed = {k: n for k, n in table.items() if k[0] != k[1]}
            same = sum(n for k, n in table.items() if k[0] == k[1])
            lines.append(f"  {action}: {same:,} decided alike" + ("; " if changed else "")
                         + "; ".join(f"{x} → {y}: {n:,}" for (x, y), n in changed.items()))
        if fmt == "markdown":
            return "\n".join(["## Caseload (A = " + a + ", B = " + b + ")", "", *
                              [f"- {line.strip()}" for line in lines]])
        return "\n".join(lines)


def impact(comparison: Comparison,
           cases: Iterable[Mapping[str, Any] | Unreadable]) -> Impact:
    """Count `cases` (JSON form) in each region and tabulate each action's outcomes
    under both statutes (compiled backend); an `Unreadable` line counts as invalid."""
    a, b = comparison.a, comparison.b
    vocab = a.vocabulary
    compiled_a, compiled_b = a.compiled(), b.compiled()
    counts = [0] * len(comparison.regions)
    transitions: dict[str, dict[tuple[str, str], int]] = {o: {} for o in ir.OUTCOMES}
    total = invalid = 0
    first_error: str | None = None
    for case in cases:
        total += 1
        if isinstance(case, Unreadable):
            invalid += 1
            if first_error is None:
                first_error = case.message
            continue
        try:
            data = validate(case, vocab)
        except CaseError as error:
            invalid += 1
            if first_error is None:
                first_error = f"case {total}: {error.diagnostics[0].message}"
            continue
        ea, eb = compiled_a.evaluate(data), compiled_b.evaluate(data)
        for outcome in ir.OUTCOMES:
            key = (ea.outcomes[outcome], eb.outcomes[outcome])
            table = transitions[outcome]
            table[key] = table.get(key, 0) + 1
        for index, region in enumerate(comparison.regions):
            if region.contains_valid(data):
                counts[index] += 1
    regions = tuple(r.with_count(n) for r, n in zip(comparison.regions, counts, strict=True))
    return Impact(attrs.evolve(comparison, regions=regions), transitions, total, invalid,
                  first_error)


def misplaced(comparison: Comparison, cases: Iterable[tuple[Mapping[str, Any], Any]]
              ) -> list[str]:
    """Check the regions on (case, validated case) pairs: every case decided
    differently is in a region of its outcomes, and every region holds only cases
    decided as it says. Returns what is wrong (empty when all is well)."""
    a, b = comparison.a, comparison.b
    problems: list[str] = []
    aspects = sorted({r.outcome for r in comparison.regions} | set(ir.OUTCOMES) | {"max_hold"}
                     | {f"duty:{d.id}" for d in (*a.program.duties, *b.program.duties)})
    by_aspect: dict[str, list[Any]] = {}
    for region in comparison.regions:
        by_aspect.setdefault(region.outcome, []).append(region)
    ca, cb = a.compiled(), b.compiled()
    for case, data in cases:
        da = build_decision(a.program, ca.evaluate(data), data)
        db = build_decision(b.program, cb.evaluate(data), data)
        for aspect in aspects:
            seen = reading(aspect, da, db)
            inside = [r for r in by_aspect.get(aspect, []) if r.contains_valid(data)]
            for region in inside:
                if seen != (region.a, region.b):
                    problems.append(f"{aspect}: region `{region.summary}` holds a case decided "
                                    f"{seen}: {json.dumps(case)}")
            if seen is not None and seen[0] != seen[1] and not inside:
                problems.append(f"{aspect}: no region holds a case decided {seen}: "
                                f"{json.dumps(case)}")
    return problems


def read_cases(path: Path, vocab: ir.Vocabulary | None = None
               ) -> Iterator[dict[str, Any] | Unreadable]:
    """The cases in a JSON-lines, CSV or Parquet file, read as `trustlaw batch` reads
    them (`trustlaw.caseload.io`; a name ending otherwise is read as JSON lines): a row
    that holds no case (not UTF-8, not JSON, not fitting the CSV header) is an
    `Unreadable` with its 1-based line or row number."""
    from ...caseload.io import read_cases as read_rows
    from ...lowering.files import default_vocabulary

    vocab = vocab if vocab is not None else default_vocabulary()
    fmt = None if path.suffix.lower() in (".csv", ".parquet") else "jsonl"
    for row, case, error in read_rows(path, vocab, fmt):
        if error is not None or case is None:
            yield Unreadable(row + 1, error or f"row {row + 1} holds no case")
        else:
            yield case
