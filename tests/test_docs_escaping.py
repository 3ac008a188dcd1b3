"""Hostile statutes render as text: generated pages built by the real MkDocs pipeline carry no
active content (scripts, event handlers, `javascript:` URLs, attribute lists, includes)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import trustlaw
from trustlaw.language.fmt import quote
from trustlaw.site import docgen
from trustlaw.site.escape import (
    html_attr,
    html_text,
    md_code,
    md_code_block,
    md_link,
    md_text,
    safe_url,
)

REPO = Path(__file__).resolve().parent.parent

# Every payload carries the marker, so any script or attribute built from one is found.
PAYLOADS = [
    '</title><script>alert("PWNED-1")</script>',
    "<img src=x onerror=alert('PWNED-2')>",
    "[click PWNED-3](javascript:alert(3))",
    "![PWNED-4](javascript:alert(4))",
    'PWNED-5 {: onclick="alert(5)" }',
    "PWNED-6 &lt;script&gt;alert(6)&lt;/script&gt; &amp; &#60;b&#62;",
    "PWNED-7 `code` and ``double`` | a | pipe \\ backslash *stars* _under_",
    "<svg/onload=alert('PWNED-8')>",
    '<a href="javascript:alert(9)">PWNED-9</a>',
    "PWNED-10 <https://example.org\" onmouseover=\"alert(10)>",
    "[PWNED-11]: javascript:alert(11)",
    "# PWNED-12 heading? ##",
    "1. PWNED-13 list",
    ": PWNED-14 definition",
    '!!! danger "PWNED-15"',
    "--8<-- \"index.md\"",
    "<!-- PWNED-17 --> <style>body{display:none}</style>",
    "{: onclick=alert(18) } PWNED-18",
]
MULTILINE = (
    'first line PWNED-19\n<script>alert(19)</script>\n```\n--8<-- "index.md"\n{: #x onclick=y }'
)


def s(text: str) -> str:
    """A statute-language string literal."""
    return quote(text)


def hostile_statute(statute_id: str, n: int, extra: str = "", items: str = "") -> str:
    p = PAYLOADS
    k = len(p)

    def pick(i: int) -> str:
        return p[(n + i) % k]

    sources = "\n".join(
        f"  source {s(url)}"
        for url in (
            "javascript:alert('PWNED-src')",
            "data:text/html,<script>alert('PWNED-data')</script>",
            'https://example.org/a"onmouseover="alert(1)',
            "https://example.org/ok PWNED spaced",
            "https://example.org/(x)[y]<z>`q`|p",
            pick(0),
        )
    )
    return f"""\
statute "{statute_id}" {{
  title {s(pick(1) + " title")}
  jurisdiction "zz"
  citation {s(pick(2) + " citation")}
  status proposed
  {extra}
{sources}
}}

definition hostile_ground {{
  cites {s(pick(3))}
  text {s(MULTILINE)}
  means person.written_consent
}}

provision (a) {{
  cites {s(pick(4))}
  text {s(pick(5))}
  hold prohibited
  duty {s(pick(6))} {s(pick(7))}
}}

provision (b) except (a) {{
  cites {s(pick(8))}
  text {s(MULTILINE)}
  hold permitted if hostile_ground
}}

note {s(pick(9))} {{
  about (a), (b)
  about hostile_ground
  text {s(pick(10))}
}}

note {s(pick(11))} {{
  text {s(MULTILINE)}
}}

invariant {s(pick(12))} {{
  text {s(pick(13))}
  standard no_hold_on_detainer_alone
}}

example {s(pick(14))} {{
  text {s(pick(15))}
  given {{"date": "2015-01-01", "person": {{"written_consent": true}}}}
  expect hold permitted
  expect hold grounds (b)
  expect duty {s(pick(6))}
}}

example {s(pick(16))} {{
  text {s(pick(17))}
  given {{"date": "2015-01-01", "person": {{"written_consent": false}}}}
  expect hold prohibited
}}
{items}"""


class _Page(HTMLParser):
    """Every element with its attributes, the scripts, and the text of the article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.text: list[str] = []
        self.title: list[str] = []
        self._script: tuple[str | None, list[str]] | None = None
        self._in_title = False
        self._article_depth = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = (dict(attrs).get("src"), [])
        if tag == "title":
            self._in_title = True
        if tag == "article":
            self._article_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag == "title":
            self._in_title = False
        if tag == "article":
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        elif self._in_title:
            self.title.append(data)
        elif self._article_depth:
            self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def flat(text: str) -> str:
    return " ".join(text.split())


def _normal_script(script: tuple[str | None, str]) -> tuple[str | None, str]:
    """A theme script with its page-relative paths (`.`, `../..`) taken out."""
    src, body = script
    if src is not None:
        src = re.sub(r"^(?:\.\.?/)+", "", src)
    body = re.sub(r'"(?:\.\.?/)+', '"', body)
    return src, re.sub(r'"(?:\.\.?/?)+"', '""', body)


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster",
                   "background", "srcset", "srcdoc", "content"}
