"""Site directory → the in-browser case checker in `<site>/checker/`: page, Pyodide, wheels.

The checker runs trustlaw itself in the browser, with no server: Pyodide (the `pyodide`
npm package, its tarball read from the npm registry and checked against its sha512; no
Node.js needed) runs Python; micropip installs trustlaw's wheel
(built from this source checkout with ``pip wheel``) and the pure-Python wheels of its
runtime dependencies (``pip download``, the versions installed here, for Pyodide's
Python). Every file is served by the site, so the page works offline.

`build_checker_assets(site_dir)` writes::

    checker/index.html        the page (plain HTML, no framework)
    checker/checker.js        the form generated from the case schema, URL sharing, output
    checker/checker.css
    checker/checker.json      the case JSON Schema, the statutes, the wheels to install
    checker/pyodide/          the Pyodide runtime files
    checker/wheels/*.whl      trustlaw, its dependencies and micropip

Downloads are cached (``$XDG_CACHE_HOME/trustlaw/checker``, or `cache_dir`), so a rebuild
is a copy unless the trustlaw sources changed.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

import trustlaw

__all__ = ["PYODIDE_VERSION", "CheckerBuildError", "build_checker_assets"]

PYODIDE_VERSION = "314.0.7"
# The files of the npm package the page needs (the rest are docs, types and source maps).
PYODIDE_FILES = (
    "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
    "pyodide-lock.json", "package.json",
)
ASSETS = Path(__file__).with_name("checker_assets")
PAGE_FILES = ("index.html", "checker.js", "checker.css")
NPM_REGISTRY = "https://registry.npmjs.org"


class CheckerBuildError(Exception):
    """The checker's assets could not be assembled (a tool or a download is missing)."""


