"""A statute's status and period in force, as a caseload's summary shows them.

A batch decides every case under the statutes named, whatever its date and whatever the
statute's status: a bill that died, a policy model, or a law applied to cases dated
before it came into force is decided as if it applied. So a summary says so beside each
statute's counts: its status when it is not law in force (in the words of a decision's
``not-law`` warning, `decisions.grounding.NEVER_LAW`) and how many of the cases decided
are dated outside its period in force, or have no date. Dates are counted as days since
1970-01-01 (numpy int64), `UNDATED` where a case's date is unknown.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from ..dates import iso_day
from ..decisions.grounding import BECAME_LAW, NEVER_LAW

__all__ = ["UNDATED", "Period", "date_of", "day_of", "days_of_cases", "days_of_column",
           "days_of_screened", "heading"]

#: A case whose date is unknown (or not a day: such a case is in error, never counted).
UNDATED = -(2**63)
_EPOCH = _dt.date(1970, 1, 1).toordinal()


@attrs.frozen
class Period:
    """A statute's `status`, the first day it was in force (`start`) and the first day it
    no longer was (`end`); `start` is None for a text that never became law, or a law
    that gives no date."""

    statute: str
    status: str
    start: _dt.date | None = None
    end: _dt.date | None = None

    @classmethod
    def of(cls, statute: Any) -> Period:
        """The period of a loaded statute (its `meta`)."""
        meta = statute.meta
        return cls(meta.id, meta.status, meta.in_force, meta.superseded)

    @property
    def never_law(self) -> bool:
        return self.status not in BECAME_LAW

    def note(self) -> str | None:
        """The words after the statute's id in a summary's heading, when it is not law in
        force (None when it is): "died in the legislature and never became law",
        "a policy model, not a law", "superseded on 2019-10-01"."""
        never = NEVER_LAW.get(self.status)
        if never is not None:
            return never.removeprefix("is ").removeprefix("was ")
        if self.never_law:
            return f"{self.status}; not law"
        if self.status in ("superseded", "repealed"):
            return self.status + (f" on {self.end.isoformat()}" if self.end else "")
        return None

    def span(self) -> str | None:
        """The days it was in force, both ends included ("2014-01-01 to 2019-09-30",
        "from 2018-01-01"); None when it never was, or gives no first day."""
        if self.never_law or self.start is None:
            return None
        if self.end is None:
            return f"from {self.start.isoformat()}"
        last = self.end - _dt.timedelta(days=1)
        return f"{self.start.isoformat()} to {last.isoformat()}"

    def outside(self, days: Any) -> Any:
        """Per day of `days` (numpy, `UNDATED` where unknown), whether the statute was not
        in force on it: every known day for a text that never became law, none when the
        law gives no first day (whether it was in force is unknown)."""
        import numpy as np

        known = days != UNDATED
        if self.never_law:
            return known
        if self.start is None:
            return np.zeros(len(days), dtype=bool)
        out = known & (days < self.start.toordinal() - _EPOCH)
        if self.end is not None:
            out |= known & (days >= self.end.toordinal() - _EPOCH)
        return out

    def words(self, outside: int, undated: int) -> str | None:
        """The line under the statute's heading that says which of the cases decided it
        did not govern, all decided as if it did (None when it governed every one)."""
        if self.never_law:
            return "never in force: every case is decided as if it had become law"
        parts = []
        if outside:
            verb = "case is" if outside == 1 else "cases are"
            if self.end is None and self.start is not None:
                where = f"before it came into force on {self.start.isoformat()}"
            else:
                where = f"outside its period in force, {self.span()}"
            parts.append(f"{outside:,} {verb} dated {where}")
        if undated:
            has = "has" if undated == 1 else "have"
            parts.append(f"{undated:,} {has} no date" if parts else
                         f"{undated:,} {'case' if undated == 1 else 'cases'} {has} no date")
        if not parts:
            return None
        they = "it is" if outside + undated == 1 else "they are"
        return f"{', and '.join(parts)}; {they} decided as if it applied"

    def to_dict(self, outside: int, undated: int) -> dict[str, Any]:
        """The statute's status, period and counts in JSON (`Impact.to_dict`)."""
        return {"status": self.status,
                "in_force": self.start.isoformat() if self.start else None,
                "superseded": self.end.isoformat() if self.end else None,
                "outside_period": outside, "date_unknown": undated}


def heading(statute: str, period: Period | None) -> str:
    """A statute's id with its status when it is not law in force:
    ``ct/hb6659-raised-2013 (died in the legislature and never became law)``."""
    note = period.note() if period is not None else None
    return f"{statute} ({note})" if note else statute


def day_of(value: Any) -> int:
    """A case's `date` as days since 1970-01-01 (`UNDATED`: unknown, or not a day)."""
    if isinstance(value, str):
        value = iso_day(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.toordinal() - _EPOCH
    return UNDATED


def date_of(day: int) -> _dt.date:
    """The date `day_of` counts as `day` (not `UNDATED`)."""
    return _dt.date.fromordinal(day + _EPOCH)


def days_of_cases(cases: Any) -> Any:
    """The days of case dicts (anything else: `UNDATED`), as a numpy array."""
    import numpy as np

    return np.fromiter((day_of(case.get("date")) if isinstance(case, Mapping) else UNDATED
                        for case in cases), dtype=np.int64)


def days_of_column(column: Any) -> Any:
    """An Arrow column of dates as days (numpy int64, `UNDATED` where null)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    days = pc.fill_null(column.cast(pa.int32()).cast(pa.int64()), UNDATED)
    return np.asarray(days.to_numpy(), dtype=np.int64)


def days_of_screened(screened: Any) -> Any:
    """The days of a screened chunk's cases (`caseload.by_columns`), in order: those in its
    table from the `date` column, the others' from their dicts."""
    import numpy as np

    numbers = screened.numbers
    days = np.full(len(numbers), UNDATED, dtype=np.int64)
    table = screened.table
    if (table is not None and table.num_rows and "date" in table.column_names
            and table.schema.field("date").type == "date32[day]"):
        rows = table.column(0).to_numpy()
        days[np.searchsorted(numbers, rows)] = days_of_column(table.column("date"))
    if screened.items:
        at = np.searchsorted(numbers, [number for number, _, _ in screened.items])
        days[at] = days_of_cases(case for _, case, _ in screened.items)
    return days
