"""Decision → plain English: what the statute decided, on which provisions, from which facts.

A lawyer reading the account sees, per outcome, the result, the provisions that
decided it (citation and text) with the known facts their conditions read
(``convictions[0].level is felony``), why every other provision did not apply (its
condition in words: ``some conviction has level felony``), what is still unknown, the
time limit and the duties. The per-rule truth values come from the evaluation's
trace, or from re-running the reference interpreter when the backend gave none.

Given `FactWords` (`trustlaw.decisions.fact_words.PlainFacts` gives the vocabulary's, as
the site's case checker and `trustlaw explain` show it), the account says the facts as
clauses that go on with its sentences instead ("here conviction 1 still stands and was
entered by a court of another state of the United States", "there are no pending
criminal charges") and the conditions as what they ask for ("there is a felony
conviction that …"), a fact still to give as what to find out ("it is not known here
which court entered conviction 1"), its path after it only in the closing list of what
to give ("which court entered conviction 1 (convictions[0].court)"); without them, as
`Decision.explain` and `trustlaw explain --paths` show it, facts are named by their
paths and conditions keep their plainer words.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .. import ir
from ..backends import interp
from ..dates import day_words
from ..diagnostics import escaped, visible
from ..ir import children
from .clauses import plain_condition_words
from .grounding import notes_about, rule_notes
from .words import Readings, and_list, condition_words, value_words

if TYPE_CHECKING:
    from .clock import MaxHold
    from .decision import Decision

__all__ = ["DAY_WORDS", "PARTS", "FactWords", "explain", "facts_read", "hold_limit_text"]

ACTIONS: Mapping[str, str] = {
    "hold": "keeping the person past release",
    "notification": "telling the immigration authority the release date and time",
    "transfer": "handing the person over to the immigration authority",
    "interview": "letting immigration officers interview the person in custody",
}
DAY_WORDS: Mapping[str, str] = {
    "saturday": "Saturdays",
    "sunday": "Sundays",
    "federal_holiday": "federal holidays",
}


class FactWords(Protocol):
    """Words for the facts an account names; None where there are none."""

    def said(self, path: str, value: Any) -> str | None:
        """A fact and its value (``convictions[0].vacated``, False): "conviction 1 still
        stands"."""

    def named(self, path: str) -> str | None:
        """A fact by what it is (``person.age``): "the person — Age in years"."""

    # optional: ``asked(path)``, the fact as a thing to find out ("how old the person
    # is"), which `explain` prefers to `named` where the words object has it

    def value(self, item: Any, kind: ir.EnumType) -> str | None:
        """A value of a kind of fact (``other_state``): "a court of another state"."""


# the `words` of the `explain` call under way (None: facts by their paths)
_FACT_WORDS: contextvars.ContextVar[FactWords | None] = contextvars.ContextVar(
    "trustlaw_fact_words", default=None)


#: The parts of an account, in its order, that `explain(parts=…)` can give alone: whom
#: the law binds, each outcome, the time limit, the duties, the facts still unknown.
PARTS: tuple[str, ...] = ("scope", *ir.OUTCOMES, "time_limit", "duties", "unknown")


def explain(decision: Decision, words: FactWords | None = None, *,
            parts: Iterable[str] | None = None) -> str:
    """A plain-English account of `decision` that cites the provisions and the facts;
    with `words`, the facts are named in them rather than by their paths. `parts` (of
    `PARTS`) gives only those, without the heading and the warnings: the reasons for one
    result, as `trustlaw test` shows them under an example that failed."""
    chosen = None if parts is None else frozenset(parts)
    if chosen is not None and not chosen <= set(PARTS):
        unknown = ", ".join(sorted(chosen - set(PARTS)))
        raise ValueError(f"explain(parts=…): no part {unknown}; the parts are "
                         f"{', '.join(PARTS)}")
    token = _FACT_WORDS.set(words)
    try:
        return _explain(decision, chosen)
    finally:
        _FACT_WORDS.reset(token)


