"""Conditions in plain English and the facts that settle them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import trustlaw
from trustlaw import ir
from trustlaw.decisions.clauses import plain_condition_words
from trustlaw.decisions.explain import facts_read
from trustlaw.decisions.words import Readings, condition_words

LEVEL = ir.EnumType("offense_level", ("felony", "misdemeanor", "violation"))
ORIGIN = ir.EnumType("jurisdiction_of_origin", ("this_state", "other_state", "federal"))
AGENCY = ir.EnumType("agency", ("county_jail", "municipal_police", "state_police"))
TAG = ir.EnumType("tag", ("homicide", "ct.family_violence"))
KIND = ir.EnumType("request_kind", ("hold", "notification"))
CONVICTION = ir.RecordType("conviction")
C = ir.Var("c", CONVICTION)
CONVICTIONS = ir.Fact(("convictions",), ir.ListType(CONVICTION))


def cfield(name: str, type_: ir.Type) -> ir.Field:
    return ir.Field(C, name, type_)


def const(value: Any, type_: ir.Type) -> ir.Const:
    return ir.Const(value, type_)


FELONY = ir.Compare("=", cfield("level", LEVEL), const("felony", LEVEL))
ANY_FELONY = ir.Quantifier("any", C, CONVICTIONS, FELONY)
GANG = ir.Fact(("person", "gang_database"), ir.BOOL)
WATCH = ir.Fact(("person", "terrorist_watchlist_match"), ir.BOOL)
DATE = ir.Fact(("date",), ir.DATE)
AGE = ir.Fact(("person", "age"), ir.INT)


@pytest.mark.parametrize(
    ("expr", "words"),
    [
        (ANY_FELONY, "some conviction has level felony"),
        (ir.Not(ANY_FELONY), "no conviction has level felony"),
        (ir.Quantifier("no", C, CONVICTIONS, FELONY), "no conviction has level felony"),
        (ir.Quantifier("all", C, CONVICTIONS, FELONY), "every conviction has level felony"),
        (
            ir.Quantifier(
                "any",
                C,
                CONVICTIONS,
                ir.And(
                    (
                        FELONY,
                        ir.Compare("=", cfield("court", ORIGIN), const("this_state", ORIGIN)),
                        ir.Compare(
                            "=", cfield("youthful_offender", ir.BOOL), const(False, ir.BOOL)
                        ),
                    )
                ),
            ),
            "some conviction has level felony, court this_state and youthful offender false",
        ),
        (
            ir.Quantifier(
                "any",
                C,
                CONVICTIONS,
                ir.Member(cfield("level", LEVEL), ir.SetConst(("felony", "misdemeanor"), LEVEL)),
            ),
            "some conviction has level felony or misdemeanor",
        ),
        (
            ir.Quantifier(
                "any",
                C,
                CONVICTIONS,
                ir.Member(const("homicide", TAG), cfield("tags", ir.ListType(TAG))),
            ),
            "some conviction has homicide among its tags",
        ),
        (
            ir.Quantifier(
                "any",
                C,
                CONVICTIONS,
                ir.And(
                    (
                        ir.Compare(
                            "<=",
                            ir.ShiftDate(DATE, ir.Duration(years=5), -1),
                            cfield("date", ir.DATE),
                        ),
                        ir.Compare("<=", cfield("date", ir.DATE), DATE),
                    )
                ),
            ),
            "some conviction is dated within 5 years before the case date",
        ),
        (
            ir.Compare(">=", ir.Quantifier("count", C, CONVICTIONS, FELONY), const(2, ir.INT)),
            "the number of convictions where the conviction has level felony is at least 2",
        ),
        (GANG, "person.gang_database is true"),
        (ir.Not(GANG), "person.gang_database is false"),
        (
            ir.Or((GANG, WATCH)),
            "person.gang_database is true or person.terrorist_watchlist_match is true",
        ),
        (
            ir.And((ir.Or((GANG, WATCH)), ir.Compare("<", AGE, const(21, ir.INT)))),
            "(person.gang_database is true or person.terrorist_watchlist_match is true) "
            "and person.age is less than 21",
        ),
        (
            ir.Member(
                ir.Fact(("agency",), AGENCY),
                ir.SetConst(("municipal_police", "state_police"), AGENCY),
            ),
            "agency is one of municipal_police, state_police",
        ),
        (
            ir.Not(ir.Member(ir.Fact(("agency",), AGENCY), ir.SetConst(("county_jail",), AGENCY))),
            "agency is not county_jail",
        ),
        (
            ir.Member(const("hold", KIND), ir.Fact(("request", "kinds"), ir.ListType(KIND))),
            "request.kinds includes hold",
        ),
        (ir.IsKnown(AGE), "person.age is known"),
        (ir.Not(ir.IsKnown(AGE)), "person.age is unknown"),
        (ir.Compare("<", DATE, const(dt.date(2014, 1, 1), ir.DATE)), "date is before 2014-01-01"),
        (
            ir.Compare("!=", AGE, ir.IntArith("+", AGE, const(1, ir.INT))),
            "person.age is not person.age plus 1",
        ),
        (ir.TRUE, "always"),
    ],
)
def test_condition_words(expr: ir.Expr, words: str) -> None:
    assert condition_words(expr) == words


def test_facts_of_a_true_or_are_its_first_true_part() -> None:
    case = {"person": {"gang_database": False, "terrorist_watchlist_match": True}}
    assert facts_read(ir.Or((GANG, WATCH)), case) == [("person.terrorist_watchlist_match", True)]


def test_facts_of_a_false_and_are_its_first_false_part() -> None:
    case = {"person": {"gang_database": True, "terrorist_watchlist_match": False}}
    assert facts_read(ir.And((GANG, WATCH)), case) == [("person.terrorist_watchlist_match", False)]
    assert facts_read(ir.And((GANG, ir.Not(WATCH))), case) == [
        ("person.gang_database", True),
        ("person.terrorist_watchlist_match", False),
    ]


def test_facts_of_a_true_any_are_those_of_its_witness() -> None:
    case = {"convictions": [{"level": "misdemeanor"}, {"level": "felony"}, {"level": "felony"}]}
    assert facts_read(ANY_FELONY, case) == [("convictions[1].level", "felony")]


def test_facts_of_a_false_any_are_those_of_every_element() -> None:
    case = {"convictions": [{"level": "misdemeanor"}, {"level": "violation"}]}
    assert facts_read(ANY_FELONY, case) == [
        ("convictions[0].level", "misdemeanor"),
        ("convictions[1].level", "violation"),
    ]


def test_facts_of_a_quantifier_over_an_empty_or_unknown_list() -> None:
    assert facts_read(ANY_FELONY, {"convictions": []}) == [("convictions", [])]
    assert facts_read(ANY_FELONY, {}) == [("convictions", None)]


def test_facts_of_a_false_all_are_those_of_its_counter_example() -> None:
    case = {"convictions": [{"level": "felony"}, {"level": "violation"}]}
    expr = ir.Quantifier("all", C, CONVICTIONS, FELONY)
    assert facts_read(expr, case) == [("convictions[1].level", "violation")]


T = ir.Var("t", TAG)
TAGS = cfield("tags", ir.ListType(TAG))
IS_HOMICIDE = ir.Compare("=", T, const("homicide", TAG))


@pytest.mark.parametrize(
    ("inner", "words"),
    [
        (ir.Quantifier("any", T, TAGS, IS_HOMICIDE), "some conviction has a tag that is homicide"),
        (ir.Quantifier("no", T, TAGS, IS_HOMICIDE), "some conviction has no tag that is homicide"),
        (
            ir.Not(ir.Quantifier("any", T, TAGS, IS_HOMICIDE)),
            "some conviction has no tag that is homicide",
        ),
        (
            ir.Quantifier("all", T, TAGS, IS_HOMICIDE),
            "some conviction is such that every tag of its tags is homicide",
        ),
    ],
)
def test_a_quantifier_over_an_elements_list_in_words(inner: ir.Expr, words: str) -> None:
    assert condition_words(ir.Quantifier("any", C, CONVICTIONS, inner)) == words


def test_the_witness_of_a_nested_quantifier_is_the_element_value() -> None:
    expr = ir.Quantifier("any", C, CONVICTIONS, ir.Quantifier("any", T, TAGS, IS_HOMICIDE))
    case = {
        "convictions": [
            {"tags": ["ct.family_violence"]},
            {"tags": ["ct.family_violence", "homicide"]},
        ]
    }
    assert facts_read(expr, case) == [("convictions[1].tags[1]", "homicide")]
    case = {"convictions": [{"tags": []}]}
    assert facts_read(expr, case) == [("convictions[0].tags", [])]


def test_a_named_part_of_a_condition_is_written_by_its_name() -> None:
    names = {id(ANY_FELONY): "convicted of a felony"}

    def named(part: ir.Expr) -> str | None:
        return names.get(id(part))

    assert condition_words(ir.Or((ANY_FELONY, GANG)), named) == (
        "convicted of a felony or person.gang_database is true")
    assert condition_words(ir.Not(ANY_FELONY), named) == "not convicted of a felony"
    assert condition_words(ir.Or((ir.And((ANY_FELONY, WATCH)), GANG)), named) == (
        "(convicted of a felony and person.terrorist_watchlist_match is true) or "
        "person.gang_database is true")
    assert condition_words(ir.Not(ir.Or((ANY_FELONY, GANG))), named) == (
        "not (convicted of a felony or person.gang_database is true)")
    # without names, or with none that fit, the words are the same as ever
    for expr in (ir.Or((ANY_FELONY, GANG)), ir.Not(ANY_FELONY), ir.And((GANG, WATCH))):
        assert condition_words(expr, lambda part: None) == condition_words(expr)


READINGS = Readings(
    {"person.gang_database": ir.Reading("the person is listed in a gang database",
                                        "the person is not listed in a gang database")},
    {("conviction", "vacated"): ir.Reading("was set aside", "still stands")},
)
VACATED = cfield("vacated", ir.BOOL)


@pytest.mark.parametrize(
    ("expr", "words"),
    [
        (GANG, "the person is listed in a gang database"),
        (ir.Not(GANG), "the person is not listed in a gang database"),
        (ir.Compare("=", GANG, const(False, ir.BOOL)),
         "the person is not listed in a gang database"),
        (ir.Compare("!=", const(False, ir.BOOL), GANG),
         "the person is listed in a gang database"),
        # a fact the vocabulary gives no words for reads as before
        (ir.Or((GANG, WATCH)),
         "the person is listed in a gang database or person.terrorist_watchlist_match is true"),
        (ir.Quantifier("any", C, CONVICTIONS, ir.And((FELONY, ir.Not(VACATED)))),
         "some conviction has level felony and still stands"),
        (ir.Quantifier("any", C, CONVICTIONS,
                       ir.And((FELONY, ir.Compare("=", VACATED, const(True, ir.BOOL))))),
         "some conviction has level felony and was set aside"),
        (ir.Quantifier("no", C, CONVICTIONS, VACATED), "no conviction was set aside"),
    ],
)
def test_yes_no_facts_read_in_the_vocabularys_words(expr: ir.Expr, words: str) -> None:
    assert condition_words(expr, readings=READINGS) == words


def test_the_bundled_vocabulary_gives_words_to_every_yes_no_fact() -> None:
    from trustlaw.lowering.files import default_vocabulary

    vocab = default_vocabulary()
    fields = [*vocab.fields, *(f for r in vocab.records for f in r.fields)]
    missing = [f.name for f in fields if isinstance(f.type, ir.BoolType) and f.reads is None]
    assert missing == []


ANY_SET_ASIDE_FELONY = ir.Quantifier("any", C, CONVICTIONS, ir.And((FELONY, VACATED)))


@pytest.mark.parametrize(
    ("expr", "words"),
    [
        # a quantifier with several parts, followed by more: its body is closed off
        (ir.Or((ANY_SET_ASIDE_FELONY, GANG)),
         "(some conviction has level felony and was set aside) or the person is listed in "
         "a gang database"),
        (ir.And((ir.Not(ANY_SET_ASIDE_FELONY), GANG)),
         "(no conviction has level felony and was set aside) and the person is listed in a "
         "gang database"),
        # last, or with one part, it needs none
        (ir.Or((GANG, ANY_SET_ASIDE_FELONY)),
         "the person is listed in a gang database or some conviction has level felony and "
         "was set aside"),
        (ir.Or((ANY_FELONY, GANG)),
         "some conviction has level felony or the person is listed in a gang database"),
    ],
)
def test_where_a_quantifiers_words_end_is_never_left_to_guess(expr: ir.Expr, words: str) -> None:
    assert condition_words(expr, readings=READINGS) == words


# ---- words for lawyers: no variable names, no paths where asked --------------------------


def test_a_definitions_parameter_is_called_by_its_record_not_its_name() -> None:
    # `definition adult(c: conviction) means c.level = felony`: "the conviction", never "the c"
    words = condition_words(ir.And((FELONY, ir.IsKnown(cfield("date", DATE_TYPE)))))
    assert words == "the conviction's level is felony and the conviction's date is known"
    assert "the c " not in words and "the c's" not in words


def test_a_quantifier_inside_one_over_the_same_records_is_the_other_one() -> None:
    other = ir.Var("d", CONVICTION)
    earlier = ir.Compare("<", ir.Field(other, "date", DATE_TYPE), cfield("date", DATE_TYPE))
    inner = ir.Quantifier("any", other, CONVICTIONS, earlier)
    words = condition_words(ir.Quantifier("any", C, CONVICTIONS, ir.And((FELONY, inner))))
    assert words == ("some conviction has level felony and is such that another conviction "
                     "has date before the conviction's date")


@pytest.mark.parametrize("expr, dotted, plain", [
    (ir.Compare(">=", AGE, const(18, ir.INT)), "person.age is at least 18",
     "the person's age is at least 18"),
    (ir.Compare("<", DATE, const(dt.date(2014, 1, 1), ir.DATE)),
     "date is before 2014-01-01", "the case date is before 2014-01-01"),
    (ir.IsKnown(AGE), "person.age is known", "the person's age is known"),
])
def test_facts_are_named_in_words_for_a_page_and_by_path_for_an_explanation(
    expr: ir.Expr, dotted: str, plain: str,
) -> None:
    assert condition_words(expr) == dotted
    assert plain_condition_words(expr) == plain


def test_a_count_of_a_list_reads_without_an_article_either_way() -> None:
    count = ir.Quantifier("count", C, CONVICTIONS, FELONY)
    at_least_two = ir.Compare(">=", count, const(2, ir.INT))
    expected = "the number of convictions where the conviction has level felony is at least 2"
    assert condition_words(at_least_two) == expected
    assert plain_condition_words(at_least_two) == expected


def test_a_count_of_every_element_reads_as_the_number_of_the_list() -> None:
    """`count c in convictions where true` counts them all: no "such that always"."""
    exactly_one = ir.Compare("=", ir.Quantifier("count", C, CONVICTIONS, ir.TRUE),
                             const(1, ir.INT))
    assert plain_condition_words(exactly_one) == "the number of convictions is 1"


DATE_TYPE = ir.DATE


SIGNER = ir.EnumType("signer", ("state_judge", "federal_judge"))
SIGNED_BY = ir.Fact(("request", "judicial_warrant_signed_by"), SIGNER)
BY_STATE_JUDGE = ir.And((ir.IsKnown(SIGNED_BY),
                         ir.Compare("=", SIGNED_BY, const("state_judge", SIGNER))))


@pytest.mark.parametrize("expr, words", [
    (BY_STATE_JUDGE, "request.judicial_warrant_signed_by is known to be state_judge"),
    # true too where the signer is unknown, which "is not state_judge" would not say
    (ir.Not(BY_STATE_JUDGE),
     "request.judicial_warrant_signed_by is not known to be state_judge"),
    (ir.And((WATCH, ir.Not(BY_STATE_JUDGE))), "person.terrorist_watchlist_match is true and "
     "request.judicial_warrant_signed_by is not known to be state_judge"),
    (ir.And((ir.IsKnown(AGE), ir.Member(ir.Fact(("agency",), AGENCY), ir.SetConst(
        ("county_jail",), AGENCY)))), "person.age is known and agency is county_jail"),
])
def test_a_fact_known_to_have_a_value_is_said_once(expr: ir.Expr, words: str) -> None:
    """"x is known and x is v" named the fact twice ("not (request.judicial_warrant_signed_by
    is known and request.judicial_warrant_signed_by is state_judge)" in NYC's (b)(1))."""
    assert condition_words(expr) == words
    assert condition_words(expr, named=lambda part: None) == words


def test_a_fact_named_for_who_did_it_reads_as_done_by_them() -> None:
    """In words, "the request's judicial warrant signed by is not known to be a state
    judge" read as a field name; it reads "… judicial warrant is not known to be signed by
    …" (the site words the value too: test_site_value_words); by paths it stays as the case
    writes it."""
    program = trustlaw.load("ca/sb54-2017").program
    rule = next(r for r in program.rules if r.provision == "7284.6(a)(4)(warrant)")
    worded = plain_condition_words(rule.condition)
    assert "the request's judicial warrant is not known to be signed by state_judge" in worded
    assert "signed by is" not in worded
    assert "request.judicial_warrant_signed_by is not known to be state_judge" in \
        condition_words(rule.condition)
