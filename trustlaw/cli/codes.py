"""The catalogue of diagnostic codes: `codes` (every code, or what one code means).

The catalogue is imported by the command itself, not when the CLI starts."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, UsageError
from ..names import one_of
from .common import EXIT_OK, print_json

if TYPE_CHECKING:
    from ..codes import Code

WIDTH = 88


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `codes` command to the parser."""
    p = command(
        "codes", "list the diagnostic codes, or explain one",
        "Every diagnostic trustlaw reports carries a short, stable code (TL-P025) that\n"
        "can be quoted. Without CODE, list every code with its title, grouped by stage;\n"
        "with CODE, explain what it means and how to fix it. An unknown code is a usage\n"
        "error (exit 2).",
    )
    p.add_argument("code", nargs="?", metavar="CODE",
                   help="a code such as TL-P025 (tl-p025 and P025 work too)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="output format (default text)")
    p.set_defaults(handler=cmd_codes)


def cmd_codes(args: argparse.Namespace) -> int:
    """`trustlaw codes [CODE]`: the catalogue, or one entry of it."""
    from ..codes import CATALOGUE, find

    if args.code is None:
        if args.format == "json":
            print_json([c.to_dict() for c in CATALOGUE])
        else:
            print(list_text())
        return EXIT_OK
    entry = find(args.code)
    if entry is None:
        raise UsageError([unknown_code(args.code)])
    if args.format == "json":
        print_json(entry.to_dict())
    else:
        print(explain_text(entry))
    return EXIT_OK


def list_text() -> str:
    """Every code and its title, under a heading per stage."""
    from ..codes import CATALOGUE, STAGES, by_prefix

    out: list[str] = []
    for prefix, entries in by_prefix().items():
        name, about = STAGES[prefix]
        if out:
            out.append("")
        out.append(f"{name} (TL-{prefix}…): {about}")
        for c in entries:
            out.append(f"  {c.code}  {c.title}{_marks(c)}")
    out += ["", f"{len(CATALOGUE)} codes; `trustlaw codes CODE` explains one."]
    return "\n".join(out)


def explain_text(entry: Code) -> str:
    """One code: title, stage, what it means and how to fix it."""
    from ..codes import STAGES

    name = STAGES[entry.prefix][0]
    out = [f"{entry.code}: {entry.title}{_marks(entry)}",
           f"stage: {name} (TL-{entry.prefix}…), reported as {_a(entry.severity)}", ""]
    out += textwrap.wrap(entry.meaning, WIDTH)
    out.append("")
    out += textwrap.wrap("To fix: " + entry.fix, WIDTH)
    return "\n".join(out)


def unknown_code(text: str) -> Diagnostic:
    """The usage error for a code that is not in the catalogue, with the closest codes."""
    import difflib

    from ..codes import CATALOGUE, CODE_PATTERN, normalize

    shown = text if len(text) <= 40 else text[:40] + "…"
    wanted = normalize(text)
    close = difflib.get_close_matches(wanted, [c.code for c in CATALOGUE], n=3, cutoff=0.7)
    if close:
        hint = f"did you mean {one_of(close)}? `trustlaw codes` lists every code"
    elif not CODE_PATTERN.fullmatch(wanted):
        hint = "a code looks like `TL-P025`; `trustlaw codes` lists every code"
    else:
        hint = "`trustlaw codes` lists every code"
    return Diagnostic("TL-U019", f"there is no diagnostic code `{shown}`", None, hint)


def _marks(entry: Code) -> str:
    marks: list[str] = [entry.status] if entry.status != "active" else []
    if entry.severity == "warning":
        marks.append("warning")
    return f" ({', '.join(marks)})" if marks else ""


def _a(severity: str) -> str:
    return "a warning" if severity == "warning" else "an error"
