"""Shared pieces of the dossier actions: events, the clock, notifications, the calendar."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from motcua.core import memo
from motcua.dossiers.choices import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workdays.calendars import WorkCalendar
from motcua.workdays.clock import ClockEvent, read_clock


def calendar_of(dossier: Dossier) -> WorkCalendar:
    """The processing agency's calendar: its province's days off and its office hours (read once
    per action or batch, `motcua.core.memo`)."""
    from motcua.workdays.selectors import calendar_for

    agency = dossier.processing_agency
    return memo.remember(("calendar", agency.pk), lambda: calendar_for(agency=agency))


def clock_events(dossier: Dossier) -> list[ClockEvent]:
    """The ledger as stored on the dossier (a JSON list kept in step with the events)."""
    out: list[ClockEvent] = []
    for raw in dossier.clock:
        at = datetime.fromisoformat(raw["at"])
        kind = raw["op"]
        if kind == "start":
            out.append(ClockEvent.start(at, limit_seconds=int(raw["limit_seconds"])))
        elif kind == "stop":
            out.append(ClockEvent.stop(at, reason=raw["reason"]))
        elif kind == "resume":
            out.append(ClockEvent.resume(at))
        elif kind == "restart":
            out.append(ClockEvent.restart(at))
        elif kind == "extend":
            out.append(ClockEvent.extend(at, new_appointment=datetime.fromisoformat(raw["new_appointment"])))
        elif kind == "end":
            out.append(ClockEvent.end(at))
    return out


def clock_entry(op: str, at: datetime, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"op": op, "at": at.isoformat()}
    for key, value in extra.items():
        entry[key] = value.isoformat() if isinstance(value, datetime) else value
    return entry


def apply_clock(dossier: Dossier, entry: dict[str, Any], *, at: datetime) -> dict[str, Any]:
    """Append a ledger entry, validate the whole ledger and refresh the appointment (Decree 118)."""
    dossier.clock = [*dossier.clock, entry]
    readings = read_clock(calendar_of(dossier), clock_events(dossier), as_of=at)
    legal = readings["decree_118"]
    if entry["op"] != "end":
        dossier.appointment_at = legal.appointment
    return {
        "decree_118": {
            "appointment": legal.appointment.isoformat(),
            "left_seconds": legal.left_seconds,
            "on_time": legal.on_time,
        },
        "decision_766": {
            "appointment": readings["decision_766"].appointment.isoformat(),
            "on_time": readings["decision_766"].on_time,
        },
    }


def new_event(
    dossier: Dossier,
    *,
    action: str,
    actor: Any,
    from_status: int | None,
    at: datetime,
    note: str = "",
    clock: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
    first: bool = False,
    actor_label: str = "",
) -> DossierEvent:
    """Bump the dossier's version and make the (unsaved) event numbered by it. Without an
    actor the event names `actor_label` (e.g. the applicant through the public page) or motcua.

    The event carries what it changed (`data["changes"]`, against `before`), so folding the
    events in order rebuilds the dossier's state (`motcua.dossiers.replay`)."""
    if not first:
        dossier.version += 1
    dossier.last_event_at = at
    after = snapshot(dossier)
    previous = before or {}
    changes = {k: v for k, v in after.items() if k not in previous or previous[k] != v}
    return DossierEvent(
        dossier=dossier,
        province_code=dossier.province_code,
        seq=dossier.version,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else (actor_label or "motcua"),
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        step=dossier.current_step,
        clock=clock or {},
        note=note,
        data={**(data or {}), "changes": changes},
    )


def record_event(dossier: Dossier, **kwargs: Any) -> DossierEvent:
    """`new_event`, saved, with its outbox messages (same transaction); for a dossier already
    written (intake). `dossier_act` writes both with the dossier through `store.write`."""
    from motcua.integrations.models import OutboxMessage

    event = new_event(dossier, **kwargs)
    event.save()
    messages = messages_for(dossier, event)
    if messages:
        OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    return event


