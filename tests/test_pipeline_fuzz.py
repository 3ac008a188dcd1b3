"""Mutated statute files never crash any stage after the parser.

The parser's own fuzzing shows syntax errors stay diagnostics; this goes further: every
mutant is checked, and every mutant that checks clean is compiled, its examples run,
and its example cases decided by both backends (which must agree) and explained. The
only exception allowed anywhere is trustlaw's own error type.
"""

from __future__ import annotations

import contextlib
import random
import re
from pathlib import Path

import pytest

from trustlaw import cases
from trustlaw.backends import interp
from trustlaw.backends.python import compile_program
from trustlaw.checker import check_source, compile_source
from trustlaw.diagnostics import TrustlawError
from trustlaw.library.statute import Statute
from trustlaw.testing.runner import run_statute

STATUTES = Path(__file__).resolve().parent.parent / "statutes"
FILES = sorted(p for p in STATUTES.rglob("*.law") if "vocabulary" not in p.parts)
TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|\w+|[^\w\s]')
_WORD_TEXT = (
    "hold permitted prohibited required except (b) any all no count c in convictions charges "
    "where and or not implies = != < >= date person.age 2 5 within before after { } ( ) "
    "limit 48 hours excluding saturday counting actual duty applies if agency strike true "
    "false null expect grounds max_hold none is known unknown definition means provision "
    "cites text note about invariant standard assume ensure felony this_state"
)
WORDS = _WORD_TEXT.split()


def mutate(text: str, rng: random.Random) -> str:
    tokens = TOKEN.findall(text)
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(tokens))
        roll = rng.random()
        if roll < 0.3:
            del tokens[at]
        elif roll < 0.6:
            tokens.insert(at, f" {rng.choice(WORDS)} ")
        elif roll < 0.8:
            tokens[at] = f" {rng.choice(WORDS)} "
        else:
            other = rng.randrange(len(tokens))
            tokens[at], tokens[other] = tokens[other], tokens[at]
    return "".join(tokens)


def run_everything(source: str, path: str) -> bool:
    """Every stage on one mutant; True when it checked clean and ran end to end."""
    if any(d.is_error for d in check_source(source, path)):
        return False
    program = compile_source(source, path)
    statute = Statute(program)
    run_statute(statute)
    compiled = compile_program(program)
    for example in program.examples:
        try:
            data = cases.validate(example.case, statute.vocabulary)
        except TrustlawError:
            continue
        assert compiled.evaluate(data) == interp.evaluate(program, data), example.name
        statute.decide(example.case).explain()
    return True


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_mutants_fail_only_with_trustlaw_errors(seed: int) -> None:
    rng = random.Random(seed)
    ran = 0
    for _ in range(120):
        path = rng.choice(FILES)
        source = mutate(path.read_text(encoding="utf-8"), rng)
        with contextlib.suppress(TrustlawError):
            ran += run_everything(source, str(path))
    assert ran > 0, "no mutant checked clean: the mutations no longer exercise the back end"
