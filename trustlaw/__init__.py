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
`trustlaw.analysis.verification`, `trustlaw.analysis.compare`, ...).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .cases.case import Case, validate_case
from .decisions.decision import Decision
from .diagnostics import (
    CaseError,
    CaseFileWarning,
    Diagnostic,
    StatuteError,
    TrustlawError,
    UsageError,
    UsageTypeError,
    UsageValueError,
    bad_value,
    wrong_type,
)
from .library.batch import CaseFailure
from .library.statute import Statute
from .version import __version__

if TYPE_CHECKING:
    from .language.syntax import LawFile


__all__ = [
    "Case",
    "CaseError",
    "CaseFailure",
    "CaseFileWarning",
    "Decision",
    "Diagnostic",
    "Statute",
    "StatuteError",
    "TrustlawError",
    "UsageError",
    "UsageTypeError",
    "UsageValueError",
    "__version__",
    "available",
    "batch",
    "check",
    "compare",
    "decide_many",
    "load",
    "parse",
    "validate",
    "verify",
]


def load(ref: str | os.PathLike[str], on: _dt.date | str | None = None) -> Statute:
    """A statute by bundled id (``"ct/pa-13-155"``), by path to a ``.law`` file, or by
    jurisdiction (``"ct"``) with `on` = the day whose law you want (a `date`, a
    `datetime` or an ISO string such as ``"2016-05-01"``)."""
    from .library.loader import load as _load

    return _load(ref, on)


def batch(statutes: Any, cases: Any, *, engine: str = "duckdb",
          connection: str | None = None, output: str = "arrow",
          warnings: bool = False) -> Any:
    """Decide many cases (a .jsonl/.csv/.parquet file, case dicts, or a pyarrow Table, a
    polars or a pandas frame in the Parquet case layout) under one or more
    statutes in SQL: an Arrow table with one row per case and statute (its columns are
    the "Output columns" of the docs' "Many cases at once" page, docs/batch.md), or a
    pandas or polars frame with ``output=``; ``warnings=True`` adds a last column,
    ``warnings``, the codes of each decision's warnings about the case (an empty list
    for none, null on a row in error). Needs the `sql` extra."""
    from .caseload.run import batch as _batch

    return _batch(statutes, cases, engine=engine, connection=connection, output=output,
                  warnings=warnings)


def validate(case: Any, vocabulary: Any = None) -> Case:
    """`case` (a JSON-shaped dict in the case format of the docs' "Cases and decisions"
    page, docs/cases.md) validated once, as a `Case` that
    every statute on the same vocabulary decides without validating it again; raises
    `CaseError` naming each problem by its field path. `vocabulary` (an
    `ir.Vocabulary`) defaults to the bundled one."""
    return validate_case(case, vocabulary)


def decide_many(
    statutes: Statute | str | os.PathLike[str] | Iterable[Statute | str | os.PathLike[str]],
    cases: Iterable[Any],
    *,
    on_error: str = "raise",
    on: _dt.date | str | None = None,
) -> Any:
    """Decide every case under one statute or several (ids, paths or `Statute`s), lazily
    and in input order; a jurisdiction (``"ct"``) decides each case under its law in
    force on the case's date, or on the day `on` (a `date` or an ISO string).
    ``on_error="record"`` yields a
    `CaseFailure` (with the case's index and its errors) for a bad case instead of
    raising its `CaseError`."""
    from .dates import as_date
    from .library.batch import decide_many as _decide_many

    day = None if on is None else as_date(on, "decide_many(on=…)")
    return _decide_many(statutes, cases, on_error=on_error, on=day)  # type: ignore[arg-type]


def available() -> list[str]:
    """The ids of every bundled statute, sorted."""
    from .library.loader import available as _available

    return _available()


def parse(source: str, path: str = "<string>") -> LawFile:
    """Statute text → syntax tree; raises `StatuteError` listing every syntax problem."""
    from .language.parser import parse as _parse

    if not isinstance(source, str):
        raise wrong_type("parse()", "the statute's text as a str (decode bytes first, e.g. "
                         "data.decode('utf-8'))", source)
    if not isinstance(path, str):
        raise wrong_type("parse(path=…)", "the file name as a str", path)
    return _parse(source, path)


