"""The National Public Service Portal (Cổng Dịch vụ công quốc gia) status-sync adapter.

The contract (docs/decisions/0063-portal-sync-contract.md; the stand-in in `standin/`
implements it): one POST per status change to `MOTCUA_PORTAL_URL`, JSON body
`{"service": "DongBoHoSoMC", "isUpdating": bool, "data": [record]}` where `record` holds the
Portal's fields (MaHoSo, MaTTHC, TrangThaiHoSo, NgayTiepNhan, NgayHenTra, … — dates
`yyyyMMddHHmmss`, Asia/Ho_Chi_Minh), header `Idempotency-Key` = the outbox key. The Portal
answers HTTP 200 `{"error_code": 0, "message": …}` when it took the record, and
`{"error_code": <non-zero>, "message": …, "errors": [...]}` (HTTP 400) when it refused it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from motcua.integrations.outbox import PermanentError, Skip
from motcua.integrations.transport import TransientError, post_json

SERVICE = "DongBoHoSoMC"


def portal_enabled() -> bool:
    return bool(settings.MOTCUA_PORTAL_URL)


def sync_request_body(record: dict[str, Any], *, updating: bool = True) -> dict[str, Any]:
    return {"service": SERVICE, "isUpdating": updating, "data": [record]}


def push_status(record: dict[str, Any], *, key: str) -> dict[str, Any]:
    """Send one dossier record to the Portal; returns what the Portal answered.

    Raises `Skip` when the sync is switched off, `PermanentError` when the Portal refuses the
    record, `TransientError` when it cannot be reached or fails on its side.
    """
    if not portal_enabled():
        raise Skip("MOTCUA_PORTAL_URL is not set: the National Portal sync is off")
    response = post_json(
        settings.MOTCUA_PORTAL_URL,
        sync_request_body(record, updating=int(record.get("TrangThaiHoSo", 0) or 0) != 1),
        key=key,
        token=settings.MOTCUA_PORTAL_TOKEN,
    )
    body = response.body if isinstance(response.body, dict) else {}
    code = body.get("error_code")
    if str(code) != "0":
        # A 200 with an error code is the Portal refusing the content, not an outage.
        if response.status >= 500:
            raise TransientError(f"Portal HTTP {response.status}")
        raise PermanentError(f"Portal refused the record: {body.get('message') or response.body!r}")
    return {"portal": {"status": response.status, "message": body.get("message", ""), **_extra(body)}}


def _extra(body: dict[str, Any]) -> dict[str, Any]:
    return {name: body[name] for name in ("duplicate", "receipt") if name in body}
