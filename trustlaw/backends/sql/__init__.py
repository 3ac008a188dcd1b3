"""IR programs → SQL for DuckDB, Spark and PostgreSQL: many cases decided in one query.

The backend reads only the IR (like the compiled Python and SMT backends) and builds the
SQL as a sqlglot expression tree, printed for each dialect; statute strings only ever
become sqlglot literals. Unknown is NULL, never a default, and every outcome follows
docs/semantics.md; the differential tests hold DuckDB, PostgreSQL and Spark row for row
to the interpreter.

Python::

    import trustlaw
    from trustlaw.backends.sql import compile_sql, evaluate

    statute = trustlaw.load("ct/pa-13-155")
    print(compile_sql(statute.program, "postgres",        # the query text
                      requests=[statute.request_limits]))
    rows = evaluate([statute], cases)                      # DuckDB, in process
    rows = evaluate([a, b], cases, engine=PostgresEngine("host=/tmp/pg dbname=x"))

`evaluate` returns one dict per case and statute with the columns of CASES.md section 5
(`RESULT_COLUMNS`): ``row`` (the case's 0-based position), ``case_id`` (its ``id``, else
its position), ``statute``, ``hold``, ``notification``, ``transfer``, ``interview``
(``prohibited``/``permitted``/``required``/``undetermined``), ``max_hold_hours`` (a
decision's ``max_hold.hours``: with `RequestLimits`, which `evaluate` takes from each
statute's ``request_limits``, the least of the statute's own limit and the request's and
the federal regulation's; a bare program's own limit only) and ``hold_ground`` (the
citation of the first hold ground), and ``error`` (a case that does not validate: its
messages, every other column null; it never stops the batch). With ``warnings=True``
each row also has ``warnings`` (`WARNINGS`, last): the codes of the warnings its decision
gives about the case (the law's status and the case date, an unsigned judicial warrant, a
form asking for no hold: each statute's ``case_warnings``, `CaseWarnings`), in the
decision's order; null on an error row.
`count_where` counts the cases each of several IR conditions is true of, in one query
(`build_counts`, `compile_counts`): a comparison's regions over a caseload.
`build_query` gives the sqlglot tree, `compile_sql` the text; on the command line,
``trustlaw compile ID --target sql [--dialect duckdb|spark|postgres]``.

The input tables (`layout_for_vocabulary`; `create_tables_sql` prints their DDL). The
lists of a case are flattened, one table per list, so that plain joins and ``GROUP BY``
read them the same way in every engine. With the default prefix ``cases``:

- ``cases``: one row per case. ``row`` (BIGINT, the key), ``case_id`` (TEXT or null), then
  a column per fact named by its case path: ``date``, ``agency``,
  ``reimbursement_agreement``, ``request.form``, ``request.judicial_warrant``,
  ``person.age``, ``person.gang_database``, … (BOOLEAN, BIGINT, DATE, or TEXT for enum
  values); a BOOLEAN per record, true when it is present and null when it is absent
  (``request``, ``person``); and per list its length as BIGINT, **null when the list is
  unknown** and 0 when it is empty (``request.kinds``, ``warrants``, ``charges``,
  ``convictions``);
- ``cases__request__kinds``, ``cases__warrants``, ``cases__charges``,
  ``cases__convictions``: one row per element: ``row`` (the case), ``item_1`` (the
  element's 0-based position), then the element's fields (``kind``, ``issued_in``;
  ``level``, ``felony_class``, …, and ``tags``, the length of its tag list); a list of
  plain values has the one column ``value``;
- ``cases__charges__tags``, ``cases__convictions__tags``: ``row``, ``item_1`` (the
  charge's or conviction's position), ``item_2`` (the tag's), ``value``.

Any source that can produce these columns works: `Layout.rows` makes them from validated
case dicts; JSON lines, Parquet or CSV with nested lists can be unnested to them.

On DuckDB, `evaluate` uses the *nested form* instead (`nested`; ``compile_sql(...,
nested=True)``): one case table, ``cases``, with ``row``, ``case_id`` and one column per
top-level field the statutes read, records as structs (null when absent) and lists as
lists of structs or values (null when unknown), holding only the fields read
(`nested.read_schema`; `nested.select_fields` picks them out of a full table, such as a
Parquet file in the layout of `trustlaw.caseload.io.arrow_schema`, without copying).
Quantifiers are then list functions with lambdas (no join, no ``GROUP BY``), one scan
computes every statute's conditions, and a part of a body that reads only the case
(``date - 5 years``) is computed once per case. Both forms are held to the interpreter by
the same differential tests, and to each other (tests/test_sql_nested.py).

Engines (`engines`): `DuckDBEngine` (in process; the ``sql`` extra), `PostgresEngine`
(psycopg) and `SparkEngine` (a pyspark session; both in the ``engines`` extra).
"""

from .counts import build_counts, compile_counts
from .engines import DuckDBEngine, Engine, PostgresEngine, SparkEngine, create_tables_sql
from .layout import Layout, LayoutError, layout_for_programs, layout_for_vocabulary
from .program import (
    DIALECTS,
    OUTPUT_COLUMNS,
    WARNINGS,
    CaseWarnings,
    RequestLimits,
    build_query,
    compile_sql,
)
from .run import RESULT_COLUMNS, count_where, counts_query, evaluate

__all__ = [
    "DIALECTS",
    "OUTPUT_COLUMNS",
    "RESULT_COLUMNS",
    "WARNINGS",
    "CaseWarnings",
    "DuckDBEngine",
    "Engine",
    "Layout",
    "LayoutError",
    "PostgresEngine",
    "RequestLimits",
    "SparkEngine",
    "build_counts",
    "build_query",
    "compile_counts",
    "compile_sql",
    "count_where",
    "counts_query",
    "create_tables_sql",
    "evaluate",
    "layout_for_programs",
    "layout_for_vocabulary",
]
