"""Provisions (syntax) → ir.Rules, duties and time limits, ranked by their exceptions.

Each conclusion of a provision becomes a rule whose priority comes from the provision's
`except`, `notwithstanding` and `subject to` relations (a cycle is reported). An
`applies if` clause limits the statute's scope: it becomes a top-priority rule per
outcome, and a condition on every duty and limit. Two rules that decide one outcome
differently at the same rank are a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypedDict, TypeVar

import attrs

from .. import ir
from ..diagnostics import Diagnostic, Span
from ..language import syntax
from ..names import did_you_mean, one_of
from .meta import BAD_VERIFICATION, VERIFICATION_HELP, VERIFICATIONS
from .resolve import Resolver, conj, freshen

PRIORITY_CYCLE = "TL-S002"
EXCEPTIONS_TOO_DEEP = "TL-S031"

#: The longest chain of provisions each an exception to the next (`except`,
#: `notwithstanding`, `subject to`); every backend walks the ranks one inside another.
MAX_EXCEPTION_DEPTH = 100

#: The longest hold limit a statute may state (a year); the clock counts day by day.
MAX_LIMIT_HOURS = 8_760
CONFLICT = "TL-S003"
MISSING_CITATION = "TL-S004"
LIMIT_NOT_HOLD = "TL-S008"
HOLIDAYS_UNREAD = "TL-S009"
COUNTING_WITHOUT_HOLIDAY = "TL-S010"
BAD_LIMIT_HOURS = "TL-S014"
DUPLICATE_DUTY = "TL-S015"
DUPLICATE_DOC = "TL-S018"
BINDS_WITH_CONCLUSION = "TL-S019"
UNKNOWN_RELATION_TARGET = "TL-N005"
UNKNOWN_OUTCOME = "TL-N006"
UNKNOWN_DAY_KIND = "TL-N007"
UNKNOWN_MODALITY = "TL-N012"
UNKNOWN_HOLIDAY_READING = "TL-N013"

Report = Callable[[Diagnostic], None]


@attrs.frozen
class ProvisionInfo:
    """A provision in force with what its docs say (its own verification mark, if any)."""

    syntax: syntax.Provision
    citation: str
    text: str
    verification: str
    explicit_verification: str | None
    editorial: bool = False


@attrs.frozen
class _Condition:
    """A condition lowered, with the definitions it reads (`ir.Rule.reads`) and the syntax
    it was lowered from (spans are not part of a syntax node's repr or equality)."""

    expr: ir.Expr
    reads: frozenset[str]
    written: tuple[object, ...]

    def recorded(self) -> _Recorded:
        """The `reads` and `as_written` of the rule, duty or limit it is the condition of."""
        return {"reads": tuple(sorted(self.reads)), "as_written": _as_written(*self.written)}


_Placed = TypeVar("_Placed", ir.Duty, ir.Limit)


class _Recorded(TypedDict):
    reads: tuple[str, ...]
    as_written: str


_CLOSE = object()  # the end of a node or tuple in `_as_written`'s walk


def _as_written(*parts: object) -> str:
    """`ir.Rule.as_written`: a digest of the syntax a condition was lowered from (its
    nodes' classes and fields without their places in the file), walked with a stack
    of its own: a chain of thousands of `or`s is that deep."""
    digest = hashlib.sha256()
    stack: list[object] = [parts]
    while stack:
        item = stack.pop()
        if item is _CLOSE:
            digest.update(b")")
        elif isinstance(item, tuple | list):
            digest.update(b"(")
            stack.append(_CLOSE)
            stack.extend(reversed(item))
        elif attrs.has(type(item)):
            kind: Any = type(item)
            digest.update(kind.__name__.encode("utf-8") + b"(")
            stack.append(_CLOSE)
            stack.extend(reversed([getattr(item, field.name) for field in attrs.fields(kind)
                                   if field.eq]))  # not `span`
        else:
            digest.update(repr(item).encode("utf-8") + b",")
    return "sha256:" + digest.hexdigest()


@attrs.frozen
class LoweredProvisions:
    """The provisions in force, lowered: their rules, duties and time limits."""

    infos: tuple[ProvisionInfo, ...]
    rules: tuple[ir.Rule, ...]
    duties: tuple[ir.Duty, ...]
    limits: tuple[ir.Limit, ...]


def lower_provisions(
    provisions: Sequence[syntax.Provision],
    verification: str,
    resolver: Resolver,
    report: Report,
    struck: Sequence[syntax.Strike] = (),
    levels: Mapping[str, str] | None = None,
    own_file: str | None = None,
) -> LoweredProvisions:
    """Lower the provisions in force; a provision without a verification mark of its own
    takes that of the header of the file that wrote it (`levels`, by label: an amended
    statute's), else the statute's `verification`; `struck` are the amending file's
    strikes, which a provision ranked against a struck one is told of; a conflict between
    a provision of `own_file` (an amendment) and one of the amended statute is shown at
    the amendment's. Problems are reported; what fails is left out."""
    return _Provisions(resolver, report, struck, own_file).run(provisions, verification,
                                                                levels or {})


def read_docs(
    docs: Iterable[syntax.Doc], what: str, span: Span | None, report: Report
) -> tuple[str | None, str, str | None]:
    """(citation, text, explicit verification) of a provision's or definition's docs;
    the citation is None (and reported) when there is none."""
    cites = [d.value for d in docs if d.kind == "cites"]
    texts = [d.value for d in docs if d.kind == "text"]
    marks = [d for d in docs if d.kind == "verification"]
    verification: str | None = None
    for mark in marks:
        if mark.value not in VERIFICATIONS:
            report(Diagnostic(
                BAD_VERIFICATION, f"`{mark.value}` is not a verification mark", mark.span,
                did_you_mean(mark.value, VERIFICATIONS, VERIFICATION_HELP),
            ))
        elif verification is not None:
            report(Diagnostic(DUPLICATE_DOC, f"{what} is given two verification marks",
                              mark.span, "keep one"))
        else:
            verification = mark.value
    empty = [d for d in docs if d.kind == "cites" and not d.value.strip()]
    for doc in empty:  # `cites ""`: no citation either
        report(Diagnostic(MISSING_CITATION, f"{what} has an empty citation", doc.span,
                          'write in `cites "…"` the section of the law it encodes'))
    if not cites:
        report(Diagnostic(
            MISSING_CITATION, f"{what} has no citation", span,
            'add `cites "…"` with the section of the law it encodes',
        ))
    if not cites or empty:
        return None, " ".join(texts), verification
    return "; ".join(cites), " ".join(texts), verification


def check_outcome(outcome: str, span: Span | None, report: Report) -> bool:
    """Whether `outcome` is one of the outcomes (reported when it is not)."""
    if outcome in ir.OUTCOMES:
        return True
    report(Diagnostic(
        UNKNOWN_OUTCOME, f"`{outcome}` is not an outcome", span,
        did_you_mean(outcome, ir.OUTCOMES, f"an outcome is {one_of(ir.OUTCOMES)}"),
    ))
    return False


def lower_excluding(
    excl: syntax.Excluding | None, span: Span | None, report: Report, expectation: bool = False
) -> tuple[tuple[str, ...], str] | None:
    """The days a hold clock skips (in canonical order) and its reading of holidays (None
    when they are wrong: that is reported); an example's expectation need not say which
    reading it expects."""
    if excl is None:
        return (), "actual"
    where = excl.span or span
    problems: list[Diagnostic] = []
    days = set(excl.days)
    day_spans = excl.day_spans if len(excl.day_spans) == len(excl.days) else ()
    for index, day in enumerate(excl.days):
        if day not in ir.DAY_KINDS:
            problems.append(Diagnostic(
                UNKNOWN_DAY_KIND, f"`{day}` is not a kind of day the clock can skip",
                day_spans[index] if day_spans else where,
                did_you_mean(day, ir.DAY_KINDS, f"the clock can skip {one_of(ir.DAY_KINDS)}"),
            ))
    counting = excl.counting
    if counting is not None and counting not in ir.HOLIDAY_READINGS:
        problems.append(Diagnostic(
            UNKNOWN_HOLIDAY_READING, f"`counting {counting}` is not a reading of holidays", where,
            did_you_mean(counting, ir.HOLIDAY_READINGS,
                         "write `counting actual` or `counting observed`"),
        ))
    if "federal_holiday" in days and counting is None and not expectation:
        problems.append(Diagnostic(
            HOLIDAYS_UNREAD,
            "excluding `federal_holiday` needs `counting actual` or `counting observed`",
            where,
            "the file must say which reading of holidays it encodes: `actual` takes each "
            "holiday on its date, `observed` also skips the weekday a weekend holiday is "
            "observed on",
        ))
    if counting is not None and "federal_holiday" not in days:
        problems.append(Diagnostic(
            COUNTING_WITHOUT_HOLIDAY,
            f"`counting {counting}` only matters when `federal_holiday` is excluded", where,
            "remove `counting …`, or exclude `federal_holiday`",
        ))
    for problem in problems:
        report(problem)
    if problems:
        return None
    return tuple(d for d in ir.DAY_KINDS if d in days), counting or "actual"


class _Provisions:
    """The ranking and lowering of one statute's provisions in force."""

    def __init__(self, resolver: Resolver, report: Report, struck: Sequence[syntax.Strike],
                 own_file: str | None = None):
        self.own_file = own_file
        self.resolver = resolver
        self.report = report
        self.struck = {strike.label: strike for strike in struck}
        self.unranked: set[str] = set()  # in a cycle, or related to a missing provision

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.report(Diagnostic(code, message, span, help))

    def run(self, provisions: Sequence[syntax.Provision], verification: str,
            levels: Mapping[str, str]) -> LoweredProvisions:
        infos = []
        for p in provisions:
            citation, text, mark = read_docs(p.docs, f"provision {p.label}", p.span, self.report)
            editorial = any(d.kind == "editorial" for d in p.docs)
            infos.append(
                ProvisionInfo(p, citation or "", text,
                              mark or levels.get(p.label, verification), mark, editorial)
            )
        priorities = self.priorities(infos)
        rules, duties, limits = self.rules(infos, priorities)
        self.conflicts(rules, infos)
        return LoweredProvisions(tuple(infos), tuple(rules), tuple(duties), tuple(limits))

    def priorities(self, infos: Sequence[ProvisionInfo]) -> dict[str, int]:
        """Priority of each provision: 0 when it outranks nothing, else one more than the
        highest provision it outranks. Cycles are reported and their members get 0."""
        labels = [i.syntax.label for i in infos]
        known = set(labels)
        below: dict[str, list[str]] = {label: [] for label in labels}
        for info in infos:
            p = info.syntax
            for rel in p.relations:
                if rel.target not in known:
                    word = {"except": "except", "notwithstanding": "notwithstanding",
                            "subject_to": "subject to"}.get(rel.kind, rel.kind)
                    strike = self.struck.get(rel.target)
                    self.error(
                        UNKNOWN_RELATION_TARGET,
                        f"provision {p.label} is `{word} {rel.target}`, but there is no "
                        f"provision {rel.target}" if strike is None else
                        f"provision {p.label} is `{word} {rel.target}`, but this amendment "
                        f"strikes {rel.target} (at {strike.span})",
                        rel.span or p.span,
                        did_you_mean(rel.target, [x for x in labels if x != p.label],
                                     "name a provision of this statute") if strike is None else
                        f"rank it against a provision still in force, or replace {rel.target} "
                        "with a provision of the same label instead of striking it",
                    )
                    self.unranked.add(p.label)
                    continue
                if rel.kind == "subject_to":
                    below[rel.target].append(p.label)
                else:
                    below[p.label].append(rel.target)

        order = {label: i for i, label in enumerate(labels)}
        spans = {i.syntax.label: i.syntax.span for i in infos}
        state: dict[str, int] = {}  # 1 visiting, 2 done
        stack: list[str] = []
        in_cycle: set[str] = set()
        reported: set[frozenset[str]] = set()

        def report_cycle(lower_label: str) -> None:
            cycle = stack[stack.index(lower_label):]
            key = frozenset(cycle)
            in_cycle.update(cycle)
            if key not in reported:
                reported.add(key)
                start = min(cycle, key=order.__getitem__)
                i = cycle.index(start)
                path = [*cycle[i:], *cycle[:i], start]
                self.error(
                    PRIORITY_CYCLE,
                    "the ranking of provisions goes in a circle: "
                    + " → ".join(path) + " (each outranks the next)",
                    spans[start],
                    "an exception cannot also be the rule it is an exception to; "
                    "remove one `except`, `notwithstanding` or `subject to`",
                )

        def visit(root: str) -> None:
            """Depth-first from `root`, reporting each cycle once (no recursion)."""
            state[root] = 1
            stack.append(root)
            frames = [iter(below[root])]
            while frames:
                for lower_label in frames[-1]:
                    if state.get(lower_label) == 1:
                        report_cycle(lower_label)
                    elif state.get(lower_label) is None:
                        state[lower_label] = 1
                        stack.append(lower_label)
                        frames.append(iter(below[lower_label]))
                        break
                else:
                    frames.pop()
                    state[stack.pop()] = 2

        for label in labels:
            if label not in state:
                visit(label)
        self.unranked |= in_cycle

        priority: dict[str, int] = {}

        def rank(root: str) -> None:
            """One more than the highest rank below, computed leaves first (no recursion)."""
            priority[root] = 0
            if root in in_cycle:
                return
            path = [root]
            frames = [iter(below[root])]
            while frames:
                for lower_label in frames[-1]:
                    if lower_label not in priority:
                        priority[lower_label] = 0
                        if lower_label not in in_cycle:
                            path.append(lower_label)
                            frames.append(iter(below[lower_label]))
                            break
                else:
                    frames.pop()
                    label = path.pop()
                    priority[label] = max((priority[x] + 1 for x in below[label]), default=0)

        for label in labels:
            if label not in priority:
                rank(label)
        deepest = max(labels, key=lambda label: priority[label], default=None)
        if deepest is not None and priority[deepest] > MAX_EXCEPTION_DEPTH:
            self.error(
                EXCEPTIONS_TOO_DEEP,
                f"provision {deepest} is an exception nested more than {MAX_EXCEPTION_DEPTH} "
                "levels deep (an exception to an exception to …)",
                spans[deepest],
                "a law's exceptions nest a few levels; make most of these conditions of "
                "fewer provisions",
            )
            self.unranked |= set(labels)
        return priority

    def _condition(self, cond: syntax.Condition | None, what: str) -> _Condition | None:
        if cond is None:
            return _Condition(ir.TRUE, frozenset(), (None,))
        parts: list[ir.Expr] = []
        ok = True
        with self.resolver.reading() as reads:
            if cond.if_ is not None:
                e = self.resolver.condition(cond.if_, {}, f"the condition of {what}")
                ok = ok and e is not None
                if e is not None:
                    parts.append(e)
            if cond.unless is not None:
                u = self.resolver.condition(cond.unless, {}, f"the `unless` of {what}")
                ok = ok and u is not None
                if u is not None:
                    parts.append(ir.Not(u, span=cond.unless.span))
        if not ok:
            return None
        return _Condition(freshen(conj(parts, cond.span)), frozenset(reads), (cond,))

    def rules(
        self, infos: Sequence[ProvisionInfo], priorities: dict[str, int]
    ) -> tuple[list[ir.Rule], list[ir.Duty], list[ir.Limit]]:
        rules: list[ir.Rule] = []
        duties: list[tuple[ir.Duty, _Condition]] = []
        limits: list[tuple[ir.Limit, _Condition]] = []
        scopes: list[tuple[ProvisionInfo, _Condition]] = []
        duty_spans: dict[str, Span | None] = {}
        # duties and limits of a provision with `binds if`: bound by it, not the law's scope
        own_scope: dict[int, _Condition] = {}
        for info in infos:
            p = info.syntax
            counts: dict[str, int] = {}
            applies: list[ir.Expr] = []
            applies_written: list[object] = []
            applies_reads: set[str] = set()
            binds = self._binds(p)
            for clause in p.clauses:
                if isinstance(clause, syntax.Conclusion):
                    ok = check_outcome(clause.outcome, clause.span, self.report)
                    if clause.modality not in ir.MODALITIES:
                        self.error(
                            UNKNOWN_MODALITY, f"`{clause.modality}` is not a conclusion",
                            clause.span,
                            did_you_mean(clause.modality, ir.MODALITIES,
                                         f"a conclusion is {one_of(ir.MODALITIES)}"),
                        )
                        ok = False
                    cond = self._condition(
                        clause.condition, f"`{clause.outcome} {clause.modality}` in {p.label}"
                    )
                    if not ok or cond is None:
                        continue
                    counts[clause.outcome] = counts.get(clause.outcome, 0) + 1
                    rules.append(ir.Rule(
                        id=f"{p.label}:{clause.outcome}:{counts[clause.outcome]}",
                        provision=p.label,
                        outcome=clause.outcome,
                        modality=clause.modality,
                        condition=cond.expr,
                        priority=priorities[p.label],
                        citation=info.citation,
                        text=info.text,
                        **cond.recorded(),
                        span=clause.span,
                    ))
                elif isinstance(clause, syntax.DutyClause):
                    cond = self._condition(clause.condition, f'duty "{clause.id}"')
                    if clause.id in duty_spans:
                        self.error(
                            DUPLICATE_DUTY,
                            f'duty "{clause.id}" is stated twice '
                            f"(first at {duty_spans[clause.id]})",
                            clause.span, "give each duty its own id, or state it once",
                        )
                        continue
                    duty_spans[clause.id] = clause.span
                    if cond is None:
                        continue
                    duty = ir.Duty(clause.id, clause.text or info.text, p.label, info.citation,
                                   cond.expr, span=clause.span)
                    duties.append((duty, cond))
                    if binds is not None:
                        own_scope[id(duty)] = binds
                elif isinstance(clause, syntax.LimitClause):
                    lowered = self._limit(clause, info)
                    if lowered is not None:
                        limit, cond = lowered
                        limits.append((limit, cond))
                        if binds is not None:
                            own_scope[id(limit)] = binds
                elif isinstance(clause, syntax.Binds):
                    continue  # read by self._binds
                else:
                    with self.resolver.reading() as reads:
                        e = self.resolver.condition(
                            clause.condition, {}, f"`applies if` in provision {p.label}"
                        )
                    if e is not None:
                        applies.append(e)
                        applies_written.append(clause.condition)
                        applies_reads |= reads
            if applies:
                scopes.append((info, _Condition(freshen(conj(applies)),
                                                frozenset(applies_reads),
                                                tuple(applies_written))))

        scope_all = _Condition(
            conj(s.expr for _, s in scopes), frozenset().union(*(s.reads for _, s in scopes)),
            tuple(w for _, s in scopes for w in s.written),
        ) if scopes else None
        top = max(priorities.values(), default=0) + 1
        for info, scope in scopes:
            e = scope.expr
            text = f"{ir.SCOPE_WORDS}: {info.text}".rstrip(": ")
            for outcome in ir.OUTCOMES:
                rules.append(ir.Rule(
                    id=f"{info.syntax.label}:{outcome}:scope",
                    provision=info.syntax.label,
                    outcome=outcome,
                    modality="permitted",
                    condition=ir.Not(e, span=e.span),
                    priority=top,
                    citation=info.citation,
                    text=text,
                    kind="scope",
                    **scope.recorded(),
                    span=e.span,
                ))

        def scoped(cond: _Condition, scope: _Condition | None) -> _Condition:
            """A duty's or limit's condition put under `scope`."""
            if scope is None:
                return attrs.evolve(cond, written=(cond.written, None))
            expr = scope.expr if cond.expr == ir.TRUE else conj((scope.expr, cond.expr))
            return _Condition(expr, cond.reads | scope.reads, (cond.written, scope.written))

        def placed(node: _Placed, cond: _Condition) -> _Placed:
            """A duty or limit with its condition under its scope (its own, or the law's)."""
            full = scoped(cond, own_scope.get(id(node), scope_all))
            return attrs.evolve(node, condition=full.expr, **full.recorded())

        return (rules, [placed(d, c) for d, c in duties], [placed(lim, c) for lim, c in limits])

    def _binds(self, p: syntax.Provision) -> _Condition | None:
        """The provision's own `binds if` condition (several are conjoined), or None. A
        provision that binds on its own terms may state duties and limits only: its
        conclusions would still sit under the law's scope rules."""
        found: list[ir.Expr] = []
        written: list[object] = []
        with self.resolver.reading() as reads:
            for clause in p.clauses:
                if not isinstance(clause, syntax.Binds):
                    continue
                e = self.resolver.condition(
                    clause.condition, {}, f"`binds if` in provision {p.label}"
                )
                if e is not None:
                    found.append(e)
                    written.append(clause.condition)
        if not found:
            return None
        if any(isinstance(c, syntax.Conclusion | syntax.Applies) for c in p.clauses):
            self.error(
                BINDS_WITH_CONCLUSION,
                f"provision {p.label} binds on its own terms (`binds if`), so it may state "
                "only duties and time limits",
                p.span,
                "move its conclusions or its `applies if` into another provision",
            )
        return _Condition(freshen(conj(found)), frozenset(reads), ("binds", *written))

    def _limit(
        self, clause: syntax.LimitClause, info: ProvisionInfo
    ) -> tuple[ir.Limit, _Condition] | None:
        ok = check_outcome(clause.outcome, clause.span, self.report)
        if ok and clause.outcome != "hold":
            self.error(
                LIMIT_NOT_HOLD, f"only `hold` has a time limit, not `{clause.outcome}`",
                clause.span, "write `limit hold … hours`",
            )
            ok = False
        if clause.hours <= 0:
            self.error(
                BAD_LIMIT_HOURS, "a time limit must be at least 1 hour", clause.span,
                "if no hold may happen, write `hold prohibited` instead",
            )
            ok = False
        elif clause.hours > MAX_LIMIT_HOURS:
            self.error(
                BAD_LIMIT_HOURS, f"a time limit may be at most {MAX_LIMIT_HOURS:,} hours (a "
                "year)", clause.span,
                "detainer laws limit holds to hours or days; check the number",
            )
            ok = False
        excl = lower_excluding(clause.excluding, clause.span, self.report)
        cond = self._condition(clause.condition, f"`limit hold` in {info.syntax.label}")
        if not ok or excl is None or cond is None:
            return None
        return ir.Limit(
            outcome=clause.outcome,
            hours=clause.hours,
            excluding=excl[0],
            holidays=excl[1],
            provision=info.syntax.label,
            citation=info.citation,
            condition=cond.expr,
            span=clause.span,
        ), cond

    def conflicts(self, rules: Sequence[ir.Rule], infos: Sequence[ProvisionInfo]) -> None:
        """Two rules for one outcome at one priority with different conclusions."""
        spans = {i.syntax.label: i.syntax.span for i in infos}
        reported: set[tuple[str, ...]] = set()
        firsts: dict[tuple[str, int, str], ir.Rule] = {}
        for rule in rules:
            if rule.kind != "provision" or rule.provision in self.unranked:
                continue
            firsts.setdefault((rule.outcome, rule.priority, rule.modality), rule)
            for modality in ir.MODALITIES:
                if modality == rule.modality:
                    continue
                other = firsts.get((rule.outcome, rule.priority, modality))
                if other is None:
                    continue
                key = (rule.outcome, *sorted((other.provision, rule.provision)))
                if key in reported:
                    continue
                reported.add(key)
                if other.provision == rule.provision:
                    self.error(
                        CONFLICT,
                        f"provision {rule.provision} makes `{rule.outcome}` both "
                        f"{other.modality} and {rule.modality} at the same rank",
                        rule.span or spans.get(rule.provision),
                        "split it into two provisions and say which is the exception with "
                        "`except`",
                    )
                    continue
                shown, partner = rule.provision, other.provision
                here = spans.get(shown)
                if self.own_file is not None and (here is None or here.file != self.own_file):
                    theirs = spans.get(partner)  # an amendment's provision: shown there
                    if theirs is not None and theirs.file == self.own_file:
                        shown, partner = partner, shown
                self.error(
                    CONFLICT,
                    f"provisions {other.provision} and {rule.provision} both decide "
                    f"`{rule.outcome}` at the same rank: {other.provision} makes it "
                    f"{other.modality}, {rule.provision} makes it {rule.modality}",
                    spans.get(shown) or rule.span,
                    f"if {shown} is an exception to {partner}, write "
                    f"`provision {shown} except {partner}`; if it yields, "
                    f"write `provision {shown} subject to {partner}`",
                )

    # -- examples
