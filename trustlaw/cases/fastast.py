"""The fast validator's building blocks: the closed set of nodes, names, attributes and
constants its generated code may hold, the `ast` helpers that build only those, and
`_fast_audit`, which proves a whole module keeps to them before it is compiled
(`cases.fastpath` and `cases.fused` generate with them)."""

from __future__ import annotations

import ast
import keyword
import re
import sys
from typing import Any

from ..backends.python.astkit import nodes

_FAST_NAME = re.compile(r"_[a-z]+[0-9]*", re.ASCII)
_FAST_ATTRIBUTES = frozenset({"append", "copy", "get", "issuperset", "keys"})
_FAST_CONSTANT_TYPES = (bool, int, str, type(None))
# the nodes the function may hold: the checks', and the backend's expression code's
_FAST_NODES: tuple[type, ...] = (
    ast.Module, ast.FunctionDef, ast.arguments, ast.arg, ast.Return, ast.If, ast.For,
    ast.Break, ast.Pass, ast.Assign, ast.AugAssign, ast.Expr, ast.Name, ast.Load, ast.Store,
    ast.Constant, ast.Attribute, ast.Call, ast.Subscript, ast.List, ast.IfExp, ast.BoolOp,
    ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.BinOp, ast.Add, ast.Sub, ast.Compare, ast.Eq,
    ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn,
)


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


def _decline_if(test: ast.expr) -> ast.If:
    """``if test: return None``: the fast path hands the case to the detailed path."""
    return ast.If(test, [ast.Return(_fast_const(None))], [])


def _interned(value: Any) -> Any:
    """A set of strings with each string interned, as Python interns the names in code:
    a case's key or value that is interned too (a literal) is then found by identity."""
    if isinstance(value, frozenset) and all(type(v) is str for v in value):
        return frozenset(sys.intern(v) for v in value)
    return value


def _fast_audit(module: ast.Module) -> None:
    """Refuse a generated module holding any node, name, attribute or constant outside
    the closed set the fast path needs (ValueError)."""
    for node in nodes(module):
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
