"""A statute's one-line strings hold no line break, no statute string an invisible
character (TL-P025), and what the CLI shows of them, as text or JSON, is escaped."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import trustlaw
from trustlaw import cli
from trustlaw.cli.deciding import render_decision
from trustlaw.decisions.decision import Decision
from trustlaw.diagnostics import (
    PRINTABLE_HIDDEN,
    StatuteError,
    escaped,
    has_hidden,
    is_hidden,
    json_escaped,
    visible,
)
from trustlaw.language.fmt import format_law
from trustlaw.language.parser import parse
from trustlaw.lowering.files import statutes_root

CT_2013 = statutes_root() / "ct" / "pa-13-155.law"
CASE = {
    "date": "2015-03-02",
    "agency": "state_corrections",
    "request": {"kinds": ["hold"], "form": "I-247", "judicial_warrant": False,
                "court_order": False},
    "convictions": [{"date": "2009-06-01", "level": "felony", "court": "other_state",
                     "youthful_offender": False, "vacated": False}],
}
# one hidden character of each kind: a C1 CSI, a bidi override and isolate, a mark, a
# zero-width space, a tag character, a line separator
HIDDEN_ID = "a\x9b31m\u202eevil\u2066x\u200f\u200b\U000e0041\u2028z"


def _no_hidden(text: str) -> bool:
    """Whether `text` holds nothing a terminal acts on but line breaks (the layout)."""
    return not any(is_hidden(c) for c in text.replace("\n", ""))


# ---- the parser: one-line strings hold no line break -------------------------------------

# each of a statute's one-line strings, at X
ONE_LINE = {
    "title": 'statute "t" {\n  title "X"\n}\n',
    "citation": 'statute "t" {\n  citation "X"\n}\n',
    "source": 'statute "t" {\n  source "X"\n}\n',
    "id": 'statute "X" {}\n',
    "cites": 'statute "t" {}\ndefinition d {\n  cites "X"\n  means true\n}\n',
    "duty id": 'statute "t" {}\nprovision (a) {\n  duty "X" "Tell."\n}\n',
    "duty text": 'statute "t" {}\nprovision (a) {\n  duty "d" "X"\n}\n',
    "note title": 'statute "t" {}\nnote "X" {\n  text "t"\n}\n',
    "example name": 'statute "t" {}\nexample "X" {\n  given {}\n}\n',
    "invariant name": 'statute "t" {}\ninvariant "X" {\n  standard s\n}\n',
    "fact name": 'statute "t" {}\nexample "e" {\n  given {"X": 1}\n}\n',
    "expected duty": 'statute "t" {}\nexample "e" {\n  given {}\n  expect duty "X"\n}\n',
}


@pytest.mark.parametrize("field", ONE_LINE)
@pytest.mark.parametrize(("written", "char", "message"), [
    ("\\n", "\n", "a line break (`\\n`)"),
    ("\n", "\n", "a line break (U+000A)"),
    ("\r\n", "\n", "a line break (U+000D U+000A)"),
    ("\\t", "\t", "a tab (`\\t`)"),
    ("\t", "\t", "a tab (U+0009)"),
])
def test_a_line_break_or_tab_in_a_one_line_string_is_a_located_error(
    field: str, written: str, char: str, message: str
) -> None:
    template = ONE_LINE[field]
    at = template.index("X")
    line = template[:at].count("\n") + 1
    column = at - template.rfind("\n", 0, at) + 1  # after the "a"
    with pytest.raises(StatuteError) as raised:
        parse(template.replace("X", f"a{written}b"))
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P025"
    assert message in diagnostic.message and "is one line" in diagnostic.message
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)  # type: ignore[union-attr]
    width = 2 if written.startswith("\\") else 1
    assert diagnostic.span.end_column == column + width  # type: ignore[union-attr]
    assert diagnostic.help and "delete it" in diagnostic.help


@pytest.mark.parametrize("template", [
    'statute "t" {}\ndefinition d {\n  text "X"\n  means true\n}\n',
    'statute "t" {}\ndefinition d {\n  means "X" in request.kinds\n}\n',
    'statute "t" {}\nexample "e" {\n  given {"id": "X"}\n}\n',
])
def test_a_text_or_a_value_may_hold_line_breaks_and_tabs(template: str) -> None:
    law = parse(template.replace("X", "a\\nb\\tc\nd\te"))  # escaped, and as they are
    if "text" in template:  # a line break written in a text is layout: one space
        assert '"a\\nb\\tc d\\te"' in format_law(law)
    else:
        assert '"a\\nb\\tc\\nd\\te"' in format_law(law)  # the formatter escapes each


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u200b", "\u200d", "\u2060",
                                  "\ufeff", "\U000e0001", "\U000e007f", "\u2028", "\u2029"])
def test_an_invisible_character_is_refused_even_in_a_text(char: str) -> None:
    source = f'statute "t" {{}}\ndefinition d {{\n  text "a{char}b"\n  means true\n}}\n'
    with pytest.raises(StatuteError) as raised:
        parse(source)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P025"
    assert f"U+{ord(char):04X}" in diagnostic.message
    assert diagnostic.span is not None and (diagnostic.span.line, diagnostic.span.column) == (3, 10)


def test_every_hidden_character_is_unprintable_or_listed_as_printable() -> None:
    """The quick test before the pattern (`_surely_shown`) rests on this: a hidden
    character that `str.isprintable` calls printable is one of `PRINTABLE_HIDDEN`."""
    printable = [chr(c) for c in range(0x110000) if is_hidden(chr(c)) and chr(c).isprintable()]
    assert sorted(printable) == sorted(PRINTABLE_HIDDEN)
    for char in [*PRINTABLE_HIDDEN, "\u202e", "\x1b", "\U000e0041", "\U0001d173"]:
        text = f"§ {char} x"
        assert has_hidden(text) and escaped(text) != text and visible(text) != text
        assert json_escaped(text) != text


def test_is_hidden_names_the_bidi_controls_and_invisible_characters() -> None:
    # Unicode's Bidi_Control property, whole; the zero-width and format characters a
    # terminal shows as nothing; the line and paragraph separators; the tag characters
    bidi_control = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    for char in [*bidi_control, "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028",
                 "\u2029", *map(chr, range(0xE0000, 0xE0080))]:
        assert is_hidden(char), hex(ord(char))
    for char in "a §—«»é\u00a0\u3000\ufffd\U0001f600\U000e0100":  # shown: letters, spaces,
        assert not is_hidden(char), hex(ord(char))  # an emoji, a variation selector


# ---- the CLI: statute strings refused, shown escaped -----------------------------------------


def _ct_variant(tmp_path: Path, old: str, new: str) -> Path:
    source = CT_2013.read_text(encoding="utf-8").replace(
        'statute "ct/pa-13-155"', 'statute "ct/pa-13-155-esc"', 1)
    assert old in source
    path = tmp_path / "esc.law"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_title_faking_output_lines_is_refused_not_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    law = _ct_variant(tmp_path, 'title "An Act Concerning Civil Immigration Detainers"',
                      'title "Civil Detainers\\n  hold          permitted"')
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    assert cli.main(["check", "--no-solver", str(law)]) == 1
    assert "TL-P025" in capsys.readouterr().err
    assert cli.main(["decide", str(law), str(case)]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # no decision, so no faked line of one
    assert "TL-P025" in err and "Traceback" not in err
    assert f"{law}:7:25" in err and "a line break (`\\n`)" in err


def test_decision_text_escapes_a_statute_string_given_past_the_parser() -> None:
    decision = trustlaw.load("ct/pa-13-155").decide(CASE)
    program = decision.program
    meta = attrs.evolve(program.meta, title="T\n  hold          permitted\x1b[2J",
                        citation="C\u202eX\nfake")
    rules = tuple(attrs.evolve(r, text="one\n\u2028  Hold (fake): permitted\x9b")
                  for r in program.rules)
    spoofed = Decision(attrs.evolve(program, meta=meta, rules=rules), decision.case,
                       decision.evaluation)
    text = render_decision(spoofed)
    assert _no_hidden(text)
    assert text.splitlines()[0] == "ct/pa-13-155: T\\n  hold          permitted\\u001b[2J"
    explained = spoofed.explain()
    assert _no_hidden(explained)
    # a line break (a `text` may hold one) starts an indented line, under the one it ends
    lines = explained.splitlines()
    assert lines[2:4] == ["Law: C\\u202eX", "    fake (status: superseded on October 1, 2019)"]
    at = next(i for i, line in enumerate(lines) if line.startswith("  Decided by (b)(1)"))
    assert lines[at].endswith(": one")
    assert lines[at + 1] == "      \\u2028  Hold (fake): permitted\\u009b"


def test_json_escaped_keeps_the_value_and_hides_nothing() -> None:
    value = {"id": HIDDEN_ID, "tab\t": ["\x1b", "\ud800", "§ é"]}
    for text in (json.dumps(value, ensure_ascii=False),
                 json.dumps(value, ensure_ascii=False, indent=2)):
        safe = json_escaped(text)
        assert _no_hidden(safe) and json.loads(safe) == value
    assert json_escaped('"\u202e\U000e0041"') == '"\\u202e\\udb40\\udc41"'
    assert json_escaped('{\n  "a": "§ é"\n}') == '{\n  "a": "§ é"\n}'


@pytest.mark.parametrize(("args", "statutes"), [
    (["decide", "ct/pa-13-155", "CASE.json", "--format", "json"], 1),
    (["decide", "ct/pa-13-155", "ct/pa-19-20", "CASE.json", "--format", "json"], 2),
    (["decide", "ct/pa-13-155", "CASES.jsonl"], 1),
    (["decide", "ct/pa-13-155", "ct/pa-19-20", "CASES.jsonl"], 2),
])
def test_decisions_as_json_escape_a_case_id(
    args: list[str], statutes: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = {**CASE, "id": HIDDEN_ID}
    (tmp_path / "CASE.json").write_text(json.dumps(case), encoding="utf-8")
    (tmp_path / "CASES.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    assert cli.main([str(tmp_path / a) if a.startswith("CASE") else a for a in args]) == 0
    out = capsys.readouterr().out
    assert _no_hidden(out)
    document = json.loads(out)
    decisions = document.get("decisions", [document])
    assert [d["case_id"] for d in decisions] == [HIDDEN_ID] * statutes


def test_an_error_line_as_json_escapes_what_it_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({**CASE, "agency": "\u202estate\x9b"}) + "\n", encoding="utf-8")
    assert cli.main(["decide", "ct/pa-13-155", str(path)]) == 1
    out, err = capsys.readouterr()
    assert _no_hidden(out) and _no_hidden(err)
    assert json.loads(out)["line"] == 1


def test_parse_refuses_a_hidden_character_in_a_comment_and_shows_it_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a hidden character in a comment is refused (TL-P025: an editor would show the file
    # otherwise than it parses), and the refusal shows the line escaped
    comment = "# \x1b[2J \u202eevil \x9b31m \u2066"
    path = tmp_path / "comment.law"
    path.write_text(f'{comment}\nstatute "t" {{}}\n', encoding="utf-8")
    assert cli.main(["parse", str(path)]) == 1
    captured = capsys.readouterr()
    assert "TL-P025" in captured.err and _no_hidden(captured.err + captured.out)
    # a comment without one is in the JSON as written
    path.write_text('# plain « » §\nstatute "t" {}\n', encoding="utf-8")
    assert cli.main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert [c["text"] for c in json.loads(out)["comments"]] == ["# plain « » §"]


def test_a_decisions_own_json_is_escaped_at_the_source() -> None:
    # Library users print or write `to_json`/`to_json_line` too, not only the CLI.
    decision = trustlaw.load("ct/pa-13-155").decide({**CASE, "id": HIDDEN_ID})
    for text in (decision.to_json(), decision.to_json(indent=None), decision.to_json_line()):
        assert _no_hidden(text)
        assert json.loads(text) == decision.to_dict()
    assert decision.to_json_line() == decision.to_json(indent=None)
