"""The dossier as the API and pages show it to one user: personal data masked unless the user
handles the dossier, and the actions this user may take now."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from motcua.dossiers import access, rules
from motcua.dossiers.actions.common import calendar_of, clock_events
from motcua.dossiers.choices import Status
from motcua.dossiers.models import Dossier, DossierAccess
from motcua.integrations.rules import mask_email
from motcua.workdays.clock import read_clock


def _agency(agency: Any) -> dict[str, Any] | None:
    return None if agency is None else {"id": agency.pk, "identifier": agency.identifier, "name": agency.name}


def applicant_out(dossier: Dossier, *, full: bool) -> dict[str, Any]:
    if full:
        return {
            "kind": dossier.applicant_kind,
            "full_name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "tax_code": dossier.applicant_tax_code,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": {
                "province": dossier.address_province.code if dossier.address_province else None,
                "commune": dossier.address_commune.code if dossier.address_commune else None,
                "detail": dossier.address_detail,
            },
            "old_address": dossier.old_address,
            "masked": False,
        }
    return {
        "kind": dossier.applicant_kind,
        "full_name": rules.mask_name(dossier.applicant_name),
        "id_number": rules.mask(dossier.applicant_id_number),
        "tax_code": dossier.applicant_tax_code,  # a business's tax code is public
        "phone": rules.mask(dossier.applicant_phone, keep_start=0, keep_end=3),
        "email": mask_email(dossier.applicant_email) if dossier.applicant_email else "",
        "address": {
            "province": dossier.address_province.code if dossier.address_province else None,
            "commune": dossier.address_commune.code if dossier.address_commune else None,
            "detail": "",
        },
        "old_address": "",
        "masked": True,
    }


def clock_out(dossier: Dossier) -> dict[str, Any] | None:
    if not dossier.clock:
        return None
    readings = read_clock(calendar_of(dossier), clock_events(dossier), as_of=timezone.now())
    return {
        name: {
            "state": str(r.state),
            "appointment": r.appointment.isoformat(),
            "used_seconds": r.used_seconds,
            "left_seconds": r.left_seconds,
            "overdue": r.overdue,
            "on_time": r.on_time,
            "supplement_requests": r.supplement_requests,
        }
        for name, r in readings.items()
    }


def dossier_out(
    user: Any, dossier: Dossier, *, detail: bool = False, audit_via: str = "api", audit: bool = True
) -> dict[str, Any]:
    """The dossier as the API shows it to `user`. A full read of personal data is recorded
    (`DossierAccess`) unless `audit` is off: the answer to the user's own action, whose event
    already records who touched the dossier and when."""
    full = access.handles(user, dossier)
    if full and detail and audit and getattr(user, "pk", None):
        DossierAccess.objects.create(dossier=dossier, province_code=dossier.province_code, user=user, via=audit_via)
    step = access.step_of(dossier)
    version = dossier.procedure_version
    out: dict[str, Any] = {
        "id": dossier.pk,
        "code": dossier.code,
        "status": dossier.status,
        "status_label": str(Status(dossier.status).label),
        "channel": dossier.channel,
        "procedure": {"code": dossier.procedure_code, "name": version.name, "version": version.number},
        "receiving_agency": _agency(dossier.receiving_agency),
        "processing_agency": _agency(dossier.processing_agency),
        "current_step": None
        if step is None
        else {"position": step.position, "name": step.name, "role": step.role, "unit_kind": step.unit_kind},
        "assignee": None if dossier.assignee is None else {"id": dossier.assignee.pk, "name": str(dossier.assignee)},
        "submitted_at": dossier.submitted_at,
        "accepted_at": dossier.accepted_at,
        "appointment_at": dossier.appointment_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "version": dossier.version,
        "applicant": applicant_out(dossier, full=full),
        "fees": [
            {"name": f.name, "amount": f.amount, "moment": f.moment, "paid": f.paid_at is not None}
            for f in dossier.fees.all()
        ],
        "payment_status": dossier.payment_status,
        "documents": [
            {
                "id": d.pk,
                "component": d.component,
                "copy_kind": d.copy_kind,
                "sha256": d.sha256,
                "size": d.size,
                "mime_type": d.mime_type,
                "digitised": d.digitised,
                "edata_ref": d.edata_ref,
                "supplement_round": d.supplement_round,
            }
            for d in dossier.documents.all()
        ]
        if full
        else [],
        "results": [
            {"document_code": r.document_code, "kind": r.kind, "name": r.name, "signed_at": r.signed_at}
            for r in dossier.results.all()
        ],
        "supplement_count": dossier.supplement_count,
        "extended": dossier.extended,
        "paper_transfer_due_at": dossier.paper_transfer_due_at,
        "routing_note": dossier.routing_note,
        "allowed_actions": access.allowed_actions(user, dossier),
    }
    if detail:
        out["competence"] = dossier.competence
        out["clock"] = clock_out(dossier)
        out["rating"] = dossier.rating
    return out
