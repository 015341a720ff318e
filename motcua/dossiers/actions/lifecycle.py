"""Lifecycle actions after intake: reception, the internal process, the clock, results.

`dossier_act(acting_user=..., dossier_id=..., action=..., expected_version=..., params=...)`
locks the dossier, checks the transition, the actor's unit and role, and the version the
actor saw; runs the handler; records one event (with its clock effect) and the outbox
messages — all in one transaction. Exactly one of two concurrent actions wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from motcua.catalog.selectors import boundary_free_in
from motcua.core import memo, rows
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers import access, results, routing, rules, store
from motcua.dossiers.actions.common import apply_clock, calendar_of, clock_entry, messages_for, new_event, snapshot
from motcua.dossiers.actions.intake import attach_documents, remove_files
from motcua.dossiers.choices import Action, PaymentStatus, ResultKind, Status
from motcua.dossiers.models import CodeCounter, Dossier, ResultDocument
from motcua.org.models import Agency
from motcua.workdays import rules as wd

SUPPLEMENT_CLOSE_AFTER_DAYS = 15  # Decree 118 Art. 19.5: closed 15 days after the notice


@dataclass
class Outcome:
    note: str = ""
    clock: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    rows: list[Any] = field(default_factory=list)  # new rows written with the event (a result document)


Handler = Callable[[Any, Dossier, dict[str, Any], datetime, list[str]], Outcome]
ACTIONS: dict[str, Handler] = {}


def handler(action: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        ACTIONS[action] = func
        return func

    return register


def dossier_act(
    *,
    acting_user: Any,
    dossier_id: int,
    action: str,
    expected_version: int | None = None,
    params: dict[str, Any] | None = None,
    system: bool = False,
    at: datetime | None = None,
    actor_label: str = "",
) -> Dossier:
    """Take `action` on a dossier for `acting_user` (or, with `system`, for the system's jobs or
    for someone without an account, named in the event by `actor_label`)."""
    _known(action)
    params = params or {}
    saved: list[str] = []
    try:
        with transaction.atomic(), memo.scope():
            if system:
                found = store.load(dossier_id, lock=True)
                if found is None:
                    raise Dossier.DoesNotExist(dossier_id)
                dossier = found
            else:
                dossier = access.dossier_get(acting_user, dossier_id, for_update=True)
            _check(acting_user, dossier, action, expected_version, system=system)
            change = _apply(
                acting_user,
                dossier,
                action,
                params,
                at or timezone.now(),
                saved,
                system=system,
                actor_label=actor_label,
            )
            if not store.write_many([change]):
                raise Conflict(_("Hồ sơ vừa được người khác cập nhật. Hãy tải lại."), code="version_conflict")
    except BaseException:
        remove_files(saved)
        raise
    return dossier


BATCH_LIMIT = 100
# Actions a leader or an officer takes on many dossiers at once (the same note and parameters for
# all): claiming a queue, passing checked work on, approving or returning a batch of results.
BATCH_ACTIONS = frozenset(
    {
        Action.ACCEPT,
        Action.CLAIM,
        Action.PASS,
        Action.SEND_BACK,
        Action.APPROVE,
        Action.REJECT,
        Action.RETURN_RESULT,
        Action.TRANSFER_PAPER,
        Action.STOP,
    }
)


def dossier_act_many(
    *,
    acting_user: Any,
    action: str,
    items: list[tuple[int, int | None]],
    params: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> list[Dossier]:
    """Take `action` on several dossiers (`items`: id and the version the user saw, or None) in
    one transaction: all of them or none. Every dossier is checked as `dossier_act` checks one;
    when any is out of scope, in the wrong status or step, stale or refused by its rule, nothing
    changes and the error lists each dossier concerned. Each dossier still gets its own event and
    outbox messages; the writes go to the database together."""
    _known(action)
    if action not in BATCH_ACTIONS:
        raise DomainError(
            _("Thao tác “%(action)s” không làm hàng loạt được: hãy làm từng hồ sơ.") % {"action": action},
            code="not_batchable",
        )
    ids = [int(i) for i, _seen in items]
    if not ids or len(ids) > BATCH_LIMIT or len(set(ids)) != len(ids):
        raise DomainError(
            _("Chọn từ 1 đến %(limit)d hồ sơ khác nhau.") % {"limit": BATCH_LIMIT},
            code="invalid_batch",
        )
    seen = dict(items)
    params = params or {}
    now = at or timezone.now()
    with transaction.atomic(), memo.scope():
        loaded = store.load_many(sorted(ids), lock=True)  # one order for every batch: no deadlock
        errors: list[dict[str, Any]] = []
        for pk in ids:
            dossier = loaded.get(pk)
            try:
                if dossier is None or not access.can_see(acting_user, dossier):
                    raise NotFound(_("Không tìm thấy hồ sơ."))
                _check(acting_user, dossier, action, seen[pk])
            except DomainError as error:
                errors.append({"id": pk, "code": error.code, "message": str(error.message)})
        if errors:
            raise _batch_error(errors)
        changes = []
        left = memo.remember(("batch_left",), lambda: [len(ids)])  # codes to reserve at once
        for pk in ids:
            try:
                changes.append(_apply(acting_user, loaded[pk], action, params, now, [], system=False))
            except DomainError as error:
                raise _batch_error([{"id": pk, "code": error.code, "message": str(error.message)}]) from error
            left[0] -= 1
        _release_codes()
        if not store.write_many(changes):
            raise Conflict(_("Hồ sơ vừa được người khác cập nhật. Hãy tải lại."), code="version_conflict")
    return [loaded[pk] for pk in ids]


# The event's actor when the applicant acts through the public page: stored as data, like
# people's names, so it is the same whatever the language of the page.
PUBLIC_APPLICANT = "Người nộp hồ sơ (tra cứu công khai)"


def dossier_rate_public(
    *, code: str, phone: str | None, id_number: str | None, score: Any, note: str = "", at: datetime | None = None
) -> Dossier:
    """The applicant rates the service without an account — a walk-in who was served at the
    counter — with the dossier's code and their phone or ID number, as on the tracking page
    (Decision 766 counts these ratings). Once per dossier, after the result."""
    from motcua.dossiers import selectors

    found = selectors.public_lookup(code=code, phone=phone, id_number=id_number)
    if found is None:
        raise NotFound(_("Không tìm thấy hồ sơ với mã và số điện thoại/số định danh này."))
    return dossier_act(
        acting_user=None,
        dossier_id=found.pk,
        action=Action.RATE,
        params={"score": score, "note": note},
        system=True,
        at=at,
        actor_label=PUBLIC_APPLICANT,
    )


def _batch_error(errors: list[dict[str, Any]]) -> DomainError:
    statuses = {409 if e["code"] == "version_conflict" else 404 if e["code"] == "not_found" else 422 for e in errors}
    return DomainError(
        _("Không hồ sơ nào được xử lý: %(count)d hồ sơ không thực hiện được thao tác này.") % {"count": len(errors)},
        code="batch_refused",
        status=409 if 409 in statuses else 422,
        errors=[{"field": f"items.{e['id']}", **e} for e in errors],
    )


def _known(action: str) -> None:
    if action not in ACTIONS:
        raise DomainError(_("Không có thao tác “%(action)s”.") % {"action": action}, code="unknown_action", status=404)


def _check(
    acting_user: Any, dossier: Dossier, action: str, expected_version: int | None, *, system: bool = False
) -> None:
    """The transition, the actor's unit, role and step, and the version the actor saw."""
    rules.ensure_transition(action, dossier.status)
    if not system:
        access.ensure_may(acting_user, dossier, action)
    if expected_version is not None and dossier.version != expected_version:
        raise Conflict(
            _("Hồ sơ đã được người khác cập nhật (phiên bản %(now)d, bạn đang xem %(seen)d). Hãy tải lại.")
            % {"now": dossier.version, "seen": expected_version},
            code="version_conflict",
        )


