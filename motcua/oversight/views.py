"""Oversight pages: campaigns, visits, recommendations (with their lifecycle forms), the
synthesis (page, PDF, Excel), the pre-visit brief and the support channel. Views parse input,
call one action or selector, render; domain errors become inline messages or 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError, NotFound
from motcua.core.permissions import signed_in
from motcua.geo.models import Province
from motcua.org.choices import AgencyKind
from motcua.org.models import Agency, User
from motcua.oversight import access, actions, exports, rules, selectors
from motcua.oversight.choices import (
    STATUS_BADGE,
    THREAD_BADGE,
    AddresseeKind,
    Field,
    RecommendationStatus,
    Theme,
    ThreadStatus,
)
from motcua.oversight.models import Attachment, Recommendation

View = Callable[..., HttpResponseBase]


def _user(request: HttpRequest) -> User:
    """The signed-in staff member (pages redirect anonymous users; the API authenticates first)."""
    return cast(User, request.user)


def page(view: View) -> View:
    """Signed-in users only; a NotFound (missing or out of scope) is a 404; a refused POST
    shows the translated message and goes back to the page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except DomainError as exc:
            if request.method != "POST":
                return render(request, "oversight/error.html", {"message": exc.message}, status=exc.status)
            messages.error(request, " ".join([str(exc.message), *[str(e["message"]) for e in exc.errors]]))
            return redirect(request.get_full_path())

    return wrapper


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise DomainError(_("Ngày không hợp lệ."), code="invalid_date") from exc


def _ctx(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "can_manage": access.can_manage(request.user),
        "ministry_side": access.is_ministry_side(request.user),
        "status_badge": STATUS_BADGE,
        **extra,
    }


@signed_in("ministry roles see every campaign; a province its own visits (decision 0030)")
@page
def index(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaign_list(user=request.user))
    return render(request, "oversight/index.html", _ctx(request, campaigns=campaigns))


@signed_in("campaigns in the user's oversight scope, else 404")
@page
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    visits = list(
        selectors.visit_list(user=request.user, campaign_id=campaign.pk)
        .prefetch_related("venues__commune")
        .order_by("visited_on", "province_code")
    )
    groups = list(campaign.groups.prefetch_related("members__agency", "provinces"))
    national = list(selectors.recommendation_list(user=request.user, campaign_id=campaign.pk, national=True))
    findings = list(campaign.findings.filter(visit__isnull=True).order_by("position"))
    common = list(campaign.difficulties.filter(visit__isnull=True).order_by("position"))
    return render(
        request,
        "oversight/campaign.html",
        _ctx(
            request,
            campaign=campaign,
            visits=visits,
            groups=groups,
            national=national,
            findings=findings,
            common=common,
        ),
    )


@signed_in("the synthesis of a campaign in scope, else 404")
@page
def synthesis(request: HttpRequest, campaign_id: int, fmt: str = "html") -> HttpResponse:
    data = selectors.campaign_synthesis(user=request.user, campaign_id=campaign_id)
    labels = exports.labels()
    if fmt == "pdf":
        return exports.synthesis_pdf(request, data)
    if fmt == "xlsx":
        return exports.synthesis_xlsx(data)
    return render(
        request,
        "oversight/synthesis.html",
        _ctx(request, s=data, labels=labels, rows=exports.synthesis_rows(data, labels)),
    )


