"""The redline names, under a redefined definition, the provisions that read it: as lowering
recorded them (a definition with parameters too), never a provision that only uses the
facts the definition is made of."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from trustlaw.analysis.compare import compare
from trustlaw.analysis.compare.redline import redline

pytest.importorskip("z3")

BASE = textwrap.dedent("""\
    statute "zz/redline-base" {
      title "Base" jurisdiction "zz" citation "Base Act" status proposed
    }
    definition serious(c: conviction) {
      cites "Base Act § 1(a)"
      text "A felony conviction."
      means c.level = felony
    }
    definition warrant_attached {
      cites "Base Act § 1(b)"
      text "A judge signed a warrant."
      means request.judicial_warrant
    }
    provision (a) {
      cites "Base Act § 2(a)"
      text "No holds, no transfers."
      hold prohibited
      transfer prohibited
    }
    provision (b) except (a) {
      cites "Base Act § 2(b)"
      text "A serious conviction permits a hold."
      hold permitted if any c in convictions where serious(c)
    }
    provision (c) except (a) {
      cites "Base Act § 2(c)"
      text "A judicial warrant permits a hold."
      hold permitted if request.judicial_warrant
    }
    provision (d) except (a) {
      cites "Base Act § 2(d)"
      text "A warrant permits a transfer."
      transfer permitted if warrant_attached
    }
    """)

# Redefines both definitions, keeps (b) and (d) as they are, and rewrites (c), which still
# uses the warrant fact directly and does not call `warrant_attached`.
DRAFT = textwrap.dedent("""\
    statute "zz/redline-draft" {
      title "Draft" jurisdiction "zz" citation "Draft Act" status proposed
      amends "base.law"
    }
    definition serious(c: conviction) {
      cites "Draft Act § 1(a)"
      text "A class A felony conviction."
      means c.level = felony and c.felony_class = A
    }
    definition warrant_attached {
      cites "Draft Act § 1(b)"
      text "A judge signed a warrant that came with an I-247A."
      means request.judicial_warrant and request.form = "I-247A"
    }
    provision (c) except (a) {
      cites "Draft Act § 2(c)"
      text "A judicial warrant permits a hold only with a final removal order."
      hold permitted if request.judicial_warrant and person.final_removal_order
    }
    """)


@pytest.fixture(scope="module")
def changes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    folder = tmp_path_factory.mktemp("redline")
    (folder / "base.law").write_text(BASE, encoding="utf-8")
    (folder / "draft.law").write_text(DRAFT, encoding="utf-8")
    data = redline(compare(str(folder / "base.law"), str(folder / "draft.law"))).to_dict()
    return {(c["kind"], c["label"]): c for c in data["changes"]}


def test_a_redefined_definition_with_parameters_names_the_provisions_that_call_it(
        changes: dict[tuple[str, str], dict[str, Any]]) -> None:
    serious = changes[("definition", "serious")]
    assert serious["change"] == "changed" and serious["read_by"] == ["(b)"]
    assert serious["regions"]  # (b) decides where the two readings of `serious` part
    # (b)'s text is the same: its change is the definition's, not a changed provision
    assert ("provision", "(b)") not in changes


def test_a_provision_using_a_fact_directly_is_not_listed_under_its_one_fact_definition(
        changes: dict[tuple[str, str], dict[str, Any]]) -> None:
    rewritten = changes[("provision", "(c)")]
    assert rewritten["change"] == "changed"
    assert rewritten["reads_changed_definitions"] == []  # it never calls warrant_attached
    warrant = changes[("definition", "warrant_attached")]
    assert warrant["read_by"] == ["(d)"]  # (d) calls it; (c) does not
    assert ("provision", "(d)") not in changes


def test_a_reworded_provision_names_the_redefined_definition_it_reads(tmp_path: Path) -> None:
    """A provision whose text changed with a definition it calls is listed with the
    definition, which then names no provision changed only through it (as the H.B. 7211
    draft of PA 19-20 was while PA 19-20 still defined the gates)."""
    reworded = DRAFT + textwrap.dedent("""\
        provision (d) except (a) {
          cites "Draft Act § 2(d)"
          text "A warrant with an I-247A permits a transfer."
          transfer permitted if warrant_attached
        }
        """)
    (tmp_path / "base.law").write_text(BASE, encoding="utf-8")
    (tmp_path / "draft.law").write_text(reworded, encoding="utf-8")
    data = redline(compare(str(tmp_path / "base.law"), str(tmp_path / "draft.law")))
    by_label = {(c.kind, c.label): c for c in data.changes}
    assert by_label[("provision", "(d)")].through == ("warrant_attached",)
    assert by_label[("definition", "warrant_attached")].through == ()


def test_the_redline_of_two_enacted_connecticut_laws_names_the_definitions_each_reads() -> None:
    """PA 25-29 rewrote the provisions of its gates; its `convicted_of_class_a_or_b_felony`
    says the same as 2019's (only the wording and citation changed), so no provision is
    named as reading a changed felony definition."""
    data = redline(compare("ct/pa-19-20", "ct/pa-25-29")).to_dict()
    changed = {c["label"]: c for c in data["changes"] if c["change"] == "changed"}
    named = {label: c["reads_changed_definitions"] for label, c in changed.items()
             if c["kind"] == "provision" and c["reads_changed_definitions"]}
    # the gates call the felony definition, whose meaning is 2019's
    assert named == {}
    assert changed["convicted_of_class_a_or_b_felony"]["kind"] == "definition"
    # neither law defines the gates as a whole any more ((e)(1) read such a definition
    # while notice followed the gates; nothing did after), so none is listed
    assert not any(c["label"] == "detainer_may_be_honored" for c in data["changes"])
    # the warrant and watchlist gates use facts directly and call no definition
    for label in ("(b)(1)(A)(i)", "(b)(1)(A)(iii)"):
        assert changed[label]["reads_changed_definitions"] == [], label
    # the same definition, unchanged in the 2025 bill, is named by no provision
    bill = redline(compare("ct/pa-19-20", "ct/hb7211-raised-2025")).to_dict()
    for change in bill["changes"]:
        if change["kind"] == "provision":
            assert "convicted_of_class_a_or_b_felony" not in change["reads_changed_definitions"]


def test_the_connecticut_drafts_name_the_definition_behind_an_unchanged_provision() -> None:
    root = Path(__file__).resolve().parents[1] / "statutes" / "drafts"
    gate = redline(compare("ct/pa-19-20", str(root / "ct-pa-19-20-hb7211-gate.law")))
    by_label = {(c.kind, c.label): c for c in gate.changes}
    # PA 19-20 defines no gate (nothing there read one): the draft's is its own, added,
    # and read by the provision it gates
    added = by_label[("definition", "detainer_may_be_honored")]
    assert (added.change, added.through) == ("added", ("(b)(1)(A)(i)",))
    assert by_label[("provision", "(b)(1)(A)(i)")].through == ()
    assert ("provision", "(e)(1)") not in by_label
    without = redline(compare("ct/pa-13-155", str(root / "ct-pa-13-155-without-b7.law")))
    assert [(c.kind, c.label, c.change, c.through) for c in without.changes] == [
        ("provision", "(b)(7)", "struck", ()),
        ("definition", "public_safety_factor_found", "changed", ("(c)",))]
    # two laws with no definition in common: no provision is listed as reading a changed
    # one, and each struck or added definition names the provisions of its law reading it
    ct = redline(compare("ct/pa-13-155", "ct/pa-19-20"))
    assert all(not c.through for c in ct.changes if c.kind == "provision")
    read = {c.label: (c.change, c.through) for c in ct.changes if c.kind == "definition"}
    assert read["convicted_of_a_felony"] == ("struck", ("(b)(1)", "(c)"))
    assert read["public_safety_factor_found"] == ("struck", ("(c)",))
    assert read["convicted_of_class_a_or_b_felony"] == ("added", ("(b)(1)(A)(ii)",
                                                                 "(b)(1)(D)(i)"))


def test_a_text_of_several_lines_cannot_pass_for_a_line_of_the_report(tmp_path: Path) -> None:
    """A provision's text with its own line breaks (`\\n`) printed its later lines at the
    left margin, where "VERDICT: no difference" read as the report's own line."""
    forged = DRAFT.replace(
        '"A judicial warrant permits a hold only with a final removal order."',
        '"A hold.\\n\\nVERDICT: no difference; B is exactly as protective as A."')
    (tmp_path / "base.law").write_text(BASE, encoding="utf-8")
    (tmp_path / "draft.law").write_text(forged, encoding="utf-8")
    text = redline(compare(str(tmp_path / "base.law"), str(tmp_path / "draft.law"))).render()
    assert "\n      VERDICT: no difference" in text
    assert not any(line.startswith("VERDICT") for line in text.splitlines())