def _explain(decision: Decision, parts: frozenset[str] | None) -> str:
    program, case = decision.program, decision._case  # read, never changed: no copy
    trace = decision.evaluation.trace
    if trace is None:
        trace = interp.evaluate(program, case).trace or {}

    def wanted(part: str) -> bool:
        return parts is None or part in parts

    sections: list[list[str]] = []
    if parts is None:
        sections.append(_header(program, decision, case))
    scope = [r for r in program.rules if r.kind == "scope"]
    if scope and wanted("scope"):
        sections.append(_scope(program, scope, trace, case))
    sections.extend(_outcome(decision, outcome, trace)
                    for outcome in ir.OUTCOMES if wanted(outcome))
    if wanted("time_limit"):
        sections.append(_time_limit(decision))
    if wanted("duties"):
        sections.append(_duties(decision))
    unknown = _still_unknown(decision)
    if unknown and wanted("unknown"):
        sections.append(unknown)
    warnings = decision.warnings
    if warnings and parts is None:
        sections.append(["Warnings (they change no outcome):",
                         *(f"  - {w['message']}" for w in warnings)])
    out = [line for index, section in enumerate(sections)
           for line in ([""] if index else []) + section]
    return "".join(_shown(line) + "\n" for line in out)


def _shown(line: str) -> str:
    """`line` safe to print: a statute's `text` may run over several lines (and hold
    tabs), each shown indented under the line it is on, so that none looks like a line
    of the account; any other hidden character is escaped (`escaped`)."""
    first, *rest = line.expandtabs(4).split("\n")
    indent = " " * (len(first) - len(first.lstrip(" ")) + 4)
    return "\n".join([escaped(first), *(indent + escaped(part) for part in rest)])


# ---- sections ---------------------------------------------------------------------------


def _header(program: ir.Program, decision: Decision, case: Mapping[str, Any]) -> list[str]:
    """Which law, which text, which case, with dates as a lawyer writes them."""
    meta = program.meta
    status = meta.status
    if meta.superseded is not None and status == "superseded":
        status += f" on {day_words(meta.superseded)}"
    elif meta.in_force is not None and status == "enacted":
        status += f", in force from {day_words(meta.in_force)}"
    lines = [
        f"What {meta.id} ({meta.title}) says about this case",
        f"Law: {meta.citation} (status: {status})",
        f"Statute text: {decision.digest} (decided by trustlaw {decision.trustlaw_version})",
    ]
    if decision.case_id is not None:
        lines.append(f"Case: {visible(decision.case_id)}")
    in_force = decision.in_force
    words = {True: "yes", False: "no", None: "unknown (the case date is not given)"}
    day = case.get("date")  # the validated case: a `date`, or None when not given
    on = f" ({day_words(day)})" if isinstance(day, _dt.date) else ""
    lines.append(f"In force on the case date{on}: {words[in_force]}")
    return lines


def _scope(
    program: ir.Program, rules: Sequence[ir.Rule], trace: Mapping[str, str],
    case: Mapping[str, Any],
) -> list[str]:
    first = rules[0]
    words = {trace.get(r.id) for r in rules}
    agency = case.get("agency")
    who = f"this agency ({_agency(agency, first.condition)})" if agency is not None \
        else "this agency"
    where = _cite(first, program)
    if "true" in words:
        return [f"Whom the law binds: under {where} it does not bind {who}, so it leaves "
                "every action permitted."]
    if words == {"false"}:
        return [f"Whom the law binds: under {where} it binds {who}."]
    if _FACT_WORDS.get() is not None:
        return [f"Whom the law binds: under {where} that turns on "
                f"{_unknown_list(first.condition, case)}, which the facts given do not say."]
    return [f"Whom the law binds: under {where} that is unknown, because "
            f"{_unknown_list(first.condition, case)} is not given."]


def _agency(agency: Any, condition: ir.Expr) -> Any:
    """The case's agency as the scope provision reads it: given `FactWords`, by what the
    value means ("a county sheriff's office"), else as the case writes it."""
    words = _FACT_WORDS.get()
    kinds = [f.type for f in _facts(condition) if f.path == ("agency",)]
    if words is None or not kinds or not isinstance(kinds[0], ir.EnumType):
        return agency
    return words.value(agency, kinds[0]) or agency


def _facts(expr: ir.Expr) -> list[ir.Fact]:
    """The top-level facts `expr` reads."""
    if isinstance(expr, ir.Fact):
        return [expr]
    return [fact for child in children(expr) for fact in _facts(child)]


