"""Writes of the calendar: add and remove overrides, set office hours. One transaction each."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import Conflict, NotFound
from motcua.geo.models import Province
from motcua.workdays import access, selectors
from motcua.workdays.calendars import OfficeHours, check_year
from motcua.workdays.choices import OverrideKind
from motcua.workdays.errors import CalendarError
from motcua.workdays.models import CalendarOverride
from motcua.workdays.models import OfficeHours as OfficeHoursRow


class CalendarForbidden(CalendarError):
    status = 403
    code = "workdays_forbidden"


def override_check(*, day: date, kind: str, name: str, province: Province | None) -> str:
    """Validate a new override (shared by the API and the admin form); returns the cleaned name."""
    check_year(day.year)
    if kind not in OverrideKind.values:
        raise CalendarError(_("Loại điều chỉnh phải là day_off hoặc working_day."), code="workdays_invalid_kind")
    name = name.strip()
    if not name:
        raise CalendarError(
            _("Cần ghi tên ngày (ví dụ: Nghỉ bù, Làm việc bù)."),
            code="workdays_name_required",
            errors=[{"field": "name", "message": _("Bắt buộc.")}],
        )
    # The override must change something in the calendar it lands on.
    working_now = selectors.calendar_for(province=province).is_working_day(day)
    if kind == OverrideKind.DAY_OFF and not working_now:
        raise CalendarError(
            _("Ngày %(d)s đã là ngày nghỉ.") % {"d": f"{day:%d/%m/%Y}"}, code="workdays_already_day_off"
        )
    if kind == OverrideKind.WORKING_DAY and working_now:
        raise CalendarError(
            _("Ngày %(d)s đã là ngày làm việc.") % {"d": f"{day:%d/%m/%Y}"}, code="workdays_already_working_day"
        )
    return name


@transaction.atomic
def calendar_override_add(
    *,
    acting_user: Any,
    day: date,
    kind: str,
    name: str,
    province: str | None = None,
    name_en: str = "",
    legal_basis: str = "",
) -> CalendarOverride:
    """Make `day` a day off or a working day, nationwide (no province) or in one province."""
    check_year(day.year)
    found = selectors.province_by_code(province)
    if not access.can_manage_calendar(acting_user, found.pk if found else None):
        raise CalendarForbidden(
            _("Chỉ quản trị hệ thống, hoặc quản trị cấp tỉnh với tỉnh của mình, được điều chỉnh lịch làm việc.")
        )
    name = override_check(day=day, kind=kind, name=name, province=found)
    if CalendarOverride.objects.active().filter(date=day, province=found).exists():
        raise Conflict(
            _("Ngày %(d)s đã có một điều chỉnh; gỡ điều chỉnh đó trước.") % {"d": f"{day:%d/%m/%Y}"},
            code="workdays_override_exists",
        )
    try:
        with transaction.atomic():
            return CalendarOverride.objects.create(
                date=day,
                province=found,
                kind=kind,
                name=name[:200],
                name_en=name_en.strip()[:200],
                legal_basis=legal_basis.strip()[:255],
                created_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
    except IntegrityError:  # a concurrent request added the same day first
        raise Conflict(
            _("Ngày %(d)s đã có một điều chỉnh; gỡ điều chỉnh đó trước.") % {"d": f"{day:%d/%m/%Y}"},
            code="workdays_override_exists",
        ) from None


@transaction.atomic
def calendar_override_remove(*, acting_user: Any, override_id: int) -> CalendarOverride:
    """Withdraw an override (kept on record as removed); the day goes back to what it was."""
    override = (
        CalendarOverride.objects.select_for_update(no_key=True)
        .filter(pk=override_id, removed_at__isnull=True)
        .order_by()  # the default ordering joins the province, which cannot be locked
        .first()
    )
    if override is None or not access.can_manage_calendar(acting_user, override.province_id):
        # Missing and outside one's jurisdiction look the same.
        raise NotFound(_("Không tìm thấy điều chỉnh lịch này."))
    override.removed_at = timezone.now()
    override.removed_by = acting_user if getattr(acting_user, "pk", None) else None
    override.save(update_fields=["removed_at", "removed_by"])
    return override


@transaction.atomic
def office_hours_set(
    *,
    acting_user: Any,
    agency: str | None,
    morning_start: time,
    morning_end: time,
    afternoon_start: time,
    afternoon_end: time,
) -> OfficeHoursRow:
    """Set the office hours of an agency (by identifier), or the nationwide default (`agency=None`)."""
    found = selectors.agency_by_identifier(agency)
    if not access.can_manage_office_hours(acting_user, found):
        raise CalendarForbidden(_("Bạn không có quyền đặt giờ làm việc của cơ quan này."))
    OfficeHours(((morning_start, morning_end), (afternoon_start, afternoon_end)))  # validates, raises CalendarError
    row = OfficeHoursRow.objects.select_for_update(no_key=True).filter(agency=found).first()
    if row is None:
        row = OfficeHoursRow(agency=found)
    row.morning_start, row.morning_end = morning_start, morning_end
    row.afternoon_start, row.afternoon_end = afternoon_start, afternoon_end
    row.updated_at = timezone.now()
    row.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    row.save()
    return row
