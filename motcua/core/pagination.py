"""Keyset pagination: lists answer `{"items": [...], "count": N, "next_cursor": ...}`.

The cursor is an opaque, URL-safe encoding of the last row's sort key; a page never skips or
repeats rows when others are inserted meanwhile, and costs an index seek, not an OFFSET scan.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import BadRequest

M = TypeVar("M", bound=Model)
MAX_LIMIT = 500


@dataclass
class Page(Generic[M]):
    items: list[M]
    count: int
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(_("Con trỏ phân trang không hợp lệ."), code="invalid_cursor") from exc
    if not isinstance(values, list) or len(values) != width:
        raise BadRequest(_("Con trỏ phân trang không hợp lệ."), code="invalid_cursor")
    return values


def keyset_page(queryset: QuerySet[M], *, limit: int, cursor: str | None, keys: tuple[str, ...] = ("pk",)) -> Page[M]:
    """One page of `queryset` ordered by `keys` (ascending; the last key must be unique)."""
    if limit < 1 or limit > MAX_LIMIT:
        raise BadRequest(_("limit phải từ 1 đến %(max)d.") % {"max": MAX_LIMIT}, code="invalid_limit")
    count = queryset.count()
    ordered = queryset.order_by(*keys)
    if cursor:
        values = decode_cursor(cursor, len(keys))
        # (k1, k2) > (v1, v2) written portably: k1 > v1 OR (k1 = v1 AND k2 > v2)
        condition = Q()
        for i in range(len(keys)):
            term = Q(**{f"{keys[i]}__gt": values[i]})
            for j in range(i):
                term &= Q(**{keys[j]: values[j]})
            condition |= term
        ordered = ordered.filter(condition)
    rows = list(ordered[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([_attr(last, k) for k in keys])
    return Page(items=rows, count=count, next_cursor=next_cursor)


def _attr(obj: Any, key: str) -> Any:
    for part in key.split("__"):
        obj = getattr(obj, part)
    return obj
