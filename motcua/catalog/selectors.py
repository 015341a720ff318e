"""Reads of the catalogue. Public: the catalogue is published legal information.

Other apps call:
- `in_force_q(on_date)` — the rule of which versions are in force on a day (filter with it,
  never with `status`/`valid_from`/`valid_to` by hand);
- `procedure_version_current(code, on_date)` — the version in force for a procedure on a day
  (what a new dossier pins);
- `procedure_version_get(version_id)` — a pinned version, whatever its status now;
- `procedure_search(q, ...)` / `procedure_list(...)` — ranked search and filtered lists;
- `field_list()`, `field_get(code)`;
- a province's own list of procedures and its figures: `province_procedures(province_code)`,
  `province_catalogue_summary(province_code)`, `eligible_full_online_codes`, `fee_procedures`,
  `online_payment_codes`, `population_db_codes`, and `boundary_free_in(version, province_id)`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import search
from motcua.catalog.choices import OnlineLevel, ProvinceLevel, VersionStatus
from motcua.catalog.models import Field, Procedure, ProcedureVersion, ProvinceProcedure
from motcua.core import memo
from motcua.core.errors import BadRequest, NotFound
from motcua.geo.models import Province

MAX_LIMIT = 200


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("position", "code")


def field_get(code: str) -> Field | None:
    return Field.objects.filter(code=code).first()


def _with_children(qs: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    return qs.select_related("procedure", "field").prefetch_related(
        "legal_bases", "fees", "documents", "result_types", "steps"
    )


def in_force_q(on_date: datetime.date, *, through: str = "") -> Q:
    """Versions in force on `on_date`: published or retired, with the day inside their window.

    The one home of the rule: the catalogue, its search, the authority resolver and intake all
    filter with it. `through` names the relation when filtering another model by its version
    (`in_force_q(day, through="version")` on competences)."""
    p = f"{through}__" if through else ""
    return (
        Q(**{f"{p}status__in": [VersionStatus.PUBLISHED, VersionStatus.RETIRED]})
        & Q(**{f"{p}valid_from__lte": on_date})
        & (Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gte": on_date}))
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


# --- a province's own list of procedures -----------------------------------------------------------

# Where a province's list comes from: its imported list, or (until it has one) our national
# catalogue with the catalogue's own flags.
SOURCE_PROVINCE_LIST = "province_list"
SOURCE_NATIONAL_CATALOGUE = "national_catalogue"
CATALOGUE_EDATA_POPULATION = "CCCD"  # e-data kind read from the national population database


def province_catalogue_source(province_code: str) -> str:
    """`province_list` when the province has imported its own list, else `national_catalogue`."""
    has_list = ProvinceProcedure.objects.filter(province__code=province_code).exists()
    return SOURCE_PROVINCE_LIST if has_list else SOURCE_NATIONAL_CATALOGUE


def province_procedures(province_code: str, on_date: datetime.date | None = None) -> list[ProvinceProcedure]:
    """The procedures a province implements, in code order.

    Its imported list when it has one; otherwise derived from the national catalogue: every
    province- or commune-level version in force on `on_date` (today by default), unsaved rows
    whose flags are the catalogue's — eligible for full-online iff offered full-online, online
    payment iff it has a fee and is full-online, population database iff a document can be the
    citizen ID's e-data, transparency facts unknown; `source` says which."""
    imported = list(ProvinceProcedure.objects.filter(province__code=province_code).order_by("procedure_code"))
    if imported:
        return imported
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        return []
    return _from_national_catalogue(province, on_date or timezone.localdate())


def _from_national_catalogue(province: Province, day: datetime.date) -> list[ProvinceProcedure]:
    versions = (
        ProcedureVersion.objects.filter(in_force_q(day))
        .filter(Q(level_province=True) | Q(level_commune=True))
        .select_related("procedure", "field")
        .prefetch_related("fees", "documents")
        .order_by("procedure__code", "-valid_from", "-number")
    )
    rows: dict[str, ProvinceProcedure] = {}
    for v in versions:
        if v.procedure.code in rows:
            continue
        has_fee = any(f.amount > 0 for f in v.fees.all())
        full = v.online_level == OnlineLevel.FULL
        rows[v.procedure.code] = ProvinceProcedure(
            province=province,
            procedure_code=v.procedure.code,
            procedure=v.procedure,
            name=v.name,
            field=v.field.name,
            level=ProvinceLevel.PROVINCE if v.level_province else ProvinceLevel.COMMUNE,
            boundary_free=v.boundary_free,
            online_level=v.online_level,
            full_online_eligible=full,
            online_payment=has_fee and full,
            has_fee=has_fee,
            connected_population_db=any(d.edata_type == CATALOGUE_EDATA_POPULATION for d in v.documents.all()),
            source=SOURCE_NATIONAL_CATALOGUE,
            sample=v.sample,
        )
    return list(rows.values())


