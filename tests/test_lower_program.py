"""Lowering a whole statute: the CT fixture's rules, priorities, scope, duties, limits,
examples, notes, metadata and digest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from trustlaw import ir
from trustlaw.language import syntax
from trustlaw.language.parser import parse
from trustlaw.lowering.files import default_vocabulary
from trustlaw.lowering.program import lower

FIXTURE = Path(__file__).parent / "golden" / "lower" / "ct-pa-13-155.law"


@pytest.fixture(scope="module")
def program() -> ir.Program:
    law = parse(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    prog, diagnostics = lower(law, default_vocabulary())
    assert [d for d in diagnostics if d.is_error] == []
    assert prog is not None
    return prog


def test_rules_and_priorities(program: ir.Program) -> None:
    table = [(r.id, r.outcome, r.modality, r.priority, r.kind) for r in program.rules]
    assert table == [
        ("(b):hold:1", "hold", "prohibited", 0, "provision"),
        *[(f"(b)({n}):hold:1", "hold", "permitted", 1, "provision") for n in range(1, 8)],
        ("(c):notification:1", "notification", "required", 0, "provision"),
        ("(a)(4):hold:scope", "hold", "permitted", 2, "scope"),
        ("(a)(4):notification:scope", "notification", "permitted", 2, "scope"),
        ("(a)(4):transfer:scope", "transfer", "permitted", 2, "scope"),
        ("(a)(4):interview:scope", "interview", "permitted", 2, "scope"),
    ]
    first = program.rules_for("hold")[0]
    assert first.kind == "scope"


def test_rule_carries_citation_and_text(program: ir.Program) -> None:
    rule = next(r for r in program.rules if r.id == "(b)(5):hold:1")
    assert rule.citation == "Conn. Pub. Act 13-155 § 1(b)(5)"
    assert rule.text.startswith("The person is identified as a possible match")
    assert rule.condition == ir.Fact(("person", "terrorist_watchlist_match"), ir.BOOL)
    assert rule.span is not None and rule.span.line > 0


def test_definition_is_inlined(program: ir.Program) -> None:
    rule = next(r for r in program.rules if r.id == "(b)(1):hold:1")
    conviction = ir.RecordType("conviction")
    level = default_vocabulary().enum("offense_level")
    assert level is not None
    c = ir.Var("c", conviction)
    assert rule.condition == ir.Quantifier(
        "any", c, ir.Fact(("convictions",), ir.ListType(conviction)),
        ir.Compare("=", ir.Field(c, "level", level), ir.Const("felony", level)),
    )
    (definition,) = program.definitions
    assert definition.name == "convicted_of_a_felony"
    assert definition.body == rule.condition
    assert definition.citation == "Conn. Pub. Act 13-155 § 1(a)(2)"


def test_scope_rule_negates_applies(program: ir.Program) -> None:
    agency = default_vocabulary().enum("agency")
    assert agency is not None
    applies = ir.Member(
        ir.Fact(("agency",), agency),
        ir.SetConst(("court_marshal", "municipal_police", "state_corrections", "state_police"),
                    agency),
    )
    scope = next(r for r in program.rules if r.id == "(a)(4):transfer:scope")
    assert scope.condition == ir.Not(applies)
    assert scope.modality == "permitted"
    assert scope.text.startswith("This law does not bind this agency: The Act binds")
    # duties and limits only apply when the law binds
    notify = next(d for d in program.duties if d.id == "notify-ice-of-decision")
    assert notify.condition == applies
    release = next(d for d in program.duties if d.id == "release-after-48-hours")
    kinds = default_vocabulary().enum("request_kind")
    assert kinds is not None
    assert release.condition == ir.And((
        applies,
        ir.Member(ir.Const("hold", kinds), ir.Fact(("request", "kinds"), ir.ListType(kinds))),
    ))
    (limit,) = program.limits
    assert limit.condition == applies


def test_limit(program: ir.Program) -> None:
    (limit,) = program.limits
    assert (limit.outcome, limit.hours, limit.excluding, limit.holidays, limit.provision) == (
        "hold", 48, ("saturday", "sunday", "federal_holiday"), "actual", "(c)",
    )
    assert limit.citation == "Conn. Pub. Act 13-155 § 1(c)"


def test_metadata(program: ir.Program) -> None:
    meta = program.meta
    assert meta.id == "ct/pa-13-155"
    assert meta.status == "superseded"
    assert meta.in_force == dt.date(2014, 1, 1)
    assert meta.superseded == dt.date(2019, 10, 1)
    assert len(meta.sources) == 3
    assert meta.verification == "V"


def test_provisions_notes_examples(program: ir.Program) -> None:
    assert [p.label for p in program.provisions] == [
        "(a)(4)", "(b)", *[f"(b)({n})" for n in range(1, 8)], "(c)",
    ]
    assert program.provision("(b)(2)") is not None
    assert program.provision("(b)(2)").verification == "S"  # type: ignore[union-attr]
    assert program.provision("(b)").verification == "V"  # type: ignore[union-attr]
    assert program.notes[1].question == 3 and program.notes[1].about == ("(b)(2)",)
    example = program.examples[0]
    assert example.case["convictions"] == [
        {"date": "2009-06-01", "level": "felony", "felony_class": "B", "court": "other_state"}
    ]
    assert isinstance(example.expectations[0], syntax.ExpectOutcome)
    assert len(program.examples) == 3


def test_digest_tracks_text_and_vocabulary() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    vocab = default_vocabulary()
    a, _ = lower(parse(text, "a.law"), vocab)
    b, _ = lower(parse(text, "b.law"), vocab)
    c, _ = lower(parse(text.replace("at most 48 hours", "at most 48 hours "), "c.law"), vocab)
    assert a is not None and b is not None and c is not None
    assert a.digest == b.digest
    assert a.digest.startswith("sha256:") and len(a.digest) == len("sha256:") + 64
    assert c.digest != a.digest
    other_vocab = ir.Vocabulary(
        vocab.name, vocab.fields, vocab.records, vocab.enums, vocab.enum_texts, vocab.tags,
        vocab.constraints, "sha256:different",
    )
    d, _ = lower(parse(text, "a.law"), other_vocab)
    assert d is not None and d.digest != a.digest


def test_no_program_when_there_is_an_error() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("person.public_safety_risk",
                                                       "person.public_safety")
    prog, diagnostics = lower(parse(text, "x.law"), default_vocabulary())
    assert prog is None
    assert [d.code for d in diagnostics if d.is_error] == ["TL-N002"]
