"""Calendar API: the year, deadlines, overrides and office hours, with jurisdiction."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from motcua.org.choices import AgencyKind
from motcua.org.models import Agency, User
from motcua.workdays.models import CalendarOverride, OfficeHours

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **params: str) -> Any:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return client.get(f"{url}?{query}" if query else url, HTTP_ACCEPT_LANGUAGE="vi")


def test_it_lists_the_days_off_and_the_swapped_saturday_of_2025(api_client: Client) -> None:
    """RULES.md §5: 2025 has 2/5 off, Saturday 26/4 worked."""
    body = get(api_client, "/api/v1/calendar/2025").json()
    assert set(body) >= {"days_off", "working_days"}
    days_off = {d["date"]: d["name"] for d in body["days_off"]}
    assert set(body["days_off"][0]) == {"date", "name"}
    assert "2025-05-02" in days_off
    assert days_off["2025-01-29"] == "Tết Nguyên Đán"
    assert {"2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02"} <= set(days_off)
    assert [d["date"] for d in body["working_days"]] == ["2025-04-26"]


def test_it_lists_2026_with_culture_day_and_the_august_swap(api_client: Client) -> None:
    body = get(api_client, "/api/v1/calendar/2026").json()
    days_off = {d["date"] for d in body["days_off"]}
    assert {"2026-02-16", "2026-02-20", "2026-08-31", "2026-09-01", "2026-09-02", "2026-11-24"} <= days_off
    assert [d["date"] for d in body["working_days"]] == ["2026-08-22"]


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        ("2026-02-13T16:59:00+07:00", "1", "working_days", "2026-02-23T16:59:00+07:00"),
        ("2026-02-13T17:01:00+07:00", "1", "working_days", "2026-02-23T17:00:00+07:00"),
        ("2026-02-15T10:00:00+07:00", "1", "working_days", "2026-02-23T17:00:00+07:00"),
        ("2026-02-11T09:00", "5", "working_days", "2026-02-25T09:00:00+07:00"),
        ("2026-02-13T09:00:00Z", "0.5", "working_days", "2026-02-23T10:30:00+07:00"),
        ("2026-02-13T16:00:00+07:00", "8", "working_hours", "2026-02-23T16:00:00+07:00"),
        ("2025-04-25T10:00:00+07:00", "1", "working_days", "2025-04-26T10:00:00+07:00"),
        ("2026-08-28T09:00:00+07:00", "1", "working_days", "2026-09-03T09:00:00+07:00"),
        ("2026-11-23T09:00:00+07:00", "1", "working_days", "2026-11-25T09:00:00+07:00"),
    ],
)
def test_it_answers_the_table_of_deadlines(api_client: Client, start: str, amount: str, unit: str, due: str) -> None:
    response = get(api_client, "/api/v1/calendar/deadline", start=start, amount=amount, unit=unit)
    assert response.status_code == 200, response.content
    assert response.json()["due_at"] == due


def test_it_explains_the_skipped_days_across_tet_2026(api_client: Client) -> None:
    body = get(api_client, "/api/v1/calendar/deadline", start="2026-02-13T17:01:00+07:00", amount="1").json()
    assert body["due_at"] == "2026-02-23T17:00:00+07:00"
    assert body["counted_from"] == "2026-02-23T07:30:00+07:00"
    assert [s["date"] for s in body["skipped"]] == [f"2026-02-{d}" for d in range(14, 23)]
    assert body["skipped"][0] == {"date": "2026-02-14", "reason": "Thứ Bảy"}
    assert body["skipped"][3]["reason"] == "Tết Nguyên Đán"


def test_it_repairs_a_plus_sign_turned_into_a_space(api_client: Client) -> None:
    """`?start=...+07:00` unencoded arrives as a space; it still means +07:00."""
    response = api_client.get("/api/v1/calendar/deadline?start=2026-02-13T16:59:00+07:00&amount=1")
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-02-23T16:59:00+07:00"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"start": "2026-02-13T09:00", "amount": "-1"}, 422, "workdays_negative_amount"),
        ({"start": "2026-02-13T09:00", "amount": "abc"}, 422, "workdays_invalid_amount"),
        ({"start": "not a date", "amount": "1"}, 422, "workdays_invalid_start"),
        ({"start": "2026-02-13T09:00", "amount": "1", "unit": "weeks"}, 422, "validation_error"),
        ({"start": "2026-02-13T09:00", "amount": "1", "province": "99"}, 422, "workdays_unknown_province"),
        ({"start": "2026-02-13T09:00"}, 422, "validation_error"),
        ({"start": "2026-02-13T09:00", "amount": "100000"}, 422, "workdays_amount_too_large"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(
    api_client: Client, params: dict[str, str], status: int, code: str
) -> None:
    response = get(api_client, "/api/v1/calendar/deadline", **params)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_it_refuses_a_year_out_of_range(api_client: Client) -> None:
    response = get(api_client, "/api/v1/calendar/1800")
    assert response.status_code == 422
    assert response.json()["code"] == "workdays_year_out_of_range"


def post_override(client: Client, **body: Any) -> Any:
    return client.post("/api/v1/calendar/overrides", body, content_type="application/json")


def test_a_province_admin_adds_a_day_off_for_their_province_only(api_client: Client, personas: Any) -> None:
    """Thanh Hóa (38) gives Friday 13/3/2026 off; Hưng Yên's deadlines do not move."""
    api_client.force_login(personas.province_admin)
    response = post_override(
        api_client,
        date="2026-03-13",
        kind="day_off",
        name="Nghỉ theo quyết định của tỉnh",
        province="38",
        legal_basis="Quyết định 1/QĐ-UBND",
    )
    assert response.status_code == 201, response.content
    assert response.json()["province"] == "38"
    override = CalendarOverride.objects.get(pk=response.json()["id"])
    assert override.created_by == personas.province_admin
    thanh_hoa = get(api_client, "/api/v1/calendar/deadline", start="2026-03-12T10:00", amount="1", province="38").json()
    hung_yen = get(api_client, "/api/v1/calendar/deadline", start="2026-03-12T10:00", amount="1", province="33").json()
    assert thanh_hoa["due_at"] == "2026-03-16T10:00:00+07:00"
    assert {"date": "2026-03-13", "reason": "Nghỉ theo quyết định của tỉnh"} in thanh_hoa["skipped"]
    assert hung_yen["due_at"] == "2026-03-13T10:00:00+07:00"
    year = get(api_client, "/api/v1/calendar/2026", province="38").json()
    assert {"date": "2026-03-13", "name": "Nghỉ theo quyết định của tỉnh"} in year["days_off"]
    assert not any(d["date"] == "2026-03-13" for d in get(api_client, "/api/v1/calendar/2026").json()["days_off"])