def province_catalogue_summary(province_code: str) -> dict[str, Any]:
    """A province's catalogue figures, as the Portal publishes them: `total` procedures,
    `full_online_eligible`, `full_online`, `partial_online`, `not_online`, and the counts the
    Decision 766 indicators need (`boundary_free`, `has_fee`, `online_payment` among fee
    procedures, `connected_population_db`, the transparency facts 1.1–1.3 known true and known
    at all), plus `source` (`province_list` or `national_catalogue`) and `sample` (any row is
    sample data)."""
    items = province_procedures(province_code)

    def count(test: Any) -> int:
        return sum(1 for p in items if test(p))

    summary: dict[str, Any] = {
        "province": province_code,
        "source": SOURCE_PROVINCE_LIST if items and items[0].pk else SOURCE_NATIONAL_CATALOGUE,
        "sample": any(p.sample for p in items),
        "total": len(items),
        "full_online_eligible": count(lambda p: p.full_online_eligible),
        "full_online": count(lambda p: p.online_level == OnlineLevel.FULL),
        "partial_online": count(lambda p: p.online_level == OnlineLevel.PARTIAL),
        "not_online": count(lambda p: p.online_level == OnlineLevel.NONE),
        "province_level": count(lambda p: p.level == ProvinceLevel.PROVINCE),
        "commune_level": count(lambda p: p.level == ProvinceLevel.COMMUNE),
        "boundary_free": count(lambda p: p.boundary_free),
        "has_fee": count(lambda p: p.has_fee),
        "online_payment": count(lambda p: p.has_fee and p.online_payment),
        "connected_population_db": count(lambda p: p.connected_population_db),
    }
    for fact in ("published_on_time", "public_on_time", "complete_content"):
        summary[fact] = count(lambda p, f=fact: getattr(p, f) is True)
        summary[f"{fact}_known"] = count(lambda p, f=fact: getattr(p, f) is not None)
    return summary


def eligible_full_online_codes(province_code: str) -> set[str]:
    """Codes of the province's procedures eligible for full-online (indicator 3's denominator)."""
    return {p.procedure_code for p in province_procedures(province_code) if p.full_online_eligible}


def fee_procedures(province_code: str) -> set[str]:
    """Codes of the province's fee-charging procedures (indicator 6, B and C)."""
    return {p.procedure_code for p in province_procedures(province_code) if p.has_fee}


def online_payment_codes(province_code: str) -> set[str]:
    """Codes of the province's fee-charging procedures that offer online payment (indicator 6 B)."""
    return {p.procedure_code for p in province_procedures(province_code) if p.has_fee and p.online_payment}


def population_db_codes(province_code: str) -> set[str]:
    """Codes of the province's procedures connected to the population database (indicator 4.5a)."""
    return {p.procedure_code for p in province_procedures(province_code) if p.connected_population_db}


def boundary_free_in(version: ProcedureVersion, province_id: int | None) -> bool:
    """Whether `version`'s procedure is received regardless of administrative boundary in the
    province: the province's own list says so when it has the procedure (the provincial
    People's Committee publishes that list, Decree 118 Art. 14); otherwise the version's flag.
    One indexed read, remembered for the rest of the action or batch."""
    if province_id is None:
        return version.boundary_free
    code = version.procedure.code
    flag = memo.remember(
        ("catalog.boundary_free_in", province_id, code),
        lambda: ProvinceProcedure.objects.filter(province_id=province_id, procedure_code=code)
        .values_list("boundary_free", flat=True)
        .first(),
    )
    return version.boundary_free if flag is None else bool(flag)
