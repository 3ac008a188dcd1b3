"""Statute pairs and the library → comparison pages, the protectiveness matrix and the timeline.

A comparison page is rendered from `Comparison.to_dict()` (CASES.md section 4): first
what changed, in plain words (the determined regions), then which statute is more
protective for each action, the regions that differ only where a fact is unknown, and
each region in detail (its deciding provisions, an example case, the condition in the
statute language: shown on the page up to `SHOWN_CONDITION` characters, longer ones in a
text file beside it, `condition_files`, so that no page runs to megabytes). The matrix
page shows `matrix().to_dict()`: protectiveness of every pair and the order it induces,
as Mermaid diagrams. The timeline shows which version of each jurisdiction's law was in
force when.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..analysis.compare.model import limit_texts, limit_words
from ..analysis.compare.render import EDITORIAL_MARK
from ..analysis.compare.render import LONGEST_CONDITION as SHOWN_CONDITION
from ..dates import day_words
from ..decisions.words import name_words
from ..diagnostics import CaseError, install_hint
from ..library.statute import Statute
from .escape import md_code, md_code_block, md_front_matter, md_text
from .facts import fact_lines, fact_name
from .words import (
    COMPARISONS_DIR,
    GENERATED,
    LAWS_DIR,
    PROPOSALS,
    action_words,
    chronological,
    duty_words,
    jurisdiction,
    provision_anchor,
    rel,
    span_words,
    stacked,
    status,
)
from .words import page_path as statute_path

#: Pairs compared across jurisdictions (CT 2013, California AB 4, New York City 2014),
#: besides each version chain (`replaces`) and each proposal.
CROSS_COMPARISONS: tuple[tuple[str, str], ...] = (
    ("ct/pa-13-155", "ca/ab4-2013"),
    ("ct/pa-13-155", "nyc/ll58-59-2014"),
    ("ca/ab4-2013", "nyc/ll58-59-2014"),
)
#: The law that applies where no state or local law limits detainers.
BASELINE = "us/detainer-regulation"

_SUBJECT_NOUN = {"hold": "a hold", "notification": "notifying the immigration authority",
                 "transfer": "a transfer", "interview": "an interview",
                 "max_hold": "the hold limit the law itself states"}

#: Under "What changed" when the hold limits differ: the comparison reads each law's own
#: limit, while every decision also applies the request's and the regulation's.
HOLD_LIMIT_NOTE = [
    '!!! note "Hold limits compared here"',
    "    The hold limits on this page are the ones each law itself states. A decision "
    "also ends every hold at the request's own limit (48 hours "
    "beyond release on Forms I-247A and I-247D) and at the federal regulation's 48 hours "
    "not counting Saturdays, Sundays and holidays (8 C.F.R. § 287.7(d)), whichever ends "
    "first, so no law here allows a hold without end: see [A hold never outlasts the "
    "request](../../semantics.md#a-hold-never-outlasts-the-request).",
    "",
]


def comparison_pairs(statutes: Sequence[Statute]) -> list[tuple[Statute, Statute]]:
    """The pairs to compare among `statutes`: each statute and the one it `replaces`
    (every step of a version chain, oldest first), each proposal and the law it would
    have changed (`changed_law`), then `CROSS_COMPARISONS`; no pair twice."""
    by_id = {s.id: s for s in statutes}
    ordered = sorted(statutes, key=lambda s: (s.meta.jurisdiction, chronological(s)))
    pairs: list[tuple[str, str]] = [
        (s.meta.replaces, s.id) for s in ordered if s.meta.replaces in by_id
    ]
    for statute in ordered:
        if statute.meta.status in PROPOSALS:
            target = changed_law(statute, statutes)
            if target is not None:
                pairs.append((target.id, statute.id))
    pairs += [(a, b) for a, b in CROSS_COMPARISONS if a in by_id and b in by_id]
    unique = list(dict.fromkeys(pairs))
    return [(by_id[a], by_id[b]) for a, b in unique]


def changed_law(proposal: Statute, statutes: Sequence[Statute]) -> Statute | None:
    """The law a proposal would have changed: the one it amends or replaces, else its
    jurisdiction's law in force when it was introduced (the latest enacted version when
    its date is unknown), else the federal baseline."""
    by_id = {s.id: s for s in statutes}
    meta = proposal.meta
    for ref in (meta.amends, meta.replaces):
        if ref and ref in by_id:
            return by_id[ref]
    laws = [s for s in statutes if s.meta.jurisdiction == meta.jurisdiction
            and s.id != proposal.id and s.meta.in_force is not None]
    day = meta.introduced
    if day is not None:
        laws = [s for s in laws if s.meta.in_force and s.meta.in_force <= day
                and (s.meta.superseded is None or day < s.meta.superseded)]
    if laws:
        return max(laws, key=chronological)
    baseline = by_id.get(BASELINE)
    return baseline if baseline is not None and baseline.id != proposal.id else None


def comparison_path(a_id: str, b_id: str) -> str:
    """The page comparing two statutes, relative to docs/laws."""
    return f"{COMPARISONS_DIR}/{_pair_name(a_id, b_id)}.md"


def condition_link(a_id: str, b_id: str, number: int) -> str:
    """The text file of region `number`'s condition, relative to its comparison page's
    source (in a folder named after the page, beside it)."""
    return f"{_pair_name(a_id, b_id)}/region-{number}-condition.txt"


def condition_path(a_id: str, b_id: str, number: int) -> str:
    """The text file of region `number`'s condition, relative to docs/laws."""
    return f"{COMPARISONS_DIR}/{condition_link(a_id, b_id, number)}"


