"""A vocabulary → a symbolic case: each fact a (value, known) pair of z3 variables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import z3

from ... import ir
from .dates import DATE_MAX, DATE_MIN, Civil, real_day

BACKEND = "SMT"
DEFAULT_BOUND = 3


@attrs.frozen
class Scalar:
    """A value and whether it is known (bools, ints, dates, enums)."""

    value: Any  # a z3 term; for a date, a `Civil` or `DayCount`
    known: Any  # z3 BoolRef
    type: ir.Type


@attrs.frozen
class RecordNode:
    """A record: its known flag and its fields."""

    type: ir.RecordType
    known: Any
    fields: Mapping[str, Node]


@attrs.frozen
class ListNode:
    """A bounded list: known flag, length, and element slots (first `length` count)."""

    type: ir.ListType
    known: Any
    length: Any
    elements: tuple[Node, ...]

    def active(self, index: int) -> Any:
        return z3.IntVal(index) < self.length


Node = Scalar | RecordNode | ListNode


@attrs.frozen
class Truth:
    """A three-valued yes/no: `true` and `false` are never both satisfied."""

    true: Any
    false: Any

    @property
    def unknown(self) -> Any:
        return z3.And(z3.Not(self.true), z3.Not(self.false))


@attrs.frozen
class SymbolicCase:
    """A case as z3 variables: top-level fields and the range constraints on them."""

    vocab: ir.Vocabulary
    fields: Mapping[str, Node]
    domain: tuple[Any, ...]
    bound: int
    prefix: str

    def node(self, path: Sequence[str]) -> Node:
        """The node at a vocabulary path (``("person", "age")``)."""
        node: Node = self.fields[path[0]]
        for step in path[1:]:
            if not isinstance(node, RecordNode):
                raise KeyError(".".join(path))
            node = node.fields[step]
        return node

    def replace(self, path: Sequence[str], new: Node) -> SymbolicCase:
        """This case with the node at `path` replaced (record known flags kept true)."""
        fields = dict(self.fields)
        fields[path[0]] = _replace(fields[path[0]], tuple(path[1:]), new)
        return attrs.evolve(self, fields=fields)


def _replace(node: Node, path: tuple[str, ...], new: Node) -> Node:
    if not path:
        return new
    if not isinstance(node, RecordNode):
        raise KeyError(path[0])
    fields = dict(node.fields)
    fields[path[0]] = _replace(fields[path[0]], path[1:], new)
    return attrs.evolve(node, fields=fields, known=z3.BoolVal(True))


def declare_case(
    vocab: ir.Vocabulary, bound: int = DEFAULT_BOUND, prefix: str = ""
) -> SymbolicCase:
    """Fresh z3 variables for every fact of the vocabulary (lists up to `bound`)."""
    if bound < 0:
        raise ValueError(f"the list bound must not be negative, got {bound}")
    domain: list[Any] = []
    fields = {
        info.name: _declare(vocab, info.type, f"{prefix}{info.name}", bound, domain)
        for info in vocab.fields
    }
    return SymbolicCase(vocab, fields, tuple(domain), bound, prefix)


def declare_element(
    vocab: ir.Vocabulary, list_type: ir.ListType, name: str, bound: int, domain: list[Any]
) -> Node:
    """Fresh variables for one list element, its facts known or not (used to extend a
    list by one)."""
    return _declare(vocab, list_type.element, name, bound, domain, element=True)


def _declare(
    vocab: ir.Vocabulary,
    typ: ir.Type,
    name: str,
    bound: int,
    domain: list[Any],
    *,
    element: bool = False,
) -> Node:
    known = z3.BoolVal(True) if element else z3.Bool(f"{name}?")
    if isinstance(typ, ir.BoolType):
        return Scalar(z3.Bool(name), known, typ)
    if isinstance(typ, ir.IntType):
        return Scalar(z3.Int(name), known, typ)
    if isinstance(typ, ir.DateType):
        value = Civil(z3.Int(f"{name}.y"), z3.Int(f"{name}.m"), z3.Int(f"{name}.d"))
        domain.extend(
            [
                value.year >= DATE_MIN.year,
                value.year <= DATE_MAX.year,
                value.month >= 1,
                value.month <= 12,
                value.day >= 1,
                # the value of an unknown date is never read, so only a known one
                # must be a real day (cheaper for the solver: most dates are unknown)
                z3.Implies(known, real_day(value, z3.Int(f"{name}.q"))),
            ]
        )
        return Scalar(value, known, typ)
    if isinstance(typ, ir.EnumType):
        value = z3.Int(name)
        domain.append(value >= 0)
        domain.append(value < len(typ.values))
        return Scalar(value, known, typ)
    if isinstance(typ, ir.RecordType):
        info = vocab.record(typ.name)
        if info is None:
            raise ValueError(f"the vocabulary has no record `{typ.name}`")
        fields = {
            f.name: _declare(vocab, f.type, f"{name}.{f.name}", bound, domain) for f in info.fields
        }
        for child in fields.values():
            domain.append(z3.Implies(child.known, known))
        return RecordNode(typ, known, fields)
    if isinstance(typ, ir.ListType):
        length = z3.Int(f"{name}#")
        domain.append(length >= 0)
        domain.append(length <= bound)
        domain.append(z3.Implies(z3.Not(known), length == 0))
        elements = tuple(
            _declare(vocab, typ.element, f"{name}[{i}]", bound, domain, element=True)
            for i in range(bound)
        )
        return ListNode(typ, known, length, elements)
    raise ir.UnsupportedNode(typ, BACKEND)


def prepend_element(node: ListNode, extra: Node) -> ListNode:
    """The list `node` with `extra` put first (one slot more than its bound). Every
    list reading (any, all, count, in) ignores order, so this is "one more element"."""
    return ListNode(node.type, node.known, node.length + 1, (extra, *node.elements))
