"""Vocabulary file (syntax) → ir.Vocabulary: the typed case format every statute reads.

The vocabulary declares enums, records, the top-level fields of a case, the offense
tags (each with its citation) and the constraints every well-formed case satisfies.
The bundled detainer vocabulary, built once, is `lowering.files.default_vocabulary()`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from .. import ir
from ..diagnostics import Diagnostic, Span, sort_diagnostics
from ..language import syntax
from ..names import did_you_mean, one_of
from .resolve import Resolver, type_from_ref

NOT_A_VOCABULARY = "TL-S011"
DUPLICATE_DECLARATION = "TL-S012"
MISSING_CITATION = "TL-S004"
UNKNOWN_TAG = "TL-N011"
RECURSIVE_RECORD = "TL-S013"
BAD_READS = "TL-S020"
UNKNOWN_META_KEY = "TL-M001"
BAD_META_VALUE = "TL-M003"
DUPLICATE_META = "TL-M007"

_VOCABULARY_META = {"title": "string", "citation": "string", "source": "string"}
TAG_ENUM = "tag"
BUILTIN_NAMES = ("bool", "int", "date")

_Report = Callable[[Diagnostic], None]


def source_digest(law: syntax.LawFile) -> str:
    """sha256 of a file's text (of its tree when built by hand without text)."""
    text = law.source or repr(law)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_vocabulary(law: syntax.LawFile) -> tuple[ir.Vocabulary | None, list[Diagnostic]]:
    """Check a vocabulary file and build the IR vocabulary (None when it has errors)."""
    diagnostics: list[Diagnostic] = []
    report = diagnostics.append
    header = law.header
    if header.kind != "vocabulary":
        report(Diagnostic(
            NOT_A_VOCABULARY, f"`{header.name}` is a statute, not a vocabulary", header.span,
            'a vocabulary file starts with `vocabulary "name" { ... }`',
        ))
        return None, diagnostics
    _check_meta(header, report)

    enum_decls: dict[str, syntax.EnumDecl] = {}
    record_decls: dict[str, syntax.RecordDecl] = {}
    field_decls: dict[str, syntax.FieldDecl] = {}
    tag_decls: dict[str, syntax.TagDecl] = {}
    constraint_decls: list[syntax.ConstraintDecl] = []
    seen_types: dict[str, object] = {}
    for item in law.items:
        if isinstance(item, syntax.EnumDecl):
            _declare(seen_types, item.name, item, "type", report)
            enum_decls.setdefault(item.name, item)
        elif isinstance(item, syntax.RecordDecl):
            _declare(seen_types, item.name, item, "type", report)
            record_decls.setdefault(item.name, item)
        elif isinstance(item, syntax.FieldDecl):
            if item.name in field_decls:
                report(_duplicate("field", item.name, item.span, field_decls[item.name].span))
            else:
                field_decls[item.name] = item
        elif isinstance(item, syntax.TagDecl):
            if item.name in tag_decls:
                report(_duplicate("tag", item.name, item.span, tag_decls[item.name].span))
            else:
                tag_decls[item.name] = item
        elif isinstance(item, syntax.ConstraintDecl):
            constraint_decls.append(item)
        elif isinstance(item, syntax.Note):
            continue
        else:
            report(Diagnostic(
                NOT_A_VOCABULARY,
                f"a vocabulary declares facts; {_item_kind(item)} belongs in a statute file",
                getattr(item, "span", None),
                "move it to a statute file",
            ))

    for name in [*BUILTIN_NAMES]:
        if name in seen_types:
            decl = seen_types[name]
            report(Diagnostic(
                DUPLICATE_DECLARATION, f"`{name}` is a built-in type and cannot be redeclared",
                getattr(decl, "span", None), "choose another name",
            ))

    enums: dict[str, ir.EnumType] = {}
    enum_texts: list[tuple[str, str, str]] = []
    for decl in enum_decls.values():
        values: list[str] = []
        for value in decl.values:
            if value.name in values:
                report(Diagnostic(
                    DUPLICATE_DECLARATION,
                    f"`{value.name}` is listed twice in enum `{decl.name}`", value.span,
                    "list each value once",
                ))
                continue
            values.append(value.name)
            enum_texts.append((decl.name, value.name, value.text or ""))
        enums[decl.name] = ir.EnumType(decl.name, tuple(values))

    records: list[ir.RecordInfo] = []
    for decl in record_decls.values():
        fields: list[ir.FieldInfo] = []
        names: set[str] = set()
        for f in decl.fields:
            if f.name in names:
                report(Diagnostic(
                    DUPLICATE_DECLARATION,
                    f"record `{decl.name}` declares field `{f.name}` twice", f.span,
                    "declare each field once",
                ))
                continue
            names.add(f.name)
            t = type_from_ref(f.type, enums, record_decls, report)
            if t is not None:
                fields.append(ir.FieldInfo(f.name, t, f.text or "", span=f.span,
                                           reads=_reads(f, t, report)))
        records.append(ir.RecordInfo(decl.name, tuple(fields), span=decl.span))
    _check_recursion(records, report)

    top: list[ir.FieldInfo] = []
    for f in field_decls.values():
        t = type_from_ref(f.type, enums, record_decls, report)
        if t is not None:
            top.append(ir.FieldInfo(f.name, t, f.text or "", span=f.span,
                                    reads=_reads(f, t, report)))

    tags = _tags(enums.get(TAG_ENUM), tag_decls, enum_decls.get(TAG_ENUM), header, report)

    partial = ir.Vocabulary(
        name=header.name,
        fields=tuple(top),
        records=tuple(records),
        enums=tuple(enums.values()),
        enum_texts=tuple(enum_texts),
        tags=tuple(tags),
        constraints=(),
        digest=source_digest(law),
    )
    resolver = Resolver(partial, diagnostics)
    constraints: list[ir.Constraint] = []
    constraint_names: dict[str, syntax.ConstraintDecl] = {}
    for c in constraint_decls:
        if c.name in constraint_names:
            report(_duplicate("constraint", c.name, c.span, constraint_names[c.name].span))
            continue
        constraint_names[c.name] = c
        body = resolver.condition(c.body, {}, f'constraint "{c.name}"')
        if body is not None:
            constraints.append(ir.Constraint(c.name, body, span=c.span))

    diagnostics[:] = sort_diagnostics(diagnostics)
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    vocab = ir.Vocabulary(
        name=partial.name,
        fields=partial.fields,
        records=partial.records,
        enums=partial.enums,
        enum_texts=partial.enum_texts,
        tags=partial.tags,
        constraints=tuple(constraints),
        digest=partial.digest,
    )
    return vocab, diagnostics


