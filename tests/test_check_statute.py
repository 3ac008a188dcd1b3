"""Statute-level checks: metadata, provisions, limits, duties, examples, invariants, notes
and the unverified-without-note warning."""

from __future__ import annotations

import pytest

from trustlaw.checker import check_source, compile_source
from trustlaw.diagnostics import Diagnostic

META = """  title "T"
  jurisdiction "t"
  citation "T Act"
  status proposed
"""

BODY = """
provision (b) {
  cites "T Act § 1(b)"
  text "No hold."
  hold prohibited
}
provision (b)(1) except (b) {
  cites "T Act § 1(b)(1)"
  text "Felons may be held."
  hold permitted if any c in convictions where c.level = felony
}
provision (c) {
  cites "T Act § 1(c)"
  text "Notify."
  notification required
  duty "notify" "Tell ICE."
  limit hold 48 hours excluding saturday, sunday
}
"""


def check(body: str = BODY, meta: str = META, statute_id: str = "t/x") -> list[Diagnostic]:
    return check_source(f'statute "{statute_id}" {{\n{meta}}}\n{body}', "x.law")


def codes(body: str = BODY, meta: str = META, statute_id: str = "t/x") -> list[str]:
    return [d.code for d in check(body, meta, statute_id)]


def test_clean() -> None:
    assert check() == []


# ---- metadata ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "code", "fragment"),
    [
        (META.replace('  title "T"\n', ""), "TL-M002", "has no `title`"),
        (META.replace("proposed", "propsed"), "TL-M004", "`propsed` is not a status"),
        (META.replace("proposed", "superseded") + "  in_force 2014-01-01\n", "TL-M005",
         "needs a `superseded` date"),
        (META.replace("proposed", "enacted"), "TL-M011", "needs an `in_force` date"),
        (META.replace('"t"', '"ct"'), "TL-M006", "names jurisdiction `t`"),
        (META + "  in_force \"2014-01-01\"\n", "TL-M003", "`in_force` needs a date"),
        (META + '  status "enacted"\n', "TL-M007", "`status` is given twice"),
        (META.replace("status proposed", 'status "proposed"'), "TL-M003", "needs a bare word"),
        (META + "  in_force 2014-01-01\n  superseded 2013-01-01\n", "TL-M010",
         "`superseded` (2013-01-01) is before `in_force` (2014-01-01)"),
        (META + "  introduced 2014-03-01\n  in_force 2014-01-01\n", "TL-W002",
         "`in_force` (2014-01-01) is before `introduced` (2014-03-01)"),
        (META + "  enacted 2014-03-01\n  in_force 2014-01-01\n", "TL-W002",
         "`in_force` (2014-01-01) is before `enacted` (2014-03-01)"),
        (META + "  in_force 0026-01-01\n", "TL-W003", "`in_force` is 0026-01-01"),
        (META + "  introduced 1813-01-01\n", "TL-W003", "in the year 1813"),
        (META + "  verification X\n", "TL-M009", "`X` is not a verification mark"),
        (META + '  amends "Not An Id"\n', "TL-M006", "which is not a statute id"),
        (META + "  citaton \"x\"\n", "TL-M001", "`citaton` is not a statute heading"),
    ],
)
def test_metadata(meta: str, code: str, fragment: str) -> None:
    found = check(meta=meta)
    assert [d.code for d in found] == [code], [d.message for d in found]
    assert fragment in found[0].message
    assert found[0].help


def test_a_year_typed_short_suggests_the_full_year() -> None:
    (d,) = check(meta=META + "  enacted 0026-01-01\n")
    assert d.help == "write the year in full (was 2026 meant?)"
    assert check(meta=META + "  enacted 1952-06-27\n  in_force 2100-12-31\n") == []


def test_statute_id_format() -> None:
    (d,) = check(statute_id="CT/PA-13-155")
    assert d.code == "TL-M006" and "lower case" in (d.help or "")


def test_an_amended_id_with_a_capital_letter_is_shown_in_lower_case() -> None:
    """`amends "ct/pa-19-2O"` (a capital O for a zero) gave the general rule alone."""
    (d,) = check(meta=META + '  amends "ct/pa-19-2O"\n')
    assert d.code == "TL-M006"
    assert d.help == ('ids are in lower case: "ct/pa-19-2o"; check each character against '
                      "the id `trustlaw list` shows")
    (d,) = check(meta=META + '  amends "Not An Id"\n')
    assert d.help is not None and d.help.startswith("an id is `<jurisdiction>/<name>`")


