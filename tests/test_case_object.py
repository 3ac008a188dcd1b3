"""`trustlaw.validate` → `Case`: validated once, decided under many statutes alike."""

from __future__ import annotations

import attrs
import pytest
from containers import containers
from hypothesis import given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.cases import validate as validate_dict
from trustlaw.cases.validation import example_case, validate_owned
from trustlaw.lowering.files import default_vocabulary
from trustlaw.testing import strategies

CASES = [
    example_case(),
    {"date": "2016-05-01", "agency": "state_corrections", "convictions": []},
    {"agency": "county_jail", "person": {"gang_database": True}},
    {},
]


def test_case_is_public() -> None:
    assert "Case" in trustlaw.__all__ and "validate" in trustlaw.__all__
    assert isinstance(trustlaw.validate({}), trustlaw.Case)


@pytest.mark.slow
@pytest.mark.parametrize("raw", CASES)
def test_a_case_decides_as_its_raw_facts_under_every_bundled_statute(raw: dict) -> None:
    case = trustlaw.validate(raw)
    assert dict(case.data) == validate_dict(raw, default_vocabulary())
    for statute_id in trustlaw.available():
        statute = trustlaw.load(statute_id)
        assert statute.decide(case).to_dict() == statute.decide(raw).to_dict(), statute_id
        assert statute.outcomes(case) == statute.outcomes(raw)
        assert statute.decide(case, backend="interpreter").to_dict() == statute.decide(
            raw, backend="interpreter"
        ).to_dict()


def test_a_case_is_not_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    case = trustlaw.validate(CASES[1])
    import trustlaw.library.statute as statute_module

    def refuse(*_args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(statute_module, "validate", refuse)
    for statute_id in ("ct/pa-13-155", "ca/sb54-2017", "nyc/ll58-59-2014"):
        trustlaw.load(statute_id).decide(case)


def test_another_vocabulary_validates_the_facts_again() -> None:
    vocab = default_vocabulary()
    other = attrs.evolve(vocab, digest="sha256:another")
    case = trustlaw.validate(CASES[1])
    assert case.data_for(other) == validate_dict(CASES[1], vocab)
    assert case.data_for(vocab) is case._data
    again = trustlaw.Case(case, other)
    assert again.vocabulary == "sha256:another" and dict(again.data) == dict(case.data)


def test_a_case_is_read_only() -> None:
    case = trustlaw.validate(CASES[1])
    with pytest.raises(AttributeError):
        case._data = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        case.data["date"] = None  # type: ignore[index]
    assert case == trustlaw.validate(dict(CASES[1]))
    assert case != trustlaw.validate({})


def test_changing_the_dict_given_or_read_changes_no_validated_case() -> None:
    """A validated case shared the caller's records and lists: a booking system reusing
    one dict changed its earlier cases, and decided values validation would refuse
    ("yes" for a finding) without a word (found by review)."""
    raw = {"date": "2015-03-02", "agency": "state_corrections",
           "person": {"gang_database": False, "security_risk_group": False,
                      "terrorist_watchlist_match": False, "final_removal_order": False,
                      "public_safety_risk": False},
           "warrants": [], "charges": [],
           "convictions": [{"date": "2010-01-01", "level": "misdemeanor", "court": "this_state",
                            "youthful_offender": False, "vacated": False}]}
    case = trustlaw.validate(raw)
    law = trustlaw.load("ct/pa-13-155")
    assert law.decide(case).outcomes["hold"] == "prohibited"
    raw["person"]["final_removal_order"] = True
    raw["convictions"][0]["level"] = "felony"
    raw["convictions"].append({"level": "bogus"})
    assert law.decide(case).outcomes["hold"] == "prohibited"
    case.data["convictions"][0]["level"] = "felony"
    case.facts["person"]["final_removal_order"] = "yes"
    assert law.decide(case).outcomes["hold"] == "prohibited"
    assert case == trustlaw.validate({**raw, "person": {**raw["person"],
                                                        "final_removal_order": False},
                                      "convictions": [{**raw["convictions"][0],
                                                       "level": "misdemeanor"}]})


def test_a_bad_case_is_a_case_error_naming_the_field() -> None:
    with pytest.raises(trustlaw.CaseError) as error:
        trustlaw.validate({"convictions": [{"date": "last year"}]})
    assert error.value.errors[0].startswith("convictions[0].date:")


@given(raw=strategies.cases(), with_id=st.booleans())
@settings(max_examples=200, deadline=None)
def test_a_cases_own_validation_equals_validate_and_shares_nothing(
        raw: dict, with_id: bool) -> None:
    """`Case` keeps the generated validator's `owned` variant: the same normalised case,
    with no record or list of the input in it."""
    vocab = default_vocabulary()
    if with_id:
        raw = {**raw, "id": "booking-1"}
    owned = validate_owned(raw, vocab)
    assert owned == validate_dict(raw, vocab)
    given_ids = {id(c) for c in containers(raw)}
    assert not any(id(c) in given_ids for c in containers(owned))
