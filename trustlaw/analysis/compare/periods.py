"""Statutes' periods in force → the dates and the request forms a comparison's examples carry.

An example of a region whose condition does not fix the date is dated a year into the
days both statutes were in force (or the later one's, when they never were together);
its request is on the form in use on that day for what it asks (`usual_form`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from ... import ir
from ...cases import forms

__all__ = ["case_period", "case_span", "example_day", "period", "periods_overlap",
           "usual_form"]


def period(meta: ir.StatuteMeta) -> tuple[_dt.date, _dt.date] | None:
    """The days a statute was in force (a proposal: from its introduction), or None."""
    start = meta.in_force or meta.enacted or meta.introduced
    if start is None:
        return None
    end = (meta.superseded - _dt.timedelta(days=1)) if meta.superseded else None
    return start, end or _dt.date(start.year + 5, start.month, min(start.day, 28))


def case_span(a: ir.StatuteMeta, b: ir.StatuteMeta) -> tuple[_dt.date, _dt.date]:
    """From the first day either statute was in force to the last: the dates for an
    example that cannot lie inside both periods (a region before the later law)."""
    periods = [p for p in (period(a), period(b)) if p is not None]
    if not periods:
        return case_period(a, b)
    return min(p[0] for p in periods), max(p[1] for p in periods)


def case_period(a: ir.StatuteMeta, b: ir.StatuteMeta) -> tuple[_dt.date, _dt.date]:
    """Dates for examples: inside both periods, else the later statute's, else 2015-2024."""
    pa, pb = period(a), period(b)
    if pa and pb:
        start, end = max(pa[0], pb[0]), min(pa[1], pb[1])
        if start <= end:
            return start, end
        return max(pa, pb)
    return pa or pb or (_dt.date(2015, 1, 1), _dt.date(2024, 12, 31))


def periods_overlap(a: ir.StatuteMeta, b: ir.StatuteMeta) -> bool:
    """Whether some day lies in both statutes' periods in force (as `period` gives them;
    True when either has none, as nothing then says otherwise)."""
    pa, pb = period(a), period(b)
    return pa is None or pb is None or max(pa[0], pb[0]) <= min(pa[1], pb[1])


def example_day(a: ir.StatuteMeta, b: ir.StatuteMeta) -> _dt.date:
    """The case date of an example whose region does not fix one: a year into
    `case_period` (inside both periods in force when they overlap), or its last day."""
    start, end = case_period(a, b)
    return min(_dt.date(start.year + 1, start.month, min(start.day, 28)), end)


# when the forms came into use (`cases.forms`, as synthetic cases have them)
_FORM_I247_UNTIL = forms.I247_UNTIL
_FORM_I247DNX_UNTIL = forms.I247_DNX_UNTIL


def usual_form(day: _dt.date, kinds: Sequence[str]) -> str:
    """The form a request of these `kinds` came on on `day`; ``other`` for a request to
    interview the person alone, which no detainer form makes."""
    if list(kinds) == ["interview"]:
        return "other"
    if day < _FORM_I247_UNTIL:
        return "I-247"
    if day < _FORM_I247DNX_UNTIL:
        if "hold" not in kinds and "notification" in kinds:
            return "I-247N"
        return "I-247X" if list(kinds) == ["transfer"] else "I-247D"
    return "I-247A"
