"""Routing: who processes a dossier, where it may be received, and load balancing.

- The competent body comes from `motcua.authority` (statutory competence plus delegation
  decisions in force on the day); its answer is stored on the dossier as a snapshot.
- Reception regardless of administrative boundary (Decree 118 Art. 3.7, 14): a procedure
  marked boundary-free may be received at any one-stop centre of the province; any other only
  at the one-stop unit of its competent agency.
- Load balancing: for a commune-level procedure not bound to the applicant's commune, propose
  the eligible commune of the province with the least load — open dossiers per active officer,
  weighted by how little time they have left — and record why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import memo
from motcua.core.errors import DomainError
from motcua.dossiers.choices import OPEN
from motcua.dossiers.models import Dossier
from motcua.org.choices import AgencyKind, Role
from motcua.org.models import Agency, Membership


@dataclass(frozen=True)
class Route:
    processing_agency: Agency
    competence: dict[str, Any]


def one_stop_of(agency: Agency) -> Agency:
    """The one-stop unit that receives for `agency`: its commune's or province's service centre,
    or the ministry unit itself."""
    if agency.kind in AgencyKind.one_stop():
        return agency
    if agency.kind == AgencyKind.COMMUNE_PC and agency.commune_id is not None:
        commune_id = agency.commune_id
        return memo.remember(
            ("one_stop", "commune", commune_id),
            lambda: Agency.objects.get(kind=AgencyKind.COMMUNE_CENTRE, commune_id=commune_id),
        )
    if agency.province_id is not None:
        province_id = agency.province_id
        return memo.remember(
            ("one_stop", "province", province_id),
            lambda: Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province_id=province_id),
        )
    return agency


def resolve(*, version: Any, province_code: str, commune_code: str | None, on: date) -> Route:
    from motcua.authority.resolver import resolve as authority_resolve

    resolution = authority_resolve(version, province_code, commune_code, on)
    return Route(
        processing_agency=Agency.objects.select_related("province").get(pk=resolution.processing_agency.id),
        competence=resolution.as_dict(),
    )


def ensure_receivable(*, version: Any, receiving: Agency, processing: Agency) -> None:
    """Refuse reception outside what the law allows, with the reason."""
    if receiving.kind not in AgencyKind.one_stop():
        raise DomainError(_("Chỉ bộ phận một cửa mới tiếp nhận hồ sơ."), code="not_a_one_stop_unit")
    if receiving.pk == one_stop_of(processing).pk:
        return
    if version.boundary_free and receiving.province_id and receiving.province_id == processing.province_id:
        return
    if version.boundary_free:
        raise DomainError(
            _("Thủ tục này chỉ được tiếp nhận không phụ thuộc địa giới trong phạm vi tỉnh của cơ quan giải quyết."),
            code="outside_province",
        )
    raise DomainError(
        _("Thủ tục này không thuộc danh mục tiếp nhận không phụ thuộc địa giới hành chính: chỉ tiếp nhận tại %(unit)s.")
        % {"unit": one_stop_of(processing).name},
        code="not_boundary_free",
    )


def workload(agencies: list[Agency], *, now: datetime | None = None, exclude: int | None = None) -> dict[int, float]:
    """Open dossiers per active officer, weighted by urgency: a dossier due within a day counts
    3, within three days 2, otherwise 1. Lower is lighter."""
    now = now or timezone.now()
    ids = [a.pk for a in agencies]
    open_q = Q(status__in=list(OPEN))
    counts = (
        Dossier.objects.filter(open_q, processing_agency_id__in=ids)
        .exclude(pk=exclude or 0)
        .values("processing_agency_id")
        .annotate(
            urgent=Count("id", filter=Q(appointment_at__lte=now + timedelta(days=1))),
            soon=Count(
                "id", filter=Q(appointment_at__gt=now + timedelta(days=1), appointment_at__lte=now + timedelta(days=3))
            ),
            total=Count("id"),
        )
    )
    weighted = {row["processing_agency_id"]: row["total"] + 2 * row["urgent"] + row["soon"] for row in counts}
    officers = dict(
        Membership.objects.filter(agency_id__in=ids, active=True, role__in=[Role.SPECIALIST, Role.LEADER])
        .values("agency_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("agency_id", "n")
    )
    return {pk: weighted.get(pk, 0) / max(1, officers.get(pk, 0)) for pk in ids}


def balance(*, default: Agency, province_id: int, exclude: int | None = None) -> tuple[Agency, str]:
    """The least-loaded eligible commune People's Committee of the province (ties keep the
    default). Eligible: active, with at least one active specialist or leader to process it."""
    staffed = Membership.objects.filter(active=True, role__in=[Role.SPECIALIST, Role.LEADER]).values("agency_id")
    candidates = list(
        Agency.objects.filter(kind=AgencyKind.COMMUNE_PC, province_id=province_id, active=True, pk__in=staffed)
    )
    if default.pk not in {a.pk for a in candidates}:
        candidates.append(default)
    loads = workload(candidates, exclude=exclude)
    best = min(candidates, key=lambda a: (loads[a.pk], a.pk != default.pk, a.pk))
    if best.pk == default.pk:
        return default, _("Cơ quan mặc định có tải thấp nhất (%(load).1f hồ sơ/người).") % {"load": loads[default.pk]}
    return best, _("Điều phối sang %(to)s: tải %(to_load).1f hồ sơ/người so với %(from_load).1f tại %(from)s.") % {
        "to": best.name,
        "to_load": loads[best.pk],
        "from_load": loads[default.pk],
        "from": default.name,
    }
