"""The decision service: HTTP/JSON requests → decisions, for systems that do not run Python.

`create_app(ServiceConfig(...))` is the ASGI application (Starlette) that `trustlaw serve`
runs on uvicorn; it needs the ``serve`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import ServiceConfig

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["ServiceConfig", "create_app"]


def create_app(config: ServiceConfig | None = None) -> Starlette:
    """The service as an ASGI application (imports Starlette on first use)."""
    from .app import create_app as _create_app

    return _create_app(config)
