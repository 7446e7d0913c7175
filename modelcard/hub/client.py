"""What push and pull share: endpoint, token, Xet detection, error translation.

``huggingface_hub`` reads ``HF_ENDPOINT`` and ``HF_HUB_DISABLE_XET`` when it is
imported, so the endpoint is always passed explicitly and Xet is switched at
run time.

Xet: with ``hf_xet`` installed the client sends large files through the Xet
protocol and never falls back to Git LFS. Before uploading, a push asks the
endpoint for a Xet write token; when the endpoint cannot give one (a local
server, an enterprise server without Xet), Xet is disabled for the duration
of the push and large files go through Git LFS.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote

from modelcard.errors import HubError, UsageError
from modelcard.secrets import redact

if TYPE_CHECKING:
    from huggingface_hub import HfApi

DEFAULT_ENDPOINT = "https://huggingface.co"

_xet_lock = threading.Lock()
_xet_users = 0
_xet_saved: bool | None = None


def resolve_endpoint(endpoint: str | None) -> str:
    """``endpoint``, else ``HF_ENDPOINT`` (read now, not at import), else the Hub."""
    value = endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT
    return value.rstrip("/")


def resolve_token(token: str | None) -> str | None:
    """``token``, else ``HF_TOKEN``, else the token saved by ``hf auth login``."""
    if token:
        return token
    from huggingface_hub import get_token

    return get_token()


def check_repo_id(repo_id: str) -> str:
    """``repo_id`` when the Hub could accept it; a usage error before any request otherwise."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError as e:
        reason = str(e).split(":")[0].split(". Use")[0]
        raise UsageError(f"`{repo_id}` is not a repository id ({reason})") from None
    return repo_id


@contextlib.contextmanager
def progress_on_terminal() -> Iterator[None]:
    """Progress bars while the block runs only when stderr is a terminal and ``CI`` is unset.

    The caller's own choice stands: bars already disabled stay so, and
    ``HF_HUB_DISABLE_PROGRESS_BARS=0`` keeps them on. The setting is restored after.
    """
    from huggingface_hub import constants
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    isatty = getattr(sys.stderr, "isatty", None)
    terminal = bool(isatty and isatty()) and not os.environ.get("CI")
    if terminal or constants.HF_HUB_DISABLE_PROGRESS_BARS is False or are_progress_bars_disabled():
        yield
        return
    disable_progress_bars()
    try:
        yield
    finally:
        enable_progress_bars()


def make_api(endpoint: str | None, token: str | None) -> HfApi:
    from huggingface_hub import HfApi

    return HfApi(endpoint=resolve_endpoint(endpoint), token=resolve_token(token) or False)


def speaks_xet(api: HfApi, repo_id: str, *, revision: str, repo_type: str = "model", create_pr: bool = False) -> bool:
    """Whether the endpoint hands out Xet write tokens for this repository."""
    from huggingface_hub.utils import build_hf_headers, get_session
    from huggingface_hub.utils._runtime import is_xet_available

    if not is_xet_available():
        return False
    url = f"{api.endpoint}/api/{repo_type}s/{repo_id}/xet-write-token/{quote(revision, safe='')}"
    if create_pr:
        url += "?create_pr=1"
    try:
        response = get_session().get(url, headers=build_hf_headers(token=api.token))
    except Exception:  # noqa: BLE001 - any transport failure means "no Xet here"
        return False
    if response.status_code != 200:
        return False
    if response.headers.get("X-Xet-Cas-Url"):
        return True
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and bool(body.get("casUrl") or body.get("accessToken"))


@contextlib.contextmanager
def xet_disabled(disable: bool) -> Iterator[None]:
    """Disable Xet uploads while the block runs (thread-safe, nestable)."""
    global _xet_users, _xet_saved
    if not disable:
        yield
        return
    from huggingface_hub import constants

    with _xet_lock:
        if _xet_users == 0:
            _xet_saved = constants.HF_HUB_DISABLE_XET
            constants.HF_HUB_DISABLE_XET = True
        _xet_users += 1
    try:
        yield
    finally:
        with _xet_lock:
            _xet_users -= 1
            if _xet_users == 0 and _xet_saved is not None:
                constants.HF_HUB_DISABLE_XET = _xet_saved


@functools.lru_cache(maxsize=None)
def transport_errors() -> tuple[type[BaseException], ...]:
    """What a failed Hub call raises: HTTP errors, transport errors, refusals (ValueError)."""
    from huggingface_hub.errors import HfHubHTTPError

    try:
        import httpx2 as httpx  # huggingface_hub >= 2
    except ImportError:  # pragma: no cover - huggingface_hub 1.x
        import httpx  # type: ignore[no-redef]
    return (HfHubHTTPError, httpx.HTTPError, OSError, ValueError)


def status_of(error: BaseException) -> int | None:
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def hub_error(error: BaseException, action: str, token: str | None = None) -> HubError:
    """A one-paragraph :class:`HubError` for a failed Hub call, with secrets removed."""
    from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError

    status = status_of(error)
    detail = str(error).strip().splitlines()
    server = detail[-1] if detail else type(error).__name__
    # A bare 404 (from a server that sends no X-Error-Code) means what the Hub means by it.
    unclassified_404 = status == 404 and not isinstance(error, (EntryNotFoundError, RevisionNotFoundError))
    if isinstance(error, RepositoryNotFoundError) or unclassified_404:
        message = f"{action}: repository not found (or no access with this token)"
    elif isinstance(error, RevisionNotFoundError):
        message = f"{action}: revision not found"
    elif status in (401, 403):
        message = f"{action}: not authorized ({status}); check the token (HF_TOKEN, `hf auth login` or --token)"
    else:
        first = detail[0] if detail else type(error).__name__
        message = f"{action}: {first}" + (f" ({server})" if server != first else "")
    if token:
        message = message.replace(token, "<redacted>")
    return HubError(redact(message))
