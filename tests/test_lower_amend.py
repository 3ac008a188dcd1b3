"""Amendments as data: a variant's provisions replace, strike and add on top of its base."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trustlaw import ir
from trustlaw.diagnostics import Diagnostic, StatuteError
from trustlaw.language import syntax
from trustlaw.language.parser import parse
from trustlaw.lowering.files import default_vocabulary, statutes_root
from trustlaw.lowering.program import lower

VOCAB = default_vocabulary()

BASE = """
statute "test/base" {
  title "Base" jurisdiction "test" citation "Base Act" status proposed
}
definition felon {
  cites "Base Act § 1(a)"
  means any c in convictions where c.level = felony
}
provision (b) {
  cites "Base Act § 1(b)"
  text "No hold."
  hold prohibited
}
provision (b)(1) except (b) {
  cites "Base Act § 1(b)(1)"
  text "Felons may be held."
  hold permitted if felon
}
provision (b)(2) except (b) {
  cites "Base Act § 1(b)(2)"
  text "Gang members may be held."
  hold permitted if person.gang_database
}
note "Base note" {
  about (b)(2)
  text "Only in the base."
}
example "base example" {
  given { "convictions": [] }
  expect hold prohibited
}
"""

VARIANT = """
statute "test/variant" {
  title "Variant" jurisdiction "test" citation "Amending Act" status proposed
  amends "test/base"
}
strike (b)(2)
provision (b)(1) except (b) {
  cites "Amending Act § 2"
  text "Felons over 21 may be held."
  hold permitted if felon and person.age >= 21
}
provision (b)(8) except (b) {
  cites "Amending Act § 3"
  text "A watchlist match may be held."
  hold permitted if person.terrorist_watchlist_match
}
example "variant example" {
  given { "person": {"age": 30} }
  expect hold grounds (b)(8)
}
"""


def library(**files: str) -> dict[str, syntax.LawFile]:
    return {f"test/{k.replace('_', '-')}": parse(v, f"{k}.law") for k, v in files.items()}


def run(text: str, files: dict[str, syntax.LawFile]) -> tuple[ir.Program | None, list[Diagnostic]]:
    def resolve(statute_id: str) -> syntax.LawFile:
        return files[statute_id]

    return lower(parse(text, "variant.law"), VOCAB, resolve)


def test_variant_replaces_strikes_and_adds() -> None:
    program, diagnostics = run(VARIANT, library(base=BASE))
    assert diagnostics == []
    assert program is not None
    assert [p.label for p in program.provisions] == ["(b)", "(b)(1)", "(b)(8)"]
    assert [(r.id, r.priority) for r in program.rules] == [
        ("(b):hold:1", 0), ("(b)(1):hold:1", 1), ("(b)(8):hold:1", 1),
    ]
    replaced = next(r for r in program.rules if r.provision == "(b)(1)")
    assert replaced.citation == "Amending Act § 2"
    assert isinstance(replaced.condition, ir.And)
    # the base's definition carries over and is inlined into the new provision
    assert isinstance(replaced.condition.operands[0], ir.Quantifier)
    assert [d.name for d in program.definitions] == ["felon"]
    assert program.meta.amends == "test/base"
    # examples and notes come only from the variant
    assert [e.name for e in program.examples] == ["variant example"]
    assert program.notes == ()


def test_redefinition_applies_to_inherited_provisions() -> None:
    text = VARIANT + """
definition felon {
  cites "Amending Act § 1"
  means any c in convictions where (c.level = felony and c.youthful_offender = false)
}
"""
    program, diagnostics = run(text, library(base=BASE))
    assert diagnostics == [] and program is not None
    (definition,) = program.definitions
    assert definition.citation == "Amending Act § 1"
    rule = next(r for r in program.rules if r.provision == "(b)(1)")
    assert isinstance(rule.condition, ir.And)
    quantifier = rule.condition.operands[0]
    assert isinstance(quantifier, ir.Quantifier) and isinstance(quantifier.body, ir.And)


def test_digest_covers_the_base_text() -> None:
    a, _ = run(VARIANT, library(base=BASE))
    b, _ = run(VARIANT, library(base=BASE.replace("Gang members", "Gang members ")))
    assert a is not None and b is not None
    assert a.digest != b.digest


def test_chain_of_amendments() -> None:
    second = """
