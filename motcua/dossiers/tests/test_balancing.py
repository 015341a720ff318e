"""Load balancing (Decree 118 Art. 14; DESIGN "Route"): a commune-level, boundary-free procedure
that is not bound to the applicant's commune is proposed, at acceptance, to the least-loaded
staffed commune People's Committee of the province — with its reason on the dossier and in the
acceptance event. A procedure bound to the applicant's commune never moves."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_submit
from motcua.dossiers.choices import Channel
from motcua.dossiers.demo import BALANCED_PROCEDURE, _documents
from motcua.dossiers.models import Dossier
from motcua.geo.models import Commune
from motcua.org.choices import AgencyKind
from motcua.org.demo import BALANCING_WARDS
from motcua.org.models import Agency, User

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
BOUND_PROCEDURE = "1.900027"  # market metrology inspection: bound to the applicant's commune


def _pc(ward: str) -> Agency:
    return Agency.objects.get(kind=AgencyKind.COMMUNE_PC, commune__province__code="38", commune__name=ward)


def _submit(counter: User, procedure: str, key: str) -> Dossier:
    version = ProcedureVersion.objects.get(procedure__code=procedure, status="published")
    hac_thanh = Commune.objects.get(province__code="38", name=BALANCING_WARDS["hacthanh"])
    data = SubmitInput(
        procedure=procedure,
        channel=Channel.COUNTER,
        applicant={
            "kind": "person",
            "full_name": "Lê Văn Tâm",
            "id_number": "038085001234",
            "phone": "0912000111",
            "address": {"province": "38", "commune": hac_thanh.code, "detail": "Kiốt 12, chợ Vườn Hoa"},
        },
        documents=_documents(version),
        summary=version.name,
    )
    return dossier_submit(acting_user=counter, data=data, idempotency_key=key).dossier


def _load_hac_thanh(personas: Any, procedure: str, n: int = 4) -> Agency:
    """Hạc Thành's People's Committee holds `n` open dossiers its officer chose to keep there."""
    home = _pc(BALANCING_WARDS["hacthanh"])
    specialist = User.objects.get(username="specialist.hacthanh")
    for i in range(n):
        dossier = _submit(personas.counter_commune, procedure, f"load-{procedure}-{i}")
        assert dossier.processing_agency_id == home.pk
        dossier_act(
            acting_user=personas.counter_commune,
            dossier_id=dossier.pk,
            action="accept",
            params={"processing_agency": home.pk, "reason": "Cơ sở kinh doanh tại chợ trên địa bàn phường"},
        )
        dossier_act(acting_user=specialist, dossier_id=dossier.pk, action="claim", params={})
    return home


@pytest.fixture
def monday() -> Any:
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=False):
        yield


def test_it_balances_a_dossier_from_a_loaded_ward_to_an_idle_neighbour(personas: Any, monday: Any) -> None:
    """1.900028 is commune-level, boundary-free and not bound to the applicant's commune: with
    Hạc Thành loaded and Hàm Rồng and Quảng Phú idle, acceptance moves it to an idle neighbour
    and records why."""
    version = ProcedureVersion.objects.get(procedure__code=BALANCED_PROCEDURE, status="published")
    assert version.level_commune and version.boundary_free and not version.bound_to_applicant_commune
    home = _load_hac_thanh(personas, BALANCED_PROCEDURE)
    idle = {_pc(BALANCING_WARDS["hamrong"]).pk, _pc(BALANCING_WARDS["quangphu"]).pk}

    dossier = _submit(personas.counter_commune, BALANCED_PROCEDURE, "the-new-one")
    assert dossier.processing_agency_id == home.pk  # the applicant's ward, until acceptance
    dossier_act(acting_user=personas.counter_commune, dossier_id=dossier.pk, action="accept", params={})

    dossier.refresh_from_db()
    assert dossier.processing_agency_id in idle
    target = Agency.objects.get(pk=dossier.processing_agency_id)
    assert target.name in dossier.routing_note and home.name in dossier.routing_note
    event = dossier.events.filter(data__has_key="balanced").get()
    assert event.data["balanced"] == {
        "override": False,
        "from": home.pk,
        "to": target.pk,
        "why": dossier.routing_note,
    }
    # The neighbour's own specialist can take it up; the receiving ward's cannot.
    assert dossier.code and dossier.code.startswith(target.identifier)
    neighbour = "specialist.hamrong" if target.pk == _pc(BALANCING_WARDS["hamrong"]).pk else "specialist.quangphu"
    dossier_act(acting_user=User.objects.get(username=neighbour), dossier_id=dossier.pk, action="claim", params={})


def test_it_never_moves_a_procedure_bound_to_the_applicants_commune(personas: Any, monday: Any) -> None:
    """1.900027 (inspection at the market of the commune) is bound to the applicant's commune:
    however loaded Hạc Thành is, it stays there and no balancing is recorded."""
    version = ProcedureVersion.objects.get(procedure__code=BOUND_PROCEDURE, status="published")
    assert version.level_commune and version.bound_to_applicant_commune
    home = _load_hac_thanh(personas, BOUND_PROCEDURE)

    dossier = _submit(personas.counter_commune, BOUND_PROCEDURE, "bound-new-one")
    dossier_act(acting_user=personas.counter_commune, dossier_id=dossier.pk, action="accept", params={})

    dossier.refresh_from_db()
    assert dossier.processing_agency_id == home.pk
    assert dossier.routing_note == ""
    accepted = dossier.events.order_by("-pk").first()
    assert accepted is not None and "balanced" not in accepted.data


def test_the_demo_shows_a_dossier_balanced_away_from_hac_thanh() -> None:
    """`motcua setup --demo` loads Hạc Thành and accepts one more there, through the actions."""
    from motcua.dossiers.demo import BALANCING_LOAD, load_demo_dossiers
    from motcua.org.demo import load_demo_accounts

    load_demo_accounts()
    load_demo_dossiers()
    home = _pc(BALANCING_WARDS["hacthanh"])
    loaded = Dossier.objects.filter(idempotency_key__startswith="demo-38-balance-")
    assert loaded.filter(processing_agency=home).count() == BALANCING_LOAD
    moved = Dossier.objects.get(idempotency_key=f"demo-38-balance-{BALANCING_LOAD:02d}")
    assert moved.processing_agency_id in {_pc(BALANCING_WARDS["hamrong"]).pk, _pc(BALANCING_WARDS["quangphu"]).pk}
    assert moved.routing_note.startswith("Điều phối sang")
    assert moved.events.filter(data__balanced__override=False, data__balanced__to=moved.processing_agency_id).exists()
