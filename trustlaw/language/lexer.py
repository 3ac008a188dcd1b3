"""Statute text → Pygments tokens: highlighting for `.law` files on the site and in Pygments tools.

The lexer follows trustlaw/grammar.lark but imports only Pygments (never Lark or the
parser), so Pygments can load it cheaply through its `pygments.lexers` entry point.
Where the grammar relies on context (a `(b)(1)` is a section label after `provision`,
`except` or `grounds`, but `(x)` is a parenthesised name in an expression), the lexer
follows the same context with states.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, default, include, words
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["StatuteLexer"]

# Terminals of the grammar, spelt as there.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_STRING = r'"(?:[^"\\]|\\.)*"'
_LABEL = r"(?:[0-9][0-9A-Za-z.\-]*)?(?:\([A-Za-z0-9.]+\))+|[0-9][0-9A-Za-z.\-]*"
_DATETIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"

# Words that open a declaration (a top-level item or a vocabulary entry).
_DECLARATIONS = (
    "statute", "vocabulary", "definition", "provision", "example", "invariant", "note",
    "enum", "record", "field", "tag", "constraint", "strike",
)
# Every other keyword of the grammar (outside expressions).
_KEYWORDS = (
    "cites", "text", "verification", "means", "duty", "limit", "excluding", "counting",
    "applies", "if", "unless", "given", "expect", "max_hold", "deadline", "from",
    "standard", "assume", "ensure", "violated", "about", "question", "list", "of", "where",
    "subject", "to", "except", "notwithstanding", "hours", "reads",
)
# Words that join or test conditions.
_WORD_OPERATORS = (
    "and", "or", "not", "in", "implies", "within", "before", "after", "is", "known",
    "unknown", "any", "all", "no", "count",
)
# The values a conclusion or an expectation can name, and the literals.
_CONSTANTS = (
    "prohibited", "permitted", "required", "undetermined", "true", "false", "null", "none",
)
_UNITS = ("years", "year", "months", "month", "days", "day", "hours")


class StatuteLexer(RegexLexer):
    """Pygments lexer for trustlaw statute files (`.law`)."""

    name = "trustlaw statute"
    aliases: ClassVar[list[str]] = ["law", "trustlaw", "statute"]
    filenames: ClassVar[list[str]] = ["*.law"]
    mimetypes: ClassVar[list[str]] = ["text/x-trustlaw"]
    flags = re.MULTILINE

    tokens: ClassVar[dict[str, list[Any]]] = {
        "space": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
        ],
        "root": [
            include("space"),
            # Header: `statute "id" {` opens the metadata block.
            (r"\b(statute|vocabulary)\b", Keyword.Declaration, "header"),
            # Places where the grammar expects section labels.
            (words(("provision", "strike"), prefix=r"\b", suffix=r"\b"),
             Keyword.Declaration, "labels"),
            (words(("except", "notwithstanding", "to", "grounds", "about"),
                   prefix=r"\b", suffix=r"\b"), Keyword, "labels"),
            # `definition name`, `record name`, `enum name`: the name being defined.
            (rf"\b(definition)\b(\s+)({_NAME})",
             bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (rf"\b(enum|record)\b(\s+)({_NAME})",
             bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (rf"\b(field)\b(\s+)({_NAME})",
             bygroups(Keyword.Declaration, Whitespace, Name.Variable)),
            # Documentation strings: the citation and the provision's text.
            (rf"\b(cites)\b(\s+)({_STRING})", bygroups(Keyword, Whitespace, String.Other)),
            (rf"\b(text)\b(\s+)({_STRING})", bygroups(Keyword, Whitespace, String.Doc)),
            # Example facts: JSON.
            (r"\bgiven\b", Keyword, "given"),
            (words(_DECLARATIONS, prefix=r"\b", suffix=r"\b"), Keyword.Declaration),
            (words(_KEYWORDS, prefix=r"\b", suffix=r"\b"), Keyword),
            include("expression"),
        ],
        "expression": [
            include("space"),
            (_STRING, String.Double),
            (_DATETIME, Literal.Date),
            (_DATE, Literal.Date),
            (rf"([0-9]+)(\s+)({'|'.join(_UNITS)})\b",
             bygroups(Number.Integer, Whitespace, Keyword.Type)),
            (r"[0-9]+\b", Number.Integer),
            (words(_CONSTANTS, prefix=r"\b", suffix=r"\b"), Keyword.Constant),
            (words(_WORD_OPERATORS, prefix=r"\b", suffix=r"\b"), Operator.Word),
            (r"!=|<=|>=|=|<|>|\+|-", Operator),
            (rf"({_NAME})(\s*)(\()", bygroups(Name.Function, Whitespace, Punctuation)),
            (rf"(\.)({_NAME})", bygroups(Punctuation, Name.Attribute)),
            (_NAME, Name),
            (r"[{}()\[\],:.]", Punctuation),
        ],
        "labels": [
            include("space"),
            (_LABEL, Name.Label),
            (r",", Punctuation),
            default("#pop"),
        ],
        "header": [
            include("space"),
            (_STRING, String.Double),
            (r"\{", Punctuation, ("#pop", "meta")),
            default("#pop"),
        ],
        "meta": [
            include("space"),
            (r"\}", Punctuation, "#pop"),
            (_NAME, Name.Attribute, "meta-value"),
        ],
        "meta-value": [
            include("space"),
            (_STRING, String.Double, "#pop"),
            (_DATE, Literal.Date, "#pop"),
            (_NAME, Name.Constant, "#pop"),
            (r"\[", Punctuation, ("#pop", "meta-list")),
            default("#pop"),
        ],
        "meta-list": [
            include("space"),
            (_NAME, Name.Constant),
            (r",", Punctuation),
            (r"\]", Punctuation, "#pop"),
        ],
        "given": [
            include("space"),
            (r"\{", Punctuation, ("#pop", "json")),
            default("#pop"),
        ],
        "json": [
            include("space"),
            (rf"({_STRING})(\s*)(:)", bygroups(Name.Tag, Whitespace, Punctuation)),
            (_STRING, String.Double),
            (_NUMBER, Number),
            (words(("true", "false", "null"), prefix=r"\b", suffix=r"\b"), Keyword.Constant),
            (r"\{", Punctuation, "#push"),
            (r"\}", Punctuation, "#pop"),
            (r"[\[\],]", Punctuation),
        ],
    }

    @staticmethod
    def analyse_text(text: str) -> float:
        """Sure when the first non-comment line opens a statute or vocabulary header."""
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            return 1.0 if re.match(r'(statute|vocabulary)\s+"', stripped) else 0.0
        return 0.0

