"""A drafter's audit of `trustlaw compare`: regions in words a reader follows, output
that holds no raw markup or terminal controls, and examples decided as claimed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

import trustlaw
from trustlaw import ir
from trustlaw.analysis.compare import limit_words
from trustlaw.analysis.compare.atoms import Atom, Literal, summary_words

pytest.importorskip("z3")

DRAFT = Path(__file__).resolve().parents[1] / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"

AGENCY = ir.Fact(("agency",), ir.EnumType("agency", ("county_jail", "municipal_police",
                                                     "probation")))


def test_tests_of_one_enum_fact_read_as_one_set() -> None:
    """``agency = x`` and ``agency != x`` merge with ``agency in {…}`` as one set of values;
    they read 'not agency is municipal police; agency one of county jail, municipal
    police' before, and then 'agency county jail', a field and its value side by side."""
    atoms = [Atom(ir.Compare("=", AGENCY, ir.Const("municipal_police", AGENCY.type))),
             Atom(ir.Member(AGENCY, ir.SetConst(("county_jail", "municipal_police"),
                                                AGENCY.type)))]
    both = [Literal(0, "false"), Literal(1, "true")]
    assert summary_words(atoms, both) == "the agency is county jail"
    not_equal = [Atom(ir.Compare("!=", ir.Const("probation", AGENCY.type), AGENCY))]
    assert summary_words(not_equal, [Literal(0, "true")]) == (
        "the agency is county jail or municipal police")
    meanings = {("agency", "county_jail"): "any local jail, e.g. New York City's Department "
                "of Correction", ("agency", "municipal_police"): "a municipal police department"}
    assert summary_words(not_equal, [Literal(0, "true")], meanings=meanings) == (
        "the agency is any local jail or a municipal police department")  # the aside left out


def test_nyc_regions_name_each_enum_fact_once() -> None:
    comparison = trustlaw.compare("nyc/ll21-22-2013", "nyc/ll58-59-2014")
    summaries = [r.summary for r in comparison.determined]
    assert "defendant in a covered case; the person is not a United States citizen; the " \
           "agency is a county or city jail; the request's judicial warrant is signed by a " \
           "state judge" in summaries
    for summary in summaries:
        assert " is municipal police" not in summary and "signed by is" not in summary




@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_file_name_with_a_terminal_control_is_escaped(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    """Two files with one id are labelled by their paths, and a path may hold an ESC: it
    reached the terminal raw (and the Markdown) in the text and Markdown reports."""
    text = DRAFT.read_text(encoding="utf-8")
    plain, odd = tmp_path / "plain.law", tmp_path / "x\x1b[31mred.law"
    plain.write_text(text, encoding="utf-8")
    odd.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "compare", str(plain), str(odd), "--format", fmt,
                    "--cases", str(cases_file(tmp_path, [{"agency": "state_corrections"}])))
    assert code == 0
    assert "\x1b" not in out and "u001b" in out
    code, out, _ = run(capsys, "matrix", str(plain), str(odd), "--format", fmt)
    assert code == 0
    assert "\x1b" not in out and "u001b" in out


def test_long_paths_are_named_whole_before_the_verdict(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    """Two files labelled by long paths took the whole first line of the summary, which
    was cut at `WIDTH` characters: the second path and the verdict were lost. Each path
    now has a line of its own, and the verdict names them A and B."""
    from trustlaw.analysis.compare.render import WIDTH

    folders = [tmp_path / ("the-current-law-as-amended-" + "x" * 40),
               tmp_path / ("the-proposed-amendment-of-2027-" + "y" * 40)]
    for folder in folders:
        folder.mkdir()
        (folder / "draft.law").write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "compare", str(folders[0] / "draft.law"),
                    str(folders[1] / "draft.law"))
    assert code == 0
    first = out.splitlines()[:3]
    for line, label, folder in zip(first, "AB", folders, strict=False):
        assert line.startswith(f"{label} = ") and line.endswith(f"{folder.name}/draft.law")
    assert first[2].startswith("equivalent: A and B decide every case alike")
    assert all(len(line) <= WIDTH for line in first)


def test_a_caseload_error_is_inert_in_markdown(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    """The first error quotes the case's bad value; in Markdown it was raw HTML."""
    path = cases_file(tmp_path, [{"agency": "<img src=x onerror=alert(1)> | x"},
                                 {"agency": "state_corrections"}])
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(path),
                    "--format", "markdown")
    assert code == 1
    caseload = out[out.index("## Caseload"):]
    assert "first error" in caseload
    assert not re.search(r"(?<!\\)[<>|]", caseload.replace("|---", ""))
    assert "\\<img" in caseload and "\\| x" in caseload


