"""The Python example on docs/testing.md runs, and its claims hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings

import trustlaw
from trustlaw.testing.strategies import cases_for

PAGE = Path(__file__).resolve().parent.parent / "docs" / "testing.md"

pytest.importorskip("z3")


def test_the_page_shows_the_property_tested_here() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert 'law = trustlaw.load("ca/sb54-2017")' in text
    assert re.search(r'assert law\.decide\(case\)\.outcomes\["hold"\] != "required"', text)


LAW = trustlaw.load("ca/sb54-2017")


@settings(max_examples=150, deadline=None)
@given(cases_for(LAW.program))
def test_sb54_never_requires_a_hold(case: dict[str, object]) -> None:
    assert LAW.decide(case).outcomes["hold"] != "required"


def test_the_stronger_property_is_false_for_an_agency_sb54_does_not_bind() -> None:
    decision = LAW.decide({"agency": "state_corrections"})
    assert decision.outcomes["hold"] == "permitted"
    assert "does not bind" in decision.grounds["hold"][0].text
