"""What `trustlaw compare` prints: counts in the right number, a caseload with a bad line,
conditions a reader can follow, and a redline that names what changed."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

import trustlaw

pytest.importorskip("z3")

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"




def strike_c_draft(tmp_path: Path) -> Path:
    """A draft of PA 13-155 without subsection (c): a bound agency no longer must notify
    ICE, it may (one region: the agency is bound)."""
    path = tmp_path / "strike-c.law"
    path.write_text(
        'statute "ct/pa-13-155-without-c-draft" {\n'
        '  title "Draft: the Trust Act of 2013 without subsection (c)"\n'
        '  jurisdiction "ct"\n'
        '  citation "Draft amendment of Conn. Pub. Act 13-155 § 1, striking subsection (c)"\n'
        "  status proposed\n  introduced 2014-01-01\n"
        '  amends "ct/pa-13-155"\n  verification S\n}\n\nstrike (c)\n',
        encoding="utf-8")
    return path


def test_one_region_is_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(strike_c_draft(tmp_path)),
                       "--only", "notification")
    assert code == 1
    assert out.splitlines()[0].endswith(
        "differ: 1 region where both decide, 1 more only where a fact is unknown")
    assert "notification (1 region):" in out
    assert "Only where a fact is unknown (1 region):" in out
    assert not re.search(r"\b1 (regions|cases|questions|elements|statutes|pairs|hours)\b", out)


def test_known_only_single_region_summary(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(strike_c_draft(tmp_path)),
                       "--only", "notification", "--known-only")
    assert code == 1
    assert out.splitlines()[0].endswith("differ: 1 region where both decide")
    assert "(showing notification where both laws decide: " in out.splitlines()[2]


def test_matrix_and_caseload_counts_are_singular(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    code, out, _ = run(capsys, "matrix", "ct/pa-13-155", str(DRAFT), "--bound", "1")
    assert code == 0
    assert out.startswith("2 statutes, 1 pair, ") and "(lists up to 1 element)" in out
    code, out, _ = run(capsys, "matrix", "ct/pa-13-155", str(DRAFT), "--bound", "1",
                       "--format", "markdown")
    assert out.startswith("*2 statutes, lists up to 1 element*")
    cases = tmp_path / "one.jsonl"
    cases.write_text('{"agency": "state_police"}\n', encoding="utf-8")
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(cases),
                       "--bound", "1")
    assert "Caseload: 1 case (0 not well-formed)" in out
    assert "at most 1 element per list" in out


def test_a_line_that_is_not_json_is_an_invalid_case(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"agency": "state_police"}\n'
                     "\n"
                     "garbage\n"
                     '{"agency": "state_police", "person": {"public_safety_risk": true}}\n'
                     "[1, 2]\n", encoding="utf-8")
    code, out, err = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(cases))
    assert code == 1, err
    assert ("Caseload: 4 cases (2 not well-formed); first error: line 3 is not valid JSON "
            "at column 1: expected a value (text in double quotes, a number, true, false, "
            "null, {…} or […])") in out
    code, out, err = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--cases", str(cases),
                         "--format", "json")
    assert code == 1, err
    data = json.loads(out)["impact"]
    assert (data["cases"], data["invalid"]) == (4, 2)
    assert data["first_error"].startswith("line 3 is not valid JSON")
    assert sum(row["count"] for row in data["transitions"]["hold"]) == 2


def _atoms() -> list[Any]:
    from trustlaw.analysis.compare.source import parse_condition

    text = ("person.gang_database and person.security_risk_group and agency in {state_police}"
            " and agency = municipal_police and (any c in convictions where c.level = felony)")
    parsed = parse_condition(text)
    return list(parsed.operands)  # type: ignore[attr-defined]


def _random_expr(rng: random.Random, atoms: list[Any], depth: int) -> Any:
    from trustlaw import ir

    if depth == 0 or rng.random() < 0.25:
        return rng.choice([*atoms, ir.TRUE, ir.Const(False, ir.BOOL)])
    kind = rng.choice(["not", "known", "and", "or"])
    if kind == "not":
        return ir.Not(_random_expr(rng, atoms, depth - 1))
    if kind == "known":
        return ir.IsKnown(_random_expr(rng, atoms, depth - 1))
    parts = tuple(_random_expr(rng, atoms, depth - 1) for _ in range(rng.randint(1, 3)))
    return (ir.And if kind == "and" else ir.Or)(parts)


@pytest.mark.slow
def test_folding_keeps_three_valued_meaning_and_reads_back() -> None:
    from trustlaw import cases, ir
    from trustlaw.analysis.compare.simplify import fold
    from trustlaw.analysis.compare.source import condition_source, parse_condition
    from trustlaw.backends import interp
    from trustlaw.lowering.files import default_vocabulary

    vocab = default_vocabulary()
    options: list[dict[str, Any]] = [{}]
    for key, values in (("gang_database", [True, False, None]),
                        ("security_risk_group", [True, False, None]),
                        ("agency", ["state_police", "municipal_police", "probation", None]),
                        ("convictions", [[], [{"level": "felony"}], [{}], None])):
        grown = []
        for case in options:
            for value in values:
                new = json.loads(json.dumps(case))
                if value is not None:
                    if key in ("gang_database", "security_risk_group"):
                        new.setdefault("person", {})[key] = value
                    else:
                        new[key] = value
                grown.append(new)
        options = grown
    data = [cases.validate(c, vocab) for c in options]
    rng = random.Random(7)
    atoms = _atoms()
    folded_any = 0
    for _ in range(300):
        expr = _random_expr(rng, atoms, 4)
        folded = fold(expr)
        folded_any += folded != expr
        for case in data:
            assert interp.eval_expr(folded, case) == interp.eval_expr(expr, case), (
                condition_source(expr), condition_source(folded))
        if not (isinstance(folded, ir.Const)):
            assert parse_condition(condition_source(folded)) == folded
    assert folded_any > 100


@pytest.mark.parametrize(("condition", "written"), [
    ("agency in {probation, state_police, municipal_police} and agency not in {state_police}"
     " and person.gang_database",
     "agency in {municipal_police, probation} and person.gang_database"),
    ("agency in {probation, state_police} and not (agency = state_police)", "agency = probation"),
    ("agency = probation or agency = parole or agency in {other}",
     "agency in {other, parole, probation}"),
    ("agency != probation and agency not in {parole}", "agency not in {parole, probation}"),
    ("agency not in {parole, probation} or agency = parole", "agency != probation"),
    ("any c in convictions where c.court in {federal, this_state} and c.court != federal",
     "any c in convictions where c.court = this_state"),
    # no value left, or every value: the tests stay as they were
    ("agency = probation and agency = parole", "agency = probation and agency = parole"),
    ("agency != probation or agency != parole", "agency != probation or agency != parole"),
    # tests of different values are not merged
    ("agency = probation and request.form = other", "agency = probation and request.form = other"),
])
def test_tests_of_one_value_against_sets_read_as_one(condition: str, written: str) -> None:
    """A drafter reads ``agency in {bail_services, probation}``, not the two set tests a
    region's literals gave (``agency in {…7 agencies…} and agency not in {…4…}``)."""
    from trustlaw.analysis.compare.simplify import fold
    from trustlaw.analysis.compare.source import condition_source, parse_condition

    assert condition_source(fold(parse_condition(condition))) == written


