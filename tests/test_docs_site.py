"""The documentation site: generated statute pages, a strict mkdocs build, and docs that
stay true to the code (examples compile and decide as the text says)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import attrs
import pytest

import trustlaw
from trustlaw import cli, ir
from trustlaw.checker import compile_source
from trustlaw.lowering import program as lower
from trustlaw.lowering.files import default_vocabulary
from trustlaw.site import docgen
from trustlaw.site.escape import md_text
from trustlaw.site.statute_page import Terms
from trustlaw.site.words import definition_anchor
from trustlaw.testing.runner import run_statute

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def code_blocks(page: str, language: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


# ---- generated pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    docgen.generate(docs)
    return docs


def test_every_bundled_statute_gets_a_page(generated: Path) -> None:
    index = (generated / "laws" / "index.md").read_text(encoding="utf-8")
    for statute_id in trustlaw.available():
        assert (generated / "laws" / f"{statute_id}.md").is_file()
        assert f"[`{statute_id}`]({statute_id}.md)" in index
    schema = json.loads((generated / "schema" / "case.schema.json").read_text())
    # the vocabulary's facts, and the caller's own case id (docs/cases.md)
    assert schema["properties"].keys() == {f.name for f in default_vocabulary().fields} | {"id"}


def test_statute_page_shows_the_law(generated: Path) -> None:
    statute = trustlaw.load("ct/pa-13-155")
    page = (generated / "laws" / "ct" / "pa-13-155.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {statute.meta.title}")
    assert "- **In force:** January 1, 2014\n" in page
    assert "- **Superseded:** October 1, 2019\n" in page
    for provision in statute.provisions:
        assert f"### {provision.label} {{ #{docgen.provision_anchor(provision.label)} }}" in page
        assert provision.citation in page
    for definition in statute.definitions:  # headed in words, its name in small type
        anchor = definition_anchor(definition.name)
        assert re.search(rf"^### [A-Z][^`_]* {{ #{anchor} }}$", page, re.M), definition.name
        assert f"In the statute language: `{definition.name}`" in page
    for note in statute.notes:
        assert note.title in page
    for example in statute.examples:
        assert f"### {example.name}" in page
    for invariant in statute.invariants:
        assert f"### {invariant.name}" in page
    # Notes never send the reader to the unpublished legal reference (issue 14).
    assert "open question" not in page
    # The encoding of (b)(1) is quoted from the file.
    assert "hold permitted if convicted_of_a_felony" in page


def test_plain_words_name_the_statutes_defined_terms() -> None:
    page = docgen.statute_page(trustlaw.load("ct/pa-13-155"))
    link = "[convicted of a felony](#definition-convicted_of_a_felony)"
    # a provision's condition that is a defined term reads as the term, linked to it
    assert f"**In plain words:** hold permitted when {link}; an exception to" in page
    definitions = page.split("## Definitions", 1)[1]
    heading = "### Convicted of a felony { #definition-convicted_of_a_felony }"
    own = definitions.split(heading, 1)[1].split("###", 1)[0]
    # the definition itself is spelled out, never by its own name
    values = "../../reference/case-schema.md#values-"
    assert ("**In plain words:** there is a felony conviction that still stands, that was "
            "entered by "
            f"[a court of the state whose law is applied]({values}convicting_court), "
            f"[a court of another state of the United States]({values}convicting_court), "
            f"[a federal court of the United States]({values}convicting_court) or "
            f"[a court of the District of Columbia]({values}convicting_court), and that was "
            "not a youthful-offender or juvenile adjudication.") in own
    heading = "### Public safety factor found { #definition-public_safety_factor_found }"
    combined = definitions.split(heading, 1)[1].split("###", 1)[0]
    assert f"**In plain words:** {link} or [pending Connecticut charge" in combined


@pytest.mark.parametrize("hostile", ["\ue0000\ue001 PWNED", "\ue0020\ue003 PWNED"])
def test_a_statute_string_never_passes_for_a_defined_term(hostile: str) -> None:
    tag = ir.EnumType("tag", (hostile,))
    tags = ir.Fact(("tags",), ir.ListType(tag))
    defined = ir.Fact(("person", "gang_database"), ir.BOOL)
    program = attrs.evolve(trustlaw.load("ct/pa-13-155").program, definitions=(
        ir.Definition("gang_member", "", "", (), defined),))
    condition = ir.Or((defined, ir.Member(ir.Const(hostile, tag), tags)))
    words = Terms(program).words(condition)
    # the markers the page uses for a name or a value are the statute's own text here:
    # shown as written, linked to what a tag means, never made another link
    assert words == ("[gang member](#definition-gang_member) or the tags include "
                     f"[{hostile}](../../reference/case-schema.md#values-tag)")
    assert Terms(program).words(defined) == "[gang member](#definition-gang_member)"


def test_case_format_page_says_what_every_value_means(generated: Path) -> None:
    """A lawyer filling in a case reads what `this_state` means and which code an offense
    tag stands for, beside each field whose type links to them."""
    page = (generated / "reference" / "case-schema.md").read_text(encoding="utf-8")
    vocab = default_vocabulary()
    rows: dict[tuple[str, str], str] = {}  # (kind, value) -> its row
    kind = ""
    for line in page.splitlines():
        if line.startswith("### `"):
            kind = line.split("`")[1]
        elif line.startswith("| `") and kind:
            rows[(kind, line.split("`")[1])] = line
    for enum, value, meaning in vocab.enum_texts:
        assert md_text(meaning) in rows[(enum, value)], (enum, value)
    assert "### `convicting_court` { #values-convicting_court }" in page
    assert "| `this_state` | A court of the state whose law is applied |" in page
    for tag in vocab.tags:  # each tag with its citation and what it covers
        assert md_text(tag.citation) in rows[("tag", tag.name)], tag.name
    assert "| `convictions` | list of [`conviction`](#record-conviction) |" in page
    assert "## `conviction` records { #record-conviction }" in page
    assert "| `court` | [`convicting_court`](#values-convicting_court) |" in page
    # a yes/no field says how the law's words put it either way
    assert ("| `vacated` | boolean | The judgment has been vacated, reversed, expunged or "
            "erased, so that it no longer stands as a conviction. In plain words: yes, “was "
            "set aside”; no, “still stands”. |") in page


def _court_values(record: str, field: str) -> tuple[str, ...]:
    """The values the vocabulary gives a record's court field (an enum)."""
    (info,) = [i for r in default_vocabulary().records if r.name == record
               for i in r.fields if i.name == field]
    assert isinstance(info.type, ir.EnumType)
    return info.type.values


