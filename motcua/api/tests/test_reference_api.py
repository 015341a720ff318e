"""The reference endpoints answer the real counts in the published shapes."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_provinces_answer_34_with_commune_counts(client: Client) -> None:
    body = client.get("/api/v1/provinces").json()
    assert body["count"] == 34 and len(body["items"]) == 34
    thanh_hoa = next(p for p in body["items"] if p["code"] == "38")
    assert thanh_hoa == {
        "code": "38",
        "name": "Thanh Hóa",
        "full_name": "Tỉnh Thanh Hóa",
        "division_type": "tinh",
        "commune_count": 166,
    }
    assert sum(p["commune_count"] for p in body["items"]) == 3321
    assert {p["division_type"] for p in body["items"]} == {"tinh", "thanh_pho_trung_uong"}


def test_provinces_page_with_a_cursor_without_gaps(client: Client) -> None:
    first = client.get("/api/v1/provinces", {"limit": 20}).json()
    second = client.get("/api/v1/provinces", {"limit": 20, "cursor": first["next_cursor"]}).json()
    codes = [p["code"] for p in first["items"] + second["items"]]
    assert len(codes) == 34 == len(set(codes))
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "code"),
    [({"limit": 0}, "invalid_limit"), ({"cursor": "%%%"}, "invalid_cursor"), ({"limit": "many"}, "validation_error")],
)
def test_bad_paging_input_is_a_clear_4xx(client: Client, params: dict[str, object], code: str) -> None:
    response = client.get("/api/v1/provinces", params)
    assert response.status_code in {400, 422}
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_one_province_and_its_communes(client: Client) -> None:
    assert client.get("/api/v1/provinces/33").json()["commune_count"] == 104
    communes = client.get("/api/v1/provinces/38/communes").json()
    assert communes["count"] == 166 == len(communes["items"])
    assert {c["division_type"] for c in communes["items"]} == {"xa", "phuong"}
    assert any(c["name"] == "Phường Hạc Thành" for c in communes["items"])


def test_an_unknown_province_is_a_translated_404(client: Client) -> None:
    response = client.get("/api/v1/provinces/99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    english = client.get("/api/v1/provinces/99", headers={"Accept-Language": "en"})
    assert english.json()["message"] != response.json()["message"]


def test_agencies_filter_by_province_level_and_kind(client: Client) -> None:
    body = client.get("/api/v1/agencies", {"province": "38", "level": "province"}).json()
    assert body["count"] == 3
    assert {a["kind"] for a in body["items"]} == {"province_pc", "province_centre", "department_st"}
    centres = client.get("/api/v1/agencies", {"province": "38", "kind": "commune_centre", "limit": 500}).json()
    assert centres["count"] == 166
    item = centres["items"][0]
    assert set(item) >= {"id", "identifier", "name", "level", "kind", "province", "commune"}
    assert item["province"] == {"code": "38", "name": "Thanh Hóa"}
    assert item["commune"]["code"]


def test_an_unknown_kind_is_422(client: Client) -> None:
    response = client.get("/api/v1/agencies", {"kind": "palace"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_the_openapi_schema_is_served(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/provinces" in schema["paths"]
    assert "/api/v1/address/convert" in schema["paths"]
