"""Remove the result cache of `modelcard lint`.

Removes the cache folder that `modelcard lint PATH` uses: `--cache-dir`, else
MODELCARD_CACHE_DIR, else `cache-dir` in the configuration, else .modelcard_cache
at the project root. Only what the cache wrote is removed.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="a path in the project (default: `.`)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: nearest pyproject.toml with [tool.modelcard])")
    parser.add_argument("--cache-dir", metavar="DIR", help="the cache folder to remove")


def run(args: argparse.Namespace) -> int:
    return clean_command(path=args.path, config_file=args.config, cache_dir=args.cache_dir)


def clean_command(*, path: str = ".", config_file: str | None = None, cache_dir: str | None = None) -> int:
    """Run ``modelcard clean``; returns the exit status."""
    from pathlib import Path

    from modelcard.checks.cache import clear, folder_for
    from modelcard.checks.config import load_config
    from modelcard.errors import ModelcardError

    folder = folder_for(load_config(Path(path), config_file=config_file), cache_dir=cache_dir)
    if folder is None:
        print("No cache: its folder is a symbolic link, which lint neither reads nor writes.", file=sys.stderr)
        return 0
    try:
        removed = clear(folder)
    except OSError as e:
        raise ModelcardError(f"cannot remove the cache in `{folder}`: {e.strerror or e}") from None
    print(f"Removed {removed} cached result{'' if removed == 1 else 's'} from {folder}.", file=sys.stderr)
    return 0
