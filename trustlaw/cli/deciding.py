"""Deciding cases: `decide`, `explain`, `compile` and `schema`."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..caseload.words import not_utf8
from ..dates import days_kept_whole
from ..diagnostics import CaseError, Diagnostic, UsageError, escaped, shown_name
from ..library.choosing import StatuteChooser, parse_on
from .common import (
    BOM,
    EXIT_FAILED,
    EXIT_OK,
    case_file_as_statute,
    indent,
    is_case_file,
    load_statute,
    not_text,
    open_text,
    parse_case_json,
    path_argument,
    print_json,
    read_case_text,
)

# printed before the query of `compile --target sql` (a comment in every dialect)
SQL_NOTE = """\
-- trustlaw: one row per case and statute (docs/batch.md, "trustlaw compile --target sql").
-- max_hold_hours is a decision's max_hold.hours: the least of the statute's own limit,
-- the request's (request.hours_requested; none where it asks for no hold) and the
-- federal regulation's 48 hours (8 C.F.R. 287.7(d)); null where the hold is prohibited.
"""


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `decide`, `explain`, `compile`, `schema` commands to the parser."""
    case_help = ("a JSON case file, a .jsonl file of one case per line, or - to read "
                 "stdin (a JSON case or JSON lines; a pipe such as <(zcat cases.gz) is "
                 "read the same way)")
    p = command(
        "decide", "decide a case (or many) under one or more statutes",
        "Decide a case under a statute: the four outcomes (hold, notification,\n"
        "transfer, interview), the longest hold, duties, grounds with citations, and\n"
        "which unknown facts each undetermined outcome depends on. A .jsonl file (or\n"
        "JSON lines on stdin) is decided line by line, writing exactly one line per\n"
        "input line: the decision, or the line's error (also reported on stderr with\n"
        "its line number; the other lines still run). Several IDs decide each case,\n"
        "validated once, under each statute (see docs/cli.md for the output shapes).\n"
        "--explain adds to each decision the account `trustlaw explain` prints.",
    )
    p.add_argument("statute", metavar="ID", nargs="+",
                   help="a statute id (see `trustlaw list`), a .law file, or a jurisdiction "
                   "(e.g. ct: each case under the version in force on its date); "
                   "several are allowed")
    p.add_argument("case", metavar="CASE", help=case_help)
    p.add_argument("--on", metavar="DATE", default=None,
                   help="with a jurisdiction, decide every case under its law in force on "
                   "DATE (YYYY-MM-DD) instead of on each case's date")
    p.add_argument("--format", choices=("text", "json"), default=None,
                   help="text (default for one case) or json (default for JSON lines)")
    p.add_argument("--backend", choices=("compiled", "interpreter"), default="compiled",
                   help="compiled Python (default, fast) or the reference interpreter")
    p.add_argument("--explain", action="store_true",
                   help="after each decision, the plain-English account `trustlaw explain` "
                   "prints (one per statute); with --format json, as each decision's "
                   "\"explanation\" field")
    p.set_defaults(handler=cmd_decide)

    p = command(
        "explain", "explain a decision in plain English",
        "Decide a case and explain the result: which provisions applied, on which facts,\n"
        "and what is still unknown. Facts are named in the vocabulary's words (\"whether\n"
        "the person is a United States citizen\"); a fact still to give is followed by\n"
        "its path in the case (person.us_citizen), which says what to fill in.",
    )
    p.add_argument("statute", metavar="ID",
                   help="a statute id, a .law file, or a jurisdiction (the version in force "
                   "on the case's date)")
    p.add_argument("case", metavar="CASE", help="a JSON case file, or - for stdin")
    # more names than ID and CASE: several statutes, which `decide` takes and `explain`
    # does not (argparse alone blamed the case file as an "unrecognized argument")
    p.add_argument("more", nargs="*", help=argparse.SUPPRESS)
    p.add_argument("--on", metavar="DATE", default=None,
                   help="with a jurisdiction, the law in force on DATE instead of the case's")
    p.add_argument("--paths", action="store_true",
                   help="name every fact by its path in the case (convictions[0].tags) and "
                   "every value as the case writes it, as Decision.explain() and the "
                   "service's explanation do")
    p.set_defaults(handler=cmd_explain)

    p = command(
        "compile", "print the code generated for a statute",
        "Print the source code generated for a statute (the compiled decide function).",
    )
    p.add_argument("statute", metavar="ID", help="a statute id or a .law file")
    p.add_argument("--target", choices=("python", "sql"), default="python",
                   help="what to generate: python (the default) or sql (the `sql` extra)")
    p.add_argument("--dialect", choices=("duckdb", "spark", "postgres"), default=None,
                   help="SQL dialect of --target sql (default duckdb)")
    p.set_defaults(handler=cmd_compile)

    p = command(
        "schema", "print the JSON Schema of a case or of a decision, the SQL tables, or "
        "the CSV header",
        "Print a JSON Schema (draft 2020-12): of the case format (generated from the\n"
        "vocabulary), or of the decision format; or, with `tables`, the CREATE TABLE\n"
        "statements of the case tables the query of `compile --target sql` reads; or,\n"
        "with `csv`, the header line of a CSV file of cases: every column `batch` reads\n"
        "(a record's fields by their dotted path, a list as one column of JSON).",
    )
    p.add_argument("what", metavar="{case,decision,tables,csv}", nargs="?", default="case",
                   choices=("case", "decision", "tables", "csv"),
                   help="which schema: case (the default), decision, tables, or csv")
    p.add_argument("--dialect", choices=("duckdb", "spark", "postgres"), default=None,
                   help="SQL dialect of `tables` (default duckdb)")
    p.set_defaults(handler=cmd_schema)


