"""Dates as z3 terms: (year, month, day) triples, day numbers, shifts by durations."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import attrs
import z3

from ... import ir

EPOCH = _dt.date(1970, 1, 1)
DATE_MIN = _dt.date(1900, 1, 1)
DATE_MAX = _dt.date(2200, 12, 31)


def day_number(d: _dt.date) -> int:
    """The day number of a date: days since 1970-01-01."""
    return (d - EPOCH).days


def from_day_number(n: int) -> _dt.date:
    """The date of a day number."""
    return EPOCH + _dt.timedelta(days=n)


@attrs.frozen
class Civil:
    """A date as z3 integer terms for year, month (1-12) and day (1-31)."""

    year: Any
    month: Any
    day: Any

    def key(self) -> Any:
        """A linear term ordered like the dates: 10000·year + 100·month + day."""
        return self.year * 10000 + self.month * 100 + self.day

    def days(self) -> Any:
        return days_from_civil(self.year, self.month, self.day)


@attrs.frozen
class DayCount:
    """A date as a z3 day-number term (days since 1970-01-01)."""

    days: Any


DateTerm = Civil | DayCount


def civil_const(d: _dt.date) -> Civil:
    return Civil(z3.IntVal(d.year), z3.IntVal(d.month), z3.IntVal(d.day))


def _as_days(value: DateTerm) -> Any:
    return value.days if isinstance(value, DayCount) else value.days()


def _as_civil(value: DateTerm) -> Civil:
    return value if isinstance(value, Civil) else Civil(*civil_from_days(value.days))


def date_keys(left: DateTerm, right: DateTerm) -> tuple[Any, Any]:
    """Two integer terms ordered as the two dates are."""
    if isinstance(left, Civil) and isinstance(right, Civil):
        return left.key(), right.key()
    return _as_days(left), _as_days(right)


def days_from_civil(y: Any, m: Any, d: Any) -> Any:
    """Day number of a (year, month, day) triple of z3 integer terms (Hinnant)."""
    y2 = y - z3.If(m <= 2, 1, 0)
    era = y2 / 400  # z3 integer division floors for a positive divisor
    yoe = y2 - era * 400
    mp = z3.If(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) / 5 + d - 1
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: Any) -> tuple[Any, Any, Any]:
    """(year, month, day) of a z3 day-number term (Hinnant)."""
    z2 = z + 719468
    era = z2 / 146097
    doe = z2 - era * 146097
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    mp = (5 * doy + 2) / 153
    d = doy - (153 * mp + 2) / 5 + 1
    m = z3.If(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + z3.If(m <= 2, 1, 0)
    return y, m, d


def _leap(y: Any) -> Any:
    return z3.Or(z3.And(y % 4 == 0, y % 100 != 0), y % 400 == 0)


def _days_in_month(y: Any, m: Any) -> Any:
    return z3.If(
        m == 2,
        z3.If(_leap(y), 29, 28),
        z3.If(z3.Or(m == 4, m == 6, m == 9, m == 11), 30, 31),
    )


_LONG_MONTHS = (1, 3, 5, 7, 8, 10, 12)
# the century years in range that are not leap years (the only exceptions to "every
# fourth year" between DATE_MIN and DATE_MAX)
_COMMON_CENTURIES = tuple(y for y in range(-(-DATE_MIN.year // 100) * 100, DATE_MAX.year + 1, 100)
                          if y % 400)


def real_day(date: Civil, quarter: Any) -> Any:
    """The day exists in its month (`date`'s year and month assumed in range). The
    leap-year test is ``year = 4·quarter`` for a fresh integer `quarter`, outside the
    common century years, rather than a remainder: only the 29th of February asks it,
    so the solver need not reason about a remainder for every date it meets."""
    y, m, d = date.year, date.month, date.day
    leap = z3.And(y == 4 * quarter, *[y != c for c in _COMMON_CENTURIES])
    return z3.Or(d <= 28, z3.And(d <= 30, m != 2),
                 z3.And(d == 31, z3.Or([m == k for k in _LONG_MONTHS])),
                 z3.And(d == 29, m == 2, leap))


def add_months(date: Civil, months: int) -> Civil:
    """`date` moved by whole months (negative: back), the day clamped to the month's end."""
    years, rest = divmod(months, 12)  # rest in 0..11
    if rest == 0:
        year = date.year + years
        # only 29 February can fall off the end of its month
        clamp = z3.And(date.month == 2, date.day == 29, z3.Not(_leap(year)))
        return Civil(year, date.month, z3.If(clamp, 28, date.day))
    month0 = date.month - 1 + rest  # 0..22
    carry = month0 >= 12
    year = date.year + years + z3.If(carry, 1, 0)
    month = z3.If(carry, month0 - 12, month0) + 1
    last = _days_in_month(year, month)
    return Civil(year, month, z3.If(date.day > last, last, date.day))


def shift_date(value: DateTerm, duration: ir.Duration, sign: int) -> DateTerm:
    """`value` ± `duration`: years, then months, then days, clamping the day each step."""
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, not {sign!r}")
    if duration.years or duration.months:
        civil = _as_civil(value)
        if duration.years:
            civil = add_months(civil, sign * 12 * duration.years)
        if duration.months:
            civil = add_months(civil, sign * duration.months)
        value = civil
    if duration.days:
        value = DayCount(_as_days(value) + sign * duration.days)
    return value


def date_value(model: Any, value: DateTerm,
               number: Callable[[Any], int] | None = None) -> _dt.date:
    """The date a model gives a date term (`number` reads a whole number from the
    model, when the caller has a faster way than `model.eval`)."""
    if number is None:
        def number(term: Any) -> int:
            return int(model.eval(term, model_completion=True).as_long())
    if isinstance(value, DayCount):
        return from_day_number(number(value.days))
    return _dt.date(*[number(t) for t in (value.year, value.month, value.day)])
