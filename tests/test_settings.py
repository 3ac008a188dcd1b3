"""Process-wide settings changed for bulk work (trustlaw.settings) are given back as they
were: a program that runs a batch or a comparison finds its garbage collector as it
left it, also when the work stops part-way or overlaps other work in another thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from trustlaw.settings import RARE_FULL, Held, collector_paused, full_collections_rare

pytest.importorskip("duckdb", reason="install the sql extra: pip install -e '.[sql]'")

CASE = {"date": "2015-03-02", "request": {"kinds": ["hold"], "judicial_warrant": False}}


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    """The process's own thresholds (set to something unusual), restored after the test."""
    before = gc.get_threshold()
    gc.set_threshold(650, 9, 11)
    try:
        yield gc.get_threshold()
    finally:
        gc.set_threshold(*before)


def test_a_batch_makes_full_collections_rare_and_gives_the_thresholds_back(
        thresholds: tuple[int, int, int]) -> None:
    from trustlaw.caseload.run import decide_rows

    rows = decide_rows(["ct/pa-13-155"], [CASE] * 3)
    first = next(rows)
    assert first["hold"] is not None
    assert gc.get_threshold() == (650, 9, RARE_FULL)  # while the batch runs
    assert len(list(rows)) == 2
    assert gc.get_threshold() == thresholds


def test_a_batch_that_stops_part_way_gives_the_thresholds_back(
        thresholds: tuple[int, int, int]) -> None:
    from trustlaw.caseload.run import decide_rows

    def cases() -> Iterator[dict[str, Any]]:
        yield CASE
        raise OSError("the disk went away")

    with pytest.raises(OSError):
        list(decide_rows(["ct/pa-13-155"], cases(), chunk=1))
    assert gc.get_threshold() == thresholds
    rows = decide_rows(["ct/pa-13-155"], [CASE] * 3)
    next(rows)
    rows.close()  # a reader that stops early
    assert gc.get_threshold() == thresholds


def test_writing_cases_gives_the_thresholds_back(thresholds: tuple[int, int, int],
                                                 tmp_path: Any) -> None:
    from trustlaw.caseload.io import write_cases
    from trustlaw.lowering.files import default_vocabulary

    seen: list[tuple[int, int, int]] = []

    def cases() -> Iterator[dict[str, Any]]:
        seen.append(gc.get_threshold())
        yield CASE

    for suffix in ("jsonl", "csv"):
        assert write_cases(cases(), tmp_path / f"cases.{suffix}", default_vocabulary()) == 1
        assert gc.get_threshold() == thresholds
    assert seen == [(650, 9, RARE_FULL)] * 2


def test_overlapping_users_give_the_setting_back_when_the_last_ends(
        thresholds: tuple[int, int, int]) -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        first, second = full_collections_rare(), full_collections_rare()
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)  # the first to start ends first
        assert gc.get_threshold()[2] == RARE_FULL
        second.__exit__(None, None, None)
        assert gc.get_threshold() == thresholds
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        if not was_enabled:
            gc.disable()


def test_held_settings_are_shared_across_threads() -> None:
    state = {"value": "mine"}
    changes: list[str] = []

    def change() -> str:
        changes.append("change")
        old, state["value"] = state["value"], "bulk"
        return old

    def restore(old: str) -> None:
        changes.append("restore")
        state["value"] = old

    held = Held(change, restore)
    inside = threading.Barrier(4)
    seen: list[str] = []

    def work() -> None:
        with held.held():
            inside.wait()  # all four hold the setting at once
            seen.append(state["value"])
            inside.wait()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["bulk"] * 4
    assert changes == ["change", "restore"]
    assert state["value"] == "mine"
