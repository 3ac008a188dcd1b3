"""Rules, priorities and outcomes → the generated `_outcomes` and `_evaluate` functions."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from itertools import groupby

import attrs

from ... import ir
from ...ir import children
from .. import _runtime
from ..evaluation import Evaluation
from .astkit import (
    _ALIASES,
    _BITS,
    _CHEAP_NODES,
    _EVALUATION_FIELDS,
    _MAKE_EVALUATION,
    _MAX_SPLITS,
    _MAX_TABLE_VALUES,
    _OPEN,
    _RUNTIME_ALIAS,
    Item,
    Val,
    _assign,
    _bit,
    _call,
    _Const,
    _constant,
    _free_vars,
    _if,
    _is,
    _load,
    _runtime_attr,
    _store,
    _str_tuple,
    _tuple,
    fill_empty,
    locate,
)
from .expressions import ExpressionGenerator


@attrs.define
class _Outcome:
    """Locals of one outcome in the generated function."""

    name: str
    result: str
    unknown: str  # bitmask of modalities remembered from unknown groups
    deciding: str = ""
    opened: str = ""
    remembers: bool = False  # some group may be unknown: `unknown`/`opened` are used


@attrs.frozen
class _Memory:
    """What the walk of one outcome has remembered on the current path: the modalities
    (`bits`) and ids (`opened`) of the unknown rules walked, known while generating,
    or held in the outcome's locals once `dynamic`; `splits` counts the copies of
    the walk made on the way (`after_unknown`)."""

    bits: int = 0
    opened: tuple[str, ...] = ()
    dynamic: bool = False
    splits: int = 0

    def remember(self, bit: int, rule: str) -> _Memory:
        return _Memory(self.bits | bit, (*self.opened, rule), False, self.splits + 1)


class ProgramGenerator(ExpressionGenerator):
    """Builds the module deciding one program: `module()`; or `_evaluate`'s statements
    for another generator's function (`evaluation_code`)."""

    # set by `evaluation_code`: each return gives ``(<this local>, <the fields>)``, with
    # the outcomes and deciding rule ids as tuples in `ir.OUTCOMES` order if `compact`
    returns_with: str | None = None
    compact = False

    # -- outcomes --

    def groups(self, outcome: str) -> list[list[ir.Rule]]:
        """The rules of `outcome` grouped by priority, highest first (as the interpreter)."""
        assert self.program is not None  # only `module()` walks outcomes
        rules = self.program.rules_for(outcome)
        return [list(group) for _, group in groupby(rules, key=lambda r: r.priority)]

    def shared_top_conditions(self) -> tuple[tuple[ir.Expr, ...], str] | None:
        """The conditions of the highest group when every outcome that has rules starts
        with the same one, concluding alike (the scope of a law that does not bind
        this agency): its conditions and conclusion; else None."""
        tops = [groups[0] for groups in (self.groups(o) for o in ir.OUTCOMES) if groups]
        if not tops:
            return None
        conditions = {tuple(r.condition for r in group) for group in tops}
        modalities = {r.modality for group in tops for r in group}
        if len(conditions) != 1 or len(modalities) != 1:
            return None
        return next(iter(conditions)), next(iter(modalities))

    def shared_top_group(self) -> None:
        """When every outcome's highest group is the same condition with the same
        conclusion, test it once and return at once where it holds (an outcome
        without rules is silent: permitted); later code knows it is not true."""
        shared = self.shared_top_conditions()
        if shared is None:
            return
        conditions, modality = shared
        settled = self.junction(list(conditions), stop=True)
        if isinstance(settled, _Const):
            return
        answer = _outcome_dict(
            [(o, _constant(modality if self.groups(o) else "permitted")) for o in ir.OUTCOMES]
        )
        self.emit(_if(_is(_load(settled), _constant(True)), [ast.Return(answer)]))
        self.not_true.add(settled)

    def outcome_fast(self, outcome: str) -> _Outcome:
        """Only the result of `outcome`: a group's rules are one short-circuiting ``or``."""
        state = _Outcome(outcome, self.fresh("_o"), self.fresh("_u"))
        at = len(self.block)
        self.walk_fast(state, self.groups(outcome), False)
        if state.remembers:
            self.block.insert(at, _assign(state.unknown, _constant(0)))
        return state

    def walk_fast(self, state: _Outcome, groups: list[list[ir.Rule]], maybe: bool) -> None:
        if not groups:
            self.leaf(state, _Const(_BITS["permitted"]), maybe)
            return
        group, rest = groups[0], groups[1:]
        modalities = {r.modality for r in group}
        if len(modalities) != 1:
            self.walk_mixed_group(state, group, rest, maybe)
            return
        bit = _bit(group[0].modality)
        settled = self.junction([r.condition for r in group], stop=True)
        if isinstance(settled, _Const):
            if settled.value is True:
                self.leaf(state, _Const(bit), maybe)
            else:
                self.walk_fast(state, rest, maybe)
            return
        remember = self.remember(state, _Const(bit))
        if settled in self.not_true:  # the function has returned where it was true
            self.emit(_if(_is(_load(settled), _constant(None)), [remember]))
            self.walk_fast(state, rest, True)
            return
        decided: list[ast.stmt] = []
        otherwise: list[ast.stmt] = []
        self.emit(_if(_is(_load(settled), _constant(True)), decided, otherwise))
        with self.nested(decided):
            self.leaf(state, _Const(bit), maybe)
        with self.nested(otherwise):
            self.emit(_if(_is(_load(settled), _constant(None)), [remember]))
            self.walk_fast(state, rest, True)

    def walk_mixed_group(
        self, state: _Outcome, group: list[ir.Rule], rest: list[list[ir.Rule]], maybe: bool
    ) -> None:
        """A group whose rules conclude differently (the checker refuses these; the
        backend still follows the interpreter): the decided result is the union of the
        true rules' modalities, the unknown ones are remembered."""
        values = self.group_values(group)
        dynamic = [(rule, value) for rule, value in values if not isinstance(value, _Const)]
        always = any(isinstance(v, _Const) and v.value is True for _, v in values)
        if not always and not dynamic:
            self.walk_fast(state, rest, maybe)
            return
        decided: list[ast.stmt] = []
        otherwise: list[ast.stmt] = []
        if always:
            decided = self.block  # the group decides on every path
        else:
            tests: list[ast.expr] = [_is(self.expr(v), _constant(True)) for _, v in dynamic]
            test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), tests)
            self.emit(_if(test, decided, otherwise))
        with self.nested(decided):
            self.leaf(state, self.decided_bits(values), maybe)
        if always:
            return
        with self.nested(otherwise):
            for rule, value in dynamic:
                remember = self.remember(state, _Const(_bit(rule.modality)))
                self.emit(_if(_is(self.expr(value), _constant(None)), [remember]))
            self.walk_fast(state, rest, True)

    def group_values(self, group: list[ir.Rule]) -> list[tuple[ir.Rule, Val]]:
        """Each rule of `group` with the value of its condition (emitted as needed)."""
        values = [(rule, self.value(rule.condition)) for rule in group]
        for rule, value in values:
            if isinstance(value, _Const) and type(value.value) is not bool:
                raise TypeError(f"the condition of rule {rule.id!r} is not true or false")
        return values

    def decided_bits(self, values: list[tuple[ir.Rule, Val]]) -> Val:
        """The modalities of the true rules of a group known to have one, as bits."""
        can_be_true = [
            (r, v) for r, v in values if not (isinstance(v, _Const) and v.value is False)
        ]
        if len({r.modality for r, _ in can_be_true}) == 1:
            return _Const(_bit(can_be_true[0][0].modality))
        bits = self.fresh("_b")
        self.emit(_assign(bits, _constant(0)))
        for rule, value in can_be_true:
            add = ast.AugAssign(_store(bits), ast.BitOr(), _constant(_bit(rule.modality)))
            self.emit(self.when_true(value, add))
        return bits

    def when_true(self, value: Val, stmt: ast.stmt) -> ast.stmt:
        """`stmt`, run only when `value` is true (always, for the constant True)."""
        if isinstance(value, _Const):
            return stmt
        return _if(_is(self.expr(value), _constant(True)), [stmt])

    def remember(self, state: _Outcome, bits: Val) -> ast.stmt:
        state.remembers = True
        return ast.AugAssign(_store(state.unknown), ast.BitOr(), self.expr(bits))

    def leaf(self, state: _Outcome, bits: Val, maybe: bool) -> None:
        """The fast path's outcome is settled here: `bits` decided, plus whatever was
        remembered."""
        if not maybe and isinstance(bits, _Const):
            self.emit(_assign(state.result, _constant(_runtime.RESULT[int(bits.value)])))
            return
        index: ast.expr = self.expr(bits)
        if maybe:
            index = ast.BinOp(_load(state.unknown), ast.BitOr(), index)
        self.emit(_assign(state.result, ast.Subscript(_load("_res"), index, ast.Load())))

    # -- outcomes with their grounds (evaluate) --

    def outcome_full(self, outcome: str) -> _Outcome:
        """The result of `outcome` with its deciding and open rule ids."""
        state = _Outcome(
            outcome, self.fresh("_o"), self.fresh("_u"), self.fresh("_g"), self.fresh("_p")
        )
        self.walk_full(state, self.groups(outcome), _Memory())
        return state

    def walk_full(self, state: _Outcome, groups: list[list[ir.Rule]], memory: _Memory) -> None:
        if not groups:  # nothing decides: the law is silent, the baseline permits
            self.leaf_full(state, _Const(_BITS["permitted"]), (), memory)
            return
        group, rest = groups[0], groups[1:]
        values, settled = self.prepare(group)
        if isinstance(settled, _Const):
            if settled.value is True:
                self.decide(state, values, memory)
            else:
                self.walk_full(state, rest, memory)
            return
        if settled in self.not_true:  # the function has returned where it was true
            self.after_unknown(state, values, settled, rest, memory)
            return
        decided: list[ast.stmt] = []
        otherwise: list[ast.stmt] = []
        self.emit(_if(_is(_load(settled), _constant(True)), decided, otherwise))
        with self.nested(decided):
            self.decide(state, values, memory)
        with self.nested(otherwise):
            self.after_unknown(state, values, settled, rest, memory)

    def prepare(self, group: list[ir.Rule]) -> tuple[list[tuple[ir.Rule, Val]], Val]:
        """The values of the group's conditions, and whether the group decides: the
        three-valued ``or`` of its conditions, kept under that expression so that a
        duty or limit reading the same disjunction reuses it."""
        values = self.group_values(group)
        if any(isinstance(v, _Const) and v.value is True for _, v in values):
            return values, _Const(True)
        dynamic = [value for _, value in values if not isinstance(value, _Const)]
        if not dynamic:
            return values, _Const(False)
        if len(dynamic) == 1:
            return values, dynamic[0]
        return values, self.value(ir.Or(tuple(rule.condition for rule in group)))

    def prepared(self, group: list[ir.Rule]) -> bool:
        """Whether walking `group` computes nothing new on this path."""
        conditions = [rule.condition for rule in group]
        held = [c for c in conditions if not isinstance(c, ir.Const)]
        if not all(self.available(c) for c in held):
            return False
        dynamic = [c for c in held if not isinstance(self.lookup(c), _Const)]
        return len(dynamic) <= 1 or self.available(ir.Or(tuple(conditions)))

    def after_unknown(
        self,
        state: _Outcome,
        values: list[tuple[ir.Rule, Val]],
        settled: str,
        rest: list[list[ir.Rule]],
        memory: _Memory,
    ) -> None:
        """The group did not decide (`settled` is unknown or false): remember its
        unknown rules and walk on. While what is remembered is known here (no group so
        far was unknown, or one whose unknown rule is known) and the rest of the walk
        computes nothing new, the two cases get their own copy of the rest, so that
        the outcome and its grounds are constants on the common path."""
        dynamic: list[tuple[ir.Rule, Val]] = [
            (rule, value) for rule, value in values if not isinstance(value, _Const)
        ]
        if rest:
            self.prepare(rest[0])  # needed whether or not this group was unknown
        if not memory.dynamic and _cheap(rest[1:]):
            # the interpreter computes every condition: computing these few early
            # costs little and keeps what is remembered a constant
            for group in rest[1:]:
                self.prepare(group)
        if (
            not memory.dynamic
            and memory.splits < _MAX_SPLITS
            and all(self.prepared(g) for g in rest[1:])
        ):
            unknown: list[ast.stmt] = []
            known: list[ast.stmt] = []
            with self.nested(unknown):
                if len(dynamic) == 1:
                    rule = dynamic[0][0]
                    remembered = memory.remember(_bit(rule.modality), rule.id)
                else:
                    remembered = self.flush(state, memory)
                    self.remember_unknown(state, dynamic)
                self.walk_full(state, rest, remembered)
            with self.nested(known):
                self.walk_full(state, rest, attrs.evolve(memory, splits=memory.splits + 1))
            if ast.dump(ast.Module(unknown, [])) == ast.dump(ast.Module(known, [])):
                self.block.extend(known)  # the same either way
            else:
                self.emit(_if(_is(_load(settled), _constant(None)), unknown, known))
            return
        if not memory.dynamic:
            memory = self.flush(state, memory)
        body: list[ast.stmt] = []
        self.emit(_if(_is(_load(settled), _constant(None)), body))
        with self.nested(body):
            self.remember_unknown(state, dynamic)
        self.walk_full(state, rest, memory)

    def flush(self, state: _Outcome, memory: _Memory) -> _Memory:
        """From here on the outcome's locals hold what is remembered."""
        self.emit(_assign(state.unknown, _constant(memory.bits)))
        self.emit(_assign(state.opened, _str_tuple(memory.opened)))
        return _Memory(dynamic=True)

    def remember_unknown(self, state: _Outcome, dynamic: list[tuple[ir.Rule, Val]]) -> None:
        """In the locals: the modality and id of each rule whose condition is unknown
        (the group's disjunction is unknown here)."""
        for rule, value in dynamic:
            remembered: list[ast.stmt] = [
                ast.AugAssign(_store(state.unknown), ast.BitOr(), _constant(_bit(rule.modality))),
                ast.AugAssign(_store(state.opened), ast.Add(), _str_tuple([rule.id])),
            ]
            if len(dynamic) == 1:
                self.block.extend(remembered)
            else:
                self.emit(_if(_is(self.expr(value), _constant(None)), remembered))

    def decide(self, state: _Outcome, values: list[tuple[ir.Rule, Val]], memory: _Memory) -> None:
        """The group has a true condition: the true rules are the grounds and their
        modalities the decided result."""
        can_be_true = [
            (r, v) for r, v in values if not (isinstance(v, _Const) and v.value is False)
        ]
        grounds: tuple[str, ...] | str
        if len(can_be_true) == 1:
            grounds = (can_be_true[0][0].id,)
        else:
            grounds = self.fresh("_t")
            self.emit(_assign(grounds, _tuple([])))
            for rule, value in can_be_true:
                add = ast.AugAssign(_store(grounds), ast.Add(), _str_tuple([rule.id]))
                self.emit(self.when_true(value, add))
        self.leaf_full(state, self.decided_bits(values), grounds, memory)

    def leaf_full(
        self, state: _Outcome, bits: Val, grounds: tuple[str, ...] | str, memory: _Memory
    ) -> None:
        """The outcome is settled here: `bits` decided with `grounds` (rule ids, or the
        local holding them), plus what was remembered on the way."""
        ground_node = _str_tuple(grounds) if isinstance(grounds, tuple) else _load(grounds)
        if not memory.dynamic and isinstance(bits, _Const):
            result = _runtime.RESULT[memory.bits | int(bits.value)]
            self.emit(_assign(state.result, _constant(result)))
            if result != "undetermined":
                self.emit(_assign(state.deciding, ground_node))
                return
            # undetermined: the grounds are the open rules, then the deciding ones
            if isinstance(grounds, tuple):
                both: ast.expr = _str_tuple(memory.opened + grounds)
            else:
                both = ast.BinOp(_str_tuple(memory.opened), ast.Add(), ground_node)
            self.emit(_assign(state.deciding, both))
            self.record_open(state, _str_tuple(memory.opened))
            return
        if memory.dynamic:
            index: ast.expr = ast.BinOp(_load(state.unknown), ast.BitOr(), self.expr(bits))
        else:
            index = self.expr(bits)
            if memory.bits:
                index = ast.BinOp(index, ast.BitOr(), _constant(memory.bits))

        def opened() -> ast.expr:
            return _load(state.opened) if memory.dynamic else _str_tuple(memory.opened)

        self.emit(_assign(state.result, ast.Subscript(_load("_res"), index, ast.Load())))
        self.emit(_assign(state.deciding, ground_node))
        undetermined: list[ast.stmt] = []
        test = ast.Compare(_load(state.result), [ast.Eq()], [_constant("undetermined")])
        self.emit(_if(test, undetermined))
        with self.nested(undetermined):
            if memory.dynamic or memory.opened:
                grounds_after = ast.BinOp(opened(), ast.Add(), _load(state.deciding))
                self.emit(_assign(state.deciding, grounds_after))
            self.record_open(state, opened())

    def record_open(self, state: _Outcome, opened: ast.expr) -> None:
        """``_open[outcome] = opened``, making `_open` a dict of its own first (it
        starts out as the shared empty mapping, as most cases open nothing)."""
        fresh = _assign(_OPEN, ast.Dict([], []))
        self.emit(_if(_is(_load(_OPEN), _load("_empty")), [fresh]))
        target = ast.Subscript(_load(_OPEN), _constant(state.name), ast.Store())
        self.emit(ast.Assign([target], opened))

    # -- duties and limits --

    def applicable(
        self,
        duties: Sequence[tuple[str, ir.Expr]],
        limits: Sequence[tuple[int, ir.Expr]],
    ) -> list[ast.expr]:
        """The duties whose condition is true / unknown, then the limits, as tuples in
        program order (`lower` has conjoined the law's scope into each condition).
        When few distinct values decide them all, the tuples are constants chosen by
        testing those values; otherwise they are built item by item."""
        groups: list[list[tuple[Item, Val]]] = [
            [(item, self.value(condition)) for item, condition in items]
            for items in (duties, limits)
        ]
        distinct: list[str] = []
        for group in groups:
            for _, value in group:
                if not isinstance(value, _Const) and value not in distinct:
                    distinct.append(value)
        if len(distinct) > _MAX_TABLE_VALUES:
            return [node for group in groups for node in self.applicable_items(group)]
        names = [self.fresh(prefix) for prefix in ("_a", "_q", "_l", "_n")]
        if not distinct:
            return [_tuple([_constant(i) for i in chosen]) for chosen in _choose(groups, {})]
        self.choose_by(groups, distinct, {}, names)
        return [_load(name) for name in names]

    def choose_by(
        self,
        groups: list[list[tuple[Item, Val]]],
        distinct: list[str],
        known: dict[str, bool | None],
        names: list[str],
    ) -> None:
        """Branch on each of `distinct` (true, unknown, false) and assign the tuples
        that the combination gives."""
        if len(known) == len(distinct):
            for name, chosen in zip(names, _choose(groups, known), strict=True):
                self.emit(_assign(name, _tuple([_constant(i) for i in chosen])))
            return
        value = distinct[len(known)]
        branches: list[list[ast.stmt]] = [[], [], []]
        for body, truth in zip(branches, (True, None, False), strict=True):
            with self.nested(body):
                self.choose_by(groups, distinct, {**known, value: truth}, names)
        unknown_or_false: list[ast.stmt] = [
            _if(_is(_load(value), _constant(None)), branches[1], branches[2])
        ]
        if value in self.not_true:
            self.block.extend(unknown_or_false)
        else:
            self.emit(_if(_is(_load(value), _constant(True)), branches[0], unknown_or_false))

    def applicable_items(self, values: list[tuple[Item, Val]]) -> tuple[ast.expr, ast.expr]:
        """Tuples of the items whose condition is true / unknown, built item by item."""
        if all(isinstance(value, _Const) for _, value in values):
            chosen, _ = _choose([values], {})
            return _tuple([_constant(i) for i in chosen]), _tuple([])
        chosen_name = self.fresh("_a")
        unknown_name = self.fresh("_q")
        self.emit(_assign(chosen_name, _tuple([])))
        self.emit(_assign(unknown_name, _tuple([])))
        for item, value in values:
            add = ast.AugAssign(_store(chosen_name), ast.Add(), _tuple([_constant(item)]))
            if isinstance(value, _Const):
                if value.value is True:
                    self.emit(add)
                continue
            add_unknown = ast.AugAssign(_store(unknown_name), ast.Add(), _tuple([_constant(item)]))
            self.emit(
                _if(
                    _is(self.expr(value), _constant(True)),
                    [add],
                    [_if(_is(self.expr(value), _constant(None)), [add_unknown])],
                )
            )
        return _load(chosen_name), _load(unknown_name)

    # -- the module --

    def outcomes_function(self) -> ast.FunctionDef:
        self._start_function()
        self.shared_top_group()
        states = [self.outcome_fast(o) for o in ir.OUTCOMES]
        self.emit(ast.Return(_outcome_dict([(s.name, _load(s.result)) for s in states])))
        return self.function("_outcomes")

    def evaluate_function(self) -> ast.FunctionDef:
        self._start_function()
        self.emit(_assign(_OPEN, _load("_empty")))
        self.shared_top_group_full()
        self.emit(self.evaluation())
        return self.function("_evaluate")

    def evaluate_statements(self, held: Mapping[ir.Expr, str], case: str) -> list[ast.stmt]:
        """`_evaluate`'s body reading each fact (and each value of `held` without free
        variables) from the local `held` maps it to, each return giving ``(case,
        fields)``: the local `case` and the `Evaluation`'s fields."""
        self._start_function()
        self.facts_held = True
        self.returns_with = case
        for expr, local in held.items():
            self.scopes[0][self.key(expr, frozenset())] = local
        self.emit(_assign(_OPEN, _load("_empty")))
        self.shared_top_group_full()
        self.emit(self.evaluation())
        return [_assign(n, _load("_unset")) for n in self.restart] + self.block

    def shared_top_group_full(self) -> None:
        """As `shared_top_group`, for `evaluate`: where the shared top group holds,
        every outcome is decided by it and the whole evaluation is built (and
        returned) in its own branch, which knows the group's condition is true."""
        shared = self.shared_top_conditions()
        if shared is None:
            return
        conditions = shared[0]
        if len(conditions) == 1:
            settled = self.value(conditions[0])
        else:
            settled = self.value(ir.Or(conditions))
        if isinstance(settled, _Const):
            return
        body: list[ast.stmt] = []
        self.emit(_if(_is(_load(settled), _constant(True)), body))
        computed = dict(self.computed)
        with self.nested(body):
            if len(conditions) == 1:
                self.assume_true(conditions[0])
            self.emit(self.evaluation())
        self.computed = computed  # values computed there are gone: that branch returned
        self.not_true.add(settled)

    def assume_true(self, condition: ir.Expr) -> None:
        """In the current block `condition` is true (and the operand of a true ``not``
        false), so code generated here folds it as a constant."""
        scope = self.scopes[-1]
        scope[self.key(condition, _free_vars(condition, self._free_cache))] = _Const(True)
        if isinstance(condition, ir.Not):
            operand = condition.operand
            scope[self.key(operand, _free_vars(operand, self._free_cache))] = _Const(False)

    def evaluation(self) -> ast.Return:
        """Every outcome with its grounds, the duties and limits: ``return`` the
        `Evaluation`, built from its fields in order."""
        assert self.program is not None
        states = [self.outcome_full(o) for o in ir.OUTCOMES]
        applicable = self.applicable(
            [(d.id, d.condition) for d in self.program.duties],
            [(i, limit.condition) for i, limit in enumerate(self.program.limits)],
        )
        duties, open_duties, limits, open_limits = applicable
        results = [(s.name, _load(s.result)) for s in states]
        deciding = [(s.name, _load(s.deciding)) for s in states]
        fields: dict[str, ast.expr] = {
            "outcomes": _per_outcome(results, self.compact),
            "deciding": _per_outcome(deciding, self.compact),
            "open_rules": _load(_OPEN),
            "duties": duties,
            "open_duties": open_duties,
            "limits": limits,
            "open_limits": open_limits,
            "trace": _constant(None),  # the interpreter's alone
        }
        if set(fields) != _EVALUATION_FIELDS:
            raise ValueError("an evaluation is built from all of its fields")
        ordered = [fields[name] for name in Evaluation._fields]
        if self.returns_with is not None:
            return ast.Return(_tuple([_load(self.returns_with), _tuple(ordered)]))
        return ast.Return(_call(_load(_MAKE_EVALUATION), _tuple(ordered)))

    def module(self) -> ast.Module:
        functions = [self.outcomes_function(), self.evaluate_function()]
        package, _, name = _runtime.MODULE.rpartition(".")
        body: list[ast.stmt] = [ast.ImportFrom(package, [ast.alias(name, _RUNTIME_ALIAS)], 0)]
        body += [_assign(alias, _runtime_attr(attr)) for alias, attr in _ALIASES.items()]
        body += self.header
        body += functions
        module = ast.Module(body, [])
        fill_empty(module)
        return locate(module)


