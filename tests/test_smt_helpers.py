"""Hand-written IR programs for the solver tests (independent of the parser), and
checks that they decide the way the statutes they imitate do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trustlaw import ir
from trustlaw.backends import interp
from trustlaw.cases.validation import validate
from trustlaw.lowering.files import default_vocabulary

VOCAB = default_vocabulary()


def _enum(name: str) -> ir.EnumType:
    enum = VOCAB.enum(name)
    assert enum is not None, name
    return enum


AGENCY = _enum("agency")
LEVEL = _enum("offense_level")
ORIGIN = _enum("jurisdiction_of_origin")
WARRANT_KIND = _enum("warrant_kind")
KIND = _enum("request_kind")
TAG = _enum("tag")
FELONY_CLASS = _enum("felony_class")
CONVICTION = ir.RecordType("conviction")
CHARGE = ir.RecordType("charge")
WARRANT = ir.RecordType("warrant")


def fact(*path: str) -> ir.Fact:
    """A fact with its vocabulary type."""
    info = VOCAB.field(path[0])
    assert info is not None
    typ = info.type
    for step in path[1:]:
        assert isinstance(typ, ir.RecordType)
        record = VOCAB.record(typ.name)
        assert record is not None
        sub = record.field(step)
        assert sub is not None
        typ = sub.type
    return ir.Fact(tuple(path), typ)


def field(var: ir.Var, name: str) -> ir.Field:
    assert isinstance(var.type, ir.RecordType)
    record = VOCAB.record(var.type.name)
    assert record is not None
    info = record.field(name)
    assert info is not None
    return ir.Field(var, name, info.type)


def const(value: object, typ: ir.Type) -> ir.Const:
    return ir.Const(value, typ)  # type: ignore[arg-type]


def eq(left: ir.Expr, right: ir.Expr) -> ir.Compare:
    return ir.Compare("=", left, right)


def any_of(name: str, var_name: str, body: object) -> ir.Quantifier:
    source = fact(name)
    assert isinstance(source.type, ir.ListType)
    var = ir.Var(var_name, source.type.element)
    return ir.Quantifier("any", var, source, body(var))  # type: ignore[operator]


def rule(
    rid: str,
    outcome: str,
    modality: str,
    condition: ir.Expr,
    priority: int,
    kind: str = "provision",
) -> ir.Rule:
    return ir.Rule(
        rid,
        rid.split("/")[0],
        outcome,
        modality,
        condition,
        priority,
        f"cite {rid}",
        f"text {rid}",
        kind,
    )


def program(
    sid: str,
    rules: Sequence[ir.Rule],
    limits: Sequence[ir.Limit] = (),
    duties: Sequence[ir.Duty] = (),
    invariants: Sequence[ir.Invariant] = (),
) -> ir.Program:
    meta = ir.StatuteMeta(sid, sid, sid.split("/")[0], f"cite {sid}", "enacted")
    return ir.Program(
        meta,
        tuple(rules),
        tuple(duties),
        tuple(limits),
        (),
        (),
        (),
        tuple(invariants),
        (),
        f"sha256:{sid}",
    )


def limit48(condition: ir.Expr = ir.TRUE) -> ir.Limit:
    return ir.Limit(
        "hold",
        48,
        ("saturday", "sunday", "federal_holiday"),
        "actual",
        "(c)",
        "cite (c)",
        condition,
    )


CT_AGENCIES = ("state_corrections", "municipal_police", "state_police", "court_marshal")


def ct_like() -> ir.Program:
    """A hand-written imitation of ct/pa-13-155."""
    scope = ir.Not(ir.Member(fact("agency"), ir.SetConst(CT_AGENCIES, AGENCY)))
    felony = any_of("convictions", "c", lambda c: eq(field(c, "level"), const("felony", LEVEL)))
    charge = any_of(
        "charges",
        "c",
        lambda c: ir.And(
            (
                eq(field(c, "court"), const("this_state", ORIGIN)),
                eq(field(c, "bond_posted"), const(False, ir.BOOL)),
            )
        ),
    )
    warrant = any_of(
        "warrants",
        "w",
        lambda w: ir.And(
            (
                eq(field(w, "kind"), const("criminal", WARRANT_KIND)),
                eq(field(w, "issued_in"), const("this_state", ORIGIN)),
            )
        ),
    )
    rules = [
        *(rule(f"(a)(4)/{o}", o, "permitted", scope, 2, "scope") for o in ir.OUTCOMES),
        rule("(b)/hold", "hold", "prohibited", ir.TRUE, 0),
        rule("(b)(1)/hold", "hold", "permitted", felony, 1),
        rule("(b)(2)/hold", "hold", "permitted", charge, 1),
        rule("(b)(3)/hold", "hold", "permitted", warrant, 1),
        rule(
            "(b)(4)/hold",
            "hold",
            "permitted",
            ir.Or((fact("person", "gang_database"), fact("person", "security_risk_group"))),
            1,
        ),
        rule("(b)(5)/hold", "hold", "permitted", fact("person", "terrorist_watchlist_match"), 1),
        rule("(b)(6)/hold", "hold", "permitted", fact("person", "final_removal_order"), 1),
        rule("(b)(7)/hold", "hold", "permitted", fact("person", "public_safety_risk"), 1),
        rule("(c)/notification", "notification", "required", ir.TRUE, 0),
    ]
    # as `lower` does, the scope is conjoined into duties and limits
    binds = ir.Not(scope)
    duty = ir.Duty(
        "release-after-48-hours",
        "Release after 48 hours.",
        "(c)",
        "cite (c)",
        ir.And((binds, ir.Member(const("hold", KIND), fact("request", "kinds")))),
    )
    return program("ct/like", rules, [limit48(binds)], [duty])


def baseline_like() -> ir.Program:
    """us/detainer-regulation: honoring a detainer is permitted, 48 hours."""
    return program("us/like", [rule("(d)/hold", "hold", "permitted", ir.TRUE, 0)], [limit48()])


def mandate_like() -> ir.Program:
    """tx/sb4-2017: every detainer must be honored unless lawful status is shown; no clock."""
    proof = fact("person", "proof_of_lawful_status")
    return program(
        "tx/like",
        [
            rule("(a)/hold", "hold", "required", ir.TRUE, 0),
            rule("(b)/hold", "hold", "permitted", proof, 1),
        ],
    )


def reimbursement_like() -> ir.Program:
    """cook-county/11-o-73: no hold without a reimbursement agreement."""
    return program(
        "cook/like",
        [
            rule("(a)/hold", "hold", "prohibited", ir.TRUE, 0),
            rule("(b)/hold", "hold", "permitted", fact("reimbursement_agreement"), 1),
        ],
        [limit48()],
    )


def within_like() -> ir.Program:
    """Date windows: a felony conviction within 5 years (or release within 1 year 1 month)."""
    case_date = fact("date")

    def recent(c: ir.Var) -> ir.Expr:
        judged = field(c, "date")
        released = field(c, "release_date")
        return ir.And(
            (
                eq(field(c, "level"), const("felony", LEVEL)),
                ir.Or(
                    (
                        ir.And(
                            (
                                ir.Compare(
                                    "<=", ir.ShiftDate(case_date, ir.Duration(years=5), -1), judged
                                ),
                                ir.Compare("<=", judged, case_date),
                            )
                        ),
                        ir.Compare(
                            ">=",
                            ir.ShiftDate(released, ir.Duration(years=1, months=1), 1),
                            case_date,
                        ),
                    )
                ),
            )
        )

    count = ir.Quantifier(
        "count",
        ir.Var("c", CONVICTION),
        fact("convictions"),
        ir.Member(const("ca.serious_felony", TAG), field(ir.Var("c", CONVICTION), "tags")),
    )
    return program(
        "within/like",
        [
            rule("(a)/hold", "hold", "prohibited", ir.TRUE, 0),
            rule("(b)/hold", "hold", "permitted", any_of("convictions", "c", recent), 1),
            rule("(c)/hold", "hold", "required", ir.Compare(">=", count, const(2, ir.INT)), 2),
            rule(
                "(d)/transfer",
                "transfer",
                "prohibited",
                ir.And(
                    (
                        ir.IsKnown(fact("person", "age")),
                        ir.Compare("<", fact("person", "age"), const(18, ir.INT)),
                    )
                ),
                0,
            ),
        ],
        [
            limit48(),
            ir.Limit("hold", 24, (), "actual", "(e)", "cite (e)", fact("reimbursement_agreement")),
        ],
    )


ALL = (ct_like, baseline_like, mandate_like, reimbursement_like, within_like)


def decide(prog: ir.Program, case: Mapping[str, Any]) -> dict[str, str]:
    return dict(interp.evaluate(prog, validate(case, VOCAB)).outcomes)


def test_ct_like_decides_like_the_connecticut_act() -> None:
    bare = {
        "agency": "municipal_police",
        "convictions": [],
        "charges": [],
        "warrants": [],
        "person": {
            "gang_database": False,
            "security_risk_group": False,
            "terrorist_watchlist_match": False,
            "final_removal_order": False,
            "public_safety_risk": False,
        },
    }
    assert decide(ct_like(), bare)["hold"] == "prohibited"
    felony = {**bare, "convictions": [{"level": "felony", "date": "2001-01-01"}]}
    assert decide(ct_like(), felony)["hold"] == "permitted"
    assert decide(ct_like(), {**bare, "agency": "probation"})["hold"] == "permitted"


def test_within_like_reads_date_windows() -> None:
    case = {
        "date": "2015-03-02",
        "convictions": [{"level": "felony", "date": "2010-03-02", "tags": []}],
    }
    assert decide(within_like(), case)["hold"] == "permitted"
    case = {
        "date": "2015-03-02",
        "convictions": [{"level": "felony", "date": "2010-03-01", "tags": []}],
    }
    assert decide(within_like(), case)["hold"] == "undetermined"  # the release date could count
    for released, hold in (("2014-02-01", "prohibited"), ("2014-02-02", "permitted")):
        convictions = [
            {"level": "felony", "date": "2010-03-01", "release_date": released, "tags": []}
        ]
        assert decide(within_like(), {**case, "convictions": convictions})["hold"] == hold
