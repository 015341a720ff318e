"""The load view: open dossiers per place from the counters, officers from the memberships; a
loaded commune shows beside its idle neighbours, a place with work and nobody to do it says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from motcua.metrics.load import load_for
from motcua.metrics.models import Counter
from motcua.metrics.tests.month import at
from motcua.metrics.units import parse_unit

pytestmark = pytest.mark.django_db


def commune_pc(name: str) -> Any:
    from motcua.org.choices import AgencyKind
    from motcua.org.models import Agency

    return Agency.objects.get(kind=AgencyKind.COMMUNE_PC, province__code="38", commune__name=name)


def open_at(agency: Any, n: int, *, day: date = date(2026, 12, 20), waiting: int = 0) -> None:
    Counter.objects.create(
        province_code="38",
        day=day,
        receiving_agency_id=agency.pk,
        processing_agency_id=agency.pk,
        procedure_code="1.000001",
        field_code="sample",
        received=n + waiting,
        open_running=n,
        open_waiting=waiting,
    )


def test_it_shows_the_loaded_commune_beside_its_idle_neighbours(personas: Any) -> None:
    """The demo staffs Hạc Thành, Hàm Rồng and Quảng Phú with a specialist and a leader each."""
    hac_thanh, ham_rong = commune_pc("Phường Hạc Thành"), commune_pc("Phường Hàm Rồng")
    unstaffed = commune_pc("Phường Đông Sơn")
    open_at(hac_thanh, 8, waiting=2)
    open_at(hac_thanh, 3, day=date(2026, 12, 1))  # past its appointment: overdue
    open_at(ham_rong, 1)
    open_at(unstaffed, 2)
    with at("2026-12-10 09:00"):
        load = load_for(personas.supervisor, parse_unit("province:38"))
    places = {p.name: p for p in load.places}
    assert places["Phường Hạc Thành"].open == 13 and places["Phường Hạc Thành"].overdue == 3
    assert places["Phường Hạc Thành"].officers == 2 and places["Phường Hạc Thành"].per_officer == Decimal("6.50")
    assert places["Phường Hạc Thành"].state == "overloaded"
    assert places["Phường Hàm Rồng"].state == "idle" and places["Phường Quảng Phú"].state == "idle"
    assert places["Phường Đông Sơn"].state == "unstaffed" and places["Phường Đông Sơn"].per_officer is None
    assert load.open == 16 and load.officer_count == 8
    # The unstaffed and the most loaded first: where help is needed.
    assert [p.name for p in load.places[:2]] == ["Phường Đông Sơn", "Phường Hạc Thành"]


def test_an_officer_outside_the_province_counts_nothing_of_it(personas: Any) -> None:
    open_at(commune_pc("Phường Hạc Thành"), 5)
    with at("2026-12-10 09:00"):
        load = load_for(personas.outsider, parse_unit("province:38"))
    assert load.open == 0 and not load.officers
