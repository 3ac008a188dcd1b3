"""The decision service (`trustlaw serve`): the same JSON as `decide()`, errors as JSON with
field paths and honest status codes, limits, the decision log, and a real uvicorn server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2, and says so on import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import trustlaw
from trustlaw import cli
from trustlaw.service import ServiceConfig, create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

REPO = Path(__file__).resolve().parent.parent
CT = "ct/pa-13-155"
CASE: dict[str, Any] = {
    "date": "2015-03-02",
    "agency": "state_corrections",
    "request": {"kinds": ["hold", "notification"], "form": "I-247A",
                "judicial_warrant": False, "court_order": False},
    "person": {"gang_database": True},
}
UNKNOWN_FACTS: dict[str, Any] = {"date": "2015-03-02", "agency": "state_corrections"}


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(ServiceConfig(preload=False))) as test_client:
        yield test_client


def expected(statute_id: str, case: dict[str, Any]) -> dict[str, Any]:
    return trustlaw.load(statute_id).decide(case).to_dict()


# ---- answers ----------------------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "trustlaw": trustlaw.__version__,
                             "statutes": len(trustlaw.available())}


def test_statutes_lists_the_library(client: TestClient) -> None:
    answer = client.get("/v1/statutes")
    assert answer.status_code == 200
    listed = {entry["id"]: entry for entry in answer.json()}
    assert sorted(listed) == trustlaw.available()
    ct = listed[CT]
    statute = trustlaw.load(CT)
    assert ct["digest"] == statute.digest and ct["title"] == statute.meta.title
    assert ct["in_force"] == "2014-01-01" and ct["superseded"] == "2019-10-01"


@pytest.mark.parametrize("statute_id", ["ct/pa-13-155", "ca/sb54-2017", "nyc/ll58-59-2014"])
@pytest.mark.parametrize("case", [CASE, UNKNOWN_FACTS], ids=["known", "unknown"])
def test_a_decision_is_decide_to_dict(client: TestClient, statute_id: str,
                                      case: dict[str, Any]) -> None:
    answer = client.post(f"/v1/decide/{statute_id}", json=case)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == expected(statute_id, case)


def test_a_list_of_cases_gives_the_list_of_decisions(client: TestClient) -> None:
    cases = [CASE, UNKNOWN_FACTS, {}]
    answer = client.post(f"/v1/decide/{CT}", json=cases)
    assert answer.status_code == 200
    assert answer.json() == [expected(CT, case) for case in cases]
    assert client.post(f"/v1/decide/{CT}", json=[]).json() == []


def test_explain_gives_the_words_and_the_decision(client: TestClient) -> None:
    answer = client.post(f"/v1/explain/{CT}", json=CASE)
    assert answer.status_code == 200
    body = answer.json()
    assert body["decision"] == expected(CT, CASE)
    assert body["explanation"] == trustlaw.load(CT).explain(CASE)


def test_answers_are_not_cached_and_not_sniffed(client: TestClient) -> None:
    answer = client.post(f"/v1/decide/{CT}", json=CASE)
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"


# ---- errors -----------------------------------------------------------------------------------


def test_a_bad_case_is_400_with_the_field_paths(client: TestClient) -> None:
    bad = {"date": "last year", "convictions": [{"level": "felon"}]}
    answer = client.post(f"/v1/decide/{CT}", json=bad)
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "bad_case"
    with pytest.raises(trustlaw.CaseError) as raised:
        trustlaw.load(CT).decide(bad)
    # The same diagnostics the CLI prints, by field path.
    assert [d["message"] for d in body["diagnostics"]] == raised.value.errors
    assert [d["code"] for d in body["diagnostics"]] == [d.code for d in raised.value.diagnostics]
    assert any(m.startswith("date: ") for m in raised.value.errors)
    assert any(m.startswith("convictions[0].level: ") for m in raised.value.errors)


def test_an_id_that_is_not_unicode_text_is_a_bad_case_not_a_crash(client: TestClient) -> None:
    body = b'{"id": "\\ud800", "agency": "county_jail"}'  # JSON's escape of a lone surrogate
    for endpoint in ("decide", "explain"):
        answer = client.post(f"/v1/{endpoint}/{CT}", content=body,
                             headers={"content-type": "application/json"})
        assert answer.status_code == 400, endpoint
        assert answer.json()["error"] == "bad_case"
        assert answer.json()["diagnostics"][0]["message"].startswith("id: ")


def test_a_bad_case_in_a_list_is_named_by_index_and_nothing_is_decided(
    client: TestClient, tmp_path: Path
) -> None:
    log = tmp_path / "decisions.jsonl"
    with TestClient(create_app(ServiceConfig(preload=False, log_path=log))) as logged:
        answer = logged.post(f"/v1/decide/{CT}", json=[CASE, {"date": 5}, "x"])
    assert answer.status_code == 400
    diagnostics = answer.json()["diagnostics"]
    assert [d["case"] for d in diagnostics] == [1, 2]
    assert diagnostics[0]["message"].startswith("date: ")
    assert "not" in diagnostics[1]["message"]
    assert log.read_text() == ""


@pytest.mark.parametrize("body, words", [
    (b"{", "not valid JSON"),
    (b'{"date": "2015-03-02", "date": "2016-01-01"}', "is given twice"),
    (b"[" * 50_000 + b"]" * 50_000, "nested more than"),
    (b'{"date": ' + b"9" * 5000 + b"}", "5,000 digits; a number in a case has at most 100"),
    # past the CLI's limit and under Python's 4,300: refused alike (a range error before)
    (b'{"person": {"age": ' + b"1" * 200 + b"}}", "200 digits; a number in a case has at"),
    (b'{"person": {"age": NaN}}', "not valid JSON"),
    (b"\xff\xfe", "not UTF-8"),
    (b"42", "a case is a JSON object"),
])
def test_a_bad_body_is_400_json(client: TestClient, body: bytes, words: str) -> None:
    answer = client.post(f"/v1/decide/{CT}", content=body,
                         headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert words in answer.json()["message"]
    assert answer.json()["diagnostics"]


def test_a_compressed_body_is_415(client: TestClient) -> None:
    import gzip

    answer = client.post(f"/v1/decide/{CT}", content=gzip.compress(json.dumps(CASE).encode()),
                         headers={"content-type": "application/json",
                                  "content-encoding": "gzip"})
    assert answer.status_code == 415
    assert "encoded as `gzip`" in answer.json()["message"]


def test_a_compressed_body_behind_a_second_encoding_header_is_415(client: TestClient) -> None:
    """Two Content-Encoding headers are one list of codings, as one header with a comma
    is: the service read only the first (`identity`) and took a gzip body as bad JSON."""
    import gzip

    answer = client.post(f"/v1/decide/{CT}", content=gzip.compress(json.dumps(CASE).encode()),
                         headers=[("content-type", "application/json"),
                                  ("content-encoding", "identity"),
                                  ("content-encoding", "gzip")])
    assert answer.status_code == 415
    assert "encoded as `identity, gzip`" in answer.json()["message"]


@pytest.mark.parametrize("kinds", [("application/json", "text/plain"),
                                   ("text/plain", "application/json")])
def test_two_content_types_are_a_bad_request(client: TestClient,
                                             kinds: tuple[str, str]) -> None:
    """Which one counts was the first; a proxy reading the last would disagree."""
    answer = client.post(f"/v1/decide/{CT}", content=json.dumps(CASE).encode(),
                         headers=[("content-type", kind) for kind in kinds])
    assert answer.status_code == 400
    assert answer.json()["message"] == "the request has 2 Content-Type headers; send one"


def test_a_caller_hanging_up_mid_body_is_no_internal_error(
        caplog: pytest.LogCaptureFixture) -> None:
    """A client that closed its connection before its body arrived was logged as "internal
    error" with a traceback, as a bug in trustlaw."""
    import anyio

    app = create_app(ServiceConfig(preload=False))
    scope = {"type": "http", "method": "POST", "path": f"/v1/decide/{CT}",
             "raw_path": f"/v1/decide/{CT}".encode(), "query_string": b"",
             "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
             "http_version": "1.1", "scheme": "http", "server": ("test", 80),
             "client": ("test", 1), "root_path": ""}
    messages = iter([{"type": "http.request", "body": b'{"date": ', "more_body": True},
                     {"type": "http.disconnect"}])
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with caplog.at_level("INFO", logger="trustlaw.service"):
        anyio.run(app, scope, receive, send)
    assert "internal error" not in caplog.text
    assert "disconnected before sending its body" in caplog.text
    assert all(r.levelname != "ERROR" for r in caplog.records)


