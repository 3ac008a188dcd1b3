"""A `Comparison` → text or Markdown for drafters: a one-screen summary first, then details."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from ... import ir
from ...decisions.words import Readings, and_list, fact_name, name_words, unknown_clause
from ...diagnostics import escaped
from .atoms import clauses, elided

if TYPE_CHECKING:
    from .model import Comparison, Region

__all__ = [
    "LONGEST_CONDITION", "LONGEST_HOLD", "SUMMARY_LINES", "WIDTH", "aspect_words", "code_span",
    "count", "markdown_escape", "render", "summary_lines", "terminal_text",
]

WIDTH = 160
SUMMARY_LINES = 40
_LABELS_ROOM = 70  # characters the two names may take on the summary's first line
LONGEST_CONDITION = 2_000  # characters of a region's condition the text details print
# the longest hold as compared: each statute's own limit (`Statute.decide(…,
# request_limits=False)`), not the request's or the regulation's, which a decision adds
LONGEST_HOLD = "longest hold each law sets"
_VERBS = {"prohibited": "prohibits", "permitted": "permits", "required": "requires",
          "undetermined": "leaves undetermined"}
# the verdict of CASES.md section 4 in words: which law is more protective of the person
PROTECTIVE = "More protective of the person (allows the action in fewer cases)"
_NEITHER = {"equivalent": "neither (the same cases)",
            "incomparable": "neither (each allows it in some case the other forbids)",
            "unknown": "not settled (the solver gave up)"}
_VERDICT_ORDER = ("a", "b", "incomparable", "equivalent", "unknown")


def count(n: int, word: str) -> str:
    """``1 region``, ``2 regions``: a number and its noun in the right number."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def render(comparison: Comparison, fmt: str = "text") -> str:
    """The whole report: ``text`` or ``markdown``."""
    if fmt == "markdown":
        return _markdown(comparison)
    lines = summary_lines(comparison)
    details = _details(comparison)
    if details:
        lines += ["", "Details", "=======", *details]
    return terminal_text(lines)


def terminal_text(lines: Sequence[str]) -> str:
    """Lines joined for a terminal, each hidden character (an ESC in a file name given as
    a label, a bidi control) written as its escape, so that nothing in a statute, a path
    or a case acts on the terminal (`diagnostics.escaped`)."""
    return "\n".join(escaped(part) for line in lines for part in line.split("\n"))


def _fit(text: str) -> str:
    """`text` on one line of at most `WIDTH` characters, "…" at its end where it is cut:
    after the last whole word that fits, or mid-word when no space falls in the line's
    last fifth (a long path or name)."""
    text = text.replace("\n", " ")
    if len(text) <= WIDTH:
        return text
    cut = text[: WIDTH - 1]
    space = cut.rfind(" ")
    if space >= WIDTH * 4 // 5:
        cut = cut[:space].rstrip(" ,;:(")
    return cut + "…"


def _names(labels: tuple[str, str]) -> tuple[str, str, list[str]]:
    """How the summary's verdict names the two sides: their labels, or A and B after two
    lines that give each label (cut at its start if need be) when the labels are too long
    to share the verdict's line (two files' paths, say), which cut the second name and the
    verdict off its end."""
    a, b = labels
    if len(a) + len(b) <= _LABELS_ROOM:
        return a, b, []
    return "A", "B", [_fit_end(f"A = {a}"), _fit_end(f"B = {b}")]


def _fit_end(text: str) -> str:
    """`_fit`, but keeping the end (a path's file name) rather than the start."""
    text = text.replace("\n", " ")
    return text if len(text) <= WIDTH else text[:4] + "…" + text[len(text) - WIDTH + 5:]


def selection_words(comparison: Comparison) -> str:
    """What `Comparison.only` kept: "notification, transfer where both laws decide"."""
    selection = comparison.selection
    if selection is None:
        return "any outcome"
    words = (", ".join("duties" if o == "duty" else aspect_words(o) for o in selection.outcomes)
             if selection.outcomes else "any outcome")
    return words + (" where both laws decide" if selection.known_only else "")


