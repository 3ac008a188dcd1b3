"""A decision's hold deadline, as a jail reads it (docs/semantics.md, "A hold never
outlasts the request" and "The hold clock"), on every bundled statute and generated cases:

- `max_hold` is null when the hold is prohibited, and only then;
- the deadline is never before the release, never after what the regulation, the form,
  `request.hours_requested` or the statute's own limit allow (the earliest-ending of
  them), and a request for fewer hours never ends a hold later;
- a later release never gives an earlier deadline, on a time-zone-aware clock (real
  time, across daylight-saving nights) and on a naive wall clock;
- a fact that `details_depend_on` leaves out of ``max_hold`` or of ``duty:<id>`` never,
  once learnt, shortens the hold or brings in the duty (the complement of
  tests/test_knowing_more.py, which checks a limit said to depend on nothing).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leaving_out import decided_with_less

import trustlaw
from trustlaw.decisions.clock import MaxHold, release_deadline
from trustlaw.decisions.request import FORM_LIMITS, NO_HOLD_FORMS, REGULATION
from trustlaw.library import loader
from trustlaw.testing.strategies import cases_for

pytest.importorskip("z3")  # cases_for draws the statute's own witnesses too

STATUTES = sorted(loader.available())
EASTERN = ZoneInfo("America/New_York")
# Christmas Eve late at night, a Friday evening, the eve of Thanksgiving, the night the
# clocks go back, Juneteenth on a Friday, the night the clocks go forward
RELEASES = (dt.datetime(2015, 12, 24, 23, 30), dt.datetime(2020, 3, 6, 17),
            dt.datetime(2026, 11, 25, 23, 30), dt.datetime(2026, 11, 1, 1, 0),
            dt.datetime(2021, 6, 18, 10), dt.datetime(2024, 3, 10, 1, 30))
SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def _real(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment


@pytest.mark.parametrize("statute_id", STATUTES)
def test_the_deadline_is_the_earliest_the_law_and_the_request_allow(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)

    @SETTINGS
    @given(cases_for(statute.program, unknown_rate=0.15), st.integers(0, 130),
           st.integers(0, 130))
    def check(case: dict[str, Any], fewer: int, more: int) -> None:
        try:
            decision = statute.decide(case)
        except trustlaw.CaseError:
            return
        assert (decision.max_hold is None) == (decision.outcomes["hold"] == "prohibited"), case
        if decision.max_hold is None:
            return
        own = statute.decide(case, request_limits=False)
        request = case.get("request") or {}
        form, hours = request.get("form"), request.get("hours_requested")
        bounds = [REGULATION]
        if isinstance(form, str) and form in FORM_LIMITS:
            bounds.append(FORM_LIMITS[form])
        if form is None:  # fail closed: the shortest limit a form states
            bounds.append(MaxHold(48, ()))
        if hours is not None:
            bounds.append(MaxHold(hours, ()))
        asks_none = form in NO_HOLD_FORMS or (
            request.get("kinds") is not None and "hold" not in request["kinds"])
        for naive in RELEASES:
            for release in (naive, naive.replace(tzinfo=EASTERN)):
                end = decision.release_deadline(release)
                assert end is not None
                assert _real(end) >= _real(release), (release, end, case)
                if asks_none:
                    assert end == release, (release, end, case)
                for bound in bounds:
                    assert _real(end) <= _real(release_deadline(release, bound)), \
                        (release, end, bound, case)
                statute_end = own.release_deadline(release)
                if statute_end is not None:
                    assert _real(end) <= _real(statute_end), (release, end, statute_end, case)
        # a request for fewer hours never ends the hold later
        if not isinstance(case.get("request"), dict):
            return
        low, high = sorted((fewer, more))
        shorter, longer = copy.deepcopy(case), copy.deepcopy(case)
        shorter["request"]["hours_requested"] = low
        longer["request"]["hours_requested"] = high
        try:
            a, b = statute.decide(shorter), statute.decide(longer)
        except trustlaw.CaseError:
            return
        assert a.outcomes == b.outcomes, (shorter, longer)
        for release in RELEASES:
            ends = a.release_deadline(release), b.release_deadline(release)
            if ends[0] is not None and ends[1] is not None:
                assert ends[0] <= ends[1], (release, low, high, a.max_hold, b.max_hold, case)

    check()


@pytest.mark.parametrize("statute_id", STATUTES)
def test_a_later_release_never_ends_the_hold_sooner(statute_id: str) -> None:
    statute = trustlaw.load(statute_id)
    moments = st.datetimes(min_value=dt.datetime(2014, 1, 1), max_value=dt.datetime(2027, 1, 1))
    near_a_change = st.builds(  # within three days of a daylight-saving change
        lambda day, minutes: day + dt.timedelta(minutes=minutes),
        st.sampled_from([dt.datetime(2015, 3, 8), dt.datetime(2015, 11, 1),
                         dt.datetime(2024, 3, 10), dt.datetime(2024, 11, 3)]),
        st.integers(-3 * 24 * 60, 3 * 24 * 60))
    when = st.one_of(moments, near_a_change)

    @settings(SETTINGS, max_examples=10)
    @given(cases_for(statute.program, unknown_rate=0.15), when, when, st.booleans(),
           st.sampled_from([0, 1]))
    def check(case: dict[str, Any], one: dt.datetime, other: dt.datetime, aware: bool,
              fold: int) -> None:
        try:
            decision = statute.decide(case)
        except trustlaw.CaseError:
            return
        if decision.max_hold is None:
            return
        if aware:  # as the instants they are (a time the clocks skip is read forward)
            one, other = (_real(m.replace(tzinfo=EASTERN, fold=fold)).astimezone(EASTERN)
                          for m in (one, other))
        early, late = sorted((one, other), key=_real)
        first, second = decision.release_deadline(early), decision.release_deadline(late)
        assert first is not None and second is not None
        assert _real(early) <= _real(first) <= _real(second), \
            (early, late, first, second, decision.max_hold)
        if aware:
            assert first.tzinfo is EASTERN
        else:
            assert first.tzinfo is None

    check()


# ---- what details_depend_on leaves out ---------------------------------------------------


def _path(text: str) -> tuple[str | int, ...]:
    """`charges[0].bond_posted` → ("charges", 0, "bond_posted")."""
    return tuple(int(index) if index else name
                 for name, index in re.findall(r"([A-Za-z_]\w*)|\[(\d+)\]", text))


def _named(removed: list[tuple[str | int, ...]], listed: tuple[str, ...]) -> bool:
    """Whether a fact left out lies on a path `listed` names (or around one)."""
    named = [_path(p) for p in listed]
    return any(r[:len(n)] == n[:len(r)] for r in removed for n in named)


@pytest.mark.parametrize("statute_id", STATUTES)
def test_a_fact_details_depend_on_leaves_out_never_shortens_the_hold_or_adds_a_duty(
    statute_id: str,
) -> None:
    statute = trustlaw.load(statute_id)

    @SETTINGS
    @given(cases_for(statute.program, unknown_rate=0.05), st.integers(0, 2**32 - 1))
    def check(whole: dict[str, Any], seed: int) -> None:
        decided = decided_with_less(statute, whole, seed)
        if decided is None:
            return
        partial, removed, known, fuller = decided
        listed = {d.id for d in known.duties}
        for duty in {d.id for d in fuller.duties} - listed:
            assert _named(removed, known.details_depend_on.get(f"duty:{duty}", ())), \
                (duty, removed, dict(known.details_depend_on), partial, whole)
        if (known.outcomes["hold"] == "prohibited"
                or fuller.outcomes["hold"] not in ("permitted", "required")
                or _named(removed, known.details_depend_on.get("max_hold", ()))):
            return
        for release in RELEASES:
            settled, later = known.release_deadline(release), fuller.release_deadline(release)
            assert settled is not None and later is not None
            assert settled <= later, (release, removed, dict(known.details_depend_on),
                                      known.max_hold, fuller.max_hold, partial, whole)

    check()