def test_an_unknown_statute_is_404_with_a_suggestion(client: TestClient) -> None:
    answer = client.post("/v1/decide/ct/pa-13-15", json=CASE)
    assert answer.status_code == 404
    body = answer.json()
    assert body["error"] == "unknown_statute"
    assert "ct/pa-13-155" in (body["diagnostics"][0]["help"] or "")
    for empty in ("/v1/decide/", "/v1/explain/", "/v1/decide//"):  # no empty `` said
        answer = client.post(empty, json=CASE)
        assert answer.status_code == 404 and answer.json()["message"] == (
            "the address names no statute or jurisdiction")


def test_a_hidden_character_from_the_url_is_escaped_in_the_answer(client: TestClient) -> None:
    answer = client.post("/v1/decide/ct/pa-13-155%E2%80%AE", json=CASE)
    assert answer.status_code == 404
    assert "\u202e" not in answer.text and "\\u202e" in answer.text
    assert "ct/pa-13-155\u202e" in answer.json()["message"]  # the same JSON value


@pytest.mark.parametrize("path", ["/v1/decide/README.md", "/v1/decide/../../etc/passwd",
                                  "/v1/decide/%2Fetc%2Fpasswd", "/v1/decide/statutes",
                                  f"/v1/decide/{REPO}/statutes/ct/pa-13-155.law"])
