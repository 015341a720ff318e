"""The public pages of the foundation, in Vietnamese and English."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_34_provinces_with_commune_counts(client: Client) -> None:
    response = client.get("/vi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/vi/tinh/') == 34
    assert "Tỉnh Thanh Hóa" in html and "3.321 xã, phường, đặc khu" in html
    assert '<html lang="vi">' in html


def test_the_root_redirects_to_the_vietnamese_site(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_the_english_site_speaks_english(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Provinces" in html and "Sign in" in html
    assert "Đăng nhập" not in html


def test_the_language_switch_keeps_the_page(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/vi/tinh/38/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/tinh/38/"


def test_a_province_page_lists_communes_and_agencies(client: Client) -> None:
    html = client.get("/vi/tinh/38/").content.decode()
    assert "Phường Hạc Thành" in html
    assert "Sở Khoa học và Công nghệ tỉnh Thanh Hóa" in html
    assert "000.00.02.H38" in html
    assert "166 xã, phường, đặc khu" in html


def test_an_unknown_province_page_is_404(client: Client) -> None:
    assert client.get("/vi/tinh/99/").status_code == 404


def test_the_conversion_page_answers_htmx_with_a_fragment(client: Client) -> None:
    response = client.get(
        "/vi/chuyen-doi-dia-chi/",
        {"q": "Phường Điện Biên, TP Thanh Hóa, Tỉnh Thanh Hóa"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert 'data-status="converted"' in html and "Phường Hạc Thành" in html
    assert "<html" not in html


def test_login_and_logout(client: Client, personas: Any) -> None:
    bad = client.post("/vi/dang-nhap/", {"username": "counter.hacthanh", "password": "wrong"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in bad.content.decode()
    ok = client.post("/vi/dang-nhap/", {"username": "counter.hacthanh", "password": "motcua-demo-2025"})
    assert ok.status_code == 302
    assert "Nguyễn Văn An" in client.get("/vi/").content.decode()
    client.post("/vi/dang-xuat/")
    assert "Nguyễn Văn An" not in client.get("/vi/").content.decode()


def test_the_admin_manages_reference_data(client: Client, django_user_model: Any) -> None:
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "a-long-password-1")
    client.force_login(admin)
    assert client.get("/vi/admin/geo/province/").status_code == 200
    assert client.get("/vi/admin/org/agency/?q=H38").status_code == 200
