"""A real browser (Debian's chromium through Playwright) walks a boundary-free provincial
procedure end to end through the pages, as the demo personas would (issue 7 §9):
counter.hacthanh receives 1.900010 at the commune counter, the Department of S&T's specialist
claims and passes the two specialist steps, the leader claims and approves, the commune counter
returns the result; anyone then follows it on the tracking page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.conftest import PDF, PNG

PASSWORD = "motcua-demo-2025"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/vi/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/vi/")


def sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()


def do(page: Any, action: str, expected_status: int) -> None:
    """Press the button of one action form and wait for the page to show the new status."""
    with page.expect_navigation():
        page.locator(f'form[data-action="{action}"] button[type=submit]').click()
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", str(expected_status))
    expect(page.locator(".alert-success").first).to_be_visible()


def open_from_workspace(page: Any, base: str, code: str) -> None:
    page.goto(f"{base}/vi/ho-so/")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(re.compile(r".*/vi/ho-so/\d+/$"))


def test_the_demo_personas_walk_a_boundary_free_provincial_procedure_through_the_pages(
    live_server: Any, page: Any
) -> None:
    from motcua.org.demo import load_demo_accounts

    load_demo_accounts()
    base = live_server.url

    # 1. The commune counter of Hạc Thành receives the Department's procedure.
    sign_in(page, base, "counter.hacthanh")
    page.get_by_role("link", name="Hồ sơ", exact=True).click()
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.locator("#q").fill("1.900010")
    page.locator('#procedures a[href="?procedure=1.900010"]').click()
    page.wait_for_url("**/tiep-nhan/?procedure=1.900010")
    page.get_by_label("Họ và tên / tên tổ chức").fill("Ngô Thị Hạnh")
    page.get_by_label("Số định danh cá nhân").fill("038190001234")
    page.get_by_label("Số điện thoại").fill("0912345678")
    # The commune list comes from the province through htmx.
    page.locator("#id_province").select_option("01")
    page.locator("#id_commune option", has_text="Phường Hoàn Kiếm").wait_for(state="attached")
    page.locator("#id_province").select_option("38")
    page.locator("#id_commune option", has_text="Phường Hạc Thành").wait_for(state="attached")
    page.locator("#id_commune").select_option(label="Phường Hạc Thành")
    page.get_by_label("Số nhà, đường, thôn").fill("12 Lê Lợi")
    form = "Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư"
    page.locator(f'.document[data-component="{form}"] input[type=file]').set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator('.document[data-component="Ảnh chân dung 3x4 cm"] input[type=file]').set_input_files(
        files=[{"name": "anh.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.locator('.document[data-component="Căn cước"] input[type=text]').fill("VNEID:038190001234")
    page.locator("#submit-dossier").click()
    page.wait_for_url(re.compile(r".*/vi/ho-so/\d+/$"))
    assert page.locator("#dossier-status").get_attribute("data-status") == "1"
    do(page, "accept", 2)
    code = page.locator("#dossier-code").inner_text().strip()
    assert re.fullmatch(r"000\.00\.02\.H38-\d{6}-0001", code), code
    page.get_by_role("link", name="Giấy tiếp nhận, hẹn trả kết quả").click()
    page.wait_for_url("**/phieu-hen/")
    expect(page.locator("#slip svg")).to_have_count(1)
    expect(page.locator("#slip-code")).to_have_text(code)
    sign_out(page)

    # 2. The Department's specialist claims and passes the two specialist steps.
    sign_in(page, base, "specialist.khcn.thanhhoa")
    open_from_workspace(page, base, code)
    do(page, "claim", 4)
    assert page.locator("#assignee").inner_text() == "Trần Minh Hòa"
    do(page, "pass", 4)
    do(page, "claim", 4)
    do(page, "pass", 4)
    # The leader's step now: the specialist can no longer claim or pass it.
    expect(page.locator('form[data-action="claim"], form[data-action="pass"]')).to_have_count(0)
    sign_out(page)

    # 3. The leader claims and approves with the procedure's result type.
    sign_in(page, base, "leader.khcn.thanhhoa")
    open_from_workspace(page, base, code)
    do(page, "claim", 4)
    page.locator('form[data-action="approve"] select').select_option("CCVTDNDU")
    do(page, "approve", 9)
    assert "038190001234CCVTDNDU" in page.locator("#results").inner_text()
    sign_out(page)

    # 4. The commune counter returns the result.
    sign_in(page, base, "counter.hacthanh")
    open_from_workspace(page, base, code)
    do(page, "return-result", 10)
    actions = page.locator("#timeline li strong").all_inner_texts()
    assert actions == [
        "Nộp hồ sơ",
        "Tiếp nhận",
        "Nhận xử lý",
        "Chuyển bước tiếp theo",
        "Nhận xử lý",
        "Chuyển bước tiếp theo",
        "Nhận xử lý",
        "Phê duyệt",
        "Trả kết quả",
    ]
    sign_out(page)

    # 5. Anyone follows it with the code and the phone number, masked.
    page.goto(f"{base}/vi/tra-cuu/?code={code}")
    page.get_by_label("Số điện thoại hoặc số định danh của người nộp").fill("0912345678")
    page.get_by_role("button", name="Tra cứu").click()
    tracked = page.locator("#tracked")
    tracked.wait_for()
    assert "Đã trả kết quả" in tracked.inner_text()
    assert "N** T** Hạnh" in tracked.inner_text() and "Ngô Thị Hạnh" not in tracked.inner_text()


def test_a_citizen_applies_online_and_follows_the_dossier(live_server: Any, page: Any) -> None:
    """Online submission (channel 2) by the applicant, acceptance at the provincial centre, and
    the applicant's own list."""
    from motcua.org.demo import load_demo_accounts

    load_demo_accounts()
    base = live_server.url
    sign_in(page, base, "citizen.demo")
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.locator("#q").fill("vo tuyen dien nghiep du")
    page.locator('#procedures a[href$="/nop-truc-tuyen/1.900010/"]').click()
    page.wait_for_url("**/nop-truc-tuyen/1.900010/")
    assert page.get_by_label("Số định danh cá nhân").input_value() == "038190001234"  # from the account
    page.locator("#id_province").select_option("38")
    page.locator("#id_commune option", has_text="Phường Hạc Thành").wait_for(state="attached")
    page.locator("#id_commune").select_option(label="Phường Hạc Thành")
    form = "Tờ khai đề nghị cấp chứng chỉ vô tuyến điện viên nghiệp dư"
    page.locator(f'.document[data-component="{form}"] input[type=file]').set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator('.document[data-component="Ảnh chân dung 3x4 cm"] input[type=file]').set_input_files(
        files=[{"name": "anh.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.locator("#submit-dossier").click()
    page.wait_for_url(re.compile(r".*/vi/ho-so/\d+/$"))
    assert page.locator("#dossier-status").get_attribute("data-status") == "1"
    assert page.locator('form[data-action="withdraw"]').count() == 1
    sign_out(page)

    sign_in(page, base, "counter.thanhhoa")
    page.goto(f"{base}/vi/ho-so/?status=1")
    page.locator("#dossiers tbody tr a").first.click()
    do(page, "accept", 2)
    code = page.locator("#dossier-code").inner_text().strip()
    sign_out(page)

    sign_in(page, base, "citizen.demo")
    page.goto(f"{base}/vi/ho-so/")
    row = page.locator("#dossiers tbody tr").first
    assert code in row.inner_text() and "Được tiếp nhận" in row.inner_text()
