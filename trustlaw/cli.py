"""Command line → library calls: the ``trustlaw`` command (also ``python -m trustlaw``).

Every command prints bad input as rendered diagnostics (code, sentence, file:line:column,
help), never a traceback. Exit codes: 0 success, 1 errors or failures (a statute that
does not check, a bad case, a failing example, a violated invariant, two statutes that
differ), 2 a usage error (unknown command, statute id or file), 3 a verification or a
comparison the solver could not settle.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .diagnostics import (
    CaseError,
    Diagnostic,
    Span,
    TrustlawError,
    UsageError,
    sort_diagnostics,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNKNOWN = 3
MAX_BOUND = 10  # `compare --bound`: beyond this the solver's work grows for nothing

_DESCRIPTION = """\
trustlaw: immigration-detainer law as code.

Statutes are written in the trustlaw statute language (.law files); the bundled
library covers Connecticut, California, New York City, Cook County, Santa Clara
County, Texas and the federal baseline. A statute is named by its id
(e.g. ct/pa-13-155, see `trustlaw list`) or by the path of a .law file.
"""

_EPILOG = """\
exit codes: 0 success; 1 errors or failures (for compare: a difference); 2 usage
error (unknown id, missing file); 3 a verification or comparison the solver could
not settle.

examples:
  trustlaw list
  trustlaw check statutes/
  trustlaw decide ct/pa-13-155 case.json
  trustlaw decide ca/sb54-2017 cases.jsonl --format json
  trustlaw explain ct/pa-13-155 case.json
  trustlaw test
  trustlaw verify ct/pa-19-20
  trustlaw compare ct/pa-13-155 ct/pa-19-20
