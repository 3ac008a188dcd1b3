"""A statute's page opens with the law in short: for each action what the law concludes and
when, in the order its provisions rank, each conclusion linked to its provision and marked
where its text is not verified; then the longest hold and the duties, said once under the
law's scope. Read by a lawyer before the provisions, so it must say what the decisions do."""

from __future__ import annotations

import json
import re

import attrs
import pytest

import trustlaw
from trustlaw import ir
from trustlaw.library.statute import Statute
from trustlaw.site import docgen
from trustlaw.site.glance import ACTIONS


def in_short(page: str) -> str:
    return page.split("## In short", 1)[1].split("\n## ", 1)[0]


def action_block(section: str, action: str) -> list[str]:
    """The steps (list items) under one action's heading."""
    block = section.split(f"({action})\n", 1)[1].split("\n**", 1)[0]
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


@pytest.fixture(scope="module")
def ct_2013() -> str:
    return docgen.statute_page(trustlaw.load("ct/pa-13-155"))


def test_the_summary_comes_before_the_details(ct_2013: str) -> None:
    assert (ct_2013.index("## In short") < ct_2013.index("## About this statute")
            < ct_2013.index("## Provisions"))


def test_connecticut_2013_in_short(ct_2013: str) -> None:
    section = in_short(ct_2013)
    assert "**Whom it binds:** only where the agency is [a state department of " \
        "correction]" in section
    # a county jail or sheriff named in a Connecticut case is the Department's or a marshal
    assert "[a county or city jail](../../reference/case-schema.md#values-agency)" in section
    first, second = action_block(section, "hold")
    assert first.startswith("Permitted when: [convicted of a felony]"
                            "(#definition-convicted_of_a_felony) ([(b)(1)](#provision-b-1)); or ")
    for label in ("b-2", "b-3", "b-4", "b-5", "b-6", "b-7"):
        assert f"(#provision-{label})" in first
    assert second == "Otherwise, prohibited ([(b)](#provision-b))."
    # (c) is read from the OLR analyses (verification S): its badge says so wherever cited
    badge = ('<span class="tl-badge tl-badge-s" title="checked only against a secondary '
             'source">secondary source</span>')
    assert action_block(section, "notification") == [f"Required ([(c)](#provision-c) {badge})."]
    assert action_block(section, "transfer") == [
        "The law says nothing of it, which leaves it to the agency (permitted)."]
    # the limit and the duties hold where the law binds, said once above, not again
    limit = section.split("**Longest hold**", 1)[1].split("\n\n", 2)[1]
    assert limit == ("- at most 48 hours, not counting Saturdays, Sundays and federal "
                     f"holidays (holidays on their calendar dates) ([(c)](#provision-c) {badge})")
    # a duty by what it requires, its id a small aside
    assert "- Tell the federal immigration authority at once whether the person will be " \
        f"detained or released. ([(c)](#provision-c) {badge}) <small>duty " \
        "`notify-ice-of-decision`</small>" in section
    assert "- When the request asks for a [hold]" in section


def test_an_exception_is_read_before_the_rule_it_overrides() -> None:
    """Cook County: the citizen rule outranks the reimbursement exception, which outranks
    the bar; each rank is one step, "otherwise" after the first."""
    section = in_short(docgen.statute_page(trustlaw.load("cook-county/11-o-73")))
    steps = action_block(section, "hold")
    assert [step.split(" ", 2)[:2] for step in steps] == [
        ["Prohibited", "when"], ["Otherwise,", "permitted"], ["Otherwise,", "prohibited"]]
    assert "United States citizen" in steps[0]
    assert "reimburses" in steps[1]


