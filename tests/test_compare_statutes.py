"""`trustlaw.compare`: the regions where two statutes decide differently, each with a
condition, a summary, the deciding provisions and a realistic example; proved exact and
covering; protectiveness per action; unsettled questions kept."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

import trustlaw
from trustlaw import cases, ir
from trustlaw.analysis.compare import (
    CompareOptions,
    Comparison,
    Region,
    compare,
    parse_condition,
    reading,
    shared_encodings,
)
from trustlaw.analysis.compare.render import SUMMARY_LINES, WIDTH
from trustlaw.backends import interp
from trustlaw.diagnostics import UsageError

pytest.importorskip("z3")

ROOT = Path(__file__).resolve().parents[1]

BASE_LAW = textwrap.dedent("""\
    statute "zz/base" {
      title "Base" jurisdiction "zz" citation "Base Act" status proposed
    }
    provision (a) {
      cites "Base Act § (a)"
      text "No holds."
      hold prohibited
    }
    provision (b)(1) except (a) {
      cites "Base Act § (b)(1)"
      text "A final removal order permits a hold."
      hold permitted if person.final_removal_order
    }
    provision (b)(2) except (a) {
      cites "Base Act § (b)(2)"
      text "Written consent permits a hold."
      hold permitted if person.written_consent
    }
    """)

STRUCK_LAW = textwrap.dedent("""\
    statute "zz/struck" {
      title "Struck" jurisdiction "zz" citation "Striking Act" status proposed
      amends "base.law"
    }
    strike (b)(2)
    """)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("drafts")
    base, struck = folder / "base.law", folder / "struck.law"
    base.write_text(BASE_LAW, encoding="utf-8")
    struck.write_text(STRUCK_LAW, encoding="utf-8")
    return base, struck


@pytest.fixture(scope="module")
def ct() -> Comparison:
    return compare("ct/pa-13-155", "ct/pa-19-20")


def kinds(comparison: Comparison) -> set[tuple[str, str, str]]:
    return {(r.outcome, r.a, r.b) for r in comparison.regions}


def regions(comparison: Comparison, outcome: str, a: str, b: str) -> list[Region]:
    found = [r for r in comparison.regions if (r.outcome, r.a, r.b) == (outcome, a, b)]
    assert found, f"no region {outcome} {a} → {b}"
    return found


def shows(region: Region, statutes: tuple[Any, Any]) -> bool:
    """Decide the region's example again under both statutes with each backend."""
    for backend in ("interpreter", "compiled"):
        # compare reasons about the statutes' own limits, not the request's (docs/semantics.md)
        first, second = (
            s.decide(region.example, backend=backend, request_limits=False) for s in statutes
        )
        if reading(region.outcome, first, second) != (region.a, region.b):
            return False
    return True


# ---- equivalence ------------------------------------------------------------------------------


@pytest.mark.parametrize("statute_id", ["ct/pa-19-20", "ca/sb54-2017", "nyc/ll58-59-2014"])
def test_a_statute_is_equivalent_to_itself(statute_id: str) -> None:
    comparison = trustlaw.compare(statute_id, statute_id)
    assert comparison.equivalent and comparison.status == "equivalent"
    assert comparison.regions == () and comparison.unsettled == ()
    assert all(p.verdict == "equivalent" for p in comparison.protectiveness.values())
    # each outcome and each duty put to the solver at least once (one question proves
    # that no case is decided differently); protectiveness is read off the regions
    statute = trustlaw.load(statute_id)
    assert comparison.questions >= len(ir.OUTCOMES) + len(statute.program.duties)
    assert comparison.render().startswith(f"equivalent: {statute_id} and {statute_id}")


def test_the_facade_function_survives_importing_the_module() -> None:
    import trustlaw.analysis.compare  # a module must not shadow the facade function

    assert callable(trustlaw.compare)
    assert "compare" in trustlaw.__all__


# ---- a struck provision ------------------------------------------------------------------------


def test_striking_a_provision_differs_exactly_where_it_applied(drafts: tuple[Path, Path]) -> None:
    base, struck = drafts
    comparison = trustlaw.compare(base, struck)
    assert comparison.status == "different" and not comparison.equivalent
    assert comparison.unsettled == ()
    assert kinds(comparison) == {
        ("hold", "permitted", "prohibited"),
        ("hold", "permitted", "undetermined"),
        ("hold", "undetermined", "prohibited"),
    }
    [removed] = regions(comparison, "hold", "permitted", "prohibited")
    assert removed.determined
    assert removed.source == "person.written_consent and not person.final_removal_order"
    # a lone false fact in the vocabulary's words, not "not final removal order"
    assert removed.summary == ("written consent; the person is not subject to a final order "
                               "of removal")
    # shrunk to the facts that matter, then given the facts every real case has (a date a
    # year into the draft's period, the form in use then for the hold asked for, an age),
    # nothing else known
    assert removed.example == {
        "date": "2016-01-01", "request": {"kinds": ["hold"], "form": "I-247D"},
        "person": {"age": 35, "written_consent": True, "final_removal_order": False}}
    assert removed.grounds == {"a": ("(b)(2)",), "b": ("(a)",)}
    statutes = (trustlaw.load(base), trustlaw.load(struck))
    for region in comparison.regions:
        assert shows(region, statutes)
        assert region.contains(region.example)
    assert {r.determined for r in comparison.regions} == {True, False}
    assert comparison.protectiveness["hold"].verdict == "b"  # the struck law allows fewer


