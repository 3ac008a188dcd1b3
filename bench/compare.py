"""Statute pairs → timings of `compare` and `matrix`, next to the bare solver questions.

Run from the repository root::

    python bench/compare.py                   # every version chain, the CLI, the matrix
    python bench/compare.py --cases 100000    # and check the regions on 100,000 cases per chain

It prints, each measured in this run (medians of --repeat rounds):

- every version-chain comparison in-process (target < 0.5 s), with its ratio to the
  baseline: the same two statutes encoded and asked the 48 outcome questions alone
  (which result pairs occur at all), the least a comparison must do. A process keeps
  the statutes' encodings and which combinations of atom states some case has, so
  three figures are shown: "first s", the pair's first comparison in this process
  (after the chains above it); "median s", the median of rounds that each start
  without the kept state answers (the encodings kept, as a drafter's session or a
  matrix has them; the target is judged on it); and "warm s", the same pair compared
  again with everything kept;
- one pair from the command line, ``python -m trustlaw compare ct/pa-13-155
  ct/pa-19-20`` (target < 2 s), with its ratio to ``python -c pass``;
- the protectiveness matrix of the whole bundled library (target < 60 s);
- with --cases N: N generated cases per chain decided under both statutes and put to
  the regions (every case decided differently in a region of its outcomes, no region
  holding a case decided otherwise); it aborts on the first misplaced case.

Performance claims live here, never in tests (house rule).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import trustlaw  # noqa: E402
from trustlaw.analysis.compare import compare, matrix  # noqa: E402
from trustlaw.analysis.compare.abstraction import forget_answers  # noqa: E402
from trustlaw.analysis.compare.impact import misplaced  # noqa: E402
from trustlaw.analysis.compare.sample import random_cases  # noqa: E402
from trustlaw.analysis.compare.search import private_context  # noqa: E402


def chains() -> list[tuple[str, str]]:
    """Each bundled statute and the one it replaces, oldest first."""
    statutes = [trustlaw.load(i) for i in trustlaw.available()]
    ids = {s.id for s in statutes}
    return [(s.meta.replaces, s.id) for s in statutes
            if s.meta.replaces is not None and s.meta.replaces in ids]


def bare_questions(a: str, b: str) -> float:
    """Encode both statutes and ask the 48 outcome questions: the baseline."""
    import z3

    from trustlaw import ir
    from trustlaw.backends import smt

    first, second = trustlaw.load(a), trustlaw.load(b)
    started = time.perf_counter()
    with private_context():
        case = smt.declare_case(first.vocabulary, 3, prefix="b.")
        ta, tb = smt.encode_program(first.program, case), smt.encode_program(second.program, case)
        solver = smt.solver_with(smt.well_formed(case))
        for outcome in ir.OUTCOMES:
            for ra, rb in itertools.permutations(ir.RESULTS, 2):
                solver.check(z3.And(ta.outcomes[outcome][ra], tb.outcomes[outcome][rb]))
    return time.perf_counter() - started


def timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per measurement")
    parser.add_argument("--cases", type=int, default=0,
                        help="check the regions on this many generated cases per chain")
    parser.add_argument("--no-matrix", action="store_true", help="skip the matrix")
    args = parser.parse_args()

    for pair in chains():  # warm: compile the statutes (loading is not what is measured)
        for ref in pair:
            trustlaw.load(ref).compiled()
    print(f"{'comparison':44} {'first s':>8} {'median s':>9} {'best s':>8} {'warm s':>7} "
          f"{'baseline s':>11} {'ratio':>7}  target < 0.5 s")
    worst = 0.0
    for a, b in chains():
        first = timed(lambda a=a, b=b: compare(a, b))
        runs = []
        for _ in range(args.repeat):
            forget_answers()
            runs.append(timed(lambda a=a, b=b: compare(a, b)))
        warm = statistics.median(timed(lambda a=a, b=b: compare(a, b))
                                 for _ in range(args.repeat))
        base = [bare_questions(a, b) for _ in range(args.repeat)]
        median = statistics.median(runs)
        worst = max(worst, median)
        ratio = statistics.median(r / s for r, s in zip(runs, base, strict=True))
        print(f"{a + ' → ' + b:44} {first:8.3f} {median:9.3f} {min(runs):8.3f} {warm:7.3f} "
              f"{statistics.median(base):11.3f} {ratio:6.1f}x")
    print(f"slowest version-chain comparison: {worst:.3f} s "
          f"({'met' if worst < 0.5 else 'MISSED'}: target < 0.5 s)")

    python = [timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
              for _ in range(args.repeat)]
    cli = [timed(lambda: subprocess.run(
        [sys.executable, "-m", "trustlaw", "compare", "ct/pa-13-155", "ct/pa-19-20"],
        cwd=ROOT, capture_output=True, check=False)) for _ in range(args.repeat)]
    median = statistics.median(cli)
    print(f"CLI compare ct/pa-13-155 ct/pa-19-20: {median:.3f} s, "
          f"{median / statistics.median(python):.0f}x `python -c pass` "
          f"({'met' if median < 2 else 'MISSED'}: target < 2 s)")

    if not args.no_matrix:
        started = time.perf_counter()
        result = matrix()
        seconds = time.perf_counter() - started
        print(f"matrix of the bundled library: {len(result.labels)} statutes, "
              f"{len(result.cells)} pairs, {seconds:.1f} s "
              f"({'met' if seconds < 60 else 'MISSED'}: target < 60 s)")

    if args.cases:
        for a, b in chains():
            comparison = compare(a, b)
            started = time.perf_counter()
            problems = misplaced(comparison, random_cases(comparison.a.vocabulary, args.cases,
                                                          seed=20261201))
            if problems:
                print(f"{a} → {b}: {problems[0]}")
                return 1
            print(f"{a} → {b}: {args.cases} generated cases, every one where it belongs "
                  f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
