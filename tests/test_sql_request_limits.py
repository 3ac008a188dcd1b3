"""The SQL query's `max_hold_hours` is a decision's: the request's own limit and the federal
regulation's 48 hours are in the query (`RequestLimits`), on every engine and in both forms,
so that the printed SQL run in a warehouse says what `decide()` says."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("duckdb", reason="needs the sql extra: pip install -e '.[sql]'")
from sql_engines import engine

import trustlaw
from trustlaw.backends.sql import DuckDBEngine, evaluate

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
    rows = evaluate([statute.program], [statute.validate(c) for c in CASES[4:6]])
    assert {r["max_hold_hours"] for r in rows} != {0}  # no request limits applied
