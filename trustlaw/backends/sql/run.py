"""Statutes + cases → batch rows: validate, flatten, load into an engine, run one query.

`evaluate` is the entry point the batch command builds on. It takes statutes (anything
with ``.program``, ``.vocabulary`` and ``.validate``, such as `trustlaw.Statute`) or bare
IR programs, and cases that are raw JSON-shaped dicts or already validated ones. A case
that does not validate gets one row per statute with its message in ``error`` and every
other column null; it never stops the batch. All valid cases go to the engine in one
load and one query, whatever their number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ... import ir
from ...diagnostics import CaseError, Diagnostic, UsageError
from .counts import compile_counts
from .engines import DuckDBEngine, Engine
from .layout import (
    CASE_ID,
    DEFAULT_PREFIX,
    ROW,
    Layout,
    layout_for_programs,
    layout_for_vocabulary,
    table_name,
)
from .nested import case_table, read_schema
from .program import OUTPUT_COLUMNS, WARNINGS, CaseWarnings, compile_sql

__all__ = ["RESULT_COLUMNS", "count_where", "counts_query", "evaluate"]

RESULT_COLUMNS: tuple[str, ...] = (*OUTPUT_COLUMNS, "error")

Validator = Callable[[Mapping[str, Any]], Mapping[str, Any]]


def evaluate(
    statutes: Sequence[Any],
    cases: Sequence[Mapping[str, Any]],
    *,
    engine: Engine | None = None,
    vocabulary: ir.Vocabulary | None = None,
    validate: Validator | None = None,
    prefix: str = DEFAULT_PREFIX,
    warnings: bool = False,
) -> list[dict[str, Any]]:
    """One dict per case and statute (keys `RESULT_COLUMNS`), ordered by case, then by
    statute as given.

    `statutes`: `trustlaw.Statute` objects or `ir.Program`\\ s. The cases are validated
    with `validate` (default: the first statute's ``validate``; none for bare programs,
    whose cases must then be validated already). The input tables follow `vocabulary`'s
    layout (default: the first statute's vocabulary, else only the facts the programs
    read). `engine` defaults to a fresh in-memory DuckDB.

    ``max_hold_hours`` is a decision's ``max_hold.hours``: for a statute, the least of its
    own limit and the request's and the federal regulation's (its ``request_limits``);
    for a bare program, its own limit only.

    `warnings`: each row also has ``warnings`` (`WARNINGS`, last): the codes of the
    warnings its decision gives that depend on the case, in order (each statute's
    ``case_warnings``, so statutes only, not bare programs), null where ``error`` is not."""
    programs = [_program(s) for s in statutes]
    if len({p.meta.id for p in programs}) < len(programs):
        return _each_alone(statutes, cases, engine=engine, vocabulary=vocabulary,
                           validate=validate, prefix=prefix, warnings=warnings)
    requests = [getattr(s, "request_limits", None) for s in statutes]
    checks = [_case_warnings(s) for s in statutes] if warnings else None
    reads = [e for r in [*requests, *(checks or ())] if r is not None for e in r.reads()]
    columns = (*OUTPUT_COLUMNS, WARNINGS) if warnings else OUTPUT_COLUMNS
    if not programs:
        raise UsageError([Diagnostic("TL-U010", "there is no statute to evaluate",
                                     help="name at least one statute")])
    first = statutes[0]
    if vocabulary is None:
        vocabulary = getattr(first, "vocabulary", None)
    if validate is None:
        validate = getattr(first, "validate", None)
    good: list[Mapping[str, Any]] = []
    numbers: list[int] = []
    errors: dict[int, str] = {}
    for index, case in enumerate(cases):
        if validate is None:
            good.append(case)
            numbers.append(index)
            continue
        try:
            good.append(validate(case))
            numbers.append(index)
        except CaseError as error:
            errors[index] = "; ".join(error.errors)

    rows: list[dict[str, Any]] = []
    if good:
        owned = engine is None
        chosen: Engine = DuckDBEngine() if engine is None else engine
        try:
            nested = _load(chosen, programs, vocabulary, good, numbers, prefix, reads)
            result = chosen.run(compile_sql(programs, chosen.dialect, prefix=prefix,
                                            nested=nested, requests=requests,
                                            warnings=checks))
        finally:
            if owned and isinstance(chosen, DuckDBEngine):
                chosen.close()
        rows = [{**dict(zip(columns, values, strict=True)), "error": None}
                for values in result]
        if warnings:  # after `error`, as the batch's column is
            for row in rows:
                row[WARNINGS] = list(row.pop(WARNINGS))
        for row in rows:  # the id as read (an engine may not have been sent it)
            case = cases[row[ROW]]
            raw_id = case.get("id") if isinstance(case, Mapping) else None
            row[CASE_ID] = raw_id if isinstance(raw_id, str) else str(row[ROW])
    for index, message in errors.items():
        raw_id = cases[index].get("id") if isinstance(cases[index], Mapping) else None
        case_id = raw_id if isinstance(raw_id, str) else str(index)
        for program in programs:
            row = dict.fromkeys((*RESULT_COLUMNS, WARNINGS) if warnings else RESULT_COLUMNS)
            row.update({ROW: index, CASE_ID: case_id, "statute": program.meta.id,
                        "error": message})
            rows.append(row)
    position = {p.meta.id: i for i, p in enumerate(programs)}
    rows.sort(key=lambda r: (r[ROW], position.get(r["statute"], 0)))
    return rows


def _each_alone(statutes: Sequence[Any], cases: Sequence[Mapping[str, Any]],
                **options: Any) -> list[dict[str, Any]]:
    """`evaluate` where two statutes share an id (a draft that kept the id of the law it
    changes, compared with it): a query's rows name their statute by its id, so each
    statute is decided in a query of its own, and the rows are put in the order given."""
    first = statutes[0]
    if options["vocabulary"] is None:
        options["vocabulary"] = getattr(first, "vocabulary", None)
    if options["validate"] is None:
        options["validate"] = getattr(first, "validate", None)
    placed = [(row[ROW], index, row) for index, statute in enumerate(statutes)
              for row in evaluate([statute], cases, **options)]
    placed.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in placed]


def count_where(
    statutes: Sequence[Any],
    conditions: Sequence[ir.Expr],
    cases: Sequence[Mapping[str, Any]],
    *,
    engine: Engine,
    vocabulary: ir.Vocabulary | None = None,
    prefix: str = DEFAULT_PREFIX,
    query: str | None = None,
) -> tuple[int, ...]:
    """How many of `cases` (validated already) each condition is true of, counted in one
    query by `engine`; the conditions read only facts that `statutes` read (a region of
    their comparison). `query`: the text `counts_query` gives for them, written once when
    counting chunk after chunk. Raises `ir.UnsupportedNode` for a condition SQL cannot
    say."""
    programs = [_program(s) for s in statutes]
    if vocabulary is None and statutes:
        vocabulary = getattr(statutes[0], "vocabulary", None)
    if query is None:
        query = counts_query(statutes, conditions, engine, vocabulary, prefix)
    if not cases:
        return (0,) * len(conditions)
    _load(engine, programs, vocabulary, cases, range(len(cases)), prefix)
    row = engine.run(query)[0]
    return tuple(int(n or 0) for n in row[: len(conditions)])


def counts_query(statutes: Sequence[Any], conditions: Sequence[ir.Expr], engine: Engine,
                 vocabulary: ir.Vocabulary | None = None, prefix: str = DEFAULT_PREFIX) -> str:
    """The query `count_where` runs on `engine`, over the tables `_load` makes for it."""
    programs = [_program(s) for s in statutes]
    if vocabulary is None and statutes:
        vocabulary = getattr(statutes[0], "vocabulary", None)
    nested = _nested_schema(engine, programs, vocabulary) is not None
    return compile_counts(conditions, engine.dialect, prefix=prefix, nested=nested)


def _nested_schema(engine: Engine, programs: Sequence[ir.Program],
                   vocabulary: ir.Vocabulary | None, reads: Sequence[ir.Expr] = ()) -> Any:
    """The nested case table's schema when `engine` reads that table, else None (it
    reads the flat tables)."""
    if not (getattr(engine, "nested", False) and hasattr(engine, "load_nested")):
        return None
    return read_schema(programs, vocabulary, reads)


def _load(engine: Engine, programs: Sequence[ir.Program], vocabulary: ir.Vocabulary | None,
          cases: Sequence[Mapping[str, Any]], numbers: Sequence[int], prefix: str,
          reads: Sequence[ir.Expr] = ()) -> bool:
    """Load validated `cases` (numbered by `numbers`) as the input of a query that reads
    what the programs and `reads` read: the nested case table where the engine reads it
    (True), else the flat tables (False)."""
    schema = _nested_schema(engine, programs, vocabulary, reads)
    if schema is not None:
        engine.load_nested(table_name(prefix, ()),  # type: ignore[attr-defined]
                           case_table(schema, cases, numbers))
        return True
    layout = _layout(programs, vocabulary, prefix, reads)
    engine.load(layout, layout.rows(cases, numbers))
    return False


def _case_warnings(statute: Any) -> CaseWarnings:
    """A statute's `CaseWarnings` (a bare program has none: its vocabulary is unknown)."""
    checks = getattr(statute, "case_warnings", None)
    if not isinstance(checks, CaseWarnings):
        raise UsageError([Diagnostic(
            "TL-U020", f"`{type(statute).__name__}` has no case warnings to list",
            help="pass trustlaw.load(...) results, not bare programs, to list warnings",
        )])
    return checks


def _program(statute: Any) -> ir.Program:
    program = statute if isinstance(statute, ir.Program) else getattr(statute, "program", None)
    if not isinstance(program, ir.Program):
        raise UsageError([Diagnostic(
            "TL-U020", f"`{type(statute).__name__}` is not a statute",
            help="pass trustlaw.load(...) results or their .program",
        )])
    return program


def _layout(programs: Sequence[ir.Program], vocabulary: ir.Vocabulary | None,
            prefix: str, reads: Sequence[ir.Expr] = ()) -> Layout:
    if vocabulary is not None:
        return layout_for_vocabulary(vocabulary, prefix)
    return layout_for_programs(programs, prefix, reads)
