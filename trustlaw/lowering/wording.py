"""IR types and syntax expressions → phrases in lawyers' words, for diagnostics."""

from __future__ import annotations

from .. import ir
from ..language import syntax

__all__ = ["a_type", "count_of", "describe", "is_literal", "show"]


def a_type(t: ir.Type) -> str:
    """A type as a noun phrase with its article: "a whole number", "a `person` record"."""
    if isinstance(t, ir.BoolType):
        return "a yes/no value"
    if isinstance(t, ir.IntType):
        return "a whole number"
    if isinstance(t, ir.DateType):
        return "a date"
    if isinstance(t, ir.DurationType):
        return "a duration"
    if isinstance(t, ir.EnumType):
        return f"a value of `{t.name}`"
    if isinstance(t, ir.RecordType):
        return f"a `{t.name}` record"
    element = t.element
    if isinstance(element, ir.RecordType):
        return f"a list of `{element.name}` records"
    if isinstance(element, ir.EnumType):
        return f"a list of `{element.name}` values"
    return f"a list of {_plural(element)}"


def _plural(t: ir.Type) -> str:
    if isinstance(t, ir.BoolType):
        return "yes/no values"
    if isinstance(t, ir.IntType):
        return "whole numbers"
    if isinstance(t, ir.DateType):
        return "dates"
    return "values"


def show(e: syntax.Expr) -> str:
    """A compact rendering of a syntax expression for messages (``c.level = felony``)."""
    if isinstance(e, syntax.IntLit):
        return str(e.value)
    if isinstance(e, syntax.DateLit):
        return e.value.isoformat()
    if isinstance(e, syntax.StringLit):
        return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(e, syntax.BoolLit):
        return "true" if e.value else "false"
    if isinstance(e, syntax.DurationLit):
        unit = e.unit[:-1] if e.amount == 1 and e.unit.endswith("s") else e.unit
        return f"{e.amount} {unit}"
    if isinstance(e, syntax.Path):
        return ".".join(e.names)
    if isinstance(e, syntax.Call):
        return f"{e.name}({', '.join(show(a) for a in e.args)})"
    if isinstance(e, syntax.SetLit):
        return "{" + ", ".join(show(i) for i in e.items) + "}"
    if isinstance(e, syntax.Not):
        return f"not {_wrapped(e.operand)}"
    if isinstance(e, syntax.BinOp) and e.op != "implies":
        return f" {e.op} ".join(_wrapped(operand) for operand in syntax.chain(e))
    if isinstance(e, syntax.BinOp):
        return f"{_wrapped(e.left)} {e.op} {_wrapped(e.right)}"
    if isinstance(e, (syntax.Compare, syntax.Arith)):
        return f"{_wrapped(e.left)} {e.op} {_wrapped(e.right)}"
    if isinstance(e, syntax.Member):
        op = "not in" if e.negated else "in"
        return f"{_wrapped(e.element)} {op} {_wrapped(e.collection)}"
    if isinstance(e, syntax.Within):
        return f"{_wrapped(e.subject)} within {show(e.duration)} {e.direction} {_wrapped(e.anchor)}"
    if isinstance(e, syntax.IsKnown):
        return f"{_wrapped(e.operand)} is {'known' if e.known else 'unknown'}"
    return f"{e.kind} {e.var} in {show(e.source)} where {show(e.body)}"


def _wrapped(e: syntax.Expr) -> str:
    simple = (
        syntax.IntLit, syntax.DateLit, syntax.StringLit, syntax.BoolLit, syntax.DurationLit,
        syntax.Path, syntax.Call, syntax.SetLit,
    )
    return show(e) if isinstance(e, simple) else f"({show(e)})"


_LITERAL_NOUNS: dict[type, str] = {
    syntax.IntLit: "number",
    syntax.DateLit: "date",
    syntax.BoolLit: "value",
    syntax.StringLit: "value",
    syntax.DurationLit: "duration",
}


def describe(e: syntax.Expr, t: ir.Type) -> str:
    """An operand with its type: "the date 2014-01-01" or "`c.date`, a date"."""
    noun = _LITERAL_NOUNS.get(type(e))
    if noun is not None:
        return f"the {noun} {show(e)}"
    return f"`{show(e)}`, {a_type(t)}"


def is_literal(e: syntax.Expr) -> bool:
    """True for a written constant (number, date, quoted value, true/false, duration)."""
    return type(e) in _LITERAL_NOUNS



def count_of(n: int, noun: str) -> str:
    """``1 argument``, ``2 arguments``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
