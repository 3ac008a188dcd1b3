"""The region search over atom states: which state combinations have a case, the yes/no
formulas it asks about, and the same exact regions when it must ask about cases instead."""

from __future__ import annotations

from typing import Any

import pytest

import trustlaw
from trustlaw import ir
from trustlaw.analysis.compare import compare, search
from trustlaw.analysis.compare.abstraction import Abstraction, Impure, Theory, atom_id, forget
from trustlaw.analysis.compare.atoms import atoms_of, canonical
from trustlaw.analysis.compare.impact import misplaced
from trustlaw.analysis.compare.sample import random_cases
from trustlaw.analysis.compare.search import _States, private_context

z3 = pytest.importorskip("z3")
from trustlaw.backends import smt  # noqa: E402  (needs z3)


def _fact(path: str, typ: ir.Type) -> ir.Fact:
    return ir.Fact(tuple(path.split(".")), typ)


def _abstraction(exprs: list[ir.Expr]) -> tuple[Abstraction, Any]:
    vocab = trustlaw.load("ct/pa-13-155").vocabulary
    case = smt.declare_case(vocab, 2, prefix="t.")
    well_formed = smt.well_formed(case)
    atoms = atoms_of(exprs)
    truths = [smt.Encoder(case).truth(atom.expr) for atom in atoms]
    theory = Theory(smt, case, well_formed, 10_000, "test:" + vocab.digest, 2)
    abstraction = Abstraction("t", [atom_id(canonical(a.expr)) for a in atoms], truths,
                              [a.two_valued for a in atoms], [_States(t) for t in truths],
                              theory)
    return abstraction, case


def test_a_fact_and_its_known_test_are_one_group_and_only_real_combinations_pass() -> None:
    gang = _fact("person.gang_database", ir.BOOL)
    warrant = _fact("request.judicial_warrant", ir.BOOL)
    with private_context():
        abstraction, _ = _abstraction([gang, ir.IsKnown(gang), warrant])
        assert abstraction.components == [[0, 1], [2]]  # shares gang's variables; apart
        # gang true while "gang is known" is false: no case has it
        assert abstraction.blocked(("true", "false", "unknown"))
        assert not abstraction.blocked(("true", "true", "unknown"))
        assert not abstraction.blocked(("unknown", "false", "false"))
        # a known test is never unknown
        assert abstraction.blocked(("false", "unknown", "true"))


def test_a_formula_still_reading_the_case_is_refused() -> None:
    gang = _fact("person.gang_database", ir.BOOL)
    warrant = _fact("request.judicial_warrant", ir.BOOL)
    with private_context():
        abstraction, case = _abstraction([gang])
        encoder = smt.Encoder(case)
        pure = z3.And(encoder.truth(gang).true, z3.Not(encoder.truth(gang).false))
        assert "t.person" not in str(abstraction.abstract(pure))
        with pytest.raises(Impure):
            abstraction.abstract(z3.And(encoder.truth(gang).true, encoder.truth(warrant).true))


def test_regions_are_the_same_with_the_answers_kept_or_forgotten() -> None:
    pair = ("ct/pa-19-20", "ct/pa-25-29")
    forget()
    cold = compare(*pair).to_dict()
    warm = compare(*pair).to_dict()
    for data in (cold, warm):
        data.pop("seconds")
    assert cold == warm


@pytest.mark.slow
def test_regions_stay_exact_when_every_question_is_about_cases(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def impure(self: Abstraction, formula: Any) -> Any:
        raise Impure(formula)

    monkeypatch.setattr(search.Abstraction, "abstract", impure)
    comparison = compare("nyc/ll62-2011", "nyc/ll21-22-2013")
    assert comparison.regions and comparison.unsettled == ()
    cases = list(random_cases(comparison.a.vocabulary, 1500, seed=11))
    assert misplaced(comparison, cases) == []
