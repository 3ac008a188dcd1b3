"""Statutes → every generated page of the documentation site, as {path under docs/: text}.

`site_pages()` renders, from the statute files (the bundled library by default):

- ``laws/index.md``: every statute by jurisdiction, the comparisons, matrix, timeline;
- ``laws/<jurisdiction>/<name>.md``: one page per statute (`statute_page`);
- ``laws/comparisons/<a>--<b>.md``: each version step, each proposal against the law
  it would have changed, and CT 2013 / California AB 4 / New York City 2014
  (`comparison_pages`);
- ``laws/matrix.md`` (which law protects more), ``laws/timeline.md`` (which version
  was in force when), ``laws/sources.md`` (sources and verification levels);
- ``reference/case-schema.md`` and ``schema/case.schema.json`` (the case format);
- ``reference/codes.md`` (every diagnostic code, from `trustlaw.codes`).

The MkDocs hooks (`trustlaw/cli/site_hooks.py`, named in mkdocs.yml) add these pages to
every `mkdocs build` and `mkdocs serve` as generated files; `generate` writes them into
a docs folder instead (`trustlaw docs generate`). The solver's answers on the pages are
cached by statute digest (`solver_cache`). Every string from a statute file reaches a
page through `trustlaw.site.escape`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..library.statute import Statute
from .comparison_pages import (
    CROSS_COMPARISONS,
    comparison_page,
    comparison_pairs,
    comparison_path,
    condition_files,
    matrix_page,
    timeline_page,
    verdict_words,
)
from .escape import md_code, md_text
from .reference_pages import case_schema_json, case_schema_page, codes_page, sources_page
from .solver_cache import comparison_data, invariant_results, matrix_data
from .statute_page import statute_page
from .words import (
    GENERATED,
    LAWS_DIR,
    SCHEMA_FILE,
    chronological,
    date,
    jurisdiction,
    link,
    page_path,
    provision_anchor,
    stacked,
    status,
    statute_badge,
)

if TYPE_CHECKING:
    from ..analysis.compare import Comparison

__all__ = [
    "CROSS_COMPARISONS",
    "LAWS_DIR",
    "SCHEMA_FILE",
    "cached_comparison",
    "comparison_pairs",
    "comparison_path",
    "generate",
    "index_page",
    "page_path",
    "provision_anchor",
    "site_pages",
    "statute_page",
]


def bundled_statutes() -> list[Statute]:
    """Every statute of the bundled library, read from its file now."""
    from ..library.loader import bundled_index, load_path

    return [load_path(path) for path in bundled_index().values()]


def site_pages(statutes: Iterable[Statute] | None = None) -> dict[str, str]:
    """Every generated page, by its path under the docs folder (``laws/ct/pa-13-155.md``)."""
    chosen = sorted(bundled_statutes() if statutes is None else statutes, key=lambda s: s.id)
    known = {s.id for s in chosen}
    pairs = comparison_pairs(chosen)
    compared: dict[str, list[tuple[str, str]]] = {}
    for a, b in pairs:
        path = comparison_path(a.id, b.id)
        # on each law's page, the other law by its title as well as its id
        compared.setdefault(a.id, []).append((f"{a.id} → {b.id} ({b.meta.title})", path))
        compared.setdefault(b.id, []).append((f"{a.id} → {b.id} ({a.meta.title})", path))
    pages: dict[str, str] = {}
    for statute in chosen:
        pages[f"{LAWS_DIR}/{page_path(statute.id)}"] = statute_page(
            statute, known, compared.get(statute.id, ()), invariant_results(statute)
        )
    verdicts: list[tuple[Statute, Statute, str]] = []
    for a, b in pairs:
        data = comparison_data(a, b)
        pages[f"{LAWS_DIR}/{comparison_path(a.id, b.id)}"] = comparison_page(a, b, data)
        pages.update((f"{LAWS_DIR}/{path}", text)
                     for path, text in condition_files(a, b, data).items())
        verdicts.append((a, b, verdict_words(data)))
    pages[f"{LAWS_DIR}/matrix.md"] = matrix_page(chosen, matrix_data(chosen))
    pages[f"{LAWS_DIR}/timeline.md"] = timeline_page(chosen)
    pages[f"{LAWS_DIR}/sources.md"] = sources_page(chosen)
    pages[f"{LAWS_DIR}/index.md"] = index_page(chosen, verdicts)
    pages["reference/case-schema.md"] = case_schema_page()
    pages["reference/codes.md"] = codes_page()
    pages[SCHEMA_FILE] = case_schema_json()
    return pages


def generate(
    docs_dir: str | os.PathLike[str], statutes: Iterable[Statute] | None = None
) -> list[Path]:
    """Write `site_pages` into `docs_dir` (replacing earlier generated statute pages);
    return the files written. The MkDocs hooks make this unnecessary for a build."""
    root = Path(docs_dir)
    laws = root / LAWS_DIR
    if laws.exists():
        shutil.rmtree(laws)
    written = []
    for relative, text in site_pages(statutes).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        written.append(target)
    return written


_COMPARISONS: dict[tuple[str, str, str], Comparison] = {}


def cached_comparison(a: Statute, b: Statute) -> Comparison:
    """`trustlaw.compare(a, b)`, computed once per pair of statute texts (digests) and
    vocabulary in this process."""
    from ..analysis.compare import compare

    key = (a.digest, b.digest, a.vocabulary.digest)
    found = _COMPARISONS.get(key)
    if found is None:
        found = _COMPARISONS[key] = compare(a, b)
    return found


def index_page(
    statutes: Sequence[Statute], comparisons: Sequence[tuple[Statute, Statute, str]] = ()
) -> str:
    """laws/index.md: every statute by jurisdiction, then the comparison pages."""
    lines = [
        "# The statute library",
        "",
        GENERATED,
        "",
        "Every statute bundled with trustlaw, by jurisdiction. Each page opens with the law "
        "in short (for each action, what the law says and when, in the order its "
        "provisions rank), then reads like an annotated code: every provision with its "
        "citation, text, when it applies in plain words and how well its text is verified. "
        "Try a case under any of them in the [case checker](../checker.md); in code, load "
        'one with `trustlaw.load("<id>")` or `trustlaw decide <id> case.json`.',
        "",
        "Across the library: [which law protects more](matrix.md) · "
        "[which law was in force when](timeline.md) · "
        "[sources and verification](sources.md).",
        "",
    ]
    by_jurisdiction: dict[str, list[Statute]] = {}
    for statute in statutes:
        by_jurisdiction.setdefault(statute.meta.jurisdiction, []).append(statute)
    for code, group in sorted(by_jurisdiction.items()):
        lines += [f"## {jurisdiction(code)}", ""]
        table = ["| Statute | Title | Status | In force | Until |", "|---|---|---|---|---|"]
        for statute in sorted(group, key=chronological):
            meta = statute.meta
            table.append(
                f"| [{md_code(statute.id)}]({link(None, statute.id)}) "
                f"{statute_badge(statute.program)} "
                f"| {md_text(meta.title)} | {status(meta.status)} | {date(meta.in_force)} "
                f"| {date(meta.superseded)} |"
            )
        lines += stacked(table)
    if comparisons:
        lines += [
            "## Comparisons { #comparisons }",
            "",
            "Where one law decides cases differently from another: each version and the "
            "one it replaced, each bill and the law it would have changed, and Connecticut "
            "2013, California AB 4 and New York City 2014 side by side (see "
            "[Comparing statutes](../comparisons.md)).",
            "",
            "| Comparison | Laws | Result |",
            "|---|---|---|",
        ]
        for a, b, words in comparisons:
            lines.append(f"| [{md_code(a.id)} → {md_code(b.id)}]"
                         f"({comparison_path(a.id, b.id)}) | {md_text(a.meta.title)} → "
                         f"{md_text(b.meta.title)} | {md_text(words)} |")
        lines.append("")
    return "\n".join(lines)
