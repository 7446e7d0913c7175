from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def copy_fixture(tmp_path: Path):
    """Copy a fixture folder (or file, under a new name) into a fresh run folder."""

    def copy(name: str, dest: str | None = None, run: Path | None = None) -> Path:
        run = run or tmp_path / "run"
        run.mkdir(parents=True, exist_ok=True)
        source = FIXTURES / name
        if source.is_dir():
            shutil.copytree(source, run, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, run / (dest or source.name))
        return run

    return copy


RUNS = Path(__file__).resolve().parent.parent / "fixtures" / "runs"


@pytest.fixture
def runs() -> Path:
    """Real runs made on the CPU by ``tests/fixtures/runs/make_runs.py``."""
    return RUNS
