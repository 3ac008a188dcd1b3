"""`trustlaw fmt` reads and refuses as `trustlaw check` does: the same diagnostic, at the
same place, for a file it cannot take, and the file left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run
from test_runner_examples import RUNNER_LAW

import trustlaw

LATIN1 = 'statute "t/x" {\n  title "T"\n  citation "Ord. \u00a7 1"\n}\n'.encode("latin-1")


@pytest.mark.parametrize("check", [False, True], ids=["rewrite", "check"])
def test_a_byte_that_is_not_utf8_is_shown_where_it_is_as_check_shows_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], check: bool) -> None:
    """fmt said `TL-U005 … not UTF-8 text (it holds the byte 0xa7)` with no place, while
    check pointed at line 3, column 18; and it stopped before the other files."""
    latin = tmp_path / "latin1.law"
    latin.write_bytes(LATIN1)
    messy = tmp_path / "messy.law"
    messy.write_text(RUNNER_LAW.replace("  hold prohibited", "        hold    prohibited"))
    _, _, checked = run(capsys, "check", "--no-solver", str(latin))
    code, _, err = run(capsys, "fmt", *(["--check"] if check else []), str(tmp_path))
    assert code == 1
    diagnostic = checked.split("\n\n")[0]
    assert diagnostic.startswith("error[TL-P098]: this file is not UTF-8 text: byte 0xa7")
    assert f"--> {latin}:3:18" in diagnostic and '3 |   citation "Ord. ' in diagnostic
    assert diagnostic in err and "TL-U005" not in err
    assert latin.read_bytes() == LATIN1
    assert err.rstrip().endswith("1 file not formatted (errors above)")
    assert ("1 file would be reformatted" if check else "reformatted 1 file") in err


def _compact_definitions(size: int) -> str:
    """A valid statute file of about `size` characters, its definitions each on one line,
    which fmt lays out over several (longer)."""
    head = ('statute "t/big" {\n  title "T"\n  jurisdiction "t"\n  citation "T"\n'
            "  status proposed\n}\n")
    line = ('definition d{} {{ cites "c" text "t" means any c in convictions where '
            "c.level = felony and c.vacated = false }}\n")
    parts, length = [head], len(head)
    while length + len(line.format(len(parts))) <= size:
        parts.append(line.format(len(parts)))
        length += len(parts[-1])
    return "".join(parts)


@pytest.mark.parametrize("check", [False, True], ids=["rewrite", "check"])
def test_fmt_never_writes_a_file_too_long_for_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], check: bool) -> None:
    """A 299,000-character file check takes was laid out to some 315,000 characters,
    which check then refused (TL-P026): fmt refuses instead and leaves it as it is."""
    from trustlaw.language.limits import MAX_STATUTE_CHARS

    path = tmp_path / "big.law"
    text = _compact_definitions(MAX_STATUTE_CHARS - 1_000)
    path.write_text(text, encoding="utf-8")
    assert trustlaw.parse(text)  # within the limit (check's full run takes minutes here)
    code, out, err = run(capsys, "fmt", *(["--check"] if check else []), str(path))
    assert code == 1 and out == ""
    assert "error[TL-P026]: formatted, this file would be " in err
    assert (f"characters long, over the {MAX_STATUTE_CHARS:,} a statute file may have, so "
            "it is left as it is") in err
    assert f"--> {path}:1:1" in err
    assert err.rstrip().endswith("1 file not formatted (errors above)")
    assert path.read_text(encoding="utf-8") == text