def test_a_province_admin_cannot_touch_another_province_or_the_nation(api_client: Client, personas: Any) -> None:
    api_client.force_login(personas.province_admin)
    for province in ("33", None):
        response = post_override(api_client, date="2026-03-13", kind="day_off", name="Nghỉ", province=province)
        assert response.status_code == 403
        assert response.json()["code"] == "workdays_forbidden"
    assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize("who", ["specialist", "counter_commune", "citizen", "outsider", "supervisor"])
def test_other_personas_cannot_change_the_calendar(api_client: Client, personas: Any, who: str) -> None:
    api_client.force_login(getattr(personas, who))
    response = post_override(api_client, date="2026-03-13", kind="day_off", name="Nghỉ", province="38")
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_anonymous_users_must_sign_in_to_change_the_calendar(api_client: Client) -> None:
    response = post_override(api_client, date="2026-03-13", kind="day_off", name="Nghỉ", province="38")
    assert response.status_code == 401


def test_a_system_admin_corrects_the_nation_and_withdraws_it(api_client: Client) -> None:
    """A swapped Saturday decided after the package was released, then withdrawn."""
    admin = User.objects.create_superuser(username="root.workdays", password="x")
    api_client.force_login(admin)
    response = post_override(
        api_client, date="2026-12-26", kind="working_day", name="Làm việc bù", name_en="Swapped working day"
    )
    assert response.status_code == 201
    override_id = response.json()["id"]
    assert {"date": "2026-12-26", "name": "Làm việc bù"} in get(api_client, "/api/v1/calendar/2026").json()[
        "working_days"
    ]
    again = post_override(api_client, date="2026-12-26", kind="day_off", name="Nghỉ")
    assert again.status_code == 409
    assert api_client.delete(f"/api/v1/calendar/overrides/{override_id}").status_code == 204
    assert get(api_client, "/api/v1/calendar/2026").json()["working_days"] == [
        {"date": "2026-08-22", "name": "Làm việc bù cho ngày nghỉ 31/08/2026"}
    ]
    kept = CalendarOverride.objects.get(pk=override_id)
    assert kept.removed_at is not None and kept.removed_by == admin
    listed = get(api_client, "/api/v1/calendar/overrides", year="2026", include_removed="true").json()
    assert listed["count"] == 1 and listed["items"][0]["removed_at"]
    assert api_client.delete(f"/api/v1/calendar/overrides/{override_id}").status_code == 404