def _cheap(groups: Sequence[Sequence[ir.Rule]]) -> bool:
    """Whether the conditions of `groups` are few and small, reading no list."""
    total = 0
    for group in groups:
        for rule in group:
            nodes = [rule.condition]
            while nodes:
                node = nodes.pop()
                if isinstance(node, ir.Quantifier):
                    return False
                total += 1
                nodes.extend(children(node))
    return total <= _CHEAP_NODES


def _choose(
    groups: Sequence[Sequence[tuple[Item, Val]]], known: Mapping[str, bool | None]
) -> list[list[Item]]:
    """For each group of (item, condition value): the items whose value is true, then
    those whose value is unknown, given the values of the locals in `known`."""
    out: list[list[Item]] = []
    for group in groups:
        chosen: list[Item] = []
        unknown: list[Item] = []
        for item, value in group:
            truth = value.value if isinstance(value, _Const) else known[value]
            if truth is True:
                chosen.append(item)
            elif truth is None:
                unknown.append(item)
        out += [chosen, unknown]
    return out


def _outcome_dict(items: Sequence[tuple[str, ast.expr]]) -> ast.Dict:
    keys: list[ast.expr | None] = [_constant(k) for k, _ in items]
    return ast.Dict(keys, [v for _, v in items])


def _per_outcome(items: Sequence[tuple[str, ast.expr]], compact: bool) -> ast.expr:
    """A dict by outcome; or, `compact`, the values alone as a tuple in `ir.OUTCOMES`
    order (the caller's `Decision` makes the dicts only when they are read)."""
    if compact:
        if [name for name, _ in items] != list(ir.OUTCOMES):
            raise ValueError("compact outcomes are in ir.OUTCOMES order")
        return _tuple([value for _, value in items])
    return _outcome_dict(items)
