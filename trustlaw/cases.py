"""JSON case + vocabulary → validated case (dates as `datetime.date`), or every problem.

The case format is fixed by CASES.md section 2 and described by the vocabulary. A
field that is absent or null is unknown and stays so (left out, or None); nothing
is coerced (``"yes"`` is not a yes, ``"34"`` is not a number) and nothing is
dropped. Every problem is collected into one `CaseError`, each message starting
with the field path (``convictions[1].date: expected an ISO date (YYYY-MM-DD), got
"last year"``). Then the vocabulary's constraints are checked (the detailed path uses
the interpreter, and names each offending list element).

Validation runs on every decision, so everything is built once per vocabulary (cached
by digest), in two paths. The fast path is one Python function generated for the
vocabulary (`_FastBuilder`): straight-line checks of every field and the vocabulary's
constraints compiled in, returning the normalised case, or None at the first thing
that is not as expected. Then the detailed path, built from small per-type objects,
runs and names every problem with its field path; what a user sees never depends on
the fast path, and tests/test_cases_fastpath.py holds the two paths to each other.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import datetime as _dt
import difflib
import itertools
import json
import keyword
import math
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from operator import contains as _contains
from types import MappingProxyType
from typing import Any

from . import ir
from .dates import shift_date
from .decision import referenced_paths
from .diagnostics import CaseError, Diagnostic
from .interp import Evaluator, evaluator

__all__ = [
    "CODE_CONSTRAINT",
    "CODE_UNKNOWN_FIELD",
    "CODE_VALUE",
    "example_case",
    "json_schema",
    "validate",
]

CODE_UNKNOWN_FIELD = "TL-C001"  # a field the vocabulary does not have
CODE_VALUE = "TL-C002"  # a value of the wrong kind (type, enum value, tag, date, list, object)
CODE_CONSTRAINT = "TL-C003"  # a well-formed case that breaks a constraint of the vocabulary

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


_SHOWN = 60  # characters of a wrong text value quoted in a message
_UNKNOWN_HELP = "Leave a fact out, or give it as null, when it is not known."
_BAD: Any = object()  # a scalar that did not validate


def validate(case: Mapping[str, Any], vocab: ir.Vocabulary) -> dict[str, Any]:
    """The normalised case (a new dict, ISO dates as `datetime.date`, unknown facts left
    out or None), or `CaseError` listing every problem, each naming the field path.

    Only what changes is copied: the top-level dict, and the records and lists on the way
    to a date (``convictions`` and each conviction). A record or list that holds no date
    (``request``, ``person``, ``warrants``, ``charges``, a conviction's ``tags``) may be
    the very object given, shared with the input; nothing in trustlaw mutates a case, and
    a caller who changes the input afterwards should validate it again."""
    checker = _CACHE.get(vocab.digest)
    if checker is None or (checker.vocab is not vocab and checker.vocab != vocab):
        checker = _validator(vocab)
    fast = checker.fast
    if fast is not None:  # the generated check, for a well-formed case (see _FastBuilder)
        try:
            data = fast(case)
        except Exception:  # e.g. a list given for an enum value: the detailed path says
            data = None
        if data is not None:
            return data
    return checker.detailed(case)


# ---- describing values for messages ---------------------------------------------------------


def describe(value: Any) -> str:
    """A value as a lawyer would read it in a message: JSON spelling, no Python types."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        if len(value) > _SHOWN:  # a pasted document is not repeated in full
            return json.dumps(value[:_SHOWN], ensure_ascii=False)[:-1] + '…"'
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "a number that is not finite"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    return "a value that is not JSON"


def _suggest(word: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


# A path is built lazily as nested pairs (parent, key), () at the top: spelling it
# out ("convictions[1].date") costs time that is only worth spending on a problem.
_Path = tuple[Any, ...]


def _child(path: _Path, key: str | int) -> _Path:
    return (path, key)


def _spell(path: _Path) -> str:
    """The path as written in messages: ``convictions[1].date``; ``case`` at the top."""
    keys: list[str | int] = []
    while path:
        path, key = path
        keys.append(key)
    out = ""
    for key in reversed(keys):
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += f".{key}" if out else key
    return out or "case"


# ---- per-type validators ---------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class _Scalar:
    """A validator for one scalar type: `accept` returns the normalised value or _BAD."""

    __slots__ = ("expected", "noun")

    def __init__(self, expected: str, noun: str):
        self.expected = expected  # what the message says was expected
        self.noun = noun  # the thing, for a null inside a list

    def accept(self, value: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def problem(self, path: _Path, value: Any) -> Diagnostic:
        return Diagnostic(
            CODE_VALUE,
            f"{_spell(path)}: expected {self.expected}, got {describe(value)}",
            help=_UNKNOWN_HELP,
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


class _Date(_Scalar):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("an ISO date (YYYY-MM-DD)", "a date")

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
        if type(value) is str and _ISO_DATE.fullmatch(value):
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
        "dates", "enum_keys", "enum_sets", "fields", "keys", "keyset", "names", "nested",
        "noun", "types", "where",
    )

    def __init__(self, noun: str, where: str):
        self.noun = noun  # "person", "conviction"
        self.where = where  # "person", "the case" (for "not a field of …")
        self.fields: dict[str, _Scalar | _Record | _List] = {}
        self.names: tuple[str, ...] = ()

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
                help=f"The fields of {self.where} are {', '.join(self.names)}.",
            )
        hint = _suggest(key, self.names)
        message = f"{_spell((path, key))}: not a field of {self.where}"
        message += hint or f" (its fields are {', '.join(self.names)})"
        return Diagnostic(
            CODE_UNKNOWN_FIELD,
            message,
            help="Check the spelling against the case format (`trustlaw schema` prints it).",
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


class _Constraint:
    __slots__ = ("check", "element_check", "name", "paths", "source", "var")

    def __init__(self, constraint: ir.Constraint):
        body = constraint.body
        self.name = constraint.name
        self.check: Evaluator = evaluator(body)
        # `all c in <list> where p`: a violation is reported per offending element
        self.source: tuple[str, ...] | None = None
        self.var = ""
        self.element_check: Evaluator | None = None
        if (
            isinstance(body, ir.Quantifier)
            and body.kind == "all"
            and isinstance(body.source, ir.Fact)
        ):
            self.source = body.source.path
            self.var = body.var.name
            self.element_check = evaluator(body.body)
        paths = sorted(
            ".".join(p).replace(".*", "[]") for p in referenced_paths(body) if p
        )
        self.paths = ", ".join(paths) or "case"

    def violations(self, data: Mapping[str, Any]) -> list[Diagnostic]:
        if self.check(data, {}) is not False:
            return []
        help_ = (
            f'Every case must satisfy "{self.name}"; correct the facts, or leave out those '
            "that are not known."
        )
        if self.source is None or self.element_check is None:
            return [Diagnostic(CODE_CONSTRAINT, f"{self.paths}: {self.name}", help=help_)]
        items: Any = data
        for key in self.source:
            items = items.get(key) if isinstance(items, Mapping) else None
        where = ".".join(self.source)
        found = []
        for index, item in enumerate(items or ()):
            if self.element_check(data, {self.var: item}) is False:
                found.append(
                    Diagnostic(CODE_CONSTRAINT, f"{where}[{index}]: {self.name}", help=help_)
                )
        return found


class _CaseValidator:
    """Everything needed to validate cases of one vocabulary, built once."""

    def __init__(self, vocab: ir.Vocabulary):
        self.vocab = vocab
        self._records: dict[str, _Record] = {}
        self._scalars: dict[str, _Scalar] = {}
        self.root = _Record("case", "the case")
        self._fill(self.root, vocab.fields)
        self.constraints = tuple(_Constraint(c) for c in vocab.constraints)
        built = _build_fast(vocab)
        self.fast: Fast | None = built[0] if built is not None else None
        self.fast_source = built[1] if built is not None else ""  # for reading and tests

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
            scalar = _Enum(type_, is_tag=_is_tag_enum(type_, self.vocab))
        else:  # pragma: no cover - ir.Type is closed
            raise ValueError(f"no validator for the type {type_}")
        self._scalars[key] = scalar
        return scalar

    def validate(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """The fast path when it takes the case, else the detailed path."""
        fast = self.fast
        if fast is not None:
            try:
                data = fast(case)
            except Exception:  # e.g. a list given for an enum value: the detailed path says
                data = None
            if data is not None:
                return data
        return self.detailed(case)

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
                        help=f"The fields of a case are {', '.join(self.root.names)}.",
                    )
                ]
            )
        data = self.root.convert(case, (), problems)
        for constraint in self.constraints:
            problems.extend(constraint.violations(data))
        if problems:
            raise CaseError(problems)
        return data


def _is_tag_enum(enum: ir.EnumType, vocab: ir.Vocabulary) -> bool:
    """The offense-tag enumeration: named ``tag``, or exactly the vocabulary's tags."""
    if enum.name == "tag":
        return True
    tags = {t.name for t in vocab.tags}
    return bool(tags) and set(enum.values) == tags


_CACHE: dict[str, _CaseValidator] = {}


def _validator(vocab: ir.Vocabulary) -> _CaseValidator:
    """The validator of `vocab`, built once per vocabulary digest."""
    cached = _CACHE.get(vocab.digest)
    if cached is not None and (cached.vocab is vocab or cached.vocab == vocab):
        return cached
    built = _CaseValidator(vocab)
    _CACHE[vocab.digest] = built
    return built


# ---- the fast path: one generated function per vocabulary -------------------------------
#
# Most cases are well formed, and validation runs on every decision. For each vocabulary
# `_FastBuilder` writes one straight-line Python function that checks a case exactly as
# the detailed path above does and returns the normalised case, or None as soon as
# anything is not as expected (an exception raised inside it counts the same); the
# detailed path then runs and names every problem, so what a user sees never depends on
# the fast path. The function copies only what changes: the top-level dict, and the
# records and lists on the way to a date (``convictions`` and each conviction); a record
# or list holding no date (``request``, ``person``, ``warrants``, ``charges``) is checked
# and shared with the input.
#
# The vocabulary is data, never code: the function is built from `ast` nodes, its names
# come from a counter and are checked (`_fast_ident`), field names and enum values only
# ever become `ast.Constant`s of type str, sets, dates and helpers are bound in its
# namespace (not spelled in its source), `_fast_audit` refuses any node, name, attribute
# or constant outside a closed set before compiling, and the namespace has no builtins.
#
# The vocabulary's constraints are compiled into the same function. Only whether one is
# *false* matters there (true or unknown is no violation), so each is compiled to the
# tests that make it false (`_FastBuilder.when`), computing a three-valued value
# (`_FastBuilder.value`, the semantics of `trustlaw.interp`) only where a part must be
# known as a whole. A constraint ``all c in <list> where …`` over a top-level list is
# tested on each element inside the loop that checks the list, reading the element's
# fields from the locals of that check (`_FastBuilder.fuse`); the others run once the
# fields are checked, the ``all`` ones over one list sharing one loop. A constraint of a
# shape the compiler does not know is evaluated with the interpreter instead.

_FAST_NAME = re.compile(r"_[a-z]+[0-9]*", re.ASCII)
_FAST_ATTRIBUTES = frozenset({"append", "copy", "get", "issuperset", "keys"})
_FAST_CONSTANT_TYPES = (bool, int, str, type(None))
_FAST_NODES: tuple[type, ...] = (
    ast.Module, ast.FunctionDef, ast.arguments, ast.arg, ast.Return, ast.If, ast.For,
    ast.Break, ast.Pass, ast.Assign, ast.AugAssign, ast.Expr, ast.Name, ast.Load, ast.Store,
    ast.Constant, ast.Attribute, ast.Call, ast.Subscript, ast.List, ast.IfExp, ast.BoolOp,
    ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.BinOp, ast.Add, ast.Sub, ast.Compare, ast.Eq,
    ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn,
)
_FAST_COMPARE: dict[str, type[ast.cmpop]] = {
    "=": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE,
}
_FAST_ARITH: dict[str, type[ast.operator]] = {"+": ast.Add, "-": ast.Sub}

Fast = Callable[[Any], dict[str, Any] | None]
_Action = Callable[[], None]


class _NoFastPath(Exception):
    """A shape the fast-path generator does not specialise; the detailed path serves it."""


def _fast_ident(name: str) -> str:
    """`name` if the generator may emit it as a Python name, else ValueError."""
    if not _FAST_NAME.fullmatch(name) or keyword.iskeyword(name) or name.startswith("__"):
        raise ValueError(f"refusing to generate the Python name {name!r}")
    return name


def _fast_const(value: Any) -> ast.Constant:
    """An `ast.Constant` of a safe type (bool, int, str, None), else TypeError."""
    if type(value) not in _FAST_CONSTANT_TYPES:
        raise TypeError(f"refusing to generate a constant of type {type(value).__name__}")
    return ast.Constant(value)


def _load(name: str) -> ast.Name:
    return ast.Name(_fast_ident(name), ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(_fast_ident(name), ast.Store())


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([_store(name)], value)


def _call(func: str, *args: ast.expr) -> ast.Call:
    return ast.Call(_load(func), list(args), [])


def _method(obj: str, attr: str, *args: ast.expr) -> ast.Call:
    if attr not in _FAST_ATTRIBUTES:
        raise ValueError(f"refusing to generate the attribute {attr!r}")
    return ast.Call(ast.Attribute(_load(obj), attr, ast.Load()), list(args), [])


def _cmp(left: ast.expr, op: ast.cmpop, right: ast.expr) -> ast.Compare:
    return ast.Compare(left, [op], [right])


def _is(left: ast.expr, right: bool | None) -> ast.Compare:
    return _cmp(left, ast.Is(), _fast_const(right))


def _is_not(left: ast.expr, right: bool | None) -> ast.Compare:
    return _cmp(left, ast.IsNot(), _fast_const(right))


def _not(test: ast.expr) -> ast.UnaryOp:
    return ast.UnaryOp(ast.Not(), test)


def _type_is_not(name: str, type_name: str) -> ast.Compare:
    return _cmp(_call("_type", _load(name)), ast.IsNot(), _load(type_name))


def _all_of(*tests: ast.expr) -> ast.expr:
    return tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), list(tests))


