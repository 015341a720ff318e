"""Pure rules of the dossier: transitions, overdue, identity numbers, codes, masking. No database
(the Q-builder of the overdue rule only describes a filter; it runs no query).

Sources: Decree 118/2025/ND-CP (Art. 17–22, 28), the Portal's status list and Decision 766
(RULES.md §1–3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.core.errors import Conflict, DomainError
from motcua.dossiers.choices import RUNNING, Action, Status

S = Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset[int]
    target: int | None  # None: the status does not change


# The actions a person may ask for by name (pages, API, batches), in the order of `Action`. The
# others are not offered: submitting is intake's own endpoint, and closing an unanswered
# supplement request or flagging late online reception are the jobs' (system=True).
SYSTEM_ACTIONS = frozenset({Action.SUBMIT, Action.CLOSE_UNANSWERED, Action.FLAG_ONLINE_LATE})
PUBLIC_ACTIONS: tuple[str, ...] = tuple(a.value for a in Action if a not in SYSTEM_ACTIONS)


# What each action may start from and where it leads. Anything else is refused with a reason.
TRANSITIONS: dict[str, Transition] = {
    Action.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.ACCEPTED),
    Action.REFUSE: Transition(frozenset({S.SUBMITTED}), S.REFUSED),
    # At reception (status 1, clock not started) or after appraisal (2/4, clock stops).
    Action.REQUEST_SUPPLEMENT: Transition(frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS}), S.SUPPLEMENT),
    Action.SUPPLY: Transition(frozenset({S.SUPPLEMENT}), None),  # back to where it was asked
    Action.CLAIM: Transition(frozenset({S.ACCEPTED, S.IN_PROGRESS}), S.IN_PROGRESS),
    Action.PASS: Transition(frozenset({S.IN_PROGRESS}), S.IN_PROGRESS),
    Action.SEND_BACK: Transition(frozenset({S.IN_PROGRESS}), S.IN_PROGRESS),
    Action.CONSULT: Transition(frozenset({S.IN_PROGRESS}), S.IN_PROGRESS),
    Action.REQUEST_PAYMENT: Transition(frozenset({S.ACCEPTED, S.IN_PROGRESS}), S.PAYMENT),
    Action.RECORD_PAYMENT: Transition(frozenset({S.PAYMENT}), None),
    Action.EXTEND: Transition(frozenset({S.ACCEPTED, S.IN_PROGRESS, S.PAYMENT}), None),
    Action.WITHDRAW: Transition(
        frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.SUPPLEMENT, S.PAYMENT}), S.WITHDRAWN
    ),
    Action.STOP: Transition(frozenset({S.ACCEPTED, S.IN_PROGRESS, S.SUPPLEMENT, S.PAYMENT}), S.STOPPED),
    Action.APPROVE: Transition(frozenset({S.IN_PROGRESS}), S.PROCESSED),
    Action.REJECT: Transition(frozenset({S.IN_PROGRESS}), S.PROCESSED),
    Action.RETURN_RESULT: Transition(frozenset({S.PROCESSED}), S.RETURNED),
    Action.RATE: Transition(frozenset({S.PROCESSED, S.RETURNED}), None),
    Action.CLOSE_UNANSWERED: Transition(frozenset({S.SUPPLEMENT}), S.STOPPED),
    Action.FLAG_ONLINE_LATE: Transition(frozenset({S.SUBMITTED}), None),
    Action.TRANSFER_PAPER: Transition(frozenset({S.ACCEPTED, S.IN_PROGRESS, S.SUPPLEMENT, S.PAYMENT}), None),
}


class IllegalTransition(Conflict):
    code = "illegal_transition"


def ensure_transition(action: str, status: int) -> Transition:
    """The transition for `action` from `status`, or a 409 naming why it is not allowed."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise IllegalTransition(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": Action(action).label, "status": Status(status).label}
        )
    return transition


# --- overdue ------------------------------------------------------------------------------
# The one answer to "is this dossier overdue?" (issue 16). A pending supplement or payment
# request stops the legal clock (RULES.md §3, Decree 118 Art. 19), so a dossier waiting for the
# applicant is never overdue, nor is one not yet accepted (no clock) or finished (measured by
# its end of processing, not by now). Only a running clock past its appointment is overdue.
# Lists, badges, the worker's alerts, the workspace queues and the oversight brief all ask here.


