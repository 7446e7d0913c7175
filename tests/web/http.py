"""A tiny HTTP client for the tests: full control over headers (Host, Origin, Cookie)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(url: str, method: str = "GET", *, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    data = json.dumps(body).encode() if body is not None and not isinstance(body, bytes) else body
    all_headers = {"content-type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=data, headers=all_headers)
    response = conn.getresponse()
    answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    conn.close()
    return answer


def cookie_of(answer: Answer) -> str:
    """The ``name=value`` of the cookie an answer sets."""
    return answer.headers["set-cookie"].split(";", 1)[0]
