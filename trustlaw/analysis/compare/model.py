"""What a comparison holds: regions of the case space, protectiveness, unsettled questions."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from typing import Any

import attrs

from ... import ir
from ...backends import interp
from ...cases import validate
from ...cases.case import Case
from ...decisions.clock import MaxHold
from ...decisions.decision import Decision
from ...decisions.explain import hold_limit_text
from ...library.statute import Statute
from .atoms import Wording

__all__ = [
    "ACTIONS",
    "Comparison",
    "Protectiveness",
    "Region",
    "Selection",
    "ShorterHold",
    "Unsettled",
    "describe_limit",
    "limit_texts",
    "limit_words",
    "reading",
]

ACTIONS: tuple[str, ...] = ir.OUTCOMES

_VERBS = {
    "prohibited": "prohibits",
    "permitted": "permits",
    "required": "requires",
    "undetermined": "leaves undetermined",
}


def describe_limit(hold: MaxHold) -> str:
    """``48 hours excluding saturday, sunday, federal_holiday``."""
    text = f"{hold.hours} hour{'' if hold.hours == 1 else 's'}"
    if hold.excluding:
        text += " excluding " + ", ".join(hold.excluding)
        if "federal_holiday" in hold.excluding and hold.holidays != "actual":
            text += f" (holidays {hold.holidays})"
    return text


def limit_words(hold: MaxHold | None) -> str:
    """The longest hold as compared: ``no limit stated`` or ``48 hours excluding …`` (the
    citation is not part of it: the same clock re-enacted is no difference)."""
    return "no limit stated" if hold is None else describe_limit(hold)


def stated_limits(*programs: ir.Program) -> dict[str, MaxHold]:
    """Each longest hold the programs state, by its value as compared (`limit_words`, the
    JSON form's)."""
    holds = (MaxHold(li.hours, li.excluding, li.holidays)
             for program in programs for li in program.limits)
    return {limit_words(hold): hold for hold in holds}


def limit_texts(*programs: ir.Program) -> dict[str, str]:
    """Each longest hold the programs state, from its value as compared (`limit_words`)
    to the words a drafter reads (``48 hours, not counting Saturdays, Sundays and federal
    holidays …``, as `explain` words it)."""
    return {said: hold_limit_text(hold.hours, hold.excluding, hold.holidays)
            for said, hold in stated_limits(*programs).items()}


def reading(aspect: str, a: Decision, b: Decision) -> tuple[str, str] | None:
    """What two decisions say about one aspect (an outcome, ``max_hold`` or
    ``duty:<id>``): the pair of values a region's `a` and `b` name, or None when the
    aspect does not apply (the longest hold when either prohibits the hold)."""
    if aspect in ir.OUTCOMES:
        return a.outcomes[aspect], b.outcomes[aspect]
    if aspect == "max_hold":
        if "prohibited" in (a.outcomes["hold"], b.outcomes["hold"]):
            return None
        return limit_words(a.max_hold), limit_words(b.max_hold)
    duty = aspect.removeprefix("duty:")
    return tuple(  # type: ignore[return-value]
        "imposed" if any(d.id == duty for d in x.duties) else "not imposed" for x in (a, b)
    )


@attrs.frozen(eq=False)
class Region:
    """A set of cases the two statutes decide differently, all in the same way.

    `condition` (IR) is a conjunction of atom states (or, for what is left after the
    determined regions, the statutes' own semantics); `source` is it in the statute
    language and `summary` in words. Every case the condition holds of is decided
    `a` by statute A and `b` by statute B for `outcome` (an action, ``max_hold`` or
    ``duty:<id>``); `determined` is False when the difference needs a fact to be
    unknown. `grounds` are the deciding provisions of the example under each side (labels
    only, CASES.md section 4); `open_grounds` the provisions that could decide it instead
    once the facts it leaves unknown are known (where a side leaves it undetermined)."""

    outcome: str
    a: str
    b: str
    condition: ir.Expr
    summary: str
    determined: bool
    grounds: Mapping[str, tuple[str, ...]]
    _example: dict[str, Any]  # given as `example`; read through the property (a copy)
    unknown_paths: tuple[str, ...] = ()
    count: int | None = None
    open_grounds: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=lambda: {"a": (), "b": ()}, kw_only=True)
    # the summary in its parts, to fit it to a line (`Wording.within`); None for what is
    # left of a pair, whose summary is said whole
    wording: Wording | None = attrs.field(default=None, kw_only=True, repr=False)
    _test: Any = attrs.field(default=None, init=False, repr=False)
    _source: str | None = attrs.field(default=None, init=False, repr=False)

    @property
    def example(self) -> dict[str, Any]:
        """A case in the region, in JSON form: a copy, the caller's to change (the region
        keeps its own, as a frozen object should)."""
        return copy.deepcopy(self._example)

    @property
    def source(self) -> str:
        """The condition in the statute language (written on first use: the conditions
        of the regions left after the determined ones spell out both statutes)."""
        if self._source is None:
            from .source import condition_source

            object.__setattr__(self, "_source", condition_source(self.condition))
        assert self._source is not None
        return self._source

    def contains(self, case: Mapping[str, Any] | Case,
                 vocabulary: ir.Vocabulary | None = None) -> bool:
        """The case (JSON form or a `trustlaw.validate`d `Case`, checked against
        `vocabulary`, default the bundled one) is in this region: its condition is true
        of the case. A case that is not valid raises `CaseError` naming its problems: it
        is in no region, and a bare False would hide the mistake."""
        if vocabulary is None:
            from ...lowering.files import default_vocabulary

            vocabulary = default_vocabulary()
        data = case.data_for(vocabulary) if isinstance(case, Case) else validate(
            case, vocabulary)
        return self.contains_valid(data)

    def contains_valid(self, data: Mapping[str, Any]) -> bool:
        """`contains` for a case already validated (normalised form); the condition is
        built into an evaluator once."""
        if self._test is None:
            object.__setattr__(self, "_test", interp.evaluator(self.condition))
        return self._test(data, {}) is True

    def headline(self, a_label: str = "A", b_label: str = "B",
                 words: Mapping[str, str] | None = None) -> str:
        """``hold: A permits, B prohibits``; a longest hold's values in `words` where it
        has them (`Comparison.limit_texts`), else as compared."""
        if self.outcome in ir.OUTCOMES:
            return (f"{self.outcome}: {a_label} {_VERBS[self.a]}, "
                    f"{b_label} {_VERBS[self.b]}")
        if self.outcome == "max_hold":  # each law's own limit (render.LONGEST_HOLD)
            said = words or {}  # "; " between the sides: the words hold commas
            return (f"longest hold each law sets: {a_label} {said.get(self.a, self.a)}; "
                    f"{b_label} {said.get(self.b, self.b)}")
        duty = self.outcome.removeprefix("duty:")
        imposer = a_label if self.a == "imposed" else b_label
        other = b_label if self.a == "imposed" else a_label
        return f"duty {duty}: {imposer} imposes it, {other} does not"

    def with_count(self, count: int) -> Region:
        return attrs.evolve(self, count=count)  # `_test` is not an init field: rebuilt

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "a": self.a,
            "b": self.b,
            "summary": self.summary,
            "condition": self.source,
            "determined": self.determined,
            "grounds": {"a": list(self.grounds["a"]), "b": list(self.grounds["b"])},
            "example": copy.deepcopy(self._example),  # the caller's to change
            "count": self.count,
            "unknown_facts": list(self.unknown_paths),
            "open_grounds": {"a": list(self.open_grounds["a"]),
                             "b": list(self.open_grounds["b"])},
        }


