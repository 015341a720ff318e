"""Writes to the geography: replacing official codes from a file without losing links."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.geo.models import Commune, Province


@dataclass
class CodeImportReport:
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (name, old code, new code)
    unchanged: int = 0


def _read_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        rows = data.get("items", data) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise DomainError(_("Tệp JSON phải là một danh sách các dòng."), code="invalid_file")
        return [{k: str(v) for k, v in row.items() if v is not None} for row in rows]
    if path.suffix.lower() == ".csv":
        return [dict(row) for row in csv.DictReader(io.StringIO(text))]
    raise DomainError(_("Chỉ nhận tệp .csv hoặc .json."), code="invalid_file")


def geography_import_codes(*, path: Path, dry_run: bool = False) -> CodeImportReport:
    """Replace official codes of provinces and communes from a CSV/JSON file.

    Each row has `level` (province | commune), the new `code`, and identifies the unit by
    `previous_code`, or by `province_code` + `name` for communes (`name` alone for
    provinces). Every row is checked before anything is written; one bad row writes nothing.
    """
    rows = _read_rows(path)
    errors: list[dict[str, Any]] = []
    plan: list[tuple[Province | Commune, str]] = []
    matches: list[Province] | list[Commune]
    provinces = list(Province.objects.all())
    communes = list(Commune.objects.select_related("province"))
    for number, row in enumerate(rows, start=2 if path.suffix.lower() == ".csv" else 1):
        level = (row.get("level") or "").strip().lower()
        code = (row.get("code") or "").strip()
        previous = (row.get("previous_code") or "").strip()
        name = fold(row.get("name") or "")
        width = 2 if level == "province" else 5
        if level not in {"province", "commune"}:
            errors.append({"row": number, "column": "level", "message": _("Cấp phải là province hoặc commune.")})
            continue
        if not (code.isdigit() and len(code) == width):
            errors.append({"row": number, "column": "code", "message": _("Mã phải gồm %(n)d chữ số.") % {"n": width}})
            continue
        target: Province | Commune | None = None
        if level == "province":
            matches = [
                p for p in provinces if (previous and p.code == previous) or (not previous and fold(p.name) == name)
            ]
        else:
            province_code = (row.get("province_code") or "").strip()
            matches = [
                c
                for c in communes
                if (previous and c.code == previous)
                or (not previous and c.province.code == province_code and fold(c.name) == name)
            ]
        if len(matches) == 1:
            target = matches[0]
        if target is None:
            errors.append(
                {
                    "row": number,
                    "column": "previous_code" if previous else "name",
                    "message": _("Không tìm thấy đúng một đơn vị hành chính khớp với dòng này."),
                }
            )
            continue
        plan.append((target, code))
    # Codes must stay unique after the whole import, not row by row (two units may swap codes).
    for model, objects in ((Province, provinces), (Commune, communes)):
        final = {obj.pk: obj.code for obj in objects}
        for obj, code in plan:
            if isinstance(obj, model):
                final[obj.pk] = code
        seen: dict[str, int] = {}
        for pk, code in final.items():
            if code in seen:
                errors.append(
                    {"row": None, "column": "code", "message": _("Mã %(code)s bị trùng sau khi nhập.") % {"code": code}}
                )
            seen[code] = pk
    if errors:
        raise DomainError(_("Tệp có lỗi, chưa ghi gì vào cơ sở dữ liệu."), code="invalid_file", errors=errors)
    report = CodeImportReport()
    changes = [(obj, code) for obj, code in plan if obj.code != code]
    report.unchanged = len(plan) - len(changes)
    if dry_run:
        report.changed = [(obj.name, obj.code, code) for obj, code in changes]
        return report
    with transaction.atomic():
        # Park changed rows on temporary codes first so swaps never trip the unique constraint.
        for index, (obj, _code) in enumerate(changes):
            type(obj).objects.filter(pk=obj.pk).update(code=f"~{index}")
        for obj, code in changes:
            report.changed.append((obj.name, obj.code, code))
            type(obj).objects.filter(pk=obj.pk).update(code=code)
    return report
