"""Bad paths and references on the command line: a usage error with its code, never a
traceback, a hang or a file read whole; names from the input are shown escaped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run

import trustlaw
from trustlaw.diagnostics import StatuteError, UsageError

LONG = "x" * 300  # longer than a file name may be (ENAMETOOLONG)
ESC = "\x1b[31m"
MIN_LAW = """\
statute "zz/min" {
  title "Minimal"
  jurisdiction "zz"
  citation "Test"
  status enacted
  enacted 2015-01-01
  in_force 2015-01-01
  verification V
}

provision (a) {
  cites "Test (a)"
  text "No hold unless gang."
  hold prohibited unless person.gang_database
}
"""
CASE = {"date": "2015-03-02", "agency": "municipal_police",
        "request": {"kinds": ["hold"], "form": "I-247A"}, "person": {"age": 34},
        "convictions": []}

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")




def run_process(*argv: str, cwd: Path, timeout: float = 60, memory: int | None = None
                ) -> subprocess.CompletedProcess[str]:
    """`trustlaw ARGV` in its own process (a hang is a failed test, not a stuck run);
    with `memory`, its address space is limited to that many bytes."""
    def limit() -> None:
        import resource

        assert memory is not None
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "trustlaw", *argv], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, preexec_fn=limit if memory is not None else None, check=False,
    )


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    return path


def assert_clean(code: int, err: str, status: int, diagnostic: str) -> None:
    """The exit status and the code, and no Python error or raw escape on the way."""
    assert code == status, err
    assert f"error[{diagnostic}]" in err
    assert "internal error" not in err and "Traceback" not in err and "\x1b" not in err


# ---- 1: names too long for the system -----------------------------------------------


@pytest.mark.parametrize("argv", [
    ("decide", LONG, "CASE"),
    ("explain", LONG, "CASE"),
    ("compare", "ct/pa-13-155", LONG),
])
def test_a_too_long_reference_is_an_unknown_statute(
        capsys: pytest.CaptureFixture[str], case_file: Path, argv: tuple[str, ...]) -> None:
    argv = tuple(str(case_file) if a == "CASE" else a for a in argv)
    code, _, err = run(capsys, *argv)
    assert_clean(code, err, 2, "TL-U001")
    assert "…" in err  # the 300 characters are not all repeated


@pytest.mark.parametrize("argv", [
    ("check", "--no-solver", LONG + ".law"),
    ("decide", LONG + ".law", "CASE"),
    ("decide", "ct/pa-13-155", LONG + ".json"),
    ("fmt", "--check", LONG + ".law"),
    ("parse", LONG + ".law"),
])
def test_a_too_long_path_is_a_file_that_cannot_be_read(
        capsys: pytest.CaptureFixture[str], case_file: Path, argv: tuple[str, ...]) -> None:
    argv = tuple(str(case_file) if a == "CASE" else a for a in argv)
    code, _, err = run(capsys, *argv)
    assert_clean(code, err, 2, "TL-U005")


def test_the_library_refuses_too_long_references_with_usage_errors() -> None:
    with pytest.raises(UsageError) as bare:
        trustlaw.load(LONG)
    assert bare.value.diagnostics[0].code == "TL-U001"
    with pytest.raises(UsageError) as path:
        trustlaw.load(LONG + ".law")
    assert path.value.diagnostics[0].code == "TL-U005"
    with pytest.raises(UsageError) as checked:
        trustlaw.check(LONG + ".law")
    assert checked.value.diagnostics[0].code == "TL-U005"
    with pytest.raises(UsageError) as empty:
        trustlaw.check("")
    assert empty.value.diagnostics[0].code == "TL-U005"


# ---- 2: files too long, devices, FIFOs: never read whole, never waited on -----------


@pytest.fixture
def huge_law(tmp_path: Path) -> Path:
    """A 3 GB statute file (sparse: it takes no room on disk)."""
    path = tmp_path / "big.law"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    return path


def readers(statute: str) -> list[tuple[str, ...]]:
    """Every command that reads a statute file, given `statute` for it."""
    return [("check", "--no-solver", statute), ("decide", statute, "case.json"),
            ("fmt", "--check", statute), ("parse", statute)]


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limit: Linux")
@pytest.mark.parametrize("argv", readers("big.law"))
def test_a_huge_statute_file_is_too_long_at_once(
        huge_law: Path, case_file: Path, argv: tuple[str, ...]) -> None:
    done = run_process(*argv, cwd=huge_law.parent, memory=1536 * 1024**2)
    assert done.returncode == 1, done.stderr
    assert "error[TL-P026]" in done.stderr and "internal error" not in done.stderr


def test_the_library_reports_a_huge_file_as_too_long(huge_law: Path) -> None:
    with pytest.raises(StatuteError) as raised:
        trustlaw.load(huge_law)
    assert raised.value.diagnostics[0].code == "TL-P026"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("argv", readers("/dev/zero"))
def test_a_device_is_not_a_statute_file(case_file: Path, argv: tuple[str, ...]) -> None:
    done = run_process(*argv, cwd=case_file.parent, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "error[TL-U005]" in done.stderr and "not a regular file" in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_the_library_refuses_a_device() -> None:
    with pytest.raises(UsageError) as raised:
        trustlaw.load("/dev/zero")
    assert raised.value.diagnostics[0].code == "TL-U005"


@pytest.fixture
def fifo_folder(tmp_path: Path) -> Path:
    """A folder with a statute file and a FIFO named like one, which nothing writes to."""
    folder = tmp_path / "fifodir"
    folder.mkdir()
    (folder / "min.law").write_text(MIN_LAW, encoding="utf-8")
    os.mkfifo(folder / "other.law")
    return folder


@needs_fifo
def test_a_fifo_beside_a_statute_is_not_opened(fifo_folder: Path, case_file: Path) -> None:
    decided = run_process("decide", "fifodir/min.law", "case.json", cwd=case_file.parent)
    assert decided.returncode == 0, decided.stderr
    assert decided.stdout.startswith("zz/min: Minimal")
    checked = run_process("check", "--no-solver", "fifodir", cwd=case_file.parent)
    assert checked.returncode == 0, checked.stderr
    assert "checked 1 file" in checked.stdout


@needs_fifo
@pytest.mark.parametrize("argv", [
    ("check", "--no-solver", "fifodir/other.law"),
    ("decide", "fifodir/other.law", "case.json"),
    ("fmt", "--check", "fifodir/other.law"),
    ("parse", "fifodir/other.law"),
])
def test_a_fifo_named_as_a_statute_is_a_usage_error(
        fifo_folder: Path, case_file: Path, argv: tuple[str, ...]) -> None:
    done = run_process(*argv, cwd=case_file.parent)
    assert done.returncode == 2, done.stderr
    assert "error[TL-U005]" in done.stderr and "not a regular file" in done.stderr


# ---- 3: a bare reference that names nothing -------------------------------------------


@pytest.mark.parametrize("command", ["decide", "explain"])
def test_an_unknown_bare_reference_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], case_file: Path, command: str) -> None:
    code, _, err = run(capsys, command, "cx", str(case_file))
    assert_clean(code, err, 2, "TL-U001")
    assert "`cx`" in err and "did you mean" in err and "`ct`" in err
    assert "TL-C002" not in err  # not blamed on the case's date


def test_an_unknown_bare_reference_without_close_ids_lists_the_jurisdictions(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, _, err = run(capsys, "decide", "zz", str(case_file))
    assert_clean(code, err, 2, "TL-U001")
    assert "`ct`" in err and ".law file" in err


@pytest.mark.parametrize("command", ["decide", "explain"])
def test_an_empty_reference_is_a_usage_error_in_the_command_line_words(
        capsys: pytest.CaptureFixture[str], case_file: Path, command: str) -> None:
    code, _, err = run(capsys, command, "", str(case_file))
    assert_clean(code, err, 2, "TL-U021")
    assert "the statute reference is empty" in err
    assert "load()" not in err  # a user of the command line never called it


def test_a_known_jurisdiction_still_decides_by_the_case_date(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, out, err = run(capsys, "decide", "ct", str(case_file))
    assert code == 0, err
    assert out.startswith("ct/pa-13-155")


# ---- 4: control characters in names never reach the terminal --------------------------


def test_a_file_name_found_in_a_folder_is_escaped(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "escdir"
    folder.mkdir()
    (folder / f"{ESC}evil.law").write_text(MIN_LAW.replace("(a) {", "((a) {"),
                                           encoding="utf-8")
    code, out, err = run(capsys, "check", "--no-solver", str(folder))
    assert code == 1
    assert "\x1b" not in out + err
    assert "\\u001b[31mevil.law:11:11" in err


@pytest.mark.parametrize("ref", [f"{ESC}nope", f"{ESC}nope/x", f"./{ESC}nope.law"])
def test_a_reference_from_the_command_line_is_escaped(
        capsys: pytest.CaptureFixture[str], case_file: Path, ref: str) -> None:
    code, out, err = run(capsys, "decide", ref, str(case_file))
    assert code == 2
    assert "\x1b" not in out + err and "\\u001b[31mnope" in err


def test_a_missing_case_file_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "decide", "ct/pa-13-155", f"{ESC}case.json")
    assert_clean(code, err, 2, "TL-U005")
    assert "\\u001b[31mcase.json" in err


def test_a_missing_path_to_check_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", f"{ESC}gone.law")
    assert_clean(code, err, 2, "TL-U005")
    assert "\\u001b[31mgone.law" in err


# ---- a case file where a statute goes ------------------------------------------------


@pytest.mark.parametrize("argv", [
    ("compare", "ct/pa-13-155", "CASE"),
    ("matrix", "ct/pa-13-155", "CASE"),
    ("verify", "CASE"),
    ("check", "CASE"),
    ("fmt", "--check", "CASE"),
    ("parse", "CASE"),
    ("test", "CASE"),
    ("compile", "CASE"),
    ("batch", "CASE", "--cases", "CASE", "--out", "out.csv"),
    ("impact", "ct/pa-13-155", "CASE", "--cases", "CASE"),
    ("decide", "CASE", "ct/pa-13-155"),
])
def test_a_case_file_given_as_a_statute_is_said_to_be_one(
        capsys: pytest.CaptureFixture[str], case_file: Path, argv: tuple[str, ...]) -> None:
    """compare (and the other commands taking statutes) read its JSON as statute grammar
    (TL-P016, echoing the case), where decide said what it is (found by review)."""
    code, out, err = run(capsys, *(str(case_file) if a == "CASE" else a for a in argv))
    assert_clean(code, err, 2, "TL-U025")
    assert err.startswith(f"error[TL-U025]: `{case_file}` is a case file, given as a statute")
    assert "TL-P016" not in err and '"date"' not in err and out == ""


def test_compare_given_a_case_file_says_how_to_count_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / f"{ESC}case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    code, _, err = run(capsys, "compare", "ct/pa-13-155", str(path))
    assert_clean(code, err, 2, "TL-U025")
    shown = str(path).replace(ESC, "\\u001b[31m")
    assert ("= help: compare takes two statutes (ids or .law files); to count the cases of "
            f"`{shown}` in the regions where they differ: `trustlaw compare ct/pa-13-155 B "
            f"--cases {shown}`") in err


# ---- 6: an empty path names no file ---------------------------------------------------


@pytest.mark.parametrize("argv", [
    ("check", ""),
    ("fmt", "--check", ""),
    ("parse", ""),
    ("test", ""),
    ("decide", "ct/pa-13-155", ""),
    ("explain", "ct/pa-13-155", ""),
])
def test_an_empty_path_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                        argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *argv)
    assert_clean(code, err, 2, "TL-U005")
    assert "empty path" in err and "checked" not in out


@pytest.mark.parametrize("argv, said", [
    (("batch", "ct/pa-13-155", "--cases", "cases.jsonl", "--out", "-"), "writes its rows"),
])
def test_a_dash_for_rows_says_they_go_to_a_file(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        argv: tuple[str, ...], said: str) -> None:
    """`batch --out -` said "cannot tell the format of `-`" (found by a researcher's
    pass); standard output is the summary's. (`--cases -` reads standard input:
    tests/test_batch_piped.py.)"""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases.jsonl").write_text(json.dumps(CASE) + "\n", encoding="utf-8")
    code, out, err = run(capsys, *argv, stdin=json.dumps(CASE) + "\n",
                         monkeypatch=monkeypatch)
    assert_clean(code, err, 2, "TL-U011")
    command = argv[0]
    assert f"`trustlaw {command}` {said}" in err and "no file or folder" not in err
    assert "cannot tell the format" not in err and out == ""
    assert list(tmp_path.iterdir()) == [tmp_path / "cases.jsonl"]


# ---- 7: a byte-order mark at the start of a case file ---------------------------------


BOM = "\ufeff"


def test_a_case_file_may_start_with_a_byte_order_mark(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(BOM + json.dumps(CASE), encoding="utf-8")
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(path), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["statute"] == "ct/pa-13-155"
    code, out, err = run(capsys, "explain", "ct/pa-13-155", str(path))
    assert code == 0, err


def test_json_lines_may_start_with_a_byte_order_mark(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_text(BOM + json.dumps(CASE) + "\n" + json.dumps(CASE) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "decide", "ct/pa-13-155", str(path), "--format", "json")
    assert code == 0, err
    assert [json.loads(line)["statute"] for line in out.splitlines()] == ["ct/pa-13-155"] * 2


@pytest.mark.parametrize("lines", [1, 2])
def test_standard_input_may_start_with_a_byte_order_mark(tmp_path: Path, lines: int) -> None:
    text = BOM + "".join(json.dumps(CASE) + "\n" for _ in range(lines))
    done = subprocess.run(
        [sys.executable, "-m", "trustlaw", "decide", "ct/pa-13-155", "-", "--format", "json"],
        input=text.encode("utf-8"), capture_output=True, timeout=60, check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    decisions = [json.loads(out)] if lines == 1 else [json.loads(x) for x in out.splitlines()]
    assert [d["statute"] for d in decisions] == ["ct/pa-13-155"] * lines
