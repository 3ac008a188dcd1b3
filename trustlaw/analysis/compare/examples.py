"""A region → one example a lawyer believes: realistic, small, the same on every call.

The solver picks a case inside the region under soft preferences, each kept only if
the region allows it: the case date inside both statutes' periods in force (or the
later one's when they do not overlap), other dates from 1980, ages 18 to 80 (at
least 14 where the region needs a minor), and fixed preferred values (age 35, a case
date a year into the period, a judgment two years before it, or else 6, 11, 16 or 21
years) so that the model does not wander between calls. Its
agency is then one that holds people (a jail or prison, else the police) where the
region allows one (`usual_agency`, on the compiled backend). The case is then shrunk
(facts made unknown, list elements dropped) while the compiled
backend still decides it as the region says and the region's condition still holds,
in passes that go on from where the last success left off rather than restarting.
The facts every real case has and no difference needed are then given back where the
region allows them (`furnish`): the case date (a year into the period above), the
request's kinds (the region's action) and its form (the one in use on that date), and
the person's age, so that the example can be decided as it stands (a case with no date
leaves whether a law was in force unknown). Only the final example is decided by the
reference interpreter, which must agree (else this is a bug and we raise).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ... import ir
from ...backends import interp
from ...cases import validate
from ...decisions.decision import Decision, build_decision
from ...diagnostics import CaseError
from ...library.statute import Statute
from .model import reading
from .periods import case_period, case_span, example_day, usual_form
from .terms import add, boolean, check, core_ids, implies

__all__ = ["Examples", "furnish", "in_vocabulary_order", "shrink", "usual_agency"]

EARLIEST = _dt.date(1980, 1, 1)
AGE_RANGE = (18, 80)
YOUNGEST = 14  # where a region needs someone under 18
PREFERRED_AGE = 35
# how many years before the case date an example's judgment is set where two years will
# not do: a year past the usual look-backs (5, 10, 15 and 20 years)
OLDER_JUDGMENTS = (6, 11, 16, 21)
# the agencies a reader expects to hold someone past release, in tiers: jails and
# prisons, then the police, then marshals and juvenile detention, which keep people in
# custody too; a region that excludes them all keeps whichever agency the solver gave
USUAL_AGENCIES = (("county_jail", "county_sheriff", "state_corrections"),
                  ("municipal_police", "state_police"),
                  ("court_marshal", "juvenile_detention"))
# where a jurisdiction's jails are its state department's: Connecticut has no county jails
# (its statute files read a county jail named in a case as the Department of Correction),
# so an example of two Connecticut laws is held there first
STATE_RUN_JAILS = frozenset({"ct"})


def furnish(case: dict[str, Any], aspect: str, keeps: Callable[[dict[str, Any]], bool],
            day: _dt.date) -> dict[str, Any]:
    """`case` with the facts every real case has and `case` leaves unknown given back,
    each only where `keeps` still holds with it (the region may need it unknown): the
    case date `day`, the request's kinds (the aspect's action, a hold for the longest
    hold and the duties, else another kind alone), the form in use for them on the
    case's date, and the person's age (35, or older where a judgment's age or date says
    so)."""
    steps = _furnishing(aspect, day)
    whole = case  # usually the region allows every first choice at once: one question
    for step in steps:
        whole = next(iter(step(whole)), whole)
    if whole is not case and keeps(whole):
        return whole
    for step in steps:
        case = next((c for c in step(case) if keeps(c)), case)
    return case


Step = Callable[[dict[str, Any]], list[dict[str, Any]]]


def _furnishing(aspect: str, day: _dt.date) -> list[Step]:
    """The steps of `furnish`, in order: each gives the case with one fact it leaves
    unknown given back, in the order the values are tried ([] when the case has it)."""
    first = aspect if aspect in ir.OUTCOMES else "hold"
    kinds_tried = [first, *(k for k in ir.OUTCOMES if k != first)]

    def known_day(case: dict[str, Any]) -> _dt.date:
        given = case.get("date")
        return _dt.date.fromisoformat(given) if isinstance(given, str) else day

    def date(case: dict[str, Any]) -> list[dict[str, Any]]:
        return [] if "date" in case else [{"date": day.isoformat(), **case}]

    def kinds(case: dict[str, Any]) -> list[dict[str, Any]]:
        request = case.get("request")
        if isinstance(request, dict) and "kinds" in request:
            return []
        return [_with(case, "request", "kinds", [kind]) for kind in kinds_tried]

    def form(case: dict[str, Any]) -> list[dict[str, Any]]:
        request = case.get("request")
        given = request.get("kinds") if isinstance(request, dict) else None
        if not isinstance(given, list) or "form" in request:  # type: ignore[operator]
            return []
        return [_with(case, "request", "form", usual_form(known_day(case), given))]

    def age(case: dict[str, Any]) -> list[dict[str, Any]]:
        person = case.get("person")
        if isinstance(person, dict) and "age" in person:
            return []
        return [_with(case, "person", "age", _age(case, known_day(case)))]

    return [date, kinds, form, age]


def in_vocabulary_order(case: dict[str, Any], vocab: ir.Vocabulary) -> dict[str, Any]:
    """`case` with each record's fields in the order the vocabulary declares them (the
    date first, as a reader expects it): a fact `furnish` gave back sits where it
    belongs, not at the end."""
    places = _places(vocab)

    def ordered(value: Any, record: str) -> Any:
        if not isinstance(value, dict):
            return value
        place = places.get(record, {})
        keys = sorted(value, key=lambda k: place.get(k, (len(place), None))[0])
        return {k: typed(value[k], place[k][1]) if k in place else value[k] for k in keys}

    def typed(value: Any, kind: ir.Type) -> Any:
        if isinstance(kind, ir.ListType) and isinstance(value, list):
            return [typed(item, kind.element) for item in value]
        return ordered(value, kind.name) if isinstance(kind, ir.RecordType) else value

    return ordered(case, "")


_PLACES: dict[str, dict[str, dict[str, tuple[int, ir.Type]]]] = {}  # by vocabulary digest


def _places(vocab: ir.Vocabulary) -> dict[str, dict[str, tuple[int, ir.Type]]]:
    """Each record's fields (the case's own under "") by name: their place and type,
    the case date first."""
    if vocab.digest not in _PLACES:
        top = sorted(vocab.fields, key=lambda f: f.name != "date")  # stable
        _PLACES[vocab.digest] = {
            "": {f.name: (i, f.type) for i, f in enumerate(top)},
            **{r.name: {f.name: (i, f.type) for i, f in enumerate(r.fields)}
               for r in vocab.records}}
    return _PLACES[vocab.digest]


def _with(case: dict[str, Any], record: str, name: str, value: Any) -> dict[str, Any]:
    """`case` with `record.name` set (the record made if the case has none)."""
    inner = case.get(record)
    return {**case, record: {**(inner if isinstance(inner, dict) else {}), name: value}}


def _age(case: Mapping[str, Any], day: _dt.date) -> int:
    """`PREFERRED_AGE`, or the youngest age the case's judgments allow (an age at a
    judgment, plus the years since it; for a dated judgment that gives no age, 18 then,
    or `YOUNGEST` for a youthful-offender one, so that nobody is judged before being
    born: a judgment of 1980 in a case of 2027 made a person of 35), at most the oldest
    of `AGE_RANGE`."""
    age = PREFERRED_AGE
    for conviction in case.get("convictions") or []:
        if not isinstance(conviction, Mapping):
            continue
        ages = [conviction[k] for k in ("age_at_judgment", "age_at_offense")
                if isinstance(conviction.get(k), int)]
        judged = conviction.get("date")
        if not ages and not isinstance(judged, str):
            continue
        youthful = conviction.get("youthful_offender") is True
        then = max(ages) if ages else YOUNGEST if youthful else AGE_RANGE[0]
        years = (day.year - _dt.date.fromisoformat(judged).year
                 if isinstance(judged, str) else 2)
        age = max(age, then + max(years, 0))
    return min(age, AGE_RANGE[1])


class Examples:
    """Examples for the regions of one comparison."""

    def __init__(self, smt: Any, case: Any, well_formed: list[Any], a: Statute, b: Statute,
                 timeout_ms: int, shrinking: bool = True):
        import z3

        self.smt, self.case, self.a, self.b = smt, case, a, b
        self.shrinking = shrinking
        self.solver = smt.solver_with(well_formed, timeout_ms)
        self.vocab = a.vocabulary
        start, end = case_period(a.meta, b.meta)
        preferred = self.day = example_day(a.meta, b.meta)
        self.preferences: list[Any] = []
        dates, ages, top_date = _scan(case, smt)
        if top_date is not None:
            # inside both periods, else inside either, else within ten years of them
            first, last = case_span(a.meta, b.meta)
            for since, until in ((start, end), (first, last), (
                    _dt.date(first.year - 10, 1, 1), _dt.date(last.year + 10, 12, 31))):
                self.preferences.append(z3.Implies(top_date.known, z3.And(
                    top_date.value.key() >= _key(since), top_date.value.key() <= _key(until))))
        if dates:
            self.preferences.append(z3.And([z3.Implies(
                node.known, z3.And(node.value.key() >= _key(EARLIEST),
                                   node.value.key() <= _key(end))) for node in dates]))
        # where a region needs a minor: a teenager, never a newborn (asked only then, see
        # `_fallback`, so that the cases of every other region stay as they were)
        self.teenager: tuple[int, Any] | None = None  # (its place among the wishes, it)
        self.fallback: list[Any] | None = None  # the wishes with it, once asked
        if ages:
            low, high = AGE_RANGE
            self.preferences.append(z3.And([
                z3.Implies(node.known, z3.And(node.value >= low, node.value <= high))
                for node in ages]))
            self.teenager = (len(self.preferences), z3.And([
                z3.Implies(node.known, node.value >= YOUNGEST) for node in ages]))
        if top_date is not None:
            self.preferences.append(z3.Implies(top_date.known,
                                               top_date.value.key() == _key(preferred)))
        for node in ages:
            self.preferences.append(z3.Implies(node.known, node.value == PREFERRED_AGE))
        for node in dates:  # judgments and releases two years before the case date
            self.preferences.append(z3.Implies(node.known, node.value.key() == _key(
                _dt.date(preferred.year - 2, preferred.month, preferred.day))))
        # where a region needs an older judgment (a look-back of 5, 10, 15 or 20 years), a
        # year past the look-back, not the first day the solver finds (29 February 1980):
        # asked only then, as the teenager is (`_fallback`)
        self.older: list[Any] = []
        if dates:  # a wish per look-back, for every judgment at once (one solver question)
            tried: list[int] = [_key(_dt.date(preferred.year - 2, preferred.month,
                                             preferred.day))]
            for years in OLDER_JUDGMENTS:
                day = _key(_dt.date(preferred.year - years, preferred.month, preferred.day))
                self.older.append(z3.And([z3.Implies(
                    z3.And(node.known, *(node.value.key() != t for t in tried)),
                    node.value.key() == day) for node in dates]))
                tried.append(day)
        self.wishes = [z3.Bool(f"example.wish.{i}") for i in range(len(self.preferences))]
        self.solver.add(*[z3.Implies(wish, preference)
                          for wish, preference in zip(self.wishes, self.preferences, strict=True)])
        self.conjuncts: dict[int, tuple[Any, Any]] = {}  # term id -> (conjunct, its flag)
        # the solver's cases so far, validated and decided by the compiled backend
        self.earlier: list[tuple[dict[str, Any], Mapping[str, Any], tuple[Decision, Decision]]] = []
        self.confirmed: dict[str, tuple[Decision, Decision] | None] = {}  # by the example's JSON
        # every case tried (solved or a shrinking step), by its JSON: validated and decided
        # by the compiled backend once for the comparison (None: not a valid case); the
        # regions' shrinking passes try many of the same cases
        self.decided: dict[str, tuple[Mapping[str, Any], tuple[Decision, Decision]] | None] = {}

    def find(self, region_formula: Any, aspect: str, expected: tuple[str, str],
             contains: Callable[[Mapping[str, Any]], bool]
             ) -> tuple[dict[str, Any], Decision, Decision] | None:
        """An example inside the region and the interpreter's decisions on it (None when
        the solver gives up); `contains` tells whether a validated case meets the
        region's condition beyond the two decisions."""
        found = self._earlier(aspect, expected, contains)
        case = found if found is not None else self._solve(region_formula)
        if case is None:
            return None
        seen: dict[str, bool] = {}

        def keeps(candidate: dict[str, Any]) -> bool:
            key = json.dumps(candidate, sort_keys=True)
            if key not in seen:
                known = self._compiled(key, candidate)
                seen[key] = (known is not None and reading(aspect, *known[1]) == expected
                             and contains(known[0]))
            return seen[key]

        if not keeps(case):
            raise AssertionError(
                f"the solver's case for `{aspect}` {expected} is not decided so by the "
                f"compiled backend: {json.dumps(case)}")
        case = usual_agency(case, keeps, self.a.meta.jurisdiction == self.b.meta.jurisdiction
                            and self.a.meta.jurisdiction in STATE_RUN_JAILS)
        if self.shrinking:
            case = shrink(case, keeps)
        case = in_vocabulary_order(furnish(case, aspect, keeps, self.day), self.vocab)
        decided = self._confirm(case)
        if decided is None or reading(aspect, *decided) != expected:
            raise AssertionError(
                f"the interpreter does not decide the example for `{aspect}` as "
                f"{expected}: {json.dumps(case)}")
        return case, decided[0], decided[1]

    def _confirm(self, case: dict[str, Any]) -> tuple[Decision, Decision] | None:
        """The reference interpreter's decisions on a final example (None: not a valid
        case), each distinct example decided once: regions often share one."""
        key = json.dumps(case, sort_keys=True)
        if key not in self.confirmed:
            known = self.decided.get(key)  # validated already on the compiled backend's way
            try:
                data = known[0] if known is not None else validate(case, self.vocab)
                self.confirmed[key] = self._decide(data, "interpreter")
            except CaseError:
                self.confirmed[key] = None
        return self.confirmed[key]

    def _earlier(self, aspect: str, expected: tuple[str, str],
                 contains: Callable[[Mapping[str, Any]], bool]) -> dict[str, Any] | None:
        """The first case the solver gave for an earlier region that lies in this one
        too (decided as `expected`, meeting `contains`): it was chosen under the same
        preferences, and it saves a question to the solver."""
        for case, data, decided in self.earlier:
            if reading(aspect, *decided) == expected and contains(data):
                return case
        return None

    def _solve(self, region_formula: Any) -> dict[str, Any] | None:
        """A case inside the region meeting as many preferences as it allows, in order."""
        import z3

        # the region and each wish enter as assumptions (no push and pop of the
        # well-formedness constraints): the region as a flag for each of its conjuncts
        solver, wishes = self.solver, self.wishes
        inside = self._flags(region_formula)
        answer = check(solver, [*inside, *wishes])
        if answer == z3.unsat:  # usually every wish can be met
            core = core_ids(solver)
            if not any(wish.get_id() in core for wish in wishes):
                return None  # the region itself holds no case
            kept = self._keep(inside, self._fallback(), core)  # else each one that can
            if check(solver, [*inside, *kept]) != z3.sat:
                return None
        elif answer != z3.sat:
            return None
        case = self.smt.case_from_model(solver.model(), self.case)
        known = self._compiled(json.dumps(case, sort_keys=True), case)
        if known is not None:  # else `find` reports it
            self.earlier.append((case, *known))
        return case

    def _flags(self, formula: Any) -> list[Any]:
        """A flag for each conjunct of `formula`, each implying its conjunct in the
        solver, made on its first use: the regions of a comparison share most of their
        atom states, and z3 then takes in each one once instead of once per region."""
        import z3

        parts = formula.children() if z3.is_and(formula) else [formula]
        flags = []
        for part in parts:
            known = self.conjuncts.get(part.get_id())
            if known is None:
                flag = boolean(f"example.part.{len(self.conjuncts)}")
                add(self.solver, implies(flag, part))
                # the term is kept with its flag, so that its id is never reused
                known = self.conjuncts[part.get_id()] = (part, flag)
            flags.append(known[1])
        return flags

    def _keep(self, inside: list[Any], wishes: list[Any],
              core: set[int] | None = None) -> list[Any]:
        """The wishes kept by going through them in order and keeping each one that can
        be met with the region and those kept before it (`core`, when known: an
        unsatisfiable core of the region with all of them). The longest run of the
        wishes still open that can be met is kept and the wish after it dropped, found
        from unsatisfiable cores (no run reaching a core's last wish can be met): a
        region that rules out one or two wishes of some twenty costs two or three
        questions, not one per wish."""
        import z3

        kept: list[Any] = []
        rest = list(wishes)
        if core is None:
            answer = check(self.solver, [*inside, *rest])
            if answer == z3.sat:
                return rest
            core = core_ids(self.solver) if answer == z3.unsat else set()
        while True:
            # rest[:end + 1] cannot be met with the region and `kept`; rest[:0] can
            end = max((i for i, wish in enumerate(rest) if wish.get_id() in core), default=0)
            while end > 0:
                answer = check(self.solver, [*inside, *kept, *rest[:end]])
                if answer == z3.sat:
                    break
                core = core_ids(self.solver) if answer == z3.unsat else set()
                end = max((i for i in range(end) if rest[i].get_id() in core), default=0)
            kept += rest[:end]
            rest = rest[end + 1:]
            if not rest:
                return kept
            answer = check(self.solver, [*inside, *kept, *rest])
            if answer == z3.sat:
                return kept + rest
            core = core_ids(self.solver) if answer == z3.unsat else set()

    def _fallback(self) -> list[Any]:
        """The wishes to keep in order when not all can be met (`_keep`): the preferences in
        order, with "no one younger than 14" after the age range and the older judgments'
        dates at the end (added to the solver on the first call)."""
        if self.fallback is None:
            wishes = list(self.wishes)
            if self.teenager is not None:
                place, preference = self.teenager
                wish = boolean("example.wish.teenager")
                add(self.solver, implies(wish, preference))
                wishes.insert(place, wish)
            for index, preference in enumerate(self.older):
                wish = boolean(f"example.wish.older.{index}")
                add(self.solver, implies(wish, preference))
                wishes.append(wish)
            self.fallback = wishes
        return self.fallback

    def _compiled(self, key: str, case: dict[str, Any]
                  ) -> tuple[Mapping[str, Any], tuple[Decision, Decision]] | None:
        """`case` (`key`: its JSON) validated and decided by the compiled backend, once
        for the comparison; None when it is not a valid case."""
        if key not in self.decided:
            try:
                data = validate(case, self.vocab)
            except CaseError:
                self.decided[key] = None
            else:
                self.decided[key] = (data, self._decide(data, "compiled"))
        return self.decided[key]

    def _decide(self, data: Mapping[str, Any], backend: str) -> tuple[Decision, Decision]:
        """Both statutes' decisions on a validated case."""
        out = []
        for statute in (self.a, self.b):
            if backend == "compiled":
                evaluation = statute.compiled().evaluate(data)
            else:
                evaluation = interp.evaluate(statute.program, data)
            out.append(build_decision(statute.program, evaluation, data))
        return out[0], out[1]


