"""`motcua generate` (issue 11, scale): synthetic dossiers whose events, codes and counters are
what the real actions would have written (RULES.md §3, §6; DESIGN.md "Scale")."""

from __future__ import annotations

import re
from collections import Counter as Tally
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from motcua.dossiers.models import CodeCounter, Dossier
from motcua.dossiers.replay import matches
from motcua.metrics import rebuild, selectors
from motcua.metrics.generate import Options, generate
from motcua.metrics.models import Counter, MonthCounter

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=VN)
CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}-\d{6}-\d{4}$")


@pytest.fixture
def generated(db: Any) -> Any:
    return generate(Options(dossiers=300, seed=7, year=2026, now=NOW))


def test_it_creates_the_dossiers_asked_for_with_their_events(generated: Any) -> None:
    ours = Dossier.objects.filter(idempotency_key__startswith="gen-7-")
    assert generated.dossiers == ours.count() == 300
    assert generated.events == sum(ours.annotate(n=Count("events")).values_list("n", flat=True))
    assert ours.filter(applicant_name__startswith="Dữ liệu mẫu").count() == 300
    assert ours.values("province_code").distinct().count() > 10  # spread across the country
    statuses = Tally(ours.values_list("status", flat=True))
    assert statuses[10] > 200  # mostly returned, some still open
    assert ours.filter(submitted_at__year=2026).count() == 300
    assert not ours.filter(submitted_at__gt=NOW).exists()


def test_it_numbers_the_dossiers_like_the_accept_action(generated: Any) -> None:
    codes = list(Dossier.objects.exclude(code=None).values_list("code", "processing_agency__identifier", "accepted_at"))
    assert codes and len({c for c, _i, _a in codes}) == len(codes)
    for code, identifier, accepted in codes:
        assert CODE.match(code), code
        assert code.startswith(f"{identifier}-{accepted.astimezone(VN):%y%m%d}-")
    # the daily counters hold the last number issued
    last = Tally()
    for code, _i, _a in codes:
        prefix, number = code.rsplit("-", 1)
        last[prefix] = max(last[prefix], int(number))
    for row in CodeCounter.objects.select_related("agency"):
        assert last[f"{row.agency.identifier}-{row.day:%y%m%d}"] == row.last


def test_it_writes_events_that_fold_back_into_each_dossier(generated: Any) -> None:
    for dossier in Dossier.objects.order_by("pk")[:120]:
        assert matches(dossier), dossier.pk


def test_it_keeps_the_counters_the_events_say(generated: Any) -> None:
    assert rebuild.differences() == []
    call_command("metrics", "verify", "--no-progress")
    assert Counter.objects.exists() and MonthCounter.objects.exists()


def test_the_index_and_the_report_of_a_province_have_figures(generated: Any, personas: Any) -> None:
    province = (
        Dossier.objects.values("province_code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("province_code", flat=True)[0]
    )
    answer = selectors.index_for(
        personas.supervisor, unit=f"province:{province}", start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    progress = next(s for s in answer.indicators if s.code == "2.1")
    assert progress.denominator > 0 and progress.score > 0
    assert answer.total > 0
    _unit, _period, rows = selectors.report(
        personas.supervisor,
        unit=f"province:{province}",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        group_by="commune",
    )
    assert sum(r.received for r in rows) == Dossier.objects.filter(province_code=province).count()


def test_it_is_deterministic_and_adds_after_what_is_there(db: Any) -> None:
    first = generate(Options(dossiers=60, provinces=["38", "33"], seed=3, now=NOW))
    before = list(
        Dossier.objects.order_by("pk").values_list("province_code", "procedure_code", "status", "submitted_at")
    )
    second = generate(Options(dossiers=60, provinces=["38", "33"], seed=3, now=NOW))
    after = list(
        Dossier.objects.order_by("pk").values_list("province_code", "procedure_code", "status", "submitted_at")
    )
    assert first.dossiers == second.dossiers == 60
    assert after[60:] == before  # the same seed draws the same dossiers again
    assert {p for p, *_ in after} == {"38", "33"}
    assert Dossier.objects.values("code").exclude(code=None).annotate(n=Count("pk")).aggregate(m=Max("n"))["m"] == 1
    assert rebuild.differences() == []


@pytest.mark.postgres
def test_side_by_side_workers_draw_the_same_dossiers_as_one(transactional_db: Any) -> None:
    """Provinces in two processes (their own connections and transactions) give what one process
    gives for the same seed: the same dossiers, distinct ids and codes, counters equal to events."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    assert not connection.in_atomic_block  # else generate() stays in one process
    shape = ("province_code", "procedure_code", "status", "submitted_at", "channel")
    one = generate(Options(dossiers=120, provinces=["38", "33", "01"], seed=5, now=NOW, workers=1))
    two = generate(Options(dossiers=120, provinces=["38", "33", "01"], seed=5, now=NOW, workers=2))
    assert (one.dossiers, one.events, one.counters) == (two.dossiers, two.events, two.counters)
    serial = {d.pk: int(d.idempotency_key.rsplit("-", 1)[1]) for d in Dossier.objects.only("idempotency_key")}
    halves: dict[bool, list[Any]] = {False: [], True: []}
    for row in Dossier.objects.values_list("pk", *shape):
        halves[serial[row[0]] >= 120].append(row[1:])
    assert sorted(halves[False]) == sorted(halves[True]) and len(halves[True]) == 120
    assert Dossier.objects.values("code").exclude(code=None).annotate(n=Count("pk")).aggregate(m=Max("n"))["m"] == 1
    assert rebuild.differences() == []