def _left_out(comparison: Comparison) -> str:
    selection = comparison.selection
    assert selection is not None
    parts = [count(selection.regions, "region")] if selection.regions else []
    if selection.unsettled:
        parts.append(count(selection.unsettled, "unsettled question"))
    return " and ".join(parts)


def _scope(comparison: Comparison) -> str:
    return (f"well-formed cases, facts known or not, at most {count(comparison.bound, 'element')}"
            f" per list; {count(comparison.questions, 'solver question')}, "
            f"{comparison.seconds:.2f} s")


def summary_lines(comparison: Comparison) -> list[str]:
    """The one-screen summary: at most `SUMMARY_LINES` lines of at most `WIDTH`
    characters, no provision text."""
    a, b, head = _names(comparison.labels)
    if comparison.equivalent:
        # the scope on a line of its own: with it, the line was cut past WIDTH
        return [*head, _fit(f"equivalent: {a} and {b} decide every case alike"),
                _fit(f"  ({_scope(comparison)})")]
    determined, unknown = comparison.determined, comparison.undetermined
    if not comparison.regions and not comparison.unsettled:  # `only` left nothing
        return [*head, _fit(f"no difference in {selection_words(comparison)}: {a} and {b} "
                            f"differ elsewhere ({_left_out(comparison)} left out)"),
                _fit(f"  ({_scope(comparison)})")]
    selection = comparison.selection
    if comparison.regions:
        named = f"{a} and {b}" if head else f"{a} (A) and {b} (B)"
        more = ("" if selection is not None and selection.known_only
                else f", {len(unknown)} more only where a fact is unknown")
        head.append(_fit(f"{named} differ: {count(len(determined), 'region')} where "
                         f"both decide{more}"))
    else:
        head.append(_fit(f"unsettled: no case found that {a} and {b} decide differently, but "
                         f"the solver could not settle "
                         f"{count(len(comparison.unsettled), 'question')}"))
    head.append(_fit(f"({_scope(comparison)})"))
    if selection is not None and (selection.regions or selection.unsettled):
        head.append(_fit(f"(showing {selection_words(comparison)}: {_left_out(comparison)} "
                         "left out)"))
    verdicts = _grouped(protective_words(comparison, (a, b)))
    if verdicts:  # as many to a line as fit, the next lines indented
        head += _packed(f"{PROTECTIVE}: ", verdicts)
    shorter = shorter_words(comparison, (a, b))
    if shorter:
        head.append(_fit(f"{SHORTER}: {shorter}"))
    sections = _sections(comparison)
    tail = _unknown_lines(comparison)
    words = comparison.limit_texts
    for item in comparison.unsettled:
        tail.append(_fit(f"UNSETTLED {aspect_words(item.outcome)} {words.get(item.a, item.a)} "
                         f"→ {words.get(item.b, item.b)}: "
                         f"the solver could not decide: {item.reason}"))
    budget = SUMMARY_LINES - len(head) - len(tail) - 2
    body = _cut(sections, budget)
    out = [*head, *body]
    if tail:
        out += ["", *tail]
    return out[:SUMMARY_LINES]


SHORTER = "Shorter hold where both allow one (each law's own limit)"


def shorter_words(comparison: Comparison, names: tuple[str, str]) -> str | None:
    """Whose own longest hold ends first where both allow a hold and the limits differ
    (`Comparison.shorter_hold`), with a region that shows it, numbered as in the details:
    ``ct/pa-19-20 (A), e.g. region 10``; ``neither (A's ends first in region 9, B's ends
    first in region 10)``; None where no region compares the limits."""
    found = comparison.shorter_hold
    if found is None:
        return None
    if found.verdict in ("a", "b"):
        letter = found.verdict.upper()
        name = names[found.verdict == "b"]
        regions = found.a_first if found.verdict == "a" else found.b_first
        said = name if name == letter else f"{name} ({letter})"
        return f"{said}, e.g. region {regions[0] + 1}"
    parts = [f"{side}'s ends first in region {regions[0] + 1}"
             for side, regions in (("A", found.a_first), ("B", found.b_first)) if regions]
    if found.unordered:
        parts.append(f"neither always does in region {found.unordered[0] + 1}")
    return f"neither ({', '.join(parts)})"


