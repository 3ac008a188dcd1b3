"""The start-up paths: the shipped parser tables, and `list` reading only headers."""

from __future__ import annotations

from pathlib import Path

import pytest

import trustlaw
from trustlaw.language import tables
from trustlaw.language.parser import build_parser, grammar_text
from trustlaw.library.loader import _header_end, bundled_index, load_meta, load_path


def _same_lark() -> bool:
    import lark

    from trustlaw.language import _grammar_tables

    return lark.__version__ == _grammar_tables.LARK


def test_the_shipped_tables_match_the_grammar() -> None:
    # Regenerate with `python -m trustlaw.language.tables` after editing grammar.lark
    # (or upgrading Lark); test_parser_basic checks that they parse as the strict parser.
    from trustlaw.language import _grammar_tables

    assert tables.grammar_digest(grammar_text()) == _grammar_tables.GRAMMAR_SHA256


def test_the_parser_uses_the_shipped_tables() -> None:
    if not _same_lark():  # another Lark release: the parser is built instead, correctly
        pytest.skip("the shipped tables were generated with another Lark release")
    assert tables.load(grammar_text()) is not None
    assert build_parser().source_path == "<deserialized>"


def test_stale_tables_are_not_used() -> None:
    assert tables.load(grammar_text() + "\n// edited\n") is None


def test_header_metadata_equals_the_full_load() -> None:
    for path in bundled_index().values():
        assert load_meta(path) == load_path(path).meta, path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('statute "a/b" { title "x { y" }\nprovision p {}', len('statute "a/b" { title "x { y" }')),
        (
            '# c {\nstatute "a/b" {\n  title "q \\" }" # }\n}\nx',
            len('# c {\nstatute "a/b" {\n  title "q \\" }" # }\n}'),
        ),
        ('statute "a/b" { title "open', None),
        ("vocabulary v {}", None),
    ],
)
def test_header_end(text: str, expected: int | None) -> None:
    assert _header_end(text) == expected


def test_a_broken_header_is_reported_as_a_full_load_reports_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.law"
    bad.write_text('statute "x/y" { title "t" jurisdiction "x" status nonsense }\n', "utf-8")
    with pytest.raises(trustlaw.StatuteError) as meta_error:
        load_meta(bad)
    with pytest.raises(trustlaw.StatuteError) as full_error:
        load_path(bad)
    assert str(meta_error.value) == str(full_error.value)


def test_a_cached_statute_loads_and_decides_without_the_parser(tmp_path: Path) -> None:
    # The first process compiles and caches; the second reads the cache and must not
    # import Lark, the parser or the syntax tree (building them is most of a cold start;
    # a program's examples keep their expectations, which have a module of their own).
    import os
    import subprocess
    import sys

    script = (
        "import sys, trustlaw\n"
        "d = trustlaw.load('ct/pa-13-155').decide({'date': '2016-05-01', 'convictions': []})\n"
        "print(d.outcomes['hold'], sorted(m for m in sys.modules\n"
        "      if m.split('.')[0] == 'lark'\n"
        "      or m in ('trustlaw.language.parser', 'trustlaw.language.syntax')))\n"
    )
    env = {**os.environ, "TRUSTLAW_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TRUSTLAW_NO_CACHE", None)
    root = Path(__file__).resolve().parent.parent
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       env=env, cwd=root, check=True).stdout.split(" ", 1)
        for _ in range(2)
    ]
    assert runs[0][0] == runs[1][0] == "undetermined"
    assert "lark" in runs[0][1] and "syntax" in runs[0][1]  # the first one parsed the file
    assert runs[1][1].strip() == "[]"
