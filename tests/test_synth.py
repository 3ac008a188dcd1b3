"""`trustlaw synth`: seeded, well-formed, calibrated synthetic caseloads."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

import trustlaw
from trustlaw import cases, ir
from trustlaw.cases.synth import PROFILES, _declared_paths, synthesize
from trustlaw.diagnostics import UsageError
from trustlaw.lowering.files import default_vocabulary

ROOT = Path(__file__).resolve().parent.parent
VOCAB = default_vocabulary()


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_synthetic_case_is_well_formed(profile: str) -> None:
    for case in synthesize(2000, seed=7, profile=profile):
        cases.validate(case, VOCAB)  # raises CaseError on any problem


def test_the_same_seed_gives_the_same_cases_and_another_seed_others() -> None:
    first = list(synthesize(50, seed=3))
    assert first == list(synthesize(50, seed=3))
    assert first != list(synthesize(50, seed=4))
    assert list(synthesize(10, seed=3)) == first[:10]  # a prefix does not depend on n


def test_the_same_cases_in_another_process() -> None:
    code = ("import json; from trustlaw.cases.synth import synthesize; "
            "print(json.dumps(list(synthesize(20, seed=11))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert json.loads(out.stdout) == list(synthesize(20, seed=11))


# The first 300 cases of seed 1, per profile (sha256 of their JSON, keys sorted, first 16
# hex digits). A change to the code that draws them (made faster, say) must keep them:
# change a digest only on purpose, when a profile or the vocabulary changes, for a
# researcher who cites "trustlaw synth --seed 1" gets other cases from then on.
PINNED = {
    "fairfield-county": "75239399c3b6cb6c",
    "jail-bookings": "7dea361bdb2af38a",
    "secure-communities": "c5ecfb840f9533bd",
}


def test_a_seed_gives_the_cases_it_gave_before() -> None:
    got = {}
    for profile in sorted(PROFILES):
        digest = hashlib.sha256()
        for case in synthesize(300, seed=1, profile=profile):
            digest.update(json.dumps(case, sort_keys=True).encode() + b"\n")
        got[profile] = digest.hexdigest()[:16]
    assert got == PINNED

def _fewer_fields(vocab: ir.Vocabulary) -> ir.Vocabulary:
    """The vocabulary without `agency`, `warrants` and the `request` record, and a person
    with three of its fields: what a vocabulary that declares fewer fields looks like."""
    person = {"age", "previously_removed", "unlawful_reentry"}
    return attrs.evolve(
        vocab, fields=tuple(f for f in vocab.fields if f.name not in {"agency", "warrants"}),
        records=tuple(
            attrs.evolve(r, fields=tuple(f for f in r.fields if f.name in person))
            if r.name == "person" else r
            for r in vocab.records if r.name != "request"))


# SHA-256 of the JSON lines (keys in the order drawn) of synthesize(2000, seed=3), per
# profile, with the default vocabulary and with `_fewer_fields`. Computed with the code as
# it was before synth.py was made faster (commit 09cd2b7), and again each time the draws
# were changed on purpose (docs/batch.md's "Changes to the draws" lists each change),
# so they pin the number and order of the random draws and the order of the keys. They
# must not change unless the distributions are changed on purpose, and then docs/batch.md
# must say so.
PINNED_FULL = {
    ("fairfield-county", "default"):
        "f6e45acba1863c75d1c7f969fed7ffe9a795adb005ed1b55791d478586ddd4e0",
    ("fairfield-county", "fewer"):
        "caf7b3f04cc6606d500b055168591e48772a216279949964c06ac91e0f7b5a2e",
    ("jail-bookings", "default"):
        "dba0e9df7df3ad34ddaba5c6ceafaeccec553edd7acd34cf1608d9834d8db433",
    ("jail-bookings", "fewer"):
        "6db0ad6ca2202debfb66ae1bc9cf3aa71ba91e08284c9c19a9947805e394c215",
    ("secure-communities", "default"):
        "14b3db0b5ed4855d11210f84516bdba41a9540b885f0f489c3f9adcc6c8340f2",
    ("secure-communities", "fewer"):
        "17e15d17822ff9a28e5aa3032334944bb02c34ab33fcac74f8c03f5982010558",
}


@pytest.mark.parametrize(("profile", "vocabulary"), sorted(PINNED_FULL))
def test_cases_and_key_order_are_those_drawn_before(profile: str, vocabulary: str) -> None:
    vocab = VOCAB if vocabulary == "default" else _fewer_fields(VOCAB)
    digest = hashlib.sha256()
    for case in synthesize(2000, seed=3, profile=profile, vocab=vocab):
        digest.update(json.dumps(case).encode() + b"\n")
    assert digest.hexdigest() == PINNED_FULL[profile, vocabulary]


def _paths(value: dict[str, Any], prefix: str = "") -> set[str]:
    out = set()
    for key, item in value.items():
        out.add(prefix + key)
        for record in item if isinstance(item, list) else [item]:
            if isinstance(record, dict):
                out |= _paths(record, f"{prefix}{key}.")
    return out


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_a_vocabulary_with_fewer_fields_gets_only_those_and_the_same_draws(
        profile: str) -> None:
    fewer = _fewer_fields(VOCAB)
    declared = _declared_paths(fewer)
    full = list(synthesize(1000, seed=8, profile=profile))
    some = list(synthesize(1000, seed=8, profile=profile, vocab=fewer))
    seen = set().union(*map(_paths, some))
    assert seen <= declared
    assert {"agency", "warrants", "person.gang_database"} & seen == set()
    assert "request" in seen and all(c.get("request", {}) == {} for c in some)
    # the same draws, with the undeclared fields left out
    for a, b in zip(full, some, strict=True):
        assert {k for k in a if k in declared} == set(b)
        assert {k: v for k, v in a["person"].items() if f"person.{k}" in declared} \
            == b["person"]
        assert a.get("convictions") == b.get("convictions")


def _record(case: dict) -> str:  # type: ignore[type-arg]
    convictions = case.get("convictions")
    if convictions is None:
        return "unknown"
    levels = {c.get("level") for c in convictions}
    if not convictions:
        return "none"
    return "felony" if "felony" in levels else "low-level"


def test_secure_communities_profile_follows_the_public_figure() -> None:
    # 140,000 of 266,000 removed through Secure Communities had no conviction or only a
    # low-level one (53%).
    records = Counter(_record(c) for c in synthesize(20000, seed=1))
    known = records["none"] + records["low-level"] + records["felony"]
    share = (records["none"] + records["low-level"]) / known
    assert abs(share - 140_000 / 266_000) < 0.02


def test_fairfield_profile_follows_the_public_figure() -> None:
    # 71% of those removed from Fairfield County had no record or were first offenders:
    # no conviction, or exactly one
    known = [c["convictions"] for c in synthesize(20000, seed=1, profile="fairfield-county")
             if "convictions" in c]
    assert abs(sum(len(convictions) <= 1 for convictions in known) / len(known) - 0.71) < 0.02


def test_ages_and_charges_follow_bjs_figures() -> None:
    sample = list(synthesize(20000, seed=5, profile="jail-bookings"))
    ages = [c["person"]["age"] for c in sample if "age" in c.get("person", {})]
    assert all(16 <= a <= 80 for a in ages)
    assert abs(sum(a < 18 for a in ages) / len(ages) - 0.01) < 0.005  # minors: 1%
    assert abs(sum(a >= 35 for a in ages) / len(ages) - 0.38) < 0.02  # BJS 2002
    pending = [c for c in sample if "charges" in c]
    assert abs(sum(bool(c["charges"]) for c in pending) / len(pending) - 0.65) < 0.02  # BJS 2019


_SERIOUSNESS = ("felony", "misdemeanor", "violation")


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_the_most_serious_pending_charge_follows_bjs(profile: str) -> None:
    # BJS, Jail Inmates in 2019: most serious charge 70% felony, 23% misdemeanor, 7% other
    # (docs/batch.md). Of the people with a charge, not of the charges.
    most = Counter(min((c["level"] for c in case["charges"]), key=_SERIOUSNESS.index)
                   for case in synthesize(20000, seed=1, profile=profile)
                   if case.get("charges"))
    total = sum(most.values())
    for level, share in zip(_SERIOUSNESS, (0.70, 0.23, 0.07), strict=True):
        assert abs(most[level] / total - share) < 0.02, (level, most)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_person_flags_follow_their_stated_shares(profile: str) -> None:
    # docs/batch.md: final removal order 15%, previously removed 20% (everyone of
    # unlawful reentry among them), unlawful reentry 8%: shares of the people for whom
    # the fact is known.
    people = [case["person"] for case in synthesize(20000, seed=1, profile=profile)]
    for flag, share in (("final_removal_order", 0.15), ("previously_removed", 0.20),
                        ("unlawful_reentry", 0.08)):
        known = [person[flag] for person in people if flag in person]
        assert abs(sum(known) / len(known) - share) < 0.02, (flag, sum(known) / len(known))
    assert all(p["previously_removed"] for p in people if p.get("unlawful_reentry"))


def test_tags_agree_with_the_offense_level() -> None:
    felony_only = {"ca.serious_felony", "ca.violent_felony", "ca.state_prison_felony",
                   "us.aggravated_felony", "homicide", "nyc.violent_or_serious"}
    for case in synthesize(5000, seed=9):
        for item in [*case.get("charges", []), *case.get("convictions", [])]:
            if item["level"] != "felony":
                assert not felony_only & set(item["tags"]), item


def test_unknown_profile_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no synthetic profile `nope`"):
        next(synthesize(1, profile="nope"))


def test_cli_writes_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "cases.jsonl"
    subprocess.run([sys.executable, "-m", "trustlaw", "synth", "--n", "30", "--seed", "2",
                    "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    lines = out.read_text().splitlines()
    assert [json.loads(x) for x in lines] == list(synthesize(30, seed=2))


def test_a_synthetic_caseload_says_so_wherever_it_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A synthetic file must never pass for records of real people: a Parquet file says
    so in its metadata (with its profile and seed, to make it again), and the command
    says so on standard error, also when the cases go to standard output (which stays
    pure JSON lines)."""
    pq = pytest.importorskip("pyarrow.parquet")
    from trustlaw import cli

    out = tmp_path / "cases.parquet"
    assert cli.main(["synth", "--n", "5", "--seed", "3", "--profile", "fairfield-county",
                     "--out", str(out)]) == 0
    labels = pq.read_schema(out).metadata
    assert labels[b"trustlaw.synthetic"] == b"true"
    assert labels[b"trustlaw.profile"] == b"fairfield-county"
    assert labels[b"trustlaw.seed"] == b"3"
    assert b"not records of real people" in labels[b"trustlaw.note"]
    assert "not records of real people" in capsys.readouterr().err

    assert cli.main(["synth", "--n", "4", "--seed", "3", "--out", "-"]) == 0
    printed = capsys.readouterr()
    assert [json.loads(line) for line in printed.out.splitlines()] == \
        list(synthesize(4, seed=3))
    assert "4 synthetic cases to standard output" in printed.err
    assert "not records of real people" in printed.err


