"""A Decision's methods given what an integrator's code may pass them: pandas' NaT, a date
without a time, a tab or a float as the indent. Each is a trustlaw usage error naming the
argument, never a foreign exception, invalid JSON or a silent answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import trustlaw

CASE: dict[str, Any] = {
    "date": "2015-03-02", "agency": "county_jail",
    "request": {"kinds": ["hold"], "form": "I-247", "judicial_warrant": False,
                "court_order": False},
    "convictions": [{"date": "2009-06-01", "level": "felony", "court": "other_state",
                     "youthful_offender": False, "vacated": False}],
}


@pytest.fixture(scope="module")
def held() -> trustlaw.Decision:
    decision = trustlaw.load("ct/pa-13-155").decide(CASE)
    assert decision.max_hold is not None
    return decision


@pytest.fixture(scope="module")
def no_hold() -> trustlaw.Decision:
    decision = trustlaw.load("ca/sb54-2017").decide(CASE)
    assert decision.max_hold is None
    return decision


def test_a_date_without_a_time_is_refused_as_a_date_object_is(
        held: trustlaw.Decision) -> None:
    """A `date` was refused (the clock starts at the hour) but the string "2015-03-05"
    was counted from midnight, two days' answer off a Thursday-evening release."""
    for day in ("2015-03-05", "20150305", "2015-W10-4"):
        with pytest.raises(trustlaw.UsageValueError, match="without a time"):
            held.release_deadline(day)
    assert held.release_deadline("2015-03-05T17:00") == dt.datetime(2015, 3, 9, 17)


@pytest.mark.parametrize("text", ["x", "17:00", "\ud800", "2015-03-05T17:00\x00",
                                  "2015-03-05T17:00\u202e"])
def test_text_that_is_no_time_is_named_so(held: trustlaw.Decision, text: str) -> None:
    """A trailing NUL was read as 17:00 (`fromisoformat` lets it by), and any short text
    was called "a date without a time of day"."""
    with pytest.raises(trustlaw.UsageValueError, match="is not an ISO date and time"):
        held.release_deadline(text)


def test_nat_is_a_usage_error(held: trustlaw.Decision) -> None:
    pandas = pytest.importorskip("pandas")
    with pytest.raises(trustlaw.UsageValueError, match="NaT"):
        held.release_deadline(pandas.NaT)
    stamp = pandas.Timestamp("2015-03-05T17:00")
    assert held.release_deadline(stamp) == dt.datetime(2015, 3, 9, 17)


def test_a_bad_release_time_is_an_error_even_when_no_hold_may_happen(
        no_hold: trustlaw.Decision) -> None:
    """It returned None unread, so a caller's bug showed only on the cases that held."""
    with pytest.raises(trustlaw.UsageValueError):
        no_hold.release_deadline("Thursday evening")
    with pytest.raises(trustlaw.UsageTypeError):
        no_hold.release_deadline(dt.date(2015, 3, 5))  # type: ignore[arg-type]
    assert no_hold.release_deadline(dt.datetime(2015, 3, 5, 17)) is None


@pytest.mark.parametrize("indent", [None, 0, 2, 32])
def test_to_json_takes_a_number_of_spaces(held: trustlaw.Decision, indent: int | None) -> None:
    assert json.loads(held.to_json(indent=indent)) == held.to_dict()


@pytest.mark.parametrize("indent, error", [
    ("\t", trustlaw.UsageTypeError),  # json_text escaped the tab: invalid JSON
    (2.5, trustlaw.UsageTypeError),  # a TypeError from json
    (True, trustlaw.UsageTypeError),
    (-1, trustlaw.UsageValueError),
    (10**9, trustlaw.UsageValueError),  # gigabytes of spaces
])
def test_to_json_refuses_another_indent(held: trustlaw.Decision, indent: Any,
                                        error: type[Exception]) -> None:
    with pytest.raises(error, match="indent"):
        held.to_json(indent=indent)