"""


# ---- entry point --------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse already printed its message
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except UsageError as error:
        _print_error(error)
        return EXIT_USAGE
    except TrustlawError as error:
        _print_error(error)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `trustlaw decide … | head`
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # a bug in trustlaw, not bad input: say so plainly
        if os.environ.get("TRUSTLAW_DEBUG"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            "  = help: this is a bug in trustlaw, not in your input; rerun with "
            "TRUSTLAW_DEBUG=1 to see the traceback and report it",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _print_error(error: TrustlawError) -> None:
    print(error.render(), file=sys.stderr)


# ---- the parser ------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser for every trustlaw command."""
    parser = argparse.ArgumentParser(
        prog="trustlaw",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trustlaw {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = command(
        "check", "check statute files and report every problem",
        "Parse, resolve and type-check statute files (folders are searched for .law\n"
        "files) and print every problem with its code, place and a help line.\n"
        "Exit 1 when there is an error; warnings alone do not fail.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a .law file or a folder of them")
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
    p.add_argument("path", metavar="PATH", help="a .law file")
    p.add_argument("--format", choices=("json",), default="json", help="output format (json)")
    p.set_defaults(handler=cmd_parse)

    case_help = ("a JSON case file, a .jsonl file of one case per line, or - to read "
                 "stdin (a JSON case or JSON lines)")
    p = command(
        "decide", "decide a case (or many) under a statute",
        "Decide a case under a statute: the four outcomes (hold, notification,\n"
        "transfer, interview), the longest hold, duties, grounds with citations, and\n"
        "which unknown facts each undetermined outcome depends on. A .jsonl file (or\n"
        "JSON lines on stdin) is decided line by line, printing one JSON decision per\n"
        "line; a bad line is reported with its line number and the others still run.",
    )
    p.add_argument("statute", metavar="ID",
                   help="a statute id (see `trustlaw list`) or a .law file")
    p.add_argument("case", metavar="CASE", help=case_help)
    p.add_argument("--format", choices=("text", "json"), default=None,
                   help="text (default for one case) or json (default for JSON lines)")
    p.add_argument("--backend", choices=("compiled", "interpreter"), default="compiled",
                   help="compiled Python (default, fast) or the reference interpreter")
    p.set_defaults(handler=cmd_decide)

    p = command(
        "explain", "explain a decision in plain English",
        "Decide a case and explain the result: which provisions applied, on which facts,\n"
        "and what is still unknown.",
    )
    p.add_argument("statute", metavar="ID", help="a statute id or a .law file")
    p.add_argument("case", metavar="CASE", help="a JSON case file, or - for stdin")
    p.set_defaults(handler=cmd_explain)

    p = command(
        "compile", "print the code generated for a statute",
        "Print the source code generated for a statute (the compiled decide function).",
    )
    p.add_argument("statute", metavar="ID", help="a statute id or a .law file")
    p.add_argument("--target", choices=("python", "sql"), default="python", help="target language")
    p.add_argument("--dialect", choices=("duckdb", "spark", "postgres"), default="duckdb",
                   help="SQL dialect of --target sql (default duckdb)")
    p.set_defaults(handler=cmd_compile)

    p = command(
        "schema", "print the JSON Schema of the case format",
        "Print a JSON Schema (draft 2020-12) of the case format, generated from the vocabulary.",
    )
    p.add_argument("what", choices=("case",), help="which schema (case)")
    p.set_defaults(handler=cmd_schema)

    p = command(
        "test", "run the examples embedded in statute files",
        "Run every example in the given statute files (default: every bundled statute).\n"
        "Each failing example is printed with its file:line, expected vs actual and the\n"
        "explanation of the decision; the last line is `N passed, M failed`.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="a .law file or a folder of them")
    p.add_argument("-v", "--verbose", action="store_true", help="also list passing examples")
    p.set_defaults(handler=cmd_test)

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
        "every case alike, 1 when they differ, 3 when the solver could not settle a\n"
        "question and found no difference.",
    )
    p.add_argument("a", metavar="A", help="a statute id or a .law file (e.g. current law)")
    p.add_argument("b", metavar="B", help="a statute id or a .law file (e.g. the proposal)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--bound", type=_bound, default=3, metavar="N",
                   help="the most elements per list the solver considers (default 3)")
    p.set_defaults(handler=cmd_compare)

    p = command(
        "list", "list the bundled statutes",
        "List the bundled statutes with their status and dates.",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(handler=cmd_list)

    p = command(
        "docs", "build the documentation site",
        "Generate a page per bundled statute (docs/laws/) and build the site with mkdocs.",
    )
    docs = p.add_subparsers(title="actions", metavar="ACTION")
    b = docs.add_parser(
        "build", help="generate the statute pages, then run `mkdocs build`",
        description="Generate docs/laws/*.md from the bundled statutes, then build the site.",
    )
    b.add_argument("--out", default="site_docs", help="where the site goes (default: site_docs)")
    b.add_argument("--config", default="mkdocs.yml", help="the mkdocs configuration file")
    b.add_argument("--strict", action="store_true", help="fail on any mkdocs warning")
    b.set_defaults(handler=cmd_docs_build)
    g = docs.add_parser(
        "generate", help="only generate the statute pages (docs/laws/*.md)",
        description="Write docs/laws/<id>.md for every bundled statute and docs/laws/index.md.",
    )
    g.add_argument("--docs-dir", default="docs", help="the documentation folder (default: docs)")
    g.set_defaults(handler=cmd_docs_generate)
    docs_parser = p
    p.set_defaults(handler=lambda _args: _help_of(docs_parser))
    return parser


def _help_of(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _version() -> str:
    from . import __version__

    return __version__


# ---- check, fmt, parse ------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    """`trustlaw check`: every diagnostic of every file, and a one-line summary."""
    from .checker import check_paths

    files = _law_files(args.paths)
    diagnostics = check_paths(files)
    solver = _z3_available() if args.solver is None else args.solver
    if solver and not _z3_available():
        raise UsageError([Diagnostic(
            "TL-U006", "the solver checks need z3, which is not installed",
            help="install the `smt` extra: pip install 'trustlaw[smt]'",
        )])
    if solver:
        diagnostics = sort_diagnostics([*diagnostics, *_solver_findings(files, diagnostics)])
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if args.format == "json":
        _print_json({
            "files": [str(f) for f in files],
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.to_dict() for d in diagnostics],
        })
    else:
        for diagnostic in diagnostics:
            print(diagnostic.render(), end="\n\n", file=sys.stderr)
        print(_check_summary(len(files), errors, warnings))
    return EXIT_FAILED if errors else EXIT_OK


def _z3_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("z3") is not None


def _solver_findings(files: Sequence[Path], found: Sequence[Diagnostic]) -> list[Diagnostic]:
    """What the solver finds in each statute file that checked without errors."""
    from .loader import load_path
    from .testing.runner import is_vocabulary
    from .verification import solver_diagnostics

    broken = {d.span.file for d in found if d.is_error and d.span is not None}
    out: list[Diagnostic] = []
    for path in files:
        if str(path) in broken or is_vocabulary(path):
            continue
        statute = load_path(path)
        out.extend(solver_diagnostics(statute.program, statute.vocabulary))
    return out


def _check_summary(files: int, errors: int, warnings: int) -> str:
    checked = f"checked {_plural(files, 'file')}"
    if not errors and not warnings:
        return f"{checked}: no problems"
    return f"{checked}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def cmd_fmt(args: argparse.Namespace) -> int:
    """`trustlaw fmt`: rewrite files in place, or list the ones that would change."""
    from .fmt import format_source

    changed: list[Path] = []
    failures: list[TrustlawError] = []
    files = _law_files(args.paths)
    for path in files:
        text = _read_text(path)
        try:
            formatted = format_source(text, str(path))
        except TrustlawError as error:
            failures.append(error)
            continue
        if formatted == text:
            continue
        changed.append(path)
        if args.check:
            print(path)
        else:
            path.write_text(formatted, encoding="utf-8")
    for failure in failures:
        _print_error(failure)
    if args.check:
        if changed:
            print(f"{_plural(len(changed), 'file')} would be reformatted", file=sys.stderr)
        else:
            print(f"{_plural(len(files), 'file')} already formatted", file=sys.stderr)
    else:
        unchanged = len(files) - len(changed) - len(failures)
        print(f"reformatted {_plural(len(changed), 'file')}, {unchanged} unchanged",
              file=sys.stderr)
    return EXIT_FAILED if failures or (args.check and changed) else EXIT_OK


def cmd_parse(args: argparse.Namespace) -> int:
    """`trustlaw parse`: the syntax tree as JSON (the parser's stage, printed alone)."""
    from .parser import parse

    path = Path(args.path)
    law = parse(_read_text(path), str(path))
    _print_json(to_json_tree(law))
    return EXIT_OK


def to_json_tree(node: Any) -> Any:
    """A syntax node as plain JSON: ``{"node": "Provision", …fields, "span": [l, c, el, ec]}``."""
    import attrs

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


# ---- decide, explain, compile, schema -----------------------------------------------


def cmd_decide(args: argparse.Namespace) -> int:
    """`trustlaw decide`: one case as text or JSON, or JSON lines one decision per line."""
    statute = _load(args.statute)
    name = "<stdin>" if args.case == "-" else args.case
    if args.case.endswith((".jsonl", ".ndjson")):
        with _open_text(Path(args.case)) as stream:
            return _decide_lines(statute, stream, name, args)
    if args.case == "-":
        seen, is_lines = _peek_json_lines(sys.stdin)
        if is_lines:
            return _decide_lines(statute, itertools.chain(seen, sys.stdin), name, args)
        source = "".join(seen) + sys.stdin.read()
    else:
        source = _read_text(Path(args.case))
    decision = statute.decide(_parse_case(source, name), backend=args.backend)
    if args.format == "json":
        print(decision.to_json())
    else:
        print(render_decision(decision))
    return EXIT_OK


def _decide_lines(
    statute: Any, lines: Iterable[str], name: str, args: argparse.Namespace
) -> int:
    """Decide one case per line as the lines arrive; report bad lines and keep going."""
    bad = 0
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                decision = statute.decide(_parse_case(line, name, line=number),
                                          backend=args.backend)
            except CaseError as error:
                bad += 1
                print(f"{name}:{number}: this case is not valid:", file=sys.stderr)
                print(_indent(error.render()), file=sys.stderr)
                continue
            if args.format == "text":
                print(f"--- {name}:{number}")
                print(render_decision(decision))
            else:
                print(decision.to_json(indent=None))
            sys.stdout.flush()
    except UnicodeDecodeError:
        raise UsageError([_not_text(name)]) from None
    return EXIT_FAILED if bad else EXIT_OK


def _peek_json_lines(stream: IO[str]) -> tuple[list[str], bool]:
    """Read stdin until it is clear whether it holds JSON lines (a first line that is a
    whole JSON object, then another case) or one JSON value; return the lines read."""
    seen: list[str] = []
    first_found = False
    for line in stream:
        seen.append(line)
        if not line.strip():
            continue
        if first_found:
            return seen, True
        try:
            first = json.loads(line)
        except json.JSONDecodeError:
            return seen, False
        if not isinstance(first, dict):
            return seen, False
        first_found = True
    return seen, False


def cmd_explain(args: argparse.Namespace) -> int:
    """`trustlaw explain`: the decision in plain English."""
    statute = _load(args.statute)
    if args.case == "-":
        name, source = "<stdin>", sys.stdin.read()
    else:
        name, source = args.case, _read_text(Path(args.case))
    print(statute.explain(_parse_case(source, name)))
    return EXIT_OK


def cmd_compile(args: argparse.Namespace) -> int:
    """`trustlaw compile`: the generated source."""
    if args.target == "sql":
        from .backends.sql import compile_sql

        print(compile_sql(_load(args.statute).program, args.dialect))
        return EXIT_OK
    print(_load(args.statute).compile(args.target), end="")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """`trustlaw schema case`: the JSON Schema of a case."""
    from .cases import json_schema
    from .vocabulary import default_vocabulary

    _print_json(json_schema(default_vocabulary()))
    return EXIT_OK


def render_decision(decision: Any, width: int = 96) -> str:
    """A decision as text: outcomes with their grounds, hold limit, duties, open facts."""
    import textwrap

    def wrapped(text: str, indent: str, hanging: str = "") -> list[str]:
        return textwrap.wrap(
            text, width, initial_indent=indent, subsequent_indent=indent + hanging
        )

    lines = [f"{decision.statute}: {decision.program.meta.title}"]
    column = max(len(o) for o in decision.outcomes)
    for outcome, result in decision.outcomes.items():
        lines.append(f"  {outcome:<{column}}  {result}")
        for ground in decision.grounds.get(outcome, ()):
            label = f"{ground.provision}, " if ground.provision else ""
            lines.extend(wrapped(f"{label}{ground.citation}: {ground.text}", " " * 6))
    if decision.max_hold is None:
        lines.append("max hold: none (no hold may happen)")
    else:
        lines.extend(wrapped(f"max hold: {describe_max_hold(decision.max_hold)}", "", "  "))
    if decision.duties:
        lines.append("duties:")
        for duty in decision.duties:
            lines.extend(wrapped(f"- {duty.id} ({duty.citation}): {duty.text}", "  ", "  "))
    if decision.depends_on:
        lines.append("depends on (unknown facts that would settle it):")
        lines.extend(f"  {k}: {', '.join(v)}" for k, v in decision.depends_on.items())
    lines.append(f"digest: {decision.digest}")
    return "\n".join(lines)


def describe_max_hold(max_hold: Any) -> str:
    """``48 hours excluding saturday, sunday, federal_holiday (holidays on their actual dates)``."""
    text = f"{max_hold.hours} hours"
    if max_hold.excluding:
        text += " excluding " + ", ".join(max_hold.excluding)
        if "federal_holiday" in max_hold.excluding:
            text += (
                " (holidays on their actual dates)" if max_hold.holidays == "actual"
                else " (holidays and their observed weekdays)"
            )
    if max_hold.citation:
        text += f"; {max_hold.citation}"
    return text


# ---- test, verify, list, docs ----------------------------------------------------------


def cmd_test(args: argparse.Namespace) -> int:
    """`trustlaw test`: run embedded examples; print failures and `N passed, M failed`."""
    from .testing.runner import run_file, statute_files, summary

    paths = args.paths or [_bundled_root()]
    _require_exists(paths)
    results = [run_file(path) for path in statute_files(paths)]
    for result in results:
        if result.error is not None:
            print(f"FAILED: {result.path} does not compile:", file=sys.stdout)
            print(_indent(result.error.render()))
            print()
        for example in result.examples:
            if not example.passed:
                print(example.render(explain=True))
                print()
            elif args.verbose:
                print(f"passed: {example.statute} example \"{example.name}\" ({example.location})")
    passed, failed = summary(results)
    print(f"{passed} passed, {failed} failed")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """`trustlaw verify`: prove each statute's invariants (0 proved, 1 violated, 3 unknown)."""
    from .verification import verify_program

    statutes = _statutes_for(args.refs)
    reports: list[dict[str, Any]] = []
    worst = EXIT_OK
    for statute in statutes:
        results = verify_program(statute.program)
        for result in results:
            code = verify_exit_code(result)
            worst = max(worst, code, key=_verify_rank)
            if args.format == "json":
                reports.append(result.to_dict())
            else:
                print(result.render())
        if args.format == "text" and not results:
            print(f"{statute.id}: no invariants")
    if args.format == "json":
        _print_json(reports)
    return worst


def cmd_compare(args: argparse.Namespace) -> int:
    """`trustlaw compare`: where two statutes differ (0 equivalent, 1 different, 3 unknown)."""
    from .comparison import compare

    comparison = compare(_load(args.a), _load(args.b), bound=args.bound)
    if args.format == "json":
        _print_json(comparison.to_dict())
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


def cmd_list(args: argparse.Namespace) -> int:
    """`trustlaw list`: bundled statutes with status and dates."""
    from .loader import bundled_index, load_path

    statutes = [load_path(path) for path in bundled_index().values()]
    if args.format == "json":
        _print_json([
            {
                "id": s.id,
                "title": s.meta.title,
                "status": s.meta.status,
                "jurisdiction": s.meta.jurisdiction,
                "citation": s.meta.citation,
                **{
                    key: (value.isoformat() if value else None)
                    for key, value in (
                        ("introduced", s.meta.introduced),
                        ("enacted", s.meta.enacted),
                        ("in_force", s.meta.in_force),
                        ("superseded", s.meta.superseded),
                    )
                },
            }
            for s in statutes
        ])
        return EXIT_OK
    rows = [("id", "status", "in force", "until", "title")]
    for s in statutes:
        rows.append((
            s.id,
            s.meta.status,
            s.meta.in_force.isoformat() if s.meta.in_force else "-",
            s.meta.superseded.isoformat() if s.meta.superseded else "-",
            s.meta.title,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return EXIT_OK


def cmd_docs_build(args: argparse.Namespace) -> int:
    """`trustlaw docs build`: generate the statute pages, then run mkdocs."""
    import subprocess

    from .docgen import generate

    config = Path(args.config)
    if not config.is_file():
        raise UsageError([
            Diagnostic(
                "TL-U005", f"there is no mkdocs configuration `{config}`", None,
                "run this in the trustlaw source folder, or pass --config path/to/mkdocs.yml",
            )
        ])
    docs_dir = config.resolve().parent / "docs"
    written = generate(docs_dir)
    print(f"generated {_plural(len(written), 'file')} in {docs_dir}", file=sys.stderr)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config.resolve()),
               "--site-dir", str(Path(args.out).resolve())]
    if args.strict:
        command.append("--strict")
    try:
        env = {**os.environ}
        env.setdefault("NO_MKDOCS_2_WARNING", "1")
        # mkdocs resolves some paths (snippets) from the working folder: use the config's.
        completed = subprocess.run(
            command, check=False, env=env, cwd=config.resolve().parent
        )
    except OSError as error:
        raise UsageError([
            Diagnostic("TL-U007", f"mkdocs could not be run: {error}", None,
                       "install the docs extra: pip install 'trustlaw[docs]'")
        ]) from None
    return EXIT_OK if completed.returncode == 0 else EXIT_FAILED


def cmd_docs_generate(args: argparse.Namespace) -> int:
    """`trustlaw docs generate`: only the statute pages."""
    from .docgen import generate

    docs_dir = Path(args.docs_dir)
    written = generate(docs_dir)
    print(f"generated {_plural(len(written), 'file')} in {docs_dir}", file=sys.stderr)
    return EXIT_OK


# ---- helpers ------------------------------------------------------------------------------


def _load(ref: str) -> Any:
    from .loader import load

    return load(ref)


def _bundled_root() -> str:
    from .vocabulary import statutes_root

    return str(statutes_root())


def _statutes_for(refs: Sequence[str]) -> list[Any]:
    """Statutes named by ids, files or folders (default: every bundled statute)."""
    from .loader import bundled_index, load, load_path
    from .testing.runner import statute_files

    if not refs:
        return [load_path(path) for path in bundled_index().values()]
    out: list[Any] = []
    for ref in refs:
        if Path(ref).is_dir():
            out.extend(load_path(path) for path in statute_files([ref]))
        else:
            out.append(load(ref))
    return out


def _require_exists(paths: Sequence[str | Path]) -> None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError([_no_such_file(p) for p in missing])


def _no_such_file(path: str | Path) -> Diagnostic:
    return Diagnostic("TL-U005", f"there is no file or folder `{path}`", None,
                      "check the path (it is relative to the current folder)")


def _law_files(paths: Sequence[str]) -> list[Path]:
    """The .law files named or inside the named folders (vocabularies included)."""
    from .checker import law_files

    _require_exists(paths)
    return law_files(paths)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError([_no_such_file(path)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError([
            Diagnostic("TL-U005", f"`{path}` could not be read: {_reason(error)}", None,
                       "give a readable UTF-8 text file")
        ]) from None


def _reason(error: BaseException) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


@contextlib.contextmanager
def _open_text(path: Path) -> Iterator[IO[str]]:
    """A text file opened for streaming; a missing or unreadable file is a usage error."""
    try:
        stream = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError([_no_such_file(path)]) from None
    except OSError as error:
        raise UsageError([
            Diagnostic("TL-U005", f"`{path}` could not be read: {_reason(error)}", None,
                       "give a readable UTF-8 text file")
        ]) from None
    with stream:
        yield stream


def _not_text(name: str) -> Diagnostic:
    return Diagnostic("TL-U005", f"`{name}` is not UTF-8 text", None,
                      "save the file as UTF-8 (JSON files always are)")


def _parse_case(text: str, name: str, line: int | None = None) -> Any:
    """JSON text → a case dict; bad JSON is a located `CaseError`. With `line`, the text
    is that line of a JSON-lines input (the caller reports the line number)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if line is not None:
            raise CaseError([
                Diagnostic("TL-C000", f"the case is not valid JSON at column {error.colno}: "
                           f"{error.msg}", None, "each line must be one JSON object")
            ]) from None
        span = Span(name, error.lineno, error.colno, error.lineno, error.colno + 1)
        raise CaseError(
            [Diagnostic("TL-C000", f"the case is not valid JSON: {error.msg}", span,
                        "a case is one JSON object, e.g. {\"date\": \"2015-03-02\"}")],
            {name: text},
        ) from None
    if not isinstance(value, dict):
        from .cases import describe

        raise CaseError([
            Diagnostic("TL-C000", f"a case is a JSON object, not {describe(value)}", None,
                       "write the facts as {\"field\": value, …}; see `trustlaw schema case`")
        ])
    return value


def _print_json(value: object, stream: IO[str] | None = None) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False), file=stream or sys.stdout)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["build_parser", "main", "render_decision", "to_json_tree"]
