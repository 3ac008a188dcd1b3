"""`trustlaw explain` in a lawyer's words: the facts as the vocabulary describes them
(as the site's case checker shows them), a fact still to give followed by its path in
the case; `--paths` gives the account by field paths, as `Decision.explain()` does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

import trustlaw
from trustlaw.decisions.explain import explain
from trustlaw.decisions.fact_words import PlainFacts

PATTERNS = Path(__file__).parent / "fact_patterns" / "ca.json"


def pattern(name: str) -> dict[str, Any]:
    """The owner's fact pattern `name` (tests/fact_patterns/ca.json): its case."""
    found = [p for p in json.loads(PATTERNS.read_text(encoding="utf-8")) if p["id"] == name]
    assert len(found) == 1, name
    case: dict[str, Any] = found[0]["case"]
    return case


@pytest.fixture
def serious_felony(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(pattern("ca4-serious-felony")), encoding="utf-8")
    return path


def test_explain_says_the_facts_and_tags_in_words(
    capsys: pytest.CaptureFixture[str], serious_felony: Path,
) -> None:
    code, out, _ = run(capsys, "explain", "ca/ab4-2013", str(serious_felony))
    assert code == 0
    assert "Hold (keeping the person past release): permitted" in out
    # the facts the deciding provision read, and the tag, in the vocabulary's words
    assert ("here Conviction 1 still stands; Conviction 1 — The convicting court: A court "
            "of the state whose law is applied; Conviction 1 was not a youthful-offender or "
            "juvenile adjudication; Conviction 1 — Offense classifications: California "
            "serious felony.") in out
    assert "has California serious felony among its tags" in out
    assert "which is not so here: The person is not a United States citizen." in out
    # the agency by what it is, not as the case writes it
    assert "it binds this agency (any local jail, e.g. New York City's Department" in out
    for identifier in ("ca.serious_felony", "convictions[0]", "person.us_citizen",
                       "county_jail", "this_state"):
        assert identifier not in out
    # the same account as the case checker's on the site
    law = trustlaw.load("ca/ab4-2013")
    decision = law.decide(pattern("ca4-serious-felony"), backend="interpreter")
    assert out == explain(decision, PlainFacts(law.vocabulary)) + "\n"


def test_a_fact_still_to_give_keeps_its_path_after_its_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(pattern("ca4-local-policy-unknown")), encoding="utf-8")
    code, out, _ = run(capsys, "explain", "ca/ab4-2013", str(path))
    assert code == 0
    assert ("it depends on: whether a local law or policy forbids honoring the request "
            "(local_policy_bars_hold).") in out
    assert ("  - hold: whether a local law or policy forbids honoring the request "
            "(local_policy_bars_hold)") in out


def test_paths_gives_the_account_by_field_paths(
    capsys: pytest.CaptureFixture[str], serious_felony: Path,
) -> None:
    """For a programmer: every fact by its path and every value as the case writes it,
    the very text `Decision.explain()` (and the service) gives."""
    code, out, _ = run(capsys, "explain", "ca/ab4-2013", str(serious_felony), "--paths")
    assert code == 0
    case = pattern("ca4-serious-felony")
    assert out == trustlaw.load("ca/ab4-2013").decide(case, backend="interpreter").explain() \
        + "\n"
    assert "convictions[0].tags is [ca.serious_felony]" in out
    assert "this agency (county_jail)" in out


def test_python_gives_the_same_account_in_words_on_request() -> None:
    """`Statute.explain(case, in_words=True)` is the command line's account; without it,
    `Decision.explain()`'s by paths."""
    law = trustlaw.load("ca/ab4-2013")
    case = pattern("ca4-serious-felony")
    decision = law.decide(case, backend="interpreter")
    worded = law.explain(case, in_words=True)
    assert worded == explain(decision, PlainFacts(law.vocabulary))
    assert "California serious felony" in worded and "ca.serious_felony" not in worded
    assert law.explain(case) == decision.explain()
