"""The three SQL engines for the tests: DuckDB in process, a private PostgreSQL server,
a local Spark session. Each is made once per test session and skipped, with a reason
that says how to install it, where it is missing (failed where CI requires it:
`engine_required`).

PostgreSQL: when ``initdb`` and ``pg_ctl`` are found (on the PATH or under
/usr/lib/postgresql/*/bin, where Debian's `postgresql` package puts them), a server is
started in a fresh temporary directory, listening only on a unix socket there, and
stopped at the end. Running as root, the server runs as the user ``nobody`` (PostgreSQL
refuses to run as root). Spark: `pyspark` in local mode, which needs a Java runtime.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
from typing import Any

import pytest
from engine_required import unavailable

PG_HELP = ("install PostgreSQL (Debian: apt-get install postgresql) and psycopg "
           "(pip install 'psycopg[binary]'), or pip install -e '.[engines]'")
SPARK_HELP = ("install pyspark (pip install -e '.[engines]') and a Java runtime "
              "(Debian: apt-get install default-jre-headless)")

_cache: dict[str, Any] = {}


def _pg_binaries() -> tuple[str, str] | None:
    for directory in [None, *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]:
        initdb = shutil.which("initdb", path=directory)
        pg_ctl = shutil.which("pg_ctl", path=directory)
        if initdb and pg_ctl:
            return initdb, pg_ctl
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        unavailable("postgres", "running as root without `runuser`: cannot start "
                    "PostgreSQL as another user")
    return [runuser, "-u", "nobody", "--", *command]


def postgres_conninfo() -> str:
    """A conninfo for a private PostgreSQL server of this test session (or skip)."""
    if "postgres" in _cache:
        return str(_cache["postgres"])
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("postgres", f"psycopg is not installed: {PG_HELP}")
    binaries = _pg_binaries()
    if binaries is None:
        unavailable("postgres", f"no PostgreSQL server binaries (initdb, pg_ctl): {PG_HELP}")
    initdb, pg_ctl = binaries
    home = tempfile.mkdtemp(prefix="trustlaw-pg-")
    os.chmod(home, 0o755)
    if os.geteuid() == 0:
        shutil.chown(home, "nobody")
    data = os.path.join(home, "data")
    run = lambda args: subprocess.run(  # noqa: E731
        _as_server_user(args), check=True, capture_output=True, text=True, timeout=120
    )
    try:
        run([initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        run([pg_ctl, "-D", data, "-l", os.path.join(home, "log"), "-w", "-o",
             f"-k {home} -c listen_addresses='' -F", "start"])
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(home, ignore_errors=True)
        detail = getattr(error, "stderr", "") or ""
        unavailable("postgres", f"could not start a PostgreSQL server "
                    f"({detail.strip()[:200]}): {PG_HELP}")

    def stop() -> None:
        subprocess.run(_as_server_user([pg_ctl, "-D", data, "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)

    atexit.register(stop)
    _cache["postgres"] = f"host={home} user=postgres dbname=postgres"
    return str(_cache["postgres"])


def spark_session() -> Any:
    """One local Spark session for the whole test session (or skip)."""
    if "spark" in _cache:
        return _cache["spark"]
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        unavailable("spark", f"pyspark is not installed: {SPARK_HELP}")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        unavailable("spark", f"no Java runtime for Spark: {SPARK_HELP}")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("trustlaw-tests")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    atexit.register(session.stop)
    _cache["spark"] = session
    return session


def engine(name: str) -> Any:
    """A fresh engine object of kind `name` (duckdb, postgres, spark) on the shared server."""
    from trustlaw.backends.sql import DuckDBEngine, PostgresEngine, SparkEngine

    if name == "duckdb":
        return DuckDBEngine()
    if name == "postgres":
        if "postgres_engine" not in _cache:
            _cache["postgres_engine"] = PostgresEngine(postgres_conninfo())
        return _cache["postgres_engine"]
    if name == "spark":
        return SparkEngine(spark_session())
    raise ValueError(name)


ENGINES = ("duckdb", "postgres", "spark")
# for parametrize: Spark plans each query for seconds, so its runs are marked slow
# (`-m "not slow"` leaves them out locally; CI runs everything)
ENGINE_PARAMS = ("duckdb", "postgres", pytest.param("spark", marks=pytest.mark.slow))
