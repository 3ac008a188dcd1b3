"""A statute whose arithmetic goes past 64-bit whole numbers (a draft's huge number) is
decided in Python, whose numbers have no limit, but SQL engines stop: a batch said
`internal error: OutOfRangeException`, as if trustlaw had a bug. It is now a usage
error that says what to change."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from cli_run import run
from sql_engines import ENGINE_PARAMS, engine

import trustlaw

pytest.importorskip("duckdb")

OVERFLOW_LAW = textwrap.dedent("""\
    statute "test/overflow" {
      title "Overflow test"
      jurisdiction "test"
      citation "Test Act"
      status proposed
    }

    provision (a) {
      cites "Test Act § (a)"
      text "A hold for the old."
      hold permitted if person.age + 9223372036854775807 + 9223372036854775807 > 5
    }
    """)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    law, cases = tmp_path / "overflow.law", tmp_path / "cases.jsonl"
    law.write_text(OVERFLOW_LAW, encoding="utf-8")
    cases.write_text('{"date": "2015-03-02", "person": {"age": 30}}\n', encoding="utf-8")
    return law, cases


def test_python_decides_it(files: tuple[Path, Path]) -> None:
    law, _ = files
    decision = trustlaw.load(str(law)).decide({"date": "2015-03-02", "person": {"age": 30}})
    assert decision.outcomes["hold"] == "permitted"


@pytest.mark.parametrize("command", ["batch", "impact"])
def test_a_batch_says_the_number_is_too_big_for_sql(
        command: str, files: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    law, cases = files
    more = ["--out", str(tmp_path / "out.jsonl")] if command == "batch" else []
    code, _, err = run(capsys, command, str(law), "--cases", str(cases), *more)
    assert code == 2
    assert "error[TL-U013]: DuckDB could not evaluate the statutes: Out of Range Error: " \
           "Overflow in addition of INT64" in err
    assert "decide these cases with `trustlaw decide`" in err


def test_the_python_api_raises_the_usage_error(files: tuple[Path, Path]) -> None:
    law, cases = files
    with pytest.raises(trustlaw.UsageError) as raised:
        trustlaw.batch(str(law), str(cases))
    assert raised.value.diagnostics[0].code == "TL-U013"


@pytest.mark.parametrize("name", ENGINE_PARAMS)
def test_each_engine_says_the_number_is_too_big(name: str, files: tuple[Path, Path]) -> None:
    """PostgreSQL's refusal said to check the role's rights; Spark's was an internal error."""
    from trustlaw.backends.sql import evaluate

    law, _ = files
    with pytest.raises(trustlaw.UsageError) as raised:
        evaluate([trustlaw.load(str(law))], [{"date": "2015-03-02", "person": {"age": 30}}],
                 engine=engine(name))
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-U013"
    shown = {"duckdb": "DuckDB", "postgres": "PostgreSQL", "spark": "Spark"}[name]
    assert diagnostic.message.startswith(f"{shown} could not evaluate the statutes: ")
    assert "keep the statute's numbers smaller" in (diagnostic.help or "")
