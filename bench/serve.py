"""Cases over HTTP on loopback → throughput and p50/p99 latency of `trustlaw serve`,
as ratios to the in-process `decide()` in the same run.

Run from the repository root (needs the serve extra)::

    python bench/serve.py                      # 2,000 requests per phase, at most 60 s
    python bench/serve.py --requests 500 --seconds 20 --batch 50

It starts ``trustlaw serve`` in a subprocess on 127.0.0.1 (a free port; never another
address), waits for ``/health``, and stops it at the end, whatever happens. The cases
are bench/decide.py's realistic mix for ct/pa-13-155 (fixed seed). Before timing, the
first responses are checked against ``decide(case).to_dict()`` (it aborts on any
difference). Then, each phase bounded by ``--requests`` and by its share of
``--seconds`` (whichever comes first):

- ``in-process decide()``: ``statute.decide(case)`` per case (the baseline, 1.00x);
- ``in-process decide() + to_dict + JSON``: what the service computes per case;
- ``HTTP, one case per request``: one keep-alive connection (stdlib http.client),
  latency per request (p50, p99) and cases per second;
- ``HTTP, --batch cases per request``: a JSON array per request, cases per second;
- ``HTTP, one case per request, /v1/decide/ct``: the jurisdiction's address, which
  chooses the law in force on each case's date (the cases that give a date, all dated
  2014 to 2019, so ct/pa-13-155, checked the same way).

Ratios: a latency ratio is the HTTP p50 (p99) over the in-process median per case; a
throughput ratio is in-process cases/s over HTTP cases/s. Figures are measured here,
never asserted in tests (house rule).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from decide import SEED, STATUTE, CaseMaker  # noqa: E402  (bench/decide.py's case mix)

import trustlaw  # noqa: E402

HOST = "127.0.0.1"  # loopback only: this script never serves or sends to another address
CHECKED = 200  # responses compared with decide().to_dict() before timing
JURISDICTION = STATUTE.split("/", 1)[0]  # its address chooses the law by each case's date


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """`trustlaw serve` in a subprocess on loopback, stopped on exit."""

    def __init__(self, port: int, max_cases: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "trustlaw", "serve", "--host", HOST, "--port", str(port),
             "--max-cases", str(max_cases)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise SystemExit(f"the server exited: {err}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the server did not answer /health in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()


class Client:
    """One keep-alive HTTP/1.1 connection posting JSON."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        self.connection.request("POST", path, body=body,
                                headers={"Content-Type": "application/json"})
        answer = self.connection.getresponse()
        return answer.status, answer.read()

    def close(self) -> None:
        self.connection.close()


def timed(step: Callable[[int], None], requests: int, seconds: float) -> list[float]:
    """Run `step(i)` up to `requests` times or until `seconds` pass: each duration (s)."""
    durations: list[float] = []
    stop_at = time.perf_counter() + seconds
    for i in range(requests):
        start = time.perf_counter()
        step(i)
        end = time.perf_counter()
        durations.append(end - start)
        if end > stop_at:
            break
    return durations


def quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000,
                        help="most requests (or cases, in process) per phase (2000)")
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="most seconds for the whole run, shared by the phases (60)")
    parser.add_argument("--batch", type=int, default=100, help="cases per batch request (100)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"case mix seed ({SEED})")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.batch < 1 or not args.seconds > 0:
        parser.error("--requests, --batch and --seconds must be positive")
    started = time.perf_counter()
    share = args.seconds / 6  # five phases, and time to start the server

    statute = trustlaw.load(STATUTE)
    maker = CaseMaker(args.seed)
    raws = [maker.case() for _ in range(max(args.requests, CHECKED))]
    n = len(raws)
    for raw in raws[:50]:
        statute.decide(raw)  # warm the compiled program

    decide_times = timed(lambda i: statute.decide(raws[i % n]), args.requests, share)
    shape_times = timed(
        lambda i: json.dumps(statute.decide(raws[i % n]).to_dict(), ensure_ascii=False),
        args.requests, share)

    server = Server(free_port(), max(args.batch, 1))
    try:
        server.wait_ready()
        client = Client(server.port)
        path = f"/v1/decide/{STATUTE}"
        chosen = f"/v1/decide/{JURISDICTION}"
        bodies = [json.dumps(raw).encode() for raw in raws]
        dated = [i for i, raw in enumerate(raws) if raw.get("date") is not None]
        for address, checked in ((path, range(CHECKED)), (chosen, dated[:CHECKED])):
            for i in checked:
                status, body = client.post(address, bodies[i])
                if status != 200 or json.loads(body) != statute.decide(raws[i]).to_dict():
                    print(f"ABORT: case {i}: {address} answered {status} {body[:300]!r}, "
                          "not decide().to_dict()")
                    return 1

        def one(i: int, address: str = path) -> None:
            status, _ = client.post(address, bodies[i % n])
            if status != 200:
                raise SystemExit(f"request {i}: status {status}")

        single = timed(one, args.requests, share)
        # the jurisdiction chooses by the case's date: the cases that give one
        by_date = timed(lambda i: one(dated[i % len(dated)], chosen), args.requests, share)
        batches = [
            json.dumps(raws[(k * args.batch) % n:(k * args.batch) % n + args.batch]).encode()
            for k in range(max(1, n // args.batch))
        ]
        sizes = [len(json.loads(b)) for b in batches]

        def many(i: int) -> None:
            status, _ = client.post(path, batches[i % len(batches)])
            if status != 200:
                raise SystemExit(f"batch {i}: status {status}")

        batched = timed(many, max(1, args.requests // args.batch) * 4, share)
        client.close()
    finally:
        server.stop()

    base = statistics.median(decide_times)
    batch_cases = sum(sizes[i % len(sizes)] for i in range(len(batched)))
    rows = [
        ("in-process decide()", len(decide_times), len(decide_times) / sum(decide_times),
         base, quantile(decide_times, 0.99)),
        ("in-process decide() + to_dict + JSON", len(shape_times),
         len(shape_times) / sum(shape_times), statistics.median(shape_times),
         quantile(shape_times, 0.99)),
        ("HTTP, one case per request", len(single), len(single) / sum(single),
         statistics.median(single), quantile(single, 0.99)),
        (f"HTTP, {args.batch} cases per request", batch_cases, batch_cases / sum(batched),
         statistics.median(batched), quantile(batched, 0.99)),
        (f"HTTP, one case per request, /{JURISDICTION}", len(by_date),
         len(by_date) / sum(by_date), statistics.median(by_date), quantile(by_date, 0.99)),
    ]
    base_rate = rows[0][2]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{STATUTE}: trustlaw serve on {HOST} (uvicorn), seed {args.seed}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}, "
          f"{time.perf_counter() - started:.1f} s in all")
    print(f"{'measurement':<40} {'cases':>7} {'cases/s':>9} {'p50 µs':>9} {'p99 µs':>9} "
          f"{'p50 ×':>8} {'p99 ×':>8} {'thru ÷':>8}")
    for name, count, rate, p50, p99 in rows:
        print(f"{name:<40} {count:>7} {rate:>9.0f} {p50 * 1e6:>9.1f} {p99 * 1e6:>9.1f} "
              f"{p50 / base:>7.1f}x {p99 / base:>7.1f}x {base_rate / rate:>7.1f}x")
    print("p50 × and p99 ×: latency of one request (or one in-process case) over the median "
          "in-process decide();\nthru ÷: in-process decide() cases/s over this row's cases/s "
          "(a batch request's latency is for the whole batch).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
