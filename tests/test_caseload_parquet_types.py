"""Parquet caseloads of other Arrow types, values at the edges and files that cannot be
read: `batch`, `impact` and `compare --cases` give the row route's rows with a clear
error on each bad case, and a usage error (exit 2, no traceback) for an unreadable file
(trustlaw.caseload.columnar, trustlaw.caseload.io)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
import pyarrow.parquet as pq

import trustlaw
from trustlaw.backends.sql import DuckDBEngine
from trustlaw.caseload.columnar import columnar_plan
from trustlaw.caseload.impact import impact
from trustlaw.cli import main
from trustlaw.diagnostics import UsageError

IDS = ("ct/pa-13-155", "ct/pa-19-20")
STATUTES = [trustlaw.load(statute_id) for statute_id in IDS]
VOCAB = STATUTES[0].vocabulary
DAY = dt.date(2015, 3, 2)


def _on_columns(path: Path) -> bool:
    with DuckDBEngine() as engine:
        return columnar_plan(STATUTES, path, engine) is not None


def _same_as_rows(path: Path) -> list[dict[str, Any]]:
    """The file's rows, which must be those of its cases read as dicts one by one; one
    row per case (the first statute's)."""
    table = trustlaw.batch(STATUTES, path)
    assert table.to_pylist() == trustlaw.batch(STATUTES, pq.read_table(path).to_pylist()) \
        .to_pylist()
    return table.to_pylist()[::len(STATUTES)]


# ---- a field named twice, inside any kind of Arrow list --------------------------------------

def _lists() -> dict[str, Any]:
    twice = pa.StructArray.from_arrays([pa.array(["criminal"]), pa.array(["civil"])],
                                       names=["kind", "kind"])
    made = {"fixed_size_list": lambda: pa.FixedSizeListArray.from_arrays(twice, 1)}
    if hasattr(pa, "ListViewArray"):  # pyarrow 16 on
        made["list_view"] = lambda: pa.ListViewArray.from_arrays(
            pa.array([0], pa.int32()), pa.array([1], pa.int32()), twice)
        made["large_list_view"] = lambda: pa.LargeListViewArray.from_arrays(
            pa.array([0], pa.int64()), pa.array([1], pa.int64()), twice)
    return made


@pytest.mark.parametrize("kind", list(_lists()))
def test_a_field_named_twice_in_any_list_is_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    # pyarrow refused these in words that name no column ("duplicate field names")
    path = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"date": pa.array([DAY], pa.date32()),
                             "warrants": _lists()[kind]()}), path)
    out = tmp_path / "out.jsonl"
    assert main(["batch", IDS[0], "--cases", str(path), "--out", str(out)]) == 2
    assert f"`{path}` names the column `warrants[].kind` twice" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(UsageError, match=r"names the column `warrants\[\]\.kind` twice"):
        impact(IDS, path)
