"""Decision → plain English: what the statute decided, on which provisions, from which facts.

A lawyer reading the account sees, per outcome, the result, the provisions that
decided it (citation and text) with the known facts their conditions read
(``convictions[0].level is felony``), why every other provision did not apply (its
condition in words: ``some conviction has level felony``), what is still unknown, the
time limit and the duties. The per-rule truth values come from the evaluation's
trace, or from re-running the reference interpreter when the backend gave none.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import ir
from ..backends import interp
from ..diagnostics import visible
from ..ir import children

if TYPE_CHECKING:
    from .clock import MaxHold
    from .decision import Decision

__all__ = ["condition_words", "explain", "facts_read"]

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


def explain(decision: Decision) -> str:
    """A plain-English account of `decision` that cites the provisions and the facts."""
    program, case = decision.program, decision.case
    trace = decision.evaluation.trace
    if trace is None:
        trace = interp.evaluate(program, case).trace or {}
    out: list[str] = []
    out.extend(_header(program, decision))
    scope = [r for r in program.rules if r.kind == "scope"]
    if scope:
        out.append("")
        out.extend(_scope(program, scope, trace, case))
    for outcome in ir.OUTCOMES:
        out.append("")
        out.extend(_outcome(decision, outcome, trace))
    out.append("")
    out.extend(_time_limit(decision))
    out.append("")
    out.extend(_duties(decision))
    unknown = _still_unknown(decision)
    if unknown:
        out.append("")
        out.extend(unknown)
    warnings = decision.warnings
    if warnings:
        out.append("")
        out.append("Warnings (they change no outcome):")
        out.extend(f"  - {w['message']}" for w in warnings)
    return "\n".join(out) + "\n"


# ---- sections ---------------------------------------------------------------------------


def _header(program: ir.Program, decision: Decision) -> list[str]:
    meta = program.meta
    status = meta.status
    if meta.superseded is not None and status == "superseded":
        status += f" on {meta.superseded.isoformat()}"
    elif meta.in_force is not None and status == "enacted":
        status += f", in force from {meta.in_force.isoformat()}"
    lines = [
        f"What {meta.id} ({meta.title}) says about this case",
        f"Law: {meta.citation} (status: {status})",
        f"Statute text: {decision.digest} (decided by trustlaw {decision.trustlaw_version})",
    ]
    if decision.case_id is not None:
        lines.append(f"Case: {visible(decision.case_id)}")
    in_force = decision.in_force
    words = {True: "yes", False: "no", None: "unknown (the case date is not given)"}
    lines.append(f"In force on the case date: {words[in_force]}")
    return lines


def _scope(
    program: ir.Program, rules: Sequence[ir.Rule], trace: Mapping[str, str],
    case: Mapping[str, Any],
) -> list[str]:
    first = rules[0]
    words = {trace.get(r.id) for r in rules}
    agency = case.get("agency")
    who = f"this agency ({agency})" if agency is not None else "this agency"
    where = _cite(first, program)
    if "true" in words:
        return [f"Whom the law binds: under {where} it does not bind {who}, so it leaves "
                "every action permitted."]
    if words == {"false"}:
        return [f"Whom the law binds: under {where} it binds {who}."]
    return [f"Whom the law binds: under {where} that is unknown, because "
            f"{_unknown_list(first.condition, case)} is not given."]


def _outcome(decision: Decision, outcome: str, trace: Mapping[str, str]) -> list[str]:
    program, case = decision.program, decision.case
    result = decision.outcomes[outcome]
    lines = [f"{outcome.capitalize()} ({ACTIONS.get(outcome, outcome)}): {result}"]
    rules = list(program.rules_for(outcome))
    grounds = set(decision.evaluation.deciding.get(outcome, ()))
    opened = set(decision.evaluation.open_rules.get(outcome, ()))
    deciding = [r for r in rules if r.id in grounds and r.id not in opened]
    open_rules = [r for r in rules if r.id in opened]

    if result == "undetermined":
        lines.append(f"  The facts given do not settle it; it depends on: "
                     f"{', '.join(decision.depends_on.get(outcome, ())) or 'facts not given'}.")
        still = decision.possible.get(outcome, [])
        if still:
            lines.append(f"  Once they are known it is {' or '.join(still)}.")
        for rule in open_rules:
            lines.append(f"  - {_cite(rule, program)} would make it {rule.modality} if "
                         f"{condition_words(rule.condition)}; not known here "
                         f"({_unknown_list(rule.condition, case)}).")
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
        readings = [n.title for n in program.notes if rule.provision in n.about]
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
    lines.append(f"{indent}    It applies when {condition_words(rule.condition)}{because}.")
    return lines


def _why_not(
    rule: ir.Rule, word: str, top: int | None, case: Mapping[str, Any],
    program: ir.Program | None = None,
) -> str:
    head = f"{_cite(rule, program)} ({rule.outcome} {rule.modality})"
    if word == "true":
        return f"{head} applies too, but a provision of higher rank prevails over it."
    condition = condition_words(rule.condition)
    if word == "false":
        facts = facts_read(rule.condition, case)
        here = f": {_fact_list(facts)}" if facts else ""
        return f"{head} does not apply: it requires that {condition}, which is not so here{here}."
    unknown = _unknown_list(rule.condition, case)
    if top is not None and rule.priority < top:
        return (f"{head} is outranked, whether or not {condition} "
                f"({unknown} not given).")
    return (f"{head} may apply if {condition}, but that cannot change the result "
            f"({unknown} not given).")


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
    if "max_hold" in decision.depends_on:
        lines.append("  Whether this limit applies depends on: "
                     f"{', '.join(decision.depends_on['max_hold'])}.")
    return lines


def _limit_words(hold: MaxHold) -> str:
    if hold.excluding:
        days = [DAY_WORDS.get(d, d) for d in hold.excluding]
        counted = f", not counting {_and_list(days)}"
        if "federal_holiday" in hold.excluding:
            counted += (" (holidays on their calendar dates)" if hold.holidays == "actual"
                        else " (holidays on the weekdays they are observed)")
    else:
        counted = ""
    cite = f" ({hold.citation})" if hold.citation else ""
    return f"{hold.hours} hours{counted}{cite}"


def _duties(decision: Decision) -> list[str]:
    open_duties = [d for d in decision.program.duties if d.id in decision.evaluation.open_duties]
    if decision.duties:
        lines = ["Duties:"]
    elif open_duties:
        lines = ["Duties: none applies for certain in this case."]
    else:
        return ["Duties: none apply in this case."]
    for duty in decision.duties:
        lines.append(f"  - {duty.text} ({duty.citation}; duty \"{duty.id}\")")
    for maybe in open_duties:
        facts = ", ".join(decision.depends_on.get(f"duty:{maybe.id}", ()))
        lines.append(
            f"  - May apply: {maybe.text} ({maybe.citation}; duty \"{maybe.id}\"), "
            f"depending on {facts or 'facts not given'}."
        )
    return lines


def _still_unknown(decision: Decision) -> list[str]:
    if not decision.depends_on:
        return []
    lines = ["Still unknown (give these facts to settle the open points):"]
    for key, paths in decision.depends_on.items():
        if key.startswith("duty:"):
            what = f'the duty "{key[5:]}"'
        elif key == "max_hold":
            what = "the time limit"
        else:
            what = key
        lines.append(f"  - {what}: {', '.join(paths) or 'facts not given'}")
    return lines


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
    for index, item in chosen:
        _witness(
            expr.body,
            case,
            {**env, name: item},
            {**where, name: f"{at}[{index}]"},
            out,
        )


def _fact_list(facts: Iterable[FactValue]) -> str:
    return "; ".join(f"{path} {_is(value)}" for path, value in facts)


def _is(value: Any) -> str:
    if value is None:
        return "is unknown"
    if isinstance(value, list) and not value:
        return "is empty"
    return f"is {_value(value)}"


def _value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "a record"
    return str(value)


def _unknown_list(expr: ir.Expr, case: Mapping[str, Any]) -> str:
    return ", ".join(interp.open_facts(expr, case)) or "a fact"


# ---- conditions in words -------------------------------------------------------------------

_OPS: Mapping[str, tuple[str, str]] = {  # op -> (numbers, dates)
    "=": ("is", "is"),
    "!=": ("is not", "is not"),
    "<": ("is less than", "is before"),
    "<=": ("is at most", "is on or before"),
    ">": ("is more than", "is after"),
    ">=": ("is at least", "is on or after"),
}
_FLIP: Mapping[str, str] = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def condition_words(expr: ir.Expr,
                    named: Callable[[ir.Expr], str | None] | None = None) -> str:
    """An IR condition in plain English: ``any c in convictions where c.level = felony``
    reads "some conviction has level felony". `named`, when given, gives the words for
    a part of the condition that has a name of its own (a definition's body: "convicted
    of a felony"), written in its place rather than spelled out."""
    if named is None:
        return _cond(expr, {})
    asked: dict[int, str | None] = {}  # each part is asked once

    def once(part: ir.Expr) -> str | None:
        if id(part) not in asked:
            asked[id(part)] = named(part)
        return asked[id(part)]

    return _named_cond(expr, once)


def _named_cond(expr: ir.Expr, named: Callable[[ir.Expr], str | None]) -> str:
    """`_cond` at the top of a condition (its and, or and not), each part that has a
    name written by its name."""
    words = named(expr)
    if words is not None:
        return words
    if isinstance(expr, ir.Not):
        inner = named(expr.operand)
        if inner is not None:
            return f"not {inner}"
        if isinstance(expr.operand, (ir.And, ir.Or)):
            return f"not ({_named_cond(expr.operand, named)})"
    if isinstance(expr, ir.And):
        return " and ".join(
            _within_words(part, {}, None) if isinstance(part, _Within)
            else _named_grouped(part, named, ir.Or)
            for part in _windows(expr.operands)
        )
    if isinstance(expr, ir.Or):
        return " or ".join(_named_grouped(o, named, ir.And) for o in expr.operands)
    return _cond(expr, {})


def _named_grouped(expr: ir.Expr, named: Callable[[ir.Expr], str | None], other: type) -> str:
    text = _named_cond(expr, named)
    return f"({text})" if isinstance(expr, other) and named(expr) is None else text


def _cond(expr: ir.Expr, nouns: dict[str, str]) -> str:
    if isinstance(expr, ir.Const):
        if expr.value is True:
            return "always"
        if expr.value is False:
            return "never"
        return _value(expr.value)
    if isinstance(expr, (ir.Fact, ir.Field)) and isinstance(_type(expr), ir.BoolType):
        return f"{_term(expr, nouns)} is true"
    if isinstance(expr, ir.Not):
        return _negated(expr.operand, nouns)
    if isinstance(expr, ir.And):
        return " and ".join(
            _within_words(part, nouns, None) if isinstance(part, _Within)
            else _grouped(part, nouns, ir.Or)
            for part in _windows(expr.operands)
        )
    if isinstance(expr, ir.Or):
        return " or ".join(_grouped(o, nouns, ir.And) for o in expr.operands)
    if isinstance(expr, ir.Compare):
        words = _OPS.get(expr.op, (expr.op, expr.op))[1 if _is_date(expr.left) else 0]
        return f"{_term(expr.left, nouns)} {words} {_term(expr.right, nouns)}"
    if isinstance(expr, ir.Member):
        if isinstance(expr.collection, ir.SetConst):
            return f"{_term(expr.element, nouns)} is {_one_of(expr.collection.values)}"
        return f"{_term(expr.collection, nouns)} includes {_term(expr.element, nouns)}"
    if isinstance(expr, ir.IsKnown):
        return f"{_term(expr.operand, nouns)} is known"
    if isinstance(expr, ir.Quantifier):
        noun = _noun(expr)
        body = _pred(expr.body, expr.var.name, {**nouns, expr.var.name: noun})
        if isinstance(expr.source, ir.Field):  # a list of a bound element: "of its tags"
            noun = f"{noun} of {_term(expr.source, nouns)}"
        if expr.kind == "any":
            return f"some {noun} {body}"
        if expr.kind == "all":
            return f"every {noun} {body}"
        if expr.kind == "no":
            return f"no {noun} {body}"
        return _term(expr, nouns)
    return _term(expr, nouns)


def _negated(expr: ir.Expr, nouns: dict[str, str]) -> str:
    if isinstance(expr, (ir.Fact, ir.Field)) and isinstance(_type(expr), ir.BoolType):
        return f"{_term(expr, nouns)} is false"
    if isinstance(expr, ir.IsKnown):
        return f"{_term(expr.operand, nouns)} is unknown"
    if isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst):
        return f"{_term(expr.element, nouns)} is not {_one_of(expr.collection.values)}"
    if isinstance(expr, ir.Member):
        return f"{_term(expr.collection, nouns)} does not include {_term(expr.element, nouns)}"
    if isinstance(expr, ir.Quantifier) and expr.kind == "any":
        noun = _noun(expr)
        return f"no {noun} {_pred(expr.body, expr.var.name, {**nouns, expr.var.name: noun})}"
    if isinstance(expr, ir.Compare) and expr.op in ("=", "!="):
        return _cond(ir.Compare("!=" if expr.op == "=" else "=", expr.left, expr.right), nouns)
    return f"not ({_cond(expr, nouns)})"


