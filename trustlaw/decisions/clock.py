"""Release time + hold limit → the instant the hold must end (docs/semantics.md, "The hold clock").

A limit such as "48 hours excluding Saturdays, Sundays and federal holidays" counts
elapsed time only while the wall clock stands on a day that is not excluded; the hold
must end the instant the last counted hour accumulates. When the person would be
released on an excluded day, counting starts at 00:00 of the next counted day.

Days are calendar days of the jail's wall clock. A datetime in a named time zone
(``America/New_York``) keeps its `tzinfo` and its day boundaries are that zone's local
midnights (a pytz zone's offset is the day's own). Hours are elapsed hours, so across a
daylight-saving change an aware clock counts real time (a 23-hour spring-forward day
contributes 23 hours). A time with only a UTC offset (``-05:00``, or UTC itself) names an
instant but not the jail's calendar: where the limit skips days, the deadline is the
earliest of its readings in the US time zones that have that offset at that instant, or
in every US zone when none has (a UTC time), so a Saturday in UTC is never a Saturday
the jail counts. A naive datetime is a wall clock in an unknown US zone: the deadline
is the earlier of its wall-clock reading and its reading in elapsed hours on a clock
that changes as the US zones do, so a change within the hold never makes it late.

Federal holidays are the legal public holidays of 5 U.S.C. § 6103(a) as the `holidays`
library lists them for the United States without a state (the "public" category:
Juneteenth from 2021, no state holidays, no Inauguration Day). Under ``counting
actual`` each holiday is excluded on its calendar date; under ``counting observed`` the
weekday on which a weekend holiday is observed (Friday before a Saturday, Monday after
a Sunday; 5 U.S.C. § 6103(b), E.O. 11582) is excluded as well.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from ..dates import as_datetime
from ..diagnostics import UsageValueError, bad_value, wrong_type

_UTC = _dt.UTC
_DAY = _dt.timedelta(days=1)
_MAX_HOURS = 24 * 366 * 100  # a century: more is outside any calendar a hold can reach



@attrs.frozen
class MaxHold:
    """The longest hold: `hours`, not counting the `excluding` day kinds.

    `also` holds further limits the hold must respect as well when none of them is
    certain to end first whatever the release time (48 hours not counting weekends
    against 60 clock hours, say): the hold ends at the earliest of them all
    (docs/semantics.md, "Time limits")."""

    hours: int
    excluding: tuple[str, ...]
    holidays: str = "actual"
    citation: str = ""
    also: tuple[MaxHold, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"hours": self.hours, "excluding": list(self.excluding)}
        if "federal_holiday" in self.excluding:
            out["holidays"] = self.holidays
        if self.citation:
            out["citation"] = self.citation
        if self.also:
            out["also"] = [limit.to_dict() for limit in self.also]
        return out

    def sort_key(self) -> tuple[int, int, int]:
        return (self.hours, len(self.excluding), 0 if self.holidays == "actual" else 1)

    def ends_no_later_than(self, other: MaxHold) -> bool:
        """Whether this limit ends no later than `other` whatever the release time: no
        more hours, and every day it stands still on `other` stands still on too (so
        its counted time grows at least as fast). Only the first limits are compared."""
        if self.hours > other.hours:
            return False
        mine, theirs = set(self.excluding), set(other.excluding)
        if not mine <= theirs:
            return False
        if "federal_holiday" in mine and self.holidays == "observed":
            return other.holidays == "observed"
        return True


def earliest(limits: Sequence[MaxHold]) -> MaxHold | None:
    """The limits that can end first, as one `MaxHold`: those no other limit is certain
    to beat (`ends_no_later_than`), shortest first; the first of equal ones is kept (so
    list the statute's limits before the request's)."""
    kept: list[MaxHold] = []
    for limit in sorted(limits, key=MaxHold.sort_key):  # stable: ties keep their order
        if not any(k.ends_no_later_than(limit) for k in kept):
            kept.append(limit)
    if not kept:
        return None
    first = attrs.evolve(kept[0], also=())
    return attrs.evolve(first, also=tuple(attrs.evolve(k, also=()) for k in kept[1:]))


@functools.lru_cache(maxsize=256)
def federal_holidays(year: int, reading: str = "actual") -> frozenset[_dt.date]:
    """The days one `year` excludes as federal holidays under `reading` (actual or observed)."""
    if reading not in ("actual", "observed"):
        raise ValueError(f"unknown holiday reading {reading!r}; expected 'actual' or 'observed'")
    import holidays as _holidays  # on first use, so that `import trustlaw` stays cheap

    calendar = _holidays.country_holidays(
        "US", years=year, observed=reading == "observed", categories=("public",)
    )
    return frozenset(day for day in calendar if day.year == year)


def is_excluded(day: _dt.date, max_hold: MaxHold) -> bool:
    """Whether the hold clock stands still on `day` under `max_hold`'s exclusions."""
    excluding = max_hold.excluding
    weekday = day.weekday()
    if weekday == 5 and "saturday" in excluding:
        return True
    if weekday == 6 and "sunday" in excluding:
        return True
    return "federal_holiday" in excluding and day in federal_holidays(day.year, max_hold.holidays)


