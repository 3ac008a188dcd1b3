"""What a drafter and a lawyer met on the command line (found by review): a circle of
`amends` that stopped `check`, a file that is not UTF-8 reported at its first character,
a comparison's verdict cut off, and argparse's errors without a code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

from trustlaw.cli import main
from trustlaw.cli.deciding import SQL_NOTE
from trustlaw.lowering.files import statutes_root

CT = statutes_root() / "ct" / "pa-13-155.law"


def _draft(name: str, amends: str) -> str:
    return (f'statute "drafts/{name}" {{\n  title "t"\n  jurisdiction "drafts"\n'
            f'  citation "c"\n  status proposed\n  amends "{amends}"\n}}\n')


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_circle_of_amendments_is_one_error_and_the_other_files_are_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.law").write_text(_draft("a", "b.law"), encoding="utf-8")
    Path("b.law").write_text(_draft("b", "a.law"), encoding="utf-8")
    Path("ok.law").write_text(CT.read_text(encoding="utf-8").replace(
        '"ct/pa-13-155"', '"ct/pa-13-155-draft"'), encoding="utf-8")
    assert main(["check", "--format", fmt, "a.law", "ok.law"]) == 1
    out = capsys.readouterr()
    if fmt == "json":
        report = json.loads(out.out)
        assert report["files"] == ["a.law", "ok.law"] and report["errors"] == 1
        assert [d["code"] for d in report["diagnostics"]] == ["TL-M008"]
    else:
        assert out.out.strip() == "checked 2 files: 1 error, 0 warnings"
        assert out.err.count("error[TL-M008]") == 1 and "internal error" not in out.err


def test_a_byte_that_is_not_utf8_is_pointed_at(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = CT.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[86] = '  text "The person hXs been convicted."\n'
    path = tmp_path / "latin1.law"  # one Latin-1 byte in a UTF-8 file
    path.write_bytes("".join(lines).encode("utf-8").replace(b"hXs", b"h\xe9s"))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "error[TL-P098]" in err and "byte 0xe9" in err
    assert f"--> {path}:87:21" in err
    assert '87 |   text "The person h\ufffds been convicted."' in err


def test_an_equivalent_comparison_is_said_whole(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "ct/pa-13-155", "ct/pa-13-155"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "equivalent: ct/pa-13-155 and ct/pa-13-155 decide every case alike"
    assert lines[1].startswith("  (well-formed cases") and lines[1].endswith(" s)")
    assert "…" not in lines[1]


@pytest.mark.parametrize("argv", [
    ["check", "--format", "xml", "x.law"],
    ["decide", "ct/pa-13-155"],
    ["no-such-command"],
    ["verify", "ct/pa-13-155", "--bound", "many"],
])
def test_a_command_line_not_understood_is_a_coded_usage_error(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: trustlaw") and "error[TL-U025]: " in err
    assert "--help` says what it takes" in err


@pytest.mark.parametrize(("data", "reason"), [
    ('{"date": "2015-03-02"}'.encode("utf-16"), "it is UTF-16 text, not UTF-8"),
    (b'{"date": "2015-03-02", "agency": "caf\xe9"}',
     "it is not UTF-8 text (it holds the byte 0xe9)"),
])
def test_a_case_file_that_is_not_utf8_says_so(
        tmp_path: Path, data: bytes, reason: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Windows tools write UTF-16; the codec's own words named a position in a chunk."""
    path = tmp_path / "case.json"
    path.write_bytes(data)
    assert main(["decide", "ct/pa-13-155", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"error[TL-U005]: `{path}` could not be read: {reason}" in err
    assert "codec" not in err and "save it as UTF-8" in err


def test_a_json_lines_file_with_one_line_not_utf8_decides_every_other_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file was decoded strictly: the run stopped at the bad line with no line number,
    and the cases before and after it had no output line."""
    good = b'{"date": "2015-03-02", "agency": "county_jail"}\n'
    path = tmp_path / "cases.jsonl"
    path.write_bytes(good * 3 + b'{"agency": "caf\xe9"}\n' + good * 3)
    assert main(["decide", "ct/pa-13-155", str(path)]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert len(lines) == 7 and all("statute" in lines[i] for i in (0, 1, 2, 4, 5, 6))
    assert lines[3]["line"] == 4
    assert lines[3]["problems"][0]["message"] == "the line is not valid UTF-8 at byte 16 (0xe9)"
    assert f"{path}:4: this case is not valid" in captured.err


def test_one_case_on_stdin_that_is_not_utf8_says_so(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """It was read as the lone surrogate "caf\\udce9" and refused as a value (exit 1);
    the same bytes in a file are refused as not UTF-8 text (exit 2)."""
    import io

    data = b'{"date": "2015-03-02",\n "agency": "caf\xe9"}'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["decide", "ct/pa-13-155", "-"]) == 2
    assert "`<stdin>` is not UTF-8 text" in capsys.readouterr().err


# ---- what a newcomer following the docs met (second review) ------------------------------


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text('{"date": "2015-03-02", "agency": "county_jail"}', encoding="utf-8")
    return path


def test_a_missing_folder_is_a_missing_path_not_an_unknown_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "statutes/ct/"]) == 2
    err = capsys.readouterr().err
    assert "error[TL-U005]: there is no file or folder `statutes/ct/`" in err
    assert "TL-U001" not in err


def test_a_date_that_is_no_day_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decide", "ct", str(_case(tmp_path)), "--on", "2015-02-30"]) == 2
    assert "--on gives '2015-02-30', which is not a day of the calendar" in (
        capsys.readouterr().err)


@pytest.mark.parametrize("order", ["case first", "statute file as the case"])
def test_arguments_in_the_wrong_order_are_said_to_be(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], order: str) -> None:
    case = str(_case(tmp_path))
    argv = (["decide", case, "ct/pa-13-155"] if order == "case first"
            else ["decide", "ct/pa-13-155", str(CT)])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error[TL-U025]" in err
    assert "the statutes come first and the case file last: `trustlaw decide ID… CASE`" in err


@pytest.mark.parametrize("second", ["the same file", "another file"])
def test_two_case_files_say_decide_takes_one_and_where_many_go(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str) -> None:
    """The same file twice was "given as the case" (found by review); two files did not
    say that decide takes one case file, nor where several cases go."""
    case = _case(tmp_path)
    other = case if second == "the same file" else tmp_path / "case2.json"
    other.write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(case), str(other))
    assert code == 2 and out == ""
    assert err.startswith(f"error[TL-U025]: `{case}` is a case file, given as a statute: "
                          "`trustlaw decide` takes one case file, after the statutes\n")
    assert "given as the case" not in err
    assert ("several cases go in one .jsonl file, one JSON object per line (JSON lines): "
            "`trustlaw decide ct/pa-13-155 cases.jsonl`") in err
    assert "`trustlaw batch ct/pa-13-155 --cases cases.jsonl --out FILE`" in err
    lines = tmp_path / "cases.jsonl"  # what the help says works
    lines.write_text(case.read_text(encoding="utf-8") + "\n" + other.read_text(
        encoding="utf-8") + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(lines))
    assert code == 0 and len(out.splitlines()) == 2


@pytest.mark.parametrize("argv, guess", [
    (["decid"], "`decide`"),
    (["schema", "cas"], "`case`"),
    (["list", "--fromat", "json"], "`--format`"),
])
def test_a_typo_on_the_command_line_gets_a_guess(
        argv: list[str], guess: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error[TL-U025]" in err and f"did you mean {guess}?" in err
    assert "argument what" not in err


@pytest.mark.parametrize("argv, guess", [
    (["decide", "ct/pa-13-155", "case.json", "--fromat", "json"], "`--format`"),
    (["compare", "ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29"], None),
])
def test_arguments_a_command_does_not_take_are_that_commands_error(
        argv: list[str], guess: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    """They printed the top-level usage and `trustlaw --help`, where every other usage
    error names the command's (found by review)."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    command = argv[0]
    assert err.startswith(f"usage: trustlaw {command} [-h]")
    assert "error[TL-U025]: unrecognized arguments: " in err
    assert f"`trustlaw {command} --help` says what it takes" in err
    assert "`trustlaw --help`" not in err
    assert (f"did you mean {guess}?" in err) if guess else ("did you mean" not in err)


@pytest.mark.parametrize("text, what", [
    ('{\n  "date": "2015-03-02",\n  "agency": "county_jail"\n}\n', "one case"),
    ('[{"date": "2015-03-02"},\n {"date": "2015-03-03"}]\n', "a list of cases"),
])
def test_a_json_file_of_one_spread_out_value_is_not_read_as_json_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, what: str) -> None:
    pytest.importorskip("duckdb")
    cases = tmp_path / "cases.json"
    cases.write_text(text, encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert main(["batch", "ct/pa-13-155", "--cases", str(cases), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"holds {what} written over several lines" in err and "error[TL-U011]" in err
    assert not out.exists()
    cases.write_text('{"date": "2015-03-02"}\n{"date": "2015-03-03"}\n', encoding="utf-8")
    assert main(["batch", "ct/pa-13-155", "--cases", str(cases), "--out", str(out)]) == 0


def test_a_jurisdiction_read_as_its_latest_version_is_said_so(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "ct", "--target", "sql"]) == 0
    captured = capsys.readouterr()
    assert "note: `ct` is read as its latest version, ct/pa-25-29" in captured.err
    assert captured.out.startswith(SQL_NOTE + "WITH ")  # the output itself is unchanged
    assert main(["compile", "ct/pa-13-155", "--target", "sql"]) == 0
    assert "note:" not in capsys.readouterr().err


def test_a_dialect_for_python_is_refused_not_ignored(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "ct/pa-13-155", "--dialect", "spark"]) == 2
    assert "--dialect spark applies to SQL, not to --target python" in capsys.readouterr().err
    assert main(["compile", "ct/pa-13-155", "--target", "sql", "--dialect", "spark"]) == 0
    assert "`p1_conditions`" in capsys.readouterr().out  # Spark's quoting
