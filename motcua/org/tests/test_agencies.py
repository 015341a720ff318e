"""Reference agencies and their QCVN 102 electronic identifiers."""

from __future__ import annotations

from collections import Counter

import pytest

from motcua.org import identifiers
from motcua.org.choices import AgencyKind
from motcua.org.loaders import load_agencies
from motcua.org.models import Agency

pytestmark = pytest.mark.django_db


def test_it_loads_the_ministry_its_units_and_every_local_body() -> None:
    kinds = Counter(Agency.objects.values_list("kind", flat=True))
    assert kinds[AgencyKind.MINISTRY] == 1
    assert kinds[AgencyKind.MINISTRY_UNIT] >= 6
    assert kinds[AgencyKind.PROVINCE_PC] == kinds[AgencyKind.PROVINCE_CENTRE] == kinds[AgencyKind.DEPARTMENT_ST] == 34
    assert kinds[AgencyKind.COMMUNE_PC] == kinds[AgencyKind.COMMUNE_CENTRE] == 3321
    assert 6700 < sum(kinds.values()) < 6900


def test_the_ministry_units_of_the_seeds_are_there() -> None:
    names = set(Agency.objects.filter(kind=AgencyKind.MINISTRY_UNIT).values_list("name_en", flat=True))
    assert {
        "Department of Legal Affairs",
        "Telecommunications Department",
        "Radio Frequency Department",
        "National Office of Intellectual Property",
        "Agency for Radiation and Nuclear Safety",
        "Directorate for Standards, Metrology and Quality",
    } <= names


def test_every_identifier_has_the_qcvn_102_shape_and_is_unique() -> None:
    values = list(Agency.objects.values_list("identifier", flat=True))
    assert all(identifiers.is_valid(v) for v in values)
    assert len(values) == len(set(values))


def test_identifiers_follow_the_documented_scheme() -> None:
    assert Agency.objects.get(kind=AgencyKind.MINISTRY).identifier == "000.00.00.G18"
    assert Agency.objects.get(kind=AgencyKind.PROVINCE_PC, province__code="38").identifier == "000.00.00.H38"
    assert Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province__code="38").identifier == "000.00.01.H38"
    assert Agency.objects.get(kind=AgencyKind.DEPARTMENT_ST, province__code="38").identifier == "000.00.02.H38"
    centre = Agency.objects.get(kind=AgencyKind.COMMUNE_CENTRE, commune__name="Phường Hạc Thành")
    pc = centre.parent
    assert pc is not None and pc.kind == AgencyKind.COMMUNE_PC
    assert centre.identifier[4:] == pc.identifier[4:] and centre.identifier.startswith("001.")


def test_an_official_identifier_survives_a_reload() -> None:
    """Codes are data: an imported official identifier is never undone by `motcua setup`."""
    dept = Agency.objects.get(kind=AgencyKind.DEPARTMENT_ST, province__code="38")
    Agency.objects.filter(pk=dept.pk).update(identifier="000.00.15.H38", official=True)
    result = load_agencies()
    assert not result.changed
    assert Agency.objects.get(pk=dept.pk).identifier == "000.00.15.H38"


def test_names_read_naturally_in_both_languages() -> None:
    dept = Agency.objects.get(kind=AgencyKind.DEPARTMENT_ST, province__code="38")
    assert dept.name == "Sở Khoa học và Công nghệ tỉnh Thanh Hóa"
    assert dept.name_en == "Department of Science and Technology of Thanh Hoa province"
    hue = Agency.objects.get(kind=AgencyKind.PROVINCE_PC, province__code="46")
    assert hue.name == "Ủy ban nhân dân thành phố Huế"
    centre = Agency.objects.get(kind=AgencyKind.COMMUNE_CENTRE, commune__name="Phường Hạc Thành")
    assert centre.name == "Trung tâm Phục vụ hành chính công phường Hạc Thành"
