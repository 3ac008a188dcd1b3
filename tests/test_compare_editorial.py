"""Issue 9: a provision label that is the file's own name, not a subsection of the law
(`editorial`), never passes for a citation "in every output": a comparison's text and
Markdown details, its JSON regions, its redline and the site's comparison pages mark it,
as `trustlaw decide` and `explain` do."""

from __future__ import annotations

import functools
from typing import Any

import trustlaw
from trustlaw.analysis.compare.model import Comparison
from trustlaw.analysis.compare.redline import redline

MARK = "(this file's label, not a subsection)"
OLD, NEW = "nyc/ll21-22-2013", "nyc/ll58-59-2014"  # NEW's 14-154(b)(2) is editorial


@functools.cache
def _comparison() -> Comparison:
    return trustlaw.compare(OLD, NEW).only(("hold",), known_only=True)


def _interim_hold_region(data: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in data["regions"] if "14-154(b)(2)" in r["grounds"]["b"])


def test_the_label_is_editorial_in_the_file() -> None:
    provision = trustlaw.load(NEW).program.provision("14-154(b)(2)")
    assert provision is not None and provision.editorial
    assert "9-131(b)" not in _comparison().editorial[1]  # a real subsection


def test_text_and_markdown_details_mark_editorial_labels() -> None:
    comparison = _comparison()
    text = comparison.render("text")
    assert f"B 14-154(b)(2) {MARK}" in text
    assert f"9-131(b) {MARK}" not in text  # a real subsection has no mark
    assert f"14-154(b)(2) {MARK}" in comparison.render("markdown")


def test_json_regions_name_their_editorial_grounds() -> None:
    data = _comparison().to_dict()
    region = _interim_hold_region(data)
    assert region["grounds"]["b"] == ["14-154(b)(2)"]  # CASES.md section 4, unchanged
    assert region["editorial"] == {"a": [], "b": ["14-154(b)(2)"]}
    # a region none of whose grounds is editorial has no such key
    plain = [r for r in data["regions"] if not any(
        g in _comparison().editorial[i] for i, side in enumerate("ab")
        for g in (*r["grounds"][side], *r["open_grounds"][side]))]
    assert plain and all("editorial" not in r for r in plain)


def test_the_redline_marks_editorial_labels() -> None:
    lines = redline(_comparison())
    assert f"ADDED provision 14-154(b)(2) {MARK}" in lines.render("text")
    assert f"14-154(b)(2) {MARK}" in lines.render("markdown")
    added = next(c for c in lines.to_dict()["changes"] if c["label"] == "14-154(b)(2)")
    assert added["b"]["editorial"] is True
    changed = next(c for c in lines.to_dict()["changes"] if c["label"] == "9-131(b)")
    assert "editorial" not in changed["b"]


def test_the_site_comparison_page_marks_editorial_labels() -> None:
    from trustlaw.site.comparison_pages import _provisions_cell

    region = _interim_hold_region(_comparison().to_dict())
    cell = _provisions_cell(trustlaw.load(NEW), region, "b")
    assert "14-154(b)(2)" in cell and "this file's label, not a subsection" in cell
    assert "not a subsection" not in _provisions_cell(trustlaw.load(OLD), region, "a")
