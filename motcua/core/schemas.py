"""Shapes shared by every endpoint: the error body (`core.errors.DomainError` → `{code, message, errors}`)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[dict[str, Any]] | None = None