def test_the_comparison_is_mirrored_when_the_order_is(drafts: tuple[Path, Path]) -> None:
    base, struck = drafts
    forward = trustlaw.compare(base, struck)
    backward = trustlaw.compare(struck, base)
    assert kinds(backward) == {(o, y, x) for o, x, y in kinds(forward)}
    assert backward.protectiveness["hold"].verdict == "a"


# ---- Connecticut 2013 and 2019 -----------------------------------------------------------------


def test_ct_hold_permitted_in_2014_prohibited_in_2019_one_region_per_reason(ct: Comparison) -> None:
    found = regions(ct, "hold", "permitted", "prohibited")
    assert all(r.determined for r in found)
    by_ground = {r.grounds["a"]: r for r in found}
    # Every 2013 factor the 2019 act dropped, and the agencies it newly binds; the
    # terrorist-database factor (b)(5) survives as (b)(1)(A)(iii), so it is no difference.
    assert set(by_ground) == {("(b)(1)",), ("(b)(2)",), ("(b)(3)",), ("(b)(4)",), ("(b)(6)",),
                              ("(b)(7)",), ("(a)(4) (does not bind)",)}
    assert all(r.grounds["b"] == ("(b)(1)(A)",) for r in found)
    # reasons are split by facts, not only by provisions: (b)(4) has two
    gang = [r for r in found if "gang database" in r.summary]
    risk_group = [r for r in found if "security risk group" in r.summary.split(";")[0]]
    assert len(gang) == 1 and len(risk_group) == 1 and gang[0] is not risk_group[0]
    felony = by_ground[("(b)(1)",)]
    assert "convicted of a felony" in felony.summary
    assert "convicted of class A or B felony" in felony.summary  # the 2019 gate it misses
    [conviction] = felony.example["convictions"]
    assert conviction["level"] == "felony"
    assert conviction.get("felony_class") not in ("A", "B") or conviction.get("court") not in (
        None, "this_state",
    )


def test_ct_judicial_warrant_alone_prohibited_in_2014_permitted_in_2019(ct: Comparison) -> None:
    # one region for each way the 2013 gang factor (b)(4) can fail: no gang listing, or a
    # listing the Department of Correction did not make
    no_listing, not_by_doc = regions(ct, "hold", "prohibited", "permitted")
    for region in (no_listing, not_by_doc):
        assert region.example["request"]["judicial_warrant"] is True
        assert region.grounds == {"a": ("(b)",), "b": ("(b)(1)(A)(i)",)}
        assert "request.judicial_warrant" in region.source
        assert region.summary.startswith("judicial warrant; none of: convicted of a felony")
    assert no_listing.example["person"]["gang_database"] is False
    assert not_by_doc.example["person"]["gang_identified_by_doc"] is False


def test_ct_duties_and_clock_differences(ct: Comparison) -> None:
    assert ("duty:notify-ice-of-decision", "imposed", "not imposed") in kinds(ct)
    assert ("duty:give-person-copy-of-detainer", "not imposed", "imposed") in kinds(ct)
    excluding = "48 hours excluding saturday, sunday, federal_holiday"
    clock = regions(ct, "max_hold", excluding, "48 hours")
    assert any(r.determined and 'request.form = "I-247A"' in r.source for r in clock)
    # no law requires a hold, so no region can involve a required hold
    assert not any(r.outcome == "hold" and "required" in (r.a, r.b) for r in ct.regions)


def test_ct_undetermined_regions_come_after_and_say_what_is_missing(ct: Comparison) -> None:
    hold = [r for r in ct.regions if r.outcome == "hold"]
    flags = [r.determined for r in hold]
    assert flags == sorted(flags, reverse=True)  # determined first
    unknown = [r for r in hold if not r.determined]
    assert unknown and all(r.unknown_paths for r in unknown)
    text = ct.render()
    summary = text.split("\nDetails\n")[0]
    assert "Only where a fact is unknown" in summary
    assert "B's on judicial warrant, the agency" in summary


