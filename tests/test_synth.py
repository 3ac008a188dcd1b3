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
    "fairfield-county": "c74f11920dc24ea7",
    "jail-bookings": "f05fb6b725501048",
    "secure-communities": "90d4bb59f38333cf",
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
# it was before synth.py was made faster (commit 09cd2b7), and again when the most
# serious charge came to be drawn once per person (docs/batch.md, "Changes to the draws"),
# so they pin the number and order of the random draws and the order of the keys. They
# must not change unless the distributions are changed on purpose, and then docs/batch.md
# must say so.
PINNED_FULL = {
    ("fairfield-county", "default"):
        "9168b14f6118b69a1641db0859e686d199346828774f416c8bc94e72bc908849",
    ("fairfield-county", "fewer"):
        "a7a7230cf89be2d068c0c7a8131b37f74a136e96eafd455dc50b581143f3d473",
    ("jail-bookings", "default"):
        "34c00e859c994e2d3086af96f984b82b19e9ec0b88eb6457c3b3088befa05dca",
    ("jail-bookings", "fewer"):
        "3e6330de4282f2d89640702e74c4c3bf14fc78987fb6411d1aafacbb30968c9b",
    ("secure-communities", "default"):
        "77db9218e760ae93bcd9b960c54fea1b9cdbfc68f0fe5f6d50c164ccac5a4c81",
    ("secure-communities", "fewer"):
        "17394689c5ae0d280199bb4fa67671508d2b850be88e4cd244a511c80be49f48",
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
    # 71% of those removed from Fairfield County had no record or were first offenders.
    records = Counter(_record(c) for c in synthesize(20000, seed=1, profile="fairfield-county"))
    known = records["none"] + records["low-level"] + records["felony"]
    assert abs(records["none"] / known - 0.71) < 0.02


def test_ages_and_charges_follow_bjs_figures() -> None:
    sample = list(synthesize(20000, seed=5, profile="jail-bookings"))
    ages = [c["person"]["age"] for c in sample if "age" in c.get("person", {})]
    assert all(18 <= a <= 80 for a in ages)
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
