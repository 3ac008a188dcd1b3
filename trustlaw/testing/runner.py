"""Statute examples → pass/fail results: the one runner behind `trustlaw test` and pytest.

Each ``example`` in a statute file gives facts and expectations. The runner validates
the facts as a case (a malformed example is a failure carrying the `CaseError`), decides
it with the reference interpreter (the oracle), and checks every expectation:

- ``expect hold permitted``: the outcome;
- ``expect hold grounds (b)(1), (b)(5)``: the provisions in the outcome's grounds, as a
  set (exactly these, in any order);
- ``expect max_hold 48 hours excluding saturday, sunday, federal_holiday`` (exactly this
  limit: no ``excluding`` means a flat clock, no ``counting`` means ``actual``) and
  ``expect max_hold none``;
- ``expect duty "id"`` / ``expect no duty "id"``;
- ``expect deadline 2015-03-09T17:00 from 2015-03-05T17:00``: the hold clock.

A failure names the expectation's file:line, what was expected, what the statute gave,
why in words (the parts of the worded account of `trustlaw explain` that decide what
failed: the outcome, the time limit or the duties) and the decision's explanation with
the facts by their paths.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from .. import ir
from ..decisions.decision import Decision
from ..diagnostics import CaseError, Span, TrustlawError, UsageError
from ..ir import Example
from ..language import syntax
from ..language.limits import MAX_STATUTE_CHARS
from ..library.statute import Statute


@attrs.frozen
class Mismatch:
    """One expectation the decision did not meet."""

    expectation: str
    expected: str
    actual: str
    span: Span | None = None
    #: the parts of the decision's account that say why (`trustlaw.decisions.explain.PARTS`)
    about: tuple[str, ...] = ()

    def render(self) -> str:
        where = f"{self.span}: " if self.span is not None else ""
        return (
            f"{where}{self.expectation}\n"
            f"    expected: {self.expected}\n"
            f"    actual:   {self.actual}"
        )


@attrs.frozen
class ExampleResult:
    """The result of running one example of one statute."""

    statute: str
    name: str
    span: Span | None
    mismatches: tuple[Mismatch, ...] = ()
    error: TrustlawError | None = attrs.field(default=None, eq=False)
    decision: Decision | None = attrs.field(default=None, eq=False, repr=False)
    checked: int = 0
    inherited_from: str | None = None  # an example of the amended statute, run on this one
    #: the statute's vocabulary, whose words say why an expectation failed
    vocabulary: ir.Vocabulary | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def passed(self) -> bool:
        return self.error is None and not self.mismatches

    @property
    def changed(self) -> bool:
        """An example of the amended statute that the amendment decides otherwise
        (reported, not a failure: changing the law is what an amendment is for). One that
        cannot even be run is an error, never a change."""
        return self.inherited_from is not None and self.error is None and bool(self.mismatches)

    @property
    def location(self) -> str:
        return str(self.span) if self.span is not None else self.statute

    def explanation(self) -> str:
        """The decision explained in plain English ('' when there is no decision)."""
        return "" if self.decision is None else self.decision.explain()

    def why_in_words(self) -> str:
        """Why the decision failed its expectations, in the vocabulary's words: the parts
        of `trustlaw explain`'s account about what failed (whom the law binds, and the
        outcome, the time limit or the duties); '' when nothing was decided."""
        parts = {part for m in self.mismatches for part in m.about}
        if self.decision is None or self.vocabulary is None or not parts:
            return ""
        from ..decisions.explain import explain
        from ..decisions.fact_words import PlainFacts

        return explain(self.decision, PlainFacts(self.vocabulary), parts={"scope", *parts})

    def render(self, *, explain: bool = True) -> str:
        """A failure report: where, each expectation with expected vs actual, why."""
        status = "passed" if self.passed else "CHANGED" if self.changed else "FAILED"
        origin = f" of {self.inherited_from}" if self.inherited_from is not None else ""
        lines = [f"{status}: {self.statute} example{origin} \"{self.name}\" ({self.location})"]
        if self.changed:
            lines.append(f"  the amendment decides this example of {self.inherited_from} "
                         "otherwise:")
        if self.error is not None:
            kind = "the example's facts are not a valid case" if isinstance(
                self.error, CaseError
            ) else "the example could not be run"
            lines.append(f"  {kind}:")
            lines.extend("    " + line for line in self.error.render().splitlines())
        lines.extend("  " + line for m in self.mismatches for line in m.render().splitlines())
        if explain and not self.passed:
            why = self.why_in_words()
            if why:
                lines.append("  why, in words:")
                lines.extend(f"    {line}" if line else "" for line in why.splitlines())
            text = self.explanation()
            if text:
                lines.append("  explanation:")
                lines.extend("    " + line for line in text.splitlines())
        return "\n".join(lines)


@attrs.frozen
class FileResult:
    """Every example of one statute file, or the diagnostics that stopped it compiling."""

    path: str
    statute: str | None
    examples: tuple[ExampleResult, ...] = ()
    error: TrustlawError | None = attrs.field(default=None, eq=False)
    #: for an amendment: the examples of the statute it amends, run on the amended law
    inherited: tuple[ExampleResult, ...] = ()

    @property
    def passed(self) -> int:
        return sum(1 for r in (*self.examples, *self.inherited) if r.passed)

    @property
    def failed(self) -> int:
        """Examples that failed (an inherited one that could not run among them), and the
        file itself when it does not compile."""
        return (sum(1 for r in (*self.examples, *self.inherited)
                    if not r.passed and not r.changed) + (1 if self.error else 0))

    @property
    def changed(self) -> int:
        """Inherited examples the amendment decides otherwise (reported, not failures)."""
        return sum(1 for r in self.inherited if r.changed)


def run_example(statute: Statute, example: Example) -> ExampleResult:
    """Decide one example's facts and check every expectation it states."""
    try:
        decision = statute.decide(example.case, backend="interpreter")
    except TrustlawError as error:
        return ExampleResult(statute.id, example.name, example.span, error=error)
    mismatches = tuple(
        attrs.evolve(m, about=_about(expectation))
        for expectation in example.expectations
        if (m := check_expectation(expectation, decision)) is not None
    )
    return ExampleResult(
        statute.id, example.name, example.span, mismatches, decision=decision,
        checked=len(example.expectations), vocabulary=statute.vocabulary,
    )


