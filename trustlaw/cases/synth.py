"""Seed + profile → synthetic, well-formed cases for batch runs and caseload studies.

Every case is **synthetic**: drawn from documented distributions, never from real
people. Where a public figure exists the profile follows it (each `Profile` field
says where its number comes from); everything else is a stated assumption. The same
seed, profile and trustlaw version give the same cases, in the same order, in any
process.

Public figures used (see docs/batch.md for the full table):

- Jail populations (Bureau of Justice Statistics, *Jail Inmates in 2019*, NCJ 255608):
  about 65% of people in jail were awaiting court action on a current charge and 35%
  were convicted; about 70% were held on felony charges, 23% on misdemeanors and 7% on
  infractions or unknown offenses.
- Ages and offense types (BJS, *Profile of Jail Inmates, 2002*, NCJ 201932): 38% were
  35 or older; the most serious offense split about evenly between violent (25.4%),
  property (24.4%), drug (24.7%) and public-order (24.9%) offenses.
- Secure Communities removals: of about 266,000 people removed through Secure
  Communities, about 140,000 had no conviction or only a low-level one (53%).
- Fairfield County, Connecticut: 71% of those removed had no criminal record or were
  first-time offenders.

The last two are figures about people removed, given in the project's brief from press
coverage of the 2013 Connecticut debate (docs/batch.md names what was and was not found);
the profiles give the people they draw, held on a detainer, the records of those removed.

Only fields the vocabulary declares are written, so a case always validates against it.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import random
from collections.abc import Iterator
from typing import Any

import attrs

from .. import ir
from . import forms

__all__ = ["PROFILES", "SYNTHETIC", "Profile", "synthesize"]

#: What every synthetic caseload is said to be, wherever it is written.
SYNTHETIC = "synthetic cases drawn from documented distributions, not records of real people"


@attrs.frozen
class Profile:
    """The distributions one synthetic caseload is drawn from (shares are 0–1)."""

    name: str
    description: str
    first_day: _dt.date
    last_day: _dt.date
    #: BJS 2019: 65% of jail inmates await court action on a current charge.
    pending_charge: float = 0.65
    #: BJS 2019: most serious charge 70% felony, 23% misdemeanor, 7% other.
    charge_levels: tuple[float, float, float] = (0.70, 0.23, 0.07)
    #: Prior record: share with no conviction, with misdemeanors only, with a felony.
    #: Secure Communities: 53% had no conviction or only a low-level one.
    prior_record: tuple[float, float, float] = (0.30, 0.23, 0.47)
    #: BJS 2002: 38% of jail inmates were 35 or older.
    age_35_or_older: float = 0.38
    #: BJS 2002: a quarter of jail inmates were held for a violent offense.
    violent: float = 0.254
    #: Assumption (no public figure): the share of each fact left unknown.
    unknown: float = 0.03
    #: Assumption: who holds the person. The last seven, 4% in all, are there so that a
    #: batch study reaches the provisions that bind (or leave out) them.
    agencies: tuple[tuple[str, float], ...] = (
        ("county_jail", 0.53), ("state_corrections", 0.19), ("municipal_police", 0.12),
        ("county_sheriff", 0.07), ("state_police", 0.05), ("probation", 0.01),
        ("parole", 0.01), ("juvenile_detention", 0.005), ("juvenile_probation", 0.005),
        ("school_police", 0.003), ("bail_services", 0.003), ("prosecutor", 0.002),
        ("parole_board", 0.001), ("other", 0.001),
    )
    #: Assumption: a local law or the agency's own policy forbids honoring the request.
    local_policy_bars_hold: float = 0.10


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "secure-communities",
            "People held on an ICE detainer under Secure Communities, 2008-2014, with the "
            "records of those it removed: 53% no conviction or only a low-level one.",
            _dt.date(2008, 10, 27), _dt.date(2014, 11, 20),
        ),
        Profile(
            "fairfield-county",
            "Connecticut jail and prison cases after Secure Communities reached the state "
            "(2012-2014), with the records of those removed from Fairfield County: 71% no "
            "record or a first offense.",
            _dt.date(2012, 2, 22), _dt.date(2014, 12, 31),
            # no record 49%, and three in seven of the rest have one conviction: 71% with
            # no record or a first offense, as the figure says
            prior_record=(0.49, 0.21, 0.30),
            agencies=(("state_corrections", 0.70), ("municipal_police", 0.20),
                      ("state_police", 0.06), ("court_marshal", 0.04)),
        ),
        Profile(
            "jail-bookings",
            "Local jail populations with a detainer lodged, 2015-2026, shaped by BJS's 2019 "
            "census: 65% awaiting trial, 70% held on felonies.",
            _dt.date(2015, 1, 1), _dt.date(2026, 11, 30),
            prior_record=(0.35, 0.25, 0.40),
        ),
    )
}

# Offense tags that only a felony carries, and tags a misdemeanor may carry.
_FELONY_TAGS = ("ca.serious_felony", "ca.violent_felony", "ca.state_prison_felony",
                "us.aggravated_felony", "nyc.violent_or_serious", "homicide")
_VIOLENT_TAGS = ("ca.violent_felony", "ca.serious_felony", "nyc.violent_or_serious")
# Each state's own word for a violent felony, given to a violent felony by turns (an
# assumption: the lists differ at their edges, which no share here can follow).
_LOCAL_VIOLENT_TAGS = ("nm.violent_felony", "fl.forcible_felony", "dc.violent_offense")
_MISDEMEANOR_TAGS = ("ca.wobbler", "ca.domestic_violence", "ct.family_violence",
                     "ca.prop47_reduced", "ca.listed_offense", "nyc.excluded_offense")
_CLASSES = (("A", 0.03), ("B", 0.12), ("C", 0.25), ("D", 0.35), ("E", 0.10),
            ("unclassified", 0.15))
_GANG_BY_DOC = 0.5  # of gang listings, the share made by CT's DOC: an assumption
# Everyone who reentered unlawfully (8%) was removed before: 13% more drawn on their own
# make the 20% of people previously removed that docs/batch.md states.
_PREVIOUSLY_REMOVED_ALONE = 0.13
_IMMIGRATION_FLAGS = (  # (field, share): assumptions, not public figures
    ("final_removal_order", 0.15), ("previously_removed", _PREVIOUSLY_REMOVED_ALONE),
    ("unlawful_reentry", 0.08),
    ("gang_database", 0.05), ("security_risk_group", 0.03), ("terrorist_watchlist_match", 0.001),
    ("written_consent", 0.01), ("sex_arson_registrant", 0.01), ("federal_felony_warrant", 0.01),
    ("proof_of_lawful_status", 0.02), ("public_safety_risk", 0.05), ("us_citizen", 0.01),
    ("release_date_public", 0.30),
)


def synthesize(
    n: int, seed: int = 0, profile: str | Profile = "secure-communities",
    vocab: ir.Vocabulary | None = None,
) -> Iterator[dict[str, Any]]:
    """`n` synthetic cases in the public JSON shape, each with an `id` ("synth-<seed>-<i>")
    where the vocabulary has one; deterministic for a given seed and profile."""
    if isinstance(profile, str):
        if profile not in PROFILES:
            from ..diagnostics import Diagnostic, UsageError
            from ..names import one_of

            raise UsageError([Diagnostic(
                "TL-U002", f"there is no synthetic profile `{profile}`", None,
                f"choose {one_of(sorted(PROFILES))}")])
        profile = PROFILES[profile]
    if vocab is None:
        from ..lowering.files import default_vocabulary

        vocab = default_vocabulary()
    known = _declared_paths(vocab)
    draw = _Draw(random.Random(f"trustlaw-synth/{profile.name}/{seed}"), profile,
                 _children(known))
    with_id = "id" in known
    for index in range(n):
        case = draw.case()
        if with_id:
            case["id"] = f"synth-{seed}-{index}"
        yield case


def _declared_paths(vocab: ir.Vocabulary) -> frozenset[str]:
    """Every field path the vocabulary declares ("person.age", "convictions.date"), and
    "id" (the case identifier every case format accepts)."""
    out = {"id"}

    def walk(prefix: str, fields: tuple[ir.FieldInfo, ...]) -> None:
        for f in fields:
            path = f"{prefix}{f.name}"
            out.add(path)
            kind = f.type.element if isinstance(f.type, ir.ListType) else f.type
            if isinstance(kind, ir.RecordType):
                record = vocab.record(kind.name)
                if record is not None:
                    walk(path + ".", record.fields)

    walk("", vocab.fields)
    return frozenset(out)


def _children(known: frozenset[str]) -> dict[str, frozenset[str]]:
    """The declared keys under each prefix: "" → {"date", "person", …}, "person." → {"age", …}."""
    out: dict[str, set[str]] = {}
    for path in known:
        parent, _, key = path.rpartition(".")
        out.setdefault(f"{parent}." if parent else "", set()).add(key)
    return {prefix: frozenset(keys) for prefix, keys in out.items()}


def _known(record: dict[str, Any], declared: frozenset[str]) -> dict[str, Any]:
    """The record's known (not None) fields that the vocabulary declares, in drawn order."""
    return {k: v for k, v in record.items() if v is not None and k in declared}


