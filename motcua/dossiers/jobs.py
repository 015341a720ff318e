"""Background jobs of the dossier, registered with the worker (`motcua worker`).

- due soon (within one working day) and overdue open dossiers → alerts;
- stuck dossiers (no event for `MOTCUA_STUCK_WORKING_HOURS`, default 16) → alerts;
- supplement requests unanswered 15 days after the notice → the dossier closes (Art. 19.5);
- online dossiers not accepted or sent back within 8 working hours → flagged (Art. 17.2);
- paper transfers past their due time → alerts;
- once a day, each unit's leaders get an e-mail digest of the unit's alerts (through the outbox).
Every job is idempotent: an alert is unique per dossier, kind and day; closures are actions;
a digest has one outbox key per agency and day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

import structlog
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.dossiers.actions.common import calendar_of
from motcua.dossiers.actions.lifecycle import SUPPLEMENT_CLOSE_AFTER_DAYS, dossier_act
from motcua.dossiers.choices import RUNNING, Action, Channel, Status
from motcua.dossiers.models import Dossier, DossierAlert
from motcua.dossiers.rules import alert_agency_field, is_overdue
from motcua.integrations import outbox, periodic
from motcua.integrations.choices import Topic
from motcua.integrations.models import OutboxMessage
from motcua.workdays import rules as wd

log = structlog.get_logger("motcua.dossiers.jobs")

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
    """Alerts for dossiers with a running clock due within a working day, and for overdue ones
    (`rules.is_overdue`: a supplement or payment request stops the clock, so neither alerts)."""
    made = 0
    horizon = now + timedelta(days=4)  # a working day ahead is never more than 4 calendar days (Tết aside)
    query = Dossier.objects.filter(
        status__in=sorted(RUNNING), appointment_at__isnull=False, appointment_at__lte=horizon
    )
    for dossier in query.select_related("processing_agency").order_by("appointment_at")[: BATCH * 10]:
        assert dossier.appointment_at is not None
        if is_overdue(dossier.status, dossier.appointment_at, now):
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


# --- the leaders' daily digest -------------------------------------------------------------------

# Sent at the start of the office day, when the night's deadline scans have raised the day's
# deadline alerts; an agency whose first alert comes later gets its digest then (once a day).
DIGEST_AFTER = time(7, 0)
DIGEST_CODES_PER_KIND = 100  # a longer list is cut: the workspace queue has them all


def digest_key(agency_id: int, day: date) -> str:
    return f"dossiers:alert-digest:{agency_id}:{day.isoformat()}"


def mail_alert_digests(now: datetime) -> int:
    """One e-mail a day per agency with alerts today, to its active leaders who have an address:
    the counts by kind and the dossier codes. Written to the outbox (delivered at least once by
    the worker) under one key per agency and day, so later runs the same day add nothing.
    Returns how many digests were written; an agency with no leader to mail is logged."""
    local = timezone.localtime(now)
    if local.time() < DIGEST_AFTER:
        return 0
    today = local.date()
    codes: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    alerts = DossierAlert.objects.filter(kind__in=DossierAlert.Kind.values, day=today).order_by("kind", "dossier_id")
    fields = ("kind", "dossier_id", "dossier__code", "dossier__receiving_agency_id", "dossier__processing_agency_id")
    for kind, dossier_id, code, receiving, processing in alerts.values_list(*fields).iterator():
        agency_id = receiving if alert_agency_field(kind) == "receiving_agency_id" else processing
        codes[agency_id][kind].append(code or f"#{dossier_id}")
    if not codes:
        return 0
    sent = set(
        OutboxMessage.objects.filter(key__in=[digest_key(a, today) for a in codes]).values_list("key", flat=True)
    )
    pending = [a for a in codes if digest_key(a, today) not in sent]
    if not pending:
        return 0
    from motcua.org.choices import Role
    from motcua.org.models import Agency, Membership

    leaders: dict[int, set[str]] = defaultdict(set)
    members = Membership.objects.filter(
        agency_id__in=pending, role=Role.LEADER, active=True, user__is_active=True
    ).exclude(user__email="")
    for agency_id, email in members.values_list("agency_id", "user__email"):
        leaders[agency_id].add(email)
    agencies = Agency.objects.select_related("province").in_bulk(pending)
    written = 0
    with translation.override(settings.LANGUAGE_CODE):
        for agency_id in sorted(pending):
            agency = agencies[agency_id]
            to = sorted(leaders.get(agency_id, ()))
            if not to:
                log.warning("alert_digest.no_leader", agency_id=agency_id, day=today.isoformat())
                continue
            subject, body = _digest_text(agency.name, today, codes[agency_id])
            with transaction.atomic():
                outbox.enqueue(
                    topic=Topic.NOTIFY_EMAIL.value,
                    key=digest_key(agency_id, today),
                    payload={"to": to, "subject": subject, "body": body},
                    province_code=agency.province.code if agency.province is not None else "",
                )
            written += 1
    return written


def _digest_text(agency_name: str, day: date, by_kind: dict[str, list[str]]) -> tuple[str, str]:
    total = sum(len(v) for v in by_kind.values())
    labels = dict(DossierAlert.Kind.choices)
    kinds = [k for k in DossierAlert.Kind.values if by_kind.get(k)]
    subject = _("[motcua] Cảnh báo hồ sơ ngày %(day)s: %(n)d cảnh báo") % {"day": f"{day:%d/%m/%Y}", "n": total}
    lines = [
        _("Kính gửi lãnh đạo %(agency)s,") % {"agency": agency_name},
        "",
        _("Các cảnh báo hồ sơ của đơn vị trong ngày %(day)s:") % {"day": f"{day:%d/%m/%Y}"},
    ]
    lines += [f"- {labels[k]}: {len(by_kind[k])}" for k in kinds]
    for kind in kinds:
        items = by_kind[kind]
        shown = ", ".join(items[:DIGEST_CODES_PER_KIND])
        if len(items) > DIGEST_CODES_PER_KIND:
            shown += " " + _("… và %(n)d hồ sơ khác") % {"n": len(items) - DIGEST_CODES_PER_KIND}
        lines += ["", f"{labels[kind]} ({len(items)}): {shown}", f"  /vi/ho-so/?alert={kind}"]
    lines += ["", _("Thư này được gửi tự động mỗi ngày một lần từ hệ thống một cửa.")]
    return subject, "\n".join(lines)


periodic.register("dossiers.deadlines", timedelta(minutes=15), scan_deadlines)
periodic.register("dossiers.stuck", timedelta(hours=1), scan_stuck)
periodic.register("dossiers.close_unanswered", timedelta(hours=1), close_unanswered)
periodic.register("dossiers.online_late", timedelta(minutes=15), flag_online_late)
periodic.register("dossiers.paper_transfers", timedelta(minutes=30), scan_paper_transfers)
periodic.register("dossiers.alert_digest", timedelta(minutes=30), mail_alert_digests)
