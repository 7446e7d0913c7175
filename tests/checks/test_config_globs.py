"""Glob patterns of exclude, include and per-file-ignores."""

from __future__ import annotations

import pytest

from modelcard.checks.globs import matches


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