class _Weights:
    """A weight table's values and running totals (`random.choices`'s ``cum_weights``),
    worked out once; `_Draw.pick` draws from it."""

    __slots__ = ("last", "total", "totals", "values")

    def __init__(self, *weighted: tuple[str, float]) -> None:
        self.values = tuple(v for v, _ in weighted)
        self.totals = tuple(itertools.accumulate(w for _, w in weighted))
        self.total = self.totals[-1]
        self.last = len(self.values) - 1


# Weight tables every profile shares: assumptions, not public figures.
_KINDS = _Weights(("hold+notification", 0.80), ("notification", 0.12),
                  ("hold+notification+transfer", 0.05), ("interview", 0.03))
_ISSUERS = _Weights(("ice", 0.95), ("cbp", 0.04), ("other", 0.01))
_SIGNERS = _Weights(("federal_magistrate_judge", 0.65), ("federal_judge", 0.25),
                    ("state_judge", 0.10))
_CHARGE_COURTS = _Weights(("this_state", 0.912), ("other_state", 0.05), ("federal", 0.03),
                          ("district_of_columbia", 0.003), ("territory", 0.002),
                          ("tribal", 0.002), ("foreign", 0.001))
_CONVICTION_COURTS = _Weights(("this_state", 0.78), ("other_state", 0.15), ("federal", 0.05),
                              ("foreign", 0.01), ("district_of_columbia", 0.004),
                              ("territory", 0.003), ("tribal", 0.003))
