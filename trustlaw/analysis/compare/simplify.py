"""A region's condition → the same condition with its constants folded (three-valued logic).

The conditions of the regions left after the determined ones spell out both statutes,
definitions inlined, so they carry pieces such as ``true is known``, ``true and X`` or
``not false``. `fold` rewrites only by laws that hold for every value of the three-valued
(Kleene) logic the interpreter and the solver use, so the folded condition holds of exactly
the cases the original does (true, false and unknown alike):

- ``X is known`` is ``true`` when X can never be unknown (a literal, an ``is known``, or
  ``not``/``and``/``or`` of such), ``(not X) is known`` is ``X is known``, and
  ``(X in {…}) is known`` or ``(X = literal) is known`` is ``X is known``;
- ``not true`` is ``false``, ``not false`` is ``true``, ``not not X`` is ``X``;
- ``and``/``or``: nested ones flattened, ``true``/``false`` operands dropped where they are
  the identity, the whole made ``false``/``true`` where one is absorbing, repeats dropped,
  a single operand left bare;
- in an ``and`` or ``or``, the tests of one value against sets of constants (``x in {…}``,
  ``x not in {…}``, ``x = v``, ``x != v``, ``not (x = v)``) become one test: ``x in {a, b}
  and x not in {b}`` is ``x = a``, ``x = a or x = b`` is ``x in {a, b}``. Each such test is
  unknown exactly when x is, so the one test is too; where the sets would leave no value
  (``x = a and x = b``) or every value, the tests are left as they are.
"""

from __future__ import annotations

from ... import ir

__all__ = ["fold"]

_FALSE = ir.Const(False, ir.BOOL)


def fold(expr: ir.Expr, memo: dict[int, tuple[ir.Expr, ir.Expr]] | None = None) -> ir.Expr:
    """`expr` with its boolean constants folded; equivalent on every case. `memo` (a
    node's id → the node and its folding), shared by the calls of one comparison, folds
    each shared subtree once: what is left of a pair repeats the rule conditions."""
    return _Folder({} if memo is None else memo).fold(expr)


class _Folder:
    def __init__(self, memo: dict[int, tuple[ir.Expr, ir.Expr]]):
        self.memo = memo

    def fold(self, expr: ir.Expr) -> ir.Expr:
        found = self.memo.get(id(expr))
        if found is not None:
            return found[1]
        if isinstance(expr, ir.Not):
            out = _not(self.fold(expr.operand))
        elif isinstance(expr, ir.IsKnown):
            out = _is_known(self.fold(expr.operand))
        elif isinstance(expr, (ir.And, ir.Or)):
            out = self._junction(expr)
        elif isinstance(expr, ir.Quantifier):
            body = self.fold(expr.body)
            out = expr if body == expr.body else ir.Quantifier(expr.kind, expr.var,
                                                                expr.source, body, span=expr.span)
        else:
            return expr
        self.memo[id(expr)] = (expr, out)  # the node kept alive: its id stays its own
        return out

    def _junction(self, expr: ir.And | ir.Or) -> ir.Expr:
        kind = type(expr)
        identity = kind is ir.And  # `true` leaves an `and` alone, `false` an `or`
        operands: list[ir.Expr] = []
        for part in expr.operands:
            part = self.fold(part)
            inner = part.operands if isinstance(part, kind) else (part,)
            for item in inner:
                value = _bool(item)
                if value is identity:
                    continue
                if value is not None:  # the absorbing value settles it whatever the rest
                    return _FALSE if identity else ir.TRUE
                if item not in operands:
                    operands.append(item)
        if not operands:
            return ir.TRUE if identity else _FALSE
        operands = _merge_sets(operands, identity)
        if len(operands) == 1:
            return operands[0]
        return kind(tuple(operands))


def _bool(expr: ir.Expr) -> bool | None:
    """The value of a boolean literal, else None."""
    if isinstance(expr, ir.Const) and isinstance(expr.value, bool):
        return expr.value
    return None


def _not(operand: ir.Expr) -> ir.Expr:
    value = _bool(operand)
    if value is not None:
        return _FALSE if value else ir.TRUE
    if isinstance(operand, ir.Not):
        return operand.operand
    return ir.Not(operand)