def test_ct_summary_fits_one_screen_and_names_the_changes(ct: Comparison) -> None:
    lines = ct.render().splitlines()
    head = lines[:SUMMARY_LINES]
    assert all(len(line) <= WIDTH for line in head)
    screen = "\n".join(head).lower()
    for change in ("gang database", "judicial warrant", "class a or b felony"):
        assert change in screen, change
    for provision in ct.a.provisions + ct.b.provisions:  # no provision text repeated
        assert provision.text[:60].lower() not in screen


def test_summary_shows_a_region_of_every_section_before_cutting_any_to_nothing(
        ct: Comparison) -> None:
    summary = ct.render().split("\nDetails\n")[0].splitlines()
    headings = [i for i, line in enumerate(summary)
                if line and not line.startswith(" ") and line.endswith(":")
                and not line.startswith("Only where")]
    assert len(headings) >= 6  # hold, notification, transfer, interview, longest hold, duties
    for i in headings:
        first = summary[i + 1]
        assert first.startswith("  ") and not first.startswith("  … and"), summary[i]


def test_ct_protectiveness(ct: Comparison) -> None:
    assert ct.protectiveness["hold"].verdict == "incomparable"
    # as CASES.md section 4 shows it: the verdict reads as a string
    assert ct.protectiveness["hold"] == "incomparable" and ct.protectiveness["hold"] != "a"
    assert str(ct.protectiveness["hold"]) == f"{ct.protectiveness['hold']:>12}" == "incomparable"
    hold = ct.protectiveness["hold"]
    assert hold.a_only is not None and hold.b_only is not None
    # a string through and through: JSON, hashing and equality agree with the verdict's
    assert json.loads(json.dumps(dict(ct.protectiveness)))["hold"] == "incomparable"
    assert {hold: 1}["incomparable"] == 1 and hold == ct.protectiveness["hold"]
    assert pickle.loads(pickle.dumps(hold)).b_only == hold.b_only
    with pytest.raises(AttributeError, match="read-only"):
        hold.reason = "changed"  # type: ignore[misc]
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    assert a.decide(hold.a_only).outcomes["hold"] != "prohibited"
    assert b.decide(hold.a_only).outcomes["hold"] == "prohibited"
    assert b.decide(hold.b_only).outcomes["hold"] != "prohibited"
    assert a.decide(hold.b_only).outcomes["hold"] == "prohibited"


# ---- every example, every version chain ---------------------------------------------------------


@pytest.mark.parametrize("pair", [
    ("ct/pa-13-155", "ct/pa-19-20"),
    ("ca/ab4-2013", "ca/sb54-2017"),
    ("nyc/ll62-2011", "nyc/ll58-59-2014"),
    ("ct/pa-13-155", "ca/ab4-2013"),
])
def test_every_example_is_realistic_and_decided_as_its_region_says(pair: tuple[str, str]) -> None:
    statutes = (trustlaw.load(pair[0]), trustlaw.load(pair[1]))
    comparison = compare(*statutes)
    assert comparison.status == "different" and comparison.unsettled == ()
    vocab = statutes[0].vocabulary
    for region in comparison.regions:
        data = cases.validate(region.example, vocab)  # raises CaseError if not well-formed
        json.dumps(region.example)
        assert shows(region, statutes), (region.summary, region.example)
        assert region.contains(region.example)
        age = (region.example.get("person") or {}).get("age")
        assert age is None or 18 <= age <= 80
        for conviction in region.example.get("convictions") or []:
            if conviction.get("level") in ("misdemeanor", "violation"):
                assert not {"ca.serious_felony", "ca.violent_felony"} & set(
                    conviction.get("tags") or [])
        if data.get("date") is not None:
            assert 2000 <= data["date"].year <= 2030


@pytest.mark.slow
def test_conditions_read_back_through_the_statute_language() -> None:
    comparison = compare("ca/ab4-2013", "ca/sb54-2017")
    vocab = comparison.a.vocabulary
    for region in comparison.regions:
        parsed = parse_condition(region.source)
        data = cases.validate(region.example, vocab)
        assert interp.eval_expr(parsed, data) is True
        assert interp.eval_expr(parsed, data) == interp.eval_expr(region.condition, data)


@pytest.mark.slow
def test_written_conditions_are_proved_equal_to_the_solver_regions() -> None:
    proved = compare("nyc/ll62-2011", "nyc/ll58-59-2014",
                     options=CompareOptions(check_conditions=True))
    assert proved.regions and not proved.unsettled


@pytest.mark.slow
def test_examples_are_the_same_on_every_call_and_in_any_process() -> None:
    def shape(c: Comparison) -> list[Any]:
        return [(r.outcome, r.a, r.b, r.source, r.example) for r in c.regions]

    first = compare("ca/ab4-2013", "ca/sb54-2017")
    again = compare("ca/ab4-2013", "ca/sb54-2017")
    assert shape(first) == shape(again)
    script = ("import json, trustlaw; c = trustlaw.compare('ca/ab4-2013', 'ca/sb54-2017'); "
              "print(json.dumps([[r.outcome, r.a, r.b, r.source, r.example] "
              "for r in c.regions]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT),
                                                    "PYTHONHASHSEED": "12345"})
    assert json.loads(out.stdout) == json.loads(json.dumps(shape(first)))


