"""The calendar page per year (Vietnamese and English) and the deadline calculator."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_shows_the_2026_calendar_in_vietnamese(client: Client) -> None:
    response = client.get("/vi/lich-lam-viec/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch làm việc năm 2026" in html
    assert "Tết Nguyên Đán" in html
    assert "22/08/2026" in html and "Làm việc bù cho ngày nghỉ 31/08/2026" in html
    assert "Ngày Văn hóa Việt Nam" in html
    assert 'href="/vi/lich-lam-viec/2027/"' in html


def test_it_shows_the_2025_calendar_in_english(client: Client) -> None:
    response = client.get("/en/lich-lam-viec/2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Working calendar 2025" in html
    assert "Lunar New Year" in html
    assert "26/04/2025" in html


def test_it_links_the_calendar_from_the_navigation(client: Client) -> None:
    html = client.get("/vi/").content.decode()
    assert 'href="/vi/lich-lam-viec/"' in html
    assert client.get("/vi/lich-lam-viec/").status_code == 200


def test_it_shows_a_province_and_refuses_an_unknown_one(client: Client) -> None:
    assert "Thanh Hóa" in client.get("/vi/lich-lam-viec/2026/?province=38").content.decode()
    response = client.get("/vi/lich-lam-viec/2026/?province=99")
    assert response.status_code == 422
    assert "Không có tỉnh, thành phố mã 99" in response.content.decode()


def test_it_computes_a_deadline_as_an_htmx_fragment(client: Client) -> None:
    response = client.get(
        "/vi/lich-lam-viec/tinh-han/?start=2026-02-13T17:01&amount=1&unit=working_days", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "17:00, Thứ 2 23/02/2026" in html
    assert "Tết Nguyên Đán" in html


def test_it_shows_a_clear_error_for_a_negative_amount(client: Client, personas: Any) -> None:
    response = client.get("/vi/lich-lam-viec/tinh-han/?start=2026-02-13T09:00&amount=-1")
    assert response.status_code == 422
    assert "Thời hạn không được là số âm." in response.content.decode()


def test_it_lists_the_provinces_corrections_with_their_legal_basis(client: Client) -> None:
    from motcua.geo.models import Province
    from motcua.workdays.models import CalendarOverride

    CalendarOverride.objects.create(
        date="2026-03-13",
        province=Province.objects.get(code="38"),
        kind="day_off",
        name="Nghỉ bù của tỉnh",
        legal_basis="Quyết định 12/QĐ-UBND",
    )
    html = client.get("/vi/lich-lam-viec/2026/?province=38").content.decode()
    assert "Quyết định 12/QĐ-UBND" in html and "Nghỉ bù của tỉnh" in html
    assert "Quyết định 12/QĐ-UBND" not in client.get("/vi/lich-lam-viec/2026/?province=33").content.decode()


def test_it_answers_a_year_out_of_range_with_a_clear_message(client: Client) -> None:
    response = client.get("/vi/lich-lam-viec/1800/")
    assert response.status_code == 422
    assert "Năm 1800 nằm ngoài khoảng lịch hỗ trợ" in response.content.decode()
