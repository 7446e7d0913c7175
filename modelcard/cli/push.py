"""Push a card and its weights to the Hub in one commit.

The card is linted first: errors refuse the push before anything is sent
(--no-verify overrides). Every text file is scanned for secrets: one refuses the
push whatever the flags (--scrub sends JSON files without theirs). Training leftovers (checkpoints, optimizer state,
training_args.bin, logger output) stay home unless --include brings them back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="model folder holding README.md")
    parser.add_argument("--repo-id", required=True, metavar="NS/NAME", help="repository to push to")
    parser.add_argument("--revision", metavar="BRANCH", help="branch to push to (created if missing; default: main)")
    parser.add_argument("--tag", help="tag the new commit")
    parser.add_argument("--private", action="store_true", help="create the repository as private")
    parser.add_argument("--create-pr", action="store_true", help="open a pull request instead of pushing to main")
    parser.add_argument("-m", "--message", help="commit message")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB", help="send files ignored by default")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="leave out more files")
    parser.add_argument("--endpoint", help="Hub URL (default: $HF_ENDPOINT or https://huggingface.co)")
    parser.add_argument("--token", help="access token (default: $HF_TOKEN or the saved login)")
    parser.add_argument("--no-verify", dest="verify", action="store_false", help="push even if the card has lint errors")
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
    parser.add_argument(
        "--scrub",
        action="store_true",
        help="send JSON files holding secrets (training_args.json) without them; the files on disk stay as they are",
    )


def run(args: argparse.Namespace) -> int:
    return push_command(
        folder=args.folder,
        repo_id=args.repo_id,
        revision=args.revision,
        tag=args.tag,
        private=args.private,
        create_pr=args.create_pr,
        message=args.message,
        include=args.include,
        exclude=args.exclude,
        endpoint=args.endpoint,
        token=args.token,
        verify=args.verify,
        dry_run=args.dry_run,
        scrub=args.scrub,
    )


def push_command(*, folder: str, repo_id: str, include: Sequence[str], exclude: Sequence[str], **options: object) -> int:
    from dataclasses import replace

    from modelcard.hub import push
    from modelcard.reports.text import line

    if not options.get("verify", True):
        print("modelcard: warning: --no-verify: the card is pushed even if it fails the linter", file=sys.stderr)
    result = push(folder, repo_id, include=tuple(include), exclude=tuple(exclude), **options)  # type: ignore[arg-type]
    for d in result.diagnostics:
        print(line(replace(d, path="README.md")), file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    if result.dry_run:
        print(f"plan for {result.repo_id}@{result.revision} on {result.endpoint}:")
        width = max((len(p) for p in [*(f.path for f in result.files), *result.ignored]), default=4)
        for f in result.files:
            mode = "large file" if f.mode == "lfs" else "regular"
            print(f"  {f.path:<{width}}  {_size(f.size):>9}  {mode:<10}  {f.status}")
        for path in result.ignored:
            print(f"  {path:<{width}}  {'':>9}  ignored")
        total = sum(f.size for f in result.changed)
        print(f"{len(result.changed)} of {len(result.files)} files to send ({_size(total)}); nothing was sent")
        return 0
    sent = len(result.changed)
    target = result.pr_url or f"{result.repo_id}@{result.revision}"
    if result.created_commit:
        print(f"pushed {sent} of {len(result.files)} files to {target}: commit {result.commit}")
    else:
        print(f"{target} already holds these files: commit {result.commit}")
    if result.tag:
        print(f"tagged {result.tag}")
    return 0


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"