def test_an_id_never_names_a_file(client: TestClient, path: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # README.md and statutes/ exist here, and are never read
    answer = client.post(path, json=CASE)
    assert answer.status_code == 404
    assert answer.json()["error"] in {"unknown_statute", "not_found"}


def test_a_jurisdiction_decides_each_case_under_the_law_in_force_on_its_date(
        client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ct").write_text("not a statute")  # a file named like the jurisdiction
    monkeypatch.chdir(tmp_path)
    later = {**CASE, "date": "2020-03-02"}
    answer = client.post("/v1/decide/ct", json=[CASE, later])
    assert answer.status_code == 200
    first, second = answer.json()
    assert first["statute"] == "ct/pa-13-155" and second["statute"] == "ct/pa-19-20"
    assert first == trustlaw.load("ct/pa-13-155").decide(CASE).to_dict()
    assert second == trustlaw.load("ct/pa-19-20").decide(later).to_dict()
    # ?on= fixes the day for every case, whatever its own date
    fixed = client.post("/v1/decide/ct?on=2020-01-01", json=[CASE, later]).json()
    assert [d["statute"] for d in fixed] == ["ct/pa-19-20", "ct/pa-19-20"]
    explained = client.post("/v1/explain/ct", json=later).json()
    assert explained["decision"]["statute"] == "ct/pa-19-20"


def test_a_jurisdiction_decides_under_the_statutes_the_service_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/v1/decide/ct chose among copies of the statutes read again from their files for
    each request: a file edited while the service ran changed what the jurisdiction's
    address decided under, not the statute's own address. Both decide under what the
    service loaded."""
    import shutil

    from trustlaw.library import loader
    from trustlaw.lowering import files

    root = tmp_path / "statutes"
    shutil.copytree(files.statutes_root(), root)
    monkeypatch.setattr(files, "statutes_root", lambda: root)
    loader.clear_cache()
    try:
        with TestClient(create_app(ServiceConfig(preload=True))) as served:
            before = served.post("/v1/decide/ct/pa-13-155", json=CASE).json()
            law = root / "ct" / "pa-13-155.law"
            text = law.read_text(encoding="utf-8")
            law.write_text(text.replace('title "', 'title "Edited: ', 1), encoding="utf-8")
            chosen = served.post("/v1/decide/ct", json=[CASE, CASE]).json()
            named = served.post("/v1/decide/ct/pa-13-155", json=CASE).json()
            fixed = served.post("/v1/decide/ct?on=2015-03-02", json=CASE).json()
        assert before["digest"] != trustlaw.load("ct/pa-13-155").digest  # the file changed
        assert [d["digest"] for d in (*chosen, named, fixed)] == [before["digest"]] * 4
    finally:
        monkeypatch.undo()
        loader.clear_cache()


def test_a_jurisdiction_needs_the_case_date_or_on(client: TestClient) -> None:
    undated = {k: v for k, v in CASE.items() if k != "date"}
    answer = client.post("/v1/decide/ct", json=[CASE, undated])
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "bad_case"
    assert [d["case"] for d in body["diagnostics"]] == [1]
    assert body["diagnostics"][0]["message"].startswith("date:")
    assert "on=" in body["diagnostics"][0]["help"]
    before = client.post("/v1/decide/ct", json={**CASE, "date": "2010-01-01"})
    assert before.status_code == 400 and "in force" in before.json()["diagnostics"][0]["message"]
    # fromisoformat would read the last two as days; a case's dates and the docs do not
    for query in ("on=yesterday", "on=2016-13-01", "on=20160101", "on=2016-W01-5"):
        bad = client.post(f"/v1/decide/ct?{query}", json=CASE)
        assert bad.status_code == 400 and bad.json()["error"] == "bad_request"
        assert "YYYY-MM-DD" in bad.json()["message"]
    one = client.post(f"/v1/decide/{CT}?on=2016-01-01", json=CASE)
    assert one.status_code == 400 and "names one statute" in one.json()["message"]


def test_a_query_parameter_the_address_does_not_take_is_400(client: TestClient) -> None:
    # A misspelt ?on= must not be ignored: the case would be decided under another law.
    misspelt = client.post("/v1/decide/ct?onn=2020-01-01", json=CASE)
    assert misspelt.status_code == 400 and misspelt.json()["error"] == "bad_request"
    diagnostic = misspelt.json()["diagnostics"][0]
    assert diagnostic["code"] == "TL-U023" and "`onn`" in diagnostic["message"]
    assert diagnostic["help"] == "did you mean `on`?"
    twice = client.post("/v1/decide/ct?on=2016-01-01&on=2020-01-01", json=CASE)
    assert twice.status_code == 400 and "given twice" in twice.json()["message"]
    on_statute = client.post(f"/v1/explain/{CT}?x=1", json=CASE)
    assert on_statute.status_code == 400 and "`x`" in on_statute.json()["message"]
    for path in ("/health", "/v1/statutes", "/v1/openapi.json"):
        answer = client.get(f"{path}?verbose=1")
        assert answer.status_code == 400 and "takes none" in answer.json()["diagnostics"][0]["help"]
    assert client.get("/health").status_code == 200


def test_limits_are_413(tmp_path: Path) -> None:
    config = ServiceConfig(preload=False, max_body_bytes=2000, max_cases=3)
    with TestClient(create_app(config)) as small:
        big = small.post(f"/v1/decide/{CT}", json={"person": {"age": 30}, "pad": "x" * 3000})
        assert big.status_code == 413 and big.json()["error"] == "too_large"
        many = small.post(f"/v1/decide/{CT}", json=[{}] * 4)
        assert many.status_code == 413 and "4 cases" in many.json()["message"]
        # A body sent without a length (chunked) is counted as it arrives.
        chunked = small.post(f"/v1/decide/{CT}", content=iter([b"[" + b" " * 1500, b" " * 1500]),
                             headers={"content-type": "application/json"})
        assert chunked.status_code == 413
        assert small.post(f"/v1/decide/{CT}", json=[{}] * 3).status_code == 200


def test_one_case_is_held_to_the_case_limit_as_on_the_command_line(
        client: TestClient) -> None:
    """A case of more than 1,000,000 characters, within the 1 MiB body limit, is refused
    as `trustlaw decide` refuses such a file, not decided."""
    padded = json.dumps(CASE)[:-1] + " " * 1_000_000 + "}"
    assert len(padded.encode()) < 1_048_576
    for address in (f"/v1/decide/{CT}", f"/v1/explain/{CT}"):
        answer = client.post(address, content=padded.encode(),
                             headers={"content-type": "application/json"})
        assert answer.status_code == 400 and answer.json()["error"] == "bad_case"
        (diagnostic,) = answer.json()["diagnostics"]
        assert diagnostic["code"] == "TL-C000"
        assert diagnostic["message"] == ("the case is longer than a case may be: at most "
                                         "1,000,000 characters")
    within = json.dumps(CASE)[:-1] + " " * 900_000 + "}"
    assert client.post(f"/v1/decide/{CT}", content=within.encode(),
                       headers={"content-type": "application/json"}).status_code == 200


def test_a_content_length_of_thousands_of_digits_is_413_not_500(client: TestClient) -> None:
    """`int` refuses a string of more than 4,300 digits: such a Content-Length was a 500
    under a server that passes it on (uvicorn refuses it itself)."""
    for declared in ("9" * 5000, "0" * 5000 + "2"):
        answer = client.post(f"/v1/decide/{CT}", content=b"{}", headers={
            "content-type": "application/json", "content-length": declared})
        # uvicorn refuses such a header itself; here the small one is read as it says
        assert answer.status_code == (413 if declared.startswith("9") else 200)
        if answer.status_code == 200:
            assert answer.json() == expected(CT, {})
    huge = client.post(f"/v1/decide/{CT}", content=b"{}", headers={
        "content-type": "application/json", "content-length": "9" * 5000})
    assert huge.status_code == 413 and len(huge.json()["message"]) < 200


def test_other_errors_are_json_too(client: TestClient) -> None:
    wrong_type = client.post(f"/v1/decide/{CT}", content=b"{}",
                             headers={"content-type": "text/plain"})
    assert wrong_type.status_code == 415
    wrong_method = client.get(f"/v1/decide/{CT}")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "method_not_allowed"
    assert "POST" in wrong_method.headers["allow"]
    nowhere = client.get("/v2/anything")
    assert nowhere.status_code == 404 and nowhere.json()["error"] == "not_found"
    a_list = client.post(f"/v1/explain/{CT}", json=[CASE])
    assert a_list.status_code == 400


@pytest.mark.slow
def test_deciding_past_the_timeout_is_503_and_nothing_is_logged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    statute = trustlaw.load(CT)
    real = type(statute).decide
    finished = threading.Event()

    def slow(self: Any, case: Any, **kwargs: Any) -> Any:
        time.sleep(3.0)
        try:
            return real(self, case, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(type(statute), "decide", slow)
    log = tmp_path / "decisions.jsonl"
    config = ServiceConfig(preload=False, timeout=0.2, log_path=log)
    with TestClient(create_app(config)) as hurried:
        started = time.monotonic()
        answer = hurried.post(f"/v1/decide/{CT}", json=CASE)
        assert answer.status_code == 503 and answer.json()["error"] == "timeout"
        assert time.monotonic() - started < 2.5  # answered at the timeout, not after the work
        assert finished.wait(30)
        time.sleep(0.2)
    assert log.read_text() == ""  # the caller was told nothing was decided


def test_the_log_agrees_with_the_answer_when_logging_is_slow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Deciding is quick but writing the log is slow: the decisions are logged once the
    answer is in hand, so the log never holds a decision whose caller got 503 (it did
    when the worker logged before the timeout was known)."""
    from trustlaw.service.decision_log import DecisionLog

    real = DecisionLog.record

    def slow(self: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(DecisionLog, "record", slow)
    log = tmp_path / "decisions.jsonl"
    config = ServiceConfig(preload=False, timeout=0.2, log_path=log)
    with TestClient(create_app(config)) as hurried:
        answer = hurried.post(f"/v1/decide/{CT}", json=[CASE, CASE])
    logged = log.read_text().splitlines()
    assert answer.status_code == 200 and len(logged) == 2


def test_a_case_with_very_many_problems_lists_the_first_hundred(client: TestClient) -> None:
    many = {f"field{n}": 0 for n in range(500)}
    answer = client.post(f"/v1/decide/{CT}", json=[many, many])
    body = answer.json()
    assert answer.status_code == 400 and len(body["diagnostics"]) == 100
    assert body["message"] == ("2 cases are not valid; nothing was decided; the first 100 "
                               "of 1,000 problems are listed")
    explained = client.post(f"/v1/explain/{CT}", json=many).json()
    assert len(explained["diagnostics"]) == 100 and "of 500 problems" in explained["message"]


@pytest.mark.parametrize(("method", "address"), [
    ("get", "/health/"), ("get", "/v1/statutes/"), ("post", "/v1/decide"),
    ("post", "/v1/explain"),
])
def test_an_address_with_a_slash_too_many_or_too_few_is_a_json_404(
        client: TestClient, method: str, address: str) -> None:
    answer = getattr(client, method)(address, follow_redirects=False)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    assert "location" not in answer.headers


@pytest.mark.parametrize(("method", "address"), [
    ("get", "/health%0A"), ("get", "/v1/statutes%0A"), ("post", "/v1/decide/ct%0A"),
    ("post", f"/v1/decide/{CT}%0A"), ("post", f"/v1/explain/{CT}%0A"),
])
def test_an_address_with_a_newline_at_its_end_is_a_json_404(
        client: TestClient, method: str, address: str) -> None:
    """`/v1/decide/ct%0A` was decided under `ct`: the routes' `$` matched before a last
    newline, where a space, a carriage return or a slash too many is a 404."""
    kwargs = {"json": CASE} if method == "post" else {}
    answer = getattr(client, method)(address, follow_redirects=False, **kwargs)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_a_request_over_the_limit_in_flight_is_503_busy_as_json(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """One request more than the service answers at once gets JSON (`busy`, Retry-After),
    not uvicorn's plain text; the health check still answers; the first request is
    answered in full once it is done."""
    statute = trustlaw.load(CT)
    real = type(statute).decide
    deciding, release = threading.Event(), threading.Event()

    def held(self: Any, case: Any, **kwargs: Any) -> Any:
        deciding.set()
        assert release.wait(30)
        return real(self, case, **kwargs)

    monkeypatch.setattr(type(statute), "decide", held)
    answers: list[Any] = []
    with TestClient(create_app(ServiceConfig(preload=False, max_in_flight=1))) as busy:
        first = threading.Thread(
            target=lambda: answers.append(busy.post(f"/v1/decide/{CT}", json=CASE)))
        first.start()
        try:
            assert deciding.wait(30)
            refused = busy.post(f"/v1/decide/{CT}", json=CASE)
            assert refused.status_code == 503
            assert refused.headers["retry-after"] == "1"
            assert refused.json()["error"] == "busy"
            assert refused.json()["message"].startswith(
                "the service is answering 1 request already, as many as it takes at once")
            assert busy.get("/v1/statutes").status_code == 503
            assert busy.get("/health").status_code == 200
        finally:
            release.set()
            first.join(30)
        assert answers[0].status_code == 200
        assert answers[0].json() == real(statute, CASE).to_dict()
        monkeypatch.setattr(type(statute), "decide", real)
        assert busy.post(f"/v1/decide/{CT}", json=CASE).status_code == 200  # a place is free


def test_the_limit_in_flight_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="positive"):
        ServiceConfig(max_in_flight=0)
    pytest.importorskip("uvicorn")
    assert cli.main(["serve", "--max-in-flight", "0"]) == 2
    assert "--max-in-flight must be positive" in capsys.readouterr().err


# ---- the decision log -------------------------------------------------------------------------


def test_the_log_holds_no_case_unless_asked(tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    with TestClient(create_app(ServiceConfig(preload=False, log_path=log))) as logged:
        logged.post(f"/v1/decide/{CT}", json=[CASE, UNKNOWN_FACTS])
        logged.post(f"/v1/explain/{CT}", json=CASE)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 3
    decision = expected(CT, CASE)
    first = lines[0]
    assert first["statute"] == CT and first["digest"] == decision["digest"]
    assert first["outcomes"] == decision["outcomes"]
    assert first["max_hold"] == decision["max_hold"] and first["max_hold"]["hours"] == 48
    assert first["warnings"] == [w["code"] for w in decision["warnings"]]
    assert "secondary-source" in first["warnings"]  # (c), read from the OLR analyses
    assert first["trustlaw"] == trustlaw.__version__
    assert first["case_id"] is None and "case" not in first
    assert first["endpoint"] == "decide" and lines[2]["endpoint"] == "explain"
    assert first["time"].endswith("+00:00")
    assert "gang_database" not in log.read_text()

    with_cases = tmp_path / "with-cases.jsonl"
    config = ServiceConfig(preload=False, log_path=with_cases, log_cases=True)
    with TestClient(create_app(config)) as logged:
        logged.post(f"/v1/decide/{CT}", json=CASE)
    assert json.loads(with_cases.read_text())["case"] == CASE


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_log_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """The log holds case ids and outcomes, with --log-cases whole cases: a new one was
    created world-readable (0644 under the usual umask); an existing file keeps its mode."""
    from trustlaw.service.decision_log import DecisionLog

    new = tmp_path / "new.jsonl"
    DecisionLog(new, trustlaw.__version__, with_cases=True).close()
    assert new.stat().st_mode & 0o777 == 0o600
    shared = tmp_path / "shared.jsonl"
    shared.touch(mode=0o640)
    shared.chmod(0o640)
    DecisionLog(shared, trustlaw.__version__).close()
    assert shared.stat().st_mode & 0o777 == 0o640


# ---- the OpenAPI document ---------------------------------------------------------------------


def test_the_openapi_document_describes_the_answers(client: TestClient) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = client.get("/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert {"/health", "/v1/statutes", "/v1/decide/{statute_id}", "/v1/explain/{statute_id}",
            "/v1/openapi.json"} <= set(document["paths"])
    schemas = document["components"]["schemas"]

    def check(name: str, value: Any) -> None:
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        jsonschema.Draft202012Validator(schema).validate(value)

    check("Case", CASE)
    with pytest.raises(jsonschema.ValidationError):
        check("Case", {"date": "2015-03-02", "agency": "lunar_base"})
    for case in (CASE, UNKNOWN_FACTS):
        check("Decision", client.post(f"/v1/decide/{CT}", json=case).json())
    check("Error", client.post(f"/v1/decide/{CT}", json={"date": "x"}).json())
    bad_request = client.post(f"/v1/decide/{CT}?on=2020-01-01", json=CASE)
    assert bad_request.status_code == 400 and bad_request.json()["error"] == "bad_request"
    check("Error", bad_request.json())  # every answer a client may get is in the document
    for entry in client.get("/v1/statutes").json():
        check("Statute", entry)
    assert "Decision" in schemas and "case.agency" in schemas


def test_the_openapi_document_names_every_field_the_service_sends(client: TestClient) -> None:
    """A client generated from the document knows every field of a decision (CASES.md 3a:
    case_id, trustlaw, warnings, a ground's verification, a limit's `also`) and of
    /health; the hand-written copy it had described only section 3."""
    jsonschema = pytest.importorskip("jsonschema")
    document = client.get("/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    sent = client.post(f"/v1/decide/{CT}", json={**CASE, "id": "booking-1"}).json()
    assert set(schemas["Decision"]["required"]) == set(sent) == set(
        schemas["Decision"]["properties"])
    assert {key for ground in sent["grounds"]["hold"] for key in ground} <= set(
        schemas["Ground"]["properties"])
    assert "also" in schemas["MaxHold"]["properties"]
    health = document["paths"]["/health"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    assert set(client.get("/health").json()) == set(health["required"])
    schema = {"$ref": "#/components/schemas/Decision", "components": document["components"]}
    without_id = {key: value for key, value in sent.items() if key != "case_id"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(without_id)
    # open to fields a newer service adds: a client keeps reading its answers
    jsonschema.Draft202012Validator(schema).validate({**sent, "added_later": 1})


def test_every_status_the_service_answers_is_in_the_openapi_document(
        client: TestClient) -> None:
    """A client generated from the document handles each answer it can get: a GET with a
    query parameter is 400 and any address may answer 500, which were not listed."""
    paths = client.get("/v1/openapi.json").json()["paths"]
    answers = {
        ("/health", "get"): client.get("/health?x=1"),
        ("/v1/statutes", "get"): client.get("/v1/statutes?x=1"),
        ("/v1/openapi.json", "get"): client.get("/v1/openapi.json?x=1"),
        ("/v1/decide/{statute_id}", "post"): client.post(f"/v1/decide/{CT}", json=[1]),
        ("/v1/explain/{statute_id}", "post"): client.post(f"/v1/explain/{CT}",
                                                          content=b"{}"),
    }
    for (path, method), answer in answers.items():
        responses = paths[path][method]["responses"]
        assert str(answer.status_code) in responses and "500" in responses, path
    # a method an address does not take, and (but for /health) a service answering all
    # the requests it takes at once, whose error word the schema must hold
    wrong = {"/health": client.delete("/health"), "/v1/statutes": client.post("/v1/statutes"),
             "/v1/decide/{statute_id}": client.get(f"/v1/decide/{CT}")}
    for path, answer in wrong.items():
        assert answer.status_code == 405
        assert all("405" in operation["responses"] for operation in paths[path].values())
    for path in ("/v1/statutes", "/v1/openapi.json", "/v1/decide/{statute_id}"):
        assert all("503" in operation["responses"] for operation in paths[path].values())
    words = client.get("/v1/openapi.json").json()["components"]["schemas"]["Error"]
    assert {"busy", "timeout", "method_not_allowed"} <= set(
        words["properties"]["error"]["enum"])


# ---- the command and a real server ------------------------------------------------------------


def test_serve_rejects_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--port", "0"]) == 2
    assert cli.main(["serve", "--max-cases", "0"]) == 2
    assert cli.main(["serve", "--log-cases"]) == 2
    err = capsys.readouterr().err
    assert "--port 0" in err and "--max-cases must be positive" in err and "--log FILE" in err


@pytest.mark.parametrize("timeout", ["inf", "nan", "1e400", "-1", "0"])
def test_serve_s_timeout_must_be_positive_and_finite(
        timeout: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`--timeout inf` was taken, and nothing would ever have timed out."""
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn.Server, "run",
                        lambda *args, **kwargs: pytest.fail("the server started"))
    assert cli.main(["serve", "--port", str(_free_port()), "--timeout", timeout]) == 2
    must = "a finite number of seconds" if timeout in ("inf", "nan", "1e400") else "positive"
    err = capsys.readouterr().err
    assert f"error[TL-U015]: --timeout must be {must}, not " in err and "Traceback" not in err
    with pytest.raises(ValueError, match="positive"):
        ServiceConfig(timeout=float(timeout))


def test_serve_on_a_taken_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1 port {port}" in err and "TL-U016" in err


def test_the_listening_socket_says_it_is_tcp() -> None:
    """asyncio sets TCP_NODELAY only on sockets whose protocol is TCP; without it every
    answer waits for a delayed ACK (about 40 ms a request on loopback)."""
    from trustlaw.cli.serve import _listen

    listener = _listen("127.0.0.1", 0)
    try:
        assert listener.proto == socket.IPPROTO_TCP
        assert listener.getsockname()[0] == "127.0.0.1"
    finally:
        listener.close()


def test_serve_on_an_unknown_host_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    assert cli.main(["serve", "--host", "no-such-host.invalid", "--port", "8000"]) == 2
    assert "cannot listen on no-such-host.invalid" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(url: str, payload: Any) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _listening_addresses(port: int) -> set[str] | None:
    """The IPv4 addresses listening on `port` (Linux /proc), or None where unreadable."""
    try:
        rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    found = set()
    for row in rows:
        local, state = row.split()[1], row.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.mark.slow
def test_a_real_uvicorn_server_answers_on_loopback(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn")
    port = _free_port()
    log = tmp_path / "served.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "trustlaw", "serve", "--port", str(port), "--log", str(log)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as answer:
                    assert json.loads(answer.read())["status"] == "ok"
                    break
            except OSError:  # refused, or accepted but not answered yet (loading)
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        status, body = _post(f"{base}/v1/decide/{CT}", CASE)
        assert status == 200 and body == expected(CT, CASE)
        status, body = _post(f"{base}/v1/decide/{CT}", [CASE, UNKNOWN_FACTS])
        assert status == 200 and body == [expected(CT, CASE), expected(CT, UNKNOWN_FACTS)]
        status, body = _post(f"{base}/v1/decide/{CT}", {"date": "last year"})
        assert status == 400 and body["diagnostics"][0]["message"].startswith("date: ")
        status, body = _post(f"{base}/v1/decide/zz/none", CASE)
        assert status == 404
        # Bound to loopback only: the listening socket's address is 127.0.0.1.
        assert _listening_addresses(port) in ({"127.0.0.1"}, None)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()
    assert len(log.read_text().splitlines()) == 3
