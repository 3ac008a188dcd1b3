"""JSON lines of cases → one output line per input line: the decisions, or the line's error.

`trustlaw decide ID… cases.jsonl` writes exactly one line for every line it reads, in
order, so that output line N always belongs to input line N (bad and empty lines
included). With ``--format json`` a line is:

- under one statute, the decision itself (``Decision.to_json_line``, the JSON of
  CASES.md section 3 on one line);
- under several statutes, ``{"line": N, "decisions": [decision, …]}`` with one
  decision per statute, in the order the statutes were named;
- with ``--explain``, each decision carries one more field, ``"explanation"``: the
  worded account of `trustlaw explain` (`with_explanation`);
- for a line that holds no valid case, ``{"line": N, "error": "…", "problems":
  [{"code": "TL-C…", "message": "…", "help": "…"}, …]}`` (the same error is also
  printed on stderr with the file name and line number, and the exit code is 1).

Each case is validated once (`trustlaw.validate`) and the `Case` decided under every
statute named. Output is written as it is made, and flushed after each line only when
the input is a stream (stdin), so a pipeline sees each decision as soon as it exists.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from ..caseload.words import not_utf8
from ..diagnostics import CaseError, Diagnostic, UsageError, escaped, json_text
from .common import MAX_PRINTED, indent, not_text, parse_case_json

__all__ = ["decide_lines", "error_line", "with_explanation"]


def with_explanation(decision: Any, explanation: str) -> dict[str, Any]:
    """The decision's JSON (`Decision.to_dict()`) with its worded account added as
    ``"explanation"``, after every field the decision has (CASES.md: extend, never
    rename)."""
    return {**decision.to_dict(), "explanation": explanation}


def error_line(number: int, error: CaseError) -> str:
    """The JSON output line standing for input line `number`, which holds no valid case."""
    return json_text({"line": number, **_error_fields(error)})


def statute_error(ref: str, error: CaseError) -> dict[str, Any]:
    """The entry of a line's ``decisions`` standing for a statute that could not decide a
    valid case (a jurisdiction with no version in force on its date), worded as
    `error_line` words a line's error; the other statutes' decisions stand beside it."""
    return {"statute": ref, **_error_fields(error)}


def _error_fields(error: CaseError) -> dict[str, Any]:
    """``error`` (the first three messages in one line) and ``problems`` (each one)."""
    summary = "the case is not valid: " + "; ".join(d.message for d in error.diagnostics[:3])
    if len(error.diagnostics) > 3:
        summary += f"; and {len(error.diagnostics) - 3} more"
    return {"error": summary, "problems": [_problem(d) for d in error.diagnostics]}


def decide_each(statutes: Sequence[Any], case: Any, backend: str) -> list[Any]:
    """Each statute's decision of a valid case, or the `CaseError` of one that cannot
    choose a version for it; the error itself where none could decide it (the line's)."""
    out: list[Any] = []
    for statute in statutes:
        try:
            out.append(statute.decide(case, backend=backend))
        except CaseError as error:
            out.append(error)
    failed = [item for item in out if isinstance(item, CaseError)]
    if len(failed) == len(out):
        raise failed[0]
    return out


def _problem(diagnostic: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {"code": diagnostic.code, "message": diagnostic.message}
    if diagnostic.help:
        out["help"] = diagnostic.help
    return out


_EMPTY = CaseError([
    Diagnostic("TL-C000", "the line is empty", None, "each line must be one JSON object")
])


def decide_lines(
    statutes: Sequence[Any],
    lines: Iterable[str],
    name: str,
    *,
    backend: str = "compiled",
    text: bool = False,
    stream: bool = False,
    out: IO[str] | None = None,
    render: Any = None,
    explainers: Sequence[Callable[[Any], str]] | None = None,
) -> int:
    """Decide each line's case under every statute; return how many lines were bad.
    `text` writes the human format (`render(decision)` under a ``--- name:N`` rule).
    `explainers`, one per statute, add each decision's account in words (``--explain``):
    after the decision in text, as its ``"explanation"`` field in JSON."""
    from ..cases.case import validate_case

    write = (out or sys.stdout).write
    flush = (out or sys.stdout).flush
    vocabulary = statutes[0].vocabulary
    single = len(statutes) == 1
    bad = 0
    try:
        for number, line in enumerate(lines, start=1):
            try:
                if not line.strip():
                    raise _EMPTY
                undecodable = not_utf8(line)  # (read with surrogateescape: one bad line)
                if undecodable is not None:
                    raise CaseError([Diagnostic(
                        "TL-C000", f"the line is not valid UTF-8 {undecodable}", None,
                        "save the file as UTF-8 (JSON text always is)")])
                # the case without its line ending, which the limit does not count
                body = line.removesuffix("\n").removesuffix("\r")
                case = validate_case(parse_case_json(body, name, line=number), vocabulary)
                decisions = decide_each(statutes, case, backend)
                explanations = ([explain(d) if not isinstance(d, CaseError) else ""
                                 for explain, d in zip(explainers, decisions, strict=True)]
                                if explainers is not None else None)
            except CaseError as error:
                bad += 1
                if bad <= MAX_PRINTED:  # every bad line has its output line; details stop here
                    print(f"{escaped(name)}:{number}: this case is not valid:", file=sys.stderr)
                    print(indent(error.render()), file=sys.stderr)
                if text:
                    write(f"--- {escaped(name)}:{number}\n"
                          "not a valid case (see the error on stderr)\n")
                else:
                    write(error_line(number, error) + "\n")
            else:
                undecided = [(statute.ref, d) for statute, d in zip(statutes, decisions,
                                                                    strict=True)
                             if isinstance(d, CaseError)]
                if undecided:  # a line not decided under every name is a bad line
                    bad += 1
                    for ref, why in undecided:
                        if bad <= MAX_PRINTED:
                            print(f"{escaped(name)}:{number}: not decided under "
                                  f"{escaped(ref)}:", file=sys.stderr)
                            print(indent(why.render()), file=sys.stderr)
                if text:
                    for index, decision in enumerate(decisions):
                        shown = (f"{escaped(statutes[index].ref)}: not decided (see the error "
                                 "on stderr)" if isinstance(decision, CaseError)
                                 else render(decision))
                        write(f"--- {name}:{number}\n{shown}\n")
                        if explanations is not None and explanations[index]:
                            write(f"\n{explanations[index]}")
                elif explanations is not None:
                    objects = [statute_error(statutes[i].ref, d) if isinstance(d, CaseError)
                               else with_explanation(d, explanations[i])
                               for i, d in enumerate(decisions)]
                    write(json_text(objects[0] if single
                                    else {"line": number, "decisions": objects}) + "\n")
                elif single:
                    write(decisions[0].to_json_line() + "\n")
                else:
                    parts = ", ".join(json_text(statute_error(statutes[i].ref, d))
                                      if isinstance(d, CaseError) else d.to_json_line()
                                      for i, d in enumerate(decisions))
                    write(f'{{"line": {number}, "decisions": [{parts}]}}\n')
            if stream:
                flush()
    except UnicodeDecodeError:  # a stream decoded strictly (others keep bad bytes as escapes)
        raise UsageError([not_text(name)]) from None
    if bad > MAX_PRINTED:
        print(f"{escaped(name)}: {bad:,} cases were not valid; the first {MAX_PRINTED} are "
              "shown above", file=sys.stderr)
    return bad
