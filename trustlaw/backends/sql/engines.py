"""Input tables + SQL → result rows on DuckDB (in process), PostgreSQL or Spark.

An engine loads the columns of `Layout.rows` into its tables (DuckDB: Arrow tables
registered as views; PostgreSQL: temporary tables filled by ``COPY``; Spark: temporary
views of data frames) and runs a query, returning plain tuples. The same query text
(`compile_sql` in the engine's dialect) runs unchanged on all three.

DuckDB needs ``duckdb`` and ``pyarrow`` (the ``sql`` extra), PostgreSQL ``psycopg`` and
Spark ``pyspark`` (the ``engines`` extra; Spark also needs a Java runtime).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from sqlglot import exp

from ... import ir
from ...diagnostics import Diagnostic, UsageError, visible
from .expressions import sql_type
from .layout import CASE_ID, Layout, Table

__all__ = ["DuckDBEngine", "Engine", "PostgresEngine", "SparkEngine", "create_tables_sql"]

Columns = Mapping[str, Mapping[str, Sequence[Any]]]  # table → column → values


class Engine(Protocol):
    """Where the SQL runs: `dialect` names the SQL it reads."""

    dialect: str

    def load(self, layout: Layout, columns: Columns) -> None:
        """Create (or replace) the input tables of `layout` holding `columns`."""

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a query."""


def _key_type(name: str) -> ir.Type:
    return ir.IntType() if name != CASE_ID else ir.EnumType("text", ())


def _typed_columns(table: Table) -> list[tuple[str, ir.Type]]:
    return [(k, _key_type(k)) for k in table.keys] + [(c.name, c.type) for c in table.columns]


def create_tables_sql(layout: Layout, dialect: str, temporary: bool = False) -> list[str]:
    """``CREATE TABLE`` statements for the input tables of `layout` in `dialect`."""
    statements = []
    for table in layout.tables:
        schema = exp.Schema(
            this=exp.to_table(table.name, quoted=True),
            expressions=[
                exp.ColumnDef(this=exp.to_identifier(name, quoted=True), kind=sql_type(type_))
                for name, type_ in _typed_columns(table)
            ],
        )
        properties = exp.Properties(expressions=[exp.TemporaryProperty()]) if temporary else None
        create = exp.Create(this=schema, kind="TABLE", properties=properties)
        statements.append(create.sql(dialect=dialect))
    return statements


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """The server's refusals (no right to create temporary tables, a read-only standby,
    a lost connection) as the caller's setting to fix, not as a bug of trustlaw."""
    import psycopg

    try:
        yield
    except psycopg.errors.NumericValueOutOfRange as error:
        raise _too_big("PostgreSQL", error) from None
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise UsageError([Diagnostic(
            "TL-U013", f"the PostgreSQL server refused the batch: {visible(first[:300])}",
            None, "check that the role of --connection may create temporary tables on a "
            "server that accepts writes")]) from None


# ---- DuckDB -------------------------------------------------------------------------------


@contextlib.contextmanager
def _out_of_range() -> Iterator[None]:
    """A statute's arithmetic past DuckDB's 64-bit integers (a draft's huge number): the
    statute's limit to say, not a bug of trustlaw. Python's arithmetic has none."""
    import duckdb

    try:
        yield
    except duckdb.OutOfRangeException as error:
        raise _too_big("DuckDB", error) from None


def _too_big(engine: str, error: Exception) -> UsageError:
    """The error for a number past the engine's 64-bit whole numbers."""
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return UsageError([Diagnostic(
        "TL-U013", f"{engine} could not evaluate the statutes: {visible(first[:300])}",
        None, "a number in a statute's arithmetic went past the whole numbers SQL "
        "engines hold (±9,223,372,036,854,775,807): keep the statute's numbers smaller, "
        "or decide these cases with `trustlaw decide`, whose arithmetic has no such "
        "limit")])


