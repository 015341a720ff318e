"""The resolver: statutory competence, decisions before/after their effective date, expiry,
revocation, amendment, gaps, commune-bound procedures, and its cost."""

from __future__ import annotations

import json
from typing import Any

import pytest

from motcua.authority.actions import decision_amend, decision_revoke
from motcua.authority.choices import DecisionKind, Holder, Source
from motcua.authority.resolver import resolve
from motcua.authority.tests.helpers import (
    CHAIRMAN_PROCEDURE,
    COMMUNE_BOUND_PROCEDURE,
    DEPARTMENT_PROCEDURE,
    HA_TINH,
    PC_PROCEDURE,
    THANH_HOA,
    day,
    decision_input,
    register,
)
from motcua.core.errors import DomainError, NotFound
from motcua.geo.models import Commune
from motcua.org.choices import AgencyKind

pytestmark = pytest.mark.django_db


def test_it_answers_the_statutory_competence_when_no_decision_applies() -> None:
    """Decree 133/2025: the provincial People's Committee decides; its Chairman signs TM."""
    r = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-08-15"))
    assert r.source == Source.STATUTORY
    assert r.processing_agency.name == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert r.processing_agency.identifier.endswith(".H38")
    assert r.signer.wording == "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    assert [a.number for a in r.legal_chain] == ["133/2025/NĐ-CP"]


def test_it_applies_a_decision_from_its_effective_date_and_not_the_day_before() -> None:
    register(valid_from=day("2025-09-01"))
    before = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-08-31"))
    after = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-09-01"))
    assert before.processing_agency.kind == AgencyKind.PROVINCE_PC
    assert after.processing_agency.kind == AgencyKind.DEPARTMENT_ST
    assert after.deciding_authority.title == "Giám đốc Sở Khoa học và Công nghệ tỉnh Thanh Hóa"
    assert after.competent_authority.title == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert after.signer.wording == "TUQ. ỦY BAN NHÂN DÂN / GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert [a.number for a in after.legal_chain] == ["133/2025/NĐ-CP", "101/QĐ-UBND"]


def test_it_stops_applying_a_decision_after_it_expires() -> None:
    register(valid_to=day("2025-12-31"))
    assert resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-12-31")).source == Source.DECISION
    after = resolve(PC_PROCEDURE, THANH_HOA, None, day("2026-01-01"))
    assert after.source == Source.STATUTORY
    assert after.processing_agency.kind == AgencyKind.PROVINCE_PC


def test_it_falls_back_to_the_statutory_competence_in_a_gap_between_decisions() -> None:
    register(valid_to=day("2025-09-30"))
    register(number="140/QĐ-UBND", issued_on=day("2025-10-01"), valid_from=day("2025-10-15"))
    assert resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-10-10")).source == Source.STATUTORY
    late = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-10-15"))
    assert late.legal_chain[-1].number == "140/QĐ-UBND"


def test_a_revocation_ends_the_decision_the_day_before_it_takes_effect() -> None:
    """Revoking is a new dated record; the revoked decision keeps its history and stops the day
    before; nothing is deleted."""
    original = register()
    revocation = decision_revoke(
        acting_user=None,
        target_id=original.pk,
        number="150/QĐ-UBND",
        issued_on=day("2025-10-01"),
        issuer_name="Ủy ban nhân dân tỉnh Thanh Hóa",
        valid_from=day("2025-10-01"),
        title="Bãi bỏ Quyết định 101/QĐ-UBND",
    )
    original.refresh_from_db()
    assert original.ends_on == day("2025-09-30")
    assert revocation.target_id == original.pk
    assert resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-09-30")).source == Source.DECISION
    assert resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-10-01")).source == Source.STATUTORY