def _words(condition: ir.Expr, program: ir.Program | None) -> str:
    """A condition in words, its yes/no facts in the vocabulary's words (and, given
    `FactWords`, its other facts and its values too)."""
    readings = Readings.of(program) if program is not None else None
    words = _FACT_WORDS.get()
    if words is None:
        return condition_words(condition, readings=readings)
    return plain_condition_words(condition, value=words.value, readings=readings)


def _outcome(decision: Decision, outcome: str, trace: Mapping[str, str]) -> list[str]:
    program, case = decision.program, decision._case  # read, never changed: no copy
    result = decision.outcomes[outcome]
    lines = [f"{outcome.capitalize()} ({ACTIONS.get(outcome, outcome)}): {result}"]
    rules = list(program.rules_for(outcome))
    grounds = set(decision.evaluation.deciding.get(outcome, ()))
    opened = set(decision.evaluation.open_rules.get(outcome, ()))
    deciding = [r for r in rules if r.id in grounds and r.id not in opened]
    open_rules = [r for r in rules if r.id in opened]

    if result == "undetermined":
        on = ":" if _FACT_WORDS.get() is None else ""  # in words: "depends on who …"
        lines.append(f"  The facts given do not settle it; it depends on{on} "
                     f"{_paths(decision.depends_on.get(outcome, ())) or 'facts not given'}.")
        still = decision.possible.get(outcome, [])
        if still:
            lines.append(f"  Once they are known it is {' or '.join(still)}.")
        for rule in open_rules:
            lines.append(f"  - {_cite(rule, program)} would make it {rule.modality} if "
                         f"{_words(rule.condition, program)}; "
                         f"{_not_known(_unknown_list(rule.condition, case))}.")
        if deciding:
            lines.append("  Otherwise:")
            for rule in deciding:
                lines.extend(_decided_by(rule, case, indent="  ", program=program))
        else:
            lines.append(f"  Otherwise the law is silent and {outcome} is permitted.")
    elif deciding:
        for rule in deciding:
            lines.extend(_decided_by(rule, case, program=program))
    else:
        ground = decision.grounds[outcome][0]
        lines.append(f"  The law is silent: {ground.text} ({ground.citation})")
        if ground.notes:
            lines.append(f"    Readings: {'; '.join(ground.notes)}.")

    others = [r for r in rules if r.id not in grounds and r.kind != "scope"]
    if others:
        lines.append("  Other provisions:")
        top = max((r.priority for r in deciding), default=None)
        for rule in others:
            lines.append(
                "  - " + _why_not(rule, trace.get(rule.id, "unknown"), top, case, program)
            )
    return lines


def _decided_by(
    rule: ir.Rule, case: Mapping[str, Any], indent: str = "", program: ir.Program | None = None
) -> list[str]:
    lines = [f"{indent}  Decided by {_cite(rule, program)}: {rule.text}"]
    provision = program.provision(rule.provision) if program is not None else None
    if provision is not None and provision.verification != "V":
        source = "a secondary source" if provision.verification == "S" else "no verified text"
        lines.append(f"{indent}    Its text rests on {source} "
                     f"(verification {provision.verification}).")
    if program is not None:
        readings = rule_notes(program, rule)
        if readings:
            lines.append(f"{indent}    Readings: {'; '.join(readings)}.")
    if rule.kind == "scope":
        facts = facts_read(rule.condition, case)
        lines.append(f"{indent}    Because {_fact_list(facts)}.")
        return lines
    if isinstance(rule.condition, ir.Const) and rule.condition.value is True:
        lines.append(f"{indent}    It applies in every case ({rule.outcome} {rule.modality}).")
        return lines
    facts = facts_read(rule.condition, case)
    because = f"; here {_fact_list(facts)}" if facts else ""
    lines.append(f"{indent}    It applies when {_words(rule.condition, program)}{because}.")
    return lines


