"""A comparison and a caseload → how many cases fall in each region, and the transition tables.

`impact(comparison, cases)` decides every case under both statutes and counts, per
action, each pair of outcomes (``permitted → prohibited: N``) and, per region, the cases
its condition contains: with the SQL backend in DuckDB when the ``sql`` extra is
installed (a chunk of cases per query), else with the compiled backend case by case.
It takes any iterable of JSON-form cases; `read_cases` reads JSON
lines, CSV (one column per dotted path, lists as JSON text) or Parquet (with pyarrow).
A case that is not well-formed, or a JSON line that is not JSON at all (an `Unreadable`
with its line number), is counted as invalid with its first error, never a stop.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ... import ir
from ...caseload.periods import Period, heading
from ...cases import validate
from ...cases.case import Case
from ...decisions.decision import build_decision
from ...decisions.grounding import in_force
from ...diagnostics import CaseError, Diagnostic, UsageError, missing_package
from ...settings import full_collections_rare
from .model import Comparison, reading
from .render import count, markdown_escape, terminal_text

__all__ = ["ENGINES", "Impact", "Unreadable", "by_count", "impact", "impact_file",
           "misplaced", "read_cases"]


@attrs.frozen
class Unreadable:
    """A line of a case file that is not a case at all (not JSON): counted as invalid."""

    line: int
    message: str


@attrs.frozen(eq=False)
class Impact:
    """The counts: `comparison` with each region's `count` filled in, the transition
    table per action (in the order first seen, the same on every route; `to_dict` and
    `render` list it by `by_count`), the number of cases read and of invalid ones."""

    comparison: Comparison
    transitions: Mapping[str, Mapping[tuple[str, str], int]]
    cases: int
    invalid: int
    first_error: str | None = None
    #: of the cases decided, those dated outside A's and B's periods in force (a case
    #: is decided under both whatever its date, as `trustlaw impact` says), and those
    #: with no date
    outside_period: tuple[int, int] = (0, 0)
    date_unknown: int = 0

    @property
    def periods(self) -> tuple[Period, Period]:
        """A's and B's status and period in force (`caseload.periods.Period`)."""
        return Period.of(self.comparison.a), Period.of(self.comparison.b)

    def dates(self) -> list[tuple[Period, str]]:
        """For each statute that did not govern every case decided, its period and what
        the counts were taken from: ``A = ct/pa-25-29: 20,000 cases are dated before it
        came into force on 2025-10-01; they are decided as if it applied``."""
        if self.cases == self.invalid:
            return []
        said = []
        for side, label, period, outside in zip("AB", self.comparison.labels, self.periods,
                                                self.outside_period, strict=True):
            words = period.words(outside, self.date_unknown)
            if words:
                said.append((period, f"{side} = {heading(label, period)}: {words}"))
        return said

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
                action: [{"a": a, "b": b, "count": n} for (a, b), n in by_count(table)]
                for action, table in self.transitions.items()
            },
            "regions": self.counts,
            "periods": {side: period.to_dict(outside, self.date_unknown)
                        for side, period, outside in zip(("a", "b"), self.periods,
                                                         self.outside_period, strict=True)},
        }

    def _duty_lines(self) -> list[str]:
        """Per duty one law imposes where the other does not (both deciding), the cases
        of its regions: what a draft's new duty means for a caseload, which the transition
        tables, of the four actions only, do not say."""
        found: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for number, region in enumerate(self.comparison.regions, 1):
            if region.outcome.startswith("duty:") and region.determined \
                    and region.count is not None:
                side = "A" if region.a == "imposed" else "B"
                duty = region.outcome.removeprefix("duty:")
                found.setdefault((duty, side), []).append((number, region.count))
        lines = []
        for (duty, side), counted in found.items():
            other = "B" if side == "A" else "A"
            if len(counted) == 1:
                ((number, n),) = counted
                lines.append(f"  duty {duty}: {side} imposes it where {other} does not in "
                             f"{count(n, 'case')} (region {number})")
            else:
                each = ", ".join(f"{n:,} in region {number}" for number, n in counted)
                lines.append(f"  duty {duty}: {side} imposes it where {other} does not in "
                             f"{each} (which may overlap)")
        return lines

    def render(self, fmt: str = "text") -> str:
        a, b = self.comparison.labels
        lines = [f"Caseload: {count(self.cases, 'case')} ({self.invalid:,} not well-formed)"
                 + (f"; first error: {self.first_error}" if self.first_error else "")]
        lines += [f"  {said}" for _, said in self.dates()]
        for action, table in self.transitions.items():
            changed = [(k, n) for k, n in by_count(table) if k[0] != k[1]]
            same = sum(n for k, n in table.items() if k[0] == k[1])
            # a case undetermined under both is decided by neither, not "alike"
            open_both = table.get(("undetermined", "undetermined"), 0)
            unsettled = f" ({open_both:,} of them undetermined under both)" if open_both else ""
            lines.append(f"  {action}: {same:,} with the same result{unsettled}"
                         + ("; " if changed else "")
                         + "; ".join(f"{x} → {y}: {n:,}" for (x, y), n in changed))
        if any(r.count for r in self.comparison.regions):
            lines.append("  (a case can lie in several regions, so the regions' counts overlap "
                         "and do not add up; the lines above count each case once)")
        lines += self._duty_lines()
        if any(x != y for table in self.transitions.values() for x, y in table):
            lines.append("  (each case is counted whatever its request asked for: a move is "
                         "what the laws allow, not a hold, notice or transfer asked for and "
                         "granted or refused; the request's kinds tell them apart)")
        if fmt == "markdown":  # a label is a path, a first error quotes a case's value
            return "\n".join([f"## Caseload (A = {markdown_escape(a)}, B = {markdown_escape(b)})",
                              "", *[f"- {markdown_escape(line.strip())}" for line in lines]])
        return terminal_text(lines)


def by_count(table: Mapping[tuple[str, str], int]) -> list[tuple[tuple[str, str], int]]:
    """A transition table as a drafter reads it: the largest count first; a tie by A's
    result, then B's, in the order of `ir.RESULTS` (prohibited, permitted, required,
    undetermined), so the order is the same whatever order the cases came in."""
    rank = {result: i for i, result in enumerate(ir.RESULTS)}

    def key(item: tuple[tuple[str, str], int]) -> tuple[int, int, int]:
        (a, b), n = item
        return -n, rank.get(a, len(rank)), rank.get(b, len(rank))

    return sorted(table.items(), key=key)


ENGINES = ("auto", "duckdb", "python")
CHUNK = 50_000  # cases validated and counted at a time
# `auto` counts in SQL from this many cases: below, writing the regions' query and
# setting DuckDB up take longer than counting case by case
SQL_FROM = 1_000


def impact(comparison: Comparison,
           cases: Iterable[Mapping[str, Any] | Unreadable] | str | os.PathLike[str],
           *, engine: str = "auto") -> Impact:
    """Count `cases` (JSON form, or a Parquet row as Arrow gives it: `read_cases`) in each
    region and tabulate each action's outcomes under both statutes; an `Unreadable` line
    counts as invalid. `engine`: ``duckdb`` (the SQL backend, a chunk of cases per query:
    for large files), ``python`` (the compiled backend case by case, each region's
    condition by the interpreter), or ``auto``: DuckDB from `SQL_FROM` well-formed cases
    when it is installed and can say every region's condition, else Python. Both count
    the same. A file name (str or Path) is read by `impact_file`."""
    from ...caseload.run import check_source

    check_source(cases, "impact(cases=…)")
    if isinstance(cases, (str, os.PathLike)):
        return impact_file(comparison, cases, engine=engine)
    if engine not in ENGINES:
        raise UsageError([Diagnostic("TL-U013", f"there is no impact engine `{engine}`",
                                     None, f"choose one of {', '.join(ENGINES)}")])
    counter: Counter | None = None
    a = comparison.a
    vocab = a.vocabulary
    counts = [0] * len(comparison.regions)
    transitions: dict[str, dict[tuple[str, str], int]] = {o: {} for o in ir.OUTCOMES}
    total = invalid = undated = 0
    first_error: str | None = None
    chunk: list[Mapping[str, Any]] = []
    metas = (comparison.a.meta, comparison.b.meta)
    outside = [0, 0]

    def flush() -> None:
        nonlocal counter
        if counter is None:  # chosen on the first chunk: a few cases are quicker in Python
            if engine == "duckdb" or (engine == "auto" and len(chunk) >= SQL_FROM):
                counter = _sql_counter(comparison, required=engine == "duckdb")
            if counter is None:
                counter = _python_counter(comparison)
        for index, n in enumerate(counter(chunk, transitions)):
            counts[index] += n
        chunk.clear()

    try:
        with full_collections_rare():  # a chunk holds 50,000 validated cases
            for case in cases:
                total += 1
                if isinstance(case, Unreadable):
                    invalid += 1
                    if first_error is None:
                        first_error = case.message
                    continue
                try:  # a validated `Case` as it is, under this vocabulary
                    chunk.append(case.data_for(vocab) if isinstance(case, Case)
                                 else validate(case, vocab))
                except CaseError as error:
                    invalid += 1
                    if first_error is None:
                        first_error = f"case {_case_id(case, total - 1)}: " \
                                      f"{error.diagnostics[0].message}"
                    continue
                if isinstance(chunk[-1].get("date"), _dt.date):
                    for side, meta in enumerate(metas):  # False: not in force that day
                        outside[side] += in_force(meta, chunk[-1]) is False
                else:
                    undated += 1
                if len(chunk) >= CHUNK:
                    flush()
            if chunk:
                flush()
    finally:
        close = getattr(counter, "close", None)
        if close is not None:
            close()
    regions = tuple(r.with_count(n) for r, n in zip(comparison.regions, counts, strict=True))
    return Impact(attrs.evolve(comparison, regions=regions), transitions, total, invalid,
                  first_error, (outside[0], outside[1]), undated)


Transitions = dict[str, dict[tuple[str, str], int]]
Counter = Callable[[Sequence[Mapping[str, Any]], Transitions], Sequence[int]]


def _tally(transitions: Transitions, outcomes_a: Mapping[str, str],
           outcomes_b: Mapping[str, str]) -> None:
    for outcome in ir.OUTCOMES:
        key = (outcomes_a[outcome], outcomes_b[outcome])
        table = transitions[outcome]
        table[key] = table.get(key, 0) + 1


def _python_counter(comparison: Comparison) -> Counter:
    """Validated cases → region counts (transitions tallied), by the compiled backend
    and each region's interpreted condition."""
    compiled_a, compiled_b = comparison.a.compiled(), comparison.b.compiled()

    def count(chunk: Sequence[Mapping[str, Any]], transitions: Transitions) -> list[int]:
        counts = [0] * len(comparison.regions)
        for data in chunk:
            _tally(transitions, compiled_a.evaluate(data).outcomes,
                   compiled_b.evaluate(data).outcomes)
            for index, region in enumerate(comparison.regions):
                if region.contains_valid(data):
                    counts[index] += 1
        return counts

    return count