def _never_unknown(expr: ir.Expr) -> bool:
    if isinstance(expr, (ir.Const, ir.SetConst, ir.IsKnown)):
        return True
    if isinstance(expr, ir.Not):
        return _never_unknown(expr.operand)
    if isinstance(expr, (ir.And, ir.Or)):
        return all(_never_unknown(o) for o in expr.operands)
    return False


def _is_known(operand: ir.Expr) -> ir.Expr:
    while isinstance(operand, ir.Not):  # `not X` is unknown exactly when X is
        operand = operand.operand
    if _never_unknown(operand):
        return ir.TRUE
    if isinstance(operand, ir.Member) and isinstance(operand.collection, ir.SetConst):
        return _is_known(operand.element)  # unknown exactly when the element is
    if isinstance(operand, ir.Compare):  # unknown exactly when a side is
        if isinstance(operand.right, ir.Const):
            return _is_known(operand.left)
        if isinstance(operand.left, ir.Const):
            return _is_known(operand.right)
    return ir.IsKnown(operand)


_ValueTest = tuple[ir.Expr, bool, frozenset[ir.ConstValue], ir.Type]


def _value_test(expr: ir.Expr) -> _ValueTest | None:
    """`expr` as (x, in or not, the set, its values' type) when it tests one value against
    constants (``x in {…}``, ``x = v`` on an enum, and their negations), else None."""
    inside = True
    while isinstance(expr, ir.Not):
        inside, expr = not inside, expr.operand
    if isinstance(expr, ir.Member) and isinstance(expr.collection, ir.SetConst):
        return expr.element, inside, frozenset(expr.collection.values), expr.collection.element
    if isinstance(expr, ir.Compare) and expr.op in ("=", "!="):
        for value, other in ((expr.right, expr.left), (expr.left, expr.right)):
            if isinstance(value, ir.Const) and isinstance(value.type, ir.EnumType):
                return other, inside == (expr.op == "="), frozenset([value.value]), value.type
    return None


def _merge_sets(operands: list[ir.Expr], conjunction: bool) -> list[ir.Expr]:
    """`operands` of an ``and`` (`conjunction`) or an ``or`` with the value tests on one
    value merged into one test, put where the first of them was."""
    tests: dict[ir.Expr, list[tuple[int, _ValueTest]]] = {}
    for index, operand in enumerate(operands):
        test = _value_test(operand)
        if test is not None:
            tests.setdefault(test[0], []).append((index, test))
    merged: dict[int, ir.Expr | None] = {}  # an operand's index → its replacement (None: gone)
    for subject, found in tests.items():
        kind = found[0][1][3]
        if len(found) < 2 or any(test[3] != kind for _, test in found):
            continue
        ins = [test[2] for _, test in found if test[1]]
        outs = [test[2] for _, test in found if not test[1]]
        if conjunction:  # in every `ins`, in no `outs`
            inside = bool(ins)
            values = (frozenset.intersection(*ins) - frozenset().union(*outs) if ins
                      else frozenset().union(*outs))
        else:  # in some `ins`, or outside some `outs`
            inside = not outs
            values = (frozenset().union(*ins) if inside
                      else frozenset.intersection(*outs) - frozenset().union(*ins))
        if not values:  # no value, or every value: the tests say it plainly enough
            continue
        merged[found[0][0]] = _test(subject, inside, values, kind)
        merged.update((index, None) for index, _ in found[1:])
    if not merged:
        return operands
    out: list[ir.Expr] = []
    for index, operand in enumerate(operands):
        replaced = merged.get(index, operand)
        if replaced is not None and replaced not in out:
            out.append(replaced)
    return out


def _test(subject: ir.Expr, inside: bool, values: frozenset[ir.ConstValue],
          kind: ir.Type) -> ir.Expr:
    """``subject = v`` / ``subject != v`` for one value, else ``subject (not) in {…}``."""
    if len(values) == 1 and isinstance(kind, ir.EnumType):
        return ir.Compare("=" if inside else "!=", subject, ir.Const(next(iter(values)), kind))
    member = ir.Member(subject, ir.SetConst(tuple(sorted(values)), kind))
    return member if inside else ir.Not(member)
