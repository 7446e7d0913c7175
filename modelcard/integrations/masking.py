"""Training settings fit to be written beside a model: secrets left out."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelcard.secrets import is_secret_key, redact


def masked(value: Any) -> Any:
    """``value`` as plain JSON values, without secret keys or secret-looking text.

    Keys that name a secret (``hub_token``, ``password``, anything ending in
    ``_token``) are dropped, not masked: a placeholder such as
    ``<HUB_TOKEN>`` would still tell that a token was set. Strings pass
    through :func:`modelcard.secrets.redact`; other objects become their
    redacted ``str()``; NaN and infinities become None.
    """
    if isinstance(value, Mapping):
        return {str(k): masked(v) for k, v in value.items() if not _secret_key(str(k))}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [masked(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return redact(value)
    if hasattr(value, "item") and callable(value.item):  # numpy / torch scalars
        try:
            return masked(value.item())
        except (TypeError, ValueError):
            pass
    return redact(str(value))


def write_json(path: Path, data: Any) -> None:
    """Write ``masked(data)`` as indented JSON, atomically."""
    from modelcard.atomic import atomic_write

    text = json.dumps(masked(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    atomic_write(path, text.encode("utf-8"))


def _secret_key(key: str) -> bool:
    return is_secret_key(key) or key.lower().endswith("_token")
