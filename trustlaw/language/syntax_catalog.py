"""A failed Lark parse → the catalog's curated `TL-P…` diagnostic for the mistake.

Each entry of the catalog (a `_rule_…` function) recognises one common mistake from
Lark's exception and what the token watcher saw (the last accepted tokens, the open
brackets), and points at the place the author has to fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import attrs
from lark import Lark, Token
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
)

from ..diagnostics import Diagnostic, Span
from .syntax_words import (
    ITEM_WORDS,
    close_keywords,
    describe,
    did_you_mean,
    expected_help,
    keyword_terminals,
)
from .watcher import CLOSERS, OPENERS, WATCH, token_span

__all__ = ["Context", "diagnose"]


@attrs.frozen
class Context:
    """What the catalog knows about a failed parse besides Lark's exception."""

    parser: Lark
    text: str
    path: str
    prev: Token | None
    prev2: Token | None
    prev3: Token | None
    brackets: tuple[Token, ...]
    long_string: Token | None

    @classmethod
    def capture(cls, parser: Lark, text: str, path: str) -> Context:
        """The parse's last tokens and open brackets, and of the strings spanning lines
        the first that swallowed code (where a closing `"` is missing: every string after
        it is read inside out), else the last one."""
        watch = WATCH
        strings = watch.long_strings
        string = next((s for s in strings if _runaway(s)), strings[-1] if strings else None)
        return cls(parser, text, path, watch.prev, watch.prev2, watch.prev3, tuple(watch.brackets),
                   string)

    def span(self, token: Token, end: Token | None = None) -> Span:
        span = token_span(token, self.path)
        if end is not None:
            last = token_span(end, self.path)
            span = attrs.evolve(span, end_line=last.end_line, end_column=last.end_column)
        if span.end_line != span.line:  # a string running over lines: mark its first line
            line_end = self.text.find("\n", token.start_pos or 0)
            width = (line_end if line_end >= 0 else len(self.text)) - (token.start_pos or 0)
            span = attrs.evolve(span, end_line=span.line, end_column=span.column + max(1, width))
        return span


_QUANTIFIERS = frozenset({"any", "all", "no", "count"})
_NEEDS_CONDITION = {
    "IF": "if", "UNLESS": "unless", "MEANS": "means", "WHERE": "where", "ASSUME": "assume",
    "AND": "and", "OR": "or", "IMPLIES": "implies", "NOT": "not",
}
_MODALITIES = frozenset({"permitted", "prohibited", "required"})
_OPERATOR_FIXES = {
    "==": "write a single `=` to test whether two values are equal",
    "===": "write a single `=` to test whether two values are equal",
    "=<": "write `<=` for “at most”",
    "=>": "write `>=` for “at least”, or `implies` for “if … then …”",
    "<>": "write `!=` for “is not equal to”",
    "!==": "write `!=` for “is not equal to”",
    "=!": "write `!=` for “is not equal to”",
}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# A line inside a quoted string that looks like statute code, not prose: the sign that a
# closing quote is missing and the string swallowed what follows.
_CODE_LINE = re.compile(
    r"^\s*(?:\}|(?:cites|text|verification|means|definition|provision|example|invariant"
    r"|note|enum|record|field|tag|constraint|strike|given|expect|duty|limit|applies|about"
    r"|question|assume|ensure|standard|title|jurisdiction|citation|status|introduced|enacted"
    r"|in_force|superseded|replaces|amends|source)\b)",
    re.MULTILINE,
)


def diagnose(context: Context, error: UnexpectedInput) -> tuple[Diagnostic, tuple[int, int]]:
    """The catalog's diagnostic for `error`, and the line and column it is at.

    Line 0 means the error is at the end of the file, so there is nothing to resume.
    """
    expected = _accepted(context, error)
    if isinstance(error, UnexpectedCharacters):
        return _diagnose_character(context, error, expected), (error.line, error.column)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token = error.token
        diagnostic = _diagnose_token(context, token, expected)
        return diagnostic, (token.line or 1, token.column or 1)
    return _diagnose_end(context, expected), (0, 0)


