"""Statutes + a caseload → one row per case and statute, chunk by chunk.

The rows' columns are the "Output columns" of the docs' "Many cases at once" page
(docs/batch.md).

Cases are read, validated and flattened a chunk at a time and each chunk is decided by
the SQL backend in one query, so memory stays bounded whatever the file's size; in
DuckDB, a Parquet file in the case layout and a JSON-lines file are decided a chunk of
columns at a time instead (`by_columns`), with the same rows. A case that does not
validate gets one row per statute with its message in ``error``; it never stops the
batch. Cases held in memory as a table (a pyarrow Table, a polars or pandas frame in the
Parquet case layout: `in_memory`) go the way a Parquet file's go. `batch` is the Python
API (an Arrow table, or a pandas or polars frame); `run_batch` streams the rows to a file
for the command line.
"""

from __future__ import annotations

import importlib
import os
import re
import warnings as python_warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import ir
from ..cases.case import Case
from ..diagnostics import (
    CaseFileWarning,
    Diagnostic,
    UsageError,
    data_frame_given,
    encodable,
    escaped,
    missing_package,
    shown_name,
    visible,
    wrong_type,
)
from ..names import did_you_mean
from ..settings import full_collections_rare
from .file_warnings import file_warnings
from .flat_tables import FlatCases, flat_reads, flat_warnings
from .in_memory import TableCases, frame_warnings, in_memory, is_table, whole_numbers
from .lineup import Lineup, lineup, versions_words
from .periods import Period, days_of_screened, heading
from .rows import (
    COLUMNS,
    Tally,
    columns,
    in_order,
    output_schema,
    unbound_grounds,
    uncounted_scopes,
)
from .words import UNCOUNTED_SCOPE, first_errors, hold_notes

__all__ = ["COLUMNS", "ENGINES", "Summary", "batch", "check_source", "decide_dated",
           "decide_rows", "decide_tables", "open_engine", "require_sql_packages",
           "run_batch", "statute_list"]

ENGINES = ("duckdb", "postgres", "spark")
# The master URLs Spark 4 takes (SparkSubmit refuses any other, after starting a JVM that
# prints its stack trace): checked first, so a mistyped one is a usage error and no more.
_SPARK_MASTER = re.compile(
    r"local(\[(\*|[1-9]\d*)(,[1-9]\d*)?\])?|local-cluster\[\d+,\d+,\d+\]"
    r"|spark://\S+|k8s://\S+|yarn")
OUTPUTS = ("arrow", "pandas", "polars")
CHUNK = 50_000

# a file's name, case dicts, or a table of cases (`in_memory`: a pyarrow Table, a frame)
Source = str | os.PathLike[str] | Iterable[Mapping[str, Any]] | TableCases | FlatCases | Any


