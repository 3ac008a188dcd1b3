"""`trustlaw impact` counts a table at a time: the counts, transitions and their order are
those of a plain count over the batch's rows, one case at a time."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the batch path needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("pyarrow", reason="the batch path needs pyarrow: pip install -e '.[sql]'")

import trustlaw
from trustlaw import ir
from trustlaw.caseload.impact import Impact, impact
from trustlaw.caseload.io import write_cases
from trustlaw.cases.synth import synthesize
from trustlaw.diagnostics import UsageError

IDS = ("ct/pa-13-155", "ct/pa-19-20", "ca/sb54-2017")


def _counted_row_by_row(rows: list[dict[str, Any]], per_case: int,
                        cases: list[dict[str, Any]] | None = None) -> Impact:
    """The oracle: every case's rows, one case at a time; the first three in error quoted;
    with the `cases`, those decide() finds dated outside each statute's period in force
    (`in_force` false) or undated."""
    order: list[str] = []
    outside: dict[str, int] = {}
    undated = 0
    quoted: list[tuple[str, str]] = []
    counts: dict[str, dict[str, dict[Any, int]]] = {}
    transitions: dict[tuple[str, str], dict[str, dict[Any, int]]] = {}
    zero_hours: dict[str, dict[str, int]] = {}
    zero_moves: dict[tuple[str, str], dict[Any, int]] = {}
    # holds permitted or required by the provision saying the law does not bind the agency
    unbound: dict[str, dict[str, int]] = {}
    # and those of a person recorded as a citizen, which the decision warns of
    citizens: dict[str, dict[str, int]] = {}
    total = errors = 0
    for start in range(0, len(rows), per_case):
        same_case = rows[start:start + per_case]
        total += 1
        if same_case[0]["error"] is not None:
            errors += 1
            if len(quoted) < 3:
                quoted.append((same_case[0]["case_id"], same_case[0]["error"]))
            continue
        if cases is not None:
            case = cases[start // per_case]
            undated += "date" not in case
            for row in same_case:
                statute = trustlaw.load(row["statute"])
                decision = statute.decide(case)
                outside[row["statute"]] = outside.get(row["statute"], 0) + (
                    decision.in_force is False)
                kinds = {r.id: r.kind for r in statute.program.rules}
                by = unbound.setdefault(row["statute"], {"permitted": 0, "required": 0})
                if decision.outcomes["hold"] in by and any(
                        kinds[rule] == "scope"
                        for rule in decision.evaluation.deciding.get("hold", ())):
                    by[decision.outcomes["hold"]] += 1
                of = citizens.setdefault(row["statute"], {"permitted": 0, "required": 0})
                if decision.outcomes["hold"] in of and "citizen" in {
                        w["code"] for w in decision.warnings}:
                    of[decision.outcomes["hold"]] += 1
        for row in same_case:
            if row["statute"] not in counts:
                order.append(row["statute"])
                counts[row["statute"]] = {o: {} for o in ir.OUTCOMES}
                zero_hours[row["statute"]] = {"permitted": 0, "required": 0}
            if row["hold"] in ("permitted", "required") and row["max_hold_hours"] == 0:
                zero_hours[row["statute"]][row["hold"]] += 1
            for outcome in ir.OUTCOMES:
                tally = counts[row["statute"]][outcome]
                tally[row[outcome]] = tally.get(row[outcome], 0) + 1
        for first, second in itertools.combinations(same_case, 2):
            pair = transitions.setdefault((first["statute"], second["statute"]),
                                          {o: {} for o in ir.OUTCOMES})
            for outcome in ir.OUTCOMES:
                move = (first[outcome], second[outcome])
                pair[outcome][move] = pair[outcome].get(move, 0) + 1
            if 0 in (first["max_hold_hours"], second["max_hold_hours"]):  # no hold asked
                nothing = zero_moves.setdefault((first["statute"], second["statute"]), {})
                move = (first["hold"], second["hold"])
                nothing[move] = nothing.get(move, 0) + 1
    if cases is None:
        return Impact(tuple(order), total, errors, counts, transitions, tuple(quoted),
                      zero_hour_holds=zero_hours, zero_hour_moves=zero_moves)
    from trustlaw.caseload.periods import Period

    return Impact(tuple(order), total, errors, counts, transitions, tuple(quoted),
                  zero_hour_holds=zero_hours, zero_hour_moves=zero_moves,
                  periods=tuple(Period.of(trustlaw.load(i)) for i in order),
                  outside_period={i: outside.get(i, 0) for i in order}, date_unknown=undated,
                  unbound_holds={i: unbound.get(i, {"permitted": 0, "required": 0})
                                 for i in order},
                  citizen_holds={i: citizens.get(i, {"permitted": 0, "required": 0})
                                 for i in order})


def _same(got: Impact, want: Impact) -> None:
    assert got == want
    # the order of every tally too (a tie in the printed tables keeps it)
    assert [list(t) for by in got.counts.values() for t in by.values()] == \
        [list(t) for by in want.counts.values() for t in by.values()]
    assert [list(m) for by in got.transitions.values() for m in by.values()] == \
        [list(m) for by in want.transitions.values() for m in by.values()]
    for fmt in ("text", "markdown"):
        assert got.render(fmt) == want.render(fmt)
    assert got.to_dict() == want.to_dict()


@pytest.mark.parametrize("suffix", ["parquet", "jsonl", "csv"])
def test_impact_counts_what_the_rows_say(tmp_path: Path, suffix: str) -> None:
    cases = list(synthesize(3000, seed=5))
    for case in cases[::17]:  # cases in error are counted apart
        case["agency"] = "sheriff"
    for case in cases[5::23]:  # and of those decided, the undated ones
        del case["date"]
    path = tmp_path / f"cases.{suffix}"
    statutes = [trustlaw.load(i) for i in IDS]
    write_cases(cases, path, statutes[0].vocabulary)
    rows = trustlaw.batch(statutes, path).to_pylist()
    want = _counted_row_by_row(rows, len(IDS), cases)
    assert want.errors == len(cases[::17]) and want.cases == len(cases)
    assert any(by["permitted"] for by in want.zero_hour_holds.values())  # some are counted
    assert any(n for by in want.zero_hour_moves.values() for (a, b), n in by.items()
               if a != b)  # and moves of holds no request asked for
    assert want.date_unknown and all(want.outside_period.values())
    # holds left to an agency a law does not bind: counted for each law that binds some
    assert all(by["permitted"] for by in want.unbound_holds.values())
    _same(impact(IDS, path), want)


def test_a_caseload_all_in_error_lists_its_statutes_with_no_counts(tmp_path: Path) -> None:
    """A program reading ``counts[statute]`` finds every statute it asked about."""
    path = tmp_path / "cases.jsonl"
    path.write_text('{"agency": "sheriff"}\n' * 3, encoding="utf-8")
    result = impact(IDS[:2], path)
    assert (result.cases, result.errors, result.statutes) == (3, 3, tuple(IDS[:2]))
    assert result.counts == {s: {o: {} for o in ir.OUTCOMES} for s in IDS[:2]}
    assert result.transitions == {}
    assert result.render().count("no case decided") == 2


def test_one_case_decided_is_said_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"date": "2015-01-01"}\n', encoding="utf-8")
    assert impact(IDS[:1], path).render().splitlines()[0] == "1 case decided"
    path.write_text('{"date": "2015-01-01"}\n' * 2, encoding="utf-8")
    assert impact(IDS[:1], path).render("markdown").splitlines()[0] == "## 2 cases decided"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv"])
@pytest.mark.parametrize("engine", ["duckdb", "auto"])
def test_a_comparisons_caseload_counted_by_columns_as_by_rows(tmp_path: Path,
                                                              engine: str, fmt: str) -> None:
    # `trustlaw compare A B --cases FILE`: regions, transitions (in order) and the first
    # error are those of the cases read one by one
    pytest.importorskip("z3", reason="a comparison needs z3: pip install -e '.[solver]'")
    from trustlaw.analysis.compare.impact import _by_columns, impact_file, read_cases
    from trustlaw.analysis.compare.impact import impact as compare_impact

    comparison = trustlaw.compare(IDS[0], IDS[1])
    cases = list(synthesize(2500, seed=7))
    for case in cases[5::13]:
        case["agency"] = "sheriff"
    for case in cases[3::29]:
        case["person"] = {**(case.get("person") or {}), "age": 131}
    path = tmp_path / f"cases.{fmt}"
    write_cases(cases, path, comparison.a.vocabulary)
    unreadable = 0
    if fmt == "jsonl":  # a blank line (numbered, no case) and a line the reader refuses
        lines = path.read_text().splitlines(keepends=True)
        lines[10:10] = ["\n", '{"date": 5}\n']
        path.write_text("".join(lines))
        unreadable = 1
    if fmt == "csv":  # a blank line (no row) and a row of one cell
        lines = path.read_text().splitlines(keepends=True)
        lines[10:10] = ["\n", "x\n"]
        path.write_text("".join(lines))
        unreadable = 1
    assert _by_columns(comparison, path, engine) is not None
    got = impact_file(comparison, path, engine=engine)
    wants = [compare_impact(comparison, read_cases(path, comparison.a.vocabulary,
                                                   as_json=False), engine=engine)]
    if fmt == "parquet":
        wants.append(compare_impact(comparison, cases, engine="python"))
    for want in wants:
        assert got.to_dict() == want.to_dict()
        assert [list(t) for t in got.transitions.values()] == \
            [list(t) for t in want.transitions.values()]
        assert got.counts == want.counts and got.render() == want.render()
    assert got.invalid == len({*range(5, 2500, 13), *range(3, 2500, 29)}) + unreadable
    assert got.first_error is not None and got.first_error.startswith("case synth-7-3: person.age")
    assert sum(got.counts) > 0


def test_a_statute_named_twice_is_refused(tmp_path: Path) -> None:
    # a row names its statute by its id: two of one id could not be told apart
    path = tmp_path / "cases.jsonl"
    write_cases(list(synthesize(5, seed=6)), path, trustlaw.load(IDS[0]).vocabulary)
    for call in (lambda: impact((IDS[0], IDS[2], IDS[0]), path),
                 lambda: trustlaw.batch([IDS[0], trustlaw.load(IDS[0])], path)):
        with pytest.raises(UsageError, match=r"TL-U024.*`ct/pa-13-155` is named twice"):
            call()


def test_impact_quotes_the_first_cases_in_error_in_every_format(tmp_path: Path) -> None:
    """impact writes no rows, so its report is the only place the errors can be seen: the
    first three are quoted (as data, in a Markdown code block), and listed in JSON."""
    source = tmp_path / "export.csv"
    source.write_text("id,date,convictions\n" + "".join(f"r{n},2015-03-02,[oops\n"
                                                       for n in range(4)), encoding="utf-8")
    result = impact(IDS[:2], source)
    assert (result.cases, result.errors) == (4, 4)
    assert [case_id for case_id, _ in result.first_errors] == ["r0", "r1", "r2"]
    error = result.first_errors[0][1]
    assert error.startswith("row 1, column `convictions` is not valid JSON")
    assert result.render().splitlines()[1:7] == [
        "", "the first cases in error (by id, else row counted from 0):", f"  case r0: {error}",
        f"  case r1: {result.first_errors[1][1]}", f"  case r2: {result.first_errors[2][1]}",
        "  … 1 more (`trustlaw batch` writes each one's error)"]
    markdown = result.render("markdown").splitlines()
    assert markdown[2] == "```text" and markdown[8] == "```"  # the error's ` cannot close it
    assert markdown[4] == f"  case r0: {error}"
    assert result.to_dict()["first_errors"][0] == {"case_id": "r0", "error": error}


def test_a_pair_with_a_jurisdiction_says_how_many_cases_it_compares() -> None:
    """`impact ct/pa-13-155 ca` compared only the cases a version of `ca` governs and
    said "(none: every case is decided alike)" of the whole caseload; in Markdown that
    line stood as a row of the table."""
    early = [{"id": f"e{i}", "date": "2012-03-05", "agency": "county_jail",
              "request": {"kinds": ["notification"]}} for i in range(2)]
    later = [{"id": f"l{i}", "date": "2016-03-07", "agency": "probation",
              "request": {"kinds": ["interview"]}} for i in range(2)]
    result = impact(["ct/pa-13-155", "ca"], early + later)
    assert result.unplaced == {"ca": 2}
    pair = result.render().split("ct/pa-13-155 → ca: cases decided differently\n", 1)[1]
    assert pair.startswith("  (among the 2 cases both decide; the 2 that no version of `ca` "
                           "governs are left out)\n  hold ")
    other = [{"id": "a", "date": "2016-03-07", "agency": "other"},
             {"id": "b", "date": "2010-03-07", "agency": "other"}]
    alike = impact(["us/detainer-regulation", "ca"], other)
    assert alike.render().endswith(
        "  (among the 1 case both decide; the 1 that no version of `ca` governs is left out)"
        "\n  (none: every case both decide is decided alike)")
    markdown = alike.render("markdown").split(" → ca: cases decided differently", 1)[1]
    assert "| outcome |" not in markdown
    assert markdown.endswith("\n\nNone: every case both decide is decided alike.")


def test_moves_of_other_actions_say_they_count_every_request() -> None:
    """A hold's move says how many of its requests asked for no hold; a transfer's cannot,
    so the pair says that its count is of what the laws allow, not of transfers asked."""
    def of(moves: dict[str, dict[tuple[str, str], int]]) -> list[str]:
        table = Impact(("a/x", "b/y"), 10, 0, {}, {("a/x", "b/y"): moves})
        return table._pair_lines("a/x", "b/y", moves, 10, False)

    hold = {"hold": {("permitted", "prohibited"): 4, ("permitted", "permitted"): 6}}
    transfer = {"transfer": {("permitted", "prohibited"): 4, ("permitted", "permitted"): 6}}
    assert not any("whatever the request asked for" in line for line in of(hold))
    assert any("whatever the request asked for" in line for line in of({**hold, **transfer}))
