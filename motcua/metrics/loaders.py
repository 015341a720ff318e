"""Reference data of the metrics app: the Decision 766 indicators (`data/indicators-766.json`).

Created when missing, never overwritten: once loaded the indicators belong to the
administrators, who correct them in the admin as the Portal's sheet changes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.core.setup import StepResult
from motcua.metrics.models import Indicator

DATA = Path(__file__).resolve().parent / "data" / "indicators-766.json"


def indicator_rows() -> list[dict[str, Any]]:
    return list(json.loads(DATA.read_text(encoding="utf-8"))["indicators"])


@transaction.atomic
def load_indicators(*, progress: bool = False) -> StepResult:
    result = StepResult("Decision 766 indicators")
    known = set(Indicator.objects.values_list("code", flat=True))
    for row in indicator_rows():
        if row["code"] in known:
            result.unchanged += 1
            continue
        Indicator.objects.create(
            code=row["code"],
            group=row["group"],
            position=row.get("position", 0),
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            max_points=Decimal(str(row["max_points"])),
            formula=row.get("formula", "rate"),
            numerator=row["numerator"],
            denominator=row["denominator"],
            params=row.get("params", {}),
            note=row.get("note", ""),
        )
        result.created += 1
    return result
