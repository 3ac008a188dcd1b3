"""Comparing statutes from the command line: `compare` (two statutes) and `matrix` (a library)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from ..analysis.solver import BOUND_RANGE, MAX_BOUND, MIN_BOUND, WHY_NOT_ZERO, require_solver
from ..diagnostics import StatuteError, shown_name
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    is_case_file,
    load_statute,
    path_argument,
    plural,
    print_error,
    print_json,
    refuse_case_files,
    statutes_for,
    warn,
    warn_of_drafts,
)

EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, as a shell reports a pipe closed early
_BOUND_HELP = f"the most elements per list the solver considers, {BOUND_RANGE} (default 3)"
ONLY_CHOICES = ("hold", "notification", "transfer", "interview", "max_hold", "duty")


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `compare` and `matrix` commands to the parser."""
    p = command(
        "compare", "show where two statutes decide cases differently",
        "Compare two statutes (ids or .law files on the same case vocabulary) with the z3\n"
        "solver. The differences are regions of the case space, each a condition over\n"
        "the case facts with a realistic example; the regions are proved exact and\n"
        "together cover every case decided differently (lists up to --bound elements).\n"
        "Regions that exist only because a fact is unknown are summarised after the rest.\n"
        "Exit 0 equivalent, 1 different, 2 usage or statute errors, 3 a question the\n"
        "solver could not settle and no difference found, 141 output pipe closed early.",
    )
    p.add_argument("a", metavar="A", help="a statute id or a .law file (e.g. current law)")
    p.add_argument("b", metavar="B", help="a statute id or a .law file (e.g. the proposal)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="output format (default text: a one-screen summary, then details)")
    p.add_argument("--bound", type=_bound, default=3, metavar="N",
                   help=_BOUND_HELP)
    p.add_argument("--only", type=_only, default=None, metavar="LIST",
                   help="only these, comma-separated: " + ", ".join(ONLY_CHOICES))
    p.add_argument("--known-only", action="store_true",
                   help="leave out the regions that exist only because a fact is unknown")
    p.add_argument("--redline", action="store_true",
                   help="also set the provisions side by side: struck, added, changed")
    p.add_argument("--cases", metavar="FILE", default=None,
                   help="count a caseload (JSON lines, CSV or Parquet; - for standard "
                   "input) in each region")
    # analysis.compare.impact.ENGINES, not imported here: the parser is built at every start
    p.add_argument("--engine", choices=("auto", "duckdb", "python"), default="auto",
                   help="how --cases is counted: auto (DuckDB from 1,000 cases when the sql "
                        "extra is installed, else Python), duckdb or python")
    p.set_defaults(handler=cmd_compare)

    p = command(
        "matrix", "protectiveness of every pair of statutes in a library",
        "For every pair of statutes (default: the bundled library) and every action, which\n"
        "one allows the action in fewer cases (more protective of the person), proved or\n"
        "refuted with a counterexample by the z3 solver, and the order this induces.\n"
        "Exit 0, or 2 on usage or statute errors, 3 when some question was not settled.",
    )
    p.add_argument("refs", nargs="*", metavar="ID|PATH", help="statute ids, .law files or folders")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="output format (default text)")
    p.add_argument("--bound", type=_bound, default=3, metavar="N",
                   help=_BOUND_HELP)
    p.set_defaults(handler=cmd_matrix)


