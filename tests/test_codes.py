"""The catalogue of diagnostic codes: every code in the source is in it, with one meaning,
and `trustlaw codes` explains each."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from test_site_build import _STATUTE

from trustlaw import cli
from trustlaw.codes import CATALOGUE, CODE_PATTERN, STAGES, find, normalize
from trustlaw.diagnostics import CaseError, UsageError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trustlaw"
CATALOGUE_DIR = PACKAGE / "codes"
MENTION = re.compile(r"TL-[A-Z][0-9]{3}\b")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if CATALOGUE_DIR not in p.parents]


def _literals() -> dict[str, set[str]]:
    """Every string literal in trustlaw's source that is exactly a code → the modules
    that write it (the catalogue itself left out)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CODE_PATTERN.fullmatch(node.value)):
                found[node.value].add(_module(path))
    return dict(found)


LITERALS = _literals()
BY_CODE = {c.code: c for c in CATALOGUE}


def test_the_walk_finds_the_codes_it_should() -> None:
    # the walker itself: codes written as constants, inline, in f-string-free literals
    assert "lowering.codes" in LITERALS["TL-N002"]
    assert "language.parser" in LITERALS["TL-P025"]
    assert "diagnostics" in LITERALS["TL-U020"]
    assert len(LITERALS) > 100


def test_every_code_in_the_source_is_catalogued() -> None:
    assert sorted(set(LITERALS) - set(BY_CODE)) == []


def test_every_catalogued_code_is_used_or_marked() -> None:
    unused = [c.code for c in CATALOGUE if c.status == "active" and c.code not in LITERALS]
    assert unused == []
    retired_in_use = [c.code for c in CATALOGUE if c.status == "retired" and c.code in LITERALS]
    assert retired_in_use == []


def test_each_code_is_written_only_where_the_catalogue_says() -> None:
    """One meaning per code: a code written in a module the catalogue does not name for
    it is a new use, whose meaning must be checked against the entry (then the module
    added there) or given a new code."""
    mismatched = {
        code: {"source": sorted(modules), "catalogue": sorted(BY_CODE[code].modules)}
        for code, modules in LITERALS.items()
        if code in BY_CODE and modules != set(BY_CODE[code].modules)
    }
    assert mismatched == {}


def test_the_catalogue_is_well_formed() -> None:
    codes = [c.code for c in CATALOGUE]
    assert len(codes) == len(set(codes))
    titles = [c.title.lower() for c in CATALOGUE]
    assert sorted(t for t in set(titles) if titles.count(t) > 1) == []
    for c in CATALOGUE:
        assert CODE_PATTERN.fullmatch(c.code), c.code
        assert c.prefix in STAGES, c.code
        assert c.title and len(c.title) <= 60 and not c.title.endswith("."), c.code
        assert c.meaning.endswith(".") and c.fix.endswith("."), c.code
        assert len(c.meaning) <= 400 and len(c.fix) <= 200, c.code
        assert c.status in ("active", "reserved", "retired"), c.code
        assert all((PACKAGE / (m.replace(".", "/") + ".py")).is_file()
                   or (PACKAGE / m.replace(".", "/") / "__init__.py").is_file()
                   for m in c.modules), c.code


def test_warnings_are_catalogued_as_warnings() -> None:
    assert BY_CODE["TL-W001"].severity == "warning"
    assert {c.code for c in CATALOGUE if c.prefix == "W"} <= {
        c.code for c in CATALOGUE if c.severity == "warning"}


def test_every_code_the_docs_and_the_source_mention_is_catalogued() -> None:
    texts = [p for p in (ROOT / "docs").rglob("*.md")] + [ROOT / "README.md", *_sources()]
    lines = [line for p in texts for line in p.read_text(encoding="utf-8").splitlines()
             # docs/cli.md shows what `trustlaw codes` says of a code that does not exist
             if "no diagnostic code" not in line and not line.startswith("$ trustlaw codes")]
    mentioned = {m for line in lines for m in MENTION.findall(line)}
    assert sorted(mentioned - set(BY_CODE)) == []


# ---- the codes that had two meanings now have one each ------------------------------------

@pytest.mark.parametrize(("code", "modules"), [
    ("TL-U003", {"library.loader"}),  # no law in force on a date, not serve's options
    ("TL-U009", {"analysis.compare.source"}),  # a region's condition, not --on
    # a case file's format, not explain's
    ("TL-U011", {"caseload.io", "caseload.piped", "cli.batch"}),
    ("TL-U015", {"cli.serve"}),
    ("TL-U016", {"cli.serve"}),
    ("TL-U017", {"library.choosing"}),
    ("TL-U018", {"cli.deciding"}),
])
def test_formerly_shared_codes_are_written_in_one_place(code: str, modules: set[str]) -> None:
    assert LITERALS[code] == modules


def test_serve_s_listen_error_is_not_the_api_s_type_error() -> None:
    assert "cli.serve" not in LITERALS["TL-U020"]
    assert "cases.synth" not in LITERALS["TL-U010"]


def test_the_date_that_chooses_the_law_has_its_own_code() -> None:
    from trustlaw.library.choosing import StatuteChooser, parse_on

    for text in ("2016-13-01", "20160101", "2016-W01-5", "２０１６-01-01"):
        with pytest.raises(UsageError) as bad:
            parse_on(text)
        assert bad.value.diagnostics[0].code == "TL-U017"
    assert parse_on("2016-01-01") == dt.date(2016, 1, 1)
    with pytest.raises(UsageError) as single:
        StatuteChooser("ct/pa-13-155", dt.date(2016, 1, 1))
    assert single.value.diagnostics[0].code == "TL-U017"


