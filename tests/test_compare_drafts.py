"""Amendments as drafts: an explicit base, bundled ids over local copies, a warning for a
reused id, base examples run against the amended law, and the shipped drafts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

import trustlaw
from trustlaw.checker import check_paths
from trustlaw.lowering.files import statutes_root
from trustlaw.testing.runner import run_file

DRAFTS = statutes_root() / "drafts"


def test_drafts_are_not_bundled_law() -> None:
    ids = trustlaw.available()
    assert not any(i.endswith("-draft") for i in ids)
    assert sorted(p.name for p in DRAFTS.glob("*.law")) == [
        "ca-sb54-2017-ten-year-lookback.law",
        "ct-pa-13-155-without-b7.law",
        "ct-pa-19-20-hb7211-gate.law",
    ]
    assert check_paths([DRAFTS]) == []


def test_an_amendment_never_takes_a_local_copy_of_its_bundled_base(tmp_path: Path) -> None:
    bundled = (statutes_root() / "ct" / "pa-19-20.law").read_text(encoding="utf-8")
    # a local file reusing the bundled id, which prohibits every hold
    (tmp_path / "pa-19-20.law").write_text(bundled.replace(
        "hold permitted if request.judicial_warrant", "hold prohibited if false", 1))
    amendment = tmp_path / "amendment.law"
    amendment.write_text(textwrap.dedent("""\
        statute "ct/amendment-draft" {
          title "A" jurisdiction "ct" citation "Draft" status proposed
          amends "ct/pa-19-20"
        }
        strike (b)(1)(A)(iii)
        """))
    statute = trustlaw.load(amendment)
    case = {"agency": "state_corrections", "request": {"judicial_warrant": True}}
    assert statute.decide(case).outcomes["hold"] == "permitted"  # the bundled (b)(1)(A)(i)
    warnings = [d for d in check_paths([tmp_path]) if d.code == "TL-M014"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "pa-19-20.law" in str(warnings[0].span)


def test_an_amendment_names_its_base_by_path(tmp_path: Path) -> None:
    (tmp_path / "base.law").write_text(textwrap.dedent("""\
        statute "zz/base" {
          title "Base" jurisdiction "zz" citation "Base Act" status proposed
        }
        provision (a) {
          cites "Base Act § (a)"
          text "No holds."
          hold prohibited
        }
        example "no hold" {
          given {"person": {}}
          expect hold prohibited
        }
        """))
    (tmp_path / "sub").mkdir()
    amendment = tmp_path / "sub" / "lift.law"
    amendment.write_text(textwrap.dedent("""\
        statute "zz/lift" {
          title "Lift" jurisdiction "zz" citation "Lifting Act" status proposed
          amends "../base.law"
        }
        strike (a)
        """))
    assert trustlaw.load(amendment).decide({}).outcomes["hold"] == "permitted"
    result = run_file(amendment)
    assert result.examples == ()
    [inherited] = result.inherited
    assert inherited.inherited_from == "zz/base" and inherited.changed
    assert result.failed == 0 and result.changed == 1
    assert "CHANGED" in inherited.render()


def test_base_examples_run_against_each_shipped_draft() -> None:
    results = {p.name: run_file(p) for p in DRAFTS.glob("*.law")}
    for result in results.values():
        assert result.error is None and result.failed == 0
        assert all(r.inherited_from for r in result.inherited) and result.inherited
        assert all(r.passed for r in result.examples)
    changed = {r.name for r in results["ct-pa-13-155-without-b7.law"].inherited if r.changed}
    assert "an officer's public-safety finding permits the hold" in changed


@pytest.mark.parametrize("base, draft, expect", [
    ("ct/pa-19-20", "ct-pa-19-20-hb7211-gate.law", "judicial warrant"),
    ("ct/pa-13-155", "ct-pa-13-155-without-b7.law", "public safety risk"),
    ("ca/sb54-2017", "ca-sb54-2017-ten-year-lookback.law", "listed offense conviction"),
])
def test_each_draft_compares_with_its_base(base: str, draft: str, expect: str) -> None:
    pytest.importorskip("z3")
    comparison = trustlaw.compare(base, DRAFTS / draft)
    assert comparison.status == "different"
    assert any(expect in r.summary for r in comparison.determined)


# ---- reaching the bundled drafts from an installed trustlaw ------------------------------------


def test_list_drafts_gives_each_draft_s_file(capsys: pytest.CaptureFixture[str]) -> None:
    from trustlaw import cli

    assert cli.main(["list", "--drafts", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(d["id"], d["amends"]) for d in listed] == [
        ("ca/sb54-2017-ten-year-lookback-draft", "ca/sb54-2017"),
        ("ct/pa-13-155-without-b7-draft", "ct/pa-13-155"),
        ("ct/pa-19-20-hb7211-gate-draft", "ct/pa-19-20"),
    ]
    for draft in listed:
        assert Path(draft["path"]).parent == DRAFTS and draft["status"] == "proposed"
        assert trustlaw.load(draft["path"]).id == draft["id"]  # its file loads it
    assert cli.main(["list", "--drafts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "amends", "file"]
    assert lines[3].split() == ["ct/pa-19-20-hb7211-gate-draft", "ct/pa-19-20",
                                str(DRAFTS / "ct-pa-19-20-hb7211-gate.law")]


def test_a_draft_is_never_chosen_by_id_jurisdiction_or_date() -> None:
    # drafts are not law (docs/comparisons.md): listing them changes nothing of that
    with pytest.raises(trustlaw.UsageError, match="no bundled statute"):
        trustlaw.load("ct/pa-19-20-hb7211-gate-draft")
    for day in ("2014-06-01", "2020-01-01", "2026-01-01"):
        assert not trustlaw.load("ct", on=day).id.endswith("-draft")
    from trustlaw.library.loader import versions

    assert not any(s.id.endswith("-draft") for s in versions("ct"))