def _apply(
    acting_user: Any,
    dossier: Dossier,
    action: str,
    params: dict[str, Any],
    now: datetime,
    saved: list[str],
    *,
    system: bool,
    actor_label: str = "",
) -> store.Change:
    """Run the action's rule on the loaded dossier and make its event and messages (unwritten)."""
    transition = rules.ensure_transition(action, dossier.status)
    from_status = dossier.status
    version_before = dossier.version
    before = snapshot(dossier)
    columns_before = rows.state(dossier)
    outcome = ACTIONS[action](acting_user, dossier, params, now, saved)
    if transition.target is not None and action not in {Action.SUPPLY, Action.RECORD_PAYMENT}:
        dossier.status = transition.target
    event = new_event(
        dossier,
        action=action,
        actor=None if system else acting_user,
        from_status=from_status,
        at=now,
        note=outcome.note,
        clock=outcome.clock,
        data=outcome.data,
        before=before,
        actor_label=actor_label,
    )
    # Expected-version update: the row lock already serialises writers; the condition makes a
    # lost update impossible even where locks are advisory (SQLite).
    return store.Change(
        dossier=dossier,
        changes=rows.changed(columns_before, dossier),
        expected_version=version_before,
        event=event,
        messages=messages_for(dossier, event),
        rows=outcome.rows,
        before=before,
        after=snapshot(dossier),
    )


