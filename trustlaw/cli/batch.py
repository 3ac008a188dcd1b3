"""Many cases at once: `synth` (synthetic caseloads), `batch` (decide a file) and `impact`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..diagnostics import Diagnostic, UsageError
from .common import EXIT_OK, plural

_MAX_SYNTH = 100_000_000


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

    from ..batch.io import write_cases
    from ..cases.synth import synthesize
    from ..lowering.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    cases = synthesize(args.n, seed=args.seed, profile=args.profile, vocab=vocab)
    if args.out == "-":
        if args.format not in (None, "jsonl"):
            raise UsageError([Diagnostic(
                "TL-U011", f"only JSON lines can go to standard output, not {args.format}", None,
                "give a file with --out FILE")])
        for case in cases:
            sys.stdout.write(json.dumps(case, separators=(",", ":")) + "\n")
        return EXIT_OK
    count = write_cases(cases, args.out, vocab, args.format)
    print(f"wrote {plural(count, 'synthetic case')} to {args.out} (profile {args.profile}, "
          f"seed {args.seed})", file=sys.stderr)
    return EXIT_OK