def test_it_refuses_overrides_that_change_nothing(api_client: Client, personas: Any) -> None:
    api_client.force_login(personas.province_admin)
    sunday = post_override(api_client, date="2026-03-15", kind="day_off", name="Nghỉ", province="38")
    assert sunday.status_code == 422 and sunday.json()["code"] == "workdays_already_day_off"
    monday = post_override(api_client, date="2026-03-16", kind="working_day", name="Làm", province="38")
    assert monday.status_code == 422 and monday.json()["code"] == "workdays_already_working_day"
    blank = post_override(api_client, date="2026-03-16", kind="day_off", name="  ", province="38")
    assert blank.status_code == 422 and blank.json()["code"] == "workdays_name_required"


def test_a_province_admin_cannot_withdraw_another_provinces_override(api_client: Client, personas: Any) -> None:
    other = CalendarOverride.objects.create(
        date="2026-03-13",
        province_id=Agency.objects.filter(province__code="33").values_list("province_id", flat=True).first(),
        kind="day_off",
        name="Nghỉ",
    )
    api_client.force_login(personas.province_admin)
    assert api_client.delete(f"/api/v1/calendar/overrides/{other.pk}").status_code == 404
    other.refresh_from_db()
    assert other.removed_at is None


def test_office_hours_default_and_per_agency(api_client: Client, personas: Any) -> None:
    """An agency's hours apply to its deadlines; the default is 07:30–11:30, 13:00–17:00."""
    default = get(api_client, "/api/v1/calendar/office-hours").json()
    assert default["sessions"] == [["07:30", "11:30"], ["13:00", "17:00"]]
    assert default["hours_per_day"] == "8" or float(default["hours_per_day"]) == 8
    centre = Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province__code="38")
    api_client.force_login(personas.province_admin)
    response = api_client.put(
        f"/api/v1/calendar/office-hours?agency={centre.identifier}",
        {"morning_start": "08:00", "morning_end": "12:00", "afternoon_start": "13:30", "afternoon_end": "17:30"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["agency"] == centre.identifier
    due = get(
        api_client, "/api/v1/calendar/deadline", start="2026-03-09T17:20", amount="0.25", agency=centre.identifier
    )
    assert due.json()["due_at"] == "2026-03-10T09:50:00+07:00"
    other = Agency.objects.get(kind=AgencyKind.PROVINCE_CENTRE, province__code="33")
    refused = api_client.put(
        f"/api/v1/calendar/office-hours?agency={other.identifier}",
        {"morning_start": "08:00", "morning_end": "12:00", "afternoon_start": "13:30", "afternoon_end": "17:30"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    bad = api_client.put(
        f"/api/v1/calendar/office-hours?agency={centre.identifier}",
        {"morning_start": "12:00", "morning_end": "08:00", "afternoon_start": "13:30", "afternoon_end": "17:30"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "workdays_invalid_office_hours"
    assert OfficeHours.objects.filter(agency=centre).get().morning_start.hour == 8


def test_it_makes_the_default_office_hours_a_reference_step_that_runs_twice(db: Any) -> None:
    from motcua.workdays.loaders import load_default_office_hours

    assert OfficeHours.objects.filter(agency__isnull=True).count() == 1
    assert not load_default_office_hours().changed
    assert OfficeHours.objects.filter(agency__isnull=True).count() == 1


def test_it_names_the_days_in_english_when_asked(api_client: Client) -> None:
    body = api_client.get("/api/v1/calendar/2025", HTTP_ACCEPT_LANGUAGE="en").json()
    days_off = {d["date"]: d["name"] for d in body["days_off"]}
    assert days_off["2025-01-29"] == "Lunar New Year"
    assert body["working_days"] == [
        {"date": "2025-04-26", "name": "Working day in exchange for the day off on 02/05/2025"}
    ]
    skipped = api_client.get(
        "/api/v1/calendar/deadline?start=2025-01-24T17:01&amount=1", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["skipped"]
    assert skipped[0] == {"date": "2025-01-25", "reason": "Saturday"}
