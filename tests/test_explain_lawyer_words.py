"""`trustlaw explain` reads as a lawyer writes: a provision's condition as what it asks for
("there is a felony charge that is pending in …, that has a finding of probable cause,
and that is classed as …"), not "some charge has court …, has level a felony, has … among
its tags"; the facts it turned on as clauses that go on with the sentence ("here the
person has a release date open to the public and no local law or policy forbids …"), not
a form's "here The person …; Conviction 1 — Offense classifications: …". The account by
paths (`Decision.explain()`, `--paths`) is a public shape and keeps its words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

import trustlaw
from trustlaw.decisions.clauses import or_words
from trustlaw.decisions.fact_words import PlainFacts

# a California case: two convictions of this state, a misdemeanor charge elsewhere
CASE: dict[str, Any] = {
    "date": "2019-09-30", "agency": "county_jail", "local_policy_bars_hold": False,
    "request": {"kinds": ["hold", "notification"], "form": "I-247A",
                "judicial_warrant": False, "issuer": "ice"},
    "person": {"age": 35, "sex_arson_registrant": False, "federal_felony_warrant": False,
               "us_citizen": False, "release_date_public": True},
    "warrants": [],
    "charges": [{"level": "misdemeanor", "tags": [], "court": "other_state",
                 "probable_cause_found": True}],
    "convictions": [
        {"level": "felony", "tags": ["ca.state_prison_felony", "us.aggravated_felony"],
         "court": "this_state", "youthful_offender": False, "vacated": False,
         "date": "2012-05-01"},
        {"level": "violation", "tags": [], "date": "2011-07-16", "court": "this_state",
         "youthful_offender": False, "vacated": False},
    ],
}


@pytest.fixture(scope="module")
def sb54() -> str:
    return trustlaw.load("ca/sb54-2017").explain(CASE, in_words=True)


def line_of(account: str, start: str) -> str:
    """The first line of `account` that starts so (the notification's, before the
    transfer's)."""
    return next(ln.strip() for ln in account.splitlines() if ln.strip().startswith(start))


def test_a_conviction_is_said_as_the_conviction_the_law_asks_for(sb54: str) -> None:
    line = line_of(sb54, "- 7282.5(a)(1) ")
    assert ("does not apply: it requires that there is a conviction that still stands, that "
            "was entered by a court of the state whose law is applied, a court of another "
            "state of the United States, a federal court of the United States or a court of "
            "the District of Columbia, that was not a youthful-offender or juvenile "
            "adjudication, and that is classed as a California serious or violent felony, "
            "which is not so here: conviction 1 is classed as a California felony "
            "punishable by imprisonment in state prison and an aggravated felony under INA "
            "101(a)(43)(A)-(P); and conviction 2 has no offense classifications.") in line
    for stiff in ("some conviction", "has court", "among its tags", "Conviction 1 —",
                  "Offense classifications:"):
        assert stiff not in line


def test_a_charge_is_said_with_its_level_before_it(sb54: str) -> None:
    line = line_of(sb54, "- 7282.5(b) ")
    assert ("it requires that there is a felony charge that is pending in the state whose "
            "law is applied, that has a finding of probable cause, and that is classed as a "
            "California serious felony, a California violent felony or a California felony "
            "punishable by imprisonment in state prison, which is not so here: charge 1 is "
            "pending in another state of the United States.") in line
    assert "has level" not in line


def test_the_facts_go_on_with_the_sentence_in_lower_case(sb54: str) -> None:
    assert ("It applies when the person has a release date open to the public and no local "
            "law or policy forbids honoring the request; here the person has a release date "
            "open to the public and no local law or policy forbids honoring the request."
            ) in sb54
    # the facts about one conviction said as one clause, as the law read them
    assert ("; here conviction 1 still stands, was entered by a court of the state whose law "
            "is applied, was not a youthful-offender or juvenile adjudication, and is classed "
            "as a California felony punishable by imprisonment in state prison and an "
            "aggravated felony under INA 101(a)(43)(A)-(P).") in sb54
    assert "here The " not in sb54 and "here: The " not in sb54
    # a local jail is not said as New York City's in a California case
    assert "it binds this agency (a county or city jail)." in sb54


def test_a_class_of_felony_and_a_warrants_kind_name_what_the_law_asks_for() -> None:
    ct = trustlaw.load("ct/pa-19-20")
    case = {"date": "2020-01-02", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "judicial_warrant": True},
            "convictions": [], "warrants": [], "charges": []}
    account = ct.explain(case, in_words=True)
    assert ("there is a class A or B felony conviction that still stands, that is not on "
            "appeal, that rests on a plea of guilty or a verdict or finding of guilt after "
            "trial, that was entered by a court of the state whose law is applied, and that "
            "was not a youthful-offender or juvenile adjudication") in account
    assert "which is not so here: there are no prior convictions." in account
    ct2013 = trustlaw.load("ct/pa-13-155").explain(
        {**case, "date": "2015-03-02", "warrants": [{"kind": "criminal",
                                                     "issued_in": "other_state"}]},
        in_words=True)
    assert ("it requires that there is a criminal arrest warrant that was issued in the state "
            "whose law is applied, which is not so here: warrant 1 was issued in another "
            "state of the United States.") in ct2013


