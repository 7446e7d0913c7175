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


@pytest.fixture(autouse=True)
def _lint_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """`modelcard lint` caches its results in a folder of the test's own, empty at its start
    (never in the repository or the current folder)."""
    monkeypatch.delenv("MODELCARD_NO_CACHE", raising=False)
    monkeypatch.setenv("MODELCARD_CACHE_DIR", str(tmp_path_factory.mktemp("lint-cache")))


@pytest.fixture
def work() -> Work:
    """``work(fn)`` runs ``fn`` and ``work.calls`` tells how many calls it made."""
    return Work()


@pytest.fixture
def installed_packages(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """``installed_packages({"torch": "2.13.0"})``: what the run readers see as installed.

    Framework versions a run did not record are read from the environment that
    generates the card; a test states that environment instead of depending on
    what the machine running it has installed.
    """
    from modelcard.sources import environment

    def pin(versions: dict[str, str]) -> None:
        monkeypatch.setattr(environment, "installed", lambda package: versions.get(package))

    return pin