def test_conditions_that_need_an_unknown_fact_carry_no_constants(
        capsys: pytest.CaptureFixture[str]) -> None:
    from trustlaw import cases
    from trustlaw.analysis.compare import CompareOptions, compare
    from trustlaw.analysis.compare.source import parse_condition
    from trustlaw.backends import interp

    comparison = compare("ct/pa-13-155", str(DRAFT),
                         options=CompareOptions(check_conditions=True))  # proved by z3
    rest = [r for r in comparison.regions if not r.determined]
    assert rest
    constant = re.compile(r"(?<!= )\b(true|false)\)* is known|(?<!= )\b(true|false) (and|or)\b"
                          r"|\b(and|or) (true|false)\b|\bnot \(*(true|false)\b")
    for region in rest:
        found = constant.search(region.source)
        assert found is None, region.source[max(0, found.start() - 80): found.end() + 80]
        parsed = parse_condition(region.source)
        data = cases.validate(region.example, comparison.a.vocabulary)
        assert interp.eval_expr(parsed, data) is True
        assert parsed == region.condition
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT))
    assert code == 1
    second = next(line for line in out.split("\n2. ", 1)[1].splitlines()
                  if line.startswith("   condition: "))
    assert not constant.search(second)
    assert "is known and true" not in out and "not false" not in out