def _any_of(*tests: ast.expr) -> ast.expr:
    return tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), list(tests))


def _if_none(test: ast.expr | None, value: ast.expr) -> ast.expr:
    """``None if test else value`` (just `value` when there is nothing to test)."""
    return value if test is None else ast.IfExp(test, _fast_const(None), value)


def _decline_if(test: ast.expr) -> ast.If:
    """``if test: return None``: the fast path hands the case to the detailed path."""
    return ast.If(test, [ast.Return(_fast_const(None))], [])


class _FastLoop:
    """One loop, after the fields are checked, for the ``all`` constraints over a list."""

    __slots__ = ("body", "item", "reads")

    def __init__(self, item: str):
        self.item = item  # the local bound to each element
        self.reads: dict[str, str] = {}  # element field -> local, read first in each turn
        self.body: list[ast.stmt] = []


class _FastBinding:
    """A quantifier variable while its body is compiled: the local holding the element,
    the element's type, and the locals holding the element's fields. `closed`: the
    fields are the locals of the element's check, and no other field may be read."""

    __slots__ = ("closed", "element", "local", "reads")

    def __init__(self, local: str, element: ir.Type, reads: dict[str, str], closed: bool):
        self.local = local
        self.element = element
        self.reads = reads
        self.closed = closed


