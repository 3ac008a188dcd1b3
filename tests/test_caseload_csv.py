"""A CSV caseload is read a chunk of columns at a time and decided in DuckDB: the same
rows as the row route, whatever a row holds (trustlaw.caseload.csv_columns).

Each row below is made to break one rule the row route enforces (a boolean with
spaces or a separator Python strips, 34.0 for a whole number, 20 digits, a day that does
not exist, a list cell that is not one JSON list, bytes that are not UTF-8, a row of the
wrong width, …) or none; the two routes must give the same table."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from row_route import routed, same_rows

import trustlaw
from trustlaw.backends.sql import DuckDBEngine
from trustlaw.caseload import by_columns, csv_columns, jsonl_columns, run
from trustlaw.caseload.io import leaf_types
from trustlaw.caseload.run import decide_tables, run_batch
from trustlaw.cases.limits import MAX_CASE_CHARS
from trustlaw.cli import main
from trustlaw.diagnostics import UsageError
from trustlaw.library.loader import available
from trustlaw.testing.strategies import cases as case_strategy

STATUTES = [trustlaw.load(statute_id) for statute_id in available()]
VOCAB = STATUTES[0].vocabulary
HEADER = list(dict.fromkeys(["id", *leaf_types(VOCAB)]))


class Raw:
    """A cell written as it is, quotes and all (``""``, ``"ab"c``)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _quoted(cell: str | Raw) -> str:
    if isinstance(cell, Raw):
        return cell.text
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _row(cells: Sequence[str | Raw]) -> str:
    return ",".join(map(_quoted, cells))


