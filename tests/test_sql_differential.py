"""The SQL backend against the interpreter (the oracle), on every bundled statute and all
three engines: Hypothesis draws batches of well-formed cases (unknown facts included, and
for each rule a solver-found case where it decides, varied); one engine query decides a
whole batch, and every row must equal the interpreter's decision: the four outcomes,
`max_hold_hours` (the decision's, the request's and the regulation's limits applied),
`hold_ground` (the citation of the first hold ground) and, asked for, `warnings` (the
codes of the decision's warnings that depend on the case, in its order)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlglot", reason="needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("duckdb", reason="needs the sql extra: pip install -e '.[sql]'")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_engines import engine

from trustlaw import checker, ir
from trustlaw.backends import interp
from trustlaw.backends.sql import evaluate
from trustlaw.decisions.decision import build_decision
from trustlaw.decisions.grounding import CASE_WARNING_CODES
from trustlaw.diagnostics import StatuteError
from trustlaw.library.statute import Statute
from trustlaw.testing.strategies import cases_for

ROOT = Path(__file__).resolve().parent.parent
STATUTE_FILES = sorted(p for p in (ROOT / "statutes").rglob("*.law") if "vocabulary" not in p.parts)
SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large],
)


def _statute(path: Path) -> Statute:
    try:
        return Statute(checker.compile_file(path))
    except StatuteError as error:  # every bundled statute compiles: a failure, not a skip
        pytest.fail(f"{path.relative_to(ROOT)} does not compile: {error.diagnostics[0].code}",
                    pytrace=False)


def _batch(program: ir.Program, size: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Cases for `program`, some with about half their facts unknown."""
    one = st.one_of(cases_for(program), cases_for(program, unknown_rate=0.5))
    return st.lists(one, min_size=1, max_size=size)


def expected_row(statute: Statute, raw: dict[str, Any]) -> dict[str, Any]:
    data = statute.validate(raw)
    decision = build_decision(statute.program, interp.evaluate(statute.program, data), data,
                              with_request=statute.request_limits is not None)
    return {
        **{o: decision.outcomes[o] for o in ir.OUTCOMES},
        "max_hold_hours": decision.max_hold.hours if decision.max_hold else None,
        "hold_ground": decision.grounds["hold"][0].citation,
        "warnings": [w["code"] for w in decision.warnings if w["code"] in CASE_WARNING_CODES],
    }


def check_batch(statutes: list[Statute], cases: list[dict[str, Any]], name: str) -> None:
    rows = evaluate(statutes, cases, engine=engine(name), warnings=True)
    assert len(rows) == len(statutes) * len(cases)
    it = iter(rows)
    for index, raw in enumerate(cases):
        for statute in statutes:
            row = next(it)
            assert (row["row"], row["statute"], row["error"]) == (index, statute.id, None)
            assert row["case_id"] == str(index)
            got = {k: row[k] for k in (*ir.OUTCOMES, "max_hold_hours", "hold_ground",
                                       "warnings")}
            assert got == expected_row(statute, raw), f"{statute.id}, case {raw!r}"


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT / "statutes"))


def test_there_are_bundled_statutes_to_compare() -> None:
    assert len(STATUTE_FILES) >= 2


@pytest.mark.parametrize("path", STATUTE_FILES, ids=_ids)
def test_duckdb_equals_interpreter(path: Path) -> None:
    statute = _statute(path)

    @settings(SETTINGS, max_examples=12)
    @given(_batch(statute.program, 30))
    def check(cases: list[dict[str, Any]]) -> None:
        check_batch([statute], cases, "duckdb")

    check()


@pytest.mark.parametrize("path", STATUTE_FILES, ids=_ids)
def test_postgres_equals_interpreter(path: Path) -> None:
    statute = _statute(path)
    engine("postgres")  # skips, saying how to install PostgreSQL, where there is none

    @settings(SETTINGS, max_examples=5)
    @given(_batch(statute.program, 30))
    def check(cases: list[dict[str, Any]]) -> None:
        check_batch([statute], cases, "postgres")

    check()


@pytest.mark.slow
def test_spark_equals_interpreter_on_every_statute_at_once() -> None:
    """Spark starts slowly and plans each query for a while, so one query decides a batch
    drawn for every statute under all of them."""
    statutes = [_statute(path) for path in STATUTE_FILES]
    engine("spark")  # skips, saying how to install pyspark and Java, where they are missing

    @settings(SETTINGS, max_examples=2)
    @given(st.tuples(*(_batch(s.program, 4) for s in statutes)))
    def check(batches: tuple[list[dict[str, Any]], ...]) -> None:
        check_batch(statutes, [case for batch in batches for case in batch], "spark")

    check()


def test_a_bad_case_gets_its_error_and_never_stops_the_batch() -> None:
    statutes = [_statute(STATUTE_FILES[0]), _statute(STATUTE_FILES[-1])]
    cases = [{}, {"date": "last year"}, {"id": "mine", "person": {"age": "old"}},
             {"agency": "county_jail"}]
    rows = evaluate(statutes, cases)
    assert [(r["row"], r["statute"]) for r in rows] == [
        (i, s.id) for i in range(4) for s in statutes
    ]
    bad = [r for r in rows if r["error"] is not None]
    assert [r["row"] for r in bad] == [1, 1, 2, 2]
    assert bad[0]["error"].startswith("date: expected an ISO date")
    assert bad[2]["case_id"] == "mine" and "person.age: expected a whole number" in bad[2]["error"]
    assert all(r["hold"] is None and r["hold_ground"] is None for r in bad)
    good = [r for r in rows if r["error"] is None]
    assert [r["case_id"] for r in good] == ["0", "0", "3", "3"]
    for row, raw in zip(good, [cases[0], cases[0], cases[3], cases[3]], strict=True):
        statute = statutes[0] if row["statute"] == statutes[0].id else statutes[1]
        expected = expected_row(statute, raw)
        del expected["warnings"]  # a column only when asked for
        assert "warnings" not in row
        assert {k: row[k] for k in expected} == expected