class _FastBuilder:
    """Writes the fast validating function of one vocabulary as an `ast.Module`."""

    def __init__(self, vocab: ir.Vocabulary):
        self.vocab = vocab
        self.namespace: dict[str, Any] = {
            "__builtins__": {},  # the function reaches nothing but what is bound here
            "_type": type,
            "_len": len,
            "_dict": dict,
            "_list": list,
            "_str": str,
            "_int": int,
            "_date": _dt.date,
            "_iso": _dt.date.fromisoformat,
            "_dur": _DURATION.accept,
            "_bad": _BAD,
            "_shift": shift_date,
            "_empty": MappingProxyType({}),
        }
        self._shared: dict[Hashable, str] = {}
        self._counter = itertools.count()
        self._block: list[ast.stmt] = []
        self._holds: dict[str, bool] = {}
        # top-level field -> the local holding its normalised value once it is checked
        self._checked: dict[str, str] = {}
        # top-level list field -> the `all` constraints checked on each element as it is
        self._per_element: dict[str, list[ir.Constraint]] = {}
        self._fusing = False  # compiling a constraint into a field check (facts: checked ones)
        self._facts: dict[tuple[str, ...], str] = {}  # a deeper fact -> local, read up front
        self._bound: dict[str, _FastBinding] = {}
        self._known: set[str] = set()  # locals tested not None around the code emitted

    # ---- plumbing -------------------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        return _fast_ident(f"{prefix}{next(self._counter)}")

    def shared(self, key: Hashable, value: Any) -> str:
        """The namespace name bound to `value` (a set, a date, a duration, a helper)."""
        name = self._shared.get(key)
        if name is None:
            name = self.fresh("_k")
            self._shared[key] = name
            self.namespace[name] = value
        return name

    def emit(self, stmt: ast.stmt) -> None:
        self._block.append(stmt)

    @contextlib.contextmanager
    def into(self, block: list[ast.stmt]) -> Iterator[list[ast.stmt]]:
        """Emit into `block` for the duration."""
        outer, self._block = self._block, block
        try:
            yield block
        finally:
            self._block = outer

    def branch(self, test: ast.expr, action: _Action) -> None:
        """``if test: <what action emits>``."""
        body: list[ast.stmt] = []
        with self.into(body):
            action()
        self.emit(ast.If(test, body, []))

    def decline(self) -> None:
        self.emit(ast.Return(_fast_const(None)))

    def bind(self, node: ast.expr) -> ast.Name:
        """`node` computed once into a fresh local."""
        name = self.fresh("_t")
        self.emit(_assign(name, node))
        return _load(name)

    @contextlib.contextmanager
    def binding(self, var: str, bound: _FastBinding) -> Iterator[None]:
        outer = self._bound.get(var)
        self._bound[var] = bound
        try:
            yield
        finally:
            if outer is None:
                del self._bound[var]
            else:
                self._bound[var] = outer

    def record_info(self, name: str) -> ir.RecordInfo:
        info = self.vocab.record(name)
        if info is None:
            raise _NoFastPath(f"the vocabulary has no record `{name}`")
        return info

    def holds_date(self, type_: ir.Type, stack: tuple[str, ...] = ()) -> bool:
        """Whether a value of `type_` can hold a date or duration (it is then copied)."""
        if isinstance(type_, (ir.DateType, ir.DurationType)):
            return True
        if isinstance(type_, ir.ListType):
            return self.holds_date(type_.element, stack)
        if isinstance(type_, ir.RecordType):
            known = self._holds.get(type_.name)
            if known is not None:
                return known
            if type_.name in stack:
                raise _NoFastPath(f"the record `{type_.name}` contains itself")
            info = self.record_info(type_.name)
            found = any(self.holds_date(f.type, (*stack, type_.name)) for f in info.fields)
            self._holds[type_.name] = found
            return found
        return False

    # ---- the function ------------------------------------------------------------------

    def module(self) -> ast.Module:
        """``def _fast(_in)``: the normalised case, or None to use the detailed path."""
        later: list[ir.Constraint] = []
        for constraint in self.vocab.constraints:  # which can be checked element by element
            body = constraint.body
            if (
                isinstance(body, ir.Quantifier)
                and body.kind == "all"
                and isinstance(body.source, ir.Fact)
                and len(body.source.path) == 1
            ):
                self._per_element.setdefault(body.source.path[0], []).append(constraint)
            else:
                later.append(constraint)
        body_: list[ast.stmt] = []
        with self.into(body_):
            keys = self.shared(("keys", None), frozenset(f.name for f in self.vocab.fields))
            self.emit(_decline_if(_any_of(
                _type_is_not("_in", "_dict"),
                _not(_cmp(_method("_in", "keys"), ast.LtE(), _load(keys))),
            )))
            self.emit(_assign("_out", _method("_in", "copy")))
            # lists last, so that the facts an element's constraints read are checked
            fields = self.vocab.fields
            lists = tuple(f for f in fields if isinstance(f.type, ir.ListType))
            ordered = tuple(f for f in fields if f not in lists) + lists
            self.fields("_in", "_out", ordered, (), top=True)
            later.extend(c for pending in self._per_element.values() for c in pending)
            self.constraints(later)
            self.emit(ast.Return(_load("_out")))
        function = ast.FunctionDef(
            name=_fast_ident("_fast"),
            args=ast.arguments(
                posonlyargs=[], args=[ast.arg(_fast_ident("_in"))], vararg=None,
                kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[],
            ),
            body=body_,
            decorator_list=[],
            returns=None,
        )
        module = ast.Module([function], type_ignores=[])
        for node in ast.walk(module):  # an `if` or `for` whose body checks nothing
            if isinstance(node, (ast.If, ast.For)) and not node.body:
                node.body.append(ast.Pass())
        ast.fix_missing_locations(module)
        _fast_audit(module)
        return module

    # ---- checking values ----------------------------------------------------------------

    def fields(
        self,
        src: str,
        out: str | None,
        fields: tuple[ir.FieldInfo, ...],
        stack: tuple[str, ...],
        top: bool = False,
    ) -> dict[str, str]:
        """Check each field of the record in local `src`, storing a normalised value that
        is a new object into the record's copy `out` (None: the record is shared).
        Returns the local of each field, which holds its normalised value afterwards."""
        locals_: dict[str, str] = {}
        for info in fields:
            value = self.fresh("_v")
            locals_[info.name] = value
            self.emit(_assign(value, _method(src, "get", _fast_const(info.name))))
            type_ = info.type
            # a scalar: one test, which lets null (unknown) through; the commonest
            # value of a yes/no (false) is tested first
            if isinstance(type_, ir.BoolType):
                self.emit(_decline_if(_all_of(
                    _is_not(_load(value), False), _is_not(_load(value), None),
                    _is_not(_load(value), True),
                )))
            elif isinstance(type_, ir.IntType):
                self.emit(_decline_if(_all_of(
                    _type_is_not(value, "_int"), _is_not(_load(value), None)
                )))
            elif isinstance(type_, ir.EnumType):
                choices = self.shared(("enum?", type_.values), frozenset((*type_.values, None)))
                self.emit(_decline_if(_any_of(
                    _cmp(_load(value), ast.NotIn(), _load(choices)),
                    _all_of(_type_is_not(value, "_str"), _is_not(_load(value), None)),
                )))
            else:
                pending = self._per_element.pop(info.name, []) if top else []
                body: list[ast.stmt] = []
                with self.into(body):
                    result = self.check(type_, value, stack, pending)
                    if result is not None and out is not None:
                        if result != value:
                            self.emit(_assign(value, _load(result)))
                        target = ast.Subscript(_load(out), _fast_const(info.name), ast.Store())
                        self.emit(ast.Assign([target], _load(value)))
                if pending:  # not checked element by element after all
                    self._per_element[info.name] = pending
                self.emit(ast.If(_is_not(_load(value), None), body, []))
            if top:
                self._checked[info.name] = value
        return locals_

    def check(
        self,
        type_: ir.Type,
        src: str,
        stack: tuple[str, ...],
        per_element: list[ir.Constraint] | None = None,
    ) -> str | None:
        """Statements declining unless the known (non-null) value in local `src` is well
        formed, as the detailed path judges it. Returns the local holding the normalised
        value when that is a new object (a parsed date, a copied record or list), None
        when the value is kept as it is. `per_element`: constraints ``all c in <this
        list> where …`` to check on each element; those checked are removed from it."""
        if isinstance(type_, ir.BoolType):
            self.emit(_decline_if(_all_of(_is_not(_load(src), False), _is_not(_load(src), True))))
            return None
        if isinstance(type_, ir.IntType):
            self.emit(_decline_if(_type_is_not(src, "_int")))
            return None
        if isinstance(type_, ir.EnumType):
            choices = self.shared(("enum", type_.values), frozenset(type_.values))
            self.emit(_decline_if(_any_of(
                _type_is_not(src, "_str"), _cmp(_load(src), ast.NotIn(), _load(choices))
            )))
            return None
        if isinstance(type_, ir.DateType):
            # as _Date.accept: exactly YYYY-MM-DD (fromisoformat reads more forms), parsed
            # (a ValueError declines), or a date as it is
            def char(index: int) -> ast.Compare:
                return _cmp(
                    ast.Subscript(_load(src), _fast_const(index), ast.Load()),
                    ast.NotEq(),
                    _fast_const("-"),
                )

            shape = _any_of(
                _cmp(_call("_len", _load(src)), ast.NotEq(), _fast_const(10)), char(4), char(7)
            )
            self.emit(ast.If(
                _cmp(_call("_type", _load(src)), ast.Is(), _load("_str")),
                [_decline_if(shape), _assign(src, _call("_iso", _load(src)))],
                [_decline_if(_type_is_not(src, "_date"))],
            ))
            return src
        if isinstance(type_, ir.DurationType):
            result = self.fresh("_d")
            self.emit(_assign(result, _call("_dur", _load(src))))
            self.emit(_decline_if(_cmp(_load(result), ast.Is(), _load("_bad"))))
            return result
        if isinstance(type_, ir.RecordType):
            return self.record(type_, src, stack)[0]
        if isinstance(type_, ir.ListType):
            return self.list_(type_, src, stack, per_element or [])
        raise _NoFastPath(f"no fast check for the type {type_}")  # pragma: no cover

    def record(
        self, type_: ir.RecordType, src: str, stack: tuple[str, ...]
    ) -> tuple[str | None, dict[str, str]]:
        """Check a record: the local of its copy (None: shared) and of each field."""
        if type_.name in stack:
            raise _NoFastPath(f"the record `{type_.name}` contains itself")
        info = self.record_info(type_.name)
        keys = self.shared(("keys", type_.name), frozenset(f.name for f in info.fields))
        self.emit(_decline_if(_any_of(
            _type_is_not(src, "_dict"),
            _not(_cmp(_method(src, "keys"), ast.LtE(), _load(keys))),
        )))
        out = None
        if self.holds_date(type_):
            out = self.fresh("_o")
            self.emit(_assign(out, _method(src, "copy")))
        return out, self.fields(src, out, info.fields, (*stack, type_.name))

    def list_(
        self,
        type_: ir.ListType,
        src: str,
        stack: tuple[str, ...],
        per_element: list[ir.Constraint],
    ) -> str | None:
        element = type_.element
        self.emit(_decline_if(_type_is_not(src, "_list")))
        if isinstance(element, ir.EnumType):  # as _List.convert: one set test
            choices = self.shared(("enum", element.values), frozenset(element.values))
            self.emit(_decline_if(_not(_method(choices, "issuperset", _load(src)))))
            return None
        out = None
        if self.holds_date(element, stack):
            out = self.fresh("_l")
            self.emit(_assign(out, ast.List([], ast.Load())))
        item = self.fresh("_x")
        body: list[ast.stmt] = []
        with self.into(body):
            if isinstance(element, ir.RecordType):
                normalised, fields = self.record(element, item, stack)
                for constraint in list(per_element):
                    if self.fuse(constraint, element, normalised or item, fields):
                        per_element.remove(constraint)
            else:
                normalised = self.check(element, item, stack)
            if out is not None:
                self.emit(ast.Expr(_method(out, "append", _load(normalised or item))))
        self.emit(ast.For(_store(item), _load(src), body, []))
        return out

    # ---- constraints ----------------------------------------------------------------------

    def fuse(
        self,
        constraint: ir.Constraint,
        element: ir.RecordType,
        item: str,
        fields: dict[str, str],
    ) -> bool:
        """Check ``all c in <list> where body`` on one element, just checked, reading its
        fields from the locals of that check; False when the body reads something not
        at hand there (then it is checked after the fields, in `constraints`)."""
        body = constraint.body
        assert isinstance(body, ir.Quantifier)
        # each field's local holds its normalised value (`fields`), so no field is read again
        usable = dict(fields)
        block: list[ast.stmt] = []
        self._fusing = True
        try:
            with self.into(block), self.binding(
                body.var.name, _FastBinding(item, element, usable, closed=True)
            ):
                self.when(body.body, False, self.decline, repeat=True)
        except _NoFastPath:
            return False
        finally:
            self._fusing = False
        self._block.extend(block)
        return True

    def constraints(self, constraints: list[ir.Constraint]) -> None:
        """Decline when a constraint is false: read every deeper fact they need once,
        then test each, the ``all`` constraints over one list in one loop."""
        sections: list[list[ast.stmt] | tuple[str, ...]] = []
        loops: dict[tuple[str, ...], _FastLoop] = {}
        for constraint in constraints:
            body = constraint.body
            block: list[ast.stmt] = []
            try:
                if (
                    isinstance(body, ir.Quantifier)
                    and body.kind == "all"
                    and isinstance(body.source, ir.Fact)
                ):
                    # false exactly when the body is false for some element
                    path = body.source.path
                    element = self.element_type(body.source)
                    self.fact(path)
                    loop = loops.get(path) or _FastLoop(self.fresh("_c"))
                    bound = _FastBinding(loop.item, element, loop.reads, closed=False)
                    with self.into(block), self.binding(body.var.name, bound):
                        self.when(body.body, False, self.decline, repeat=True)
                    if path not in loops:
                        loops[path] = loop
                        sections.append(path)
                    loop.body.extend(block)
                    continue
                with self.into(block):
                    self.when(body, False, self.decline, repeat=True)
            except _NoFastPath:
                check = self.shared(("interpreted", constraint.name, body), evaluator(body))
                call = ast.Call(_load(check), [_load("_out"), _load("_empty")], [])
                block = [_decline_if(_is(call, False))]
            sections.append(block)

        for path, local in self._facts.items():
            self.emit(_assign(local, _load(self._checked[path[0]])))
            for key in path[1:]:
                step = _assign(local, _method(local, "get", _fast_const(key)))
                self.emit(ast.If(_is_not(_load(local), None), [step], []))
        for section in sections:
            if isinstance(section, list):
                self._block.extend(section)
                continue
            loop = loops[section]
            reads: list[ast.stmt] = [
                _assign(local, _method(loop.item, "get", _fast_const(name)))
                for name, local in loop.reads.items()
            ]
            source = self.fact(section)
            each = ast.For(_store(loop.item), _load(source), reads + loop.body, [])
            self.emit(ast.If(_is_not(_load(source), None), [each], []))

    def fact(self, path: tuple[str, ...]) -> str:
        """The local holding the fact at `path`: a top-level field's own local once it is
        checked, a deeper fact read from it before the constraints."""
        if self._fusing:  # inside a field check: only fields already checked
            if len(path) != 1 or path[0] not in self._checked:
                raise _NoFastPath(f"the fact {'.'.join(path)} is not checked yet")
            return self._checked[path[0]]
        info = self.vocab.field(path[0]) if path else None
        for key in path[1:]:  # every step but the last is a record of the vocabulary
            if info is None or not isinstance(info.type, ir.RecordType):
                raise _NoFastPath(f"no fact {'.'.join(path)}")
            info = self.record_info(info.type.name).field(key)
        if info is None:
            raise _NoFastPath(f"no fact {'.'.join(path)}")
        if len(path) == 1:
            return self._checked[path[0]]
        local = self._facts.get(path)
        if local is None:
            local = self._facts[path] = self.fresh("_f")
        return local

    def element_type(self, source: ir.Fact | ir.Field) -> ir.Type:
        if not isinstance(source.type, ir.ListType):
            raise _NoFastPath("a quantifier over something that is not a list")
        return source.type.element

    def when(self, expr: ir.Expr, target: bool, action: _Action, repeat: bool) -> None:
        """Run `action` where `expr` is exactly `target` (True or False; unknown is
        neither). `repeat`: the action may be emitted more than once (it returns)."""
        if isinstance(expr, ir.Not):
            self.when(expr.operand, not target, action, repeat)
            return
        if isinstance(expr, ir.IsKnown):  # never itself unknown
            value = self.value(expr.operand)
            if not target:
                self.branch(_is(value, None), action)
            elif isinstance(value, ast.Name):
                name = value.id
                self.branch(_is_not(value, None), lambda: self.knowing(name, action))
            else:
                action()  # a constant is known
            return
        if isinstance(expr, (ir.And, ir.Or)) and expr.operands:
            if (target is True) is isinstance(expr, ir.Or):  # any one operand settles it
                if repeat:
                    for operand in expr.operands:
                        self.when(operand, target, action, repeat)
                    return
            else:  # every operand must be `target`
                self.every(expr.operands, target, action, repeat)
                return
        elif isinstance(expr, ir.Compare) and expr.op in _FAST_COMPARE:
            left, right = self.value(expr.left), self.value(expr.right)
            tests = [_is_not(v, None) for v in (left, right) if self.nullable(v)]
            compared = _cmp(left, _FAST_COMPARE[expr.op](), right)
            self.branch(_all_of(*tests, compared if target else _not(compared)), action)
            return
        elif isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst):
            element, values = self.value(expr.element), self.value(expr.collection)
            tests = [_is_not(element, None)] if self.nullable(element) else []
            member = _cmp(element, ast.In() if target else ast.NotIn(), values)
            self.branch(_all_of(*tests, member), action)
            return
        value = self.value(expr)
        self.branch(_is(value, target), action)

    def every(
        self, operands: tuple[ir.Expr, ...], target: bool, action: _Action, repeat: bool
    ) -> None:
        """Run `action` where every operand is exactly `target` (nested tests)."""
        first, rest = operands[0], operands[1:]
        if not rest:
            self.when(first, target, action, repeat)
            return
        self.when(first, target, lambda: self.every(rest, target, action, repeat), False)

    def value(self, expr: ir.Expr) -> ast.Name | ast.Constant:
        """A local (or constant) holding the three-valued value of `expr` (None:
        unknown), computed by the statements emitted, as `trustlaw.interp` computes it."""
        if isinstance(expr, ir.Const):
            return self.constant(expr.value)
        if isinstance(expr, ir.SetConst):
            if not all(type(v) in (str, int) for v in expr.values):
                raise _NoFastPath("a set of values other than names and numbers")
            return _load(self.shared(("set", expr.values), frozenset(expr.values)))
        if isinstance(expr, ir.Fact):
            return _load(self.fact(expr.path))
        if isinstance(expr, ir.Var):
            bound = self._bound.get(expr.name)
            if bound is None:
                raise _NoFastPath(f"the variable `{expr.name}` is not bound")
            return _load(bound.local)
        if isinstance(expr, ir.Field):
            bound = self._bound.get(expr.record.name)
            if bound is None or not isinstance(bound.element, ir.RecordType):
                raise _NoFastPath(f"no record bound to `{expr.record.name}`")
            if self.record_info(bound.element.name).field(expr.name) is None:
                raise _NoFastPath(f"no field `{expr.name}`")
            local = bound.reads.get(expr.name)
            if local is None:
                if bound.closed:
                    raise _NoFastPath(f"the field `{expr.name}` is not at hand")
                local = bound.reads[expr.name] = self.fresh("_f")
            return _load(local)
        if isinstance(expr, ir.Not):
            if isinstance(expr.operand, ir.IsKnown):
                return self.bind(_is(self.value(expr.operand.operand), None))
            operand = self.value(expr.operand)
            return self.bind(_if_none(_is(operand, None), _not(operand)))
        if isinstance(expr, ir.IsKnown):
            return self.bind(_is_not(self.value(expr.operand), None))
        if isinstance(expr, (ir.And, ir.Or)):
            return self.junction(expr.operands, stop=isinstance(expr, ir.Or))
        if isinstance(expr, ir.Compare):
            compare = _FAST_COMPARE.get(expr.op)
            if compare is None:
                raise _NoFastPath(f"the comparison {expr.op!r}")
            left, right = self.value(expr.left), self.value(expr.right)
            return self.bind(_if_none(self.unknown(left, right), _cmp(left, compare(), right)))
        if isinstance(expr, ir.IntArith):
            arith = _FAST_ARITH.get(expr.op)
            if arith is None:
                raise _NoFastPath(f"the operator {expr.op!r}")
            left, right = self.value(expr.left), self.value(expr.right)
            return self.bind(_if_none(self.unknown(left, right), ast.BinOp(left, arith(), right)))
        if isinstance(expr, ir.Member):
            element = self.value(expr.element)
            if isinstance(expr.collection, ir.SetConst):
                found = _cmp(element, ast.In(), self.value(expr.collection))
                return self.bind(_if_none(self.unknown(element), found))
            items = self.value(expr.collection)
            # an unknown element is in a known empty list: false; else unknown
            in_empty = ast.IfExp(
                _cmp(_call("_len", items), ast.Eq(), _fast_const(0)),
                _fast_const(False),
                _fast_const(None),
            )
            in_list = ast.IfExp(_is(element, None), in_empty, _cmp(element, ast.In(), items))
            return self.bind(_if_none(_is(items, None), in_list))
        if isinstance(expr, ir.ShiftDate):
            if type(expr.sign) is not int:
                raise _NoFastPath("a date shift without a sign")
            date = self.value(expr.date)
            duration = self.constant(expr.duration)
            shifted = _call("_shift", date, duration, _fast_const(expr.sign))
            return self.bind(_if_none(self.unknown(date), shifted))
        if isinstance(expr, ir.Quantifier):
            return self.quantifier(expr)
        raise _NoFastPath(f"the node {type(expr).__name__}")

    def constant(self, value: object) -> ast.Name | ast.Constant:
        if type(value) in (bool, int, str):
            return _fast_const(value)
        if type(value) in (_dt.date, ir.Duration):
            return _load(self.shared((type(value), value), value))
        raise _NoFastPath(f"a constant of type {type(value).__name__}")

    def nullable(self, value: ast.Name | ast.Constant) -> bool:
        """Whether `value` may be None here (not a constant, not tested known)."""
        return isinstance(value, ast.Name) and value.id not in self._known

    def knowing(self, name: str, action: _Action) -> None:
        """Run `action` knowing that the local `name` is not None."""
        if name in self._known:
            action()
            return
        self._known.add(name)
        try:
            action()
        finally:
            self._known.discard(name)

    def unknown(self, *values: ast.Name | ast.Constant) -> ast.expr | None:
        """The test that one of `values` is unknown (None: none of them can be)."""
        tests = [_is(v, None) for v in values if self.nullable(v)]
        return _any_of(*tests) if tests else None

    def junction(self, operands: tuple[ir.Expr, ...], stop: bool) -> ast.Name | ast.Constant:
        """``and`` (stop=False) or ``or`` (stop=True): `stop` as soon as an operand is
        `stop`, else unknown if an operand is, else ``not stop``."""
        if not operands:
            return _fast_const(not stop)
        result = self.fresh("_t")
        self.emit(_assign(result, self.value(operands[0])))
        for operand in operands[1:]:
            body: list[ast.stmt] = []
            with self.into(body):
                value = self.value(operand)
                self.emit(ast.If(
                    _is(value, stop),
                    [_assign(result, _fast_const(stop))],
                    [ast.If(_is(value, None), [_assign(result, _fast_const(None))], [])],
                ))
            self.emit(ast.If(_is_not(_load(result), stop), body, []))
        return _load(result)

    def quantifier(self, expr: ir.Quantifier) -> ast.Name:
        """``all``/``any``/``no``/``count`` as a loop; unknown when the list is."""
        if expr.kind not in ("all", "any", "no", "count"):
            raise _NoFastPath(f"the quantifier {expr.kind!r}")
        element = self.element_type(expr.source)
        items = self.value(expr.source)
        result = self.fresh("_t")
        item = self.fresh("_x")
        reads: dict[str, str] = {}
        body: list[ast.stmt] = []
        bound = _FastBinding(item, element, reads, closed=False)
        with self.into(body), self.binding(expr.var.name, bound):
            value = self.value(expr.body)
            unknown: list[ast.stmt] = [_assign(result, _fast_const(None))]
            settled: list[ast.stmt]
            if expr.kind == "count":  # unknown as soon as one element is
                stop = True
                settled = [ast.AugAssign(_store(result), ast.Add(), _fast_const(1))]
                unknown.append(ast.Break())
            else:  # all: a false element settles it; any (and no): a true one
                stop = expr.kind != "all"
                settled = [_assign(result, _fast_const(stop)), ast.Break()]
            found = ast.If(_is(value, stop), settled, [])
            self.emit(ast.If(_is(value, None), unknown, [found]))
        first: list[ast.stmt] = [
            _assign(local, _method(item, "get", _fast_const(name))) for name, local in reads.items()
        ]
        start = {"all": True, "count": 0}.get(expr.kind, False)
        self.emit(_assign(result, _fast_const(None)))
        self.emit(ast.If(
            _is_not(items, None),
            [_assign(result, _fast_const(start)), ast.For(_store(item), items, first + body, [])],
            [],
        ))
        if expr.kind == "no":
            return self.bind(_if_none(_is(_load(result), None), _not(_load(result))))
        return _load(result)


