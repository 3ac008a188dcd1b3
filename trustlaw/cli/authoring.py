"""Statute authors' commands: `check`, `fmt`, `parse` and `test`."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..analysis.solver import INSTALL_HELP, require_solver, solver_available
from ..diagnostics import (
    Diagnostic,
    Span,
    TrustlawError,
    UsageError,
    escaped,
    sort_diagnostics,
)
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    MAX_PRINTED,
    bundled_paths,
    bundled_root,
    indent,
    law_files_at,
    path_argument,
    plural,
    print_error,
    print_json,
    read_statute_text,
    refuse_case_files,
    require_exists,
    require_law_files,
)


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `check`, `fmt`, `parse`, `test` commands to the parser."""
    p = command(
        "check", "check statute files and report every problem",
        "Parse, resolve and type-check statute files (folders are searched for .law\n"
        "files; default: the bundled library, its drafts and vocabulary included) and\n"
        "print every problem with its code, place and a help line.\n"
        "Exit 1 when there is an error; warnings alone do not fail.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="a .law file, a folder of them, or a bundled statute id or jurisdiction")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default) or json for tools")
    p.add_argument("--solver", action=argparse.BooleanOptionalAction, default=None,
                   help="also ask the z3 solver for provisions that can never apply, "
                        "conflicts and gaps (default: on when z3 is installed, "
                        "the `smt` extra)")
    p.set_defaults(handler=cmd_check)

    p = command(
        "fmt", "rewrite statute files in the canonical layout",
        "Rewrite .law files in the canonical layout, keeping comments. With --check,\n"
        "change nothing: list the files that would change and exit 1 if there are any.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a .law file or a folder of them")
    p.add_argument("--check", action="store_true",
                   help="only report files that are not formatted (exit 1 if any)")
    p.set_defaults(handler=cmd_fmt)

    p = command(
        "parse", "print the syntax tree of a statute file",
        "Parse one .law file and print its syntax tree (for debugging the language).",
    )
    p.add_argument("path", metavar="PATH", help="a .law file or a bundled statute id")
    p.add_argument("--format", choices=("json",), default="json", help="output format (json)")
    p.set_defaults(handler=cmd_parse)

    p = command(
        "test", "run the examples embedded in statute files",
        "Run every example in the given statute files (default: every bundled statute).\n"
        "Each failing example is printed with its file:line, expected vs actual, why in\n"
        "words (the part of `trustlaw explain`'s account about what failed) and the\n"
        "explanation of the decision. An example of an amended statute that the amendment\n"
        "decides otherwise (CHANGED, not a failure) gets its expected vs actual only.\n"
        "The last line is `N passed, M failed`.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="a .law file, a folder of them, or a bundled statute id or jurisdiction")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also list passing examples, and say why each CHANGED one changed")
    p.set_defaults(handler=cmd_test)


def cmd_check(args: argparse.Namespace) -> int:
    """`trustlaw check`: every diagnostic of every file, and a one-line summary."""
    from ..checker import check_paths

    # default: the library, as `test` and `verify`
    files = law_files_at(bundled_paths(args.paths) or [bundled_root()])
    diagnostics = check_paths(files)
    available = solver_available()
    solver = available if args.solver is None else args.solver
    if solver and not available:
        require_solver("`check --solver` (dead provisions, conflicts and gaps)")
    if solver:
        diagnostics = sort_diagnostics([*diagnostics, *_solver_findings(files, diagnostics)])
    skipped = None if solver else (
        "the solver checks (provisions that can never apply, conflicts, gaps) were skipped: "
        + ("z3 is not installed; " + INSTALL_HELP if not available else "--no-solver was given")
    )
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if args.format == "json":
        print_json({
            "files": [str(f) for f in files],
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.to_dict() for d in diagnostics],
            "solver_checks": "run" if skipped is None else "skipped",
        })
    else:
        for diagnostic in diagnostics[:MAX_PRINTED]:
            print(diagnostic.render(), end="\n\n", file=sys.stderr)
        if len(diagnostics) > MAX_PRINTED:
            print(f"… and {len(diagnostics) - MAX_PRINTED:,} more not shown "
                  "(`--format json` lists them all)", end="\n\n", file=sys.stderr)
        if skipped is not None and args.solver is not False:
            print(f"note: {skipped}", file=sys.stderr)
        print(_check_summary(len(files), errors, warnings))
    return EXIT_FAILED if errors else EXIT_OK


def _solver_findings(files: Sequence[Path], found: Sequence[Diagnostic]) -> list[Diagnostic]:
    """What the solver finds in each statute file that checked without errors."""
    from ..analysis.verification import solver_diagnostics
    from ..library.loader import load_path
    from ..testing.runner import is_vocabulary

    # a file in error, as named or as another file's diagnostics name it (an `amends`
    # chain names its files by their full paths)
    broken = {_same_file(d.span.file) for d in found if d.is_error and d.span is not None}
    out: list[Diagnostic] = []
    for path in files:
        if _same_file(str(path)) in broken or is_vocabulary(path):
            continue
        try:
            statute = load_path(path)
        except TrustlawError as error:  # what checking alone did not find: reported once
            out.extend(d for d in error.diagnostics if d not in found and d not in out)
            continue
        out.extend(solver_diagnostics(statute.program, statute.vocabulary))
    return out


def _same_file(name: str) -> str:
    """A file's name as one spelling, however it was given."""
    try:
        return str(Path(name).resolve())
    except (OSError, RuntimeError, ValueError):
        return name