@attrs.frozen
class Summary:
    """Per statute, how many cases came out each way (and how many were in error, with
    the first few of those quoted: `Tally.first_errors`)."""

    statutes: tuple[str, ...]
    counts: Mapping[str, Mapping[str, Mapping[str, int]]]  # statute → outcome → result → n
    errors: int
    cases: int
    first_errors: tuple[tuple[str, str], ...] = ()  # (case id, error) of the first in error
    synthetic: str | None = None  # what the cases are, when `trustlaw synth` made them
    #: statute → hold result (permitted, required) → how many of those holds are of 0
    #: hours, the request having asked for none (`rows.Tally.zero_hours`)
    zero_hour_holds: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    #: each statute's status and period in force (`periods.Period`), and of the cases
    #: decided, per statute those dated outside it, and those with no date
    periods: tuple[Period, ...] = ()
    outside_period: Mapping[str, int] = attrs.field(factory=dict)
    date_unknown: int = 0
    #: what the file's header told before any row was decided (`file_warnings`): its
    #: columns the case format lacks, the facts a statute reads it has no column for
    warnings: tuple[str, ...] = ()
    #: cases whose `case_id` an earlier case of the file had (`rows.Tally.repeated_ids`)
    repeated_ids: int = 0
    #: per jurisdiction named, how many decided cases each of its versions decided
    versions: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    #: per jurisdiction named, the cases otherwise decided that none of its versions
    #: governs (`rows.Tally.unplaced`): its row alone is in error
    unplaced: Mapping[str, int] = attrs.field(factory=dict)
    #: statute → hold result (permitted, required) → how many of those holds the law
    #: leaves to an agency it does not bind (`rows.Tally.unbound_holds`)
    unbound_holds: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    #: the statutes whose such holds could not be counted (`rows.uncounted_scopes`)
    unbound_uncounted: tuple[str, ...] = ()
    #: with ``--warnings``: statute → hold result → how many of those holds are of a
    #: person recorded as a citizen (`rows.Tally.citizen_holds`)
    citizen_holds: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)

    def render(self) -> str:
        """The counts for a terminal. The shares are of the cases decided, which the
        header says when some are in error; those are quoted (the first few), so that a
        batch of errors says why without opening the output."""
        cases = "case" if self.cases == 1 else "cases"
        decided = self.cases - self.errors
        lines = [f"{self.cases:,} {cases}, {self.errors:,} with errors"]
        if self.synthetic:
            lines.append(f"({escaped(self.synthetic)})")
        if not self.cases:
            lines.append("(the file holds no case: it is empty, or has a header only)")
        elif self.errors and decided:
            lines.append(f"(the shares below are of the {decided:,} decided)")
        lines += first_errors(self.first_errors, self.errors,
                              "each row's error column says why")
        if self.repeated_ids:
            lines.append(f"({plural_cases(self.repeated_ids)} the id of an earlier case: "
                         "joined back by case_id, their rows cannot be told apart; the "
                         "rows follow the order of the cases)")
        periods = {period.statute: period for period in self.periods}
        for statute in self.statutes:
            period = periods.get(statute)
            lines.append(f"{heading(statute, period)}:")
            dates = period and decided and period.words(self.outside_period.get(statute, 0),
                                                        self.date_unknown)
            if dates:
                lines.append(f"  ({dates})")
            unplaced = self.unplaced.get(statute, 0)
            if statute in self.versions:
                lines.append(f"  ({versions_words(self.versions[statute], unplaced)})")
            if statute in self.unbound_uncounted and decided:
                lines.append(f"  ({UNCOUNTED_SCOPE})")
            zero = self.zero_hour_holds.get(statute, {})
            unbound = self.unbound_holds.get(statute, {})
            citizens = self.citizen_holds.get(statute, {})
            for outcome in ir.OUTCOMES:
                hold = outcome == "hold"
                shown = ", ".join(
                    _result_words(result, n, decided - unplaced,
                                  zero.get(result, 0) if hold else 0,
                                  unbound.get(result, 0) if hold else 0,
                                  citizens.get(result, 0) if hold else 0)
                    for result, n in in_order(self.counts[statute][outcome]))
                lines.append(f"  {outcome:<13} {shown or 'no case decided'}")
        return "\n".join(lines)


def plural_cases(n: int) -> str:
    """"1 case has", "3 cases have"."""
    return f"{n:,} case has" if n == 1 else f"{n:,} cases have"


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def _result_words(result: str, n: int, decided: int, zero_hours: int,
                  unbound: int = 0, citizens: int = 0) -> str:
    """One result's count and share, how many of its holds are of 0 hours, how many are
    at an agency the law does not bind, and how many of a person recorded as a citizen."""
    notes = [_share(n, decided), hold_notes(zero_hours, unbound, citizens)]
    return f"{result} {n:,} ({'; '.join(note for note in notes if note)})"


