"""Schema, sources, a command-line parser, the code catalogue → reference pages.

`case_schema_page` lists every field of the case format and every value of each kind, with
its meaning (an offense tag's with its citation), from its JSON Schema (the schema itself
is published beside it, not pasted into a page); a field's type links to the record or the
values it names. `sources_page` explains the verification levels and lists every source
by statute; `cli_reference` walks an `argparse` parser (trustlaw's own,
`trustlaw.cli.build_parser()`) and documents every command, argument and option from the
parser itself, so it cannot fall behind the CLI; `codes_page` explains every diagnostic
code from `trustlaw.codes`, one anchor per code (``#tl-p025``) so that a link can point
at the code a diagnostic quoted.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..cases.schema import READS_KEYWORD
from ..codes import STAGES, Code, by_prefix
from ..library.statute import Statute
from .escape import md_code, md_link, md_text
from .words import (
    GENERATED,
    VERIFICATION,
    badge,
    case_format_anchor,
    chronological,
    page_path,
    provision_counts,
    statute_level,
)

SCHEMA_LINK = "../schema/case.schema.json"


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case format (CASES.md section 2)."""
    from ..cases.validation import json_schema
    from ..lowering.files import default_vocabulary

    return json_schema(default_vocabulary())


def case_schema_json() -> str:
    return json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"


def case_schema_page(schema: Mapping[str, Any] | None = None) -> str:
    """Every field of a case, its type and meaning, and every value of each kind with its
    meaning (an offense tag's with its citation), from the JSON Schema."""
    schema = schema if schema is not None else case_schema()
    defs = schema.get("$defs", {})
    out = [
        "# The case format, field by field",
        "",
        GENERATED,
        "",
        "Every fact a case may state, from the case format's JSON Schema (draft 2020-12), "
        f"which is published as [case.schema.json]({SCHEMA_LINK}) and printed by "
        "`trustlaw schema case`. A field that is absent or `null` is unknown; see "
        "[Cases and decisions](../cases.md).",
        "",
    ]
    out += _fields_table("The case", None, schema.get("properties", {}), defs)
    for name, definition in defs.items():
        if definition.get("type") == "object" and definition.get("properties"):
            out += _fields_table(f"{md_code(name)} records", case_format_anchor("record", name),
                                 definition["properties"], defs)
    enums = [(name, d) for name, d in defs.items() if "enum" in d]
    if enums:
        out += ["## Values", "",
                "The values each kind of fact can take, and what each means. A value not "
                "listed is an error.", ""]
        for name, definition in enums:
            meanings = {str(o.get("const")): str(o.get("description", ""))
                        for o in definition.get("oneOf", ()) if isinstance(o, Mapping)}
            out += [f"### {md_code(name)} {{ #{case_format_anchor('values', name)} }}", "",
                    "| Value | Meaning |", "|---|---|"]
            out += [f"| {md_code(value)} | {md_text(meanings.get(str(value), ''))} |"
                    for value in definition["enum"]]
            out.append("")
    return "\n".join(out)


def _fields_table(title: str, anchor: str | None, fields: Mapping[str, Any],
                  defs: Mapping[str, Any]) -> list[str]:
    heading = f"## {title}" + (f" {{ #{anchor} }}" if anchor else "")
    out = [heading, "", "| Field | Type | Meaning |", "|---|---|---|"]
    for name, field in fields.items():
        meaning = md_text(field.get("description", ""))
        words = field.get(READS_KEYWORD)
        if isinstance(words, Mapping):  # a yes/no fact: how the law's words say it
            meaning += "" if not meaning or meaning.endswith(".") else "."
            meaning += (f" In plain words: yes, “{md_text(words.get('true', ''))}”; "
                        f"no, “{md_text(words.get('false', ''))}”.")
        out.append(f"| {md_code(name)} | {_type_words(field, defs)} | {meaning} |")
    out.append("")
    return out


def _type_words(field: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    """A field's type in words, a record or a kind of value linked to its section."""
    options = field.get("anyOf", [field])
    words = []
    for option in options:
        if "$ref" in option:
            name = str(option["$ref"]).rsplit("/", 1)[-1]
            kind = "record" if defs.get(name, {}).get("type") == "object" else "values"
            words.append(f"[{md_code(name)}](#{case_format_anchor(kind, name)})")
            continue
        kinds = option.get("type", [])
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "array" in kinds:
            words.append("list of " + _type_words(option.get("items", {}), defs))
        else:
            words += [md_text(option.get("format", k)) for k in kinds if k != "null"]
    return " or ".join(words) or "any"


def sources_page(statutes: Sequence[Statute]) -> str:
    """The verification levels explained, then every statute's sources and the
    provisions whose text was not verified against a primary source."""
    out = [
        "# Sources and verification",
        "",
        GENERATED,
        "",
        "Every provision of every statute carries its citation and a verification level, "
        "shown as a badge on the statute's page and in every decision that rests on it "
        "(each ground's `verification`; a warning when a deciding provision is not "
        "verified):",
        "",
        "| Level | Badge | Meaning |",
        "|---|---|---|",
    ]
    out += [f"| `{level}` | {badge(level)} | {md_text(meaning)} |"
            for level, (_words, meaning) in VERIFICATION.items()]
    out += [
        "",
        "A statute whose text could only be read in secondary sources is still encoded, "
        "with the level of each provision. Where the text is ambiguous, the statute file "
        "encodes the reading that never permits a hold another reading forbids, and says "
        "so in a note on the statute's page.",
        "",
    ]
    for statute in sorted(statutes, key=lambda s: (s.meta.jurisdiction, chronological(s))):
        meta = statute.meta
        provisions = statute.program.provisions
        out += [f"## {md_code(meta.id)}: {md_text(meta.title)}", "",
                f"[The statute's page]({page_path(meta.id)}) · "
                f"{badge(statute_level(statute.program))} · "
                + provision_counts([p.verification for p in provisions]), ""]
        if meta.sources:
            out += [f"- {md_link(url, url)}" for url in meta.sources]
        else:
            out.append("- No source is listed.")
        out.append("")
        weaker = [p for p in provisions if p.verification != "V"]
        if weaker:
            out += ["Not verified against a primary text: " + "; ".join(
                f"{md_text(p.label)} ({md_text(p.citation)}) {badge(p.verification)}"
                for p in weaker) + ".", ""]
    return "\n".join(out)


# ---- the command line ---------------------------------------------------------------------


def cli_reference(parser: argparse.ArgumentParser, prog: str = "trustlaw") -> str:
    """Every command of `parser`, with its usage, arguments and options, as Markdown."""
    out = ["# Command-line reference", "", GENERATED.replace("statute files", "CLI's parser"), "",
           "Generated from the command line's own parser (`trustlaw.cli.build_parser()`), "
           "so every command and option here is one the CLI accepts. "
           "The [command line guide](../cli.md) shows them at work.", ""]
    out += _parser_section(parser, prog, level=2)
    return "\n".join(out)


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    found = []
    for action in parser._actions:  # argparse offers no public walk of its commands
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) in seen:
                    continue  # an alias
                seen.add(id(sub))
                found.append((name, sub, helps.get(name, "")))
    return found


