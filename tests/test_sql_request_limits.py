"""The SQL query's `max_hold_hours` is a decision's: the request's own limit and the federal
regulation's 48 hours are in the query (`RequestLimits`), on every engine and in both forms,
so that the printed SQL run in a warehouse says what `decide()` says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="needs the sql extra: pip install -e '.[sql]'")
from sql_engines import engine

import trustlaw
from trustlaw.backends import interp
from trustlaw.backends.sql import DuckDBEngine, evaluate
from trustlaw.decisions.decision import build_decision
from trustlaw.decisions.request import FORM_LIMITS, REGULATION, SHORTEST_FORM_LIMIT
from trustlaw.language.parser import parse_file
from trustlaw.lowering.files import statutes_root
from trustlaw.lowering.vocabulary import build_vocabulary

# a hold the 2019 Act permits (a watchlist match), under requests of every kind
BASE: dict[str, Any] = {"date": "2020-06-01", "agency": "state_corrections",
                        "person": {"terrorist_watchlist_match": True}}
REQUESTS: list[dict[str, Any] | None] = [
    None,                                                   # nothing known: 48
    {"kinds": ["hold"], "form": "I-247A"},                  # the form's 48
    {"kinds": ["hold"], "form": "I-247A", "hours_requested": 17},
    {"kinds": ["hold"], "form": "I-247A", "hours_requested": 96},
    {"kinds": ["notification"], "form": "I-247A"},          # asks for no hold: 0
    {"kinds": ["hold"], "form": "I-247N"},                  # a no-hold form: 0
    {"form": "I-247X"},
    {"form": "other", "hours_requested": 0},
    {"kinds": None, "form": "other"},                       # kinds unknown: 48
    {"kinds": [], "hours_requested": 30},                   # no kinds: no hold asked
    {"kinds": ["hold", "transfer"], "hours_requested": 30},
]
CASES = [{**BASE, **({"request": r} if r is not None else {})} for r in REQUESTS]
STATUTES = ("ct/pa-19-20", "us/detainer-regulation", "ct/pa-13-155")


def _expected() -> list[Any]:
    out = []
    for case in CASES:
        for statute in STATUTES:
            hold = trustlaw.load(statute).decide(case).max_hold
            out.append(None if hold is None else hold.hours)
    return out


class _Flat(DuckDBEngine):
    nested = False  # the flat tables, as PostgreSQL and Spark read them


@pytest.mark.parametrize("name", ["duckdb", "duckdb-flat", "postgres"])
def test_every_engine_gives_the_decisions_hours(name: str) -> None:
    statutes = [trustlaw.load(s) for s in STATUTES]
    rows = evaluate(statutes, CASES, engine=_Flat() if name == "duckdb-flat" else engine(name))
    assert [r["max_hold_hours"] for r in rows] == _expected()
    assert {0, 17, 30, 48} <= {r["max_hold_hours"] for r in rows}


def test_a_bare_program_gives_its_own_limit_only() -> None:
    statute = trustlaw.load("ct/pa-19-20")
    cases = [statute.validate(c) for c in CASES]
    rows = evaluate([statute.program], cases)
    own = [build_decision(statute.program, interp.evaluate(statute.program, case), case)
           for case in cases]
    assert [r["max_hold_hours"] for r in rows] == [
        None if d.max_hold is None else d.max_hold.hours for d in own]
    assert 0 not in {r["max_hold_hours"] for r in rows}  # no request limits applied


def test_a_statute_given_twice_keeps_the_order_given() -> None:
    """Rows name their statute by its id: a statute and its own program (or a draft that
    kept the id of the law it changes) gave rows that could not be put back in the order
    given, which a comparison's caseload pairs by position."""
    statute = trustlaw.load("ct/pa-19-20")
    rows = evaluate([statute, trustlaw.load("ct/pa-13-155"), statute.program], CASES)
    assert [r["statute"] for r in rows[:3]] == ["ct/pa-19-20", "ct/pa-13-155", "ct/pa-19-20"]
    assert [r["row"] for r in rows] == [i for i in range(len(CASES)) for _ in range(3)]
    with_request = [r["max_hold_hours"] for r in rows[0::3]]
    own = [r["max_hold_hours"] for r in rows[2::3]]
    assert with_request == [statute.decide(c).max_hold.hours for c in CASES]  # type: ignore[union-attr]
    assert 0 in with_request and 0 not in own


def test_every_limit_a_request_can_state_is_the_regulations_or_shorter() -> None:
    """The query takes the least of the hours (`sql_request_limits`): right only while no
    form states a limit shorter than the regulation's, which it then leaves out."""
    assert all(limit.hours >= REGULATION.hours
               for limit in (*FORM_LIMITS.values(), SHORTEST_FORM_LIMIT))


def test_kinds_with_no_hold_among_them_ask_for_none(tmp_path: Path) -> None:
    """A vocabulary whose request kinds have no `hold`: a decision gives 0 hours for any
    known kinds, and so must the query (it gave the regulation's 48)."""
    vocabulary = (statutes_root() / "vocabulary" / "detainer.law").read_text(encoding="utf-8")
    assert '  hold "Keep the person' in vocabulary
    path = tmp_path / "keep.law"
    path.write_text(vocabulary.replace('  hold "Keep the person', '  keep "Keep the person'),
                    encoding="utf-8")
    vocab, problems = build_vocabulary(parse_file(path))
    assert not [p for p in problems if p.is_error]
    program = trustlaw.load("ct/pa-19-20").program
    statute = trustlaw.Statute(program, vocab)
    cases = [{**BASE, "request": {"kinds": kinds, "form": "I-247A"}}
             for kinds in (["keep"], ["notification"], [], None)]
    want = [statute.decide(case).max_hold for case in cases]
    assert [None if w is None else w.hours for w in want] == [0, 0, 0, 48]
    assert [r["max_hold_hours"] for r in evaluate([statute], cases)] == [0, 0, 0, 48]
