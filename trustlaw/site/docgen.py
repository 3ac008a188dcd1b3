"""Bundled statutes → Markdown pages for the documentation site (docs/laws/, docs/schema/).

One page per statute (``docs/laws/<jurisdiction>/<name>.md``): its metadata, every
provision with its citation, text and the statute-language source that encodes it,
the definitions, the notes on readings of ambiguous text (with the open question
they answer), the examples as tables of facts and expectations, and the invariants.
``docs/laws/comparisons/<a>--<b>.md`` shows where each version of a law decides
cases differently from the one it replaces (and a few cross-jurisdiction pairs), with
an example of each kind of difference; ``docs/laws/index.md`` lists every statute by
jurisdiction and links the comparisons, and
``docs/schema/case.schema.json`` is the case format's JSON Schema. `trustlaw docs build`
writes these before running mkdocs; the pages are generated, never edited by hand.
Every string from a statute file reaches a page through `trustlaw.site.escape`, so it is
shown as text and never becomes markup, a link or an include.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import posixpath
import re
import shlex
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import ir
from ..decisions.decision import Decision
from ..diagnostics import Span
from ..language import syntax
from ..library.statute import Statute
from ..testing.runner import describe
from .escape import md_code, md_code_block, md_front_matter, md_link, md_quote, md_text

if TYPE_CHECKING:
    from ..analysis.comparison import Comparison, Difference

LAWS_DIR = "laws"
SCHEMA_FILE = "schema/case.schema.json"

_STATUS_WORDS = {
    "enacted": "Enacted",
    "proposed": "Proposed",
    "vetoed": "Vetoed",
    "died": "Died (not enacted)",
    "repealed": "Repealed",
    "superseded": "Superseded",
    "model": "Policy model",
}

_VERIFICATION_WORDS = {
    "V": "checked against a primary or official text",
    "S": "checked only against a secondary source",
    "U": "not verified; a working hypothesis",
}

_STANDARD_WORDS = {
    "no_hold_on_detainer_alone": "where the law binds, a request with nothing else against the "
    "person never makes a hold permitted or required",
    "hold_within_clock": "whenever a hold is permitted or required, some time limit applies",
    "monotone_in_criminal_history": "adding a conviction, charge or warrant never takes away a "
    "permitted hold",
    "monotone_in_judicial_warrant": "a judicial warrant never takes away a permitted hold",
}

_JURISDICTION_NAMES = {
    "us": "United States (federal)",
    "ct": "Connecticut",
    "ca": "California",
    "nyc": "New York City",
    "cook-county": "Cook County, Illinois",
    "santa-clara": "Santa Clara County, California",
    "tx": "Texas",
    "fl": "Florida",
}


def generate(
    docs_dir: str | os.PathLike[str], statutes: Iterable[Statute] | None = None
) -> list[Path]:
    """Write docs/laws/<id>.md for every bundled statute (or the given ones), a
    comparison page per version step and per chosen cross-jurisdiction pair
    (docs/laws/comparisons/), and docs/laws/index.md, replacing earlier generated
    pages; return the files written."""
    if statutes is None:
        from ..library.loader import bundled_index, load_path

        statutes = [load_path(path) for path in bundled_index().values()]
    chosen = sorted(statutes, key=lambda s: s.id)
    laws = Path(docs_dir) / LAWS_DIR
    if laws.exists():
        shutil.rmtree(laws)
    written: list[Path] = []
    known = {s.id for s in chosen}
    pairs = comparison_pairs(chosen)
    compared: dict[str, list[tuple[str, str]]] = {}
    for a, b in pairs:
        link = (f"{a.id} → {b.id}", comparison_path(a.id, b.id))
        compared.setdefault(a.id, []).append(link)
        compared.setdefault(b.id, []).append(link)
    for statute in chosen:
        target = laws / page_path(statute.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        page = statute_page(statute, known, compared.get(statute.id, ()))
        target.write_text(page, encoding="utf-8")
        written.append(target)
    comparisons = [cached_comparison(a, b) for a, b in pairs]
    for comparison in comparisons:
        target = laws / comparison_path(comparison.a.id, comparison.b.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(comparison_page(comparison), encoding="utf-8")
        written.append(target)
    index = laws / "index.md"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(index_page(chosen, comparisons), encoding="utf-8")
    written.append(index)
    written.append(write_case_schema(Path(docs_dir) / SCHEMA_FILE))
    return written


def write_case_schema(target: Path) -> Path:
    """Write the JSON Schema of the case format (the docs include it)."""
    from ..cases.validation import json_schema
    from ..lowering.vocabulary import default_vocabulary

    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(json_schema(default_vocabulary()), indent=2, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def page_path(statute_id: str) -> str:
    """The page of a statute, relative to docs/laws (``ct/pa-13-155.md``)."""
    return f"{statute_id}.md"


def _link(from_id: str | None, to_id: str) -> str:
    """A relative link from one statute page (or the index, `from_id` None) to another."""
    base = posixpath.dirname(page_path(from_id)) if from_id else ""
    return posixpath.relpath(page_path(to_id), base or ".")


# ---- the index ---------------------------------------------------------------------------


def index_page(statutes: Sequence[Statute], comparisons: Sequence[Comparison] = ()) -> str:
    """docs/laws/index.md: every bundled statute, grouped by jurisdiction, then the
    comparison pages."""
    lines = [
        "# The statute library",
        "",
        "<!-- generated by `trustlaw docs build`; do not edit -->",
        "",
        "Every statute bundled with trustlaw, by jurisdiction. Load one with",
        '`trustlaw.load("<id>")` or `trustlaw decide <id> case.json`; load the version in',
        'force on a day with `trustlaw.load("<jurisdiction>", on=date(...))`.',
        "",
    ]
    by_jurisdiction: dict[str, list[Statute]] = {}
    for statute in statutes:
        by_jurisdiction.setdefault(statute.id.split("/", 1)[0], []).append(statute)
    for jurisdiction, group in sorted(by_jurisdiction.items()):
        lines += [f"## {_jurisdiction(jurisdiction)}", ""]
        lines += ["| Statute | Title | Status | In force | Until |", "|---|---|---|---|---|"]
        for statute in sorted(group, key=_chronological):
            meta = statute.meta
            lines.append(
                f"| [{md_code(statute.id)}]({_link(None, statute.id)}) | {md_text(meta.title)} "
                f"| {_status(meta.status)} | {_date(meta.in_force)} "
                f"| {_date(meta.superseded)} |"
            )
        lines.append("")
    if comparisons:
        lines += [
            "## Comparisons { #comparisons }",
            "",
            "Where one version of a law decides cases differently from another, found by "
            "`trustlaw compare` with a concrete example of each kind of difference (see "
            f"[Comparing statutes]({posixpath.relpath('comparisons.md', LAWS_DIR)})).",
            "",
            "| Comparison | Result |",
            "|---|---|",
        ]
        for comparison in comparisons:
            a, b = comparison.a.id, comparison.b.id
            lines.append(
                f"| [{md_code(a)} → {md_code(b)}]({comparison_path(a, b)}) "
                f"| {_verdict(comparison)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _chronological(statute: Statute) -> tuple[_dt.date, str]:
    meta = statute.meta
    return (meta.in_force or meta.introduced or _dt.date.max, statute.id)


# ---- one statute ----------------------------------------------------------------------------


def statute_page(
    statute: Statute, known: Iterable[str] = (), compared: Sequence[tuple[str, str]] = ()
) -> str:
    """The Markdown page of one statute; `compared` lists its comparison pages as
    (title, path relative to docs/laws)."""
    known_ids = set(known)
    program = statute.program
    meta = program.meta
    source = _Sources(program.path)
    out: list[str] = [
        *md_front_matter(meta.title),
        f"# {md_text(meta.title)}",
        "",
        "<!-- generated by `trustlaw docs build` from the statute file; do not edit -->",
        "",
        f"{md_code(meta.id)} · {_status(meta.status)} · {md_text(meta.citation)}",
        "",
    ]
    out += _metadata(statute, known_ids)
    if compared:
        base = posixpath.dirname(page_path(meta.id))
        links = [f"[{md_text(title)}]({posixpath.relpath(path, base or '.')})"
                 for title, path in compared]
        out += ["Comparisons: " + "; ".join(links) + ".", ""]
    out += _provisions(program, source)
    out += _definitions(program, source)
    out += _notes(program)
    out += _examples(program)
    out += _invariants(program, source)
    out += ["## Using this statute", ""]
    out += md_code_block([
        "import trustlaw",
        f"statute = trustlaw.load({json.dumps(meta.id)})",
        "decision = statute.decide(case)  # case: a dict in the case format",
        "print(decision.explain())",
    ], "python")
    out += [""]
    out += md_code_block([f"trustlaw decide {shlex.quote(meta.id)} case.json"], "sh")
    out += [""]
    return "\n".join(out)


def _metadata(statute: Statute, known: set[str]) -> list[str]:
    meta = statute.meta
    rows: list[tuple[str, str]] = [
        ("Id", md_code(meta.id)),
        ("Jurisdiction", _jurisdiction(meta.jurisdiction)),
        ("Citation", md_text(meta.citation)),
        ("Status", _status(meta.status)),
    ]
    for label, value in (
        ("Introduced", meta.introduced),
        ("Enacted", meta.enacted),
        ("In force", meta.in_force),
        ("Superseded", meta.superseded),
    ):
        if value is not None:
            rows.append((label, value.isoformat()))
    for label, ref in (("Replaces", meta.replaces), ("Amends", meta.amends)):
        if ref:
            target = f"[{md_code(ref)}]({_link(meta.id, ref)})" if ref in known else md_code(ref)
            rows.append((label, target))
    rows.append((
        "Verification",
        md_text(f"{meta.verification}: {_VERIFICATION_WORDS.get(meta.verification, '')}"),
    ))
    rows.append(("Digest", md_code(statute.digest)))
    lines = ["## About this statute", "", "| | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines.append("")
    if meta.sources:
        lines += ["Sources:", ""]
        lines += [f"- {md_link(url, url)}" for url in meta.sources]
        lines.append("")
    return lines


def _provisions(program: ir.Program, source: _Sources) -> list[str]:
    lines = ["## Provisions", ""]
    if not program.provisions:
        return [*lines, "This statute has no provisions of its own.", ""]
    for provision in program.provisions:
        anchor = provision_anchor(provision.label)
        lines += [f"### {md_text(provision.label)} {{ #{anchor} }}", ""]
        lines += [f"**{md_text(provision.citation)}**", ""]
        if provision.text:
            lines += [md_quote(provision.text), ""]
        conclusions = _conclusions(program, provision.label)
        if conclusions:
            lines += ["Concludes: " + "; ".join(map(md_text, conclusions)) + ".", ""]
        lines += _note_links(program, provision.label)
        if provision.verification != "V":
            words = _VERIFICATION_WORDS.get(provision.verification, "")
            lines += [
                f'!!! warning "Verification {md_text(provision.verification)}"',
                f"    The text of this provision was {md_text(words)}.",
                "",
            ]
        lines += _encoding(source, provision.span)
    return lines


def provision_anchor(label: str) -> str:
    """The page anchor of a provision: ``(b)(1)`` → ``provision-b-1``."""
    return "provision-" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "x")


def definition_anchor(name: str) -> str:
    """The page anchor of a definition: ``definition-<name>``."""
    return "definition-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "x")


def _note_links(program: ir.Program, target: str) -> list[str]:
    links = [
        f"[{md_text(note.title)}](#note-{index})"
        for index, note in enumerate(program.notes, start=1)
        if target in note.about
    ]
    return ["Notes: " + "; ".join(links) + ".", ""] if links else []


def _conclusions(program: ir.Program, label: str) -> list[str]:
    found: list[str] = []
    for rule in program.rules:
        if rule.provision == label and rule.kind == "provision":
            text = f"{rule.outcome} {rule.modality}"
            if text not in found:
                found.append(text)
    for duty in program.duties:
        if duty.provision == label:
            found.append(f'duty "{duty.id}"')
    for limit in program.limits:
        if limit.provision == label:
            text = f"{limit.outcome} at most {limit.hours} hours"
            if limit.excluding:
                text += " excluding " + ", ".join(limit.excluding)
                if "federal_holiday" in limit.excluding:
                    text += f" (holidays counted {limit.holidays})"
            found.append(text)
    if any(r.provision == label and r.kind == "scope" for r in program.rules):
        found.append("whom the law binds")
    return found


def _definitions(program: ir.Program, source: _Sources) -> list[str]:
    if not program.definitions:
        return []
    lines = ["## Definitions", ""]
    for definition in program.definitions:
        anchor = definition_anchor(definition.name)
        lines += [f"### {md_code(definition.name)} {{ #{anchor} }}", ""]
        if definition.citation:
            lines += [f"**{md_text(definition.citation)}**", ""]
        if definition.text:
            lines += [md_quote(definition.text), ""]
        lines += _note_links(program, definition.name)
        lines += _encoding(source, definition.span)
    return lines


def _notes(program: ir.Program) -> list[str]:
    if not program.notes:
        return []
    lines = [
        "## Notes on the reading encoded",
        "",
        "Where the text is ambiguous, the statute file says which reading it encodes and why.",
        "",
    ]
    labels = {p.label for p in program.provisions}
    names = {d.name for d in program.definitions}
    for index, note in enumerate(program.notes, start=1):
        lines += [f"### {md_text(note.title)} {{ #note-{index} }}", ""]
        details: list[str] = []
        if note.about:
            targets = [_target_link(t, labels, names) for t in note.about]
            details.append("About " + ", ".join(targets) + ".")
        if note.question is not None:
            details.append(f"Answers open question {note.question} of the legal reference.")
        if details:
            lines += [" ".join(details), ""]
        lines += [md_text(note.text), ""]
    return lines


def _target_link(target: str, labels: set[str], names: set[str]) -> str:
    if target in labels:
        return f"[{md_text(target)}](#{provision_anchor(target)})"
    if target in names:
        return f"[{md_code(target)}](#{definition_anchor(target)})"
    return md_code(target)


def _examples(program: ir.Program) -> list[str]:
    if not program.examples:
        return []
    lines = [
        "## Examples",
        "",
        "Each example is run by `trustlaw test` and by `pytest statutes/`. A fact that is "
        "not listed is unknown.",
        "",
    ]
    for example in program.examples:
        lines += [f"### {md_text(example.name)}", ""]
        if example.text:
            lines += [md_text(example.text), ""]
        facts = _flatten(example.case)
        lines += ["| Fact | Value |", "|---|---|"]
        lines += [f"| {md_code(path)} | {md_code(value)} |" for path, value in facts] or [
            "| (none) | |"
        ]
        lines += ["", "| Expected | |", "|---|---|"]
        lines += [f"| {what} | {value} |" for what, value in map(_expectation_cells,
                                                                 example.expectations)]
        lines.append("")
    return lines


def _expectation_cells(expectation: object) -> tuple[str, str]:
    """An expectation as (what is checked, the expected value) for a table."""
    if isinstance(expectation, syntax.ExpectOutcome):
        return md_text(expectation.outcome), f"**{md_text(expectation.value)}**"
    if isinstance(expectation, syntax.ExpectGrounds):
        return f"{md_text(expectation.outcome)}: grounds", ", ".join(
            f"[{md_text(label)}](#{provision_anchor(label)})" for label in expectation.labels
        )
    if isinstance(expectation, syntax.ExpectMaxHold):
        return "longest hold", md_text(describe(expectation).removeprefix("expect max_hold "))
    if isinstance(expectation, syntax.ExpectDuty):
        verb = "applies" if expectation.present else "does not apply"
        return f'duty "{md_text(expectation.id)}"', verb
    if isinstance(expectation, syntax.ExpectDeadline):
        release = expectation.release_at.isoformat(timespec="minutes")
        return f"hold deadline, released {release}", expectation.deadline.isoformat(
            timespec="minutes"
        )
    return "expectation", md_text(describe(expectation))


def _invariants(program: ir.Program, source: _Sources) -> list[str]:
    if not program.invariants:
        return []
    lines = [
        "## Invariants",
        "",
        "Properties proved for every possible case by `trustlaw verify` (z3).",
        "",
    ]
    for invariant in program.invariants:
        lines += [f"### {md_text(invariant.name)}", ""]
        if invariant.text:
            lines += [md_text(invariant.text), ""]
        if invariant.standard:
            meaning = _STANDARD_WORDS.get(invariant.standard)
            lines += [
                f"Standard invariant {md_code(invariant.standard)}"
                + (f": {md_text(meaning)}." if meaning else "."),
                "",
            ]
        if invariant.expect_violated:
            lines += [
                "**Expected to be violated**: the law does not guarantee this, and the "
                "counterexample shows why.",
                "",
            ]
        lines += _encoding(source, invariant.span)
    return lines


# ---- comparisons ------------------------------------------------------------------------------

COMPARISONS_DIR = "comparisons"
#: Pairs compared across jurisdictions, besides each version chain (`replaces`).
CROSS_COMPARISONS: tuple[tuple[str, str], ...] = (("ct/pa-13-155", "ca/ab4-2013"),)

_COMPARISONS: dict[tuple[str, str, str], Comparison] = {}


def comparison_pairs(statutes: Sequence[Statute]) -> list[tuple[Statute, Statute]]:
    """The pairs to compare among `statutes`: each statute and the one it `replaces`
    (every step of a version chain, oldest first), then `CROSS_COMPARISONS`."""
    by_id = {s.id: s for s in statutes}
    pairs = [
        (by_id[s.meta.replaces], s)
        for s in sorted(statutes, key=lambda s: (s.meta.jurisdiction, _chronological(s)))
        if s.meta.replaces in by_id
    ]
    pairs += [(by_id[a], by_id[b]) for a, b in CROSS_COMPARISONS if a in by_id and b in by_id]
    return pairs


def cached_comparison(a: Statute, b: Statute) -> Comparison:
    """`comparison.compare(a, b)`, computed once per pair of statute texts (digests) and
    vocabulary, so a build (or a test run building twice) asks the solver only once."""
    from ..analysis.comparison import compare

    key = (a.digest, b.digest, a.vocabulary.digest)
    found = _COMPARISONS.get(key)
    if found is None:
        found = _COMPARISONS[key] = compare(a, b)
    return found


def comparison_path(a_id: str, b_id: str) -> str:
    """The page comparing two statutes, relative to docs/laws
    (``comparisons/ct-pa-13-155--ct-pa-19-20.md``)."""
    return f"{COMPARISONS_DIR}/{a_id.replace('/', '-')}--{b_id.replace('/', '-')}.md"


def _verdict(comparison: Comparison) -> str:
    count = len(comparison.differences)
    if comparison.status == "equivalent":
        return "decide every case alike"
    if comparison.status == "unknown":
        return "no difference found; the solver could not settle every question"
    return f"{count} kind{'' if count == 1 else 's'} of difference"


def comparison_page(comparison: Comparison) -> str:
    """The Markdown page of one comparison: a table of the kinds of difference, then
    each with its examples (both decisions' grounds, linked to the provisions, and the
    case to paste)."""
    a, b = comparison.a, comparison.b
    here = COMPARISONS_DIR
    out = [
        f"# {md_code(a.id)} → {md_code(b.id)}",
        "",
        "<!-- generated by `trustlaw docs build` from the statute files; do not edit -->",
        "",
        f"How [{md_text(b.meta.title)}]({_rel(here, b.id)}) ({md_code(b.id)}, {_span_words(b)}) "
        f"decides cases differently from [{md_text(a.meta.title)}]({_rel(here, a.id)}) "
        f"({md_code(a.id)}, {_span_words(a)})"
        + (", which it replaces." if b.meta.replaces == a.id else "."),
        "",
        f"Found by {md_code(f'trustlaw compare {a.id} {b.id}')}: the solver was asked about every "
        "well-formed case, any fact possibly unknown, with at most "
        f"{comparison.bound} convictions, charges and warrants each "
        f"({comparison.queries} questions). Each example is shrunk to the facts that "
        "matter (a fact left out is unknown) and decided again by the reference "
        "interpreter under both laws. See [Comparing statutes]"
        f"({posixpath.relpath('comparisons.md', posixpath.join(LAWS_DIR, here))}).",
        "",
    ]
    if comparison.equivalent:
        return "\n".join([*out, "**The two statutes decide every such case alike.**", ""])
    if comparison.differences:
        out += [
            f"| What | {md_code(a.id)} | {md_code(b.id)} | Examples |",
            "|---|---|---|---|",
        ]
        for number, difference in enumerate(comparison.differences, start=1):
            count = str(len(difference.examples)) + ("" if difference.complete else "+")
            out.append(
                f"| {_subject(difference)} | {md_text(_side_words(difference, 'a'))} "
                f"| {md_text(_side_words(difference, 'b'))} | [{count}](#difference-{number}) |"
            )
        out.append("")
    for number, difference in enumerate(comparison.differences, start=1):
        out += _difference_section(comparison, difference, number)
    if comparison.unknown:
        out += [
            "## Questions the solver could not settle",
            "",
            "The solver gave up on these; a difference of this kind may or may not exist.",
            "",
        ]
        for difference in comparison.unknown:
            out += [
                f"- {md_text(difference.headline(a.id, b.id))}: {md_text(difference.reason or '')}",
            ]
        out.append("")
    return "\n".join(out)


def _difference_section(comparison: Comparison, difference: Difference, number: int) -> list[str]:
    a, b = comparison.a, comparison.b
    if difference.aspect == "duty":
        imposer, other = (a.id, b.id) if difference.a == "imposed" else (b.id, a.id)
        sentence = f"{md_code(imposer)} imposes the duty where {md_code(other)} does not."
    else:
        sentence = md_text(difference.headline(a.id, b.id)) + "."
    out = [
        f"## {_heading(difference)} {{ #difference-{number} }}",
        "",
        sentence,
        "",
    ]
    for index, example in enumerate(difference.examples, start=1):
        out += [f"**Example {index}.** {md_text(example.summary)}.", ""]
        out += [f"| | {md_code(a.id)} | {md_code(b.id)} |", "|---|---|---|"]
        out += _example_rows(difference, example)
        out += ["", "??? example \"The case (paste into an example's `given`)\"", ""]
        case = json.dumps(example.case, indent=2, ensure_ascii=False)
        out += [*md_code_block(case.splitlines(), "json", indent="    "), ""]
    if not difference.complete:
        why = f" ({md_text(difference.reason)})" if difference.reason else ""
        out += [f"There may be further cases of this kind with other grounds{why}.", ""]
    return out


def _example_rows(difference: Difference, example: Any) -> list[str]:
    from ..analysis.comparison import describe_limit

    first, second = example.a, example.b
    if difference.aspect == "outcome":
        outcome = difference.subject
        rows = [
            f"| {md_text(outcome)} | **{md_text(first.outcomes[outcome])}** "
            f"| **{md_text(second.outcomes[outcome])}** |",
            f"| grounds | {_grounds_cell(first, outcome)} | {_grounds_cell(second, outcome)} |",
        ]
        if outcome in first.depends_on or outcome in second.depends_on:
            rows.append(
                f"| depends on | {_facts_cell(first, outcome)} | {_facts_cell(second, outcome)} |"
            )
        return rows
    if difference.aspect == "max_hold":
        def limit(decision: Decision) -> str:
            hold = decision.max_hold
            if hold is None:
                return "none"
            return md_text(describe_limit(hold) + (f" ({hold.citation})" if hold.citation else ""))

        return [
            f"| hold | {md_text(first.outcomes['hold'])} | {md_text(second.outcomes['hold'])} |",
            f"| longest hold | **{limit(first)}** | **{limit(second)}** |",
        ]

    def duty(decision: Decision) -> str:
        for found in decision.duties:
            if found.id == difference.subject:
                return f"**imposed**: {md_text(found.citation)}: {md_text(found.text)}"
        return "**not imposed**"

    return [f'| duty "{md_text(difference.subject)}" | {duty(first)} | {duty(second)} |']


def _grounds_cell(decision: Decision, outcome: str) -> str:
    """The grounds with links to the provisions; in an undetermined outcome, the
    provisions whose conditions are unknown are marked so."""
    provisions = {p.label for p in decision.program.provisions}
    evaluation = decision.evaluation
    opened = set(evaluation.open_rules.get(outcome, ()))
    ids = evaluation.deciding.get(outcome, ())
    parts = []
    for index, ground in enumerate(decision.grounds[outcome]):
        if ground.provision is None:
            parts.append(f"silent: {md_text(ground.text)}")
            continue
        label = md_text(ground.provision)
        if ground.provision in provisions:
            target = f"{_rel(COMPARISONS_DIR, decision.statute)}"
            label = f"[{label}]({target}#{provision_anchor(ground.provision)})"
        unknown = " (unknown)" if index < len(ids) and ids[index] in opened else ""
        parts.append(f"{label}{unknown} {md_text(ground.citation)}")
    return "; ".join(parts)


def _facts_cell(decision: Decision, outcome: str) -> str:
    facts = decision.depends_on.get(outcome, ())
    return ", ".join(md_code(f) for f in facts) or "–"


def _subject(difference: Difference) -> str:
    if difference.aspect == "duty":
        return f'duty "{md_text(difference.subject)}"'
    return "longest hold" if difference.aspect == "max_hold" else md_text(difference.subject)


def _side_words(difference: Difference, side: str) -> str:
    value = difference.a if side == "a" else difference.b
    if difference.aspect == "max_hold":
        return "no limit" if value == "none" else value
    return value


def _heading(difference: Difference) -> str:
    a_words, b_words = _side_words(difference, "a"), _side_words(difference, "b")
    return f"{_subject(difference)}: {md_text(a_words)} → {md_text(b_words)}"


def _span_words(statute: Statute) -> str:
    meta = statute.meta
    status = _status(meta.status).lower()
    if meta.in_force is None:
        return status
    until = f" to {meta.superseded.isoformat()}" if meta.superseded else ""
    return f"{status}, in force {meta.in_force.isoformat()}{until}"


def _rel(from_dir: str, statute_id: str) -> str:
    """A link from a page in docs/laws/`from_dir` to a statute's page."""
    return posixpath.relpath(page_path(statute_id), from_dir)


