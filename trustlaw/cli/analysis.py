"""Questions about one statute: `verify` (invariants); comparing is in `comparing`."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..analysis.solver import require_solver
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNKNOWN,
    plural,
    print_json,
    statutes_for,
    warn_of_drafts,
)


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `verify` command to the parser."""
    p = command(
        "verify", "prove the invariants stated in statute files",
        "Prove every invariant of the given statutes with the z3 solver (default: every\n"
        "bundled statute). A violation comes with a concrete counterexample case.\n"
        "An expected violation shows its decision; -v shows its case too.\n"
        "Exit 0 when every invariant is proved (or violated where the file says\n"
        "`expect violated`), 1 on an unexpected result, 3 when the solver gave up, 2\n"
        "(a usage error) when z3 is not installed.",
    )
    p.add_argument("refs", nargs="*", metavar="PATH|ID", help="statute ids, .law files or folders")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="output format (default text)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="show the counterexample case of every violation, the expected "
                        "ones too (by default only an unexpected one's)")
    p.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    """`trustlaw verify`: prove each statute's invariants (0 proved, 1 violated, 3 unknown;
    without z3, one usage error, as `compare` and `matrix` stop, not an UNKNOWN per
    invariant)."""
    from ..analysis.verification import verify_inherited, verify_program
    from ..testing.runner import amended_statute

    statutes = statutes_for(args.refs)
    require_solver("`verify`")  # one line, as `compare` and `matrix` say it
    warn_of_drafts(statutes)
    reports: list[dict[str, Any]] = []
    worst = EXIT_OK
    counts: Counter[str] = Counter()
    for statute in statutes:
        results = verify_program(statute.program)
        # an amendment: the amended statute's invariants too, run on the amended law
        base = amended_statute(statute, Path(statute.path)) if statute.path else None
        if base is not None:
            results += verify_inherited(statute, base)
        for result in results:
            code = verify_exit_code(result)
            worst = max(worst, code, key=_verify_rank)
            counts[_verify_kind(result)] += 1
            if args.format == "json":
                reports.append(result.to_dict())
            else:
                print(result.render(brief=not args.verbose))
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
    if result.changed:
        return "changed by the amendment"
    if result.expected:
        return "proved" if result.status == "proved" else "violated as expected"
    return "unexpected"


def _verify_summary(statutes: int, counts: Counter[str]) -> str:
    """The closing line, as `check` and `test` end: how many of each result."""
    total = sum(counts.values())
    line = f"verified {plural(statutes, 'statute')}: {plural(total, 'invariant')}"
    parts = [f"{counts[kind]} {kind}" for kind in
             ("proved", "violated as expected", "changed by the amendment", "unexpected",
              "unknown") if counts[kind]]
    if parts:
        line += " (" + ", ".join(parts) + ")"
    return line


def verify_exit_code(result: Any) -> int:
    """0 when the result is what the statute file expects, 1 when not, 3 when unknown."""
    if result.status == "unknown":
        return EXIT_UNKNOWN
    return EXIT_OK if result.expected or result.changed else EXIT_FAILED


def _verify_rank(code: int) -> int:
    return {EXIT_OK: 0, EXIT_UNKNOWN: 1, EXIT_FAILED: 2}.get(code, 2)