def _in_order(command: str, statutes: list[str], case: str) -> None:
    """Refuse a case file given where a statute goes, or a statute file as the case, with
    the order the command takes (before either is read, so no statute or JSON error
    points into the wrong file). Several case files are refused as such: the command
    takes one, and several cases go in one file of JSON lines."""
    usage = f"trustlaw {command} ID{'…' if command == 'decide' else ''} CASE"
    misplaced = [ref for ref in statutes if is_case_file(ref)]
    if misplaced and is_case_file(case):
        ids = " ".join(shown_name(ref) for ref in statutes if not is_case_file(ref)) or "ID"
        raise UsageError([Diagnostic(
            "TL-U025", f"`{shown_name(misplaced[0])}` is a case file, given as a statute: "
            f"`trustlaw {command}` takes one case file, after the statute"
            f"{'s' if command == 'decide' else ''}", None,
            "several cases go in one .jsonl file, one JSON object per line (JSON lines): "
            f"`trustlaw decide {ids} cases.jsonl`, or `trustlaw batch {ids} --cases "
            "cases.jsonl --out FILE` (in Python, `trustlaw.decide_many`)")])
    order = f"the statutes come first and the case file last: `{usage}`"
    if misplaced:
        raise UsageError([case_file_as_statute(misplaced[0], order)])
    if case.lower().endswith(".law"):
        raise UsageError([Diagnostic(
            "TL-U025", f"`{shown_name(case)}` is a statute file, given as the case", None,
            order)])


