"""Hostile input gets a trustlaw error, never a foreign exception: API and CLI repros."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_run import run

import trustlaw
from trustlaw.decisions.clock import MaxHold, release_deadline
from trustlaw.language.parser import MAX_DEPTH
from trustlaw.lowering.files import statutes_root
from trustlaw.lowering.resolve import MAX_NESTING
from trustlaw.lowering.rules import MAX_EXCEPTION_DEPTH

CT_2013 = statutes_root() / "ct" / "pa-13-155.law"


def _copy() -> str:
    """CT 2013's text under an id of its own: a file outside the library that reused the
    bundled id would (rightly) draw the TL-M014 warning, which these tests are not about."""
    return CT_2013.read_text(encoding="utf-8").replace(
        'statute "ct/pa-13-155"', 'statute "ct/pa-13-155-copy"', 1)
HEADER = """statute "test/hostile" {
  title "Hostile"
  jurisdiction "test"
  citation "none"
  status proposed
  introduced 2020-01-01
}
"""
CASES = [
    {"date": "2020-01-01", "person": {"age": 50}},
    {"date": "2020-01-01", "person": {"age": 17}},
    {"date": "2020-01-01"},
]




def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(diagnostics: list[trustlaw.Diagnostic]) -> set[str]:
    return {d.code for d in diagnostics}


# ---- types nested deep ---------------------------------------------------------------------


def deep_type(levels: int) -> str:
    return "list of " * levels + "bool"


def test_a_type_nested_past_the_limit_is_a_syntax_error(tmp_path: Path) -> None:
    source = HEADER + f"definition deep(x: {deep_type(1000)}) {{\n  means true\n}}\n"
    with pytest.raises(trustlaw.StatuteError) as caught:
        trustlaw.parse(source, "deep.law")
    assert codes(list(caught.value.diagnostics)) == {"TL-P020"}
    assert "type is nested more than" in str(caught.value)
    path = write(tmp_path, "deep.law", source)
    assert "TL-P020" in codes(trustlaw.check(path))


def test_a_type_at_the_limit_parses_and_compares(tmp_path: Path) -> None:
    source = HEADER + f"definition deep(x: {deep_type(MAX_DEPTH)}) {{\n  means true\n}}\n"
    assert trustlaw.parse(source, "a.law") == trustlaw.parse(source, "a.law")
    # lowering refuses a list of lists, with a located diagnostic, without recursing away
    assert "TL-T006" in codes(trustlaw.check(write(tmp_path, "edge.law", source)))
    too_deep = HEADER + f"definition deep(x: {deep_type(MAX_DEPTH + 1)}) {{\n  means true\n}}\n"
    with pytest.raises(trustlaw.StatuteError):
        trustlaw.parse(too_deep, "b.law")


def test_a_deep_field_type_in_a_vocabulary_is_a_syntax_error() -> None:
    source = ('vocabulary "v" {\n  title "v"\n  citation "v"\n}\n'
              f"record r {{\n  field f: {deep_type(1000)}\n}}\n")
    with pytest.raises(trustlaw.StatuteError) as caught:
        trustlaw.parse(source, "v.law")
    assert codes(list(caught.value.diagnostics)) == {"TL-P020"}


def test_the_cli_reports_a_deep_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "deep.law",
                 HEADER + f"definition deep(x: {deep_type(1000)}) {{\n  means true\n}}\n")
    code, _out, err = run(capsys, "check", str(path))
    assert code == 1 and "TL-P020" in err
    code, _out, err = run(capsys, "parse", str(path))
    assert code == 1 and "TL-P020" in err


# ---- chains of exceptions and of definitions -------------------------------------------------


def exception_chain(provisions: int, reverse: bool = False) -> str:
    parts = ['provision (p0) {\n  cites "x"\n  text "x"\n  hold prohibited\n}\n']
    for i in range(1, provisions):
        modality = "permitted" if i % 2 else "prohibited"
        parts.append(f'provision (p{i}) except (p{i - 1}) {{\n  cites "x"\n  text "x"\n'
                     f"  hold {modality} if person.age > {i % 60}\n}}\n")
    return HEADER + "".join(reversed(parts) if reverse else parts)


def definition_chain(definitions: int, reverse: bool = False) -> str:
    parts = ['definition d0 {\n  cites "x"\n  means person.age > 20\n}\n']
    for i in range(1, definitions):
        parts.append(f'definition d{i} {{\n  cites "x"\n  means not d{i - 1}\n}}\n')
    if reverse:  # each definition used before it is defined
        parts.reverse()
    parts.append(f'provision (p) {{\n  cites "x"\n  text "x"\n'
                 f"  hold permitted if d{definitions - 1}\n}}\n")
    return HEADER + "".join(parts)


def agree_everywhere(statute: trustlaw.Statute) -> None:
    """The interpreter, the compiled backend and the solver all take the statute."""
    for case in CASES:
        compiled = statute.decide(case)
        interpreted = statute.decide(case, backend="interpreter")
        assert compiled.to_dict() == interpreted.to_dict()
    pytest.importorskip("z3")
    assert trustlaw.compare(statute, statute, bound=1).equivalent


def test_the_longest_exception_chain_check_accepts_runs_on_every_backend(tmp_path: Path) -> None:
    path = write(tmp_path, "chain.law", exception_chain(MAX_EXCEPTION_DEPTH + 1))
    assert trustlaw.check(path) == []
    agree_everywhere(trustlaw.load(path))


@pytest.mark.slow
@pytest.mark.parametrize("reverse", [False, True])
def test_a_longer_exception_chain_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reverse: bool
) -> None:
    path = write(tmp_path, "chain.law", exception_chain(500, reverse))
    found = [d for d in trustlaw.check(path) if d.code == "TL-S031"]
    assert len(found) == 1 and found[0].span is not None
    assert "nested more than" in found[0].message
    with pytest.raises(trustlaw.StatuteError):
        trustlaw.load(path)
    code, _, err = run(capsys, "check", "--no-solver", str(path))
    assert code == 1 and "TL-S031" in err


def test_the_deepest_definition_chain_runs_on_every_backend(tmp_path: Path) -> None:
    # d0 is one `>` deep and each further definition adds one `not`
    path = write(tmp_path, "defs.law", definition_chain(MAX_NESTING - 1))
    assert trustlaw.check(path) == []
    agree_everywhere(trustlaw.load(path))


@pytest.mark.slow
@pytest.mark.parametrize("definitions", [MAX_NESTING + 5, 3000])
def test_a_deeper_definition_chain_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], definitions: int
) -> None:
    source = definition_chain(definitions)
    path = write(tmp_path, "defs.law", source)
    found = [d for d in trustlaw.check(path) if d.code == "TL-S030"]
    assert found and all(d.span is not None for d in found)
    reordered = definition_chain(definitions, reverse=True)
    assert "TL-S030" in codes(trustlaw.check(write(tmp_path, "rev.law", reordered)))
    code, _, err = run(capsys, "check", "--no-solver", str(path))
    assert code == 1 and "TL-S030" in err


def test_definitions_that_double_at_each_step_are_refused_quickly(tmp_path: Path) -> None:
    parts = ['definition d0 {\n  cites "x"\n  means person.age > 20\n}\n']
    for i in range(1, 60):  # 2**60 nodes written out
        parts.append(f'definition d{i} {{\n  cites "x"\n  means d{i - 1} and not d{i - 1}\n}}\n')
    parts.append('provision (p) {\n  cites "x"\n  text "x"\n  hold permitted if d59\n}\n')
    path = write(tmp_path, "double.law", HEADER + "".join(parts))
    assert "TL-S030" in codes(trustlaw.check(path))


# ---- numbers too long to write, JSON too deep, keys given twice ------------------------------


@pytest.mark.parametrize("case", [
    {"date": 10**5000},
    {"date": "2015-03-02", "convictions": [{"date": -(10**5000)}]},
    {"date": "2015-03-02", "request": {"kinds": [10**5000]}},
    {"date": "2015-03-02", "person": {10**5000: True}},
])
@pytest.mark.parametrize("backend", ["compiled", "interpreter"])
def test_a_huge_integer_in_a_case_is_a_case_error(case: dict, backend: str) -> None:
    statute = trustlaw.load("ct/pa-13-155")
    with pytest.raises(trustlaw.CaseError) as caught:
        statute.decide(case, backend=backend)  # type: ignore[arg-type]
    assert "digits" in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [
    ('{"date": ' + "1" * 5000 + "}", "5,000 digits"),
    ("[" * 100_000 + "]" * 100_000, "more than 64 levels deep"),
    ('{"date": "2015-03-02", "date": "2016-03-02"}', 'the key "date" is given twice'),
    ('{"date": "2015-03-02", "person": {"age": 30, "age": 40}}', 'the key "age" is given twice'),
    ('{"date": NaN}', "`NaN` is not a JSON value"),
])
def test_the_cli_refuses_bad_json_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    path = write(tmp_path, "case.json", text)
    code, _out, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and "TL-C000" in err and expected in err
    assert max(len(line) for line in err.splitlines()) < 200  # the long line is cut
    lines = write(tmp_path, "cases.jsonl", text.replace("\n", " ") + "\n")
    code, _out, err = run(capsys, "decide", "ct/pa-13-155", str(lines))
    assert code == 1 and expected in err


@pytest.mark.parametrize(("text", "expected", "where"), [
    ('{"date": "2015-03-02",\n "date": "2016-03-02"}', 'the key "date" is given twice', "2:2"),
    # the decoder refuses the inner object first, as it closes before the outer one
    ('{"id": "x", "person": {"age": 30,\n  "id": 1, "age": 40}, "id": "y"}',
     'the key "age" is given twice', "2:12"),
    ('{"date": "2015-03-02", "note": "\\"age\\": NaN",\n "person": {"age": NaN}}',
     "`NaN` is not a JSON value", "2:20"),
    ('{"date": "2015-03-02", "person": {"age": -Infinity}}', "`-Infinity` is not a JSON value",
     "1:42"),
])
def test_a_key_given_twice_or_a_constant_json_has_not_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str, where: str
) -> None:
    # every bad case file is refused at its file:line:column, as bad JSON and long numbers are
    path = write(tmp_path, "case.json", text)
    code, _out, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and expected in err
    assert f"--> {path}:{where}" in err


# ---- the hold clock at the ends of the calendar ----------------------------------------------

WEEKDAYS = MaxHold(48, ("saturday", "sunday"))


@pytest.mark.parametrize(("release_at", "limit"), [
    (dt.datetime(9999, 12, 31, 20), WEEKDAYS),
    (dt.datetime(9999, 12, 31, 20), MaxHold(48, ())),
    ("9999-12-30T20:00", MaxHold(48, ("saturday", "sunday", "federal_holiday"))),
    (dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
     MaxHold(1, ())),
    (dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))), MaxHold(1, ())),
])
def test_a_deadline_outside_the_calendar_is_a_usage_error(release_at: object,
                                                          limit: MaxHold) -> None:
    with pytest.raises(trustlaw.UsageValueError, match="outside the calendar"):
        release_deadline(release_at, limit)  # type: ignore[arg-type]


def test_the_clock_takes_iso_strings_and_refuses_wrong_types() -> None:
    assert release_deadline("2015-03-05T17:00", WEEKDAYS) == dt.datetime(2015, 3, 9, 17)
    for release_at in (None, 17, dt.date(2015, 3, 5)):
        with pytest.raises(TypeError) as caught:
            release_deadline(release_at, WEEKDAYS)  # type: ignore[arg-type]
        assert isinstance(caught.value, trustlaw.UsageError)
    with pytest.raises(trustlaw.UsageValueError, match="'Thursday' is not an ISO date and time"):
        release_deadline("Thursday", WEEKDAYS)
    with pytest.raises(trustlaw.UsageTypeError):
        release_deadline(dt.datetime(2015, 3, 5, 17), 48)  # type: ignore[arg-type]


def test_an_expect_deadline_at_the_end_of_the_calendar_fails_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _copy().replace(
        "expect deadline 2015-03-09T17:00 from 2015-03-05T17:00",
        "expect deadline 9999-12-31T23:00 from 9999-12-31T17:00")
    path = write(tmp_path, "end.law", source)
    code, out, err = run(capsys, "test", str(path))
    assert code == 1
    assert "outside the calendar" in out + err


# ---- public API misuse -------------------------------------------------------------------------


def test_a_day_may_be_a_date_a_datetime_or_an_iso_string() -> None:
    expected = trustlaw.load("ct", on=dt.date(2016, 1, 1)).id
    assert trustlaw.load("ct", on="2016-01-01").id == expected
    assert trustlaw.load("ct", on=dt.datetime(2016, 1, 1, 12)).id == expected
    assert trustlaw.load("ct", on="2016-01-01T12:00").id == expected
    assert trustlaw.load("ct/pa-13-155", on="2016-01-01").id == "ct/pa-13-155"


@pytest.mark.parametrize(("call", "error"), [
    (lambda: trustlaw.load(None), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.load(42), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.load(""), ValueError),
    (lambda: trustlaw.load("ct", on=20160101), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.load("ct", on="1st of May"), ValueError),
    (lambda: trustlaw.load("ct", on="20160101"), ValueError),  # fromisoformat reads these
    (lambda: trustlaw.load("ct", on="2016-W01-5"), ValueError),
    (lambda: trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", bound=-1), ValueError),
    (lambda: trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", bound="3"), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.compare("ct/pa-13-155", None), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.parse(b'statute "x" {}'), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.parse('statute "x" {}', path=3), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.check(123), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.check([CT_2013, 123]), TypeError),  # type: ignore[list-item]
    (lambda: trustlaw.verify(123), TypeError),  # type: ignore[arg-type]
    (lambda: trustlaw.verify("ct/pa-13-155", invariant=1), TypeError),  # type: ignore[arg-type]
])
def test_api_misuse_is_a_usage_error(call: object, error: type[Exception]) -> None:
    with pytest.raises(trustlaw.UsageError) as caught:
        call()  # type: ignore[operator]
    assert isinstance(caught.value, error)
    assert caught.value.diagnostics[0].code in ("TL-U020", "TL-U021")


def test_json_tree_of_a_deep_statute_is_refused_not_recursed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "deep.law", HEADER + "definition d {\n  means "
                 + "not " * 5000 + "person.final_removal_order\n}\n")
    code, out, err = run(capsys, "parse", str(path))
    assert code == 1 and "TL-P020" in err
    assert out == ""


def test_a_hold_limit_past_a_year_is_a_located_error(tmp_path: Path) -> None:
    source = _copy().replace(
        "limit hold 48 hours", "limit hold 1000000000000 hours")
    found = trustlaw.check(write(tmp_path, "hours.law", source))
    assert [d.code for d in found] == ["TL-S014"] and found[0].span is not None


@pytest.mark.parametrize(("hours", "error"), [(10**12, "outside the calendar"),
                                               (-5, "0 or more"), (-(10**5000), "0 or more")],
                         ids=["trillion", "negative", "huge-negative"])
def test_the_clock_refuses_limits_it_cannot_count(hours: int, error: str) -> None:
    with pytest.raises(trustlaw.UsageValueError, match=error):
        release_deadline(dt.datetime(2015, 1, 1), MaxHold(hours, ("saturday",)))


def test_hours_requested_past_a_year_is_refused_before_anything_prints_it() -> None:
    # found by the 30-minute fuzz run: 10**5000 hours passed validation, then explain()
    # could not write the number
    statute = trustlaw.load("ct/pa-13-155")
    for hours in (10**5000, 8761):
        with pytest.raises(trustlaw.CaseError, match=r"request\.hours_requested"):
            statute.decide({"date": "2015-03-02", "request": {"hours_requested": hours}})
    # on a form that states no length the request's own hours are among the limits the
    # explanation names (with the form unknown, a form's 48 clock hours govern instead)
    decision = statute.decide({"date": "2015-03-02",
                               "request": {"hours_requested": 8760, "form": "other"}})
    assert "8760 hours" in decision.explain()