def _grouped(expr: ir.Expr, nouns: dict[str, str], other: type) -> str:
    text = _cond(expr, nouns)
    return f"({text})" if isinstance(expr, other) else text


def _pred(expr: ir.Expr, var: str, nouns: dict[str, str]) -> str:
    """A quantifier body as a verb phrase about the element: "has level felony"."""
    if isinstance(expr, ir.And):
        parts = [
            _within_words(part, nouns, var) if isinstance(part, _Within)
            else _grouped_pred(part, var, nouns, ir.Or)
            for part in _windows(expr.operands)
        ]
        if all(p.startswith("has ") for p in parts):  # "has level felony and court C"
            parts = [parts[0]] + [p[4:] for p in parts[1:]]
        return _and_list(parts)
    if isinstance(expr, ir.Or):
        return " or ".join(_grouped_pred(o, var, nouns, ir.And) for o in expr.operands)
    if _own_field(expr, var):
        assert isinstance(expr, ir.Field)
        if isinstance(expr.type, ir.BoolType):
            return f"has {_words(expr.name)} true"
    if isinstance(expr, ir.Not) and _own_field(expr.operand, var):
        assert isinstance(expr.operand, ir.Field)
        if isinstance(expr.operand.type, ir.BoolType):
            return f"has {_words(expr.operand.name)} false"
    if isinstance(expr, ir.Compare):
        left, op, right = expr.left, expr.op, expr.right
        if not _own_field(left, var) and _own_field(right, var):
            left, op, right = right, _FLIP.get(op, op), left
        if _own_field(left, var):
            assert isinstance(left, ir.Field)
            name = _words(left.name)
            value = _term(right, nouns)
            if op == "=":
                return f"has {name} {value}"
            if op == "!=":
                return f"has {name} other than {value}"
            return f"has {name} {_OPS[op][1 if _is_date(left) else 0][3:]} {value}"
    if isinstance(expr, ir.Member):
        if isinstance(expr.collection, ir.SetConst) and _own_field(expr.element, var):
            assert isinstance(expr.element, ir.Field)
            values = " or ".join(_value(v) for v in expr.collection.values)
            return f"has {_words(expr.element.name)} {values}"
        if _own_field(expr.collection, var):
            assert isinstance(expr.collection, ir.Field)
            return f"has {_term(expr.element, nouns)} among its {_words(expr.collection.name)}"
    if isinstance(expr, ir.IsKnown) and _own_field(expr.operand, var):
        assert isinstance(expr.operand, ir.Field)
        return f"has a known {_words(expr.operand.name)}"
    if isinstance(expr, ir.Compare) and _is_var(expr.left, var):  # an element that is a value
        words = _OPS.get(expr.op, (expr.op, expr.op))[1 if _is_date(expr.left) else 0]
        return f"{words} {_term(expr.right, nouns)}"
    if (
        isinstance(expr, ir.Member)
        and _is_var(expr.element, var)
        and isinstance(expr.collection, ir.SetConst)
    ):
        return f"is {_one_of(expr.collection.values)}"
    negated = isinstance(expr, ir.Not) and isinstance(expr.operand, ir.Quantifier)
    inner = expr.operand if isinstance(expr, ir.Not) else expr
    if isinstance(inner, ir.Quantifier) and _own_field(inner.source, var):
        noun = _noun(inner)
        body = _pred(inner.body, inner.var.name, {**nouns, inner.var.name: noun})
        kind = {"any": "no", "no": "any"}.get(inner.kind, "") if negated else inner.kind
        if kind == "any":
            return f"has a {noun} that {body}"
        if kind == "no":
            return f"has no {noun} that {body}"
        if kind == "all" and isinstance(inner.source, ir.Field):
            return f"is such that every {noun} of its {_words(inner.source.name)} {body}"
    return f"is such that {_cond(expr, nouns)}"


