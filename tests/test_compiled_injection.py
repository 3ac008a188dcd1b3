"""A statute file is never code: hostile text in statutes and IR never runs.

Statute sources and hand-built IR carry Python in every place text can go (ids,
citations, notes, example names, definition names, enum values, field names, quotes,
newlines, backslashes, dunder names). Compiling and running them must create no
sentinel file, the generated source must hold that text only inside string constants,
the module must have no builtins beyond a guarded import, and the statute must still
decide correctly.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import keyword
import re
import tokenize
from pathlib import Path
from typing import Any

import pytest

from trustlaw import cases, checker, ir
from trustlaw.backends import _runtime, interp
from trustlaw.backends.evaluation import Evaluation
from trustlaw.backends.python import _audit, compile_program, generate
from trustlaw.decisions.decision import build_decision
from trustlaw.lowering.files import default_vocabulary

_IDENT = re.compile(r"_[a-z]+[0-9]*")
_ALLOWED_WORDS = (
    set(keyword.kwlist)
    | {"trustlaw", "backends", "get"}
    | set(_runtime.__all__)
    | set(Evaluation._fields)
)
# words of hostile payloads that must never appear in the code outside string constants
_MARKERS = (
    "os",
    "system",
    "touch",
    "pwned",
    "exec",
    "eval",
    "open",
    "__import__",
    "__class__",
    "__builtins__",
    "__mro__",
    "SystemExit",
    "import_module",
)


def payloads(sentinel: Path) -> list[str]:
    """Text that would create `sentinel` if it were ever run as Python."""
    s = str(sentinel)
    return [
        f'\'); import os; os.system("touch {s}") #',
        f"\"); __import__('os').system('touch {s}') #",
        f"'''\n__import__('os').system('touch {s}')\n'''",
        f'"""\nopen({s!r}, "w").close()\n"""',
        f"\\'; exec(\"open({s!r}, 'w')\") #\\",
        f"{{0.__class__.__mro__}} __builtins__ __import__('os').system('touch {s}')",
    ]


def code_words(source: str) -> list[str]:
    """The names in generated source outside string constants."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [t.string for t in tokens if t.type == tokenize.NAME]


def assert_only_generated_names(source: str) -> None:
    for word in code_words(source):
        assert _IDENT.fullmatch(word) or word in _ALLOWED_WORDS, word
        assert word not in _MARKERS, word


def string_constants(source: str) -> set[str]:
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def assert_restricted_namespace(namespace: Any) -> None:
    builtins = namespace["__builtins__"]
    assert builtins == {"__import__": _runtime.guarded_import}
    for name in namespace:
        assert _IDENT.fullmatch(name) or name in ("__builtins__", "__name__"), name
    scratch = dict(namespace)
    with pytest.raises(NameError):
        exec("open", scratch)  # no builtins but the guarded import
    with pytest.raises(ImportError):
        exec("import os", scratch)
    with pytest.raises(ImportError):
        exec("from trustlaw import interp", scratch)


# ---- a hostile statute file -------------------------------------------------------------------


def _quote(text: str) -> str:
    """`text` as a statute-language string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_statute(sentinel: Path) -> tuple[str, list[str]]:
    p = payloads(sentinel)
    q = [_quote(x) for x in p]
    # a title, a citation or a name is one line (TL-P025): there, the payloads' line breaks
    # are spaces; a `text` holds them as written
    o = [_quote(x.replace("\n", " ")) for x in p]
    source = f"""
statute "xx/hostile-act" {{
  title {o[2]}
  jurisdiction "xx"
  citation {q[4]}
  status proposed
}}

definition __import__ {{
  cites {q[0]}
  text {q[3]}
  means any c in convictions where c.level = felony
}}

definition __class__ {{
  cites {q[1]}
  text {q[5]}
  means person.gang_database or __import__
}}

definition __builtins__ {{
  cites {o[2]}
  text "t"
  means any c in charges where (c.court = this_state and c.bond_posted = false)
}}

provision (b) {{
  cites {q[1]}
  text {q[0]}
  hold prohibited
}}