def _parser_section(parser: argparse.ArgumentParser, prog: str, level: int) -> list[str]:
    out: list[str] = []
    usage = parser.format_usage().removeprefix("usage: ").strip()
    out += ["```text", usage, "```", ""]
    if parser.description:
        out += [_plain(parser.description), ""]
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        if action.help == argparse.SUPPRESS:
            continue
        name = str(", ".join(action.option_strings) or action.metavar or action.dest)
        if action.option_strings and action.nargs != 0:
            name = f"{name} {action.metavar or action.dest.upper()}"
        details = action.help or ""
        if action.choices:
            details += (" " if details else "") + "(one of " + ", ".join(
                str(c) for c in action.choices) + ")"
        if action.default not in (None, argparse.SUPPRESS, False) and action.option_strings:
            details += f" (default: {action.default})"
        rows.append(f"| {md_code(str(name))} | {md_text(details)} |")
    if rows:
        out += ["| Argument | Meaning |", "|---|---|", *rows, ""]
    for name, sub, help_text in _subparsers(parser):
        command = f"{prog} {name}"
        anchor = command.replace(" ", "-")
        out += [f"{'#' * min(level, 6)} `{command}` {{ #{anchor} }}", ""]
        if help_text:
            out += [md_text(help_text[:1].upper() + help_text[1:]) + ".", ""]
        out += _parser_section(sub, command, level + 1)
    return out


def _plain(text: str) -> str:
    """A parser's description as Markdown: paragraphs kept, indented examples as code."""
    blocks = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        if lines and all(line.startswith("  ") for line in lines if line.strip()):
            blocks.append("```text\n" + "\n".join(line[2:] for line in lines) + "\n```")
        elif lines and lines[0].rstrip().endswith(":") and len(lines) > 1:
            rest = [line.strip() for line in lines[1:]]
            blocks.append(md_text(lines[0]) + "\n\n```text\n" + "\n".join(rest) + "\n```")
        else:
            blocks.append(md_text(" ".join(line.strip() for line in lines)))
    return "\n\n".join(blocks)


CODES_GENERATED = "<!-- generated from trustlaw/codes/ when the site is built; do not edit -->"


def codes_page() -> str:
    """Every diagnostic code by stage: its title, what it means and how to fix it."""
    groups = by_prefix()
    out = [
        "# Diagnostic codes",
        "",
        CODES_GENERATED,
        "",
        "Every problem trustlaw reports, in a statute file, a case or a command, carries a "
        "short code such as `TL-P025`. A code keeps its meaning from one version of "
        "trustlaw to the next, so it can be quoted in a brief, a ticket or an email; a "
        "code that is no longer used is retired, never given to anything else. "
        "`trustlaw codes TL-P025` prints the same explanation as this page, and "
        "`trustlaw codes` lists them all. The [exit codes](../cli.md#exit-codes) of the "
        "command line are a different thing.",
        "",
        "| Prefix | Stage | About |",
        "|---|---|---|",
    ]
    out += [f"| [`TL-{p}…`](#{_stage_anchor(p)}) | {STAGES[p][0]} | {STAGES[p][1]} |"
            for p in groups]
    for prefix, entries in groups.items():
        name, about = STAGES[prefix]
        out += ["", f"## {name}: `TL-{prefix}…` {{#{_stage_anchor(prefix)}}}", "",
                about[0].upper() + about[1:] + "."]
        for entry in entries:
            out += ["", *_code_section(entry)]
    return "\n".join(out) + "\n"


def _stage_anchor(prefix: str) -> str:
    return f"tl-{prefix.lower()}"


def _code_section(entry: Code) -> list[str]:
    out = [f"### {entry.code}: {entry.title} {{#{entry.anchor}}}", "", entry.meaning, "",
           f"**To fix:** {entry.fix}"]
    if entry.status == "reserved":
        out += ["", "*Reserved: trustlaw does not report this code today.*"]
    elif entry.status == "retired":
        out += ["", "*Retired: trustlaw no longer reports this code; its number is not reused.*"]
    if entry.severity == "warning":
        out += ["", "*A warning: it does not make a check fail.*"]
    return out