def check(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of the statute files at `paths`."""
    from .checker import check_paths
    from .library.loader import require_statute_paths

    expected = "a path, or a list of paths, of .law files or folders"
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif not isinstance(paths, Iterable) or isinstance(paths, (bytes, Mapping)):
        raise wrong_type("check()", expected, paths)
    listed = list(paths)
    for path in listed:
        if not isinstance(path, (str, os.PathLike)):
            raise wrong_type("check()", expected, path)
    require_statute_paths(listed)
    return list(check_paths([os.fspath(p) for p in listed]))


def verify(statute: Statute | str | os.PathLike[str], invariant: str | None = None) -> Any:
    """Prove a statute's invariants with z3: every one it declares (a list of results),
    or the one named `invariant` (one result, a declared or a standard invariant). Each
    result has ``.status`` (proved, violated, unknown), ``.render()`` and ``.to_dict()``."""
    from .analysis.verification import verify as _verify_one
    from .analysis.verification import verify_program

    if not isinstance(statute, Statute):
        statute = load(statute)
    if invariant is not None and not isinstance(invariant, str):
        raise wrong_type("verify(invariant=…)", "an invariant's name as a str", invariant)
    if invariant is None:
        return verify_program(statute)
    return _verify_one(statute, invariant)


def compare(
    a: Statute | str | os.PathLike[str], b: Statute | str | os.PathLike[str], bound: int = 3,
    *, cases: str | os.PathLike[str] | Iterable[Mapping[str, Any]] | None = None,
) -> Any:
    """Where two statutes (on one case vocabulary) decide cases differently, as regions of
    the case space: each a condition over the case facts (``.condition``, in the statute
    language; ``.contains(case)``), a one-line ``.summary``, the deciding provisions and a
    realistic example, proved exact and together covering every case decided
    differently (lists up to `bound` elements), with each action's protectiveness. The
    result has ``.equivalent``, ``.regions``, ``.render()`` and ``.to_dict()`` (the
    shape of docs/comparisons.md; see `trustlaw.analysis.compare.Comparison`).

    `cases` (a JSON-lines, CSV or Parquet file, or case dicts): each region's ``.count``
    is the number of them it holds (the caseload impact; a case that is not well-formed
    is in no region). The transition tables are
    `trustlaw.analysis.compare.impact.impact(comparison, cases)`'s."""
    from .analysis.compare import compare as _compare
    from .analysis.solver import BOUND_RANGE, MAX_BOUND, MIN_BOUND, WHY_NOT_ZERO, require_solver

    if not isinstance(bound, int) or isinstance(bound, bool):
        raise wrong_type("compare(bound=…)", "a whole number", bound)
    if not MIN_BOUND <= bound <= MAX_BOUND:
        raise bad_value("compare(bound=…)",
                        f"the bound must be {BOUND_RANGE}, not {bound}",
                        "give how many elements each list of a case may have, e.g. 3"
                        + (f" ({WHY_NOT_ZERO})" if bound == 0 else ""))
    for side in (a, b):
        if not isinstance(side, (Statute, str, os.PathLike)):
            raise wrong_type("compare()", "a statute, a statute id or a path", side)
    from .diagnostics import data_frame_given

    if cases is not None and (frame := data_frame_given(
            "compare(cases=…)", "a case file's name (a str or Path) or an iterable of case "
            "dicts", cases)):
        raise frame  # first: a pyarrow Table is no iterable, but the help says how
    if cases is not None and (isinstance(cases, (bytes, bytearray, Mapping))
                              or not isinstance(cases, (str, os.PathLike, Iterable))):
        raise wrong_type("compare(cases=…)", "a case file's name (a str or Path) or an "
                         "iterable of case dicts", cases)
    require_solver("compare()")
    comparison = _compare(a, b, bound)
    if cases is None:
        return comparison
    from pathlib import Path

    from .analysis.compare.impact import impact, impact_file

    if isinstance(cases, (str, os.PathLike)):
        return impact_file(comparison, Path(cases)).comparison
    return impact(comparison, cases).comparison