def _fast_audit(module: ast.Module) -> None:
    """Refuse a generated module holding any node, name, attribute or constant outside
    the closed set the fast path needs (ValueError)."""
    for node in ast.walk(module):
        if not isinstance(node, _FAST_NODES):
            raise ValueError(f"refusing to compile a {type(node).__name__} node")
        if isinstance(node, ast.Name):
            _fast_ident(node.id)
        elif isinstance(node, ast.arg):
            _fast_ident(node.arg)
        elif isinstance(node, ast.FunctionDef):
            _fast_ident(node.name)
        elif isinstance(node, ast.Attribute) and node.attr not in _FAST_ATTRIBUTES:
            raise ValueError(f"refusing to compile the attribute {node.attr!r}")
        elif isinstance(node, ast.Constant) and type(node.value) not in _FAST_CONSTANT_TYPES:
            raise ValueError(f"refusing to compile a constant of type {type(node.value).__name__}")


_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


def _build_fast(vocab: ir.Vocabulary) -> tuple[Fast, str] | None:
    """The fast validating function of `vocab` and its source, or None when the
    vocabulary has a shape the generator does not specialise (a record in itself)."""
    builder = _FastBuilder(vocab)
    filename = "<trustlaw-cases:" + _SAFE_FILENAME.sub("_", str(vocab.name))[:60] + ">"
    try:
        module = builder.module()
        code = compile(module, filename, "exec")
    except (_NoFastPath, RecursionError, SyntaxError, TypeError, ValueError):
        # a record in itself, records nested past Python's limits, a hand-built vocabulary
        # with names that are not text: the detailed path serves every case
        return None
    namespace = builder.namespace
    exec(code, namespace)  # the audited module: one function over the bound names
    fast: Fast = namespace["_fast"]
    return fast, ast.unparse(module)


