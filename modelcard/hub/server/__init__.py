"""A Hub-compatible HTTP server for offline teams and for tests.

It speaks the part of the Hugging Face Hub protocol that ``huggingface_hub``
uses to create repositories, upload (Git LFS basic and multipart, no Xet),
commit, tag, branch, list and download.
"""

from __future__ import annotations

from modelcard.hub.server.app import HubServer, make_server, serve
from modelcard.hub.server.store import Store, StoreError

__all__ = ["HubServer", "Store", "StoreError", "make_server", "serve"]
