"""A real browser (Debian's chromium through Playwright) reads the 2026 calendar and computes a deadline."""

from __future__ import annotations

import os
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reads_the_calendar_and_computes_a_deadline_across_tet(live_server: Any, page: Any) -> None:
    """Received Friday 13/2/2026 at 17:01, 1 working day: due 17:00 Monday 23/2 (decision 0010)."""
    page.goto(f"{live_server.url}/vi/")
    page.get_by_role("link", name="Lịch làm việc").first.click()
    page.wait_for_url("**/vi/lich-lam-viec/")
    page.goto(f"{live_server.url}/vi/lich-lam-viec/2026/")
    assert "Tết Nguyên Đán" in page.locator("#days-off").inner_text()
    assert "22/08/2026" in page.locator("#working-days").inner_text()
    page.get_by_label("Thời điểm tiếp nhận").fill("2026-02-13T17:01")
    page.get_by_label("Thời hạn").fill("1")
    page.get_by_role("button", name="Tính hạn").click()
    answer = page.locator("#deadline-answer")
    answer.wait_for()
    assert "17:00, Thứ 2 23/02/2026" in answer.inner_text()
    if os.environ.get("MOTCUA_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["MOTCUA_SCREENSHOTS"], "workdays-2026.png"), full_page=True)
