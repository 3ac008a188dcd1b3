"""Statute files → pytest items: one test per embedded example (``pytest statutes/``).

Registered through the ``pytest11`` entry point. A ``.law`` file is collected when it is
a statute (not a vocabulary) and it is either named on the command line, lies under a
folder called ``statutes``, or lies under a folder listed in the ``trustlaw_paths`` ini
option; so deliberately broken ``.law`` fixtures in a test suite are left alone. Each
example becomes an item named after the example, run by the same runner as
``trustlaw test``; an amendment also gets an item for each example of the statute it
amends (``<base id>: <name>``), an expected failure where the amendment decides it
otherwise (``trustlaw test``'s CHANGED). A failure report points at the example in the
statute file and shows expected vs actual with the decision's explanation. A file that
does not compile yields one failing item carrying the diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..diagnostics import Span, TrustlawError
from ..ir import Example
from .runner import (
    ExampleResult,
    amended_statute,
    is_vocabulary,
    run_example,
    run_inherited_example,
)

STATUTES_DIR = "statutes"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "trustlaw_paths",
        "folders whose .law statute files pytest collects (besides any folder named "
        "'statutes' and files named on the command line)",
        type="paths",
        default=[],
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".law" or not _wanted(file_path, parent.config):
        return None
    if is_vocabulary(file_path):
        return None
    return LawFile.from_parent(parent, path=file_path)


def _wanted(file_path: Path, config: pytest.Config) -> bool:
    resolved = file_path.resolve()
    root = config.rootpath.resolve()
    inside = resolved.relative_to(root) if resolved.is_relative_to(root) else resolved
    if STATUTES_DIR in inside.parts[:-1]:
        return True
    for arg in config.args:
        named = Path(arg.split("::", 1)[0])
        if not named.is_absolute():
            named = Path(config.invocation_params.dir) / named
        if named.resolve() == resolved:
            return True
    extra = config.getini("trustlaw_paths")
    return any(resolved.is_relative_to(Path(p).resolve()) for p in extra)


class ExampleFailure(Exception):
    """Raised by an example item whose expectations were not met."""

    def __init__(self, result: ExampleResult) -> None:
        super().__init__(result.render(explain=False))
        self.result = result


class CompileFailure(Exception):
    """Raised by the item standing for a statute file that does not compile."""

    def __init__(self, error: TrustlawError) -> None:
        super().__init__(error.render())
        self.error = error


class LawFile(pytest.File):
    """A statute file; its children are its examples."""

    def collect(self) -> Iterator[pytest.Item]:
        from ..library.loader import load_path

        try:
            statute = load_path(self.path)
        except TrustlawError as error:
            yield CompileItem.from_parent(self, name="compile", error=error)
            return
        for example in statute.examples:
            yield ExampleItem.from_parent(
                self, name=example.name, statute=statute, example=example
            )
        # an amendment also runs the amended statute's examples, as `trustlaw test` does;
        # one it decides otherwise is an expected failure (CHANGED), not a failure
        base = amended_statute(statute, self.path)
        if base is None:
            return
        for example in base.examples:
            yield ExampleItem.from_parent(
                self, name=f"{base.id}: {example.name}", statute=statute, example=example,
                inherited_from=base.id,
            )


class CompileItem(pytest.Item):
    """Stands for a statute file that failed to compile; always fails with its diagnostics."""

    def __init__(self, *, error: TrustlawError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise CompileFailure(self.error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CompileFailure):
            return f"{self.path} does not compile:\n\n{excinfo.value.error.render()}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"compile {self.path.name}"


class ExampleItem(pytest.Item):
    """One example of one statute: its expectations checked against the decision."""

    def __init__(self, *, statute: Any, example: Example, inherited_from: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.statute = statute
        self.example = example
        self.inherited_from = inherited_from  # an example of the statute this one amends

    def runtest(self) -> None:
        if self.inherited_from is None:
            result = run_example(self.statute, self.example)
        else:
            result = run_inherited_example(self.statute, self.example, self.inherited_from)
        if result.changed:
            pytest.xfail(f"CHANGED: the amendment decides this example of "
                         f"{self.inherited_from} otherwise")
        if not result.passed:
            raise ExampleFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailure):
            result = excinfo.value.result
            try:
                return result.render(explain=True)
            except Exception as error:  # a broken explanation must not abort the session
                return (
                    f"{result.render(explain=False)}\n"
                    f"  (the explanation could not be produced: {type(error).__name__}: {error})"
                )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        span: Span | None = self.example.span
        line = span.line - 1 if span is not None else None
        return self.path, line, f'{self.statute.id} example "{self.example.name}"'
