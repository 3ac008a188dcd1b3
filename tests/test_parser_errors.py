"""Syntax errors: curated messages, exact places, several per file, and no deep recursion."""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from trustlaw.diagnostics import Span, StatuteError
from trustlaw.language import syntax as s
from trustlaw.language.parser import MAX_DEPTH, MAX_ERRORS, _expected_help, build_parser, parse

HEADER = 'statute "xx/test" {}\n'
# Raw Lark terminal names must never reach a lawyer.
RAW_TERMINAL = re.compile(
    r"__ANON|\$END|\b(?:RBRACE|LBRACE|LPAR|RPAR|LSQB|RSQB|COMMA|COLON|DOT|NAME|STRING|LABEL"
    r"|INT|NUMBER|DATE|DATETIME|COMP_OP|ADD_OP|PROVISION|MEANS)\b"
)


def errors(source: str) -> list[tuple[str, int, int]]:
    """(code, line, column) of each diagnostic for `source`, which must not parse."""
    with pytest.raises(StatuteError) as raised:
        parse(source, "t.law")
    out = []
    for diagnostic in raised.value.diagnostics:
        assert diagnostic.span is not None and diagnostic.help
        for text in (diagnostic.message, diagnostic.help):
            assert not RAW_TERMINAL.search(re.sub(r"`[^`]*`", "", text)), text
        out.append((diagnostic.code, diagnostic.span.line, diagnostic.span.column))
    return out


def short_id(value: object) -> str:
    """A readable test id: the start of a source without the header, or a code."""
    if isinstance(value, str):
        return value.replace(HEADER, "")[:40]
    return str(value[0]) if isinstance(value, tuple) else str(value)


def only(source: str) -> tuple[str, int, int]:
    (found,) = errors(source)
    return found


