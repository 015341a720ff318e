"""The pre-visit brief for Thanh Hóa, generated from the demo data: open recommendations from
the August 2025 visit, that visit's figures and difficulties, and the live sections read from
the metrics counters and the dossiers app."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from motcua.core.errors import BadRequest, NotFound
from motcua.oversight import actions, selectors
from motcua.oversight.models import Campaign, Recommendation

pytestmark = pytest.mark.django_db


def test_it_briefs_a_group_before_visiting_thanh_hoa(campaign: Campaign, personas: Any) -> None:
    answered = Recommendation.objects.get(key="visit-38-r4")
    actions.recommendation_answer_on_site(
        acting_user=personas.inspector, recommendation_id=answered.pk, answer="Danh bạ đầu mối được đăng trên motcua"
    )
    brief = selectors.previsit_brief(
        user=personas.inspector, province_code="38", date_from=date(2026, 3, 2), date_to=date(2026, 3, 6)
    )
    assert brief.province.name == "Thanh Hóa"
    assert brief.latest_visit is not None and brief.latest_visit.visited_on == date(2025, 8, 19)
    assert len(brief.open_recommendations) == 4  # five recorded, one answered on site
    assert answered not in brief.open_recommendations
    figures = {f.key: f.value for f in brief.latest_figures}
    assert figures["commune_centers_received"] == 149470 and figures["provincial_center_received"] == 7542
    assert len(brief.latest_difficulties) == 7
    metrics, overloaded, overdue = brief.live_sections
    assert metrics.available and overloaded.available and overdue.available
    # The live index from the counters: its total and grade first, then the three weakest.
    total, *weakest = metrics.rows
    assert [key for key, _label in metrics.columns] == ["code", "name", "score", "max_points", "reason", "source"]
    assert (
        total["code"] == "Tổng"
        and total["max_points"] == 100
        and total["grade"] in {"excellent", "good", "fair", "average", "weak"}
    )
    assert len(weakest) == 3 and all(row["score"] <= row["max_points"] for row in weakest)


def test_a_visit_on_or_after_the_range_is_not_earlier(campaign: Campaign, personas: Any) -> None:
    brief = selectors.previsit_brief(
        user=personas.inspector, province_code="38", date_from=date(2025, 8, 19), date_to=date(2025, 8, 19)
    )
    assert brief.previous_visits == [] and brief.open_recommendations == []


def test_a_province_sees_its_own_brief_only(campaign: Campaign, personas: Any) -> None:
    own = selectors.previsit_brief(
        user=personas.province_admin, province_code="38", date_from=date(2026, 1, 5), date_to=date(2026, 1, 9)
    )
    assert len(own.open_recommendations) == 5
    with pytest.raises(NotFound):
        selectors.previsit_brief(
            user=personas.province_admin, province_code="33", date_from=date(2026, 1, 5), date_to=date(2026, 1, 9)
        )
    with pytest.raises(BadRequest):
        selectors.previsit_brief(
            user=personas.inspector, province_code="38", date_from=date(2026, 1, 9), date_to=date(2026, 1, 5)
        )


def test_the_brief_page_and_api(campaign: Campaign, personas: Any, api_client: Any) -> None:
    api_client.force_login(personas.inspector)
    page = api_client.get("/vi/giam-sat/ban-tin-truoc-chuyen/?province=38&date_from=2026-01-05&date_to=2026-01-09")
    assert page.status_code == 200 and "149.470" in page.content.decode()
    body = api_client.get("/api/v1/oversight/briefs/38?date_from=2026-01-05&date_to=2026-01-09").json()
    assert body["province"] == {"code": "38", "name": "Thanh Hóa"} and len(body["open_recommendations"]) == 5
    assert api_client.get("/api/v1/oversight/briefs/38?date_from=2026-01-09&date_to=2026-01-05").status_code == 400


def test_the_brief_reads_overdue_dossiers_by_field_from_the_dossiers_app(campaign: Campaign, personas: Any) -> None:
    """With the dossiers app's demo data, Thanh Hóa's open dossiers are counted by field and
    those past their appointment flagged; nothing from another province leaks in."""
    from motcua.dossiers.choices import OPEN
    from motcua.dossiers.demo import load_demo_dossiers
    from motcua.dossiers.models import Dossier

    load_demo_dossiers()
    today = date.today()
    brief = selectors.previsit_brief(user=personas.inspector, province_code="38", date_from=today, date_to=today)
    overdue = brief.live_sections[2]
    expected = Dossier.objects.filter(province_code="38", status__in=list(OPEN)).count()
    assert expected > 0
    assert sum(row["open"] for row in overdue.rows) == expected
    assert [key for key, _label in overdue.columns] == ["field", "open", "overdue"]


def test_the_brief_shows_the_live_index_and_its_weakest_indicators(campaign: Campaign, personas: Any) -> None:
    """The fixed December month of the metrics tests (D1–D6, Thanh Hóa): the brief's index
    section is the dashboard's index, with the weakest indicators and why each lost points."""
    from motcua.dossiers.tests.conftest import make_apis
    from motcua.metrics import selectors as metrics
    from motcua.metrics.tests.month import at, walk_december

    apis = make_apis(personas)
    walk_december(apis)
    with at("2026-12-31 12:00"):
        brief = selectors.previsit_brief(
            user=personas.inspector, province_code="38", date_from=date(2027, 1, 11), date_to=date(2027, 1, 15)
        )
        index = metrics.index_for(
            personas.inspector, unit="province:38", start=date(2026, 1, 1), end=date(2026, 12, 31)
        )
    section = brief.live_sections[0]
    total, *weakest = section.rows
    assert total["score"] == index.total and index.total > 0
    scores = {s.code: s for s in index.indicators}
    ratios = sorted(s.score / s.max_points for s in index.indicators if s.max_points)
    assert [row["score"] / row["max_points"] for row in weakest] == ratios[:3]
    for row in weakest:
        assert row["score"] == scores[row["code"]].score and row["reason"] and row["source"]
    page_client = Client()
    with at("2026-12-31 12:00"):
        page_client.force_login(personas.inspector)
        page = page_client.get("/vi/giam-sat/ban-tin-truoc-chuyen/?province=38&date_from=2027-01-11&date_to=2027-01-15")
    html = page.content.decode()
    assert page.status_code == 200 and "Chỉ số phục vụ và các chỉ tiêu yếu nhất" in html
    assert weakest[0]["code"] in html and str(total["name"]) in html
