"""The outbox handlers this app provides: Portal status sync, e-mail and SMS.

Each receives the claimed `OutboxMessage` and passes its `key` on, so a receiver that gets a
message twice (delivery is at least once) can recognise the repeat.
"""

from __future__ import annotations

import hashlib
from typing import Any

import structlog
from django.core.mail import EmailMessage

from motcua.integrations import outbox, portal
from motcua.integrations.choices import Topic
from motcua.integrations.models import OutboxMessage
from motcua.integrations.outbox import PermanentError
from motcua.integrations.rules import mask_email
from motcua.integrations.sms import get_sms_backend

log = structlog.get_logger("motcua.integrations.handlers")


def _require(payload: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if not payload.get(name)]
    if missing:
        raise PermanentError(f"payload lacks {', '.join(missing)}")


@outbox.handler(Topic.PORTAL_STATUS_SYNC.value)
def sync_portal_status(message: OutboxMessage) -> dict[str, Any]:
    """Push a dossier's status to the National Public Service Portal (skipped when the sync is off)."""
    _require(message.payload, "MaHoSo", "TrangThaiHoSo")
    return portal.push_status(dict(message.payload), key=message.key)


def message_id_for(key: str) -> str:
    """A stable Message-ID per outbox key: mail servers and clients drop a repeated delivery."""
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@motcua.outbox>"


@outbox.handler(Topic.NOTIFY_EMAIL.value)
def send_email(message: OutboxMessage) -> dict[str, Any]:
    """Send `{to, subject, body}` through Django's configured e-mail backend (SMTP in production)."""
    payload = message.payload
    _require(payload, "to", "subject", "body")
    recipients = [payload["to"]] if isinstance(payload["to"], str) else list(payload["to"])
    email = EmailMessage(
        subject=str(payload["subject"]),
        body=str(payload["body"]),
        to=recipients,
        headers={"Message-ID": message_id_for(message.key), "X-Motcua-Key": message.key},
    )
    sent = email.send(fail_silently=False)
    log.info("email.sent", to=[mask_email(r) for r in recipients], key=message.key, sent=sent)
    return {"sent": sent, "to": [mask_email(r) for r in recipients]}


@outbox.handler(Topic.NOTIFY_SMS.value)
def send_sms(message: OutboxMessage) -> dict[str, Any]:
    """Send `{to, text}` through the SMS adapter chosen by `MOTCUA_SMS_BACKEND`."""
    _require(message.payload, "to", "text")
    return get_sms_backend().send(to=str(message.payload["to"]), text=str(message.payload["text"]), key=message.key)
