"""Deadline arithmetic: table tests named by the exact moment (STYLE.md §5), no database.

Convention: docs/decisions/0010-working-day-deadline-convention.md — N working days end at the
same clock time on the Nth working day; a receipt outside office hours counts from the next
working moment, so N days end at 17:00 on the Nth working day.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import pytest

from motcua.workdays import rules
from motcua.workdays.calendars import VN_TZ, DayName, DayOverride, OfficeHours, WorkCalendar, package_year
from motcua.workdays.errors import CalendarError

CAL = WorkCalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


DEADLINES = [
    # (what, received, amount, unit, due)
    ("Tết 2025: Friday before Tết at 16:59, 1 day", "2025-01-24 16:59", "1", "working_days", "2025-02-03 16:59"),
    ("Tết 2025: Friday before Tết at 17:01, 1 day", "2025-01-24 17:01", "1", "working_days", "2025-02-03 17:00"),
    ("Tết 2025: 3 days from Thursday", "2025-01-23 10:00", "3", "working_days", "2025-02-04 10:00"),
    ("Tết 2026: Friday 13/2 at 16:59, 1 day", "2026-02-13 16:59", "1", "working_days", "2026-02-23 16:59"),
    ("Tết 2026: Friday 13/2 at 17:01, 1 day", "2026-02-13 17:01", "1", "working_days", "2026-02-23 17:00"),
    ("Tết 2026: Sunday 15/2, 1 day", "2026-02-15 10:00", "1", "working_days", "2026-02-23 17:00"),
    ("Tết 2026: 5 days from Wednesday 11/2", "2026-02-11 09:00", "5", "working_days", "2026-02-25 09:00"),
    ("Tết 2026: 8 working hours from 16:59", "2026-02-13 16:59", "8", "working_hours", "2026-02-23 16:59"),
    (
        "30/4–1/5 2025 and the 2/5 day off: 2 days from Tuesday 29/4",
        "2025-04-29 09:00",
        "2",
        "working_days",
        "2025-05-06 09:00",
    ),
    (
        "Saturday 26/4/2025 is worked: 1 day from Friday 25/4",
        "2025-04-25 10:00",
        "1",
        "working_days",
        "2025-04-26 10:00",
    ),
    (
        "Saturday 26/4/2025 is worked: 2 days from Friday 25/4",
        "2025-04-25 10:00",
        "2",
        "working_days",
        "2025-04-28 10:00",
    ),
    (
        "received on the swapped Saturday 26/4/2025 itself",
        "2025-04-26 16:00",
        "0.5",
        "working_days",
        "2025-04-28 10:30",
    ),
    ("2/9/2025 with 1/9: from Friday 29/8", "2025-08-29 15:00", "1", "working_days", "2025-09-03 15:00"),
    (
        "Saturday 22/8/2026 is worked: 1 day from Friday 21/8",
        "2026-08-21 09:00",
        "1",
        "working_days",
        "2026-08-22 09:00",
    ),
    ("31/8, 1/9, 2/9/2026 off: 1 day from Friday 28/8", "2026-08-28 09:00", "1", "working_days", "2026-09-03 09:00"),
    ("24/11/2026 Culture Day: 1 day from Monday 23/11", "2026-11-23 09:00", "1", "working_days", "2026-11-25 09:00"),
    ("24/11 is an ordinary day in 2025", "2025-11-24 09:00", "1", "working_days", "2025-11-25 09:00"),
    ("Sunday receipt, 1 day", "2026-03-08 10:00", "1", "working_days", "2026-03-09 17:00"),
    ("Monday at 16:59, 1 day", "2026-03-09 16:59", "1", "working_days", "2026-03-10 16:59"),
    ("Monday at 17:01, 1 day", "2026-03-09 17:01", "1", "working_days", "2026-03-10 17:00"),
    ("exactly 17:00 is after hours", "2026-03-09 17:00", "1", "working_days", "2026-03-10 17:00"),
    ("0.25 day over the lunch break", "2026-03-09 10:00", "0.25", "working_days", "2026-03-09 13:30"),
    ("0.5 day over the lunch break", "2026-03-09 10:00", "0.5", "working_days", "2026-03-09 15:30"),
    ("0.5 day over the night", "2026-03-09 16:00", "0.5", "working_days", "2026-03-10 10:30"),
    ("received in the lunch break counts from 13:00", "2026-03-09 12:00", "1", "working_hours", "2026-03-09 14:00"),
    (
        "a due time on a session end is that end, not the next start",
        "2026-03-09 07:30",
        "4",
        "working_hours",
        "2026-03-09 11:30",
    ),
    ("a full afternoon ends at 17:00", "2026-03-09 13:00", "4", "working_hours", "2026-03-09 17:00"),
    ("before opening counts from 07:30", "2026-03-09 06:00", "1", "working_days", "2026-03-09 17:00"),
    ("zero is the next working moment", "2026-03-07 10:00", "0", "working_days", "2026-03-09 07:30"),
    ("New Year across the year end", "2025-12-31 09:00", "1", "working_days", "2026-01-02 09:00"),
]


@pytest.mark.parametrize(("what", "received", "amount", "unit", "due"), DEADLINES, ids=[d[0] for d in DEADLINES])
def test_it_computes_the_table_of_deadlines(what: str, received: str, amount: str, unit: str, due: str) -> None:
    """Decree 118 Art. 17: time runs in working time from acceptance; decision 0010 for the due time."""
    assert rules.add_working_time(CAL, at(received), amount, unit) == at(due)


def test_it_explains_the_days_skipped_across_tet_2026() -> None:
    result = rules.deadline(CAL, at("2026-02-13 17:01"), 1, "working_days")
    assert result.counted_from == at("2026-02-23 07:30")
    assert result.due_at.isoformat() == "2026-02-23T17:00:00+07:00"
    assert [s.date.isoformat() for s in result.skipped] == [f"2026-02-{d}" for d in range(14, 23)]
    reasons = {s.date.day: s.reason for s in result.skipped}
    assert reasons[14] == DayName("Thứ Bảy", "Saturday")
    assert reasons[17].vi == "Tết Nguyên Đán"
    assert reasons[22] == DayName("Chủ nhật", "Sunday")


def test_it_reads_the_swaps_from_the_holidays_package() -> None:
    """2025: 2/5 off, Saturday 26/4 worked; 2026: 31/8 off, Saturday 22/8 worked (RULES.md §5)."""
    y2025, y2026 = package_year(2025), package_year(2026)
    assert list(y2025.working_days) == [datetime(2025, 4, 26).date()]
    assert "02/05/2025" in y2025.working_days[datetime(2025, 4, 26).date()].vi
    assert list(y2026.working_days) == [datetime(2026, 8, 22).date()]
    assert datetime(2026, 8, 31).date() in y2026.days_off
    assert datetime(2026, 11, 24).date() in y2026.days_off
    assert datetime(2025, 11, 24).date() not in y2025.days_off
    assert not CAL.is_working_day(datetime(2025, 5, 2).date())
    assert CAL.is_working_day(datetime(2025, 4, 26).date())


def test_it_measures_working_time_between_two_moments() -> None:
    assert rules.working_seconds_between(CAL, at("2026-02-13 16:00"), at("2026-02-23 08:30")) == 2 * 3600
    assert rules.working_seconds_between(CAL, at("2026-02-23 08:30"), at("2026-02-13 16:00")) == -2 * 3600
    assert rules.working_days_between(CAL, at("2025-12-31 09:00"), at("2026-01-02 09:00")) == 1
    assert rules.working_hours_between(CAL, at("2026-03-09 11:00"), at("2026-03-09 13:30")) == Decimal("1")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-03-09 14:59", "2026-03-09 17:00"),
        ("2026-03-09 15:00", "2026-03-10 11:30"),
        ("2026-03-09 17:30", "2026-03-10 11:30"),
        ("2026-03-09 06:30", "2026-03-09 17:00"),
        ("2026-03-08 10:00", "2026-03-09 11:30"),
        ("2026-02-13 15:30", "2026-02-23 11:30"),
        ("2025-12-31 16:00", "2026-01-02 11:30"),
    ],
)
def test_it_applies_the_1500_cutoff_for_paper_transfer(received: str, due: str) -> None:
    """Decree 118 Art. 18: paper the same working day, or next morning if received after 15:00."""
    assert rules.paper_transfer_due(CAL, at(received)) == at(due)


@pytest.mark.parametrize(
    ("appointment", "apology_by"),
    [
        ("2026-03-11 09:00", "2026-03-10 17:00"),
        ("2026-02-23 09:00", "2026-02-13 17:00"),
        ("2026-01-02 15:00", "2025-12-31 17:00"),
    ],
)
def test_it_sets_the_apology_letter_one_working_day_before_the_due_date(appointment: str, apology_by: str) -> None:
    """Decree 118 Art. 19.6: at the latest 1 day before the deadline, the apology letter."""
    assert rules.apology_due(CAL, at(appointment)) == at(apology_by)


def test_it_gives_the_decree_118_limits() -> None:
    assert rules.online_acceptance_due(CAL, at("2026-03-09 16:00")) == at("2026-03-10 16:00")
    assert rules.supplement_request_due(CAL, at("2026-03-09 16:00")) == at("2026-03-12 16:00")
    assert rules.cross_level_transfer_due(CAL, at("2026-03-13 10:00")) == at("2026-03-16 10:00")


def test_it_counts_an_agencys_own_office_hours() -> None:
    """A day of 08:00–12:00, 13:30–17:30 is still 8 hours; the same arithmetic follows its sessions."""
    cal = WorkCalendar(office_hours=OfficeHours.of(("08:00", "12:00"), ("13:30", "17:30")))
    assert rules.add_working_days(cal, at("2026-03-09 17:20"), "0.25") == at("2026-03-10 09:50")
    assert rules.next_working_moment(cal, at("2026-03-09 12:10")) == at("2026-03-09 13:30")
    assert rules.paper_transfer_due(cal, at("2026-03-09 15:10")) == at("2026-03-10 12:00")


def test_it_lets_overrides_change_a_day() -> None:
    """An administrator's day off moves the deadline; a working Saturday shortens it."""
    friday = datetime(2026, 3, 13).date()
    saturday = datetime(2026, 3, 14).date()
    cal = WorkCalendar(
        overrides={
            friday: DayOverride(True, DayName("Nghỉ bù", "Day off")),
            saturday: DayOverride(False, DayName("Làm bù", "Working Saturday")),
        }
    )
    assert not cal.is_working_day(friday)
    assert cal.is_working_day(saturday)
    assert rules.add_working_days(cal, at("2026-03-12 10:00"), 1) == at("2026-03-14 10:00")
    assert cal.working_days(2026) == [
        (saturday, DayName("Làm bù", "Working Saturday")),
        (datetime(2026, 8, 22).date(), package_year(2026).working_days[datetime(2026, 8, 22).date()]),
    ]
    assert (friday, DayName("Nghỉ bù", "Day off")) in cal.days_off(2026)