def _cells(case: dict[str, Any], prefix: str = "") -> dict[str, str | Raw]:
    """The case's cells by column, as `write_cases` writes them (absent: no cell)."""
    out: dict[str, str | Raw] = {}
    for key, value in case.items():
        if isinstance(value, dict):
            out.update(_cells(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out[prefix + key] = json.dumps(value, separators=(",", ":"))
        elif isinstance(value, bool):
            out[prefix + key] = "true" if value else "false"
        else:
            out[prefix + key] = str(value)
    return out


BOOL, INT, HOURS, DATE, AGENCY = ("person.final_removal_order", "person.age",
                                  "request.hours_requested", "date", "agency")
WARRANTS, KINDS, CONVICTIONS = "warrants", "request.kinds", "convictions"
NOT_UTF8 = "a\udcffb"  # written with surrogateescape: the byte 0xFF
CELLS: dict[str, tuple[str, str | Raw]] = {
    # booleans: any case, spaces as Python's str.strip() has them, nothing else
    "true spaced": (BOOL, " true "), "TRUE": (BOOL, "TRUE"), "True, a tab": (BOOL, "True\t"),
    "a separator, true": (BOOL, "\x1ctrue"), "a no-break space, false": (BOOL, "\xa0false"),
    "yes": (BOOL, "yes"), "1 for true": (BOOL, "1"), "0 for false": (BOOL, "0"),
    "T": (BOOL, "T"), "text for a flag": (BOOL, "maybe"), "NA for a flag": (BOOL, "NA"),
    "true, a newline": (BOOL, "true\n"), "a vertical tab, true": (BOOL, "\x0btrue\x0c"),
    # whole numbers: -?[0-9]{1,19} after strip(), else text
    "34 spaced": (INT, " 34 "), "0034": (INT, "0034"), "-0": (INT, "-0"), "+34": (INT, "+34"),
    "34.0": (INT, "34.0"), "3e1": (INT, "3e1"), "arabic digits": (INT, "٣٤"),
    "a superscript": (INT, "²"), "19 digits": (INT, "1234567890123456789"),
    "20 digits": (INT, "12345678901234567890"), "int64 min": (INT, "-9223372036854775808"),
    "int64 max + 1": (INT, "9223372036854775808"),
    "19 digits, negative": (INT, "-9999999999999999999"),
    "an ideographic space": (INT, "\u300034"), "3 4": (INT, "3 4"), "NaN age": (INT, "NaN"),
    "a minus": (INT, "-"), "131": (INT, "131"), "-1": (INT, "-1"), "0x22": (INT, "0x22"),
    "18 digits": (INT, "999999999999999999"), "-18 digits": (INT, "-999999999999999999"),
    "a vertical tab, 34": (INT, "\x0b34\x0c"),
    "hours spaced": (HOURS, " 48"), "hours 48.5": (HOURS, "48.5"), "hours 0": (HOURS, "0"),
    # dates, enums, text
    "a day that is not": (DATE, "2013-02-30"), "a space before a date": (DATE, " 2013-02-03"),
    "a space after a date": (DATE, "2013-02-03 "), "a short date": (DATE, "2013-2-3"),
    "a leap day": (DATE, "2012-02-29"), "year zero": (DATE, "0000-01-01"),
    "a date and time": (DATE, "2013-02-03T00:00"), "a basic date": (DATE, "20130203"),
    "N/A date": (DATE, "N/A"), "the last day": (DATE, "9999-12-31"),
    "the first day": (DATE, "0001-01-01"), "a wide digit": (DATE, "\uff12013-02-03"),
    "an arabic digit": (DATE, "2013-02-0\u0663"), "an unknown agency": (AGENCY, "sheriff"),
    "a unicode agency": (AGENCY, "policía"), "NA agency": (AGENCY, "NA"),
    "null agency": (AGENCY, "null"), "a spaced agency": (AGENCY, " county_jail"),
    "a capital agency": (AGENCY, "County_Jail"), "a nul in an enum": (AGENCY, "county_jail\x00"),
    "a unicode id": ("id", "booking 7 — ünïcode\u2028"), "a long id": ("id", "x" * 201),
    "a 200 id": ("id", "y" * 200), "200 emoji": ("id", "\U0001f600" * 200),
    "201 accents": ("id", "\u00e9" * 201), "a newline in an id": ("id", "a\nb"),
    "a CR LF in an id": ("id", "a\r\nb"), "a CR in an id": ("id", "a\rb"),
    "null id": ("id", "null"), "a nul id": ("id", "a\x00b"), "a BOM id": ("id", "\ufeffa"),
    # empty and quoted cells
    "an empty date": (DATE, ""), "an empty agency": (AGENCY, ""), "an empty id": ("id", ""),
    "a quoted empty cell": (INT, Raw('""')), "a cell of two quotes": ("id", Raw('""""""')),
    "a quote inside": ("id", Raw('a"b')), "text after a quote": ("id", Raw('"ab"c')),
    "a space before a quote": ("id", Raw(' "ab"')), "a quoted flag": (BOOL, Raw('"true"')),
    # bytes that are not UTF-8
    "not UTF-8 in an id": ("id", NOT_UTF8), "not UTF-8 in an enum": (AGENCY, NOT_UTF8),
    "not UTF-8 in a list": (KINDS, '["ho\udcffld"]'), "not UTF-8 in a flag": (BOOL, NOT_UTF8),
    "an encoded surrogate": ("id", "a\udced\udca0\udc80"),
    "an overlong slash": ("id", "\udcc0\udcaf"),
    # list cells: exactly one JSON list, within the case limits
    "[]": (WARRANTS, "[]"), "an unknown list": (WARRANTS, ""), "invalid JSON": (WARRANTS, "["),
    "a key twice in an element": (WARRANTS, '[{"kind": "criminal", "kind": "criminal"}]'),
    "key injection": (WARRANTS, '[], "w": 1'),
    "a list injected": (WARRANTS, '[], "convictions": []'),
    "an object injected": (WARRANTS, '[]} {"v": []'),
    "an element injected": (WARRANTS, '[]}, {"v": [1]'),
    "an object for a list": (WARRANTS, '{"kind": "criminal"}'),
    "a space before []": (WARRANTS, " []"),
    "a space after []": (WARRANTS, "[] "), "null list": (WARRANTS, "null"),
    "[null]": (WARRANTS, "[null]"), "deep": (WARRANTS, "[" * 200 + "]" * 200),
    "64 deep": (KINDS, "[" * 64 + "]" * 64), "65 deep": (KINDS, "[" * 65 + "]" * 65),
    "NaN in a list": (CONVICTIONS, '[{"age_at_judgment": NaN}]'),
    "an escape": (WARRANTS, '[{"kind": "crim\\u0069nal"}]'), "a raw tab": (KINDS, '["ho\tld"]'),
    "a newline in a list": (WARRANTS, '[{"kind":\n"criminal"}]'), "a CR in a list": (KINDS, "[\r]"),
    "a list of a string": (KINDS, '"[]"'), "[1]": (KINDS, "[1]"), "[{}]": (WARRANTS, "[{}]"),
    "a null kind": (WARRANTS, '[{"kind": null}]'), "a kind twice": (KINDS, '["hold", "hold"]'),
    "a field outside an element": (WARRANTS, '[{"remarks": 1}]'), "[true]": (KINDS, "[true]"),
    "a day that is not, in a list": (CONVICTIONS, '[{"level": "felony", "date": "2013-02-30"}]'),
    "34.0 in a list": (CONVICTIONS, '[{"level": "felony", "age_at_judgment": 34.0}]'),
    "a huge number in a list": (CONVICTIONS, '[{"age_at_judgment": 99999999999999999999}]'),
    "a nul after a list": (WARRANTS, "[]\x00"), "two lists": (WARRANTS, "[][]"),
    "too many elements": (WARRANTS, "[" + ", ".join(["{}"] * 1_001) + "]"),
    "an escaped nul in a list": (KINDS, '["\\u0000"]'), "a lone surrogate": (KINDS, '["\\ud800"]'),
    "a unicode value in a list": (WARRANTS, '[{"kind": "cr\u00edminal \U0001f600"}]'),
    "a trailing comma": (WARRANTS, '[{"kind": "criminal"},]'), "a comment": (KINDS, "[/**/]"),
    "a form feed in a list": (KINDS, "[\x0c]"), "single quotes": (KINDS, "['hold']"),
    "1e400 in a list": (CONVICTIONS, '[{"age_at_judgment": 1e400}]'),
    "-0 in a list": (CONVICTIONS, '[{"level": "felony", "age_at_judgment": -0}]'),
    "past int64 in a list": (CONVICTIONS, '[{"age_at_judgment": 9223372036854775808}]'),
}
ROWS = {"blank": "", "spaces": "   ", "a form feed": "\x0c", "the header again": ",".join(HEADER)}
FAULTS = ("none",) * 8 + tuple(CELLS) + tuple(ROWS) + (
    "fewer cells", "more cells", "every cell empty", "a row longer than a case",
    "a long row over lines", "an unterminated quote", "a list injected, its cell empty",
    "records injected, their cell empty", "a line at the limit", "a line past the limit",
    "a row at the limit over lines", "a row past the limit over lines")
BREAKS = ("\n", "\n", "\r\n", "\r")


def _faulty(case: dict[str, Any], fault: str, header: list[str]) -> str:
    """The row of `case` with `fault` in it (without its line break)."""
    if fault in ROWS:
        return ROWS[fault]
    cells = _cells(case)
    if fault in CELLS:
        column, value = CELLS[fault]
        cells[column] = value
    elif fault == "every cell empty":
        cells = {}
    elif fault == "a row longer than a case":  # one line past any case
        cells["id"] = "x" * MAX_CASE_CHARS
    elif fault == "a long row over lines":  # each line within a case, the row not
        cells["id"] = "x" * 500_000 + "\n" + "x" * 400_000
        cells[AGENCY] = "y" * 100_000 + "\n" + "y" * 200_000
    elif fault == "an unterminated quote":
        cells["id"] = Raw('"abc')
    elif fault == "a list injected, its cell empty":  # a JSON object of the row's lists
        cells[WARRANTS], cells[CONVICTIONS] = '[], "convictions": []', ""  # would take it
    elif fault == "records injected, their cell empty":
        cells[KINDS], cells[WARRANTS] = '["hold"], "warrants": [{"kind": "criminal"}]', ""
    elif fault.startswith("a row") and fault.endswith("the limit over lines"):
        cells["id"] = "x" * 500_000 + "\n" + "x" * 200_000  # the row's characters, a
        rest = MAX_CASE_CHARS + ("past" in fault) - 700_001 - sum(  # line each within
            len(str(cell)) for column, cell in cells.items() if column not in ("id", AGENCY))
        cells[AGENCY] = "y" * (rest - 101) + "\n" + "y" * 100
    row = _row([cells.get(column, "") for column in header])
    if fault.startswith("a line") and fault.endswith("the limit"):  # the line's characters
        cells["id"] = "x" * (MAX_CASE_CHARS - len(row) + len(str(cells.get("id", "")))
                             + ("past" in fault))
        row = _row([cells.get(column, "") for column in header])
    if fault == "fewer cells":
        return row.rsplit(",", 1)[0]
    return row + ",x" if fault == "more cells" else row


def _write(path: Path, header: list[str], rows: list[tuple[str, str]], end: str = "") -> None:
    """The header and rows (text, line break) as a file; a lone surrogate is its byte."""
    text = ",".join(header) + "\n" + "".join(row + brk for row, brk in rows) + end
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def _by_rows(statutes: list[Any], path: Path, monkeypatch: pytest.MonkeyPatch) -> pa.Table:
    """The row route's table: each row decoded and validated in Python. (`by_columns`
    may hold `csv_plan` by its own name: it is turned off there too, and every output
    row is checked to have come from the row route.)"""
    with monkeypatch.context() as patched:
        patched.setattr(csv_columns, "csv_plan", lambda *args: None)
        patched.setattr(by_columns, "csv_plan", lambda *args: None, raising=False)
        taken = routed(patched)
        table = trustlaw.batch(statutes, path)
    assert sum(taken) * len(statutes) == table.num_rows
    return table


def _planned(statutes: list[Any], path: Path) -> bool:
    with DuckDBEngine() as engine:
        return csv_columns.csv_plan(statutes, path, engine) is not None


def _same(statutes: list[Any], path: Path, monkeypatch: pytest.MonkeyPatch,
          chunk: int = run.CHUNK, *, column_route: bool = True) -> pa.Table:
    assert _planned(statutes, path) or not column_route  # else a test that cannot fail
    return same_rows(statutes, path, lambda: _by_rows(statutes, path, monkeypatch), chunk)


@st.composite
def caseload(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]], str]:
    header = draw(st.permutations(HEADER)) if draw(st.booleans()) else HEADER
    rows = []
    for case in draw(st.lists(case_strategy(VOCAB, unknown_rate=0.2), min_size=1,
                              max_size=8)):
        fault = draw(st.sampled_from(FAULTS))
        rows.append((_faulty(case, fault, header), draw(st.sampled_from(BREAKS))))
    return header, rows, draw(st.sampled_from(("", "\n", "\r\n")))


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(caseload(), st.booleans())
def test_every_statute_gives_the_row_routes_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        drawn: tuple[list[str], list[tuple[str, str]], str], split_small: bool) -> None:
    header, rows, end = drawn
    path = tmp_path / "cases.csv"
    _write(path, header, rows, end)
    with monkeypatch.context() as patched:
        if split_small:  # split a refused part down to single rows
            patched.setattr(jsonl_columns, "_SMALLEST", 1)
            patched.setattr(jsonl_columns, "_SPLIT", 2)
        _same(STATUTES, path, monkeypatch, chunk=5)