def test_cases_page_names_every_court_a_case_may_give() -> None:
    """docs/cases.md is written by hand: its entries for warrants and convictions name
    every court the vocabulary allows (a charge's are a warrant's, as it says), each with
    its meaning where it is first named, so a value the format gains (the District of
    Columbia, a territory, a tribe, a foreign court) is not found only on the generated
    reference page."""
    text = (DOCS / "cases.md").read_text(encoding="utf-8")
    entries = {m.group(1): m.group(2) for m in
               re.finditer(r"^`(\w+)`\n:   (.*?)(?=\n\n)", text, flags=re.S | re.M)}
    issued_in = _court_values("warrant", "issued_in")
    assert _court_values("charge", "court") == issued_in
    assert "the same values as a warrant's `issued_in`" in entries["charges"]
    warrants = " ".join(entries["warrants"].split())
    for value in issued_in:  # named, and what it means said after it
        assert f"`{value}` (" in warrants, value
    convictions = entries["convictions"]
    for value in _court_values("conviction", "court"):
        assert f"`{value}`" in convictions, value


def test_replaces_links_to_the_earlier_version(generated: Path) -> None:
    page = (generated / "laws" / "ct" / "pa-19-20.md").read_text(encoding="utf-8")
    assert "- **Replaces:** [`ct/pa-13-155`](pa-13-155.md)\n" in page


