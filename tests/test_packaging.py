"""The wheel carries schemas/ and templates/, and works from a real install."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("modelcard-*.whl")
    return built


def test_wheel_ships_schemas_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "modelcard/schemas/modelcard.schema.json" in names
    assert "modelcard/schemas/data/licenses.json" in names
    assert "modelcard/templates/default.md.j2" in names
    assert "modelcard/templates/short.md.j2" in names


def test_wheel_ships_the_web_pages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("static/editor.js", "static/style.css", "templates/editor.html", "templates/hub_model.html"):
        assert f"modelcard/web/{name}" in names, name


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; dependencies come from this
    interpreter's site-packages through a .pth file (no network needed)."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    Path(purelib, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(env_dir / "bin" / "modelcard"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_installed_package_uses_its_own_data(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "import modelcard.resources as r; print(r.schemas_dir()); print(r.templates_dir())"],
        cwd=tmp_path, check=True, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    ).stdout.split()
    assert all(str(installed) in w for w in where), where


def test_installed_cli_prints_schema_and_lints(installed: Path, tmp_path: Path) -> None:
    schema = _run(installed, "schema", cwd=tmp_path)
    assert schema.returncode == 0, schema.stderr
    assert '"$schema"' in schema.stdout
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: MIT\n---\n# Model\n", encoding="utf-8")
    lint = _run(installed, "lint", str(card), cwd=tmp_path)
    assert lint.returncode == 1, lint.stderr
    assert "MC101" in lint.stdout
