"""Properties of validation on random well-formed cases and on cases with one bad value."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.cases.validation import validate
from trustlaw.diagnostics import CaseError
from trustlaw.lowering.files import default_vocabulary
from trustlaw.testing.strategies import cases

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_json(value: Any) -> Any:
    """A validated case back in its JSON shape (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


Leaf = tuple[tuple[str | int, ...], ir.Type]


def leaves(
    value: Any, type_: ir.Type | None, vocab: ir.Vocabulary, at: tuple[str | int, ...]
) -> list[Leaf]:
    """Every known scalar of a case with its place and vocabulary type."""
    found: list[Leaf] = []
    if value is None:
        return found
    if type_ is None or isinstance(type_, ir.RecordType):
        fields = vocab.fields if type_ is None else vocab.record(type_.name).fields  # type: ignore[union-attr]
        for info in fields:
            if info.name in value:
                found += leaves(value[info.name], info.type, vocab, (*at, info.name))
    elif isinstance(type_, ir.ListType):
        for index, item in enumerate(value):
            found += leaves(item, type_.element, vocab, (*at, index))
    else:
        found.append((at, type_))
    return found


def spell(at: tuple[str | int, ...]) -> str:
    out = ""
    for key in at:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def wrong_value(type_: ir.Type) -> Any:
    if isinstance(type_, ir.BoolType):
        return "yes"
    if isinstance(type_, ir.IntType):
        return 3.5
    if isinstance(type_, ir.DateType):
        return "last year"
    return "no such value"


@SETTINGS
@given(cases())
def test_a_well_formed_case_validates_to_itself_with_dates(case: dict[str, Any]) -> None:
    original = copy.deepcopy(case)
    data = validate(case, default_vocabulary())
    assert case == original
    assert as_json(data) == case


@SETTINGS
@given(cases(), st.data())
def test_one_bad_value_gives_one_error_naming_its_path(
    case: dict[str, Any], draw: st.DataObject
) -> None:
    vocab = default_vocabulary()
    found = leaves(case, None, vocab, ())
    if not found:
        return
    at, type_ = draw.draw(st.sampled_from(found))
    bad = copy.deepcopy(case)
    holder: Any = bad
    for key in at[:-1]:
        holder = holder[key]
    holder[at[-1]] = wrong_value(type_)
    try:
        validate(bad, vocab)
    except CaseError as error:
        assert len(error.errors) == 1, error.errors
        assert error.errors[0].startswith(f"{spell(at)}: expected "), error.errors
    else:
        raise AssertionError(f"{spell(at)} = {wrong_value(type_)!r} was accepted")


@SETTINGS
@given(cases(), st.sampled_from(["person", "request", "warrants", "charges", "convictions"]))
def test_an_unknown_field_anywhere_is_named(case: dict[str, Any], where: str) -> None:
    bad = copy.deepcopy(case)
    target = bad.get(where)
    if isinstance(target, list):
        if not target:
            return
        target = target[0]
        path = f"{where}[0].colour"
    else:
        path = f"{where}.colour"
    if not isinstance(target, dict):
        return
    target["colour"] = "red"
    try:
        validate(bad, default_vocabulary())
    except CaseError as error:
        assert len(error.errors) == 1
        assert error.errors[0].startswith(f"{path}: not a field of ")
    else:
        raise AssertionError("an unknown field was accepted")
