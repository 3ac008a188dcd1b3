"""The canonical layout: what `trustlaw fmt` writes, checked on small, readable cases."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from trustlaw.language import syntax as s
from trustlaw.language.fmt import format_expr, format_json, format_law, format_source, quote
from trustlaw.language.parser import parse


def fmt(text: str) -> str:
    return format_source(textwrap.dedent(text).lstrip("\n"))


def expr(text: str) -> str:
    """The canonical form of an expression, through a definition."""
    law = parse('statute "x" {}\ndefinition d { means ' + text + " }\n")
    body = law.items[0].body  # type: ignore[union-attr]
    return format_expr(body)


def p(name: str) -> s.Path:
    return s.Path((name,))


@pytest.mark.parametrize("written, canonical", [
    ("a   and(b)", "a and b"),
    ("(a and b) and c", "a and b and c"),
    ("a and (b and c)", "a and (b and c)"),
    ("(a or b) or c", "a or b or c"),
    ("a or (b or c)", "a or (b or c)"),
    ("(a or b) and c", "(a or b) and c"),
    ("a or (b and c)", "a or b and c"),
    ("a implies (b implies c)", "a implies b implies c"),
    ("(a implies b) implies c", "(a implies b) implies c"),
    ("(a or b) implies c", "a or b implies c"),
    ("a implies (any c in x where c)", "a implies any c in x where c"),
    ("(any c in x where c) and b", "(any c in x where c) and b"),
    ("a and (any c in x where c)", "a and (any c in x where c)"),
    ("not (any c in x where c)", "not (any c in x where c)"),
    ("any c in x where (all d in c.y where d)", "any c in x where all d in c.y where d"),
    ("any c in x where (c.a and c.b)", "any c in x where c.a and c.b"),
    ("(any c in x where c) implies b", "(any c in x where c) implies b"),
    ("f(any c in x where c, (a))", "f(any c in x where c, a)"),
    ("not(a=1)", "not a = 1"),
    ("(not a) = 1", "(not a) = 1"),
    ("not not a", "not not a"),
    ("a-1+b", "a - 1 + b"),
    ("a-(1+b)", "a - (1 + b)"),
    ("(a = 1) = b", "(a = 1) = b"),
    ("a in {b,c}", "a in {b, c}"),
    ("a not in {}", "a not in {}"),
    ("{(a and b), 1}", "{(a and b), 1}"),
    ("x  within 1 year before  y", "x within 1 year before y"),
    ("x within 2 day after y", "x within 2 days after y"),
    ("(x within 1 month before y) is known", "(x within 1 month before y) is known"),
    ("x is unknown", "x is unknown"),
    ("date >= 2014-01-01", "date >= 2014-01-01"),
    ('form = "I-247"', 'form = "I-247"'),
    ("count c in x where c.level=felony", "count c in x where c.level = felony"),
    ("(count c in x where c) >= 2", "(count c in x where c) >= 2"),
    ("f( )", "f()"),
])
def test_expressions_get_canonical_spacing_and_minimal_parentheses(
    written: str, canonical: str
) -> None:
    assert expr(written) == canonical
    assert expr(canonical) == canonical


def test_strings_are_escaped() -> None:
    assert quote('say "hi"\\\n\t§') == '"say \\"hi\\"\\\\\\n\\t§"'
    value = 'a "b" \\ c\nd\te'
    assert format_expr(s.StringLit(value)) == quote(value)
    law = parse('statute "x" {}\ndefinition d { means ' + quote(value) + " }\n")
    assert law.items[0].body == s.StringLit(value)  # type: ignore[union-attr]


def test_json_scalars() -> None:
    given = s.JsonObject((
        s.JsonPair("i", s.JsonScalar(-3)), s.JsonPair("f", s.JsonScalar(1e-7)),
        s.JsonPair("g", s.JsonScalar(1e20)), s.JsonPair("h", s.JsonScalar(2.0)),
        s.JsonPair("t", s.JsonScalar(True)), s.JsonPair("n", s.JsonScalar(None)),
        s.JsonPair("s", s.JsonScalar('q"')), s.JsonPair("a", s.JsonArray(())),
    ))
    assert format_json(given) == (
        '{"i": -3, "f": 0.0000001, "g": 100000000000000000000.0, "h": 2.0, "t": true, '
        '"n": null, "s": "q\\"", "a": []}')
    with pytest.raises(ValueError):
        format_json(s.JsonScalar(float("inf")))


def test_a_whole_statute() -> None:
    written = '''
        # The file's comment.
        statute   "xx/demo" { title "Demo"   enacted 2014-01-01 status  in_force tags [a,b] }
        definition   serious ( c : conviction ) { cites "§ 1" means c.level=felony }
        provision (b)(1) except (b) notwithstanding (c) subject to (d) { cites "§ 1(b)(1)"
          text "A rule."   verification S
          hold permitted if serious(c) unless person.age<18  # why
          duty "notify" "Tell them." if a
          limit hold 48 hours excluding saturday,sunday counting actual
          applies if agency in {state_police}
        }
        strike (b)(2)
        strike (b)(3)
        example "e" { given {"date": "2015-03-02", "kinds": ["hold"]}
          expect hold permitted expect hold grounds (b)(1),(c) expect max_hold none
          expect no duty "notify" expect deadline 2015-03-09T17:00 from 2015-03-05T17:00:30 }
        invariant "i" { assume a ensure hold is not permitted
          ensure transfer is prohibited expect violated }
        invariant "j" { standard no_hold_on_detainer_alone }
        note "n" { about (b)(1),(c) about serious question 3 text "Why." }
        enum e { a "A", "I-247" "Form", b }
        record r { field f: list of int "F" }
        field x: r
        field y: int
        tag "t" {}
        constraint "c" { means x is known }
    '''
    assert fmt(written) == textwrap.dedent('''\
        # The file's comment.
        statute "xx/demo" {
          title "Demo"
          enacted 2014-01-01
          status in_force
          tags [a, b]
        }

        definition serious(c: conviction) {
          cites "§ 1"
          means c.level = felony
        }

        provision (b)(1) except (b) notwithstanding (c) subject to (d) {
          cites "§ 1(b)(1)"
          text "A rule."
          verification S
          hold permitted if serious(c) unless person.age < 18  # why
          duty "notify" "Tell them." if a
          limit hold 48 hours excluding saturday, sunday counting actual
          applies if agency in {state_police}
        }

        strike (b)(2)
        strike (b)(3)

        example "e" {
          given {"date": "2015-03-02", "kinds": ["hold"]}
          expect hold permitted
          expect hold grounds (b)(1), (c)
          expect max_hold none
          expect no duty "notify"
          expect deadline 2015-03-09T17:00 from 2015-03-05T17:00:30
        }

        invariant "i" {
          assume a
          ensure hold is not permitted
          ensure transfer is prohibited
          expect violated
        }
        invariant "j" {
          standard no_hold_on_detainer_alone
        }

        note "n" {
          about (b)(1), (c)
          about serious
          question 3
          text "Why."
        }

        enum e {
          a "A",
          "I-247" "Form",
          b,
        }

        record r {
          field f: list of int "F"
        }

        field x: r
        field y: int

        tag "t" {}

        constraint "c" {
          means x is known
        }
        ''')


def test_a_long_given_object_gets_one_pair_per_line() -> None:
    written = '''
        statute "x" {}
        example "e" {
          given {"date": "2015-03-02", "agency": "state_corrections",
                 "request": {"kinds": ["hold", "notification"], "form": "I-247"},
                 "convictions": [{"date": "2009-06-01", "level": "felony", "felony_class": "B",
                                  "court": "other_state", "youthful_offender": false}]}
        }
    '''
    assert fmt(written) == textwrap.dedent('''\
        statute "x" {}

        example "e" {
          given {
            "date": "2015-03-02",
            "agency": "state_corrections",
            "request": {"kinds": ["hold", "notification"], "form": "I-247"},
            "convictions": [
              {
                "date": "2009-06-01",
                "level": "felony",
                "felony_class": "B",
                "court": "other_state",
                "youthful_offender": false
              }
            ]
          }
        }
        ''')


def test_a_long_condition_is_broken_before_its_operators() -> None:
    names = " or ".join(f"person.finding_number_{i}" for i in range(6))
    written = f'''
        statute "x" {{}}
        definition d {{ means any c in convictions where c.a and {names.replace(" or ", " and ")} }}
        provision (a) {{ hold permitted if {names} }}
    '''
    formatted = fmt(written)
    assert formatted == textwrap.dedent('''\
        statute "x" {}

        definition d {
          means any c in convictions where c.a
            and person.finding_number_0
            and person.finding_number_1
            and person.finding_number_2
            and person.finding_number_3
            and person.finding_number_4
            and person.finding_number_5
        }

        provision (a) {
          hold permitted if person.finding_number_0
            or person.finding_number_1
            or person.finding_number_2
            or person.finding_number_3
            or person.finding_number_4
            or person.finding_number_5
        }
        ''')
    assert format_source(formatted) == formatted


def test_comments_stay_where_they_were() -> None:
    written = '''
        # Header comment.

        statute "x" {  # on the header line
          # before title
          title "T"
        }

        # ---- section ----

        # about (a)
        provision (a) {
          # before the clause
          hold prohibited  # after the clause
          # at the end of the block
        }
        strike (b)  # struck
        # at the end of the file
    '''
    assert fmt(written) == textwrap.dedent('''\
        # Header comment.

        statute "x" {  # on the header line
          # before title
          title "T"
        }

        # ---- section ----

        # about (a)
        provision (a) {
          # before the clause
          hold prohibited  # after the clause
          # at the end of the block
        }

        strike (b)  # struck
        # at the end of the file
        ''')


def test_items_the_author_kept_together_stay_together() -> None:
    written = '''
        statute "x" {}
        tag "a" {}
        tag "b" {}

        tag "c" {}
        strike (a)
        field f: int
    '''
    assert fmt(written) == textwrap.dedent('''\
        statute "x" {}

        tag "a" {}
        tag "b" {}

        tag "c" {}

        strike (a)

        field f: int
        ''')


def test_trees_built_in_code_get_blank_lines_between_items() -> None:
    law = s.LawFile(s.Header("statute", "x", ()), (
        s.Strike("(a)"), s.Strike("(b)"),
        s.Definition("d", (), (), s.Within(p("a"), s.DurationLit(1, "years"), "before", p("b"))),
    ))
    assert format_law(law) == (
        'statute "x" {}\n\nstrike (a)\n\nstrike (b)\n\n'
        "definition d {\n  means a within 1 year before b\n}\n"
    )


def test_datetimes_keep_seconds_only_when_there_are_some() -> None:
    law = s.LawFile(s.Header("statute", "x", ()), (s.Example("e", (), s.JsonObject(()), (
        s.ExpectDeadline(dt.datetime(2015, 3, 9, 17, 0), dt.datetime(15, 3, 5, 7, 5, 9)),
    )),))
    assert "expect deadline 2015-03-09T17:00 from 0015-03-05T07:05:09\n" in format_law(law)
    assert parse(format_law(law)) == law