GOOD: dict[str, Any] = {"date": "2015-03-02", "agency": "municipal_police", "id": "c1",
        "person": {"age": 34, "final_removal_order": True},
        "request": {"kinds": ["hold"], "hours_requested": 48},
        "warrants": [{"kind": "criminal"}],
        "convictions": [{"level": "felony", "date": "2010-05-01"}]}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_gives_the_row_routes_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             fault: str) -> None:
    path = tmp_path / "cases.csv"
    good = _faulty(GOOD, "none", HEADER)
    _write(path, HEADER, [(good, "\n"), (_faulty(GOOD, fault, HEADER), "\r\n"), (good, "\r")])
    table = _same(STATUTES[:2], path, monkeypatch)
    assert table.column("error").to_pylist()[:2] == [None, None]  # the first row is good


def _header_file(path: Path, header: list[str], cases: list[dict[str, Any]]) -> None:
    _write(path, header, [(_row([_cells(c).get(col, "") for col in header]), "\n")
                          for c in cases])


CASES = [GOOD, {**GOOD, "id": "c2", "person": {"age": 19}}, {"date": "2014-01-01"},
         {**GOOD, "id": "c4", "agency": "sheriff"}]


@pytest.mark.parametrize("header", [
    ["date", "agency"],  # most columns missing
    HEADER[::-1],  # an unusual order
    [c for c in HEADER if c != "id"],  # no id
    ["person.age", "convictions", "date", "id"],
], ids=["a few columns", "reversed", "no id", "id last"])
def test_a_header_of_its_own_gives_the_row_routes_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, header: list[str]) -> None:
    path = tmp_path / "cases.csv"
    _header_file(path, header, CASES)
    table = _same(STATUTES[:2], path, monkeypatch)
    ids = table.column("case_id").to_pylist()[::2]
    assert ids == (["c1", "c2", "2", "c4"] if "id" in header else ["0", "1", "2", "3"])


