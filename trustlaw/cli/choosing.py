"""Statute reference + case → the statute to decide it under (the law in force on its date).

``trustlaw decide ct case.json`` names a jurisdiction: each case is decided under the
version of its law in force on that case's `date` (or on ``--on DATE`` when given). An
id or a file names one statute, which decides every case; a decision on a case dated
outside that statute's period in force says so in its warnings.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from ..diagnostics import CaseError, Diagnostic, UsageError

CODE_DATE = "TL-C002"  # a case value that cannot serve (cases.validation.CODE_VALUE)


def parse_on(text: str | None) -> _dt.date | None:
    """The ``--on`` date (ISO), or None when not given."""
    if text is None:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError([Diagnostic(
            "TL-U009", f"--on expects a date as YYYY-MM-DD, got {text!r}", None,
            "for example --on 2016-05-01",
        )]) from None


class StatuteChooser:
    """The statute each case is decided under (see the module docstring)."""

    def __init__(self, ref: str, on: _dt.date | None):
        from ..library.loader import is_jurisdiction, load

        self.ref = ref
        self.on = on
        self.jurisdiction = is_jurisdiction(ref)
        self._fixed: Any = None
        if not self.jurisdiction:
            if on is not None:
                raise UsageError([Diagnostic(
                    "TL-U009", f"--on chooses among the versions of a jurisdiction's law, "
                    f"but `{ref}` names one statute", None,
                    f"give the jurisdiction instead (e.g. `{ref.split('/')[0]}`), or drop --on",
                )])
            self._fixed = load(ref)
        elif on is not None:
            self._fixed = load(ref, on=on)

    def __call__(self, case: Mapping[str, Any]) -> Any:
        if self._fixed is not None:
            return self._fixed
        from ..library.loader import load

        day = _case_date(case)
        try:
            return load(self.ref, on=day)
        except UsageError as error:  # no version of the law was in force on that day
            raise CaseError([Diagnostic(
                CODE_DATE, f"date: {error.diagnostics[0].message}", None,
                error.diagnostics[0].help,
            )]) from None


def _case_date(case: Mapping[str, Any]) -> _dt.date:
    value = case.get("date") if isinstance(case, Mapping) else None
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
        problem = f'date: expected an ISO date (YYYY-MM-DD), got "{value[:60]}"'
    elif value is None:
        problem = ("date: unknown, and the law in force is chosen by the case's date")
    else:
        problem = "date: expected an ISO date (YYYY-MM-DD)"
    raise CaseError([Diagnostic(
        CODE_DATE, problem, None,
        "give the case its date, or choose the law with --on YYYY-MM-DD",
    )])