statute "test/second" {
  title "Second" jurisdiction "test" citation "Second Act" status proposed
  amends "test/variant"
}
strike (b)(8)
"""
    files = library(base=BASE, variant=VARIANT)
    program, diagnostics = lower(parse(second, "second.law"), VOCAB, files.__getitem__)
    assert diagnostics == [] and program is not None
    assert [p.label for p in program.provisions] == ["(b)", "(b)(1)"]
    assert program.provision("(b)(1)").citation == "Amending Act § 2"  # type: ignore[union-attr]


def test_strike_of_a_missing_provision() -> None:
    program, diagnostics = run(VARIANT.replace("strike (b)(2)", "strike (b)(3)"),
                               library(base=BASE))
    assert program is None
    (d,) = diagnostics
    # the near label with its text: it may be the very provision a typo would strike
    assert d.code == "TL-S006" and d.help == (
        'did you mean `(b)(2)` ("Gang members may be held.")? read it before striking it')
    assert d.span is not None and d.span.file == "variant.law"


def test_strike_without_amends() -> None:
    text = BASE + "\nstrike (b)(2)\n"
    program, diagnostics = lower(parse(text, "base.law"), VOCAB)
    assert program is None
    assert [d.code for d in diagnostics] == ["TL-S007"]


def test_unknown_base() -> None:
    program, diagnostics = run(VARIANT, {})
    assert program is None
    assert [d.code for d in diagnostics] == ["TL-M008"]
    assert "`test/base` is not a statute in the library" in diagnostics[0].message


def test_no_resolver() -> None:
    program, diagnostics = lower(parse(VARIANT, "variant.law"), VOCAB)
    assert program is None
    assert diagnostics[0].code == "TL-M008"


def test_unreadable_base() -> None:
    def resolve(statute_id: str) -> syntax.LawFile:
        raise StatuteError([Diagnostic("TL-P001", "unexpected `}`", None)])

    program, diagnostics = lower(parse(VARIANT, "variant.law"), VOCAB, resolve)
    assert program is None
    assert diagnostics[0].code == "TL-M008"
    assert "cannot be read: unexpected `}`" in diagnostics[0].message


def test_circular_amendments() -> None:
    a = """statute "test/a" { title "A" jurisdiction "test" citation "A" status proposed
      amends "test/b" }"""
    b = """statute "test/b" { title "B" jurisdiction "test" citation "B" status proposed
      amends "test/a" }"""
    files = {"test/a": parse(a, "a.law"), "test/b": parse(b, "b.law")}
    program, diagnostics = lower(files["test/a"], VOCAB, files.__getitem__)
    assert program is None
    assert diagnostics[0].code == "TL-M008"
    assert "`test/a` → `test/b` → `test/a`" in diagnostics[0].message


@pytest.mark.parametrize("label", ["(b)", "(b)(1)"])
def test_variant_may_rank_against_inherited_provisions(label: str) -> None:
    text = VARIANT + f"""
