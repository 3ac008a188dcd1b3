"""One statute → its Markdown page, read like an annotated code: provisions, readings, proofs.

For each provision: its label and citation, its verification level as a badge, its text,
when it applies in plain words (its conditions, and what it is an exception to), the
notes on readings that concern it, and the statute-language encoding (highlighted by
the statute lexer). Then the definitions, every note, the examples as a table of facts
and expected outcomes, and the invariants with the solver's results. Every string from
the statute file goes through `trustlaw.site.escape`.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import ir
from ..decisions.clauses import plain_condition_words
from ..decisions.words import Readings, name_words, value_meanings
from ..diagnostics import install_hint
from ..language import syntax
from ..library.statute import Statute
from ..lowering.examples import HEADER_DATES, NOTE_TOPICS
from ..testing.runner import describe
from .escape import (
    md_code,
    md_code_block,
    md_front_matter,
    md_link,
    md_paraphrase,
    md_prose,
    md_text,
)
from .facts import fact_lines
from .glance import law_in_short
from .words import (
    CASE_FORMAT_PAGE,
    GENERATED,
    PROPOSALS,
    STANDARD_WORDS,
    VERIFICATION,
    Sources,
    action_words,
    badge,
    case_format_anchor,
    date,
    definition_anchor,
    duty_words,
    encoding,
    example_table,
    hold_limit_words,
    jurisdiction,
    link,
    moment_words,
    page_path,
    provision_anchor,
    rel,
    status,
    statute_badge,
    statute_level,
)

_RELATION_WORDS = {
    "except": "an exception to",
    "notwithstanding": "prevails over",
    "subject_to": "yields to",
}


def statute_page(
    statute: Statute,
    known: Iterable[str] = (),
    compared: Sequence[tuple[str, str]] = (),
    results: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The Markdown page of one statute; `compared` lists its comparison pages as
    (title, path relative to docs/laws); `results` are the invariants' results by name
    (`invariant_results`), None when they were not checked."""
    known_ids = set(known)
    program = statute.program
    meta = program.meta
    source = Sources(program.path)
    out: list[str] = [
        *md_front_matter(meta.title),
        f"# {md_text(meta.title)}",
        "",
        GENERATED,
        "",
        f"{md_code(meta.id)} · {status(meta.status)} · {md_text(meta.citation)} · "
        + statute_badge(program),
        "",
    ]
    out += _standing(statute)
    out += [f"Check a case under this law in the [case checker]"
            f"({_site_page(program, 'checker.md')}?statute={meta.id}).", ""]
    terms = Terms(program, statute.vocabulary)  # once, for the summary, provisions, definitions
    out += law_in_short(program, terms.words, _site_page(program, "semantics.md"))
    out += _metadata(statute, known_ids)
    if compared:
        base = posixpath.dirname(page_path(meta.id))
        links = [f"[{md_text(title)}]({posixpath.relpath(path, base or '.')})"
                 for title, path in compared]
        out += ["Compared with other laws: " + "; ".join(links) + ".", ""]
    shown: dict[int, str] = {}  # the notes given in full so far, and under what
    out += _provisions(program, source, terms, shown)
    out += _definitions(program, source, terms, shown)
    out += _notes(program)
    out += _examples(program, statute.vocabulary)
    out += _invariants(program, source, results, statute.vocabulary)
    out += _for_developers(statute)
    return "\n".join(out)


def _for_developers(statute: Statute) -> list[str]:
    """Last on the page, for engineers: the statute loaded in Python and on the command
    line, and the digest a decision carries to name the text it was decided under."""
    meta = statute.meta
    out = ["## For developers { #using-this-statute }", "",
           f"Each decision under this law carries the digest of the statute file it was "
           f"decided under: {md_code(statute.digest)}.", ""]
    out += md_code_block([
        "import trustlaw",
        f"statute = trustlaw.load({json.dumps(meta.id)})",
        "decision = statute.decide(case)  # case: a dict in the case format",
        "print(decision.explain())",
    ], "python")
    out += [""]
    out += md_code_block([f"trustlaw decide {shlex.quote(meta.id)} case.json"], "sh")
    out += [""]
    return out


