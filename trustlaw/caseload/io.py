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
as text, so the case validator reports it with its field path.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..diagnostics import Diagnostic, UsageError

__all__ = ["FORMATS", "arrow_schema", "case_format", "read_cases", "write_cases", "write_rows"]

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}


def case_format(path: str | Path, given: str | None = None) -> str:
    """The format of a case or output file: `given`, else its suffix."""
    if given:
        return given
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError([Diagnostic(
            "TL-U011", f"cannot tell the format of `{path}` from its name", None,
            "name it .jsonl, .csv or .parquet")])
    return fmt


# ---- reading ------------------------------------------------------------------------------


Read = tuple[int, "dict[str, Any] | None", "str | None"]  # (row number, case, error)


def read_cases(path: str | Path, vocab: ir.Vocabulary, fmt: str | None = None) -> Iterator[Read]:
    """Every case of a file as (0-based row, case dict, None), or (row, None, message) for a
    row that is not a JSON object; validation is the caller's."""
    fmt = case_format(path, fmt)
    if fmt == "parquet":
        yield from _read_parquet(Path(path))
    elif fmt == "csv":
        yield from _read_csv(Path(path), vocab)
    else:
        yield from _read_jsonl(Path(path))


def _open(path: Path) -> io.TextIOWrapper:
    try:
        return path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` could not be read: {error.strerror or error}", None,
            "give a readable UTF-8 file of cases")]) from None


def _read_jsonl(path: Path) -> Iterator[Read]:
    from ..cases.validation import describe

    with _open(path) as stream:
        for row, line in enumerate(stream):
            if not line.strip():
                continue
            try:
                value = json.loads(line, object_pairs_hook=_no_duplicates)
            except json.JSONDecodeError as error:  # its own "line 1 column 5" would mislead
                yield row, None, (f"line {row + 1} is not valid JSON at column {error.colno}: "
                                  f"{_short(error.msg)}")
                continue
            except (ValueError, RecursionError) as error:
                yield row, None, f"line {row + 1} is not valid JSON: {_short(error)}"
                continue
            if not isinstance(value, dict):
                yield row, None, f"line {row + 1} is {describe(value)}, not a case object"
                continue
            yield row, value, None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):  # rare: find the key to name it
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key[:60]!r} appears twice")
            seen.add(key)
    return out


def _short(error: BaseException | str) -> str:
    text = str(error) if not isinstance(error, RecursionError) else "nested too deeply"
    return text if len(text) <= 200 else text[:200] + "…"


def _read_csv(path: Path, vocab: ir.Vocabulary) -> Iterator[Read]:
    types = _leaf_types(vocab)
    with _open(path) as stream:
        for row, record in enumerate(csv.DictReader(stream)):
            case: dict[str, Any] = {}
            try:
                for column, cell in record.items():
                    if column is None or cell is None or cell == "":
                        continue
                    _put(case, column.split("."), _cell(cell, types.get(column)))
            except ValueError as error:
                yield row, None, f"row {row + 1}: {_short(error)}"
                continue
            yield row, case, None


def _cell(text: str, kind: ir.Type | None) -> Any:
    if isinstance(kind, ir.ListType):
        return json.loads(text, object_pairs_hook=_no_duplicates)
    if isinstance(kind, ir.BoolType):
        return {"true": True, "false": False}.get(text.strip().lower(), text)
    if isinstance(kind, ir.IntType):
        stripped = text.strip()
        return int(stripped) if stripped.lstrip("-").isdigit() and len(stripped) < 20 else text
    return text  # dates, enums and strings stay text: the validator reads them


def _put(case: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        case = case.setdefault(key, {})
        if not isinstance(case, dict):
            raise ValueError(f"column {'.'.join(path)!r} clashes with another column")
    case[path[-1]] = value


def _leaf_types(vocab: ir.Vocabulary) -> dict[str, ir.Type]:
    """Dotted CSV column → vocabulary type (records are walked; lists are one column)."""
    out: dict[str, ir.Type] = {}

    def walk(prefix: str, fields: Iterable[ir.FieldInfo]) -> None:
        for f in fields:
            if isinstance(f.type, ir.RecordType):
                record = vocab.record(f.type.name)
                if record is not None:
                    walk(f"{prefix}{f.name}.", record.fields)
            else:
                out[f"{prefix}{f.name}"] = f.type

    walk("", vocab.fields)
    return out


def _read_parquet(path: Path) -> Iterator[Read]:
    pq = _pyarrow_parquet()
    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as error:
        raise UsageError([Diagnostic(
            "TL-U005", f"`{path}` is not a readable Parquet file: {_short(error)}", None,
            "write it with `trustlaw synth --out FILE.parquet` or any Parquet writer")]) from None
    row = 0
    for batch in table.iter_batches(batch_size=65536):
        for value in batch.to_pylist():
            yield row, _json_shape(value), None
            row += 1


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
            "install the `batch` extra: pip install 'trustlaw[batch]'")]) from None
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
                fmt: str | None = None) -> int:
    """Write cases to a JSON-lines, CSV or Parquet file; returns how many."""
    fmt = case_format(path, fmt)
    if fmt == "parquet":
        schema = arrow_schema(vocab)
        return _write_parquet((_arrow_shape(c) for c in cases), Path(path), schema)
    if fmt == "csv":
        columns = list(dict.fromkeys(["id", *_leaf_types(vocab)]))
        return write_rows((_csv_row(c) for c in cases), path, columns, "csv")
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def _arrow_shape(case: Mapping[str, Any]) -> dict[str, Any]:
    def conv(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: conv(v) for k, v in value.items()}
        if isinstance(value, list):
            return [conv(v) for v in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value

    return conv(dict(case))


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


def write_rows(rows: Iterable[Mapping[str, Any]], path: str | Path, columns: list[str],
               fmt: str | None = None, schema: Any = None) -> int:
    """Flat rows (batch output) to JSON lines, CSV or Parquet; returns how many. Parquet
    columns get `schema`'s types (an Arrow schema), so an all-null column keeps its type."""
    fmt = case_format(path, fmt)
    count = 0
    if fmt == "csv":
        with Path(path).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                count += 1
        return count
    if fmt == "parquet":
        import pyarrow as pa

        if schema is None:
            schema = pa.schema([(c, pa.string()) for c in columns])
        return _write_parquet(rows, Path(path), schema)
    with Path(path).open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
            count += 1
    return count
