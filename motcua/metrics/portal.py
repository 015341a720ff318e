"""Indicator 1.4: whether each dossier's status reached the National Public Service Portal in
real time. The outbox worker calls `count_sync` in the transaction that records a delivery; the
submission's sync (event 1) decides, against `MOTCUA_PORTAL_SYNC_IN_TIME_MINUTES` (default 5)
counted from the moment the dossier arrived."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

from motcua.dossiers.actions.common import snapshot
from motcua.dossiers.models import Dossier
from motcua.integrations.models import OutboxMessage
from motcua.metrics import counting

TOPIC = "portal.status_sync"


def in_time_limit() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "MOTCUA_PORTAL_SYNC_IN_TIME_MINUTES", 5)))


def count_sync(message: OutboxMessage, delivered_at: datetime) -> None:
    """Record on the dossier, and in its counters, that its submission reached the Portal."""
    if message.topic != TOPIC:
        return
    parts = message.key.split(":")  # dossier:<id>:<event seq>
    if len(parts) != 3 or parts[0] != "dossier" or parts[2] != "1":
        return
    dossier = Dossier.objects.select_for_update(no_key=True).filter(pk=int(parts[1])).first()
    if dossier is None or dossier.portal_synced_in_time is not None:
        return
    current = snapshot(dossier)
    before = counting.state(dossier, current)
    dossier.portal_synced_in_time = delivered_at - dossier.submitted_at <= in_time_limit()
    after = counting.state(dossier, current)
    Dossier.objects.filter(pk=dossier.pk).update(portal_synced_in_time=dossier.portal_synced_in_time)
    with connection.cursor() as cursor:
        for sql, params in counting.delta_of([(before, after)]).statements():
            cursor.execute(sql, params)
