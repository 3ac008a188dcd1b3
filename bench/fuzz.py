"""Fuzz trustlaw for a time budget: grammar and mutated statutes, hostile cases, the differential.

    python bench/fuzz.py --minutes 30            # the long run
    python bench/fuzz.py --minutes 1 --seed 7    # a quick look with another seed
    python bench/fuzz.py --minutes 30 --out findings/   # keep each finding's input

Prints the inputs tried, the diagnostics, and every foreign exception (anything but a
trustlaw error) and interpreter/compiled disagreement; exits 1 when it found any.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trustlaw import cli
from trustlaw.testing.fuzz import FuzzReport, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="time budget (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--per-input", type=float, default=20.0,
                        help="seconds one input may take before it counts as slow")
    parser.add_argument("--out", type=Path, help="a folder to write each finding's input to")
    args = parser.parse_args(argv)

    def progress(report: FuzzReport) -> None:
        c = report.counts
        print(f"[{report.seconds / 60:5.1f} min] {c['statutes']:,} statutes, "
              f"{c['cases']:,} cases, {c['comparisons']:,} comparisons, "
              f"{len(report.findings)} findings", file=sys.stderr, flush=True)

    report = run(args.minutes * 60, seed=args.seed, per_input=args.per_input,
                 progress=progress, cli_main=cli.main)
    print(report.render())
    if args.out is not None and report.findings:
        args.out.mkdir(parents=True, exist_ok=True)
        for number, finding in enumerate(report.findings, 1):
            (args.out / f"{number:03d}-{finding.kind}.json").write_text(json.dumps({
                "kind": finding.kind, "message": finding.message,
                "statute": finding.statute, "case": finding.case,
            }, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"inputs written to {args.out}/")
    serious = [f for f in report.findings
               if f.kind in ("foreign", "disagreement", "harness-error")]
    return 1 if serious else 0


if __name__ == "__main__":
    sys.exit(main())
