"""Cases → per-case timings: how fast ct/pa-13-155 decides, next to a hand-written function.

Run from the repository root::

    python bench/decide.py              # 100,000 cases, 5 repeats
    python bench/decide.py --cases 20000 --repeat 3

It generates N raw cases (fixed seed, a realistic mix with unknown facts, each kind of
fact's values the vocabulary's, as `trustlaw synth` draws them: `Shares`), validates
them, checks that the compiled backend's outcomes equal the hand-written function's
on every case and that its evaluation equals the interpreter's (it aborts
otherwise), then times each of these per case, in interleaved rounds (median and best of the
rounds; the ratio is the median of per-round ratios to the hand-written run):

- ``hand-written``: `hand_outcomes` below, the four outcomes of PA 13-155 written
  out in plain Python over the validated dicts (the baseline, 1.00x);
- ``compiled outcomes``: `CompiledProgram.outcomes`, the fast path;
- ``compiled + grounds``: `CompiledProgram.evaluate` then `build_decision`;
- ``compiled evaluate``: `CompiledProgram.evaluate` alone (grounds as rule ids);
- ``interpreter + grounds``: `interp.evaluate` then `build_decision`;
- ``validate``: `cases.validate` of the raw case;
- ``decide``: ``trustlaw.load("ct/pa-13-155").decide(raw case)``, the whole call,
  grounds read. It can cost less than ``validate`` plus ``compiled + grounds``: one
  generated function (`cases.fused`) validates the case and evaluates it, reading each
  fact from the local its check left it in (no second read of the case), and returns
  the evaluation as a plain tuple (the `Decision` makes the `Evaluation` only when
  ``decision.evaluation`` is read); the `Decision` is made without the class call
  (`decisions.decision.make_decision`);
- ``peer``: one raw case decided under four statutes (PEERS), grounds read: once
  validated by ``trustlaw.validate`` and the `Case` decided four times (target ≤ 30x
  the one hand-written function), and, for reference, four ``decide(raw case)`` calls
  that each validate it again.

Performance claims live here, never in tests (house rule).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import trustlaw  # noqa: E402
from trustlaw import cases  # noqa: E402
from trustlaw.backends import interp  # noqa: E402
from trustlaw.backends.python import compile_program  # noqa: E402
from trustlaw.decisions.decision import build_decision  # noqa: E402
from trustlaw.ir import EnumType, ListType, Vocabulary  # noqa: E402
from trustlaw.lowering.files import default_vocabulary  # noqa: E402

STATUTE = "ct/pa-13-155"
PEERS = ("ct/pa-13-155", "ct/pa-19-20", "ca/sb54-2017", "nyc/ll58-59-2014")
SEED = 20130625  # PA 13-155 was signed on 2013-06-25

# ---- the hand-written baseline ----------------------------------------------------------
# PA 13-155 as statutes/ct/pa-13-155.law encodes it, written out by hand. A fact that is
# None (or absent) is unknown; an outcome that unknown facts could change is
# "undetermined" (docs/semantics.md).

BOUND_AGENCIES = frozenset(  # (a)(4): parole officers are Department of Correction staff;
    # a county jail or sheriff named in a Connecticut case is the Department's or a marshal
    {"state_corrections", "county_jail", "county_sheriff", "parole", "municipal_police",
     "state_police", "court_marshal"}
)
GANG_LISTING = ("gang_database", "gang_identified_by_doc")  # (b)(4): both, or the next
PERSON_FACTORS = (  # (b)(4) to (b)(7)
    "security_risk_group",
    "terrorist_watchlist_match",
    "final_removal_order",
    "public_safety_risk",
)
NOT_BOUND = {
    "hold": "permitted",
    "notification": "permitted",
    "transfer": "permitted",
    "interview": "permitted",
}


# (b)(1): a court in the United States; the District's counts, a territory's, a tribe's and a
# foreign one do not (the statute file's note "Courts of the District of Columbia, …")
COUNTED_COURTS = ("this_state", "other_state", "federal", "district_of_columbia")


def hold_factor(case: Mapping[str, Any]) -> bool | None:
    """Does one of (b)(1) to (b)(7) apply? True, False, or None when it turns on unknowns."""
    unknown = False
    convictions = case.get("convictions")  # (b)(1): a standing US felony judgment, not as a youth
    if convictions is None:
        unknown = True
    else:
        for c in convictions:
            vacated, level, court = c.get("vacated"), c.get("level"), c.get("court")
            youthful = c.get("youthful_offender")
            if (
                vacated is True
                or (level is not None and level != "felony")
                or (court is not None and court not in COUNTED_COURTS)
                or youthful is True
            ):
                continue
            if vacated is None or level is None or court is None or youthful is None:
                unknown = True
                continue
            return True
    charges = case.get("charges")  # (b)(2): a pending Connecticut charge, no bond posted,
    if charges is None:  # not released on a promise to appear
        unknown = True
    else:
        for c in charges:
            level, court, bond = c.get("level"), c.get("court"), c.get("bond_posted")
            promise = c.get("released_on_promise_to_appear")
            if (
                (level is not None and level != "felony" and level != "misdemeanor")
                or (court is not None and court != "this_state")
                or bond is True
                or promise is True
            ):
                continue
            if level is None or court is None or bond is None or promise is None:
                unknown = True
                continue
            return True
    warrants = case.get("warrants")  # (b)(3): a Connecticut criminal arrest warrant
    if warrants is None:
        unknown = True
    else:
        for w in warrants:
            kind, issued = w.get("kind"), w.get("issued_in")
            if (kind is not None and kind != "criminal") or (
                issued is not None and issued != "this_state"
            ):
                continue
            if kind is None or issued is None:
                unknown = True
                continue
            return True
    person = case.get("person") or {}  # (b)(4) to (b)(7)
    listed, by_doc = (person.get(name) for name in GANG_LISTING)
    if listed is True and by_doc is True:
        return True
    if listed is not False and by_doc is not False:
        unknown = True
    for name in PERSON_FACTORS:
        value = person.get(name)
        if value is True:
            return True
        if value is None:
            unknown = True
    return None if unknown else False


def hand_outcomes(case: Mapping[str, Any]) -> dict[str, str]:
    """The four outcomes of PA 13-155 for a validated case."""
    agency = case.get("agency")
    if agency is not None and agency not in BOUND_AGENCIES:  # (a)(4): the Act does not bind
        return dict(NOT_BOUND)
    factor = hold_factor(case)
    if agency is None:  # bound or not: "permitted" (not bound) is one possible answer
        return {
            "hold": "permitted" if factor is True else "undetermined",
            "notification": "undetermined",
            "transfer": "permitted",
            "interview": "permitted",
        }
    if factor is True:
        hold = "permitted"  # (b)(1)-(b)(7)
    elif factor is False:
        hold = "prohibited"  # (b)
    else:
        hold = "undetermined"
    return {
        "hold": hold,
        "notification": "required",
        "transfer": "permitted",
        "interview": "permitted",
    }


# ---- cases -----------------------------------------------------------------------------------

class Shares:
    """How often each value of a kind of fact is drawn: the values are the vocabulary's
    (as `trustlaw synth` draws every court the case format has), those named here at
    their weight and any other at `others`, so that a value the case format gains (the
    District of Columbia's courts, a territory's, a tribe's) is drawn without an edit
    here and the hand-written baseline says at once whether it reads it as the statute
    does. A named value the vocabulary lacks stops the script, naming it."""

    def __init__(self, named: Mapping[str, float], others: float = 1.0):
        self.named = dict(named)
        self.others = others

    def over(self, values: Sequence[str], where: str) -> tuple[list[str], list[float]]:
        """The values of the field `where` and their weights, in the vocabulary's order."""
        stray = [v for v in self.named if v not in values]
        if stray:
            raise SystemExit(f"bench/decide.py: {where} has no value {', '.join(stray)} in "
                             f"the case format (its values: {', '.join(values)})")
        return list(values), [self.named.get(v, self.others) for v in values]


def enum_values(vocab: Vocabulary, record: str | None, field: str) -> tuple[str, ...]:
    """The values the vocabulary gives a field (of the case, or of a record) of a kind."""
    if record is None:
        info = vocab.field(field)
    else:
        fields = getattr(vocab.record(record), "fields", ())
        info = next((f for f in fields if f.name == field), None)
    kind = info.type if info is not None else None
    if isinstance(kind, ListType):  # request.kinds: a list of values
        kind = kind.element
    if not isinstance(kind, EnumType):
        raise SystemExit(f"bench/decide.py: the case format has no field {record or 'case'}"
                         f".{field} of values to draw")
    return kind.values


AGENCIES = Shares({
    "state_corrections": 30, "municipal_police": 25, "state_police": 8, "court_marshal": 5,
    "county_jail": 10, "county_sheriff": 4, "probation": 3, "bail_services": 2, "parole": 2,
    "juvenile_detention": 2, "school_police": 1, "prosecutor": 1, "other": 2,
})
FORMS = Shares({"I-247": 1, "I-247A": 1, "I-247D": 1, "I-247N": 1, "other": 1}, others=0.2)
WARRANT_KINDS = Shares({}, others=1)  # evenly
# where a warrant was issued and a charge is pending: mostly the state, another state or
# the United States; a court of the District, a territory, a tribe or a foreign one now
# and then (each at `others`, as trustlaw synth draws them: rarely)
WARRANT_ORIGINS = Shares({"this_state": 30, "other_state": 30, "federal": 30})
CHARGE_COURTS = Shares({"this_state": 70, "other_state": 20, "federal": 10})
CONVICTION_COURTS = Shares({"this_state": 70, "other_state": 20, "federal": 10, "foreign": 2})
LEVELS = Shares({"felony": 4, "misdemeanor": 5, "violation": 1})
FELONY_CLASSES = Shares({}, others=1)  # evenly
TAGS = ("ct.family_violence", "us.aggravated_felony", "homicide", "nyc.violent_or_serious")
FELONY_TAGS = ("homicide", "nyc.violent_or_serious")  # the vocabulary allows them on felonies only


class CaseMaker:
    """Raw JSON-shaped cases: mostly complete, each fact unknown now and then."""

    def __init__(self, seed: int, unknown_rate: float = 0.06, vocab: Vocabulary | None = None):
        self.rng = random.Random(seed)
        self.unknown_rate = unknown_rate
        vocab = vocab if vocab is not None else default_vocabulary()

        def shares(table: Shares, record: str | None, field: str) -> tuple[list[str], list[float]]:
            return table.over(enum_values(vocab, record, field), f"{record or 'case'}.{field}")

        self.agencies = shares(AGENCIES, None, "agency")
        self.forms = shares(FORMS, "request", "form")
        self.kinds = enum_values(vocab, "request", "kinds")
        self.warrant_kinds = shares(WARRANT_KINDS, "warrant", "kind")
        self.origins = shares(WARRANT_ORIGINS, "warrant", "issued_in")
        self.courts = {"charge": shares(CHARGE_COURTS, "charge", "court"),
                       "conviction": shares(CONVICTION_COURTS, "conviction", "court")}
        self.levels = {r: shares(LEVELS, r, "level") for r in self.courts}
        self.classes = {r: shares(FELONY_CLASSES, r, "felony_class") for r in self.courts}

    def draw(self, shares: tuple[list[str], list[float]]) -> Callable[[], str]:
        """A draw of one value by its weight."""
        values, weights = shares
        return lambda: self.rng.choices(values, weights)[0]

    def known(self) -> bool:
        return self.rng.random() >= self.unknown_rate

    def put(self, out: dict[str, Any], key: str, value: Callable[[], Any]) -> None:
        if self.known():
            out[key] = value()

    def flag(self, p_true: float) -> Callable[[], bool]:
        return lambda: self.rng.random() < p_true

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def case(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        when = self.day(dt.date(2014, 1, 1), dt.date(2019, 9, 30))
        self.put(out, "date", when.isoformat)
        self.put(out, "agency", self.draw(self.agencies))
        self.put(out, "reimbursement_agreement", self.flag(0.05))
        self.put(out, "request", self.request)
        self.put(out, "person", self.person)
        self.put(out, "warrants", lambda: [self.warrant() for _ in range(self.count(0.75))])
        self.put(out, "charges", lambda: [self.charge() for _ in range(self.count(0.5))])
        self.put(
            out, "convictions", lambda: [self.conviction(when) for _ in range(self.count(0.55))]
        )
        age = (out.get("person") or {}).get("age")
        for conviction in out.get("convictions", ()):  # never judged older than now
            if age is not None and conviction.get("age_at_judgment", 0) > age:
                conviction["age_at_judgment"] = age
        return out

    def count(self, p_none: float) -> int:
        return 0 if self.rng.random() < p_none else self.rng.choice((1, 1, 1, 2, 2, 3))

    def request(self) -> dict[str, Any]:
        rng = self.rng
        out: dict[str, Any] = {}
        self.put(out, "kinds", lambda: sorted(rng.sample(self.kinds, rng.randint(1, 3))))
        self.put(out, "form", self.draw(self.forms))
        self.put(out, "judicial_warrant", self.flag(0.05))
        self.put(out, "court_order", self.flag(0.02))
        return out

    def person(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out, "age", lambda: self.rng.randint(16, 75))
        for name, p in (
            ("written_consent", 0.03),
            ("terrorist_watchlist_match", 0.01),
            ("gang_database", 0.06),
            ("gang_identified_by_doc", 0.5),
            ("security_risk_group", 0.04),
            ("final_removal_order", 0.08),
            ("previously_removed", 0.1),
            ("unlawful_reentry", 0.05),
            ("sex_arson_registrant", 0.01),
            ("federal_felony_warrant", 0.02),
            ("proof_of_lawful_status", 0.05),
            ("public_safety_risk", 0.05),
        ):
            self.put(out, name, self.flag(p))
        return out

    def warrant(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.put(out, "kind", self.draw(self.warrant_kinds))
        self.put(out, "issued_in", self.draw(self.origins))
        return out

    def offense(self, out: dict[str, Any], record: str) -> None:
        """A charge's or a conviction's level, felony class, court and tags."""
        rng = self.rng
        self.put(out, "level", self.draw(self.levels[record]))
        if out.get("level") == "felony":
            self.put(out, "felony_class", self.draw(self.classes[record]))
        self.put(out, "court", self.draw(self.courts[record]))
        # a felony-only tag (homicide, a New York City violent or serious crime) only on
        # an offense recorded as a felony, as the vocabulary's constraints require
        allowed = (TAGS if out.get("level") == "felony"
                   else tuple(t for t in TAGS if t not in FELONY_TAGS))
        self.put(out, "tags", lambda: [t for t in allowed if rng.random() < 0.08])

    def charge(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.offense(out, "charge")
        self.put(out, "bond_posted", self.flag(0.4))
        # a person released on a promise to appear posted no bond (a vocabulary constraint)
        promise = self.flag(0.0 if out.get("bond_posted") is True else 0.25)
        self.put(out, "released_on_promise_to_appear", promise)
        self.put(out, "probable_cause_found", self.flag(0.7))
        return out

    def conviction(self, case_date: dt.date) -> dict[str, Any]:
        out: dict[str, Any] = {}
        judged = self.day(dt.date(1990, 1, 1), case_date)
        self.put(out, "date", judged.isoformat)
        self.put(out, "release_date", lambda: self.day(judged, case_date).isoformat())
        self.offense(out, "conviction")
        self.put(out, "age_at_judgment", lambda: self.rng.randint(14, 70))
        self.put(out, "youthful_offender", self.flag(0.05))
        self.put(out, "vacated", self.flag(0.02))
        self.put(out, "pending_appeal", self.flag(0.05))
        return out


# ---- timing ----------------------------------------------------------------------------------


def per_case(run: Callable[[], None], n: int) -> float:
    """One run over all cases: microseconds per case."""
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) / n * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="number of cases (100000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (5)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"case generator seed ({SEED})")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.repeat < 1:
        parser.error("--cases and --repeat must be at least 1")

    statute = trustlaw.load(STATUTE)
    program, vocab = statute.program, statute.vocabulary
    compiled = compile_program(program)
    maker = CaseMaker(args.seed, vocab=vocab)
    raws = [maker.case() for _ in range(args.cases)]
    datas = [cases.validate(raw, vocab) for raw in raws]

    # the compiled backend must agree with the hand-written function and the interpreter
    for index, data in enumerate(datas):
        expected = hand_outcomes(data)
        got = compiled.outcomes(data)
        if got != expected:
            print(f"ABORT: case {index}: compiled {got} != hand-written {expected}\n{raws[index]}")
            return 1
        if compiled.evaluate(data) != interp.evaluate(program, data):
            print(f"ABORT: case {index}: compiled evaluation differs from the interpreter's")
            return 1
    mix: dict[str, int] = {}
    for data in datas:
        hold = compiled.outcomes(data)["hold"]
        mix[hold] = mix.get(hold, 0) + 1

    outcomes, evaluate = compiled.outcomes, compiled.evaluate
    validate, decide = cases.validate, statute.decide
    interp_evaluate = interp.evaluate

    def hand() -> None:
        for data in datas:
            hand_outcomes(data)

    def fast() -> None:
        for data in datas:
            outcomes(data)

    def grounds() -> None:
        for data in datas:
            build_decision(program, evaluate(data), data).grounds  # noqa: B018 (built on read)

    def evaluations() -> None:
        for data in datas:
            evaluate(data)

    def interpreter() -> None:
        for data in datas:
            build_decision(program, interp_evaluate(program, data), data).grounds  # noqa: B018

    def validation() -> None:
        for raw in raws:
            validate(raw, vocab)

    def whole() -> None:
        for raw in raws:
            decide(raw).grounds  # noqa: B018 (a Decision builds its grounds when read)

    peer_decides = [trustlaw.load(i).decide for i in PEERS]
    for peer in peer_decides:  # compile each statute before timing
        peer(raws[0])
    validate_once = trustlaw.validate

    def peers() -> None:
        for raw in raws:
            case = validate_once(raw)
            for peer in peer_decides:
                peer(case).grounds  # noqa: B018

    def peers_raw() -> None:
        for raw in raws:
            for peer in peer_decides:
                peer(raw).grounds  # noqa: B018

    measurements: list[tuple[str, Callable[[], None], float | None]] = [
        ("hand-written outcomes", hand, None),
        ("compiled outcomes", fast, 1.5),
        ("compiled + grounds (Decision.grounds read)", grounds, 3.0),
        ("compiled evaluate (grounds as rule ids)", evaluations, None),
        ("interpreter + grounds (Decision.grounds read)", interpreter, None),
        ("validate raw case", validation, 5.0),
        ("whole decide(raw case), grounds read", whole, 5.0),
        ("peer: validate once, decide under 4 statutes", peers, 30.0),
        ("peer: decide(raw case) under 4 statutes", peers_raw, None),
    ]
    # Rounds interleave the measurements, and each ratio is the median of per-round
    # ratios to the hand-written run of the same round, so that load from other
    # processes moves numerator and denominator together.
    n, repeat = args.cases, args.repeat
    samples: dict[str, list[float]] = {name: [] for name, _, _ in measurements}
    for _ in range(repeat):
        for name, run, _target in measurements:
            samples[name].append(per_case(run, n))
    base = samples["hand-written outcomes"]

    print(
        f"{STATUTE}: {n} cases (seed {args.seed}), {repeat} interleaved rounds, Python "
        f"{sys.version.split()[0]}"
    )
    print("hold outcomes in the mix: " + ", ".join(f"{k} {v}" for k, v in sorted(mix.items())))
    print(
        "compiled outcomes equal the hand-written ones, and compiled evaluations the "
        "interpreter's, on every case"
    )
    print()
    load = os.getloadavg()[0]
    print(f"load average {load:.2f}: on a shared machine, read the medians of interleaved rounds")
    print(f"{'measurement':48} {'median µs':>10} {'best µs':>8} {'ratio':>7}  target")
    for name, _run, target in measurements:
        times = samples[name]
        ratio = statistics.median(t / b for t, b in zip(times, base, strict=True))
        verdict = ""
        if target is not None:
            verdict = f"≤{target:g}x {'PASS' if ratio <= target else 'MISS'}"
        print(
            f"{name:48} {statistics.median(times):10.2f} {min(times):8.2f} {ratio:6.2f}x  {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
