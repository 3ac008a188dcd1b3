"""Fuzzing: whatever the input, the parser gives a tree or a `StatuteError`, nothing else.

About 20,400 inputs a run: a fast, seeded mutation loop over the bundled statute files
carries most of the volume; Hypothesis adds grammar-derived strings (``from_lark``) and
shrinkable mutations. Each StatuteError is checked too: coded, located, with help, and
without Lark's terminal names.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from trustlaw.diagnostics import StatuteError
from trustlaw.language.fmt import format_law
from trustlaw.language.parser import _keyword_terminals, grammar_text, keywords, parse

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    (ROOT / "statutes" / "vocabulary" / "detainer.law").read_text(encoding="utf-8"),
    (ROOT / "statutes" / "ct" / "pa-13-155.law").read_text(encoding="utf-8"),
]
_ITEM = re.compile(
    r"^(?:definition|provision|example|invariant|note|enum|record|field|tag|constraint|strike)\b",
    re.MULTILINE,
)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d[\w.\-()]*|\S')
_RAW_TERMINAL = re.compile(
    r"__ANON|\$END|\b(?:RBRACE|LBRACE|LPAR|RPAR|LSQB|RSQB|COMMA|COLON|DOT|NAME|STRING|LABEL"
    r"|INT|NUMBER|DATE|DATETIME|COMP_OP|ADD_OP)\b"
)
KEYWORDS = sorted(keywords())
INSERTS = [*'{}()[]",.:=<>!&|#\\\'§\n\t-+', "==", "=>", "&&", '"open', "((", "))", "}}", "{{",
           "not not", "any c in x where", "2014-13-45", "(b)(1)", "9" * 30, "1.5e3", "\\q",
           "\x00", "“", "2015-03-05T17:00", "-0.5"]


def _chunks() -> list[str]:
    """Small inputs: each item of the bundled files behind a one-line header, and headers."""
    chunks = []
    for text in SOURCES:
        starts = [m.start() for m in _ITEM.finditer(text)]
        chunks.append(text[: starts[0]])
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            chunks.append('statute "xx/fuzz" {}\n' + text[start:end])
    return chunks


CHUNKS = _chunks()


def mutate(rng: random.Random, text: str) -> str:
    """One to three random edits: characters, whole tokens, keywords, brackets, cuts."""
    for _ in range(rng.randint(1, 3)):
        n = len(text)
        op = rng.randrange(9)
        i = rng.randrange(n + 1)
        if op == 0 and n:
            text = text[:i] + text[min(n, i + rng.randint(1, 8)):]
        elif op == 1:
            j = min(n, i + rng.randint(1, 20))
            text = text[:j] + text[i:j] + text[j:]
        elif op == 2 and n > 1:
            a, b = sorted(rng.sample(range(n), 2))
            text = text[:a] + text[b] + text[a + 1:b] + text[a] + text[b + 1:]
        elif op == 3:
            text = text[:i] + " " + rng.choice(KEYWORDS) + " " + text[i:]
        elif op == 4:
            text = text[:i] + rng.choice(INSERTS) + text[i:]
        elif op in (5, 6, 7):
            tokens = list(_TOKEN.finditer(text))
            if not tokens:
                continue
            k = rng.randrange(len(tokens))
            token = tokens[k]
            if op == 5:
                text = text[: token.start()] + text[token.end():]
            elif op == 6:
                text = text[: token.end()] + " " + token.group() + text[token.end():]
            elif k + 1 < len(tokens):
                other = tokens[k + 1]
                text = (text[: token.start()] + other.group() + text[token.end(): other.start()]
                        + token.group() + text[other.end():])
        else:
            text = text[:i]
    return text


def check(text: str) -> bool:
    """Parse `text`; True if it is a statute, False for a well-formed StatuteError."""
    try:
        parse(text, "fuzz.law")
    except StatuteError as error:
        assert error.diagnostics
        lines = text.count("\n") + 2
        for diagnostic in error.diagnostics:
            assert diagnostic.code.startswith("TL-P"), diagnostic
            assert diagnostic.span is not None and diagnostic.span.file == "fuzz.law"
            assert 1 <= diagnostic.span.line <= lines, diagnostic
            assert diagnostic.help, diagnostic
            for words in (diagnostic.message, diagnostic.help):
                assert not _RAW_TERMINAL.search(re.sub(r"`[^`]*`", "", words)), diagnostic
        error.render()
        return False
    return True


@pytest.mark.slow
def test_seeded_mutations_of_the_bundled_statutes() -> None:
    rng = random.Random(20140101)
    parsed = failed = 0
    for round_ in range(17_000):
        source = rng.choice(SOURCES) if round_ % 400 == 0 else rng.choice(CHUNKS)
        mutated = mutate(rng, source)
        try:
            ok = check(mutated)
        except Exception as error:  # report the input that broke the parser
            raise AssertionError(f"parser failed on {mutated!r}") from error
        parsed, failed = parsed + ok, failed + (not ok)
    # Both paths were exercised a lot (a mutation inside a string or comment still parses).
    assert parsed > 1_500 and failed > 11_000


@pytest.mark.slow
@settings(max_examples=1_500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(CHUNKS), st.randoms(use_true_random=False))
def test_hypothesis_mutations(chunk: str, rng: random.Random) -> None:
    check(mutate(rng, chunk))


SOUP = ["{", "}", "(", ")", "[", "]", '"', ",", ".", ":", "=", "<", ">", "!", "#", "\\", "'",
        "-", "+", "\n", "provision", "(a)", "means", "any", "c", "in", "where", "not", "and",
        "or", "hold", "permitted", "if", "1", "2014-01-01", '"s"', "statute", "definition",
        "example", "given", "expect", "true", "null", "x.y", "48", "hours", "is", "known"]


@pytest.mark.slow
@settings(max_examples=1_500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(SOUP), max_size=40), st.sampled_from(["", " "]))
def test_random_token_soup(tokens: list[str], separator: str) -> None:
    check('statute "xx/soup" {}\n' + separator.join(tokens))


def _from_lark_strategy() -> st.SearchStrategy[str]:
    """Strings drawn from the grammar, with spaces between tokens and no keyword as a name."""
    grammar = Lark(grammar_text(), parser="lalr", lexer="contextual", maybe_placeholders=True)
    words = keywords()
    spaced = {name: st.just(f" {word} ") for word, name in _keyword_terminals().items()}
    name = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True).filter(lambda n: n not in words)
    spaced.update({
        "NAME": name.map(lambda n: f" {n} "),
        "STRING": st.from_regex(r'"(?:[a-z #§{}()]|\\["\\nt]){0,8}"', fullmatch=True),
        "INT": st.integers(0, 999).map(lambda i: f" {i} "),
        "NUMBER": st.from_regex(r"-?[0-9]{1,3}(?:\.[0-9]{1,2})?", fullmatch=True).map(
            lambda n: f" {n} "),
        "DATE": st.dates().map(lambda d: f" {d.isoformat()} "),
        "DATETIME": st.datetimes().map(lambda d: f" {d.isoformat(timespec='minutes')} "),
        "LABEL": st.from_regex(r"(?:[0-9]{1,4}\.?)?(?:\([a-z0-9]{1,2}\)){1,3}", fullmatch=True).map(
            lambda label: f" {label} "),
        "COMMENT": st.sampled_from(["", "# note\n"]),
        "WS": st.sampled_from([" ", "\n"]),
    })
    return from_lark(grammar, explicit=spaced)


FROM_LARK = _from_lark_strategy()


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(FROM_LARK, st.randoms(use_true_random=False))
def test_grammar_strings(text: str, rng: random.Random) -> None:
    """A grammar string parses, formats back to the same tree, and survives mutation."""
    try:
        law = parse(text)
    except StatuteError as error:
        # The grammar allows what the parser refuses on purpose: too deep, bad dates, and
        # a tab or line break (`\\t`, `\\n`) in a string that is one line (a title, a name).
        assert {d.code for d in error.diagnostics} <= {"TL-P020", "TL-P023", "TL-P024",
                                                       "TL-P025"}, error
        assert all(d.message.startswith(("this string holds a tab", "this string holds a line"))
                   for d in error.diagnostics if d.code == "TL-P025"), error
    else:
        formatted = format_law(law)
        assert parse(formatted) == law
        assert format_law(parse(formatted)) == formatted
    check(mutate(rng, text))