def protective_words(comparison: Comparison, names: tuple[str, str]
                     ) -> list[tuple[str, str, str]]:
    """Each action's verdict as (action, which law is more protective, the regions that
    show it): ``("hold", "ct/pa-25-29 (A)", "region 1")``, the law named by `names` (its
    label, or A and B alone when the labels are long); an action where one law protects
    more first, then those where neither does. A region shows a verdict when one law
    allows the action in it and the other forbids it (where both decide, if one does);
    regions are numbered as in the details."""
    out = []
    for verdict in _VERDICT_ORDER:
        for action, found in comparison.protectiveness.items():
            if found.verdict != verdict:
                continue
            a_only = _showing(comparison, action, allows="a")
            b_only = _showing(comparison, action, allows="b")
            if verdict in ("a", "b"):
                name = names[verdict == "b"]
                letter = verdict.upper()
                said = name if name == letter else f"{name} ({letter})"
                shown = b_only if verdict == "a" else a_only
                out.append((action, said, f"region {shown}" if shown else ""))
            elif verdict == "incomparable":
                out.append((action, _NEITHER[verdict],
                            f"regions {a_only} (only A allows it) and {b_only} (only B)"
                            if a_only and b_only else ""))
            else:
                out.append((action, _NEITHER.get(verdict, verdict), ""))
    return out


def _grouped(words: Sequence[tuple[str, str, str]]) -> list[str]:
    """``hold, transfer: ct/pa-25-29 (A), e.g. regions 1 and 4``: the actions with one
    verdict said once, their regions in the same order. An action shown by a pair of
    regions (``regions 3 (only A allows it) and 1 (only B)``) keeps a line of its own."""
    grouped: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for action, said, shown in words:
        key = (said, action if shown.startswith("regions ") else "")
        grouped.setdefault(key, []).append((action, shown))
    out = []
    for (said, _), items in grouped.items():
        numbers = [shown for _action, shown in items if shown]
        actions = ", ".join(action for action, _shown in items)
        if not numbers:
            out.append(f"{actions}: {said}")
        elif len(numbers) == 1:
            out.append(f"{actions}: {said}, e.g. {numbers[0]}")
        else:  # "region 1", "region 4" -> "regions 1 and 4"
            bare = [n.removeprefix("region ") for n in numbers]
            out.append(f"{actions}: {said}, e.g. regions {and_list(bare)}")
    return out


def _packed(head: str, items: Sequence[str]) -> list[str]:
    """`head` and the items joined by ``; ``, as many to a line as fit in `WIDTH`, each
    further line indented by two spaces; an item too long for a line of its own is cut."""
    lines = [head.rstrip() if not items else head + items[0]]
    for item in items[1:]:
        if len(lines[-1]) + 2 + len(item) <= WIDTH:
            lines[-1] += "; " + item
        else:
            lines.append("  " + item)
    if len(lines[0]) > WIDTH:  # the first item does not fit after the head
        lines[0:1] = [head.rstrip(), "  " + items[0]]
    return [_fit(line) for line in lines]


class _Section(NamedTuple):
    """A section of the summary: its lines (a heading first), beside each the fact that
    sets its region apart ("" for none) and the region's number in the details (0 for
    none)."""

    lines: list[str]
    leads: list[str]
    numbers: list[int]


def _showing(comparison: Comparison, action: str, allows: str) -> int | None:
    """The number of the first region in which only law `allows` (``a`` or ``b``) allows
    `action` (permits, requires or leaves it undetermined) and the other forbids it, one
    where both decide first; None when no region shown has it."""
    numbered = [(n, r) for n, r in enumerate(comparison.regions, 1) if r.outcome == action]
    for n, r in sorted(numbered, key=lambda item: not item[1].determined):
        allowing, forbidding = (r.a, r.b) if allows == "a" else (r.b, r.a)
        if forbidding == "prohibited" and allowing != "prohibited":
            return n
    return None


