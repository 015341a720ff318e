"""Oversight endpoints: campaigns, visits, recommendations and their lifecycle, the synthesis,
the pre-visit brief and the support channel. Every read is scoped by `oversight.access`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from motcua.core.apiauth import staff_auth
from motcua.core.errors import DomainError
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.org.models import User
from motcua.oversight import access, actions, selectors
from motcua.oversight.choices import AddresseeKind, Field, RecommendationStatus, ThreadStatus
from motcua.oversight.models import Recommendation, SupportThread, Visit

router = Router(tags=["oversight"], auth=staff_auth)
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    """The signed-in staff member (pages redirect anonymous users; the API authenticates first)."""
    return cast(User, request.user)


class ProvinceRef(Schema):
    code: str
    name: str


class UnitRef(Schema):
    id: int
    name: str


def _province(p: Any) -> dict[str, str] | None:
    return {"code": p.code, "name": p.name} if p is not None else None


def _unit(a: Any) -> dict[str, Any] | None:
    return {"id": a.pk, "name": a.name} if a is not None else None


# --- Campaigns ----------------------------------------------------------------------------------
class CampaignOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    organiser: str
    legal_basis: list[str]
    purpose: str
    starts_on: date
    ends_on: date
    groups: int | None
    localities: int | None
    synthesis_published_on: date | None


class CampaignList(Schema):
    items: list[CampaignOut]
    count: int
    next_cursor: str | None = None


class PageFilter(Schema):
    limit: int = 100
    cursor: str | None = None


def _campaign(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "name": c.name,
        "name_en": c.name_en,
        "organiser": c.organiser,
        "legal_basis": c.legal_basis,
        "purpose": c.purpose,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "groups": c.planned_groups,
        "localities": c.planned_localities,
        "synthesis_published_on": c.synthesis_published_on,
    }


@router.get("/oversight/campaigns", response={200: CampaignList, **ERRORS}, summary="Inspection campaigns in scope")
def campaigns(request: HttpRequest, filters: Query[PageFilter]) -> dict[str, Any]:
    page = keyset_page(selectors.campaign_list(user=request.user), limit=filters.limit, cursor=filters.cursor)
    return {"items": [_campaign(c) for c in page.items], "count": page.count, "next_cursor": page.next_cursor}


@router.get("/oversight/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="One campaign")
def campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return _campaign(selectors.campaign_get(user=request.user, campaign_id=campaign_id))


class Counts(Schema):
    total: int
    by_field: dict[str, int]


class DifficultyCounts(Schema):
    total: int
    by_theme: dict[str, int]
    by_field: dict[str, int]
    common: list[dict[str, str]]


class RecommendationCounts(Schema):
    total: int
    national: int
    by_addressee: dict[str, int]
    by_status: dict[str, int]
    by_field: dict[str, int]
    progress: int | None
    overdue: int


class SynthesisOut(Schema):
    campaign: dict[str, Any]
    groups: int
    localities: int
    visits: int
    recorded: dict[str, int]
    visited: list[dict[str, Any]]
    records_processed: Counts
    difficulties: DifficultyCounts
    recommendations: RecommendationCounts


@router.get(
    "/oversight/campaigns/{campaign_id}/synthesis",
    response={200: SynthesisOut, **ERRORS},
    summary="Synthesis report of a campaign (ministry side only)",
)
def synthesis(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return selectors.campaign_synthesis(user=request.user, campaign_id=campaign_id)


# --- Visits ---------------------------------------------------------------------------------------
class FigureOut(Schema):
    key: str
    kind: str
    field: str
    value: Decimal
    unit: str
    at_least: bool
    period: str


class VenueOut(Schema):
    kind: str
    name: str
    commune_code: str | None


class PersonOut(Schema):
    name: str
    title: str
    agency: UnitRef | None


class TextItem(Schema):
    kind: str
    text: str
    reference: str = ""
    dated_on: date | None = None


class DifficultyOut(Schema):
    theme: str
    field: str
    text: str


class VisitOut(Schema):
    id: int
    campaign_id: int
    province: ProvinceRef
    visited_on: date | None
    group: UnitRef | None
    venues: list[str]


class VisitDetail(VisitOut):
    head: PersonOut | None
    members: list[PersonOut]
    venue_details: list[VenueOut]
    reporters: list[PersonOut]
    figures: list[FigureOut]
    findings: list[TextItem]
    difficulties: list[DifficultyOut]
    responses: str
    source: str
    recommendation_ids: list[int]


class VisitList(Schema):
    items: list[VisitOut]
    count: int
    next_cursor: str | None = None


class VisitFilter(PageFilter):
    campaign: int | None = None
    province: str | None = None


def _visit(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "campaign_id": v.campaign_id,
        "province": _province(v.province),
        "visited_on": v.visited_on,
        "group": {"id": v.group.pk, "name": v.group.name} if v.group else None,
        "venues": [str(x) for x in v.venues.all()],
    }


def _person(p: Any) -> dict[str, Any]:
    return {"name": p.name, "title": p.title, "agency": _unit(p.agency)}


@router.get("/oversight/visits", response={200: VisitList, **ERRORS}, summary="Visits in scope")
def visits(request: HttpRequest, filters: Query[VisitFilter]) -> dict[str, Any]:
    query = selectors.visit_list(user=request.user, campaign_id=filters.campaign, province=filters.province)
    page = keyset_page(query.prefetch_related("venues__commune"), limit=filters.limit, cursor=filters.cursor)
    return {"items": [_visit(v) for v in page.items], "count": page.count, "next_cursor": page.next_cursor}


@router.get(
    "/oversight/visits/{visit_id}",
    response={200: VisitDetail, **ERRORS},
    summary="A visit with its figures, findings, difficulties and recommendations",
)
def visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    v = selectors.visit_get(user=request.user, visit_id=visit_id)
    members = list(v.group.members.all()) if v.group else []
    head = next((m for m in members if m.is_head), None)
    return {
        **_visit(v),
        "head": _person(head) if head else None,
        "members": [_person(m) for m in members],
        "venue_details": [
            {"kind": x.kind, "name": str(x), "commune_code": x.commune.code if x.commune else None}
            for x in v.venues.all()
        ],
        "reporters": [_person(r) for r in v.reporters.all()],
        "figures": list(v.figures.all()),
        "findings": list(v.findings.order_by("kind", "position")),
        "difficulties": list(v.difficulties.order_by("position")),
        "responses": v.responses,
        "source": v.campaign.source_text(v.source),
        "recommendation_ids": list(v.recommendations.order_by("position").values_list("pk", flat=True)),
    }


# --- Recommendations --------------------------------------------------------------------------------
class AddresseeOut(Schema):
    kind: AddresseeKind
    name: str
    agency_id: int | None
    also: list[str]


class RecommendationOut(Schema):
    id: int
    campaign_id: int
    visit_id: int | None
    province: ProvinceRef | None
    addressee: AddresseeOut
    field: str
    theme: str
    text: str
    status: RecommendationStatus
    on_site_answer: str
    assigned_unit: UnitRef | None
    due_on: date | None
    progress: int
    resolution_reference: str
    resolution_url: str
    declined_reason: str
    group_id: int | None
    version: int


class EventOut(Schema):
    kind: str
    at: Any
    occurred_on: date | None
    actor: str | None
    from_status: str
    to_status: str
    progress: int | None
    note: str


class RecommendationDetail(RecommendationOut):
    events: list[EventOut]


class RecommendationList(Schema):
    items: list[RecommendationOut]
    count: int
    next_cursor: str | None = None


class RecommendationFilter(PageFilter):
    campaign: int | None = None
    province: str | None = None
    status: RecommendationStatus | None = None
    field: Field | None = None
    addressee: AddresseeKind | None = None
    national: bool | None = None
    mine: bool = False  # only those assigned to the caller's ministry unit(s)


def _rec(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "campaign_id": r.campaign_id,
        "visit_id": r.visit_id,
        "province": _province(r.province),
        "addressee": {
            "kind": r.addressee_kind,
            "name": r.addressee_label,
            "agency_id": r.addressee_agency_id,
            "also": list(r.co_addressees),
        },
        "field": r.field,
        "theme": r.theme,
        "text": r.text,
        "status": r.status,
        "on_site_answer": r.on_site_answer,
        "assigned_unit": _unit(r.assigned_unit),
        "due_on": r.due_on,
        "progress": r.progress,
        "resolution_reference": r.resolution_reference,
        "resolution_url": r.resolution_url,
        "declined_reason": r.declined_reason,
        "group_id": r.group_id,
        "version": r.version,
    }


def _rec_detail(r: Recommendation) -> dict[str, Any]:
    events = [
        {
            "kind": e.kind,
            "at": e.at,
            "occurred_on": e.occurred_on,
            "actor": str(e.actor) if e.actor else None,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "progress": e.progress,
            "note": e.note,
        }
        for e in r.events.all()
    ]
    return {**_rec(r), "events": events}


@router.get(
    "/oversight/recommendations",
    response={200: RecommendationList, **ERRORS},
    summary="Recommendations in scope (province null = national)",
)
def recommendations(request: HttpRequest, filters: Query[RecommendationFilter]) -> dict[str, Any]:
    query = selectors.recommendation_list(
        user=request.user,
        campaign_id=filters.campaign,
        province=filters.province,
        status=filters.status,
        field=filters.field,
        addressee=filters.addressee,
        national=filters.national,
        unit_ids=access.unit_ids(request.user) if filters.mine else None,
    )
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor)
    return {"items": [_rec(r) for r in page.items], "count": page.count, "next_cursor": page.next_cursor}


@router.get(
    "/oversight/recommendations/{rec_id}",
    response={200: RecommendationDetail, **ERRORS},
    summary="A recommendation with its audited timeline",
)
def recommendation(request: HttpRequest, rec_id: int) -> dict[str, Any]:
    return _rec_detail(selectors.recommendation_get(user=request.user, recommendation_id=rec_id))


class RecordIn(Schema):
    text: str
    addressee_kind: AddresseeKind
    addressee_agency_id: int | None = None
    addressee_name: str = ""
    field: Field | None = None
    theme: str = ""


@router.post(
    "/oversight/visits/{visit_id}/recommendations",
    response={201: RecommendationDetail, **ERRORS},
    summary="Record a recommendation heard during a visit",
)
def recommendation_record(request: HttpRequest, visit_id: int, body: RecordIn) -> Status:
    rec = actions.recommendation_record(
        acting_user=_user(request),
        visit_id=visit_id,
        text=body.text,
        addressee_kind=body.addressee_kind,
        addressee_agency_id=body.addressee_agency_id,
        addressee_name=body.addressee_name,
        field=body.field or "",
        theme=body.theme,
    )
    return Status(201, _rec_detail(selectors.recommendation_get(user=request.user, recommendation_id=rec.pk)))


class Versioned(Schema):
    expected_version: int | None = None


class AnswerIn(Versioned):
    answer: str


class NoteIn(Versioned):
    note: str = ""


class AssignIn(Versioned):
    unit_id: int
    due_on: date
    note: str = ""


class ProgressIn(Versioned):
    progress: int
    note: str
    occurred_on: date | None = None


class ResolveIn(Versioned):
    reference: str
    url: str = ""
    note: str = ""


class DeclineIn(Versioned):
    reason: str


def _done(request: HttpRequest, rec: Recommendation) -> dict[str, Any]:
    return _rec_detail(selectors.recommendation_get(user=request.user, recommendation_id=rec.pk))


@router.post(
    "/oversight/recommendations/{rec_id}/answer-on-site",
    response={200: RecommendationDetail, **ERRORS},
    summary="recorded → answered_on_site",
)
def rec_answer(request: HttpRequest, rec_id: int, body: AnswerIn) -> dict[str, Any]:
    return _done(
        request,
        actions.recommendation_answer_on_site(
            acting_user=_user(request),
            recommendation_id=rec_id,
            answer=body.answer,
            expected_version=body.expected_version,
        ),
    )


@router.post(
    "/oversight/recommendations/{rec_id}/escalate",
    response={200: RecommendationDetail, **ERRORS},
    summary="recorded → escalated to the Ministry's leaders",
)
def rec_escalate(request: HttpRequest, rec_id: int, body: NoteIn) -> dict[str, Any]:
    return _done(
        request,
        actions.recommendation_escalate(
            acting_user=_user(request),
            recommendation_id=rec_id,
            note=body.note,
            expected_version=body.expected_version,
        ),
    )


@router.post(
    "/oversight/recommendations/{rec_id}/assign",
    response={200: RecommendationDetail, **ERRORS},
    summary="escalated → assigned to a unit with a due date (or re-assign)",
)
def rec_assign(request: HttpRequest, rec_id: int, body: AssignIn) -> dict[str, Any]:
    return _done(
        request,
        actions.recommendation_assign(
            acting_user=_user(request),
            recommendation_id=rec_id,
            unit_id=body.unit_id,
            due_on=body.due_on,
            note=body.note,
            expected_version=body.expected_version,
        ),
    )


@router.post(
    "/oversight/recommendations/{rec_id}/progress",
    response={200: RecommendationDetail, **ERRORS},
    summary="A dated progress entry (→ in_progress)",
)
def rec_progress(request: HttpRequest, rec_id: int, body: ProgressIn) -> dict[str, Any]:
    return _done(
        request,
        actions.recommendation_report_progress(
            acting_user=_user(request),
            recommendation_id=rec_id,
            progress=body.progress,
            note=body.note,
            occurred_on=body.occurred_on,
            expected_version=body.expected_version,
        ),
    )


@router.post(
    "/oversight/recommendations/{rec_id}/resolve",
    response={200: RecommendationDetail, **ERRORS},
    summary="→ resolved, with the resulting act or change",
)
def rec_resolve(request: HttpRequest, rec_id: int, body: ResolveIn) -> dict[str, Any]:
    return _done(
        request,
        actions.recommendation_resolve(
            acting_user=_user(request),
            recommendation_id=rec_id,
            reference=body.reference,
            url=body.url,
            note=body.note,
            expected_version=body.expected_version,
        ),
    )


@router.post(
    "/oversight/recommendations/{rec_id}/decline",
    response={200: RecommendationDetail, **ERRORS},
    summary="→ declined, with reasons",
)
def rec_decline(request: HttpRequest, rec_id: int, body: DeclineIn) -> dict[str, Any]:
    return _done(
        request,
        actions.recommendation_decline(
            acting_user=_user(request),
            recommendation_id=rec_id,
            reason=body.reason,
            expected_version=body.expected_version,
        ),
    )


class GroupIn(Schema):
    title: str
    recommendation_ids: list[int]


class GroupOut(Schema):
    id: int
    title: str
    progress: int | None
    by_status: dict[str, int]
    provinces: list[str]
    earliest_due: date | None
    members: list[RecommendationOut]


def _group(rollup: selectors.GroupRollup) -> dict[str, Any]:
    return {
        "id": rollup.group.pk,
        "title": rollup.group.title,
        "progress": rollup.progress,
        "by_status": rollup.by_status,
        "provinces": rollup.provinces,
        "earliest_due": rollup.earliest_due,
        "members": [_rec(m) for m in rollup.members],
    }


@router.post(
    "/oversight/recommendation-groups",
    response={201: GroupOut, **ERRORS},
    summary="Link similar recommendations to follow them as one",
)
def group_create(request: HttpRequest, body: GroupIn) -> Status:
    group = actions.recommendation_group_create(
        acting_user=_user(request),
        title=body.title,
        recommendation_ids=body.recommendation_ids,
    )
    return Status(201, _group(selectors.recommendation_group_get(user=request.user, group_id=group.pk)))


class GroupApplyIn(Schema):
    verb: str
    note: str = ""
    unit_id: int | None = None
    due_on: date | None = None
    progress: int | None = None
    reference: str = ""
    url: str = ""
    reason: str = ""


@router.post(
    "/oversight/recommendation-groups/{group_id}/apply",
    response={200: GroupOut, **ERRORS},
    summary="Follow linked recommendations as one: escalate, assign, report_progress, resolve or decline them all",
)
def group_apply(request: HttpRequest, group_id: int, body: GroupApplyIn) -> dict[str, Any]:
    actions.recommendation_group_apply(
        acting_user=_user(request), group_id=group_id, verb=body.verb, **_group_arguments(body)
    )
    return _group(selectors.recommendation_group_get(user=request.user, group_id=group_id))


def _group_arguments(body: GroupApplyIn) -> dict[str, Any]:
    """Only the arguments the verb takes; a missing one is the action's own 422."""
    if body.verb == "escalate":
        return {"note": body.note}
    if body.verb == "assign":
        if body.unit_id is None or body.due_on is None:
            raise DomainError(_("Cần chọn đơn vị chủ trì và hạn xử lý."), code="assign_required")
        return {"unit_id": body.unit_id, "due_on": body.due_on, "note": body.note}
    if body.verb == "report_progress":
        if body.progress is None:
            raise DomainError(_("Tiến độ phải từ 0 đến 100%."), code="invalid_progress")
        return {"progress": body.progress, "note": body.note}
    if body.verb == "resolve":
        return {"reference": body.reference, "url": body.url, "note": body.note}
    if body.verb == "decline":
        return {"reason": body.reason}
    raise DomainError(_("Thao tác không hợp lệ."), code="invalid_verb", status=400)