@pytest.mark.parametrize(
    ("amount", "unit", "code"),
    [
        ("-1", "working_days", "workdays_negative_amount"),
        ("abc", "working_days", "workdays_invalid_amount"),
        ("NaN", "working_hours", "workdays_invalid_amount"),
        ("1e9", "working_days", "workdays_amount_too_large"),
        ("1", "weeks", "workdays_invalid_unit"),
    ],
)
def test_it_refuses_bad_amounts_with_clear_codes(amount: str, unit: str, code: str) -> None:
    with pytest.raises(CalendarError) as info:
        rules.add_working_time(CAL, at("2026-03-09 10:00"), amount, unit)
    assert info.value.code == code
    assert info.value.status == 422
    assert str(info.value.message)


def test_it_refuses_naive_moments_and_years_out_of_range() -> None:
    with pytest.raises(CalendarError) as info:
        rules.add_working_days(CAL, datetime(2026, 3, 9, 10, 0), 1)
    assert info.value.code == "workdays_naive_datetime"
    with pytest.raises(CalendarError) as info:
        rules.add_working_days(CAL, at("2100-12-30 10:00"), 10)
    assert info.value.code == "workdays_year_out_of_range"


def test_it_refuses_unordered_office_hours() -> None:
    with pytest.raises(CalendarError) as info:
        OfficeHours(((time(13, 0), time(17, 0)), (time(7, 30), time(11, 30))))
    assert info.value.code == "workdays_invalid_office_hours"


def test_it_converts_other_time_zones_to_the_legal_day() -> None:
    """23:30 UTC on Sunday is 06:30 Monday in Hà Nội: counted from 07:30 Monday."""
    from datetime import UTC

    received = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    assert rules.add_working_days(CAL, received, 1) == at("2026-03-09 17:00")
