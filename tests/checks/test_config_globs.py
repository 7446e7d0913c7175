"""Glob patterns of exclude, include and per-file-ignores (gitignore semantics)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcard.checks.config import config_from_mapping
from modelcard.checks.globs import any_match, matches
from modelcard.cli.main import main
from modelcard.errors import UsageError


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("README.md", "models/a/README.md", True),
        ("README.md", "models/a/README.markdown", False),
        ("*.md", "a/b/card.md", True),
        ("drafts", "models/drafts/x/README.md", True),
        ("drafts", "models/drafts-old/README.md", False),
        ("models/*/README.md", "models/a/README.md", True),
        ("models/*/README.md", "models/a/b/README.md", False),
        ("models/**/README.md", "models/a/b/README.md", True),
        ("models/**/README.md", "models/README.md", True),
        ("models/**", "models/a/b.md", True),
        ("./models/", "models/a/b.md", True),
        ("/models", "models/a.md", True),
        ("models", "other/models.md", False),
        ("card-[0-9].md", "x/card-7.md", True),
        ("card-[!0-9].md", "x/card-7.md", False),
        ("card?.md", "card1.md", True),
        ("a+b(1).md", "a+b(1).md", True),
        ("[]]x", "a/]x", True),
        ("[]]x", "a/x", False),
        ("[", "a/[", False),
        ("a[b", "a[b", False),
        ("/tmp/drafts", "tmp/drafts/README.md", True),
    ],
)
def test_matches(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


@pytest.mark.parametrize(
    "name", [".git", ".venv", "venv", "venv2", "node_modules", "__pycache__", "build", "builds", "dist", "README.md", "x.md"]
)
def test_any_name_match_answers_like_matches(name: str) -> None:
    from modelcard.checks.config import DEFAULT_EXCLUDE
    from modelcard.checks.globs import any_name_match

    assert any_name_match(DEFAULT_EXCLUDE, name) is any(matches(p, name) for p in DEFAULT_EXCLUDE)


def test_any_name_match_refuses_path_patterns() -> None:
    from modelcard.checks.globs import any_name_match

    with pytest.raises(ValueError):
        any_name_match(("models/*.md",), "x.md")


def test_a_later_negation_re_includes() -> None:
    assert any_match(["drafts", "!drafts/keep.md"], "drafts/a.md") is True
    assert any_match(["*.md", "!keep.md"], "x/keep.md") is False


@pytest.mark.parametrize("pattern", ["[]]x", "[", "[!", "a[b", "**/", "!x"])
def test_odd_patterns_from_the_config_are_linted_with_not_crashed_on(tmp_path: Path, pattern: str, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.modelcard]\nexclude = [{pattern!r}]\n".replace("'", '"'))
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# m\n")
    assert main(["lint", "--select", "MC101", str(tmp_path)]) == 0
    assert "unexpected" not in capsys.readouterr().err


@pytest.mark.parametrize("key", ["exclude", "include"])
def test_a_pattern_git_refuses_is_a_usage_error_naming_it(tmp_path: Path, key: str) -> None:
    with pytest.raises(UsageError, match=rf"pyproject.toml: invalid glob `x\\` in `{key}`"):
        config_from_mapping({key: ["ok/*.md", "x\\"]}, root=tmp_path, source=tmp_path / "pyproject.toml")


def test_a_bad_per_file_ignores_pattern_exits_2_with_a_message(tmp_path: Path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.modelcard.per-file-ignores]\n"a\\\\" = ["MC201"]\n')
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# m\n")
    assert main(["lint", str(tmp_path / "README.md")]) == 2
    err = capsys.readouterr().err
    assert "invalid glob `a\\` in `per-file-ignores`" in err and "Traceback" not in err


def _tree(root: Path) -> None:
    (root / "pyproject.toml").write_text('[tool.modelcard]\nexclude = ["/fixtures/", "drafts/"]\n')
    for rel in ("models/a/README.md", "fixtures/x/README.md", "models/drafts/README.md", "drafts.md/README.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("---\nlicense: MIT\n---\n# m\n")


def _linted(capsys) -> list[str]:
    return sorted({line.split(":")[0] for line in capsys.readouterr().out.splitlines()})


def test_exclude_prunes_a_walk_but_a_folder_named_explicitly_is_linted(tmp_path: Path, monkeypatch, capsys) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    main(["lint", "--select", "MC101", "."])
    assert _linted(capsys) == ["drafts.md/README.md", "models/a/README.md"]  # `drafts/` is a folder-only pattern
    main(["lint", "--select", "MC101", "fixtures/x"])
    assert _linted(capsys) == ["fixtures/x/README.md"]
    main(["lint", "--select", "MC101", "--force-exclude", "fixtures/x", "models/drafts", "models"])
    assert _linted(capsys) == ["models/a/README.md"]
