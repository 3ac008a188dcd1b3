"""Round trip: for random syntax trees, ``parse(format_law(tree)) == tree``, and the
formatter is idempotent, also on the bundled files and with comments anywhere."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustlaw.diagnostics import is_hidden
from trustlaw.language import syntax as s
from trustlaw.language.fmt import format_expr, format_law, format_source
from trustlaw.language.parser import keywords, parse

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = [
    ROOT / "statutes" / "vocabulary" / "detainer.law",
    ROOT / "statutes" / "ct" / "pa-13-155.law",
]
KEYWORDS = keywords()

# ---- strategies for syntax trees ----------------------------------------------------------

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda n: n not in KEYWORDS)
# Any character a statute string may hold, the formatter escaping what it needs to: every
# character but the controls the parser refuses (TL-P025); tabs and new lines stay in a
# `text` and a value, and a title, a citation, a name or an id (`one_line`) holds neither.
_shown = st.characters(exclude_categories=("Cs",)).filter(lambda c: not is_hidden(c))
texts = st.text(_shown | st.sampled_from("\t\n\"\\"), max_size=12)
one_line = st.text(_shown | st.sampled_from("\"\\"), max_size=12)
labels = st.builds(
    lambda prefix, parts: prefix + "".join(f"({p})" for p in parts),
    st.sampled_from(["", "7282.5", "1", "54-192h"]),
    st.lists(st.from_regex(r"[A-Za-z0-9.]{1,3}", fullmatch=True), min_size=1, max_size=3),
) | st.from_regex(r"[0-9][0-9A-Za-z.\-]{0,6}", fullmatch=True)
paths = st.lists(names, min_size=1, max_size=3).map(lambda ns: s.Path(tuple(ns)))
durations = st.builds(
    s.DurationLit, st.integers(0, 1000), st.sampled_from(["years", "months", "days"]))
literals = st.one_of(
    st.builds(s.IntLit, st.integers(0, 10**12)),
    st.builds(s.DateLit, st.dates()),
    st.builds(s.StringLit, texts),
    st.builds(s.BoolLit, st.booleans()),
    durations,
    paths,
)


def expressions(depth: int = 4) -> st.SearchStrategy[s.Expr]:
    """Every expression node kind, at most `depth` operators deep."""
    if depth == 0:
        return literals
    sub = st.deferred(lambda: expressions(depth - 1))
    small = st.lists(sub, max_size=3).map(tuple)
    return st.one_of(
        literals,
        st.builds(s.Call, names, small),
        st.builds(s.SetLit, small),
        st.builds(s.Not, sub),
        st.builds(s.BinOp, st.sampled_from(["and", "or", "implies"]), sub, sub),
        st.builds(s.Compare, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), sub, sub),
        st.builds(s.Arith, st.sampled_from(["+", "-"]), sub, sub),
        st.builds(s.Member, sub, sub, st.booleans()),
        st.builds(s.Within, sub, durations, st.sampled_from(["before", "after"]), sub),
        st.builds(s.IsKnown, sub, st.booleans()),
        st.builds(s.Quantifier, st.sampled_from(["any", "all", "no", "count"]), names, paths, sub),
    )


EXPR = expressions()
docs = st.lists(st.one_of(
    st.builds(s.Doc, st.just("cites"), one_line),
    st.builds(s.Doc, st.just("text"), texts),
    st.builds(s.Doc, st.just("verification"), names),
), max_size=2).map(tuple)
conditions = st.one_of(
    st.builds(s.Condition, EXPR, st.none()),
    st.builds(s.Condition, st.none(), EXPR),
    st.builds(s.Condition, EXPR, EXPR),
)
excluding = st.builds(s.Excluding, st.lists(names, min_size=1, max_size=3).map(tuple),
                      st.none() | names)
clauses = st.one_of(
    st.builds(s.Conclusion, names, st.sampled_from(["prohibited", "permitted", "required"]),
              st.none() | conditions),
    st.builds(s.DutyClause, one_line, st.none() | one_line, st.none() | conditions),
    st.builds(s.LimitClause, names, st.integers(0, 10**4), st.none() | excluding,
              st.none() | conditions),
    st.builds(s.Applies, EXPR),
)
types = st.recursive(st.builds(s.TypeName, names), lambda t: st.builds(s.ListType, t), max_leaves=3)
json_scalars = st.one_of(
    st.builds(s.JsonScalar, texts),
    st.builds(s.JsonScalar, st.integers(-10**20, 10**20)),
    st.builds(s.JsonScalar, st.floats(allow_nan=False, allow_infinity=False)),
    st.builds(s.JsonScalar, st.sampled_from([True, False, None])),
)


def json_objects(depth: int = 3) -> st.SearchStrategy[s.JsonObject]:
    values: st.SearchStrategy[s.Json] = json_scalars
    if depth > 0:
        inner = st.deferred(lambda: json_values(depth - 1))
        values = inner
    pairs = st.lists(st.builds(s.JsonPair, one_line, values), max_size=4).map(tuple)
    return st.builds(s.JsonObject, pairs)


def json_values(depth: int) -> st.SearchStrategy[s.Json]:
    if depth == 0:
        return json_scalars
    inner = st.deferred(lambda: json_values(depth - 1))
    return st.one_of(
        json_scalars,
        st.builds(s.JsonArray, st.lists(inner, max_size=4).map(tuple)),
        json_objects(depth - 1),
    )


datetimes = st.datetimes().map(lambda d: d.replace(microsecond=0))
expectations = st.one_of(
    st.builds(s.ExpectOutcome, names,
              st.sampled_from(["prohibited", "permitted", "required", "undetermined"])),
    st.builds(s.ExpectGrounds, names, st.lists(labels, min_size=1, max_size=3).map(tuple)),
    st.builds(s.ExpectMaxHold, st.integers(0, 500), st.none() | excluding),
    st.just(s.ExpectMaxHold(None, None)),
    st.builds(s.ExpectDuty, one_line, st.booleans()),
    st.builds(s.ExpectDeadline, datetimes, datetimes),
)
guarantees = st.builds(s.Guarantee, names,
                       st.sampled_from(["prohibited", "permitted", "required", "undetermined"]),
                       st.booleans())
enum_values = st.one_of(
    st.builds(s.EnumValue, names, st.just(False), st.none() | one_line),
    st.builds(s.EnumValue, one_line, st.just(True), st.none() | one_line),
)
fields = st.builds(s.FieldDecl, names, types, st.none() | one_line)
items = st.one_of(
    st.builds(s.Definition, names,
              st.lists(st.builds(s.Param, names, types), max_size=2).map(tuple), docs, EXPR),
    st.builds(s.Provision, labels,
              st.lists(st.builds(s.Relation, st.sampled_from(["except", "notwithstanding",
                                                              "subject_to"]), labels),
                       max_size=2).map(tuple),
              docs, st.lists(clauses, max_size=3).map(tuple)),
    st.builds(s.Strike, labels),
    st.builds(s.Example, one_line, docs, json_objects(),
              st.lists(expectations, max_size=3).map(tuple)),
    st.builds(s.Invariant, one_line, docs, st.one_of(
        st.builds(s.StandardInvariant, names, st.booleans()),
        st.builds(s.CustomInvariant, EXPR, st.lists(guarantees, min_size=1, max_size=2).map(tuple),
                  st.booleans()),
    )),
    st.builds(s.Note, one_line, st.lists(st.one_of(
        st.builds(s.NoteAbout, st.lists(labels, min_size=1, max_size=3).map(tuple), st.just(False)),
        st.builds(lambda n: s.NoteAbout((n,), True), names),
        st.builds(s.NoteQuestion, st.integers(0, 99)),
        st.builds(s.Doc, st.just("text"), texts),
    ), max_size=3).map(tuple)),
    st.builds(s.EnumDecl, names, st.lists(enum_values, min_size=1, max_size=3).map(tuple)),
    st.builds(s.RecordDecl, names, st.lists(fields, max_size=3).map(tuple)),
    fields,
    st.builds(s.TagDecl, one_line, docs),
    st.builds(s.ConstraintDecl, one_line, docs, EXPR),
)
meta_values = st.one_of(
    st.builds(s.MetaString, one_line), st.builds(s.MetaDate, st.dates()),
    st.builds(s.MetaName, names), st.builds(s.MetaList, st.lists(names, max_size=3).map(tuple)),
)
law_files = st.builds(
    s.LawFile,
    st.builds(s.Header, st.sampled_from(["statute", "vocabulary"]), one_line,
              st.lists(st.builds(s.Meta, names, meta_values), max_size=3).map(tuple)),
    st.lists(items, max_size=6).map(tuple),
)


# ---- properties ----------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(law_files)
def test_random_trees_round_trip(law: s.LawFile) -> None:
    text = format_law(law)
    parsed = parse(text)
    assert parsed == law
    assert format_law(parsed) == text


@settings(max_examples=300, deadline=None)
@given(EXPR)
def test_random_expressions_round_trip(expr: s.Expr) -> None:
    law = parse('statute "x" {}\ndefinition d {\n  means ' + format_expr(expr) + "\n}\n")
    assert law.items == (s.Definition("d", (), (), expr),)


ALL_STATUTES = sorted((ROOT / "statutes").glob("**/*.law"))


@pytest.mark.parametrize("path", ALL_STATUTES, ids=lambda p: p.stem)
def test_bundled_files_round_trip(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    formatted = format_source(source, str(path))
    assert parse(formatted) == parse(source)
    assert format_source(formatted, str(path)) == formatted
    assert Counter(c.text for c in parse(formatted).comments) == Counter(
        c.text for c in parse(source).comments)


def _with_comments(source: str, rng: random.Random) -> str:
    """`source` with comments added on lines of their own and at the ends of lines."""
    out = []
    number = 0
    for line in source.split("\n"):
        if rng.random() < 0.15:
            number += 1
            out.append(" " * rng.randrange(6) + f"# own {number}")
            if rng.random() < 0.3:
                out.append("")
        if line.strip() and "#" not in line and rng.random() < 0.2:
            number += 1
            line += f"  # end {number}"
        out.append(line)
    return "\n".join(out)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.sampled_from(BUNDLED), st.integers(0, 2**32))
def test_every_comment_survives_formatting(path: Path, seed: int) -> None:
    source = _with_comments(path.read_text(encoding="utf-8"), random.Random(seed))
    original = parse(source)
    formatted = format_law(original)
    again = parse(formatted)
    assert again == original
    assert Counter(c.text for c in again.comments) == Counter(c.text for c in original.comments)
    assert format_law(again) == formatted


def test_empty_and_tiny_files() -> None:
    law = s.LawFile(s.Header("statute", "x", ()), ())
    assert format_law(law) == 'statute "x" {}\n'
    assert parse(format_law(law)) == law
    law = s.LawFile(s.Header("vocabulary", "v", (s.Meta("on", s.MetaDate(dt.date(1, 2, 3))),)), ())
    assert format_law(law) == 'vocabulary "v" {\n  on 0001-02-03\n}\n'
    assert parse(format_law(law)) == law


def test_end_of_line_comments_stay_on_the_lines_they_annotate() -> None:
    """A comment after each operand of a wrapped condition all moved to the last operand's
    line (or below it), and a `given` with a comment per line was put on one line: each
    comment now stays where it was, and the file is already formatted."""
    source = '''statute "ct/r1" {
  title "T"
  jurisdiction "ct"
  citation "C"
  status proposed
}

definition felon {
  cites "X"
  means any c in convictions where c.level = felony  # (a)(2): felony only
    and c.vacated = false  # vacated judgments do not count
    and c.court in {this_state, other_state, federal}  # no foreign courts
}

example "e" {
  given {
    "date": "2015-03-02",  # a Monday
    "agency": "state_corrections"  # DOC is bound
  }
  expect hold permitted
}
'''
    assert format_law(parse(source)) == source


def test_comments_between_the_targets_of_an_about_list_stay_with_their_targets() -> None:
    """`about (a),  # … (b)  # …` was joined on one line, the second comment moved below it."""
    source = '''statute "ct/r1" {
  title "T"
  jurisdiction "ct"
  citation "C"
  status proposed
}

note "n" {
  about (a), (b),  # the hold
    (c)  # the notice
  text "t"
}
'''
    assert format_law(parse(source)) == source
    written = source.replace("    (c)", "          (c)")
    assert format_law(parse(written)) == source
    joined = source.replace(",  # the hold\n    (c)  # the notice", ", (c)")
    assert format_law(parse(joined)) == joined
