"""Case files ↔ case dicts: JSON lines, CSV and Parquet, read and written the same way.

The column layout (docs/batch.md):

- **JSON lines** (``.jsonl``, ``.ndjson``): one case object per line, exactly the public
  case shape.
- **Parquet** (``.parquet``): one column per top-level field, nested as the vocabulary
  says: records are structs, lists are lists (of structs), dates are Arrow dates; the
  case ``id`` is a string column. A null is an unknown fact, as in JSON.
- **CSV** (``.csv``): one column per *leaf* of a record, named by its dotted path
  (``person.age``, ``request.form``), and one column per list holding the list as JSON
  text (``convictions``, ``request.kinds``). An empty cell is unknown; ``true``/``false``
  are booleans; integers are written in decimal; dates in ISO form. An empty list is
  ``[]``, never an empty cell.

Reading never guesses: a CSV cell that does not parse as the vocabulary's type is kept
as text, so the case validator reports it with its field path. Reading never stops at a
bad row either: a line that is not UTF-8, longer than a case may be, not JSON (or JSON
past the case limits), a CSV row whose cells do not match the header, or a Parquet row
holding a value Python cannot (a string that is not UTF-8, a date after 9999), is that
row's error and the next row is read. Only a file that cannot be read at all, or a CSV
header that cannot be (or names a column twice), stops the read.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..cases.limits import MAX_CASE_CHARS
from ..diagnostics import (
    CaseError,
    Diagnostic,
    UsageError,
    install_hint,
    json_text,
    shown_name,
)
from ..settings import full_collections_rare
from .arrow_rows import Row
from .contents import held_instead
from .csv_cases import Read, csv_case, csv_rows, csv_unknown, leaf_types, read_csv
from .fitting import fitting
from .text_lines import Lines, LineTooLong, json_error, open_cases, too_long
from .words import not_utf8, short

__all__ = ["FORMATS", "arrow_schema", "case_format", "csv_case", "csv_rows", "csv_unknown",
           "jsonl_case", "jsonl_lines", "leaf_types", "metadata_labels", "read_cases",
           "read_table", "refuse_one_spread_case", "require_format_held",
           "require_named_format", "synthetic_labels",
           "synthetic_words", "whole_file", "write_cases", "write_rows", "write_tables"]

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}
_NAMED = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet"}
_WORDS = {"jsonl": "JSON lines", "csv": "CSV", "parquet": "Parquet"}
_SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".numbers"})
# how a compressed file is named (`cases.jsonl.gz`): renamed to its inner suffix, it would
# be read as text of compressed bytes, every line an error
_COMPRESSED = frozenset({".gz", ".bz2", ".xz", ".zst", ".zip", ".7z", ".lz4"})


def case_format(path: str | os.PathLike[str], given: str | None = None, *,
                output: bool = False, option: str = "the format") -> str:
    """The format of a case or output file: `given`, else its suffix. A `given` format
    that its suffix contradicts is refused (a .csv file of Parquet is opened by no one);
    `option` names what gave it (``--format``). An `output` file's help says where rows
    can be written (a spreadsheet's name is no case file to read)."""
    suffix = Path(path).suffix.lower()
    fmt = _SUFFIXES.get(suffix)
    if given:
        if fmt is not None and fmt != given:
            name = Path(path).name
            raise UsageError([Diagnostic(
                "TL-U011", f"{option} {given} contradicts the name `{shown_name(name)}`, "
                f"which says {_WORDS[fmt]}", None,
                f"name the file `{shown_name(name[:-len(suffix)])}{_NAMED[given]}` to write "
                f"{_WORDS[given]}, or leave out {option} (the name tells it)")])
        return given
    if fmt is None:
        spreadsheet = suffix in _SPREADSHEETS  # what an analyst's jail system exports
        if output and spreadsheet:
            help_text = ("rows are not written as a spreadsheet: write them to a .parquet, "
                         ".csv or .jsonl file (a spreadsheet opens the .csv file)")
        elif spreadsheet:
            help_text = ("a spreadsheet is not read: save the sheet as CSV UTF-8, one column "
                         "per field (see docs/batch.md), and give that .csv file")
        elif suffix in _COMPRESSED:
            inner = Path(path).with_suffix("").name
            help_text = (f"a compressed file is {'not written' if output else 'not read'}: "
                         + ("write the rows to a .parquet file (compressed within), .csv or "
                            ".jsonl" if output else
                            f"decompress it first (to `{shown_name(inner)}`) and give that "
                            "file; its name must end .jsonl, .csv or .parquet"))
        else:
            help_text = "name it .jsonl, .csv or .parquet"
        raise UsageError([Diagnostic(
            "TL-U011", f"cannot tell the format of `{path}` from its name", None, help_text)])
    return fmt


def require_format_held(path: str | os.PathLike[str], fmt: str) -> None:
    """Refuse (TL-U011) a case file read as `fmt` whose first bytes show it holds another
    format (`contents.held_instead`: a gzip-compressed ``.jsonl``, Parquet named
    ``.csv``), naming what it holds and what to do."""
    held = held_instead(path, fmt)
    if held is not None:
        raise UsageError([Diagnostic("TL-U011", held[0], None, held[1])])


def require_named_format(path: str | os.PathLike[str]) -> None:
    """Refuse a case file whose first bytes show another format than its name says
    (`contents.require_format_held`); a name that tells no format is the reader's to
    refuse."""
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is not None:
        require_format_held(path, fmt)


# ---- reading ------------------------------------------------------------------------------





def read_cases(path: str | os.PathLike[str], vocab: ir.Vocabulary,
               fmt: str | None = None, *, as_json: bool = True) -> Iterator[Read]:
    """Every case of a file as (0-based row, case dict, None), or (row, None or
    ``{"id": …}``, message) for a row that holds no case: not UTF-8, too long, not JSON,
    not an object, or not fitting the CSV header. An error row keeps the row's own `id`
    when it could be read. Validation is the caller's; a file that cannot be read at all
    (or a CSV header that names a column twice) is a `UsageError`.

    Every format gives a case in its JSON form (ISO dates, unknown facts left out), unless
    `as_json` is false: then a Parquet row comes as Arrow gives it (dates as
    `datetime.date`, unknown facts as None), which the validator takes as it is, and a
    batch skips the round trip through text (a third of its time on Parquet)."""
    fmt = case_format(path, fmt)
    require_format_held(path, fmt)
    if fmt == "parquet":
        yield from _read_parquet(Path(path), as_json, vocab)
    elif fmt == "csv":
        yield from read_csv(Path(path), vocab)
    else:
        yield from _read_jsonl(Path(path))


def synthetic_labels(path: str | os.PathLike[str]) -> dict[str, str]:
    """The ``trustlaw.*`` labels `trustlaw synth` wrote into a Parquet file's metadata
    (``trustlaw.synthetic``, profile, seed, note), or {} for any other file: what a batch
    or an impact table of its cases must say it is made of."""
    if case_format(path) != "parquet":
        return {}
    try:
        metadata = _pyarrow_parquet().read_schema(path).metadata
    except Exception:  # the reader reports a file it cannot read
        return {}
    return metadata_labels(metadata)


def metadata_labels(metadata: Mapping[bytes, bytes] | None) -> dict[str, str]:
    """The ``trustlaw.*`` labels of an Arrow schema's key-value metadata (a Parquet
    file's, or a table's read from one with `pyarrow.parquet.read_table`), or {} unless
    they say the cases are synthetic."""
    labels = {key.decode("utf-8", "replace"): value.decode("utf-8", "replace")
              for key, value in (metadata or {}).items() if key.startswith(b"trustlaw.")}
    return labels if labels.get("trustlaw.synthetic") == "true" else {}


def synthetic_words(labels: Mapping[str, str]) -> str | None:
    """One line saying the cases are synthetic, from `synthetic_labels` (None if not: a
    batch's own output names what decided it there, which says nothing of its cases)."""
    if "trustlaw.synthetic" not in labels:
        return None
    made = ", ".join(f"{what} {labels[key]}" for what, key in
                     (("profile", "trustlaw.profile"), ("seed", "trustlaw.seed"))
                     if key in labels)
    note = labels.get("trustlaw.note") or "synthetic cases, not records of real people"
    return f"{note}{f' ({made})' if made else ''}"


def refuse_one_spread_case(path: Path) -> None:
    """A ``.json`` file that holds one case (or a list of cases) written over several
    lines, as `trustlaw decide` takes it, is refused with that said, rather than read as
    JSON lines and each of its lines reported as not JSON."""
    try:
        if path.suffix.lower() != ".json" or path.stat().st_size > MAX_CASE_CHARS:
            return
        with open_cases(path) as stream:
            text = stream.read()
    except (OSError, UsageError):
        return  # the reader says what is wrong with a file it cannot read
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return
    try:
        json.loads(lines[0])
        return  # its first line is a JSON value of its own: JSON lines
    except ValueError:
        pass
    try:
        value = json.loads(text)
    except ValueError:
        return
    what = "a list of cases" if isinstance(value, list) else "one case"
    raise UsageError([Diagnostic(
        "TL-U011", f"`{path}` holds {what} written over several lines, but a file of "
        "cases is read one case per line (JSON lines)", None,
        "decide one case with `trustlaw decide ID FILE`; for many, write one case per "
        "line in a .jsonl file (`jq -c '.[]' cases.json > cases.jsonl` splits a list)")])


def _read_jsonl(path: Path) -> Iterator[Read]:
    for row, line in jsonl_lines(path):
        read = jsonl_case(row, line)
        if read is not None:
            yield read


def jsonl_lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """Each line of a JSON-lines file with its 0-based number (blank lines counted), as
    its text with its line break; None for a line longer than any case (skipped)."""
    with open_cases(path) as stream:
        lines = Lines(stream)
        row = 0
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except LineTooLong:
                yield row, None
            else:
                yield row, line
            row += 1


def jsonl_case(row: int, line: str | None) -> Read | None:
    """One line as a case (None for a blank line, which has no row but is counted); a
    line `jsonl_lines` found too long (None) is its row's error."""
    from ..cases.json_text import read_case_json
    from ..cases.validation import describe

    where = f"line {row + 1}"
    if line is None:
        return row, None, too_long(where)
    bad = not_utf8(line)
    if bad is not None:
        return row, None, f"{where} is not valid UTF-8 {bad}"
    if not line.strip():
        return None
    try:
        value = read_case_json(line, str(row + 1), line=row + 1)
    except CaseError as error:
        return row, None, json_error(where, error)
    if isinstance(value, list):  # a JSON array of cases, the usual first try
        return row, None, (f"{where} is a list, not a case object: many cases go one JSON "
                           "object per line (JSON lines), not in a list (`jq -c '.[]'` "
                           "splits one)")
    if not isinstance(value, dict):
        return row, None, f"{where} is {describe(value)}, not a case object"
    return row, value, None


def _read_parquet(path: Path, as_json: bool, vocab: ir.Vocabulary) -> Iterator[Read]:
    """The rows of a Parquet file; in one with a column or struct field the case format
    lacks (`parquet_unknown`), every row is in error with the same words, also where its
    value is null."""
    pq = _pyarrow_parquet()  # first: without pyarrow, a usage error naming the extra
    import pyarrow as pa

    try:
        table = pq.ParquetFile(path)
        schema = table.schema_arrow
    except (OSError, ValueError, OverflowError, pa.ArrowException) as error:
        raise _not_parquet(path, error) from None
    twice = _named_twice(schema)
    if twice is not None:  # a row would keep one of the two values: a guess, so refuse
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` names the column `{short(twice)}` twice", None,
            "give each fact one column (a record's fields inside one struct column)")])
    yield from _arrow_reads(schema, _parquet_batches(path, table), vocab, as_json)


def read_table(table: Any, vocab: ir.Vocabulary, *, as_json: bool = True,
               chunk: int = 65536) -> Iterator[Read]:
    """The rows of cases held in memory as an Arrow table (`in_memory.TableCases`), read
    as a Parquet file's rows are (`read_cases`), `chunk` rows at a time: a column or
    struct field the case format lacks puts every row in error, a value Python cannot
    hold is its row's error. The caller has refused a column named twice."""
    from .arrow_rows import batch_rows, table_batches

    batches = (batch_rows(batch, first) for batch, first in table_batches(table, chunk))
    yield from _arrow_reads(table.schema, batches, vocab, as_json)


def _arrow_reads(schema: Any, batches: Iterable[list[Row]], vocab: ir.Vocabulary,
                 as_json: bool) -> Iterator[Read]:
    """Rows of an Arrow `schema` (a Parquet file's, or a table's in memory), numbered
    from 0; with a column or struct field the case format lacks (`parquet_unknown`),
    every row is in error with the same words, also where its value is null."""
    from .unknown_columns import parquet_unknown

    unknown = parquet_unknown(schema, vocab)
    first = 0
    for rows in batches:
        for row, (value, fault) in enumerate(rows, first):
            if unknown is not None:
                case_id = value.get("id") if isinstance(value, dict) else None
                yield row, {"id": case_id} if isinstance(case_id, str) else None, \
                    unknown.error(row)
            else:
                yield row, _json_shape(value) if as_json and value is not None else value, \
                    fault
        first += len(rows)


def _parquet_batches(path: Path, table: Any) -> Iterator[list[Row]]:
    """The rows of a Parquet file, 65,536 at a time, each a case or its error (a value
    Python cannot hold: `arrow_rows`); a file found damaged part-way is unreadable as a
    whole (its row groups cannot be told apart from each other)."""
    import pyarrow as pa

    from .arrow_rows import batch_rows

    batches = table.iter_batches(batch_size=65536)
    first = 0
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError, OverflowError, pa.ArrowException) as error:
            raise _not_parquet(path, error) from None
        if batch is None:
            return
        yield batch_rows(batch, first)
        first += batch.num_rows


def _named_twice(fields: Any, prefix: str = "") -> str | None:
    """The first column, or field of a struct column (also inside lists of any Arrow
    kind: a fixed-size list or a list view too, which pyarrow otherwise refuses in words
    that name no column), whose name is given twice at its level, as a path; None when
    every name is given once."""
    import pyarrow as pa

    from .arrow_rows import is_list_kind

    seen: set[str] = set()
    for field in fields:
        path = f"{prefix}{field.name}"
        if field.name in seen:
            return path
        seen.add(field.name)
        kind = field.type
        while is_list_kind(kind):
            kind, path = kind.value_type, path + "[]"
        if pa.types.is_struct(kind):
            inner = _named_twice(list(kind), path + ".")
            if inner is not None:
                return inner
    return None


def _not_parquet(path: Path, error: BaseException) -> UsageError:
    return UsageError([Diagnostic(
        "TL-U005", f"`{path}` is not a readable Parquet file: {short(error)}", None,
        "write it with `trustlaw synth --out FILE.parquet` or any Parquet writer")])


def _json_shape(value: Any) -> Any:
    """Arrow values → the public JSON shape: dates as ISO strings, nulls dropped."""
    if isinstance(value, dict):
        return {k: _json_shape(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_json_shape(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError([Diagnostic(
            "TL-U012", "reading or writing Parquet needs pyarrow, which is not installed", None,
            install_hint("sql"))]) from None
    return pq


# ---- writing ------------------------------------------------------------------------------


def arrow_schema(vocab: ir.Vocabulary) -> Any:
    """The Arrow schema of a case under `vocab` (the Parquet layout above)."""
    import pyarrow as pa

    def arrow(kind: ir.Type) -> Any:
        if isinstance(kind, ir.BoolType):
            return pa.bool_()
        if isinstance(kind, ir.IntType):
            return pa.int64()
        if isinstance(kind, ir.DateType):
            return pa.date32()
        if isinstance(kind, ir.ListType):
            return pa.list_(arrow(kind.element))
        if isinstance(kind, ir.RecordType):
            record = vocab.record(kind.name)
            fields = record.fields if record is not None else ()
            return pa.struct([pa.field(f.name, arrow(f.type)) for f in fields])
        return pa.string()  # enums

    fields = [pa.field(f.name, arrow(f.type)) for f in vocab.fields]
    if vocab.field("id") is None:  # the case identifier: a string, outside the vocabulary
        fields.insert(0, pa.field("id", pa.string()))
    return pa.schema(fields)


def write_cases(cases: Iterable[Mapping[str, Any]], path: str | Path, vocab: ir.Vocabulary,
                fmt: str | None = None, *, labels: Mapping[str, str] | None = None,
                well_formed: bool = False) -> int:
    """Write cases to a JSON-lines, CSV or Parquet file; returns how many. (Python's full
    garbage collections are rare meanwhile: a Parquet file's chunk of cases made them a
    sixth of `trustlaw synth`'s time.) The file appears only once written whole; one
    that cannot be written is a `UsageError`. `labels` go into a Parquet file's key-value
    metadata (`trustlaw synth` marks its files synthetic there); the other formats have
    no place for them.

    A case written to CSV or Parquet must fit the layout's columns as given (`fitting`:
    a `CaseError` names the first that does not); `well_formed` skips that check for
    cases made well-formed (`trustlaw synth`'s, which validation accepts, tests say)."""
    fmt = case_format(path, fmt)
    if fmt == "parquet":
        _pyarrow_parquet()  # without pyarrow, a usage error naming the extra, before any work
    if not well_formed and fmt != "jsonl":
        cases = fitting(cases, vocab, fmt)
    with full_collections_rare(), whole_file(Path(path)) as part:
        if fmt == "parquet":
            schema = arrow_schema(vocab)
            if labels:
                schema = schema.with_metadata(dict(labels))
            plan = _date_plan(schema)
            return _write_parquet((_arrow_shape(c, plan) for c in cases), part, schema)
        if fmt == "csv":
            columns = list(dict.fromkeys(["id", *leaf_types(vocab)]))
            return write_rows((_csv_row(c) for c in cases), part, columns, "csv")
        count = 0
        with part.open("w", encoding="utf-8") as out:
            for case in cases:
                out.write(json_text(case, separators=(",", ":")) + "\n")
                count += 1
        return count


# Where a case holds dates: field → True (a date, or a list of dates), or the plan of the
# record (or list of records) it holds; fields without a date are left out.
_DatePlan = dict[str, Any]


def _date_plan(schema: Any) -> _DatePlan:
    """Where the Arrow `schema` of a case (`arrow_schema`) holds dates."""
    import pyarrow as pa

    def plan(fields: Iterable[Any]) -> _DatePlan:
        out: _DatePlan = {}
        for f in fields:
            kind = f.type.value_type if pa.types.is_list(f.type) else f.type
            if pa.types.is_date32(kind):
                out[f.name] = True
            elif pa.types.is_struct(kind) and (inner := plan(kind)):
                out[f.name] = inner
        return out

    return plan(schema)


def _arrow_shape(case: Mapping[str, Any], plan: _DatePlan) -> dict[str, Any]:
    """A case in JSON form with its ISO dates as `datetime.date` for Arrow: only the
    vocabulary's date fields are read (an `id` that looks like a date stays text)."""
    out = dict(case)
    for key, inner in plan.items():
        value = out.get(key)
        if value is None:
            continue
        if inner is True:
            out[key] = [_iso(v) for v in value] if isinstance(value, list) else _iso(value)
        elif isinstance(value, dict):
            out[key] = _arrow_shape(value, inner)
        elif isinstance(value, list):
            out[key] = [_arrow_shape(v, inner) if isinstance(v, dict) else v for v in value]
    return out


def _iso(value: Any) -> Any:
    """An ISO date written YYYY-MM-DD as a date; anything else as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value  # Arrow refuses it, as it refuses any value of the wrong type
    return value


def _csv_row(case: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Mapping[str, Any]) -> None:
        for key, item in value.items():
            if isinstance(item, Mapping):
                walk(f"{prefix}{key}.", item)
            elif isinstance(item, list):
                out[f"{prefix}{key}"] = json.dumps(item, separators=(",", ":"))
            elif isinstance(item, bool):
                out[f"{prefix}{key}"] = "true" if item else "false"
            else:
                out[f"{prefix}{key}"] = item

    walk("", case)
    return out


def _write_parquet(rows: Iterable[Mapping[str, Any]], path: Path, schema: Any) -> int:
    """Rows to Parquet in chunks of 65,536; no rows still write a table, so the file
    holds the schema's columns."""
    import pyarrow as pa

    pq = _pyarrow_parquet()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[Mapping[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 65536:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
                chunk = []
        if chunk or not count:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count


@contextlib.contextmanager
def whole_file(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` that becomes `out` only once it is written whole,
    so a run stopped part-way (an unreadable file, ^C) leaves no partial output."""
    name = f".{out.name}.part"
    if len(name.encode("utf-8", "surrogateescape")) > 255:  # a long name that still fits
        name = f".trustlaw-{abs(hash(out.name)):x}.part"
    part = out.with_name(name)
    try:
        yield part
        os.replace(part, out)
    except OSError as error:  # no such folder, no permission, disk full
        raise UsageError([Diagnostic(
            "TL-U005", f"`{out}` could not be written: {error.strerror or error}", None,
            "give --out a file in a folder that exists and can be written")]) from None
    finally:
        with contextlib.suppress(OSError):  # the same error again: there is no part file
            part.unlink(missing_ok=True)


# The first characters with which a spreadsheet (Excel, LibreOffice, Sheets) reads a CSV
# cell as a formula: a citation or case id such as `=HYPERLINK(…)` could run one.
# a leading apostrophe is one too: marked again, `'=x` stays apart from `=x` (`'=x`)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def inert_cell(value: Any) -> Any:
    """A CSV cell of batch output that a spreadsheet shows as written: text starting like
    a formula gets a leading apostrophe (OWASP's advice on CSV injection), and so does
    text that starts with one, so that dropping one leading apostrophe gives back every
    value (`=x` and `'=x` are written `'=x` and `''=x`)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_tables(tables: Iterable[Any], path: str | Path, columns: list[str],
                 fmt: str | None = None, schema: Any = None) -> int:
    """Arrow tables of batch output to a file as `write_rows` writes their rows (Parquet
    without a Python object per value); returns how many rows."""
    if case_format(path, fmt) != "parquet" or schema is None:
        return write_rows((row for table in tables for row in table.to_pylist()), path,
                          columns, fmt, schema, spreadsheet=True)
    pq = _pyarrow_parquet()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for table in tables:
            writer.write_table(table.select(columns).cast(schema))
            count += table.num_rows
        if not count:
            writer.write_table(schema.empty_table())
    return count


def _list_cell(value: Any) -> Any:
    """A CSV cell of a list (a batch's ``warnings``): its JSON text, as a case file's list
    cells are written (``["not-in-force"]``; ``[]`` for none), so that the empty cell
    stays null's alone (an error row's); any other value as it is."""
    return json.dumps(value, separators=(",", ":")) if isinstance(value, list) else value


def write_rows(rows: Iterable[Mapping[str, Any]], path: str | Path, columns: list[str],
               fmt: str | None = None, schema: Any = None, spreadsheet: bool = False) -> int:
    """Flat rows (batch output) to JSON lines, CSV or Parquet; returns how many. Parquet
    columns get `schema`'s types (an Arrow schema), so an all-null column keeps its type.
    `spreadsheet`: CSV cells a spreadsheet would run as a formula are made text
    (`inert_cell`)."""
    fmt = case_format(path, fmt)
    count = 0
    if fmt == "csv":
        with Path(path).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                cells = {c: _list_cell(v) for c, v in row.items()}
                writer.writerow({c: inert_cell(v) for c, v in cells.items()} if spreadsheet
                                else cells)
                count += 1
        return count
    if fmt == "parquet":
        import pyarrow as pa

        if schema is None:
            schema = pa.schema([(c, pa.string()) for c in columns])
        return _write_parquet(rows, Path(path), schema)
    with Path(path).open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json_text({c: row.get(c) for c in columns}) + "\n")
            count += 1
    return count
