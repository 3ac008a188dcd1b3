"""Syntax expressions → typed IR expressions: names resolved, types checked, sugar removed.

Shared by `vocabulary` (constraints) and `lower` (definitions, provisions, invariants).
Resolution is type-directed: a bare name such as ``felony`` or a quoted ``"I-247A"``
is read as a value of whatever list of values the other side of ``=``, ``in`` or a
call expects, so the statute never has to spell out which enumeration it means.
Definitions are lowered once (their errors reported once, at the definition) and
inlined at each use; parameterised ones by substituting IR, capture-avoiding.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from typing import cast

import attrs

from .. import ir
from ..diagnostics import Diagnostic, Span
from ..language import syntax
from ..names import did_you_mean, one_of

Typed = tuple[ir.Expr, ir.Type]

BUILTIN_TYPES: dict[str, ir.Type] = {"bool": ir.BOOL, "int": ir.INT, "date": ir.DATE}

# ---- diagnostic codes ------------------------------------------------------------------
UNKNOWN_NAME = "TL-N001"
UNKNOWN_FIELD = "TL-N002"
NOT_AN_ENUM_VALUE = "TL-N003"
UNKNOWN_DEFINITION = "TL-N004"
UNKNOWN_TYPE = "TL-N009"
NOT_YES_NO = "TL-T001"
MISMATCHED_COMPARISON = "TL-T002"
NOT_ORDERED = "TL-T003"
BAD_ARITHMETIC = "TL-T004"
BAD_WITHIN = "TL-T005"
NOT_A_LIST = "TL-T006"
BAD_MEMBERSHIP = "TL-T007"
BAD_CALL = "TL-T008"
NO_FIELDS = "TL-T009"
NO_CONTEXT = "TL-T010"
SET_OF_NON_VALUES = "TL-T011"
DEFINITION_CYCLE = "TL-S005"


# ---- describing types and expressions in lawyers' words -------------------------------


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


# ---- IR helpers ----------------------------------------------------------------------


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
        return attrs.evolve(e, source=_source(f(e.source)), body=f(e.body))
    return e


def _source(x: ir.Expr) -> ir.Fact:
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
            e, source=_source(substitute(e.source, mapping)), body=substitute(e.body, inner)
        )
    return map_children(e, lambda x: substitute(x, mapping))


def freshen(e: ir.Expr, taken: frozenset[str] = frozenset()) -> ir.Expr:
    """Rename bound variables so that none shadows a name in `taken` or an enclosing
    binder; with the default, no quantifier in the result shadows another."""
    if isinstance(e, ir.Quantifier):
        source = _source(freshen(e.source, taken))
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


# ---- the resolver -------------------------------------------------------------------------


@attrs.frozen
class LoweredDefinition:
    name: str
    params: tuple[tuple[str, ir.Type], ...]
    body: ir.Expr
    type: ir.Type
    syntax: syntax.Definition


Env = Mapping[str, ir.Var]


class Resolver:
    """Lowers expressions against one vocabulary and one set of definitions,
    appending diagnostics to `diagnostics`; a failed expression lowers to None."""

    def __init__(
        self,
        vocab: ir.Vocabulary,
        diagnostics: list[Diagnostic],
        definitions: Mapping[str, syntax.Definition] | None = None,
    ) -> None:
        self.vocab = vocab
        self.diagnostics = diagnostics
        self.definitions: dict[str, syntax.Definition] = dict(definitions or {})
        self._lowered: dict[str, LoweredDefinition | None] = {}
        self._stack: list[str] = []
        self._enums = {e.name: e for e in vocab.enums}

    # -- reporting

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help))

    # -- entry points

    def condition(self, e: syntax.Expr, env: Env, what: str) -> ir.Expr | None:
        """Lower `e` as a yes/no condition; `what` names its role in messages."""
        typed = self.lower(e, env, ir.BOOL)
        if typed is None:
            return None
        expr, t = typed
        if t != ir.BOOL:
            self.error(
                NOT_YES_NO,
                f"{what} must be a yes/no condition, but `{show(e)}` is {a_type(t)}",
                e.span,
                "compare it with something, e.g. `x = value` or `x >= 18`",
            )
            return None
        return expr

    def definition(self, name: str) -> LoweredDefinition | None:
        """The lowered definition `name` (lowered once; None if it has errors)."""
        if name in self._lowered:
            return self._lowered[name]
        syn = self.definitions[name]
        if name in self._stack:
            cycle = [*self._stack[self._stack.index(name):], name]
            self.error(
                DEFINITION_CYCLE,
                f"definition `{name}` refers to itself: "
                + " → ".join(f"`{n}`" for n in cycle),
                syn.span,
                "a definition must be written in terms of facts and other definitions, "
                "never itself",
            )
            return None
        self._stack.append(name)
        try:
            params: list[tuple[str, ir.Type]] = []
            ok = True
            for p in syn.params:
                t = type_from_ref(p.type, self._enums, [r.name for r in self.vocab.records],
                                  self.diagnostics.append)
                if t is None:
                    ok = False
                else:
                    params.append((p.name, t))
            env = {n: ir.Var(n, t) for n, t in params}
            typed = self.lower(syn.body, env, None)
        finally:
            self._stack.pop()
        result: LoweredDefinition | None = None
        if ok and typed is not None:
            body, t = typed
            result = LoweredDefinition(name, tuple(params), freshen(body), t, syn)
        self._lowered.setdefault(name, result)
        return self._lowered[name]

    # -- the main recursion

    def lower(self, e: syntax.Expr, env: Env, expected: ir.Type | None) -> Typed | None:
        """Lower one expression; `expected` is the type the context wants (it decides
        what a bare value such as `felony` or `"I-247A"` means)."""
        if isinstance(e, syntax.IntLit):
            return ir.Const(e.value, ir.INT, span=e.span), ir.INT
        if isinstance(e, syntax.DateLit):
            return ir.Const(e.value, ir.DATE, span=e.span), ir.DATE
        if isinstance(e, syntax.BoolLit):
            return ir.Const(e.value, ir.BOOL, span=e.span), ir.BOOL
        if isinstance(e, syntax.DurationLit):
            return ir.Const(duration_value(e), ir.DURATION, span=e.span), ir.DURATION
        if isinstance(e, syntax.StringLit):
            return self._string(e, expected)
        if isinstance(e, syntax.Path):
            return self._path(e, env, expected)
        if isinstance(e, syntax.Call):
            return self._call(e, env)
        if isinstance(e, syntax.SetLit):
            return self._set(e, env, expected)
        if isinstance(e, syntax.Not):
            operand = self._bool(e.operand, env, "`not`")
            return None if operand is None else (ir.Not(operand, span=e.span), ir.BOOL)
        if isinstance(e, syntax.BinOp):
            return self._binop(e, env)
        if isinstance(e, syntax.Compare):
            return self._compare(e, env)
        if isinstance(e, syntax.Arith):
            return self._arith(e, env)
        if isinstance(e, syntax.Member):
            return self._member(e, env)
        if isinstance(e, syntax.Within):
            return self._within(e, env)
        if isinstance(e, syntax.IsKnown):
            typed = self.lower(e.operand, env, None)
            if typed is None:
                return None
            known: ir.Expr = ir.IsKnown(typed[0], span=e.span)
            return (known if e.known else ir.Not(known, span=e.span)), ir.BOOL
        return self._quantifier(e, env)

    # -- pieces

    def _bool(self, e: syntax.Expr, env: Env, where: str) -> ir.Expr | None:
        typed = self.lower(e, env, ir.BOOL)
        if typed is None:
            return None
        if typed[1] != ir.BOOL:
            self.error(
                NOT_YES_NO,
                f"{where} needs a yes/no condition, but `{show(e)}` is {a_type(typed[1])}",
                e.span,
                "compare it with something, e.g. `x = value` or `x >= 18`",
            )
            return None
        return typed[0]

    def _string(self, e: syntax.StringLit, expected: ir.Type | None) -> Typed | None:
        if isinstance(expected, ir.EnumType):
            if e.value in expected.values:
                return ir.Const(e.value, expected, span=e.span), expected
            self.error(
                NOT_AN_ENUM_VALUE,
                f"{show(e)} is not a value of `{expected.name}`",
                e.span,
                did_you_mean(e.value, expected.values,
                             f"the values of `{expected.name}` are {one_of(expected.values)}"),
            )
            return None
        self.error(
            NO_CONTEXT,
            f"the quoted value {show(e)} is not compared with anything that says "
            "which list of values it belongs to",
            e.span,
            'use a quoted value only where a list of values is expected, '
            'e.g. `request.form = "I-247A"`',
        )
        return None

    def contextual(self, e: syntax.Expr, env: Env) -> bool:
        """True when `e` is a bare value whose meaning depends on the other side."""
        if isinstance(e, syntax.StringLit):
            return True
        if isinstance(e, syntax.SetLit):
            return all(self.contextual(i, env) for i in e.items)
        if isinstance(e, syntax.Path) and len(e.names) == 1:
            name = e.names[0]
            return (
                name not in env and name not in self.definitions
                and self.vocab.field(name) is None
            )
        return False

    def _path(self, e: syntax.Path, env: Env, expected: ir.Type | None) -> Typed | None:
        first = e.names[0]
        base: Typed | None
        if first in env:
            var = env[first]
            base = attrs.evolve(var, span=e.span), var.type
        elif (
            len(e.names) == 1 and isinstance(expected, ir.EnumType)
            and first in expected.values
        ):
            return ir.Const(first, expected, span=e.span), expected
        elif first in self.definitions:
            lowered = self.definition(first)
            if lowered is None:
                return None
            if lowered.params:
                self.error(
                    BAD_CALL,
                    f"definition `{first}` takes {_count(len(lowered.params), 'argument')}, "
                    f"but `{show(e)}` gives none",
                    e.span,
                    f"write `{first}({', '.join(n for n, _ in lowered.params)})`",
                )
                return None
            base = lowered.body, lowered.type
        elif self.vocab.field(first) is not None:
            info = self.vocab.field(first)
            assert info is not None
            base = ir.Fact((first,), info.type, span=e.span), info.type
        else:
            return self._unknown(e, env, expected)
        for index in range(1, len(e.names)):
            base = self._field(base, e, index, env)
            if base is None:
                return None
        return base

    def _field(self, base: Typed, e: syntax.Path, index: int, env: Env) -> Typed | None:
        expr, t = base
        name = e.names[index]
        prefix = ".".join(e.names[:index])
        if not isinstance(t, ir.RecordType):
            self.error(
                NO_FIELDS,
                f"`{prefix}` is {a_type(t)}, which has no field `{name}`",
                e.span,
                "only records such as `person` or a bound conviction have fields",
            )
            return None
        record = self.vocab.record(t.name)
        info = None if record is None else record.field(name)
        if record is None or info is None:
            fields = [] if record is None else [f"{prefix}.{f.name}" for f in record.fields]
            self.error(
                UNKNOWN_FIELD,
                f"`{prefix}` has no field `{name}`",
                e.span,
                did_you_mean(f"{prefix}.{name}", fields,
                             f"the fields of `{prefix}` are "
                             + one_of(f.rsplit('.', 1)[1] for f in fields)),
            )
            return None
        if isinstance(expr, ir.Var):
            return ir.Field(expr, name, info.type, span=e.span), info.type
        if isinstance(expr, ir.Fact):
            return ir.Fact((*expr.path, name), info.type, span=e.span), info.type
        self.error(
            NO_FIELDS,
            f"`{show(e)}` reaches into a record inside a list element, which is not supported",
            e.span,
            "bind the inner record with `any`/`all`, or move the field up in the vocabulary",
        )
        return None

    def _unknown(self, e: syntax.Path, env: Env, expected: ir.Type | None) -> Typed | None:
        name = e.names[0]
        if len(e.names) == 1:
            owners = [en for en in self.vocab.enums if name in en.values]
            if expected is None and len(owners) == 1:
                return ir.Const(name, owners[0], span=e.span), owners[0]
            if isinstance(expected, ir.EnumType):
                self.error(
                    NOT_AN_ENUM_VALUE,
                    f"`{name}` is not a value of `{expected.name}`",
                    e.span,
                    did_you_mean(name, [*expected.values, *self.visible(env)],
                                 f"the values of `{expected.name}` are "
                                 f"{one_of(expected.values)}"),
                )
                return None
            if owners:
                kinds = one_of(o.name for o in owners)
                if expected is None:
                    message = f"`{name}` is a value of {kinds}, and nothing here says which"
                else:
                    message = (f"`{name}` is a value of {kinds}, but {a_type(expected)} "
                               "is needed here")
                self.error(
                    NO_CONTEXT, message, e.span,
                    f"compare it with a fact, e.g. `x = {name}`",
                )
                return None
        dotted = show(e)
        candidates = self.visible(env)
        if isinstance(expected, ir.EnumType):
            candidates.extend(expected.values)
        self.error(
            UNKNOWN_NAME,
            f"`{dotted}` is not a fact, a definition or a bound variable",
            e.span,
            did_you_mean(dotted, candidates,
                         "facts are declared in the vocabulary (statutes/vocabulary/detainer.law)"),
        )
        return None

    def visible(self, env: Env) -> list[str]:
        """Every dotted name an author could mean here: variables and their fields,
        definitions, and the vocabulary's facts (records walked, lists not)."""
        names: list[str] = []
        for var_name, var in env.items():
            names.append(var_name)
            names.extend(self._dotted(var_name, var.type, depth=1))
        names.extend(self.definitions)
        for f in self.vocab.fields:
            names.append(f.name)
            names.extend(self._dotted(f.name, f.type, depth=4))
        return names

    def _dotted(self, prefix: str, t: ir.Type, depth: int) -> list[str]:
        if depth == 0 or not isinstance(t, ir.RecordType):
            return []
        record = self.vocab.record(t.name)
        if record is None:
            return []
        out: list[str] = []
        for f in record.fields:
            out.append(f"{prefix}.{f.name}")
            out.extend(self._dotted(f"{prefix}.{f.name}", f.type, depth - 1))
        return out

    def _call(self, e: syntax.Call, env: Env) -> Typed | None:
        if e.name not in self.definitions:
            candidates = list(self.definitions)
            self.error(
                UNKNOWN_DEFINITION,
                f"`{e.name}` is not a definition",
                e.span,
                did_you_mean(e.name, candidates,
                             "only definitions written in this statute can be called"),
            )
            return None
        lowered = self.definition(e.name)
        if lowered is None:
            return None
        if len(e.args) != len(lowered.params):
            self.error(
                BAD_CALL,
                f"definition `{e.name}` takes {_count(len(lowered.params), 'argument')}, "
                f"but `{show(e)}` gives {len(e.args)}",
                e.span,
                f"write `{e.name}({', '.join(n for n, _ in lowered.params)})`"
                if lowered.params else f"write `{e.name}` without parentheses",
            )
            return None
        mapping: dict[str, ir.Expr] = {}
        for arg, (param, ptype) in zip(e.args, lowered.params, strict=True):
            typed = self.lower(arg, env, ptype)
            if typed is None:
                return None
            expr, t = typed
            if t != ptype:
                self.error(
                    BAD_CALL,
                    f"`{param}` of `{e.name}` must be {a_type(ptype)}, but `{show(arg)}` "
                    f"is {a_type(t)}",
                    arg.span,
                )
                return None
            if isinstance(ptype, ir.RecordType) and not isinstance(expr, (ir.Var, ir.Fact)):
                self.error(
                    BAD_CALL,
                    f"`{show(arg)}` must be a record bound by `any`/`all` or a record fact",
                    arg.span,
                )
                return None
            mapping[param] = expr
        taken: set[str] = set()
        for value in mapping.values():
            taken |= free_vars(value)
        body = freshen(lowered.body, frozenset(taken))
        return substitute(body, mapping), lowered.type

    def _set(self, e: syntax.SetLit, env: Env, expected: ir.Type | None) -> Typed | None:
        element: ir.Type | None = expected.element if isinstance(expected, ir.ListType) else None
        values: list[ir.ConstValue] = []
        for item in e.items:
            typed = self.lower(item, env, element)
            if typed is None:
                return None
            expr, t = typed
            if not isinstance(expr, ir.Const) or isinstance(t, ir.DurationType):
                self.error(
                    SET_OF_NON_VALUES,
                    f"a set lists values, but `{show(item)}` is not a value",
                    item.span,
                    "write the values themselves, e.g. `{A, B}`",
                )
                return None
            if element is None:
                element = t
            elif t != element:
                self.error(
                    SET_OF_NON_VALUES,
                    f"`{show(item)}` is {a_type(t)}, unlike the other values of the set",
                    item.span,
                )
                return None
            if expr.value not in values:
                values.append(expr.value)
        if element is None:
            self.error(
                NO_CONTEXT, "nothing here says what kind of values this empty set holds", e.span,
                "compare it with a fact, e.g. `agency in {county_jail}`",
            )
            return None
        ordered = tuple(sorted(values, key=_sort_key))
        return ir.SetConst(ordered, element, span=e.span), ir.ListType(element)

    def _binop(self, e: syntax.BinOp, env: Env) -> Typed | None:
        left = self._bool(e.left, env, f"`{e.op}`")
        right = self._bool(e.right, env, f"`{e.op}`")
        if left is None or right is None:
            return None
        if e.op == "and":
            return conj((left, right), e.span), ir.BOOL
        if e.op == "or":
            return disj((left, right), e.span), ir.BOOL
        return disj((ir.Not(left, span=e.left.span), right), e.span), ir.BOOL

    def _pair(self, left: syntax.Expr, right: syntax.Expr, env: Env,
              wrap: Callable[[ir.Type], ir.Type | None] = lambda t: t,
              unwrap: Callable[[ir.Type], ir.Type | None] = lambda t: t,
              ) -> tuple[Typed, Typed] | None:
        """Lower two operands, the context-free one first so that it can give the other
        its expected type (`wrap` maps left's type to right's, `unwrap` the reverse)."""
        if self.contextual(left, env) and not self.contextual(right, env):
            r = self.lower(right, env, None)
            if r is None:
                return None
            left_typed = self.lower(left, env, unwrap(r[1]))
            return None if left_typed is None else (left_typed, r)
        left_typed = self.lower(left, env, None)
        if left_typed is None:
            return None
        r = self.lower(right, env, wrap(left_typed[1]))
        return None if r is None else (left_typed, r)

    def _compare(self, e: syntax.Compare, env: Env) -> Typed | None:
        pair = self._pair(e.left, e.right, env)
        if pair is None:
            return None
        (lx, lt), (rx, rt) = pair
        subject, other, st, ot = e.left, e.right, lt, rt
        if is_literal(subject) and not is_literal(other):
            subject, other, st, ot = other, subject, rt, lt
        if e.op in ("=", "!="):
            if lt != rt:
                self.error(
                    MISMATCHED_COMPARISON,
                    f"`{show(subject)}` is {a_type(st)} but is compared with {describe(other, ot)}",
                    e.span,
                    "both sides of `=` must be the same kind of value",
                )
                return None
            if isinstance(lt, (ir.ListType, ir.RecordType, ir.DurationType)):
                self.error(
                    NOT_ORDERED,
                    f"`{show(e.left)}` is {a_type(lt)}, which cannot be compared with `{e.op}`",
                    e.span,
                    "compare single values; for a list use `any`, `all` or `in`",
                )
                return None
        else:
            if lt != rt or not isinstance(lt, (ir.IntType, ir.DateType)):
                if lt == rt:
                    message = (f"`{show(subject)}` is {a_type(st)}, which has no order, so "
                               f"`{e.op}` cannot compare it")
                else:
                    message = (f"`{show(subject)}` is {a_type(st)} but is compared with "
                               f"{describe(other, ot)}")
                self.error(
                    NOT_ORDERED if lt == rt else MISMATCHED_COMPARISON,
                    message,
                    e.span,
                    f"`{e.op}` compares two whole numbers or two dates",
                )
                return None
        return ir.Compare(e.op, lx, rx, span=e.span), ir.BOOL

    def _arith(self, e: syntax.Arith, env: Env) -> Typed | None:
        left = self.lower(e.left, env, None)
        right = self.lower(e.right, env, None)
        if left is None or right is None:
            return None
        (lx, lt), (rx, rt) = left, right
        if lt == ir.INT and rt == ir.INT:
            return ir.IntArith(e.op, lx, rx, span=e.span), ir.INT
        sign = 1 if e.op == "+" else -1
        if lt == ir.DATE and isinstance(rx, ir.Const) and isinstance(rx.value, ir.Duration):
            return ir.ShiftDate(lx, rx.value, sign, span=e.span), ir.DATE
        if (e.op == "+" and rt == ir.DATE and isinstance(lx, ir.Const)
                and isinstance(lx.value, ir.Duration)):
            return ir.ShiftDate(rx, lx.value, 1, span=e.span), ir.DATE
        self.error(
            BAD_ARITHMETIC,
            f"`{show(e)}` {'adds' if e.op == '+' else 'subtracts'} "
            f"{describe(e.right, rt)} {'to' if e.op == '+' else 'from'} {describe(e.left, lt)}",
            e.span,
            f"`{e.op}` works on two whole numbers, or on a date and a duration such as `5 years`",
        )
        return None

    def _member(self, e: syntax.Member, env: Env) -> Typed | None:
        pair = self._pair(
            e.element, e.collection, env,
            wrap=ir.ListType,
            unwrap=lambda t: t.element if isinstance(t, ir.ListType) else None,
        )
        if pair is None:
            return None
        (ex, et), (cx, ct) = pair
        op = "not in" if e.negated else "in"
        if not isinstance(ct, ir.ListType):
            self.error(
                BAD_MEMBERSHIP,
                f"`{show(e.collection)}` is {a_type(ct)}, not a list or a set, so `{op}` "
                "cannot look in it",
                e.collection.span,
                "use `in` with a list fact such as `request.kinds` or a set such as `{A, B}`",
            )
            return None
        if isinstance(et, (ir.ListType, ir.RecordType)) or ct.element != et:
            self.error(
                BAD_MEMBERSHIP,
                f"`{show(e.element)}` is {a_type(et)}, but `{show(e.collection)}` is "
                f"{a_type(ct)}",
                e.span,
                "`x in list` needs x to be one of the kind of values the list holds",
            )
            return None
        member: ir.Expr = ir.Member(ex, cx, span=e.span)
        if e.negated:
            member = ir.Not(member, span=e.span)
        return member, ir.BOOL

    def _within(self, e: syntax.Within, env: Env) -> Typed | None:
        subject = self.lower(e.subject, env, None)
        anchor = self.lower(e.anchor, env, None)
        if subject is None or anchor is None:
            return None
        for operand, (_, t) in ((e.subject, subject), (e.anchor, anchor)):
            if t != ir.DATE:
                self.error(
                    BAD_WITHIN,
                    f"`within` compares dates, but `{show(operand)}` is {a_type(t)}",
                    operand.span,
                    "write e.g. `c.date within 5 years before date`",
                )
                return None
        dur = duration_value(e.duration)
        sx, ax = subject[0], anchor[0]
        if e.direction == "before":
            low: ir.Expr = ir.ShiftDate(ax, dur, -1, span=e.span)
            parts = (ir.Compare("<=", low, sx, span=e.span), ir.Compare("<=", sx, ax, span=e.span))
        else:
            high: ir.Expr = ir.ShiftDate(ax, dur, 1, span=e.span)
            parts = (ir.Compare("<=", ax, sx, span=e.span), ir.Compare("<=", sx, high, span=e.span))
        return ir.And(parts, span=e.span), ir.BOOL

    def _quantifier(self, e: syntax.Quantifier, env: Env) -> Typed | None:
        source = self._path(e.source, env, None)
        if source is None:
            return None
        sx, st = source
        if not isinstance(st, ir.ListType) or not isinstance(sx, (ir.Fact, ir.Field)):
            self.error(
                NOT_A_LIST,
                f"`{show(e.source)}` is {a_type(st)}, not a list, so `{e.kind}` cannot range "
                "over it",
                e.source.span,
                "`any`, `all`, `no` and `count` range over a list such as `convictions`",
            )
            return None
        var = ir.Var(e.var, st.element, span=e.span)
        inner = {**env, e.var: var}
        body = self._bool(e.body, inner, f"`{e.kind} {e.var} in {show(e.source)} where …`")
        if body is None:
            return None
        source_expr = _source(sx)
        if e.kind == "count":
            return ir.Quantifier("count", var, source_expr, body, span=e.span), ir.INT
        if e.kind == "no":
            q = ir.Quantifier("any", var, source_expr, body, span=e.span)
            return ir.Not(q, span=e.span), ir.BOOL
        return ir.Quantifier(e.kind, var, source_expr, body, span=e.span), ir.BOOL


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _sort_key(value: ir.ConstValue) -> tuple[int, str]:
    if isinstance(value, bool):
        return (0, str(int(value)))
    if isinstance(value, int):
        return (1, f"{value:020d}")
    if isinstance(value, _dt.date):
        return (2, value.isoformat())
    return (3, str(value))
