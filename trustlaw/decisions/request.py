"""Case → the hold limits that bind every statute: the request's own and the federal regulation's.

A hold on a detainer is a hold the immigration authority asked for, so it never
outlasts the request, whatever a state or local law allows; and the regulation under
which every detainer issues (8 C.F.R. § 287.7(d)) caps it at 48 hours not counting
Saturdays, Sundays and holidays. This is one rule for the whole library, applied when
a public decision's `max_hold` is assembled (docs/semantics.md, "Time limits"), so no
statute file and no backend restates it.

The request's limit is what its form states: I-247A and I-247D ask for at most 48
hours beyond release, counted without exclusions, and the older I-247 for 48 hours not
counting Saturdays, Sundays and holidays; and `request.hours_requested` (clock hours)
when given, the earlier of the two where both are known (hours beyond what the form
allows are not asked for). A request that asks for no hold (its `kinds` leave `hold`
out, or it is on the notification or transfer form, I-247N or I-247X) allows none: its
limit is 0 hours, so a hold the law would permit ends at release. While the form is
unknown, the shortest limit a form states (48 clock hours) is kept, whether or not the
hours are known, so a jail following the decision never holds longer than any reading
of the request allows.

Where the hours are unknown and no form fixes them (the form is unknown, or `other`,
which may state any length), a request for fewer hours would end the hold sooner than
any limit trustlaw can name; where the form is unknown, it may be one that asks for no
hold (I-247N, I-247X); and where the request's kinds are unknown, they may leave the hold
out. `details_depend_on["max_hold"]` then names the facts to learn, whichever limit
governs (`Candidate.could_shorten`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import ir
from .clock import MaxHold

if TYPE_CHECKING:
    from ..backends.sql.program import RequestLimits

_WEEKEND_AND_HOLIDAYS = ("saturday", "sunday", "federal_holiday")


def describes_requests(vocab: ir.Vocabulary) -> bool:
    """Whether cases of `vocab` say which form the request is on, so that the request's
    and the regulation's limits apply to their public decisions."""
    request = vocab.record("request")
    return request is not None and request.field("form") is not None

REGULATION = MaxHold(48, _WEEKEND_AND_HOLIDAYS, "actual", "8 C.F.R. § 287.7(d)")
FORM_LIMITS: Mapping[str, MaxHold] = {
    "I-247A": MaxHold(48, (), "actual", "Form I-247A: at most 48 hours beyond release"),
    "I-247D": MaxHold(48, (), "actual", "Form I-247D: at most 48 hours beyond release"),
    "I-247": MaxHold(
        48, _WEEKEND_AND_HOLIDAYS, "actual",
        "Form I-247: at most 48 hours, not counting Saturdays, Sundays and holidays",
    ),
}
# a request that asks for no hold: its kinds leave it out, or its form only asks to be
# told of the release (I-247N) or to have the person handed over (I-247X)
NO_HOLD_ASKED = MaxHold(0, (), "actual", "the request asks for no hold (request.kinds)")
NO_HOLD_FORMS: Mapping[str, MaxHold] = {
    "I-247N": MaxHold(0, (), "actual", "Form I-247N asks to be notified of the release, "
                                       "not for a hold"),
    "I-247X": MaxHold(0, (), "actual", "Form I-247X asks for a transfer, not for a hold"),
}
# the shortest limit any form states: kept while the form and the hours are unknown
SHORTEST_FORM_LIMIT = MaxHold(
    48, (), "actual", "the request (form unknown): at most 48 hours beyond release"
)
OPEN_FACTS = ("request.form", "request.hours_requested")


class Candidate(NamedTuple):
    """One limit that may govern, the unknown facts that leave it open (none when it
    certainly applies), and the unknown facts that could, once known, bring in a limit
    shorter than every other (reported whichever limit governs)."""

    limit: MaxHold
    open_facts: tuple[str, ...] = ()
    could_shorten: tuple[str, ...] = ()


def request_key(case: Mapping[str, Any]) -> tuple[Any, Any, bool | None]:
    """What `federal_limits` reads of a validated case: the request's hours, its form,
    and whether it asks for a hold (None: its kinds are unknown). Equal keys, equal
    limits (`limits_for_request`): callers make them once per key."""
    request = case.get("request") or {}
    kinds = request.get("kinds")
    return (request.get("hours_requested"), request.get("form"),
            None if kinds is None else "hold" in kinds)


def federal_limits(case: Mapping[str, Any]) -> tuple[Candidate, ...]:
    """The regulation's cap and the request's own limit for the validated `case`."""
    return limits_for_request(*request_key(case))


