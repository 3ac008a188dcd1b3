"""A batch's output rows: their columns (CASES.md section 5), their Arrow schema, and
counting their results a table at a time."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import ir
from .words import FIRST_ERRORS

if TYPE_CHECKING:
    from .periods import Period

__all__ = ["COLUMNS", "HOLDING", "RESULTS", "WARNINGS", "Tally", "as_numpy", "columns",
           "count_in_order", "in_order", "move", "output_schema", "result_codes",
           "unbound_grounds", "uncounted_scopes"]

#: The output columns, in order (CASES.md section 5).
COLUMNS = ("case_id", "statute", "hold", "notification", "transfer", "interview",
           "max_hold_hours", "hold_ground", "error")
#: The column a batch adds when asked (``--warnings``): the codes of the warnings of
#: each row's decision that depend on the case (`decisions.grounding.CASE_WARNING_CODES`).
WARNINGS = "warnings"


def columns(warnings: bool = False) -> tuple[str, ...]:
    """The output columns: `COLUMNS`, and `WARNINGS` last when asked for."""
    return (*COLUMNS, WARNINGS) if warnings else COLUMNS


def output_schema(warnings: bool = False) -> Any:
    """The Arrow schema of the output rows (`columns`; ``warnings`` a list of strings)."""
    import pyarrow as pa

    strings = pa.string()
    return pa.schema([("case_id", strings), ("statute", strings), ("hold", strings),
                      ("notification", strings), ("transfer", strings),
                      ("interview", strings), ("max_hold_hours", pa.int64()),
                      ("hold_ground", strings), ("error", strings),
                      *([(WARNINGS, pa.list_(strings))] if warnings else [])])


# the results an outcome can have, and None (no result: never in a decided row)
RESULTS: tuple[str | None, ...] = ("prohibited", "permitted", "required", "undetermined", None)


#: The results that let a hold happen: of these, `Tally.zero_hours` counts the 0-hour ones.
HOLDING = ("permitted", "required")


def in_order(tally: Mapping[Any, int]) -> list[tuple[Any, int]]:
    """A count's results in the fixed order of `RESULTS` (prohibited, permitted, required,
    undetermined), those never counted left out, so that every statute's line reads the
    same way (ordered by count, one statute's began with prohibited, the next's not)."""
    return [(result, tally[result]) for result in RESULTS if result in tally]


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


def move(code: int) -> tuple[str | None, str | None]:
    """A pair of results from its code (first × len(RESULTS) + second)."""
    return RESULTS[code // len(RESULTS)], RESULTS[code % len(RESULTS)]


def uncounted_scopes(names: Sequence[str], statutes: Sequence[Any],
                     counted: Mapping[str, Any]) -> tuple[str, ...]:
    """The names (a statute id, or a jurisdiction) whose holds at an agency the law does
    not bind a tally could not count (not in `counted`, `Tally.unbound_holds`), though
    the law binds only some agencies: its provision on whom it binds shares its
    citation with a provision that allows a hold, so the row's `hold_ground` cannot tell
    them apart, and the rows have no ``warnings`` column, whose ``not-bound`` would."""
    scoped = {s.id for s in statutes if any(r.kind == "scope" for r in s.program.rules)}
    scoped |= {s.meta.jurisdiction for s in statutes if s.id in scoped}
    return tuple(name for name in names if name in scoped and name not in counted)


def unbound_grounds(statutes: Sequence[Any]) -> dict[str, frozenset[str]]:
    """Per statute id, the citations a hold decided by "this law does not bind the agency"
    carries as its `hold_ground` (its ``applies if`` provision's), where no other hold
    rule of the law cites the same words: a hold "permitted" there is left to an agency
    the law does not reach, which a count of holds permitted should say."""
    found: dict[str, frozenset[str]] = {}
    for statute in statutes:
        rules = [r for r in statute.program.rules if r.outcome == "hold"]
        scope = {r.citation for r in rules if r.kind == "scope"}
        other = {r.citation for r in rules if r.kind != "scope"}
        told = frozenset(scope - other - {statute.program.meta.citation})
        if told:
            found[statute.id] = told
    # a jurisdiction (a name deciding each case under its version in force) is counted
    # when each of its versions that binds only some agencies is
    versions: dict[str, list[Any]] = {}
    for statute in statutes:
        if any(r.kind == "scope" for r in statute.program.rules):
            versions.setdefault(statute.meta.jurisdiction, []).append(statute)
    for jurisdiction, scoped in versions.items():
        if jurisdiction not in found and all(s.id in found for s in scoped):
            found[jurisdiction] = frozenset().union(*(found[s.id] for s in scoped))
    return found


class Tally:
    """What tables of output rows (one per statute, in order, for each case) add up to,
    a table at a time: the cases, those in error (and the case id and error of the first
    few, `first_errors`, for a summary to quote), and for the decided ones the count of
    each result per statute and outcome; with `pairs`, the count of each move (first
    result, second result) per ordered pair of statutes and outcome. Each count keeps
    its keys in the order they first occur, as counting row after row would.
    `zero_hours` counts, per statute, the holds permitted or required whose limit is 0
    hours (the request asked for no hold): a hold "permitted" that lasts no time at all;
    `zero_hour_moves`, per pair, the hold's moves of cases whose limit is 0 hours under
    either statute (a move to or from such a "hold" keeps nobody longer or shorter).
    Given `unbound` (`unbound_grounds`), `unbound_holds` counts per statute the holds
    permitted or required only because the law does not bind the agency; with rows that
    have a ``warnings`` column, from its ``not-bound``, and `citizen_holds` those of a
    person recorded as a citizen under a law with no rule on citizens (``citizen``).
    Given each statute's `periods` and each table's cases' days, `outside` counts per
    statute the decided cases dated outside its period in force, and `undated` those
    whose date is unknown. With `ids`, `repeated_ids` is how many cases carry a `case_id`
    an earlier case of the file had: their rows cannot be told apart when joined back to
    the cases (a batch's summary says so; `impact`, which writes no rows, keeps no ids).
    A case is in error when every row of it is (it does not validate); a jurisdiction's
    row alone in error (no version in force on the case's date) is counted per statute
    in `unplaced`, and the other statutes' rows of that case are counted as decided."""

    def __init__(self, per_case: int, pairs: bool = False,
                 statutes: Sequence[str] | None = None,
                 periods: Sequence[Period] = (), ids: bool = False,
                 dated: Sequence[str] = (),
                 unbound: Mapping[str, frozenset[str]] | None = None) -> None:
        self.per_case, self.pairs = per_case, pairs
        #: per jurisdiction named (`dated`), how many decided cases each version decided
        self.versions: dict[str, dict[str, int]] = {name: {} for name in dated}
        #: per jurisdiction named, the cases otherwise decided that no version governs
        self.unplaced: dict[str, int] = dict.fromkeys(dated, 0)
        self.cases = self.errors = self.undated = 0
        self.periods = tuple(periods)
        self.outside = {period.statute: 0 for period in self.periods}
        self.first_errors: list[tuple[str, str]] = []
        self.statutes: tuple[str, ...] = ()
        self.counts: dict[str, dict[str, dict[Any, int]]] = {}
        self.zero_hours: dict[str, dict[str, int]] = {}
        self.transitions: dict[tuple[str, str], dict[str, dict[Any, int]]] = {}
        self.zero_hour_moves: dict[tuple[str, str], dict[Any, int]] = {}
        #: per statute id, the hold grounds that say the law does not bind the agency
        #: (`unbound_grounds`); per name given, the holds permitted or required on one
        self._unbound_keys = [f"{statute}\x1f{ground}" for statute, grounds
                              in (unbound or {}).items() for ground in grounds]
        self._unbound_set: Any = None  # their Arrow array, made on first use
        self._countable = frozenset(unbound or ())
        #: per statute whose count could be made (by its grounds, or by the rows'
        #: ``warnings`` column when they have one), the holds at an agency it does not bind
        self.unbound_holds: dict[str, dict[str, int]] = {}
        #: where the rows have a ``warnings`` column, per statute the holds not prohibited
        #: of a person recorded as a citizen under a law with no rule on citizens
        self.citizen_holds: dict[str, dict[str, int]] = {}
        # each table's cases' ids (Arrow), counted at the end; None where not asked for
        self._ids: list[Any] | None = [] if ids else None
        if statutes is not None:
            self._name(statutes)

    def _name(self, statutes: Sequence[str]) -> None:
        self.statutes = tuple(statutes)
        self.counts = {s: {o: {} for o in ir.OUTCOMES} for s in self.statutes}
        self.zero_hours = {s: dict.fromkeys(HOLDING, 0) for s in self.statutes}
        self.unbound_holds = {s: dict.fromkeys(HOLDING, 0) for s in self.statutes
                              if s in self._countable}

    def _quote(self, table: Any, failed: Any) -> None:
        """Keep the case id and error of the table's first cases in error, up to
        `words.FIRST_ERRORS` in all."""
        import numpy as np

        wanted = FIRST_ERRORS - len(self.first_errors)
        if wanted <= 0:
            return
        for case in np.flatnonzero(failed)[:wanted].tolist():
            row = case * self.per_case
            self.first_errors.append((table.column("case_id")[row].as_py(),
                                      table.column("error")[row].as_py()))

    def add(self, table: Any, days: Any = None) -> None:
        """Count a table of output rows; `days` (numpy, one per case) are its cases' dates
        (`periods.UNDATED` where unknown), counted against each statute's period."""
        n = table.num_rows // self.per_case
        if n == 0:
            return
        in_error = as_numpy(table.column("error").is_valid()).reshape(n, self.per_case)
        failed = in_error.all(axis=1)
        if self._ids is not None:
            self._ids.append(self._one_per_case(table.column("case_id"), n))
        self.cases += n
        self.errors += int(failed.sum())
        self._quote(table, failed)
        if failed.all():
            return
        if days is not None:
            self._count_days(days[~failed])
        if not self.statutes:
            self._name(table.column("statute").slice(0, self.per_case).to_pylist())
        kept = ~in_error[~failed]  # per decided case and statute: a row decided
        for column, statute in enumerate(self.statutes):
            if statute in self.unplaced:
                self.unplaced[statute] += int((~kept[:, column]).sum())
        if self.versions:
            self._count_versions(table, ~in_error)
        pairs = list(itertools.combinations(range(self.per_case), 2)) if self.pairs else []
        zero = self._zero_hours_of(table, failed, kept)
        for outcome in ir.OUTCOMES:
            codes = result_codes(table.column(outcome)).reshape(n, self.per_case)[~failed]
            for column, statute in enumerate(self.statutes):
                count_in_order(self.counts[statute][outcome], codes[kept[:, column], column],
                               RESULTS.__getitem__)
            for i, j in pairs:
                pair = (self.statutes[i], self.statutes[j])
                by_pair = self.transitions.setdefault(pair, {o: {} for o in ir.OUTCOMES})
                both = kept[:, i] & kept[:, j]
                count_in_order(by_pair[outcome],
                               codes[both, i] * len(RESULTS) + codes[both, j], move)
                if outcome == "hold":
                    nothing = both & (zero[:, i] | zero[:, j])
                    count_in_order(self.zero_hour_moves.setdefault(pair, {}),
                                   codes[nothing, i] * len(RESULTS) + codes[nothing, j], move)
            if outcome == "hold":
                self._count_zero_hours(codes, zero)
                if WARNINGS in table.column_names:  # each row says whether it is bound
                    for statute in self.statutes:
                        self.unbound_holds.setdefault(statute, dict.fromkeys(HOLDING, 0))
                        self.citizen_holds.setdefault(statute, dict.fromkeys(HOLDING, 0))
                    unbound, citizen = self._warned(table, failed, kept,
                                                    ("not-bound", "citizen"))
                    self._count_holds(self.unbound_holds, codes, unbound)
                    self._count_holds(self.citizen_holds, codes, citizen)
                elif self._unbound_keys:
                    unbound = self._unbound_of(table, failed, kept)
                    self._count_holds(self.unbound_holds, codes, unbound)

    def _one_per_case(self, column: Any, n: int) -> Any:
        """A column of a table of `n` cases' rows (one per statute), a value per case."""
        if self.per_case == 1:
            return column
        import numpy as np

        return column.take(np.arange(0, n * self.per_case, self.per_case))

    @property
    def repeated_ids(self) -> int:
        """How many cases have the `case_id` of a case before them (Arrow's hash of
        every id, once: a million ids take a few megabytes and well under a second)."""
        import pyarrow as pa

        if not self._ids:
            return 0
        ids = pa.chunked_array(self._ids, type=self._ids[0].type)
        return self.cases - len(ids.unique())

    def _count_versions(self, table: Any, decided: Any) -> None:
        """Add, per jurisdiction named, the cases each of its versions decided (their
        rows' `statute`: `lineup.Lineup.choose`); `decided`: per case and statute, whether
        the row was decided."""
        import numpy as np

        for column, name in enumerate(self.statutes):
            if name in self.versions:
                counts = self.versions[name]
                rows = np.flatnonzero(decided[:, column]) * self.per_case + column
                chosen = table.column("statute").take(rows).value_counts()
                for item in chosen.to_pylist():
                    counts[item["values"]] = counts.get(item["values"], 0) + item["counts"]

    def _count_days(self, days: Any) -> None:
        """Add the decided cases' days: those of no date, and per statute those outside
        its period in force."""
        from .periods import UNDATED

        self.undated += int((days == UNDATED).sum())
        for period in self.periods:
            self.outside[period.statute] += int(period.outside(days).sum())

    def _zero_hours_of(self, table: Any, failed: Any, kept: Any) -> Any:
        """Per decided case and statute, whether its row was decided with a hold limit of
        0 hours (the request asked for no hold)."""
        import pyarrow.compute as pc

        hours = table.column("max_hold_hours")
        zero = as_numpy(pc.fill_null(pc.equal(hours, 0), False)).astype(bool)
        return zero.reshape(-1, self.per_case)[~failed] & kept

    def _count_zero_hours(self, holds: Any, zero: Any) -> None:
        """Add the decided cases whose hold is permitted or required for 0 hours (`holds`:
        their hold results' codes, a column per statute; `zero`: `_zero_hours_of`)."""
        self._count_holds(self.zero_hours, holds, zero)

    def _count_holds(self, into: dict[str, dict[str, int]], holds: Any, marked: Any) -> None:
        """Add, per statute, the decided cases `marked` whose hold is permitted or
        required (`holds`: their hold results' codes, a column per statute)."""
        for column, statute in enumerate(self.statutes):
            if statute not in into:  # a count that could not be made (`unbound_holds`)
                continue
            for result in HOLDING:
                found = int((marked[:, column]
                             & (holds[:, column] == RESULTS.index(result))).sum())
                into[statute][result] += found

    def _warned(self, table: Any, failed: Any, kept: Any, codes: Sequence[str]) -> list[Any]:
        """For each of `codes` (``not-bound``: the law does not bind the agency;
        ``citizen``), per decided case and statute, whether its row's ``warnings`` hold
        it: the column's lists flattened once for all of them."""
        import numpy as np
        import pyarrow.compute as pc

        listed = table.column(WARNINGS).combine_chunks()
        flat = pc.list_flatten(listed)
        parents = as_numpy(pc.list_parent_indices(listed))
        out = []
        for code in codes:
            hits = as_numpy(pc.fill_null(pc.equal(flat, code), False)).astype(bool)
            marked = np.zeros(table.num_rows, dtype=bool)
            marked[parents[hits]] = True
            out.append(marked.reshape(-1, self.per_case)[~failed] & kept)
        return out

    def _unbound_of(self, table: Any, failed: Any, kept: Any) -> Any:
        """Per decided case and statute, whether its hold was decided by the provision
        saying the law does not bind the agency (its row's statute and `hold_ground`)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._unbound_set is None:
            self._unbound_set = pa.array(self._unbound_keys, pa.string())
        keys = pc.binary_join_element_wise(table.column("statute"),
                                           table.column("hold_ground"), "\x1f")
        found = pc.fill_null(pc.is_in(keys, value_set=self._unbound_set), False)
        return as_numpy(found).astype(bool).reshape(-1, self.per_case)[~failed] & kept
