"""Bundled library → proof timings: how long `trustlaw.verify` takes for every invariant.

Run from the repository root::

    python bench/verify.py              # 5 runs, list bound 3
    python bench/verify.py --runs 3 --bound 4 --per-invariant

Each run verifies every invariant every bundled statute declares (`verify_program`,
counterexamples shrunk as the CLI does) and, for an amendment, the invariants of the
statute it amends on the amended law (`verify_inherited`), as `trustlaw verify` does,
so the count is the command's; all statutes are compiled once first (not timed). It
prints the median and best whole-library time over the runs, the median per statute,
and with ``--per-invariant`` the median per invariant with its status. It aborts if a
result is not what its statute file expects, or if two runs disagree. The target is the
whole library in under 60 seconds.

Performance claims live here, never in tests (house rule).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from trustlaw.analysis.verification import (  # noqa: E402
    VerifyOptions,
    verify_inherited,
    verify_program,
)
from trustlaw.library import loader  # noqa: E402
from trustlaw.testing.runner import amended_statute  # noqa: E402

TARGET_SECONDS = 60.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="how many times to verify the library")
    parser.add_argument("--bound", type=int, default=3, help="list bound for the solver")
    parser.add_argument(
        "--per-invariant", action="store_true", help="also print the median per invariant"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    statutes = [loader.load(statute_id) for statute_id in loader.available()]
    bases = {s.id: amended_statute(s, Path(s.path)) if s.path else None for s in statutes}
    options = VerifyOptions(bound=args.bound)
    totals: list[float] = []
    per_statute: dict[str, list[float]] = defaultdict(list)
    per_invariant: dict[tuple[str, str], list[float]] = defaultdict(list)
    statuses: dict[tuple[str, str], str] = {}
    count = 0
    for run in range(args.runs):
        started = time.perf_counter()
        count = 0
        for statute in statutes:
            begun = time.perf_counter()
            results = verify_program(statute, options=options)
            base = bases[statute.id]
            if base is not None:
                results += verify_inherited(statute, base, options=options)
            for result in results:
                key = (statute.id, result.invariant)
                per_invariant[key].append(result.seconds)
                if not result.expected:
                    print(result.render(), file=sys.stderr)
                    print(f"abort: {key} is not what the statute expects", file=sys.stderr)
                    return 1
                if statuses.setdefault(key, result.status) != result.status:
                    print(f"abort: {key} changed between runs", file=sys.stderr)
                    return 1
                count += 1
            per_statute[statute.id].append(time.perf_counter() - begun)
        totals.append(time.perf_counter() - started)
        print(f"run {run + 1}: {totals[-1]:.2f} s", file=sys.stderr)

    median = statistics.median(totals)
    print(
        f"verify: {count} invariants of {len(statutes)} statutes, bound {args.bound}, "
        f"{args.runs} runs: median {median:.2f} s, best {min(totals):.2f} s "
        f"(target < {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'MISSED'})"
    )
    for statute_id, seconds in sorted(per_statute.items()):
        print(f"  {statute_id:28} {statistics.median(seconds):7.3f} s")
    if args.per_invariant:
        for (statute_id, name), seconds in sorted(per_invariant.items()):
            status = statuses[(statute_id, name)]
            print(f"    {statute_id:28} {status:9} {statistics.median(seconds):7.3f} s  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
