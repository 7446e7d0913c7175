"""An HTTP error answer: status, message and the ``X-Error-Code`` the client types errors by."""

from __future__ import annotations


class HttpError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}
