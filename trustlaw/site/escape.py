"""Text from a statute file → Markdown, HTML and attribute text that shows it and never acts.

Everything the documentation site prints that comes from a statute file (ids, titles,
citations, sources, provision labels and texts, duty ids, notes, example and invariant
names, the file's own source) goes through one of these functions, chosen by where it
lands in the page:

- `md_text`: running text, headings, table cells, link text and admonition titles in
  Markdown (Python-Markdown with the extensions of mkdocs.yml: attr_list, tables,
  def_list, admonition, details, snippets, superfences);
- `md_code`: an inline code span (``ct/pa-13-155``);
- `md_prose`: a note's running text, whose `backticked` names are shown as code spans;
- `md_link` (with `safe_url`): a link, made only for an http(s) URL; anything else is
  shown as text;
- `md_paraphrase`: a provision's text, labelled as the paraphrase it is;
- `md_code_block`: a fenced block of verbatim lines (the statute-language source);
- `md_front_matter`: the page title MkDocs puts in `<title>` (see there);
- `html_text`, `html_attr`: text and quoted attribute values in hand-written HTML.

A statute file is never code, so the rule is simple: no string from it can open a tag,
an attribute list (``{: onclick=... }``), a link or image, an HTML entity, a code span,
a table cell, a list, a heading, a snippet include or a fence; it is displayed as the
characters it holds. Where Markdown offers a backslash escape it is used (the page
source stays readable); where it does not, a character reference.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from ..diagnostics import HIDDEN_BUT_LAYOUT

__all__ = [
    "html_attr",
    "html_text",
    "md_code",
    "md_code_block",
    "md_front_matter",
    "md_link",
    "md_paraphrase",
    "md_prose",
    "md_text",
    "safe_url",
]

# Markdown punctuation that has a meaning anywhere in a line: emphasis, code, links and
# images, attribute lists, table cells, the escape character itself. Python-Markdown
# accepts a backslash before each (`|` with the tables extension).
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
# HTML: tags, entities and the attribute quote become character references.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_HTML_CHARS = re.compile(r'[&<>"]')
# Punctuation that means something only at the start of a line (headings, block quotes,
# lists, rules, definition lists, admonitions and details): the first character is
# escaped, whatever follows. Characters Markdown cannot backslash-escape get a reference.
_LEADING = {
    "#": "\\#", "-": "\\-", "+": "\\+", "!": "\\!", ".": "\\.",
    ":": "&#58;", "?": "&#63;", "=": "&#61;", "~": "&#126;", "%": "&#37;",
}
# An ordered-list marker ("1. " or "1) ") at the start.
_ORDERED = re.compile(r"\A(\d+)([.)])(?=\s|\Z)")
# A heading's closing hashes would be dropped: escape a trailing `#`.
_TRAILING_HASH = re.compile(r"(?<!\\)#\Z")  # (a leading `#` alone is escaped already)
# A snippet include line (pymdownx.snippets) inside a verbatim block: one more `;`
# escapes it and is removed again by the extension, so the line shows as written.
_SNIPPET_LINE = re.compile(r"\A([ \t]*)(;*-+8<-+)")
# Control characters other than tab and newline, and the invisible and direction-changing
# ones (`diagnostics.is_hidden`), never reach a page.
_CONTROL = HIDDEN_BUT_LAYOUT


def _plain(text: object) -> str:
    """The text on one line: control characters dropped, whitespace runs made one space."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def md_text(text: object) -> str:
    """Text that Markdown shows as written: inline, in a heading, a table cell, a link's
    text or an admonition title. Line breaks become spaces (a statute string may span
    lines, but a table cell or a heading may not)."""
    plain = _plain(text)
    out = _HTML_CHARS.sub(lambda m: _HTML[m.group()], plain)
    out = _INLINE.sub(r"\\\1", out)
    ordered = _ORDERED.match(out)
    if ordered:
        out = ordered.group(1) + "\\" + ordered.group(2) + out[ordered.end():]
    elif out and out[0] in _LEADING:
        out = _LEADING[out[0]] + out[1:]
    return _TRAILING_HASH.sub("\\#", out)


_BACKTICKED = re.compile(r"`([^`]+)`")


