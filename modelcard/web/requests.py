"""Reading request bodies with a bound on their size."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.requests import Request

MAX_JSON = 32 << 20


class BadRequest(Exception):
    """A request body that is too large or not what the route expects."""


async def read_json(request: Request, limit: int = MAX_JSON) -> dict[str, Any]:
    """The JSON object of a request body, read up to ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(f"the request body is larger than {limit:,} bytes")
        chunks.append(chunk)
    try:
        value = json.loads(b"".join(chunks) or b"null")
    except (ValueError, RecursionError):
        raise BadRequest("the request body is not JSON") from None
    if not isinstance(value, dict):
        raise BadRequest("the request body is not a JSON object")
    return value


def text_field(data: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"`{name}` must be a string")
    return value
