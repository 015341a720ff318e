"""A real browser (Debian's chromium through Playwright) walks the foundation's pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_a_province_converts_an_address_and_switches_language(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/vi/")
    assert page.locator("#provinces tbody tr").count() == 34
    page.get_by_role("link", name="Tỉnh Thanh Hóa").click()
    page.wait_for_url("**/vi/tinh/38/")
    expect(page.locator("#communes tbody tr")).to_have_count(166)

    page.get_by_role("link", name="Chuyển đổi địa chỉ").first.click()
    page.get_by_label("Địa chỉ cũ").fill("Thị trấn Hà Trung, Huyện Hà Trung, Tỉnh Thanh Hóa")
    page.get_by_role("button", name="Chuyển đổi").click()
    result = page.locator('[data-status="ambiguous"]')
    result.wait_for()
    assert "Xã Hoạt Giang" in result.inner_text() and "Xã Hà Trung" in result.inner_text()
    # htmx swapped the fragment in place and the address bar keeps the query (shareable link)
    assert "q=" in page.url

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Convert").is_visible()


def test_a_counter_officer_signs_in(live_server: Any, page: Any) -> None:
    from motcua.org.demo import load_demo_accounts

    load_demo_accounts()
    page.goto(f"{live_server.url}/vi/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("counter.hacthanh")
    page.get_by_label("Mật khẩu").fill("motcua-demo-2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/vi/")
    assert page.get_by_text("Nguyễn Văn An").is_visible()
