"""The National Portal status sync, over real HTTP against the local stand-in (RULES.md §2,
Decree 118 Art. 3: every dossier status is synced with the Portal)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.test.utils import override_settings

from motcua.integrations import outbox
from motcua.integrations.choices import MessageStatus
from motcua.integrations.models import OutboxMessage
from motcua.integrations.outbox import PermanentError
from motcua.integrations.portal import sync_request_body
from motcua.integrations.rules import portal_payload
from motcua.integrations.standin import PortalStandin, validate_record
from motcua.integrations.transport import post_json

CODE = "000.00.01.H26-260930-0012"


def record(status: int = 2) -> dict[str, object]:
    return portal_payload(
        dossier_code=CODE,
        procedure_code="1.012345",
        status=status,
        channel=2,
        received_at=datetime(2026, 9, 30, 1, 15, tzinfo=UTC),
        due_at=datetime(2026, 10, 14, 9, 0, tzinfo=UTC),
    )


@pytest.fixture
def portal() -> Iterator[PortalStandin]:
    with (
        PortalStandin(token="s3cret") as standin,
        override_settings(MOTCUA_PORTAL_URL=standin.url, MOTCUA_PORTAL_TOKEN="s3cret"),
    ):
        yield standin


@pytest.mark.django_db
def test_it_syncs_a_status_change_to_the_portal_over_http(portal: PortalStandin) -> None:
    message = outbox.enqueue(
        topic="portal.status_sync", key=f"portal:{CODE}:2:ev1", payload=record(2), province_code="38"
    )
    report = outbox.deliver_due()
    assert report.delivered == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.result["portal"]["status"] == 200
    assert message.result["portal"]["duplicate"] is False
    assert portal.records_for(CODE) == [record(2)]
    assert portal.requests[-1]["key"] == f"portal:{CODE}:2:ev1"


@pytest.mark.django_db
def test_it_lets_the_portal_drop_a_repeated_delivery(portal: PortalStandin) -> None:
    """Delivery is at least once: a repeat carries the same key and the Portal stores it once."""
    body = sync_request_body(record(4))
    first = post_json(portal.url, body, key="portal:x:4:ev2", token="s3cret")
    again = post_json(portal.url, body, key="portal:x:4:ev2", token="s3cret")
    assert (first.body["duplicate"], again.body["duplicate"]) == (False, True)
    assert len(portal.records_for(CODE)) == 1


@pytest.mark.django_db
def test_it_rejects_a_record_without_its_dossier_code(portal: PortalStandin) -> None:
    """The contract requires MaHoSo: the stand-in answers 400 and the message is dead-lettered at once."""
    bad = dict(record(2))
    del bad["MaHoSo"]
    with pytest.raises(PermanentError, match=r"HTTP 400.*MaHoSo"):
        post_json(portal.url, sync_request_body(bad), key="k", token="s3cret")
    assert portal.received == []
    assert portal.requests[-1]["status"] == 400


def test_it_validates_the_record_fields_like_the_portal() -> None:
    assert validate_record(record(2)) == []
    errors = validate_record({"MaHoSo": "", "MaTTHC": "1", "TrangThaiHoSo": 12, "NgayHenTra": "2026-10-14"})
    assert {e["field"] for e in errors} == {"MaHoSo", "TrangThaiHoSo", "NgayHenTra"}


@pytest.mark.django_db
def test_it_dead_letters_when_the_portal_refuses_the_sender(portal: PortalStandin) -> None:
    with override_settings(MOTCUA_PORTAL_TOKEN="wrong"):
        outbox.enqueue(topic="portal.status_sync", key="portal:auth", payload=record(2))
        assert outbox.deliver_due().dead == 1
    assert "HTTP 401" in OutboxMessage.objects.get(key="portal:auth").last_error


@pytest.mark.django_db
def test_it_retries_when_the_portal_cannot_be_reached() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(MOTCUA_PORTAL_URL=f"http://127.0.0.1:{port}/dongbohoso"):
        outbox.enqueue(topic="portal.status_sync", key="portal:down", payload=record(2))
        assert outbox.deliver_due().retried == 1
    message = OutboxMessage.objects.get(key="portal:down")
    assert message.status == MessageStatus.PENDING
    assert "TransientError" in message.last_error


@pytest.mark.django_db
@override_settings(MOTCUA_PORTAL_URL="")
def test_it_records_the_sync_as_skipped_while_the_portal_is_off() -> None:
    outbox.enqueue(topic="portal.status_sync", key="portal:off", payload=record(2))
    assert outbox.deliver_due().skipped == 1
    message = OutboxMessage.objects.get(key="portal:off")
    assert message.status == MessageStatus.SKIPPED
    assert "MOTCUA_PORTAL_URL" in message.result["skipped"]
