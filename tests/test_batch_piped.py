"""Cases piped in (`trustlaw batch|impact|compare … --cases -`, or `--cases <(zcat …)`):
the same rows as from the file itself, whatever its format (told by its first bytes, as a
pipe has no name to tell it), and a clear refusal of compressed data or a terminal, never
a traceback; the temporary copy is removed afterwards."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

from cli_run import run

from trustlaw.caseload.io import write_cases
from trustlaw.cases.synth import synthesize
from trustlaw.lowering.files import default_vocabulary

FORMATS = ("jsonl", "csv", "parquet")


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 300 synthetic cases, with one bad line, in each format."""
    folder = tmp_path_factory.mktemp("piped")
    vocab = default_vocabulary()
    cases = list(synthesize(300, seed=11, vocab=vocab))
    files = {}
    for fmt in FORMATS:
        files[fmt] = folder / f"cases.{fmt}"
        write_cases(cases, files[fmt], vocab, fmt)
    with files["jsonl"].open("a", encoding="utf-8") as out:
        out.write('{"date": "2016-01-01", "person": {"age": "old"}}\n')
    return files


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Standard input holding `data`, as a pipe gives it (bytes under a text stream)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _leftover_copies() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("trustlaw-cases-*")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_batch_reads_standard_input_as_it_reads_the_file(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caseload: dict[str, Path], fmt: str) -> None:
    before = _leftover_copies()
    code, summary, _ = run(capsys, "batch", "ct/pa-13-155", "ca/sb54-2017", "--cases",
                           str(caseload[fmt]), "--out", str(tmp_path / "file.csv"))
    assert code == 0
    _stdin(monkeypatch, caseload[fmt].read_bytes())
    code, piped_summary, err = run(capsys, "batch", "ct/pa-13-155", "ca/sb54-2017",
                                   "--cases", "-", "--out", str(tmp_path / "piped.csv"),
                                   monkeypatch=monkeypatch)
    assert code == 0, err
    rows = _rows(tmp_path / "piped.csv")
    assert rows == _rows(tmp_path / "file.csv")
    assert len(rows) == 2 * (301 if fmt == "jsonl" else 300)
    assert piped_summary == summary
    if fmt == "jsonl":  # the bad line is its row's error, as from the file
        assert "person.age" in rows[-1]["error"]
    assert _leftover_copies() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_pipe_without_a_name_is_told_by_its_bytes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, caseload: dict[str, Path]) -> None:
    """`--cases <(cat cases.parquet)` names /dev/fd/63: neither its name nor a seek tells
    its format; a Parquet file is read from its end, so it is copied first."""
    pipe = tmp_path / "fd-63"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_bytes, args=(caseload["parquet"].read_bytes(),))
    writer.start()
    code, out, err = run(capsys, "impact", "ct/pa-13-155", "ct/pa-19-20", "--cases", str(pipe),
                         "--format", "json")
    writer.join()
    assert code == 0, err
    piped = json.loads(out)
    code, out, _ = run(capsys, "impact", "ct/pa-13-155", "ct/pa-19-20", "--cases",
                       str(caseload["parquet"]), "--format", "json")
    assert code == 0 and piped == json.loads(out)
    assert piped["cases"] == 300


def test_compare_counts_a_caseload_on_standard_input(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        caseload: dict[str, Path]) -> None:
    argv = ("compare", "ct/pa-13-155", "ct/pa-19-20", "--format", "json", "--cases")
    code, out, _ = run(capsys, *argv, str(caseload["csv"]))
    assert code == 1  # they differ
    _stdin(monkeypatch, caseload["csv"].read_bytes())
    code, piped, err = run(capsys, *argv, "-", monkeypatch=monkeypatch)
    assert code == 1, err
    assert json.loads(piped)["impact"] == json.loads(out)["impact"]


@pytest.mark.parametrize("data, said, help_said", [
    (gzip.compress(b'{"date": "2016-01-01"}\n'), "gzip-compressed data", "zcat FILE |"),
    (b"PK\x03\x04" + b"\x00" * 40, "a zip archive", "unzip"),
    ('{"date": "2016-01-01"}\n'.encode("utf-16"), "UTF-16 text", "iconv"),
], ids=["gzip", "zip", "utf-16"])
def test_what_no_caseload_is_is_refused_by_name(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        data: bytes, said: str, help_said: str) -> None:
    before = _leftover_copies()
    _stdin(monkeypatch, data)
    code, out, err = run(capsys, "batch", "ct/pa-13-155", "--cases", "-", "--out",
                         str(tmp_path / "rows.csv"), monkeypatch=monkeypatch)
    assert code == 2 and "error[TL-U011]" in err
    assert f"the cases on standard input are {said}" in err and help_said in err
    assert out == "" and not (tmp_path / "rows.csv").exists()
    assert _leftover_copies() == before


def test_a_terminal_is_not_waited_on(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    code, _, err = run(capsys, "impact", "ct/pa-13-155", "--cases", "-")
    assert code == 2 and "standard input is a terminal" in err and "zcat" in err


def test_a_warning_about_the_columns_names_standard_input(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caseload: dict[str, Path]) -> None:
    """The copy is named for where the cases came from, as a warning about its columns
    names the file (never a temporary name the user did not give)."""
    lines = caseload["csv"].read_text(encoding="utf-8").splitlines()
    extra = "\n".join([lines[0] + ",extra"] + [line + "," for line in lines[1:]]) + "\n"
    _stdin(monkeypatch, extra.encode("utf-8"))
    code, _, err = run(capsys, "batch", "ct/pa-13-155", "--cases", "-", "--out",
                       str(tmp_path / "rows.csv"), monkeypatch=monkeypatch)
    assert code == 0, err
    assert "warning: standard-input.csv: the column `extra` is not in the case format" in err
