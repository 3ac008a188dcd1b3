"""The `trustlaw` command: every command, its exit codes, and clear errors on bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from cli_run import run
from test_runner_examples import RUNNER_LAW

import trustlaw
from trustlaw import cli
from trustlaw.lowering.files import statutes_root

CT_2013 = statutes_root() / "ct" / "pa-13-155.law"

FELONY_CASE: dict[str, Any] = {
    "date": "2015-03-02",
    "agency": "state_corrections",
    "request": {"kinds": ["hold", "notification"], "form": "I-247", "judicial_warrant": False,
                "court_order": False},
    "person": {"gang_database": False, "security_risk_group": False,
               "terrorist_watchlist_match": False, "final_removal_order": False,
               "public_safety_risk": False},
    "warrants": [],
    "charges": [],
    "convictions": [{"date": "2009-06-01", "level": "felony", "felony_class": "B",
                     "court": "other_state", "youthful_offender": False, "vacated": False}],
}
BARE_CASE = {**FELONY_CASE, "convictions": []}




@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(FELONY_CASE), encoding="utf-8")
    return path


@pytest.fixture
def typo_statute(tmp_path: Path) -> Path:
    path = tmp_path / "typo.law"
    path.write_text(CT_2013.read_text(encoding="utf-8").replace(
        "hold permitted if person.terrorist_watchlist_match",
        "hold permitted if person.terrorist_watchlst_match"), encoding="utf-8")
    assert path.read_text() != CT_2013.read_text()
    return path


# ---- help and usage ---------------------------------------------------------------------


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("check", "fmt", "parse", "decide", "explain", "compile", "schema", "test",
                    "verify", "list", "docs"):
        assert command in out
    assert "exit codes" in out


def test_each_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "fmt", "parse", "decide", "explain", "compile", "schema", "test",
                    "verify", "list"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "usage: trustlaw " + command in out


def test_no_command_and_unknown_command_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, )[0] == 2
    code, _, err = run(capsys, "decid")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, "decide", "ct/pa-13-155")
    assert code == 2 and "CASE" in err


def test_python_dash_m_and_console_script(case_file: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "trustlaw", "decide", "ct/pa-13-155",
                          str(case_file), "--format", "json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["outcomes"]["hold"] == "permitted"
    script = shutil.which("trustlaw")
    if script is not None:
        out = subprocess.run([script, "decide", "ct/pa-13-15", str(case_file)],
                             capture_output=True, text=True)
        assert out.returncode == 2
        assert "did you mean `ct/pa-13-155`" in out.stderr and "Traceback" not in out.stderr


# ---- list, schema -------------------------------------------------------------------------


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("ct/pa-13-155 "))
    assert "superseded" in row and "2014-01-01" in row and "2019-10-01" in row
    code, out, _ = run(capsys, "list", "--format", "json")
    listed = {item["id"]: item for item in json.loads(out)}
    assert set(listed) == set(trustlaw.available())
    assert listed["ct/pa-19-20"]["in_force"] == "2019-10-01"


def test_schema_alone_is_the_case_schema_the_case_errors_point_to(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong field's help names `trustlaw schema case`; `trustlaw schema` gives it too."""
    with pytest.raises(trustlaw.CaseError) as raised:
        trustlaw.load("ct/pa-13-155").decide({"date": "2015-03-02", "dat": 1})
    assert "(`trustlaw schema case` prints it)" in str(raised.value)
    code, alone, _ = run(capsys, "schema")
    assert code == 0
    assert run(capsys, "schema", "case")[1] == alone
    assert json.loads(alone)["$id"].startswith("urn:trustlaw:case")


def test_schema_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "case")
    schema = json.loads(out)
    assert code == 0 and schema["type"] == "object"
    assert "convictions" in schema["properties"]


# ---- check ----------------------------------------------------------------------------------


def test_check_clean_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(CT_2013))
    assert code == 0
    assert out.strip() == "checked 1 file: no problems"
    assert err == ""


