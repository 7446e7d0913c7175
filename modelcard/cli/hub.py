"""Run a local Hub-compatible server.

`modelcard hub serve` stores repositories under --root and speaks the part of
the Hugging Face Hub protocol that huggingface_hub uses (Git LFS, no Xet).
Point clients at it with HF_ENDPOINT=http://HOST:PORT or --endpoint.
The write token comes from --token-file, $MODELCARD_HUB_TOKEN or --token
(visible to other users of the machine in the process list: prefer the others).
"""

from __future__ import annotations

import argparse
import os
import sys

from modelcard.errors import MissingDependencyError, UsageError

DEFAULT_ROOT = os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "modelcard", "hub")
TOKEN_VARIABLE = "MODELCARD_HUB_TOKEN"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is out of range: use 0 to 65535 (0 picks a free port)")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="hub_command", metavar="COMMAND", required=True)
    serve = sub.add_parser("serve", help="serve repositories over HTTP", description="Serve repositories over HTTP.")
    serve.add_argument("--root", default=DEFAULT_ROOT, help=f"storage folder (default: {DEFAULT_ROOT})")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only; `::` for every IPv6 and IPv4 address)")
    serve.add_argument("--port", type=_port, default=8090, help="port (default: 8090; 0 picks a free one)")
    token = serve.add_mutually_exclusive_group()
    token.add_argument("--token-file", metavar="PATH", help="read the bearer token required for writes and private repositories from this file")
    token.add_argument("--token", help=f"the token itself (visible in the process list; prefer --token-file or ${TOKEN_VARIABLE})")
    serve.add_argument("-q", "--quiet", action="store_true", help="do not log requests")


def run(args: argparse.Namespace) -> int:
    token = read_token(token=args.token, token_file=args.token_file)
    return serve_command(root=args.root, host=args.host, port=args.port, token=token, quiet=args.quiet)


def read_token(*, token: str | None, token_file: str | None) -> str | None:
    """``--token``, else the first line of ``--token-file``, else ``$MODELCARD_HUB_TOKEN``, else None."""
    if token_file is not None:
        try:
            with open(token_file, encoding="utf-8") as f:
                token = f.readline().strip()
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"cannot read --token-file `{token_file}`: {getattr(e, 'strerror', None) or e}") from None
        if not token:
            raise UsageError(f"--token-file `{token_file}` is empty")
    if token is None:
        token = os.environ.get(TOKEN_VARIABLE) or None
    if token is not None and (not token.isprintable() or " " in token):
        raise UsageError("the token must be one word of printable characters")
    return token


def serve_command(*, root: str, host: str, port: int, token: str | None, quiet: bool) -> int:
    try:
        from modelcard.hub.server.runner import make_server
        from modelcard.web.hub_pages import routes
    except ModuleNotFoundError as e:
        if e.name in ("starlette", "uvicorn", "anyio", "h11", "nh3", "multipart", "python_multipart"):
            raise MissingDependencyError(e.name, "hub") from None
        raise

    if os.path.exists(root) and not os.path.isdir(root):
        raise UsageError(f"--root `{root}` is not a folder")
    server = make_server(root, host=host, port=port, token=token, log=None if quiet else sys.stderr, routes=routes())
    auth = "token required for writes" if token else "no token required"
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        print(f"modelcard: warning: serving on {host} without a token: anyone who can reach it can write", file=sys.stderr)
    print(f"serving {server.store.root} at {server.url} ({auth}); Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
