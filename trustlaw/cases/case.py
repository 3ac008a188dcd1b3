"""A validated case: its facts checked once, decided under any statute on the same vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NoReturn

from .. import ir
from ..diagnostics import wrong_type
from .validation import owned_copy, validate_owned

__all__ = ["Case", "validate_case"]


class Case:
    """A case validated against a vocabulary (`trustlaw.validate`): read-only.

    `Statute.decide` (and `outcomes`, `explain`) take it as they take a raw case, and
    skip validation when the statute's vocabulary is the one the case was checked
    against (every bundled statute shares one); under another vocabulary the
    normalised case is validated again. `data` is the normalised case (dates as
    `datetime.date`, unknown facts absent or None), `facts` the case as given. The
    normalised case shares no record or list with the dict given, so changing that dict
    afterwards (a booking system reusing one) changes no decision of the `Case`, nor is
    a value decided unvalidated; `data` hands out a copy. Everything trustlaw reads of a
    `Case` (the date that chooses a law in force too) comes from the normalised case,
    never from `facts`. A `Case` pickles and copies."""

    __slots__ = ("_data", "_facts", "_vocabulary")

    _data: dict[str, Any]
    _facts: Mapping[str, Any]
    _vocabulary: str

    def __init__(self, case: Mapping[str, Any], vocabulary: ir.Vocabulary | None = None):
        """Validate `case` (raises `CaseError` naming every problem by field path)."""
        if vocabulary is None:
            vocabulary = _default_vocabulary()
        elif not isinstance(vocabulary, ir.Vocabulary):
            raise wrong_type("Case(vocabulary=…)", "a vocabulary (ir.Vocabulary) or None",
                             vocabulary)
        if isinstance(case, Case):
            data = case.data_for(vocabulary)
            case = case._facts
        else:
            data = validate_owned(case, vocabulary)
        object.__setattr__(self, "_facts", case)
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_vocabulary", vocabulary.digest)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and copied) as what it holds, not validated again on the way back:
        a `Case` can go to a worker process."""
        return (_restored, (self._data, _plain(self._facts), self._vocabulary))

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
        """The case as given: the caller's own object, which trustlaw never reads again."""
        return self._facts

    @property
    def id(self) -> str | None:
        """The caller's own `id` for the case, if it gave one (it decides nothing)."""
        value = self._data.get("id")
        return value if isinstance(value, str) else None

    @property
    def date(self) -> Any:
        """The case's own date (a `datetime.date`), or None when unknown: the day that
        chooses the law in force (`trustlaw.decide_many("ct", …)`)."""
        return self._data.get("date")

    @property
    def vocabulary(self) -> str:
        """The digest of the vocabulary the case was validated against."""
        return self._vocabulary

    def data_for(self, vocabulary: ir.Vocabulary) -> dict[str, Any]:
        """The normalised case for a statute on `vocabulary`: the one already made when
        it is the same vocabulary, else the facts validated against it."""
        if vocabulary.digest == self._vocabulary:
            return self._data
        # the normalised case, not the facts the caller may have changed since: dates and
        # durations as values, which validation takes as it takes their text
        return validate_owned(self._data, vocabulary)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Case)
            and self._vocabulary == other._vocabulary
            and self._data == other._data
        )

    __hash__ = None  # type: ignore[assignment]  # the facts are dicts

    def __repr__(self) -> str:
        return f"Case({self._data!r})"


def _plain(value: Any, depth: int = 0) -> Any:
    """The facts as plain dicts and lists, which pickle (a mapping proxy does not)."""
    if depth > 200:
        return value
    if isinstance(value, Mapping):
        return {k: _plain(v, depth + 1) for k, v in value.items()}
    if type(value) is list:
        return [_plain(v, depth + 1) for v in value]
    return value


def _restored(data: dict[str, Any], facts: Mapping[str, Any], vocabulary: str) -> Case:
    """A pickled `Case` back, as it was."""
    case = object.__new__(Case)
    object.__setattr__(case, "_data", data)
    object.__setattr__(case, "_facts", facts)
    object.__setattr__(case, "_vocabulary", vocabulary)
    return case


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
