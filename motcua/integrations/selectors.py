"""Reads of the integrations app: the outbox's state for operators (command and admin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min

from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import OutboxMessage


@dataclass
class OutboxSummary:
    by_status: dict[str, int]
    by_topic: dict[str, dict[str, int]]
    oldest_pending_at: datetime | None
    dead: list[OutboxMessage] = field(default_factory=list)


def outbox_summary(*, dead_limit: int = 10) -> OutboxSummary:
    """Counts by status and by topic, the oldest waiting message, the most recent dead letters.

    Payloads are not read: they may hold personal data, and operators need only the shape."""
    by_status = {status.value: 0 for status in MessageStatus}
    by_topic: dict[str, dict[str, int]] = {}
    for row in OutboxMessage.objects.values("topic", "status").annotate(n=Count("id")).order_by("topic"):
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        by_topic.setdefault(row["topic"], {})[row["status"]] = row["n"]
    oldest = OutboxMessage.objects.filter(status=MessageStatus.PENDING).aggregate(at=Min("available_at"))["at"]
    dead = list(
        OutboxMessage.objects.filter(status=MessageStatus.DEAD)
        .only("id", "topic", "key", "attempts", "last_error", "delivered_at")
        .order_by("-delivered_at", "-id")[: max(dead_limit, 0)]
    )
    return OutboxSummary(by_status=by_status, by_topic=by_topic, oldest_pending_at=oldest, dead=dead)