def condition_files(a: Statute, b: Statute, data: Mapping[str, Any] | None) -> dict[str, str]:
    """The conditions too long for `comparison_page`, each a text file, by path under
    docs/laws. A page shows a condition of up to `SHOWN_CONDITION` characters, the most
    `trustlaw compare` prints; some, where facts may be unknown, run to tens of
    thousands, more than anyone reads on a page."""
    if data is None:
        return {}
    return {condition_path(a.id, b.id, number): region["condition"] + "\n"
            for number, region in enumerate(data["regions"], start=1)
            if len(region["condition"]) > SHOWN_CONDITION}


def _pair_name(a_id: str, b_id: str) -> str:
    return f"{a_id.replace('/', '-')}--{b_id.replace('/', '-')}"


def verdict_words(data: Mapping[str, Any] | None) -> str:
    """One line for the index: how many kinds of difference, or alike."""
    if data is None:
        return "not compared (the solver was not installed)"
    if data["equivalent"]:
        return "decide every case alike"
    regions = data["regions"]
    determined = sum(1 for r in regions if r["determined"])
    text = f"{determined} change{'' if determined == 1 else 's'}"
    if len(regions) > determined:
        text += f", {len(regions) - determined} only where a fact is unknown"
    if data["unsettled"]:
        text += ", some questions not settled"
    return text


class _Words:
    """How a comparison page words what two statutes decide: a duty by what it requires
    (the law's text, not its id) and a hold limit as a lawyer reads it, never in the
    statute language (``excluding saturday, …``)."""

    def __init__(self, a: Statute, b: Statute):
        self._duties = {d.id: d for s in (b, a) for d in s.program.duties}
        self._limits = {limit_words(None): "none stated",
                        **limit_texts(a.program, b.program)}
        # the longest first, so that "48 hours" never cuts "48 hours excluding …" short
        keys = sorted(self._limits, key=len, reverse=True)
        self._limit_pattern = re.compile("|".join(re.escape(k) for k in keys))

    def subject(self, outcome: str) -> str:
        if outcome.startswith("duty:"):
            duty = outcome.removeprefix("duty:")
            found = self._duties.get(duty)
            return f"the duty {duty_words(found) if found else md_code(duty)}"
        return md_text(_SUBJECT_NOUN.get(outcome, outcome))

    def value(self, outcome: str, value: str) -> str:
        """A region's result on one side, in words (a limit the statutes do not state
        is shown as the comparison gave it)."""
        if outcome == "max_hold":
            return md_text(self._limits.get(value, value))
        return md_text(value)

    def summary(self, region: Mapping[str, Any]) -> str:
        """The region's summary, the hold limits it names in words and the names built
        from identifiers as a lawyer writes them ("Connecticut", "DOC")."""
        text = str(region["summary"])
        if region["outcome"] == "max_hold":
            text = self._limit_pattern.sub(lambda m: self._limits[m.group()], text)
        return md_text(name_words(text))


def comparison_title(a: Statute, b: Statute) -> str:
    """A comparison's title as plain text: the ids, which name the page everywhere, then
    the laws' own titles, which a lawyer knows them by."""
    return f"{a.id} → {b.id}: {a.meta.title} → {b.meta.title}"


