"""Whether the z3 solver is installed, and the error for a question that needs it."""

from __future__ import annotations

import importlib.util

from ..diagnostics import Diagnostic, UsageError, install_hint

__all__ = ["BOUND_RANGE", "INSTALL_HELP", "MAX_BOUND", "MIN_BOUND", "WHY_NOT_ZERO",
           "require_solver", "solver_available"]

#: How to get the solver: the `smt` extra installs z3.
INSTALL_HELP = install_hint("smt")

#: The most elements per list a comparison asks the solver about: beyond this its work
#: grows (into memory exhaustion) for no case a jail books.
MAX_BOUND = 10
#: The fewest: with 0 every list of a case is empty, so a question about convictions,
#: charges or warrants would be answered for no case that has one, silently.
MIN_BOUND = 1
BOUND_RANGE = f"from {MIN_BOUND} to {MAX_BOUND}"
WHY_NOT_ZERO = ("with 0 every list of a case would be empty, hiding each difference "
                "a conviction, a charge or a warrant makes")


def solver_available() -> bool:
    """Whether `import z3` would work (checked without importing it)."""
    try:
        return importlib.util.find_spec("z3") is not None
    except (ImportError, ValueError):  # a broken or blocked installation
        return False


def require_solver(what: str) -> None:
    """Raise a `UsageError` saying that `what` needs z3, when it is not installed."""
    if not solver_available():
        raise UsageError([Diagnostic(
            "TL-U006", f"{what} needs the z3 solver, which is not installed", None, INSTALL_HELP,
        )])
