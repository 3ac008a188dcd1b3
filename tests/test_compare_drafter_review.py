"""A legislative drafter's aide compared a draft amendment with current law: list bounds
that hide every difference, Markdown fit for a memo, the redline's region numbers, the
protectiveness verdict, the one-line summaries, the regions of unknown facts and
examples a reader can decide as they stand."""

from __future__ import annotations

from pathlib import Path

import pytest

import trustlaw
from trustlaw import cli
from trustlaw.diagnostics import UsageError

pytest.importorskip("z3")

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# ---- a list bound of 0 ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [("compare", "ct/pa-13-155", "ct/pa-19-20"),
                                     ("matrix", "ct/pa-13-155", "ct/pa-19-20")])
def test_a_bound_of_0_is_a_usage_error_on_the_command_line(
        capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    """`--bound 0` was accepted: every list empty, so the draft's main change (a pending
    charge) was no difference at all, "at most 0 elements per list"."""
    code, out, err = run(capsys, *command, "--bound", "0")
    assert code == 2 and out == ""
    assert "expected a number from 1 to 10, got 0" in err
    assert "every list of a case would be empty" in err


def test_a_bound_of_0_is_refused_by_every_python_entry_point() -> None:
    from trustlaw.analysis.compare import CompareOptions, matrix
    from trustlaw.analysis.compare import compare as compare_statutes
    from trustlaw.analysis.verification import VerifyOptions

    with pytest.raises(ValueError, match=r"the bound must be from 1 to 10, not 0") as caught:
        trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", bound=0)
    assert isinstance(caught.value, UsageError)
    for call in (lambda: compare_statutes("ct/pa-13-155", "ct/pa-19-20", bound=0),
                 lambda: CompareOptions(bound=0),
                 lambda: matrix(["ct/pa-13-155", "ct/pa-19-20"], bound=0)):
        with pytest.raises(UsageError, match=r"bound must be a whole number from 1 to 10, "
                                             r"got 0") as refused:
            call()
        assert isinstance(refused.value, ValueError)
        assert "every list of a case would be empty" in refused.value.render()
    with pytest.raises(ValueError, match="bound must be at least 1, got 0"):
        VerifyOptions(bound=0)
    assert matrix(["ct/pa-13-155", "ct/pa-19-20"], bound=1).bound == 1  # 1 still works
