"""The Pygments lexer for statute files: every bundled statute lexes cleanly and round-trips,
the grammar's constructs get their token types, and Pygments finds the lexer by its entry point."""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, String

from trustlaw.language.lexer import StatuteLexer

REPO = Path(__file__).resolve().parent.parent
LAW_FILES = sorted((REPO / "statutes").rglob("*.law"))


def tokens(source: str) -> list[tuple[object, str]]:
    return [(kind, value) for _, kind, value in StatuteLexer().get_tokens_unprocessed(source)]


def test_bundled_statutes_are_found() -> None:
    assert len(LAW_FILES) >= 15
    assert REPO / "statutes" / "vocabulary" / "detainer.law" in LAW_FILES


@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: str(p.relative_to(REPO / "statutes")))
def test_every_token_of_a_bundled_statute_has_a_type_and_the_text_round_trips(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    lexed = list(StatuteLexer().get_tokens_unprocessed(source))
    assert "".join(value for _, _, value in lexed) == source
    errors = [
        f"line {source.count(chr(10), 0, offset) + 1}: {value!r}"
        for offset, kind, value in lexed
        if kind in Error
    ]
    assert errors == []


def test_garbage_is_an_error_token() -> None:
    assert (Error, "@") in tokens('provision (b) { hold prohibited if @ }')


SNIPPET = '''\
# Connecticut
statute "ct/pa-13-155" {
  title "An Act"
  status superseded
  in_force 2014-01-01
  scope [hold, notification]
}
definition felon {
  cites "Conn. Pub. Act 13-155 § 1(a)(2)"
  text "A felony conviction."
  means any c in convictions where c.level = felony and c.date within 10 years before date
}
provision (b)(1) except (b) subject to 3.54(a) {
  hold permitted if felon and age(date) >= 2
  limit hold 48 hours excluding saturday, sunday
}
example "e" {
  given {"date": "2015-03-02", "convictions": [{"level": "felony", "n": -1.5}], "x": null}
  expect hold grounds (b)(1), (c)
  expect deadline 2015-03-09T17:00 from 2015-03-05T17:00
}
'''


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Name.Label, "(b)(1)"),
        (Name.Label, "(b)"),
        (Name.Label, "3.54(a)"),
        (Name.Label, "(c)"),
        (String.Other, '"Conn. Pub. Act 13-155 § 1(a)(2)"'),
        (String.Doc, '"A felony conviction."'),
        (Name.Tag, '"convictions"'),
        (String.Double, '"2015-03-02"'),
        (Number, "-1.5"),
        (Keyword.Constant, "null"),
        (Literal.Date, "2014-01-01"),
        (Literal.Date, "2015-03-09T17:00"),
        (Number.Integer, "10"),
        (Keyword.Type, "years"),
        (Keyword.Type, "hours"),
        (Operator, ">="),
        (Operator.Word, "within"),
        (Keyword.Constant, "permitted"),
        (Keyword.Declaration, "provision"),
        (Keyword, "means"),
        (Name.Function, "felon"),
        (Name.Function, "age"),
        (Name.Attribute, "level"),
        (Name.Attribute, "in_force"),
        (Name.Constant, "superseded"),
        (Name, "convictions"),
        (Comment.Single, "# Connecticut"),
    ],
)
def test_constructs_get_their_token_types(kind: object, value: str) -> None:
    assert (kind, value) in tokens(SNIPPET)


def test_a_parenthesised_name_in_an_expression_is_not_a_label() -> None:
    lexed = tokens("provision (b) { hold permitted if (felon) }")
    assert (Name, "felon") in lexed
    assert (Name.Label, "(felon)") not in lexed


def test_the_lexer_recognises_statute_text() -> None:
    assert StatuteLexer.analyse_text('# c\nstatute "x" {\n}\n') == 1.0
    assert StatuteLexer.analyse_text("def f(): pass\n") == 0.0


def test_importing_the_lexer_loads_neither_lark_nor_the_parser() -> None:
    code = (
        "import sys, trustlaw.language.lexer; "
        "print(sorted(m for m in sys.modules if m == 'lark' or m.startswith(('lark.', "
        "'trustlaw.parser', 'trustlaw.checker'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"


def test_pyproject_registers_the_lexer_entry_point() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    target = project["entry-points"]["pygments.lexers"]["trustlaw"]
    module, _, attribute = target.partition(":")
    assert getattr(importlib.import_module(module), attribute) is StatuteLexer


def _installed_entry_point() -> bool:
    return any(
        ep.value == "trustlaw.language.lexer:StatuteLexer"
        for ep in importlib.metadata.entry_points(group="pygments.lexers")
    )


@pytest.mark.skipif(
    not _installed_entry_point(),
    reason="the installed trustlaw predates the pygments.lexers entry point; "
    "reinstall it (pip install -e .) to test Pygments' plugin lookup",
)
def test_pygments_finds_the_lexer_through_its_entry_point() -> None:
    from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name

    for alias in ("law", "trustlaw"):
        assert isinstance(get_lexer_by_name(alias), StatuteLexer)
    assert find_lexer_class_for_filename("statutes/ct/pa-13-155.law") is StatuteLexer
