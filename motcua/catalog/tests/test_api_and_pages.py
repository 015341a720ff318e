"""The public API and pages of the catalogue, in Vietnamese and English, and the
administrators' import/export page."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client

from motcua.catalog import exchange
from motcua.catalog.models import ProcedureVersion

ITEM_KEYS = {"code", "name", "name_en", "field", "levels", "time_limit", "boundary_free", "online_level", "sample"}


def test_it_searches_procedures_ranked_through_the_api(db: Any, api_client: Client) -> None:
    body = api_client.get("/api/v1/procedures", {"q": "giay phep vo tuyen dien nghiep du", "limit": 5}).json()
    assert body["items"][0]["code"] == "1.900012"
    assert set(body["items"][0]) == ITEM_KEYS
    assert body["items"][0]["time_limit"] == {"value": 10.0, "unit": "working_days"}
    assert body["items"][0]["levels"] == ["province"] and body["items"][0]["sample"] is True


def test_it_lists_and_filters_procedures_with_a_cursor(db: Any, api_client: Client) -> None:
    first = api_client.get("/api/v1/procedures", {"limit": 20}).json()
    assert first["count"] == ProcedureVersion.objects.filter(status="published").count()
    assert len(first["items"]) == 20 and first["next_cursor"]
    second = api_client.get("/api/v1/procedures", {"limit": 20, "cursor": first["next_cursor"]}).json()
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}
    commune = api_client.get("/api/v1/procedures", {"level": "commune", "boundary_free": "true", "limit": 100}).json()
    assert commune["items"] and all("commune" in i["levels"] and i["boundary_free"] for i in commune["items"])
    postal = api_client.get("/api/v1/procedures", {"q": "giay phep", "field": "postal_services"}).json()
    assert postal["items"] and {i["field"] for i in postal["items"]} == {"postal_services"}
    full = api_client.get("/api/v1/procedures", {"online_level": "full", "limit": 100}).json()
    assert all(i["online_level"] == "full" for i in full["items"])


def test_it_answers_bad_filters_with_400_not_500(db: Any, api_client: Client) -> None:
    for params in ({"level": "planet"}, {"online_level": "x"}, {"field": "nope"}, {"limit": 0}, {"cursor": "zz"},
                   {"q": "x" * 300}):  # fmt: skip
        response = api_client.get("/api/v1/procedures", params)
        assert response.status_code == 400, params
        assert set(response.json()) >= {"code", "message"}
    assert api_client.get("/api/v1/procedures", {"limit": "abc"}).status_code == 422


def test_it_details_a_procedure_with_everything_an_applicant_needs(db: Any, api_client: Client) -> None:
    body = api_client.get("/api/v1/procedures/1.900017").json()
    assert set(body) >= ITEM_KEYS
    assert {"documents", "fees", "result_types", "process", "legal_bases", "time_limit", "version"} <= set(body)
    assert body["version"]["number"] == 2 and body["version"]["status"] == "published"
    assert body["fees"][0] == {"name": body["fees"][0]["name"], "amount": 2000000, "moment": 1, "note": "Mỗi thiết bị"}
    assert body["result_types"] == [{"code": "GPBX", "name": "Giấy phép tiến hành công việc bức xạ"}]
    assert body["process"][-1]["time"]["value"] == 0 and body["process"][-1]["stage"] == "return"
    assert sum(s["time"]["value"] for s in body["process"]) == body["time_limit"]["value"]
    assert any(b["number"] == "142/2020/NĐ-CP" for b in body["legal_bases"])
    old = api_client.get("/api/v1/procedures/1.900017", {"on": "2024-01-01"}).json()
    assert old["version"]["number"] == 1 and old["boundary_free"] is False


def test_it_answers_404_for_unknown_procedures(db: Any, api_client: Client) -> None:
    response = api_client.get("/api/v1/procedures/0.000000")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_it_lists_the_ministry_fields(db: Any, api_client: Client) -> None:
    body = api_client.get("/api/v1/fields").json()
    codes = [f["code"] for f in body["items"]]
    assert len([f for f in body["items"] if f["ministry"]]) == 10
    assert {"quality_measurement_standards", "intellectual_property", "radiation_nuclear_safety", "radio_frequencies",
            "science_technology", "telecommunications", "postal_services", "information_technology",
            "electronic_transactions", "digital_transformation"} == set(codes)  # fmt: skip


def test_it_serves_the_catalogue_pages_in_vietnamese_and_english(db: Any, client: Client) -> None:
    vi = client.get("/vi/thu-tuc/", {"q": "chung chi nghiep du"})
    assert vi.status_code == 200
    assert "Cấp chứng chỉ vô tuyến điện viên nghiệp dư" in vi.content.decode()
    en = client.get("/en/thu-tuc/", {"q": "chung chi nghiep du"})
    assert "Grant of an amateur radio operator certificate" in en.content.decode()
    fragment = client.get("/vi/thu-tuc/", {"q": "x quang"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'data-code="1.900017"' in fragment
    filtered = client.get("/vi/thu-tuc/", {"field": "postal_services", "level": "province"}).content.decode()
    assert 'data-code="1.900046"' in filtered and 'data-code="1.900017"' not in filtered


def test_it_shows_documents_fees_time_process_and_legal_bases_on_the_detail_page(db: Any, client: Client) -> None:
    page = client.get("/vi/thu-tuc/1.900017/").content.decode()
    for text in ("Thành phần hồ sơ", "Phí, lệ phí", "2.000.000 đ", "15 ngày làm việc", "Quy trình nội bộ",
                 "Căn cứ pháp lý", "142/2020/NĐ-CP", "Dữ liệu mẫu", "GPBX"):  # fmt: skip
        assert text in page, text
    english = client.get("/en/thu-tuc/1.900017/").content.decode()
    assert "Licence for radiation work: use of diagnostic X-ray equipment in medicine" in english
    assert "Documents" in english and "15 working days" in english
    assert client.get("/vi/thu-tuc/0.000000/").status_code == 404


def test_it_keeps_the_import_page_for_catalogue_administrators(db: Any, client: Client, personas: Any) -> None:
    assert client.get("/vi/thu-tuc/nhap-xuat/").status_code == 302  # to the login page
    client.force_login(personas.province_admin)
    assert client.get("/vi/thu-tuc/nhap-xuat/").status_code == 404


def test_it_exports_and_checks_an_upload_on_the_admin_page(db: Any, client: Client, catalog_admin: Any) -> None:
    client.force_login(catalog_admin)
    download = client.get("/vi/thu-tuc/nhap-xuat/", {"export": "json"})
    assert download.status_code == 200 and json.loads(download.content)["format"] == "motcua.catalog"
    assert client.get("/vi/thu-tuc/nhap-xuat/", {"export": "xlsx"}).content[:2] == b"PK"
    body = json.loads(exchange.export_json())
    body["procedures"][0]["versions"][0]["online_level"] = "sometimes"
    upload = io.BytesIO(json.dumps(body).encode())
    upload.name = "broken.json"
    page = client.post("/vi/thu-tuc/nhap-xuat/", {"file": upload}).content.decode()
    assert "sometimes" in page and "versions[1].online_level" in page
    good = io.BytesIO(exchange.export_json())
    good.name = "catalog.json"
    page = client.post("/vi/thu-tuc/nhap-xuat/", {"file": good, "dry_run": "1"}, follow=True).content.decode()
    assert "Kiểm tra xong" in page


def test_it_answers_searches_from_memory_and_details_in_a_fixed_number_of_queries(
    db: Any, api_client: Client, django_assert_num_queries: Any, monkeypatch: Any
) -> None:
    """Hot paths: a search touches no table once the index is built; a detail is one query for
    the version in force, plus 6 (the version and its five child lists) the first time only:
    published versions never change, so they are kept in memory."""
    from motcua.catalog import search

    monkeypatch.setattr(search, "CHECK_EVERY_SECONDS", 3600.0)
    search.get_index()
    with django_assert_num_queries(0):
        assert api_client.get("/api/v1/procedures", {"q": "giay phep buu chinh"}).status_code == 200
        assert api_client.get("/api/v1/procedures", {"level": "commune"}).status_code == 200
    for code in ("1.900017", "1.900046"):
        from motcua.catalog.selectors import _in_force_version

        _in_force_version.cache_clear()
        with django_assert_num_queries(7):
            assert api_client.get(f"/api/v1/procedures/{code}").status_code == 200
        with django_assert_num_queries(1):
            assert api_client.get(f"/api/v1/procedures/{code}").status_code == 200
