"""Date + calendar duration → date: the one date-shift rule every backend shares.

docs/semantics.md: ``d - 5 years`` subtracts years, then months, then days; a day
that does not exist in the target month is clamped to the month's last day
(2020-02-29 − 1 year = 2019-02-28). The steps are applied one after the other, each
clamping, so 2020-01-31 + 1 month = 2020-02-29 and 2019-03-31 + 1 year 1 month
(2020-03-31 → 2020-04-30) = 2020-04-30. The interpreter and the compiled Python
backend both import `shift_date`, so they cannot disagree.

A result outside the calendar Python can represent (before year 1 or after 9999)
is clamped to `date.min` / `date.max`: comparing a real case date with the clamped
value gives the same answer as with the true one in every case but the boundary day
itself, which no real case reaches.
"""

from __future__ import annotations

import calendar
import datetime as _dt

from .ir import Duration

__all__ = ["add_months", "shift_date"]


def add_months(d: _dt.date, months: int) -> _dt.date:
    """`d` moved by whole months (negative: back), the day clamped to the month's end."""
    total = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(total, 12)
    if year < _dt.MINYEAR:
        return _dt.date.min
    if year > _dt.MAXYEAR:
        return _dt.date.max
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return _dt.date(year, month, min(d.day, last))


def shift_date(d: _dt.date, duration: Duration, sign: int) -> _dt.date:
    """``d + duration`` for sign +1, ``d - duration`` for sign -1 (years, months, days)."""
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, not {sign!r}")
    result = d
    if duration.years:
        result = add_months(result, sign * 12 * duration.years)
    if duration.months:
        result = add_months(result, sign * duration.months)
    if duration.days:
        try:
            result = result + _dt.timedelta(days=sign * duration.days)
        except OverflowError:
            result = _dt.date.max if sign * duration.days > 0 else _dt.date.min
    return result