@router.get(
    "/oversight/recommendation-groups/{group_id}",
    response={200: GroupOut, **ERRORS},
    summary="Linked recommendations with their progress roll-up",
)
def group_get(request: HttpRequest, group_id: int) -> dict[str, Any]:
    return _group(selectors.recommendation_group_get(user=request.user, group_id=group_id))


# --- Pre-visit brief ---------------------------------------------------------------------------------
class BriefFilter(Schema):
    date_from: date
    date_to: date


class SectionOut(Schema):
    title: str
    available: bool
    note: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]


class BriefOut(Schema):
    province: ProvinceRef
    date_from: date
    date_to: date
    previous_visits: list[VisitOut]
    latest_visit_id: int | None
    latest_figures: list[FigureOut]
    latest_difficulties: list[DifficultyOut]
    open_recommendations: list[RecommendationOut]
    overdue_recommendation_ids: list[int]
    open_support_threads: int
    live_sections: list[SectionOut]


@router.get(
    "/oversight/briefs/{province_code}",
    response={200: BriefOut, **ERRORS},
    summary="Pre-visit brief for a province and date range",
)
def brief(request: HttpRequest, province_code: str, filters: Query[BriefFilter]) -> dict[str, Any]:
    b = selectors.previsit_brief(
        user=request.user, province_code=province_code, date_from=filters.date_from, date_to=filters.date_to
    )
    return {
        "province": _province(b.province),
        "date_from": b.date_from,
        "date_to": b.date_to,
        "previous_visits": [_visit(v) for v in b.previous_visits],
        "latest_visit_id": b.latest_visit.pk if b.latest_visit else None,
        "latest_figures": b.latest_figures,
        "latest_difficulties": b.latest_difficulties,
        "open_recommendations": [_rec(r) for r in b.open_recommendations],
        "overdue_recommendation_ids": [r.pk for r in b.overdue_recommendations],
        "open_support_threads": len(b.open_support_threads),
        "live_sections": [s.__dict__ for s in b.live_sections],
    }


