"""A jurisdiction decides each case under its law in force on the case's date
(trustlaw.library.choosing): the right version, with the versions loaded once."""

from __future__ import annotations

import pytest

from trustlaw.diagnostics import CaseError
from trustlaw.library import loader
from trustlaw.library.choosing import StatuteChooser


@pytest.mark.parametrize("bundled", [True, False])
def test_each_case_gets_its_days_version_and_the_versions_are_loaded_once(
        monkeypatch: pytest.MonkeyPatch, bundled: bool) -> None:
    """The service's `/v1/decide/ct` looked at every version's file for every case
    (45,766 file checks for 934 cases); a chooser now loads them once."""
    calls: list[str] = []
    versions = loader.versions

    def counted(jurisdiction: str) -> list:
        calls.append(jurisdiction)
        return versions(jurisdiction)

    monkeypatch.setattr(loader, "versions", counted)
    choose = StatuteChooser("ct", None, bundled=bundled)
    chosen = [choose({"date": day}).id for day in
              ("2014-06-02", "2019-09-30", "2019-10-01", "2025-10-01", "2014-06-03")]
    assert chosen == ["ct/pa-13-155", "ct/pa-13-155", "ct/pa-19-20", "ct/pa-25-29",
                      "ct/pa-13-155"]
    assert calls == ["ct"]
    with pytest.raises(CaseError, match=r"date: no law of `ct` was in force on 2013-12-31"):
        choose({"date": "2013-12-31"})
