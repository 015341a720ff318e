"""Reads of the calendar: the `WorkCalendar` of a province or agency, year views, overrides, deadlines.

`calendar_for()` is what every other app calls before doing deadline arithmetic. It costs one
query for the overrides (nationwide + the province's) and one for the office hours; the
calendar object built from them is cached in-process under their exact content, so a change by
an administrator takes effect at the next call in every process, with no invalidation step.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.geo.models import Province
from motcua.org.models import Agency
from motcua.workdays import rules
from motcua.workdays.calendars import (
    DEFAULT_OFFICE_HOURS,
    VN_TZ,
    DayName,
    DayOverride,
    OfficeHours,
    WorkCalendar,
    check_year,
)
from motcua.workdays.choices import OverrideKind
from motcua.workdays.errors import CalendarError
from motcua.workdays.models import CalendarOverride
from motcua.workdays.models import OfficeHours as OfficeHoursRow

_CACHE_SIZE = 256
_cache: OrderedDict[tuple[Any, ...], WorkCalendar] = OrderedDict()
_cache_lock = threading.Lock()


def province_by_code(code: str | None) -> Province | None:
    """The province of a 2-digit code; None for None/""; a clear 422 for an unknown code."""
    if not code:
        return None
    province = Province.objects.filter(code=code.strip()).first()
    if province is None:
        raise CalendarError(
            _("Không có tỉnh, thành phố mã %(code)s.") % {"code": code},
            code="workdays_unknown_province",
            errors=[{"field": "province", "message": _("Mã tỉnh không tồn tại.")}],
        )
    return province


def agency_by_identifier(identifier: str | None) -> Agency | None:
    if not identifier:
        return None
    agency = Agency.objects.filter(identifier=identifier.strip()).first()
    if agency is None:
        raise CalendarError(
            _("Không có cơ quan mã định danh %(code)s.") % {"code": identifier},
            code="workdays_unknown_agency",
            errors=[{"field": "agency", "message": _("Mã định danh cơ quan không tồn tại.")}],
        )
    return agency


def _hours_of(row: OfficeHoursRow) -> OfficeHours:
    return OfficeHours(((row.morning_start, row.morning_end), (row.afternoon_start, row.afternoon_end)))


def office_hours_row_for(agency: Agency | None) -> OfficeHoursRow | None:
    """The row that applies to `agency`: its own, its parent's, its grandparent's, or the default.

    One query whatever the depth (agencies are at most three deep below a root).
    """
    query = Q(agency__isnull=True)
    if agency is not None:
        query |= Q(agency_id=agency.pk)
        if agency.parent_id:
            query |= Q(agency_id=agency.parent_id)
            query |= Q(agency_id__in=Agency.objects.filter(pk=agency.parent_id).values("parent_id"))
    rows = {row.agency_id: row for row in OfficeHoursRow.objects.filter(query)}
    if agency is not None:
        for pk in (agency.pk, agency.parent_id):
            if pk is not None and pk in rows:
                return rows[pk]
        grandparent = [row for pk, row in rows.items() if pk is not None]
        if grandparent:
            return grandparent[0]
    return rows.get(None)


def office_hours_for(agency: Agency | None) -> OfficeHours:
    row = office_hours_row_for(agency)
    return _hours_of(row) if row is not None else DEFAULT_OFFICE_HOURS


def calendar_for(*, province: Province | str | None = None, agency: Agency | None = None) -> WorkCalendar:
    """The calendar of `agency` (its province's days and its office hours) or of `province`, or nationwide.

    Pass a Province or its code; with an agency, its province is used.
    """
    if agency is not None:
        province_id = agency.province_id
    elif isinstance(province, str):
        found = province_by_code(province)
        province_id = found.pk if found else None
    else:
        province_id = province.pk if province is not None else None
    rows = (
        CalendarOverride.objects.active()
        .filter(Q(province__isnull=True) | Q(province_id=province_id) if province_id else Q(province__isnull=True))
        .values_list("date", "province_id", "kind", "name", "name_en")
        .order_by("date", "province_id")
    )
    national: dict[date, DayOverride] = {}
    local: dict[date, DayOverride] = {}
    for day, pid, kind, name, name_en in rows:
        (local if pid else national)[day] = DayOverride(kind == OverrideKind.DAY_OFF, DayName(name, name_en or name))
    overrides = {**national, **local}
    hours = office_hours_for(agency) if agency is not None else office_hours_for(None)
    key = (province_id, hours.sessions, tuple(sorted(overrides.items())))
    with _cache_lock:
        calendar = _cache.get(key)
        if calendar is not None:
            _cache.move_to_end(key)
            return calendar
    calendar = WorkCalendar(office_hours=hours, overrides=overrides, label=f"province={province_id or '-'}")
    with _cache_lock:
        _cache[key] = calendar
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return calendar


@dataclass(frozen=True)
class NamedDay:
    date: date
    name: str


@dataclass(frozen=True)
class CalendarYear:
    """A year as the API and the page show it."""

    year: int
    province: Province | None
    office_hours: OfficeHours
    days_off: list[NamedDay]
    working_days: list[NamedDay]
    calendar: WorkCalendar


def calendar_year(*, year: int, province: str | None = None, language: str | None = None) -> CalendarYear:
    """The named days off and the weekend days worked by swap in `year`, for a province or nationwide."""
    check_year(year)
    found = province_by_code(province)
    calendar = calendar_for(province=found)
    return CalendarYear(
        year=year,
        province=found,
        office_hours=calendar.office_hours,
        days_off=[NamedDay(d, n.text(language)) for d, n in calendar.days_off(year)],
        working_days=[NamedDay(d, n.text(language)) for d, n in calendar.working_days(year)],
        calendar=calendar,
    )


def deadline_compute(
    *,
    start: datetime,
    amount: Decimal | int | float | str,
    unit: str,
    province: str | None = None,
    agency: str | None = None,
) -> rules.Deadline:
    """The due time of `amount` `unit` from `start` in a province (or an agency's) calendar.

    A `start` without a time zone is read on the legal clock (Asia/Ho_Chi_Minh).
    """
    if start.tzinfo is None:
        start = start.replace(tzinfo=VN_TZ)
    found_agency = agency_by_identifier(agency)
    if found_agency is not None:
        calendar = calendar_for(agency=found_agency)
    else:
        calendar = calendar_for(province=province_by_code(province))
    return rules.deadline(calendar, start, amount, unit)


def override_list(
    *, province: str | None = None, year: int | None = None, include_removed: bool = False
) -> QuerySet[CalendarOverride]:
    """Overrides (public: they change published days off); `province` includes the nationwide ones."""
    query = CalendarOverride.objects.select_related("province")
    if not include_removed:
        query = query.active()
    if province:
        found = province_by_code(province)
        query = query.filter(Q(province__isnull=True) | Q(province=found))
    if year is not None:
        check_year(year)
        query = query.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    return query.order_by("date", "pk")