def _sections(comparison: Comparison) -> list[_Section]:
    """Each section: a heading, then one line per region, led by its number in the details
    (cut first if too long), and beside each line its number and the fact that sets its
    region apart, if it has one (`_lead`)."""
    out: list[_Section] = []
    determined = comparison.determined
    numbers = {id(r): n for n, r in enumerate(comparison.regions, 1)}
    for outcome in ir.OUTCOMES:
        regions = [r for r in determined if r.outcome == outcome]
        if regions:
            digits = len(str(max(numbers[id(r)] for r in regions)))
            common = _common_clauses(regions)
            lines = [f"{outcome} ({count(len(regions), 'region')}):"]
            lines += [_fit(_region_line(
                f"  {numbers[id(r)]:>{digits}}. A {_VERBS[r.a]}, B {_VERBS[r.b]}: ", r, regions,
                common)) for r in regions]
            out.append(_Section(lines, ["", *(_lead(r) for r in regions)],
                                [0, *(numbers[id(r)] for r in regions)]))
    holds = [r for r in determined if r.outcome == "max_hold"]
    if holds:
        pairs: dict[tuple[str, str], int] = {}
        for r in holds:
            pairs[(r.a, r.b)] = pairs.get((r.a, r.b), 0) + 1
        lines = [f"{LONGEST_HOLD} (the request's and the federal regulation's limits, "
                 "which bind both, aside):"]
        words = comparison.limit_texts
        lines += [_fit(f"  A {words.get(va, va)}; B {words.get(vb, vb)} ({count(n, 'region')})")
                  for (va, vb), n in pairs.items()]
        out.append(_Section(lines, [""] * len(lines), [0] * len(lines)))
    duties: dict[tuple[str, str], int] = {}
    for r in determined:
        if r.outcome.startswith("duty:"):
            key = (r.outcome.removeprefix("duty:"), "A" if r.a == "imposed" else "B")
            duties[key] = duties.get(key, 0) + 1
    if duties:
        lines = ["duties:"]
        text = {d.id: d.text.strip() for s in (comparison.b, comparison.a)
                for d in s.program.duties}
        # "where B does not", never "only A": the other law may impose it elsewhere
        lines += [_fit(f"  {side} imposes {duty} where {'B' if side == 'A' else 'A'} does "
                       f"not ({count(n, 'region')})"
                       + (f": {text[duty]}" if text.get(duty) else ""))  # what it requires
                  for (duty, side), n in duties.items()]
        out.append(_Section(lines, [""] * len(lines), [0] * len(lines)))
    return out


def _lead(region: Region) -> str:
    """The first fact that must hold in the region (``gang database``), or ""."""
    return region.wording.trues[0] if region.wording and region.wording.trues else ""


def _region_line(head: str, region: Region, section: Sequence[Region],
                 common: frozenset[str]) -> str:
    """`head` and the region's summary, fitted to a line by its wording where it has one
    (long sets of values counted, the ``none of`` list shortened) rather than cut off at
    its end; the ``none of`` items that tell it from its twins are kept longest. Where it
    still does not fit, an element phrase ("a conviction that …") leaves out the clauses
    in `common`, those every such phrase of the section says (`_common_clauses`), so that
    what sets it apart is what is seen."""
    wording = region.wording
    if wording is None:
        return head + region.summary
    telling = _telling(region, section)
    line = head + wording.within(WIDTH - len(head), telling)
    if len(line) <= WIDTH or not common:
        return line
    short = attrs.evolve(wording, trues=tuple(elided(t, common) for t in wording.trues),
                         falses=tuple(elided(f, common) for f in wording.falses))
    return head + short.within(WIDTH - len(head), [elided(t, common) for t in telling])


def _common_clauses(section: Sequence[Region]) -> frozenset[str]:
    """The clauses said by every element phrase of the same head ("a conviction") in the
    regions of `section`, for heads that two phrases or more share."""
    by_head: dict[str, list[set[str]]] = {}
    for region in section:
        for phrase in (*region.wording.trues, *region.wording.falses) if region.wording else ():
            parts = clauses(phrase)
            if parts is not None:
                by_head.setdefault(parts[0], []).append(set(parts[1]))
    common: set[str] = set()
    for said in by_head.values():
        if len(said) > 1:
            common |= set.intersection(*said)
    return frozenset(common)


