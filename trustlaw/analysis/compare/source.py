"""IR conditions ↔ statute-language text: print a condition so it parses back to itself."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ... import ir
from ...diagnostics import Diagnostic, UsageError

__all__ = ["condition_source", "parse_condition"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KEYWORDS = frozenset({
    "and", "or", "not", "in", "any", "all", "no", "count", "where", "implies", "is", "known",
    "unknown", "within", "before", "after", "true", "false", "if", "unless",
})


def condition_source(expr: ir.Expr) -> str:
    """`expr` written in the statute language (``person.gang_database and not
    request.judicial_warrant``); `parse_condition` reads it back to an equal expression."""
    return _expr(expr)


def _expr(expr: ir.Expr) -> str:
    if isinstance(expr, ir.And):
        if not expr.operands:
            return "true"
        return " and ".join(_operand(o, ir.Or) for o in expr.operands)
    if isinstance(expr, ir.Or):
        if not expr.operands:
            return "false"
        return " or ".join(_operand(o, ir.And) for o in expr.operands)
    if isinstance(expr, ir.Quantifier):
        return f"{expr.kind} {expr.var.name} in {_term(expr.source)} where {_expr(expr.body)}"
    return _unary(expr)


def _operand(expr: ir.Expr, other: type) -> str:
    text = _expr(expr)
    if isinstance(expr, (other, ir.Quantifier)):
        return f"({text})"
    return text


def _unary(expr: ir.Expr) -> str:
    if isinstance(expr, ir.Not):
        inner = expr.operand
        if isinstance(inner, ir.IsKnown):
            return f"{_sum(inner.operand)} is unknown"
        if isinstance(inner, ir.Member):
            return f"{_sum(inner.element)} not in {_sum(inner.collection)}"
        if isinstance(inner, (ir.Fact, ir.Field, ir.Var, ir.Const)):
            return f"not {_term(inner)}"
        return f"not ({_expr(inner)})"
    if isinstance(expr, ir.Compare):
        return f"{_sum(expr.left)} {expr.op} {_sum(expr.right)}"
    if isinstance(expr, ir.Member):
        return f"{_sum(expr.element)} in {_sum(expr.collection)}"
    if isinstance(expr, ir.IsKnown):
        return f"{_sum(expr.operand)} is known"
    return _sum(expr)


def _sum(expr: ir.Expr) -> str:
    if isinstance(expr, ir.IntArith):
        return f"{_sum(expr.left)} {expr.op} {_term(expr.right)}"
    if isinstance(expr, ir.ShiftDate):
        sign = "+" if expr.sign > 0 else "-"
        text = _term(expr.date)
        duration = expr.duration
        for amount, unit in ((duration.years, "year"), (duration.months, "month"),
                             (duration.days, "day")):
            if amount:
                text += f" {sign} {amount} {unit}{'' if amount == 1 else 's'}"
        if not (duration.years or duration.months or duration.days):
            text += f" {sign} 0 days"
        return text
    return _term(expr)


def _term(expr: ir.Expr) -> str:
    if isinstance(expr, ir.Const):
        return _value(expr.value)
    if isinstance(expr, ir.SetConst):
        return "{" + ", ".join(_value(v) for v in expr.values) + "}"
    if isinstance(expr, ir.Fact):
        return expr.dotted
    if isinstance(expr, ir.Var):
        return expr.name
    if isinstance(expr, ir.Field):
        return f"{expr.record.name}.{expr.name}"
    return f"({_expr(expr)})"


def _value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, ir.Duration):
        return str(value)
    text = str(value)
    if _NAME.match(text) and text not in _KEYWORDS:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_WRAPPER = """statute "zz/condition" {{
  title "A region's condition" jurisdiction "zz" citation "none" status model
}}
provision (a) {{
  cites "none"
  text "The condition."
  hold permitted if {condition}
}}
"""


def parse_condition(text: str) -> ir.Expr:
    """A condition in the statute language over the bundled case vocabulary → its IR
    (read through the real parser and lowering: the condition is put in a one-provision
    statute); a condition that does not check is a `UsageError`."""
    from ...checker import compile_source
    from ...diagnostics import StatuteError

    if "\n" in text or "\r" in text:
        raise UsageError([Diagnostic("TL-U009", "a condition is one expression on one line",
                                     None, "give the region's `condition` as printed")])
    try:
        program = compile_source(_WRAPPER.format(condition=text), "<condition>")
    except StatuteError as error:
        raise UsageError([
            Diagnostic("TL-U009", f"the condition `{text}` does not check: "
                       f"{error.diagnostics[0].message if error.diagnostics else 'error'}",
                       None, "give the region's `condition` as printed")
        ]) from None
    rules = [r for r in program.rules if r.provision == "(a)"]
    if len(program.rules) != 1 or len(rules) != 1:
        raise UsageError([Diagnostic("TL-U009", f"`{text}` is more than one condition",
                                     None, "give the region's `condition` as printed")])
    return rules[0].condition
