"""A vocabulary's constraints on a well-formed case → the diagnostics of those it breaks.

A constraint (an age between 0 and 130, a judgment not dated after the case) is an IR
expression; only whether it is *false* matters (true or unknown is no violation). Each
diagnostic names the fields the constraint reads, with the index of the offending element
for a constraint over every element of a list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import ir
from ..backends.interp import Evaluator, evaluator
from ..diagnostics import Diagnostic
from ..ir import referenced_paths

__all__ = ["CODE_CONSTRAINT", "Constraint"]

CODE_CONSTRAINT = "TL-C003"  # a well-formed case that breaks a constraint of the vocabulary


class Constraint:
    """One constraint of the vocabulary, checked on a normalised case: a diagnostic per
    violation, naming the fields it reads (per offending element for ``all c in <list>
    where …``)."""

    __slots__ = ("check", "element_check", "element_fields", "name", "others", "paths",
                 "source", "var")

    def __init__(self, constraint: ir.Constraint):
        body = constraint.body
        read = referenced_paths(body)
        self.name = constraint.name
        self.check: Evaluator = evaluator(body)
        # `all c in <list> where p`: a violation is reported per offending element
        self.source: tuple[str, ...] | None = None
        self.var = ""
        self.element_check: Evaluator | None = None
        # per offending element, the fields it names: the element's own, then the case's
        self.element_fields: tuple[str, ...] = ()
        self.others: tuple[str, ...] = ()
        if (
            isinstance(body, ir.Quantifier)
            and body.kind == "all"
            and isinstance(body.source, ir.Fact)
        ):
            self.source = body.source.path
            self.var = body.var.name
            self.element_check = evaluator(body.body)
            inside = (*self.source, "*")
            self.element_fields = tuple(sorted(
                ".".join(p[len(inside):]).replace(".*", "[]") for p in read
                if p[: len(inside)] == inside and len(p) > len(inside)))
            self.others = tuple(sorted(
                ".".join(p).replace(".*", "[]") for p in read
                if p and p != self.source and p[: len(inside)] != inside))
        paths = sorted(".".join(p).replace(".*", "[]") for p in read if p)
        self.paths = ", ".join(paths) or "case"

    def violations(self, data: Mapping[str, Any]) -> list[Diagnostic]:
        if self.check(data, {}) is not False:
            return []
        help_ = (
            f'Every case must satisfy "{self.name}"; correct the facts, or leave out those '
            "that are not known."
        )
        if self.source is None or self.element_check is None:
            return [Diagnostic(CODE_CONSTRAINT, f"{self.paths}: {self.name}", help=help_)]
        items: Any = data
        for key in self.source:
            items = items.get(key) if isinstance(items, Mapping) else None
        where = ".".join(self.source)
        found = []
        for index, item in enumerate(items or ()):
            if self.element_check(data, {self.var: item}) is False:
                named = [f"{where}[{index}].{field}" for field in self.element_fields]
                named = named + list(self.others) or [f"{where}[{index}]"]
                found.append(Diagnostic(CODE_CONSTRAINT, f"{', '.join(named)}: {self.name}",
                                        help=help_))
        return found
