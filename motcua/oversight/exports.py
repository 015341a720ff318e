"""The synthesis report as PDF (WeasyPrint) and Excel (openpyxl), from the same data as the page."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from motcua.core.errors import DomainError
from motcua.oversight.choices import AddresseeKind, Field, RecommendationStatus, Theme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def labels() -> dict[str, str]:
    out: dict[str, str] = {"unspecified": _("Không gắn lĩnh vực")}
    for enum in (Field, Theme, AddresseeKind, RecommendationStatus):
        out.update({str(value): str(label) for value, label in enum.choices})
    return out


def synthesis_rows(data: dict[str, Any], names: dict[str, str]) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Sections of (title, [(code, label, count)]) in the order the report shows them."""

    def rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
        return [(code, names.get(code, code), n) for code, n in counts.items()]

    return [
        (
            _("Hồ sơ giải quyết tại địa phương trong thời gian kiểm tra, theo lĩnh vực"),
            rows(data["records_processed"]["by_field"]),
        ),
        (_("Khó khăn, vướng mắc theo chủ đề"), rows(data["difficulties"]["by_theme"])),
        (_("Khó khăn, vướng mắc theo lĩnh vực"), rows(data["difficulties"]["by_field"])),
        (_("Kiến nghị theo cơ quan nhận"), rows(data["recommendations"]["by_addressee"])),
        (_("Kiến nghị theo trạng thái"), rows(data["recommendations"]["by_status"])),
    ]


def _filename(data: dict[str, Any], ext: str) -> str:
    return f"tong-hop-{data['campaign']['code'][:60]}.{ext}"


def synthesis_pdf(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """Rendered by WeasyPrint (needs Pango ≥ 1.44 on the host; docs/decisions/0032). Without
    the system libraries the answer is a clear 503, never another format in disguise."""
    try:
        from weasyprint import HTML
    except (OSError, ImportError) as exc:  # WeasyPrint loads Pango/HarfBuzz with ctypes at import time
        raise DomainError(
            _("Máy chủ thiếu thư viện hệ thống để tạo PDF (Pango, HarfBuzz): %(err)s") % {"err": exc},
            code="pdf_unavailable",
            status=503,
        ) from exc

    names = labels()
    html = render_to_string(
        "oversight/synthesis_pdf.html", {"s": data, "rows": synthesis_rows(data, names)}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response


def synthesis_workbook(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    names = labels()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Tổng hợp")[:31]
    bold = Font(bold=True)
    ws.append([data["campaign"]["name"]])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Từ ngày"), str(data["campaign"]["starts_on"]), _("Đến ngày"), str(data["campaign"]["ends_on"])])
    ws.append([])
    for label, value in [
        (_("Số đoàn công tác"), data["groups"]),
        (_("Số địa phương"), data["localities"]),
        (_("Số chuyến làm việc có biên bản, số liệu trong hệ thống"), data["visits"]),
        (_("Tổng số hồ sơ giải quyết tại địa phương"), data["records_processed"]["total"]),
        (_("Tổng số khó khăn, vướng mắc"), data["difficulties"]["total"]),
        (_("Tổng số kiến nghị"), data["recommendations"]["total"]),
        (_("Tiến độ chung (%)"), data["recommendations"]["progress"]),
    ]:
        ws.append([label, value])
    ws.column_dimensions["A"].width = 60
    for title, rows in synthesis_rows(data, names):
        sheet = wb.create_sheet(title[:31])
        sheet.append([_("Mã"), _("Nội dung"), pgettext("oversight", "Số lượng")])
        for cell in sheet[1]:
            cell.font = bold
        for code, label, n in rows:
            sheet.append([code, label, n])
        sheet.append(["", _("Tổng"), sum(n for _c, _l, n in rows)])
        sheet.column_dimensions["A"].width = 32
        sheet.column_dimensions["B"].width = 48
    visited = wb.create_sheet(_("Địa phương")[:31])
    visited.append([_("Mã"), pgettext("oversight", "Tỉnh, thành phố"), pgettext("oversight", "Ngày làm việc")])
    for v in data["visited"]:
        visited.append([v["code"], v["name"], str(v["visited_on"] or "")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def synthesis_xlsx(data: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(synthesis_workbook(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response


def recommendations_xlsx(query: Any) -> HttpResponse:
    """The filtered recommendation list as a workbook (the same rows the page shows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Kiến nghị")[:31]
    ws.append(
        [
            _("Mã"),
            pgettext("oversight", "Tỉnh, thành phố"),
            _("Nội dung"),
            _("Gửi tới"),
            _("Lĩnh vực"),
            _("Chủ đề"),
            _("Trạng thái"),
            _("Đơn vị chủ trì"),
            _("Hạn xử lý"),
            _("Tiến độ (%)"),
            _("Kết quả"),
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in query.select_related("province", "addressee_agency", "assigned_unit").iterator(chunk_size=1000):
        ws.append(
            [
                r.pk,
                r.province.name if r.province else _("Quốc gia"),
                r.text,
                r.addressee_label,
                str(r.get_field_display()) if r.field else "",
                str(r.get_theme_display()) if r.theme else "",
                str(r.get_status_display()),
                r.assigned_unit.name if r.assigned_unit else "",
                r.due_on,
                r.progress,
                r.resolution_reference or r.declined_reason or r.on_site_answer,
            ]
        )
    ws.column_dimensions["C"].width = 80
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="kien-nghi.xlsx"'
    return response
