"""A province's own list of procedures: imported from CSV, JSON or Excel all or nothing, and the
figures the Portal publishes for it (Đồng Tháp: 2,050 / 834 / 578 / 1,171, RULES.md §6)
computed from the rows; a province without a list is answered from the national catalogue."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from motcua.catalog import selectors
from motcua.catalog.demo import DONG_THAP_FIGURES, PROVINCE_LISTS, load_province_catalogues
from motcua.catalog.exchange import import_province_list
from motcua.catalog.models import ProcedureVersion, ProvinceProcedure
from motcua.core.errors import DomainError

pytestmark = pytest.mark.django_db

HEADER = "procedure_code,name,field,level,boundary_free,online_level,full_online_eligible,online_payment,has_fee"
VALID = "\n".join(
    [
        HEADER,
        "1.900010,Cấp chứng chỉ vô tuyến điện viên nghiệp dư,Tần số vô tuyến điện,province,true,full,true,true,true",
        "2.000001,Đăng ký khai sinh,Hộ tịch,commune,true,partial,true,false,false",
        "2.000002,Cấp giấy phép xây dựng nhà ở riêng lẻ,Xây dựng,commune,false,none,false,false,true",
    ]
)


def _import(text: str, *, filename: str = "list.csv", province: str = "82", **kwargs: Any) -> Any:
    return import_province_list(text.encode(), filename=filename, province_code=province, **kwargs)


def test_it_imports_a_valid_list_and_links_procedures_of_our_catalogue() -> None:
    report = _import(VALID, source="Quyết định công bố danh mục (thử)")
    assert (report.rows, report.created, report.updated, report.deleted) == (3, 3, 0, 0)
    rows = {p.procedure_code: p for p in ProvinceProcedure.objects.filter(province__code="82")}
    assert rows["1.900010"].procedure is not None and rows["1.900010"].procedure.code == "1.900010"
    assert rows["2.000001"].procedure is None  # outside our catalogue, kept all the same
    assert rows["2.000001"].level == "commune" and rows["2.000001"].full_online_eligible
    assert rows["2.000002"].published_on_time is None  # unknown until a list says
    assert {p.source for p in rows.values()} == {"Quyết định công bố danh mục (thử)"}
    summary = selectors.province_catalogue_summary("82")
    assert summary["source"] == "province_list"
    assert (summary["total"], summary["full_online_eligible"], summary["full_online"]) == (3, 2, 1)
    assert (summary["partial_online"], summary["not_online"], summary["has_fee"], summary["online_payment"]) == (
        1,
        1,
        2,
        1,
    )
    assert selectors.eligible_full_online_codes("82") == {"1.900010", "2.000001"}
    assert selectors.fee_procedures("82") == {"1.900010", "2.000002"}
    assert selectors.online_payment_codes("82") == {"1.900010"}


def test_it_imports_the_same_file_again_as_unchanged_and_replaces_the_whole_list() -> None:
    _import(VALID)
    again = _import(VALID)
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 3)
    shorter = "\n".join(VALID.splitlines()[:2]).replace(",full,true,true,true", ",partial,true,true,true")
    report = _import(shorter)
    assert (report.created, report.updated, report.deleted, report.unchanged) == (0, 1, 2, 0)
    assert list(ProvinceProcedure.objects.filter(province__code="82").values_list("procedure_code", flat=True)) == [
        "1.900010"
    ]


def test_it_refuses_an_invalid_file_naming_row_and_column_and_keeps_the_previous_list() -> None:
    _import(VALID)
    before = list(ProvinceProcedure.objects.order_by("pk").values())
    bad = "\n".join(
        [
            HEADER,
            "1.900010,Cấp chứng chỉ vô tuyến điện viên nghiệp dư,,province,true,full,false,false,false",
            "2.000001,,,district,maybe,online,false,true,false",
            "1.900010,Trùng mã,,province,true,none,false,false,false",
        ]
    )
    with pytest.raises(DomainError) as caught:
        _import(bad)
    assert caught.value.code == "invalid_file"
    where = {(e["row"], e["column"]) for e in caught.value.errors}
    assert {
        (2, "full_online_eligible"),
        (3, "name"),
        (3, "level"),
        (3, "boundary_free"),
        (3, "online_level"),
        (3, "online_payment"),
        (4, "procedure_code"),
    } <= where
    messages = {(e["row"], e["column"]): e["message"] for e in caught.value.errors}
    assert "district" in messages[(3, "level")] and "province" in messages[(3, "level")]
    assert list(ProvinceProcedure.objects.order_by("pk").values()) == before


def test_it_refuses_missing_and_unknown_columns_and_an_unknown_province() -> None:
    with pytest.raises(DomainError) as caught:
        _import("procedure_code,name,levle,online_level\n1.0,x,province,full")
    assert {e["column"] for e in caught.value.errors} >= {None, "levle"}
    with pytest.raises(DomainError) as unknown:
        _import(VALID, province="99")
    assert unknown.value.code == "unknown_province"
    assert not ProvinceProcedure.objects.exists()


def test_it_reads_json_and_excel_the_same_as_csv() -> None:
    lines = [line.split(",") for line in VALID.splitlines()]
    header, rows = lines[0], lines[1:]
    body = {
        "province": "82",
        "source": "JSON",
        "sample": True,
        "procedures": [dict(zip(header, r, strict=True)) for r in rows],
    }
    report = _import(json.dumps(body, ensure_ascii=False), filename="list.json")
    assert report.created == 3 and ProvinceProcedure.objects.filter(sample=True, source="JSON").count() == 3
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "procedures"
    sheet.append(header)
    for r in rows:
        sheet.append([True if v == "true" else False if v == "false" else v for v in r])
    data = io.BytesIO()
    book.save(data)
    again = import_province_list(data.getvalue(), filename="list.xlsx", province_code="82", source="JSON", sample=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    with pytest.raises(DomainError):
        _import(json.dumps({**body, "province": "38"}), filename="list.json")


def test_the_shipped_dong_thap_list_gives_the_published_figures() -> None:
    """Đồng Tháp: 2,050 procedures on the Portal; 834 eligible for full-online; 578 full-online;
    1,171 partially online (RULES.md §6) — from the rows, not typed in."""
    first = load_province_catalogues()
    assert first.created == 2050
    summary = selectors.province_catalogue_summary("82")
    assert {k: summary[k] for k in DONG_THAP_FIGURES} == DONG_THAP_FIGURES
    assert summary["source"] == "province_list" and summary["sample"]
    assert not ProvinceProcedure.objects.filter(province__code="82", sample=False).exists()
    assert not ProvinceProcedure.objects.filter(province__code="82", source="").exists()
    assert len(selectors.eligible_full_online_codes("82")) == 834
    # Our own S&T procedures are in it with their catalogue link; a second load changes nothing.
    assert ProvinceProcedure.objects.filter(province__code="82", procedure__isnull=False).count() >= 40
    assert not load_province_catalogues().changed


def test_the_import_command_prints_the_figures_and_names_bad_cells(capsys: Any, tmp_path: Path) -> None:
    call_command("catalog", "province-import", str(PROVINCE_LISTS["82"]), "--province", "82")
    out = capsys.readouterr().out
    assert "2050 procedure(s)" in out and "eligible for full-online 834" in out and "full-online 578" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("procedure_code,name,level,online_level\n1.1,x,huyện,full\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 2, column level"):
        call_command("catalog", "province-import", str(bad), "--province", "82")
    assert ProvinceProcedure.objects.filter(province__code="82").count() == 2050


def test_a_province_without_a_list_falls_back_to_the_national_catalogue() -> None:
    """Thanh Hóa has imported nothing: its denominator is our catalogue's province- and
    commune-level procedures with the catalogue's own flags, and the answer says so."""
    summary = selectors.province_catalogue_summary("38")
    in_force = ProcedureVersion.objects.filter(status="published").exclude(level_province=False, level_commune=False)
    assert summary["source"] == "national_catalogue"
    assert summary["total"] == in_force.count() > 0
    assert summary["full_online"] == in_force.filter(online_level="full").count()
    assert summary["full_online_eligible"] == summary["full_online"]
    assert summary["published_on_time_known"] == 0
    items = selectors.province_procedures("38")
    assert all(p.pk is None and p.source == "national_catalogue" for p in items)
    assert "1.900015" not in {p.procedure_code for p in items}  # ministry-level only
    assert selectors.fee_procedures("38") == {
        p.procedure_code for p in items if p.has_fee
    } and "1.900010" in selectors.fee_procedures("38")


def test_boundary_free_in_answers_the_province_list_else_the_version() -> None:
    version = ProcedureVersion.objects.select_related("procedure").get(procedure__code="1.900010", status="published")
    assert version.boundary_free
    _import(VALID.replace("province,true,full", "province,false,full"))
    dong_thap = ProvinceProcedure.objects.filter(province__code="82").first()
    assert dong_thap is not None
    assert selectors.boundary_free_in(version, dong_thap.province_id) is False
    from motcua.geo.models import Province

    assert selectors.boundary_free_in(version, Province.objects.get(code="38").pk) is True
    assert selectors.boundary_free_in(version, None) is True


def test_the_summary_command_prints_the_figures_as_json(capsys: Any) -> None:
    call_command("catalog", "province-summary", "38")
    summary = json.loads(capsys.readouterr().out)
    assert summary["source"] == "national_catalogue" and summary["total"] > 0
