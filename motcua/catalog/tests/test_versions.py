"""Versions: drafts, publishing rules, immutability, the version in force on a date."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from motcua.catalog import actions, selectors
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import Conflict, DomainError

XRAY = "1.900017"
TELECOM = "1.900001"


def draft_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Cấp giấy phép thử nghiệm dịch vụ viễn thông",
        "name_en": "Trial telecommunications licence",
        "field": "telecommunications",
        "levels": ["province"],
        "competent_body_kind": "province_pc",
        "time_limit": {"value": 5, "unit": "working_days"},
        "online_level": "full",
        "boundary_free": True,
        "applicant_types": ["business"],
        "result_types": [{"code": "GPTN", "name": "Giấy phép thử nghiệm"}],
        "documents": [{"name": "Đơn đề nghị"}],
        "fees": [{"name": "Lệ phí", "amount": 500000, "moment": 4}],
        "legal_bases": [{"number": "24/2023/QH15", "date": "2023-11-24", "title": "Luật Viễn thông"}],
        "process": [
            {"stage": "reception", "name": "Tiếp nhận", "unit_kind": "one_stop", "role": "counter_officer",
             "time": {"value": 0.5, "unit": "working_days"}},
            {"stage": "appraisal", "name": "Thẩm định", "unit_kind": "specialist_division", "role": "specialist",
             "time": {"value": 3.5, "unit": "working_days"}},
            {"stage": "approval", "name": "Ký duyệt", "unit_kind": "leadership", "role": "leader",
             "time": {"value": 1, "unit": "working_days"}},
            {"stage": "return", "name": "Trả kết quả", "unit_kind": "one_stop", "role": "counter_officer",
             "time": {"value": 0, "unit": "working_days"}},
        ],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_it_loads_every_competence_of_rules_section_4(db: Any) -> None:
    """RULES.md §4: telecom licences and disputes, amateur radio, X-ray, metrology, quality, IT design."""
    names = " | ".join(ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list("name", flat=True))
    for words in (
        "dịch vụ viễn thông không có hạ tầng mạng", "Gia hạn giấy phép cung cấp dịch vụ viễn thông",
        "Thu hồi giấy phép cung cấp dịch vụ viễn thông", "cố định mặt đất",
        "tranh chấp giữa các doanh nghiệp viễn thông",
        "chứng chỉ vô tuyến điện viên nghiệp dư", "đài vô tuyến điện nghiệp dư", "X-quang chẩn đoán",
        "Kiểm tra nhà nước về đo lường", "hàng đóng gói sẵn", "chất lượng sản phẩm, hàng hóa",
        "Thẩm định thiết kế cơ sở dự án đầu tư ứng dụng công nghệ thông tin nhóm A",
    ):  # fmt: skip
        assert words in names, words
    design = selectors.procedure_version_current("1.900051", datetime.date(2025, 9, 1))
    assert design is not None and design.time_limit_value == 20 and design.time_limit_unit == "working_days"
    fields = set(ProcedureVersion.objects.values_list("field__code", flat=True))
    assert {"quality_measurement_standards", "intellectual_property", "radiation_nuclear_safety", "radio_frequencies",
            "science_technology", "telecommunications", "postal_services"} <= fields  # fmt: skip
    assert not ProcedureVersion.objects.filter(sample=False).exists()  # nothing invented passes as legal data


def test_it_pins_the_version_in_force_on_a_date(db: Any) -> None:
    """A dossier stays on the version it started with: the X-ray licence changed on 2025-07-01."""
    before = selectors.procedure_version_current(XRAY, datetime.date(2025, 6, 30))
    after = selectors.procedure_version_current(XRAY, datetime.date(2025, 7, 1))
    assert before is not None and after is not None
    assert (before.number, before.status) == (1, VersionStatus.RETIRED)
    assert (after.number, after.status) == (2, VersionStatus.PUBLISHED)
    assert selectors.procedure_version_current(XRAY, datetime.date(2020, 1, 1)) is None
    assert selectors.procedure_version_get(before.pk) == before


def test_it_keeps_a_draft_apart_from_the_published_version(db: Any, catalog_admin: Any) -> None:
    """The telecom licence has a draft v2 (15 days) while v1 (20 days) stays in force."""
    current = selectors.procedure_version_current(TELECOM, datetime.date(2026, 1, 1))
    assert current is not None and current.number == 1 and current.time_limit_value == 20
    draft = ProcedureVersion.objects.get(procedure__code=TELECOM, status=VersionStatus.DRAFT)
    actions.version_draft_update(acting_user=catalog_admin, version_id=draft.pk,
                                 data={**draft_data(), "field": "telecommunications"})  # fmt: skip
    current.refresh_from_db()
    assert current.name.startswith("Cấp giấy phép cung cấp dịch vụ viễn thông")


def test_it_publishes_a_draft_and_retires_the_previous_version_the_day_before(db: Any, catalog_admin: Any) -> None:
    draft = ProcedureVersion.objects.get(procedure__code=TELECOM, status=VersionStatus.DRAFT)
    published = actions.version_publish(acting_user=catalog_admin, version_id=draft.pk,
                                        valid_from=datetime.date(2026, 3, 1))  # fmt: skip
    old = ProcedureVersion.objects.get(procedure__code=TELECOM, number=1)
    assert (old.status, old.valid_to) == (VersionStatus.RETIRED, datetime.date(2026, 2, 28))
    assert published.status == VersionStatus.PUBLISHED and published.published_by == catalog_admin
    assert selectors.procedure_version_current(TELECOM, datetime.date(2026, 2, 28)).number == 1  # type: ignore[union-attr]
    assert selectors.procedure_version_current(TELECOM, datetime.date(2026, 3, 1)).number == 2  # type: ignore[union-attr]


def test_it_refuses_to_publish_a_version_whose_process_does_not_add_up(db: Any, catalog_admin: Any) -> None:
    """A version without a valid process cannot be published; the messages say why."""
    version = actions.procedure_create(acting_user=catalog_admin, code="9.000001",
                                       data=draft_data(time_limit={"value": 7, "unit": "working_days"}))  # fmt: skip
    with pytest.raises(DomainError) as caught:
        actions.version_publish(acting_user=catalog_admin, version_id=version.pk, valid_from=datetime.date(2026, 1, 1))
    assert caught.value.code == "not_publishable"
    assert [e["field"] for e in caught.value.errors] == ["process"]
    assert "7 ngày làm việc" in caught.value.errors[0]["message"]
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_it_freezes_published_versions(db: Any, catalog_admin: Any) -> None:
    """Published versions are immutable; changes go through a new draft."""
    published = ProcedureVersion.objects.get(procedure__code=XRAY, number=2)
    with pytest.raises(Conflict):
        actions.version_draft_update(acting_user=catalog_admin, version_id=published.pk, data=draft_data())
    with pytest.raises(Conflict):
        actions.version_publish(
            acting_user=catalog_admin, version_id=published.pk, valid_from=datetime.date(2026, 1, 1)
        )
    draft = actions.version_draft_open(acting_user=catalog_admin, code=XRAY)
    assert draft.number == 3 and draft.status == VersionStatus.DRAFT
    assert draft.steps.count() == published.steps.count() and draft.documents.count() == published.documents.count()
    with pytest.raises(Conflict):
        actions.version_draft_open(acting_user=catalog_admin, code=XRAY)


def test_it_refuses_a_valid_from_not_after_the_version_in_force(db: Any, catalog_admin: Any) -> None:
    draft = actions.version_draft_open(acting_user=catalog_admin, code=XRAY)
    with pytest.raises(DomainError) as caught:
        actions.version_publish(acting_user=catalog_admin, version_id=draft.pk, valid_from=datetime.date(2025, 7, 1))
    assert caught.value.code == "invalid_valid_from"


def test_it_reports_every_bad_field_of_a_draft(db: Any, catalog_admin: Any) -> None:
    with pytest.raises(DomainError) as caught:
        actions.procedure_create(acting_user=catalog_admin, code="9.000002",
                                 data=draft_data(levels=["planet"], online_level="maybe",
                                                 time_limit={"value": "abc", "unit": "working_days"}))  # fmt: skip
    fields = {e["field"] for e in caught.value.errors}
    assert {"levels", "online_level", "time_limit_value"} <= fields
    assert not ProcedureVersion.objects.filter(procedure__code="9.000002").exists()


def test_it_lets_only_catalogue_administrators_change_it(db: Any, personas: Any) -> None:
    """Province staff and citizens read the catalogue; only system administrators change it."""
    draft = ProcedureVersion.objects.get(procedure__code=TELECOM, status=VersionStatus.DRAFT)
    for user in (personas.province_admin, personas.citizen, personas.supervisor, personas.counter_commune):
        with pytest.raises(DomainError) as caught:
            actions.version_publish(acting_user=user, version_id=draft.pk, valid_from=datetime.date(2026, 3, 1))
        assert caught.value.status == 403


def test_it_discards_a_draft_unless_another_app_already_points_at_it(db: Any, catalog_admin: Any) -> None:
    version = actions.procedure_create(acting_user=catalog_admin, code="9.000003", data=draft_data())
    actions.version_draft_discard(acting_user=catalog_admin, version_id=version.pk)
    assert not ProcedureVersion.objects.filter(procedure__code="9.000003").exists()
    published = ProcedureVersion.objects.get(procedure__code=XRAY, number=2)
    with pytest.raises(Conflict):
        actions.version_draft_discard(acting_user=catalog_admin, version_id=published.pk)
    referenced = [
        rel for rel in ProcedureVersion._meta.related_objects if rel.related_model._meta.app_label != "catalog"
    ]
    draft = ProcedureVersion.objects.get(procedure__code=TELECOM, status=VersionStatus.DRAFT)
    if any(rel.related_model._default_manager.filter(**{rel.field.name: draft}).exists() for rel in referenced):
        with pytest.raises(Conflict) as caught:
            actions.version_draft_discard(acting_user=catalog_admin, version_id=draft.pk)
        assert caught.value.code == "draft_in_use"
        assert ProcedureVersion.objects.filter(pk=draft.pk).exists()
