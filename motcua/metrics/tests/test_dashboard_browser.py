"""A real browser (Debian's chromium through Playwright) opens the dashboards as the ministry's
supervisor would: the country with its 34-tile map and the Thanh Hóa dashboard, in Vietnamese and
English, over the December 2026 dossiers of `test_index.py`; screenshots go to var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.test_browser_walk import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
DECEMBER = "?kind=custom&date_from=2026-12-01&date_to=2026-12-31"
TILES = "echarts.getInstanceByDom(document.getElementById('map-chart')).getOption().series[0].data.length"


def wait_for_charts(page: Any, *ids: str) -> None:
    for chart in ids:
        page.locator(f"#{chart} canvas").first.wait_for(state="attached")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"metrics-{name}.png"), full_page=True)


def test_the_supervisor_opens_the_national_and_the_thanh_hoa_dashboards_in_both_languages(
    live_server: Any, page: Any, december: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "supervisor.bokhcn")

    page.goto(f"{base}/vi/chi-so/{DECEMBER}")
    expect(page.get_by_role("heading", name="Chỉ số phục vụ: cả nước")).to_be_visible()
    wait_for_charts(page, "trend-chart", "map-chart")
    assert page.locator("#map-chart").get_attribute("data-tiles") == "34"
    assert page.evaluate(TILES) == 34
    expect(page.locator("#province-ranking tbody tr")).to_have_count(34)
    # Colour the map by another measure: still 34 tiles.
    page.locator("#map-measure").select_option("received")
    assert page.evaluate(TILES) == 34
    assert (
        page.evaluate(
            "echarts.getInstanceByDom(document.getElementById('map-chart')).getOption().series[0].data"
            ".find(d => d.value[3] === '38').value[2]"
        )
        == 6
    )
    shot(page, "national-vi")

    page.goto(f"{base}/en/chi-so/{DECEMBER}")
    expect(page.get_by_role("heading", name="Service index: the whole country")).to_be_visible()
    wait_for_charts(page, "trend-chart", "map-chart")
    assert page.evaluate(TILES) == 34
    shot(page, "national-en")

    # From the ranking to Thanh Hóa, then a month chosen through the period form (htmx swap).
    page.goto(f"{base}/vi/chi-so/{DECEMBER}")
    page.locator('#province-ranking a[href="/vi/chi-so/tinh/38/"]').click()
    page.wait_for_url("**/vi/chi-so/tinh/38/")
    page.locator("#id_kind").select_option("month")
    page.locator("#id_year").fill("2026")
    page.locator("#id_month").select_option("12")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**/vi/chi-so/tinh/38/?*month=12*")
    expect(page.locator("#period-caption")).to_contain_text("01/12/2026 –")
    page.goto(f"{base}/vi/chi-so/tinh/38/{DECEMBER}")
    expect(page.get_by_role("heading", name="Chỉ số phục vụ: Thanh Hóa")).to_be_visible()
    wait_for_charts(page, "trend-chart")
    expect(page.locator("#commune-ranking tbody tr").first).to_be_visible()
    expect(page.locator("#load-officers")).to_contain_text("Trần Minh Hòa")
    shot(page, "thanhhoa-vi")

    page.goto(f"{base}/en/chi-so/tinh/38/{DECEMBER}")
    expect(page.get_by_role("heading", name="Service index: Thanh Hóa")).to_be_visible()
    wait_for_charts(page, "trend-chart")
    expect(page.locator("#load")).to_contain_text("Workload")
    shot(page, "thanhhoa-en")
