"""trustlaw: immigration-detainer law as code.

Load a statute and decide a case::

    import trustlaw
    statute = trustlaw.load("ct/pa-13-155")            # or load("ct", on=date(2016, 5, 1))
    decision = statute.decide({"date": "2015-03-02", "agency": "state_corrections", ...})
    decision.outcomes["hold"]                           # "permitted", "prohibited", ...
    print(decision.explain())

Validate a case once and decide it under several statutes::

    case = trustlaw.validate({"date": "2015-03-02", ...})   # a Case, or CaseError
    [trustlaw.load(i).decide(case) for i in ("ct/pa-13-155", "ca/sb54-2017")]

Compare two versions of a law (every kind of case they decide differently, each with
an example)::

    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    print(comparison.render())

The facade is small and cheap to import: the parser, the checker, the backends and the
solver are imported on first use (their modules are `trustlaw.checker`,
`trustlaw.verification`, `trustlaw.comparison`, ...).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .cases.case import Case, validate_case
from .decisions.decision import Decision
from .diagnostics import CaseError, Diagnostic, StatuteError, TrustlawError, UsageError
from .library.statute import Statute

if TYPE_CHECKING:
    from .language.syntax import LawFile

__version__ = "0.1.0"

__all__ = [
    "Case",
    "CaseError",
    "Decision",
    "Diagnostic",
    "Statute",
    "StatuteError",
    "TrustlawError",
    "UsageError",
    "__version__",
    "available",
    "batch",
    "check",
    "compare",
    "load",
    "parse",
    "validate",
    "verify",
]


def load(ref: str | os.PathLike[str], on: _dt.date | None = None) -> Statute:
    """A statute by bundled id (``"ct/pa-13-155"``), by path to a ``.law`` file, or by
    jurisdiction (``"ct"``) with `on` = the day whose law you want."""
    from .library.loader import load as _load

    return _load(ref, on)


def batch(statutes: Any, cases: Any, *, engine: str = "duckdb",
          connection: str | None = None, output: str = "arrow") -> Any:
    """Decide many cases (a .jsonl/.csv/.parquet file or case dicts) under one or more
    statutes in SQL: an Arrow table with one row per case and statute (CASES.md section
    5), or a pandas or polars frame with ``output=``. Needs the `sql` extra."""
    from .caseload.run import batch as _batch

    return _batch(statutes, cases, engine=engine, connection=connection, output=output)


def validate(case: Any, vocabulary: Any = None) -> Case:
    """`case` (a JSON-shaped dict, CASES.md section 2) validated once, as a `Case` that
    every statute on the same vocabulary decides without validating it again; raises
    `CaseError` naming each problem by its field path. `vocabulary` (an
    `ir.Vocabulary`) defaults to the bundled one."""
    return validate_case(case, vocabulary)


def available() -> list[str]:
    """The ids of every bundled statute, sorted."""
    from .library.loader import available as _available

    return _available()


def parse(source: str, path: str = "<string>") -> LawFile:
    """Statute text → syntax tree; raises `StatuteError` listing every syntax problem."""
    from .language.parser import parse as _parse

    return _parse(source, path)


def check(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of the statute files at `paths`."""
    from .checker import check_paths

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return list(check_paths([os.fspath(p) for p in paths]))


def verify(statute: Statute | str | os.PathLike[str], invariant: str | None = None) -> Any:
    """Prove a statute's invariants with z3: every one it declares (a list of results),
    or the one named `invariant` (one result, a declared or a standard invariant). Each
    result has ``.status`` (proved, violated, unknown), ``.render()`` and ``.to_dict()``."""
    from .analysis.verification import verify as _verify_one
    from .analysis.verification import verify_program

    if not isinstance(statute, Statute):
        statute = load(statute)
    if invariant is None:
        return verify_program(statute)
    return _verify_one(statute, invariant)


def compare(
    a: Statute | str | os.PathLike[str], b: Statute | str | os.PathLike[str], bound: int = 3
) -> Any:
    """Where two statutes (on one case vocabulary) decide cases differently: for every
    outcome, the longest hold and each duty, every kind of difference z3 finds among
    well-formed cases with at most `bound` elements per list, each with a shrunk example
    case and both decisions. The result has ``.equivalent``, ``.differences``,
    ``.render()`` and ``.to_dict()`` (see `trustlaw.comparison.Comparison`)."""
    from .analysis.comparison import compare as _compare

    return _compare(a, b, bound)
