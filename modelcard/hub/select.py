"""Which files of a model folder a push sends.

Training leftovers stay home by default: checkpoints, optimizer and scheduler
state, RNG state, ``training_args.bin`` (a pickle that holds the raw
``hub_token``), VCS folders, caches and logger output. ``include`` globs add
files back (except what is never sent); ``exclude`` globs drop more.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from modelcard.card.decode import special_kind

#: Matched against the path relative to the folder, and each of its folders.
DEFAULT_IGNORES: tuple[str, ...] = (
    "checkpoint-*/",
    "global_step*/",
    "optimizer.pt",
    "optimizer.bin",
    "scheduler.pt",
    "scaler.pt",
    "rng_state*.pth",
    "training_args.bin",
    "trainer_state.json",
    ".git/",
    ".hg/",
    ".svn/",
    ".cache/",
    "__pycache__/",
    "*.pyc",
    ".ipynb_checkpoints/",
    ".DS_Store",
    "runs/",
    "wandb/",
    "mlruns/",
    "lightning_logs/",
    ".huggingface/",
    ".env",
)

#: Sent under no circumstances: these hold credentials.
NEVER: tuple[str, ...] = ("training_args.bin", ".git/", ".env", ".huggingface/")


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    """Whether a relative path matches a glob: ``dir/`` names a folder at any depth."""
    parts = rel.split("/")
    folders = parts[:-1]
    for pattern in patterns:
        if pattern.endswith("/"):
            name = pattern.rstrip("/")
            if "/" in name:
                hit = any(fnmatch.fnmatchcase("/".join(parts[: i + 1]), name) for i in range(len(folders)))
            else:
                hit = any(fnmatch.fnmatchcase(f, name) for f in folders)
        elif "/" in pattern:
            hit = fnmatch.fnmatchcase(rel, pattern)
        else:
            hit = fnmatch.fnmatchcase(parts[-1], pattern) or fnmatch.fnmatchcase(rel, pattern)
        if hit:
            return True
    return False


class Selection(NamedTuple):
    """The files of a folder, split for a push (POSIX relative paths, sorted).

    ``outside``: sendable paths that are symbolic links resolving outside the folder
    (a push refuses them); ``skipped``: ``(path, kind)`` of entries that are not regular
    files (FIFOs, sockets, devices), never opened.
    """

    sent: list[str]
    ignored: list[str]
    outside: list[str]
    skipped: list[tuple[str, str]]


def select_files(folder: Path, *, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Selection:
    """Split the files under ``folder`` into sent and ignored.

    Symbolic links are followed only to what lies inside ``folder``; folders
    reached through a link are not walked (their files are sent from where they are).

    Args:
        folder: the model folder.
        include: globs that override the default ignores (never for credentials).
        exclude: globs of files to leave out as well.
    """
    root = os.path.realpath(folder)
    selection = Selection([], [], [], [])
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        names = sorted(files)
        for name in [d for d in dirs if os.path.islink(os.path.join(base, d))]:
            dirs.remove(name)  # a linked folder: its entry is judged like a file
            names.append(name)
        for name in sorted(names):
            path = os.path.join(base, name)
            rel = Path(path).relative_to(folder).as_posix()
            if _matches(rel, NEVER) or _matches(rel, exclude) or (
                _matches(rel, DEFAULT_IGNORES) and not _matches(rel, include)
            ):
                selection.ignored.append(rel)
                continue
            _sort(selection, path, rel, root)
    selection.sent.sort()
    selection.ignored.sort()
    return selection


def _sort(selection: Selection, path: str, rel: str, root: str) -> None:
    """Put one sendable entry where it belongs, without opening it."""
    if os.path.islink(path):
        target = os.path.realpath(path)
        if os.path.commonpath([root, target]) != root:
            selection.outside.append(rel)
            return
        if os.path.isdir(target):
            return  # the files are sent from inside the folder already
    try:
        mode = os.stat(path).st_mode
    except OSError:
        selection.skipped.append((rel, "a broken link"))
        return
    if stat.S_ISREG(mode):
        selection.sent.append(rel)
    elif not stat.S_ISDIR(mode):
        selection.skipped.append((rel, special_kind(mode) or "not a regular file"))
