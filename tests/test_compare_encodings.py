"""Encodings cached for comparisons: copies give the same answers whatever the process
did before, and the date constraints they carry admit exactly the real days."""

from __future__ import annotations

import calendar
from typing import Any

import pytest

from trustlaw.analysis.compare import compare, shared_encodings
from trustlaw.analysis.compare.model import Comparison
from trustlaw.diagnostics import UsageError

z3 = pytest.importorskip("z3")


def shape(c: Comparison) -> list[Any]:
    return [(r.outcome, r.a, r.b, r.source, r.example) for r in c.regions] + [
        (p.verdict, p.a_only, p.b_only) for p in c.protectiveness.values()]


@pytest.mark.slow
def test_answers_do_not_depend_on_what_the_process_compared_before() -> None:
    pair = ("nyc/ll62-2011", "nyc/ll21-22-2013")
    shared_encodings().clear()  # the store is built by this comparison
    first = shape(compare(*pair))
    compare("ct/pa-13-155", "ct/pa-19-20")  # the store grows
    assert shape(compare(*pair)) == first
    shared_encodings().clear()  # and is built again, in another order
    compare("ca/ab4-2013", "ca/sb54-2017")
    assert shape(compare(*pair)) == first


def test_a_comparison_leaves_the_process_z3_settings_as_it_found_them() -> None:
    # a comparison turns z3's global model compression off while it runs (for speed);
    # a program using z3 for its own work must find its setting untouched afterwards
    from trustlaw.analysis.compare import matrix

    pair = ("nyc/ll62-2011", "nyc/ll21-22-2013")
    for setting in ("false", "true"):
        z3.set_param("model.compact", setting == "true")
        compare(*pair)
        assert z3.get_param("model.compact") == setting
        matrix(list(pair))
        assert z3.get_param("model.compact") == setting
    with pytest.raises(UsageError):  # a comparison that stops gives the setting back too
        compare("nyc/ll62-2011", "no/such-law")
    assert z3.get_param("model.compact") == "true"


@pytest.mark.parametrize("year", [1900, 1999, 2000, 2001, 2004, 2023, 2024, 2100, 2196, 2200])
def test_a_known_date_is_exactly_a_real_day(year: int) -> None:
    from trustlaw.backends.smt import Civil
    from trustlaw.backends.smt.dates import real_day

    quarter = z3.Int("q")
    solver = z3.Solver()
    for month in range(1, 13):
        for day in range(1, 32):
            date = Civil(z3.IntVal(year), z3.IntVal(month), z3.IntVal(day))
            exists = day <= calendar.monthrange(year, month)[1]
            answer = solver.check(real_day(date, quarter))
            assert (answer == z3.sat) == exists, (year, month, day)


def test_an_unknown_date_is_never_read_so_need_not_be_real() -> None:
    import trustlaw
    from trustlaw.backends import smt

    vocab = trustlaw.load("ct/pa-13-155").vocabulary
    case = smt.declare_case(vocab, 1, prefix="t.")
    date = case.node(("date",))
    solver = smt.solver_with(smt.well_formed(case))
    feb_30 = [date.value.year == 2023, date.value.month == 2, date.value.day == 30]
    assert solver.check(z3.Not(date.known), *feb_30) == z3.sat
    assert solver.check(date.known, *feb_30) == z3.unsat
    model_solver = smt.solver_with([*smt.well_formed(case), z3.Not(date.known), *feb_30])
    assert model_solver.check() == z3.sat
    assert "date" not in smt.case_from_model(model_solver.model(), case)


def test_outcome_conditions_follow_the_program_not_its_digest() -> None:
    # a program changed through the API keeps its digest; its conditions must not be
    # another program's, kept from an earlier comparison
    import attrs

    import trustlaw
    from trustlaw.analysis.compare import semantics

    program = trustlaw.load("ct/pa-13-155").program
    changed = attrs.evolve(
        program, rules=tuple(r for r in program.rules if r.provision != "(b)(1)")
    )
    assert changed.digest == program.digest
    before = semantics.result_is(program, "hold", "permitted")
    assert semantics.result_is(changed, "hold", "permitted") != before
    assert semantics.result_is(program, "hold", "permitted") == before
