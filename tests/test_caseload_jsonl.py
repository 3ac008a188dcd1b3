"""A JSON-lines caseload is read by Arrow's JSON reader and decided column by column: the
same rows as the row route, whatever a line holds (trustlaw.caseload.jsonl_columns).

Each line below is made to break one rule the row route enforces (a key twice, 34.0
for a whole number, a day that does not exist, an escape, bytes that are not UTF-8, two
objects on a line, …) or none; the two routes must give the same table."""

from __future__ import annotations

import json
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
from trustlaw.caseload import by_columns, jsonl_columns, run
from trustlaw.caseload.run import run_batch
from trustlaw.cases.limits import MAX_CASE_CHARS
from trustlaw.library.loader import available
from trustlaw.testing.strategies import cases as case_strategy

STATUTES = [trustlaw.load(statute_id) for statute_id in available()]
VOCAB = STATUTES[0].vocabulary


class Raw:
    """JSON text written as it is (``34.0``, ``NaN``, an escape)."""

    def __init__(self, text: str) -> None:
        self.text = text


class Pairs:
    """An object written from its pairs, so that a key may come twice."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs


def _text(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {_text(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, dict):
        return _text(Pairs(list(value.items())))
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _faulty(case: dict[str, Any], fault: str) -> str:
    """The line of `case` with `fault` in it (without its line break)."""
    case = {**case}
    person = {**(case.get("person") or {})}
    convictions = [dict(c) for c in case.get("convictions") or []]
    if fault in LINES:
        return LINES[fault]
    if fault == "key twice" and case:
        key = next(iter(case))
        return _text(Pairs([(key, case[key]), *case.items()]))
    if fault == "key twice in a record":
        person.setdefault("age", 40)
        case["person"] = Pairs([("age", person["age"]), *person.items()])
    elif fault in VALUES:
        where, value = VALUES[fault]
        if where == "person":
            person["age"] = value
            case["person"] = person
        elif where == "flag":
            person["final_removal_order"] = value
            case["person"] = person
        else:
            case[where] = value
    elif fault == "a day that is not, in a list" and convictions:
        convictions[0]["date"] = "2013-02-30"
        case["convictions"] = convictions
    elif fault == "a field outside a record":
        person["remarks"] = 1
        case["person"] = person
    elif fault == "two objects":
        return _text(case) + _text(case)
    elif fault == "text after":
        return _text(case) + " x"
    elif fault == "a space before":
        return " " + _text(case)
    elif fault == "a nul after":
        return _text(case) + "\x00"
    elif fault == "a comma after":
        return _text(case)[:-1] + ("," if case else "") + "}"
    return _text(case)


VALUES: dict[str, tuple[str, Any]] = {
    "34.0": ("person", Raw("34.0")),
    "3e1": ("person", Raw("3e1")),
    "'34'": ("person", "34"),
    "-0": ("person", Raw("-0")),
    "a huge number": ("person", Raw("99999999999999999999")),
    "NaN": ("person", Raw("NaN")),
    "131": ("person", 131),
    "1 for yes": ("flag", 1),
    "null for yes": ("flag", None),
    "a number id": ("id", 5),
    "a long id": ("id", "x" * 201),
    "a unicode id": ("id", "booking 7 — ünïcode\u2028"),
    "an escaped id": ("id", Raw('"a\\"b"')),
    "a lone surrogate": ("id", Raw('"\\ud800"')),
    "an escaped nul": ("id", Raw('"a\\u0000b"')),
    "a tab": ("id", Raw('"a\tb"')),
    "a delete": ("id", "a\x7fb"),
    "a nul": ("id", Raw('"a\x00b"')),
    "a day that is not": ("date", "2013-02-30"),
    "a short date": ("date", "2013-2-3"),
    "year zero": ("date", "0000-01-01"),
    "a leap day": ("date", "2012-02-29"),
    "a date and time": ("date", "2013-02-03T00:00"),
    "a basic date": ("date", "20130203"),
    "a date as a number": ("date", 5),
    "a null date": ("date", None),
    "a null record": ("person", None),
    "an unknown agency": ("agency", "sheriff"),
    "a null element": ("warrants", [None]),
    "a field outside": ("remarks", "x"),
    "a null field outside": ("remarks", None),
    "deep": ("warrants", Raw("[" * 200 + "]" * 200)),
    "a record for a list": ("warrants", {"kind": "criminal"}),
}
LINES = {
    "blank": "",
    "spaces": "   ",
    "a form feed": "\x0c",
    "an array": "[1]",
    "a number": "5",
    "null": "null",
    "a string": '"x"',
    "an empty object": "{}",
}
NOT_UTF8 = "bytes not UTF-8"
FAULTS = ("none",) * 6 + tuple(VALUES) + tuple(LINES) + (
    "key twice", "key twice in a record", "a day that is not, in a list",
    "a field outside a record", "two objects", "text after", "a space before",
    "a comma after", "a nul after", NOT_UTF8)
BREAKS = ("\n", "\n", "\r\n", "\r")


def _write(path: Path, lines: list[tuple[str, str]], end: str = "") -> None:
    """Lines (text, line break) as a file; NOT_UTF8 text gets a byte 0xFF in a string."""
    data = b"".join(
        (b'{"id": "a\xffb"}' if text == NOT_UTF8 else text.encode("utf-8")) + brk.encode()
        for text, brk in lines)
    path.write_bytes(data + end.encode())


def _by_rows(statutes: list[Any], path: Path, monkeypatch: pytest.MonkeyPatch) -> pa.Table:
    """The row route's table: each line decoded and validated in Python (checked: every
    case of the table went through the row route)."""
    with monkeypatch.context() as patched:
        _row_route_only(patched)
        taken = routed(patched)
        table = trustlaw.batch(statutes, path)
    assert sum(taken) * len(statutes) == table.num_rows
    return table


def _row_route_only(patched: pytest.MonkeyPatch) -> None:
    """No JSON-lines file is read by the reader (`column_chunks` looks the plan up in
    `by_columns`: patching it in `jsonl_columns` alone would change nothing)."""
    patched.setattr(by_columns, "jsonl_plan", lambda *args: None)


def _same(statutes: list[Any], path: Path, monkeypatch: pytest.MonkeyPatch,
          chunk: int = run.CHUNK) -> pa.Table:
    with DuckDBEngine() as engine:  # the route is the reader's (a test that cannot fail
        assert jsonl_columns.jsonl_plan(statutes, path, engine) is not None  # otherwise)
    return same_rows(statutes, path, lambda: _by_rows(statutes, path, monkeypatch), chunk)


@st.composite
def caseload_lines(draw: st.DrawFn) -> list[tuple[str, str]]:
    lines = []
    for case in draw(st.lists(case_strategy(VOCAB, unknown_rate=0.2), min_size=1,
                              max_size=8)):
        fault = draw(st.sampled_from(FAULTS))
        lines.append((NOT_UTF8 if fault == NOT_UTF8 else _faulty(case, fault),
                      draw(st.sampled_from(BREAKS))))
    return lines


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(caseload_lines(), st.booleans())
def test_every_statute_gives_the_row_routes_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[tuple[str, str]],
        split_small: bool) -> None:
    path = tmp_path / "cases.jsonl"
    _write(path, lines)
    with monkeypatch.context() as patched:
        if split_small:  # split a refused part down to single lines
            patched.setattr(jsonl_columns, "_SMALLEST", 1)
            patched.setattr(jsonl_columns, "_SPLIT", 2)
        _same(STATUTES, path, monkeypatch, chunk=5)


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_gives_the_row_routes_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             fault: str) -> None:
    good = {"date": "2015-03-02", "agency": "municipal_police", "id": "c1",
            "person": {"age": 34, "final_removal_order": True},
            "convictions": [{"level": "felony", "date": "2010-05-01"}]}
    line = NOT_UTF8 if fault == NOT_UTF8 else _faulty(good, fault)
    path = tmp_path / "cases.jsonl"
    _write(path, [(_text(good), "\n"), (line, "\r\n"), (_text(good), "\r")], end="")
    _same(STATUTES[:2], path, monkeypatch)


def test_a_clean_file_is_read_whole_by_the_reader(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cases.jsonl"
    good = [{"date": "2015-03-02", "agency": "municipal_police", "id": f"c{i}",
             "person": {"age": 20 + i % 50, "final_removal_order": i % 2 == 0},
             "convictions": [{"level": "felony", "date": "2010-05-01"}] * (i % 3)}
            for i in range(300)]
    _write(path, [(_text(case), "\n") for case in good])
    taken = routed(monkeypatch)
    table = trustlaw.batch(STATUTES[:2], path)
    assert sum(taken) == 0  # the row route took none of them
    assert table.num_rows == 600 and table.column("error").null_count == 600
    assert table.equals(_same(STATUTES[:2], path, monkeypatch))


def test_a_rare_bad_line_sends_only_its_part_to_the_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cases.jsonl"
    lines = [(_text({"date": "2015-03-02", "id": f"c{i}"}), "\n") for i in range(2_000)]
    lines[1_234] = ('{"date": "2015-03-02", "date": "2015-03-03"}', "\n")  # a key twice
    _write(path, lines)
    taken = routed(monkeypatch)
    table = trustlaw.batch(STATUTES[:1], path)
    assert 0 < sum(taken) <= jsonl_columns._SMALLEST  # its part of the file, no more
    errors = [(i, e) for i, e in enumerate(table.column("error").to_pylist()) if e]
    assert errors == [(1_234, 'line 1235: the key "date" is given twice in one object')]


def test_an_extra_field_on_every_line_is_every_rows_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cases.jsonl"
    _write(path, [(_text({"date": "2015-03-02", "remarks": i}), "\n") for i in range(500)])
    table = _same(STATUTES[:1], path, monkeypatch)
    assert table.column("error").null_count == 0
    assert all("remarks" in e for e in table.column("error").to_pylist())


def test_a_line_longer_than_a_case_is_its_rows_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cases.jsonl"
    long = '{"id": "' + "x" * MAX_CASE_CHARS + '"}'
    _write(path, [(_text({"date": "2015-03-02"}), "\n"), (long, "\n"),
                  (_text({"date": "2015-03-02"}), "\n")])
    table = _same(STATUTES[:1], path, monkeypatch)
    assert table.column("error").to_pylist()[1].startswith("line 2 is longer than")


def test_the_command_reads_through_the_reader(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cases.jsonl"
    good = (_text({"date": "2015-03-02", "agency": "municipal_police",
                   "person": {"final_removal_order": True}}), "\n")
    _write(path, [good] * 250 + [('{"date": 5}', "\n"), ("", "\n"), ("{}", "\n")])
    ids = [s.id for s in STATUTES[:2]]
    taken = routed(monkeypatch)
    by_reader = run_batch(ids, path, tmp_path / "a.jsonl")
    assert 0 < sum(taken) <= jsonl_columns._SMALLEST  # the date's part of the file
    with monkeypatch.context() as patched:
        _row_route_only(patched)
        by_rows = run_batch(ids, path, tmp_path / "b.jsonl")
    assert by_reader == by_rows and by_reader.cases == 252 and by_reader.errors == 1
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_reader_that_takes_what_a_case_cannot_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the route rests on the reader refusing what the validator refuses: a pyarrow that
    # took a key given twice (say) would decide such a case, so every line goes to Python
    path = tmp_path / "cases.jsonl"
    _write(path, [('{"date": "2015-03-02", "date": "2015-03-02"}', "\n")])
    with DuckDBEngine() as engine:
        assert jsonl_columns.reader_is_strict()
        assert jsonl_columns.jsonl_plan(STATUTES[:1], path, engine) is not None
        jsonl_columns.reader_is_strict.cache_clear()
        try:
            with monkeypatch.context() as patched:
                patched.setattr(jsonl_columns, "_REFUSED",
                                (*jsonl_columns._REFUSED, '{"a": 1}'))
                assert not jsonl_columns.reader_is_strict()
                assert jsonl_columns.jsonl_plan(STATUTES[:1], path, engine) is None
                error = trustlaw.batch(STATUTES[:1], path).column("error")[0].as_py()
                assert error == 'line 1: the key "date" is given twice in one object'
        finally:  # the next test's reader is checked afresh, with the real lines
            jsonl_columns.reader_is_strict.cache_clear()
    assert jsonl_columns.reader_is_strict()
