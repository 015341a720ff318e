"""Reads of dossiers: scoped lists, one dossier, its timeline, the public lookup, results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.core.text import fold
from motcua.dossiers.choices import RUNNING
from motcua.dossiers.models import Dossier, DossierEvent, ResultDocument
from motcua.dossiers.rules import normalise_phone


@dataclass(frozen=True)
class DossierFilter:
    status: int | None = None
    procedure: str | None = None
    agency: int | None = None
    overdue: bool | None = None
    q: str | None = None


def dossier_list(user: Any, filters: DossierFilter) -> QuerySet[Dossier]:
    """The user's dossiers (scope first), filtered; newest first by id for keyset paging."""
    query = Dossier.objects.visible_to(user).select_related(
        "procedure_version", "receiving_agency", "processing_agency", "assignee"
    )
    if filters.status is not None:
        query = query.filter(status=filters.status)
    if filters.procedure:
        query = query.filter(procedure_code=filters.procedure)
    if filters.agency is not None:
        query = query.filter(Q(receiving_agency_id=filters.agency) | Q(processing_agency_id=filters.agency))
    if filters.overdue is not None:
        # Only a running clock can be overdue: supplement and payment requests stop it.
        late = Q(status__in=list(RUNNING), appointment_at__lt=timezone.now())
        query = query.filter(late) if filters.overdue else query.exclude(late)
    if filters.q:
        text = filters.q.strip()
        # Codes and phone/ID numbers match exactly; names only by prefix of the folded text.
        query = query.filter(
            Q(code__icontains=text)
            | Q(applicant_phone=normalise_phone(text))
            | Q(applicant_id_number=text)
            | Q(search_name__contains=fold(text))
        )
    return query


def dossier_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.order_by("seq").select_related("actor")


def public_lookup(*, code: str, phone: str | None, id_number: str | None) -> Dossier | None:
    """A dossier by its code and the applicant's phone or ID number; None when the pair fails."""
    if not code or not (phone or id_number):
        return None
    query = Dossier.objects.filter(code=code).select_related(
        "procedure_version", "receiving_agency", "processing_agency"
    )
    if phone:
        query = query.filter(applicant_phone=normalise_phone(phone))
    else:
        query = query.filter(applicant_id_number=(id_number or "").strip())
    return query.first()


def result_get(document_code: str) -> ResultDocument | None:
    return ResultDocument.objects.filter(document_code=document_code).select_related("dossier").first()