def _why_not(
    rule: ir.Rule, word: str, top: int | None, case: Mapping[str, Any],
    program: ir.Program | None = None,
) -> str:
    head = f"{_cite(rule, program)} ({rule.outcome} {rule.modality})"
    if word == "true":
        return f"{head} applies too, but a provision of higher rank prevails over it."
    condition = _words(rule.condition, program)
    if word == "false":
        facts = facts_read(rule.condition, case)
        here = f": {_fact_list(facts)}" if facts else ""
        return f"{head} does not apply: it requires that {condition}, which is not so here{here}."
    unknown = _unknown_list(rule.condition, case)
    if _FACT_WORDS.get() is None:
        unknown += " not given"
    else:
        unknown = f"it is not known {unknown}"
    if top is not None and rule.priority < top:
        return (f"{head} is outranked, whether or not {condition} "
                f"({unknown}).")
    return (f"{head} may apply if {condition}, but that cannot change the result "
            f"({unknown}).")


def _time_limit(decision: Decision) -> list[str]:
    hold = decision.max_hold
    if hold is None:
        if decision.outcomes.get("hold") == "prohibited":
            return ["Time limit: none, because no hold may happen."]
        return ["Time limit: this law sets none for a hold in this case."]
    lines = [f"Time limit: a hold may last at most {_limit_words(hold)}."]
    for other in hold.also:
        lines.append(f"  It must also end within {_limit_words(other)}: "
                     "whichever of the two ends first governs.")
    readings = notes_about(decision.program, None, "longest_hold")
    if readings:
        lines.append(f"  Readings: {'; '.join(readings)}.")
    limit_facts = decision.details_depend_on.get("max_hold")
    if limit_facts:
        these = "these are known: " if _FACT_WORDS.get() is None else "it is known "
        lines.append(f"  The limit may change once {these}{_paths(limit_facts)}.")
    return lines


def _limit_words(hold: MaxHold) -> str:
    cite = f" ({hold.citation})" if hold.citation else ""
    return hold_limit_text(hold.hours, hold.excluding, hold.holidays) + cite


def hold_limit_text(hours: int | None, excluding: Sequence[str] = (),
                    holidays: str | None = "actual") -> str:
    """A hold limit as a lawyer reads it (``48 hours, not counting Saturdays, Sundays and
    federal holidays (holidays on their calendar dates)``), never in the statute
    language's ``excluding saturday, … counting actual``; hours None: no limit, because
    no hold may happen. One wording for explanations, comparisons and the site."""
    if hours is None:
        return "none: no hold may happen"
    text = f"{hours} hour{'' if hours == 1 else 's'}"
    if excluding:
        order = list(DAY_WORDS)
        days = sorted(excluding, key=lambda d: order.index(d) if d in order else len(order))
        text += ", not counting " + and_list([DAY_WORDS.get(d, d) for d in days])
        if "federal_holiday" in excluding:
            text += (" (holidays on their dates and on the weekdays they are observed)"
                     if holidays == "observed"
                     else " (holidays on their calendar dates)")
    return text


def _duties(decision: Decision) -> list[str]:
    open_duties = decision.open_duties
    if decision.duties:
        lines = ["Duties:"]
    elif open_duties:
        lines = ["Duties: none applies for certain in this case."]
    else:
        return ["Duties: none apply in this case."]
    for duty in decision.duties:
        lines.append(f"  - {duty.text} ({duty.citation}; duty \"{duty.id}\")")
    for maybe in open_duties:
        facts = _paths(decision.details_depend_on.get(f"duty:{maybe.id}", ()))
        lines.append(
            f"  - May apply: {maybe.text} ({maybe.citation}; duty \"{maybe.id}\"), "
            f"depending on {facts or 'facts not given'}."
        )
    if _request_limit_governs(decision):
        lines.append("  A duty that states how long a hold may last is read with the time limit "
                     "above: the request's own limit or the federal regulation's ends the "
                     "hold sooner than this law's in this case.")
    return lines


def _request_limit_governs(decision: Decision) -> bool:
    """Whether the governing limit is shorter than the statute's own (a duty restating the
    statute's limit would otherwise read as allowing the longer hold)."""
    shown = decision.max_hold
    if shown is None or not decision.applies_request_limits:
        return False
    own = decision._asm.limit_for(decision.evaluation, decision._case, False)[0]
    return own is not None and (own.hours, own.excluding) != (shown.hours, shown.excluding)