@contextmanager
def shallow_stack(frames: int = 150) -> Iterator[None]:
    """Allow only `frames` more stack frames: proof that nothing below recurses per level."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


# ---- the catalog ---------------------------------------------------------------------------


@pytest.mark.parametrize("source, expected", [
    # a missing closing bracket, at the end of the file or before the next item
    (HEADER + "provision (a) {\n  hold prohibited\n", ("TL-P007", 2, 15)),
    (HEADER + "provision (a) {\n  hold prohibited\nprovision (b) {\n  hold permitted\n}\n",
     ("TL-P007", 4, 1)),
    (HEADER + "definition d {\n  means (a or b\n}\n", ("TL-P007", 4, 1)),
    (HEADER + 'example "e" {\n  given {"k": [1, 2}\n}\n', ("TL-P007", 3, 20)),
    (HEADER + "definition d {\n  means f(a, b\n}\n", ("TL-P007", 4, 1)),
    (HEADER + "strike (a)\n}\n", ("TL-P006", 3, 1)),
    (HEADER + "definition d {\n  means a)\n}\n", ("TL-P006", 3, 10)),
    # operators from other languages
    (HEADER + "definition d {\n  means a == 1\n}\n", ("TL-P005", 3, 11)),
    (HEADER + "definition d {\n  means a <> 1\n}\n", ("TL-P005", 3, 11)),
    (HEADER + "definition d {\n  means a || b\n}\n", ("TL-P005", 3, 11)),
    (HEADER + "definition d {\n  means !a\n}\n", ("TL-P005", 3, 9)),
    # misspelt keywords, with "did you mean"
    (HEADER + "provison (a) {}\n", ("TL-P011", 2, 1)),
    (HEADER + "Provision (a) {}\n", ("TL-P011", 2, 1)),
    (HEADER + "defintion d { means a }\n", ("TL-P011", 2, 1)),
    (HEADER + 'exemple "e" { given {} }\n', ("TL-P011", 2, 1)),
    (HEADER + 'provision (a) {\n  cites "x"\n  txt "y"\n}\n', ("TL-P011", 4, 3)),
    (HEADER + 'provision (a) {\n  hold permitted unles a\n}\n', ("TL-P011", 3, 18)),
    (HEADER + "definition d { mean a }\n", ("TL-P011", 2, 16)),
    (HEADER + "definition d { means a adn b }\n", ("TL-P011", 2, 24)),
    (HEADER + "definition d { means a is knwon }\n", ("TL-P011", 2, 27)),
    (HEADER + 'example "e" { given {} expect hold permited }\n', ("TL-P011", 2, 36)),
    (HEADER + 'example "e" { givn {} }\n', ("TL-P011", 2, 15)),
    ('statue "x" {}\n', ("TL-P011", 1, 1)),
    # strings
    (HEADER + 'provision (a) {\n  text "never closed\n}\n', ("TL-P004", 3, 8)),
    (HEADER + 'provision (a) {\n  text "x\n  cites "y"\n}\n', ("TL-P004", 3, 8)),
    # the first string left open, not the ones read inside out after it
    ('statute "xx/t" {\n  title "An Act\n  jurisdiction "ct"\n  citation "A. 1, § 2"\n}\n',
     ("TL-P004", 2, 9)),
    (HEADER + 'provision (a) {\n  cites "x\n  text "y"\n  hold prohibited if a.b\n}\n',
     ("TL-P004", 3, 9)),
    (HEADER + "provision (a) {\n  text 'single'\n}\n", ("TL-P017", 3, 8)),
    (HEADER + "provision (a) {\n  text “curly”\n}\n", ("TL-P017", 3, 8)),
    # definitions, quantifiers and conditions
    (HEADER + "definition d {\n  a and b\n}\n", ("TL-P010", 3, 3)),
    (HEADER + "definition d {}\n", ("TL-P010", 2, 15)),
    (HEADER + "definition d { means not any c in x where c }\n", ("TL-P008", 2, 22)),
    (HEADER + "definition d { means not all c in x where c }\n", ("TL-P008", 2, 22)),
    (HEADER + "definition d { means a or all c in x where c }\n", ("TL-P009", 2, 27)),
    (HEADER + "definition d { means a = count c in x where c }\n", ("TL-P009", 2, 26)),
    (HEADER + "provision (a) { hold permitted if a and no c in x where c }\n",
     ("TL-P009", 2, 41)),
    (HEADER + "provision (a) {\n  hold permitted if\n}\n", ("TL-P013", 3, 18)),
    (HEADER + "provision (a) {\n  hold permitted unless\n}\n", ("TL-P013", 3, 18)),
    (HEADER + "provision (a) {\n  hold permitted if\n  transfer prohibited\n}\n",
     ("TL-P013", 3, 18)),
    (HEADER + "definition d { means a and }\n", ("TL-P013", 2, 24)),
    # a header missing its `}`: the item after it was read as a heading and its value
    ('statute "t/x" {\n  title "T"\ndefinition d {\n  means true\n}\n', ("TL-P007", 3, 1)),
    # a label with a `)` missing: reported at the label, not at the `(` after it
    (HEADER + "provision (b)(1 except (b) {\n}\n", ("TL-P012", 2, 11)),
    (HEADER + "strike (b)(1)(D)(ii\n", ("TL-P012", 2, 8)),
    # a label with a space in it: it was "not closed: a `)` is missing" for `(b)(7 )`,
    # "`(7)` was not expected here" for `(b) (7)`, "this provision has no label" for `( b)`
    (HEADER + "provision (b)(7 ) except (b) {\n}\n", ("TL-P012", 2, 11)),
    (HEADER + "provision (b)( 7) {\n}\n", ("TL-P012", 2, 11)),
    (HEADER + "provision (b) (7) except (b) {\n}\n", ("TL-P012", 2, 11)),
    (HEADER + "provision ( b)(7) {\n}\n", ("TL-P012", 2, 11)),
    (HEADER + "provision (a) except (b) (7) {\n}\n", ("TL-P012", 2, 22)),
    (HEADER + "strike (b)(7 )\n", ("TL-P012", 2, 8)),
    # two labels with no comma between them in a list stay a missing comma
    (HEADER + 'example "e" { given {} expect hold grounds (b)(1) (b)(2) }\n', ("TL-P015", 2, 51)),
    # a word of the language after `and`, `or` or `if` was read as a name, and the error
    # was shown two tokens later, at whatever followed
    (HEADER + "provision (a) {\n  hold permitted if a or or b.c\n}\n", ("TL-P013", 3, 23)),
    (HEADER + "provision (a) {\n  hold permitted if if a or b\n}\n", ("TL-P013", 3, 18)),
    (HEADER + "provision (a) {\n  hold permitted if a and\n  limit hold 48 hours\n}\n",
     ("TL-P013", 3, 23)),
    (HEADER + "definition d { means any c in x where }\n", ("TL-P013", 2, 33)),
    # JSON and lists
    (HEADER + 'example "e" { given {"a": 1,} }\n', ("TL-P014", 2, 28)),
    (HEADER + 'example "e" { given {"a": [1, 2,]} }\n', ("TL-P014", 2, 32)),
    (HEADER + 'example "e" { given {"a": 1 "b": 2} }\n', ("TL-P015", 2, 29)),
    (HEADER + 'example "e" { expect hold permitted }\n', ("TL-P018", 2, 15)),
    # labels and headers
    (HEADER + "provision {}\n", ("TL-P012", 2, 11)),
    (HEADER + "provision b {}\n", ("TL-P012", 2, 11)),
    (HEADER + "strike\n", ("TL-P003", 3, 1)),
    ("provision (a) {}\n", ("TL-P016", 1, 1)),
    ("", ("TL-P016", 1, 1)),
    ("# only a comment\n", ("TL-P016", 2, 1)),
    # anything else still gets a place and the expected tokens in words
    (HEADER + "provision (a) { hold }\n", ("TL-P001", 2, 22)),
    (HEADER + "provision (a) {\n  means x\n}\n", ("TL-P001", 3, 3)),
    (HEADER + "provision (a) { cites § }\n", ("TL-P002", 2, 23)),
    (HEADER + "provision (a) { cites \x00 }\n", ("TL-P002", 2, 23)),
], ids=short_id)
def test_catalog(source: str, expected: tuple[str, int, int]) -> None:
    assert only(source) == expected


@pytest.mark.parametrize("label", ["(b)(7 )", "(b) (7)", "( b)(7)", "(b)( 7)"])
def test_a_label_with_a_space_in_it_is_said_to_have_one(label: str) -> None:
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + f"provision {label} except (b) {{\n}}\n")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message == f"the label `{label}` has a space in it"
    assert diagnostic.help == "write the label without spaces: `(b)(7)`"
    assert diagnostic.span is not None and diagnostic.span.end_column == 11 + len(label)


def test_did_you_mean_names_the_keyword() -> None:
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + 'provision (a) {\n  cite "x"\n}\n')
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message == "`cite` is not a keyword; did you mean `cites`?"
    assert diagnostic.help == "write `cites`"


@pytest.mark.parametrize(
    ("written", "message", "quoted"),
    [
        ("c.date before date - 10 years", "`before` compares dates only inside `within`",
         "before"),
        ("(c.date after date)", "`after` compares dates only inside `within`", "after"),
        ("c.date older than date - 10 years",
         "`older than` is not a comparison of the statute language", "older than"),
        ("c.date is later than date", "`is later` is not a comparison of the statute language",
         "is later"),
        ("person.age younger than 18",
         "`younger than` is not a comparison of the statute language", "younger than"),
    ],
)
def test_a_comparison_written_in_words_is_shown_its_operator(
        written: str, message: str, quoted: str) -> None:
    """A drafter writes dates the way a bill does; the help names `<`, `>` and `within`."""
    line = f"  hold permitted if any c in convictions where {written}"
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + f'provision (a) {{\n  cites "x"\n  text "x"\n{line}\n}}\n')
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message == message
    assert diagnostic.span is not None and diagnostic.span.line == 5
    assert line[diagnostic.span.column - 1:diagnostic.span.end_column - 1] == quoted
    assert diagnostic.help is not None and "`c.date < date - 10 years`" in diagnostic.help
    assert "`c.date within 10 years before date`" in diagnostic.help


def test_expected_tokens_have_friendly_names() -> None:
    assert _expected_help({"LABEL"}) == "expected a provision label like (b)(1) here"
    assert _expected_help({"RBRACE", "NAME"}) == "expected `}` or a name"
    assert _expected_help({"DATE", "STRING", "INT"}) == (
        "expected a date like 2014-01-01, a quoted string or a whole number")
    assert _expected_help({"DEFINITION", "PROVISION", "EXAMPLE", "NOTE", "$END"}) == (
        "expected a new item (`provision`, `definition`, …) or the end of the file")
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + "definition d(x y) { means x }\n")
    assert raised.value.diagnostics[0].help == "expected `:` here"
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + 'example "e" { given {} expect deadline 2015 }\n')
    assert raised.value.diagnostics[0].help == (
        "expected a date and time like 2015-03-05T17:00 here")
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + "definition d { means a b }\n")
    assert raised.value.diagnostics[0].help == (
        "expected an operator (`and`, `or`, `=`, …), `(` or `}`")


@pytest.mark.parametrize("item", [
    "provision (a) {\n  limit hold -48 hours\n}\n",
    "provision (a) {\n  hold permitted if person.age > -1\n}\n",
])
def test_a_negative_number_is_named_as_one(item: str) -> None:
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + item)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P001"
    assert "is a negative number" in diagnostic.message
    assert diagnostic.help is not None and diagnostic.help.startswith(
        "write a whole number, 0 or more")


def test_a_lark_exception_never_escapes() -> None:
    for source in ["}", "{", "statute", 'statute "x', "statute 1", "\\", "§", "\x00", "\t\n"]:
        with pytest.raises(StatuteError):
            parse(source)


# ---- several errors per file ----------------------------------------------------------------


def test_several_errors_are_reported_without_cascades() -> None:
    source = HEADER + (
        "provison (a) {\n  hold prohibited\n}\n\n"          # line 2
        "provision (b) {\n  hold permited\n}\n\n"           # line 6
        "provision (c) {\n  hold permitted\n}\n\n"          # fine
        "definition d {\n  means a == b\n}\n\n"             # line 14
        "provision (e) {\n  hold permitted if (a\n\n"       # line 18: `(` never closed,
        "provision (f) {\n  hold prohibited\n}\n"           # reported before `provision`
    )
    assert errors(source) == [
        ("TL-P011", 2, 1), ("TL-P011", 7, 8), ("TL-P005", 15, 11), ("TL-P007", 21, 1),
    ]


def test_an_error_in_the_header_does_not_hide_the_items() -> None:
    source = 'statute "x" {\n  title\n}\n\nprovision (a) {\n  hold permited\n}\n'
    assert errors(source) == [("TL-P001", 3, 1), ("TL-P011", 6, 8)]


def test_the_number_of_errors_is_capped() -> None:
    source = HEADER + "".join(f"provision ({i}) {{\n  hold permited\n}}\n" for i in range(30))
    found = errors(source)
    assert len(found) == MAX_ERRORS
    assert found[0] == ("TL-P011", 3, 8)


def test_decoding_problems_are_all_reported() -> None:
    source = HEADER + 'provision (a) {\n  text "\\q"\n  hold permitted if date > 2014-02-30\n}\n'
    assert errors(source) == [("TL-P021", 3, 9), ("TL-P023", 4, 28)]


def test_a_bad_date_is_reported_with_the_syntax_errors() -> None:
    """A drafter's file with a misspelt modality and a month 13 in its header reported
    the syntax error alone, and the date only once the syntax was fixed."""
    source = (
        'statute "xx/test" {\n  introduced 2026-13-01\n}\n\n'      # line 2: a bad date
        "provision (a) {\n  hold allowed\n}\n\n"                    # line 6: syntax error
        "provision (b) {\n  hold permitted if date > 2014-02-30\n}\n"  # line 10, after a restart
    )
    assert sorted(errors(source)) == [
        ("TL-P001", 6, 8), ("TL-P023", 2, 14), ("TL-P023", 10, 28)]


def test_every_literal_problem_comes_with_the_syntax_errors_once() -> None:
    """Dates and times, escapes, invisible characters in strings and comments, and numbers
    too long are decoded whatever surrounds them; each is reported once, in whichever
    part of the file the parser read."""
    digits = "9" * 5000
    source = HEADER + (
        "# a comment with a direction override \u202e\n"             # line 2
        'example "e\u202e" {\n'                                      # line 3: hidden
        f'  given {{"n": {digits}}}\n'                                # line 4: too long
        "  expect deadline 2015-03-32T17:00 from 2015-03-05T17:00\n"  # line 5: no day 32
        "  expect hold permited\n"                                   # line 6: syntax
        "}\n\n"
        'note "n" {\n  text "\\q"\n  question\n}\n'                  # line 10, line 12
    )
    assert sorted(errors(source)) == [
        ("TL-P001", 12, 1), ("TL-P011", 6, 15), ("TL-P021", 10, 9), ("TL-P022", 4, 15),
        ("TL-P024", 5, 19), ("TL-P025", 2, 39), ("TL-P025", 3, 11)]


def test_a_line_break_in_a_one_line_string_waits_for_the_tree() -> None:
    """Whether a string may run over lines depends on where it stands (a `text` may, a
    title may not), which only a parse tree says: with a syntax error it is not judged."""
    source = 'statute "xx/test" {\n  title "two\nlines"\n}\n\nprovision (a) {\n  hold permited\n}\n'
    assert errors(source) == [("TL-P011", 7, 8)]
    fixed = source.replace("permited", "permitted")
    assert [code for code, *_ in errors(fixed)] == ["TL-P025"]


# ---- nesting ------------------------------------------------------------------------------------


def definition(expression: str) -> str:
    return HEADER + "definition d {\n  means " + expression + "\n}\n"


def example(value: str) -> str:
    return HEADER + 'example "e" {\n  given {"v": ' + value + "}\n}\n"


@pytest.mark.parametrize("source", [
    definition("(" * 2000 + "a" + ")" * 2000),
    definition("not " * 2000 + "a"),
    definition("(a and " * 2000 + "a" + ")" * 2000),
    definition("a implies " * 2000 + "a"),
    definition("any c in x where " * 2000 + "c"),
    definition("f(" * 2000 + ")" * 2000),
    definition("{" * 2000 + "}" * 2000),
    definition("a" + " - 1" * 2000 + " = 0"),
    example("[" * 2000 + "]" * 2000),
    example('{"k": ' * 2000 + "1" + "}" * 2000),
], ids=["parens", "not", "and", "implies", "quantifiers", "calls", "sets", "arith",
        "json-arrays", "json-objects"])
def test_deep_nesting_is_refused_without_recursion(source: str) -> None:
    with shallow_stack(), pytest.raises(StatuteError) as raised:
        parse(source, "t.law")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P020"
    assert f"nested more than {MAX_DEPTH} levels deep" in diagnostic.message
    assert diagnostic.span is not None and diagnostic.span.line == 3


@pytest.mark.parametrize("source", [
    definition("(" * 2000 + "a"),
    definition("(" * 2000 + "a" + ")" * 1999),
    definition("not " * 2000),
    example("[" * 2000),
    example('{"k": ' * 2000),
    "{" * 2000,
    HEADER + "}" * 2000,
], ids=["parens", "parens-one-short", "not", "json-arrays", "json-objects", "braces",
        "closing-braces"])
def test_deep_unfinished_nesting_is_a_syntax_error(source: str) -> None:
    with shallow_stack(), pytest.raises(StatuteError) as raised:
        parse(source)
    assert all(d.code.startswith("TL-P0") for d in raised.value.diagnostics)


def test_the_depth_limit_is_exact() -> None:
    law = parse(definition("not " * (MAX_DEPTH - 1) + "a"))
    body = law.items[0].body  # type: ignore[union-attr]
    depth = 0
    while isinstance(body, s.Not):
        body, depth = body.operand, depth + 1
    assert depth == MAX_DEPTH - 1
    parse(definition("(" * (MAX_DEPTH - 1) + "a" + ")" * (MAX_DEPTH - 1)))
    # The `given` object is the first level of its JSON.
    parse(example("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)))
    parse(definition("not " * MAX_DEPTH + "a"))
    assert only(definition("not " * (MAX_DEPTH + 1) + "a")) == ("TL-P020", 3, 9 + 4 * MAX_DEPTH)
    assert only(example("[" * MAX_DEPTH + "]" * MAX_DEPTH)) == ("TL-P020", 3, 15 + MAX_DEPTH - 1)


def test_one_report_per_deep_expression() -> None:
    deep = "(" * 100 + "a" + ")" * 100
    source = definition(f"{deep} and {deep}") + "definition e {\n  means " + deep + "\n}\n"
    # `and` is the first level of the first expression, so its 64th parenthesis is too deep.
    assert errors(source) == [("TL-P020", 3, 9 + MAX_DEPTH - 1), ("TL-P020", 6, 9 + MAX_DEPTH)]


def test_the_parser_is_reusable_after_errors() -> None:
    with pytest.raises(StatuteError):
        parse(HEADER + "provision (a) {\n")
    law = parse(HEADER + "# c\nstrike (a)\n")
    assert [c.text for c in law.comments] == ["# c"]
    assert build_parser() is build_parser()


def test_span_of_a_runaway_string_is_its_first_line() -> None:
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + 'provision (a) {\n  text "abc\n  cites "y"\n}\n', "t.law")
    assert raised.value.diagnostics[0].span == Span("t.law", 3, 8, 3, 12)


@pytest.mark.parametrize(("tail", "place"), [
    ('reads "was set aside"\n', ("TL-P003", 3, 1)),
    ("reads\n", ("TL-P003", 3, 1)),
    ('reads "was set aside",\nfield b: bool\n', ("TL-P001", 3, 1)),
    ('reads "was set aside"\nfield b: bool\n', ("TL-P001", 3, 1)),
])
def test_a_reads_cut_short_says_it_takes_two_phrases(
    tail: str, place: tuple[str, int, int]
) -> None:
    source = 'vocabulary "v" { title "V" }\nfield vacated: bool "Vacated" ' + tail
    assert errors(source) == [place]
    with pytest.raises(StatuteError) as raised:
        parse(source, "t.law")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.help is not None and diagnostic.help.startswith(
        "`reads` takes two quoted phrases, for when the field is true and when it is false")


@pytest.mark.parametrize("text, named, advice", [
    ("strike (b)\u200b(7)", "U+200B ZERO WIDTH SPACE cannot appear here", "invisible"),
    ("strike (b)(7)\ufe0f", "U+FE0F VARIATION SELECTOR-16 cannot appear here", "invisible"),
    ("definition convict\u0435d { means true }",
     "`\u0435` (U+0435 CYRILLIC SMALL LETTER IE) cannot appear here", "however alike"),
    ("definition d { means a \u00a7 b }", "`\u00a7` (U+00A7 SECTION SIGN) cannot appear here",
     "belongs inside quotes"),
])
def test_a_character_outside_ascii_is_named_by_its_code(
        text: str, named: str, advice: str) -> None:
    """A look-alike letter was shown as if it were the ASCII one, and an invisible
    character was printed raw (so the message showed nothing between its backticks)."""
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + text + "\n", "t.law")
    (diagnostic, *_) = raised.value.diagnostics
    assert diagnostic.code == "TL-P002"
    assert diagnostic.message == named
    assert diagnostic.help is not None and advice in diagnostic.help


@pytest.mark.parametrize("hidden", ["\u202e", "\u2028", "\x1b", "\x0b", "\u00ad"])
def test_a_hidden_character_in_a_comment_is_refused(hidden: str) -> None:
    """A direction override or a line separator in a comment makes an editor (and, before,
    the site's source blocks) show other code than the parser reads ("Trojan Source")."""
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + f"# reviewed{hidden} fine\nprovision (a) {{ hold permitted }}\n")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P025" and "this comment holds" in diagnostic.message
    assert diagnostic.span is not None and (diagnostic.span.line, diagnostic.span.column) == (2, 11)
    parse(HEADER + "# a tab\tis fine\nprovision (a) { hold permitted }\n")


def test_a_bad_date_is_quoted_from_the_line_the_parser_counts() -> None:
    """`str.splitlines` also breaks at U+2028: the date was quoted from another line."""
    with pytest.raises(StatuteError) as raised:
        parse(HEADER + "# a\u2028b\u2028c\ndefinition d {\n  means date > 2014-1-1 }\n")
    messages = [d.message for d in raised.value.diagnostics if d.code == "TL-P023"]
    assert messages and messages[0].startswith("2014-1-1 ")