def test_amending_statute_quotes_provisions_from_the_amended_file(tmp_path: Path) -> None:
    base = tmp_path / "base.law"
    base.write_text(textwrap.dedent("""\
        statute "zz/base" {
          title "Base" jurisdiction "zz" citation "Base Act" status proposed
        }
        provision (a) {
          cites "Base Act § (a)"
          text "No holds."
          hold prohibited
        }
        provision (b) except (a) {
          cites "Base Act § (b)"
          text "Consent permits a hold."
          hold permitted if person.written_consent
        }
        """))
    amending = tmp_path / "amending.law"
    amending.write_text(textwrap.dedent("""\
        statute "zz/amending" {
          title "Amending" jurisdiction "zz" citation "Amending Act" status proposed
          amends "zz/base"
        }
        strike (b)
        provision (c) except (a) {
          cites "Amending Act § (c)"
          text "A final removal order permits a hold."
          hold permitted if person.final_removal_order
        }
        """))
    statute = trustlaw.load(amending)
    page = docgen.statute_page(statute)
    assert "### (a)" in page and "### (c)" in page and "### (b) " not in page
    assert "(from base.law)" in page
    assert "      hold prohibited" in page  # (a) quoted from the base file
    assert "hold permitted if person.final_removal_order" in page


def test_generation_replaces_stale_pages(tmp_path: Path) -> None:
    stale = tmp_path / "laws" / "xx" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    docgen.generate(tmp_path, [trustlaw.load("ct/pa-13-155")])
    assert not stale.exists()
    assert (tmp_path / "laws" / "ct" / "pa-13-155.md").is_file()


