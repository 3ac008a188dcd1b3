"""A jurisdiction named in a batch (`trustlaw batch ct ca/sb54-2017 …`, `trustlaw.batch`,
`impact`): each case decided under the version in force on its date, the row naming that
version, exactly as `trustlaw decide ct` chooses it (`library.choosing.StatuteChooser`);
a case with no date, or dated when no version was in force, in error under every name in
`decide`'s words; the summaries say which version decided how many cases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

from cli_run import run

import trustlaw
from trustlaw.caseload.io import write_cases
from trustlaw.cases.synth import synthesize
from trustlaw.diagnostics import CaseError, UsageError
from trustlaw.library.choosing import StatuteChooser
from trustlaw.library.loader import versions
from trustlaw.lowering.files import default_vocabulary

OUTCOMES = ("hold", "notification", "transfer", "interview")


def _edges(jurisdiction: str) -> list[str | None]:
    """Days on and around each end of each version's period, a day long before, and none."""
    days: set[dt.date] = {dt.date(2009, 6, 1)}
    for statute in versions(jurisdiction):
        for edge in (statute.meta.in_force, statute.meta.superseded):
            if edge is not None:
                days.update(edge + dt.timedelta(days=d) for d in (-1, 0, 1))
    return [None, *sorted(d.isoformat() for d in days)]


def _cases(jurisdiction: str, n: int = 160) -> list[dict[str, Any]]:
    """Well-formed synthetic cases, each dated on one of the edges in turn (or undated):
    a case whose arrest, request or conviction the new date would put after it is
    passed over (`test_a_case_that_does_not_validate_keeps_its_own_error`)."""
    edges = _edges(jurisdiction)
    cases: list[dict[str, Any]] = []
    for case in synthesize(20 * n, seed=5, vocab=default_vocabulary()):
        day = edges[len(cases) % len(edges)]
        if day is None:
            case.pop("date", None)
        else:
            case["date"] = day
        try:
            trustlaw.validate(case)
        except CaseError:
            continue
        cases.append(case)
        if len(cases) == n:
            break
    return cases


@pytest.mark.parametrize("jurisdiction", ["ct", "nyc", "dc"])
def test_each_case_is_decided_under_the_version_decide_chooses(jurisdiction: str) -> None:
    cases = _cases(jurisdiction)
    rows = trustlaw.batch([jurisdiction, "ca/sb54-2017"], cases).to_pylist()
    alone = trustlaw.batch("ca/sb54-2017", cases).to_pylist()
    chooser = StatuteChooser(jurisdiction, None)
    assert len(rows) == 2 * len(cases)
    chosen = set()
    for k, case in enumerate(cases):
        mine, california = rows[2 * k], rows[2 * k + 1]
        try:
            statute = chooser(case)
        except CaseError as error:  # no date, or no version in force on it
            said = f"the case is not valid: {error.diagnostics[0].message}"
            assert mine["statute"] == jurisdiction and mine["error"] == said
            assert [mine[o] for o in OUTCOMES] == [None] * 4
            assert mine["max_hold_hours"] is None and mine["hold_ground"] is None
            # the jurisdiction's row alone: California decides the case, as decide_many does
            assert california == alone[k] and california["error"] is None
            continue
        chosen.add(statute.id)
        decision = statute.decide(case).to_dict()
        assert mine["statute"] == statute.id and mine["error"] is None
        assert [mine[o] for o in OUTCOMES] == [decision["outcomes"][o] for o in OUTCOMES]
        assert california == alone[k]
    assert len(chosen) >= 2  # the edges reach more than one version


