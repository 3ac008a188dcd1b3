"""MkDocs hooks (named in mkdocs.yml) → generated pages, the Mermaid fence, the case checker.

With these hooks a plain ``mkdocs build --strict`` or ``mkdocs serve`` on a fresh clone
builds the whole site:

- `on_config` adds the Mermaid fence to pymdownx.superfences (a Python callable, which
  a YAML file can only name with an unsafe tag), and the site's own copy of Mermaid to
  the page scripts, so that diagrams need no CDN;
- `on_files` adds every page of `trustlaw.site.docgen.site_pages` (statute pages,
  comparisons, matrix, timeline, sources, case schema), the CLI reference generated
  from the CLI's own parser, and the case checker page, as generated files: nothing is
  written into docs/, and a stale file there by the same name is replaced;
- `on_serve` watches the statutes folder, so editing a ``.law`` file rebuilds the site;
- `on_post_build` writes the case checker's assets (Pyodide, the wheels) into
  ``<site>/checker/`` (`trustlaw.site.checker.build_checker_assets`) and Mermaid's
  bundle (`build_mermaid`).

This module lives in the CLI layer because the CLI reference needs the CLI's parser.
Set ``TRUSTLAW_DOCS_CHECKER=0`` to build without the checker's assets and Mermaid (offline;
the diagrams then load Mermaid from mkdocs-material's CDN).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

try:
    import trustlaw  # noqa: F401
except ImportError:  # mkdocs loads this file by path: find the checkout it lies in
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

log = logging.getLogger("mkdocs.plugins.trustlaw")

CHECKER_PAGE = "checker.md"


def _checker_enabled() -> bool:
    return os.environ.get("TRUSTLAW_DOCS_CHECKER", "1").lower() not in ("0", "no", "false")


def on_config(config: Any, **_: Any) -> Any:
    """Render ```` ```mermaid ```` fences as diagrams (mkdocs-material draws them)."""
    from pymdownx.superfences import fence_code_format

    extensions = config["markdown_extensions"]
    if "pymdownx.superfences" not in extensions:
        extensions.append("pymdownx.superfences")
    options = config["mdx_configs"].setdefault("pymdownx.superfences", {})
    fences = options.setdefault("custom_fences", [])
    if not any(f.get("name") == "mermaid" for f in fences):
        fences.append({"name": "mermaid", "class": "mermaid", "format": fence_code_format})
    if _checker_enabled():  # Mermaid served by the site (on_post_build), not a CDN
        from trustlaw.site.checker import MERMAID_SCRIPT

        scripts = config.setdefault("extra_javascript", [])
        if MERMAID_SCRIPT not in [str(script) for script in scripts]:
            scripts.append(MERMAID_SCRIPT)
    return config


def generated_pages() -> dict[str, str]:
    """Every generated page by its path under docs/: the library's, the CLI reference's
    and the checker's."""
    from trustlaw.cli import build_parser
    from trustlaw.library.loader import clear_cache
    from trustlaw.site.docgen import site_pages
    from trustlaw.site.reference_pages import cli_reference

    clear_cache()  # a statute file added, removed or edited since the last build
    pages = site_pages()
    pages["reference/cli.md"] = cli_reference(build_parser())
    pages[CHECKER_PAGE] = checker_page()
    return pages


def on_files(files: Any, config: Any, **_: Any) -> Any:
    from mkdocs.structure.files import File

    for path, text in generated_pages().items():
        stale = files.get_file_from_path(path)
        if stale is not None:
            files.remove(stale)
        files.append(File.generated(config, path, content=text))
    return files


def on_serve(server: Any, config: Any, builder: Any, **_: Any) -> Any:
    """Rebuild when a statute file changes (they live outside docs/)."""
    from trustlaw.lowering.files import statutes_root

    server.watch(str(statutes_root()))
    return server


def on_post_build(config: Any, **_: Any) -> None:
    if not _checker_enabled():
        log.info("trustlaw: TRUSTLAW_DOCS_CHECKER=0, the case checker's assets are not built")
        return
    from trustlaw.site.checker import CheckerBuildError, build_checker_assets, build_mermaid

    try:
        build_checker_assets(config["site_dir"], page=False)
        build_mermaid(config["site_dir"])
    except CheckerBuildError as error:
        log.warning(
            "trustlaw: the case checker or the diagrams' Mermaid could not be built (%s); "
            "check the network, or set TRUSTLAW_DOCS_CHECKER=0 to build the site without "
            "them", error,
        )


def checker_page() -> str:
    """The case checker inside a themed page: the markup of the checker's own page (its
    ``<main>``, without the title the theme already shows) and its script, which finds
    Pyodide and the wheels beside itself in ``checker/``."""
    from trustlaw.site.checker import ASSETS

    html = (ASSETS / "index.html").read_text(encoding="utf-8")
    found = re.search(r"<main>(.*)</main>", html, re.S)
    body = found.group(1) if found else ""
    body = re.sub(r"\s*<h1>.*?</h1>", "", body, count=1, flags=re.S)
    body = "\n".join(line for line in body.splitlines() if line.strip())
    if not _checker_enabled():
        note = ('!!! warning "Not built"\n    This copy of the site was built without the '
                "case checker's assets (TRUSTLAW_DOCS_CHECKER=0).\n\n")
    else:
        note = ""
    return (
        "---\ntitle: Case checker\nhide:\n  - toc\n---\n\n# Case checker\n\n" + note
        + '<div class="tl-checker">\n' + body + "\n</div>\n\n"
        + '<script type="module" src="checker.js"></script>\n'
    )
