"""The library's pages on a phone (390 pixels wide): what the generated Markdown and the
stylesheet do so that a lawyer reads the statute lists, the timeline, the matrix and a
comparison's title without scrolling sideways or reading ids broken mid-word. Each page's
text is the same as on a wide screen; only its layout and where lines may break differ."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import yaml

import trustlaw
from trustlaw.site import docgen
from trustlaw.site.comparison_pages import matrix_page, timeline_page
from trustlaw.site.escape import md_text

REPO = Path(__file__).resolve().parent.parent
CSS = (REPO / "docs" / "stylesheets" / "trustlaw.css").read_text(encoding="utf-8")
PHONE = "@media screen and (max-width: 44.984375em)"


def _rule(selector: str) -> str:
    """The declarations of the stylesheet's rule(s) whose selector list holds `selector`."""
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    found = [body for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
             if selector in [s.strip() for s in re.split(r",(?![^()]*\))", selectors)]]
    assert found, f"no rule for {selector}"
    return " ".join(found)


def _phone_block() -> str:
    """Every rule of the stylesheet's phone-width media queries."""
    blocks = []
    for start in [m.start() for m in re.finditer(re.escape(PHONE), CSS)]:
        depth, end = 0, start
        for end in range(CSS.index("{", start), len(CSS)):
            depth += {"{": 1, "}": -1}.get(CSS[end], 0)
            if depth == 0:
                break
        blocks.append(CSS[start:end + 1])
    return "\n".join(blocks)


def _html(page: str) -> str:
    """The page as the site's Markdown extensions render it (those taking no options)."""
    names = [x for x in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
             ["markdown_extensions"] if isinstance(x, str)]
    return markdown.markdown(page, extensions=names)


def test_a_statute_id_in_a_table_breaks_only_where_a_line_may_break() -> None:
    """The theme's code breaks anywhere ("bernalill" / "o-county/md" / "c-2013"); a linked
    id in a table now breaks only after its hyphens, like the link around it."""
    rule = _rule(".md-typeset table:not([class]) a code")
    assert "word-break: normal" in rule and "overflow-wrap: break-word" in rule
    assert "anywhere" not in rule and "break-all" not in rule


def test_the_statute_lists_are_cards_on_a_phone_with_the_same_rows() -> None:
    statutes = [trustlaw.load(x) for x in ("ct/pa-13-155", "ct/pa-19-20", "ca/ab4-2013")]
    for page in (docgen.index_page(statutes), timeline_page(statutes, dt.date(2026, 1, 1))):
        blocks = re.findall(r'<div class="tl-stack" markdown>\n\n(.*?)\n\n</div>', page, re.S)
        assert len(blocks) == 2  # one table a jurisdiction
        assert all(b.startswith("| ") and b.count("\n") >= 2 for b in blocks)
        html = _html(page)
        assert html.count('<div class="tl-stack">\n<table>') == 2  # read as Markdown
        assert "markdown" not in re.findall(r"<div[^>]*>", html)[0]
    # the rows are the table they were: every column, in order
    index = docgen.index_page(statutes)
    assert ("| Statute | Title | Status | In force | Until |\n|---|---|---|---|---|\n"
            "| [`ca/ab4-2013`](ca/ab4-2013.md) ") in index
    phone = _phone_block()
    assert ".md-typeset .tl-stack tr {" in phone and "display: grid" in phone
    # each column but the last three (status and two dates) on a line of its own
    assert ":is(th, td):nth-last-child(n+4) { grid-column: 1 / -1; }" in phone