def _about(expectation: object) -> tuple[str, ...]:
    """The parts of a decision's account that say why `expectation` came out as it did:
    an outcome's (for its result or grounds); the hold's and the time limit's (for the
    limit or the deadline, which the hold's result decides first); the duties'."""
    if isinstance(expectation, (syntax.ExpectOutcome, syntax.ExpectGrounds)):
        return (expectation.outcome,) if expectation.outcome in ir.OUTCOMES else ()
    if isinstance(expectation, (syntax.ExpectMaxHold, syntax.ExpectDeadline)):
        return ("hold", "time_limit")
    if isinstance(expectation, syntax.ExpectDuty):
        return ("duties",)
    return ()


def run_statute(statute: Statute) -> list[ExampleResult]:
    """Run every example of one statute, in file order."""
    return [run_example(statute, example) for example in statute.examples]


def run_file(path: Path) -> FileResult:
    """Compile one statute file and run its examples; compile errors make one failure."""
    from ..library.loader import load_path

    try:
        statute = load_path(path)
    except TrustlawError as error:
        return FileResult(str(path), None, error=error)
    return FileResult(str(path), statute.id, tuple(run_statute(statute)),
                      inherited=tuple(run_inherited(statute, path)))


def run_inherited(statute: Statute, path: Path) -> list[ExampleResult]:
    """For an amendment, the examples of the statute it amends, run against the amended
    law (each marked with its origin; one the amendment decides otherwise is `changed`)."""
    base = amended_statute(statute, path)
    if base is None:
        return []
    return [run_inherited_example(statute, example, base.id) for example in base.examples]


def amended_statute(statute: Statute, path: Path) -> Statute | None:
    """The statute an amendment (in the file at `path`) amends, or None: not an amendment,
    or a base it cannot read (which the amendment itself reports)."""
    from ..library.loader import load, load_path

    ref = statute.meta.amends
    if ref is None:
        return None
    try:
        return load_path(path.parent / ref) if ref.endswith(".law") else load(ref)
    except TrustlawError:
        return None


def run_inherited_example(statute: Statute, example: Example, base_id: str) -> ExampleResult:
    """An example of the amended statute `base_id`, run against the amendment."""
    return attrs.evolve(run_example(statute, example), inherited_from=base_id)


def statute_files(paths: Iterable[str | Path]) -> list[Path]:
    """The statute files (not vocabularies) among `paths`, folders searched recursively."""
    from ..checker import law_files

    return [path for path in law_files(paths) if not is_vocabulary(path)]


_VOCABULARY_HEADER = re.compile(r"(?:\s|#[^\n]*)*vocabulary\b")


def is_vocabulary(path: Path) -> bool:
    """Whether a .law file declares the case vocabulary rather than a statute."""
    try:
        with path.open(encoding="utf-8-sig") as handle:  # a byte-order mark is skipped
            text = handle.read(MAX_STATUTE_CHARS)
    except (OSError, UnicodeDecodeError):
        return False
    return _VOCABULARY_HEADER.match(text) is not None


