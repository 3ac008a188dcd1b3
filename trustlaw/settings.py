"""Process-wide settings changed for bulk work and given back afterwards.

Python's cyclic garbage collector: a full collection walks every object of the
process. Work that keeps many objects alive at once (a batch's chunk of 50,000 cases, a
comparison's encodings) sets off one after another, each finding next to nothing: a
third of a batch's time, and of a comparison's (bench/README). Objects are still freed
as soon as they are unused either way.

Each setting (these two, and z3's `model.compact` in the comparisons) is `Held`: changed
when the first user starts, and given back as it was when the last one (in any thread)
ends, also on an error.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Held", "collector_paused", "full_collections_rare"]

_LOCK = threading.Lock()


class Held:
    """A process-wide setting held while any of its users runs: `change()` sets it and
    returns what `restore` takes to set it back."""

    def __init__(self, change: Callable[[], Any], restore: Callable[[Any], None]) -> None:
        self.change, self.restore = change, restore
        self.running = 0
        self.saved: Any = None
        _ALL.append(self)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with _LOCK:
            if self.running == 0:
                self.saved = self.change()
            self.running += 1
        try:
            yield
        finally:
            with _LOCK:
                if self.running > 0:  # (0 in a child forked while this ran: given back)
                    self.running -= 1
                    if self.running == 0:
                        self.restore(self.saved)


_ALL: list[Held] = []  # every setting, for a child process to give back (`_forked`)


def _forked() -> None:
    """In a child process forked while another thread held settings: that thread is not
    in the child, so nothing would give them back (the collector stayed off for good)
    and the lock it may have held would never be released."""
    global _LOCK
    _LOCK = threading.Lock()
    for setting in _ALL:
        if setting.running:
            setting.running = 0
            setting.restore(setting.saved)


os.register_at_fork(after_in_child=_forked)


def _pause() -> bool:
    was = gc.isenabled()
    gc.disable()
    return was


def _resume(was: bool) -> None:
    if was:
        gc.enable()


def _rarer() -> tuple[int, int, int]:
    old = gc.get_threshold()
    gc.set_threshold(old[0], old[1], max(old[2], RARE_FULL))
    return old


# A full collection after this many collections of the middle generation (Python's
# default is 10). Young cycles, such as a bad case's exception, go in the young
# generations' collections, which keep their pace.
RARE_FULL = 1000

_PAUSED = Held(_pause, _resume)
_RARE = Held(_rarer, lambda old: gc.set_threshold(*old))


def collector_paused() -> contextlib.AbstractContextManager[None]:
    """Run the body with the cyclic collector off: for bounded work (a comparison), whose
    cycles are collected once the collector runs again."""
    return _PAUSED.held()


def full_collections_rare() -> contextlib.AbstractContextManager[None]:
    """Run the body with full collections 100 times rarer: for work of any size (a
    batch), whose young cycles are still collected as they come."""
    return _RARE.held()
