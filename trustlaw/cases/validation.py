"""JSON case + vocabulary → validated case (dates as `datetime.date`), or every problem.

The case format is fixed by CASES.md section 2 and described by the vocabulary. A
field that is absent or null is unknown and stays so (left out, or None); nothing
is coerced (``"yes"`` is not a yes, ``"34"`` is not a number) and nothing is
dropped. Every problem is collected into one `CaseError`, each message starting
with the field path (``convictions[1].date: expected an ISO date, got "last year"``,
the wording of CASES.md). Then the vocabulary's constraints are checked (the detailed path uses
the interpreter, and names each offending list element).

Validation runs on every decision, so everything is built once per vocabulary (cached
by digest), in two paths. The fast path is one Python function generated for the
vocabulary (`trustlaw.cases.fastpath`): straight-line checks of every field and the
vocabulary's constraints compiled in, returning the normalised case, or None at the
first thing that is not as expected. Then the detailed path (this module), built from
small per-type objects, runs and names every problem with its field path; what a user
sees never depends on the fast path, and tests/test_cases_fastpath.py holds the two
paths to each other. The JSON Schema of the case format is `trustlaw.cases.schema`'s.
"""

from __future__ import annotations

import ast
import copy
import datetime as _dt
import re
from collections.abc import Callable, Mapping
from operator import contains as _contains
from typing import TYPE_CHECKING, Any

from .. import ir
from ..dates import shaped_like_a_day
from ..diagnostics import CaseError, Diagnostic, encodable, escaped
from ..names import closest_ignoring_case, could_be_typo
from . import schema as case_schema
from .constraints import CODE_CONSTRAINT, Constraint
from .describing import SHOWN as _SHOWN
from .describing import describe
from .limits import MAX_JSON_DEPTH, MAX_LIST_LENGTH
from .schema import is_tag_enum

if TYPE_CHECKING:
    from .fastpath import Fast

__all__ = [
    "CODE_CONSTRAINT",
    "CODE_UNKNOWN_FIELD",
    "CODE_VALUE",
    "describe",
    "example_case",
    "json_schema",
    "validate",
]

SCHEMA_DIALECT = case_schema.SCHEMA_DIALECT  # the JSON Schema draft of `json_schema`

CODE_UNKNOWN_FIELD = "TL-C001"  # a field the vocabulary does not have
CODE_VALUE = "TL-C002"  # a value of the wrong kind (type, enum value, tag, date, list, object)

# The caller's own identifier of a case (docs/cases.md): a string that decides nothing, so
# it is no fact of the vocabulary; validation checks it and keeps it under this key.
CASE_ID = "id"
CASE_ID_MAX = 200

# The case of CASES.md section 2: every field known, for docs, the schema and tests.
_EXAMPLE: dict[str, Any] = {
    "date": "2015-03-02",
    "agency": "municipal_police",
    "reimbursement_agreement": False,
    "request": {
        "kinds": ["hold", "notification"],
        "form": "I-247A",
        "judicial_warrant": False,
        "court_order": False,
    },
    "person": {
        "age": 34,
        "written_consent": False,
        "terrorist_watchlist_match": False,
        "gang_database": False,
        "security_risk_group": False,
        "final_removal_order": False,
        "previously_removed": False,
        "unlawful_reentry": False,
        "sex_arson_registrant": False,
        "federal_felony_warrant": False,
        "proof_of_lawful_status": False,
        "public_safety_risk": False,
    },
    "warrants": [{"kind": "criminal", "issued_in": "this_state"}],
    "charges": [
        {
            "level": "felony",
            "felony_class": "C",
            "court": "this_state",
            "bond_posted": False,
            "probable_cause_found": True,
            "tags": ["ct.family_violence"],
        }
    ],
    "convictions": [
        {
            "date": "2009-06-01",
            "release_date": "2012-01-15",
            "level": "felony",
            "felony_class": "B",
            "court": "other_state",
            "age_at_judgment": 24,
            "youthful_offender": False,
            "tags": ["ca.serious_felony", "nyc.violent_or_serious"],
        }
    ],
}


