"""A batch's opt-in `warnings` column (docs/batch.md, "Output columns"): row for row the
codes of the warnings `decide()` gives that depend on the case (the law's status and the
case date, an unsigned judicial warrant, a form asking for no hold), in the decision's
order; never a warning about a provision's source; an empty list when there is none,
null on an error row (in CSV the list's JSON text, `[]`, and an empty cell). From case
dicts and from each file format (their own routes: Arrow's JSON reader, CSV columns,
Parquet columns), in DuckDB; each format writes it as documented; `trustlaw batch
--warnings` writes it; without the flag the output has exactly the section-5 columns.

tests/test_sql_differential.py holds the column to the interpreter on every bundled
statute and all three engines."""

from __future__ import annotations

import csv
import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

from cli_run import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.backends.sql import evaluate
from trustlaw.caseload.io import write_cases
from trustlaw.caseload.rows import COLUMNS
from trustlaw.decisions.grounding import BECAME_LAW, CASE_WARNING_CODES, NEVER_LAW
from trustlaw.library.statute import Statute
from trustlaw.testing.strategies import cases_for

# superseded, reads who signed a warrant, died (not law), proposed, a regulation
IDS = ("ct/pa-13-155", "ca/sb54-2017", "ct/hb7211-raised-2025", "nyc/int-1558-2017",
       "us/detainer-regulation")
FORMATS = ("jsonl", "csv", "parquet")
# the codes the column never carries: they depend on which provisions decide the case
SOURCE_CODES = {"secondary-source", "unverified"}


def _days(statutes: list[Statute]) -> list[str | None]:
    """Case dates on and around each statute's period in force, and none."""
    days: set[dt.date] = set()
    for statute in statutes:
        for edge in (statute.meta.in_force, statute.meta.superseded):
            if edge is not None:
                days.update(edge + dt.timedelta(days=d) for d in (-1, 0, 1))
    return [None, *sorted(d.isoformat() for d in days)]


def _varied(statutes: list[Statute]) -> st.SearchStrategy[dict[str, Any]]:
    """Generated cases with the date set on or around a period's ends (or removed), and
    the request's warrant, signer, kinds and form set to the values the warnings read."""
    base = st.one_of(*(cases_for(s.program, unknown_rate=rate)
                       for s in statutes for rate in (0.1, 0.5)))
    days = st.sampled_from(_days(statutes))
    request = st.fixed_dictionaries({}, optional={
        "judicial_warrant": st.sampled_from([True, False]),
        "judicial_warrant_signed_by": st.sampled_from(["federal_judge", "state_judge"]),
        "kinds": st.sampled_from([[], ["hold"], ["notification"], ["hold", "transfer"]]),
        "form": st.sampled_from(["I-247A", "I-247N", "I-247X", "other"]),
    })

    @st.composite
    def varied(draw: st.DrawFn) -> dict[str, Any]:
        case = dict(draw(base))
        if draw(st.booleans()):
            day = draw(days)
            case.pop("date", None)
            if day is not None:
                case["date"] = day
        if draw(st.booleans()):
            case["request"] = {**(case.get("request") or {}), **draw(request)}
        return case

    return varied()


def _codes(statute: Statute, case: dict[str, Any]) -> list[str] | None:
    """The codes the column carries for `case`: its decision's warnings but those about
    a provision's source, in order (None: decide() refuses the case)."""
    try:
        decision = statute.decide(case)
    except trustlaw.CaseError:
        return None
    return [w["code"] for w in decision.warnings if w["code"] not in SOURCE_CODES]


def _check_rows(rows: list[dict[str, Any]], statutes: list[Statute],
                cases: list[dict[str, Any]], where: str) -> None:
    assert len(rows) == len(statutes) * len(cases), where
    it = iter(rows)
    for case in cases:
        for statute in statutes:
            row = next(it)
            assert (row["case_id"], row["statute"]) == (case["id"], statute.id), where
            want = _codes(statute, case)
            assert row["warnings"] == want, (where, statute.id, case)
            assert (row["error"] is None) == (want is not None), (where, statute.id, case)
            assert set(row["warnings"] or ()) <= set(CASE_WARNING_CODES)