def build_checker_assets(
    site_dir: str | os.PathLike[str],
    *,
    source: str | os.PathLike[str] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    page: bool = True,
) -> Path:
    """Write the case checker into ``<site_dir>/checker/`` and return that directory.

    `source` is the trustlaw source checkout whose wheel is served (default: the one
    this module was imported from); `cache_dir` keeps downloads between builds. With
    `page` false, ``index.html`` is left out, for a site that puts the checker's markup
    (the ``<main>`` of index.html) into a page of its own and loads
    ``checker/checker.js`` as a module there: the script finds its assets beside itself.
    """
    out = Path(site_dir) / "checker"
    cache = Path(cache_dir) if cache_dir else _default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    for built in ("pyodide", "wheels", *PAGE_FILES, "checker.json"):
        if (out / built).is_dir():
            shutil.rmtree(out / built)
        elif (out / built).exists() and (page or built != "index.html"):
            (out / built).unlink()
    (out / "wheels").mkdir(parents=True)

    runtime = _pyodide_runtime(cache)
    shutil.copytree(runtime, out / "pyodide")
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    target = _target_environment(lock["info"]["python"])

    own = _trustlaw_wheel(Path(source) if source else _source_checkout(), cache)
    wheels = [own, *(_download(name, version, target, cache)
                     for name, version in _runtime_dependencies(own, target))]
    micropip = _download("micropip", lock["packages"]["micropip"]["version"], target, cache)
    for wheel in [*wheels, micropip]:
        shutil.copy2(wheel, out / "wheels" / wheel.name)

    for name in PAGE_FILES:
        if page or name != "index.html":
            shutil.copy2(ASSETS / name, out / name)
    manifest = {
        "pyodide": PYODIDE_VERSION,
        "micropip": f"wheels/{micropip.name}",
        "wheels": [f"wheels/{wheel.name}" for wheel in wheels],
        "statutes": _statutes(),
        "schema": _case_schema(),
    }
    (out / "checker.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return out


# ---- what the page lists ---------------------------------------------------------------


def _statutes() -> list[dict[str, Any]]:
    """Every bundled statute with what the picker shows: id, title, jurisdiction, dates."""
    listed = []
    for statute_id in trustlaw.available():
        meta = trustlaw.load(statute_id).meta
        listed.append({
            "id": statute_id,
            "title": meta.title,
            "jurisdiction": meta.jurisdiction,
            "status": meta.status,
            "in_force": meta.in_force.isoformat() if meta.in_force else None,
            "superseded": meta.superseded.isoformat() if meta.superseded else None,
        })
    return listed


def _case_schema() -> dict[str, Any]:
    from trustlaw.cases import json_schema
    from trustlaw.lowering.files import default_vocabulary

    return json_schema(default_vocabulary())


# ---- Pyodide -----------------------------------------------------------------------------


def _pyodide_runtime(cache: Path) -> Path:
    """The runtime files of the `pyodide` npm package, downloaded once from the npm registry."""
    runtime = cache / f"pyodide-{PYODIDE_VERSION}"
    if all((runtime / name).is_file() for name in PYODIDE_FILES):
        return runtime
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        tarball = Path(work) / "pyodide.tgz"
        tarball.write_bytes(_npm_tarball("pyodide", PYODIDE_VERSION))
        staged = Path(work) / "runtime"
        staged.mkdir()
        with tarfile.open(tarball) as archive:
            for name in PYODIDE_FILES:
                try:
                    source = archive.extractfile(archive.getmember(f"package/{name}"))
                except KeyError:
                    source = None
                if source is None:
                    raise CheckerBuildError(f"pyodide@{PYODIDE_VERSION} has no file {name}")
                (staged / name).write_bytes(source.read())
        if runtime.exists():
            shutil.rmtree(runtime)
        staged.rename(runtime)
    return runtime


# ---- Mermaid ------------------------------------------------------------------------------

#: The Mermaid release that draws the site's diagrams (the matrix and the timeline), served
#: by the site itself: mkdocs-material uses a `mermaid` already on the page, and would
#: otherwise fetch its own from a public CDN at every visit (no diagram offline).
MERMAID_VERSION = "11.4.1"
MERMAID_SCRIPT = "assets/javascripts/mermaid.min.js"  # relative to the site


def build_mermaid(site_dir: str | os.PathLike[str], *,
                  cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write Mermaid's browser bundle to ``<site_dir>/MERMAID_SCRIPT`` (from the npm
    registry, checked against its sha512, cached) and return its path."""
    cache = Path(cache_dir) if cache_dir else _default_cache()
    cached = cache / f"mermaid-{MERMAID_VERSION}.min.js"
    if not cached.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(_npm_tarball("mermaid", MERMAID_VERSION))) as archive:
            try:
                source = archive.extractfile(archive.getmember("package/dist/mermaid.min.js"))
            except KeyError:
                source = None
            if source is None:
                raise CheckerBuildError(f"mermaid@{MERMAID_VERSION} has no dist/mermaid.min.js")
            staged = cached.with_suffix(".part")
            staged.write_bytes(source.read())
        staged.replace(cached)
    out = Path(site_dir) / MERMAID_SCRIPT
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cached, out)
    return out


def _npm_tarball(name: str, version: str) -> bytes:
    """The tarball of npm package `name` `version`, checked against the registry's sha512.

    Read straight from the registry (``$npm_config_registry``, as npm itself reads it, or
    registry.npmjs.org) over HTTPS, so building the site needs no Node.js or npm."""
    registry = os.environ.get("npm_config_registry") or NPM_REGISTRY  # noqa: SIM112 (npm's name)
    what = f"{name}@{version}"
    try:
        dist = json.loads(_http_get(f"{registry.rstrip('/')}/{name}/{version}", what))["dist"]
        tarball, integrity = str(dist["tarball"]), str(dist["integrity"])
    except (ValueError, KeyError, TypeError):
        raise CheckerBuildError(f"the npm registry gave no tarball and sha512 for {what}") from None
    if not integrity.startswith("sha512-"):
        raise CheckerBuildError(f"the npm registry gave no sha512 for {what} ({integrity})")
    data = _http_get(tarball, what)
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if integrity != f"sha512-{digest}":
        raise CheckerBuildError(
            f"the tarball of {what} does not match the registry's sha512 ({integrity})"
        )
    return data


def _http_get(url: str, what: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return bytes(response.read())
    except (OSError, ValueError) as error:  # URLError and timeouts are OSErrors
        raise CheckerBuildError(f"could not download {what} from {url}: {error}") from None


def _target_environment(python: str) -> dict[str, str]:
    """The environment markers of Pyodide's Python (for dependencies and downloads)."""
    major_minor = ".".join(python.split(".")[:2])
    return {
        "python_version": major_minor, "python_full_version": python,
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
        "platform_machine": "wasm32", "extra": "",
    }


# ---- wheels ------------------------------------------------------------------------------


def _source_checkout() -> Path:
    root = Path(trustlaw.__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file() or not (root / "statutes").is_dir():
        raise CheckerBuildError(
            f"the case checker serves a wheel built from a trustlaw source checkout, and {root} "
            "is not one; pass source= the checkout"
        )
    return root


def _trustlaw_wheel(source: Path, cache: Path) -> Path:
    """trustlaw's own wheel, rebuilt only when its sources change."""
    digest = hashlib.sha256()
    build_inputs = [source / "pyproject.toml", source / ".gitignore"]  # hatch honours .gitignore
    for path in sorted(
        [*build_inputs, *(source / "trustlaw").rglob("*"), *(source / "statutes").rglob("*")]
    ):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes())
    built = cache / f"trustlaw-{digest.hexdigest()[:16]}"
    found = sorted(built.glob("trustlaw-*-py3-none-any.whl"))
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(dir=cache) as work:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", work,
              str(source)], "build trustlaw's wheel")
        wheels = sorted(Path(work).glob("trustlaw-*-py3-none-any.whl"))
        if len(wheels) != 1:
            raise CheckerBuildError(f"pip wheel built {[w.name for w in wheels]}, not one wheel")
        built.mkdir(exist_ok=True)
        return Path(shutil.copy2(wheels[0], built / wheels[0].name))


