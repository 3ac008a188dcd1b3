"""What a tabular case file's header tells before any row is decided, said once per file.

A CSV header or a Parquet schema names the file's columns, so two things are known up
front that a row by row reading would only let a researcher guess at from the counts:

- a column the case format lacks (a misspelt ``person.gang_databse``, a spreadsheet's
  ``notes``) puts every row in error (`unknown_columns`): one warning names them, with
  the column each may have meant;
- a fact a statute reads that the file has no column for is unknown in every case, so
  every outcome that turns on it is undetermined: one warning per statute names them;
- a CSV header read as one column that names the format's columns between semicolons
  (or tabs), as a spreadsheet saves CSV where a comma is the decimal mark, with no
  ``sep=;`` line first to say so (`csv_cases`): one warning says so, in place of both
  above.

A JSON-lines file has no header (each line names its own facts), and a file read from a
pipe is not opened twice, so neither gets these warnings; their rows say the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..diagnostics import UsageError, shown_name
from ..names import closest
from .unknown_columns import LIST, Unknown, layout_paths, parquet_unknown

__all__ = ["file_warnings", "header_warnings", "read_paths", "schema_warnings"]


def file_warnings(statutes: Sequence[Any], path: str | os.PathLike[str]) -> list[str]:
    """The warnings for deciding the CSV or Parquet file `path` under `statutes`: its
    columns the case format lacks (one warning), then per statute the facts it reads
    that the file has no column for. None for other files, an empty one (the summary
    says it holds no case), or a file that cannot be read (the reader says why)."""
    from .io import case_format

    try:
        fmt = case_format(path)
        if fmt not in ("csv", "parquet") or not Path(path).is_file():
            return []
        vocab = statutes[0].vocabulary
        if fmt == "csv":
            unknown, present, candidates = _csv_columns(Path(path), vocab)
        else:
            unknown, present, candidates = _parquet_columns(Path(path), vocab)
    except (OSError, UsageError, ValueError):
        return []
    except Exception as error:  # pyarrow's own errors: the reader reports the file
        if type(error).__module__.startswith("pyarrow"):
            return []
        raise
    if not present:  # an empty file has no header to tell anything: it holds no case
        return []
    return _warnings(statutes, shown_name(Path(path).name), fmt, unknown, present, candidates)


def schema_warnings(statutes: Sequence[Any], schema: Any, name: str) -> list[str]:
    """The warnings `file_warnings` gives a Parquet file, for cases of the Arrow `schema`
    held in memory (`in_memory`), which `name` names (``the pandas DataFrame``): its
    columns the case format lacks, and per statute the facts it reads that the table has
    no column for; none for a table of no column."""
    vocab = statutes[0].vocabulary
    present = {path for path, _ in arrow_paths(list(schema))}
    if not present:
        return []
    return _warnings(statutes, name, "parquet", parquet_unknown(schema, vocab), present,
                     layout_paths(vocab))


def header_warnings(statutes: Sequence[Any], header: list[str], name: str) -> list[str]:
    """The warnings `file_warnings` gives a CSV file with the column names `header`, for
    a table held in memory in the CSV layout's columns (`flat_tables`), which `name`
    names; none for a table of no column."""
    from .csv_cases import csv_unknown, leaf_types

    if not header:
        return []
    vocab = statutes[0].vocabulary
    types = leaf_types(vocab)
    return _warnings(statutes, name, "csv", csv_unknown(header, types, vocab), set(header),
                     [*types, "id"])


def _warnings(statutes: Sequence[Any], name: str, fmt: str, unknown: Unknown | None,
              present: set[str], candidates: list[str]) -> list[str]:
    """The warnings of a header (a CSV file's, or a Parquet file's or table's schema)
    that has the columns `present`, `unknown` of them outside the case format."""
    out = []
    if unknown is not None:
        separated = _separated(unknown.columns, candidates) if fmt == "csv" else None
        if separated is not None:  # its columns are all there, read as one
            return [_separated_words(name, unknown.columns[0], separated)]
        out.append(_unknown_words(name, unknown, candidates))
    for statute in statutes:
        missing = _missing(read_paths(statute), present, fmt)
        if missing:
            out.append(_missing_words(name, statute.id, missing))
    return out


def _csv_columns(path: Path, vocab: Any) -> tuple[Unknown | None, set[str], list[str]]:
    """A CSV file's columns the case format lacks, the columns it has, and every column
    the format has (what a misspelt one may have meant)."""
    from .csv_cases import csv_rows, csv_unknown, leaf_types

    types = leaf_types(vocab)
    with csv_rows(path, types) as (header, _):
        columns = list(header)
    return csv_unknown(columns, types, vocab), set(columns), [*types, "id"]


def _parquet_columns(path: Path, vocab: Any) -> tuple[Unknown | None, set[str], list[str]]:
    """A Parquet file's columns and struct fields the case format lacks, those it has
    (``person.age``, ``convictions[].date``), and every one the format has."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    present = {name for name, _ in arrow_paths(list(schema))}
    return parquet_unknown(schema, vocab), present, layout_paths(vocab)


def read_paths(statute: Any) -> list[str]:
    """The facts `statute` reads (its rules, and its request's limits), as paths
    (``person.age``, ``request.kinds``, ``convictions[].date``), in the order the
    nested case table has them; [] when its vocabulary has no nested form."""
    from ..backends.sql.nested import read_schema

    limits = getattr(statute, "request_limits", None)
    schema = read_schema([statute.program], None, limits.reads() if limits else ())
    if schema is None:
        return []
    return [name for name, leaf in arrow_paths(list(schema)[2:]) if leaf]  # after `row`, `case_id`


def arrow_paths(fields: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, bool]]:
    """Each Arrow field under `fields` as a path (``person.age``, ``request.kinds``,
    ``convictions[].date``, and ``person``, ``convictions`` themselves), in order, with
    whether it is a leaf (no struct, or list of structs, below it)."""
    import pyarrow as pa

    from .arrow_rows import is_list_kind

    for field in fields:
        name, kind, steps = f"{prefix}{field.name}", field.type, ""
        while is_list_kind(kind):
            kind, steps = kind.value_type, steps + LIST
        struct = pa.types.is_struct(kind)
        yield name, not struct
        if struct:
            yield from arrow_paths(list(kind), f"{name}{steps}.")