_FATE = {"vetoed": "it was vetoed",
         # a bill may pass in another form (the raised HB 6659 became PA 13-155 amended)
         "died": "it was not enacted in this form"}


def _standing(statute: Statute) -> list[str]:
    """An admonition when the statute is not law today."""
    meta = statute.meta
    if meta.status == "proposed":  # it may yet pass: not said never to have become law
        return ['!!! warning "Not law"',
                "    This bill is a proposal, not law. It is encoded to compare it with "
                "the law it would change.", ""]
    if meta.status in PROPOSALS:
        return ['!!! warning "Not law"',
                f"    This text never became law: {_FATE[meta.status]}. It is encoded to "
                "compare it with the law it would have changed.", ""]
    if meta.status == "model":
        return ['!!! warning "Not law"',
                "    This is a policy model, not a law: it is encoded to compare the laws "
                "with it.", ""]
    if meta.superseded is not None:
        return ['!!! info "No longer in force"',
                f"    In force {date(meta.in_force)} to {date(meta.superseded)}."
                + (f" How these dates were chosen: {chosen}."
                   if (chosen := _date_notes(statute.program)) else ""), ""]
    return []


_DATE_WORDS = {"introduced": "when it was introduced", "enacted": "when it was enacted",
               "in_force": "when it came into force", "superseded": "when it was superseded"}


def _date_notes(program: ir.Program) -> str:
    """Links to the notes on how the heading's dates were chosen (an assumed day, the
    earliest one possible), or '' when no note is about them."""
    return ", ".join(f"[{md_text(note.title)}](#note-{index})"
                     for index, note in enumerate(program.notes, start=1)
                     if any(target in HEADER_DATES for target in note.about))


def _metadata(statute: Statute, known: set[str]) -> list[str]:
    meta = statute.meta
    rows: list[tuple[str, str]] = [
        ("Id in trustlaw", md_code(meta.id)),
        ("Jurisdiction", jurisdiction(meta.jurisdiction)),
        ("Citation", md_text(meta.citation)),
        ("Status", status(meta.status)),
    ]
    for label, value in (
        ("Introduced", meta.introduced),
        ("Enacted", meta.enacted),
        ("In force", meta.in_force),
        ("Superseded", meta.superseded),
    ):
        if value is not None:
            rows.append((label, date(value)))
    chosen = _date_notes(statute.program)
    if chosen:
        rows.append(("How the dates were chosen", chosen))
    for label, ref in (("Replaces", meta.replaces), ("Amends", meta.amends)):
        if ref:
            target = f"[{md_code(ref)}]({link(meta.id, ref)})" if ref in known else md_code(ref)
            rows.append((label, target))
    level = statute_level(statute.program)
    words = VERIFICATION.get(level, (level, ""))[1]
    weakest = "its weakest provision is " if len(statute.program.provisions) > 1 else ""
    rows.append(("Verification", f"{statute_badge(statute.program)}: {weakest}{md_text(words)}"))
    # labelled lines, not a table: a table needs a header row, and a lawyer read
    # "Heading | Value" above the citation
    lines = ["## About this statute", ""]
    lines += [f"- **{label}:** {value}" for label, value in rows]
    lines.append("")
    if meta.sources:
        lines += ["Sources:", ""]
        lines += [f"- {md_link(url, url)}" for url in meta.sources]
        lines.append("")
    return lines


# ---- provisions ------------------------------------------------------------------------------


def _provisions(program: ir.Program, source: Sources, terms: Terms,
                shown: dict[int, str]) -> list[str]:
    lines = ["## Provisions", ""]
    if not program.provisions:
        return [*lines, "This statute has no provisions of its own.", ""]
    relations = _relations(program, source)
    for provision in program.provisions:
        anchor = provision_anchor(provision.label)
        lines += [f"### {md_text(provision.label)} {{ #{anchor} }}", ""]
        lines += [f"{badge(provision.verification)} **{md_text(provision.citation)}**", ""]
        if provision.editorial:
            lines += ["*The label above is this file's own name for a part of the law, not a "
                      "subsection the law numbers: cite the citation, not the label.*", ""]
        if provision.text:
            lines += [md_paraphrase(provision.text), ""]
        applies = applies_words(program, provision.label, relations, terms)
        if applies:
            lines += ["**In plain words:** " + applies, ""]
        lines += _notes_beside(program, provision.label, md_text(provision.label), shown)
        lines += encoding(source, provision.span)
    return lines


