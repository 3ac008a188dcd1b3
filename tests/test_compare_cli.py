"""`trustlaw compare A B`: exit codes (0 equivalent, 1 different, 2 usage, 3 unknown),
text for drafters and JSON for tools."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from trustlaw import cli

pytest.importorskip("z3")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_equivalent_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-19-20", "ct/pa-19-20")
    assert code == 0
    assert out.startswith("equivalent: ct/pa-19-20 and ct/pa-19-20 decide every case alike")


def test_differences_exit_1_with_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20")
    assert code == 1
    assert "hold: ct/pa-13-155 permits where ct/pa-19-20 prohibits" in out
    assert "  - e.g. " in out and "      case: {" in out


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "ca/ab4-2013", "ca/sb54-2017", "--format", "json",
                       "--bound", "2")
    assert code == 1
    data = json.loads(out)
    assert data["status"] == "different" and data["bound"] == 2
    assert data["a"]["id"] == "ca/ab4-2013" and data["b"]["id"] == "ca/sb54-2017"
    assert data["differences"] and all(d["examples"] for d in data["differences"])


def test_a_law_file_against_a_bundled_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.law"
    draft.write_text(textwrap.dedent("""\
        statute "zz/draft" {
          title "Draft" jurisdiction "zz" citation "Draft Act" status proposed
        }
        provision (a) {
          cites "Draft Act § (a)"
          text "No holds."
          hold prohibited
        }
        """), encoding="utf-8")
    code, out, _ = run(capsys, "compare", str(draft), str(draft), "--format", "json")
    assert code == 0 and json.loads(out)["equivalent"] is True


@pytest.mark.parametrize("argv", [
    ("compare", "ct/pa-13-15", "ct/pa-19-20"),
    ("compare", "ct/pa-13-155", "missing.law"),
    ("compare", "ct/pa-13-155", "ct/pa-19-20", "--bound", "-1"),
    ("compare", "ct/pa-13-155", "ct/pa-19-20", "--bound", "many"),
    ("compare", "ct/pa-13-155"),
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.strip()


def test_solver_unknown_exits_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustlaw.backends import smt

    real = smt.solver_with

    def exhausted(constraints: Any, timeout_ms: int | None = None) -> Any:
        solver = real(constraints, timeout_ms)
        solver.set("rlimit", 1)
        return solver

    monkeypatch.setattr(smt, "solver_with", exhausted)
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", "ct/pa-19-20")
    assert code == 3
    assert out.startswith("unknown: no case found")
    assert "UNKNOWN hold:" in out