# ---- the site builds cleanly ------------------------------------------------------------------


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    # The repository's own configuration: its hooks generate the pages (docs/ holds none).
    site = tmp_path / "site"
    code = cli.main(["docs", "build", "--config", str(REPO / "mkdocs.yml"), "--out",
                     str(site), "--strict"])
    assert code == 0, capsys.readouterr().err
    assert (site / "index.html").is_file()
    assert (site / "laws" / "ct" / "pa-13-155" / "index.html").is_file()
    # The schema is published beside the pages and linked from the Cases page (issue 14:
    # no longer pasted into it).
    assert "urn:trustlaw:case:detainer" in (site / "schema" / "case.schema.json").read_text()
    cases = (site / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'href="../schema/case.schema.json"' in cases


# ---- the docs tell the truth -----------------------------------------------------------------


def test_index_quick_start_is_true() -> None:
    block = code_blocks("index.md", "python")[0]
    case_text = block[block.index("case = {") + len("case = "): block.index("}\n\ndecision") + 1]
    case = ast.literal_eval(case_text)
    statute = trustlaw.load("ct/pa-13-155")
    decision = statute.decide(case)
    assert decision.outcomes["hold"] == "permitted"
    assert decision.grounds["hold"][0].citation == "Conn. Pub. Act 13-155 § 1(b)(1)"
    assert decision.max_hold is not None and decision.max_hold.hours == 48
    assert decision.release_deadline(dt.datetime(2015, 3, 5, 17, 0)) == dt.datetime(2015, 3, 9, 17)
    without = {k: v for k, v in case.items() if k != "convictions"}
    assert "convictions" in statute.decide(without).depends_on["hold"]
    assert trustlaw.load("ct", on=dt.date(2016, 5, 1)).id == "ct/pa-13-155"
    assert trustlaw.load("ct", on=dt.date(2020, 1, 1)).id == "ct/pa-19-20"


def test_cases_page_example_case_and_decision_shape() -> None:
    blocks = [json.loads(b) for b in code_blocks("cases.md", "json") if not b.startswith("--8<--")]
    case, decision = blocks
    trustlaw.load("ct/pa-13-155").validate(case)  # the documented case is well-formed
    real = trustlaw.load("ct/pa-13-155").decide(case).to_dict()
    assert decision.keys() == real.keys()
    for key in ("statute", "outcomes", "max_hold", "depends_on", "warnings"):
        assert decision[key] == real[key], key
    assert [d["id"] for d in decision["duties"]] == [d["id"] for d in real["duties"]]
    for outcome in ir.OUTCOMES:
        shown = ("citation", "provision", "verification")
        assert [[g.get(k) for k in shown] for g in decision["grounds"][outcome]] == [
            [g.get(k) for k in shown] for g in real["grounds"][outcome]]
        # a note list is shortened, never made up: its first note is the decision's
        assert [g["notes"][0] for g in decision["grounds"][outcome] if "notes" in g] == [
            g["notes"][0] for g in real["grounds"][outcome] if g.get("notes")]


def test_every_documented_error_code_family_exists() -> None:
    language = (DOCS / "language.md").read_text(encoding="utf-8")
    for family in ("TL-P", "TL-N", "TL-T", "TL-S", "TL-M", "TL-E", "TL-W", "TL-V", "TL-C",
                   "TL-U"):
        assert f"`{family}…`" in language


def test_language_reference_covers_the_language() -> None:
    language = (DOCS / "language.md").read_text(encoding="utf-8")
    for key in lower.META_KINDS:
        assert f"`{key}" in language, key
    for name in ir.STANDARD_INVARIANTS:
        assert f"`{name}`" in language, name
        assert f"`{name}`" in (DOCS / "verification.md").read_text(encoding="utf-8"), name
    for word in ("except", "notwithstanding", "subject to", "applies if", "duty", "limit hold",
                 "counting observed", "strike", "amends", "within", "is known", "any", "all",
                 "no c in", "count", "implies", "expect deadline", "expect no duty",
                 "expect max_hold none", "expect violated", "note", "question"):
        assert word in language, word


def test_language_examples_compile_and_pass() -> None:
    glance = code_blocks("language.md", "text")[0]
    program = compile_source(glance, "<glance>")
    statute = trustlaw.Statute(program)
    assert [r.passed for r in run_statute(statute)] == [True]
    extras = [b for b in code_blocks("language.md", "text") + code_blocks("verification.md", "text")
              if b.lstrip().startswith("invariant ")]
    assert extras
    for block in extras:
        compile_source(glance + "\n" + block, "<glance+invariant>")
    # A parameterised definition used inside a quantifier (needs a provision (a)).
    with_parameters = next(b for b in code_blocks("language.md", "text")
                           if b.startswith("definition serious_or_violent(c: conviction)"))
    stub = 'provision (a) {\n  cites "Stub § (a)"\n  text "No holds."\n  hold prohibited\n}\n'
    compile_source(glance + "\n" + stub + with_parameters, "<glance+definition>")
    # The amendment example applies to the bundled PA 19-20.
    amending = next(b for b in code_blocks("language.md", "text") if 'amends "ct/pa-19-20"' in b)
    labels = [p.label for p in compile_source(amending, "<amendment>").provisions]
    assert "(b)(1)(A)(i)" not in labels and "(b)(1)(A)(iv)" in labels and "(b)(1)(A)(ii)" in labels


def test_the_statute_at_a_glance_is_as_fmt_lays_it_out_and_checks_clean(tmp_path: Path) -> None:
    """It was in no `trustlaw fmt` layout and took the bundled Act's id, which `trustlaw
    check` warns of (TL-M014) for a reader who copies it (found by review)."""
    from trustlaw.checker import check_paths
    from trustlaw.language.fmt import format_source

    glance = code_blocks("language.md", "text")[0]
    assert format_source(glance) == glance
    path = tmp_path / "glance.law"
    path.write_text(glance, encoding="utf-8")
    assert [d.code for d in check_paths([path])] == []


def test_cli_page_documents_every_command() -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "==SUPPRESS==" or a.choices)
    assert commands.choices is not None
    for name in commands.choices:
        assert f"`trustlaw {name}" in page, name


def test_a_vocabularys_words_for_a_fact_are_escaped_on_the_page() -> None:
    hostile = ir.Reading("<script>alert(1)</script> is *listed*", "is [not](javascript:x) listed")
    program = attrs.evolve(trustlaw.load("ct/pa-13-155").program,
                           fact_readings=(("person.gang_database", hostile),))
    gang = ir.Fact(("person", "gang_database"), ir.BOOL)
    assert Terms(program).words(gang) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; is \\*listed\\*")
    assert Terms(program).words(ir.Not(gang)) == "is \\[not\\](javascript:x) listed"