def test_an_amendment_replaces_the_decision_from_its_own_date_and_names_what_it_amends() -> None:
    original = register()
    decision_amend(
        acting_user=None,
        target_id=original.pk,
        data=decision_input(
            number="160/QĐ-UBND",
            issued_on=day("2025-11-01"),
            valid_from=day("2025-11-01"),
            kind=DecisionKind.DECENTRALISATION,
            title="Phân cấp cho Sở Khoa học và Công nghệ",
            to_holder=Holder.BODY,
        ),
    )
    october = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-10-31"))
    november = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-11-01"))
    assert october.signer.mode == "tuq"
    assert november.signer.wording == "GIÁM ĐỐC"  # decentralised: the department decides in its own name
    assert november.competent_authority.kind == AgencyKind.DEPARTMENT_ST
    assert november.legal_chain[-1].number == "160/QĐ-UBND"
    assert november.legal_chain[-1].amends == "101/QĐ-UBND"


def test_it_rejects_a_decision_that_overlaps_another_for_the_same_procedure_and_place() -> None:
    """Two decisions for the same procedure, province and days cannot both hold: the second is
    refused with a message naming the first; nothing is written."""
    register(valid_to=day("2025-12-31"))
    with pytest.raises(DomainError) as caught:
        register(number="170/QĐ-UBND", issued_on=day("2025-10-01"), valid_from=day("2025-10-01"))
    assert caught.value.code == "overlap"
    assert caught.value.status == 409
    assert "101/QĐ-UBND" in str(caught.value.message)
    assert caught.value.errors[0]["procedures"] == [PC_PROCEDURE]
    from motcua.authority.models import Decision

    assert not Decision.objects.filter(number="170/QĐ-UBND").exists()


def test_it_accepts_the_same_procedure_in_another_period_or_another_province() -> None:
    register(valid_to=day("2025-12-31"))
    register(number="180/QĐ-UBND", issued_on=day("2025-12-01"), valid_from=day("2026-01-01"))
    register(number="181/QĐ-UBND", province=HA_TINH, issuer_name="Ủy ban nhân dân tỉnh Hà Tĩnh")
    assert resolve(PC_PROCEDURE, HA_TINH, None, day("2025-09-02")).legal_chain[-1].number == "181/QĐ-UBND"


def test_it_rejects_a_whole_field_decision_that_covers_a_listed_procedure() -> None:
    register()
    with pytest.raises(DomainError) as caught:
        register(number="190/QĐ-UBND", scope="field", field="telecommunications", procedure_codes=[])
    assert caught.value.code == "overlap"


def test_a_whole_field_decision_covers_every_procedure_of_the_field() -> None:
    register(
        scope="field",
        field="telecommunications",
        procedure_codes=[],
        from_kind=AgencyKind.DEPARTMENT_ST,
        from_holder=Holder.BODY,
        to_kind=AgencyKind.PROVINCE_CENTRE,
        to_holder=Holder.HEAD,
        kind=DecisionKind.AUTHORISATION,
    )
    r = resolve(DEPARTMENT_PROCEDURE, THANH_HOA, None, day("2025-09-15"))
    assert r.processing_agency.kind == AgencyKind.PROVINCE_CENTRE
    # a procedure of the field whose holder is not the decision's "from" is untouched
    assert resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-09-15")).source == Source.STATUTORY


def test_a_commune_bound_procedure_resolves_to_the_applicant_s_commune_people_s_committee() -> None:
    """Decree 132/2025: commune People's Committees inspect measuring instruments; the dossier
    goes to the applicant's own commune."""
    commune = Commune.objects.get(province__code=THANH_HOA, name="Phường Hạc Thành")
    r = resolve(COMMUNE_BOUND_PROCEDURE, THANH_HOA, commune.code, day("2025-08-15"))
    assert r.bound_to_applicant_commune
    assert r.level == "commune" and r.commune_code == commune.code
    assert r.processing_agency.kind == AgencyKind.COMMUNE_PC
    assert r.processing_agency.name == "Ủy ban nhân dân phường Hạc Thành, tỉnh Thanh Hóa"
    assert r.signer.wording == "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    assert [a.number for a in r.legal_chain] == ["132/2025/NĐ-CP"]


def test_a_commune_bound_procedure_needs_the_applicant_s_commune() -> None:
    with pytest.raises(DomainError) as caught:
        resolve(COMMUNE_BOUND_PROCEDURE, THANH_HOA, None, day("2025-08-15"))
    assert caught.value.code == "commune_required"


