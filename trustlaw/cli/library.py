"""The bundled library and its site: `list` and `docs`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import (
    Diagnostic,
    UsageError,
    install_hint,
)
from .common import EXIT_FAILED, EXIT_OK, plural, print_help_of, print_json


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `list`, `docs` commands to the parser."""
    p = command(
        "list", "list the bundled statutes",
        "List the bundled statutes with their status and dates. With --drafts, the\n"
        "bundled drafts instead, each with the statute it amends and its file: a draft is\n"
        "a proposal, not law, so no id, jurisdiction or date loads it; give its file\n"
        "(`trustlaw compare ct/pa-19-20 FILE`).",
    )
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="output format (default text)")
    p.add_argument("--drafts", action="store_true",
                   help="list the bundled drafts (proposed amendments) and their files")
    p.set_defaults(handler=cmd_list)

    p = command(
        "docs", "build the documentation site",
        "Build the documentation site with mkdocs; its hooks generate a page per bundled\n"
        "statute, the comparisons and the references on every build.",
    )
    docs = p.add_subparsers(title="actions", metavar="ACTION")
    b = docs.add_parser(
        "build", help="run `mkdocs build` (the hooks generate the statute pages)",
        description="Build the site with mkdocs (the same as `mkdocs build` in the folder of "
        "mkdocs.yml): the hooks named there generate the statute pages as it builds.",
    )
    b.add_argument("--out", default="site_docs", help="where the site goes (default: site_docs)")
    b.add_argument("--config", default="mkdocs.yml", help="the mkdocs configuration file")
    b.add_argument("--strict", action="store_true", help="fail on any mkdocs warning")
    b.set_defaults(handler=cmd_docs_build)
    g = docs.add_parser(
        "generate", help="write the library's pages into a docs folder (docs/laws/ ...)",
        description="Write the statute library's pages the site's hooks generate (statute "
        "pages, comparisons, matrix, timeline, sources, case schema) as Markdown files into "
        "a docs folder, to read or publish them without mkdocs.",
    )
    g.add_argument("--docs-dir", default="docs", help="the documentation folder (default: docs)")
    g.set_defaults(handler=cmd_docs_generate)
    docs_parser = p
    p.set_defaults(handler=lambda _args: print_help_of(docs_parser))


def cmd_list(args: argparse.Namespace) -> int:
    """`trustlaw list`: bundled statutes with status and dates (`--drafts`: the drafts)."""
    from ..library.loader import bundled_index, load_meta

    if args.drafts:
        return _list_drafts(args.format)
    metas = [load_meta(path) for path in bundled_index().values()]  # headers only
    if args.format == "json":
        print_json([
            {
                "id": m.id,
                "title": m.title,
                "status": m.status,
                "jurisdiction": m.jurisdiction,
                "citation": m.citation,
                **{
                    key: (value.isoformat() if value else None)
                    for key, value in (
                        ("introduced", m.introduced),
                        ("enacted", m.enacted),
                        ("in_force", m.in_force),
                        ("superseded", m.superseded),
                    )
                },
            }
            for m in metas
        ])
        return EXIT_OK
    rows = [("id", "status", "in force", "until", "title")]
    for m in metas:
        rows.append((
            m.id,
            m.status,
            m.in_force.isoformat() if m.in_force else "-",
            m.superseded.isoformat() if m.superseded else "-",
            m.title,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return EXIT_OK


def _list_drafts(fmt: str) -> int:
    """`trustlaw list --drafts`: each bundled draft, the statute it amends and its file
    (inside the installed package, or the clone's statutes/drafts/)."""
    from ..diagnostics import escaped
    from ..library.loader import bundled_drafts, load_meta

    drafts = [(load_meta(path), path) for path in bundled_drafts().values()]
    if fmt == "json":
        print_json([{"id": m.id, "title": m.title, "status": m.status,
                     "jurisdiction": m.jurisdiction, "amends": m.amends, "path": str(path)}
                    for m, path in drafts])
        return EXIT_OK
    rows = [("id", "amends", "file")]
    rows += [(m.id, m.amends or "-", escaped(str(path))) for m, path in drafts]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for row in rows:
        print(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}")
    return EXIT_OK


def cmd_docs_build(args: argparse.Namespace) -> int:
    """`trustlaw docs build`: run mkdocs, whose hooks generate the statute pages."""
    import subprocess

    config = Path(args.config)
    if not config.is_file():
        raise UsageError([
            Diagnostic(
                "TL-U005", f"there is no mkdocs configuration `{config}`", None,
                "run this in the trustlaw source folder, or pass --config path/to/mkdocs.yml",
            )
        ])
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config.resolve()),
               "--site-dir", str(Path(args.out).resolve())]
    if args.strict:
        command.append("--strict")
    try:
        env = {**os.environ}
        env.setdefault("NO_MKDOCS_2_WARNING", "1")
        # mkdocs resolves some paths (snippets) from the working folder: use the config's.
        completed = subprocess.run(
            command, check=False, env=env, cwd=config.resolve().parent
        )
    except OSError as error:
        raise UsageError([
            Diagnostic("TL-U007", f"mkdocs could not be run: {error}", None,
                       install_hint("docs"))
        ]) from None
    return EXIT_OK if completed.returncode == 0 else EXIT_FAILED


def cmd_docs_generate(args: argparse.Namespace) -> int:
    """`trustlaw docs generate`: the library's generated pages as files in a docs folder."""
    from ..site.docgen import generate

    docs_dir = Path(args.docs_dir)
    written = generate(docs_dir)
    print(f"generated {plural(len(written), 'file')} in {docs_dir}", file=sys.stderr)
    return EXIT_OK