def _telling(region: Region, section: Sequence[Region]) -> list[str]:
    """The fewest ``none of`` items of `region` that tell it from each of its twins in
    `section`: the regions whose lines would read the same but for that list (the same
    outcomes, true facts and sets of values). Twins the fewest items tell apart are served
    first, each by the first such item, so that two lines never read alike where an item
    can tell them apart."""
    wording = region.wording
    assert wording is not None
    apart = []
    for other in section:
        twin = other.wording
        if (other is region or twin is None or (other.a, other.b) != (region.a, region.b)
                or twin.trues != wording.trues or twin.sets != wording.sets):
            continue
        items = [item for item in wording.falses if item not in twin.falses]
        if items:
            apart.append(items)
    kept: list[str] = []
    for items in sorted(apart, key=len):
        if not any(item in kept for item in items):
            kept.append(items[0])
    return kept


def _cut(sections: list[_Section], budget: int) -> list[str]:
    """The sections within `budget` lines: the longest section loses its last region
    lines first (a later one on a tie), so every section keeps at least one region
    line while it can; a line says how many more are in the details (and their numbers
    when they follow each other) and names the facts that set the regions left out
    apart, where they have one not shown above."""
    sizes = [len(section.lines) for section in sections]
    for floor in (3, 2):  # heading, one region, "… more"; then heading and "… more"
        while sum(sizes) + len(sections) > budget:
            cuttable = [i for i, size in enumerate(sizes) if size > floor]
            if not cuttable:
                break
            longest = max(cuttable, key=lambda i: (sizes[i], i))
            sizes[longest] -= 1
    out: list[str] = []
    for (lines, leads, numbers), size in zip(sections, sizes, strict=True):
        out.append("")
        if size >= len(lines):
            out.extend(lines)
            continue
        out.extend(lines[: size - 1])
        shown = set(leads[: size - 1])
        hidden = [lead for lead in dict.fromkeys(leads[size - 1:]) if lead and lead not in shown]
        more = f"  … and {len(lines) - size + 1} more ({_where(numbers[size - 1:])})"
        for keep in range(len(hidden), 0, -1):  # as many of their facts as fit
            line = f"{more}, among them: {', '.join(hidden[:keep])}{', …' * (keep < len(hidden))}"
            if len(line) <= WIDTH:
                more = line
                break
        out.append(more)
    return out


def _where(numbers: Sequence[int]) -> str:
    """Where the regions left out of a section are: "regions 4 to 11 in the details" when
    their numbers follow each other, else "see the details"."""
    if numbers and all(n for n in numbers) and list(numbers) == list(
            range(numbers[0], numbers[0] + len(numbers))):
        if len(numbers) == 1:
            return f"region {numbers[0]} in the details"
        joined = " and " if len(numbers) == 2 else " to "
        return f"regions {numbers[0]}{joined}{numbers[-1]} in the details"
    return "see the details"


