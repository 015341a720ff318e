"""One answer for "overdue" (issue 16): `rules.is_overdue` and `rules.overdue_q`, asked by the
workspace filter and badge, the deadline job, the API and the ministry's pre-visit brief."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.dossiers import jobs, rules, selectors
from motcua.dossiers.choices import Status
from motcua.dossiers.models import Dossier, DossierAlert
from motcua.dossiers.tests.conftest import radio_certificate_body

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2027, 1, 20, 9, 0, tzinfo=VN)


@pytest.mark.parametrize(
    ("status", "appointment", "expected"),
    [
        (Status.ACCEPTED, NOW - timedelta(minutes=1), True),
        (Status.IN_PROGRESS, NOW - timedelta(days=3), True),
        (Status.IN_PROGRESS, NOW, False),  # due this very moment: not yet late
        (Status.ACCEPTED, NOW + timedelta(hours=1), False),
        (Status.SUPPLEMENT, NOW - timedelta(days=3), False),  # waiting for the applicant: clock stopped
        (Status.PAYMENT, NOW - timedelta(days=3), False),  # waiting for the fee: clock stopped
        (Status.SUBMITTED, None, False),  # not accepted: no clock yet
        (Status.PROCESSED, NOW - timedelta(days=3), False),  # finished: judged by its end, not by now
        (Status.STOPPED, NOW - timedelta(days=3), False),
        (Status.IN_PROGRESS, None, False),
    ],
)
def test_it_counts_only_a_running_clock_past_its_appointment_as_overdue(
    status: int, appointment: datetime | None, expected: bool
) -> None:
    """RULES.md §3 (Decision 766): a pending supplement request stops the clock; so does a payment
    request (Decree 118). Only statuses 2 and 4 run the clock."""
    assert rules.is_overdue(status, appointment, NOW) is expected


# status, appointment relative to NOW (None: no appointment), overdue by the rule
CASES: list[tuple[int, timedelta | None, bool]] = [
    (Status.ACCEPTED, -timedelta(days=2), True),
    (Status.IN_PROGRESS, -timedelta(hours=1), True),
    (Status.SUPPLEMENT, -timedelta(days=2), False),
    (Status.PAYMENT, -timedelta(days=2), False),
    (Status.IN_PROGRESS, timedelta(days=10), False),
    (Status.PROCESSED, -timedelta(days=2), False),
    (Status.SUBMITTED, None, False),
]


@pytest.mark.django_db
def test_every_caller_agrees_on_which_dossiers_are_overdue(apis: Any, personas: Any) -> None:
    """The list filter, the list's red badge, the API filter, the deadline job's alerts and the
    ministry's brief count give the same set — a dossier waiting for a supplement past its
    appointment is in none of them (issue 16)."""
    from motcua.oversight import live

    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=False):
        ids = []
        for i, _case in enumerate(CASES):
            made = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": f"ov-{i}"})
            dossier = made.json()
            if i != len(CASES) - 1:
                apis.counter_province.act(dossier, "accept")
            ids.append(dossier["id"])
    for pk, (status, offset, _late) in zip(ids, CASES, strict=True):
        Dossier.objects.filter(pk=pk).update(status=status, appointment_at=None if offset is None else NOW + offset)
    expected = {pk for pk, (_s, _o, late) in zip(ids, CASES, strict=True) if late}
    assert len(expected) == 2

    by_rule = {d.pk for d in Dossier.objects.filter(pk__in=ids) if rules.is_overdue(d.status, d.appointment_at, NOW)}
    by_q = set(Dossier.objects.filter(rules.overdue_q(NOW), pk__in=ids).values_list("pk", flat=True))
    with time_machine.travel(NOW, tick=False):
        user = personas.counter_province
        listed = set(selectors.dossier_list(user, selectors.DossierFilter(overdue=True)).values_list("pk", flat=True))
        not_listed = set(
            selectors.dossier_list(user, selectors.DossierFilter(overdue=False)).values_list("pk", flat=True)
        )
        client = Client()
        client.force_login(user)
        html = client.get("/vi/ho-so/").content.decode()
        badged = {int(pk) for pk in re.findall(r'data-id="(\d+)" data-overdue="1"', html)}
        queue = re.search(r'data-queue="overdue=1".*?data-count="(\d+)"', html, re.S)
        api = {d["id"] for d in apis.counter_province.get("/api/v1/dossiers", overdue="true").json()["items"]}
        _columns, rows = live.overdue_by_field(province_code="38", date_from=NOW.date(), date_to=NOW.date())
    assert jobs.scan_deadlines(NOW) >= len(expected)
    alerted = set(DossierAlert.objects.filter(kind="overdue").values_list("dossier_id", flat=True))

    assert by_rule == by_q == listed == badged == api == alerted == expected
    assert not_listed == set(ids) - expected
    assert queue is not None and int(queue.group(1)) == len(expected)
    assert sum(r["overdue"] for r in rows) == len(expected)
