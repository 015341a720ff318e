"""The real geography of the two-level local government (since 2025-07-01)."""

from __future__ import annotations

from collections import Counter

import pytest

from motcua.geo.models import Commune, Province

pytestmark = pytest.mark.django_db


def test_it_has_34_provinces_28_provinces_and_6_cities() -> None:
    assert Province.objects.count() == 34
    assert Counter(Province.objects.values_list("division_type", flat=True)) == {"tinh": 28, "thanh_pho_trung_uong": 6}


def test_it_has_3321_communes_by_type() -> None:
    assert Commune.objects.count() == 3321
    assert Counter(Commune.objects.values_list("division_type", flat=True)) == {
        "xa": 2621,
        "phuong": 687,
        "dac_khu": 13,
    }


@pytest.mark.parametrize(
    ("code", "total", "by_type"),
    [
        ("38", 166, {"xa": 147, "phuong": 19}),  # Thanh Hóa
        ("33", 104, None),  # Hưng Yên
        ("82", 102, None),  # Đồng Tháp
        ("46", 40, None),  # Huế
    ],
)
def test_it_pins_real_commune_counts(code: str, total: int, by_type: dict[str, int] | None) -> None:
    communes = Commune.objects.filter(province__code=code)
    assert communes.count() == total
    if by_type:
        assert Counter(communes.values_list("division_type", flat=True)) == by_type


def test_it_names_provinces_with_their_prefix() -> None:
    assert Province.objects.get(code="38").full_name == "Tỉnh Thanh Hóa"
    assert Province.objects.get(code="46").full_name == "Thành phố Huế"
    assert Commune.objects.filter(province__code="38", name="Phường Hạc Thành").exists()


def test_loading_twice_changes_nothing() -> None:
    from motcua.geo.loaders import load_geography

    result = load_geography()
    assert not result.changed
    assert result.unchanged == 34 + 3321
