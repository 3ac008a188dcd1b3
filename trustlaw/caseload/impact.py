"""Statutes + a caseload → impact tables: outcome counts per statute, transitions per pair.

For a drafter or a researcher: how many cases each law holds, notifies, transfers or
lets be interviewed, and for each pair of laws how many cases move from one result to
another (``hold: permitted → prohibited: 1,204``). The decisions come from the SQL
backend (`decide_tables`) and are counted a table at a time, so a million cases in the
case layout's Parquet take seconds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from .rows import RESULTS, as_numpy, count_in_order, result_codes
from .run import decide_tables, open_engine

__all__ = ["Impact", "impact"]


@attrs.frozen
class Impact:
    """Counts per statute and transitions per ordered pair of statutes (first → second)."""

    statutes: tuple[str, ...]
    cases: int
    errors: int
    counts: Mapping[str, Mapping[str, Mapping[str, int]]]  # statute → outcome → result → n
    transitions: Mapping[tuple[str, str], Mapping[str, Mapping[tuple[str, str], int]]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "statutes": list(self.statutes),
            "cases": self.cases,
            "errors": self.errors,
            "counts": {s: {o: dict(sorted(r.items())) for o, r in by.items()}
                       for s, by in self.counts.items()},
            "transitions": [
                {"a": a, "b": b, "outcome": outcome, "from": old, "to": new, "count": n}
                for (a, b), by in self.transitions.items()
                for outcome, moves in by.items()
                for (old, new), n in sorted(moves.items())
            ],
        }

    def render(self, fmt: str = "text") -> str:
        decided = self.cases - self.errors
        lines: list[str] = []
        md = fmt == "markdown"
        lines.append(f"{'## ' if md else ''}{decided:,} cases decided"
                     f"{f', {self.errors:,} in error' if self.errors else ''}")
        for statute in self.statutes:
            lines.append("")
            lines.append(f"{'### ' if md else ''}{statute}")
            if md:
                lines += ["", "| outcome | result | cases | share |", "|---|---|---:|---:|"]
            for outcome in ir.OUTCOMES:
                for result, n in sorted(self.counts[statute][outcome].items(),
                                        key=lambda kv: -kv[1]):
                    share = f"{100 * n / decided:.1f}%" if decided else "-"
                    lines.append(f"| {outcome} | {result} | {n:,} | {share} |" if md else
                                 f"  {outcome:<13} {result:<13} {n:>10,}  {share:>6}")
        for (a, b), by in self.transitions.items():
            lines.append("")
            lines.append(f"{'### ' if md else ''}{a} → {b}: cases decided differently")
            if md:
                lines += ["", "| outcome | change | cases |", "|---|---|---:|"]
            moved = False
            for outcome, moves in by.items():
                for (old, new), n in sorted(moves.items(), key=lambda kv: -kv[1]):
                    if old == new:
                        continue
                    moved = True
                    lines.append(f"| {outcome} | {old} → {new} | {n:,} |" if md else
                                 f"  {outcome:<13} {old} → {new}: {n:,}")
            if not moved:
                lines.append("  (none: every case is decided alike)")
        return "\n".join(lines)


def impact(statutes: Sequence[Any], cases: Any, *, engine: str | Any = "duckdb",
           connection: str | None = None) -> Impact:
    """Decide `cases` (a file or case dicts) under every statute and tabulate."""
    chosen = open_engine(engine, connection) if isinstance(engine, str) else engine
    try:
        return _tabulate(decide_tables(statutes, cases, engine=chosen), len(statutes))
    finally:
        if isinstance(engine, str):
            chosen.close()


def _tabulate(tables: Iterable[Any], per_case: int) -> Impact:
    """Tabulate Arrow tables of output rows that come `per_case` at a time (one per
    statute, in order) for each case, a table at a time. A tally's results, and a pair's
    moves, are kept in the order they first occur, as a row-by-row count keeps them."""
    order: list[str] = []
    counts: dict[str, dict[str, dict[Any, int]]] = {}
    transitions: dict[tuple[str, str], dict[str, dict[Any, int]]] = {}
    cases = errors = 0
    for table in tables:
        n = table.num_rows // per_case
        if n == 0:
            continue
        failed = as_numpy(table.column("error").is_valid())[::per_case]
        cases += n
        errors += int(failed.sum())
        if failed.all():
            continue
        statutes = table.column("statute").slice(0, per_case).to_pylist()
        if not order:
            order.extend(dict.fromkeys(statutes))
            counts = {statute: {o: {} for o in ir.OUTCOMES} for statute in order}
        # a statute named twice is one tally, and so is a pair: their columns are read
        # case by case, in the order a row-by-row count meets them
        columns = _places(statutes)
        combinations = list(itertools.combinations(range(per_case), 2))
        pairs = _places([(statutes[i], statutes[j]) for i, j in combinations])
        codes = {outcome: result_codes(table.column(outcome)).reshape(n, per_case)[~failed]
                 for outcome in ir.OUTCOMES}
        for outcome, by_case in codes.items():
            for statute, at in columns.items():
                count_in_order(counts[statute][outcome], by_case[:, at].reshape(-1),
                               RESULTS.__getitem__)
            for pair, at in pairs.items():
                firsts = [combinations[k][0] for k in at]
                seconds = [combinations[k][1] for k in at]
                moves = by_case[:, firsts] * len(RESULTS) + by_case[:, seconds]
                tallies = transitions.setdefault(pair, {o: {} for o in ir.OUTCOMES})
                count_in_order(tallies[outcome], moves.reshape(-1), _move)
    return Impact(tuple(order), cases, errors, counts, transitions)


def _places(keys: list[Any]) -> dict[Any, list[int]]:
    """Each distinct key (in the order of first occurrence) → where it occurs."""
    places: dict[Any, list[int]] = {}
    for index, key in enumerate(keys):
        places.setdefault(key, []).append(index)
    return places


def _move(code: int) -> tuple[str | None, str | None]:
    return RESULTS[code // len(RESULTS)], RESULTS[code % len(RESULTS)]
