"""Glob patterns for ``exclude``, ``include`` and ``per-file-ignores``.

A pattern without ``/`` matches any single path component (``drafts``,
``README.md``, ``*.md``); a pattern with ``/`` matches the whole path relative
to the project root, where ``**`` spans folders (``models/**/README.md``).
"""

from __future__ import annotations

import functools
import re
from pathlib import PurePath


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            close = pattern.find("]", i + 1)
            if close == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def matches(pattern: str, relative: str | PurePath) -> bool:
    """Whether ``relative`` (a path relative to the project root) matches ``pattern``."""
    rel = PurePath(relative).as_posix()
    pat = pattern.strip()
    if pat.startswith("./"):
        pat = pat[2:]
    pat = pat.rstrip("/")
    if "/" not in pat:
        regex = _compile(pat)
        return any(regex.match(part) for part in rel.split("/"))
    regex = _compile(pat.lstrip("/"))
    # A folder pattern also matches everything below it.
    return bool(regex.match(rel)) or any(regex.match(prefix) for prefix in _prefixes(rel))


def _prefixes(rel: str) -> list[str]:
    parts = rel.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts))]


def any_match(patterns: tuple[str, ...] | list[str], relative: str | PurePath) -> bool:
    return any(matches(p, relative) for p in patterns)


def any_name_match(patterns: tuple[str, ...], name: str) -> bool:
    """Whether one file or folder name matches any of ``patterns`` (none of which holds a ``/``).

    The same answer as ``any(matches(p, name) for p in patterns)``, with one regex.
    """
    return _names(patterns).match(name) is not None


@functools.lru_cache(maxsize=64)
def _names(patterns: tuple[str, ...]) -> re.Pattern[str]:
    cleaned = [p.strip().removeprefix("./").rstrip("/") for p in patterns]
    if any("/" in p for p in cleaned):
        raise ValueError(f"not a name pattern: {patterns!r}")
    return re.compile("|".join(f"(?:{_compile(p).pattern})" for p in cleaned))