def md_prose(text: object) -> str:
    """Running text as `md_text` shows it, except that a name the statute file writes
    between single backticks (a case-format value such as `parole`) is shown as an
    inline code span, as the author meant, rather than with its backticks as text."""
    plain = _plain(text)
    parts: list[str] = []
    last = 0
    for found in _BACKTICKED.finditer(plain):
        parts += [_md_piece(plain[last:found.start()]), md_code(found.group(1))]
        last = found.end()
    parts.append(_md_piece(plain[last:]))
    return "".join(parts)


def _md_piece(text: str) -> str:
    """`md_text` of a piece of a line, its leading and trailing space kept."""
    lead = " " if text.startswith(" ") else ""
    trail = " " if text.endswith(" ") and text.strip() else ""
    return lead + md_text(text) + trail


def md_code(text: object) -> str:
    """An inline code span showing `text` (also inside a table cell, where the tables
    extension never splits on a `|` inside a span). The fence is one backtick longer
    than any run of backticks in the text, so none can close it."""
    plain = _plain(text)
    if not plain:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", plain)), default=0)
    fence = "`" * (longest + 1)
    # a space on both sides, which the span drops: before a backtick that would join the
    # fence, and before `#!lang` or `:::lang`, which InlineHilite would read as a
    # language to highlight in (dropping those words)
    pad = " " if plain.startswith(("`", "#!", ":::")) or plain.endswith("`") else ""
    return f"{fence}{pad}{plain}{pad}{fence}"


def safe_url(url: object) -> str | None:
    """The URL ready for a Markdown link destination or an href, or None when it is not
    an absolute http(s) URL (`javascript:`, `data:`, relative paths, anything with
    spaces or control characters is never made a link)."""
    text = str(url).strip()
    if not text or _CONTROL.search(text) or re.search(r"\s", text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode what could end the destination or open markup: quotes, angle
    # brackets, parentheses, backslashes, backticks, pipes, braces, brackets.
    return quote(text, safe="/:?#@!$&*+,;=%-._~")


def md_link(text: object, url: object) -> str:
    """A link to `url` labelled `text` when `url` is an http(s) URL; otherwise the text
    (and the URL, when it differs) shown as plain text, never as a link."""
    target = safe_url(url)
    label = md_text(text)
    if target is not None:
        return f"[{label}]({target})"
    if _plain(text) == _plain(url):
        return label
    return f"{label} ({md_text(url)})"


def md_paraphrase(text: object) -> str:
    """A provision's text as one labelled paragraph: it is the file's paraphrase of the
    law, so it is never styled as a quotation of it."""
    return "**Paraphrase of the text:** " + md_text(text)


def md_code_block(lines: Iterable[str], language: str = "text", indent: str = "") -> list[str]:
    """Verbatim lines as a fenced code block (indented by `indent`, e.g. inside a
    details block). The fence is longer than any backtick run in the lines, so no line
    can close it, and a snippet-include line is escaped so it is shown, not included."""
    body = [_CONTROL.sub("", line) for line in lines]
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    if not re.fullmatch(r"[A-Za-z0-9_+-]*", language):
        language = "text"
    out = [f"{indent}{fence}{language}"]
    for line in body:
        line = _SNIPPET_LINE.sub(r"\1;\2", line)
        out.append(f"{indent}{line}" if line else "")
    out.append(f"{indent}{fence}")
    return out


def md_front_matter(title: object) -> list[str]:
    """YAML front matter naming the page `title` as HTML text, for a page whose first
    heading is ``# md_text(title)``; empty when the title holds nothing HTML reads.

    MkDocs takes a page's title from its first heading as HTML (``&lt;`` stays an
    entity), but Material writes it into ``<title>`` through Jinja's `striptags`, which
    turns entities back into characters: a heading ``</title><script>…`` would run. A
    ``title`` in the front matter is written as it is, so it is given escaped."""
    plain = _plain(title)
    escaped = html.escape(plain, quote=True)
    if escaped == plain:
        return []
    # A JSON string is a YAML double-quoted scalar.
    return ["---", "title: " + json.dumps(escaped, ensure_ascii=False), "---", ""]


def html_text(text: object) -> str:
    """Text inside an HTML element (not Markdown): `<`, `>`, `&` and quotes escaped."""
    return html.escape(_CONTROL.sub("", str(text)), quote=True)


def html_attr(value: object) -> str:
    """A value for a double- or single-quoted HTML attribute. Never use it for an
    `href`/`src` (use `safe_url` first) or an unquoted attribute."""
    return html.escape(_plain(value), quote=True)