# --- Support channel ---------------------------------------------------------------------------------
class ThreadOut(Schema):
    id: int
    province: ProvinceRef
    unit: UnitRef
    field: str
    procedure_code: str
    subject: str
    status: ThreadStatus
    assignee: str | None
    opened_at: Any
    first_response_due_at: Any
    answer_due_at: Any
    first_response_at: Any
    answered_at: Any
    published: bool


class MessageOut(Schema):
    author: str
    from_ministry: bool
    internal: bool
    body: str
    created_at: Any


class ThreadDetail(ThreadOut):
    messages: list[MessageOut]


class ThreadList(Schema):
    items: list[ThreadOut]
    count: int
    next_cursor: str | None = None


class ThreadFilter(PageFilter):
    status: ThreadStatus | None = None
    field: Field | None = None


def _thread(t: SupportThread) -> dict[str, Any]:
    return {
        "id": t.pk,
        "province": _province(t.province),
        "unit": _unit(t.unit),
        "field": t.field,
        "procedure_code": t.procedure_code,
        "subject": t.subject,
        "status": t.status,
        "assignee": str(t.assignee) if t.assignee else None,
        "opened_at": t.opened_at,
        "first_response_due_at": t.first_response_due_at,
        "answer_due_at": t.answer_due_at,
        "first_response_at": t.first_response_at,
        "answered_at": t.answered_at,
        "published": t.published_at is not None,
    }