def _check_summary(files: int, errors: int, warnings: int) -> str:
    checked = f"checked {plural(files, 'file')}"
    if not errors and not warnings:
        return f"{checked}: no problems"
    return f"{checked}: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def cmd_fmt(args: argparse.Namespace) -> int:
    """`trustlaw fmt`: rewrite files in place, or list the ones that would change. A file
    is read as `check` reads it, so a byte that is not UTF-8 is shown where it is."""
    from ..language.fmt import format_source

    changed: list[Path] = []
    failures: list[TrustlawError] = []
    files = law_files_at(args.paths)
    for path in files:
        try:
            text = _universal_newlines(read_statute_text(path))
            formatted = format_source(text, str(path))
        except UsageError:  # a FIFO or a device found in a folder stops the run
            raise
        except TrustlawError as error:
            failures.append(error)
            continue
        if formatted == text:
            continue
        changed.append(path)
        if args.check:
            print(escaped(str(path)))
        else:
            path.write_text(formatted, encoding="utf-8")
    for failure in failures:
        print_error(failure)
    # a file with errors is neither formatted nor unchanged: counted, and named above
    skipped = f", {plural(len(failures), 'file')} not formatted (errors above)" \
        if failures else ""
    if args.check:
        if changed:
            print(f"{plural(len(changed), 'file')} would be reformatted{skipped}",
                  file=sys.stderr)
        else:
            clean = len(files) - len(failures)
            print(f"{plural(clean, 'file')} already formatted{skipped}", file=sys.stderr)
    else:
        unchanged = len(files) - len(changed) - len(failures)
        print(f"reformatted {plural(len(changed), 'file')}, {unchanged} unchanged{skipped}",
              file=sys.stderr)
    return EXIT_FAILED if failures or (args.check and changed) else EXIT_OK


def _universal_newlines(text: str) -> str:
    """`text` with each CR LF or CR a line break, as a file opened as text reads it: a
    file fmt would only give other line ends is formatted already."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def cmd_parse(args: argparse.Namespace) -> int:
    """`trustlaw parse`: the syntax tree as JSON (the parser's stage, printed alone)."""
    from ..language.parser import parse

    refuse_case_files([args.path])
    path = path_argument(bundled_paths([args.path])[0])
    law = parse(read_statute_text(path), str(path))
    print_json(to_json_tree(law))
    return EXIT_OK


def to_json_tree(node: Any) -> Any:
    """A syntax node as plain JSON: ``{"node": "Provision", …fields, "span": [l, c, el, ec]}``.
    A chain of one operator (``a or b or c``, ``a implies b implies c``) is one node with
    its ``operands`` in order: the parser nests it two at a time, and a chain thousands
    long would be that deep."""
    import attrs

    from ..language import syntax

    if isinstance(node, syntax.BinOp):
        operands = syntax.chain(node) if node.op != "implies" else _implied(node)
        chained: dict[str, Any] = {"node": "BinOp", "op": node.op,
                                   "operands": [to_json_tree(operand) for operand in operands]}
        if node.span is not None:
            chained["span"] = [node.span.line, node.span.column, node.span.end_line,
                               node.span.end_column]
        return chained
    if attrs.has(type(node)):
        out: dict[str, Any] = {"node": type(node).__name__}
        for field in attrs.fields(type(node)):
            if field.name in ("source", "path"):
                continue
            value = getattr(node, field.name)
            if field.name == "span":
                if isinstance(value, Span):
                    out["span"] = [value.line, value.column, value.end_line, value.end_column]
                continue
            out[field.name] = to_json_tree(value)
        return out
    if isinstance(node, (tuple, list)):
        return [to_json_tree(item) for item in node]
    if isinstance(node, dict):
        return {str(k): to_json_tree(v) for k, v in node.items()}
    if isinstance(node, (_dt.date, _dt.datetime)):
        return node.isoformat()
    return node


def _implied(node: Any) -> list[Any]:
    """The operands of a right-nested chain of `implies`, in order."""
    from ..language import syntax

    out = []
    while isinstance(node, syntax.BinOp) and node.op == "implies":
        out.append(node.left)
        node = node.right
    return [*out, node]


def cmd_test(args: argparse.Namespace) -> int:
    """`trustlaw test`: run embedded examples; print failures and `N passed, M failed`."""
    from ..testing.runner import run_file, statute_files, summary

    paths = bundled_paths(args.paths) or [bundled_root()]
    refuse_case_files(paths)
    require_exists(paths)
    require_law_files(paths)
    results = [run_file(path) for path in statute_files(paths)]
    for result in results:
        if result.error is not None:
            print(f"FAILED: {escaped(str(result.path))} does not compile:", file=sys.stdout)
            print(indent(result.error.render()))
            print()
        for example in (*result.examples, *result.inherited):
            if not example.passed:  # each line escaped: an example's name, say, shown safely
                # a CHANGED example is what an amendment means to do: why, only with -v
                text = example.render(explain=args.verbose or not example.changed)
                print("\n".join(map(escaped, text.split("\n"))))
                print()
            elif args.verbose:
                print(f"passed: {escaped(example.statute)} example "
                      f"\"{escaped(example.name)}\" ({example.location})")
    passed, failed = summary(results)
    changed = sum(r.changed for r in results)
    if changed:
        print(f"{changed} example{'' if changed == 1 else 's'} of amended statutes "
              f"decided otherwise by the amendment (CHANGED above; not failures)")
    print(f"{passed} passed, {failed} failed")
    return EXIT_FAILED if failed else EXIT_OK
