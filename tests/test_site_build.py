"""The site is built by plain `mkdocs build --strict` with the repository's configuration: the
hooks generate every statute page (statute code highlighted by trustlaw's own lexer), the
comparisons, matrix, timeline, sources and references, and nothing is written into docs/."""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import trustlaw
from trustlaw.cli import build_parser, site_hooks
from trustlaw.site import docgen
from trustlaw.site.comparison_pages import changed_law, comparison_pairs
from trustlaw.site.reference_pages import cli_reference

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("material")
    pytest.importorskip("mkdocstrings")
    out = tmp_path_factory.mktemp("site")
    before = sorted(p.relative_to(REPO / "docs") for p in (REPO / "docs").rglob("*"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRUSTLAW_DOCS_CHECKER": "0",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    after = sorted(p.relative_to(REPO / "docs") for p in (REPO / "docs").rglob("*"))
    assert after == before  # the pages were generated in memory, not into docs/
    return out



@pytest.mark.slow
def test_every_bundled_statute_has_a_page_whose_code_is_highlighted(site: Path) -> None:
    for statute_id in trustlaw.available():
        page = (site / "laws" / statute_id / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<div class="language-law highlight">(.*?)</div>', page, re.S)
        assert blocks, statute_id
        # the lexer's token spans: keywords, names, strings (never an error token)
        assert '<span class="kd">provision</span>' in page or "no provisions" in page, statute_id
        assert '<span class="s2">' in page or '<span class="s">' in page, statute_id
        assert 'class="err"' not in page, statute_id


@pytest.mark.slow
def test_a_statute_page_reads_like_an_annotated_code(site: Path) -> None:
    page = (site / "laws" / "ct" / "pa-13-155" / "index.html").read_text(encoding="utf-8")
    assert "In plain words:" in page
    # a defined term by its name, linked to its definition, which spells it out
    assert ('hold permitted when <a href="#definition-convicted_of_a_felony">convicted of a '
            'felony</a>') in page
    # a value linked to what it means on the case-format page
    assert ('there is a felony conviction that still stands, that was entered by <a '
            'href="../../../reference/case-schema/#values-convicting_court">a court of the '
            'state whose law is applied</a>') in page
    schema = (site / "reference" / "case-schema" / "index.html").read_text(encoding="utf-8")
    assert 'id="values-convicting_court"' in schema and "A federal court" in schema
    assert 'an exception to <a href="#provision-b">(b)</a>' in page
    assert 'class="tl-badge tl-badge-v"' in page and "verified text" in page
    assert "Reading: Who decides that a factor applies" in page  # a note beside (b)
    assert "→ Outcomes" in page  # the examples as facts → outcomes
    if trustlaw.load("ct/pa-13-155").invariants:
        assert ("Proved" in page or "Violated" in page) if _z3() else "Not checked" in page


@pytest.mark.slow
def test_the_stylesheet_wraps_statute_code(site: Path) -> None:
    css = (site / "stylesheets" / "trustlaw.css").read_text(encoding="utf-8")
    assert re.search(r"\.language-law[^{]*\{[^}]*white-space: pre-wrap", css)


@pytest.mark.slow
def test_comparison_pages_say_what_changed_first(site: Path) -> None:
    if not _z3():
        pytest.skip("comparisons need z3")
    page = (site / "laws" / "comparisons" / "ct-pa-13-155--ct-pa-19-20" / "index.html")
    text = page.read_text(encoding="utf-8")
    assert text.index("What changed") < text.index("Which is more protective") \
        < text.index("Details")
    assert "Under <code>ct/pa-19-20</code>, a hold is <strong>" in text
    for a, b in [("ct/pa-13-155", "ca/ab4-2013"), ("ct/pa-13-155", "nyc/ll58-59-2014"),
                 ("ca/ab4-2013", "nyc/ll58-59-2014")]:
        path = site / "laws" / docgen.comparison_path(a, b).removesuffix(".md") / "index.html"
        assert path.is_file(), (a, b)
    matrix = (site / "laws" / "matrix" / "index.html").read_text(encoding="utf-8")
    assert matrix.count('class="mermaid"') == 4  # one order diagram per action
    assert "graph LR" in matrix and "graph TD" not in matrix  # legible: laws stack down


@pytest.mark.slow
def test_timeline_sources_and_references_are_built(site: Path) -> None:
    timeline = (site / "laws" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "ct/pa-13-155" in timeline and "gantt" in timeline
    sources = (site / "laws" / "sources" / "index.html").read_text(encoding="utf-8")
    assert "secondary source" in sources
    for url in trustlaw.load("ct/pa-13-155").meta.sources:
        assert url in sources
    cli = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.choices)
    for name in commands.choices:
        assert f"trustlaw {name}" in cli, name
    codes = (site / "reference" / "codes" / "index.html").read_text(encoding="utf-8")
    assert 'id="tl-p025"' in codes and 'id="tl-u001"' in codes
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "doc-object" in api and "release_deadline" in api  # mkdocstrings rendered
    language = html.unescape(re.sub(r"<[^>]+>", "", (
        site / "reference" / "language" / "index.html").read_text(encoding="utf-8")))
    assert 'provision: "provision" LABEL relation* "{" doc* clause* "}"' in language  # grammar
    checker = (site / "checker" / "index.html").read_text(encoding="utf-8")
    assert 'src="checker.js"' in checker and 'id="facts"' in checker
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="checker/"' in home


# ---- fast checks of the generation itself -------------------------------------------------


def test_changing_a_statute_file_changes_its_page(tmp_path: Path) -> None:
    path = tmp_path / "x.law"
    path.write_text(_STATUTE.format(text="A first text."), encoding="utf-8")
    first = docgen.site_pages([trustlaw.load(path)])["laws/zz/x.md"]
    path.write_text(_STATUTE.format(text="A second text."), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))  # a different mtime, whatever the clock's resolution
    second = docgen.site_pages([trustlaw.load(path)])["laws/zz/x.md"]
    assert "A first text." in first and "A second text." in second


def test_serve_watches_the_statutes_folder() -> None:
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    site_hooks.on_serve(Server(), {}, None)
    assert Path(watched[0]) == REPO / "statutes"


def test_the_hooks_replace_a_stale_file_of_the_same_name() -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    config = MkDocsConfig(config_file_path=str(REPO / "mkdocs.yml"))
    config.load_dict({"site_name": "x", "docs_dir": str(REPO / "docs"),
                      "site_dir": str(REPO / "site_docs")})
    config.validate()
    config.plugins._current_plugin = "test"  # what MkDocs sets while a hook runs
    stale = File.generated(config, "laws/index.md", content="stale")
    files = site_hooks.on_files(Files([stale]), config)
    index = files.get_file_from_path("laws/index.md")
    assert index is not None and index.content_string.startswith("# The statute library")
    assert files.get_file_from_path("laws/ct/pa-13-155.md") is not None
    assert files.get_file_from_path("reference/cli.md") is not None


def test_the_mermaid_fence_is_added_to_superfences(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUSTLAW_DOCS_CHECKER", raising=False)
    config: dict[str, Any] = {"markdown_extensions": [], "mdx_configs": {}}
    site_hooks.on_config(config)
    fences = config["mdx_configs"]["pymdownx.superfences"]["custom_fences"]
    assert [f["name"] for f in fences] == ["mermaid"]
    # and the site's own Mermaid, which mkdocs-material uses rather than a CDN's
    assert config["extra_javascript"] == ["assets/javascripts/mermaid.min.js"]
    site_hooks.on_config(config)  # a second build adds it once
    assert config["extra_javascript"] == ["assets/javascripts/mermaid.min.js"]


def test_each_proposal_is_compared_with_the_law_it_would_have_changed() -> None:
    statutes = [trustlaw.load(i) for i in trustlaw.available()]
    by_id = {s.id: s for s in statutes}
    pairs = {(a.id, b.id) for a, b in comparison_pairs(statutes)}
    for statute in statutes:
        if statute.meta.status in ("died", "vetoed", "proposed"):
            target = changed_law(statute, statutes)
            assert target is not None and (target.id, statute.id) in pairs
    # a 2013 Connecticut bill, before any Connecticut law: the federal baseline
    assert changed_law(by_id["ct/hb6659-raised-2013"], statutes).id == "us/detainer-regulation"
    # a 2025 bill: the law in force then
    hb7211 = changed_law(by_id["ct/hb7211-raised-2025"], statutes)
    assert hb7211 is not None and hb7211.meta.jurisdiction == "ct"


def test_the_cli_reference_documents_every_option_of_the_parser() -> None:
    page = cli_reference(build_parser())
    parser = build_parser()
    commands = next(a for a in parser._actions if a.choices)
    for name, sub in commands.choices.items():
        assert f"{{ #trustlaw-{name} }}" in page, name
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue  # every command has --help; the page says so once
            for option in action.option_strings:
                assert re.search(rf"`[^`]*{re.escape(option)}\b", page), (name, option)


def test_the_language_reference_statute_checks_passes_and_verifies(tmp_path: Path) -> None:
    page = (REPO / "docs" / "reference" / "language.md").read_text(encoding="utf-8")
    block = re.search(r"```law\n(# A statute that uses every construct.*?)```", page, re.S)
    assert block is not None
    path = tmp_path / "every.law"
    path.write_text(block.group(1), encoding="utf-8")
    assert [d for d in trustlaw.check(path) if d.severity == "error"] == []
    from trustlaw.testing.runner import run_statute

    statute = trustlaw.load(path)
    assert all(result.passed for result in run_statute(statute)), run_statute(statute)
    source = block.group(1)
    for construct in ("definition", "provision", "except", "notwithstanding", "subject to",
                      "applies if", "duty", "limit", "unless", "example", "expect deadline",
                      "expect max_hold", "expect duty", "grounds", "invariant", "standard",
                      "assume", "ensure", "expect violated", "note", "about", "within",
                      "count", "verification", "source"):
        assert construct in source, construct
    if _z3():
        results = {r.invariant: r for r in trustlaw.verify(statute)}
        assert all(r.expected for r in results.values()), results


def _z3() -> bool:
    import importlib.util

    return importlib.util.find_spec("z3") is not None


_STATUTE = textwrap.dedent("""\
    statute "zz/x" {
      title "A test statute"
      jurisdiction "zz"
      citation "Test Act"
      status enacted
      in_force 2020-01-01
    }

    provision (a) {
      cites "Test Act § (a)"
      text "{text}"
      hold prohibited
    }
    """).replace("{text}", "{text}").replace("{", "{{").replace("}", "}}") \
    .replace("{{text}}", "{text}")
