"""A small JSON-over-HTTP client on the standard library (urllib), shared by the adapters.

It sorts failures the way the outbox needs: a refusal of the content (4xx other than 408/429)
is permanent; a timeout, a refused connection, 408, 429 or 5xx is worth a retry.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from motcua.integrations.outbox import PermanentError

_RETRYABLE_4XX = {408, 425, 429}


class TransientError(Exception):
    """The receiver could not be reached or answered 5xx/408/429: try again later."""


@dataclass
class JsonResponse:
    status: int
    body: Any


def post_json(url: str, body: Any, *, key: str = "", token: str = "", timeout: float | None = None) -> JsonResponse:
    """POST `body` as JSON; `key` travels as `Idempotency-Key` so the receiver can drop repeats."""
    if not url.startswith(("http://", "https://")):
        raise PermanentError(f"not an http(s) URL: {url!r}")
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json", "User-Agent": "motcua"}
    if key:
        headers["Idempotency-Key"] = key
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 - scheme checked
    try:
        with urllib.request.urlopen(request, timeout=timeout or settings.MOTCUA_HTTP_TIMEOUT) as response:  # noqa: S310
            return JsonResponse(status=response.status, body=_decode(response.read()))
    except urllib.error.HTTPError as exc:
        detail = _decode(exc.read())
        if exc.code in _RETRYABLE_4XX or exc.code >= 500:
            raise TransientError(f"HTTP {exc.code}: {_short(detail)}") from exc
        raise PermanentError(f"HTTP {exc.code}: {_short(detail)}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise TransientError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return raw[:500].decode("utf-8", errors="replace")


def _short(detail: Any) -> str:
    text = json.dumps(detail, ensure_ascii=False) if not isinstance(detail, str) else detail
    return text[:500]
