"""A legislative drafter's aide compared a draft amendment with current law: list bounds
that hide every difference, Markdown fit for a memo, the redline's region numbers, the
protectiveness verdict, the one-line summaries, the regions of unknown facts and
examples a reader can decide as they stand."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from cli_run import run

import trustlaw
from trustlaw.diagnostics import CaseError, UsageError

pytest.importorskip("z3")

ROOT = Path(__file__).resolve().parents[1]




# ---- a list bound of 0 ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [("compare", "ct/pa-13-155", "ct/pa-19-20"),
                                     ("matrix", "ct/pa-13-155", "ct/pa-19-20")])
def test_a_bound_of_0_is_a_usage_error_on_the_command_line(
        capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    """`--bound 0` was accepted: every list empty, so the draft's main change (a pending
    charge) was no difference at all, "at most 0 elements per list"."""
    code, out, err = run(capsys, *command, "--bound", "0")
    assert code == 2 and out == ""
    assert "expected a number from 1 to 10, got 0" in err
    assert "every list of a case would be empty" in err


def test_a_bound_of_0_is_refused_by_every_python_entry_point() -> None:
    from trustlaw.analysis.compare import CompareOptions, matrix
    from trustlaw.analysis.compare import compare as compare_statutes
    from trustlaw.analysis.verification import VerifyOptions

    with pytest.raises(ValueError, match=r"the bound must be from 1 to 10, not 0") as caught:
        trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", bound=0)
    assert isinstance(caught.value, UsageError)
    for call in (lambda: compare_statutes("ct/pa-13-155", "ct/pa-19-20", bound=0),
                 lambda: CompareOptions(bound=0),
                 lambda: matrix(["ct/pa-13-155", "ct/pa-19-20"], bound=0)):
        with pytest.raises(UsageError, match=r"bound must be a whole number from 1 to 10, "
                                             r"got 0") as refused:
            call()
        assert isinstance(refused.value, ValueError)
        assert "every list of a case would be empty" in refused.value.render()
    with pytest.raises(ValueError, match="bound must be at least 1, got 0"):
        VerifyOptions(bound=0)
    assert matrix(["ct/pa-13-155", "ct/pa-19-20"], bound=1).bound == 1  # 1 still works


# ---- Markdown for a memo -------------------------------------------------------------------

HOSTILE = [
    "[click](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    "[ref]: http://evil.example",
    "see [ref]",
    "](javascript:alert(1))",
    "a](b) (c)[d]",
    "\\[x\\](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example>",
    "<script>alert(1)</script>",
    "&lt;b&gt; &#60;i&#62;",
    "*em* _em_ `code` | cell",
    "(b)(1)(A) (does not bind)",
]


def _renderers() -> list[tuple[str, Any]]:
    """Markdown to HTML as CommonMark (markdown-it-py) and Python-Markdown read it,
    tables on, whichever is installed."""
    out: list[tuple[str, Any]] = []
    try:
        from markdown_it import MarkdownIt

        out.append(("commonmark", MarkdownIt("commonmark").enable("table").render))
    except ImportError:
        pass
    try:
        import markdown

        out.append(("python-markdown",
                    lambda text: markdown.markdown(text, extensions=["tables"])))
    except ImportError:
        pass
    if not out:
        pytest.skip("no Markdown renderer installed")
    return out


class _Shown(HTMLParser):
    """The tags of an HTML fragment and the text it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("payload", HOSTILE)
def test_markdown_leaves_parentheses_alone_and_a_hostile_label_inert(payload: str) -> None:
    """Parentheses were escaped (``\\(b\\)\\(1\\)\\(A\\)`` in a memo); they act only after a
    `]`, and brackets are escaped, so a label still cannot make a link, an image or HTML,
    in running text or in a table cell, and it shows as written."""
    from trustlaw.analysis.compare.render import markdown_escape

    escaped = markdown_escape(payload)
    assert "\\(" not in escaped and "\\)" not in escaped
    for name, render in _renderers():
        for page in (escaped, f"| provisions |\n|---|\n| {escaped} |"):
            shown = _Shown()
            shown.feed(render(page))
            assert set(shown.tags) <= {"p", "table", "thead", "tbody", "tr", "th", "td"}, (
                payload, render(page))
            if name == "commonmark":  # (Python-Markdown shows the backslash of `\<`)
                assert "".join(shown.text).strip().endswith(payload), (payload, render(page))


def test_a_markdown_report_writes_provision_labels_as_a_memo_does(
        capsys: pytest.CaptureFixture[str]) -> None:
    draft = ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(draft), "--format",
                       "markdown", "--redline")
    assert code == 1
    assert "| (b)(7) / (b) |" in out  # a region's deciding provisions, A / B
    assert "struck provision (b)(7)" in out
    assert "\\(" not in out and "\\)" not in out


