"""Syntax expressions → typed IR expressions: names resolved, types checked, sugar removed.

Shared by `vocabulary` (constraints) and `lower` (definitions, provisions, invariants).
Resolution is type-directed: a bare name such as ``felony`` or a quoted ``"I-247A"``
is read as a value of whatever list of values the other side of ``=``, ``in`` or a
call expects, so the statute never has to spell out which enumeration it means.
Definitions are lowered once (their errors reported once, at the definition) and
inlined at each use; parameterised ones by substituting IR, capture-avoiding.

Inlining can make a condition far deeper or larger than anything written in one place
(a chain of definitions each using the one before). Every backend walks conditions
recursively, so a condition or definition may nest at most `MAX_NESTING` levels and hold
at most `MAX_NODES` nodes once its definitions are written out (``TL-S030``).

Quantifiers are counted apart (``TL-S032``): every backend's work multiplies by the length
of the list (or the solver's bound) at each quantifier nested in another, and the compiled
backend writes one loop per level, so at most `MAX_QUANTIFIERS` may nest inside one another
once definitions are written out: a definition's quantifiers count where it is used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import attrs

from .. import ir
from ..dates import shaped_like_a_day
from ..diagnostics import Diagnostic, Span
from ..language import syntax
from ..names import did_you_mean, one_of
from .codes import (
    BAD_CALL,
    DEFINITION_CYCLE,
    NO_CONTEXT,
    NO_FIELDS,
    NOT_AN_ENUM_VALUE,
    NOT_YES_NO,
    QUANTIFIERS_TOO_DEEP,
    TOO_DEEP,
    UNKNOWN_FIELD,
    UNKNOWN_NAME,
)
from .ir_tools import (
    BUILTIN_TYPES,
    conj,
    disj,
    duration_value,
    exceeds,
    free_vars,
    freshen,
    map_children,
    quantifier_depth,
    substitute,
    type_from_ref,
    type_of,
    var_names,
)
from .operators import Env, Operators, Typed
from .wording import a_type, count_of, describe, is_literal, show

__all__ = [
    "BUILTIN_TYPES", "MAX_NESTING", "MAX_NODES", "MAX_QUANTIFIERS", "Env", "LoweredDefinition",
    "Resolver", "Typed",
    "a_type", "conj", "describe", "disj", "duration_value", "free_vars", "freshen", "is_literal",
    "map_children", "show", "substitute", "type_from_ref", "type_of", "var_names",
]


#: The deepest a condition may nest once its definitions are written out (each operator,
#: `not`, comparison and quantifier is one level).
MAX_NESTING = 100

#: The most nodes a condition may hold once its definitions are written out.
MAX_NODES = 20_000

#: The most quantifiers (`any`, `all`, `no`, `count`) that may nest inside one another
#: once definitions are written out. The bundled statutes nest at most 2 (a law speaks
#: of "a conviction for an offense with a tag"); each level multiplies every backend's
#: work by a list's length, and CPython compiles at most 20 nested loops.
MAX_QUANTIFIERS = 4

# ---- the resolver -------------------------------------------------------------------------


@attrs.frozen
class LoweredDefinition:
    name: str
    params: tuple[tuple[str, ir.Type], ...]
    body: ir.Expr
    type: ir.Type
    syntax: syntax.Definition
    # the definitions its body reads, directly or through others (see `Resolver.reading`)
    reads: frozenset[str] = frozenset()
    # how many quantifiers nest inside one another in its body (see `quantifier_depth`)
    quantifiers: int = 0



class Resolver(Operators):
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
        self._level = 0  # how deep `lower` is, definitions being lowered included
        self._too_deep = False  # reported for the expression being lowered
        self._reading: list[set[str]] = []  # the open `reading()` records, innermost last
        # the quantifiers around the expression being lowered, in the condition or
        # definition body being lowered (a definition is lowered apart from its uses)
        self._quantifiers = 0

    def _within_limits(self, e: ir.Expr, span: Span | None, what: str) -> bool:
        """Whether `e` is within MAX_NESTING and MAX_NODES; if not, say so at `span`."""
        problem = exceeds(e, MAX_NESTING, MAX_NODES)
        if problem is None:
            return True
        if not self._too_deep:
            self._too_deep = True
            self.error(
                TOO_DEEP,
                f"{what} nests more than {MAX_NESTING} levels deep once the definitions it "
                "uses are written out" if problem == "deep" else
                f"{what} has more than {MAX_NODES:,} parts once the definitions it uses are "
                "written out",
                span,
                "split it into provisions or definitions that do not all build on one another",
            )
        return False

    def quantifiers_within_limit(self, depth: int, span: Span | None, subject: str) -> bool:
        """Whether an expression nesting `depth` quantifiers of its own may stand where it
        is, inside `self._quantifiers` more; if not, say so at `span`, where `subject`
        (``… is a quantifier``, ``… nests 3 quantifiers and is used``) names it."""
        total = self._quantifiers + depth
        if total <= MAX_QUANTIFIERS:
            return True
        around = self._quantifiers
        where = f" inside {count_of(around, 'other quantifier')}" if around else ""
        self.error(
            QUANTIFIERS_TOO_DEEP,
            f"{subject}{where}: {total} quantifiers nested inside one another once "
            f"definitions are written out, more than the {MAX_QUANTIFIERS} allowed",
            span,
            "laws nest `any`/`all`/`no`/`count` two or three deep: test different elements "
            "side by side, joined with `and`, instead of one inside another, or split the "
            "condition among provisions",
        )
        return False

    # -- reporting

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help))

    # -- which definitions an expression reads

    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """Record the definitions inlined into what is lowered inside the block: each one
        used and, transitively, each one those use (a definition's own reads are recorded
        when it is lowered, so a definition lowered once and used twice counts for both)."""
        found: set[str] = set()
        self._reading.append(found)
        try:
            yield found
        finally:
            self._reading.pop()

    def read(self, lowered: LoweredDefinition) -> None:
        """Note that `lowered`'s body is being inlined into the expression being lowered."""
        if self._reading:
            self._reading[-1].add(lowered.name)
            self._reading[-1].update(lowered.reads)

    # -- entry points

    def condition(self, e: syntax.Expr, env: Env, what: str) -> ir.Expr | None:
        """Lower `e` as a yes/no condition; `what` names its role in messages."""
        if self._level == 0:
            self._too_deep = False
        typed = self.lower(e, env, ir.BOOL)
        if typed is None or not self._within_limits(typed[0], e.span, what):
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
            around, self._quantifiers = self._quantifiers, 0
            try:
                with self.reading() as reads:
                    typed = self.lower(syn.body, env, None)
            finally:
                self._quantifiers = around
        finally:
            self._stack.pop()
        result: LoweredDefinition | None = None
        if ok and typed is not None and self._within_limits(
            typed[0], syn.span, f"definition `{name}`"
        ):
            body, t = typed
            result = LoweredDefinition(name, tuple(params), freshen(body), t, syn,
                                       frozenset(reads), quantifier_depth(body))
        self._lowered.setdefault(name, result)
        return self._lowered[name]

    # -- the main recursion

    def lower(self, e: syntax.Expr, env: Env, expected: ir.Type | None) -> Typed | None:
        """Lower one expression; `expected` is the type the context wants (it decides
        what a bare value such as `felony` or `"I-247A"` means)."""
        if self._level == 0:
            self._too_deep = False
        self._level += 1
        try:
            if self._level > MAX_NESTING:
                if not self._too_deep:
                    self._too_deep = True
                    self.error(
                        TOO_DEEP,
                        f"`{show(e)}` is more than {MAX_NESTING} levels deep once the "
                        "definitions around it are written out",
                        e.span,
                        "split it into provisions or definitions that do not all build on "
                        "one another",
                    )
                return None
            return self._lower(e, env, expected)
        finally:
            self._level -= 1

    def _lower(self, e: syntax.Expr, env: Env, expected: ir.Type | None) -> Typed | None:
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
        if isinstance(expected, ir.DateType) and shaped_like_a_day(e.value):
            self.error(
                NO_CONTEXT, f"{show(e)} is quoted text, but a date is needed here", e.span,
                f"write the date without quotes: `{e.value}`",
            )
            return None
        if expected is not None:
            self.error(
                NO_CONTEXT, f"the quoted value {show(e)} is compared with {a_type(expected)}",
                e.span, "a quoted value is one of a list of values, e.g. "
                '`request.form = "I-247A"`: compare like with like',
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
        elif first in self.definitions and not (
                len(e.names) > 1 and self.vocab.field(first) is not None):
            # (a path into a record named also by a definition, an error reported at the
            # definition (TL-S017), reads the record: `person.age` means the fact)
            lowered = self.definition(first)
            if lowered is None:
                return None
            if lowered.params:
                self.error(
                    BAD_CALL,
                    f"definition `{first}` takes {count_of(len(lowered.params), 'argument')}, "
                    f"but `{show(e)}` gives none",
                    e.span,
                    f"write `{first}({', '.join(n for n, _ in lowered.params)})`",
                )
                return None
            if not self.quantifiers_within_limit(
                lowered.quantifiers, e.span,
                f"`{first}` nests {count_of(lowered.quantifiers, 'quantifier')} and is used",
            ):
                return None
            self.read(lowered)
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
                    # a close value first; a close definition or fact only failing one,
                    # and never for a value of another kind (`felony` for an agency)
                    did_you_mean(name, expected.values) or (
                        f"`{name}` is a value of `{owners[0].name}`; the values of "
                        f"`{expected.name}` are {one_of(expected.values)}" if owners
                        else did_you_mean(name, self.visible(env), f"the values of "
                                          f"`{expected.name}` are {one_of(expected.values)}")),
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