def _protective(verdict: str, a: str, b: str) -> str:
    return {
        "a": f"{md_code(a)} (it allows this in fewer cases)",
        "b": f"{md_code(b)} (it allows this in fewer cases)",
        "equivalent": "neither: they allow it in the same cases",
        "incomparable": "neither: each allows it in some case the other forbids",
        "unknown": "not settled by the solver",
    }.get(verdict, md_text(verdict))


def comparison_page(a: Statute, b: Statute, data: Mapping[str, Any] | None) -> str:
    """The Markdown page of one comparison (`data` is `Comparison.to_dict()`)."""
    here = COMPARISONS_DIR
    out = [
        *md_front_matter(comparison_title(a, b)),
        f"# {md_code(a.id)} → {md_code(b.id)}: {md_text(a.meta.title)} → "
        f"{md_text(b.meta.title)}",
        "",
        GENERATED,
        "",
        f"How [{md_text(b.meta.title)}]({rel(here, statute_path(b.id))}) "
        f"({_cited(b)}; {span_words(b)}) decides cases differently from "
        f"[{md_text(a.meta.title)}]({rel(here, statute_path(a.id))}) "
        f"({_cited(a)}; {span_words(a)})"
        + (", which it replaces." if b.meta.replaces == a.id else "."),
        "",
    ]
    if data is None:
        return "\n".join([*out, "**Not compared**: the solver (z3) was not installed when "
                          f"this site was built ({install_hint('smt')}).", ""])
    ida, idb = a.id, b.id
    out += [
        "Each difference below is a kind of case, described by the facts it turns on, "
        "with an example case; the two laws were checked to decide every case of that kind "
        "as shown, and together the differences cover every case the two laws decide "
        f"differently (every case with at most {data['bound']} convictions, charges and "
        "warrants, any fact possibly unknown). Found by "
        f"{md_code(f'trustlaw compare {ida} {idb}')} ({data['questions']} questions put "
        "to the z3 solver); see [Comparing statutes]"
        f"({rel(LAWS_DIR + '/' + here, 'comparisons.md')}).",
        "",
    ]
    if data["equivalent"]:
        return "\n".join([*out, "**The two statutes decide every such case alike.**", ""])
    numbered = list(enumerate(data["regions"], start=1))
    words = _Words(a, b)
    out += ["## What changed", ""]
    if any(r["outcome"] == "max_hold" for r in data["regions"]):
        out += HOLD_LIMIT_NOTE
    changed = [(n, r) for n, r in numbered if r["determined"]]
    if not changed:
        out += ["Nothing, once every fact is known.", ""]
    for number, region in changed:
        out.append(f"- {_sentence(ida, idb, region, words)} [Details](#region-{number})")
    out += ["", "## Which is more protective", "",
            "| Action | More protective of the person |", "|---|---|"]
    out += [f"| {md_text(action)} | {_protective(verdict, ida, idb)} |"
            for action, verdict in data["protectiveness"].items()]
    out.append("")
    out += _protective_examples(a, b, data.get("protectiveness_examples") or {})
    unknown = [(n, r) for n, r in numbered if not r["determined"]]
    if unknown:
        out += ["## Only where a fact is unknown", "",
                "These cases differ only because a fact is not known; once it is, both laws "
                "agree or one of the changes above applies.", ""]
        out += [f"- {_sentence(ida, idb, r, words)} [Details](#region-{n})"
                for n, r in unknown]
        out.append("")
    out += ["## Details", ""]
    for number, region in numbered:
        out += _region_section(a, b, region, number, words)
    if data["unsettled"]:
        out += ["## Questions the solver could not settle", "",
                "The solver gave up on these; a difference of this kind may or may not exist.",
                ""]
        out += [f"- {md_text(u['outcome'])} {md_text(u['a'])} → {md_text(u['b'])}: "
                f"{md_text(u['reason'])}" for u in data["unsettled"]]
        out.append("")
    return "\n".join(out)


def _cited(statute: Statute) -> str:
    """The law's citation and then its id, as a lawyer looks it up and as trustlaw loads
    it: "Conn. Pub. Act 13-155; `ct/pa-13-155`"."""
    cited = statute.meta.citation
    return f"{md_text(cited)}; {md_code(statute.id)}" if cited else md_code(statute.id)


def _sentence(a: str, b: str, region: Mapping[str, Any], words: _Words) -> str:
    """``Under `b`, a hold is **permitted** where `a` made it **prohibited**: when …``."""
    outcome = region["outcome"]
    subject = words.subject(outcome)
    if outcome.startswith("duty:"):
        imposer = b if region["b"] == "imposed" else a
        other = a if imposer == b else b
        head = f"{md_code(imposer)} imposes {subject} where {md_code(other)} does not"
    else:
        head = (f"Under {md_code(b)}, {subject} is **{words.value(outcome, region['b'])}** "
                f"where under {md_code(a)} it is **{words.value(outcome, region['a'])}**")
    return f"{head}: when {words.summary(region)}."


