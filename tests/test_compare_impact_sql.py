"""A comparison's caseload impact counted in DuckDB (the SQL backend) equals the count case
by case in Python, region by region and transition by transition, unknown facts included."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sql_engines import ENGINE_PARAMS, engine

import trustlaw
from trustlaw.analysis.compare import compare
from trustlaw.analysis.compare import impact as impact_module
from trustlaw.analysis.compare.impact import Unreadable, impact
from trustlaw.analysis.compare.sample import random_cases
from trustlaw.diagnostics import UsageError

pytest.importorskip("z3")
pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

PAIRS = [
    ("ct/pa-13-155", "ct/pa-19-20"),
    ("ca/ab4-2013", "ca/sb54-2017"),
    ("dc/detainer-act-2012", "dc/sanctuary-values-2019"),
    ("ct/pa-13-155", "ca/sb54-2017"),  # two jurisdictions: their own lists and limits
]


@pytest.mark.slow
@pytest.mark.parametrize("pair", PAIRS)
def test_duckdb_counts_every_region_and_transition_as_python_does(pair: tuple[str, str]
                                                                 ) -> None:
    comparison = compare(*pair)
    cases = [case for case, _ in random_cases(comparison.a.vocabulary, 1500, seed=20261203)]
    in_python = impact(comparison, cases, engine="python")
    in_sql = impact(comparison, cases, engine="duckdb")
    assert in_sql.counts == in_python.counts
    assert in_sql.transitions == in_python.transitions
    assert (in_sql.cases, in_sql.invalid) == (in_python.cases, in_python.invalid) == (1500, 0)
    # the sample reaches both kinds of region, so the equality says something
    counted = list(zip(comparison.regions, in_sql.counts, strict=True))
    assert any(n > 0 for region, n in counted if region.determined)
    assert any(n > 0 for region, n in counted if not region.determined)
    assert [r.count for r in in_sql.comparison.regions] == in_sql.counts


@pytest.mark.slow
def test_duckdb_counts_chunk_by_chunk_and_keeps_bad_cases_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = compare("ca/ab4-2013", "ca/sb54-2017")
    cases: list[object] = [case for case, _ in random_cases(
        comparison.a.vocabulary, 700, seed=5)]
    cases.insert(10, {"date": "last year"})
    cases.insert(400, Unreadable(401, "line 401 is not valid JSON at column 3"))
    monkeypatch.setattr(impact_module, "CHUNK", 256)  # three chunks, each its own query
    in_sql = impact(comparison, cases, engine="duckdb")  # type: ignore[arg-type]
    in_python = impact(comparison, cases, engine="python")  # type: ignore[arg-type]
    assert in_sql.counts == in_python.counts
    assert in_sql.transitions == in_python.transitions
    assert (in_sql.cases, in_sql.invalid) == (702, 2)
    assert in_sql.first_error == in_python.first_error == "case 10: date: expected an ISO " \
        'date, got "last year"'
    for table in in_sql.transitions.values():
        assert sum(table.values()) == 700


@pytest.mark.slow
def test_auto_counts_a_small_caseload_in_python_and_a_large_one_in_sql(
        monkeypatch: pytest.MonkeyPatch, counted_in_sql: list[str]) -> None:
    comparison = compare("ct/pa-13-155", "ct/pa-19-20")
    cases = [case for case, _ in random_cases(comparison.a.vocabulary, 300, seed=9)]
    small = impact(comparison, cases)
    assert counted_in_sql == []  # fewer cases than SQL_FROM: Python
    monkeypatch.setattr(impact_module, "SQL_FROM", 100)
    large = impact(comparison, cases)
    assert counted_in_sql == ["sql"]
    assert large.counts == small.counts and large.transitions == small.transitions


def test_a_missing_duckdb_is_a_usage_error_when_asked_for_and_python_otherwise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = compare("ct/pa-13-155", "ct/pa-19-20")
    cases = [case for case, _ in random_cases(comparison.a.vocabulary, 50, seed=2)]
    expected = impact(comparison, cases, engine="python")
    monkeypatch.setitem(sys.modules, "duckdb", None)  # `import duckdb` now fails
    with pytest.raises(UsageError) as raised:
        impact(comparison, cases, engine="duckdb")
    assert raised.value.diagnostics[0].code == "TL-U012"
    assert "duckdb" in raised.value.diagnostics[0].message
    monkeypatch.setattr(impact_module, "SQL_FROM", 10)
    assert impact(comparison, cases).counts == expected.counts  # auto falls back
    with pytest.raises(UsageError) as raised:
        impact(comparison, cases, engine="spark")
    assert raised.value.diagnostics[0].code == "TL-U013"


@pytest.mark.slow
def test_trustlaw_compare_fills_in_each_region_count_from_a_file(tmp_path: Path) -> None:
    comparison = compare("ca/ab4-2013", "ca/sb54-2017")
    cases = [case for case, _ in random_cases(comparison.a.vocabulary, 400, seed=4)]
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(case) + "\n" for case in cases))
    from_file = trustlaw.compare("ca/ab4-2013", "ca/sb54-2017", cases=path)
    from_list = trustlaw.compare("ca/ab4-2013", "ca/sb54-2017", cases=cases)
    counts = [r.count for r in from_file.regions]
    assert counts == [r.count for r in from_list.regions]
    assert counts == impact(comparison, cases, engine="python").counts
    assert sum(counts) > 0
    assert [r.count for r in trustlaw.compare("ca/ab4-2013", "ca/sb54-2017").regions] == \
        [None] * len(comparison.regions)
    assert from_file.to_dict()["regions"][0]["count"] == counts[0]
    with pytest.raises(UsageError) as raised:
        trustlaw.compare("ca/ab4-2013", "ca/sb54-2017", cases={"date": "2020-01-01"})
    assert "compare(cases=…)" in raised.value.diagnostics[0].message


@pytest.mark.slow
@pytest.mark.parametrize("name", ["duckdb-flat", *ENGINE_PARAMS])
def test_count_where_counts_the_regions_on_every_engine(name: str) -> None:
    """The region counts of `sql.count_where` on the nested table (DuckDB) and on the
    flat tables (DuckDB told not to nest, PostgreSQL, Spark) equal the interpreter's."""
    from trustlaw.backends import sql

    comparison = compare("ca/ab4-2013", "ca/sb54-2017")
    pairs = list(random_cases(comparison.a.vocabulary, 200, seed=17))
    validated = [data for _, data in pairs]
    expected = tuple(sum(1 for data in validated if region.contains_valid(data))
                     for region in comparison.regions)
    assert sum(expected) > 0

    class Flat(sql.DuckDBEngine):
        nested = False

    chosen = Flat() if name == "duckdb-flat" else engine(name)
    counted = sql.count_where([comparison.a, comparison.b],
                              [r.condition for r in comparison.regions], validated,
                              engine=chosen)
    assert counted == expected
