"""Template helpers of the catalogue pages: names in the page's language, durations, money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

from motcua.catalog.choices import (
    CopyType,
    FeeMoment,
    OnlineLevel,
    Requirement,
    Stage,
    TimeUnit,
    UnitKind,
    VersionStatus,
)
from motcua.catalog.rules import format_duration
from motcua.org.choices import AgencyKind, Level, Role

register = template.Library()

_LABELS: dict[str, Any] = {
    "copy_type": CopyType,
    "fee_moment": FeeMoment,
    "online_level": OnlineLevel,
    "requirement": Requirement,
    "stage": Stage,
    "unit_kind": UnitKind,
    "status": VersionStatus,
    "level": Level,
    "role": Role,
    "body_kind": AgencyKind,
    "time_unit": TimeUnit,
}


@register.filter
def localized_name(obj: Any) -> str:
    """`name_en` on English pages when there is one, else the Vietnamese `name`."""
    english = getattr(obj, "name_en", None)
    if (get_language() or "vi").startswith("en") and english:
        return str(english)
    name = getattr(obj, "name", None)
    return str(obj if name is None else name)


@register.filter
def label(value: Any, kind: str) -> str:
    """The translated label of a choice value: {{ step.stage|label:"stage" }}."""
    choices = _LABELS[kind]
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


@register.filter
def duration(value: Any, unit: str) -> str:
    if value is None:
        return ""
    english = (get_language() or "vi").startswith("en")
    return format_duration(Decimal(str(value)), unit, decimal_comma=not english)


@register.filter
def vnd(amount: int | None) -> str:
    """1500000 → "1.500.000 đ"."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".") + " đ"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)
