"""Clear without the solver, and exit codes that tell results apart (z3 blocked in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_run import run

from trustlaw import cli
from trustlaw.lowering.files import statutes_root

ROOT = Path(__file__).resolve().parent.parent
CT_2013 = statutes_root() / "ct" / "pa-13-155.law"
# Runs the CLI with `import z3` failing, as on a machine without the `smt` extra.
WITHOUT_Z3 = textwrap.dedent("""
    import sys
    sys.modules["z3"] = None
    from trustlaw.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def without_z3(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", WITHOUT_Z3, *argv], capture_output=True,
                          text=True, env=env, timeout=300)




def test_check_says_the_solver_checks_were_skipped() -> None:
    done = without_z3("check", str(CT_2013))
    assert done.returncode == 0, done.stderr
    assert "solver checks" in done.stderr and "were skipped" in done.stderr
    assert "pip install -e '.[smt]'" in done.stderr
    assert done.stdout.strip() == "checked 1 file: no problems"
    done = without_z3("check", str(CT_2013), "--format", "json")
    assert json.loads(done.stdout)["solver_checks"] == "skipped"
    done = without_z3("check", str(CT_2013), "--solver")
    assert done.returncode == 2 and "needs the z3 solver" in done.stderr


def test_compare_says_the_solver_is_missing() -> None:
    done = without_z3("compare", "ct/pa-13-155", "ct/pa-19-20")
    assert done.returncode == 2
    assert "`compare` needs the z3 solver, which is not installed" in done.stderr
    assert "questions" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_the_api_compare_says_the_solver_is_missing() -> None:
    code = ("import sys; sys.modules['z3'] = None\nimport trustlaw\n"
            "try:\n    trustlaw.compare('ct/pa-13-155', 'ct/pa-19-20')\n"
            "except trustlaw.UsageError as e:\n    print(e.diagnostics[0].message)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.stdout.strip() == "compare() needs the z3 solver, which is not installed"


def test_verify_ends_with_a_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    # without z3, verify stops with one usage error as compare and matrix do (it printed
    # an UNKNOWN block per invariant, then this line, and exited 3)
    done = without_z3("verify", "ct/pa-13-155")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[0] == (
        "error[TL-U006]: `verify` needs the z3 solver, which is not installed")
    assert "pip install 'trustlaw[smt]'" in done.stderr and "Traceback" not in done.stderr
    pytest.importorskip("z3")
    code, out, _ = run(capsys, "verify", "ct/pa-13-155", "ct/pa-19-20")
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("verified 2 statutes: ")
    assert "unknown" not in out.strip().splitlines()[-1]


def test_compare_with_a_broken_statute_exits_2_not_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.law"
    broken.write_text(CT_2013.read_text(encoding="utf-8").replace(
        "person.gang_database", "person.gang_databse", 1), encoding="utf-8")
    for argv in (("compare", str(broken), "ct/pa-19-20"), ("compare", "ct/pa-13-155", str(broken))):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "TL-N002" in err


def test_a_closed_pipe_is_not_success(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"date": "2015-03-02"}\n' * 5000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "trustlaw", "decide", "ct/pa-13-155", str(cases)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader goes away, as `| head -1` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=300) == 141
    assert "Traceback" not in err and "Exception ignored" not in err


def test_the_exit_codes_are_documented() -> None:
    assert "141" in cli.build_parser().epilog