def _still_unknown(decision: Decision) -> list[str]:
    open_points = {**decision.depends_on, **decision.details_depend_on}
    if not open_points:
        return []
    words = _FACT_WORDS.get()
    lines = ["Still unknown (give these facts to settle the open points):" if words is None
             else "Still unknown (the facts to find out to settle the open points, each with "
                  "its name in the case in parentheses):"]
    texts = {duty.id: duty.text for duty in decision.program.duties}
    for key, paths in open_points.items():
        if key.startswith("duty:"):  # in words, by what it requires: its id means nothing
            what = (f'the duty "{key[5:]}"' if words is None or key[5:] not in texts
                    else f'the duty "{_brief(texts[key[5:]])}"')
        elif key == "max_hold":
            what = "the time limit"
        else:
            what = key
        lines.append(f"  - {what}: {_paths(paths, named=True) or 'facts not given'}")
    return lines


def _brief(text: str, most: int = 90) -> str:
    """A duty's text, cut after a whole word with "…" where it is longer than `most`."""
    text = text.rstrip(".")
    if len(text) <= most:
        return text
    return text[:most].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _cite(rule: ir.Rule, program: ir.Program | None = None) -> str:
    return f"{label_words(program, rule.provision)} ({rule.citation})"


def label_words(program: ir.Program | None, label: str) -> str:
    """A provision's label, said to be the file's own where it is editorial (not a
    subsection of the law), so no reader takes it for a citation."""
    provision = program.provision(label) if program is not None else None
    if provision is not None and provision.editorial:
        return f"{label} [this file's label, not a subsection of the law]"
    return label


# ---- the facts a condition read ------------------------------------------------------------

FactValue = tuple[str, Any]  # (case path, value); None is unknown

#: The most elements of one list whose facts an explanation names where no one element
#: settles a condition: a list inside a list (Bernalillo's two misdemeanors) would name
#: every pair, and a thousand unknown convictions took minutes to explain.
MAX_ELEMENTS_SHOWN = 25


class _NotShown(int):
    """How many more elements of a list (the fact's path) an explanation leaves out."""


def facts_read(expr: ir.Expr, case: Mapping[str, Any]) -> list[FactValue]:
    """The facts of `case` that settle `expr`'s value, as (path, value) pairs.

    Only what matters is kept: for a true ``or`` the first true part, for a false
    ``and`` the first false part, for a true ``any`` its first witness element, for a
    false ``all`` its first counter-example."""
    found: list[FactValue] = []
    _witness(expr, case, {}, {}, found)
    unique: dict[str, Any] = {}
    for path, value in found:
        unique.setdefault(path, value)
    return list(unique.items())


def _witness(
    expr: ir.Expr,
    case: Mapping[str, Any],
    env: dict[str, Any],
    where: dict[str, str],
    out: list[FactValue],
) -> None:
    if isinstance(expr, (ir.Fact, ir.Field)):
        out.append((interp.case_path(expr, where), interp.eval_expr(expr, case, env)))
    elif isinstance(expr, ir.Var):  # an element that is itself a value (a tag)
        value = env.get(expr.name)
        if expr.name in where and not isinstance(value, Mapping):
            out.append((where[expr.name], value))
    elif isinstance(expr, (ir.And, ir.Or)):
        value = interp.eval_expr(expr, case, env)
        decisive = isinstance(expr, ir.Or)  # what one part alone settles: and-false, or-true
        if value is decisive:
            for operand in expr.operands:
                if interp.eval_expr(operand, case, env) is decisive:
                    _witness(operand, case, env, where, out)
                    return
        for operand in expr.operands:
            _witness(operand, case, env, where, out)
    elif isinstance(expr, ir.Quantifier):
        _witness_quantifier(expr, case, env, where, out)
    else:
        for child in children(expr):
            _witness(child, case, env, where, out)


