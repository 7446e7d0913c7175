"""Whether to colour output: on a terminal, unless the user says otherwise.

``NO_COLOR`` (any non-empty value) turns colour off and wins; ``FORCE_COLOR``
(non-empty, not ``0``) turns it on even when the output is a pipe or a file;
otherwise colour is used on a terminal whose ``TERM`` is not ``dumb``.
See https://no-color.org and https://force-color.org.
"""

from __future__ import annotations

import os
from typing import TextIO


def wants_color(stream: TextIO) -> bool:
    """Whether text written to ``stream`` should carry ANSI colours."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
