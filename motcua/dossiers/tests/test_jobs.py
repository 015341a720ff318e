"""The worker's dossier jobs: overdue and due-soon alerts, stuck dossiers, the 15-day
closure of unanswered supplement requests, the 8-working-hour online acceptance flag."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers import jobs
from motcua.dossiers.models import Dossier, DossierAlert
from motcua.dossiers.tests.conftest import radio_certificate_body

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def at(text: str) -> Any:
    return time_machine.travel(moment(text), tick=False)


def submitted(apis: Any, key: str) -> dict[str, Any]:
    return apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": key}).json()


def test_an_online_dossier_not_acted_on_within_8_working_hours_is_flagged(apis: Any) -> None:
    """Decree 118 Art. 17.2: accept or ask for completion within 8 working hours."""
    with at("2026-12-07 09:00"):
        dossier = submitted(apis, "o-1")
    assert jobs.flag_online_late(moment("2026-12-07 16:59")) == 0
    assert jobs.flag_online_late(moment("2026-12-08 09:30")) == 1
    stored = Dossier.objects.get(pk=dossier["id"])
    assert stored.online_flagged_at is not None and stored.status == 1
    assert stored.events.last().action == "flag-online-late"
    assert jobs.flag_online_late(moment("2026-12-08 10:30")) == 0  # once


def test_an_unanswered_supplement_request_closes_the_dossier_after_15_days(apis: Any) -> None:
    """Decree 118 Art. 19.5."""
    with at("2026-12-07 09:00"):
        dossier = submitted(apis, "c-1")
        dossier = apis.counter_province.act(dossier, "accept").json()
        dossier = apis.specialist.act(dossier, "claim").json()
        apis.specialist.act(dossier, "request-supplement", reason="Thiếu bản sao giấy phép kinh doanh")
    assert jobs.close_unanswered(moment("2026-12-21 09:00")) == 0
    assert jobs.close_unanswered(moment("2026-12-22 09:30")) == 1
    stored = Dossier.objects.get(pk=dossier["id"])
    assert stored.status == 8 and stored.events.last().action == "close-unanswered"


def test_overdue_due_soon_and_stuck_alerts_are_raised_once_a_day(apis: Any) -> None:
    with at("2026-12-07 09:00"):
        dossier = submitted(apis, "d-1")
        apis.counter_province.act(dossier, "accept")
    assert jobs.scan_deadlines(moment("2026-12-18 09:00")) == 1  # due Monday 21st: within a working day
    assert DossierAlert.objects.get().kind == "due_soon"
    assert jobs.scan_deadlines(moment("2026-12-18 10:00")) == 0
    assert jobs.scan_deadlines(moment("2026-12-22 09:00")) == 1
    assert DossierAlert.objects.filter(kind="overdue").count() == 1
    assert jobs.scan_stuck(moment("2026-12-10 09:00")) == 1  # accepted Monday, nothing since


def test_a_late_paper_transfer_is_flagged(apis: Any) -> None:
    with at("2026-12-07 15:30"):
        dossier = apis.counter_commune.post(
            "/api/v1/dossiers", radio_certificate_body(channel=1), **{"Idempotency-Key": "p-1"}
        ).json()
        apis.counter_commune.act(dossier, "accept")
    assert jobs.scan_paper_transfers(moment("2026-12-08 09:00")) == 0
    assert jobs.scan_paper_transfers(moment("2026-12-10 09:00")) == 1


def test_the_jobs_are_registered_with_the_worker() -> None:
    from motcua.integrations import periodic

    assert {"dossiers.deadlines", "dossiers.stuck", "dossiers.close_unanswered", "dossiers.online_late"} <= set(
        periodic.registered()
    )
