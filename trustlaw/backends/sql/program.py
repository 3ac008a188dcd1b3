"""IR programs → one SQL query: per case and statute, the outcomes, the hold limit and ground.

Each program becomes two common table expressions and a final ``SELECT``:

1. ``<p>_conditions``: per case (``row``, ``case_id``), the three-valued value of every
   distinct rule and limit condition (``c1``, ``c2``, …, ``l1``, …), read from the case
   table and the aggregate subqueries of its quantifiers (`expressions`);
2. ``<p>_outcomes``: each outcome by the walk of docs/semantics.md, written out as a
   ``CASE`` over the rule groups, highest priority first: the first group with a true
   rule decides, and the result is that group's conclusion unless a rule walked before it
   is unknown with another conclusion (then ``undetermined``); no deciding group is the
   silent law (``permitted``);
3. the final ``SELECT``: ``statute`` (the id, a literal), the four outcomes,
   ``max_hold_hours`` (null when the hold is prohibited, else the hours of the shortest
   limit whose condition is true or unknown; with `RequestLimits`, the least of those,
   the request's hours, 0 where it asks for no hold, and the regulation's 48, as a
   decision's ``max_hold.hours``) and ``hold_ground``: the citation of the
   first hold ground, as in the decision (the first true rule of the deciding group; for
   an undetermined hold, the first unknown rule walked; the statute's own citation when
   the law is silent).

Several programs are one query: their ``SELECT``\\s joined by ``UNION ALL`` over the same
input tables. The request's columns are computed once for all of them: in the flat form
in a ``requests`` CTE that each final ``SELECT`` joins by ``row``, in the nested form in
the shared conditions. `compile_sql` prints it for a dialect; `build_query` gives the tree.

A condition that is a constant (``when true``) is never tested case by case: the outcomes
read its value, and the ``CASE``\\s fold it away (a branch that can never be taken is
dropped, one always taken ends the ``CASE``; adjacent branches with one value are merged).

In the nested (DuckDB) form the text columns (``statute``, the outcomes, ``hold_ground``)
are ``ENUM`` constants, one type per column for every program (`_kinds`): DuckDB compares
them as small integers and hands them to Arrow as dictionary arrays; fetched as Python
values they are the same strings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import cast

import attrs
import sqlglot
from sqlglot import exp

from ... import ir
from ...diagnostics import Diagnostic, UsageError
from .expressions import Scope, Translator, bool_literal, null
from .layout import CASE_ID, DEFAULT_PREFIX, ROW
from .nested import NestedTranslator

__all__ = ["DIALECTS", "OUTPUT_COLUMNS", "WARNINGS", "CaseWarnings", "RequestLimits",
           "build_query", "compile_sql"]

DIALECTS: tuple[str, ...] = ("duckdb", "spark", "postgres")
OUTPUT_COLUMNS: tuple[str, ...] = (
    ROW, CASE_ID, "statute", *ir.OUTCOMES, "max_hold_hours", "hold_ground",
)
WARNINGS = "warnings"  # the column of warning codes a query gives when asked (`CaseWarnings`)
UNDETERMINED = "undetermined"
SHARED = "conditions"  # the nested form's one CTE of every program's conditions


@attrs.frozen
class RequestLimits:
    """The limits every hold keeps besides a statute's own, as the query reads them (the
    rule is `decisions.request`'s, which builds these; docs/semantics.md, "Time limits"):
    at most `cap` hours in any case (the regulation's 48, no form asking for more), at
    most `hours` (an int expression, the request's own hours) where it is known, and none
    at all where `no_hold` is true (the request certainly asks for no hold).
    ``max_hold_hours`` is then the least of these and the statute's limit, as a
    decision's ``max_hold.hours`` is."""

    cap: int
    hours: ir.Expr | None
    no_hold: ir.Expr | None

    def reads(self) -> tuple[ir.Expr, ...]:
        """The expressions the query reads of each case (for the input's layout)."""
        return tuple(e for e in (self.hours, self.no_hold) if e is not None)


@attrs.frozen
class CaseWarnings:
    """The warnings of a decision that depend on the case and the statute alone, as the
    query tests them (the rule is `decisions.grounding.case_warnings`, which builds
    these): each code in `checks`, in order, is written where its condition is true
    (never where it is false or unknown), then each of `unless_prohibited` where its
    condition is true and the hold is not prohibited (`citizen`). The ``warnings``
    column lists those codes."""

    checks: tuple[tuple[str, ir.Expr], ...]
    unless_prohibited: tuple[tuple[str, ir.Expr], ...] = ()

    def reads(self) -> tuple[ir.Expr, ...]:
        """The expressions the query reads of each case (for the input's layout)."""
        return tuple(condition for _, condition in (*self.checks, *self.unless_prohibited))


Requests = Sequence["RequestLimits | None"]  # one per program, None: its own limit only
REQUESTS = "requests"  # the flat form's CTE of the request's columns, joined by row


@attrs.frozen
class _RequestColumns:
    """Where a program's query reads its `RequestLimits`: columns computed once for every
    program that shares the limits (``rq1_hours``, ``rq1_no_hold``; None where the
    vocabulary has no such fact), in the shared conditions (nested form) or in the
    `REQUESTS` CTE, which the program's final ``SELECT`` joins (`joined`, flat form)."""

    limits: RequestLimits
    names: tuple[str | None, str | None]
    joined: bool


def _request_columns(
    requests: Sequence[RequestLimits | None], joined: bool
) -> tuple[list[_RequestColumns | None], list[tuple[str, ir.Expr]]]:
    """Each program's `_RequestColumns`, and the columns to compute: one set per distinct
    `RequestLimits` (the programs of one vocabulary share one), whatever the number of
    programs."""
    made: dict[RequestLimits, _RequestColumns] = {}
    computed: list[tuple[str, ir.Expr]] = []
    for limits in requests:
        if limits is None or limits in made:
            continue
        number = len(made) + 1
        names: list[str | None] = []
        for part, expr in (("hours", limits.hours), ("no_hold", limits.no_hold)):
            if expr is None:
                names.append(None)
                continue
            names.append(f"rq{number}_{part}")
            computed.append((f"rq{number}_{part}", expr))
        made[limits] = _RequestColumns(limits, (names[0], names[1]), joined)
    return [None if r is None else made[r] for r in requests], computed


def _name(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def _string(text: str) -> exp.Expression:
    return exp.Literal.string(text)


# A rule or limit condition that is a constant (``when true``) is written as that constant
# where an outcome reads it, and the helpers below fold constants away, so that no
# outcome tests a condition whose value is known before any case is read (every
# ``CASE`` branch and ``OR`` is one more operation per case).


def _literal(value: exp.Expression) -> bool | None:
    """The value of a TRUE or FALSE literal, else None."""
    return value.this if isinstance(value, exp.Boolean) else None


def _is_true(column: exp.Expression) -> exp.Expression:
    if _literal(column) is not None:
        return column.copy()
    return exp.Is(this=column.copy(), expression=exp.true())


def _when(column: exp.Expression) -> exp.Expression:
    """A condition where a ``WHEN`` tests it (alone or in an ``OR``): a branch is taken only
    where its test is true, never where it is null, so ``x IS TRUE`` is ``x`` there (one
    operation fewer per case); under a ``NOT`` it is not, so `_is_true` serves there."""
    return column.copy()


def _is_null(column: exp.Expression) -> exp.Expression:
    if _literal(column) is not None:
        return bool_literal(False)
    return exp.Is(this=column.copy(), expression=exp.Null())


def _is_not_false(column: exp.Expression) -> exp.Expression:
    if _literal(column) is not None:
        return column.copy()
    return exp.Not(this=exp.Paren(this=exp.Is(this=column.copy(), expression=exp.false())))


def _not(value: exp.Expression) -> exp.Expression:
    known = _literal(value)
    if known is not None:
        return bool_literal(not known)
    return exp.Not(this=exp.Paren(this=value.copy()))


def _any(parts: Sequence[exp.Expression]) -> exp.Expression:
    if any(_literal(p) is True for p in parts):
        return bool_literal(True)
    parts = [p for p in parts if _literal(p) is not False]
    if not parts:
        return bool_literal(False)
    joined = cast(exp.Expression, exp.or_(*parts, wrap=True)) if len(parts) > 1 else parts[0]
    return joined


def _all(parts: Sequence[exp.Expression]) -> exp.Expression:
    if any(_literal(p) is False for p in parts):
        return bool_literal(False)
    parts = [p for p in parts if _literal(p) is not True]
    if not parts:
        return bool_literal(True)
    joined = cast(exp.Expression, exp.and_(*parts, wrap=True)) if len(parts) > 1 else parts[0]
    return joined


def _branches(value: exp.Expression) -> list[tuple[exp.Expression, exp.Expression]]:
    """The branches of a searched ``CASE`` without ``ELSE``, else none."""
    if not isinstance(value, exp.Case) or value.args.get("this") is not None \
            or value.args.get("default") is not None:
        return []
    return [(branch.args["this"], branch.args["true"]) for branch in value.args["ifs"]]


def _case(
    branches: Sequence[tuple[exp.Expression, exp.Expression]], default: exp.Expression | None
) -> exp.Expression:
    """``CASE`` over `branches` (condition, value), constant conditions folded: a false one
    is dropped, a true one ends the ``CASE`` (its value is the default); no branch left, or
    every value the default, is the default."""
    kept: list[tuple[exp.Expression, exp.Expression]] = []
    for condition, value in branches:
        known = _literal(condition)
        if known is False:
            continue
        if known is True:
            default = value
            break
        kept.append((condition, value))
    if not kept:
        return default if default is not None else exp.Null()
    if default is not None and all(value == default for _, value in kept):
        return default
    if isinstance(default, exp.Case) and default.args.get("this") is None:
        # ``ELSE CASE WHEN b THEN y … END``: its branches are this one's, in order
        kept += [(branch.args["this"], branch.args["true"]) for branch in default.args["ifs"]]
        default = default.args.get("default")
    spliced: list[tuple[exp.Expression, exp.Expression]] = []
    for condition, value in kept:
        inner = _branches(value)
        if inner and condition == _any([c for c, _ in inner]):
            # ``WHEN a OR b THEN CASE WHEN a THEN x WHEN b THEN y END``: ``WHEN a THEN x
            # WHEN b THEN y`` (the inner CASE decides exactly where the outer one enters)
            spliced += inner
        else:
            spliced.append((condition, value))
    merged: list[tuple[exp.Expression, exp.Expression]] = []
    for condition, value in spliced:  # ``WHEN a THEN x WHEN b THEN x``: ``WHEN a OR b THEN x``
        if merged and merged[-1][1] == value:
            merged[-1] = (_any([merged[-1][0], condition]), value)
        else:
            merged.append((condition, value))
    return exp.Case(ifs=[exp.If(this=c, true=v) for c, v in merged], default=default)


Kinds = dict[str, exp.DataType]  # a text column (or "outcome") → its ENUM type


class _ProgramQuery:
    """The query parts of one program (CTE names start with `name`)."""

    def __init__(self, program: ir.Program, prefix: str, name: str,
                 translator: Translator | None = None, kinds: Kinds | None = None,
                 request: _RequestColumns | None = None,
                 warnings: CaseWarnings | None = None):
        self.program = program
        self.request = request
        self.warnings = warnings
        self.kinds = kinds
        self.name = name
        self.translator = Translator(prefix) if translator is None else translator
        self.scope = Scope(self.translator)
        self.columns: list[tuple[str, exp.Expression]] = []
        self.constants: dict[str, exp.Expression] = {}  # a constant condition's column → it
        self._by_condition: dict[ir.Expr, str] = {}
        self.rule_column = {id(r): self._condition(r.condition, "c") for r in program.rules}
        self.limit_column = [self._condition(lim.condition, "l") for lim in program.limits]
        self.warning_column = [(code, self._condition(condition, "w"))
                               for code, condition in (warnings.checks if warnings else ())]
        self.unless_prohibited_column = [
            (code, self._condition(condition, "w"))
            for code, condition in (warnings.unless_prohibited if warnings else ())]

    def _condition(self, condition: ir.Expr, letter: str) -> str:
        name = self._by_condition.get(condition)
        if name is None:
            value = self.translator.translate(condition, self.scope)
            name = f"{letter}{len(self.columns) + 1}"
            self.columns.append((name, value))
            self._by_condition[condition] = name
            if _literal(value) is not None:
                self.constants[name] = value
        return name

    def _read(self, name: str) -> exp.Expression:
        """A condition as an outcome reads it: its column, or its value if constant."""
        known = self.constants.get(name)
        return known.copy() if known is not None else _name(name)

    def ctes(self, shared: str | None = None) -> list[exp.CTE]:
        """This program's conditions and outcomes; `shared`: the name of the one
        conditions CTE of every program (its columns named ``<program>_<column>``)."""
        if shared is None:
            conditions = exp.select(*_keys(), *(
                exp.alias_(value, name, quoted=True) for name, value in self.columns))
            conditions = self.translator.from_clause(conditions, self.scope)
        else:
            conditions = exp.select(_name(ROW), _name(CASE_ID), *(
                exp.alias_(_name(f"{self.name}_{name}"), name, quoted=True)
                for name, _ in self.columns), *self._request_reads()).from_(
                exp.to_identifier(shared, quoted=True))
        carried = [_name(ROW), _name(CASE_ID), *(_name(name) for name, _ in self.columns),
                   *self._request_reads()]
        outcomes = exp.select(
            *carried,
            *(exp.alias_(self.outcome(o)[0], o, quoted=True) for o in ir.OUTCOMES),
        ).from_(exp.to_identifier(f"{self.name}_conditions", quoted=True))
        return [
            exp.CTE(this=conditions, alias=exp.TableAlias(
                this=exp.to_identifier(f"{self.name}_conditions", quoted=True))),
            exp.CTE(this=outcomes, alias=exp.TableAlias(
                this=exp.to_identifier(f"{self.name}_outcomes", quoted=True))),
        ]

    def text(self, value: str, column: str) -> exp.Expression:
        """A text value of an output column: a string, or a constant of the column's
        ``ENUM`` type when the query has `kinds` (a text column only ever takes constants)."""
        if self.kinds is None or column not in self.kinds:
            return _string(value)
        return exp.Cast(this=_string(value), to=self.kinds[column].copy())

    def citation(self, citation: str, outcome: str) -> exp.Expression:
        """A ground's citation: only the hold's grounds are output (``hold_ground``), so
        only they are constants of that column's ``ENUM``; the others stay strings."""
        return self.text(citation, "hold_ground" if outcome == "hold" else "-")

    def _request_reads(self) -> list[exp.Expression]:
        """The request's columns (`_RequestColumns`) that the nested form carries from
        the shared conditions to the outcomes (the flat form joins them at the end)."""
        if self.request is None or self.request.joined:
            return []
        return [_name(c) for c in self.request.names if c is not None]

    def final(self) -> exp.Select:
        select = self._final()
        if self.request is not None and self.request.joined:
            select = select.join(exp.to_identifier(REQUESTS, quoted=True),
                                 using=[exp.to_identifier(ROW, quoted=True)])
        return select

    def _final(self) -> exp.Select:
        return exp.select(
            _name(ROW),
            _name(CASE_ID),
            exp.alias_(self.text(self.program.meta.id, "statute"), "statute", quoted=True),
            *(_name(o) for o in ir.OUTCOMES),
            exp.alias_(self.max_hold_hours(), "max_hold_hours", quoted=True),
            exp.alias_(self.outcome("hold")[1], "hold_ground", quoted=True),
            *([exp.alias_(self.warning_codes(), WARNINGS, quoted=True)]
              if self.warnings is not None else []),
        ).from_(exp.to_identifier(f"{self.name}_outcomes", quoted=True))

    def warning_codes(self) -> exp.Expression:
        """The codes of `warnings` whose condition is true, in order, as a list of text:
        one element per check (its code, or null), the nulls then dropped (an element of
        type text is always there, so an empty list keeps its type in every engine)."""
        items: list[exp.Expression] = []
        allowed = exp.NEQ(this=_name("hold"), expression=self._result_text("prohibited"))
        tests = [(code, _when(self._read(name))) for code, name in self.warning_column]
        tests += [(code, _all([_when(self._read(name)), allowed]))
                  for code, name in self.unless_prohibited_column]
        for code, test in tests:
            tested = _case([(test, _string(code))], None)
            if not isinstance(tested, exp.Null):
                items.append(tested)
        if not items:
            items.append(null("TEXT"))
        return exp.ArrayCompact(this=exp.Array(expressions=items))

    # -- one outcome: its value and its first ground

    def outcome(self, outcome: str) -> tuple[exp.Expression, exp.Expression]:
        rules = self.program.rules_for(outcome)
        groups = [list(g) for _, g in groupby(rules, key=lambda r: r.priority)]
        column: dict[int, exp.Expression] = {
            id(r): self._read(self.rule_column[id(r)]) for r in rules
        }
        values: list[tuple[exp.Expression, exp.Expression]] = []
        grounds: list[tuple[exp.Expression, exp.Expression]] = []
        result = self._result_text
        for index, group in enumerate(groups):
            earlier = [r for g in groups[:index] for r in g]
            fires = _any([_when(column[id(r)]) for r in group])
            modalities = {r.modality for r in group}
            if len(modalities) == 1:
                decided = {next(iter(modalities)): [bool_literal(True)]}
            else:  # the checker refuses this; the semantics still say what it means
                decided = {m: [_is_true(column[id(r)]) for r in group if r.modality == m]
                           for m in modalities}
            value = _result(decided, earlier, column, result)
            first_true: exp.Expression = (
                self.citation(group[0].citation, outcome) if len(group) == 1
                else _case([(_when(column[id(r)]), self.citation(r.citation, outcome))
                            for r in group], None)
            )
            values.append((fires, value))
            grounds.append((fires, self._ground(outcome, value, earlier, column, first_true)))
        earlier = list(rules)
        silent = _result({"permitted": [bool_literal(True)]}, earlier, column, result)
        silent_ground = self._ground(
            outcome, silent, earlier, column, self.citation(self.program.meta.citation, outcome)
        )
        return _case(values, silent), _case(grounds, silent_ground)

    def _ground(
        self,
        outcome: str,
        value: exp.Expression,
        earlier: list[ir.Rule],
        column: dict[int, exp.Expression],
        first_true: exp.Expression,
    ) -> exp.Expression:
        always_undetermined = value == self._result_text(UNDETERMINED)
        if (_constant(value) and not always_undetermined) or not earlier:
            return first_true
        first_unknown = _case(
            [(_is_null(column[id(r)]), self.citation(r.citation, outcome)) for r in earlier], None
        )
        either = (first_true.copy() if isinstance(first_unknown, exp.Null)
                  else exp.Coalesce(this=first_unknown, expressions=[first_true.copy()]))
        if always_undetermined:  # (two conclusions of one group, both always true)
            return either
        undetermined = exp.EQ(this=_name(outcome), expression=self._result_text(UNDETERMINED))
        return _case([(undetermined, either)], first_true)

    def _result_text(self, value: str) -> exp.Expression:
        return self.text(value, "outcome")

    def max_hold_hours(self) -> exp.Expression:
        """Null where the hold is prohibited; else the hours of the shortest statute limit
        whose condition is true or unknown, and with `request` the least of those and
        the request's and the regulation's limits (`RequestLimits`)."""
        holds = sorted(
            enumerate(self.program.limits),
            key=lambda item: (item[1].hours, len(item[1].excluding),
                              0 if item[1].holidays == "actual" else 1),
        )
        prohibited = exp.EQ(this=_name("hold"), expression=self._result_text("prohibited"))
        own = _case([(_is_not_false(self._read(self.limit_column[index])),
                      exp.Literal.number(limit.hours)) for index, limit in holds],
                    null("BIGINT"))
        if self.request is None:
            if not holds:
                return null("BIGINT")
            return _case([(prohibited, null("BIGINT"))], own)
        hours, no_hold = self.request.names
        parts: list[exp.Expression] = [exp.Literal.number(self.request.limits.cap)]
        if not isinstance(own, exp.Null):
            parts.insert(0, own)
        if hours is not None:
            parts.append(_name(hours))
        if no_hold is not None:
            parts.append(_case([(_name(no_hold), exp.Literal.number(0))], null("BIGINT")))
        # NULLs skipped, as DuckDB's, PostgreSQL's and Spark's LEAST do (sqlglot would
        # otherwise write DuckDB's as NULL when any part is)
        least = parts[0] if len(parts) == 1 else exp.Least(
            this=parts[0], expressions=parts[1:], ignore_nulls=True)
        return _case([(prohibited, null("BIGINT"))], least)


def _constant(value: exp.Expression) -> bool:
    """Whether an outcome's value is one text (a string, or an ENUM constant)."""
    if isinstance(value, exp.Cast):
        value = value.this
    return isinstance(value, exp.Literal)


def _kinds(programs: Sequence[ir.Program]) -> Kinds:
    """The ``ENUM`` type of each text column, the same for every program so that the
    ``UNION ALL`` keeps it (``outcome``: the four outcomes'): DuckDB hands an ``ENUM``
    column to Arrow as a dictionary array, each value written once instead of once per
    row, and compares its values as small integers."""
    def enum(values: Sequence[str]) -> exp.DataType:
        return exp.DataType(this=exp.DataType.Type.ENUM,
                            expressions=[_string(v) for v in dict.fromkeys(values)])

    citations = [c for p in programs
                 for c in (*(r.citation for r in p.rules_for("hold")), p.meta.citation)]
    return {"statute": enum([p.meta.id for p in programs]), "outcome": enum(ir.RESULTS),
            "hold_ground": enum(citations)}


def _keys() -> list[exp.Expression]:
    """``row`` and ``case_id`` (the row number as text when the case has no id)."""
    case_id = exp.Coalesce(
        this=_name(CASE_ID, "k"),
        expressions=[exp.Cast(this=_name(ROW, "k"), to=exp.DataType.build("TEXT"))],
    )
    return [cast(exp.Expression, exp.alias_(_name(ROW, "k"), ROW, quoted=True)),
            cast(exp.Expression, exp.alias_(case_id, CASE_ID, quoted=True))]


def _result(
    decided: dict[str, list[exp.Expression]],
    earlier: list[ir.Rule],
    column: dict[int, exp.Expression],
    text: Callable[[str], exp.Expression] = _string,
) -> exp.Expression:
    """One branch's outcome: the conclusions possible there (decided by this group, or
    open in an unknown rule walked before it); one of them, or `undetermined`."""
    static_true: set[str] = set()
    dynamic: dict[str, exp.Expression] = {}
    for modality in ir.MODALITIES:
        parts = decided.get(modality, [])
        parts = parts + [_is_null(column[id(r)]) for r in earlier if r.modality == modality]
        possible = _any(parts) if parts else bool_literal(False)
        if _literal(possible) is True:
            static_true.add(modality)
        elif _literal(possible) is None:
            dynamic[modality] = possible
    if len(static_true) > 1:
        return text(UNDETERMINED)
    candidates = [m for m in ir.MODALITIES if m in static_true or m in dynamic]
    if len(candidates) == 1:
        return text(candidates[0])
    branches = []
    for modality in candidates:
        if static_true and modality not in static_true:
            continue  # another conclusion is certainly possible: never alone
        others: list[exp.Expression] = [_not(dynamic[m]) for m in candidates if m != modality]
        alone = others if modality in static_true else [dynamic[modality].copy(), *others]
        branches.append((_all(alone), text(modality)))
    return _case(branches, text(UNDETERMINED))


def build_query(
    programs: Sequence[ir.Program], prefix: str = DEFAULT_PREFIX, nested: bool = False,
    requests: Requests | None = None, warnings: Sequence[CaseWarnings] | None = None,
) -> exp.Query:
    """One query over the input tables named by `prefix`: a row per case and program, with
    the columns `OUTPUT_COLUMNS` (the programs' rows joined by ``UNION ALL``). `nested`:
    over the one nested case table (`nested`, DuckDB's list functions) instead of the
    flat tables. `requests`: for each program, the request's and the regulation's limits
    its ``max_hold_hours`` keeps too (`RequestLimits`), or None for its own limit only.
    `warnings`: for each program, its `CaseWarnings`, which add a last column,
    ``warnings`` (`WARNINGS`), the list of their codes; None: no such column."""
    if not programs:
        raise UsageError([Diagnostic("TL-U010", "there is no statute to compile",
                                     help="name at least one statute")])
    chosen = list(requests) if requests is not None else [None] * len(programs)
    if len(chosen) != len(programs):
        raise ValueError("build_query: one request limit (or None) per program")
    checks: list[CaseWarnings | None] = [None] * len(programs) if warnings is None \
        else list(warnings)
    if len(checks) != len(programs):
        raise ValueError("build_query: one set of case warnings per program")
    # the request's columns, computed once however many programs read them (each would
    # otherwise read the request's list of kinds again: on Spark, one aggregate more
    # per statute)
    columns, computed = _request_columns(chosen, joined=not nested)
    if not nested:
        parts = [_ProgramQuery(p, prefix, f"p{i + 1}", request=columns[i],
                               warnings=checks[i])
                 for i, p in enumerate(programs)]
        ctes = [cte for part in parts for cte in part.ctes()]
        if computed:
            translator = Translator(prefix)
            scope = Scope(translator)
            request = exp.select(exp.alias_(_name(ROW, "k"), ROW, quoted=True), *(
                exp.alias_(translator.translate(expr, scope), name, quoted=True)
                for name, expr in computed))
            ctes.append(exp.CTE(this=translator.from_clause(request, scope),
                                alias=exp.TableAlias(this=exp.to_identifier(REQUESTS,
                                                                            quoted=True))))
    else:
        # one scan of the case table computes every program's conditions (the hoisted
        # case-only values shared too); each program's outcomes read them from there
        translator = NestedTranslator(prefix)
        kinds = _kinds(programs)
        parts = [_ProgramQuery(p, prefix, f"p{i + 1}", translator, kinds, columns[i],
                               checks[i])
                 for i, p in enumerate(programs)]
        every = exp.select(*_keys(), *(
            exp.alias_(value, f"{part.name}_{name}", quoted=True)
            for part in parts for name, value in part.columns), *(
            exp.alias_(translator.translate(expr, parts[0].scope), name, quoted=True)
            for name, expr in computed))
        every = translator.from_clause(every, parts[0].scope)
        ctes = [exp.CTE(this=every, alias=exp.TableAlias(
            this=exp.to_identifier(SHARED, quoted=True)))]
        ctes += [cte for part in parts for cte in part.ctes(SHARED)]
    query: exp.Query = parts[0].final()
    for part in parts[1:]:
        query = exp.union(query, part.final(), distinct=False)
    query.set("with_", exp.With(expressions=ctes))
    return query


def compile_sql(
    programs: ir.Program | Sequence[ir.Program],
    dialect: str = "duckdb",
    *,
    prefix: str = DEFAULT_PREFIX,
    pretty: bool = True,
    nested: bool = False,
    requests: Requests | None = None,
    warnings: Sequence[CaseWarnings] | None = None,
) -> str:
    """The SQL text of `build_query` in `dialect` (``duckdb``, ``spark`` or ``postgres``);
    `nested` (DuckDB only): over the nested case table, lists read with list functions;
    `requests`: each program's `RequestLimits` (None: the statute's own limit only);
    `warnings`: each program's `CaseWarnings` (None: no ``warnings`` column)."""
    if dialect not in DIALECTS:
        raise UsageError([Diagnostic(
            "TL-U002", f"there is no SQL dialect `{dialect}`",
            help="choose " + ", ".join(f"`{d}`" for d in DIALECTS),
        )])
    if nested and dialect != "duckdb":
        raise UsageError([Diagnostic(
            "TL-U002", f"the nested form of the SQL is DuckDB's, not {dialect}'s",
            help="print the flat form for this dialect (the default)",
        )])
    chosen = (programs,) if isinstance(programs, ir.Program) else tuple(programs)
    limits = tuple(requests) if requests is not None else None
    checks = tuple(warnings) if warnings is not None else None
    return _text(chosen, dialect, prefix, pretty, nested, limits, checks)


@functools.lru_cache(maxsize=64)
def _text(programs: tuple[ir.Program, ...], dialect: str, prefix: str, pretty: bool,
          nested: bool, requests: tuple[RequestLimits | None, ...] | None,
          warnings: tuple[CaseWarnings, ...] | None = None) -> str:
    """`compile_sql`'s text, built once per programs and options (sqlglot takes about
    50 ms, and a batch asks once per chunk; a program keeps its hash, so the key is
    cheap; the cache keeps the programs it names alive)."""
    query = build_query(list(programs), prefix, nested, requests, warnings)
    if dialect == "postgres":  # PostgreSQL has no ARRAY_COMPACT: its ARRAY_REMOVE drops nulls
        query = cast(exp.Query, query.transform(_postgres_compact))
    text: str = query.sql(
        dialect=dialect, pretty=pretty, unsupported_level=sqlglot.ErrorLevel.RAISE
    )
    return text


def _postgres_compact(node: exp.Expression) -> exp.Expression:
    """A list without its nulls as PostgreSQL writes it (``ARRAY_REMOVE(list, NULL)``;
    DuckDB's ``ARRAY_REMOVE`` compares with ``<>`` and would drop every element)."""
    if isinstance(node, exp.ArrayCompact):
        return exp.ArrayRemove(this=node.this, expression=exp.Null())
    return node