def test_check_with_no_path_checks_the_bundled_library(
        capsys: pytest.CaptureFixture[str]) -> None:
    # as `test` and `verify` do; it was a usage error ("the following arguments are
    # required: PATH"), and `check statutes/` works only in a clone
    from trustlaw.lowering.files import statutes_root

    files = sorted(p for p in statutes_root().rglob("*.law") if p.is_file())
    code, out, _ = run(capsys, "check", "--no-solver", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert sorted(map(Path, report["files"])) == files
    assert report["errors"] == 0 and report["warnings"] == 0
    code, out, _ = run(capsys, "check", "--no-solver")
    assert code == 0 and out.strip() == f"checked {len(files)} files: no problems"


def test_check_typo_is_a_located_error(
    capsys: pytest.CaptureFixture[str], typo_statute: Path,
) -> None:
    code, out, err = run(capsys, "check", str(typo_statute))
    assert code == 1
    assert f"{typo_statute}:" in err
    assert "terrorist_watchlst_match" in err and "terrorist_watchlist_match" in err
    assert "error[TL-N002]" in err
    assert out.startswith("checked 1 file: ") and " error" in out


def test_check_json(capsys: pytest.CaptureFixture[str], typo_statute: Path) -> None:
    code, out, _ = run(capsys, "check", str(typo_statute), "--format", "json")
    report = json.loads(out)
    assert code == 1 and (report["errors"], report["warnings"]) == (1, 1)
    # the warning: a changed copy of a bundled statute under its id; then the typo
    assert [d["code"] for d in report["diagnostics"]] == ["TL-M014", "TL-N002"]
    error = report["diagnostics"][1]
    typo_line = next(number for number, line in enumerate(
        typo_statute.read_text(encoding="utf-8").splitlines(), 1) if "watchlst" in line)
    assert error["file"] == str(typo_statute) and error["line"] == typo_line
    assert error["message"] == "`person` has no field `terrorist_watchlst_match`"


#: RUNNER_LAW without its example whose facts break a rule of the case format, which
#: `trustlaw check` refuses (TL-C003) while `trustlaw test` runs it as a failing example
CLEAN_LAW = RUNNER_LAW.split('example "inconsistent facts"')[0]


def test_check_refuses_an_example_whose_facts_break_a_rule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    path = tmp_path / "runner.law"
    path.write_text(RUNNER_LAW)
    code, out, err = run(capsys, "check", str(path))
    assert code == 1 and "1 error, 0 warnings" in out
    line = RUNNER_LAW.splitlines().index(
        '  given {"charges": [{"level": "misdemeanor", "felony_class": "A"}]}') + 1
    assert 'error[TL-C003]: example "inconsistent facts": charges[0].felony_class' in err
    assert f"{path}:{line}:" in err


def test_check_shows_warnings_without_failing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    path = tmp_path / "unverified.law"
    path.write_text(CLEAN_LAW.replace('text "No holds."', 'text "No holds."\n  verification U'))
    code, out, err = run(capsys, "check", str(path))
    assert code == 0
    assert "warning[TL-W" in err
    assert "0 errors, 1 warning" in out


def test_check_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "no/such/file.law")
    assert code == 2
    assert "there is no file or folder `no/such/file.law`" in err


def test_check_solver_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "dead.law"
    path.write_text(CLEAN_LAW.replace(
        "hold permitted if person.written_consent",
        "hold permitted if person.written_consent and not person.written_consent"))
    code, _, err = run(capsys, "check", "--solver", str(path))
    assert code == 0
    assert "TL-V001" in err


# ---- fmt, parse ---------------------------------------------------------------------------


def test_fmt_check_and_rewrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    messy = tmp_path / "messy.law"
    messy.write_text(RUNNER_LAW.replace("  hold prohibited", "        hold    prohibited"))
    code, out, _ = run(capsys, "fmt", "--check", str(messy))
    assert code == 1 and out.strip() == str(messy)
    before = messy.read_text()
    code, _, err = run(capsys, "fmt", str(messy))
    assert code == 0 and "reformatted 1 file" in err
    assert messy.read_text() != before
    assert trustlaw.parse(messy.read_text()) == trustlaw.parse(before)
    code, out, _ = run(capsys, "fmt", "--check", str(messy))
    assert code == 0 and out == ""


