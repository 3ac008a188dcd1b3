"""Hostile sizes: documented limits on statutes and cases, each refused with a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

import trustlaw
from trustlaw.cases.limits import MAX_CASE_CHARS, MAX_LIST_LENGTH, MAX_PROBLEMS_SHOWN
from trustlaw.cli.common import MAX_PRINTED
from trustlaw.language.parser import MAX_STATUTE_CHARS
from trustlaw.lowering.files import statutes_root

CT_2013 = statutes_root() / "ct" / "pa-13-155.law"


def _copy() -> str:
    """CT 2013's text under an id of its own: a file outside the library that reused the
    bundled id would (rightly) draw the TL-M014 warning, which these tests are not about."""
    return CT_2013.read_text(encoding="utf-8").replace(
        'statute "ct/pa-13-155"', 'statute "ct/pa-13-155-copy"', 1)
CONVICTION = {"date": "2009-06-01", "level": "felony", "felony_class": "B",
              "court": "other_state", "youthful_offender": False, "vacated": False}




@pytest.fixture(scope="module")
def statute() -> trustlaw.Statute:
    return trustlaw.load("ct/pa-13-155")


# ---- cases ------------------------------------------------------------------------------------


def test_a_huge_string_in_a_case_is_refused_with_a_short_message(statute: trustlaw.Statute) -> None:
    for case in ({"date": "2015-03-02", "agency": "x" * 20_000_000},
                 {"date": "2015-03-02", "y" * 20_000_000: True},
                 {"date": "2015-03-02", "request": {"form": "I" * 20_000_000}}):
        with pytest.raises(trustlaw.CaseError) as caught:
            statute.decide(case)
        assert len(str(caught.value)) < 2_000


def test_a_near_miss_still_gets_a_suggestion(statute: trustlaw.Statute) -> None:
    with pytest.raises(trustlaw.CaseError, match="did you mean county_jail"):
        statute.decide({"date": "2015-03-02", "agency": "county_jall"})


@pytest.mark.parametrize("backend", ["compiled", "interpreter"])
def test_a_list_at_the_limit_is_decided_and_past_it_refused(statute: trustlaw.Statute,
                                                           backend: str) -> None:
    case = {"date": "2015-03-02", "convictions": [CONVICTION] * MAX_LIST_LENGTH}
    assert statute.decide(case, backend=backend).outcomes["hold"]  # type: ignore[arg-type]
    for element in (CONVICTION, {"date": "nonsense"}):
        long_case = {"date": "2015-03-02", "convictions": [element] * (MAX_LIST_LENGTH + 1)}
        with pytest.raises(trustlaw.CaseError) as caught:
            statute.decide(long_case, backend=backend)  # type: ignore[arg-type]
        assert [d.message for d in caught.value.diagnostics] == [
            f"convictions: a list holds at most {MAX_LIST_LENGTH:,} elements, "
            f"got {MAX_LIST_LENGTH + 1:,}"
        ]


def test_many_problems_are_counted_not_all_written(statute: trustlaw.Statute) -> None:
    bad = [{"date": "nonsense", "level": "x"}] * MAX_LIST_LENGTH
    with pytest.raises(trustlaw.CaseError) as caught:
        statute.decide({"date": "2015-03-02", "convictions": bad})
    error = caught.value
    assert len(error.diagnostics) >= 2 * MAX_LIST_LENGTH  # every problem stays on the error
    message = str(error)
    assert message.count("error[") == MAX_PROBLEMS_SHOWN
    assert f"… and {len(error.diagnostics) - MAX_PROBLEMS_SHOWN:,} more problems" in message


def test_a_case_longer_than_the_limit_is_refused_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"date": "2015-03-02", "note": "x" * MAX_CASE_CHARS}))
    code, _out, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and f"at most {MAX_CASE_CHARS:,}" in err


def test_a_case_file_far_over_the_limit_is_not_said_to_be_one_character_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the CLI reads only one character past the limit: it cannot tell the file's length
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"date": "2015-03-02", "agency": "x" * (3 * MAX_CASE_CHARS)}))
    code, _out, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and f"at most {MAX_CASE_CHARS:,} characters" in err
    assert f"{MAX_CASE_CHARS + 1:,}" not in err


@pytest.mark.slow
def test_many_bad_json_lines_are_counted_not_all_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = 20_000
    path = tmp_path / "cases.jsonl"
    path.write_text('{"date": "2015-03-02", "agency": "nowhere"}\n' * lines)
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(path), "--format", "json")
    assert code == 1
    written = out.splitlines()  # one output line per input line, so output joins back to input
    assert len(written) == lines
    assert all(json.loads(x)["line"] == n and "error" in json.loads(x)
               for n, x in enumerate(written[:50], start=1))
    assert err.count("this case is not valid") == MAX_PRINTED
    assert f"{lines:,} cases were not valid" in err
    assert len(err) < 100_000


# ---- statutes ---------------------------------------------------------------------------------


def test_a_statute_file_over_the_limit_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _copy()
    path = tmp_path / "big.law"
    path.write_text(text + "#" * (MAX_STATUTE_CHARS - len(text) + 1) + "\n", encoding="utf-8")
    with pytest.raises(trustlaw.StatuteError) as caught:
        trustlaw.load(path)
    assert [d.code for d in caught.value.diagnostics] == ["TL-P026"]
    with pytest.raises(trustlaw.StatuteError):
        trustlaw.parse(path.read_text(encoding="utf-8"))
    assert [d.code for d in trustlaw.check(path)] == ["TL-P026"]
    code, _out, err = run(capsys, "check", "--no-solver", str(path))
    assert code == 1 and "TL-P026" in err


def test_a_statute_at_the_limit_is_read(tmp_path: Path) -> None:
    text = _copy()
    padding = MAX_STATUTE_CHARS - len(text) - 1
    path = tmp_path / "edge.law"
    path.write_text(text + "#" * padding + "\n", encoding="utf-8")
    assert trustlaw.check(path) == []


def test_a_long_unknown_name_in_a_statute_gets_no_suggestion_and_a_short_quote(
    tmp_path: Path,
) -> None:
    text = _copy().replace(
        "person.gang_database", "person." + "g" * 200_000, 1)
    path = tmp_path / "long.law"
    path.write_text(text, encoding="utf-8")
    found = trustlaw.check(path)
    assert [d.code for d in found] == ["TL-N002"]
    assert "did you mean" not in (found[0].help or "")
    with pytest.raises(trustlaw.StatuteError) as caught:
        trustlaw.load(path)
    assert len(str(caught.value)) < 401_000  # the name once in the message, the line cut


def test_many_diagnostics_are_counted_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parts = [_copy()]
    parts += [f'provision (z{i}) {{\n  text "x"\n  hold permitted if person.nothing\n}}\n'
              for i in range(300)]
    path = tmp_path / "many.law"
    path.write_text("".join(parts), encoding="utf-8")
    total = len(trustlaw.check(path))
    assert total > MAX_PRINTED
    code, _out, err = run(capsys, "check", "--no-solver", str(path))
    assert code == 1
    assert err.count("error[") + err.count("warning[") == MAX_PRINTED
    assert f"… and {total - MAX_PRINTED:,} more not shown" in err


def test_a_byte_order_mark_starts_a_statute_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.law"
    path.write_bytes(b"\xef\xbb\xbf" + _copy().encode("utf-8"))
    assert trustlaw.check(path) == []
    assert trustlaw.load(path).id == "ct/pa-13-155-copy"
    assert trustlaw.parse("\ufeff" + _copy()).header.name
    code, out, _err = run(capsys, "check", "--no-solver", str(path))
    assert code == 0 and "no problems" in out
    code, out, _err = run(capsys, "test", str(path))
    assert code == 0 and " 0 failed" in out


def test_two_byte_order_marks_are_refused_by_check_as_by_fmt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` read the file without its mark and `parse` skipped a second one, so
    `check` passed a file `fmt` refused."""
    path = tmp_path / "boms.law"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + _copy().encode("utf-8"))
    (found,) = trustlaw.check(path)
    assert found.code == "TL-P002" and "U+FEFF" in found.message
    code, _out, err = run(capsys, "fmt", "--check", str(path))
    assert code != 0 and "TL-P002" in err


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_byte_that_is_not_utf8_is_located_whatever_the_line_ends(
    tmp_path: Path, end: str
) -> None:
    """With old-Mac line ends (CR alone) the byte was put on line 1, at its end."""
    path = tmp_path / "latin.law"
    path.write_bytes(end.join(['statute "t/x" {', '  title "T"',
                               '  citation "Ord. \u00a7 1"', "}", ""]).encode("latin-1"))
    (found,) = trustlaw.check(path)
    assert found.code == "TL-P098" and found.span is not None
    assert (found.span.line, found.span.column) == (3, 18)