def test_a_version_beside_its_jurisdiction_is_refused_as_a_name_twice_is() -> None:
    """`ct ct/pa-19-20` was allowed: a 2020 case's two rows both said `ct/pa-19-20`, so a
    researcher grouping by statute counted it twice under one name (and never under
    `ct`). A jurisdiction beside another's version is fine."""
    case = {"date": "2020-05-04", "agency": "state_police", "person": {"age": 30}}
    with pytest.raises(UsageError, match="TL-U024") as refused:
        trustlaw.batch(["ct", "ct/pa-19-20"], [case])
    assert "`ct` and its version `ct/pa-19-20` are both named" in str(refused.value)
    with pytest.raises(UsageError, match="TL-U024"):
        trustlaw.batch(["ct/pa-13-155", "ct"], [case])
    rows = trustlaw.batch(["ct", "ca/sb54-2017"], [case]).to_pylist()
    assert [r["statute"] for r in rows] == ["ct/pa-19-20", "ca/sb54-2017"]
    with pytest.raises(UsageError, match="TL-U024"):
        trustlaw.batch(["ct", "ct"], [case])
    with pytest.raises(UsageError, match="TL-U001"):
        trustlaw.batch(["cx"], [case])


def test_a_case_that_does_not_validate_keeps_its_own_error() -> None:
    bad = {"date": "2016-05-02", "person": {"age": "thirty"}}
    undated_bad = {"person": {"age": "thirty"}}
    rows = trustlaw.batch(["ct", "ca/sb54-2017"], [bad, undated_bad]).to_pylist()
    assert [r["statute"] for r in rows] == ["ct", "ca/sb54-2017"] * 2
    assert all("person.age" in r["error"] for r in rows)


def test_the_summaries_say_which_version_decided_how_many(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = _cases("ct")
    path = tmp_path / "cases.jsonl"
    write_cases(cases, path, default_vocabulary(), "jsonl")
    chooser = StatuteChooser("ct", None)
    expected: dict[str, int] = {}
    for case in cases:
        try:
            sid = chooser(case).id
        except CaseError:
            continue
        expected[sid] = expected.get(sid, 0) + 1
    code, out, _ = run(capsys, "batch", "ct", "--cases", str(path), "--out",
                       str(tmp_path / "rows.csv"))
    assert code == 0
    assert "\nct:\n  (each case under the version in force on its date: " in out
    # named alone, a case no version governs is in error on its only row: a case in error
    assert f"160 cases, {len(cases) - sum(expected.values())} with errors" in out
    for sid, n in expected.items():
        assert f"{sid} {n:,} case" in out
    code, out, _ = run(capsys, "impact", "ct", "ca/sb54-2017", "--cases", str(path),
                       "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["statutes"] == ["ct", "ca/sb54-2017"]
    assert result["versions"] == {"ct": expected}
    assert result["cases"] == len(cases)
    # every case validates: those no version governs are in error under `ct` alone
    assert result["errors"] == 0
    assert result["unplaced"] == {"ct": len(cases) - sum(expected.values())} != {"ct": 0}
    assert sum(result["counts"]["ct"]["hold"].values()) == sum(expected.values())
    assert sum(result["counts"]["ca/sb54-2017"]["hold"].values()) == len(cases)


def test_a_case_no_version_governs_is_decided_under_the_other_names(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A 2011 Connecticut case in a batch under California's act and `ct`: the `ct` row
    says why no version governs, and California's row is decided (it was in error too,
    so a researcher's California counts lost every early case)."""
    early = {"id": "early", "date": "2011-08-25", "agency": "probation"}
    later = {"id": "later", "date": "2016-01-04", "agency": "probation"}
    rows = trustlaw.batch(["ca/sb54-2017", "ct"], [early, later]).to_pylist()
    california = trustlaw.load("ca/sb54-2017").decide(early).to_dict()["outcomes"]
    assert rows[0]["error"] is None
    assert [rows[0][o] for o in OUTCOMES] == [california[o] for o in OUTCOMES]
    assert rows[1]["statute"] == "ct" and "no law of `ct` was in force" in rows[1]["error"]
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(early) + "\n" + json.dumps(later) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "batch", "ca/sb54-2017", "ct", "--cases", str(path), "--out",
                       str(tmp_path / "rows.jsonl"))
    assert code == 0
    assert out.startswith("2 cases, 0 with errors\n")
    assert "ct/pa-13-155 1 case; 1 case under none (no date, or dated when no version" in out
    ct = out.split("\nct:\n", 1)[1]
    assert ("hold          permitted 1 (100.0%; 1 of them at an agency the law does not "
            "bind)") in ct  # adult probation, which the 2013 act does not bind
