"""The closed set the generated module may contain, and the ast builders that keep to it."""

from __future__ import annotations

import ast
import keyword
import operator
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import attrs

from ... import ir
from ...ir import children
from .. import _runtime
from ..evaluation import Evaluation

BACKEND = "python"

# ---- the closed set of things the generated module may contain -----------------------------

_IDENT = re.compile(r"_[a-z]+[0-9]*")
_RUNTIME_ALIAS = "_rt"
_DATA = "_in"  # the case parameter of the generated functions
# `and`/`or` operands nest one `if` deeper each; past this depth a new chain starts at
# the outer level, so that a long junction cannot exhaust the compiler's recursion limit
_MAX_NESTING = 32
# module-level aliases of runtime values used in hot paths: alias -> runtime attribute
_ALIASES: dict[str, str] = {
    "_empty": "EMPTY",
    "_res": "RESULT",
    "_unset": "UNSET",
    "_shift": "shift_date",
    "_mk": "make_evaluation",
}
_OPEN = "_open"  # the open rules of the undetermined outcomes (`Evaluation.open_rules`)
_MAKE_EVALUATION = "_mk"
# a path of an outcome's walk may copy the rest of the walk this many times to keep
# what it remembered a constant (each copy doubles that code)
_MAX_SPLITS = 4
# duties and limits decided by at most this many distinct values get constant tuples
# chosen by testing them (3 ** n branches), more are built item by item
_MAX_TABLE_VALUES = 3
# the rest of a walk whose conditions have at most this many nodes (and no quantifier)
# is computed before a split rather than after it
_CHEAP_NODES = 16
_ATTRIBUTES = (frozenset(_runtime.__all__) - {"guarded_import"}) | {"get"}
_EVALUATION_FIELDS = frozenset(Evaluation._fields)
_SAFE_CONSTANTS = (bool, int, str, type(None))
_ALLOWED_NODES: tuple[type, ...] = (
    ast.Module, ast.ImportFrom, ast.alias, ast.FunctionDef, ast.arguments, ast.arg,
    ast.Assign, ast.AugAssign, ast.Return, ast.If, ast.For, ast.Break, ast.Pass,
    ast.Name, ast.Load, ast.Store, ast.Constant, ast.Attribute, ast.Call,
    ast.Subscript, ast.Tuple, ast.Dict, ast.IfExp, ast.BoolOp, ast.Or, ast.UnaryOp, ast.Not,
    ast.BinOp, ast.Add, ast.Sub, ast.BitOr, ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE,
    ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn,
)