def cmd_decide(args: argparse.Namespace) -> int:
    """`trustlaw decide`: one case as text or JSON, or JSON lines one output line per line."""
    _in_order("decide", args.statute, args.case)
    on = parse_on(args.on)
    statutes = [StatuteChooser(ref, on) for ref in args.statute]
    name = "<stdin>" if args.case == "-" else args.case
    if args.case.endswith((".jsonl", ".ndjson")):
        with open_text(path_argument(args.case)) as stream:
            return _decide_lines(statutes, bounded_lines(stream, _max_case_chars()), name,
                                 args, streaming=False)
    if args.case == "-":
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if callable(reconfigure):  # a line that is not UTF-8 is that line's error
            reconfigure(errors="surrogateescape")
        source_or_exit = _decide_stream(statutes, sys.stdin, name, args)
    elif _is_pipe(args.case):  # `<(…)` or a named pipe: read once, as stdin is
        with open_text(path_argument(args.case)) as stream:
            source_or_exit = _decide_stream(statutes, stream, name, args)
    else:
        source_or_exit = read_case_text(path_argument(args.case), _max_case_chars())
    if isinstance(source_or_exit, int):
        return source_or_exit
    from ..cases.case import validate_case
    from .lines import decide_each

    case = parse_case_json(source_or_exit, name)
    if len(statutes) > 1:  # the case is checked once; a statute that cannot decide it is
        case = validate_case(case, statutes[0].vocabulary)  # named beside the others
    decisions = decide_each(statutes, case, args.backend)
    undecided = {i: d for i, d in enumerate(decisions) if isinstance(d, CaseError)}
    for i, error in undecided.items():
        print(f"{escaped(name)}: not decided under {escaped(statutes[i].ref)}:",
              file=sys.stderr)
        print(indent(error.render()), file=sys.stderr)
    _print_decisions(decisions, statutes, args.format == "json", args.explain)
    return EXIT_FAILED if undecided else EXIT_OK


def explainers(statutes: list[StatuteChooser]) -> list[Callable[[Any], str]]:
    """Per statute, its decisions' account with the facts in the vocabulary's words: what
    `trustlaw explain` prints (`Statute.explain(case, in_words=True)`), made of the
    decision already made rather than deciding the case again."""
    from ..decisions.explain import explain
    from ..decisions.fact_words import PlainFacts

    def explainer(words: PlainFacts) -> Callable[[Any], str]:
        return lambda decision: explain(decision, words)

    return [explainer(PlainFacts(statute.vocabulary)) for statute in statutes]


def _print_decisions(decisions: list[Any], statutes: list[StatuteChooser], as_json: bool,
                     explain: bool) -> None:
    """One case's decisions, one per statute: in text one after the other (each followed by
    its account with ``--explain``), in JSON the decision itself for one statute, else
    ``{"decisions": [...]}`` (each with its account as ``"explanation"``). A statute that
    could not decide the case (a `CaseError`, said on standard error) is an error entry in
    JSON and left out of the text."""
    from .lines import statute_error, with_explanation

    accounts = explainers(statutes) if explain else None
    if not as_json:
        print("\n\n".join(
            render_decision(d) + (f"\n\n{accounts[i](d).rstrip()}" if accounts else "")
            for i, d in enumerate(decisions) if not isinstance(d, CaseError)))
    elif len(decisions) == 1 and accounts is None:
        print(decisions[0].to_json())
    else:
        objects = [statute_error(statutes[i].ref, d) if isinstance(d, CaseError)
                   else with_explanation(d, accounts[i](d)) if accounts else d.to_dict()
                   for i, d in enumerate(decisions)]
        print_json(objects[0] if len(objects) == 1 else {"decisions": objects})


def _decide_lines(
    statutes: list[Any], lines: Iterable[str], name: str, args: argparse.Namespace,
    *, streaming: bool,
) -> int:
    """Decide one case per line as the lines arrive, one output line per input line."""
    from .lines import decide_lines

    bad = decide_lines(
        statutes, lines, name, backend=args.backend, text=args.format == "text",
        stream=streaming, render=render_decision,
        explainers=explainers(statutes) if args.explain else None,
    )
    return EXIT_FAILED if bad else EXIT_OK


def _decide_stream(statutes: list[Any], stream: IO[str], name: str,
                   args: argparse.Namespace) -> str | int:
    """Stdin or a pipe, read once: JSON lines are decided as they come (the exit code is
    returned); one JSON case is returned as its text."""
    limit = _max_case_chars()
    lines = bounded_lines(stream, limit)
    seen, is_lines = _peek_json_lines(_without_bom(lines))
    if not is_lines and args.format == "json" and _one_object_line(seen):
        # a program piping however many cases are pending, one of them now: its one line
        # in gives one line out, as two lines give two (never an indented document)
        is_lines = True
    if is_lines:
        return _decide_lines(statutes, itertools.chain(seen, lines), name, args,
                             streaming=True)
    source = "".join(seen)
    source += stream.read(max(0, limit + 1 - len(source)))  # enough to say it is too long
    if not_utf8(source) is not None:  # as a case file that is not UTF-8 is refused
        raise UsageError([not_text(name)])
    return source


