"""JSON lines at speed: `trustlaw decide ID cases.jsonl --format json` against a hand-written loop.

    python bench/jsonl.py [--cases 20000] [--repeat 5] [--seed N]

Both sides read the same JSON lines (bench/decide.py's mix of PA 13-155 cases, a few
facts unknown now and then) and write one JSON line per case into memory:

- ``hand-written loop``: ``json.loads``, PA 13-155 decided by hand (bench/decide.py's
  functions, with each factor's grounds and the unknown facts behind an undetermined
  hold), and ``json.dumps`` of a decision of the same fields, grounds and duties taken
  from a table made once (the baseline, 1.00x);
- ``trustlaw decide ID cases.jsonl``: the command's own loop (`trustlaw.cli.lines`),
  validating, deciding with the compiled statute and writing each decision (target
  ≤ 3x);
- ``decide + to_json(indent=None)``: the plain API way, for reference.

Before timing, every line's outcomes are checked to agree, and the share of lines the
baseline writes byte for byte as trustlaw does is printed (the baseline leaves
`details_depend_on` empty where a duty or the time limit is open). Rounds interleave the runs, and
each ratio is the median of per-round ratios (the machine may be shared).

Performance claims live here, never in tests (house rule).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from decide import (  # noqa: E402
    BOUND_AGENCIES,
    GANG_LISTING,
    PERSON_FACTORS,
    SEED,
    STATUTE,
    CaseMaker,
    hand_outcomes,
)

import trustlaw  # noqa: E402
from trustlaw.cli.lines import decide_lines  # noqa: E402

# ---- the hand-written baseline -------------------------------------------------------------

HOLD_DUTIES = ("tell-ice-of-48-hour-limit", "release-after-48-hours")
NO_HOLD_FORMS = ("I-247N", "I-247X")  # they ask for no hold: no 48-hour duties
FACTORS = ("(b)(1)", "(b)(2)", "(b)(3)", "(b)(4)", "(b)(5)", "(b)(6)", "(b)(7)")
PERSON_OF = {
    "(b)(4)": ("security_risk_group",),  # or both of GANG_LISTING
    "(b)(5)": ("terrorist_watchlist_match",),
    "(b)(6)": ("final_removal_order",),
    "(b)(7)": ("public_safety_risk",),
}
assert {n for names in PERSON_OF.values() for n in names} == set(PERSON_FACTORS)


def any_of(items: Any, tests: Sequence[tuple[str, Callable[[Any], bool]]], at: str,
           unknown: list[str]) -> bool | None:
    """Three-valued ``any item where all tests``: each test is (key, accepts)."""
    if items is None:
        unknown.append(at)
        return None
    result: bool | None = False
    for index, item in enumerate(items):
        missing = []
        failed = False
        for key, accepts in tests:
            value = item.get(key)
            if value is None:
                missing.append(f"{at}[{index}].{key}")
            elif not accepts(value):
                failed = True
                break
        if failed:
            continue
        if not missing:
            return True
        unknown.extend(missing)
        result = None
    return result


def factors(case: Mapping[str, Any]) -> dict[str, tuple[bool | None, list[str]]]:
    """Each hold factor of (b)(1)-(b)(7): its truth, and the unknown facts behind it."""
    out: dict[str, tuple[bool | None, list[str]]] = {}
    u: list[str] = []
    out["(b)(1)"] = (any_of(case.get("convictions"), [
        ("vacated", lambda v: v is False), ("level", lambda v: v == "felony"),
        ("court", lambda v: v in ("this_state", "other_state", "federal", "district_of_columbia")),
        ("youthful_offender", lambda v: v is False)],
        "convictions", u), u)
    u = []
    out["(b)(2)"] = (any_of(case.get("charges"), [
        ("level", lambda v: v in ("felony", "misdemeanor")),
        ("court", lambda v: v == "this_state"), ("bond_posted", lambda v: v is False),
        ("released_on_promise_to_appear", lambda v: v is False)],
        "charges", u), u)
    u = []
    out["(b)(3)"] = (any_of(case.get("warrants"), [
        ("kind", lambda v: v == "criminal"), ("issued_in", lambda v: v == "this_state")],
        "warrants", u), u)
    person = case.get("person")
    for label, names in PERSON_OF.items():
        if person is None:
            out[label] = (None, ["person"])
            continue
        values = [person.get(n) for n in names]
        gang = [person.get(n) for n in GANG_LISTING] if label == "(b)(4)" else [False, False]
        if False not in gang and None in gang:  # the listing, or who made it, is unknown
            names, values = (*GANG_LISTING, *names), [*gang, *values]
        elif gang == [True, True]:
            values = [True]
        if True in values:
            out[label] = (True, [])
        elif None in values:
            out[label] = (None, [f"person.{n}" for n, v in zip(names, values, strict=True)
                                 if v is None])
        else:
            out[label] = (False, [])
    return out


class HandWritten:
    """PA 13-155's decision lines, written by hand around a table of its texts."""

    def __init__(self, statute: Any):
        decision = statute.decide({"agency": "state_corrections",
                                   "request": {"kinds": ["hold"], "form": "I-247"},
                                   "person": {"gang_database": True,
                                              "gang_identified_by_doc": True}})
        not_bound = statute.decide({"agency": "other"}).to_dict()
        self.head = {"statute": statute.id, "digest": statute.digest}
        rules = {r.provision: r for r in statute.program.rules}
        self.ground = {label: {"citation": rules[label].citation, "text": rules[label].text,
                               "provision": label} for label in (*FACTORS, "(b)")}
        silent = decision.to_dict()["grounds"]
        self.silent = {o: silent[o] for o in ("transfer", "interview")}
        self.not_bound = not_bound["grounds"]
        self.not_bound_hold = not_bound["max_hold"]
        self.notify = [g.to_dict() for g in decision.grounds["notification"]]
        self.max_hold = decision.to_dict()["max_hold"]
        self.duties = {d["id"]: d for d in decision.to_dict()["duties"]}

    def line(self, case: Mapping[str, Any]) -> str:
        outcomes = hand_outcomes(case)
        if case.get("agency") is not None and outcomes == {
            "hold": "permitted", "notification": "permitted",
            "transfer": "permitted", "interview": "permitted",
        } and case.get("agency") not in BOUND_AGENCIES:
            return json.dumps({**self.head, "outcomes": outcomes, "max_hold": self.not_bound_hold,
                               "duties": [], "grounds": self.not_bound, "depends_on": {},
                               "details_depend_on": {}},
                              ensure_ascii=False)
        found = factors(case)
        true = [label for label in FACTORS if found[label][0] is True]
        hold = outcomes["hold"]
        if hold == "permitted":
            hold_grounds = [self.ground[label] for label in true]
        elif hold == "prohibited":
            hold_grounds = [self.ground["(b)"]]
        else:
            hold_grounds = [self.ground[label] for label in FACTORS if found[label][0] is None]
            hold_grounds.append(self.ground["(b)"])
        depends: dict[str, list[str]] = {}
        if hold == "undetermined":
            facts = {f for label in FACTORS if found[label][0] is None for f in found[label][1]}
            depends["hold"] = sorted(facts)
        kinds = (case.get("request") or {}).get("kinds")
        form = (case.get("request") or {}).get("form")
        duties = [self.duties["notify-ice-of-decision"]]
        # the clock's duties: a hold asked, a factor found, and a form known to ask for one
        if kinds is not None and "hold" in kinds and true and form is not None \
                and form not in NO_HOLD_FORMS:
            duties += [self.duties[i] for i in HOLD_DUTIES]
        return json.dumps({
            **self.head,
            "outcomes": outcomes,
            "max_hold": None if hold == "prohibited" else self.max_hold,
            "duties": duties,
            "grounds": {"hold": hold_grounds, "notification": self.notify, **self.silent},
            "depends_on": depends,
            "details_depend_on": {},
        }, ensure_ascii=False)