def test_fmt_counts_a_file_it_could_not_format(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    """A file with a syntax error was left out of the count: "reformatted 0 files,
    0 unchanged" for the one file given."""
    broken = tmp_path / "broken.law"
    broken.write_text(RUNNER_LAW.replace("hold prohibited", "hold prohibited {"))
    code, _, err = run(capsys, "fmt", str(broken))
    assert code == 1
    assert err.rstrip().endswith("reformatted 0 files, 0 unchanged, 1 file not formatted "
                                 "(errors above)")
    code, _, err = run(capsys, "fmt", "--check", str(broken))
    assert code == 1
    assert err.rstrip().endswith("0 files already formatted, 1 file not formatted "
                                 "(errors above)")


def test_fmt_on_a_syntax_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.law"
    broken.write_text(RUNNER_LAW.replace("hold prohibited\n}", "hold prohibited\n"))
    code, _, err = run(capsys, "fmt", str(broken))
    assert code == 1
    assert "error[TL-P" in err and f"{broken}:" in err


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(CT_2013), "--format", "json")
    tree = json.loads(out)
    assert code == 0
    assert tree["node"] == "LawFile" and tree["header"]["name"] == "ct/pa-13-155"
    provisions = [item for item in tree["items"] if item["node"] == "Provision"]
    assert any(p["label"] == "(b)(1)" for p in provisions)
    assert all(len(p["span"]) == 4 for p in provisions)


def test_parse_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.law"
    broken.write_text('statute "x/y" {\n  title "T"\n  status\n')
    code, out, err = run(capsys, "parse", str(broken))
    assert code == 1 and out == ""
    assert "error[TL-P" in err and f"{broken}:" in err


