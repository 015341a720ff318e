"""Public catalogue pages (list with search-as-you-type, procedure detail) and the
administrators' import/export page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import actions, exchange, selectors
from motcua.catalog.access import can_manage_catalog
from motcua.catalog.choices import ApplicantType, OnlineLevel
from motcua.core.errors import DomainError
from motcua.core.permissions import public, signed_in
from motcua.org.choices import Level

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _bool_param(value: str | None) -> bool | None:
    return {"1": True, "true": True, "0": False, "false": False}.get((value or "").lower())


@public("the published catalogue")
def procedure_list(request: HttpRequest) -> HttpResponse:
    """All procedures in force, filtered; with `q`, ranked search (HTMX swaps the results only)."""
    get = request.GET
    params = selectors.SearchParams(
        q=get.get("q", "")[:200],
        field=get.get("field") or None,
        level=get.get("level") if get.get("level") in Level.values else None,
        online_level=get.get("online_level") if get.get("online_level") in OnlineLevel.values else None,
        applicant_type=get.get("applicant_type") if get.get("applicant_type") in ApplicantType.values else None,
        boundary_free=_bool_param(get.get("boundary_free")),
        limit=50,
        cursor=get.get("cursor") or None,
    )
    try:
        result = selectors.procedure_search(params)
    except DomainError:
        result = selectors.procedure_search(selectors.SearchParams(q=params.q, limit=50))
    fields = {f.code: f for f in selectors.field_list()}
    context = {
        "params": params,
        "result": result,
        "fields": fields,
        "levels": Level.choices,
        "online_levels": OnlineLevel.choices,
        "applicant_types": ApplicantType.choices,
        "can_manage": can_manage_catalog(request.user),
    }
    template = "catalog/_results.html" if request.htmx else "catalog/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@public("a published procedure and its versions in force")
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.procedure_version_current(code)
    if version is None:
        raise Http404(_("Không có thủ tục này đang có hiệu lực."))
    history = list(selectors.procedure_versions(code).exclude(status="draft"))
    return render(request, "catalog/detail.html", {"v": version, "history": history})


@signed_in("catalogue administrators only, others 404 (can_manage_catalog)")
@login_required
def catalogue_exchange(request: HttpRequest) -> HttpResponse:
    """Administrators: download the whole catalogue, or upload a file (checked before writing)."""
    if not can_manage_catalog(request.user):
        raise Http404
    fmt = request.GET.get("export")
    if fmt in ("json", "xlsx"):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "json":
            response = HttpResponse(exchange.export_json(), content_type="application/json; charset=utf-8")
        else:
            response = HttpResponse(
                exchange.export_xlsx(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="motcua-catalog-{stamp}.{fmt}"'
        return response
    errors: list[dict[str, object]] = []
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = bool(request.POST.get("dry_run"))
        if upload is None:
            messages.error(request, _("Hãy chọn một tệp .json hoặc .xlsx."))
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            messages.error(request, _("Tệp lớn quá 20 MB."))
        else:
            try:
                report = actions.catalog_import(
                    acting_user=request.user, data=upload.read(), filename=upload.name or "", dry_run=dry_run
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
                errors = exc.errors
            else:
                verb = _("Kiểm tra xong (chưa ghi)") if dry_run else _("Đã nhập")
                messages.success(
                    request,
                    _("%(verb)s: %(c)d phiên bản mới, %(u)d cập nhật, %(n)d không đổi.")
                    % {"verb": verb, "c": report.created, "u": report.updated, "n": report.unchanged},
                )
    return render(request, "catalog/exchange.html", {"errors": errors, "report": report})