provision (b)(9) subject to {label} {{
  cites "Amending Act § 4"
  text "Interviews are permitted."
  interview permitted
}}
"""
    program, diagnostics = run(text, library(base=BASE))
    assert diagnostics == [] and program is not None
    rule = next(r for r in program.rules if r.provision == "(b)(9)")
    assert rule.priority == 0
    outranking = next(r for r in program.rules if r.provision == label)
    assert outranking.priority >= 1


def test_a_provision_struck_twice_is_said_to_be() -> None:
    """The second `strike` said the base had no such provision, and suggested another."""
    program, diagnostics = run(VARIANT.replace("strike (b)(2)", "strike (b)(2)\nstrike (b)(2)"),
                               library(base=BASE))
    assert program is None
    (d,) = diagnostics
    assert d.code == "TL-S006" and "is written twice (first at variant.law:" in d.message
    assert d.help == "keep one `strike` for each provision"


def test_a_statute_amending_itself_is_told_what_to_do(tmp_path: Path) -> None:
    """TL-M006 for `amends` naming the file's own id had no help line."""
    import trustlaw

    draft = (statutes_root() / "drafts" / "ct-pa-13-155-without-b7.law").read_text(
        encoding="utf-8").replace('amends "ct/pa-13-155"',
                                  'amends "ct/pa-13-155-without-b7-draft"')
    path = tmp_path / "self.law"
    path.write_text(draft, encoding="utf-8")
    (found,) = [d for d in trustlaw.check(path) if d.code == "TL-M006"]
    assert "cannot amend itself" in found.message
    assert found.help == "name the statute this one amends, or give this file an id of its own"
    # said once: not also as a circle of amendments (TL-M008), nor as strikes in a
    # statute that amends nothing (TL-S007)
    assert [d.code for d in trustlaw.check(path)] == ["TL-M006"]


STRIKER = """
statute "test/striker" {
  title "Striker" jurisdiction "test" citation "Striking Act" status proposed
  amends "test/base"
}
strike (b)
"""


def test_striking_a_rule_whose_exceptions_stay_is_one_error_at_the_strike() -> None:
    """Striking (b) of the base left (b)(1) and (b)(2) `except (b)`: the errors were
    TL-N005s located in the base file, which is correct as it stands."""
    program, diagnostics = run(STRIKER, library(base=BASE))
    assert program is None
    (d,) = diagnostics
    assert d.code == "TL-S021"
    assert d.span is not None and (d.span.file, d.span.line) == ("variant.law", 6)
    assert d.message == ("`strike (b)` leaves provisions of the amended statute that rank "
                         "against what it strikes: (b)(1) (`except (b)`), (b)(2) (`except (b)`)")
    assert d.help == ("strike them too (`strike (b)(1)`); restate each that should stay with "
                      "its label and without (b) among the provisions it names (a rule ranked "
                      "above several, such as `except (b) except …`, keeps the others); or "
                      "replace (b) with a provision of the same label instead of striking it")


def test_an_amendments_own_provision_against_a_struck_one_is_reported_where_written() -> None:
    text = STRIKER + "strike (b)(1)\nstrike (b)(2)\n" + """
provision (b)(8) except (b) {
  cites "Striking Act § 3"
  text "A watchlist match may be held."
  hold permitted if person.terrorist_watchlist_match
}
"""
    program, diagnostics = run(text, library(base=BASE))
    assert program is None
    (d,) = diagnostics
    assert d.code == "TL-N005" and d.span is not None and d.span.file == "variant.law"


def test_striking_a_rule_with_its_exceptions_is_no_error() -> None:
    text = STRIKER + "strike (b)(1)\n" + """
provision (b)(2) {
  cites "Striking Act § 2"
  text "Gang members may be held."
  hold permitted if person.gang_database
}
"""
    program, diagnostics = run(text, library(base=BASE))
    assert diagnostics == [] and program is not None
    assert [p.label for p in program.provisions] == ["(b)(2)"]


# the striker without its strike, redefining `felon` with a parameter the base never gave
REDEFINES_FELON = STRIKER.replace("strike (b)\n", "") + """
definition felon(c: conviction) {
  cites "Striking Act § 1"
  means c.level = felony
}
"""


def test_a_definition_given_other_parameters_is_one_error_at_the_amendment() -> None:
    """The amended statute's uses of the old definition were each reported (TL-T008) in
    the amended file."""
    text = REDEFINES_FELON
    program, diagnostics = run(text, library(base=BASE))
    assert program is None
    (d,) = diagnostics
    assert d.code == "TL-S022" and d.span is not None and d.span.file == "variant.law"
    assert d.message == ("definition `felon` takes 1 argument here, but no arguments in the "
                         "amended statute, whose provisions still use it that way (base.law:17)")