@pytest.mark.parametrize("extra", [
    ["remarks"], ["person"], ["person.remarks"], ["request"], ["date.day"],
    ["person", "person.age"], ["person.age", "person"]])
def test_a_column_outside_the_layout_is_every_rows_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]) -> None:
    path = tmp_path / "cases.csv"
    header = [c for c in HEADER[:5] if c not in extra] + extra
    filled = [_row([*map(_cells(c).get, header[:-len(extra)], [""] * 5), *["x"] * len(extra)])
              for c in CASES]  # the columns filled in, then left empty
    _write(path, header, [(row, "\n") for row in filled] + [
        (_row(["c5", "2015-03-02"] + [""] * (len(header) - 2)), "\n")])
    table = _same(STATUTES[:2], path, monkeypatch, column_route=False)
    errors = table.column("error").to_pylist()
    # the row that leaves them empty too: it used to be decided, so that only the rows
    # that filled in a misspelt column were refused (a selection no message told of)
    assert all(errors) and len(errors) == 2 * (len(CASES) + 1)
    assert len({re.sub(r"row \d+, ", "", error) for error in errors}) == 1  # alike


@pytest.mark.parametrize("data", [
    b"id,date,id\na,2015-03-02,b\n",  # a column named twice
    b"id,da\xfft\na,2015-03-02\n",  # a name that is not UTF-8
    b'id,"da\nte"\na,2015-03-02\n',  # a name over two lines (a stray quote, or no name)
], ids=["a column twice", "not UTF-8", "a name over lines"])
def test_a_header_that_cannot_be_read_is_refused_by_both_routes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    with pytest.raises(UsageError) as by_columns_error:
        pa.concat_tables(list(decide_tables(STATUTES[:1], path)))
    with pytest.raises(UsageError) as by_rows_error:
        _by_rows(STATUTES[:1], path, monkeypatch)
    assert [d.code for d in by_columns_error.value.diagnostics] == ["TL-U005"]
    assert str(by_columns_error.value) == str(by_rows_error.value)