def test_a_commune_outside_the_province_is_not_found() -> None:
    other = Commune.objects.filter(province__code=HA_TINH).first()
    assert other is not None
    with pytest.raises(NotFound):
        resolve(COMMUNE_BOUND_PROCEDURE, THANH_HOA, other.code, day("2025-08-15"))


def test_unknown_procedures_and_places_are_not_found() -> None:
    with pytest.raises(NotFound) as procedure:
        resolve("9.999999", THANH_HOA, None, day("2025-08-15"))
    assert procedure.value.code == "unknown_procedure"
    with pytest.raises(NotFound) as province:
        resolve(PC_PROCEDURE, "99", None, day("2025-08-15"))
    assert province.value.code == "unknown_province"


def test_a_day_before_any_version_is_not_found() -> None:
    with pytest.raises(NotFound) as caught:
        resolve(PC_PROCEDURE, THANH_HOA, None, day("2020-01-01"))
    assert caught.value.code == "no_version_in_force"


def test_the_resolution_is_a_json_snapshot() -> None:
    """The dossier stores `as_dict()` as its routing snapshot: plain JSON, round-trips."""
    register()
    snapshot = resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-09-15")).as_dict()
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["processing_agency"]["identifier"].endswith(".H38")
    assert snapshot["signer"]["block"] == ["TUQ. ỦY BAN NHÂN DÂN", "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert snapshot["on_date"] == "2025-09-15"
    assert snapshot["format"] == 1


def test_it_costs_three_queries(django_assert_max_num_queries: Any) -> None:
    """Dossier intake calls the resolver on every submission: the place with its agencies, the competence,
    decisions — and nothing per decision or per act."""
    register()
    with django_assert_max_num_queries(3):
        resolve(PC_PROCEDURE, THANH_HOA, None, day("2025-09-15"))
    with django_assert_max_num_queries(3):
        resolve(CHAIRMAN_PROCEDURE, "33", None, day("2025-08-15"))


def test_a_ministry_procedure_resolves_to_its_unit_without_a_province() -> None:
    r = resolve("1.900015", None, None, day("2025-08-15"))
    assert r.processing_agency.name == "Cục Tần số vô tuyến điện"
    assert r.signer.wording == "CỤC TRƯỞNG"
    assert r.signer.deputy_wording == "KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG"


def test_a_pinned_version_resolves_with_its_own_competence() -> None:
    """The dossier pins the version it started with; the resolver takes it as given."""
    from motcua.catalog.models import ProcedureVersion

    version = ProcedureVersion.objects.get(procedure__code=PC_PROCEDURE, status="published")
    r = resolve(version, THANH_HOA, None, day("2025-08-15"))
    assert r.procedure_version_id == version.pk


def test_a_new_version_without_competence_rows_keeps_the_previous_competence() -> None:
    """A version published after the register was loaded carries the previous version's holder
    (here: the Chairman), not the catalogue's coarser body kind."""
    from motcua.catalog.models import ProcedureVersion

    current = ProcedureVersion.objects.get(procedure__code=CHAIRMAN_PROCEDURE, status="published")
    ProcedureVersion.objects.filter(pk=current.pk).update(status="retired", valid_to=day("2026-05-31"))
    newer = ProcedureVersion.objects.get(pk=current.pk)
    newer.pk = None
    newer.number = 9
    newer.status = "published"
    newer.valid_from, newer.valid_to = day("2026-06-01"), None
    newer.save()
    r = resolve(CHAIRMAN_PROCEDURE, THANH_HOA, None, day("2026-06-01"))
    assert r.procedure_version == 9
    assert r.statutory_authority.holder == Holder.HEAD
    assert r.signer.wording == "CHỦ TỊCH"


def test_the_command_prints_who_decides(capsys: Any) -> None:
    from django.core.management import call_command

    call_command("authority", "resolve", CHAIRMAN_PROCEDURE, "--province", "33", "--date", "2025-07-30")
    out = capsys.readouterr().out
    assert "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in out and "TUQ. CHỦ TỊCH" in out and "420/QĐ-UBND" in out
