"""System checks: a switched-on integration without its settings stops the start-up."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from motcua.integrations.choices import SmsBackend


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@register("integrations")
def check_integrations(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    backend = settings.MOTCUA_SMS_BACKEND
    if backend not in SmsBackend.values:
        errors.append(
            Error(
                f"MOTCUA_SMS_BACKEND={backend!r} is not one of: {', '.join(SmsBackend.values)}.",
                id="integrations.E001",
            )
        )
    if backend == SmsBackend.HTTP and not _is_http_url(settings.MOTCUA_SMS_URL):
        errors.append(
            Error(
                "MOTCUA_SMS_BACKEND=http needs MOTCUA_SMS_URL, the gateway's http(s) URL.",
                hint="Set MOTCUA_SMS_URL, or MOTCUA_SMS_BACKEND=log to keep SMS in the log.",
                id="integrations.E002",
            )
        )
    if settings.MOTCUA_PORTAL_URL and not _is_http_url(settings.MOTCUA_PORTAL_URL):
        errors.append(
            Error(
                f"MOTCUA_PORTAL_URL={settings.MOTCUA_PORTAL_URL!r} is not an http(s) URL.",
                hint="Leave it empty to keep the National Portal sync off.",
                id="integrations.E003",
            )
        )
    if settings.MOTCUA_OUTBOX_MAX_ATTEMPTS < 1:
        errors.append(Error("MOTCUA_OUTBOX_MAX_ATTEMPTS must be at least 1.", id="integrations.E004"))
    base, cap = settings.MOTCUA_OUTBOX_BACKOFF_BASE, settings.MOTCUA_OUTBOX_BACKOFF_MAX
    if base < 1 or cap < base:
        errors.append(
            Error(
                "MOTCUA_OUTBOX_BACKOFF_BASE must be ≥ 1 second and MOTCUA_OUTBOX_BACKOFF_MAX ≥ the base.",
                id="integrations.E005",
            )
        )
    slowest_call = max(settings.MOTCUA_HTTP_TIMEOUT, settings.EMAIL_TIMEOUT or 0)
    if 2 * slowest_call >= settings.MOTCUA_OUTBOX_LEASE:
        errors.append(
            Error(
                f"MOTCUA_OUTBOX_LEASE ({settings.MOTCUA_OUTBOX_LEASE} s) must exceed twice the slowest delivery "
                f"timeout ({slowest_call} s), or a live worker's messages could be taken by another.",
                id="integrations.E006",
            )
        )
    return errors
