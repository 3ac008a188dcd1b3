"""Syntax tree → canonical statute text, keeping every comment.

The layout is fixed, so two lawyers' edits diff cleanly: two-space indentation inside
blocks, one documentation line, clause, expectation or field per line, canonical spacing
in expressions and the fewest parentheses that parse back to exactly the same tree
(``and``/``or`` group to the left, ``implies`` to the right, and a quantifier needs
parentheses unless it is a whole expression or the right-hand side of ``implies``).
Items are separated by one blank line, except where the author wrote two items of the
same kind (a run of ``field``s or ``tag``s) without one. A long condition is broken
before each ``and``/``or``/``implies`` of its top-level chain. A ``given`` object stays
on one line when it fits in `WIDTH` columns and otherwise gets one pair per line (nested
values likewise).

Comments are placed by source line (so a tree built in code, without spans, has none):
a comment on its own line goes before the first formatted line that came after it in the
source, and an end-of-line comment goes at the end of the formatted line it was on. A
blank line next to an own-line comment is kept, so section banners survive.

Two properties are tested: ``parse(format_law(t)) == t`` and formatting is idempotent.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from . import syntax as s

__all__ = ["WIDTH", "format_expr", "format_json", "format_law", "format_source", "quote"]

#: The line width a ``given`` object is fitted into before it is spread over lines.
WIDTH = 100
_INDENT = "  "


def format_source(text: str, path: str = "<string>") -> str:
    """Parse statute text and return its canonical form; `StatuteError` if it is invalid,
    or if the canonical form is longer than a statute file may be (`check` would refuse
    the file `fmt` wrote: TL-P026)."""
    from ..diagnostics import StatuteError
    from .limits import MAX_STATUTE_CHARS
    from .parser import parse, too_long  # local import: the parser is the heavier module

    formatted = format_law(parse(text, path))
    if len(formatted) > MAX_STATUTE_CHARS:
        raise StatuteError([too_long(path, len(formatted))], {path: text})
    return formatted


def format_law(law: s.LawFile) -> str:
    """The canonical text of a whole statute or vocabulary file, comments included."""
    token = _COMMENTED.set(frozenset(c.span.line for c in law.comments if c.span is not None))
    try:
        return _format_law(law)
    finally:
        _COMMENTED.reset(token)


# The source lines that hold a comment, while a file is formatted: a JSON value written
# over several lines with one inside is never put on one line (its comments would lose
# their lines).
_COMMENTED: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "trustlaw_fmt_commented", default=frozenset())


def _format_law(law: s.LawFile) -> str:
    lines: list[_Line] = []
    _header(lines, law.header)
    previous: s.Item | None = None
    source_lines = law.source.split("\n")  # Lark counts only "\n" as a line end
    for item in law.items:
        together = previous is not None and _together(previous, item, source_lines)
        lines.append(_Line(0, "", None, kind="gap" if together else "blank"))
        _item(lines, item)
        previous = item
    return _place_comments(lines, law)


def _together(previous: s.Item, item: s.Item, source_lines: Sequence[str]) -> bool:
    """Whether two items of the same kind were written without a blank line between."""
    if type(item) is not type(previous) or item.span is None or previous.span is None:
        return False
    between = source_lines[previous.span.end_line:item.span.line - 1]
    return previous.span.end_line < item.span.line and all(line.strip() for line in between)


# ---- lines ------------------------------------------------------------------------------


@attrs.define
class _Line:
    """One output line: indentation level, text and the source line it starts at.

    kind: "code", "close" (a closing `}`), "blank" (a blank line between items) or "gap"
    (no blank line between items; only a place for comments).
    """

    level: int
    text: str
    anchor: int | None
    kind: str = "code"


def _line(span: s.Span | None) -> int | None:
    return span.line if span is not None else None


def _end_line(span: s.Span | None) -> int | None:
    return span.end_line if span is not None else None


def _block(
    lines: list[_Line], level: int, opening: str, span: s.Span | None, body: list[_Line]
) -> None:
    """``opening {`` + body + ``}``, or ``opening {}`` for an empty body."""
    if not body:
        lines.append(_Line(level, f"{opening} {{}}", _line(span)))
        return
    lines.append(_Line(level, f"{opening} {{", _line(span)))
    lines.extend(body)
    lines.append(_Line(level, "}", _end_line(span), kind="close"))


# ---- header and items ---------------------------------------------------------------------


def _header(lines: list[_Line], header: s.Header) -> None:
    body = [_Line(1, f"{m.key} {_meta_value(m.value)}", _line(m.span)) for m in header.meta]
    _block(lines, 0, f"{header.kind} {quote(header.name)}", header.span, body)


def _meta_value(value: s.MetaValue) -> str:
    if isinstance(value, s.MetaString):
        return quote(value.value)
    if isinstance(value, s.MetaDate):
        return value.value.isoformat()
    if isinstance(value, s.MetaName):
        return value.value
    return "[" + ", ".join(value.values) + "]"


def _docs(docs: Iterable[s.Doc], level: int) -> list[_Line]:
    return [_Line(level, _doc(d), _line(d.span)) for d in docs]


def _doc(doc: s.Doc) -> str:
    if doc.kind == "editorial":
        return "editorial"
    value = doc.value if doc.kind == "verification" else quote(doc.value)
    return f"{doc.kind} {value}"


def _item(lines: list[_Line], item: s.Item) -> None:
    if isinstance(item, s.Definition):
        params = ""
        if item.params:
            params = "(" + ", ".join(f"{p.name}: {_type(p.type)}" for p in item.params) + ")"
        body = _docs(item.docs, 1)
        _wrapped(body, 1, "means ", item.body, _line(item.body.span))
        _block(lines, 0, f"definition {item.name}{params}", item.span, body)
    elif isinstance(item, s.Provision):
        relations = "".join(f" {_relation(r)}" for r in item.relations)
        body = _docs(item.docs, 1)
        for clause in item.clauses:
            _clause_lines(body, clause)
        _block(lines, 0, f"provision {item.label}{relations}", item.span, body)
    elif isinstance(item, s.Strike):
        lines.append(_Line(0, f"strike {item.label}", _line(item.span)))
    elif isinstance(item, s.Example):
        body = _docs(item.docs, 1)
        _json_lines(body, 1, "given ", item.given, "", _line(item.given.span))
        body += [_Line(1, _expectation(e), _line(e.span)) for e in item.expectations]
        _block(lines, 0, f"example {quote(item.name)}", item.span, body)
    elif isinstance(item, s.Invariant):
        body = _docs(item.docs, 1) + _invariant_body(item.body)
        _block(lines, 0, f"invariant {quote(item.name)}", item.span, body)
    elif isinstance(item, s.Note):
        body = [line for e in item.entries for line in _note_lines(e)]
        _block(lines, 0, f"note {quote(item.title)}", item.span, body)
    elif isinstance(item, s.EnumDecl):
        body = [_Line(1, _enum_value(v) + ",", _line(v.span)) for v in item.values]
        _block(lines, 0, f"enum {item.name}", item.span, body)
    elif isinstance(item, s.RecordDecl):
        body = [_Line(1, _field(f), _line(f.span)) for f in item.fields]
        _block(lines, 0, f"record {item.name}", item.span, body)
    elif isinstance(item, s.FieldDecl):
        lines.append(_Line(0, _field(item), _line(item.span)))
    elif isinstance(item, s.TagDecl):
        _block(lines, 0, f"tag {quote(item.name)}", item.span, _docs(item.docs, 1))
    elif isinstance(item, s.ConstraintDecl):
        body = _docs(item.docs, 1)
        _wrapped(body, 1, "means ", item.body, _line(item.body.span))
        _block(lines, 0, f"constraint {quote(item.name)}", item.span, body)
    else:  # pragma: no cover - every Item kind is handled above
        raise TypeError(f"cannot format {type(item).__name__}")


def _type(ref: s.TypeRef) -> str:
    prefix = ""
    while isinstance(ref, s.ListType):
        prefix += "list of "
        ref = ref.element
    return prefix + ref.name


def _relation(relation: s.Relation) -> str:
    keyword = "subject to" if relation.kind == "subject_to" else relation.kind
    return f"{keyword} {relation.target}"


def _condition(condition: s.Condition | None) -> str:
    if condition is None:
        return ""
    text = ""
    if condition.if_ is not None:
        text += f" if {format_expr(condition.if_)}"
    if condition.unless is not None:
        text += f" unless {format_expr(condition.unless)}"
    return text


def _excluding(excluding: s.Excluding | None) -> str:
    if excluding is None:
        return ""
    text = " excluding " + ", ".join(excluding.days)
    if excluding.counting is not None:
        text += f" counting {excluding.counting}"
    return text


def _clause_lines(lines: list[_Line], clause: s.Clause) -> None:
    """A clause on one line; a long final condition is broken at its `and`s/`or`s."""
    anchor = _line(clause.span)
    condition = getattr(clause, "condition", None)
    if isinstance(clause, s.Applies):
        _wrapped(lines, 1, "applies if ", clause.condition, anchor)
    elif isinstance(clause, s.Binds):
        _wrapped(lines, 1, "binds if ", clause.condition, anchor)
    elif isinstance(condition, s.Condition) and (condition.if_ is None) != (
        condition.unless is None
    ):
        head = _clause(attrs.evolve(clause, condition=None))
        keyword, expr = ("if", condition.if_) if condition.if_ is not None else (
            "unless", condition.unless)
        assert expr is not None
        _wrapped(lines, 1, f"{head} {keyword} ", expr, anchor)
    else:
        lines.append(_Line(1, _clause(clause), anchor))


def _clause(clause: s.Clause) -> str:
    if isinstance(clause, s.Conclusion):
        return f"{clause.outcome} {clause.modality}{_condition(clause.condition)}"
    if isinstance(clause, s.DutyClause):
        text = f"duty {quote(clause.id)}"
        if clause.text is not None:
            text += f" {quote(clause.text)}"
        return text + _condition(clause.condition)
    if isinstance(clause, s.LimitClause):
        return (f"limit {clause.outcome} {clause.hours} hours{_excluding(clause.excluding)}"
                f"{_condition(clause.condition)}")
    if isinstance(clause, s.Binds):
        return f"binds if {format_expr(clause.condition)}"
    return f"applies if {format_expr(clause.condition)}"


def _expectation(expectation: s.Expectation) -> str:
    if isinstance(expectation, s.ExpectOutcome):
        return f"expect {expectation.outcome} {expectation.value}"
    if isinstance(expectation, s.ExpectGrounds):
        return f"expect {expectation.outcome} grounds " + ", ".join(expectation.labels)
    if isinstance(expectation, s.ExpectMaxHold):
        if expectation.hours is None:
            return "expect max_hold none"
        return f"expect max_hold {expectation.hours} hours{_excluding(expectation.excluding)}"
    if isinstance(expectation, s.ExpectDuty):
        return f"expect {'' if expectation.present else 'no '}duty {quote(expectation.id)}"
    return (f"expect deadline {_datetime(expectation.deadline)} from "
            f"{_datetime(expectation.release_at)}")


def _datetime(value: _dt.datetime) -> str:
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def _invariant_body(body: s.StandardInvariant | s.CustomInvariant) -> list[_Line]:
    if isinstance(body, s.StandardInvariant):
        lines = [_Line(1, f"standard {body.name}", _line(body.span))]
    else:
        lines = []
        _wrapped(lines, 1, "assume ", body.assume, _line(body.span))
        for guarantee in body.guarantees:
            negation = "not " if guarantee.negated else ""
            lines.append(_Line(
                1, f"ensure {guarantee.outcome} is {negation}{guarantee.value}",
                _line(guarantee.span),
            ))
    if body.expect_violated:
        lines.append(_Line(1, "expect violated", _end_line(body.span)))
    return lines


def _note_lines(entry: s.NoteEntry) -> list[_Line]:
    """A note's entry on one line; an `about` list with a comment between its targets
    keeps a line per source line, so that each comment stays after its own targets."""
    targets = entry.targets if isinstance(entry, s.NoteAbout) else ()
    rows = entry.target_lines if isinstance(entry, s.NoteAbout) else ()
    commented = _COMMENTED.get()
    if not rows or len(rows) != len(targets) or not any(
            rows[0] <= line < rows[-1] for line in commented):
        return [_Line(1, _note_entry(entry), _line(entry.span))]
    lines: list[_Line] = []
    for index, (target, row) in enumerate(zip(targets, rows, strict=True)):
        comma = "," if index < len(targets) - 1 else ""
        if index and row == rows[index - 1]:
            last = lines[-1]
            lines[-1] = attrs.evolve(last, text=f"{last.text} {target}{comma}")
        else:
            lines.append(_Line(1 if not index else 2,
                               ("about " if not index else "") + target + comma, row))
    return lines


def _note_entry(entry: s.NoteEntry) -> str:
    if isinstance(entry, s.NoteAbout):
        return "about " + ", ".join(entry.targets)
    if isinstance(entry, s.NoteQuestion):
        return f"question {entry.number}"
    return _doc(entry)


def _enum_value(value: s.EnumValue) -> str:
    text = quote(value.name) if value.quoted else value.name
    if value.text is not None:
        text += f" {quote(value.text)}"
    return text


def _field(field: s.FieldDecl) -> str:
    text = f"field {field.name}: {_type(field.type)}"
    if field.text is not None:
        text += f" {quote(field.text)}"
    if field.reads is not None:
        text += f" reads {quote(field.reads[0])}, {quote(field.reads[1])}"
    return text


# ---- strings and JSON ---------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def quote(text: str) -> str:
    """A string literal for `text`: ``"``, ``\\``, new lines and tabs escaped."""
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def format_json(value: s.Json) -> str:
    """Compact, readable JSON on one line: ``{"a": [1, 2], "b": null}``."""
    if isinstance(value, s.JsonObject):
        return "{" + ", ".join(f"{quote(p.key)}: {format_json(p.value)}" for p in value.pairs) + "}"
    if isinstance(value, s.JsonArray):
        return "[" + ", ".join(format_json(item) for item in value.items) + "]"
    return _json_scalar(value.value)


