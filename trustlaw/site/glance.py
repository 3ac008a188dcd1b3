"""A statute's page opens with the law in short: for each action, what the law concludes and
when, in the order its provisions rank (docs/semantics.md, "Outcomes"), each conclusion
linked to its provision; then the longest hold and the duties.

A lawyer reads the whole law on one screen before its provisions. It is written from the
same rules the decisions walk, so it never says what the law does not: an exception is
read before the rule it overrides ("otherwise"), and where no rule decides the law is
said to be silent, which leaves the action to the agency.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import groupby

import attrs

from .. import ir
from .escape import md_code, md_text
from .words import action_words, badge, hold_limit_words, provision_anchor

ACTIONS = ("hold", "notification", "transfer", "interview")
_SILENT = "the law says nothing of it, which leaves it to the agency (permitted)"

# a condition in plain words (Markdown)
Words = Callable[[ir.Expr], str]


def law_in_short(program: ir.Program, words: Words, semantics_page: str) -> list[str]:
    """The "In short" section (Markdown lines); `words` writes a condition in plain words
    (the page's `Terms.words`); `semantics_page` links how a decision is made."""
    scope = [rule for rule in program.rules if rule.kind == "scope" and rule.outcome == "hold"]
    short = _Short(words, {p.label: p.verification for p in program.provisions},
                   tuple(r.condition.operand for r in scope if isinstance(r.condition, ir.Not)),
                   program.notes)
    lines = ["## In short", "",
             "*Read from the provisions below, in the order they rank; a fact a case does "
             "not give leaves the answer open where it could change it ([how decisions are "
             f"made]({semantics_page})).*", "",
             f"**Whom it binds:** {short.binds(scope)}", ""]
    for action in ACTIONS:
        rules = [rule for rule in program.rules
                 if rule.kind != "scope" and rule.outcome == action]
        lines += [f"**{md_text(action_words(action))}** ({action})", ""]
        lines += [f"- {step}" for step in short.steps(rules)] + [""]
        lines += short.readings(action)
    lines += short.limits(program.limits, semantics_page)
    if program.duties:
        lines += ["**Duties** (where it binds):", ""]
        lines += [f"- {short.duty(duty)}" for duty in program.duties] + [""]
    return lines


@attrs.frozen
class _Short:
    """How one statute's summary words its conditions and cites its provisions."""

    words: Words
    levels: Mapping[str, str]  # provision label -> its verification level
    bounds: tuple[ir.Expr, ...]  # whom the law binds, as its `applies if` conditions
    notes: Sequence[ir.Note] = ()

    def readings(self, topic: str) -> list[str]:
        """Links to the notes on how the file reads the law on `topic` (an action, or
        `longest_hold`): where a summary line is one reading of an unsettled text, the
        lawyer sees so beside it, not only under the provision."""
        links = [f"[{md_text(note.title)}](#note-{index})"
                 for index, note in enumerate(self.notes, start=1) if topic in note.about]
        return [f"*How this file reads it:* {'; '.join(links)}", ""] if links else []

    def when(self, condition: ir.Expr, bound: bool = False) -> str:
        """`` when <condition>``, or nothing where it always holds; `bound`: a duty's or a
        limit's condition, which the law puts under its scope, said once above."""
        if bound:
            condition = self._without_scope(condition)
        text = self.words(condition)
        return "" if text == "always" else " when " + text

    def duty(self, duty: ir.Duty) -> str:
        """A duty by what it requires, after when it applies ("When …: Send the request
        … before answering it."), its provision linked, its id a small aside for whoever
        matches it to a decision's list of duties."""
        when = self.when(duty.condition, bound=True).removeprefix(" when ")
        text = md_text(duty.text.strip()) or md_code(duty.id)
        lead = f"When {when}: " if when else ""
        return (f"{lead}{text} ({self.link(duty.provision)}) "
                f"<small>duty {md_code(duty.id)}</small>")

    def _without_scope(self, condition: ir.Expr) -> ir.Expr:
        if condition in self.bounds:
            return ir.TRUE
        if isinstance(condition, ir.And):
            kept = tuple(part for part in condition.operands if part not in self.bounds)
            if len(kept) != len(condition.operands):
                return ir.And(kept) if len(kept) > 1 else kept[0] if kept else ir.TRUE
        return condition

    def link(self, label: str) -> str:
        """A provision's label linked to it, with its badge where its text is not verified."""
        level = self.levels.get(label, "V")
        mark = "" if level == "V" else " " + badge(level)
        return f"[{md_text(label)}](#{provision_anchor(label)}){mark}"

    def binds(self, scope: Sequence[ir.Rule]) -> str:
        """Whom the law binds, from its `applies if` rules (each reads `not (<bound>)`)."""
        if not scope:
            return "every agency (the law names no limit on whom it binds)."
        parts = []
        for rule in scope:
            condition = rule.condition
            text = ("only where " + self.words(condition.operand)
                    if isinstance(condition, ir.Not)
                    else "every agency except where " + self.words(condition))
            parts.append(f"{text} ({self.link(rule.provision)})")
        return "; ".join(parts) + ". Where it does not bind, it leaves every action to the agency."

    def steps(self, rules: Sequence[ir.Rule]) -> list[str]:
        """An action's rules by rank, highest first, one step per rank; the law's silence
        last, unless a rule always applies (nothing below it is ever reached)."""
        if not rules:
            return [_SILENT[0].upper() + _SILENT[1:] + "."]
        steps: list[str] = []
        ranked = sorted(rules, key=lambda rule: -rule.priority)
        for index, (_, group) in enumerate(groupby(ranked, key=lambda rule: rule.priority)):
            members = list(group)
            step = self._step(members) + "."
            steps.append(f"Otherwise, {step}" if index else step[0].upper() + step[1:])
            if any(rule.condition == ir.TRUE for rule in members):
                return steps
        return [*steps, f"Otherwise, {_SILENT}."]

    def _step(self, rules: Sequence[ir.Rule]) -> str:
        """One rank's rules: "permitted when: A (l1); or B (l2)" where they conclude alike;
        a rule that always applies first, those concluding alike only when named after it
        ("prohibited (l1), as l2 also says when B")."""
        always = [rule for rule in rules if rule.condition == ir.TRUE]
        if always and len({rule.modality for rule in rules}) == 1:
            links = "; ".join(dict.fromkeys(self.link(rule.provision) for rule in always))
            also = [f"{self.link(rule.provision)} also says{self.when(rule.condition)}"
                    for rule in rules if rule not in always]
            return (md_text(always[0].modality) + f" ({links})"
                    + (", as " + "; ".join(also) if also else ""))
        cited = {f"{self.when(rule.condition)} ({self.link(rule.provision)})": rule.modality
                 for rule in rules}  # in order, each condition once
        modalities = set(cited.values())
        if len(modalities) == 1 and len(cited) > 1 and all(c.startswith(" when ") for c in cited):
            return (md_text(modalities.pop()) + " when: "
                    + "; or ".join(c.removeprefix(" when ") for c in cited))
        return "; or ".join(md_text(modality) + c for c, modality in cited.items())

    def limits(self, limits: Sequence[ir.Limit], semantics_page: str) -> list[str]:
        """The longest hold the law itself sets (the shortest applicable governs), and the
        limits every hold keeps whatever the law says."""
        federal = ("The federal regulation's 48 hours (not counting weekends and holidays) and "
                   f"the request's own limit bind every hold too ([how]({semantics_page}"
                   "#a-hold-never-outlasts-the-request)).")
        if not limits:
            return ["**Longest hold:** the law sets no limit of its own. " + federal, "",
                    *self.readings("longest_hold")]
        lines = ["**Longest hold** (where several apply, the shortest governs):", ""]
        for limit in limits:
            length = hold_limit_words(limit.hours, limit.excluding, limit.holidays)
            lines.append(f"- at most {length}{self.when(limit.condition, bound=True)} "
                         f"({self.link(limit.provision)})")
        return [*lines, "", *self.readings("longest_hold"), federal, ""]
