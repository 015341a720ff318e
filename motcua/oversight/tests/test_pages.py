"""The pages drive the same actions as the API: forms post, errors come back as messages."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from motcua.org.choices import AgencyKind, Role
from motcua.org.models import Agency, Membership, User
from motcua.oversight.choices import RecommendationStatus as S
from motcua.oversight.models import Campaign, Minutes, Recommendation, SupportThread, Visit

pytestmark = pytest.mark.django_db


def test_a_recommendation_moves_through_its_page(campaign: Campaign, personas: Any, client: Any) -> None:
    rec = Recommendation.objects.get(key="visit-42-r2")  # Hà Tĩnh: connect traceability with the Portal
    url = f"/vi/giam-sat/kien-nghi/{rec.pk}/"
    client.force_login(personas.inspector)
    page = client.get(url).content.decode()
    assert 'value="escalate"' in page and 'value="resolve"' not in page
    # Resolving from "recorded" is refused with the translated message, nothing changes.
    refused = client.post(url, {"verb": "resolve", "reference": "x"}, follow=True)
    assert "Không thể chuyển kiến nghị" in refused.content.decode()
    client.post(url, {"verb": "escalate", "note": "Vượt thẩm quyền", "version": rec.version})
    unit = Agency.objects.get(kind=AgencyKind.MINISTRY_UNIT, name_en="National Digital Transformation Agency")
    client.post(url, {"verb": "assign", "unit_id": unit.pk, "due_on": "2099-05-31"})
    officer = User.objects.create(username="officer.cds")
    Membership.objects.create(user=officer, agency=unit, role=Role.SPECIALIST)
    client.force_login(officer)
    client.post(url, {"verb": "report_progress", "progress": "70", "note": "Đã kết nối thử", "occurred_on": ""})
    client.post(url, {"verb": "resolve", "reference": "Kết nối hệ thống truy xuất nguồn gốc với Cổng DVCQG"})
    rec.refresh_from_db()
    assert (rec.status, rec.progress, rec.assigned_unit_id) == (S.RESOLVED, 100, unit.pk)
    timeline = client.get(url).content.decode()
    assert timeline.count('class="list-group-item"') == 5  # recorded, escalated, assigned, progress, resolved
    client.force_login(personas.counter_hatinh)  # the province reads its own recommendation
    assert client.get(url).status_code == 200
    assert 'value="escalate"' not in client.get(url).content.decode()


def test_minutes_and_an_attachment_through_the_visit_page(
    campaign: Campaign, personas: Any, client: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    visit = Visit.objects.get(province_code="82")
    url = f"/en/giam-sat/chuyen/{visit.pk}/"
    client.force_login(personas.inspector)
    client.post(url, {"form": "minutes", "title": "Biên bản làm việc tại Đồng Tháp", "signed_on": "2025-08-27"})
    minutes = Minutes.objects.get(visit=visit)
    upload = io.BytesIO(b"%PDF-1.4 signed minutes")
    upload.name = "bien-ban.pdf"
    client.post(url, {"form": "attachment", "minutes_id": minutes.pk, "file": upload})
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "bien-ban.pdf"
    answer = client.post(url, {"form": "attachment", "minutes_id": minutes.pk, "file": fake}, follow=True)
    assert "Only PDF, PNG, JPEG, DOCX or XLSX" in answer.content.decode()
    assert [a.content_type for a in minutes.attachments.all()] == ["application/pdf"]
    client.force_login(personas.province_admin)  # Thanh Hóa cannot add minutes to Đồng Tháp's visit
    assert client.post(url, {"form": "minutes", "title": "x"}).status_code == 404


def test_a_question_is_asked_answered_and_found_through_the_pages(personas: Any, client: Any) -> None:
    unit = Agency.objects.get(kind=AgencyKind.MINISTRY_UNIT, name_en="Radio Frequency Department")
    officer = User.objects.create(username="officer.cts", full_name="Phan Văn Sóng")
    Membership.objects.create(user=officer, agency=unit, role=Role.SPECIALIST)
    client.force_login(personas.specialist)
    client.post(
        "/vi/giam-sat/ho-tro/",
        {
            "field": "radio_frequencies",
            "subject": "Phần mềm quản lý tần số",
            "body": "Không kết nối được phần mềm quản lý tần số.",
        },
    )
    thread = SupportThread.objects.get()
    assert thread.unit == unit
    client.force_login(officer)
    url = f"/vi/giam-sat/ho-tro/{thread.pk}/"
    client.post(url, {"verb": "assign", "assignee_id": officer.pk})
    client.post(url, {"verb": "reply", "body": "Cập nhật phiên bản 2.1 và khai báo lại chứng thư số.", "answers": "1"})
    client.post(
        url,
        {
            "verb": "publish",
            "question": "Không kết nối được phần mềm quản lý tần số?",
            "answer": "Cập nhật phiên bản 2.1 và khai báo lại chứng thư số.",
        },
    )
    client.force_login(personas.counter_hatinh)
    found = client.get("/vi/giam-sat/ho-tro/tri-thuc/?q=phan+mem+tan+so").content.decode()
    assert "phiên bản 2.1" in found
