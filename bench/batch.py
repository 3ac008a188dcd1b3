"""Synthetic caseload → cases/s: the DuckDB SQL backend, the compiled loop, a vectorised baseline.

Run from the repository root::

    python bench/batch.py                    # 1,000,000 cases, 3 rounds
    python bench/batch.py --cases 200000     # a quicker look

N synthetic cases (`trustlaw.cases.synth`, seed 1) are validated and written 50,000 at a
time to a Parquet file in the nested case layout (`trustlaw.backends.sql.nested`: records
as structs, lists as lists), which is read back as one Arrow table. Then, under
``ct/pa-13-155`` and ``ca/sb54-2017`` together, in interleaved rounds:

- ``duckdb``: the backend's one query (`compile_sql(..., nested=True, requests=…)`, as
  `trustlaw.batch` runs it, the request's and the regulation's hold limits in it) over the case
  table registered in DuckDB (the fields the statutes read, picked out of the table
  without copying: `select_fields`, inside the timing), result fetched as Arrow (its
  text columns are ENUMs, which DuckDB hands over as dictionary arrays of strings);
- ``duckdb on one thread``: the same query on a connection with ``SET threads = 1``
  (its rows must equal the threaded run's): DuckDB's rate per core, beside the loop's,
  which runs on one. The 20x target is a ratio of a parallel engine to one core, so it
  depends on the machine's cores; this line says how;
- ``vectorised``: `vectorised` below, the four outcomes of both statutes written out by
  hand in three-valued numpy/pyarrow over the same Arrow table (its lists unnested with
  `pyarrow.compute.list_parent_indices` inside the timing; the baseline); it must agree
  with DuckDB on every row and outcome (the disagreeing rows are printed; 0 expected);
- ``compiled loop``: `CompiledProgram.evaluate` on each pre-validated case, both statutes
  (on the first ``--loop-cases`` cases: a million take minutes; the rate is per case);
  DuckDB's outcomes must equal the compiled backend's on those cases;
- ``end to end``: `trustlaw.caseload.run.decide_rows` from a JSON-lines file: Arrow's
  JSON reader (`trustlaw.caseload.jsonl_columns`; a line it refuses is read in Python),
  the column checks and constraints, the query, and each output row as a dict (on the
  first ``--e2e-cases`` cases);
- ``end to end from CSV``: the same from those cases written as CSV (`write_cases`):
  Python's csv module splits the rows, each column is converted at once and the list
  cells read by Arrow's JSON reader (`trustlaw.caseload.csv_columns`);
- ``end to end from Parquet``: `trustlaw.batch` over all N cases in a Parquet file of the
  case layout (`trustlaw synth`'s), decided a chunk of columns at a time
  (`trustlaw.caseload.columnar`): reading, the column checks and constraints, the
  query, the output table.

Printed: cases/s per measurement (median of the rounds), the ratios DuckDB ÷ vectorised
and DuckDB ÷ compiled loop (medians of per-round ratios), and peak memory
(ru_maxrss). Targets (issue 13): ≥ 0.5× vectorised, ≥ 20× the compiled loop, < 2 GiB.
Performance claims live here, never in tests (house rule).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import trustlaw  # noqa: E402
from trustlaw.backends.python import compile_program  # noqa: E402
from trustlaw.backends.sql import DuckDBEngine, compile_sql  # noqa: E402
from trustlaw.backends.sql.nested import (  # noqa: E402
    case_schema,
    case_table,
    read_schema,
    select_fields,
    vocabulary_fields,
)
from trustlaw.caseload.io import write_cases  # noqa: E402
from trustlaw.caseload.run import batch, decide_rows  # noqa: E402
from trustlaw.cases.synth import synthesize  # noqa: E402

STATUTES = ("ct/pa-13-155", "ca/sb54-2017")
OUTCOMES = ("hold", "notification", "transfer", "interview")
PROHIBITED, PERMITTED, REQUIRED, UNDETERMINED = 0, 1, 2, 3
NAMES = np.array(["prohibited", "permitted", "required", "undetermined"], dtype=object)

# ---- three-valued vectors: (true, false) boolean pairs; unknown is neither -------------

TV = tuple[np.ndarray, np.ndarray]


def _np(array: Any) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def fact(column: Any) -> TV:
    """A BOOLEAN column (null = unknown)."""
    return _np(pc.fill_null(column, False)), _np(pc.fill_null(pc.invert(column), False))


def equals(column: Any, value: str) -> TV:
    eq = pc.equal(column, value)
    return _np(pc.fill_null(eq, False)), _np(pc.fill_null(pc.invert(eq), False))


def known(column: Any) -> TV:
    """`x is known`: never unknown itself."""
    valid = _np(pc.is_valid(column))
    return valid, ~valid


def among(column: Any, values: tuple[str, ...]) -> TV:
    known = _np(pc.is_valid(column))
    inside = _np(pc.is_in(column, value_set=pa.array(values)))
    return inside & known, ~inside & known


def and_(*parts: TV) -> TV:
    t, f = parts[0]
    for pt, pf in parts[1:]:
        t, f = t & pt, f | pf
    return t, f


def or_(*parts: TV) -> TV:
    t, f = parts[0]
    for pt, pf in parts[1:]:
        t, f = t | pt, f & pf
    return t, f


def not_(x: TV) -> TV:
    return x[1], x[0]


def constant(n: int, value: bool) -> TV:
    return np.full(n, value), np.full(n, not value)


class Elements:
    """One list column unnested: its elements (a struct array), each element's case row,
    and whether each case's list is known."""

    def __init__(self, lists: Any, n: int):
        lists = lists.combine_chunks() if hasattr(lists, "combine_chunks") else lists
        self.n = n
        self.known = _np(pc.is_valid(lists))  # the list itself is known
        self.row = pc.list_parent_indices(lists).to_numpy()
        self.table = pc.list_flatten(lists)  # the elements, a struct array

    def column(self, name: str) -> Any:
        return self.table.field(name)

    def any(self, p: TV) -> TV:
        """`any e in list where p`, per case."""
        t = np.bincount(self.row, weights=p[0], minlength=self.n) > 0
        unknown = np.bincount(self.row, weights=~(p[0] | p[1]), minlength=self.n) > 0
        return self.known & t, self.known & ~t & ~unknown

    def tagged(self, value: str) -> TV:
        """`value in e.tags`, per element."""
        tags = self.column("tags")
        known = _np(pc.is_valid(tags))
        owner = pc.list_parent_indices(tags).to_numpy()
        hits = _np(pc.equal(pc.list_flatten(tags), value))
        hit = np.zeros(len(self.table), dtype=bool)
        hit[owner[hits]] = True
        return hit & known, ~hit & known