def cases_file(tmp_path: Path, cases: list[dict[str, Any]]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def test_markdown_gives_each_region_its_number_example_and_count(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The Markdown report had no example (the point of a region for a drafter), no
    count with --cases, and no number for the redline's "regions 1, 2" to point at."""
    comparison = trustlaw.compare("ct/pa-13-155", str(DRAFT))
    cases = [r.example for r in comparison.regions]
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--format", "markdown",
                    "--cases", str(cases_file(tmp_path, cases)))
    assert code == 1
    rows = [line for line in out.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == len(comparison.regions)
    for row in rows:
        number = int(row.split("|")[1])
        region = comparison.regions[number - 1]
        example = json.dumps(region.example, ensure_ascii=False).replace("|", "\\|")
        assert f"` {example} `" in row
        assert int(row.split("|")[-2]) == sum(region.contains(case) for case in cases)
    assert "duty:" not in out and "max_hold" not in out


def test_aspects_are_named_in_words_where_a_fact_is_unknown(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The summary of regions that need an unknown fact said `max_hold:` and
    `duty:tell-ice-of-48-hour-limit:`, and a duty's region 'A imposed, B not imposed'."""
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20")
    assert code == 1
    unknown = out[out.index("Only where a fact is unknown"):out.index("Details")]
    assert ("  longest hold each law sets (3 regions): when the agency or the request's form "
            "is unknown\n") in unknown
    assert "max_hold" not in unknown
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT))
    unknown = out[out.index("Only where a fact is unknown"):out.index("Details")]
    assert "  duty tell-ice-of-48-hour-limit (1 region): " in unknown and "duty:" not in unknown
    # and which facts, where the example leaves them unknown: never only "a fact"
    assert ("18 facts are unknown, among them the charges, whether a charge has bond posted "
            "and a charge's court: ct/pa-13-155 imposes it, ct/pa-13-155-without-b7-draft "
            "does not impose it") in out
    assert "a fact is unknown:" not in out


def test_the_longest_hold_is_named_as_each_laws_own_and_decided_so() -> None:
    """The longest hold compared is each statute's own limit: a decision's max_hold adds
    the request's and the regulation's, so "A no limit stated, B 48 hours" showed 48
    hours on both sides of `decide(example)`; the report now says whose limit it is."""
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    holds = [r for r in comparison.regions if r.outcome == "max_hold"]
    assert holds
    a, b = comparison.a, comparison.b
    for region in holds:
        own = (a.decide(region.example, request_limits=False).max_hold,
               b.decide(region.example, request_limits=False).max_hold)
        assert tuple(limit_words(x) for x in own) == (region.a, region.b)
        assert region.headline().startswith("longest hold each law sets: ")
    text = comparison.render()
    assert ("longest hold each law sets (the request's and the federal regulation's limits, "
            "which bind both, aside):") in text
    assert "request_limits=False" in (DRAFT.parents[2] / "docs" / "comparisons.md").read_text(
        encoding="utf-8")


def test_a_quantifiers_yes_no_fields_read_as_the_vocabulary_says() -> None:
    """A region's words said 'some conviction has vacated false, court federal, youthful
    offender false and …'; the vocabulary's readings say 'still stands' and the like, and
    its meanings say what a court or a tag is (the list as the conviction it asks for)."""
    comparison = trustlaw.compare("ca/ab4-2013", "ca/sb54-2017")
    summaries = [r.summary for r in comparison.determined]
    assert any(s.startswith("a conviction that still stands, that was entered by a federal "
                            "court of the United States, that was not a youthful-offender or "
                            "juvenile adjudication, and that is classed as an aggravated "
                            "felony under INA 101(a)(43)(A)-(P);") for s in summaries)
    for summary in summaries:
        assert not re.search(r"\b(false|true)\b", summary), summary


def test_hold_limits_read_in_words_where_people_read_them(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The text, Markdown and redline said '48 hours excluding saturday, sunday,
    federal_holiday' (the statute language); they now say it as `explain` does. The JSON
    form keeps the values as compared (CASES.md section 4)."""
    statute_words = "excluding saturday, sunday, federal_holiday"
    words = "48 hours, not counting Saturdays, Sundays and federal holidays"
    for fmt in ("text", "markdown"):
        code, out, _ = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20", "--redline",
                        "--format", fmt)
        assert code == 1
        shown = "\n".join(line for line in out.splitlines()
                          if not line.lstrip().startswith("condition:"))
        assert words in shown and statute_words not in shown, fmt
        if fmt == "text":
            assert ("longest hold each law sets: A no limit stated; B 48 hours, not counting "
                    "Saturdays, Sundays and federal holidays (holidays on their calendar "
                    "dates)") in out
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20", "--format", "json")
    values = {v for r in json.loads(out)["regions"] if r["outcome"] == "max_hold"
              for v in (r["a"], r["b"])}
    assert f"48 hours {statute_words}" in values and not any("not counting" in v for v in values)


def test_caseload_transitions_are_listed_largest_first() -> None:
    """The caseload listed each action's transitions in the order first seen ('permitted
    → undetermined: 93; undetermined → prohibited: 45; permitted → prohibited: 423');
    now the largest count comes first, a tie in the order of the results, in the text,
    the Markdown and the JSON list."""
    from trustlaw.analysis.compare.impact import Impact

    comparison = trustlaw.compare("ct/pa-13-155", str(DRAFT))
    table = {("permitted", "undetermined"): 2, ("undetermined", "prohibited"): 7,
             ("permitted", "permitted"): 50, ("required", "prohibited"): 7,
             ("prohibited", "permitted"): 7, ("permitted", "prohibited"): 30}
    counted = Impact(comparison, {"hold": table}, 103, 0)
    order = ["permitted → prohibited: 30", "prohibited → permitted: 7",
             "required → prohibited: 7", "undetermined → prohibited: 7",
             "permitted → undetermined: 2"]
    for fmt in ("text", "markdown"):
        line = next(x for x in counted.render(fmt).splitlines() if "hold:" in x)
        assert "50 with the same result; " + "; ".join(order) in line, fmt
    rows = counted.to_dict()["transitions"]["hold"]
    assert [row["count"] for row in rows] == [50, 30, 7, 7, 7, 2]
    assert [(row["a"], row["b"]) for row in rows][2:5] == [
        ("prohibited", "permitted"), ("required", "prohibited"), ("undetermined", "prohibited")]


def test_a_records_fields_read_with_their_record() -> None:
    """A region's words said 'kinds includes hold' and 'issuer ice' (the request's fields
    without the request); every field of a record the case holds now reads with it."""
    comparison = trustlaw.compare("us/detainer-regulation", "tx/sb4-2017")
    summaries = [r.summary for r in comparison.determined]
    # the eight agencies Texas binds (all the federal regulation binds) said as such; an
    # adult, since Texas holds no child in juvenile detention; an administrative warrant,
    # since Texas requires no hold where no probable cause is shown
    assert ("the person's age is at least 18; the request asks for a hold; a civil "
            "immigration warrant or an administrative immigration warrant (I-200, I-205); "
            "the case date is before 2017-08-30; none of: U.S. citizen, proof of lawful "
            "status; an agency both laws bind; the request's issuer is U.S. Immigration and "
            "Customs Enforcement") in summaries  # the date: a true comparison
    assert any("the request's form is I-247A or I-247D" in s for s in summaries)
    for summary in summaries:
        assert not re.search(r"(^|; )(kinds|issuer|form) ", summary), summary
    person = ir.Fact(("person", "age"), ir.INT)
    adult = Atom(ir.Compare(">=", person, ir.Const(18, ir.INT)))
    assert summary_words([adult], [Literal(0, "true")]) == "the person's age is at least 18"


def test_a_duty_in_the_summary_says_what_it_requires() -> None:
    """The summary named a duty by its id alone ('only A imposes
    tell-ice-of-48-hour-limit'); the drafter reads what the agency must do."""
    from trustlaw.analysis.compare.render import summary_lines

    lines = summary_lines(trustlaw.compare("ct/pa-13-155", "ct/pa-19-20"))
    duty = next(line for line in lines if "notify-ice-of-decision" in line)
    assert duty == ("  A imposes notify-ice-of-decision where B does not (1 region): Tell the "
                    "federal immigration authority at once whether the person will be detained "
                    "or released.")


def test_a_false_comparison_reads_as_the_one_then_true() -> None:
    """'none of: …, date is on or after 2017-08-30' was a double negative; a comparison
    known to be false is the opposite comparison, known to be true. An unknown one is
    left as it is."""
    date = ir.Fact(("date",), ir.DateType())
    after = Atom(ir.Compare(">=", date, ir.Const(dt.date(2017, 8, 30), ir.DateType())))
    citizen = Atom(ir.Fact(("person", "us_citizen"), ir.BoolType()))
    words = summary_words([after, citizen], [Literal(0, "false"), Literal(1, "false")])
    assert words == "the case date is before 2017-08-30; not U.S. citizen"
    assert summary_words([after], [Literal(0, "unknown")]) == "the case date is unknown"


def test_a_clause_with_commas_inside_none_of_is_bracketed() -> None:
    """'none of: …, sex arson registrant, some conviction still stands, has court federal,
    …' read as separate items; the clause is bracketed, and a dotted tag reads as the
    vocabulary means it (it kept its name, ``us.aggravated_felony``, before)."""
    comparison = trustlaw.compare("ca/ab1081-2012", "ca/ab4-2013")
    nested = [r.summary for r in comparison.regions if "none of: " in r.summary
              and "a conviction that" in r.summary.split("none of: ", 1)[1]]
    assert nested
    for summary in nested:
        listed = summary.split("none of: ", 1)[1].split(";", 1)[0]
        assert "(a conviction that " in listed, summary
    assert any("aggravated felony under INA 101(a)(43)(A)-(P)" in summary for summary in nested)
