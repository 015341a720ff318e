"""Health check: the database answers a query."""

from __future__ import annotations

import time

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from motcua import __version__


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": exc.__class__.__name__}, status=503
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "database_ms": round((time.perf_counter() - started) * 1000, 2),
            "version": __version__,
        }
    )
