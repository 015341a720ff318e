"""The transactional outbox (issue 7 item 7): written in the caller's transaction, delivered at
least once after commit, deduplicated by key, retried with backoff, then dead-lettered."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from motcua.integrations import outbox
from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import OutboxMessage
from motcua.integrations.tests.handlers import FAIL_TOPIC, RECORD_TOPIC, delivered

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 Monday in Hà Nội


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_it_leaves_nothing_when_the_callers_transaction_rolls_back() -> None:
    """A message exists only if the change that caused it committed (DESIGN.md: side effects on commit)."""
    with pytest.raises(Boom), transaction.atomic():
        outbox.enqueue(topic=RECORD_TOPIC, key="rolled-back", payload={"n": 1})
        assert OutboxMessage.objects.filter(key="rolled-back").exists()
        raise Boom
    assert not OutboxMessage.objects.filter(key="rolled-back").exists()
    report = outbox.deliver_due()
    assert report.claimed == 0
    assert delivered["rolled-back"] == 0

    with transaction.atomic():
        outbox.enqueue(topic=RECORD_TOPIC, key="committed", payload={"n": 2})
    assert outbox.deliver_due().delivered == 1
    assert delivered["committed"] == 1

    # Outside any transaction enqueue refuses: the message could outlive a failed change.
    with pytest.raises(RuntimeError):
        outbox.enqueue(topic=RECORD_TOPIC, key="loose", payload={})
    assert not OutboxMessage.objects.filter(key="loose").exists()


@pytest.mark.django_db
def test_it_deduplicates_by_key_and_writes_nothing_the_second_time() -> None:
    first = outbox.enqueue(topic=RECORD_TOPIC, key="dossier:1:accepted", payload={"v": 1})
    created = OutboxMessage.objects.get(pk=first.pk).created_at
    with CaptureQueriesContext(connection) as queries:
        second = outbox.enqueue(topic=RECORD_TOPIC, key="dossier:1:accepted", payload={"v": 2})
    assert second.pk == first.pk
    assert second.payload == {"v": 1}
    stored = OutboxMessage.objects.get(key="dossier:1:accepted")
    assert (stored.payload, stored.created_at) == ({"v": 1}, created)
    # The only write attempted is the insert that yields to the existing key; nothing is updated.
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1 and 'ON CONFLICT ("key") DO NOTHING' in writes[0]


@pytest.mark.django_db
def test_it_refuses_an_unknown_topic() -> None:
    with pytest.raises(ValueError, match="no outbox handler"):
        outbox.enqueue(topic="portal.status_synk", key="typo", payload={})


@pytest.mark.django_db
def test_it_waits_for_not_before() -> None:
    with time_machine.travel(T0, tick=False):
        outbox.enqueue(topic=RECORD_TOPIC, key="later", payload={}, not_before=T0 + timedelta(hours=1))
        assert outbox.deliver_due().claimed == 0
    assert outbox.deliver_due(now=T0 + timedelta(hours=1)).delivered == 1
    assert delivered["later"] == 1


@pytest.mark.django_db
@override_settings(MOTCUA_OUTBOX_MAX_ATTEMPTS=3, MOTCUA_OUTBOX_BACKOFF_BASE=60, MOTCUA_OUTBOX_BACKOFF_MAX=3600)
def test_it_retries_with_growing_jittered_backoff_then_dead_letters() -> None:
    """Failures are retried after base·2^(n-1) seconds (half fixed, half random), then dead after N attempts."""
    with time_machine.travel(T0, tick=False):
        message = outbox.enqueue(topic=FAIL_TOPIC, key="flaky", payload={})
        first = outbox.deliver_due()
    assert first.retried == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 1
    assert "ConnectionError: receiver down" in message.last_error
    assert T0 + timedelta(seconds=30) <= message.available_at <= T0 + timedelta(seconds=60)
    assert message.claimed_by == ""

    # Not due before its time: nothing is claimed.
    assert outbox.deliver_due(now=message.available_at - timedelta(seconds=1)).claimed == 0

    second_at = message.available_at
    with time_machine.travel(second_at, tick=False):
        assert outbox.deliver_due().retried == 1
    message.refresh_from_db()
    assert message.attempts == 2
    assert second_at + timedelta(seconds=60) <= message.available_at <= second_at + timedelta(seconds=120)

    with time_machine.travel(message.available_at, tick=False):
        third = outbox.deliver_due()
    assert third.dead == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD
    assert message.attempts == 3
    assert message.delivered_at is not None

    # A dead letter is never claimed again until an operator puts it back.
    assert outbox.deliver_due(now=message.available_at + timedelta(days=1)).claimed == 0
    assert outbox.requeue(dead=True) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 0)


@pytest.mark.django_db
def test_it_dead_letters_at_once_what_the_receiver_refuses() -> None:
    """A malformed payload will never succeed: no retries, the reason is kept for the operator."""
    outbox.enqueue(topic="notify.sms", key="sms:no-phone", payload={"text": "Hồ sơ đã có kết quả"})
    report = outbox.deliver_due()
    assert report.dead == 1
    message = OutboxMessage.objects.get(key="sms:no-phone")
    assert message.status == MessageStatus.DEAD
    assert message.attempts == 1
    assert "to" in message.last_error


@pytest.mark.django_db
def test_it_gives_a_claimed_message_to_one_worker_until_its_lease_ends() -> None:
    """Another worker cannot take a claimed message; after the lease (a dead worker) it can."""
    with time_machine.travel(T0, tick=False):
        outbox.enqueue(topic=RECORD_TOPIC, key="leased", payload={})
    mine = outbox.claim_due(limit=10, now=T0 + timedelta(minutes=1), worker_id="a")
    assert [m.key for m in mine] == ["leased"]
    assert outbox.claim_due(limit=10, now=T0 + timedelta(minutes=2), worker_id="b") == []
    later = T0 + timedelta(hours=1)
    theirs = outbox.claim_due(limit=10, now=later, worker_id="b")
    assert [m.key for m in theirs] == ["leased"]
    # The first worker, late, leaves the message to the new holder: no second delivery from it.
    report = outbox.DeliveryReport()
    assert outbox.deliver_one(mine[0], worker_id="a", now=later, report=report) == "lost"
    assert report.delivered == 0
    assert delivered["leased"] == 0
    assert OutboxMessage.objects.get(key="leased").claimed_by == "b"


@pytest.mark.django_db
def test_it_releases_the_rest_of_a_batch_when_asked_to_stop() -> None:
    """On SIGTERM the worker finishes the message in hand and releases the others at once."""
    for n in range(3):
        outbox.enqueue(topic=RECORD_TOPIC, key=f"batch-{n}", payload={})
    calls = iter([False, True, True])
    report = outbox.deliver_due(should_stop=lambda: next(calls))
    assert (report.claimed, report.delivered, report.released) == (3, 1, 2)
    assert OutboxMessage.objects.filter(status=MessageStatus.PENDING, claimed_by="").count() == 2
    assert outbox.deliver_due().delivered == 2


@pytest.mark.django_db
@override_settings(MOTCUA_OUTBOX_LEASE=0)  # renew before every message
def test_it_leaves_a_message_to_the_worker_that_took_it_when_a_batch_outlives_its_lease() -> None:
    """The lease is renewed during a long batch; a message another worker took meanwhile is theirs."""
    for n in range(3):
        outbox.enqueue(topic=RECORD_TOPIC, key=f"slow-{n}", payload={})

    def steal_second() -> bool:
        OutboxMessage.objects.filter(key="slow-1").update(claimed_by="other")
        return False

    report = outbox.deliver_due(worker_id="me", should_stop=steal_second)
    assert (report.claimed, report.delivered) == (3, 2)
    assert delivered["slow-1"] == 0
    assert OutboxMessage.objects.get(key="slow-1").claimed_by == "other"


@pytest.mark.django_db
@override_settings(MOTCUA_OUTBOX_MAX_ATTEMPTS=2)
def test_it_keeps_the_order_of_a_group_while_an_older_message_retries() -> None:
    """A dossier's statuses reach the Portal in order: status 4 waits while status 2 is retried."""
    with time_machine.travel(T0, tick=False):
        outbox.enqueue(topic=FAIL_TOPIC, key="d1:status2", payload={}, group="portal:dossier:1")
        outbox.enqueue(topic=RECORD_TOPIC, key="d1:status4", payload={}, group="portal:dossier:1")
        outbox.enqueue(topic=RECORD_TOPIC, key="d2:status2", payload={}, group="portal:dossier:2")
        first = outbox.deliver_due()
    assert first.keys == {"retried": ["d1:status2"], "delivered": ["d2:status2"]}
    assert delivered["d1:status4"] == 0

    later = T0 + timedelta(hours=1)
    assert outbox.deliver_due(now=later).keys == {"dead": ["d1:status2"]}
    # The dead letter no longer holds its group back.
    assert outbox.deliver_due(now=later).keys == {"delivered": ["d1:status4"]}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_delivers_each_message_once_with_two_concurrent_workers_on_postgres() -> None:
    """SKIP LOCKED claims: two workers racing over one queue deliver every message exactly once."""
    with transaction.atomic():
        for n in range(120):
            outbox.enqueue(topic=RECORD_TOPIC, key=f"race-{n}", payload={"n": n})
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    claimed: dict[str, int] = {}

    def work(name: str) -> None:
        try:
            start.wait()
            total = 0
            while True:
                report = outbox.deliver_due(limit=7, worker_id=name)
                if report.claimed == 0:
                    break
                total += report.delivered
            claimed[name] = total
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(delivered) == sorted(f"race-{n}" for n in range(120))
    assert set(delivered.values()) == {1}
    assert sum(claimed.values()) == 120
    assert OutboxMessage.objects.filter(status=MessageStatus.DELIVERED).count() == 120


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_finds_due_messages_through_the_partial_indexes_on_postgres() -> None:
    """DESIGN.md "Scale": the worker's hot query reads the small pending index, never the whole outbox."""
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            topic=RECORD_TOPIC, key=f"old-{n}", status=MessageStatus.DELIVERED, group=f"portal:dossier:{n % 500}"
        )
        for n in range(5000)
    )
    for n in range(20):
        outbox.enqueue(topic=RECORD_TOPIC, key=f"new-{n}", payload={}, group=f"portal:dossier:{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE integrations_outboxmessage")
    plan = (
        OutboxMessage.objects.filter(outbox._due(timezone.now()))
        .order_by("available_at", "id")
        .values_list("id", flat=True)[:100]
        .explain()
    )
    # Only pending rows are read (either partial/pending index), and the group check is an index probe.
    assert "integ_outbox_due_idx" in plan or "integ_outbox_status_idx" in plan
    assert "integ_outbox_group_idx" in plan
    assert "Seq Scan" not in plan
