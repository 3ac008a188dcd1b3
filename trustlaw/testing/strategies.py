"""Vocabulary → Hypothesis strategies: well-formed random cases for property tests.

``cases()`` draws raw case dicts in the public JSON shape of CASES.md section 2 (ISO
date strings, absent = unknown), every field of the vocabulary, with unknown facts
mixed in. Values are *built* so that the vocabulary's constraints hold (a felony class
only on a felony, a release date not before its judgment, a judgment not after the
case date, ages 0–130) instead of being filtered for them, so almost nothing is thrown
away; a final check against every constraint of the vocabulary keeps custom
vocabularies honest too.

``cases_for(program)`` adds, for each rule of a statute, a case the solver found in
which that rule decides its outcome, and varies it, so that every provision is reached
even when random cases would almost never hit it. ``cases_where(condition)`` draws
cases on which an IR condition is true (solver-seeded the same way), and
``list_elements(name)`` one conviction, charge or warrant to add to a case.

The ``hypothesis`` entry point in pyproject.toml calls `_hypothesis_setup_hook`, which
registers `cases()` for the `Case` type, so ``st.from_type(Case)`` and
``@given(case=...)`` on a parameter annotated ``case: Case`` work out of the box.

Example::

    from hypothesis import given
    from trustlaw.testing.strategies import cases_for

    @given(cases_for(statute.program))
    def test_hold_is_never_required(case):
        assert statute.decide(case).outcomes["hold"] != "required"
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Mapping
from typing import Any

from .. import ir


class Case(dict[str, Any]):
    """A raw case dict (JSON shape); `st.from_type(Case)` draws well-formed ones."""


def _hypothesis_setup_hook() -> None:
    """Register `cases()` as the strategy for `Case` (called by Hypothesis at import)."""
    from hypothesis import strategies as hst

    hst.register_type_strategy(Case, hst.deferred(lambda: cases().map(Case)))


# Hypothesis runs the hook above while it is itself being imported, and that import may
# start right here (when this module is imported first): `Case` and the hook must exist
# before this line.
from hypothesis import strategies as st  # noqa: E402

__all__ = ["Case", "cases", "cases_for", "cases_where", "list_elements", "well_formed", "witnesses"]

# Case dates are drawn in this window; judgments and releases around it.
CASE_DATE_MIN = _dt.date(1990, 1, 1)
CASE_DATE_MAX = _dt.date(2030, 12, 31)
HISTORY_MIN = _dt.date(1950, 1, 1)
MAX_LIST = 3  # elements per drawn list (the solver's default bound, too)


def cases(
    vocab: ir.Vocabulary | None = None, unknown_rate: float = 0.1, max_list: int = MAX_LIST
) -> st.SearchStrategy[dict[str, Any]]:
    """Well-formed raw case dicts over every field of `vocab` (default: the bundled
    detainer vocabulary); each fact is left out (unknown) with a probability of about
    `unknown_rate` (Hypothesis favours edge cases, so somewhat more often), and lists
    hold at most `max_list` elements."""
    if not 0.0 <= unknown_rate <= 1.0:
        raise ValueError(f"unknown_rate must be between 0 and 1, got {unknown_rate!r}")
    if max_list < 0:
        raise ValueError(f"max_list must not be negative, got {max_list!r}")
    if vocab is None:
        return st.deferred(lambda: cases(_default_vocabulary(), unknown_rate, max_list))
    drawer = _CaseDrawer(vocab, unknown_rate, max_list)
    return st.composite(lambda draw: drawer.draw_case(draw))().filter(
        lambda case: well_formed(case, vocab)
    )


def cases_for(
    program: ir.Program,
    vocab: ir.Vocabulary | None = None,
    unknown_rate: float = 0.1,
    bound: int = MAX_LIST,
) -> st.SearchStrategy[dict[str, Any]]:
    """Cases for one statute: random cases mixed with, for every rule, a solver-found
    case in which that rule decides its outcome, drawn as is or varied (facts made
    unknown, list elements dropped, values redrawn). Needs z3 for the witnesses;
    without it the random cases alone are drawn."""

    def build() -> st.SearchStrategy[dict[str, Any]]:
        voc = vocab if vocab is not None else _default_vocabulary()
        random_cases = cases(voc, unknown_rate, bound)
        found = witnesses(program, voc, bound)
        if not found:
            return random_cases
        drawer = _CaseDrawer(voc, unknown_rate, bound)
        seeds = st.sampled_from(found)
        varied = st.composite(lambda draw: drawer.vary(draw, draw(seeds)))().filter(
            lambda case: well_formed(case, voc)
        )
        return st.one_of(random_cases, seeds, varied)

    return st.deferred(build)


def cases_where(
    condition: ir.Expr,
    vocab: ir.Vocabulary | None = None,
    bound: int = MAX_LIST,
    seeds: int = 8,
) -> st.SearchStrategy[dict[str, Any]]:
    """Well-formed cases on which `condition` (an IR condition) is true: up to `seeds`
    different cases the solver finds, drawn as is or varied, kept only while the
    condition stays true. Useful when random cases would hardly ever meet it (a bare
    detainer: empty history, every finding false). Needs z3."""

    def build() -> st.SearchStrategy[dict[str, Any]]:
        voc = vocab if vocab is not None else _default_vocabulary()
        found = _cases_meeting(condition, voc, seeds, bound)
        if not found:
            raise ValueError("no well-formed case meets the condition")
        drawer = _CaseDrawer(voc, 0.1, bound)
        chosen = st.sampled_from(found)
        varied = st.composite(lambda draw: drawer.vary(draw, draw(chosen)))()
        return st.one_of(chosen, varied).filter(lambda case: _meets(condition, case, voc))

    return st.deferred(build)


def list_elements(
    name: str,
    vocab: ir.Vocabulary | None = None,
    unknown_rate: float = 0.1,
    case_date: str | None = None,
    person_age: int | None = None,
) -> st.SearchStrategy[Any]:
    """One element for the list field `name` (a conviction, a charge, a warrant, ...),
    its dates not after `case_date` (ISO) and its ages (a judgment's) not above
    `person_age` when given: the date and age of the case it is added to, so that the
    case stays well formed."""

    def build() -> st.SearchStrategy[Any]:
        voc = vocab if vocab is not None else _default_vocabulary()
        info = voc.field(name)
        if info is None or not isinstance(info.type, ir.ListType):
            raise ValueError(f"the vocabulary has no list field `{name}`")
        element = info.type.element
        drawer = _CaseDrawer(voc, unknown_rate, MAX_LIST)
        day = _iso(case_date)
        around: dict[str, Any] = {} if case_date is None else {"date": case_date}
        if person_age is not None:
            around["person"] = {"age": person_age}

        def drawn(draw: Draw) -> Any:
            item = drawer.value(draw, name, element, day)
            _consistent_ages({**around, name: [item]})
            return item

        return st.composite(drawn)().filter(
            lambda item: well_formed({**around, name: [item]}, voc))

    return st.deferred(build)


@functools.lru_cache(maxsize=64)
def _cases_meeting(
    condition: ir.Expr, vocab: ir.Vocabulary, count: int, bound: int
) -> tuple[dict[str, Any], ...]:
    from ..backends import smt

    return tuple(smt.cases_meeting(condition, vocab, count=count, bound=bound))


def _meets(condition: ir.Expr, case: Mapping[str, Any], vocab: ir.Vocabulary) -> bool:
    from ..backends import interp
    from ..cases import validation as case_module
    from ..diagnostics import CaseError

    try:
        data = case_module.validate(case, vocab)
    except CaseError:
        return False
    return interp.eval_expr(condition, data) is True


def witnesses(
    program: ir.Program, vocab: ir.Vocabulary, bound: int = MAX_LIST
) -> tuple[dict[str, Any], ...]:
    """One case per rule in which that rule decides its outcome (found by the solver),
    for the rules that can decide at all; empty when z3 is not installed."""
    return _witnesses(program, vocab, bound)


@functools.lru_cache(maxsize=64)
def _witnesses(program: ir.Program, vocab: ir.Vocabulary, bound: int) -> tuple[dict[str, Any], ...]:
    try:
        from ..backends import smt
    except ImportError:  # z3 is optional
        return ()
    return tuple(case for _rule, case in smt.rule_witnesses(program, vocab, bound=bound))


def well_formed(case: Mapping[str, Any], vocab: ir.Vocabulary | None = None) -> bool:
    """True when `case` passes validation and no vocabulary constraint is false on it."""
    from ..backends import interp
    from ..cases import validation as case_module
    from ..diagnostics import CaseError

    voc = vocab if vocab is not None else _default_vocabulary()
    try:
        data = case_module.validate(case, voc)
    except CaseError:
        return False
    return all(interp.eval_expr(c.body, data) is not False for c in voc.constraints)


def _default_vocabulary() -> ir.Vocabulary:
    from ..lowering.files import default_vocabulary

    return default_vocabulary()


# ---- drawing -------------------------------------------------------------------------

Draw = Callable[[st.SearchStrategy[Any]], Any]


class _CaseDrawer:
    """Draws the fields of one vocabulary, building values that satisfy its constraints."""

    def __init__(self, vocab: ir.Vocabulary, unknown_rate: float, max_list: int):
        self.vocab = vocab
        self.unknown_rate = unknown_rate
        self.max_list = max_list

    def unknown(self, draw: Draw) -> bool:
        if self.unknown_rate <= 0.0:
            return False
        if self.unknown_rate >= 1.0:
            return True
        # an integer draw shrinks towards 0, i.e. towards unknown: smaller cases
        return bool(draw(st.integers(0, 999)) < round(self.unknown_rate * 1000))

    def draw_case(self, draw: Draw) -> dict[str, Any]:
        case: dict[str, Any] = {}
        case_date: _dt.date | None = None
        date_info = self.vocab.field("date")
        # the case date comes first: judgments and releases are drawn before it
        has_date = date_info is not None and isinstance(date_info.type, ir.DateType)
        if has_date and not self.unknown(draw):
            case_date = draw(st.dates(CASE_DATE_MIN, CASE_DATE_MAX))
            case["date"] = case_date.isoformat()
        for info in self.vocab.fields:
            if info.name == "date" and has_date:
                continue
            if self.unknown(draw):
                continue
            case[info.name] = self.value(draw, info.name, info.type, case_date)
        _consistent_ages(case)
        return case

    def value(self, draw: Draw, name: str, typ: ir.Type, case_date: _dt.date | None) -> Any:
        if isinstance(typ, ir.BoolType):
            return draw(st.booleans())
        if isinstance(typ, ir.IntType):
            return draw(st.integers(0, 130))
        if isinstance(typ, ir.DateType):
            high = case_date or CASE_DATE_MAX
            return draw(st.dates(min(HISTORY_MIN, high), high)).isoformat()
        if isinstance(typ, ir.EnumType):
            return draw(st.sampled_from(typ.values))
        if isinstance(typ, ir.ListType):
            size = draw(st.integers(0, self.max_list))
            return [self.value(draw, name, typ.element, case_date) for _ in range(size)]
        if isinstance(typ, ir.RecordType):
            return self.record(draw, typ.name, case_date)
        if isinstance(typ, ir.DurationType):
            raise ValueError(
                f"the vocabulary field `{name}` has a duration type, which a case cannot hold"
            )
        raise TypeError(f"unexpected type {typ!r}")

    def record(self, draw: Draw, name: str, case_date: _dt.date | None) -> dict[str, Any]:
        info = self.vocab.record(name)
        if info is None:
            raise ValueError(f"the vocabulary has no record `{name}`")
        out: dict[str, Any] = {}
        judgment: _dt.date | None = None
        for f in info.fields:
            if self.unknown(draw):
                continue
            if f.name == "felony_class" and out.get("level", "felony") != "felony":
                continue  # a felony class only on a felony (or an unknown level)
            if isinstance(f.type, ir.DateType) and f.name == "release_date":
                low = judgment or HISTORY_MIN
                high = max(low, case_date or CASE_DATE_MAX)
                out[f.name] = draw(st.dates(low, high)).isoformat()
                continue
            value = self.value(draw, f.name, f.type, case_date)
            if isinstance(f.type, ir.DateType) and f.name == "date":
                judgment = _dt.date.fromisoformat(value)
            out[f.name] = value
        _consistent(out)
        return out

    def vary(self, draw: Draw, seed: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of `seed` with a few facts made unknown, list elements dropped or
        values redrawn."""
        case = _copy(seed)
        case_date = _iso(case.get("date"))
        steps = draw(st.integers(1, 3))
        for _ in range(steps):
            paths = list(_leaf_paths(case))
            if not paths:
                break
            path = draw(st.sampled_from(paths))
            action = draw(st.sampled_from(("unknown", "redraw", "drop")))
            parent, key = _parent(case, path)
            if action == "unknown" or (action == "drop" and not isinstance(parent, list)):
                if isinstance(parent, (dict, list)):
                    del parent[key]
            elif action == "drop" and isinstance(parent, list):
                del parent[key]
            else:
                typ = self.type_at(path)
                if typ is not None and not isinstance(typ, ir.RecordType):
                    parent[key] = self.value(draw, str(path[-1]), typ, case_date)
        return case

    def type_at(self, path: tuple[str | int, ...]) -> ir.Type | None:
        typ: ir.Type | None = None
        for step in path:
            if isinstance(step, int):
                typ = typ.element if isinstance(typ, ir.ListType) else None
                continue
            if typ is None:
                info = self.vocab.field(step)
            elif isinstance(typ, ir.RecordType):
                record = self.vocab.record(typ.name)
                info = record.field(step) if record is not None else None
            else:
                return None
            if info is None:
                return None
            typ = info.type
        return typ


def _consistent_ages(case: dict[str, Any]) -> None:
    """Keep each judgment's age at most the person's (a constraint of the detainer
    vocabulary), lowering the offense's age with it, so that few drawn cases are
    filtered out."""
    person, convictions = case.get("person"), case.get("convictions")
    age = person.get("age") if isinstance(person, dict) else None
    if not isinstance(age, int) or not isinstance(convictions, list):
        return
    for record in convictions:
        if isinstance(record, dict) and isinstance(record.get("age_at_judgment"), int) \
                and record["age_at_judgment"] > age:
            record["age_at_judgment"] = age
            if isinstance(record.get("age_at_offense"), int) and record["age_at_offense"] > age:
                record["age_at_offense"] = age


def _consistent(record: dict[str, Any]) -> None:
    """Adjust a drawn record to the detainer vocabulary's constraints between its own
    fields, so that few drawn cases are filtered out: an offense is not committed older
    than the judgment's age, a release on a promise to appear is no posted bond, a
    warrant's signer comes with the warrant, a tag naming a felony is only on a felony,
    and an offense reduced by Proposition 47 is not one."""
    offense, judgment = record.get("age_at_offense"), record.get("age_at_judgment")
    if isinstance(offense, int) and isinstance(judgment, int) and offense > judgment:
        record["age_at_offense"], record["age_at_judgment"] = judgment, offense
    if record.get("released_on_promise_to_appear") is True and record.get("bond_posted") is True:
        record["bond_posted"] = False
    if "judicial_warrant_signed_by" in record and "judicial_warrant" in record:
        record["judicial_warrant"] = True
    tags, level = record.get("tags"), record.get("level")
    if isinstance(tags, list) and level is not None:
        banned = _FELONY_TAGS if level != "felony" else frozenset({"ca.prop47_reduced"})
        record["tags"] = [t for t in tags if t not in banned]


# Tags that name a felony (the vocabulary's constraints keep them off other levels).
_FELONY_TAGS = frozenset({"ca.serious_felony", "ca.violent_felony", "ca.state_prison_felony",
                          "homicide"})


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _iso(value: Any) -> _dt.date | None:
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _leaf_paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths to every key and list element of a case (records and lists included)."""
    out: list[tuple[str | int, ...]] = []
    if isinstance(value, Mapping):
        for key, child in value.items():
            out.append((*prefix, key))
            out.extend(_leaf_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.append((*prefix, index))
            out.extend(_leaf_paths(child, (*prefix, index)))
    return out


def _parent(case: dict[str, Any], path: tuple[str | int, ...]) -> tuple[Any, Any]:
    node: Any = case
    for step in path[:-1]:
        node = node[step]
    return node, path[-1]