_LABEL = r"(?:[0-9][0-9A-Za-z.\-]*)?(?:\([A-Za-z0-9.]+\))+|[0-9][0-9A-Za-z.\-]*"
_HEADER = re.compile(rf"\s*provision\s+({_LABEL})((?:\s+(?:except|notwithstanding|subject\s+to)"
                     rf"\s+(?:{_LABEL}))*)\s*\{{")
_RELATION = re.compile(rf"(except|notwithstanding|subject\s+to)\s+({_LABEL})")


def _relations(program: ir.Program, source: Sources) -> dict[str, list[tuple[str, str]]]:
    """Provision label → its (relation kind, target label), read from the provision's
    header line in the file (``provision (b)(2) except (b) {``): the header is
    written on one line by `trustlaw fmt`; a header split over lines shows no relation."""
    found: dict[str, list[tuple[str, str]]] = {}
    for provision in program.provisions:
        span = provision.span
        lines = source.lines(span.file) if span is not None else None
        if span is None or lines is None or not 0 < span.line <= len(lines):
            continue
        header = _HEADER.match(lines[span.line - 1][span.column - 1:] if span.column else "")
        if header is None or header.group(1) != provision.label:
            continue
        found[provision.label] = [
            (re.sub(r"\s+", "_", kind), target)
            for kind, target in _RELATION.findall(header.group(2))
        ]
    return found


def applies_words(
    program: ir.Program, label: str, relations: Mapping[str, Sequence[tuple[str, str]]],
    terms: Terms,
) -> str:
    """When the provision applies, in plain words (Markdown): each conclusion with its
    condition (a part that is one of the statute's definitions written by its name,
    linked to it: `terms`, made once per statute), then how it ranks against other
    provisions."""
    parts: list[str] = []
    seen: set[str] = set()
    for rule in program.rules:
        if rule.provision != label:
            continue
        if rule.kind == "scope":
            bound = rule.condition.operand if isinstance(rule.condition, ir.Not) else None
            text = ("sets whom the law binds: only where " + terms.words(bound)
                    if bound is not None else
                    "sets whom the law binds: not where " + terms.words(rule.condition))
        else:
            text = md_text(f"{rule.outcome} {rule.modality}") + terms.when(rule.condition)
        if text not in seen:
            seen.add(text)
            parts.append(text)
    for duty in program.duties:
        if duty.provision == label:
            parts.append(f"imposes the duty {duty_words(duty)}" + terms.when(duty.condition))
    for limit in program.limits:
        if limit.provision == label:
            words = hold_limit_words(limit.hours, limit.excluding, limit.holidays)
            parts.append(f"a {md_text(limit.outcome)} lasts at most {words}"
                         + terms.when(limit.condition))
    ranks = [
        f"{_RELATION_WORDS.get(kind, kind)} [{md_text(target)}](#{provision_anchor(target)})"
        for kind, target in relations.get(label, ())
    ]
    excepted = [
        f"[{md_text(other)}](#{provision_anchor(other)})"
        for other, rels in relations.items()
        if any(kind == "except" and target == label for kind, target in rels)
    ]
    sentence = "; ".join(parts)
    if ranks:
        sentence += ("; " if sentence else "") + "; ".join(ranks)
    if excepted:
        sentence += ("; " if sentence else "") + "exceptions: " + ", ".join(excepted)
    return sentence + "." if sentence else ""


_PLACE = re.compile("\ue000([0-9]+)\ue001")  # where a definition's name goes
_VALUE = re.compile("\ue002([0-9]+)\ue003")  # where a value of a kind of fact goes


