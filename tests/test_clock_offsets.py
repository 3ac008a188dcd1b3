"""A release time with only a UTC offset (UTC itself, ``-05:00``) names an instant but not
the jail's calendar. Its days were counted in that offset, so a UTC time's Saturday began
on Friday evening in California and a 48-hour hold "excluding Saturdays and Sundays" could
end on Sunday evening, two days late. Now, where a limit skips days, the deadline is the
earliest of the readings in the US zones with that offset at that instant (every US zone
for UTC): never later than the jail's own local reading."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.decisions.clock import US_ZONES, MaxHold, _place_unknown, release_deadline

REG = MaxHold(48, ("saturday", "sunday", "federal_holiday"), "actual")
FLAT_48 = MaxHold(48, ())
PACIFIC, EASTERN = ZoneInfo("America/Los_Angeles"), ZoneInfo("America/New_York")
ZONES = [ZoneInfo(name) for name in US_ZONES]


def test_a_utc_time_ends_when_the_local_time_does() -> None:
    """Wednesday 20:00 in Los Angeles is Thursday 03:00 UTC: the hold ends Friday
    20:00 there, not Sunday 20:00 (Monday 03:00 UTC, the UTC calendar's reading)."""
    local = dt.datetime(2015, 5, 13, 20, tzinfo=PACIFIC)
    assert release_deadline(local, REG) == dt.datetime(2015, 5, 15, 20, tzinfo=PACIFIC)
    in_utc = release_deadline(local.astimezone(dt.UTC), REG)
    assert in_utc == dt.datetime(2015, 5, 15, 20, tzinfo=PACIFIC)
    assert in_utc.tzinfo is dt.UTC  # said in the offset it was given in
    assert release_deadline("2015-05-14T03:00Z", REG) == in_utc


def test_an_offset_counts_the_days_of_the_zone_that_has_it_then() -> None:
    """Friday 17:00 at -05:00 before the spring change is New York's 17:00 EST: the hold
    ends Tuesday 17:00 EDT (16:00 at -05:00), not 17:00 at -05:00, an hour late."""
    end = release_deadline("2023-03-10T17:00-05:00", REG)
    assert end == dt.datetime(2023, 3, 14, 17, tzinfo=EASTERN)
    assert end.utcoffset() == dt.timedelta(hours=-5)


def test_a_decision_read_with_a_utc_release_time() -> None:
    case = {"date": "2015-05-13", "agency": "county_jail", "local_policy_bars_hold": False,
            "request": {"kinds": ["hold"], "form": "I-247", "judicial_warrant": False},
            "person": {"us_citizen": False},
            "convictions": [{"level": "felony", "court": "this_state", "date": "2014-01-01",
                             "vacated": False, "youthful_offender": False,
                             "tags": ["ca.serious_felony"]}]}
    decision = trustlaw.load("ca/ab4-2013").decide(case)
    assert decision.outcomes["hold"] == "permitted"
    assert decision.release_deadline("2015-05-14T03:00Z") == \
        decision.release_deadline(dt.datetime(2015, 5, 13, 20, tzinfo=PACIFIC)) == \
        dt.datetime(2015, 5, 15, 20, tzinfo=PACIFIC)


@pytest.mark.parametrize(("zone", "unknown"), [
    (dt.UTC, True), (dt.timezone(dt.timedelta(hours=-5)), True), (ZoneInfo("UTC"), True),
    (ZoneInfo("Etc/GMT+5"), True), (ZoneInfo("America/New_York"), False),
    (ZoneInfo("America/Phoenix"), False), (ZoneInfo("Europe/Paris"), False),
])
def test_which_zones_are_only_an_offset(zone: dt.tzinfo, unknown: bool) -> None:
    assert _place_unknown(zone) is unknown


instants = st.datetimes(min_value=dt.datetime(2008, 1, 1), max_value=dt.datetime(2030, 12, 31),
                        timezones=st.just(dt.UTC))
limits = st.builds(MaxHold, hours=st.sampled_from([1, 24, 48, 72]),
                   excluding=st.sampled_from([("saturday", "sunday"),
                                              ("saturday", "sunday", "federal_holiday"),
                                              ("federal_holiday",)]),
                   holidays=st.sampled_from(["actual", "observed"]))


@settings(max_examples=60, deadline=None)
@given(release_at=instants, limit=limits)
def test_a_utc_time_is_never_late_in_any_us_zone(release_at: dt.datetime,
                                                 limit: MaxHold) -> None:
    end = release_deadline(release_at, limit)
    local = [release_deadline(release_at.astimezone(zone), limit) for zone in ZONES]
    assert all(end <= each for each in local)
    assert end in local  # the earliest of them: a jail's own reading, not a shorter one


@settings(max_examples=60, deadline=None)
@given(release_at=instants, limit=limits, zone=st.sampled_from(ZONES))
def test_a_local_offset_is_never_late_in_its_zone(release_at: dt.datetime, limit: MaxHold,
                                                  zone: ZoneInfo) -> None:
    """The offset a jail's clock shows, written without its zone's name."""
    local = release_at.astimezone(zone)
    offset_only = local.astimezone(dt.timezone(local.utcoffset() or dt.timedelta()))
    end = release_deadline(offset_only, limit)
    assert end <= release_deadline(local, limit)
    assert end >= offset_only + dt.timedelta(hours=limit.hours)


@settings(max_examples=40, deadline=None)
@given(release_at=instants)
def test_flat_hours_are_the_same_instant_in_any_offset(release_at: dt.datetime) -> None:
    assert release_deadline(release_at, FLAT_48) == release_at + dt.timedelta(hours=48)
