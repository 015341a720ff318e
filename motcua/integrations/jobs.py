"""This app's periodic jobs (discovered like every `<app>/jobs.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog

from motcua.integrations import periodic
from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import OutboxMessage

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
