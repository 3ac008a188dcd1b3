"""The statutes a batch names, a jurisdiction among them: each case under its law in force.

`trustlaw batch ct ca/sb54-2017 --cases …` decides every case under California's act, and
under the version of Connecticut's law in force on the case's date (as `trustlaw decide
ct` does, one case at a time). The query decides every case under every version of the
jurisdiction's law (each is one more statute in the same SQL), and `Lineup.choose` then
keeps, per case, the row of the version in force on its date: one row per case and name,
its `statute` the version that decided. A case with no date, or dated when no version was
in force, is in error under the jurisdiction alone, in the words `decide` uses; the other
names decide it, as `decide_many` does.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..diagnostics import CaseError, Diagnostic, UsageError, escaped, shown_name
from .periods import UNDATED, Period, date_of

__all__ = ["Lineup", "lineup", "versions_words"]



@attrs.frozen
class Dated:
    """A jurisdiction named: its name and its versions (`Lineup.statutes` indexes)."""

    name: str
    versions: tuple[int, ...]


@attrs.frozen
class Lineup:
    """What a batch decides under: `statutes`, each once (the query's), and per name given
    (`names`) the statute's index, or the jurisdiction (`Dated`) chosen by date."""

    statutes: tuple[Any, ...]
    slots: tuple[int | Dated, ...]
    names: tuple[str, ...]

    @property
    def by_date(self) -> bool:
        """Whether some name is a jurisdiction (else `choose` changes nothing)."""
        return any(isinstance(slot, Dated) for slot in self.slots)

    @property
    def dated_names(self) -> tuple[str, ...]:
        """The jurisdictions named, whose rows each version in force decides."""
        return tuple(slot.name for slot in self.slots if isinstance(slot, Dated))

    def periods(self) -> tuple[Period, ...]:
        """The status and period of each statute named by its id (a jurisdiction's rows are
        each under the version in force, so none is outside its period)."""
        return tuple(Period.of(self.statutes[slot]) for slot in self.slots
                     if not isinstance(slot, Dated))

    def choose(self, table: Any, days: Any) -> Any:
        """The rows of `table` (one per case and statute of `statutes`, in order) to keep:
        one per case and name, a jurisdiction's from the version in force on the case's
        day (`days`, `periods.UNDATED` where unknown); a case none of a jurisdiction's
        versions governs is in error under that jurisdiction (the other names decide it,
        as `decide_many` does), and a jurisdiction's row in error is named by it."""
        if not self.by_date:
            return table
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from ..library.choosing import StatuteChooser

        n, width = table.num_rows // len(self.statutes), len(self.slots)
        unique, inverse = np.unique(np.asarray(days[:n], dtype=np.int64), return_inverse=True)
        picks = np.empty((n, width), dtype=np.int64)
        said = np.full((n, width), None, dtype=object)  # per row: why no version governs
        for column, slot in enumerate(self.slots):
            if isinstance(slot, Dated):
                chooser = StatuteChooser(slot.name, None)  # its versions loaded once
                chosen = [self._in_force(slot, chooser, day) for day in unique.tolist()]
                statute = np.asarray([index for index, _ in chosen], dtype=np.int64)[inverse]
                said[:, column] = np.asarray([error for _, error in chosen],
                                             dtype=object)[inverse]
            else:
                statute = np.full(n, slot, dtype=np.int64)
            picks[:, column] = np.arange(n, dtype=np.int64) * len(self.statutes) + statute
        kept = table.take(pa.array(picks.reshape(-1)))
        errors = said.reshape(-1)  # one per kept row
        already = kept.column("error").is_valid()  # a case that does not validate says why
        unplaced = pc.and_(pa.array(errors != None), pc.invert(already))  # noqa: E711
        failed = pc.or_(unplaced, already)
        dated = pa.array(np.tile([isinstance(s, Dated) for s in self.slots], n))
        names = pa.array(np.tile(np.array(self.names, dtype=object), n), pa.string())
        columns = []
        for name, column in zip(kept.column_names, kept.columns, strict=True):
            if name == "statute":
                column = pc.if_else(pc.and_(dated, failed), names, column)
            elif name == "error":
                column = pc.if_else(unplaced, pa.array(errors, pa.string()), column)
            elif name != "case_id":
                column = pc.if_else(unplaced, pa.nulls(len(kept), column.type), column)
            columns.append(column)
        return pa.Table.from_arrays(columns, schema=kept.schema)

    def _in_force(self, slot: Dated, chooser: Any, day: int) -> tuple[int, str | None]:
        """The index of `slot`'s version in force on `day`, as `decide` chooses it (by
        `chooser`, slot's `StatuteChooser`); else the first version's (its row is then
        emptied) and the case's error, in `decide`'s words."""
        date = None if day == UNDATED else date_of(day).isoformat()
        try:
            statute = chooser({"date": date})
        except CaseError as error:
            return slot.versions[0], f"the case is not valid: {error.diagnostics[0].message}"
        return next(i for i in slot.versions if self.statutes[i].id == statute.id), None


def lineup(refs: Sequence[Any] | Lineup) -> Lineup:
    """The statutes named (ids, files, loaded statutes) and jurisdictions (``ct``), each
    statute loaded once. A name given twice is refused: a row names its statute."""
    from ..library.loader import (
        IN_FORCE_STATUSES,
        in_force,
        is_jurisdiction,
        load,
        require_jurisdiction,
        versions,
    )
    from ..library.statute import Statute

    if isinstance(refs, Lineup):
        return refs
    if not refs:
        raise UsageError([Diagnostic("TL-U010", "there is no statute to decide under",
                                     help="name at least one statute id or .law file")])
    statutes: list[Any] = []
    at: dict[str, int] = {}

    def index_of(statute: Any) -> int:
        if statute.id not in at:
            at[statute.id] = len(statutes)
            statutes.append(statute)
        return at[statute.id]

    slots: list[int | Dated] = []
    names: list[str] = []
    for given in refs:
        ref = os.fspath(given) if isinstance(given, os.PathLike) else given  # load's reading
        if isinstance(ref, str) and is_jurisdiction(ref):
            require_jurisdiction(ref)  # an unknown name is TL-U001, as everywhere
            every = versions(ref)
            laws = [s for s in every
                    if s.meta.status in IN_FORCE_STATUSES and s.meta.in_force is not None]
            if not laws:  # no version was ever law: TL-U004, as `decide ct` says
                in_force(ref, _dt.date.today(), every)
            slots.append(Dated(ref, tuple(index_of(s) for s in laws)))
            names.append(ref)
        else:
            statute = ref if isinstance(ref, Statute) else load(ref)
            slots.append(index_of(statute))
            names.append(statute.id)
    twice = next((name for n, name in enumerate(names) if name in names[:n]), None)
    if twice is not None:
        raise UsageError([Diagnostic(
            "TL-U024", f"the statute `{shown_name(twice)}` is named twice; a batch names "
            "each row's statute by its id", None,
            "name each statute once (a draft needs an id of its own)")])
    _refuse_a_version_beside_its_jurisdiction(statutes, slots, names)
    return Lineup(tuple(statutes), tuple(slots), tuple(names))


def _refuse_a_version_beside_its_jurisdiction(statutes: Sequence[Any],
                                              slots: Sequence[int | Dated],
                                              names: Sequence[str]) -> None:
    """TL-U024 for a jurisdiction named beside one of its versions (`ct ct/pa-19-20`): a
    jurisdiction's row names the version that decided it, so the two names' rows, counts
    and transitions could not be told apart."""
    named = {name for slot, name in zip(slots, names, strict=True) if isinstance(slot, int)}
    for slot in slots:
        if isinstance(slot, Dated):
            clash = next((statutes[i].id for i in slot.versions if statutes[i].id in named),
                         None)
            if clash is not None:
                raise UsageError([Diagnostic(
                    "TL-U024", f"`{shown_name(slot.name)}` and its version "
                    f"`{shown_name(clash)}` are both named; a row of "
                    f"`{shown_name(slot.name)}` names the version that decided it, "
                    "so their rows could not be told apart", None,
                    f"name `{shown_name(slot.name)}` (each case under the version "
                    "in force on its date) or its versions, not both")])


def versions_words(counts: Mapping[str, int], unplaced: int = 0,
                   why: str = "each row's error says why") -> str:
    """The line under a jurisdiction's heading in a summary: which version decided how
    many cases ("each case under the version in force on its date: ct/pa-13-155 1,725
    cases, ct/pa-19-20 275 cases"), and how many cases none did (`unplaced`: no date, or
    dated when no version was in force; the shares below leave them out)."""
    none = (f"; {unplaced:,} case{'' if unplaced == 1 else 's'} under none (no date, or "
            f"dated when no version was in force: {why}; the shares leave them out)"
            if unplaced else "")
    if not counts:
        return f"each case under the version in force on its date; no case was decided{none}"
    shown = ", ".join(f"{escaped(version)} {n:,} case{'' if n == 1 else 's'}"
                      for version, n in counts.items())
    return f"each case under the version in force on its date: {shown}{none}"
