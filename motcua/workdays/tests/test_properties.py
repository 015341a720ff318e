"""Properties of the deadline arithmetic (hypothesis), checked against a slow day-by-day reference.

- adding then measuring gives the amount back;
- a due time never falls on a day off, nor outside office hours;
- the due time is monotonic in the start time (and in the amount);
- the fast, precomputed arithmetic equals a naive walk over the days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import rules
from motcua.workdays.calendars import VN_TZ, DayName, DayOverride, OfficeHours, WorkCalendar

DEFAULT = WorkCalendar()
ODD = WorkCalendar(
    office_hours=OfficeHours.of(("08:00", "12:00"), ("13:30", "17:30"), ("18:00", "18:45")),
    overrides={
        date(2026, 3, 13): DayOverride(True, DayName("Nghỉ", "Off")),
        date(2026, 3, 14): DayOverride(False, DayName("Làm bù", "Worked")),
        date(2026, 2, 20): DayOverride(False, DayName("Làm", "Worked")),
    },
)
calendars = st.sampled_from([DEFAULT, ODD])
moments = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2027, 1, 31), timezones=st.just(VN_TZ))
amounts = st.integers(min_value=0, max_value=120 * 8 * 3600)


def reference_add(cal: WorkCalendar, start: datetime, seconds: int) -> datetime:
    """The slow, obvious walk: day by day, session by session."""
    local = start.astimezone(VN_TZ)
    if local.microsecond:
        local = local.replace(microsecond=0) + timedelta(seconds=1)
    day = local.date()
    offset = local.hour * 3600 + local.minute * 60 + local.second
    left = seconds
    while True:
        if cal.is_working_day(day):
            for a, b in cal.office_hours.bounds:
                begin = max(a, offset)
                if begin >= b:
                    continue
                if left == 0:
                    return datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ) + timedelta(seconds=begin)
                if left <= b - begin:
                    return datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ) + timedelta(seconds=begin + left)
                left -= b - begin
        day += timedelta(days=1)
        offset = 0


@settings(max_examples=300, deadline=None)
@given(cal=calendars, start=moments, seconds=amounts)
def test_it_gives_back_the_amount_when_measuring_what_it_added(
    cal: WorkCalendar, start: datetime, seconds: int
) -> None:
    due = rules.add_working_seconds(cal, start, seconds)
    assert rules.working_seconds_between(cal, start, due) == seconds
    assert due >= start


@settings(max_examples=300, deadline=None)
@given(cal=calendars, start=moments, seconds=amounts)
def test_it_never_puts_a_due_time_on_a_day_off_or_outside_office_hours(
    cal: WorkCalendar, start: datetime, seconds: int
) -> None:
    due = rules.add_working_seconds(cal, start, seconds).astimezone(VN_TZ)
    assert cal.is_working_day(due.date())
    second = due.hour * 3600 + due.minute * 60 + due.second
    if seconds > 0:
        assert any(a < second <= b for a, b in cal.office_hours.bounds)
    else:
        assert any(a <= second < b for a, b in cal.office_hours.bounds)


@settings(max_examples=300, deadline=None)
@given(cal=calendars, a=moments, b=moments, seconds=amounts, more=st.integers(min_value=0, max_value=40 * 3600))
def test_it_is_monotonic_in_the_start_and_the_amount(
    cal: WorkCalendar, a: datetime, b: datetime, seconds: int, more: int
) -> None:
    early, late = min(a, b), max(a, b)
    assert rules.add_working_seconds(cal, early, seconds) <= rules.add_working_seconds(cal, late, seconds)
    assert rules.add_working_seconds(cal, early, seconds) <= rules.add_working_seconds(cal, early, seconds + more)


@settings(max_examples=300, deadline=None)
@given(cal=calendars, start=moments, seconds=st.integers(min_value=0, max_value=30 * 8 * 3600))
def test_it_agrees_with_the_day_by_day_reference(cal: WorkCalendar, start: datetime, seconds: int) -> None:
    assert rules.add_working_seconds(cal, start, seconds) == reference_add(cal, start, seconds)


@settings(max_examples=200, deadline=None)
@given(cal=calendars, a=moments, b=moments)
def test_it_measures_antisymmetrically_and_additively(cal: WorkCalendar, a: datetime, b: datetime) -> None:
    middle = a + (b - a) / 2
    assert rules.working_seconds_between(cal, a, b) == -rules.working_seconds_between(cal, b, a)
    assert rules.working_seconds_between(cal, a, b) == rules.working_seconds_between(
        cal, a, middle
    ) + rules.working_seconds_between(cal, middle, b)


@settings(max_examples=200, deadline=None)
@given(start=moments, days=st.decimals(min_value=0, max_value=60, places=2))
def test_it_counts_days_and_hours_alike(start: datetime, days: object) -> None:
    """N working days = 8·N working hours with the default office hours (RULES.md §5)."""
    assert rules.add_working_days(DEFAULT, start, days) == rules.add_working_hours(DEFAULT, start, days * 8)  # type: ignore[operator]
