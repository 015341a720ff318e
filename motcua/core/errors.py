"""Domain errors: exceptions with a stable code and a translated message.

One handler in `motcua.api` turns them into the API's error shape
`{"code": ..., "message": ..., "errors": [...]}`; pages show the message inline.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the request. `status` is the HTTP status the API answers."""

    status: int = 422
    code: str = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        status: int | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.errors = errors or []

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.errors:
            body["errors"] = self.errors
        return body


class NotFound(DomainError):
    """Missing or outside the user's jurisdiction: both answer 404 so objects cannot be probed."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the object first, or the request repeats with a different body."""

    status = 409
    code = "conflict"


class BadRequest(DomainError):
    status = 400
    code = "bad_request"
