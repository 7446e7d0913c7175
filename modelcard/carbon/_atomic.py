"""Atomic file writes for the tracking outputs.

Uses ``modelcard.card.atomic_write`` when the card package provides it, so
there is one implementation; the fallback is the same few lines.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``."""
    try:
        from modelcard.card import atomic_write as card_atomic_write
    except ImportError:
        card_atomic_write = None
    if card_atomic_write is not None:
        card_atomic_write(path, data)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