class Terms:
    """A statute's conditions in plain words (Markdown), each part that is the body of
    one of its definitions written by the definition's name and linked to it: a lawyer
    reads "convicted of a felony", and the definition spells it out once. Given the
    `vocabulary`, a value reads as it says ("a judicial or state marshal"), linked to
    the case format, which gives it as a case writes it (``court_marshal``)."""

    def __init__(self, program: ir.Program, vocabulary: ir.Vocabulary | None = None):
        from ..analysis.compare.atoms import canonical

        self._canonical = canonical
        self._names = {canonical(d.body): d.name for d in program.definitions if not d.params}
        self._case_format = _case_format(program)
        self._readings = Readings.of(program)  # "the person is listed in a gang database"
        # "a judicial or state marshal" for `court_marshal`
        self._meanings = value_meanings(vocabulary) if vocabulary is not None else {}

    def words(self, condition: ir.Expr, own: str | None = None) -> str:
        """`condition` in words; `own`: the definition being spelled out (never
        written by its own name)."""
        links: list[str] = []

        def named(part: ir.Expr) -> str | None:
            name = self._names.get(self._canonical(part)) if self._names else None
            if name is None or name == own:
                return None
            links.append(name)
            return f"\ue000{len(links) - 1}\ue001"

        values: list[tuple[Any, ir.EnumType]] = []

        def value(item: Any, kind: ir.EnumType) -> str:
            values.append((item, kind))
            return f"\ue002{len(values) - 1}\ue003"

        text = md_text(plain_condition_words(condition, named, value, self._readings))
        if text.count("\ue000") != len(links) or text.count("\ue002") != len(values):
            # a statute or vocabulary string holds a marker
            return md_text(plain_condition_words(condition, readings=self._readings))
        text = _PLACE.sub(lambda m: _definition_link(links[int(m.group(1))]), text)
        return _VALUE.sub(lambda m: self._value_link(*values[int(m.group(1))]), text)

    def _value_link(self, item: Any, kind: ir.EnumType) -> str:
        """A value in the vocabulary's words ("a judicial or state marshal"), as written
        where it has none that fit (``court_marshal``, ``hold``), linked to the case
        format's table of what each value of its kind means, which gives it as a case
        writes it."""
        anchor = case_format_anchor("values", kind.name)
        words = self._meanings.get((kind.name, item)) if isinstance(item, str) else None
        return f"[{md_text(words or item)}]({self._case_format}#{anchor})"

    def when(self, condition: ir.Expr) -> str:
        """`` when <condition>``, or nothing for a condition that always holds."""
        words = self.words(condition)
        return "" if words == "always" else " when " + words


def _case_format(program: ir.Program) -> str:
    """The case format page, relative to the statute's page."""
    return _site_page(program, CASE_FORMAT_PAGE)


def _site_page(program: ir.Program, page: str) -> str:
    """A page of the site (relative to docs/), relative to the statute's page."""
    here = posixpath.dirname(posixpath.join("laws", page_path(program.meta.id)))
    return posixpath.relpath(page, here)


def _definition_words(name: str) -> str:
    """A definition's name as words (plain text): ``pending_connecticut_charge_without_bond``
    reads "pending Connecticut charge without bond"."""
    return name_words(name.replace("_", " "))


def _definition_link(name: str) -> str:
    return f"[{md_text(_definition_words(name))}](#{definition_anchor(name)})"


def _notes_beside(program: ir.Program, target: str, named: str,
                  shown: dict[int, str]) -> list[str]:
    """The notes on readings about `target` (`named` in Markdown), shown beside it: in full
    (collapsed, with a link to the full list) the first time the page gives a note, then
    by its title alone, linked, saying where it was given, so a note about eight
    provisions is read once, not eight times."""
    lines: list[str] = []
    again: list[str] = []
    for index, note in enumerate(program.notes, start=1):
        if target not in note.about:
            continue
        if index in shown:
            again.append(f"[{md_text(note.title)}](#note-{index}) (given in full under "
                         f"{shown[index]})")
            continue
        shown[index] = named
        lines += [f'??? note "Reading: {md_text(note.title)}"', "",
                  f"    {md_prose(note.text)} ([all notes](#note-{index}))", ""]
    if again:
        lines += ["**Readings also about it:** " + "; ".join(again) + ".", ""]
    return lines


