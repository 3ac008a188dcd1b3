"""The parser builds exactly the syntax tree the author wrote, with spans and comments."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from lark import Lark

from trustlaw.diagnostics import Span, StatuteError
from trustlaw.language import syntax as s
from trustlaw.language.parser import build_parser, grammar_text, keywords, parse, parse_file

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = [
    ROOT / "statutes" / "vocabulary" / "detainer.law",
    ROOT / "statutes" / "ct" / "pa-13-155.law",
]
HEADER = 'statute "xx/test" {}\n'


def body(text: str) -> s.Expr:
    """The body of `definition d { means <text> }`."""
    law = parse(HEADER + "definition d {\n  means " + text + "\n}\n")
    item = law.items[0]
    assert isinstance(item, s.Definition)
    return item.body


def p(*names: str) -> s.Path:
    return s.Path(names)


def test_grammar_builds_in_lark_strict_mode() -> None:
    # Strict mode needs `interegular` to prove that no two terminals collide.
    import interegular  # noqa: F401

    parser = Lark(grammar_text(), parser="lalr", strict=True, lexer="contextual")
    assert parser.options.strict
    assert build_parser() is build_parser()  # cached
    # The runtime parser (strict mode off: no `interegular` at run time) reads the
    # bundled files exactly as the strict one does.
    for path in BUNDLED:
        text = path.read_text(encoding="utf-8")
        assert build_parser().parse(text) == parser.parse(text), path


def test_parsing_needs_no_interegular() -> None:
    """A plain `pip install trustlaw` has lark but not interegular; loading must work."""
    code = (
        "import sys; sys.modules['interegular'] = None\n"
        "import trustlaw\n"
        "print(trustlaw.load('ct/pa-13-155').id)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ct/pa-13-155"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_files_parse(path: Path) -> None:
    law = parse_file(path)
    assert law.path == str(path)
    assert law.source == path.read_text(encoding="utf-8")
    assert law.items
    assert law.comments and all(c.text.startswith("#") for c in law.comments)
    for item in law.items:
        assert item.span is not None and item.span.file == str(path)


def test_header_and_metadata() -> None:
    law = parse(
        'statute "ct/x" {\n  title "T"\n  enacted 2013-06-25\n  status in_force\n'
        "  amends [a, b]\n  none_yet []\n}\n"
    )
    assert law.header == s.Header("statute", "ct/x", (
        s.Meta("title", s.MetaString("T")),
        s.Meta("enacted", s.MetaDate(dt.date(2013, 6, 25))),
        s.Meta("status", s.MetaName("in_force")),
        s.Meta("amends", s.MetaList(("a", "b"))),
        s.Meta("none_yet", s.MetaList(())),
    ))
    assert law.meta("title") == (s.MetaString("T"),)
    assert law.header.span == Span("<string>", 1, 1, 7, 2)
    assert parse('vocabulary "v" {}').header.kind == "vocabulary"


def test_spans_point_at_the_source() -> None:
    source = HEADER + "provision (b)(1) except (b) {\n  hold permitted if person.age >= 18\n}\n"
    law = parse(source, "ct.law")
    provision = law.items[0]
    assert isinstance(provision, s.Provision)
    assert provision.span == Span("ct.law", 2, 1, 4, 2)
    assert provision.relations[0].span == Span("ct.law", 2, 18, 2, 28)
    conclusion = provision.clauses[0]
    assert isinstance(conclusion, s.Conclusion) and conclusion.condition is not None
    assert conclusion.span == Span("ct.law", 3, 3, 3, 37)
    compare = conclusion.condition.if_
    assert isinstance(compare, s.Compare)
    assert compare.span == Span("ct.law", 3, 21, 3, 37)
    assert compare.left.span == Span("ct.law", 3, 21, 3, 31)


def test_comments_are_collected_with_their_places() -> None:
    law = parse("# top\n" + HEADER + "strike (a)  # why\n# end\n")
    assert [c.text for c in law.comments] == ["# top", "# why", "# end"]
    assert [c.span for c in law.comments] == [
        Span("<string>", 1, 1, 1, 6), Span("<string>", 3, 13, 3, 18), Span("<string>", 4, 1, 4, 6)
    ]
    # Comments do not take part in equality; a second parse does not see the first's.
    assert parse(HEADER + "strike (a)\n").comments == ()
    assert law == parse(HEADER + "strike (a)\n")


def test_expression_nodes() -> None:
    assert body("a and b or c") == s.BinOp("or", s.BinOp("and", p("a"), p("b")), p("c"))
    assert body("a implies b implies c") == s.BinOp(
        "implies", p("a"), s.BinOp("implies", p("b"), p("c")))
    assert body("not not a") == s.Not(s.Not(p("a")))
    assert body("not a = 1") == s.Not(s.Compare("=", p("a"), s.IntLit(1)))
    assert body("x.y != \"I-247\"") == s.Compare("!=", p("x", "y"), s.StringLit("I-247"))
    assert body("a - 1 + b") == s.Arith("+", s.Arith("-", p("a"), s.IntLit(1)), p("b"))
    assert body("a in {b, 2}") == s.Member(p("a"), s.SetLit((p("b"), s.IntLit(2))))
    assert body("a not in {}") == s.Member(p("a"), s.SetLit(()), negated=True)
    assert body("c.date within 5 years before date") == s.Within(
        p("c", "date"), s.DurationLit(5, "years"), "before", p("date"))
    assert body("c.date within 1 day after 2014-01-01") == s.Within(
        p("c", "date"), s.DurationLit(1, "days"), "after", s.DateLit(dt.date(2014, 1, 1)))
    assert body("x is known and y is unknown") == s.BinOp(
        "and", s.IsKnown(p("x"), True), s.IsKnown(p("y"), False))
    assert body("f(c, 1 month) and g()") == s.BinOp(
        "and", s.Call("f", (p("c"), s.DurationLit(1, "months"))), s.Call("g", ()))
    assert body("true or false") == s.BinOp("or", s.BoolLit(True), s.BoolLit(False))
    assert body("count c in convictions where c.level = felony") == s.Quantifier(
        "count", "c", p("convictions"), s.Compare("=", p("c", "level"), p("felony")))
    assert body("a implies no c in x where c") == s.BinOp(
        "implies", p("a"), s.Quantifier("no", "c", p("x"), p("c")))
    assert body("((a))") == p("a")


@pytest.mark.parametrize("singular, plural", [
    ("1 year", "years"), ("2 years", "years"), ("1 month", "months"), ("3 months", "months"),
    ("1 day", "days"), ("10 days", "days"),
])
def test_duration_units_are_normalised_to_plural(singular: str, plural: str) -> None:
    value = body(f"x within {singular} before y")
    assert isinstance(value, s.Within)
    assert value.duration.unit == plural


def test_string_escapes_are_decoded() -> None:
    value = body(r'"a \"quoted\" word, a back\\slash,\na new line and\ta tab"')
    assert value == s.StringLit('a "quoted" word, a back\\slash,\na new line and\ta tab')


@pytest.mark.parametrize("escape", [r"\q", r"\u0041", r"\'", r"\§", r"\r"])
def test_other_escapes_are_diagnosed(escape: str) -> None:
    with pytest.raises(StatuteError) as raised:
        body(f'"x{escape}y"')
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P021"
    assert diagnostic.span == Span("<string>", 3, 11, 3, 13)
    assert "escape" in diagnostic.message


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_backslash_ending_a_line_is_said_to_be_one(end: str) -> None:
    """Not "`\\n` is not an escape", which reads as the escape `\\` and then a `n`; and
    once, not again as a line break in a one-line string."""
    with pytest.raises(StatuteError) as raised:
        parse(f'statute "xx/t" {{{end}  title "An Act \\{end}  of x"{end}}}{end}')
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P021"
    assert diagnostic.message == "a backslash at the end of a line is not an escape"
    assert diagnostic.span == Span("<string>", 2, 17, 2, 19)


@pytest.mark.parametrize("word", ["anyconviction", "notice", "information", "order", "index",
                                  "nothing", "inform", "isolated", "meanstest", "ifs"])
def test_names_that_start_with_a_keyword_are_names(word: str) -> None:
    assert body(f"{word} and {word}.{word}") == s.BinOp("and", p(word), p(word, word))


def test_keywords_are_the_grammars_words() -> None:
    words = keywords()
    assert {"provision", "means", "any", "not", "in", "or", "and", "years"} <= words
    assert "anyconviction" not in words and "notice" not in words


def test_keywords_are_names_where_the_grammar_has_no_keyword() -> None:
    law = parse(HEADER + "record r {\n  field text: int\n  field means: list of of\n}\n")
    record = law.items[0]
    assert isinstance(record, s.RecordDecl)
    assert [f.name for f in record.fields] == ["text", "means"]
    assert record.fields[1].type == s.ListType(s.TypeName("of"))


def test_items() -> None:
    source = HEADER + '''
definition serious(c: conviction, tags: list of tag) {
  cites "§ 1"
  text "Serious."
  verification S
  means c.level = felony
}
provision (c) notwithstanding (b) subject to 7282.5(a) {
  notification required unless person.age < 18
  hold prohibited if a unless b
  duty "notify" "Tell them." if a
  duty "bare"
  limit hold 48 hours excluding saturday, sunday counting actual if a
  limit transfer 12 hours
  applies if agency in {state_police}
}
strike (b)(2)
example "e" {
  text "An example."
  given {"a": [1, -2, 2.5, true, false, null, "s"], "b": {}}
  expect hold permitted
  expect hold grounds (b)(1), (c)
  expect max_hold 48 hours excluding saturday counting actual
  expect max_hold none
  expect duty "notify"
  expect no duty "bare"
  expect deadline 2015-03-09T17:00 from 2015-03-05T17:00:30
}
invariant "std" {
  standard no_hold_on_detainer_alone
  expect violated
}
invariant "custom" {
  assume person.age >= 18
  ensure hold is prohibited
  ensure transfer is not undetermined
}
note "n" {
  about (b)(2), (c)
  about serious
  question 3
  text "Why."
}
enum e {
  a "A",
  "I-247" "Form",
  b,
}
enum single { x }
record r {
  field f: int "F"
}
field top: list of r
tag "ca.x" {
  cites "§ 2"
}
constraint "c" {
  means top is known
}
'''
    items = parse(source).items
    assert [type(i).__name__ for i in items] == [
        "Definition", "Provision", "Strike", "Example", "Invariant", "Invariant", "Note",
        "EnumDecl", "EnumDecl", "RecordDecl", "FieldDecl", "TagDecl", "ConstraintDecl",
    ]
    definition, provision, strike, example, standard, custom, note = items[:7]
    assert definition == s.Definition(
        "serious",
        (s.Param("c", s.TypeName("conviction")), s.Param("tags", s.ListType(s.TypeName("tag")))),
        (s.Doc("cites", "§ 1"), s.Doc("text", "Serious."), s.Doc("verification", "S")),
        s.Compare("=", p("c", "level"), p("felony")),
    )
    assert provision == s.Provision(
        "(c)",
        (s.Relation("notwithstanding", "(b)"), s.Relation("subject_to", "7282.5(a)")),
        (),
        (
            s.Conclusion("notification", "required",
                         s.Condition(None, s.Compare("<", p("person", "age"), s.IntLit(18)))),
            s.Conclusion("hold", "prohibited", s.Condition(p("a"), p("b"))),
            s.DutyClause("notify", "Tell them.", s.Condition(p("a"), None)),
            s.DutyClause("bare", None, None),
            s.LimitClause("hold", 48, s.Excluding(("saturday", "sunday"), "actual"),
                          s.Condition(p("a"), None)),
            s.LimitClause("transfer", 12, None, None),
            s.Applies(s.Member(p("agency"), s.SetLit((p("state_police"),)))),
        ),
    )
    assert strike == s.Strike("(b)(2)")
    assert isinstance(example, s.Example)
    assert example.docs == (s.Doc("text", "An example."),)
    assert s.json_to_python(example.given) == {
        "a": [1, -2, 2.5, True, False, None, "s"], "b": {}}
    assert example.expectations == (
        s.ExpectOutcome("hold", "permitted"),
        s.ExpectGrounds("hold", ("(b)(1)", "(c)")),
        s.ExpectMaxHold(48, s.Excluding(("saturday",), "actual")),
        s.ExpectMaxHold(None, None),
        s.ExpectDuty("notify", True),
        s.ExpectDuty("bare", False),
        s.ExpectDeadline(dt.datetime(2015, 3, 9, 17, 0), dt.datetime(2015, 3, 5, 17, 0, 30)),
    )
    assert standard == s.Invariant(
        "std", (), s.StandardInvariant("no_hold_on_detainer_alone", True))
    assert custom == s.Invariant("custom", (), s.CustomInvariant(
        s.Compare(">=", p("person", "age"), s.IntLit(18)),
        (s.Guarantee("hold", "prohibited", False), s.Guarantee("transfer", "undetermined", True)),
        False,
    ))
    assert note == s.Note("n", (
        s.NoteAbout(("(b)(2)", "(c)")), s.NoteAbout(("serious",), is_name=True),
        s.NoteQuestion(3), s.Doc("text", "Why."),
    ))
    assert note.about == ("(b)(2)", "(c)", "serious") and note.text == "Why."
    assert items[7] == s.EnumDecl("e", (
        s.EnumValue("a", False, "A"), s.EnumValue("I-247", True, "Form"),
        s.EnumValue("b", False, None),
    ))
    assert items[8] == s.EnumDecl("single", (s.EnumValue("x", False, None),))
    assert items[9] == s.RecordDecl("r", (s.FieldDecl("f", s.TypeName("int"), "F"),))
    assert items[10] == s.FieldDecl("top", s.ListType(s.TypeName("r")), None)
    assert items[11] == s.TagDecl("ca.x", (s.Doc("cites", "§ 2"),))
    assert items[12] == s.ConstraintDecl("c", (), s.IsKnown(p("top"), True))


def test_json_numbers() -> None:
    law = parse(HEADER + 'example "e" { given {"i": 12, "n": -0, "f": 0.50, "g": -3.25} }')
    example = law.items[0]
    assert isinstance(example, s.Example)
    values = [pair.value for pair in example.given.pairs]
    assert values == [s.JsonScalar(12), s.JsonScalar(0), s.JsonScalar(0.5), s.JsonScalar(-3.25)]
    kinds = [type(v.value) for v in values if isinstance(v, s.JsonScalar)]
    assert kinds == [int, int, float, float]


@pytest.mark.parametrize("text, code", [
    ("date > 2014-02-30", "TL-P023"),
    ("x = " + "9" * 5000, "TL-P022"),
])
def test_values_that_cannot_be_read(text: str, code: str) -> None:
    with pytest.raises(StatuteError) as raised:
        body(text)
    assert [d.code for d in raised.value.diagnostics] == [code]


@pytest.mark.parametrize("written", ["10000-01-01", "2014-1-1", "20140-12-31"])
def test_a_date_with_a_long_year_or_short_month_is_not_read_as_a_subtraction(
        written: str) -> None:
    # the lexer reads only YYYY-MM-DD as a date; anything else written like one was
    # reported as a date compared with "(10000 - 1) - 1", a whole number
    with pytest.raises(StatuteError) as raised:
        body(f"date >= {written}")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P023"
    assert diagnostic.message == f"{written} is not a date on the calendar"
    assert diagnostic.span is not None
    assert diagnostic.span.end_column - diagnostic.span.column == len(written)
    assert "four-digit year" in (diagnostic.help or "")


@pytest.mark.parametrize("text", ["x >= 2014 - 1 - 1", "x >= 10-2-3", "x >= 2014-1-100"])
def test_arithmetic_that_is_not_written_like_a_date_stays_arithmetic(text: str) -> None:
    expression = body(text)
    assert isinstance(expression, s.Compare) and isinstance(expression.right, s.Arith)


def test_bad_deadline_and_huge_json_number() -> None:
    source = (HEADER + 'example "e" {\n  given {"x": 1' + "0" * 400 + '.5}\n'
              + "  expect deadline 2015-02-30T17:00 from 2015-03-05T25:00\n}\n")
    with pytest.raises(StatuteError) as raised:
        parse(source)
    assert [d.code for d in raised.value.diagnostics] == ["TL-P022", "TL-P024", "TL-P024"]


def test_parse_file_problems(tmp_path: Path) -> None:
    with pytest.raises(StatuteError) as raised:
        parse_file(tmp_path / "missing.law")
    assert raised.value.diagnostics[0].code == "TL-P097"
    latin = tmp_path / "latin.law"
    latin.write_bytes('statute "§" {}'.encode("latin-1"))
    with pytest.raises(StatuteError) as raised:
        parse_file(latin)
    assert raised.value.diagnostics[0].code == "TL-P098"
    good = tmp_path / "good.law"
    good.write_text(HEADER, encoding="utf-8")
    assert parse_file(good).path == str(good)


@pytest.mark.parametrize("end", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_text_with_other_line_ends_parses_as_its_file_does(end: str) -> None:
    # parse_file reads with universal newlines; parse() of the same text must agree (a
    # CR-only text was one comment line, "the file is empty")
    path = ROOT / "statutes" / "ct" / "pa-13-155.law"
    text = path.read_text(encoding="utf-8")
    assert parse(text.replace("\n", end), str(path)) == parse_file(path)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_text_written_over_several_lines_reads_as_one_line(newline: str) -> None:
    """A line break in a `text` kept the break and the next line's indentation in the
    text ("pose an\\n        unacceptable risk"), shown as such on the site and in
    explanations; a new line in the text itself is written `\\n`."""
    source = ('statute "t/x" { title "X" jurisdiction "t" citation "X" status proposed }'
              + newline + 'note "N" {' + newline
              + '  text "pose an   ' + newline + '\t  unacceptable risk.\\nNext line"' + newline
              + "}" + newline)
    (note,) = [item for item in parse(source, "x.law").items if isinstance(item, s.Note)]
    assert note.text == "pose an unacceptable risk.\nNext line"
