"""Statute file (syntax) → ir.Program: amendments applied, names and types checked,
exceptions turned into priorities, scope turned into rules.

Every problem is collected as a located `Diagnostic` (nothing is raised for bad
input); the program is returned only when there is no error. Expressions are
lowered by `resolve.Resolver`; this module handles everything around them:
metadata, provisions and their ranking, duties and limits, examples,
invariants and notes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from . import ir, syntax
from .diagnostics import Diagnostic, Span, TrustlawError, sort_diagnostics
from .names import did_you_mean, one_of
from .resolve import Resolver, a_type, conj, freshen

Resolve = Callable[[str], syntax.LawFile]

# ---- diagnostic codes ------------------------------------------------------------------
DUPLICATE_LABEL = "TL-S001"
PRIORITY_CYCLE = "TL-S002"
CONFLICT = "TL-S003"
MISSING_CITATION = "TL-S004"
STRIKE_MISSING = "TL-S006"
STRIKE_WITHOUT_AMENDS = "TL-S007"
LIMIT_NOT_HOLD = "TL-S008"
HOLIDAYS_UNREAD = "TL-S009"
COUNTING_WITHOUT_HOLIDAY = "TL-S010"
WRONG_FILE_KIND = "TL-S011"
DUPLICATE_NAME = "TL-S012"
BAD_LIMIT_HOURS = "TL-S014"
DUPLICATE_DUTY = "TL-S015"
TWO_QUESTIONS = "TL-S016"
DEFINITION_SHADOWS_FACT = "TL-S017"
DUPLICATE_DOC = "TL-S018"
UNKNOWN_RELATION_TARGET = "TL-N005"
UNKNOWN_OUTCOME = "TL-N006"
UNKNOWN_DAY_KIND = "TL-N007"
UNKNOWN_STANDARD_INVARIANT = "TL-N008"
UNKNOWN_NOTE_TARGET = "TL-N010"
UNKNOWN_MODALITY = "TL-N012"
UNKNOWN_HOLIDAY_READING = "TL-N013"
UNKNOWN_META_KEY = "TL-M001"
MISSING_META = "TL-M002"
BAD_META_VALUE = "TL-M003"
UNKNOWN_STATUS = "TL-M004"
SUPERSEDED_WITHOUT_DATE = "TL-M005"
BAD_ID = "TL-M006"
DUPLICATE_META = "TL-M007"
UNRESOLVED_AMENDS = "TL-M008"
BAD_VERIFICATION = "TL-M009"
DATES_OUT_OF_ORDER = "TL-M010"
IN_FORCE_MISSING = "TL-M011"
UNKNOWN_EXAMPLE_FACT = "TL-E001"
EXAMPLE_UNKNOWN_OUTCOME = "TL-E002"
EXAMPLE_UNKNOWN_LABEL = "TL-E003"
EXAMPLE_UNKNOWN_DUTY = "TL-E004"
DUPLICATE_EXAMPLE = "TL-E005"
EXAMPLE_BAD_VALUE = "TL-E006"
EXAMPLE_DUPLICATE_KEY = "TL-E007"
EXAMPLE_GROUND_NEVER_DECIDES = "TL-E008"
EXAMPLE_BAD_DEADLINE = "TL-E009"
UNVERIFIED_WITHOUT_NOTE = "TL-W001"

META_KINDS: dict[str, str] = {
    "title": "text",
    "jurisdiction": "text",
    "citation": "text",
    "status": "name",
    "introduced": "date",
    "enacted": "date",
    "in_force": "date",
    "superseded": "date",
    "replaces": "text",
    "amends": "text",
    "source": "text",
    "verification": "name",
}
REQUIRED_META = ("title", "jurisdiction", "citation", "status")
REPEATABLE_META = ("source",)
VERIFICATIONS = ("V", "S", "U")
STATUSES_IN_FORCE = ("enacted", "superseded")
STATUTE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")


def lower(
    law: syntax.LawFile, vocab: ir.Vocabulary, resolve: Resolve | None = None
) -> tuple[ir.Program | None, list[Diagnostic]]:
    """Lower one statute file against `vocab`; `resolve(id)` gives the file a statute
    amends. Returns the program (None when there is any error) and every diagnostic."""
    return _Lowering(law, vocab, resolve).run()


# ---- amendments ------------------------------------------------------------------------


@attrs.frozen
class _Effective:
    """The provisions and definitions in force after applying a chain of amendments."""

    provisions: tuple[syntax.Provision, ...]
    definitions: tuple[syntax.Definition, ...]
    sources: tuple[str, ...]  # base texts, nearest first (for the digest)
    base_files: tuple[syntax.LawFile, ...]


def _meta_text(law: syntax.LawFile, key: str) -> tuple[str | None, Span | None]:
    for m in law.header.meta:
        if m.key == key and isinstance(m.value, syntax.MetaString):
            return m.value.value, m.span
    return None, None


def _merge(
    base: _Effective | None,
    law: syntax.LawFile,
    report: Callable[[Diagnostic], None],
) -> _Effective:
    """Apply a file's provisions, strikes and definitions on top of `base`."""
    provisions: list[syntax.Provision] = list(base.provisions) if base else []
    definitions: dict[str, syntax.Definition] = (
        {d.name: d for d in base.definitions} if base else {}
    )
    own_labels: dict[str, syntax.Provision] = {}
    own_defs: dict[str, syntax.Definition] = {}
    for item in law.items:
        if isinstance(item, syntax.Provision):
            if item.label in own_labels:
                first = own_labels[item.label]
                report(Diagnostic(
                    DUPLICATE_LABEL,
                    f"provision {item.label} is written twice (first at {first.span})",
                    item.span,
                    "give each provision its own number, or merge the two",
                ))
                continue
            own_labels[item.label] = item
            index = next((i for i, p in enumerate(provisions) if p.label == item.label), None)
            if index is None:
                provisions.append(item)
            else:
                provisions[index] = item
        elif isinstance(item, syntax.Strike):
            if base is None:
                report(Diagnostic(
                    STRIKE_WITHOUT_AMENDS,
                    f"`strike {item.label}` only makes sense in a statute that amends another",
                    item.span,
                    'add `amends "<id>"` to the header, or delete the provision instead',
                ))
                continue
            index = next((i for i, p in enumerate(provisions) if p.label == item.label), None)
            if index is None:
                report(Diagnostic(
                    STRIKE_MISSING,
                    f"`strike {item.label}` removes a provision the amended statute does not have",
                    item.span,
                    did_you_mean(item.label, [p.label for p in provisions],
                                 "strike a provision of the statute named by `amends`"),
                ))
            else:
                del provisions[index]
        elif isinstance(item, syntax.Definition):
            if item.name in own_defs:
                first_def = own_defs[item.name]
                report(Diagnostic(
                    DUPLICATE_NAME,
                    f"definition `{item.name}` is written twice (first at {first_def.span})",
                    item.span,
                    "keep one definition",
                ))
                continue
            own_defs[item.name] = item
            definitions[item.name] = item
    return _Effective(
        tuple(provisions),
        tuple(definitions.values()),
        base.sources if base else (),
        base.base_files if base else (),
    )


