"""Competence endpoints: the resolver and the register of decisions. Public reference data:
who is competent for a procedure, and the decisions that say so, are published legal facts."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.authority import selectors
from motcua.authority.choices import DecisionKind, Holder
from motcua.authority.models import Decision
from motcua.authority.resolver import parse_date, resolve
from motcua.core.errors import NotFound
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.geo.models import Commune, Province

router = Router(tags=["authority"])


class AgencyRefOut(Schema):
    id: int
    identifier: str
    name: str
    name_en: str
    kind: str


class AuthorityOut(Schema):
    kind: str
    holder: str
    title: str
    title_en: str
    agency: AgencyRefOut


class SignerOut(Schema):
    title: str
    title_en: str
    mode: str = Field(description="own | tm (thay mặt) | kt (ký thay) | tuq (thừa ủy quyền) | tl (thừa lệnh)")
    wording: str = Field(
        description='Lines above the signature joined by " / ", e.g. "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ ..."'
    )
    block: list[str]
    deputy_wording: str | None = Field(description="What a deputy writes (KT.); null when a deputy may not sign")
    deputy_block: list[str] | None


class LegalActOut(Schema):
    number: str
    date: str | None
    title: str
    role: str = Field(description="statutory | decision")
    kind: str
    decision_id: int | None
    amends: str | None
    sample: bool


class ResolutionOut(Schema):
    procedure_code: str
    procedure_version_id: int
    procedure_version: int
    procedure_name: str
    on_date: datetime.date
    level: str
    province_code: str | None
    commune_code: str | None
    bound_to_applicant_commune: bool
    source: str = Field(description="statutory | decision")
    processing_agency: AgencyRefOut
    deciding_authority: AuthorityOut
    competent_authority: AuthorityOut
    statutory_authority: AuthorityOut
    signer: SignerOut
    legal_chain: list[LegalActOut]
    sample: bool
    format: int


class ResolveQuery(Schema):
    procedure: str = Field(min_length=1, max_length=32, description="Procedure code, e.g. 1.900001")
    province: str | None = Field(default=None, max_length=2, description="Province code, e.g. 33 (Hưng Yên)")
    commune: str | None = Field(default=None, max_length=5, description="Commune code; required at commune level")
    date: str | None = Field(default=None, max_length=32, description="YYYY-MM-DD; today when empty")
    level: str | None = Field(default=None, description="ministry | province | commune; chosen when empty")


@router.get(
    "/authority/resolve",
    response={200: ResolutionOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Who processes, decides and signs a procedure in a place on a day, with the chain of legal acts",
)
def resolve_endpoint(request: HttpRequest, query: Query[ResolveQuery]) -> dict[str, Any]:
    day = parse_date(query.date)
    return resolve(query.procedure, query.province or None, query.commune or None, day, level=query.level).as_dict()


class PartyOut(Schema):
    kind: str
    holder: Holder
    label: str


class DecisionOut(Schema):
    id: int
    number: str
    issued_on: datetime.date
    kind: DecisionKind
    kind_label: str
    title: str
    issuer: str
    from_: PartyOut = Field(alias="from")
    to: PartyOut
    province: str | None
    scope: str
    field: str | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    ends_on: datetime.date | None
    relation: str
    target_id: int | None
    procedures: list[str]
    declared_procedure_count: int | None
    signed_file: bool
    sample: bool


class DecisionList(Schema):
    items: list[DecisionOut]
    count: int
    next_cursor: str | None = None


class DecisionFilter(Schema):
    province: str | None = Field(default=None, max_length=2, description="Province code; nationwide acts included")
    limit: int = 100
    cursor: str | None = None


def _party(kind: str, holder: str) -> dict[str, str]:
    from motcua.authority.rules import Party

    return {"kind": kind, "holder": holder, "label": Party(kind, holder).title()}


def decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "issued_on": d.issued_on,
        "kind": d.kind,
        "kind_label": str(d.get_kind_display()),
        "title": d.title,
        "issuer": d.issuer_name,
        "from": _party(d.from_kind, d.from_holder),
        "to": _party(d.to_kind, d.to_holder),
        "province": d.province.code if d.province else None,
        "scope": d.scope,
        "field": d.field.code if d.field else None,
        "valid_from": d.valid_from,
        "valid_to": d.valid_to,
        "ends_on": d.ends_on,
        "relation": d.relation,
        "target_id": d.target_id,
        "procedures": selectors.procedure_codes(d),
        "declared_procedure_count": d.declared_procedure_count,
        "signed_file": bool(d.signed_file),
        "sample": d.sample,
    }


@router.get(
    "/authority/decisions",
    response={200: DecisionList, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    by_alias=True,
    summary="Decisions that move competence (decentralisation, authorisation, devolution), newest id last",
)
def decisions(request: HttpRequest, filters: Query[DecisionFilter]) -> dict[str, Any]:
    if filters.province and not Province.objects.filter(code=filters.province).exists():
        raise NotFound(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": filters.province}, code="unknown_province")
    page = keyset_page(selectors.decision_list(province=filters.province), limit=filters.limit, cursor=filters.cursor)
    return {"items": [decision_out(d) for d in page.items], "count": page.count, "next_cursor": page.next_cursor}


class SegmentOut(Schema):
    start: datetime.date
    end: datetime.date | None
    resolution: ResolutionOut | None
    error: str


class TimelineOut(Schema):
    procedure: str
    province: str
    commune: str | None
    segments: list[SegmentOut]


class TimelineQuery(Schema):
    procedure: str = Field(min_length=1, max_length=32)
    province: str = Field(min_length=1, max_length=2)
    commune: str | None = Field(default=None, max_length=5)


@router.get(
    "/authority/timeline",
    response={200: TimelineOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Who decided a procedure in a place, period by period, since its first version",
)
def timeline(request: HttpRequest, query: Query[TimelineQuery]) -> dict[str, Any]:
    procedure = selectors.procedure_by_code(query.procedure)
    if procedure is None:
        raise NotFound(_("Không có thủ tục mã %(code)s.") % {"code": query.procedure}, code="unknown_procedure")
    province = Province.objects.filter(code=query.province).first()
    if province is None:
        raise NotFound(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": query.province}, code="unknown_province")
    commune = None
    if query.commune:
        commune = Commune.objects.filter(code=query.commune, province=province).first()
        if commune is None:
            raise NotFound(
                _("Không có xã, phường, đặc khu mã %(code)s.") % {"code": query.commune}, code="unknown_commune"
            )
    segments = selectors.timeline(procedure, province, commune)
    return {
        "procedure": procedure.code,
        "province": province.code,
        "commune": commune.code if commune else None,
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "resolution": s.resolution.as_dict() if s.resolution else None,
                "error": s.error,
            }
            for s in segments
        ],
    }
