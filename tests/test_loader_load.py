"""Loading statutes: bundled ids, paths, point-in-time selection, clear errors, the cache."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import trustlaw
from trustlaw.diagnostics import StatuteError, UsageError
from trustlaw.library import loader
from trustlaw.lowering.files import statutes_root

BUNDLED = statutes_root() / "ct" / "pa-13-155.law"


def statute_text(
    statute_id: str, status: str, *, in_force: str | None = None, superseded: str | None = None,
    hold: str = "prohibited",
) -> str:
    jurisdiction = statute_id.split("/", 1)[0]
    dates = ""
    if in_force:
        dates += f"  in_force {in_force}\n"
    if superseded:
        dates += f"  superseded {superseded}\n"
    return textwrap.dedent(f"""\
        statute "{statute_id}" {{
          title "Test statute {statute_id}"
          jurisdiction "{jurisdiction}"
          citation "Test Act {statute_id}"
          status {status}
        """) + dates + textwrap.dedent(f"""\
        }}

        provision (a) {{
          cites "Test Act {statute_id} § (a)"
          text "The only rule."
          hold {hold}
        }}
        """)


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A small statute library in place of the bundled one."""
    files = {
        "zz/first.law": statute_text("zz/first", "superseded", in_force="2010-01-01",
                                     superseded="2015-06-01"),
        "zz/second.law": statute_text("zz/second", "enacted", in_force="2015-06-01",
                                      hold="permitted"),
        "zz/draft.law": statute_text("zz/draft", "proposed"),
        "yy/bill.law": statute_text("yy/bill", "proposed"),
        "yy/vetoed.law": statute_text("yy/vetoed", "vetoed"),
        "ww/gone.law": statute_text("ww/gone", "superseded", in_force="2001-01-01",
                                    superseded="2005-01-01"),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    loader.clear_cache()
    monkeypatch.setattr(loader, "_root", lambda: tmp_path)
    yield tmp_path
    loader.clear_cache()


# ---- the bundled library ------------------------------------------------------------


def test_load_bundled_id() -> None:
    statute = trustlaw.load("ct/pa-13-155")
    assert statute.id == "ct/pa-13-155"
    assert statute.meta.status == "superseded"
    assert statute.meta.in_force == dt.date(2014, 1, 1)
    assert statute.digest.startswith("sha256:")
    assert any(p.label == "(b)(1)" for p in statute.provisions)
    assert statute.examples and statute.notes


def test_available_lists_bundled_ids() -> None:
    ids = trustlaw.available()
    assert "ct/pa-13-155" in ids and "ct/pa-19-20" in ids
    assert ids == sorted(ids)
    assert all("/" in i for i in ids)
    assert not any(i.startswith("vocabulary") for i in ids)


def test_point_in_time_connecticut() -> None:
    assert trustlaw.load("ct", on=dt.date(2016, 5, 1)).id == "ct/pa-13-155"
    assert trustlaw.load("ct", on=dt.date(2020, 1, 1)).id == "ct/pa-19-20"
    # The day PA 19-20 came into force, PA 13-155 was superseded.
    assert trustlaw.load("ct", on=dt.date(2019, 10, 1)).id == "ct/pa-19-20"
    assert trustlaw.load("ct", on=dt.date(2019, 9, 30)).id == "ct/pa-13-155"


def test_point_in_time_other_jurisdictions() -> None:
    assert trustlaw.load("ca", on=dt.date(2015, 1, 1)).id == "ca/ab4-2013"
    assert trustlaw.load("ca", on=dt.date(2018, 1, 1)).id == "ca/sb54-2017"
    with pytest.raises(UsageError) as info:
        trustlaw.load("ca", on=dt.date(2012, 10, 1))  # AB 1081 was vetoed: not a version
    assert "ca/ab4-2013" in info.value.diagnostics[0].message


def test_jurisdiction_without_a_date_is_the_law_in_force_today() -> None:
    assert trustlaw.load("ct").id == trustlaw.load("ct", on=dt.date.today()).id == "ct/pa-25-29"


def test_before_the_first_version_names_it() -> None:
    with pytest.raises(UsageError) as info:
        trustlaw.load("ct", on=dt.date(2013, 6, 1))
    message = info.value.render()
    assert "ct/pa-13-155" in message and "2014-01-01" in message
    assert info.value.diagnostics[0].code == "TL-U003"


def test_unknown_id_suggests_the_closest() -> None:
    with pytest.raises(UsageError) as info:
        trustlaw.load("ct/pa-13-15")
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.code == "TL-U001"
    assert "ct/pa-13-15" in diagnostic.message
    assert diagnostic.help is not None and "`ct/pa-13-155`" in diagnostic.help


def test_unknown_jurisdiction_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        trustlaw.load("connecticut", on=dt.date(2016, 1, 1))
    assert "connecticut" in info.value.diagnostics[0].message


def test_load_by_path(tmp_path: Path) -> None:
    by_path = trustlaw.load(BUNDLED)
    assert by_path.id == "ct/pa-13-155"
    assert trustlaw.load(str(BUNDLED)).id == "ct/pa-13-155"
    copy = tmp_path / "mine.law"
    copy.write_text(statute_text("my/draft", "proposed"), encoding="utf-8")
    assert trustlaw.load(str(copy)).id == "my/draft"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        trustlaw.load(tmp_path / "nope.law")
    assert "nope.law" in info.value.diagnostics[0].message


def test_broken_statute_raises_statute_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.law"
    path.write_text(statute_text("my/broken", "proposed").replace("hold prohibited",
                                                                  "hold prohibted"))
    with pytest.raises(StatuteError) as info:
        trustlaw.load(path)
    rendered = info.value.render()
    assert "broken.law:" in rendered
    assert "prohibited" in rendered  # the suggestion


def test_explicit_id_checked_against_the_date() -> None:
    assert trustlaw.load("ct/pa-13-155", on=dt.date(2016, 1, 1)).id == "ct/pa-13-155"
    with pytest.raises(UsageError) as info:
        trustlaw.load("ct/pa-13-155", on=dt.date(2020, 1, 1))
    assert "2019-10-01" in info.value.diagnostics[0].message


# ---- point in time on a controlled library ---------------------------------------------


def test_versions_in_a_library(library: Path) -> None:
    assert loader.available() == ["ww/gone", "yy/bill", "yy/vetoed", "zz/draft", "zz/first",
                                  "zz/second"]
    assert loader.load("zz", on=dt.date(2012, 1, 1)).id == "zz/first"
    assert loader.load("zz", on=dt.date(2015, 5, 31)).id == "zz/first"
    assert loader.load("zz", on=dt.date(2015, 6, 1)).id == "zz/second"
    assert loader.load("zz", on=dt.date(2030, 1, 1)).id == "zz/second"


def test_proposals_only(library: Path) -> None:
    with pytest.raises(UsageError) as info:
        loader.load("yy", on=dt.date(2020, 1, 1))
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.code == "TL-U004"
    assert "yy/bill" in diagnostic.message and "proposed" in diagnostic.message
    assert "yy/vetoed" in diagnostic.message and "vetoed" in diagnostic.message


def test_after_the_last_version_ended(library: Path) -> None:
    with pytest.raises(UsageError) as info:
        loader.load("ww", on=dt.date(2010, 1, 1))
    assert "ww/gone" in info.value.diagnostics[0].message
    assert "2005-01-01" in info.value.diagnostics[0].message


def test_before_first_version_in_library(library: Path) -> None:
    with pytest.raises(UsageError) as info:
        loader.load("zz", on=dt.date(2009, 12, 31))
    message = info.value.diagnostics[0].message
    assert "zz/first" in message and "2010-01-01" in message


def test_proposal_by_id_with_date_says_never_in_force(library: Path) -> None:
    with pytest.raises(UsageError) as info:
        loader.load("zz/draft", on=dt.date(2020, 1, 1))
    assert "never in force" in info.value.diagnostics[0].message


# ---- the cache ------------------------------------------------------------------------------


def test_cache_reuses_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "draft.law"
    path.write_text(statute_text("my/draft", "proposed"), encoding="utf-8")
    first = loader.load(path)
    assert loader.load(path) is first
    path.write_text(statute_text("my/draft", "proposed", hold="permitted"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = loader.load(path)
    assert second is not first
    assert second.digest != first.digest
    assert second.outcomes({"agency": "other"})["hold"] == "permitted"
