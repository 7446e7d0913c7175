"""Keep secrets out of the facts read from a run.

A value is dropped when its key names a secret (``hub_token``,
``push_to_hub_token``, anything :func:`~modelcard.secrets.is_secret_key`
accepts), when it looks like a token or password (:data:`SECRET_PATTERNS`),
or when it is a masked placeholder such as ``<HUB_TOKEN>``. Only real values
are counted as left out: an empty value or a placeholder is no secret.
"""

from __future__ import annotations

import re
from typing import Any

from modelcard.secrets import find_secrets, is_placeholder, is_secret_key

_ALWAYS_SECRET = frozenset({"hub_token", "push_to_hub_token"})
_MASKED = re.compile(r"(?i)^\s*<[^<>]*(?:token|secret|password|passwd|api_?key|credential)[^<>]*>\s*$")


def is_secret(key: str, value: Any) -> bool:
    """Whether ``key: value`` must never reach a card."""
    if key in _ALWAYS_SECRET or is_secret_key(key):
        return True
    if isinstance(value, str):
        return bool(_MASKED.match(value) or find_secrets(value))
    return False


def _holds_nothing(value: Any) -> bool:
    """An unset or masked secret: ``None``, ``""``, ``<HUB_TOKEN>``, ``your_token_here``."""
    return value is None or (isinstance(value, str) and (bool(_MASKED.match(value)) or is_placeholder(value)))


def scrub(value: Any, dropped: list[str], path: str = "") -> Any:
    """``value`` with every secret entry removed (recursively).

    The dotted paths of dropped entries that held a value are appended to
    ``dropped`` (names only, never values); placeholders are dropped silently.
    A secret-looking string in a list is replaced by None.
    """
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            key_s = str(key)
            where = f"{path}.{key_s}" if path else key_s
            if is_secret(key_s, item):
                named = key_s in _ALWAYS_SECRET or is_secret_key(key_s)
                if not (named and _holds_nothing(item)):
                    dropped.append(where)
                continue
            out[key] = scrub(item, dropped, where)
        return out
    if isinstance(value, list):
        out_list = []
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            if isinstance(item, str) and is_secret("", item):
                dropped.append(where)
                out_list.append(None)
            else:
                out_list.append(scrub(item, dropped, where))
        return out_list
    if isinstance(value, str) and is_secret("", value):
        dropped.append(path or "<value>")
        return None
    return value


def dropped_message(dropped: list[str]) -> str:
    """The problem text for dropped secrets: a count; the card is public, the names stay out of it."""
    return f"left out {len(dropped)} secret value{'s' if len(dropped) != 1 else ''}"