def _json_scalar(value: str | int | float | bool | None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be written in a statute file")
    text = format(Decimal(repr(value)), "f")  # never an exponent: the grammar has none
    return text if "." in text else text + ".0"


def _json_lines(
    lines: list[_Line], level: int, prefix: str, value: s.Json, suffix: str,
    anchor: int | None,
) -> None:
    """`value` on one line if it fits, else one entry per line (recursively)."""
    compact = format_json(value)
    width = len(_INDENT) * level + len(prefix) + len(compact) + len(suffix)
    entries: Sequence[tuple[str, s.Json, int | None]]
    if isinstance(value, s.JsonObject) and value.pairs:
        entries = [(f"{quote(p.key)}: ", p.value, _line(p.span)) for p in value.pairs]
        opening, closing = "{", "}"
    elif isinstance(value, s.JsonArray) and value.items:
        entries = [("", item, _line(item.span)) for item in value.items]
        opening, closing = "[", "]"
    else:
        entries = ()
    span = value.span  # written over several lines with a comment before its last line
    commented = span is not None and span.line < span.end_line and any(
        span.line <= line < span.end_line for line in _COMMENTED.get())
    if (width <= WIDTH and not commented) or not entries:
        lines.append(_Line(level, prefix + compact + suffix, anchor))
        return
    lines.append(_Line(level, prefix + opening, anchor))
    for index, (key, item, item_anchor) in enumerate(entries):
        comma = "," if index < len(entries) - 1 else ""
        _json_lines(lines, level + 1, key, item, comma, item_anchor)
    lines.append(_Line(level, closing + suffix, _end_line(value.span), kind="close"))


# ---- expressions ----------------------------------------------------------------------------

# Binding levels: a child printed below the level its place needs gets parentheses.
_QUANTIFIER, _IMPLIES, _OR, _AND, _NOT, _COMPARISON, _SUM, _ATOM = range(8)
_BINOP_LEVEL = {"implies": _IMPLIES, "or": _OR, "and": _AND}


def format_expr(expr: s.Expr) -> str:
    """The canonical text of an expression, with the fewest parentheses that keep its tree."""
    return _expr(expr, _QUANTIFIER)


def _expr(expr: s.Expr, needed: int) -> str:
    text, level = _bare(expr)
    return f"({text})" if level < needed else text


def _bare(expr: s.Expr) -> tuple[str, int]:
    if isinstance(expr, s.Quantifier):
        source = ".".join(expr.source.names)
        body = _expr(expr.body, _QUANTIFIER)
        return f"{expr.kind} {expr.var} in {source} where {body}", _QUANTIFIER
    if isinstance(expr, s.BinOp):
        level = _BINOP_LEVEL[expr.op]
        if expr.op == "implies":  # right-associative; a quantifier may end it
            left, right = _expr(expr.left, _OR), _expr(expr.right, _QUANTIFIER)
            return f"{left} {expr.op} {right}", level
        # left-associative: a chain of one operator is read as a list, without recursion
        first, *rest = s.chain(expr)
        operands = [_expr(first, level), *(_expr(operand, level + 1) for operand in rest)]
        return f" {expr.op} ".join(operands), level
    if isinstance(expr, s.Not):
        return f"not {_expr(expr.operand, _NOT)}", _NOT
    if isinstance(expr, s.Compare):
        return (f"{_expr(expr.left, _SUM)} {expr.op} {_expr(expr.right, _SUM)}",
                _COMPARISON)
    if isinstance(expr, s.Member):
        operator = "not in" if expr.negated else "in"
        return (f"{_expr(expr.element, _SUM)} {operator} {_expr(expr.collection, _SUM)}",
                _COMPARISON)
    if isinstance(expr, s.Within):
        return (f"{_expr(expr.subject, _SUM)} within {_duration(expr.duration)} "
                f"{expr.direction} {_expr(expr.anchor, _SUM)}", _COMPARISON)
    if isinstance(expr, s.IsKnown):
        return (f"{_expr(expr.operand, _SUM)} is {'known' if expr.known else 'unknown'}",
                _COMPARISON)
    if isinstance(expr, s.Arith):
        return f"{_expr(expr.left, _SUM)} {expr.op} {_expr(expr.right, _ATOM)}", _SUM
    return _atom(expr), _ATOM


def _atom(expr: s.Expr) -> str:
    if isinstance(expr, s.Path):
        return ".".join(expr.names)
    if isinstance(expr, s.IntLit):
        return str(expr.value)
    if isinstance(expr, s.BoolLit):
        return "true" if expr.value else "false"
    if isinstance(expr, s.StringLit):
        return quote(expr.value)
    if isinstance(expr, s.DateLit):
        return expr.value.isoformat()
    if isinstance(expr, s.DurationLit):
        return _duration(expr)
    if isinstance(expr, s.Call):
        return f"{expr.name}(" + ", ".join(_expr(a, _QUANTIFIER) for a in expr.args) + ")"
    if isinstance(expr, s.SetLit):
        return "{" + ", ".join(_expr(item, _ATOM) for item in expr.items) + "}"
    raise TypeError(f"cannot format {type(expr).__name__}")  # pragma: no cover


def _wrapped(
    lines: list[_Line], level: int, prefix: str, expr: s.Expr, anchor: int | None
) -> None:
    """`prefix` + `expr` on one line if it fits, else one operand of its top chain a line."""
    text = prefix + format_expr(expr)
    if len(_INDENT) * level + len(text) <= WIDTH:
        lines.append(_Line(level, text, anchor))
        return
    while isinstance(expr, s.Quantifier):  # break inside the body: `any c in x where …`
        prefix += f"{expr.kind} {expr.var} in {'.'.join(expr.source.names)} where "
        expr = expr.body
    parts = _chain(expr)
    if parts is None:
        lines.append(_Line(level, text, anchor))
        return
    operator, operands, nodes = parts
    if len(_INDENT) * level + len(prefix + operands[0]) > WIDTH:  # breaking would not help
        lines.append(_Line(level, text, anchor))
        return
    lines.append(_Line(level, prefix + operands[0], anchor))
    # each operand's line is anchored at the operand's own source line, so that an
    # end-of-line comment written after an operand stays with it
    lines.extend(_Line(level + 1, f"{operator} {operand}", _line(node.span))
                 for operand, node in zip(operands[1:], nodes[1:], strict=True))


def _chain(expr: s.Expr) -> tuple[str, list[str], list[s.Expr]] | None:
    """A top-level chain of one operator (``a or b or c``) as its operator, its operands
    written out, and the operands' nodes."""
    if not isinstance(expr, s.BinOp):
        return None
    operator = expr.op
    if operator == "implies":  # right-associative: a implies (b implies c)
        operands: list[str] = []
        nodes: list[s.Expr] = []
        node: s.Expr = expr
        while isinstance(node, s.BinOp) and node.op == "implies":
            operands.append(_expr(node.left, _OR))
            nodes.append(node.left)
            node = node.right
        operands.append(_expr(node, _QUANTIFIER))
        nodes.append(node)
        return operator, operands, nodes
    level = _BINOP_LEVEL[operator]
    first, *rest = chained = s.chain(expr)
    return (operator, [_expr(first, level), *(_expr(operand, level + 1) for operand in rest)],
            chained)


def _duration(duration: s.DurationLit) -> str:
    unit = duration.unit[:-1] if duration.amount == 1 else duration.unit  # "1 year"
    return f"{duration.amount} {unit}"


# ---- comments -------------------------------------------------------------------------------


def _place_comments(lines: list[_Line], law: s.LawFile) -> str:
    """Render `lines`, putting each comment of `law` back where it was."""
    source_lines = law.source.split("\n")  # Lark counts only "\n" as a line end

    def blank(number: int) -> bool:
        return 1 <= number <= len(source_lines) and not source_lines[number - 1].strip()

    # The running source line of each output line (generated lines inherit the last).
    anchors: list[int] = []
    last = 0
    for line in lines:
        if line.anchor is not None and line.anchor > last:
            last = line.anchor
        anchors.append(last)

    own: list[s.Comment] = []  # comments on a line of their own, in source order
    ends: dict[int, s.Comment] = {}  # output line index -> its end-of-line comment
    for comment in sorted(law.comments, key=_comment_key):
        span = comment.span
        target = None
        if (span is not None and span.line <= len(source_lines)
                and source_lines[span.line - 1][: span.column - 1].strip()):
            target = max(
                (i for i, line in enumerate(lines)
                 if anchors[i] <= span.line and line.kind in ("code", "close")),
                default=None,
            )
        if target is not None and target not in ends:
            ends[target] = comment
        else:  # own line, or a second comment for the same line: put it on its own line
            own.append(comment)

    out: list[str] = []  # rendered lines; "" is a blank line
    opened = False  # whether the last non-blank line rendered opens a block

    def emit_blank() -> None:
        if out and out[-1] != "":
            out.append("")

    def emit_comment(comment: s.Comment, level: int) -> None:
        span = comment.span
        if span is not None and blank(span.line - 1):
            emit_blank()
        nonlocal opened
        out.append(_INDENT * level + comment.text)
        opened = False
        if span is not None and blank(span.line + 1):
            emit_blank()

    pending = 0  # the next comment of `own` to place
    for index, line in enumerate(lines):
        if line.kind == "blank":
            emit_blank()
        if line.kind in ("blank", "gap"):
            continue
        if line.anchor is not None:
            level = line.level + (1 if line.kind == "close" else 0)
            while pending < len(own) and _comment_key(own[pending])[0] < line.anchor:
                emit_comment(own[pending], level)
                pending += 1
        if out and out[-1] == "" and (line.kind == "close" or opened):
            out.pop()  # no blank line just inside a block
        text = _INDENT * line.level + line.text
        if index in ends:
            text += "  " + ends[index].text
        out.append(text)
        opened = line.text.endswith(("{", "["))
    for comment in own[pending:]:
        emit_comment(comment, 0)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _comment_key(comment: s.Comment) -> tuple[int, int]:
    span = comment.span
    return (0, 0) if span is None else (span.line, span.column)