_ACTIVE_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "frameset", "applet",
                "style", "img", "svg", "math", "link", "meta"}


def assert_inert(page: _Page, theme: _Page) -> None:
    theme_scripts = {_normal_script(x) for x in theme.scripts}
    for script in page.scripts:
        assert "PWNED" not in script[1], script
        assert _normal_script(script) in theme_scripts, script
    theme_tags = {tag for tag, _ in theme.elements}
    for tag, attrs in page.elements:
        if tag in _ACTIVE_TAGS:
            assert tag in theme_tags, (tag, attrs)
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name, value)
            assert "PWNED" not in name
            text = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.lower() in _URL_ATTRIBUTES:
                assert not text.startswith(("javascript:", "vbscript:", "data:text")), (tag, attrs)
            assert "javascript:" not in text or name.lower() in {"title", "alt", "id"}, (tag, attrs)
    # No element was opened by a payload: an image, SVG or style only comes from the theme.
    for tag, attrs in page.elements:
        if tag in ("img", "svg", "style", "a"):
            assert not any("PWNED" in (v or "") for _, v in attrs), (tag, attrs)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        pytest.skip("the docs extra (mkdocs-material) is not installed")
    import yaml

    root = tmp_path_factory.mktemp("hostile")
    laws = root / "laws"
    laws.mkdir()
    # A base file with a hostile name: amending pages quote its provisions "(from <name>)".
    base_name = "<img src=x onerror=alert('PWNED-file')>.law"
    only_in_base = f"""
provision (q) except (a) {{
  cites {s(PAYLOADS[0])}
  text {s(MULTILINE)}
  hold permitted if person.final_removal_order
}}
"""
    (laws / base_name).write_text(hostile_statute("zz/base", 17, items=only_in_base), "utf-8")
    (laws / "a.law").write_text(hostile_statute("zz/hostile-a", 3), encoding="utf-8")
    (laws / "b.law").write_text(
        hostile_statute("zz/hostile-b", 7, 'replaces "zz/hostile-a"'), encoding="utf-8"
    )
    (laws / "c.law").write_text(
        hostile_statute("zz/hostile-c", 11, 'amends "zz/base"'), encoding="utf-8"
    )
    paths = sorted(laws.glob("*.law"))
    diagnostics = trustlaw.check(paths)
    assert [d for d in diagnostics if d.severity == "error"] == [], diagnostics
    statutes = [trustlaw.load(path) for path in paths]
    if importlib.util.find_spec("z3") is None:
        # Without the solver there is no comparison page; the statute pages still count.
        statutes = [x for x in statutes if x.id != "zz/hostile-b"]
    docs = root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nA plain page: the theme's own scripts.\n")
    docgen.generate(docs, statutes)

    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": "hostile",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": repo["theme"],
        "markdown_extensions": repo["markdown_extensions"],
        "nav": [{"Home": "index.md"}, {"Library": "laws/index.md"}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--config-file", "mkdocs.yml"],
        cwd=root, capture_output=True, text=True, check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def _pages(site: Path) -> list[Path]:
    return sorted((site / "site" / "laws").rglob("index.html"))


def test_the_hostile_statutes_are_generated_and_built(site: Path) -> None:
    built = {p.parent.relative_to(site / "site" / "laws").as_posix() for p in _pages(site)}
    assert {"zz/base", "zz/hostile-a", "zz/hostile-c", "."} <= built
    if importlib.util.find_spec("z3") is not None:
        assert "zz/hostile-b" in built
        assert any(name.startswith("comparisons/") for name in built)


def test_no_active_content_on_any_generated_page(site: Path) -> None:
    theme = parse((site / "site" / "index.html").read_text(encoding="utf-8"))
    assert theme.scripts, "the theme's scripts were expected on the plain page"
    for path in _pages(site):
        page = parse(path.read_text(encoding="utf-8"))
        assert_inert(page, theme)
    # Nothing was included from another file by a snippet line in a statute string.
    home = "A plain page: the theme's own scripts."
    for path in _pages(site):
        assert home not in path.read_text(encoding="utf-8"), path


def test_the_hostile_text_is_shown_as_text(site: Path) -> None:
    for statute_id in ("zz/hostile-a", "zz/hostile-c"):
        page = parse((site / "site" / "laws" / statute_id / "index.html").read_text("utf-8"))
        shown = flat("".join(page.text))
        statute = trustlaw.load(site / "laws" / f"{statute_id[-1]}.law")
        program = statute.program
        expected = [
            statute.meta.title, statute.meta.citation,
            *[p.citation for p in program.provisions], *[p.text for p in program.provisions],
            *[d.id for d in program.duties],
            *[n.title for n in program.notes], *[n.text for n in program.notes],
            *[e.name for e in program.examples], *[e.text for e in program.examples],
            *[i.name for i in program.invariants], *[i.text for i in program.invariants],
            *[d.text for d in program.definitions], *[d.citation for d in program.definitions],
            *statute.meta.sources,
        ]
        for text in expected:
            assert flat(text) in shown, (statute_id, text)
        # The source of the file, quoted verbatim in the encoding blocks, line breaks and all.
        assert "<script>alert(19)</script>" in "".join(page.text)
        assert '--8<-- "index.md"' in shown
        assert flat(statute.meta.title) in flat("".join(page.title))
    amending = parse((site / "site" / "laws/zz/hostile-c/index.html").read_text("utf-8"))
    assert "(from <img src=x onerror=alert('PWNED-file')>.law)" in flat("".join(amending.text))


def test_only_http_sources_become_links(site: Path) -> None:
    page = parse((site / "site" / "laws" / "zz" / "hostile-a" / "index.html").read_text("utf-8"))
    hrefs = [dict(attrs).get("href") or "" for tag, attrs in page.elements if tag == "a"]
    external = [h for h in hrefs if h.startswith(("http:", "https:"))]
    assert "https://example.org/a%22onmouseover=%22alert(1)" not in external
    assert "https://example.org/a%22onmouseover=%22alert%281%29" in external
    assert "https://example.org/%28x%29%5By%5D%3Cz%3E%60q%60%7Cp" in external
    assert not any("example.org/ok" in h for h in hrefs)  # a URL with spaces is only text
    assert not any("PWNED" in h for h in hrefs)


def test_the_search_index_holds_no_live_markup(site: Path) -> None:
    """Material shows search results as HTML: the index entries must be inert too."""
    index = json.loads((site / "site" / "search" / "search_index.json").read_text("utf-8"))
    theme = parse("<html></html>")
    for doc in index["docs"]:
        for field in ("title", "text"):
            fragment = parse(doc.get(field, ""))
            assert not fragment.scripts, (doc["location"], field)
            assert_inert(fragment, theme)


# ---- the escape functions on their own --------------------------------------------------------


@pytest.mark.parametrize("payload", [*PAYLOADS, MULTILINE])
def test_md_text_leaves_no_markup(payload: str) -> None:
    out = md_text(payload)
    assert "\n" not in out and "<" not in out and '"' not in out
    assert not re.search(r"(?<!\\)[\[\]{}`|*_]", out), out


def test_md_code_spans_are_never_closed_early() -> None:
    assert md_code("ct/pa-13-155") == "`ct/pa-13-155`"
    assert md_code("a `b` c") == "``a `b` c``"
    assert md_code("`x") == "`` `x ``"


def test_a_code_span_is_never_read_as_a_language_to_highlight_in() -> None:
    """InlineHilite reads `#!html …` and `:::text …` as a language and drops the words."""
    import markdown

    convert = markdown.Markdown(extensions=["pymdownx.inlinehilite"]).convert
    for text in ("#!html <b>x</b> release-now", ":::text hold-permitted", "#!js a = b"):
        assert convert(md_code(text)) == f"<p><code>{html_text(text)}</code></p>"


def test_a_lone_hash_is_escaped_once() -> None:
    import markdown

    assert md_text("#") == "\\#"
    assert markdown.markdown("# " + md_text("#")) == "<h1>#</h1>"
    assert markdown.markdown("# " + md_text("a #")) == "<h1>a #</h1>"


def test_hidden_characters_never_reach_a_page() -> None:
    assert md_text("a\u202eb\u200bc\x9bd\u00ade") == "abcde"
    assert md_code_block(["x\u202ey"])[1] == "xy"


def test_code_blocks_outlast_any_fence_in_the_text() -> None:
    block = md_code_block(["```", "````", '--8<-- "x"', " ;--8<--"], indent="  ")
    assert block[0] == "  `````text" and block[-1] == "  `````"
    assert block[3] == '  ;--8<-- "x"' and block[4] == "   ;;--8<--"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x",
                                 "data:text/html,x", "vbscript:x", "/relative", "//host/x",
                                 "https://exa mple.org", "http://", "ftp://example.org",
                                 "https://example.org/\x00"])
def test_only_http_urls_are_linked(url: str) -> None:
    assert safe_url(url) is None
    assert "](" not in md_link("label", url)


def test_http_urls_are_linked_with_their_markup_encoded() -> None:
    assert md_link("x", "https://example.org/a?b=1&c=2") == "[x](https://example.org/a?b=1&c=2)"
    assert safe_url('https://e.org/")<>`') == "https://e.org/%22%29%3C%3E%60"


def test_html_contexts() -> None:
    assert html_text("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#x27;"
    assert html_attr('" onclick="x\n') == "&quot; onclick=&quot;x"
