"""The public facade (`import trustlaw`) and the `Statute` API."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import trustlaw
from trustlaw.lowering.files import statutes_root

CT_2013 = statutes_root() / "ct" / "pa-13-155.law"

FELONY_CASE: dict[str, Any] = {
    "date": "2015-03-02",
    "agency": "state_corrections",
    "request": {"kinds": ["hold", "notification"], "form": "I-247", "judicial_warrant": False,
                "court_order": False},
    "person": {"gang_database": False, "security_risk_group": False,
               "terrorist_watchlist_match": False, "final_removal_order": False,
               "public_safety_risk": False},
    "warrants": [],
    "charges": [],
    "convictions": [{"date": "2009-06-01", "level": "felony", "felony_class": "B",
                     "court": "other_state", "youthful_offender": False, "vacated": False}],
}


def test_all_names_exist() -> None:
    expected = {"load", "parse", "check", "verify", "available", "Decision", "Statute",
                "TrustlawError", "StatuteError", "CaseError", "UsageError", "__version__",
                "CaseFailure"}
    assert expected <= set(trustlaw.__all__)
    for name in trustlaw.__all__:
        assert hasattr(trustlaw, name), name
    assert issubclass(trustlaw.CaseError, trustlaw.TrustlawError)
    assert issubclass(trustlaw.UsageError, trustlaw.TrustlawError)


def test_import_is_light() -> None:
    code = (
        "import sys, trustlaw; "
        "heavy = [m for m in ('z3', 'lark', 'holidays', 'trustlaw.language.parser', "
        "'trustlaw.checker', "
        "'trustlaw.analysis.verification') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_and_verify_stay_functions_after_their_modules_are_imported() -> None:
    import trustlaw.analysis.verification  # importing it must not shadow trustlaw.verify
    import trustlaw.checker

    assert callable(trustlaw.check) and callable(trustlaw.verify)
    assert trustlaw.check(CT_2013) == []
    assert trustlaw.checker.compile_file(CT_2013).meta.id == "ct/pa-13-155"


def test_check_reports_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.law"
    broken.write_text(CT_2013.read_text(encoding="utf-8").replace(
        "hold permitted if convicted_of_a_felony", "hold permitted if convicted_of_a_felny"))
    diagnostics = trustlaw.check([broken])
    assert any(d.is_error and "convicted_of_a_felny" in d.message for d in diagnostics)


def test_parse_returns_the_syntax_tree() -> None:
    law = trustlaw.parse(CT_2013.read_text(encoding="utf-8"), str(CT_2013))
    assert law.header.name == "ct/pa-13-155"
    with pytest.raises(trustlaw.StatuteError):
        trustlaw.parse('statute "x/y" {', "<string>")


def test_verify_one_invariant_and_all() -> None:
    statute = trustlaw.load("ct/hb6659-raised-2013")
    one = trustlaw.verify(statute, "no civil detainer alone ever causes a hold")
    assert one.status == "proved"
    every = trustlaw.verify("ct/hb6659-raised-2013")
    assert [r.invariant for r in every] == [i.name for i in statute.invariants]


# ---- Statute ---------------------------------------------------------------------------


def test_decide_a_raw_dict() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    decision = statute.decide(FELONY_CASE)
    assert isinstance(decision, trustlaw.Decision)
    assert decision.outcomes["hold"] == "permitted"
    assert [g.provision for g in decision.grounds["hold"]] == ["(b)(1)"]
    assert decision.to_dict()["statute"] == "ct/pa-13-155"
    assert decision.release_deadline(dt.datetime(2015, 3, 5, 17)) == dt.datetime(2015, 3, 9, 17)


def test_backends_agree() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    unknown = copy.deepcopy(FELONY_CASE)
    del unknown["convictions"]
    for case in (FELONY_CASE, unknown, {}):
        compiled = statute.decide(case)
        interpreted = statute.decide(case, backend="interpreter")
        assert compiled.to_dict() == interpreted.to_dict()
    assert statute.decide(unknown).outcomes["hold"] == "undetermined"
    assert "convictions" in statute.decide(unknown).depends_on["hold"]


def test_bad_case_raises_case_error_naming_fields() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    bad = copy.deepcopy(FELONY_CASE)
    bad["convictions"][0]["date"] = "last year"
    bad["person"]["age"] = "34"
    with pytest.raises(trustlaw.CaseError) as info:
        statute.decide(bad)
    messages = info.value.errors
    assert any(m.startswith("convictions[0].date") for m in messages)
    assert any(m.startswith("person.age") for m in messages)
    with pytest.raises(trustlaw.CaseError):
        statute.outcomes(bad)


def test_unknown_backend_and_target_are_usage_errors() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    with pytest.raises(trustlaw.UsageError, match="backend"):
        statute.decide(FELONY_CASE, backend="sql")  # type: ignore[arg-type]
    with pytest.raises(trustlaw.UsageError, match="target"):
        statute.compile("cobol")


def test_decide_many_reuses_one_compiled_program() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    compiled = statute.compiled()
    cases = [FELONY_CASE, {**FELONY_CASE, "convictions": []}]
    decisions = list(statute.decide_many(cases))
    assert [d.outcomes["hold"] for d in decisions] == ["permitted", "prohibited"]
    assert statute.compiled() is compiled


def test_outcomes_fast_path_matches_decide() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    assert statute.outcomes(FELONY_CASE) == dict(statute.decide(FELONY_CASE).outcomes)


def test_compile_gives_python_source() -> None:
    source = trustlaw.load("ct/pa-13-155").compile()
    compile(source, "<generated>", "exec")
    assert "def " in source


def test_explain_cites_the_deciding_provision() -> None:
    text = trustlaw.load("ct/pa-13-155").explain(FELONY_CASE)
    assert "(b)(1)" in text or "§ 1(b)(1)" in text


def test_statute_properties() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    assert statute.meta.id == statute.id == statute.program.meta.id
    assert statute.program.digest == statute.digest
    assert statute.definitions and statute.invariants is statute.program.invariants
    assert "ct/pa-13-155" in repr(statute)


def test_an_id_in_capitals_is_named_in_lower_case() -> None:
    with pytest.raises(trustlaw.UsageError) as caught:
        trustlaw.load("CT/PA-13-155")
    assert "did you mean `ct/pa-13-155`?" in str(caught.value)
