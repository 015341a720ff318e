"""The transactional outbox: write a message in the caller's transaction, deliver it after commit.

    from motcua.integrations import outbox

    @transaction.atomic(durable=True)
    def dossier_accept(...):
        ...
        outbox.enqueue(topic="portal.status_sync", key=f"portal:{code}:2:{event_id}",
                       payload={...}, province_code=dossier.province_code)

A message is a row, so it exists only if the caller's transaction commits. `deliver_due`
(run by `motcua worker`) claims due rows, runs the topic's handler and records the outcome:
delivered, skipped (integration switched off), retried later with exponential backoff and
jitter, or dead-lettered after `MOTCUA_OUTBOX_MAX_ATTEMPTS`. Delivery is at least once: a
worker that dies after the handler ran and before the row was marked will deliver again when
its lease ends, so handlers pass `message.key` on for the receiver to drop repeats.
"""

from __future__ import annotations

import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

import structlog
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from motcua.core import rows
from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import OutboxMessage
from motcua.integrations.rules import backoff_delay

log = structlog.get_logger("motcua.integrations.outbox")

Handler = Callable[[OutboxMessage], "dict[str, Any] | None"]
H = TypeVar("H", bound=Handler)

_HANDLERS: dict[str, Handler] = {}


class Skip(Exception):
    """Raised by a handler when its integration is switched off: the message is closed as skipped."""


class PermanentError(Exception):
    """Raised by a handler when retrying cannot help (the receiver refused the content):
    the message goes straight to the dead letters, with the reason."""


def handler(topic: str) -> Callable[[H], H]:
    """Register the function that delivers messages of `topic`.

    The handler gets the `OutboxMessage` (its `key`, `payload`, `attempts`, `province_code`) and
    returns an optional dict kept as the message's `result`. It raises `Skip`, `PermanentError`,
    or any other exception for a retry. It runs outside any transaction, possibly more than once.
    """

    def register(func: H) -> H:
        existing = _HANDLERS.get(topic)
        if existing is not None and existing is not func:
            raise ValueError(f"outbox topic {topic!r} already has a handler: {existing.__module__}.{existing.__name__}")
        _HANDLERS[topic] = func
        return func

    return register


def topics() -> list[str]:
    """The registered topics, sorted."""
    return sorted(_HANDLERS)


def message(
    *,
    topic: str,
    key: str,
    payload: dict[str, Any],
    province_code: str = "",
    not_before: datetime | None = None,
    group: str = "",
) -> OutboxMessage:
    """A checked, unsaved message: `enqueue` writes one, `motcua.dossiers.store` writes several
    with the change they report in one statement."""
    if topic not in _HANDLERS:
        raise ValueError(f"no outbox handler for topic {topic!r}; known: {', '.join(topics())}")
    if not key or len(key) > 200:
        raise ValueError("an outbox key is 1 to 200 characters")
    if len(group) > 120:
        raise ValueError("an outbox group is at most 120 characters")
    now = timezone.now()
    return OutboxMessage(
        topic=topic,
        key=key,
        payload=payload,
        province_code=province_code,
        group=group,
        created_at=now,
        available_at=max(now, not_before) if not_before else now,
    )


def enqueue(
    *,
    topic: str,
    key: str,
    payload: dict[str, Any],
    province_code: str = "",
    not_before: datetime | None = None,
    group: str = "",
) -> OutboxMessage:
    """Record a message owed to another system, inside the caller's transaction.

    Deduplicated by `key`: when a message with this key exists (even delivered), it is
    returned as it is and nothing is written. `not_before` delays the first delivery.
    `group` (e.g. `f"portal:dossier:{pk}"`) keeps order: a message is not delivered while an
    older message of its group is still waiting (retrying); a dead letter no longer holds
    the group back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox.enqueue must be called inside the transaction of the change it reports")
    new = message(
        topic=topic, key=key, payload=payload, province_code=province_code, not_before=not_before, group=group
    )
    # INSERT … ON CONFLICT (key) DO NOTHING: one round trip, and a racing duplicate neither
    # fails nor aborts the caller's transaction.
    sql, params = rows.insert([new], conflict="key")
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.fetchone()
    if inserted is None:
        return OutboxMessage.objects.get(key=key)
    new.pk = inserted[0]
    new._state.adding = False
    new._state.db = "default"
    return new


# --- delivery --------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    """What one `deliver_due` call did."""

    claimed: int = 0
    delivered: int = 0
    skipped: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0
    keys: dict[str, list[str]] = field(default_factory=dict)

    def add(self, outcome: str, key: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.keys.setdefault(outcome, []).append(key)

    def __str__(self) -> str:
        return (
            f"claimed {self.claimed}: delivered {self.delivered}, skipped {self.skipped}, "
            f"retried {self.retried}, dead {self.dead}, released {self.released}"
        )


def new_worker_id() -> str:
    """A worker's identity in claims: host, process, thread and a random tag (≤ 64 characters)."""
    return f"{socket.gethostname()[:24]}:{threading.get_native_id()}:{uuid.uuid4().hex[:12]}"


