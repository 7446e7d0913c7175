"""Edit a model card in the browser, with the linter live beside it.

Opens a local page (127.0.0.1, a random port, a one-time token in the link):
a metadata form, the card's text with guidance for the sections readers need,
a preview rendered like the Hub's, and the findings of `modelcard lint` as
you type, with their fixes. Nothing is written until you save. With --run,
"Regenerate from logs" refreshes the generated parts and keeps your text.
"""

from __future__ import annotations

import argparse
import secrets
import sys


EPILOG = """\
the page:
  a metadata form (searchable Hub lists; unknown values kept as typed, with
  the finding), the card's text with guidance for the sections readers need,
  a preview rendered like the Hub's, and the findings of `modelcard lint` as
  you type, each with its rule's documentation and, when it has one, a Fix.
  Save changes only what you edited; a file changed on disk is not overwritten.
  With --run, "Regenerate from logs" refreshes what the logs say and keeps your
  text. "Push..." shows the plan of `modelcard push --dry-run` for the saved
  folder, then pushes it (the token, from HF_TOKEN or your login, never reaches
  the page).

safety:
  127.0.0.1 only; the link's token works once and opens a session cookie;
  writes also need the page's CSRF token. Card content is sanitised and the
  page's Content-Security-Policy allows no script but the editor's own.

exit status:
  0 stopped with Ctrl-C; 1 a new card's run has no readable logs (as for
  `modelcard generate`); 2 a card that cannot be opened (not UTF-8, a folder
  that does not exist), a --run that is not a folder, a bad --port or
  configuration.

examples:
  modelcard edit                                   # ./README.md
  modelcard edit outputs/bert-imdb --run outputs/bert-imdb
  modelcard edit models/bert/README.md --port 8765 --no-browser
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("card", nargs="?", metavar="CARD_OR_FOLDER", help="the card, or a folder holding README.md (default: ./README.md; created on save)")
    parser.add_argument("--run", metavar="RUN_DIR", help="the training run the card comes from (enables Regenerate from logs)")
    parser.add_argument("--port", type=int, default=0, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="print the link; do not open a browser")


def run(args: argparse.Namespace) -> int:
    return edit_command(card=args.card, run_dir=args.run, port=args.port, browser=args.browser)


def edit_command(*, card: str | None, run_dir: str | None, port: int, browser: bool) -> int:
    from modelcard.errors import MissingDependencyError, UsageError

    try:
        import nh3  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ModuleNotFoundError as e:
        raise MissingDependencyError(e.name or "starlette", "web") from None
    from modelcard.web.editor import EditorSession
    from modelcard.web.editor_app import create_editor_app
    from modelcard.web.serve import bind, serve, url_of

    if not 0 <= port <= 65535:
        raise UsageError(f"--port: {port} is not a port number (0-65535)")
    session = EditorSession.open(card, run_dir)
    token = secrets.token_urlsafe(24)
    try:
        sock = bind("127.0.0.1", port)
    except OSError as e:
        raise UsageError(f"--port: cannot listen on 127.0.0.1:{port}: {e.strerror or e}") from None
    link = f"{url_of(sock)}/?token={token}"
    print(f"editing {session.path} at {link}", file=sys.stderr)
    print("the link works once; Ctrl-C to stop", file=sys.stderr, flush=True)
    if browser:
        import webbrowser

        webbrowser.open(link)
    try:
        serve(create_editor_app(session, token), sock)
    except KeyboardInterrupt:
        pass
    return 0
