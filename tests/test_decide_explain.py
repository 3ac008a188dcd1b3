"""`trustlaw decide … --explain`: each decision with the worded account `trustlaw explain`
prints (`Statute.explain(case, in_words=True)`): after it in text, as its `"explanation"`
field in JSON, for one case, several statutes and JSON lines (one output line per input
line still). The wording itself is the explain modules' to choose: these tests compare
with `Statute.explain` and check the provisions and the shape, never a sentence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run
from example_cases import fact_pattern

import trustlaw
from trustlaw.decisions.schema import decision_schema

CT, CA = "ct/pa-13-155", "ca/sb54-2017"


def pattern(name: str) -> dict[str, Any]:
    """The owner's fact pattern `name` (tests/fact_patterns/ct.json): its case."""
    return fact_pattern("ct.json", name)


FELONY = pattern("ct13-felony-federal-court")  # hold permitted under (b)(1)
UNKNOWN = pattern("ct13-convictions-unknown")  # hold undetermined: convictions not given


def worded(statute_id: str, case: dict[str, Any]) -> str:
    return str(trustlaw.load(statute_id).explain(case, in_words=True))


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(FELONY), encoding="utf-8")
    return path


@pytest.fixture
def lines_file(tmp_path: Path) -> Path:
    """Three cases and, as line 2, one that is not valid; line 4 is empty."""
    path = tmp_path / "cases.jsonl"
    rows = [json.dumps(FELONY), json.dumps({"date": "x"}), json.dumps(UNKNOWN), "",
            json.dumps({**FELONY, "id": "booking-5"})]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_text_prints_each_decision_then_its_worded_account(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, plain, _ = run(capsys, "decide", CT, str(case_file))
    assert code == 0
    code, out, _ = run(capsys, "decide", CT, str(case_file), "--explain")
    assert code == 0
    account = worded(CT, FELONY)
    assert out == plain.rstrip("\n") + "\n\n" + account
    # the account says which provision decided, and names the facts in words, not paths
    decision = trustlaw.load(CT).decide(FELONY)
    deciding = decision.grounds["hold"][0].provision
    assert deciding == "(b)(1)" and f"{deciding} (" in account
    assert decision.grounds["hold"][0].citation in account
    assert "convictions[0].court is federal" not in account
    assert "convictions[0].court is federal" in trustlaw.load(CT).explain(FELONY)


def test_several_statutes_give_one_account_each_in_order(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, out, _ = run(capsys, "decide", CT, CA, str(case_file), "--explain")
    assert code == 0
    first, second = worded(CT, FELONY), worded(CA, FELONY)
    assert out.count(first) == 1 and out.count(second) == 1
    assert out.index(first) < out.index(f"{CA}: ") < out.index(second)
    assert out.startswith(f"{CT}: ")


def test_json_adds_the_explanation_field_and_changes_no_other(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, out, _ = run(capsys, "decide", CT, str(case_file), "--format", "json", "--explain")
    assert code == 0
    printed = json.loads(out)
    decision = trustlaw.load(CT).decide(FELONY).to_dict()
    assert list(printed) == [*decision, "explanation"]  # extended after, nothing renamed
    assert {k: v for k, v in printed.items() if k != "explanation"} == decision
    assert printed["explanation"] == worded(CT, FELONY)
    code, out, _ = run(capsys, "decide", CT, str(case_file), "--format", "json")
    assert "explanation" not in json.loads(out)  # only when asked for


def test_json_of_several_statutes_explains_each_decision(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    code, out, _ = run(capsys, "decide", CT, CA, str(case_file), "--format", "json",
                       "--explain")
    assert code == 0
    decisions = json.loads(out)["decisions"]
    assert [d["statute"] for d in decisions] == [CT, CA]
    assert [d["explanation"] for d in decisions] == [worded(CT, FELONY), worded(CA, FELONY)]


def test_a_decision_with_its_explanation_fits_the_decision_schema(
        capsys: pytest.CaptureFixture[str], case_file: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(decision_schema())
    code, out, _ = run(capsys, "decide", CT, str(case_file), "--format", "json", "--explain")
    assert code == 0
    printed = json.loads(out)
    validator.validate(printed)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**printed, "explanation": ["not", "a", "string"]})
    assert "explanation" not in decision_schema()["required"]  # decide() alone has none


def test_json_lines_keep_one_line_per_input_line(
        capsys: pytest.CaptureFixture[str], lines_file: Path) -> None:
    code, out, err = run(capsys, "decide", CT, str(lines_file), "--explain")
    assert code == 1  # line 2 is not a valid case, line 4 is empty
    lines = out.splitlines()
    assert len(lines) == 5
    rows = [json.loads(line) for line in lines]
    assert rows[0]["explanation"] == worded(CT, FELONY)
    assert rows[2]["explanation"] == worded(CT, UNKNOWN)
    assert rows[4]["case_id"] == "booking-5"
    assert rows[4]["explanation"] == worded(CT, {**FELONY, "id": "booking-5"})
    assert rows[1]["line"] == 2 and "explanation" not in rows[1] and "error" in rows[1]
    assert rows[3]["line"] == 4 and "explanation" not in rows[3]
    assert f"{lines_file}:2:" in err
    # the undetermined outcome's account names what is still to give, by its path
    assert "convictions" in rows[2]["explanation"]
    assert rows[2]["outcomes"]["hold"] == "undetermined"


def test_json_lines_under_several_statutes_explain_each_decision(
        capsys: pytest.CaptureFixture[str], lines_file: Path) -> None:
    code, out, _ = run(capsys, "decide", CT, CA, str(lines_file), "--explain")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5
    assert rows[0]["line"] == 1
    assert [d["statute"] for d in rows[0]["decisions"]] == [CT, CA]
    assert [d["explanation"] for d in rows[0]["decisions"]] == [
        worded(CT, FELONY), worded(CA, FELONY)]
    assert "decisions" not in rows[1] and rows[1]["line"] == 2


def test_json_lines_on_stdin_are_explained_as_they_arrive(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(FELONY) + "\n" + json.dumps(UNKNOWN) + "\n"
    code, out, _ = run(capsys, "decide", CT, "-", "--explain", stdin=text,
                       monkeypatch=monkeypatch)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["explanation"] for r in rows] == [worded(CT, FELONY), worded(CT, UNKNOWN)]


def test_json_lines_as_text_put_each_account_under_its_line(
        capsys: pytest.CaptureFixture[str], lines_file: Path) -> None:
    code, out, _ = run(capsys, "decide", CT, str(lines_file), "--explain", "--format", "text")
    assert code == 1
    parts = out.split(f"--- {lines_file}:")[1:]
    assert [p.split("\n", 1)[0] for p in parts] == ["1", "2", "3", "4", "5"]
    assert parts[0].endswith(worded(CT, FELONY))
    assert parts[2].endswith(worded(CT, UNKNOWN))
    assert "What " not in parts[1] and "not a valid case" in parts[1]


def test_a_jurisdiction_explains_under_the_version_in_force_on_each_date(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    later = {**FELONY, "date": "2020-03-02"}
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps(FELONY) + "\n" + json.dumps(later) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "decide", "ct", str(path), "--explain")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["statute"] == CT and second["statute"] == "ct/pa-19-20"
    assert first["explanation"] == worded(CT, FELONY)
    assert second["explanation"] == worded("ct/pa-19-20", later)


@pytest.mark.parametrize("backend", ["compiled", "interpreter"])
def test_both_backends_explain_alike(capsys: pytest.CaptureFixture[str], case_file: Path,
                                     backend: str) -> None:
    code, out, _ = run(capsys, "decide", CT, str(case_file), "--format", "json",
                       "--explain", "--backend", backend)
    assert code == 0
    assert json.loads(out)["explanation"] == worded(CT, FELONY)


def test_the_help_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decide", "--help")
    assert code == 0 and "--explain" in out and "trustlaw explain" in out


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None])
def test_in_words_takes_only_true_or_false(value: Any) -> None:
    """`in_words="false"` would be truthy, and give the worded account it declines."""
    with pytest.raises(trustlaw.UsageTypeError) as raised:
        trustlaw.load("ct/pa-13-155").explain(FELONY, in_words=value)
    assert raised.value.diagnostics[0].code == "TL-U020"
    assert raised.value.diagnostics[0].message.startswith(
        "explain(in_words=…) takes True or False, not")