def _unknown_lines(comparison: Comparison) -> list[str]:
    """The regions that exist only because a fact is unknown, one line per outcome with
    its count first: the unknown facts each side's answer may turn on (those its rules for
    the outcome read, where it leaves the outcome undetermined: a fact among them may
    not matter to a given case), else the facts whose being unknown makes the
    difference; each fact
    in the vocabulary's words ("whether the person is a United States citizen", "a
    conviction's court"), not by its path in the case."""
    regions = comparison.undetermined
    if not regions:
        return []
    readings = Readings.of(comparison.a.program)
    lines = [f"Only where a fact is unknown ({count(len(regions), 'region')}):"]
    by_outcome: dict[str, list[Region]] = {}
    for r in regions:
        by_outcome.setdefault(r.outcome, []).append(r)
    for outcome, group in by_outcome.items():
        needs: dict[str, list[str]] = {"A": [], "B": []}
        for r in group:
            for side, value in (("A", r.a), ("B", r.b)):
                if value == "undetermined":
                    needs[side].extend(p for p in r.unknown_paths if p not in needs[side])
        head = f"  {aspect_words(outcome)} ({count(len(group), 'region')}): "
        every = sorted({p for r in group for p in r.unknown_paths})
        # the vocabulary's words, then, where they leave room for too few facts, a yes/no
        # fact by its name as the lines above say it ("reimbursement agreement")
        for short, shown in ((False, 4), (False, 3), (True, 4), (True, 3), (True, 2),
                             (True, 1)):
            said = [(side, [_fact(p, readings, short) for p in paths])
                    for side, paths in needs.items() if paths]
            other = [_fact(p, readings, short) for p in every]
            if said:  # "A's answer may turn on …; B's on …" (the facts its rules read)
                text = "; ".join(f"{side}'s {'answer may turn on' if i == 0 else 'on'} "
                                 f"{_some(names, shown)}"
                                 for i, (side, names) in enumerate(said))
            else:
                text = (f"when {unknown_clause(other)}" if 0 < len(other) <= shown
                        else f"when one of {_some(other, shown)} is unknown" if other
                        else "when one of its facts is unknown")
            if len(head + text) <= WIDTH:
                break
        lines.append(_fit(head + text))
    return lines


def _some(items: Sequence[str], shown: int) -> str:
    """The first `shown` items and how many more: "the agency, the convictions and 5
    more"; all of them: "the agency and the convictions"."""
    if len(items) <= shown:
        return and_list(items)
    return f"{', '.join(items[:shown])} and {len(items) - shown} more"


def _fact(path: str, readings: Readings, short: bool) -> str:
    """A fact the answer turns on in words (`fact_name`); `short`: a yes/no fact of the
    case by its name ("U.S. citizen", as a region's line says it), not its reading."""
    if short and "[]" not in path and path in readings.facts:
        return name_words(path.rsplit(".", 1)[-1].replace("_", " "))
    return fact_name(path, readings)


def _details(comparison: Comparison) -> list[str]:
    out: list[str] = []
    a, b = comparison.labels
    words = comparison.limit_texts
    ours, theirs = comparison.editorial
    for number, region in enumerate(comparison.regions, 1):
        out.append("")
        tag = "" if region.determined else " [only where a fact is unknown]"
        out.append(f"{number}. {region.headline('A', 'B', words)}{tag}")
        out.append(f"   when: {region.summary}")
        out.append(f"   deciding provisions: A {provisions_words(region, 'a', ours)}; "
                   f"B {provisions_words(region, 'b', theirs)}")
        if region.count is not None:
            out.append(f"   cases in the file: {region.count:,}")
        out.append(f"   example: {json.dumps(region.example, ensure_ascii=False)}")
        out.append(f"   condition: {_condition(region.source)}")
    if out:
        out[0:0] = [f"A = {a}, B = {b}", *([note] if (note := dates_note(comparison)) else []),
                    *duty_lines(comparison)]
    return out


def duty_lines(comparison: Comparison) -> list[str]:
    """What each duty the regions name requires, in full, once (the summary cuts it to
    a line): ``tell-ice-of-48-hour-limit (only A: (c), Conn. Pub. Act 13-155 § 1(c)):
    Tell …``; one text for both laws where they word it alike, else each law's."""
    texts = comparison.duty_texts
    if not texts:
        return []
    lines = ["Duties the regions name, in each law's words:"]
    for duty_id, sides in texts.items():
        a, b = sides["a"], sides["b"]
        if a is not None and b is not None and a["text"] == b["text"]:
            lines.append(f"  {duty_id} (A {a['provision']}, B {b['provision']}): {a['text']}")
            continue
        both = a is not None and b is not None
        for side, found in (("A", a), ("B", b)):
            if found is not None:
                whose = side if both else f"only {side}"
                lines.append(f"  {duty_id} ({whose}: {found['provision']}, "
                             f"{found['citation']}): {found['text']}")
    return lines