def _thread_detail(request: HttpRequest, t: SupportThread) -> dict[str, Any]:
    msgs = selectors.thread_messages(user=request.user, thread=t)
    return {
        **_thread(t),
        "messages": [
            {
                "author": str(m.author),
                "from_ministry": m.from_ministry,
                "internal": m.internal,
                "body": m.body,
                "created_at": m.created_at,
            }
            for m in msgs
        ],
    }


@router.get("/oversight/support/threads", response={200: ThreadList, **ERRORS}, summary="Support questions in scope")
def threads(request: HttpRequest, filters: Query[ThreadFilter]) -> dict[str, Any]:
    query = selectors.thread_list(user=request.user, status=filters.status, field=filters.field)
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor)
    return {"items": [_thread(t) for t in page.items], "count": page.count, "next_cursor": page.next_cursor}


class ThreadIn(Schema):
    field: Field
    subject: str
    body: str
    procedure_code: str = ""
    unit_id: int | None = None


@router.post(
    "/oversight/support/threads",
    response={201: ThreadDetail, **ERRORS},
    summary="A locality asks the ministry unit in charge of a field",
)
def thread_open(request: HttpRequest, body: ThreadIn) -> Status:
    t = actions.support_thread_open(
        acting_user=_user(request),
        field=body.field,
        subject=body.subject,
        body=body.body,
        procedure_code=body.procedure_code,
        unit_id=body.unit_id,
    )
    return Status(201, _thread_detail(request, selectors.thread_get(user=request.user, thread_id=t.pk)))


