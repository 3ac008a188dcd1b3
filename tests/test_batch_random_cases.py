"""`trustlaw.batch` from each input format equals `decide()` (CASES.md section 5;
docs/batch.md): Hypothesis cases for several statutes at once, unknown facts included,
written as JSON lines, CSV and Parquet (`write_cases`) and decided in DuckDB, row for row:
the four outcomes, `max_hold_hours`, `hold_ground`, `case_id`, `statute`, and an error
exactly where `decide()` refuses the case. And `max_hold_hours` is the decision's
`max_hold.hours` for every mix of a request's kinds, form and hours, each known or not.

tests/test_sql_differential.py holds the query to the interpreter on case dicts, and
tests/test_caseload.py samples synthetic caseloads of one statute; these go through the
files' own routes (Arrow's JSON reader, CSV columns, Parquet columns)."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw import ir
from trustlaw.caseload.io import write_cases
from trustlaw.testing.strategies import cases_for

IDS = ("ct/pa-13-155", "ct/pa-19-20", "ca/sb54-2017", "nyc/ll58-59-2014", "us/detainer-regulation")
FORMATS = ("jsonl", "csv", "parquet")


def _expected(statute: trustlaw.Statute, case: dict[str, Any]) -> dict[str, Any]:
    try:
        decision = statute.decide(case)
    except trustlaw.CaseError:
        return {"error": True}
    return {**{o: decision.outcomes[o] for o in ir.OUTCOMES},
            "max_hold_hours": decision.max_hold.hours if decision.max_hold else None,
            "hold_ground": decision.grounds["hold"][0].citation, "error": False}


def _same_rows(statutes: list[trustlaw.Statute], cases: list[dict[str, Any]],
               folder: Path) -> None:
    vocab = statutes[0].vocabulary
    wants = [[_expected(s, c) for s in statutes] for c in cases]
    for fmt in FORMATS:
        path = folder / f"cases.{fmt}"
        write_cases(cases, path, vocab)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
            rows = trustlaw.batch(statutes, path).to_pylist()
        assert len(rows) == len(cases) * len(statutes), fmt
        it = iter(rows)
        for case, want in zip(cases, wants, strict=True):
            for statute, expected in zip(statutes, want, strict=True):
                row = next(it)
                assert (row["case_id"], row["statute"]) == (case["id"], statute.id), fmt
                got = {k: row[k] for k in expected if k != "error"}
                got["error"] = row["error"] is not None
                if expected["error"]:
                    got = {"error": got["error"]}
                assert got == expected, (fmt, statute.id, case)


def test_batch_rows_from_every_format_equal_decide(tmp_path: Path) -> None:
    statutes = [trustlaw.load(i) for i in IDS]
    one = st.one_of(*(cases_for(s.program, unknown_rate=rate)
                      for s in statutes for rate in (0.1, 0.5)))

    @settings(max_examples=5, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(one, min_size=1, max_size=25))
    def check(cases: list[dict[str, Any]]) -> None:
        _same_rows(statutes, [{**c, "id": f"c{i}"} for i, c in enumerate(cases)], tmp_path)

    check()


def test_max_hold_hours_is_the_decisions_whatever_of_the_request_is_known(
        tmp_path: Path) -> None:
    statutes = [trustlaw.load(i) for i in IDS]
    request = statutes[0].vocabulary.record("request")
    assert request is not None
    form = next(f for f in request.fields if f.name == "form").type
    assert isinstance(form, ir.EnumType)
    kinds: tuple[list[str] | None, ...] = (None, [], ["hold"], ["notification"],
                                           ["hold", "notification"], ["transfer"])
    bases: tuple[dict[str, Any], ...] = (
        {"date": "2020-06-01", "agency": "state_corrections",
         "person": {"terrorist_watchlist_match": True}},  # a hold the 2019 Act permits
        {"date": "2016-06-01", "agency": "county_jail", "convictions": []},
        {"date": "2020-06-01"})
    cases: list[dict[str, Any]] = []
    for base, k, f, h in itertools.product(bases, kinds, (None, *form.values),
                                           (None, 0, 1, 47, 48, 49, 200)):
        given_ = {"kinds": k, "form": f, "hours_requested": h}
        asked = {key: value for key, value in given_.items() if value is not None}
        cases.append({**base, **({"request": asked} if asked else {}), "id": f"c{len(cases)}"})
    _same_rows(statutes, cases, tmp_path)
