"""The index and the reports as data, Excel (openpyxl) and PDF (WeasyPrint), each file noting the
unit, period, generation time and the source of every figure."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.metrics.selectors import IndexAnswer, Period, ReportRow
from motcua.metrics.units import Unit

# Lazy: built at import, translated in the language of each request.
GRADE_LABELS = {
    "excellent": gettext_lazy("Xuất sắc"),
    "good": gettext_lazy("Tốt"),
    "fair": gettext_lazy("Khá"),
    "average": gettext_lazy("Trung bình"),
    "weak": gettext_lazy("Yếu"),
}
SOURCE_NOTE = gettext_lazy(
    "Nguồn: bộ đếm hồ sơ của motcua (cập nhật cùng giao dịch với mỗi sự kiện hồ sơ), danh mục thủ tục của tỉnh "
    "và số liệu ghi nhận; cách tính theo Quyết định 766/QĐ-TTg."
)


def grade_label(code: str) -> str:
    return str(GRADE_LABELS.get(code, code))


def index_data(answer: IndexAnswer) -> dict[str, Any]:
    return {
        "unit": answer.unit.ref,
        "unit_name": answer.unit.name,
        "from": answer.period.start,
        "to": answer.period.end,
        "fields": answer.fields,
        "reading": answer.reading,
        "total": answer.total,
        "grade": answer.grade,
        "grade_label": grade_label(answer.grade),
        "groups": [{**g, "indicators": [asdict(s) for s in g["indicators"]]} for g in answer.groups],
        "open_as_of": answer.open_as_of,
    }


def report_data(unit: Unit, period: Period, group_by: str, reading: str, rows: list[ReportRow]) -> dict[str, Any]:
    totals = ReportRow(
        key="total",
        name=str(_("Tổng cộng")),
        received=0,
        processed=0,
        on_time=0,
        on_time_rate=None,
        online=0,
        online_rate=None,
        overdue=0,
        in_progress=0,
    )
    for row in rows:
        for name in ("received", "processed", "on_time", "online", "overdue", "in_progress", "late", "waiting"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    totals.on_time_rate = round(100 * totals.on_time / totals.processed, 2) if totals.processed else None
    totals.online_rate = round(100 * totals.online / totals.received, 2) if totals.received else None
    return {
        "unit": unit.ref,
        "unit_name": unit.name,
        "from": period.start,
        "to": period.end,
        "group_by": group_by,
        "reading": reading,
        "items": [asdict(r) for r in rows],
        "totals": asdict(totals),
    }


def _header(unit_name: str, start: Any, end: Any) -> list[list[Any]]:
    return [
        [_("Đơn vị"), unit_name],
        [_("Kỳ"), f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"],
        [_("Tạo lúc"), timezone.localtime().strftime("%d/%m/%Y %H:%M")],
        [_("Nguồn"), str(SOURCE_NOTE)],
        [],
    ]


def index_workbook(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "QD766"
    for line in _header(data["unit_name"], data["from"], data["to"]):
        sheet.append(line)
    sheet.append([_("Tổng điểm"), float(data["total"]), grade_label(data["grade"])])
    sheet.append([])
    head = [_("Mã"), _("Chỉ tiêu"), _("Tử số"), _("Mẫu số"), _("Điểm"), _("Điểm tối đa"), _("Nguồn")]
    sheet.append(head)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for group in data["groups"]:
        sheet.append([group["group"], group["name"], None, None, float(group["score"]), float(group["max_points"])])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for s in group["indicators"]:
            sheet.append(
                [
                    s["code"],
                    s["name"],
                    float(s["numerator"]),
                    float(s["denominator"]),
                    float(s["score"]),
                    float(s["max_points"]),
                    s["source"],
                ]
            )
    sheet.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REPORT_COLUMNS = (
    ("key", gettext_lazy("Mã")),
    ("name", gettext_lazy("Đơn vị")),
    ("received", gettext_lazy("Tiếp nhận")),
    ("processed", gettext_lazy("Đã giải quyết")),
    ("on_time", gettext_lazy("Đúng hạn")),
    ("on_time_rate", gettext_lazy("Tỉ lệ đúng hạn (%)")),
    ("online", gettext_lazy("Trực tuyến")),
    ("online_rate", gettext_lazy("Tỉ lệ trực tuyến (%)")),
    ("overdue", gettext_lazy("Đang quá hạn")),
    ("in_progress", gettext_lazy("Đang giải quyết")),
)


def report_workbook(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "BaoCao"
    for line in _header(data["unit_name"], data["from"], data["to"]):
        sheet.append(line)
    sheet.append([str(label) for _key, label in REPORT_COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in [*data["items"], data["totals"]]:
        sheet.append([row[key] for key, _label in REPORT_COLUMNS])
    sheet.column_dimensions["B"].width = 50
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    try:
        from weasyprint import HTML
    except (OSError, ImportError) as exc:  # WeasyPrint loads Pango/HarfBuzz with ctypes at import time
        raise DomainError(
            _("Máy chủ thiếu thư viện hệ thống để tạo PDF (Pango, HarfBuzz): %(err)s") % {"err": exc},
            code="pdf_unavailable",
            status=503,
        ) from exc
    html = render_to_string(
        template, {**context, "generated_at": timezone.localtime(), "source_note": SOURCE_NOTE}, request=request
    )
    return bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())


def _file(content: bytes, fmt: str, name: str) -> HttpResponse:
    types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _check(fmt: str) -> None:
    if fmt not in {"xlsx", "pdf"}:
        raise DomainError(
            _("Định dạng phải là xlsx hoặc pdf."), code="invalid_format", errors=[{"field": "format", "message": fmt}]
        )


def index_file(request: HttpRequest, answer: IndexAnswer, fmt: str) -> HttpResponse:
    _check(fmt)
    data = index_data(answer)
    name = f"chi-so-766-{slugify(answer.unit.ref)}-{answer.period.start}-{answer.period.end}"
    if fmt == "xlsx":
        return _file(index_workbook(data), fmt, name)
    return _file(_pdf(request, "metrics/index_pdf.html", {"d": data}), fmt, name)


def report_file(request: HttpRequest, data: dict[str, Any], fmt: str) -> HttpResponse:
    _check(fmt)
    name = f"bao-cao-{slugify(data['unit'])}-{data['group_by']}-{data['from']}-{data['to']}"
    if fmt == "xlsx":
        return _file(report_workbook(data), fmt, name)
    context = {
        "d": data,
        "columns": [str(label) for _key, label in REPORT_COLUMNS],
        "rows": [[row[key] for key, _label in REPORT_COLUMNS] for row in data["items"]],
        "totals": [data["totals"][key] for key, _label in REPORT_COLUMNS],
    }
    return _file(_pdf(request, "metrics/report_pdf.html", context), fmt, name)