class _SqlCounter:
    """Validated cases → region counts (transitions tallied) in DuckDB: one query for
    both statutes' outcomes, one for every region's condition (written once)."""

    def __init__(self, comparison: Comparison, engine: Any, query: str):
        self.engine = engine
        self.statutes = [comparison.a, comparison.b]
        self.conditions = [r.condition for r in comparison.regions]
        self.query = query

    def __call__(self, chunk: Sequence[Mapping[str, Any]],
                 transitions: Transitions) -> Sequence[int]:
        from ...backends import sql

        rows = sql.evaluate(self.statutes, chunk, engine=self.engine,
                            validate=lambda data: data)
        for first, second in zip(rows[0::2], rows[1::2], strict=True):
            _tally(transitions, first, second)
        return sql.count_where(self.statutes, self.conditions, chunk, engine=self.engine,
                               query=self.query)

    def close(self) -> None:
        self.engine.close()


def _sql_counter(comparison: Comparison, *, required: bool) -> _SqlCounter | None:
    """The DuckDB counter, or None when DuckDB is not installed or cannot say a region's
    condition (`required`: then a usage error instead)."""
    try:
        import pyarrow  # noqa: F401  (the case tables)

        from ...backends import sql  # sqlglot

        engine = sql.DuckDBEngine()
    except ImportError as error:
        if required:
            raise missing_package("TL-U012", "the duckdb engine", error) from None
        return None
    statutes = [comparison.a, comparison.b]
    try:
        query = sql.counts_query(statutes, [r.condition for r in comparison.regions], engine)
    except ir.UnsupportedNode as error:
        engine.close()
        if required:
            raise UsageError([Diagnostic(
                "TL-U012", f"a region's condition cannot be counted in SQL: {error}", None,
                "count with engine='python'")]) from None
        return None
    return _SqlCounter(comparison, engine, query)


