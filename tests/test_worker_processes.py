"""A statute and its decisions pickle, so a researcher can decide cases in worker
processes (`concurrent.futures`, `multiprocessing`): the generated functions are made
again in the worker, and a decision comes back whole (trustlaw.library.statute,
trustlaw.decisions.decision)."""

from __future__ import annotations

import copy
import os
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import trustlaw
from trustlaw.library.loader import available

CASES = [
    {"date": "2015-03-02", "agency": "state_corrections",
     "request": {"kinds": ["hold"], "form": "I-247"},
     "convictions": [{"date": "2009-06-01", "level": "felony", "court": "other_state",
                      "youthful_offender": False, "vacated": False}]},
    {"date": "2015-03-02", "agency": "municipal_police",  # unknown facts: undetermined
     "request": {"kinds": ["hold", "notification"], "hours_requested": 30}},
    {"date": "2020-01-10", "agency": "county_jail", "person": {"age": 40}},
]


@pytest.mark.parametrize("statute_id", available())
def test_a_statute_and_its_decisions_come_back_from_a_pickle(statute_id: str) -> None:
    law = trustlaw.load(statute_id)
    again = pickle.loads(pickle.dumps(law))
    assert again.id == law.id and again.digest == law.digest
    for case in CASES:
        decision = law.decide(case)
        for other in (again.decide(case), pickle.loads(pickle.dumps(decision)),
                      copy.deepcopy(decision)):
            assert other.to_dict() == decision.to_dict()
            assert other.explain() == decision.explain()
            assert other.max_hold == decision.max_hold


def test_the_statute_only_view_survives_a_pickle() -> None:
    law = trustlaw.load("ct/pa-19-20")
    own = law.decide(CASES[2], request_limits=False)
    assert pickle.loads(pickle.dumps(own)).max_hold == own.max_hold


def test_cases_are_decided_in_worker_processes() -> None:
    law = trustlaw.load("ca/sb54-2017")
    with ProcessPoolExecutor(max_workers=2) as workers:
        decided = list(workers.map(law.decide, CASES))
    assert [d.to_dict() for d in decided] == [law.decide(c).to_dict() for c in CASES]


def test_unpickled_statutes_and_decisions_do_not_pile_up() -> None:
    """Each unpickled statute or decision brings a program of its own, and the table of
    decision parts kept every one of them for good (0.3 MB each: 1.6 GB after 4,000)."""
    import gc

    from trustlaw.decisions import decision as decisions

    law = trustlaw.load("ct/pa-19-20")
    case = {"date": "2020-06-01", "agency": "state_corrections",
            "person": {"terrorist_watchlist_match": True}}
    statute_blob, decision_blob = pickle.dumps(law), pickle.dumps(law.decide(case))
    for _ in range(150):
        pickle.loads(statute_blob).decide(case).to_json()
        pickle.loads(decision_blob).to_json()
    gc.collect()
    assert len(decisions._ASSEMBLIES) <= decisions._MAX_ASSEMBLIES
    assert pickle.loads(decision_blob).to_dict() == law.decide(case).to_dict()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_child_forked_while_another_thread_holds_settings_gets_them_back() -> None:
    """A child forked while a thread compared inherited the comparison's lock as held (its
    own comparison waited for good) and the collector switched off for good."""
    import gc
    import threading

    from trustlaw import settings
    from trustlaw.analysis.compare import encodings

    entered, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with settings.collector_paused(), encodings._CONTEXT_LOCK:
            entered.set()
            leave.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait()
    read, write = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:  # the child: one byte for each
            free = encodings._CONTEXT_LOCK.acquire(timeout=5)
            os.write(write, b"%d%d" % (gc.isenabled(), free))
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read, 2) == b"11"
    finally:
        leave.set()
        thread.join()
        os.close(read)
        os.close(write)
    assert gc.isenabled()
