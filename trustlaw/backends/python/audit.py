"""Generated module → refused unless every node keeps to the closed set (defence in depth)."""

from __future__ import annotations

import ast

from .. import _runtime
from .astkit import (
    _ALLOWED_NODES,
    _ATTRIBUTES,
    _EVALUATION_FIELDS,
    _MAKE_EVALUATION,
    _RUNTIME_ALIAS,
    _SAFE_CONSTANTS,
    _ident,
    nodes,
)

# ---- audit, compile, cache ------------------------------------------------------------------


def _audit(module: ast.Module) -> None:
    """Refuse a generated tree holding anything outside the closed set (defence in depth:
    the generator only builds such trees, this proves it for every program)."""
    for node in nodes(module):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValueError(f"generated code may not contain {type(node).__name__}")
        if isinstance(node, ast.Name):
            _ident(node.id)
        elif isinstance(node, ast.Attribute):
            if node.attr not in _ATTRIBUTES:
                raise ValueError(f"generated code may not read the attribute {node.attr!r}")
        elif isinstance(node, ast.Constant):
            if type(node.value) not in _SAFE_CONSTANTS:
                raise ValueError("generated code may hold only bool, int, str and None constants")
        elif isinstance(node, ast.Call):
            if node.keywords:
                raise ValueError("generated calls take no keyword arguments")
            if isinstance(node.func, ast.Name) and node.func.id == _MAKE_EVALUATION and not (
                len(node.args) == 1
                and isinstance(node.args[0], ast.Tuple)
                and len(node.args[0].elts) == len(_EVALUATION_FIELDS)
            ):
                raise ValueError("an evaluation is built from one tuple of all its fields")
        elif isinstance(node, ast.ImportFrom):
            package, _, name = _runtime.MODULE.rpartition(".")
            names = [(a.name, a.asname) for a in node.names]
            if (node.module, node.level, names) != (package, 0, [(name, _RUNTIME_ALIAS)]):
                raise ValueError("generated code may import only the trustlaw runtime")
        elif isinstance(node, ast.FunctionDef):
            _ident(node.name)
            if node.decorator_list or node.returns is not None:
                raise ValueError("generated functions take no decorators or annotations")
        elif isinstance(node, ast.arg):
            _ident(node.arg)
            if node.annotation is not None:
                raise ValueError("generated functions take no annotations")
