"""The library's pages on a phone (390 pixels wide): what the generated Markdown and the
stylesheet do so that a lawyer reads the statute lists, the timeline, the matrix and a
comparison's title without scrolling sideways or reading ids broken mid-word. Each page's
text is the same as on a wide screen; only its layout and where lines may break differ."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml

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
