"""Checker request JSON → decision JSON: the case checker's Python side, run in Pyodide.

The page sends ``{"statute": id or jurisdiction, "on": date or null, "case": {...},
"release_at": "YYYY-MM-DDTHH:MM" or null}`` and shows what comes back. Bad input (an
unknown statute, an invalid case, a malformed release time) comes back as
``{"ok": false, "error": "..."}`` carrying trustlaw's own message, never a traceback.
``words`` gives the page the hold limit and the deadline as a lawyer reads them, and the
explanation names the facts in the vocabulary's words (`PlainFacts`), not by their paths.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from typing import Any

import trustlaw
from trustlaw import TrustlawError, UsageError
from trustlaw.dates import iso_day
from trustlaw.decisions.clock import MaxHold, release_moment
from trustlaw.decisions.explain import explain, hold_limit_text
from trustlaw.decisions.fact_words import PlainFacts
from trustlaw.lowering.meta import STATUTE_ID
from trustlaw.site.words import action_words, moment_words


def decide_json(request_json: str) -> str:
    """The page's request (JSON text) → the decision, its explanation and deadline (JSON text)."""
    try:
        request = json.loads(request_json)
        if not isinstance(request, dict):
            raise _BadRequest("the request must be a JSON object")
        return json.dumps(_decide(request), ensure_ascii=False)
    except json.JSONDecodeError as error:
        return json.dumps({"ok": False, "error": f"the request is not JSON: {error.msg}"})
    except TrustlawError as error:
        return json.dumps({"ok": False, "error": str(error)}, ensure_ascii=False)
    except _BadRequest as error:
        return json.dumps({"ok": False, "error": str(error)}, ensure_ascii=False)


class _BadRequest(Exception):
    """A request the page should not have sent (a malformed date or release time)."""


def _decide(request: dict[str, Any]) -> dict[str, Any]:
    ref = request.get("statute")
    if not isinstance(ref, str) or not ref:
        raise _BadRequest("choose a statute or a jurisdiction")
    if not _named(ref):  # a link may carry anything: never load the file at some path
        raise _BadRequest(f"{ref!r} is not a statute id or a jurisdiction; choose one from "
                          "the list")
    case = request.get("case")
    on = None
    if "/" not in ref:  # a jurisdiction: the version in force on the chosen day
        day = request.get("on") or (case.get("date") if isinstance(case, dict) else None)
        if not day:
            raise _BadRequest(
                f"choose the day whose {ref} law applies, or give the case's date"
            )
        on = _parse(day, _day, "the day whose law applies", "YYYY-MM-DD")
    statute = trustlaw.load(ref, on=on)
    decision = statute.decide(case)  # type: ignore[arg-type]  # validated: bad shapes raise CaseError
    result: dict[str, Any] = {
        "ok": True,
        "statute": {
            "id": statute.id,
            "title": statute.meta.title,
            "citation": statute.meta.citation,
        },
        "outcomes": dict(decision.outcomes),
        # each action in words, for the page to show beside its outcome
        "actions": {kind: action_words(kind) for kind in decision.outcomes},
        "decision": decision.to_dict(),
        "explanation": explain(decision, PlainFacts(statute.vocabulary)),
        "deadline": None,
        "words": {"limit": _limit_words(decision.max_hold), "release_at": None,
                  "deadline": None},
    }
    release_at = request.get("release_at")
    if release_at:
        moment = _parse(release_at, _release, "the release time", "YYYY-MM-DDTHH:MM")
        deadline = decision.release_deadline(moment)
        result["deadline"] = {
            "release_at": moment.isoformat(timespec="minutes"),
            "deadline": deadline.isoformat(timespec="minutes") if deadline else None,
        }
        result["words"]["release_at"] = moment_words(moment)
        result["words"]["deadline"] = moment_words(deadline) if deadline else None
    return result




_JURISDICTION = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def _named(ref: str) -> bool:
    """Whether `ref` is written as a statute id (``ct/pa-13-155``) or a jurisdiction, and
    not as the path of a file, which `trustlaw.load` would also take."""
    shaped = STATUTE_ID.fullmatch(ref) or _JURISDICTION.fullmatch(ref)
    return bool(shaped) and not ref.endswith(".law") and not os.path.lexists(ref)


def _limit_words(limit: MaxHold | None) -> str | None:
    """The longest hold in words (``48 hours, not counting Saturdays, …``), with any
    further limit it must also respect; None where no hold may happen."""
    if limit is None:
        return None
    words = [hold_limit_text(x.hours, x.excluding, x.holidays) for x in (limit, *limit.also)]
    return " and ".join(words) + (", whichever ends first" if limit.also else "")


def _day(text: str) -> _dt.date:
    """The day `text` writes as YYYY-MM-DD, as the service's ``on=`` reads it
    (`date.fromisoformat` would also read 20160101 and 2016-W01-5)."""
    day = iso_day(text)
    if day is None:
        raise ValueError(text)
    return day


def _release(text: str) -> _dt.datetime:
    """The release time as `Decision.release_deadline` reads it: a day alone, which has no
    hour to count from, and 20150305T1700 or 2015-W10-4T17 are refused."""
    try:
        return release_moment(text)
    except UsageError:
        raise ValueError(text) from None


def _parse(text: object, parse: Any, what: str, shape: str) -> Any:
    if not isinstance(text, str):
        raise _BadRequest(f"{what} must be written {shape}")
    try:
        return parse(text)
    except ValueError:
        raise _BadRequest(f"{what} must be written {shape}, not {text!r}") from None