def is_overdue(status: int, appointment_at: datetime | None, now: datetime) -> bool:
    """True iff the dossier's clock runs (status in `RUNNING`) and its appointment is before `now`."""
    return status in RUNNING and appointment_at is not None and appointment_at < now


def overdue_q(now: datetime, *, prefix: str = "") -> Q:
    """`is_overdue` as a filter on dossiers; `prefix` ("dossier__") reaches them through a relation."""
    return Q(**{f"{prefix}status__in": sorted(RUNNING), f"{prefix}appointment_at__lt": now})


# Who answers for an alert: reception alerts (online acceptance, paper transfer) belong to the
# receiving one-stop unit; deadline and idle alerts to the unit processing the dossier.
RECEPTION_ALERT_KINDS = frozenset({"online_late", "paper_late"})


def alert_agency_field(kind: str) -> str:
    """The dossier field naming the agency responsible for an alert of `kind`."""
    return "receiving_agency_id" if kind in RECEPTION_ALERT_KINDS else "processing_agency_id"


# --- identity numbers ---------------------------------------------------------------------

_CITIZEN_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def check_citizen_id(value: str) -> str:
    """A 12-digit personal identification number (CCCD): 3 digits of the province of birth
    (001–096), a century/sex digit, 2 digits of the birth year, 6 serial digits."""
    value = (value or "").strip()
    if not _CITIZEN_ID.match(value):
        raise DomainError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="invalid_id_number")
    if not 1 <= int(value[:3]) <= 96:
        raise DomainError(
            _("Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh hợp lệ."), code="invalid_id_number"
        )
    return value


def check_tax_code(value: str) -> str:
    """An enterprise tax code: 10 digits, or 13 for a branch (`0101234567-001`)."""
    value = (value or "").strip()
    if not _TAX_CODE.match(value):
        raise DomainError(
            _("Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số."), code="invalid_tax_code"
        )
    return value


_PHONE = re.compile(r"^(0|\+84)\d{9,10}$")


def check_phone(value: str) -> str:
    """A Vietnamese phone number, stored in its national form (`+84912…` → `0912…`)."""
    value = normalise_phone(value)
    if not _PHONE.match(value):
        raise DomainError(_("Số điện thoại không hợp lệ (ví dụ 0912345678)."), code="invalid_phone")
    return value


def normalise_phone(value: str) -> str:
    value = re.sub(r"[\s.\-()]", "", value or "")
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) == 11:
        value = "0" + value[2:]
    return value


# --- codes ---------------------------------------------------------------------------------


def dossier_code(identifier: str, day: date, sequence: int) -> str:
    """`<agency identifier>-<yymmdd>-<4-digit daily sequence>` (Decree 118 Art. 28)."""
    if not 1 <= sequence <= 9999:
        raise DomainError(_("Đã hết số hồ sơ trong ngày của cơ quan này."), code="sequence_exhausted")
    return f"{identifier}-{day:%y%m%d}-{sequence:04d}"


def result_document_code(holder_id: str, result_type_code: str) -> str:
    """An e-result's document code: the holder's ID number + the result-type code (Art. 22)."""
    return f"{holder_id}{result_type_code}"


# --- masking -------------------------------------------------------------------------------


def mask(value: str, *, keep_start: int = 0, keep_end: int = 3) -> str:
    """`038190001234` → `*********234`; keeps length so people can recognise their own."""
    if not value:
        return value
    keep_end = min(keep_end, max(0, len(value) - keep_start - 1))
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + (value[-keep_end:] if keep_end else "")


def mask_name(value: str) -> str:
    """ "Ngô Thị Hạnh" → "N** T** Hạnh": the given name stays, initials of the rest."""
    parts = value.split()
    if len(parts) <= 1:
        return mask(value, keep_start=1, keep_end=0)
    return " ".join([*(p[0] + "*" * (len(p) - 1) for p in parts[:-1]), parts[-1]])


# The public lookup and rating answer anyone who holds a code and a phone or ID number; a limit
# per address (pages and API alike) keeps them from being used to try numbers. The proxy in
# front may limit more; the count lives in Django's cache (per process unless CACHES is shared).
PUBLIC_RATE = "20/m"