class _Within(NamedTuple):
    """``subject within duration before|after anchor``, as `lower` spells it out: two
    date comparisons, read back as one window."""

    subject: ir.Expr
    duration: ir.Duration
    direction: str
    anchor: ir.Expr


def _windows(operands: Sequence[ir.Expr]) -> list[ir.Expr | _Within]:
    """The operands of a conjunction, each pair that spells a `within` window joined."""
    out: list[ir.Expr | _Within] = []
    i = 0
    while i < len(operands):
        pair = _window(operands[i], operands[i + 1]) if i + 1 < len(operands) else None
        if pair is not None:
            out.append(pair)
            i += 2
        else:
            out.append(operands[i])
            i += 1
    return out


def _window(first: ir.Expr, second: ir.Expr) -> _Within | None:
    if not (isinstance(first, ir.Compare) and isinstance(second, ir.Compare)):
        return None
    if first.op != "<=" or second.op != "<=":
        return None
    low, subject = first.left, first.right
    if (isinstance(low, ir.ShiftDate) and low.sign < 0 and second.left == subject
            and second.right == low.date):  # anchor - d <= s <= anchor
        return _Within(subject, low.duration, "before", low.date)
    high = second.right
    if (isinstance(high, ir.ShiftDate) and high.sign > 0 and second.left == subject
            and first.left == high.date):  # anchor <= s <= anchor + d
        return _Within(subject, high.duration, "after", high.date)
    return None