@router.get(
    "/oversight/support/threads/{thread_id}",
    response={200: ThreadDetail, **ERRORS},
    summary="A support question with its messages",
)
def thread(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    return _thread_detail(request, selectors.thread_get(user=request.user, thread_id=thread_id))


class MessageIn(Schema):
    body: str
    internal: bool = False
    answers: bool = False


@router.post(
    "/oversight/support/threads/{thread_id}/messages",
    response={201: ThreadDetail, **ERRORS},
    summary="Reply (the ministry side may mark it as the answer)",
)
def thread_reply(request: HttpRequest, thread_id: int, body: MessageIn) -> Status:
    actions.support_thread_reply(
        acting_user=_user(request),
        thread_id=thread_id,
        body=body.body,
        internal=body.internal,
        answers=body.answers,
    )
    return Status(201, _thread_detail(request, selectors.thread_get(user=request.user, thread_id=thread_id)))


class AssignThreadIn(Schema):
    assignee_id: int


@router.post(
    "/oversight/support/threads/{thread_id}/assign",
    response={200: ThreadDetail, **ERRORS},
    summary="Assign the question to an official of the unit",
)
def thread_assign(request: HttpRequest, thread_id: int, body: AssignThreadIn) -> dict[str, Any]:
    actions.support_thread_assign(acting_user=_user(request), thread_id=thread_id, assignee_id=body.assignee_id)
    return _thread_detail(request, selectors.thread_get(user=request.user, thread_id=thread_id))


class PublishIn(Schema):
    question: str
    answer: str


@router.post(
    "/oversight/support/threads/{thread_id}/publish",
    response={200: ThreadDetail, **ERRORS},
    summary="Publish an answered question in the knowledge base",
)
def thread_publish(request: HttpRequest, thread_id: int, body: PublishIn) -> dict[str, Any]:
    actions.support_thread_publish(
        acting_user=_user(request),
        thread_id=thread_id,
        question=body.question,
        answer=body.answer,
    )
    return _thread_detail(request, selectors.thread_get(user=request.user, thread_id=thread_id))


class KnowledgeOut(Schema):
    id: int
    field: str
    procedure_code: str
    unit: UnitRef
    question: str
    answer: str
    published_at: Any


class KnowledgeList(Schema):
    items: list[KnowledgeOut]
    count: int
    next_cursor: str | None = None


class KnowledgeFilter(PageFilter):
    q: str = ""
    field: Field | None = None


@router.get(
    "/oversight/support/knowledge",
    response={200: KnowledgeList, **ERRORS},
    summary="Published answers (accent-insensitive search)",
)
def knowledge(request: HttpRequest, filters: Query[KnowledgeFilter]) -> dict[str, Any]:
    query = selectors.knowledge_search(user=request.user, q=filters.q, field=filters.field)
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor)
    return {
        "items": [
            {
                "id": t.pk,
                "field": t.field,
                "procedure_code": t.procedure_code,
                "unit": _unit(t.unit),
                "question": t.kb_question,
                "answer": t.kb_answer,
                "published_at": t.published_at,
            }
            for t in page.items
        ],
        "count": page.count,
        "next_cursor": page.next_cursor,
    }


class ContactOut(Schema):
    id: int
    unit: UnitRef
    field: str
    procedure_code: str
    name: str
    title: str
    phone: str
    email: str
    hours: str


class ContactList(Schema):
    items: list[ContactOut]
    count: int
    next_cursor: str | None = None


class ContactFilter(PageFilter):
    field: Field | None = None
    procedure_code: str | None = None


@router.get(
    "/oversight/support/contacts",
    response={200: ContactList, **ERRORS},
    summary="Directory of ministry contact points by field and procedure",
)
def contacts(request: HttpRequest, filters: Query[ContactFilter]) -> dict[str, Any]:
    query = selectors.contact_list(user=request.user, field=filters.field, procedure_code=filters.procedure_code)
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor)
    return {
        "items": [
            {
                "id": c.pk,
                "unit": _unit(c.unit),
                "field": c.field,
                "procedure_code": c.procedure_code,
                "name": c.name,
                "title": c.title,
                "phone": c.phone,
                "email": c.email,
                "hours": c.hours,
            }
            for c in page.items
        ],
        "count": page.count,
        "next_cursor": page.next_cursor,
    }
