"""Backend result: the `Evaluation` of one case, which `decisions` turns into a `Decision`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Evaluation(NamedTuple):
    """What a backend computes for one case (see docs/semantics.md).

    An immutable named tuple rather than an attrs class: every decision builds one,
    and a tuple is several times cheaper to make. Equality ignores `trace`, which only
    the interpreter fills in."""

    #: outcome -> its result (a modality or "undetermined")
    outcomes: Mapping[str, str]
    #: outcome -> ids of the rules in its grounds
    deciding: Mapping[str, tuple[str, ...]]
    #: undetermined outcome -> ids of the walked rules whose condition is unknown
    open_rules: Mapping[str, tuple[str, ...]]
    #: ids of duties whose condition is true, resp. unknown
    duties: tuple[str, ...]
    open_duties: tuple[str, ...]
    #: indexes into program.limits whose condition is true, resp. unknown
    limits: tuple[int, ...]
    open_limits: tuple[int, ...]
    #: rule id -> "true" / "false" / "unknown" (the interpreter only; explanations use it)
    trace: Mapping[str, str] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evaluation):
            return NotImplemented
        return self[:7] == other[:7]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(repr(self[:7]))
