"""SMS adapters, chosen by `MOTCUA_SMS_BACKEND`: `log` (default, sends nothing) or `http`."""

from __future__ import annotations

from typing import Any, Protocol

import structlog
from django.conf import settings

from motcua.integrations.choices import SmsBackend
from motcua.integrations.rules import mask_phone
from motcua.integrations.transport import TransientError, post_json

log = structlog.get_logger("motcua.integrations.sms")


class SmsSender(Protocol):
    name: str

    def send(self, *, to: str, text: str, key: str) -> dict[str, Any]: ...


class LogSmsBackend:
    """Writes the message to the log instead of sending it, with the phone number masked."""

    name = SmsBackend.LOG.value

    def send(self, *, to: str, text: str, key: str) -> dict[str, Any]:
        log.info("sms.logged", to=mask_phone(to), key=key, chars=len(text), text=text)
        return {"backend": self.name, "to": mask_phone(to)}


class HttpSmsBackend:
    """POSTs `{"to", "text", "id"}` as JSON to the operator's gateway at `MOTCUA_SMS_URL`
    (bearer `MOTCUA_SMS_TOKEN` when set); `id` is the outbox key, for the gateway to drop repeats."""

    name = SmsBackend.HTTP.value

    def __init__(self, *, url: str, token: str = "") -> None:
        self.url = url
        self.token = token

    def send(self, *, to: str, text: str, key: str) -> dict[str, Any]:
        response = post_json(self.url, {"to": to, "text": text, "id": key}, key=key, token=self.token)
        if not 200 <= response.status < 300:
            raise TransientError(f"SMS gateway answered HTTP {response.status}")
        log.info("sms.sent", to=mask_phone(to), key=key, status=response.status)
        return {"backend": self.name, "to": mask_phone(to), "status": response.status}


def get_sms_backend() -> SmsSender:
    """The configured SMS adapter (the system check has already refused a bad configuration)."""
    name = settings.MOTCUA_SMS_BACKEND
    if name == SmsBackend.HTTP:
        return HttpSmsBackend(url=settings.MOTCUA_SMS_URL, token=settings.MOTCUA_SMS_TOKEN)
    if name == SmsBackend.LOG:
        return LogSmsBackend()
    raise ValueError(f"MOTCUA_SMS_BACKEND must be one of {', '.join(SmsBackend.values)}, got {name!r}")