def test_a_statute_string_in_a_card_is_still_escaped() -> None:
    """md_in_html reads the table inside the block as Markdown, with the same escaping."""
    hostile = "<img src=x onerror=alert(1)> *x* | [y](javascript:z) </div>"
    row = f"| `a` | {md_text(hostile)} | Enacted | – | – |"
    html = _html("\n".join(['<div class="tl-stack" markdown>', "",
                            "| Statute | Title | Status | In force | Until |",
                            "|---|---|---|---|---|", row, "", "</div>", ""]))
    assert "<img" not in html and "<em>" not in html and "href" not in html
    assert html.count("</div>") == 1 and html.count("<td>") == 5
    assert "&lt;img src=x onerror=alert(1)&gt; *x* | [y](javascript:z) &lt;/div&gt;" in html


def test_the_timeline_labels_each_year_once() -> None:
    """A chart of a few years was ticked every month or quarter, each tick labelled with
    its year: "2013 2013 2013 … 2014" ran together. It is ticked each 1 January; a longer
    one keeps Mermaid's own ticks (a year or more apart)."""
    short = [trustlaw.load(x) for x in ("nyc/ll62-2011", "nyc/ll21-22-2013")]  # 2011-2014
    page = timeline_page(short, dt.date(2026, 1, 1))
    assert "    axisFormat %Y\n    tickInterval 12month\n    section nyc\n" in page
    long = [trustlaw.load("us/detainer-regulation")]
    assert "tickInterval" not in timeline_page(long, dt.date(2026, 1, 1))


def test_on_a_narrow_phone_the_timeline_table_stands_for_its_chart() -> None:
    """The chart repeats the table's dates; on a phone its year labels collide, so there
    the table alone is shown (the chart stays on the page)."""
    statutes = [trustlaw.load(x) for x in ("ct/pa-13-155", "ct/pa-19-20")]
    page = timeline_page(statutes, dt.date(2020, 6, 1))
    assert "\n</div>\n\n```mermaid\ngantt\n" in page  # the chart right after its table
    narrow = CSS[CSS.index("@media screen and (max-width: 29.984375em)"):]
    assert re.match(r"[^{]*\{\s*\.md-typeset \.tl-stack \+ \.mermaid \{ display: none; \}",
                    narrow)


def test_the_matrix_has_narrow_columns_and_keeps_the_row_in_view() -> None:
    ids = ["ct/pa-13-155", "ct/pa-19-20", "us/detainer-regulation"]
    action = {"equivalent": [], "order": [["ct/pa-19-20", "ct/pa-13-155"]],
              "pairs": [{"a": "ct/pa-19-20", "b": "ct/pa-13-155", "verdict": "a"}]}
    page = matrix_page([trustlaw.load(x) for x in ids],
                       {"statutes": ids, "bound": 3, "actions": {"hold": action}})
    assert '??? info tl-matrix "The matrix: is the row' in page
    assert "    | | 1 | 2 | 3 |\n    |---|---|---|---|\n    | 1. `ct/pa-13-155` |" in page
    cells = _rule(".md-typeset details.tl-matrix table:not([class]) :is(th, td)")
    assert "min-width: 0" in cells
    first = _rule(".md-typeset details.tl-matrix table:not([class]) :is(th, td):first-child")
    assert "position: sticky" in first and "left: 0" in first
    assert "word-break: normal" in _rule(
        ".md-typeset details.tl-matrix table:not([class]) td:first-child code")


def test_a_comparisons_title_is_phone_sized() -> None:
    """The comparison pages' titles (the only ones with code in them) were 32-pixel type
    filling a phone's screen; the title text itself is unchanged."""
    a, b = trustlaw.load("ct/pa-13-155"), trustlaw.load("ct/pa-19-20")
    from trustlaw.site.comparison_pages import comparison_page

    assert comparison_page(a, b, None).startswith(
        f"# `ct/pa-13-155` → `ct/pa-19-20`: {a.meta.title} → {b.meta.title}\n")
    assert "code { font-size: 0.8em; }" in CSS.replace(
        ".md-typeset h1:has(> code) code", "code")
    assert re.search(r"\.md-typeset h1:has\(> code\) \{ font-size: 1\.35em; \}", _phone_block())
