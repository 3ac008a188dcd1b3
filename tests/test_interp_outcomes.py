"""The interpreter's outcomes: priorities, exceptions, silence, scope, duties, limits, trace."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from trustlaw import ir
from trustlaw.backends.evaluation import Evaluation
from trustlaw.backends.interp import evaluate
from trustlaw.decisions.decision import build_decision
from trustlaw.version import __version__ as trustlaw_version

# ---- building programs by hand ---------------------------------------------------------------

AGENCY = ir.EnumType("agency", ("state_corrections", "county_jail", "municipal_police", "other"))
LEVEL = ir.EnumType("offense_level", ("felony", "misdemeanor", "violation"))
ORIGIN = ir.EnumType("jurisdiction_of_origin", ("this_state", "other_state", "federal"))
KIND = ir.EnumType("request_kind", ("hold", "notification", "transfer", "interview"))
CONVICTION = ir.RecordType("conviction")
CHARGE = ir.RecordType("charge")
CITATION = "Test Act § 1"


def fact(*path: str, type_: ir.Type = ir.BOOL) -> ir.Fact:
    return ir.Fact(tuple(path), type_)


def eq(left: ir.Expr, value: Any, type_: ir.Type) -> ir.Compare:
    return ir.Compare("=", left, ir.Const(value, type_))


C = ir.Var("c", CONVICTION)
K = ir.Var("k", CHARGE)
CONVICTED_OF_A_FELONY = ir.Quantifier(
    "any",
    C,
    fact("convictions", type_=ir.ListType(CONVICTION)),
    eq(ir.Field(C, "level", LEVEL), "felony", LEVEL),
)
PENDING_CHARGE_NO_BOND = ir.Quantifier(
    "any",
    K,
    fact("charges", type_=ir.ListType(CHARGE)),
    ir.And(
        (
            eq(ir.Field(K, "court", ORIGIN), "this_state", ORIGIN),
            eq(ir.Field(K, "bond_posted", ir.BOOL), False, ir.BOOL),
        )
    ),
)
GANG = fact("person", "gang_database")
WATCHLIST = fact("person", "terrorist_watchlist_match")
BOUND = ir.Member(
    fact("agency", type_=AGENCY), ir.SetConst(("municipal_police", "state_corrections"), AGENCY)
)
HOLD_REQUESTED = ir.Member(
    ir.Const("hold", KIND), fact("request", "kinds", type_=ir.ListType(KIND))
)


def rule(
    provision: str,
    outcome: str,
    modality: str,
    condition: ir.Expr = ir.TRUE,
    priority: int = 0,
    kind: str = "provision",
) -> ir.Rule:
    return ir.Rule(
        id=f"{provision}:{outcome}",
        provision=provision,
        outcome=outcome,
        modality=modality,
        condition=condition,
        priority=priority,
        citation=f"{CITATION}{provision}",
        text=f"text of {provision}",
        kind=kind,
    )


def program(
    *rules: ir.Rule, duties: tuple[ir.Duty, ...] = (), limits: tuple[ir.Limit, ...] = ()
) -> ir.Program:
    return ir.Program(
        meta=ir.StatuteMeta("test/act", "Test Act", "test", CITATION, "enacted"),
        rules=rules,
        duties=duties,
        limits=limits,
        provisions=(),
        definitions=(),
        examples=(),
        invariants=(),
        notes=(),
        digest="sha256:test",
    )


def limit(
    hours: int,
    condition: ir.Expr = ir.TRUE,
    excluding: tuple[str, ...] = (),
    holidays: str = "actual",
    provision: str = "(c)",
) -> ir.Limit:
    return ir.Limit(
        "hold", hours, excluding, holidays, provision, f"{CITATION}{provision}", condition
    )


def duty(id_: str, condition: ir.Expr = ir.TRUE) -> ir.Duty:
    return ir.Duty(id_, f"do {id_}", "(c)", f"{CITATION}(c)", condition)


# A small Connecticut-like law: hold prohibited unless one of (b)(1)-(b)(3); notification required.
BASE = rule("(b)", "hold", "prohibited")
FELONY = rule("(b)(1)", "hold", "permitted", CONVICTED_OF_A_FELONY, 1)
CHARGES = rule("(b)(2)", "hold", "permitted", PENDING_CHARGE_NO_BOND, 1)
GANGS = rule("(b)(3)", "hold", "permitted", GANG, 1)
NOTIFY = rule("(c)", "notification", "required")
LAW = program(BASE, FELONY, CHARGES, GANGS, NOTIFY)

NOTHING_FOUND: dict[str, Any] = {
    "convictions": [],
    "charges": [],
    "person": {"gang_database": False},
}


def outcome(prog: ir.Program, data: dict[str, Any], which: str = "hold") -> str:
    return evaluate(prog, data).outcomes[which]


# ---- priorities and exceptions ----------------------------------------------------------


def test_base_rule_decides_when_no_exception_holds() -> None:
    ev = evaluate(LAW, NOTHING_FOUND)
    assert ev.outcomes["hold"] == "prohibited"
    assert ev.deciding["hold"] == ("(b):hold",)
    assert "hold" not in ev.open_rules


def test_an_exception_overrides_the_base_rule() -> None:
    data = {**NOTHING_FOUND, "convictions": [{"level": "misdemeanor"}, {"level": "felony"}]}
    ev = evaluate(LAW, data)
    assert ev.outcomes["hold"] == "permitted"
    assert ev.deciding["hold"] == ("(b)(1):hold",)


def test_every_true_rule_of_the_deciding_group_is_a_ground() -> None:
    data = {"convictions": [{"level": "felony"}], "charges": [], "person": {"gang_database": True}}
    ev = evaluate(LAW, data)
    assert ev.outcomes["hold"] == "permitted"
    assert ev.deciding["hold"] == ("(b)(1):hold", "(b)(3):hold")


def test_an_unknown_exception_leaves_the_outcome_undetermined() -> None:
    charges = [{"court": "other_state", "bond_posted": True}, {"court": "this_state"}]
    data = {**NOTHING_FOUND, "charges": charges}
    prog_data = build_decision(LAW, evaluate(LAW, data), data)
    assert prog_data.outcomes["hold"] == "undetermined"
    assert prog_data.evaluation.open_rules["hold"] == ("(b)(2):hold",)
    # the grounds are the open rule and the deciding base rule
    assert prog_data.evaluation.deciding["hold"] == ("(b)(2):hold", "(b):hold")
    assert prog_data.depends_on == {"hold": ("charges[1].bond_posted",)}


def test_depends_on_lists_exactly_the_unknown_facts_of_the_open_rules() -> None:
    data: dict[str, Any] = {
        "convictions": [{}, {"level": "misdemeanor"}],
        "charges": [{}],
        "person": {},
    }
    decision = build_decision(LAW, evaluate(LAW, data), data)
    assert decision.outcomes["hold"] == "undetermined"
    assert decision.depends_on["hold"] == (
        "charges[0].bond_posted",
        "charges[0].court",
        "convictions[0].level",
        "person.gang_database",
    )
    unknown_lists: dict[str, Any] = {}
    decision = build_decision(LAW, evaluate(LAW, unknown_lists), unknown_lists)
    assert decision.depends_on["hold"] == ("charges", "convictions", "person")


def test_a_known_exception_decides_despite_other_unknown_exceptions() -> None:
    data: dict[str, Any] = {"convictions": [{"level": "felony"}]}  # charges and person unknown
    ev = evaluate(LAW, data)
    assert ev.outcomes["hold"] == "permitted"
    assert ev.deciding["hold"] == ("(b)(1):hold",)
    assert ev.trace == {
        "(b):hold": "true",
        "(b)(1):hold": "true",
        "(b)(2):hold": "unknown",
        "(b)(3):hold": "unknown",
        "(c):notification": "true",
    }


def test_same_modality_above_and_below_is_determined() -> None:
    # An unknown "permitted" exception over a known "permitted" rule cannot change the result.
    prog = program(
        rule("(a)", "transfer", "permitted", ir.TRUE, 0),
        rule("(a)(1)", "transfer", "permitted", WATCHLIST, 1),
    )
    ev = evaluate(prog, {})
    assert ev.outcomes["transfer"] == "permitted"
    assert ev.deciding["transfer"] == ("(a):transfer",)
    assert "transfer" not in ev.open_rules
    decision = build_decision(prog, ev, {})
    assert "transfer" not in decision.depends_on


def test_unknown_rules_below_the_deciding_group_are_not_walked() -> None:
    prog = program(
        rule("(a)", "hold", "prohibited", WATCHLIST, 0),
        rule("(b)", "hold", "required", GANG, 1),
        rule("(z)", "hold", "permitted", ir.TRUE, 2),
    )
    ev = evaluate(prog, {})
    assert ev.outcomes["hold"] == "permitted"
    assert ev.deciding["hold"] == ("(z):hold",)


def test_several_unknown_groups_are_all_remembered() -> None:
    prog = program(
        rule("(a)", "hold", "prohibited", ir.TRUE, 0),
        rule("(b)", "hold", "permitted", GANG, 1),
        rule("(c)", "hold", "required", WATCHLIST, 2),
    )
    ev = evaluate(prog, {"person": {}})
    assert ev.outcomes["hold"] == "undetermined"
    assert ev.open_rules["hold"] == ("(c):hold", "(b):hold")
    assert ev.deciding["hold"] == ("(c):hold", "(b):hold", "(a):hold")
    # one of them known false: the other still leaves it open
    ev = evaluate(prog, {"person": {"terrorist_watchlist_match": False}})
    assert ev.outcomes["hold"] == "undetermined"
    assert ev.open_rules["hold"] == ("(b):hold",)


def test_an_unknown_group_over_silence_with_the_baseline_modality_is_determined() -> None:
    prog = program(rule("(a)", "interview", "permitted", GANG))
    ev = evaluate(prog, {})
    assert ev.outcomes["interview"] == "permitted"
    assert ev.deciding["interview"] == ()  # the law is silent here
    prog = program(rule("(a)", "interview", "prohibited", GANG))
    ev = evaluate(prog, {})
    assert ev.outcomes["interview"] == "undetermined"
    assert ev.open_rules["interview"] == ("(a):interview",)
    assert ev.deciding["interview"] == ("(a):interview",)


# ---- silence --------------------------------------------------------------------------------


def test_a_silent_law_permits_with_the_silent_ground() -> None:
    decision = build_decision(LAW, evaluate(LAW, NOTHING_FOUND), NOTHING_FOUND)
    for action in ("transfer", "interview"):
        assert decision.outcomes[action] == "permitted"
        assert decision.evaluation.deciding[action] == ()
        (ground,) = decision.grounds[action]
        assert ground.citation == CITATION
        assert ground.provision is None
        assert f"says nothing about {action}" in ground.text


def test_false_rules_only_are_silence() -> None:
    prog = program(rule("(a)", "interview", "prohibited", GANG))
    ev = evaluate(prog, {"person": {"gang_database": False}})
    assert ev.outcomes["interview"] == "permitted"
    assert ev.deciding["interview"] == ()


# ---- whom the law binds ----------------------------------------------------------------------

SCOPED = program(
    *(rule("(a)", o, "permitted", ir.Not(BOUND), 2, kind="scope") for o in ir.OUTCOMES),
    BASE,
    FELONY,
    NOTIFY,
    duties=(duty("notify", BOUND),),
    limits=(limit(48, BOUND),),
)


def test_an_agency_the_law_does_not_bind_is_permitted_everything() -> None:
    data: dict[str, Any] = {"agency": "county_jail", "convictions": []}
    decision = build_decision(SCOPED, evaluate(SCOPED, data), data)
    assert decision.outcomes == {o: "permitted" for o in ir.OUTCOMES}
    for o in ir.OUTCOMES:
        assert decision.evaluation.deciding[o] == (f"(a):{o}",)
        assert decision.grounds[o][0].provision == "(a)"
    assert decision.duties == ()
    assert decision.max_hold is None
    assert decision.depends_on == {}


def test_a_bound_agency_gets_the_law() -> None:
    data: dict[str, Any] = {"agency": "municipal_police", "convictions": []}
    decision = build_decision(SCOPED, evaluate(SCOPED, data), data)
    assert decision.outcomes == {
        "hold": "prohibited",
        "notification": "required",
        "transfer": "permitted",
        "interview": "permitted",
    }
    assert [d.id for d in decision.duties] == ["notify"]
    assert decision.max_hold is None  # no hold may happen


def test_an_unknown_agency_is_undetermined_only_where_the_law_would_decide_differently() -> None:
    data: dict[str, Any] = {"convictions": [{"level": "felony"}]}
    decision = build_decision(SCOPED, evaluate(SCOPED, data), data)
    assert decision.outcomes == {
        "hold": "permitted",  # bound or not, a felony conviction permits the hold
        "notification": "undetermined",  # required if bound, permitted if not
        "transfer": "permitted",
        "interview": "permitted",
    }
    assert decision.depends_on == {"notification": ("agency",)}
    assert decision.details_depend_on == {"duty:notify": ("agency",), "max_hold": ("agency",)}
    data = {"convictions": []}
    decision = build_decision(SCOPED, evaluate(SCOPED, data), data)
    assert decision.outcomes["hold"] == "undetermined"
    assert decision.depends_on["hold"] == ("agency",)


# ---- duties --------------------------------------------------------------------------------


def test_duties_listed_when_true_open_when_unknown() -> None:
    prog = program(
        NOTIFY,
        duties=(duty("always"), duty("if-hold", HOLD_REQUESTED), duty("if-gang", GANG)),
    )
    ev = evaluate(prog, {"request": {"kinds": ["hold"]}})
    assert ev.duties == ("always", "if-hold")
    assert ev.open_duties == ("if-gang",)
    decision = build_decision(prog, ev, {"request": {"kinds": ["hold"]}})
    assert [d.to_dict() for d in decision.duties] == [
        {"id": "always", "citation": f"{CITATION}(c)", "text": "do always"},
        {"id": "if-hold", "citation": f"{CITATION}(c)", "text": "do if-hold"},
    ]
    assert decision.depends_on == {}
    assert decision.details_depend_on == {"duty:if-gang": ("person",)}
    ev = evaluate(
        prog, {"request": {"kinds": ["notification"]}, "person": {"gang_database": False}}
    )
    assert ev.duties == ("always",)
    assert ev.open_duties == ()


# ---- limits ----------------------------------------------------------------------------------


def test_the_shortest_applicable_limit_governs() -> None:
    prog = program(
        rule("(a)", "hold", "permitted"),
        limits=(
            limit(48, excluding=("saturday", "sunday", "federal_holiday")),
            limit(48, excluding=("saturday", "sunday")),
            limit(24, GANG, provision="(d)"),
            limit(72),
        ),
    )
    data = {"person": {"gang_database": False}}
    ev = evaluate(prog, data)
    assert ev.limits == (0, 1, 3)
    assert ev.open_limits == ()
    decision = build_decision(prog, ev, data)
    assert decision.max_hold is not None
    assert decision.max_hold.to_dict() == {
        "hours": 48,
        "excluding": ["saturday", "sunday"],
        "citation": f"{CITATION}(c)",
    }
    assert "max_hold" not in decision.details_depend_on
    data = {"person": {"gang_database": True}}
    decision = build_decision(prog, evaluate(prog, data), data)
    assert decision.max_hold is not None and decision.max_hold.hours == 24


def test_an_unknown_shorter_limit_is_chosen_and_its_facts_are_listed() -> None:
    prog = program(rule("(a)", "hold", "permitted"), limits=(limit(48), limit(24, GANG)))
    data: dict[str, Any] = {"person": {}}
    ev = evaluate(prog, data)
    assert ev.limits == (0,)
    assert ev.open_limits == (1,)
    decision = build_decision(prog, ev, data)
    assert decision.max_hold is not None and decision.max_hold.hours == 24
    assert decision.depends_on == {}
    assert decision.details_depend_on == {"max_hold": ("person.gang_database",)}


def test_actual_holidays_count_as_shorter_than_observed_ones() -> None:
    days = ("saturday", "sunday", "federal_holiday")
    prog = program(
        rule("(a)", "hold", "permitted"),
        limits=(limit(48, excluding=days, holidays="observed"), limit(48, excluding=days)),
    )
    decision = build_decision(prog, evaluate(prog, {}), {})
    assert decision.max_hold is not None and decision.max_hold.holidays == "actual"


def test_no_limit_when_the_hold_is_prohibited_or_none_applies() -> None:
    prog = program(rule("(a)", "hold", "prohibited"), limits=(limit(48),))
    assert build_decision(prog, evaluate(prog, {}), {}).max_hold is None
    prog = program(rule("(a)", "hold", "permitted"), limits=(limit(48, GANG),))
    data = {"person": {"gang_database": False}}
    assert build_decision(prog, evaluate(prog, data), data).max_hold is None


# ---- the trace -----------------------------------------------------------------------------


def test_the_trace_has_every_rule() -> None:
    data: dict[str, Any] = {
        "convictions": [{"level": "misdemeanor"}],
        "charges": [{"court": "this_state"}],
    }
    ev = evaluate(LAW, data)
    assert ev.trace == {
        "(b):hold": "true",
        "(b)(1):hold": "false",
        "(b)(2):hold": "unknown",
        "(b)(3):hold": "unknown",
        "(c):notification": "true",
    }


def test_an_unsupported_node_in_a_rule_is_reported() -> None:
    class Strange:
        pass

    prog = program(rule("(a)", "hold", "permitted", Strange()))  # type: ignore[arg-type]
    with pytest.raises(
        ir.UnsupportedNode, match="interpreter backend does not handle IR node Strange"
    ):
        evaluate(prog, {})


# ---- the public decision shape ---------------------------------------------------------------

CT_LIKE = program(
    *(rule("(a)(4)", o, "permitted", ir.Not(BOUND), 2, kind="scope") for o in ir.OUTCOMES),
    BASE,
    FELONY,
    CHARGES,
    GANGS,
    NOTIFY,
    duties=(ir.Duty("notify-ice-of-decision", "Tell ICE.", "(c)", "Test Act § 1(c)", BOUND),),
    limits=(limit(48, BOUND, excluding=("saturday", "sunday", "federal_holiday")),),
)


def test_build_decision_gives_the_cases_md_shape() -> None:
    data = {
        "date": dt.date(2015, 3, 2),
        "agency": "municipal_police",
        "convictions": [{"date": dt.date(2009, 6, 1), "level": "felony"}],
        "charges": [],
        "person": {"gang_database": False},
    }
    ev = evaluate(CT_LIKE, data)
    assert ev == Evaluation(
        outcomes={
            "hold": "permitted",
            "notification": "required",
            "transfer": "permitted",
            "interview": "permitted",
        },
        deciding={
            "hold": ("(b)(1):hold",),
            "notification": ("(c):notification",),
            "transfer": (),
            "interview": (),
        },
        open_rules={},
        duties=("notify-ice-of-decision",),
        open_duties=(),
        limits=(0,),
        open_limits=(),
    )
    assert build_decision(CT_LIKE, ev, data).to_dict() == {
        "statute": "test/act",
        "digest": "sha256:test",
        "trustlaw": trustlaw_version,
        "case_id": None,
        "statute_status": "enacted",
        "in_force": None,  # the test statute gives no in-force date
        "outcomes": {
            "hold": "permitted",
            "notification": "required",
            "transfer": "permitted",
            "interview": "permitted",
        },
        "possible": {},
        "max_hold": {
            "hours": 48,
            "excluding": ["saturday", "sunday", "federal_holiday"],
            "holidays": "actual",
            "citation": "Test Act § 1(c)",
        },
        "duties": [
            {"id": "notify-ice-of-decision", "citation": "Test Act § 1(c)", "text": "Tell ICE."}
        ],
        "grounds": {
            "hold": [
                {"citation": "Test Act § 1(b)(1)", "text": "text of (b)(1)", "provision": "(b)(1)",
                 "verification": "V", "notes": []}
            ],
            "notification": [
                {"citation": "Test Act § 1(c)", "text": "text of (c)", "provision": "(c)",
                 "verification": "V", "notes": []}
            ],
            "transfer": [
                {
                    "citation": "Test Act § 1",
                    "text": "This law says nothing about transfer; without a rule the "
                    "baseline permits it.",
                    "verification": "V",
                    "notes": [],
                }
            ],
            "interview": [
                {
                    "citation": "Test Act § 1",
                    "text": "This law says nothing about interview; without a rule the "
                    "baseline permits it.",
                    "verification": "V",
                    "notes": [],
                }
            ],
        },
        "depends_on": {},
        "details_depend_on": {},
        "warnings": [
            {
                "code": "period-unknown",
                "message": "test/act gives no date on which it came into force, so whether "
                "it was in force on the case date is unknown.",
            }
        ],
    }
