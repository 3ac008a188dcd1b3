"""Every snippet a reader would copy from README.md and docs/ works as written.

- ```python blocks run, a page's blocks in order in one namespace (a page reads as one
  session), in a fresh directory holding the files the docs tell the reader to make.
  A statement's trailing comment that states a value is checked against what the
  statement evaluates to: a Python literal (`# 'permitted'`, `# False: some case …`),
  alternatives (`# "proved", "violated" or "unknown"`), a repr with `...` for the rest
  (`# MaxHold(hours=48, ...)`), a type (`# pyarrow.Table`) or, for a date and time, its
  weekday, date and hour (`# Monday 2015-03-09 17:00`). Inside a loop the comment is an
  example: some iteration must give it. Other comments are prose and only have to run.
- Shell blocks (```sh, and unlabelled blocks of `trustlaw` command lines) run line by
  line; each `trustlaw` command must exit 0 (`compare` may exit 1: a difference).
  `pip install` and the project's own test-suite command are not run; `trustlaw serve`
  and `curl` are answered by the service in process (Starlette's test client).
- ```text transcripts (`$ command` then its output) must print what they show, where
  `…` stands for any text and a duration for any duration.
- Every `trustlaw COMMAND --option` the docs name, in code, exists.

A block the test must not run has `<!-- not run: REASON -->` on the line before it.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import io
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from trustlaw import checker, cli

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
SHELL = ("sh", "bash", "console", "shell")


@attrs.frozen
class Block:
    page: str     # relative to the repository
    line: int     # of the opening fence
    language: str
    text: str
    skip: str | None  # the reason given in `<!-- not run: … -->`

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = re.match(r"^ *```(\w*)", lines[i])
        if opening is None:
            i += 1
            continue
        indent = len(lines[i]) - len(lines[i].lstrip())
        end = next(j for j in range(i + 1, len(lines)) if re.match(r"^ *```\s*$", lines[j]))
        body = "\n".join(line[indent:] for line in lines[i + 1:end]) + "\n"
        previous = lines[i - 1].strip() if i else ""
        not_run = re.fullmatch(r"<!-- not run: (.+) -->", previous)
        found.append(Block(str(page.relative_to(REPO)), i + 1, opening.group(1), body,
                           not_run.group(1) if not_run else None))
        i = end + 1
    return found


ALL = [b for page in PAGES for b in blocks(page)]


def is_commands(block: Block) -> bool:
    """A shell block, or an unlabelled one of `trustlaw` command lines (not a synopsis)."""
    if block.language in SHELL:
        return True
    lines = [line for line in block.text.splitlines() if line.strip()]
    return (block.language == "" and bool(lines)
            and all(line.startswith("trustlaw ") for line in lines)
            and not any(c in block.text for c in "…[]"))


def is_transcript(block: Block) -> bool:
    return block.language in ("text", "console") and block.text.startswith("$ ")


# ---- the files the docs tell a reader to make -------------------------------------------------


def _law_block(page: str) -> str:
    (law,) = [b.text for b in ALL if b.page == page and b.language == "law"]
    return law


def _case_json() -> str:
    """The case the guide "Check a client's case" writes to case.json."""
    (case,) = [b.text for b in ALL if b.page == "docs/guides/check-a-case.md"
               and b.language == "json"]
    return case


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small synthetic caseloads in each format (the docs make them with `trustlaw synth`)."""
    pytest.importorskip("pyarrow")
    folder = tmp_path_factory.mktemp("caseload")
    for name in ("cases.parquet", "cases.csv", "cases.jsonl"):
        assert cli.main(["synth", "--n", "200", "--seed", "1", "--out", str(folder / name)]) == 0
    return folder


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caseload: Path) -> Path:
    """A fresh directory as a reader has it after following the docs: the bundled statutes
    (README's commands run in a checkout), case.json, the caseloads, and the draft of the
    drafting guide."""
    (tmp_path / "statutes").symlink_to(REPO / "statutes", target_is_directory=True)
    (tmp_path / "case.json").write_text(_case_json(), encoding="utf-8")
    for file in caseload.iterdir():
        shutil.copy(file, tmp_path / file.name)
    shutil.copy(caseload / "cases.jsonl", tmp_path / "caseload.jsonl")
    draft = _law_block("docs/guides/draft-a-variant.md")
    for name in ("draft.law", "my-draft.law"):
        (tmp_path / name).write_text(draft, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- Python blocks -----------------------------------------------------------------------------


def _comments(source: str) -> dict[int, str]:
    """Line number → the text of the comment that ends that line."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string[1:].strip()
    return found


class _Claims(ast.NodeTransformer):
    """`EXPR  # comment` becomes `__claim__(line, EXPR)` (the printed value for print)."""

    def __init__(self, comments: dict[int, str]) -> None:
        self.comments = comments

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if node.end_lineno not in self.comments:
            return node
        value = node.value
        if (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id == "print" and len(value.args) == 1):
            value = ast.Call(ast.Name("print", ast.Load()), [ast.Call(
                ast.Name("__claim__", ast.Load()),
                [ast.Constant(node.end_lineno), value.args[0]], [])], [])
        else:
            value = ast.Call(ast.Name("__claim__", ast.Load()),
                             [ast.Constant(node.end_lineno), value], [])
        return ast.copy_location(ast.Expr(value), node)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _literal(text: str) -> tuple[bool, Any]:
    try:
        return True, ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False, None


def claim_holds(comment: str, value: Any) -> bool | None:
    """Whether `value` is what `comment` says it is; None when the comment is prose."""
    if comment.startswith("or "):
        return None  # an alternative way to write the line
    if isinstance(value, dt.datetime):
        shown = comment.rsplit("->", 1)[-1]
        days = [d for d in WEEKDAYS if d in shown]
        times = re.findall(r"\b\d{1,2}:\d\d\b", shown)
        dates = re.findall(r"\d{4}-\d\d-\d\d", shown)
        if not (days or times or dates):
            return None
        return (all(d == value.strftime("%A") for d in days)
                and all(t == value.strftime("%H:%M") for t in times)
                and all(d == value.date().isoformat() for d in dates))
    if "..." in comment and re.match(r"\(?[A-Z]\w*\(", comment):
        pattern = ".*".join(re.escape(part) for part in comment.split("..."))
        return re.fullmatch(pattern, repr(value), re.S) is not None
    if re.fullmatch(r"[a-z_]\w*(\.\w+)+", comment):  # a type: `pyarrow.Table`
        module, _, name = comment.rpartition(".")
        try:
            kind = getattr(__import__(module, fromlist=[name]), name)
        except (ImportError, AttributeError):
            return None
        return isinstance(value, kind) if isinstance(kind, type) else None
    for text in (comment, comment.replace(" or ", ", "), comment.split(":", 1)[0]):
        ok, literal = _literal(text)
        if ok and literal is not Ellipsis:
            if isinstance(literal, tuple) and not isinstance(value, tuple):
                return value in literal
            return bool(value == literal)
    return None


def python_pages() -> Iterator[Any]:
    pages: dict[str, list[Block]] = {}
    for b in ALL:
        if b.language == "python":
            pages.setdefault(b.page, []).append(b)
    for page, found in pages.items():
        marks = [pytest.mark.skip(reason=f"{b.name}: {b.skip}") for b in found if b.skip][:1]
        yield pytest.param(page, found, id=page, marks=marks)


def run_python(found: list[Block], namespace: dict[str, Any]) -> list[str]:
    """Runs the blocks of one page in order; the claims that do not hold."""
    wrong: list[str] = []
    for block in found:
        comments = _comments(block.text)
        seen: dict[int, list[Any]] = {}

        def claim(line: int, value: Any, seen: dict[int, list[Any]] = seen) -> Any:
            seen.setdefault(line, []).append(value)
            return value

        tree = ast.fix_missing_locations(_Claims(comments).visit(ast.parse(block.text)))
        namespace["__claim__"] = claim
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(tree, block.name, "exec"), namespace)
        for line, values in seen.items():
            verdicts = [claim_holds(comments[line], v) for v in values]
            if verdicts and verdicts[0] is not None and not any(verdicts):
                wrong.append(f"{block.page}:{block.line + line}: `{comments[line]}`, but "
                             f"{' / '.join(repr(v)[:200] for v in values[:3])}")
    return wrong


@pytest.mark.parametrize(("page", "found"), list(python_pages()))
def test_python_blocks_run_and_say_true(page: str, found: list[Block], workdir: Path) -> None:
    source = "".join(b.text for b in found)
    if re.search(r"trustlaw\.(compare|verify)|strategies", source):
        pytest.importorskip("z3")
    if "engine=\"postgres\"" in source:
        from sql_engines import postgres_conninfo

        conninfo = postgres_conninfo()
        found = [attrs.evolve(b, text=re.sub(r'connection="[^"]*"', f"connection={conninfo!r}",
                                              b.text)) for b in found]
    assert run_python(found, {"__name__": "__docs__"}) == []


def test_the_claims_are_read_as_meant() -> None:
    assert claim_holds("'permitted'", "permitted")
    assert not claim_holds("'permitted'", "prohibited")
    assert claim_holds("False: some case is decided differently", False)
    assert claim_holds('"proved", "violated" or "unknown"', "unknown")
    assert not claim_holds('"a", "b", "equivalent", "incomparable"', "c")
    assert claim_holds("MaxHold(hours=48, ...)", type("MaxHold", (), {
        "__repr__": lambda self: "MaxHold(hours=48, excluding=())"})())
    assert claim_holds("Thursday 17:00 -> Monday 17:00", dt.datetime(2015, 3, 9, 17))
    assert not claim_holds("Monday 2015-03-09 17:00", dt.datetime(2015, 3, 10, 17))
    assert claim_holds("the version in force today", "ct/pa-25-29") is None
    assert claim_holds('or trustlaw.load("ct", on=date(2016, 5, 1))', object()) is None


# ---- command lines ------------------------------------------------------------------------------

# Run by the reader, never by a test: installing, and the project's whole test suite.
NOT_COMMANDS = (r"pip install\b", r"python -m pytest -q\b")
# Commands that take seconds (a 200,000-case caseload, every invariant or pair of the library,
# the statute examples under pytest in a new process)
SLOW = (r"trustlaw synth --n 200000\b", r"trustlaw verify( statutes/)?$", r"trustlaw matrix$",
        r"^pytest ", r"trustlaw check( statutes/)?$", r"trustlaw test$")


def command_lines(block: Block) -> list[str]:
    """The block's commands, continuation lines joined, `&&` chains split."""
    text = block.text.replace("\\\n", " ")
    commands: list[str] = []
    pending = ""
    for line in text.splitlines():
        pending += ("\n" if pending else "") + line.removeprefix("$ ").strip()
        try:
            shlex.split(pending, comments=True)
        except ValueError:  # a quotation open across lines
            continue
        if pending:
            commands.extend(part.strip() for part in pending.split(" && "))
        pending = ""
    return commands


def _is_slow(command: str) -> bool:
    return any(re.search(pattern, command) for pattern in SLOW)


def command_params() -> Iterator[Any]:
    for block in ALL:
        if not is_commands(block):
            continue
        for command in command_lines(block):
            command = shlex.join(shlex.split(command, comments=True))
            if not command or any(re.match(p, command) for p in NOT_COMMANDS):
                continue
            marks = [pytest.mark.slow] if _is_slow(command) else []
            if block.skip:
                marks.append(pytest.mark.skip(reason=block.skip))
            yield pytest.param(block, command, id=f"{block.name} {command}", marks=marks)


def test_commands_that_need_a_clone_say_so() -> None:
    """The docs' commands work wherever trustlaw is installed (ids, the reader's own files,
    the bundled library by default); one that reads the clone's statutes/ folder, which an
    installed trustlaw keeps inside its package, says "in a clone" in its comment."""
    silent = [f"{block.name}: {line.strip()}"
              for block in ALL if block.page.startswith("docs/") and is_commands(block)
              for line in block.text.splitlines()
              if re.search(r"(^|\s)statutes/", line.partition(" #")[0])
              and "in a clone" not in line.partition(" #")[2]]
    assert silent == []


@attrs.frozen
class Ran:
    code: int
    out: str
    err: str


def run_command(command: str, capsys: pytest.CaptureFixture[str],
                request: pytest.FixtureRequest) -> Ran:
    words = shlex.split(command, comments=True)
    redirect = None
    if ">" in words:
        words, redirect = words[: words.index(">")], words[words.index(">") + 1]
    if words[0] == "trustlaw":
        capsys.readouterr()
        try:
            code = cli.main(words[1:])
        except SystemExit as stop:
            code = int(stop.code or 0)
        out, err = capsys.readouterr()
    elif words[0] == "curl":
        code, out, err = 0, _curl(words, request.getfixturevalue("service")), ""
    else:
        if words[0] == "pytest":  # as in a clone: with its options (-ra: the XFAIL lines)
            words = [sys.executable, "-m", *words, "-p", "no:cacheprovider", *_clone_addopts()]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run(words, capture_output=True, text=True, env=env, timeout=300)
        code, out, err = done.returncode, done.stdout, done.stderr
    if redirect is not None:
        Path(redirect).write_text(out, encoding="utf-8")
        out = ""
    return Ran(code, out, err)


def _clone_addopts() -> list[str]:
    """The pytest options a clone's pyproject.toml adds (the docs' workdir has none)."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return shlex.split(config["tool"]["pytest"]["ini_options"].get("addopts", ""))


def _curl(words: list[str], service: Any) -> str:
    url = next(w for w in words[1:] if w.startswith("http"))
    headers, body = {}, None
    for flag, value in itertools.pairwise(words):
        if flag == "-H":
            name, _, text = value.partition(":")
            headers[name] = text.strip()
        elif flag == "-d":
            body = Path(value[1:]).read_bytes() if value.startswith("@") else value.encode()
    path = url.split("8000", 1)[1]
    answer = service.post(path, content=body, headers=headers) if body is not None \
        else service.get(path)
    return str(answer.text)


@pytest.fixture(scope="module")
def service() -> Iterator[Any]:
    """What `trustlaw serve` answers on 127.0.0.1:8000, in process."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from trustlaw.service import ServiceConfig, create_app

    with TestClient(create_app(ServiceConfig(preload=False))) as client:
        yield client


@pytest.mark.parametrize(("block", "command"), list(command_params()))
def test_command_lines_run(block: Block, command: str, workdir: Path,
                           capsys: pytest.CaptureFixture[str],
                           request: pytest.FixtureRequest) -> None:
    if command.startswith("trustlaw serve"):
        return  # the `service` fixture stands in for it
    if re.search(r"trustlaw (verify|matrix|compare)\b", command):
        pytest.importorskip("z3")
    ran = run_command(command, capsys, request)
    allowed = {0, 1} if command.startswith("trustlaw compare") else {0}
    assert ran.code in allowed, f"{command}: exit {ran.code}\n{ran.err[-2000:]}"
    assert "Traceback" not in ran.err
    if command.startswith("curl"):
        assert "error" not in json.loads(ran.out), ran.out


def shown_json_matches(shown: Any, real: Any) -> bool:
    """`shown` is `real` shortened: a key or list item "…" stands for the rest, a text
    "…" for any value, and a text ending in "…" for one that begins so."""
    if isinstance(shown, dict):
        return isinstance(real, dict) and all(
            key in real and shown_json_matches(value, real[key])
            for key, value in shown.items() if key != "…")
    if isinstance(shown, list):
        items = [item for item in shown if item != "…"]
        return (isinstance(real, list) and len(real) >= len(items)
                and ("…" in shown or len(real) == len(items))
                and all(shown_json_matches(a, b) for a, b in zip(items, real, strict=False)))
    if shown == "…":
        return True
    if isinstance(shown, str) and shown.endswith("…"):
        return isinstance(real, str) and real.startswith(shown[:-1])
    return bool(shown == real)


def answered_requests() -> Iterator[Any]:
    for block, after in itertools.pairwise(ALL):
        if (block.page == after.page and is_commands(block) and after.language == "json"
                and any(c.startswith("curl") for c in command_lines(block))):
            yield pytest.param(block, after, id=block.name)


@pytest.mark.parametrize(("block", "answer"), list(answered_requests()))
def test_the_service_answers_as_shown(block: Block, answer: Block, workdir: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      request: pytest.FixtureRequest) -> None:
    (command,) = [c for c in command_lines(block) if c.startswith("curl")]
    real = json.loads(run_command(command, capsys, request).out)
    assert shown_json_matches(json.loads(answer.text), real), real


def test_shortened_json_matching() -> None:
    real = {"a": [1, 2, 3], "b": "a long text", "c": {"d": 1}}
    assert shown_json_matches({"a": [1, "…"], "b": "a long…", "…": []}, real)
    assert not shown_json_matches({"a": [1, 2]}, real)
    assert not shown_json_matches({"b": "a short…"}, real)
    assert not shown_json_matches({"e": 1}, real)


# ---- transcripts -----------------------------------------------------------------------------

DURATION = r"\d+(\.\d+)? ?s\b"


def shown_matches(shown: str, printed: str) -> bool:
    """`printed` is what `shown` shows: `…` stands for any text, a duration for any."""
    parts = re.split(rf"(…|{DURATION})", shown.strip("\n"))
    pattern = ""
    for part in parts:
        if part is None or part == "":
            continue
        if part == "…":
            pattern += ".*?"
        elif re.fullmatch(DURATION, part):
            pattern += DURATION
        elif not re.fullmatch(r"\.\d+", part) and part != " ":
            pattern += re.escape(part)
    return re.fullmatch(pattern, printed.strip("\n"), re.S) is not None


def transcripts() -> Iterator[Any]:
    for block in ALL:
        if is_transcript(block):
            marks = [pytest.mark.skip(reason=block.skip)] if block.skip else []
            if any(_is_slow(line[2:]) for line in block.text.splitlines()
                   if line.startswith("$ ")):
                marks.append(pytest.mark.slow)
            yield pytest.param(block, id=block.name, marks=marks)


def steps(text: str) -> list[tuple[str, str]]:
    """`$ command` lines, each with the output shown under it."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], ""))
        else:
            command, shown = found[-1]
            found[-1] = (command, shown + line + "\n")
    return found


@pytest.mark.parametrize("block", list(transcripts()))
def test_transcripts_print_what_they_show(block: Block, workdir: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch,
                                          request: pytest.FixtureRequest) -> None:
    if block.page == "docs/cli.md":
        # the page's cases.jsonl has a bad second line: {"date": "x"}
        case = json.dumps(json.loads(_case_json()))
        Path("cases.jsonl").write_text(case + '\n{"date": "x"}\n', encoding="utf-8")
    if "gang_databse" in block.text:
        # the diagnostics example: a checkout whose copy of the Act has that typo in it
        Path("statutes").unlink()
        shutil.copytree(REPO / "statutes", "statutes")
        act = Path("statutes/ct/pa-13-155.law")
        law = act.read_text(encoding="utf-8")
        typo = law.replace("means person.gang_database and", "means person.gang_databse and")
        assert typo != law
        act.write_text(typo, encoding="utf-8")
        monkeypatch.setattr(checker, "statutes_root", lambda: workdir / "statutes")
    for command, shown in steps(block.text):
        ran = run_command(command, capsys, request)
        printed = [ran.out + ran.err, ran.err + ran.out, ran.out, ran.err]
        assert any(shown_matches(shown, p) for p in printed if p), (
            f"{block.name}: `{command}` printed\n{ran.out}{ran.err}")


def test_transcript_matching() -> None:
    assert shown_matches("455 passed in 2.2s\n", "455 passed in 1.52s\n")
    assert not shown_matches("455 passed in 2.2s\n", "465 passed in 1.52s\n")
    assert shown_matches("a …\nb\n…\n", "a and more\nthat\nb\nc\nd\n")
    assert not shown_matches("a\nb\n", "a\nb\nc\n")


# ---- commands and options named in code ------------------------------------------------------


def _options(parser: argparse.ArgumentParser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
    return found


def test_every_command_and_option_named_in_code_exists() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    code = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for b in blocks(page):
            if b.language in (*SHELL, ""):  # a synopsis goes on over indented lines
                code.append((page.name, re.sub(r"\\?\n(?=[ \t])", " ", b.text)))
            elif b.language != "law":
                code.append((page.name, b.text))
        code += [(page.name, span) for span in re.findall(r"`([^`\n]+)`", text)]
    wrong = []
    for name, text in code:
        for segment in re.split(r"\n|&&| \| ", text):  # commands, their comments cut off
            segment = re.split(r" #|;", segment)[0]
            for use in re.finditer(r"(?:^|\$ |\s|\()trustlaw ([a-z]+)(.*)", segment):
                command, rest = use.groups()
                if command not in commands.choices:
                    wrong.append(f"{name}: no command `trustlaw {command}`")
                    continue
                known = _options(commands.choices[command])
                for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", rest):
                    wrong += [f"{name}: `trustlaw {command}` has no {o}"
                              for o in option.split("/") if o not in known]
    assert wrong == []


# ---- cases the docs say are valid --------------------------------------------------------------


def test_the_guides_case_file_is_a_valid_case() -> None:
    import trustlaw

    trustlaw.validate(json.loads(_case_json()))
