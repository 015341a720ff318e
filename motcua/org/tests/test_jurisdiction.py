"""Jurisdiction: one helper decides which agencies a user may see; every scoped query uses it."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.org.access import can_see_agency, visible_agency_ids
from motcua.org.choices import AgencyKind
from motcua.org.models import Agency

pytestmark = pytest.mark.django_db


def agency(kind: str, province: str | None = None, commune: str | None = None) -> Agency:
    query = Agency.objects.filter(kind=kind)
    if province:
        query = query.filter(province__code=province)
    if commune:
        query = query.filter(commune__name=commune)
    return query.get()


def test_it_limits_a_commune_counter_officer_to_their_own_centre(personas: Any) -> None:
    """counter.hacthanh sees the Hạc Thành centre, and no other commune or province."""
    ids = visible_agency_ids(personas.counter_commune)
    assert ids == {agency(AgencyKind.COMMUNE_CENTRE, "38", "Phường Hạc Thành").pk}
    assert not can_see_agency(personas.counter_commune, agency(AgencyKind.COMMUNE_CENTRE, "38", "Phường Quảng Phú"))
    assert not can_see_agency(personas.counter_commune, agency(AgencyKind.PROVINCE_CENTRE, "42"))
    assert not can_see_agency(personas.counter_commune, agency(AgencyKind.DEPARTMENT_ST, "38"))


def test_a_commune_peoples_committee_sees_itself_and_its_centre(personas: Any) -> None:
    from motcua.org.choices import Role
    from motcua.org.models import Membership, User

    chairman = User.objects.create(username="chairman.hacthanh")
    pc = agency(AgencyKind.COMMUNE_PC, "38", "Phường Hạc Thành")
    Membership.objects.create(user=chairman, agency=pc, role=Role.LEADER)
    assert visible_agency_ids(chairman) == {pc.pk, agency(AgencyKind.COMMUNE_CENTRE, "38", "Phường Hạc Thành").pk}


def test_a_province_admin_sees_every_agency_of_their_province_only(personas: Any) -> None:
    ids = visible_agency_ids(personas.province_admin)
    assert ids is not None
    thanh_hoa = set(Agency.objects.filter(province__code="38").values_list("pk", flat=True))
    assert ids == thanh_hoa
    assert len(ids) == 3 + 2 * 166
    assert not can_see_agency(personas.province_admin, agency(AgencyKind.PROVINCE_CENTRE, "42"))


def test_department_staff_see_their_department(personas: Any) -> None:
    dept = agency(AgencyKind.DEPARTMENT_ST, "38")
    assert visible_agency_ids(personas.specialist) == {dept.pk}
    assert visible_agency_ids(personas.leader) == {dept.pk}


@pytest.mark.parametrize("who", ["supervisor", "inspector"])
def test_ministry_roles_see_every_agency(personas: Any, who: str) -> None:
    user = getattr(personas, who)
    assert visible_agency_ids(user) is None
    assert Agency.objects.visible_to(user).count() == Agency.objects.count()


def test_citizens_and_anonymous_users_see_no_agency(personas: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert visible_agency_ids(personas.citizen) == set()
    assert visible_agency_ids(AnonymousUser()) == set()  # type: ignore[arg-type]
    assert Agency.objects.visible_to(personas.citizen).count() == 0


def test_an_inactive_membership_gives_no_jurisdiction(personas: Any) -> None:
    personas.counter_commune.memberships.update(active=False)
    personas.counter_commune._motcua_memberships = None
    del personas.counter_commune._motcua_memberships
    assert visible_agency_ids(personas.counter_commune) == set()
