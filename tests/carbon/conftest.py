from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("codecarbon")


def rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "emissions.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def caveat_runs(folder: Path) -> list[dict[str, Any]]:
    data = json.loads((folder / "emissions_caveats.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    return data["runs"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without codecarbon settings, for child processes."""
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("codecarbon_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


PYTHON = sys.executable


@pytest.fixture()
def helpers() -> Any:
    class H:
        rows = staticmethod(rows)
        caveat_runs = staticmethod(caveat_runs)
        clean_env = staticmethod(clean_env)
        python = PYTHON

    return H
