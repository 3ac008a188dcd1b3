"""The case checker's parts that need no browser: the Python side the page calls, the
runtime dependencies the site serves, the build's errors, and the page's use of the DOM."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import re
import tarfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trustlaw
from trustlaw.decisions.explain import explain
from trustlaw.library.choosing import parse_on
from trustlaw.site import checker
from trustlaw.site.browser import decide_json
from trustlaw.site.facts import PlainFacts

REPO = Path(__file__).resolve().parent.parent
FELONY = {
    "date": "2015-03-05", "agency": "state_corrections",
    "request": {"kinds": ["hold"], "form": "I-247", "judicial_warrant": False,
                "court_order": False},
    "convictions": [{"date": "2009-06-01", "level": "felony", "court": "other_state",
                     "youthful_offender": False, "vacated": False}],
}


def ask(**request: Any) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(decide_json(json.dumps(request)))
    return answer


def test_the_page_gets_the_decision_its_explanation_and_the_deadline() -> None:
    answer = ask(statute="ct/pa-13-155", case=FELONY, release_at="2015-03-05T17:00")
    law = trustlaw.load("ct/pa-13-155")
    decision = law.decide(FELONY)
    assert answer["ok"] is True
    assert answer["outcomes"] == dict(decision.outcomes)
    assert answer["outcomes"]["hold"] == "permitted"
    assert answer["decision"] == json.loads(decision.to_json())
    # the decision's own account, its facts in the vocabulary's words (as the statute
    # pages' examples give them), not the case's field paths
    assert answer["explanation"] == explain(decision, PlainFacts(law.vocabulary))
    assert "conviction 1 is for a felony, still stands, was entered by a court of another state" \
        in answer["explanation"]
    assert "convictions[0]" not in answer["explanation"]
    assert answer["deadline"] == {"release_at": "2015-03-05T17:00", "deadline": "2015-03-09T17:00"}
    assert answer["statute"]["id"] == "ct/pa-13-155"


def test_a_jurisdiction_is_read_on_the_chosen_day_or_else_the_case_date() -> None:
    assert ask(statute="ct", on="2020-01-02", case=FELONY)["statute"]["id"] == "ct/pa-19-20"
    assert ask(statute="ct", case=FELONY)["statute"]["id"] == "ct/pa-13-155"


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ({"statute": "xx/yy", "case": {}}, "there is no bundled statute `xx/yy`"),
        ({"statute": "ct/pa-13-155", "case": {"dat": 1}}, "dat: not a field of the case"),
        ({"statute": "ct/pa-13-155", "case": [1]}, "expected an object"),
        ({"statute": "ct", "case": {}}, "choose the day whose ct law applies"),
        ({"statute": "ct", "on": "May 1", "case": {}}, "must be written YYYY-MM-DD, not 'May 1'"),
        ({"statute": "ct/pa-13-155", "case": FELONY, "release_at": "5pm"},
         "the release time must be written YYYY-MM-DDTHH:MM"),
        ({"case": {}}, "choose a statute"),
        # a link's statute is an id or a jurisdiction, never the path of some file
        ({"statute": "/etc/passwd", "case": {}}, "is not a statute id or a jurisdiction"),
        ({"statute": str(REPO / "statutes/drafts/ct-pa-13-155-without-b7.law"), "case": {}},
         "is not a statute id or a jurisdiction"),
        ({"statute": "statutes/drafts/ct-pa-13-155-without-b7.law", "case": {}},
         "is not a statute id or a jurisdiction"),
        ({"statute": "ct/../../etc", "case": {}}, "is not a statute id or a jurisdiction"),
    ],
)
def test_bad_input_comes_back_as_a_trustlaw_message(request_: dict[str, Any], message: str) -> None:
    answer = ask(**request_)
    assert answer["ok"] is False
    assert message in answer["error"]
    assert "Traceback" not in answer["error"]


# the spellings of a release time and a day a link may carry: the checker reads them as
# `release_deadline` and the service's `on=` do (a day alone has no hour to count from;
# 20150305 and 2015-W10-4 are no YYYY-MM-DD)
_DAY = st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2030, 12, 31))
_TIME = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@st.composite
def _release_text(draw: st.DrawFn) -> str:
    day, time = draw(_DAY), draw(_TIME)
    shapes = [day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%G-W%V-%u"),
              f"{day.isoformat()}T{time:%H:%M}", f"{day.isoformat()} {time:%H:%M}",
              f"{day:%Y%m%d}T{time:%H%M}", f"{day.isoformat()}T{time:%H:%M}-05:00",
              f"{day.isoformat()}T{time:%H:%M}Z", f"{day:%G-W%V-%u}T{time:%H:%M}"]
    return str(draw(st.sampled_from(shapes)))


@settings(max_examples=60, deadline=None)
@given(release=_release_text())
def test_the_checker_reads_a_release_time_as_release_deadline_does(release: str) -> None:
    """The checker read any text `datetime.fromisoformat` takes: a day alone as its
    midnight (a deadline counted from an hour the person was not released at), where
    `release_deadline` refuses a day without a time of day, and 20150305 or 2015-W10-4."""
    answer = ask(statute="ct/pa-13-155", case=FELONY, release_at=release)
    decision = trustlaw.load("ct/pa-13-155").decide(FELONY)
    try:
        deadline = decision.release_deadline(release)
    except trustlaw.UsageError:
        assert answer["ok"] is False, (release, answer.get("deadline"))
        assert "the release time must be written YYYY-MM-DDTHH:MM" in answer["error"]
        return
    assert answer["ok"] is True, (release, answer)
    assert deadline is not None
    assert answer["deadline"]["deadline"] == deadline.isoformat(timespec="minutes"), release


@settings(max_examples=40, deadline=None)
@given(day=_DAY, shape=st.sampled_from(["%Y-%m-%d", "%Y%m%d", "%G-W%V-%u"]))
def test_the_checker_reads_the_day_whose_law_applies_as_the_service_does(
    day: dt.date, shape: str
) -> None:
    on = day.strftime(shape)
    answer = ask(statute="ct", on=on, case=FELONY)
    try:
        chosen = trustlaw.load("ct", on=parse_on(on, "on"))
    except trustlaw.UsageError:
        assert answer["ok"] is False, (on, answer.get("statute"))
        return
    assert answer["ok"] is True and answer["statute"]["id"] == chosen.id, (on, answer)


@pytest.mark.parametrize("request_json, message", [
    ("[]", "the request must be a JSON object"),
    ("1", "the request must be a JSON object"),
    ("{", "the request is not JSON"),
])
def test_a_request_that_is_no_json_object_is_a_message(request_json: str, message: str) -> None:
    answer = json.loads(decide_json(request_json))
    assert answer == {"ok": False, "error": answer["error"]}
    assert message in answer["error"]


def fake_wheel(tmp_path: Path, requires: list[str]) -> Path:
    wheel = tmp_path / "trustlaw-0.1.0-py3-none-any.whl"
    metadata = "Metadata-Version: 2.1\nName: trustlaw\nVersion: 0.1.0\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("trustlaw-0.1.0.dist-info/METADATA", metadata)
    return wheel


def test_the_site_serves_every_runtime_dependency_and_nothing_else(tmp_path: Path) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requires = [*project["dependencies"], 'colorama; sys_platform == "win32"',
                "z3-solver; extra == 'smt'"]
    pyodide = checker._target_environment("3.14.2")
    found = checker._runtime_dependencies(fake_wheel(tmp_path, requires), pyodide)
    assert [name for name, _ in found] == ["attrs", "holidays", "lark", "python-dateutil", "six"]
    assert all(version == importlib.metadata.version(name) for name, version in found)


def test_a_dependency_missing_here_is_a_clear_build_error(tmp_path: Path) -> None:
    wheel = fake_wheel(tmp_path, ["no-such-distribution-for-trustlaw>=1"])
    with pytest.raises(checker.CheckerBuildError, match="needs no-such-distribution"):
        checker._runtime_dependencies(wheel, checker._target_environment("3.14.2"))


def fake_registry(tmp_path: Path, files: dict[str, bytes], *, integrity: str = "") -> str:
    """A registry on disk (a ``file://`` URL) serving the pyodide package made of `files`."""
    package = tmp_path / "package.tgz"
    with tarfile.open(package, "w:gz") as archive:
        for name, content in files.items():
            member = tarfile.TarInfo(f"package/{name}")
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
    data = package.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    registry = tmp_path / "registry"
    (registry / "pyodide").mkdir(parents=True)
    (registry / "pyodide" / checker.PYODIDE_VERSION).write_text(json.dumps(
        {"dist": {"tarball": package.as_uri(), "integrity": integrity or digest}}
    ))
    return registry.as_uri()


RUNTIME = {name: f"the file {name}".encode() for name in checker.PYODIDE_FILES}


def test_pyodide_comes_from_the_registry_without_npm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checker.shutil, "which", lambda name: None)  # no npm, no node
    monkeypatch.setenv("npm_config_registry", fake_registry(tmp_path, RUNTIME))
    runtime = checker._pyodide_runtime(tmp_path / "cache")
    assert {path.name: path.read_bytes() for path in runtime.iterdir()} == RUNTIME


