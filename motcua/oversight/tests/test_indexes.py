"""The hot queries of oversight are served by indexes (DESIGN.md "Scale"), checked with
EXPLAIN on PostgreSQL: the recommendation list in keyset order within a campaign, the daily
reminder scan, and a province's recommendations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from motcua.oversight.choices import RecommendationStatus
from motcua.oversight.models import Campaign, Recommendation

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def many(campaign: Campaign) -> Campaign:
    """5,000 sample recommendations over the 34 provinces, with fresh statistics."""
    from motcua.geo.models import Province
    from motcua.org.models import Agency

    provinces = list(Province.objects.all())
    statuses = list(RecommendationStatus.values)
    unit = Agency.objects.filter(kind="ministry_unit").first()
    followed = RecommendationStatus.followed()
    Recommendation.objects.bulk_create(
        Recommendation(
            campaign=campaign,
            key=f"sample-{i}",
            province=provinces[i % 34],
            province_code=provinces[i % 34].code,
            position=i,
            addressee_kind="ministry",
            text=f"sample {i}",
            status=statuses[i % len(statuses)],
            assigned_unit=unit if statuses[i % len(statuses)] in followed else None,
            due_on=date(2025, 9, 1 + i % 28) if statuses[i % len(statuses)] in followed else None,
        )
        for i in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE oversight_recommendation")
    return campaign


def plan(query: Any) -> str:
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a sequential scan is never what we want here
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_list_reads_a_campaign_in_id_order_from_its_index(many: Campaign) -> None:
    text = plan(Recommendation.objects.filter(campaign=many, pk__gt=0).order_by("pk")[:101])
    # Read in id order from an index (the campaign's or the primary key), never sorted.
    assert "Index" in text and "Sort" not in text


def test_the_reminder_scan_uses_the_status_and_due_date_index(many: Campaign) -> None:
    text = plan(
        Recommendation.objects.filter(status__in=list(RecommendationStatus.followed()), due_on__lte=date(2025, 10, 1))
    )
    assert "oversight_rec_status_due" in text


def test_a_provinces_recommendations_use_the_province_index(many: Campaign) -> None:
    text = plan(Recommendation.objects.filter(province_code="38", status="recorded").order_by())
    assert "oversight_rec_province_status" in text