def bounded_lines(stream: IO[str], limit: int) -> Iterator[str]:
    """The lines of `stream`, each read at most `limit` + 1 characters at a time: a line
    longer than a case may be is given cut there (its reader then says it is too long)
    and the rest of it is skipped, so input without line breaks (``/dev/zero``, a
    sparse file) never fills memory."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        yield line
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(1 << 16)) and not rest.endswith("\n"):
                pass


def _is_pipe(name: str) -> bool:
    from ..caseload.piped import is_pipe  # here: `trustlaw decide` of a file never needs it

    return is_pipe(name)


def _max_case_chars() -> int:
    from ..cases.limits import MAX_CASE_CHARS  # here: `trustlaw.cases` is not cheap to import

    return MAX_CASE_CHARS


def _without_bom(lines: Iterable[str]) -> Iterable[str]:
    """`lines` with a byte-order mark at the start of the first one dropped (stdin as a
    case file: the mark is skipped there too)."""
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        return iterator
    return itertools.chain([first.removeprefix(BOM)], iterator)


def _one_object_line(seen: list[str]) -> bool:
    """Whether standard input, read to its end (`seen`), held one line and it is a JSON
    object on that line (`{…}`), well formed or not."""
    filled = [line for line in seen if line.strip()]
    return (len(filled) == 1 and filled[0].lstrip().startswith("{")
            and filled[0].rstrip().endswith("}"))


def _peek_json_lines(stream: Iterable[str]) -> tuple[list[str], bool]:
    """Read stdin until it is clear whether it holds JSON lines (a first line that is a
    whole JSON object, then another case) or one JSON value; return the lines read."""
    from ..cases.json_text import read_case_json

    seen: list[str] = []
    first_found = False
    for line in stream:
        seen.append(line)
        if not line.strip():
            continue
        if first_found:
            return seen, True
        try:
            first = read_case_json(line, "<stdin>", line=1)
        except CaseError:
            return seen, False
        if not isinstance(first, dict):
            return seen, False
        first_found = True
    return seen, False


def cmd_explain(args: argparse.Namespace) -> int:
    """`trustlaw explain`: the decision in plain English."""
    if args.more:
        names = [args.statute, args.case, *args.more]
        raise UsageError([Diagnostic(
            "TL-U018", f"explain takes one statute and one case, and was given "
            f"{len(names)} names: {', '.join(f'`{shown_name(n)}`' for n in names[:6])}"
            f"{', …' if len(names) > 6 else ''}", None, _explain_one(names))])
    _in_order("explain", [args.statute], args.case)
    chooser = StatuteChooser(args.statute, parse_on(args.on))
    if args.case == "-":
        name, source = "<stdin>", sys.stdin.read(_max_case_chars() + 2).removeprefix(BOM)
    else:
        name, source = args.case, read_case_text(path_argument(args.case), _max_case_chars())
        lines = sum(1 for line in source.splitlines() if line.strip())
        if Path(name).suffix.lower() in (".jsonl", ".ndjson") and lines > 1:
            # only the file's first characters were read: the count is of their lines
            cut = len(source) > _max_case_chars()
            counted = f"more than {lines - 1:,}" if cut else f"{lines:,}"
            raise UsageError([Diagnostic(
                "TL-U018", f"explain takes one case, and `{shown_name(name)}` holds "
                f"{counted} lines of cases", None,
                f"decide them all with `trustlaw decide {args.statute} {name}`, or explain "
                f"one: `sed -n 2p {name} | trustlaw explain {args.statute} -`")])
    case = parse_case_json(source, name)
    print(chooser(case).explain(case, in_words=not args.paths))
    return EXIT_OK


def _explain_one(names: list[str]) -> str:
    """What to run instead of `explain` with more than two names: `decide` with several
    statutes and the one case, or, given several case files, one explain at a time and a
    file of JSON lines for `decide` (which takes one case file)."""
    cases = [n for n in names if is_case_file(n) or n == "-"] or [names[-1]]
    statutes = [shown_name(n) for n in names if n not in cases] or ["ID"]
    one = f"`trustlaw explain {statutes[0]} {shown_name(cases[0])}`"
    if len(cases) == 1:
        return (f"to see several laws' decisions: `trustlaw decide {' '.join(statutes)} "
                f"{shown_name(cases[0])}`; to explain one: {one}")
    return (f"explain one case at a time: {one}; to decide several, put them in one .jsonl "
            f"file, one JSON object per line (JSON lines): `trustlaw decide "
            f"{' '.join(statutes)} cases.jsonl`")


def cmd_compile(args: argparse.Namespace) -> int:
    """`trustlaw compile`: the generated source (Python, or SQL in a dialect)."""
    if args.target != "sql" and args.dialect is not None:
        raise UsageError([Diagnostic(
            "TL-U025", f"--dialect {args.dialect} applies to SQL, not to --target "
            f"{args.target}", None, "add `--target sql`, or leave out --dialect")])
    statute = load_statute(args.statute)
    if args.target == "sql":
        from ..backends.sql import compile_sql

        print(SQL_NOTE + compile_sql(statute.program, args.dialect or "duckdb",
                                     requests=[statute.request_limits]))
        return EXIT_OK
    print(statute.compile(args.target), end="")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """`trustlaw schema case|decision|tables|csv`: the JSON Schema of a case or of a
    decision, the SQL case tables of the vocabulary's layout, or a CSV file's header."""
    if args.what != "tables" and args.dialect is not None:
        raise UsageError([Diagnostic(
            "TL-U025", f"--dialect {args.dialect} applies to `schema tables`, not to "
            f"`schema {args.what}`", None, "write `trustlaw schema tables --dialect "
            f"{args.dialect}`, or leave out --dialect")])
    if args.what == "tables":
        from ..backends.sql import create_tables_sql, layout_for_vocabulary
        from ..lowering.files import default_vocabulary

        layout = layout_for_vocabulary(default_vocabulary())
        for statement in create_tables_sql(layout, args.dialect or "duckdb"):
            print(statement + ";")
        return EXIT_OK
    if args.what == "csv":
        from ..caseload.csv_cases import leaf_types
        from ..lowering.files import default_vocabulary

        print(",".join(["id", *leaf_types(default_vocabulary())]))
        return EXIT_OK
    if args.what == "decision":
        from ..decisions.schema import decision_schema

        print_json(decision_schema())
        return EXIT_OK
    from ..cases.validation import json_schema
    from ..lowering.files import default_vocabulary

    print_json(json_schema(default_vocabulary()))
    return EXIT_OK


def render_decision(decision: Any, width: int = 96) -> str:
    """A decision as text: warnings (e.g. a law not in force on the case's date), outcomes
    with their grounds (for an undetermined one, the provisions that may decide it), hold
    limit, duties, open facts. Each line is escaped (`escaped`): a statute's or a case's
    string cannot start a line or hide text."""
    import textwrap

    def wrapped(text: str, indent: str, hanging: str = "") -> list[str]:
        return days_kept_whole(text, lambda text: textwrap.wrap(
            text, width, initial_indent=indent, subsequent_indent=indent + hanging))

    lines = [f"{decision.statute}: {decision.program.meta.title}"]
    for warning in warning_lines(decision):
        lines.extend(wrapped(f"warning: {warning}", "", "  "))
    column = max(len(o) for o in decision.outcomes)
    said: dict[Any, str] = {}  # a ground already shown -> the outcome it was shown under
    for outcome, result in decision.outcomes.items():
        lines.append(f"  {outcome:<{column}}  {result}")
        if result == "undetermined":
            settles = " or ".join(decision.possible.get(outcome, ()))
            lines.extend(wrapped(
                f"not settled by the facts given: {settles or 'it'} once the facts under "
                "'depends on' are known; the provisions that may decide it:", " " * 6))
        for ground in decision.grounds.get(outcome, ()):
            label = f"{ground.provision}, " if ground.provision else ""
            if ground.editorial:
                label = f"{ground.provision} (this file's label, not a subsection), "
            if ground in said:  # the same provision again: named, its text not repeated
                lines.extend(wrapped(f"{label}{ground.citation}: as for {said[ground]} "
                                     "above", " " * 6))
                continue
            said[ground] = outcome
            lines.extend(wrapped(f"{label}{ground.citation}: {ground.text}", " " * 6))
    if decision.max_hold is None:
        lines.append("max hold: none (no hold may happen)")
    else:
        lines.extend(wrapped(f"max hold: {describe_max_hold(decision.max_hold)}", "", "  "))
    # a duty the facts given leave open is listed too, with the facts it waits on: a
    # release duty a lawyer looks for must not hide under "depends on" as a code
    maybe = decision.open_duties
    if decision.duties or maybe:
        lines.append("duties:")
        for duty in decision.duties:
            lines.extend(wrapped(f"- {duty.id} ({duty.citation}): {duty.text}", "  ", "  "))
        for duty in maybe:
            facts = ", ".join(decision.details_depend_on.get(f"duty:{duty.id}", ()))
            lines.extend(wrapped(f"- may apply, depending on {facts or 'facts not given'}: "
                                 f"{duty.id} ({duty.citation}): {duty.text}", "  ", "  "))
    open_points = {**decision.depends_on, **decision.details_depend_on}
    if open_points:
        lines.append("depends on (unknown facts that would settle it):")
        lines.extend(f"  {k}: {', '.join(v)}" for k, v in open_points.items())
    lines.append(f"digest: {decision.digest}")
    return "\n".join(escaped(line) for line in lines)


_SOURCE_CODES = {"secondary-source": "a secondary source, not a verified text",
                 "unverified": "an unverified reading, with no verified text"}


def warning_lines(decision: Any) -> list[str]:
    """The decision's warnings as text: each as it is, except that the provisions resting
    on a secondary source (or on an unverified reading) are named on one line when
    there are several, which otherwise fill the screen before the outcomes."""
    from ..decisions import grounding

    program = decision.program
    weak = [(code, label, outcome) for code, _, label, _, outcome
            in grounding.weak_sources(program, decision.evaluation.deciding)]
    limit = grounding.weak_limit(program, decision.max_hold)
    if limit is not None:
        weak.append((limit[0], limit[2], "the time limit"))
    warnings = decision.warnings
    if len(weak) != sum(w["code"] in _SOURCE_CODES for w in warnings):
        return [w["message"] for w in warnings]  # not the warnings counted here: as given
    lines = [w["message"] for w in warnings if w["code"] not in _SOURCE_CODES]
    for code, words in _SOURCE_CODES.items():
        group = [(label, what) for c, label, what in weak if c == code]
        provisions = dict.fromkeys(label for label, _ in group)
        if len(group) == 1:
            lines.extend(w["message"] for w in warnings if w["code"] == code)
        elif len(provisions) == 1:  # one provision, several uses
            uses = " and ".join(what for _, what in group)
            lines.append(f"Provision {group[0][0]}, on which {uses} rest, rests on {words}.")
        elif group:
            by_what: dict[str, list[str]] = {}
            for label, what in group:
                by_what.setdefault(what, []).append(label)
            named = "; ".join(f"{what}: {', '.join(labels)}" for what, labels in by_what.items())
            lines.append(f"{len(provisions)} provisions this decision rests on rest on "
                         f"{words}: {named}.")
    return lines


def describe_max_hold(max_hold: Any) -> str:
    """``48 hours, not counting Saturdays, Sundays and federal holidays (holidays on their
    calendar dates); <citation>``: the words `explain` and comparisons use."""
    from ..decisions.explain import hold_limit_text

    text = hold_limit_text(max_hold.hours, max_hold.excluding, max_hold.holidays)
    if max_hold.citation:
        text += f"; {max_hold.citation}"
    for other in getattr(max_hold, "also", ()):
        text += f"; or {describe_max_hold(other)}, whichever ends first"
    return text
