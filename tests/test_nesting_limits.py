"""Quantifiers nested inside one another (`any c1 in convictions where any c2 in …`) are
limited to `MAX_QUANTIFIERS` once definitions are written out (TL-S032): each level
multiplies every backend's work by a list's length, the compiled backend writes one loop
per level (CPython compiles at most 20), and the SQL backend one subquery per level. At
the limit every backend decides quickly; one level deeper is a located error from
`trustlaw check`, never an internal error from `decide` or `batch`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cli_run import run

import trustlaw
from trustlaw.checker import compile_file
from trustlaw.lowering.files import statutes_root
from trustlaw.lowering.ir_tools import quantifier_depth
from trustlaw.lowering.resolve import MAX_QUANTIFIERS

CODE = "TL-S032"

HEADER = """statute "test/nesting" {
  title "Nested quantifiers"
  jurisdiction "test"
  citation "Test Act"
  status proposed
  introduced 2015-01-01
}

provision (a) {
  cites "Test Act (a)"
  text "No holds."
  hold prohibited
}
"""


def provision(condition: str) -> str:
    return ('\nprovision (b) except (a) {\n  cites "Test Act (b)"\n  text "Deep."\n'
            f"  hold permitted if {condition}\n}}\n")


def nested(depth: int, first: int = 0) -> str:
    """`depth` quantifiers over `convictions`, one inside another (any and all by turns),
    whose innermost body reads every bound conviction."""
    kinds = ("any", "all")
    head = "".join(f"{kinds[i % 2]} c{first + i} in convictions where "
                   for i in range(depth))
    leaf = " and ".join(f"c{first + i}.level = felony" for i in range(depth))
    return head + "(" + leaf + ")"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def found(path: Path) -> list[trustlaw.Diagnostic]:
    return [d for d in trustlaw.check(path) if d.code == CODE]




def conviction(level: str) -> dict[str, object]:
    return {"level": level}


CASES = [
    {"id": f"case-{n}", "date": "2015-03-02", "agency": "state_corrections",
     "request": {"kinds": ["hold"]},
     "convictions": [conviction("felony" if i % 3 else "misdemeanor") for i in range(n)]}
    for n in range(5)
] + [
    {"id": "all-felonies", "date": "2015-03-02", "agency": "state_corrections",
     "request": {"kinds": ["hold"]}, "convictions": [conviction("felony")] * 4},
]


@pytest.mark.slow
def test_the_limit_leaves_the_bundled_statutes_room() -> None:
    deepest = 0
    for path in sorted(statutes_root().rglob("*.law")):
        if "vocabulary" in path.parts:
            continue
        program = compile_file(path)
        conditions = [r.condition for r in program.rules]
        conditions += [d.condition for d in program.duties]
        conditions += [lim.condition for lim in program.limits]
        conditions += [d.body for d in program.definitions]
        deepest = max([deepest, *(quantifier_depth(c) for c in conditions)])
    assert deepest == 2
    assert 3 <= deepest + 2 <= MAX_QUANTIFIERS <= 6


# ---- at the limit: every backend, quickly ------------------------------------------------


@pytest.fixture(scope="module")
def at_limit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(tmp_path_factory.mktemp("nesting")) / "at-limit.law"
    path.write_text(HEADER + provision(nested(MAX_QUANTIFIERS)), encoding="utf-8")
    return path


def test_a_file_at_the_limit_checks_clean_and_decides_on_every_backend(at_limit: Path) -> None:
    assert trustlaw.check(at_limit) == []
    statute = trustlaw.load(at_limit)
    assert max(quantifier_depth(r.condition) for r in statute.program.rules) == MAX_QUANTIFIERS
    started = time.monotonic()
    compiled = [statute.decide(case).outcomes["hold"] for case in CASES]
    interpreted = [statute.decide(case, backend="interpreter").outcomes["hold"]
                   for case in CASES]
    assert compiled == interpreted
    # any/all by turns over one list, every element read: only a list of felonies holds
    assert compiled == [*["prohibited"] * 5, "permitted"]
    batched = trustlaw.batch(at_limit, CASES).to_pylist()
    assert [row["hold"] for row in batched] == compiled
    assert time.monotonic() - started < 30


def test_the_solver_checks_a_file_at_the_limit_quickly(
    at_limit: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("z3")
    started = time.monotonic()
    code, *streams = run(capsys, "check", "--solver", str(at_limit))
    assert code == 0, streams
    assert time.monotonic() - started < 30


# ---- one level deeper: a located error ---------------------------------------------------


def test_one_level_deeper_is_a_located_error_at_the_quantifier_too_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    condition = nested(MAX_QUANTIFIERS + 1)
    source = HEADER + provision(condition)
    path = write(tmp_path, "deeper.law", source)
    [diagnostic] = found(path)
    line = source.splitlines().index(f"  hold permitted if {condition}") + 1
    kind = ("any", "all")[MAX_QUANTIFIERS % 2]
    column = source.splitlines()[line - 1].index(f"{kind} c{MAX_QUANTIFIERS} in") + 1
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    assert f"`{kind} c{MAX_QUANTIFIERS} in convictions where …`" in diagnostic.message
    assert f"more than the {MAX_QUANTIFIERS} allowed" in diagnostic.message
    assert diagnostic.help
    code, *streams = run(capsys, "check", "--no-solver", str(path))
    assert code == 1
    output = "".join(streams)
    assert f"{CODE}]" in output and f"deeper.law:{line}:{column}" in output
    assert "= help:" in output
    with pytest.raises(trustlaw.StatuteError) as raised:
        trustlaw.load(path)
    assert CODE in str(raised.value)


@pytest.mark.parametrize(("depth", "code"), [
    (MAX_QUANTIFIERS + 1, CODE), (21, CODE), (30, CODE),
    (70, "TL-P020"),  # past the parser's nesting limit (a chain of `and`s is one level)
])
def test_deep_nesting_never_reaches_a_backend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int, code: str
) -> None:
    # 21 levels broke the compiled backend (too many statically nested blocks), 30 the
    # SQL backend (RecursionError), and the solver ran for minutes
    path = write(tmp_path, f"nest{depth}.law", HEADER + provision(nested(depth)))
    case = '{"id": "x", "date": "2015-03-02", "convictions": []}'
    one = write(tmp_path, "case.json", case)
    many = write(tmp_path, "cases.jsonl", case + "\n")
    started = time.monotonic()
    assert [d.code for d in trustlaw.check(path)] == [code]
    for argv in (["check", str(path)], ["decide", str(path), str(one)],
                 ["batch", str(path), "--cases", str(many), "--out", str(tmp_path / "o.jsonl")]):
        status, *streams = run(capsys, *argv)
        output = "".join(streams)
        assert status != 0 and code in output, argv
    with pytest.raises(trustlaw.StatuteError):
        trustlaw.batch(path, [{"id": "x", "date": "2015-03-02"}])
    assert time.monotonic() - started < 30


def test_quantifiers_side_by_side_do_not_add_up(tmp_path: Path) -> None:
    condition = " and ".join(f"({nested(MAX_QUANTIFIERS, first=10 * i)})" for i in range(3))
    path = write(tmp_path, "wide.law", HEADER + provision(condition))
    assert trustlaw.check(path) == []


@pytest.mark.parametrize("quantifier", ["no c9 in convictions where",
                                        "(count c9 in convictions where"])
def test_no_and_count_are_quantifiers_too(tmp_path: Path, quantifier: str) -> None:
    inner = f"{quantifier} c9.level = felony"
    inner += ") >= 1" if quantifier.startswith("(") else ""
    head = "".join(f"any c{i} in convictions where " for i in range(MAX_QUANTIFIERS))
    path = write(tmp_path, "kinds.law", HEADER + provision(head + inner))
    [diagnostic] = found(path)
    assert f"inside {MAX_QUANTIFIERS} other quantifiers" in diagnostic.message


# ---- definitions count where they are used -----------------------------------------------


def definition(name: str, body: str, params: str = "") -> str:
    return f'\ndefinition {name}{params} {{\n  cites "Test Act (d)"\n  means {body}\n}}\n'


def test_a_definition_counts_where_it_is_used(tmp_path: Path) -> None:
    inner = definition("two_deep", nested(2, first=10))
    at_limit = "".join(f"any c{i} in convictions where " for i in range(MAX_QUANTIFIERS - 2))
    ok = write(tmp_path, "ok.law", HEADER + inner + provision(at_limit + "two_deep"))
    assert trustlaw.check(ok) == []
    too_deep = at_limit + f"any c{MAX_QUANTIFIERS} in convictions where two_deep"
    source = HEADER + inner + provision(too_deep)
    path = write(tmp_path, "deep.law", source)
    [diagnostic] = found(path)
    # at the use of the definition, which is the part that goes too deep
    line = source.splitlines().index(f"  hold permitted if {too_deep}") + 1
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (
        line, len(f"  hold permitted if {too_deep}") - len("two_deep") + 1)
    assert "`two_deep` nests 2 quantifiers" in diagnostic.message
    assert f"inside {MAX_QUANTIFIERS - 1} other quantifiers" in diagnostic.message
    # the definition alone is fine, and nothing else is reported
    assert [d.code for d in trustlaw.check(path)] == [CODE]


def test_a_chain_of_definitions_is_counted_through_every_reference(tmp_path: Path) -> None:
    parts = [definition("d0", "c.level = felony", "(c: conviction)")]
    for i in range(1, MAX_QUANTIFIERS + 2):
        call = "d0(x1)" if i == 1 else f"d{i - 1}"
        parts.append(definition(f"d{i}", f"any x{i} in convictions where {call}"))
    # d1 … d{MAX} are within the limit; d{MAX + 1} is one quantifier too deep
    source = HEADER + "".join(parts[:-1]) + provision(f"d{MAX_QUANTIFIERS}")
    assert trustlaw.check(write(tmp_path, "ok.law", source)) == []
    source = HEADER + "".join(parts) + provision(f"d{MAX_QUANTIFIERS + 1}")
    path = write(tmp_path, "chain.law", source)
    [diagnostic] = found(path)
    assert diagnostic.span is not None
    assert source.splitlines()[diagnostic.span.line - 1].startswith(
        f"  means any x{MAX_QUANTIFIERS + 1} in convictions where d{MAX_QUANTIFIERS}")
    assert f"`d{MAX_QUANTIFIERS}` nests {MAX_QUANTIFIERS} quantifiers" in diagnostic.message


def test_a_quantifier_passed_into_a_definition_counts_inside_it(tmp_path: Path) -> None:
    # the argument lands inside the definition's own quantifiers once written in
    wrapper = definition(
        "in_every_conviction", "all w in convictions where w.level = felony and p",
        "(p: bool)")
    argument = nested(MAX_QUANTIFIERS - 1, first=10)
    ok = HEADER + wrapper + provision(f"in_every_conviction({argument})")
    assert trustlaw.check(write(tmp_path, "ok.law", ok)) == []
    call = f"in_every_conviction({nested(MAX_QUANTIFIERS, first=10)})"
    source = HEADER + wrapper + provision(call)
    path = write(tmp_path, "arg.law", source)
    [diagnostic] = found(path)
    line = source.splitlines().index(f"  hold permitted if {call}") + 1
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (line, len("  hold permitted if ") + 1)
    assert f"nests {MAX_QUANTIFIERS + 1} quantifiers once its arguments" in diagnostic.message


def test_a_definition_is_reported_only_where_it_is_used_too_deep(tmp_path: Path) -> None:
    inner = definition("three_deep", nested(3, first=10))
    outer = "".join(f"any c{i} in convictions where " for i in range(MAX_QUANTIFIERS - 2))
    source = (HEADER + inner + provision(f"three_deep and ({outer}three_deep)"))
    [diagnostic] = found(write(tmp_path, "uses.law", source))
    assert "`three_deep` nests 3 quantifiers" in diagnostic.message
