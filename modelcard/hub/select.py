"""Which files of a model folder a push sends.

Training leftovers stay home by default: checkpoints, optimizer and scheduler
state, RNG state, ``training_args.bin`` (a pickle that holds the raw
``hub_token``), VCS folders, caches and logger output. ``include`` globs add
files back (except what is never sent); ``exclude`` globs drop more.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from pathlib import Path

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


def select_files(
    folder: Path, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """Split the files under ``folder`` into sent and ignored (POSIX relative paths, sorted).

    Args:
        folder: the model folder.
        include: globs that override the default ignores (never for credentials).
        exclude: globs of files to leave out as well.
    """
    sent: list[str] = []
    ignored: list[str] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if _matches(rel, NEVER):
            ignored.append(rel)
        elif _matches(rel, exclude):
            ignored.append(rel)
        elif _matches(rel, DEFAULT_IGNORES) and not _matches(rel, include):
            ignored.append(rel)
        else:
            sent.append(rel)
    return sent, ignored
