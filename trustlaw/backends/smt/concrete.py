"""Concrete cases in and out of the solver: models → case dicts → constraints; witnesses."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import z3

from ... import ir
from .case import DEFAULT_BOUND, Node, RecordNode, Scalar, SymbolicCase, declare_case
from .dates import DATE_MAX, DATE_MIN, date_value
from .encoder import Encoder, well_formed
from .program import ProgramTerms, encode_program


def case_from_model(model: Any, case: SymbolicCase) -> dict[str, Any]:
    """The case a z3 model describes, in JSON form (ISO dates; unknown facts left out)."""
    reader = _Reader(model)
    out: dict[str, Any] = {}
    for name, node in case.fields.items():
        if reader.true(node.known):
            out[name] = reader.decode(node)
    return out


def truth_in(model: Any) -> Any:
    """A function telling whether a yes/no term is true in `model` (completed), read
    through z3's C API: for callers that read many terms from one model."""
    return _Reader(model).true


def _is_true(model: Any, term: Any) -> bool:
    return bool(z3.is_true(model.eval(term, model_completion=True)))


def decode_node(model: Any, node: Node) -> Any:
    """The JSON value of one node in a model (assumed known)."""
    return _Reader(model).decode(node)


class _Reader:
    """Values of terms in one model (completed: a term the model leaves free takes its
    sort's default), read through z3's C API: a case has hundreds of terms to read, and
    the Python wrappers around each evaluation cost more than the evaluation."""

    def __init__(self, model: Any):
        self.model = model
        self.ctx = model.ctx.ref()

    def _value(self, term: Any) -> Any:
        result = (z3.Ast * 1)()
        if not z3.Z3_model_eval(self.ctx, self.model.model, term.as_ast(), True, result):
            raise z3.Z3Exception("failed to evaluate a term in a model")
        return result[0]

    def true(self, term: Any) -> bool:
        return bool(z3.Z3_get_bool_value(self.ctx, self._value(term)) == z3.Z3_L_TRUE)

    def number(self, term: Any) -> int:
        return int(z3.Z3_get_numeral_string(self.ctx, self._value(term)))

    def decode(self, node: Node) -> Any:
        if isinstance(node, Scalar):
            if isinstance(node.type, ir.DateType):
                return date_value(self.model, node.value, self.number).isoformat()
            if isinstance(node.type, ir.BoolType):
                return self.true(node.value)
            number = self.number(node.value)
            if isinstance(node.type, ir.EnumType):
                return node.type.values[number]
            return number
        if isinstance(node, RecordNode):
            return {name: self.decode(child) for name, child in node.fields.items()
                    if self.true(child.known)}
        return [self.decode(node.elements[i]) for i in range(self.number(node.length))]


def assert_case(case: SymbolicCase, data: Mapping[str, Any]) -> list[Any]:
    """Constraints fixing `case` to the concrete case `data` (normalised or JSON form);
    raises ValueError when a list is longer than the bound."""
    out: list[Any] = []
    for name, node in case.fields.items():
        _fix(node, data.get(name), name, out)
    return out


def _fix(node: Node, value: Any, where: str, out: list[Any]) -> None:
    if value is None:
        out.append(z3.Not(node.known))
        if isinstance(node, RecordNode):
            for name, child in node.fields.items():
                _fix(child, None, f"{where}.{name}", out)
        return
    out.append(node.known)
    if isinstance(node, Scalar) and isinstance(node.type, ir.DateType):
        day = _dt.date.fromisoformat(value) if isinstance(value, str) else value
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValueError(
                f"{where}: {day} is outside the solver's dates ({DATE_MIN}..{DATE_MAX})"
            )
        out.extend(
            [node.value.year == day.year, node.value.month == day.month, node.value.day == day.day]
        )
    elif isinstance(node, Scalar):
        out.append(node.value == _concrete(node.type, value, where))
    elif isinstance(node, RecordNode):
        if not isinstance(value, Mapping):
            raise ValueError(f"{where}: expected a record")
        for name, child in node.fields.items():
            _fix(child, value.get(name), f"{where}.{name}", out)
    else:
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list")
        if len(value) > len(node.elements):
            raise ValueError(
                f"{where}: {len(value)} elements exceed the solver's bound of {len(node.elements)}"
            )
        out.append(node.length == len(value))
        for i, item in enumerate(value):
            _fix(node.elements[i], item, f"{where}[{i}]", out)


def _concrete(typ: ir.Type, value: Any, where: str) -> Any:
    if isinstance(typ, ir.BoolType):
        return z3.BoolVal(bool(value))
    if isinstance(typ, ir.IntType):
        return z3.IntVal(int(value))
    if isinstance(typ, ir.EnumType):
        if value not in typ.values:
            raise ValueError(f"{where}: {value!r} is not a value of `{typ.name}`")
        return z3.IntVal(typ.values.index(value))
    raise ValueError(f"{where}: cannot fix a value of type {typ}")


