"""Random, mutated and hostile statutes and cases → foreign exceptions and backend disagreements.

One time budget drives the generators of `fuzz_inputs`: statutes written from the
grammar or mutated (bundled ones and generated ones), well-formed cases, and cases and
JSON texts broken on purpose. Every statute that checks clean is compiled, its examples
run, and each case decided by the reference interpreter and the compiled backend, which
must agree; given the CLI's `main` (this layer may not import it), some cases also go
through the command line. Anything raised that is not a `TrustlawError` (or a CLI
"internal error") is a foreign exception.

``python bench/fuzz.py --minutes 30`` runs it long; tests/test_fuzz_harness.py briefly.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import json
import random
import signal
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from ..diagnostics import TrustlawError
from .fuzz_inputs import grammar_statute, hostile_case, hostile_json, mutate_statute, random_case

__all__ = ["Finding", "FuzzReport", "run"]

CliMain = Callable[[list[str]], int]



@attrs.frozen
class Finding:
    """One thing the harness found: a foreign exception, a disagreement, a slow input."""

    kind: str  # foreign | disagreement | slow | oversized-error | harness-error
    message: str
    statute: str | None = None  # the statute source, when one was involved
    case: str | None = None  # the case (repr or JSON text), when one was involved


@attrs.define
class FuzzReport:
    """What one run tried and found."""

    seconds: float = 0.0
    counts: Counter[str] = attrs.field(factory=Counter)
    findings: list[Finding] = attrs.field(factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    def render(self) -> str:
        c = self.counts
        lines = [
            f"fuzzed for {self.seconds:.0f} s",
            f"  statutes tried: {c['statutes']:,} ({c['statutes_clean']:,} checked clean, "
            f"{c['statute_diagnostics']:,} diagnostics)",
            f"  cases tried: {c['cases']:,} ({c['case_errors']:,} refused with a CaseError, "
            f"{c['decisions']:,} decided; {c['cli_runs']:,} through the CLI)",
            f"  interpreter vs compiled comparisons: {c['comparisons']:,}",
            f"  foreign exceptions: {self.count('foreign')}",
            f"  disagreements: {self.count('disagreement')}",
            f"  slow inputs: {self.count('slow')}, oversized error messages: "
            f"{self.count('oversized-error')}, errors of the harness itself: "
            f"{self.count('harness-error')}",
        ]
        for finding in self.findings[:20]:
            lines.append(f"  - {finding.kind}: {finding.message.splitlines()[-1][:300]}")
        return "\n".join(lines)


# ---- running -------------------------------------------------------------------------------


class _Slow(Exception):
    """One input ran past the per-input time limit."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise `_Slow` in this thread after `seconds` (where SIGALRM exists)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Slow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Harness:
    def __init__(self, seed: int, report: FuzzReport, per_input: float, folder: Path,
                 cli_main: CliMain | None) -> None:
        from ..lowering.files import default_vocabulary, statutes_root

        self.rng = random.Random(seed)
        self.report = report
        self.per_input = per_input
        self.cli_main = cli_main
        self.vocab = default_vocabulary()
        root = statutes_root()
        self.bundled = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.law"))
                        if "vocabulary" not in p.parts]
        self.folder = folder

    def guarded(self, what: str, action: Callable[[], Any], statute: str | None = None,
                case: Any = None) -> Any:
        """Run `action`; a TrustlawError is an answer, anything else a finding."""
        try:
            with _time_limit(self.per_input):
                return action()
        except TrustlawError as error:
            if len(str(error)) > 200_000:
                self.find("oversized-error", f"{what}: a {len(str(error)):,}-character message",
                          statute, case)
            raise
        except _Slow:
            self.find("slow", f"{what}: longer than {self.per_input:g} s", statute, case)
        except Exception:
            self.find("foreign", f"{what}: {traceback.format_exc()}", statute, case)
        return None

    def find(self, kind: str, message: str, statute: str | None, case: Any) -> None:
        shown = case if case is None or isinstance(case, str) else _shown(case)
        self.report.findings.append(Finding(kind, message, statute, shown))

    def statute_source(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return grammar_statute(self.rng, self.vocab)
        base = self.rng.choice(self.bundled) if roll < 0.85 else grammar_statute(self.rng,
                                                                                 self.vocab)
        return mutate_statute(base, self.rng)

    def one_statute(self) -> None:
        from ..checker import check_source, compile_source
        from ..library.statute import Statute
        from ..testing.runner import run_statute

        counts = self.report.counts
        source = self.statute_source()
        counts["statutes"] += 1
        with contextlib.suppress(TrustlawError):
            found = self.guarded("check", lambda: check_source(source, "fuzz.law"), source)
            if found is None:
                return
            counts["statute_diagnostics"] += len(found)
            if any(d.is_error for d in found):
                return
            program = self.guarded("compile", lambda: compile_source(source, "fuzz.law"),
                                   source)
            if program is None:
                return
            counts["statutes_clean"] += 1
            statute = Statute(program)
            self.guarded("examples", lambda: run_statute(statute), source)
            cases = [e.case for e in program.examples]
            cases += [random_case(self.rng, self.vocab) for _ in range(self.rng.randint(5, 30))]
            for case in cases:
                self.one_case(statute, case, source)

    def one_case(self, statute: Any, case: Any, source: str | None) -> None:
        from ..backends import interp
        from ..cases.json_text import read_case_json

        counts = self.report.counts
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            case = hostile_case(case, rng)
        elif roll < 0.4:
            text = hostile_json(case, rng)
            counts["cases"] += 1
            try:
                case = self.guarded("read JSON", lambda: read_case_json(text, "case.json"),
                                    source, text)
            except TrustlawError:
                counts["case_errors"] += 1
                return
            if case is None or not isinstance(case, dict):
                return
        counts["cases"] += 1
        try:
            data = self.guarded("validate", lambda: statute.validate(case), source, case)
        except TrustlawError:
            counts["case_errors"] += 1
            return
        if data is None:
            return
        with contextlib.suppress(TrustlawError):
            compiled = self.guarded("compiled", lambda: statute.compiled().evaluate(data),
                                    source, case)
            oracle = self.guarded("interpreter", lambda: interp.evaluate(statute.program, data),
                                  source, case)
            if compiled is not None and oracle is not None:
                counts["comparisons"] += 1
                if compiled != oracle:
                    self.find("disagreement", f"compiled {compiled} != interpreter {oracle}",
                              source, case)
            decision = self.guarded("decide", lambda: statute.decide(case), source, case)
            if decision is not None:
                counts["decisions"] += 1
                self.guarded("explain", decision.explain, source, case)
                self.guarded("to_json", decision.to_json, source, case)
                release = _dt.datetime(2015, 1, 1) + _dt.timedelta(hours=rng.randint(0, 10**6))
                with contextlib.suppress(TrustlawError):
                    self.guarded("deadline", lambda: decision.release_deadline(release),
                                 source, case)
        if self.cli_main is not None and rng.random() < 0.03:
            self.through_cli(self.cli_main, source, case)

    def through_cli(self, main: CliMain, source: str | None, case: Any) -> None:
        """Decide one case with the CLI in this process: "internal error" is a finding."""
        counts = self.report.counts
        law = self.folder / "fuzz.law"
        if source is not None:
            law.write_text(source, encoding="utf-8")
        text = case if isinstance(case, str) else hostile_json(case, self.rng)
        case_path = self.folder / "case.json"
        case_path.write_text(text, encoding="utf-8", errors="surrogatepass")
        out, err = io.StringIO(), io.StringIO()
        target = str(law) if source is not None else "ct/pa-13-155"
        counts["cli_runs"] += 1
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = self.guarded("cli", lambda: main(["decide", target, str(case_path),
                                                     "--format", "json"]), source, text)
        if "internal error" in err.getvalue() or "Traceback" in err.getvalue():
            self.find("foreign", f"cli (exit {code}): {err.getvalue()[-2000:]}", source, text)

    def bundled_cases(self) -> None:
        """Hostile cases against a bundled statute, without a statute of our own."""
        from ..library.loader import load

        statute = self.guarded("load", lambda: load("ct/pa-13-155"))
        if statute is None:
            return
        for _ in range(20):
            self.one_case(statute, random_case(self.rng, self.vocab), None)


def _shown(case: Any) -> str:
    try:
        text = json.dumps(case, default=repr)
    except (TypeError, ValueError, RecursionError, OverflowError):
        text = f"<{type(case).__name__}>"
    return text if len(text) <= 20_000 else text[:20_000] + "…"


def run(seconds: float, seed: int = 0, per_input: float = 20.0,
        progress: Callable[[FuzzReport], None] | None = None,
        cli_main: CliMain | None = None) -> FuzzReport:
    """Fuzz for `seconds` from `seed`; each input may take at most `per_input` seconds.
    With `cli_main` (``trustlaw.cli.main``) some cases also go through the CLI."""
    with tempfile.TemporaryDirectory(prefix="trustlaw-fuzz-") as folder:
        return _run(seconds, _Harness(seed, FuzzReport(), per_input, Path(folder), cli_main),
                    progress)


def _run(seconds: float, harness: _Harness,
         progress: Callable[[FuzzReport], None] | None) -> FuzzReport:
    report = harness.report
    start = time.monotonic()
    last_progress = start
    while time.monotonic() - start < seconds:
        try:
            if harness.rng.random() < 0.2:
                harness.bundled_cases()
            else:
                harness.one_statute()
        except Exception:  # a bug of the harness itself (trustlaw's calls are guarded)
            harness.find("harness-error", traceback.format_exc(), None, None)
        now = time.monotonic()
        report.seconds = now - start
        if progress is not None and now - last_progress >= 30:
            last_progress = now
            progress(report)
    report.seconds = time.monotonic() - start
    return report
