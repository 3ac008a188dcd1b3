"""IR programs → SQL for DuckDB, Spark and PostgreSQL: batch evaluation (docs to come)."""
from .engines import DuckDBEngine, Engine, PostgresEngine, SparkEngine, create_tables_sql
from .layout import Layout, LayoutError, layout_for_programs, layout_for_vocabulary
from .program import DIALECTS, OUTPUT_COLUMNS, build_query, compile_sql
from .run import RESULT_COLUMNS, evaluate

__all__ = [
    "DIALECTS", "OUTPUT_COLUMNS", "RESULT_COLUMNS", "DuckDBEngine", "Engine", "Layout",
    "LayoutError", "PostgresEngine", "SparkEngine", "build_query", "compile_sql",
    "create_tables_sql", "evaluate", "layout_for_programs", "layout_for_vocabulary",
]
