"""Decision → what it rests on: the law's status on the case date, warnings, possible outcomes.

CASES.md 3a: `in_force` (was the statute in force on the case's `date`: true, false,
or None when the date is unknown), `warnings` (never change an outcome), `possible` (for
each undetermined outcome, the results it may still take once the facts are known), and
per ground its verification mark and the titles of the notes on its provision or action.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import ir
from ..backends.interp import Evaluator, evaluator
from ..dates import day_words
from .request import NO_HOLD_FORMS

if TYPE_CHECKING:
    from ..backends.sql.program import CaseWarnings

# statuses of a text that became law at some time (the rest never did)
BECAME_LAW = ("enacted", "superseded", "repealed")
NEVER_LAW = {  # a pending bill may still pass: it is not said never to have become law
    "proposed": "is a proposal, not law",
    "vetoed": "was vetoed and never became law",
    "died": "died in the legislature and never became law",
    "model": "is a policy model, not a law",
}
# what a decision under such a text says (the rest: "what it would have decided")
WOULD_DECIDE = {"proposed": "what it would decide if enacted", "model": "what it would decide"}
VERIFICATION_WORDS = {"S": "a secondary source", "U": "an unverified reading"}


def in_force(meta: ir.StatuteMeta, case: Mapping[str, Any]) -> bool | None:
    """Whether the statute was in force on the case's `date` (None: the date, or the day
    a law came into force, is unknown)."""
    day = case.get("date")
    if not isinstance(day, _dt.date):
        return None
    if meta.status not in BECAME_LAW:
        return False
    if meta.in_force is None:
        return None
    return meta.in_force <= day and (meta.superseded is None or day < meta.superseded)


def warnings(
    program: ir.Program,
    case: Mapping[str, Any],
    deciding: Mapping[str, tuple[str, ...]],
) -> list[dict[str, str]]:
    """The warnings of a decision, in a fixed order: the law's status, the case date,
    then each deciding provision that rests on a secondary or unverified source."""
    return [*date_warnings(program.meta, case), *source_warnings(program, deciding)]


# who signed a judicial warrant: a few laws accept only a federal judge's
SIGNER = ("request", "judicial_warrant_signed_by")
_NO_ENV: Mapping[str, Any] = {}  # no quantifier variable is bound in a scope test


def reads_signer(program: ir.Program) -> bool:
    """Whether the statute tells a state judge's warrant from a federal judge's."""
    return _reads(program, SIGNER)


def _reads(program: ir.Program, path: tuple[str, ...]) -> bool:
    conditions = [*(r.condition for r in program.rules), *(x.condition for x in program.limits),
                  *(d.condition for d in program.duties)]
    return any(path in ir.referenced_paths(c) for c in conditions)


def case_warnings(
    meta: ir.StatuteMeta, case: Mapping[str, Any], signer_matters: bool
) -> list[dict[str, str]]:
    """The warnings that depend on the case: the law's status and the case date, then a
    judicial warrant read as the case format defines it because its signer is not stated
    (`signer_matters`: the statute tells signers apart, `reads_signer`), then a request
    whose kinds ask for a hold on a form that asks for none."""
    out = date_warnings(meta, case)
    request = case.get("request")
    if not isinstance(request, Mapping):
        return out
    if (signer_matters and request.get("judicial_warrant") is True
            and request.get("judicial_warrant_signed_by") is None):
        out.append({"code": "signer-not-stated", "message": (
            f"The request comes with a judicial warrant and does not say who signed it; "
            f"{meta.id} treats a state judge's warrant otherwise than a federal judge's, and "
            "the warrant is read as a federal judge's or magistrate judge's, as "
            "request.judicial_warrant is defined. Give request.judicial_warrant_signed_by "
            "to be sure.")})
    kinds, form = request.get("kinds"), request.get("form")
    if (isinstance(kinds, (list, tuple)) and "hold" in kinds
            and isinstance(form, str) and form in NO_HOLD_FORMS):
        out.append({"code": "request-contradicts-form", "message": (
            f"request.kinds asks for a hold, but Form {form} asks for none, so a hold "
            "may last 0 hours beyond release (whatever the outcome says of the hold). "
            "Check which the immigration authority asked for.")})
    return out


def scope_conditions(program: ir.Program) -> tuple[ir.Expr, ...]:
    """When the statute does not bind the case's agency: the condition of each of its
    scope rules (the rules an ``applies if`` adds), each once."""
    return tuple(dict.fromkeys(r.condition for r in program.rules if r.kind == "scope"))


def scope_tests(program: ir.Program) -> tuple[Evaluator, ...]:
    """`scope_conditions` made into functions of a validated case, built once per statute."""
    return tuple(evaluator(condition) for condition in scope_conditions(program))


def not_bound_warnings(
    meta: ir.StatuteMeta, case: Mapping[str, Any], tests: tuple[Evaluator, ...]
) -> list[dict[str, str]]:
    """A warning when the statute does not bind the agency (a scope test, `scope_tests`,
    is true of the case): each outcome it then leaves "permitted" is left to other law,
    which a reader of the one word would otherwise take for the law's leave. An agency
    that is unknown gets none (its outcomes are undetermined and say why)."""
    if not any(test(case, _NO_ENV) is True for test in tests):
        return []
    agency = case.get("agency")
    who = f" ({agency})" if isinstance(agency, str) else ""
    return [{"code": "not-bound", "message": (
        f"{meta.id} does not bind the agency that holds the person{who}: what it leaves "
        "permitted is left to other law (the federal regulation, the agency's own rules), "
        f"not allowed by {meta.id}.")}]


# whether the person is a citizen of the United States
CITIZEN = ("person", "us_citizen")


def reads_citizen(program: ir.Program) -> bool:
    """Whether the statute has a rule of its own on a person who is a citizen."""
    return _reads(program, CITIZEN)


def citizen_warnings(
    meta: ir.StatuteMeta, case: Mapping[str, Any], hold: str, reads: bool
) -> list[dict[str, str]]:
    """A warning when the case records that the person is a United States citizen, the
    statute has no rule on citizens (`reads`: `reads_citizen`) and does not prohibit the
    hold: a detainer asks to hold an alien for removal, and the federal regulation is
    read as giving no ground to hold a citizen (us/detainer-regulation). The statute's
    outcome stands (a warning changes none); it is a fact about the request."""
    person = case.get("person")
    if reads or hold == "prohibited" or not isinstance(person, Mapping) \
            or person.get("us_citizen") is not True:
        return []
    return [{"code": "citizen", "message": (
        f"The case records that the person is a United States citizen. {meta.id} says "
        f"nothing of citizens, and a hold it leaves {hold} rests on the federal request, "
        "which asks to hold an alien for removal: us/detainer-regulation reads the "
        "regulation as giving no ground to hold a citizen, and prohibits that hold.")}]


#: The codes `case_warnings`, `not_bound_warnings` and `citizen_warnings` write, which a batch's
#: ``warnings`` column carries (`sql_case_warnings`), in the order a decision lists them.
CASE_WARNING_CODES = ("not-law", "not-in-force", "date-unknown", "period-unknown",
                      "signer-not-stated", "request-contradicts-form", "not-bound", "citizen")


def sql_case_warnings(program: ir.Program, vocab: ir.Vocabulary) -> CaseWarnings:
    """`case_warnings` as conditions a SQL query tests (`backends.sql.CaseWarnings`):
    for each code, in a decision's order, when a case of `vocab` gets it under
    `program`. A fact the vocabulary lacks, or holds as another type, is never known,
    as it is never in a validated case."""
    from ..backends.sql.program import CaseWarnings

    meta = program.meta
    never, yes = meta.status in NEVER_LAW, ir.Const(True, ir.BoolType())
    no = ir.Const(False, ir.BoolType())
    date = _fact(vocab, ("date",), ir.DateType)
    known: ir.Expr = ir.IsKnown(date) if date is not None else no
    unknown: ir.Expr = ir.Not(known) if date is not None else yes
    outside: ir.Expr = known  # a date known, and the law not in force on it
    if meta.status in BECAME_LAW and meta.in_force is not None and date is not None:
        ends = [ir.Compare("<", date, ir.Const(meta.in_force, ir.DateType()))]
        if meta.superseded is not None:
            ends.append(ir.Compare(">=", date, ir.Const(meta.superseded, ir.DateType())))
        outside = ir.And((known, ends[0] if len(ends) == 1 else ir.Or(tuple(ends))))
    elif meta.status in BECAME_LAW:  # in_force unknown: the period is
        outside = no
    checks: list[tuple[str, ir.Expr]] = [
        ("not-law", yes if never else no),
        ("not-in-force", no if never else outside),
        ("date-unknown", no if never else unknown),
        ("period-unknown", known if not never and meta.status in BECAME_LAW
         and meta.in_force is None else no),
    ]
    warrant = _fact(vocab, ("request", "judicial_warrant"), ir.BoolType)
    signer = _fact(vocab, SIGNER, object)
    if reads_signer(program) and warrant is not None and signer is not None:
        checks.append(("signer-not-stated", ir.And((warrant, ir.Not(ir.IsKnown(signer))))))
    kinds = _fact(vocab, ("request", "kinds"), ir.ListType)
    form = _fact(vocab, ("request", "form"), ir.EnumType)
    if kinds is not None and form is not None and isinstance(kinds.type, ir.ListType) \
            and isinstance(form.type, ir.EnumType):
        element = kinds.type.element
        forms = tuple(f for f in form.type.values if f in NO_HOLD_FORMS)
        if isinstance(element, ir.EnumType) and "hold" in element.values and forms:
            checks.append(("request-contradicts-form", ir.And((
                ir.Member(ir.Const("hold", element), kinds),
                ir.Member(form, ir.SetConst(forms, form.type))))))
    scopes = scope_conditions(program)
    if scopes:
        checks.append(("not-bound", scopes[0] if len(scopes) == 1 else ir.Or(scopes)))
    citizen = _fact(vocab, CITIZEN, ir.BoolType)
    unless_prohibited = (("citizen", citizen),) \
        if citizen is not None and not reads_citizen(program) else ()
    return CaseWarnings(tuple(checks), unless_prohibited)


def _fact(vocab: ir.Vocabulary, path: tuple[str, ...], kind: type) -> ir.Fact | None:
    """The fact at `path` (a top-level field, or a field of a record field) when the
    vocabulary has it with a type of `kind`, else None."""
    found = vocab.field(path[0])
    for name in path[1:]:
        record = vocab.record(found.type.name) if found is not None and isinstance(
            found.type, ir.RecordType) else None
        found = record.field(name) if record is not None else None
    if found is None or not isinstance(found.type, kind):
        return None
    return ir.Fact(path, found.type)


def date_warnings(meta: ir.StatuteMeta, case: Mapping[str, Any]) -> list[dict[str, str]]:
    """The warnings about the law's status and the case date (the part of a decision's
    warnings that depends on the case)."""
    out: list[dict[str, str]] = []
    never = NEVER_LAW.get(meta.status)
    if never is not None:
        would = WOULD_DECIDE.get(meta.status, "what it would have decided")
        out.append({"code": "not-law", "message": f"{meta.id} {never}; the decision says "
                    f"{would}."})
    active = in_force(meta, case)
    day = case.get("date")
    if active is False and never is None and isinstance(day, _dt.date):
        out.append({"code": "not-in-force", "message": _period_words(meta, day)})
    elif active is None and never is None and not isinstance(day, _dt.date):
        out.append({"code": "date-unknown", "message": "The case date is unknown, so whether "
                    f"{meta.id} was in force is unknown."})
    elif active is None and never is None:
        out.append({"code": "period-unknown", "message": f"{meta.id} gives no date on which "
                    "it came into force, so whether it was in force on the case date is "
                    "unknown."})
    return out


def source_warnings(
    program: ir.Program, deciding: Mapping[str, tuple[str, ...]]
) -> list[dict[str, str]]:
    """A warning for each deciding provision that rests on a secondary or unverified
    source (the part of a decision's warnings fixed by its deciding rules)."""
    return [{"code": code, "message": (
        f"Provision {label} ({citation}), which decides {outcome}, rests on "
        f"{VERIFICATION_WORDS.get(level, '?')}.")}
        for code, level, label, citation, outcome in weak_sources(program, deciding)]


def weak_sources(
    program: ir.Program, deciding: Mapping[str, tuple[str, ...]]
) -> list[tuple[str, str, str, str, str]]:
    """(code, verification, provision label, citation, outcome) for each deciding
    provision that rests on a secondary or unverified source, once each, in outcome order."""
    out: list[tuple[str, str, str, str, str]] = []
    rules = {r.id: r for r in program.rules}
    seen: set[str] = set()
    for outcome in ir.OUTCOMES:
        for rule_id in deciding.get(outcome, ()):
            rule = rules.get(rule_id)
            if rule is None or rule.provision in seen:
                continue
            seen.add(rule.provision)
            provision = program.provision(rule.provision)
            if provision is None or provision.verification == "V":
                continue
            code = "secondary-source" if provision.verification == "S" else "unverified"
            out.append((code, provision.verification, rule.provision, provision.citation,
                        outcome))
    return out


def limit_warnings(program: ir.Program, limit: Any) -> list[dict[str, str]]:
    """A warning when the time limit that governs (`Decision.max_hold`) is this statute's
    own and its provision rests on a secondary or unverified source."""
    weak = weak_limit(program, limit)
    if weak is None:
        return []
    code, level, label, citation = weak
    return [{"code": code, "message": (
        f"Provision {label} ({citation}), which sets the time limit, rests on "
        f"{VERIFICATION_WORDS.get(level, '?')}.")}]


def weak_limit(program: ir.Program, limit: Any) -> tuple[str, str, str, str] | None:
    """(code, verification, provision label, citation) of the governing time limit's
    provision when it is this statute's own and rests on a secondary or unverified
    source; else None."""
    if limit is None:
        return None
    for rule in program.limits:
        if (rule.citation, rule.hours, tuple(rule.excluding)) != (
                limit.citation, limit.hours, tuple(limit.excluding)):
            continue
        provision = program.provision(rule.provision)
        if provision is None or provision.verification == "V":
            return None
        code = "secondary-source" if provision.verification == "S" else "unverified"
        return code, provision.verification, rule.provision, provision.citation
    return None


def _period_words(meta: ir.StatuteMeta, day: _dt.date) -> str:
    """The warning for a case dated outside the law's period, dates as a lawyer writes them."""
    when = day_words(day)
    if meta.in_force is not None and day < meta.in_force:
        return (f"The case is dated {when}, before {meta.id} came into force on "
                f"{day_words(meta.in_force)}; the decision applies it anyway.")
    ended = day_words(meta.superseded) if meta.superseded else "an unknown date"
    return (f"The case is dated {when}, after {meta.id} stopped applying on {ended}; "
            "the decision applies it anyway.")


def possible(
    program: ir.Program, outcomes: Mapping[str, str], trace: Mapping[str, str]
) -> dict[str, list[str]]:
    """For each undetermined outcome, the results it may take once the facts are known,
    in the order prohibited, permitted, required: a rule can decide when it is true or
    unknown and every rule above it may be false; the law is silent (permitted) when
    every rule may be false. Each open condition is read on its own, so the list may name
    a result that correlated facts would in fact rule out, never omit one."""
    out: dict[str, list[str]] = {}
    for outcome in ir.OUTCOMES:
        if outcomes.get(outcome) != "undetermined":
            continue
        found: set[str] = set()
        silent = True
        for priority in sorted({r.priority for r in program.rules_for(outcome)}, reverse=True):
            group = [r for r in program.rules_for(outcome) if r.priority == priority]
            words = [trace.get(r.id, "unknown") for r in group]
            found.update(r.modality for r, w in zip(group, words, strict=True) if w != "false")
            if "true" in words:
                silent = False
                break
        if silent:
            found.add("permitted")
        out[outcome] = [m for m in ("prohibited", "permitted", "required") if m in found]
    return out


def notes_about(program: ir.Program, label: str | None, outcome: str | None) -> tuple[str, ...]:
    """The titles of the readings a ground rests on, in file order: the notes about its
    provision `label` (None where the law is silent) and those about its action `outcome`
    as a whole (`about notification`; None for a ground of whom the law binds, which no
    reading of an action touches)."""
    return tuple(n.title for n in program.notes if label in n.about or outcome in n.about)


def rule_notes(program: ir.Program, rule: ir.Rule) -> tuple[str, ...]:
    """The readings a rule's ground rests on (`notes_about`); a scope rule's are its
    provision's only."""
    return notes_about(program, rule.provision, None if rule.kind == "scope" else rule.outcome)
