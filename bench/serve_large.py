"""Request bodies near the 1 MiB limit → the seconds `trustlaw serve` takes to answer
each, over HTTP on loopback, and (``--profile``) where an in-process `decide()` of the
same cases spends its time.

Run from the repository root (needs the serve extra)::

    python bench/serve_large.py                 # each body 5 times, the median printed
    python bench/serve_large.py --profile       # and cProfile's top functions per body

The bodies, each under the default 1 MiB limit:

- ``1,000 realistic cases``: bench/decide.py's mix for ct/pa-13-155 (fixed seed), a
  list at the default case limit, decided under the statute and under the jurisdiction
  ``ct`` (each case under the law in force on its date);
- ``1,000 cases of 60 unknown fields``: every field name different, so that nothing a
  check remembers helps (400);
- ``one case of 75,000 unknown fields`` (400).

The server is started as bench/serve.py starts it (127.0.0.1 only, stopped at the end).
Figures are measured here, never asserted in tests (house rule).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from decide import SEED, STATUTE, CaseMaker  # noqa: E402  (bench/decide.py's case mix)
from serve import Client, Server, free_port  # noqa: E402  (bench/serve.py's server)

import trustlaw  # noqa: E402

BASE: dict[str, Any] = {"date": "2015-03-02", "agency": "state_corrections"}


def bodies() -> list[tuple[str, str, Any]]:
    """(name, address, cases) for each body timed."""
    maker = CaseMaker(SEED)
    realistic = [maker.case() for _ in range(1000)]
    dated = [case for case in realistic if "date" in case]  # `ct` needs each case's date
    wide = [{**BASE, **{f"f{i}x{j}": 1 for j in range(60)}} for i in range(1000)]
    unknown = {**BASE, **{f"f{i}": 1 for i in range(75_000)}}
    return [
        ("1,000 realistic cases", f"/v1/decide/{STATUTE}", realistic),
        (f"{len(dated):,} realistic cases, dated", "/v1/decide/ct", dated),
        ("1,000 cases of 60 unknown fields", f"/v1/decide/{STATUTE}", wide),
        ("one case of 75,000 unknown fields", f"/v1/decide/{STATUTE}", unknown),
    ]


def profile(cases: Any, top: int) -> str:
    """cProfile's `top` functions by cumulative time, deciding `cases` in process."""
    statute = trustlaw.load(STATUTE)
    profiler = cProfile.Profile()
    profiler.enable()
    for case in cases if isinstance(cases, list) else [cases]:
        with contextlib.suppress(trustlaw.CaseError):  # a 400: its problems are timed
            statute.decide(case).to_dict()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="posts of each body (5)")
    parser.add_argument("--profile", action="store_true",
                        help="also print cProfile's top functions for each body")
    parser.add_argument("--top", type=int, default=12, help="functions printed (12)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    timed = bodies()
    server = Server(free_port(), max_cases=1000)
    try:
        server.wait_ready()
        client = Client(server.port)
        print(f"{'body':40} {'bytes':>9} status  median s  (min, max)")
        for name, path, cases in timed:
            raw = json.dumps(cases).encode("utf-8")
            seconds: list[float] = []
            status = 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                status, _answer = client.post(path, raw)
                seconds.append(time.perf_counter() - start)
            print(f"{name:40} {len(raw):>9,} {status:>6}  {statistics.median(seconds):8.3f}"
                  f"  ({min(seconds):.3f}, {max(seconds):.3f})")
        client.close()
    finally:
        server.stop()
    if args.profile:
        for name, _path, cases in timed:
            print(f"\n== {name}: in-process decide(), cProfile\n")
            print(profile(cases, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