@attrs.frozen(eq=False)
class Unsettled:
    """A question the solver could not settle (its `reason`), so no region covers it."""

    outcome: str
    a: str
    b: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "a": self.a, "b": self.b, "reason": self.reason}


class Protectiveness(str):
    """For one action, which statute allows it in fewer cases (CASES.md section 4):
    ``a``, ``b``, ``equivalent``, ``incomparable`` or ``unknown``; with a case each
    way that shows it (A allows and B forbids, and the reverse) when there is one.

    It is its verdict, a string (``comparison.protectiveness["hold"] == "a"``, as
    section 4 shows it), so it compares, hashes, prints and goes into ``json.dumps`` as
    that string; the cases and the reason are attributes beside it (`to_dict`)."""

    __slots__ = ("a_only", "action", "b_only", "reason")
    action: str
    a_only: dict[str, Any] | None  # a case A allows the action in and B does not
    b_only: dict[str, Any] | None
    reason: str | None

    def __new__(cls, action: str, verdict: str, a_only: dict[str, Any] | None = None,
                b_only: dict[str, Any] | None = None,
                reason: str | None = None) -> Protectiveness:
        self = super().__new__(cls, verdict)
        for name, value in (("action", action), ("a_only", a_only), ("b_only", b_only),
                            ("reason", reason)):
            object.__setattr__(self, name, value)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Protectiveness is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Protectiveness is read-only (cannot delete {name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Protectiveness, (self.action, self.verdict, self.a_only, self.b_only,
                                 self.reason))

    def __repr__(self) -> str:
        return (f"Protectiveness(action={self.action!r}, verdict={self.verdict!r}, "
                f"a_only={self.a_only!r}, b_only={self.b_only!r}, reason={self.reason!r})")

    @property
    def verdict(self) -> str:
        """The verdict as a plain `str`."""
        return str.__str__(self)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "a_allows_b_forbids": copy.deepcopy(self.a_only),
                "b_allows_a_forbids": copy.deepcopy(self.b_only), "reason": self.reason}


