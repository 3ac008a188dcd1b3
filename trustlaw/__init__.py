"""trustlaw: immigration-detainer law as code.

Load a statute and decide a case::

    import trustlaw
    statute = trustlaw.load("ct/pa-13-155")            # or load("ct", on=date(2016, 5, 1))
    decision = statute.decide({"date": "2015-03-02", "agency": "state_corrections", ...})
    decision.outcomes["hold"]                           # "permitted", "prohibited", ...
    print(decision.explain())

The facade is small and cheap to import: the parser, the checker, the backends and the
solver are imported on first use. ``trustlaw.check`` and ``trustlaw.verify`` are both
functions (``trustlaw.check(paths)``, ``trustlaw.verify(statute)``) and the modules of the
same name: attribute access on them (``trustlaw.check.compile_file``) reaches the module.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
import sys
import types
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

from .decision import Decision
from .diagnostics import CaseError, Diagnostic, StatuteError, TrustlawError, UsageError
from .statute import Statute

if TYPE_CHECKING:
    from .syntax import LawFile

__version__ = "0.1.0"

_P = ParamSpec("_P")
_R = TypeVar("_R")

__all__ = [
    "CaseError",
    "Decision",
    "Diagnostic",
    "Statute",
    "StatuteError",
    "TrustlawError",
    "UsageError",
    "__version__",
    "available",
    "check",
    "load",
    "parse",
    "verify",
]


def load(ref: str | os.PathLike[str], on: _dt.date | None = None) -> Statute:
    """A statute by bundled id (``"ct/pa-13-155"``), by path to a ``.law`` file, or by
    jurisdiction (``"ct"``) with `on` = the day whose law you want."""
    from .loader import load as _load

    return _load(ref, on)


def available() -> list[str]:
    """The ids of every bundled statute, sorted."""
    from .loader import available as _available

    return _available()


def parse(source: str, path: str = "<string>") -> LawFile:
    """Statute text → syntax tree; raises `StatuteError` listing every syntax problem."""
    from .parser import parse as _parse

    return _parse(source, path)


def _check(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of the statute files at `paths`."""
    from .check import check_paths

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return list(check_paths([os.fspath(p) for p in paths]))


def _verify(statute: Statute | str | os.PathLike[str], invariant: str | None = None) -> Any:
    """Prove a statute's invariants with z3: every one it declares (a list of results),
    or the one named `invariant` (one result, a declared or a standard invariant). Each
    result has ``.status`` (proved, violated, unknown), ``.render()`` and ``.to_dict()``."""
    from .verify import verify as _verify_one
    from .verify import verify_program

    if not isinstance(statute, Statute):
        statute = load(statute)
    if invariant is None:
        return verify_program(statute)
    return _verify_one(statute, invariant)


class _Entry(Generic[_P, _R]):
    """A facade function that is also the submodule of the same name."""

    def __init__(self, function: Callable[_P, _R], module: str) -> None:
        self.__wrapped__ = function
        self.__doc__ = function.__doc__
        self.__name__ = module.rsplit(".", 1)[-1]
        self._module = module

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(self._module), name)

    def __repr__(self) -> str:
        return f"<trustlaw.{self.__name__}: function and module {self._module}>"


check = _Entry(_check, __name__ + ".check")
verify = _Entry(_verify, __name__ + ".verify")


class _Package(types.ModuleType):
    """Keeps `check` and `verify` the facade entries when their submodules are imported
    (the import system would otherwise rebind the package attribute to the module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        current = self.__dict__.get(name)
        if isinstance(current, _Entry) and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