def dates_note(comparison: Comparison) -> str | None:
    """What the examples' dates are, when the two laws were never in force together (so
    that deciding an example under the earlier law warns that it was not in force then)
    or one is a proposal with no date in force (its examples are dated from its
    introduction); None otherwise."""
    from .periods import example_day, period, periods_overlap

    first, second = comparison.a.meta, comparison.b.meta
    periods = [period(first), period(second)]
    proposals = [(label, meta) for label, meta in zip(comparison.labels, (first, second),
                                                      strict=True)
                 if meta.in_force is None and meta.enacted is None and meta.introduced]
    if periods_overlap(first, second) and proposals:  # a draft: dated as if it were law
        said = "; ".join(f"{label} was introduced on {meta.introduced}"
                         for label, meta in proposals)
        return (f"No date in force for a proposal ({said}): examples are dated "
                f"{example_day(first, second)}, as if it were law a year into the days "
                "both laws could apply, unless a region needs another date.")
    if periods_overlap(first, second) or periods[0] is None or periods[1] is None:
        return None
    drafts = {label for label, _ in proposals}
    spans = [f"{label} a proposal introduced on {meta.introduced}, never in force"
             if label in drafts
             else f"{label} {found[0]} to {found[1]}" if meta.superseded
             else f"{label} from {found[0]}"
             for label, meta, found in zip(comparison.labels, (first, second), periods,
                                           strict=True) if found is not None]
    later = comparison.labels[0 if periods[0] > periods[1] else 1]
    # a proposal's days are those after its introduction, as if it were law: never "in
    # force" (an earlier wording gave a draft the period "from" its introduction)
    days = (f"as if {later} were law from its introduction" if later in drafts
            else f"in {later}'s period")
    together = ("The two laws were never in force together" if not drafts
                else "The law and the proposal share no days" if len(drafts) == 1
                else "The two proposals share no days")
    return (f"{together} ({'; '.join(spans)}): examples are dated "
            f"{example_day(first, second)}, {days}, unless a region needs another date.")


def _condition(source: str) -> str:
    """A region's condition for the text details: in full, or, when it spells out whole
    decisions (what is left of a pair once its regions are taken out, or "allows a hold"
    for the longest hold, thousands of characters that no one reads on a terminal), its
    length and where to find it."""
    if len(source) <= LONGEST_CONDITION:
        return source
    return (f"{len(source):,} characters of the statute language, not printed here (it "
            "spells out whole decisions); the JSON form (--format json) has it in full")


def label_of(ground: str) -> str:
    """A region's ground as the provision's label (``9-131 (does not bind)`` is
    ``9-131``)."""
    return ground.removesuffix(" (does not bind)")


