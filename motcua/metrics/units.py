"""Units the figures are asked for (`country`, `province:38`, `commune:<code>`, `agency:<id>`) and
the user's jurisdiction, both as filters on the counter rows (never on the dossiers)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound
from motcua.org.access import visible_agency_ids


@dataclass(frozen=True)
class AgencyInfo:
    id: int
    name: str
    name_en: str
    kind: str
    province_code: str
    commune_code: str
    commune_name: str


@dataclass(frozen=True)
class Unit:
    kind: str  # country | province | commune | agency
    key: str
    name: str
    province_code: str | None
    agency_ids: frozenset[int] | None  # None: every agency of the province (or the country)

    @property
    def ref(self) -> str:
        return "country" if self.kind == "country" else f"{self.kind}:{self.key}"

    def q(self) -> Q:
        out = Q()
        if self.province_code:
            out &= Q(province_code=self.province_code)
        if self.agency_ids is not None:
            ids = sorted(self.agency_ids)
            out &= Q(receiving_agency_id__in=ids) | Q(processing_agency_id__in=ids)
        return out


@lru_cache(maxsize=2)
def _agencies(version: tuple[int, int]) -> dict[int, AgencyInfo]:
    from motcua.org.models import Agency

    rows = Agency.objects.values_list(
        "pk", "name", "name_en", "kind", "province__code", "commune__code", "commune__name"
    ).order_by()
    return {
        pk: AgencyInfo(pk, name, name_en or "", kind, province or "", commune or "", commune_name or "")
        for pk, name, name_en, kind, province, commune, commune_name in rows
    }


def agencies() -> dict[int, AgencyInfo]:
    """Every agency's place and name, read once per process while the agencies do not change."""
    from motcua.org.models import Agency

    stamp = Agency.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return _agencies((stamp["n"] or 0, stamp["top"] or 0))


def parse_unit(text: str | None) -> Unit:
    """`country` (the default), `province:<code>`, `commune:<code>` or `agency:<id>`."""
    from motcua.geo.models import Commune, Province

    text = (text or "country").strip()
    kind, _sep, key = text.partition(":")
    if kind == "country" and not key:
        return Unit("country", "", _("Cả nước"), None, None)
    if kind == "province":
        province = Province.objects.filter(code=key).first()
        if province is None:
            raise NotFound(_("Không có tỉnh mã %(code)s.") % {"code": key})
        return Unit("province", key, province.name, key, None)
    if kind == "commune":
        commune = Commune.objects.select_related("province").filter(code=key).first()
        if commune is None:
            raise NotFound(_("Không có xã mã %(code)s.") % {"code": key})
        ids = frozenset(a.id for a in agencies().values() if a.commune_code == key)
        return Unit("commune", key, commune.name, commune.province.code, ids)
    if kind == "agency" and key.isdigit():
        found = agencies().get(int(key))
        if found is None:
            raise NotFound(_("Không có cơ quan %(id)s.") % {"id": key})
        return Unit("agency", key, found.name, found.province_code or None, frozenset({found.id}))
    raise DomainError(
        _("Đơn vị phải là country, province:<mã>, commune:<mã> hoặc agency:<id>."),
        code="invalid_unit",
        errors=[{"field": "unit", "message": _("không hợp lệ")}],
    )


@dataclass(frozen=True)
class Scope:
    """The counter rows a user may count: every row (`everything`), the rows of whole provinces,
    and the rows received or processed by further agencies."""

    everything: bool
    provinces: tuple[str, ...] = ()
    agency_ids: tuple[int, ...] = ()

    def q(self) -> Q | None:
        if self.everything:
            return None
        out = Q(province_code__in=self.provinces) if self.provinces else Q(pk__in=[])
        if self.agency_ids:
            ids = list(self.agency_ids)
            out |= Q(receiving_agency_id__in=ids) | Q(processing_agency_id__in=ids)
        return out


def scope_of(user: Any) -> Scope:
    """A nationwide user counts everything; others the rows received or processed in their
    jurisdiction, whole provinces by code so a province admin's filter stays small."""
    visible = visible_agency_ids(user)
    if visible is None:
        return Scope(everything=True)
    known = agencies()
    by_province: dict[str, list[int]] = {}
    for info in known.values():
        by_province.setdefault(info.province_code, []).append(info.id)
    whole = tuple(sorted(code for code, ids in by_province.items() if code and set(ids) <= visible))
    rest = tuple(sorted(i for i in visible if known.get(i) is None or known[i].province_code not in whole))
    return Scope(everything=False, provinces=whole, agency_ids=rest)


def scope_q(user: Any) -> Q | None:
    return scope_of(user).q()
