"""TL-W004: a definition that no decision reads is warned of, where it is written; a use
by a provision's clause, a custom invariant, a used definition or an amendment counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustlaw.checker import check_paths, check_source
from trustlaw.diagnostics import Diagnostic

UNUSED = "TL-W004"

HEADER = """statute "{id}" {{
  title "T"
  jurisdiction "{j}"
  citation "T Act"
  status proposed{extra}
}}
"""

FELON = """
definition felon {
  cites "T Act § 1(a)"
  text "A felony conviction."
  means any c in convictions where c.level = felony
}
"""

RULE = """
provision (b) {
  cites "T Act § 1(b)"
  text "No hold."
  hold prohibited
}
"""


def statute(statute_id: str, body: str, extra: str = "") -> str:
    return HEADER.format(id=statute_id, j=statute_id.split("/")[0], extra=extra) + body


def check(body: str) -> list[Diagnostic]:
    return check_source(statute("t/x", body), "x.law")


def unused(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == UNUSED]


def test_a_definition_nothing_reads_is_warned_of_where_it_is_written() -> None:
    found = check(FELON + RULE)
    assert [d.code for d in found] == [UNUSED]
    (d,) = found
    assert d.severity == "warning" and not d.is_error
    assert "definition `felon` is used by no provision, invariant or other definition" in \
        d.message
    assert d.span is not None and (d.span.file, d.span.line, d.span.column) == ("x.law", 8, 1)
    text = d.render({"x.law": statute("t/x", FELON + RULE)})
    assert "x.law:8:1" in text and "definition felon {" in text
    assert "help: use it in the provision it describes (e.g. `hold permitted if felon`)" in text


@pytest.mark.parametrize("clause", [
    "hold permitted if felon",
    "hold permitted unless felon",
    'duty "tell" "Tell ICE." if felon',
    "limit hold 24 hours if felon",
    "applies if felon",
])
def test_each_kind_of_clause_of_a_provision_is_a_use(clause: str) -> None:
    body = FELON + RULE + f"""
provision (c) except (b) {{
  cites "T Act § 1(c)"
  text "Felons."
  {clause}
}}
"""
    assert check(body) == []


def test_binds_if_is_a_use() -> None:
    body = FELON + RULE + """
provision (d) {
  cites "T Act § 1(d)"
  text "A duty of its own."
  binds if felon
  duty "copy" "Give a copy."
}
"""
    assert check(body) == []


def test_a_custom_invariant_is_a_use_and_a_standard_one_names_no_definition() -> None:
    custom = """
invariant "felons are never held either" {
  assume felon
  ensure hold is prohibited
}
"""
    assert check(FELON + RULE + custom) == []
    standard = """
invariant "no hold on a detainer alone" {
  standard no_hold_on_detainer_alone
}
"""
    assert [d.code for d in check(FELON + RULE + standard)] == [UNUSED]


def test_notes_and_examples_are_no_use() -> None:
    body = FELON + RULE + """
note "Who is a felon" {
  about felon
  text "Any felony conviction."
}

example "a felon" {
  given {"convictions": [{"level": "felony"}]}
  expect hold prohibited
}
"""
    assert [d.code for d in check(body)] == [UNUSED]


def test_a_definition_read_only_by_an_unused_one_is_warned_of_with_its_reader() -> None:
    serious = """
definition serious_felon {
  cites "T Act § 1(a)"
  text "A felon with a second felony."
  means felon and (count c in convictions where c.level = felony) >= 2
}
"""
    found = check(FELON + serious + RULE)
    assert [d.code for d in found] == [UNUSED, UNUSED]
    by_name = {d.message.split("`")[1]: d for d in found}
    assert "is used only by `serious_felon`, which nothing uses" in by_name["felon"].message
    assert "used by no provision" in by_name["serious_felon"].message
    # once the reader is used, both are
    used = RULE + """
provision (b)(1) except (b) {
  cites "T Act § 1(b)(1)"
  text "Serious felons may be held."
  hold permitted if serious_felon
}
"""
    assert check(FELON + serious + used) == []


def test_a_parameterised_definition_called_by_a_provision_is_used() -> None:
    body = """