def test_sources_repeat_and_dates_read() -> None:
    meta = META + '  source "a"\n  source "b"\n  introduced 2013-01-01\n  enacted 2013-06-01\n'
    assert check(meta=meta) == []


# ---- provisions, duties and limits ----------------------------------------------------------


def test_conflict_inside_one_provision() -> None:
    body = BODY.replace("hold prohibited", "hold prohibited if person.age < 18\n"
                        "  hold required if person.age >= 18")
    (d,) = check(body)
    assert d.code == "TL-S003"
    assert d.message == "provision (b) makes `hold` both prohibited and required at the same rank"


def test_same_modality_at_same_rank_is_fine() -> None:
    body = BODY + """
provision (d) {
  cites "T Act § 1(d)"
  notification required if person.gang_database
}
"""
    assert check(body) == []


def test_subject_to_ranks_below() -> None:
    body = BODY + """
provision (d) subject to (b) {
  cites "T Act § 1(d)"
  hold required if person.gang_database
}
"""
    assert check(body) == []


def test_relation_to_itself_is_a_cycle() -> None:
    body = BODY.replace("provision (c) {", "provision (c) notwithstanding (c) {")
    (d,) = check(body)
    assert d.code == "TL-S002" and "(c) → (c)" in d.message


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("limit hold 48", "limit transfer 48", "TL-S008"),
        ("limit hold 48", "limit hodl 48", "TL-N006"),
        ("limit hold 48", "limit hold 0", "TL-S014"),
        ("saturday, sunday", "saturday, sunday counting actual", "TL-S010"),
        ("saturday, sunday", "saturday, sunday, federal_holiday counting actuel", "TL-N013"),
        ('duty "notify" "Tell ICE."', 'duty "notify" "Tell ICE."\n  duty "notify"', "TL-S015"),
        ('  text "No hold."\n', '  text "No hold."\n  verification Q\n', "TL-M009"),
        ('  text "No hold."\n', '  verification S\n  verification U\n', "TL-S018"),
    ],
)
def test_clause_problems(old: str, new: str, code: str) -> None:
    body = BODY.replace(old, new, 1)
    assert body != BODY
    found = [d for d in check(body) if d.is_error]
    assert [d.code for d in found] == [code], [d.message for d in found]


def test_holiday_readings() -> None:
    for reading in ("actual", "observed"):
        days = f"saturday, sunday, federal_holiday counting {reading}"
        body = BODY.replace("saturday, sunday", days)
        assert check(body) == []


def test_vocabulary_items_do_not_belong_in_a_statute() -> None:
    assert codes(BODY + "\nfield extra: int\n") == ["TL-S011"]


def test_definition_may_not_shadow_a_fact() -> None:
    body = BODY + '\ndefinition agency {\n  cites "T Act § 2"\n  means person.age > 3\n}\n'
    assert codes(body) == ["TL-S017"]


def test_a_definition_named_like_a_record_is_one_error() -> None:
    """Paths into the record (`person.age`, in its own body or elsewhere) read the fact,
    not the misnamed definition: no follow-on error of a definition referring to itself."""
    body = BODY + ('\ndefinition person {\n  cites "T Act § 2"\n  means person.age > 3\n}\n'
                   'provision (z) {\n  cites "T Act § 3"\n  text "z"\n'
                   '  interview prohibited if person and person.age > 70\n}\n')
    assert codes(body) == ["TL-S017"]


# ---- examples --------------------------------------------------------------------------------


def example(given: str, *expects: str) -> str:
    lines = "\n".join(f"  expect {e}" for e in expects)
    return BODY + f'\nexample "e" {{\n  given {given}\n{lines}\n}}\n'


def test_example_ok() -> None:
    text = example(
        '{"date": "2015-03-02", "agency": "county_jail",'
        ' "person": {"age": 30, "gang_database": null},'
        ' "request": {"kinds": ["hold"], "form": "I-247A"},'
        ' "convictions": [{"date": "2009-06-01", "level": "felony", "tags": ["homicide"]}]}',
        "hold permitted", "hold grounds (b)(1)", 'duty "notify"',
        "max_hold 48 hours excluding saturday, sunday",
        "deadline 2015-03-09T17:00 from 2015-03-05T17:00",
    )
    assert check(text) == []


