"""Calendar endpoints: a year's days off and swapped working days, deadlines, overrides, office hours.

Reading is public reference data; changing overrides and office hours needs a staff login
(province administrators for their province, system administrators everywhere).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from motcua.core.apiauth import staff_auth
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.workdays import actions, selectors
from motcua.workdays.choices import OverrideKind, TimeUnit
from motcua.workdays.errors import CalendarError

router = Router(tags=["workdays"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NamedDayOut(Schema):
    date: date
    name: str


class CalendarYearOut(Schema):
    year: int
    province: str | None = Field(None, description="Mã tỉnh (2 chữ số), hoặc null: lịch toàn quốc")
    days_off: list[NamedDayOut]
    working_days: list[NamedDayOut] = Field(description="Thứ Bảy, Chủ nhật làm việc bù (hoán đổi ngày làm việc)")


class DeadlineQuery(Schema):
    start: str = Field(description="Thời điểm tiếp nhận, ISO 8601 (không có múi giờ: giờ Việt Nam)")
    amount: str = Field(description="Thời hạn, ví dụ 5, 0.5, 0.25")
    unit: TimeUnit = TimeUnit.WORKING_DAYS
    province: str | None = Field(None, description="Mã tỉnh: áp dụng điều chỉnh lịch của tỉnh")
    agency: str | None = Field(None, description="Mã định danh cơ quan: áp dụng giờ làm việc của cơ quan")


class SkippedOut(Schema):
    date: date
    reason: str


class DeadlineOut(Schema):
    due_at: str = Field(description="Hạn, ISO 8601 với +07:00")
    counted_from: str = Field(description="Thời điểm bắt đầu tính (giờ làm việc kế tiếp nếu nhận ngoài giờ)")
    skipped: list[SkippedOut]


_ISO_OFFSET_AS_SPACE = re.compile(r"^(.*T?\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def parse_moment(raw: str) -> datetime:
    """ISO 8601; a '+' that a query string turned into a space is put back."""
    text = raw.strip()
    match = _ISO_OFFSET_AS_SPACE.match(text)
    if match:
        text = f"{match.group(1)}+{match.group(2)}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise CalendarError(
            _("Thời điểm bắt đầu không đúng định dạng ISO 8601 (ví dụ 2026-02-13T16:59:00+07:00)."),
            code="workdays_invalid_start",
            errors=[{"field": "start", "message": _("Sai định dạng.")}],
        ) from None


@router.get(
    "/calendar/deadline",
    response={200: DeadlineOut, **ERRORS},
    auth=None,
    summary="Due time of N working days or hours from a moment, with the days off it skipped",
)
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> dict[str, Any]:
    result = selectors.deadline_compute(
        start=parse_moment(query.start),
        amount=query.amount,
        unit=query.unit,
        province=query.province,
        agency=query.agency,
    )
    language = get_language()
    return {
        "due_at": result.due_at.isoformat(),
        "counted_from": result.counted_from.isoformat(),
        "skipped": [{"date": s.date, "reason": s.reason.text(language)} for s in result.skipped],
    }


class OverrideOut(Schema):
    id: int
    date: date
    province: str | None
    kind: OverrideKind
    name: str
    name_en: str
    legal_basis: str
    created_at: datetime
    removed_at: datetime | None

    @staticmethod
    def resolve_province(obj: Any) -> str | None:
        return obj.province.code if obj.province_id else None


class OverrideList(Schema):
    items: list[OverrideOut]
    count: int
    next_cursor: str | None = None


class OverrideFilter(Schema):
    province: str | None = None
    year: int | None = None
    include_removed: bool = False
    limit: int = 100
    cursor: str | None = None


class OverrideIn(Schema):
    date: date
    kind: OverrideKind
    name: str = Field(max_length=200)
    name_en: str = Field("", max_length=200)
    province: str | None = Field(None, description="Mã tỉnh; bỏ trống để áp dụng toàn quốc (quản trị hệ thống)")
    legal_basis: str = Field("", max_length=255)


@router.get(
    "/calendar/overrides",
    response={200: OverrideList, **ERRORS},
    auth=None,
    summary="Administrators' corrections of the calendar (nationwide and per province)",
)
def override_list(request: HttpRequest, filters: Query[OverrideFilter]) -> dict[str, Any]:
    query = selectors.override_list(
        province=filters.province, year=filters.year, include_removed=filters.include_removed
    )
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor, keys=("date", "pk"))
    return {"items": page.items, "count": page.count, "next_cursor": page.next_cursor}


@router.post(
    "/calendar/overrides",
    response={201: OverrideOut, 403: ErrorOut, 409: ErrorOut, **ERRORS},
    auth=staff_auth,
    summary="Make a date a day off or a working day (province admin: own province; system admin: any)",
)
def override_add(request: HttpRequest, payload: OverrideIn) -> Status[Any]:
    override = actions.calendar_override_add(
        acting_user=request.user,
        day=payload.date,
        kind=payload.kind,
        name=payload.name,
        name_en=payload.name_en,
        province=payload.province,
        legal_basis=payload.legal_basis,
    )
    return Status(201, override)


@router.delete(
    "/calendar/overrides/{override_id}",
    response={204: None, 403: ErrorOut, **ERRORS},
    auth=staff_auth,
    summary="Withdraw an override (kept on record as removed)",
)
def override_remove(request: HttpRequest, override_id: int) -> HttpResponse:
    actions.calendar_override_remove(acting_user=request.user, override_id=override_id)
    return HttpResponse(status=204)


class OfficeHoursOut(Schema):
    agency: str | None = Field(None, description="Mã định danh cơ quan có giờ làm việc này; null: mặc định")
    sessions: list[list[str]]
    hours_per_day: Decimal


class OfficeHoursIn(Schema):
    morning_start: time
    morning_end: time
    afternoon_start: time
    afternoon_end: time


class OfficeHoursQuery(Schema):
    agency: str | None = None


def _office_hours_out(agency_identifier: str | None) -> dict[str, Any]:
    agency = selectors.agency_by_identifier(agency_identifier)
    row = selectors.office_hours_row_for(agency)
    hours = selectors.office_hours_for(agency)
    return {
        "agency": row.agency.identifier if row is not None and row.agency_id else None,  # type: ignore[union-attr]
        "sessions": [[f"{a:%H:%M}", f"{b:%H:%M}"] for a, b in hours.sessions],
        "hours_per_day": Decimal(hours.day_seconds) / 3600,
    }


@router.get(
    "/calendar/office-hours",
    response={200: OfficeHoursOut, **ERRORS},
    auth=None,
    summary="Office hours that apply to an agency (its own, inherited, or the default)",
)
def office_hours(request: HttpRequest, query: Query[OfficeHoursQuery]) -> dict[str, Any]:
    return _office_hours_out(query.agency)


@router.put(
    "/calendar/office-hours",
    response={200: OfficeHoursOut, 403: ErrorOut, **ERRORS},
    auth=staff_auth,
    summary="Set an agency's office hours (or the default, system admin only)",
)
def office_hours_set(request: HttpRequest, query: Query[OfficeHoursQuery], payload: OfficeHoursIn) -> dict[str, Any]:
    actions.office_hours_set(
        acting_user=request.user,
        agency=query.agency,
        morning_start=payload.morning_start,
        morning_end=payload.morning_end,
        afternoon_start=payload.afternoon_start,
        afternoon_end=payload.afternoon_end,
    )
    return _office_hours_out(query.agency)


class YearQuery(Schema):
    province: str | None = None


@router.get(
    "/calendar/{year}",
    response={200: CalendarYearOut, **ERRORS},
    auth=None,
    summary="Days off and weekend days worked by swap in a year (nationwide or for a province)",
)
def calendar_year(request: HttpRequest, year: int, query: Query[YearQuery]) -> dict[str, Any]:
    view = selectors.calendar_year(year=year, province=query.province, language=get_language())
    return {
        "year": view.year,
        "province": view.province.code if view.province else None,
        "days_off": [{"date": d.date, "name": d.name} for d in view.days_off],
        "working_days": [{"date": d.date, "name": d.name} for d in view.working_days],
    }