def minus_years(days: np.ndarray, years: int) -> np.ndarray:
    """`d - N years`, a day that does not exist clamped to the month's end (NaT stays)."""
    months = days.astype("M8[M]")
    day = (days - months.astype("M8[D]")).astype(np.int64)
    target = months - np.timedelta64(12 * years, "M")
    length = ((target + 1).astype("M8[D]") - target.astype("M8[D]")).astype(np.int64)
    return target.astype("M8[D]") + np.minimum(day, length - 1).astype("m8[D]")


def within_years_before(inner: np.ndarray, outer: np.ndarray, years: int) -> TV:
    known = ~np.isnat(inner) & ~np.isnat(outer)
    inside = (minus_years(outer, years) <= inner) & (inner <= outer) & known
    return inside, ~inside & known


def resolve(n: int, groups: list[tuple[int, TV]]) -> np.ndarray:
    """docs/semantics.md "Outcomes": groups highest priority first, (conclusion, condition)."""
    decided = np.zeros(n, dtype=bool)
    result = np.full(n, PERMITTED, dtype=np.int8)
    possible = np.zeros(n, dtype=np.int8)
    for conclusion, (t, f) in groups:
        newly = ~decided & t
        result[newly] = conclusion
        decided |= newly
        possible[~decided & ~t & ~f] |= 1 << conclusion
    possible |= (1 << result).astype(np.int8)
    return np.where(possible == (1 << result), result, UNDETERMINED).astype(np.int8)