def test_a_definition_given_other_parameters_with_its_uses_replaced_is_no_error() -> None:
    text = STRIKER.replace("strike (b)\n", "") + """
definition felon(c: conviction) {
  cites "Striking Act § 1"
  means c.level = felony
}
provision (b)(1) except (b) {
  cites "Striking Act § 2"
  text "Felons may be held."
  hold permitted if any c in convictions where felon(c)
}
"""
    program, diagnostics = run(text, library(base=BASE))
    assert diagnostics == [] and program is not None


def test_an_amends_that_names_no_statute_is_said_once(tmp_path: Path) -> None:
    """`amends ""` was TL-M006, then a TL-S007 for each strike ("only makes sense in a
    statute that amends another") and a TL-N005 for each exception to a struck one."""
    import trustlaw

    path = tmp_path / "draft.law"
    path.write_text((statutes_root() / "drafts" / "ct-pa-19-20-hb7211-gate.law").read_text(
        encoding="utf-8").replace('amends "ct/pa-19-20"', 'amends ""'), encoding="utf-8")
    assert [d.code for d in trustlaw.check(path)] == ["TL-M006"]


def test_an_unknown_base_is_not_suggested_as_the_amending_file_itself(tmp_path: Path) -> None:
    import trustlaw

    path = tmp_path / "draft.law"
    path.write_text((statutes_root() / "drafts" / "ct-pa-19-20-hb7211-gate.law").read_text(
        encoding="utf-8").replace('amends "ct/pa-19-20"', 'amends "ct/pa-19-20-hb7211-gate-draf"'),
        encoding="utf-8")
    (found,) = [d for d in trustlaw.check(path) if d.code == "TL-M008"]
    assert "ct/pa-19-20-hb7211-gate-draft" not in (found.help or "")


def test_a_redefinition_is_checked_against_uses_in_a_chain_thousands_long() -> None:
    """Looking for the base's uses of a redefined definition recursed once per operand:
    a condition of 2,000 chained operands raised RecursionError."""
    chain = " or ".join(f"person.age = {age % 130}" for age in range(2000))
    base = BASE.replace("hold permitted if felon", f"hold permitted if felon or {chain}")
    text = REDEFINES_FELON
    program, diagnostics = run(text, library(base=base))
    assert program is None
    assert [d.code for d in diagnostics] == ["TL-S022"]


NEW_PROVISION = """
provision {label} except (b) {{
  cites "Amending Act § 5"
  text "Felons over 21 may be held."
  hold permitted if felon and person.age >= 21
}}
"""
AMENDS_ONLY = VARIANT.split("strike (b)(2)")[0]


@pytest.mark.parametrize(("label", "how"), [
    ("(B)(1)", "differs from it only in capital letters"),
    ("(b)(l)", "differs from it only in `l` for `1`"),
    ("(B)(l)", "differs from it only in `l` for `1` and in capital letters"),
    ("54-192h(b)(1)", "adds the section number `54-192h`"),
])
def test_a_replacement_under_a_mistyped_label_is_warned_of(label: str, how: str) -> None:
    """`(b)(l)` or `(B)(1)` for the base's `(b)(1)` silently added a provision beside it,
    and the base's stayed in force: `check` said nothing."""
    program, diagnostics = run(AMENDS_ONLY + NEW_PROVISION.format(label=label),
                               library(base=BASE))
    (d,) = diagnostics
    assert (d.code, d.severity) == ("TL-W005", "warning")
    assert d.span is not None and (d.span.file, d.span.line, d.span.column) == (
        "variant.law", 7, 1)
    assert d.message == (f"provision {label} is added as a new provision, since the amended "
                         "statute has none with that label; its (b)(1) stays in force unchanged")
    assert d.help is not None and d.help.startswith(f"did you mean `(b)(1)`? The label {how};")
    assert program is not None  # a warning: the amendment still lowers, with both provisions
    assert [p.label for p in program.provisions] == ["(b)", "(b)(1)", "(b)(2)", label]


