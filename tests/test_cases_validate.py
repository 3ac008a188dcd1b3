"""Case validation against the bundled vocabulary: normalisation and every kind of bad input."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlaw import ir
from trustlaw.cases.validation import (
    CODE_CONSTRAINT,
    CODE_UNKNOWN_FIELD,
    CODE_VALUE,
    _validator,
    example_case,
    validate,
)
from trustlaw.diagnostics import CaseError
from trustlaw.lowering.files import default_vocabulary

AGENCIES = (
    "state_corrections, county_jail, county_sheriff, municipal_police, state_police, "
    "court_marshal, probation, bail_services, school_police, prosecutor, parole, "
    "juvenile_detention, juvenile_probation, parole_board, other"
)
TAGS = (
    "ca.serious_felony, ca.violent_felony, ca.state_prison_felony, ca.wobbler, "
    "ca.listed_offense, ca.domestic_violence, ca.prop47_reduced, us.aggravated_felony, "
    "nyc.violent_or_serious, ct.family_violence, homicide, ct.trust_act_offense, "
    "nyc.excluded_offense, nm.violent_felony, fl.forcible_felony, fl.non_bondable, "
    "dc.violent_offense"
)
PERSON_FIELDS = (
    "age, written_consent, terrorist_watchlist_match, gang_database, gang_identified_by_doc, "
    "security_risk_group, "
    "final_removal_order, previously_removed, unlawful_reentry, sex_arson_registrant, "
    "federal_felony_warrant, proof_of_lawful_status, public_safety_risk, us_citizen, "
    "release_date_public"
)


@pytest.fixture(scope="module")
def vocab() -> ir.Vocabulary:
    return default_vocabulary()


def errors_of(case: Any, vocab: ir.Vocabulary) -> list[str]:
    with pytest.raises(CaseError) as raised:
        validate(case, vocab)
    return raised.value.errors


def only_error(case: Any, vocab: ir.Vocabulary) -> str:
    errors = errors_of(case, vocab)
    assert len(errors) == 1, errors
    return errors[0]


# ---- well-formed cases -----------------------------------------------------------------


def test_the_example_case_is_the_one_in_cases_md() -> None:
    design = Path(__file__).resolve().parents[2] / "shared" / "design" / "CASES.md"
    if not design.exists():
        pytest.skip("the design folder is not next to this checkout")
    match = re.search(r"```json\n(\{.*?\})\n```", design.read_text(encoding="utf-8"), re.S)
    assert match is not None
    assert json.loads(match.group(1)) == example_case()


def test_the_public_example_validates_and_dates_become_dates(vocab: ir.Vocabulary) -> None:
    case = example_case()
    original = copy.deepcopy(case)
    data = validate(case, vocab)
    assert case == original  # the input is not touched
    assert data is not case
    assert data["date"] == dt.date(2015, 3, 2)
    assert data["convictions"][0]["date"] == dt.date(2009, 6, 1)
    assert data["convictions"][0]["release_date"] == dt.date(2012, 1, 15)
    # everything else is exactly what was given, with the same keys everywhere
    data["date"] = case["date"]
    data["convictions"][0]["date"] = "2009-06-01"
    data["convictions"][0]["release_date"] = "2012-01-15"
    assert data == case


def test_unknown_facts_stay_unknown(vocab: ir.Vocabulary) -> None:
    assert validate({}, vocab) == {}
    data = validate({"person": {"age": None}, "convictions": None, "agency": None}, vocab)
    assert data == {"person": {"age": None}, "convictions": None, "agency": None}
    assert validate({"convictions": []}, vocab) == {"convictions": []}


def test_python_dates_and_tuples_are_accepted_as_they_are(vocab: ir.Vocabulary) -> None:
    data = validate({"date": dt.date(2015, 3, 2), "request": {"kinds": ("hold",)}}, vocab)
    assert data == {"date": dt.date(2015, 3, 2), "request": {"kinds": ["hold"]}}


def test_a_constraint_with_unknown_facts_is_not_a_violation(vocab: ir.Vocabulary) -> None:
    assert validate({"convictions": [{"release_date": "2001-01-01"}]}, vocab) == {
        "convictions": [{"release_date": dt.date(2001, 1, 1)}]}
    assert validate({"convictions": [{"date": "2030-01-01"}]}, vocab) == {  # no case date
        "convictions": [{"date": dt.date(2030, 1, 1)}]}
    assert validate({"charges": [{"felony_class": "A"}]}, vocab) == {  # level unknown
        "charges": [{"felony_class": "A"}]}


def test_a_validator_is_built_once_per_vocabulary(vocab: ir.Vocabulary) -> None:
    assert _validator(vocab) is _validator(vocab)


# ---- every kind of malformed case -------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ([], "case: expected an object with the fields of a case, got a list"),
        ("case.json", 'case: expected an object with the fields of a case, got "case.json"'),
        (None, "case: expected an object with the fields of a case, got null"),
    ],
)
def test_a_top_level_that_is_not_an_object(case: Any, message: str, vocab: ir.Vocabulary) -> None:
    with pytest.raises(CaseError) as raised:
        validate(case, vocab)
    assert raised.value.errors == [message]
    assert raised.value.diagnostics[0].code == CODE_VALUE
    assert raised.value.diagnostics[0].help


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"agncy": "county_jail"}, "agncy: not a field of the case; did you mean agency?"),
        (
            {"person": {"gang_databse": True}},
            "person.gang_databse: not a field of person; did you mean gang_database?",
        ),
        (
            {"person": {"height": 180}},
            f"person.height: not a field of person (its fields are {PERSON_FIELDS})",
        ),
        (
            {"convictions": [{"level": "felony"}, {"levl": "felony"}]},
            "convictions[1].levl: not a field of conviction; did you mean level?",
        ),
        (
            {"request": {"kind": ["hold"]}},
            "request.kind: not a field of request; did you mean kinds?",
        ),
        ({1: True}, "case: expected field names as text, got 1"),
    ],
)
def test_unknown_fields(case: Any, message: str, vocab: ir.Vocabulary) -> None:
    with pytest.raises(CaseError) as raised:
        validate(case, vocab)
    assert raised.value.errors == [message]
    assert raised.value.diagnostics[0].code == CODE_UNKNOWN_FIELD


def test_an_unknown_top_level_field_lists_id_and_case_id_points_to_it(
        vocab: ir.Vocabulary) -> None:
    """`id` is a field of the case too; a decision echoes it as `case_id`, so a caller who
    sends `case_id` back is told the input name."""
    fields = ", ".join(f.name for f in vocab.fields)
    assert only_error({"height": 1}, vocab) == (
        f"height: not a field of the case (its fields are {fields}, id)")
    assert only_error({"case_id": "c-1"}, vocab) == (
        "case_id: not a field of the case; did you mean id? (a decision echoes it as case_id)")
    assert validate({"id": "c-1", "date": "2015-03-02"}, vocab)["id"] == "c-1"
    with pytest.raises(CaseError) as raised:
        validate([], vocab)
    assert raised.value.diagnostics[0].help == f"The fields of a case are {fields}, id."


@pytest.mark.parametrize(
    ("value", "shown"),
    [("yes", '"yes"'), ("true", '"true"'), (1, "1"), (0, "0"), ("", '""'), ([], "a list")],
)
def test_a_yes_no_must_be_true_or_false(value: Any, shown: str, vocab: ir.Vocabulary) -> None:
    message = only_error({"person": {"gang_database": value}}, vocab)
    assert message == f"person.gang_database: expected true or false, got {shown}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.5, "3.5"),
        ("34", '"34"'),
        (True, "true"),
        (34.0, "34.0"),
        ({}, "an object"),
        (float("nan"), "a number that is not finite"),
    ],
)
def test_a_whole_number_is_not_coerced(value: Any, shown: str, vocab: ir.Vocabulary) -> None:
    message = only_error({"person": {"age": value}}, vocab)
    assert message == f"person.age: expected a whole number, got {shown}"


@pytest.mark.parametrize(("value", "pointed"), [
    (36.0, True), ("36.0", True), ("-2.00", True), (3.5, False), ("34", False), (True, False)])
def test_a_whole_number_with_a_decimal_point_is_told_why(value: Any, pointed: bool,
                                                         vocab: ir.Vocabulary) -> None:
    """A researcher's table saved through pandas came back with every age as 36.0 and
    1,932 of 2,000 rows refused with nothing to say why; the help now says it."""
    with pytest.raises(CaseError) as raised:
        validate({"person": {"age": value}}, vocab)
    (diagnostic,) = raised.value.diagnostics
    assert ("without a decimal point" in (diagnostic.help or "")) is pointed
    assert "when it is not known" in (diagnostic.help or "")


@pytest.mark.parametrize(
    ("value", "suffix"),
    [
        ("jail", ', got "jail"'),
        ("county_jai", ', got "county_jai"; did you mean county_jail?'),
        ("County_Jail", ', got "County_Jail"; did you mean county_jail?'),
        ("COUNTY_JAIL", ', got "COUNTY_JAIL"; did you mean county_jail?'),
        (3, ", got 3"),
    ],
)
def test_an_enum_value_must_be_listed(value: Any, suffix: str, vocab: ir.Vocabulary) -> None:
    assert only_error({"agency": value}, vocab) == f"agency: expected one of {AGENCIES}{suffix}"


@pytest.mark.parametrize(
    ("case", "meant"),
    [
        # difflib alone, case-sensitive, found I-247 closer to "i-247d" than I-247D, and
        # nothing close to COUNTY_JAIL: a value equal to a choice but for case names it
        ({"request": {"form": "i-247d"}}, "I-247D"),
        ({"request": {"form": "i-247"}}, "I-247"),
        ({"agency": "COUNTY_JAIL"}, "county_jail"),
        ({"charges": [{"tags": ["CT.FAMILY_VIOLENCE"]}]}, "ct.family_violence"),
        ({"request": {"kinds": ["HOLD"]}}, "hold"),
        ({"agency": "COUNTY_JAI"}, "county_jail"),  # and a misspelling in capitals too
        ({"AGENCY": "county_jail"}, "agency"),  # a field name the same way
    ],
)
def test_a_suggestion_ignores_case_and_an_equal_but_for_case_value_wins(
        case: dict[str, Any], meant: str, vocab: ir.Vocabulary) -> None:
    assert only_error(case, vocab).endswith(f"; did you mean {meant}?")


def test_an_unknown_tag(vocab: ir.Vocabulary) -> None:
    case = {"charges": [{"tags": ["ct.family_violence", "ct.family"]}]}
    assert only_error(case, vocab) == (
        f'charges[0].tags[1]: expected a known tag, one of {TAGS}, got "ct.family"; '
        "did you mean ct.family_violence?"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("last year", 'convictions[1].date: expected an ISO date, got "last year"'),
        (
            "2015-02-30",
            'convictions[1].date: expected an ISO date, got "2015-02-30", '
            "which is not a day of the calendar",
        ),
        (
            "2015-13-01",
            'convictions[1].date: expected an ISO date, got "2015-13-01", '
            "which is not a day of the calendar",
        ),
        ("20150302", 'convictions[1].date: expected an ISO date, got "20150302"'),
        ("2015-W10-1", 'convictions[1].date: expected an ISO date, got "2015-W10-1"'),
        ("2015-3-2", 'convictions[1].date: expected an ISO date, got "2015-3-2"'),
        (
            "2015-03-02T10:00",
            'convictions[1].date: expected an ISO date, got "2015-03-02T10:00"',
        ),
        (20150302, "convictions[1].date: expected an ISO date, got 20150302"),
        (
            dt.datetime(2015, 3, 2, 10, 0),
            "convictions[1].date: expected an ISO date, "
            "got the date and time 2015-03-02T10:00:00",
        ),
    ],
)
def test_a_date_must_be_an_iso_calendar_date(
    value: Any, message: str, vocab: ir.Vocabulary
) -> None:
    case = {"convictions": [{"date": "2009-06-01"}, {"date": value}]}
    assert only_error(case, vocab) == message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-W+T: ", min_size=8, max_size=12))
def test_only_yyyy_mm_dd_strings_of_real_days_are_dates(
    text: str,
) -> None:
    vocab = default_vocabulary()
    try:
        expected: dt.date | None = (
            dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
        )
    except ValueError:
        expected = None
    if expected is None:
        assert only_error({"date": text}, vocab).startswith("date: expected an ISO date")
    else:
        assert validate({"date": text}, vocab) == {"date": expected}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"warrants": {}}, "warrants: expected a list, got an object"),
        ({"convictions": "none"}, 'convictions: expected a list, got "none"'),
        ({"request": {"kinds": "hold"}}, 'request.kinds: expected a list, got "hold"'),
        ({"charges": [{"tags": "homicide"}]}, 'charges[0].tags: expected a list, got "homicide"'),
        ({"convictions": False}, "convictions: expected a list, got false"),
    ],
)
def test_a_list_that_is_not_a_list(case: Any, message: str, vocab: ir.Vocabulary) -> None:
    assert only_error(case, vocab) == message


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            {"convictions": [{"level": "felony"}, None]},
            "convictions[1]: expected a conviction, got null; "
            "an element of a list cannot be unknown",
        ),
        (
            {"request": {"kinds": ["hold", None]}},
            "request.kinds[1]: expected one of hold, notification, transfer, interview, got null; "
            "an element of a list cannot be unknown",
        ),
        (
            {"charges": [{"tags": [None]}]},
            f"charges[0].tags[0]: expected a known tag, one of {TAGS}, got null; "
            "an element of a list cannot be unknown",
        ),
    ],
)
def test_null_inside_a_list(case: Any, message: str, vocab: ir.Vocabulary) -> None:
    assert only_error(case, vocab) == message


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            {"person": "unknown"},
            'person: expected an object with the fields of person, got "unknown"',
        ),
        (
            {"request": ["hold"]},
            "request: expected an object with the fields of request, got a list",
        ),
        (
            {"charges": [{"level": "felony"}, "felony"]},
            'charges[1]: expected an object with the fields of charge, got "felony"',
        ),
        ({"warrants": [3]}, "warrants[0]: expected an object with the fields of warrant, got 3"),
    ],
)
def test_a_record_that_is_not_an_object(case: Any, message: str, vocab: ir.Vocabulary) -> None:
    assert only_error(case, vocab) == message


# ---- constraints -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            {"convictions": [{"date": "2009-06-01", "release_date": "2008-01-15"}]},
            "convictions[0].date, convictions[0].release_date: "
            "a release date is not before the judgment date",
        ),
        (
            {"date": "2015-03-02", "convictions": [{"date": "2009-06-01"}, {"date": "2016-01-01"}]},
            "convictions[1].date, date: a judgment is not dated after the case date",
        ),
        (
            {
                "charges": [
                    {"level": "felony", "felony_class": "C"},
                    {"level": "misdemeanor", "felony_class": "A"},
                ]
            },
            "charges[1].felony_class, charges[1].level: "
            "a felony class is given only for a felony charge",
        ),
        (
            {"convictions": [{"level": "violation", "felony_class": "unclassified"}]},
            "convictions[0].felony_class, convictions[0].level: "
            "a felony class is given only for a felony conviction",
        ),
        ({"person": {"age": 200}}, "person.age: an age is between 0 and 130"),
        ({"person": {"age": -1}}, "person.age: an age is between 0 and 130"),
        (
            {"convictions": [{"age_at_judgment": 17}, {"age_at_judgment": 131}]},
            "convictions[1].age_at_judgment: an age at judgment is between 0 and 130",
        ),
        (  # a judgment entered when the person was older than now (an integrator's review)
            {"person": {"age": 20}, "convictions": [{"age_at_judgment": 20},
                                                    {"age_at_judgment": 30}]},
            "convictions[1].age_at_judgment, person.age: an age at judgment is not more "
            "than the person's age",
        ),
    ],
)
def test_a_broken_constraint_names_the_element(
    case: Any, message: str, vocab: ir.Vocabulary
) -> None:
    with pytest.raises(CaseError) as raised:
        validate(case, vocab)
    assert raised.value.errors == [message]
    diagnostic = raised.value.diagnostics[0]
    assert diagnostic.code == CODE_CONSTRAINT
    assert diagnostic.help is not None and "must satisfy" in diagnostic.help


def test_every_offending_element_is_named(vocab: ir.Vocabulary) -> None:
    case = {
        "convictions": [
            {"date": "2009-06-01", "release_date": "2008-01-01"},
            {"date": "2009-06-01", "release_date": "2010-01-01"},
            {"date": "2011-06-01", "release_date": "2011-05-31"},
        ]
    }
    assert errors_of(case, vocab) == [
        "convictions[0].date, convictions[0].release_date: "
        "a release date is not before the judgment date",
        "convictions[2].date, convictions[2].release_date: "
        "a release date is not before the judgment date",
    ]


def test_every_problem_is_listed_at_once(vocab: ir.Vocabulary) -> None:
    case = example_case()
    case["agency"] = "jail"
    case["person"]["gang_databse"] = True
    case["person"]["age"] = "34"
    case["warrants"] = {}
    case["convictions"].append({"date": "last year"})
    case["convictions"].append(None)
    case["convictions"].append({"date": "2010-01-01", "release_date": "2009-01-01"})
    with pytest.raises(CaseError) as raised:
        validate(case, vocab)
    errors = raised.value.errors
    assert errors == [
        "person.gang_databse: not a field of person; did you mean gang_database?",
        f'agency: expected one of {AGENCIES}, got "jail"',
        'person.age: expected a whole number, got "34"',
        "warrants: expected a list, got an object",
        'convictions[1].date: expected an ISO date, got "last year"',
        "convictions[2]: expected a conviction, got null; an element of a list cannot be unknown",
        "convictions[3].date, convictions[3].release_date: "
        "a release date is not before the judgment date",
    ]
    # the rendered error shows every message with its code
    rendered = str(raised.value)
    assert all(message in rendered for message in errors)
    assert "error[TL-C003]" in rendered
    assert isinstance(raised.value, ValueError)


def test_a_case_error_never_carries_python_type_names(vocab: ir.Vocabulary) -> None:
    case = {"person": {"age": 3.5, "gang_database": "yes"}, "warrants": {}, "date": object()}
    with pytest.raises(CaseError) as raised:
        validate(case, vocab)
    rendered = str(raised.value)
    for python_word in ("float", "str", "dict", "NoneType", "bool", "int", "object at"):
        assert not re.search(rf"\b{python_word}\b", rendered), python_word


def test_a_python_value_json_cannot_hold_is_named_by_its_type(vocab: ir.Vocabulary) -> None:
    """A str subclass (a StrEnum, numpy's str_) equal to a listed value was refused as
    'got "county_jail"; did you mean county_jail?', and numpy's int64 as 'a value that
    is not JSON': the caller could not see what to change."""
    import enum

    class Agency(enum.StrEnum):
        JAIL = "county_jail"

    message = only_error({"agency": Agency.JAIL}, vocab)
    assert message.endswith(', got "county_jail" of the Python type '
                            f"{__name__}.test_a_python_value_json_cannot_hold_is_named_by_its_type"
                            ".<locals>.Agency, which is not a JSON value")
    assert "did you mean" not in message
    assert only_error({"person": {"age": {30}}}, vocab) == (
        "person.age: expected a whole number, got a value of the Python type set, which is "
        "not a JSON value")
    numpy = pytest.importorskip("numpy")
    assert only_error({"person": {"age": numpy.int64(30)}}, vocab).endswith(
        "got a value of the Python type numpy.int64, which is not a JSON value")
    assert only_error({"person": {"age": numpy.float64(30)}}, vocab).endswith(
        "got 30.0 of the Python type numpy.float64, which is not a JSON value")


def test_a_long_wrong_text_is_quoted_shortened(vocab: ir.Vocabulary) -> None:
    message = only_error({"agency": "x" * 500}, vocab)
    assert message == f'agency: expected one of {AGENCIES}, got "{"x" * 60}…"'


def test_text_that_is_not_unicode_or_not_printable_is_escaped_in_messages() -> None:
    """JSON's "\\ud800" makes a lone surrogate, which no UTF-8 output can hold, and a
    field name may carry a terminal escape: messages show both escaped, and an id that
    is not Unicode text is refused (a decision echoes it)."""
    import trustlaw

    ct = trustlaw.load("ct/pa-13-155")
    cases = {
        "id": ({"id": "\ud800"}, 'id: expected Unicode text, got "\\ud800", which holds a lone '
               "surrogate"),
        "numeric id": ({"id": 7}, "id: expected a string of at most 200 characters, got 7, "
                                  "a number"),
        "key": ({"\x1b[31m": 1}, 'case["\\u001b[31m"]: not a field of the case'),
        "nested key": ({"person": {"\ud800": True}}, 'person["\\ud800"]: not a field of person'),
        "date": ({"date": "\ud800x"}, 'date: expected an ISO date, got "\\ud800x"'),
        "enum": ({"agency": "\x1b[2J"}, 'got "\\u001b[2J"'),
    }
    for name, (case, expected) in cases.items():
        with pytest.raises(CaseError) as raised:
            ct.decide(case)
        rendered = str(raised.value)
        assert expected in rendered, name
        assert "\x1b" not in rendered, name
        rendered.encode("utf-8")  # prints and logs anywhere
    assert ct.decide({"id": "fiche n° 12 — Ünïcode"}).case_id == "fiche n° 12 — Ünïcode"


@pytest.mark.parametrize(("case", "path"), [
    ({"person": {"a.b": True}}, 'person["a.b"]'),
    ({"": 1}, 'case[""]'),
    ({"person": {"": True}}, 'person[""]'),
    ({"convictions": [{"x[0]": 1}]}, 'convictions[0]["x[0]"]'),
    ({"person": {"age\n": 3}}, 'person["age\\n"]'),
    ({"person": {'say "hi" \\': 3}}, 'person["say \\"hi\\" \\\\"]'),
    ({"request": {"kinds ": []}}, 'request["kinds "]'),
])
def test_a_key_that_is_not_a_plain_name_is_quoted_in_its_path(case: Any, path: str) -> None:
    """A key with a dot, a bracket, a space or nothing in it would make a path that reads
    as another (``person.a.b``) or as none (``person.``): it is written in quotes."""
    import trustlaw

    with pytest.raises(CaseError) as raised:
        trustlaw.load("ct/pa-13-155").decide(case)
    assert str(raised.value).splitlines()[0].startswith(f"error[TL-C001]: {path}: not a field of ")


def test_a_long_key_is_shortened_in_its_path_plain_name_or_not() -> None:
    import trustlaw

    for key in ("x" * 100_000, "x." * 50_000):
        with pytest.raises(CaseError) as raised:
            trustlaw.load("ct/pa-13-155").decide({"person": {key: True}})
        assert len(str(raised.value)) < 1000
        assert str(raised.value).startswith(f'error[TL-C001]: person["{key[:60]}…"]: ')


def test_api_arguments_of_the_wrong_kind_are_usage_errors() -> None:
    import trustlaw
    from trustlaw.analysis.compare import CompareOptions
    from trustlaw.diagnostics import UsageError

    with pytest.raises(UsageError, match="TL-U020"):
        trustlaw.validate({}, vocabulary=5)
    for bound in (-1, 0, 11, 1000):  # more than 10 elements: the solver's work explodes;
        # none: every list empty, which hides the differences lists make
        with pytest.raises(UsageError, match="from 1 to 10"):
            trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", bound=bound)
    with pytest.raises(UsageError, match="at most 10"):
        CompareOptions(bound=11)
    with pytest.raises(UsageError, match="decide_many"):  # raised as the first is asked for
        next(iter(trustlaw.decide_many("ct/pa-13-155", 5)))


def test_errors_cross_a_process_boundary_whole() -> None:
    # a case validated in a worker process (Spark's, a process pool's) fails with a
    # CaseError that the parent must receive with its field paths, not a bare message
    import pickle

    import trustlaw
    from trustlaw.diagnostics import StatuteError, UsageError
    from trustlaw.language.parser import parse

    with pytest.raises(CaseError) as case_error:
        validate({"date": "last year", "person": {"age": "old"}}, default_vocabulary())
    with pytest.raises(StatuteError) as statute_error:
        parse('statute "x/y" {')
    with pytest.raises(UsageError) as usage_error:
        trustlaw.load("no/such-law")
    for raised in (case_error.value, statute_error.value, usage_error.value):
        again = pickle.loads(pickle.dumps(raised))
        assert type(again) is type(raised)
        assert again.diagnostics == raised.diagnostics and again.sources == raised.sources
        assert str(again) == str(raised)
    assert pickle.loads(pickle.dumps(case_error.value)).errors == case_error.value.errors


def test_a_record_field_given_by_its_dotted_path_is_told_to_go_inside_its_record() -> None:
    """`person.age` is how a CSV header names a field; as a key of a JSON case (or a flat
    Parquet column) it is no field, and the error says where the field goes, not only
    "did you mean person?". A dotted key whose first part is no record gets no such
    advice."""
    with pytest.raises(CaseError) as caught:
        validate({"person.age": 34}, default_vocabulary())
    message = str(caught.value)
    assert 'case["person.age"]: not a field of the case' in message
    assert '{"person": {"age": …}}' in message
    assert "struct column person in Parquet" in message
    for key in ("convictions.level", "age.x"):
        with pytest.raises(CaseError) as caught:
            validate({"person": {key: 1}} if key == "age.x" else {key: 1}, default_vocabulary())
        assert "inside its record" not in str(caught.value)


@pytest.mark.parametrize(("given", "got"), [
    (True, "got true"), ({"a": 1}, "got an object"), ([1], "got a list"),
    (7.5, "got 7.5, a number"),
])
def test_an_id_of_the_wrong_kind_is_named_once(given: Any, got: str) -> None:
    """The message said "got true, true or false" and "got an object, an object"."""
    import trustlaw

    with pytest.raises(CaseError) as raised:
        trustlaw.load("ct/pa-13-155").decide({"id": given})
    assert raised.value.errors[0] == f"id: expected a string of at most 200 characters, {got}"


def test_a_decimal_is_named_as_one() -> None:
    """`json.loads(text, parse_float=Decimal)` and a Parquet decimal column give Python's
    Decimal, which was named "a value of the Python type decimal.Decimal"."""
    from decimal import Decimal

    import trustlaw

    law = trustlaw.load("ct/pa-13-155")
    for value, shown in ((Decimal("30"), "30"), (Decimal("34.5"), "34.5"),
                         (Decimal("1" * 100), "1" * 60 + "…")):
        with pytest.raises(CaseError) as raised:
            law.decide({"person": {"age": value}})
        assert raised.value.errors == [
            f"person.age: expected a whole number, got {shown} as a decimal (Python's "
            "Decimal, as a Parquet decimal column gives it), which is not a JSON value"]
