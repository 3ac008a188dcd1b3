"""What every generated page shares: words for statuses and verification, paths, anchors."""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import ir
from ..dates import day_words
from ..decisions.explain import ACTIONS, hold_limit_text
from ..diagnostics import Span
from ..library.statute import Statute
from ..lowering.meta import VERIFICATIONS
from .escape import html_attr, html_text, md_code, md_code_block, md_text

LAWS_DIR = "laws"
COMPARISONS_DIR = "comparisons"
SCHEMA_FILE = "schema/case.schema.json"
GENERATED = "<!-- generated from the statute files when the site is built; do not edit -->"

STATUS_WORDS = {
    "enacted": "Enacted",
    "proposed": "Proposed",
    "vetoed": "Vetoed",
    "died": "Not enacted in this form",
    "repealed": "Repealed",
    "superseded": "Superseded",
    "model": "Policy model",
}
#: Statuses of a bill that never became law.
PROPOSALS = frozenset({"proposed", "vetoed", "died"})

#: Verification level → (badge text, what it means).
VERIFICATION = {
    "V": ("verified text", "checked against a primary or official text"),
    "S": ("secondary source", "checked only against a secondary source"),
    "U": ("unverified", "not verified; a working hypothesis"),
}

STANDARD_WORDS = {
    "no_hold_on_detainer_alone": "where the law binds, a request with nothing else against the "
    "person never makes a hold permitted or required",
    "hold_within_clock": "whenever a hold is permitted or required, some time limit applies",
    "monotone_in_criminal_history": "adding a conviction, charge or warrant never takes away a "
    "permitted hold",
    "monotone_in_judicial_warrant": "a judicial warrant never takes away a permitted hold",
}

JURISDICTION_NAMES = {
    "us": "United States (federal)",
    "ct": "Connecticut",
    "ca": "California",
    "nyc": "New York City",
    "cook-county": "Cook County, Illinois",
    "santa-clara": "Santa Clara County, California",
    "tx": "Texas",
    "fl": "Florida",
    "dc": "District of Columbia",
    "bernalillo-county": "Bernalillo County, New Mexico",
    "dona-ana-county": "Doña Ana County, New Mexico",
    "new-haven": "New Haven, Connecticut",
    "miami-dade": "Miami-Dade County, Florida",
}


def status(code: str) -> str:
    return md_text(STATUS_WORDS.get(code, code))


def jurisdiction(code: str) -> str:
    return md_text(JURISDICTION_NAMES.get(code, code))


def date(value: Any) -> str:
    """A day as the site says it, "October 1, 2019" (`day_words`), or a dash for none."""
    return day_words(value) if value is not None else "–"


def hold_limit_words(hours: int | None, excluding: Sequence[str] = (),
                     holidays: str | None = "actual") -> str:
    """`hold_limit_text` as Markdown text."""
    return md_text(hold_limit_text(hours, excluding, holidays))


def action_words(kind: str) -> str:
    """An action as a lawyer reads it, as a heading starts it ("Keeping the person past
    release"): the words `trustlaw explain` uses (`trustlaw.decisions.explain.ACTIONS`),
    so the statute pages, the matrix and the case checker name an action alike; the name
    itself where there are no words for it."""
    said = ACTIONS.get(kind)
    return said[:1].upper() + said[1:] if said else kind


def duty_words(duty: ir.Duty) -> str:
    """A duty by what it requires (its text, quoted), then its id, as `explain` shows
    it: a lawyer reads what the agency must do, the id is what a decision lists."""
    if not duty.text.strip():
        return md_code(duty.id)
    return f"“{md_text(duty.text)}” ({md_code(duty.id)})"


def moment_words(moment: _dt.datetime) -> str:
    """A moment with its weekday, as the hold clock's examples are read: ``Thursday,
    March 5, 2015, 17:00`` (the weekday is what the clock skips; the day as every date on
    the site is said, `day_words`; the hour on the 24-hour clock, never ambiguous about
    midnight)."""
    return f"{moment:%A}, {day_words(moment.date())}, {moment:%H:%M}"


def badge(level: str) -> str:
    """The verification level as a visible badge (raw HTML; the level is V, S or U)."""
    words, meaning = VERIFICATION.get(level, (level, "unknown verification level"))
    css = level.lower() if level in VERIFICATION else "u"
    return (f'<span class="tl-badge tl-badge-{css}" title="{html_attr(meaning)}">'
            f"{html_text(words)}</span>")


def statute_level(program: ir.Program) -> str:
    """A statute's verification level as a reader should take it: its weakest provision's.
    (The file header's mark is only the default its provisions start from.)"""
    levels = [p.verification for p in program.provisions] or [program.meta.verification]
    return max(levels, key=VERIFICATIONS.index)  # strongest first: the last is the weakest


def provision_counts(levels: Sequence[str]) -> str:
    """How many provisions stand at each level, strongest first: "11 verified text,
    1 unverified (12 provisions)", never "… 1 unverified provisions"."""
    if not levels:
        return "no provisions of its own"
    counts = ", ".join(f"{levels.count(level)} {words}"
                       for level, (words, _) in VERIFICATION.items() if level in levels)
    return f"{counts} ({len(levels)} provision{'' if len(levels) == 1 else 's'})"


