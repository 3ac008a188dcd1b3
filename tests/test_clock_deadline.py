"""The hold clock: 48 hours excluding weekends and federal holidays, flat hours, readings."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trustlaw.decisions.clock import MaxHold, federal_holidays, is_excluded, release_deadline

WEEKENDS_AND_HOLIDAYS = ("saturday", "sunday", "federal_holiday")
REG = MaxHold(48, WEEKENDS_AND_HOLIDAYS, "actual")
REG_OBSERVED = MaxHold(48, WEEKENDS_AND_HOLIDAYS, "observed")
FLAT_24 = MaxHold(24, ())
FLAT_48 = MaxHold(48, ())


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi)


# ---- the practitioner's worked examples (REFERENCE.md 12.1) -------------------------


def test_monday_evening_ends_wednesday_evening() -> None:
    assert at(2015, 3, 2).strftime("%A") == "Monday"
    assert release_deadline(at(2015, 3, 2, 17), REG) == at(2015, 3, 4, 17)


def test_thursday_evening_ends_monday_evening() -> None:
    # 7 h Thursday + 24 h Friday + 17 h Monday = 48 counted hours.
    assert at(2015, 3, 5).strftime("%A") == "Thursday"
    assert release_deadline(at(2015, 3, 5, 17), REG) == at(2015, 3, 9, 17)


def test_release_on_saturday_starts_counting_monday_midnight() -> None:
    assert release_deadline(at(2015, 3, 7, 10, 30), REG) == at(2015, 3, 11, 0)


def test_release_on_sunday_night_starts_monday_midnight() -> None:
    assert release_deadline(at(2015, 3, 8, 23, 59), REG) == at(2015, 3, 11, 0)


def test_exactly_at_midnight_of_a_counted_day() -> None:
    assert release_deadline(at(2015, 3, 2, 0), REG) == at(2015, 3, 4, 0)


def test_last_hour_ending_friday_midnight_does_not_run_into_the_weekend() -> None:
    # Thursday 00:00 + 48 counted hours accumulates exactly at the end of Friday.
    assert release_deadline(at(2015, 3, 5, 0), REG) == at(2015, 3, 7, 0)


# ---- federal holidays -----------------------------------------------------------------


def test_memorial_day_stops_the_clock() -> None:
    # Memorial Day 2015 was Monday 25 May: Friday 17:00 -> 7 h Fri, Tue 24 h, Wed 17 h.
    assert dt.date(2015, 5, 25) in federal_holidays(2015)
    assert release_deadline(at(2015, 5, 22, 17), REG) == at(2015, 5, 27, 17)


def test_thanksgiving_stops_the_clock() -> None:
    # Thanksgiving 2015: Thursday 26 November. Wednesday 12:00 -> 12 h Wed, 24 h Fri, 12 h Mon.
    assert dt.date(2015, 11, 26) in federal_holidays(2015)
    assert release_deadline(at(2015, 11, 25, 12), REG) == at(2015, 11, 30, 12)


def test_a_flat_clock_ignores_holidays() -> None:
    assert release_deadline(at(2015, 11, 25, 12), FLAT_48) == at(2015, 11, 27, 12)


def test_juneteenth_2021_observed_friday_only_under_observed_reading() -> None:
    # 19 June 2021 was a Saturday; federal offices closed on Friday 18 June.
    thursday = at(2021, 6, 17, 9)
    assert release_deadline(thursday, REG) == at(2021, 6, 21, 9)  # Thu 15 + Fri 24 + Mon 9
    assert release_deadline(thursday, REG_OBSERVED) == at(2021, 6, 22, 9)  # Thu 15, Mon 24, Tue 9
    assert dt.date(2021, 6, 19) in federal_holidays(2021, "actual")
    assert dt.date(2021, 6, 18) not in federal_holidays(2021, "actual")
    assert dt.date(2021, 6, 18) in federal_holidays(2021, "observed")


def test_juneteenth_2020_was_not_a_holiday() -> None:
    # Friday 19 June 2020 counts: the holiday exists from 2021.
    assert dt.date(2020, 6, 19) not in federal_holidays(2020, "actual")
    assert dt.date(2020, 6, 19) not in federal_holidays(2020, "observed")
    assert release_deadline(at(2020, 6, 18, 9), REG) == at(2020, 6, 22, 9)
    assert release_deadline(at(2020, 6, 18, 9), REG_OBSERVED) == at(2020, 6, 22, 9)


def test_juneteenth_2023_on_a_monday() -> None:
    assert release_deadline(at(2023, 6, 16, 12), REG) == at(2023, 6, 21, 12)


def test_christmas_2022_on_a_sunday_under_both_readings() -> None:
    # 25 Dec 2022 is a Sunday; it is observed on Monday 26 December.
    friday = at(2022, 12, 23, 17)
    assert release_deadline(friday, REG) == at(2022, 12, 27, 17)  # Fri 7 + Mon 24 + Tue 17
    assert release_deadline(friday, REG_OBSERVED) == at(2022, 12, 28, 17)  # Fri 7 + Tue 24 + Wed 17


def test_new_years_day_2022_observed_on_the_last_day_of_2021() -> None:
    # 1 Jan 2022 was a Saturday, observed Friday 31 December 2021.
    assert dt.date(2021, 12, 31) in federal_holidays(2021, "observed")
    assert dt.date(2021, 12, 31) not in federal_holidays(2021, "actual")


def test_no_state_holidays_and_no_inauguration_day() -> None:
    days_2021 = federal_holidays(2021, "observed")
    assert dt.date(2021, 1, 20) not in days_2021  # Inauguration Day (D.C. area only)
    assert dt.date(2021, 4, 2) not in days_2021  # Good Friday (a Connecticut holiday)
    assert dt.date(2021, 2, 12) not in days_2021  # Lincoln's Birthday (a Connecticut holiday)
    assert len(federal_holidays(2020, "actual")) == 10
    assert len(federal_holidays(2022, "actual")) == 11


def test_only_the_excluded_day_kinds_stop_the_clock() -> None:
    weekends_only = MaxHold(48, ("saturday", "sunday"))
    # Memorial Day counts when holidays are not excluded.
    assert release_deadline(at(2015, 5, 22, 17), weekends_only) == at(2015, 5, 26, 17)
    holidays_only = MaxHold(24, ("federal_holiday",), "actual")
    assert release_deadline(at(2015, 3, 7, 10), holidays_only) == at(2015, 3, 8, 10)
    assert not is_excluded(dt.date(2015, 3, 7), holidays_only)
    assert is_excluded(dt.date(2015, 3, 7), REG)


def test_unknown_reading_is_rejected() -> None:
    with pytest.raises(ValueError, match="observed"):
        federal_holidays(2021, "state")


# ---- flat hours and time zones -------------------------------------------------------


def test_flat_24_hours() -> None:
    assert release_deadline(at(2015, 3, 6, 17), FLAT_24) == at(2015, 3, 7, 17)


def test_aware_datetimes_keep_their_zone() -> None:
    eastern = ZoneInfo("America/New_York")
    start = dt.datetime(2015, 3, 5, 17, tzinfo=eastern)
    end = release_deadline(start, REG)
    assert end.tzinfo is eastern
    assert end == dt.datetime(2015, 3, 9, 17, tzinfo=eastern)
    fixed = dt.timezone(dt.timedelta(hours=-5))
    assert release_deadline(dt.datetime(2015, 3, 2, 17, tzinfo=fixed), REG).tzinfo is fixed


def test_naive_datetimes_stay_naive() -> None:
    assert release_deadline(at(2015, 3, 2, 17), REG).tzinfo is None
    assert release_deadline(at(2015, 3, 2, 17), FLAT_24).tzinfo is None


def test_aware_clock_counts_real_hours_across_daylight_saving() -> None:
    # 8 March 2015 02:00 EST -> 03:00 EDT: a flat 24 h hold from Saturday 12:00 EST
    # ends at Sunday 13:00 EDT, 24 real hours later.
    eastern = ZoneInfo("America/New_York")
    start = dt.datetime(2015, 3, 7, 12, tzinfo=eastern)
    end = release_deadline(start, FLAT_24)
    assert end == dt.datetime(2015, 3, 8, 13, tzinfo=eastern)
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=24)


# ---- properties ------------------------------------------------------------------------

# Arizona's clock never changes for daylight saving, and is a place whose days a jail
# counts: the arithmetic of the limits; a naive time, whose zone is unknown, and a time
# with only an offset, whose place is unknown, are taken up below
STEADY = ZoneInfo("America/Phoenix")
moments = st.datetimes(min_value=at(2008, 1, 1), max_value=at(2030, 12, 31),
                       timezones=st.just(STEADY))
limits = st.builds(
    MaxHold,
    hours=st.sampled_from([0, 1, 24, 48, 72]),
    excluding=st.sampled_from(
        [(), ("saturday", "sunday"), WEEKENDS_AND_HOLIDAYS, ("federal_holiday",)]
    ),
    holidays=st.sampled_from(["actual", "observed"]),
)


@settings(max_examples=200, deadline=None)
@given(release_at=moments, limit=limits)
def test_deadline_is_never_before_release_plus_hours(
    release_at: dt.datetime, limit: MaxHold
) -> None:
    deadline = release_deadline(release_at, limit)
    assert deadline >= release_at + dt.timedelta(hours=limit.hours)
    if not limit.excluding:
        assert deadline == release_at + dt.timedelta(hours=limit.hours)


@settings(max_examples=200, deadline=None)
@given(a=moments, b=moments, limit=limits)
def test_deadline_is_monotone_in_release_time(
    a: dt.datetime, b: dt.datetime, limit: MaxHold
) -> None:
    early, late = sorted((a, b))
    assert release_deadline(early, limit) <= release_deadline(late, limit)


@settings(max_examples=100, deadline=None)
@given(release_at=moments, limit=limits)
def test_counted_time_equals_the_limit(release_at: dt.datetime, limit: MaxHold) -> None:
    """Summing the non-excluded time between release and deadline gives exactly the hours."""
    deadline = release_deadline(release_at, limit)
    counted = dt.timedelta()
    cursor = release_at
    while cursor < deadline:
        day_end = dt.datetime.combine(cursor.date() + dt.timedelta(days=1), dt.time(),
                                      tzinfo=cursor.tzinfo)
        step_end = min(day_end, deadline)
        if not is_excluded(cursor.date(), limit):
            counted += step_end - cursor
        cursor = step_end
    assert counted == dt.timedelta(hours=limit.hours)


def _fall_back_between(start: dt.datetime, end: dt.datetime) -> bool:
    """Whether a US clock goes back an hour (02:00 -> 01:00) between two wall times."""
    eastern = ZoneInfo("America/New_York")
    day = start.date()
    while day <= end.date():
        before = dt.datetime.combine(day, dt.time(0), tzinfo=eastern).utcoffset()
        after = dt.datetime.combine(day, dt.time(4), tzinfo=eastern).utcoffset()
        # the clock reads 01:00 to 02:00 twice: a release before 02:00 (the first time)
        # and an end from 01:00 on (the second) have the change between them
        changes = before is not None and after is not None and after < before
        if changes and start < dt.datetime.combine(day, dt.time(2)) \
                and dt.datetime.combine(day, dt.time(1)) <= end:
            return True
        day += dt.timedelta(days=1)
    return False


@settings(max_examples=300, deadline=None)
@given(release_at=st.datetimes(min_value=at(2008, 1, 1), max_value=at(2030, 12, 31)),
       limit=limits)
# a time the spring change skips, as the hour after it (fold 1): read so on a US clock it
# is 01:00, and a hold of 0 hours ended at 01:00, an hour before the release it began at
@example(release_at=dt.datetime(2020, 3, 8, 2, 0, fold=1), limit=MaxHold(0, (), "actual", ""))
@example(release_at=dt.datetime(2020, 3, 8, 2, 30, fold=1),
         limit=MaxHold(48, ("saturday",), "actual", ""))
@example(release_at=dt.datetime(2020, 11, 1, 1, 30, fold=1), limit=MaxHold(0, (), "actual", ""))
def test_a_time_without_a_zone_is_never_late_in_any_us_zone(
    release_at: dt.datetime, limit: MaxHold
) -> None:
    """A naive time was read as a clock that never changes: across the autumn change a
    48-hour hold read in New York lasted 49 real hours. It now ends at the earlier of
    its wall-clock reading and its reading in elapsed hours on a US clock."""
    naive = release_deadline(release_at, limit)
    assert naive.tzinfo is None
    steady = release_deadline(release_at.replace(tzinfo=STEADY), limit).replace(tzinfo=None)
    assert steady - dt.timedelta(hours=1) <= naive <= steady
    if naive < steady:
        assert _fall_back_between(release_at, steady)
    eastern = ZoneInfo("America/New_York")
    elapsed = (naive.replace(tzinfo=eastern).astimezone(dt.UTC)
               - release_at.replace(tzinfo=eastern).astimezone(dt.UTC))
    if not limit.excluding:
        assert elapsed <= dt.timedelta(hours=limit.hours) and naive - release_at <= \
            dt.timedelta(hours=limit.hours)


def test_a_48_hour_hold_across_the_autumn_change_ends_an_hour_earlier_on_the_wall() -> None:
    flat_48 = MaxHold(48, (), "actual", "")
    assert release_deadline(at(2024, 11, 2, 12), flat_48) == at(2024, 11, 4, 11)
    assert release_deadline(at(2024, 3, 8, 12), flat_48) == at(2024, 3, 10, 12)


def test_a_pytz_like_zone_gives_each_midnight_its_own_offset() -> None:
    """A zone given the pytz way (`localize`) had every midnight at the release's offset,
    so across a change the days' boundaries were an hour off (a deadline an hour late)."""

    class Localizing(dt.tzinfo):  # the part of a pytz zone the clock reads
        def __init__(self, offset: dt.timedelta) -> None:
            self.offset = offset

        def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta:
            return self.offset

        def dst(self, moment: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

        def localize(self, moment: dt.datetime) -> dt.datetime:
            eastern = ZoneInfo("America/New_York")
            offset = moment.replace(tzinfo=eastern).utcoffset()
            assert offset is not None
            return moment.replace(tzinfo=Localizing(offset))

    release = dt.datetime(2015, 3, 6, 17, tzinfo=Localizing(dt.timedelta(hours=-5)))
    end = release_deadline(release, REG)
    eastern = ZoneInfo("America/New_York")
    assert end == dt.datetime(2015, 3, 10, 17, tzinfo=eastern)