def _accepted(context: Context, error: UnexpectedInput) -> set[str]:
    """The terminals that would be accepted where `error` happened.

    Lark's own ``expected`` is taken after the parser has already reduced on the bad
    token (so after `a` in ``means a b`` it is only `}`), or is the LALR state's whole
    lookahead set. We parse the text up to the bad token again and ask which terminals
    the parser really accepts there, before any reduction.
    """
    if isinstance(error, UnexpectedCharacters):
        offset: int | None = error.pos_in_stream
    elif isinstance(error, UnexpectedToken) and error.token.type != "$END":
        offset = error.token.start_pos
    else:
        offset = len(context.text)
    if offset is not None:
        accepted = _expected_at(context.parser, context.text, offset)
        if accepted is not None:
            return accepted
    interactive = getattr(error, "interactive_parser", None)
    if interactive is not None:
        try:
            return set(interactive.accepts())
        except LarkError:  # pragma: no cover - defensive: fall back on Lark's set
            pass
    if isinstance(error, UnexpectedCharacters):
        return set(error.allowed or ())
    return set(getattr(error, "expected", ()) or ())


def _diagnose_character(
    context: Context, error: UnexpectedCharacters, expected: set[str]
) -> Diagnostic:
    text, pos = context.text, error.pos_in_stream or 0
    char = text[pos]
    span = Span(context.path, error.line, error.column, error.line, error.column + 1)
    string = context.long_string
    if string is not None and (_runaway(string) or (char == '"' and string is context.prev)):
        return _runaway_diagnostic(context, string)
    if char == '"':
        return Diagnostic(
            "TL-P004", "this quoted string is never closed", span,
            'add a closing `"` where the text ends',
        )
    if char in "'‘’“”":
        return Diagnostic(
            "TL-P017", "quoted text must be in straight double quotes", span,
            'write text as "…" with the `"` character, not single or curly quotes',
        )
    if char in "&|!":
        pair = text[pos:pos + 2]
        shown = pair if pair in ("&&", "||") else char
        fix = {"&": "write `and`", "|": "write `or`", "!": "write `not`, or `!=` for “is not "
               "equal to”"}[char]
        span = attrs.evolve(span, end_column=span.column + len(shown))
        return Diagnostic(
            "TL-P005", f"`{shown}` is not an operator in the statute language", span, fix,
        )
    return Diagnostic(
        "TL-P002", f"{_character(char)} cannot appear here", span,
        expected_help(expected, context.parser) + _outside_ascii(char),
    )


def _character(char: str) -> str:
    """A character as a diagnostic names it: ``;`` itself; one outside ASCII by its code
    and name too (U+0435 looks like `e`); an invisible one by its code and name alone."""
    if char.isascii():
        return f"`{char}`" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}" + (f" {name}" if name else "")
    visible = unicodedata.category(char)[0] not in "MCZ"  # not a mark, control or space
    return f"`{char}` ({code})" if visible else code


def _outside_ascii(char: str) -> str:
    if char.isascii():
        return ""
    category = unicodedata.category(char)
    if category.startswith("L"):  # a letter: a name with a look-alike
        return ("; names are written with the ASCII letters a-z, digits and `_`, and this "
                "letter is not one of them, however alike it looks")
    if category[0] in "MCZ":
        return ("; delete this invisible character (text pasted from a word processor or "
                "a web page often carries one)")
    return "; legal text such as `§` belongs inside quotes"


def _diagnose_end(context: Context, expected: set[str]) -> Diagnostic:
    lines = context.text.split("\n")  # as Lark counts lines: only "\n" ends one
    end = Span(context.path, len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 2)
    if context.prev is None:
        return Diagnostic(
            "TL-P016", "the file is empty; a statute file begins with a `statute` header", end,
            'start the file with `statute "jurisdiction/name" { … }`',
        )
    if context.long_string is not None and _runaway(context.long_string):
        return _runaway_diagnostic(context, context.long_string)
    if context.brackets:
        opener = context.brackets[-1]
        closer = _closing(opener)
        return Diagnostic(
            "TL-P007", f"this `{opener.value}` is never closed", context.span(opener),
            f"add `{closer}` where the block ends; every `{opener.value}` needs a matching "
            f"`{closer}`",
        )
    return Diagnostic(
        "TL-P003", "the file ends before this item is finished", end,
        _reads_help(context) or expected_help(expected, context.parser),
    )