def _region_section(
    a: Statute, b: Statute, region: Mapping[str, Any], number: int, words: _Words
) -> list[str]:
    outcome = region["outcome"]
    subject = words.subject(outcome)
    was, now = words.value(outcome, region["a"]), words.value(outcome, region["b"])
    out = [
        f"### {subject}: {was} → {now} {{ #region-{number} }}",
        "",
        f"When: {words.summary(region)}.",
        "",
        f"| | {md_code(a.id)} | {md_code(b.id)} |",
        "|---|---|---|",
        f"| {subject} | **{was}** | **{now}** |",
        f"| deciding provisions | {_provisions_cell(a, region, 'a')} "
        f"| {_provisions_cell(b, region, 'b')} |",
    ]
    if region.get("unknown_facts"):
        out.append("| facts unknown here | " + "<br>".join(
            fact_name(f, a.vocabulary) for f in region["unknown_facts"]) + " | |")
    out += ["", "**For example**, a case with these facts (a fact not listed is unknown):", "",
            *_facts_list(region["example"], a)]
    case = json.dumps(region["example"], indent=2, ensure_ascii=False).splitlines()
    out += ["", "??? example \"The example case as code (paste into an example's `given`)\"", "",
            *md_code_block(case, "json", indent="    "), "",
            "??? note \"The condition, in the statute language\"", ""]
    condition = region["condition"]
    if len(condition) <= SHOWN_CONDITION:
        return [*out, *md_code_block([condition], "law", indent="    "), ""]
    return [*out, f"    It is {len(condition):,} characters long, too long to show here: "
            f"[read it as a text file]({condition_link(a.id, b.id, number)}).", ""]


def _facts_list(case: Mapping[str, Any], statute: Statute, indent: str = "") -> list[str]:
    """A case's facts as a Markdown list, each in the vocabulary's words, then its path
    and value as code (`fact_lines`)."""
    return [f"{indent}- {line}" for line in fact_lines(case, statute.vocabulary)] or [
        f"{indent}- (no facts: every fact is unknown)"]


def _protective_examples(a: Statute, b: Statute, examples: Mapping[str, Any]) -> list[str]:
    """For each action where one law allows it in a case the other forbids, that case:
    its facts in words and what each law decides for it (decided here, so the page shows
    what `trustlaw decide` says)."""
    out: list[str] = []
    for action, found in examples.items():
        for key, allows, forbids in (("a_allows_b_forbids", a, b),
                                     ("b_allows_a_forbids", b, a)):
            case = (found or {}).get(key)
            if not case:
                continue
            noun = md_text(_SUBJECT_NOUN.get(action, action))
            out += [f'??? example "A case where {md_code(allows.id)} allows {noun} and '
                    f'{md_code(forbids.id)} does not"', ""]
            decided = [_decided(statute, case, action) for statute in (a, b)]
            if all(decided):
                out += [f"    Under {md_code(a.id)}: **{decided[0]}**; under "
                        f"{md_code(b.id)}: **{decided[1]}**. The facts (a fact not listed "
                        "is unknown):", ""]
            out += [*_facts_list(case, a, indent="    "), ""]
    return out


def _decided(statute: Statute, case: Mapping[str, Any], action: str) -> str | None:
    """What `statute` decides for `action` in `case`, as `trustlaw decide` says it; None
    when it gives no decision."""
    try:
        return md_text(statute.decide(dict(case)).outcomes[action])
    except CaseError:  # a case the comparison built that the statute will not decide
        return None


def _provisions_cell(statute: Statute, region: Mapping[str, Any], side: str) -> str:
    """One side's deciding provisions, each linked to the statute's page, then those that
    could decide instead once an unknown fact is known (the region's `open_grounds`)."""
    known = {p.label for p in statute.program.provisions}
    editorial = {p.label for p in statute.program.provisions if p.editorial}

    def linked(labels: Sequence[str]) -> list[str]:
        parts = []
        for label in labels:
            bare = label.removesuffix(" (does not bind)")
            text = md_text(label)
            if bare in known:
                text = f"[{text}]({rel(COMPARISONS_DIR, statute_path(statute.id))}" \
                       f"#{provision_anchor(bare)})"
            if bare in editorial:  # the file's own label, not a subsection: never a citation
                text += md_text(EDITORIAL_MARK)
            parts.append(text)
        return parts

    cell = "; ".join(linked(region["grounds"][side])) or "–"
    opened = linked(region.get("open_grounds", {}).get(side, ()))
    if opened:
        cell += "; or, depending on unknown facts, " + (
            opened[0] if len(opened) == 1 else f"{'; '.join(opened[:-1])} or {opened[-1]}")
    return cell


