"""Parquet caseloads of other Arrow types, values at the edges and files that cannot be
read: `batch`, `impact` and `compare --cases` give the row route's rows with a clear
error on each bad case, and a usage error (exit 2, no traceback) for an unreadable file
(trustlaw.caseload.columnar, trustlaw.caseload.io)."""

from __future__ import annotations

import datetime as dt
import json
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
from trustlaw.caseload.io import arrow_schema
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


# ---- columns of another Arrow type: cast to the layout where they hold the same values
# (the large strings and lists pandas and polars write), else read case by case; each bad
# value named either way ------------------------------------------------------------------

def _person(kind: Any, ages: list[Any]) -> Any:
    return pa.array([{"age": age} for age in ages], pa.struct([("age", kind)]))


def _kinds(kind: Any, lists: list[Any]) -> Any:
    return pa.array([{"kinds": kinds} for kinds in lists], pa.struct([("kinds", kind)]))


# column → (values of two cases, the second case's error; None: both decided)
OTHER_TYPES: dict[str, tuple[str, Any, str | None]] = {
    "large_string": ("agency", pa.array(["county_jail", "sheriff"], pa.large_string()),
                     "agency: expected one of"),
    "dictionary": ("agency", pa.array(["county_jail", "sheriff"]).dictionary_encode(),
                   "agency: expected one of"),
    "large_list": ("request", _kinds(pa.large_list(pa.string()), [["hold"], ["hod"]]),
                   'request.kinds[0]: expected one of hold, notification, transfer, '
                   'interview, got "hod"'),
    "fixed_size_list": ("request", _kinds(pa.list_(pa.string(), 1), [["hold"], ["hold"]]),
                        None),
    "int32 age": ("person", _person(pa.int32(), [34, 131]),
                  "person.age: an age is between 0 and 130"),
    "uint64 age": ("person", _person(pa.uint64(), [34, 2**64 - 1]),
                   "person.age: an age is between 0 and 130"),
    "float age": ("person", _person(pa.float64(), [None, 34.0]),
                  "person.age: expected a whole number, got 34.0"),
    "string age": ("person", _person(pa.string(), [None, "34"]),
                   'person.age: expected a whole number, got "34"'),
    "timestamp date": ("date", pa.array([None, dt.datetime(2015, 3, 2)], pa.timestamp("s")),
                       "date: expected an ISO date, got the date and time 2015-03-02T00:00:00"),
    "string date": ("date", pa.array(["2015-03-02", "last year"]),
                    'date: expected an ISO date, got "last year"'),
    "struct with an extra field": (
        "person", pa.array([None, {"age": 30, "shoe": 9}],
                           pa.struct([("age", pa.int64()), ("shoe", pa.int64())])),
        "person.shoe: not a field of person"),
    "map": ("person", pa.array([None, [("age", "34")]], pa.map_(pa.string(), pa.string())),
            "person: expected an object with the fields of person, got a list"),
    "null type": ("agency", pa.nulls(2), None),
    "list of lists": ("request", _kinds(pa.list_(pa.list_(pa.string())), [None, [["hold"]]]),
                      "request.kinds[0]: expected one of hold, notification, transfer, "
                      "interview, got a list"),
}
if hasattr(pa, "string_view"):  # pyarrow 16 on
    OTHER_TYPES["string_view"] = ("agency", pa.array(["county_jail", "sheriff"],
                                                     pa.string_view()),
                                  "agency: expected one of")


# A struct with a field the case format lacks puts every row in error, the one whose
# struct is null too (it used to be decided, the other refused: a column the format lacks
# is refused in every row, as a JSON line with the key is even when its value is null).
EVERY_ROW = {"struct with an extra field"}


# The types that hold the case layout's values and are cast to it, so that the file is
# decided column by column (its faulty rows still by the row route, which names the fault).
CAST = {"large_string", "dictionary", "large_list", "int32 age", "uint64 age", "null type",
        "string_view"}