def _missing(paths: Sequence[str], present: set[str], fmt: str) -> list[str]:
    """The `paths` a file with the columns `present` has no column for, each once: a
    whole list in CSV (its column holds the list, elements and all); in Parquet a column
    absent as a whole once, else each field its struct lacks."""
    out: list[str] = []
    for path in paths:
        if fmt == "csv":
            wanted = path.split(LIST, 1)[0]
        else:
            top = path.split(".", 1)[0].split(LIST, 1)[0]
            wanted = path if top in present else top
        if wanted not in present and wanted not in out:
            out.append(wanted)
    return out


def _meant(column: str, candidates: Sequence[str]) -> str | None:
    """The column a misspelt one may have meant: a field of the same record spelt like
    it (``person.gang_databse``: ``person.gang_database``), or a field named by its own
    name without its record (``gang_database``)."""
    parent, dot, last = column.rpartition(".")
    siblings = [c.rpartition(".")[2] for c in candidates if c.rpartition(".")[0] == parent]
    best = closest(last, siblings)
    if best is not None:
        return f"{parent}{dot}{best}"
    tails = [c for c in candidates if c.rsplit(".", 1)[-1].lower() == column.lower()]
    return tails[0] if len(tails) == 1 else None


#: What a spreadsheet may separate a CSV file's cells with instead of commas (Excel does
#: with semicolons where a comma is the decimal mark), as the warning names them.
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _separated(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    """What separates the cells of a CSV file read as one column per line (``id;date;…``):
    the words for a separator splitting its one unknown column into names of the case
    format, at least half of them; else None."""
    if len(columns) != 1:
        return None
    known = set(candidates)
    for separator, words in _SEPARATORS.items():
        parts = [part.strip().strip('"') for part in columns[0].split(separator)]
        if len(parts) > 1 and 2 * sum(part in known for part in parts) >= len(parts):
            return words
    return None


def _separated_words(name: str, header: str, separated: str) -> str:
    """The one warning for a CSV file whose cells are separated by something else."""
    mark = next(char for char, words in _SEPARATORS.items() if words == separated)
    line = f", or add the line `sep={mark}` before its header (as Excel does)" \
        if mark.isprintable() else ""  # a tab cannot be shown as typed
    return (f"{name}: its header `{shown_name(header, 80)}` is read as one column: the "
            f"file's cells are separated by {separated}, not commas, so every row is in "
            f"error: save it as CSV with commas (in Excel, \"CSV UTF-8 (Comma "
            f"delimited)\"), or convert it{line}, and run again")


def _unknown_words(name: str, unknown: Unknown, candidates: Sequence[str]) -> str:
    """The one warning for a file's columns the case format lacks."""
    shown = []
    for column in unknown.columns:
        meant = _meant(column, candidates)
        hint = f" (did you mean `{meant}`?)" if meant is not None else ""
        shown.append(f"`{shown_name(column, 80)}`{hint}")
    one = len(shown) == 1
    listed = shown[0] if one else ", ".join(shown[:-1]) + " and " + shown[-1]
    return (f"{name}: the {'column' if one else 'columns'} {listed} "
            f"{'is' if one else 'are'} not in the case format (docs/batch.md), so every row "
            f"is in error, also where {'its cell is' if one else 'their cells are'} empty: "
            f"rename or remove {'it' if one else 'them'}")


def _missing_words(name: str, statute: str, missing: Sequence[str]) -> str:
    """The warning for the facts a statute reads that a file has no column for."""
    one = len(missing) == 1
    facts = ", ".join(missing)
    return (f"{name} has no column for {'a fact' if one else 'facts'} {statute} reads "
            f"({facts}): {'it is' if one else 'each is'} unknown in every case, so an "
            f"outcome that turns on {'it' if one else 'one'} is undetermined")