_DATE_NAMES: Mapping[str, str] = {"date": "the case date", "arrest_date": "the arrest date"}


def _within_words(window: _Within, nouns: dict[str, str], var: str | None) -> str:
    """"the conviction is dated within 5 years before the case date" (both ends count)."""
    anchor = window.anchor
    if isinstance(anchor, ir.Fact) and anchor.dotted in _DATE_NAMES:
        where = _DATE_NAMES[anchor.dotted]
    else:
        where = _term(anchor, nouns)
    span = f"within {window.duration} {window.direction} {where}"
    subject = window.subject
    if var is not None and _own_field(subject, var):
        assert isinstance(subject, ir.Field)
        if subject.name == "date":
            return f"is dated {span}"
        return f"has {_words(subject.name)} {span}"
    if isinstance(subject, ir.Field) and subject.name == "date":
        noun = nouns.get(subject.record.name, subject.record.name)
        return f"the {noun} is dated {span}"
    return f"{_term(subject, nouns)} is {span}"


def _is_var(expr: ir.Expr, var: str) -> bool:
    return isinstance(expr, ir.Var) and expr.name == var


def _grouped_pred(expr: ir.Expr, var: str, nouns: dict[str, str], other: type) -> str:
    text = _pred(expr, var, nouns)
    return f"({text})" if isinstance(expr, other) else text


