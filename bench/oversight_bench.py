"""Oversight at national scale: the synthesis, the daily reminder run and a scoped page of the
recommendation list, over a campaign with N recommendations across the 34 provinces.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_oversight
.venv/bin/python -m bench.oversight_bench [--n 20000]` (the database is migrated and the
reference data loaded first; SQLite works too). The bench campaign is marked as such
(`code` starts with "bench-") and replaced on every run. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import date, timedelta
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_DEBUG", "1")
os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from motcua.core.pagination import keyset_page  # noqa: E402
from motcua.core.setup import REFERENCE_STEPS, steps  # noqa: E402
from motcua.geo.models import Province  # noqa: E402
from motcua.org.models import Agency, User  # noqa: E402
from motcua.org.tests.personas import make_personas  # noqa: E402
from motcua.oversight import actions, selectors  # noqa: E402
from motcua.oversight.choices import AddresseeKind, Field, RecommendationStatus, Theme  # noqa: E402
from motcua.oversight.importer import load_campaign_2025  # noqa: E402
from motcua.oversight.models import Campaign, Recommendation, Reminder, Visit  # noqa: E402


def best(fn: Any, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def cleanup() -> None:
    # Recommendations protect their visit; remove them (and their events) first.
    Recommendation.objects.filter(campaign__code__startswith="bench-").delete()
    Campaign.objects.filter(code__startswith="bench-").delete()


def build(n: int) -> Campaign:
    cleanup()
    rng = random.Random(766)
    today = date.today()
    campaign = Campaign.objects.create(
        code="bench-national",
        name="Bench campaign (sample data)",
        organiser="bench",
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=30),
    )
    provinces = list(Province.objects.all())
    visits = [
        Visit.objects.create(
            campaign=campaign, key=f"visit-{p.code}", province=p, visited_on=today - timedelta(days=45)
        )
        for p in provinces
    ]
    units = list(Agency.objects.filter(kind="ministry_unit"))
    statuses = list(RecommendationStatus.values)
    rows = []
    for i in range(n):
        visit = visits[i % len(visits)]
        status = rng.choice(statuses)
        followed = status in RecommendationStatus.followed()
        rows.append(
            Recommendation(
                campaign=campaign,
                key=f"b{i}",
                visit=visit,
                province=visit.province,
                province_code=visit.province.code,
                position=i,
                addressee_kind=rng.choice(list(AddresseeKind.values)),
                field=rng.choice(list(Field.values)),
                theme=rng.choice(list(Theme.values)),
                text=f"sample recommendation {i}",
                status=status,
                assigned_unit=rng.choice(units) if followed else None,
                due_on=today + timedelta(days=rng.randint(-30, 60)) if followed else None,
                progress=rng.randint(0, 100) if status == RecommendationStatus.IN_PROGRESS else 0,
            )
        )
    with transaction.atomic():
        Recommendation.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give a live table
            cursor.execute("ANALYZE oversight_recommendation")
    return campaign


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    for step in steps(REFERENCE_STEPS):
        step(progress=False)
    personas = make_personas()
    load_campaign_2025()
    campaign = build(args.n)
    inspector = personas.inspector
    admin = User.objects.get(username="admin.thanhhoa")

    synthesis = best(lambda: selectors.campaign_synthesis(user=inspector, campaign_id=campaign.pk))
    page_all = best(
        lambda: keyset_page(
            selectors.recommendation_list(user=inspector, campaign_id=campaign.pk), limit=100, cursor=None
        )
    )
    page_prov = best(
        lambda: keyset_page(selectors.recommendation_list(user=admin, campaign_id=campaign.pk), limit=100, cursor=None)
    )
    Reminder.objects.filter(recommendation__campaign=campaign).delete()
    began = time.perf_counter()
    run = actions.reminders_record()
    first_run = time.perf_counter() - began
    began = time.perf_counter()
    again = actions.reminders_record()
    second_run = time.perf_counter() - began

    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"{connection.vendor} ({settings.DATABASES['default']['NAME']}); n={args.n} recommendations"
    )
    print("| operation | time |")
    print("|---|---|")
    print(f"| synthesis of the campaign (best of 3) | {synthesis * 1000:.1f} ms |")
    print(f"| first page (100) of the list, inspector (best of 3) | {page_all * 1000:.1f} ms |")
    print(f"| first page (100) of the list, province admin (best of 3) | {page_prov * 1000:.1f} ms |")
    print(f"| reminder run: {run.created} recorded | {first_run:.2f} s |")
    print(
        f"| reminder run again the same day: {again.created} recorded, {again.already} already | {second_run:.2f} s |"
    )
    cleanup()


if __name__ == "__main__":
    main()