def _same_in_every_route(statutes: list[Statute], cases: list[dict[str, Any]],
                         folder: Path) -> list[dict[str, Any]]:
    """The rows from case dicts and from each file format, each checked against
    decide(); the rows from the dicts."""
    rows = trustlaw.batch(statutes, cases, warnings=True).to_pylist()
    _check_rows(rows, statutes, cases, "dicts")
    for fmt in FORMATS:
        path = folder / f"cases.{fmt}"
        write_cases(cases, path, statutes[0].vocabulary)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", trustlaw.CaseFileWarning)
            table = trustlaw.batch(statutes, path, warnings=True)
        _check_rows(table.to_pylist(), statutes, cases, fmt)
    return rows


def test_the_column_equals_decides_case_warnings_from_dicts_and_every_format(
        tmp_path: Path) -> None:
    statutes = [trustlaw.load(i) for i in IDS]

    @settings(max_examples=6, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(_varied(statutes), min_size=1, max_size=25))
    def check(drawn: list[dict[str, Any]]) -> None:
        _same_in_every_route(statutes, [{**c, "id": f"c{i}"} for i, c in enumerate(drawn)],
                             tmp_path)

    check()


def test_cases_that_get_each_code_get_it_in_every_route(tmp_path: Path) -> None:
    statutes = [trustlaw.load(i) for i in IDS]
    cases = [{"id": "undated"}, {"id": "early", "date": "2013-12-31"},
             {"id": "late", "date": "2019-10-01"},
             {"id": "unsigned", "date": "2018-02-01", "request": {"judicial_warrant": True}},
             {"id": "signed", "date": "2018-02-01", "request": {
                 "judicial_warrant": True, "judicial_warrant_signed_by": "state_judge"}},
             {"id": "no-hold-form", "date": "2016-05-05", "request": {
                 "kinds": ["notification", "hold"], "form": "I-247X"}},
             {"id": "unbound", "date": "2016-05-05", "agency": "probation"}]
    rows = _same_in_every_route(statutes, cases, tmp_path)
    seen = {code for row in rows for code in row["warnings"] or ()}
    # adult probation: Connecticut's 2013 act does not bind it
    assert seen == {"not-law", "not-in-force", "date-unknown", "signer-not-stated",
                    "request-contradicts-form", "not-bound"}  # period-unknown: no bundled statute


def _with_status(statute: Statute, status: str, in_force: dt.date | None,
                 superseded: dt.date | None) -> Statute:
    meta = attrs.evolve(statute.meta, status=status, in_force=in_force, superseded=superseded)
    program = attrs.evolve(statute.program, meta=meta,
                           digest=f"{statute.digest}-{status}-{in_force}-{superseded}")
    return Statute(program, statute.vocabulary)


@pytest.mark.parametrize("status", [*BECAME_LAW, *NEVER_LAW, "pending"])
def test_every_status_and_period_gives_decides_warnings(status: str) -> None:
    """Every status (and one neither law nor never law), with a period in force that
    has both ends, one, or none: the date warnings as decide() gives them."""
    base = trustlaw.load("ct/pa-13-155")
    start, end = dt.date(2014, 1, 1), dt.date(2019, 10, 1)
    days = [None, "2013-12-31", "2014-01-01", "2016-05-05", "2019-09-30", "2019-10-01"]
    cases = [{"id": str(i), **({"date": d} if d else {})} for i, d in enumerate(days)]
    for in_force, superseded in ((start, end), (start, None), (None, None), (None, end)):
        statute = _with_status(base, status, in_force, superseded)
        rows = evaluate([statute], cases, warnings=True)
        for row, case in zip(rows, cases, strict=True):
            assert row["warnings"] == _codes(statute, case), (in_force, superseded, case)