@attrs.frozen
class SmtEvaluation:
    """What the encoding says about one concrete case."""

    outcomes: Mapping[str, str]
    duties: tuple[str, ...]
    open_duties: tuple[str, ...]
    max_hold: int | None  # index into program.limits
    deciding: Mapping[str, tuple[str, ...]]


def evaluate_case(
    program: ir.Program, data: Mapping[str, Any], vocab: ir.Vocabulary, bound: int | None = None
) -> SmtEvaluation:
    """Decide one concrete case with the encoding (the solver's view, for differential
    tests against the interpreter)."""
    size = bound if bound is not None else max([DEFAULT_BOUND, *_list_lengths(data)])
    case, terms, solver = _evaluator(program, vocab, size)
    solver.push()
    try:
        solver.add(*assert_case(case, data))
        if solver.check() != z3.sat:
            raise ValueError("the case is outside the solver's dates or breaks a constraint")
        return read_evaluation(solver.model(), program, terms)
    finally:
        solver.pop()


@functools.lru_cache(maxsize=16)
def _evaluator(
    program: ir.Program, vocab: ir.Vocabulary, bound: int
) -> tuple[SymbolicCase, ProgramTerms, Any]:
    case = declare_case(vocab, bound, prefix="eval.")
    return case, encode_program(program, case), solver_with(case.domain)


def read_evaluation(model: Any, program: ir.Program, terms: ProgramTerms) -> SmtEvaluation:
    """The outcomes, duties and limit a model gives the encoded program."""
    outcomes = {}
    for outcome, results in terms.outcomes.items():
        chosen = [r for r, term in results.items() if _is_true(model, term)]
        if len(chosen) != 1:
            raise AssertionError(f"the encoding gives {outcome} {len(chosen)} results")
        outcomes[outcome] = chosen[0]
    duties = tuple(d.id for d in program.duties if _is_true(model, terms.duties[d.id].true))
    open_duties = tuple(d.id for d in program.duties if _is_true(model, terms.duties[d.id].unknown))
    index = model.eval(terms.max_hold, model_completion=True).as_long()
    deciding = {
        outcome: tuple(
            r.id
            for r in program.rules
            if r.outcome == outcome and _is_true(model, terms.deciding[r.id])
        )
        for outcome in ir.OUTCOMES
    }
    return SmtEvaluation(outcomes, duties, open_duties, None if index < 0 else index, deciding)


def _list_lengths(value: Any) -> Iterable[int]:
    if isinstance(value, Mapping):
        for child in value.values():
            yield from _list_lengths(child)
    elif isinstance(value, list):
        yield len(value)
        for child in value:
            yield from _list_lengths(child)


# ---- witnesses -------------------------------------------------------------------------


def rule_witnesses(
    program: ir.Program,
    vocab: ir.Vocabulary,
    bound: int = DEFAULT_BOUND,
    timeout_ms: int = 10_000,
) -> list[tuple[str, dict[str, Any]]]:
    """For each rule that can decide its outcome, a well-formed case in which it does
    (rule id, case), in program order."""
    case = declare_case(vocab, bound, prefix="w.")
    terms = encode_program(program, case)
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*well_formed(case))
    found: list[tuple[str, dict[str, Any]]] = []
    for rule in program.rules:
        solver.push()
        solver.add(terms.deciding[rule.id])
        if solver.check() == z3.sat:
            found.append((rule.id, case_from_model(solver.model(), case)))
        solver.pop()
    return found


def cases_meeting(
    condition: ir.Expr, vocab: ir.Vocabulary, count: int = 8, bound: int = DEFAULT_BOUND
) -> list[dict[str, Any]]:
    """Up to `count` different well-formed cases on which `condition` is true."""
    case = declare_case(vocab, bound, prefix="m.")
    solver = solver_with([*well_formed(case), Encoder(case).truth(condition).true], 10_000)
    found: list[dict[str, Any]] = []
    while len(found) < count and solver.check() == z3.sat:
        found.append(case_from_model(solver.model(), case))
        solver.add(z3.Not(z3.And(assert_case(case, found[-1]))))
    return found


def solver_with(constraints: Sequence[Any], timeout_ms: int | None = None) -> Any:
    """A z3 solver holding `constraints` (with a timeout in milliseconds): z3's solver
    for linear integer arithmetic, which is all a case's terms need (dates are day
    numbers, ages and counts whole numbers) and answers about half again as fast as
    the default one, which first tries its tactics on every question."""
    solver = z3.SolverFor("QF_LIA")
    if timeout_ms is not None:
        solver.set("timeout", timeout_ms)
    solver.add(*constraints)
    return solver
