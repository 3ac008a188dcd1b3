"""A vocabulary and a seed → random well-formed cases, for checking regions and benchmarks.

Plain seeded random values (not Hypothesis), so that many thousand cases are cheap:
each fact is unknown with probability `unknown`, lists have 0 to `bound` elements,
dates fall in 1990-2030 and whole numbers in 0-100; cases that break a vocabulary
constraint are dropped. The same seed gives the same cases in any process.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Iterator
from typing import Any

from ... import ir
from ...cases import validate
from ...diagnostics import CaseError

__all__ = ["random_cases"]

_START = _dt.date(1990, 1, 1).toordinal()
_END = _dt.date(2030, 12, 31).toordinal()


def random_cases(vocab: ir.Vocabulary, count: int, *, seed: int = 0, bound: int = 3,
                 unknown: float = 0.25) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """`count` (case, validated case) pairs."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        case = {f.name: v for f in vocab.fields
                if (v := _value(rng, vocab, f.type, bound, unknown)) is not None}
        try:
            data = validate(case, vocab)
        except CaseError:
            continue
        made += 1
        yield case, data


def _value(rng: random.Random, vocab: ir.Vocabulary, typ: ir.Type, bound: int,
           unknown: float, element: bool = False) -> Any:
    if not element and rng.random() < unknown:
        return None
    if isinstance(typ, ir.BoolType):
        return rng.random() < 0.5
    if isinstance(typ, ir.IntType):
        return rng.randint(0, 100)
    if isinstance(typ, ir.DateType):
        return _dt.date.fromordinal(rng.randint(_START, _END)).isoformat()
    if isinstance(typ, ir.EnumType):
        return rng.choice(typ.values)
    if isinstance(typ, ir.RecordType):
        info = vocab.record(typ.name)
        fields = info.fields if info is not None else ()
        return {f.name: v for f in fields
                if (v := _value(rng, vocab, f.type, bound, unknown)) is not None}
    if isinstance(typ, ir.ListType):
        return [_value(rng, vocab, typ.element, bound, unknown, element=True)
                for _ in range(rng.randint(0, bound))]
    return None
