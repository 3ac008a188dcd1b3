"""Statute header (syntax) → ir.StatuteMeta, with a `TL-M…` diagnostic for each bad heading.

The header names the statute and gives its headings (`title`, `status`, dates, `amends`,
…). Each heading must be known, given once (only `source` repeats) and have the right
kind of value; the id, the status and the dates must agree with each other.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from .. import ir
from ..diagnostics import Diagnostic, Span
from ..language import syntax
from ..names import did_you_mean, one_of

UNKNOWN_META_KEY = "TL-M001"
MISSING_META = "TL-M002"
BAD_META_VALUE = "TL-M003"
UNKNOWN_STATUS = "TL-M004"
SUPERSEDED_WITHOUT_DATE = "TL-M005"
BAD_ID = "TL-M006"
#: `amends "../ct/pa-19-20.law"`: the base named by its file, relative to the amending one.
BASE_PATH = re.compile(r"[^\s\"]+\.law")
DUPLICATE_META = "TL-M007"
BAD_VERIFICATION = "TL-M009"
DATES_OUT_OF_ORDER = "TL-M010"
IN_FORCE_MISSING = "TL-M011"
IN_FORCE_EARLY = "TL-W002"
FAR_DATE = "TL-W003"
_PLAUSIBLE_YEARS = range(1900, 2101)  # immigration detainers are twentieth-century law

#: Each statute heading and the kind of value it takes.
META_KINDS: dict[str, str] = {
    "title": "text",
    "jurisdiction": "text",
    "citation": "text",
    "status": "name",
    "introduced": "date",
    "enacted": "date",
    "in_force": "date",
    "superseded": "date",
    "replaces": "text",
    "amends": "text",
    "source": "text",
    "verification": "name",
}
_REQUIRED_META = ("title", "jurisdiction", "citation", "status")
_REPEATABLE_META = ("source",)
VERIFICATIONS = ("V", "S", "U")
VERIFICATION_HELP = ("write `verification V` (checked against primary text), `S` (secondary "
                     "source) or `U` (unverified)")
_STATUSES_IN_FORCE = ("enacted", "superseded")
STATUTE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
_ID_HELP = 'an id is `<jurisdiction>/<name>` in lower case, e.g. "ct/pa-13-155"'

_VALUE_TYPES = {"text": syntax.MetaString, "name": syntax.MetaName, "date": syntax.MetaDate}
_KIND_WORDS = {"text": "a quoted text", "name": "a bare word", "date": "a date"}


def lower_meta(
    header: syntax.Header, report: Callable[[Diagnostic], None]
) -> tuple[ir.StatuteMeta | None, str]:
    """Check a statute's header: its metadata (None when any heading is wrong, each problem
    reported) and its verification mark (`V` unless the header gives another valid one),
    which provisions without a mark of their own inherit."""
    reported = False

    def error(code: str, message: str, span: Span | None, help: str | None = None) -> None:
        nonlocal reported
        reported = True
        report(Diagnostic(code, message, span, help))

    values: dict[str, syntax.Meta] = {}
    sources: list[str] = []
    misfit: set[str] = set()  # keys given with the wrong kind of value
    for m in header.meta:
        kind = META_KINDS.get(m.key)
        if kind is None:
            error(
                UNKNOWN_META_KEY, f"`{m.key}` is not a statute heading", m.span,
                did_you_mean(m.key, META_KINDS,
                             f"a statute heading is one of {one_of(META_KINDS, 20)}"),
            )
            continue
        if (m.key in values or m.key in misfit) and m.key not in _REPEATABLE_META:
            error(DUPLICATE_META, f"`{m.key}` is given twice", m.span, f"keep one `{m.key}`")
            continue
        if not isinstance(m.value, _VALUE_TYPES[kind]):
            misfit.add(m.key)
            error(BAD_META_VALUE, f"`{m.key}` needs {_KIND_WORDS[kind]}", m.span,
                  _kind_help(m.key, kind))
            continue
        values.setdefault(m.key, m)
        if isinstance(m.value, syntax.MetaString) and m.key == "source":
            sources.append(m.value.value)

    statute_id = header.name
    if not STATUTE_ID.fullmatch(statute_id):
        error(BAD_ID, f'"{statute_id}" is not a statute id', header.span, _ID_HELP)
    for key in _REQUIRED_META:
        if key not in values and key not in misfit:
            error(
                MISSING_META, f"statute `{statute_id}` has no `{key}`", header.span,
                f"add `{key} {_meta_example(key)}` to the header",
            )

    def text(key: str) -> str | None:
        m = values.get(key)
        return m.value.value if m is not None and isinstance(m.value, syntax.MetaString) else None

    def name(key: str) -> str | None:
        m = values.get(key)
        return m.value.value if m is not None and isinstance(m.value, syntax.MetaName) else None

    def date(key: str) -> _dt.date | None:
        m = values.get(key)
        return m.value.value if m is not None and isinstance(m.value, syntax.MetaDate) else None

    jurisdiction = text("jurisdiction")
    if jurisdiction is not None and "/" in statute_id and STATUTE_ID.fullmatch(statute_id):
        prefix = statute_id.split("/", 1)[0]
        if jurisdiction != prefix:
            error(
                BAD_ID,
                f"the id `{statute_id}` names jurisdiction `{prefix}`, but `jurisdiction` "
                f"says `{jurisdiction}`",
                values["jurisdiction"].span,
                "the part of the id before the slash is the jurisdiction",
            )
    status = name("status")
    if status is not None and status not in ir.STATUSES:
        error(
            UNKNOWN_STATUS, f"`{status}` is not a status", values["status"].span,
            did_you_mean(status, ir.STATUSES, f"a status is {one_of(ir.STATUSES)}"),
        )
    if status == "superseded" and date("superseded") is None:
        error(
            SUPERSEDED_WITHOUT_DATE, "a superseded statute needs a `superseded` date",
            values["status"].span, "add `superseded YYYY-MM-DD` (the day it stopped applying)",
        )
    if status in _STATUSES_IN_FORCE and date("in_force") is None:
        error(
            IN_FORCE_MISSING,
            f"a statute with status `{status}` needs an `in_force` date",
            values["status"].span,
            "add `in_force YYYY-MM-DD` so that point-in-time loading can pick it",
        )
    for key in ("introduced", "enacted", "in_force", "superseded"):
        day = date(key)
        if day is not None and day.year not in _PLAUSIBLE_YEARS:
            report(Diagnostic(
                FAR_DATE, f"`{key}` is {day.isoformat()}, in the year {day.year}: far from "
                "any detainer law", values[key].span,
                f"write the year in full (was {_likely_year(day.year)} meant?)"
                if _likely_year(day.year) else "check the year against the legislative history",
                severity="warning",
            ))
    for earlier, later in (("introduced", "enacted"), ("in_force", "superseded")):
        a, b = date(earlier), date(later)
        if a is not None and b is not None and b < a:
            error(
                DATES_OUT_OF_ORDER,
                f"`{later}` ({b.isoformat()}) is before `{earlier}` ({a.isoformat()})",
                values[later].span, "check both dates against the legislative history",
            )
    for earlier in ("introduced", "enacted"):
        a, b = date(earlier), date("in_force")
        if a is not None and b is not None and b < a:  # a retroactive law may be so
            report(Diagnostic(
                IN_FORCE_EARLY,
                f"`in_force` ({b.isoformat()}) is before `{earlier}` ({a.isoformat()})",
                values["in_force"].span,
                "check both dates against the legislative history: only a law given "
                "retroactive effect applies to cases from before it was "
                + ("introduced" if earlier == "introduced" else "enacted"),
                severity="warning",
            ))
            break
    for key in ("replaces", "amends"):
        ref = text(key)
        if key == "amends" and ref is not None and BASE_PATH.fullmatch(ref):
            continue  # an explicit base file, relative to this one (amend.py resolves it)
        if ref is not None and not STATUTE_ID.fullmatch(ref):
            lower = ref.lower()  # "ct/pa-19-2O": a capital letter where a digit was meant?
            help = (f'ids are in lower case: "{lower}"; check each character against the id '
                    '`trustlaw list` shows' if STATUTE_ID.fullmatch(lower) else _ID_HELP)
            error(BAD_ID, f'`{key}` names "{ref}", which is not a statute id',
                  values[key].span, help)
        elif ref is not None and ref == statute_id:
            error(BAD_ID, f"statute `{statute_id}` cannot {key[:-1]} itself", values[key].span,
                  f"name the statute this one {key[:-1]}s, or give this file an id of its own")
    verification = name("verification") or "V"
    if verification not in VERIFICATIONS:
        error(
            BAD_VERIFICATION, f"`{verification}` is not a verification mark",
            values["verification"].span, VERIFICATION_HELP,
        )
        verification = "V"
    if reported:
        return None, verification
    return ir.StatuteMeta(
        id=statute_id,
        title=text("title") or "",
        jurisdiction=jurisdiction or "",
        citation=text("citation") or "",
        status=status or "",
        introduced=date("introduced"),
        enacted=date("enacted"),
        in_force=date("in_force"),
        superseded=date("superseded"),
        replaces=text("replaces"),
        amends=text("amends"),
        sources=tuple(sources),
        verification=verification,
    ), verification


def _kind_help(key: str, kind: str) -> str:
    if kind == "text":
        return f'write `{key} "…"` with the text in quotes'
    if kind == "name":
        return f"write `{key} {_meta_example(key)}` without quotes"
    return f"write `{key} YYYY-MM-DD`"


def _meta_example(key: str) -> str:
    return {
        "title": '"An Act Concerning …"',
        "jurisdiction": '"ct"',
        "citation": '"<the law\'s official citation>"',
        "status": "enacted",
        "verification": "V",
    }.get(key, '"…"')


def _likely_year(year: int) -> int | None:
    """The twentieth- or twenty-first-century year a short `year` (`0026`, `0098`) most
    likely stands for, or None."""
    if year >= 100:
        return None
    return 2000 + year if year <= 50 else 1900 + year