@pytest.mark.parametrize(("data", "errors"), [
    (b"\xef\xbb\xbfid,date\r\na,2015-03-02\r\n", 0),  # a byte-order mark, CR LF
    (b"id,date\rb,2015-03-02\r\rc,2015-03-02", 0),  # CR alone, a blank row, no last break
    (b"id,date\n", 0),  # the header alone
    (b'"id","date"\n"a","2015-03-02"\n', 0),  # every name and cell quoted
    (b"id,,date\na,,2015-03-02\nb,x,2015-03-02\n", 1),  # a column without a name
    (b"\nid,date\na,2015-03-02\n", 2),  # a blank first line: a header of no columns
    (b'id,date\na,"2015-03-02\n', 1),  # a quote left open to the end
    (b"id,date\n,\na,2015-03-02\n,\r\n", 0),  # rows of bare commas: no rows
], ids=["a BOM", "CR", "header alone", "all quoted", "no name", "blank first", "open quote",
        "bare commas"])
def test_a_file_of_its_own_gives_the_row_routes_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, errors: int) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    table = _same(STATUTES[:2], path, monkeypatch)
    assert table.num_rows - table.column("error").null_count == 2 * errors


def test_a_clean_file_is_read_whole_by_the_columns(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cases.csv"
    good = [{**GOOD, "id": f"c{i}", "person": {"age": 20 + i % 50,
                                              "final_removal_order": i % 2 == 0},
             "convictions": GOOD["convictions"] * (i % 3)} for i in range(300)]
    _header_file(path, HEADER, good)
    taken = routed(monkeypatch)
    table = trustlaw.batch(STATUTES[:2], path)
    assert sum(taken) == 0  # the row route took none of them
    assert table.num_rows == 600 and table.column("error").null_count == 600
    assert table.equals(_same(STATUTES[:2], path, monkeypatch))


@pytest.mark.parametrize(("column", "cell"), [
    (WARRANTS, '[{"kind": "criminal", "kind": "criminal"}]'),  # a list cell: its part
    (INT, "34.0"), (DATE, "2013-02-30"), (BOOL, "yes"),  # a scalar cell: its row at most
])
def test_a_rare_bad_row_sends_only_its_part_to_the_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str, cell: str) -> None:
    path = tmp_path / "cases.csv"
    header = list(dict.fromkeys(["id", "date", column]))
    rows = [{"id": f"c{i}", "date": "2015-03-02"} for i in range(2_000)]
    rows[1_234] = {"id": "bad", "date": "2015-03-02", column: cell}
    _write(path, header, [(_row([r.get(c, "") for c in header]), "\n") for r in rows])
    taken = routed(monkeypatch)
    table = trustlaw.batch(STATUTES[:1], path)
    sent = sum(taken)
    errors = [i for i, e in enumerate(table.column("error").to_pylist()) if e]
    assert errors == [1_234]  # and its error the row route's:
    assert table.equals(_same(STATUTES[:1], path, monkeypatch))
    if column == WARRANTS:  # a key twice is no list DuckDB reads: Python says so
        assert 0 < sent <= jsonl_columns._SMALLEST
    else:
        assert sent <= 1