@pytest.mark.parametrize("name", list(OTHER_TYPES))
def test_a_column_of_another_arrow_type_is_cast_or_read_case_by_case(tmp_path: Path,
                                                                     name: str) -> None:
    column, values, error = OTHER_TYPES[name]
    path = tmp_path / "cases.parquet"
    columns = {"date": pa.array([DAY, DAY], pa.date32()),
               "agency": pa.array(["county_jail", "county_jail"]), column: values}
    pq.write_table(pa.table(columns), path)
    assert _on_columns(path) == (name in CAST)
    if name in EVERY_ROW:  # a field the case format lacks: the row with a null too (as
        # the file's dicts read one by one are not: the first has no field `person.shoe`)
        first, second = trustlaw.batch(STATUTES, path).to_pylist()[::len(STATUTES)]
        assert first["error"] == second["error"] and second["error"].startswith(error)
        assert first["hold"] is None and second["hold"] is None
        return
    first, second = _same_as_rows(path)
    assert first["error"] is None and first["hold"] is not None
    if error is None:
        assert second["error"] is None and second["hold"] is not None
    else:
        assert second["error"].startswith(error) and second["hold"] is None


@pytest.mark.slow
def test_a_caseload_polars_wrote_is_decided_column_by_column(tmp_path: Path) -> None:
    # polars writes every string and list large (large_string, large_list): the file is
    # cast to the layout, not read case by case (ten times slower), and gives its rows
    polars = pytest.importorskip("polars")
    from trustlaw.caseload.io import write_cases
    from trustlaw.cases.synth import synthesize

    layout = tmp_path / "layout.parquet"
    write_cases(synthesize(400, seed=5), layout, VOCAB)
    frame = polars.read_parquet(layout)
    frame = frame.with_columns(  # and a bad value, which the row route must name
        polars.when(polars.int_range(polars.len()) == 7).then(polars.lit("sheriff"))
        .otherwise(polars.col("agency")).alias("agency"))
    path = tmp_path / "polars.parquet"
    frame.write_parquet(path)
    assert pa.types.is_large_string(pq.read_schema(path).field("agency").type)
    assert _on_columns(path)
    rows = _same_as_rows(path)
    assert rows[7]["error"].startswith("agency: expected one of")
    assert sum(row["error"] is None for row in rows) == 399
    # the comparison's caseload impact counts the same file column by column too
    from trustlaw.analysis.compare.impact import impact_file

    comparison = trustlaw.compare(*STATUTES)
    by_columns = impact_file(comparison, path, engine="duckdb")
    by_rows = impact_file(comparison, path, engine="python")
    assert by_columns.to_dict() == by_rows.to_dict() and by_columns.invalid == 1
    assert [list(t) for t in by_columns.transitions.values()] == \
        [list(t) for t in by_rows.transitions.values()]


# ---- values at the edges, in the case layout: decided column by column ---------------------

def _case(**facts: Any) -> dict[str, Any]:
    case: dict[str, Any] = {"date": DAY, "agency": "county_jail", "person": {"age": 34},
                            "request": {"kinds": ["hold"], "form": "I-247A"}}
    for path, value in facts.items():
        record, _, field = path.partition("__")
        case[record] = {**case[record], field: value} if field else value
    return case


CONVICTION = {"level": "felony", "court": "this_state"}
# a case at an edge → its error (None: decided)
EDGES: list[tuple[dict[str, Any], str | None]] = [
    (_case(request__kinds=["hold"] * 1000), None),
    (_case(request__kinds=["hold"] * 1001),
     "request.kinds: a list holds at most 1,000 elements, got 1,001"),
    (_case(person__age=0), None),
    (_case(person__age=130), None),
    (_case(person__age=-1), "person.age: an age is between 0 and 130"),
    (_case(person__age=131), "person.age: an age is between 0 and 130"),
    (_case(person__age=2**63 - 1), "person.age: an age is between 0 and 130"),
    (_case(date=dt.date(1, 1, 1), arrest_date=dt.date(1, 1, 1)), None),
    (_case(date=dt.date(9999, 12, 31),
           convictions=[{**CONVICTION, "date": dt.date(1, 1, 1),
                         "release_date": dt.date(9999, 12, 31)}]), None),
    (_case(convictions=[{**CONVICTION, "date": dt.date(9999, 12, 31)}]),
     "convictions[0].date, date: a judgment is not dated after the case date"),
    (_case(convictions=[{**CONVICTION, "tags": ["homicide", None]}]),
     "convictions[0].tags[1]: expected a known tag"),
    (_case(convictions=[CONVICTION, None]),
     "convictions[1]: expected a conviction, got null; an element of a list cannot be "
     "unknown"),
    (_case(request=None), None),
    ({name: None for name in arrow_schema(VOCAB).names}, None),
    (_case(agency=""), "agency: expected one of"),
    (_case(id=""), None),
    (_case(id="é" * 200), None),
    (_case(id="é" * 201), "id: expected a string of at most 200 characters, got a string "
                          "of 201 characters"),
]