@attrs.frozen
class ShorterHold:
    """Where both laws allow a hold and their own longest holds differ, whose ends first
    (`MaxHold.ends_no_later_than`; a limit ends before no limit): ``a``, ``b``, or
    ``incomparable`` when each ends first somewhere or two limits cannot be ordered
    (48 hours not counting weekends against 60 clock hours); with the regions (indexes
    from 0) where A's ends first, where B's does, and where neither always does. The
    protectiveness verdicts count cases allowed, which a shorter clock does not change."""

    verdict: str
    a_first: tuple[int, ...]
    b_first: tuple[int, ...]
    unordered: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "a_first": list(self.a_first),
                "b_first": list(self.b_first), "unordered": list(self.unordered)}


def shorter_hold(a: ir.Program, b: ir.Program, regions: tuple[Region, ...]
                 ) -> ShorterHold | None:
    """`ShorterHold` of the determined ``max_hold`` regions, or None where there are none
    (or a region names a limit neither program states)."""
    limits: dict[str, MaxHold | None] = {limit_words(None): None, **stated_limits(a, b)}
    found: tuple[list[int], list[int], list[int]] = ([], [], [])
    for index, region in enumerate(regions):
        if region.outcome != "max_hold" or not region.determined:
            continue
        if region.a not in limits or region.b not in limits:
            return None
        first, second = limits[region.a], limits[region.b]
        a_ends = second is None or (first is not None and first.ends_no_later_than(second))
        b_ends = first is None or (second is not None and second.ends_no_later_than(first))
        found[0 if a_ends and not b_ends else 1 if b_ends and not a_ends else 2].append(index)
    a_first, b_first, unordered = found
    if not (a_first or b_first or unordered):
        return None
    verdict = ("a" if a_first and not b_first and not unordered
               else "b" if b_first and not a_first and not unordered else "incomparable")
    return ShorterHold(verdict, tuple(a_first), tuple(b_first), tuple(unordered))


@attrs.frozen
class Selection:
    """What `Comparison.only` kept (some `outcomes`, or all; with `known_only`, the
    regions where both laws decide) and what it left out, which the status still counts."""

    outcomes: tuple[str, ...] | None
    known_only: bool
    regions: int  # left out
    unsettled: int  # left out

    def to_dict(self) -> dict[str, Any]:
        return {"outcomes": None if self.outcomes is None else list(self.outcomes),
                "known_only": self.known_only, "regions_left_out": self.regions,
                "unsettled_left_out": self.unsettled}


