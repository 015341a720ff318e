"""Reads of dossiers: scoped lists and work queues, one dossier, its timeline and alerts, the
public lookup, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.dossiers.choices import OPEN, RUNNING
from motcua.dossiers.models import Dossier, DossierAlert, DossierEvent, ResultDocument
from motcua.dossiers.rules import RECEPTION_ALERT_KINDS, normalise_phone, overdue_q


@dataclass(frozen=True)
class DossierFilter:
    status: int | None = None
    procedure: str | None = None
    agency: int | None = None
    overdue: bool | None = None
    q: str | None = None
    mine: bool = False  # the "mine" queue: open dossiers assigned to the user
    due_soon: bool = False  # the "due soon" queue (`due_soon_q`)
    alert: str | None = None  # dossiers with an alert of this kind today


def dossier_list(user: Any, filters: DossierFilter) -> QuerySet[Dossier]:
    """The user's dossiers (scope first), filtered; newest first by id for keyset paging."""
    query = Dossier.objects.visible_to(user).select_related(
        "procedure_version", "receiving_agency", "processing_agency", "assignee"
    )
    if filters.status is not None:
        query = query.filter(status=filters.status)
    if filters.procedure:
        query = query.filter(procedure_code=filters.procedure)
    if filters.agency is not None:
        query = query.filter(Q(receiving_agency_id=filters.agency) | Q(processing_agency_id=filters.agency))
    now = timezone.now()
    if filters.overdue is not None:
        late = overdue_q(now)  # the one rule (rules.is_overdue): only a running clock can be late
        query = query.filter(late) if filters.overdue else query.exclude(late)
    if filters.mine:
        query = query.filter(assignee_id=user.pk, status__in=sorted(OPEN))
    if filters.due_soon:
        query = query.filter(due_soon_q(now))
    if filters.alert:
        today = timezone.localdate(now)
        query = query.filter(Exists(DossierAlert.objects.filter(dossier=OuterRef("pk"), kind=filters.alert, day=today)))
    if filters.q:
        text = filters.q.strip()
        # Codes and phone/ID numbers match exactly; names only by prefix of the folded text.
        query = query.filter(
            Q(code__icontains=text)
            | Q(applicant_phone=normalise_phone(text))
            | Q(applicant_id_number=text)
            | Q(search_name__contains=fold(text))
        )
    return query


# A working day ahead is never more than 4 calendar days away (Tết aside): the deadline job's horizon.
DUE_SOON_HORIZON = timedelta(days=4)


def due_soon_q(now: datetime) -> Q:
    """Dossiers due within one working day: the clock runs, the appointment is not yet past, and
    the deadline job raised a due-soon alert for it today or yesterday (the job does the
    working-day arithmetic on each unit's calendar; yesterday's alert covers the hours after
    midnight before its first run). An appointment moved far off by an extension drops out."""
    yesterday = timezone.localdate(now) - timedelta(days=1)
    alerted = DossierAlert.objects.filter(dossier=OuterRef("pk"), kind=DossierAlert.Kind.DUE_SOON, day__gte=yesterday)
    return Q(
        Exists(alerted), status__in=sorted(RUNNING), appointment_at__gte=now, appointment_at__lte=now + DUE_SOON_HORIZON
    )


@dataclass(frozen=True)
class Queue:
    key: str  # the query string that opens it, e.g. "queue=mine"
    label: str
    count: int
    colour: str


def workspace_queues(user: Any) -> list[Queue]:
    """The staff workspace's work queues with their counts, in the user's scope: mine, due soon,
    overdue (today's alerts by kind: `alert_counts`). Each queue is a filter of `dossier_list`."""
    return [
        Queue(
            "queue=mine",
            _("Của tôi"),
            dossier_list(user, DossierFilter(mine=True)).count(),
            "primary",
        ),
        Queue("queue=due_soon", _("Sắp đến hạn"), dossier_list(user, DossierFilter(due_soon=True)).count(), "warning"),
        Queue("overdue=1", _("Quá hạn"), dossier_list(user, DossierFilter(overdue=True)).count(), "danger"),
    ]


def alert_counts(user: Any, *, day: date) -> dict[str, int]:
    """How many alerts of each kind were raised on `day` for dossiers the user may see."""
    rows = alert_list(user).filter(day=day).order_by().values("kind").annotate(n=Count("pk"))
    return {r["kind"]: r["n"] for r in rows}


def alert_list(user: Any, kind: str | None = None, agency: int | None = None) -> QuerySet[DossierAlert]:
    """Alerts of the dossiers `user` may see (an alert of a dossier out of scope never shows),
    optionally of one `kind` and for one responsible `agency` (`rules.alert_agency_field`)."""
    if kind is not None and kind not in DossierAlert.Kind.values:
        kinds = ", ".join(DossierAlert.Kind.values)
        raise DomainError(
            _("Loại cảnh báo không hợp lệ: %(kind)s.") % {"kind": kind},
            code="invalid_kind",
            errors=[{"field": "kind", "message": _("Chọn một trong: %(kinds)s.") % {"kinds": kinds}}],
        )
    query = DossierAlert.objects.filter(dossier__in=Dossier.objects.visible_to(user).values("pk")).select_related(
        "dossier"
    )
    if kind is not None:
        query = query.filter(kind=kind)
    if agency is not None:
        reception = sorted(RECEPTION_ALERT_KINDS)
        query = query.filter(
            Q(kind__in=reception, dossier__receiving_agency_id=agency)
            | (~Q(kind__in=reception) & Q(dossier__processing_agency_id=agency))
        )
    return query


def dossier_alerts(dossier: Dossier) -> QuerySet[DossierAlert]:
    """One dossier's alerts, latest day first (the caller has already checked the dossier's scope)."""
    return dossier.alerts.order_by("-day", "kind")


def dossier_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.order_by("seq").select_related("actor")


def public_lookup(*, code: str, phone: str | None, id_number: str | None) -> Dossier | None:
    """A dossier by its code and the applicant's phone or ID number; None when the pair fails."""
    if not code or not (phone or id_number):
        return None
    query = Dossier.objects.filter(code=code).select_related(
        "procedure_version", "receiving_agency", "processing_agency"
    )
    if phone:
        query = query.filter(applicant_phone=normalise_phone(phone))
    else:
        query = query.filter(applicant_id_number=(id_number or "").strip())
    return query.first()


def result_get(document_code: str) -> ResultDocument | None:
    return ResultDocument.objects.filter(document_code=document_code).select_related("dossier").first()
