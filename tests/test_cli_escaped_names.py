"""A file name the user gives is shown escaped wherever a command prints it: an escape
sequence in `--out` (or a case file's name) must not reach the terminal as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

ODD = "o\x1b[1m"
SHOWN = "o\\u001b[1m"


def test_batch_names_its_output_escaped(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"date": "2015-03-02"}\n', encoding="utf-8")
    out = tmp_path / f"{ODD}.jsonl"
    code, stdout, stderr = run(capsys, "batch", "ct/pa-13-155", "--cases", str(cases),
                               "--out", str(out))
    assert code == 0 and out.is_file()
    assert "\x1b" not in stdout + stderr
    assert f"wrote 1 row to {tmp_path}/{SHOWN}.jsonl" in stdout + stderr


def test_synth_names_its_output_escaped(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    out = tmp_path / f"{ODD}.jsonl"
    code, stdout, stderr = run(capsys, "synth", "--n", "3", "--seed", "1", "--out", str(out))
    assert code == 0 and out.is_file()
    assert "\x1b" not in stdout + stderr
    assert f"to {tmp_path}/{SHOWN}.jsonl" in stdout + stderr


def test_a_bad_line_names_its_file_escaped(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    cases = tmp_path / f"{ODD}.jsonl"
    cases.write_text('{"date": "x"}\n', encoding="utf-8")
    code, stdout, stderr = run(capsys, "decide", "ct/pa-13-155", str(cases), "--format", "text")
    assert code == 1
    assert "\x1b" not in stdout + stderr
    assert f"{tmp_path}/{SHOWN}.jsonl:1: this case is not valid:" in stderr
    assert f"--- {tmp_path}/{SHOWN}.jsonl:1" in stdout