def test_parse_shows_a_byte_that_is_not_utf8_where_check_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`parse` said only "not UTF-8 text (it holds the byte 0xe9)", with no place."""
    latin1 = tmp_path / "latin1.law"
    latin1.write_bytes(b'statute "x/y" {\n  title "caf\xe9"\n}\n')
    code, out, err = run(capsys, "parse", str(latin1))
    assert code == 1 and out == ""
    assert "error[TL-P098]" in err and f"{latin1}:2:13" in err
    _, _, checked = run(capsys, "check", str(latin1))
    assert f"{latin1}:2:13" in checked
    code, _, err = run(capsys, "parse", str(tmp_path))  # a folder: still a usage error
    assert code == 2 and "Is a directory" in err


# ---- decide, explain, compile ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "fmt", "test", "verify", "matrix"])
def test_a_folder_without_law_files_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str) -> None:
    """Checking nothing is not a success: a CI step pointed at the wrong folder fails."""
    (tmp_path / "notes.txt").write_text("not a statute", encoding="utf-8")
    code, out, err = run(capsys, command, str(tmp_path))
    assert code == 2 and out == ""
    assert f"error[TL-U005]: there is no .law file in the folder `{tmp_path}`" in err


def test_decide_text(capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(case_file))
    assert code == 0
    assert out.startswith("ct/pa-13-155: An Act Concerning Civil Immigration Detainers")
    lines = out.splitlines()
    assert any(line.split() == ["hold", "permitted"] for line in lines)
    assert any("(b)(1)" in line for line in lines)
    # the limit in a lawyer's words, as `explain` and comparisons put it
    assert ("max hold: 48 hours, not counting Saturdays, Sundays and federal holidays "
            "(holidays on their calendar dates); Conn. Pub. Act 13-155 § 1(c)") in " ".join(
                out.split())


def test_decide_text_names_the_provisions_on_secondary_sources_on_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Ten warnings, one per provision resting on a secondary source, filled the screen
    before the outcomes (a drafter's review): the text names them on one line, by what
    they decide; the JSON keeps one warning each."""
    path = tmp_path / "sparse.json"
    path.write_text('{"agency": "state_police", "request": {"kinds": ["hold"]}}',
                    encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-25-29", str(path))
    assert code == 0
    text = " ".join(out.split())
    assert text.count("warning:") == 2  # the unknown date, then the sources
    assert ("warning: 10 provisions this decision rests on rest on a secondary source, not a "
            "verified text: hold: (b)(1)(A)(i), (b)(1)(A)(ii), (b)(1)(A)(iii), (b)(1)(A); "
            "notification: (b)(1)(B); interview: (b)(1)(D)(i), (b)(1)(D)(ii), (b)(1)(D)(iii), "
            "(b)(1)(D); the time limit: (g).") in text
    code, out, _ = run(capsys, "decide", "ct/pa-25-29", str(path), "--format", "json")
    codes = [w["code"] for w in json.loads(out)["warnings"]]
    assert codes == ["date-unknown", *["secondary-source"] * 10]


def test_one_provision_resting_on_a_secondary_source_twice_is_one_provision(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Connecticut's 2013 (c) decides notification and sets the time limit: the text
    said "2 provisions … notification: (c); the time limit: (c)" of one provision; with
    the public-safety factor, (b)(7) too makes two."""
    path = tmp_path / "felony.json"
    path.write_text(json.dumps(FELONY_CASE), encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(path))
    text = " ".join(out.split())
    assert code == 0 and ("warning: Provision (c), on which notification and the time "
                          "limit rest, rests on a secondary source, not a verified text.") in text
    risk = {**FELONY_CASE, "convictions": [],
            "person": {**FELONY_CASE.get("person", {}), "public_safety_risk": True}}
    path.write_text(json.dumps(risk), encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert ("warning: 2 provisions this decision rests on rest on a secondary source, not a "
            "verified text: hold: (b)(7); notification: (c); the time limit: (c).") in " ".join(
                out.split())


def test_decide_text_shows_the_warnings(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    """A law applied outside its period in force says so in text as it does in JSON."""
    path = tmp_path / "late.json"
    path.write_text(json.dumps({**FELONY_CASE, "date": "2021-03-02"}), encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 0
    lines = out.splitlines()
    warning = " ".join(line.strip() for line in lines[1:3])  # wrapped to the terminal
    assert warning.startswith("warning: The case is dated March 2, 2021, after "
                              "ct/pa-13-155 stopped applying on October 1, 2019")


def test_decide_text_never_splits_a_date_across_lines(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A wrapped warning keeps "October 1, 2019" on one line, at any terminal width."""
    from trustlaw import load
    from trustlaw.cli.deciding import render_decision

    decision = load("ct/pa-13-155").decide({**FELONY_CASE, "date": "2021-03-02"})
    days = ("March 2, 2021", "October 1, 2019")
    for width in range(40, 120):
        text = render_decision(decision, width=width)
        assert all(day in text for day in days), width
        for line in text.splitlines():
            assert not re.search(r"(January|February|March|April|May|June|July|August|"
                                 r"September|October|November|December)( \d{1,2},?)?$",
                                 line), (width, line)


def test_decide_text_says_an_undetermined_outcome_is_open(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The provisions listed under an undetermined outcome are what may decide it, not
    what did: 'this law does not bind this agency' is not asserted for an unknown agency."""
    path = tmp_path / "open.json"
    path.write_text(json.dumps({"date": "2015-03-02"}), encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 0
    lines = out.splitlines()
    hold = next(i for i, line in enumerate(lines) if line.split() == ["hold", "undetermined"])
    assert lines[hold + 1].strip().startswith(
        "not settled by the facts given: prohibited or permitted once")
    assert "(a)(4)" in lines[hold + 3]
    # nor does the ground itself say so: the agency is not known
    assert "Whether this law binds this agency is not known" in lines[hold + 3]
    assert "This law does not bind this agency" not in out
    permitted = next(i for i, line in enumerate(lines) if line.split() == ["transfer",
                                                                           "permitted"])
    assert "not settled" not in lines[permitted + 1]


def test_a_line_of_bad_json_is_named_without_repeating_itself(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = tmp_path / "cases.jsonl"
    lines.write_text(json.dumps(FELONY_CASE) + "\n{not json\n", encoding="utf-8")
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(lines))
    assert code == 1
    error = json.loads(out.splitlines()[1])["error"]
    assert error == ("the case is not valid: the line is not valid JSON at column 2: "
                     "expected a name in double quotes (JSON has no single quotes or bare names)")
    assert f"{lines}:2: this case is not valid:\n  error[TL-C000]: the line is not valid JSON" \
        in err


def test_explain_with_two_statutes_says_so_and_points_to_decide(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """argparse blamed the case file ("unrecognized arguments: case.json") when the second
    statute was the extra name (found by review)."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps(FELONY_CASE), encoding="utf-8")
    code, out, err = run(capsys, "explain", "ct/pa-13-155", "ca/sb54-2017", str(case))
    assert code == 2 and out == ""
    assert err.startswith("error[TL-U018]: explain takes one statute and one case, and was "
                          f"given 3 names: `ct/pa-13-155`, `ca/sb54-2017`, `{case}`")
    assert f"`trustlaw decide ct/pa-13-155 ca/sb54-2017 {case}`" in err
    assert "unrecognized arguments" not in err


def test_explain_with_two_cases_suggests_commands_that_work(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The help suggested `trustlaw decide ID case.json case2.json`, which reads the first
    case file as a statute and fails (found by review)."""
    first, second = tmp_path / "case.json", tmp_path / "case2.json"
    first.write_text(json.dumps(FELONY_CASE), encoding="utf-8")
    second.write_text(json.dumps(BARE_CASE), encoding="utf-8")
    code, out, err = run(capsys, "explain", "ct/pa-13-155", str(first), str(second))
    assert code == 2 and out == ""
    assert f"`trustlaw decide ct/pa-13-155 {first} {second}`" not in err
    assert (f"explain one case at a time: `trustlaw explain ct/pa-13-155 {first}`; to decide "
            "several, put them in one .jsonl file, one JSON object per line (JSON lines): "
            "`trustlaw decide ct/pa-13-155 cases.jsonl`") in err
    assert run(capsys, "explain", "ct/pa-13-155", str(first))[0] == 0
    lines = tmp_path / "cases.jsonl"
    lines.write_text(json.dumps(FELONY_CASE) + "\n" + json.dumps(BARE_CASE) + "\n",
                     encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(lines))
    assert code == 0 and len(out.splitlines()) == 2


def test_explain_on_a_file_of_json_lines_points_to_decide(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = tmp_path / "cases.jsonl"
    lines.write_text(json.dumps(FELONY_CASE) + "\n" + json.dumps(BARE_CASE) + "\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "explain", "ct/pa-13-155", str(lines))
    assert code == 2 and out == ""
    assert f"error[TL-U018]: explain takes one case, and `{lines}` holds 2 lines of cases" in err
    assert f"`trustlaw decide ct/pa-13-155 {lines}`" in err
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(FELONY_CASE) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "explain", "ct/pa-13-155", str(one))
    assert code == 0 and out.startswith("What ct/pa-13-155")
    # a file longer than a case may be is read only so far: its count says so
    many = tmp_path / "many.jsonl"
    line = json.dumps(FELONY_CASE) + "\n"
    many.write_text(line * (1_000_000 // len(line) + 200), encoding="utf-8")
    code, _, err = run(capsys, "explain", "ct/pa-13-155", str(many))
    assert code == 2
    assert f"holds more than {1_000_000 // len(line):,} lines of cases" in err


def test_decide_json_equals_the_library(
    capsys: pytest.CaptureFixture[str], case_file: Path,
) -> None:
    expected = trustlaw.load("ct/pa-13-155").decide(FELONY_CASE).to_dict()
    for backend in ("compiled", "interpreter"):
        code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(case_file), "--format", "json",
                           "--backend", backend)
        assert code == 0 and json.loads(out) == expected


def test_decide_by_path_and_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(capsys, "decide", str(CT_2013), "-", "--format", "json",
                       stdin=json.dumps(BARE_CASE), monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out)["outcomes"]["hold"] == "prohibited"


def test_decide_json_lines_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = tmp_path / "cases.jsonl"
    bad = {**FELONY_CASE, "person": {"age": "thirty"}}
    text = "\n".join(json.dumps(c) for c in (FELONY_CASE, bad, BARE_CASE)) + "\n{not json\n"
    lines.write_text(text)
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(lines))
    assert code == 1
    # one output line per input line (issue 11 item 4): bad lines give their error
    written = [json.loads(line) for line in out.splitlines()]
    assert len(written) == 4
    decisions = [w for w in written if "outcomes" in w]
    assert [d["outcomes"]["hold"] for d in decisions] == ["permitted", "prohibited"]
    assert [written[0], written[2]] == decisions
    assert written[1]["line"] == 2 and "person.age" in written[1]["error"]
    assert written[1]["problems"][0]["code"] == "TL-C002"
    assert written[3]["line"] == 4 and "not valid JSON at column 2" in written[3]["error"]
    assert f"{lines}:2: this case is not valid" in err
    assert "person.age" in err
    assert f"{lines}:4: this case is not valid" in err and "not valid JSON at column 2" in err


def test_decide_json_lines_under_several_statutes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = tmp_path / "cases.jsonl"
    lines.write_text(json.dumps(FELONY_CASE) + "\n\n" + json.dumps(BARE_CASE) + "\n")
    ids = ["ct/pa-13-155", "ca/sb54-2017", "nyc/ll58-59-2014"]
    code, out, err = run(capsys, "decide", *ids, str(lines))
    assert code == 1 and f"{lines}:2: this case is not valid" in err
    written = [json.loads(line) for line in out.splitlines()]
    assert [w["line"] for w in written] == [1, 2, 3]
    assert "the line is empty" in written[1]["error"]
    for w, case in ((written[0], FELONY_CASE), (written[2], BARE_CASE)):
        assert [d["statute"] for d in w["decisions"]] == ids
        assert w["decisions"] == [trustlaw.load(i).decide(case).to_dict() for i in ids]
    code, out, _ = run(capsys, "decide", *ids[:2], str(lines).replace(".jsonl", ".json"))
    assert code == 2


def test_decide_one_case_under_several_statutes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(FELONY_CASE))
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "ca/sb54-2017", str(path),
                       "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "decisions": [trustlaw.load(i).decide(FELONY_CASE).to_dict()
                      for i in ("ct/pa-13-155", "ca/sb54-2017")]
    }
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "ca/sb54-2017", str(path))
    assert code == 0 and "ct/pa-13-155: " in out and "ca/sb54-2017: " in out


def test_decide_json_lines_on_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = json.dumps(FELONY_CASE) + "\n" + json.dumps(BARE_CASE) + "\n"
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "-", stdin=text, monkeypatch=monkeypatch)
    assert code == 0
    assert [json.loads(line)["outcomes"]["hold"] for line in out.splitlines()] == [
        "permitted", "prohibited",
    ]


def test_pretty_printed_case_on_stdin_is_one_case(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", "-",
                       stdin=json.dumps(FELONY_CASE, indent=2), monkeypatch=monkeypatch)
    assert code == 0 and out.startswith("ct/pa-13-155: ")
    broken = json.dumps(FELONY_CASE, indent=2).replace('"agency": "state_corrections",',
                                                       '"agency": state_corrections,')
    code, _, err = run(capsys, "decide", "ct/pa-13-155", "-", stdin=broken,
                       monkeypatch=monkeypatch)
    assert code == 1 and "not valid JSON" in err and "<stdin>:3:" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("text, holds", [
    (json.dumps(FELONY_CASE) + "\n" + json.dumps(BARE_CASE) + "\n", ["permitted", "prohibited"]),
    (json.dumps(FELONY_CASE, indent=2), ["permitted"]),
])
def test_decide_reads_a_pipe_as_it_reads_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, holds: list[str],
) -> None:
    # `trustlaw decide ID <(zcat cases.jsonl.gz)` names a pipe (/dev/fd/63): its name says
    # nothing of its format and it can be read once, so it is read as stdin is
    pipe = tmp_path / "cases"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=(text,))
    writer.start()
    code, out, _ = run(capsys, "decide", "ct/pa-13-155", str(pipe), "--format", "json")
    writer.join()
    assert code == 0
    decisions = ([json.loads(line) for line in out.splitlines()] if len(holds) > 1
                 else [json.loads(out)])
    assert [d["outcomes"]["hold"] for d in decisions] == holds


def test_decide_wrong_type_names_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**FELONY_CASE, "convictions": [{"date": "last year"}]}))
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and out == ""
    assert 'convictions[0].date: expected an ISO date' in err and '"last year"' in err


def test_decide_invalid_json_is_located(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "date": "2015-03-02",\n  "agency": state_corrections\n}\n')
    code, _, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1
    assert "not valid JSON" in err and f"{path}:3:" in err
    path.write_text("[1, 2]")
    code, _, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and "a case is a JSON object, not a list" in err


def test_a_json_array_of_cases_says_where_many_cases_go(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The help said only to write the facts as {…} (found by review); in a file of JSON
    lines, a line that is a list is told that a line holds one case."""
    path = tmp_path / "list.json"
    path.write_text(json.dumps([FELONY_CASE, BARE_CASE]), encoding="utf-8")
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(path))
    assert code == 1 and out == ""
    assert "error[TL-C000]: a case is a JSON object, not a list" in err
    assert ("many cases go one JSON object per line in a .jsonl file (JSON lines; "
            "`jq -c '.[]' FILE > cases.jsonl` splits a list), which `trustlaw decide ID "
            "cases.jsonl` decides line by line") in err
    lines = tmp_path / "cases.jsonl"
    lines.write_text(json.dumps(FELONY_CASE) + "\n" + json.dumps([BARE_CASE]) + "\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(lines))
    assert code == 1 and len(out.splitlines()) == 2
    assert "each line holds one case, not a list of them" in err
    assert ".jsonl file" not in err


def test_decide_unknown_id_and_missing_case(
    capsys: pytest.CaptureFixture[str], case_file: Path,
) -> None:
    code, _, err = run(capsys, "decide", "ct/pa-13-15", str(case_file))
    assert code == 2 and "no bundled statute `ct/pa-13-15`" in err and "`ct/pa-13-155`" in err
    code, _, err = run(capsys, "decide", "ct/pa-13-155", "missing.json")
    assert code == 2 and "`missing.json`" in err


def test_decide_with_a_broken_statute(
    capsys: pytest.CaptureFixture[str], typo_statute: Path, case_file: Path,
) -> None:
    code, _, err = run(capsys, "decide", str(typo_statute), str(case_file))
    assert code == 1
    assert "terrorist_watchlst_match" in err and f"{typo_statute}:" in err


def test_explain(capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, out, _ = run(capsys, "explain", "ct/pa-13-155", str(case_file))
    assert code == 0
    assert "(b)(1)" in out and "permitted" in out


def test_compile_python(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compile", "ct/pa-13-155", "--target", "python")
    assert code == 0
    compile(out, "<generated>", "exec")
    assert out == trustlaw.load("ct/pa-13-155").compile()


# ---- test, verify ----------------------------------------------------------------------------


def test_test_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """Every example of every bundled file runs (a review's mutation running the first
    file alone had passed): the counts are those of the runner over each file."""
    from trustlaw.lowering.files import statutes_root
    from trustlaw.testing.runner import run_file, statute_files

    results = [run_file(path) for path in statute_files([statutes_root()])]
    passed, changed = sum(r.passed for r in results), sum(r.changed for r in results)
    assert passed > 500 and changed > 0
    code, out, _ = run(capsys, "test")
    assert code == 0
    assert out.strip().splitlines()[-2:] == [
        f"{changed} examples of amended statutes decided otherwise by the amendment "
        "(CHANGED above; not failures)", f"{passed} passed, 0 failed"]


def test_test_failing_examples(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    law = tmp_path / "runner.law"
    law.write_text(RUNNER_LAW)
    code, out, _ = run(capsys, "test", str(law))
    assert code == 1
    assert out.strip().splitlines()[-1] == "1 passed, 3 failed"
    assert f'FAILED: test/runner example "wrong on every count" ({law}:' in out
    assert "expected: permitted" in out and "actual:   prohibited" in out
    assert "explanation:" in out


def test_test_broken_file_and_missing_path(capsys: pytest.CaptureFixture[str],
                                           typo_statute: Path) -> None:
    code, out, _ = run(capsys, "test", str(typo_statute))
    assert code == 1 and "does not compile" in out and out.strip().endswith("0 passed, 1 failed")
    code, _, err = run(capsys, "test", "nowhere/")
    assert code == 2 and "nowhere" in err


VERIFY_LAW = RUNNER_LAW.split('example "consent permits"')[0] + textwrap.dedent("""\
    invariant "a bare detainer never causes a hold" {
      standard no_hold_on_detainer_alone
    }

    invariant "consent never permits a hold" {
      assume person.written_consent
      ensure hold is prohibited
      expect violated
    }
    """)


def test_verify_expected_results_exit_zero(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    law = tmp_path / "verify.law"
    law.write_text(VERIFY_LAW)
    code, out, _ = run(capsys, "verify", str(law))
    assert code == 0, out
    assert "proved: test/runner · a bare detainer never causes a hold" in out
    code, out, _ = run(capsys, "verify", str(law), "--format", "json")
    statuses = {r["invariant"]: r["status"] for r in json.loads(out)}
    assert statuses == {"a bare detainer never causes a hold": "proved",
                        "consent never permits a hold": "violated"}


def test_verify_unexpected_violation_exits_one(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    law = tmp_path / "verify.law"
    law.write_text(VERIFY_LAW.replace("  expect violated\n", ""))
    code, out, _ = run(capsys, "verify", str(law))
    assert code == 1
    assert "VIOLATED" in out and "written_consent" in out


def test_verify_exit_code_for_each_status() -> None:
    from trustlaw.analysis.verification import VerifyResult

    def result(status: str, expect_violated: bool = False) -> VerifyResult:
        return VerifyResult("x/y", "inv", "", None, status, expect_violated, 3, 0.0)

    assert cli.verify_exit_code(result("proved")) == 0
    assert cli.verify_exit_code(result("violated", expect_violated=True)) == 0
    assert cli.verify_exit_code(result("violated")) == 1
    assert cli.verify_exit_code(result("proved", expect_violated=True)) == 1
    assert cli.verify_exit_code(result("unknown")) == 3


def test_verify_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "verify", "ct/nope")
    assert code == 2 and "`ct/nope`" in err


# ---- docs and internal errors ------------------------------------------------------------------


def test_docs_generate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "docs", "generate", "--docs-dir", str(tmp_path))
    assert code == 0 and "generated" in err
    assert (tmp_path / "laws" / "index.md").is_file()
    assert (tmp_path / "laws" / "ct" / "pa-13-155.md").is_file()


def test_docs_build_without_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "docs", "build", "--config", str(tmp_path / "mkdocs.yml"))
    assert code == 2 and "mkdocs configuration" in err


def test_a_bug_is_reported_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.library, "cmd_list", broken)
    monkeypatch.delenv("TRUSTLAW_DEBUG", raising=False)
    code = cli.main(["list"])
    _, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "internal error: RuntimeError: boom" in err and "bug in trustlaw" in err


def test_decide_text_quotes_a_provision_once_however_many_outcomes_it_decides(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A law that does not bind the agency decides all four outcomes by one provision:
    its text is quoted under hold and named under the others, not printed four times."""
    path = tmp_path / "jail.json"
    path.write_text(json.dumps({"date": "2020-06-01", "agency": "juvenile_detention",
                                "request": {"kinds": ["hold"]}}), encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct/pa-19-20", str(path))
    assert code == 0
    text = " ".join(out.split())  # the lines as wrapped for the terminal, joined
    assert text.count("This law does not bind this agency") == 1
    for outcome in ("notification", "transfer", "interview"):
        assert f"{outcome} permitted (a)(9), Conn. Gen. Stat. § 54-192h(a)(9)-(11), (b)(1) " \
               "(2019): as for hold above" in text
