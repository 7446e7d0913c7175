"""Helpers shared by every test folder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest


class Work:
    """Counts the function calls (Python and C) a block makes: a measure of work that,
    unlike wall time, does not depend on the machine or its load."""

    def __init__(self) -> None:
        self.calls = 0

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            self.calls += 1

    def __call__(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` counting its calls into ``self.calls``; return what it returns (or raises)."""
        previous = sys.getprofile()
        sys.setprofile(self._profile)
        try:
            return fn()
        finally:
            sys.setprofile(previous)


@pytest.fixture
def work() -> Work:
    """``work(fn)`` runs ``fn`` and ``work.calls`` tells how many calls it made."""
    return Work()
