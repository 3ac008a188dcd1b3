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
    "fairfield-county": "9cce2859b3a4b47b",
    "jail-bookings": "fa6e729f08809416",
    "secure-communities": "c60f66ac448becc6",
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
# it was before synth.py was made faster (commit 09cd2b7), and again when the draws were
# changed to follow docs/batch.md's shares (its "Changes to the draws" lists each change),
# so they pin the number and order of the random draws and the order of the keys. They
# must not change unless the distributions are changed on purpose, and then docs/batch.md
# must say so.
PINNED_FULL = {
    ("fairfield-county", "default"):
        "258339f1f04c3ba9f666e0846a49411dfafed9c438127b86c96e032e3486315f",
    ("fairfield-county", "fewer"):
        "805c775cf2b95129db9495003811bdd47445f7b57152eb3bbedd553d0cb29604",
    ("jail-bookings", "default"):
        "908614810d1e2d894964c88c15d5a66b2b476c8a177dd26fc6c912aa2cf25e06",
    ("jail-bookings", "fewer"):
        "4ee25f312bb27f3e44f745f8f77c1d56d5d393a95790135576fae009169341f8",
    ("secure-communities", "default"):
        "1aed53a66fc908dc266a6e7f8b0600201fa03e13eaa4e42095368486c633d718",
    ("secure-communities", "fewer"):
        "e2313821c037cb26888fc4e46c484a077b9631f0f3dfb7720897bcc4381b673c",
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
