"""Date + calendar duration → a SQL date expression equal to `trustlaw.dates.shift_date`.

Engines disagree about interval arithmetic (PostgreSQL adds ``1 year 1 month`` as 13
months at once, Spark 2 kept month ends at month ends), so nothing here uses intervals:
the date's year, month and day are taken apart with ``EXTRACT`` and put together again
with ``MAKE_DATE``, with the month lengths (leap years included) written out, exactly
as `trustlaw.dates` does it:

- years, then months, each step clamping the day to the month's end. The two steps are
  done at once, the day clamped to the shortest of the month reached after the years
  and the month reached at the end: 2020-02-29 + 1 year 1 month is 2021-03-28, not
  2021-03-29;
- then days (``date + n`` is a date in all three engines);
- a result before year 1 or after 9999 is clamped to 0001-01-01 / 9999-12-31.

Every number in the expression is computed here from the duration, so the SQL only ever
does small integer arithmetic on one date.
"""

from __future__ import annotations

import datetime as _dt
from typing import cast

from sqlglot import exp

from ...dates import shift_date
from ...ir import Duration

__all__ = ["date_literal", "shift_date_sql"]

_MONTHS_30 = (4, 6, 9, 11)


def date_literal(value: _dt.date) -> exp.Expression:
    """``CAST('2020-02-29' AS DATE)``: the same in every dialect."""
    return exp.Cast(this=exp.Literal.string(value.isoformat()), to=exp.DataType.build("DATE"))


def _int(n: int) -> exp.Expression:
    return exp.Literal.number(n)


def _part(unit: str, date: exp.Expression) -> exp.Expression:
    extracted = exp.Extract(this=exp.var(unit), expression=date.copy())
    return exp.Cast(this=extracted, to=exp.DataType.build("INT"))


def _plus(value: exp.Expression, n: int) -> exp.Expression:
    if n == 0:
        return value.copy()
    if n > 0:
        return exp.Paren(this=exp.Add(this=value.copy(), expression=_int(n)))
    return exp.Paren(this=exp.Sub(this=value.copy(), expression=_int(-n)))


def _leap(year: exp.Expression) -> exp.Expression:
    """Gregorian leap year: divisible by 4, and by 400 if by 100."""

    def divisible(n: int) -> exp.Expression:
        return exp.EQ(this=exp.Mod(this=year.copy(), expression=_int(n)), expression=_int(0))

    either = exp.or_(exp.not_(divisible(100)), divisible(400), wrap=True)
    return cast(exp.Expression, exp.and_(divisible(4), either, wrap=True))


def _month_length(year: exp.Expression, month: exp.Expression) -> exp.Expression:
    february = exp.Case(ifs=[exp.If(this=_leap(year), true=_int(29))], default=_int(28))
    thirty = exp.In(this=month.copy(), expressions=[_int(m) for m in _MONTHS_30])
    return exp.Case(
        ifs=[
            exp.If(this=exp.EQ(this=month.copy(), expression=_int(2)), true=february),
            exp.If(this=thirty, true=_int(30)),
        ],
        default=_int(31),
    )


def _make_date(year: exp.Expression, month: exp.Expression, day: exp.Expression) -> exp.Expression:
    # MAKE_DATE is spelled the same in DuckDB, Spark and PostgreSQL (sqlglot's
    # DateFromParts would print DATE_FROM_PARTS for PostgreSQL, which has no such function)
    return exp.Anonymous(this="MAKE_DATE", expressions=[year, month, day])


def _least(*values: exp.Expression) -> exp.Expression:
    # CASE, not LEAST: sqlglot rewrites LEAST for DuckDB to guard nulls, which these are not
    result = values[0]
    for other in values[1:]:
        result = exp.Case(
            ifs=[exp.If(this=exp.LTE(this=result.copy(), expression=other.copy()), true=result)],
            default=other,
        )
    return result


def _add_months(date: exp.Expression, years: int, months: int) -> exp.Expression:
    """`date` + `years` years then + `months` months (both the same sign), clamped."""
    total = 12 * years + months
    year, month, day = _part("YEAR", date), _part("MONTH", date), _part("DAY", date)
    quotient, rest = divmod(total, 12)  # rest in 0..11: the month moves forward by `rest`

    def landing(year_step: int, month_step: int) -> exp.Expression:
        to_year, to_month = _plus(year, year_step), _plus(month, month_step)
        lengths = [_month_length(to_year, to_month)]
        if years and months:  # the years step clamps first (a 29 February)
            lengths.append(_month_length(_plus(year, years), month))
        return _make_date(to_year, to_month, _least(day, *lengths))

    if rest == 0:
        moved = landing(quotient, 0)
    else:
        stays = exp.LTE(this=month.copy(), expression=_int(12 - rest))
        moved = exp.Case(
            ifs=[exp.If(this=stays, true=landing(quotient, rest))],
            default=landing(quotient + 1, rest - 12),
        )
    # months since year 0: year * 12 + month - 1; the result's must stay in 1..9999
    months_now = exp.Add(
        this=exp.Mul(this=year.copy(), expression=_int(12)), expression=month.copy()
    )
    too_far: exp.Expression
    if total > 0:
        too_far = exp.GTE(this=months_now, expression=_int(10000 * 12 + 1 - total))
        bound = _dt.date.max
    else:
        too_far = exp.LT(this=months_now, expression=_int(12 + 1 - total))
        bound = _dt.date.min
    return exp.Case(ifs=[exp.If(this=too_far, true=date_literal(bound))], default=moved)


def _add_days(date: exp.Expression, days: int) -> exp.Expression:
    """`date` + `days` days, clamped to 0001-01-01 … 9999-12-31."""
    span = (_dt.date.max - _dt.date.min).days
    too_far: exp.Expression
    if days > 0:
        bound = _dt.date.max
        if days > span:
            return date_literal(bound)
        too_far = exp.GT(this=date.copy(), expression=date_literal(bound - _dt.timedelta(days)))
        moved: exp.Expression = exp.Add(this=date.copy(), expression=_int(days))
    else:
        bound = _dt.date.min
        if -days > span:
            return date_literal(bound)
        too_far = exp.LT(this=date.copy(), expression=date_literal(bound + _dt.timedelta(-days)))
        moved = exp.Sub(this=date.copy(), expression=_int(-days))
    return exp.Case(ifs=[exp.If(this=too_far, true=date_literal(bound))], default=moved)


def shift_date_sql(date: exp.Expression, duration: Duration, sign: int) -> exp.Expression:
    """``date + duration`` (sign +1) or ``date - duration`` (sign -1), as SQL that is null
    when `date` is null and otherwise equals `trustlaw.dates.shift_date`."""
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, not {sign!r}")
    if isinstance(date, exp.Cast) and date.to.this == exp.DataType.Type.DATE:
        literal = date.this
        if isinstance(literal, exp.Literal) and literal.is_string:  # a constant: fold it
            return date_literal(shift_date(_dt.date.fromisoformat(literal.this), duration, sign))
    result = date
    if duration.years or duration.months:
        result = _add_months(result, sign * duration.years, sign * duration.months)
    if duration.days:
        result = _add_days(result, sign * duration.days)
    return result
