"""The generated pages speak to a lawyer: hold limits, deadlines and duties in words (never
the statute language's ``excluding saturday, … counting actual`` or a bare duty id), a
comparison's hold limits said to be each law's own, a note's backticked names as code and
its verification letters explained, and statute strings still escaped on the way."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import attrs
import pytest

import trustlaw
from trustlaw import ir
from trustlaw.decisions.words import name_words
from trustlaw.library.statute import Statute
from trustlaw.site import docgen
from trustlaw.site.browser import decide_json
from trustlaw.site.comparison_pages import comparison_page, timeline_page
from trustlaw.site.escape import md_prose
from trustlaw.site.facts import fact_lines, fact_name
from trustlaw.site.solver_cache import comparison_data
from trustlaw.site.words import (
    GENERATED,
    VERIFICATION,
    hold_limit_words,
    moment_words,
)

REPO = Path(__file__).resolve().parent.parent


def prose(page: str) -> str:
    """The page without its code blocks (the statute-language source quoted as written)."""
    return re.sub(r"^( *)(`{3,})[^\n]*\n.*?^\1\2\s*$", "", page, flags=re.S | re.M)


@pytest.fixture(scope="module")
def ct_2013() -> str:
    return docgen.statute_page(trustlaw.load("ct/pa-13-155"))


def test_hold_limits_read_as_words_not_as_the_statute_language(ct_2013: str) -> None:
    text = prose(ct_2013)
    assert "counting actual" not in text and "federal\\_holiday" not in text
    assert "saturday, sunday" not in text
    weekend = ("48 hours, not counting Saturdays, Sundays and federal holidays (holidays on "
               "their calendar dates)")
    # (c)'s limit in plain words, and an example's expected limit
    assert (f"a hold lasts at most {weekend} when the agency is [a state department of "
            "correction]") in text
    assert f"longest hold: {weekend}" in text
    # a prohibited hold has no limit because no hold may happen, not an endless one
    assert "longest hold: none: no hold may happen" in text


def test_hold_limit_words_name_the_holiday_reading() -> None:
    days = ("federal_holiday", "saturday", "sunday")
    assert hold_limit_words(48, days, "observed") == (
        "48 hours, not counting Saturdays, Sundays and federal holidays (holidays on their "
        "dates and on the weekdays they are observed)")
    assert hold_limit_words(24, ("saturday", "sunday")) == (
        "24 hours, not counting Saturdays and Sundays")
    assert hold_limit_words(48) == "48 hours"


def test_deadlines_give_the_weekday_the_clock_turns_on(ct_2013: str) -> None:
    assert moment_words(dt.datetime(2015, 3, 5, 17, 0)) == "Thursday, March 5, 2015, 17:00"
    # "on Form I-247, Thursday 17:00 ends Monday 17:00", as the example's name says
    assert ("a hold ends (due for release Thursday, March 5, 2015, 17:00): "
            "Monday, March 9, 2015, 17:00") in ct_2013
    assert "2015-03-05T17:00" not in prose(ct_2013)


def test_a_duty_is_shown_by_what_it_requires(ct_2013: str) -> None:
    statute = trustlaw.load("ct/pa-13-155")
    duty = next(d for d in statute.program.duties if d.id == "notify-ice-of-decision")
    shown = f"“{duty.text}” (`{duty.id}`)"
    assert f"imposes the duty {shown} when the agency is [a state department of correction]" \
        in ct_2013
    assert f"duty {shown}: does not apply" in ct_2013  # the probation example


def test_a_hostile_duty_text_is_escaped_where_it_is_quoted() -> None:
    program = trustlaw.load("ct/pa-13-155").program
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(2)) `code` *b*"
    duties = tuple(attrs.evolve(d, text=hostile) for d in program.duties)
    page = docgen.statute_page(Statute(attrs.evolve(program, duties=duties)))
    assert ("“&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(2)) \\`code\\` "
            "\\*b\\*” (`notify-ice-of-decision`)") in page
    assert "<img" not in prose(page)


def test_notes_show_backticked_names_as_code_and_explain_the_letters(ct_2013: str) -> None:
    assert "parole staff (`parole`) are bound" in ct_2013
    assert "\\`parole\\`" not in ct_2013
    assert "\\[V\\] against a primary or official text" in ct_2013
    assert "[sources and verification](../sources.md)" in ct_2013
    # a note with no letter in brackets gets no legend
    assert "\\[V\\] against" not in docgen.statute_page(trustlaw.load("us/secure-communities"))


@pytest.mark.parametrize("text", [
    "`<script>alert(1)</script>` and `a|b` `` `x`` ``", "1. `x` # `", "odd ` tick `[a](b)`",
])
def test_md_prose_code_spans_stay_inert(text: str) -> None:
    shown = md_prose(text)
    assert "<script" not in shown.replace("`<script>alert(1)</script>`", "")
    assert not shown.startswith("1.")
    assert not re.search(r"(?<!\\)\[a(?<!\\)\]\(b\)", shown.replace("`[a](b)`", ""))


def test_a_limit_of_another_length_is_still_worded(ct_2013: str) -> None:
    program = trustlaw.load("ct/pa-13-155").program
    limits = tuple(attrs.evolve(x, hours=1, excluding=("sunday",)) for x in program.limits)
    page = docgen.statute_page(Statute(attrs.evolve(program, limits=limits)))
    assert "a hold lasts at most 1 hour, not counting Sundays when" in page
    assert isinstance(program.limits[0], ir.Limit)


def test_comparison_hold_limits_are_each_laws_own_and_in_words() -> None:
    pytest.importorskip("z3")
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    page = comparison_page(a, b, comparison_data(a, b))
    text = prose(page)
    assert '!!! note "Hold limits compared here"' in page
    assert "(../../semantics.md#a-hold-never-outlasts-the-request)" in page
    assert "no limit stated" not in text and "federal\\_holiday" not in text
    assert ("the hold limit the law itself states is **none stated** where under `ct/pa-13-155` it "
            "is **48 hours, not counting Saturdays, Sundays and federal holidays (holidays "
            "on their calendar dates)**") in text
    duty = next(d for d in a.program.duties if d.id == "notify-ice-of-decision")
    assert (f"`ct/pa-13-155` imposes the duty “{duty.text}” (`{duty.id}`) where "
            "`ct/pa-19-20` does not") in text


def test_home_page_names_the_badges_the_pages_show() -> None:
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    flat = " ".join(home.split())
    for words, _meaning in VERIFICATION.values():
        assert f"*{words}*" in flat
    assert "[sources and verification](laws/sources.md)" in flat


def test_the_case_checker_words_the_limit_and_the_deadline() -> None:
    case = {"date": "2015-03-05", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247", "hours_requested": 60},
            "person": {"terrorist_watchlist_match": True}}
    answer = json.loads(decide_json(json.dumps(
        {"statute": "ct/pa-13-155", "case": case, "release_at": "2015-03-05T17:00"})))
    assert answer["words"] == {
        "limit": "48 hours, not counting Saturdays, Sundays and federal holidays (holidays "
                 "on their calendar dates) and 60 hours, whichever ends first",
        "release_at": "Thursday, March 5, 2015, 17:00",
        "deadline": "Sunday, March 8, 2015, 05:00",
    }
    script = (REPO / "trustlaw/site/checker_assets/checker.js").read_text(encoding="utf-8")
    assert "words.deadline" in script and "limit.excluding.join" not in script
    person = dict.fromkeys(("gang_database", "security_risk_group", "terrorist_watchlist_match",
                            "final_removal_order", "public_safety_risk"), False)
    prohibited = {**case, "person": person, "warrants": [], "charges": [], "convictions": []}
    answer = json.loads(decide_json(json.dumps({"statute": "ct/pa-13-155", "case": prohibited})))
    assert answer["outcomes"]["hold"] == "prohibited"
    assert answer["words"] == {"limit": None, "release_at": None, "deadline": None}


def test_comparison_pages_are_titled_by_the_laws_titles_and_ids() -> None:
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    page = comparison_page(a, b, None)
    assert page.startswith(f"# `ct/pa-13-155` → `ct/pa-19-20`: {a.meta.title} → "
                           f"{b.meta.title}\n")
    pages = docgen.site_pages([a, b])
    assert (f"| [`ct/pa-13-155` → `ct/pa-19-20`](comparisons/ct-pa-13-155--ct-pa-19-20.md) "
            f"| {a.meta.title} → {b.meta.title} |") in pages["laws/index.md"]
    assert (f"[ct/pa-13-155 → ct/pa-19-20 ({b.meta.title})]"
            "(../comparisons/ct-pa-13-155--ct-pa-19-20.md)") in pages["laws/ct/pa-13-155.md"]


def test_a_hostile_title_in_a_comparison_title_is_escaped() -> None:
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    hostile = '</title><script>alert(1)</script> *b*'
    evil = Statute(attrs.evolve(b.program, meta=attrs.evolve(b.meta, title=hostile)))
    page = comparison_page(a, evil, None)
    assert page.startswith('---\ntitle: "ct/pa-13-155 → ct/pa-19-20: ')
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; \\*b\\*\n" in page
    assert "<script" not in page


def test_the_timeline_says_what_it_shows_before_any_code() -> None:
    page = timeline_page([trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")])
    opening = prose(page).split("## ", 1)[0]
    first = opening.split(GENERATED, 1)[1].strip().split("\n\n", 1)[0]
    assert first.startswith("For each jurisdiction, the versions of its law")
    assert "`" not in first
    assert "`trustlaw.load(\"<jurisdiction>\", on=date(...))`" in opening


def test_example_facts_read_in_the_vocabularys_words_with_the_path_after(ct_2013: str) -> None:
    facts = ct_2013.split("### felony conviction in another state permits the hold", 1)[1]
    facts = facts.split("| Facts |", 1)[1].split("\n")[2]
    lines = facts.strip("| ").split(" | ")[0].split("<br>")
    assert "The agency is a state department of correction (`agency` = " \
           "`\"state_corrections\"`)" in lines
    assert "The person is not listed as a gang member in a database " \
           "(`person.gang_database` = `false`)" in lines
    assert "Conviction 1 is for a felony (`convictions[0].level` = `\"felony\"`)" in lines
    assert "Conviction 1 was entered by a court of another state of the United States " \
           "(`convictions[0].court` = `\"other_state\"`)" in lines
    assert "Conviction 1 still stands (`convictions[0].vacated` = `false`)" in lines
    # a date as the explanations say it after "here"
    assert "Conviction 1 was entered on June 1, 2009 (`convictions[0].date` = " \
           "`\"2009-06-01\"`)" in lines
    assert "There are no outstanding warrants (`warrants` = `[]`)" in lines
    for form in (" — ", "Date of the judgment", "1 June"):
        assert not any(form in line for line in lines), form
    # every fact keeps its path and value as code
    assert all(re.search(r"\(`[^`]+` = `[^`]+`\)$", line) for line in lines), lines


def test_a_fact_the_vocabulary_does_not_describe_is_shown_as_code() -> None:
    vocabulary = trustlaw.load("ct/pa-13-155").vocabulary
    case = {"agency": "not_an_agency", "person": {"shoe_size": 9}, "date": None,
            "convictions": [{"plea": "guilty"}, {"tags": []}]}
    assert fact_lines(case, vocabulary) == [
        '`agency` = `"not_an_agency"`',
        "`person.shoe_size` = `9`",
        "The case date is unknown (`date` = `null`)",
        'Conviction 1 rests on a plea of guilty (`convictions[0].plea` = `"guilty"`)',
        "Conviction 2 has no offense classifications (`convictions[1].tags` = `[]`)",
    ]


def test_vocabulary_words_in_an_examples_facts_are_escaped() -> None:
    vocabulary = trustlaw.load("ct/pa-13-155").vocabulary
    hostile = "<script>alert(1)</script> | *b* [x](javascript:y)"
    texts = tuple((k, v, hostile if v == "county_jail" else t)
                  for k, v, t in vocabulary.enum_texts)
    shown = fact_lines({"agency": "county_jail"}, attrs.evolve(vocabulary, enum_texts=texts))
    assert shown == ["The agency is &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*b\\* "
                     "\\[x\\](javascript:y) (`agency` = `\"county_jail\"`)"]


@pytest.mark.parametrize(("built", "written"), [
    ("pending connecticut charge without bond", "pending Connecticut charge without bond"),
    ("convicted of class a or b felony", "convicted of class A or B felony"),
    ("gang identified by doc; not us citizen", "gang identified by DOC; not U.S. citizen"),
    ("issuer ice; proposition 47 offense", "issuer ICE; Proposition 47 offense"),
    # ids, values and a name that only holds the letters are left as written
    ("ct/doc-policy permits it, `ice-duty`, us.aggravated felony, doctor, a class",
     "ct/doc-policy permits it, `ice-duty`, us.aggravated felony, doctor, a class"),
])
def test_names_built_from_identifiers_are_written_as_a_lawyer_writes_them(
        built: str, written: str) -> None:
    assert name_words(built) == written


def test_definition_names_and_comparison_summaries_capitalise_names(ct_2013: str) -> None:
    assert ("[pending Connecticut charge without bond]"
            "(#definition-pending_connecticut_charge_without_bond)") in ct_2013
    assert "[Connecticut arrest warrant](#definition-connecticut_arrest_warrant)" in ct_2013
    pytest.importorskip("z3")
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    text = prose(comparison_page(a, b, comparison_data(a, b)))
    assert "gang identified by DOC" in text and "gang identified by doc" not in text
    assert "pending Connecticut charge without bond" in text
    assert "convicted of class A or B felony" in text
    assert "connecticut" not in text.replace("ct/", "")


@pytest.mark.parametrize(("path", "shown"), [
    ("person.age", "How old the person is (`person.age`)"),
    ("person.gang_identified_by_doc", "Whether the person was identified as a gang member "
     "by the Department of Correction (`person.gang_identified_by_doc`)"),
    ("convictions[].date", "When a conviction was entered (`convictions[].date`)"),
    ("convictions[].vacated", "Whether a conviction was set aside (`convictions[].vacated`)"),
    ("request.form", "Which form the request came on (`request.form`)"),
    ("agency", "Who holds the person (`agency`)"),
    ("person.shoe_size", "`person.shoe_size`"),
    ("person..age", "`person..age`"),
    ("<b>x</b>", "`<b>x</b>`"),
])
def test_a_fact_is_named_in_the_vocabularys_words_with_its_path(path: str, shown: str) -> None:
    assert fact_name(path, trustlaw.load("ct/pa-13-155").vocabulary) == shown


def test_a_comparisons_unknown_facts_are_named_in_words() -> None:
    pytest.importorskip("z3")
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("nyc/ll58-59-2014")
    page = comparison_page(a, b, comparison_data(a, b))
    rows = [line for line in page.splitlines() if line.startswith("| facts unknown here |")]
    assert rows
    assert any("Whether the person re-entered unlawfully after removal "
               "(`person.unlawful_reentry`)<br>" in row for row in rows)
    for row in rows:
        cell = row.split(" | ")[1]
        assert all(re.fullmatch(r"(.+ \()?`[^`]+`\)?", fact) for fact in cell.split("<br>"))


@pytest.mark.parametrize("statute_id", trustlaw.available())
def test_plain_words_name_no_path_and_no_variable(statute_id: str) -> None:
    page = docgen.statute_page(trustlaw.load(statute_id))
    plain = [line for line in page.splitlines() if line.startswith("**In plain words:**")]
    assert plain
    for line in plain:
        assert not re.search(r"\b(?:person|request|case)\.[a-z_]", line), line
        assert not re.search(r"\bthe [a-z]\d*(?:'s)? ", line), line


def test_a_comparison_page_cites_both_laws_before_their_differences() -> None:
    # a lawyer looks a law up by its citation; the id is how trustlaw loads it
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    intro = comparison_page(a, b, None).split("How [", 1)[1].split("\n", 1)[0]
    assert ("(Conn. Pub. Act 13-155, codified at Conn. Gen. Stat. § 54-192h (2014); "
            "`ct/pa-13-155`; superseded") in intro
    assert "(Conn. Pub. Acts 19-20 and 19-23, codified at" in intro
    hostile = "<b>Pub. Act</b> *1*"
    evil = Statute(attrs.evolve(b.program, meta=attrs.evolve(b.meta, citation=hostile)))
    page = comparison_page(a, evil, None)
    assert "(&lt;b&gt;Pub. Act&lt;/b&gt; \\*1\\*; `ct/pa-19-20`;" in page
    assert "<b>" not in page