def require_sql_packages() -> None:
    """Import what deciding a caseload in SQL always needs (pyarrow, numpy, sqlglot: the
    `sql` extra), so that one not installed is a usage error naming the extra, said
    before any work rather than as a `ModuleNotFoundError` part-way."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401

        from ..backends import sql  # noqa: F401  (sqlglot)
    except ImportError as error:
        raise missing_package("TL-U012", "deciding a caseload in SQL", error) from None


def open_engine(name: str = "duckdb", connection: str | None = None) -> Any:
    """An engine by name: DuckDB in process, PostgreSQL by conninfo (without one, where
    libpq's environment variables say: `LIBPQ_ENVIRONMENT`), Spark by master URL
    (default ``local[2]``). A package the engine needs and that is not installed is a
    usage error naming the extra that installs it (DuckDB: `sql`; the others: `engines`)."""
    try:
        from ..backends import sql  # sqlglot

        if name == "duckdb":
            if connection:
                raise UsageError([Diagnostic(
                    "TL-U013", "--connection applies to the postgres and spark engines; "
                    "DuckDB runs in this process", None,
                    "leave out --connection, or choose --engine postgres or spark")])
            return sql.DuckDBEngine()
        if name == "postgres":
            if not connection and not libpq_environment():
                raise UsageError([Diagnostic(
                    "TL-U013", "the postgres engine needs a connection", None,
                    "say --connection 'host=/var/run/postgresql dbname=postgres', or set "
                    f"libpq's environment variables ({', '.join(LIBPQ_ENVIRONMENT[:3])}, …, "
                    "PGSERVICE), which an empty --connection reads")])
            return sql.PostgresEngine(connection or "")  # "": libpq reads the environment
        if name == "spark":
            if connection and not _SPARK_MASTER.fullmatch(connection):
                raise UsageError([Diagnostic(
                    "TL-U013", f"`{visible(connection[:300])}` is not a Spark master URL",
                    None, "say local[2] (this machine, two threads), local[*], "
                    "spark://HOST:PORT, yarn or k8s://HOST:PORT")])
            return sql.SparkEngine(_spark_session(connection or "local[2]"))
    except ImportError as error:
        raise missing_package("TL-U012", f"the {name} engine", error) from None
    except UsageError:
        raise
    except Exception as error:  # the server or master refused: the caller's setting
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise UsageError([Diagnostic(
            "TL-U013", f"the {name} engine cannot be opened with this connection: "
            f"{visible(first[:300])}", None,
            "check --connection (postgres: a conninfo such as 'host=/var/run/postgresql "
            "dbname=postgres', which the PG* environment variables fill in where it is "
            "silent; spark: a master URL such as local[2])")]) from None
    raise UsageError([Diagnostic("TL-U013", f"there is no engine `{shown_name(name)}`", None,
                                 _choose(name, ENGINES))])


def _choose(given: Any, choices: Sequence[str]) -> str:
    """The help for a name not among `choices`: the one it may have meant (``DuckDB``,
    ``Pandas``: a command line's choice says so too), and every one."""
    hint = did_you_mean(given, choices) if isinstance(given, str) else None
    every = f"choose one of {', '.join(choices)}"
    return f"{hint} ({every})" if hint else every


#: The environment variables libpq reads for where, as whom and to what to connect: with
#: one set, the postgres engine needs no --connection (psycopg reads them).
LIBPQ_ENVIRONMENT = ("PGHOST", "PGDATABASE", "PGUSER", "PGHOSTADDR", "PGPORT",
                     "PGPASSWORD", "PGSERVICE", "PGSERVICEFILE")


def libpq_environment() -> bool:
    """Whether one of `LIBPQ_ENVIRONMENT` is set (and not empty)."""
    return any(os.environ.get(name) for name in LIBPQ_ENVIRONMENT)


def _spark_session(master: str) -> Any:
    """A Spark session that prints errors only: no start-up warnings, no stage bars
    (a batch has its own progress bar), no warning about pandas' version."""
    import warnings
    from importlib.resources import files

    from pyspark.sql import SparkSession

    quiet = files(__package__) / "spark-log4j2.properties"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                                FutureWarning)
        return (SparkSession.builder.master(master).appName("trustlaw batch")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.extraJavaOptions",
                        f"-Dlog4j2.configurationFile={quiet}")
                .getOrCreate())