def _definitions(program: ir.Program, source: Sources, terms: Terms,
                 shown: dict[int, str]) -> list[str]:
    if not program.definitions:
        return []
    lines = ["## Definitions", ""]
    for definition in program.definitions:
        anchor = definition_anchor(definition.name)
        words = _definition_words(definition.name)
        # headed by its name in words; the name the encodings use follows, in small type
        lines += [f"### {md_text(words[:1].upper() + words[1:])} {{ #{anchor} }}", ""]
        named = f"<small>In the statute language: {md_code(definition.name)}</small>"
        cited = f"**{md_text(definition.citation)}** · " if definition.citation else ""
        lines += [cited + named, ""]
        if definition.text:
            lines += [md_paraphrase(definition.text), ""]
        lines += [f"**In plain words:** {terms.words(definition.body, definition.name)}.", ""]
        lines += _notes_beside(program, definition.name,
                               f"the definition of {md_text(words)}", shown)
        lines += encoding(source, definition.span)
    return lines


def _notes(program: ir.Program) -> list[str]:
    if not program.notes:
        return []
    lines = [
        "## Notes on the reading encoded",
        "",
        "Where the text is ambiguous, the statute file says which reading it encodes and why "
        "(the reading that never permits a hold another reading forbids).",
        "",
    ]
    if any(_TAG.search(note.text) for note in program.notes):
        sources = rel(posixpath.dirname(page_path(program.meta.id)), "sources.md")
        lines += ["A letter in brackets after a fact says how it was checked, as the badges "
                  "do: \\[V\\] against a primary or official text, \\[S\\] only against a "
                  "secondary source, \\[U\\] not verified (see [sources and verification]"
                  f"({sources})).", ""]
    labels = {p.label for p in program.provisions}
    names = {d.name for d in program.definitions}
    for index, note in enumerate(program.notes, start=1):
        lines += [f"### {md_text(note.title)} {{ #note-{index} }}", ""]
        if note.about:
            targets = [_target_link(t, labels, names) for t in note.about]
            lines += ["About " + ", ".join(targets) + ".", ""]
        lines += [md_prose(note.text), ""]
    return lines


# A verification tag in a note's text: "[V]", "[S: the agency's digest]", "[V AG page; …]".
_TAG = re.compile(r"\[[VSU](?:\]|[:;, ])")


def _target_link(target: str, labels: set[str], names: set[str]) -> str:
    if target in labels:
        return f"[{md_text(target)}](#{provision_anchor(target)})"
    if target in names:
        return _definition_link(target)
    if target in HEADER_DATES:  # a date of the heading, shown under "About this statute"
        return f"[{_DATE_WORDS[target]}](#about-this-statute)"
    if target in NOTE_TOPICS:  # an action or the hold's length, summed up under "In short"
        said = "the longest hold" if target == "longest_hold" else action_words(target).lower()
        return f"[{md_text(said)}](#in-short)"
    return md_code(target)


# ---- examples and invariants ---------------------------------------------------------------


def _examples(program: ir.Program, vocabulary: ir.Vocabulary) -> list[str]:
    if not program.examples:
        return []
    lines = [
        "## Examples",
        "",
        "Each example is a case and what the law decides for it; `trustlaw test` checks "
        f"every one. Each fact is in the words of the [case format]({_case_format(program)}), "
        "then its name and value in the case as code. A fact that is not listed is unknown.",
        "",
    ]
    duties = {d.id: d for d in program.duties}
    for example in program.examples:
        lines += [f"### {md_text(example.name)}", ""]
        if example.text:
            lines += [md_prose(example.text), ""]
        facts = "<br>".join(fact_lines(example.case, vocabulary)) or "(none)"
        expected = "<br>".join(f"{what}: {value}" for what, value in
                               (_expectation_cells(e, duties) for e in example.expectations))
        lines += example_table(["| Facts | → Outcomes |", "|---|---|",
                                f"| {facts} | {expected} |"])
    return lines


