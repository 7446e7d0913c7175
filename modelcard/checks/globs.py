"""Glob patterns for ``exclude``, ``include`` and ``per-file-ignores``, with gitignore semantics.

Patterns are matched by pathspec, as ``.gitignore`` lines are: a pattern without
``/`` matches any file or folder name (``drafts``, ``README.md``, ``*.md``); a
pattern with ``/`` is relative to the project root, where ``**`` spans folders
(``models/**/README.md``); a folder pattern covers everything below it; ``!``
negates. A leading ``./`` is dropped. pathspec is imported on first use, so a
lint run without patterns does not pay for it.
"""

from __future__ import annotations

import fnmatch
import functools
from pathlib import PurePath
from typing import TYPE_CHECKING

from modelcard.errors import UsageError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


def _normalise(pattern: str) -> str:
    return pattern.strip().removeprefix("./")


@functools.lru_cache(maxsize=256)
def compile_patterns(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """One matcher for ``patterns``, read as the lines of a ``.gitignore``.

    Raises:
        UsageError: a pattern git would refuse (``x\\``, a lone ``\\``).
    """
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(_normalise(p) for p in patterns)
    except ValueError as e:  # pathspec's pattern error, whatever its version calls it
        raise UsageError(f"invalid glob: {e}") from None


def check(patterns: tuple[str, ...], key: str, where: str = "") -> tuple[str, ...]:
    """``patterns`` when each one is valid; a usage error naming the key otherwise."""
    for pattern in patterns:
        try:
            compile_patterns((pattern,))
        except UsageError:
            raise UsageError(f"{where}invalid glob `{pattern}` in `{key}` (gitignore syntax)") from None
    return patterns


def matches(pattern: str, relative: str | PurePath) -> bool:
    """Whether ``relative`` (a path relative to the project root) matches ``pattern``.

    A folder is given with a trailing ``/`` (``drafts/``), so that folder-only
    patterns (``drafts/``) match it.
    """
    return any_match((pattern,), relative)


def matches_posix(pattern: str, relative: str) -> bool:
    """`matches` for a file path that is already posix and normalised, as `Config.relative` gives it."""
    return compile_patterns((pattern,)).match_file(relative)


def any_match(patterns: tuple[str, ...] | list[str], relative: str | PurePath) -> bool:
    """Whether ``relative`` matches ``patterns`` as a whole (a later ``!pattern`` re-includes)."""
    if not patterns:
        return False
    path = PurePath(relative).as_posix()
    if str(relative).endswith(("/", "\\")):
        path += "/"
    return compile_patterns(tuple(patterns)).match_file(path)


def any_name_match(patterns: tuple[str, ...], name: str) -> bool:
    """Whether one file or folder name matches any of ``patterns``, plain name globs.

    For the built-in exclusions (``.*``, ``node_modules``…), which need neither
    ``/`` nor negation: the standard library answers them without loading pathspec.
    """
    if any("/" in p or p.startswith("!") for p in patterns):
        raise ValueError(f"not a name pattern: {patterns!r}")
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)