# ---- expectations -------------------------------------------------------------------


def check_expectation(expectation: object, decision: Decision) -> Mismatch | None:
    """A `Mismatch` when `decision` does not meet `expectation`, else None."""
    said = describe(expectation)
    span = getattr(expectation, "span", None)
    if isinstance(expectation, syntax.ExpectOutcome):
        actual = decision.outcomes.get(expectation.outcome, "(no such outcome)")
        if actual == expectation.value:
            return None
        return Mismatch(said, expectation.value, actual, span)
    if isinstance(expectation, syntax.ExpectGrounds):
        grounds = decision.grounds.get(expectation.outcome, ())
        labels = {g.provision for g in grounds if g.provision is not None}
        if labels == set(expectation.labels):
            return None
        actual_text = ", ".join(sorted(labels)) if labels else _no_provision(decision, expectation)
        return Mismatch(said, ", ".join(sorted(expectation.labels)), actual_text, span)
    if isinstance(expectation, syntax.ExpectMaxHold):
        expected_text = _limit_text(expectation)
        actual_text = "none" if decision.max_hold is None else _max_hold_text(
            decision.max_hold.hours, decision.max_hold.excluding, decision.max_hold.holidays
        )
        return None if expected_text == actual_text else Mismatch(
            said, expected_text, actual_text, span
        )
    if isinstance(expectation, syntax.ExpectDuty):
        present = any(d.id == expectation.id for d in decision.duties)
        if present == expectation.present:
            return None
        listed = ", ".join(f'"{d.id}"' for d in decision.duties) or "none"
        return Mismatch(
            said,
            "the duty applies" if expectation.present else "the duty does not apply",
            f"duties that apply: {listed}",
            span,
        )
    if isinstance(expectation, syntax.ExpectDeadline):
        try:
            deadline = decision.release_deadline(expectation.release_at)
        except UsageError as error:  # a release time at the end of the calendar
            return Mismatch(said, _stamp(expectation.deadline),
                            error.diagnostics[0].message, span)
        if deadline == expectation.deadline:
            return None
        actual_text = "no hold may happen" if deadline is None else _stamp(deadline)
        return Mismatch(said, _stamp(expectation.deadline), actual_text, span)
    raise TypeError(f"unknown expectation {type(expectation).__name__}")


def describe(expectation: object) -> str:
    """The expectation as the statute file writes it."""
    if isinstance(expectation, syntax.ExpectOutcome):
        return f"expect {expectation.outcome} {expectation.value}"
    if isinstance(expectation, syntax.ExpectGrounds):
        return f"expect {expectation.outcome} grounds {', '.join(expectation.labels)}"
    if isinstance(expectation, syntax.ExpectMaxHold):
        return f"expect max_hold {_limit_text(expectation)}"
    if isinstance(expectation, syntax.ExpectDuty):
        return f'expect {"" if expectation.present else "no "}duty "{expectation.id}"'
    if isinstance(expectation, syntax.ExpectDeadline):
        return (
            f"expect deadline {_stamp(expectation.deadline)} from {_stamp(expectation.release_at)}"
        )
    return repr(expectation)


def _limit_text(expectation: syntax.ExpectMaxHold) -> str:
    if expectation.hours is None:
        return "none"
    days: Sequence[str] = ()
    counting = "actual"
    if expectation.excluding is not None:
        days = expectation.excluding.days
        counting = expectation.excluding.counting or "actual"
    return _max_hold_text(expectation.hours, days, counting)


def _max_hold_text(hours: int, excluding: Sequence[str], holidays: str) -> str:
    text = f"{hours} hours"
    if excluding:
        order = {"saturday": 0, "sunday": 1, "federal_holiday": 2}
        text += " excluding " + ", ".join(sorted(excluding, key=lambda d: order.get(d, 9)))
        if "federal_holiday" in excluding:
            text += f" counting {holidays}"
    return text


def _stamp(moment: _dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _no_provision(decision: Decision, expectation: syntax.ExpectGrounds) -> str:
    grounds = decision.grounds.get(expectation.outcome, ())
    return "; ".join(g.text for g in grounds) or "no grounds"


def summary(results: Iterable[FileResult]) -> tuple[int, int]:
    """(passed, failed) over files' examples; a file that does not compile is one failure."""
    passed = failed = 0
    for result in results:
        passed += result.passed
        failed += result.failed
    return passed, failed


__all__ = [
    "ExampleResult",
    "FileResult",
    "Mismatch",
    "check_expectation",
    "describe",
    "is_vocabulary",
    "run_example",
    "run_file",
    "run_statute",
    "statute_files",
    "summary",
]
