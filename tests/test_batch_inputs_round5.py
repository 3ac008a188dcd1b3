"""A researcher's own data through the batch path (docs/batch.md), fifth round: what a
caseload held in Python, or written by other tools, does to `trustlaw.batch`, `impact`,
`compare(cases=…)` and `write_cases`, each case's row equal to `decide()` or a clear
usage error naming what to give instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import trustlaw
from trustlaw.caseload.impact import impact
from trustlaw.diagnostics import UsageTypeError

CT = "ct/pa-13-155"
CASES: list[dict[str, Any]] = [
    {"id": "a", "date": "2015-03-02", "agency": "state_corrections",
     "person": {"age": 34, "gang_database": True}, "convictions": []},
    {"id": "b", "date": "2015-03-02", "person": {"gang_database": False}},
]


# ---- a data frame is not an iterable of cases ----------------------------------------------

@pytest.mark.parametrize("library", ["pandas", "polars"])
@pytest.mark.parametrize("where", ["decide_many"])
def test_a_data_frame_of_cases_is_refused_saying_how_to_give_its_rows(
        library: str, where: str) -> None:
    """Iterating a pandas DataFrame gives its column names, a polars one its columns:
    `trustlaw.batch(CT, frame)` used to decide each column as a case, a table of rows
    `case: expected an object …, got "date"`, one per column and none per case.
    (`trustlaw.batch` and `impact` now take the frame in the Parquet case layout as it
    is, row for row as its Parquet file: tests/test_batch_frames.py.)"""
    frame = pytest.importorskip(library).DataFrame(CASES)
    with pytest.raises(UsageTypeError) as caught:
        list(trustlaw.decide_many(CT, frame))
    message = str(caught.value)
    assert caught.value.diagnostics[0].code == "TL-U020"
    assert f"not a {library} DataFrame, which iterates over its column" in message
    assert ("to_dicts()" if library == "polars" else 'to_dict("records")') in message


def test_the_rows_the_refusal_advises_are_decided_as_the_cases() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(CASES)  # b's agency and age are NaN in the frame
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    table = trustlaw.batch(CT, rows).to_pylist()
    statute = trustlaw.load(CT)
    for case, row in zip(CASES, table, strict=True):
        decision = statute.decide(case)
        assert row["error"] is None
        assert row["hold"] == decision.outcomes["hold"]
        assert row["max_hold_hours"] == decision.max_hold.hours


def test_compare_counting_a_data_frame_refuses_it_too() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("z3")
    with pytest.raises(UsageTypeError, match="not a pandas DataFrame"):
        trustlaw.compare(CT, "ct/pa-19-20", cases=pd.DataFrame(CASES))


# ---- the statutes: any iterable of them; bytes or a dict refused as batch's ----------------

def test_statutes_from_a_generator_are_decided_in_order() -> None:
    """A generator of ids used to be taken for one statute: `load() takes a statute id …,
    not a generator`."""
    ids = (i for i in (CT, "ca/sb54-2017"))
    table = trustlaw.batch(ids, CASES[:1]).to_pylist()
    assert [row["statute"] for row in table] == [CT, "ca/sb54-2017"]
    counted = impact((i for i in (CT,)), CASES)
    assert counted.statutes == (CT,) and counted.cases == len(CASES)


@pytest.mark.parametrize("statutes", [CT.encode(), {CT: "2013"}])
@pytest.mark.parametrize("where", ["batch", "impact"])
def test_statutes_as_bytes_or_a_dict_are_refused_as_the_callers(statutes: Any,
                                                                  where: str) -> None:
    """`trustlaw.batch(b"ct/pa-13-155", cases)` used to read the bytes as a sequence of
    ids and said `load() takes a statute id …, not an int`."""
    with pytest.raises(UsageTypeError) as caught:
        if where == "batch":
            trustlaw.batch(statutes, CASES)
        else:
            impact(statutes, CASES)
    message = str(caught.value)
    assert message.startswith(f"error[TL-U020]: {where}(statutes=…) takes a statute")
    assert "not an int" not in message and "load()" not in message


# ---- write_cases: the empty text has no CSV cell ------------------------------------------

@pytest.mark.parametrize("case", [
    {"id": "a", "date": "2015-03-02", "agency": ""},
    {"id": "b", "date": ""},
    {"id": "c", "date": "2015-03-02", "request": {"form": ""}},
    {"id": "", "date": "2015-03-02"},
])
def test_write_cases_refuses_an_empty_text_a_csv_file_would_read_as_unknown(
        tmp_path: Path, case: dict[str, Any]) -> None:
    """`decide()` refuses `"agency": ""`; written to CSV it used to become an empty cell,
    read back as an unknown agency, and the batch decided the case (`hold undetermined`)."""
    from trustlaw.caseload.io import write_cases

    statute = trustlaw.load(CT)
    with pytest.raises(trustlaw.CaseError, match='is the empty text "", which a CSV file '
                       "would read back as unknown"):
        write_cases([case], tmp_path / "cases.csv", statute.vocabulary)
    assert not (tmp_path / "cases.csv").exists()
    write_cases([case], tmp_path / "cases.jsonl", statute.vocabulary)  # kept as given
    (row,) = trustlaw.batch(statute, tmp_path / "cases.jsonl").to_pylist()
    if case["id"]:
        with pytest.raises(trustlaw.CaseError):
            statute.decide(case)
        assert row["error"] is not None and row["case_id"] == case["id"]
    else:
        assert row["case_id"] == ""


def test_write_cases_still_writes_an_empty_text_inside_a_list(tmp_path: Path) -> None:
    """A list is one cell of JSON text, where "" stays "": its row is in error, as
    `decide()` has it."""
    from trustlaw.caseload.io import write_cases

    statute = trustlaw.load(CT)
    case = {"id": "k", "date": "2015-03-02", "request": {"kinds": [""]}}
    write_cases([case], tmp_path / "cases.csv", statute.vocabulary)
    (row,) = trustlaw.batch(statute, tmp_path / "cases.csv").to_pylist()
    assert row["error"] == ('request.kinds[0]: expected one of hold, notification, '
                            'transfer, interview, got ""')


# ---- a compressed case file -------------------------------------------------------------

def test_a_compressed_case_file_is_refused_saying_to_decompress_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The help used to say `name it .jsonl, .csv or .parquet`: renamed so, a gzip file
    is read as text, every line of it an error row (`line 1 is not valid UTF-8 …`)."""
    import gzip

    from trustlaw.cli import main

    source = tmp_path / "cases.jsonl.gz"
    source.write_bytes(gzip.compress(b'{"date":"2015-03-02"}\n'))
    assert main(["batch", CT, "--cases", str(source), "--out", str(tmp_path / "o.jsonl")]) == 2
    _, err = capsys.readouterr()
    assert "a compressed file is not read: decompress it first (to `cases.jsonl`)" in err
    assert "name it .jsonl" not in err
    source.with_suffix("").write_bytes(gzip.decompress(source.read_bytes()))
    assert main(["batch", CT, "--cases", str(source.with_suffix("")),
                 "--out", str(tmp_path / "o.csv.gz")]) == 2
    _, err = capsys.readouterr()
    assert "a compressed file is not written: write the rows to a .parquet file" in err


# ---- a draft named by the id `trustlaw list --drafts` prints ---------------------------------

def test_a_bundled_drafts_id_is_refused_naming_its_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`trustlaw list --drafts` prints a draft's id first; given to `batch`, it used to get
    `did you mean ct/pa-13-155?`, the law the draft amends, whose rows are not the draft's."""
    from trustlaw.cli import main
    from trustlaw.library.loader import bundled_drafts

    draft_id, path = next(iter(sorted(bundled_drafts().items())))
    source = tmp_path / "cases.jsonl"
    source.write_text('{"date":"2015-03-02"}\n', encoding="utf-8")
    assert main(["batch", draft_id, "--cases", str(source),
                 "--out", str(tmp_path / "o.jsonl")]) == 2
    _, err = capsys.readouterr()
    assert f"`{draft_id}` is a bundled draft, a proposal that no id loads: give its file, " \
           f"{path}" in err
    assert "did you mean" not in err
    (row,) = trustlaw.batch(path, source).to_pylist()  # as the help says
    assert row["statute"] == draft_id and row["error"] is None
