"""Comparison pages in the documentation: one per version step and per chosen
cross-jurisdiction pair, linked from the library index, and docs that match the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import trustlaw
from trustlaw.site import docgen

pytest.importorskip("z3")

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"

PAGES = {
    ("ct/pa-13-155", "ct/pa-19-20"): "comparisons/ct-pa-13-155--ct-pa-19-20.md",
    ("ca/ab4-2013", "ca/sb54-2017"): "comparisons/ca-ab4-2013--ca-sb54-2017.md",
    ("ct/pa-19-20", "ct/pa-25-29"): "comparisons/ct-pa-19-20--ct-pa-25-29.md",
    ("nyc/ll62-2011", "nyc/ll21-22-2013"): "comparisons/nyc-ll62-2011--nyc-ll21-22-2013.md",
    ("nyc/ll21-22-2013", "nyc/ll58-59-2014"):
        "comparisons/nyc-ll21-22-2013--nyc-ll58-59-2014.md",
    ("ct/pa-13-155", "ca/ab4-2013"): "comparisons/ct-pa-13-155--ca-ab4-2013.md",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    docgen.generate(docs)
    return docs / "laws"


def test_each_version_chain_and_the_cross_pair_is_compared() -> None:
    statutes = [trustlaw.load(i) for i in trustlaw.available()]
    pairs = [(a.id, b.id) for a, b in docgen.comparison_pairs(statutes)]
    assert set(pairs) == set(PAGES)
    for a, b in pairs:
        assert trustlaw.load(b).meta.replaces == a or (a, b) in docgen.CROSS_COMPARISONS
    for (a, b), path in PAGES.items():
        assert docgen.comparison_path(a, b) == path


def test_pages_are_written_and_linked_from_the_index(generated: Path) -> None:
    index = (generated / "index.md").read_text(encoding="utf-8")
    assert "## Comparisons { #comparisons }" in index
    for (a, b), path in PAGES.items():
        assert (generated / path).is_file()
        assert f"[`{a}` → `{b}`]({path})" in index
    statute = (generated / "ct" / "pa-19-20.md").read_text(encoding="utf-8")
    assert "(../comparisons/ct-pa-13-155--ct-pa-19-20.md)" in statute


def test_ct_page_shows_each_difference_with_its_example(generated: Path) -> None:
    page = (generated / PAGES[("ct/pa-13-155", "ct/pa-19-20")]).read_text(encoding="utf-8")
    comparison = docgen.cached_comparison(trustlaw.load("ct/pa-13-155"),
                                          trustlaw.load("ct/pa-19-20"))
    assert page.startswith("# `ct/pa-13-155` → `ct/pa-19-20`")
    assert "which it replaces." in page
    assert "| hold | permitted | prohibited |" in page
    for number, difference in enumerate(comparison.differences, start=1):
        assert f"{{ #difference-{number} }}" in page
        for example in difference.examples:
            pretty = json.dumps(example.case, indent=2, ensure_ascii=False)
            assert "\n".join("    " + line for line in pretty.splitlines()) in page
    # grounds link to the provisions on the statute pages
    assert "[(b)(1)](../ct/pa-13-155.md#provision-b-1)" in page
    assert "[(b)(1)(A)](../ct/pa-19-20.md#provision-b-1-a)" in page
    links = re.findall(r"\]\(\.\./([a-z/0-9-]+\.md)#(provision-[a-z0-9-]+)\)", page)
    assert links
    for target, anchor in links:
        assert f"{{ #{anchor} }}" in (generated / target).read_text(encoding="utf-8")


def test_comparisons_are_computed_once_per_pair_of_texts() -> None:
    a, b = trustlaw.load("ca/ab4-2013"), trustlaw.load("ca/sb54-2017")
    assert docgen.cached_comparison(a, b) is docgen.cached_comparison(a, b)


def test_comparisons_page_is_in_the_nav_and_true() -> None:
    assert "Comparing statutes: comparisons.md" in (REPO / "mkdocs.yml").read_text()
    page = (DOCS / "comparisons.md").read_text(encoding="utf-8")
    text = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20").render()
    for line in re.findall(r"^(hold: ct/pa-13-155 \w+ where ct/pa-19-20 \w+)$", page, re.M):
        assert f"\n{line}\n" in text
    assert "(b)(1) vs (b)(1)(A)" in page and ": (b)(1) vs (b)(1)(A)\n" in text
    # the documented JSON keys are the real ones
    block = re.search(r"```json\n(.*?)```", page, re.S)
    assert block is not None
    documented = json.loads(block.group(1))
    real = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20").to_dict()
    assert documented.keys() == real.keys()
    assert documented["differences"][0].keys() == real["differences"][0].keys()
    assert documented["differences"][0]["examples"][0].keys() == \
        real["differences"][0]["examples"][0].keys()