def _reads(field: syntax.FieldDecl, type_: ir.Type, report: _Report) -> ir.Reading | None:
    """A field's ``reads "…", "…"``: only a yes/no field has one, each phrase on one line."""
    if field.reads is None:
        return None
    if not isinstance(type_, ir.BoolType):
        report(Diagnostic(
            BAD_READS, f"field `{field.name}` is not yes/no, so it cannot read as true or "
            "false", field.span, "remove `reads`: only a `bool` field has one",
        ))
        return None
    for phrase in field.reads:
        if not phrase.strip() or any(c in phrase for c in "\n\r\t"):
            report(Diagnostic(
                BAD_READS, f"field `{field.name}` reads as an empty phrase or one of "
                "several lines", field.span,
                "write each of the two phrases as words on one line",
            ))
            return None
    return ir.Reading(*field.reads)


def fact_readings(vocab: ir.Vocabulary) -> tuple[tuple[str, ir.Reading], ...]:
    """The plain words of each yes/no fact of the case that has them, by dotted path,
    as whole clauses: a field of the case as its vocabulary reads; a field of one of
    its records said of it ("the person" + "is listed in a gang database")."""
    out: list[tuple[str, ir.Reading]] = []
    for field in vocab.fields:
        if field.reads is not None:
            out.append((field.name, field.reads))
        record = vocab.record(field.type.name) if isinstance(field.type, ir.RecordType) else None
        if record is None:
            continue
        subject = "the " + field.name.replace("_", " ")
        for inner in record.fields:
            if inner.reads is not None:
                out.append((f"{field.name}.{inner.name}", ir.Reading(
                    f"{subject} {inner.reads.yes}", f"{subject} {inner.reads.no}")))
    return tuple(out)


def field_readings(vocab: ir.Vocabulary) -> tuple[tuple[str, str, ir.Reading], ...]:
    """The plain words of each yes/no field of a record that has them, said of the
    record: (record, field, reading)."""
    return tuple((record.name, field.name, field.reads) for record in vocab.records
                 for field in record.fields if field.reads is not None)