# ---- the lowering ----------------------------------------------------------------------


@attrs.define
class _ProvisionInfo:
    syntax: syntax.Provision
    citation: str
    text: str
    verification: str
    explicit_verification: str | None


class _Lowering:
    def __init__(self, law: syntax.LawFile, vocab: ir.Vocabulary, resolve: Resolve | None):
        self.law = law
        self.vocab = vocab
        self.resolve = resolve
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help))

    def warn(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help, severity="warning"))

    # -- driver

    def run(self) -> tuple[ir.Program | None, list[Diagnostic]]:
        law = self.law
        if law.header.kind != "statute":
            self.error(
                WRONG_FILE_KIND, f"`{law.header.name}` is a vocabulary, not a statute",
                law.header.span, "check vocabulary files with `build_vocabulary`",
            )
            return None, self.diagnostics
        for item in law.items:
            if isinstance(item, (syntax.EnumDecl, syntax.RecordDecl, syntax.FieldDecl,
                                 syntax.TagDecl, syntax.ConstraintDecl)):
                self.error(
                    WRONG_FILE_KIND,
                    "a statute cannot declare facts; enums, records, fields, tags and "
                    "constraints belong in the vocabulary",
                    item.span,
                    "add it to statutes/vocabulary/detainer.law",
                )
        meta = self.metadata()
        effective = self.effective()
        if effective is None:
            # The base could not be found or read: every check of provisions would only
            # repeat that, so report the cause alone.
            self.diagnostics[:] = sort_diagnostics(self.diagnostics)
            return None, self.diagnostics
        self.resolver = Resolver(
            self.vocab, self.diagnostics, {d.name: d for d in effective.definitions}
        )
        definitions = self.definitions(effective.definitions)
        infos = self.provision_infos(effective.provisions)
        priorities = self.priorities(infos)
        rules, duties, limits = self.rules(infos, priorities)
        self.conflicts(rules, infos)
        labels = [i.syntax.label for i in infos]
        examples = self.examples(infos)
        invariants = self.invariants()
        notes = self.notes(labels, [d.name for d in effective.definitions])
        self.unverified(infos, notes)

        self.diagnostics[:] = sort_diagnostics(self.diagnostics)
        if meta is None or any(d.is_error for d in self.diagnostics):
            return None, self.diagnostics
        digest = hashlib.sha256(self.vocab.digest.encode("utf-8"))
        digest.update((law.source or repr(law)).encode("utf-8"))
        for source in effective.sources:
            digest.update(source.encode("utf-8"))
        program = ir.Program(
            meta=meta,
            rules=tuple(rules),
            duties=tuple(duties),
            limits=tuple(limits),
            provisions=tuple(
                ir.Provision(i.syntax.label, i.citation, i.text, i.verification, span=i.syntax.span)
                for i in infos
            ),
            definitions=tuple(definitions),
            examples=tuple(examples),
            invariants=tuple(invariants),
            notes=tuple(notes),
            digest="sha256:" + digest.hexdigest(),
            path=law.path,
        )
        return program, self.diagnostics

    # -- metadata

    def metadata(self) -> ir.StatuteMeta | None:
        header = self.law.header
        values: dict[str, syntax.Meta] = {}
        sources: list[str] = []
        misfit: set[str] = set()  # keys given with the wrong kind of value
        ok = True
        for m in header.meta:
            kind = META_KINDS.get(m.key)
            if kind is None:
                self.error(
                    UNKNOWN_META_KEY, f"`{m.key}` is not a statute heading", m.span,
                    did_you_mean(m.key, META_KINDS,
                                 f"a statute heading is one of {one_of(META_KINDS, 20)}"),
                )
                ok = False
                continue
            if (m.key in values or m.key in misfit) and m.key not in REPEATABLE_META:
                self.error(DUPLICATE_META, f"`{m.key}` is given twice", m.span,
                           f"keep one `{m.key}`")
                ok = False
                continue
            if not self._meta_kind_ok(m, kind):
                misfit.add(m.key)
                ok = False
                continue
            values.setdefault(m.key, m)
            if m.key == "source":
                assert isinstance(m.value, syntax.MetaString)
                sources.append(m.value.value)

        statute_id = header.name
        if not STATUTE_ID.fullmatch(statute_id):
            self.error(
                BAD_ID,
                f'"{statute_id}" is not a statute id',
                header.span,
                'an id is `<jurisdiction>/<name>` in lower case, e.g. "ct/pa-13-155"',
            )
            ok = False
        for key in REQUIRED_META:
            if key not in values and key not in misfit:
                self.error(
                    MISSING_META, f"statute `{statute_id}` has no `{key}`", header.span,
                    f"add `{key} {_meta_example(key)}` to the header",
                )
                ok = False

        def text(key: str) -> str | None:
            m = values.get(key)
            if m is not None and isinstance(m.value, syntax.MetaString):
                return m.value.value
            return None

        def name(key: str) -> str | None:
            m = values.get(key)
            return m.value.value if m is not None and isinstance(m.value, syntax.MetaName) else None

        def date(key: str) -> _dt.date | None:
            m = values.get(key)
            return m.value.value if m is not None and isinstance(m.value, syntax.MetaDate) else None

        jurisdiction = text("jurisdiction")
        if jurisdiction is not None and "/" in statute_id and STATUTE_ID.fullmatch(statute_id):
            prefix = statute_id.split("/", 1)[0]
            if jurisdiction != prefix:
                self.error(
                    BAD_ID,
                    f"the id `{statute_id}` names jurisdiction `{prefix}`, but `jurisdiction` "
                    f"says `{jurisdiction}`",
                    values["jurisdiction"].span,
                    "the part of the id before the slash is the jurisdiction",
                )
                ok = False
        status = name("status")
        if status is not None and status not in ir.STATUSES:
            self.error(
                UNKNOWN_STATUS, f"`{status}` is not a status", values["status"].span,
                did_you_mean(status, ir.STATUSES, f"a status is {one_of(ir.STATUSES)}"),
            )
            ok = False
        if status == "superseded" and date("superseded") is None:
            self.error(
                SUPERSEDED_WITHOUT_DATE, "a superseded statute needs a `superseded` date",
                values["status"].span, "add `superseded YYYY-MM-DD` (the day it stopped applying)",
            )
            ok = False
        if status in STATUSES_IN_FORCE and date("in_force") is None:
            self.error(
                IN_FORCE_MISSING,
                f"a statute with status `{status}` needs an `in_force` date",
                values["status"].span,
                "add `in_force YYYY-MM-DD` so that point-in-time loading can pick it",
            )
            ok = False
        for earlier, later in (("introduced", "enacted"), ("in_force", "superseded")):
            a, b = date(earlier), date(later)
            if a is not None and b is not None and b < a:
                self.error(
                    DATES_OUT_OF_ORDER,
                    f"`{later}` ({b.isoformat()}) is before `{earlier}` ({a.isoformat()})",
                    values[later].span, "check both dates against the legislative history",
                )
                ok = False
        for key in ("replaces", "amends"):
            ref = text(key)
            if ref is not None and not STATUTE_ID.fullmatch(ref):
                self.error(
                    BAD_ID, f'`{key}` names "{ref}", which is not a statute id', values[key].span,
                    'an id is `<jurisdiction>/<name>` in lower case, e.g. "ct/pa-13-155"',
                )
                ok = False
            elif ref is not None and ref == statute_id:
                self.error(BAD_ID, f"statute `{statute_id}` cannot {key[:-1]} itself",
                           values[key].span)
                ok = False
        verification = name("verification") or "V"
        if verification not in VERIFICATIONS:
            self.error(
                BAD_VERIFICATION, f"`{verification}` is not a verification mark",
                values["verification"].span,
                "write `verification V` (checked against primary text), `S` (secondary "
                "source) or `U` (unverified)",
            )
            ok = False
        self.statute_verification = verification if verification in VERIFICATIONS else "V"
        if not ok:
            return None
        return ir.StatuteMeta(
            id=statute_id,
            title=text("title") or "",
            jurisdiction=jurisdiction or "",
            citation=text("citation") or "",
            status=status or "",
            introduced=date("introduced"),
            enacted=date("enacted"),
            in_force=date("in_force"),
            superseded=date("superseded"),
            replaces=text("replaces"),
            amends=text("amends"),
            sources=tuple(sources),
            verification=verification,
        )

    def _meta_kind_ok(self, m: syntax.Meta, kind: str) -> bool:
        expected = {"text": syntax.MetaString, "name": syntax.MetaName, "date": syntax.MetaDate}
        if isinstance(m.value, expected[kind]):
            return True
        help_text = {
            "text": f'write `{m.key} "…"` with the text in quotes',
            "name": f"write `{m.key} {_meta_example(m.key)}` without quotes",
            "date": f"write `{m.key} YYYY-MM-DD`",
        }[kind]
        need = {"text": "a quoted text", "name": "a bare word", "date": "a date"}[kind]
        self.error(BAD_META_VALUE, f"`{m.key}` needs {need}", m.span, help_text)
        return False

    # -- amendments

    def effective(self) -> _Effective | None:
        """The provisions and definitions of this file, on top of what it amends
        (None when it amends a statute that cannot be found or read)."""
        amends, _ = _meta_text(self.law, "amends")
        before = len(self.diagnostics)
        base = self._base(self.law, [self.law.header.name])
        if amends is not None and STATUTE_ID.fullmatch(amends) and base is None:
            return None
        if any(d.code == UNRESOLVED_AMENDS for d in self.diagnostics[before:]):
            return None
        return _merge(base, self.law, self.diagnostics.append)

    def _base(self, law: syntax.LawFile, chain: list[str]) -> _Effective | None:
        amends, span = _meta_text(law, "amends")
        if amends is None or not STATUTE_ID.fullmatch(amends):
            return None  # a malformed id is reported with the metadata
        if amends in chain:
            self.error(
                UNRESOLVED_AMENDS,
                "amendments go round in a circle: "
                + " → ".join(f"`{c}`" for c in (*chain, amends)),
                span, "a statute can only amend an earlier one",
            )
            return None
        if self.resolve is None:
            self.error(
                UNRESOLVED_AMENDS, f"`{amends}` cannot be found to apply this amendment", span,
                "check the statute with `trustlaw check`, which knows the statute library",
            )
            return None
        try:
            base_law = self.resolve(amends)
        except TrustlawError as err:
            detail = err.diagnostics[0].message if err.diagnostics else str(err)
            self.error(
                UNRESOLVED_AMENDS, f"the amended statute `{amends}` cannot be read: {detail}",
                span, f"fix `{amends}` first, or check the id",
            )
            return None
        except (LookupError, OSError) as err:
            self.error(
                UNRESOLVED_AMENDS, f"`{amends}` is not a statute in the library", span,
                getattr(err, "help", None)
                or "`amends` names the id of another statute file, e.g. \"ct/pa-13-155\"",
            )
            return None
        if base_law.header.kind != "statute":
            self.error(UNRESOLVED_AMENDS, f"`{amends}` is not a statute", span)
            return None
        grand = self._base(base_law, [*chain, amends])
        # Problems inside the base are the base's own; report only that it is broken.
        inner: list[Diagnostic] = []
        merged = _merge(grand, base_law, inner.append)
        if inner:
            self.error(
                UNRESOLVED_AMENDS,
                f"the amended statute `{amends}` has errors of its own: {inner[0].message}",
                span, f"fix `{amends}` first",
            )
        return _Effective(
            merged.provisions,
            merged.definitions,
            (base_law.source or repr(base_law), *merged.sources),
            (base_law, *merged.base_files),
        )

    # -- definitions

    def definitions(self, defs: Sequence[syntax.Definition]) -> list[ir.Definition]:
        out: list[ir.Definition] = []
        for d in defs:
            citation, text, _ = self._docs(d.docs, f"definition `{d.name}`", d.span)
            if self.vocab.field(d.name) is not None:
                self.error(
                    DEFINITION_SHADOWS_FACT,
                    f"definition `{d.name}` has the name of a fact of the case", d.span,
                    "choose another name, so that every use is unambiguous",
                )
            lowered = self.resolver.definition(d.name)
            if lowered is None or citation is None:
                continue
            out.append(ir.Definition(d.name, citation, text, lowered.params, lowered.body,
                                     span=d.span))
        return out

    def _docs(
        self, docs: Iterable[syntax.Doc], what: str, span: Span | None, require_cites: bool = True
    ) -> tuple[str | None, str, str | None]:
        """(citation, text, explicit verification) of a block; reports problems."""
        cites = [d.value for d in docs if d.kind == "cites"]
        texts = [d.value for d in docs if d.kind == "text"]
        marks = [d for d in docs if d.kind == "verification"]
        verification: str | None = None
        for mark in marks:
            if mark.value not in VERIFICATIONS:
                self.error(
                    BAD_VERIFICATION, f"`{mark.value}` is not a verification mark", mark.span,
                    did_you_mean(mark.value, VERIFICATIONS,
                                 "write `verification V` (checked against primary text), `S` "
                                 "(secondary source) or `U` (unverified)"),
                )
            elif verification is not None:
                self.error(DUPLICATE_DOC, f"{what} is given two verification marks",
                           mark.span, "keep one")
            else:
                verification = mark.value
        if not cites and require_cites:
            self.error(
                MISSING_CITATION, f"{what} has no citation", span,
                'add `cites "…"` with the section of the law it encodes',
            )
            return None, " ".join(texts), verification
        return "; ".join(cites), " ".join(texts), verification

    # -- provisions

    def provision_infos(self, provisions: Sequence[syntax.Provision]) -> list[_ProvisionInfo]:
        infos = []
        for p in provisions:
            citation, text, mark = self._docs(p.docs, f"provision {p.label}", p.span)
            infos.append(_ProvisionInfo(
                p, citation or "", text, mark or self.statute_verification, mark,
            ))
        return infos

    def priorities(self, infos: Sequence[_ProvisionInfo]) -> dict[str, int]:
        """Priority of each provision: 0 when it outranks nothing, else one more than the
        highest provision it outranks. Cycles are reported and their members get 0."""
        labels = [i.syntax.label for i in infos]
        known = set(labels)
        below: dict[str, list[str]] = {label: [] for label in labels}
        self.unranked: set[str] = set()
        for info in infos:
            p = info.syntax
            for rel in p.relations:
                if rel.target not in known:
                    word = {"except": "except", "notwithstanding": "notwithstanding",
                            "subject_to": "subject to"}.get(rel.kind, rel.kind)
                    self.error(
                        UNKNOWN_RELATION_TARGET,
                        f"provision {p.label} is `{word} {rel.target}`, but there is no "
                        f"provision {rel.target}",
                        rel.span or p.span,
                        did_you_mean(rel.target, [x for x in labels if x != p.label],
                                     "name a provision of this statute"),
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

        def visit(label: str) -> None:
            state[label] = 1
            stack.append(label)
            for lower_label in below[label]:
                if state.get(lower_label) == 1:
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
                elif state.get(lower_label) is None:
                    visit(lower_label)
            stack.pop()
            state[label] = 2

        for label in labels:
            if label not in state:
                visit(label)
        self.unranked |= in_cycle

        priority: dict[str, int] = {}

        def rank(label: str) -> int:
            if label in priority:
                return priority[label]
            if label in in_cycle:
                priority[label] = 0
                return 0
            priority[label] = 0
            value = 0
            for lower_label in below[label]:
                value = max(value, rank(lower_label) + 1)
            priority[label] = value
            return value

        for label in labels:
            rank(label)
        return priority

    def _condition(self, cond: syntax.Condition | None, what: str) -> ir.Expr | None:
        if cond is None:
            return ir.TRUE
        parts: list[ir.Expr] = []
        ok = True
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
        return freshen(conj(parts, cond.span))

    def rules(
        self, infos: Sequence[_ProvisionInfo], priorities: dict[str, int]
    ) -> tuple[list[ir.Rule], list[ir.Duty], list[ir.Limit]]:
        rules: list[ir.Rule] = []
        duties: list[tuple[ir.Duty, ir.Expr]] = []
        limits: list[tuple[ir.Limit, ir.Expr]] = []
        scopes: list[tuple[_ProvisionInfo, ir.Expr]] = []
        duty_spans: dict[str, Span | None] = {}
        for info in infos:
            p = info.syntax
            counts: dict[str, int] = {}
            applies: list[ir.Expr] = []
            for clause in p.clauses:
                if isinstance(clause, syntax.Conclusion):
                    ok = self._outcome(clause.outcome, clause.span)
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
                        condition=cond,
                        priority=priorities[p.label],
                        citation=info.citation,
                        text=info.text,
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
                                   cond, span=clause.span)
                    duties.append((duty, cond))
                elif isinstance(clause, syntax.LimitClause):
                    limit = self._limit(clause, info)
                    if limit is not None:
                        limits.append((limit, limit.condition))
                else:
                    e = self.resolver.condition(
                        clause.condition, {}, f"`applies if` in provision {p.label}"
                    )
                    if e is not None:
                        applies.append(e)
            if applies:
                scopes.append((info, freshen(conj(applies))))

        scope_expr = conj(e for _, e in scopes) if scopes else None
        top = max(priorities.values(), default=0) + 1
        for info, e in scopes:
            text = f"This law does not bind this agency: {info.text}".rstrip(": ")
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
                    span=e.span,
                ))

        def scoped(cond: ir.Expr) -> ir.Expr:
            if scope_expr is None:
                return cond
            if cond == ir.TRUE:
                return scope_expr
            return conj((scope_expr, cond))

        out_duties = [attrs.evolve(d, condition=scoped(c)) for d, c in duties]
        out_limits = [attrs.evolve(lim, condition=scoped(c)) for lim, c in limits]
        return rules, out_duties, out_limits

    def _outcome(self, outcome: str, span: Span | None) -> bool:
        if outcome in ir.OUTCOMES:
            return True
        self.error(
            UNKNOWN_OUTCOME, f"`{outcome}` is not an outcome", span,
            did_you_mean(outcome, ir.OUTCOMES, f"an outcome is {one_of(ir.OUTCOMES)}"),
        )
        return False

    def _excluding(self, excl: syntax.Excluding | None, span: Span | None,
                   expectation: bool = False) -> tuple[tuple[str, ...], str] | None:
        """The excluded day kinds (in canonical order) and the holiday reading; an
        example's expectation need not say which reading it expects."""
        if excl is None:
            return (), "actual"
        ok = True
        days: set[str] = set()
        for day in excl.days:
            if day not in ir.DAY_KINDS:
                self.error(
                    UNKNOWN_DAY_KIND, f"`{day}` is not a kind of day the clock can skip",
                    excl.span or span,
                    did_you_mean(day, ir.DAY_KINDS, f"the clock can skip {one_of(ir.DAY_KINDS)}"),
                )
                ok = False
            days.add(day)
        counting = excl.counting
        if counting is not None and counting not in ir.HOLIDAY_READINGS:
            self.error(
                UNKNOWN_HOLIDAY_READING, f"`counting {counting}` is not a reading of holidays",
                excl.span or span,
                did_you_mean(counting, ir.HOLIDAY_READINGS,
                             "write `counting actual` or `counting observed`"),
            )
            ok = False
        if "federal_holiday" in days and counting is None and not expectation:
            self.error(
                HOLIDAYS_UNREAD,
                "excluding `federal_holiday` needs `counting actual` or `counting observed`",
                excl.span or span,
                "the file must say which reading of holidays it encodes: `actual` takes each "
                "holiday on its date, `observed` also skips the weekday a weekend holiday is "
                "observed on",
            )
            ok = False
        if counting is not None and "federal_holiday" not in days:
            self.error(
                COUNTING_WITHOUT_HOLIDAY,
                f"`counting {counting}` only matters when `federal_holiday` is excluded",
                excl.span or span, "remove `counting …`, or exclude `federal_holiday`",
            )
            ok = False
        if not ok:
            return None
        ordered = tuple(d for d in ir.DAY_KINDS if d in days)
        return ordered, counting or "actual"

    def _limit(self, clause: syntax.LimitClause, info: _ProvisionInfo) -> ir.Limit | None:
        ok = self._outcome(clause.outcome, clause.span)
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
        excl = self._excluding(clause.excluding, clause.span)
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
            condition=cond,
            span=clause.span,
        )

    def conflicts(self, rules: Sequence[ir.Rule], infos: Sequence[_ProvisionInfo]) -> None:
        """Two rules for one outcome at one priority with different conclusions."""
        spans = {i.syntax.label: i.syntax.span for i in infos}
        reported: set[tuple[str, str, str]] = set()
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
                reported.add(key)  # type: ignore[arg-type]
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
                self.error(
                    CONFLICT,
                    f"provisions {other.provision} and {rule.provision} both decide "
                    f"`{rule.outcome}` at the same rank: {other.provision} makes it "
                    f"{other.modality}, {rule.provision} makes it {rule.modality}",
                    spans.get(rule.provision) or rule.span,
                    f"if {rule.provision} is an exception to {other.provision}, write "
                    f"`provision {rule.provision} except {other.provision}`; if it yields, "
                    f"write `provision {rule.provision} subject to {other.provision}`",
                )

    # -- examples

    def examples(self, infos: Sequence[_ProvisionInfo]) -> list[ir.Example]:
        out: list[ir.Example] = []
        names: dict[str, Span | None] = {}
        labels = [i.syntax.label for i in infos]
        duty_ids = [c.id for i in infos for c in i.syntax.clauses
                    if isinstance(c, syntax.DutyClause)]
        deciding: set[tuple[str, str]] = set()
        for info in infos:
            for clause in info.syntax.clauses:
                if isinstance(clause, syntax.Conclusion):
                    deciding.add((info.syntax.label, clause.outcome))
                elif isinstance(clause, syntax.Applies):
                    deciding.update((info.syntax.label, o) for o in ir.OUTCOMES)
        for item in self.law.items:
            if not isinstance(item, syntax.Example):
                continue
            if item.name in names:
                self.error(
                    DUPLICATE_EXAMPLE,
                    f'example "{item.name}" is written twice (first at {names[item.name]})',
                    item.span, "give each example its own name",
                )
                continue
            names[item.name] = item.span
            self._check_json(item.given, self.vocab.fields, "")
            for expectation in item.expectations:
                self._check_expectation(expectation, labels, deciding, duty_ids)
            case = syntax.json_to_python(item.given)
            assert isinstance(case, dict)
            text = " ".join(d.value for d in item.docs if d.kind == "text")
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
            for label in e.labels:
                if label not in labels:
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
                self._excluding(e.excluding, e.span, expectation=True)
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
            ok = isinstance(v, str) and _is_iso_date(v)
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
        names: dict[str, Span | None] = {}
        for item in self.law.items:
            if not isinstance(item, syntax.Invariant):
                continue
            if item.name in names:
                self.error(
                    DUPLICATE_NAME,
                    f'invariant "{item.name}" is written twice (first at {names[item.name]})',
                    item.span, "give each invariant its own name",
                )
                continue
            names[item.name] = item.span
            text = " ".join(d.value for d in item.docs if d.kind == "text")
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
                if not self._outcome(g.outcome, g.span):
                    ok = False
                    continue
                guarantees.append(ir.Guarantee(g.outcome, g.value, g.negated))
            if ok and assume is not None:
                out.append(ir.Invariant(item.name, text, None, freshen(assume), tuple(guarantees),
                                        body.expect_violated, span=item.span))
        return out

    def notes(self, labels: Sequence[str], definitions: Sequence[str]) -> list[ir.Note]:
        out: list[ir.Note] = []
        for item in self.law.items:
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
                    for target in entry.targets:
                        pool = definitions if entry.is_name else labels
                        if target not in pool:
                            what = "definition" if entry.is_name else "provision"
                            self.error(
                                UNKNOWN_NOTE_TARGET,
                                f'note "{item.title}" is about {what} '
                                f"{'`' + target + '`' if entry.is_name else target}, "
                                "which does not exist",
                                entry.span or item.span,
                                did_you_mean(target, [*labels, *definitions],
                                             "a note is about a provision or a definition "
                                             "of this statute"),
                            )
                        else:
                            about.append(target)
            out.append(ir.Note(item.title, item.text, tuple(about), question, span=item.span))
        return out

    def unverified(self, infos: Sequence[_ProvisionInfo], notes: Sequence[ir.Note]) -> None:
        """TL-W001: this file's own provisions and definitions that rely on unverified
        facts need a note saying how the file reads them."""
        noted = {t for n in notes for t in n.about}
        own = {id(item) for item in self.law.items}
        for info in infos:
            mark = info.explicit_verification
            if mark in ("S", "U") and id(info.syntax) in own and info.syntax.label not in noted:
                self.warn(
                    UNVERIFIED_WITHOUT_NOTE,
                    f"provision {info.syntax.label} relies on facts the reference marks "
                    f"unverified (verification {mark}), and no note says how this file reads them",
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
                    f"definition `{item.name}` relies on facts the reference marks unverified "
                    f"(verification {marks[0]}), and no note says how this file reads them",
                    item.span,
                    f'add `note "…" {{ about {item.name} text "…" }}` explaining the reading '
                    "and its source",
                )


# ---- small helpers -----------------------------------------------------------------------


def _meta_example(key: str) -> str:
    return {
        "title": '"An Act Concerning …"',
        "jurisdiction": '"ct"',
        "citation": '"Conn. Pub. Act 13-155"',
        "status": "enacted",
        "verification": "V",
    }.get(key, '"…"')


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


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