def test_a_tarball_that_does_not_match_its_checksum_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "sha512-" + base64.b64encode(hashlib.sha512(b"something else").digest()).decode()
    monkeypatch.setenv("npm_config_registry", fake_registry(tmp_path, RUNTIME, integrity=wrong))
    with pytest.raises(checker.CheckerBuildError, match="does not match the registry's sha512"):
        checker._pyodide_runtime(tmp_path / "cache")
    assert not (tmp_path / "cache" / f"pyodide-{checker.PYODIDE_VERSION}").exists()


def test_a_package_missing_a_runtime_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = {name: data for name, data in RUNTIME.items() if name != "pyodide.asm.wasm"}
    monkeypatch.setenv("npm_config_registry", fake_registry(tmp_path, partial))
    with pytest.raises(checker.CheckerBuildError, match=r"has no file pyodide\.asm\.wasm"):
        checker._pyodide_runtime(tmp_path / "cache")


def test_an_unreachable_registry_is_a_clear_build_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("npm_config_registry", (tmp_path / "nowhere").as_uri())
    with pytest.raises(checker.CheckerBuildError, match="could not download pyodide@"):
        checker.build_checker_assets(tmp_path / "site", cache_dir=tmp_path / "cache")


def test_the_page_never_inserts_html() -> None:
    script = (checker.ASSETS / "checker.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)
    for name in checker.PAGE_FILES:
        assert (checker.ASSETS / name).is_file()


def test_the_explanation_says_tags_and_the_agency_in_words() -> None:
    """A conviction's tags and the agency are said by what they mean; the decision the
    page gets keeps them as the case writes them."""
    case = {**FELONY, "agency": "county_sheriff",
            "convictions": [{**FELONY["convictions"][0], "court": "this_state",
                             "tags": ["ca.serious_felony", "ct.trust_act_offense"]}]}
    answer = ask(statute="ca/sb54-2017", case=case)
    text = answer["explanation"]
    assert ("is classed as a California serious felony and a Connecticut offense added in "
            "2025 to the convictions that open the Trust Act gates.") in text
    assert "that is classed as a California serious or violent felony" in text
    assert "it binds this agency (a county sheriff's office)." in text
    assert "ca.serious_felony" not in text and "ct.trust_act_offense" not in text
    assert "county_sheriff" not in text
    law = trustlaw.load("ca/sb54-2017")  # the decision JSON is the decision's own
    assert answer["decision"] == json.loads(law.decide(case).to_json())