def test_a_statute_resting_on_secondary_sources_lists_no_source_warning() -> None:
    """The source warnings depend on the provisions that decide: the column leaves them
    out, and lists the case's warnings only (here, not-law)."""
    statute = trustlaw.load("ct/hb7211-raised-2025")
    case = {"date": "2025-11-01", "agency": "state_police",
            "charges": [{"court": "this_state", "probable_cause_found": True}]}
    codes = [w["code"] for w in statute.decide(case).warnings]
    assert SOURCE_CODES & set(codes)  # the decision has them
    (row,) = evaluate([statute], [case], warnings=True)
    assert row["warnings"] == [c for c in codes if c not in SOURCE_CODES] == ["not-law"]


def test_a_hold_not_prohibited_of_a_recorded_citizen_is_flagged_in_the_row() -> None:
    """`citizen`: the row's hold is permitted under a law with no rule on citizens, and
    the case records a citizen; a law that prohibits the hold, or a person not recorded
    as a citizen, gets none, nor does a law with a rule of its own on citizens."""
    felon = {"date": "2015-03-02", "agency": "state_corrections", "charges": [],
             "warrants": [], "convictions": [{"level": "felony", "court": "this_state",
                                              "youthful_offender": False, "vacated": False}]}
    citizen = {**felon, "person": {"us_citizen": True}}
    no_record = {**citizen, "convictions": [],
                 "request": {"form": "I-247", "judicial_warrant": False},
                 "person": {"us_citizen": True, "gang_database": False,
                            "security_risk_group": False, "terrorist_watchlist_match": False,
                            "final_removal_order": False, "public_safety_risk": False}}
    statutes = [trustlaw.load("ct/pa-13-155"), trustlaw.load("us/detainer-regulation")]
    rows = evaluate(statutes, [citizen, {**felon, "person": {"us_citizen": False}}, no_record],
                    warnings=True)
    assert [(r["statute"], r["hold"], r["warnings"]) for r in rows] == [
        ("ct/pa-13-155", "permitted", ["citizen"]),
        ("us/detainer-regulation", "prohibited", []),  # its own rule on citizens
        ("ct/pa-13-155", "permitted", []),
        ("us/detainer-regulation", "permitted", []),
        ("ct/pa-13-155", "prohibited", []),  # nothing to flag where no hold is allowed
        ("us/detainer-regulation", "prohibited", []),
    ]


def _cases_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in [
        {"id": "none", "date": "2016-05-05"},
        {"id": "two", "date": "2010-01-01", "request": {
            "kinds": ["hold"], "form": "I-247N", "judicial_warrant": True}},
        {"id": "bad", "date": "not a date"},
    ]) + "\n", encoding="utf-8")
    return path