_COMPARE_OPS: dict[str, type[ast.cmpop]] = {
    "=": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE,
}
_FOLD_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_NEGATED: dict[str, str] = {"=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_ARITH_OPS: dict[str, type[ast.operator]] = {"+": ast.Add, "-": ast.Sub}
_BITS: Mapping[str, int] = _runtime.BITS


def _ident(name: str) -> str:
    """`name` if it is an identifier this generator may emit, else ValueError."""
    if (
        not _IDENT.fullmatch(name)
        or not name.isidentifier()
        or keyword.iskeyword(name)
        or name.startswith("__")
    ):
        raise ValueError(f"refusing to generate the Python identifier {name!r}")
    return name


def _constant(value: Any) -> ast.Constant:
    """An ``ast.Constant`` of a safe type (bool, int, str, None), else TypeError."""
    if type(value) not in _SAFE_CONSTANTS:
        raise TypeError(f"refusing to generate a Python constant of type {type(value).__name__}")
    return ast.Constant(value)


# ---- small AST builders ---------------------------------------------------------------------


def _load(name: str) -> ast.Name:
    return ast.Name(_ident(name), ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(_ident(name), ast.Store())


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([_store(name)], value)


def _attr(value: ast.expr, attr: str) -> ast.Attribute:
    if attr not in _ATTRIBUTES:
        raise ValueError(f"refusing to generate the attribute {attr!r}")
    return ast.Attribute(value, attr, ast.Load())


def _runtime_attr(attr: str) -> ast.Attribute:
    return _attr(_load(_RUNTIME_ALIAS), attr)


def _call(func: ast.expr, *args: ast.expr) -> ast.Call:
    return ast.Call(func, list(args), [])


def _get(mapping: ast.expr, key: str) -> ast.Call:
    """``mapping.get("key")``: the key (a vocabulary name) is a string constant."""
    return _call(_attr(mapping, "get"), _constant(key))


def _is(left: ast.expr, right: ast.expr) -> ast.Compare:
    return ast.Compare(left, [ast.Is()], [right])


def _is_not(left: ast.expr, right: ast.expr) -> ast.Compare:
    return ast.Compare(left, [ast.IsNot()], [right])


def _if(test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt] | None = None) -> ast.If:
    """An ``if``; `body` is kept by identity, so it may still be filled after this call
    (`fill_empty` puts a ``pass`` in any body left empty)."""
    return ast.If(test, body, orelse if orelse is not None else [])


def nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` (`ast.walk`'s nodes, in another order), gathered without a
    generator per node: the audits and `locate` walk every generated tree, thousands
    of nodes for a statute, and `ast.walk` cost more than building the tree."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)
    return found


def locate(module: ast.Module) -> ast.Module:
    """`ast.fix_missing_locations` for a generated tree, whose nodes have no locations:
    every node at line 1, column 0 (the standard function's recursive walk cost a
    third of generating a statute's fused function)."""
    for node in nodes(module):
        if node._attributes:  # statements, expressions, arguments: the located kinds
            node.lineno = node.end_lineno = 1  # type: ignore[attr-defined]
            node.col_offset = node.end_col_offset = 0  # type: ignore[attr-defined]
    return module


def fill_empty(module: ast.Module) -> None:
    """A `pass` in every `if` or `for` whose body the generator left empty."""
    for node in nodes(module):
        if isinstance(node, (ast.If, ast.For)) and not node.body:
            node.body.append(ast.Pass())


def _tuple(items: Sequence[ast.expr]) -> ast.Tuple:
    return ast.Tuple(list(items), ast.Load())


def _str_tuple(items: Sequence[str]) -> ast.Tuple:
    return _tuple([_constant(i) for i in items])


def _int_tuple(items: Sequence[int]) -> ast.Tuple:
    return _tuple([_constant(i) for i in items])


# ---- values during generation ---------------------------------------------------------------


@attrs.frozen
class _Const:
    """A value known while generating (True, False, an int or a string)."""

    value: bool | int | str


Val = str | _Const  # a local/global name holding the value, or a constant
Item = int | str  # a duty (its id) or a limit (its index)


@attrs.define
class _Loop:
    """A quantifier being generated: its variable, the statements to run before the loop
    (initialising loop-invariant memos) and those memos by key."""

    var: str
    pre: list[ast.stmt] = attrs.Factory(list)
    memos: dict[Hashable, str] = attrs.Factory(dict)


def _free_vars(expr: ir.Expr, cache: dict[int, tuple[ir.Expr, frozenset[str]]]) -> frozenset[str]:
    """Names of quantifier variables `expr` reads without binding them, memoised per
    node (the generator asks for every subexpression, so sharing children's answers
    keeps this linear)."""
    hit = cache.get(id(expr))
    if hit is not None:
        return hit[1]
    found: frozenset[str]
    if isinstance(expr, ir.Var):
        found = frozenset((expr.name,))
    elif isinstance(expr, ir.Field):
        found = frozenset((expr.record.name,))
    elif isinstance(expr, ir.Quantifier):  # the source too: ``any d in c.days`` reads `c`
        found = _free_vars(expr.source, cache) | (_free_vars(expr.body, cache) - {expr.var.name})
    else:
        found = frozenset().union(*(_free_vars(c, cache) for c in children(expr)))
    cache[id(expr)] = (expr, found)
    return found


def _bit(modality: str) -> int:
    bit = _BITS.get(modality)
    if bit is None:
        raise ValueError(f"unknown modality {modality!r}")
    return bit


def _flatten(expr: ir.Expr) -> ir.Expr:
    """`expr` with ``and``s directly inside an ``and`` (``or``s inside an ``or``) spliced
    into it: the same three-valued value (both are associative)."""
    if not isinstance(expr, (ir.And, ir.Or)):
        return expr
    operands: list[ir.Expr] = []
    nested = False
    for operand in expr.operands:
        flat = _flatten(operand)
        if type(flat) is type(expr):
            assert isinstance(flat, (ir.And, ir.Or))
            operands.extend(flat.operands)
            nested = True
        else:
            operands.append(flat)
            nested = nested or flat is not operand
    if not nested:
        return expr
    return type(expr)(tuple(operands))
