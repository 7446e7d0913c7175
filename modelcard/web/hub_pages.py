"""The local Hub's web pages, served by the same app as its API (``create_app(root, routes=routes())``).

Reading works without JavaScript: the repository list, a model page (the
rendered card, metadata chips, results table, carbon figure), files, commit
history with the card's diffs, branches and tags (:mod:`modelcard.web.hub_reading`).
Writing (uploading files, editing the card, :mod:`modelcard.web.hub_writing`)
needs the Hub's token, typed once into the login page, and the page's CSRF
token; both go through the same push code as ``modelcard push``. Private
repositories are shown only to sessions that gave the token.
"""

from __future__ import annotations

from typing import Any


def routes() -> list[Any]:
    """The pages' routes, for ``create_app(root, routes=routes())``."""
    import nh3  # noqa: F401 - the card renderer's sanitiser: missing, the pages cannot start
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from modelcard.web.hub_context import STATIC_URL
    from modelcard.web.hub_reading import commit_page, commits_page, files_page, model_page, raw_file, refs_page, repo_list, rule_doc
    from modelcard.web.hub_writing import edit_api, edit_page, login, upload
    from modelcard.web.pages import STATIC

    api = edit_api()
    edit = "/{ns}/{name}/edit/{rev}/api"
    return [
        Route("/", repo_list),
        Route("/_web/login", login, methods=["GET", "POST"]),
        Route("/_web/rules/{code}", rule_doc),
        Mount(STATIC_URL, StaticFiles(directory=str(STATIC)), name="web-static"),
        Route("/{ns}/{name}", model_page),
        Route("/{ns}/{name}/tree/{rev}", files_page),
        Route("/{ns}/{name}/commits/{rev}", commits_page),
        Route("/{ns}/{name}/commit/{oid}", commit_page),
        Route("/{ns}/{name}/refs", refs_page),
        Route("/{ns}/{name}/raw/{rev}/{path:path}", raw_file),
        Route("/{ns}/{name}/upload/{rev}", upload, methods=["GET", "POST"]),
        Route("/{ns}/{name}/edit/{rev}", edit_page),
        Route(edit + "/state", api["state"]),
        Route(edit + "/choices/language", api["languages"]),
        Route(edit + "/draft", api["draft"], methods=["POST"]),
        Route(edit + "/fix", api["fix"], methods=["POST"]),
        Route(edit + "/save", api["save"], methods=["POST"]),
        Route(edit + "/reload", api["reload"], methods=["POST"]),
    ]