def statute_list(statutes: Sequence[Any] | Any, where: str = "batch(statutes=…)"
                 ) -> Sequence[Any]:
    """The statutes named: one id, path or `Statute` is a list of one (a str is never
    read as a sequence of one-letter ids), any other iterable (a tuple, a generator) a
    list of its items. Bytes or a dict are refused as `where`'s: read as a sequence, they
    would name statutes by their bytes' numbers or the dict's keys."""
    if isinstance(statutes, (bytes, bytearray, Mapping)):
        raise wrong_type(where, "a statute (its id, the path of its .law file or a loaded "
                         "statute) or a list of them", statutes)
    if isinstance(statutes, (str, os.PathLike)) or not isinstance(statutes, Iterable):
        return [statutes]
    return list(statutes)


def check_source(source: Any, where: str = "batch(cases=…)", *, exists: bool = True,
                 tables: bool = False) -> None:
    """Refuse, as a usage error, `cases` that are neither a file name nor case dicts (nor,
    where `tables`, a table of cases: `in_memory`), or (unless not `exists`: the caller
    looks later) that name no file."""
    if isinstance(source, (str, os.PathLike)):
        if exists:
            require_case_file(source)
        return
    if isinstance(source, (TableCases, FlatCases)) or (tables and is_table(source)):
        return  # `in_memory` refuses what it cannot read (a LazyFrame: collect it)
    expected = ("a case file's name (a str or Path), an iterable of case dicts (a list "
                "of dicts, not one dict)" + (" or a table of cases (pyarrow, pandas or polars)"
                                             if tables else ""))
    frame = data_frame_given(where, expected, source)  # first: a pyarrow Table is no iterable
    if frame is not None:
        raise frame
    if isinstance(source, (bytes, bytearray, Mapping)) or not isinstance(source, Iterable):
        raise wrong_type(where, expected, source)


def require_case_file(path: str | os.PathLike[str]) -> None:
    """A case file that is missing (or one the OS refuses), or that holds another format
    than its name says (`contents`: a gzip-compressed ``.jsonl``), is a usage error in
    the command line's words, not the reader's (pyarrow's "[Errno 2] Failed to open
    local file")."""
    from ..library.loader import path_problem
    from .io import require_named_format

    problem = path_problem(path, pipes=True)  # a caseload may be piped in
    if problem is not None:
        raise UsageError([problem])
    require_named_format(path)


def _numbered(source: Source, vocab: ir.Vocabulary) -> Iterator[tuple[int, Any, str | None]]:
    check_source(source)
    if isinstance(source, (str, os.PathLike)):
        from .io import read_cases

        yield from read_cases(source, vocab, as_json=False)
    elif isinstance(source, TableCases):  # as a Parquet file of its columns is read
        from .io import read_table

        yield from read_table(source.table, vocab, as_json=False)
    elif isinstance(source, FlatCases):  # as a CSV file of its columns is read
        yield from flat_reads(source, vocab)
    else:
        for row, case in enumerate(source):
            # a validated `Case`: its normalised facts, which validation takes again
            yield row, (dict(case.data) if isinstance(case, Case) else case), None