def _runtime_dependencies(wheel: Path, target: dict[str, str]) -> list[tuple[str, str]]:
    """The (name, version) of every distribution trustlaw needs at run time on `target`:
    the closure of the wheel's requirements, at the versions installed here."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        pending = Parser().parsestr(archive.read(metadata).decode()).get_all("Requires-Dist") or []
    found: dict[str, str] = {}
    while pending:
        requirement = Requirement(pending.pop())
        name = canonicalize_name(requirement.name)
        if name in found or (requirement.marker and not requirement.marker.evaluate(target)):
            continue
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            raise CheckerBuildError(
                f"trustlaw needs {requirement} at run time and it is not installed here; "
                "install trustlaw with its dependencies first"
            ) from None
        if not requirement.specifier.contains(version, prereleases=True):
            raise CheckerBuildError(
                f"{name} {version} is installed but trustlaw needs {requirement}"
            )
        found[name] = version
        pending.extend(importlib.metadata.requires(name) or [])
    return sorted(found.items())


def _download(name: str, version: str, target: dict[str, str], cache: Path) -> Path:
    """The pure-Python wheel of `name` `version` for Pyodide's Python, downloaded once."""
    wheels = cache / "wheels"
    stem = re.sub(r"[-_.]+", "_", name).lower()
    found = [w for w in wheels.glob("*.whl") if w.name.lower().startswith(f"{stem}-{version}-")]
    if not found:
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
              "--only-binary=:all:", "--python-version", target["python_version"],
              "--dest", str(wheels), f"{name}=={version}"],
             f"download the wheel of {name} {version}")
        found = [w for w in wheels.glob("*.whl") if w.name.lower().startswith(f"{stem}-{version}-")]
    pure = [w for w in found if w.name.endswith("-none-any.whl")]
    if not pure:
        raise CheckerBuildError(
            f"{name} {version} has no pure-Python wheel, so Pyodide cannot install it"
        )
    return pure[0]


def _run(command: list[str], what: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CheckerBuildError(
            f"could not {what}: `{' '.join(command)}` exited with {result.returncode}\n"
            + result.stderr[-2000:]
        )
    return result.stdout


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "trustlaw" / "checker"
