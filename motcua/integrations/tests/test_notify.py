"""E-mail and SMS delivery (issue 7 item 7: e-mail through Django's SMTP backend, SMS through an adapter)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test.utils import override_settings

from motcua.integrations import outbox
from motcua.integrations.checks import check_integrations
from motcua.integrations.choices import MessageStatus
from motcua.integrations.handlers import message_id_for
from motcua.integrations.models import OutboxMessage


@pytest.mark.django_db
def test_it_sends_email_with_a_message_id_derived_from_the_key() -> None:
    """Receivers (mail servers, clients) recognise a repeated delivery by its Message-ID."""
    outbox.enqueue(
        topic="notify.email",
        key="email:dossier-7:returned",
        payload={"to": "nguyenvana@example.vn", "subject": "Hồ sơ đã có kết quả", "body": "Mời ông/bà đến nhận."},
    )
    assert outbox.deliver_due().delivered == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["nguyenvana@example.vn"]
    assert sent.subject == "Hồ sơ đã có kết quả"
    assert sent.extra_headers["Message-ID"] == message_id_for("email:dossier-7:returned")
    message = OutboxMessage.objects.get(key="email:dossier-7:returned")
    assert message.result == {"sent": 1, "to": ["n*********@example.vn"]}


@pytest.mark.django_db
def test_it_logs_sms_with_the_phone_number_masked(caplog: pytest.LogCaptureFixture) -> None:
    """DESIGN.md: phones are masked in logs; the default SMS backend only logs."""
    caplog.set_level(logging.INFO, logger="motcua.integrations.sms")
    outbox.enqueue(topic="notify.sms", key="sms:1", payload={"to": "0912345678", "text": "Ho so da co ket qua"})
    assert outbox.deliver_due().delivered == 1
    assert "*******678" in caplog.text
    assert "0912345678" not in caplog.text
    message = OutboxMessage.objects.get(key="sms:1")
    assert message.result == {"backend": "log", "to": "*******678"}
    assert "0912345678" not in json.dumps(message.result)


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Gateway.received.append({"body": body, "auth": self.headers.get("Authorization")})
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


@pytest.fixture
def gateway() -> Iterator[str]:
    _Gateway.received = []
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_it_posts_sms_to_the_http_gateway_with_the_key(gateway: str) -> None:
    with override_settings(MOTCUA_SMS_BACKEND="http", MOTCUA_SMS_URL=gateway, MOTCUA_SMS_TOKEN="tok"):
        outbox.enqueue(topic="notify.sms", key="sms:2", payload={"to": "0912345678", "text": "Xin chao"})
        assert outbox.deliver_due().delivered == 1
    assert _Gateway.received == [
        {"body": {"to": "0912345678", "text": "Xin chao", "id": "sms:2"}, "auth": "Bearer tok"}
    ]
    assert OutboxMessage.objects.get(key="sms:2").status == MessageStatus.DELIVERED


@override_settings(MOTCUA_SMS_BACKEND="http", MOTCUA_SMS_URL="")
def test_it_fails_the_start_up_checks_when_http_sms_has_no_url() -> None:
    """STYLE.md §7: integrations fail at start-up if switched on without their settings."""
    errors = check_integrations()
    assert [e.id for e in errors] == ["integrations.E002"]
    assert all(isinstance(e, Error) for e in errors)
    with pytest.raises(SystemCheckError, match="MOTCUA_SMS_URL"):
        call_command("check")


@override_settings(MOTCUA_SMS_BACKEND="carrier-pigeon", MOTCUA_PORTAL_URL="ftp://portal")
def test_it_names_every_bad_integration_setting() -> None:
    assert [e.id for e in check_integrations()] == ["integrations.E001", "integrations.E003"]


def test_it_passes_the_checks_with_the_defaults() -> None:
    assert check_integrations() == []