def _case_id(case: Any, index: int) -> str:
    """How a case in error is named, as in batch output's `case_id` (CASES.md section 5):
    its `id`, else its 0-based line or row number."""
    given = case.get("id") if isinstance(case, Mapping) else None
    return given if isinstance(given, str) else str(index)


def impact_file(comparison: Comparison, path: str | os.PathLike[str], *,
                engine: str = "auto") -> Impact:
    """`impact` over a case file (JSON lines, CSV or Parquet, read as `read_cases` reads
    it). A Parquet file in the case layout, or a JSON-lines file, is counted a chunk of
    columns at a time in DuckDB (`trustlaw.caseload.by_columns`) when `engine` is
    ``duckdb``, or ``auto`` and the file holds `SQL_FROM` cases or more: the same counts,
    transitions (in the same order) and first error, without a Python object per
    well-formed case."""
    if engine not in ENGINES:
        raise UsageError([Diagnostic("TL-U013", f"there is no impact engine `{engine}`",
                                     None, f"choose one of {', '.join(ENGINES)}")])
    from ...caseload.io import refuse_one_spread_case
    from ...caseload.run import require_case_file

    require_case_file(path)  # in the command line's words, before a reader's own
    refuse_one_spread_case(Path(path))  # not each of its lines "not valid JSON"
    if engine != "python":
        counted = _by_columns(comparison, Path(path), engine)
        if counted is not None:
            return counted
    cases = read_cases(Path(path), comparison.a.vocabulary, as_json=False)
    return impact(comparison, cases, engine=engine)


