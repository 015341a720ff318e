"""Shapes shared by every endpoint: the error body and list envelopes."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[dict[str, Any]] | None = None


class ListMeta(Schema):
    count: int
    next_cursor: str | None = None
