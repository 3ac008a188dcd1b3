"""Comparison pages in the documentation: one per version step and per chosen
cross-jurisdiction pair, linked from the library index, and docs that match the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import trustlaw
from trustlaw.site import docgen
from trustlaw.site.comparison_pages import SHOWN_CONDITION

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
    ("ct/pa-13-155", "nyc/ll58-59-2014"): "comparisons/ct-pa-13-155--nyc-ll58-59-2014.md",
    ("ca/ab4-2013", "nyc/ll58-59-2014"): "comparisons/ca-ab4-2013--nyc-ll58-59-2014.md",
    ("us/detainer-regulation", "ca/ab1081-2012"):
        "comparisons/us-detainer-regulation--ca-ab1081-2012.md",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    docgen.generate(docs)
    return docs / "laws"


def test_each_version_chain_proposal_and_cross_pair_is_compared() -> None:
    from trustlaw.site.comparison_pages import changed_law

    statutes = [trustlaw.load(i) for i in trustlaw.available()]
    pairs = [(a.id, b.id) for a, b in docgen.comparison_pairs(statutes)]
    assert len(pairs) == len(set(pairs))
    steps = {(s.meta.replaces, s.id) for s in statutes if s.meta.replaces in trustlaw.available()}
    proposals = {(changed_law(s, statutes).id, s.id) for s in statutes  # type: ignore[union-attr]
                 if s.meta.status in ("proposed", "vetoed", "died")}
    cross = set(docgen.CROSS_COMPARISONS)
    assert set(pairs) == steps | proposals | cross
    assert set(PAGES) <= set(pairs)
    for a, b in pairs:
        assert trustlaw.load(b).meta.replaces == a or (a, b) in cross or (a, b) in proposals
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


def test_ct_page_shows_each_region_with_its_example(generated: Path) -> None:
    page = (generated / PAGES[("ct/pa-13-155", "ct/pa-19-20")]).read_text(encoding="utf-8")
    comparison = docgen.cached_comparison(trustlaw.load("ct/pa-13-155"),
                                          trustlaw.load("ct/pa-19-20"))
    assert page.startswith("# `ct/pa-13-155` → `ct/pa-19-20`")
    assert "which it replaces." in page
    assert page.index("## What changed") < page.index("## Only where a fact is unknown")
    beside = generated / PAGES[("ct/pa-13-155", "ct/pa-19-20")][:-3]
    for number, region in enumerate(comparison.regions, start=1):
        assert f"{{ #region-{number} }}" in page
        file = f"region-{number}-condition.txt"
        if len(region.source) <= SHOWN_CONDITION:
            assert f"    {region.source}" in page
            assert not (beside / file).exists()
        else:  # too long for the page: a text file beside it, linked from the region
            assert region.source not in page
            assert f"    It is {len(region.source):,} characters long" in page
            assert f"({beside.name}/{file})" in page
            assert (beside / file).read_text(encoding="utf-8") == region.source + "\n"
        for line in json.dumps(region.example, indent=2, ensure_ascii=False).splitlines():
            assert f"    {line}" in page
    assert any(len(r.source) > SHOWN_CONDITION for r in comparison.regions)  # both kinds
    assert any(len(r.source) <= SHOWN_CONDITION for r in comparison.regions)


def test_comparisons_are_computed_once_per_pair_of_texts() -> None:
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    assert docgen.cached_comparison(a, b) is docgen.cached_comparison(a, b)


def test_comparisons_page_is_in_the_nav_and_true() -> None:
    assert "Comparing statutes: comparisons.md" in (REPO / "mkdocs.yml").read_text()
    page = (DOCS / "comparisons.md").read_text(encoding="utf-8")
    comparison = trustlaw.compare("ct/pa-13-155", "ct/pa-19-20")
    text = comparison.render()
    # the summary and the region shown in full on the page are the real ones
    blocks = re.findall(r"```text\n(.*?)```", page, re.S)
    assert len(blocks) == 2
    for block in blocks:
        for line in block.splitlines():
            if line.strip() and "solver questions" not in line:
                assert line in text, line
    # the documented JSON keys are the real ones
    block = re.search(r"```json\n(.*?)```", page, re.S)
    assert block is not None
    documented = json.loads(block.group(1))
    real = comparison.to_dict()
    assert documented.keys() == real.keys()
    assert documented["regions"][0].keys() == real["regions"][0].keys()
    # and the values shown are today's: the region, the examples, the count of questions
    assert documented["regions"][0] in real["regions"]
    assert documented["protectiveness_examples"]["hold"] == real["protectiveness_examples"]["hold"]
    assert documented["questions"] == real["questions"]
    assert documented["shorter_hold"] == real["shorter_hold"]
    for duty, sides in documented["duties"].items():
        assert real["duties"][duty] == sides
