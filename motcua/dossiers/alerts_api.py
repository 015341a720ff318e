"""Alert endpoints: the worker's warnings (due soon, overdue, stuck, late online acceptance,
late paper transfer) in the user's jurisdiction. An alert of a dossier the user cannot see never
appears; a kind that does not exist is a 422 in the API's error shape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from motcua.core.apiauth import staff_auth
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.dossiers import selectors
from motcua.dossiers.models import DossierAlert
from motcua.dossiers.rules import alert_agency_field

router = Router(tags=["alerts"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 422: ErrorOut}


class AlertDossierOut(Schema):
    id: int
    code: str | None
    status: int
    appointment_at: datetime | None


class AlertOut(Schema):
    id: int
    kind: str
    kind_label: str
    day: date
    created_at: datetime
    detail: str
    dossier: AlertDossierOut
    agency_id: int = Field(description="the agency answering for it: the receiving unit for reception alerts")


class AlertList(Schema):
    items: list[AlertOut]
    count: int
    next_cursor: str | None = None


class AlertFilter(Schema):
    kind: str | None = Field(None, description="due_soon | overdue | stuck | online_late | paper_late")
    agency: int | None = Field(None, description="the responsible agency's id")
    limit: int = 50
    cursor: str | None = None


def alert_out(alert: DossierAlert) -> dict[str, Any]:
    dossier = alert.dossier
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "kind_label": str(DossierAlert.Kind(alert.kind).label),
        "day": alert.day,
        "created_at": alert.created_at,
        "detail": alert.detail,
        "dossier": {
            "id": dossier.pk,
            "code": dossier.code,
            "status": dossier.status,
            "appointment_at": dossier.appointment_at,
        },
        "agency_id": getattr(dossier, alert_agency_field(alert.kind)),
    }


@router.get("/alerts", response={200: AlertList, **ERRORS}, auth=staff_auth, summary="Dossier alerts in my scope")
def alert_list(request: HttpRequest, filters: Query[AlertFilter]) -> Any:
    query = selectors.alert_list(request.user, kind=filters.kind, agency=filters.agency)
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor, keys=("pk",))
    return {"items": [alert_out(a) for a in page.items], "count": page.count, "next_cursor": page.next_cursor}