# ---- the solver's unknown answers are reported -------------------------------------------------


def test_unknown_solver_answers_are_reported_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trustlaw.backends import smt

    real = smt.solver_with

    def exhausted(constraints: Any, timeout_ms: int | None = None) -> Any:
        solver = real(constraints, timeout_ms)
        solver.set("rlimit", 1)  # z3 gives up at once: "unknown", deterministically
        return solver

    monkeypatch.setattr(smt, "solver_with", exhausted)
    comparison = compare("ct/pa-13-155", "ct/pa-19-20")
    assert comparison.status == "unsettled" and not comparison.equivalent
    assert comparison.regions == () and comparison.unsettled
    assert all(u.reason for u in comparison.unsettled)
    data = comparison.to_dict()
    assert data["status"] == "unsettled" and data["equivalent"] is False
    assert all(u["reason"] for u in data["unsettled"])
    assert "the solver could not decide: " in comparison.render()


# ---- JSON and bad input ------------------------------------------------------------------------


def test_json_shape_is_cases_md_section_4(ct: Comparison) -> None:
    data = json.loads(json.dumps(ct.to_dict()))
    assert {"a", "b", "equivalent", "bound", "protectiveness", "regions", "unsettled"} <= set(data)
    assert data["a"]["id"] == "ct/pa-13-155" and data["b"]["id"] == "ct/pa-19-20"
    assert data["a"]["digest"].startswith("sha256:")
    assert data["equivalent"] is False and data["bound"] == 3
    assert set(data["protectiveness"]) == {"hold", "notification", "transfer", "interview"}
    for region in data["regions"]:
        assert {"outcome", "a", "b", "summary", "condition", "determined", "grounds",
                "example", "count"} <= set(region)
        assert set(region["grounds"]) == {"a", "b"} and region["count"] is None


def test_statutes_on_different_vocabularies_are_refused() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    other = trustlaw.Statute(
        statute.program, attrs.evolve(statute.vocabulary, digest="sha256:other")
    )
    with pytest.raises(UsageError) as caught:
        compare(statute, other)
    assert "TL-U008" in caught.value.render()


def test_an_unknown_statute_and_a_bad_bound_are_usage_errors() -> None:
    with pytest.raises(UsageError):
        trustlaw.compare("ct/pa-13-15", "ct/pa-19-20")
    with pytest.raises(UsageError):
        trustlaw.compare("ct/pa-13-155", "ct/pa-19-20", bound=-1)


def test_an_encoding_the_solver_cannot_handle_is_unsettled_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trustlaw import ir
    from trustlaw.backends import smt

    def unsupported(program: Any, case: Any) -> Any:
        raise ir.UnsupportedNode(object(), "SMT")

    shared_encodings().clear()
    monkeypatch.setattr(smt, "encode_program", unsupported)
    try:
        comparison = compare("ct/pa-13-155", "ct/pa-19-20")
    finally:
        shared_encodings().clear()
    assert comparison.status == "unsettled" and comparison.questions == 0
    [unsettled] = comparison.unsettled
    assert unsettled.reason == "the SMT backend does not handle IR node object"
    assert "the solver could not decide: the SMT backend" in comparison.render()


def test_contains_takes_a_validated_case_and_refuses_a_bad_one() -> None:
    """`region.contains` answers the same for a `trustlaw.validate`d case as for its
    JSON, and a case that is not valid is an error naming the field, never a quiet
    "not in this region"."""
    from trustlaw.diagnostics import CaseError

    comparison = trustlaw.compare("ca/ab4-2013", "ca/sb54-2017")
    for region in comparison.regions:
        validated = trustlaw.validate(region.example)
        assert region.contains(validated) is region.contains(region.example) is True
        other = next(r for r in comparison.regions if not r.contains(region.example))
        assert other.contains(validated) is False
    with pytest.raises(CaseError, match=r'date: expected an ISO date, got "last year"'):
        comparison.regions[0].contains({"date": "last year"})
    with pytest.raises(CaseError):
        comparison.regions[0].contains(5)  # type: ignore[arg-type]


def test_a_regions_example_is_the_callers_to_change() -> None:
    """Changing the example a region hands out changes nothing in the region: the next
    read, its JSON and its rendering still show the case the solver found."""
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    region = comparison.regions[0]
    first = region.example
    first["agency"] = "changed by the caller"
    first.clear()
    assert region.example and region.example.get("agency") != "changed by the caller"
    assert region.to_dict()["example"] == region.example
    assert region.contains(region.example)