def test_an_unknown_synthetic_profile_is_an_unknown_choice() -> None:
    from trustlaw.cases.synth import synthesize

    with pytest.raises(UsageError) as caught:
        list(synthesize(1, seed=1, profile="no-such-profile"))
    assert caught.value.diagnostics[0].code == "TL-U002"


def test_decide_many_without_statutes_and_its_case_header() -> None:
    from trustlaw.library.batch import decide_many

    with pytest.raises(UsageError) as empty:
        list(decide_many([], [{}]))
    assert empty.value.diagnostics[0].code == "TL-U010"
    with pytest.raises(CaseError) as bad:
        list(decide_many("ct/pa-13-155", [{"date": "not a date"}]))
    assert bad.value.diagnostics[0].code == "TL-C000"
    assert bad.value.diagnostics[0].message == "case 0 cannot be decided"
    assert bad.value.diagnostics[1].code == "TL-C002"


def test_serve_s_bad_options_have_their_own_code(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    pytest.importorskip("starlette")
    assert cli.main(["serve", "--port", "0", "--timeout", "0"]) == 2
    err = capsys.readouterr().err
    assert "error[TL-U015]: --port 0 is not a port number (1 to 65535)" in err
    assert "error[TL-U015]: --timeout must be positive, not 0" in err
    assert "TL-U003" not in err


# ---- trustlaw codes -----------------------------------------------------------------------

def test_codes_lists_every_code_grouped_by_stage(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["codes"]) == 0
    out = capsys.readouterr().out
    for c in CATALOGUE:
        assert f"  {c.code}  {c.title}" in out
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings[0].startswith("Syntax (TL-P…)")
    assert headings[:len(STAGES)] == [
        f"{name} (TL-{p}…): {about}" for p, (name, about) in STAGES.items()]
    assert out.index("TL-P025") < out.index("TL-N001") < out.index("TL-U001")
    assert "TL-V004  Invariant violated (reserved)" in out
    assert "TL-W001  Unverified reading without a note (warning)" in out


def test_codes_explains_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["codes", "TL-P025"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TL-P025: Invisible control character in text\n")
    assert "stage: Syntax (TL-P…), reported as an error" in out
    assert "To fix: Delete the character" in out
    assert cli.main(["codes", "tl-w001"]) == 0
    assert "reported as a warning" in capsys.readouterr().out


def test_codes_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["codes", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["code"] for e in listed] == [c.code for c in CATALOGUE]
    assert cli.main(["codes", "U017", "--format", "json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["code"] == "TL-U017" and one["stage"] == "Usage"
    assert one["modules"] == ["trustlaw.library.choosing"]
    assert one["title"] == BY_CODE["TL-U017"].title


def test_an_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["codes", "TL-P250"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "error[TL-U019]: there is no diagnostic code `TL-P250`" in captured.err
    assert "did you mean `TL-P025`" in captured.err
    assert cli.main(["codes", "hello"]) == 2
    assert "a code looks like `TL-P025`" in capsys.readouterr().err


def test_codes_are_found_as_a_reader_types_them() -> None:
    assert normalize(" tl-p025 ") == "TL-P025" == normalize("P025") == normalize("TL-P25")
    assert normalize("tlp25") == "TL-P025" and normalize("hello") == "HELLO"
    found = find("p025")
    assert found is not None and found.code == "TL-P025"
    assert find("TL-P019") is None and find("") is None


# ---- the docs page ------------------------------------------------------------------------

def test_the_docs_page_has_an_anchor_for_every_code(tmp_path: Path) -> None:
    import trustlaw
    from trustlaw.site.docgen import site_pages

    law = tmp_path / "x.law"
    law.write_text(_STATUTE.format(text="A text."), encoding="utf-8")
    page = site_pages([trustlaw.load(law)])["reference/codes.md"]
    assert page.startswith("# Diagnostic codes\n")
    for c in CATALOGUE:
        assert f"### {c.code}: {c.title} {{#{c.anchor}}}" in page
        assert c.meaning in page and c.fix in page
    for prefix in STAGES:
        assert f"{{#tl-{prefix.lower()}}}" in page
    assert "{" not in "".join(c.title for c in CATALOGUE)  # the heading's attribute list


def test_the_docs_link_the_codes_page() -> None:
    assert "Diagnostic codes: reference/codes.md" in (ROOT / "mkdocs.yml").read_text()
    language = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    for prefix in STAGES:
        assert f"[`TL-{prefix}…`](reference/codes.md#tl-{prefix.lower()})" in language
    assert "(reference/codes.md)" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_the_conflict_code_explains_two_provisions_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """TL-S003 is mostly reported for two provisions at one rank with opposite
    conclusions (issue 2's "two rules at the same priority with different
    conclusions"); `trustlaw codes TL-S003` must describe that case and its fix, not
    only one provision that contradicts itself."""
    law = tmp_path / "two.law"
    law.write_text(
        'statute "x/two" {\n  title "Two"\n  jurisdiction "x"\n  citation "X"\n'
        '  status enacted\n}\n\n'
        'provision (a) {\n  cites "X 1"\n  text "a"\n  hold prohibited\n}\n\n'
        'provision (b) {\n  cites "X 2"\n  text "b"\n  hold permitted if person.gang_database\n}\n',
        encoding="utf-8")
    assert cli.main(["check", "--no-solver", str(law)]) == 1
    err = capsys.readouterr().err
    assert "error[TL-S003]: provisions (a) and (b) both decide `hold` at the same rank" in err
    assert cli.main(["codes", "TL-S003"]) == 0
    out = capsys.readouterr().out
    title = out.splitlines()[0]
    assert "itself" not in title, title
    assert "two provisions" in out.lower()
    assert "except" in out and "subject to" in out