def example_case() -> dict[str, Any]:
    """A fresh copy of the example case of CASES.md section 2 (JSON-shaped, every fact known)."""
    return copy.deepcopy(_EXAMPLE)


_UNKNOWN_HELP = "Leave a fact out, or give it as null, when it is not known."
_DATE_HELP = ('Write a date as YYYY-MM-DD ("2015-03-02"). Leave a fact out, or give it as '
              "null, when it is not known.")
_BAD: Any = object()  # a scalar that did not validate
_WHOLE_WITH_POINT = re.compile(r"[+-]?[0-9]+\.0+")
_POINT_HELP = ("Write a whole number without a decimal point (36, not 36.0); a table read "
               "into pandas and saved again writes 36.0 where its column has empty cells. "
               "Leave a fact out, or give it as null, when it is not known.")


def validate(case: Mapping[str, Any], vocab: ir.Vocabulary) -> dict[str, Any]:
    """The normalised case (a new dict, ISO dates as `datetime.date`, unknown facts left
    out or None), or `CaseError` listing every problem, each naming the field path.

    Only what changes is copied: the top-level dict, and the records and lists on the way
    to a date (``convictions`` and each conviction). A record or list that holds no date
    (``person``, ``warrants``, ``charges``, a conviction's ``tags``, a ``request`` without
    ``lodged_on``) may be
    the very object given, shared with the input; nothing in trustlaw mutates a case, and
    a caller who changes the input afterwards should validate it again."""
    checker = _CACHE.get(vocab.digest)
    if checker is None or (checker.vocab is not vocab and checker.vocab != vocab):
        checker = _validator(vocab)
    return checker.validate(case)


def validate_owned(case: Mapping[str, Any], vocab: ir.Vocabulary) -> dict[str, Any]:
    """`validate`, the normalised case sharing no record or list with `case`: what a
    value kept after the call holds (`trustlaw.Case`), so that changing the input
    afterwards changes nothing in it."""
    return _validator(vocab).owned(case)


def is_text(value: str) -> bool:
    """Whether `value` is Unicode text, which UTF-8 can hold: no lone surrogates."""
    return encodable(value) == value


#: A dotted path of plain names (`person.age`): how a CSV header names a record's field.
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def _suggest(word: Any, choices: tuple[str, ...]) -> str:
    if type(word) is not str or not could_be_typo(word, choices):
        return ""
    close = closest_ignoring_case(word, choices)
    return f"; did you mean {close}?" if close is not None else ""


# A path is built lazily as nested pairs (parent, key), () at the top: spelling it
# out ("convictions[1].date") costs time that is only worth spending on a problem.
_Path = tuple[Any, ...]


def _child(path: _Path, key: str | int) -> _Path:
    return (path, key)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def _spell(path: _Path) -> str:
    """The path as written in messages: ``convictions[1].date``; ``case`` at the top. A
    key that is not a plain name is quoted (``person["a.b"]``, ``case[""]``), so that
    no key reads as two, or as none."""
    keys: list[str | int] = []
    while path:
        path, key = path
        keys.append(key)
    out = ""
    for key in reversed(keys):
        if isinstance(key, int):
            out += f"[{key}]"
            continue
        if len(key) > _SHOWN:  # a pasted document as a field name is not repeated
            key = key[:_SHOWN] + "…"
        if _NAME.fullmatch(key):
            out += f".{key}" if out else key
        else:
            # a quote or backslash escaped as in JSON; a terminal control or a lone
            # surrogate as its JSON escape
            quoted = escaped(key.replace("\\", "\\\\").replace('"', '\\"'))
            out = f'{out or "case"}["{quoted}"]'
    return out or "case"


# ---- per-type validators ---------------------------------------------------------------------

_JSON_KINDS = {bool: "true or false", int: "a number", float: "a number", list: "a list",
               dict: "an object"}