# ---- the redline's region numbers ----------------------------------------------------------


def test_the_redline_json_counts_regions_from_0_as_documented(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`--format json --redline` gave `"regions": [6, 7, 8]` where the text said regions
    7, 8 and 9, and nothing said which was which: the JSON's are indexes into its own
    `regions` array (from 0), as docs/comparisons.md now shows on a real change."""
    draft = ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"
    page = (ROOT / "docs" / "comparisons.md").read_text(encoding="utf-8")
    assert "counted from 0" in page
    shown = re.search(r'```json\n(\{\n  "kind": "provision".*?)```', page, re.S)
    assert shown is not None
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(draft), "--format", "json",
                       "--redline")
    assert code == 1
    data = json.loads(out)
    changes = data["redline"]["changes"]
    assert json.loads(shown.group(1)) in changes
    code, text, _ = run(capsys, "compare", "ct/pa-13-155", str(draft), "--redline")
    assert code == 1
    blocks = text[text.index("\nRedline\n"):].split("\n\n")[1:]
    assert len(blocks) == len(changes)
    for change, block in zip(changes, blocks, strict=True):
        numbers = [int(n) for n in re.findall(r"→ region (\d+):", block)]
        assert numbers == [i + 1 for i in change["regions"]]
        for i in change["regions"]:  # the region the text names is the JSON's regions[i]
            region = data["regions"][i]
            assert f"→ region {i + 1}: {region['outcome'].replace('duty:', 'duty ')}" in block


# ---- regions that exist only because a fact is unknown -------------------------------------

WITHOUT_B7 = ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"


def test_grounds_hold_provision_labels_and_open_ones_have_a_key_of_their_own() -> None:
    """`grounds` mixed "open: (a)(4) (does not bind)" strings in with the deciding
    provisions' labels (CASES.md section 4 shows labels only); the provisions an unknown
    fact leaves open are now `open_grounds`."""
    comparison = trustlaw.compare("ct/pa-13-155", WITHOUT_B7)
    data = comparison.to_dict()
    for region in data["regions"]:
        assert set(region["open_grounds"]) == {"a", "b"}
        for side in ("a", "b"):
            assert not any(g.startswith("open") for g in region["grounds"][side])
            assert not any(g.startswith("open") for g in region["open_grounds"][side])
        if region["determined"]:
            assert region["open_grounds"] == {"a": [], "b": []}
    left = next(r for r in data["regions"]
                if (r["outcome"], r["a"], r["b"]) == ("hold", "permitted", "undetermined"))
    assert left["grounds"] == {"a": ["(b)(7)"], "b": ["(b)"]}
    assert left["open_grounds"]["a"] == []
    assert left["open_grounds"]["b"][:2] == ["(a)(4) (does not bind)", "(b)(1)"]


def test_the_details_say_which_provisions_depend_on_unknown_facts() -> None:
    comparison = trustlaw.compare("ct/pa-13-155", WITHOUT_B7)
    text = comparison.render()
    number, region = next((n, r) for n, r in enumerate(comparison.regions, 1)
                          if (r.outcome, r.a, r.b) == ("hold", "permitted", "undetermined"))
    opened = list(region.open_grounds["b"])
    block = text[text.index(f"\n{number}. hold: A permits, B leaves undetermined"):]
    assert (f"   deciding provisions: A (b)(7); B (b), or, depending on unknown facts, "
            f"{', '.join(opened[:-1])} or {opened[-1]}\n") in block
    assert "open:" not in text
    markdown = comparison.render("markdown")
    assert (f"| (b)(7) / (b), or, depending on unknown facts, "
            f"{', '.join(opened[:-1])} or {opened[-1]} |") in markdown


@pytest.mark.parametrize("pair", [("ct/pa-13-155", "ct/pa-19-20"), ("ct/pa-13-155", WITHOUT_B7)])
def test_each_line_of_unknown_facts_gives_its_count_first_and_is_never_cut(
        pair: tuple[str, Any]) -> None:
    """"hold: A needs agency, …; B needs charges, charges[].fel…" lost its count to the
    160-character cut while the interview line said "(2 regions)"; each line now opens
    with its count, says whose answer turns on which facts, and fits."""
    from trustlaw.analysis.compare.render import WIDTH, aspect_words

    comparison = trustlaw.compare(*pair)
    summary = comparison.render().split("\nDetails\n")[0]
    section = summary[summary.index("Only where a fact is unknown"):].splitlines()
    assert section[0] == f"Only where a fact is unknown ({len(comparison.undetermined)} regions):"
    lines = section[1:]
    outcomes = list(dict.fromkeys(r.outcome for r in comparison.undetermined))
    assert len(lines) == len(outcomes)
    for line, outcome in zip(lines, outcomes, strict=True):
        n = sum(1 for r in comparison.undetermined if r.outcome == outcome)
        assert line.startswith(f"  {aspect_words(outcome)} ({n} region{'s' * (n > 1)}): ")
        assert len(line) <= WIDTH and not line.endswith("…"), line
        rest = line.split("): ", 1)[1]
        assert rest.startswith(("A's answer may turn on ", "B's answer may turn on ",
                                "when ")) and rest.endswith(" is unknown") == (
                                    rest.startswith("when ")), line
        assert "[]" not in rest and "_" not in rest, line  # facts in words, not paths


def test_the_site_page_words_open_provisions_as_the_report_does() -> None:
    from trustlaw.site.comparison_pages import comparison_page

    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load(WITHOUT_B7)
    page = comparison_page(a, b, trustlaw.compare(a, b).to_dict())
    assert "open:" not in page
    assert ("[(b)](../ct/pa-13-155-without-b7-draft.md#provision-b); or, depending on "
            "unknown facts, [(a)(4) (does not bind)](../ct/pa-13-155-without-b7-draft.md"
            "#provision-a-4); [(b)(1)]") in page


# ---- which law is more protective ----------------------------------------------------------

# the aide's draft: PA 25-29 with a gate for a pending class A or B felony charge, the
# watchlist interview gate struck and a duty to tell defence counsel of a hold request
DRAFT = """\
statute "ct/pa-25-29-violent-charge-draft" {
  title "Draft: Trust Act with a pending violent-felony charge gate"
  jurisdiction "ct"
  citation "Draft amendment of Conn. Gen. Stat. § 54-192h (2025)"
  status proposed
  introduced 2026-01-13
  amends "ct/pa-25-29"
  verification S
}

definition charged_with_violent_felony {
  cites "Draft § 1(b)(1)(A)(iv)"
  text "A pending class A or B felony charge in Connecticut, probable cause found, no bond."
  means any c in charges where c.court = this_state
    and c.probable_cause_found = true
    and c.bond_posted = false
    and c.level = felony and c.felony_class in {A, B}
}

provision (b)(1)(A)(iv) except (b)(1)(A) {
  cites "Draft § 1(b)(1)(A)(iv)"
  text "The person faces a pending class A or B felony charge (probable cause, no bond)."
  verification S
  hold permitted if charged_with_violent_felony
  transfer permitted if charged_with_violent_felony
}

strike (b)(1)(D)(ii)

provision (e)(4) {
  cites "Draft § 1(e)(4)"
  text "When a hold is requested, the agency notifies the person's attorney."
  verification S
  duty "notify-defender-of-hold" "Notify the person's attorney of the hold request."
    if "hold" in request.kinds
}
"""


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("drafter") / "draft.law"
    path.write_text(DRAFT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def drafted(draft: Path) -> Any:
    return trustlaw.compare("ct/pa-25-29", draft)


def test_the_verdict_names_the_more_protective_law_and_a_region_that_shows_it(
        drafted: Any) -> None:
    """It said "Allows the action in fewer cases: hold: A; notification: the same cases;
    transfer: A; interview: B": neither the words of CASES.md ("more protective of the
    person") nor the laws' names nor where to look."""
    from trustlaw.analysis.compare.render import SUMMARY_LINES, WIDTH

    text = drafted.render()
    summary = text.split("\nDetails\n")[0].splitlines()
    assert summary[2:4] == [
        "More protective of the person (allows the action in fewer cases): hold, transfer: "
        "ct/pa-25-29 (A), e.g. regions 1 and 4",
        "  interview: ct/pa-25-29-violent-charge-draft (B), e.g. region 7; notification: "
        "neither (the same cases)",
    ]
    assert len(summary) <= SUMMARY_LINES and all(len(line) <= WIDTH for line in summary)
    for number, action, allowing in ((1, "hold", "b"), (4, "transfer", "b"),
                                     (7, "interview", "a")):
        region = drafted.regions[number - 1]  # only the other law allows the action in it
        forbidding = "a" if allowing == "b" else "b"
        assert region.outcome == action and region.determined
        assert getattr(region, forbidding) == "prohibited"
        assert getattr(region, allowing) in ("permitted", "required")
        assert f"\n{number}. {action}: " in text
        # the summary's line for the region leads with the number the verdict gives
        assert any(line.startswith(f"  {number}. A ") for line in summary), number
    one = drafted.only(("hold",)).render().splitlines()
    assert one[2].startswith("(showing hold: ")  # what the selection left out, then
    assert one[3] == ("More protective of the person (allows the action in fewer cases): "
                      "hold: ct/pa-25-29 (A), e.g. region 1")
    markdown = drafted.render("markdown")
    assert "| action | more protective of the person (allows it in fewer cases) | shown by |" \
        in markdown
    assert "| interview | ct/pa-25-29-violent-charge-draft (B) | region 7 |" in markdown
    assert "| notification | neither (the same cases) | – |" in markdown


def test_an_incomparable_verdict_points_at_a_region_each_way() -> None:
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    line = next(line for line in comparison.render().splitlines() if "hold: neither" in line)
    found = re.search(r"hold: neither \(each allows it in some case the other forbids\), "
                      r"e\.g\. regions (\d+) \(only A allows it\) and (\d+) \(only B\)$", line)
    assert found is not None, line
    only_a, only_b = (comparison.regions[int(n) - 1] for n in found.groups())
    assert (only_a.outcome, only_a.b) == ("hold", "prohibited") and only_a.a != "prohibited"
    assert (only_b.outcome, only_b.a) == ("hold", "prohibited") and only_b.b != "prohibited"
    # where one law is more protective it is named by its label, with a region each
    found = re.search(r"notification, transfer, interview: ct/pa-19-20 \(B\), e\.g\. regions "
                      r"(\d+), (\d+) and (\d+)", comparison.render())
    assert found is not None
    for action, number in zip(("notification", "transfer", "interview"), found.groups(),
                              strict=True):
        region = comparison.regions[int(number) - 1]
        assert (region.outcome, region.b) == (action, "prohibited") and region.a != "prohibited"


# ---- one-line summaries --------------------------------------------------------------------


def test_the_agencies_a_law_binds_are_said_as_such_not_listed(drafted: Any) -> None:
    """'…convicted of added offense, terrorist watch…': the eleven agencies both laws
    bind took the line, and the facts that set the region apart were cut off."""
    hold = drafted.regions[0]
    assert hold.summary == (
        "charged with violent felony; none of: judicial warrant, convicted of class A or B "
        "felony, convicted of added offense, terrorist watchlist match; an agency both laws "
        "bind")
    assert "agency in {bail_services, county_jail, county_sheriff, court_marshal" in hold.source
    text = drafted.render()
    assert ("  1. A prohibits, B permits: charged with violent felony; none of: judicial "
            "warrant, convicted of class A or B felony and 2 more; an agency both laws bind\n"
            ) in text
    assert ("  7. A permits, B prohibits: terrorist watchlist match; none of: convicted of class "
            "A or B felony, court order; an agency both laws bind\n") in text


def test_an_agency_set_is_named_only_when_it_is_a_laws_scope_and_long() -> None:
    ct = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    notification = [r.summary for r in ct.determined if r.outcome == "notification"]
    # the agencies 2013 bound (and 2019 too), then the three 2019 added: listed, as few
    assert notification == ["the agency is an adult probation office, bail or pretrial "
                            "services or a school or campus police or security department",
                            "an agency both laws bind"]
    texas = trustlaw.compare("us/detainer-regulation", "tx/sb4-2017")
    assert "U.S. citizen; an agency tx/sb4-2017 does not bind" in [
        r.summary for r in texas.determined]
    nyc = trustlaw.compare("nyc/ll21-22-2013", "nyc/ll58-59-2014")
    assert any("; the agency is a county or city jail;" in r.summary
               for r in nyc.determined)  # one value


def test_a_set_of_most_values_is_said_by_the_few_it_leaves_out() -> None:
    """A 2013 duty not listed on the notification and transfer forms read "the request's
    form is I-247, I-247A, I-247D or any other request form": the law tests the two forms
    left out, and a reader has to work them out from the four kept."""
    ct = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    duties = [r.summary for r in ct.determined if r.outcome.startswith("duty")]
    assert duties and any(s.endswith("; the request's form is neither I-247N nor I-247X")
                          for s in duties)
    assert not any("I-247D or any other request form" in s for s in duties)
    # three values of six are said as they are, and a set no smaller than its complement
    assert any("the request's form is I-247N, I-247X or any other request form" in r.summary
               for r in ct.determined)


def test_every_duty_a_region_names_is_given_in_full_in_every_format() -> None:
    """The summary cut "Tell the federal immigration authority that the person will be
    held for at most 48 hours…" before the days it does not count, and the details, the
    Markdown and the JSON named the duties by id alone (the drafter's review)."""
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    told = ("Tell the federal immigration authority that the person will be held for at "
            "most 48 hours, not counting Saturdays, Sundays and federal holidays.")
    text = comparison.render()
    details = text[text.index("\nDetails\n"):]
    assert ("  tell-ice-of-48-hour-limit (only A: (c), Conn. Pub. Act 13-155 § 1(c)): "
            + told) in details.splitlines()
    named = {r.outcome.removeprefix("duty:") for r in comparison.regions
             if r.outcome.startswith("duty:")}
    duties = comparison.to_dict()["duties"]
    assert set(duties) == named and len(named) == 7
    assert duties["tell-ice-of-48-hour-limit"] == {
        "a": {"text": told, "citation": "Conn. Pub. Act 13-155 § 1(c)", "provision": "(c)"},
        "b": None}
    assert duties["give-person-copy-of-detainer"]["a"] is None
    markdown = comparison.render("markdown")
    assert told in markdown and "## Duties" in markdown
    # a comparison narrowed to the hold names no duty
    assert comparison.only(("hold",)).to_dict()["duties"] == {}
    # a duty both laws word alike is said once, with each law's provision
    from trustlaw.analysis.compare.render import duty_lines

    later = trustlaw.compare("ct/pa-19-20", "ct/pa-25-29")
    alike = [line for line in duty_lines(later) if "(A " in line and ", B " in line]
    for line in alike:
        assert line.count(": ") == 1


def test_the_summary_says_whose_own_hold_ends_first(tmp_path: Path) -> None:
    """A draft that halves every hold was "more protective" of nothing: the verdicts count
    cases allowed, and the clock had no verdict of its own (the drafter's review)."""
    base = (ROOT / "statutes" / "ct" / "pa-19-20.law").read_text(encoding="utf-8")
    assert base.count('limit hold 48 hours if request.form = "I-247') == 2
    halved = base.replace('statute "ct/pa-19-20" {', 'statute "ct/pa-19-20-halved" {', 1)
    halved = halved.replace('limit hold 48 hours if request.form = "I-247',
                            'limit hold 24 hours if request.form = "I-247')
    draft = tmp_path / "halved.law"
    draft.write_text(halved, encoding="utf-8")
    comparison = trustlaw.compare("ct/pa-19-20", str(draft))
    found = comparison.shorter_hold
    assert found is not None and found.verdict == "b" and found.a_first == ()
    for index in found.b_first:
        region = comparison.regions[index]
        assert region.outcome == "max_hold" and region.b == "24 hours"
    first = found.b_first[0] + 1
    assert ("Shorter hold where both allow one (each law's own limit): ct/pa-19-20-halved "
            f"(B), e.g. region {first}") in comparison.render().splitlines()
    assert "neither (the same cases)" in comparison.render()  # no case allowed differently
    assert comparison.to_dict()["shorter_hold"]["verdict"] == "b"
    # each law's ends first somewhere: neither, with a region each way
    both = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20").shorter_hold
    assert both is not None and both.verdict == "incomparable"
    assert both.a_first and both.b_first and both.unordered == ()
    assert trustlaw.compare("ct/pa-13-155", "ct/pa-19-20").only(("hold",)).shorter_hold is None


def test_a_law_that_says_nothing_of_an_action_is_said_so_not_called_silence() -> None:
    """"deciding provisions: A silence" read as jargon (the drafter's review); the JSON
    keeps its label."""
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    silent = [r for r in comparison.regions if r.grounds["a"] == ("silence",)]
    assert silent
    text = comparison.render()
    assert "   deciding provisions: A none (the law says nothing of it); B (b)(1)(A)" in \
        text.splitlines()
    assert " A silence" not in text and " A silence" not in comparison.render("markdown")
    index = comparison.regions.index(silent[0])
    assert comparison.to_dict()["regions"][index]["grounds"]["a"] == ["silence"]


def test_a_selection_is_said_in_a_readers_words() -> None:
    """`--only max_hold` printed "(showing max_hold: …)", the internal name."""
    from trustlaw.analysis.compare.render import selection_words

    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    assert selection_words(comparison.only(("max_hold", "duty"))) == (
        "longest hold each law sets, duties")
    assert "(showing longest hold each law sets: " in comparison.only(("max_hold",)).render()


def test_a_wording_is_fitted_by_counting_values_then_shortening_none_of() -> None:
    from trustlaw.analysis.compare.atoms import Wording

    wording = Wording(("gang database",), ("judicial warrant", "court order", "consent"),
                      (("agency one of aa, bb, cc, dd", "agency one of 4 agencies"),),
                      ("date unknown",))
    full = ("gang database; none of: judicial warrant, court order, consent; agency one of aa, "
            "bb, cc, dd; date unknown")
    assert wording.full() == full and wording.within(len(full)) == full
    assert wording.within(len(full) - 1) == (
        "gang database; none of: judicial warrant, court order, consent; agency one of 4 "
        "agencies; date unknown")
    assert wording.within(70) == (
        "gang database; none of: judicial warrant and 2 more; agency one of 4 agencies; "
        "date unknown")
    assert Wording(("x",), (), (("agency one of aa, bb, cc, dd", "agency one of 4 agencies"),)
                   ).within(10) == "x; agency one of 4 agencies"  # the shortest form


def test_a_cut_section_names_the_changes_it_leaves_out() -> None:
    """With the verdict on two lines the hold section of 2013 → 2019 shows three of its
    ten regions; the line that counts the rest says where they are and names what sets
    them apart."""
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    text = comparison.render()
    line = next(line for line in text.splitlines() if line.startswith("  … and 7 more"))
    assert line.startswith("  … and 7 more (regions 4 to 10 in the details), among them: "
                           "gang database, security risk group, Connecticut arrest warrant, ")
    hold = [n for n, r in enumerate(comparison.regions, 1)
            if r.outcome == "hold" and r.determined]
    assert hold == list(range(1, 11))


# ---- examples that can be decided as they stand --------------------------------------------


def _shows(region: Any, statutes: tuple[Any, Any]) -> bool:
    from trustlaw.analysis.compare import reading

    for backend in ("interpreter", "compiled"):
        first, second = (s.decide(region.example, backend=backend, request_limits=False)
                         for s in statutes)
        if reading(region.outcome, first, second) != (region.a, region.b):
            return False
    return True


@pytest.mark.parametrize("pair", ["draft", ("ct/pa-13-155", "ct/pa-19-20"),
                                  ("ct/pa-13-155", "ca/ab4-2013")])
def test_every_example_has_a_date_an_age_a_form_and_kinds_as_documented(
        pair: Any, draft: Path) -> None:
    """None of the ten examples of the aide's comparison had a date, an age or a form, and
    nine had no kinds: deciding one warned that the date was unknown, so whether the law
    was in force was unknown. The bundled pairs' examples were the same."""
    from trustlaw.analysis.compare.examples import furnish
    from trustlaw.analysis.compare.periods import (
        case_period,
        example_day,
        periods_overlap,
        usual_form,
    )

    a, b = ("ct/pa-25-29", draft) if pair == "draft" else pair
    statutes = (trustlaw.load(a), trustlaw.load(b))
    comparison = trustlaw.compare(*statutes)
    metas = (statutes[0].meta, statutes[1].meta)
    start, end = case_period(*metas)
    assert periods_overlap(*metas) is (pair != ("ct/pa-13-155", "ct/pa-19-20"))
    for region in comparison.regions:
        example = region.example
        assert region.contains(example) and _shows(region, statutes), region.summary
        request, person = example.get("request") or {}, example.get("person") or {}
        given = {"date": example.get("date"), "age": person.get("age"),
                 "form": request.get("form"), "kinds": request.get("kinds")}
        missing = [name for name, value in given.items() if value is None]
        if region.determined:
            assert not missing, (region.summary, example)
        if missing:  # only where the region needs the fact unknown: given back, it leaves
            def inside(case: dict[str, Any], region: Any = region) -> bool:
                try:
                    return region.contains(case) and _shows(
                        attrs.evolve(region, example=case), statutes)
                except CaseError:
                    return False

            assert furnish(example, region.outcome, inside, example_day(*metas)) == example
        if given["date"] is not None and "date" not in region.source:
            day = dt.date.fromisoformat(given["date"])
            assert start <= day <= end, (region.summary, example)
        if given["age"] is not None:
            assert 18 <= given["age"] <= 80
        kinds = given["kinds"]
        if kinds is not None and region.outcome in ("hold", "notification", "transfer",
                                                    "interview") \
                and "request.kinds" not in region.source:
            assert kinds == [region.outcome]
        if kinds is not None and given["form"] is not None and given["date"] is not None \
                and "request.form" not in region.source:
            assert given["form"] == usual_form(dt.date.fromisoformat(given["date"]), kinds)
        if given["date"] is not None:
            for statute in statutes:
                codes = {w["code"] for w in statute.decide(example).warnings}
                assert "date-unknown" not in codes
                if periods_overlap(*metas) and "date" not in region.source:
                    assert "not-in-force" not in codes, (statute.id, example)
    text = comparison.render()
    overlap_note = "The two laws were never in force together"
    assert (overlap_note in text) is (not periods_overlap(*metas))
    if not periods_overlap(*metas):
        assert (f"examples are dated {example_day(*metas)}, in ct/pa-19-20's period, unless "
                "a region needs another date.") in text
        assert overlap_note in comparison.render("markdown")


@pytest.mark.parametrize("pair", [("ct/pa-13-155", "ct/pa-19-20"),
                                  ("ct/pa-13-155", "ca/sb54-2017")])
def test_an_example_is_held_by_a_jail_or_prison_wherever_its_region_allows_one(
        pair: tuple[str, str]) -> None:
    """The examples named whatever agency the solver gave (a judicial marshal in 27 of
    the CT-CA examples, probation where a county jail would do): a reader expects the
    jail or the prison, then the police, and an odd agency only where the region needs it."""
    from trustlaw.analysis.compare.examples import USUAL_AGENCIES

    statutes = (trustlaw.load(pair[0]), trustlaw.load(pair[1]))
    for region in trustlaw.compare(*statutes).regions:
        agency = region.example.get("agency")
        for tier in USUAL_AGENCIES:
            if agency is None or agency in tier:
                break
            for usual in tier:  # none of the tier would do
                case = {**region.example, "agency": usual}
                assert not (region.contains(case) and _shows(
                    attrs.evolve(region, example=case), statutes)), (region.summary, usual)


def test_the_protectiveness_cases_carry_the_same_facts() -> None:
    hold = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20").protectiveness["hold"]
    for case in (hold.a_only, hold.b_only):
        assert case is not None
        assert case["date"] == "2020-10-01" and case["person"]["age"] == 35
        assert case["request"]["kinds"] == ["hold"] and case["request"]["form"] == "I-247A"
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    assert a.decide(hold.a_only).outcomes["hold"] != "prohibited"
    assert b.decide(hold.a_only).outcomes["hold"] == "prohibited"
    assert b.decide(hold.b_only).outcomes["hold"] != "prohibited"
    assert a.decide(hold.b_only).outcomes["hold"] == "prohibited"


def test_the_usual_form_follows_the_date_and_the_kinds() -> None:
    from trustlaw.analysis.compare.periods import usual_form

    assert usual_form(dt.date(2014, 3, 1), ["hold"]) == "I-247"
    assert usual_form(dt.date(2016, 3, 1), ["hold"]) == "I-247D"
    assert usual_form(dt.date(2016, 3, 1), ["notification"]) == "I-247N"
    assert usual_form(dt.date(2016, 3, 1), ["transfer"]) == "I-247X"
    assert usual_form(dt.date(2016, 3, 1), ["hold", "notification"]) == "I-247D"
    assert usual_form(dt.date(2020, 3, 1), ["notification"]) == "I-247A"
    assert usual_form(dt.date(2020, 3, 1), ["interview"]) == "other"


def test_two_incomparable_actions_each_name_their_own_pair_of_regions() -> None:
    """NYC 2013 → 2014: hold and notification both "neither" were said on one line as
    "e.g. regions regions 3 (only A allows it) and 1 (only B) and regions 33 …"."""
    comparison = trustlaw.compare("nyc/ll21-22-2013", "nyc/ll58-59-2014")
    text = comparison.render()
    assert "regions regions" not in text
    for action in ("hold", "notification"):
        line = next(line for line in text.splitlines() if line.startswith(f"  {action}: neither"))
        found = re.search(r"e\.g\. regions (\d+) \(only A allows it\) and (\d+) \(only B\)(?:;|$)",
                          line)
        assert found is not None, line
        only_a, only_b = (comparison.regions[int(n) - 1] for n in found.groups())
        assert only_a.outcome == only_b.outcome == action
        assert only_a.b == "prohibited" and only_b.a == "prohibited"


LOOKBACK = """
statute "ct/pa-26-lookback-draft" {
  title "Draft: a ten-year look-back for the offenses added in 2025"
  jurisdiction "ct"
  citation "Draft amendment of Conn. Gen. Stat. § 54-192h(b)(1)(A)(ii)"
  status proposed
  introduced 2026-02-04
  amends "ct/pa-25-29"
}

definition convicted_of_added_offense {
  cites "Draft § 54-192h(b)(1)(A)(ii)"
  text "An added offense, judged within ten years before the detainer."
  means any c in convictions where c.vacated = false
    and c.pending_appeal = false
    and c.plea in {guilty, trial}
    and "ct.trust_act_offense" in c.tags
    and c.court = this_state
    and c.youthful_offender = false
    and c.date within 10 years before date
}
"""


def test_no_example_has_a_person_judged_before_being_born(tmp_path: Path) -> None:
    """A look-back draft's example was a conviction of 1980-02-29 in a case of 2027 for a
    person aged 35: judged twelve years before being born. A dated judgment now makes
    the person at least 18 then (14 for a youthful-offender judgment)."""
    from trustlaw.analysis.compare.examples import _age

    path = tmp_path / "lookback.law"
    path.write_text(LOOKBACK, encoding="utf-8")
    comparison = trustlaw.compare("ct/pa-25-29", path)
    dated = 0
    for region in comparison.regions:
        example = region.example
        day = dt.date.fromisoformat(example["date"])
        age = (example.get("person") or {}).get("age")
        for conviction in example.get("convictions") or []:
            if age is not None and "date" in conviction:
                dated += 1
                judged = dt.date.fromisoformat(conviction["date"])
                assert age - (day.year - judged.year) >= 18, (region.summary, example)
    assert dated
    day = dt.date(2027, 2, 4)
    assert _age({"convictions": [{"date": "1980-02-29"}]}, day) == 65
    assert _age({"convictions": [{"date": "2020-01-01", "youthful_offender": True}]},
                day) == 35
    assert _age({"convictions": [{"date": "2000-01-01", "youthful_offender": True}]},
                day) == 41
    assert _age({"convictions": [{"date": "1950-01-01"}]}, day) == 80


# ---- a change inside a long condition --------------------------------------------------------

STALE_CONVICTIONS = """\
statute "ct/stale-convictions-draft" {
  title "Draft: no hold on a conviction more than ten years old"
  jurisdiction "ct"
  citation "Draft amendment of Conn. Gen. Stat. § 54-192h(b)(1)(A)(ii)"
  status proposed
  introduced 2027-01-01
  amends "ct/pa-25-29"
  verification S
}

provision (b)(1)(A)(ii) except (b)(1)(A) {
  cites "Conn. Gen. Stat. § 54-192h(b)(1)(A)(ii), as the draft would amend it"
  text "The person has a qualifying conviction entered within ten years."
  hold permitted if any c in convictions where c.vacated = false
    and c.pending_appeal = false and c.plea in {guilty, trial} and c.level = felony
    and (c.felony_class in {A, B} or "ct.trust_act_offense" in c.tags)
    and c.court = this_state and c.youthful_offender = false
    and c.date within 10 years before date
}
"""


def test_a_summary_line_keeps_what_the_draft_adds_to_a_long_condition(tmp_path: Path) -> None:
    """The draft adds a ten-year look-back inside the conviction test: the one-line
    summary of the regions it forbids used to keep "judicial warrant, terrorist watchlist
    match" (in both laws) and hide the look-back behind "and 1 more"; it now shows the
    draft's own words, without the clauses the law already says."""
    draft = tmp_path / "stale.law"
    draft.write_text(STALE_CONVICTIONS, encoding="utf-8")
    comparison = trustlaw.compare("ct/pa-25-29", str(draft))
    summary = comparison.render().split("\nDetails\n")[0]
    hold = summary.split("\nhold (2 regions):\n")[1].split("\n\n")[0]
    lines = hold.splitlines()
    assert len(lines) == 2 and all("A permits, B prohibits" in line for line in lines)
    for line in lines:
        assert "none of: a felony conviction … that is dated within 10 years before the " \
               "case date" in line, line
    # the whole condition is still said in full in the details and the JSON
    (first, *_) = [r for r in comparison.regions if r.a == "permitted"]
    assert "that still stands" in first.summary and "within 10 years" in first.summary


def test_an_example_past_a_look_back_is_dated_a_year_past_it(tmp_path: Path) -> None:
    """Where a judgment must be more than ten years old, the example's was the solver's
    first day, 29 February 1980, for a person of 66: now it is eleven years before the
    example's case date, and the person is the usual 35."""
    draft = tmp_path / "stale.law"
    draft.write_text(STALE_CONVICTIONS, encoding="utf-8")
    comparison = trustlaw.compare("ct/pa-25-29", str(draft))
    forbidden = [r for r in comparison.regions if r.outcome == "hold" and r.determined]
    assert len(forbidden) == 2
    for region in forbidden:
        example = region.example
        case_day = dt.date.fromisoformat(example["date"])
        (conviction,) = example["convictions"]
        assert conviction["date"] == case_day.replace(year=case_day.year - 11).isoformat()
        assert example["person"]["age"] == 35


def test_a_new_duty_is_counted_in_the_caseload(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A drafter adding notice to counsel could count it only in a region's details; the
    caseload section said nothing of duties. It now gives the cases of each duty one law
    imposes where the other does not."""
    draft = tmp_path / "counsel.law"
    duty = """provision (h) {
  cites "Conn. Gen. Stat. § 54-192h(h), as the draft would add it"
  text "The Department of Correction notifies the person's attorney of any request."
  duty "notify-attorney" "Notify the person's attorney of the request."
    if agency = state_corrections
}

"""
    draft.write_text(STALE_CONVICTIONS.replace("provision (b)(1)(A)(ii) except",
                                               duty + "provision (b)(1)(A)(ii) except"),
                     encoding="utf-8")
    case = {"date": "2028-01-01", "request": {"kinds": ["hold"], "form": "I-247A"}}
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(json.dumps({**case, "agency": agency}) + "\n" for agency in (
        "state_corrections", "state_corrections", "state_corrections", "municipal_police")),
        encoding="utf-8")
    code, out, _ = run(capsys, "compare", "ct/pa-25-29", str(draft), "--cases", str(cases))
    assert code == 1  # the laws differ
    caseload = out[out.index("\nCaseload: "):]
    assert re.search(r"\n  duty notify-attorney: B imposes it where A does not in 3 cases "
                     r"\(region \d+\)\n", caseload), caseload
