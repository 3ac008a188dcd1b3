"""Examples, invariants and notes (syntax) → ir.Example, ir.Invariant and ir.Note.

An example's facts are checked against the vocabulary and its expectations against the
statute's outcomes, provisions and duties; an invariant's assumption is lowered like any
condition; a note must be about a provision or definition that exists. A provision or
definition marked as resting on unverified facts needs a note saying how it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from .. import ir
from ..dates import iso_day, shaped_like_a_day
from ..diagnostics import Diagnostic, Span
from ..language import syntax
from ..names import did_you_mean, one_of
from .amend import DUPLICATE_NAME
from .resolve import Resolver, a_type, freshen
from .rules import ProvisionInfo, check_outcome, lower_excluding

UNKNOWN_STANDARD_INVARIANT = "TL-N008"
UNKNOWN_NOTE_TARGET = "TL-N010"
TWO_QUESTIONS = "TL-S016"
UNKNOWN_EXAMPLE_FACT = "TL-E001"
EXAMPLE_UNKNOWN_OUTCOME = "TL-E002"
EXAMPLE_UNKNOWN_LABEL = "TL-E003"
EXAMPLE_UNKNOWN_DUTY = "TL-E004"
DUPLICATE_EXAMPLE = "TL-E005"
EXAMPLE_BAD_VALUE = "TL-E006"
EXAMPLE_DUPLICATE_KEY = "TL-E007"
EXAMPLE_GROUND_NEVER_DECIDES = "TL-E008"
EXAMPLE_BAD_DEADLINE = "TL-E009"
EXAMPLE_GROUND_TWICE = "TL-E010"
UNVERIFIED_WITHOUT_NOTE = "TL-W001"

#: The heading's dates a note may be about (``about in_force``): how they were chosen.
HEADER_DATES = ("introduced", "enacted", "in_force", "superseded")
#: The actions and the hold's length a note may be about (``about notification``): how the
#: file reads the law on one of them as a whole, shown beside it in the statute's summary.
NOTE_TOPICS = (*ir.OUTCOMES, "longest_hold")

Report = Callable[[Diagnostic], None]
_Named = TypeVar("_Named", syntax.Example, syntax.Invariant)


def lower_examples(
    law: syntax.LawFile,
    vocab: ir.Vocabulary,
    resolver: Resolver,
    infos: Sequence[ProvisionInfo],
    definitions: Sequence[str],
    report: Report,
    struck: Sequence[syntax.Strike] = (),
    inherited: Sequence[syntax.Note] = (),
) -> tuple[list[ir.Example], list[ir.Invariant], list[ir.Note]]:
    """Lower the examples, invariants and notes of `law`, whose provisions in force are
    `infos` and definitions in force `definitions`; `struck` are its strikes, which an
    example or note naming a struck provision is told of; `inherited`, an amendment's
    notes kept from the statutes it amends (`amend.Effective.notes`), come first.
    Problems are reported; what fails is left out."""
    lowering = _Examples(law, vocab, resolver, report, struck, inherited)
    examples = lowering.examples(infos)
    invariants = lowering.invariants()
    notes = lowering.notes([i.syntax.label for i in infos], definitions)
    lowering.unverified(infos, notes)
    return examples, invariants, notes


class _Examples:
    """The lowering of one statute's examples, invariants and notes."""

    def __init__(
        self, law: syntax.LawFile, vocab: ir.Vocabulary, resolver: Resolver, report: Report,
        struck: Sequence[syntax.Strike] = (), inherited: Sequence[syntax.Note] = (),
    ):
        self.law = law
        self.vocab = vocab
        self.resolver = resolver
        self.report = report
        self.struck = {strike.label: strike for strike in struck}
        self.inherited = tuple(inherited)

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.report(Diagnostic(code, message, span, help))

    def warn(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.report(Diagnostic(code, message, span, help, severity="warning"))

    def _unique(self, kind: type[_Named], code: str, noun: str) -> Iterator[_Named]:
        """The file's items of `kind`, the first of each name; later ones are reported."""
        seen: dict[str, Span | None] = {}
        for item in self.law.items:
            if not isinstance(item, kind):
                continue
            if item.name in seen:
                self.error(
                    code, f'{noun} "{item.name}" is written twice (first at {seen[item.name]})',
                    item.span, f"give each {noun} its own name",
                )
                continue
            seen[item.name] = item.span
            yield item

    def examples(self, infos: Sequence[ProvisionInfo]) -> list[ir.Example]:
        out: list[ir.Example] = []
        labels = [i.syntax.label for i in infos]
        # the duties of this file's provisions too: one of a provision written twice
        # (TL-S001, which leaves the second copy out) is not also "no such duty"
        written = [item for item in self.law.items if isinstance(item, syntax.Provision)]
        duty_ids = list(dict.fromkeys(
            c.id for p in (*(i.syntax for i in infos), *written) for c in p.clauses
            if isinstance(c, syntax.DutyClause)))
        deciding: set[tuple[str, str]] = set()
        for info in infos:
            for clause in info.syntax.clauses:
                if isinstance(clause, syntax.Conclusion) and clause.outcome in ir.OUTCOMES:
                    deciding.add((info.syntax.label, clause.outcome))
                elif isinstance(clause, (syntax.Conclusion, syntax.Applies)):
                    # `applies if`, or a misspelt outcome (TL-N006): it may decide any
                    deciding.update((info.syntax.label, o) for o in ir.OUTCOMES)
        for item in self._unique(syntax.Example, DUPLICATE_EXAMPLE, "example"):
            self._check_json(item.given, self.vocab.fields, "")
            for expectation in item.expectations:
                self._check_expectation(expectation, labels, deciding, duty_ids)
            case = syntax.json_to_python(item.given)
            assert isinstance(case, dict)
            text = _text(item.docs)
            out.append(ir.Example(item.name, case, tuple(item.expectations), text, span=item.span))
        return out

    def _check_expectation(
        self,
        e: syntax.Expectation,
        labels: Sequence[str],
        deciding: set[tuple[str, str]],
        duty_ids: Sequence[str],
    ) -> None:
        if (isinstance(e, (syntax.ExpectOutcome, syntax.ExpectGrounds))
                and e.outcome not in ir.OUTCOMES):
            self.error(
                EXAMPLE_UNKNOWN_OUTCOME, f"`{e.outcome}` is not an outcome", e.span,
                did_you_mean(e.outcome, ir.OUTCOMES, f"an outcome is {one_of(ir.OUTCOMES)}"),
            )
            return
        if isinstance(e, syntax.ExpectGrounds):
            named: set[str] = set()
            for label in e.labels:
                if label in named:
                    self.error(
                        EXAMPLE_GROUND_TWICE,
                        f"the expected grounds of `{e.outcome}` name provision {label} twice",
                        e.span, "name each provision once; was another label meant?",
                    )
                    continue
                named.add(label)
                if label in self.struck:
                    self.error(
                        EXAMPLE_UNKNOWN_LABEL,
                        f"the expected grounds name provision {label}, which this amendment "
                        f"strikes (at {self.struck[label].span})",
                        e.span,
                        "name the provisions in force that decide the outcome; a struck "
                        "provision decides nothing",
                    )
                elif label not in labels:
                    self.error(
                        EXAMPLE_UNKNOWN_LABEL,
                        f"the expected grounds name provision {label}, which does not exist",
                        e.span,
                        did_you_mean(label, labels, "name a provision of this statute"),
                    )
                elif (label, e.outcome) not in deciding:
                    self.error(
                        EXAMPLE_GROUND_NEVER_DECIDES,
                        f"provision {label} never decides `{e.outcome}`, so it cannot be "
                        "among its grounds",
                        e.span,
                        f"name a provision with a `{e.outcome} …` conclusion",
                    )
        elif isinstance(e, syntax.ExpectMaxHold):
            if e.excluding is not None:
                lower_excluding(e.excluding, e.span, self.report, expectation=True)
        elif isinstance(e, syntax.ExpectDuty):
            if e.id not in duty_ids:
                self.error(
                    EXAMPLE_UNKNOWN_DUTY, f'there is no duty "{e.id}" in this statute', e.span,
                    did_you_mean(e.id, duty_ids,
                                 f"the duties are {one_of(duty_ids)}" if duty_ids
                                 else "this statute states no duties"),
                )
        elif isinstance(e, syntax.ExpectDeadline) and e.deadline < e.release_at:
            self.error(
                EXAMPLE_BAD_DEADLINE,
                f"the expected deadline {e.deadline.isoformat(timespec='minutes')} is before the "
                f"release time {e.release_at.isoformat(timespec='minutes')}",
                e.span, "the deadline is counted forward from the release time",
            )

    def _check_json(
        self, obj: syntax.JsonObject, fields: Sequence[ir.FieldInfo], prefix: str
    ) -> None:
        by_name = {f.name: f for f in fields}
        seen: set[str] = set()
        for pair in obj.pairs:
            path = f"{prefix}.{pair.key}" if prefix else pair.key
            if pair.key in seen:
                self.error(
                    EXAMPLE_DUPLICATE_KEY, f"the example gives `{path}` twice", pair.span,
                    "give each fact once",
                )
                continue
            seen.add(pair.key)
            info = by_name.get(pair.key)
            if info is None:
                candidates = [f"{prefix}.{n}" if prefix else n for n in by_name]
                self.error(
                    UNKNOWN_EXAMPLE_FACT,
                    f"the example gives `{path}`, which is not a fact in the vocabulary",
                    pair.span,
                    did_you_mean(path, candidates, f"the facts here are {one_of(candidates)}"),
                )
                continue
            self._check_json_value(pair.value, info.type, path, pair.span)

    def _check_json_value(
        self, value: syntax.Json, t: ir.Type, path: str, span: Span | None
    ) -> None:
        where = getattr(value, "span", None) or span
        if isinstance(value, syntax.JsonScalar) and value.value is None:
            return
        if isinstance(t, ir.RecordType):
            record = self.vocab.record(t.name)
            if not isinstance(value, syntax.JsonObject):
                self._bad_value(path, t, value, where)
            elif record is not None:
                self._check_json(value, record.fields, path)
            return
        if isinstance(t, ir.ListType):
            if not isinstance(value, syntax.JsonArray):
                self._bad_value(path, t, value, where)
                return
            for index, item in enumerate(value.items):
                self._check_json_value(item, t.element, f"{path}[{index}]", where)
            return
        if not isinstance(value, syntax.JsonScalar):
            self._bad_value(path, t, value, where)
            return
        v = value.value
        if isinstance(t, ir.BoolType):
            ok = isinstance(v, bool)
        elif isinstance(t, ir.IntType):
            ok = isinstance(v, int) and not isinstance(v, bool)
        elif isinstance(t, ir.DateType):
            ok = isinstance(v, str) and iso_day(v) is not None
            if isinstance(v, str) and not ok and shaped_like_a_day(v):
                self.error(
                    EXAMPLE_BAD_VALUE,
                    f'`{path}` is "{v}", which is not a day of the calendar',
                    where, "check the month and the day (YYYY-MM-DD)",
                )
                return
        elif isinstance(t, ir.EnumType):
            ok = isinstance(v, str) and v in t.values
            if isinstance(v, str) and not ok:
                self.error(
                    EXAMPLE_BAD_VALUE, f'`{path}` is "{v}", which is not a value of `{t.name}`',
                    where, did_you_mean(v, t.values, f"the values are {one_of(t.values)}"),
                )
                return
        else:
            ok = False
        if not ok:
            self._bad_value(path, t, value, where)

    def _bad_value(self, path: str, t: ir.Type, value: syntax.Json, span: Span | None) -> None:
        self.error(
            EXAMPLE_BAD_VALUE,
            f"`{path}` must be {_json_kind(t)}, but the example gives {_json_show(value)}",
            span, "write null (or leave the fact out) when it is unknown",
        )

    # -- invariants and notes

    def invariants(self) -> list[ir.Invariant]:
        out: list[ir.Invariant] = []
        for item in self._unique(syntax.Invariant, DUPLICATE_NAME, "invariant"):
            text = _text(item.docs)
            body = item.body
            if isinstance(body, syntax.StandardInvariant):
                if body.name not in ir.STANDARD_INVARIANTS:
                    self.error(
                        UNKNOWN_STANDARD_INVARIANT,
                        f"`{body.name}` is not one of trustlaw's standard invariants",
                        body.span or item.span,
                        did_you_mean(body.name, ir.STANDARD_INVARIANTS,
                                     f"the standard invariants are "
                                     f"{one_of(ir.STANDARD_INVARIANTS)}"),
                    )
                    continue
                out.append(ir.Invariant(item.name, text, body.name, None, (),
                                        body.expect_violated, span=item.span))
                continue
            assume = self.resolver.condition(body.assume, {}, f'the `assume` of "{item.name}"')
            ok = assume is not None
            guarantees: list[ir.Guarantee] = []
            for g in body.guarantees:
                if not check_outcome(g.outcome, g.span, self.report):
                    ok = False
                    continue
                guarantees.append(ir.Guarantee(g.outcome, g.value, g.negated))
            if ok and assume is not None:
                out.append(ir.Invariant(item.name, text, None, freshen(assume), tuple(guarantees),
                                        body.expect_violated, span=item.span))
        return out

    def notes(self, labels: Sequence[str], definitions: Sequence[str]) -> list[ir.Note]:
        out: list[ir.Note] = []
        for item in (*self.inherited, *self.law.items):
            if not isinstance(item, syntax.Note):
                continue
            question: int | None = None
            about: list[str] = []
            for entry in item.entries:
                if isinstance(entry, syntax.NoteQuestion):
                    if question is not None:
                        self.error(TWO_QUESTIONS, f'note "{item.title}" answers two questions',
                                   entry.span, "write one note per open question")
                    else:
                        question = entry.number
                elif isinstance(entry, syntax.NoteAbout):
                    spans = entry.target_spans or (entry.span,) * len(entry.targets)
                    for target, where in zip(entry.targets, spans, strict=True):
                        pool = definitions if entry.is_name else labels
                        if not entry.is_name and target in self.struck:
                            self.error(
                                UNKNOWN_NOTE_TARGET,
                                f'note "{item.title}" is about provision {target}, which '
                                f"this amendment strikes (at {self.struck[target].span})",
                                where or item.span,
                                "a note is about what is in force: say what the strike does "
                                "in the note's text, and leave the struck provision out of "
                                "`about`",
                            )
                        elif entry.is_name and target in HEADER_DATES and target not in {
                                m.key for m in self.law.header.meta}:
                            self.error(
                                UNKNOWN_NOTE_TARGET,
                                f'note "{item.title}" is about the date `{target}`, which '
                                "the header does not give",
                                where or item.span,
                                f"give the date in the header (`{target} YYYY-MM-DD`), or "
                                "leave it out of `about`",
                            )
                        elif entry.is_name and target in (*HEADER_DATES, *NOTE_TOPICS):
                            about.append(target)  # a date's choice, an action's reading
                        elif target not in pool:
                            what = "definition" if entry.is_name else "provision"
                            self.error(
                                UNKNOWN_NOTE_TARGET,
                                f'note "{item.title}" is about {what} '
                                f"{'`' + target + '`' if entry.is_name else target}, "
                                "which does not exist",
                                where or item.span,
                                did_you_mean(target, [*labels, *definitions, *HEADER_DATES,
                                                      *NOTE_TOPICS],
                                             "a note is about a provision, a definition, "
                                             "an action (hold, notification, …), the "
                                             "longest_hold or a date of the heading "
                                             "(in_force, superseded, …) of this statute"),
                            )
                        else:
                            about.append(target)
            out.append(ir.Note(item.title, item.text, tuple(about), question, span=item.span))
        return out

    def unverified(self, infos: Sequence[ProvisionInfo], notes: Sequence[ir.Note]) -> None:
        """TL-W001: this file's own provisions and definitions that rely on unverified
        facts need a note saying how the file reads them."""
        noted = {t for n in notes for t in n.about}
        own = {id(item) for item in self.law.items}
        for info in infos:
            mark = info.explicit_verification
            if mark in ("S", "U") and id(info.syntax) in own and info.syntax.label not in noted:
                self.warn(
                    UNVERIFIED_WITHOUT_NOTE,
                    f"provision {info.syntax.label} is marked `verification {mark}` "
                    f"({_LEVEL_WORDS[mark]}), and no note says how this file reads the law",
                    info.syntax.span,
                    f'add `note "…" {{ about {info.syntax.label} text "…" }}` explaining the '
                    "reading and its source",
                )
        for item in self.law.items:
            if not isinstance(item, syntax.Definition):
                continue
            marks = [d.value for d in item.docs if d.kind == "verification"]
            if marks and marks[0] in ("S", "U") and item.name not in noted:
                self.warn(
                    UNVERIFIED_WITHOUT_NOTE,
                    f"definition `{item.name}` is marked `verification {marks[0]}` "
                    f"({_LEVEL_WORDS[marks[0]]}), and no note says how this file reads the law",
                    item.span,
                    f'add `note "…" {{ about {item.name} text "…" }}` explaining the reading '
                    "and its source",
                )


# ---- small helpers -----------------------------------------------------------------------

_LEVEL_WORDS = {"S": "read in a secondary source", "U": "unverified"}


def _text(docs: Sequence[syntax.Doc]) -> str:
    return " ".join(d.value for d in docs if d.kind == "text")


def _json_kind(t: ir.Type) -> str:
    if isinstance(t, ir.DateType):
        return "a date like \"2015-03-02\""
    if isinstance(t, ir.BoolType):
        return "true or false"
    if isinstance(t, ir.RecordType):
        return "an object { … }"
    if isinstance(t, ir.ListType):
        return "a list [ … ]"
    return a_type(t)


def _json_show(value: syntax.Json) -> str:
    if isinstance(value, syntax.JsonObject):
        return "an object"
    if isinstance(value, syntax.JsonArray):
        return "a list"
    v = value.value
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    return str(v)
