"""Who may see and do what with a dossier. Out of scope is 404, never 403 (codes cannot be probed).

A staff member acts for an agency through a membership with a role; the dossier names two
agencies: the receiving one-stop unit and the processing (competent) agency. The current
process step says which of them acts and with which role.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.choices import Action, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.rules import PUBLIC_ACTIONS, TRANSITIONS
from motcua.org.access import has_nationwide_scope, roles_at, visible_agency_ids
from motcua.org.choices import Role

RECEIVING_ACTIONS = {
    Action.ACCEPT,
    Action.REFUSE,
    Action.RETURN_RESULT,
    Action.TRANSFER_PAPER,
}
APPLICANT_ACTIONS = {Action.SUPPLY, Action.WITHDRAW, Action.RATE, Action.RECORD_PAYMENT}
LEADER_ACTIONS = {Action.APPROVE, Action.REJECT, Action.EXTEND, Action.STOP}
PROCESSING_ACTIONS = {Action.CLAIM, Action.PASS, Action.SEND_BACK, Action.CONSULT, Action.REQUEST_PAYMENT}


class Forbidden(DomainError):
    """Visible but not yours to act on now (the dossier is in your scope, the step is not)."""

    status = 403
    code = "not_allowed"


def dossier_get(user: Any, dossier_id: int, *, for_update: bool = False) -> Dossier:
    """The dossier (with its version and agencies) if `user` may see it, else 404; locked (no-key
    update lock) when writing."""
    from motcua.dossiers import store

    dossier = store.load(dossier_id, lock=for_update)
    if dossier is None or not can_see(user, dossier):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def can_see(user: Any, dossier: Dossier) -> bool:
    """The same rule as `Dossier.objects.visible_to`, for one loaded dossier."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_citizen", False):
        return bool(dossier.owner_id == user.pk)
    ids = visible_agency_ids(user)
    return ids is None or dossier.receiving_agency_id in ids or dossier.processing_agency_id in ids


def is_owner(user: Any, dossier: Dossier) -> bool:
    return bool(getattr(user, "is_authenticated", False) and dossier.owner_id == user.pk)


def handles(user: Any, dossier: Dossier) -> bool:
    """Whether `user` handles the dossier (sees personal data in full): its owner, the staff of its
    receiving or processing agency, and nationwide supervisors/inspectors (their reads are audited)."""
    if is_owner(user, dossier):
        return True
    return bool(
        roles_at(user, dossier.receiving_agency_id)
        or roles_at(user, dossier.processing_agency_id)
        or has_nationwide_scope(user)
    )


def steps_of(version: Any) -> tuple[Any, ...]:
    """The version's internal process. Published versions are immutable, so the steps are kept
    in memory per (version, publication time)."""
    return _steps(version.pk, version.published_at)


@lru_cache(maxsize=4096)
def _steps(version_id: int, published_at: Any) -> tuple[Any, ...]:
    from motcua.catalog.models import ProcessStep

    return tuple(ProcessStep.objects.filter(version_id=version_id).order_by("position"))


def step_of(dossier: Dossier) -> Any:
    if dossier.current_step is None:
        return None
    for step in steps_of(dossier.procedure_version):
        if step.position == dossier.current_step:
            return step
    return None


def may(user: Any, dossier: Dossier, action: str, *, step: Any = None) -> bool:
    """Whether `user` may take `action` on `dossier` now: right status, right unit, right role."""
    if dossier.status not in TRANSITIONS[action].sources:
        return False
    receiving = roles_at(user, dossier.receiving_agency_id)
    processing = roles_at(user, dossier.processing_agency_id)
    owner = is_owner(user, dossier)
    if action in RECEIVING_ACTIONS:
        return Role.COUNTER_OFFICER in receiving
    if action in APPLICANT_ACTIONS:
        # The applicant online, or a counter officer for the applicant in front of them.
        if action == Action.RATE:
            # Only the applicant rates the service: staff never rate themselves.
            return owner and dossier.rating is None
        return owner or Role.COUNTER_OFFICER in receiving
    if action == Action.REQUEST_SUPPLEMENT:
        if dossier.status == Status.SUBMITTED:
            return Role.COUNTER_OFFICER in receiving
        return bool({Role.SPECIALIST, Role.LEADER} & processing)
    if action in LEADER_ACTIONS:
        return Role.LEADER in processing
    if action in PROCESSING_ACTIONS:
        step = step if step is not None else step_of(dossier)
        if action == Action.REQUEST_PAYMENT:
            return bool({Role.SPECIALIST, Role.LEADER} & processing)
        if step is None:
            return False
        roles = receiving if step.unit_kind == "one_stop" else processing
        if step.role not in roles:
            return False
        if action == Action.CLAIM:
            return dossier.assignee_id != user.pk
        # pass / send back / consult: the one who claimed the step
        return dossier.assignee_id == user.pk
    return False


def allowed_actions(user: Any, dossier: Dossier) -> list[str]:
    step = step_of(dossier)
    return [str(a) for a in Action if a in PUBLIC_ACTIONS and may(user, dossier, a, step=step)]


def ensure_may(user: Any, dossier: Dossier, action: str) -> None:
    if not may(user, dossier, action):
        raise Forbidden(
            _("Bạn không có quyền “%(action)s” hồ sơ này ở bước hiện tại.") % {"action": Action(action).label}
        )
