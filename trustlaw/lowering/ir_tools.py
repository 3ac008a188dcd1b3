"""IR expressions → rewritten IR (and, or, substitution, fresh names); written types → IR types."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import cast

import attrs

from .. import ir
from ..diagnostics import Diagnostic, Span
from ..language import syntax
from ..names import did_you_mean
from .codes import NOT_A_LIST, UNKNOWN_TYPE

__all__ = [
    "BUILTIN_TYPES",
    "conj",
    "disj",
    "duration_value",
    "exceeds",
    "free_vars",
    "freshen",
    "map_children",
    "source_fact",
    "substitute",
    "type_from_ref",
    "type_of",
    "var_names",
]

BUILTIN_TYPES: dict[str, ir.Type] = {"bool": ir.BOOL, "int": ir.INT, "date": ir.DATE}


def type_of(e: ir.Expr) -> ir.Type:
    """The type of an IR expression (a SetConst counts as a list of its element type)."""
    if isinstance(e, (ir.Const, ir.Fact, ir.Var, ir.Field)):
        return e.type
    if isinstance(e, ir.SetConst):
        return ir.ListType(e.element)
    if isinstance(e, ir.IntArith):
        return ir.INT
    if isinstance(e, ir.ShiftDate):
        return ir.DATE
    if isinstance(e, ir.Quantifier) and e.kind == "count":
        return ir.INT
    return ir.BOOL


def conj(parts: Iterable[ir.Expr], span: Span | None = None) -> ir.Expr:
    """``and`` of the parts, nested ``and``s flattened; one part stands alone."""
    flat: list[ir.Expr] = []
    for part in parts:
        flat.extend(part.operands if isinstance(part, ir.And) else (part,))
    if not flat:
        return ir.TRUE
    if len(flat) == 1:
        return flat[0]
    return ir.And(tuple(flat), span=span)


def disj(parts: Iterable[ir.Expr], span: Span | None = None) -> ir.Expr:
    """``or`` of the parts, nested ``or``s flattened; one part stands alone."""
    flat: list[ir.Expr] = []
    for part in parts:
        flat.extend(part.operands if isinstance(part, ir.Or) else (part,))
    if len(flat) == 1:
        return flat[0]
    return ir.Or(tuple(flat), span=span)


def map_children(e: ir.Expr, f: Callable[[ir.Expr], ir.Expr]) -> ir.Expr:
    """Rebuild `e` with `f` applied to each direct sub-expression (a Field's record excluded)."""
    if isinstance(e, (ir.Not, ir.IsKnown)):
        return attrs.evolve(e, operand=f(e.operand))
    if isinstance(e, (ir.And, ir.Or)):
        return attrs.evolve(e, operands=tuple(f(o) for o in e.operands))
    if isinstance(e, (ir.Compare, ir.IntArith)):
        return attrs.evolve(e, left=f(e.left), right=f(e.right))
    if isinstance(e, ir.Member):
        return attrs.evolve(e, element=f(e.element), collection=f(e.collection))
    if isinstance(e, ir.ShiftDate):
        return attrs.evolve(e, date=f(e.date))
    if isinstance(e, ir.Quantifier):
        return attrs.evolve(e, source=source_fact(f(e.source)), body=f(e.body))
    return e


def source_fact(x: ir.Expr) -> ir.Fact:
    """A quantifier's source after a rewrite: a list Fact, or a list Field of a bound
    record (``any t in c.tags``), which `ir.Quantifier` also carries."""
    return cast(ir.Fact, x)


def var_names(e: ir.Expr) -> set[str]:
    """Every variable name occurring in `e`, bound or free."""
    found: set[str] = set()

    def visit(x: ir.Expr) -> ir.Expr:
        if isinstance(x, ir.Var):
            found.add(x.name)
        elif isinstance(x, ir.Field):
            found.add(x.record.name)
        elif isinstance(x, ir.Quantifier):
            found.add(x.var.name)
        return map_children(x, visit)

    visit(e)
    return found


def free_vars(e: ir.Expr) -> set[str]:
    """Variable names used in `e` but not bound inside it."""
    if isinstance(e, ir.Var):
        return {e.name}
    if isinstance(e, ir.Field):
        return {e.record.name}
    if isinstance(e, ir.Quantifier):
        return free_vars(e.source) | (free_vars(e.body) - {e.var.name})
    found: set[str] = set()

    def visit(x: ir.Expr) -> ir.Expr:
        found.update(free_vars(x))
        return x

    map_children(e, visit)
    return found


def substitute(e: ir.Expr, mapping: Mapping[str, ir.Expr]) -> ir.Expr:
    """Replace free variables by expressions. A record-typed variable may only be
    replaced by a Var or a Fact (its fields become Fields or longer Facts)."""
    if not mapping:
        return e
    if isinstance(e, ir.Var):
        return mapping.get(e.name, e)
    if isinstance(e, ir.Field):
        target = mapping.get(e.record.name)
        if target is None:
            return e
        if isinstance(target, ir.Var):
            return attrs.evolve(e, record=target)
        if isinstance(target, ir.Fact):
            return ir.Fact((*target.path, e.name), e.type, span=e.span)
        raise ValueError(f"cannot take field {e.name} of a substituted {type(target).__name__}")
    if isinstance(e, ir.Quantifier):
        inner = {k: v for k, v in mapping.items() if k != e.var.name}
        return attrs.evolve(
            e, source=source_fact(substitute(e.source, mapping)), body=substitute(e.body, inner)
        )
    return map_children(e, lambda x: substitute(x, mapping))


def freshen(e: ir.Expr, taken: frozenset[str] = frozenset()) -> ir.Expr:
    """Rename bound variables so that none shadows a name in `taken` or an enclosing
    binder; with the default, no quantifier in the result shadows another."""
    if isinstance(e, ir.Quantifier):
        source = source_fact(freshen(e.source, taken))
        var = e.var
        body = e.body
        if var.name in taken:
            used = taken | var_names(body)
            k = 2
            while f"{var.name}_{k}" in used:
                k += 1
            var = attrs.evolve(var, name=f"{var.name}_{k}")
            body = substitute(body, {e.var.name: var})
        return attrs.evolve(e, var=var, source=source, body=freshen(body, taken | {var.name}))
    return map_children(e, lambda x: freshen(x, taken))


def duration_value(d: syntax.DurationLit) -> ir.Duration:
    """The IR duration of ``5 years`` / ``1 month`` / ``30 days``."""
    unit = d.unit if d.unit.endswith("s") else d.unit + "s"
    return ir.Duration(**{unit: d.amount})


# ---- types written in the vocabulary and in parameters --------------------------------


def type_from_ref(
    ref: syntax.TypeRef,
    enums: Mapping[str, ir.EnumType],
    records: Iterable[str],
    report: Callable[[Diagnostic], None],
) -> ir.Type | None:
    """The IR type a written type names (``int``, ``agency``, ``list of conviction``)."""
    record_names = set(records)
    if isinstance(ref, syntax.ListType):
        element = type_from_ref(ref.element, enums, record_names, report)
        if element is None:
            return None
        if isinstance(element, ir.ListType):
            report(Diagnostic(
                NOT_A_LIST, "a list of lists is not supported", ref.span,
                "make the inner list a field of a record",
            ))
            return None
        return ir.ListType(element)
    if ref.name in BUILTIN_TYPES:
        return BUILTIN_TYPES[ref.name]
    if ref.name in enums:
        return enums[ref.name]
    if ref.name in record_names:
        return ir.RecordType(ref.name)
    known = [*BUILTIN_TYPES, *enums, *sorted(record_names)]
    report(Diagnostic(
        UNKNOWN_TYPE, f"`{ref.name}` is not a type", ref.span,
        did_you_mean(ref.name, known, "a type is `bool`, `int`, `date`, an enum or a record"),
    ))
    return None


def exceeds(e: ir.Expr, max_depth: int, max_size: int) -> str | None:
    """"deep" when `e` nests more than `max_depth` levels, "large" when it has more than
    `max_size` nodes, else None; stops as soon as either is passed (no recursion)."""
    stack: list[tuple[ir.Expr, int]] = [(e, 1)]
    size = 0
    while stack:
        x, depth = stack.pop()
        size += 1
        if depth > max_depth:
            return "deep"
        if size > max_size:
            return "large"
        stack.extend((child, depth + 1) for child in ir.children(x))
    return None


def quantifier_depth(e: ir.Expr) -> int:
    """How many quantifiers (`any`, `all`, `no`, `count`) nest inside one another in `e`
    at most (a quantifier's source is a list, never a condition, so only bodies nest;
    no recursion)."""
    deepest = 0
    stack: list[tuple[ir.Expr, int]] = [(e, 0)]
    while stack:
        x, depth = stack.pop()
        if isinstance(x, ir.Quantifier):
            depth += 1
            deepest = max(deepest, depth)
        stack.extend((child, depth) for child in ir.children(x))
    return deepest
