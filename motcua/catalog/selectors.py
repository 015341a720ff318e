"""Reads of the catalogue. Public: the catalogue is published legal information.

Other apps call:
- `procedure_version_current(code, on_date)` — the version in force for a procedure on a day
  (what a new dossier pins);
- `procedure_version_get(version_id)` — a pinned version, whatever its status now;
- `procedure_search(q, ...)` / `procedure_list(...)` — ranked search and filtered lists;
- `field_list()`, `field_get(code)`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import search
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.core.errors import BadRequest, NotFound

MAX_LIMIT = 200


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("position", "code")


def field_get(code: str) -> Field | None:
    return Field.objects.filter(code=code).first()


def _with_children(qs: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    return qs.select_related("procedure", "field").prefetch_related(
        "legal_bases", "fees", "documents", "result_types", "steps"
    )


def in_force_q(on_date: datetime.date) -> Q:
    """Versions in force on `on_date`: published or retired, with the day inside their window."""
    return (
        Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED])
        & Q(valid_from__lte=on_date)
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
    )


def procedure_version_current(code: str, on_date: datetime.date | None = None) -> ProcedureVersion | None:
    """The version of procedure `code` in force on `on_date` (today in Vietnam by default), with
    its documents, fees, result types, steps and legal bases prefetched; None if none is."""
    day = on_date or timezone.localdate()
    found = (
        ProcedureVersion.objects.filter(in_force_q(day), procedure__code=code)
        .order_by("-valid_from", "-number")
        .values_list("pk", "published_at", "status", "valid_to")
        .first()
    )
    return _in_force_version(*found) if found else None


@lru_cache(maxsize=2048)
def _in_force_version(
    pk: int, published_at: datetime.datetime, status: str, valid_to: datetime.date | None
) -> ProcedureVersion | None:
    """A published or retired version with its children. Their content never changes once
    published, so it is kept in memory under the fields that can still change (status, end
    date): intake reads one small row instead of six queries. Callers must not modify it."""
    return procedure_version_get(pk)


def procedure_version_get(version_id: int) -> ProcedureVersion | None:
    """A version by id, whatever its status (dossiers keep the version they started with)."""
    return _with_children(ProcedureVersion.objects.filter(pk=version_id)).first()


def procedure_get(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code).first()


def procedure_versions(code: str) -> QuerySet[ProcedureVersion]:
    """Every version of a procedure, newest first (for its history)."""
    return ProcedureVersion.objects.filter(procedure__code=code).select_related("field").order_by("-number")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    field: str | None = None
    level: str | None = None
    online_level: str | None = None
    applicant_type: str | None = None
    boundary_free: bool | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass
class Result:
    items: list[search.Doc]
    scores: list[float | None]
    count: int
    next_cursor: str | None


def procedure_search(params: SearchParams) -> Result:
    """Procedures in force. With `q`: the best `limit` ranked by relevance (no cursor; `count` is
    how many matched in all). Without: filtered, in field then code order, paginated by `cursor`
    (the last code of the previous page)."""
    if params.limit < 1 or params.limit > MAX_LIMIT:
        raise BadRequest(_("limit phải từ 1 đến %(max)d.") % {"max": MAX_LIMIT}, code="invalid_limit")
    if len(params.q) > 200:
        raise BadRequest(_("Từ khóa tìm kiếm dài quá 200 ký tự."), code="query_too_long")
    filters = search.Filters(
        field=params.field or None,
        level=params.level or None,
        online_level=params.online_level or None,
        applicant_type=params.applicant_type or None,
        boundary_free=params.boundary_free,
    )
    if params.q.strip():
        hits, total = search.search_counted(params.q, filters=filters, limit=params.limit)
        return Result([h.doc for h in hits], [h.score for h in hits], total, None)
    docs = search.listing(filters=filters)
    start = 0
    if params.cursor:
        codes = [d.code for d in docs]
        if params.cursor not in codes:
            raise BadRequest(_("Con trỏ phân trang không hợp lệ."), code="invalid_cursor")
        start = codes.index(params.cursor) + 1
    page = docs[start : start + params.limit]
    more = start + params.limit < len(docs)
    return Result(page, [None] * len(page), len(docs), page[-1].code if more and page else None)


def procedure_detail(code: str, on_date: datetime.date | None = None) -> ProcedureVersion:
    """The version in force for the public detail page and API; NotFound otherwise."""
    version = procedure_version_current(code, on_date)
    if version is None:
        raise NotFound(_("Không có thủ tục mã %(code)s đang có hiệu lực.") % {"code": code})
    return version