def test_a_base_label_with_its_section_number_left_out_is_warned_of() -> None:
    base = BASE.replace("provision (b)(2) except (b)", "provision 54-192h(b)(2) except (b)") \
        .replace("about (b)(2)", "about 54-192h(b)(2)")
    _, diagnostics = run(AMENDS_ONLY + NEW_PROVISION.format(label="(b)(2)"), library(base=base))
    (d,) = diagnostics
    assert d.code == "TL-W005" and "its 54-192h(b)(2) stays in force" in d.message
    assert d.help is not None and "leaves out the section number `54-192h`" in d.help


@pytest.mark.parametrize("label", ["(b)(3)", "(b)(8)", "(b)(10)", "(b)(1)(A)", "(c)"])
def test_a_new_label_unlike_the_bases_is_no_warning(label: str) -> None:
    # a sibling numbered next, or a subdivision: an edit away, but what an amendment adds
    program, diagnostics = run(AMENDS_ONLY + NEW_PROVISION.format(label=label),
                               library(base=BASE))
    assert diagnostics == [] and program is not None


@pytest.mark.parametrize("known", ["strike (b)(1)\n", NEW_PROVISION.format(label="(b)(1)")])
def test_a_near_label_beside_the_bases_own_written_is_no_warning(known: str) -> None:
    # the file strikes or replaces (b)(1) itself: the drafter knows the base's label
    text = AMENDS_ONLY + known + NEW_PROVISION.format(label="(B)(1)").replace("§ 5", "§ 6")
    _, diagnostics = run(text, library(base=BASE))
    assert "TL-W005" not in [d.code for d in diagnostics]


STRIKES_AND_NAMES_B2 = """
provision (b)(8) except (b) {
  cites "Amending Act § 3"
  text "A watchlist match may be held."
  hold permitted if person.terrorist_watchlist_match
}
provision (b)(8)(A) except (b)(2) {
  cites "Amending Act § 4"
  text "A gang member on the watchlist may be held."
  hold permitted if person.gang_database
}
note "Why (b)(2) goes" {
  about (b)(2)
  text "The gang factor is replaced by (b)(8)."
}
example "a gang member" {
  given { "person": {"gang_database": true} }
  expect hold grounds (b)(2)
}
"""


def test_naming_a_provision_the_amendment_strikes_says_it_is_struck() -> None:
    """An exception to, a note about or an expected ground naming (b)(2) after `strike
    (b)(2)` was "there is no provision (b)(2)" / "which does not exist", with "did you
    mean `(b)(8)`?": the amendment's own new sibling, while the base has (b)(2)."""
    text = AMENDS_ONLY + "strike (b)(2)\n" + STRIKES_AND_NAMES_B2
    program, diagnostics = run(text, library(base=BASE))
    assert program is None
    assert [d.code for d in diagnostics] == ["TL-N005", "TL-N010", "TL-E003"]
    for d in diagnostics:
        assert "(b)(2), which this amendment strikes (at variant.law:6:1)" in d.message or (
            "but this amendment strikes (b)(2) (at variant.law:6:1)" in d.message), d.message
        assert "(b)(8)" not in (d.help or "")
    assert diagnostics[0].message.startswith("provision (b)(8)(A) is `except (b)(2)`, but ")


def test_naming_a_provision_the_amendment_strikes_and_writes_again_is_no_error() -> None:
    text = AMENDS_ONLY + "strike (b)(2)\n" + STRIKES_AND_NAMES_B2 + """
provision (b)(2) except (b) {
  cites "Amending Act § 5"
  text "Gang members may be held."
  hold permitted if person.gang_database
}
"""
    program, diagnostics = run(text, library(base=BASE))
    assert [d for d in diagnostics if d.is_error] == [] and program is not None


