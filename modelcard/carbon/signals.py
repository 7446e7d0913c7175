"""Signal handling around a tracker: its row is written however the run ends."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any


def in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def exit_on_sigterm(signum: int, frame: Any) -> None:
    """A SIGTERM handler that unwinds the stack (``finally`` blocks, ``atexit``) like an exit."""
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the row is written, then deliver them."""
    if not in_main_thread():
        yield
        return
    pending: list[int] = []
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not None:  # None: set outside Python, leave it
            previous[signum] = signal.signal(signum, lambda s, _f: pending.append(s))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(pending):
            signal.raise_signal(signum)