def _due(now: datetime) -> Q:
    older_waiting = OutboxMessage.objects.filter(
        group=OuterRef("group"), status=MessageStatus.PENDING, id__lt=OuterRef("id")
    ).exclude(group="")
    return (
        Q(status=MessageStatus.PENDING, available_at__lte=now)
        & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        & (Q(group="") | Q(~Exists(older_waiting)))
    )


def claim_due(*, limit: int, now: datetime, worker_id: str) -> list[OutboxMessage]:
    """Claim up to `limit` due messages for `worker_id` under a lease; safe between processes.

    PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` so concurrent workers take disjoint rows
    without waiting, then the lease is written in the same transaction. SQLite: one writer at a
    time anyway; each row is taken by a conditional UPDATE that only succeeds while it is
    still due and unclaimed, so a row is never handed to two workers.
    """
    lease_until = now + timedelta(seconds=settings.MOTCUA_OUTBOX_LEASE)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(
                OutboxMessage.objects.filter(_due(now))
                .order_by("available_at", "id")
                .select_for_update(skip_locked=True)  # the lease is written before the lock is released
                .values_list("id", flat=True)[:limit]
            )
            if ids:
                OutboxMessage.objects.filter(id__in=ids).update(claimed_by=worker_id, claimed_until=lease_until)
    else:
        candidates = list(
            OutboxMessage.objects.filter(_due(now)).order_by("available_at", "id").values_list("id", flat=True)[:limit]
        )
        ids = [
            pk
            for pk in candidates
            if OutboxMessage.objects.filter(_due(now), id=pk).update(claimed_by=worker_id, claimed_until=lease_until)
            == 1
        ]
    return list(OutboxMessage.objects.filter(id__in=ids, claimed_by=worker_id).order_by("available_at", "id"))


def _finish(message: OutboxMessage, worker_id: str, **fields: Any) -> bool:
    """Write the outcome only while this worker still holds the claim (its lease may have ended)."""
    fields.setdefault("claimed_by", "")
    fields.setdefault("claimed_until", None)
    changed = OutboxMessage.objects.filter(id=message.id, claimed_by=worker_id, status=MessageStatus.PENDING).update(
        **fields
    )
    if not changed:
        log.warning("outbox.lease_lost", message_id=message.id, topic=message.topic)
    return bool(changed)


def renew_lease(ids: list[int], *, worker_id: str, now: datetime) -> set[int]:
    """Extend this worker's lease on `ids` (one conditional UPDATE); returns the ids still held.

    A message whose lease ran out and that another worker took is not among them: it is left
    to its new holder, so it is not delivered twice by two live workers."""
    until = max(now, timezone.now()) + timedelta(seconds=settings.MOTCUA_OUTBOX_LEASE)
    OutboxMessage.objects.filter(id__in=ids, claimed_by=worker_id, status=MessageStatus.PENDING).update(
        claimed_until=until
    )
    return set(
        OutboxMessage.objects.filter(
            id__in=ids, claimed_by=worker_id, status=MessageStatus.PENDING, claimed_until=until
        ).values_list("id", flat=True)
    )


# Called with each message delivered, in the transaction that records the delivery (the metrics
# app counts the dossiers whose status reached the Portal in time): registered at start-up so
# this app imports none of its callers.
DeliveredHook = Callable[[OutboxMessage, datetime], None]
_DELIVERED_HOOKS: list[DeliveredHook] = []


def on_delivered(hook: DeliveredHook) -> None:
    if hook not in _DELIVERED_HOOKS:
        _DELIVERED_HOOKS.append(hook)


