"""Publish and fetch: ``push`` (lint-gated, one commit) and ``load`` (revision, verified).

The submodules keep ``huggingface_hub`` out of their top-level imports, so
importing this package stays light.
"""

from __future__ import annotations

# The functions shadow the submodules of the same name on purpose:
# `from modelcard.hub import push` gives the function.
from modelcard.hub.pull import LoadedModel, load
from modelcard.hub.push import PlannedFile, PushResult, push

__all__ = ["LoadedModel", "PlannedFile", "PushResult", "load", "push"]
