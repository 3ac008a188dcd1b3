"""Control characters in a statute file or a case never reach a terminal raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustlaw import cli
from trustlaw.diagnostics import Diagnostic, Span, StatuteError, visible
from trustlaw.language.parser import parse
from trustlaw.lowering.files import statutes_root

CT_2013 = statutes_root() / "ct" / "pa-13-155.law"
HEADER = 'statute "test/strings" {{\n  title "{title}"\n  jurisdiction "test"\n' \
         '  citation "none"\n  status proposed\n  introduced 2020-01-01\n}}\n'


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\r", "\x7f", "\x9b", "\u202e",
                                  "\u2066", "\n", "\t", "\x85", "\u200e", "\u200f", "\u061c",
                                  "\u200b", "\u200d", "\u2060", "\ufeff", "\U000e0041",
                                  "\u2028", "\u2029"])
def test_a_control_character_in_a_string_is_a_located_error(char: str) -> None:
    with pytest.raises(StatuteError) as raised:
        parse(HEADER.format(title=f"ab{char}c"))
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "TL-P025"
    assert diagnostic.span == Span("<string>", 2, 12, 2, 13)
    assert f"U+{ord(char):04X}" in diagnostic.message
    assert diagnostic.help and "delete it" in diagnostic.help


def test_tabs_line_breaks_and_escapes_stay_allowed_in_a_text() -> None:
    # a `text` may run over several lines (each line break written in the file reads as
    # a space; `\n` is a new line); the title, a citation, a name or an id may not
    law = parse(HEADER.format(title="one line") + 'definition d {\n  text "a\ttab,\na line,'
                '\r\na CRLF, \\n and \\t"\n  means true\n}\n')
    (definition,) = law.items
    assert definition.docs[0].value == "a\ttab, a line, a CRLF, \n and \t"


def test_the_quoted_line_shows_control_characters_as_pictures(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    path = tmp_path / "esc.law"
    source = CT_2013.read_text(encoding="utf-8").replace(
        'statute "ct/pa-13-155"', 'statute "ct/pa-13-155-esc"', 1)
    source = source.replace('title "', 'title "\x1b]0;owned\x07', 1)
    path.write_text(source, encoding="utf-8")
    assert cli.main(["check", "--no-solver", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "TL-P025" in err and "␛]0;owned␇" in err
    # the caret still points under the ESC (shown as one character)
    lines = err.splitlines()
    quoted = next(i for i, line in enumerate(lines) if "␛]0;owned" in line)
    assert lines[quoted + 1].index("^") == lines[quoted].index("␛")


def test_visible_keeps_columns() -> None:
    assert visible("a\x1bb\u202ec\x9bd\x7f") == "a␛b\ufffdc\ufffdd\u2421"
    assert visible("§ 54-192h — «ok»") == "§ 54-192h — «ok»"
    rendered = Diagnostic("TL-X000", "m", Span("f", 1, 3, 1, 4)).render({"f": "a\x1bbc"})
    assert "a␛bc" in rendered and "\x1b" not in rendered


def test_explain_shows_a_case_id_with_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"id": "\x1b]0;owned\x07case-7", "date": "2015-03-02"}),
                    encoding="utf-8")
    assert cli.main(["explain", "ct/pa-13-155", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "Case: ␛]0;owned␇case-7" in out
    assert "\x1b" not in out and "\x07" not in out


def test_the_caret_stays_under_the_place_after_a_tab() -> None:
    """Columns count a tab as one character; the quoted line shows it as spaces."""
    source = "x\n\thold if\tperson.agee > 3\n"
    rendered = Diagnostic("TL-N002", "m", Span("f", 2, 10, 2, 21)).render({"f": source})
    quoted, caret = rendered.splitlines()[3:5]
    start = caret.index("^")
    assert quoted[start:start + caret.count("^")] == "person.agee"


def test_escaping_changes_exactly_the_hidden_characters() -> None:
    # every code point: `visible` and `escaped` (one search of the whole text each) leave
    # a character as it is exactly when `is_hidden` says a terminal would show it
    from trustlaw.diagnostics import escaped, is_hidden

    for code in range(0x110000):
        char = chr(code)
        hidden = is_hidden(char)
        assert (visible(char) != char) == hidden, hex(code)
        assert (escaped(char) != char) == hidden, hex(code)
    text = "a\x1bb\tc\u202ed\ud800e\x7f"
    assert visible(text) == "a\u241bb\u2409c\ufffdd\ufffde\u2421"
    assert escaped(text) == "a\\u001bb\\tc\\u202ed\\ud800e\\u007f"
    assert json.loads(f'"{escaped(text)}"') == text  # an escape reads back as the character
