"""Dossier pages: the staff workspace (and a citizen's own dossiers), one dossier with a form
per action the user may take now, counter intake, online submission, public tracking and the
printable receipt and appointment slip (form 01).

Views parse input, call one action or selector of the engine, render. Every dossier is read
through the engine's scope (`access.dossier_get`, `selectors.dossier_list`): out of scope is
404. Refusals of the engine (`DomainError`) are shown in place with their translated message
and the status the API would answer (409 for a stale page, 422 for a broken rule)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from ninja.throttling import AnonRateThrottle

from motcua.catalog.selectors import SearchParams, procedure_search, procedure_version_current
from motcua.core.errors import DomainError, NotFound
from motcua.core.pagination import keyset_page
from motcua.core.permissions import public, signed_in
from motcua.dossiers import access, presenters, selectors
from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_act_many, dossier_rate_public, dossier_submit
from motcua.dossiers.actions.lifecycle import BATCH_ACTIONS
from motcua.dossiers.choices import OPEN, RUNNING, STATUS_BADGE, Action, Channel, CopyKind, Status
from motcua.dossiers.forms import (
    DANGER,
    PRIMARY,
    IntakeForm,
    TrackForm,
    action_form,
    button_label,
    check_upload_size,
    upload_to_document,
)
from motcua.dossiers.models import DossierAlert
from motcua.dossiers.rules import PUBLIC_ACTIONS, PUBLIC_RATE, is_overdue
from motcua.geo import selectors as geo
from motcua.org.access import agencies_where
from motcua.org.choices import Role

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 25


def page(view: View) -> View:
    """Signed-in users only; missing or out of scope is 404; any other refusal of the engine on
    a read is shown as a message with its status (a bad cursor is a 400, never a 500)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except DomainError as exc:
            return render(request, "dossiers/error.html", {"error": exc}, status=exc.status)

    return wrapper


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _counter_centres(user: Any) -> list[Any]:
    """The one-stop units where `user` receives dossiers (counter officer memberships)."""
    if getattr(user, "is_citizen", False):
        return []
    return agencies_where(user, Role.COUNTER_OFFICER)


def _when(value: Any) -> datetime | None:
    if isinstance(value, str):
        return parse_datetime(value)
    return value  # type: ignore[no-any-return]


def _hours(seconds: float | int | None) -> str:
    if seconds is None:
        return ""
    hours = abs(seconds) / 3600
    return _("%(h)s giờ làm việc") % {"h": f"{hours:.1f}".rstrip("0").rstrip(".").replace(".", ",")}


