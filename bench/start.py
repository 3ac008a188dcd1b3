"""Cold start: fresh processes timed against ``python -c pass`` in the same run.

    python bench/start.py [--rounds 7]

Each round starts, one after another, a fresh Python process for:

- ``python -c pass``: the interpreter alone (the baseline, 1.00x);
- ``import trustlaw``;
- ``import + load + decide``: ``trustlaw.load("ct/pa-13-155").decide(case)`` for one
  case, its grounds read (target: under 0.3 s);
- ``trustlaw list``: ``python -m trustlaw list`` (target: under 0.3 s).

Rounds interleave the commands so that load from other processes falls on all of them;
the table gives the median wall time of each over the rounds, and the median of its
per-round ratio to the baseline. The processes use this checkout (``PYTHONPATH``) and
the Python running this script; their output is checked, so a broken command fails
the benchmark instead of timing an error. ``PYTHONDONTWRITEBYTECODE`` is dropped for
them, since an installed wheel runs from compiled bytecode.

Performance claims live here, never in tests (house rule).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = (
    '{"date": "2016-05-01", "agency": "state_corrections", "reimbursement_agreement": False,'
    ' "request": {"kinds": ["hold"], "form": "I-247D", "judicial_warrant": False,'
    ' "court_order": False},'
    ' "person": {"age": 30, "gang_database": False, "security_risk_group": False,'
    ' "terrorist_watchlist_match": False, "final_removal_order": False,'
    ' "public_safety_risk": False},'
    ' "warrants": [], "charges": [],'
    ' "convictions": [{"level": "felony", "court": "this_state", "youthful_offender": False,'
    ' "vacated": False, "date": "2010-01-01"}]}'
)
DECIDE = (
    "import trustlaw\n"
    f"d = trustlaw.load('ct/pa-13-155').decide({CASE})\n"
    "d.grounds\n"
    "print(d.outcomes['hold'])\n"
)

# name, argv after the interpreter, expected start of stdout, target seconds
COMMANDS: list[tuple[str, list[str], str, float | None]] = [
    ("python -c pass", ["-c", "pass"], "", None),
    ("import trustlaw", ["-c", "import trustlaw"], "", None),
    ("import + load + decide one case", ["-c", DECIDE], "permitted", 0.3),
    ("trustlaw list", ["-m", "trustlaw", "list"], "", 0.3),
]


def run(argv: list[str], expected: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.startswith(expected):
        raise SystemExit(f"ABORT: {argv!r} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (7)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    env = dict(os.environ)
    # as an installed package runs: bytecode compiled once and reused (pip compiles it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for _name, command, expected, _target in COMMANDS:  # warm the OS and .pyc caches
        run(command, expected, env)
    samples: dict[str, list[float]] = {name: [] for name, *_ in COMMANDS}
    for _ in range(args.rounds):
        for name, command, expected, _target in COMMANDS:
            samples[name].append(run(command, expected, env))
    base = samples[COMMANDS[0][0]]
    print(
        f"fresh processes, {args.rounds} interleaved rounds, Python {sys.version.split()[0]}; "
        f"load average {os.getloadavg()[0]:.2f} (a shared machine: medians)"
    )
    print()
    print(f"{'command':34} {'median s':>9} {'best s':>7} {'ratio':>7}  target")
    for name, _command, _expected, target in COMMANDS:
        times = samples[name]
        median = statistics.median(times)
        ratio = statistics.median(t / b for t, b in zip(times, base, strict=True))
        verdict = ""
        if target is not None:
            verdict = f"<{target:g} s {'PASS' if median < target else 'MISS'}"
        print(f"{name:34} {median:9.3f} {min(times):7.3f} {ratio:6.1f}x  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
