"""Personas built once per test: the demo accounts plus an outsider from another province."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.org.choices import AgencyKind, Role
from motcua.org.demo import load_demo_accounts
from motcua.org.models import Agency, Membership, User


@dataclass
class Personas:
    counter_province: User  # counter.thanhhoa
    counter_commune: User  # counter.hacthanh (Phường Hạc Thành)
    specialist: User  # specialist.khcn.thanhhoa
    leader: User  # leader.khcn.thanhhoa
    province_admin: User  # admin.thanhhoa
    counter_hatinh: User  # counter.hatinh
    supervisor: User  # supervisor.bokhcn
    inspector: User  # inspector.bokhcn
    citizen: User  # citizen.demo
    outsider: User  # counter officer of a commune in Hưng Yên

    def all(self) -> dict[str, User]:
        return dict(self.__dict__)


def make_personas() -> Personas:
    load_demo_accounts()
    users = {u.username: u for u in User.objects.all()}
    outsider, _ = User.objects.get_or_create(username="counter.outsider", defaults={"full_name": "Người Ngoài"})
    agency = Agency.objects.filter(kind=AgencyKind.COMMUNE_CENTRE, province__code="33").order_by("identifier").first()
    Membership.objects.get_or_create(user=outsider, agency=agency, role=Role.COUNTER_OFFICER)
    return Personas(
        counter_province=users["counter.thanhhoa"],
        counter_commune=users["counter.hacthanh"],
        specialist=users["specialist.khcn.thanhhoa"],
        leader=users["leader.khcn.thanhhoa"],
        province_admin=users["admin.thanhhoa"],
        counter_hatinh=users["counter.hatinh"],
        supervisor=users["supervisor.bokhcn"],
        inspector=users["inspector.bokhcn"],
        citizen=users["citizen.demo"],
        outsider=outsider,
    )