def _distance(delta: timedelta) -> str:
    """A calendar distance in whole days (or hours under a day), sign dropped."""
    seconds = abs(delta.total_seconds())
    if seconds >= 86400:
        days = int(seconds // 86400)
        return ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days}
    hours = max(1, int(seconds // 3600))
    return ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}


# --- the workspace ----------------------------------------------------------------------------


@signed_in("staff: dossiers of their agencies and those below; citizens: their own")
@page
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    """The dossiers in my scope (citizens: my own), filtered, a keyset page at a time."""
    user = request.user
    status = _int(request.GET.get("status"))
    if status is not None and status not in Status.values:
        status = None
    overdue_raw = request.GET.get("overdue", "")
    overdue = {"1": True, "0": False}.get(overdue_raw)
    q = request.GET.get("q", "").strip()[:100]
    queue = request.GET.get("queue", "")
    if queue not in QUEUES:
        queue = ""
    alert = request.GET.get("alert", "")
    if alert not in DossierAlert.Kind.values:
        alert = ""
    query = selectors.dossier_list(
        user,
        selectors.DossierFilter(
            status=status,
            overdue=overdue,
            q=q or None,
            mine=queue == "mine",
            due_soon=queue == "due_soon",
            alert=alert or None,
        ),
    )
    query = query.select_related("address_province", "address_commune").prefetch_related(
        "fees", "results", "documents", "procedure_version__steps"
    )
    found = keyset_page(query, limit=PAGE_SIZE, cursor=request.GET.get("cursor") or None, keys=("pk",))
    now = timezone.now()
    rows = []
    offered: set[str] = set()
    for dossier in found.items:
        out = presenters.dossier_out(user, dossier)
        batchable = [a for a in out["allowed_actions"] if a in BATCH_ACTIONS]
        offered.update(batchable)
        distance = _distance(dossier.appointment_at - now) if dossier.appointment_at else ""
        rows.append(
            {
                "d": out,
                "badge": STATUS_BADGE[Status(dossier.status)],
                "overdue": is_overdue(dossier.status, dossier.appointment_at, now),
                "running": dossier.status in RUNNING,
                "paused": dossier.status in PAUSED,
                "version": dossier.procedure_version,
                "distance": distance,
                "batchable": bool(batchable),
            }
        )
    filters = {
        "status": status or "",
        "overdue": overdue_raw if overdue is not None else "",
        "q": q,
        "queue": queue,
        "alert": alert,
    }
    next_url = ""
    if found.next_cursor:
        next_url = "?" + urlencode({**{k: v for k, v in filters.items() if v != ""}, "cursor": found.next_cursor})
    context = {
        "rows": rows,
        "count": found.count,
        "next_url": next_url,
        "filters": filters,
        "statuses": Status.choices,
        "now": now,
        # Ticking several dossiers and taking one action for all (staff only; all or nothing).
        "batch_actions": [(str(a), button_label(a)) for a in Action if str(a) in offered],
        "here": request.get_full_path(),
    }
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "dossier-list":
        return render(request, "dossiers/_list.html", context)
    citizen = getattr(user, "is_citizen", False)
    alerts: list[dict[str, Any]] = []
    if citizen:
        summary = [
            (
                _("Cần bổ sung"),
                selectors.dossier_list(user, selectors.DossierFilter(status=Status.SUPPLEMENT)).count(),
                "?status=5",
                "warning",
            ),
            (
                _("Chờ nộp phí"),
                selectors.dossier_list(user, selectors.DossierFilter(status=Status.PAYMENT)).count(),
                "?status=6",
                "warning",
            ),
        ]
    else:
        summary = [
            (
                _("Chờ tiếp nhận"),
                selectors.dossier_list(user, selectors.DossierFilter(status=Status.SUBMITTED)).count(),
                "?status=1",
                "secondary",
            ),
        ]
        # The work queues (mine, due soon, overdue) and today's alerts by kind, in the user's scope.
        summary += [(q.label, q.count, "?" + q.key, q.colour) for q in selectors.workspace_queues(user)]
        counts = selectors.alert_counts(user, day=timezone.localdate(now))
        alerts = [
            {"kind": kind, "label": label, "count": counts.get(kind, 0), "active": kind == alert}
            for kind, label in DossierAlert.Kind.choices
        ]
    context.update(
        {
            "summary": summary,
            "alerts": alerts,
            "citizen": citizen,
            "can_receive": bool(_counter_centres(user)),
            "active_link": _active_link(filters),
        }
    )
    return render(request, "dossiers/workspace.html", context)


QUEUES = {"mine", "due_soon"}
# Statuses in which the clock waits for the applicant (supplement, payment): never overdue.
PAUSED = frozenset(OPEN - RUNNING - {Status.SUBMITTED})


def _active_link(filters: dict[str, Any]) -> str:
    """The summary link that opened this list, to mark it as the current queue."""
    if filters["queue"]:
        return f"?queue={filters['queue']}"
    if filters["overdue"] == "1":
        return "?overdue=1"
    if filters["status"]:
        return f"?status={filters['status']}"
    return ""


# --- one dossier ------------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    dossier_id: int,
    *,
    failed: str = "",
    failed_form: Any = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    dossier = access.dossier_get(user, dossier_id)
    out = presenters.dossier_out(user, dossier, detail=True, audit_via="page")
    forms = []
    for name in out["allowed_actions"]:
        if name == failed and failed_form is not None:
            form = failed_form
            # The page is fresh now: the next try posts the version shown.
            form.data = form.data.copy()
            form.data[f"{name}-expected_version"] = str(dossier.version)
        else:
            form = action_form(name, dossier)
        forms.append(
            {
                "action": name,
                "label": button_label(name),
                "form": form,
                "style": "danger" if name in DANGER else "primary" if name in PRIMARY else "outline-primary",
                "error": error if name == failed else None,
                "multipart": name == Action.SUPPLY,
                "open": name == failed,
            }
        )
    # An action that is no longer allowed (someone else moved the dossier) still shows its error.
    orphan_error = error if error is not None and failed not in out["allowed_actions"] else None
    clocks = []
    for key, label in (("decree_118", _("Nghị định 118/2025")), ("decision_766", _("Quyết định 766/QĐ-TTg"))):
        reading = (out.get("clock") or {}).get(key)
        if reading:
            clocks.append(
                {
                    "label": label,
                    "state": reading["state"],
                    "appointment": _when(reading["appointment"]),
                    "used": _hours(reading["used_seconds"]),
                    "left": _hours(reading["left_seconds"]),
                    "overdue": reading["overdue"],
                    "supplements": reading["supplement_requests"],
                }
            )
    events = [
        {
            "at": e.at,
            "actor": e.actor_name or _("Hệ thống"),
            "action": Action(e.action).label if e.action in Action.values else e.action,
            "from": Status(e.from_status).label if e.from_status else "",
            "to": Status(e.to_status).label,
            "step": e.step,
            "note": e.note,
        }
        for e in selectors.dossier_events(dossier)
    ]
    steps = list(dossier.procedure_version.steps.all())
    kinds = dict(DossierAlert.Kind.choices)
    # The worker's warnings are for the units handling the dossier, not for the applicant.
    alerts = (
        []
        if getattr(user, "is_citizen", False)
        else [
            {"kind": a.kind, "label": kinds.get(a.kind, a.kind), "day": a.day, "detail": a.detail}
            for a in selectors.dossier_alerts(dossier)
        ]
    )
    context = {
        "alerts": alerts,
        "dossier": dossier,
        "d": out,
        "badge": STATUS_BADGE[Status(dossier.status)],
        "forms": forms,
        "orphan_error": orphan_error,
        "clocks": clocks,
        "events": events,
        "steps": steps,
        "copy_kinds": dict(CopyKind.choices),
        "channel": Channel(dossier.channel).label,
    }
    return render(request, "dossiers/detail.html", context, status=status)


@signed_in("the dossier if it is in the user's scope, else 404; actions offered by step and role")
@page
@require_GET
def detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return _render_detail(request, dossier_id)


@signed_in("the engine checks scope, status, step, role and version (dossier_act)")
@page
@require_POST
def act(request: HttpRequest, dossier_id: int, action: str) -> HttpResponse:
    """One action from the dossier page; a refusal re-renders the page with the message in place."""
    if action not in PUBLIC_ACTIONS:
        raise Http404(_("Không có thao tác này."))
    dossier = access.dossier_get(request.user, dossier_id)
    form = action_form(action, dossier, request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, dossier_id, failed=action, failed_form=form, status=422)
    try:
        dossier_act(
            acting_user=request.user,
            dossier_id=dossier_id,
            action=action,
            expected_version=form.cleaned_data["expected_version"],
            params=form.params(),
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _render_detail(request, dossier_id, failed=action, failed_form=form, error=exc, status=exc.status)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": button_label(action)})
    return redirect("dossiers:detail", dossier_id=dossier_id)


@signed_in("each dossier checked as by dossier_act; all or none (dossier_act_many)")
@page
@require_POST
def batch(request: HttpRequest) -> HttpResponse:
    """One action for the dossiers ticked in the workspace: all of them or none, and the
    message says which dossiers stopped the batch and why."""
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = reverse("dossiers:workspace")
    action = request.POST.get("action", "")
    items: list[tuple[int, int | None]] = []
    for raw in request.POST.getlist("dossier"):
        pk, _sep, seen = raw.partition(":")
        if (number := _int(pk)) is not None:
            items.append((number, _int(seen)))
    if not items:
        messages.error(request, _("Hãy đánh dấu ít nhất một hồ sơ."))
        return redirect(back)
    if action not in BATCH_ACTIONS:
        messages.error(request, _("Hãy chọn thao tác cho các hồ sơ đã đánh dấu."))
        return redirect(back)
    note = " ".join(request.POST.get("note", "").split())[:2000]
    try:
        done = dossier_act_many(
            acting_user=request.user, action=action, items=items, params={"note": note} if note else {}
        )
    except DomainError as exc:
        reasons = "; ".join(f"#{e['id']}: {e['message']}" for e in exc.errors if "id" in e)
        messages.error(request, f"{exc.message} {reasons}".strip())
        return redirect(back)
    messages.success(
        request,
        ngettext("Đã thực hiện “%(action)s” cho %(n)d hồ sơ.", "Đã thực hiện “%(action)s” cho %(n)d hồ sơ.", len(done))
        % {"action": button_label(action), "n": len(done)},
    )
    return redirect(back)


@signed_in("the receipt of a dossier in the user's scope, else 404")
@page
@require_GET
def receipt(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Form 01: the receipt and appointment slip, printable, with the code as a QR code."""
    dossier = access.dossier_get(request.user, dossier_id)
    if not dossier.code:
        raise DomainError(
            _("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả."), code="not_accepted"
        )
    out = presenters.dossier_out(request.user, dossier, detail=False, audit_via="page")
    track_url = request.build_absolute_uri(reverse("dossiers:track") + "?" + urlencode({"code": dossier.code}))
    qr = segno.make(track_url, error="m").svg_inline(scale=3, title=dossier.code)
    return render(
        request,
        "dossiers/receipt.html",
        {
            "dossier": dossier,
            "d": out,
            "qr": qr,
            "track_url": track_url,
            "copy_kinds": dict(CopyKind.choices),
            "channel": Channel(dossier.channel).label,
            "printed_at": timezone.now(),
        },
    )


# --- intake -----------------------------------------------------------------------------------


def _documents(request: HttpRequest, version: Any, *, online: bool) -> list[dict[str, Any]]:
    """One document dict per component the user gave a file or an e-data reference for."""
    out = []
    for required in version.documents.all():
        upload = request.FILES.get(f"doc-{required.pk}-file")
        edata = request.POST.get(f"doc-{required.pk}-edata", "").strip()[:255]
        default = (
            CopyKind.ELECTRONIC if online else (CopyKind.COPY if required.copy_type == "copy" else CopyKind.ORIGINAL)
        )
        copy_kind = _int(request.POST.get(f"doc-{required.pk}-copy"))
        if copy_kind not in CopyKind.values:
            copy_kind = default
        if upload is not None:
            try:
                check_upload_size(upload)
            except Exception as exc:
                raise DomainError(
                    _("Tệp của thành phần “%(c)s” quá lớn.") % {"c": required.name}, code="document_too_large"
                ) from exc
            out.append(
                upload_to_document(
                    upload,
                    component=required.name,
                    required_document=required.pk,
                    copy_kind=copy_kind,
                    digitised=not online,
                )
            )
        elif edata:
            out.append(
                {
                    "component": required.name,
                    "required_document": required.pk,
                    "copy_kind": CopyKind.ELECTRONIC,
                    "edata_ref": edata,
                }
            )
    return out


_FIELD_OF = {
    "applicant.kind": "kind",
    "applicant.full_name": "full_name",
    "applicant.id_number": "id_number",
    "applicant.tax_code": "tax_code",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "applicant.address": "commune",
    "applicant.old_address": "old_address",
}


def _intake(request: HttpRequest, *, online: bool, code: str) -> HttpResponse:
    user = request.user
    centres = [] if online else _counter_centres(user)
    version = procedure_version_current(code, timezone.localdate()) if code else None
    template = "dossiers/submit_online.html" if online else "dossiers/intake.html"
    if version is None:
        if online:
            raise Http404(_("Không có thủ tục %(code)s đang áp dụng.") % {"code": code})
        return _choose_procedure(request, code)
    provinces = list(geo.province_list())
    kwargs: dict[str, Any] = {"provinces": provinces, "centres": centres, "online": online}
    error: DomainError | None = None
    status = 200
    if request.method == "POST":
        form = IntakeForm(request.POST, **kwargs)
        if form.is_valid():
            data = SubmitInput(
                procedure=version.procedure.code,
                channel=Channel.ONLINE if online else form.cleaned_data["channel"],
                applicant=form.applicant(),
                documents=_documents(request, version, online=online),
                summary=form.cleaned_data.get("summary") or "",
                receiving_agency=form.cleaned_data.get("receiving_agency") or None,
            )
            try:
                done = dossier_submit(acting_user=user, data=data, idempotency_key=form.cleaned_data["idempotency_key"])
            except NotFound:
                raise
            except DomainError as exc:
                error, status = exc, exc.status
                for item in exc.errors:
                    field = _FIELD_OF.get(str(item.get("field")))
                    if field and field in form.fields:
                        form.add_error(field, str(item["message"]))
            else:
                if done.replayed:
                    messages.info(request, _("Hồ sơ này đã được gửi trước đó; không tạo hồ sơ trùng."))
                else:
                    messages.success(
                        request, _("Đã ghi nhận hồ sơ của %(name)s.") % {"name": done.dossier.applicant_name}
                    )
                return redirect("dossiers:detail", dossier_id=done.dossier.pk)
        else:
            status = 422
    else:
        initial: dict[str, Any] = {"idempotency_key": uuid.uuid4().hex, "channel": Channel.COUNTER}
        if online:
            initial.update(
                {
                    "full_name": getattr(user, "full_name", ""),
                    "id_number": getattr(user, "id_number", ""),
                    "phone": getattr(user, "phone", ""),
                    "email": getattr(user, "email", ""),
                }
            )
        elif len(centres) == 1 and centres[0].province_id:
            initial["province"] = centres[0].province.code
        form = IntakeForm(initial=initial, **kwargs)
    province_code = form["province"].value() or ""
    communes = []
    if province_code:
        province = geo.province_get(province_code)
        communes = list(geo.commune_list(province=province)) if province else []
    documents = [
        {
            "doc": d,
            "default_copy": CopyKind.ELECTRONIC
            if online
            else (CopyKind.COPY if d.copy_type == "copy" else CopyKind.ORIGINAL),
        }
        for d in version.documents.all()
    ]
    context = {
        "form": form,
        "version": version,
        "documents": documents,
        "copy_kinds": CopyKind.choices,
        "communes": communes,
        "commune_value": form["commune"].value() or "",
        "error": error,
        "online": online,
        "centres": centres,
        "not_online": online and version.online_level == "none",
    }
    return render(request, template, context, status=status)


def _choose_procedure(request: HttpRequest, code: str, *, online: bool = False) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    result = procedure_search(SearchParams(q=q or code, limit=15))
    items = [d for d in result.items if d.online_level != "none"] if online else result.items
    context = {"q": q or code, "items": items, "unknown": code, "online": online}
    if getattr(request, "htmx", False):
        return render(request, "dossiers/_procedure_choices.html", context)
    return render(request, "dossiers/intake_choose.html", context)


@signed_in("counter officers of a one-stop centre; others are told so")
@page
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Counter and postal intake by a one-stop officer (any centre of the province for
    boundary-free procedures — the engine decides)."""
    if not _counter_centres(request.user):
        raise Http404(_("Chỉ cán bộ bộ phận một cửa tiếp nhận hồ sơ trực tiếp."))
    code = (request.POST.get("procedure") or request.GET.get("procedure") or "").strip()[:32]
    return _intake(request, online=False, code=code)


@signed_in("citizens submit for themselves")
@page
@require_GET
def submit_online_choose(request: HttpRequest) -> HttpResponse:
    """A citizen picks the procedure to apply for online."""
    return _choose_procedure(request, "", online=True)


@signed_in("citizens submit for themselves; the engine refuses staff")
@page
@require_http_methods(["GET", "POST"])
def submit_online(request: HttpRequest, code: str) -> HttpResponse:
    """Online submission by the applicant (channel 2); staff are sent to counter intake."""
    if not getattr(request.user, "is_citizen", False):
        if _counter_centres(request.user):
            return redirect(reverse("dossiers:intake") + "?" + urlencode({"procedure": code}))
        raise Http404(_("Nộp trực tuyến dành cho tài khoản công dân, doanh nghiệp."))
    return _intake(request, online=True, code=code)


@public("the list of communes of a province: published geography")
@require_GET
def communes(request: HttpRequest) -> HttpResponse:
    """`<option>`s of a province's communes, for the address selects (htmx)."""
    province = geo.province_get(request.GET.get("province", "")[:2])
    items = list(geo.commune_list(province=province)) if province else []
    return render(request, "dossiers/_commune_options.html", {"communes": items, "selected": ""})


@signed_in("a file of a dossier in the user's scope, else 404; the read is audited")
@page
@require_GET
def document_file(request: HttpRequest, dossier_id: int, document_id: int) -> HttpResponseBase:
    """An attached file, for those who handle the dossier (its owner, its units, supervisors);
    anyone else gets 404 like for the dossier itself."""
    dossier = access.dossier_get(request.user, dossier_id)
    if not access.handles(request.user, dossier):
        raise Http404(_("Không tìm thấy giấy tờ."))
    document = dossier.documents.filter(pk=document_id).exclude(file="").first()
    if document is None:
        raise Http404(_("Không tìm thấy giấy tờ."))
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.mime_type or "application/octet-stream",
    )


# --- public tracking ----------------------------------------------------------------------------


def _public_allowed(request: HttpRequest) -> bool:
    """The API's limit per address (`rules.PUBLIC_RATE`) for the public pages too: one code and
    contact pair after another cannot be tried faster than that."""
    return bool(AnonRateThrottle(PUBLIC_RATE).allow_request(request))


def _too_many(request: HttpRequest) -> HttpResponse:
    error = DomainError(_("Quá nhiều yêu cầu. Hãy thử lại sau ít phút."), code="too_many_requests", status=429)
    return render(request, "dossiers/error.html", {"error": error}, status=429)


@public("a dossier by its code and the applicant's phone or ID number, masked")
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    """Anyone with the code and the applicant's phone or ID number follows the dossier, masked."""
    bound = "contact" in request.GET
    if bound and not _public_allowed(request):
        return _too_many(request)
    form = TrackForm(request.GET if bound else None, initial={"code": request.GET.get("code", "")})
    found: dict[str, Any] | None = None
    status = 200
    missing = False
    if bound and form.is_valid():
        args = form.lookup_args()
        dossier = selectors.public_lookup(code=args["code"] or "", phone=args["phone"], id_number=args["id_number"])
        if dossier is None:
            missing, status = True, 404
        else:
            found = {
                "dossier": dossier,
                # A walk-in applicant rates here once the result is ready (Decision 766).
                "may_rate": dossier.rating is None and dossier.status in {Status.PROCESSED, Status.RETURNED},
                "contact": form.cleaned_data["contact"],
                "badge": STATUS_BADGE[Status(dossier.status)],
                "status_label": Status(dossier.status).label,
                "applicant": presenters.applicant_out(dossier, full=False),
                "events": [
                    {"at": e.at, "action": Action(e.action).label, "to": Status(e.to_status).label}
                    for e in selectors.dossier_events(dossier)
                ],
                "results": list(dossier.results.all()),
            }
    elif bound:
        status = 422
    return render(request, "dossiers/track.html", {"form": form, "found": found, "missing": missing}, status=status)


@public("the applicant rates with the code and their phone or ID number, once")
@require_POST
def track_rate(request: HttpRequest) -> HttpResponse:
    """The rating form of the tracking page: the same code and contact, a score and a comment."""
    if not _public_allowed(request):
        return _too_many(request)
    form = TrackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Không tìm thấy hồ sơ với mã và số điện thoại/số định danh này."))
        return redirect("dossiers:track")
    args = form.lookup_args()
    back = reverse("dossiers:track") + "?" + urlencode({"code": args["code"], "contact": form.cleaned_data["contact"]})
    try:
        dossier_rate_public(
            code=args["code"] or "",
            phone=args["phone"],
            id_number=args["id_number"],
            score=request.POST.get("score"),
            note=request.POST.get("note", "")[:1000],
        )
    except NotFound:
        messages.error(request, _("Không tìm thấy hồ sơ với mã và số điện thoại/số định danh này."))
        return redirect("dossiers:track")
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    messages.success(request, _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn được dùng để đo mức độ hài lòng."))
    return redirect(back)
