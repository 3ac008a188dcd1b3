"""Optional packages: each one trustlaw imports is installed by the extra its "not installed"
message names (pyproject.toml read as pip reads it), and the install advice is worded once."""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from trustlaw.diagnostics import EXTRA_OF_PACKAGE, UsageError, install_hint, missing_package

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trustlaw"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503): ``psycopg[binary]>=3.1``
    → ``psycopg``."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def _installs(extra: str | None) -> set[str]:
    """The distributions an extra (None: the base install) names, its own `trustlaw[…]`
    extras followed."""
    if extra is None:
        return {_name(r) for r in PROJECT["dependencies"]}
    found: set[str] = set()
    for requirement in PROJECT["optional-dependencies"][extra]:
        own = re.fullmatch(r"trustlaw\[([a-z,]+)\]", requirement)
        if own:
            for inner in own.group(1).split(","):
                found |= _installs(inner)
        else:
            found.add(_name(requirement))
    return found


@functools.cache
def _providers() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


def _distributions(package: str) -> set[str]:
    """The distributions that provide the import name `package` (as installed here; the
    import name itself when it is not installed)."""
    return {_name(d) for d in _providers().get(package) or [package]}


def _third_party_imports() -> dict[str, set[str]]:
    """Each third-party package trustlaw's source imports (at module level or inside a
    function) → the modules that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("trustlaw", "__future__"):
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


IMPORTS = _third_party_imports()
BASE = _installs(None)


def test_the_walk_finds_the_optional_imports() -> None:
    assert "trustlaw/caseload/columnar.py" in IMPORTS["numpy"]
    assert "trustlaw/backends/sql/engines.py" in IMPORTS["duckdb"]
    assert "lark" in IMPORTS and "z3" in IMPORTS


@pytest.mark.parametrize("package", sorted(IMPORTS))
def test_each_import_is_installed_by_the_extra_its_message_names(package: str) -> None:
    provided = _distributions(package)
    if provided & BASE:
        return  # the base install has it (lark, attrs, holidays)
    assert package in EXTRA_OF_PACKAGE, (
        f"{sorted(IMPORTS[package])} import {package}, which no extra is said to install")
    extra = EXTRA_OF_PACKAGE[package]
    assert extra in PROJECT["optional-dependencies"], extra
    assert provided & _installs(extra), (
        f"{sorted(IMPORTS[package])} import {package}; the messages name the `{extra}` "
        f"extra, which does not install {sorted(provided)}")


def test_every_package_the_table_names_is_imported() -> None:
    assert sorted(set(EXTRA_OF_PACKAGE) - set(IMPORTS)) == []


def test_the_batch_extra_installs_numpy() -> None:
    # `pip install 'trustlaw[sql]'` and `trustlaw batch` once ended in "internal error:
    # ModuleNotFoundError: numpy" (pyarrow 16 and later do not bring numpy)
    assert "numpy" in _installs("sql")
    assert {"numpy", "pyarrow", "duckdb", "sqlglot"} <= _installs("engines")


def test_the_install_hint_works_installed_and_in_a_clone() -> None:
    assert install_hint("smt") == (
        "install the `smt` extra: pip install 'trustlaw[smt]' (in a clone: pip install -e "
        "'.[smt]')")


def test_no_module_words_the_install_hint_itself() -> None:
    """Every message that says how to install an extra says it through `install_hint`."""
    own = PACKAGE / "diagnostics.py"
    worded = [f"{p.relative_to(ROOT)}: {line.strip()}"
              for p in sorted(PACKAGE.rglob("*.py")) if p != own
              for line in p.read_text(encoding="utf-8").splitlines()
              if re.search(r"\bpip install", line)]
    assert worded == []


def test_a_missing_package_names_its_extra() -> None:
    error = missing_package("TL-U012", "the duckdb engine",
                            ModuleNotFoundError("No module named 'duckdb'", name="duckdb"))
    assert isinstance(error, UsageError)
    [diagnostic] = error.diagnostics
    assert diagnostic.code == "TL-U012"
    assert diagnostic.message == "the duckdb engine needs duckdb, which is not installed"
    assert diagnostic.help == install_hint("sql")
    error = missing_package("TL-U012", "batch()",
                            ModuleNotFoundError("No module named 'psycopg.pq'", name="psycopg.pq"))
    assert isinstance(error, UsageError) and "`engines` extra" in str(error)


def test_a_module_no_extra_installs_is_not_blamed_on_one() -> None:
    broken = ModuleNotFoundError("No module named 'trustlaw.gone'", name="trustlaw.gone")
    assert missing_package("TL-U012", "batch()", broken) is broken
