"""Statutes + a caseload → impact tables: outcome counts per statute, transitions per pair.

For a drafter or a researcher: how many cases each law holds, notifies, transfers or
lets be interviewed, and for each pair of laws how many cases move from one result to
another (``hold: permitted → prohibited: 1,204``). The decisions come from the SQL
backend (`decide_tables`) and are counted a table at a time, so a million cases in the
case layout's Parquet take seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .. import ir
from ..diagnostics import escaped
from .in_memory import in_memory, whole_numbers
from .io import synthetic_words
from .lineup import Lineup, lineup, versions_words
from .periods import Period, heading
from .rows import RESULTS, Tally, in_order, unbound_grounds
from .run import (
    check_source,
    decide_dated,
    open_engine,
    require_sql_packages,
    source_labels,
    source_warnings,
    statute_list,
)
from .words import ASKED_OR_NOT, first_errors, hold_notes, no_hold

__all__ = ["Impact", "impact"]


@attrs.frozen
class Impact:
    """Counts per statute and transitions per ordered pair of statutes (first → second)."""

    statutes: tuple[str, ...]
    cases: int
    errors: int
    counts: Mapping[str, Mapping[str, Mapping[str, int]]]  # statute → outcome → result → n
    transitions: Mapping[tuple[str, str], Mapping[str, Mapping[tuple[str, str], int]]]
    #: (case id, error) of the first cases in error (`rows.Tally.first_errors`): impact
    #: writes no rows, so this is the only place a researcher sees why they failed.
    first_errors: tuple[tuple[str, str], ...] = ()
    #: what the cases are, when `trustlaw synth` made them (its Parquet labels)
    synthetic: str | None = None
    #: statute → hold result (permitted, required) → how many of those holds are of 0
    #: hours, the request having asked for none (`rows.Tally.zero_hours`)
    zero_hour_holds: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    #: each statute's status and period in force (`periods.Period`), and of the cases
    #: decided, per statute those dated outside it, and those with no date
    periods: tuple[Period, ...] = ()
    outside_period: Mapping[str, int] = attrs.field(factory=dict)
    date_unknown: int = 0
    #: what the file's header told before any row was decided (`file_warnings`)
    warnings: tuple[str, ...] = ()
    #: per jurisdiction named, how many decided cases each of its versions decided
    versions: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    #: per jurisdiction named, the cases otherwise decided that none of its versions
    #: governs (`rows.Tally.unplaced`), left out of its counts and of its transitions
    unplaced: Mapping[str, int] = attrs.field(factory=dict)
    #: per pair, the hold's moves of cases whose hold limit is 0 hours under either
    #: statute, the request having asked for none (`rows.Tally.zero_hour_moves`)
    zero_hour_moves: Mapping[tuple[str, str], Mapping[tuple[str, str], int]] = \
        attrs.field(factory=dict)
    #: statute → hold result (permitted, required) → how many of those holds the law
    #: leaves to an agency it does not bind (`rows.Tally.unbound_holds`)
    unbound_holds: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    #: statute → hold result (permitted, required) → how many of those holds are of a
    #: person recorded as a citizen under a law with no rule on citizens
    #: (`rows.Tally.citizen_holds`)
    citizen_holds: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statutes": list(self.statutes),
            "cases": self.cases,
            "errors": self.errors,
            "first_errors": [{"case_id": case_id, "error": error}
                             for case_id, error in self.first_errors],
            # statutes in the order given, results in the text's fixed order
            # (prohibited, permitted, required, undetermined), never alphabetical
            "counts": {s: {o: dict(in_order(by[o])) for o in ir.OUTCOMES if o in by}
                       for s in self.statutes if (by := self.counts.get(s)) is not None},
            "transitions": [
                {"a": a, "b": b, "outcome": outcome, "from": old, "to": new, "count": n,
                 **({"no_hold": self.zero_hour_moves.get((a, b), {}).get((old, new), 0)}
                    if outcome == "hold" else {})}
                for (a, b), by in self.transitions.items()
                for outcome, moves in by.items()
                for (old, new), n in sorted(moves.items(), key=_in_result_order)
            ],
            "synthetic": self.synthetic,
            "zero_hour_holds": {s: dict(self.zero_hour_holds[s]) for s in self.statutes
                                if s in self.zero_hour_holds},
            "unbound_holds": {s: dict(self.unbound_holds[s]) for s in self.statutes
                              if s in self.unbound_holds},
            "citizen_holds": {s: dict(self.citizen_holds[s]) for s in self.statutes
                              if s in self.citizen_holds},
            "periods": {p.statute: p.to_dict(self.outside_period.get(p.statute, 0),
                                             self.date_unknown) for p in self.periods},
            "warnings": list(self.warnings),
            "versions": {name: dict(by) for name, by in self.versions.items()},
            "unplaced": dict(self.unplaced),
        }

    def render(self, fmt: str = "text") -> str:
        decided = self.cases - self.errors
        lines: list[str] = []
        md = fmt == "markdown"
        lines.append(f"{'## ' if md else ''}{decided:,} case{'' if decided == 1 else 's'} decided"
                     f"{f', {self.errors:,} in error' if self.errors else ''}")
        if self.synthetic:  # read from the file: shown as written, never as markup
            lines += _verbatim([self.synthetic]) if md else [f"({escaped(self.synthetic)})"]
        quoted = first_errors(self.first_errors, self.errors,
                              "`trustlaw batch` writes each one's error")
        if quoted:
            lines.append("")
            lines += _verbatim(quoted) if md else quoted
        periods = {period.statute: period for period in self.periods}
        for statute in self.statutes:
            period = periods.get(statute)
            lines.append("")
            lines.append(f"{'### ' if md else ''}{heading(statute, period)}")
            dates = period and decided and period.words(self.outside_period.get(statute, 0),
                                                        self.date_unknown)
            unplaced = self.unplaced.get(statute, 0)
            if statute in self.versions:
                said = versions_words(self.versions[statute], unplaced,
                                      "`trustlaw batch` writes why")
                lines.append(f"{'' if md else '  '}({said})")
            if dates:
                lines += ["", f"({dates})"] if md else [f"  ({dates})"]
            here = decided - unplaced
            if not here:
                lines.append("" if md else "  no case decided")
                if md:
                    lines.append("No case decided.")
                continue
            if md:
                lines += ["", "| outcome | result | cases | share |", "|---|---|---:|---:|"]
            zero = self.zero_hour_holds.get(statute, {})
            unbound = self.unbound_holds.get(statute, {})
            citizens = self.citizen_holds.get(statute, {})
            for outcome in ir.OUTCOMES:
                for result, n in in_order(self.counts[statute][outcome]):
                    share = f"{100 * n / here:.1f}%"
                    note = hold_notes(zero.get(result, 0), unbound.get(result, 0),
                                      citizens.get(result, 0)) if outcome == "hold" else ""
                    lines.append(
                        f"| {outcome} | {result}{f' ({note})' if note else ''} | {n:,} | "
                        f"{share} |" if md else
                        f"  {outcome:<13} {result:<13} {n:>10,}  {share:>6}"
                        f"{f'  ({note})' if note else ''}")
        for (a, b), by in self.transitions.items():
            lines += self._pair_lines(a, b, by, decided, md)
        return "\n".join(lines)

    def _pair_lines(self, a: str, b: str, by: Mapping[str, Mapping[tuple[str, str], int]],
                    decided: int, md: bool) -> list[str]:
        """A pair's section of the report: the cases each outcome moves, first → second
        (most first), how many the pair compares where a jurisdiction's cases no version
        governs are left out, and how many of a hold's moves asked for no hold."""
        lines = ["", f"{'### ' if md else ''}{a} → {b}: cases decided differently"]
        both = sum(next(iter(by.values()), {}).values())
        if both < decided:  # a jurisdiction's cases no version governs are left out
            named = " or ".join(f"`{escaped(n)}`" for n in (a, b) if n in self.versions)
            said = (f"among the {both:,} case{'' if both == 1 else 's'} both decide; the "
                    f"{decided - both:,} that no version of {named or 'either'} governs "
                    f"{'is' if decided - both == 1 else 'are'} left out")
            lines += ["", f"({said})"] if md else [f"  ({said})"]
        moves = [(outcome, old, new, n) for outcome, changes in by.items()
                 for (old, new), n in sorted(changes.items(), key=lambda kv: -kv[1])
                 if old != new]
        if not moves:
            none = "every case both decide is decided alike" if both < decided else \
                "every case is decided alike"
            return lines + (["", f"None: {none}."] if md else [f"  (none: {none})"])
        if md:
            lines += ["", "| outcome | change | cases |", "|---|---|---:|"]
        nothing = self.zero_hour_moves.get((a, b), {})
        for outcome, old, new, n in moves:
            note = no_hold(nothing.get((old, new), 0)) if outcome == "hold" else ""
            lines.append(f"| {outcome} | {old} → {new}{f' ({note})' if note else ''} | "
                         f"{n:,} |" if md else
                         f"  {outcome:<13} {old} → {new}: {n:,}{f'  ({note})' if note else ''}")
        if any(outcome != "hold" for outcome, *_ in moves):
            lines += ["", f"({ASKED_OR_NOT})"] if md else [f"  ({ASKED_OR_NOT})"]
        return lines


