"""The working-day calendar as a plain object: no database, built once, read millions of times.

A `WorkCalendar` answers "is this date a working day, and if not, why?" and carries the office
hours that the arithmetic in `motcua.workdays.rules` counts. Its sources, from lowest to highest
precedence:

1. Saturdays and Sundays are days off;
2. the `holidays` package (country VN): public holidays, observed days, the days off given by a
   yearly swap, and in `weekend_workdays` the Saturdays worked in exchange (26/4/2025,
   22/8/2026);
3. administrator overrides (nationwide, then the province's own), given to the constructor as
   a `{date: DayOverride}` mapping already resolved by `motcua.workdays.selectors`.

Per year the calendar precomputes the sorted working days and, for every day of the year, how
many working days precede it; the arithmetic then needs no loop over days. The legal day is
Asia/Ho_Chi_Minh, a fixed UTC+07:00 offset since 1975 (no daylight saving), so a fixed-offset
`tzinfo` is exact and much faster than a zoneinfo lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

import holidays
from django.utils.translation import gettext as _

from motcua.workdays.errors import CalendarError

VN_TZ = timezone(timedelta(hours=7), "+07")
MIN_YEAR = 2000
MAX_YEAR = 2100
WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())


class DayName(NamedTuple):
    """A day's name in Vietnamese and English (the package and administrators give both)."""

    vi: str
    en: str

    def text(self, language: str | None) -> str:
        return self.en if (language or "vi").startswith("en") and self.en else self.vi


SATURDAY = DayName("Thứ Bảy", "Saturday")
SUNDAY = DayName("Chủ nhật", "Sunday")


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(
            _("Năm %(year)s nằm ngoài khoảng lịch hỗ trợ (%(min)s–%(max)s).")
            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR},
            code="workdays_year_out_of_range",
        )
    return year


# --- office hours -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeHours:
    """The sessions of a working day, e.g. 07:30–11:30 and 13:00–17:00 (8 working hours).

    One working day of a time limit is one full day of these sessions (`day_seconds`).
    """

    sessions: tuple[tuple[time, time], ...]
    bounds: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
    day_seconds: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.sessions:
            raise CalendarError(_("Giờ làm việc phải có ít nhất một buổi."), code="workdays_invalid_office_hours")
        bounds: list[tuple[int, int]] = []
        previous_end = -1
        for start, end in self.sessions:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise CalendarError(
                    _("Giờ làm việc là giờ địa phương, không kèm múi giờ."), code="workdays_invalid_office_hours"
                )
            a = start.hour * 3600 + start.minute * 60 + start.second
            b = end.hour * 3600 + end.minute * 60 + end.second
            if not a < b or a < previous_end:
                raise CalendarError(
                    _(
                        "Các buổi làm việc phải theo thứ tự, mỗi buổi bắt đầu trước khi kết thúc "
                        "và không chồng lên nhau."
                    ),
                    code="workdays_invalid_office_hours",
                )
            bounds.append((a, b))
            previous_end = b
        object.__setattr__(self, "bounds", tuple(bounds))
        object.__setattr__(self, "day_seconds", sum(b - a for a, b in bounds))

    @classmethod
    def of(cls, *pairs: tuple[str, str]) -> OfficeHours:
        """`OfficeHours.of(("07:30", "11:30"), ("13:00", "17:00"))`."""
        return cls(tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in pairs))

    def elapsed(self, second_of_day: int) -> int:
        """Working seconds of the day before `second_of_day` (0 before the first session, all after the last)."""
        total = 0
        for a, b in self.bounds:
            if second_of_day <= a:
                break
            total += (second_of_day if second_of_day < b else b) - a
        return total

    def second_at(self, worked: int, *, prefer_end: bool) -> int:
        """The second of day at which `worked` working seconds of the day are done.

        At a session boundary, `prefer_end` gives the end of the finished session (a due time,
        e.g. 11:30) rather than the start of the next one (a moment work can begin, e.g. 13:00).
        """
        for a, b in self.bounds:
            length = b - a
            if worked < length or (worked == length and prefer_end):
                return a + worked
            worked -= length
        return self.bounds[-1][1]

    @property
    def opens(self) -> time:
        return self.sessions[0][0]

    @property
    def closes(self) -> time:
        return self.sessions[-1][1]

    def label(self) -> str:
        return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in self.sessions)


DEFAULT_OFFICE_HOURS = OfficeHours.of(("07:30", "11:30"), ("13:00", "17:00"))


# --- the holidays package ------------------------------------------------------------------------


@dataclass(frozen=True)
class DayOverride:
    """An administrator's correction for one date: a day off, or a working day."""

    day_off: bool
    name: DayName


@dataclass(frozen=True)
class PackageYear:
    """What the `holidays` package says about one year."""

    days_off: dict[date, DayName]
    working_days: dict[date, DayName]