# ---- timing ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000, help="number of lines (20000)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds (5)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"case generator seed ({SEED})")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.repeat < 1:
        parser.error("--cases and --repeat must be at least 1")

    statute = trustlaw.load(STATUTE)
    maker = CaseMaker(args.seed)
    lines = [json.dumps(maker.case()) + "\n" for _ in range(args.cases)]
    hand = HandWritten(statute)

    def baseline() -> str:
        out = io.StringIO()
        write, loads, line_of = out.write, json.loads, hand.line
        for line in lines:
            write(line_of(loads(line)) + "\n")
        return out.getvalue()

    def command() -> str:
        out = io.StringIO()
        bad = decide_lines([statute], lines, "cases.jsonl", out=out)
        assert bad == 0
        return out.getvalue()

    def plain() -> str:
        out = io.StringIO()
        write, decide = out.write, statute.decide
        for line in lines:
            write(decide(json.loads(line)).to_json(indent=None) + "\n")
        return out.getvalue()

    ours, theirs = command().splitlines(), baseline().splitlines()
    same = 0
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if json.loads(a)["outcomes"] != json.loads(b)["outcomes"]:
            print(f"ABORT: line {index + 1}: the baseline decides otherwise\n{a}\n{b}")
            return 1
        same += a == b
    if plain().splitlines() != ours:
        print("ABORT: the command's lines differ from decide().to_json(indent=None)")
        return 1

    runs: list[tuple[str, Callable[[], str], float | None]] = [
        ("hand-written loop", baseline, None),
        ("trustlaw decide ID cases.jsonl (json)", command, 3.0),
        ("decide + to_json(indent=None)", plain, None),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    for _ in range(args.repeat):
        for name, run, _target in runs:
            start = time.perf_counter()
            run()
            samples[name].append((time.perf_counter() - start) / args.cases * 1e6)
    base = samples[runs[0][0]]
    size = sum(len(line) + 1 for line in ours) / len(ours)
    print(f"{STATUTE}: {args.cases} JSON lines (seed {args.seed}), {args.repeat} interleaved "
          f"rounds, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
    print(f"outcomes agree on every line; {same / len(ours):.1%} of the baseline's lines are "
          f"byte for byte trustlaw's; {size:.0f} bytes per output line")
    print()
    header = f"{'median µs':>10} {'best µs':>8} {'lines/s':>9} {'ratio':>7}"
    print(f"{'measurement':40} {header}  target")
    for name, _run, target in runs:
        times = samples[name]
        ratio = statistics.median(t / b for t, b in zip(times, base, strict=True))
        verdict = f"≤{target:g}x {'PASS' if ratio <= target else 'MISS'}" if target else ""
        print(f"{name:40} {statistics.median(times):10.2f} {min(times):8.2f} "
              f"{1e6 / statistics.median(times):9.0f} {ratio:6.2f}x  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
