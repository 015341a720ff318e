"""The calendar of a province or agency: precedence of overrides, inherited office hours, query count."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from motcua.geo.models import Province
from motcua.org.choices import AgencyKind
from motcua.org.models import Agency
from motcua.workdays import selectors
from motcua.workdays.models import CalendarOverride, OfficeHours

pytestmark = pytest.mark.django_db


def test_a_provinces_override_wins_over_a_nationwide_one() -> None:
    """Nationwide: Friday 13/3/2026 off; Thanh Hóa keeps it a working day."""
    thanh_hoa = Province.objects.get(code="38")
    CalendarOverride.objects.create(date=date(2026, 3, 13), kind="day_off", name="Nghỉ toàn quốc")
    CalendarOverride.objects.create(date=date(2026, 3, 13), province=thanh_hoa, kind="working_day", name="Làm việc")
    assert not selectors.calendar_for().is_working_day(date(2026, 3, 13))
    assert not selectors.calendar_for(province="33").is_working_day(date(2026, 3, 13))
    assert selectors.calendar_for(province="38").is_working_day(date(2026, 3, 13))


def test_a_withdrawn_override_no_longer_counts() -> None:
    from django.utils import timezone

    CalendarOverride.objects.create(date=date(2026, 3, 13), kind="day_off", name="Nghỉ", removed_at=timezone.now())
    assert selectors.calendar_for().is_working_day(date(2026, 3, 13))


def test_office_hours_are_inherited_from_the_parent_agency() -> None:
    """Hours set on the provincial People's Committee apply to its centre and departments."""
    pc = Agency.objects.get(kind=AgencyKind.PROVINCE_PC, province__code="38")
    centre = Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province__code="38")
    OfficeHours.objects.create(
        agency=pc,
        morning_start=time(7, 0),
        morning_end=time(11, 0),
        afternoon_start=time(13, 30),
        afternoon_end=time(17, 30),
    )
    assert selectors.office_hours_for(centre).opens == time(7, 0)
    commune_centre = Agency.objects.get(
        kind=AgencyKind.COMMUNE_CENTRE, province__code="38", commune__name="Phường Hạc Thành"
    )
    assert selectors.office_hours_for(commune_centre).opens == time(7, 0)  # from its grandparent, the province PC
    commune_pc = commune_centre.parent
    OfficeHours.objects.create(
        agency=commune_pc,
        morning_start=time(8, 0),
        morning_end=time(12, 0),
        afternoon_start=time(13, 0),
        afternoon_end=time(17, 0),
    )
    assert selectors.office_hours_for(commune_centre).opens == time(8, 0)  # the nearer parent wins
    assert selectors.office_hours_for(
        Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province__code="33")
    ).opens == time(7, 30)


def test_it_reads_a_calendar_in_three_queries_and_reuses_the_built_object(django_assert_num_queries: Any) -> None:
    """Province, overrides, office hours: no query per deadline, and one calendar object per content."""
    first = selectors.calendar_for(province="38")
    with django_assert_num_queries(3):
        second = selectors.calendar_for(province="38")
    assert first is second
    CalendarOverride.objects.create(date=date(2026, 3, 13), kind="day_off", name="Nghỉ")
    assert selectors.calendar_for(province="38") is not first
    centre = Agency.objects.get(kind=AgencyKind.COMMUNE_CENTRE, province__code="38", commune__name="Phường Hạc Thành")
    with django_assert_num_queries(2):
        selectors.calendar_for(agency=centre)


def test_the_admin_pages_load_for_a_system_admin(client: Any) -> None:
    from motcua.org.models import User

    admin = User.objects.create_superuser(username="root.admin.workdays", password="x")
    client.force_login(admin)
    CalendarOverride.objects.create(date=date(2026, 3, 13), kind="day_off", name="Nghỉ")
    for url in (
        "/vi/admin/workdays/calendaroverride/",
        "/vi/admin/workdays/calendaroverride/add/",
        "/vi/admin/workdays/officehours/",
    ):
        assert client.get(url).status_code == 200
    override = CalendarOverride.objects.get()
    response = client.post(
        "/vi/admin/workdays/calendaroverride/", {"action": "withdraw", "_selected_action": [override.pk]}
    )
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.removed_at is not None and override.removed_by == admin


def test_the_command_explains_a_deadline_and_a_year() -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("workdays", "deadline", "--start", "2026-02-13T17:01", "--amount", "1", stdout=out)
    assert "due at:       2026-02-23T17:00:00+07:00" in out.getvalue()
    out = StringIO()
    call_command("workdays", "year", "2026", "--province", "38", stdout=out)
    assert "2026-08-22 Sat" in out.getvalue()
    with pytest.raises(CommandError, match=r"âm|negative"):
        call_command("workdays", "deadline", "--start", "2026-02-13T09:00", "--amount", "-1", stdout=StringIO())


def test_the_admin_form_checks_like_the_api(client: Any, personas: Any) -> None:
    """A province admin with admin access cannot add a nationwide day, nor a day off that is already off."""
    admin_user = personas.province_admin
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    admin_user.user_permissions.add(*Permission.objects.filter(content_type__app_label="workdays"))
    client.force_login(admin_user)
    thanh_hoa = Province.objects.get(code="38")
    base = {"date": "2026-03-13", "kind": "day_off", "name": "Nghỉ", "name_en": "", "legal_basis": ""}
    nationwide = client.post("/vi/admin/workdays/calendaroverride/add/", {**base, "province": ""})
    assert nationwide.status_code == 200 and not CalendarOverride.objects.exists()
    sunday = client.post(
        "/vi/admin/workdays/calendaroverride/add/", {**base, "date": "2026-03-15", "province": thanh_hoa.pk}
    )
    assert sunday.status_code == 200 and "đã là ngày nghỉ" in sunday.content.decode()
    ok = client.post("/vi/admin/workdays/calendaroverride/add/", {**base, "province": thanh_hoa.pk})
    assert ok.status_code == 302
    assert CalendarOverride.objects.get().created_by == admin_user
