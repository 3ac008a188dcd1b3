"""A long chain of one operator (`a or b or c …`, the way a list of offences is often
written) is one level of nesting, not one per operand: the parser, the formatter, the
checker, both backends and the explanation read it as a list, with no recursion per
operand. Only real nesting (parentheses, `not`, quantifiers) counts toward the limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import trustlaw
from trustlaw import cli
from trustlaw.backends.sql import compile_sql
from trustlaw.checker import compile_file
from trustlaw.language.fmt import format_source
from trustlaw.language.parser import MAX_DEPTH

HEADER = """statute "test/chains" {
  title "A long list of alternatives"
  jurisdiction "test"
  citation "Test Act"
  status proposed
  introduced 2015-01-01
}

provision (a) {
  cites "Test Act (a)"
  text "No holds."
  hold prohibited
}

provision (b) except (a) {
  cites "Test Act (b)"
  text "A hold for a person of one of the listed ages who has a final removal order."
  hold permitted if listed_age and person.final_removal_order
}
"""

# The listed ages are the even ones. Each chain has far more operands than MAX_DEPTH, each
# one different, so nothing folds them together (ages above 130 never occur: padding).
AGES = range(0, 130, 2)
PADDING = range(200, 300)


def chained(operator: str) -> str:
    if operator == "or":
        body = " or ".join(f"person.age = {age}" for age in (*AGES, *PADDING))
    else:  # the same set of ages, said as "none of the others"
        odd = (age for age in range(131) if age not in AGES)
        body = " and ".join(
            f"person.age != {age}" for age in (*odd, *PADDING))
    return (HEADER + "definition listed_age {\n  cites \"Test Act (b)\"\n  means "
            + body + "\n}\n")


@pytest.fixture(params=["or", "and"])
def statute_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / f"chain-{request.param}.law"
    path.write_text(chained(request.param), encoding="utf-8")
    return path


def case(**person: object) -> dict[str, object]:
    return {"date": "2016-05-01", "request": {"kinds": ["hold"]}, "person": person}


def test_a_long_chain_is_checked_without_a_nesting_error(statute_file: Path) -> None:
    assert [d.code for d in trustlaw.check(statute_file)] == []


def test_a_long_chain_decides_every_operand_three_valued(statute_file: Path) -> None:
    statute = trustlaw.load(statute_file)
    listed, unlisted = AGES[-1], AGES[-1] - 1

    def hold(age: int) -> str:
        return statute.decide(case(age=age, final_removal_order=True)).outcomes["hold"]

    assert (hold(listed), hold(AGES[0]), hold(unlisted)) == ("permitted",) * 2 + ("prohibited",)
    unknown_age = statute.decide(case(final_removal_order=True))
    assert unknown_age.outcomes["hold"] == "undetermined"
    assert unknown_age.depends_on["hold"] == ("person.age",)


def test_a_long_chain_compiles_to_every_sql_dialect_and_duckdb_agrees(
    statute_file: Path,
) -> None:
    pytest.importorskip("duckdb")
    program = compile_file(statute_file)
    for dialect in ("duckdb", "spark", "postgres"):
        assert str(PADDING[-1]) in compile_sql([program], dialect=dialect)
    cases = [case(age=age, final_removal_order=True) for age in range(0, 131, 3)]
    cases.append(case(final_removal_order=True))
    statute = trustlaw.load(statute_file)
    rows = trustlaw.batch([statute], cases).to_pylist()
    assert [row["hold"] for row in rows] == [statute.decide(c).outcomes["hold"] for c in cases]


def test_a_long_chain_compiles_to_python(
    statute_file: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["compile", str(statute_file), "--target", "python"]) == 0
    assert str(PADDING[-1]) in capsys.readouterr().out


def test_the_formatter_keeps_a_long_chain_and_its_meaning(statute_file: Path) -> None:
    source = statute_file.read_text(encoding="utf-8")
    formatted = format_source(source, str(statute_file))
    assert formatted == format_source(formatted, str(statute_file))
    again = statute_file.with_name("formatted.law")
    again.write_text(formatted, encoding="utf-8")
    assert compile_file(again).provisions == compile_file(statute_file).provisions


def test_real_nesting_is_still_refused(tmp_path: Path) -> None:
    nested = " or ".join(["person.age = 1"] * 2)
    for _ in range(MAX_DEPTH + 1):
        nested = f"({nested} or person.age = 2)"
    path = tmp_path / "deep.law"
    path.write_text(HEADER + "definition listed_age {\n  cites \"Test Act (b)\"\n  means "
                    + nested + "\n}\n", encoding="utf-8")
    assert [d.code for d in trustlaw.check(path)] == ["TL-P020"]


def test_a_chain_thousands_long_in_a_provision_is_checked_and_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """A provision's condition of 491 or more operands crashed `check` (RecursionError in
    the digest of its syntax), and `trustlaw parse` crashed from 985 (the JSON tree)."""
    body = " or ".join(f"person.age = {age}" for age in (*range(200, 2199), 129))
    path = tmp_path / "long.law"
    path.write_text(HEADER.replace(
        "hold permitted if listed_age and person.final_removal_order",
        f"hold permitted if person.final_removal_order and ({body})"), encoding="utf-8")
    assert [d.code for d in trustlaw.check(path)] == []
    statute = trustlaw.load(path)
    assert statute.decide(case(age=129, final_removal_order=True)).outcomes["hold"] == "permitted"
    assert statute.decide(case(age=30, final_removal_order=True)).outcomes["hold"] == "prohibited"
    assert cli.main(["parse", str(path)]) == 0
    tree = json.loads(capsys.readouterr().out)
    (provision,) = [item for item in tree["items"] if item.get("label") == "(b)"]
    (clause,) = provision["clauses"]
    chain = clause["condition"]["if_"]["operands"][1]
    assert chain["op"] == "or" and len(chain["operands"]) == 2000