@pytest.mark.parametrize(
    ("given", "expect", "code", "fragment"),
    [
        ('{"persn": {}}', "hold permitted", "TL-E001", "`persn`"),
        ('{}', "hodl permitted", "TL-E002", "`hodl` is not an outcome"),
        ('{}', "hold grounds (b)(2)", "TL-E003", "provision (b)(2), which does not exist"),
        ('{}', "hold grounds (c)", "TL-E008", "provision (c) never decides `hold`"),
        ('{}', 'duty "notfy"', "TL-E004", 'no duty "notfy"'),
        ('{"agency": "county_jial"}', "hold permitted", "TL-E006",
         '`agency` is "county_jial", which is not a value of `agency`'),
        ('{"date": "last year"}', "hold permitted", "TL-E006",
         '`date` must be a date like "2015-03-02", but the example gives "last year"'),
        ('{"date": "2021-02-30"}', "hold permitted", "TL-E006",
         '`date` is "2021-02-30", which is not a day of the calendar'),
        ('{"person": {"age": "30"}}', "hold permitted", "TL-E006",
         '`person.age` must be a whole number, but the example gives "30"'),
        ('{"person": {"age": true}}', "hold permitted", "TL-E006", "gives true"),
        ('{"convictions": {}}', "hold permitted", "TL-E006", "must be a list [ … ]"),
        ('{"convictions": [{"tags": ["homicde"]}]}', "hold permitted", "TL-E006",
         '`convictions[0].tags[0]` is "homicde"'),
        ('{"date": "2015-03-02", "date": "2015-03-03"}', "hold permitted", "TL-E007",
         "gives `date` twice"),
        ('{}', "deadline 2015-03-01T17:00 from 2015-03-05T17:00", "TL-E009",
         "is before the release time"),
        ('{}', "max_hold 48 hours excluding saturday, sundae", "TL-N007", "`sundae`"),
        ('{}', "hold grounds (b), (b)", "TL-E010", "provision (b) twice"),
    ],
)
def test_example_problems(given: str, expect: str, code: str, fragment: str) -> None:
    found = check(example(given, expect))
    assert [d.code for d in found] == [code], [d.message for d in found]
    assert fragment in found[0].message


def test_a_misspelt_day_is_underlined_alone() -> None:
    body = example("{}", "max_hold 48 hours excluding saturday, sundae")
    (d,) = check(body)
    assert d.code == "TL-N007" and d.span is not None
    line = f'statute "t/x" {{\n{META}}}\n{body}'.splitlines()[d.span.line - 1]
    assert line[d.span.column - 1:d.span.end_column - 1] == "sundae"


def test_example_unknown_fact_is_located_at_the_pair() -> None:
    body = example('{\n    "person": {"gang_databse": true}}', "hold permitted")
    (d,) = check(body)
    assert d.help == "did you mean `person.gang_database`?"
    assert d.span is not None
    lines = f'statute "t/x" {{\n{META}}}\n{body}'.splitlines()
    assert lines[d.span.line - 1][d.span.column - 1:].startswith('"gang_databse": true')


@pytest.mark.parametrize(
    ("given", "quoted", "fragment"),
    [
        ('{\n    "person": {"age": 200}}', '"age": 200', "person.age: an age is between 0 and 130"),
        ('{"date": "2015-03-02",\n    "convictions": [{"level": "felony"},\n'
         '      {"date": "2016-01-04"}]}', '"date": "2016-01-04"',
         "convictions[1].date, date: a judgment is not dated after the case date"),
    ],
)
def test_example_breaking_a_constraint_is_an_error_at_the_fact(
        given: str, quoted: str, fragment: str) -> None:
    """`trustlaw check` refuses an example whose facts `trustlaw test` would refuse as a
    case, at the fact the vocabulary's constraint names, not only when examples run."""
    body = example(given, "hold permitted")
    (d,) = check(body)
    assert d.code == "TL-C003" and d.is_error
    assert d.message == f'example "e": {fragment}'
    assert d.span is not None
    lines = f'statute "t/x" {{\n{META}}}\n{body}'.splitlines()
    assert lines[d.span.line - 1][d.span.column - 1:].startswith(quoted)
    # the program still compiles: `trustlaw test` runs the other examples, and fails this one
    program = compile_source(f'statute "t/x" {{\n{META}}}\n{body}')
    assert [e.name for e in program.examples] == ["e"]


def test_duplicate_example_names() -> None:
    text = example("{}", "hold permitted")
    text += '\nexample "e" {\n  given {}\n  expect hold permitted\n}\n'
    assert codes(text) == ["TL-E005"]


