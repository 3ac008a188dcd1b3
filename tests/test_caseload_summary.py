"""What `trustlaw batch` and `trustlaw impact` print per statute: the shares in one fixed
order, the holds of 0 hours among those permitted or required, the statute's status and
the cases dated outside its period in force."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

from trustlaw import ir
from trustlaw.caseload.impact import Impact
from trustlaw.caseload.run import Summary


def _counts(**by_result: int) -> dict[str, dict[str, int]]:
    return {outcome: dict(by_result) for outcome in ir.OUTCOMES}


def test_the_shares_come_in_one_fixed_order_for_every_statute() -> None:
    """Ordered by count, one statute's line began with prohibited and the next's with
    permitted, so two lines could not be read side by side."""
    counts: dict[str, Any] = {"a": _counts(permitted=6, undetermined=1, prohibited=3),
                              "b": _counts(undetermined=2, required=1, prohibited=7)}
    lines = Summary(("a", "b"), counts, errors=0, cases=10).render().splitlines()
    assert "  hold          prohibited 3 (30.0%), permitted 6 (60.0%), undetermined 1 (10.0%)" \
        in lines
    assert "  hold          prohibited 7 (70.0%), required 1 (10.0%), undetermined 2 (20.0%)" \
        in lines
    text = Impact(("a", "b"), 10, 0, counts, {}).render().splitlines()
    assert [line.split()[1] for line in text if line.startswith("  hold")] == [
        "prohibited", "permitted", "undetermined", "prohibited", "required", "undetermined"]
