"""The dashboards as the personas see them, over the six December 2026 dossiers of
`test_index.py` (walked through the API): the supervisor sees the country and its map, the
province admin of Thanh Hóa their province, an outsider nothing of it (404, as everywhere)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.metrics.tests.month import at

pytestmark = pytest.mark.django_db
DECEMBER = {"kind": "month", "year": "2026", "month": "12"}
PDFTOTEXT = shutil.which("pdftotext")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(user: Any, path: str, **params: str) -> Any:
    with at("2026-12-31 12:00"):
        return client_for(user).get(path, params)


def hac_thanh() -> str:
    from motcua.geo.models import Commune

    return Commune.objects.get(province__code="38", name="Phường Hạc Thành").code


def test_the_tile_grid_places_every_province_once_and_no_two_on_one_cell() -> None:
    from motcua.geo.models import Province

    grid = json.loads((Path(__file__).parents[1] / "data" / "tile-grid-34.json").read_text(encoding="utf-8"))
    codes = [t["code"] for t in grid["tiles"]]
    assert sorted(codes) == sorted(Province.objects.values_list("code", flat=True)) and len(codes) == 34
    assert len(set(codes)) == 34
    cells = [(t["row"], t["col"]) for t in grid["tiles"]]
    assert len(set(cells)) == 34
    assert all(0 <= r < grid["rows"] and 0 <= c < grid["cols"] for r, c in cells)
    row = {t["code"]: t["row"] for t in grid["tiles"]}
    # North to south: Hà Nội above Thanh Hóa above Huế above Đà Nẵng above Hồ Chí Minh above Cà Mau.
    assert row["01"] < row["38"] < row["42"] < row["46"] < row["48"] < row["79"] < row["96"]
    assert max(row.values()) == row["96"]


def test_it_shows_the_supervisor_the_national_dashboard_with_the_map_and_ranking(personas: Any, december: Any) -> None:
    response = get(personas.supervisor, "/vi/chi-so/", **DECEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chỉ số phục vụ: cả nước" in html and "Xếp hạng 34 tỉnh, thành phố theo chỉ số" in html
    assert 'data-tiles="34"' in html and "vendor/echarts/dist/echarts.min.js" in html
    ranking = response.context["ranking"]
    assert len(ranking) == 34 and [r["rank"] for r in ranking] == list(range(1, 35))
    thanh_hoa = next(r for r in ranking if r["code"] == "38")
    assert thanh_hoa["received"] == 6 and thanh_hoa["overdue"] == 1
    answer = response.context["index"]["answer"]
    assert answer.unit.kind == "country" and str(answer.period.start) == "2026-12-01"
    assert response.context["index"]["grade_label"] in {"Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"}
    # Every indicator links to its drill-down list.
    assert html.count("/vi/chi-so/chi-tieu/") >= len(answer.indicators)
    tiles = response.context["map"]["tiles"]
    assert len(tiles) == 34 and {t["url"] for t in tiles if t["code"] == "38"} == {"/vi/chi-so/tinh/38/"}


def test_the_national_page_reads_no_dossier(personas: Any, december: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert get(personas.supervisor, "/vi/chi-so/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if '"dossiers_dossier"' in q["sql"]]


def test_the_province_page_reads_no_dossier_and_takes_the_officers_load_from_their_counters(
    personas: Any, december: Any
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = get(personas.province_admin, "/vi/chi-so/tinh/38/", **DECEMBER)
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if '"dossiers_dossier"' in q["sql"]]
    # D5 is open in the specialist's hands (claimed, still in progress on 31/12).
    officers = {o.name: o.open for o in response.context["load"].officers}
    assert officers["Trần Minh Hòa"] >= 1


def test_the_page_is_in_english_under_en(personas: Any, december: Any) -> None:
    response = get(personas.supervisor, "/en/chi-so/", **DECEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Service index: the whole country" in html and "Map of the 34 provinces" in html
    assert response.context["index"]["grade_label"] in {"Excellent", "Good", "Fair", "Average", "Weak"}
    assert "Online services" in html


def test_a_province_admin_is_sent_to_their_province_and_sees_its_communes_and_load(
    personas: Any, december: Any
) -> None:
    national = get(personas.province_admin, "/vi/chi-so/")
    assert national.status_code == 302 and national["Location"] == "/vi/chi-so/tinh/38/"
    response = get(personas.province_admin, "/vi/chi-so/tinh/38/", **DECEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thanh Hóa" in html and "Xếp hạng xã, phường theo tỉ lệ đúng hạn" in html
    communes = {r.key: r for r in response.context["communes"]}
    assert communes[hac_thanh()].received == 1 and communes[hac_thanh()].processed == 1
    load = response.context["load"]
    # D5 in progress (claimed by the specialist) and D6 waiting for reception, at the Department.
    assert load.open == 2
    specialist = next(o for o in load.officers if o.user_id == personas.specialist.pk)
    leader = next(o for o in load.officers if o.user_id == personas.leader.pk)
    assert specialist.open == 1 and leader.open == 0
    assert 'id="load-officers"' in html and "Trần Minh Hòa" in html


def test_an_outsider_gets_404_for_thanh_hoa_and_their_own_commune_instead(personas: Any, december: Any) -> None:
    assert get(personas.outsider, "/vi/chi-so/tinh/38/").status_code == 404
    assert get(personas.outsider, f"/vi/chi-so/xa/{hac_thanh()}/").status_code == 404
    assert get(personas.outsider, "/vi/chi-so/tai-ve/chi-so.xlsx", unit="province:38").status_code == 404
    home = get(personas.outsider, "/vi/chi-so/")
    assert home.status_code == 302 and home["Location"].startswith("/vi/chi-so/xa/")
    own = get(personas.outsider, home["Location"])
    assert own.status_code == 200
    assert Decimal(own.context["by_field"][0].received if own.context["by_field"] else 0) == 0
    assert get(personas.citizen, "/vi/chi-so/").status_code == 404


def test_the_commune_page_shows_what_the_commune_received(personas: Any, december: Any) -> None:
    response = get(personas.counter_commune, "/vi/chi-so/")
    assert response.status_code == 302 and response["Location"] == f"/vi/chi-so/xa/{hac_thanh()}/"
    response = get(personas.counter_commune, response["Location"], **DECEMBER)
    assert response.status_code == 200
    assert "Phường Hạc Thành" in response.content.decode()
    assert sum(r.received for r in response.context["by_field"]) == 1


def test_a_bad_period_shows_the_message_not_an_error(personas: Any) -> None:
    response = get(personas.supervisor, "/vi/chi-so/", kind="custom", date_from="2026-12-31", date_to="2026-12-01")
    assert response.status_code == 422
    assert "Ngày bắt đầu phải trước ngày kết thúc." in response.content.decode()


def test_the_drill_down_lists_what_lost_points_on_timeliness(personas: Any, december: Any) -> None:
    response = get(personas.supervisor, "/vi/chi-so/chi-tieu/2.1/", unit="province:38", **{"from": "2026-12-01"})
    assert response.status_code == 200
    reasons = {item.id: item.reason_code for item in response.context["items"]}
    assert reasons == {
        december["D2"]["id"]: "supplement_repeated",
        december["D3"]["id"]: "late",
        december["D5"]["id"]: "open_overdue",
    }
    assert f"/vi/ho-so/{december['D3']['id']}/" in response.content.decode()


def test_the_index_and_the_report_download_as_excel_that_opens(personas: Any, december: Any) -> None:
    from openpyxl import load_workbook

    params = {"unit": "province:38", "from": "2026-12-01", "to": "2026-12-31"}
    index = get(personas.province_admin, "/vi/chi-so/tai-ve/chi-so.xlsx", **params)
    assert index.status_code == 200 and index["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(index.content)).active
    assert sheet is not None and sheet["B1"].value == "Thanh Hóa"
    report = get(personas.province_admin, "/vi/chi-so/tai-ve/bao-cao.xlsx", group_by="commune", **params)
    assert report.status_code == 200
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)  # type: ignore[union-attr]
    assert any(hac_thanh() in row for row in rows)


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils)")
def test_the_index_and_the_report_download_as_pdf_with_the_unit_name(personas: Any, december: Any) -> None:
    params = {"unit": "province:38", "from": "2026-12-01", "to": "2026-12-31"}
    for path in ("/vi/chi-so/tai-ve/chi-so.pdf", "/vi/chi-so/tai-ve/bao-cao.pdf"):
        response = get(personas.province_admin, path, **params)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), path
        text = subprocess.run(  # noqa: S603  (a fixed program on our own bytes)
            [str(PDFTOTEXT), "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Thanh Hóa" in text, path


def test_the_brief_names_the_three_weakest_indicators_and_this_years_figures(personas: Any, december: Any) -> None:
    from motcua.metrics.brief import province_brief

    with at("2026-12-31 12:00"):
        brief = province_brief(personas.supervisor, "38")
    assert brief["province_name"] == "Thanh Hóa" and str(brief["from"]) == "2026-01-01"
    assert brief["grade_label"] in {"Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"}
    weakest = brief["weakest"]
    assert len(weakest) == 3 and [w["ratio"] for w in weakest] == sorted(w["ratio"] for w in weakest)
    assert all(w["reason"] and w["source_label"] for w in weakest)
    assert brief["figures"]["received"] == 6 and brief["figures"]["processed"] == 4
    assert brief["figures"]["online"] == 4
