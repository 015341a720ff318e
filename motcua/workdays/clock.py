"""The legal clock ledger: a sequence of clock events → appointment, time used, time left, overdue.

Pure and database-free: the dossier engine stores the events (one row per event, never
edited) and calls `read_clock(calendar, events, as_of=...)` whenever it needs the figures.
Every reading is computed from the same events, so a new rule is a new `Reading`, not a
migration.

Events (`ClockEvent`):

- `start(at, limit_seconds)` — acceptance (Decree 118 Art. 17.3): the time starts.
- `stop(at, reason)` — a supplement request (status 5) or a payment request (status 6).
- `resume(at)` — what was asked for arrived; the clock goes on.
- `restart(at)` — an explicit restart from zero in every reading (e.g. a dossier taken up again
  after a stop by a new decision); only while stopped.
- `extend(at, new_appointment)` — the apology letter's new date (Art. 19.6), once only, while
  running and before the appointment passes.
- `end(at)` — processed, refused, stopped, withdrawn: the clock ends.

Two readings, side by side:

- **Decree 118** (`decree_118`, the legal appointment printed for the applicant): a resume after
  a *supplement* stop restarts the time from zero (Art. 19.5); a payment stop only pauses it.
- **Decision 766** (`decision_766`, the on-time indicator 2.1): supplement and payment waiting
  time is subtracted (the count goes on where it stopped), and more than one supplement
  request makes the dossier late whatever the time.

The extension's new appointment is a moment; it becomes an amount of working time E measured
against the Decree 118 appointment of that moment, and both readings' budgets grow by E (the
time limit plus the extension, kept after a later restart). A pending supplement request under
Decree 118 has no appointment yet: the reading projects the one it would get if the supplement
arrived at `as_of` (`appointment_projected`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext as _

from motcua.workdays import rules
from motcua.workdays.calendars import VN_TZ, WorkCalendar
from motcua.workdays.errors import ClockError


class EventKind(StrEnum):
    START = "start"
    STOP = "stop"
    RESUME = "resume"
    RESTART = "restart"
    EXTEND = "extend"
    END = "end"


class StopReason(StrEnum):
    SUPPLEMENT = "supplement"
    PAYMENT = "payment"


class ClockState(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"
    ENDED = "ended"


@dataclass(frozen=True)
class ClockEvent:
    """One entry of the ledger. Build with the class methods: `ClockEvent.start(at, limit_seconds=...)`."""

    kind: EventKind
    at: datetime
    limit_seconds: int | None = None
    reason: StopReason | None = None
    new_appointment: datetime | None = None

    @classmethod
    def start(cls, at: datetime, *, limit_seconds: int) -> ClockEvent:
        return cls(EventKind.START, at, limit_seconds=limit_seconds)

    @classmethod
    def stop(cls, at: datetime, *, reason: StopReason | str) -> ClockEvent:
        return cls(EventKind.STOP, at, reason=StopReason(reason))

    @classmethod
    def resume(cls, at: datetime) -> ClockEvent:
        return cls(EventKind.RESUME, at)

    @classmethod
    def restart(cls, at: datetime) -> ClockEvent:
        return cls(EventKind.RESTART, at)

    @classmethod
    def extend(cls, at: datetime, *, new_appointment: datetime) -> ClockEvent:
        return cls(EventKind.EXTEND, at, new_appointment=new_appointment)

    @classmethod
    def end(cls, at: datetime) -> ClockEvent:
        return cls(EventKind.END, at)


@dataclass(frozen=True)
class Reading:
    """A rule for turning the ledger into figures."""

    code: str
    supplement_restarts: bool
    max_supplement_requests: int | None


DECREE_118 = Reading("decree_118", supplement_restarts=True, max_supplement_requests=None)
DECISION_766 = Reading("decision_766", supplement_restarts=False, max_supplement_requests=1)
READINGS: tuple[Reading, ...] = (DECREE_118, DECISION_766)

# Late reasons and warnings (stable codes).
OVERDUE = "overdue"
TOO_MANY_SUPPLEMENTS = "supplement_requested_more_than_once"
EXTENSION_NOTICE_LATE = "extension_notice_late"


@dataclass(frozen=True)
class ClockReading:
    """The figures of one reading at `as_of` (working seconds; 1 working day = the calendar's office day)."""

    reading: str
    state: ClockState
    as_of: datetime
    started_at: datetime
    ended_at: datetime | None
    limit_seconds: int
    extension_seconds: int
    used_seconds: int
    left_seconds: int
    overdue_seconds: int
    stopped_seconds: int
    appointment: datetime
    appointment_projected: bool
    apology_due: datetime
    supplement_requests: int
    late_reasons: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def budget_seconds(self) -> int:
        return self.limit_seconds + self.extension_seconds

    @property
    def overdue(self) -> bool:
        return OVERDUE in self.late_reasons

    @property
    def on_time(self) -> bool:
        """Decision 766 "on time": finished (or still running) within the appointment, no other late reason."""
        return not self.late_reasons


def _error(code: str, message: str, event: ClockEvent | None = None, index: int | None = None) -> ClockError:
    errors = []
    if event is not None:
        errors.append({"index": index, "kind": str(event.kind), "at": event.at.isoformat()})
    return ClockError(message, code=code, errors=errors)


def validate(events: Sequence[ClockEvent]) -> None:
    """Raise `ClockError` on an illegal sequence; shared by every reading."""
    if not events:
        raise _error("clock_not_started", _("Đồng hồ chưa bắt đầu: chưa có sự kiện tiếp nhận hồ sơ."))
    state: ClockState | None = None
    extended = False
    previous: datetime | None = None
    for i, event in enumerate(events):
        if event.at.tzinfo is None or event.at.utcoffset() is None:
            raise _error("clock_naive_datetime", _("Thời điểm của sự kiện phải kèm múi giờ."), event, i)
        if previous is not None and event.at < previous:
            raise _error("clock_out_of_order", _("Các sự kiện của đồng hồ phải theo thứ tự thời gian."), event, i)
        previous = event.at
        kind = event.kind
        if state is None and kind != EventKind.START:
            raise _error(
                "clock_not_started", _("Đồng hồ chưa bắt đầu: sự kiện đầu tiên phải là tiếp nhận hồ sơ."), event, i
            )
        if state == ClockState.ENDED:
            raise _error("clock_already_ended", _("Đồng hồ đã kết thúc; không thể ghi thêm sự kiện."), event, i)
        if kind == EventKind.START:
            if state is not None:
                raise _error("clock_already_started", _("Đồng hồ đã bắt đầu; không thể bắt đầu lần nữa."), event, i)
            if event.limit_seconds is None or event.limit_seconds < 0:
                raise _error("clock_invalid_limit", _("Thời hạn giải quyết phải là một số không âm."), event, i)
            state = ClockState.RUNNING
        elif kind == EventKind.STOP:
            if state == ClockState.STOPPED:
                raise _error("clock_already_stopped", _("Đồng hồ đang dừng; không thể dừng lần nữa."), event, i)
            if event.reason is None:
                raise _error(
                    "clock_stop_without_reason",
                    _("Dừng đồng hồ phải nêu lý do: bổ sung hồ sơ hoặc thực hiện nghĩa vụ tài chính."),
                    event,
                    i,
                )
            state = ClockState.STOPPED
        elif kind == EventKind.RESUME:
            if state != ClockState.STOPPED:
                raise _error(
                    "clock_resume_without_stop", _("Không thể tiếp tục đồng hồ khi đồng hồ không dừng."), event, i
                )
            state = ClockState.RUNNING
        elif kind == EventKind.RESTART:
            if state != ClockState.STOPPED:
                raise _error(
                    "clock_restart_without_stop", _("Chỉ tính lại thời hạn từ đầu khi đồng hồ đang dừng."), event, i
                )
            state = ClockState.RUNNING
        elif kind == EventKind.EXTEND:
            if extended:
                raise _error("clock_second_extension", _("Thời hạn chỉ được gia hạn một lần."), event, i)
            if state != ClockState.RUNNING:
                raise _error("clock_extension_while_stopped", _("Không thể gia hạn khi đồng hồ đang dừng."), event, i)
            if event.new_appointment is None:
                raise _error("clock_extension_without_date", _("Gia hạn phải có ngày hẹn trả mới."), event, i)
            extended = True
        elif kind == EventKind.END:
            state = ClockState.ENDED
        else:  # pragma: no cover - EventKind is closed
            raise _error("clock_unknown_event", _("Sự kiện đồng hồ không hợp lệ."), event, i)


def _appointment(
    calendar: WorkCalendar, segments: list[tuple[datetime, datetime | None]], budget: int
) -> datetime | None:
    """The moment the budget runs out inside the segments, or None if it has not yet (stopped)."""
    remaining = budget
    for begin, end in segments:
        if end is None:
            return rules.add_working_seconds(calendar, begin, remaining)
        length = rules.working_seconds_between(calendar, begin, end)
        if remaining <= length:
            return rules.add_working_seconds(calendar, begin, remaining)
        remaining -= length
    return None


def _read(
    calendar: WorkCalendar,
    events: Sequence[ClockEvent],
    reading: Reading,
    *,
    as_of: datetime,
    extension_seconds: int,
) -> ClockReading:
    first = events[0]
    limit = int(first.limit_seconds or 0)
    segments: list[tuple[datetime, datetime | None]] = [(first.at, None)]
    used_before = 0  # used in closed segments since the last reset
    stopped_seconds = 0
    stop_reason: StopReason | None = None
    stopped_at: datetime | None = None
    supplements = 0
    extension = 0
    ended_at: datetime | None = None
    for event in events[1:]:
        if event.kind == EventKind.STOP:
            begin = segments[-1][0]
            segments[-1] = (begin, event.at)
            used_before += rules.working_seconds_between(calendar, begin, event.at)
            stop_reason, stopped_at = event.reason, event.at
            if event.reason == StopReason.SUPPLEMENT:
                supplements += 1
        elif event.kind in (EventKind.RESUME, EventKind.RESTART):
            assert stopped_at is not None
            stopped_seconds += rules.working_seconds_between(calendar, stopped_at, event.at)
            if event.kind == EventKind.RESTART or (
                stop_reason == StopReason.SUPPLEMENT and reading.supplement_restarts
            ):
                segments, used_before = [], 0
            segments.append((event.at, None))
            stop_reason, stopped_at = None, None
        elif event.kind == EventKind.EXTEND:
            extension = extension_seconds
        elif event.kind == EventKind.END:
            ended_at = event.at
            if stopped_at is None:
                begin = segments[-1][0]
                segments[-1] = (begin, event.at)
                used_before += rules.working_seconds_between(calendar, begin, event.at)
            else:
                stopped_seconds += rules.working_seconds_between(calendar, stopped_at, event.at)
    budget = limit + extension
    if ended_at is not None:
        state = ClockState.ENDED
        used = used_before
        as_of = ended_at
    elif stopped_at is not None:
        state = ClockState.STOPPED
        used = used_before
        stopped_seconds += rules.working_seconds_between(calendar, stopped_at, as_of)
    else:
        state = ClockState.RUNNING
        used = used_before + rules.working_seconds_between(calendar, segments[-1][0], as_of)
    appointment = _appointment(calendar, segments, budget)
    projected = appointment is None
    if appointment is None:
        # Stopped with time left: the appointment it would get if the clock went on at `as_of`.
        pending_restart = stop_reason == StopReason.SUPPLEMENT and reading.supplement_restarts
        appointment = rules.add_working_seconds(calendar, as_of, budget if pending_restart else budget - used)
    late: list[str] = []
    if used > budget:
        late.append(OVERDUE)
    if reading.max_supplement_requests is not None and supplements > reading.max_supplement_requests:
        late.append(TOO_MANY_SUPPLEMENTS)
    return ClockReading(
        reading=reading.code,
        state=state,
        as_of=as_of.astimezone(VN_TZ),
        started_at=first.at.astimezone(VN_TZ),
        ended_at=ended_at.astimezone(VN_TZ) if ended_at else None,
        limit_seconds=limit,
        extension_seconds=extension,
        used_seconds=used,
        left_seconds=max(0, budget - used),
        overdue_seconds=max(0, used - budget),
        stopped_seconds=stopped_seconds,
        appointment=appointment.astimezone(VN_TZ),
        appointment_projected=projected,
        apology_due=rules.apology_due(calendar, appointment),
        supplement_requests=supplements,
        late_reasons=tuple(late),
    )


def read_clock(
    calendar: WorkCalendar,
    events: Iterable[ClockEvent],
    *,
    as_of: datetime | None = None,
    readings: Sequence[Reading] = READINGS,
) -> dict[str, ClockReading]:
    """Validate the ledger and give every reading's figures at `as_of` (the end, if the clock ended).

    `as_of` is required while the clock has not ended (this module never reads the wall clock).
    """
    events = list(events)
    validate(events)
    ended = events[-1].kind == EventKind.END
    if as_of is None:
        if not ended:
            raise _error("clock_as_of_required", _("Cần thời điểm tính cho đồng hồ chưa kết thúc."))
        as_of = events[-1].at
    elif as_of.tzinfo is None or as_of.utcoffset() is None:
        raise _error("clock_naive_datetime", _("Thời điểm tính phải kèm múi giờ."))
    elif as_of < events[-1].at and not ended:
        raise _error("clock_as_of_before_events", _("Thời điểm tính sớm hơn sự kiện cuối cùng của đồng hồ."))
    extension_seconds, warnings = _extension(calendar, events)
    result: dict[str, ClockReading] = {}
    for reading in readings:
        figures = _read(calendar, events, reading, as_of=as_of, extension_seconds=extension_seconds)
        if warnings:
            figures = ClockReading(**{**figures.__dict__, "warnings": warnings})
        result[reading.code] = figures
    return result


def _extension(calendar: WorkCalendar, events: Sequence[ClockEvent]) -> tuple[int, tuple[str, ...]]:
    """The extension as working time, measured against the Decree 118 appointment of its moment."""
    for i, event in enumerate(events):
        if event.kind != EventKind.EXTEND:
            continue
        assert event.new_appointment is not None
        before = _read(calendar, events[:i], DECREE_118, as_of=event.at, extension_seconds=0)
        if event.at > before.appointment:
            raise _error(
                "clock_extension_after_deadline",
                _("Không thể gia hạn sau khi đã quá hạn giải quyết; xin lỗi và hẹn lại phải gửi trước khi hết hạn."),
                event,
                i,
            )
        extra = rules.working_seconds_between(calendar, before.appointment, event.new_appointment)
        if extra <= 0:
            raise _error(
                "clock_extension_not_later", _("Ngày hẹn trả mới phải muộn hơn ngày hẹn trả hiện tại."), event, i
            )
        warnings = (EXTENSION_NOTICE_LATE,) if event.at > before.apology_due else ()
        return extra, warnings
    return 0, ()