# ---- invariants and notes --------------------------------------------------------------------


def test_invariants() -> None:
    body = BODY + """
invariant "no hold on a detainer alone" {
  text "A detainer alone never causes a hold."
  standard no_hold_on_detainer_alone
}
invariant "adults" {
  assume person.age >= 18 and (no c in convictions where c.level = felony)
  ensure hold is prohibited
  ensure notification is not undetermined
}
"""
    assert check(body) == []
    bad = body.replace("standard no_hold_on_detainer_alone", "standard no_hold_on_detainer")
    (d,) = check(bad)
    assert d.code == "TL-N008" and d.help == "did you mean `no_hold_on_detainer_alone`?"
    bad = body.replace("ensure hold is prohibited", "ensure hodl is prohibited")
    assert codes(bad) == ["TL-N006"]
    bad = body.replace("assume person.age >= 18 and", "assume person.age and")
    assert codes(bad) == ["TL-T001"]


def test_notes() -> None:
    body = BODY + '\nnote "n" {\n  about (b)(1), (b)(9)\n  question 3\n  text "x"\n}\n'
    (d,) = check(body)
    assert d.code == "TL-N010" and "(b)(9)" in d.message
    # the caret is under the target that does not exist, not the whole `about` line
    assert d.span is not None
    line = f'statute "t/x" {{\n{META}}}\n{body}'.splitlines()[d.span.line - 1]
    assert line[d.span.column - 1:d.span.end_column - 1] == "(b)(9)"
    body = BODY + '\nnote "n" {\n  about (b)\n  question 3\n  question 4\n}\n'
    assert codes(body) == ["TL-S016"]


def test_unverified_without_note_warns() -> None:
    body = BODY.replace('  text "Felons may be held."\n',
                        '  text "Felons may be held."\n  verification S\n')
    (d,) = check(body)
    assert (d.code, d.severity) == ("TL-W001", "warning")
    assert d.message == ("provision (b)(1) is marked `verification S` (read in a secondary "
                         "source), and no note says how this file reads the law")
    noted = body + '\nnote "Felons" {\n  about (b)(1)\n  text "Read from OLR."\n}\n'
    assert check(noted) == []
    definition = body.replace("verification S\n", "").replace(
        "hold permitted if any c in convictions where c.level = felony",
        "hold permitted if felon") + """
definition felon {
  cites "T Act § 2"
  verification U
  means any c in convictions where c.level = felony
}
"""
    (d,) = check(definition)
    assert d.code == "TL-W001" and "definition `felon`" in d.message
    noted = definition + '\nnote "Felon" {\n  about felon\n  text "Read from news."\n}\n'
    assert check(noted) == []


@pytest.mark.parametrize("name", ["true", "if", "and", "any"])
def test_a_definition_named_by_a_word_of_the_language_is_refused(name: str) -> None:
    """`definition true { … }` used as `hold permitted if true or …` was silently read
    as the constant: the definition never applied."""
    body = BODY.replace("hold permitted if any c in convictions where c.level = felony",
                        "hold permitted if person.gang_database") + f"""
definition {name} {{
  cites "T Act § 2"
  means any c in convictions where c.level = felony
}}
"""
    (found,) = check(body)
    assert found.code == "TL-S023" and f"definition `{name}`" in found.message
    assert found.help == "choose another name for the definition"


def test_a_provision_written_twice_is_one_error_not_also_its_duties_missing() -> None:
    """The second copy is left out (TL-S001), and an example expecting its duty was told
    "there is no duty" (TL-E004) besides."""
    body = BODY + '''
provision (c) {
  cites "T Act § 1(c)"
  text "Copy."
  duty "give-copy" "Give the person a copy."
}
example "e" {
  given {}
  expect duty "give-copy"
}
'''
    assert [d.code for d in check(body)] == ["TL-S001"]


def test_a_misspelt_outcome_is_one_error_not_also_its_provision_never_deciding() -> None:
    body = BODY.replace("  hold prohibited\n", "  hodl prohibited\n") + '''
example "e" {
  given {}
  expect hold grounds (b)
}
'''
    assert [d.code for d in check(body)] == ["TL-N006"]


def test_an_empty_citation_is_no_citation() -> None:
    """`cites ""` was accepted, and the decision's ground cited nothing."""
    (found,) = check(BODY.replace('cites "T Act § 1(b)(1)"', 'cites " "'))
    assert found.code == "TL-S004" and found.message == "provision (b)(1) has an empty citation"