# ---- JSON Schema ---------------------------------------------------------------------------

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(vocab: ir.Vocabulary) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the case format, for integrators: every field
    with its type, enum values, ``format: date``, null allowed (unknown), no other fields."""
    defs: dict[str, Any] = {}
    meanings: dict[tuple[str, str], str] = {(e, v): m for e, v, m in vocab.enum_texts}
    tags = {t.name: t for t in vocab.tags}

    def enum_def(enum: ir.EnumType) -> dict[str, Any]:
        if enum.name not in defs:
            options = []
            for value in enum.values:
                option: dict[str, Any] = {"const": value}
                meaning = meanings.get((enum.name, value), "")
                tag = tags.get(value) if _is_tag_enum(enum, vocab) else None
                if tag is not None:
                    meaning = f"{meaning} ({tag.citation}): {tag.text}" if meaning else (
                        f"{tag.citation}: {tag.text}"
                    )
                if meaning:
                    option["description"] = meaning
                options.append(option)
            defs[enum.name] = {
                "type": "string",
                "enum": list(enum.values),
                "oneOf": options,
            }
        return {"$ref": f"#/$defs/{enum.name}"}

    def record_def(name: str) -> dict[str, Any]:
        if name not in defs:
            info = vocab.record(name)
            if info is None:
                raise ValueError(f"the vocabulary has no record `{name}`")
            defs[name] = {}  # reserve: records may refer to themselves
            defs[name] = {
                "title": name,
                "type": "object",
                "properties": {f.name: field_schema(f) for f in info.fields},
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}

    def value_schema(type_: ir.Type) -> dict[str, Any]:
        """The schema of a known value (no null)."""
        if isinstance(type_, ir.BoolType):
            return {"type": "boolean"}
        if isinstance(type_, ir.IntType):
            return {"type": "integer"}
        if isinstance(type_, ir.DateType):
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if isinstance(type_, ir.DurationType):
            return {
                "type": "object",
                "properties": {
                    unit: {"type": "integer", "minimum": 0} for unit in ("years", "months", "days")
                },
                "additionalProperties": False,
                "minProperties": 1,
            }
        if isinstance(type_, ir.EnumType):
            return enum_def(type_)
        if isinstance(type_, ir.RecordType):
            return record_def(type_.name)
        return {"type": "array", "items": value_schema(type_.element)}

    def field_schema(info: ir.FieldInfo) -> dict[str, Any]:
        known = value_schema(info.type)
        schema: dict[str, Any]
        if "$ref" in known:
            schema = {"anyOf": [known, {"type": "null"}]}
        else:
            schema = dict(known)
            schema["type"] = [known["type"], "null"]
        if info.text:
            schema["description"] = info.text
        return schema

    properties = {f.name: field_schema(f) for f in vocab.fields}
    out: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:trustlaw:case:{vocab.name}",
        "title": f"trustlaw case ({vocab.name} vocabulary)",
        "description": (
            "The facts of one case. A field that is absent or null is unknown, never a "
            "default; an empty list means none. Dates are ISO 8601 (YYYY-MM-DD)."
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if _example_fits(vocab):
        out["examples"] = [example_case()]
    if vocab.constraints:
        out["$comment"] = "Every case also satisfies: " + "; ".join(
            c.name for c in vocab.constraints
        ) + "."
    out["$defs"] = dict(sorted(defs.items()))
    return out


def _example_fits(vocab: ir.Vocabulary) -> bool:
    """Whether the example case is a valid case of `vocab` (true of the bundled one)."""
    try:
        validate(_EXAMPLE, vocab)
    except CaseError:
        return False
    return True
