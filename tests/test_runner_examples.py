"""The examples runner: every expectation kind, failures with expected vs actual, bad facts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import attrs
import pytest

from trustlaw.diagnostics import CaseError, Diagnostic
from trustlaw.library import loader
from trustlaw.lowering.files import statutes_root
from trustlaw.testing.runner import (
    ExampleResult,
    FileResult,
    describe,
    is_vocabulary,
    run_example,
    run_file,
    run_statute,
    statute_files,
    summary,
)

RUNNER_LAW = textwrap.dedent("""\
    statute "test/runner" {
      title "Runner test"
      jurisdiction "test"
      citation "Test Act"
      status proposed
    }

    provision (a) {
      cites "Test Act § (a)"
      text "No holds."
      hold prohibited
    }

    provision (b) except (a) {
      cites "Test Act § (b)"
      text "Consent permits a hold."
      hold permitted if person.written_consent
      duty "tell-ice" "Tell ICE." if person.written_consent
      limit hold 48 hours excluding saturday, sunday, federal_holiday counting actual
    }

    example "consent permits" {
      given {"person": {"written_consent": true}, "request": {"form": "I-247"}}
      expect hold permitted
      expect hold grounds (b)
      expect max_hold 48 hours excluding saturday, sunday, federal_holiday counting actual
      expect duty "tell-ice"
      expect deadline 2015-03-09T17:00 from 2015-03-05T17:00
    }

    example "wrong on every count" {
      given {"person": {"written_consent": false}}
      expect hold permitted
      expect hold grounds (b)
      expect max_hold 24 hours
      expect duty "tell-ice"
      expect deadline 2015-03-06T17:00 from 2015-03-05T17:00
      expect notification permitted
      expect no duty "tell-ice"
    }

    example "reading of holidays and absent duty" {
      given {"person": {"written_consent": true}, "request": {"form": "I-247"}}
      expect max_hold 48 hours excluding saturday, sunday, federal_holiday counting observed
      expect no duty "tell-ice"
    }

    example "inconsistent facts" {
      given {"charges": [{"level": "misdemeanor", "felony_class": "A"}]}
      expect hold prohibited
    }
    """)


@pytest.fixture
def runner_law(tmp_path: Path) -> Path:
    path = tmp_path / "runner.law"
    path.write_text(RUNNER_LAW, encoding="utf-8")
    return path


def results_by_name(path: Path) -> dict[str, object]:
    return {r.name: r for r in run_statute(loader.load(path))}


def test_every_expectation_kind_passes(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    result = run_example(statute, statute.examples[0])
    assert result.passed, result.render()
    assert result.checked == 5
    assert result.mismatches == ()


def test_each_wrong_expectation_is_a_mismatch(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    result = run_example(statute, statute.examples[1])
    assert not result.passed
    found = {m.expectation: (m.expected, m.actual) for m in result.mismatches}
    assert found == {
        "expect hold permitted": ("permitted", "prohibited"),
        "expect hold grounds (b)": ("(b)", "(a)"),
        "expect max_hold 24 hours": ("24 hours", "none"),
        'expect duty "tell-ice"': ("the duty applies", "duties that apply: none"),
        "expect deadline 2015-03-06T17:00 from 2015-03-05T17:00": (
            "2015-03-06T17:00", "no hold may happen",
        ),
    }
    # The two expectations that hold are not reported.
    assert result.checked == 7


def test_mismatch_points_at_the_expectation_line(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    result = run_example(statute, statute.examples[1])
    first = result.mismatches[0]
    assert first.span is not None
    assert first.span.file == str(runner_law)
    line = RUNNER_LAW.splitlines()[first.span.line - 1]
    assert line.strip() == "expect hold permitted"
    assert result.span is not None
    header = RUNNER_LAW.splitlines()[result.span.line - 1]
    assert header.startswith('example "wrong on every count"')


def test_holiday_reading_and_absent_duty_are_checked(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    result = run_example(statute, statute.examples[2])
    found = {m.expectation: (m.expected, m.actual) for m in result.mismatches}
    assert found[
        "expect max_hold 48 hours excluding saturday, sunday, federal_holiday counting observed"
    ] == (
        "48 hours excluding saturday, sunday, federal_holiday counting observed",
        "48 hours excluding saturday, sunday, federal_holiday counting actual",
    )
    assert found['expect no duty "tell-ice"'] == (
        "the duty does not apply", 'duties that apply: "tell-ice"',
    )


def test_invalid_example_case_is_a_failure_with_the_case_error(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    result = run_example(statute, statute.examples[3])
    assert not result.passed
    assert isinstance(result.error, CaseError)
    assert result.decision is None
    text = result.render()
    assert "not a valid case" in text
    assert "charges[0]" in text or "felony class" in text


def test_malformed_case_in_an_example_object(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    bad = attrs.evolve(statute.examples[0], case={"person": {"age": "old"}})
    result = run_example(statute, bad)
    assert isinstance(result.error, CaseError)
    assert any(m.startswith("person.age") for m in result.error.errors)


def test_render_shows_location_expected_actual_and_explanation(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    text = run_example(statute, statute.examples[1]).render()
    assert text.startswith('FAILED: test/runner example "wrong on every count"')
    assert f"{runner_law}:" in text
    assert "expected: permitted" in text and "actual:   prohibited" in text
    assert "explanation:" in text


def test_run_file_and_summary(runner_law: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.law"
    broken.write_text(RUNNER_LAW.replace("hold prohibited", "hold prohibitted"), encoding="utf-8")
    good = run_file(runner_law)
    bad = run_file(broken)
    assert good.statute == "test/runner" and good.error is None
    assert (good.passed, good.failed) == (1, 3)
    assert bad.error is not None and bad.examples == () and bad.failed == 1
    assert summary([good, bad]) == (1, 4)


def test_statute_files_skip_the_vocabulary() -> None:
    files = statute_files([statutes_root()])
    assert files
    assert all(not is_vocabulary(f) for f in files)
    assert is_vocabulary(statutes_root() / "vocabulary" / "detainer.law")
    assert not is_vocabulary(statutes_root() / "ct" / "pa-13-155.law")


def test_bundled_examples_all_pass() -> None:
    results = [run_file(path) for path in statute_files([statutes_root()])]
    failures = [r.render() for f in results for r in f.examples if not r.passed]
    compile_errors = [f.path for f in results if f.error is not None]
    assert not compile_errors
    assert not failures, "\n\n".join(failures)
    assert summary(results)[0] > 0


# the examples of the amended law that each bundled draft decides otherwise: pinned, so
# that an amendment changing more (or less) than it meant to is seen
CHANGED_BY_DRAFT = {
    "ca/sb54-2017-ten-year-lookback-draft": {
        "a listed felony exactly fifteen years old still counts"},
    "ct/pa-13-155-without-b7-draft": {
        "an officer's public-safety finding permits the hold",
        "Thanksgiving and the weekend both stop the clock"},
    "ct/pa-19-20-hb7211-gate-draft": {
        "a judge-signed warrant permits the hold but not an interview",
        "a Connecticut class B felony conviction opens every gate",
        "a possible terrorist-list match permits hold and interview",
        "an administrative warrant does not undo a gate",
        "a class B felony judgment whose plea is not recorded leaves the gates undetermined",
        "an unknown felony class leaves the outcomes undetermined",
        "an unknown judicial-warrant fact leaves the hold undetermined but not the interview",
        "an I-247A hold runs 48 clock hours through the weekend",
        "an I-247A hold runs through Thanksgiving",
        "an old Form I-247 carries its weekend exclusion",
        "an unknown form gives the shortest form limit",
        "a form that states no length leaves the hold to the regulation's limit"},
    "nyc/int-1558-2017": set(),
}


def test_each_bundled_amendment_changes_exactly_the_examples_it_means_to() -> None:
    results = {f.statute: f for f in map(run_file, statute_files([statutes_root()]))
               if f.inherited}
    assert set(results) == set(CHANGED_BY_DRAFT)
    for statute, result in results.items():
        changed = {r.name for r in result.inherited if r.changed}
        assert changed == CHANGED_BY_DRAFT[statute], statute
        # every other inherited example passes: none is an error taken for a change
        assert all(r.passed for r in result.inherited if not r.changed), statute
        assert result.failed == 0 and result.changed == len(changed)


def test_an_inherited_example_that_cannot_run_is_a_failure_not_a_change() -> None:
    error = CaseError([Diagnostic("TL-C002", "person.age: expected a whole number")])
    broken = ExampleResult("x/amended", "a case", None, error=error, inherited_from="x/base")
    assert not broken.passed and not broken.changed
    assert broken.render(explain=False).startswith('FAILED: x/amended example of x/base')
    result = FileResult("x.law", "x/amended", inherited=(broken,))
    assert (result.passed, result.failed, result.changed) == (0, 1, 0)


def test_describe_matches_the_statute_text(runner_law: Path) -> None:
    statute = loader.load(runner_law)
    lines = [line.strip() for line in RUNNER_LAW.splitlines()]
    written = [line for line in lines if line.startswith("expect")]
    described = [describe(e) for ex in statute.examples for e in ex.expectations]
    assert described == written