def _reason(params: dict[str, Any], *, label: str = "reason") -> str:
    text = " ".join(str(params.get(label) or params.get("note") or "").split())
    if len(text) < 5:
        raise DomainError(
            _("Cần ghi rõ lý do (ít nhất 5 ký tự)."),
            code="reason_required",
            errors=[{"field": label, "message": _("bắt buộc")}],
        )
    return text[:2000]


def _steps(dossier: Dossier) -> list[Any]:
    return list(access.steps_of(dossier.procedure_version))


def _next_code(agency: Agency, day: date, province_code: str) -> str:
    """Reserve the next code of `agency` on `day`: an upsert that increments and returns the
    counter in one statement. The row stays locked until commit, so codes are gap-free (a
    rolled-back intake gives its number back) and unique under concurrent intake.

    In a batch the first acceptance reserves a number for every dossier still to come, later
    ones take the next number in memory, and `_release_codes` gives the unused numbers back
    before commit (the row is still ours, so the sequence stays gap-free)."""
    reservations: dict[tuple[int, date], list[Any]] = memo.remember(("code_reservations",), dict)
    held = reservations.get((agency.pk, day))
    if held is None or held[0] > held[1]:
        wanted = max(1, memo.remember(("batch_left",), lambda: [1])[0])
        table = CodeCounter._meta.db_table
        ((last,),) = rows.run(
            f"INSERT INTO {table} (province_code, agency_id, day, last) VALUES (%s, %s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + %s RETURNING last",
            [province_code, agency.pk, day, wanted, wanted],
        )
        held = [int(last) - wanted + 1, int(last)]
        reservations[(agency.pk, day)] = held
    sequence = held[0]
    held[0] += 1
    return rules.dossier_code(agency.identifier, day, sequence)


def _release_codes() -> None:
    """Give back the numbers a batch reserved and did not use (see `_next_code`)."""
    reservations: dict[tuple[int, date], list[Any]] = memo.remember(("code_reservations",), dict)
    table = CodeCounter._meta.db_table
    for (agency_id, day), (following, last) in reservations.items():
        unused = last - following + 1
        if unused > 0:
            rows.run(
                f"UPDATE {table} SET last = last - %s WHERE agency_id = %s AND day = %s",  # noqa: S608
                [unused, agency_id, day],
            )
    reservations.clear()


# --- reception -------------------------------------------------------------------------------


