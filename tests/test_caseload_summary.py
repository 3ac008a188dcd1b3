"""What `trustlaw batch` and `trustlaw impact` print per statute: the shares in one fixed
order, the holds of 0 hours among those permitted or required, the statute's status and
the cases dated outside its period in force."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

from trustlaw import ir
from trustlaw.caseload.impact import Impact, impact
from trustlaw.caseload.run import Summary
from trustlaw.cli import main


def _counts(**by_result: int) -> dict[str, dict[str, int]]:
    return {outcome: dict(by_result) for outcome in ir.OUTCOMES}


def test_the_shares_come_in_one_fixed_order_for_every_statute() -> None:
    """Ordered by count, one statute's line began with prohibited and the next's with
    permitted, so two lines could not be read side by side."""
    counts: dict[str, Any] = {"a": _counts(permitted=6, undetermined=1, prohibited=3),
                              "b": _counts(undetermined=2, required=1, prohibited=7)}
    lines = Summary(("a", "b"), counts, errors=0, cases=10).render().splitlines()
    assert "  hold          prohibited 3 (30.0%), permitted 6 (60.0%), undetermined 1 (10.0%)" \
        in lines
    assert "  hold          prohibited 7 (70.0%), required 1 (10.0%), undetermined 2 (20.0%)" \
        in lines
    text = Impact(("a", "b"), 10, 0, counts, {}).render().splitlines()
    assert [line.split()[1] for line in text if line.startswith("  hold")] == [
        "prohibited", "permitted", "undetermined", "prohibited", "required", "undetermined"]


def _jsonl(path: Path, cases: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(case) + "\n" for case in cases), encoding="utf-8")
    return path


def _asking(kinds: list[str], form: str = "I-247D", **more: Any) -> dict[str, Any]:
    return {"date": "2015-03-02", "agency": "probation",
            "request": {"kinds": kinds, "form": form}, **more}


def test_the_holds_of_zero_hours_are_counted_apart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A request that asks for no hold (its kinds, or Form I-247N) is "hold permitted"
    with 0 hours: the summary said "permitted 3" of holds two of which keep nobody."""
    source = _jsonl(tmp_path / "cases.jsonl", [
        _asking(["hold", "notification"]), _asking(["notification"]),
        _asking(["hold"], "I-247N"), {"agency": "sheriff"}])
    assert main(["batch", "ct/pa-13-155", "--cases", str(source),
                 "--out", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out.splitlines()
    # at adult probation, which the 2013 act does not bind: the count says that too
    assert ("  hold          permitted 3 (100.0%; 2 of them on requests that ask for no hold, "
            "so 0 hours; 3 of them at an agency the law does not bind)" in out)
    assert "  transfer      permitted 3 (100.0%)" in out  # only the hold's line says it
    result = impact(["ct/pa-13-155", "us/detainer-regulation"], source)
    assert result.to_dict()["zero_hour_holds"] == {
        "ct/pa-13-155": {"permitted": 2, "required": 0},
        "us/detainer-regulation": {"permitted": 0, "required": 0}}
    text = result.render().splitlines()
    assert ("  hold          permitted              3  100.0%  (2 of them on requests that ask "
            "for no hold, so 0 hours; 3 of them at an agency the law does not bind)") in text
    assert ("| hold | permitted (2 of them on requests that ask for no hold, so 0 hours; 3 of "
            "them at an agency the law does not bind) | 3 | 100.0% |"
            ) in result.render("markdown").splitlines()
    assert result.to_dict()["unbound_holds"] == {
        "ct/pa-13-155": {"permitted": 3, "required": 0},
        "us/detainer-regulation": {"permitted": 0, "required": 0}}


STATUSES = ["ct/hb6659-raised-2013", "us/secure-communities", "ct/pa-13-155", "ct/pa-25-29"]


def test_a_statute_that_is_not_law_in_force_says_so_and_counts_the_cases_it_did_not_govern(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bill that died, a policy model and cases dated outside a law's period in force
    were summarised as if each were the law of every case, with no word of it."""
    cases = [_asking(["hold"]), _asking(["hold"], date="2020-06-01"),
             {"agency": "county_jail", "request": {"kinds": ["hold"], "form": "I-247D"}},
             {"date": "2015-03-02", "agency": "sheriff"}]  # in error: not counted
    source = _jsonl(tmp_path / "cases.jsonl", cases)
    assert main(["batch", *STATUSES, "--cases", str(source),
                 "--out", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out.splitlines()
    never = "  (never in force: every case is decided as if it had become law)"
    assert out[out.index("ct/hb6659-raised-2013 (died in the legislature and never became "
                         "law):") + 1] == never
    assert out[out.index("us/secure-communities (a policy model, not a law):") + 1] == never
    assert out[out.index("ct/pa-13-155 (superseded on 2019-10-01):") + 1] == (
        "  (1 case is dated outside its period in force, 2014-01-01 to 2019-09-30, and 1 has "
        "no date; they are decided as if it applied)")
    assert out[out.index("ct/pa-25-29:") + 1] == (
        "  (2 cases are dated before it came into force on 2025-10-01, and 1 has no date; "
        "they are decided as if it applied)")
    # the same counts from case dicts (the row route), and in impact's JSON
    result = impact(STATUSES, cases)
    assert result.to_dict()["periods"]["ct/pa-13-155"] == {
        "status": "superseded", "in_force": "2014-01-01", "superseded": "2019-10-01",
        "outside_period": 1, "date_unknown": 1}
    assert result.to_dict()["periods"]["us/secure-communities"]["outside_period"] == 2
    assert "### ct/pa-13-155 (superseded on 2019-10-01)" in result.render("markdown")


def test_a_law_in_force_on_every_case_date_gets_no_note() -> None:
    result = impact("ca/sb54-2017", [_asking(["hold"], date="2019-03-02")])
    assert result.render().splitlines()[2:4] == [
        "ca/sb54-2017", "  hold          prohibited             1  100.0%"]


@pytest.mark.parametrize("statutes", [["ct/pa-13-155"], ["ct/pa-13-155", "ca/sb54-2017"]])
def test_cases_sharing_an_id_are_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], statutes: list[str]) -> None:
    """Two cases with one `id` were decided and written without a word, and a researcher
    joining the rows back to the cases by case_id matched each row to both."""
    source = _jsonl(tmp_path / "cases.jsonl", [
        {"id": "A-1", **_asking(["hold"])}, {"id": "A-2", **_asking(["hold"])},
        {"id": "A-1", **_asking(["notification"])}, {"id": "A-1", "agency": "sheriff"},
        _asking(["hold"])])  # no id: its row number, 4
    assert main(["batch", *statutes, "--cases", str(source),
                 "--out", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out
    assert ("(2 cases have the id of an earlier case: joined back by case_id, their rows "
            "cannot be told apart; the rows follow the order of the cases)") in out
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["case_id"] for r in rows][::len(statutes)] == ["A-1", "A-2", "A-1", "A-1", "4"]


def test_cases_with_their_own_ids_say_nothing_of_ids(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _jsonl(tmp_path / "cases.jsonl", [
        {"id": "A-1", **_asking(["hold"])}, _asking(["hold"]), {"id": "2", "agency": "x"}])
    assert main(["batch", "ct/pa-13-155", "--cases", str(source),
                 "--out", str(tmp_path / "out.jsonl")]) == 0
    assert "the id of an earlier case" not in capsys.readouterr().out


def test_holds_of_a_person_recorded_as_a_citizen_are_counted_apart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each decision warns of a hold not prohibited of a recorded citizen (`citizen`);
    a summary of such rows said only "permitted 2". With the warnings read (impact always
    reads them; batch with --warnings) the count says how many, for the law with no rule
    on citizens, and nothing for the one whose rule prohibits those holds."""
    felon = {"date": "2016-03-02", "agency": "state_corrections", "charges": [],
             "warrants": [], "convictions": [{"level": "felony", "court": "this_state",
                                              "youthful_offender": False, "vacated": False}],
             "request": {"kinds": ["hold"], "form": "I-247D"}}
    source = _jsonl(tmp_path / "cases.jsonl", [
        {**felon, "person": {"us_citizen": True}}, {**felon, "person": {"us_citizen": False}}])
    result = impact(["ct/pa-13-155", "us/detainer-regulation"], source)
    assert result.to_dict()["citizen_holds"] == {
        "ct/pa-13-155": {"permitted": 1, "required": 0},
        "us/detainer-regulation": {"permitted": 0, "required": 0}}
    assert ("  hold          permitted              2  100.0%  (1 of them of a person "
            "recorded as a citizen)") in result.render().splitlines()
    assert main(["batch", "ct/pa-13-155", "--cases", str(source), "--warnings",
                 "--out", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  hold          permitted 2 (100.0%; 1 of them of a person recorded as a citizen)" \
        in out
