"""Pure rules: backoff, masking and the Portal's record shape (RULES.md §2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.integrations.rules import backoff_delay, mask_email, mask_phone, portal_datetime, portal_payload


@given(attempt=st.integers(min_value=1, max_value=200), jitter=st.floats(min_value=0, max_value=1))
def test_it_keeps_each_backoff_between_half_and_all_of_the_capped_exponential_step(attempt: int, jitter: float) -> None:
    step = min(3600.0, 30.0 * 2 ** min(attempt - 1, 62))
    delay = backoff_delay(attempt, base=30, cap=3600, jitter=jitter).total_seconds()
    assert step / 2 - 1e-6 <= delay <= step + 1e-6


def test_it_grows_the_shortest_wait_with_each_attempt_until_the_cap() -> None:
    shortest = [backoff_delay(n, base=30, cap=3600, jitter=0.0) for n in range(1, 10)]
    assert shortest[:4] == [timedelta(seconds=s) for s in (15, 30, 60, 120)]
    assert shortest[-1] == timedelta(seconds=1800)
    assert backoff_delay(3, base=30, cap=3600, jitter=1.0) == timedelta(seconds=120)


def test_it_refuses_a_zeroth_attempt() -> None:
    with pytest.raises(ValueError):
        backoff_delay(0, base=30, cap=60, jitter=0.5)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("0912345678", "*******678"), ("+84 912 345 678", "+** *** *** 678"), ("113", "***"), ("", "")],
)
def test_it_masks_phone_numbers_for_logs(phone: str, masked: str) -> None:
    """DESIGN.md: personal data (phones) is masked in lists and logs."""
    assert mask_phone(phone) == masked


def test_it_masks_email_addresses_for_logs() -> None:
    assert mask_email("nguyenvana@example.vn") == "n*********@example.vn"


def test_it_writes_portal_times_in_hanoi_time() -> None:
    """RULES.md §2: dates are yyyyMMddHHmmss, Asia/Ho_Chi_Minh."""
    assert portal_datetime(datetime(2026, 2, 13, 9, 55, 0, tzinfo=UTC)) == "20260213165500"
    assert portal_datetime(None) == ""
    with pytest.raises(ValueError):
        portal_datetime(datetime(2026, 2, 13, 9, 55))


def test_it_builds_the_portal_record_with_only_the_known_fields() -> None:
    record = portal_payload(
        dossier_code="000.00.01.H26-260930-0012",
        procedure_code="1.012345",
        status=2,
        channel=1,
        received_at=datetime(2026, 9, 30, 1, 15, tzinfo=UTC),
        due_at=datetime(2026, 10, 14, 9, 0, tzinfo=UTC),
        applicant_name="Nguyễn Văn A",
        extra={"TaiLieuNop": [{"TenTepDinhKem": "don.pdf"}]},
    )
    assert record == {
        "MaHoSo": "000.00.01.H26-260930-0012",
        "MaTTHC": "1.012345",
        "TrangThaiHoSo": 2,
        "HinhThuc": 1,
        "NgayTiepNhan": "20260930081500",
        "NgayHenTra": "20261014160000",
        "ChuHoSo": "Nguyễn Văn A",
        "TaiLieuNop": [{"TenTepDinhKem": "don.pdf"}],
    }


def test_it_refuses_a_status_outside_the_portals_ten() -> None:
    with pytest.raises(ValueError):
        portal_payload(dossier_code="X", procedure_code="Y", status=11, channel=2, received_at=None, due_at=None)


def test_it_keeps_retrying_through_a_day_long_outage_with_the_default_settings() -> None:
    """docs/configuration.md: with the defaults the last attempt comes about 19–39 hours after the first."""
    from django.conf import settings

    waits = [
        backoff_delay(
            n, base=settings.MOTCUA_OUTBOX_BACKOFF_BASE, cap=settings.MOTCUA_OUTBOX_BACKOFF_MAX, jitter=j
        ).total_seconds()
        for j in (0.0, 1.0)
        for n in range(1, settings.MOTCUA_OUTBOX_MAX_ATTEMPTS)
    ]
    shortest, longest = sum(waits[: len(waits) // 2]), sum(waits[len(waits) // 2 :])
    assert shortest >= 19 * 3600 and longest <= 39 * 3600