def _in_result_order(move: tuple[tuple[str, str], int]) -> tuple[int, int]:
    """A transition's place: by its first result, then its second, each in the fixed
    order of `RESULTS` (prohibited, permitted, required, undetermined)."""
    (old, new), _ = move
    return RESULTS.index(old), RESULTS.index(new)


def _verbatim(lines: list[str]) -> list[str]:
    """`lines` as a Markdown code block: case ids and errors come from the caseload, so
    they are shown as written, never read as markup (the fence is longer than any run
    of backticks in them, so none can close it)."""
    runs = [len(run) for line in lines for run in re.findall("`+", line)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [f"{fence}text", *lines, fence]


def impact(statutes: Sequence[Any] | Any, cases: Any, *, engine: str | Any = "duckdb",
           connection: str | None = None) -> Impact:
    """Decide `cases` (a file, case dicts, or a table of cases: a pyarrow Table or a
    polars or pandas frame in the Parquet case layout, `in_memory`) under every statute
    (one id, path or `Statute`, or a list of them) and tabulate."""
    require_sql_packages()
    line = lineup(statute_list(statutes, "impact(statutes=…)"))
    loaded = list(line.statutes)
    check_source(cases, "impact(cases=…)", tables=True)
    cases = whole_numbers(in_memory(cases, "impact(cases=…)"), loaded[0].vocabulary)
    labels, warnings = source_labels(cases), tuple(source_warnings(loaded, cases))
    chosen = open_engine(engine, connection) if isinstance(engine, str) else engine
    try:
        # with each row's warnings, whose not-bound says which holds are at an agency the
        # law does not bind, for every law (a row's ground cannot tell it for some)
        table = _tabulate(decide_dated(line, cases, engine=chosen, warnings=True), line)
        return attrs.evolve(table, synthetic=synthetic_words(labels), warnings=warnings)
    finally:
        if isinstance(engine, str):
            chosen.close()


def _tabulate(tables: Iterable[tuple[Any, Any]], line: Lineup) -> Impact:
    """Tabulate tables of output rows that come one per name (a statute or a
    jurisdiction), in order, for each case, with their cases' days (`run.decide_dated`,
    `rows.Tally`); every name is listed, with no counts when no case is decided."""
    periods = line.periods()
    tally = Tally(len(line.names), pairs=True, statutes=line.names, periods=periods,
                  dated=line.dated_names, unbound=unbound_grounds(line.statutes))
    for table, days in tables:
        tally.add(table, days)
    return Impact(tally.statutes, tally.cases, tally.errors, tally.counts,
                  tally.transitions, tuple(tally.first_errors),
                  zero_hour_holds=tally.zero_hours, periods=periods,
                  outside_period=tally.outside, date_unknown=tally.undated,
                  versions=tally.versions, unplaced=tally.unplaced,
                  zero_hour_moves=tally.zero_hour_moves, unbound_holds=tally.unbound_holds,
                  citizen_holds=tally.citizen_holds)
