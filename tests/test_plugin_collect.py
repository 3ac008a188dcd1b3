"""The pytest plugin: one item per statute example, readable failures, nothing else disturbed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_runner_examples import RUNNER_LAW

from trustlaw.lowering.files import statutes_root

CONFTEST = textwrap.dedent("""\
    import json

    def pytest_runtest_logreport(report):
        if report.when == "call":
            with open("locations.jsonl", "a", encoding="utf-8") as out:
                out.write(json.dumps({"nodeid": report.nodeid,
                                      "location": list(report.location)}) + "\\n")
    """)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with statutes (good and broken), a normal test and a broken fixture."""
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    (tmp_path / "conftest.py").write_text(CONFTEST)
    law_dir = tmp_path / "statutes" / "test"
    law_dir.mkdir(parents=True)
    (law_dir / "runner.law").write_text(RUNNER_LAW, encoding="utf-8")
    vocab_dir = tmp_path / "statutes" / "vocabulary"
    vocab_dir.mkdir()
    (vocab_dir / "detainer.law").write_text(
        (statutes_root() / "vocabulary" / "detainer.law").read_text(encoding="utf-8")
    )
    tests = tmp_path / "tests"
    (tests / "fixtures").mkdir(parents=True)
    (tests / "test_normal.py").write_text("def test_plain():\n    assert 1 + 1 == 2\n")
    (tests / "fixtures" / "broken.law").write_text('statute "x/y" { title ')
    return tmp_path


def run_pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=cwd, capture_output=True, text=True,
        env=env, timeout=120,
    )


@pytest.mark.slow
def test_one_item_per_example_named_after_it(project: Path) -> None:
    out = run_pytest(project, "--collect-only", "-q")
    assert out.returncode == 0, out.stdout + out.stderr
    items = [line for line in out.stdout.splitlines() if "::" in line]
    assert items == [
        "statutes/test/runner.law::consent permits",
        "statutes/test/runner.law::wrong on every count",
        "statutes/test/runner.law::reading of holidays and absent duty",
        "statutes/test/runner.law::inconsistent facts",
        "tests/test_normal.py::test_plain",
    ]


@pytest.mark.slow
def test_failures_show_file_line_expected_actual_and_explanation(project: Path) -> None:
    out = run_pytest(project, "statutes", "-q")
    assert out.returncode == 1
    text = out.stdout
    assert "1 passed" in text and "3 failed" in text
    runner = project / "statutes" / "test" / "runner.law"
    lines = RUNNER_LAW.splitlines()
    start = lines.index('example "wrong on every count" {')
    line = lines.index("  expect hold permitted", start) + 1
    assert f"{runner}:{line}:" in text or f"statutes/test/runner.law:{line}:" in text
    assert "expected: permitted" in text and "actual:   prohibited" in text
    assert "explanation:" in text
    assert "not a valid case" in text
    assert "Traceback" not in text and "def runtest" not in text


@pytest.mark.slow
def test_report_location_is_the_example_in_the_statute(project: Path) -> None:
    run_pytest(project, "statutes", "-q")
    records = [json.loads(line) for line in (project / "locations.jsonl").read_text().splitlines()]
    location = {r["nodeid"]: r["location"] for r in records}
    path, line, domain = location["statutes/test/runner.law::wrong on every count"]
    assert path.endswith("runner.law")
    assert RUNNER_LAW.splitlines()[line].startswith('example "wrong on every count"')
    assert "wrong on every count" in domain


@pytest.mark.slow
def test_broken_statute_is_one_failing_item_with_diagnostics(project: Path) -> None:
    broken = project / "statutes" / "test" / "broken.law"
    broken.write_text(RUNNER_LAW.replace('statute "test/runner"', 'statute "test/broken"')
                      .replace("hold prohibited", "hold prohibitted"), encoding="utf-8")
    out = run_pytest(project, "statutes/test/broken.law", "-q", "-rf")
    assert out.returncode == 1
    assert "1 failed" in out.stdout
    assert "does not compile" in out.stdout
    assert "prohibitted" in out.stdout and "broken.law:" in out.stdout


@pytest.mark.slow
def test_normal_tests_unaffected_and_fixture_law_files_ignored(project: Path) -> None:
    out = run_pytest(project, "tests", "-q")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 passed" in out.stdout


@pytest.mark.slow
def test_a_law_file_named_on_the_command_line_is_collected(project: Path) -> None:
    elsewhere = project / "drafts"
    elsewhere.mkdir()
    (elsewhere / "mine.law").write_text(RUNNER_LAW, encoding="utf-8")
    out = run_pytest(project, "drafts/mine.law", "--collect-only", "-q")
    assert "drafts/mine.law::consent permits" in out.stdout
    # A folder that is not a statutes folder is not searched for statutes...
    out = run_pytest(project, "drafts", "--collect-only", "-q")
    assert "mine.law" not in out.stdout
    # ...unless the ini option names it.
    (project / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:cacheprovider\ntrustlaw_paths = drafts\n"
    )
    out = run_pytest(project, "drafts", "--collect-only", "-q")
    assert "drafts/mine.law::consent permits" in out.stdout


@pytest.mark.slow
def test_an_amendment_runs_the_amended_statutes_examples_as_trustlaw_test_does(
        tmp_path: Path) -> None:
    """`pytest draft.law` ran no test for a draft without examples of its own, while
    `trustlaw test draft.law` ran the base law's: both run them now, CHANGED as xfail."""
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    draft = (statutes_root() / "drafts" / "ct-pa-13-155-without-b7.law").read_text(
        encoding="utf-8")
    start = draft.index('example "')
    (tmp_path / "draft.law").write_text(draft[:start], encoding="utf-8")  # no examples
    out = run_pytest(tmp_path, "draft.law", "-q", "-rx")
    assert out.returncode == 0, out.stdout + out.stderr
    summary = out.stdout.strip().splitlines()[-1]
    import trustlaw

    base = trustlaw.load("ct/pa-13-155")
    passed = int(summary.split(" passed")[0].split()[-1])
    xfailed = int(summary.split(" xfailed")[0].split()[-1])
    assert passed + xfailed == len(base.examples) and xfailed > 0
    assert "CHANGED: the amendment decides this example of ct/pa-13-155 otherwise" in out.stdout