@signed_in("visits in scope; edits by the ministry's working-group roles")
@page
@require_http_methods(["GET", "POST"])
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, visit_id=visit_id)
    if request.method == "POST":
        form = request.POST.get("form")
        if form == "minutes":
            actions.minutes_create(
                acting_user=_user(request),
                visit_id=visit.pk,
                title=request.POST.get("title", ""),
                number=request.POST.get("number", ""),
                signed_on=_date(request.POST.get("signed_on")),
                summary=request.POST.get("summary", ""),
            )
            messages.success(request, _("Đã lưu biên bản."))
        elif form == "attachment":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError(_("Chưa chọn tệp."), code="file_required")
            minutes_id = _int(request.POST.get("minutes_id"))
            if minutes_id is None or not visit.minutes.filter(pk=minutes_id).exists():
                raise NotFound(_("Không tìm thấy biên bản."))
            if upload.size and upload.size > rules.MAX_ATTACHMENT_BYTES:
                raise DomainError(
                    _("Tệp lớn quá %(mb)d MB.") % {"mb": rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                    code="file_too_large",
                )
            actions.attachment_add(
                acting_user=_user(request),
                minutes_id=minutes_id,
                name=upload.name or "",
                content=upload.read(),
            )
            messages.success(request, _("Đã đính kèm tệp."))
        elif form == "recommendation":
            actions.recommendation_record(
                acting_user=_user(request),
                visit_id=visit.pk,
                text=request.POST.get("text", ""),
                addressee_kind=request.POST.get("addressee_kind", ""),
                addressee_agency_id=_int(request.POST.get("addressee_agency_id")),
                field=request.POST.get("field", ""),
                theme=request.POST.get("theme", ""),
            )
            messages.success(request, _("Đã ghi nhận kiến nghị."))
        return redirect("oversight:visit", visit_id=visit.pk)
    return render(
        request,
        "oversight/visit.html",
        _ctx(
            request,
            visit=visit,
            figures=list(visit.figures.all()),
            findings=list(visit.findings.order_by("kind", "position")),
            difficulties=list(visit.difficulties.order_by("position")),
            recommendations=list(
                visit.recommendations.select_related("addressee_agency", "assigned_unit").order_by("position")
            ),
            units=_units(),
            fields=Field.choices,
            themes=Theme.choices,
            addressee_kinds=AddresseeKind.choices,
            source=visit.campaign.source_text(visit.source),
        ),
    )


@signed_in("attachments of visits in scope, else 404")
@page
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    attachment = Attachment.objects.select_related("minutes__visit").filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound(_("Không tìm thấy tệp."))
    selectors.visit_get(user=request.user, visit_id=attachment.minutes.visit_id)  # scope check
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    return response


def _units() -> list[Agency]:
    return list(Agency.objects.filter(kind__in=[AgencyKind.MINISTRY_UNIT, AgencyKind.MINISTRY]).order_by("identifier"))


def _recommendations(request: HttpRequest) -> QuerySet[Recommendation]:
    """The list's filters, shared by the page and its Excel export."""
    params = request.GET
    return selectors.recommendation_list(
        user=request.user,
        campaign_id=_int(params.get("campaign")),
        province=params.get("province") or None,
        status=params.get("status") or None,
        field=params.get("field") or None,
        addressee=params.get("addressee") or None,
        national={"1": True, "0": False}.get(params.get("national", "")),
        unit_ids=access.unit_ids(request.user) if params.get("mine") == "1" else None,
    ).order_by("campaign_id", "province_code", "position", "pk")


@signed_in("recommendations in scope; changes by the roles of each step")
@page
@require_http_methods(["GET", "POST"])
def recommendation_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = [i for i in (_int(x) for x in request.POST.getlist("ids")) if i is not None]
        group = actions.recommendation_group_create(
            acting_user=_user(request),
            title=request.POST.get("title", ""),
            recommendation_ids=ids,
        )
        messages.success(request, _("Đã gộp %(n)d kiến nghị thành một nhóm.") % {"n": len(ids)})
        return redirect("oversight:group", group_id=group.pk)
    query = _recommendations(request).select_related("campaign")
    if request.GET.get("format") == "xlsx":
        return exports.recommendations_xlsx(query)
    recs = list(query[:500])
    provinces = Province.objects.filter(
        code__in=selectors.recommendation_list(user=request.user).values("province_code")
    ).order_by("name")
    return render(
        request,
        "oversight/recommendations.html",
        _ctx(
            request,
            recs=recs,
            total=query.count(),
            params=request.GET,
            has_unit=bool(access.unit_ids(request.user)),
            export_query=request.GET.urlencode(),
            statuses=RecommendationStatus.choices,
            fields=Field.choices,
            addressees=AddresseeKind.choices,
            provinces=provinces,
            today=timezone.localdate(),
        ),
    )


@signed_in("a recommendation in scope, else 404; each change audited")
@page
@require_http_methods(["GET", "POST"])
def recommendation_detail(request: HttpRequest, rec_id: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, recommendation_id=rec_id)
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        common: dict[str, Any] = {
            "acting_user": _user(request),
            "recommendation_id": rec.pk,
            "expected_version": _int(request.POST.get("version")),
        }
        p = request.POST
        if verb == "answer_on_site":
            actions.recommendation_answer_on_site(**common, answer=p.get("answer", ""))
        elif verb == "escalate":
            actions.recommendation_escalate(**common, note=p.get("note", ""))
        elif verb == "assign":
            due = _date(p.get("due_on"))
            unit_id = _int(p.get("unit_id"))
            if due is None or unit_id is None:
                raise DomainError(_("Cần chọn đơn vị chủ trì và hạn xử lý."), code="assign_required")
            actions.recommendation_assign(**common, unit_id=unit_id, due_on=due, note=p.get("note", ""))
        elif verb == "report_progress":
            progress = _int(p.get("progress"))
            if progress is None:
                raise DomainError(_("Tiến độ phải từ 0 đến 100%."), code="invalid_progress")
            actions.recommendation_report_progress(
                **common, progress=progress, note=p.get("note", ""), occurred_on=_date(p.get("occurred_on"))
            )
        elif verb == "resolve":
            actions.recommendation_resolve(
                **common, reference=p.get("reference", ""), url=p.get("url", ""), note=p.get("note", "")
            )
        elif verb == "decline":
            actions.recommendation_decline(**common, reason=p.get("reason", ""))
        elif verb == "ungroup":
            actions.recommendation_group_unlink(acting_user=_user(request), recommendation_id=rec.pk)
        else:
            raise DomainError(_("Thao tác không hợp lệ."), code="invalid_verb")
        messages.success(request, _("Đã cập nhật kiến nghị."))
        return redirect("oversight:recommendation", rec_id=rec.pk)
    return render(
        request,
        "oversight/recommendation.html",
        _ctx(
            request,
            rec=rec,
            events=list(rec.events.all()),
            reminders=list(rec.reminders.all()),
            allowed=rules.allowed_targets(rec.status),
            can_work=access.can_work_on(request.user, rec),
            units=_units(),
            today=timezone.localdate(),
        ),
    )


@signed_in("linked recommendations in scope")
@page
@require_http_methods(["GET", "POST"])
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    rollup = selectors.recommendation_group_get(user=request.user, group_id=group_id)
    if request.method == "POST":
        p = request.POST
        verb = p.get("verb", "")
        kwargs: dict[str, Any] = {"note": p.get("note", "")}
        if verb == "assign":
            due, unit_id = _date(p.get("due_on")), _int(p.get("unit_id"))
            if due is None or unit_id is None:
                raise DomainError(_("Cần chọn đơn vị chủ trì và hạn xử lý."), code="assign_required")
            kwargs.update(unit_id=unit_id, due_on=due)
        elif verb != "escalate":
            raise DomainError(_("Thao tác không hợp lệ."), code="invalid_verb")
        actions.recommendation_group_apply(acting_user=_user(request), group_id=rollup.group.pk, verb=verb, **kwargs)
        messages.success(request, _("Đã cập nhật kiến nghị."))
        return redirect("oversight:group", group_id=rollup.group.pk)
    return render(request, "oversight/group.html", _ctx(request, r=rollup, units=_units(), today=timezone.localdate()))


@signed_in("ministry roles and the province's own administrators")
@page
def brief(request: HttpRequest) -> HttpResponse:
    params = request.GET
    result = None
    error = ""
    visible = Province.objects.order_by("name")
    if not access.is_ministry_side(request.user):
        visible = visible.filter(pk__in=access.province_ids(request.user))
    province = params.get("province") or ""
    if not province and visible.count() == 1:
        province = visible.first().code  # type: ignore[union-attr]
    today = timezone.localdate()
    try:
        date_from = _date(params.get("date_from")) or today
        date_to = _date(params.get("date_to")) or date_from
        if province:
            result = selectors.previsit_brief(
                user=request.user, province_code=province, date_from=date_from, date_to=date_to
            )
    except NotFound:
        raise
    except DomainError as exc:
        error = str(exc.message)
        date_from, date_to = today, today
    return render(
        request,
        "oversight/brief.html",
        _ctx(
            request,
            b=result,
            provinces=visible,
            province=province,
            date_from=date_from,
            date_to=date_to,
            error=error,
        ),
    )


# --- Support channel --------------------------------------------------------------------------------
@signed_in("the user's own threads; ministry units see those addressed to them")
@page
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        thread = actions.support_thread_open(
            acting_user=_user(request),
            field=request.POST.get("field", ""),
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
            procedure_code=request.POST.get("procedure_code", ""),
            unit_id=_int(request.POST.get("unit_id")),
        )
        messages.success(request, _("Đã gửi câu hỏi tới %(unit)s.") % {"unit": thread.unit.name})
        return redirect("oversight:thread", thread_id=thread.pk)
    status = request.GET.get("status") or None
    threads = list(selectors.thread_list(user=request.user, status=status)[:300])
    return render(
        request,
        "oversight/support.html",
        _ctx(
            request,
            threads=threads,
            can_ask=access.can_ask(request.user),
            fields=Field.choices,
            units=[u for u in _units() if u.kind == AgencyKind.MINISTRY_UNIT],
            thread_badge=THREAD_BADGE,
            now=timezone.now(),
            status=status or "",
            statuses=ThreadStatus.choices,
        ),
    )


@signed_in("a thread the user takes part in or answers, else 404")
@page
@require_http_methods(["GET", "POST"])
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    if request.method == "POST":
        verb = request.POST.get("verb")
        if verb == "reply":
            actions.support_thread_reply(
                acting_user=_user(request),
                thread_id=thread.pk,
                body=request.POST.get("body", ""),
                internal=bool(request.POST.get("internal")),
                answers=bool(request.POST.get("answers")),
            )
        elif verb == "assign":
            assignee = _int(request.POST.get("assignee_id"))
            if assignee is None:
                raise DomainError(_("Cần chọn người được phân công."), code="invalid_assignee")
            actions.support_thread_assign(
                acting_user=_user(request),
                thread_id=thread.pk,
                assignee_id=assignee,
            )
        elif verb == "publish":
            actions.support_thread_publish(
                acting_user=_user(request),
                thread_id=thread.pk,
                question=request.POST.get("question", ""),
                answer=request.POST.get("answer", ""),
            )
        elif verb == "close":
            actions.support_thread_close(acting_user=_user(request), thread_id=thread.pk)
        else:
            raise DomainError(_("Thao tác không hợp lệ."), code="invalid_verb")
        messages.success(request, _("Đã cập nhật câu hỏi."))
        return redirect("oversight:thread", thread_id=thread.pk)
    can_answer = access.can_answer_thread(request.user, thread)
    staff = (
        User.objects.filter(memberships__agency_id=thread.unit_id, memberships__active=True).distinct()
        if can_answer
        else User.objects.none()
    )
    msgs = selectors.thread_messages(user=request.user, thread=thread)
    answer_text = next((m.body for m in reversed(msgs) if m.from_ministry and not m.internal), "")
    return render(
        request,
        "oversight/thread.html",
        _ctx(
            request,
            thread=thread,
            msgs=msgs,
            can_answer=can_answer,
            staff=staff,
            thread_badge=THREAD_BADGE,
            answer_text=answer_text,
            question_text=msgs[0].body if msgs else "",
            now=timezone.now(),
        ),
    )


@signed_in("the knowledge base, for any signed-in officer")
@page
def knowledge(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    field = request.GET.get("field") or None
    entries = list(selectors.knowledge_search(user=request.user, q=q, field=field)[:100])
    return render(
        request,
        "oversight/knowledge.html",
        _ctx(request, entries=entries, q=q, field=field or "", fields=Field.choices),
    )


@signed_in("the contact directory; edits by ministry administrators")
@page
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        p = request.POST
        unit_id = _int(p.get("unit_id"))
        if unit_id is None:
            raise DomainError(_("Đơn vị thuộc Bộ không hợp lệ."), code="invalid_unit")
        actions.contact_point_save(
            acting_user=_user(request),
            unit_id=unit_id,
            field=p.get("field", ""),
            name=p.get("name", ""),
            procedure_code=p.get("procedure_code", ""),
            title=p.get("title", ""),
            phone=p.get("phone", ""),
            email=p.get("email", ""),
            hours=p.get("hours", ""),
        )
        messages.success(request, _("Đã lưu đầu mối."))
        return redirect("oversight:contacts")
    field = request.GET.get("field") or None
    code = request.GET.get("procedure_code") or None
    entries = list(selectors.contact_list(user=request.user, field=field, procedure_code=code))
    return render(
        request,
        "oversight/contacts.html",
        _ctx(
            request,
            entries=entries,
            field=field or "",
            procedure_code=code or "",
            fields=Field.choices,
            units=[u for u in _units() if u.kind == AgencyKind.MINISTRY_UNIT],
            can_edit=access.can_manage(request.user) or bool(access.unit_ids(request.user)),
        ),
    )
