"""This app's periodic jobs (discovered like every `<app>/jobs.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from django.conf import settings

from motcua.integrations import periodic
from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import JobRun, OutboxMessage

log = structlog.get_logger("motcua.integrations.jobs")

STALE_AFTER = timedelta(hours=1)


def outbox_health(now: datetime) -> int:
    """Warn (in the log, for alerting) about dead letters and messages waiting over an hour.

    Returns the number of messages that need an operator: dead letters plus stale waiting ones."""
    dead = OutboxMessage.objects.filter(status=MessageStatus.DEAD).count()
    stale = OutboxMessage.objects.filter(status=MessageStatus.PENDING, available_at__lt=now - STALE_AFTER).count()
    if dead or stale:
        log.warning("outbox.needs_attention", dead=dead, waiting_over_an_hour=stale)
    return dead + stale


periodic.register("integrations.outbox_health", every=timedelta(minutes=15), func=outbox_health)


PRUNE_BATCH = 5000
JOB_RUNS_KEEP = timedelta(days=90)


def prune(now: datetime) -> int:
    """Forget delivered and skipped messages older than `MOTCUA_OUTBOX_KEEP_DAYS` (0 = keep all)
    and job runs older than 90 days, in batches so no long lock is held. Pending and dead
    messages are never pruned: they still need delivery or an operator."""
    removed = 0
    keep_days = settings.MOTCUA_OUTBOX_KEEP_DAYS
    if keep_days > 0:
        cutoff = now - timedelta(days=keep_days)
        old = OutboxMessage.objects.filter(
            status__in=[MessageStatus.DELIVERED, MessageStatus.SKIPPED], delivered_at__lt=cutoff
        )
        while ids := list(old.values_list("id", flat=True)[:PRUNE_BATCH]):
            removed += OutboxMessage.objects.filter(id__in=ids).delete()[0]
    while ids := list(
        JobRun.objects.filter(started_at__lt=now - JOB_RUNS_KEEP).values_list("id", flat=True)[:PRUNE_BATCH]
    ):
        removed += JobRun.objects.filter(id__in=ids).delete()[0]
    return removed


periodic.register("integrations.prune", every=timedelta(days=1), func=prune)
