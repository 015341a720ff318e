"""Indicator 1.4 (dossiers synced to the Portal in real time), over real HTTP to the Portal's
local stand-in: the worker's delivery of a submission's status is what counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test.utils import override_settings

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import radio_certificate_body
from motcua.integrations import outbox
from motcua.integrations.standin import PortalStandin
from motcua.metrics import rebuild
from motcua.metrics.models import Counter

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def portal() -> Iterator[PortalStandin]:
    with (
        PortalStandin(token="s3cret") as standin,
        override_settings(MOTCUA_PORTAL_URL=standin.url, MOTCUA_PORTAL_TOKEN="s3cret"),
    ):
        yield standin


def total(measure: str) -> int:
    return sum(Counter.objects.values_list(measure, flat=True))


def test_a_submission_synced_within_minutes_counts_in_time_and_a_late_one_does_not(
    apis: Any, portal: PortalStandin
) -> None:
    start = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
    with time_machine.travel(start, tick=False):
        first = apis.counter_province.post(
            "/api/v1/dossiers", radio_certificate_body(channel=1), **{"Idempotency-Key": "a"}
        )
        assert first.status_code == 201
        assert outbox.deliver_due(now=start + timedelta(minutes=2)).delivered >= 1
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        second = apis.counter_province.post(
            "/api/v1/dossiers", radio_certificate_body(channel=1), **{"Idempotency-Key": "b"}
        )
        assert second.status_code == 201
        # The worker was down for an hour: the second submission reaches the Portal late.
        assert outbox.deliver_due(now=start + timedelta(hours=2)).delivered >= 1
    synced = dict(Dossier.objects.values_list("pk", "portal_synced_in_time"))
    assert synced == {first.json()["id"]: True, second.json()["id"]: False}
    assert (total("synced"), total("synced_in_time")) == (2, 1)
    assert rebuild.differences() == []
    with time_machine.travel(start + timedelta(days=1), tick=False):
        index = apis.supervisor.get(
            "/api/v1/metrics/index", unit="province:38", **{"from": "2026-12-01", "to": "2026-12-31"}
        )
    score = next(s for g in index.json()["groups"] for s in g["indicators"] if s["code"] == "1.4")
    assert (score["numerator"], score["denominator"], score["score"]) == ("1", "2", "3.00")
