"""How a case file's faults are worded in a row's error: where text stops being UTF-8,
and a long value or message cut short (the readers of every format share them)."""

from __future__ import annotations

__all__ = ["not_utf8", "short"]


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
