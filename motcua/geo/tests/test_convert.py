"""Old → new address conversion: offline, and honest about split units."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import Client

from motcua.geo.selectors import address_convert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Conversion must never call the package's online geocoder."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("conversion tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(
    "address",
    [
        "Phường Điện Biên, TP Thanh Hóa, Tỉnh Thanh Hóa",
        "phuong dien bien, thanh pho thanh hoa, tinh thanh hoa",
        "P. Điện Biên, TP. Thanh Hoá, Thanh Hoá",
    ],
)
def test_it_converts_dien_bien_to_hac_thanh(address: str) -> None:
    result = address_convert(address)
    assert result.status == "converted"
    assert result.province is not None and result.province.code == "38"
    assert result.commune is not None and result.commune.name == "Phường Hạc Thành"
    assert result.old["ward"] == "Phường Điện Biên"


def test_it_keeps_the_street_without_geocoding_it() -> None:
    result = address_convert("12 Lê Lợi, Phường Điện Biên, TP Thanh Hóa, Tỉnh Thanh Hóa")
    assert result.status == "converted"
    assert result.commune is not None and result.commune.name == "Phường Hạc Thành"
    assert result.old["street"] == "12 Lê Lợi"


def test_it_flags_a_split_unit_as_ambiguous_with_every_candidate() -> None:
    """Thị trấn Hà Trung was split between Xã Hà Trung and Xã Hoạt Giang: never pick one silently."""
    result = address_convert("Thị trấn Hà Trung, Huyện Hà Trung, Tỉnh Thanh Hóa")
    assert result.status == "ambiguous"
    assert result.commune is None
    assert {c.name for c in result.candidates} == {"Xã Hà Trung", "Xã Hoạt Giang"}


def test_a_split_unit_with_a_street_is_still_ambiguous() -> None:
    result = address_convert("5 Bà Triệu, Thị trấn Hà Trung, Huyện Hà Trung, Thanh Hóa")
    assert result.status == "ambiguous"
    assert {c.name for c in result.candidates} == {"Xã Hà Trung", "Xã Hoạt Giang"}


def test_a_district_alone_lists_the_new_communes_it_became() -> None:
    result = address_convert("Huyện Hà Trung, Tỉnh Thanh Hóa")
    assert result.status == "ambiguous"
    assert "Xã Hà Trung" in {c.name for c in result.candidates}


@pytest.mark.parametrize("address", ["abc xyz", "!!!", "Phường Không Tồn Tại, Tỉnh Không Có"])
def test_it_answers_not_found_for_unknown_input(address: str) -> None:
    result = address_convert(address)
    assert result.status == "not_found"
    assert result.message


def test_the_api_answers_the_published_shape(client: Client) -> None:
    response = client.get("/api/v1/address/convert", {"q": "Phường Điện Biên, TP Thanh Hóa, Tỉnh Thanh Hóa"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "converted"
    assert body["province"] == {"code": "38", "name": "Tỉnh Thanh Hóa"}
    assert body["commune"]["name"] == "Phường Hạc Thành"
    assert body["old"]["ward"] == "Phường Điện Biên"

    split = client.get("/api/v1/address/convert", {"q": "Thị trấn Hà Trung, Huyện Hà Trung, Thanh Hóa"}).json()
    assert split["status"] == "ambiguous"
    assert split["commune"] is None
    assert {c["name"] for c in split["candidates"]} == {"Xã Hà Trung", "Xã Hoạt Giang"}


@pytest.mark.parametrize(("query", "status"), [({}, 400), ({"q": "   "}, 400), ({"q": "x" * 301}, 400)])
def test_the_api_refuses_bad_input_with_a_clear_error(client: Client, query: dict[str, str], status: int) -> None:
    response = client.get("/api/v1/address/convert", query)
    assert response.status_code == status
    assert response.json()["code"] in {"missing_address", "address_too_long"}
    assert response.json()["message"]


def test_the_page_converts_and_shows_candidates(client: Client) -> None:
    response = client.get("/vi/chuyen-doi-dia-chi/", {"q": "Thị trấn Hà Trung, Huyện Hà Trung, Thanh Hóa"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="ambiguous"' in html
    assert "Xã Hoạt Giang" in html