@pytest.mark.parametrize("statute_id", trustlaw.available())
def test_every_rule_is_in_its_actions_steps_in_rank_order(statute_id: str) -> None:
    program = trustlaw.load(statute_id).program
    page = docgen.statute_page(Statute(program))
    section = in_short(page)
    anchors = set(re.findall(r"\{ #(provision-[^ ]+) \}", page))
    for target in re.findall(r"\]\(#(provision-[^)]+)\)", section):
        assert target in anchors  # every link lands on a provision of the page
    for action in ACTIONS:
        rules = [r for r in program.rules if r.kind != "scope" and r.outcome == action]
        steps = action_block(section, action)
        ranks = sorted({r.priority for r in rules}, reverse=True)
        shown = []
        for rank in ranks:
            shown.append(rank)
            if any(r.condition == ir.TRUE for r in rules if r.priority == rank):
                break  # nothing below an unconditional rule is reached
        silent = not rules or (len(shown) == len(ranks) and not any(
            r.condition == ir.TRUE for r in rules if r.priority == shown[-1]))
        assert len(steps) == len(shown) + silent
        for step, rank in zip(steps, shown, strict=False):  # steps may end in silence
            modalities = {r.modality for r in rules if r.priority == rank}
            assert any(m in step.lower() for m in modalities)
        if silent:
            assert steps[-1].lower().endswith(
                "the law says nothing of it, which leaves it to the agency (permitted).")


def test_a_provision_not_checked_against_official_text_is_marked() -> None:
    section = in_short(docgen.statute_page(trustlaw.load("ct/hb7211-raised-2025")))
    (notification,) = action_block(section, "notification")
    assert notification == (
        'Prohibited ([(b)(1)(B)](#provision-b-1-B) <span class="tl-badge tl-badge-u" '
        'title="not verified; a working hypothesis">unverified</span>).')


def test_hostile_labels_and_texts_stay_inert_in_the_summary() -> None:
    program = trustlaw.load("ct/pa-13-155").program
    hostile = "(<img src=x onerror=alert(1)>)"
    provisions = tuple(attrs.evolve(p, label=hostile) if p.label == "(b)(1)" else p
                       for p in program.provisions)
    rules = tuple(attrs.evolve(r, provision=hostile) if r.provision == "(b)(1)" else r
                  for r in program.rules)
    duties = tuple(attrs.evolve(d, text="*x* <script>alert(3)</script>")
                   for d in program.duties)
    section = in_short(docgen.statute_page(Statute(attrs.evolve(
        program, provisions=provisions, rules=rules, duties=duties))))
    assert "<img" not in section and "<script" not in section
    assert "[(&lt;img src=x onerror=alert(1)&gt;)]" in section
    assert ": \\*x\\* &lt;script&gt;alert(3)&lt;/script&gt; ([(c)](#provision-c) <span" in section


def test_each_action_is_named_as_the_case_checker_and_the_matrix_name_it(ct_2013: str) -> None:
    """One set of words for the actions: the summary's headings are the case checker's
    (`decide_json`'s "actions") and the matrix page's, not words of their own ("Holding
    …" beside "Keeping the person past release")."""
    from trustlaw.site.browser import decide_json

    section = in_short(ct_2013)
    checker = json.loads(decide_json(json.dumps(
        {"statute": "ct/pa-13-155", "case": {"date": "2015-03-02"}})))["actions"]
    assert checker["hold"] == "Keeping the person past release"
    for action in ACTIONS:
        assert f"**{checker[action]}** ({action})\n" in section
    assert "Holding" not in section


def test_a_rule_that_always_applies_is_said_first_and_its_peers_after_it() -> None:
    """CT 2019: (b)(1)(A) bars a hold outright and (b)(1)(C) bars one on an immigration
    warrant, at the same rank; the bar is said once, (b)(1)(C) as saying it too, not as
    a second, redundant "or prohibited when …"."""
    section = in_short(docgen.statute_page(trustlaw.load("ct/pa-19-20")))
    steps = action_block(section, "hold")
    assert steps[1].startswith("Otherwise, prohibited ([(b)(1)(A)](#provision-b-1-A)), as "
                               "[(b)(1)(C)](#provision-b-1-C) also says when there is [a "
                               "civil immigration warrant]")
    assert "or prohibited" not in steps[1]