definition felony_of(c: conviction) {
  cites "T Act § 1(a)"
  text "A felony."
  means c.level = felony
}
""" + RULE + """
provision (b)(1) except (b) {
  cites "T Act § 1(b)(1)"
  text "Felons may be held."
  hold permitted if any c in convictions where felony_of(c)
}
"""
    assert check(body) == []


# ---- amendments ------------------------------------------------------------------------------

BASE = FELON + RULE + """
provision (b)(1) except (b) {
  cites "T Act § 1(b)(1)"
  text "Felons may be held."
  hold permitted if felon
}
"""

REDEFINED = """
definition felon {
  cites "Draft § 1(a)"
  text "A felony conviction in this state."
  means any c in convictions where c.level = felony and c.court = this_state
}
"""


def _files(tmp_path: Path, base: str, draft: str) -> None:
    (tmp_path / "base.law").write_text(statute("t/base", base), encoding="utf-8")
    (tmp_path / "draft.law").write_text(
        statute("t/draft", draft, '\n  amends "base.law"'), encoding="utf-8")


def test_a_redefinition_a_provision_of_the_base_reads_is_used(tmp_path: Path) -> None:
    _files(tmp_path, BASE, REDEFINED)
    assert check_paths([tmp_path]) == []


def test_a_redefinition_nothing_in_force_reads_is_the_drafters_silent_change(
        tmp_path: Path) -> None:
    """The drafter's case: the base defines a term no provision reads any more, and the
    draft redefines it to add a gate, which then decides nothing."""
    _files(tmp_path, FELON + RULE, REDEFINED)
    found = unused(check_paths([tmp_path]))
    assert [(Path(d.span.file).name, d.span.line) for d in found if d.span] == [
        ("base.law", 8), ("draft.law", 9)]
    draft = found[1]
    assert draft.message == ("definition `felon` replaces the amended statute's, but no "
                             "provision in force reads it, so the change decides nothing")
    assert draft.help is not None and "a provision with the same label" in draft.help


def test_a_misspelt_redefinition_names_the_amended_statutes_definition(
        tmp_path: Path) -> None:
    """A drafter who meant to redefine `felon` wrote `felons`: the new definition reads
    nothing, the base's stays in force, and the help only said to use the new one in a
    provision or delete it. It now names the definition the drafter meant to replace."""
    _files(tmp_path, BASE, REDEFINED.replace("definition felon {", "definition felons {"))
    found = [d for d in unused(check_paths([tmp_path]))
             if d.span and Path(d.span.file).name == "draft.law"]
    assert len(found) == 1
    assert found[0].message.endswith("the amended statute's `felon` stays in force unchanged")
    assert found[0].help is not None and found[0].help.startswith("did you mean `felon`?")
    # in a file that amends nothing, nothing is suggested
    (tmp_path / "x.law").write_text(statute("t/x", FELON + RULE + REDEFINED.replace(
        "definition felon {", "definition felons {")), encoding="utf-8")
    alone = unused(check_paths([tmp_path / "x.law"]))
    assert alone and all("did you mean" not in (d.help or "") for d in alone)


def test_striking_the_provision_that_read_a_redefinition_leaves_it_unused(
        tmp_path: Path) -> None:
    _files(tmp_path, BASE, REDEFINED + "\nstrike (b)(1)\n")
    found = unused(check_paths([tmp_path]))
    # the base's own `felon` is read by its (b)(1): judged in the base, it is used
    assert [(Path(d.span.file).name, d.message.split("`")[1]) for d in found if d.span] == [
        ("draft.law", "felon")]
    assert "replaces the amended statute's" in found[0].message


def test_a_base_definition_read_only_by_an_amendment_is_not_warned_of(tmp_path: Path) -> None:
    uses = """
provision (b)(1) except (b) {
  cites "Draft § 1(b)(1)"
  text "Felons may be held."
  hold permitted if felon
}
"""
    _files(tmp_path, FELON + RULE, uses)
    assert check_paths([tmp_path]) == []
    # checked alone, the base still knows its amendment (it sits beside it)
    base = tmp_path / "base.law"
    assert check_source(base.read_text(encoding="utf-8"), str(base)) == []
    # an amendment that redefines the term reads its own, not the base's
    _files(tmp_path, FELON + RULE, REDEFINED + uses)
    found = unused(check_paths([tmp_path]))
    assert [Path(d.span.file).name for d in found if d.span] == ["base.law"]


def test_a_base_definition_read_through_a_chain_of_amendments_is_not_warned_of(
        tmp_path: Path) -> None:
    uses = """
provision (b)(1) except (b) {
  cites "Draft § 1(b)(1)"
  text "Felons may be held."
  hold permitted if felon
}
"""
    _files(tmp_path, FELON + RULE, "")
    (tmp_path / "second.law").write_text(
        statute("t/second", uses, '\n  amends "draft.law"'), encoding="utf-8")
    assert check_paths([tmp_path]) == []
    (tmp_path / "second.law").write_text(
        statute("t/second", REDEFINED + uses, '\n  amends "draft.law"'), encoding="utf-8")
    assert [Path(d.span.file).name for d in unused(check_paths([tmp_path])) if d.span] == [
        "base.law"]


def test_an_amendment_is_found_however_its_header_is_laid_out(tmp_path: Path) -> None:
    """Amendments are found from their text before any is parsed: a comment between
    `amends` and the name, as the grammar allows, still names the base."""
    uses = """
provision (b)(1) except (b) {
  cites "Draft § 1(b)(1)"
  text "Felons may be held."
  hold permitted if felon
}
"""
    (tmp_path / "base.law").write_text(statute("t/base", FELON + RULE), encoding="utf-8")
    (tmp_path / "draft.law").write_text(
        statute("t/draft", uses, '\n  amends  # the law in force\n    "base.law"'),
        encoding="utf-8")
    base = tmp_path / "base.law"
    assert check_source(base.read_text(encoding="utf-8"), str(base)) == []


def test_the_bundled_library_has_no_unused_definition() -> None:
    root = Path(__file__).resolve().parent.parent / "statutes"
    assert [d.render() for d in unused(check_paths([root]))] == []
