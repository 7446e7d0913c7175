"""Names a Hub repository accepts: repository ids, branch and tag names, file paths.

Shared by the client (to refuse a bad name before anything is sent) and the
local server (to answer 400 rather than store it). A name is refused, never
silently rewritten: control characters (NUL, CR, LF, ...), backslashes,
Windows drive prefixes, and components that read as ``.`` or ``..`` once
Unicode-normalised (fullwidth dots ``．．``) would otherwise create files and
folders nobody can address, or reach outside the repository when pulled.
"""

from __future__ import annotations

import re
import unicodedata

_REPO_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
_REF = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_DRIVE = re.compile(r"^[A-Za-z]:")
MAX_PATH_BYTES = 4096
MAX_COMPONENT_BYTES = 255


class InvalidName(ValueError):
    """A refused name; the message says what is wrong with it."""


def _shown(name: str) -> str:
    """The name with invisible characters escaped, fit for a message or a header."""
    return name.encode("unicode_escape").decode("ascii")[:300]


def check_repo_id(repo_id: str) -> str:
    """``namespace/name``, each of letters, digits, ``.``, ``_``, ``-`` (96 at most), returned unchanged."""
    parts = repo_id.split("/")
    if len(parts) != 2 or not all(_REPO_PART.fullmatch(p) for p in parts) or ".." in repo_id:
        raise InvalidName(f"invalid repository id `{_shown(repo_id)}`: expected `namespace/name` of letters, digits, `.`, `_`, `-`")
    return repo_id


def check_ref_name(name: str, kind: str = "branch") -> str:
    """A branch or tag name as git allows it (a subset): no ``..``, no empty component, no ``refs/``."""
    if (
        not _REF.fullmatch(name)
        or ".." in name
        or "//" in name
        or name.startswith(("/", "refs/", "-"))
        or name.endswith(("/", ".lock", "."))
    ):
        raise InvalidName(f"invalid {kind} name `{_shown(name)}`")
    return name


def check_repo_path(path: str) -> str:
    """A file path inside a repository (``/``-separated, relative), returned unchanged."""
    problem = _path_problem(path)
    if problem:
        raise InvalidName(f"invalid path in repository `{_shown(path)}`: {problem}")
    return path


def _path_problem(path: str) -> str | None:
    if not path:
        return "empty"
    if _CONTROL.search(path):
        return "control characters (NUL, CR, LF, ...) are not allowed"
    if "\\" in path:
        return "backslashes are not allowed; separate folders with `/`"
    if path.startswith("/") or _DRIVE.match(path):
        return "must be relative to the repository root"
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return f"longer than {MAX_PATH_BYTES} bytes"
    for part in path.split("/"):
        folded = unicodedata.normalize("NFKC", part).strip()
        if folded in ("", ".", ".."):
            return "empty, `.` and `..` components are not allowed (fullwidth dots included)"
        if folded.lower() == ".git":
            return "`.git` is reserved"
        if len(part.encode("utf-8", "surrogatepass")) > MAX_COMPONENT_BYTES:
            return f"a component is longer than {MAX_COMPONENT_BYTES} bytes"
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "not valid UTF-8"
    return None