def limits_for_request(hours: Any, form: Any, asks_hold: bool | None
                       ) -> tuple[Candidate, ...]:
    """`federal_limits` of a request with these hours, form and wish for a hold (the
    parts of `request_key`)."""
    if asks_hold is False:  # a request whose kinds leave out a hold asks for none
        return (Candidate(REGULATION), Candidate(NO_HOLD_ASKED))
    no_hold_form = NO_HOLD_FORMS.get(form)
    if no_hold_form is not None:
        return (Candidate(REGULATION), Candidate(no_hold_form))
    limits = _limits_asking_hold(hours, form)
    # once known, the kinds may leave the hold out, and the form may be one that asks for
    # none (I-247N, I-247X; with a hold among the kinds that contradicts the form, and the
    # form's 0 hours govern): either ends the hold at release
    shorten = (*(("request.form",) if form is None else ()),
               *(("request.kinds",) if asks_hold is None else ()))
    if shorten:
        first = limits[0]
        named = tuple(f for f in shorten if f not in first.could_shorten)
        limits = (first._replace(could_shorten=(*first.could_shorten, *named)), *limits[1:])
    return limits


def _limits_asking_hold(hours: Any, form: Any) -> tuple[Candidate, ...]:
    """`limits_for_request` of a request that may ask for a hold, on no no-hold form."""
    stated = FORM_LIMITS.get(form)
    if hours is not None:
        own = MaxHold(hours, (), "actual", "the request: request.hours_requested")
        # the form's own limit too: hours beyond what the form allows are not asked for;
        # an unknown form may be one that allows 48 clock hours, so that shortest limit
        # is kept until the form is known (and named when it governs)
        if form is None:
            return (Candidate(REGULATION), Candidate(own),
                    Candidate(SHORTEST_FORM_LIMIT, ("request.form",)))
        return (Candidate(REGULATION), Candidate(own),
                *((Candidate(stated),) if stated is not None else ()))
    if form is None:
        return (Candidate(REGULATION),
                Candidate(SHORTEST_FORM_LIMIT, OPEN_FACTS, could_shorten=OPEN_FACTS))
    if stated is not None:
        return (Candidate(REGULATION), Candidate(stated))
    if form == "other":  # a form of its own, which may ask for any length
        return (Candidate(REGULATION, could_shorten=("request.hours_requested",)),)
    return (Candidate(REGULATION),)


_SQL_LIMITS: dict[str, RequestLimits | None] = {}  # by vocabulary digest


def sql_request_limits(vocab: ir.Vocabulary) -> RequestLimits | None:
    """`limits_for_request` as a SQL query reads it (`backends.sql.RequestLimits`), or
    None where cases of `vocab` do not describe requests. Every limit it can give is the
    regulation's 48 hours or shorter: the hours requested where known, 0 where the kinds
    leave out a hold or the form asks for none, else a form's 48 hours; so the governing
    hours are the least of these, which the query takes."""
    if vocab.digest in _SQL_LIMITS:
        return _SQL_LIMITS[vocab.digest]
    made = _sql_limits(vocab) if describes_requests(vocab) else None
    _SQL_LIMITS[vocab.digest] = made
    return made


def _sql_limits(vocab: ir.Vocabulary) -> RequestLimits:
    from ..backends.sql.program import RequestLimits

    request = vocab.record("request")
    assert request is not None
    hours_field = request.field("hours_requested")
    # (every form's own limit is the regulation's 48 hours or longer: tests/
    # test_sql_request_limits.py holds it, so the least of these is the governing hours)
    hours = (ir.Fact(("request", "hours_requested"), hours_field.type)
             if hours_field is not None and isinstance(hours_field.type, ir.IntType) else None)
    no_hold: list[ir.Expr] = []
    kinds = request.field("kinds")
    if kinds is not None and isinstance(kinds.type, ir.ListType):
        listed = ir.Fact(("request", "kinds"), kinds.type)
        element = kinds.type.element
        if isinstance(element, ir.EnumType) and "hold" in element.values:
            no_hold.append(ir.Not(ir.Member(ir.Const("hold", element), listed)))
        else:  # no kind is a hold: a request whose kinds are known asks for none
            no_hold.append(ir.IsKnown(listed))
    form = request.field("form")
    if form is not None and isinstance(form.type, ir.EnumType):
        forms = tuple(sorted(f for f in NO_HOLD_FORMS if f in form.type.values))
        if forms:
            no_hold.append(ir.Member(ir.Fact(("request", "form"), form.type),
                                     ir.SetConst(forms, form.type)))
    either = (None if not no_hold else no_hold[0] if len(no_hold) == 1
              else ir.Or(tuple(no_hold)))
    return RequestLimits(REGULATION.hours, hours, either)