def release_moment(value: object) -> _dt.datetime:
    """`release_at` as given to `release_deadline`, checked: a `datetime` or an ISO date
    and time; a date alone (the clock starts at the hour) and pandas' NaT are refused."""
    where = "release_deadline(release_at=…)"
    # a day alone (written 2015-03-05, 20150305 or 2015-W10-4): no time of day
    if isinstance(value, str) and len(value) <= 10 and value[:4].isdigit():
        raise bad_value(where, f"{value!r} is a date without a time of day",
                        'write it like "2015-03-05T17:00": the clock starts at the hour')
    moment = as_datetime(value, where)
    if moment != moment:  # pandas' NaT: a datetime equal to nothing, no moment at all
        raise bad_value(where, "NaT (not a time) is no moment to count from",
                        "give the time the person would otherwise be released")
    return moment


def release_deadline(release_at: _dt.datetime | str, max_hold: MaxHold) -> _dt.datetime:
    """The instant a hold that may last `max_hold` must end, counting from `release_at`
    (when the person would otherwise be released: a `datetime` or an ISO string such as
    ``"2015-03-05T17:00"``). A deadline past 9999-12-31 is a `UsageValueError`."""
    release_at = release_moment(release_at)
    if not isinstance(max_hold, MaxHold):
        raise wrong_type("release_deadline(max_hold=…)", "a MaxHold (a decision's max_hold)",
                         max_hold)
    if not isinstance(max_hold.hours, int) or max_hold.hours < 0:
        raise bad_value("release_deadline(max_hold=…)",
                        "the hold limit must be a whole number of hours, 0 or more")
    for limit in (max_hold, *max_hold.also):
        if limit.hours > _MAX_HOURS:
            raise _beyond_calendar()
    if release_at.tzinfo is not None and _place_unknown(release_at.tzinfo) and any(
            limit.excluding and limit.hours for limit in (max_hold, *max_hold.also)):
        return _in_some_us_zone(release_at, max_hold)
    if release_at.tzinfo is None:
        # a wall clock whose zone is unknown: where a daylight-saving change falls within
        # the hold, its wall-clock hours and its elapsed hours end an hour apart; the
        # earlier end is never late in any US time zone (with or without the change)
        wall = _deadline(release_at, max_hold)
        zone = _us_daylight_clock()
        if zone is None:
            return wall
        # read as the hour before a change (fold 0): a time the spring change skips
        # (02:30) then counts from the later instant, so the elapsed end never falls
        # before the release; a time the autumn change repeats, from the earlier one
        start = release_at.replace(tzinfo=zone, fold=0)
        elapsed = _deadline(start, max_hold).replace(tzinfo=None)
        return _earlier_reading(min(wall, elapsed), zone)
    return _deadline(release_at, max_hold)


def _earlier_reading(wall: _dt.datetime, zone: _dt.tzinfo) -> _dt.datetime:
    """`wall` with the fold that reads it as the earlier instant on a US clock where a
    change makes it two (the hour repeated in autumn: fold 0) or none (the hour skipped
    in spring: fold 1), so that the deadline is never read as the later one."""
    first, second = (wall.replace(tzinfo=zone, fold=f).utcoffset() for f in (0, 1))
    return wall.replace(fold=1 if (second or _NO_TIME) > (first or _NO_TIME) else 0)


_NO_TIME = _dt.timedelta(0)


def _us_daylight_clock() -> _dt.tzinfo | None:
    """A US time zone with daylight-saving time, for the days its clocks change (the
    same local hours in every such zone: New York's, the first of `US_ZONES`); None
    where the time-zone data is missing."""
    first = _us_zones()[0]
    return None if isinstance(first, _dt.timezone) else first


#: The time zones of the United States and its territories, whose local days a jail
#: counts: a time with only an offset is read in each that has it (`_in_some_us_zone`).
US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles", "America/Anchorage", "America/Adak", "Pacific/Honolulu",
            "America/Puerto_Rico", "Pacific/Guam", "Pacific/Pago_Pago")
# Their offsets, for a system without time-zone data (no daylight-saving rules then).
_US_OFFSETS = (-4, -5, -6, -7, -8, -9, -10, -11, 10)
# Names of zones that are an offset, not a place (zoneinfo's keys, pytz's zone names).
_NO_PLACE = frozenset({"UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "ZULU", "UNIVERSAL",
                       "GREENWICH"})