def _key(day: _dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def usual_agency(case: dict[str, Any], keeps: Callable[[dict[str, Any]], bool],
                 state_run: bool = False) -> dict[str, Any]:
    """`case` held by the first agency of `USUAL_AGENCIES`, tier by tier, with which the
    region still holds it (`keeps`), where its own agency is in no tier or in a later
    tier than one that would do; as it is otherwise. `state_run`: both laws are of a
    jurisdiction whose jails its state runs (`STATE_RUN_JAILS`), so a state department
    of correction comes first, and a county jail or sheriff is moved to it where the
    region allows. Tried on the compiled backend after the solver, which costs no
    solver question (as wishes to the solver, the same preference made a comparison a
    fifth slower)."""
    agency = case.get("agency")
    if not isinstance(agency, str):
        return case
    tiers: tuple[tuple[str, ...], ...] = USUAL_AGENCIES
    if state_run:
        tiers = (("state_corrections",), *USUAL_AGENCIES)
    for tier in tiers:
        if agency in tier:
            return case
        for usual in tier:
            candidate = {**case, "agency": usual}
            if keeps(candidate):
                return candidate
    return case  # an agency outside every tier, which the region needs


def _scan(case: Any, smt: Any) -> tuple[list[Any], list[Any], Any]:
    """The symbolic case's date nodes below the top level, its age-like whole
    numbers, and the top-level case date."""
    top = None
    others = []
    for name, node in case.fields.items():
        if name == "date" and isinstance(node, smt.Scalar) and isinstance(node.value, smt.Civil):
            top = node
        else:
            others.append((name, node))
    dates, ages = dates_and_ages(smt, others)
    return dates, ages, top


def dates_and_ages(smt: Any, nodes: Iterable[tuple[str, Any]]) -> tuple[list[Any], list[Any]]:
    """The date nodes and the age-like whole numbers under the symbolic `nodes` (each
    with its field name): a record's fields and a list's elements, all the way down."""
    dates: list[Any] = []
    ages: list[Any] = []
    stack = list(reversed(list(nodes)))  # each node before the ones after it, in order
    while stack:
        name, node = stack.pop()
        if isinstance(node, smt.RecordNode):
            stack.extend(reversed(node.fields.items()))
        elif isinstance(node, smt.ListNode):
            stack.extend((name, element) for element in reversed(node.elements))
        elif isinstance(node.type, ir.DateType) and isinstance(node.value, smt.Civil):
            dates.append(node)
        elif isinstance(node.type, ir.IntType) and "age" in name.split("_"):
            ages.append(node)
    return dates, ages


def shrink(case: dict[str, Any], keeps: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """`case` made small while `keeps` holds: each fact tried unknown and each list
    element tried away once per pass, going on after a success instead of restarting;
    another pass only when the last one changed something (at most three)."""
    for _ in range(3):
        smaller = _shrink(case, lambda value: value, keeps)
        if smaller == case:
            break
        case = smaller
    return case


def _shrink(value: Any, rebuild: Callable[[Any], Any], keeps: Callable[[Any], bool]) -> Any:
    if isinstance(value, dict):
        return _shrink_record(value, rebuild, keeps)
    if isinstance(value, list):
        return _shrink_list(value, rebuild, keeps)
    return value


def _shrink_record(record: dict[str, Any], rebuild: Callable[[Any], Any],
                   keeps: Callable[[Any], bool]) -> dict[str, Any]:
    for key in list(record):
        trial = {k: v for k, v in record.items() if k != key}
        if keeps(rebuild(trial)):
            record = trial
            continue

        def inside(v: Any, base: dict[str, Any] = record, k: str = key) -> Any:
            return rebuild({**base, k: v})

        record = {**record, key: _shrink(record[key], inside, keeps)}
    return record


def _shrink_list(items: list[Any], rebuild: Callable[[Any], Any],
                 keeps: Callable[[Any], bool]) -> list[Any]:
    index = 0
    while index < len(items):
        trial = items[:index] + items[index + 1:]
        if keeps(rebuild(trial)):
            items = trial
        else:
            index += 1
    for index in range(len(items)):

        def inside(v: Any, base: list[Any] = items, i: int = index) -> Any:
            return rebuild([*base[:i], v, *base[i + 1:]])

        items = [*items[:index], _shrink(items[index], inside, keeps), *items[index + 1:]]
    return items
