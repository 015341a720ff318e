"""A province's own list of procedures (`motcua catalog province-import FILE --province 82`).

The file is CSV, JSON or Excel (.xlsx) with one row per procedure and these columns (only the
first four are required; a missing flag is false, a missing transparency fact is unknown):

    procedure_code, name, level, online_level, field, boundary_free, full_online_eligible,
    online_payment, has_fee, connected_population_db, published_on_time, public_on_time,
    complete_content, sample, source

JSON is a list of row objects, or `{"province": "82", "source": "...", "sample": true,
"procedures": [...]}`. Every row is checked first; any error (named by row and column) writes
nothing. A valid file replaces the province's whole list in one transaction: rows not in the
file are deleted, changed rows updated, new rows added — importing the same file again changes
nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.choices import OnlineLevel, ProvinceLevel
from motcua.catalog.exchange.reading import Cells, Errors, Loc, Row
from motcua.catalog.models import Procedure, ProvinceProcedure
from motcua.core.errors import DomainError
from motcua.geo.models import Province

FORMAT = "motcua.province_procedures"
SHEET = "procedures"
REQUIRED_COLUMNS = ["procedure_code", "name", "level", "online_level"]
FLAG_COLUMNS = ["boundary_free", "full_online_eligible", "online_payment", "has_fee", "connected_population_db"]
FACT_COLUMNS = ["published_on_time", "public_on_time", "complete_content"]
COLUMNS = [*REQUIRED_COLUMNS, "field", *FLAG_COLUMNS, *FACT_COLUMNS, "sample", "source"]
# What the row of a list holds, compared to tell an unchanged row from an updated one.
VALUE_FIELDS = ["name", "field", "level", "online_level", *FLAG_COLUMNS, *FACT_COLUMNS, "sample", "source"]
CODE_SHAPE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
LEVEL_ALIASES = {"tỉnh": "province", "cấp tỉnh": "province", "xã": "commune", "cấp xã": "commune"}
ONLINE_ALIASES = {"toàn trình": "full", "một phần": "partial", "không": "none", "": "none"}


@dataclass
class ProvinceImportReport:
    province: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _File:
    rows: list[Row]
    province: str | None = None
    source: str | None = None
    sample: bool | None = None


def import_province_list(
    data: bytes,
    *,
    filename: str,
    province_code: str,
    source: str | None = None,
    sample: bool | None = None,
    dry_run: bool = False,
) -> ProvinceImportReport:
    """Check a province's list and, when it has no error at all, make it the province's list.

    `source` and `sample` apply to rows that do not give their own (a JSON file may give them
    once for all rows). Raises DomainError(code="invalid_file") with every error (sheet, row,
    column, message), or code="unknown_province".
    """
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise DomainError(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": province_code}, code="unknown_province")
    errors = Errors()
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "csv":
        file = _read_csv(data, errors)
    elif suffix == "json":
        file = _read_json(data, errors)
    elif suffix == "xlsx":
        file = _read_xlsx(data, errors)
    else:
        raise DomainError(_("Chỉ nhận tệp .csv, .json hoặc .xlsx."), code="invalid_file")
    if file.province is not None and file.province != province_code:
        errors.add(
            {"sheet": None, "row": None, "column": "province"},
            _("Tệp là danh mục của tỉnh mã %(file)s, không phải %(code)s.")
            % {"file": file.province, "code": province_code},
        )
    errors.raise_if_any()
    default_source = source if source is not None else (file.source or "")
    default_sample = sample if sample is not None else bool(file.sample)
    records = _parse(file.rows, errors, default_source, default_sample)
    errors.raise_if_any()
    report = ProvinceImportReport(province=province_code, rows=len(records))
    with transaction.atomic():
        _replace(province, records, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


# --- reading ---------------------------------------------------------------------------------------


def _check_header(header: list[str], errors: Errors) -> bool:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in COLUMNS]
    if missing:
        errors.add({"sheet": SHEET, "row": 1, "column": None}, _("Thiếu cột: %(c)s.") % {"c": ", ".join(missing)})
    if unknown:
        errors.add(
            {"sheet": SHEET, "row": 1, "column": ", ".join(unknown)},
            _("Cột không được nhận: %(c)s; các cột hợp lệ: %(a)s.")
            % {"c": ", ".join(unknown), "a": ", ".join(COLUMNS)},
        )
    return not missing and not unknown


def _blank(cells: Any) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_csv(data: bytes, errors: Errors) -> _File:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.add({"sheet": None, "row": None, "column": None}, _("Tệp CSV phải mã hóa UTF-8: %(e)s") % {"e": exc})
        return _File([])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    if not _check_header(header, errors):
        return _File([])
    rows = []
    for number, cells in enumerate(reader, start=2):
        if _blank(cells):
            continue
        if len(cells) > len(header):
            errors.add(Loc(SHEET, number).at(""), _("Dòng có nhiều ô hơn số cột của tiêu đề."))
            continue
        rows.append(Row(dict(zip(header, cells, strict=False)), Loc(SHEET, number)))
    return _File(rows)


def _read_json(data: bytes, errors: Errors) -> _File:
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        errors.add({"sheet": None, "row": None, "column": None}, _("Tệp JSON không đọc được: %(e)s") % {"e": exc})
        return _File([])
    file = _File([])
    items = body
    if isinstance(body, dict):
        items = body.get("procedures")
        file.province = str(body["province"]) if body.get("province") is not None else None
        file.source = str(body.get("source") or "") or None
        file.sample = bool(body.get("sample")) if "sample" in body else None
    if not isinstance(items, list):
        errors.add(
            {"sheet": None, "row": None, "column": SHEET},
            _("Tệp JSON phải là một danh sách thủ tục, hoặc một đối tượng có khóa “procedures”."),
        )
        return file
    for i, item in enumerate(items, start=1):
        loc = Loc(SHEET, i, f"{SHEET}[{i}].")
        if not isinstance(item, dict):
            errors.add(loc.at(""), _("Mỗi thủ tục phải là một đối tượng JSON."))
            continue
        unknown = sorted(k for k in item if k not in COLUMNS)
        if unknown:
            errors.add(loc.at(", ".join(unknown)), _("Khóa không được nhận: %(c)s.") % {"c": ", ".join(unknown)})
        file.rows.append(Row(item, loc))
    return file


def _read_xlsx(data: bytes, errors: Errors) -> _File:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        errors.add({"sheet": None, "row": None, "column": None}, _("Tệp Excel không đọc được: %(e)s") % {"e": exc})
        return _File([])
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in (next(values, None) or [])]
    rows: list[Row] = []
    if _check_header(header, errors):
        for number, cells in enumerate(values, start=2):
            if cells is None or _blank(cells):
                continue
            rows.append(
                Row({header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i]}, Loc(SHEET, number))
            )
    book.close()
    return _File(rows)


# --- checking ----------------------------------------------------------------------------------------


def _parse(rows: list[Row], errors: Errors, source: str, sample: bool) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in rows:
        c = Cells(row, errors)
        code = c.text("procedure_code", required=True, max_length=32)
        if code and not CODE_SHAPE.match(code):
            errors.add(row.loc.at("procedure_code"), _("Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới."))
        if code in seen:
            errors.add(
                row.loc.at("procedure_code"),
                _("Mã thủ tục %(c)s bị trùng với dòng %(r)d.") % {"c": code, "r": seen[code]},
            )
        seen.setdefault(code, row.loc.row)
        record: dict[str, Any] = {
            "procedure_code": code,
            "name": c.text("name", required=True, max_length=1000),
            "field": c.text("field", max_length=255),
            "level": _aliased(c, errors, "level", ProvinceLevel.values, LEVEL_ALIASES),
            "online_level": _aliased(c, errors, "online_level", OnlineLevel.values, ONLINE_ALIASES),
        }
        for flag in FLAG_COLUMNS:
            record[flag] = c.boolean(flag)
        for fact in FACT_COLUMNS:
            record[fact] = None if c.raw(fact) in (None, "") else c.boolean(fact)
        record["sample"] = c.boolean("sample", default=sample)
        record["source"] = c.text("source", max_length=500) or source[:500]
        if record["online_level"] == OnlineLevel.FULL and not record["full_online_eligible"]:
            errors.add(
                row.loc.at("full_online_eligible"),
                _("Thủ tục trực tuyến toàn trình phải thuộc diện đủ điều kiện trực tuyến toàn trình."),
            )
        if record["online_payment"] and not record["has_fee"]:
            errors.add(row.loc.at("online_payment"), _("Chỉ thủ tục có phí, lệ phí mới có thanh toán trực tuyến."))
        records.append(record)
    if not rows and not errors:
        errors.add({"sheet": SHEET, "row": None, "column": None}, _("Tệp không có thủ tục nào."))
    return records


def _aliased(c: Cells, errors: Errors, column: str, allowed: list[str], aliases: dict[str, str]) -> str:
    """A code of `allowed`, also accepting the Vietnamese words a published list uses."""
    value = c.raw(column)
    text = "" if value is None else str(value).strip().lower()
    if text in allowed:
        return text
    if text in aliases:
        return aliases[text]
    if not text:
        errors.add(c.row.loc.at(column), _("Bắt buộc phải có."))
        return allowed[0]
    return str(c.choice(column, allowed))


# --- writing ---------------------------------------------------------------------------------------


def _replace(province: Province, records: list[dict[str, Any]], report: ProvinceImportReport) -> None:
    # Serialise two imports of one province; other provinces' lists are not touched.
    Province.objects.select_for_update(no_key=True).filter(pk=province.pk).first()
    existing = {p.procedure_code: p for p in ProvinceProcedure.objects.filter(province=province)}
    catalogue = dict(
        Procedure.objects.filter(code__in=[r["procedure_code"] for r in records]).values_list("code", "pk")
    )
    now = timezone.now()
    wanted = {r["procedure_code"] for r in records}
    gone = [p.pk for code, p in existing.items() if code not in wanted]
    if gone:
        ProvinceProcedure.objects.filter(pk__in=gone).delete()
        report.deleted = len(gone)
    new: list[ProvinceProcedure] = []
    changed: list[ProvinceProcedure] = []
    for record in records:
        code = record["procedure_code"]
        procedure_id = catalogue.get(code)
        current = existing.get(code)
        if current is None:
            new.append(
                ProvinceProcedure(
                    province=province, procedure_id=procedure_id, created_at=now, updated_at=now, **record
                )
            )
            continue
        values = {k: record[k] for k in VALUE_FIELDS}
        if current.procedure_id == procedure_id and all(getattr(current, k) == v for k, v in values.items()):
            report.unchanged += 1
            continue
        for k, v in values.items():
            setattr(current, k, v)
        current.procedure_id = procedure_id
        current.updated_at = now
        changed.append(current)
    ProvinceProcedure.objects.bulk_create(new, batch_size=1000)
    ProvinceProcedure.objects.bulk_update(changed, [*VALUE_FIELDS, "procedure", "updated_at"], batch_size=500)
    report.created = len(new)
    report.updated = len(changed)
