"""A region's example meets the preferences the region allows, chosen in order.

`Examples._keep` finds them by halving; it must keep exactly the wishes that going
through them one by one keeps (each one kept when it can be met with the region and
the wishes kept before it), whatever rules some of them out.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustlaw.analysis.compare.examples import Examples

z3 = pytest.importorskip("z3")

WISHES = 12


def one_by_one(solver: Any, inside: list[Any], wishes: list[Any]) -> list[Any]:
    kept: list[Any] = []
    for wish in wishes:
        if solver.check(*inside, *kept, wish) == z3.sat:
            kept.append(wish)
    return kept


# each constraint: a clause over the wishes and the region flag (index WISHES), each
# literal (index, negated)
clauses = st.lists(st.lists(st.tuples(st.integers(0, WISHES), st.booleans()),
                            min_size=1, max_size=3), max_size=10)


@settings(max_examples=150, deadline=None)
@given(clauses)
def test_the_wishes_kept_are_those_kept_one_by_one(constraints: list[list[tuple[int, bool]]]
                                                   ) -> None:
    ctx = z3.Context()
    wishes = [z3.Bool(f"w{i}", ctx) for i in range(WISHES)]
    region = z3.Bool("region", ctx)
    variables = [*wishes, region]
    solver = z3.Solver(ctx=ctx)
    for clause in constraints:
        solver.add(z3.Or([z3.Not(variables[i]) if negated else variables[i]
                          for i, negated in clause]))
    if solver.check(region) != z3.sat:
        return  # `_keep` is asked only about a region that has cases
    examples = Examples.__new__(Examples)  # only its solver is read
    examples.solver = solver
    expected = one_by_one(solver, [region], wishes)
    got = examples._keep([region], wishes)
    assert [w.get_id() for w in got] == [w.get_id() for w in expected]
    assert solver.check(region, *got) == z3.sat
    if solver.check(region, *wishes) == z3.unsat:  # as `_solve` asks first
        core = {term.get_id() for term in solver.unsat_core()}
        again = examples._keep([region], wishes, core)
        assert [w.get_id() for w in again] == [w.get_id() for w in expected]
