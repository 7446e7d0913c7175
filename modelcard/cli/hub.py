"""Run a local Hub-compatible server.

`modelcard hub serve` stores repositories under --root and speaks the part of
the Hugging Face Hub protocol that huggingface_hub uses (Git LFS, no Xet).
Point clients at it with HF_ENDPOINT=http://HOST:PORT or --endpoint.
"""

from __future__ import annotations

import argparse
import os
import sys

DEFAULT_ROOT = os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "modelcard", "hub")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="hub_command", metavar="COMMAND", required=True)
    serve = sub.add_parser("serve", help="serve repositories over HTTP", description="Serve repositories over HTTP.")
    serve.add_argument("--root", default=DEFAULT_ROOT, help=f"storage folder (default: {DEFAULT_ROOT})")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8090, help="port (default: 8090; 0 picks a free one)")
    serve.add_argument(
        "--token",
        default=os.environ.get("MODELCARD_HUB_TOKEN"),
        help="require this bearer token for writes and private repositories (default: $MODELCARD_HUB_TOKEN)",
    )
    serve.add_argument("-q", "--quiet", action="store_true", help="do not log requests")


def run(args: argparse.Namespace) -> int:
    return serve_command(root=args.root, host=args.host, port=args.port, token=args.token, quiet=args.quiet)


def serve_command(*, root: str, host: str, port: int, token: str | None, quiet: bool) -> int:
    from modelcard.hub.server import make_server

    server = make_server(root, host=host, port=port, token=token, log=None if quiet else sys.stderr)
    auth = "token required for writes" if token else "no token required"
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        print(f"modelcard: warning: serving on {host} without --token: anyone who can reach it can write", file=sys.stderr)
    print(f"serving {server.store.root} at {server.url} ({auth}); Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
