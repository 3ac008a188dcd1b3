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
import re
from collections.abc import Callable

from .diagnostics import bad_value, wrong_type
from .ir import Duration

__all__ = ["add_months", "as_date", "as_datetime", "day_words", "days_kept_whole", "iso_day",
           "shaped_like_a_day", "shift_date"]


def as_date(value: object, where: str) -> _dt.date:
    """A day given to a public function (`where` names the argument in messages): a
    `date`, a `datetime` (its day) or an ISO string such as ``"2016-01-01"``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return as_datetime(value, where).date() if "T" in value else _iso_date(value, where)
    raise wrong_type(where, 'a date (a `datetime.date` or an ISO string like "2016-01-01")',
                     value)


def as_datetime(value: object, where: str) -> _dt.datetime:
    """An instant given to a public function: a `datetime` or an ISO string such as
    ``"2015-03-05T17:00"`` (a `date` alone is refused: the time matters)."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str) and len(value) <= 40:
        try:
            # fromisoformat also reads "20150305T1700" and "2015-W10-4T17"; only the
            # day written YYYY-MM-DD, as everywhere else, then its time
            if not _ISO_DAY.match(value) or value[10:11] not in ("", "T", " "):
                raise ValueError(value)
            if not (value.isascii() and value.isprintable()):  # fromisoformat lets a NUL by
                raise ValueError(value)
            return _dt.datetime.fromisoformat(value)
        except ValueError:
            raise bad_value(where, f"{value!r} is not an ISO date and time",
                            'write it like "2015-03-05T17:00"') from None
    if isinstance(value, str):
        raise bad_value(where, "the text given is too long to be a date and time")
    raise wrong_type(where, 'a date and time (a `datetime` or an ISO string like '
                     '"2015-03-05T17:00")', value)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day_words(day: _dt.date) -> str:
    """A day as a lawyer writes it, "September 30, 2014": the one way explanations,
    the case checker and the site say a date."""
    return f"{day:%B} {day.day}, {day.year}"


# a day as `day_words` writes it: what a text wrapper must not split across lines
_DAY_IN_WORDS = re.compile(
    rf"\b(?:{'|'.join(calendar.month_name[1:])}) \d{{1,2}}, \d{{4}}\b")
_GLUE = "\x00"  # statute text refuses control characters; a text holding one is not glued


def days_kept_whole(text: str, wrap: Callable[[str], list[str]]) -> list[str]:
    """`wrap(text)`, with every day written in words ("October 1, 2019") kept on one line:
    its spaces are glued for the wrapper and given back in each line."""
    if _GLUE in text:
        return wrap(text)
    glued = _DAY_IN_WORDS.sub(lambda m: m.group(0).replace(" ", _GLUE), text)
    return [line.replace(_GLUE, " ") for line in wrap(glued)]


def shaped_like_a_day(text: str) -> bool:
    """Whether `text` is written YYYY-MM-DD, a day of the calendar or not (``2016-02-30``):
    what tells "no such day" from "not a date" in a message."""
    return _ISO_DAY.fullmatch(text) is not None


def iso_day(text: str) -> _dt.date | None:
    """The day `text` writes as YYYY-MM-DD, or None: `date.fromisoformat` also reads
    ``20160101`` and ``2016-W01-5``, which a case's dates and the docs never allow."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:  # 2016-02-30
        return None


def _iso_date(text: str, where: str) -> _dt.date:
    day = iso_day(text)
    if day is not None:
        return day
    shown = repr(text) if len(text) <= 40 else repr(text[:40]) + "…"
    raise bad_value(where, f"{shown} is not an ISO date", 'write it like "2016-01-01"')


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
