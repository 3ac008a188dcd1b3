"""The benchmarks' hand-written baselines still decide as the statutes do.

`bench/decide.py`, `bench/jsonl.py` and `bench/batch.py` time trustlaw against rules
written out by hand, and stop when the two disagree on a case. A statute changed after a
legal review must change those baselines too, or the scripts behind README's figures
stop working (one did: CT 2013's parole officers). Each script runs here on a small
caseload (8 s for the three); its timings are not looked at (performance is measured
in bench/, never asserted in tests).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_the_decide_baseline_agrees_with_the_compiled_backend() -> None:
    out = _run("decide.py", "--cases", "3000", "--repeat", "1")
    assert "whole decide(raw case), grounds read" in out


@pytest.mark.slow
def test_the_json_lines_baseline_agrees_line_by_line() -> None:
    out = _run("jsonl.py", "--cases", "3000", "--repeat", "1")
    assert "outcomes agree on every line" in out


@pytest.mark.slow
def test_the_vectorised_batch_baseline_agrees_with_duckdb_and_the_compiled_loop() -> None:
    pytest.importorskip("duckdb", reason="bench/batch.py needs the sql extra")
    out = _run("batch.py", "--cases", "20000", "--rounds", "1", "--loop-cases", "2000",
               "--e2e-cases", "2000")
    assert "disagreeing rows (vectorised vs DuckDB, 4 outcomes x 2 statutes): 0" in out
    assert "DuckDB equals the compiled backend on the first 2,000 cases" in out
