"""Statute reference + case → the statute to decide it under (the law in force on its date).

A jurisdiction (``trustlaw decide ct case.json``, ``POST /v1/decide/ct``) decides each
case under the version of its law in force on that case's `date`, or on a day the
caller fixes (``--on DATE``, ``?on=DATE``). An id or a file names one statute, which
decides every case; a decision on a case dated outside that statute's period in force
says so in its warnings.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from ..cases.case import Case
from ..cases.validation import validate
from ..dates import iso_day, shaped_like_a_day
from ..diagnostics import CaseError, Diagnostic, UsageError, shown_name

CODE_DATE = "TL-C002"  # a case value that cannot serve (cases.validation.CODE_VALUE)


def parse_on(text: str | None, option: str = "--on") -> _dt.date | None:
    """The day that chooses the law (ISO), or None when not given; `option` names it
    in the error (``--on``, ``on``)."""
    if text is None:
        return None
    day = iso_day(text)
    if day is None:
        shown = text if len(text) <= 60 else text[:60] + "…"
        shaped = shaped_like_a_day(text)
        message = (f"{option} gives {shown!r}, which is not a day of the calendar (YYYY-MM-DD)"
                   if shaped
                   else f"{option} expects a date as YYYY-MM-DD, got {shown!r}")
        raise UsageError([Diagnostic(
            "TL-U017", message, None,
            f"for example {option}{' ' if option.startswith('-') else '='}2016-05-01",
        )])
    return day


class StatuteChooser:
    """The statute each case is decided under (see the module docstring). `option`
    names the caller's way of fixing the day in errors (``--on``, ``on``); `bundled`
    takes only bundled ids and jurisdictions, never a file (references from outside);
    `versions`: a jurisdiction's versions as the caller holds them (`loader.versions`
    with the caller's `load`), so that a service choosing for each request among the
    statutes it loaded at start-up neither reads their files again nor decides under
    another copy."""

    def __init__(self, ref: str, on: _dt.date | None, option: str = "--on",
                 bundled: bool = False, versions: Sequence[Any] | None = None):
        from .loader import (
            bundled_index,
            is_jurisdiction,
            jurisdictions,
            load,
            load_path,
            require_jurisdiction,
        )

        self.ref = ref
        self.option = option
        self.on = on
        self.bundled = bundled
        self._fixed: Any = None
        self._versions: list[Any] | None = None if versions is None else list(versions)
        if bundled:
            self.jurisdiction = ref in jurisdictions()
            if not self.jurisdiction and ref not in bundled_index():
                raise UsageError([Diagnostic(
                    "TL-U001", f"there is no bundled statute or jurisdiction "
                    f"`{shown_name(ref, 120)}`",
                    None, "the bundled statutes and jurisdictions are served by id"
                    " (`ct/pa-13-155`, `ct`)")])
        else:
            self.jurisdiction = is_jurisdiction(ref)
            if self.jurisdiction:  # an unknown one is a usage error now, not each case's
                require_jurisdiction(ref)
        if not self.jurisdiction:
            if on is not None:
                raise UsageError([Diagnostic(
                    "TL-U017", f"{option} chooses among the versions of a jurisdiction's "
                    f"law, but `{shown_name(ref)}` names one statute", None,
                    f"give the jurisdiction instead (e.g. `{shown_name(ref.split('/')[0])}`), "
                    "or drop "
                    f"{option}",
                )])
            self._fixed = load_path(bundled_index()[ref]) if bundled else load(ref)
        elif on is not None:
            self._fixed = self._in_force(on)

    @property
    def vocabulary(self) -> Any:
        """The case vocabulary of every statute this may choose (the bundled one)."""
        if self._fixed is not None:
            return self._fixed.vocabulary
        from ..lowering.files import default_vocabulary

        return default_vocabulary()

    def decide(self, case: Any, *, backend: str = "compiled") -> Any:
        """The decision of the statute chosen for `case` (a dict or a validated `Case`)."""
        return self(case).decide(case, backend=backend)

    def __call__(self, case: Any) -> Any:
        if self._fixed is not None:
            return self._fixed
        try:
            day = case_date(case, self.option)
        except CaseError:
            # every problem of the case, not the date's alone: a misspelt "Date" or a
            # list given as a case is named as such (the date's problem is among them)
            if not isinstance(case, Case):
                validate(case, self.vocabulary)
            raise
        try:
            return self._in_force(day)
        except UsageError as error:  # no version of the law was in force on that day
            raise CaseError([Diagnostic(
                CODE_DATE, f"date: {error.diagnostics[0].message}", None,
                error.diagnostics[0].help,
            )]) from None


    def _in_force(self, day: _dt.date) -> Any:
        """The jurisdiction's version in force on `day`; its versions are loaded once per
        chooser (for each case they cost a look at every version's file: 0.5 ms)."""
        from .loader import in_force, versions

        if self._versions is None:
            self._versions = versions(self.ref)
        return in_force(self.ref, day, self._versions)


def case_date(case: Any, option: str = "--on") -> _dt.date:
    """The case's own `date`, which chooses the law; a clear case error without one."""
    # a validated `Case`: its normalised date, never the caller's dict it was made from
    if isinstance(case, Case):
        value: Any = case.date
    else:
        value = case.get("date") if isinstance(case, Mapping) else None
    if type(value) is _dt.date:  # as validation takes it
        return value
    if isinstance(value, str):
        day = iso_day(value)
        if day is not None:
            return day
        problem = f'date: expected an ISO date, got "{value[:60]}"'
    elif value is None:
        problem = ("date: unknown, and the law in force is chosen by the case's date")
    else:
        problem = "date: expected an ISO date"
    raise CaseError([Diagnostic(
        CODE_DATE, problem, None,
        f"give the case its date, or choose the law with {option}"
        f"{' ' if option.startswith('-') else '='}YYYY-MM-DD",
    )])
