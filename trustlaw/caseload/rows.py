"""A batch's output rows: their columns (CASES.md section 5), their Arrow schema, the
public `max_hold_hours` of a row from the SQL's statute-only limit, and counting their
results a table at a time."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ..decisions.clock import MaxHold, earliest
from ..decisions.request import federal_limits

__all__ = ["COLUMNS", "RESULTS", "as_numpy", "count_in_order", "output_schema", "public_hours",
           "result_codes"]

#: The output columns, in order (CASES.md section 5).
COLUMNS = ("case_id", "statute", "hold", "notification", "transfer", "interview",
           "max_hold_hours", "hold_ground", "error")


def output_schema() -> Any:
    """The Arrow schema of the output rows (`COLUMNS`)."""
    import pyarrow as pa

    strings = pa.string()
    return pa.schema([("case_id", strings), ("statute", strings), ("hold", strings),
                      ("notification", strings), ("transfer", strings),
                      ("interview", strings), ("max_hold_hours", pa.int64()),
                      ("hold_ground", strings), ("error", strings)])


def public_hours(statute: Any, hours: int | None, hold: str | None,
                 case: Mapping[str, Any]) -> int | None:
    """The hours of the decision's `max_hold` from the SQL's statute-only limit: the
    request's own limit and the regulation's are applied as `Statute.decide` applies
    them (`decisions.request`, written once), so a batch row says what `decide()` says."""
    if hold in (None, "prohibited"):
        return hours
    request = case.get("request") or {}
    return _governing_hours(statute, hours, request.get("hours_requested"),
                            request.get("form"))


@functools.lru_cache(maxsize=1024)
def _governing_hours(statute: Any, hours: int | None, requested: int | None,
                     form: str | None) -> int | None:
    """`public_hours` once per statute, statute limit and request: the request's limits
    depend on its hours and form alone (`decisions.request.federal_limits`), as the
    decision's own memo of its limit has it (`_Assembly.limit_for`)."""
    request = statute.vocabulary.record("request")
    if request is None or all(f.name != "form" for f in request.fields):
        return hours
    own = sorted((MaxHold(limit.hours, limit.excluding, limit.holidays, limit.citation)
                  for limit in statute.program.limits if limit.hours == hours),
                 key=MaxHold.sort_key)
    case = {"request": {"hours_requested": requested, "form": form}}
    governing = earliest([*own[:1], *(c.limit for c in federal_limits(case))])
    return None if governing is None else governing.hours


# the results an outcome can have, and None (no result: never in a decided row)
RESULTS: tuple[str | None, ...] = ("prohibited", "permitted", "required", "undetermined", None)


def as_numpy(array: Any) -> Any:
    """An Arrow array as a numpy array (a copy where Arrow's layout needs one)."""
    import numpy as np

    return np.asarray(array.to_numpy(zero_copy_only=False))


def result_codes(column: Any) -> Any:
    """Each row's result (an outcome column) as its index in `RESULTS`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    known = pa.array(RESULTS[:-1], pa.string())
    return as_numpy(pc.fill_null(pc.index_in(column, value_set=known), len(RESULTS) - 1))


def count_in_order(tally: dict[Any, int], values: Any, name: Any) -> None:
    """Count `values` (numpy codes) into `tally` under their names (`name(code)`), a
    name not yet there added in the order its code first occurs, as a count made one
    value at a time adds it."""
    import numpy as np

    distinct, first, times = np.unique(values, return_index=True, return_counts=True)
    for k in np.argsort(first, kind="stable").tolist():
        key = name(int(distinct[k]))
        tally[key] = tally.get(key, 0) + int(times[k])
