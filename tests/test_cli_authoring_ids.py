"""`check`, `test` and `parse` read a bundled statute id or jurisdiction as its file or
folder, as `decide` and `verify` read ids (a new user's first try); and `trustlaw test`
shows an amendment's CHANGED examples briefly, their explanations only with `-v`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_run import run

from trustlaw.library.loader import bundled_index
from trustlaw.lowering.files import statutes_root
from trustlaw.testing.runner import run_file


def test_test_takes_a_statute_id(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_file(bundled_index()["ct/pa-13-155"])
    code, out, _ = run(capsys, "test", "ct/pa-13-155")
    assert code == 0
    assert result.passed > 30
    assert out.strip().splitlines()[-1] == f"{result.passed} passed, 0 failed"


def test_check_takes_a_jurisdiction(capsys: pytest.CaptureFixture[str]) -> None:
    ct = sorted(name for name in bundled_index() if name.startswith("ct/"))
    code, out, _ = run(capsys, "check", "ct")
    assert code == 0
    assert out.strip().splitlines()[-1] == f"checked {len(ct)} files: no problems"


def test_parse_takes_a_statute_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "ct/pa-19-20")
    assert code == 0
    assert json.loads(out)["header"]["node"] == "Header"


def test_a_path_here_wins_over_an_id(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder named like a jurisdiction in the current folder is read, not the library's."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ct").mkdir()
    code, _, err = run(capsys, "check", "ct")
    assert code == 2
    assert "there is no .law file in the folder `ct`" in err


def test_an_unknown_id_is_still_a_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "test", "ct/pa-13-15")
    assert code == 2
    assert "error[TL-U005]: there is no file or folder `ct/pa-13-15`" in err
    assert "Traceback" not in err


def test_changed_examples_are_brief_unless_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    draft = os.fspath(statutes_root() / "drafts" / "ct-pa-13-155-without-b7.law")
    code, out, _ = run(capsys, "test", draft)
    assert code == 0
    assert 'CHANGED: ct/pa-13-155-without-b7-draft example of ct/pa-13-155' in out
    assert "expected: permitted" in out and "actual:   prohibited" in out
    assert "why, in words:" not in out and "explanation:" not in out
    code, verbose, _ = run(capsys, "test", "-v", draft)
    assert code == 0
    assert "why, in words:" in verbose and "explanation:" in verbose
    assert verbose.count("CHANGED: ") == out.count("CHANGED: ") > 0
