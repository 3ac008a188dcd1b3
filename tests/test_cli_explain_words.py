"""`trustlaw explain` in a lawyer's words: the facts as the vocabulary describes them
(as the site's case checker shows them), a fact still to give followed by its path in
the case; `--paths` gives the account by field paths, as `Decision.explain()` does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run
from example_cases import fact_pattern

import trustlaw
from trustlaw.decisions.explain import explain
from trustlaw.decisions.fact_words import PlainFacts


def pattern(name: str) -> dict[str, Any]:
    """The owner's fact pattern `name` (tests/fact_patterns/ca.json): its case."""
    return fact_pattern("ca.json", name)


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
    # the facts the deciding provision read, and the tag, in the vocabulary's words, as
    # clauses about the conviction that go on with the sentence
    assert ("; here conviction 1 still stands, was entered by a court of the state whose law "
            "is applied, was not a youthful-offender or juvenile adjudication, and is classed "
            "as a California serious felony.") in out
    # the condition as the conviction it asks for, the two tags' shared words said once
    assert ("It applies when there is a conviction that still stands, that was entered by a "
            "court of the state whose law is applied, a court of another state of the United "
            "States, a federal court of the United States or a court of the District of "
            "Columbia, that was not a youthful-offender or juvenile adjudication, and that is "
            "classed as a California serious or violent felony; here") in out
    assert "which is not so here: the person is not a United States citizen." in out
    # the agency by what it is, not as the case writes it
    assert "it binds this agency (a county or city jail)." in out
    for identifier in ("ca.serious_felony", "convictions[0]", "person.us_citizen",
                       "county_jail", "this_state"):
        assert identifier not in out
    # the same account as the case checker's on the site
    law = trustlaw.load("ca/ab4-2013")
    decision = law.decide(pattern("ca4-serious-felony"), backend="interpreter")
    assert out == explain(decision, PlainFacts(law.vocabulary)) + "\n"


def test_a_fact_still_to_give_keeps_its_path_only_in_the_list_of_what_to_give(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    """The account says a fact still to give as the fact to find out; only the list at
    its end, for whoever fills in the case, names each one's place in the case too."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps(pattern("ca4-local-policy-unknown")), encoding="utf-8")
    code, out, _ = run(capsys, "explain", "ca/ab4-2013", str(path))
    assert code == 0
    assert ("it depends on whether a local law or policy forbids honoring the request."
            ) in out
    body, _, to_give = out.partition("Still unknown")
    assert "local_policy_bars_hold" not in body
    assert ("  - hold: whether a local law or policy forbids honoring the request "
            "(local_policy_bars_hold)") in to_give


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
