"""`trustlaw.compare`: every kind of case two statutes decide differently, each with a
shrunk, well-formed example that the interpreter confirms; unknown answers kept."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

import trustlaw
from trustlaw import cases
from trustlaw.analysis.comparison import (
    CompareOptions,
    Comparison,
    Difference,
    Example,
    compare,
    describe_case,
    limit_words,
)
from trustlaw.diagnostics import UsageError

pytest.importorskip("z3")

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
      amends "zz/base"
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


def kinds(comparison: Comparison) -> set[tuple[str, str, str, str]]:
    return {(d.aspect, d.subject, d.a, d.b) for d in comparison.differences}


def find(comparison: Comparison, aspect: str, subject: str, a: str, b: str) -> Difference:
    for difference in comparison.differences:
        if (difference.aspect, difference.subject, difference.a, difference.b) == (
            aspect, subject, a, b,
        ):
            return difference
    raise AssertionError(f"no difference {aspect} {subject} {a} → {b}")


def grounds(decision: trustlaw.Decision, outcome: str) -> list[str | None]:
    return [g.provision for g in decision.grounds[outcome]]


def shows(difference: Difference, example: Example, statutes: tuple[Any, Any]) -> bool:
    """Decide the example again from its JSON under both statutes, with each backend,
    and check that the difference is there."""
    for backend in ("interpreter", "compiled"):
        # compare reasons about the statutes' own limits, not the request's (docs/semantics.md)
        first, second = (
            s.decide(example.case, backend=backend, request_limits=False) for s in statutes
        )
        if difference.aspect == "outcome":
            seen = (first.outcomes[difference.subject], second.outcomes[difference.subject])
        elif difference.aspect == "max_hold":
            assert "prohibited" not in (first.outcomes["hold"], second.outcomes["hold"])
            seen = (limit_words(first.max_hold), limit_words(second.max_hold))
        else:
            seen = tuple(
                "imposed" if difference.subject in {d.id for d in x.duties} else "not imposed"
                for x in (first, second)
            )
        if seen != (difference.a, difference.b):
            return False
    return True


# ---- equivalence ------------------------------------------------------------------------------


@pytest.mark.parametrize("statute_id", ["ct/pa-19-20", "ca/sb54-2017", "nyc/ll58-59-2014"])
def test_a_statute_is_equivalent_to_itself(statute_id: str) -> None:
    comparison = trustlaw.compare(statute_id, statute_id)
    assert comparison.equivalent and comparison.status == "equivalent"
    assert comparison.differences == () and comparison.unknown == ()
    assert comparison.queries >= 48  # every outcome × every ordered pair of results
    assert comparison.render().startswith(f"equivalent: {statute_id} and {statute_id}")


def test_the_facade_function_survives_importing_the_module() -> None:
    import trustlaw.analysis.comparison  # a module must not shadow the facade function

    assert callable(trustlaw.compare)
    assert "compare" in trustlaw.__all__


# ---- a struck provision ------------------------------------------------------------------------


def test_striking_a_provision_differs_exactly_where_it_applied(drafts: tuple[Path, Path]) -> None:
    base, struck = drafts
    comparison = trustlaw.compare(base, struck)
    assert comparison.status == "different" and not comparison.equivalent
    assert comparison.unknown == ()
    assert kinds(comparison) == {
        ("outcome", "hold", "permitted", "prohibited"),
        ("outcome", "hold", "permitted", "undetermined"),
        ("outcome", "hold", "undetermined", "prohibited"),
    }
    # Shrunk to the facts that matter, nothing else known:
    expected = {
        ("permitted", "prohibited"): {
            "person": {"final_removal_order": False, "written_consent": True}
        },
        ("permitted", "undetermined"): {"person": {"written_consent": True}},
        ("undetermined", "prohibited"): {"person": {"final_removal_order": False}},
    }
    for difference in comparison.differences:
        assert difference.complete and len(difference.examples) == 1
        example = difference.examples[0]
        assert example.case == expected[(difference.a, difference.b)]
        assert shows(difference, example, (trustlaw.load(base), trustlaw.load(struck)))
    removed = find(comparison, "outcome", "hold", "permitted", "prohibited").examples[0]
    assert grounds(removed.a, "hold") == ["(b)(2)"]
    assert grounds(removed.b, "hold") == ["(a)"]
    assert removed.a.grounds["hold"][0].citation == "Base Act § (b)(2)"


def test_the_comparison_is_mirrored_when_the_order_is(drafts: tuple[Path, Path]) -> None:
    base, struck = drafts
    forward = trustlaw.compare(base, struck)
    backward = trustlaw.compare(struck, base)
    assert kinds(backward) == {(a, s, y, x) for a, s, x, y in kinds(forward)}


# ---- Connecticut 2013 and 2019 -----------------------------------------------------------------


def test_ct_felony_conviction_hold_permitted_in_2014_prohibited_in_2019(ct: Comparison) -> None:
    difference = find(ct, "outcome", "hold", "permitted", "prohibited")
    assert difference.complete
    by_ground = {tuple(grounds(e.a, "hold")): e for e in difference.examples}
    # Every 2013 factor the 2019 act dropped, and the agencies it newly binds; the
    # terrorist-database factor (b)(5) survives as (b)(1)(A)(iii), so it is no difference.
    assert set(by_ground) == {("(b)(1)",), ("(b)(2)",), ("(b)(3)",), ("(b)(4)",), ("(b)(6)",),
                              ("(b)(7)",), ("(a)(4)",)}
    for example in difference.examples:
        assert grounds(example.b, "hold") == ["(b)(1)(A)"]
    felony = by_ground[("(b)(1)",)]
    [conviction] = felony.case["convictions"]
    assert conviction["level"] == "felony" and conviction["youthful_offender"] is False
    # ...and it is not one of the convictions that still open the 2019 gate
    assert conviction.get("felony_class") not in ("A", "B") or conviction.get("court") not in (
        None, "this_state",
    )
    assert "Conn. Pub. Act 13-155 § 1(b)(1)" in [g.citation for g in felony.a.grounds["hold"]]


def test_ct_judicial_warrant_alone_prohibited_in_2014_permitted_in_2019(ct: Comparison) -> None:
    difference = find(ct, "outcome", "hold", "prohibited", "permitted")
    [example] = difference.examples
    assert example.case["request"]["judicial_warrant"] is True
    assert grounds(example.a, "hold") == ["(b)"]
    assert grounds(example.b, "hold") == ["(b)(1)(A)(i)"]
    # nothing else against the person: every 2013 factor is known not to apply
    assert example.case.get("convictions") == [] and example.case.get("charges") == []
    assert example.case.get("warrants") == []


def test_ct_duties_and_clock_differences(ct: Comparison) -> None:
    assert ("duty", "notify-ice-of-decision", "imposed", "not imposed") in kinds(ct)
    assert ("duty", "give-person-copy-of-detainer", "not imposed", "imposed") in kinds(ct)
    excluding = "48 hours excluding saturday, sunday, federal_holiday"
    assert ("max_hold", "max_hold", excluding, "48 hours") in kinds(ct)
    clock = find(ct, "max_hold", "max_hold", excluding, "48 hours").examples[0]
    assert clock.b.max_hold is not None and clock.b.max_hold.excluding == ()
    # no law requires a hold, so no difference can involve a required hold
    assert not any(d.subject == "hold" and "required" in (d.a, d.b) for d in ct.differences)


def test_ct_render_reads_as_the_drafter_expects(ct: Comparison) -> None:
    text = ct.render()
    assert text.startswith(f"ct/pa-13-155 and ct/pa-19-20 differ: {len(ct.differences)} kinds")
    assert "hold: ct/pa-13-155 permits where ct/pa-19-20 prohibits" in text
    assert "hold: ct/pa-13-155 prohibits where ct/pa-19-20 permits" in text
    assert ": (b)(1) vs (b)(1)(A)\n" in text
    assert "a conviction (level: felony" in text
    assert "ct/pa-13-155: hold permitted — (b)(1) Conn. Pub. Act 13-155 § 1(b)(1)" in text
    assert "duty `notify-ice-of-decision`: ct/pa-13-155 imposes it where ct/pa-19-20 does not" \
        in text


# ---- every example, every bundled comparison -----------------------------------------------------


@pytest.mark.parametrize("pair", [
    ("ct/pa-13-155", "ct/pa-19-20"),
    ("ca/ab4-2013", "ca/sb54-2017"),
    ("nyc/ll62-2011", "nyc/ll58-59-2014"),
    ("ct/pa-13-155", "ca/ab4-2013"),
])
def test_every_example_is_well_formed_and_shows_its_difference(pair: tuple[str, str]) -> None:
    statutes = (trustlaw.load(pair[0]), trustlaw.load(pair[1]))
    comparison = compare(*statutes)
    assert comparison.status == "different" and comparison.unknown == ()
    vocab = statutes[0].vocabulary
    for difference in comparison.differences:
        assert difference.status == "differs" and difference.examples
        for example in difference.examples:
            cases.validate(example.case, vocab)  # raises CaseError if not well-formed
            json.dumps(example.case)  # JSON as given, pasteable into `given`
            assert shows(difference, example, statutes), (difference, example.case)
            assert example.summary == describe_case(example.case, vocab)


def test_examples_of_one_kind_have_different_grounds(ct: Comparison) -> None:
    for difference in ct.differences:
        seen = [
            (tuple(e.a.evaluation.deciding[difference.subject]),
             tuple(e.b.evaluation.deciding[difference.subject]))
            for e in difference.examples
        ] if difference.aspect == "outcome" else []
        assert len(seen) == len(set(seen))


def test_max_examples_caps_and_says_so() -> None:
    capped = compare("ct/pa-13-155", "ct/pa-19-20",
                     options=CompareOptions(max_examples=2))
    difference = find(capped, "outcome", "hold", "permitted", "prohibited")
    assert len(difference.examples) == 2 and not difference.complete
    assert "(there may be cases with other grounds)" in capped.render()


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
    assert comparison.status == "unknown" and not comparison.equivalent
    assert comparison.differences == () and comparison.unknown
    for difference in comparison.unknown:
        assert difference.status == "unknown" and difference.reason
    data = comparison.to_dict()
    assert data["status"] == "unknown" and data["equivalent"] is False
    assert all(d["reason"] for d in data["unknown"])
    assert "the solver could not decide: " in comparison.render()


# ---- JSON and bad input ------------------------------------------------------------------------


def test_json_shape(ct: Comparison) -> None:
    data = json.loads(json.dumps(ct.to_dict()))
    assert set(data) == {"a", "b", "status", "equivalent", "bound", "queries", "seconds",
                         "differences", "unknown"}
    assert data["a"]["id"] == "ct/pa-13-155" and data["b"]["id"] == "ct/pa-19-20"
    assert data["a"]["digest"].startswith("sha256:")
    assert data["status"] == "different" and data["equivalent"] is False and data["bound"] == 3
    for difference in data["differences"]:
        assert set(difference) == {"aspect", "subject", "a", "b", "status", "complete",
                                   "reason", "examples"}
        assert difference["aspect"] in ("outcome", "max_hold", "duty")
        for example in difference["examples"]:
            assert set(example) == {"case", "summary", "a", "b"}
            assert example["a"]["statute"] == "ct/pa-13-155"
            assert example["b"]["statute"] == "ct/pa-19-20"
            if difference["aspect"] == "outcome":
                assert example["a"]["outcomes"][difference["subject"]] == difference["a"]
                assert example["b"]["outcomes"][difference["subject"]] == difference["b"]


def test_statutes_on_different_vocabularies_are_refused() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    other = trustlaw.Statute(
        statute.program, attrs.evolve(statute.vocabulary, digest="sha256:other")
    )
    with pytest.raises(UsageError) as caught:
        compare(statute, other)
    assert "TL-U008" in caught.value.render()


def test_an_unknown_statute_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        trustlaw.compare("ct/pa-13-15", "ct/pa-19-20")


def test_describe_case_words() -> None:
    vocab = trustlaw.load("ct/pa-13-155").vocabulary
    text = describe_case(
        {"agency": "state_police", "request": {"judicial_warrant": False, "kinds": []},
         "person": {"gang_database": True}, "warrants": [],
         "convictions": [{"level": "felony", "felony_class": "C", "tags": []}]},
        vocab,
    )
    assert text == (
        "agency: state police; request kinds: none; request judicial warrant: no; "
        "gang database: yes; no warrants; a conviction (level: felony, felony class: C, "
        "tags: none)"
    )
    assert describe_case({}, vocab) == "any case (no fact known)"


def test_an_encoding_the_solver_cannot_handle_is_unknown_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trustlaw import ir
    from trustlaw.backends import smt

    def unsupported(program: Any, case: Any) -> Any:
        raise ir.UnsupportedNode(object(), "SMT")

    monkeypatch.setattr(smt, "encode_program", unsupported)
    comparison = compare("ct/pa-13-155", "ct/pa-19-20")
    assert comparison.status == "unknown" and comparison.queries == 0
    [unknown] = comparison.unknown
    assert unknown.reason == "the SMT backend does not handle IR node object"
    assert "UNKNOWN every question\n  the solver could not decide: the SMT backend" in \
        comparison.render()