# ---- helpers -------------------------------------------------------------------------------


class _Sources:
    """The text of the files spans point into (an amending statute's provisions may
    come from the statute it amends), each read once."""

    def __init__(self, main: str) -> None:
        self.main = main
        self._texts: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path not in self._texts:
            try:
                self._texts[path] = Path(path).read_text(encoding="utf-8").splitlines()
            except (OSError, ValueError):
                self._texts[path] = None
        return self._texts[path]


def _encoding(source: _Sources, span: Span | None) -> list[str]:
    """The statute-language text at `span`, as a collapsed code block."""
    lines = source.lines(span.file) if span is not None else None
    if span is None or lines is None:
        return []
    chunk = lines[span.line - 1 : span.end_line]
    if not chunk:
        return []
    indent = min((len(x) - len(x.lstrip()) for x in chunk if x.strip()), default=0)
    block = [x[indent:] for x in chunk]
    title = "Encoding in the statute language"
    if span.file != source.main:
        title += f" (from {Path(span.file).name})"
    return [
        f'??? example "{md_text(title)}"',
        "",
        *md_code_block(block, "text", indent="    "),
        "",
    ]


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Facts of a case as (path, JSON value) rows; empty lists and objects kept as such."""
    if isinstance(value, Mapping) and value:
        rows: list[tuple[str, str]] = []
        for key, child in value.items():
            rows += _flatten(child, f"{prefix}.{key}" if prefix else str(key))
        return rows
    if isinstance(value, list) and value and any(isinstance(v, Mapping) for v in value):
        rows = []
        for index, child in enumerate(value):
            rows += _flatten(child, f"{prefix}[{index}]")
        return rows
    return [(prefix, json.dumps(value, ensure_ascii=False))]


def _date(value: Any) -> str:
    return value.isoformat() if value is not None else "–"


def _status(status: str) -> str:
    """A statute's status in words (escaped: an unknown status is shown as written)."""
    return md_text(_STATUS_WORDS.get(status, status))


def _jurisdiction(code: str) -> str:
    """A jurisdiction's name in words (escaped: an unknown code is shown as written)."""
    return md_text(_JURISDICTION_NAMES.get(code, code))