class DuckDBEngine:
    """DuckDB in process (a new in-memory database unless a connection is given)."""

    dialect = "duckdb"
    nested = True  # reads the nested case table (`nested.case_table`) with list functions

    def __init__(self, connection: Any = None):
        import duckdb

        self._owned = connection is None
        self.connection = duckdb.connect() if connection is None else connection

    def load(self, layout: Layout, columns: Columns) -> None:
        import pyarrow as pa

        types = {
            ir.BoolType: pa.bool_(), ir.IntType: pa.int64(), ir.DateType: pa.date32(),
            ir.EnumType: pa.string(), ir.DurationType: pa.string(), ir.ListType: pa.int64(),
            ir.RecordType: pa.bool_(),
        }
        for table in layout.tables:
            data = columns[table.name]
            arrays = {
                name: pa.array(list(data[name]), type=types[type(type_)])
                for name, type_ in _typed_columns(table)
            }
            self.connection.register(table.name, pa.table(arrays))

    def load_nested(self, name: str, table: Any) -> None:
        """Register an Arrow table (or anything DuckDB scans: a Parquet reader, a record
        batch reader) as the nested case table `name`."""
        self.connection.register(name, table)

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        with _out_of_range():
            rows: list[tuple[Any, ...]] = self.connection.execute(sql).fetchall()
        return rows

    def run_arrow(self, sql: str) -> Any:
        """The result of `sql` as an Arrow table (no Python object per value). Run with
        ``execute``: DuckDB's relation API (``sql``) reads the text again in Python, 0.6 s
        for the 1.8 MB query of every bundled statute at once, on every chunk; the copy
        of the result it warns of costs little beside that (a few columns)."""
        import warnings

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Arrow output on a DB-API result",
                                    UserWarning)
            with _out_of_range():
                return self.connection.execute(sql).to_arrow_table()

    def close(self) -> None:
        if self._owned:
            self.connection.close()

    def __enter__(self) -> DuckDBEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---- PostgreSQL ------------------------------------------------------------------------------


class PostgresEngine:
    """A PostgreSQL server (a ``conninfo`` string such as ``"host=/tmp/pg dbname=postgres"``,
    or an open psycopg connection). The input tables are temporary: they live as long as
    the connection."""

    dialect = "postgres"
    MAX_NAME = 63  # PostgreSQL cuts longer names, which could make two columns one

    def __init__(self, conninfo: str | None = None, *, connection: Any = None):
        import psycopg

        if connection is None:
            if conninfo is None:
                raise ValueError("give PostgresEngine a conninfo string or a connection")
            connection = psycopg.connect(conninfo, autocommit=True)
            self._owned = True
        else:
            self._owned = False
        self.connection = connection
        with _refusals():
            # text both ways as UTF-8 whatever the database's encoding (SQL_ASCII handed
            # back bytes), and backslashes in the query's strings as written
            connection.execute("SET client_encoding TO 'UTF8'")
            connection.execute("SET standard_conforming_strings TO on")

    def load(self, layout: Layout, columns: Columns) -> None:
        """The tables of `layout` as temporary tables. Case ids are not sent: they decide
        nothing, and a database in another encoding could refuse one (`evaluate` gives
        each row the id it read)."""
        with _refusals():
            self._load(layout, columns)

    def _load(self, layout: Layout, columns: Columns) -> None:
        from psycopg import sql

        for table in layout.tables:
            names = [name for name, _ in _typed_columns(table)]
            for name in (table.name, *names):
                if len(name.encode()) > self.MAX_NAME:
                    raise ValueError(f"the name `{name}` is too long for PostgreSQL")
            with self.connection.cursor() as cursor:
                # the temporary table only: a table of the user's with this name (in the
                # search path's first schema) is never touched
                cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(
                    sql.Identifier("pg_temp", table.name)))
                (create,) = create_tables_sql(
                    Layout(layout.prefix, (table,)), self.dialect, temporary=True
                )
                cursor.execute(create.encode())
                copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
                )
                data = dict(columns[table.name])
                if CASE_ID in data:
                    data[CASE_ID] = [None] * len(data[CASE_ID])
                with cursor.copy(copy) as writer:
                    for row in zip(*(data[name] for name in names), strict=True):
                        writer.write_row(row)

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        with _refusals(), self.connection.cursor() as cursor:
            cursor.execute(sql.encode())
            return list(cursor.fetchall())

    def close(self) -> None:
        if self._owned:
            self.connection.close()

    def __enter__(self) -> PostgresEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---- Spark -------------------------------------------------------------------------------------


class SparkEngine:
    """A Spark session (local or a cluster's); the input tables are temporary views."""

    dialect = "spark"

    def __init__(self, session: Any):
        self.session = session

    def load(self, layout: Layout, columns: Columns) -> None:
        from pyspark.sql import types as T

        spark_types = {
            ir.BoolType: T.BooleanType, ir.IntType: T.LongType, ir.DateType: T.DateType,
            ir.EnumType: T.StringType, ir.DurationType: T.StringType, ir.ListType: T.LongType,
            ir.RecordType: T.BooleanType,
        }
        for table in layout.tables:
            typed = _typed_columns(table)
            schema = T.StructType(
                [T.StructField(name, spark_types[type(t)](), True) for name, t in typed]
            )
            data = columns[table.name]
            rows = list(zip(*(data[name] for name, _ in typed), strict=True))
            frame = self.session.createDataFrame(rows, schema)
            frame.createOrReplaceTempView(table.name)

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        from pyspark.errors import ArithmeticException

        try:
            return [tuple(row) for row in self.session.sql(sql).collect()]
        except ArithmeticException as error:  # ANSI mode: an overflow is an error
            raise _too_big("Spark", error) from None

    def close(self) -> None:
        """The session belongs to the caller: nothing to close."""

