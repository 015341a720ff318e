"""Deadline arithmetic in working days and working hours: pure functions of a `WorkCalendar`.

The convention (docs/decisions/0010-working-day-deadline-convention.md), applied everywhere:

- A time limit is an amount of *working time*: N working days = N × one full day of office
  hours (8 working hours by default); fractions (0.25, 0.5 day) and hours are the same thing.
- The count starts at the *receipt moment* if it falls in office hours, otherwise at the next
  working moment (after 17:00, in the lunch break, on a Saturday, Sunday or holiday).
- The due time is the moment that amount of working time has run out: "same clock time N
  working days later", e.g. accepted Monday 09:15 + 1 working day = Tuesday 09:15; received
  after hours or on a day off, the next working day is day 1 and N working days end at 17:00
  on the Nth working day (the Civil Code, Art. 147–148: a period in days starts the next day and
  ends with the office hours of its last day). A due time that falls on a session boundary is
  the end of the session (11:30, 17:00), never the start of the next one.

Everything counts through one function, the working seconds W(t) elapsed from 1 January of
t's year (per-year precomputed counts make it O(1)); adding is its inverse and measuring is a
difference, so "add then measure gives the amount back" and monotonicity hold by construction.
Times are counted in whole seconds (a start with a fraction of a second is rounded up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from motcua.workdays.calendars import VN_TZ, DayName, WorkCalendar
from motcua.workdays.choices import TimeUnit
from motcua.workdays.errors import CalendarError

HOUR = 3600
MAX_WORKING_DAYS = 2500  # about ten years: no statutory time limit comes near it
PAPER_TRANSFER_CUTOFF = time(15, 0)  # Decree 118 Art. 18: paper received after 15:00 goes next morning

# Decree 118/2025 time limits that every dossier uses (RULES.md §5), in (amount, unit).
ONLINE_ACCEPTANCE = (Decimal(8), TimeUnit.WORKING_HOURS)  # Art. 17.2: accept or ask for completion
SUPPLEMENT_REQUEST = (Decimal(3), TimeUnit.WORKING_DAYS)  # Art. 19.5: ask for a supplement after appraisal
CROSS_LEVEL_TRANSFER = (Decimal(1), TimeUnit.WORKING_DAYS)  # Art. 20: paper across levels
ERROR_CORRECTION = (Decimal(3), TimeUnit.WORKING_DAYS)  # Art. 23: staff errors corrected


# --- amounts ---------------------------------------------------------------------------------------


def to_seconds(amount: Decimal | int | float | str, unit: str, *, calendar: WorkCalendar) -> int:
    """Working seconds of `amount` `unit`s (one working day = the calendar's full office day).

    Rounded up to the second so that a due time is never earlier than the amount allows.
    """
    if unit == TimeUnit.WORKING_DAYS:
        per = calendar.office_hours.day_seconds
    elif unit == TimeUnit.WORKING_HOURS:
        per = HOUR
    else:
        raise CalendarError(
            _("Đơn vị thời gian không hợp lệ: dùng working_days hoặc working_hours."), code="workdays_invalid_unit"
        )
    if isinstance(amount, int) and not isinstance(amount, bool):
        value = Decimal(amount)
    else:
        try:
            value = Decimal(str(amount).strip())
        except InvalidOperation:
            raise CalendarError(_("Thời hạn phải là một số."), code="workdays_invalid_amount") from None
    if not value.is_finite():
        raise CalendarError(_("Thời hạn phải là một số hữu hạn."), code="workdays_invalid_amount")
    if value < 0:
        raise CalendarError(_("Thời hạn không được là số âm."), code="workdays_negative_amount")
    seconds = int((value * per).to_integral_value(rounding=ROUND_CEILING))
    if seconds > MAX_WORKING_DAYS * calendar.office_hours.day_seconds:
        raise CalendarError(
            _("Thời hạn quá lớn (tối đa %(n)s ngày làm việc).") % {"n": MAX_WORKING_DAYS},
            code="workdays_amount_too_large",
        )
    return seconds


# --- the one measure: working seconds since 1 January ---------------------------------------------


def _local(moment: datetime) -> tuple[int, int, int]:
    """(date ordinal, second of day rounded up, year) of `moment` on the legal clock."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CalendarError(_("Thời điểm phải kèm múi giờ (ví dụ +07:00)."), code="workdays_naive_datetime")
    local = moment.astimezone(VN_TZ)
    second = local.hour * 3600 + local.minute * 60 + local.second + (1 if local.microsecond else 0)
    return local.toordinal(), second, local.year


def _worked(calendar: WorkCalendar, ordinal: int, second: int, year: int) -> int:
    """W: working seconds from 1 January of `year` to (ordinal, second)."""
    index = calendar._years.get(year) or calendar.year(year)
    i = ordinal - index.first_ordinal
    before = index.before[i]
    worked = before * calendar.office_hours.day_seconds
    if index.before[i + 1] > before:
        worked += calendar.office_hours.elapsed(second)
    return worked


def _moment(calendar: WorkCalendar, year: int, target: int, *, prefer_end: bool) -> datetime:
    """W⁻¹: the moment at which `target` working seconds from 1 January of `year` are done."""
    day_seconds = calendar.office_hours.day_seconds
    k, rem = divmod(target, day_seconds)
    if rem == 0 and prefer_end and k > 0:
        k -= 1
        rem = day_seconds
    index = calendar._years.get(year) or calendar.year(year)
    while k >= index.count:
        k -= index.count
        year += 1
        index = calendar._years.get(year) or calendar.year(year)
    return index.midnights[k] + timedelta(seconds=calendar.office_hours.second_at(rem, prefer_end=prefer_end))


# --- public arithmetic -----------------------------------------------------------------------------


def add_working_seconds(calendar: WorkCalendar, start: datetime, seconds: int) -> datetime:
    """The due time of `seconds` of working time counted from `start` (see the module's convention).

    `seconds == 0` gives the next working moment (the moment the count starts).
    """
    if seconds < 0:
        raise CalendarError(_("Thời hạn không được là số âm."), code="workdays_negative_amount")
    ordinal, second, year = _local(start)
    return _moment(calendar, year, _worked(calendar, ordinal, second, year) + seconds, prefer_end=seconds > 0)


def add_working_days(calendar: WorkCalendar, start: datetime, days: Decimal | int | float | str) -> datetime:
    """`start` + `days` working days (fractions allowed: 0.25 day = 2 working hours by default)."""
    if type(days) is int and 0 <= days <= MAX_WORKING_DAYS:
        seconds = days * calendar.office_hours.day_seconds
    else:
        seconds = to_seconds(days, TimeUnit.WORKING_DAYS, calendar=calendar)
    return add_working_seconds(calendar, start, seconds)


def add_working_hours(calendar: WorkCalendar, start: datetime, hours: Decimal | int | float | str) -> datetime:
    """`start` + `hours` working hours (Decree 118: 8 working hours to accept an online dossier)."""
    if type(hours) is int and 0 <= hours <= MAX_WORKING_DAYS * 8:
        seconds = hours * HOUR
    else:
        seconds = to_seconds(hours, TimeUnit.WORKING_HOURS, calendar=calendar)
    return add_working_seconds(calendar, start, seconds)


def add_working_time(
    calendar: WorkCalendar, start: datetime, amount: Decimal | int | float | str, unit: str
) -> datetime:
    """`start` + `amount` of `unit` (`working_days` or `working_hours`)."""
    return add_working_seconds(calendar, start, to_seconds(amount, unit, calendar=calendar))


def next_working_moment(calendar: WorkCalendar, moment: datetime) -> datetime:
    """`moment` itself in office hours; otherwise the start of the next session on a working day.

    This is when a receipt outside office hours is counted from (Decree 118 Art. 17).
    """
    return add_working_seconds(calendar, moment, 0)


def working_seconds_between(calendar: WorkCalendar, start: datetime, end: datetime) -> int:
    """Working seconds from `start` to `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_seconds_between(calendar, end, start)
    oa, sa, ya = _local(start)
    ob, sb, yb = _local(end)
    worked = _worked(calendar, ob, sb, yb) - _worked(calendar, oa, sa, ya)
    for year in range(ya, yb):
        worked += calendar.year(year).count * calendar.office_hours.day_seconds
    return worked


def working_hours_between(calendar: WorkCalendar, start: datetime, end: datetime) -> Decimal:
    return Decimal(working_seconds_between(calendar, start, end)) / HOUR


def working_days_between(calendar: WorkCalendar, start: datetime, end: datetime) -> Decimal:
    return Decimal(working_seconds_between(calendar, start, end)) / calendar.office_hours.day_seconds


def _working_day_at(calendar: WorkCalendar, year: int, k: int) -> datetime:
    """Midnight of the k-th working day counted from 1 January of `year` (k may run into later years)."""
    index = calendar.year(year)
    while k >= index.count:
        k -= index.count
        year += 1
        index = calendar.year(year)
    return index.midnights[k]


def _working_days_before(calendar: WorkCalendar, day: date) -> int:
    index = calendar.year(day.year)
    return index.before[day.toordinal() - index.first_ordinal]


def end_of_previous_working_day(calendar: WorkCalendar, moment: datetime) -> datetime:
    """The close of office hours on the last working day strictly before `moment`'s date."""
    day = moment.astimezone(VN_TZ).date()
    year = day.year
    k = _working_days_before(calendar, day)
    while k == 0:
        year -= 1
        k = calendar.year(year).count
    closes = calendar.office_hours.bounds[-1][1]
    return _working_day_at(calendar, year, k - 1) + timedelta(seconds=closes)


def apology_due(calendar: WorkCalendar, appointment: datetime) -> datetime:
    """Latest moment for the apology letter and extension request: 1 day before the due date.

    Decree 118 Art. 19.6 ("chậm nhất 01 ngày trước ngày hết hạn"): by the close of office hours
    of the working day before the day of the appointment.
    """
    return end_of_previous_working_day(calendar, appointment)


def paper_transfer_due(calendar: WorkCalendar, received_at: datetime) -> datetime:
    """Paper dossier transfer: the same working day, or the next morning if received at or after 15:00.

    Decree 118 Art. 18. A receipt outside office hours or on a day off counts as received after
    the cut-off: the paper goes by the end of the morning session of the next working day.
    """
    ordinal, _second, year = _local(received_at)
    today = date.fromordinal(ordinal)
    starts = next_working_moment(calendar, received_at).astimezone(VN_TZ)
    if starts.date() == today and starts.time() < PAPER_TRANSFER_CUTOFF:
        return datetime.combine(today, calendar.office_hours.closes, tzinfo=VN_TZ)
    index = calendar.year(year)
    k = index.before[ordinal - index.first_ordinal + 1]  # the first working day after today
    return _working_day_at(calendar, year, k) + timedelta(seconds=calendar.office_hours.bounds[0][1])


def online_acceptance_due(calendar: WorkCalendar, submitted_at: datetime) -> datetime:
    """Decree 118 Art. 17.2: accept an online dossier or ask for completion within 8 working hours."""
    return add_working_time(calendar, submitted_at, *ONLINE_ACCEPTANCE)


def supplement_request_due(calendar: WorkCalendar, received_at: datetime) -> datetime:
    """Decree 118 Art. 19.5: a supplement after appraisal is requested within 3 working days."""
    return add_working_time(calendar, received_at, *SUPPLEMENT_REQUEST)


def cross_level_transfer_due(calendar: WorkCalendar, received_at: datetime) -> datetime:
    """Decree 118 Art. 20: paper sent across levels within 1 working day."""
    return add_working_time(calendar, received_at, *CROSS_LEVEL_TRANSFER)


# --- explained deadlines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SkippedDay:
    date: date
    reason: DayName


@dataclass(frozen=True)
class Deadline:
    """A due time with its explanation: when the count started and which days it skipped."""

    received_at: datetime
    counted_from: datetime
    due_at: datetime
    seconds: int
    skipped: tuple[SkippedDay, ...]


def skipped_days(calendar: WorkCalendar, start: datetime, end: datetime) -> list[SkippedDay]:
    """The days off from `start`'s date to `end`'s date (both included), with the reason for each."""
    first = start.astimezone(VN_TZ).date()
    last = end.astimezone(VN_TZ).date()
    skipped: list[SkippedDay] = []
    day = first
    one = timedelta(days=1)
    while day <= last:
        if not calendar.is_working_day(day):
            _, reason = calendar.day_status(day)
            skipped.append(SkippedDay(day, reason or DayName("Ngày nghỉ", "Day off")))
        day += one
    return skipped


def deadline(calendar: WorkCalendar, start: datetime, amount: Decimal | int | float | str, unit: str) -> Deadline:
    """The due time of `amount` `unit` from `start`, with the days it skipped (for slips, API, page)."""
    seconds = to_seconds(amount, unit, calendar=calendar)
    counted_from = next_working_moment(calendar, start)
    due_at = add_working_seconds(calendar, start, seconds)
    return Deadline(
        received_at=start.astimezone(VN_TZ),
        counted_from=counted_from,
        due_at=due_at,
        seconds=seconds,
        skipped=tuple(skipped_days(calendar, start, due_at)),
    )