def _diagnose_token(context: Context, token: Token, expected: set[str]) -> Diagnostic:
    for rule in _TOKEN_RULES:
        diagnostic = rule(context, token, expected)
        if diagnostic is not None:
            return diagnostic
    return Diagnostic(
        "TL-P001", f"{describe(token)} was not expected here", context.span(token),
        _reads_help(context) or expected_help(expected, context.parser),
    )


def _reads_help(context: Context) -> str | None:
    """The help for a field's `reads` cut short: it takes two phrases."""
    kinds = [t.type if t is not None else None
             for t in (context.prev3, context.prev2, context.prev)]
    if kinds[-1] == "READS" or kinds[-2:] == ["READS", "STRING"] or kinds == [
            "READS", "STRING", "COMMA"]:
        return ('`reads` takes two quoted phrases, for when the field is true and when it is '
                'false: `reads "was set aside", "still stands"`')
    return None


_Rule = Callable[[Context, Token, set[str]], Diagnostic | None]


def _rule_runaway_string(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    string = context.long_string  # an earlier runaway string is the one to close
    if string is not None and _runaway(string):
        return _runaway_diagnostic(context, string)
    if token.type == "STRING" and _runaway(token):
        return _runaway_diagnostic(context, token)
    if string is not None and string is context.prev:
        return _runaway_diagnostic(context, string)
    return None


def _rule_operator(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev = context.prev
    if (token.type == "COMP_OP" and prev is not None and prev.type == "COMP_OP"
            and prev.end_pos == token.start_pos):
        operator = prev.value + token.value
        return Diagnostic(
            "TL-P005", f"`{operator}` is not an operator in the statute language",
            context.span(prev, token),
            _OPERATOR_FIXES.get(operator, "compare with one of `=`, `!=`, `<`, `<=`, `>`, `>=`"),
        )
    return None


def _rule_closing_bracket(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if token.type not in CLOSERS:
        return None
    opener_text = _OPENING[token.value]
    if not any(OPENERS[b.type] == token.type for b in context.brackets):
        return Diagnostic(
            "TL-P006", f"this `{token.value}` has no matching `{opener_text}`",
            context.span(token),
            f"remove this `{token.value}`, or add the missing `{opener_text}` before it",
        )
    opener = context.brackets[-1]
    if OPENERS[opener.type] != token.type:
        closer = _closing(opener)
        return Diagnostic(
            "TL-P007",
            f"a `{closer}` is missing: the `{opener.value}` on line {opener.line} is not "
            f"closed before this `{token.value}`",
            context.span(token), f"add `{closer}` to close the `{opener.value}` on line "
            f"{opener.line}, column {opener.column}",
        )
    return None


def _rule_unclosed_block(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if token.value in ITEM_WORDS:
        word = token
    elif (context.prev is not None and context.prev.type == "NAME"
          and context.prev.value in ITEM_WORDS and context.prev.column == 1):
        word = context.prev
    elif (context.prev2 is not None and context.prev2.type == "NAME"
          and context.prev2.value in ITEM_WORDS and context.prev2.column == 1):
        word = context.prev2  # `definition d {` read as a heading and its value
    else:
        return None
    if not context.brackets:
        return None
    opener = context.brackets[-1]
    closer = _closing(opener)
    return Diagnostic(
        "TL-P007",
        f"a `{closer}` is missing: the `{opener.value}` on line {opener.line} is not closed "
        f"before `{word.value}`",
        context.span(word),
        f"add `{closer}` before `{word.value}` to end what starts on line {opener.line}",
    )


def _rule_quantifier(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev, before = context.prev, context.prev2
    if (prev is not None and prev.type == "NAME" and prev.value in _QUANTIFIERS
            and token.type == "NAME"):
        kind, var = prev.value, token.value
    elif (before is not None and before.type == "NAME" and before.value in _QUANTIFIERS
          and prev is not None and prev.type == "NAME" and token.value == "in"):
        # In a clause's condition the variable was read as the next clause's outcome.
        kind, var = before.value, prev.value
        prev, before = before, context.prev3
    else:
        return None
    if before is not None and before.type == "NOT":
        if kind == "any":
            fix = (f"write `no {var} in … where …`, or put the quantifier in parentheses: "
                   f"`not (any {var} in … where …)`")
        else:
            fix = f"put the quantifier in parentheses: `not ({kind} {var} in … where …)`"
        return Diagnostic(
            "TL-P008", f"`not {kind}` needs parentheses around the quantifier",
            context.span(before, prev), fix,
        )
    after = f" after `{before.value}`" if before is not None else ""
    return Diagnostic(
        "TL-P009", f"a quantifier (`{kind} {var} in …`){after} must be in parentheses",
        context.span(prev),
        f"write `({kind} {var} in … where …)`; without parentheses a quantifier would take "
        "in everything after `where`",
    )


def _rule_missing_condition(
    context: Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    prev = context.prev
    keyword: Token | None = None
    if prev is not None and prev.type in _NEEDS_CONDITION:
        keyword = prev
    elif (token.value in _MODALITIES and context.prev2 is not None
          and context.prev2.type in ("IF", "UNLESS")):
        keyword = context.prev2  # `if` + the next clause's outcome read as the condition
    elif (prev is not None and prev.value in _MODALITIES and context.prev3 is not None
          and context.prev3.type in ("IF", "UNLESS")):
        keyword = context.prev3  # the same, one token later
    if keyword is None:
        return None
    word = keyword.value
    return Diagnostic(
        "TL-P013", f"`{word}` must be followed by a condition", context.span(keyword),
        f"write the condition after `{word}`, e.g. `{word} person.final_removal_order`",
    )


def _rule_trailing_comma(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev = context.prev
    if prev is not None and prev.type == "COMMA" and token.type in CLOSERS:
        return Diagnostic(
            "TL-P014", f"a `,` cannot come just before `{token.value}`", context.span(prev),
            "remove the comma after the last entry",
        )
    return None


def _rule_misspelt_keyword(
    context: Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    if not _WORD.match(token.value):
        return None
    terminals = keyword_terminals(context.parser)
    allowed = [word for word, name in terminals.items() if name in expected]
    match = did_you_mean(token.value, allowed)
    if match is None or match == token.value:
        return None
    return Diagnostic(
        "TL-P011", f"`{token.value}` is not a keyword; did you mean `{match}`?",
        context.span(token), f"write `{match}`",
    )


def _rule_misspelt_previous(
    context: Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    """A misspelt keyword read as a name, so that the error shows one token later."""
    prev = context.prev
    if prev is None or prev.type != "NAME" or prev.start_pos is None:
        return None
    if context.prev2 is not None and context.prev2.type == "DOT":
        return None
    terminals = keyword_terminals(context.parser)
    allowed = _expected_at(context.parser, context.text, prev.start_pos)
    if prev.value in terminals:
        if allowed is None or terminals[prev.value] in allowed:
            return None
        if prev.value in ("before", "after"):
            return _date_word(context, prev)
        return Diagnostic(
            "TL-P001", f"`{prev.value}` cannot be used here", context.span(prev),
            expected_help(allowed, context.parser),
        )
    candidates = close_keywords(prev.value, terminals)[:3]
    end = token.end_pos if token.end_pos is not None else prev.end_pos
    for word in candidates:
        if allowed is not None and terminals[word] not in allowed:
            continue
        repaired = context.text[:prev.start_pos] + word + context.text[prev.end_pos:end]
        if _reaches_end(context.parser, repaired):
            return Diagnostic(
                "TL-P011", f"`{prev.value}` is not a keyword; did you mean `{word}`?",
                context.span(prev), f"write `{word}`",
            )
    return None


def _rule_word_read_as_condition(
    context: Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    """`and`, `or`, `if`… followed by a word of the language (`or or x`, a condition
    ending in `and` before the next line's `limit`): the word was read as a name, the
    next one as the next clause's outcome, and the error shows two tokens late."""
    word, keyword = context.prev2, context.prev3
    if (word is None or keyword is None or word.type != "NAME"
            or keyword.type not in _NEEDS_CONDITION
            or word.value not in keyword_terminals(context.parser)):
        return None
    return Diagnostic(
        "TL-P013", f"`{keyword.value}` must be followed by a condition, but `{word.value}`, a "
        "word of the statute language, comes next", context.span(keyword),
        f"write the condition after `{keyword.value}`, or delete the `{keyword.value}`",
    )


def _rule_missing_keyword(
    context: Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    if "MEANS" in expected and "NAME" not in expected:
        return Diagnostic(
            "TL-P010", "`means` is missing: a definition states its condition after `means`",
            context.span(token),
            "write `means` before the condition, e.g. `means any c in convictions where "
            "c.level = felony`",
        )
    if "GIVEN" in expected:
        return Diagnostic(
            "TL-P018", "`given` is missing: an example states its facts after `given`",
            context.span(token), 'write `given { "date": "2015-03-02", … }` before the '
            "expectations",
        )
    return None


#: A label written with spaces or tabs around or inside its parts (`(b)(7 )`, `(b) (7)`).
_SPACED_LABEL = re.compile(
    r"(?:[0-9][0-9A-Za-z.\-]*)?(?:[ \t]*\([ \t]*[A-Za-z0-9.]+[ \t]*\))+")


def _spaced_label(context: Context, start: Token) -> Diagnostic | None:
    """TL-P012 for a label from `start` on that is one but for spaces: the grammar reads
    `(b)(7 )` as `(b)(7` never closed and `(b) (7)` as two labels, and said so."""
    found = _SPACED_LABEL.match(context.text, start.start_pos or 0)
    if found is None or not re.search(r"[ \t]", found.group()):
        return None
    written = found.group()
    meant = re.sub(r"[ \t]", "", written)
    span = context.span(start)
    return Diagnostic(
        "TL-P012", f"the label `{written}` has a space in it",
        attrs.evolve(span, end_line=span.line, end_column=span.column + len(written)),
        f"write the label without spaces: `{meant}`",
    )


def _rule_label(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    prev = context.prev
    if prev is not None and prev.type == "LABEL" and (
            token.value == "(" or (token.type == "LABEL" and "COMMA" not in expected)):
        spaced = _spaced_label(context, prev)  # `(b)(7 )`, `(b)( 7)`, `(b) (7)`
        if spaced is not None:
            return spaced
    if token.value == "(" and "LABEL" in expected:  # `( b)(7)`
        spaced = _spaced_label(context, token)
        if spaced is not None:
            return spaced
    if (prev is not None and prev.type == "LABEL" and token.value == "("
            and prev.end_pos == token.start_pos):  # `(b)(1 except (b)`
        written = re.match(r"[^\s{]+", context.text[prev.start_pos or 0:])
        shown = written.group() if written else prev.value + "("
        span = context.span(prev)
        return Diagnostic(
            "TL-P012", f"the label `{shown}` is not closed: a `)` is missing",
            attrs.evolve(span, end_column=span.column + len(shown)),
            "close each part of the label with `)`, e.g. `(b)(1)`",
        )
    if "LABEL" not in expected:
        return None
    if token.type == "NAME":
        message = f"`{token.value}` is not a provision label"
    elif context.prev is not None and context.prev.type == "PROVISION":
        message = "this provision has no label"
    else:
        message = f"a provision label is missing before {describe(token)}"
    return Diagnostic(
        "TL-P012", message, context.span(token),
        "write the label as the law numbers it, with parentheses, e.g. `(b)(1)` or "
        "`7282.5(a)`",
    )


def _rule_missing_comma(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if "COMMA" in expected and token.type in (
        "STRING", "NUMBER", "INT", "LABEL", "NAME", "LBRACE", "LSQB", "TRUE", "FALSE", "NULL",
    ):
        return Diagnostic(
            "TL-P015", f"a `,` is missing before {describe(token)}", context.span(token),
            "separate the entries of a list with commas",
        )
    return None


#: comparisons a drafter may write in words (`c.date older than …`), which the language
#: writes with an operator
_COMPARATIVES = ("older", "earlier", "less", "fewer", "younger", "later", "newer", "more",
                 "greater", "smaller", "larger")
_DATE_HELP = ("compare with `<`, `<=`, `>` or `>=`, where a later date is the greater "
              "(`c.date < date - 10 years` is a date more than 10 years before the case "
              "date), or write a window with `within`: `c.date within 10 years before date`")


def _date_word(context: Context, word: Token) -> Diagnostic:
    """`before` or `after` outside a `within`, where a comparison needs an operator."""
    return Diagnostic("TL-P001", f"`{word.value}` compares dates only inside `within`",
                      context.span(word), _DATE_HELP)


def _rule_comparison_in_words(
    context: Context, token: Token, expected: set[str]
) -> Diagnostic | None:
    """`c.date before date - 10 years`, `c.date older than …`, `c.date is later than …`:
    a comparison written in words, which the language writes with an operator or
    `within`."""
    prev = context.prev
    if token.value in ("before", "after"):
        return _date_word(context, token)
    if token.value == "than" and prev is not None and prev.value in _COMPARATIVES:
        return Diagnostic(
            "TL-P001", f"`{prev.value} than` is not a comparison of the statute language",
            context.span(prev, token), _DATE_HELP)
    if token.value in _COMPARATIVES and prev is not None and prev.value == "is":
        return Diagnostic(
            "TL-P001", f"`is {token.value}` is not a comparison of the statute language",
            context.span(prev, token), _DATE_HELP)
    return None


def _rule_header(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    if expected and expected <= {"STATUTE", "VOCABULARY"}:
        return Diagnostic(
            "TL-P016", "a statute file must begin with a `statute` or `vocabulary` header",
            context.span(token), 'start the file with `statute "jurisdiction/name" { … }`',
        )
    return None


def _rule_negative(context: Context, token: Token, expected: set[str]) -> Diagnostic | None:
    """`limit hold -48 hours`: the language counts hours, days and years from 0 up."""
    if token.type == "NUMBER" and token.value.startswith("-") and "INT" in expected:
        return Diagnostic(
            "TL-P001", f"`{token.value}` is a negative number; what is counted here starts "
            "at 0", context.span(token),
            f"write a whole number, 0 or more, such as `{token.value.lstrip('-')}`",
        )
    return None


_TOKEN_RULES: tuple[_Rule, ...] = (
    _rule_negative,
    _rule_runaway_string,
    _rule_operator,
    _rule_comparison_in_words,
    _rule_closing_bracket,
    _rule_unclosed_block,
    _rule_quantifier,
    _rule_missing_condition,
    _rule_trailing_comma,
    _rule_misspelt_keyword,
    _rule_misspelt_previous,
    _rule_word_read_as_condition,
    _rule_missing_keyword,
    _rule_label,
    _rule_missing_comma,
    _rule_header,
)


# ---- syntax errors: helpers --------------------------------------------------------------


def _runaway(token: Token) -> bool:
    """Whether a quoted string spanning lines swallowed statute code (a missing `"`)."""
    value = token.value
    first_break = value.find("\n")
    return first_break >= 0 and _CODE_LINE.search(value, first_break + 1) is not None


def _runaway_diagnostic(context: Context, token: Token) -> Diagnostic:
    return Diagnostic(
        "TL-P004", "this quoted string is not closed on the line where it starts",
        context.span(token), 'add the closing `"` at the end of the text',
    )


_CLOSING = {"{": "}", "(": ")", "[": "]"}
_OPENING = {closer: opener for opener, closer in _CLOSING.items()}


def _closing(opener: Token) -> str:
    return _CLOSING[opener.value]


def _expected_at(parser: Lark, text: str, offset: int) -> set[str] | None:
    """The terminals the parser accepts at `offset` (a token boundary) of `text`."""
    WATCH.reset(None)
    try:
        interactive = parser.parse_interactive(text[:offset])
        interactive.exhaust_lexer()
    except UnexpectedInput:
        return None
    finally:
        WATCH.reset(None)
    return set(interactive.accepts())


def _reaches_end(parser: Lark, text: str) -> bool:
    """Whether `text` is a correct beginning of a statute file."""
    WATCH.reset(None)
    try:
        parser.parse(text)
    except UnexpectedToken as error:
        return error.token.type == "$END"
    except (UnexpectedInput, LarkError):
        return False
    finally:
        WATCH.reset(None)
    return True
