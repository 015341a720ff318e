"""The calendar page per year (with a province's corrections) and the deadline calculator."""

from __future__ import annotations

import calendar as stdcalendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from motcua.core.errors import DomainError
from motcua.core.permissions import public
from motcua.geo.models import Province
from motcua.workdays import selectors
from motcua.workdays.api import parse_moment
from motcua.workdays.calendars import MAX_YEAR, MIN_YEAR
from motcua.workdays.choices import TimeUnit


@dataclass
class Cell:
    day: date
    in_month: bool
    working: bool
    weekend: bool
    name: str


def _months(view: selectors.CalendarYear, language: str) -> list[dict[str, Any]]:
    cal = view.calendar
    named = {d.date: d.name for d in view.days_off} | {d.date: d.name for d in view.working_days}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdcalendar.Calendar(firstweekday=0).monthdatescalendar(view.year, month):
            weeks.append(
                [
                    Cell(
                        day=d,
                        in_month=d.month == month,
                        working=cal.is_working_day(d) if d.year == view.year else False,
                        weekend=d.weekday() >= 5,
                        name=named.get(d, ""),
                    )
                    for d in week
                ]
            )
        months.append({"month": month, "weeks": weeks})
    return months


@public("published days off and working Saturdays")
def calendar_page(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    province = request.GET.get("province", "").strip() or None
    error = ""
    try:
        view = selectors.calendar_year(year=year, province=province, language=get_language())
    except DomainError as exc:
        error = str(exc.message)
        view = selectors.calendar_year(year=min(max(year, MIN_YEAR), MAX_YEAR), province=None, language=get_language())
        province = None
    context = {
        "view": view,
        "year": view.year,
        "province_code": province or "",
        "provinces": Province.objects.order_by("name"),
        "months": _months(view, get_language() or "vi"),
        "error": error,
        "prev_year": view.year - 1 if view.year > MIN_YEAR else None,
        "next_year": view.year + 1 if view.year < MAX_YEAR else None,
        "units": TimeUnit.choices,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "params": {"start": "", "amount": "", "unit": TimeUnit.WORKING_DAYS, "province": province or ""},
        "overrides": list(selectors.override_list(province=province, year=view.year)) if not error else [],
    }
    return render(request, "workdays/calendar.html", context, status=422 if error else 200)


@public("deadline arithmetic on the published calendar")
def deadline_page(request: HttpRequest) -> HttpResponse:
    """The calculator: the due time and the skipped days, as a fragment for htmx or a full page."""
    params = {k: request.GET.get(k, "").strip() for k in ("start", "amount", "unit", "province")}
    result = None
    error = ""
    if params["start"] and params["amount"]:
        try:
            result = selectors.deadline_compute(
                start=parse_moment(params["start"]),
                amount=params["amount"],
                unit=params["unit"] or TimeUnit.WORKING_DAYS,
                province=params["province"] or None,
            )
        except DomainError as exc:
            error = str(exc.message)
    language = get_language()
    context = {
        "params": params,
        "result": result,
        "skipped": [(s.date, s.reason.text(language)) for s in result.skipped] if result else [],
        "error": error,
        "units": TimeUnit.choices,
        "provinces": Province.objects.order_by("name"),
        "province_code": params["province"],
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    template = "workdays/_deadline.html" if request.htmx else "workdays/deadline.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=422 if error else 200)