# ---- the matrix and the timeline ------------------------------------------------------------

_SYMBOL = {"a": "more", "b": "less", "equivalent": "=", "incomparable": "×", "unknown": "?"}


def _node(label: str, index: int) -> str:
    """A Mermaid node label: the statute id, reduced to characters Mermaid shows as such."""
    safe = re.sub(r"[^A-Za-z0-9/._ -]", "", label)
    return safe or f"statute {index + 1}"


def _anchor(action: str) -> str:
    """An action's heading's anchor, as the theme made it from the action's name."""
    return re.sub(r"[^a-z0-9_-]+", "-", action.lower()).strip("-") or "action"


def _order_words(info: Mapping[str, Any], labels: Sequence[str]) -> list[str]:
    """One action's order in words, a law a line, for the reader the diagram fails: on a
    phone it is shrunk to the screen's width, two dozen laws in four-pixel type, and the
    stylesheet shows this list alone (``.tl-order``); elsewhere it stands above the drawing."""
    members = {group[0]: list(group) for group in info["equivalent"]}

    def named(x: str) -> str:
        return " = ".join(f"[{md_code(y)}]({statute_path(y)})" for y in members.get(x, [x]))

    below: dict[str, list[str]] = {}
    for x, y in info["order"]:
        below.setdefault(x, []).append(y)
    arrowed = {x for pair in info["order"] for x in pair}
    grouped = {x for group in info["equivalent"] for x in group[1:]}
    lines = ["In words: each law, then the laws it is the next more protective than (it is "
             "also more protective than every law they are); laws joined by = allow it in "
             "the same cases.", ""]
    lines += [f"- {named(x)} {'protect' if x in members else 'protects'} more than "
              + ", ".join(named(y) for y in below[x]) + "." for x in labels if x in below]
    alone = [x for x in labels if x not in arrowed and x not in grouped]
    if alone:
        lines.append("- Neither more nor less protective than any other law: "
                     + ", ".join(named(x) for x in alone) + ".")
    return ['<div class="tl-order" markdown>', "", *lines, "", "</div>", ""]


def matrix_page(statutes: Sequence[Statute], data: Mapping[str, Any] | None) -> str:
    """The protectiveness matrix of the library and, per action, its order as a diagram."""
    out = ["# Which law protects more", "", GENERATED, ""]
    if data is None:
        return "\n".join([*out, "**Not computed**: the solver (z3) was not installed when "
                          f"this site was built ({install_hint('smt')}).", ""])
    labels = list(data["statutes"])
    out += [
        "For each action, one law is **more protective** of the person than another when "
        "every case in which it allows the action is one in which the other does too, and "
        "the other allows it in some case where it does not. Computed by "
        f"`trustlaw matrix` over every well-formed case (lists up to {data['bound']} "
        "elements); an undetermined outcome counts as possibly allowing the action.",
        "",
        "For each action, a list says the order in words; on a wider screen than a "
        "phone's a diagram under it draws the same order, an arrow leading from a more "
        "protective law to a less protective one (arrows implied by two others are left "
        "out), laws that allow the action in exactly the same cases sharing a box. Laws "
        "with no arrow between them are incomparable: each allows the action in some case "
        "the other forbids.",
        "",
        "Statutes: " + "; ".join(f"{n}. [{md_code(x)}]({statute_path(x)})"
                                 for n, x in enumerate(labels, start=1)) + ".",
        "",
    ]
    index = {x: i for i, x in enumerate(labels)}
    for action, info in data["actions"].items():
        # left to right: a level of many incomparable laws stacks down the page, where
        # top-down it lined them up across a drawing scaled to the page's width, too small
        # to read (the hold's was 96 pixels high)
        # headed by what the action is, as the statute pages' summaries are; the anchor kept
        said = action_words(action)
        heading = f"{md_text(said)} ({md_text(action)})" if said != action \
            else md_text(action)
        out += [f"## {heading} {{ #{_anchor(action)} }}", "", *_order_words(info, labels)]
        out += ["```mermaid", "graph LR"]
        grouped = {x for group in info["equivalent"] for x in group[1:]}
        for group in info["equivalent"]:
            members = " = ".join(_node(x, index[x]) for x in group)
            out.append(f'  s{index[group[0]]}["{members}"]')
        for x in labels:
            if x not in grouped and not any(x == g[0] for g in info["equivalent"]):
                out.append(f'  s{index[x]}["{_node(x, index[x])}"]')
        out += [f"  s{index[x]} --> s{index[y]}" for x, y in info["order"]]
        out += ["```", ""]
        verdicts = {(p["a"], p["b"]): p["verdict"] for p in info["pairs"]}
        # (.tl-matrix: narrow columns, the row's law kept in view when scrolled sideways)
        out += ["??? info tl-matrix \"The matrix: is the row's law more or less protective "
                "than the column's?\"", "",
                "    | | " + " | ".join(str(n) for n in range(1, len(labels) + 1)) + " |",
                "    |---" * 1 + "|---" * len(labels) + "|"]
        for i, x in enumerate(labels):
            cells = []
            for j, y in enumerate(labels):
                if i == j:
                    cells.append("")
                    continue
                verdict = verdicts.get((x, y))
                if verdict is None:
                    flipped = verdicts.get((y, x), "unknown")
                    verdict = {"a": "b", "b": "a"}.get(flipped, flipped)
                cells.append(_SYMBOL.get(verdict, "?"))
            out.append(f"    | {i + 1}. {md_code(x)} | " + " | ".join(cells) + " |")
        out += ["", "    *more*: the row's law allows it in fewer cases; *less*: in more; "
                "=: the same cases; ×: incomparable; ?: not settled.", ""]
    return "\n".join(out)


