"""Catalogue endpoints: fields, procedure search and list, procedure detail. Public reference data."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.catalog import selectors
from motcua.catalog.choices import ApplicantType, OnlineLevel
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.search import Doc
from motcua.core.errors import BadRequest
from motcua.core.schemas import ErrorOut
from motcua.org.choices import Level

router = Router(tags=["catalog"])


class FieldOut(Schema):
    code: str
    name: str
    name_en: str
    ministry: bool
    position: int


class FieldList(Schema):
    items: list[FieldOut]
    count: int


class TimeLimit(Schema):
    value: float
    unit: str = PydanticField(description="working_days | working_hours")


class ProcedureItem(Schema):
    code: str
    name: str
    name_en: str
    field: str = PydanticField(description="field code, e.g. telecommunications")
    levels: list[str] = PydanticField(description="ministry | province | commune")
    time_limit: TimeLimit
    boundary_free: bool
    online_level: str = PydanticField(description="full | partial | none")
    sample: bool = PydanticField(description="true when the entry is demo data, not taken from a legal source")


class ProcedureList(Schema):
    items: list[ProcedureItem]
    count: int
    next_cursor: str | None = None


class DocumentOut(Schema):
    name: str
    copy_type: str
    copies: int
    requirement: str
    condition: str
    edata_type: str
    form: str


class FeeOut(Schema):
    name: str
    amount: int = PydanticField(description="VND")
    moment: int = PydanticField(description="1 at reception, 2 at supplement, 4 at result")
    note: str


class ResultTypeOut(Schema):
    code: str
    name: str


class StepOut(Schema):
    position: int
    stage: str
    name: str
    unit_kind: str
    role: str
    time: TimeLimit


class LegalBasisOut(Schema):
    number: str
    date: datetime.date | None
    title: str


class VersionOut(Schema):
    id: int
    number: int
    status: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    published_at: datetime.datetime | None


class ProcedureDetail(ProcedureItem):
    local_code: str
    field_name: str
    competent_body_kind: str
    competent_body_name: str
    applicant_types: list[str]
    bound_to_applicant_commune: bool
    conditions: str
    summary: str
    documents: list[DocumentOut]
    fees: list[FeeOut]
    result_types: list[ResultTypeOut]
    process: list[StepOut]
    legal_bases: list[LegalBasisOut]
    version: VersionOut


class ProcedureQuery(Schema):
    q: str = PydanticField(default="", description="words, accents optional, typos tolerated; or a code prefix")
    field: str | None = PydanticField(default=None, description="field code")
    level: str | None = PydanticField(default=None, description="ministry | province | commune")
    online_level: str | None = PydanticField(default=None, description="full | partial | none")
    applicant_type: str | None = PydanticField(default=None, description="citizen | business")
    boundary_free: bool | None = None
    limit: int = 20
    cursor: str | None = PydanticField(default=None, description="only without q: next page after this code")


def _choice(value: str | None, allowed: list[str], name: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise BadRequest(
            _("Giá trị %(name)s không hợp lệ; chọn một trong: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(allowed)},
            code="invalid_filter",
        )
    return value


def _item(doc: Doc) -> dict[str, Any]:
    return {
        "code": doc.code,
        "name": doc.name,
        "name_en": doc.name_en,
        "field": doc.field,
        "levels": list(doc.levels),
        "time_limit": {"value": float(doc.time_limit_value), "unit": doc.time_limit_unit},
        "boundary_free": doc.boundary_free,
        "online_level": doc.online_level,
        "sample": doc.sample,
    }


@router.get("/fields", response=FieldList, auth=None, summary="Fields (lĩnh vực) of the catalogue")
def fields(request: HttpRequest) -> dict[str, Any]:
    items = list(selectors.field_list())
    return {"items": items, "count": len(items)}


@router.get(
    "/procedures",
    response={200: ProcedureList, 400: ErrorOut},
    auth=None,
    summary="Procedures in force: ranked search with q, filtered list without",
)
def procedures(request: HttpRequest, params: Query[ProcedureQuery]) -> Any:
    if params.field and selectors.field_get(params.field) is None:
        raise BadRequest(_("Không có lĩnh vực mã %(code)s.") % {"code": params.field}, code="invalid_filter")
    result = selectors.procedure_search(
        selectors.SearchParams(
            q=params.q,
            field=params.field or None,
            level=_choice(params.level, list(Level.values), "level"),
            online_level=_choice(params.online_level, list(OnlineLevel.values), "online_level"),
            applicant_type=_choice(params.applicant_type, list(ApplicantType.values), "applicant_type"),
            boundary_free=params.boundary_free,
            limit=params.limit,
            cursor=params.cursor,
        )
    )
    return {"items": [_item(d) for d in result.items], "count": result.count, "next_cursor": result.next_cursor}


def detail_dict(version: ProcedureVersion) -> dict[str, Any]:
    """The public detail of a version (shared by the API and the page)."""
    return {
        "code": version.procedure.code,
        "local_code": version.procedure.local_code,
        "name": version.name,
        "name_en": version.name_en,
        "field": version.field.code,
        "field_name": version.field.name,
        "levels": version.levels,
        "time_limit": {"value": float(version.time_limit_value), "unit": version.time_limit_unit},
        "boundary_free": version.boundary_free,
        "online_level": version.online_level,
        "sample": version.sample,
        "competent_body_kind": version.competent_body_kind,
        "competent_body_name": version.competent_body_name,
        "applicant_types": version.applicant_types,
        "bound_to_applicant_commune": version.bound_to_applicant_commune,
        "conditions": version.conditions,
        "summary": version.summary,
        "documents": list(version.documents.all()),
        "fees": list(version.fees.all()),
        "result_types": list(version.result_types.all()),
        "process": [
            {
                "position": s.position,
                "stage": s.stage,
                "name": s.name,
                "unit_kind": s.unit_kind,
                "role": s.role,
                "time": {"value": float(s.time_value), "unit": s.time_unit},
            }
            for s in version.steps.all()
        ],
        "legal_bases": [{"number": b.number, "date": b.issued_on, "title": b.title} for b in version.legal_bases.all()],
        "version": version,
    }


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetail, 404: ErrorOut},
    auth=None,
    summary="A procedure in force, with documents, fees, result types, process and legal bases",
)
def procedure(request: HttpRequest, code: str, on: datetime.date | None = None) -> Any:
    return detail_dict(selectors.procedure_detail(code, on))
