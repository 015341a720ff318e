"""Reads of the competence register: the decision list, overlap detection and the timeline of
who decides a procedure in a place. The resolver itself lives in `resolver.py`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from motcua.authority import rules
from motcua.authority.choices import Relation, Scope
from motcua.authority.models import Decision, DecisionProcedure
from motcua.authority.resolver import Resolution, resolve
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.errors import DomainError
from motcua.geo.models import Commune, Province


def decision_list(*, province: str | None = None, include_nationwide: bool = True) -> QuerySet[Decision]:
    """Decisions are published legal acts: public. Filtered by province code; nationwide acts
    (decrees) are included unless asked otherwise."""
    query = Decision.objects.select_related("province", "field", "target").prefetch_related("links__procedure")
    if province:
        place = Q(province__code=province)
        if include_nationwide:
            place |= Q(province__isnull=True)
        query = query.filter(place)
    return query


def decision_get(decision_id: int) -> Decision | None:
    return (
        decision_list()
        .select_related("issuer_agency", "created_by")
        .prefetch_related("successors")
        .filter(pk=decision_id)
        .first()
    )


def procedure_codes(decision: Decision) -> list[str]:
    return sorted(link.procedure.code for link in decision.links.all())


@dataclass(frozen=True)
class Overlap:
    decision: Decision
    codes: list[str]


def decision_overlaps(
    *,
    province_id: int | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    scope: str,
    field_id: int | None,
    procedure_ids: Iterable[int],
    exclude_ids: Iterable[int] = (),
) -> list[Overlap]:
    """Decisions in effect for the same place (the same province, or both nationwide) at some
    day of [valid_from, valid_to] that cover a procedure this one covers (directly or through a
    whole field). Revocations and decisions on other tasks never collide; neither do decisions
    whose window was emptied by a revocation from their first day."""
    if scope == Scope.TASKS:
        return []
    ids = set(procedure_ids)
    fields = set(ProcedureVersion.objects.filter(procedure_id__in=ids).values_list("field_id", flat=True).distinct())
    if scope == Scope.FIELD and field_id is not None:
        fields.add(field_id)
    covers = Q(scope=Scope.FIELD, field_id__in=fields)
    if ids:
        covers |= Q(pk__in=DecisionProcedure.objects.filter(procedure_id__in=ids).values("decision_id"))
    if scope == Scope.FIELD and field_id is not None:
        covers |= Q(
            pk__in=DecisionProcedure.objects.filter(procedure__versions__field_id=field_id).values("decision_id")
        )
    query = (
        Decision.objects.filter(covers)
        .exclude(relation=Relation.REVOKES)
        .exclude(scope=Scope.TASKS)
        .exclude(pk__in=list(exclude_ids))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=valid_from))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=F("valid_from")))
        .prefetch_related("links__procedure")
        .select_related("field")
    )
    query = query.filter(province_id=province_id) if province_id is not None else query.filter(province__isnull=True)
    if valid_to is not None:
        query = query.filter(valid_from__lte=valid_to)
    ours = set(Procedure.objects.filter(pk__in=ids).values_list("code", flat=True))
    result = []
    for other in query.order_by("valid_from", "pk"):
        theirs = {link.procedure.code for link in other.links.all()}
        if other.scope == Scope.FIELD:
            codes = sorted(ours) or [other.field.name if other.field else ""]
        elif scope == Scope.FIELD:
            codes = sorted(theirs)
        else:
            codes = sorted(ours & theirs)
        result.append(Overlap(other, codes))
    return result


# ----------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Segment:
    """A stretch of days over which the answer stays the same."""

    start: datetime.date
    end: datetime.date | None
    resolution: Resolution | None
    error: str


def timeline(
    procedure: Procedure,
    province: Province,
    commune: Commune | None = None,
    *,
    start: datetime.date | None = None,
) -> list[Segment]:
    """Who decides `procedure` in `province`, period by period: the answer is recomputed at
    every date where a version or a decision starts or stops, and equal neighbours are merged."""
    versions = list(
        ProcedureVersion.objects.filter(
            procedure=procedure, status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED)
        ).values_list("valid_from", "valid_to", "field_id")
    )
    if not versions:
        return []
    first_day = min(v[0] for v in versions if v[0] is not None)
    field_ids = {v[2] for v in versions}
    bounds: list[tuple[datetime.date, datetime.date | None]] = [(v[0], v[1]) for v in versions if v[0] is not None]
    decisions = (
        Decision.objects.filter(Q(province=province) | Q(province__isnull=True))
        .filter(
            Q(pk__in=DecisionProcedure.objects.filter(procedure=procedure).values("decision_id"))
            | Q(scope=Scope.FIELD, field_id__in=field_ids)
        )
        .exclude(relation=Relation.REVOKES)
        .values_list("valid_from", "ends_on")
    )
    bounds.extend(decisions)
    days = rules.segment_starts(start or first_day, bounds)
    segments: list[Segment] = []
    for i, day in enumerate(days):
        end = days[i + 1] - datetime.timedelta(days=1) if i + 1 < len(days) else None
        try:
            answer: Resolution | None = resolve(procedure, province, commune, day)
            error = ""
        except DomainError as exc:
            answer, error = None, str(exc.message)
        key = _segment_key(answer, error)
        if segments and _segment_key(segments[-1].resolution, segments[-1].error) == key:
            segments[-1] = Segment(segments[-1].start, end, segments[-1].resolution, segments[-1].error)
        else:
            segments.append(Segment(day, end, answer, error))
    return segments


def _segment_key(answer: Resolution | None, error: str) -> tuple[object, ...]:
    if answer is None:
        return ("error", error)
    return (
        answer.procedure_version_id,
        answer.processing_agency.id,
        answer.deciding_authority,
        answer.signer.wording,
        tuple((a.number, a.date) for a in answer.legal_chain),
    )


# ----------------------------------------------------------------------------- page helpers


def procedure_choices() -> list[tuple[str, str]]:
    """(code, "code — name") of procedures with a version in force or retired, for the
    look-up form. Names come from the newest such version."""
    names: dict[str, str] = {}
    for code, name in (
        ProcedureVersion.objects.filter(status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED))
        .order_by("procedure__code", "number")
        .values_list("procedure__code", "name")
    ):
        names[code] = name
    return [(code, f"{code} — {name}") for code, name in names.items()]


def procedure_by_code(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code).first()
