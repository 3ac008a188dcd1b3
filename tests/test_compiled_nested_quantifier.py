"""Regression: a quantifier over a list field of an outer element (`any t in c.tags`)
reads the outer variable, so the compiled backend must evaluate it per element, not
once for the first element and then reuse it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustlaw import cases
from trustlaw.backends import interp
from trustlaw.backends.python import compile_program
from trustlaw.checker import compile_file
from trustlaw.lowering.files import default_vocabulary

STATUTE = '''
statute "test/nested-tags" {
  title "Nested quantifier regression"
  jurisdiction "test"
  citation "Test Act"
  status proposed
}

provision (a) {
  cites "Test Act § (a)"
  text "No hold."
  hold prohibited
}

provision (b) except (a) {
  cites "Test Act § (b)"
  text "A hold when every conviction carries the homicide tag."
  hold permitted if all c in convictions where (any t in c.tags where t = "homicide")
}
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("nested")) / "nested-tags.law"
    path.write_text(STATUTE, encoding="utf-8")
    return compile_file(path)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([["homicide"], ["homicide"]], "permitted"),
        ([["homicide"], []], "prohibited"),  # the first element alone would say permitted
        ([[], ["homicide"]], "prohibited"),
        ([["homicide"], ["ct.family_violence"], ["homicide"]], "prohibited"),
    ],
)
def test_inner_quantifier_is_evaluated_per_outer_element(program, tags, expected) -> None:  # type: ignore[no-untyped-def]
    raw = {"convictions": [{"tags": t} for t in tags]}
    data = cases.validate(raw, default_vocabulary())
    compiled = compile_program(program)
    assert interp.evaluate(program, data).outcomes["hold"] == expected
    assert compiled.outcomes(data)["hold"] == expected
    assert compiled.evaluate(data) == interp.evaluate(program, data)