@pytest.mark.parametrize("out_name", ["a.jsonl", "a.csv", "a.parquet"])
def test_the_command_reads_through_the_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               out_name: str) -> None:
    path = tmp_path / "cases.csv"
    good = (_faulty(GOOD, "none", HEADER), "\n")
    bad = (_faulty(GOOD, "a key twice in an element", HEADER), "\r\n")
    # the last row has its id alone: a case of unknown facts (a row of bare commas would
    # be no row at all, as a blank line is)
    _write(path, HEADER, [good] * 250 + [bad, ("", "\n"),
                                         (_row(["x"] + [""] * (len(HEADER) - 1)), "\n")])
    ids = [s.id for s in STATUTES[:2]]
    assert _planned(STATUTES[:2], path)
    taken = routed(monkeypatch)
    by_columns_summary = run_batch(ids, path, tmp_path / out_name)
    assert 0 < sum(taken) <= jsonl_columns._SMALLEST  # the bad row's part of the file
    with monkeypatch.context() as patched:
        patched.setattr(csv_columns, "csv_plan", lambda *args: None)
        patched.setattr(by_columns, "csv_plan", lambda *args: None, raising=False)
        by_rows_summary = run_batch(ids, path, tmp_path / f"b{Path(out_name).suffix}")
    assert by_columns_summary == by_rows_summary
    assert by_columns_summary.cases == 252 and by_columns_summary.errors == 1
    assert (tmp_path / out_name).read_bytes() == (
        tmp_path / f"b{Path(out_name).suffix}").read_bytes()


