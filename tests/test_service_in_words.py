"""`POST /v1/explain/{id}?in_words=true`: the service's explanation in the vocabulary's
words, as `trustlaw explain` prints it; by paths without the option, as before. A bad
value, or the option sent where it is not taken, is a 400 that names `in_words`. The
wording is the explain modules' to choose: the answers are compared with
`Statute.explain`, and only provisions and facts are looked for in them."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from example_cases import fact_pattern

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2, and says so on import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import trustlaw
from trustlaw.service import ServiceConfig, create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

CT = "ct/pa-13-155"


def pattern(name: str) -> dict[str, Any]:
    """The owner's fact pattern `name` (tests/fact_patterns/ct.json): its case."""
    return fact_pattern("ct.json", name)


FELONY = pattern("ct13-felony-federal-court")  # hold permitted under (b)(1)
NOT_BOUND = pattern("ct13-probation-not-bound")  # the Act does not bind probation


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(create_app(ServiceConfig(preload=False))) as test_client:
        yield test_client


def test_in_words_gives_the_account_trustlaw_explain_prints(client: TestClient) -> None:
    answer = client.post(f"/v1/explain/{CT}?in_words=true", json=FELONY)
    assert answer.status_code == 200
    body = answer.json()
    statute = trustlaw.load(CT)
    assert body["decision"] == statute.decide(FELONY).to_dict()
    assert body["explanation"] == statute.explain(FELONY, in_words=True)
    assert body["explanation"] != statute.explain(FELONY)
    # the deciding provision is named; the facts are not said by their paths
    ground = statute.decide(FELONY).grounds["hold"][0]
    assert f"{ground.provision} ({ground.citation})" in body["explanation"]
    assert "convictions[0].court is federal" not in body["explanation"]


@pytest.mark.parametrize("query", ["", "?in_words=false"])
def test_without_the_option_the_explanation_is_by_paths(client: TestClient,
                                                         query: str) -> None:
    answer = client.post(f"/v1/explain/{CT}{query}", json=FELONY)
    assert answer.status_code == 200
    assert answer.json()["explanation"] == trustlaw.load(CT).explain(FELONY)
    assert "convictions[0].court is federal" in answer.json()["explanation"]


def test_in_words_with_a_jurisdiction_explains_under_the_law_chosen(
        client: TestClient) -> None:
    answer = client.post("/v1/explain/ct?in_words=true&on=2020-01-01", json=NOT_BOUND)
    assert answer.status_code == 200
    body = answer.json()
    assert body["decision"]["statute"] == "ct/pa-19-20"
    assert body["explanation"] == trustlaw.load("ct/pa-19-20").explain(NOT_BOUND,
                                                                       in_words=True)


@pytest.mark.parametrize("value", ["yes", "1", "True", "", "true "])
def test_a_bad_value_is_400_naming_the_parameter(client: TestClient, value: str) -> None:
    answer = client.post(f"/v1/explain/{CT}", params={"in_words": value}, json=FELONY)
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "bad_request" and "`in_words`" in body["message"]
    (diagnostic,) = body["diagnostics"]
    assert diagnostic["code"] == "TL-U023" and "`in_words`" in diagnostic["message"]
    assert "true" in diagnostic["help"]
    assert "Traceback" not in answer.text


def test_the_option_given_twice_is_400(client: TestClient) -> None:
    answer = client.post(f"/v1/explain/{CT}?in_words=true&in_words=false", json=FELONY)
    assert answer.status_code == 400 and "`in_words`" in answer.json()["message"]


def test_decide_does_not_take_the_option_and_says_where_it_goes(client: TestClient) -> None:
    answer = client.post(f"/v1/decide/{CT}?in_words=true", json=FELONY)
    assert answer.status_code == 400
    (diagnostic,) = answer.json()["diagnostics"]
    assert diagnostic["code"] == "TL-U023" and "`in_words`" in diagnostic["message"]
    assert "/v1/explain/" in diagnostic["help"]


def test_the_option_in_the_body_is_a_bad_case_pointing_to_the_address(
        client: TestClient) -> None:
    answer = client.post(f"/v1/explain/{CT}", json={**FELONY, "in_words": True})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "bad_case"
    (diagnostic,) = body["diagnostics"]
    assert diagnostic["message"].startswith("in_words:")
    assert "?in_words=true" in diagnostic["help"]


def test_a_misspelt_option_is_400_with_a_suggestion(client: TestClient) -> None:
    answer = client.post(f"/v1/explain/{CT}?in_word=true", json=FELONY)
    assert answer.status_code == 400
    assert "`in_words`" in answer.json()["diagnostics"][0]["help"]


def test_the_openapi_document_describes_the_option(client: TestClient) -> None:
    document = client.get("/v1/openapi.json").json()
    explain = document["paths"]["/v1/explain/{statute_id}"]["post"]
    (option,) = [p for p in explain["parameters"] if p["name"] == "in_words"]
    assert option["in"] == "query" and option["required"] is False
    assert option["schema"] == {"type": "boolean", "default": False}
    decide = document["paths"]["/v1/decide/{statute_id}"]["post"]
    assert "in_words" not in [p["name"] for p in decide["parameters"]]
    # the decisions the service sends never carry `decide --explain`'s field
    assert "explanation" not in document["components"]["schemas"]["Decision"]["properties"]
