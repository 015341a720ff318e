"""Dossier endpoints: intake, actions, lists, timeline, public lookup and result verification.

Anything outside the user's scope answers 404, never 403, so codes cannot be probed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.throttling import AnonRateThrottle

from motcua.core import memo
from motcua.core.apiauth import staff_auth
from motcua.core.errors import NotFound
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.dossiers import access, presenters, results, selectors
from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_act_many, dossier_rate_public, dossier_submit
from motcua.dossiers.actions.lifecycle import BATCH_ACTIONS
from motcua.dossiers.choices import Status as DossierStatus
from motcua.dossiers.rules import PUBLIC_ACTIONS, PUBLIC_RATE

router = Router(tags=["dossiers"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class AddressIn(Schema):
    province: str
    commune: str
    detail: str = ""


class ApplicantIn(Schema):
    kind: str = Field(description="person | organisation")
    full_name: str
    id_number: str | None = Field(None, description="12-digit personal ID number (persons)")
    tax_code: str | None = Field(None, description="tax code (organisations)")
    phone: str
    email: str | None = None
    address: AddressIn | None = None
    old_address: str | None = Field(None, description="a pre-2025-07-01 address, converted when unambiguous")


class DocumentIn(Schema):
    component: str | None = None
    required_document: int | None = Field(None, description="id of the procedure's required document")
    copy_kind: int = Field(2, description="0 original, 1 copy, 2 electronic")
    file_name: str | None = None
    content_base64: str | None = None
    edata_ref: str | None = Field(None, description="reference of e-data already held, instead of a file")
    digitised: bool = False


class DossierIn(Schema):
    procedure: str
    channel: int = Field(description="1 counter, 2 online, 3 post")
    applicant: ApplicantIn
    documents: list[DocumentIn] = []
    summary: str = ""
    receiving_agency: int | None = None


class AgencyRef(Schema):
    id: int
    identifier: str
    name: str


class ProcedureRef(Schema):
    code: str
    name: str
    version: int


class StepOut(Schema):
    position: int
    name: str
    role: str
    unit_kind: str


class PersonRef(Schema):
    id: int
    name: str


class DossierOut(Schema):
    id: int
    code: str | None
    status: int
    status_label: str
    channel: int
    procedure: ProcedureRef
    receiving_agency: AgencyRef
    processing_agency: AgencyRef
    current_step: StepOut | None
    assignee: PersonRef | None
    submitted_at: datetime
    accepted_at: datetime | None
    appointment_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    version: int
    applicant: dict[str, Any]
    fees: list[dict[str, Any]]
    payment_status: int
    documents: list[dict[str, Any]]
    results: list[dict[str, Any]]
    supplement_count: int
    extended: bool
    paper_transfer_due_at: datetime | None
    routing_note: str
    allowed_actions: list[str]
    competence: dict[str, Any] | None = None
    clock: dict[str, Any] | None = None
    rating: int | None = None


class DossierList(Schema):
    items: list[DossierOut]
    count: int
    next_cursor: str | None = None


class ActionIn(Schema):
    """One body for every action; each action reads the fields it needs."""

    note: str = ""
    reason: str = Field(
        "", description="required by refuse, request-supplement, send-back, extend, withdraw, stop, reject"
    )
    expected_version: int | None = Field(None, description="the version you saw; a stale one answers 409")
    documents: list[DocumentIn] = Field([], description="supply: the documents asked for")
    legal_basis: str = Field("", description="request-supplement: the basis allowing a second request")
    processing_agency: int | None = Field(None, description="accept: override the proposed processing agency")
    assignee: int | None = Field(None, description="pass: hand the next step to this user")
    agency: int | None = Field(None, description="consult: the agency asked")
    question: str = Field("", description="consult: what is asked")
    reference: str = Field("", description="record-payment: the transaction reference")
    channel: str = Field("", description="record-payment: online | counter")
    extra_working_days: float | None = Field(None, description="extend: working days added to the appointment")
    new_appointment: datetime | None = Field(None, description="extend: the new appointment instead")
    result_type: str = Field("", description="approve: the result-type code")
    summary: str = Field("", description="approve: the result's summary")
    valid_to: str = Field("", description="approve: validity end date (YYYY-MM-DD)")
    scope: str = Field("", description="approve: validity scope")
    score: int | None = Field(None, description="rate: 1 to 5")


@router.post("/dossiers", response={201: DossierOut, **ERRORS}, auth=staff_auth, summary="Submit a dossier (status 1)")
def submit(request: HttpRequest, response: HttpResponse, body: DossierIn) -> Any:
    data = SubmitInput(
        procedure=body.procedure,
        channel=body.channel,
        applicant=body.applicant.model_dump(),
        documents=[d.model_dump() for d in body.documents],
        summary=body.summary,
        receiving_agency=body.receiving_agency,
    )
    with memo.scope():
        done = dossier_submit(
            acting_user=request.user, data=data, idempotency_key=request.headers.get("Idempotency-Key", "")
        )
        if done.replayed:
            response["Idempotent-Replayed"] = "true"
        # The submission event records the submitter; a replay is a read like any other.
        return Status(201, presenters.dossier_out(request.user, done.dossier, detail=True, audit=done.replayed))


class ListFilter(Schema):
    status: int | None = None
    procedure: str | None = None
    agency: int | None = None
    overdue: bool | None = None
    q: str | None = None
    limit: int = 50
    cursor: str | None = None


@router.get("/dossiers", response={200: DossierList, **ERRORS}, auth=staff_auth, summary="Dossiers in my scope")
def dossier_list(request: HttpRequest, filters: Query[ListFilter]) -> Any:
    query = selectors.dossier_list(
        request.user,
        selectors.DossierFilter(
            status=filters.status,
            procedure=filters.procedure,
            agency=filters.agency,
            overdue=filters.overdue,
            q=filters.q,
        ),
    )
    page = keyset_page(
        query.prefetch_related("fees", "results", "procedure_version__steps"),
        limit=filters.limit,
        cursor=filters.cursor,
        keys=("pk",),
    )
    return {
        "items": [presenters.dossier_out(request.user, d) for d in page.items],
        "count": page.count,
        "next_cursor": page.next_cursor,
    }


@router.get("/dossiers/{dossier_id}", response={200: DossierOut, **ERRORS}, auth=staff_auth)
def dossier_detail(request: HttpRequest, dossier_id: int) -> Any:
    dossier = access.dossier_get(request.user, dossier_id)
    return presenters.dossier_out(request.user, dossier, detail=True)


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    from_status: int | None
    to_status: int
    step: int | None
    clock: dict[str, Any]
    note: str


class EventList(Schema):
    items: list[EventOut]
    count: int


@router.get("/dossiers/{dossier_id}/events", response={200: EventList, **ERRORS}, auth=staff_auth)
def dossier_events(request: HttpRequest, dossier_id: int) -> Any:
    dossier = access.dossier_get(request.user, dossier_id)
    items = [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "step": e.step,
            "clock": e.clock,
            "note": e.note,
        }
        for e in selectors.dossier_events(dossier)
    ]
    return {"items": items, "count": len(items)}


class BatchItem(Schema):
    id: int
    expected_version: int | None = Field(None, description="the version you saw; a stale one refuses the batch")


class BatchIn(ActionIn):
    items: list[BatchItem] = Field(..., description="1 to 100 dossiers; all are done or none")


class BatchItemOut(Schema):
    """What a batch changed, per dossier (GET /dossiers/{id} for the whole dossier)."""

    id: int
    code: str | None
    status: int
    status_label: str
    version: int
    appointment_at: datetime | None
    assignee: dict[str, Any] | None


class BatchOut(Schema):
    items: list[BatchItemOut]
    count: int


@router.post(
    "/dossiers/batch/{action}",
    response={200: BatchOut, **ERRORS},
    auth=staff_auth,
    summary="Take one action on many dossiers at once: " + ", ".join(sorted(BATCH_ACTIONS)),
    description=(
        "All or nothing: when any dossier may not take the action (out of scope, wrong status or step, "
        "stale version, a rule refuses it), nothing changes and `errors` lists each dossier with its reason. "
        "The note and parameters apply to every dossier; each still gets its own event."
    ),
)
def dossier_batch_action(request: HttpRequest, action: str, body: BatchIn) -> Any:
    if action not in PUBLIC_ACTIONS:
        raise NotFound(_("Không có thao tác “%(action)s”.") % {"action": action}, code="unknown_action")
    params = {k: v for k, v in body.model_dump(exclude={"items"}).items() if v not in ("", None, [])}
    params.pop("expected_version", None)
    done = dossier_act_many(
        acting_user=request.user,
        action=action,
        items=[(item.id, item.expected_version) for item in body.items],
        params=params,
    )
    items = [
        {
            "id": d.pk,
            "code": d.code,
            "status": d.status,
            "status_label": str(DossierStatus(d.status).label),
            "version": d.version,
            "appointment_at": d.appointment_at,
            "assignee": None if d.assignee_id is None else {"id": d.assignee_id, "name": str(d.assignee)},
        }
        for d in done
    ]
    return {"items": items, "count": len(items)}


@router.post(
    "/dossiers/{dossier_id}/{action}",
    response={200: DossierOut, **ERRORS},
    auth=staff_auth,
    summary="Take an action: " + ", ".join(PUBLIC_ACTIONS),
)
def dossier_action(request: HttpRequest, dossier_id: int, action: str, body: ActionIn) -> Any:
    if action not in PUBLIC_ACTIONS:
        raise NotFound(_("Không có thao tác “%(action)s”.") % {"action": action}, code="unknown_action")
    params = {k: v for k, v in body.model_dump().items() if v not in ("", None, [])}
    expected = params.pop("expected_version", None)
    with memo.scope():  # the answer reuses what the action read (calendar, centre)
        dossier = dossier_act(
            acting_user=request.user, dossier_id=dossier_id, action=action, expected_version=expected, params=params
        )
        return presenters.dossier_out(request.user, dossier, detail=True, audit=False)


class PublicDossierOut(Schema):
    code: str
    status: int
    status_label: str
    procedure: ProcedureRef
    receiving_agency: AgencyRef
    accepted_at: datetime | None
    appointment_at: datetime | None
    returned_at: datetime | None
    applicant: dict[str, Any]
    events: list[dict[str, Any]]


@router.get(
    "/public/dossiers/{code}",
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    throttle=[AnonRateThrottle(PUBLIC_RATE)],
    summary="Follow a dossier by code and phone or ID number (no login, masked)",
)
def public_dossier(request: HttpRequest, code: str, phone: str | None = None, id_number: str | None = None) -> Any:
    dossier = selectors.public_lookup(code=code, phone=phone, id_number=id_number)
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ với mã và số điện thoại/số định danh này."))
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": str(presenters.Status(dossier.status).label),
        "procedure": {
            "code": dossier.procedure_code,
            "name": dossier.procedure_version.name,
            "version": dossier.procedure_version.number,
        },
        "receiving_agency": presenters._agency(dossier.receiving_agency),
        "accepted_at": dossier.accepted_at,
        "appointment_at": dossier.appointment_at,
        "returned_at": dossier.returned_at,
        "applicant": presenters.applicant_out(dossier, full=False),
        "events": [
            {"at": e.at, "action": e.action, "to_status": e.to_status} for e in selectors.dossier_events(dossier)
        ],
    }


class PublicRatingIn(Schema):
    phone: str = Field("", description="the applicant's phone, or")
    id_number: str = Field("", description="the applicant's ID number")
    score: int = Field(..., description="1 (very unsatisfied) to 5 (very satisfied)")
    note: str = Field("", max_length=1000)


class PublicRatingOut(Schema):
    code: str
    rating: int


@router.post(
    "/public/dossiers/{code}/rating",
    response={200: PublicRatingOut, 429: ErrorOut, **ERRORS},
    auth=None,
    throttle=[AnonRateThrottle(PUBLIC_RATE)],
    summary="The applicant rates the service without an account (code + phone or ID number, once)",
)
def public_rating(request: HttpRequest, code: str, body: PublicRatingIn) -> Any:
    dossier = dossier_rate_public(
        code=code, phone=body.phone or None, id_number=body.id_number or None, score=body.score, note=body.note
    )
    return {"code": dossier.code, "rating": dossier.rating}


class VerifyOut(Schema):
    valid: bool
    document_code: str
    payload: dict[str, Any]
    signature: str
    key_id: str
    public_key_pem: str


@router.get(
    "/results/{document_code}/verify",
    response={200: VerifyOut, 404: ErrorOut},
    auth=None,
    summary="Verify a signed result (anyone)",
)
def result_verify(request: HttpRequest, document_code: str) -> Any:
    document = selectors.result_get(document_code)
    if document is None:
        raise NotFound(_("Không có kết quả với mã này."))
    return {
        "valid": results.verify(document.payload, document.signature),
        "document_code": document.document_code,
        "payload": document.payload,
        "signature": document.signature,
        "key_id": document.key_id,
        "public_key_pem": results.public_key_pem(),
    }
