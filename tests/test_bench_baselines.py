"""The benchmarks' hand-written baselines still decide as the statutes do.

`bench/decide.py`, `bench/jsonl.py` and `bench/batch.py` time trustlaw against rules
written out by hand, and stop when the two disagree on a case. A statute changed after a
legal review must change those baselines too, or the scripts behind README's figures
stop working (one did: CT 2013's parole officers). Each script runs here on a small
caseload (8 s for the three); its timings are not looked at (performance is measured
in bench/, never asserted in tests).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from trustlaw import cases, ir
from trustlaw.lowering.files import default_vocabulary

ROOT = Path(__file__).resolve().parent.parent
COURTS = (("conviction", "convictions", "court"), ("charge", "charges", "court"),
          ("warrant", "warrants", "issued_in"))


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


@pytest.mark.slow
def test_a_jurisdictions_batch_agrees_with_decide_by_date() -> None:
    pytest.importorskip("duckdb", reason="bench/lineup.py needs the sql extra")
    out = _run("lineup.py", "--n", "1500", "--rounds", "1")
    assert "the first 1,500 decided by date as decide() decides them: ct/pa-13-155 " in out
    assert "the jurisdiction (ct, by date)" in out


def _bench_decide() -> ModuleType:
    """bench/decide.py as a module (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_decide", ROOT / "bench" / "decide.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _drawn(vocab: ir.Vocabulary | None = None, n: int = 3000) -> list[dict[str, Any]]:
    """Cases as bench/decide.py draws them (from the bundled vocabulary, or `vocab`)."""
    bench = _bench_decide()
    maker = bench.CaseMaker(7) if vocab is None else bench.CaseMaker(7, vocab=vocab)
    return [maker.case() for _ in range(n)]


def _values(vocab: ir.Vocabulary, record: str) -> dict[str, ir.EnumType]:
    found = vocab.record(record)
    assert found is not None
    return {f.name: f.type for f in found.fields if isinstance(f.type, ir.EnumType)}


def test_the_decide_cases_draw_every_court_the_case_format_has() -> None:
    """bench/decide.py's cases (bench/jsonl.py's and bench/serve_large.py's too) name
    every court a conviction, a charge or a warrant may: the District of Columbia's, a
    territory's, a tribe's and a foreign one as well, as `trustlaw synth` does, so the
    hand-written baselines meet them and are held to the statute on them; every case
    is well formed."""
    vocab = default_vocabulary()
    sample = _drawn()
    for record, path, field in COURTS:
        values = set(_values(vocab, record)[field].values)
        drawn = {e.get(field) for case in sample for e in case.get(path) or ()} - {None}
        assert drawn == values, (record, values - drawn)
    for raw in sample:
        cases.validate(raw, vocab)


def test_a_court_the_case_format_gains_is_drawn_and_one_it_lacks_stops_the_script() -> None:
    vocab = default_vocabulary()
    origin = _values(vocab, "charge")["court"]
    gained = ir.EnumType(origin.name, (*origin.values, "high_seas"))

    def widen(record: ir.RecordInfo) -> ir.RecordInfo:
        return attrs.evolve(record, fields=tuple(
            attrs.evolve(f, type=gained) if f.type == origin else f for f in record.fields))

    wider = attrs.evolve(vocab, records=tuple(widen(r) for r in vocab.records))
    sample = _drawn(wider)
    for _record, path, field in COURTS[1:]:  # a charge's court and a warrant's issued_in
        assert "high_seas" in {e.get(field) for case in sample for e in case.get(path) or ()}
    shares = _bench_decide().Shares({"this_state": 1, "moon": 2})
    with pytest.raises(SystemExit, match=r"charge\.court has no value moon"):
        shares.over(origin.values, "charge.court")
