"""Questions about statutes: `verify` (invariants) and `compare` (two statutes)."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..analysis.solver import INSTALL_HELP, require_solver, solver_available
from ..diagnostics import StatuteError
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    MAX_BOUND,
    load_statute,
    plural,
    print_error,
    print_json,
    statutes_for,
)


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `verify`, `compare` commands to the parser."""
    p = command(
        "verify", "prove the invariants stated in statute files",
        "Prove every invariant of the given statutes with the z3 solver (default: every\n"
        "bundled statute). A violation comes with a concrete counterexample case.\n"
        "Exit 0 when every invariant is proved (or violated where the file says\n"
        "`expect violated`), 1 on an unexpected result, 3 when the solver gave up.",
    )
    p.add_argument("refs", nargs="*", metavar="PATH|ID", help="statute ids, .law files or folders")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(handler=cmd_verify)

    p = command(
        "compare", "show every kind of case two statutes decide differently",
        "Compare two statutes (ids or .law files on the same case vocabulary) with the z3\n"
        "solver: for every outcome and every pair of different results, the longest hold\n"
        "and each duty, find a case the two decide differently, shrunk to the facts that\n"
        "matter and decided again by the reference interpreter. Exit 0 when they decide\n"
        "every case alike, 1 when they differ, 2 on a usage error or a statute with errors,\n"
        "3 when the solver could not settle a question and found no difference.",
    )
    p.add_argument("a", metavar="A", help="a statute id or a .law file (e.g. current law)")
    p.add_argument("b", metavar="B", help="a statute id or a .law file (e.g. the proposal)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--bound", type=_bound, default=3, metavar="N",
                   help="the most elements per list the solver considers (default 3)")
    p.set_defaults(handler=cmd_compare)


def cmd_verify(args: argparse.Namespace) -> int:
    """`trustlaw verify`: prove each statute's invariants (0 proved, 1 violated, 3 unknown)."""
    from ..analysis.verification import verify_program

    statutes = statutes_for(args.refs)
    reports: list[dict[str, Any]] = []
    worst = EXIT_OK
    counts: Counter[str] = Counter()
    for statute in statutes:
        results = verify_program(statute.program)
        for result in results:
            code = verify_exit_code(result)
            worst = max(worst, code, key=_verify_rank)
            counts[_verify_kind(result)] += 1
            if args.format == "json":
                reports.append(result.to_dict())
            else:
                print(result.render())
        if args.format == "text" and not results:
            print(f"{statute.id}: no invariants")
    if args.format == "json":
        print_json(reports)
    else:
        print(_verify_summary(len(statutes), counts))
    return worst


def _verify_kind(result: Any) -> str:
    if result.status == "unknown":
        return "unknown"
    if result.expected:
        return "proved" if result.status == "proved" else "violated as expected"
    return "unexpected"


def _verify_summary(statutes: int, counts: Counter[str]) -> str:
    """The closing line, as `check` and `test` end: how many of each result."""
    total = sum(counts.values())
    line = f"verified {plural(statutes, 'statute')}: {plural(total, 'invariant')}"
    parts = [f"{counts[kind]} {kind}" for kind in
             ("proved", "violated as expected", "unexpected", "unknown") if counts[kind]]
    if parts:
        line += " (" + ", ".join(parts) + ")"
    if counts["unknown"] and not solver_available():
        line += f"; z3 is not installed: {INSTALL_HELP}"
    return line


def cmd_compare(args: argparse.Namespace) -> int:
    """`trustlaw compare`: where two statutes differ (0 equivalent, 1 different, 3 unknown)."""
    from ..analysis.comparison import compare

    try:
        a, b = load_statute(args.a), load_statute(args.b)
    except StatuteError as error:  # exit 1 means "they differ": a broken file is not that
        print_error(error)
        return EXIT_USAGE
    require_solver("`compare`")
    comparison = compare(a, b, bound=args.bound)
    if args.format == "json":
        print_json(comparison.to_dict())
    else:
        print(comparison.render())
    return compare_exit_code(comparison)


def compare_exit_code(comparison: Any) -> int:
    """0 when the statutes decide every case alike, 1 when some case differs, 3 when
    no difference was found but the solver could not settle every question."""
    return {"equivalent": EXIT_OK, "different": EXIT_FAILED}.get(comparison.status, EXIT_UNKNOWN)


def _bound(text: str) -> int:
    """A list bound from the command line: a whole number from 0 to 10."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_BOUND:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to {MAX_BOUND}, got {value}")
    return value


def verify_exit_code(result: Any) -> int:
    """0 when the result is what the statute file expects, 1 when not, 3 when unknown."""
    if result.status == "unknown":
        return EXIT_UNKNOWN
    return EXIT_OK if result.expected else EXIT_FAILED


def _verify_rank(code: int) -> int:
    return {EXIT_OK: 0, EXIT_UNKNOWN: 1, EXIT_FAILED: 2}.get(code, 2)
