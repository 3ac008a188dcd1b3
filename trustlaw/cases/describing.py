"""A value as a case error shows it: JSON spelling, a long text or number cut short,
and a Python value JSON cannot hold named by its type (`describe`)."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
from collections.abc import Mapping
from typing import Any

from ..diagnostics import encodable

__all__ = ["SHOWN", "describe"]

SHOWN = 60  # characters of a wrong text value quoted in a message

_SHOWN_BITS = 3_000  # about 900 digits: longer whole numbers are described, not written


def describe(value: Any) -> str:
    """A value as a lawyer would read it in a message: JSON spelling, no Python types;
    except that a Python value JSON has no spelling for (numpy's, a set, bytes), or a
    subclass of str, int or float (an enum, numpy's str_), is named by its type: shown
    as JSON alone, "state_corrections" would seem refused for no reason."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if isinstance(value, decimal.Decimal):  # json's parse_float=Decimal, a Parquet decimal
        digits = str(value)
        digits = digits if len(digits) <= SHOWN else digits[:SHOWN] + "…"
        return (f"{digits} as a decimal (Python's Decimal, as a Parquet decimal column "
                "gives it), which is not a JSON value")
    if kind not in _JSON_TYPES and not isinstance(value, (Mapping, list, tuple, _dt.date)):
        shown = "a value"
        for base in (str, int, float):  # the plain value, as the subclass holds it
            if isinstance(value, base):
                shown = describe(getattr(base, f"__{base.__name__}__")(value))
        return f"{shown} of the Python type {_type_name(kind)}, which is not a JSON value"
    if isinstance(value, str):
        if len(value) > SHOWN:  # a pasted document is not repeated in full
            return encodable(json.dumps(value[:SHOWN], ensure_ascii=False)[:-1] + '…"')
        return encodable(json.dumps(value, ensure_ascii=False))
    if isinstance(value, int):
        if value.bit_length() > _SHOWN_BITS:  # str() refuses ints past 4,300 digits
            return f"a whole number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "a number that is not finite"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    return "a value that is not JSON"


_JSON_TYPES = frozenset({str, int, float, bool})


def _type_name(kind: type) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