EXPECTED = {  # ct/pa-13-155, ca/sb54-2017 (in force from 2018-01-01; reads the signer)
    "none": ([], ["not-in-force"]),
    "two": (["not-in-force", "request-contradicts-form"],
            ["not-in-force", "signer-not-stated", "request-contradicts-form"]),
    "bad": (None, None),
}
STATUTES = ("ct/pa-13-155", "ca/sb54-2017")


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_output_format_writes_the_column(tmp_path: Path, fmt: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"out.{fmt}"
    code, _, _ = run(capsys, "batch", *STATUTES, "--cases", str(_cases_file(tmp_path)),
                     "--out", str(out), "--warnings")
    assert code == 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.column_names == [*COLUMNS, "warnings"]
        assert table.schema.field("warnings").type == pa.list_(pa.string())
        got = table.to_pylist()
    elif fmt == "jsonl":
        got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert all(list(row) == [*COLUMNS, "warnings"] for row in got)
    else:
        with out.open(encoding="utf-8", newline="") as handle:
            got = list(csv.DictReader(handle))
        assert list(got[0]) == [*COLUMNS, "warnings"]
    for case_id, expected in EXPECTED.items():
        rows = [row for row in got if row["case_id"] == case_id]
        assert [row["statute"] for row in rows] == list(STATUTES)
        for row, codes in zip(rows, expected, strict=True):
            if fmt == "csv":  # the list's JSON text; an error row's cell alone is empty
                assert row["warnings"] == ("" if codes is None
                                          else json.dumps(codes, separators=(",", ":")))
            else:
                assert row["warnings"] == codes


ONE_STATUTE = {  # ct/pa-13-155: a row with no warning, one with two, one in error
    "none": [], "two": ["not-in-force", "request-contradicts-form"], "bad": None}
CSV_CELLS = {"none": "[]", "two": '["not-in-force","request-contradicts-form"]', "bad": ""}


def test_no_warning_and_an_error_row_differ_in_every_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A row decided with no warning has an empty list, a row in error null, in every
    output format and in the Python table, so that a researcher never reads a case that
    could not be decided as one free of warnings (docs/batch.md, "Output columns"). In
    CSV the cell is the list's JSON text (`[]` for none), as a case file's list cells
    are, and the empty cell is an error row's alone."""
    cases = _cases_file(tmp_path)
    for fmt in FORMATS:
        out = tmp_path / f"one.{fmt}"
        code, _, _ = run(capsys, "batch", "ct/pa-13-155", "--cases", str(cases),
                         "--out", str(out), "--warnings")
        assert code == 0
        if fmt == "csv":
            with out.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            assert {r["case_id"]: r["warnings"] for r in rows} == CSV_CELLS
            # read back as the docs say, the cells give the JSON-lines values
            assert {r["case_id"]: json.loads(r["warnings"]) if r["warnings"] else None
                    for r in rows} == ONE_STATUTE
            assert all((r["warnings"] == "") == (r["error"] != "") for r in rows)
        elif fmt == "jsonl":
            lines = out.read_text(encoding="utf-8").splitlines()
            assert {json.loads(line)["case_id"]: json.loads(line)["warnings"]
                    for line in lines} == ONE_STATUTE
            assert '"warnings": []' in lines[0] and '"warnings": null' in lines[2]
        else:
            import pyarrow.parquet as pq

            table = pq.read_table(out)
            assert table.column("warnings").null_count == 1
            assert dict(zip(table.column("case_id").to_pylist(),
                            table.column("warnings").to_pylist(), strict=True)) == ONE_STATUTE
    table = trustlaw.batch("ct/pa-13-155", cases, warnings=True)
    assert table.column("warnings").null_count == 1
    assert {r["case_id"]: r["warnings"] for r in table.to_pylist()} == ONE_STATUTE
    frame = trustlaw.batch("ct/pa-13-155", cases, warnings=True, output="pandas")
    by_id = dict(zip(frame["case_id"], frame["warnings"], strict=True))
    assert by_id["bad"] is None and len(by_id["none"]) == 0 and by_id["none"] is not None
    assert list(by_id["two"]) == ONE_STATUTE["two"]


def test_without_the_flag_the_output_is_unchanged(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cases = _cases_file(tmp_path)
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        code, _, _ = run(capsys, "batch", *STATUTES, "--cases", str(cases), "--out", str(out))
        assert code == 0
        if fmt == "csv":
            header = out.read_text(encoding="utf-8").splitlines()[0]
            assert header == ",".join(COLUMNS)
        elif fmt == "jsonl":
            first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
            assert list(first) == list(COLUMNS)
        else:
            import pyarrow.parquet as pq

            assert pq.read_table(out).column_names == list(COLUMNS)
    assert trustlaw.batch(list(STATUTES), cases).column_names == list(COLUMNS)


def test_the_python_api_takes_warnings_true_or_false_only(tmp_path: Path) -> None:
    cases = _cases_file(tmp_path)
    table = trustlaw.batch(list(STATUTES), cases, warnings=True, output="pandas")
    assert list(table.columns) == [*COLUMNS, "warnings"]
    with pytest.raises(trustlaw.UsageError, match=r"batch\(warnings=…\)"):
        trustlaw.batch(list(STATUTES), cases, warnings="yes")


def test_bare_programs_have_no_case_warnings_to_list() -> None:
    program = trustlaw.load("ct/pa-13-155").program
    with pytest.raises(trustlaw.UsageError, match="no case warnings"):
        evaluate([program], [{}], warnings=True)