def test_plain_words_close_off_a_quantifier_that_more_words_follow() -> None:
    program = trustlaw.load("dc/detainer-act-2012").program
    (definition,) = [d for d in program.definitions if d.name == "qualifying_violent_conviction"]
    words = Terms(program).words(definition.body, own=definition.name)
    # the violent-offense conviction's parts end before the "or" that joins the homicide one
    first, second = words.split(" or there is a conviction that is classed as [homicide]", 1)
    assert first.startswith("(there is a conviction that is classed as [dc.violent\\_offense]")
    assert first.endswith(")")
    assert first.count("(") == first.count(")") and " (" not in second


def test_every_digest_the_documentation_shows_is_a_statutes_digest_today() -> None:
    """A decision shown in the docs carries its statute's digest: after an edit to a
    statute or the vocabulary it must be shown anew, not left stale."""
    current = {trustlaw.load(i).program.digest for i in trustlaw.available()}
    pages = [*DOCS.rglob("*.md"), DOCS.parent / "README.md"]
    shown = {(page.name, digest) for page in pages
             for digest in re.findall(r"sha256:[0-9a-f]{64}", page.read_text(encoding="utf-8"))}
    assert shown and {(page, d) for page, d in shown if d not in current} == set()
    # a digest cut short for the page ("sha256:5660…") must still begin a current one
    cut = {(page.name, start) for page in pages
           for start in re.findall(r"sha256:([0-9a-f]{1,63})…", page.read_text(encoding="utf-8"))}
    assert {(page, s) for page, s in cut
            if not any(d.startswith("sha256:" + s) for d in current)} == set()


def test_the_site_never_sends_a_reader_to_a_file_it_does_not_publish() -> None:
    """docs/cases.md and `trustlaw.batch`'s docstring (on the API page) cited "CASES.md
    section 3a", a design note outside the site: a reader of the site could not follow
    it. The site's pages, and the docstrings its API page shows, name its own pages."""
    from trustlaw.caseload import run
    from trustlaw.decisions.decision import Decision
    from trustlaw.library.statute import Statute

    for page in DOCS.rglob("*.md"):
        assert "CASES.md" not in page.read_text(encoding="utf-8"), page
    shown = [trustlaw.batch, trustlaw.validate, run, run.batch, run.run_batch, run.Summary,
             Statute, Decision, Decision.depends_on, Decision.to_dict]
    for thing in shown:
        assert "CASES.md" not in (thing.__doc__ or ""), thing


def test_the_batch_page_gives_no_rate_of_its_own() -> None:
    """docs/batch.md quoted rates of 4 and 5 December (97,866, 19,767, 65,252 and 11,681
    cases a second) long after the README's Performance table had moved on: the rates
    live in that table alone."""
    text = (DOCS / "batch.md").read_text(encoding="utf-8")
    assert re.search(r"[0-9][0-9,]* cases (a second|/s)", text) is None
    assert "Performance table" in text


def test_the_batch_page_says_what_hold_ground_is_for_an_undetermined_hold() -> None:
    """"the citation of the first hold ground" read as the provision that decided the
    hold; for an undetermined hold it is the first that may decide it, as decide() has."""
    pytest.importorskip("duckdb", reason="the batch needs the sql extra")
    row = next(line for line in (DOCS / "batch.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| `hold_ground` |"))
    assert "undetermined hold, the first provision that may decide it" in row
    statute = trustlaw.load("ct/pa-13-155")
    case = {"date": "2016-01-05", "agency": "state_corrections",
            "request": {"kinds": ["hold"], "form": "I-247A"}}
    decision = statute.decide(case)
    assert decision.outcomes["hold"] == "undetermined"
    (batched,) = trustlaw.batch(statute, [case]).to_pylist()
    assert batched["hold_ground"] == decision.to_dict()["grounds"]["hold"][0]["citation"]