def test_a_synthetic_caseload_gives_the_row_routes_rows(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "X.csv"
    assert main(["synth", "--n", "300", "--seed", "3", "--format", "csv",
                 "--out", str(path)]) == 0
    taken = routed(monkeypatch)
    table = trustlaw.batch(STATUTES, path)
    assert sum(taken) == 0  # the columns decided every case
    assert table.num_rows == 300 * len(STATUTES)
    assert table.column("error").null_count == table.num_rows
    assert table.equals(_same(STATUTES, path, monkeypatch))


def test_columns_with_no_name_are_read_and_a_filled_one_is_its_rows_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A spreadsheet's export may end in several empty-named columns: none names a fact,
    so the file is read (it used to be refused as naming the column `` twice), and only a
    row that fills one is in error, saying so, by both routes."""
    path = tmp_path / "cases.csv"
    path.write_text("id,date,agency,,,\na,2015-03-02,county_jail,,,\n"
                    "b,2015-03-02,county_jail,,x,\nc,2015-03-02,,,,\n")
    with monkeypatch.context() as patched:
        taken = routed(patched)
        trustlaw.batch(STATUTES[:2], path)
    assert sum(taken) == 1  # the column route sent only the filled row to the rows
    table = _same(STATUTES[:2], path, monkeypatch)
    errors = {row["case_id"]: row["error"] for row in table.to_pylist()}
    assert errors["a"] is None and errors["c"] is None
    assert errors["b"] == ("row 2, column 5: a column with no name holds a value, but "
                           "names no fact (name the column, or leave its cells empty)")


def test_the_commands_read_a_file_ending_in_columns_with_no_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli_run import run

    path = tmp_path / "export.csv"
    path.write_text("id,date,agency,,\na,2015-03-02,county_jail,,\n")
    code, out, err = run(capsys, "batch", "ct/pa-13-155", "--cases", str(path),
                         "--out", str(tmp_path / "o.jsonl"))
    assert code == 0 and "1 case, 0 with errors" in out, err
    code, out, err = run(capsys, "impact", "ct/pa-13-155", "--cases", str(path))
    assert code == 0 and "TL-U005" not in err and "permitted" in out, (out, err)
    code, out, err = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20", "--cases", str(path))
    # exit status 1: the two laws differ
    assert code == 1 and "hold: 1 with the same result" in out and not err, (out, err)


def test_a_spreadsheets_empty_rows_are_no_cases(tmp_path: Path) -> None:
    """A spreadsheet saved as CSV ends in rows of bare commas; each was decided as a case
    with every fact unknown, which swelled the undetermined counts (found by a
    researcher's pass). Like a blank line, such a row is no row; a row that holds
    anything, if only its id, is still a case."""
    path = tmp_path / "export.csv"
    path.write_text("id,date,agency\na1,2015-01-01,county_jail\n,,\nb2,,\n,,\n,,\n",
                    encoding="utf-8")
    rows = trustlaw.batch(STATUTES[0], path).to_pylist()
    assert [row["case_id"] for row in rows] == ["a1", "b2"]


def test_every_cell_a_row_cannot_read_is_named(tmp_path: Path) -> None:
    """A row's first bad cell was its whole error: the researcher fixed it and ran again
    to meet the next one."""
    path = tmp_path / "cases.csv"
    path.write_text("id,date,request.kinds,convictions,person.age\n"
                    "a,2016-05-04,hold,[{,34\n"
                    "b,2016-05-04,\"[\"\"hold\"\"]\",[],35\n", encoding="utf-8")
    rows = trustlaw.batch("ct/pa-13-155", str(path)).to_pylist()
    error = rows[0]["error"]
    assert error.startswith("row 1, column `request.kinds` is not valid JSON")
    assert "; row 1, column `convictions` is not valid JSON" in error
    assert rows[1]["error"] is None
