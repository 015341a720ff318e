"""Reads of the geography: provinces with their commune counts, communes, address conversion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from motcua.geo import convert
from motcua.geo.models import Commune, Province


def province_list() -> QuerySet[Province]:
    return Province.objects.annotate(commune_count=Count("communes")).order_by("code")


def province_get(code: str) -> Province | None:
    return province_list().filter(code=code).first()


def commune_list(*, province: Province) -> QuerySet[Commune]:
    return Commune.objects.filter(province=province).order_by("name")


@dataclass
class AddressConversion:
    """The answer of the address-conversion page and API."""

    status: str  # converted | ambiguous | not_found
    province: Province | None = None
    commune: Commune | None = None
    candidates: list[Commune] = field(default_factory=list)
    old: dict[str, Any] = field(default_factory=dict)
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        def unit(obj: Province | Commune | None) -> dict[str, str] | None:
            return (
                None
                if obj is None
                else {"code": obj.code, "name": str(obj.full_name if isinstance(obj, Province) else obj.name)}
            )

        return {
            "status": self.status,
            "province": unit(self.province),
            "commune": unit(self.commune),
            "candidates": [{"code": c.code, "name": c.name} for c in self.candidates],
            "old": self.old,
            "message": self.message,
        }


def _province_by_key(key: str) -> Province | None:
    for province in Province.objects.all():
        if key in convert.unit_keys(province.full_name):
            return province
    return None


def _communes_by_keys(province: Province, keys: tuple[str, ...]) -> list[Commune]:
    by_key: dict[str, Commune] = {}
    for commune in Commune.objects.filter(province=province):
        folded, accented = convert.unit_keys(commune.name)
        by_key.setdefault(folded, commune)
        by_key[accented] = commune
    # The package's accented keys exist exactly where folded names collide, so they win.
    return [by_key[k] for k in keys if k in by_key]


def address_convert(query: str) -> AddressConversion:
    """Old address → new province and commune; ambiguous when the old unit was split."""
    raw = convert.convert_old_address(query)
    old = raw.old.as_dict()
    if raw.new_province_key is None:
        return AddressConversion(
            status="not_found",
            old=old,
            message=_("Không nhận ra địa chỉ cũ. Hãy nhập theo dạng: xã/phường, quận/huyện, tỉnh/thành phố."),
        )
    province = _province_by_key(raw.new_province_key)
    if province is None:  # the package knows a province our database does not: data out of date
        return AddressConversion(status="not_found", old=old, message=_("Không tìm thấy tỉnh mới tương ứng."))
    candidates = _communes_by_keys(province, raw.new_ward_keys)
    if raw.matched_level == "ward" and len(candidates) == 1:
        return AddressConversion(
            status="converted",
            province=province,
            commune=candidates[0],
            candidates=candidates,
            old=old,
            message=_("Đã chuyển đổi sang đơn vị hành chính mới."),
        )
    if raw.matched_level == "ward":
        message = _("Đơn vị cũ đã được chia cho nhiều xã/phường mới: hãy chọn đúng nơi theo địa chỉ cụ thể.")
    elif raw.matched_level == "district":
        message = _("Chỉ nhận ra quận/huyện cũ: địa chỉ thuộc một trong các xã/phường mới dưới đây.")
    else:
        message = _("Chỉ nhận ra tỉnh cũ: hãy thêm xã/phường để xác định đơn vị mới.")
    return AddressConversion(status="ambiguous", province=province, candidates=candidates, old=old, message=message)
