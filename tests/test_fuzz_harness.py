"""A short fuzz run (bench/fuzz.py runs it long): no foreign error, no disagreement."""

from __future__ import annotations

import contextlib
import random

import pytest

import trustlaw
from trustlaw import cli
from trustlaw.checker import check_source
from trustlaw.lowering.files import default_vocabulary
from trustlaw.testing.fuzz import run
from trustlaw.testing.fuzz_inputs import grammar_statute, hostile_case, random_case

SECONDS = 30


@pytest.mark.slow
def test_a_short_fuzz_run_finds_nothing_foreign() -> None:
    report = run(SECONDS, seed=20261201, per_input=20, cli_main=cli.main)
    counts = report.counts
    assert [f.message for f in report.findings] == []
    # the run reaches every stage: clean statutes, decisions, comparisons, the CLI
    assert counts["statutes_clean"] > 10 and counts["comparisons"] > 200
    assert counts["case_errors"] > 20 and counts["cli_runs"] > 0


def test_most_grammar_statutes_check_clean() -> None:
    rng = random.Random(3)
    vocab = default_vocabulary()
    sources = [grammar_statute(rng, vocab) for _ in range(40)]
    clean = sum(not any(d.is_error for d in check_source(s, "g.law")) for s in sources)
    assert clean >= 20, clean


def test_random_cases_are_well_formed_and_hostile_ones_are_refused_or_decided() -> None:
    rng = random.Random(5)
    vocab = default_vocabulary()
    statute = trustlaw.load("ct/pa-13-155")
    for _ in range(100):
        case = random_case(rng, vocab)
        statute.validate(case)
        broken = hostile_case(case, rng)
        with contextlib.suppress(trustlaw.TrustlawError):
            statute.decide(broken)
