"""A Hub-compatible HTTP server for offline teams and for tests.

It speaks the part of the Hugging Face Hub protocol that ``huggingface_hub``
uses to create repositories, upload (Git LFS basic and multipart, no Xet),
commit, tag, branch, list and download. Imported lazily: ``push`` and ``load``
use a few helpers of this package without starting an HTTP stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["HubServer", "Store", "StoreError", "make_server", "serve"]

_EXPORTS = {
    "HubServer": "modelcard.hub.server.app",
    "make_server": "modelcard.hub.server.app",
    "serve": "modelcard.hub.server.app",
    "Store": "modelcard.hub.server.store",
    "StoreError": "modelcard.hub.server.store",
}

if TYPE_CHECKING:
    from modelcard.hub.server.app import HubServer, make_server, serve
    from modelcard.hub.server.store import Store, StoreError


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcard.hub.server' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
