"""Random and hostile inputs for the fuzz harness: statutes from the grammar or mutated, cases.

`grammar_statute` writes a random statute over the case vocabulary (definitions,
provisions with exceptions, scope, duties, limits); `mutate_statute` edits a statute
token by token, with hostile inserts (deep nesting, huge numbers, long names, control
characters); `random_case` builds a well-formed case, `hostile_case` breaks one (huge
ints, deep nesting, wrong types, huge strings, unicode, keys that are not text) and
`hostile_json` breaks its JSON text (duplicate keys, deep nesting, long numbers, NaN).
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import re
from collections.abc import Iterator
from typing import Any

from .. import ir
from ..diagnostics import CaseError

__all__ = ["grammar_statute", "hostile_case", "hostile_json", "mutate_statute", "random_case"]

_TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|\w+|[^\w\s]')
_WORDS = [
    "hold", "permitted", "prohibited", "required", "except", "notwithstanding", "subject", "to",
    "(b)", "(p1)", "any", "all", "no", "count", "c", "in", "convictions", "charges", "warrants",
    "where", "and", "or", "not", "implies", "=", "!=", "<", ">=", "date", "person.age", "2", "5",
    "within", "before", "after", "{", "}", "(", ")", "[", "]", "limit", "48", "hours",
    "excluding", "saturday", "counting", "actual", "observed", "duty", "applies", "if", "unless",
    "agency", "strike", "true", "false", "null", "expect", "grounds", "max_hold", "none", "is",
    "known", "unknown", "definition", "means", "provision", "cites", "text", "note", "about",
    "invariant", "standard", "assume", "ensure", "felony", "this_state", "list", "of", "bool",
    ":", ",",
]
_HOSTILE_INSERTS = [
    "not " * 80, "(" * 70, ")" * 70, "list of " * 80, "9" * 5000, "x" * 20_000, "\ufeff",
    "\x00", "\u202e", "𝔞𝔟", "“", "\\", '"', "{" * 70, "[" * 70, "2014-02-30", "9999-12-31T23:59",
    " except (p1) except (p2) ", "-" * 100, "§", "\t\r\n",
]
_LABELS = [f"(p{i})" for i in range(1, 40)]
_OUTCOMES = ("hold", "notification", "transfer", "interview")
_MODALITIES = ("permitted", "prohibited", "required")


# ---- statutes ------------------------------------------------------------------------------


def _paths(vocab: ir.Vocabulary) -> tuple[list[tuple[str, ir.Type]], list[tuple[str, str]]]:
    """The facts a condition reads directly (path, type), and the lists of records a
    quantifier ranges over (path, record name)."""
    facts: list[tuple[str, ir.Type]] = []
    lists: list[tuple[str, str]] = []
    for f in vocab.fields:
        t = f.type
        if isinstance(t, ir.RecordType):
            record = vocab.record(t.name)
            assert record is not None
            facts.extend((f"{f.name}.{g.name}", g.type) for g in record.fields
                         if not isinstance(g.type, (ir.RecordType, ir.ListType))
                         or (isinstance(g.type, ir.ListType)
                         and isinstance(g.type.element, ir.EnumType)))
        elif isinstance(t, ir.ListType) and isinstance(t.element, ir.RecordType):
            lists.append((f.name, t.element.name))
        else:
            facts.append((f.name, t))
    return facts, lists


def _value(value: str, rng: random.Random) -> str:
    return value if re.fullmatch(r"[a-z_]\w*", value) and rng.random() < 0.6 else f'"{value}"'


def _atom(path: str, t: ir.Type, rng: random.Random) -> str:
    if isinstance(t, ir.BoolType):
        return rng.choice([path, f"{path} = true", f"{path} = false", f"not {path}"])
    if isinstance(t, ir.IntType):
        return f"{path} {rng.choice(['<', '<=', '>', '>=', '=', '!='])} {rng.randint(0, 80)}"
    if isinstance(t, ir.DateType):
        if rng.random() < 0.5 and path != "date":
            unit = rng.choice(["years", "months", "days"])
            return (f"{path} within {rng.randint(1, 20)} {unit} "
                    f"{rng.choice(['before', 'after'])} date")
        day = _dt.date(rng.randint(1995, 2030), rng.randint(1, 12), rng.randint(1, 28))
        return f"{path} {rng.choice(['<', '>=', '='])} {day.isoformat()}"
    if isinstance(t, ir.EnumType):
        values = rng.sample(t.values, min(len(t.values), rng.randint(1, 3)))
        if len(values) == 1:
            return f"{path} {rng.choice(['=', '!='])} {_value(values[0], rng)}"
        listed = ", ".join(_value(v, rng) for v in values)
        return f"{path} {rng.choice(['in', 'not in'])} {{{listed}}}"
    if isinstance(t, ir.ListType) and isinstance(t.element, ir.EnumType):
        return f'"{rng.choice(t.element.values)}" {rng.choice(["in", "not in"])} {path}'
    return f"{path} is known"


class _Writer:
    """Writes one random statute over `vocab`."""

    def __init__(self, rng: random.Random, vocab: ir.Vocabulary) -> None:
        self.rng = rng
        self.vocab = vocab
        self.facts, self.lists = _paths(vocab)
        self.definitions: list[str] = []

    def condition(self, depth: int = 0, var: tuple[str, str] | None = None) -> str:
        rng = self.rng
        roll = rng.random()
        if depth >= 3 or roll < 0.35:
            return self.atom(var)
        if roll < 0.5 and self.lists and var is None:
            path, record = rng.choice(self.lists)
            if rng.random() < 0.2:
                return (f"(count c in {path} where {self.condition(depth + 1, ('c', record))}) "
                        f"{rng.choice(['>=', '=', '<'])} {rng.randint(0, 3)}")
            kind = rng.choice(["any", "all", "no"])
            return f"({kind} c in {path} where {self.condition(depth + 1, ('c', record))})"
        if roll < 0.58 and self.definitions and var is None:
            return rng.choice(self.definitions)
        if roll < 0.66:
            return f"not ({self.condition(depth + 1, var)})"
        if roll < 0.72:
            known = rng.choice(self.facts)[0] if var is None else f"{var[0]}.{self.field(var)[0]}"
            return f"{known} is {rng.choice(['known', 'unknown'])}"
        op = rng.choice(["and", "or", "and", "or", "implies"])
        return f"({self.condition(depth + 1, var)} {op} {self.condition(depth + 1, var)})"

    def field(self, var: tuple[str, str]) -> tuple[str, ir.Type]:
        record = self.vocab.record(var[1])
        assert record is not None
        f = self.rng.choice(record.fields)
        return f.name, f.type

    def atom(self, var: tuple[str, str] | None) -> str:
        if var is None:
            path, t = self.rng.choice(self.facts)
            return _atom(path, t, self.rng)
        name, t = self.field(var)
        return _atom(f"{var[0]}.{name}", t, self.rng)

    def statute(self) -> str:
        rng = self.rng
        out = ['statute "fuzz/grammar" {\n  title "Fuzz"\n  jurisdiction "fuzz"\n'
               '  citation "none"\n  status proposed\n  introduced 2020-01-01\n}\n']
        for i in range(rng.randint(0, 4)):
            body = self.condition()
            self.definitions.append(f"d{i}")
            out.append(f'definition d{i} {{\n  cites "x"\n  means {body}\n}}\n')
        last: dict[str, str] = {}  # outcome -> label of its latest provision
        labels = _LABELS[: rng.randint(1, 10)]
        for index, label in enumerate(labels):
            outcome = rng.choice(_OUTCOMES)
            modality = rng.choice(_MODALITIES)
            relation = ""
            if outcome in last and rng.random() < 0.8:
                relation = f" {rng.choice(['except', 'notwithstanding'])} {last[outcome]}"
            elif index and rng.random() < 0.1:
                relation = f" subject to {rng.choice(labels[:index])}"
            lines = [f"provision {label}{relation} {{", '  cites "x"', '  text "x"']
            if index == 0 and rng.random() < 0.3:
                lines.append(f"  applies if {self.condition()}")
            else:
                condition = f" if {self.condition()}" if rng.random() < 0.85 else ""
                unless = f" unless {self.condition()}" if rng.random() < 0.2 else ""
                lines.append(f"  {outcome} {modality}{condition}{unless}")
                last[outcome] = label
                if outcome == "hold" and modality == "permitted" and rng.random() < 0.4:
                    lines.append("  " + self.limit())
            if rng.random() < 0.25:
                when = f" if {self.condition()}" if rng.random() < 0.5 else ""
                lines.append(f'  duty "duty-{index}" "Do something."{when}')
            out.append("\n".join(lines) + "\n}\n")
        return "".join(out)

    def limit(self) -> str:
        hours = self.rng.choice([24, 48, 72])
        kind = self.rng.random()
        if kind < 0.4:
            return f"limit hold {hours} hours"
        if kind < 0.7:
            return f"limit hold {hours} hours excluding saturday, sunday"
        reading = self.rng.choice(["actual", "observed"])
        return (f"limit hold {hours} hours excluding saturday, sunday, federal_holiday "
                f"counting {reading}")


def grammar_statute(rng: random.Random, vocab: ir.Vocabulary) -> str:
    """A random statute written from the grammar's constructs over `vocab`'s facts."""
    return _Writer(rng, vocab).statute()


def mutate_statute(text: str, rng: random.Random) -> str:
    """One to three token edits of `text` (deletions, inserts, swaps, hostile inserts)."""
    tokens = _TOKEN.findall(text) or [""]
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(tokens))
        roll = rng.random()
        if roll < 0.25:
            del tokens[at]
            tokens = tokens or [""]
        elif roll < 0.5:
            tokens.insert(at, f" {rng.choice(_WORDS)} ")
        elif roll < 0.7:
            tokens[at] = f" {rng.choice(_WORDS)} "
        elif roll < 0.85:
            other = rng.randrange(len(tokens))
            tokens[at], tokens[other] = tokens[other], tokens[at]
        else:
            tokens.insert(at, rng.choice(_HOSTILE_INSERTS))
    return "".join(tokens)


# ---- cases ---------------------------------------------------------------------------------


def _random_value(t: ir.Type, vocab: ir.Vocabulary, rng: random.Random, day: _dt.date) -> Any:
    if isinstance(t, ir.BoolType):
        return rng.random() < 0.5
    if isinstance(t, ir.IntType):
        return rng.randint(0, 90)
    if isinstance(t, ir.DateType):
        return (day - _dt.timedelta(days=rng.randint(0, 8000))).isoformat()
    if isinstance(t, ir.DurationType):
        return {"days": rng.randint(0, 30)}
    if isinstance(t, ir.EnumType):
        return rng.choice(t.values)
    if isinstance(t, ir.RecordType):
        record = vocab.record(t.name)
        assert record is not None
        return _random_record(record.fields, vocab, rng, day)
    element = t.element
    if isinstance(element, ir.EnumType):
        return rng.sample(element.values, rng.randint(0, min(3, len(element.values))))
    return [_random_value(element, vocab, rng, day) for _ in range(rng.randint(0, 3))]


def _random_record(fields: tuple[ir.FieldInfo, ...], vocab: ir.Vocabulary,
                   rng: random.Random, day: _dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        roll = rng.random()
        if roll < 0.12:
            continue  # unknown: left out
        out[f.name] = None if roll < 0.17 else _random_value(f.type, vocab, rng, day)
    return out


def random_case(rng: random.Random, vocab: ir.Vocabulary) -> dict[str, Any]:
    """A random case; fields a constraint refuses are dropped until it validates (so
    almost every case is well formed, with unknown facts mixed in)."""
    from ..cases.validation import validate

    day = _dt.date(2000, 1, 1) + _dt.timedelta(days=rng.randint(0, 11_000))
    case = _random_record(vocab.fields, vocab, rng, day)
    case["date"] = day.isoformat()
    for _ in range(6):
        try:
            validate(case, vocab)
            return case
        except CaseError as error:
            for message in error.errors:  # a constraint names all its facts: "a.b, c.d: …"
                for spelled in message.split(":", 1)[0].split(", "):
                    _drop(case, spelled)
    return case


def _drop(case: dict[str, Any], spelled: str) -> None:
    """Remove the fact at a path as messages spell it (``convictions[1].felony_class``)."""
    parts = [p for p in re.split(r"\.|\[(\d+)\]", spelled) if p]
    node: Any = case
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() and isinstance(node, list) else node.get(part, {})
    last = parts[-1] if parts else ""
    if isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        del node[int(last)]


def _hostile_values(rng: random.Random) -> list[Any]:
    deep: Any = []
    for _ in range(rng.choice([10, 100, 5000])):
        deep = [deep]
    return [
        10**5000, -(10**5000), 2**63, 1e308, float("nan"), float("inf"), -0.0, True, 1, 0, -1,
        "x" * rng.choice([100, 100_000, 5_000_000]), "\u202e\u0000\ud7ff", "🙂" * 50, "ǅ", "",
        "2015-02-30", "2015-2-3", "99999-01-01", "2015-01-01T10:00", "0001-01-01",
        "9999-12-31", deep, {"a": {"b": {}}}, [None], [[]], (1, 2), {1, 2}, b"bytes",
        _dt.date(2015, 1, 1), _dt.datetime(2015, 1, 1), None, [{}] * 1001, list(range(2000)),
        {"": 1}, {10**5000: 1}, {None: 1},
    ]


def hostile_case(case: dict[str, Any], rng: random.Random) -> Any:
    """`case` with one to three facts replaced, keys added, or the whole case swapped
    for a hostile value."""
    if rng.random() < 0.05:
        return rng.choice(_hostile_values(rng))
    out = json.loads(json.dumps(case))
    for _ in range(rng.randint(1, 3)):
        holders = list(_containers(out))
        holder, key = rng.choice(holders)
        value = rng.choice(_hostile_values(rng))
        if rng.random() < 0.15:
            key = rng.choice(["x" * rng.choice([10, 200_000]), 7, None, ("a",), "date ", "Date"])
        try:
            holder[key] = value
        except (TypeError, IndexError):
            if isinstance(holder, list):
                holder.append(value)
    return out


def _containers(value: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every place in a JSON-shaped value, down to 20 levels."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > 20:
            continue
        keys = list(node) if isinstance(node, dict) else (
            range(len(node)) if isinstance(node, list) else ())
        for key in keys:
            yield node, key
            stack.append((node[key], depth + 1))


def hostile_json(case: dict[str, Any], rng: random.Random) -> str:
    """The JSON text of `case`, broken in one of the ways JSON readers disagree on."""
    try:  # a hostile case may hold dates, sets, huge ints or deep lists: write what JSON can
        text = json.dumps(case, ensure_ascii=rng.random() < 0.5, default=str)
    except (ValueError, RecursionError):
        text = '{"date": ' + "9" * 5000 + "}"
    roll = rng.random()
    if roll < 0.2:
        return text[:-1] + ', "date": "2015-01-01"}'  # a key given twice
    if roll < 0.35:
        depth = rng.choice([65, 1000, 100_000])
        return text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    if roll < 0.5:
        return text[:-1] + ', "person": {"age": ' + "9" * rng.choice([101, 5000]) + "}}"
    if roll < 0.6:
        return text.replace("true", "NaN", 1)
    if roll < 0.7:
        return "\ufeff" + text
    if roll < 0.8:
        return text[: rng.randrange(len(text))]
    return text