def _place_unknown(zone: _dt.tzinfo) -> bool:
    """Whether `zone` is only an offset (``datetime.timezone``, UTC, ``Etc/GMT+5``), which
    says nothing of the jail's calendar, rather than a place's zone."""
    if isinstance(zone, _dt.timezone):
        return True
    name = getattr(zone, "key", None) or getattr(zone, "zone", None)
    return isinstance(name, str) and (name.startswith("Etc/") or name.upper() in _NO_PLACE)


@functools.lru_cache(maxsize=1)
def _us_zones() -> tuple[_dt.tzinfo, ...]:
    """The US zones as `tzinfo`s; their fixed offsets where the tz database is missing."""
    try:
        from zoneinfo import ZoneInfo

        return tuple(ZoneInfo(name) for name in US_ZONES)
    except Exception:  # no tz database on this system (and no tzdata package)
        return tuple(_dt.timezone(_dt.timedelta(hours=h)) for h in _US_OFFSETS)


def _in_some_us_zone(release_at: _dt.datetime, max_hold: MaxHold) -> _dt.datetime:
    """The deadline of a release time given with an offset only: the earliest of its
    readings on the local calendars of the US zones with that offset at that instant
    (each counts its own weekends and its own daylight-saving change), or of every US
    zone when none has it; in the offset it was given in."""
    offset = release_at.utcoffset()
    local = [_in_zone(release_at, zone) for zone in _us_zones()]
    same = [moment for moment in local if moment.utcoffset() == offset]
    ends = [_deadline(moment, max_hold) for moment in (same or local)]
    return _from_utc(_to_utc(min(ends, key=_to_utc)), release_at)


def _in_zone(moment: _dt.datetime, zone: _dt.tzinfo) -> _dt.datetime:
    try:
        return moment.astimezone(zone)
    except OverflowError:
        raise _beyond_calendar() from None


def _deadline(release_at: _dt.datetime, max_hold: MaxHold) -> _dt.datetime:
    if max_hold.also:
        ends = [_one_deadline(release_at, limit) for limit in (max_hold, *max_hold.also)]
        return min(ends, key=_to_utc)
    return _one_deadline(release_at, max_hold)


def _one_deadline(release_at: _dt.datetime, max_hold: MaxHold) -> _dt.datetime:
    hours = _dt.timedelta(hours=max_hold.hours)
    if not max_hold.excluding or not hours:  # no hours: no hold, even on an excluded day
        return _from_utc(_later(_to_utc(release_at), hours), release_at)
    remaining = hours
    day = release_at.date()
    cursor = release_at
    while True:
        next_midnight = _midnight(_later(day, _DAY), release_at)
        if not is_excluded(day, max_hold):
            available = _to_utc(next_midnight) - _to_utc(cursor)
            if remaining <= available:
                return _from_utc(_later(_to_utc(cursor), remaining), release_at)
            remaining -= available
        day += _DAY
        cursor = next_midnight


_Moment = TypeVar("_Moment", _dt.date, _dt.datetime)


def _later(moment: _Moment, delta: _dt.timedelta) -> _Moment:
    """`moment` + `delta`, or the error saying the calendar ends before it."""
    try:
        return moment + delta
    except OverflowError:  # past 9999-12-31
        raise _beyond_calendar() from None


def _beyond_calendar() -> UsageValueError:
    return bad_value(
        "release_deadline()", "the hold's end falls outside the calendar (years 1 to 9999)",
        "give a release time well inside the calendar's range",
    )


def _midnight(day: _dt.date, like: _dt.datetime) -> _dt.datetime:
    """00:00 of `day` on the same wall clock (naive or in the same time zone) as `like`;
    a pytz zone gives the offset of that day (its `localize`), not of `like`'s."""
    midnight = _dt.datetime(day.year, day.month, day.day)
    localize = getattr(like.tzinfo, "localize", None)
    if callable(localize):
        return localize(midnight)
    return midnight.replace(tzinfo=like.tzinfo)


def _to_utc(moment: _dt.datetime) -> _dt.datetime:
    """Naive datetimes are their own clock; aware ones are compared in real (UTC) time."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(_UTC)
    except OverflowError:  # 0001-01-01 or 9999-12-31 in a zone whose UTC instant is off it
        raise _beyond_calendar() from None


def _from_utc(moment: _dt.datetime, like: _dt.datetime) -> _dt.datetime:
    if like.tzinfo is None:
        return moment
    try:
        return moment.astimezone(like.tzinfo)
    except OverflowError:
        raise _beyond_calendar() from None
