"""A validated case: its facts checked once, decided under any statute on the same vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NoReturn

from .. import ir
from ..diagnostics import wrong_type
from .validation import owned_copy, validate, validate_owned

__all__ = ["Case", "validate_case"]


class Case:
    """A case validated against a vocabulary (`trustlaw.validate`): read-only.

    `Statute.decide` (and `outcomes`, `explain`) take it as they take a raw case, and
    skip validation when the statute's vocabulary is the one the case was checked
    against (every bundled statute shares one); under another vocabulary the original
    facts are validated again. `data` is the normalised case (dates as
    `datetime.date`, unknown facts absent or None), `facts` the case as given. The
    normalised case shares no record or list with the dict given, so changing that dict
    afterwards (a booking system reusing one) changes no decision of the `Case`, nor is
    a value decided unvalidated; `data` hands out a copy."""

    __slots__ = ("_data", "_facts", "_vocabulary")

    _data: dict[str, Any]
    _facts: Mapping[str, Any]
    _vocabulary: str

    def __init__(self, case: Mapping[str, Any], vocabulary: ir.Vocabulary | None = None):
        """Validate `case` (raises `CaseError` naming every problem by field path)."""
        if vocabulary is None:
            vocabulary = _default_vocabulary()
        if isinstance(case, Case):
            data = case._data if case._vocabulary == vocabulary.digest else None
            case = case._facts
        else:
            data = None
        object.__setattr__(self, "_facts", case)
        object.__setattr__(self, "_data",
                           data if data is not None else validate_owned(case, vocabulary))
        object.__setattr__(self, "_vocabulary", vocabulary.digest)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"a Case is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"a Case is read-only (cannot delete {name!r})")

    @property
    def data(self) -> Mapping[str, Any]:
        """The normalised case, read-only (a copy: changing it changes no decision)."""
        return MappingProxyType(owned_copy(self._data))

    @property
    def facts(self) -> Mapping[str, Any]:
        """The case as given."""
        return self._facts

    @property
    def vocabulary(self) -> str:
        """The digest of the vocabulary the case was validated against."""
        return self._vocabulary

    def data_for(self, vocabulary: ir.Vocabulary) -> dict[str, Any]:
        """The normalised case for a statute on `vocabulary`: the one already made when
        it is the same vocabulary, else the facts validated against it."""
        if vocabulary.digest == self._vocabulary:
            return self._data
        return validate(self._facts, vocabulary)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Case)
            and self._vocabulary == other._vocabulary
            and self._data == other._data
        )

    __hash__ = None  # type: ignore[assignment]  # the facts are dicts

    def __repr__(self) -> str:
        return f"Case({self._data!r})"


_DEFAULT: list[ir.Vocabulary] = []


def _default_vocabulary() -> ir.Vocabulary:
    """The bundled vocabulary, looked up once (its module is imported on first use)."""
    if not _DEFAULT:
        from ..lowering.files import default_vocabulary

        _DEFAULT.append(default_vocabulary())
    return _DEFAULT[0]


def validate_case(case: Mapping[str, Any], vocabulary: ir.Vocabulary | None = None) -> Case:
    """`case` validated once (against `vocabulary`, by default the bundled one) as a
    `Case` every statute on that vocabulary decides without validating it again."""
    if vocabulary is not None and not isinstance(vocabulary, ir.Vocabulary):
        raise wrong_type("validate(vocabulary=…)", "a vocabulary (ir.Vocabulary) or None",
                         vocabulary)
    return case if isinstance(case, Case) and vocabulary is None else Case(case, vocabulary)