provision (b)(1) except (b) {{
  cites {o[3]}
  text {q[4]}
  hold permitted if __class__ or __builtins__
}}

provision (c) {{
  cites {q[5]}
  text {q[2]}
  notification required
  duty {q[0]} {q[1]} if "hold" in request.kinds and __import__
}}

note {q[1]} {{
  about (b)
  text {q[3]}
}}

example {q[0]} {{
  given {{"agency": "state_corrections", "convictions": [{{"level": "felony"}}],
          "request": {{"kinds": ["hold"]}}}}
  expect hold permitted
  expect hold grounds (b)(1)
  expect duty {q[0]}
}}
"""
    return source, p


def test_a_hostile_statute_compiles_to_code_that_runs_none_of_it(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    text, texts = hostile_statute(sentinel)
    path = tmp_path / "hostile.law"
    path.write_text(text, encoding="utf-8")
    program = checker.compile_file(path)
    compiled = compile_program(program)
    vocab = default_vocabulary()

    example = cases.validate(program.examples[0].case, vocab)
    got = compiled.evaluate(example)
    assert got.outcomes["hold"] == "permitted"
    assert got.deciding["hold"] == tuple(r.id for r in program.rules if r.provision == "(b)(1)")
    assert got.duties == (texts[0],)  # the hostile duty id, intact, as data
    decision = build_decision(program, got, example)
    assert decision.duties[0].text == texts[1]
    assert decision.grounds["hold"][0].citation == texts[3].replace("\n", " ")  # one line

    raws: list[dict[str, Any]] = [
        {},
        {"agency": "state_corrections", "convictions": [], "charges": [], "person": {}},
        {"charges": [{"court": "this_state", "bond_posted": False}], "request": {"kinds": []}},
        {"person": {"gang_database": True}, "request": {"kinds": ["hold"]}, "convictions": [{}]},
    ]
    for raw in raws:
        data = cases.validate(raw, vocab)
        assert compiled.evaluate(data) == interp.evaluate(program, data)

    assert_only_generated_names(compiled.source)
    assert texts[0] in string_constants(compiled.source)
    assert_restricted_namespace(compiled.namespace)
    assert not sentinel.exists()


# ---- hostile IR built by hand -----------------------------------------------------------------


def hostile_program(sentinel: Path) -> tuple[ir.Program, list[str]]:
    p = payloads(sentinel)
    enum = ir.EnumType(p[0], (p[1], p[2], "__class__"))
    record = ir.RecordType(p[3])
    flag = ir.Fact((p[4], p[5]), ir.BOOL)
    level = ir.Fact((p[2],), enum)
    items = ir.Fact((p[1],), ir.ListType(record))
    element = ir.Var("__import__", record)
    listed = ir.Fact(("__builtins__",), ir.ListType(enum))
    condition = ir.Or(
        (
            ir.And((flag, ir.Member(level, ir.SetConst((p[1], "__class__"), enum)))),
            ir.Quantifier(
                "any",
                element,
                items,
                ir.Compare("=", ir.Field(element, p[0], enum), ir.Const(p[2], enum)),
            ),
            ir.Member(ir.Const(p[1], enum), listed),
        )
    )
    rules = (
        ir.Rule(p[0], p[1], "hold", "prohibited", ir.TRUE, 0, p[2], p[3]),
        ir.Rule(p[4], p[5], "hold", "permitted", condition, 1, p[0], p[1]),
        ir.Rule(
            p[2],
            p[3],
            "transfer",
            "required",
            ir.Compare(
                "<", ir.Fact(("__class__",), ir.DATE), ir.Const(dt.date(2014, 1, 1), ir.DATE)
            ),
            0,
            p[4],
            p[5],
        ),
    )
    duties = (ir.Duty(p[5], p[0], p[1], p[2], condition),)
    meta = ir.StatuteMeta(p[0], p[1], p[2], p[3], "proposed")
    return ir.Program(meta, rules, duties, (), (), (), (), (), (), "sha256:" + p[4]), p


def test_hostile_names_and_values_in_ir_stay_data(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    program, p = hostile_program(sentinel)
    compiled = compile_program(program)
    permitted_by_flag = {p[4]: {p[5]: True}, p[2]: "__class__"}
    permitted_by_list = {p[1]: [{p[0]: p[2]}]}
    permitted_by_member = {"__builtins__": [p[2], p[1]]}
    prohibited = {
        p[4]: {p[5]: False},
        p[2]: p[2],
        p[1]: [{p[0]: p[1]}],
        "__builtins__": [],
        "__class__": dt.date(2014, 1, 1),
    }
    undetermined = {
        p[4]: {p[5]: None},
        p[2]: p[1],
        p[1]: [],
        "__builtins__": [],
        "__class__": dt.date(2013, 12, 31),
    }
    expected: list[tuple[dict[str, Any], str]] = [
        (permitted_by_flag, "permitted"),
        (permitted_by_list, "permitted"),
        (permitted_by_member, "permitted"),
        (prohibited, "prohibited"),
        (undetermined, "undetermined"),
    ]
    for data, hold in expected:
        got = compiled.evaluate(data)
        assert got == interp.evaluate(program, data)
        assert got.outcomes["hold"] == hold
        assert compiled.outcomes(data)["hold"] == hold
    assert compiled.evaluate(prohibited).outcomes["transfer"] == "permitted"
    assert compiled.evaluate(undetermined).outcomes["transfer"] == "required"
    assert compiled.evaluate(permitted_by_flag).duties == (p[5],)
    assert compiled.evaluate(permitted_by_flag).deciding["hold"] == (p[4],)

    assert_only_generated_names(compiled.source)
    constants = string_constants(compiled.source)
    assert {p[0], p[1], p[2], p[4], p[5]} <= constants
    assert_restricted_namespace(compiled.namespace)
    code = compiled.outcomes.__code__
    assert code.co_filename.startswith("<trustlaw:") and "\n" not in code.co_filename
    assert "'" not in code.co_filename and '"' not in code.co_filename
    assert not sentinel.exists()


class _EvilText(str):
    """A string whose repr is code: a generator that pasted repr() would run it."""

    def __repr__(self) -> str:
        return "__import__('os').system('touch /nonexistent/pwned')"


@pytest.mark.parametrize(
    "value",
    [1.5, b"bytes", _EvilText("felony"), dt.datetime(2014, 1, 1), object()],
    ids=["float", "bytes", "str-subclass", "datetime", "object"],
)
def test_constants_outside_the_safe_types_are_refused(value: object) -> None:
    enum = ir.EnumType("offense_level", ("felony",))
    condition = ir.Compare("=", ir.Fact(("level",), enum), ir.Const(value, enum))  # type: ignore[arg-type]
    rules = (ir.Rule("(a)", "(a)", "hold", "permitted", condition, 0, "c", "t"),)
    meta = ir.StatuteMeta("xx/consts", "t", "xx", "c", "proposed")
    program = ir.Program(
        meta, rules, (), (), (), (), (), (), (), f"sha256:const-{type(value).__name__}"
    )
    with pytest.raises(TypeError):
        compile_program(program)


def test_the_audit_refuses_anything_outside_the_closed_set() -> None:
    program, _ = hostile_program(Path("/nonexistent/pwned"))
    clean = generate(program)
    _audit(clean)

    def tampered(snippet: str) -> ast.Module:
        module = generate(program)
        module.body.extend(ast.parse(snippet).body)
        return module

    for snippet in [
        "import os",
        "from os import system as _x",
        "_x = open",
        "_x = _rt.guarded_import",
        "_x = _rt.__class__",
        "_x = ().__class__",
        "_x = lambda: 1",
        "_x = 1.5",
        "_x = [_y for _y in _z]",
        "_rt.day(1, 1, 1)",
        "def __init__(_in): pass",
        "_x = _mk((1, 2))",  # an evaluation is built from all of its fields
        "_x = _mk(_y)",
        "_x = _mk((1, 2, 3, 4, 5, 6, 7, 8), 9)",
        "_x = _rt.day(1, 1, day_=1)",  # no keyword arguments anywhere
    ]:
        with pytest.raises(ValueError):
            _audit(tampered(snippet))
