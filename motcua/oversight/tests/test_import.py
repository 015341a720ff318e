"""Importing the 2025 campaign (data/oversight-campaign-2025.json): complete, linked to the
reference geography and agencies, and idempotent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from motcua.core.errors import DomainError
from motcua.oversight.choices import AddresseeKind, RecommendationStatus
from motcua.oversight.importer import DEFAULT_FILE, campaign_import_data, load_campaign_2025
from motcua.oversight.models import (
    Campaign,
    Difficulty,
    KeyFigure,
    Recommendation,
    RecommendationEvent,
    Visit,
    WorkingGroup,
)

pytestmark = pytest.mark.django_db


def data() -> dict[str, Any]:
    return json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (Campaign, Visit, WorkingGroup, KeyFigure, Difficulty, Recommendation, RecommendationEvent)
    }


def test_it_imports_the_campaign_with_its_six_visits(campaign: Campaign) -> None:
    """12 groups and 34 localities as published; the six documented visits linked to provinces by code."""
    assert campaign.planned_groups == 12 and campaign.planned_localities == 34
    assert sorted(Visit.objects.values_list("province_code", flat=True)) == ["25", "33", "38", "42", "46", "82"]
    thanh_hoa = Visit.objects.get(province_code="38")
    assert str(thanh_hoa.visited_on) == "2025-08-19"
    assert thanh_hoa.group is not None and thanh_hoa.group.head is not None
    assert thanh_hoa.group.head.agency is not None and thanh_hoa.group.head.agency.name == "Cục Viễn thông"
    assert [v.commune.name for v in thanh_hoa.venues.all() if v.commune] == ["Xã Hà Trung"]
    assert thanh_hoa.figures.get(key="commune_centers_received").value == 149470
    assert thanh_hoa.figures.get(key="commune_centers_on_time_percent").unit == "percent"
    assert thanh_hoa.difficulties.count() == 7 and thanh_hoa.recommendations.count() == 5
    group = WorkingGroup.objects.get(members__name="Nguyễn Thanh Chung")
    assert sorted(group.provinces.values_list("code", flat=True)) == ["33", "38"]


def test_it_links_named_ministry_units_and_splits_joint_addressees(campaign: Campaign) -> None:
    """ "Agency for Radiation and Nuclear Safety" is the ministry unit row; "Ministry of Home
    Affairs; MOST" keeps MOST as co-addressee."""
    radiation = Recommendation.objects.get(field="radiation_nuclear_safety")
    assert radiation.addressee_kind == AddresseeKind.MOST_UNIT
    assert radiation.addressee_agency is not None and radiation.addressee_agency.kind == "ministry_unit"
    joint = Recommendation.objects.get(key="visit-38-r1")
    assert joint.addressee_name == "Bộ Nội vụ" and joint.co_addressees == ["MOST"]
    assert Recommendation.objects.filter(province__isnull=True).count() == 8
    assert set(Recommendation.objects.values_list("status", flat=True)) == {RecommendationStatus.RECORDED}
    assert RecommendationEvent.objects.filter(kind="recorded").count() == Recommendation.objects.count() == 27


def test_it_changes_nothing_when_imported_twice(campaign: Campaign) -> None:
    """Running setup twice must change nothing (motcua.core.setup)."""
    before = counts()
    result = load_campaign_2025()
    assert not result.changed, str(result)
    assert result.unchanged > 100
    assert counts() == before


def test_a_second_import_keeps_the_lifecycle_of_recommendations(campaign: Campaign, personas: Any) -> None:
    from motcua.oversight.actions import recommendation_escalate

    rec = Recommendation.objects.get(key="visit-38-r4")
    recommendation_escalate(acting_user=personas.inspector, recommendation_id=rec.pk)
    load_campaign_2025()
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ESCALATED


def test_it_refuses_a_file_whose_fields_do_not_add_up_to_the_published_total(db: Any) -> None:
    bad = copy.deepcopy(data())
    bad["campaign"]["synthesis"]["records_processed_locally_total"] = 380
    with pytest.raises(DomainError) as err:
        campaign_import_data(bad)
    assert err.value.code == "inconsistent_total"
    assert Campaign.objects.count() == 0  # nothing half-written


def test_it_refuses_a_province_name_that_does_not_match_its_code(db: Any) -> None:
    bad = copy.deepcopy(data())
    bad["visits"][0]["province"] = "Hà Tĩnh"
    with pytest.raises(DomainError) as err:
        campaign_import_data(bad)
    assert err.value.code == "province_mismatch"
    assert Visit.objects.count() == 0


def test_it_matches_a_province_by_name_when_the_code_is_missing(db: Any) -> None:
    """Names fold accents and the "Thành phố" prefix: "Thanh pho Hue" is Huế (46)."""
    trimmed = copy.deepcopy(data())
    huế = trimmed["visits"][5]
    huế.pop("province_code")
    huế["province"] = "Thanh pho Hue"
    campaign_import_data(trimmed)
    assert Visit.objects.filter(province__code="46").count() == 1


def test_the_management_command_imports_idempotently(db: Any, capsys: Any) -> None:
    from django.core.management import call_command

    call_command("oversight", "import", str(DEFAULT_FILE))
    call_command("oversight", "import", str(DEFAULT_FILE))
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].endswith("unchanged") and "created" not in out[-1]
