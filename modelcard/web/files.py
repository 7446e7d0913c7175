"""Serving a file from a card's folder: inside the folder only, never through a symlink out of it."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from modelcard.web.preview import relative_target
from modelcard.web.security import FILE_CSP, harden

if TYPE_CHECKING:
    from starlette.responses import Response

#: Types a browser may show inline; anything else is downloaded.
INLINE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", "text/plain"})


def inside(folder: Path, relative: str) -> Path | None:
    """``folder/relative`` when it is a regular file inside ``folder`` (symlinks resolved), else None."""
    target = relative_target(relative)
    if target is None:
        return None
    root = folder.resolve()
    path = (root / target).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def media_type(name: str) -> str:
    """The type a file is served as (text as UTF-8)."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith("text/") else kind


def file_response(path: Path, name: str) -> Response:
    from starlette.responses import FileResponse

    kind = media_type(name)
    headers = {"cache-control": "no-store"}
    if kind.split(";")[0] not in INLINE:
        headers["content-disposition"] = "attachment"
    return harden(FileResponse(path, media_type=kind, headers=headers), csp=FILE_CSP)