def _by_columns(comparison: Comparison, path: Path, engine: str) -> Impact | None:
    """`impact_file` column by column, or None when the file or engine does not allow it."""
    try:
        import numpy as np

        from ...backends import sql
        from ...caseload.by_columns import column_chunks
        from ...caseload.columnar import load_cleared
        from ...caseload.periods import UNDATED, days_of_screened
        from ...caseload.rows import RESULTS, count_in_order, move
    except ImportError:
        return None
    statutes = [comparison.a, comparison.b]
    if comparison.a.id == comparison.b.id:  # the query's rows name a statute by its id
        return None
    if engine == "auto" and _fewer_than(path, SQL_FROM):
        return None
    conditions = [r.condition for r in comparison.regions]
    duck = sql.DuckDBEngine()
    try:
        route = column_chunks(statutes, path, duck, CHUNK)
        if route is None:
            return None
        plan, chunks = route
        try:
            query = sql.counts_query(statutes, conditions, duck)
        except ir.UnsupportedNode:
            return None  # `impact` says so when the engine is duckdb
        counts = [0] * len(conditions)
        transitions: Transitions = {o: {} for o in ir.OUTCOMES}
        total = invalid = undated = 0
        first_error: str | None = None
        periods = (Period.of(comparison.a), Period.of(comparison.b))
        outside = [0, 0]
        with full_collections_rare():
            for screened in chunks:
                numbers = screened.numbers
                total += len(numbers)
                # each case's result per statute and action (-1: not well-formed)
                codes = np.full((len(numbers), 2, len(ir.OUTCOMES)), -1, dtype=np.int64)
                if screened.table is not None and screened.clear.any():
                    load_cleared(plan, screened.table, screened.clear, duck)
                    _fill(codes, duck.run_arrow(plan.decide_sql), numbers, comparison.b.id)
                    for index, k in enumerate(duck.run(query)[0][: len(conditions)]):
                        counts[index] += int(k or 0)
                valid: list[tuple[int, Mapping[str, Any]]] = []
                for number, case, unreadable in screened.items:
                    message = unreadable  # "row N, column `…` …", as on the row route
                    if case is not None and unreadable is None:
                        try:
                            valid.append((int(np.searchsorted(numbers, number)),
                                          validate(case, comparison.a.vocabulary)))
                            continue
                        except CaseError as error:
                            message = (f"case {_case_id(case, number)}: "
                                       f"{error.diagnostics[0].message}")
                    invalid += 1
                    if first_error is None:
                        first_error = message
                if valid:  # well-formed after all: decided and counted from their dicts
                    data = [d for _, d in valid]
                    rows = sql.evaluate(statutes, data, engine=duck, validate=lambda d: d)
                    for (i, _), a, b in zip(valid, rows[0::2], rows[1::2], strict=True):
                        codes[i] = [[RESULTS.index(r[o]) for o in ir.OUTCOMES] for r in (a, b)]
                    found = sql.count_where(statutes, conditions, data, engine=duck,
                                            query=query)
                    for index, k in enumerate(found):
                        counts[index] += k
                decided = codes[codes[:, 0, 0] >= 0]
                days = days_of_screened(screened)[codes[:, 0, 0] >= 0]
                undated += int((days == UNDATED).sum())
                for side, period in enumerate(periods):
                    outside[side] += int(period.outside(days).sum())
                for position, outcome in enumerate(ir.OUTCOMES):
                    count_in_order(transitions[outcome],
                                   decided[:, 0, position] * len(RESULTS)
                                   + decided[:, 1, position], move)
    finally:
        duck.close()
    regions = tuple(r.with_count(n) for r, n in zip(comparison.regions, counts, strict=True))
    return Impact(attrs.evolve(comparison, regions=regions), transitions, total, invalid,
                  first_error, (outside[0], outside[1]), undated)


