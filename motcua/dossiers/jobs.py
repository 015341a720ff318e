"""Background jobs of the dossier, registered with the worker (`motcua worker`).

- due soon (within one working day) and overdue open dossiers → alerts;
- stuck dossiers (no event for `MOTCUA_STUCK_WORKING_HOURS`, default 16) → alerts;
- supplement requests unanswered 15 days after the notice → the dossier closes (Art. 19.5);
- online dossiers not accepted or sent back within 8 working hours → flagged (Art. 17.2);
- paper transfers past their due time → alerts.
Every job is idempotent: an alert is unique per dossier, kind and day; closures are actions.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.dossiers.actions.common import calendar_of
from motcua.dossiers.actions.lifecycle import SUPPLEMENT_CLOSE_AFTER_DAYS, dossier_act
from motcua.dossiers.choices import OPEN, Action, Channel, Status
from motcua.dossiers.models import Dossier, DossierAlert
from motcua.integrations import periodic
from motcua.workdays import rules as wd

BATCH = 500


def _alert(dossier: Dossier, kind: str, now: datetime, detail: str = "") -> int:
    try:
        with transaction.atomic():
            DossierAlert.objects.create(
                dossier=dossier,
                province_code=dossier.province_code,
                kind=kind,
                day=timezone.localdate(now),
                detail=detail,
            )
    except IntegrityError:
        return 0
    return 1


def scan_deadlines(now: datetime) -> int:
    """Alerts for open dossiers due within a working day, and for overdue ones."""
    made = 0
    horizon = now + timedelta(days=4)  # a working day ahead is never more than 4 calendar days (Tết aside)
    query = Dossier.objects.filter(status__in=list(OPEN), appointment_at__isnull=False, appointment_at__lte=horizon)
    for dossier in query.select_related("processing_agency").order_by("appointment_at")[: BATCH * 10]:
        assert dossier.appointment_at is not None
        if dossier.status == Status.SUPPLEMENT:
            continue  # the clock is stopped
        if dossier.appointment_at < now:
            made += _alert(dossier, DossierAlert.Kind.OVERDUE, now)
        elif wd.working_seconds_between(calendar_of(dossier), now, dossier.appointment_at) <= 8 * 3600:
            made += _alert(dossier, DossierAlert.Kind.DUE_SOON, now)
    return made


def scan_stuck(now: datetime) -> int:
    hours = int(getattr(settings, "MOTCUA_STUCK_WORKING_HOURS", 16))
    made = 0
    candidates = Dossier.objects.filter(
        status__in=[Status.ACCEPTED, Status.IN_PROGRESS], last_event_at__lt=now - timedelta(hours=hours)
    ).select_related("processing_agency")
    for dossier in candidates.order_by("last_event_at")[:BATCH]:
        idle = wd.working_seconds_between(calendar_of(dossier), dossier.last_event_at, now)
        if idle >= hours * 3600:
            made += _alert(dossier, DossierAlert.Kind.STUCK, now, detail=f"{idle // 3600}h")
    return made


def close_unanswered(now: datetime) -> int:
    limit = now - timedelta(days=SUPPLEMENT_CLOSE_AFTER_DAYS)
    closed = 0
    for pk in Dossier.objects.filter(status=Status.SUPPLEMENT, supplement_requested_at__lt=limit).values_list(
        "pk", flat=True
    )[:BATCH]:
        dossier_act(acting_user=None, dossier_id=pk, action=Action.CLOSE_UNANSWERED, system=True, at=now)
        closed += 1
    return closed


def flag_online_late(now: datetime) -> int:
    flagged = 0
    query = Dossier.objects.filter(
        status=Status.SUBMITTED,
        channel=Channel.ONLINE,
        online_flagged_at__isnull=True,
        submitted_at__lt=now - timedelta(hours=8),
    ).select_related("processing_agency")
    for dossier in query[:BATCH]:
        if wd.online_acceptance_due(calendar_of(dossier), dossier.submitted_at) < now:
            dossier_act(acting_user=None, dossier_id=dossier.pk, action=Action.FLAG_ONLINE_LATE, system=True, at=now)
            _alert(dossier, DossierAlert.Kind.ONLINE_LATE, now)
            flagged += 1
    return flagged


def scan_paper_transfers(now: datetime) -> int:
    made = 0
    query = Dossier.objects.filter(paper_transfer_due_at__lt=now, paper_transferred_at__isnull=True).exclude(
        status__in=[Status.REFUSED, Status.WITHDRAWN]
    )
    for dossier in query[:BATCH]:
        made += _alert(dossier, DossierAlert.Kind.PAPER_LATE, now)
    return made


periodic.register("dossiers.deadlines", timedelta(minutes=15), scan_deadlines)
periodic.register("dossiers.stuck", timedelta(hours=1), scan_stuck)
periodic.register("dossiers.close_unanswered", timedelta(hours=1), close_unanswered)
periodic.register("dossiers.online_late", timedelta(minutes=15), flag_online_late)
periodic.register("dossiers.paper_transfers", timedelta(minutes=30), scan_paper_transfers)