def _own_field(expr: ir.Expr, var: str) -> bool:
    return isinstance(expr, ir.Field) and expr.record.name == var


def _term(expr: ir.Expr, nouns: dict[str, str]) -> str:
    if isinstance(expr, ir.Fact):
        return expr.dotted
    if isinstance(expr, ir.Field):
        noun = nouns.get(expr.record.name, expr.record.name)
        return f"the {noun}'s {_words(expr.name)}"
    if isinstance(expr, ir.Var):
        return f"the {nouns.get(expr.name, expr.name)}"
    if isinstance(expr, ir.Const):
        return _value(expr.value)
    if isinstance(expr, ir.SetConst):
        return "{" + ", ".join(_value(v) for v in expr.values) + "}"
    if isinstance(expr, ir.IntArith):
        word = "plus" if expr.op == "+" else "minus"
        return f"{_term(expr.left, nouns)} {word} {_term(expr.right, nouns)}"
    if isinstance(expr, ir.ShiftDate):
        word = "plus" if expr.sign > 0 else "minus"
        return f"{_term(expr.date, nouns)} {word} {expr.duration}"
    if isinstance(expr, ir.Quantifier) and expr.kind == "count":
        noun = _noun(expr)
        body = _pred(expr.body, expr.var.name, {**nouns, expr.var.name: noun})
        return f"the number of {_term(expr.source, nouns)} where the {noun} {body}"
    return f"({_cond(expr, nouns)})"


def _noun(expr: ir.Quantifier) -> str:
    if isinstance(expr.var.type, ir.RecordType):
        return _words(expr.var.type.name)
    last = expr.source.path[-1] if isinstance(expr.source, ir.Fact) else expr.source.name
    return _words(last[:-1] if last.endswith("s") else last)


def _words(name: str) -> str:
    return name.replace("_", " ")


def _one_of(values: Sequence[Any]) -> str:
    shown = [_value(v) for v in values]
    if len(shown) == 1:
        return shown[0]
    return "one of " + ", ".join(shown)


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _type(expr: ir.Expr) -> ir.Type | None:
    return getattr(expr, "type", None)


def _is_date(expr: ir.Expr) -> bool:
    if isinstance(expr, ir.ShiftDate):
        return True
    if isinstance(expr, ir.Const):
        return isinstance(expr.value, _dt.date)
    return isinstance(_type(expr), ir.DateType)