def test_redline_names_the_definition_behind_a_provision_with_the_same_text(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--redline",
                       "--known-only")
    assert code == 1
    redline = out.split("\nRedline\n=======\n", 1)[1]
    assert "CHANGED provision (c)" not in redline  # its text and citation are the same
    block = redline.split("CHANGED definition public_safety_factor_found\n", 1)[1]
    block = block.split("\n\n", 1)[0]
    assert ("  read by provision (c) (same text; what it concludes changes with this "
            "definition)") in block
    caused = re.findall(r"→ region (\d+): (duty [^:]+):", block)
    # each duty once for each way the gang factor (b)(4) fails: no listing, or not by DOC
    assert caused == [("3", "duty tell-ice-of-48-hour-limit"),
                      ("4", "duty tell-ice-of-48-hour-limit"),
                      ("5", "duty release-after-48-hours"),
                      ("6", "duty release-after-48-hours")]
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(DRAFT), "--redline",
                       "--known-only", "--format", "json")
    changes = {(c["kind"], c["label"]): c for c in json.loads(out)["redline"]["changes"]}
    assert ("provision", "(c)") not in changes
    definition = changes[("definition", "public_safety_factor_found")]
    assert definition["read_by"] == ["(c)"] and definition["regions"] == [2, 3, 4, 5]


GATE_BASE = """statute "zz/gate-base" {
  title "Base" jurisdiction "zz" citation "Base Act" status proposed
}
definition gate_met {
  cites "Base Act § 1(a)"
  text "A judge-signed warrant, or a felony conviction."
  means request.judicial_warrant or (any c in convictions where c.level = felony)
}
provision (b) {
  cites "Base Act § 1(b)"
  text "No hold."
  hold prohibited
  notification prohibited
}
provision (b)(1) except (b) {
  cites "Base Act § 1(b)(1)"
  text "A gate permits a hold."
  hold permitted if gate_met
}
provision (e) except (b) {
  cites "Base Act § 1(e)"
  text "Notice where the agency may hold."
  notification permitted if request.judicial_warrant
}
"""

# the gate redefined and (b)(1) reworded with it; (e) keeps its text and reads no definition
GATE_DRAFT = """statute "zz/gate-draft" {
  title "Draft" jurisdiction "zz" citation "Draft Act" status proposed
  amends "base.law"
}
definition gate_met {
  cites "Draft Act § 1(a)"
  text "A felony charge after probable cause, with a judge-signed warrant."
  means request.judicial_warrant and (any c in charges where c.probable_cause_found)
}
provision (b)(1) except (b) {
  cites "Draft Act § 1(b)(1)"
  text "The single gate permits a hold."
  hold permitted if gate_met
}
"""