_SUBSTITUTED_FROM = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=512)
def package_year(year: int) -> PackageYear:
    """Vietnamese public holidays, observed and substituted days off and swapped working days of `year`."""
    check_year(year)
    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    days_off = {day: DayName(str(name), str(en.get(day, name))) for day, name in sorted(vi.items())}
    # The package names a substituted day off "Day off (substituted from MM/DD/YYYY)": find the
    # day off each swapped working day pays for, so the calendar can say so.
    paid_for: dict[date, date] = {}
    for day, name in en.items():
        match = _SUBSTITUTED_FROM.search(str(name))
        if match:
            month, dom, yr = (int(g) for g in match.groups())
            paid_for[date(yr, month, dom)] = day
    working_days: dict[date, DayName] = {}
    for day in sorted(getattr(vi, "weekend_workdays", ())):
        if day.year != year:
            continue
        off = paid_for.get(day)
        if off is not None:
            working_days[day] = DayName(
                f"Làm việc bù cho ngày nghỉ {off:%d/%m/%Y}",
                f"Working day in exchange for the day off on {off:%d/%m/%Y}",
            )
        else:
            working_days[day] = DayName("Ngày làm việc bù", "Swapped working day")
    return PackageYear(days_off=days_off, working_days=working_days)


# --- the calendar ---------------------------------------------------------------------------------


class YearIndex:
    """One year of a calendar, precomputed for the arithmetic.

    `before[i]` is the number of working days of the year before day-of-year `i` (0-based), so
    day `i` is a working day iff `before[i + 1] > before[i]`; `working[k]` is the ordinal of the
    k-th working day and `midnights[k]` its aware midnight.
    """

    __slots__ = ("before", "count", "first_ordinal", "midnights", "working", "year")

    def __init__(self, year: int, is_working: Iterable[bool]) -> None:
        self.year = year
        self.first_ordinal = date(year, 1, 1).toordinal()
        before = [0]
        working: list[int] = []
        for offset, ok in enumerate(is_working):
            if ok:
                working.append(self.first_ordinal + offset)
            before.append(len(working))
        self.before = before
        self.working = working
        self.count = len(working)
        self.midnights = [datetime.combine(date.fromordinal(o), time(0), tzinfo=VN_TZ) for o in working]


class WorkCalendar:
    """Working days and office hours of one place (nationwide defaults, a province, an agency).

    Immutable once built; the per-year indexes are filled lazily and kept (thread-safe in the
    sense that two threads may both build a year and one of the equal results wins).
    """

    def __init__(
        self,
        *,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        overrides: Mapping[date, DayOverride] | None = None,
        use_package: bool = True,
        weekend: frozenset[int] = WEEKEND,
        label: str = "",
    ) -> None:
        self.office_hours = office_hours
        self.overrides: dict[date, DayOverride] = dict(overrides or {})
        self.use_package = use_package
        self.weekend = weekend
        self.label = label
        self._years: dict[int, YearIndex] = {}

    def __repr__(self) -> str:
        return f"<WorkCalendar {self.label or 'VN'} {self.office_hours.label()} overrides={len(self.overrides)}>"

    # Day questions ------------------------------------------------------------------------------

    def _package(self, year: int) -> PackageYear:
        return package_year(year) if self.use_package else PackageYear({}, {})

    def day_status(self, day: date) -> tuple[bool, DayName | None]:
        """(is it a working day, the name that explains it: holiday, swap, override, or weekend)."""
        override = self.overrides.get(day)
        if override is not None:
            return (not override.day_off, override.name)
        package = self._package(check_year(day.year))
        name = package.days_off.get(day)
        if name is not None:
            return (False, name)
        name = package.working_days.get(day)
        if name is not None:
            return (True, name)
        weekday = day.weekday()
        if weekday in self.weekend:
            return (False, SATURDAY if weekday == 5 else SUNDAY)
        return (True, None)

    def is_working_day(self, day: date) -> bool:
        index = self.year(day.year)
        i = day.toordinal() - index.first_ordinal
        return index.before[i + 1] > index.before[i]

    def year(self, year: int) -> YearIndex:
        index = self._years.get(year)
        if index is None:
            check_year(year)
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            index = YearIndex(year, (self.day_status(first + timedelta(days=i))[0] for i in range(days)))
            self._years[year] = index
        return index

    def days_off(self, year: int) -> list[tuple[date, DayName]]:
        """The named days off of `year` (holidays, observed and swapped days off, overrides), by date.

        Ordinary Saturdays and Sundays are not listed; a holiday that falls on one is.
        """
        package = self._package(check_year(year))
        days = dict(package.days_off)
        for day in package.working_days:
            days.pop(day, None)
        for day, override in self.overrides.items():
            if day.year != year:
                continue
            if override.day_off:
                days[day] = override.name
            else:
                days.pop(day, None)
        return sorted(days.items())

    def working_days(self, year: int) -> list[tuple[date, DayName]]:
        """The Saturdays and Sundays of `year` worked by swap (package or override), by date."""
        package = self._package(check_year(year))
        days = {d: n for d, n in package.working_days.items() if d.weekday() in self.weekend}
        for day, override in self.overrides.items():
            if day.year != year:
                continue
            if override.day_off:
                days.pop(day, None)
            elif day.weekday() in self.weekend:
                days[day] = override.name
        return sorted(days.items())
