"""Batch by jurisdiction: what `trustlaw.batch(["ct"], …)` costs against one version.

    python bench/lineup.py [--n 200000] [--rounds 3]

A jurisdiction's batch decides each case under the version in force on its date
(`caseload/lineup.py`): every version is evaluated in SQL and each case keeps its own,
so its cost grows with the number of versions. This script measures by how much. It
draws N synthetic cases of the `jail-bookings` profile (dated 2015-01-01 to 2026-11-30,
so Connecticut's 2013, 2019 and 2025 acts each govern some of them) with `trustlaw
synth`, as a Parquet file, then times, in interleaved rounds (medians):

- ``one version``: ``trustlaw.batch(["ct/pa-19-20"], file)``, every case under one law,
  one row a case (the baseline, 1.00x);
- ``every version``: ``trustlaw.batch(["ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29"],
  file)``, every case under each of the three, three rows a case;
- ``the jurisdiction``: ``trustlaw.batch(["ct"], file)``, each case under the version in
  force on its date, one row a case.

Before timing, it checks that each of the jurisdiction's rows for the first 2,000 cases
names the version `trustlaw.load("ct", on=date)` chooses and has the outcomes
`decide()` gives under it. Rates are cases per second (not rows).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trustlaw

VERSIONS = ["ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29"]
CHECKED = 2_000
OUTCOMES = ("hold", "notification", "transfer", "interview")


def synth(n: int, out: Path) -> None:
    """N cases of the jail-bookings profile, seed 1, written by the CLI a user runs."""
    subprocess.run([sys.executable, "-m", "trustlaw", "synth", "--n", str(n), "--seed", "1",
                    "--profile", "jail-bookings", "--out", str(out)],
                   check=True, stderr=subprocess.DEVNULL)


def check(parquet: Path, lines: Path, checked: int) -> dict[str, int]:
    """The jurisdiction's rows for the first `checked` cases equal `decide()` under the
    version in force on each case's date; returns how many of them each version got."""
    rows = trustlaw.batch(["ct"], parquet).slice(0, checked).to_pylist()
    chosen: dict[str, int] = {}
    with lines.open(encoding="utf-8") as stream:
        for row, line in zip(rows, stream, strict=False):
            case = json.loads(line)
            assert row["case_id"] == case["id"], (row["case_id"], case["id"])
            statute = trustlaw.load("ct", on=case["date"])
            assert row["statute"] == statute.id, (case["id"], row["statute"], statute.id)
            decision = statute.decide(case)
            for outcome in OUTCOMES:
                assert row[outcome] == decision.outcomes[outcome], (case["id"], outcome)
            chosen[row["statute"]] = chosen.get(row["statute"], 0) + 1
    assert len(rows) == checked and sum(chosen.values()) == checked
    return chosen


def timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        parquet, lines = Path(folder) / "cases.parquet", Path(folder) / "cases.jsonl"
        checked = min(args.n, CHECKED)
        synth(args.n, parquet)
        synth(checked, lines)  # the same seed draws the same first cases
        chosen = check(parquet, lines, checked)
        print(f"{args.n:,} synthetic cases (profile jail-bookings, seed 1); the first "
              f"{checked:,} decided by date as decide() decides them: "
              + ", ".join(f"{k} {v:,}" for k, v in sorted(chosen.items())))
        runs = {
            "one version (ct/pa-19-20)": lambda: trustlaw.batch(["ct/pa-19-20"], parquet),
            "every version (3 rows a case)": lambda: trustlaw.batch(VERSIONS, parquet),
            "the jurisdiction (ct, by date)": lambda: trustlaw.batch(["ct"], parquet),
        }
        for run in runs.values():  # warm: statutes loaded, SQL compiled
            run()
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():
                seconds[name].append(timed(run))
    base = statistics.median(seconds["one version (ct/pa-19-20)"])
    print(f"cases/s, median of {args.rounds} interleaved rounds:")
    for name, times in seconds.items():
        median = statistics.median(times)
        print(f"  {name:<32} {args.n / median:>10,.0f}   {median / base:.2f}x the time "
              "of one version")


if __name__ == "__main__":
    main()
