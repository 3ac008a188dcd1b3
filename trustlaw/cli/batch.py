"""Many cases at once: `synth` (synthetic caseloads), `batch` (decide a file) and `impact`."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator

from ..diagnostics import Diagnostic, UsageError, escaped
from .common import EXIT_OK, plural, warn

_MAX_SYNTH = 100_000_000
_CASES_HELP = ("the statutes are ids or .law files, and the case file goes after --cases: "
               "`trustlaw {command} ID… --cases FILE`")


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `synth`, `batch` and `impact` commands to the parser."""
    from ..cases.synth import PROFILES

    p = command(
        "synth", "generate a synthetic caseload (JSON lines, CSV or Parquet)",
        "Generate N synthetic, well-formed cases from a seeded profile calibrated on\n"
        "public figures (see docs/batch.md). The cases are SYNTHETIC: no real person is\n"
        "in them. The same seed and profile give the same cases.\n\nprofiles:\n"
        + "\n".join(f"  {p.name}: {p.description}" for p in PROFILES.values()),
    )
    p.add_argument("--n", type=_count, required=True, metavar="N", help="how many cases")
    p.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    p.add_argument("--profile", choices=sorted(PROFILES), default="secure-communities",
                   help="which caseload to imitate (default secure-communities)")
    p.add_argument("--out", default="-", metavar="FILE",
                   help="where to write: a .jsonl, .csv or .parquet file, or - for stdout "
                        "(JSON lines; the default)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default=None,
                   help="the output format (default: from --out's suffix)")
    p.set_defaults(handler=cmd_synth)

    engines = ("duckdb", "postgres", "spark")
    p = command(
        "batch", "decide a file of cases under one or more statutes, in SQL",
        "Decide every case of a file (JSON lines, CSV or Parquet; see docs/batch.md for\n"
        "the column layout) under each statute with the SQL backend, and write one row per\n"
        "case and statute (case_id, statute, the four outcomes, max_hold_hours,\n"
        "hold_ground, error) to a Parquet, CSV or JSON-lines file. A bad case is reported\n"
        "in its row's error column and never stops the batch. Prints a summary per statute.",
    )
    p.add_argument("statutes", nargs="+", metavar="ID",
                   help="statute ids, .law files, or jurisdictions (ct: each case under "
                   "the version in force on its date)")
    p.add_argument("--cases", required=True, metavar="FILE",
                   help="the cases (.jsonl, .csv or .parquet), or - for standard input "
                   "(its format told by its first bytes)")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the output (.parquet, .csv or .jsonl)")
    p.add_argument("--engine", choices=engines, default="duckdb",
                   help="duckdb in process (default), postgres or spark")
    p.add_argument("--connection", metavar="TEXT", default=None,
                   help="postgres: a conninfo string (default: libpq's PGHOST, PGDATABASE, "
                        "PGUSER, PGSERVICE, … environment variables); spark: a master URL "
                        "(default local[2])")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    p.add_argument("--warnings", action="store_true",
                   help="add a last column, warnings: the codes of the warnings each "
                        "decision gives about the case (not-law, not-in-force, "
                        "date-unknown, period-unknown, signer-not-stated, "
                        "request-contradicts-form, not-bound, citizen), in the decision's "
                        "order; not the "
                        "warnings about provisions resting on secondary or unverified "
                        "sources. A list in Parquet, a JSON array in JSON lines and in "
                        "CSV (a cell [\"not-in-force\"]); [] when none, and null (an "
                        "empty CSV cell) on an error row")
    p.set_defaults(handler=cmd_batch)

    p = command(
        "impact", "count outcomes per statute and the cases each pair decides differently",
        "Decide a file of cases under each statute (SQL backend) and print, per statute,\n"
        "how many cases get each outcome, and for each pair of statutes the transition\n"
        "table per action (hold: permitted -> prohibited: N).",
    )
    p.add_argument("statutes", nargs="+", metavar="ID",
                   help="statute ids, .law files, or jurisdictions (ct: each case under "
                   "the version in force on its date)")
    p.add_argument("--cases", required=True, metavar="FILE",
                   help="the cases (.jsonl, .csv or .parquet), or - for standard input "
                   "(its format told by its first bytes)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="output format (default text)")
    p.add_argument("--engine", choices=engines, default="duckdb",
                   help="where the SQL runs (default duckdb, in process)")
    p.add_argument("--connection", metavar="TEXT", default=None,
                   help="postgres: a conninfo string (default: libpq's PG* environment "
                        "variables); spark: a master URL (default local[2])")
    p.set_defaults(handler=cmd_impact)


def refuse_standard_streams(command: str, out: str | None = None) -> None:
    """`-` for the output file of `batch`, which writes named files only (its summary goes
    to standard output): said so, where "cannot tell the format of `-`" would leave the
    reader to guess (unless a file of that name exists). Cases may come on standard
    input (`caseload.piped`)."""
    if out == "-" and not os.path.lexists(out):
        raise UsageError([Diagnostic(
            "TL-U011", f"`trustlaw {command}` writes its rows to a file, not to standard "
            "output (`-`), where its summary goes", None,
            "give --out a .parquet, .csv or .jsonl file")])


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
    if not 0 <= n <= _MAX_SYNTH:
        raise argparse.ArgumentTypeError(f"choose a number from 0 to {_MAX_SYNTH:,}")
    return n


def cmd_synth(args: argparse.Namespace) -> int:
    """`trustlaw synth`: write N synthetic cases."""
    import json

    from ..caseload.io import case_format, write_cases
    from ..cases.synth import SYNTHETIC, synthesize
    from ..lowering.files import default_vocabulary

    if args.out != "-" and args.format is None:
        try:
            case_format(args.out)
        except UsageError:  # synth, unlike batch and impact, can be told the format
            raise UsageError([Diagnostic(
                "TL-U011", f"cannot tell the format of `{args.out}` from its name", None,
                "name it .jsonl, .csv or .parquet, or say --format jsonl|csv|parquet")]) from None
    elif args.out != "-":  # ... but not one its name contradicts, which batch --out obeys
        case_format(args.out, args.format, option="--format")
    vocab = default_vocabulary()
    cases = synthesize(args.n, seed=args.seed, profile=args.profile, vocab=vocab)
    made = f"(profile {args.profile}, seed {args.seed})"
    if args.out == "-":
        if args.format not in (None, "jsonl"):
            raise UsageError([Diagnostic(
                "TL-U011", f"only JSON lines can go to standard output, not {args.format}", None,
                "give a file with --out FILE")])
        count = 0
        for case in cases:
            sys.stdout.write(json.dumps(case, separators=(",", ":")) + "\n")
            count += 1
        print(f"wrote {plural(count, 'synthetic case')} to standard output {made}: "
              f"{SYNTHETIC}", file=sys.stderr)
        return EXIT_OK
    labels = {"trustlaw.synthetic": "true", "trustlaw.profile": args.profile,
              "trustlaw.seed": str(args.seed), "trustlaw.note": SYNTHETIC}
    count = write_cases(cases, args.out, vocab, args.format, labels=labels, well_formed=True)
    print(f"wrote {plural(count, 'synthetic case')} to {escaped(args.out)} {made}: {SYNTHETIC}",
          file=sys.stderr)
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """`trustlaw batch`: a file of cases in, one row per case and statute out."""
    from ..caseload.run import run_batch
    from .common import refuse_case_files

    refuse_case_files(args.statutes, _CASES_HELP.format(command="batch"))
    refuse_standard_streams("batch", args.out)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    with piped_in(args.cases) as cases:
        summary = run_batch(args.statutes, cases, args.out, engine=args.engine,
                            connection=args.connection, progress=progress,
                            warnings=args.warnings)
    warn(summary.warnings)
    print(summary.render())
    print(f"wrote {plural(summary.cases * len(summary.statutes), 'row')} to {escaped(args.out)}",
          file=sys.stderr)
    return EXIT_OK


def cmd_impact(args: argparse.Namespace) -> int:
    """`trustlaw impact`: outcome counts per statute and transitions per pair."""
    from ..caseload.impact import impact
    from .common import print_json, refuse_case_files

    refuse_case_files(args.statutes, _CASES_HELP.format(command="impact"))
    with piped_in(args.cases) as cases:
        result = impact(args.statutes, cases, engine=args.engine, connection=args.connection)
    warn(result.warnings)
    if args.format == "json":
        print_json(result.to_dict())
    else:
        print(result.render(args.format))
    return EXIT_OK


@contextlib.contextmanager
def piped_in(cases: str) -> Iterator[str]:
    """The file to read `--cases` from: the file named, or a copy of the cases piped in
    (`-` for standard input, or `<(zcat cases.jsonl.gz)`), after the usual checks."""
    from ..caseload.piped import readable_cases
    from .common import require_exists

    if cases != "-":
        require_exists([cases], pipes=True)  # a caseload may be piped in
    with readable_cases(cases) as path:
        yield path
