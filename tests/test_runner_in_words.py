"""`trustlaw test` says in words why an example failed: under the expected-against-actual
lines, the part of `trustlaw explain`'s worded account about what failed (whom the law
binds, then the outcome, the time limit or the duties), before the whole explanation by
paths it printed already. The wording is the explain modules' to choose: these tests look
for the parts, the provisions and the facts, never for a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run
from test_runner_examples import RUNNER_LAW

from trustlaw.decisions.explain import PARTS, explain
from trustlaw.decisions.fact_words import PlainFacts
from trustlaw.library import loader
from trustlaw.lowering.files import statutes_root
from trustlaw.testing.runner import run_example, run_file

WHY = "  why, in words:"


def why_block(text: str) -> str:
    """The lines under ``why, in words:`` up to the explanation by paths."""
    assert WHY in text, text
    return text.split(WHY + "\n", 1)[1].split("\n  explanation:\n", 1)[0]


def law_with(tmp_path: Path, old: str, new: str) -> Path:
    """Connecticut's 2013 Act with one expectation of its examples changed."""
    text = (statutes_root() / "ct" / "pa-13-155.law").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pa-13-155.law"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_wrong_outcome_is_explained_in_words_by_the_deciding_provision(
        tmp_path: Path) -> None:
    law = law_with(tmp_path, "  expect hold permitted\n  expect hold grounds (b)(1)\n",
                   "  expect hold prohibited\n  expect hold grounds (b)(1)\n")
    (result,) = [r for r in run_file(law).examples if not r.passed]
    assert result.decision is not None and result.vocabulary is not None
    words = PlainFacts(result.vocabulary)
    why = result.why_in_words()
    # exactly the parts about what failed: whom the law binds and the hold
    assert why == explain(result.decision, words, parts=("scope", "hold"))
    assert "(b)(1) (Conn. Pub. Act 13-155 § 1(b)(1))" in why
    assert explain(result.decision, words, parts=("notification",)) not in why
    # in words: the facts are not said by their paths, which the explanation still gives
    text = result.render()
    assert "convictions[0].court is other_state" not in why_block(text)
    assert "convictions[0].court is other_state" in text.split("  explanation:\n", 1)[1]
    assert text.index("actual:   permitted") < text.index(WHY) < text.index("  explanation:")


def test_each_kind_of_expectation_brings_its_part(tmp_path: Path) -> None:
    law = tmp_path / "runner.law"
    law.write_text(RUNNER_LAW, encoding="utf-8")
    statute = loader.load(law)
    result = run_example(statute, statute.examples[1])  # "wrong on every count"
    about = {m.expectation: m.about for m in result.mismatches}
    assert about["expect hold permitted"] == ("hold",)
    assert about["expect hold grounds (b)"] == ("hold",)
    assert about["expect max_hold 24 hours"] == ("hold", "time_limit")
    assert about['expect duty "tell-ice"'] == ("duties",)
    assert about["expect deadline 2015-03-06T17:00 from 2015-03-05T17:00"] == (
        "hold", "time_limit")
    assert result.decision is not None
    assert result.why_in_words() == explain(
        result.decision, PlainFacts(statute.vocabulary),
        parts=("hold", "time_limit", "duties"))
    block = why_block(result.render())
    assert "(a) (Test Act § (a))" in block and "No holds." in block


def test_a_duty_alone_gives_the_duties_part(tmp_path: Path) -> None:
    law = law_with(tmp_path, '  expect duty "release-after-48-hours"\n}',
                   '  expect no duty "release-after-48-hours"\n}')
    (result,) = [r for r in run_file(law).examples if not r.passed]
    assert [m.about for m in result.mismatches] == [("duties",)]
    block = why_block(result.render())
    assert '"release-after-48-hours"' in block  # the duty, named as the file names it
    assert "Conn. Pub. Act 13-155 § 1(b)(1)" not in block  # not the hold's provisions


def test_the_command_prints_the_reason_in_words(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    law = law_with(tmp_path, "  expect hold permitted\n  expect hold grounds (b)(1)\n",
                   "  expect hold prohibited\n  expect hold grounds (b)(1)\n")
    code, out, _ = run(capsys, "test", str(law))
    assert code == 1
    assert out.count(WHY) == 1
    block = why_block(out)
    assert "(b)(1)" in block and "(a)(4)" in block  # the deciding provision, the scope
    assert "explanation:" in out and out.strip().endswith("1 failed")


def test_a_case_that_is_not_valid_has_no_reason_in_words(tmp_path: Path) -> None:
    law = tmp_path / "runner.law"
    law.write_text(RUNNER_LAW, encoding="utf-8")
    statute = loader.load(law)
    result = run_example(statute, statute.examples[3])  # "inconsistent facts"
    assert result.decision is None and result.why_in_words() == ""
    assert WHY not in result.render()


def test_a_passing_example_has_no_reason_to_give(tmp_path: Path) -> None:
    law = tmp_path / "runner.law"
    law.write_text(RUNNER_LAW, encoding="utf-8")
    statute = loader.load(law)
    result = run_example(statute, statute.examples[0])
    assert result.passed and result.why_in_words() == ""


def test_explain_refuses_a_part_it_does_not_have() -> None:
    law = loader.load("ct/pa-13-155")
    decision = law.decide({"date": "2015-03-02"})
    with pytest.raises(ValueError, match="hold_limit"):
        explain(decision, parts=("hold_limit",))
    whole = explain(decision)
    assert explain(decision, parts=PARTS) in whole  # every part: the body of the account