def _expectation_cells(
    expectation: object, duties: Mapping[str, ir.Duty] | None = None
) -> tuple[str, str]:
    """An expectation as (what is checked, the expected value), in the words a lawyer
    reads: a hold limit and a deadline in words, a duty by what it requires."""
    if isinstance(expectation, syntax.ExpectOutcome):
        return md_text(expectation.outcome), f"**{md_text(expectation.value)}**"
    if isinstance(expectation, syntax.ExpectGrounds):
        return f"{md_text(expectation.outcome)} grounds", ", ".join(
            f"[{md_text(label)}](#{provision_anchor(label)})" for label in expectation.labels
        )
    if isinstance(expectation, syntax.ExpectMaxHold):
        excluding = expectation.excluding
        return "longest hold", hold_limit_words(
            expectation.hours, excluding.days if excluding else (),
            (excluding.counting if excluding else None) or "actual",
        )
    if isinstance(expectation, syntax.ExpectDuty):
        verb = "applies" if expectation.present else "does not apply"
        duty = (duties or {}).get(expectation.id)
        return f"duty {duty_words(duty) if duty else md_code(expectation.id)}", verb
    if isinstance(expectation, syntax.ExpectDeadline):
        due = moment_words(expectation.release_at)
        return f"a hold ends (due for release {due})", moment_words(expectation.deadline)
    return "expectation", md_text(describe(expectation))


def _invariants(
    program: ir.Program, source: Sources, results: Mapping[str, Mapping[str, Any]] | None,
    vocabulary: ir.Vocabulary,
) -> list[str]:
    if not program.invariants:
        return []
    # headed in words ("invariant" is the statute language's word), its anchor kept
    lines = ["## Properties checked for every case { #invariants }", ""]
    if results is None:
        lines += ["Properties `trustlaw verify` proves for every possible case. **Not checked** "
                  "when this site was built: the solver (z3) was not installed "
                  f"({install_hint('smt')}).", ""]
    else:
        lines += ["Properties checked for every possible case (up to 3 convictions, charges "
                  "and warrants) by `trustlaw verify` when this site was built.", ""]
    for invariant in program.invariants:
        lines += [f"### {md_text(invariant.name)}", ""]
        if invariant.text:
            lines += [md_text(invariant.text), ""]
        if invariant.standard:
            meaning = STANDARD_WORDS.get(invariant.standard)
            lines += [f"One of trustlaw's standard checks ({md_code(invariant.standard)})"
                      + (f": {md_text(meaning)}." if meaning else "."), ""]
        if invariant.expect_violated:
            lines += ["**Expected to be violated**: the law does not guarantee this, and the "
                      "counterexample shows why.", ""]
        if results is not None:
            lines += _result(results.get(invariant.name), vocabulary)
        lines += encoding(source, invariant.span)
    return lines


def _result(result: Mapping[str, Any] | None, vocabulary: ir.Vocabulary) -> list[str]:
    """The solver's result; a counterexample is a case, told in the vocabulary's words as
    the examples are (a lawyer read a JSON dump), the JSON kept in a folded block."""
    if result is None:
        return ["**Result:** not checked.", ""]
    state = result["status"]
    if state == "proved":
        lines = ['!!! success "Proved"', "    It holds for every case."]
    elif state == "violated":
        kind = "info" if result.get("expected") else "failure"
        case = result.get("counterexample")
        facts = fact_lines(case, vocabulary) if isinstance(case, Mapping) else []
        lines = [f'!!! {kind} "Violated, with this counterexample"', "",
                 "    A case with these facts (a fact not listed is unknown):", "",
                 *[f"    - {fact}" for fact in facts or ["(none)"]]]
        outcomes = result.get("outcomes") or {}
        if outcomes:
            lines += ["", "    Decided: " + ", ".join(
                f"{md_text(k)} {md_text(v)}" for k, v in outcomes.items()) + "."]
        lines += ["", '    ??? example "The counterexample as code"', "",
                  *md_code_block(json.dumps(case, indent=2, ensure_ascii=False).splitlines(),
                                 "json", indent="        ")]
    else:
        lines = ['!!! warning "Not settled"',
                 f"    The solver could not settle it: {md_text(result.get('reason') or '')}"]
    return [*lines, ""]
