"""Statutes × cases → decisions in input order, a bad case recorded or raised (`decide_many`)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs

from ..cases.case import Case
from ..decisions.decision import Decision
from ..diagnostics import CaseError, Diagnostic, UsageError, data_frame_given, wrong_type
from ..names import one_of
from ..version import __version__
from .statute import Statute

OnError = Literal["raise", "record"]
ON_ERROR: tuple[str, ...] = ("raise", "record")


@attrs.frozen
class CaseFailure:
    """A case that could not be decided: its 0-based `index` in the input, its own `id`
    when it gave a readable one, the statute, and every problem found (each message
    starts with the field path)."""

    index: int
    statute: str
    errors: tuple[str, ...]
    case_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "statute": self.statute,
            "trustlaw": __version__,
            "case_id": self.case_id,
            "index": self.index,
            "error": "; ".join(self.errors),
            "errors": list(self.errors),
        }


def decide_many(
    statutes: Statute | str | os.PathLike[str] | Iterable[Statute | str | os.PathLike[str]],
    cases: Iterable[Mapping[str, Any]],
    *,
    on_error: OnError = "raise",
    on: _dt.date | None = None,
) -> Iterator[Decision | CaseFailure]:
    """Decide every case under every statute, lazily, in input order (for each case, one
    result per statute, in the order the statutes are given). A jurisdiction (``"ct"``)
    decides each case under its law in force on the case's date, or on `on` when given.

    With ``on_error="raise"`` a bad case raises its `CaseError`, whose first message
    names the case's index; with ``on_error="record"`` it yields a `CaseFailure` (per
    statute) instead, so the output always joins back to the input."""
    if on_error not in ON_ERROR:
        raise UsageError([Diagnostic(
            "TL-U002", f"there is no on_error `{on_error}`", None, f"choose {one_of(ON_ERROR)}",
        )])
    frame = data_frame_given("decide_many(cases=…)", "an iterable of cases (dicts or `Case`s)",
                             cases)  # first: a pyarrow Table is no iterable, but says how
    if frame is not None:
        raise frame
    if not isinstance(cases, Iterable) or isinstance(cases, (str, bytes, Mapping)):
        raise wrong_type("decide_many(cases=…)", "an iterable of cases (dicts or `Case`s)",
                         cases)
    chosen = _statutes(statutes, on)
    for index, case in enumerate(cases):
        for statute, name in chosen:
            try:
                yield statute.decide(case)
            except CaseError as error:
                if on_error == "raise":
                    where = Diagnostic("TL-C000", f"case {index} cannot be decided", None)
                    raise CaseError([where, *error.diagnostics]) from None
                yield CaseFailure(index, name, tuple(error.errors), _case_id(case))


def _statutes(
    given: Statute | str | os.PathLike[str] | Iterable[Statute | str | os.PathLike[str]],
    on: _dt.date | None = None,
) -> tuple[tuple[Any, str], ...]:
    """Each statute given, with its name for a failure: a jurisdiction (``"ct"``) as a
    chooser of the version in force on each case's date, as `trustlaw decide ct` does."""
    from .choosing import StatuteChooser
    from .loader import is_jurisdiction, load

    if isinstance(given, Statute | str | os.PathLike):
        given = (given,)
    elif not isinstance(given, Iterable) or isinstance(given, bytes | Mapping):
        raise wrong_type("decide_many(statutes=…)", "a statute, its id or path, or an "
                         "iterable of them", given)
    out: tuple[tuple[Any, str], ...] = ()
    for ref in given:
        if isinstance(ref, Statute):
            if on is not None:  # one statute has no versions to choose among: TL-U017
                StatuteChooser(ref.id, on, option="on")
            out += ((ref, ref.id),)
        elif on is not None or (isinstance(ref, str) and is_jurisdiction(ref)):
            out += ((StatuteChooser(os.fspath(ref), on, option="on"), os.fspath(ref)),)
        else:
            statute = load(ref)
            out += ((statute, statute.id),)
    if not out:
        raise UsageError([Diagnostic("TL-U010", "decide_many needs at least one statute", None,
                                     'give a statute or its id, e.g. "ct/pa-13-155"')])
    return out


def _case_id(case: Any) -> str | None:
    if isinstance(case, Case):
        return case.id
    if isinstance(case, Mapping):
        value = case.get("id")
        if isinstance(value, str) and len(value) <= 200:
            return value
    return None
