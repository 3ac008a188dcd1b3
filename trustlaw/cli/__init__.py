"""Command line → library calls: the ``trustlaw`` command (also ``python -m trustlaw``).

Every command prints bad input as rendered diagnostics (code, sentence, file:line:column,
help), never a traceback. Exit codes: 0 success, 1 errors or failures (a statute that
does not check, a bad case, a failing example, a violated invariant, two statutes that
differ), 2 a usage error (unknown command, statute id or file), 3 a verification or a
comparison the solver could not settle.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from ..diagnostics import Diagnostic, TrustlawError, UsageError, missing_package
from . import analysis, authoring, batch, codes, comparing, deciding, library, serve
from .analysis import verify_exit_code
from .authoring import to_json_tree
from .common import EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_USAGE, print_error, version
from .comparing import compare_exit_code
from .deciding import render_decision

_DESCRIPTION = """\
trustlaw: immigration-detainer law as code.

Statutes are written in the trustlaw statute language (.law files); the bundled
library covers the federal baseline, Connecticut, California, New York City, the
District of Columbia, Cook County, Santa Clara County, Miami-Dade County, New
Haven, two New Mexico counties, Texas and Florida. A statute is named by its id
(e.g. ct/pa-13-155, see `trustlaw list`) or by the path of a .law file.
"""

_EPILOG = """\
exit codes: 0 success; 1 errors or failures (for compare: a difference); 2 usage
error (unknown id, missing file; for compare and matrix also a statute with errors);
3 a verification or comparison the solver could not settle; 141 the output pipe
closed before everything was written.

examples:
  trustlaw list
  trustlaw check
  trustlaw decide ct/pa-13-155 case.json
  trustlaw decide ca/sb54-2017 cases.jsonl --format json
  trustlaw explain ct/pa-13-155 case.json
  trustlaw test
  trustlaw verify ct/pa-19-20
  trustlaw compare ct/pa-13-155 ct/pa-19-20
  trustlaw matrix --format markdown
  trustlaw serve --port 8000
  trustlaw codes TL-P025
"""



# ---- entry point --------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit code."""
    parser = build_parser()
    try:
        args = _parse(parser, argv)
    except SystemExit as exit_:  # argparse already printed its message
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except UsageError as error:
        print_error(error)
        return EXIT_USAGE
    except TrustlawError as error:
        print_error(error)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `trustlaw decide … | head`: the output did not all arrive
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:  # a bug in trustlaw, not bad input: say so plainly
        # ... unless it is an optional package the command needs, not installed: then
        # it is a usage error naming the extra that installs it
        command = getattr(args, "command_name", "")
        missing = (missing_package("TL-U007", f"`trustlaw {command}`", error)
                   if isinstance(error, ImportError) else error)
        if isinstance(missing, UsageError):
            print_error(missing)
            return EXIT_USAGE
        if os.environ.get("TRUSTLAW_DEBUG"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            "  = help: this is a bug in trustlaw, not in your input; rerun with "
            "TRUSTLAW_DEBUG=1 to see the traceback and report it",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """`parser.parse_args`, except that arguments a command does not take are that
    command's error (its usage and `trustlaw decide --help`), not the top level's."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        command = _command_parser(parser, getattr(args, "command_name", None))
        (command or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _command_parser(parser: argparse.ArgumentParser,
                    name: str | None) -> argparse.ArgumentParser | None:
    """The parser of the command `name` (`decide`), or None."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            chosen: argparse.ArgumentParser = action.choices[name]
            return chosen
    return None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's exit does not fail again flushing it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests)
        pass


class _Parser(argparse.ArgumentParser):
    """argparse, its errors said as every other usage error is: a code, the problem and
    help (its subcommands' parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        guess = self._guess(message)
        help_text = f"`{self.prog} --help` says what it takes"
        print_error(UsageError([Diagnostic(
            "TL-U025", message, None,
            f"did you mean {guess}? ({help_text})" if guess else help_text)]))
        sys.exit(EXIT_USAGE)

    def _guess(self, message: str) -> str | None:
        """What a mistyped command, choice or option was probably meant to be."""
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            offered = re.findall(r"'([^']*)'", choice.group(2))
            close = difflib.get_close_matches(choice.group(1), offered, n=1, cutoff=0.6)
            return f"`{close[0]}`" if close else None
        unknown = re.search(r"unrecognized arguments: (.*)", message)
        if unknown:
            known = set(self._option_string_actions)
            for action in self._actions:  # the subcommands' options too
                if isinstance(action, argparse._SubParsersAction):
                    for parser in action.choices.values():
                        known |= set(parser._option_string_actions)
            for word in unknown.group(1).split():
                if word.startswith("--"):
                    option = word.split("=", 1)[0]
                    close = difflib.get_close_matches(option, sorted(known), n=1, cutoff=0.7)
                    if close:
                        return f"`{close[0]}`"
        return None


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser for every trustlaw command."""
    parser = _Parser(
        prog="trustlaw",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trustlaw {version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(
            name, help=summary, description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(command_name=name)  # what an error names (`trustlaw batch`)
        return parser

    for group in (authoring, deciding, analysis, comparing, batch, library, serve, codes):
        group.register(command)
    return parser


__all__ = [
    "build_parser",
    "compare_exit_code",
    "main",
    "render_decision",
    "to_json_tree",
    "verify_exit_code",
]