def test_redline_names_changed_definitions_a_changed_provision_reads(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A provision whose text changed along with a definition it reads names the
    definition (as the bundled H.B. 7211 draft of PA 19-20 did while PA 19-20 defined the
    gate it redefines; PA 19-20 no longer does, as nothing there read it)."""
    (tmp_path / "base.law").write_text(GATE_BASE, encoding="utf-8")
    (tmp_path / "draft.law").write_text(GATE_DRAFT, encoding="utf-8")
    code, out, _ = run(capsys, "compare", str(tmp_path / "base.law"),
                       str(tmp_path / "draft.law"), "--redline", "--known-only",
                       "--format", "json")
    assert code == 1
    changes = json.loads(out)["redline"]["changes"]
    provisions = [c for c in changes if c["kind"] == "provision" and c["change"] == "changed"]
    assert provisions
    for change in provisions:
        same = change["a"] == change["b"]
        # a provision listed as changed with the same text names the definition it reads
        assert not same or change["reads_changed_definitions"], change["label"]
    by_label = {(c["kind"], c["label"]): c for c in changes}
    gate = by_label[("provision", "(b)(1)")]  # new text, and a redefined definition
    assert gate["change"] == "changed" and gate["a"]["text"] != gate["b"]["text"]
    assert gate["reads_changed_definitions"] == ["gate_met"]
    # (e) keeps its text and reads no definition, so the redefined gate is read only by
    # the provision whose text changed with it
    assert ("provision", "(e)") not in by_label
    honored = by_label[("definition", "gate_met")]
    assert honored["change"] == "changed" and honored["read_by"] == []


def test_the_bundled_hb7211_draft_adds_its_gate_definition(
        capsys: pytest.CaptureFixture[str]) -> None:
    gate = ROOT / "statutes" / "drafts" / "ct-pa-19-20-hb7211-gate.law"
    code, out, _ = run(capsys, "compare", "ct/pa-19-20", str(gate), "--redline",
                       "--known-only", "--format", "json")
    assert code == 1
    by_label = {(c["kind"], c["label"]): c
                for c in json.loads(out)["redline"]["changes"]}
    # PA 19-20 has no definition of the gates (none of its provisions read one), so the
    # draft's is added, and the rewritten gate provision reads no changed definition
    honored = by_label[("definition", "detainer_may_be_honored")]
    assert honored["change"] == "added" and honored["a"] is None
    gate_provision = by_label[("provision", "(b)(1)(A)(i)")]
    assert gate_provision["change"] == "changed"
    assert gate_provision["reads_changed_definitions"] == []
    assert ("provision", "(e)(1)") not in by_label
    # the added gate is read by the provision it gates, and causes its regions (it was
    # shown read by nothing, with no region: a drafter's review took it for dead)
    for name in ("detainer_may_be_honored", "charged_with_listed_offense"):
        added = by_label[("definition", name)]
        assert added["read_by"] == ["(b)(1)(A)(i)"]
        assert added["regions"] == gate_provision["regions"] != []
    code, out, _ = run(capsys, "compare", "ct/pa-19-20", str(gate), "--redline",
                       "--known-only")
    assert "  read by B's provision (b)(1)(A)(i)" in out.splitlines()


@pytest.mark.slow
def test_folded_conditions_stay_exact_and_covering_on_generated_cases() -> None:
    from trustlaw.analysis.compare import compare
    from trustlaw.analysis.compare.impact import misplaced
    from trustlaw.analysis.compare.sample import random_cases

    for draft in (DRAFT, ROOT / "statutes" / "drafts" / "ct-pa-19-20-hb7211-gate.law"):
        base = "ct/pa-13-155" if draft == DRAFT else "ct/pa-19-20"
        comparison = compare(base, str(draft))
        assert any(not r.determined for r in comparison.regions)
        cases = list(random_cases(comparison.a.vocabulary, 2000, seed=20261202))
        assert misplaced(comparison, cases) == []


def test_a_selection_that_leaves_nothing_never_claims_equivalence(
        capsys: pytest.CaptureFixture[str]) -> None:
    draft = ROOT / "statutes" / "drafts" / "ct-pa-13-155-without-b7.law"
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(draft), "--only", "notification")
    assert code == 0  # no region in what was asked about
    assert "equivalent" not in out
    assert "no difference in notification" in out and "regions left out" in out
    code, out, _ = run(capsys, "compare", "ct/pa-13-155", str(draft), "--only",
                       "notification", "--format", "json")
    data = json.loads(out)
    assert data["status"] == "different" and data["equivalent"] is False
    assert data["regions"] == []
    assert data["selection"]["outcomes"] == ["notification"]
    assert data["selection"]["regions_left_out"] > 0
    whole = trustlaw.compare("ct/pa-13-155", draft)
    assert whole.selection is None and whole.to_dict()["selection"] is None
    narrowed = whole.only(("hold",)).only(("hold", "notification"), known_only=True)
    assert narrowed.selection is not None
    assert narrowed.selection.outcomes == ("hold",) and narrowed.selection.known_only
    assert len(narrowed.regions) + narrowed.selection.regions == len(whole.regions)
    assert narrowed.status == whole.status == "different"


@pytest.mark.parametrize("pair", [
    ("ct/pa-13-155", "ct/pa-19-20"),
    ("ca/ab4-2013", "ca/sb54-2017"),
    ("nyc/ll21-22-2013", "nyc/ll58-59-2014"),
])
def test_a_protectiveness_example_is_decided_where_a_decided_region_shows_it(
        pair: tuple[str, str]) -> None:
    """Where a region shows one law deciding to allow what the other prohibits, the
    verdict's example does too: shrinking never leaves the allowing law undetermined."""
    a, b = (trustlaw.load(x) for x in pair)
    comparison = trustlaw.compare(a, b)
    for action, verdict in comparison.protectiveness.items():
        for first, example in ((True, verdict.a_only), (False, verdict.b_only)):
            if example is None:
                continue
            results = [s.decide(example, request_limits=False).outcomes[action]
                       for s in (a, b)]
            allowing, forbidding = results if first else results[::-1]
            assert forbidding == "prohibited"
            decided = any(
                r.determined and r.outcome == action
                and (r.a, r.b)[1 if first else 0] == "prohibited"
                and (r.a, r.b)[0 if first else 1] in ("permitted", "required")
                for r in comparison.regions)
            if decided:
                assert allowing in ("permitted", "required"), (action, first, example)
