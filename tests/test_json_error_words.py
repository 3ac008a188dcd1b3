"""A case file, a JSON line or a service body that is not JSON is told what is wrong in
words a person who typed it reads (an empty file, a comma with nothing after it, single
quotes, two cases in a `.json`), not Python's "Expecting value"."""

from __future__ import annotations

import pytest

from trustlaw.cases.json_text import read_case_json
from trustlaw.diagnostics import CaseError


@pytest.mark.parametrize(("text", "words", "column"), [
    ("", "it is empty", 1),
    ("  \n", "it is empty", 1),
    ('{"date": "2015-03-02",}', "a comma with nothing after it (JSON allows no comma "
     "before `]` or `}`)", 23),
    ('{"convictions": [{"level": "felony"},]}', "a comma with nothing after it", 38),
    ("{'date': '2015-03-02'}", "expected a name in double quotes (JSON has no single quotes "
     "or bare names)", 2),
    ('{"date": }', "expected a value (text in double quotes, a number, true, false, null, "
     "{…} or […])", 10),
    ('{"date": "2015-03-02"}\n{"date": "2015-03-03"}', "there is more after the first "
     "value: one case is one JSON object (several are a JSON array, or JSON lines in a "
     "file named .jsonl)", 1),
    ('{"date": "2015-03-02', "a text in double quotes is never closed", 10),
    ('{"person": {"age": 034}}', "a number may not start with 0 (write 34, not 034)", 21),
    ('{"date" "2015-03-02"}', 'expected a colon after the name in an object (`"name": '
     'value`)', 9),
    ('{"agency": "x"\n "date": "2015-03-02"}', "expected a comma between two values, or "
     "the `]` or `}` that ends them", 2),
    ('{"agency": "state\ncorrections"}', "a text in double quotes holds a line break or a "
     "tab (write them as \\n and \\t)", 18),
    ('{"agency": "a\\qb"}', "a backslash starts no escape JSON knows (write \\\\ for "
     "a backslash)", 14),
    ('{"agency": "\\u12"}', "a \\u escape needs four hexadecimal digits", 14),
])
def test_a_case_that_is_not_json_is_told_why(text: str, words: str, column: int) -> None:
    with pytest.raises(CaseError) as raised:
        read_case_json(text, "case.json")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message.startswith(f"the case is not valid JSON: {words}")
    assert diagnostic.span is not None and diagnostic.span.column == column


def test_a_json_line_is_told_the_same_words() -> None:
    with pytest.raises(CaseError) as raised:
        read_case_json('{"date": "2015-03-02",}', "cases.jsonl", line=3)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message == ("the line is not valid JSON at column 23: a comma with "
                                  "nothing after it (JSON allows no comma before `]` or `}`)")


def test_the_service_tells_an_empty_body_so() -> None:
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from trustlaw.service.app import create_app

    client = TestClient(create_app())
    answer = client.post("/v1/decide/ct/pa-13-155", content=b"",
                         headers={"content-type": "application/json"})
    assert answer.status_code == 400
    (diagnostic,) = answer.json()["diagnostics"]
    assert diagnostic["message"] == "the body is not valid JSON at line 1, column 1: it is empty"
