"""check_paths / compile_file / statute_index: the whole-library entry points."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustlaw.checker import check_paths, compile_file, compile_source, statute_index
from trustlaw.diagnostics import Diagnostic, StatuteError
from trustlaw.lowering.files import statutes_root

REPO = Path(__file__).resolve().parent.parent

HEADER = """statute "{id}" {{
  title "T" jurisdiction "{j}" citation "T Act" status proposed{extra}
}}
"""


def statute(statute_id: str, body: str, extra: str = "") -> str:
    return HEADER.format(id=statute_id, j=statute_id.split("/")[0], extra=extra) + body


GOOD = """
provision (a) {
  cites "T Act § 1"
  text "No hold."
  hold prohibited
}
"""


def test_bundled_statutes_have_no_errors_and_no_warnings() -> None:
    diagnostics = check_paths([REPO / "statutes"])
    assert [d.render() for d in diagnostics] == []


def test_statute_index_finds_bundled_ids() -> None:
    index = statute_index(statutes_root())
    assert index["ct/pa-13-155"] == statutes_root() / "ct" / "pa-13-155.law"
    assert all("/" in statute_id for statute_id in index)
    assert not any(p.parent.name == "vocabulary" for p in index.values())


def test_compile_file_of_a_bundled_statute() -> None:
    program = compile_file(statutes_root() / "ct" / "pa-13-155.law")
    assert program.meta.id == "ct/pa-13-155"
    assert program.rules and program.digest.startswith("sha256:")


def test_parse_errors_surface_as_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "broken.law").write_text(statute("t/broken", "provision (a) {"), encoding="utf-8")
    (tmp_path / "good.law").write_text(statute("t/good", GOOD), encoding="utf-8")
    diagnostics = check_paths([tmp_path])
    assert len(diagnostics) >= 1
    assert all(d.code.startswith("TL-P") for d in diagnostics)
    assert all(d.span is not None and d.span.file.endswith("broken.law") for d in diagnostics)


def test_every_file_is_checked_and_all_problems_reported(tmp_path: Path) -> None:
    sub = tmp_path / "nested"
    sub.mkdir()
    (tmp_path / "one.law").write_text(statute("t/one", GOOD.replace("hold", "hodl")),
                                      encoding="utf-8")
    (sub / "two.law").write_text(statute("t/two", GOOD.replace('cites "T Act § 1"', "")),
                                 encoding="utf-8")
    codes = sorted(d.code for d in check_paths([tmp_path]))
    assert codes == ["TL-N006", "TL-S004"]


def test_amendments_resolve_through_the_checked_paths(tmp_path: Path) -> None:
    (tmp_path / "base.law").write_text(statute("t/base", GOOD), encoding="utf-8")
    variant = statute("t/variant", "strike (a)\n" + GOOD.replace("(a)", "(b)"),
                      extra='\n  amends "t/base"')
    (tmp_path / "variant.law").write_text(variant, encoding="utf-8")
    assert check_paths([tmp_path]) == []
    # compile_file finds the base next to the variant
    program = compile_file(tmp_path / "variant.law")
    assert [p.label for p in program.provisions] == ["(b)"]


def test_amending_an_unknown_id_suggests_a_close_one(tmp_path: Path) -> None:
    (tmp_path / "base.law").write_text(statute("t/base", GOOD), encoding="utf-8")
    variant = statute("t/variant", GOOD, extra='\n  amends "t/bse"')
    (tmp_path / "variant.law").write_text(variant, encoding="utf-8")
    (d,) = check_paths([tmp_path])
    assert d.code == "TL-M008" and d.help == "did you mean `t/base`?"


def test_duplicate_statute_ids(tmp_path: Path) -> None:
    (tmp_path / "a.law").write_text(statute("t/same", GOOD), encoding="utf-8")
    (tmp_path / "b.law").write_text(statute("t/same", GOOD), encoding="utf-8")
    (d,) = check_paths([tmp_path])
    assert d.code == "TL-M012" and "a.law" in d.message


def test_replaces_must_name_a_known_statute(tmp_path: Path) -> None:
    text = statute("ct/next", GOOD, extra='\n  replaces "ct/pa-13-156"')
    (tmp_path / "next.law").write_text(text, encoding="utf-8")
    (d,) = check_paths([tmp_path])
    assert d.code == "TL-M013" and d.help == "did you mean `ct/pa-13-155`?"
    ok = statute("ct/next", GOOD, extra='\n  replaces "ct/pa-13-155"')
    (tmp_path / "next.law").write_text(ok, encoding="utf-8")
    assert check_paths([tmp_path]) == []


def test_vocabulary_files_are_checked_as_vocabularies(tmp_path: Path) -> None:
    (tmp_path / "v.law").write_text('vocabulary "v" { title "V" }\nfield x: nmber\n',
                                    encoding="utf-8")
    (d,) = check_paths([tmp_path])
    assert d.code == "TL-N009"
    assert check_paths([statutes_root() / "vocabulary" / "detainer.law"]) == []


def test_compile_source_raises_with_every_error_rendered() -> None:
    text = statute("t/x", GOOD.replace("hold prohibited", "hold prohibited if persn.age > 3\n"
                                       "  transfr permitted"))
    with pytest.raises(StatuteError) as info:
        compile_source(text, "x.law")
    codes = [d.code for d in info.value.diagnostics]
    assert codes == ["TL-N001", "TL-N006"]
    rendered = str(info.value)
    assert "x.law:" in rendered and "did you mean `person.age`?" in rendered


def test_compile_source_allows_warnings() -> None:
    text = statute("t/x", GOOD.replace('text "No hold."', 'text "No hold."\n  verification U'))
    program = compile_source(text, "x.law")
    assert program.provision("(a)").verification == "U"  # type: ignore[union-attr]


def test_compile_file_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StatuteError) as info:
        compile_file(tmp_path / "nope.law")
    assert "cannot be read" in str(info.value)


# ---- a copy of a bundled statute -----------------------------------------------------------


def _reused(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == "TL-M014"]


def test_an_unchanged_copy_of_a_bundled_statute_is_that_statute(tmp_path: Path) -> None:
    # the warning compared paths: any copy was "a different statute with the same id"
    bundled = statutes_root() / "ct" / "pa-19-20.law"
    copy = tmp_path / "mycopy.law"
    copy.write_bytes(bundled.read_bytes())
    assert _reused(check_paths([copy])) == []
    # saved by a Windows editor (a byte-order mark, CR LF line ends): the same text
    text = bundled.read_text(encoding="utf-8")
    copy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert _reused(check_paths([copy])) == []


def test_a_changed_copy_of_a_bundled_statute_still_warns(tmp_path: Path) -> None:
    bundled = statutes_root() / "ct" / "pa-19-20.law"
    copy = tmp_path / "mycopy.law"
    copy.write_text(bundled.read_text(encoding="utf-8") + "\n# my note\n", encoding="utf-8")
    [warning] = _reused(check_paths([copy]))
    assert warning.severity == "warning" and "a different statute with the same id" in \
        warning.message


def test_check_says_nothing_of_an_unchanged_copy(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from trustlaw import cli

    copy = tmp_path / "mycopy.law"
    copy.write_bytes((statutes_root() / "ct" / "pa-13-155.law").read_bytes())
    assert cli.main(["check", "--no-solver", str(copy)]) == 0
    out, err = capsys.readouterr()
    assert "TL-M014" not in out + err
    assert out.strip() == "checked 1 file: no problems"
