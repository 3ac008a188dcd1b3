"""Statute file (syntax) → ir.Program: the lowering stages, run in order.

Each stage has its own module: `lower_meta` (the header), `lower_amend` (what an
amending statute changes), the definitions (here; every expression is lowered by
`resolve.Resolver`), `lower_rules` (provisions: exceptions turned into priorities,
scope into rules, duties and limits), `lower_examples` (examples, invariants and
notes) and `unused_definitions` (a warning at each definition nothing reads). Every
problem is collected as a located `Diagnostic` (nothing is raised for bad input); the
program is returned only when there is no error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from .. import ir
from ..diagnostics import Diagnostic, sort_diagnostics
from ..language import syntax
from ..language.parser import keywords
from .amend import Resolve, effective
from .examples import lower_examples
from .meta import META_KINDS, lower_meta
from .resolve import Resolver
from .rules import lower_provisions, read_docs
from .unused import unused_definitions
from .vocabulary import fact_readings, field_readings

__all__ = ["META_KINDS", "WRONG_FILE_KIND", "lower"]

WRONG_FILE_KIND = "TL-S011"
DEFINITION_SHADOWS_FACT = "TL-S017"
DEFINITION_NAMED_BY_A_WORD = "TL-S023"


def lower(
    law: syntax.LawFile, vocab: ir.Vocabulary, resolve: Resolve | None = None
) -> tuple[ir.Program | None, list[Diagnostic]]:
    """Lower one statute file against `vocab`; `resolve(id)` gives the file a statute
    amends. Returns the program (None when there is any error) and every diagnostic."""
    diagnostics: list[Diagnostic] = []
    program = _lower(law, vocab, resolve, diagnostics)
    return program, sort_diagnostics(diagnostics)


def _lower(
    law: syntax.LawFile,
    vocab: ir.Vocabulary,
    resolve: Resolve | None,
    diagnostics: list[Diagnostic],
) -> ir.Program | None:
    """The program, or None when there is an error (every problem is in `diagnostics`)."""
    report = diagnostics.append
    if law.header.kind != "statute":
        report(Diagnostic(
            WRONG_FILE_KIND, f"`{law.header.name}` is a vocabulary, not a statute",
            law.header.span, "check vocabulary files with `build_vocabulary`",
        ))
        return None
    for item in law.items:
        if isinstance(item, (syntax.EnumDecl, syntax.RecordDecl, syntax.FieldDecl,
                             syntax.TagDecl, syntax.ConstraintDecl)):
            report(Diagnostic(
                WRONG_FILE_KIND,
                "a statute cannot declare facts; enums, records, fields, tags and "
                "constraints belong in the vocabulary",
                item.span,
                "add it to statutes/vocabulary/detainer.law",
            ))
    meta, verification = lower_meta(law.header, report)
    in_force = effective(law, resolve, report)
    if in_force is None:
        # The base could not be found or read: every check of provisions would only
        # repeat that, so report the cause alone.
        return None
    resolver = Resolver(vocab, diagnostics, {d.name: d for d in in_force.definitions})
    definitions = _definitions(in_force.definitions, vocab, resolver, report)
    provisions = lower_provisions(in_force.provisions, verification, resolver, report,
                                  in_force.struck, dict(in_force.levels), law.path)
    own = {id(item) for item in law.items}
    examples, invariants, notes = lower_examples(
        law, vocab, resolver, provisions.infos, [d.name for d in in_force.definitions], report,
        in_force.struck, tuple(n for n in in_force.notes if id(n) not in own),
    )
    misnamed = {d.span for d in diagnostics if d.is_error and d.code in (
        DEFINITION_SHADOWS_FACT, DEFINITION_NAMED_BY_A_WORD)}
    diagnostics.extend(d for d in unused_definitions(law, in_force) if d.span not in misnamed)
    if meta is None or any(d.is_error for d in diagnostics):
        return None
    digest = hashlib.sha256(vocab.digest.encode("utf-8"))
    digest.update((law.source or repr(law)).encode("utf-8"))
    for source in in_force.sources:
        digest.update(source.encode("utf-8"))
    return ir.Program(
        meta=meta,
        rules=provisions.rules,
        duties=provisions.duties,
        limits=provisions.limits,
        provisions=tuple(
            ir.Provision(i.syntax.label, i.citation, i.text, i.verification,
                         editorial=i.editorial, span=i.syntax.span)
            for i in provisions.infos
        ),
        definitions=tuple(definitions),
        examples=tuple(examples),
        invariants=tuple(invariants),
        notes=tuple(notes),
        digest="sha256:" + digest.hexdigest(),
        path=law.path,
        fact_readings=fact_readings(vocab),
        field_readings=field_readings(vocab),
    )


def _definitions(
    defs: Sequence[syntax.Definition],
    vocab: ir.Vocabulary,
    resolver: Resolver,
    report: Callable[[Diagnostic], None],
) -> list[ir.Definition]:
    """The definitions in force, lowered; one with no citation or a bad body is left out."""
    out: list[ir.Definition] = []
    for d in defs:
        citation, text, _ = read_docs(d.docs, f"definition `{d.name}`", d.span, report)
        if vocab.field(d.name) is not None:
            report(Diagnostic(
                DEFINITION_SHADOWS_FACT,
                f"definition `{d.name}` has the name of a fact of the case", d.span,
                "choose another name, so that every use is unambiguous",
            ))
        elif d.name in keywords():
            report(Diagnostic(
                DEFINITION_NAMED_BY_A_WORD,
                f"definition `{d.name}` is named by a word of the statute language, which a "
                "condition reads as the word itself, not as the definition", d.span,
                "choose another name for the definition",
            ))
        lowered = resolver.definition(d.name)
        if lowered is None or citation is None:
            continue
        out.append(ir.Definition(d.name, citation, text, lowered.params, lowered.body,
                                 span=d.span))
    return out