def vectorised(cases: Any) -> dict[str, dict[str, np.ndarray]]:
    """Both statutes' four outcomes, hand-written over the nested case table."""
    n = cases.num_rows
    convictions = Elements(cases.column("convictions"), n)
    charges = Elements(cases.column("charges"), n)
    warrants = Elements(cases.column("warrants"), n)
    conv, chg, war = convictions, charges, warrants
    people = cases.column("person").combine_chunks()
    person = {name: fact(pc.struct_field(people, name)) for name in (
        "gang_database", "gang_identified_by_doc", "security_risk_group",
        "terrorist_watchlist_match",
        "final_removal_order", "public_safety_risk", "sex_arson_registrant",
        "federal_felony_warrant", "release_date_public")}
    agency = cases.column("agency")
    always = constant(n, True)

    # ct/pa-13-155
    adult = not_(fact(conv.column("youthful_offender")))
    standing = not_(fact(conv.column("vacated")))
    # a court in the United States: the District's counts, a territory's or a tribe's not
    us_courts = ("this_state", "other_state", "federal", "district_of_columbia")
    felony = convictions.any(and_(standing, equals(conv.column("level"), "felony"),
                                  among(conv.column("court"), us_courts), adult))
    pending = charges.any(and_(among(chg.column("level"), ("felony", "misdemeanor")),
                               equals(chg.column("court"), "this_state"),
                               not_(fact(chg.column("bond_posted"))),
                               not_(fact(chg.column("released_on_promise_to_appear")))))
    warrant = warrants.any(and_(equals(war.column("kind"), "criminal"),
                                equals(war.column("issued_in"), "this_state")))
    gang = and_(person["gang_database"], person["gang_identified_by_doc"])
    factor = or_(felony, pending, warrant, gang, person["security_risk_group"],
                 person["terrorist_watchlist_match"], person["final_removal_order"],
                 person["public_safety_risk"])
    # (a)(4); a county jail or sheriff named in a Connecticut case is the Department's
    unbound = not_(among(agency, ("state_corrections", "county_jail", "county_sheriff",
                                  "parole", "municipal_police", "state_police",
                                  "court_marshal")))
    ct = {
        "hold": resolve(n, [(PERMITTED, unbound), (PERMITTED, factor), (PROHIBITED, always)]),
        "notification": resolve(n, [(PERMITTED, unbound), (REQUIRED, always)]),
        "transfer": resolve(n, [(PERMITTED, unbound)]),
        "interview": resolve(n, [(PERMITTED, unbound)]),
    }

    # ca/sb54-2017
    tag = {name: convictions.tagged(name) for name in (
        "ca.serious_felony", "ca.violent_felony", "ca.state_prison_felony", "ca.listed_offense",
        "ca.wobbler", "us.aggravated_felony", "ca.prop47_reduced")}
    htag = {name: charges.tagged(name) for name in (
        "ca.serious_felony", "ca.violent_felony", "ca.state_prison_felony", "ca.prop47_reduced")}
    case_date = cases.column("date").to_numpy(zero_copy_only=False).astype("M8[D]")
    conv_date = conv.column("date").to_numpy(zero_copy_only=False).astype("M8[D]")
    on_date = case_date[conv.row]
    level = conv.column("level")
    standing = and_(not_(fact(conv.column("vacated"))), adult)  # not vacated, not a YO
    us_court = among(conv.column("court"), us_courts)
    serious = convictions.any(and_(standing, us_court, or_(tag["ca.serious_felony"],
                                                           tag["ca.violent_felony"])))
    prison = convictions.any(and_(standing, us_court, tag["ca.state_prison_felony"]))
    listed = convictions.any(and_(standing, us_court, tag["ca.listed_offense"], or_(
        and_(equals(level, "misdemeanor"), tag["ca.wobbler"],
             within_years_before(conv_date, on_date, 5)),
        and_(equals(level, "felony"), within_years_before(conv_date, on_date, 15)))))
    federal = or_(convictions.any(and_(equals(conv.column("court"), "federal"), standing,
                                       tag["us.aggravated_felony"])),
                  person["federal_felony_warrant"])
    category = or_(serious, prison, listed, person["sex_arson_registrant"], federal)
    magistrate = charges.any(and_(
        equals(chg.column("court"), "this_state"), equals(chg.column("level"), "felony"),
        fact(chg.column("probable_cause_found")),
        or_(htag["ca.serious_felony"], htag["ca.violent_felony"],
            htag["ca.state_prison_felony"])))
    prop47 = or_(convictions.any(tag["ca.prop47_reduced"]), charges.any(htag["ca.prop47_reduced"]))
    barred = or_(fact(cases.column("local_policy_bars_hold")), prop47)  # 7282.5(a)(policy), (a)(6)
    ca_unbound = not_(among(agency, (
        "county_jail", "county_sheriff", "municipal_police", "state_police", "court_marshal",
        "probation", "juvenile_probation", "bail_services", "school_police", "prosecutor",
        "juvenile_detention", "other")))
    request = cases.column("request").combine_chunks()
    signed_by = pc.struct_field(request, "judicial_warrant_signed_by")  # 7284.4(h), (i)
    judicial = and_(fact(pc.struct_field(request, "judicial_warrant")),
                    not_(and_(known(signed_by), equals(signed_by, "state_judge"))))
    policy = fact(cases.column("local_policy_bars_hold"))
    public = and_(person["release_date_public"],  # 7284.6(a)(1)(C): public release information,
                  not_(policy))  # notwithstanding the Proposition 47 exclusion of (a)(6)
    ca = {
        "hold": resolve(n, [(PERMITTED, ca_unbound), (PROHIBITED, always)]),
        "notification": resolve(n, [(PERMITTED, ca_unbound), (PERMITTED, public),
                                    (PROHIBITED, barred),
                                    (PERMITTED, or_(category, magistrate)),
                                    (PROHIBITED, always)]),
        "transfer": resolve(n, [(PERMITTED, ca_unbound),  # 7284.6(a)(4)(warrant):
                                (PERMITTED, and_(judicial, not_(policy))),  # no policy bar
                                (PROHIBITED, barred), (PERMITTED, category),
                                (PROHIBITED, always)]),
        "interview": resolve(n, [(PERMITTED, ca_unbound), (PROHIBITED, policy),  # 7284.6(b)
                                 (PERMITTED, always)]),
    }
    return {"ct/pa-13-155": ct, "ca/sb54-2017": ca}