def _values(case: dict[str, Any], path: tuple[str, ...]) -> list[Any]:
    """The known values at `path` ("charges", "*", "tags") in a case: list elements
    flattened."""
    found: list[Any] = [case]
    for key in path:
        step: list[Any] = []
        for value in found:
            if key == "*" and isinstance(value, list):
                step.extend(value)
            elif isinstance(value, dict) and value.get(key) is not None:
                step.append(value[key])
        found = step
    return [v for value in found for v in (value if isinstance(value, list) else [value])]


def test_every_fact_a_bundled_statute_reads_is_known_in_some_synthetic_case() -> None:
    """`local_policy_bars_hold` was never drawn, so SB 54's batch results were mostly
    undetermined; and tags such as `ct.trust_act_offense` never were, so a study of CT's
    2025 change found no case it changed. Each fact any bundled statute reads is now known
    in some case of each profile, and each value an enum or tag fact may take occurs."""
    programs = [trustlaw.load(i).program for i in trustlaw.available()]
    read: set[tuple[str, ...]] = set()
    for program in programs:
        for expr in (*(r.condition for r in program.rules),
                     *(d.condition for d in program.duties),
                     *(limit.condition for limit in program.limits)):
            read |= ir.referenced_paths(expr)
    for profile in sorted(PROFILES):
        sample = list(synthesize(20000, seed=2, profile=profile))
        for path in sorted(read):
            values = [v for case in sample for v in _values(case, path)]
            assert values, (profile, path)
    sample = list(synthesize(20000, seed=2, profile="jail-bookings"))
    tags = {t for case in sample for t in _values(case, ("convictions", "*", "tags"))}
    tags |= {t for case in sample for t in _values(case, ("charges", "*", "tags"))}
    assert tags == {tag.name for tag in VOCAB.tags}
    agencies = {case.get("agency") for case in sample} - {None}
    agency = next(f for f in VOCAB.fields if f.name == "agency").type
    assert isinstance(agency, ir.EnumType) and agencies == set(agency.values) - {"court_marshal"}


