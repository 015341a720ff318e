"""The synthesis reproduces the published figures of the 2025 campaign exactly (S3, 2025-09-04):
12 groups, 34 localities, 381 = 165 + 16 + 28 + 98 + 51 + 19 + 4 records processed locally."""

from __future__ import annotations

import io
from typing import Any

import pytest

from motcua.oversight.models import Campaign

pytestmark = pytest.mark.django_db

PUBLISHED = {
    "quality_measurement_standards": 165,
    "intellectual_property": 16,
    "radiation_nuclear_safety": 28,
    "radio_frequencies": 98,
    "science_technology": 51,
    "telecommunications": 19,
    "postal_services": 4,
}


def test_it_reproduces_the_published_synthesis(campaign: Campaign, personas: Any, api_client: Any) -> None:
    api_client.force_login(personas.inspector)
    s = api_client.get(f"/api/v1/oversight/campaigns/{campaign.pk}/synthesis").json()
    assert (s["groups"], s["localities"], s["visits"]) == (12, 34, 6)
    assert s["records_processed"] == {"total": 381, "by_field": PUBLISHED}
    assert sum(PUBLISHED.values()) == 381
    assert s["difficulties"]["total"] == 23
    assert s["difficulties"]["by_theme"]["human_resources"] == 4
    assert s["difficulties"]["by_field"]["intellectual_property"] == 3
    assert len(s["difficulties"]["common"]) == 5
    assert s["recommendations"]["by_addressee"] == {"government": 4, "ministry": 17, "most_unit": 6}
    assert s["recommendations"]["by_status"] == {"recorded": 27}
    assert s["recommendations"]["national"] == 8


def test_the_campaign_list_answers_the_envelope(campaign: Campaign, personas: Any, api_client: Any) -> None:
    api_client.force_login(personas.supervisor)
    body = api_client.get("/api/v1/oversight/campaigns").json()
    assert body["count"] == 1 and body["next_cursor"] is None
    assert body["items"][0]["legal_basis"] == ["Resolution 57-NQ/TW", "Decree 132/2025/ND-CP", "Decree 133/2025/ND-CP"]


def test_the_synthesis_page_pdf_and_excel_show_381(campaign: Campaign, personas: Any, api_client: Any) -> None:
    api_client.force_login(personas.inspector)
    page = api_client.get(f"/vi/giam-sat/dot/{campaign.pk}/tong-hop/")
    assert page.status_code == 200
    assert 'id="s-records">381<' in page.content.decode()
    english = api_client.get(f"/en/giam-sat/dot/{campaign.pk}/tong-hop/").content.decode()
    assert "Quality measurement standards" in english or "Standards, metrology and quality" in english

    pdf = api_client.get(f"/vi/giam-sat/dot/{campaign.pk}/tong-hop.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 5000

    from openpyxl import load_workbook

    xlsx = api_client.get(f"/vi/giam-sat/dot/{campaign.pk}/tong-hop.xlsx")
    wb = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(min_row=4, values_only=True) if row[0]}
    assert summary["Tổng số hồ sơ giải quyết tại địa phương"] == 381
    by_field = {row[0]: row[2] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True) if row[0]}
    assert by_field == PUBLISHED


def test_the_pdf_says_so_when_the_renderer_is_missing(
    campaign: Campaign, personas: Any, api_client: Any, monkeypatch: Any
) -> None:
    """No silent fallback: without WeasyPrint (or its system libraries) the PDF link answers 503."""
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    api_client.force_login(personas.inspector)
    r = api_client.get(f"/vi/giam-sat/dot/{campaign.pk}/tong-hop.pdf")
    assert r.status_code == 503 and "PDF" in r.content.decode()


def test_the_synthesis_follows_the_recommendations_as_they_move(campaign: Campaign, personas: Any) -> None:
    """Statuses, overall progress and overdue counts are read live from the register."""
    from datetime import date

    import time_machine

    from motcua.org.models import Agency
    from motcua.oversight import actions, selectors
    from motcua.oversight.models import Recommendation

    posts = Agency.objects.get(kind="ministry_unit", name_en="Department of Posts")
    a, b = Recommendation.objects.filter(province_code="46").order_by("position")[:2]
    with time_machine.travel(date(2025, 9, 1), tick=False):
        actions.recommendation_answer_on_site(acting_user=personas.inspector, recommendation_id=a.pk, answer="Đã rõ")
        actions.recommendation_escalate(acting_user=personas.inspector, recommendation_id=b.pk)
        actions.recommendation_assign(
            acting_user=personas.inspector, recommendation_id=b.pk, unit_id=posts.pk, due_on=date(2025, 9, 30)
        )
        actions.recommendation_report_progress(
            acting_user=personas.inspector, recommendation_id=b.pk, progress=52, note="Đang làm"
        )
    with time_machine.travel(date(2025, 10, 2), tick=False):
        s = selectors.campaign_synthesis(user=personas.inspector, campaign_id=campaign.pk)
    assert s["recommendations"]["by_status"] == {"recorded": 25, "answered_on_site": 1, "in_progress": 1}
    assert s["recommendations"]["overdue"] == 1
    assert s["recommendations"]["progress"] == 2  # 52 / 26 followed, rounded
    assert s["records_processed"]["total"] == 381
