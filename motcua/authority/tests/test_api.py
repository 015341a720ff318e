"""The two endpoints of issue 6: errors and list shape."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.authority.tests.helpers import COMMUNE_BOUND_PROCEDURE, PC_PROCEDURE, THANH_HOA, register

pytestmark = pytest.mark.django_db


def test_an_unknown_procedure_answers_404_with_a_clear_message(client: Client) -> None:
    response = client.get("/api/v1/authority/resolve?procedure=9.999999&province=38&date=2025-08-15")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_procedure"
    assert "9.999999" in response.json()["message"]


def test_an_unknown_place_answers_404(client: Client) -> None:
    assert client.get(f"/api/v1/authority/resolve?procedure={PC_PROCEDURE}&province=99").status_code == 404
    response = client.get(f"/api/v1/authority/resolve?procedure={COMMUNE_BOUND_PROCEDURE}&province=38&commune=00001")
    assert response.status_code == 404 and response.json()["code"] == "unknown_commune"
    assert client.get("/api/v1/authority/decisions?province=99").status_code == 404


def test_a_bad_date_answers_422(client: Client) -> None:
    response = client.get(f"/api/v1/authority/resolve?procedure={PC_PROCEDURE}&province=38&date=2025-13-45")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_date"


def test_a_missing_commune_answers_422_in_english(client: Client) -> None:
    response = client.get(
        f"/api/v1/authority/resolve?procedure={COMMUNE_BOUND_PROCEDURE}&province=38&date=2025-08-15",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "commune_required"
    assert "commune" in response.json()["message"].lower()


def test_the_decision_list_pages_with_a_cursor(client: Client) -> None:
    register()
    register(number="102/QĐ-UBND", procedure_codes=["1.900007"])
    first = client.get(f"/api/v1/authority/decisions?province={THANH_HOA}&limit=1").json()
    assert first["count"] == 2 and len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(
        f"/api/v1/authority/decisions?province={THANH_HOA}&limit=1&cursor={first['next_cursor']}"
    ).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    assert second["next_cursor"] is None
    item = first["items"][0]
    assert set(item) >= {
        "id",
        "number",
        "issued_on",
        "kind",
        "issuer",
        "from",
        "to",
        "valid_from",
        "valid_to",
        "procedures",
        "sample",
    }