# Fields the events carry so the dossier can be rebuilt from them (`motcua.dossiers.replay`).
STATE_FIELDS = (
    "version",
    "last_event_at",
    "status",
    "code",
    "processing_agency_id",
    "current_step",
    "assignee_id",
    "accepted_at",
    "appointment_at",
    "finished_at",
    "returned_at",
    "supplement_count",
    "supplement_from_status",
    "supplement_requested_at",
    "extended",
    "online_flagged_at",
    "paper_transfer_due_at",
    "paper_transferred_at",
    "payment_status",
    "payment_reference",
    "rating",
    "rating_note",
    "clock",
    "decision",
    "payment_channel",
    "on_time_766",
    "on_time_118",
    "digitised",
    "reuses_edata",
    "uses_population_data",
    "decided_by_id",
)


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """The replayable state, JSON-ready (datetimes in UTC so a reload compares equal)."""
    out: dict[str, Any] = {}
    for name in STATE_FIELDS:
        value = getattr(dossier, name)
        out[name] = value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value
    return out


_NOTIFY = {
    Status.ACCEPTED: "Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả {appointment}.",
    Status.REFUSED: "Hồ sơ của bạn không được tiếp nhận: {note}",
    Status.SUPPLEMENT: "Hồ sơ {code} cần bổ sung: {note}",
    Status.PAYMENT: "Hồ sơ {code}: đề nghị nộp phí, lệ phí {fee} đồng.",
    Status.PROCESSED: "Hồ sơ {code} đã có kết quả, mời nhận tại {place}.",
    Status.STOPPED: "Hồ sơ {code} đã dừng xử lý: {note}",
}


def messages_for(dossier: Dossier, event: DossierEvent) -> list[Any]:
    """The Portal status sync and the applicant's notifications that `event` owes (unsaved
    `OutboxMessage`s, written in the event's transaction)."""
    from motcua.integrations import outbox

    out = []
    if event.from_status != event.to_status or event.action in {Action.EXTEND, Action.RETURN_RESULT}:
        out.append(
            outbox.message(
                topic="portal.status_sync",
                key=f"dossier:{dossier.pk}:{event.seq}",
                payload=portal_payload(dossier, event),
                province_code=dossier.province_code,
                group=f"portal:dossier:{dossier.pk}",  # statuses reach the Portal in the order they happened
            )
        )
    template = _NOTIFY.get(Status(dossier.status)) if event.from_status != event.to_status else None
    if template and dossier.applicant_phone:
        local = timezone.localtime(dossier.appointment_at) if dossier.appointment_at else None
        text = template.format(
            code=dossier.code or "",
            appointment=f"{local:%H:%M %d/%m/%Y}" if local else "",
            note=event.note[:200],
            fee=f"{dossier.fee_total:,}".replace(",", "."),
            place=dossier.receiving_agency.name,
        )
        out.append(
            outbox.message(
                topic="notify.sms",
                key=f"sms:{dossier.pk}:{event.seq}",
                payload={"to": dossier.applicant_phone, "text": text},
                province_code=dossier.province_code,
                group=f"sms:dossier:{dossier.pk}",
            )
        )
        if dossier.applicant_email:
            out.append(
                outbox.message(
                    topic="notify.email",
                    key=f"email:{dossier.pk}:{event.seq}",
                    payload={
                        "to": dossier.applicant_email,
                        "subject": f"motcua {dossier.code or ''}".strip(),
                        "body": text,
                    },
                    province_code=dossier.province_code,
                )
            )
    return out


def _portal_time(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S") if value else ""


def portal_payload(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    """The National Public Service Portal's sync fields (RULES.md §2, from the OpenCPS adapter)."""
    version = dossier.procedure_version
    return {
        "MaHoSo": dossier.code or f"TAM-{dossier.pk}",
        "MaTTHC": dossier.procedure_code,
        "TenTTHC": version.name,
        "MaLinhVuc": dossier.field_code,
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "1" if dossier.applicant_kind == "person" else "2",
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": dossier.summary or version.name,
        "NgayTiepNhan": _portal_time(dossier.accepted_at),
        "NgayHenTra": _portal_time(dossier.appointment_at),
        "TrangThaiHoSo": str(dossier.status),
        "NgayTra": _portal_time(dossier.returned_at),
        "HinhThuc": str(dossier.channel),
        "NgayKetThucXuLy": _portal_time(dossier.finished_at),
        "DonViXuLy": dossier.processing_agency.identifier,
        "NguoiXuLy": event.actor_name,
        "ThoiDiemXuLy": _portal_time(event.at),
        "NoiDungXuLy": event.note[:500],
    }