def statute_badge(program: ir.Program) -> str:
    """The badge of `statute_level` (its weakest provision's), and when its provisions
    differ how many stand at each level (``secondary source · 4 verified text, 6
    secondary source (10 provisions)``): a badge "unverified" beside "7 of 8 verified"
    read as a contradiction."""
    levels = [p.verification for p in program.provisions]
    shown = badge(statute_level(program))
    if len(set(levels)) > 1:
        shown += " · " + provision_counts(levels)
    return shown


def stacked(table: Sequence[str]) -> list[str]:
    """A Markdown table that is a list of statutes in disguise, wrapped in a block the
    stylesheet (``.tl-stack``) lays out on a phone as one card per row: each column but
    the last three on a line of its own, those three (a status and dates) side by side,
    the header row alike as their legend. On a wider screen it is the table it was. The
    table's Markdown is unchanged (md_in_html reads it inside the ``div``)."""
    return ['<div class="tl-stack" markdown>', "", *table, "", "</div>", ""]


def example_table(table: Sequence[str]) -> list[str]:
    """An example's table of facts and outcomes, wrapped in a block the stylesheet
    (``.tl-example``) lays out on a phone as the facts, then the outcomes under them, each
    a screen wide (side by side, each was a third of a phone's width, a word a line)."""
    return ['<div class="tl-example" markdown>', "", *table, "", "</div>", ""]


def page_path(statute_id: str) -> str:
    """The page of a statute, relative to docs/laws (``ct/pa-13-155.md``)."""
    return f"{statute_id}.md"


def comparison_path(a_id: str, b_id: str) -> str:
    """The page comparing two statutes, relative to docs/laws
    (``comparisons/ct-pa-13-155--ct-pa-19-20.md``)."""
    return f"{COMPARISONS_DIR}/{a_id.replace('/', '-')}--{b_id.replace('/', '-')}.md"


def link(from_id: str | None, to_id: str) -> str:
    """A relative link from one statute page (or the index, `from_id` None) to another."""
    base = posixpath.dirname(page_path(from_id)) if from_id else ""
    return posixpath.relpath(page_path(to_id), base or ".")


def rel(from_dir: str, target: str) -> str:
    """A link from a page in docs/laws/`from_dir` to `target` (relative to docs/laws)."""
    return posixpath.relpath(target, from_dir or ".")


def provision_anchor(label: str) -> str:
    """The page anchor of a provision: ``(b)(1)`` → ``provision-b-1``. Case is kept and a
    dot differs from a bracket, so ``(a)`` and ``(A)``, or ``7282.5(a)`` and
    ``7282(5)(a)``, get anchors of their own."""
    kept = re.sub(r"[^A-Za-z0-9.]+", "-", label).replace(".", "_")
    return "provision-" + (kept.strip("-_") or "x")


def definition_anchor(name: str) -> str:
    """The page anchor of a definition: ``definition-<name>``."""
    return "definition-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "x")


CASE_FORMAT_PAGE = "reference/case-schema.md"  # relative to docs/


def case_format_anchor(kind: str, name: str) -> str:
    """An anchor on the case-format page: a record's fields (``record-charge``) or the
    values of a kind of fact (``values-agency``)."""
    return f"{kind}-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "x")


def chronological(statute: Statute) -> tuple[_dt.date, str]:
    meta = statute.meta
    return (meta.in_force or meta.introduced or _dt.date.max, statute.id)


def span_words(statute: Statute) -> str:
    """``superseded, in force January 1, 2014 to October 1, 2019``."""
    meta = statute.meta
    words = status(meta.status).lower()
    if meta.in_force is None:
        return words
    until = f" to {day_words(meta.superseded)}" if meta.superseded else ""
    return f"{words}, in force {day_words(meta.in_force)}{until}"


class Sources:
    """The text of the files spans point into (an amending statute's provisions may
    come from the statute it amends), each read once."""

    def __init__(self, main: str) -> None:
        self.main = main
        self._texts: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path not in self._texts:
            try:
                text = Path(path).read_text(encoding="utf-8")
                # the lines spans count: only line ends (LF, CR LF, CR) end one, not the
                # other characters `str.splitlines` breaks at (U+2028, form feed, …)
                self._texts[path] = re.split(r"\r\n?|\n", text)
            except (OSError, ValueError):
                self._texts[path] = None
        return self._texts[path]


def encoding(
    source: Sources, span: Span | None, title: str = "Encoded in the statute language"
) -> list[str]:
    """The statute-language text at `span`, as a code block highlighted by the statute
    lexer (``law``), wrapped on narrow screens by the site's stylesheet, in a details
    block that is folded: a lawyer reads the provision's text and its plain words, and
    opens the encoding to check it (open, it doubled the page between provisions)."""
    lines = source.lines(span.file) if span is not None else None
    if span is None or lines is None:
        return []
    chunk = lines[span.line - 1 : span.end_line]
    if not chunk:
        return []
    indent = min((len(x) - len(x.lstrip()) for x in chunk if x.strip()), default=0)
    block = [x[indent:] for x in chunk]
    if span.file != source.main:
        title += f" (from {Path(span.file).name})"
    return [f'??? example "{md_text(title)}"', "",
            *md_code_block(block, "law", indent="    "), ""]
