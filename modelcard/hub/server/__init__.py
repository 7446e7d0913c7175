"""A Hub-compatible HTTP server for offline teams and for tests.

It speaks the part of the Hugging Face Hub protocol that ``huggingface_hub``
uses to create repositories, upload (Git LFS basic and multipart, no Xet),
commit, tag, branch, list and download: an ASGI app (Starlette, see ``app``)
served by uvicorn (``runner``). Imported lazily: ``push`` and ``load`` use a
few helpers of this package without starting an HTTP stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["HubServer", "Limits", "Store", "StoreError", "create_app", "make_server", "serve"]

_EXPORTS = {
    "create_app": "modelcard.hub.server.app",
    "HubServer": "modelcard.hub.server.runner",
    "make_server": "modelcard.hub.server.runner",
    "serve": "modelcard.hub.server.runner",
    "Limits": "modelcard.hub.server.state",
    "Store": "modelcard.hub.server.store",
    "StoreError": "modelcard.hub.server.store",
}

if TYPE_CHECKING:
    from modelcard.hub.server.app import create_app
    from modelcard.hub.server.runner import HubServer, make_server, serve
    from modelcard.hub.server.state import Limits
    from modelcard.hub.server.store import Store, StoreError


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcard.hub.server' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
