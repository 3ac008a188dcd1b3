"""The SQL input tables of the bundled vocabulary (the documented layout), their DDL in
every dialect, and `trustlaw compile ID --target sql [--dialect …]`."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlglot", reason="needs the sql extra: pip install -e '.[sql]'")
pytest.importorskip("duckdb", reason="needs the sql extra: pip install -e '.[sql]'")
import sqlglot

import trustlaw
from trustlaw import cli
from trustlaw.backends.sql import compile_sql, create_tables_sql, layout_for_vocabulary
from trustlaw.cli.deciding import SQL_NOTE

STATUTE = "ct/pa-13-155"


def test_the_vocabulary_layout_is_the_documented_one() -> None:
    layout = layout_for_vocabulary(trustlaw.load(STATUTE).vocabulary)
    tables = {t.name: t for t in layout.tables}
    assert layout.tables[0].name == "cases"
    assert set(tables) >= {
        "cases", "cases__request__kinds", "cases__warrants", "cases__charges",
        "cases__convictions", "cases__charges__tags", "cases__convictions__tags",
    }
    cases = tables["cases"].column_names
    assert cases[:2] == ("row", "case_id")
    assert {"date", "agency", "request", "request.form", "request.kinds", "person",
            "person.age", "warrants", "charges", "convictions"} <= set(cases)
    assert tables["cases__convictions"].column_names[:2] == ("row", "item_1")
    assert {"date", "level", "tags"} <= set(tables["cases__convictions"].column_names)
    assert tables["cases__convictions__tags"].column_names == ("row", "item_1", "item_2", "value")
    assert tables["cases__request__kinds"].column_names == ("row", "item_1", "value")


def test_rows_keep_unknown_and_empty_lists_apart() -> None:
    statute = trustlaw.load(STATUTE)
    layout = layout_for_vocabulary(statute.vocabulary)
    rows = layout.rows([statute.validate(c) for c in (
        {"convictions": []},
        {"person": {"age": 30}, "convictions": [{"level": "felony", "tags": ["homicide"]}]},
    )])
    assert rows["cases"]["convictions"] == [0, 1]
    assert rows["cases"]["charges"] == [None, None]
    assert rows["cases"]["person"] == [None, True]
    assert rows["cases"]["person.age"] == [None, 30]
    assert rows["cases__convictions"]["tags"] == [1]
    assert rows["cases__convictions__tags"] == {
        "row": [1], "item_1": [0], "item_2": [0], "value": ["homicide"]
    }


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "postgres"])
def test_the_tables_can_be_created_in_every_dialect(dialect: str) -> None:
    layout = layout_for_vocabulary(trustlaw.load(STATUTE).vocabulary)
    statements = create_tables_sql(layout, dialect)
    assert len(statements) == len(layout.tables)
    for statement in statements:
        assert sqlglot.parse_one(statement, read=dialect) is not None


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "postgres"])
def test_compile_prints_the_sql(capsys: pytest.CaptureFixture[str], dialect: str) -> None:
    assert cli.main(["compile", STATUTE, "--target", "sql", "--dialect", dialect]) == 0
    out = capsys.readouterr().out
    # the query, after comment lines that say what its max_hold_hours is: a decision's,
    # the request's and the regulation's 48 hours applied
    note, query = out[:len(SQL_NOTE)], out[len(SQL_NOTE):]
    assert note == SQL_NOTE and all(line.startswith("-- ") for line in note.splitlines())
    assert "max_hold_hours is a decision's max_hold.hours" in note
    statute = trustlaw.load(STATUTE)
    assert query.strip() == compile_sql(statute.program, dialect,
                                        requests=[statute.request_limits]).strip()
    assert "LEAST(" in query
    assert "'ct/pa-13-155' AS" in out


def test_compile_sql_defaults_to_duckdb(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["compile", STATUTE, "--target", "sql"]) == 0
    assert '"cases__convictions"' in capsys.readouterr().out


def test_an_unknown_dialect_is_a_usage_error() -> None:
    with pytest.raises(trustlaw.UsageError, match="no SQL dialect `oracle`"):
        compile_sql(trustlaw.load(STATUTE).program, "oracle")


def test_schema_tables_prints_the_tables_the_printed_query_reads(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The layout the printed SQL needs was documented only in a docstring: `trustlaw
    schema tables` prints it, and the query runs over the tables it makes."""
    import duckdb

    assert cli.main(["schema", "tables", "--dialect", "duckdb"]) == 0
    statements = capsys.readouterr().out
    connection = duckdb.connect()
    for statement in filter(None, (s.strip() for s in statements.split(";\n"))):
        connection.execute(statement.rstrip(";"))
    assert cli.main(["compile", STATUTE, "--target", "sql"]) == 0
    query = capsys.readouterr().out
    assert connection.execute(query).fetchall() == []  # no cases, no rows: but it runs
    for dialect in ("duckdb", "spark", "postgres"):
        assert cli.main(["schema", "tables", "--dialect", dialect]) == 0
        assert capsys.readouterr().out.count("CREATE TABLE") == len(
            create_tables_sql(layout_for_vocabulary(trustlaw.load(STATUTE).vocabulary), dialect))
