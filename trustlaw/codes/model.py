"""One diagnostic code's entry (`Code`) and the stages its prefix letter names."""

from __future__ import annotations

import re
from typing import Literal

import attrs

Status = Literal["active", "reserved", "retired"]

#: The form of a code: ``TL-``, the stage's letter, three digits.
CODE_PATTERN = re.compile(r"TL-[A-Z][0-9]{3}")

#: Each prefix letter → (the stage's name, what its codes are about), in the order the
#: pipeline meets them.
STAGES: dict[str, tuple[str, str]] = {
    "P": ("Syntax", "the text does not follow the statute language's grammar"),
    "N": ("Names", "an unknown fact, field, value, definition, provision or outcome"),
    "T": ("Types", "a value of one kind used where another is needed"),
    "S": ("Structure", "duplicate labels, circular exceptions, conflicts, bad limits"),
    "M": ("Metadata", "the statute's header: title, status, dates, id"),
    "E": ("Examples", "an example's facts or expectations that cannot be right"),
    "W": ("Warnings", "questionable but not wrong; a warning alone does not fail a check"),
    "V": ("Solver findings", "what the z3 solver proves about a statute as a whole"),
    "C": ("Cases", "a case that does not fit the case format"),
    "U": ("Usage", "a command, option or function call trustlaw cannot carry out"),
}


@attrs.frozen
class Code:
    """One diagnostic code: a short title, what it means and how to fix it (plain
    words), and the trustlaw modules whose source writes the code (dotted, below
    ``trustlaw``). `severity` is what the code is reported as; a `reserved` or `retired`
    code is emitted nowhere, and a retired number is never given to anything else."""

    code: str
    title: str
    meaning: str
    fix: str
    modules: tuple[str, ...]
    severity: Literal["error", "warning"] = "error"
    status: Status = "active"

    @property
    def prefix(self) -> str:
        return self.code[3]

    @property
    def stage(self) -> str:
        return STAGES[self.prefix][0]

    @property
    def anchor(self) -> str:
        """The code's anchor on the docs site's codes page (``tl-p025``)."""
        return self.code.lower()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "stage": self.stage,
            "title": self.title,
            "meaning": self.meaning,
            "fix": self.fix,
            "severity": self.severity,
            "status": self.status,
            "modules": [f"trustlaw.{m}" for m in self.modules],
        }
