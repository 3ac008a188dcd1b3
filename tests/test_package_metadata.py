"""pyproject's metadata agrees with itself: the Python versions the classifiers name are
the ones requires-python allows, and the development status is stated."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PROJECT = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))[
    "project"]


def test_the_classifiers_name_the_python_versions_required() -> None:
    lowest = re.fullmatch(r">=3\.(\d+)", PROJECT["requires-python"])
    assert lowest is not None
    minors = sorted(int(m.group(1)) for c in PROJECT["classifiers"]
                    if (m := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c)))
    assert minors and minors[0] == int(lowest.group(1))
    assert minors == list(range(minors[0], minors[-1] + 1))  # none left out between


def test_the_development_status_is_stated_once() -> None:
    assert len([c for c in PROJECT["classifiers"]
                if c.startswith("Development Status :: ")]) == 1