def _fewer_than(path: Path, n: int) -> bool:
    """Whether a case file holds fewer than `n` cases, told cheaply (a Parquet file's
    metadata; a JSON-lines file's line breaks, up to `n` of them): below some thousand,
    starting DuckDB costs more than it saves. A file that cannot be opened is not small
    (the route that reads it says what is wrong)."""
    from ...caseload.io import case_format

    try:
        if case_format(path) == "parquet":
            import pyarrow.parquet as pq

            return bool(pq.ParquetFile(path).metadata.num_rows < n)
        breaks = 0
        with path.open("rb") as stream:
            while breaks < n and (block := stream.read(1 << 20)):
                breaks += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
        return breaks < n
    except Exception:
        return False


def _fill(codes: Any, result: Any, numbers: Any, second: str) -> None:
    """Each decided row's results into `codes` (case, by its place in `numbers`; statute:
    0 or 1 for `second`; action), as indices in `caseload.rows.RESULTS`."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ...caseload.rows import result_codes

    rows = np.searchsorted(numbers, result.column("row").to_numpy())
    statutes = result.column("statute").cast(pa.string())
    side = np.asarray(pc.equal(statutes, second).to_numpy(zero_copy_only=False),
                      dtype=np.int64)
    for position, outcome in enumerate(ir.OUTCOMES):
        codes[rows, side, position] = result_codes(result.column(outcome).cast(pa.string()))


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


def read_cases(path: Path, vocab: ir.Vocabulary | None = None, *, as_json: bool = True
               ) -> Iterator[dict[str, Any] | Unreadable]:
    """The cases in a JSON-lines, CSV or Parquet file, read as `trustlaw batch` reads
    them (`trustlaw.caseload.io`; a name with no suffix, a pipe's ``/dev/stdin``, is read
    as JSON lines, and one with another suffix, a statute's ``.law``, is refused): a row
    that holds no case (not UTF-8, not JSON, not fitting the CSV header) is an
    `Unreadable` with its 1-based line or row number. Each case is in its JSON form;
    with `as_json` false a Parquet row comes as Arrow gives it, which `impact` (the
    validator) takes as it is, without the round trip through text."""
    from ...caseload.io import read_cases as read_rows
    from ...lowering.files import default_vocabulary

    vocab = vocab if vocab is not None else default_vocabulary()
    fmt = None if path.suffix else "jsonl"
    for row, case, error in read_rows(path, vocab, fmt, as_json=as_json):
        if error is not None or case is None:
            yield Unreadable(row + 1, error or f"row {row + 1} holds no case")
        else:
            yield case