def _declare(seen: dict[str, object], name: str, item: object, what: str,
             report: _Report) -> None:
    if name in seen:
        report(_duplicate(what, name, getattr(item, "span", None),
                          getattr(seen[name], "span", None)))
    else:
        seen[name] = item


def _duplicate(what: str, name: str, span: Span | None, first: Span | None) -> Diagnostic:
    where = f" (first declared at {first})" if first is not None else ""
    return Diagnostic(
        DUPLICATE_DECLARATION, f"{what} `{name}` is declared twice{where}", span,
        "keep one declaration and remove the other",
    )


def _item_kind(item: object) -> str:
    kinds = {
        syntax.Definition: "a definition",
        syntax.Provision: "a provision",
        syntax.Strike: "a strike",
        syntax.Example: "an example",
        syntax.Invariant: "an invariant",
    }
    return kinds.get(type(item), "this item")


def _check_meta(header: syntax.Header, report: _Report) -> None:
    seen: set[str] = set()
    for meta in header.meta:
        if meta.key not in _VOCABULARY_META:
            report(Diagnostic(
                UNKNOWN_META_KEY, f"`{meta.key}` is not a vocabulary heading", meta.span,
                did_you_mean(meta.key, _VOCABULARY_META,
                             f"a vocabulary heading is {one_of(_VOCABULARY_META)}"),
            ))
            continue
        if meta.key in seen and meta.key != "source":
            report(Diagnostic(
                DUPLICATE_META, f"`{meta.key}` is given twice", meta.span, "keep one",
            ))
        seen.add(meta.key)
        if not isinstance(meta.value, syntax.MetaString):
            report(Diagnostic(
                BAD_META_VALUE, f"`{meta.key}` needs a quoted text", meta.span,
                f'write `{meta.key} "…"`',
            ))


def _check_recursion(records: list[ir.RecordInfo], report: _Report) -> None:
    by_name = {r.name: r for r in records}

    def contains(t: ir.Type) -> str | None:
        while isinstance(t, ir.ListType):
            t = t.element
        return t.name if isinstance(t, ir.RecordType) else None

    looped: set[str] = set()
    for record in records:
        if record.name in looped:
            continue
        stack: list[tuple[str, tuple[str, ...]]] = [(record.name, (record.name,))]
        seen: set[str] = set()
        while stack:
            name, path = stack.pop()
            info = by_name.get(name)
            if info is None:
                continue
            for f in info.fields:
                inner = contains(f.type)
                if inner is None:
                    continue
                if inner == record.name:
                    looped.update(path)
                    report(Diagnostic(
                        RECURSIVE_RECORD,
                        f"record `{record.name}` contains itself: "
                        + " → ".join(f"`{p}`" for p in (*path, inner)),
                        record.span, "a case is a finite tree of records; break the loop",
                    ))
                    stack.clear()
                    break
                if inner not in seen:
                    seen.add(inner)
                    stack.append((inner, (*path, inner)))


def _tags(
    tag_enum: ir.EnumType | None,
    decls: dict[str, syntax.TagDecl],
    enum_decl: syntax.EnumDecl | None,
    header: syntax.Header,
    report: _Report,
) -> list[ir.TagInfo]:
    values = tag_enum.values if tag_enum is not None else ()
    out: list[ir.TagInfo] = []
    for name, decl in decls.items():
        if name not in values:
            report(Diagnostic(
                UNKNOWN_TAG, f'"{name}" is not a value of enum `tag`', decl.span,
                did_you_mean(name, values, "add it to `enum tag` first"),
            ))
            continue
        cites = [d.value for d in decl.docs if d.kind == "cites"]
        texts = [d.value for d in decl.docs if d.kind == "text"]
        if not cites:
            report(Diagnostic(
                MISSING_CITATION, f'tag "{name}" has no citation', decl.span,
                'add `cites "…"` naming the law that defines the offense class',
            ))
            continue
        out.append(ir.TagInfo(name, "; ".join(cites), " ".join(texts)))
    if tag_enum is not None:
        spans = {v.name: v.span for v in enum_decl.values} if enum_decl is not None else {}
        for value in values:
            if value not in decls:
                report(Diagnostic(
                    MISSING_CITATION,
                    f'tag "{value}" has no declaration with a citation',
                    spans.get(value, header.span),
                    f'add `tag "{value}" {{ cites "…" text "…" }}`',
                ))
    order = {v: i for i, v in enumerate(values)}
    return sorted(out, key=lambda t: order.get(t.name, len(order)))

