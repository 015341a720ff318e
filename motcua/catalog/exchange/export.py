"""Export of the whole catalogue to JSON or Excel."""

from __future__ import annotations

import io
import json
from typing import Any

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from motcua.catalog.exchange.records import (
    CHILD_COLUMNS,
    FIELD_COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    SHEETS,
    VERSION_COLUMNS,
    VersionRecord,
    _iso,
    _num,
    version_record,
    versions_with_children,
)
from motcua.catalog.models import (
    Field,
)

# --- Export ------------------------------------------------------------------------------------


def _export_rows() -> tuple[list[dict[str, Any]], list[VersionRecord]]:
    fields = [
        {"code": f.code, "name": f.name, "name_en": f.name_en, "ministry": f.ministry, "position": f.position}
        for f in Field.objects.order_by("position", "code")
    ]
    records = [version_record(v) for v in versions_with_children().order_by("procedure__code", "number")]
    return fields, records


def export_json() -> bytes:
    """The whole catalogue as nested JSON (UTF-8)."""
    fields, records = _export_rows()
    procedures: list[dict[str, Any]] = []
    for record in records:
        if not procedures or procedures[-1]["code"] != record.code:
            procedures.append({"code": record.code, "local_code": record.local_code, "versions": []})
        procedures[-1]["versions"].append(_record_to_json(record))
    body = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "fields": fields,
        "procedures": procedures,
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def _record_to_json(record: VersionRecord) -> dict[str, Any]:
    return {
        "number": record.number,
        "status": record.status,
        "valid_from": _iso(record.valid_from),
        "valid_to": _iso(record.valid_to),
        "published_at": _iso(record.published_at),
        "name": record.name,
        "name_en": record.name_en,
        "field": record.field,
        "levels": record.levels,
        "competent_body_kind": record.competent_body_kind,
        "competent_body_name": record.competent_body_name,
        "time_limit": {"value": _num(record.time_limit_value), "unit": record.time_limit_unit},
        "online_level": record.online_level,
        "boundary_free": record.boundary_free,
        "bound_to_applicant_commune": record.bound_to_applicant_commune,
        "applicant_types": record.applicant_types,
        "summary": record.summary,
        "conditions": record.conditions,
        "sample": record.sample,
        "source": record.source,
        "legal_bases": [{**b, "date": _iso(b["date"])} for b in record.legal_bases],
        "fees": record.fees,
        "documents": record.documents,
        "result_types": record.result_types,
        "process": [
            {
                "stage": s["stage"],
                "name": s["name"],
                "unit_kind": s["unit_kind"],
                "role": s["role"],
                "time": {"value": _num(s["time_value"]), "unit": s["time_unit"]},
            }
            for s in record.process
        ],
    }


def export_xlsx() -> bytes:
    """The whole catalogue as an Excel workbook: one sheet per table, a header row of column keys."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    fields, records = _export_rows()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "fields"
    tables: dict[str, list[list[Any]]] = {"fields": [[f[c] for c in FIELD_COLUMNS] for f in fields]}
    tables["procedures"] = []
    for name in CHILD_COLUMNS:
        tables[name] = []
    for r in records:
        tables["procedures"].append(
            [
                r.code, r.local_code, r.number, r.status, _iso(r.valid_from), _iso(r.valid_to), _iso(r.published_at),
                r.name, r.name_en, r.field, ",".join(r.levels), r.competent_body_kind, r.competent_body_name,
                _num(r.time_limit_value), r.time_limit_unit, r.online_level, r.boundary_free,
                r.bound_to_applicant_commune, ",".join(r.applicant_types), r.summary, r.conditions, r.sample, r.source,
            ]
        )  # fmt: skip
        for b in r.legal_bases:
            tables["legal_bases"].append([r.code, r.number, b["number"], _iso(b["date"]), b["title"]])
        for f in r.fees:
            tables["fees"].append([r.code, r.number, f["name"], f["amount"], f["moment"], f["note"]])
        for d in r.documents:
            tables["documents"].append([r.code, r.number, *(d[c] for c in CHILD_COLUMNS["documents"])])
        for t in r.result_types:
            tables["result_types"].append([r.code, r.number, t["code"], t["name"]])
        for i, s in enumerate(r.process, start=1):
            tables["process"].append(
                [r.code, r.number, i, s["stage"], s["name"], s["unit_kind"], s["role"], _num(s["time_value"]),
                 s["time_unit"]]
            )  # fmt: skip
    for name in SHEETS:
        ws = sheet if name == "fields" else book.create_sheet(name)
        ws.append(_header(name))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in tables[name]:
            ws.append([_cell(value) for value in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula (lossless, and no formula injection)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet: str) -> list[str]:
    if sheet == "fields":
        return FIELD_COLUMNS
    if sheet == "procedures":
        return VERSION_COLUMNS
    prefix = ["procedure", "version"] + (["step"] if sheet == "process" else [])
    return prefix + CHILD_COLUMNS[sheet]


def _cell(value: object) -> object:
    """Excel cannot hold control characters; the import refuses them, the admin may not have."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
