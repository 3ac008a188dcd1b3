"""Connecticut's 2013 TRUST Act (ct/pa-13-155) reads vacated and foreign judgments and
releases on a promise to appear: each unknown value leaves the hold open on that fact alone."""

from __future__ import annotations

from typing import Any

import pytest

import trustlaw
from trustlaw import ir

STATUTE = trustlaw.load("ct/pa-13-155")
EXAMPLES = {e.name: e.case for e in STATUTE.program.examples}


def decide(name: str) -> dict[str, Any]:
    return STATUTE.decide(EXAMPLES[name]).to_dict()


@pytest.mark.parametrize(("example", "fact"), [
    ("a felony judgment not known to stand leaves the hold undetermined",
     "convictions[0].vacated"),
    ("a felony judgment of an unknown court leaves the hold undetermined",
     "convictions[0].court"),
    ("an unknown release on a promise to appear leaves the hold undetermined",
     "charges[0].released_on_promise_to_appear"),
])
def test_an_unknown_reading_fact_leaves_the_hold_open_on_that_fact(example: str,
                                                                    fact: str) -> None:
    out = decide(example)
    assert out["outcomes"]["hold"] == "undetermined"
    assert out["possible"]["hold"] == ["prohibited", "permitted"]
    assert out["depends_on"]["hold"] == [fact]


@pytest.mark.parametrize("example", [
    "a vacated felony judgment is no conviction",
    "a felony judgment of a foreign court is not a conviction",
    "a release on a written promise to appear is not a charge without bond",
    "a release on a promise to appear settles the charge even when the bond field is absent",
])
def test_what_is_no_ground_leaves_the_hold_prohibited(example: str) -> None:
    out = decide(example)
    assert out["outcomes"]["hold"] == "prohibited"
    assert [g["provision"] for g in out["grounds"]["hold"]] == ["(b)"]
    assert out["depends_on"] == {}


def test_the_same_facts_known_the_other_way_permit_the_hold() -> None:
    standing = EXAMPLES["a vacated felony judgment is no conviction"]
    standing = {**standing, "convictions": [{**standing["convictions"][0], "vacated": False}]}
    released = EXAMPLES["a release on a written promise to appear is not a charge without bond"]
    released = {**released, "charges": [{**released["charges"][0],
                                         "released_on_promise_to_appear": False}]}
    for case, label in ((standing, "(b)(1)"), (released, "(b)(2)")):
        out = STATUTE.decide(case).to_dict()
        assert out["outcomes"]["hold"] == "permitted"
        assert [g["provision"] for g in out["grounds"]["hold"]] == [label]


def test_a_pending_appeal_changes_nothing() -> None:
    name = "a federal felony judgment under appeal still permits the hold"
    assert EXAMPLES[name]["convictions"][0]["pending_appeal"] is True  # type: ignore[index]
    out = decide(name)
    assert out["outcomes"]["hold"] == "permitted"
    read = set().union(*(ir.referenced_paths(r.condition) for r in STATUTE.program.rules))
    assert ("convictions", "*", "vacated") in read
    assert ("convictions", "*", "pending_appeal") not in read


def test_the_readings_are_stated_in_the_notes_on_the_grounds() -> None:
    notes = {n.title: n.text for n in STATUTE.program.notes}
    assert not any("not yet read" in text.lower() for text in notes.values())
    out = decide("a federal felony judgment under appeal still permits the hold")
    conviction_notes = out["grounds"]["hold"][0]["notes"]
    assert any("vacated" in notes[t] and "outside the United States" in notes[t]
               for t in conviction_notes)
    assert any("pending appeal" in notes[t] for t in conviction_notes)
    charge = STATUTE.decide(EXAMPLES["a pending Connecticut charge without bond permits the hold"])
    assert any("promise to appear" in notes[t] for t in charge.to_dict()["grounds"]["hold"][0]
               ["notes"])