def decide_rows(
    statutes: Sequence[Any] | Lineup, source: Source, *, engine: Any = None, chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None, warnings: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every output row as a dict, case by case (statutes in the order given)."""
    for table in decide_tables(statutes, source, engine=engine, chunk=chunk,
                               progress=progress, warnings=warnings):
        yield from table.to_pylist()


def decide_tables(
    statutes: Sequence[Any] | Lineup, source: Source, *, engine: Any = None, chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None, warnings: bool = False,
) -> Iterator[Any]:
    """Every output row, case by case (statutes in the order given), as one Arrow table
    (`rows.output_schema`) per chunk of cases. A case file (Parquet in the case layout,
    JSON lines or CSV) is decided a chunk of columns at a time with DuckDB (`by_columns`);
    other sources are read, validated and laid out case by case. `warnings`: the rows
    also have the ``warnings`` column (`rows.WARNINGS`)."""
    for table, _ in decide_dated(statutes, source, engine=engine, chunk=chunk,
                                 progress=progress, warnings=warnings):
        yield table


def decide_dated(
    statutes: Sequence[Any] | Lineup, source: Source, *, engine: Any = None, chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None, warnings: bool = False,
) -> Iterator[tuple[Any, Any]]:
    """`decide_tables`, each table with its cases' dates (`periods.days_of_cases`: numpy
    days, one per case in the table's order, `periods.UNDATED` where unknown), which a
    summary counts against each statute's period in force. Python's full garbage
    collections are rare meanwhile: a chunk's millions of objects made them a third of a
    batch's time."""
    import pyarrow as pa

    from ..backends import sql
    from .periods import days_of_cases

    line = lineup(statutes)
    loaded = list(line.statutes)
    vocab = loaded[0].vocabulary
    source = whole_numbers(in_memory(source), vocab)  # a table, as the Parquet route reads it
    if isinstance(source, (str, Path)):
        from .io import refuse_one_spread_case

        refuse_one_spread_case(Path(source))
    owned = engine is None
    engine = sql.DuckDBEngine() if engine is None else engine
    schema = output_schema(warnings)

    def decided(pending: list[tuple[int, Any, str | None]]) -> tuple[Any, Any]:
        table = pa.Table.from_pylist(list(_chunk(loaded, pending, engine, warnings)),
                                     schema=schema)
        if progress:
            progress(len(pending))
        return table, days_of_cases(case for _, case, _ in pending)

    try:
        with full_collections_rare():
            tables = _by_columns(loaded, source, engine, chunk, progress, warnings)
            if tables is None:
                tables = _by_rows(source, vocab, chunk, decided)
            for table, days in tables:
                yield line.choose(table, days), days
    finally:
        if owned:
            engine.close()


def _by_rows(source: Source, vocab: ir.Vocabulary, chunk: int,
             decided: Callable[[list[tuple[int, Any, str | None]]], tuple[Any, Any]],
             ) -> Iterator[tuple[Any, Any]]:
    """The output of cases read, validated and laid out one by one, a chunk at a time."""
    pending: list[tuple[int, Any, str | None]] = []
    for item in _numbered(source, vocab):
        pending.append(item)
        if len(pending) >= chunk:
            yield decided(pending)
            pending = []
    if pending:
        yield decided(pending)


def _by_columns(statutes: Sequence[Any], source: Source, engine: Any, chunk: int,
                progress: Callable[[int], None] | None,
                warnings: bool = False) -> Iterator[tuple[Any, Any]] | None:
    """The output of a case file decided a chunk of columns at a time (`by_columns`:
    Parquet in the case layout, JSON lines or CSV, or a table of cases in memory in the
    case layout; in DuckDB), as Arrow tables with their cases' days (`decide_dated`);
    None when the rows must do it."""
    from .by_columns import column_chunks, table_chunks
    from .columnar import decide_screened

    if isinstance(source, TableCases):
        route = table_chunks(statutes, source.table, engine, chunk, warnings)
    elif isinstance(source, (str, os.PathLike)):
        route = column_chunks(statutes, source, engine, chunk, warnings)
    else:
        return None
    if route is None:
        return None
    plan, chunks = route
    schema = output_schema(warnings)

    def row_route(items: list[tuple[int, Any, str | None]]) -> Iterator[dict[str, Any]]:
        return _chunk(statutes, items, engine, warnings)

    def tables() -> Iterator[tuple[Any, Any]]:
        for screened in chunks:
            yield (decide_screened(plan, screened, engine, schema, row_route),
                   days_of_screened(screened))
            if progress:
                progress(len(screened.numbers))

    return tables()


def _chunk(statutes: Sequence[Any], items: Sequence[tuple[int, Any, str | None]],
           engine: Any, warnings: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of a chunk, in input order: the readable cases decided in one query (the
    validator checks each, its `id` included), the unreadable ones an error row each."""
    from ..backends import sql

    wanted = columns(warnings)
    good = [case for _, case, unreadable in items if unreadable is None]
    decided: dict[int, list[dict[str, Any]]] = {}
    for row in sql.evaluate(statutes, good, engine=engine, warnings=warnings) if good else ():
        decided.setdefault(row["row"], []).append(row)
    index = 0
    for number, case, unreadable in items:
        case_id = _case_id(case, number)
        if unreadable is not None:
            for statute in statutes:
                yield {**dict.fromkeys(wanted), "case_id": case_id, "statute": statute.id,
                       "error": encodable(unreadable)}
            continue
        for row in decided.get(index, []):
            out = {c: row.get(c) for c in wanted}
            out["case_id"] = case_id
            if out["error"] is not None:
                out["error"] = encodable(out["error"])
            yield out
        index += 1


def _case_id(case: Any, number: int) -> str:
    """The row's name: the case's `id` when it is a string (made safe to write), else its
    0-based row or line number."""
    raw = case.get("id") if isinstance(case, Mapping) else None
    return encodable(raw) if isinstance(raw, str) else str(number)


def batch(statutes: Sequence[Any] | Any, cases: Source, *, engine: str | Any = "duckdb",
          connection: str | None = None, output: str = "arrow",
          warnings: bool = False) -> Any:
    """Decide every case under every statute in SQL: an Arrow table whose columns are the
    "Output columns" of the docs' "Many cases at once" page, docs/batch.md
    (``output="pandas"`` or ``"polars"`` for a data frame; ``warnings=True`` adds the
    ``warnings`` column, the codes of each decision's warnings about the case). A package
    this needs and that is not installed is a `UsageError` naming the extra. `cases` is
    a case file's name, case dicts, or a table of cases held in memory in the Parquet
    case layout (a pyarrow Table or RecordBatch, a polars or pandas frame: `in_memory`).
    What a CSV or Parquet file's header, or a table's schema, tells (`file_warnings`,
    `in_memory.frame_warnings`) is warned as a `CaseFileWarning`."""
    statutes = statute_list(statutes)
    check_source(cases, exists=False, tables=True)  # the others first: none needs the file
    if output not in OUTPUTS:  # before the work, not after it
        raise UsageError([Diagnostic(
            "TL-U014", f"there is no output `{shown_name(str(output))}`", None,
            _choose(output, OUTPUTS))])
    require_sql_packages()
    if output != "arrow":  # the frame's library, before the work too
        try:
            importlib.import_module(output)
        except ImportError as error:
            raise missing_package("TL-U012", f'batch(output="{output}")', error) from None
    import pyarrow as pa

    if not isinstance(engine, str) and not hasattr(engine, "dialect"):
        raise wrong_type("batch(engine=…)", "an engine's name (duckdb, postgres, spark) or "
                         "an engine object (trustlaw.backends.sql.DuckDBEngine, …)", engine)
    if connection is not None and not isinstance(connection, str):
        raise wrong_type("batch(connection=…)", "a connection string", connection)
    if type(warnings) is not bool:
        raise wrong_type("batch(warnings=…)", "True or False", warnings)
    cases = in_memory(cases)  # a table of cases: read as a Parquet file of it would be
    line = lineup(statutes)  # once, for the header's warnings and the rows
    loaded = list(line.statutes)
    cases = whole_numbers(cases, loaded[0].vocabulary)
    if isinstance(cases, (str, os.PathLike)):
        require_case_file(cases)
    for text in source_warnings(loaded, cases):  # shown at the line calling `batch`
        python_warnings.warn(text, CaseFileWarning, stacklevel=3)
    chosen = open_engine(engine, connection) if isinstance(engine, str) else engine
    try:
        table = pa.concat_tables([output_schema(warnings).empty_table(),
                                  *decide_tables(line, cases, engine=chosen,
                                                 warnings=warnings)])
    finally:
        if isinstance(engine, str):
            chosen.close()
    table = table.replace_schema_metadata({**source_labels(cases), **provenance(line)})
    if output == "pandas":
        import pandas as pd

        # max_hold_hours stays whole numbers with <NA> where no limit applies: pandas'
        # default makes the column floating-point (48.0, NaN) as soon as one is null
        return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    if output == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


def provenance(line: Lineup) -> dict[str, str]:
    """What decided a batch's rows, for its output's metadata (a Parquet file's, the Arrow
    table's): trustlaw's version, and the names given with each statute that decided
    (a jurisdiction's versions too) and the digest of its text, as `decide()` names
    them, so that a table of results says which law and which text it rests on."""
    import json

    from ..version import __version__

    return {"trustlaw.decided_by": f"trustlaw {__version__}",
            "trustlaw.statutes": json.dumps({
                "names": list(line.names),
                "statutes": [{"id": s.id, "digest": s.digest} for s in line.statutes]})}


def source_labels(cases: Any) -> dict[str, str]:
    """The labels `trustlaw synth` gave the cases (a Parquet file's, or a pyarrow table's
    metadata), which a batch's rows and an impact table carry; {} for other sources."""
    from .io import metadata_labels, synthetic_labels

    if isinstance(cases, (str, os.PathLike)):
        return synthetic_labels(cases)
    if isinstance(cases, TableCases):
        return metadata_labels(cases.table.schema.metadata)
    return {}


def source_warnings(statutes: Sequence[Any], cases: Any) -> list[str]:
    """What a case file's header, or a table's schema or columns, tells before any row is
    decided (`file_warnings`, `in_memory.frame_warnings`, `flat_tables.flat_warnings`);
    nothing for case dicts."""
    if isinstance(cases, (str, os.PathLike)):
        return file_warnings(statutes, cases)
    if isinstance(cases, TableCases):
        return frame_warnings(statutes, cases)
    if isinstance(cases, FlatCases):
        return flat_warnings(statutes, cases)
    return []


def run_batch(statutes: Sequence[Any], cases: str | Path, out: str | Path, *,
              engine: str = "duckdb", connection: str | None = None,
              fmt: str | None = None, progress: bool = False,
              warnings: bool = False) -> Summary:
    """Decide a case file into an output file (Parquet, CSV or JSON lines) and summarise;
    `warnings`: the rows also have the ``warnings`` column (`rows.WARNINGS`)."""
    from .io import case_format, synthetic_labels, synthetic_words, whole_file, write_tables

    fmt = case_format(out, fmt, output=True)  # a bad output name fails before any work
    require_sql_packages()
    require_case_file(cases)  # missing, or another format than its name says
    if _same_file(Path(cases), Path(out)):
        raise UsageError([Diagnostic(
            "TL-U026", f"--out names the case file `{shown_name(str(cases))}` itself, which "
            "the batch would overwrite with its rows", None,
            "write the rows to another file")])
    labels = synthetic_labels(cases)  # carried into a Parquet output's metadata
    line = lineup(statutes)
    told = tuple(file_warnings(list(line.statutes), cases))
    periods = line.periods()
    tally = Tally(len(line.names), statutes=line.names, periods=periods, ids=True,
                  dated=line.dated_names, unbound=unbound_grounds(line.statutes))
    chosen = open_engine(engine, connection)
    bar = _progress_bar(Path(cases), progress)

    def counted(tables: Iterable[tuple[Any, Any]]) -> Iterator[Any]:
        for table, days in tables:
            tally.add(table, days)
            yield table

    try:
        tables = decide_dated(line, cases, engine=chosen,
                              progress=bar.update if bar is not None else None,
                              warnings=warnings)
        with whole_file(Path(out)) as part:
            schema = output_schema(warnings)
            write_tables(counted(tables), part, list(columns(warnings)), fmt,
                         schema=schema.with_metadata({**labels, **provenance(line)}))
    finally:
        chosen.close()
        if bar is not None:
            bar.close()
    return Summary(tally.statutes, tally.counts, tally.errors, tally.cases,
                   tuple(tally.first_errors), synthetic_words(labels), tally.zero_hours,
                   periods, tally.outside, tally.undated, told, tally.repeated_ids,
                   tally.versions, tally.unplaced, tally.unbound_holds,
                   uncounted_scopes(line.names, line.statutes, tally.unbound_holds),
                   tally.citizen_holds)


def _same_file(cases: Path, out: Path) -> bool:
    """Whether `out` is the case file (by another name, or through a link)."""
    try:
        return out.exists() and cases.exists() and out.samefile(cases)
    except OSError:
        return False


def _progress_bar(path: Path, wanted: bool) -> Any:
    """A tqdm bar on long runs (only when asked and tqdm is installed)."""
    if not wanted:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit=" cases", desc=path.name, leave=False)
