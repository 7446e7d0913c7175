"""The repository follows its own advice: it lints clean, and its pre-commit hooks do what the README says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from modelcard.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def test_modelcard_lint_at_the_root_passes(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["lint"]) == 0
    assert capsys.readouterr().out == ""


def test_the_hooks_lint_what_the_readme_says() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["modelcard-lint", "modelcard-lint-fix"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for hook in hooks:
        assert f"`files: {hook['files']}`" in readme
        assert hook["entry"].startswith("modelcard lint --force-exclude")
        pattern = re.compile(hook["files"])
        assert all(pattern.search(p) for p in ("README.md", "models/bert/readme.md", "a/ReadMe.MD"))
        assert not any(pattern.search(p) for p in ("docs/guide.md", "README.md.bak", "notREADME.md"))