def deliver_one(
    message: OutboxMessage, *, worker_id: str, now: datetime, report: DeliveryReport, renew: bool = True
) -> str:
    """Run the handler of one claimed message and record the outcome; returns the outcome's name
    ("lost" when the lease ran out and another worker holds the message now)."""
    if renew and message.id not in renew_lease([message.id], worker_id=worker_id, now=now):
        log.warning("outbox.lease_lost", message_id=message.id, topic=message.topic)
        return "lost"
    attempt = message.attempts + 1
    func = _HANDLERS.get(message.topic)
    bound = log.bind(message_id=message.id, topic=message.topic, attempt=attempt)
    fields: dict[str, Any]
    try:
        if func is None:
            raise LookupError(f"no handler registered for topic {message.topic!r}")
        result = func(message)
    except Skip as exc:
        outcome, fields = "skipped", {"status": MessageStatus.SKIPPED, "result": {"skipped": str(exc)}}
        bound.info("outbox.skipped", reason=str(exc))
    except PermanentError as exc:
        outcome, fields = "dead", {"status": MessageStatus.DEAD, "last_error": str(exc)[:4000]}
        bound.error("outbox.refused", error=str(exc))
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:4000]
        if attempt >= settings.MOTCUA_OUTBOX_MAX_ATTEMPTS:
            outcome, fields = "dead", {"status": MessageStatus.DEAD, "last_error": error}
            bound.error("outbox.dead_letter", error=error)
        else:
            delay = backoff_delay(
                attempt,
                base=settings.MOTCUA_OUTBOX_BACKOFF_BASE,
                cap=settings.MOTCUA_OUTBOX_BACKOFF_MAX,
                jitter=random.random(),
            )
            outcome, fields = "retried", {"available_at": now + delay, "last_error": error}
            bound.warning("outbox.retry", error=error, retry_in=round(delay.total_seconds()))
    else:
        outcome, fields = "delivered", {"status": MessageStatus.DELIVERED, "result": result or {}}
        bound.info("outbox.delivered")
    if outcome != "retried":
        fields["delivered_at"] = now
    fields["attempts"] = attempt
    with transaction.atomic():
        if _finish(message, worker_id, **fields):
            report.add(outcome, message.key)
            if outcome == "delivered":
                for hook in _DELIVERED_HOOKS:
                    hook(message, now)
    return outcome


def deliver_due(
    *,
    limit: int = 100,
    now: datetime | None = None,
    worker_id: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> DeliveryReport:
    """Claim and deliver up to `limit` due messages; the report counts each outcome.

    `should_stop` is asked between messages (the worker's SIGTERM flag): the current message is
    finished, the rest of the batch is released at once for another worker.
    """
    now = now or timezone.now()
    worker_id = worker_id or new_worker_id()
    report = DeliveryReport()
    claimed = claim_due(limit=limit, now=now, worker_id=worker_id)
    report.claimed = len(claimed)
    # The lease is renewed for the rest of the batch whenever half of it has passed (one
    # UPDATE, not one per message), so slow handlers never let a held message expire.
    renew_every = settings.MOTCUA_OUTBOX_LEASE / 2
    renewed_at = time.monotonic()
    held = {m.id for m in claimed}
    for index, message in enumerate(claimed):
        if should_stop is not None and should_stop():
            rest = [m.id for m in claimed[index:]]
            report.released = OutboxMessage.objects.filter(id__in=rest, claimed_by=worker_id).update(
                claimed_by="", claimed_until=None
            )
            break
        if time.monotonic() - renewed_at >= renew_every:
            held = renew_lease([m.id for m in claimed[index:]], worker_id=worker_id, now=now)
            renewed_at = time.monotonic()
        if message.id not in held:
            log.warning("outbox.lease_lost", message_id=message.id, topic=message.topic)
            continue
        deliver_one(message, worker_id=worker_id, now=now, report=report, renew=False)
    return report


# --- operations ------------------------------------------------------------------------------


def requeue(*, ids: list[int] | None = None, dead: bool = False, now: datetime | None = None) -> int:
    """Put dead (or chosen pending/dead) messages back in the queue for delivery now, attempts reset.

    Delivered and skipped messages stay closed: their receivers already had them (or were off).
    """
    if ids is None and not dead:
        return 0
    qs = OutboxMessage.objects.filter(status__in=[MessageStatus.DEAD, MessageStatus.PENDING])
    if ids is not None:
        qs = qs.filter(id__in=ids)
    if dead:
        qs = qs.filter(status=MessageStatus.DEAD)
    return qs.update(
        status=MessageStatus.PENDING,
        attempts=0,
        available_at=now or timezone.now(),
        claimed_by="",
        claimed_until=None,
        delivered_at=None,
    )