@handler(Action.ACCEPT)
def _accept(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    version = dossier.procedure_version
    note = str(params.get("note") or "")
    data: dict[str, Any] = {}
    processing = dossier.processing_agency
    override = params.get("processing_agency")
    if override is not None:
        same_place: dict[str, Any] = {"kind": processing.kind, "province_id": processing.province_id}
        target = Agency.objects.filter(pk=int(override), **same_place).first()
        if target is None:
            raise DomainError(
                _("Cơ quan giải quyết được chọn không cùng loại hoặc không cùng tỉnh."), code="invalid_override"
            )
        if version.bound_to_applicant_commune and target.pk != processing.pk:
            raise DomainError(
                _("Thủ tục gắn với xã của người nộp: không điều phối sang xã khác."), code="bound_to_commune"
            )
        dossier.routing_note = _("Cán bộ chọn %(agency)s: %(reason)s") % {
            "agency": target.name,
            "reason": _reason(params),
        }
        data["balanced"] = {"override": True, "from": processing.pk, "to": target.pk}
        processing = target
    elif (
        processing.kind == "commune_pc"
        and not version.bound_to_applicant_commune
        and processing.province_id
        and boundary_free_in(version, processing.province_id)  # the province's own list decides
    ):
        proposed, why = routing.balance(default=processing, province_id=processing.province_id, exclude=dossier.pk)
        dossier.routing_note = why
        data["balanced"] = {"override": False, "from": processing.pk, "to": proposed.pk, "why": why}
        processing = proposed
    dossier.processing_agency = processing
    dossier.code = _next_code(processing, timezone.localdate(now), dossier.province_code)
    dossier.accepted_at = now
    calendar = calendar_of(dossier)
    limit = wd.to_seconds(version.time_limit_value, version.time_limit_unit, calendar=calendar)
    clock = apply_clock(dossier, clock_entry("start", now, limit_seconds=limit), at=now)
    steps = _steps(dossier)
    work = [s for s in steps if s.stage != "reception"]
    dossier.current_step = (work[0] if work else steps[0]).position if steps else None
    dossier.assignee = None
    if routing.one_stop_of(processing).pk != dossier.receiving_agency_id:
        same_level = dossier.receiving_agency.level == processing.level
        due = wd.paper_transfer_due(calendar, now) if same_level else wd.cross_level_transfer_due(calendar, now)
        dossier.paper_transfer_due_at = due
        data["paper_transfer_due_at"] = due.isoformat()
    return Outcome(note=note or _("Hồ sơ đầy đủ, hợp lệ."), clock=clock, data=data)


@handler(Action.REFUSE)
def _refuse(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    reason = _reason(params)
    dossier.finished_at = now
    return Outcome(note=reason, data={"slip": "03"})


@handler(Action.REQUEST_SUPPLEMENT)
def _request_supplement(
    user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]
) -> Outcome:
    reason = _reason(params)
    data: dict[str, Any] = {"slip": "02", "from_status": dossier.status}
    clock: dict[str, Any] = {}
    if dossier.status != Status.SUBMITTED:
        calendar = calendar_of(dossier)
        assert dossier.accepted_at is not None
        limit = wd.supplement_request_due(calendar, dossier.accepted_at)
        if now > limit:
            raise DomainError(
                _("Đã quá 3 ngày làm việc kể từ khi tiếp nhận (hạn %(due)s): không được yêu cầu bổ sung nữa.")
                % {"due": timezone.localtime(limit).strftime("%H:%M %d/%m/%Y")},
                code="supplement_too_late",
            )
        if dossier.supplement_count >= 1:
            basis = str(params.get("legal_basis") or "").strip()
            if not basis:
                raise DomainError(
                    _("Chỉ yêu cầu bổ sung một lần; lần tiếp theo phải nêu căn cứ pháp lý cho phép (legal_basis)."),
                    code="second_supplement_needs_basis",
                )
            data["repeat"] = {"legal_basis": basis[:500]}
        dossier.supplement_count += 1
        clock = apply_clock(dossier, clock_entry("stop", now, reason="supplement"), at=now)
    dossier.supplement_from_status = dossier.status
    dossier.supplement_requested_at = now
    return Outcome(note=reason, clock=clock, data=data)


@handler(Action.SUPPLY)
def _supply(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    documents = params.get("documents") or []
    if not documents:
        raise DomainError(_("Cần ít nhất một giấy tờ bổ sung."), code="documents_required")
    attach_documents(dossier, documents, round_=dossier.supplement_count or 1, saved=saved)
    back = Status(dossier.supplement_from_status or Status.SUBMITTED)
    # Back to where it was; an accepted dossier resumes as in progress.
    dossier.status = Status.IN_PROGRESS if back == Status.ACCEPTED and dossier.current_step else back
    clock: dict[str, Any] = {}
    if back != Status.SUBMITTED:
        clock = apply_clock(dossier, clock_entry("resume", now), at=now)
    dossier.supplement_requested_at = None
    return Outcome(
        note=str(params.get("note") or _("Đã bổ sung hồ sơ.")), clock=clock, data={"documents": len(documents)}
    )


# --- internal process ------------------------------------------------------------------------


@handler(Action.CLAIM)
def _claim(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    dossier.assignee = user
    step = access.step_of(dossier)
    return Outcome(note=str(params.get("note") or ""), data={"step_name": step.name if step else ""})


@handler(Action.PASS)
def _pass(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    steps = _steps(dossier)
    later = [s for s in steps if s.position > (dossier.current_step or 0)]
    if not later or later[0].stage == "return":
        raise DomainError(_("Đây là bước quyết định: hãy phê duyệt hoặc từ chối."), code="decision_step")
    dossier.current_step = later[0].position
    dossier.assignee = None
    assignee = params.get("assignee")
    data: dict[str, Any] = {"step_name": later[0].name}
    if assignee is not None:
        from motcua.org.models import User

        target = User.objects.filter(pk=assignee).first()
        agency_id = dossier.receiving_agency_id if later[0].unit_kind == "one_stop" else dossier.processing_agency_id
        if target is None or later[0].role not in access.roles_at(target, agency_id):
            raise DomainError(_("Người được giao không có vai trò của bước tiếp theo."), code="invalid_assignee")
        dossier.assignee = target
        data["assignee"] = target.pk
    return Outcome(note=str(params.get("note") or ""), data=data)


@handler(Action.SEND_BACK)
def _send_back(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    reason = _reason(params)
    earlier = [s for s in _steps(dossier) if s.position < (dossier.current_step or 0) and s.stage != "reception"]
    if not earlier:
        raise DomainError(_("Không có bước trước để trả lại."), code="no_previous_step")
    dossier.current_step = earlier[-1].position
    dossier.assignee = None
    return Outcome(note=reason, data={"step_name": earlier[-1].name})


@handler(Action.CONSULT)
def _consult(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    agency = Agency.objects.filter(pk=int(params.get("agency") or 0)).first()
    if agency is None:
        raise DomainError(_("Chọn cơ quan được lấy ý kiến."), code="agency_required")
    question = _reason(params, label="question")
    return Outcome(note=question, data={"consulted_agency": agency.pk, "consulted_name": agency.name})


# --- money and time --------------------------------------------------------------------------


@handler(Action.REQUEST_PAYMENT)
def _request_payment(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    unpaid = [f for f in dossier.fees.all() if f.paid_at is None]
    if not unpaid:
        raise DomainError(_("Hồ sơ không còn khoản phí, lệ phí nào chưa nộp."), code="nothing_to_pay")
    dossier.supplement_from_status = dossier.status
    clock = apply_clock(dossier, clock_entry("stop", now, reason="payment"), at=now)
    amount = sum(f.amount for f in unpaid)
    return Outcome(note=str(params.get("note") or ""), clock=clock, data={"amount": amount})


@handler(Action.RECORD_PAYMENT)
def _record_payment(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    reference = str(params.get("reference") or "").strip()
    channel = str(params.get("channel") or ("online" if access.is_owner(user, dossier) else "counter"))
    if channel not in {"online", "counter"}:
        raise DomainError(_("Hình thức thanh toán phải là online hoặc counter."), code="invalid_payment_channel")
    if channel == "online" and not reference:
        raise DomainError(_("Thanh toán trực tuyến cần mã giao dịch."), code="reference_required")
    dossier.fees.filter(paid_at__isnull=True).update(paid_at=now, reference=reference[:64], channel=channel)
    dossier.payment_status = PaymentStatus.PAID
    dossier.payment_reference = reference[:64]
    dossier.payment_channel = channel
    back = Status(dossier.supplement_from_status or Status.IN_PROGRESS)
    dossier.status = Status.IN_PROGRESS if back == Status.ACCEPTED and dossier.current_step else back
    clock = apply_clock(dossier, clock_entry("resume", now), at=now)
    return Outcome(
        note=str(params.get("note") or ""), clock=clock, data={"channel": channel, "reference": reference[:64]}
    )


@handler(Action.EXTEND)
def _extend(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    """The apology letter and its one new appointment (Decree 118 Art. 19.6, 12.5)."""
    reason = _reason(params)
    if dossier.extended:
        raise DomainError(_("Chỉ được hẹn lại thời gian trả kết quả một lần."), code="second_extension")
    calendar = calendar_of(dossier)
    assert dossier.appointment_at is not None
    latest = wd.apology_due(calendar, dossier.appointment_at)
    if now > latest:
        raise DomainError(
            _("Phải gửi văn bản xin lỗi và hẹn lại chậm nhất 01 ngày làm việc trước hạn (trước %(due)s).")
            % {"due": timezone.localtime(latest).strftime("%H:%M %d/%m/%Y")},
            code="extension_too_late",
        )
    new = _moment(params.get("new_appointment"))
    if new is None and params.get("extra_working_days") is not None:
        new = wd.add_working_time(
            calendar, dossier.appointment_at, Decimal(str(params["extra_working_days"])), "working_days"
        )
    if new is None or new <= dossier.appointment_at:
        raise DomainError(_("Ngày hẹn mới phải sau ngày hẹn hiện tại."), code="invalid_new_appointment")
    clock = apply_clock(dossier, clock_entry("extend", now, new_appointment=new), at=now)
    dossier.extended = True
    return Outcome(note=reason, clock=clock, data={"slip": "04", "new_appointment": new.isoformat()})


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise DomainError(_("Thời điểm phải theo ISO 8601, ví dụ 2026-12-01T17:00:00+07:00."), code="invalid_datetime")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


# --- endings ---------------------------------------------------------------------------------


def _end_clock(dossier: Dossier, now: datetime) -> dict[str, Any]:
    """End the legal clock and keep whether the dossier ended on time under each reading (the
    Decision 766 indicator 2.1 counts the first; the Decree 118 appointment is the second)."""
    if not dossier.clock or dossier.clock[-1]["op"] == "end":
        return {}
    clock = apply_clock(dossier, clock_entry("end", now), at=now)
    dossier.on_time_766 = bool(clock["decision_766"]["on_time"])
    dossier.on_time_118 = bool(clock["decree_118"]["on_time"])
    return clock


@handler(Action.WITHDRAW)
def _withdraw(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    reason = _reason(params)
    dossier.finished_at = now
    return Outcome(note=reason, clock=_end_clock(dossier, now))


@handler(Action.STOP)
def _stop(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    reason = _reason(params)
    dossier.finished_at = now
    return Outcome(note=reason, clock=_end_clock(dossier, now), data={"slip": "05"})


@handler(Action.CLOSE_UNANSWERED)
def _close_unanswered(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    dossier.finished_at = now
    return Outcome(
        note=_("Quá %(days)d ngày kể từ khi yêu cầu bổ sung mà chưa bổ sung: đóng hồ sơ (Nghị định 118, Điều 19.5).")
        % {"days": SUPPLEMENT_CLOSE_AFTER_DAYS},
        clock=_end_clock(dossier, now),
    )


def _decide(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, *, kind: str) -> Outcome:
    step = access.step_of(dossier)
    steps = _steps(dossier)
    # The decision is taken at the approval step (the leader's); issuing and returning follow.
    if step is None or (step.stage != "approval" and step.role != "leader"):
        raise DomainError(_("Hồ sơ chưa đến bước phê duyệt."), code="not_at_decision_step")
    document = _issue(dossier, user, params, now, kind=kind)
    dossier.finished_at = now
    dossier.decision = kind
    dossier.decided_by = user
    returning = [s for s in steps if s.stage == "return"]
    dossier.current_step = returning[-1].position if returning else dossier.current_step
    dossier.assignee = None
    return Outcome(
        note=str(params.get("note") or params.get("reason") or ""),
        clock=_end_clock(dossier, now),
        data={"result": document.document_code, "kind": kind},
        rows=[document],
    )


@handler(Action.APPROVE)
def _approve(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    return _decide(user, dossier, params, now, kind=ResultKind.RESULT)


@handler(Action.REJECT)
def _reject(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    _reason(params)
    return _decide(user, dossier, params, now, kind=ResultKind.REFUSAL)


def _issue(dossier: Dossier, user: Any, params: dict[str, Any], now: datetime, *, kind: str) -> ResultDocument:
    """The signed e-document with the minimum metadata of Decree 118 Art. 19.2."""
    version = dossier.procedure_version
    holder = dossier.applicant_id_number or dossier.applicant_tax_code
    if kind == ResultKind.RESULT:
        types = memo.remember(("result_types", version.pk), lambda: list(version.result_types.all()))
        wanted = params.get("result_type")
        chosen = next((t for t in types if t.code == wanted), types[0] if types and not wanted else None)
        if chosen is None:
            raise DomainError(_("Chọn loại kết quả của thủ tục (result_type)."), code="result_type_required")
        type_code, name = chosen.code, chosen.name
        summary = str(params.get("summary") or f"{name} — {dossier.applicant_name}")
    else:
        type_code, name = "TC", _("Văn bản từ chối giải quyết hồ sơ")
        summary = _reason(params)
    valid_to = parse_date(str(params["valid_to"])) if params.get("valid_to") else None
    document_code = rules.result_document_code(holder, type_code)
    # Codes issued earlier in this batch are not written yet: they count as taken too.
    issued: set[str] = memo.remember(("result_codes_issued",), set)
    if document_code in issued or _result_code_taken(document_code):
        document_code = f"{document_code}-{dossier.code}"
    issued.add(document_code)
    signer = dossier.competence.get("signer", {}) if isinstance(dossier.competence, dict) else {}
    payload: dict[str, Any] = {
        "document_code": document_code,
        "type_code": type_code,
        "name": name,
        "summary": summary[:1000],
        "holder_id": holder,
        "holder_name": dossier.applicant_name,
        "valid_from": timezone.localdate(now).isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else None,
        "scope": str(params.get("scope") or _("Toàn quốc")),
        "issuer": dossier.processing_agency.name,
        "signer": " ".join(filter(None, [signer.get("wording"), signer.get("title"), str(user)]))
        if signer
        else str(user),
        "dossier_code": dossier.code,
        "signed_at": now.isoformat(),
        "kind": kind,
    }
    signature, kid = results.sign(payload)
    # Written with the action's event (`store.write_many`), in the same statement or pipeline.
    return ResultDocument(
        dossier=dossier,
        province_code=dossier.province_code,
        kind=kind,
        document_code=document_code,
        type_code=type_code,
        name=name,
        summary=payload["summary"],
        holder_id=holder,
        holder_name=dossier.applicant_name,
        valid_from=timezone.localdate(now),
        valid_to=valid_to,
        scope=payload["scope"],
        issuer=payload["issuer"],
        signer=payload["signer"],
        signed_at=now,
        payload=payload,
        signature=signature,
        key_id=kid,
    )


def _result_code_taken(code: str) -> bool:
    table = ResultDocument._meta.db_table
    return bool(rows.run(f"SELECT 1 FROM {table} WHERE document_code = %s LIMIT 1", [code]))  # noqa: S608


@handler(Action.RETURN_RESULT)
def _return_result(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    dossier.returned_at = now
    dossier.assignee = None
    return Outcome(note=str(params.get("note") or ""))


@handler(Action.RATE)
def _rate(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    try:
        score = int(params.get("score"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError(_("Điểm đánh giá từ 1 đến 5."), code="invalid_score")
    if dossier.rating is not None:
        raise Conflict(_("Hồ sơ này đã được đánh giá."), code="already_rated")
    dossier.rating = score
    dossier.rating_note = str(params.get("note") or "")[:1000]
    return Outcome(note=dossier.rating_note, data={"score": score})


@handler(Action.FLAG_ONLINE_LATE)
def _flag_online_late(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    dossier.online_flagged_at = now
    return Outcome(note=_("Quá 8 giờ làm việc chưa tiếp nhận hoặc yêu cầu bổ sung (Nghị định 118, Điều 17.2)."))


@handler(Action.TRANSFER_PAPER)
def _transfer_paper(user: Any, dossier: Dossier, params: dict[str, Any], now: datetime, saved: list[str]) -> Outcome:
    if dossier.paper_transfer_due_at is None or dossier.paper_transferred_at is not None:
        raise DomainError(_("Hồ sơ không có việc chuyển hồ sơ giấy đang chờ."), code="no_paper_transfer")
    dossier.paper_transferred_at = now
    late = now > dossier.paper_transfer_due_at
    return Outcome(note=str(params.get("note") or ""), data={"late": late})