def timeline_page(statutes: Sequence[Statute], today: _dt.date | None = None) -> str:
    """Which version of each jurisdiction's law was in force when: a table per
    jurisdiction and a Mermaid timeline."""
    today = today or _dt.date.today()
    out = ["# Which law was in force when", "", GENERATED, "",
           "For each jurisdiction, the versions of its law from the oldest: the day each came "
           "into force and the day it was superseded (\"today\" if it still is in force), "
           "then a chart of the years each was in force. Bills that never became law are "
           "listed with the day they were introduced.", "",
           "Given a jurisdiction, the case checker applies the version in force on the day "
           "chosen (the case's date unless another is chosen); in Python, "
           "`trustlaw.load(\"<jurisdiction>\", on=date(...))` picks it the same way.", ""]
    groups: dict[str, list[Statute]] = {}
    for statute in statutes:
        groups.setdefault(statute.meta.jurisdiction, []).append(statute)
    for code, group in sorted(groups.items()):
        group.sort(key=chronological)
        out += [f"## {jurisdiction(code)}", ""]
        table = ["| Version | Status | In force from | Until |", "|---|---|---|---|"]
        bars: list[str] = []
        spans: list[tuple[_dt.date, _dt.date]] = []
        for statute in group:
            meta = statute.meta
            start = meta.in_force
            until = day_words(meta.superseded) if meta.superseded else (
                "today" if start else "–")
            if start is None:
                introduced = day_words(meta.introduced) if meta.introduced else "–"
                shown = f"never (introduced {introduced})"
            else:
                shown = day_words(start)
            table.append(f"| [{md_code(statute.id)}]({statute_path(statute.id)}) "
                         f"| {status(meta.status)} | {shown} | {until} |")
            if start is not None:
                end = max(meta.superseded or today, start + _dt.timedelta(days=1))
                spans.append((start, end))
                bars.append(f"    {_node(statute.id, 0)} : {start.isoformat()}, "
                            f"{end.isoformat()}")
        out += stacked(table)
        if bars:
            out += ["```mermaid", "gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %Y",
                    *_year_ticks(spans),
                    f"    section {re.sub(r'[^a-z0-9-]', '', code) or 'law'}", *bars, "```", ""]
    return "\n".join(out)


def _year_ticks(spans: Sequence[tuple[_dt.date, _dt.date]]) -> list[str]:
    """A tick on each 1 January for a chart of less than ten years. Left to itself Mermaid
    ticks such a chart every month or quarter, and labels each tick with its year
    (``axisFormat %Y``): "2013 2013 2013 … 2014", a dozen labels that ran together. Over
    ten years or more its own ticks fall a year or more apart, one label a year."""
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    return ["    tickInterval 12month"] if (last - first).days < 10 * 365 else []