_PLEAS = _Weights(("guilty", 0.90), ("nolo_contendere", 0.05), ("trial", 0.05))
_FELONY_CLASSES = _Weights(*_CLASSES)
# a criminal warrant of neither this nor another state: where it was issued
_ELSEWHERE = _Weights(("federal", 0.60), ("district_of_columbia", 0.10), ("territory", 0.10),
                      ("tribal", 0.10), ("foreign", 0.10))
_WARRANTS: tuple[tuple[str, str | _Weights, float], ...] = (
    ("criminal", "this_state", 0.10), ("criminal", "other_state", 0.03),
    ("criminal", _ELSEWHERE, 0.01), ("administrative_immigration", "federal", 0.25),
    ("civil_immigration", "federal", 0.02))
_LISTS = ("warrants", "charges", "convictions")  # one of them unknown now and then
_FORM_I247_UNTIL = forms.I247_UNTIL  # I-247 until then, I-247D/N until 3 April 2017
_FORM_I247DN_UNTIL = forms.I247_DNX_UNTIL


class _Draw:
    """Cases drawn one after another from a profile: the person first, then the record and
    the request. Each record keeps only its known fields the vocabulary declares."""

    def __init__(self, rng: random.Random, profile: Profile,
                 declared: dict[str, frozenset[str]]) -> None:
        self.rng = rng
        self.random = rng.random  # bound once: it is called a hundred times a case
        self.p = profile
        self.unknown = profile.unknown
        self.days = (profile.last_day - profile.first_day).days + 1
        self.agencies = _Weights(*profile.agencies)
        self.prior_record = _Weights(("none", profile.prior_record[0]),
                                     ("misdemeanors", profile.prior_record[1]),
                                     ("felony", profile.prior_record[2]))
        empty: frozenset[str] = frozenset()
        self.case_fields = declared.get("", empty)
        self.request_fields = declared.get("request.", empty)
        self.person_fields = declared.get("person.", empty)
        self.warrant_fields = declared.get("warrants.", empty)
        self.charge_fields = declared.get("charges.", empty)
        self.conviction_fields = declared.get("convictions.", empty)

    def chance(self, share: float) -> bool:
        return self.random() < share

    def pick(self, weights: _Weights) -> str:
        """One value, drawn by weight: `random.choices`'s own draw (one `random()` and a
        bisection of the running totals)."""
        return weights.values[bisect.bisect(weights.totals, self.random() * weights.total,
                                            0, weights.last)]

    def maybe(self, value: Any) -> Any:
        """The value, or None (unknown) at the profile's unknown rate."""
        return None if self.random() < self.unknown else value

    def case(self) -> dict[str, Any]:
        day = self.p.first_day + _dt.timedelta(days=self.rng.randrange(self.days))
        age = self._age()
        iso_day = day.isoformat()
        arrested = day - _dt.timedelta(days=self.rng.randrange(1, 400))
        # the request is lodged within a week of booking (the fingerprint check), never
        # after the day it is acted on
        lodged = min(day, arrested + _dt.timedelta(days=self.rng.randrange(0, 8)))
        case: dict[str, Any] = {
            "date": iso_day,
            "agency": self.maybe(self.pick(self.agencies)),
            "reimbursement_agreement": self.maybe(self.chance(0.05)),
            "local_policy_bars_hold": self.maybe(self.chance(self.p.local_policy_bars_hold)),
            "arrest_date": self.maybe(arrested.isoformat()),
            "request": self._request(lodged),
            "person": self._person(age),
            "warrants": self._warrants(),
            "charges": self._charges(),
            "convictions": self._convictions(day, age),
        }
        if self.chance(self.unknown):  # a whole list unknown now and then
            del case[self.rng.choice(_LISTS)]
        return _known(case, self.case_fields)

    def _age(self) -> int:
        if self.chance(0.01):  # a minor held as an adult now and then (an assumption)
            return self.rng.randint(16, 17)
        if self.chance(self.p.age_35_or_older):
            return self.rng.randint(35, 54) if self.chance(0.8) else self.rng.randint(55, 75)
        return self.rng.randint(18, 24) if self.chance(0.4) else self.rng.randint(25, 34)

    def _request(self, lodged: _dt.date) -> dict[str, Any]:
        """The request, on the form in use the day it was lodged."""
        kinds = self.pick(_KINDS)
        if lodged < _FORM_I247_UNTIL:
            form = "I-247"
        elif lodged < _FORM_I247DN_UNTIL:
            form = "I-247N" if kinds == "notification" else "I-247D"
        else:
            form = "I-247A"
        if self.chance(0.01):  # a form outside the usual series, now and then
            form = "I-247X" if _FORM_I247_UNTIL <= lodged < _FORM_I247DN_UNTIL else "other"
        judicial = self.chance(0.02)
        request: dict[str, Any] = {
            "kinds": kinds.split("+"),
            "form": self.maybe(form),
            "judicial_warrant": self.maybe(judicial),
            "court_order": self.maybe(self.chance(0.005)),
            "issuer": self.maybe(self.pick(_ISSUERS)),
            "lodged_on": self.maybe(lodged.isoformat()),
        }
        if form in ("I-247A", "I-247D"):
            request["hours_requested"] = self.maybe(48)
        if judicial:
            request["judicial_warrant_signed_by"] = self.maybe(self.pick(_SIGNERS))
        return _known(request, self.request_fields)

    def _person(self, age: int) -> dict[str, Any]:
        person: dict[str, Any] = {"age": self.maybe(age)}
        random, unknown = self.random, self.unknown
        for name, share in _IMMIGRATION_FLAGS:  # self.maybe(self.chance(share)), inlined:
            flag = random() < share  # the flag is drawn first, then whether it is unknown
            person[name] = None if random() < unknown else flag
        if person.get("gang_database"):  # who made the listing: CT 2013's (b)(4) asks
            person["gang_identified_by_doc"] = self.maybe(self.chance(_GANG_BY_DOC))
        if person.get("unlawful_reentry"):
            person["previously_removed"] = True
        return _known(person, self.person_fields)

    def _warrants(self) -> list[dict[str, Any]]:
        out = []
        for kind, origin, share in _WARRANTS:
            if self.chance(share):
                where = origin if isinstance(origin, str) else self.pick(origin)
                out.append(_known({"kind": kind, "issued_in": self.maybe(where)},
                                  self.warrant_fields))
        return out

    def _offense(self, level: str) -> dict[str, Any]:
        tags: list[str] = []
        if level == "felony":
            if self.chance(self.p.violent):
                tags.append(self.rng.choice(_VIOLENT_TAGS))
                tags.append(self.rng.choice(_LOCAL_VIOLENT_TAGS))
                if self.chance(0.05):
                    tags.append("homicide")
            elif self.chance(0.10):  # CT's 2025 list, mostly class C and D felonies
                tags.append("ct.trust_act_offense")
            if self.chance(0.30):
                tags.append("ca.state_prison_felony")
            if self.chance(0.10):
                tags.append("us.aggravated_felony")
        elif level == "misdemeanor" and self.chance(0.25):
            tags.append(self.rng.choice(_MISDEMEANOR_TAGS))
        offense: dict[str, Any] = {"level": level, "tags": sorted(set(tags))}
        if level == "felony":
            offense["felony_class"] = self.maybe(self.pick(_FELONY_CLASSES))
        return offense

    def _level(self) -> str:
        felony, misdemeanor, _ = self.p.charge_levels
        roll = self.random()
        return "felony" if roll < felony else "misdemeanor" if roll < felony + misdemeanor \
            else "violation"

    def _charges(self) -> list[dict[str, Any]]:
        """The pending charges, the most serious first. BJS's 70/23/7 is the share of
        people by their *most serious* charge, so that level is drawn once per case and
        each further charge is no more serious: drawing every charge from 70/23/7 made
        the most serious a felony for 82% of people with a charge."""
        if not self.chance(self.p.pending_charge):
            return []
        out = []
        most = self._level()
        for number in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            level = most if number == 0 else _no_more_serious(self._level(), most)
            charge = self._offense(level)
            bond_posted = self.chance(0.35)
            charge["court"] = self.maybe(self.pick(_CHARGE_COURTS))
            charge["bond_posted"] = self.maybe(bond_posted)
            charge["released_on_promise_to_appear"] = self.maybe(
                not bond_posted and self.chance(0.10))
            charge["probable_cause_found"] = self.maybe(self.chance(0.80))
            if level == "felony" and self.chance(0.02):  # held without bond in Florida
                charge["tags"] = sorted({*charge["tags"], "fl.non_bondable"})
            out.append(_known(charge, self.charge_fields))
        return out

    def _convictions(self, day: _dt.date, age: int) -> list[dict[str, Any]]:
        record = self.pick(self.prior_record)
        if record == "none" or age < 18:  # a minor's record is juvenile, not convictions
            return []
        adult_years = max(age - 18, 0)
        turned_18 = _years_before(day, adult_years)  # no judgment before then
        out = []
        count = self.rng.choice((1, 1, 1, 2, 2, 3, 4))
        for i in range(count):
            level = "felony" if record == "felony" and i == 0 else \
                "misdemeanor" if self.chance(0.85) else "violation"
            years_ago = self.rng.randint(0, adult_years) if adult_years else 0
            judged = _years_before(day, years_ago) - _dt.timedelta(days=self.rng.randrange(0, 300))
            judged = max(judged, turned_18)
            conviction = self._offense(level)
            conviction["date"] = self.maybe(judged.isoformat())
            conviction["court"] = self.maybe(self.pick(_CONVICTION_COURTS))
            conviction["age_at_judgment"] = self.maybe(age - years_ago)
            conviction["age_at_offense"] = self.maybe(max(age - years_ago - 1, 18))
            # a youthful-offender adjudication, for a judgment before 21 now and then
            conviction["youthful_offender"] = self.maybe(age - years_ago < 21
                                                         and self.chance(0.10))
            conviction["vacated"] = self.maybe(self.chance(0.01))
            conviction["pending_appeal"] = self.maybe(self.chance(0.03))
            conviction["plea"] = self.maybe(self.pick(_PLEAS))
            if level == "felony" and self.chance(0.6):
                served = self.rng.randint(30, 365 * 5)
                released = min(judged + _dt.timedelta(days=served), day)
                conviction["release_date"] = self.maybe(released.isoformat())
            out.append(_known(conviction, self.conviction_fields))
        return out


_SERIOUSNESS = {"violation": 0, "misdemeanor": 1, "felony": 2}


def _no_more_serious(level: str, most: str) -> str:
    """`level`, or `most` when `level` is more serious than it."""
    return level if _SERIOUSNESS[level] <= _SERIOUSNESS[most] else most


def _years_before(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)