def test_every_court_a_judgment_or_charge_may_come_from_is_drawn() -> None:
    """A court of the District of Columbia, a territory or a tribe (and, for a charge, a
    foreign one) is a value the case format gained in December 2026, which the bundled
    laws read apart from another state's: each is drawn now and then, so a batch over
    synthetic cases meets them."""
    sample = list(synthesize(20000, seed=2, profile="jail-bookings"))
    kinds = {r.name: {f.name: f.type for f in r.fields} for r in VOCAB.records}
    for record, path in (("conviction", "convictions"), ("charge", "charges")):
        court = kinds[record]["court"]
        assert isinstance(court, ir.EnumType)
        drawn = set(_values_of(sample, path))
        assert drawn == set(court.values), (record, set(court.values) - drawn)


def test_every_place_a_warrant_may_come_from_is_drawn() -> None:
    """A criminal warrant issued federally, in the District of Columbia, a territory, a
    tribe or abroad: about 1% of people have one (docs/batch.md), so a batch meets each."""
    sample = list(synthesize(20000, seed=2, profile="jail-bookings"))
    warrant = {f.name: f.type for r in VOCAB.records if r.name == "warrant" for f in r.fields}
    origin = warrant["issued_in"]
    assert isinstance(origin, ir.EnumType)
    criminal = [w["issued_in"] for case in sample for w in case.get("warrants") or ()
                if w.get("kind") == "criminal" and w.get("issued_in") is not None]
    assert set(criminal) == set(origin.values)
    elsewhere = [c for c in criminal if c not in ("this_state", "other_state")]
    people = [case for case in sample if case.get("warrants") is not None]
    assert abs(len(elsewhere) / len(people) - 0.01 * 0.97) < 0.003  # 3% of places unknown


def test_a_request_is_lodged_after_the_arrest_and_before_it_is_acted_on() -> None:
    """Within a week of booking, never after the case date (docs/batch.md), on the form in
    use that day: the laws that count look-back windows from the request meet requests
    lodged before the case date."""
    import datetime as dt

    from trustlaw.cases import forms

    sample = list(synthesize(20000, seed=4, profile="jail-bookings"))
    earlier = 0
    for case in sample:
        lodged = (case.get("request") or {}).get("lodged_on")
        if lodged is None or "arrest_date" not in case:
            continue
        day, arrested = dt.date.fromisoformat(case["date"]), dt.date.fromisoformat(
            case["arrest_date"])
        on = dt.date.fromisoformat(lodged)
        assert arrested <= on <= day and (on - arrested).days <= 7, case
        earlier += on < day
        form = case["request"].get("form")
        if on >= forms.I247_DNX_UNTIL and form not in (None, "other"):
            assert form == "I-247A", case
    assert earlier > len(sample) // 2


def _values_of(sample: list[dict[str, Any]], path: str) -> list[Any]:
    """The known `court` of every entry of the list `path` in the sample's cases."""
    return [entry["court"] for case in sample for entry in case.get(path) or ()
            if entry.get("court") is not None]
