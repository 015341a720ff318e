"""Pure rules of the integrations app: retry backoff, masking, the Portal's payload shape. No database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PORTAL_DATETIME_FORMAT = "%Y%m%d%H%M%S"  # the Portal's yyyyMMddHHmmss, legal time


# --- retries ---------------------------------------------------------------------------------


def backoff_delay(attempt: int, *, base: float, cap: float, jitter: float) -> timedelta:
    """The wait before retry number `attempt` (1 = the first retry after one failure).

    Exponential (base · 2^(attempt-1), capped at `cap`) with "equal jitter": the wait is half the
    exponential step plus a random share (`jitter` in [0, 1)) of the other half, so retries of
    many messages that failed together (a Portal outage) spread out, yet each wait still grows.
    """
    if attempt < 1:
        raise ValueError("attempt starts at 1")
    if not 0.0 <= jitter <= 1.0:
        raise ValueError("jitter is a fraction in [0, 1]")
    # Cap the exponent first so a large attempt number cannot overflow.
    step = min(float(cap), float(base) * (2.0 ** min(attempt - 1, 62)))
    return timedelta(seconds=step / 2.0 + jitter * step / 2.0)


# --- masking ---------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d")


def mask_phone(phone: str) -> str:
    """A phone number fit for logs: only the last three digits stay ("0912345678" → "*******678")."""
    digits = [ch for ch in phone if ch.isdigit()]
    if len(digits) <= 3:
        return "*" * len(phone)
    keep = len(digits) - 3
    out = []
    seen = 0
    for ch in phone:
        if ch.isdigit():
            out.append("*" if seen < keep else ch)
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def mask_email(address: str) -> str:
    """An e-mail address fit for logs: "nguyenvana@example.vn" → "n*********@example.vn"."""
    local, sep, domain = address.partition("@")
    if not sep:
        return "*" * len(address)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


# --- the National Public Service Portal ------------------------------------------------------


def portal_datetime(value: datetime | None) -> str:
    """An aware datetime as the Portal writes it: `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh ("" for none)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        raise ValueError("the Portal's times are legal (Asia/Ho_Chi_Minh) times: pass an aware datetime")
    return value.astimezone(PORTAL_TZ).strftime(PORTAL_DATETIME_FORMAT)


def portal_payload(
    *,
    dossier_code: str,
    procedure_code: str,
    status: int,
    channel: int,
    received_at: datetime | None,
    due_at: datetime | None,
    returned_at: datetime | None = None,
    finished_at: datetime | None = None,
    procedure_name: str = "",
    field_code: str = "",
    applicant_name: str = "",
    applicant_kind: int | None = None,
    applicant_phone: str = "",
    summary: str = "",
    processing_unit: str = "",
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The Portal's dossier record (DESIGN.md §2 field names) for `portal.status_sync`.

    Only fields with a value are written, so a status change that knows fewer facts does not
    blank what the Portal already holds. `extra` carries lists (TaiLieuNop, DanhSachLePhi, …)
    and progress fields (NguoiXuLy, NoiDungXuLy, …) as they are.
    """
    if not 1 <= int(status) <= 10:
        raise ValueError("TrangThaiHoSo is one of the Portal's ten statuses (1..10)")
    if int(channel) not in (1, 2, 3):
        raise ValueError("HinhThuc (channel) is 1 in person, 2 online or 3 by post")
    record: dict[str, Any] = {
        "MaHoSo": dossier_code,
        "MaTTHC": procedure_code,
        "TrangThaiHoSo": int(status),
        "HinhThuc": int(channel),
        "NgayTiepNhan": portal_datetime(received_at),
        "NgayHenTra": portal_datetime(due_at),
        "NgayTra": portal_datetime(returned_at),
        "NgayKetThucXuLy": portal_datetime(finished_at),
        "TenTTHC": procedure_name,
        "MaLinhVuc": field_code,
        "ChuHoSo": applicant_name,
        "LoaiDoiTuong": applicant_kind,
        "SoDienThoai": applicant_phone,
        "TrichYeuHoSo": summary,
        "DonViXuLy": processing_unit,
    }
    record = {name: value for name, value in record.items() if value not in ("", None)}
    if extra:
        record.update(extra)
    return record