class _Scalar:
    """A validator for one scalar type: `accept` returns the normalised value or _BAD."""

    __slots__ = ("expected", "noun")
    help = _UNKNOWN_HELP  # what the message's help line says

    def __init__(self, expected: str, noun: str):
        self.expected = expected  # what the message says was expected
        self.noun = noun  # the thing, for a null inside a list

    def accept(self, value: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def problem(self, path: _Path, value: Any) -> Diagnostic:
        return Diagnostic(
            CODE_VALUE,
            f"{_spell(path)}: expected {self.expected}, got {describe(value)}",
            help=self.help,
        )


class _Bool(_Scalar):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("true or false", "true or false")

    def accept(self, value: Any) -> Any:
        return value if value is True or value is False else _BAD


class _Int(_Scalar):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("a whole number", "a whole number")

    def accept(self, value: Any) -> Any:
        return value if type(value) is int else _BAD

    def problem(self, path: _Path, value: Any) -> Diagnostic:
        diagnostic = super().problem(path, value)
        if _WHOLE_WITH_POINT.fullmatch(str(value) if type(value) in (float, str) else ""):
            # 36.0 is what pandas writes for a column of whole numbers with empty cells
            return Diagnostic(CODE_VALUE, diagnostic.message, help=_POINT_HELP)
        return diagnostic


class _Date(_Scalar):
    __slots__ = ()
    help = _DATE_HELP

    def __init__(self) -> None:
        super().__init__("an ISO date", "a date")

    def accept(self, value: Any) -> Any:
        if type(value) is str:
            # fromisoformat also reads "20150302" and "2015-W10-1"; only YYYY-MM-DD
            # (ten characters, dashes at 4 and 7) is the case format
            if len(value) == 10 and value[4] == "-" and value[7] == "-":
                try:
                    return _dt.date.fromisoformat(value)
                except ValueError:
                    return _BAD
            return _BAD
        if type(value) is _dt.date:
            return value
        return _BAD

    def problem(self, path: _Path, value: Any) -> Diagnostic:
        diagnostic = super().problem(path, value)
        if type(value) is str and shaped_like_a_day(value):
            return Diagnostic(
                CODE_VALUE,
                f"{diagnostic.message}, which is not a day of the calendar",
                help="Check the month and the day; leave a fact out, or give it as null, "
                "when it is not known.",
            )
        return diagnostic


class _Duration(_Scalar):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(
            'a duration as an object such as {"years": 5} (years, months, days)', "a duration"
        )

    def accept(self, value: Any) -> Any:
        if isinstance(value, ir.Duration):
            return value
        if not isinstance(value, Mapping) or not value:
            return _BAD
        if not set(value) <= {"years", "months", "days"}:
            return _BAD
        if not all(type(n) is int and n >= 0 for n in value.values()):
            return _BAD
        return ir.Duration(**value)


_DURATION = _Duration()


class _Enum(_Scalar):
    __slots__ = ("choices", "values")

    def __init__(self, enum: ir.EnumType, is_tag: bool):
        listed = ", ".join(enum.values)
        expected = f"a known tag, one of {listed}" if is_tag else f"one of {listed}"
        super().__init__(expected, expected)
        self.values = frozenset(enum.values)
        self.choices = enum.values

    def accept(self, value: Any) -> Any:
        return value if type(value) is str and value in self.values else _BAD

    def problem(self, path: _Path, value: Any) -> Diagnostic:
        diagnostic = super().problem(path, value)
        return Diagnostic(
            CODE_VALUE,
            diagnostic.message + _suggest(value, self.choices),
            help="Use one of the listed values exactly as written; leave a fact out, "
            "or give it as null, when it is not known.",
        )


_NONE = type(None)


class _Record:
    """A validator for an object with a fixed set of fields.

    A well-formed object is checked in bulk (which types, which enum values) with
    C-level `map`s over the fields; only when that fails does the field-by-field
    pass run, which names every problem."""

    __slots__ = (
        "also", "dates", "enum_keys", "enum_sets", "fields", "keys", "keyset", "names",
        "nested", "noun", "types", "where",
    )

    def __init__(self, noun: str, where: str):
        self.noun = noun  # "person", "conviction"
        self.where = where  # "person", "the case" (for "not a field of …")
        self.fields: dict[str, _Scalar | _Record | _List] = {}
        self.names: tuple[str, ...] = ()
        # names accepted before this validator runs (the case's `id`): named in messages
        self.also: tuple[str, ...] = ()

    def set_fields(self, fields: dict[str, _Scalar | _Record | _List]) -> None:
        self.fields = dict(fields)
        self.names = self.keys = tuple(fields)
        self.keyset = frozenset(fields)
        self.types = tuple(_types_of(checker) for checker in fields.values())
        enums = [(k, c) for k, c in fields.items() if isinstance(c, _Enum)]
        self.enum_keys = tuple(k for k, _ in enums)
        self.enum_sets = tuple(c.values | {None} for _, c in enums)
        # fields whose value is converted or checked one by one even on the bulk path
        self.dates = tuple(
            (k, c) for k, c in fields.items()
            if isinstance(c, _Scalar) and not isinstance(c, (_Bool, _Int, _Enum))
        )
        self.nested = tuple((k, c) for k, c in fields.items() if not isinstance(c, _Scalar))

    def convert(self, value: Any, path: _Path, problems: list[Diagnostic]) -> Any:
        if not (
            type(value) is dict
            and value.keys() <= self.keyset
            and all(map(_contains, self.types, map(type, map(value.get, self.keys))))
            and all(map(_contains, self.enum_sets, map(value.get, self.enum_keys)))
        ):
            return self._convert_each(value, path, problems)
        out = dict(value)
        for key, scalar in self.dates:
            item = value.get(key)
            if item is not None:
                result = scalar.accept(item)
                if result is _BAD:
                    problems.append(scalar.problem((path, key), item))
                    result = None
                out[key] = result
        for key, checker in self.nested:
            item = value.get(key)
            if item is not None:
                out[key] = checker.convert(item, (path, key), problems)
        return out

    def _convert_each(self, value: Any, path: _Path, problems: list[Diagnostic]) -> Any:
        if not isinstance(value, Mapping):
            problems.append(
                Diagnostic(
                    CODE_VALUE,
                    f"{_spell(path)}: expected an object with the fields of {self.where}, "
                    f"got {describe(value)}",
                    help=f"The fields of {self.where} are {', '.join(self.names)}.",
                )
            )
            return None
        out: dict[str, Any] = {}
        for key, item in value.items():
            checker = self.fields.get(key) if isinstance(key, str) else None
            if checker is None:
                problems.append(self._unknown_field(path, key))
            elif item is None:
                out[key] = None
            elif isinstance(checker, _Scalar):
                result = checker.accept(item)
                if result is _BAD:
                    problems.append(checker.problem((path, key), item))
                    result = None
                out[key] = result
            else:
                out[key] = checker.convert(item, (path, key), problems)
        return out

    def _unknown_field(self, path: _Path, key: Any) -> Diagnostic:
        if not isinstance(key, str):
            return Diagnostic(
                CODE_UNKNOWN_FIELD,
                f"{_spell(path)}: expected field names as text, got {describe(key)}",
                help=f"The fields of {self.where} are {', '.join((*self.names, *self.also))}.",
            )
        names = (*self.names, *self.also)
        hint = _suggest(key, names)
        record, _, rest = key.partition(".")
        if rest and isinstance(self.fields.get(record), _Record) and _DOTTED.fullmatch(key):
            hint = (f'; give it inside its record, {{"{record}": {{"{rest.split(".")[0]}": …}}}}'
                    f" (a struct column {record} in Parquet; only a CSV column is named {key})")
        if not hint and key == "case_id" and CASE_ID in self.also:  # the decision's name
            hint = f"; did you mean {CASE_ID}? (a decision echoes it as case_id)"
        message = f"{_spell((path, key))}: not a field of {self.where}"
        message += hint or f" (its fields are {', '.join(names)})"
        return Diagnostic(
            CODE_UNKNOWN_FIELD,
            message,
            help="Check the spelling against the case format (`trustlaw schema case` prints it).",
        )


class _List:
    """A validator for a list whose elements are all known and of one type."""

    __slots__ = ("element", "enum_values")

    def __init__(self, element: _Scalar | _Record | _List):
        self.element = element
        self.enum_values = element.values if isinstance(element, _Enum) else None

    def convert(self, value: Any, path: _Path, problems: list[Diagnostic]) -> Any:
        if type(value) is not list and not isinstance(value, (list, tuple)):
            problems.append(
                Diagnostic(
                    CODE_VALUE,
                    f"{_spell(path)}: expected a list, got {describe(value)}",
                    help="Give a list ([] for none); leave the field out, or give it as null, "
                    "when it is not known.",
                )
            )
            return None
        if len(value) > MAX_LIST_LENGTH:
            problems.append(
                Diagnostic(
                    CODE_VALUE,
                    f"{_spell(path)}: a list holds at most {MAX_LIST_LENGTH:,} elements, "
                    f"got {len(value):,}",
                    help="Give only the elements that matter to the case; see the limits in "
                    "docs/cases.md.",
                )
            )
            return None
        values = self.enum_values
        if values is not None:
            try:
                if values.issuperset(value):  # every element a listed value
                    return list(value)
            except TypeError:  # an element that cannot be a value at all (a list, an object)
                pass
        element = self.element
        out: list[Any] = []
        for index, item in enumerate(value):
            if item is None:
                problems.append(
                    Diagnostic(
                        CODE_VALUE,
                        f"{_spell((path, index))}: expected {_noun(element)}, got null; "
                        "an element of a list cannot be unknown",
                        help="Remove the element, or leave out the whole list when it is "
                        "not known.",
                    )
                )
                # keep the indexes of later elements for the constraint messages
                out.append({} if isinstance(element, _Record) else None)
            elif isinstance(element, _Scalar):
                result = element.accept(item)
                if result is _BAD:
                    problems.append(element.problem((path, index), item))
                    result = None
                out.append(result)
            else:
                converted = element.convert(item, (path, index), problems)
                out.append({} if converted is None and isinstance(element, _Record) else converted)
        return out


def _types_of(checker: _Scalar | _Record | _List) -> frozenset[type]:
    """The value types a field may have on the bulk path (None: unknown)."""
    if isinstance(checker, _Bool):
        return frozenset({bool, _NONE})
    if isinstance(checker, _Int):
        return frozenset({int, _NONE})
    if isinstance(checker, _Enum):
        return frozenset({str, _NONE})
    if isinstance(checker, _Date):
        return frozenset({str, _dt.date, _NONE})
    if isinstance(checker, _Record):
        return frozenset({dict, _NONE})
    if isinstance(checker, _List):
        return frozenset({list, tuple, _NONE})
    return frozenset({dict, ir.Duration, _NONE})  # a duration, checked one by one


def _noun(checker: _Scalar | _Record | _List) -> str:
    if isinstance(checker, _Scalar):
        return checker.noun
    if isinstance(checker, _Record):
        return f"a {checker.noun}"
    return "a list"


# ---- the validator of one vocabulary -----------------------------------------------------


class _CaseValidator:
    """Everything needed to validate cases of one vocabulary, built once."""

    def __init__(self, vocab: ir.Vocabulary):
        self.vocab = vocab
        self._records: dict[str, _Record] = {}
        self._scalars: dict[str, _Scalar] = {}
        self.root = _Record("case", "the case")
        self._fill(self.root, vocab.fields)
        self.constraints = tuple(Constraint(c) for c in vocab.constraints)
        from .fastpath import build_fast  # the code generator: imported on first use

        built = build_fast(vocab, _DURATION.accept, _BAD)
        self.fast: Fast | None = built[0] if built is not None else None
        self._fast_owned: list[Fast | None] = []  # built on the first `owned` call
        self._fast_module = built[1] if built is not None else None
        self._fast_source: str | None = None
        self.has_id = vocab.field(CASE_ID) is None
        if self.has_id:
            self.root.also = (CASE_ID,)

    @property
    def fast_source(self) -> str:
        """The fast path's source, for reading and tests (written on first read)."""
        if self._fast_source is None:
            module = self._fast_module
            self._fast_source = ast.unparse(module) if module is not None else ""
        return self._fast_source

    def _fill(self, record: _Record, fields: tuple[ir.FieldInfo, ...]) -> None:
        record.set_fields({f.name: self._checker(f.type) for f in fields})

    def _checker(self, type_: ir.Type) -> _Scalar | _Record | _List:
        if isinstance(type_, ir.ListType):
            return _List(self._checker(type_.element))
        if isinstance(type_, ir.RecordType):
            known = self._records.get(type_.name)
            if known is not None:
                return known
            info = self.vocab.record(type_.name)
            if info is None:
                raise ValueError(f"the vocabulary has no record `{type_.name}`")
            record = _Record(type_.name, type_.name)
            self._records[type_.name] = record  # before filling: records may nest
            self._fill(record, info.fields)
            return record
        key = str(type_) if not isinstance(type_, ir.EnumType) else f"enum {type_.name}"
        known_scalar = self._scalars.get(key)
        if known_scalar is not None:
            return known_scalar
        scalar: _Scalar
        if isinstance(type_, ir.BoolType):
            scalar = _Bool()
        elif isinstance(type_, ir.IntType):
            scalar = _Int()
        elif isinstance(type_, ir.DateType):
            scalar = _Date()
        elif isinstance(type_, ir.DurationType):
            scalar = _Duration()
        elif isinstance(type_, ir.EnumType):
            scalar = _Enum(type_, is_tag=is_tag_enum(type_, self.vocab))
        else:  # pragma: no cover - ir.Type is closed
            raise ValueError(f"no validator for the type {type_}")
        self._scalars[key] = scalar
        return scalar

    def validate(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """The generated fast path (case_fastpath) when it takes the case, else the
        detailed path, which says what is wrong. A case's `id` (unless the vocabulary has
        a fact of that name) is checked here and kept in the normalised case."""
        if type(case) is dict:  # the common case, without the abstract-class check
            if self.has_id and CASE_ID in case:
                return self._with_id(case)
            fast = self.fast  # inline, not `_fast_or_none`: the path of every decision
            if fast is not None:
                try:
                    data = fast(case)
                except Exception:  # the detailed path says what is wrong
                    data = None
                if data is not None:
                    return data
            return self.detailed(case)
        if isinstance(case, Mapping) and CASE_ID in case and self.has_id:
            return self._with_id(case)
        return self._facts(case)

    def owned(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """`validate`, the normalised case sharing no record or list with `case` (what a
        `Case` keeps, so that a caller changing its dict afterwards changes nothing)."""
        if not self._fast_owned:
            from .fastpath import build_fast

            built = build_fast(self.vocab, _DURATION.accept, _BAD, owned=True)
            self._fast_owned.append(built[0] if built is not None else None)
        fast = self._fast_owned[0]
        if self.has_id and isinstance(case, Mapping) and CASE_ID in case:
            return self._with_id(case, owned=True)
        data = _fast_or_none(fast, case) if type(case) is dict else None
        return data if data is not None else owned_copy(self.validate(case))

    def _with_id(self, case: Mapping[str, Any], owned: bool = False) -> dict[str, Any]:
        given = case[CASE_ID]
        facts = {k: v for k, v in case.items() if k != CASE_ID}
        if given is None or (isinstance(given, str) and len(given) <= CASE_ID_MAX
                             and is_text(given)):
            data = self.owned(facts) if owned else self._facts(facts)
            if given is not None:
                data[CASE_ID] = given
            return data
        if isinstance(given, str) and len(given) <= CASE_ID_MAX:
            got = f"{describe(given)}, which holds a lone surrogate"
        elif isinstance(given, str):
            got = f"a string of {len(given)} characters"
        else:  # "5, a number"; true and an object say what they are by themselves
            shown, kind = describe(given), _JSON_KINDS.get(type(given), "not a string")
            got = shown if shown == kind or isinstance(given, bool) else f"{shown}, {kind}"
        number = isinstance(given, int | float) and not isinstance(given, bool)
        unreadable = isinstance(given, str) and len(given) <= CASE_ID_MAX
        expected = ("Unicode text" if unreadable  # its length is not the problem
                    else f"a string of at most {CASE_ID_MAX} characters")
        problem = Diagnostic(
            CODE_VALUE,
            f"{CASE_ID}: expected {expected}, got {got}",
            help="The id is your own name for the case; it decides nothing."
            + (f' Write a number as a string: "{given}".' if number else ""),
        )
        try:
            self._facts(facts)
        except CaseError as error:
            raise CaseError([problem, *error.diagnostics]) from None
        raise CaseError([problem])

    def _facts(self, case: Mapping[str, Any]) -> dict[str, Any]:
        data = _fast_or_none(self.fast, case)
        return data if data is not None else self.detailed(case)

    def detailed(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """Validation that collects every problem, each with its field path."""
        problems: list[Diagnostic] = []
        if not isinstance(case, Mapping):
            raise CaseError(
                [
                    Diagnostic(
                        CODE_VALUE,
                        f"case: expected an object with the fields of a case, got "
                        f"{describe(case)}",
                        help="The fields of a case are "
                        f"{', '.join((*self.root.names, *self.root.also))}.",
                    )
                ]
            )
        data = self.root.convert(case, (), problems)
        for constraint in self.constraints:
            problems.extend(constraint.violations(data))
        if problems:
            raise CaseError(problems)
        return data


_CACHE: dict[str, _CaseValidator] = {}


def _fast_or_none(fast: Fast | None, case: Any) -> dict[str, Any] | None:
    """The generated fast path's normalised case, or None when there is none or it does
    not take the case (an exception inside it, e.g. a list given for an enum value,
    counts the same): the detailed path then says what is wrong."""
    if fast is None:
        return None
    try:
        return fast(case)
    except Exception:
        return None


def owned_copy(value: Any, depth: int = 0) -> Any:
    """A copy of the dicts and lists of a normalised or JSON-shaped case (the rest is
    immutable or refused by validation). Past what validation accepts (`MAX_JSON_DEPTH`
    levels, `MAX_LIST_LENGTH` elements, a cycle) the value is kept as it is."""
    kind = type(value)
    if kind is dict:
        if depth > MAX_JSON_DEPTH:
            return value
        out = value.copy()
        for key, item in out.items():
            if type(item) is dict or type(item) is list:
                out[key] = owned_copy(item, depth + 1)
        return out
    if kind is list:
        if depth > MAX_JSON_DEPTH or len(value) > MAX_LIST_LENGTH:
            return value
        return [owned_copy(item, depth + 1) if type(item) is dict or type(item) is list
                else item for item in value]
    return value


def validator(vocab: ir.Vocabulary) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """`validate` for one vocabulary, looked up once: ``validator(vocab)(case)`` is
    ``validate(case, vocab)`` (for a caller that validates many cases)."""
    return _validator(vocab).validate


def fast_validator(vocab: ir.Vocabulary) -> Fast:
    """The generated fast path of `vocab` alone, for a caller that decides many cases:
    ``fast(case)`` is ``validate(case, vocab)`` for a well-formed dict without an `id`;
    for anything else it returns None (or raises), and `validate` must then run, which
    says what is wrong. It never returns a case `validate` would refuse."""
    fast = _validator(vocab).fast
    return fast if fast is not None else _never


def _never(case: Any) -> None:
    """The fast path of a vocabulary the generator does not specialise: never taken."""
    return None


def _validator(vocab: ir.Vocabulary) -> _CaseValidator:
    """The validator of `vocab`, built once per vocabulary digest."""
    cached = _CACHE.get(vocab.digest)
    if cached is not None and (cached.vocab is vocab or cached.vocab == vocab):
        return cached
    built = _CaseValidator(vocab)
    _CACHE[vocab.digest] = built
    return built


# ---- JSON Schema ---------------------------------------------------------------------------


def json_schema(vocab: ir.Vocabulary) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the case format, for integrators: every field
    with its type, enum values, ``format: date``, null allowed (unknown), no other fields,
    and the example case of CASES.md section 2 when it is a valid case of `vocab`."""
    return case_schema.json_schema(vocab, example_case() if _example_fits(vocab) else None)


def _example_fits(vocab: ir.Vocabulary) -> bool:
    """Whether the example case is a valid case of `vocab` (true of the bundled one)."""
    try:
        validate(_EXAMPLE, vocab)
    except CaseError:
        return False
    return True