def cmd_compare(args: argparse.Namespace) -> int:
    """`trustlaw compare`: 0 equivalent, 1 different, 2 usage or statute errors, 3
    unsettled."""
    from ..analysis.compare import compare

    if is_case_file(args.a) or is_case_file(args.b):
        refuse_case_files([args.a, args.b], _compare_help(args.a, args.b))
    try:
        first, second = load_statute(args.a), load_statute(args.b)
    except StatuteError as error:  # a statute that does not check is not "they differ"
        print_error(error)
        return EXIT_USAGE
    require_solver("`compare`")
    warn_of_drafts([first, second])
    comparison = compare(first, second, bound=args.bound)
    if args.only is not None or args.known_only:
        comparison = comparison.only(args.only, known_only=args.known_only)
    redline = None
    if args.redline:
        from ..analysis.compare.redline import redline as make_redline

        redline = make_redline(comparison)
    if args.cases is not None:
        from ..analysis.compare.impact import impact_file
        from .batch import piped_in

        with piped_in(args.cases) as cases:
            counted = impact_file(comparison, path_argument(cases), engine=args.engine)
        comparison = counted.comparison
        if counted.invalid:  # said at the end too, after the regions: seen first here
            first = f"; first error: {counted.first_error}" if counted.first_error else ""
            warn([f"{plural(counted.cases, 'case')}, {counted.invalid:,} not well-formed "
                  f"(counted in no region){first}"])
    else:
        counted = None

    def write() -> None:
        if args.format == "json":
            data = comparison.to_dict()
            if redline is not None:
                data["redline"] = redline.to_dict()
            if counted is not None:
                data["impact"] = counted.to_dict()
            print_json(data)
            return
        text = comparison.render(args.format)
        if redline is not None:
            text += "\n\n" + redline.render(args.format)
        if counted is not None:
            text += "\n\n" + counted.render(args.format)
        print(text)

    closed = _write(write)
    return closed if closed is not None else compare_exit_code(comparison)


def _compare_help(a: str, b: str) -> str:
    """What to run for `compare` given a case file: two statutes, the cases as --cases."""
    cases = next(ref for ref in (b, a) if is_case_file(ref))
    known = [shown_name(ref) for ref in (a, b) if not is_case_file(ref)]
    statutes = known + ["A", "B"][len(known):]
    return (f"compare takes two statutes (ids or .law files); to count the cases of "
            f"`{shown_name(cases)}` in the regions where they differ: `trustlaw compare "
            f"{statutes[0]} {statutes[1]} --cases {shown_name(cases)}`")


def cmd_matrix(args: argparse.Namespace) -> int:
    """`trustlaw matrix`: 0, or 3 when some question was not settled."""
    from ..analysis.compare import matrix

    try:
        statutes = statutes_for(args.refs) if args.refs else None
    except StatuteError as error:
        print_error(error)
        return EXIT_USAGE
    require_solver("`matrix`")
    if statutes is not None:
        ids = {s.id for s in statutes}
        if len(ids) < len(statutes) and len({s.path for s in statutes}) < len(statutes):
            statutes = list({s.path: s for s in statutes}.values())
    result = matrix(statutes, bound=args.bound)

    def write() -> None:
        if args.format == "json":
            print_json(result.to_dict())
        else:
            print(result.render(args.format))

    closed = _write(write)
    if closed is not None:
        return closed
    unsettled = any(p.verdict == "unknown" for cell in result.cells.values()
                    for p in cell.values())
    return EXIT_UNKNOWN if unsettled else EXIT_OK


def _write(write: Callable[[], None]) -> int | None:
    """Run `write`; a reader that closed the pipe early is reported (not success)."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail
        return EXIT_CLOSED_PIPE
    return None


def compare_exit_code(comparison: Any) -> int:
    """0 when the statutes decide every case alike, 1 when some case differs, 3 when
    no difference was found but the solver could not settle every question. With
    `--only` or `--known-only`, of the regions selected: 0 when none is left."""
    if comparison.selection is not None:
        if comparison.regions:
            return EXIT_FAILED
        return EXIT_UNKNOWN if comparison.unsettled else EXIT_OK
    return {"equivalent": EXIT_OK, "different": EXIT_FAILED}.get(comparison.status, EXIT_UNKNOWN)


def _bound(text: str) -> int:
    """A list bound from the command line: a whole number from 1 to 10 (0 would leave
    every list empty and hide the differences lists make)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not MIN_BOUND <= value <= MAX_BOUND:
        raise argparse.ArgumentTypeError(
            f"expected a number {BOUND_RANGE}, got {value}"
            + (f" ({WHY_NOT_ZERO})" if value == 0 else ""))
    return value


def _only(text: str) -> tuple[str, ...]:
    """``hold,notification`` → the outcomes to keep."""
    items = tuple(part.strip() for part in text.split(",") if part.strip())
    wrong = [i for i in items if i not in ONLY_CHOICES]
    if wrong or not items:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of {', '.join(ONLY_CHOICES)}, got {text!r}")
    return items

