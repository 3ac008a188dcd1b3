"""An example's expectations (``expect hold permitted``, …) and the ``excluding`` clause.

Part of the syntax tree (`language.syntax` imports them from here), kept apart because
a lowered program keeps its examples' expectations as written: a statute read back
from the cache (`lowering.cache`) needs these few classes, not the whole tree, whose
classes take longer to define than deciding a first case.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from ..diagnostics import Span, span_field

__all__ = ["Excluding", "ExpectDeadline", "ExpectDuty", "ExpectGrounds", "ExpectMaxHold",
           "ExpectOutcome", "Expectation"]


@attrs.frozen
class Excluding:
    """``excluding saturday, sunday, federal_holiday counting actual``."""

    days: tuple[str, ...]
    counting: str | None
    span: Span | None = span_field()
    # where each day is written, so that a misspelt one is underlined alone
    day_spans: tuple[Span, ...] = attrs.field(default=(), eq=False, repr=False, kw_only=True)



@attrs.frozen
class ExpectOutcome:
    outcome: str
    value: str  # prohibited | permitted | required | undetermined
    span: Span | None = span_field()


@attrs.frozen
class ExpectGrounds:
    outcome: str
    labels: tuple[str, ...]
    span: Span | None = span_field()


@attrs.frozen
class ExpectMaxHold:
    """``expect max_hold 48 hours excluding ...``; hours None means ``expect max_hold none``."""

    hours: int | None
    excluding: Excluding | None
    span: Span | None = span_field()


@attrs.frozen
class ExpectDuty:
    id: str
    present: bool
    span: Span | None = span_field()


@attrs.frozen
class ExpectDeadline:
    """``expect deadline 2015-03-09T17:00 from 2015-03-05T17:00``."""

    deadline: _dt.datetime
    release_at: _dt.datetime
    span: Span | None = span_field()


Expectation = ExpectOutcome | ExpectGrounds | ExpectMaxHold | ExpectDuty | ExpectDeadline