def _witness_quantifier(
    expr: ir.Quantifier,
    case: Mapping[str, Any],
    env: dict[str, Any],
    where: dict[str, str],
    out: list[FactValue],
) -> None:
    items = interp.eval_expr(expr.source, case, env)
    at = interp.case_path(expr.source, where)
    if not items:  # unknown (None) or empty: the list itself is the fact
        out.append((at, items))
        return
    value = interp.eval_expr(expr, case, env)
    name = expr.var.name
    chosen = list(enumerate(items))
    # the one element that settles it: a witness of a true `any` (a false `no`), or a
    # counter-example of a false `all`
    target = {("any", True): True, ("no", False): True, ("all", False): False}.get(
        (expr.kind, value)
    )
    if target is not None:
        for index, item in chosen:
            if interp.eval_expr(expr.body, case, {**env, name: item}) is target:
                chosen = [(index, item)]
                break
    if len(chosen) > MAX_ELEMENTS_SHOWN:
        out.append((at, _NotShown(len(chosen) - MAX_ELEMENTS_SHOWN)))
        chosen = chosen[:MAX_ELEMENTS_SHOWN]
    for index, item in chosen:
        _witness(
            expr.body,
            case,
            {**env, name: item},
            {**where, name: f"{at}[{index}]"},
            out,
        )


def _fact_list(facts: Sequence[FactValue]) -> str:
    """The facts a condition turned on: by their paths ("convictions[0].vacated is
    false; …"), or, given `FactWords`, as clauses a sentence goes on with ("conviction 1
    still stands and the person is 35 years old"), set apart by semicolons where one of
    them holds a list of its own."""
    words = _FACT_WORDS.get()
    not_shown = [f"{value:,} more elements of {path} are not shown"
                 for path, value in facts if isinstance(value, _NotShown)]
    facts = [(path, value) for path, value in facts if not isinstance(value, _NotShown)]
    if words is None:
        return "; ".join([*(f"{path} {_is(value)}" for path, value in facts), *not_shown])
    said = _by_subject([words.said(path, value) or f"{path} {_is(value)}"
                        for path, value in facts]) + not_shown
    if len(said) > 1 and any("," in text or " and " in text for text in said):
        return "; ".join(said[:-1]) + "; and " + said[-1]
    return and_list(said)


def _by_subject(clauses: Sequence[str]) -> list[str]:
    """Clauses in a row about one record said as one: "conviction 1 still stands" and
    "conviction 1 was entered by …" read "conviction 1 still stands and was entered by
    …" (with the serial comma where there are three or one holds a list of its own)."""
    out: list[tuple[str, list[str]]] = []  # (the record, what is said of it)
    for clause in clauses:
        first, second, *rest = clause.split(" ", 2)
        record = f"{first} {second}" if rest and (first == "the" or second.isdigit()) else ""
        if record and out and out[-1][0] == record:
            out[-1][1].append(rest[0])
        else:
            out.append((record, [rest[0]] if record else [clause]))
    joined = []
    for record, said in out:
        if not record:
            joined.append(said[0])
        elif len(said) == 1 or (
                len(said) == 2 and not any("," in part or " and " in part for part in said)):
            joined.append(f"{record} " + " and ".join(said))
        else:
            joined.append(f"{record} " + ", ".join(said[:-1]) + ", and " + said[-1])
    return joined


def _paths(paths: Iterable[str], named: bool = False) -> str:
    """Facts still to give, by their paths; given `FactWords`, as the facts to find out
    ("who holds the person and which court entered conviction 1"), a fact without words
    by its path, and `named` (the list of what to give, for whoever fills in the case)
    each with its path after it ("who holds the person (agency)")."""
    words = _FACT_WORDS.get()
    if words is None:
        return ", ".join(paths)
    asked = getattr(words, "asked", words.named)
    said = [(asked(path), path) for path in paths]
    if named:
        return ", ".join(f"{text} ({path})" if text else path for text, path in said)
    items = [text or path for text, path in said]
    if len(items) > 2 and any("," in item for item in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return and_list(items)


def _not_known(facts: str) -> str:
    """What an open provision waits for: "not known here (agency)" by paths, "it is not
    known here who holds the person" in words."""
    if _FACT_WORDS.get() is None:
        return f"not known here ({facts})"
    return f"it is not known here {facts}"


def _is(value: Any) -> str:
    if value is None:
        return "is unknown"
    if isinstance(value, list) and not value:
        return "is empty"
    return f"is {value_words(value)}"


def _unknown_list(expr: ir.Expr, case: Mapping[str, Any]) -> str:
    return _paths(interp.open_facts(expr, case)) or "a fact"
