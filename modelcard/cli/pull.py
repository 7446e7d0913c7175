"""Download a card and its files at a revision, verified.

The revision may be a branch, a tag or a (short) commit id. The card must
parse and lint, the files it links to must exist, the parameter count it
states must match the safetensors headers, and every file must hash to what
the repository recorded.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("repo_id", metavar="NS/NAME", help="repository to download")
    parser.add_argument("--revision", help="branch, tag or commit id (default: main)")
    parser.add_argument("--dir", dest="local_dir", metavar="DIR", help="download into DIR (default: the Hugging Face cache)")
    parser.add_argument("--endpoint", help="Hub URL (default: $HF_ENDPOINT or https://huggingface.co)")
    parser.add_argument("--token", help="access token (default: $HF_TOKEN or the saved login)")


def run(args: argparse.Namespace) -> int:
    return pull_command(
        repo_id=args.repo_id, revision=args.revision, local_dir=args.local_dir, endpoint=args.endpoint, token=args.token
    )


def pull_command(*, repo_id: str, revision: str | None, local_dir: str | None, endpoint: str | None, token: str | None) -> int:
    from dataclasses import replace

    from modelcard.hub import load
    from modelcard.reports.text import line

    model = load(repo_id, revision=revision, local_dir=local_dir, endpoint=endpoint, token=token)
    for d in model.diagnostics:
        shown = Path(os.path.relpath(d.path, model.folder)).as_posix()
        print(line(replace(d, path=shown)), file=sys.stderr)
    params = f", {model.parameters:,} parameters" if model.parameters is not None else ""
    results = f", {len(model.eval_results)} evaluation results" if model.eval_results else ""
    print(f"{model.repo_id}@{model.revision} = commit {model.commit}: {len(model.files)} files verified{params}{results}")
    print(model.folder)
    return 0
