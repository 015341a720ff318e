"""Geography endpoints: provinces, communes, old→new address conversion. Public reference data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.core.errors import BadRequest, NotFound
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.geo import selectors
from motcua.geo.convert import MAX_ADDRESS_LENGTH

router = Router(tags=["geo"])


class ProvinceOut(Schema):
    code: str
    name: str
    full_name: str
    division_type: str
    commune_count: int


class ProvinceList(Schema):
    items: list[ProvinceOut]
    count: int
    next_cursor: str | None = None


class CommuneOut(Schema):
    code: str
    name: str
    division_type: str


class CommuneList(Schema):
    items: list[CommuneOut]
    count: int


class UnitRef(Schema):
    code: str
    name: str


class OldUnitsOut(Schema):
    province: str | None = None
    district: str | None = None
    ward: str | None = None
    street: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    ward_code: str | None = None


class ConversionOut(Schema):
    status: str = Field(description="converted | ambiguous | not_found")
    province: UnitRef | None
    commune: UnitRef | None
    candidates: list[UnitRef]
    old: OldUnitsOut
    message: str


@router.get("/provinces", response=ProvinceList, auth=None, summary="The 34 provinces with their commune counts")
def provinces(request: HttpRequest, limit: int = 100, cursor: str | None = None) -> dict[str, Any]:
    page = keyset_page(selectors.province_list(), limit=limit, cursor=cursor, keys=("code",))
    return {"items": page.items, "count": page.count, "next_cursor": page.next_cursor}


@router.get("/provinces/{code}", response={200: ProvinceOut, 404: ErrorOut}, auth=None)
def province(request: HttpRequest, code: str) -> Any:
    found = selectors.province_get(code)
    if found is None:
        raise NotFound(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": code})
    return found


@router.get("/provinces/{code}/communes", response={200: CommuneList, 404: ErrorOut}, auth=None)
def communes(request: HttpRequest, code: str) -> Any:
    found = selectors.province_get(code)
    if found is None:
        raise NotFound(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": code})
    items = list(selectors.commune_list(province=found))
    return {"items": items, "count": len(items)}


class ConvertQuery(Schema):
    q: str = Field(default="", description="a pre-merger address: ward, district, province (diacritics optional)")


@router.get(
    "/address/convert",
    response={200: ConversionOut, 400: ErrorOut},
    auth=None,
    summary="Convert a pre-2025-07-01 address to the new province and commune",
)
def address_convert(request: HttpRequest, params: Query[ConvertQuery]) -> Any:
    q = params.q.strip()
    if not q:
        raise BadRequest(_("Hãy nhập địa chỉ cũ cần chuyển đổi (tham số q)."), code="missing_address")
    if len(q) > MAX_ADDRESS_LENGTH:
        raise BadRequest(_("Địa chỉ dài quá %(n)d ký tự.") % {"n": MAX_ADDRESS_LENGTH}, code="address_too_long")
    return selectors.address_convert(q).as_dict()