def test_values_at_the_edges_are_decided_by_columns_as_by_rows(tmp_path: Path) -> None:
    path = tmp_path / "cases.parquet"
    pq.write_table(pa.Table.from_pylist([case for case, _ in EDGES],
                                        schema=arrow_schema(VOCAB)), path, row_group_size=7)
    assert _on_columns(path)
    rows = _same_as_rows(path)
    for row, (case, error) in zip(rows, EDGES, strict=True):
        if error is None:
            assert row["error"] is None and row["hold"] is not None, case
        else:
            assert row["error"].startswith(error) and row["hold"] is None, case
    assert rows[15]["case_id"] == "" and rows[13]["hold"] == "undetermined"


# ---- files that cannot be read: a usage error, with no output -------------------------------

def _parquet_bytes(tmp_path: Path) -> bytes:
    source = tmp_path / "source.parquet"
    pq.write_table(pa.Table.from_pylist([_case(id=f"c{i}") for i in range(50)],
                                        schema=arrow_schema(VOCAB)), source)
    return source.read_bytes()


def _unreadable(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "cases.parquet"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "json":
        path.write_text(json.dumps({"date": "2015-03-02"}) + "\n", encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(_parquet_bytes(tmp_path)[:-100])
    elif kind == "corrupt":
        data = bytearray(_parquet_bytes(tmp_path))
        data[200:260] = bytes(b ^ 0xFF for b in data[200:260])
        path.write_bytes(bytes(data))
    elif kind == "folder":
        path.mkdir()
    return path


# (a string that is not UTF-8 is its row's error: tests/test_caseload_parquet_values.py)
@pytest.mark.parametrize("kind", ["empty", "json", "truncated", "corrupt", "folder"])
def test_a_file_that_cannot_be_read_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = _unreadable(tmp_path, kind)
    out = tmp_path / "out.parquet"
    # JSON text named .parquet is refused for what it holds, before pyarrow's "magic
    # bytes not found in footer" (tests/test_batch_real_files.py)
    code, start = ("TL-U011", "`cases.parquet`") if kind == "json" else ("TL-U005", f"`{path}`")
    for args in (["batch", *IDS, "--cases", str(path), "--out", str(out)],
                 ["impact", *IDS, "--cases", str(path)]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error[{code}]: {start}") and "Traceback" not in err
        assert len(err.strip().splitlines()) == 2  # the message and its help
    assert not out.exists()
    with pytest.raises(UsageError, match=code):
        impact(IDS, path)


def test_compare_counts_an_unreadable_caseload_as_a_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("z3", reason="a comparison needs z3: pip install -e '.[solver]'")
    from trustlaw.analysis.compare.impact import impact_file

    comparison = trustlaw.compare(*IDS)
    for kind in ("empty", "corrupt"):
        folder = tmp_path / kind
        folder.mkdir()
        path = _unreadable(folder, kind)
        for engine in ("duckdb", "python"):
            with pytest.raises(UsageError, match="TL-U005"):
                impact_file(comparison, path, engine=engine)


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


@pytest.mark.parametrize("command", ["batch", "impact"])
def test_a_case_file_the_os_refuses_gets_help_about_case_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    # the help said "give a bundled id such as `ct/pa-13-155`": a statute's help, for cases
    loop = tmp_path / "cases.parquet"
    loop.symlink_to(loop)  # the OS refuses to look it up: too many levels of links
    out = ["--out", str(tmp_path / "out.jsonl")] if command == "batch" else []
    assert main([command, IDS[0], "--cases", str(loop), *out]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error[TL-U005]: `{loop}` could not be read: ")
    assert "bundled id" not in err and "a case file: .jsonl, .csv or .parquet" in err