def _list(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "none"


EDITORIAL_MARK = " (this file's label, not a subsection)"


SILENT = "none (the law says nothing of it)"


def provisions_words(region: Region, side: str,
                     editorial: frozenset[str] = frozenset()) -> str:
    """One side's deciding provisions, and those that could decide instead once an
    unknown fact is known: ``(b)(1)(A), or, depending on unknown facts, (a)(9) (does not
    bind) or (b)(1)(A)(i)``. A label in `editorial` (the side's labels that are the
    file's own, not subsections of the law: `Comparison.editorial`) is said to be one,
    as `trustlaw decide` says it, so no reader takes it for a citation."""
    def marked(label: str) -> str:
        return label + EDITORIAL_MARK if label_of(label) in editorial else label

    # a law that says nothing of the action: its `grounds` say "silence" (the JSON's)
    said = _list([SILENT if label == "silence" else marked(label)
                  for label in region.grounds[side]])
    opened = [marked(label) for label in region.open_grounds[side]]
    if opened:
        said += ", or, depending on unknown facts, " + (
            opened[0] if len(opened) == 1 else f"{', '.join(opened[:-1])} or {opened[-1]}")
    return said


# Markdown's markup characters, each given a backslash. Parentheses are not among them:
# they make a link only right after a `]` (``[text](url)``), and every bracket is
# escaped, so a provision label reads ``(b)(1)(A)`` in a memo, not ``\(b\)\(1\)\(A\)``.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")


def markdown_escape(text: str) -> str:
    """Statute text made inert in Markdown and HTML (every markup character escaped but
    parentheses, which need a `]` before them to act, and each hidden character written
    as its escape, as on a terminal)."""
    shown = escaped(text.replace("&", "&amp;").replace("\n", " "))
    return _MD_SPECIAL.sub(r"\\\1", shown)


def aspect_words(aspect: str) -> str:
    """An aspect as a reader names it: ``hold``, `LONGEST_HOLD`, ``duty notify-ice``
    (never the internal ``max_hold`` or ``duty:notify-ice``)."""
    if aspect == "max_hold":
        return LONGEST_HOLD
    return aspect.replace("duty:", "duty ", 1) if aspect.startswith("duty:") else aspect


def code_span(text: str) -> str:
    """`text` as a Markdown code span that holds anything: fenced by more backticks than
    any run in it, a table's pipe escaped, hidden characters written as escapes."""
    text = escaped(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _markdown(comparison: Comparison) -> str:
    a, b = (markdown_escape(x) for x in comparison.labels)
    if comparison.equivalent:
        return f"**Equivalent**: {a} and {b} decide every case alike.\n"
    if not comparison.regions and not comparison.unsettled:  # `only` left nothing
        return (f"**No difference in {markdown_escape(selection_words(comparison))}**: {a} "
                f"and {b} differ elsewhere ({_left_out(comparison)} left out).\n")
    note = dates_note(comparison)
    selection = comparison.selection
    showing = ([f"*Showing {markdown_escape(selection_words(comparison))}: "
              f"{_left_out(comparison)} left out.*", ""]
             if selection is not None and (selection.regions or selection.unsettled) else [])
    lines = [f"# {a} (A) and {b} (B)", "", f"*{markdown_escape(_scope(comparison))}*", "",
             *showing, *([markdown_escape(note), ""] if note else []),
             "| action | more protective of the person (allows it in fewer cases) | "
             "shown by |", "|---|---|---|"]
    for action, said, shown in protective_words(comparison, comparison.labels):
        lines.append(f"| {action} | {markdown_escape(said)} | {shown or '–'} |")
    shorter = shorter_words(comparison, comparison.labels)
    if shorter:
        lines += ["", f"*{markdown_escape(SHORTER)}:* {markdown_escape(shorter)}"]
    counted = any(r.count is not None for r in comparison.regions)
    number = {id(r): i for i, r in enumerate(comparison.regions, 1)}  # as the redline's
    words = comparison.limit_texts
    ours, theirs = comparison.editorial
    for title, regions in (("What changed", comparison.determined),
                           ("Only where a fact is unknown", comparison.undetermined)):
        if not regions:
            continue
        lines += ["", f"## {title}", "",
                  "| # | outcome | A | B | when | provisions (A / B) | example |"
                  + (" cases |" if counted else ""),
                  "|---" * (8 if counted else 7) + "|"]
        for r in regions:
            lines.append(
                f"| {number[id(r)]} | {markdown_escape(aspect_words(r.outcome))} | "
                f"{markdown_escape(words.get(r.a, r.a))} | "
                f"{markdown_escape(words.get(r.b, r.b))} | {markdown_escape(r.summary)} | "
                f"{markdown_escape(provisions_words(r, 'a', ours))} / "
                f"{markdown_escape(provisions_words(r, 'b', theirs))} | "
                f"{code_span(json.dumps(r.example, ensure_ascii=False))} |"
                + (f" {r.count:,} |" if r.count is not None else " |" if counted else ""))
    duties = comparison.duty_texts
    if duties:
        lines += ["", "## Duties", "", "| duty | A | B |", "|---|---|---|"]
        for duty_id, sides in duties.items():
            cells = [markdown_escape(f"{found['provision']}, {found['citation']}: "
                                     f"{found['text']}") if found is not None
                     else "no such duty" for found in (sides["a"], sides["b"])]
            lines.append(f"| {code_span(duty_id)} | {cells[0]} | {cells[1]} |")
    for item in comparison.unsettled:
        lines += ["", f"- **Unsettled** {markdown_escape(aspect_words(item.outcome))}: "
                  f"{markdown_escape(item.reason)}"]
    return "\n".join(lines) + "\n"