def test_the_account_by_paths_keeps_its_words() -> None:
    """`Decision.explain()` (and `--paths`) is a public shape: its condition words and
    its facts are as they were."""
    decision = trustlaw.load("ca/sb54-2017").decide(CASE, backend="interpreter")
    account = decision.explain()
    assert ("it requires that some conviction still stands, has court district_of_columbia "
            "or federal or other_state or this_state, was not a youthful-offender or "
            "juvenile adjudication and (has ca.serious_felony among its tags or has "
            "ca.violent_felony among its tags), which is not so here: convictions[0].tags is "
            "[ca.state_prison_felony, us.aggravated_felony]; convictions[1].tags is empty.") \
        in account
    assert "there is a" not in account


def test_the_command_line_says_it_so(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    code, out, _ = run(capsys, "explain", "ca/sb54-2017", str(path))
    assert code == 0
    assert "that is classed as a California serious or violent felony" in out
    code, paths, _ = run(capsys, "explain", "ca/sb54-2017", str(path), "--paths")
    assert code == 0 and "has ca.serious_felony among its tags" in paths


def test_a_fact_still_to_give_is_said_as_the_fact_to_find_out() -> None:
    """An undetermined outcome names what to find out ("which court entered conviction
    1"), not a form's labels ("conviction 1 — The convicting court
    (convictions[0].court)"); only the closing list, for whoever fills in the case, adds
    each fact's place in it. The account by paths keeps its words."""
    law = trustlaw.load("ca/sb54-2017")
    case = {"date": "2019-09-30", "convictions": [{"level": "felony"}]}
    account = law.explain(case, in_words=True)
    body, _, to_give = account.partition("Still unknown")
    assert ("Whom the law binds: under 7284.4(a) (Cal. Gov. Code § 7284.4(a)) that turns on "
            "who holds the person, which the facts given do not say.") in body
    assert "The facts given do not settle it; it depends on who holds the person." in body
    assert ("; it is not known here which court entered conviction 1, how conviction 1 is "
            "classed, whether conviction 1 was set aside and whether conviction 1 was a "
            "youthful-offender or juvenile adjudication.") in body
    assert ("The limit may change once it is known which form the request came on, how long "
            "a hold the request itself asks for and what the request asks the agency to do."
            ) in body
    assert "depending on who holds the person and what the request asks the agency to do." \
        in body
    for stiff in ("(agency)", "convictions[0]", "Who holds", " — ", "The convicting court",
                  "Date of the judgment", "depends on:"):
        assert stiff not in body, stiff
    assert "  - hold: who holds the person (agency)" in to_give
    assert "which court entered conviction 1 (convictions[0].court)" in to_give
    paths = law.decide(case, backend="interpreter").explain()
    assert "it depends on: agency." in paths and "not known here (agency)" in paths
    assert "Still unknown (give these facts to settle the open points):" in paths


@pytest.mark.parametrize(("items", "said"), [
    (["a California serious felony", "a California violent felony"],
     "a California serious or violent felony"),
    (["a felony", "a misdemeanor"], "a felony or misdemeanor"),
    (["a court of the District of Columbia", "a federal court of the United States"],
     "a court of the District of Columbia or a federal court of the United States"),
    (["U.S. Immigration and Customs Enforcement", "U.S. Customs and Border Protection"],
     "U.S. Immigration and Customs Enforcement or U.S. Customs and Border Protection"),
    (["a", "b", "c"], "a, b or c"),
])
def test_values_share_their_common_words_only_where_one_word_differs(
        items: list[str], said: str) -> None:
    assert or_words(items) == said


def test_a_fact_is_a_clause_about_its_record() -> None:
    words = PlainFacts(trustlaw.load("ca/sb54-2017").vocabulary)
    assert words.said("date", "2014-09-30") == "the case date is September 30, 2014"
    assert words.said("convictions[0].court", "federal") == (
        "conviction 1 was entered by a federal court of the United States")
    assert words.said("charges[1].tags", []) == "charge 2 has no offense classifications"
    assert words.said("convictions[0].felony_class", "A") == "conviction 1 is for a class A felony"
    assert words.said("request.kinds", ["hold", "notification"]) == (
        "the request asks the agency to keep the person past the time of release and tell "
        "the immigration authority the release date and time")
    assert words.said("person.age", 35) == "the person is 35 years old"
    assert words.said("convictions[0].court", None) == "conviction 1's court is unknown"
    assert words.said("convictions", []) == "there are no prior convictions"
    assert words.said("agency", "county_jail") == "the agency is a county or city jail"
    # a value the vocabulary does not know is not said in words
    assert words.said("agency", "no_such_agency") is None


def test_what_a_request_asks_for_reads_as_its_asking() -> None:
    """"the request's kinds include hold" named a field a lawyer never sees; the list of
    what the request asks for reads as the request asking, in explanations, on the
    statute pages and in comparisons (an account by paths keeps ``request.kinds``)."""
    from trustlaw import ir
    from trustlaw.decisions.clauses import plain_condition_words
    from trustlaw.decisions.words import condition_words

    kind = ir.EnumType("request_kind", ("hold", "notification", "transfer", "interview"))
    kinds = ir.Fact(("request", "kinds"), ir.ListType(kind))
    asks = [ir.Member(ir.Const(value, kind), kinds) for value in kind.values]
    assert [plain_condition_words(a) for a in asks] == [
        "the request asks for a hold", "the request asks for a notification",
        "the request asks for a transfer", "the request asks for an interview"]
    assert plain_condition_words(ir.Not(asks[0])) == "the request does not ask for a hold"
    assert condition_words(asks[0]) == "request.kinds includes hold"
    statute = trustlaw.load("fl/sb168-2019")
    said = statute.explain({"date": "2021-01-05", "agency": "county_jail",
                            "request": {"kinds": ["notification"], "form": "I-247A"}},
                           in_words=True)
    assert "it requires that the request asks for a hold and" in said
    assert "kinds include" not in said
    compared = trustlaw.compare("us/detainer-regulation", "tx/sb4-2017").render()
    assert "the request asks for a hold" in compared and "kinds include" not in compared


def test_a_duty_still_open_is_named_by_what_it_requires() -> None:
    """The "Still unknown" list named an open duty by its id ("give-person-copy-of-detainer"),
    which means nothing to a lawyer; in words it is said by its text (cut after a whole word
    when long), by paths it keeps the id."""
    statute = trustlaw.load("ct/pa-19-20")
    case = {"date": "2021-01-05", "request": {"kinds": ["hold"]}}
    said = statute.explain(case, in_words=True)
    assert ('  - the duty "Give the person a copy of the civil immigration detainer": who '
            "holds the person (agency)") in said
    assert "give-person-copy-of-detainer\":" not in said
    assert '  - the duty "give-person-copy-of-detainer": agency' in statute.explain(case)
    for duty in (d for i in trustlaw.available() for d in trustlaw.load(i).program.duties):
        from trustlaw.decisions.explain import _brief

        brief = _brief(duty.text)
        assert len(brief) <= 91 and duty.text.startswith(brief.rstrip("…"))