# ---- the measurements ----------------------------------------------------------------


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def codes(column: Any) -> np.ndarray:
    """Outcome strings → the baseline's codes (-1 for anything else)."""
    return pc.fill_null(pc.index_in(column, value_set=pa.array(list(NAMES))), -1).to_numpy()


def prepare(args: argparse.Namespace, statutes: list[Any], folder: Path) -> tuple[Path, list[Any]]:
    """Synthesize, validate and write the cases (Parquet, nested layout), 50,000 at a time;
    the first ``--e2e-cases`` raw cases also to JSON lines. Returns the JSON-lines file and
    the first ``--loop-cases`` validated cases."""
    n = args.cases
    vocab = statutes[0].vocabulary
    schema = case_schema(*vocabulary_fields(vocab))
    parquet = folder / "cases.parquet"
    jsonl = folder / "cases.jsonl"
    valid: list[Any] = []
    spent = {"synthesize": 0.0, "validate": 0.0, "arrow": 0.0}
    stream = synthesize(n, seed=1)
    with pq.ParquetWriter(parquet, schema) as writer, jsonl.open("w") as lines:
        for start in range(0, n, 50_000):
            clock = time.perf_counter()
            chunk = list(itertools.islice(stream, 50_000))
            spent["synthesize"] += time.perf_counter() - clock
            for number, case in enumerate(chunk, start):
                if number < args.e2e_cases:
                    lines.write(json.dumps(case, separators=(",", ":")) + "\n")
                case.pop("id", None)  # the row number names a case here
            clock = time.perf_counter()
            checked = [statutes[0].validate(c) for c in chunk]
            spent["validate"] += time.perf_counter() - clock
            clock = time.perf_counter()
            writer.write_table(case_table(schema, checked, range(start, start + len(checked))))
            spent["arrow"] += time.perf_counter() - clock
            valid.extend(checked[: args.loop_cases - len(valid)])
            del chunk, checked
    for step, seconds in spent.items():
        print(f"  {step + ':':<11} {seconds:6.1f} s ({n / seconds:,.0f} cases/s)", flush=True)
    return jsonl, valid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--loop-cases", type=int, default=20_000)
    parser.add_argument("--e2e-cases", type=int, default=100_000)
    args = parser.parse_args()
    n = args.cases

    statutes = [trustlaw.load(s) for s in STATUTES]
    programs = [s.program for s in statutes]
    print(f"{n:,} synthetic cases (seed 1), statutes {', '.join(STATUTES)}", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="trustlaw-bench-"))
    source, loop_cases = prepare(args, statutes, folder)
    table_source = folder / "cases.csv"  # the same cases as CSV, one column per leaf
    with source.open(encoding="utf-8") as lines:
        write_cases((json.loads(line) for line in lines), table_source, statutes[0].vocabulary)
    clock = time.perf_counter()
    cases = pq.read_table(folder / "cases.parquet")  # every field of every case
    print(f"  read:       {time.perf_counter() - clock:6.1f} s "
          f"({cases.nbytes / 2**20:,.0f} MiB in Arrow)", flush=True)
    # the same cases in the case layout of `trustlaw synth --out FILE.parquet` (an ``id``
    # column, no ``row``): what `trustlaw.batch` decides a chunk of columns at a time
    layout = folder / "layout.parquet"
    pq.write_table(cases.drop_columns(["row"]).rename_columns(
        ["id" if name == "case_id" else name for name in cases.column_names[1:]]), layout)
    # the query `trustlaw.batch` runs: the request's and the regulation's limits too
    requests = [s.request_limits for s in statutes]
    wanted = read_schema(programs, statutes[0].vocabulary,
                         [e for r in requests if r is not None for e in r.reads()])
    engine = DuckDBEngine()
    query = compile_sql(programs, "duckdb", nested=True, requests=requests)

    def duck() -> Any:
        engine.load_nested("cases", select_fields(cases, wanted))  # no copy: a view
        return engine.run_arrow(query)

    # the same query on one thread: DuckDB's rate per core, to set beside the loop's
    # (which runs on one); how the 20x target depends on the machine's cores
    threads = engine.connection.execute("SELECT current_setting('threads')").fetchall()[0][0]
    single = DuckDBEngine()
    single.connection.execute("SET threads = 1")

    def duck_one_thread() -> Any:
        single.load_nested("cases", select_fields(cases, wanted))
        return single.run_arrow(query)

    # agreement: every row and outcome with the baseline; the loop's cases with the
    # compiled backend
    result = duck()
    mine = vectorised(cases)
    compiled = [compile_program(p) for p in programs]
    disagreeing = 0
    for statute, program in zip(STATUTES, compiled, strict=True):
        rows = result.filter(pc.equal(result.column("statute"), statute)).sort_by("row")
        wrong = np.zeros(n, dtype=bool)
        for outcome in OUTCOMES:
            wrong |= codes(rows.column(outcome)) != mine[statute][outcome]
        disagreeing += int(wrong.sum())
        if wrong.any():
            first = int(np.flatnonzero(wrong)[0])
            print(f"  {statute}: {int(wrong.sum())} rows disagree; first: case {first}")
        for outcome in OUTCOMES:
            got = rows.column(outcome).slice(0, len(loop_cases)).to_pylist()
            want = [program.evaluate(data).outcomes[outcome] for data in loop_cases]
            if got != want:
                raise SystemExit(f"{statute} {outcome}: DuckDB differs from the compiled backend")
    del result, rows
    print(f"disagreeing rows (vectorised vs DuckDB, 4 outcomes x 2 statutes): {disagreeing}")
    print(f"DuckDB equals the compiled backend on the first {len(loop_cases):,} cases")
    e2e_n = min(n, args.e2e_cases)

    def loop() -> None:
        for data in loop_cases:
            for program in compiled:
                program.evaluate(data)

    def end_to_end() -> None:
        for _ in decide_rows(statutes, source):
            pass

    def from_csv() -> None:
        for _ in decide_rows(statutes, table_source):
            pass

    def from_parquet() -> None:
        batch(statutes, layout)

    def ordered(table: Any) -> Any:
        named = table.append_column("by", pc.cast(table.column("statute"), pa.string()))
        return named.sort_by([("row", "ascending"), ("by", "ascending")])

    if not ordered(duck_one_thread()).equals(ordered(duck())):
        raise SystemExit("DuckDB on one thread gives other rows than on all")
    kinds = ("duckdb", "duckdb1", "vectorised", "loop", "e2e", "csv", "parquet")
    rates: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(args.rounds):
        rates["duckdb"].append(n / timed(duck)[0])
        rates["duckdb1"].append(n / timed(duck_one_thread)[0])
        rates["vectorised"].append(n / timed(lambda: vectorised(cases))[0])
        rates["loop"].append(len(loop_cases) / timed(loop)[0])
        rates["e2e"].append(e2e_n / timed(end_to_end)[0])
        rates["csv"].append(e2e_n / timed(from_csv)[0])
        rates["parquet"].append(n / timed(from_parquet)[0])
    median = {k: statistics.median(v) for k, v in rates.items()}
    print(f"\ncases/s, both statutes per case (median of {args.rounds} rounds):")
    print(f"  duckdb (query over the Arrow case table) {median['duckdb']:>10,.0f}   ({n:,} cases)")
    print(f"  duckdb on one thread (the same query)    {median['duckdb1']:>10,.0f}   ({n:,} cases)")
    print(f"  vectorised numpy/pyarrow baseline        {median['vectorised']:>10,.0f}   "
          f"({n:,} cases)")
    print(f"  compiled evaluate, Python loop           {median['loop']:>10,.0f}   "
          f"({len(loop_cases):,} cases)")
    print(f"  end to end from JSON lines (decide_rows) {median['e2e']:>10,.0f}   "
          f"({e2e_n:,} cases)")
    print(f"  end to end from CSV (decide_rows)        {median['csv']:>10,.0f}   "
          f"({e2e_n:,} cases)")
    print(f"  end to end from Parquet (trustlaw.batch) {median['parquet']:>10,.0f}   "
          f"({n:,} cases)")

    def per_round(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(rates[a], rates[b], strict=True))

    print(f"DuckDB ÷ vectorised:     {per_round('duckdb', 'vectorised'):.2f}x  (target ≥ 0.5x)")
    print(f"DuckDB ÷ compiled loop:  {per_round('duckdb', 'loop'):.1f}x  (target ≥ 20x; "
          f"DuckDB on {threads} threads, {os.cpu_count()} cores)")
    print(f"DuckDB on one thread ÷ compiled loop (one core each): "
          f"{per_round('duckdb1', 'loop'):.1f}x")
    print(f"end to end ÷ compiled loop: {per_round('e2e', 'loop'):.2f}x")
    print(f"end to end from CSV ÷ compiled loop: {per_round('csv', 'loop'):.2f}x")
    print(f"end to end from Parquet ÷ compiled loop: {per_round('parquet', 'loop'):.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak memory (ru_maxrss): {peak:.2f} GiB  (target < 2 GiB for 1,000,000 cases)")
    engine.close()
    single.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