@pytest.mark.parametrize(("base_mark", "variant_mark"), [("S", ""), ("", "S"), ("U", "S")])
def test_an_inherited_provision_is_as_well_checked_as_the_file_that_wrote_it(
        base_mark: str, variant_mark: str) -> None:
    """An amendment's header mark was given to every provision in force: a draft of
    ct/pa-25-29 (`verification S`) with no mark of its own made the base's (g) verified
    text, and `verification S` on a draft of ct/pa-13-155 made its verified (b)(1) rest on
    a secondary source, in every decision's warnings and on the draft's page."""
    def marked(text: str, mark: str) -> str:
        return text.replace("status proposed", f"status proposed verification {mark}") \
            if mark else text

    program, diagnostics = run(marked(VARIANT, variant_mark), library(base=marked(BASE, base_mark)))
    assert diagnostics == [] and program is not None
    levels = {p.label: p.verification for p in program.provisions}
    assert levels == {"(b)": base_mark or "V", "(b)(1)": variant_mark or "V",
                      "(b)(8)": variant_mark or "V"}


@pytest.mark.parametrize("written", ["ct/pa-13-155.law", "statutes/ct/pa-13-155.law"])
def test_a_bundled_id_written_as_a_file_name_is_pointed_to_the_id(
        tmp_path: Path, written: str) -> None:
    """`amends "ct/pa-13-155.law"` was read as a file beside the draft, and the help said
    only "there is no file `/…/ct/pa-13-155.law`"."""
    import trustlaw

    path = tmp_path / "draft.law"
    path.write_text((statutes_root() / "drafts" / "ct-pa-13-155-without-b7.law").read_text(
        encoding="utf-8").replace('amends "ct/pa-13-155"', f'amends "{written}"'),
        encoding="utf-8")
    (found,) = trustlaw.check(path)
    assert found.code == "TL-M008"
    assert (found.help or "").startswith('did you mean `amends "ct/pa-13-155"`?')


def test_a_missing_base_file_named_like_no_statute_is_said_to_be_missing(tmp_path: Path) -> None:
    import trustlaw

    path = tmp_path / "draft.law"
    path.write_text((statutes_root() / "drafts" / "ct-pa-13-155-without-b7.law").read_text(
        encoding="utf-8").replace('amends "ct/pa-13-155"', 'amends "ct/pa-13-156.law"'),
        encoding="utf-8")
    (found,) = trustlaw.check(path)
    assert found.code == "TL-M008" and (found.help or "").startswith("there is no file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_base_that_is_a_fifo_is_said_to_be_one_not_missing(tmp_path: Path) -> None:
    """`amends "ff.law"` naming a FIFO said "there is no file", of a file that is there;
    it is never opened (reading it would block)."""
    import trustlaw

    os.mkfifo(tmp_path / "ff.law")
    path = tmp_path / "draft.law"
    path.write_text((statutes_root() / "drafts" / "ct-pa-13-155-without-b7.law").read_text(
        encoding="utf-8").replace('amends "ct/pa-13-155"', 'amends "ff.law"'),
        encoding="utf-8")
    (found,) = trustlaw.check(path)
    assert found.code == "TL-M008"
    assert "is not a regular file" in (found.help or "")


def test_a_replacement_without_the_relation_it_replaces_is_warned_at_the_draft() -> None:
    """A drafter rewrote (b)(1) and left out `except (b)`: the conflict with (b) was
    reported in the amended statute's file, with help to edit the law in force. Now each
    problem is shown at the draft's provision, and a warning names the relation left out."""
    text = VARIANT.replace("provision (b)(1) except (b) {", "provision (b)(1) {")
    program, diagnostics = run(text, library(base=BASE))
    assert program is None
    assert {d.span.file for d in diagnostics if d.span is not None} == {"variant.law"}
    (warning,) = [d for d in diagnostics if d.code == "TL-W006"]
    assert warning.message == ("provision (b)(1) replaces one that is `except (b)` in the "
                               "amended statute, and does not say so: a replacement ranks "
                               "only as it says")
    assert warning.help == ("write `provision (b)(1) except (b)` to keep its rank, unless "
                            "the draft means to change it")
    (conflict,) = [d for d in diagnostics if d.code == "TL-S003"]
    assert conflict.help is not None
    assert conflict.help.startswith("if (b)(1) is an exception to (b), write `provision (b)(1) "
                                    "except (b)`")
    # said again, the relation ranks it as before: nothing to report
    assert run(VARIANT, library(base=BASE))[1] == []
