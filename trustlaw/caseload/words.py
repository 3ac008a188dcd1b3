"""How a case file's faults are worded in a row's error: where text stops being UTF-8,
and a long value or message cut short (the readers of every format share them); and
how the first rows in error are shown under a batch's or an impact's counts."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import shown_name

__all__ = ["FIRST_ERRORS", "first_errors", "no_hold", "not_utf8", "short"]

#: How many rows in error a summary quotes: enough to see what went wrong.
FIRST_ERRORS = 3


def not_utf8(text: str) -> str | None:
    """Where `text` (read with surrogateescape) holds bytes that are not UTF-8: "at byte
    N (0xFF)", N counting from 1 in `text`'s own bytes; None when it is all UTF-8."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogateescape")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"at byte {error.start + 1:,} ({data[error.start]:#04x})"
    return None  # pragma: no cover - an escape always decodes badly


def short(error: BaseException | str) -> str:
    """`error`'s words, at most 200 characters."""
    text = str(error)
    return text if len(text) <= 200 else text[:200] + "…"


def first_errors(quoted: Sequence[tuple[str, str]], errors: int, where: str) -> list[str]:
    """The lines that quote the first rows in error (`quoted`: case id, error) of
    `errors` in all, each escaped for a terminal and cut short, and say `where` the rest
    are: a summary that only counts errors leaves a researcher to guess why (every row
    of a spreadsheet export with one extra column is in error, for one reason)."""
    if not quoted:
        return []
    # a case is named by its `id`, else its row counted from 0 (batch output's case_id),
    # which is not the line number a JSON-lines error quotes ("case 6: line 7 is …")
    lines = [f"the first {'case' if len(quoted) == 1 else 'cases'} in error (by id, else "
             "row counted from 0):"]
    lines += [f"  case {shown_name(case_id, 60)}: {shown_name(_middle_cut(error), 205)}"
              for case_id, error in quoted]
    if errors > len(quoted):
        lines.append(f"  … {errors - len(quoted):,} more ({where})")
    return lines


def _middle_cut(error: str, limit: int = 200) -> str:
    """An error of at most about `limit` characters, cut in its middle: its end says what
    was given and what was meant ('…, got "state_correction"; did you mean
    state_corrections?'), which a cut at the end lost behind a list of every value."""
    if len(error) <= limit:
        return error
    head, tail = error[:limit // 2], error[-(limit // 2 - 5):]
    tail = tail.split(" ", 1)[1] if " " in tail else tail  # from a word's start
    return f"{head} … {tail}"


def no_hold(count: int) -> str:
    """The words after a permitted or required hold's count for the `count` of them whose
    limit is 0 hours: the request asked for no hold (by its kinds, or Form I-247N or
    I-247X), so "hold permitted" there keeps nobody past release."""
    if not count:
        return ""
    return f"{count:,} of them on requests that ask for no hold, so 0 hours"


def not_bound(count: int) -> str:
    """The words after a permitted or required hold's count for the `count` of them
    decided by the provision saying the law does not bind the agency: the law leaves
    those to the agency, which a share of "holds permitted" would otherwise hide."""
    if not count:
        return ""
    return f"{count:,} of them at an agency the law does not bind"


#: What a summary says of a law whose holds at agencies it does not bind it could not count
UNCOUNTED_SCOPE = ("how many of its holds are at an agency it does not bind is not counted "
                   "here, as its provisions share one citation: `--warnings` counts them")


#: What an impact's moves of notification, transfer and interview count: what each law
#: allows, which a hold's moves tell apart by their 0-hour limit and these cannot
ASKED_OR_NOT = ("notification, transfer and interview: what each law allows, counted whatever "
                "the request asked for; `trustlaw batch` rows beside each case's "
                "`request.kinds` tell the requests apart")


def of_citizens(count: int) -> str:
    """The words after a permitted or required hold's count for the `count` of them of a
    person recorded as a United States citizen, under a law with no rule on citizens: the
    request asks to hold an alien, and the federal regulation gives no ground to hold a
    citizen (the decisions' ``citizen`` warning)."""
    if not count:
        return ""
    return f"{count:,} of them of a person recorded as a citizen"


def hold_notes(zero_hours: int, unbound: int, citizens: int = 0) -> str:
    """What a hold result's count holds that its number hides (`no_hold`, `not_bound`,
    `of_citizens`)."""
    return "; ".join(note for note in (no_hold(zero_hours), not_bound(unbound),
                                       of_citizens(citizens)) if note)