@attrs.frozen(eq=False)
class Comparison:
    """Where statute `a` and statute `b` decide cases differently, as regions."""

    a: Statute
    b: Statute
    bound: int
    seconds: float
    questions: int
    regions: tuple[Region, ...]
    unsettled: tuple[Unsettled, ...]
    protectiveness: Mapping[str, Protectiveness]
    labels: tuple[str, str] = ("A", "B")
    # set by `only`: what it kept, and how many regions and unsettled questions it left out
    selection: Selection | None = None

    @property
    def equivalent(self) -> bool:
        """No well-formed case (lists up to the bound) is decided differently, proved
        (of the whole comparison: never claimed of one that `only` narrowed)."""
        return self.status == "equivalent"

    @property
    def status(self) -> str:
        """``equivalent``, ``different`` or ``unsettled`` (no difference found, but the
        solver could not settle some question)."""
        left_out = self.selection or Selection(None, False, 0, 0)
        if self.regions or left_out.regions:
            return "different"
        return "unsettled" if self.unsettled or left_out.unsettled else "equivalent"

    @property
    def editorial(self) -> tuple[frozenset[str], frozenset[str]]:
        """The labels of `a`'s and of `b`'s provisions that are the file's own names,
        not subsections of the law (``editorial``): every output marks them."""
        return (frozenset(p.label for p in self.a.program.provisions if p.editorial),
                frozenset(p.label for p in self.b.program.provisions if p.editorial))

    @property
    def limit_texts(self) -> Mapping[str, str]:
        """The words of each longest hold a region's `a` or `b` may name (`limit_texts`)."""
        return limit_texts(self.a.program, self.b.program)

    @property
    def shorter_hold(self) -> ShorterHold | None:
        """Whose own longest hold ends first where both allow a hold (`ShorterHold`)."""
        return shorter_hold(self.a.program, self.b.program, self.regions)

    @property
    def duty_texts(self) -> dict[str, dict[str, dict[str, str] | None]]:
        """What each duty a region names requires, in each law's own words: for each duty
        id, under ``a`` and ``b`` its text, citation and provision, or None where that law
        has no such duty (a drafter reads what a new or dropped duty asks of an agency)."""
        named = dict.fromkeys(r.outcome.removeprefix("duty:") for r in self.regions
                              if r.outcome.startswith("duty:"))

        def said(statute: Statute, duty_id: str) -> dict[str, str] | None:
            found = next((d for d in statute.program.duties if d.id == duty_id), None)
            return None if found is None else {
                "text": found.text.strip(), "citation": found.citation,
                "provision": found.provision}

        return {duty_id: {"a": said(self.a, duty_id), "b": said(self.b, duty_id)}
                for duty_id in named}

    @property
    def determined(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions if r.determined)

    @property
    def undetermined(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions if not r.determined)

    def only(self, outcomes: tuple[str, ...] | None = None, *, known_only: bool = False
             ) -> Comparison:
        """This comparison restricted to some outcomes (``hold``, ``max_hold``,
        ``duty`` for every duty) and, with `known_only`, to determined regions."""
        outcomes = None if outcomes is None else tuple(outcomes)
        def keep(outcome: str) -> bool:
            if outcomes is None:
                return True
            return outcome in outcomes or (outcome.startswith("duty:") and "duty" in outcomes)

        regions = tuple(r for r in self.regions
                        if keep(r.outcome) and (r.determined or not known_only))
        unsettled = tuple(u for u in self.unsettled if keep(u.outcome))
        before = self.selection or Selection(None, False, 0, 0)
        kept = outcomes if before.outcomes is None or outcomes is None else tuple(
            o for o in before.outcomes if o in outcomes)
        return attrs.evolve(
            self,
            regions=regions,
            unsettled=unsettled,
            protectiveness={k: v for k, v in self.protectiveness.items() if keep(k)},
            selection=Selection(
                before.outcomes if outcomes is None else kept,
                known_only or before.known_only,
                before.regions + len(self.regions) - len(regions),
                before.unsettled + len(self.unsettled) - len(unsettled)),
        )

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape (CASES.md section 4, extended)."""
        editorial = self.editorial  # once, for every region
        return {
            "a": _statute_dict(self.a, self.labels[0]),
            "b": _statute_dict(self.b, self.labels[1]),
            "status": self.status,
            "equivalent": self.equivalent,
            "bound": self.bound,
            "protectiveness": {k: v.verdict for k, v in self.protectiveness.items()},
            "protectiveness_examples": {k: v.to_dict() for k, v in self.protectiveness.items()},
            "regions": [_marked(r.to_dict(), editorial) for r in self.regions],
            "unsettled": [u.to_dict() for u in self.unsettled],
            "duties": self.duty_texts,
            "shorter_hold": None if (found := self.shorter_hold) is None else found.to_dict(),
            "questions": self.questions,
            "seconds": round(self.seconds, 3),
            "selection": None if self.selection is None else self.selection.to_dict(),
        }

    def render(self, fmt: str = "text") -> str:
        """Text (summary first, then details) or Markdown for a drafter."""
        from .render import render

        return render(self, fmt)


def _marked(region: dict[str, Any], editorial: tuple[frozenset[str], frozenset[str]]
            ) -> dict[str, Any]:
    """A region's JSON with, under ``editorial``, each side's grounds (deciding or open)
    whose labels are the file's own, not subsections of the law; the key is there only
    when some are, as a decision's ground has ``"editorial": true`` only when it is."""
    from .render import label_of

    marked = {side: [g for g in (*region["grounds"][side], *region["open_grounds"][side])
                     if label_of(g) in labels]
              for side, labels in zip(("a", "b"), editorial, strict=True)}
    if any(marked.values()):
        region["editorial"] = {side: list(dict.fromkeys(found))
                               for side, found in marked.items()}
    return region


def _statute_dict(statute: Statute, label: str) -> dict[str, Any]:
    """A statute in the JSON form: `path` is its file's absolute path, as docs/comparisons.md
    says (a draft named `../draft.law` on the command line was given as written, which a
    program reading the JSON elsewhere cannot open); a statute compiled from text keeps
    the name it was given (``<string>``)."""
    path = statute.path
    if os.path.isfile(path):
        path = os.path.abspath(path)
    return {"id": statute.id, "title": statute.meta.title, "digest": statute.digest,
            "path": path, "label": label}
