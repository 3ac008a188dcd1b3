"""A command or call that needs an extra that is not installed says so in one usage error
naming the extra (never "internal error", never a bare ModuleNotFoundError).

Each test blocks packages in this process (`sys.modules[name] = None`, as an import of a
package that is not installed fails) and imports trustlaw afresh, so that no module of
trustlaw's already holds the package; everything is put back afterwards."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")

CASE = '{"id": "a", "date": "2015-03-02", "agency": "state_corrections"}\n'
Without = Callable[..., ModuleType]


@pytest.fixture
def without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Without]:
    """`without("pyarrow", …)`: those packages fail to import, and trustlaw is imported
    anew (returned: its `cli` and its error types are the fresh ones). The working
    folder is a fresh one holding `cases.jsonl` (one case)."""
    saved = dict(sys.modules)
    (tmp_path / "cases.jsonl").write_text(CASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def block(*packages: str) -> ModuleType:
        for name in list(sys.modules):
            if name == "trustlaw" or name.startswith("trustlaw."):
                del sys.modules[name]
        for package in packages:
            sys.modules[package] = None  # type: ignore[assignment]
        return importlib.import_module("trustlaw")

    yield block
    for name in list(sys.modules):
        if name not in saved:
            del sys.modules[name]
    sys.modules.update(saved)


def run(trustlaw: ModuleType, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The command's exit code and what it printed (stdout, then stderr)."""
    capsys.readouterr()
    cli = importlib.import_module("trustlaw.cli")
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "internal error" not in out + err and "Traceback" not in out + err
    return code, out + err


def hint(extra: str) -> str:
    return (f"install the `{extra}` extra: pip install 'trustlaw[{extra}]' "
            f"(in a clone: pip install -e '.[{extra}]')")


# ---- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("package", ["sqlglot", "numpy", "pyarrow"])
def test_batch_without_the_sql_extra(without: Without, capsys: pytest.CaptureFixture[str],
                                     package: str) -> None:
    trustlaw = without(package)
    code, said = run(trustlaw, capsys, "batch", "ct/pa-13-155", "--cases", "cases.jsonl",
                     "--out", "out.csv")
    assert code == 2
    assert f"error[TL-U012]: deciding a caseload in SQL needs {package}, which is not " \
        "installed" in said
    assert hint("sql") in said
    assert not Path("out.csv").exists()


def test_impact_without_the_sql_extra(without: Without,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    trustlaw = without("sqlglot")
    code, said = run(trustlaw, capsys, "impact", "ct/pa-13-155", "ct/pa-19-20", "--cases",
                     "cases.jsonl")
    assert code == 2 and "needs sqlglot" in said and hint("sql") in said


def test_duckdb_belongs_to_the_sql_extra(without: Without,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    trustlaw = without("duckdb")  # sqlglot, pyarrow and numpy are there
    code, said = run(trustlaw, capsys, "batch", "ct/pa-13-155", "--cases", "cases.jsonl",
                     "--out", "out.csv")
    assert code == 2
    assert "the duckdb engine needs duckdb, which is not installed" in said
    assert hint("sql") in said and "engines" not in said


def test_postgres_belongs_to_the_engines_extra(without: Without) -> None:
    trustlaw = without("psycopg")
    from trustlaw.caseload.run import open_engine

    with pytest.raises(trustlaw.UsageError) as raised:
        open_engine("postgres", "host=/nowhere")
    assert "the postgres engine needs psycopg" in str(raised.value)
    assert hint("engines") in str(raised.value)


def test_compile_to_sql_without_sqlglot(without: Without,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    trustlaw = without("sqlglot")
    code, said = run(trustlaw, capsys, "compile", "ct/pa-13-155", "--target", "sql")
    assert code == 2
    assert "error[TL-U007]: `trustlaw compile` needs sqlglot, which is not installed" in said
    assert hint("sql") in said


def test_synth_to_parquet_without_pyarrow(without: Without,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    trustlaw = without("pyarrow")
    code, said = run(trustlaw, capsys, "synth", "--n", "5", "--seed", "1", "--out", "z.parquet")
    assert code == 2
    assert "reading or writing Parquet needs pyarrow, which is not installed" in said
    assert hint("sql") in said
    assert not Path("z.parquet").exists()


def test_compare_with_a_parquet_caseload_without_pyarrow(
        without: Without, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("z3")
    Path("cases.parquet").write_bytes(b"PAR1")
    trustlaw = without("pyarrow")
    code, said = run(trustlaw, capsys, "compare", "ct/pa-13-155", "ct/pa-19-20", "--cases",
                     "cases.parquet")
    assert code == 2 and "needs pyarrow" in said and hint("sql") in said


def test_verify_without_z3_stops_with_one_error(without: Without,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    trustlaw = without("z3")
    capsys.readouterr()
    code = importlib.import_module("trustlaw.cli").main(["verify", "ct/pa-13-155"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""  # no UNKNOWN block per invariant
    assert err.splitlines() == ["error[TL-U006]: `verify` needs the z3 solver, which is not "
                                "installed", f"  = help: {hint('smt')}"]
    assert trustlaw.UsageError is not None


def test_a_missing_module_no_extra_installs_is_still_a_bug(
        without: Without, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    without()
    cli = importlib.import_module("trustlaw.cli")
    authoring = importlib.import_module("trustlaw.cli.authoring")

    def broken(_args: object) -> int:
        raise ModuleNotFoundError("No module named 'trustlaw.gone'", name="trustlaw.gone")

    monkeypatch.setattr(authoring, "cmd_parse", broken)
    monkeypatch.delenv("TRUSTLAW_DEBUG", raising=False)
    assert cli.main(["parse", "x.law"]) == 1
    assert "internal error: ModuleNotFoundError" in capsys.readouterr().err


# ---- the Python API --------------------------------------------------------------------------


def test_the_api_batch_without_pyarrow(without: Without) -> None:
    trustlaw = without("pyarrow")
    with pytest.raises(trustlaw.UsageError) as raised:
        trustlaw.batch("ct/pa-13-155", "cases.jsonl")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.code == "TL-U012"
    assert diagnostic.message == "deciding a caseload in SQL needs pyarrow, which is not installed"
    assert diagnostic.help == hint("sql")


@pytest.mark.parametrize("frame", ["pandas", "polars"])
def test_the_api_batch_without_the_frame_library(without: Without, frame: str) -> None:
    trustlaw = without(frame)
    with pytest.raises(trustlaw.UsageError) as raised:
        trustlaw.batch("ct/pa-13-155", "cases.jsonl", output=frame)
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.message == f'batch(output="{frame}") needs {frame}, which is not installed'
    assert diagnostic.help == hint(frame)


def test_the_api_compare_with_a_parquet_caseload_without_pyarrow(without: Without) -> None:
    pytest.importorskip("z3")
    Path("cases.parquet").write_bytes(b"PAR1")
    trustlaw = without("pyarrow")
    with pytest.raises(trustlaw.UsageError) as raised:
        trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", cases="cases.parquet")
    assert "needs pyarrow" in str(raised.value) and hint("sql") in str(raised.value)
