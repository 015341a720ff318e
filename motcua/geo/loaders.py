"""Load the 34 provinces and 3,321 communes from the `vietnam-provinces` package, idempotently."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from vietnam_provinces import Province as PkgProvince
from vietnam_provinces import VietNamDivisionType
from vietnam_provinces import Ward as PkgWard

from motcua.core.setup import StepResult, progress_iter
from motcua.geo.choices import CommuneType, ProvinceType
from motcua.geo.models import Commune, Province

PROVINCE_TYPES = {
    VietNamDivisionType.TINH: ProvinceType.TINH,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: ProvinceType.THANH_PHO_TRUNG_UONG,
}
COMMUNE_TYPES = {
    VietNamDivisionType.XA: CommuneType.XA,
    VietNamDivisionType.PHUONG: CommuneType.PHUONG,
    VietNamDivisionType.DAC_KHU: CommuneType.DAC_KHU,
}


def province_code(value: int) -> str:
    return f"{int(value):02d}"


def commune_code(value: int) -> str:
    return f"{int(value):05d}"


def _upsert(
    model: Any,
    lookup: dict[str, Any],
    values: dict[str, Any],
    existing: dict[Any, Any],
    result: StepResult,
    pending: list[Any] | None = None,
) -> Any:
    """Update a known row in place, or build a new one (saved now, or queued in `pending` for
    one bulk insert)."""
    obj = existing.get(tuple(lookup.values()))
    if obj is None:
        obj = model(**lookup, **values)
        if pending is None:
            obj.save()
        else:
            pending.append(obj)
        result.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


@transaction.atomic
def load_geography(*, progress: bool = False) -> StepResult:
    """Create or update provinces and communes, matched by name so corrected codes survive.

    A code that an administrator set with `motcua geo import` is kept: rows are matched by the
    province codename and commune name, and only a row that is new gets the package's code.
    """
    result = StepResult("geo: provinces and communes")
    provinces = {(p.codename,): p for p in Province.objects.all()}
    by_package_code: dict[int, Province] = {}
    for pkg in PkgProvince.iter_all():
        obj = provinces.get((pkg.codename,))
        values = {
            "name": pkg.name,
            "division_type": PROVINCE_TYPES[pkg.division_type],
            "phone_code": pkg.phone_code,
        }
        if obj is None:
            values["code"] = province_code(pkg.code)
        by_package_code[int(pkg.code)] = _upsert(Province, {"codename": pkg.codename}, values, provinces, result)
    # Names are unique within a province (codenames are not: "Xã Tân Thành" / "Xã Tân Thạnh").
    communes = {(c.province_id, c.name): c for c in Commune.objects.all()}
    wards = list(PkgWard.iter_all())
    pending: list[Commune] = []
    for ward in progress_iter(wards, enabled=progress, desc="communes", total=len(wards)):
        province = by_package_code[int(ward.province_code)]
        key = {"province_id": province.pk, "name": ward.name}
        values = {"codename": ward.codename, "division_type": COMMUNE_TYPES[ward.division_type]}
        if (province.pk, ward.name) not in communes:
            values["code"] = commune_code(ward.code)
        _upsert(Commune, key, values, communes, result, pending)
    Commune.objects.bulk_create(pending, batch_size=500)
    return result
