"""What a case file holds, told from its first bytes, where its name says otherwise.

A case file's name decides how it is read (`io.case_format`). A file whose bytes are of
another kind than its name says (``cases.jsonl`` that is gzip-compressed, a Parquet file
saved as ``cases.csv``, an Excel workbook renamed ``.csv``, text named ``.parquet``)
would be read as lines of garbage, every row an error, or refused in a reader's own
words. It is refused instead (`io.require_format_held`), naming what the file holds and
what to do. A file read from a pipe is never looked at: its first bytes, once read, are
gone.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import shown_name

__all__ = ["held_instead", "piped_format"]

# (first bytes, what a file starting with them holds, how to decompress it, the command
# that decompresses it into a pipe)
_COMPRESSED = (
    (b"\x1f\x8b", "gzip-compressed data", "gunzip -c {name} > {plain}", "zcat"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data", "zstd -dc {name} > {plain}", "zstdcat"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "xz -dc {name} > {plain}", "xzcat"),
    (b"\x04\x22\x4d\x18", "lz4-compressed data", "lz4 -dc {name} > {plain}", "lz4cat"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "7z x {name}", "7z x -so"),
    # bzip2: "BZh" and the block size, a digit
    *((b"BZh" + digit, "bzip2-compressed data", "bunzip2 -c {name} > {plain}", "bzcat")
      for digit in (b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"9")),
)
_PARQUET = b"PAR1"
_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls workbook (OLE2)
_UTF16 = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text" is UTF-16, tab-separated
_WORDS = {"jsonl": "JSON lines", "csv": "CSV", "parquet": "Parquet"}
_SNIFF = 4096


def held_instead(path: str | os.PathLike[str], fmt: str) -> tuple[str, str] | None:
    """What the regular file `path`, read as `fmt` (its name's format), holds instead,
    when its first bytes show something else (compressed data, an archive or a workbook,
    Parquet under a text name, UTF-16 text, or text under a Parquet name): the message
    and the help of its refusal (`io.require_format_held`). None for a file that may be
    `fmt`, a pipe, or a file that cannot be read (the reader says why)."""
    try:
        with open(path, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            start = stream.read(_SNIFF)
    except OSError:
        return None
    held = _held(start, fmt) if start else None
    if held is None:
        return None
    what, help_text = held
    name = Path(path).name
    return (f"`{shown_name(name)}` is named as {_WORDS[fmt]}, but holds {what}",
            help_text.format(**_names(name)))


def _held(start: bytes, fmt: str) -> tuple[str, str] | None:
    """What a file starting with `start` holds and what to do, when it is not `fmt`."""
    for magic, what, command, _ in _COMPRESSED:
        if start.startswith(magic):
            return what, (f"decompress it first (`{command}`) and give that file; a case "
                          "file is read as it is, never decompressed")
    if start.startswith(_ZIP):
        if b"[Content_Types].xml" in start or b"xl/" in start:
            return "an Excel workbook (.xlsx), not text", (
                "a spreadsheet is not read: open it and save the sheet as \"CSV UTF-8 "
                "(Comma delimited)\", one column per field (see docs/batch.md), and give "
                "that .csv file")
        return "a zip archive", "unzip it first (`unzip {name}`) and give the file inside"
    if start.startswith(_OLD_EXCEL):
        return "an Excel 97-2003 workbook (.xls), not text", (
            "a spreadsheet is not read: open it and save the sheet as \"CSV UTF-8 (Comma "
            "delimited)\", one column per field (see docs/batch.md), and give that .csv file")
    if fmt == "parquet":
        if not start.startswith(_PARQUET) and _text(start):
            kind = "JSON lines" if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") \
                else "text"
            return f"{kind}, not Parquet", (
                "name the file by what it holds: `.jsonl` for one JSON case per line, "
                "`.csv` for a header line and rows of cells")
        return None
    if start.startswith(_PARQUET):
        return "a Parquet file", "name it `{parquet}`: the name tells how a case file is read"
    if start.startswith(_UTF16):
        return "UTF-16 text (Excel's \"Unicode Text\" is saved so)", (
            "save it as \"CSV UTF-8 (Comma delimited)\", or convert it to UTF-8 "
            "(`iconv -f UTF-16 -t UTF-8 {name} > {utf8}`), and give that file")
    return None


def piped_format(start: bytes) -> tuple[str | None, str, str]:
    """The format of cases piped in, told from their first bytes `start` (a pipe has no
    name to tell it): Parquet by its mark, JSON lines when the first character is ``{``,
    else CSV (an empty pipe: JSON lines of no case). For what no caseload is (compressed
    data, an archive, a workbook, UTF-16 text): None, what it is, and what to do."""
    for magic, what, _, command in _COMPRESSED:
        if start.startswith(magic):
            return None, what, (f"decompress it in the pipe: `{command} FILE | trustlaw …"
                                " --cases -`")
    if start.startswith(_PARQUET):
        return "parquet", "", ""
    held = _held(start, "csv")
    if held is not None:
        what, help_text = held
        return None, what, help_text.format(**_names("cases"))
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") or not start.strip():
        return "jsonl", "", ""
    return "csv", "", ""


def _text(start: bytes) -> bool:
    """Whether `start` reads as UTF-8 text (a character cut at its end allowed)."""
    try:
        start.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(start) - 3:
            return False
    return b"\x00" not in start


def _names(name: str) -> dict[str, str]:
    """The names the help gives for the files made from `name` (``cases.csv``): as
    shown, decompressed beside it, renamed as Parquet, converted to UTF-8."""
    path = Path(name)
    return {"name": shown_name(name),
            "plain": shown_name(f"{path.stem}-decompressed{path.suffix}"),
            "parquet": shown_name(f"{path.stem}.parquet"),
            "utf8": shown_name(f"{path.stem}-utf8{path.suffix}")}
