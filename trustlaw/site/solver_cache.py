"""Statutes → the solver's answers pages show (invariants, comparisons, matrix), cached by digest.

The site is built often (every `mkdocs serve` reload, every test run) and the solver is
slow, so each answer is computed once per exact input: the statute digests, the case
vocabulary's digest, the trustlaw version, the digest of trustlaw's own source (so a
changed solver in a working tree never shows an old answer) and the bound. Answers are
kept as JSON (the public shapes of `VerifyResult`, `Comparison.to_dict()` and `Matrix.to_dict()`) in
``$TRUSTLAW_SITE_CACHE`` or ``$XDG_CACHE_HOME/trustlaw/site`` (``~/.cache``), and in memory.
Without z3 every function returns None and the pages say "not checked".
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..library.statute import Statute

BOUND = 3
_MEMORY: dict[str, Any] = {}


def solver_available() -> bool:
    """z3 is installed (the solver answers can be computed)."""
    return importlib.util.find_spec("z3") is not None


def cache_dir() -> Path:
    explicit = os.environ.get("TRUSTLAW_SITE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trustlaw" / "site"


@functools.cache
def code_digest() -> str:
    """A digest of every Python source file of the installed trustlaw package."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(kind: str, statutes: Sequence[Statute]) -> str:
    parts = [kind, __version__, code_digest(), str(BOUND)]
    parts += [f"{s.id}={s.digest}:{s.vocabulary.digest}" for s in statutes]
    return kind + "-" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _cached(key: str, compute: Callable[[], Any]) -> Any:
    if key in _MEMORY:
        return _MEMORY[key]
    path = cache_dir() / f"{key}.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        value = compute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False,
                                             encoding="utf-8", suffix=".tmp") as handle:
                json.dump(value, handle, ensure_ascii=False)
            os.replace(handle.name, path)
        except OSError:
            pass  # an unwritable cache only costs time
    _MEMORY[key] = value
    return value


def invariant_results(statute: Statute) -> dict[str, dict[str, Any]] | None:
    """Invariant name → {"status": proved | violated | unknown, "expected", "counterexample",
    "outcomes" (the counterexample's decision), "reason"}; None without the solver."""
    if not solver_available() or not statute.program.invariants:
        return None if not solver_available() else {}

    def compute() -> dict[str, dict[str, Any]]:
        from ..analysis.verification import verify_program

        return {
            result.invariant: {
                "status": result.status,
                "expected": result.expected,
                "counterexample": result.counterexample,
                "outcomes": dict(result.decision.outcomes) if result.decision else None,
                "reason": result.reason,
            }
            for result in verify_program(statute, BOUND)
        }

    found: dict[str, dict[str, Any]] = _cached(_key("verify", [statute]), compute)
    return found


def comparison_data(a: Statute, b: Statute) -> dict[str, Any] | None:
    """`trustlaw.compare(a, b).to_dict()` (CASES.md section 4); None without the solver."""
    if not solver_available():
        return None

    def compute() -> dict[str, Any]:
        from ..analysis.compare import compare

        return compare(a, b).to_dict()

    found: dict[str, Any] = _cached(_key("compare", [a, b]), compute)
    return found


def matrix_data(statutes: Sequence[Statute]) -> dict[str, Any] | None:
    """`matrix(statutes).to_dict()`: protectiveness of every pair and the order's edges;
    None without the solver (or with fewer than two statutes)."""
    if not solver_available() or len(statutes) < 2:
        return None

    def compute() -> dict[str, Any]:
        from ..analysis.compare import matrix

        return matrix(list(statutes), bound=BOUND).to_dict()

    found: dict[str, Any] = _cached(_key("matrix", statutes), compute)
    return found
