"""The REST API at /api/v1/ (django-ninja). OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every error answers one shape: `{"code": "...", "message": "...", "errors": [...]}` with a
translated message; bad input is 400/422, never 500.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from motcua.core.errors import DomainError
from motcua.core.permissions import register_api

api = NinjaAPI(
    title="motcua API",
    version="1",
    description=(
        "motcua — one-stop platform for administrative procedures under Vietnam's two-level local government. "
        "Authenticate with `Authorization: Bearer <token>` (create one with `motcua token create --user NAME`). "
        "Lists answer `{items, count, next_cursor}`; errors answer `{code, message, errors}`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str, errors: list[Any] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message), exc.errors)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None, "message": err.get("msg", "")}
        for err in exc.errors
    ]
    return _error(request, 422, "validation_error", _("Dữ liệu gửi lên không hợp lệ."), errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", _("Cần đăng nhập hoặc mã truy cập hợp lệ."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Không tìm thấy."))


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, "too_many_requests", _("Quá nhiều yêu cầu. Hãy thử lại sau ít phút."))
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and "CSRF" in str(exc):
        # The session check runs after a failed Bearer token and insists on CSRF for writes.
        if request.headers.get("Authorization"):
            return on_auth_error(request, AuthenticationError())  # the token was the problem
        return _error(
            request,
            403,
            "csrf_failed",
            _("Thiếu hoặc sai mã chống giả mạo (CSRF): hãy tải lại trang, hoặc gửi kèm mã truy cập (Bearer)."),
        )
    return _error(request, exc.status_code, "error", str(exc))


# One line per app that publishes endpoints; keep this list in dependency order.
from motcua.authority.api import router as authority_router  # noqa: E402
from motcua.catalog.api import router as catalog_router  # noqa: E402
from motcua.dossiers.alerts_api import router as alerts_router  # noqa: E402
from motcua.dossiers.api import router as dossiers_router  # noqa: E402
from motcua.geo.api import router as geo_router  # noqa: E402
from motcua.metrics.api import router as metrics_router  # noqa: E402
from motcua.org.api import router as org_router  # noqa: E402
from motcua.oversight.api import router as oversight_router  # noqa: E402
from motcua.workdays.api import router as workdays_router  # noqa: E402

api.add_router("", geo_router)
api.add_router("", org_router)
api.add_router("", catalog_router)
api.add_router("", authority_router)
api.add_router("", oversight_router)
api.add_router("", workdays_router)
api.add_router("", dossiers_router)
api.add_router("", alerts_router)
api.add_router("", metrics_router)
register_api(api)  # the access map (core/permissions.py) walks these endpoints
