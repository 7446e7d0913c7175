from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "generate"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def copy_run(tmp_path: Path):
    """Copy a fixture run folder into tmp_path and return its path."""

    def copy(name: str) -> Path:
        src = FIXTURES / name
        dest = tmp_path / name
        shutil.copytree(src, dest)
        return dest

    return copy
