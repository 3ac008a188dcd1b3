"""`trustlaw.verify`: proofs, minimal counterexamples the interpreter confirms, unknowns."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_smt_helpers import (
    CONVICTION,
    LEVEL,
    VOCAB,
    any_of,
    baseline_like,
    const,
    ct_like,
    eq,
    fact,
    field,
    limit48,
    mandate_like,
    program,
    reimbursement_like,
    rule,
    within_like,
)

from trustlaw import ir
from trustlaw.analysis.invariants import derive, property_for, satisfied, standard_invariant
from trustlaw.analysis.verification import (
    VerifyOptions,
    VerifyResult,
    smaller,
    verify,
    verify_program,
)
from trustlaw.backends import interp
from trustlaw.cases.validation import validate
from trustlaw.decisions.decision import build_decision
from trustlaw.diagnostics import UsageError
from trustlaw.library import loader

PROVED_BY_LAW = ("ct/", "ca/", "nyc/", "santa-clara/")
REFUTED = ("us/detainer-regulation", "us/secure-communities", "tx/sb4-2017", "cook-county/11-o-73")


def _decide(prog: ir.Program, case: dict[str, Any]) -> Any:
    data = validate(case, VOCAB)
    return build_decision(prog, interp.evaluate(prog, data), data)


def _breaks(prog: ir.Program, invariant: ir.Invariant, result: VerifyResult) -> bool:
    """The interpreter's verdict on a result's counterexample (independent of verify)."""
    prop = property_for(invariant, prog, VOCAB)
    case = result.counterexample
    assert case is not None
    data = validate(case, VOCAB)
    if interp.eval_expr(prop.assume, data) is not True:
        return False
    decisions = [_decide(prog, case)]
    if result.second_case is not None:
        decisions.append(_decide(prog, result.second_case))
    return not satisfied(prop, decisions)


def _assert_minimal(prog: ir.Program, invariant: ir.Invariant, result: VerifyResult) -> None:
    """No single fact made unknown, no single list element dropped, keeps the violation."""
    assert result.counterexample is not None
    prop = property_for(invariant, prog, VOCAB)
    for case in smaller(result.counterexample):
        try:
            data = validate(case, VOCAB)
        except Exception:
            continue
        if interp.eval_expr(prop.assume, data) is not True:
            continue
        decisions = [_decide(prog, case)]
        if prop.relation is not None:
            assert result.second_case is not None
            # the second case keeps the element the relation added
            added = _added(result.counterexample, result.second_case)
            second = derive(prop, case, *added) if added else derive(prop, case)
            if second is None:
                continue
            decisions.append(_decide(prog, second))
        assert satisfied(prop, decisions), f"a smaller case still breaks it: {case}"


def _added(first: dict[str, Any], second: dict[str, Any]) -> tuple[Any, str] | None:
    for name in ("convictions", "charges", "warrants"):
        if isinstance(second.get(name), list) and len(second[name]) == len(first[name]) + 1:
            return second[name][0], name
    return None


# ---- the standard invariants on hand-written programs ----------------------------------


def test_a_connecticut_style_law_never_holds_on_a_detainer_alone() -> None:
    result = verify(ct_like(), "no_hold_on_detainer_alone", vocab=VOCAB)
    assert result.status == "proved"
    assert result.expected and result.counterexample is None and result.decision is None


@pytest.mark.parametrize(
    ("make", "needed"),
    [
        (baseline_like, {}),
        (mandate_like, {}),
        (reimbursement_like, {"reimbursement_agreement": True}),
    ],
    ids=["baseline", "mandate", "reimbursement"],
)
def test_a_detainer_alone_causes_a_hold_under_baseline_laws(
    make: Any, needed: dict[str, Any]
) -> None:
    prog = make()
    invariant = standard_invariant("no_hold_on_detainer_alone")
    result = verify(prog, invariant, vocab=VOCAB)
    assert result.status == "violated"
    assert not result.expected  # the invariant did not say `expect violated`
    case = result.counterexample
    assert case is not None
    for key, value in needed.items():
        assert case[key] == value
    # the counterexample is exactly a bare detainer: empty history, every flag false
    assert case["convictions"] == case["charges"] == case["warrants"] == []
    assert set(case["person"].values()) == {False}
    assert case["request"] == {"judicial_warrant": False, "court_order": False}
    assert result.decision is not None
    assert result.decision.outcomes["hold"] in ("permitted", "required")
    assert _breaks(prog, invariant, result)
    _assert_minimal(prog, invariant, result)


def test_hold_within_clock_finds_a_hold_without_a_clock() -> None:
    invariant = standard_invariant("hold_within_clock")
    result = verify(mandate_like(), invariant, vocab=VOCAB)
    assert result.status == "violated"
    # the statute's own limit is none; the decision shown is the one `decide` gives, whose
    # limit is the request's or the regulation's (CASES.md 3a: a permitted hold has one)
    assert result.statute_max_hold == (None,)
    assert result.decision is not None and result.decision.max_hold is not None
    assert result.to_dict()["counterexample"]["statute_max_hold"] is None
    assert "the statute's own limit: none" in result.render()
    # either finding decides the hold (required, or permitted on proof of status)
    assert result.counterexample in (
        {"person": {"proof_of_lawful_status": False}},
        {"person": {"proof_of_lawful_status": True}},
    )
    assert _breaks(mandate_like(), invariant, result)
    # where the law binds, the Connecticut-style clock always runs
    assert verify(ct_like(), invariant, vocab=VOCAB).status == "proved"


def test_monotonicity_counterexamples_are_case_pairs() -> None:
    c = ir.Var("c", CONVICTION)
    youthful = ir.Quantifier(
        "any", c, fact("convictions"), eq(field(c, "youthful_offender"), const(True, ir.BOOL))
    )
    prog = program(
        "x/juvenile-bar",
        [
            rule("(a)/hold", "hold", "permitted", ir.TRUE, 0),
            rule("(b)/hold", "hold", "prohibited", youthful, 1),
        ],
        [limit48()],
    )
    invariant = standard_invariant("monotone_in_criminal_history")
    result = verify(prog, invariant, vocab=VOCAB)
    assert result.status == "violated"
    assert result.counterexample == {"convictions": []}
    assert result.second_case == {"convictions": [{"youthful_offender": True}]}
    assert result.decision is not None and result.second_decision is not None
    assert result.decision.outcomes["hold"] == "permitted"
    assert result.second_decision.outcomes["hold"] == "prohibited"
    assert _breaks(prog, invariant, result)
    _assert_minimal(prog, invariant, result)


def test_monotone_in_judicial_warrant() -> None:
    prog = program(
        "x/warrant-bar",
        [
            rule("(a)/hold", "hold", "permitted", ir.TRUE, 0),
            rule("(b)/hold", "hold", "prohibited", fact("request", "judicial_warrant"), 1),
        ],
    )
    invariant = standard_invariant("monotone_in_judicial_warrant")
    result = verify(prog, invariant, vocab=VOCAB)
    assert result.status == "violated"
    assert result.counterexample == {"request": {"judicial_warrant": False}}
    assert result.second_case == {"request": {"judicial_warrant": True}}
    assert _breaks(prog, invariant, result)
    assert verify(ct_like(), invariant, vocab=VOCAB).status == "proved"


def test_monotonicity_counts_unknown_facts_of_the_added_element() -> None:
    # within_like requires a hold for two serious felonies: an added conviction whose
    # tags are unknown leaves the hold undetermined, which the literal invariant refuses
    invariant = standard_invariant("monotone_in_criminal_history")
    result = verify(within_like(), invariant, bound=2, vocab=VOCAB)
    assert result.status == "violated"
    assert result.second_decision is not None
    assert result.second_decision.outcomes["hold"] == "undetermined"
    assert _breaks(within_like(), invariant, result)
    _assert_minimal(within_like(), invariant, result)


# ---- custom invariants, expectations, results ---------------------------------------


def _custom(assume: ir.Expr, value: str, negated: bool, expect_violated: bool) -> ir.Invariant:
    return ir.Invariant(
        "custom",
        "a custom invariant",
        None,
        assume,
        (ir.Guarantee("hold", value, negated),),
        expect_violated,
    )


def test_custom_invariants_assume_and_ensure() -> None:
    terrorist = ir.And(
        (
            fact("person", "terrorist_watchlist_match"),
            eq(fact("agency"), const("state_corrections", fact("agency").type)),
        )
    )
    proved = verify(ct_like(), _custom(terrorist, "permitted", False, False), vocab=VOCAB)
    assert proved.status == "proved" and proved.expected
    wrong = _custom(terrorist, "prohibited", False, True)
    refuted = verify(ct_like(), wrong, vocab=VOCAB)
    assert refuted.status == "violated" and refuted.expected  # `expect violated` honoured
    assert refuted.counterexample == {
        "agency": "state_corrections",
        "person": {"terrorist_watchlist_match": True},
    }
    assert _breaks(ct_like(), wrong, refuted)
    # a watchlist match settles the hold whatever else is unknown ...
    assert verify(ct_like(), _custom(terrorist, "undetermined", True, False), vocab=VOCAB).expected
    # ... but a bound agency alone does not
    bound = eq(fact("agency"), const("state_corrections", fact("agency").type))
    open_hold = verify(ct_like(), _custom(bound, "undetermined", True, False), vocab=VOCAB)
    assert open_hold.status == "violated"
    assert open_hold.decision is not None
    assert open_hold.decision.outcomes["hold"] == "undetermined"


def test_verify_program_runs_every_declared_invariant() -> None:
    felony = any_of("convictions", "c", lambda c: eq(field(c, "level"), const("felony", LEVEL)))
    invariants = (
        standard_invariant("no_hold_on_detainer_alone"),
        _custom(felony, "prohibited", True, False),
    )
    prog = program(
        "x/two",
        [
            rule("(a)/hold", "hold", "prohibited", ir.TRUE, 0),
            rule("(b)/hold", "hold", "permitted", felony, 1),
        ],
        invariants=invariants,
    )
    results = verify_program(prog, vocab=VOCAB)
    assert [r.invariant for r in results] == ["no_hold_on_detainer_alone", "custom"]
    assert [r.status for r in results] == ["proved", "proved"]


def test_unsupported_nodes_give_unknown_with_the_reason() -> None:
    odd = ir.Compare(
        "=", ir.Const(ir.Duration(years=1), ir.DURATION), ir.Const(ir.Duration(), ir.DURATION)
    )
    prog = program("x/odd", [rule("(a)/hold", "hold", "permitted", odd, 0)])
    result = verify(prog, "no_hold_on_detainer_alone", vocab=VOCAB)
    assert result.status == "unknown"
    assert result.reason is not None and "does not handle IR node Const" in result.reason
    assert "could not decide" in result.render()


def test_result_json_and_text() -> None:
    result = verify(reimbursement_like(), "no_hold_on_detainer_alone", vocab=VOCAB)
    data = result.to_dict()
    json.dumps(data)  # JSON-serialisable
    assert data["status"] == "violated" and data["expect"] == "proved" and not data["expected"]
    example = data["counterexample"]
    assert example["decision"]["outcomes"]["hold"] == "permitted"
    assert example["grounds"]["hold"][0]["provision"] == "(b)"
    text = result.render()
    assert text.startswith("VIOLATED: cook/like")
    # the rendered case can be pasted back and decides the same way
    start = text.index("{")
    pasted, _ = json.JSONDecoder().raw_decode(text[start:])
    assert pasted == result.counterexample
    assert _decide(reimbursement_like(), pasted).outcomes["hold"] == "permitted"
    proved = verify(ct_like(), "no_hold_on_detainer_alone", vocab=VOCAB)
    assert proved.to_dict()["counterexample"] is None
    assert "at most 3 elements per list" in proved.render()


def test_bound_and_options() -> None:
    result = verify(ct_like(), "monotone_in_criminal_history", bound=1, vocab=VOCAB)
    assert result.status == "proved" and result.bound == 1
    with pytest.raises(ValueError, match="bound must not be negative"):
        VerifyOptions(bound=-1)
    unshrunk = verify(
        reimbursement_like(),
        "no_hold_on_detainer_alone",
        options=VerifyOptions(shrink=False),
        vocab=VOCAB,
    )
    assert unshrunk.status == "violated"


def test_unknown_invariant_names_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="no invariant named `no_such_thing`"):
        verify(ct_like(), "no_such_thing", vocab=VOCAB)


# ---- the bundled library (acceptance) -------------------------------------------------


def _bundled(prefixes: tuple[str, ...]) -> list[str]:
    return [sid for sid in loader.available() if sid.startswith(prefixes)]


@pytest.mark.parametrize("statute_id", _bundled(PROVED_BY_LAW))
def test_no_detainer_alone_causes_a_hold_under_trust_laws(statute_id: str) -> None:
    result = verify(statute_id, "no_hold_on_detainer_alone")
    assert result.status == "proved", result.render()


@pytest.mark.parametrize("statute_id", REFUTED)
def test_a_detainer_alone_causes_a_hold_under_baseline_and_mandate_laws(statute_id: str) -> None:
    assert statute_id in loader.available()
    statute = loader.load(statute_id)
    result = verify(statute, "no_hold_on_detainer_alone")
    assert result.status == "violated", result.render()
    assert result.decision is not None
    assert result.decision.outcomes["hold"] in ("permitted", "required")
    assert _breaks(statute.program, standard_invariant("no_hold_on_detainer_alone"), result)


@pytest.mark.parametrize("statute_id", loader.available())
def test_every_declared_invariant_comes_out_as_the_statute_expects(statute_id: str) -> None:
    statute = loader.load(statute_id)
    for result in verify_program(statute):
        assert result.expected, result.render()
        if result.status == "violated":
            invariant = next(i for i in statute.program.invariants if i.name == result.invariant)
            assert _breaks(statute.program, invariant, result)
            _plausible(result.to_dict()["counterexample"])


def _plausible(example: dict[str, Any]) -> None:
    """A counterexample a reader believes: no person of 130, no judgment of 2134 (the
    solver's first models, before verify asked for dates and ages in a law's years)."""
    for case in (example["case"], example.get("second_case") or {}):
        stack: list[Any] = [case]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                for key, item in value.items():
                    if "age" in key.split("_") and isinstance(item, int):
                        assert 14 <= item <= 80, case
                    elif (key == "date" or key.endswith("_date")) and isinstance(item, str):
                        assert 1980 <= int(item[:4]) <= 2040, case
                    else:
                        stack.append(item)
            elif isinstance(value, list):
                stack.extend(value)


def test_a_counterexample_shows_the_decision_decide_gives() -> None:
    """A counterexample's decision is the one `Statute.decide` gives for its case, so a
    permitted hold has its limit; the statute's own (none here) is reported beside it."""
    import trustlaw

    statute = trustlaw.load("ct/pa-19-20")
    (result,) = [r for r in trustlaw.verify(statute)
                 if r.invariant == "the statute itself sets no clock"]
    assert result.status == "violated" and result.counterexample is not None
    example = result.to_dict()["counterexample"]
    assert example["decision"] == statute.decide(result.counterexample).to_dict()
    assert example["decision"]["outcomes"]["hold"] == "permitted"
    assert example["decision"]["max_hold"] is not None
    assert example["statute_max_hold"] is None
    own = statute.decide(result.counterexample, request_limits=False).to_dict()["max_hold"]
    assert own is None
